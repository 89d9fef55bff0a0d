// Rules on hand-made elections with outcomes worked out by hand (including ties under both
// tie-breaks), explanations, JSON rendering, and a sample of real corpus rows per rule.
#include "commission/pb/rules.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "commission/pb/conform.hpp"
#include "commission/pb/mes_engine.hpp"
#include "commission/pb/mes_range.hpp"
#include "commission/pb/outcome_json.hpp"
#include "commission/pb/rules_test_support.hpp"
#include "commission/pb/testdata/corpus_sample.hpp"

namespace coproduce::commission::pb {
namespace {

using testing::election;
using testing::ids;
using Ids = std::vector<std::string>;

Ids run(const Instance& instance, const std::string& rule, TieBreak tie = TieBreak::by_id) {
  return ids(instance, run_rule(instance, rule, RuleOptions{tie}).selected);
}

TEST(Greedy, TakesMostVotedFirstAndSkipsWhatDoesNotFit) {
  Instance instance = election("10", {{"a", "6"}, {"b", "5"}, {"c", "4"}}, {"a,b", "a,b", "a,c"});
  Outcome outcome = run_rule(instance, "greedy_cost");
  EXPECT_EQ(ids(instance, outcome.selected), (Ids{"a", "c"}));
  EXPECT_EQ(outcome.total_cost, 10);
  ASSERT_TRUE(outcome.greedy.has_value());
  ASSERT_EQ(outcome.greedy->steps.size(), 3u);
  EXPECT_EQ(outcome.greedy->steps[1].project, 1);  // b: considered with 4 left, too dear
  EXPECT_EQ(outcome.greedy->steps[1].budget_left_before, 4);
  EXPECT_FALSE(outcome.greedy->steps[1].selected);
}

TEST(Greedy, CardinalityRanksByVotesPerCost) {
  Instance instance = election("10", {{"a", "9"}, {"b", "2"}}, {"a", "a", "a,b", "b"});
  EXPECT_EQ(run(instance, "greedy_cost"), (Ids{"a"}));
  EXPECT_EQ(run(instance, "greedy_card"), (Ids{"b"}));
}

TEST(Greedy, UnsupportedProjectsComeLastButAreTakenIfTheyFit) {
  Instance instance = election("10", {{"z", "1"}, {"a", "5"}}, {"a"});
  EXPECT_EQ(run(instance, "greedy_cost"), (Ids{"a", "z"}));
}

TEST(Greedy, TiesAreBrokenByIdOrByCostThenVotesAndRecorded) {
  Instance instance = election("5", {{"x", "5"}, {"y", "3"}}, {"x,y", "x,y"});
  Outcome by_id = run_rule(instance, "greedy_cost");
  EXPECT_EQ(ids(instance, by_id.selected), (Ids{"x"}));
  EXPECT_EQ(by_id.tie_break, "by-id");
  ASSERT_FALSE(by_id.ties.empty());
  EXPECT_NE(by_id.ties[0].find("x and y tied"), std::string::npos);
  Outcome cheaper = run_rule(instance, "greedy_cost", {TieBreak::fewer_cost_more_votes_then_id});
  EXPECT_EQ(ids(instance, cheaper.selected), (Ids{"y"}));
  EXPECT_EQ(cheaper.tie_break, "cost-votes-id");
}

TEST(Greedy, IdsCompareAsText) {
  Instance instance = election("1", {{"2", "1"}, {"10", "1"}}, {"2,10"});
  EXPECT_EQ(run(instance, "greedy_cost"), (Ids{"10"}));  // "10" < "2"
}

// 3 voters, B = 3: everyone has 1. c costs 3 and is backed by all: 1 each, the cheapest per
// unit of cost (1/3) under cost satisfaction. Per voter (cardinality), a, b and c all cost 1.
TEST(Mes, CostSatisfactionBuysTheBroadlyBackedProject) {
  Instance instance = election("3", {{"a", "2"}, {"b", "1"}, {"c", "3"}}, {"a,c", "a,c", "b,c"});
  Outcome outcome = run_rule(instance, "mes_cost");
  EXPECT_EQ(ids(instance, outcome.selected), (Ids{"c"}));
  ASSERT_TRUE(outcome.mes.has_value());
  const MesExplanation& mes = *outcome.mes;
  ASSERT_EQ(mes.rounds.size(), 1u);
  EXPECT_EQ(mes.rounds[0].rho, mpq_class(1, 3));
  EXPECT_EQ(*mes.rounds[0].price_per_supporter, 1);
  ASSERT_EQ(mes.rounds[0].payments.size(), 1u);
  EXPECT_EQ(mes.rounds[0].payments[0].voters, 3);
  EXPECT_EQ(mes.rounds[0].payments[0].each, 1);
  EXPECT_EQ(mes.rounds[0].voters_money_left, 0);
  // a was affordable (its two supporters had 2) until c took their money.
  const MesProjectNote& a = mes.projects[0];
  EXPECT_EQ(a.reason, MesReason::outbid);
  EXPECT_EQ(a.round, 1);
  EXPECT_EQ(a.outbid_by, 2);
  EXPECT_EQ(*a.rho, mpq_class(1, 2));
  EXPECT_EQ(*a.effective_votes, 2);
  EXPECT_EQ(a.shortfall, 2);
  // At c's price (1/3 per unit of cost) each supporter pays 2/3: 4/3 of 2, and a newcomer
  // would bring 2/3 more, so one more supporter would have made it win.
  EXPECT_EQ(*a.more_supporters_needed, 1);
  // b: its one supporter had 1 = its cost, so affordable at first, then outbid.
  EXPECT_EQ(mes.projects[1].reason, MesReason::outbid);
}

TEST(Mes, CardinalityTieIsBrokenByIdOrByCost) {
  Instance instance = election("3", {{"a", "2"}, {"b", "1"}, {"c", "3"}}, {"a,c", "a,c", "b,c"});
  Outcome by_id = run_rule(instance, "mes_card");
  EXPECT_EQ(ids(instance, by_id.selected), (Ids{"a", "b"}));
  ASSERT_EQ(by_id.ties.size(), 1u);
  EXPECT_NE(by_id.ties[0].find("a, b and c tied"), std::string::npos);
  EXPECT_NE(by_id.ties[0].find("chose a"), std::string::npos);
  EXPECT_EQ(run(instance, "mes_card", TieBreak::fewer_cost_more_votes_then_id), (Ids{"b", "a"}));
}

TEST(Mes, NeverAffordableProjectsSayHowManySupportersTheyLacked) {
  // 4 voters, B = 4: d's single supporter has 1 of its 3.
  Instance instance = election("4", {{"d", "3"}, {"e", "2"}}, {"d", "e", "e", ""});
  Outcome outcome = run_rule(instance, "mes_cost");
  EXPECT_EQ(ids(instance, outcome.selected), (Ids{"e"}));
  const MesProjectNote& d = outcome.mes->projects[0];
  EXPECT_EQ(d.reason, MesReason::never_affordable);
  EXPECT_EQ(d.supporters_money, 1);
  EXPECT_EQ(d.shortfall, 2);
  EXPECT_EQ(*d.more_supporters_needed, 2);
}

// 2 voters, B = 10: a (6) is bought by both; b (4) only by the first. At 5 each, b's
// supporter has 2 left; at 7 each, 4 left: the Add1 completion needs two steps.
TEST(Mes, Add1RaisesTheEndowmentUntilExhaustive) {
  Instance instance = election("10", {{"a", "6"}, {"b", "4"}}, {"a,b", "a"});
  EXPECT_EQ(run(instance, "mes_cost"), (Ids{"a"}));
  Outcome add1 = run_rule(instance, "mes_cost_add1");
  EXPECT_EQ(ids(instance, add1.selected), (Ids{"a", "b"}));
  EXPECT_EQ(add1.mes->budget_steps, 2);
  EXPECT_EQ(add1.mes->endowment, 7);
  EXPECT_EQ(run(instance, "mes_cost_greedy"), (Ids{"a", "b"}));
  EXPECT_EQ(run(instance, "mes_cost_add1_greedy"), (Ids{"a", "b"}));
  EXPECT_EQ(run(instance, "mes_cost_eqs"), (Ids{"a", "b"}));
}

TEST(Mes, Add1KeepsThePreviousRunWhenTheNextOvershoots) {
  // 2 voters, B = 3: at 3/2 each neither a nor b (2 each, one supporter) is affordable;
  // at 5/2 both are, total 4 > 3, so the run at 3/2 (nothing) is kept.
  Instance instance = election("3", {{"a", "2"}, {"b", "2"}}, {"a", "b"});
  Outcome add1 = run_rule(instance, "mes_cost_add1");
  EXPECT_TRUE(add1.selected.empty());
  EXPECT_EQ(add1.mes->endowment, mpq_class(3, 2));
  EXPECT_EQ(add1.mes->budget_steps, 0);
  EXPECT_EQ(run(instance, "mes_cost_add1_greedy"), (Ids{"a"}));
  EXPECT_EQ(run(instance, "mes_cost_eqs"), (Ids{"a"}));  // floor(3/2) = 1, then 2 overshoots
}

// The range engine: whenever it certifies that MES buys the same projects on [e, e + d],
// the exact runs at e, e + 1/4, ..., e + d must all be that selection.
TEST(Mes, RangeEngineOnlyCertifiesRangesWhereTheSelectionHolds) {
  Instance instance =
      election("60", {{"a", "30"}, {"b", "24"}, {"c", "18"}, {"d", "12"}, {"e", "9"}, {"f", "5"}},
               {"a,b", "a,c", "a", "b,d", "c,d,e", "e,f", "b,f", "a,d,f"});
  Profile profile = build_profile(instance, Sat::cost);
  detail::TieOrder order = detail::make_tie_order(instance, profile.approvals, TieBreak::by_id);
  std::vector<int> candidates;
  for (int p = 0; p < 6; ++p) candidates.push_back(p);
  detail::MesEngine engine(instance, profile, order, candidates);
  detail::MesRangeEngine ranges(instance, profile, order, candidates);
  ASSERT_TRUE(ranges.usable());
  int held = 0, refused = 0;
  for (mpq_class e(60, 8); e < 40; e += 1) {
    for (long d : {0L, 1L, 2L, 4L}) {
      for (bool tight_at_high : {false, true}) {
        detail::MesRangeEngine::Verdict verdict = ranges.run(e, e + d, tight_at_high);
        if (!verdict.certified) {
          EXPECT_GE(verdict.reach, 0);
          EXPECT_LE(verdict.reach, 1);
          ++refused;
          continue;
        }
        ++held;
        for (mpq_class x = e; x <= e + d; x += mpq_class(1, 4)) {
          EXPECT_EQ(engine.run(x), verdict.winners) << "endowment " << x;
        }
      }
    }
  }
  EXPECT_GT(held, 0);
  EXPECT_GT(refused, 0);
}

// a and b cost the same and have three supporters each: their prices (2/3 per supporter)
// are exactly equal in every round at every endowment, which rounded bounds alone cannot
// settle; the tie order does.
TEST(Mes, RangeEngineSettlesExactTiesByTheTieOrder) {
  Instance instance =
      election("10", {{"b", "2"}, {"a", "2"}, {"c", "9"}}, {"a", "a", "a", "b", "b", "b", "c"});
  Profile profile = build_profile(instance, Sat::cost);
  detail::TieOrder order = detail::make_tie_order(instance, profile.approvals, TieBreak::by_id);
  detail::MesRangeEngine ranges(instance, profile, order, {0, 1, 2});
  // From B/n = 10/7 to 2 per voter c (9, one supporter) is never affordable.
  detail::MesRangeEngine::Verdict verdict = ranges.run(mpq_class(10, 7), 2, true);
  ASSERT_TRUE(verdict.certified);
  EXPECT_EQ(ids(instance, verdict.winners), (Ids{"a", "b"}));
}

// With cost satisfaction a project all of whose n supporters pay equal shares has rho 1/n
// whatever it costs: projects of different costs tie exactly, and the fixed-point rounding
// of their prices must not decide the tie in place of the tie order.
TEST(Mes, RangeEngineSettlesEqualSplitTiesOfDifferentCostsByTheTieOrder) {
  // a's price (31 / 3 each) is rounded in fixed point, b's (a multiple of 3) is not.
  for (const char* b_cost : {"3", "30", "60", "90"}) {
    SCOPED_TRACE(b_cost);
    Instance instance =
        election("400", {{"b", b_cost}, {"a", "31"}}, {"a", "a", "a", "b", "b", "b"});
    Profile profile = build_profile(instance, Sat::cost);
    detail::TieOrder order = detail::make_tie_order(instance, profile.approvals, TieBreak::by_id);
    detail::MesRangeEngine ranges(instance, profile, order, {0, 1});
    for (bool tight_at_high : {true, false}) {
      detail::MesRangeEngine::Verdict verdict = ranges.run(40, 41, tight_at_high);
      ASSERT_TRUE(verdict.certified);
      EXPECT_EQ(ids(instance, verdict.winners), (Ids{"a", "b"}));
    }
  }
}

// A ballot repeating a project keeps equalshares.net's Add1 off the range search: the exact
// loop runs, and a loop longer than its limit is refused with an error, not run for hours.
TEST(Mes, ExactAdd1LoopRefusesMoreStepsThanItsLimit) {
  Instance instance = election("100", {{"a", "60"}, {"b", "1"}},
                               {"a,a", "b", "b", "b", "b", "b", "b", "b", "b", "b"});
  Profile profile = build_profile(instance, Sat::cost, true);
  detail::TieOrder order = detail::make_tie_order(instance, profile.approvals, TieBreak::by_id);
  const std::vector<int> candidates{0, 1};
  ASSERT_FALSE(detail::MesRangeEngine(instance, profile, order, candidates).usable());
  detail::MesEngine engine(instance, profile, order, candidates);
  detail::Add1Loop loop{{}, 10, candidates, std::nullopt};
  const long steps = detail::add1_steps(instance, profile, order, candidates, engine, loop, true);
  EXPECT_GT(steps, 3);
  EXPECT_EQ(detail::add1_steps(instance, profile, order, candidates, engine, loop, false), steps);
  loop.most_exact_steps = 3;
  EXPECT_THROW(detail::add1_steps(instance, profile, order, candidates, engine, loop, true),
               std::invalid_argument);
  EXPECT_EQ(detail::add1_steps(instance, profile, order, candidates, engine, loop, false), steps);
}

// equalshares.net reads a project listed twice in a ballot as two approvals sharing one
// budget; pabutools counts it once.
TEST(Mes, EqualSharesToolCountsRepeatedIdsTwice) {
  Instance instance = election("3.5", {{"a", "3"}, {"b", "1"}}, {"a,a", "b"});
  Outcome eqs = run_rule(instance, "mes_cost_eqs");
  EXPECT_EQ(ids(instance, eqs.selected), (Ids{"b"}));
  ASSERT_TRUE(eqs.greedy.has_value());
  ASSERT_EQ(eqs.greedy->steps.size(), 1u);
  EXPECT_EQ(eqs.greedy->steps[0].votes, 2);  // a, too dear for the 2.5 left
  Outcome add1 = run_rule(instance, "mes_cost_add1_greedy");
  EXPECT_EQ(add1.greedy->steps[0].votes, 1);
}

TEST(Mes, CumulativeAndOrdinalUseTheirMainSatisfaction) {
  // Both cost 2 for 3 points (rho 2/3): a wins the tie; then only the second voter can
  // pay for b, 2 for its 2 points.
  Instance points = election("4", {{"a", "2"}, {"b", "2"}}, {"a:3,b:1", "b:2"}, "cumulative");
  Outcome cumulative = run_rule(points, "mes_cost");
  EXPECT_EQ(ids(points, cumulative.selected), (Ids{"a", "b"}));
  EXPECT_EQ(cumulative.ties.size(), 1u);
  EXPECT_EQ(cumulative.mes->rounds[1].rho, 1);
  // a: its one supporter paid it all. b: of its two supporters (1 and 2 points, 1.5 on
  // average) only the second could pay: 2 * 2 / (1 * 3) supporters of average satisfaction.
  EXPECT_EQ(*cumulative.mes->projects[0].effective_votes, 1);
  EXPECT_EQ(*cumulative.mes->projects[1].effective_votes, mpq_class(4, 3));
  Instance ranked =
      election("2", {{"a", "1"}, {"b", "1"}, {"c", "1"}}, {"a,b,c", "b,a,c"}, "ordinal");
  Outcome borda = run_rule(ranked, "mes_cost");
  EXPECT_EQ(ids(ranked, borda.selected), (Ids{"a", "b"}));
  EXPECT_EQ(borda.mes->satisfaction, "borda");
  EXPECT_EQ(borda.mes->projects[2].reason, MesReason::no_support);  // last-ranked: Borda 0
}

TEST(Phragmen, StopsWhenTheNextProjectDoesNotFit) {
  Instance instance = election("3", {{"a", "2"}, {"b", "2"}, {"c", "1"}}, {"a", "a", "b,c"});
  Outcome outcome = run_rule(instance, "phragmen");
  EXPECT_EQ(ids(instance, outcome.selected), (Ids{"a", "c"}));
  ASSERT_EQ(outcome.ties.size(), 1u);  // a and c both reach load 1 first
  ASSERT_EQ(outcome.phragmen.size(), 2u);
  EXPECT_EQ(outcome.phragmen[1].load, 1);
  Instance without_c = election("3", {{"a", "2"}, {"b", "2"}}, {"a", "a", "b"});
  EXPECT_EQ(run(without_c, "phragmen"), (Ids{"a"}));
}

TEST(MaxWelfare, BeatsGreedyWhenTwoSmallerProjectsAreWorthMore) {
  Instance instance =
      election("6", {{"a", "4"}, {"b", "3"}, {"c", "3"}}, {"a,b,c", "a,b,c", "a,c"});
  EXPECT_EQ(run(instance, "greedy_cost"), (Ids{"a"}));
  Outcome best = run_rule(instance, "max_welfare");
  EXPECT_EQ(ids(instance, best.selected), (Ids{"b", "c"}));
  EXPECT_EQ(*best.welfare, 15);
}

TEST(Rules, UnknownOrInapplicableRulesAreRejectedClearly) {
  Instance approval = election("1", {{"a", "1"}}, {"a"});
  EXPECT_THROW(run_rule(approval, "no_such_rule"), std::invalid_argument);
  Instance ranked = election("1", {{"a", "1"}}, {"a"}, "ordinal");
  try {
    run_rule(ranked, "phragmen");
    ADD_FAILURE() << "phragmen accepted an ordinal election";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("ordinal"), std::string::npos);
  }
  EXPECT_NO_THROW(run_rule(ranked, "greedy_cost"));
}

TEST(Rules, EmptyElectionsSelectOnlyWhatFits) {
  Instance nobody = election("5", {{"a", "3"}, {"b", "9"}}, {});
  for (const auto& rule : rule_names()) {
    Outcome outcome = run_rule(nobody, rule);
    EXPECT_LE(outcome.total_cost, 5) << rule;
  }
}

TEST(OutcomeJson, RendersExactRationalsAndExplanations) {
  Instance instance = election("3", {{"a", "2"}, {"b", "1"}, {"c", "3"}}, {"a,c", "a,c", "b,c"});
  Outcome outcome = run_rule(instance, "mes_cost");
  boost::json::object json = outcome_to_json(instance, outcome).as_object();
  EXPECT_EQ(json.at("rule").as_string(), "mes_cost");
  EXPECT_EQ(json.at("selected").as_array().at(0).as_string(), "c");
  EXPECT_EQ(json.at("total_cost").at("exact").as_string(), "3");
  const auto& round = json.at("mes").at("rounds").as_array().at(0);
  EXPECT_EQ(round.at("rho").at("exact").as_string(), "1/3");
  EXPECT_EQ(round.at("rho").at("decimal").as_string(), "0.333333");
  const auto& a = json.at("mes").at("projects").as_array().at(0);
  EXPECT_EQ(a.at("reason").as_string(), "outbid");
  EXPECT_EQ(a.at("outbid_by").as_string(), "c");
}

// A dozen small real elections per rule, compared with the reference rows.
TEST(RulesCorpus, SmallInstancesMatchTheReference) {
  std::string expected_dir = testing::pabulib_dir() + "/expected";
  std::vector<ExpectedRow> rows = read_expected(expected_dir);
  std::vector<std::string> sample = testing::corpus_sample(4, 2, 60'000);
  std::set<std::string> in_sample(sample.begin(), sample.end());
  std::map<std::string, int> checked;
  for (const ExpectedRow& row : rows) {
    if (in_sample.count(row.instance) == 0 || checked[row.rule] >= 12) continue;
    Instance instance = parse_pb(testing::read_corpus_text(row.instance), row.instance);
    RowResult result = check_row(instance, row);
    EXPECT_NE(result.verdict, Verdict::fail)
        << row.rule << " " << row.instance << ": " << result.detail;
    ++checked[row.rule];
  }
  for (const auto& rule : rule_names()) {
    if (rule != "mes_cost_greedy") {
      EXPECT_GE(checked[rule], 3) << rule;
    }
  }
}

}  // namespace
}  // namespace coproduce::commission::pb
