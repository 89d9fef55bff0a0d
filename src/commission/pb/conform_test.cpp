// Conformance tests: the expected-row reader, the per-rule comparison, and a fixed
// sample of the real corpus run through every implemented rule against pabutools.
#include "commission/pb/conform.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "commission/pb/parser.hpp"
#include "commission/pb/rules.hpp"
#include "commission/pb/testdata/corpus_sample.hpp"

namespace coproduce::commission::pb {
namespace {

std::string expected_dir() {
  return testing::pabulib_dir() + "/expected";
}

Instance small_instance() {
  return parse_pb(
      "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
      "a;60\nb;40\n10;50\nVOTES\nvoter_id;vote\n1;a,b\n2;a\n3;10\n",
      "small.pb");
}

TEST(Conform, ReadsEveryExpectedFileWithItsExtraColumns) {
  std::vector<ExpectedRow> rows = read_expected(expected_dir());
  std::map<std::string, std::size_t> per_rule;
  std::size_t exact = 0, floating = 0;
  for (const auto& row : rows) {
    ++per_rule[row.rule];
    if (row.rule == "max_welfare") {
      EXPECT_FALSE(row.welfare.empty()) << row.instance;
    }
    if (row.rule == "mes_cost_eqs") (row.arithmetic == "exact" ? exact : floating) += 1;
  }
  // Row counts as documented in expected/README.md.
  EXPECT_EQ(per_rule["greedy_cost"], 1170u);
  EXPECT_EQ(per_rule["mes_cost"], 1174u);
  EXPECT_EQ(per_rule["phragmen"], 906u);
  EXPECT_EQ(per_rule["max_welfare"], 528u);
  EXPECT_EQ(exact, 640u);
  EXPECT_EQ(floating, 266u);
  std::vector<ExpectedRow> only = read_expected(expected_dir(), {"phragmen"});
  EXPECT_EQ(only.size(), 906u);
  EXPECT_THROW(read_expected(expected_dir(), {"no_such_rule"}), std::runtime_error);
}

TEST(Conform, SelectionOrderMattersExceptForPhragmen) {
  Instance instance = small_instance();
  ExpectedRow row{"mes_cost", "small.pb", {"a", "b"}, "", ""};
  EXPECT_EQ(compare_row(instance, row, {0, 1}).verdict, Verdict::pass);
  RowResult swapped = compare_row(instance, row, {1, 0});
  EXPECT_EQ(swapped.verdict, Verdict::fail);
  EXPECT_EQ(swapped.detail, "expected [a,b], got [b,a] (first difference at position 1)");
  row.rule = "phragmen";
  row.selected = {"10", "b"};  // sorted as text
  EXPECT_EQ(compare_row(instance, row, {1, 2}).verdict, Verdict::pass);
  EXPECT_EQ(compare_row(instance, row, {1}).verdict, Verdict::fail);
}

TEST(Conform, MaxWelfareComparesWelfareAndFeasibilityNotTheSet) {
  Instance instance = small_instance();
  // a: 60 * 2 approvals = 120, b: 40 * 1 = 40, 10: 50 * 1 = 50.
  ExpectedRow row{"max_welfare", "small.pb", {"a", "b"}, "160", ""};
  EXPECT_EQ(compare_row(instance, row, {1, 0}).verdict, Verdict::pass);
  RowResult worse = compare_row(instance, row, {0});
  EXPECT_EQ(worse.verdict, Verdict::fail);
  EXPECT_EQ(worse.detail, "welfare 120, expected 160");
  row.welfare = "210";
  RowResult over = compare_row(instance, row, {0, 1, 2});
  EXPECT_EQ(over.verdict, Verdict::fail);
  EXPECT_EQ(over.detail, "infeasible: cost 150 > budget 100");
}

TEST(Conform, FloatRowsOfEqualSharesNetDifferRatherThanFail) {
  Instance instance = small_instance();
  ExpectedRow row{"mes_cost_eqs", "small.pb", {"a", "b"}, "", "float"};
  EXPECT_EQ(compare_row(instance, row, {0, 1}).verdict, Verdict::pass);
  EXPECT_EQ(compare_row(instance, row, {1, 0}).verdict, Verdict::float_difference);
  row.arithmetic = "exact";
  EXPECT_EQ(compare_row(instance, row, {1, 0}).verdict, Verdict::fail);
}

TEST(Conform, RunnerCountsRowsAndReportsLoadFailures) {
  std::vector<ExpectedRow> rows{{"no_such_rule", "small.pb", {}, "", ""},
                                {"no_such_rule", "missing.pb", {}, "", ""}};
  auto load = [](const std::string& name) {
    if (name == "small.pb") return small_instance();
    throw ParseError(name, 0, "", "cannot open");
  };
  ConformSummary summary = run_conformance(rows, load, ConformOptions{2, 0, 1, nullptr});
  EXPECT_EQ(summary.passed, 0u);
  EXPECT_EQ(summary.failed, 2u);
  ASSERT_EQ(summary.failures.size(), 2u);
  EXPECT_NE(summary.failures[0].find("FAIL no_such_rule missing.pb: cannot load instance"),
            std::string::npos);
  EXPECT_NE(summary.failures[1].find("FAIL no_such_rule small.pb: rule error"), std::string::npos);
}

// The CI conformance sample: every expected row of every implemented rule for a fixed
// sample of instances (all vote types, small files), compared with the reference.
TEST(Conform, CorpusSampleMatchesTheReference) {
  std::vector<std::string> names = rule_names();
  std::vector<std::string> expected_rules;
  for (const auto& entry : std::filesystem::directory_iterator(expected_dir())) {
    std::string rule = entry.path().stem().string();
    if (entry.path().extension() == ".tsv" &&
        std::find(names.begin(), names.end(), rule) != names.end()) {
      expected_rules.push_back(rule);
    }
  }
  ASSERT_FALSE(expected_rules.empty()) << "no rule of expected/ is implemented";
  std::vector<std::string> sample = testing::corpus_sample();
  std::set<std::string> in_sample(sample.begin(), sample.end());
  std::vector<ExpectedRow> rows;
  for (auto& row : read_expected(expected_dir(), expected_rules)) {
    if (in_sample.count(row.instance) != 0) rows.push_back(std::move(row));
  }
  auto load = [](const std::string& name) {
    return parse_pb(testing::read_corpus_text(name), name);
  };
  ConformSummary summary = run_conformance(rows, load, ConformOptions{});
  for (const auto& failure : summary.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(summary.failed, 0u);
  EXPECT_EQ(summary.passed + summary.float_differences, rows.size());
  EXPECT_GE(rows.size(), 30u);  // about two thirds of the sample has reference rows per rule
}

}  // namespace
}  // namespace coproduce::commission::pb
