// Property tests on generated approval elections: budget never exceeded; MES equals a
// naive per-voter MES that checks the equal-shares price bound at every payment; greedy
// equals its brute-force definition; the knapsack rule equals exhaustive search; Add1 over
// certified ranges takes exactly the literal loop's steps, and every certified range holds.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "commission/pb/mes_engine.hpp"
#include "commission/pb/mes_range.hpp"
#include "commission/pb/rules.hpp"
#include "commission/pb/rules_internal.hpp"
#include "commission/pb/rules_test_support.hpp"

namespace coproduce::commission::pb {
namespace {

// Ranges (lowest, one past the highest) of a generated approval election; each voter
// approves each project with probability 1/3. Ids are p0, p1, ...
struct ElectionShape {
  int projects_from = 1, projects_to = 9;
  int voters_from = 0, voters_to = 10;
  int cost_from = 0, cost_to = 13;
  int budget_from = 0, budget_to = 31;
};

Instance random_election(const ElectionShape& shape = {}) {
  const int projects = *rc::gen::inRange(shape.projects_from, shape.projects_to);
  const int voters = *rc::gen::inRange(shape.voters_from, shape.voters_to);
  std::vector<testing::ProjectSpec> specs;
  for (int p = 0; p < projects; ++p) {
    specs.push_back({"p" + std::to_string(p),
                     std::to_string(*rc::gen::inRange(shape.cost_from, shape.cost_to))});
  }
  std::vector<std::string> ballots;
  for (int v = 0; v < voters; ++v) {
    std::string ballot;
    for (int p = 0; p < projects; ++p) {
      if (*rc::gen::inRange(0, 3) == 0) ballot += (ballot.empty() ? "p" : ",p") + std::to_string(p);
    }
    ballots.push_back(ballot);
  }
  return testing::election(std::to_string(*rc::gen::inRange(shape.budget_from, shape.budget_to)),
                           specs, ballots);
}

std::vector<long> approvals(const Instance& instance) {
  std::vector<long> count(instance.projects.size(), 0);
  for (const auto& ballot : instance.ballots)
    for (int p : ballot.items) ++count[std::size_t(p)];
  return count;
}

bool approves(const Ballot& ballot, int project) {
  return std::find(ballot.items.begin(), ballot.items.end(), project) != ballot.items.end();
}

bool id_less(const Instance& instance, int a, int b) {
  return instance.projects[std::size_t(a)].id < instance.projects[std::size_t(b)].id;
}

// MES voter by voter, straight from the definition, asserting the price bound.
std::vector<int> naive_mes(const Instance& instance, bool cost_sat) {
  const std::size_t n = instance.ballots.size();
  std::vector<long> votes = approvals(instance);
  std::vector<int> selected, candidates;
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    const mpq_class& cost = instance.projects[p].cost;
    if (votes[p] == 0 || (cost_sat && cost == 0)) continue;
    (cost > 0 ? candidates : selected).push_back(int(p));  // free supported: taken first
  }
  if (n == 0) return selected;
  std::vector<mpq_class> budget(n, instance.budget / mpq_class(long(n)));
  while (true) {
    int best = -1;
    mpq_class best_rho;
    std::vector<int> still;
    for (int p : candidates) {
      const mpq_class& cost = instance.projects[std::size_t(p)].cost;
      const mpq_class utility = cost_sat ? cost : mpq_class(1);
      std::vector<mpq_class> money;
      for (std::size_t i = 0; i < n; ++i)
        if (approves(instance.ballots[i], p)) money.push_back(budget[i]);
      mpq_class total = 0;
      for (const auto& m : money) total += m;
      if (total < cost) continue;
      still.push_back(p);
      std::sort(money.begin(), money.end());
      mpq_class rest = cost, weight = utility * long(money.size()), rho;
      for (const auto& m : money) {
        rho = rest / weight;
        if (rho * utility <= m) break;
        rest -= m;
        weight -= utility;
      }
      if (best < 0 || rho < best_rho || (rho == best_rho && id_less(instance, p, best))) {
        best = p;
        best_rho = rho;
      }
    }
    if (best < 0) return selected;
    const mpq_class& cost = instance.projects[std::size_t(best)].cost;
    const mpq_class utility = cost_sat ? cost : mpq_class(1);
    mpq_class paid = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!approves(instance.ballots[i], best)) continue;
      mpq_class share = std::min(budget[i], mpq_class(best_rho * utility));
      RC_ASSERT(share <= best_rho * utility);  // equal-shares price bound
      budget[i] -= share;
      RC_ASSERT(budget[i] >= 0);  // nobody pays more than they have
      paid += share;
    }
    RC_ASSERT(paid == cost);  // supporters pay exactly the cost
    selected.push_back(best);
    still.erase(std::find(still.begin(), still.end(), best));
    candidates = still;
  }
}

