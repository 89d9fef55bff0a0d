// Numbers, money and dates per locale through ICU. Money goes to ICU as an
// exact decimal string, so no binary floating point touches it.
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>
#include <unicode/timezone.h>
#include <unicode/ucurr.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>

#include "core/dates.hpp"
#include "core/error.hpp"
#include "i18n/i18n.hpp"
#include "i18n/icu_locale.hpp"

namespace coproduce::i18n {
namespace {

std::string utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

void check(UErrorCode status, const char* what) {
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("ICU failed to ") + what + ": " + u_errorName(status));
}

// minor units -> "-1234.56" for `digits` fraction digits, exactly (INT64_MIN included).
std::string decimal_string(std::int64_t minor_units, int digits) {
  bool negative = minor_units < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(minor_units)
                                     : static_cast<std::uint64_t>(minor_units);
  std::string all_digits = std::to_string(magnitude);
  auto fraction = static_cast<std::size_t>(std::max(digits, 0));
  if (all_digits.size() <= fraction) all_digits.insert(0, fraction + 1 - all_digits.size(), '0');
  std::string out = negative ? "-" : "";
  out.append(all_digits, 0, all_digits.size() - fraction);
  if (fraction > 0) out.append(".").append(all_digits, all_digits.size() - fraction);
  return out;
}

// "23 November 2026". ICU date formats are not thread-safe, so each thread
// keeps its own, built on first use.
const icu::DateFormat& date_format(std::string_view locale, bool month_only) {
  thread_local std::unique_ptr<icu::DateFormat> formats[4];  // en, cy; day, month
  auto& format = formats[(locale == "cy" ? 1 : 0) + (month_only ? 2 : 0)];
  if (!format) {
    UErrorCode status = U_ZERO_ERROR;
    format.reset(icu::DateFormat::createInstanceForSkeleton(month_only ? "MMMMy" : "dMMMMy",
                                                            icu_locale(locale), status));
    check(status, "create a date format");
    // Proleptic Gregorian like std::chrono (ICU would switch to Julian before 1582).
    auto calendar = std::make_unique<icu::GregorianCalendar>(icu::TimeZone::getGMT()->clone(),
                                                             icu_locale(locale), status);
    calendar->setGregorianChange(-std::numeric_limits<double>::max(), status);
    check(status, "set up the calendar");
    format->adoptCalendar(calendar.release());
  }
  return *format;
}

}  // namespace

std::string format_number(std::string_view locale, std::int64_t n) {
  UErrorCode status = U_ZERO_ERROR;
  auto text = number_formatter(locale).formatInt(n, status).toString(status);
  check(status, "format a number");
  return utf8(text);
}

std::string format_money(std::string_view locale, std::int64_t minor_units,
                         std::string_view currency) {
  bool well_formed = currency.size() == 3;
  for (char c : currency) well_formed = well_formed && c >= 'A' && c <= 'Z';
  if (!well_formed)
    throw core::invalid("currency", "currency must be a three-letter ISO 4217 code such as GBP");
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString code(currency.data(), static_cast<int32_t>(currency.size()), US_INV);
  int digits = ucurr_getDefaultFractionDigits(code.getTerminatedBuffer(), &status);
  icu::CurrencyUnit unit(code.getTerminatedBuffer(), status);
  check(status, "look up the currency");
  std::string amount = decimal_string(minor_units, digits);
  auto text = number_formatter(locale)
                  .unit(unit)
                  .formatDecimal(icu::StringPiece(amount), status)
                  .toString(status);
  check(status, "format money");
  return utf8(text);
}

namespace {

std::string formatted(std::string_view locale, std::string_view iso_date, bool month_only) {
  std::chrono::year_month_day date{
      std::chrono::year(std::stoi(std::string(iso_date.substr(0, 4)))),
      std::chrono::month(static_cast<unsigned>(std::stoi(std::string(iso_date.substr(5, 2))))),
      std::chrono::day(static_cast<unsigned>(std::stoi(std::string(iso_date.substr(8, 2)))))};
  auto days = std::chrono::sys_days(date).time_since_epoch().count();
  UDate midnight_utc = static_cast<UDate>(days) * U_MILLIS_PER_DAY;
  icu::UnicodeString text;
  date_format(locale, month_only).format(midnight_utc, text);
  return utf8(text);
}

}  // namespace

std::string format_date(std::string_view locale, std::string_view iso_date) {
  if (!core::is_iso_date(iso_date))
    throw core::invalid("date", "date must be a real calendar date written YYYY-MM-DD");
  return formatted(locale, iso_date, false);
}

std::string format_month(std::string_view locale, std::string_view year_month) {
  std::string first = std::string(year_month) + "-01";
  if (year_month.size() != 7 || !core::is_iso_date(first))
    throw core::invalid("month", "month must be written YYYY-MM");
  return formatted(locale, first, true);
}

}  // namespace coproduce::i18n
