// `coproduce pb import` and `coproduce pb results`: participatory budgeting
// processes in the platform's database, from the command line.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "store/database.hpp"

namespace coproduce::commission::process {

// Adds `import` and `results` to the `pb` command. `prepare` loads the
// modules over the opened database and applies their migrations.
void add_process_commands(CLI::App& pb, std::function<void(store::Database&)> prepare);

}  // namespace coproduce::commission::process
