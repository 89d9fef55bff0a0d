// The map's repository and commands on both backends: demo records round-trip
// into the expected cells, commands validate everything before writing, write
// their audit event in the same transaction, and never reach across organisations.
#include <gtest/gtest.h>

#include <algorithm>

#include "access/access.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "map/cache.hpp"
#include "module/cache.hpp"
#include "map/commands.hpp"
#include "map/csv.hpp"
#include "map/demo_data.hpp"
#include "map/demo_loader.hpp"
#include "map/repository.hpp"
#include "map/view.hpp"
#include "audit/module.hpp"
#include "map/module.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::map;

namespace {

class MapStore : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 2);
    module::testing::load({{"web", web::load}, {"audit", audit::load}, {"access", access::load},
                           {"notify", notify::load}, {"map", map::load}},
                          db.get());
    org = add_org("council");
    {
      auto conn = db->acquire();
      conn->transaction([&] { load_demo_records(*conn, org); });
    }
    officer.account_id = add_account("officer@example.test");
    officer.organisation_id = org;
    officer.role = core::Role::officer;
    resident = officer;
    resident.account_id = add_account("resident@example.test");
    resident.role = core::Role::resident;
    auto c = db->acquire();
    access::add_membership(*c, org, officer.account_id, core::Role::officer);
    access::add_membership(*c, org, resident.account_id, core::Role::resident);
  }

  std::string add_org(const std::string& slug) {
    return access::create_organisation(*db->acquire(), slug, slug, "en");
  }
  std::string add_account(const std::string& email) {
    return access::create_account(*db->acquire(), email, "Tester", "a long test password");
  }
  std::string initiative_named(const std::string& name) {
    auto data = load_map(*db->acquire(), org);
    for (const auto& v : data.initiatives)
      if (v.initiative.name == name) return v.initiative.id;
    ADD_FAILURE() << "no initiative " << name;
    return {};
  }
  std::int64_t count(const std::string& table) {
    return db->acquire()->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
  }

  std::unique_ptr<store::Database> db;
  std::string org;
  core::Principal officer, resident;
};

Fields valid_contribution() {
  return {{"contributor_label", "Volunteers"}, {"role", "community_member"},
          {"phase", "delivering"}, {"kind", "hours"}, {"hours", "3.5"}, {"made_on", "2024-05-01"}};
}

}  // namespace

// Areas, services and groups are changed and archived, never deleted: an
// area cannot be put inside itself, archived records leave lists but keep
// their place, each change is audited, another organisation's ids are not found.
TEST_P(MapStore, ReferenceRecordsAreChangedAndArchivedNeverLost) {
  auto city = create_area(*db, officer, {{"name", "Caerdydd"}, {"kind", "city"}});
  auto district = create_area(*db, officer, {{"name", "Grangetown"}, {"kind", "district"}, {"parent_id", city}});
  auto street = create_area(*db, officer, {{"name", "Clive Street"}, {"kind", "neighbourhood"}, {"parent_id", district}});
  auto problem_of = [&](auto work) {
    try {
      work();
    } catch (const ValidationFailed& e) {
      return e.problems().front().field + " " + e.problems().front().message_key;
    }
    return std::string("none");
  };
  EXPECT_EQ(problem_of([&] { update_area(*db, officer, city, {{"parent_id", street}}); }),
            "parent_id map.error.area_inside_itself");
  EXPECT_EQ(problem_of([&] { update_area(*db, officer, city, {{"parent_id", city}}); }),
            "parent_id map.error.area_inside_itself");
  EXPECT_EQ(problem_of([&] { update_area(*db, officer, district, {{"name", "  "}}); }), "name map.error.required");
  update_area(*db, officer, district, {{"name", "Grangetown and Butetown"}});
  auto changed = *repo::find_area(*db->acquire(), org, district);
  EXPECT_EQ(changed.name, "Grangetown and Butetown");
  EXPECT_EQ(changed.parent_id, city) << "fields not sent keep their values";

  auto group = create_group(*db, officer, {{"name", "Tenants' association"}});
  auto initiative = create_initiative(*db, officer, {{"name", "Street repairs"}, {"area_id", street}});
  set_archived(*db, officer, ReferenceKind::area, street, true);
  set_archived(*db, officer, ReferenceKind::area, street, true);  // again: nothing more recorded
  set_archived(*db, officer, ReferenceKind::group, group, true);
  auto c = db->acquire();
  auto listed = [&] {
    std::vector<std::string> names;
    for (const auto& a : repo::list_areas(*c, org)) names.push_back(a.name);
    return names;
  };
  EXPECT_EQ(std::ranges::count(listed(), "Clive Street"), 0);
  EXPECT_EQ(repo::list_areas(*c, org, true).back().name, "Clive Street") << "the archived last";
  EXPECT_TRUE(repo::list_areas(*c, org, true).back().archived);
  EXPECT_EQ(repo::find_initiative(*c, org, initiative)->area_id, street) << "what refers to it keeps it";
  EXPECT_EQ(std::ranges::count_if(repo::list_groups(*c, org), [&](const Group& g) { return g.id == group; }), 0);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM audit_events WHERE entity_id = $1 AND action = 'archive'", {street})->integer(0), 1);
  set_archived(*db, officer, ReferenceKind::area, street, false);
  EXPECT_EQ(std::ranges::count(listed(), "Clive Street"), 1);

  auto other = add_org("elsewhere");
  core::Principal theirs = officer;
  theirs.organisation_id = other;
  EXPECT_THROW(update_area(*db, theirs, city, {{"name", "Taken"}}), core::Error);
  EXPECT_THROW(set_archived(*db, theirs, ReferenceKind::area, city, true), core::Error);
  EXPECT_THROW(set_archived(*db, officer, ReferenceKind::service, "not an id", true), core::Error);
  EXPECT_EQ(repo::find_area(*c, org, city)->name, "Caerdydd");
}

