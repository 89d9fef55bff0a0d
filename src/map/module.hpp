// The map module: the co-production map, its contribution ledger and the
// views over it. One registration declares everything it adds.
#pragma once

#include "module/module.hpp"

namespace coproduce::map {

void load(module::Loader& loader);

// Generated from src/map/migrations and messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::map
