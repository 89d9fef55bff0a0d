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

template <class E, std::size_t N>
std::vector<std::string> codes(const E (&all)[N]) {
  std::vector<std::string> out;
  for (E e : all) out.emplace_back(to_string(e));
  return out;
}

std::vector<std::string> cell_codes() {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(Cell::self_organised); ++i)
    out.emplace_back(to_string(static_cast<Cell>(i)));
  return out;
}

std::vector<std::string_view> header_of(const std::vector<module::Column>& columns) {
  std::vector<std::string_view> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
}

module::Column plain(std::string name) {
  return {name, "map.dictionary." + name, {}, {}};
}

module::Column coded(std::string name, std::string prefix, std::vector<std::string> values) {
  return {name, "map.dictionary." + name, std::move(prefix), std::move(values)};
}

}  // namespace

const std::vector<module::Column>& initiatives_columns() {
  static const std::vector<module::Column> columns = {
      plain("id"), plain("name"), plain("area"), plain("service"), plain("provider"),
      coded("sector", "map.sector.", codes(kAllSectors)), coded("cell", "map.cell.", cell_codes()),
      coded("planning", "map.axis_value.", {"unknown", "professional", "shared", "citizen"}),
      coded("delivery", "map.axis_value.", {"unknown", "professional", "shared", "citizen"}),
      plain("counts_as_coproduction"), coded("active_cos", "map.co.", codes(kAllCos)),
      coded("level", "map.level.", codes(kAllLevels)), plain("governance_driver"),
      plain("logistical_driver"), plain("citizen_hours"), plain("professional_hours"),
      plain("confirmed_contributions")};
  return columns;
}

const std::vector<module::Column>& contributions_columns() {
  static const std::vector<module::Column> columns = {
      plain("id"), plain("initiative_id"), plain("initiative"), plain("group"), plain("contributor"),
      plain("people"), coded("role", "map.role.", codes(kAllContributorRoles)),
      coded("phase", "map.phase.", codes(kAllPhases)),
      coded("kind", "map.kind.", codes(kAllContributionKinds)), plain("hours"), plain("money"),
      plain("currency"), plain("description"), plain("made_on"),
      coded("status", "map.status.", codes(kAllStatuses)), plain("confirmed"), plain("confirmed_on"),
      plain("counts"), plain("reverses"), plain("reversed_by"), plain("source_type"), plain("source_id")};
  return columns;
}

std::string initiatives_csv(const MapData& data) {
  std::string out = core::csv_row(header_of(initiatives_columns()));
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
  std::string out = core::csv_row(header_of(contributions_columns()));
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
