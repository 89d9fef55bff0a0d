// One run of the Method of Equal Shares at a given starting money per voter, exact.
//
// Speed without giving up exactness:
// - voters with identical ballots form groups (Profile) and keep equal budgets forever, so
//   the rule works on groups with multiplicities;
// - groups share "budget classes": every group starts in one class, and a purchase moves
//   the paying groups of one class (and satisfaction weight) together into one new class.
//   Pricing a project then aggregates its supporters by class with integer adds and sorts
//   only the few distinct budgets, instead of sorting every voter;
// - prices only rise as budgets fall, so a project's last price is a lower bound on its
//   current one: each round re-prices projects in order of their last price and stops once
//   the best current price is below the next lower bound (as pabutools does). Projects
//   with a lower bound equal to the best price are still re-priced, so ties are all seen.
#pragma once

#include <gmpxx.h>

#include <string>
#include <vector>

#include "commission/pb/rules_internal.hpp"

namespace coproduce::commission::pb::detail {

class MesEngine {
 public:
  MesEngine(const Instance& instance, const Profile& profile, const TieOrder& order,
            std::vector<int> candidates);

  // Projects bought, in round order, with every voter starting at `endowment`. With
  // `explain`, the rounds and per-project notes are filled in (after each purchase every
  // remaining candidate's money is checked, to see which ones it priced out); ties met
  // are appended to `ties`.
  std::vector<int> run(const mpq_class& endowment, MesExplanation* explain = nullptr,
                       std::vector<std::string>* ties = nullptr);
  // Price per unit of satisfaction each winner of the last run() paid, in round order.
  const std::vector<mpq_class>& winner_rhos() const { return winner_rhos_; }

  // True when MES provably buys exactly `winners` (in that order, ties broken the same way)
  // at every endowment in [low, high], given that it does at `low` with the winners paying
  // `rhos_at_low`. Argument: for a fixed purchase sequence, more starting money never lowers
  // a budget (a voter keeps max(b - price*weight, 0), nondecreasing in b, and each price,
  // solving sum min(b, price*weight) = cost, is nonincreasing in the budgets), so by
  // induction over the rounds every price is nonincreasing in the endowment. Hence on
  // [low, high] a winner's price is at most its price at low, another candidate's price at
  // least its price at high (infinite if unaffordable there), and if the former does not
  // lose to the latter (tie order included) the winner wins that round throughout; after
  // the last round no candidate is affordable at high, so none is below high either.
  bool same_selection_up_to(const mpq_class& high, const std::vector<int>& winners,
                            const std::vector<mpq_class>& rhos_at_low);

 private:
  // Every voter's money as an integer numerator over one common denominator, so that
  // pricing compares and sums integers (no gcd per operation); per budget class.
  struct Budgets {
    mpz_class denominator;
    std::vector<mpz_class> numerator;  // per budget class
    std::vector<int> class_of;         // per group
  };
  struct Entry {
    int budget_class;
    long weight;  // satisfaction weight (see Profile::Supporter)
    long voters;
  };
  struct Price {
    bool affordable = false;
    mpq_class scaled;  // price per unit of weight: a supporter of weight k pays min(b, scaled*k)
    mpq_class rho;     // price per unit of satisfaction = scaled / unit
  };

  void aggregate(std::size_t project, const std::vector<int>& class_of);
  mpz_class money_numerator(std::size_t project, const Budgets& at);
  mpq_class money_of(std::size_t project, const Budgets& at);
  Price price(std::size_t project, const Budgets& at);
  int new_class(mpz_class numerator);
  void start(const mpq_class& endowment);
  void pay(std::size_t project, const Price& price, std::vector<PaymentShare>* shares);
  void note_never_affordable(std::vector<int>& alive, MesExplanation& explain);
  void explain_round(int round, int winner, const Price& won, const Budgets& before,
                     std::vector<int>& alive, MesExplanation& explain);

  const Instance& instance_;
  const Profile& profile_;
  const TieOrder& order_;
  std::vector<int> candidates_;
  mpq_class endowment_;
  Budgets budgets_;
  int zero_class_ = -1;
  std::vector<long> scratch_;   // per class: 1 + entry index, while aggregating
  std::vector<Entry> entries_;  // supporters of one project, aggregated
  mpz_class lhs_, rhs_, rest_;  // reused temporaries
  mpq_class spent_;
  std::vector<mpq_class> winner_rhos_;
};

}  // namespace coproduce::commission::pb::detail
