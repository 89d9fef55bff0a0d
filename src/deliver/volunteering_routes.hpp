// Volunteering's routes: the JSON API under /api/v1/deliver/ (here) and the
// pages under /volunteering (volunteering_pages.cpp), with the permissions,
// notices, ledger source, personal data and demo data they need.
#pragma once

#include <string>
#include <string_view>

#include "deliver/volunteering.hpp"
#include "module/module.hpp"

namespace coproduce::deliver {

// Who takes part (applies, confirms, checks in, cancels) and who coordinates.
inline constexpr char kVolunteerPermission[] = "deliver.volunteer";
inline constexpr char kCoordinatePermission[] = "deliver.coordinate";

void declare_volunteering(module::Loader& l);
void add_volunteering_pages(module::Loader& l);

// "A valid DBS basic check is needed first", in the language.
std::string check_missing_message(std::string_view locale, const CheckMissing& e);

}  // namespace coproduce::deliver
