#include "map/load.hpp"

#include <algorithm>
#include <cstdio>

namespace coproduce::map {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t days_of(std::string_view date) {
  return days_from_civil(std::stoll(std::string(date.substr(0, 4))),
                         static_cast<unsigned>(std::stoi(std::string(date.substr(5, 2)))),
                         static_cast<unsigned>(std::stoi(std::string(date.substr(8, 2)))));
}

// Monday = 0 ... Sunday = 6; 1970-01-01 was a Thursday.
int weekday(std::int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

std::string week_key(std::int64_t days) {
  // The ISO week's year is the year of its Thursday.
  std::int64_t thursday = days - weekday(days) + 3;
  Civil c = civil_from_days(thursday);
  std::int64_t first_thursday_days = days_from_civil(c.y, 1, 1);
  int week = static_cast<int>((thursday - first_thursday_days) / 7) + 1;
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-W%02d", static_cast<long long>(c.y), week);
  return text;
}

}  // namespace

std::string iso_week_of(std::string_view date) { return week_key(days_of(date)); }

std::string month_of(std::string_view date) { return std::string(date.substr(0, 7)); }

std::vector<std::string> last_weeks(std::string_view today, int n) {
  std::vector<std::string> weeks;
  std::int64_t days = days_of(today);
  for (int i = n - 1; i >= 0; --i) weeks.push_back(week_key(days - 7 * i));
  return weeks;
}

std::vector<std::string> last_months(std::string_view today, int n) {
  std::vector<std::string> months;
  int y = std::stoi(std::string(today.substr(0, 4)));
  int m = std::stoi(std::string(today.substr(5, 2)));
  for (int i = n - 1; i >= 0; --i) {
    int index = y * 12 + (m - 1) - i;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", index / 12, index % 12 + 1);
    months.push_back(text);
  }
  return months;
}

std::map<std::string, PersonLoad> load_by_person(const std::vector<Contribution>& entries) {
  std::map<std::string, PersonLoad> load;
  for (const auto& c : entries) {
    if (!c.counts() || !c.person_id || c.hours_x100 == 0) continue;
    auto& person = load[*c.person_id];
    person.weekly[iso_week_of(c.made_on)] += c.hours_x100;
    person.monthly[month_of(c.made_on)] += c.hours_x100;
  }
  return load;
}

PeriodLoad period_load(const std::map<std::string, PersonLoad>& load, const std::string& period,
                       bool weekly, std::int64_t warning_x100) {
  PeriodLoad out;
  out.period = period;
  std::vector<std::int64_t> hours;
  for (const auto& [person, l] : load) {
    const auto& table = weekly ? l.weekly : l.monthly;
    auto it = table.find(period);
    if (it == table.end() || it->second == 0) continue;
    hours.push_back(it->second);
    out.total_x100 += it->second;
    if (it->second > warning_x100) out.over_warning.emplace_back(person, it->second);
  }
  out.people = static_cast<int>(hours.size());
  std::sort(out.over_warning.begin(), out.over_warning.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (hours.empty()) return out;
  std::sort(hours.begin(), hours.end());
  std::size_t n = hours.size();
  // The median in hundredths, rounded down when it falls between two people.
  out.median_x100 = n % 2 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
  std::size_t busiest = std::max<std::size_t>(1, n / 10);
  std::int64_t top = 0;
  for (std::size_t i = n - busiest; i < n; ++i) top += hours[i];
  out.busiest_tenth_percent = static_cast<int>(top * 100 / out.total_x100);
  return out;
}

}  // namespace coproduce::map
