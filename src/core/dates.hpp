// Calendar dates and instants as ISO-8601 text (what both databases store).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace coproduce::core {

// True for a real calendar date written YYYY-MM-DD (leap years checked).
bool is_iso_date(std::string_view text);
// The years a date people enter may have: a real date outside them (0000,
// 9999) is refused with the range in the message.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 2100;
// is_iso_date, and the year within [kFirstYear, kLastYear].
bool is_plausible_date(std::string_view text);
// The current instant, UTC, as "YYYY-MM-DDTHH:MM:SSZ".
std::string now_utc();
// An instant as "YYYY-MM-DDTHH:MM:SSZ": sortable as text, as both databases store instants.
std::string iso_utc(std::chrono::system_clock::time_point at);
// Today's date, UTC, as "YYYY-MM-DD".
std::string today_utc();
// The date `days` days before a YYYY-MM-DD date (negative: after).
std::string days_before(std::string_view iso_date, int days);

}  // namespace coproduce::core
