// Tests for community assets, on SQLite and PostgreSQL: assets and their
// status moves; bookings with clashes refused (also when many race for one
// slot); free bookings and gifts becoming in-kind contributions on the map,
// and cancellations reversing them; and the API and pages through the request
// pipeline, bad input refused naming the field with nothing written.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/dates.hpp"
#include "deliver/assets.hpp"
#include "deliver/test_support.hpp"
#include "map/commands.hpp"
#include "module/testing.hpp"
#include "store/testing/test_databases.hpp"

using namespace coproduce;
using namespace coproduce::deliver;
using namespace coproduce::deliver::testing;
using core::Role;

namespace {

std::string tomorrow() { return core::days_before(core::today_utc(), -1); }

class Assets : public ::testing::TestWithParam<store::Dialect> {
 protected:
  template <class F>
  auto in_tx(F&& f) {
    auto c = db->acquire();
    return c->transaction([&] { return f(*c); });
  }
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 8);
    registry = &module::testing::load(all_modules(), db.get());
    auto c = db->acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "org-" + core::new_id().substr(0, 8), "Council", "en");
      other_org = access::create_organisation(*c, "other-" + core::new_id().substr(0, 8), "Other", "en");
      officer = add_person(*c, org, "Olga", Role::officer);
      steward = add_person(*c, org, "Sian", Role::community_member);
      ann = add_person(*c, org, "Ann", Role::resident);
      bob = add_person(*c, org, "Bob", Role::resident);
      outsider = add_person(*c, other_org, "Owen", Role::officer);
    });
    initiative = map::create_initiative(*db, principal(org, officer, Role::officer), {{"name", "Lunch club"}});
    other_initiative =
        map::create_initiative(*db, principal(other_org, outsider, Role::officer), {{"name", "Elsewhere"}});
    hall = in_tx([&](store::Connection& c) {
      return add_asset(c, as_officer(), {{"name", "Beacon Hall"}, {"kind", "building"}, {"steward_id", steward},
                                         {"hourly_value", "20"}, {"description", "The main hall"}});
    });
  }

  core::Principal as_officer() const { return principal(org, officer, Role::officer); }
  core::Principal as_steward() const { return principal(org, steward, Role::community_member); }
  core::Principal as(const std::string& who) const { return principal(org, who, Role::resident); }

  std::string book_as(const core::Principal& who, const std::string& on, const std::string& starts,
                      const std::string& ends, const std::string& for_initiative = "") {
    return in_tx([&](store::Connection& c) {
      return book(c, *registry, who, hall,
                  {{"on", on}, {"starts", starts}, {"ends", ends}, {"purpose", "Lunch club"},
                   {"initiative_id", for_initiative}});
    });
  }
  Booking booking(const std::string& id) { return *find_booking(*db->acquire(), org, id); }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql, {org})->integer(0); }
  std::int64_t written() {
    return count("SELECT (SELECT COUNT(*) FROM community_assets WHERE organisation_id = $1) + "
                 "(SELECT COUNT(*) FROM asset_bookings WHERE organisation_id = $1) + "
                 "(SELECT COUNT(*) FROM asset_donations WHERE organisation_id = $1) + "
                 "(SELECT COUNT(*) FROM contributions WHERE organisation_id = $1)");
  }
  // The field each problem names, in order.
  template <class F>
  std::vector<std::string> refused_fields(F&& f) {
    try {
      in_tx([&](store::Connection& c) {
        f(c);
        return 0;
      });
    } catch (const core::Error& e) {
      std::vector<std::string> fields;
      for (const auto& p : e.problems()) fields.push_back(p.field);
      if (fields.empty()) fields.push_back(e.field());
      return fields;
    }
    return {};
  }

  std::unique_ptr<store::Database> db;
  module::Registry* registry = nullptr;
  std::string org, other_org, officer, steward, ann, bob, outsider, initiative, other_initiative, hall;
};

