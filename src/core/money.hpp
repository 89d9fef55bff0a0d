// Money in integer minor units (pence, cents, grosze): never floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace coproduce::core {

// Parses "12", "12.5", "12.50", "1,234.56" into minor units (2 decimals); a
// comma only as a thousands separator in groups of three. Returns nullopt for
// anything else ("1,5", "1,,5", negative, three decimals, letters, overflow).
// Amounts above kMaxMoneyMinor are refused, however they are written.
inline constexpr std::int64_t kMaxMoneyMinor = 92'233'720'368'547'758;  // int64 max / 100
std::optional<std::int64_t> parse_money_minor(std::string_view text);
// 123456 -> "1234.56" (plain, locale-free; i18n formats for display).
std::string format_money_minor(std::int64_t minor);

}  // namespace coproduce::core
