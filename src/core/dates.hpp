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

// ---- dates typed in three boxes (the GOV.UK date input) ----------------------

// What was typed in a date's day, month and year boxes.
struct DateParts {
  std::string day{}, month{}, year{};
  bool operator==(const DateParts&) const = default;
};
// What a date must be besides real.
struct DateRules {
  bool required = false;   // all three boxes blank is a problem
  std::string latest{};    // YYYY-MM-DD: no date after it ("" none; today for dates in the past)
};
// A reading of the three boxes. `problem` is "" (fine) or one of: blank,
// missing_day, missing_month, missing_year, missing_day_month,
// missing_day_year, missing_month_year (boxes left empty), not_real
// (letters, too many digits, 31 April, 29 February 2027), year_digits (a year
// without 4 numbers: 26, 202), year_range (outside kFirstYear..kLastYear),
// too_late (after rules.latest). The flags say which boxes are in error.
struct DateReading {
  std::string iso{};      // YYYY-MM-DD when the boxes make an acceptable date; else ""
  std::string problem{};
  bool day = false, month = false, year = false;
  bool blank = false;     // all three boxes empty (a problem only when required)
  bool ok() const { return problem.empty(); }
};
// Spaces around each part are ignored, leading zeros allowed ("07").
DateReading read_date(const DateParts& parts, const DateRules& rules = {});
// The three boxes showing a YYYY-MM-DD date ("2026-03-07" -> 7, 3, 2026);
// empty parts for anything else.
DateParts parts_of(std::string_view iso_date);

}  // namespace coproduce::core
