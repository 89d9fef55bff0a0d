// MES over a range of endowments with certified bounds (see mes_range.hpp).
#include "commission/pb/mes_range.hpp"

#include <algorithm>
#include <cstdint>
#include <span>
#include <unordered_map>

#include "commission/pb/mes_engine.hpp"

namespace coproduce::commission::pb::detail {

namespace {

__extension__ using Fixed = __int128;
__extension__ using Unsigned = unsigned __int128;

// Fixed-point values keep below 2^kValueBits (times a weight or a voter count at most), so
// sums and the products in a water-filling stay far from the 127-bit limit.
constexpr int kValueBits = 100;

Fixed floor_div(Fixed a, Fixed b) {  // b > 0
  Fixed q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

Fixed ceil_div(Fixed a, Fixed b) {  // b > 0
  Fixed q = a / b;
  return (a % b != 0 && a > 0) ? q + 1 : q;
}

mpz_class to_mpz(Fixed value) {
  bool negative = value < 0;
  Unsigned magnitude = negative ? -static_cast<Unsigned>(value) : static_cast<Unsigned>(value);
  mpz_class result(static_cast<unsigned long>(magnitude >> 64));
  result <<= 64;
  result += static_cast<unsigned long>(magnitude & ~std::uint64_t(0));
  return negative ? mpz_class(-result) : result;
}

// value, which must be below 2^126 in magnitude.
Fixed from_mpz(const mpz_class& value) {
  mpz_class magnitude = abs(value);
  mpz_class high = magnitude >> 64;
  mpz_class low = magnitude - (high << 64);
  Fixed result = (Fixed(high.get_ui()) << 64) | Fixed(low.get_ui());
  return sgn(value) < 0 ? -result : result;
}

// x * 2^shift rounded down (or up).
Fixed scaled(const mpq_class& x, int shift, bool round_up) {
  mpz_class numerator = x.get_num();
  numerator <<= static_cast<mp_bitcnt_t>(shift);
  mpz_class result;
  if (round_up) {
    mpz_cdiv_q(result.get_mpz_t(), numerator.get_mpz_t(), x.get_den_mpz_t());
  } else {
    mpz_fdiv_q(result.get_mpz_t(), numerator.get_mpz_t(), x.get_den_mpz_t());
  }
  return from_mpz(result);
}

// a * b * c exactly compared with d * e * f (all products of a fixed-point value and two
// small integers); 128-bit arithmetic, GMP when it would overflow.
int compare_products(Fixed a, long b, long c, Fixed d, long e, long f) {
  Fixed left, right;
  if (!__builtin_mul_overflow(a, Fixed(b), &left) &&
      !__builtin_mul_overflow(left, Fixed(c), &left) &&
      !__builtin_mul_overflow(d, Fixed(e), &right) &&
      !__builtin_mul_overflow(right, Fixed(f), &right)) {
    return left < right ? -1 : left > right ? 1 : 0;
  }
  mpz_class big_left = to_mpz(a) * b * c;
  mpz_class big_right = to_mpz(d) * e * f;
  return cmp(big_left, big_right);
}

}  // namespace

MesRangeEngine::MesRangeEngine(const Instance& instance, const Profile& profile,
                               const TieOrder& order, std::vector<int> candidates,
                               std::size_t cache_entries)
    : instance_(instance),
      profile_(profile),
      order_(order),
      candidates_(std::move(candidates)),
      supporters_(profile, candidates_),
      cache_limit_(cache_entries) {
  const std::size_t projects = instance.projects.size();
  unit_num_.assign(projects, 1);
  unit_den_.assign(projects, 1);
  class_of_.assign(profile.multiplicity.size(), 0);
  for (int p : candidates_) {
    auto project = std::size_t(p);
    const mpq_class& unit = profile.unit[project];
    if (!unit.get_num().fits_slong_p() || !unit.get_den().fits_slong_p() || unit <= 0) {
      usable_ = false;
      continue;
    }
    cost_bound_ +=
        instance.projects[project].cost.get_num() / instance.projects[project].cost.get_den() + 1;
    unit_num_[project] = unit.get_num().get_si();
    unit_den_[project] = unit.get_den().get_si();
    for (const Supporter& s : profile.supporters[project]) {
      if (s.copies != 1) usable_ = false;  // equalshares.net's repeats: the exact engine only
      max_weight_ = std::max(max_weight_, s.weight);
    }
  }
}

bool MesRangeEngine::set_scale(const mpq_class& high) {
  if (!usable_) return false;
  mpz_class largest = (high.get_num() / high.get_den() + 1) * profile_.voters;
  if (cost_bound_ > largest) largest = cost_bound_;
  largest *= max_weight_;
  const int shift = kValueBits - int(mpz_sizeinbase(largest.get_mpz_t(), 2));
  if (shift < 0) return false;
  if (shift == shift_ && !cost_floor_.empty()) return true;  // costs already at this scale
  shift_ = shift;
  cost_floor_.assign(instance_.projects.size(), 0);
  cost_ceil_.assign(instance_.projects.size(), 0);
  equal_split_.assign(instance_.projects.size(), 0);
  for (int p : candidates_) {
    const mpq_class& cost = instance_.projects[std::size_t(p)].cost;
    cost_floor_[std::size_t(p)] = scaled(cost, shift_, false);
    cost_ceil_[std::size_t(p)] = scaled(cost, shift_, true);
    equal_split_[std::size_t(p)] =
        floor_div(cost_floor_[std::size_t(p)], supporters_.total_weight(std::size_t(p)));
  }
  return true;
}

void MesRangeEngine::aggregate(std::size_t project) {
  CachedRound& at = path_[round_];
  if (at.aggregated[project]) {
    entries_ = &at.entries[project];
    return;
  }
  replay_classes();
  const bool keep = cached_entries_ + profile_.supporters[project].size() <= cache_limit_;
  entries_ = keep ? &at.entries[project] : &uncached_;
  supporters_.aggregate(project, class_of_, money_.size(), money_.size() == 1, *entries_);
  if (keep) {
    at.aggregated[project] = true;
    cached_entries_ += entries_->size();
  }
}

MesRangeEngine::Line MesRangeEngine::sum_over(std::span<const Entry> entries,
                                              Line Money::*bound) const {
  Line sum;
  for (const Entry& entry : entries) {
    const Line& line = money_[std::size_t(entry.budget_class)].*bound;
    sum.at_low += line.at_low * entry.voters;
    sum.at_high += line.at_high * entry.voters;
  }
  return sum;
}

MesRangeEngine::Bounds MesRangeEngine::price(std::size_t project, int rival,
                                             const Line& rival_upper) {
  Bounds bounds;
  aggregate(project);
  // The supporters with money left (by the upper bounds): the others pay nothing.
  // Moved to the front of the cached list, in place: the next run finds them there.
  std::vector<Entry>& cached = *entries_;
  std::size_t live = cached.size();
  for (std::size_t i = 0; i < live;) {
    const Line& line = money_[std::size_t(cached[i].budget_class)].upper;
    if ((line.at_low | line.at_high) != 0) {
      ++i;
    } else {
      std::swap(cached[i], cached[--live]);
    }
  }
  long total_weight = 0;
  Line most_money;
  for (std::size_t i = 0; i < live; ++i) {
    const Entry& entry = cached[i];
    const Line& line = money_[std::size_t(entry.budget_class)].upper;
    total_weight += entry.voters * entry.weight;
    most_money.at_low += line.at_low * entry.voters;
    most_money.at_high += line.at_high * entry.voters;
  }
  std::span<Entry> entries(cached.data(), live);
  const Fixed cost_low = cost_floor_[project];
  const Fixed cost_high = cost_ceil_[project];

  // Water-filling of `cost` with the money `money` (at one end): moves the entries that pay
  // all they have to the front of `entries` (`poor` of them) and returns the price as the
  // numerator `rest` over `weight_left`. Without sorting: the price left by any set of
  // surely-poor entries is at most the true price, so every entry below it is poor too;
  // passes repeat until none is found (usually two or three).
  struct Fill {
    Fixed rest;
    long weight_left;
    std::size_t poor;
  };
  auto fill = [&](Line Money::*bound, bool at_high, Fixed cost) {
    Fill result{cost, total_weight, 0};
    for (bool found = true; found && result.weight_left > 0;) {
      found = false;
      for (std::size_t i = result.poor; i < entries.size(); ++i) {
        const Entry& entry = entries[i];
        const Line& line = money_[std::size_t(entry.budget_class)].*bound;
        const Fixed value = at_high ? line.at_high : line.at_low;
        if (result.rest * entry.weight <= value * result.weight_left) continue;
        result.rest -= value * entry.voters;
        result.weight_left -= entry.voters * entry.weight;
        std::swap(entries[i], entries[result.poor++]);
        found = true;
      }
    }
    return result;
  };

  const Fixed upper_low = most_money.at_low;
  const Fixed upper_high = most_money.at_high;
  bounds.most_money = most_money;
  // (A real cost is positive: supporters without money cannot pay it, even if its fixed-
  // point floor is 0.)
  bounds.maybe_affordable = total_weight > 0 && (upper_low >= cost_low || upper_high >= cost_low);
  if (!bounds.maybe_affordable) return bounds;
  // The split of the supporters where the upper bounds are tight enough to be affordable.
  const bool split_at_high = tight_at_high_ ? upper_high >= cost_low : !(upper_low >= cost_low);
  Fill split = fill(&Money::upper, split_at_high, cost_low);
  if (split.weight_left <= 0) {  // everybody pays all: only the equal split bounds the price
    Fixed equal = floor_div(cost_low, total_weight);
    bounds.lower = {equal, equal};
  } else {
    Fixed poor_low = 0, poor_high = 0;
    for (std::size_t i = 0; i < split.poor; ++i) {
      const Line& line = money_[std::size_t(entries[i].budget_class)].upper;
      poor_low += line.at_low * entries[i].voters;
      poor_high += line.at_high * entries[i].voters;
    }
    bounds.lower.at_low = floor_div(cost_low - poor_low, split.weight_left);
    bounds.lower.at_high = floor_div(cost_low - poor_high, split.weight_left);
  }
  // The upper bound costs two more water-fillings: only for a possible winner, one that
  // may be cheaper than `rival` at the low end.
  if (rival >= 0 && loses_to(int(project), bounds.lower, rival, rival_upper)) return bounds;
  bounds.fully_priced = true;
  const Line least_money = sum_over(entries, &Money::lower);
  const Fixed lower_low = least_money.at_low;
  const Fixed lower_high = least_money.at_high;
  bounds.affordable_for_sure = lower_low >= cost_high && lower_high >= cost_high;
  if (bounds.affordable_for_sure) {
    Fill at_low = fill(&Money::lower, false, cost_high);
    Fill at_high = fill(&Money::lower, true, cost_high);
    bounds.upper.at_low = ceil_div(at_low.rest, at_low.weight_left);
    bounds.upper.at_high = ceil_div(at_high.rest, at_high.weight_left);
    bounds.equal_shares_throughout = at_low.poor == 0 && at_high.poor == 0;
    bounds.total_weight = total_weight;
  }
  return bounds;
}

bool MesRangeEngine::loses_to(int p, const Line& lower, int w, const Line& upper) const {
  auto at = [&](Fixed p_price, Fixed w_price) {
    // p's price per unit of satisfaction p_price / unit_p against w's w_price / unit_w.
    int c = compare_products(p_price, unit_den_[std::size_t(p)], unit_num_[std::size_t(w)], w_price,
                             unit_den_[std::size_t(w)], unit_num_[std::size_t(p)]);
    return c > 0 || (c == 0 && order_.before(w, p));
  };
  return at(lower.at_low, upper.at_low) && at(lower.at_high, upper.at_high);
}

bool MesRangeEngine::loses_exactly(int p, const Bounds& p_bounds, int w,
                                   const Bounds& w_bounds) const {
  if (!p_bounds.equal_shares_throughout || !w_bounds.equal_shares_throughout) return false;
  const auto& projects = instance_.projects;
  mpq_class p_rho =
      projects[std::size_t(p)].cost / (profile_.unit[std::size_t(p)] * p_bounds.total_weight);
  mpq_class w_rho =
      projects[std::size_t(w)].cost / (profile_.unit[std::size_t(w)] * w_bounds.total_weight);
  return p_rho > w_rho || (p_rho == w_rho && order_.before(w, p));
}

double MesRangeEngine::unaffordable_reach(int p, const Bounds& bounds) const {
  double short_low = double(cost_floor_[std::size_t(p)] - bounds.most_money.at_low);
  double short_high = double(cost_floor_[std::size_t(p)] - bounds.most_money.at_high);
  if (short_low <= 0) return 0;
  if (short_high > 0) return 1;
  return short_low / (short_low - short_high);
}

// p cannot win where it is unaffordable or its lower bound is above w's upper bound; both
// hold from `low` up to a point (affine bounds), and the comparison holds up to the later one.
double MesRangeEngine::reach(int p, const Bounds& bounds, int w, const Line& upper) const {
  auto rho = [&](Fixed price, int project) {
    return double(price) * double(unit_den_[std::size_t(project)]) /
           double(unit_num_[std::size_t(project)]);
  };
  double gap_low = rho(bounds.lower.at_low, p) - rho(upper.at_low, w);
  double gap_high = rho(bounds.lower.at_high, p) - rho(upper.at_high, w);
  double by_price = gap_low <= 0 ? 0 : gap_high >= 0 ? 1 : gap_low / (gap_low - gap_high);
  return std::max(by_price, unaffordable_reach(p, bounds));
}

void MesRangeEngine::pay(std::size_t project, const Bounds& bounds) {
  // The class the payers of class `from` (with satisfaction `weight`) move to.
  auto new_class = [&](int from, long weight) {
    const Line& low = money_[std::size_t(from)].lower;
    const Line& high = money_[std::size_t(from)].upper;
    // Kept money: at least low - price_up * weight (or 0), at most the chord of
    // max(high - price_low * weight, 0).
    Line keep_low{low.at_low - bounds.upper.at_low * weight,
                  low.at_high - bounds.upper.at_high * weight};
    if ((tight_at_high_ ? keep_low.at_high : keep_low.at_low) < 0) keep_low = {0, 0};
    Line keep_high{std::max<Fixed>(high.at_low - bounds.lower.at_low * weight, 0),
                   std::max<Fixed>(high.at_high - bounds.lower.at_high * weight, 0)};
    if (keep_high.at_low == 0 && keep_high.at_high == 0) keep_low = {0, 0};
    money_.push_back({keep_low, keep_high});
    return int(money_.size()) - 1;
  };
  const std::vector<Supporter>& supporters = profile_.supporters[project];
  CachedRound& at = path_[round_];
  if (at.winner == int(project)) {  // the same purchase on the same path: the same moves
    for (const auto& [from, weight] : at.moves) new_class(from, weight);
    return;
  }
  replay_classes();
  for (std::size_t later = round_ + 1; later < path_.size(); ++later) {
    for (const auto& entries : path_[later].entries) cached_entries_ -= entries.size();
  }
  path_.resize(round_ + 1);  // a new path from here on
  at.winner = int(project);
  at.moves.clear();
  at.class_after.clear();
  auto move = [&](int from, long weight) {
    at.moves.emplace_back(from, weight);
    return new_class(from, weight);
  };
  if (profile_.uniform[project]) {  // one weight: a move per budget class, kept in an array
    const long weight = supporters.front().weight;
    moved_to_.assign(money_.size(), -1);
    for (const Supporter& s : supporters) {
      int& to = moved_to_[std::size_t(class_of_[std::size_t(s.group)])];
      if (to < 0) to = move(class_of_[std::size_t(s.group)], weight);
      class_of_[std::size_t(s.group)] = to;
      at.class_after.push_back(to);
    }
    ++class_of_rounds_;
    return;
  }
  std::unordered_map<std::uint64_t, int> moved_to;
  for (const Supporter& s : supporters) {
    auto group = std::size_t(s.group);
    int from = class_of_[group];
    std::uint64_t key = (std::uint64_t(std::uint32_t(from)) << 32) | std::uint32_t(s.weight);
    auto [it, inserted] = moved_to.try_emplace(key, 0);
    if (inserted) it->second = move(from, s.weight);
    class_of_[group] = it->second;
    at.class_after.push_back(it->second);
  }
  ++class_of_rounds_;
}

void MesRangeEngine::replay_classes() {
  if (class_of_rounds_ > round_) {  // ahead, on a path that has changed since: start over
    class_of_.assign(profile_.multiplicity.size(), 0);
    class_of_rounds_ = 0;
  }
  for (; class_of_rounds_ < round_; ++class_of_rounds_) {
    const CachedRound& at = path_[class_of_rounds_];
    const std::vector<Supporter>& supporters = profile_.supporters[std::size_t(at.winner)];
    for (std::size_t i = 0; i < supporters.size(); ++i) {
      class_of_[std::size_t(supporters[i].group)] = at.class_after[i];
    }
  }
}

MesRangeEngine::Verdict MesRangeEngine::run(const mpq_class& low, const mpq_class& high,
                                            bool tight_at_high) {
  Verdict verdict;
  tight_at_high_ = tight_at_high;
  if (!set_scale(high)) return verdict;
  money_.assign(1, Money{{scaled(low, shift_, false), scaled(high, shift_, false)},
                         {scaled(low, shift_, true), scaled(high, shift_, true)}});
  // Projects that everybody's starting money cannot buy are out (money only falls).
  const Line& start = money_.front().upper;
  std::vector<int> alive;
  for (int p : candidates_) {
    auto project = std::size_t(p);
    const long voters = supporters_.voters(project);
    if (start.at_low * voters >= cost_floor_[project] ||
        start.at_high * voters >= cost_floor_[project]) {
      alive.push_back(p);
    }
  }
  // Before any pricing, a price is at least the equal split cost / total weight (nobody
  // pays more than their share then); rounds price only the projects that may beat the best.
  std::vector<Bounds> known(instance_.projects.size());
  std::vector<int> priced_in(instance_.projects.size(), -1);  // round of `known`, if priced
  std::vector<double> key(instance_.projects.size(), 0);      // sorting heuristic only
  for (int p : candidates_) {
    auto project = std::size_t(p);
    const Fixed equal = equal_split_[project];
    known[project].lower = {equal, equal};
    key[project] = double(equal) * double(unit_den_[project]) / double(unit_num_[project]);
  }
  for (int round = 0;; ++round) {
    round_ = std::size_t(round);
    if (path_.size() <= round_) {
      path_.emplace_back();
      path_.back().entries.resize(instance_.projects.size());
      path_.back().aggregated.assign(instance_.projects.size(), false);
    }
    std::sort(alive.begin(), alive.end(),
              [&](int a, int b) { return key[std::size_t(a)] < key[std::size_t(b)]; });
    int best = -1;
    auto refresh = [&](int p, int rival) {
      known[std::size_t(p)] =
          price(std::size_t(p), rival, rival >= 0 ? known[std::size_t(rival)].upper : Line{});
      priced_in[std::size_t(p)] = round;
      const Line& lower = known[std::size_t(p)].lower;
      key[std::size_t(p)] = double(lower.at_low) * double(unit_den_[std::size_t(p)]) /
                            double(unit_num_[std::size_t(p)]);
    };
    std::vector<int> still;
    for (int p : alive) {
      auto project = std::size_t(p);
      if (best >= 0 && loses_to(p, known[project].lower, best, known[std::size_t(best)].upper)) {
        still.push_back(p);
        continue;
      }
      refresh(p, best);
      if (!known[project].maybe_affordable) continue;  // money only falls: gone for good
      still.push_back(p);
      if (!known[project].affordable_for_sure) continue;
      if (best < 0) {
        best = p;
        continue;
      }
      // Heuristic pick: the least upper bound at the low end (ties by the tie order).
      int c = compare_products(known[project].upper.at_low, unit_den_[project],
                               unit_num_[std::size_t(best)], known[std::size_t(best)].upper.at_low,
                               unit_den_[std::size_t(best)], unit_num_[project]);
      if (c < 0 || (c == 0 && order_.before(p, best))) best = p;
    }
    alive = std::move(still);
    if (best < 0) {
      // Nothing surely affordable: certified only if nothing may be affordable either.
      if (!alive.empty()) {
        verdict.reach = 1;
        for (int p : alive) {
          verdict.reach = std::min(verdict.reach, unaffordable_reach(p, known[std::size_t(p)]));
        }
        return verdict;
      }
      verdict.certified = true;
      return verdict;
    }
    // Every other candidate must lose to `best` for all endowments in the range. One that
    // is known to beat it exactly (a tie of equal-split prices that the tie order gives to
    // it, which rounding hid from the pick above) becomes the one to check instead.
    for (std::size_t i = 0; i < alive.size(); ++i) {
      const int p = alive[i];
      if (p == best) continue;
      auto project = std::size_t(p);
      const Line& best_upper = known[std::size_t(best)].upper;
      if (loses_to(p, known[project].lower, best, best_upper)) continue;
      if (priced_in[project] != round || !known[project].fully_priced) {
        refresh(p, best);
        if (!known[project].maybe_affordable || loses_to(p, known[project].lower, best, best_upper))
          continue;
      }
      if (loses_exactly(p, known[project], best, known[std::size_t(best)])) continue;
      if (loses_exactly(best, known[std::size_t(best)], p, known[project])) {
        best = p;
        i = std::size_t(-1);  // start the checks again against the new best
        continue;
      }
      verdict.reach = reach(p, known[project], best, best_upper);
      verdict.winners.clear();
      return verdict;
    }
    pay(std::size_t(best), known[std::size_t(best)]);
    verdict.winners.push_back(best);
    alive.erase(std::find(alive.begin(), alive.end(), best));
  }
}

}  // namespace coproduce::commission::pb::detail
