// Sequential Phragmen (pabutools' sequential_phragmen): voters' loads grow as projects
// are bought; each step buys the project whose approvers would end with the smallest equal
// load, and the rule stops when a project with that smallest load does not fit.
//
// All approvers of a bought project end with the same load, so there are at most
// rounds + 1 distinct loads ("load classes"). Each project keeps the sum of its approvers'
// loads, updated once per (project, old load class) after a purchase, with integer counts
// of the voters moving between classes.
#include <algorithm>

#include "commission/pb/rules_internal.hpp"

namespace coproduce::commission::pb::detail {

Outcome run_phragmen(const Instance& instance, const RuleOptions& options) {
  Profile profile = build_profile(instance, Sat::cardinality);
  TieOrder order = make_tie_order(instance, profile.approvals, options.tie_break);
  const std::size_t project_count = instance.projects.size();

  std::vector<int> remaining;
  for (std::size_t p = 0; p < project_count; ++p) {
    if (instance.projects[p].cost <= instance.budget) remaining.push_back(int(p));
  }
  std::vector<mpq_class> load_value{0};                       // per load class
  std::vector<int> class_of(profile.multiplicity.size(), 0);  // per group
  std::vector<mpq_class> load_sum(project_count, 0);          // approvers' loads, per project
  std::vector<long> moved;                                    // [project * classes + class]
  std::vector<std::size_t> touched;

  Outcome outcome;
  mpq_class spent = 0;
  while (!remaining.empty()) {
    // Smallest new load; unsupported projects have an infinite one.
    std::vector<int> best;
    mpq_class best_load;
    bool best_infinite = true;
    for (int p : remaining) {
      auto project = std::size_t(p);
      if (profile.approvals[project] == 0) {
        if (best_infinite) best.push_back(p);
        continue;
      }
      mpq_class load =
          (load_sum[project] + instance.projects[project].cost) / profile.approvals[project];
      if (best_infinite || load < best_load) {
        best.assign(1, p);
        best_load = load;
        best_infinite = false;
      } else if (load == best_load) {
        best.push_back(p);
      }
    }
    bool all_fit = std::all_of(best.begin(), best.end(), [&](int p) {
      return spent + instance.projects[std::size_t(p)].cost <= instance.budget;
    });
    std::string what = best_infinite ? "no approvers" : "new load " + show(best_load);
    if (!all_fit) {
      if (best.size() > 1) {
        outcome.ties.push_back("phragmen: " + describe_tie(instance, best, -1, order, what) +
                               "; one does not fit, so the rule stops");
      }
      break;
    }
    int winner = *std::min_element(best.begin(), best.end(),
                                   [&](int a, int b) { return order.before(a, b); });
    if (best.size() > 1) {
      outcome.ties.push_back("phragmen: " + describe_tie(instance, best, winner, order, what));
    }
    auto w = std::size_t(winner);
    spent += instance.projects[w].cost;
    outcome.selected.push_back(winner);
    remaining.erase(std::find(remaining.begin(), remaining.end(), winner));
    if (best_infinite) {
      outcome.phragmen.push_back({winner, 0});
      continue;
    }
    outcome.phragmen.push_back({winner, best_load});

    // Approvers of the winner move to a new class with load best_load.
    const std::size_t classes = load_value.size();
    moved.assign(project_count * classes, 0);
    touched.clear();
    for (const Supporter& s : profile.supporters[w]) {
      auto group = std::size_t(s.group);
      auto from = std::size_t(class_of[group]);
      for (int item : profile.group_items[group]) {
        std::size_t slot = std::size_t(item) * classes + from;
        if (moved[slot] == 0) touched.push_back(slot);
        moved[slot] += profile.multiplicity[group];
      }
      class_of[group] = int(classes);
    }
    for (std::size_t slot : touched) {
      std::size_t project = slot / classes, from = slot % classes;
      load_sum[project] += (best_load - load_value[from]) * moved[slot];
    }
    load_value.push_back(best_load);
  }
  std::sort(outcome.selected.begin(), outcome.selected.end(), [&](int a, int b) {
    return instance.projects[std::size_t(a)].id < instance.projects[std::size_t(b)].id;
  });
  return outcome;
}

}  // namespace coproduce::commission::pb::detail
