// Exact maximum utilitarian welfare under Cost_Sat (pabutools'
// max_additive_utilitarian_welfare): the 0/1 knapsack maximising sum cost * approvals with
// total cost <= B.
//
// Costs and budget are scaled to integers (times the lcm of their denominators, divided
// by the gcd of the costs). Then either a dynamic programme over the budget, when it is
// small, or a depth-first branch and bound. The optimal set is often not unique: the one
// kept includes the projects earliest in the tie order, and a tie is reported.
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

// Among the optimal sets, the one that includes the projects earliest in the tie order
// (decided project by project: take it if some optimal set with the choices so far does);
// `choice` is the first project taken where an optimal set without it exists too, i.e.
// where the optimum was not unique, else -1.
struct Optimum {
  std::vector<int> chosen;
  int choice = -1;
};

// Dynamic programme over capacity, items (given in tie order) from the last to the first,
// so that the rebuild decides the first one first. Two bits per (item, capacity): taking
// the item is optimal; both taking and leaving it are.
Optimum solve_by_table(const std::vector<Item>& items, long capacity) {
  const auto width = std::size_t(capacity) + 1;
  std::vector<long> best(width, 0);
  std::vector<std::vector<bool>> take(items.size(), std::vector<bool>(width, false));
  std::vector<std::vector<bool>> either(items.size(), std::vector<bool>(width, false));
  for (std::size_t i = items.size(); i-- > 0;) {
    const long w = items[i].weight, v = items[i].weight * items[i].approvals;
    for (long c = capacity; c >= w; --c) {
      long with = best[std::size_t(c - w)] + v;
      if (with >= best[std::size_t(c)]) {
        take[i][std::size_t(c)] = true;
        either[i][std::size_t(c)] = with == best[std::size_t(c)];
        best[std::size_t(c)] = with;
      }
    }
  }
  Optimum optimum;
  long c = capacity;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!take[i][std::size_t(c)]) continue;
    if (optimum.choice < 0 && either[i][std::size_t(c)]) optimum.choice = items[i].project;
    optimum.chosen.push_back(items[i].project);
    c -= items[i].weight;
  }
  return optimum;
}

// Depth-first branch and bound over items by decreasing approvals (exactly the value per
// unit of cost, so the fractional bound is an integer computation), for budgets too fine
// for the table. Finds the optimum, then rebuilds the preferred optimal set with searches
// that only ask whether some set respecting the choices so far still reaches it.
class BranchAndBound {
 public:
  BranchAndBound(const std::vector<Item>& items, long capacity)
      : items_(items), capacity_(capacity), by_value_(items.size()), fixed_(items.size(), 0) {
    for (std::size_t i = 0; i < items.size(); ++i) by_value_[i] = i;
    std::stable_sort(by_value_.begin(), by_value_.end(), [&](std::size_t a, std::size_t b) {
      return items_[a].approvals > items_[b].approvals;
    });
  }

  Optimum solve() {
    target_ = 0;
    finding_best_ = true;
    search(0, capacity_, 0);
    finding_best_ = false;
    Optimum optimum;
    long room = capacity_, value = 0;
    for (std::size_t i = 0; i < items_.size(); ++i) {  // in tie order
      const Item& item = items_[i];
      fixed_[i] = 1;
      if (item.weight <= room &&
          reaches(room - item.weight, value + item.weight * item.approvals)) {
        if (optimum.choice < 0) {
          fixed_[i] = -1;
          if (reaches(room, value)) optimum.choice = item.project;
          fixed_[i] = 1;
        }
        optimum.chosen.push_back(item.project);
        room -= item.weight;
        value += item.weight * item.approvals;
      } else {
        fixed_[i] = -1;
      }
    }
    return optimum;
  }

 private:
  // Some set of the undecided items, added to the decided ones (`room` and `value` left by
  // them), reaches the optimum.
  bool reaches(long room, long value) {
    found_ = false;
    search(0, room, value);
    return found_;
  }

  // Fractional bound on what undecided items from position `next` on can add with `room`.
  long bound(std::size_t next, long room) const {
    long extra = 0;
    for (std::size_t k = next; k < by_value_.size() && room > 0; ++k) {
      const Item& item = items_[by_value_[k]];
      if (fixed_[by_value_[k]] != 0) continue;
      long take = std::min(room, item.weight);
      extra += take * item.approvals;
      room -= take;
    }
    return extra;
  }

  // Over the undecided items by decreasing approvals. Finding the optimum: improve target_.
  // Otherwise: stop at the first set reaching target_.
  void search(std::size_t next, long room, long value) {
    if (finding_best_) {
      target_ = std::max(target_, value);
    } else if (value >= target_) {
      found_ = true;
      return;
    }
    while (next < by_value_.size() && fixed_[by_value_[next]] != 0) ++next;
    if (next == by_value_.size()) return;
    const long reachable = value + bound(next, room);
    if (finding_best_ ? reachable <= target_ : reachable < target_) return;
    const Item& item = items_[by_value_[next]];
    if (item.weight <= room) {
      search(next + 1, room - item.weight, value + item.weight * item.approvals);
      if (found_) return;
    }
    search(next + 1, room, value);
  }

  const std::vector<Item>& items_;  // in tie order
  long capacity_;
  std::vector<std::size_t> by_value_;  // indices into items_, by decreasing approvals
  std::vector<int> fixed_;             // per item: 1 taken, -1 left out, 0 undecided
  long target_ = 0;
  bool finding_best_ = true, found_ = false;
};

}  // namespace

Outcome run_max_welfare(const Instance& instance, const RuleOptions& options,
                        KnapsackMethod method) {
  Profile profile = build_profile(instance, Sat::cost);
  const TieOrder order = make_tie_order(instance, profile.approvals, options.tie_break);
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
  // In tie order: among optimal sets, the earliest projects are kept (see Optimum).
  std::sort(items.begin(), items.end(),
            [&](const Item& a, const Item& b) { return order.before(a.project, b.project); });
  Outcome outcome;
  Optimum optimum;
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
    constexpr long kTableCells = 100'000'000;  // bits of each choice table
    const bool by_table = method == KnapsackMethod::table ||
                          (method == KnapsackMethod::automatic &&
                           capacity <= kTableCells / static_cast<long>(items.size()));
    optimum = by_table ? solve_by_table(items, capacity) : BranchAndBound(items, capacity).solve();
    outcome.selected = optimum.chosen;
  }
  std::sort(outcome.selected.begin(), outcome.selected.end(), [&](int a, int b) {
    return instance.projects[std::size_t(a)].id < instance.projects[std::size_t(b)].id;
  });
  mpq_class welfare = 0;
  for (int p : outcome.selected) {
    welfare += instance.projects[std::size_t(p)].cost * profile.approvals[std::size_t(p)];
  }
  outcome.welfare = welfare;
  if (optimum.choice >= 0) {
    outcome.ties.push_back(
        "max_welfare: more than one set of projects reaches the maximum welfare " + show(welfare) +
        "; chose the one with " + instance.projects[std::size_t(optimum.choice)].id +
        " (optimal sets compared project by project in the tie order) by tie-break " +
        std::string(to_string(order.tie_break)));
  }
  return outcome;
}

}  // namespace coproduce::commission::pb::detail
