#include "core/dates.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

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

}  // namespace coproduce::core
