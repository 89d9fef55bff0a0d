// Method of Equal Shares rules: plain MES and its completions (pabutools' Add1, the
// equalshares.net Add1 with utilitarian completion, greedy completion).
//
// Add1 repeats MES with one more currency unit per voter until a stopping condition. The
// pabutools loop is run over ranges of endowments on which MES provably selects the same
// projects (MesRangeEngine) rather than one +1 step at a time: the number of steps and the
// returned run are exactly the reference's.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "commission/pb/mes_engine.hpp"
#include "commission/pb/mes_range.hpp"

namespace coproduce::commission::pb::detail {

namespace {

mpq_class cost_of(const Instance& instance, const std::vector<int>& projects) {
  mpq_class total = 0;
  for (int p : projects) total += instance.projects[std::size_t(p)].cost;
  return total;
}

// No project of `pool` outside `chosen` fits in what `chosen` leaves of the budget.
bool exhaustive(const Instance& instance, const std::vector<int>& chosen,
                const std::vector<int>& pool) {
  std::vector<bool> in(instance.projects.size(), false);
  for (int p : chosen) in[std::size_t(p)] = true;
  mpq_class left = instance.budget - cost_of(instance, chosen);
  for (int p : pool) {
    if (!in[std::size_t(p)] && instance.projects[std::size_t(p)].cost <= left) return false;
  }
  return true;
}

std::vector<int> with_prefix(std::vector<int> prefix, const std::vector<int>& rest) {
  prefix.insert(prefix.end(), rest.begin(), rest.end());
  return prefix;
}

// JavaScript object key order, which the equalshares.net tool's project order follows:
// canonical array indices (0..4294967294, no leading zeros) ascending, then the rest.
bool array_index(const std::string& id, unsigned long& value) {
  if (id.empty() || id.size() > 10 || (id.size() > 1 && id[0] == '0')) return false;
  value = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  return value <= 4294967294ULL;
}

std::vector<int> javascript_key_order(const Instance& instance) {
  std::vector<std::pair<unsigned long, int>> indices;
  std::vector<int> others;
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    unsigned long value = 0;
    if (array_index(instance.projects[p].id, value)) {
      indices.emplace_back(value, int(p));
    } else {
      others.push_back(int(p));
    }
  }
  std::sort(indices.begin(), indices.end());
  std::vector<int> order;
  for (const auto& entry : indices) order.push_back(entry.second);
  order.insert(order.end(), others.begin(), others.end());
  return order;
}

// equalshares.net utilitarian completion: by decreasing approvals (stable over the tool's
// project order, or over the chosen tie order when it is not the reference's), adding
// every project that still fits.
GreedyExplanation approval_completion(const Instance& instance, const Profile& profile,
                                      const TieOrder& order, std::vector<int>& selected,
                                      std::vector<std::string>& ties) {
  std::vector<int> visit = javascript_key_order(instance);
  if (order.tie_break != TieBreak::by_id) {
    std::sort(visit.begin(), visit.end(), [&](int a, int b) { return order.before(a, b); });
  }
  std::stable_sort(visit.begin(), visit.end(), [&](int a, int b) {
    return profile.approvals[std::size_t(a)] > profile.approvals[std::size_t(b)];
  });
  std::vector<bool> in(instance.projects.size(), false);
  for (int p : selected) in[std::size_t(p)] = true;
  mpq_class spent = cost_of(instance, selected);
  GreedyExplanation explanation;
  explanation.order =
      "approvals, highest first; equal approvals in the equalshares.net "
      "project order";
  for (std::size_t i = 0; i < visit.size(); ++i) {
    auto p = std::size_t(visit[i]);
    if (in[p]) continue;
    consider_greedily(instance, profile, p, spent, selected, explanation);
  }
  // Ties among the visited projects: runs of equal approvals.
  const auto& steps = explanation.steps;
  for (std::size_t i = 0; i < steps.size();) {
    std::size_t end = i + 1;
    while (end < steps.size() && steps[end].votes == steps[i].votes) ++end;
    if (end - i > 1) {
      std::vector<int> tied;
      for (std::size_t k = i; k < end; ++k) tied.push_back(steps[k].project);
      ties.push_back(
          "completion: " +
          describe_tie(instance, tied, -1, order, std::to_string(steps[i].votes) + " approvals") +
          (order.tie_break == TieBreak::by_id ? " (equalshares.net project order)" : ""));
    }
    i = end;
  }
  return explanation;
}

// What the Add1 loop does after the run at step k: carry on, stop at k, or stop and keep
// the run at k - 1 (this one is over budget).
enum class Add1Stop { carry_on, here, previous };

Add1Stop add1_stop(const Instance& instance, const Add1Loop& loop, long k,
                   const std::vector<int>& winners) {
  std::vector<int> selection = with_prefix(loop.prefix, winners);
  if (cost_of(instance, selection) > instance.budget) return Add1Stop::previous;
  if (exhaustive(instance, selection, loop.pool)) return Add1Stop::here;
  if (loop.cap && loop.start + k > *loop.cap) return Add1Stop::here;
  return Add1Stop::carry_on;
}

}  // namespace

