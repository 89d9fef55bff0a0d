#include "core/money.hpp"

#include <limits>

namespace coproduce::core {

std::optional<std::int64_t> parse_money_minor(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // A comma is only a thousands separator: groups of exactly three digits
  // between the first group (one to three digits) and the point. "1,5" and
  // "1,,5" are refused, not read as 15.
  auto point = text.find('.');
  auto whole = text.substr(0, point);
  if (whole.find(',') != std::string_view::npos) {
    auto first = whole.find(',');
    if (first == 0 || first > 3) return std::nullopt;
    for (auto at = first; at != std::string_view::npos; at = whole.find(',', at + 1)) {
      auto next = whole.find(',', at + 1);
      auto group = (next == std::string_view::npos ? whole.size() : next) - at - 1;
      if (group != 3) return std::nullopt;
    }
  }
  std::int64_t units = 0;
  int decimals = -1;  // -1: before the point
  int digits = 0;
  constexpr auto kInt64 = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ',' && decimals < 0 && digits > 0) continue;  // a separator the check above allowed
    if (c == '.' && decimals < 0 && digits > 0) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (decimals >= 0 && ++decimals > 2) return std::nullopt;
    if (units > (kInt64 - (c - '0')) / 10) return std::nullopt;
    units = units * 10 + (c - '0');
    ++digits;
  }
  if (decimals == 0) return std::nullopt;  // "12." is not money
  for (int d = decimals < 0 ? 0 : decimals; d < 2; ++d) {
    if (units > kInt64 / 10) return std::nullopt;
    units *= 10;
  }
  // One bound on the amount however it is written ("5" and "5.00" alike).
  if (units > kMaxMoneyMinor) return std::nullopt;
  return units;
}

std::string format_money_minor(std::int64_t minor) {
  bool negative = minor < 0;
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(minor) : minor;
  const char cents[] = {'.', static_cast<char>('0' + v % 100 / 10), static_cast<char>('0' + v % 10)};
  std::string out = negative ? "-" : "";
  out += std::to_string(v / 100);
  out.append(cents, sizeof cents);
  return out;
}

}  // namespace coproduce::core
