// The web module: the page frame's messages, the language switch, the HTML
// error page, and the navigation the frame shows (from every module's entries).
#pragma once

#include "module/module.hpp"

namespace coproduce::web {

void load(module::Loader& loader);

// Generated from src/web/messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::web
