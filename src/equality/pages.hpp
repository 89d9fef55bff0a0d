// The equality module's HTML pages: the person's form (answer, change,
// withdraw) and the officers' report.
#pragma once

#include "module/module.hpp"

namespace coproduce::equality {

inline constexpr char kFormPath[] = "/account/equality";
inline constexpr char kReportPath[] = "/equality";
inline constexpr char kReportPermission[] = "equality.report";

void add_pages(module::Loader& l);

}  // namespace coproduce::equality
