// Rule dispatch by name, tie-break orders and small helpers shared by the rule families.
#include "commission/pb/rules.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "commission/pb/rules_internal.hpp"

namespace coproduce::commission::pb {

namespace detail {

TieOrder make_tie_order(const Instance& instance, const std::vector<long>& votes,
                        TieBreak tie_break) {
  const auto& projects = instance.projects;
  std::vector<int> order(projects.size());
  std::iota(order.begin(), order.end(), 0);
  auto id_less = [&](int a, int b) {
    return projects[std::size_t(a)].id < projects[std::size_t(b)].id;  // bytes = code points
  };
  if (tie_break == TieBreak::by_id) {
    std::stable_sort(order.begin(), order.end(), id_less);
  } else {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const auto& pa = projects[std::size_t(a)];
      const auto& pb = projects[std::size_t(b)];
      if (pa.cost != pb.cost) return pa.cost < pb.cost;
      if (votes[std::size_t(a)] != votes[std::size_t(b)])
        return votes[std::size_t(a)] > votes[std::size_t(b)];
      return id_less(a, b);
    });
  }
  TieOrder result;
  result.tie_break = tie_break;
  result.rank.resize(projects.size());
  for (std::size_t position = 0; position < order.size(); ++position)
    result.rank[std::size_t(order[position])] = int(position);
  return result;
}

std::string describe_tie(const Instance& instance, std::vector<int> tied, int chosen,
                         const TieOrder& order, const std::string& what) {
  std::sort(tied.begin(), tied.end(), [&](int a, int b) { return order.before(a, b); });
  std::string text;
  for (std::size_t i = 0; i < tied.size(); ++i) {
    if (i > 0) text += i + 1 == tied.size() ? " and " : ", ";
    text += instance.projects[std::size_t(tied[i])].id;
  }
  text += " tied on " + what + "; ";
  text +=
      chosen < 0 ? "visited in that order" : "chose " + instance.projects[std::size_t(chosen)].id;
  text += " by tie-break " + std::string(to_string(order.tie_break));
  return text;
}

std::string show(const mpq_class& value) {
  mpz_class den = value.get_den();
  while (den % 2 == 0) den /= 2;
  while (den % 5 == 0) den /= 5;
  if (den != 1) return value.get_str();
  mpz_class scale = 1;
  int digits = 0;
  while (mpq_class(value * scale).get_den() != 1) {
    scale *= 10;
    ++digits;
  }
  mpz_class scaled = value.get_num() * scale / value.get_den();
  bool negative = scaled < 0;
  std::string text = mpz_class(abs(scaled)).get_str();
  if (digits > 0) {
    if (int(text.size()) <= digits) text.insert(0, std::size_t(digits + 1) - text.size(), '0');
    text.insert(text.size() - std::size_t(digits), ".");
  }
  return negative ? "-" + text : text;
}

}  // namespace detail

std::string_view to_string(TieBreak tie_break) {
  return tie_break == TieBreak::by_id ? "by-id" : "cost-votes-id";
}

std::string_view to_string(MesReason reason) {
  switch (reason) {
    case MesReason::selected:
      return "selected";
    case MesReason::zero_cost:
      return "zero_cost";
    case MesReason::no_support:
      return "no_support";
    case MesReason::never_affordable:
      return "never_affordable";
    case MesReason::outbid:
      return "outbid";
  }
  return "unknown";
}

std::vector<std::string> rule_names() {
  return {"greedy_cost",          "greedy_card",  "mes_cost",        "mes_card", "mes_cost_add1",
          "mes_cost_add1_greedy", "mes_cost_eqs", "mes_cost_greedy", "phragmen", "max_welfare"};
}

Outcome run_rule(const Instance& instance, std::string_view rule_name, const RuleOptions& options) {
  using detail::Completion;
  const Sat main = main_sat(instance.vote_type);
  Outcome outcome;
  if (rule_name == "greedy_cost") {
    outcome = detail::run_greedy(instance, main, options);
  } else if (rule_name == "greedy_card") {
    outcome = detail::run_greedy(instance, Sat::cardinality, options);
  } else if (rule_name == "mes_cost") {
    outcome = detail::run_mes(instance, main, Completion::none, options);
  } else if (rule_name == "mes_card") {
    outcome = detail::run_mes(instance, Sat::cardinality, Completion::none, options);
  } else if (rule_name == "mes_cost_add1") {
    outcome = detail::run_mes(instance, Sat::cost, Completion::add1, options);
  } else if (rule_name == "mes_cost_add1_greedy") {
    outcome = detail::run_mes(instance, Sat::cost, Completion::add1_greedy, options);
  } else if (rule_name == "mes_cost_eqs") {
    outcome = detail::run_mes(instance, Sat::cost, Completion::add1_eqs, options);
  } else if (rule_name == "mes_cost_greedy") {
    outcome = detail::run_mes(instance, main, Completion::greedy, options);
  } else if (rule_name == "phragmen") {
    outcome = detail::run_phragmen(instance, options);
  } else if (rule_name == "max_welfare") {
    outcome = detail::run_max_welfare(instance, options);
  } else {
    std::string known;
    for (const auto& name : rule_names()) known += " " + name;
    throw std::invalid_argument("unknown rule '" + std::string(rule_name) + "' (known:" + known +
                                ")");
  }
  outcome.rule = std::string(rule_name);
  outcome.tie_break = std::string(to_string(options.tie_break));
  outcome.total_cost = 0;
  for (int project : outcome.selected)
    outcome.total_cost += instance.projects[std::size_t(project)].cost;
  return outcome;
}

}  // namespace coproduce::commission::pb