RC_GTEST_PROP(RulesProperty, NoRuleExceedsTheBudget, ()) {
  Instance instance = random_election();
  for (const auto& rule : rule_names()) {
    Outcome outcome = run_rule(instance, rule);
    RC_ASSERT(outcome.total_cost <= instance.budget);
    std::vector<int> sorted = outcome.selected;
    std::sort(sorted.begin(), sorted.end());
    RC_ASSERT(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  }
}

RC_GTEST_PROP(RulesProperty, MesEqualsNaivePerVoterMes, ()) {
  Instance instance = random_election();
  RC_ASSERT(run_rule(instance, "mes_cost").selected == naive_mes(instance, true));
  RC_ASSERT(run_rule(instance, "mes_card").selected == naive_mes(instance, false));
}

RC_GTEST_PROP(RulesProperty, MesRoundsRespectThePriceBound, ()) {
  Instance instance = random_election();
  Outcome outcome = run_rule(instance, "mes_cost");
  mpq_class endowment = outcome.mes->endowment, total_paid = 0;
  for (const MesRound& round : outcome.mes->rounds) {
    mpq_class paid = 0;
    for (const PaymentShare& share : round.payments) {
      RC_ASSERT(share.each <= *round.price_per_supporter);
      RC_ASSERT(share.each <= endowment);
      paid += share.each * share.voters;
    }
    RC_ASSERT(paid == instance.projects[std::size_t(round.project)].cost);
    total_paid += paid;
  }
  RC_ASSERT(total_paid <= endowment * long(instance.ballots.size()));
}

RC_GTEST_PROP(RulesProperty, GreedyEqualsRepeatedBestFeasibleChoice, ()) {
  Instance instance = random_election();
  std::vector<long> votes = approvals(instance);
  std::vector<int> expected;
  std::vector<bool> taken(instance.projects.size(), false);
  mpq_class left = instance.budget;
  while (true) {
    int best = -1;
    for (std::size_t p = 0; p < instance.projects.size(); ++p) {
      if (taken[p] || instance.projects[p].cost > left) continue;
      // Cost satisfaction per unit of cost is the approval count (0 for free projects).
      long score = instance.projects[p].cost > 0 ? votes[p] : 0;
      long best_score =
          best < 0 ? -1
                   : (instance.projects[std::size_t(best)].cost > 0 ? votes[std::size_t(best)] : 0);
      if (score > best_score || (score == best_score && id_less(instance, int(p), best)))
        best = int(p);
    }
    if (best < 0) break;
    taken[std::size_t(best)] = true;
    left -= instance.projects[std::size_t(best)].cost;
    expected.push_back(best);
  }
  RC_ASSERT(run_rule(instance, "greedy_cost").selected == expected);
}

// 2-12 projects costing 1-4, 1-3 voters, budget 2-11: many sets share one welfare.
Instance random_tie_prone_election() {
  return random_election({.projects_from = 2,
                          .projects_to = 13,
                          .voters_from = 1,
                          .voters_to = 4,
                          .cost_from = 1,
                          .cost_to = 5,
                          .budget_from = 2,
                          .budget_to = 12});
}

// Both solvers (the table and the branch and bound) against every subset: the optimum, a
// tie reported exactly when several sets reach it, and the set kept the one that includes
// the projects earliest in the tie order. Projects that add no welfare (no approvals or no
// cost) never count: no rule selects them.
RC_GTEST_PROP(RulesProperty, MaxWelfareEqualsExhaustiveSearch, ()) {
  // Half of the elections with few voters and small costs, where optimal sets often tie.
  Instance instance = *rc::gen::arbitrary<bool>() ? random_election({.projects_to = 13})
                                                  : random_tie_prone_election();
  std::vector<long> votes = approvals(instance);
  const TieBreak tie_break =
      *rc::gen::element(TieBreak::by_id, TieBreak::fewer_cost_more_votes_then_id);
  detail::TieOrder order = detail::make_tie_order(instance, votes, tie_break);
  std::vector<std::size_t> useful;  // in tie order, so that a larger key is preferred
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    if (votes[p] > 0 && instance.projects[p].cost > 0) useful.push_back(p);
  }
  std::sort(useful.begin(), useful.end(),
            [&](std::size_t a, std::size_t b) { return order.before(int(a), int(b)); });
  const std::size_t m = useful.size();
  mpq_class best = 0;
  unsigned best_key = 0, optimal_sets = 0;
  for (unsigned mask = 0; mask < (1u << m); ++mask) {
    mpq_class cost = 0, welfare = 0;
    unsigned key = 0;  // the first project in tie order is the highest bit
    for (std::size_t i = 0; i < m; ++i) {
      if ((mask >> i & 1u) == 0) continue;
      cost += instance.projects[useful[i]].cost;
      welfare += instance.projects[useful[i]].cost * votes[useful[i]];
      key |= 1u << (m - 1 - i);
    }
    if (cost > instance.budget || welfare < best) continue;
    if (welfare > best) {
      best = welfare;
      best_key = key;
      optimal_sets = 1;
    } else {
      best_key = std::max(best_key, key);
      ++optimal_sets;
    }
  }
  std::vector<int> expected;
  for (std::size_t i = 0; i < m; ++i) {
    if (best_key >> (m - 1 - i) & 1u) expected.push_back(int(useful[i]));
  }
  std::sort(expected.begin(), expected.end(), [&](int a, int b) {
    return instance.projects[std::size_t(a)].id < instance.projects[std::size_t(b)].id;
  });
  for (auto method : {detail::KnapsackMethod::table, detail::KnapsackMethod::search}) {
    Outcome outcome = detail::run_max_welfare(instance, {.tie_break = tie_break}, method);
    RC_ASSERT(*outcome.welfare == best);
    RC_ASSERT(outcome.selected == expected);  // within the budget: `expected` is
    RC_ASSERT(outcome.ties.size() == (optimal_sets > 1 ? 1u : 0u));
  }
  Outcome via_rule = run_rule(instance, "max_welfare", {.tie_break = tie_break});
  RC_ASSERT(via_rule.selected == expected);
  RC_ASSERT(via_rule.total_cost <= instance.budget);
  RC_CLASSIFY(optimal_sets > 1, "several optimal sets");
}

