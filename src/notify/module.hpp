// The notify module: the email outbox and its background sender, and
// notifications (a list on the site, the unread count in the header, and
// email according to each person's preferences).
#pragma once

#include "module/module.hpp"

namespace coproduce::notify {

void load(module::Loader& loader);

// Generated from src/notify/migrations and messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::notify
