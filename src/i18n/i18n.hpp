// Public i18n API: message lookup (English and Welsh), plurals, locale-aware
// numbers, money and dates, and the choice of locale for a request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.hpp"

namespace coproduce::i18n {

// Placeholder values, e.g. {{"name", "Tackley"}}; values are inserted as-is
// (the web layer escapes the finished string).
using Args = std::vector<std::pair<std::string, std::string>>;

// Supported locales, the default first: {"en", "cy"}.
const std::vector<std::string>& locales();
bool is_supported(std::string_view locale);

// The message `key` in `locale` with {placeholders} filled. A key missing in
// Welsh falls back to English; a key missing in both returns the key itself.
std::string t(std::string_view locale, std::string_view key, const Args& args = {});

// The plural form of `key` that ICU's plural rules choose for n in `locale`
// (Welsh: zero/one/two/few/many/other); n is inserted as {count}, formatted.
std::string plural(std::string_view locale, std::string_view key, std::int64_t n,
                   const Args& args = {});

// 1234567 -> "1,234,567" (grouping per locale).
std::string format_number(std::string_view locale, std::int64_t n);
// Exact: 123456 minor units of "GBP" -> "£1,234.56". Throws core::Error
// (field "currency") for a code that is not three letters A-Z.
std::string format_money(std::string_view locale, std::int64_t minor_units,
                         std::string_view currency);
// "2026-11-23" -> "23 November 2026" / "23 Tachwedd 2026". Throws core::Error
// (field "date") when the text is not a real YYYY-MM-DD date.
std::string format_date(std::string_view locale, std::string_view iso_date);
// "2026-11" -> "November 2026" / "Tachwedd 2026".
std::string format_month(std::string_view locale, std::string_view year_month);

// "en" or "cy": ?lang= wins, then the cp_lang cookie, then Accept-Language
// (q-values honoured), else "en".
std::string negotiate(const http::Request& request);

// Name of the cookie that remembers the language choice.
inline constexpr std::string_view kLanguageCookie = "cp_lang";

}  // namespace coproduce::i18n
