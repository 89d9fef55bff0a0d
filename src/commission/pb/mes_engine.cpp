// One exact run of the Method of Equal Shares over merged ballots (see mes_engine.hpp).
#include "commission/pb/mes_engine.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace coproduce::commission::pb::detail {

namespace {

mpz_class ceil_div(const mpq_class& numerator, const mpq_class& denominator) {
  mpq_class ratio = numerator / denominator;
  mpz_class result;
  mpz_cdiv_q(result.get_mpz_t(), ratio.get_num_mpz_t(), ratio.get_den_mpz_t());
  return result;
}

}  // namespace

MesEngine::MesEngine(const Instance& instance, const Profile& profile, const TieOrder& order,
                     std::vector<int> candidates)
    : instance_(instance),
      profile_(profile),
      order_(order),
      candidates_(std::move(candidates)),
      supporters_(profile, candidates_) {}

int MesEngine::new_class(mpz_class numerator) {
  if (numerator == 0 && zero_class_ >= 0) return zero_class_;
  budgets_.numerator.push_back(std::move(numerator));
  int id = int(budgets_.numerator.size()) - 1;
  if (budgets_.numerator.back() == 0) zero_class_ = id;
  return id;
}

SupporterTable::SupporterTable(const Profile& profile, const std::vector<int>& candidates)
    : profile_(profile), uniform_(profile.supporters.size()), first_(profile.supporters.size()) {
  for (int p : candidates) {
    auto project = std::size_t(p);
    if (!profile.uniform[project]) continue;
    for (const Supporter& s : profile.supporters[project]) {
      long voters = profile.multiplicity[std::size_t(s.group)] * s.copies;
      uniform_[project].push_back({s.group, int(voters)});
    }
  }
  const std::vector<int> everybody_in_class_0(profile.multiplicity.size(), 0);
  for (int p : candidates)
    aggregate(std::size_t(p), everybody_in_class_0, 1, false, first_[std::size_t(p)]);
}

long SupporterTable::voters(std::size_t project) const {
  long sum = 0;
  for (const ClassEntry& entry : first_[project]) sum += entry.voters;
  return sum;
}

long SupporterTable::total_weight(std::size_t project) const {
  long sum = 0;
  for (const ClassEntry& entry : first_[project]) sum += entry.voters * entry.weight;
  return sum;
}

