#include "commission/process/json.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

json::object process_json(const Process& p) {
  return json::object{
      {"id", p.id},
      {"name", p.name_en},
      {"name_cy", p.name_cy},
      {"area_id", p.area_id.empty() ? json::value(nullptr) : json::value(p.area_id)},
      {"currency", p.currency},
      {"budget_minor", p.budget_minor},
      {"phase", p.phase},
      {"rule", p.rule},
      {"tie_break", p.tie_break},
      {"ballot_kind", p.ballot_kind},
      {"definition_sha256", p.definition_sha256},
      {"source", p.source},
      {"voters", p.voters},
      {"ballot_min", p.rules.min},
      {"ballot_max", p.rules.max ? json::value(*p.rules.max) : json::value(nullptr)},
      {"cost_limit_minor", p.rules.cost_limit_minor ? json::value(*p.rules.cost_limit_minor) : json::value(nullptr)},
      {"points_total", p.rules.points_total ? json::value(*p.rules.points_total) : json::value(nullptr)},
      {"points_most", p.rules.points_most ? json::value(*p.rules.points_most) : json::value(nullptr)},
      {"minimum_age", p.rules.minimum_age ? json::value(*p.rules.minimum_age) : json::value(nullptr)},
      {"postcodes", [&] {
         json::array out;
         for (const auto& entry : p.rules.postcodes) out.push_back(json::value(entry));
         return out;
       }()},
      {"one_district", p.rules.one_district},
      {"district_budgets", json::parse(amounts_text(p.district_budgets))},
      {"category_limits", json::parse(amounts_text(p.rules.category_most))},
      {"voting_closes_on", p.voting_closes_on.empty() ? json::value(nullptr) : json::value(p.voting_closes_on)},
      {"initiative_id", p.initiative_id.empty() ? json::value(nullptr) : json::value(p.initiative_id)},
      {"signed_off_at", p.signed_off_at.empty() ? json::value(nullptr) : json::value(p.signed_off_at)},
      {"results_published", results_public(p.phase)},
      {"links", json::object{{"self", "/pb/" + p.id}, {"results", "/api/v1/pb/processes/" + p.id + "/results"}}},
  };
}

json::object result_json(const Process& process, const Result& result) {
  json::array selected;
  for (const auto& code : result.selected) selected.push_back(json::value(code));
  json::array projects;
  for (const auto& p : result.projects) {
    projects.push_back(json::object{
        {"code", p.code},
        {"name", p.name},
        {"name_cy", p.name_cy},
        {"category", p.category},
        {"district", p.district},
        {"cost_minor", p.cost_minor},
        {"votes", p.votes},
        {"selected", p.selected_order.has_value()},
        {"selected_order", p.selected_order ? json::value(*p.selected_order) : json::value(nullptr)},
        {"explanation", p.explanation},
    });
  }
  return json::object{
      {"process", process_json(process)},
      {"rule", result.rule},
      {"tie_break", result.tie_break},
      {"counted_at", result.counted_at},
      {"voters", result.voters},
      {"total_cost_minor", result.total_cost_minor},
      {"selected", std::move(selected)},
      {"projects", std::move(projects)},
      {"outcome", result.outcome},
  };
}

}  // namespace coproduce::commission::process
