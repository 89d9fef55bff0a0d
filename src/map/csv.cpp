#include "map/csv.hpp"

#include "core/csv.hpp"
#include "core/money.hpp"
#include "map/json.hpp"

namespace coproduce::map {
namespace {

template <class T>
std::string name_of(const std::vector<T>& items, const std::optional<std::string>& id) {
  if (!id) return "";
  for (const auto& item : items)
    if (item.id == *id) return item.name;
  return "";
}

}  // namespace

std::string initiatives_csv(const MapData& data) {
  std::string out = core::csv_row({"id", "name", "area", "service", "provider", "sector", "cell",
                         "planning", "delivery", "counts_as_coproduction", "active_cos", "level",
                         "governance_driver", "logistical_driver", "citizen_hours",
                         "professional_hours", "confirmed_contributions"});
  for (const auto& v : data.initiatives) {
    const auto& t = v.typology;
    std::string cos;
    for (Co c : t.active_cos) cos += (cos.empty() ? "" : ";") + std::string(to_string(c));
    std::int64_t citizen = 0, professional = 0;
    for (const auto& p : t.totals) {
      citizen += p.citizen_hours_x100;
      professional += p.professional_hours_x100;
    }
    const auto& i = v.initiative;
    out += core::csv_row({i.id, i.name, v.area ? v.area->name : "", v.service ? v.service->name : "",
                v.service ? v.service->provider : "",
                v.service ? to_string(v.service->sector) : "", to_string(t.cell),
                to_string(t.planning.value), to_string(t.delivery.value),
                t.counts_as_coproduction ? "true" : "false", cos,
                i.level ? to_string(*i.level) : "", i.governance_driver ? "true" : "false",
                i.logistical_driver ? "true" : "false", hours_text(citizen),
                hours_text(professional), std::to_string(t.confirmed_contributions)});
  }
  return out;
}

std::string contributions_csv(const std::vector<Initiative>& initiatives,
                              const std::vector<Group>& groups,
                              const std::vector<Contribution>& entries,
                              const std::map<std::string, std::string>& person_names) {
  std::map<std::string, std::string> group_names;
  for (const auto& g : groups) group_names[g.id] = g.name;
  std::string out = core::csv_row({"id", "initiative_id", "initiative", "group", "contributor", "people",
                         "role", "phase", "kind", "hours", "money", "currency", "description",
                         "made_on", "status", "confirmed", "confirmed_on", "counts", "reverses",
                         "reversed_by", "source_type", "source_id"});
  for (const auto& c : entries) {
    out += core::csv_row({c.id, c.initiative_id, name_of(initiatives, std::optional(c.initiative_id)),
                name_of(groups, c.group_id), contributor_name(c, person_names, group_names),
                std::to_string(c.people), to_string(c.role), to_string(c.phase),
                to_string(c.kind), hours_text(c.hours_x100),
                core::format_money_minor(c.money_minor), c.currency, c.description, c.made_on,
                to_string(c.status), c.confirmed() ? "true" : "false",
                c.confirmed() ? c.decided_at.substr(0, 10) : "", c.counts() ? "true" : "false",
                c.reverses_id.value_or(""), c.reversed_by_id.value_or(""), c.source_type,
                c.source_id});
  }
  return out;
}

}  // namespace coproduce::map
