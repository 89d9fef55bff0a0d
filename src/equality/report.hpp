// The organisation's equality report (pure): from the counts, each question's
// answers in three columns (everyone who answered; those who have contributed;
// those who have not yet), with every figure that could single out fewer than
// ten people hidden (suppression.hpp). With fewer than ten respondents there
// is no breakdown at all; with fewer than ten on either side of the
// comparison, only the first column.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equality/repository.hpp"
#include "core/disclosure.hpp"

namespace coproduce::equality {

// The disclosure control the report applies (core/disclosure.hpp).
using core::Breakdown;
using core::Cell;
using core::kSmallestGroup;
using core::percent;
using core::Relation;
using core::Shown;
using core::suppress;
using core::suppress_table;

inline constexpr std::string_view kNotAnswered = "not_answered";

struct ReportCell {
  std::optional<std::int64_t> count;    // nullopt: hidden
  std::optional<std::int64_t> percent;  // of its column's total; nullopt when hidden
};

struct ReportRow {
  std::string answer;  // an answer code, "prefer_not_to_say" or "not_answered"
  std::vector<ReportCell> cells;  // one per column
};

struct QuestionReport {
  std::string question;
  std::vector<ReportRow> rows;
};

struct Report {
  std::int64_t respondents = 0;  // shown only when breakdown
  bool breakdown = false;        // respondents >= kSmallestGroup
  bool compared = false;         // both sides of the comparison >= kSmallestGroup
  std::int64_t contributed = 0;  // shown only when compared
  std::int64_t not_contributed = 0;
  std::vector<QuestionReport> questions;  // empty without a breakdown
};

Report build_report(const Counts& counts);

// The report as the API gives it: hidden figures are null with "withheld": true.
boost::json::value to_json(const Report& report);

}  // namespace coproduce::equality