TEST_P(MapStore, DemoRecordsRoundTripIntoTheirCells) {
  auto data = load_map(*db->acquire(), org);
  ASSERT_EQ(data.initiatives.size(), 6u);
  for (const auto& demo : demo_data().initiatives) {
    auto it = std::find_if(data.initiatives.begin(), data.initiatives.end(), [&](auto& v) {
      return v.initiative.name == demo.initiative.name;
    });
    ASSERT_NE(it, data.initiatives.end());
    EXPECT_EQ(it->typology.cell, demo.expected_cell) << demo.initiative.name;
    EXPECT_TRUE(it->area.has_value());
  }
  EXPECT_EQ(count("contributions"), static_cast<std::int64_t>(demo_data().contributions.size()));
}

TEST_P(MapStore, FiltersIncludeSubAreas) {
  auto data = load_map(*db->acquire(), org);
  std::string caterham;
  for (const auto& a : data.areas)
    if (a.name == "Caterham") caterham = a.id;
  MapFilter f;
  f.area_id = caterham;  // the initiative sits in the Caterham Barracks neighbourhood
  auto shown = apply(data, f);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]->initiative.name, "Caterham Barracks Community Trust");
}

TEST_P(MapStore, RecordsAndAuditsAContributionInOneTransaction) {
  auto id = initiative_named("Tackley village shop");
  auto audits = count("audit_events");
  auto cid = record_contribution(*db, resident, id, valid_contribution());
  auto c = repo::find_contribution(*db->acquire(), org, cid);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->hours_x100, 350);
  EXPECT_FALSE(c->confirmed());  // residents' contributions wait for confirmation
  EXPECT_EQ(count("audit_events"), audits + 1);
  confirm_contribution(*db, officer, cid);
  EXPECT_TRUE(repo::find_contribution(*db->acquire(), org, cid)->confirmed());
  EXPECT_EQ(count("audit_events"), audits + 2);
}

TEST_P(MapStore, ReportsEveryProblemAndWritesNothing) {
  auto id = initiative_named("Tackley village shop");
  auto before = count("contributions");
  auto audits = count("audit_events");
  Fields bad = {{"role", "mayor"}, {"phase", "lunch"}, {"kind", "hours"}, {"hours", "1.234"},
                {"made_on", "2024-02-30"}, {"currency", "pounds"}};
  try {
    record_contribution(*db, resident, id, bad);
    FAIL() << "accepted bad input";
  } catch (const ValidationFailed& e) {
    std::set<std::string> fields;
    for (const auto& p : e.problems()) fields.insert(p.field);
    EXPECT_EQ(fields, (std::set<std::string>{"contributor_label", "role", "phase", "hours",
                                              "made_on", "currency"}));
    EXPECT_EQ(e.http_status(), 422);
  }
  EXPECT_EQ(count("contributions"), before);
  EXPECT_EQ(count("audit_events"), audits);
}

