// Greedy utilitarian welfare: projects by decreasing satisfaction per unit of cost, each
// taken if it still fits (pabutools' greedy_utilitarian_welfare for additive satisfaction).
#include <algorithm>

#include "commission/pb/rules_internal.hpp"

namespace coproduce::commission::pb::detail {

namespace {

// The reference's density: total sat / cost; free supported projects come first
// (infinite density), unsupported projects last (density 0).
struct Density {
  bool infinite = false;
  mpq_class value;
};

bool operator==(const Density& a, const Density& b) {
  return a.infinite == b.infinite && (a.infinite || a.value == b.value);
}

bool higher(const Density& a, const Density& b) {
  if (a.infinite != b.infinite) return a.infinite;
  return !a.infinite && a.value > b.value;
}

Density density(const Instance& instance, const Profile& profile, std::size_t p) {
  const mpq_class& cost = instance.projects[p].cost;
  if (profile.total_sat[p] <= 0) return {false, 0};
  if (cost <= 0) return {true, 0};
  return {false, profile.total_sat[p] / cost};
}

}  // namespace

GreedyExplanation greedy_pass(const Instance& instance, const Profile& profile,
                              const TieOrder& order, std::vector<int>& selected, mpq_class& spent,
                              std::vector<std::string>& ties) {
  std::vector<bool> taken(instance.projects.size(), false);
  for (int p : selected) taken[std::size_t(p)] = true;
  std::vector<int> visit;
  std::vector<Density> densities(instance.projects.size());
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    if (taken[p]) continue;
    densities[p] = density(instance, profile, p);
    visit.push_back(int(p));
  }
  std::sort(visit.begin(), visit.end(), [&](int a, int b) {
    const Density& da = densities[std::size_t(a)];
    const Density& db = densities[std::size_t(b)];
    if (!(da == db)) return higher(da, db);
    return order.before(a, b);
  });

  GreedyExplanation explanation;
  explanation.order = "satisfaction (" + std::string(to_string(profile.sat)) +
                      ") per unit of cost, highest first; unsupported projects last";
  for (std::size_t i = 0; i < visit.size(); ++i) {
    auto p = std::size_t(visit[i]);
    // Record each run of equal densities once, at its first member.
    if (i == 0 || !(densities[std::size_t(visit[i - 1])] == densities[p])) {
      std::size_t end = i + 1;
      while (end < visit.size() && densities[std::size_t(visit[end])] == densities[p]) ++end;
      if (end - i > 1) {
        std::vector<int> tied(visit.begin() + long(i), visit.begin() + long(end));
        std::string what =
            densities[p].infinite ? "free supported projects" : "score " + show(densities[p].value);
        ties.push_back("greedy: " + describe_tie(instance, tied, -1, order, what));
      }
    }
    auto& step = consider_greedily(instance, profile, p, spent, selected, explanation);
    if (!densities[p].infinite) step.score = densities[p].value;
  }
  return explanation;
}

GreedyStep& consider_greedily(const Instance& instance, const Profile& profile, std::size_t p,
                              mpq_class& spent, std::vector<int>& selected,
                              GreedyExplanation& explanation) {
  GreedyStep step;
  step.project = int(p);
  step.votes = profile.approvals[p];
  step.budget_left_before = instance.budget - spent;
  step.selected = instance.projects[p].cost <= step.budget_left_before;
  if (step.selected) {
    selected.push_back(int(p));
    spent += instance.projects[p].cost;
  }
  explanation.steps.push_back(std::move(step));
  return explanation.steps.back();
}

Outcome run_greedy(const Instance& instance, Sat sat, const RuleOptions& options) {
  Profile profile = build_profile(instance, sat);
  TieOrder order = make_tie_order(instance, profile.approvals, options.tie_break);
  Outcome outcome;
  mpq_class spent = 0;
  outcome.greedy = greedy_pass(instance, profile, order, outcome.selected, spent, outcome.ties);
  return outcome;
}

}  // namespace coproduce::commission::pb::detail
