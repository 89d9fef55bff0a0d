// Outcome -> JSON: selection, totals, ties and every explanation, with exact rationals.
#include "commission/pb/outcome_json.hpp"

namespace coproduce::commission::pb {

namespace {

namespace json = boost::json;

// Rounded to six decimal places, half away from zero; display only.
std::string display_decimal(const mpq_class& value) {
  constexpr int kPlaces = 6;
  mpz_class scale = 1'000'000;
  mpq_class scaled = abs(value) * scale;
  mpz_class rounded = (2 * scaled.get_num() + scaled.get_den()) / (2 * scaled.get_den());
  std::string digits = rounded.get_str();
  if (digits.size() <= std::size_t(kPlaces)) digits.insert(0, kPlaces + 1 - digits.size(), '0');
  std::string text = digits.substr(0, digits.size() - kPlaces);
  std::string fraction = digits.substr(digits.size() - kPlaces);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) text += "." + fraction;
  return (value < 0 && rounded != 0 ? "-" : "") + text;
}

json::value optional_rational(const std::optional<mpq_class>& value) {
  return value ? rational_to_json(*value) : json::value(nullptr);
}

json::value project_ref(const Instance& instance, int project) {
  if (project < 0) return nullptr;
  return json::value(instance.projects[std::size_t(project)].id);
}

json::value mes_to_json(const Instance& instance, const MesExplanation& mes) {
  json::array rounds;
  for (const MesRound& round : mes.rounds) {
    json::array payments;
    for (const PaymentShare& share : round.payments) {
      payments.push_back(
          json::object{{"voters", share.voters}, {"each", rational_to_json(share.each)}});
    }
    rounds.push_back(json::object{
        {"round", round.round},
        {"project", project_ref(instance, round.project)},
        {"rho", rational_to_json(round.rho)},
        {"price_per_supporter", optional_rational(round.price_per_supporter)},
        {"payments", std::move(payments)},
        {"voters_money_left", rational_to_json(round.voters_money_left)},
        {"budget_left", rational_to_json(round.budget_left)},
    });
  }
  json::array projects;
  for (const MesProjectNote& note : mes.projects) {
    json::object entry{
        {"project", project_ref(instance, note.project)},
        {"reason", std::string(to_string(note.reason))},
        {"supporters", note.supporters},
    };
    if (note.reason == MesReason::selected || note.reason == MesReason::outbid) {
      entry["round"] = note.round;
      entry["rho"] = optional_rational(note.rho);
      entry["effective_votes"] = optional_rational(note.effective_votes);
    }
    if (note.reason == MesReason::outbid || note.reason == MesReason::never_affordable) {
      entry["outbid_by"] = project_ref(instance, note.outbid_by);
      entry["supporters_money"] = rational_to_json(note.supporters_money);
      entry["shortfall"] = rational_to_json(note.shortfall);
      entry["more_supporters_needed"] = note.more_supporters_needed
                                            ? json::value(note.more_supporters_needed->get_str())
                                            : json::value(nullptr);
    }
    projects.push_back(std::move(entry));
  }
  return json::object{
      {"satisfaction", mes.satisfaction}, {"endowment", rational_to_json(mes.endowment)},
      {"budget_steps", mes.budget_steps}, {"completion", mes.completion},
      {"rounds", std::move(rounds)},      {"projects", std::move(projects)},
  };
}

json::value greedy_to_json(const Instance& instance, const GreedyExplanation& greedy) {
  json::array steps;
  for (const GreedyStep& step : greedy.steps) {
    steps.push_back(json::object{
        {"project", project_ref(instance, step.project)},
        {"score", optional_rational(step.score)},
        {"votes", step.votes},
        {"budget_left_before", rational_to_json(step.budget_left_before)},
        {"selected", step.selected},
    });
  }
  return json::object{{"order", greedy.order}, {"steps", std::move(steps)}};
}

}  // namespace

json::value rational_to_json(const mpq_class& value) {
  return json::object{{"exact", value.get_str()}, {"decimal", display_decimal(value)}};
}

json::value outcome_to_json(const Instance& instance, const Outcome& outcome) {
  json::array selected;
  for (int project : outcome.selected) selected.push_back(project_ref(instance, project));
  json::array ties;
  for (const auto& tie : outcome.ties) ties.push_back(json::value(tie));
  json::object result{
      {"instance", instance.name},       {"rule", outcome.rule},
      {"tie_break", outcome.tie_break},  {"budget", rational_to_json(instance.budget)},
      {"selected", std::move(selected)}, {"total_cost", rational_to_json(outcome.total_cost)},
      {"ties", std::move(ties)},
  };
  if (outcome.welfare) result["welfare"] = rational_to_json(*outcome.welfare);
  if (outcome.mes) result["mes"] = mes_to_json(instance, *outcome.mes);
  if (outcome.greedy) result["greedy"] = greedy_to_json(instance, *outcome.greedy);
  if (!outcome.phragmen.empty()) {
    json::array steps;
    for (const PhragmenStep& step : outcome.phragmen) {
      steps.push_back(json::object{{"project", project_ref(instance, step.project)},
                                   {"load", rational_to_json(step.load)}});
    }
    result["phragmen"] = std::move(steps);
  }
  return result;
}

}  // namespace coproduce::commission::pb
