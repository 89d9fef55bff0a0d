// Reads a form's or a body's fields into values for the deliver module's
// writes, naming each problem once, so that a refusal lists every field at
// fault and nothing is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "http/fields.hpp"

namespace coproduce::deliver {

inline constexpr std::int64_t kMaxExchangeX100 = 100'00;  // 100 hours in one exchange or listing

class Checker {
 public:
  explicit Checker(const http::Fields& f) : f_(f) {}
  std::string text(const std::string& name, std::size_t limit, const std::string& required_key) {
    auto it = f_.find(name);
    auto value = it == f_.end() ? std::string() : core::trimmed(it->second);
    if (value.empty() && !required_key.empty()) problem(name, required_key);
    else if (value.size() > limit) problem(name, "deliver.error.too_long");
    return value;
  }
  std::int64_t hours(const std::string& name) {
    auto value = text(name, 20, "deliver.error.hours_required");
    if (value.empty()) return 0;
    auto parsed = core::parse_money_minor(value);  // up to two decimals, never negative
    if (!parsed || *parsed == 0) {
      problem(name, value.starts_with('-') || (parsed && *parsed == 0) ? "deliver.error.hours_positive"
                                                                         : "deliver.error.hours_number");
      return 0;
    }
    if (*parsed > kMaxExchangeX100) {
      problem(name, "deliver.error.hours_too_many");
      return 0;
    }
    return *parsed;
  }
  std::string date(const std::string& name) {
    auto value = text(name, 10, "deliver.error.date_required");
    if (value.empty()) return value;
    if (!core::is_iso_date(value)) problem(name, "deliver.error.date_invalid");
    else if (!core::is_plausible_date(value)) problem(name, "deliver.error.date_invalid");
    else if (value > core::today_utc()) problem(name, "deliver.error.date_future");
    return value;
  }
  // Optional money (pounds and pence): nullopt when left empty or wrong (named).
  std::optional<std::int64_t> money(const std::string& name) {
    auto value = text(name, 20, "");
    if (value.empty()) return std::nullopt;
    auto parsed = core::parse_money_minor(value);
    if (!parsed) problem(name, "deliver.error.money_invalid");
    return parsed;
  }
  void problem(const std::string& field, const std::string& key) {
    for (const auto& p : problems_)
      if (p.field == field) return;
    problems_.push_back({field, key});
  }
  bool has(const std::string& field) const {
    for (const auto& p : problems_)
      if (p.field == field) return true;
    return false;
  }
  void throw_if_any() {
    if (!problems_.empty()) throw core::ValidationFailed(problems_);
  }

 private:
  const http::Fields& f_;
  std::vector<core::FieldProblem> problems_;
};

}  // namespace coproduce::deliver
