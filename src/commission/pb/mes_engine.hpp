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

// Supporters of one project summed up by (budget class, satisfaction weight).
struct ClassEntry {  // 16 bytes: pricing streams through many of them
  int budget_class;
  int voters;
  long weight;  // satisfaction weight (see Profile::Supporter)
};

// The supporters of each candidate in the forms the MES engines price with.
class SupporterTable {
 public:
  SupporterTable(const Profile& profile, const std::vector<int>& candidates);
  // Fills `entries` with the supporters of `project` aggregated by (class_of[group],
  // weight); `classes` is the number of budget classes. With `first_round` (nothing bought
  // yet, everybody in class 0) it copies a precomputed list instead of visiting voters.
  void aggregate(std::size_t project, const std::vector<int>& class_of, std::size_t classes,
                 bool first_round, std::vector<ClassEntry>& entries);
  // A candidate's supporters (repeats in a ballot counted), and their weights summed.
  long voters(std::size_t project) const;
  long total_weight(std::size_t project) const;

 private:
  struct Packed {  // a supporting group of a project whose supporters all have one weight
    int group;
    int voters;  // multiplicity times copies
  };
  const Profile& profile_;
  std::vector<std::vector<Packed>> uniform_;    // per project with uniform weights
  std::vector<std::vector<ClassEntry>> first_;  // per candidate, everybody in class 0
  std::vector<long> scratch_;                   // per class: 1 + entry index, or 0
};

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

 private:
  // Every voter's money as an integer numerator over one common denominator, so that
  // pricing compares and sums integers (no gcd per operation); per budget class.
  struct Budgets {
    mpz_class denominator;
    std::vector<mpz_class> numerator;  // per budget class
    std::vector<int> class_of;         // per group
  };
  using Entry = ClassEntry;
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
  // cost / (what a supporter of average satisfaction pays at price `scaled`).
  mpq_class effective_votes(std::size_t project, const mpq_class& scaled) const;
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
  SupporterTable supporters_;
  std::vector<Entry> entries_;  // supporters of one project, aggregated
  mpz_class lhs_, rhs_, rest_;  // reused temporaries
  mpq_class spent_;
};

}  // namespace coproduce::commission::pb::detail
