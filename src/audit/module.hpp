// The audit module: its table, the permission to read the trail, the trail's
// API route, and the officers' page and CSV download (pages.hpp).
#pragma once

#include "module/module.hpp"

namespace coproduce::audit {

void load(module::Loader& loader);

// Generated from src/audit/migrations and src/audit/messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::audit