void SupporterTable::aggregate(std::size_t project, const std::vector<int>& class_of,
                               std::size_t classes, bool first_round,
                               std::vector<ClassEntry>& entries) {
  if (first_round) {
    entries = first_[project];
    return;
  }
  entries.clear();
  if (scratch_.size() < classes) scratch_.resize(classes, 0);
  if (profile_.uniform[project]) {
    const long weight = profile_.supporters[project].front().weight;
    for (const Packed& s : uniform_[project]) {
      auto c = std::size_t(class_of[std::size_t(s.group)]);
      if (scratch_[c] == 0) {
        entries.push_back({int(c), s.voters, weight});
        scratch_[c] = long(entries.size());
      } else {
        entries[std::size_t(scratch_[c] - 1)].voters += s.voters;
      }
    }
    for (const ClassEntry& entry : entries) scratch_[std::size_t(entry.budget_class)] = 0;
    return;
  }
  for (const Supporter& s : profile_.supporters[project]) {
    entries.push_back({class_of[std::size_t(s.group)],
                       int(profile_.multiplicity[std::size_t(s.group)] * s.copies), s.weight});
  }
  std::sort(entries.begin(), entries.end(), [](const ClassEntry& a, const ClassEntry& b) {
    return a.budget_class != b.budget_class ? a.budget_class < b.budget_class : a.weight < b.weight;
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (kept > 0 && entries[kept - 1].budget_class == entries[i].budget_class &&
        entries[kept - 1].weight == entries[i].weight) {
      entries[kept - 1].voters += entries[i].voters;
    } else {
      entries[kept++] = entries[i];
    }
  }
  entries.resize(kept);
}

mpq_class MesEngine::effective_votes(std::size_t project, const mpq_class& scaled) const {
  // A supporter of weight k pays min(money, scaled * k).
  return instance_.projects[project].cost * supporters_.voters(project) /
         (scaled * supporters_.total_weight(project));
}

// Supporters of `project` aggregated by (budget class, weight), using `class_of` per group.
void MesEngine::aggregate(std::size_t project, const std::vector<int>& class_of) {
  const bool first_round = &class_of == &budgets_.class_of && budgets_.numerator.size() == 1;
  supporters_.aggregate(project, class_of, budgets_.numerator.size(), first_round, entries_);
}

// Supporters' money times the common denominator.
mpz_class MesEngine::money_numerator(std::size_t project, const Budgets& at) {
  aggregate(project, at.class_of);
  mpz_class money = 0;
  for (const Entry& entry : entries_) {
    mpz_addmul_ui(money.get_mpz_t(), at.numerator[std::size_t(entry.budget_class)].get_mpz_t(),
                  static_cast<unsigned long>(entry.voters));
  }
  return money;
}

mpq_class MesEngine::money_of(std::size_t project, const Budgets& at) {
  mpq_class money(money_numerator(project, at), at.denominator);
  money.canonicalize();
  return money;
}

// The least price with sum over supporters of min(budget, price * weight) = cost, found by
// letting the supporters with the least budget per weight pay everything they have.
// Integers throughout: money is counted in units of 1 / (denominator * cost denominator).
MesEngine::Price MesEngine::price(std::size_t project, const Budgets& at) {
  Price result;
  mpz_class money = money_numerator(project, at);
  const mpq_class& cost = instance_.projects[project].cost;
  const mpz_class& cost_den = cost.get_den();
  lhs_ = money * cost_den;
  rest_ = cost.get_num() * at.denominator;
  if (lhs_ < rest_) return result;
  result.affordable = true;
  const auto& num = at.numerator;
  std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
    const mpz_class& va = num[std::size_t(a.budget_class)];
    const mpz_class& vb = num[std::size_t(b.budget_class)];
    if (a.weight == b.weight) return va < vb;
    return va * b.weight < vb * a.weight;
  });
  long weight_left = 0;
  for (const Entry& entry : entries_) weight_left += entry.voters * entry.weight;
  for (const Entry& entry : entries_) {
    const mpz_class& budget = num[std::size_t(entry.budget_class)];
    // Everyone from here on can pay rest/weight_left per unit of weight.
    mpz_mul_si(lhs_.get_mpz_t(), rest_.get_mpz_t(), entry.weight);
    mpz_mul_si(rhs_.get_mpz_t(), budget.get_mpz_t(), weight_left);
    if (cost_den != 1) rhs_ *= cost_den;
    if (lhs_ <= rhs_) break;
    mpz_mul_si(rhs_.get_mpz_t(), budget.get_mpz_t(), entry.voters);
    if (cost_den != 1) rhs_ *= cost_den;
    rest_ -= rhs_;
    weight_left -= entry.voters * entry.weight;
  }
  mpz_class den = at.denominator * cost_den;
  den *= weight_left;
  result.scaled = mpq_class(rest_, den);
  result.scaled.canonicalize();
  result.rho = result.scaled / profile_.unit[project];
  return result;
}

