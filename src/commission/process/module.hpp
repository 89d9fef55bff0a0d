// The commission module: participatory budgeting processes in the platform,
// counted by the exact engine (commission/pb), with public results pages that
// say in plain words why each project won or did not.
#pragma once

#include "module/module.hpp"

namespace coproduce::commission::process {

void load(module::Loader& l);

// Generated from migrations/ and messages/ (coproduce_module_files).
const std::vector<std::pair<std::string_view, std::string_view>>& migration_files();
const std::vector<std::pair<std::string_view, std::string_view>>& message_files();

}  // namespace coproduce::commission::process
