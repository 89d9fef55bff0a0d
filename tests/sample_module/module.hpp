// The sample module (test build only): citizen inspectors' visits to an
// initiative, each recorded with its contribution to the ledger (evaluating).
#pragma once

#include "module/module.hpp"

namespace coproduce::sample {

void load(module::Loader& loader);
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::sample