// Supporters pay min(budget, scaled * weight); the common denominator becomes
// lcm(denominator, denominator of scaled) so every budget stays an integer numerator.
void MesEngine::pay(std::size_t project, const Price& price, std::vector<PaymentShare>* shares) {
  const mpq_class& scaled = price.scaled;
  mpz_class factor = scaled.get_den() / gcd(budgets_.denominator, scaled.get_den());
  if (factor != 1) {
    budgets_.denominator *= factor;
    for (auto& numerator : budgets_.numerator) numerator *= factor;
  }
  const mpz_class unit_payment = scaled.get_num() * (budgets_.denominator / scaled.get_den());
  struct Move {
    int to;
    mpz_class each;  // numerator
    long voters;
  };
  std::unordered_map<std::uint64_t, std::size_t> move_of;
  std::vector<Move> moves;
  for (const Supporter& s : profile_.supporters[project]) {
    auto group = std::size_t(s.group);
    int from = budgets_.class_of[group];
    std::uint64_t key = (std::uint64_t(std::uint32_t(from)) << 32) |
                        (std::uint64_t(std::uint8_t(s.copies)) << 24) | std::uint32_t(s.weight);
    auto [it, inserted] = move_of.try_emplace(key, moves.size());
    if (inserted) {
      // A ballot listing the project twice (equalshares.net reading) pays twice in turn.
      const mpz_class share = unit_payment * s.weight;
      const mpz_class& budget = budgets_.numerator[std::size_t(from)];
      mpz_class left = budget;
      for (int copy = 0; copy < s.copies; ++copy)
        left = left > share ? mpz_class(left - share) : mpz_class(0);
      mpz_class each = budget - left;
      moves.push_back({new_class(std::move(left)), std::move(each), 0});
    }
    Move& move = moves[it->second];
    move.voters += profile_.multiplicity[group];
    budgets_.class_of[group] = move.to;
  }
  if (shares == nullptr) return;
  std::sort(moves.begin(), moves.end(),
            [](const Move& a, const Move& b) { return a.each > b.each; });
  for (const Move& move : moves) {
    mpq_class each(move.each, budgets_.denominator);
    each.canonicalize();
    if (!shares->empty() && shares->back().each == each) {
      shares->back().voters += move.voters;
    } else {
      shares->push_back({move.voters, each});
    }
  }
}

// After round `round` bought `winner`: candidates its payments made unaffordable were
// outbid; note how far they were from winning that round (definitions in rules.hpp).
void MesEngine::explain_round(int round, int winner, const Price& won, const Budgets& before,
                              std::vector<int>& alive, MesExplanation& explain) {
  std::vector<int> still;
  for (int p : alive) {
    auto project = std::size_t(p);
    const mpq_class& cost = instance_.projects[project].cost;
    mpq_class after = money_of(project, budgets_);
    if (after >= cost) {
      still.push_back(p);
      continue;
    }
    MesProjectNote& note = explain.projects[project];
    Price own = price(project, before);  // its price in the round it dropped out
    note.reason = MesReason::outbid;
    note.round = round;
    note.outbid_by = winner;
    note.supporters_money = money_of(project, before);
    note.shortfall = cost - after;
    note.rho = own.rho;
    note.effective_votes = effective_votes(project, own.scaled);
    // What its supporters would pay at the winner's price per unit of satisfaction.
    mpq_class scaled_at_winner = won.rho * profile_.unit[project];
    aggregate(project, before.class_of);
    mpq_class covered = 0;
    long top_weight = 0;
    for (const Entry& entry : entries_) {
      mpq_class each = scaled_at_winner * entry.weight;
      mpq_class budget(before.numerator[std::size_t(entry.budget_class)], before.denominator);
      budget.canonicalize();
      covered += (each < budget ? each : budget) * entry.voters;
      top_weight = std::max(top_weight, entry.weight);
    }
    mpq_class newcomer = scaled_at_winner * top_weight;
    if (newcomer > endowment_) newcomer = endowment_;
    if (covered >= cost) {
      note.more_supporters_needed = mpz_class(0);
    } else if (newcomer > 0) {
      note.more_supporters_needed = ceil_div(cost - covered, newcomer);
    }
  }
  alive = std::move(still);
}

// Candidates whose supporters' whole starting money is less than their cost.
void MesEngine::note_never_affordable(std::vector<int>& alive, MesExplanation& explain) {
  std::vector<int> still;
  for (int p : alive) {
    auto project = std::size_t(p);
    const mpq_class& cost = instance_.projects[project].cost;
    mpq_class money = money_of(project, budgets_);
    if (money >= cost) {
      still.push_back(p);
      continue;
    }
    MesProjectNote& note = explain.projects[project];
    note.reason = MesReason::never_affordable;
    note.supporters_money = money;
    note.shortfall = cost - money;
    if (endowment_ > 0) note.more_supporters_needed = ceil_div(note.shortfall, endowment_);
  }
  alive = std::move(still);
}

