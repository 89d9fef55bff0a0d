// The `coproduce pb` command line: run a rule, check a file, run the conformance corpus.
#pragma once

#include <CLI/CLI.hpp>

namespace coproduce::commission::pb {

// Registers the `pb` subcommand (run, check, conform) on the program's app.
void add_pb_commands(CLI::App& app);

}  // namespace coproduce::commission::pb
