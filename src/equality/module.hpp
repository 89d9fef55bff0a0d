// The equality module: optional, consented equality monitoring. A signed-in
// person answers, changes or withdraws their answers from their account page;
// officers see the organisation's report in aggregate only, never a group of
// fewer than ten people, comparing those who have contributed with everyone
// who answered (whom the organisation reaches and whom it misses).
#pragma once

#include "module/module.hpp"

namespace coproduce::equality {

void load(module::Loader& loader);

// Generated from src/equality/migrations and messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::equality
