// MES over a range of endowments with certified bounds (see mes_range.hpp).
#include "commission/pb/mes_range.hpp"

#include <algorithm>
#include <cstdint>
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
                               const TieOrder& order, std::vector<int> candidates)
    : instance_(instance),
      profile_(profile),
      order_(order),
      candidates_(std::move(candidates)),
      supporters_(profile, candidates_) {
  const std::size_t projects = instance.projects.size();
  unit_num_.assign(projects, 1);
  unit_den_.assign(projects, 1);
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
  for (int p : candidates_) {
    const mpq_class& cost = instance_.projects[std::size_t(p)].cost;
    cost_floor_[std::size_t(p)] = scaled(cost, shift_, false);
    cost_ceil_[std::size_t(p)] = scaled(cost, shift_, true);
  }
  return true;
}

void MesRangeEngine::aggregate(std::size_t project) {
  supporters_.aggregate(project, class_of_, lower_money_.size(), lower_money_.size() == 1,
                        entries_);
}

MesRangeEngine::Fixed MesRangeEngine::sum_over_entries(const std::vector<Line>& money,
                                                       bool at_high) const {
  Fixed sum = 0;
  for (const Entry& entry : entries_) {
    const Line& line = money[std::size_t(entry.budget_class)];
    sum += (at_high ? line.at_high : line.at_low) * entry.voters;
  }
  return sum;
}

