// Load per person: the hours each person contributed per ISO week and per
// month, from the ledger entries that count and name the person. Burn-out
// and free riders are named risks of co-production: the person sees their
// own load, and the officer sees it in aggregate with the people over the
// organisation's warning level. Pure: same entries in, same answer out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "map/model.hpp"

namespace coproduce::map {

// "2026-12-06" -> "2026-W49" (ISO 8601 week, its year may differ from the date's).
std::string iso_week_of(std::string_view date);
// "2026-12-06" -> "2026-12".
std::string month_of(std::string_view date);
// The last n ISO weeks / months up to the one holding `today`, oldest first.
std::vector<std::string> last_weeks(std::string_view today, int n);
std::vector<std::string> last_months(std::string_view today, int n);

struct PersonLoad {
  std::map<std::string, std::int64_t> weekly;   // ISO week -> hours x100
  std::map<std::string, std::int64_t> monthly;  // YYYY-MM -> hours x100
};

// Per person (account id), over the entries that count and name a person.
std::map<std::string, PersonLoad> load_by_person(const std::vector<Contribution>& entries);

// One period across everyone: how many carried hours, the total and median,
// the share the busiest tenth carried, and who went over the warning level.
struct PeriodLoad {
  std::string period;  // ISO week or YYYY-MM
  int people = 0;
  std::int64_t total_x100 = 0;
  std::int64_t median_x100 = 0;
  int busiest_tenth_percent = 0;  // share of the hours the busiest 10% (at least one) carried
  std::vector<std::pair<std::string, std::int64_t>> over_warning;  // person, hours x100; most first
};
PeriodLoad period_load(const std::map<std::string, PersonLoad>& load, const std::string& period,
                       bool weekly, std::int64_t warning_x100);

}  // namespace coproduce::map