TEST_P(Assets, AnAssetIsAddedByAnOfficerWithEveryFieldChecked) {
  auto asset = *find_asset(*db->acquire(), org, hall);
  EXPECT_EQ(asset.status, "listed");
  EXPECT_EQ(asset.steward_name, "Sian");
  EXPECT_EQ(asset.hourly_value_minor, 2000);
  auto before = written();
  auto bad = refused_fields([&](store::Connection& c) {
    add_asset(c, as_officer(), {{"name", " "}, {"kind", "castle"}, {"steward_id", outsider},
                                {"group_id", core::new_id()}, {"hourly_value", "-3"}, {"description", std::string(1001, 'x')}});
  });
  EXPECT_EQ(bad, (std::vector<std::string>{"name", "description", "kind", "steward_id", "group_id", "hourly_value"}));
  EXPECT_EQ(refused_fields([&](store::Connection& c) {
              add_asset(c, as(ann), {{"name", "Mine"}, {"kind", "other"}, {"steward_id", ann}});
            }).size(),
            1u);
  EXPECT_EQ(written(), before);
}

TEST_P(Assets, StatusMovesFollowTheRulesWithAReasonFromTheStewardOrAnOfficer) {
  auto move = [&](const core::Principal& who, const std::string& status, const std::string& reason) {
    return refused_fields([&](store::Connection& c) { change_asset_status(c, who, hall, status, reason); });
  };
  EXPECT_EQ(move(as(ann), "requested", "We would run it"), std::vector<std::string>{"id"}) << "not the steward";
  EXPECT_EQ(move(as_steward(), "leased", "Lease signed"), std::vector<std::string>{"status"}) << "listed -> leased skips";
  EXPECT_EQ(move(as_steward(), "requested", " "), std::vector<std::string>{"reason"});
  EXPECT_EQ(move(as_steward(), "sold", "x"), std::vector<std::string>{"status"});
  EXPECT_TRUE(move(as_steward(), "requested", "The lunch club asked to run it").empty());
  EXPECT_TRUE(move(as_officer(), "leased", "Lease signed for five years").empty());
  EXPECT_TRUE(move(as_officer(), "transferred", "Transferred to the trust").empty());
  EXPECT_EQ(find_asset(*db->acquire(), org, hall)->status, "transferred");
  EXPECT_EQ(move(as_officer(), "listed", "Back"), std::vector<std::string>{"status"}) << "a transfer is final";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE organisation_id = $1 AND entity_type = 'community_asset' "
                  "AND action = 'update'"),
            3);
  EXPECT_EQ(refused_fields([&](store::Connection& c) {
              book(c, *registry, as(ann), hall, {{"on", tomorrow()}, {"starts", "10:00"}, {"ends", "11:00"},
                                                 {"purpose", "Party"}});
            }),
            std::vector<std::string>{"on"})
      << "a transferred asset is not booked here";
}