// 2-9 projects costing 1-60, 1-40 voters, budget 10-200: enough Add1 steps (tens to
// hundreds) for outcomes to change several times along the way.
Instance random_add1_election() {
  return random_election({.projects_from = 2,
                          .projects_to = 10,
                          .voters_from = 1,
                          .voters_to = 41,
                          .cost_from = 1,
                          .cost_to = 61,
                          .budget_from = 10,
                          .budget_to = 201});
}

struct MesSetup {
  Profile profile;
  detail::TieOrder order;
  std::vector<int> candidates, free_supported;
};

MesSetup mes_setup(const Instance& instance, Sat sat) {
  MesSetup setup{build_profile(instance, sat), {}, {}, {}};
  setup.order = detail::make_tie_order(instance, setup.profile.approvals, TieBreak::by_id);
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    if (setup.profile.total_sat[p] <= 0) continue;
    (instance.projects[p].cost > 0 ? setup.candidates : setup.free_supported).push_back(int(p));
  }
  return setup;
}

// Ten elections per case (1,000 per run): deliberately broken bounds were caught only after
// a few hundred.
RC_GTEST_PROP(RulesProperty, Add1OverRangesTakesTheLiteralLoopsSteps, ()) {
  for (int draw = 0; draw < 10; ++draw) {
    Instance instance = random_add1_election();
    for (Sat sat : {Sat::cost, Sat::cardinality}) {
      MesSetup setup = mes_setup(instance, sat);
      const mpq_class start = instance.budget / setup.profile.voters;
      std::vector<int> everything(instance.projects.size());
      for (std::size_t p = 0; p < everything.size(); ++p) everything[p] = int(p);
      mpq_class cap = 0;
      for (int p : setup.candidates) cap += instance.projects[std::size_t(p)].cost;
      // pabutools' loop, then equalshares.net's (from floor(B/n), capped).
      for (const detail::Add1Loop& loop :
           {detail::Add1Loop{setup.free_supported, start, setup.candidates, std::nullopt},
            detail::Add1Loop{{}, mpq_class(start.get_num() / start.get_den()), everything, cap}}) {
        detail::MesEngine engine(instance, setup.profile, setup.order, setup.candidates);
        auto steps = [&](bool by_ranges) {
          return detail::add1_steps(instance, setup.profile, setup.order, setup.candidates, engine,
                                    loop, by_ranges);
        };
        RC_ASSERT(steps(true) == steps(false));
      }
    }
  }
}

// One range engine serves several ranges in turn, as in the Add1 loop: what it keeps from
// earlier runs (supporters aggregated along the purchases) must never change a verdict.
RC_GTEST_PROP(RulesProperty, RangeCertificatesHoldInsideTheRange, ()) {
  int certified = 0;  // ranges longer than one point
  for (int draw = 0; draw < 10; ++draw) {
    Instance instance = random_add1_election();
    const Sat sat = *rc::gen::element(Sat::cost, Sat::cardinality);
    MesSetup setup = mes_setup(instance, sat);
    detail::MesEngine engine(instance, setup.profile, setup.order, setup.candidates);
    // Sometimes a cache too small for the election: the runs must not depend on it.
    const std::size_t cache = *rc::gen::element<std::size_t>(0, 8, 40, 1 << 22);
    detail::MesRangeEngine ranges(instance, setup.profile, setup.order, setup.candidates, cache);
    for (int range = 0; range < 3; ++range) {
      const mpq_class low = instance.budget / setup.profile.voters + *rc::gen::inRange(0, 60);
      const mpq_class high = low + mpq_class(*rc::gen::inRange(0, 81), 4);
      detail::MesRangeEngine::Verdict verdict = ranges.run(low, high, *rc::gen::arbitrary<bool>());
      if (!verdict.certified) continue;
      certified += high > low;
      RC_ASSERT(engine.run(low) == verdict.winners);
      RC_ASSERT(engine.run(high) == verdict.winners);
      for (int i = 0; i < 3; ++i) {
        const int step = *rc::gen::inRange(0, 1001);
        const mpq_class inside = low + (high - low) * mpq_class(step, 1000);
        RC_ASSERT(engine.run(inside) == verdict.winners);
      }
    }
  }
  RC_CLASSIFY(certified > 0, "certified a range");
}

}  // namespace
}  // namespace coproduce::commission::pb
