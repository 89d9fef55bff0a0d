// Exact maximum utilitarian welfare under Cost_Sat (pabutools'
// max_additive_utilitarian_welfare): the 0/1 knapsack maximising sum cost * approvals with
// total cost <= B.
//
// Costs and budget are scaled to integers (times the lcm of their denominators, divided
// by the gcd of the costs). Then either a dynamic programme over the budget, when it is
// small, or a depth-first branch and bound: items by decreasing approvals, which is exactly
// the value per unit of cost, so the fractional (LP) bound is an integer computation.
#include <algorithm>
#include <stdexcept>

#include "commission/pb/rules_internal.hpp"

namespace coproduce::commission::pb::detail {

namespace {

struct Item {
  int project;
  long weight;     // scaled cost
  long approvals;  // value per unit of weight
};

long to_small(const mpz_class& value, const Instance& instance) {
  if (!value.fits_slong_p())
    throw std::invalid_argument(instance.name + ": costs too large for the exact knapsack");
  return value.get_si();
}

// Dynamic programme over capacity; keeps one bit per (item, capacity) to rebuild the set.
std::vector<int> solve_by_table(const std::vector<Item>& items, long capacity) {
  const auto width = std::size_t(capacity) + 1;
  std::vector<long> best(width, 0);
  std::vector<std::vector<bool>> took(items.size(), std::vector<bool>(width, false));
  for (std::size_t i = 0; i < items.size(); ++i) {
    const long w = items[i].weight, v = items[i].weight * items[i].approvals;
    for (long c = capacity; c >= w; --c) {
      long with = best[std::size_t(c - w)] + v;
      if (with > best[std::size_t(c)]) {
        best[std::size_t(c)] = with;
        took[i][std::size_t(c)] = true;
      }
    }
  }
  std::vector<int> chosen;
  long c = capacity;
  for (std::size_t i = items.size(); i-- > 0;) {
    if (took[i][std::size_t(c)]) {
      chosen.push_back(items[i].project);
      c -= items[i].weight;
    }
  }
  return chosen;
}

class BranchAndBound {
 public:
  BranchAndBound(std::vector<Item> items, long capacity)
      : items_(std::move(items)), capacity_(capacity), taken_(items_.size(), false) {
    std::sort(items_.begin(), items_.end(),
              [](const Item& a, const Item& b) { return a.approvals > b.approvals; });
  }

  std::vector<int> solve() {
    search(0, capacity_, 0);
    std::vector<int> chosen;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (best_taken_[i]) chosen.push_back(items_[i].project);
    }
    return chosen;
  }

 private:
  // Fractional bound on what items from `next` on can add with `room` left.
  long bound(std::size_t next, long room) const {
    long extra = 0;
    for (std::size_t i = next; i < items_.size() && room > 0; ++i) {
      long take = std::min(room, items_[i].weight);
      extra += take * items_[i].approvals;
      room -= take;
    }
    return extra;
  }

  void search(std::size_t next, long room, long value) {
    if (value > best_value_ || best_taken_.empty()) {
      best_value_ = value;
      best_taken_ = taken_;
    }
    if (next == items_.size() || value + bound(next, room) <= best_value_) return;
    if (items_[next].weight <= room) {
      taken_[next] = true;
      search(next + 1, room - items_[next].weight,
             value + items_[next].weight * items_[next].approvals);
      taken_[next] = false;
    }
    search(next + 1, room, value);
  }

  std::vector<Item> items_;
  long capacity_;
  std::vector<bool> taken_, best_taken_;
  long best_value_ = 0;
};

}  // namespace

Outcome run_max_welfare(const Instance& instance, const RuleOptions& options) {
  Profile profile = build_profile(instance, Sat::cost);
  (void)options;  // the optimum's welfare is unique; the set is any optimal one
  mpz_class scale = instance.budget.get_den();
  for (const auto& project : instance.projects) {
    mpz_class den = project.cost.get_den();
    mpz_lcm(scale.get_mpz_t(), scale.get_mpz_t(), den.get_mpz_t());
  }
  std::vector<Item> items;
  mpz_class divisor = 0;
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    const auto& cost = instance.projects[p].cost;
    if (profile.approvals[p] == 0 || cost <= 0 || cost > instance.budget) continue;
    mpz_class weight = cost.get_num() * (scale / cost.get_den());
    mpz_gcd(divisor.get_mpz_t(), divisor.get_mpz_t(), weight.get_mpz_t());
    items.push_back({int(p), 0, profile.approvals[p]});
  }
  Outcome outcome;
  if (!items.empty()) {
    for (auto& item : items) {
      const auto& cost = instance.projects[std::size_t(item.project)].cost;
      item.weight = to_small(cost.get_num() * (scale / cost.get_den()) / divisor, instance);
    }
    mpz_class capacity_big =
        instance.budget.get_num() * (scale / instance.budget.get_den()) / divisor;
    long capacity = to_small(capacity_big, instance);
    // Every value compared is at most capacity * (most approvals): keep it in 62 bits.
    long most = 0;
    for (const auto& item : items) most = std::max(most, item.approvals);
    if (mpz_class(capacity) * most >= mpz_class(1) << 62)
      throw std::invalid_argument(instance.name + ": welfare too large for the exact knapsack");
    constexpr long kTableCells = 100'000'000;  // bits of the choice table
    if (capacity <= kTableCells / (long)items.size()) {
      outcome.selected = solve_by_table(items, capacity);
    } else {
      outcome.selected = BranchAndBound(items, capacity).solve();
    }
  }
  std::sort(outcome.selected.begin(), outcome.selected.end(), [&](int a, int b) {
    return instance.projects[std::size_t(a)].id < instance.projects[std::size_t(b)].id;
  });
  mpq_class welfare = 0;
  for (int p : outcome.selected) {
    welfare += instance.projects[std::size_t(p)].cost * profile.approvals[std::size_t(p)];
  }
  outcome.welfare = welfare;
  return outcome;
}

}  // namespace coproduce::commission::pb::detail
