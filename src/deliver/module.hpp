// The deliver module: co-delivery. For now its time bank (time credits):
// members offer and ask for help, record the hours they give each other as
// exchanges that the other side confirms, and see their balance, kept as a
// double-entry ledger; confirmed exchanges count on the map as mutual help in
// the delivering phase. See docs/time-credits.md for the rules.
#pragma once

#include "module/module.hpp"

namespace coproduce::deliver {

void load(module::Loader& loader);

// Who uses the time bank, and who runs it (settings, group accounts, reversals).
inline constexpr char kUsePermission[] = "deliver.use";
inline constexpr char kManagePermission[] = "deliver.manage";

// Generated from src/deliver/migrations and messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

}  // namespace coproduce::deliver
