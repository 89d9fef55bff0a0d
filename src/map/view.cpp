#include "map/view.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "map/repository.hpp"

namespace coproduce::map {
namespace {

template <class T>
std::optional<T> find_by_id(const std::vector<T>& items, const std::optional<std::string>& id) {
  if (!id) return std::nullopt;
  for (const T& item : items)
    if (item.id == *id) return item;
  return std::nullopt;
}

bool inside(const std::vector<Area>& areas, std::optional<std::string> area,
            const std::string& ancestor) {
  // Walk up the parent chain; bounded by the number of areas in case of a cycle.
  for (std::size_t steps = 0; area && steps <= areas.size(); ++steps) {
    if (*area == ancestor) return true;
    auto found = find_by_id(areas, area);
    area = found ? found->parent_id : std::nullopt;
  }
  return false;
}

template <class T, class Parse>
std::optional<T> query_enum(const http::Request& request, const char* name, Parse parse) {
  auto text = request.query_param(name);
  if (!text || text->empty()) return std::nullopt;
  if (auto value = parse(*text)) return value;
  throw core::localised(422, "invalid", "map.error.not_a_choice", name);
}

}  // namespace

MapData load_map(store::Connection& db, const std::string& org) {
  MapData data;
  data.areas = repo::list_areas(db, org);
  data.services = repo::list_services(db, org);
  auto initiatives = repo::list_initiatives(db, org);
  auto tallies = repo::tallies_by_initiative(db, org);
  data.initiatives.reserve(initiatives.size());
  for (auto& i : initiatives) {
    InitiativeView view{i, derive_typology(i, tallies[i.id]), find_by_id(data.areas, i.area_id),
                        find_by_id(data.services, i.service_id)};
    data.initiatives.push_back(std::move(view));
  }
  return data;
}

MapFilter parse_filter(const http::Request& request) {
  MapFilter f;
  if (auto area = request.query_param("area"); area && !area->empty()) f.area_id = *area;
  if (auto service = request.query_param("service"); service && !service->empty())
    f.service_id = *service;
  f.phase = query_enum<Phase>(request, "phase", parse_phase);
  f.co = query_enum<Co>(request, "co", parse_co);
  f.cell = query_enum<Cell>(request, "cell", parse_cell);
  return f;
}

std::vector<const InitiativeView*> apply(const MapData& data, const MapFilter& f) {
  std::vector<const InitiativeView*> out;
  for (const auto& v : data.initiatives) {
    if (f.area_id && !inside(data.areas, v.initiative.area_id, *f.area_id)) continue;
    if (f.service_id && v.initiative.service_id != f.service_id) continue;
    if (f.phase) {
      const auto& t = v.typology.totals[static_cast<int>(*f.phase)];
      if (t.citizen_contributions + t.professional_contributions == 0) continue;
    }
    if (f.co && std::find(v.typology.active_cos.begin(), v.typology.active_cos.end(), *f.co) ==
                    v.typology.active_cos.end())
      continue;
    if (f.cell && v.typology.cell != *f.cell) continue;
    out.push_back(&v);
  }
  return out;
}

Viewer Viewer::of(const core::Principal& principal) {
  Viewer v;
  v.member_ = principal.signed_in() && principal.role.has_value();
  v.officer_ = principal.has(core::Role::officer);
  v.account_id_ = principal.account_id;
  return v;
}

bool Viewer::sees_row(const Contribution& c) const {
  bool theirs = !account_id_.empty() && (c.person_id == account_id_ || c.recorded_by == account_id_);
  if (officer_ || theirs) return true;
  if (c.status == Status::void_ || c.visibility == Visibility::aggregate) return false;
  return c.confirmed() || member_;
}

std::map<std::string, std::string> names_of_named(store::Connection& db,
                                                  const std::vector<Contribution>& entries) {
  std::map<std::string, std::string> names;
  for (const auto& c : entries)
    if (c.visibility == Visibility::named && c.person_id && !names.count(*c.person_id))
      if (auto row = db.query_one("SELECT display_name FROM accounts WHERE id = $1", {*c.person_id}))
        names[*c.person_id] = row->text(0);
  return names;
}

InitiativeDetail load_initiative(store::Connection& db, const std::string& org,
                                 const std::string& id, const Viewer& viewer) {
  auto initiative = core::looks_like_id(id) ? repo::find_initiative(db, org, id) : std::nullopt;
  if (!initiative) throw core::not_found("Initiative");
  InitiativeDetail d;
  d.contributions = repo::list_contributions_of(db, org, id);
  for (const auto& c : d.contributions) {
    if (viewer.sees_row(c)) d.listed.push_back(c);
    else if (c.counts() && c.visibility == Visibility::aggregate) ++d.aggregate_only;
  }
  d.person_names = names_of_named(db, d.listed);
  d.assessments = repo::list_assessments_of(db, org, id);
  d.view.initiative = *initiative;
  d.view.typology = derive_typology(*initiative, d.contributions);
  if (initiative->area_id) d.view.area = repo::find_area(db, org, *initiative->area_id);
  if (initiative->service_id) d.view.service = repo::find_service(db, org, *initiative->service_id);
  for (const auto& c : d.listed)
    if (c.group_id && !d.group_names.count(*c.group_id))
      if (auto g = repo::find_group(db, org, *c.group_id)) d.group_names[g->id] = g->name;
  return d;
}

}  // namespace coproduce::map
