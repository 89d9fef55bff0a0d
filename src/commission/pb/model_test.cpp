// Model tests: vote-type names, lookups, and what equality compares.
#include "commission/pb/model.hpp"

#include <gtest/gtest.h>

namespace coproduce::commission::pb {
namespace {

TEST(Model, VoteTypeNamesRoundTrip) {
  for (VoteType type : {VoteType::approval, VoteType::choose_1, VoteType::cumulative,
                        VoteType::scoring, VoteType::ordinal}) {
    VoteType read = VoteType::approval;
    ASSERT_TRUE(vote_type_from_string(to_string(type), read)) << to_string(type);
    EXPECT_EQ(read, type);
  }
  VoteType read = VoteType::ordinal;
  EXPECT_FALSE(vote_type_from_string("choose_1", read));
  EXPECT_EQ(to_string(VoteType::choose_1), "choose-1");
}

TEST(Model, LookupsFindTheLastMetaValueAndProjectsById) {
  Instance instance;
  instance.meta = {{"budget", "10"}, {"vote_type", "approval"}, {"budget", "12"}};
  instance.projects = {Project{"7", 1, {}, {}}, Project{"10", 2, {}, {}}};
  ASSERT_NE(instance.meta_value("budget"), nullptr);
  EXPECT_EQ(*instance.meta_value("budget"), "12");  // the reference parser keeps the last
  EXPECT_EQ(instance.meta_value("rule"), nullptr);
  EXPECT_EQ(instance.project_index("10"), 1);
  EXPECT_EQ(instance.project_index("1"), -1);
}

TEST(Model, EqualityIgnoresWarningsOnly) {
  Instance a;
  a.projects = {Project{"1", mpq_class(1, 2), {}, {}}};
  Instance b = a;
  b.warnings.push_back("line 1: UTF-8 byte order mark skipped");
  EXPECT_EQ(a, b);
  b.projects[0].cost = mpq_class(1, 4) * 2;  // same value, computed
  EXPECT_EQ(a, b);
  b.projects[0].cost = 1;
  EXPECT_NE(a, b);
  Instance c = a;
  c.ballots.push_back(Ballot{"v", {}, {}, {}});
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace coproduce::commission::pb
