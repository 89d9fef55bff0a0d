// Pieces shared by the rule families (tie order, greedy pass) and their entry points;
// internal to the rules, not part of the library's interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commission/pb/profile.hpp"
#include "commission/pb/rules.hpp"

namespace coproduce::commission::pb::detail {

// A strict total order of the projects used to break ties: rank[p] smaller wins.
struct TieOrder {
  TieBreak tie_break = TieBreak::by_id;
  std::vector<int> rank;
  bool before(int a, int b) const {
    return rank[static_cast<std::size_t>(a)] < rank[static_cast<std::size_t>(b)];
  }
};

// votes[p]: voters naming project p (used by fewer_cost_more_votes_then_id).
TieOrder make_tie_order(const Instance& instance, const std::vector<long>& votes,
                        TieBreak tie_break);

// "A, B and C tied on WHAT; chose A by TIE-BREAK" for Outcome::ties.
std::string describe_tie(const Instance& instance, std::vector<int> tied, int chosen,
                         const TieOrder& order, const std::string& what);

// Exact decimal rendering when finite, else "a/b" (for messages).
std::string show(const mpq_class& value);

// Greedy utilitarian pass over the projects not yet in `selected`, by decreasing
// satisfaction per unit of cost (free supported projects first, unsupported ones last),
// adding each one that fits. Appends to `selected`, adds to `spent`, records ties.
// Greedy's one move: project p is taken iff its cost fits what is left of the
// budget. Records the step (with the budget left before it) in `explanation`.
GreedyStep& consider_greedily(const Instance& instance, const Profile& profile, std::size_t p,
                              mpq_class& spent, std::vector<int>& selected,
                              GreedyExplanation& explanation);

GreedyExplanation greedy_pass(const Instance& instance, const Profile& profile,
                              const TieOrder& order, std::vector<int>& selected, mpq_class& spent,
                              std::vector<std::string>& ties);

enum class Completion { none, add1, add1_greedy, add1_eqs, greedy };

// An Add1 loop: MES from `start` + k per voter for k = 0, 1, ...; it stops at the first k
// whose selection (after `prefix`) is over the budget (the answer is then k - 1), is
// exhaustive over `pool`, or, with a `cap`, has start + k above it (the answer is k).
// pabutools: start B/n, pool the candidates, no cap; equalshares.net: start floor(B/n),
// pool every project, cap the candidates' total cost.
struct Add1Loop {
  std::vector<int> prefix;
  mpq_class start;
  std::vector<int> pool;
  std::optional<mpq_class> cap;
  // When the range search cannot serve the election and the loop must run one exact MES
  // per step, more steps than this are refused with an error rather than run for hours
  // (the corpus needs at most 932; a hostile file could ask for 10^18).
  long most_exact_steps = 100'000;
};

class MesEngine;

// The answer k of the loop, with `engine` (over `candidates`) for the exact runs.
// `by_ranges` false runs it literally, one MES per step (the reference for tests); true
// skips the steps that certified ranges show change nothing.
long add1_steps(const Instance& instance, const Profile& profile, const TieOrder& order,
                const std::vector<int>& candidates, MesEngine& engine, const Add1Loop& loop,
                bool by_ranges);

Outcome run_greedy(const Instance& instance, Sat sat, const RuleOptions& options);
Outcome run_mes(const Instance& instance, Sat sat, Completion completion,
                const RuleOptions& options);
Outcome run_phragmen(const Instance& instance, const RuleOptions& options);
// How the knapsack is solved; `automatic` picks the table when it is small enough (tests
// force each one).
enum class KnapsackMethod { automatic, table, search };
Outcome run_max_welfare(const Instance& instance, const RuleOptions& options,
                        KnapsackMethod method = KnapsackMethod::automatic);

}  // namespace coproduce::commission::pb::detail
