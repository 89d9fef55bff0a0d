#include "map/demo_loader.hpp"

#include <map>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "map/cache.hpp"
#include "map/demo_data.hpp"
#include "map/json.hpp"
#include "map/ledger.hpp"
#include "map/repository.hpp"

namespace coproduce::map {

int load_demo_records(store::Connection& tx, const std::string& org) {
  const DemoData& demo = demo_data();
  auto system = core::Principal::system_in(org);
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
  // Through the ledger, as any module's contributions arrive: the platform confirms them.
  Ledger ledger(tx, core::Principal::system_in(org));
  for (Contribution c : demo.contributions) {
    c.initiative_id = initiatives.at(c.initiative_id);
    c.group_id = mapped(groups, c.group_id);
    ledger.record(c);
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

void load_demo_people(store::Connection& tx, const std::string& org,
                      const std::map<core::Role, std::string>& accounts) {
  auto shop = tx.query_one("SELECT id FROM initiatives WHERE organisation_id = $1 AND name = $2",
                           {org, std::string("Tackley village shop")});
  if (!shop || !accounts.count(core::Role::resident) || !accounts.count(core::Role::community_member))
    return;
  auto resident = core::Principal::system_in(org);
  Ledger ledger(tx, resident);
  auto today = core::today_utc();
  auto shift = [&](const std::string& person, const std::string& label, int weeks_ago, std::int64_t hours,
                   Status status, Visibility visibility) {
    Contribution c;
    c.initiative_id = shop->text(0);
    c.person_id = person;
    c.contributor_label = label;
    c.role = ContributorRole::community_member;
    c.phase = Phase::delivering;
    c.kind = ContributionKind::hours;
    c.hours_x100 = hours * 100;
    c.description = "Shop counter shifts";
    c.made_on = core::days_before(today, 7 * weeks_ago);
    c.status = status;
    c.visibility = visibility;
    return ledger.record(c);
  };
  // The resident volunteer's weekly shifts, one heavy week; the community
  // member's monthly stocktake; one claim waiting for the officer.
  const auto& volunteer = accounts.at(core::Role::resident);
  const auto& member = accounts.at(core::Role::community_member);
  for (int week = 1; week <= 10; ++week)
    shift(volunteer, "Shop volunteer", week, week == 2 ? 26 : 6, Status::confirmed, Visibility::pseudonym);
  for (int month = 0; month < 3; ++month)
    shift(member, "Stocktake volunteer", 4 * month + 1, 4, Status::confirmed, Visibility::named);
  shift(volunteer, "Shop volunteer", 0, 5, Status::claimed, Visibility::pseudonym);
}

}  // namespace coproduce::map