MesRangeEngine::Bounds MesRangeEngine::price(std::size_t project, int rival,
                                             const Line& rival_upper) {
  Bounds bounds;
  aggregate(project);
  long total_weight = 0;
  for (const Entry& entry : entries_) total_weight += entry.voters * entry.weight;
  const Fixed cost_low = cost_floor_[project];
  const Fixed cost_high = cost_ceil_[project];

  // Water-filling of `cost` with the money `values` (at one end): sorts entries_ by money per
  // unit of weight and returns the price numerator `rest` over `weight_left`, with `poor` the
  // number of leading entries that pay all they have.
  struct Fill {
    Fixed rest;
    long weight_left;
    std::size_t poor;
  };
  bool sorted_once = false;
  auto fill = [&](const std::vector<Line>& money, bool at_high, Fixed cost) {
    auto value = [&](const Entry& entry) {
      const Line& line = money[std::size_t(entry.budget_class)];
      return at_high ? line.at_high : line.at_low;
    };
    auto less = [&](const Entry& a, const Entry& b) {
      return value(a) * b.weight < value(b) * a.weight;
    };
    if (sorted_once) {
      // Already sorted by another end or bound: nearly in order, insertion sort is linear.
      for (std::size_t i = 1; i < entries_.size(); ++i) {
        Entry moving = entries_[i];
        std::size_t j = i;
        for (; j > 0 && less(moving, entries_[j - 1]); --j) entries_[j] = entries_[j - 1];
        entries_[j] = moving;
      }
    } else {
      std::sort(entries_.begin(), entries_.end(), less);
      sorted_once = true;
    }
    Fill result{cost, total_weight, 0};
    for (const Entry& entry : entries_) {
      if (result.rest * entry.weight <= value(entry) * result.weight_left) break;
      result.rest -= value(entry) * entry.voters;
      result.weight_left -= entry.voters * entry.weight;
      ++result.poor;
    }
    return result;
  };

  const Fixed upper_low = sum_over_entries(upper_money_, false);
  const Fixed upper_high = sum_over_entries(upper_money_, true);
  bounds.most_money = {upper_low, upper_high};
  bounds.maybe_affordable = upper_low >= cost_low || upper_high >= cost_low;
  if (!bounds.maybe_affordable) return bounds;
  // The split of the supporters where the upper bounds are tight enough to be affordable.
  const bool split_at_high = tight_at_high_ ? upper_high >= cost_low : !(upper_low >= cost_low);
  Fill split = fill(upper_money_, split_at_high, cost_low);
  if (split.weight_left <= 0) {  // everybody pays all: only the equal split bounds the price
    Fixed equal = floor_div(cost_low, total_weight);
    bounds.lower = {equal, equal};
  } else {
    Fixed poor_low = 0, poor_high = 0;
    for (std::size_t i = 0; i < split.poor; ++i) {
      const Line& line = upper_money_[std::size_t(entries_[i].budget_class)];
      poor_low += line.at_low * entries_[i].voters;
      poor_high += line.at_high * entries_[i].voters;
    }
    bounds.lower.at_low = floor_div(cost_low - poor_low, split.weight_left);
    bounds.lower.at_high = floor_div(cost_low - poor_high, split.weight_left);
  }
  // The upper bound costs two more water-fillings: only for a possible winner, one that
  // may be cheaper than `rival` at the low end.
  if (rival >= 0 && loses_to(int(project), bounds.lower, rival, rival_upper)) return bounds;
  const Fixed lower_low = sum_over_entries(lower_money_, false);
  const Fixed lower_high = sum_over_entries(lower_money_, true);
  bounds.affordable_for_sure = lower_low >= cost_high && lower_high >= cost_high;
  if (bounds.affordable_for_sure) {
    Fill at_low = fill(lower_money_, false, cost_high);
    Fill at_high = fill(lower_money_, true, cost_high);
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
  int zero_class = -1;
  auto new_class = [&](int from, long weight) {
    const Line& low = lower_money_[std::size_t(from)];
    const Line& high = upper_money_[std::size_t(from)];
    // Kept money: at least low - price_up * weight (or 0), at most the chord of
    // max(high - price_low * weight, 0).
    Line keep_low{low.at_low - bounds.upper.at_low * weight,
                  low.at_high - bounds.upper.at_high * weight};
    if ((tight_at_high_ ? keep_low.at_high : keep_low.at_low) < 0) keep_low = {0, 0};
    Line keep_high{std::max<Fixed>(high.at_low - bounds.lower.at_low * weight, 0),
                   std::max<Fixed>(high.at_high - bounds.lower.at_high * weight, 0)};
    if (keep_high.at_low == 0 && keep_high.at_high == 0) {
      if (zero_class < 0) {
        zero_class = int(lower_money_.size());
        lower_money_.push_back({0, 0});
        upper_money_.push_back({0, 0});
      }
      return zero_class;
    }
    lower_money_.push_back(keep_low);
    upper_money_.push_back(keep_high);
    return int(lower_money_.size()) - 1;
  };
  if (profile_.uniform[project]) {  // one weight: a move per budget class, kept in an array
    const long weight = profile_.supporters[project].front().weight;
    const std::size_t classes = lower_money_.size();
    moved_to_.assign(classes, -1);
    for (const Supporter& s : profile_.supporters[project]) {
      int& to = moved_to_[std::size_t(class_of_[std::size_t(s.group)])];
      if (to < 0) to = new_class(class_of_[std::size_t(s.group)], weight);
      class_of_[std::size_t(s.group)] = to;
    }
    return;
  }
  std::unordered_map<std::uint64_t, int> moved_to;
  for (const Supporter& s : profile_.supporters[project]) {
    auto group = std::size_t(s.group);
    int from = class_of_[group];
    std::uint64_t key = (std::uint64_t(std::uint32_t(from)) << 32) | std::uint32_t(s.weight);
    auto [it, inserted] = moved_to.try_emplace(key, 0);
    if (inserted) it->second = new_class(from, s.weight);
    class_of_[group] = it->second;
  }
}

MesRangeEngine::Verdict MesRangeEngine::run(const mpq_class& low, const mpq_class& high,
                                            bool tight_at_high) {
  Verdict verdict;
  tight_at_high_ = tight_at_high;
  if (!set_scale(high)) return verdict;
  lower_money_.assign(1, Line{scaled(low, shift_, false), scaled(high, shift_, false)});
  upper_money_.assign(1, Line{scaled(low, shift_, true), scaled(high, shift_, true)});
  class_of_.assign(profile_.multiplicity.size(), 0);
  std::vector<int> alive = candidates_;
  std::vector<Bounds> known(instance_.projects.size());
  std::vector<int> priced_in(instance_.projects.size(), -1);  // round of `known`
  std::vector<double> key(instance_.projects.size(), 0);      // sorting heuristic only
  for (int round = 0;; ++round) {
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
      if (best >= 0 && priced_in[project] >= 0 &&
          loses_to(p, known[project].lower, best, known[std::size_t(best)].upper)) {
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
    const Line& best_upper = known[std::size_t(best)].upper;
    for (int p : alive) {
      if (p == best) continue;
      auto project = std::size_t(p);
      if (loses_to(p, known[project].lower, best, best_upper)) continue;
      if (priced_in[project] != round) {
        refresh(p, best);
        if (!known[project].maybe_affordable || loses_to(p, known[project].lower, best, best_upper))
          continue;
      }
      if (loses_exactly(p, known[project], best, known[std::size_t(best)])) continue;
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
