#include "core/dates.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>

namespace coproduce::core {

bool is_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return false;
  int y = std::stoi(std::string(t.substr(0, 4)));
  unsigned m = std::stoi(std::string(t.substr(5, 2)));
  unsigned d = std::stoi(std::string(t.substr(8, 2)));
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m),
                                     std::chrono::day(d))
      .ok();
}

bool is_plausible_date(std::string_view t) {
  if (!is_iso_date(t)) return false;
  int y = std::stoi(std::string(t.substr(0, 4)));
  return y >= kFirstYear && y <= kLastYear;
}

std::string now_utc() { return iso_utc(std::chrono::system_clock::now()); }

std::string iso_utc(std::chrono::system_clock::time_point at) {
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string today_utc() { return now_utc().substr(0, 10); }

std::string days_before(std::string_view iso_date, int days) {
  using namespace std::chrono;
  year_month_day date{year(std::stoi(std::string(iso_date.substr(0, 4)))),
                      month(static_cast<unsigned>(std::stoi(std::string(iso_date.substr(5, 2))))),
                      day(static_cast<unsigned>(std::stoi(std::string(iso_date.substr(8, 2)))))};
  year_month_day shifted{sys_days(date) - std::chrono::days(days)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(shifted.year()),
                static_cast<unsigned>(shifted.month()), static_cast<unsigned>(shifted.day()));
  return text;
}

namespace {

std::string trim_spaces(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Digits with up to `max` significant ones ("007" is 7): nullopt otherwise.
std::optional<int> small_number(std::string_view text, std::size_t max) {
  if (!all_digits(text)) return std::nullopt;
  auto first = text.find_first_not_of('0');
  std::string_view significant = first == std::string_view::npos ? "0" : text.substr(first);
  if (significant.size() > max) return std::nullopt;
  return std::stoi(std::string(significant));
}

}  // namespace

DateReading read_date(const DateParts& typed, const DateRules& rules) {
  DateReading r;
  std::string day = trim_spaces(typed.day), month = trim_spaces(typed.month),
              year = trim_spaces(typed.year);
  if (day.empty() && month.empty() && year.empty()) {
    r.blank = true;
    if (rules.required) r.problem = "blank", r.day = r.month = r.year = true;
    return r;
  }
  // Boxes left empty: say which.
  r.day = day.empty(), r.month = month.empty(), r.year = year.empty();
  if (r.day || r.month || r.year) {
    r.problem = "missing";
    if (r.day) r.problem += "_day";
    if (r.month) r.problem += "_month";
    if (r.year) r.problem += "_year";
    return r;
  }
  // Boxes that cannot hold a part of a date: letters, too many digits, 0, 13.
  auto d = small_number(day, 2);
  auto m = small_number(month, 2);
  r.day = !d || *d < 1 || *d > 31;
  r.month = !m || *m < 1 || *m > 12;
  r.year = !all_digits(year);
  if (r.day || r.month || r.year) {
    r.problem = "not_real";
    return r;
  }
  if (year.size() != 4) {
    r.problem = "year_digits";
    r.year = true;
    return r;
  }
  int y = std::stoi(year);
  if (!std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(static_cast<unsigned>(*m)),
                                   std::chrono::day(static_cast<unsigned>(*d)))
           .ok()) {
    r.problem = "not_real";  // 31 April, 29 February in a common year
    r.day = true;
    return r;
  }
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, *m, *d);
  if (y < kFirstYear || y > kLastYear) {
    r.problem = "year_range";
    r.year = true;
    return r;
  }
  if (!rules.latest.empty() && std::string(iso) > rules.latest) {
    r.problem = "too_late";
    r.day = r.month = r.year = true;
    return r;
  }
  r.iso = iso;
  return r;
}

DateParts parts_of(std::string_view iso) {
  if (!is_iso_date(iso)) return {};
  auto unpadded = [](std::string_view two) {
    return two[0] == '0' ? std::string(two.substr(1)) : std::string(two);
  };
  return {unpadded(iso.substr(8, 2)), unpadded(iso.substr(5, 2)), std::string(iso.substr(0, 4))};
}

}  // namespace coproduce::core
