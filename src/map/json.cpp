#include "map/json.hpp"

#include <boost/json.hpp>

#include "core/money.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"

namespace coproduce::map {
namespace json = boost::json;

namespace {
json::value opt(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
std::string s(std::string_view v) { return std::string(v); }
}  // namespace

std::string hours_text(std::int64_t hours_x100) {
  std::string text = core::format_money_minor(hours_x100);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

json::value to_json(const Area& a) {
  return {{"id", a.id}, {"name", a.name}, {"kind", s(to_string(a.kind))},
          {"parent_id", opt(a.parent_id)}, {"archived", a.archived}};
}
json::value to_json(const Service& v) {
  return {{"id", v.id}, {"name", v.name}, {"provider", v.provider},
          {"sector", s(to_string(v.sector))}, {"archived", v.archived}};
}
json::value to_json(const Group& g) {
  return {{"id", g.id}, {"name", g.name}, {"description", g.description}, {"archived", g.archived}};
}
json::value to_json(const Initiative& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"summary", i.summary},
          {"area_id", opt(i.area_id)},
          {"service_id", opt(i.service_id)},
          {"level", i.level ? json::value(s(to_string(*i.level))) : json::value(nullptr)},
          {"drivers",
           {{"governance", i.governance_driver}, {"logistical", i.logistical_driver}}},
          {"started_on", i.started_on}};
}
namespace {
// What an entry says, shared by the audit trail's shape and the API's.
json::object entry_facts(const Contribution& c) {
  return {{"id", c.id},
          {"initiative_id", c.initiative_id},
          {"group_id", opt(c.group_id)},
          {"contributor_label", c.contributor_label},
          {"people", c.people},
          {"role", s(to_string(c.role))},
          {"phase", s(to_string(c.phase))},
          {"kind", s(to_string(c.kind))},
          {"hours", hours_text(c.hours_x100)},
          {"money_minor", c.money_minor},
          {"currency", c.currency},
          {"description", c.description},
          {"made_on", c.made_on},
          {"status", s(to_string(c.status))},
          {"visibility", s(to_string(c.visibility))},
          {"reason", c.reason}};
}
}  // namespace

json::value to_json(const Contribution& c) {
  json::object o = entry_facts(c);
  o["person_id"] = opt(c.person_id);
  o["source_type"] = c.source_type;
  o["source_id"] = c.source_id;
  o["recorded_role"] = c.recorded_role;
  o["reverses_id"] = opt(c.reverses_id);
  o["reversed_by_id"] = opt(c.reversed_by_id);
  return o;
}

std::string contributor_name(const Contribution& c,
                             const std::map<std::string, std::string>& person_names,
                             const std::map<std::string, std::string>& group_names) {
  if (c.visibility == Visibility::named) {
    if (c.person_id)
      if (auto it = person_names.find(*c.person_id); it != person_names.end()) return it->second;
    if (c.group_id)
      if (auto it = group_names.find(*c.group_id); it != group_names.end()) return it->second;
  }
  return c.contributor_label;
}

json::value entry_json(std::string_view locale, const Contribution& c,
                       const std::map<std::string, std::string>& person_names,
                       const std::map<std::string, std::string>& group_names,
                       const module::Registry& registry) {
  json::object source{{"type", c.source_type}, {"id", c.source_id},
                      {"link", registry.source_link(c.source_type, c.source_id)}};
  if (const auto* declared = registry.find_source(c.source_type))
    source["label"] = i18n::t(locale, declared->label_key);
  json::object o = entry_facts(c);
  o["contributor"] = contributor_name(c, person_names, group_names);
  o["confirmed"] = c.confirmed();
  o["confirmed_on"] = c.confirmed() ? c.decided_at.substr(0, 10) : "";
  o["reverses"] = opt(c.reverses_id);
  o["reversed_by"] = opt(c.reversed_by_id);
  o["counts"] = c.counts();
  o["source"] = source;
  if (c.group_id)
    if (auto it = group_names.find(*c.group_id); it != group_names.end()) o["group_name"] = it->second;
  return o;
}
json::value to_json(const Assessment& a) {
  json::object scores;
  for (const auto& [criterion, score] : a.scores) scores[criterion] = score;
  return {{"id", a.id},          {"initiative_id", a.initiative_id},
          {"frame", s(to_string(a.frame))}, {"assessed_on", a.assessed_on},
          {"scores", scores},    {"note", a.note}};
}

std::string axis_reason_text(std::string_view locale, std::string_view axis_key,
                             const AxisReason& r) {
  std::string axis = i18n::t(locale, std::string("map.axis.") + std::string(axis_key));
  std::string value = i18n::t(locale, "map.axis_value." + s(to_string(r.value)));
  if (r.value == Axis::unknown)
    return i18n::t(locale, "map.reason.unknown", {{"axis", axis}, {"value", value}});
  std::string details;
  for (std::size_t i = 0; i < r.phases.size(); ++i) {
    if (r.professional_count[i] + r.citizen_count[i] == 0) continue;
    if (!details.empty()) details += "; ";
    details += i18n::t(locale, "map.reason.phase_counts",
                       {{"professional", i18n::format_number(locale, r.professional_count[i])},
                        {"citizen", i18n::format_number(locale, r.citizen_count[i])},
                        {"phase", i18n::t(locale, "map.phase_lower." + s(to_string(r.phases[i])))}});
  }
  return i18n::t(locale, "map.reason.axis", {{"axis", axis}, {"value", value}, {"details", details}});
}

namespace {
json::object by_currency(const std::map<std::string, std::int64_t>& amounts) {
  json::object out;
  for (const auto& [currency, minor] : amounts) out[currency] = minor;
  return out;
}

json::value axis_json(std::string_view locale, std::string_view key, const AxisReason& r) {
  json::array phases;
  for (std::size_t i = 0; i < r.phases.size(); ++i)
    phases.push_back({{"phase", s(to_string(r.phases[i]))},
                      {"professional_contributions", r.professional_count[i]},
                      {"citizen_contributions", r.citizen_count[i]}});
  json::array ids(r.contribution_ids.begin(), r.contribution_ids.end());
  return {{"value", s(to_string(r.value))},
          {"reason", axis_reason_text(locale, key, r)},
          {"phases", phases},
          {"contribution_ids", ids}};
}
}  // namespace

json::value typology_json(std::string_view locale, const Typology& t) {
  json::object o;
  o["cell"] = s(to_string(t.cell));
  o["cell_name"] = i18n::t(locale, "map.cell." + s(to_string(t.cell)));
  if (t.cell != Cell::unclassified) {
    auto [row, column] = grid_position(t.cell);
    o["row"] = row;
    o["column"] = column;
  }
  o["counts_as_coproduction"] = t.counts_as_coproduction;
  o["planning"] = axis_json(locale, "planning", t.planning);
  o["delivery"] = axis_json(locale, "delivery", t.delivery);
  json::array needing, cos, hints;
  for (Phase p : t.phases_needing_contributions) needing.push_back(json::string(to_string(p)));
  for (Co c : t.active_cos) cos.push_back(json::string(to_string(c)));
  for (Hint h : t.hints)
    hints.push_back({{"code", s(to_string(h))},
                     {"message", i18n::t(locale, "map.hint." + s(to_string(h)))}});
  o["phases_needing_contributions"] = needing;
  o["active_cos"] = cos;
  o["hints"] = hints;
  o["confirmed_contributions"] = t.confirmed_contributions;
  o["unconfirmed_contributions"] = t.unconfirmed_contributions;
  return o;
}

json::value summary_json(std::string_view locale, const InitiativeView& v) {
  json::object o = to_json(v.initiative).as_object();
  o["area"] = v.area ? to_json(*v.area) : json::value(nullptr);
  o["service"] = v.service ? to_json(*v.service) : json::value(nullptr);
  json::object t = typology_json(locale, v.typology).as_object();
  // The list keeps the reasons' text but not the per-contribution ids.
  t["planning"].as_object().erase("contribution_ids");
  t["delivery"].as_object().erase("contribution_ids");
  o["typology"] = t;
  o["links"] = {{"self", "/api/v1/initiatives/" + v.initiative.id},
                {"html", "/initiatives/" + v.initiative.id}};
  return o;
}

json::value detail_json(std::string_view locale, const InitiativeDetail& d,
                        const module::Registry& registry) {
  json::object o = to_json(d.view.initiative).as_object();
  o["area"] = d.view.area ? to_json(*d.view.area) : json::value(nullptr);
  o["service"] = d.view.service ? to_json(*d.view.service) : json::value(nullptr);
  o["typology"] = typology_json(locale, d.view.typology);
  // One row per phase, then per Co: {"phase" or "co": name, the totals}.
  auto rows = [](const char* key_name, const auto& keys, const PhaseTotals* totals) {
    json::array out;
    for (auto key : keys) {
      const auto& t = totals[static_cast<int>(key)];
      out.push_back({{key_name, s(to_string(key))},
                     {"professional_contributions", t.professional_contributions},
                     {"citizen_contributions", t.citizen_contributions},
                     {"professional_hours", hours_text(t.professional_hours_x100)},
                     {"citizen_hours", hours_text(t.citizen_hours_x100)},
                     {"professional_money_minor", by_currency(t.professional_money_minor)},
                     {"citizen_money_minor", by_currency(t.citizen_money_minor)}});
    }
    return out;
  };
  o["totals"] = rows("phase", kAllPhases, d.view.typology.totals.data());
  o["totals_by_co"] = rows("co", kAllCos, totals_by_co(d.view.typology).data());
  json::array contributions, assessments;
  for (const auto& c : d.listed)
    contributions.push_back(entry_json(locale, c, d.person_names, d.group_names, registry));
  for (const auto& a : d.assessments) assessments.push_back(to_json(a));
  o["contributions"] = contributions;
  o["aggregate_only_contributions"] = d.aggregate_only;
  o["assessments"] = assessments;
  o["links"] = {{"self", "/api/v1/initiatives/" + d.view.initiative.id},
                {"html", "/initiatives/" + d.view.initiative.id}};
  return o;
}

}  // namespace coproduce::map
