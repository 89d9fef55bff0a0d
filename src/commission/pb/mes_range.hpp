// The Method of Equal Shares run once for a whole range of starting money [low, high],
// with a certificate: either "MES buys exactly these projects, in this order, at every
// endowment in the range", proven, or "not certain". It lets the Add1 completion skip the
// thousands of +1 steps on which the outcome does not change (Budapest 2024: 22,001 steps,
// 124 changes of outcome) without running MES at each of them.
//
// How it stays exact without rational arithmetic: every voter's money is bounded below and
// above by affine functions of the endowment e on [low, high] (kept as their values at the
// two ends, integers in fixed point rounded outwards), and each round is decided only when
// the bounds decide it for every e at once. The bounds are sound because:
// - with the purchases fixed, a price q(e) solves sum_i min(b_i(e), q * w_i) = cost; with
//   the lower money bounds L_i in place of b_i the solution is at least q(e) and, the L_i
//   being affine, a convex function of e (its epigraph is a superlevel set of a jointly
//   concave function), so the chord through its values at the two ends bounds q above;
// - for any split of the supporters into "pay all they have" P and the rest R,
//   q(e) >= (cost - sum_P v_i U_i(e)) / sum_R v_i w_i, an affine lower bound (the split is
//   the one at `high`, where it is tight);
// - a payer keeps max(b - q w, 0): at least L - q_up w (or 0) and at most the chord of
//   max(U - q_low w, 0), which is convex;
// - prices only rise within a run, so a lower bound found in an earlier round stays valid.
// A round is certified when one candidate's upper bound on its price per unit of
// satisfaction is below every other candidate's lower bound at both ends (equal only where
// the tie order favours it); the run ends certified when every remaining candidate's
// supporters have, by their upper bounds, less money than its cost at both ends.
#pragma once

#include <gmpxx.h>

#include <span>
#include <vector>

#include "commission/pb/mes_engine.hpp"
#include "commission/pb/rules_internal.hpp"

namespace coproduce::commission::pb::detail {

class MesRangeEngine {
 public:
  // At most `cache_entries` aggregated supporter entries are kept between runs (16 bytes
  // each; the default is ten times the most any corpus file needs), so that a hostile
  // election cannot make the cache grow with rounds times voters.
  static constexpr std::size_t kCacheEntries = std::size_t(1) << 22;
  MesRangeEngine(const Instance& instance, const Profile& profile, const TieOrder& order,
                 std::vector<int> candidates, std::size_t cache_entries = kCacheEntries);

  // False when the election's numbers do not fit the fixed-point bounds (a satisfaction
  // unit beyond 64 bits) or ballots repeat projects: use the exact engine step by step.
  bool usable() const { return usable_; }

  struct Verdict {
    bool certified = false;
    std::vector<int> winners;  // certified: bought in this order at every endowment in range
    // Not certified: the share of the range (0..1, from `low`) over which the comparison
    // that failed still held, by its bounds; a hint for how far the next try should reach.
    double reach = 0;
  };
  // Requires 0 <= low <= high.
  // The bounds are exact (up to rounding) at one end: `high` or `low`; choose the end that
  // is closer to a change of outcome.
  Verdict run(const mpq_class& low, const mpq_class& high, bool tight_at_high);

 private:
  __extension__ using Fixed = __int128;
  struct Line {  // an affine function of the endowment, by its values at low and at high
    Fixed at_low = 0, at_high = 0;
  };
  using Entry = ClassEntry;
  struct Money {  // bounds on the money of every voter in a budget class
    Line lower, upper;
  };
  struct Bounds {
    bool affordable_for_sure = false;  // lower money bounds cover the cost at both ends (only
                                       // computed for a possible winner, else false)
    bool maybe_affordable = false;     // upper money bounds cover it at one end at least
    bool fully_priced = false;         // the upper bound was computed (if affordable for sure)
    Line upper;                        // price per unit of weight, when affordable_for_sure
    Line lower;                        // price per unit of weight, when maybe_affordable
    Line most_money;                   // the supporters' upper money bounds, summed
    // The upper bound found every supporter able to pay an equal share at both ends (no
    // one short): the price is then exactly cost / total_weight all over the range, and
    // exact ties between such prices are settled exactly, by the tie order.
    bool equal_shares_throughout = false;
    long total_weight = 0;
  };

  bool set_scale(const mpq_class& high);
  void aggregate(std::size_t project);  // points entries_ at its supporters by class
  Line sum_over(std::span<const Entry> entries, Line Money::*bound) const;
  // Bounds on the price of `project`; the upper one only when it may beat `rival` (if any,
  // with upper bound `rival_upper`) at the low end.
  Bounds price(std::size_t project, int rival, const Line& rival_upper);
  // Does a price bounded below by `lower` (project p) lose to one bounded above by `upper`
  // (project w) at both ends of the range?
  bool loses_to(int p, const Line& lower, int w, const Line& upper) const;
  // Exact comparison when both prices are known exactly (equal_shares_throughout).
  bool loses_exactly(int p, const Bounds& p_bounds, int w, const Bounds& w_bounds) const;
  double reach(int p, const Bounds& bounds, int w, const Line& upper) const;
  // Share of the range, from `low`, over which project p is surely unaffordable.
  double unaffordable_reach(int p, const Bounds& bounds) const;
  void pay(std::size_t project, const Bounds& bounds);

  const Instance& instance_;
  const Profile& profile_;
  const TieOrder& order_;
  std::vector<int> candidates_;
  bool usable_ = true;                     // numbers small enough for the fixed-point bounds
  std::vector<long> unit_num_, unit_den_;  // satisfaction unit per project, as integers
  long max_weight_ = 1;
  mpz_class cost_bound_ = 0;  // above the candidates' total cost, in whole units

  bool tight_at_high_ = true;
  int shift_ = 0;  // fixed point: value * 2^shift_
  std::vector<Fixed> cost_floor_, cost_ceil_;
  std::vector<Fixed> equal_split_;  // per project: cost_floor_ / total weight, a lower price
  std::vector<Money> money_;        // per budget class
  // Per group, after the first class_of_rounds_ purchases of path_; brought up to the
  // current round only when a project must be aggregated afresh.
  std::vector<int> class_of_;
  std::size_t class_of_rounds_ = 0;
  void replay_classes();
  std::vector<int> moved_to_;  // per class, while paying
  SupporterTable supporters_;

  // Which groups share a budget class depends only on what was bought, not on the range
  // (each purchase moves the payers of a class to a new class, even when their money is
  // gone): the supporters of a project aggregated by class at a round, and the moves a
  // purchase makes, are reused by later runs that bought the same projects before it
  // (neighbouring ranges mostly do). path_[r] is the state before round r.
  struct CachedRound {
    std::vector<std::vector<Entry>> entries;  // per project, once aggregated
    std::vector<bool> aggregated;             // per project
    int winner = -1;                          // bought at this round, once known
    std::vector<std::pair<int, long>> moves;  // per class it made: (from class, weight)
    std::vector<int> class_after;             // per supporter of the winner: new class
  };
  std::vector<CachedRound> path_;
  std::size_t cache_limit_, cached_entries_ = 0;
  std::vector<Entry> uncached_;  // a project aggregated when the cache is full
  std::size_t round_ = 0;
  std::vector<Entry>* entries_ = nullptr;  // the project being priced, in path_
};

}  // namespace coproduce::commission::pb::detail
