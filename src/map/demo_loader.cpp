#include "map/demo_loader.hpp"

#include <map>

#include "audit/audit.hpp"
#include "core/ids.hpp"
#include "map/cache.hpp"
#include "map/demo_data.hpp"
#include "map/json.hpp"
#include "map/repository.hpp"

namespace coproduce::map {

int load_demo_records(store::Connection& tx, const std::string& org) {
  const DemoData& demo = demo_data();
  core::Principal system;
  system.organisation_id = org;
  // Demo key -> fresh id, one map per record type (keys repeat across types).
  std::map<std::string, std::string> areas, services, groups, initiatives;
  auto fresh = [](std::map<std::string, std::string>& ids, const std::string& key) {
    return ids[key] = core::new_id();
  };
  auto mapped = [](const std::map<std::string, std::string>& ids,
                   const std::optional<std::string>& key) -> std::optional<std::string> {
    if (!key) return std::nullopt;
    return ids.at(*key);
  };
  auto write = [&](const char* type, const std::string& id, const boost::json::value& after) {
    audit::record(tx, system, "create", type, id, std::nullopt, after);
  };

  for (Area a : demo.areas) {
    a.id = fresh(areas, a.id);
    a.parent_id = mapped(areas, a.parent_id);
    repo::insert_area(tx, org, a);
    write("area", a.id, to_json(a));
  }
  for (Service s : demo.services) {
    s.id = fresh(services, s.id);
    repo::insert_service(tx, org, s);
    write("service", s.id, to_json(s));
  }
  for (Group g : demo.groups) {
    g.id = fresh(groups, g.id);
    repo::insert_group(tx, org, g);
    write("group", g.id, to_json(g));
  }
  for (const auto& d : demo.initiatives) {
    Initiative i = d.initiative;
    i.id = fresh(initiatives, i.id);
    i.area_id = mapped(areas, i.area_id);
    i.service_id = mapped(services, i.service_id);
    repo::insert_initiative(tx, org, i);
    write("initiative", i.id, to_json(i));
  }
  for (Contribution c : demo.contributions) {
    c.id = core::new_id();
    c.initiative_id = initiatives.at(c.initiative_id);
    c.group_id = mapped(groups, c.group_id);
    repo::insert_contribution(tx, org, c, std::nullopt);
    write("contribution", c.id, to_json(c));
  }
  for (Assessment a : demo.assessments) {
    a.id = core::new_id();
    a.initiative_id = initiatives.at(a.initiative_id);
    repo::insert_assessment(tx, org, a);
    write("assessment", a.id, to_json(a));
  }
  bump_map_version(tx, org);
  return static_cast<int>(demo.initiatives.size());
}

}  // namespace coproduce::map
