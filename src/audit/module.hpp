// The audit module: its table, the permission to read the trail, and the
// trail's API route.
#pragma once

#include "module/module.hpp"

namespace coproduce::audit {

void load(module::Loader& loader);

// Generated from src/audit/migrations (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::audit