TEST_P(Assets, BookingsClashOnlyWhenTheirTimesOverlap) {
  auto first = book_as(as(ann), tomorrow(), "10:00", "12:00");
  EXPECT_EQ(booking(first).status, "requested");
  EXPECT_EQ(booking(first).starts_at, tomorrow() + "T10:00");
  auto clash = [&](const std::string& starts, const std::string& ends) {
    return refused_fields([&](store::Connection& c) {
      book(c, *registry, as(bob), hall, {{"on", tomorrow()}, {"starts", starts}, {"ends", ends}, {"purpose", "Choir"}});
    });
  };
  EXPECT_EQ(clash("11:00", "13:00"), std::vector<std::string>{"starts"});
  EXPECT_EQ(clash("09:00", "10:30"), std::vector<std::string>{"starts"});
  EXPECT_EQ(clash("10:30", "11:00"), std::vector<std::string>{"starts"});
  EXPECT_EQ(clash("09:00", "13:00"), std::vector<std::string>{"starts"});
  EXPECT_TRUE(clash("12:00", "13:00").empty()) << "back to back is fine";
  EXPECT_TRUE(clash("8:00", "9.30").empty()) << "times typed without the leading zero or with a dot";
  // A cancelled booking frees its time.
  in_tx([&](store::Connection& c) {
    cancel_booking(c, as(ann), first, "");
    return 0;
  });
  EXPECT_TRUE(clash("10:00", "12:00").empty());
  auto before = written();
  auto bad = refused_fields([&](store::Connection& c) {
    book(c, *registry, as(bob), hall, {{"on", "2020-01-01"}, {"starts", "25:00"}, {"ends", "noon"}, {"purpose", ""},
                                       {"initiative_id", other_initiative}});
  });
  EXPECT_EQ(bad, (std::vector<std::string>{"on", "starts", "ends", "purpose", "initiative_id"}));
  EXPECT_EQ(refused_fields([&](store::Connection& c) {
              book(c, *registry, as(bob), hall, {{"on", tomorrow()}, {"starts", "14:00"}, {"ends", "13:00"},
                                                 {"purpose", "x"}});
            }),
            std::vector<std::string>{"ends"});
  EXPECT_EQ(refused_fields([&](store::Connection& c) {
              book(c, *registry, principal(other_org, outsider, Role::officer), hall,
                   {{"on", tomorrow()}, {"starts", "18:00"}, {"ends", "19:00"}, {"purpose", "x"}});
            }),
            std::vector<std::string>{""})
      << "another organisation's asset is not found";
  EXPECT_EQ(written(), before);
}