// Every voter back to `endowment`, nothing bought.
void MesEngine::start(const mpq_class& endowment) {
  endowment_ = endowment;
  budgets_.numerator.clear();
  budgets_.denominator = endowment.get_den();
  zero_class_ = -1;
  new_class(endowment.get_num());
  budgets_.class_of.assign(profile_.multiplicity.size(), 0);
  spent_ = 0;
}

std::vector<int> MesEngine::run(const mpq_class& endowment, MesExplanation* explain,
                                std::vector<std::string>* ties) {
  start(endowment);
  std::vector<int> alive = candidates_;
  std::vector<mpq_class> bound(instance_.projects.size());
  for (int p : alive) {
    auto project = std::size_t(p);
    bound[project] = instance_.projects[project].cost / profile_.total_sat[project];
  }
  if (explain != nullptr) note_never_affordable(alive, *explain);
  std::vector<int> winners;
  for (int round = 1;; ++round) {
    // Price candidates by increasing lower bound; stop at the first bound above the best.
    std::sort(alive.begin(), alive.end(), [&](int a, int b) {
      const auto& ba = bound[std::size_t(a)];
      const auto& bb = bound[std::size_t(b)];
      return ba != bb ? ba < bb : order_.before(a, b);
    });
    std::vector<int> still, tied;
    std::vector<Price> tied_prices;
    for (std::size_t i = 0; i < alive.size(); ++i) {
      auto project = std::size_t(alive[i]);
      if (!tied.empty() && bound[project] > tied_prices.front().rho) {
        still.insert(still.end(), alive.begin() + long(i), alive.end());
        break;
      }
      Price current = price(project, budgets_);
      // Unaffordable now means unaffordable for good. (With `explain` this does not happen:
      // such projects were noted and dropped right after the purchase that priced them out.)
      if (!current.affordable) continue;
      bound[project] = current.rho;
      still.push_back(int(project));
      if (tied.empty() || current.rho < tied_prices.front().rho) {
        tied.assign(1, int(project));
        tied_prices.assign(1, current);
      } else if (current.rho == tied_prices.front().rho) {
        tied.push_back(int(project));
        tied_prices.push_back(current);
      }
    }
    if (tied.empty()) break;
    std::size_t pick = 0;
    for (std::size_t i = 1; i < tied.size(); ++i) {
      if (order_.before(tied[i], tied[pick])) pick = i;
    }
    const int winner = tied[pick];
    const Price won = tied_prices[pick];
    if (tied.size() > 1 && ties != nullptr) {
      ties->push_back("MES round " + std::to_string(round) + ": " +
                      describe_tie(instance_, tied, winner, order_,
                                   "price per unit of satisfaction " + show(won.rho)));
    }
    still.erase(std::find(still.begin(), still.end(), winner));
    alive = std::move(still);
    const auto w = std::size_t(winner);
    spent_ += instance_.projects[w].cost;
    winners.push_back(winner);
    if (explain == nullptr) {
      pay(w, won, nullptr);
      continue;
    }
    Budgets before = budgets_;
    MesRound record;
    record.project = winner;
    record.round = round;
    record.rho = won.rho;
    if (profile_.uniform[w])
      record.price_per_supporter = won.scaled * profile_.supporters[w].front().weight;
    pay(w, won, &record.payments);
    std::vector<long> voters_in(budgets_.numerator.size(), 0);
    for (std::size_t g = 0; g < budgets_.class_of.size(); ++g)
      voters_in[std::size_t(budgets_.class_of[g])] += profile_.multiplicity[g];
    mpz_class money_left = 0;
    for (std::size_t c = 0; c < voters_in.size(); ++c)
      money_left += budgets_.numerator[c] * voters_in[c];
    record.voters_money_left = mpq_class(money_left, budgets_.denominator);
    record.voters_money_left.canonicalize();
    record.budget_left = instance_.budget - spent_;
    explain->rounds.push_back(std::move(record));
    MesProjectNote& note = explain->projects[w];
    note.reason = MesReason::selected;
    note.round = round;
    note.rho = won.rho;
    note.effective_votes = effective_votes(w, won.scaled);
    explain_round(round, winner, won, before, alive, *explain);
  }
  return winners;
}

}  // namespace coproduce::commission::pb::detail