long add1_steps(const Instance& instance, const Profile& profile, const TieOrder& order,
                const std::vector<int>& candidates, MesEngine& engine, const Add1Loop& loop,
                bool by_ranges) {
  MesRangeEngine ranges(instance, profile, order, candidates);
  if (!by_ranges || !ranges.usable()) {  // the loop as the reference tools write it
    for (long k = 0;; ++k) {
      if (by_ranges && k > loop.most_exact_steps) {
        throw std::invalid_argument(
            instance.name + ": the Add1 completion needs more than " +
            std::to_string(loop.most_exact_steps) +
            " exact MES runs here (ballots that repeat a project, or numbers too large for "
            "the range search, rule out the fast search); not computed");
      }
      switch (add1_stop(instance, loop, k, engine.run(loop.start + k))) {
        case Add1Stop::previous:
          return k - 1;
        case Add1Stop::here:
          return k;
        case Add1Stop::carry_on:
          break;
      }
    }
  }
  // Ranges [start + a, start + a + h] of endowments on which MES provably buys the same
  // projects in the same order (so the loop's test has one answer on all of them, but for
  // the cap), found by trying lengths that grow while they are certified and shrink,
  // guided by where the failing comparison's bounds crossed, when they are not. A single
  // endowment that the bounds cannot settle (an exact tie, say) is run exactly.
  long a = 0, h = 0, typical = 16;
  bool after_change = true;  // a change of outcome just before `a`: keep bounds tight there
  constexpr long kLongest = 1L << 40;
  while (true) {
    MesRangeEngine::Verdict verdict = ranges.run(loop.start + a, loop.start + a + h, !after_change);
    if (!verdict.certified && h > 0) {
      const double reach = verdict.reach * double(h);
      if (after_change) {
        h = reach >= 2 ? long(reach * 0.95) : h / 4;
      } else if (reach < 1) {
        after_change = true;
        h /= 4;
      } else {
        h = long(reach * 0.95);
      }
      continue;
    }
    const std::vector<int> winners =
        verdict.certified ? verdict.winners : engine.run(loop.start + a);
    switch (add1_stop(instance, loop, a, winners)) {
      case Add1Stop::previous:
        return a - 1;
      case Add1Stop::here:
        return a;
      case Add1Stop::carry_on:
        break;
    }
    if (loop.cap) {  // the same selection throughout: only the cap can stop inside
      mpq_class room = *loop.cap - loop.start;
      mpz_class first_above = room.get_num() / room.get_den() + 1;
      if (first_above <= a + h) return first_above.get_si();
    }
    if (h > typical) {
      typical = h;
    } else if (after_change) {
      typical = typical * 3 / 4;
    }
    a += h + 1;
    h = std::min(std::max(2 * h + 1, after_change ? typical / 2 : 0L), kLongest);
    after_change = false;
  }
}

Outcome run_mes(const Instance& instance, Sat sat, Completion completion,
                const RuleOptions& options) {
  const bool eqs = completion == Completion::add1_eqs;
  Profile profile = build_profile(instance, sat, eqs);
  TieOrder order = make_tie_order(instance, profile.approvals, options.tie_break);

  // Supported free projects: the reference selects them before the rounds (not eqs).
  std::vector<int> candidates, free_supported;
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    if (profile.total_sat[p] <= 0) continue;
    (instance.projects[p].cost > 0 ? candidates : free_supported).push_back(int(p));
  }
  std::vector<int> prefix = eqs ? std::vector<int>{} : free_supported;
  std::vector<int> all_projects(instance.projects.size());
  for (std::size_t p = 0; p < all_projects.size(); ++p) all_projects[p] = int(p);

  MesEngine engine(instance, profile, order, candidates);
  const mpq_class candidate_cost = cost_of(instance, candidates);
  const mpq_class budget = instance.budget;
  mpq_class endowment = profile.voters > 0 ? mpq_class(budget / profile.voters) : mpq_class(0);
  long steps = 0;
  std::string completion_name = "none";
  if (completion == Completion::add1 || completion == Completion::add1_greedy) {
    completion_name = "add1 (pabutools: from B/n, +1 per voter until exhaustive)";
    steps = add1_steps(instance, profile, order, candidates, engine,
                       {prefix, endowment, candidates, std::nullopt}, options.add1_by_ranges);
    endowment += steps;
  } else if (eqs) {
    completion_name = "add1 (equalshares.net: from floor(B/n), integral, exhaustive)";
    if (cost_of(instance, all_projects) > budget) {
      endowment = profile.voters > 0
                      ? mpz_class(budget.get_num() / (budget.get_den() * profile.voters))
                      : mpz_class(0);
      // Once every voter alone could pay for all candidates, MES buys them all and more
      // money changes nothing: the tool would loop for ever, we stop there.
      steps = add1_steps(instance, profile, order, candidates, engine,
                         {{}, endowment, all_projects, candidate_cost}, options.add1_by_ranges);
      endowment += steps;
    }
  } else if (completion == Completion::greedy) {
    completion_name = "greedy";
  }

  Outcome outcome;
  MesExplanation explanation;
  explanation.satisfaction = std::string(to_string(sat));
  explanation.endowment = endowment;
  explanation.budget_steps = steps;
  explanation.completion = completion_name;
  explanation.projects.resize(instance.projects.size());
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    MesProjectNote& note = explanation.projects[p];
    note.project = int(p);
    note.supporters = profile.supporter_count[p];
    if (profile.total_sat[p] <= 0) {
      note.reason = MesReason::no_support;
    } else if (instance.projects[p].cost <= 0) {
      note.reason = MesReason::zero_cost;
    }
  }
  outcome.selected = with_prefix(prefix, engine.run(endowment, &explanation, &outcome.ties));
  outcome.mes = std::move(explanation);

  if (completion == Completion::add1_greedy || completion == Completion::greedy) {
    mpq_class spent = cost_of(instance, outcome.selected);
    outcome.greedy = greedy_pass(instance, profile, order, outcome.selected, spent, outcome.ties);
  } else if (eqs) {
    outcome.greedy = approval_completion(instance, profile, order, outcome.selected, outcome.ties);
  }
  return outcome;
}

}  // namespace coproduce::commission::pb::detail
