// Ballot-constraint tests: reading limits from META and reporting every broken ballot.
#include "commission/pb/constraints.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "commission/pb/parser.hpp"

namespace coproduce::commission::pb {
namespace {

std::filesystem::path testdata() {
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

std::string joined(const BallotViolation& violation) {
  std::string out;
  for (const auto& reason : violation.reasons) out += reason + "|";
  return out;
}

TEST(Constraints, ApprovalLengthAndCost) {
  Instance instance = read_pb_file((testdata() / "approval.pb").string());
  BallotConstraints constraints = ballot_constraints(instance);
  EXPECT_EQ(constraints.min_length, mpq_class(1));
  EXPECT_EQ(constraints.max_length, mpq_class(2));
  EXPECT_EQ(constraints.max_sum_cost, mpq_class(700));
  EXPECT_TRUE(constraints.problems.empty());
  std::vector<BallotViolation> violations = check_ballots(instance, constraints);
  ASSERT_EQ(violations.size(), 4u);
  EXPECT_EQ(violations[0].ballot, 0u);  // p1+p2 = 700.25 > 700
  EXPECT_EQ(joined(violations[0]), "total cost 700.25 above max_sum_cost 700|");
  EXPECT_EQ(violations[1].ballot, 1u);  // p1+p10 = 900.25
  EXPECT_EQ(violations[2].ballot, 2u);
  EXPECT_EQ(violations[2].voter_id, "v3");
  EXPECT_EQ(joined(violations[2]),
            "3 projects, more than max_length 2|total cost 1200.25 above max_sum_cost 700|");
  EXPECT_EQ(violations[3].ballot, 3u);  // the empty ballot
  EXPECT_EQ(joined(violations[3]), "0 projects, fewer than min_length 1|");
}

TEST(Constraints, CumulativePoints) {
  Instance instance = read_pb_file((testdata() / "cumulative.pb").string());
  std::vector<BallotViolation> violations = check_ballots(instance, ballot_constraints(instance));
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].ballot, 1u);
  EXPECT_EQ(joined(violations[0]), "5 points to one project, above max_points 3|");
  EXPECT_EQ(violations[1].ballot, 2u);  // 1 + 4 after the duplicate's later points
  EXPECT_EQ(joined(violations[1]), "4 points to one project, above max_points 3|");
}

TEST(Constraints, PerCategoryLimitsAlignWithMetaCategories) {
  Instance instance = parse_pb(
      "META\nkey;value\nbudget;100\nvote_type;approval\ncategories;green,sport\n"
      "max_length_per_category;1,2\nmax_sum_cost_per_category;50\nmin_length;x\n"
      "PROJECTS\nproject_id;cost;category\n1;30;green\n2;30;green,sport\n3;10;sport\n"
      "VOTES\nvoter_id;vote\na;1,3\nb;1,2\nc;2,3,1\n",
      "categories.pb");
  BallotConstraints constraints = ballot_constraints(instance);
  ASSERT_EQ(constraints.per_category.size(), 2u);
  EXPECT_EQ(constraints.per_category[1].category, "sport");
  EXPECT_EQ(constraints.per_category[1].max_length, mpq_class(2));
  EXPECT_EQ(constraints.per_category[1].max_sum_cost, mpq_class(50));
  ASSERT_EQ(constraints.problems.size(), 1u);
  EXPECT_EQ(constraints.problems[0], "META min_length is not a number: 'x'");
  std::vector<BallotViolation> violations = check_ballots(instance, constraints);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(joined(violations[0]),
            "2 projects in category 'green', more than 1|cost 60 in category 'green' above 50|");
  EXPECT_EQ(violations[1].ballot, 2u);
}

TEST(Constraints, MisalignedPerCategoryValuesAreAProblemNotAGuess) {
  Instance instance = parse_pb(
      "META\nkey;value\nbudget;100\nvote_type;approval\ncategories;a,b,c\nmax_length_per_category;"
      "1,2\n"
      "PROJECTS\nproject_id;cost;category\n1;30;a\nVOTES\nvoter_id;vote\nv;1\n",
      "misaligned.pb");
  BallotConstraints constraints = ballot_constraints(instance);
  EXPECT_TRUE(constraints.per_category.empty());
  ASSERT_EQ(constraints.problems.size(), 1u);
  EXPECT_EQ(constraints.problems[0], "META max_length_per_category has 2 values for 3 categories");
  EXPECT_TRUE(constraints.empty());
}

}  // namespace
}  // namespace coproduce::commission::pb