TEST_P(MapStore, NeverReachesAcrossOrganisations) {
  auto theirs = add_org("elsewhere");
  core::Principal stranger = officer;
  stranger.organisation_id = theirs;
  auto id = initiative_named("Tackley village shop");
  EXPECT_THROW(record_contribution(*db, stranger, id, valid_contribution()), core::Error);
  EXPECT_THROW(load_initiative(*db->acquire(), theirs, id), core::Error);
  EXPECT_TRUE(load_map(*db->acquire(), theirs).initiatives.empty());
  // A reference to another organisation's area is refused, naming the field.
  auto area = create_area(*db, stranger, {{"name", "Their town"}, {"kind", "city"}});
  try {
    create_initiative(*db, officer, {{"name", "Uses their area"}, {"area_id", area}});
    FAIL();
  } catch (const ValidationFailed& e) {
    EXPECT_EQ(e.problems().at(0).field, "area_id");
  }
}

TEST_P(MapStore, PartialUpdateKeepsOtherFieldsAndAuditsBeforeAndAfter) {
  auto id = initiative_named("Beacon Community Regeneration Partnership");
  update_initiative(*db, officer, id, {{"name", "Beacon Partnership"}});
  auto i = repo::find_initiative(*db->acquire(), org, id);
  EXPECT_EQ(i->name, "Beacon Partnership");
  EXPECT_TRUE(i->governance_driver);
  EXPECT_TRUE(i->area_id.has_value());
  auto events = audit::list(*db->acquire(), org, {"initiative", id, 1});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].before->at("name").as_string(), "Beacon Community Regeneration Partnership");
  EXPECT_EQ(events[0].after->at("name").as_string(), "Beacon Partnership");
}

INSTANTIATE_TEST_SUITE_P(Backends, MapStore,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });


TEST_P(MapStore, EveryWriteBumpsTheMapVersionSoCachedReadsRenew) {
  auto v0 = map_version(*db->acquire(), org);
  EXPECT_GT(v0, 0);  // the demo loader bumped it
  module::ResponseCache cache;
  cache.put("k", v0, http::Response::text("old body"));
  EXPECT_EQ(cache.get("k", v0)->body, "old body");
  record_contribution(*db, resident, initiative_named("Tackley village shop"),
                      valid_contribution());
  auto v1 = map_version(*db->acquire(), org);
  EXPECT_GT(v1, v0);
  EXPECT_FALSE(cache.get("k", v1));
  // A rejected write leaves the version alone.
  EXPECT_THROW(record_contribution(*db, resident, initiative_named("Tackley village shop"), {}),
               ValidationFailed);
  EXPECT_EQ(map_version(*db->acquire(), org), v1);
  EXPECT_EQ(map_version(*db->acquire(), add_org("empty")), 0);
}

// Every public read is answered from the cache while the version holds, and
// renewed as soon as a write bumps it; signed-in readers are never served
// from it (they may see claims the public does not).
TEST_P(MapStore, CachedReadsRenewAfterAWriteAndNeverServeTheSignedIn) {
  int renders = 0;
  auto handler = module::cached(*db, map_version, [&](http::Context&) {
    ++renders;
    return http::Response::text("render " + std::to_string(renders));
  });
  http::Request request;
  request.path = request.target = "/map?phase=design";
  auto read = [&](core::Principal who) {
    http::Context ctx{request, who, "en", {}, {}, {}};
    return handler(ctx).body;
  };
  core::Principal anonymous;
  anonymous.organisation_id = org;
  EXPECT_EQ(read(anonymous), "render 1");
  EXPECT_EQ(read(anonymous), "render 1");
  EXPECT_EQ(read(officer), "render 2") << "signed in: rendered for them";
  EXPECT_EQ(read(anonymous), "render 1");
  record_contribution(*db, officer, initiative_named("Tackley village shop"), valid_contribution());
  EXPECT_EQ(read(anonymous), "render 3") << "the write renewed it";
  EXPECT_EQ(read(anonymous), "render 3");
}