TEST_P(Assets, AFreeBookingForAnInitiativeIsAGiftInKindOnItsDayAndACancellationReversesIt) {
  // Today, requested by a member, confirmed free by the steward: on the map at once.
  auto today = book_as(as(ann), core::today_utc(), "09:00", "10:30", initiative);
  EXPECT_FALSE(booking(today).contribution_id);
  in_tx([&](store::Connection& c) {
    confirm_booking(c, as_steward(), today, "");
    return 0;
  });
  auto confirmed = booking(today);
  ASSERT_TRUE(confirmed.contribution_id);
  auto row = db->acquire()->query_one(
      "SELECT kind, money_minor, phase, status, person_id, initiative_id FROM contributions "
      "WHERE organisation_id = $1 AND id = $2",
      {org, *confirmed.contribution_id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "in_kind");
  EXPECT_EQ(row->integer(1), 3000) << "1.5 hours at 20 pounds an hour";
  EXPECT_EQ(row->text(2), "delivering");
  EXPECT_EQ(row->text(3), "confirmed");
  EXPECT_EQ(row->text(4), steward);
  EXPECT_EQ(row->text(5), initiative);
  // Confirming twice is refused; a charged booking is no gift.
  EXPECT_EQ(refused_fields([&](store::Connection& c) { confirm_booking(c, as_steward(), today, ""); }),
            std::vector<std::string>{"id"});
  auto charged = book_as(as(bob), core::today_utc(), "11:00", "12:00", initiative);
  EXPECT_EQ(refused_fields([&](store::Connection& c) { confirm_booking(c, as(ann), charged, ""); }),
            std::vector<std::string>{"id"})
      << "only the steward or an officer confirms";
  EXPECT_EQ(refused_fields([&](store::Connection& c) { confirm_booking(c, as_steward(), charged, "lots"); }),
            std::vector<std::string>{"charge"});
  in_tx([&](store::Connection& c) {
    confirm_booking(c, as_steward(), charged, "15");
    return 0;
  });
  EXPECT_EQ(booking(charged).charge_minor, 1500);
  EXPECT_FALSE(booking(charged).contribution_id);

  // A future booking by the steward is confirmed at once and reaches the map on its day.
  auto later = book_as(as_steward(), tomorrow(), "14:00", "16:00", initiative);
  EXPECT_EQ(booking(later).status, "confirmed");
  EXPECT_FALSE(booking(later).contribution_id) << "the ledger takes no work before it happens";
  EXPECT_EQ(record_uses_due(*db, core::today_utc()), 0);
  db->acquire()->execute("UPDATE asset_bookings SET starts_at = $2, ends_at = $3 WHERE id = $1",
                         {later, core::today_utc() + "T14:00", core::today_utc() + "T16:00"});
  EXPECT_EQ(record_uses_due(*db, core::today_utc()), 1);
  EXPECT_EQ(record_uses_due(*db, core::today_utc()), 0) << "once only";
  ASSERT_TRUE(booking(later).contribution_id);

  // Cancelling: someone else needs a reason; the booker does not; the entry is reversed.
  EXPECT_EQ(refused_fields([&](store::Connection& c) { cancel_booking(c, as(bob), today, ""); }),
            std::vector<std::string>{""})
      << "another member's booking is not found";
  EXPECT_EQ(refused_fields([&](store::Connection& c) { cancel_booking(c, as_officer(), today, " "); }),
            std::vector<std::string>{"reason"});
  in_tx([&](store::Connection& c) {
    cancel_booking(c, as_officer(), today, "The hall flooded");
    return 0;
  });
  EXPECT_EQ(booking(today).status, "cancelled");
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions WHERE organisation_id = $1 AND reverses_id IS NOT NULL"), 1);
  EXPECT_EQ(refused_fields([&](store::Connection& c) { cancel_booking(c, as(ann), today, ""); }),
            std::vector<std::string>{"id"});
}

TEST_P(Assets, ManyBookingTheSameTimeAtOnceLeaveExactlyOne) {
  constexpr int kAttempts = 12;
  std::vector<std::string> people;
  in_tx([&](store::Connection& c) {
    for (int i = 0; i < kAttempts; ++i) people.push_back(add_person(c, org, "P" + std::to_string(i), Role::resident));
    return 0;
  });
  std::atomic<int> booked{0}, clashed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i)
    threads.emplace_back([&, i] {
      try {
        book_as(as(people[std::size_t(i)]), tomorrow(), i % 2 ? "18:00" : "18:30", i % 2 ? "19:00" : "19:30");
        ++booked;
      } catch (const core::Error& e) {
        if (e.http_status() == 409) ++clashed;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(booked.load(), 1);
  EXPECT_EQ(clashed.load(), kAttempts - 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM asset_bookings WHERE organisation_id = $1 AND status <> 'cancelled'"), 1);
}

TEST_P(Assets, GoodsGivenAreGiftsInKindClaimedByTheGiverOrConfirmedByAnOfficer) {
  auto mine = in_tx([&](store::Connection& c) {
    return record_donation(c, as(ann), {{"initiative_id", initiative}, {"description", "20 bags of compost"},
                                        {"value", "45.50"}, {"made_on", core::today_utc()}});
  });
  auto listed = list_donations(*db->acquire(), org);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, mine);
  EXPECT_EQ(listed[0].value_minor, 4550);
  auto entry = db->acquire()->query_one("SELECT kind, money_minor, status, person_id FROM contributions "
                                        "WHERE organisation_id = $1 AND id = $2",
                                        {org, listed[0].contribution_id});
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->text(0), "in_kind");
  EXPECT_EQ(entry->integer(1), 4550);
  EXPECT_EQ(entry->text(2), "claimed") << "an officer confirms what a member records";
  EXPECT_EQ(entry->text(3), ann);
  in_tx([&](store::Connection& c) {
    return record_donation(c, as_officer(), {{"initiative_id", initiative}, {"description", "Paint"},
                                             {"made_on", core::today_utc()}});
  });
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions WHERE organisation_id = $1 AND status = 'confirmed' "
                  "AND kind = 'in_kind' AND money_minor = 0"),
            1)
      << "no value given: counted, worth nothing in money";
  auto before = written();
  EXPECT_EQ(refused_fields([&](store::Connection& c) {
              record_donation(c, as(ann), {{"initiative_id", other_initiative}, {"description", ""}, {"value", "1.234"},
                                           {"made_on", "2999-01-01"}, {"group_id", core::new_id()}});
            }),
            (std::vector<std::string>{"initiative_id", "description", "value", "made_on", "group_id"}));
  EXPECT_EQ(refused_fields([&](store::Connection& c) {
              record_donation(c, as(ann), {{"description", "Soup"}, {"made_on", core::today_utc()}});
            }),
            std::vector<std::string>{"initiative_id"});
  EXPECT_EQ(written(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, Assets, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

// ---- the API and pages through the request pipeline -------------------------------------

using access::testing::body_json;

class AssetPages : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    module::testing::load(all_modules(), db_.get());
    auto c = db_->acquire();
    c->transaction([&] {
      north_ = access::create_organisation(*c, "north", "North Council", "en");
      south_ = access::create_organisation(*c, "south", "South Council", "en");
      olga_ = access::create_account(*c, "olga@example.org", "Olga", access::testing::kPassword);
      ann_ = access::create_account(*c, "ann@example.org", "Ann", access::testing::kPassword);
      bob_ = access::create_account(*c, "bob@example.org", "Bob", access::testing::kPassword);
      access::add_membership(*c, north_, olga_, Role::officer);
      access::add_membership(*c, north_, ann_, Role::resident);
      access::add_membership(*c, north_, bob_, Role::community_member);
      access::add_membership(*c, south_, bob_, Role::officer);
    });
    initiative_ = map::create_initiative(*db_, principal(north_, olga_, Role::officer), {{"name", "Lunch club"}});
  }
  std::int64_t written() {
    return db_->acquire()
        ->query_one("SELECT (SELECT COUNT(*) FROM community_assets) + (SELECT COUNT(*) FROM asset_bookings) + "
                    "(SELECT COUNT(*) FROM asset_donations) + (SELECT COUNT(*) FROM contributions)")
        ->integer(0);
  }

  std::unique_ptr<store::Database> db_;
  std::string north_, south_, olga_, ann_, bob_, initiative_;
};

TEST_P(AssetPages, TheApiRefusesBadInputNamingTheFieldAndWritesNothing) {
  Client olga(*db_), ann(*db_), south_bob(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  south_bob.sign_in("bob@example.org", "south");
  auto made = olga.json(http::Method::post, "/api/v1/deliver/assets",
                        R"({"name": "Minibus", "kind": "vehicle", "steward_id": ")" + bob_ + R"(", "hourly_value": "12.50"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto bus = std::string(body_json(made).at("id").as_string());
  EXPECT_EQ(body_json(made).at("hourly_value_minor"), 1250);
  auto before = written();
  auto refused = [&](Client& who, const std::string& path, const std::string& body, int status, const std::string& field) {
    auto r = who.json(http::Method::post, path, body);
    EXPECT_EQ(r.status, status) << path << " " << body << " -> " << r.body;
    if (!field.empty() && r.status >= 400 && r.status < 500) {
      EXPECT_EQ(std::string(body_json(r).at("error").at("field").as_string()), field) << r.body;
    }
  };
  refused(olga, "/api/v1/deliver/assets", "{\"name\": ", 400, "");
  refused(olga, "/api/v1/deliver/assets", R"({"name": "Van", "kind": "vehicle", "steward_id": "nobody"})", 422, "steward_id");
  refused(olga, "/api/v1/deliver/assets", R"({"name": ["Van"], "kind": "vehicle", "steward_id": ")" + bob_ + "\"}", 422, "name");
  refused(olga, "/api/v1/deliver/assets", R"({"name": "Van", "kind": "vehicle", "steward_id": ")" + bob_ + R"(", "colour": "red"})",
          422, "colour");
  refused(ann, "/api/v1/deliver/assets", R"({"name": "Van", "kind": "vehicle", "steward_id": ")" + ann_ + "\"}", 403, "");
  auto booking = [&](const std::string& on, const std::string& starts, const std::string& ends) {
    return R"({"on": ")" + on + R"(", "starts": ")" + starts + R"(", "ends": ")" + ends + R"(", "purpose": "Trip"})";
  };
  auto next_day = core::days_before(core::today_utc(), -1);
  refused(ann, "/api/v1/deliver/assets/" + bus + "/bookings", booking(next_day, "10:00", "09:00"), 422, "ends");
  refused(ann, "/api/v1/deliver/assets/" + bus + "/bookings", booking("2026-02-30", "10:00", "11:00"), 422, "on");
  refused(ann, "/api/v1/deliver/assets/" + bus + "/bookings", booking(next_day, "1000", "11:00"), 422, "starts");
  refused(ann, "/api/v1/deliver/assets/" + core::new_id() + "/bookings", booking(next_day, "10:00", "11:00"), 404, "");
  refused(south_bob, "/api/v1/deliver/assets/" + bus + "/bookings", booking(next_day, "10:00", "11:00"), 404, "");
  refused(ann, "/api/v1/deliver/assets/" + bus + "/status", R"({"status": "requested", "reason": "x"})", 403, "id");
  refused(ann, "/api/v1/deliver/donations", R"({"initiative_id": ")" + initiative_ + R"(", "description": "Tea", "value": true, "made_on": "2026-01-01"})",
          422, "value");
  EXPECT_EQ(ann.get("/api/v1/deliver/assets/" + bus + "?from=soon").status, 422);
  EXPECT_EQ(written(), before);

  auto mine = ann.json(http::Method::post, "/api/v1/deliver/assets/" + bus + "/bookings", booking(next_day, "10:00", "11:00"));
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(body_json(mine).at("status"), "requested");
  refused(ann, "/api/v1/deliver/assets/" + bus + "/bookings", booking(next_day, "10:30", "12:00"), 409, "starts");
  auto seen_by_olga = body_json(olga.get("/api/v1/deliver/assets/" + bus));
  EXPECT_EQ(seen_by_olga.at("bookings").as_array().at(0).at("purpose"), "Trip");
  Client bob(*db_);
  bob.sign_in("bob@example.org");
  auto id = std::string(body_json(mine).at("id").as_string());
  auto confirmed = bob.json(http::Method::post, "/api/v1/deliver/bookings/" + id + "/confirm", "");
  EXPECT_EQ(confirmed.status, 200) << confirmed.body << " (Bob is the bus's steward)";
  Client cat(*db_);
  {
    auto c = db_->acquire();
    c->transaction([&] {
      auto cat_id = access::create_account(*c, "cat@example.org", "Cat", access::testing::kPassword);
      access::add_membership(*c, north_, cat_id, Role::resident);
    });
  }
  cat.sign_in("cat@example.org");
  auto seen_by_cat = body_json(cat.get("/api/v1/deliver/assets/" + bus));
  EXPECT_FALSE(seen_by_cat.at("bookings").as_array().at(0).as_object().contains("purpose"))
      << "who booked and why is for the booker and the stewards";
  EXPECT_EQ(cat.json(http::Method::post, "/api/v1/deliver/bookings/" + id + "/cancel", "").status, 404);
}

TEST_P(AssetPages, ThePagesWorkInEnglishAndWelshAndKeepWhatWasTyped) {
  Client olga(*db_), ann(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  auto empty = ann.get("/community-assets");
  ASSERT_EQ(empty.status, 200) << empty.body.substr(0, 500);
  EXPECT_NE(empty.body.find("No assets are listed yet."), std::string::npos);
  EXPECT_EQ(empty.body.find("Add a community asset"), std::string::npos) << "officers only";
  auto bad = olga.post("/community-assets", {{"name", "Hall"}, {"kind", ""}, {"steward_id", ""}, {"hourly_value", "ten"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#kind\">Choose what kind of asset it is"), std::string::npos) << bad.body.substr(0, 3000);
  EXPECT_NE(bad.body.find("href=\"#hourly_value\""), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"Hall\""), std::string::npos) << "what was typed is kept";
  EXPECT_EQ(ann.post("/community-assets", {{"name", "Hall"}}).status, 403);
  auto added = olga.post("/community-assets", {{"name", "Beacon Hall"}, {"kind", "building"}, {"steward_id", olga_}});
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 2000);
  auto hall = db_->acquire()->query_one("SELECT id FROM community_assets")->text(0);
  auto next_day = core::parts_of(core::days_before(core::today_utc(), -1));
  auto wrong = ann.post("/community-assets/" + hall + "/bookings", {{"on-day", next_day.day}, {"on-month", next_day.month},
                                                           {"on-year", next_day.year}, {"starts", "10:00"},
                                                           {"ends", "9:00"}, {"purpose", "Choir practice"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("href=\"#ends\">The end time must be after the start time"), std::string::npos);
  EXPECT_NE(wrong.body.find(">Choir practice</textarea>"), std::string::npos);
  auto made = ann.post("/community-assets/" + hall + "/bookings", {{"on-day", next_day.day}, {"on-month", next_day.month},
                                                          {"on-year", next_day.year}, {"starts", "10:00"},
                                                          {"ends", "11:00"}, {"purpose", "Choir practice"},
                                                          {"initiative_id", initiative_}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 3000);
  auto clash = ann.post("/community-assets/" + hall + "/bookings", {{"on-day", next_day.day}, {"on-month", next_day.month},
                                                           {"on-year", next_day.year}, {"starts", "10:30"},
                                                           {"ends", "11:30"}, {"purpose", "Again"}});
  EXPECT_EQ(clash.status, 409);
  EXPECT_NE(clash.body.find("clashes with another booking"), std::string::npos);
  auto steward_view = olga.get("/community-assets/" + hall);
  EXPECT_NE(steward_view.body.find("/confirm\""), std::string::npos);
  auto welsh = olga.get("/community-assets/" + hall + "?lang=cy");
  EXPECT_NE(welsh.body.find("Archebu’r ased hwn"), std::string::npos);
  EXPECT_NE(welsh.body.find("Wedi gofyn amdano"), std::string::npos);
  auto booking = db_->acquire()->query_one("SELECT id FROM asset_bookings")->text(0);
  EXPECT_EQ(olga.post("/community-assets/bookings/" + booking + "/confirm", {}).status, 303);
  EXPECT_EQ(olga.get("/community-assets/bookings/" + booking).status, 303) << "the map's link to the booking";
  auto cancel = olga.post("/community-assets/bookings/" + booking + "/cancel", {{"reason", ""}});
  EXPECT_EQ(cancel.status, 422);
  EXPECT_NE(cancel.body.find("href=\"#reason\""), std::string::npos);
  EXPECT_EQ(ann.post("/community-assets/bookings/" + booking + "/cancel", {}).status, 303) << "the booker needs no reason";
  auto gifts = ann.post("/community-assets/donations", {{"initiative_id", ""}, {"description", "Tea"}, {"made_on-day", "31"},
                                              {"made_on-month", "4"}, {"made_on-year", "2026"}});
  EXPECT_EQ(gifts.status, 422);
  EXPECT_NE(gifts.body.find("href=\"#initiative_id\""), std::string::npos);
  EXPECT_NE(gifts.body.find("href=\"#made_on-day\""), std::string::npos);
  EXPECT_EQ(gifts.body.find("Given by (officers"), std::string::npos) << "members record their own gifts";
  auto today = core::parts_of(core::today_utc());
  EXPECT_EQ(ann.post("/community-assets/donations", {{"initiative_id", initiative_}, {"description", "Tea"}, {"value", "3"},
                                           {"made_on-day", today.day}, {"made_on-month", today.month},
                                           {"made_on-year", today.year}})
                .status,
            303);
  auto list = ann.get("/community-assets/donations?lang=cy");
  EXPECT_NE(list.body.find("Nwyddau a roddwyd"), std::string::npos);
  EXPECT_NE(list.body.find("£3.00"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, AssetPages, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

}  // namespace
