// Conformance against the pabutools reference outcomes in pabulib/expected/*.tsv:
// reading the expected rows, comparing one outcome, running many rows on a thread pool.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

struct ExpectedRow {
  std::string rule;                   // from the file name, e.g. "mes_cost"
  std::string instance;               // corpus file name, e.g. "Poland_Gdansk_2020.pb"
  std::vector<std::string> selected;  // project ids as listed
  std::string welfare;                // max_welfare only: optimal Cost_Sat welfare ("123" or "a/b")
  std::string arithmetic;             // mes_cost_eqs only: "exact" or "float"
};

// Rows of EXPECTED_DIR/<rule>.tsv for the given rules (all *.tsv files when empty).
// Throws std::runtime_error naming file and line on a malformed row.
std::vector<ExpectedRow> read_expected(const std::string& expected_dir,
                                       const std::vector<std::string>& rules = {});

enum class Verdict { pass, fail, float_difference };

struct RowResult {
  Verdict verdict = Verdict::pass;
  std::string detail;  // why it failed or differs; empty on a pass
};

// How the reference compares to our selection (ids in our selection order):
// selection order for most rules, sorted set for phragmen, welfare + feasibility for
// max_welfare, float rows of mes_cost_eqs reported as differences rather than failures.
RowResult compare_row(const Instance& instance, const ExpectedRow& row,
                      const std::vector<int>& selected);

// Runs the row's rule on the instance and compares (rule errors are failures).
RowResult check_row(const Instance& instance, const ExpectedRow& row);

struct ConformOptions {
  unsigned jobs = 0;                 // 0: hardware concurrency
  std::size_t limit = 0;             // 0: every instance
  std::size_t sample_every = 1;      // keep every K-th instance (by name)
  std::ostream* progress = nullptr;  // periodic progress lines, when set
};

struct ConformSummary {
  std::size_t passed = 0, failed = 0, float_differences = 0;
  std::vector<std::string> failures;     // one line each, sorted
  std::vector<std::string> differences;  // float rows that differ, sorted
  std::vector<std::string> slow;         // "rule instance seconds s" for rows over 10 s
};

// Loads an instance by corpus file name (throws on failure; the rows then fail).
using InstanceLoader = std::function<Instance(const std::string& name)>;

// Checks every row, one instance per task, loading each instance once.
ConformSummary run_conformance(const std::vector<ExpectedRow>& rows, const InstanceLoader& load,
                               const ConformOptions& options);

}  // namespace coproduce::commission::pb
