// Tests for volunteering, on SQLite and PostgreSQL: the assignment's states,
// approval refused without a valid safeguarding check, the waiting list and
// its promotion, the last place of a shift raced for by many connections (and
// the database refusing a place held twice), verified hours reaching the
// ledger and the map's totals, the iCalendar file, and the API and pages
// through the request pipeline: bad input named and nothing written, another
// organisation's ids refused.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "access/access.hpp"
#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "audit/module.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "deliver/module.hpp"
#include "deliver/safeguarding.hpp"
#include "deliver/test_support.hpp"
#include "deliver/volunteering.hpp"
#include "deliver/volunteering_routes.hpp"
#include "map/commands.hpp"
#include "map/ledger.hpp"
#include "map/module.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::deliver;
using namespace coproduce::deliver::testing;
using core::Role;

namespace {


int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e.http_status();
  }
  return 0;
}

std::string field_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e.field();
  }
  return "";
}

std::string in_days(int days) { return core::days_before(core::today_utc(), -days); }

class Volunteering : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 20);
    registry = &module::testing::load(all_modules(), db.get());
    new_organisation(3);
  }

  void new_organisation(int people) {
    auto c = db->acquire();
    people_.clear();
    c->transaction([&] {
      org = access::create_organisation(*c, "org-" + core::new_id().substr(0, 8), "Council", "en");
      officer = add_person(*c, org, "Olga", Role::officer);
      for (int i = 0; i < people; ++i) people_.push_back(add_person(*c, org, "Vol" + std::to_string(100 + i), Role::resident));
    });
    initiative = map::create_initiative(*db, coordinator(), {{"name", "Community café"}});
  }

  core::Principal as(const std::string& account, Role role = Role::resident) const {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = account;
    p.role = role;
    return p;
  }
  core::Principal coordinator() const { return as(officer, Role::officer); }
  core::Principal person(int i) const { return as(people_.at(std::size_t(i))); }

  template <class F>
  auto in_tx(F&& f) {
    auto c = db->acquire();
    return c->transaction([&] { return f(*c); });
  }
  std::string opportunity(const std::string& checks = "", const std::string& kind = "shifts") {
    http::Fields f{{"initiative_id", initiative}, {"title", "Café helper"},  {"what_you_do", "Serve tea"},
                   {"what_you_get", "Lunch"},     {"time_asked", "3 hours"}, {"skills", "Cooking, Welsh"},
                   {"checks", checks},            {"kind", kind}};
    if (kind == "flexible") {
      f["window_from"] = core::today_utc();
      f["window_to"] = in_days(30);
    }
    return in_tx([&](store::Connection& c) { return create_opportunity(c, coordinator(), f); });
  }
  std::string shift(const std::string& opportunity_id, int places, int days_ahead = 0) {
    return in_tx([&](store::Connection& c) {
      return add_shift(c, coordinator(), opportunity_id,
                       {{"starts_at", in_days(days_ahead) + "T09:00"}, {"ends_at", in_days(days_ahead) + "T12:30"},
                        {"places", std::to_string(places)}});
    });
  }
  std::string apply_for(int i, const std::string& opportunity_id, const std::string& shift_id) {
    return in_tx([&](store::Connection& c) {
      return deliver::apply(c, person(i), opportunity_id,
                            shift_id.empty() ? http::Fields{} : http::Fields{{"shift_id", shift_id}});
    });
  }
  void approve_it(const std::string& id) {
    in_tx([&](store::Connection& c) {
      approve(c, *registry, coordinator(), id);
      return 0;
    });
  }
  Assignment get(const std::string& id) { return *find_assignment(*db->acquire(), org, id); }
  std::string code_of(const std::string& shift_id) { return find_shift(*db->acquire(), org, shift_id)->checkin_code; }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql, {org})->integer(0); }
  // A valid check of `kind` for person i, through the safeguarding register.
  void record_valid_check(int i, const std::string& kind) {
    CertificateKey key("");
    in_tx([&](store::Connection& c) {
      return record_check(c, key, coordinator(),
                          {{"person_id", people_.at(std::size_t(i))}, {"kind", kind},
                           {"certificate_number", "001234567890"}, {"issued_on", core::days_before(core::today_utc(), 30)},
                           {"update_service", "no"}, {"seen_on", core::today_utc()}});
    });
  }

  std::unique_ptr<store::Database> db;
  module::Registry* registry = nullptr;
  std::string org, officer, initiative;
  std::vector<std::string> people_;
};

TEST_P(Volunteering, AnAssignmentGoesFromApplicationToVerifiedHoursInTheLedger) {
  auto o = opportunity();
  auto s = shift(o, 2);
  auto id = apply_for(0, o, s);
  EXPECT_EQ(get(id).status, "applied");
  EXPECT_EQ(get(id).place, std::nullopt);
  // Only coordinators approve; the volunteer cannot confirm before approval.
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { approve(c, *registry, person(0), id); return 0; }); }), 403);
  EXPECT_EQ(field_of([&] { in_tx([&](store::Connection& c) { confirm_assignment(c, person(0), id); return 0; }); }),
            "status");
  approve_it(id);
  EXPECT_EQ(get(id).status, "approved");
  EXPECT_EQ(get(id).place, 1);
  EXPECT_EQ(status_of([&] { approve_it(id); }), 409) << "approved once";
  // Someone else's assignment is not found for them.
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { confirm_assignment(c, person(1), id); return 0; }); }), 404);
  in_tx([&](store::Connection& c) { confirm_assignment(c, person(0), id); return 0; });
  EXPECT_EQ(get(id).status, "confirmed");
  // The code at the venue: wrong, then right (any case).
  EXPECT_EQ(field_of([&] { in_tx([&](store::Connection& c) { check_in(c, person(0), id, "NOPE"); return 0; }); }), "code");
  EXPECT_EQ(field_of([&] { in_tx([&](store::Connection& c) { check_in(c, person(0), id, " "); return 0; }); }), "code");
  EXPECT_EQ(get(id).status, "confirmed");
  auto code = code_of(s);
  ASSERT_EQ(code.size(), 6u);
  std::string typed = code;
  for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  in_tx([&](store::Connection& c) { check_in(c, person(0), id, typed); return 0; });
  EXPECT_EQ(get(id).status, "checked_in");
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { cancel(c, *registry, person(0), id); return 0; }); }), 409)
      << "too late to cancel once there";
  EXPECT_EQ(field_of([&] { in_tx([&](store::Connection& c) { complete(c, *registry, coordinator(), id, "0"); return 0; }); }),
            "hours");
  EXPECT_EQ(field_of([&] { in_tx([&](store::Connection& c) { complete(c, *registry, coordinator(), id, "25"); return 0; }); }),
            "hours");
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { complete(c, *registry, person(0), id, "3"); return 0; }); }), 403);
  in_tx([&](store::Connection& c) { complete(c, *registry, coordinator(), id, "3.5"); return 0; });
  auto done = get(id);
  EXPECT_EQ(done.status, "completed");
  EXPECT_EQ(done.verified_hours_x100, 350);
  auto entries = in_tx([&](store::Connection& c) { return map::Ledger(c, coordinator()).of_source(kVolunteerSourceType, id); });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].person_id, people_[0]);
  EXPECT_EQ(entries[0].hours_x100, 350);
  EXPECT_EQ(entries[0].phase, map::Phase::delivering);
  EXPECT_EQ(entries[0].role, map::ContributorRole::community_member) << "a resident's role";
  EXPECT_EQ(entries[0].kind, map::ContributionKind::hours);
  EXPECT_TRUE(entries[0].counts());
  EXPECT_EQ(entries[0].initiative_id, initiative);
  EXPECT_EQ(entries[0].made_on, core::today_utc());
  EXPECT_EQ(done.contribution_id, entries[0].id);
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { complete(c, *registry, coordinator(), id, "3"); return 0; }); }),
            409) << "verified once";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE organisation_id = $1 AND entity_type = 'volunteer_assignment'"), 5);
}

TEST_P(Volunteering, ANoShowAndACoordinatorsCheckInAndFlexibleHoursLoggedThenVerified) {
  auto o = opportunity();
  auto s = shift(o, 3);
  auto a = apply_for(0, o, s), b = apply_for(1, o, s);
  approve_it(a);
  approve_it(b);
  in_tx([&](store::Connection& c) { mark_no_show(c, coordinator(), a); return 0; });
  EXPECT_EQ(get(a).status, "no_show");
  in_tx([&](store::Connection& c) { check_in(c, coordinator(), b, ""); return 0; });
  EXPECT_EQ(get(b).status, "checked_in") << "the coordinator needs no code";

  auto f = opportunity("", "flexible");
  EXPECT_EQ(field_of([&] { apply_for(2, f, s); }), "shift_id") << "a flexible opportunity has no shifts";
  auto x = apply_for(2, f, "");
  approve_it(x);
  EXPECT_EQ(get(x).place, std::nullopt);
  in_tx([&](store::Connection& c) { confirm_assignment(c, person(2), x); return 0; });
  EXPECT_EQ(field_of([&] { in_tx([&](store::Connection& c) { log_hours(c, person(2), x, "abc"); return 0; }); }), "hours");
  in_tx([&](store::Connection& c) { log_hours(c, person(2), x, "4"); return 0; });
  EXPECT_EQ(get(x).logged_hours_x100, 400);
  EXPECT_EQ(get(x).status, "confirmed") << "logged, not yet verified";
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { log_hours(c, person(1), b, "2"); return 0; }); }), 409)
      << "shift hours are the coordinator's to verify";
  in_tx([&](store::Connection& c) { complete(c, *registry, coordinator(), x, "4"); return 0; });
  EXPECT_EQ(get(x).status, "completed");
}

TEST_P(Volunteering, ApprovalIsRefusedUntilThePersonHoldsAValidCheckOfEveryKindRequired) {
  auto o = opportunity("dbs_basic,training");
  auto s = shift(o, 2);
  auto id = apply_for(0, o, s);
  auto refused_for = [&]() -> std::string {
    try {
      approve_it(id);
    } catch (const CheckMissing& e) {
      EXPECT_EQ(e.http_status(), 409);
      EXPECT_EQ(e.field(), "checks");
      return e.kind();
    }
    return "";
  };
  EXPECT_EQ(refused_for(), "dbs_basic");
  EXPECT_EQ(get(id).status, "applied") << "held, nothing written";
  EXPECT_EQ(get(id).place, std::nullopt);
  record_valid_check(0, "dbs_basic");
  EXPECT_EQ(refused_for(), "training") << "every kind is needed";
  record_valid_check(0, "training");
  EXPECT_EQ(refused_for(), "");
  EXPECT_EQ(get(id).status, "approved");
  // Assigning directly follows the same rule.
  EXPECT_THROW(in_tx([&](store::Connection& c) {
                 return assign(c, *registry, coordinator(), o, {{"person_id", people_[1]}, {"shift_id", s}});
               }),
               CheckMissing);
  EXPECT_EQ(count("SELECT COUNT(*) FROM volunteer_assignments WHERE organisation_id = $1"), 1);
  // The check kinds an opportunity names must be real ones.
  EXPECT_EQ(field_of([&] { opportunity("dbs_basic,dbs_gold"); }), "checks");
}

TEST_P(Volunteering, AFullShiftKeepsAWaitingListAndACancellationPromotesTheFirstWaiting) {
  auto o = opportunity();
  auto s = shift(o, 1);
  auto a = apply_for(0, o, s), b = apply_for(1, o, s), c2 = apply_for(2, o, s);
  approve_it(a);
  approve_it(b);
  approve_it(c2);
  EXPECT_EQ(get(a).status, "approved");
  EXPECT_EQ(get(b).status, "waiting");
  EXPECT_EQ(get(c2).status, "waiting");
  EXPECT_EQ(find_shift(*db->acquire(), org, s)->waiting, 2);
  auto notices_for = [&](int i) {
    return db->acquire()
        ->query_one("SELECT COUNT(*) FROM notifications WHERE organisation_id = $1 AND account_id = $2 AND kind = $3",
                    {org, people_[std::size_t(i)], std::string(kNoticePromoted)})
        ->integer(0);
  };
  auto emails = count("SELECT COUNT(*) FROM outbox WHERE organisation_id = $1");
  in_tx([&](store::Connection& c) { cancel(c, *registry, person(0), a); return 0; });
  EXPECT_EQ(get(a).status, "cancelled");
  EXPECT_EQ(get(a).place, std::nullopt);
  EXPECT_EQ(get(b).status, "approved") << "the first waiting takes the place";
  EXPECT_EQ(get(b).place, 1);
  EXPECT_EQ(get(c2).status, "waiting");
  EXPECT_EQ(notices_for(1), 1);
  EXPECT_EQ(notices_for(2), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE organisation_id = $1"), emails + 1) << "told by email";
  // A waiting person cancelling frees nothing; the coordinator cancelling the holder promotes the next.
  in_tx([&](store::Connection& c) { cancel(c, *registry, coordinator(), b); return 0; });
  EXPECT_EQ(get(c2).status, "approved");
  EXPECT_EQ(notices_for(2), 1);
  // Applying again after cancelling is allowed; twice at once is not.
  auto again = apply_for(0, o, s);
  EXPECT_EQ(get(again).status, "applied");
  EXPECT_EQ(status_of([&] { apply_for(0, o, s); }), 409);
}

// Sixteen coordinators' approvals race, each on its own connection, for the
// one place left: exactly one gets it, the others wait.
TEST_P(Volunteering, ApprovalsRacingForTheLastPlaceGiveItToExactlyOne) {
  for (int round = 0; round < 3; ++round) {
    new_organisation(17);
    auto o = opportunity();
    auto s = shift(o, 2);
    approve_it(apply_for(16, o, s));  // one of two places taken
    std::vector<std::string> ids;
    for (int i = 0; i < 16; ++i) ids.push_back(apply_for(i, o, s));
    std::atomic<int> failed{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i)
      threads.emplace_back([&, i] {
        auto c = db->acquire();
        while (!go) std::this_thread::yield();
        try {
          c->transaction([&] { approve(*c, *registry, coordinator(), ids[std::size_t(i)]); });
        } catch (const std::exception&) {
          ++failed;
        }
      });
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed, 0) << "round " << round;
    int approved = 0, waiting = 0;
    for (const auto& id : ids) {
      auto a = get(id);
      approved += a.status == "approved";
      waiting += a.status == "waiting";
      if (a.status == "approved") {
        EXPECT_EQ(a.place, 2);
      }
    }
    EXPECT_EQ(approved, 1) << "round " << round;
    EXPECT_EQ(waiting, 15);
    EXPECT_EQ(count("SELECT COUNT(*) FROM volunteer_assignments WHERE organisation_id = $1 AND place IS NOT NULL"), 2);
  }
}

// The database itself refuses a place taken twice or beyond the last, even
// from writers that skip the application's rules, racing on 16 connections.
TEST_P(Volunteering, TheDatabaseRefusesAPlaceHeldTwiceOrBeyondTheLast) {
  new_organisation(16);
  auto o = opportunity();
  auto s = shift(o, 2);
  std::vector<std::string> ids;
  for (int i = 0; i < 16; ++i) ids.push_back(apply_for(i, o, s));
  auto take = [&](store::Connection& c, const std::string& id, int place) {
    c.execute("UPDATE volunteer_assignments SET status = 'approved', place = $3 WHERE organisation_id = $1 AND id = $2",
              {org, id, place});
  };
  EXPECT_THROW(in_tx([&](store::Connection& c) { take(c, ids[0], 3); return 0; }), store::DatabaseError)
      << "place 3 of 2";
  EXPECT_THROW(in_tx([&](store::Connection& c) { take(c, ids[0], 0); return 0; }), store::DatabaseError);
  EXPECT_THROW(in_tx([&](store::Connection& c) {
                 c.execute("UPDATE volunteer_assignments SET status = 'approved' WHERE organisation_id = $1 AND id = $2",
                           {org, ids[0]});
                 return 0;
               }),
               store::DatabaseError)
      << "an approved assignment on a shift holds a place";
  EXPECT_THROW(in_tx([&](store::Connection& c) {
                 c.execute("UPDATE volunteer_assignments SET places = 5 WHERE organisation_id = $1 AND id = $2",
                           {org, ids[0]});
                 return 0;
               }),
               store::DatabaseError)
      << "the copy of places is the shift's";
  in_tx([&](store::Connection& c) { take(c, ids[0], 1); return 0; });
  std::atomic<int> won{0}, refused{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 1; i < 16; ++i)
    threads.emplace_back([&, i] {
      auto c = db->acquire();
      while (!go) std::this_thread::yield();
      try {
        c->transaction([&] { take(*c, ids[std::size_t(i)], 2); });
        ++won;
      } catch (const store::DatabaseError&) {
        ++refused;
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(refused, 14);
  EXPECT_EQ(count("SELECT COUNT(*) FROM volunteer_assignments WHERE organisation_id = $1 AND place = 2"), 1);
  // Fewer places than are taken: refused too.
  EXPECT_THROW(in_tx([&](store::Connection& c) {
                 c.execute("UPDATE volunteer_shifts SET places = 1 WHERE organisation_id = $1 AND id = $2", {org, s});
                 return 0;
               }),
               std::exception);
  EXPECT_EQ(find_shift(*db->acquire(), org, s)->places, 2);
}

TEST_P(Volunteering, BulkVerificationNamesEveryBadFieldAndWritesNothingThenCountsTheHours) {
  auto o = opportunity();
  auto s = shift(o, 3);
  auto a = apply_for(0, o, s), b = apply_for(1, o, s), c2 = apply_for(2, o, s);
  approve_it(a);
  approve_it(b);
  auto verify = [&](const http::Fields& f) {
    return in_tx([&](store::Connection& c) { return verify_in_bulk(c, *registry, coordinator(), o, s, f); });
  };
  auto problems = [&](const http::Fields& f) {
    std::vector<std::string> fields;
    try {
      verify(f);
    } catch (const core::ValidationFailed& e) {
      for (const auto& p : e.problems()) fields.push_back(p.field);
    }
    std::sort(fields.begin(), fields.end());
    return fields;
  };
  auto contributions = [&] { return count("SELECT COUNT(*) FROM contributions WHERE organisation_id = $1"); };
  auto before = contributions();
  std::vector<std::string> expected{"hours_" + a, "hours_nobody", "outcome_" + b, "outcome_" + c2};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(problems({{"outcome_" + a, "completed"}, {"hours_" + a, "-1"}, {"outcome_" + b, "maybe"},
                      {"outcome_" + c2, "completed"}, {"hours_" + c2, "2"}, {"hours_nobody", "1"}}),
            expected);
  EXPECT_EQ(get(a).status, "approved");
  EXPECT_EQ(contributions(), before);
  EXPECT_EQ(verify({{"outcome_" + a, "completed"}, {"hours_" + a, "3"}, {"outcome_" + b, "no_show"}, {"hours_" + b, "3"}}),
            2);
  EXPECT_EQ(get(a).status, "completed");
  EXPECT_EQ(get(b).status, "no_show");
  EXPECT_EQ(contributions(), before + 1);
}

TEST_P(Volunteering, OpportunitiesAreFilteredAndTheirFieldsChecked) {
  auto o = opportunity();
  shift(o, 2, 3);
  shift(o, 2, 10);
  auto f = opportunity("", "flexible");
  auto other = map::create_initiative(*db, coordinator(), {{"name", "Library"}});
  auto list = [&](OpportunityFilter filter) {
    std::vector<std::string> ids;
    for (const auto& x : list_opportunities(*db->acquire(), org, filter)) ids.push_back(x.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto both = std::vector<std::string>{o, f};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(list({}), both);
  EXPECT_EQ(list({initiative, "", ""}), both);
  EXPECT_EQ(list({other, "", ""}), std::vector<std::string>{});
  EXPECT_EQ(list({"", "welsh", ""}), both) << "skills match in any case";
  EXPECT_EQ(list({"", "Gardening", ""}), std::vector<std::string>{});
  EXPECT_EQ(list({"", "", in_days(5)}), both);
  EXPECT_EQ(list({"", "", in_days(11)}), std::vector<std::string>{f}) << "no shift left after that day";
  EXPECT_EQ(list({"", "", in_days(31)}), std::vector<std::string>{});
  auto found = list_opportunities(*db->acquire(), org, {"", "", in_days(5)});
  for (const auto& x : found)
    if (x.id == o) {
      EXPECT_EQ(x.shifts.size(), 1u) << "only the shifts from that day";
    }
  EXPECT_EQ(field_of([&] { list({"nope", "", ""}); }), "initiative_id");
  EXPECT_EQ(field_of([&] { list({"", "", "2026-02-30"}); }), "date_from");
  // Shifts: every field named.
  auto bad_shift = [&](http::Fields fields) {
    return field_of([&] { in_tx([&](store::Connection& c) { return add_shift(c, coordinator(), o, fields); }); });
  };
  EXPECT_EQ(bad_shift({{"starts_at", ""}, {"ends_at", in_days(1) + "T10:00"}, {"places", "1"}}), "starts_at");
  EXPECT_EQ(bad_shift({{"starts_at", in_days(1) + "T25:00"}, {"ends_at", in_days(1) + "T10:00"}, {"places", "1"}}),
            "starts_at");
  EXPECT_EQ(bad_shift({{"starts_at", in_days(1) + "T10:00"}, {"ends_at", in_days(1) + "T09:00"}, {"places", "1"}}),
            "ends_at");
  EXPECT_EQ(bad_shift({{"starts_at", in_days(1) + "T10:00"}, {"ends_at", in_days(3) + "T09:00"}, {"places", "1"}}),
            "ends_at");
  EXPECT_EQ(bad_shift({{"starts_at", in_days(1) + "T10:00"}, {"ends_at", in_days(1) + "T11:00"}, {"places", "0"}}),
            "places");
  EXPECT_EQ(bad_shift({{"starts_at", in_days(1) + "T10:00"}, {"ends_at", in_days(1) + "T11:00"}, {"places", "two"}}),
            "places");
  EXPECT_EQ(status_of([&] {
              in_tx([&](store::Connection& c) {
                return add_shift(c, coordinator(), f,
                                 {{"starts_at", in_days(1) + "T10:00"}, {"ends_at", in_days(1) + "T11:00"}, {"places", "1"}});
              });
            }),
            409)
      << "a flexible opportunity has no shifts";
  // Changing an opportunity: fields checked, kind fixed once it has shifts.
  auto change = [&](http::Fields fields) {
    in_tx([&](store::Connection& c) {
      update_opportunity(c, coordinator(), o, fields);
      return 0;
    });
  };
  http::Fields good{{"initiative_id", other}, {"title", "Library helper"}, {"what_you_do", "Shelve books"},
                    {"what_you_get", "Quiet"},   {"time_asked", "2 hours"},   {"kind", "shifts"}};
  change(good);
  EXPECT_EQ(find_opportunity(*db->acquire(), org, o)->title, "Library helper");
  auto flexible = good;
  flexible["kind"] = "flexible";
  flexible["window_from"] = core::today_utc();
  flexible["window_to"] = in_days(3);
  EXPECT_EQ(field_of([&] { change(flexible); }), "kind");
  EXPECT_EQ(status_of([&] { in_tx([&](store::Connection& c) { return create_opportunity(c, person(0), good); }); }), 403);
}

TEST_P(Volunteering, TheCalendarFileIsICalendar) {
  auto o = opportunity();
  auto s = *find_shift(*db->acquire(), org, shift(o, 1, 7));
  auto opp = *find_opportunity(*db->acquire(), org, o);
  auto ics = shift_calendar(opp, s, "example.org");
  EXPECT_TRUE(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  EXPECT_TRUE(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  auto day = in_days(7);
  auto compact = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
  EXPECT_NE(ics.find("\r\nDTSTART;TZID=Europe/London:" + compact + "T090000\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nDTEND;TZID=Europe/London:" + compact + "T123000\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nUID:shift-" + s.id + "@example.org\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Café helper\r\n"), std::string::npos);
  std::size_t start = 0;
  while (start < ics.size()) {
    auto end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << "lines are folded at 75 octets";
    start = end + 2;
  }
  EXPECT_EQ(duration_x100(day + "T09:00", day + "T12:30"), 350);
}

INSTANTIATE_TEST_SUITE_P(Backends, Volunteering, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

// ---- the API and pages through the request pipeline ---------------------------------------

using access::testing::body_json;
using access::testing::form_body;
using access::testing::make_request;


std::string text_of(const boost::json::value& v) { return v.is_string() ? std::string(v.as_string()) : "(not text)"; }

class VolunteeringApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    registry_ = &module::testing::load(all_modules(), db_.get());
    auto c = db_->acquire();
    c->transaction([&] {
      north_ = access::create_organisation(*c, "north", "North Council", "en");
      south_ = access::create_organisation(*c, "south", "South Council", "en");
      olga_ = access::create_account(*c, "olga@example.org", "Olga", access::testing::kPassword);
      ann_ = access::create_account(*c, "ann@example.org", "Ann", access::testing::kPassword);
      sam_ = access::create_account(*c, "sam@example.org", "Sam", access::testing::kPassword);
      access::add_membership(*c, north_, olga_, Role::officer);
      access::add_membership(*c, north_, ann_, Role::resident);
      access::add_membership(*c, south_, sam_, Role::officer);
    });
    core::Principal officer;
    officer.organisation_id = north_;
    officer.account_id = olga_;
    officer.role = Role::officer;
    initiative_ = map::create_initiative(*db_, officer, {{"name", "Community café"}});
  }
  std::int64_t count(const std::string& table) {
    return db_->acquire()->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
  }
  std::int64_t written() {
    return count("volunteer_opportunities") + count("volunteer_shifts") + count("volunteer_assignments") +
           count("contributions") + count("audit_events");
  }
  std::string opportunity_body(const std::string& extra = "") {
    return R"({"initiative_id": ")" + initiative_ +
           R"(", "title": "Café helper", "what_you_do": "Serve tea", "what_you_get": "Lunch",
               "time_asked": "3 hours", "skills": "Cooking", "kind": "shifts")" + extra + "}";
  }
  std::string delivering_citizen_hours(Client& client) {
    auto detail = body_json(client.get("/api/v1/initiatives/" + initiative_));
    for (const auto& row : detail.at("totals").as_array())
      if (row.at("phase") == "delivering") return text_of(row.at("citizen_hours"));
    return "(none)";
  }

  std::unique_ptr<store::Database> db_;
  module::Registry* registry_ = nullptr;
  std::string north_, south_, olga_, ann_, sam_, initiative_;
};

TEST_P(VolunteeringApi, AVolunteerAppliesIsApprovedChecksInAndTheVerifiedHoursMoveTheMap) {
  Client olga(*db_), ann(*db_), anyone(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  EXPECT_EQ(ann.json(http::Method::post, "/api/v1/deliver/opportunities", opportunity_body()).status, 403);
  auto created = olga.json(http::Method::post, "/api/v1/deliver/opportunities", opportunity_body());
  ASSERT_EQ(created.status, 201) << created.body;
  auto o = text_of(body_json(created).at("id"));
  auto shift = olga.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/shifts",
                         R"({"starts_at": ")" + core::today_utc() + R"(T09:00", "ends_at": ")" + core::today_utc() +
                             R"(T11:30", "places": "4"})");
  ASSERT_EQ(shift.status, 201) << shift.body;
  auto s = text_of(body_json(shift).at("id"));
  auto code = text_of(body_json(shift).at("checkin_code"));
  // The public list and page, with no code shown.
  auto listed = anyone.get("/api/v1/deliver/opportunities?skill=cooking&lang=en");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(body_json(listed).at("opportunities").as_array().size(), 1u);
  EXPECT_EQ(listed.body.find(code), std::string::npos);
  EXPECT_EQ(body_json(anyone.get("/api/v1/deliver/opportunities/" + o)).at("shifts").at(0).at("places_left"), 4);
  EXPECT_EQ(anyone.get("/api/v1/deliver/opportunities?date_from=tomorrow").status, 422);

  auto applied = ann.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/applications",
                          R"({"shift_id": ")" + s + "\"}");
  ASSERT_EQ(applied.status, 201) << applied.body;
  auto a = text_of(body_json(applied).at("id"));
  EXPECT_EQ(ann.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/approve", "").status, 403);
  auto approved = olga.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/approve", "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(body_json(approved).at("status"), "approved");
  EXPECT_EQ(ann.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/confirm", "").status, 200);
  auto wrong = ann.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/check-in", R"({"code": "000000"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(body_json(wrong).at("error").at("field"), "code");
  EXPECT_EQ(ann.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/check-in", R"({"code": ")" + code + "\"}")
                .status,
            200);
  auto mine = body_json(ann.get("/api/v1/deliver/commitments"));
  EXPECT_EQ(mine.at("commitments").at(0).at("status"), "checked_in");

  EXPECT_EQ(delivering_citizen_hours(olga), "0");
  // The officers planned the café: planning is professional, delivery not known yet.
  auto planned = olga.json(http::Method::post, "/api/v1/initiatives/" + initiative_ + "/contributions",
                           R"({"contributor_label": "Café team", "role": "professional", "phase": "planning",
                               "kind": "hours", "hours": "4", "made_on": ")" + core::today_utc() + "\"}");
  ASSERT_EQ(planned.status, 201) << planned.body;
  auto cell = [&] {
    return text_of(body_json(anyone.get("/api/v1/initiatives/" + initiative_)).at("typology").at("cell"));
  };
  EXPECT_EQ(cell(), "unclassified");
  auto roster = olga.get("/api/v1/deliver/opportunities/" + o + "/roster?shift_id=" + s);
  ASSERT_EQ(roster.status, 200) << roster.body;
  EXPECT_EQ(text_of(body_json(roster).at("shift").at("checkin_code")), code);
  auto bad = olga.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/roster/verify",
                       R"({"shift_id": ")" + s + R"(", "outcome_)" + a + R"(": "completed", "hours_)" + a +
                           R"(": "lots"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(text_of(body_json(bad).at("error").at("field")), "hours_" + a);
  auto verified = olga.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/roster/verify",
                            R"({"shift_id": ")" + s + R"(", "outcome_)" + a + R"(": "completed", "hours_)" + a +
                                R"(": "2.5"})");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(body_json(verified).at("changed"), 1);
  EXPECT_EQ(delivering_citizen_hours(olga), "2.5") << "the initiative's delivering hours move";
  EXPECT_EQ(delivering_citizen_hours(anyone), "2.5") << "and the public sees them";
  EXPECT_EQ(cell(), "community_delivery_professional_plan") << "the volunteer's delivery places it in its cell";

  // A message to the shift, through the email outbox.
  auto told = olga.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/roster/message",
                        R"({"shift_id": ")" + s + R"(", "message": "Bring an apron"})");
  ASSERT_EQ(told.status, 200) << told.body;
  EXPECT_EQ(body_json(told).at("told"), 0) << "nobody holds a live place once it is done";
}

TEST_P(VolunteeringApi, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  Client olga(*db_), ann(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  auto o = text_of(body_json(olga.json(http::Method::post, "/api/v1/deliver/opportunities", opportunity_body())).at("id"));
  auto s = text_of(body_json(olga.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/shifts",
                                       R"({"starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T10:00", "places": "1"})"))
                       .at("id"));
  auto a = text_of(body_json(ann.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/applications",
                                      R"({"shift_id": ")" + s + "\"}"))
                       .at("id"));
  auto before = written();
  auto refused = [&](Client& who, http::Method method, const std::string& path, const std::string& body, int status,
                     const std::string& field) {
    auto r = who.json(method, path, body);
    EXPECT_EQ(r.status, status) << path << " " << body << " -> " << r.body;
    if (!field.empty() && r.status >= 400 && r.status < 500) {
      EXPECT_EQ(text_of(body_json(r).at("error").at("field")), field) << body << " -> " << r.body;
    }
  };
  const auto post = http::Method::post;
  const std::string opps = "/api/v1/deliver/opportunities";
  auto without = [&](const std::string& name) {
    auto v = boost::json::parse(opportunity_body()).as_object();
    v.erase(name);
    return boost::json::serialize(v);
  };
  auto with = [&](const std::string& name, const std::string& value) {
    auto v = boost::json::parse(opportunity_body()).as_object();
    v[name] = value;
    return boost::json::serialize(v);
  };
  refused(olga, post, opps, "{\"title\": ", 400, "");
  for (const char* name : {"initiative_id", "title", "what_you_do", "what_you_get", "time_asked", "kind"})
    refused(olga, post, opps, without(name), 422, name);
  refused(olga, post, opps, with("initiative_id", core::new_id()), 422, "initiative_id");
  refused(olga, post, opps, with("title", std::string(121, 'x')), 422, "title");
  refused(olga, post, opps, with("what_you_do", std::string(2001, 'x')), 422, "what_you_do");
  refused(olga, post, opps, with("what_you_get", std::string(2001, 'x')), 422, "what_you_get");
  refused(olga, post, opps, with("time_asked", std::string(201, 'x')), 422, "time_asked");
  refused(olga, post, opps, with("skills", "a,b,c,d,e,f,g,h,i,j,k"), 422, "skills");
  refused(olga, post, opps, with("skills", std::string(41, 'x')), 422, "skills");
  refused(olga, post, opps, with("checks", "dbs_gold"), 422, "checks");
  refused(olga, post, opps, with("kind", "sometimes"), 422, "kind");
  refused(olga, post, opps, with("window_from", "2030-01-01"), 422, "window_from");
  refused(olga, post, opps, opportunity_body(R"(, "colour": "red")"), 422, "colour");
  auto flexible = [&](const std::string& from, const std::string& to) {
    auto v = boost::json::parse(opportunity_body()).as_object();
    v["kind"] = "flexible";
    if (!from.empty()) v["window_from"] = from;
    if (!to.empty()) v["window_to"] = to;
    return boost::json::serialize(v);
  };
  refused(olga, post, opps, flexible("", "2030-01-02"), 422, "window_from");
  refused(olga, post, opps, flexible("2030-01-01", ""), 422, "window_to");
  refused(olga, post, opps, flexible("2030-02-30", "2030-03-01"), 422, "window_from");
  refused(olga, post, opps, flexible("2030-03-01", "2030-02-01"), 422, "window_to");
  refused(olga, http::Method::put, opps + "/" + o, without("title"), 422, "title");
  const std::string shifts = opps + "/" + o + "/shifts";
  refused(olga, post, shifts, R"({"ends_at": "2030-01-01T10:00", "places": "1"})", 422, "starts_at");
  refused(olga, post, shifts, R"({"starts_at": "2030-01-01 9am", "ends_at": "2030-01-01T10:00", "places": "1"})", 422,
          "starts_at");
  refused(olga, post, shifts, R"({"starts_at": "2030-01-01T09:00", "places": "1"})", 422, "ends_at");
  refused(olga, post, shifts, R"({"starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T08:00", "places": "1"})", 422,
          "ends_at");
  refused(olga, post, shifts, R"({"starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T10:00"})", 422, "places");
  refused(olga, post, shifts, R"({"starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T10:00", "places": "501"})",
          422, "places");
  refused(ann, post, opps + "/" + o + "/applications", "{}", 422, "shift_id");
  refused(ann, post, opps + "/" + o + "/applications", R"({"shift_id": "nope"})", 422, "shift_id");
  refused(ann, post, opps + "/" + o + "/applications", R"({"shift_id": ")" + s + "\"}", 409, "shift_id");
  refused(olga, post, opps + "/" + o + "/assignments", R"({"shift_id": ")" + s + "\"}", 422, "person_id");
  refused(olga, post, opps + "/" + o + "/assignments", R"({"person_id": ")" + sam_ + R"(", "shift_id": ")" + s + "\"}",
          422, "person_id");
  refused(ann, post, "/api/v1/deliver/assignments/" + a + "/confirm", "", 409, "status");
  refused(ann, post, "/api/v1/deliver/assignments/" + a + "/check-in", R"({"code": "ABC"})", 409, "status");
  refused(olga, post, "/api/v1/deliver/assignments/" + a + "/complete", R"({"hours": "x"})", 422, "hours");
  refused(olga, post, "/api/v1/deliver/assignments/" + a + "/complete", R"({"hours": "2"})", 409, "status");
  refused(ann, post, "/api/v1/deliver/assignments/" + a + "/log-hours", R"({"hours": "2"})", 409, "hours");
  refused(olga, post, opps + "/" + o + "/roster/verify", R"({"shift_id": ")" + s + R"(", "outcome_)" + a +
                                                             R"(": "completed", "hours_)" + a + R"(": "2"})",
          422, "outcome_" + a);
  refused(olga, post, opps + "/" + o + "/roster/verify", R"({"shift_id": "x"})", 422, "shift_id");
  refused(olga, post, opps + "/" + o + "/roster/message", R"({"shift_id": ")" + s + R"(", "message": ""})", 422,
          "message");
  refused(olga, post, opps + "/" + o + "/roster/message", R"({"message": "Hello"})", 422, "shift_id");
  EXPECT_EQ(olga.get(opps + "/" + o + "/roster").status, 422);
  EXPECT_EQ(written(), before) << "nothing written";
}

TEST_P(VolunteeringApi, AnotherOrganisationsIdsAreRefused) {
  Client olga(*db_), ann(*db_), sam(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  sam.sign_in("sam@example.org", "south");
  auto o = text_of(body_json(olga.json(http::Method::post, "/api/v1/deliver/opportunities", opportunity_body())).at("id"));
  auto s = text_of(body_json(olga.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/shifts",
                                       R"({"starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T10:00", "places": "1"})"))
                       .at("id"));
  auto a = text_of(body_json(ann.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/applications",
                                      R"({"shift_id": ")" + s + "\"}"))
                       .at("id"));
  auto before = written();
  EXPECT_EQ(sam.get("/api/v1/deliver/opportunities/" + o).status, 404);
  EXPECT_EQ(sam.get("/api/v1/deliver/opportunities").body.find(o), std::string::npos);
  EXPECT_EQ(sam.json(http::Method::put, "/api/v1/deliver/opportunities/" + o, opportunity_body()).status, 404);
  EXPECT_EQ(sam.json(http::Method::post, "/api/v1/deliver/opportunities/" + o + "/shifts",
                     R"({"starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T10:00", "places": "1"})")
                .status,
            404);
  EXPECT_EQ(sam.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/approve", "").status, 404);
  EXPECT_EQ(sam.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/cancel", "").status, 404);
  EXPECT_EQ(sam.get("/api/v1/deliver/opportunities/" + o + "/roster?shift_id=" + s).status, 404);
  EXPECT_EQ(sam.get("/volunteering/shifts/" + s + "/roster").status, 404);
  EXPECT_EQ(sam.get("/volunteering/assignments/" + a + "/calendar.ics").status, 404);
  // An opportunity in South cannot be put on North's initiative.
  auto south_opportunity = sam.json(http::Method::post, "/api/v1/deliver/opportunities", opportunity_body());
  EXPECT_EQ(south_opportunity.status, 422);
  EXPECT_EQ(text_of(body_json(south_opportunity).at("error").at("field")), "initiative_id");
  EXPECT_EQ(written(), before);
}

TEST_P(VolunteeringApi, ThePagesWorkInEnglishAndWelshAndSayWhatIsWrong) {
  Client olga(*db_), ann(*db_), anyone(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  auto list = anyone.get("/volunteering");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("Volunteering opportunities"), std::string::npos);
  EXPECT_NE(anyone.get("/volunteering?lang=cy").body.find("Cyfleoedd gwirfoddoli"), std::string::npos);
  auto bad_filter = anyone.get("/volunteering?date_from-day=31&date_from-month=2&date_from-year=2030");
  EXPECT_EQ(bad_filter.status, 422);
  EXPECT_NE(bad_filter.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(bad_filter.body.find("href=\"#date_from"), std::string::npos);
  // An empty form: every field named, nothing written.
  auto empty = olga.post("/volunteering/opportunities", {});
  EXPECT_EQ(empty.status, 422);
  for (const char* field : {"#initiative_id", "#title", "#what_you_do", "#what_you_get", "#time_asked", "#kind"})
    EXPECT_NE(empty.body.find(std::string("href=\"") + field + "\""), std::string::npos) << field;
  EXPECT_NE(empty.body.find("Enter the title of the role"), std::string::npos);
  EXPECT_EQ(count("volunteer_opportunities"), 0);
  auto made = olga.post("/volunteering/opportunities",
                        {{"initiative_id", initiative_}, {"title", "Café helper"}, {"what_you_do", "Serve tea"},
                         {"what_you_get", "Lunch"}, {"time_asked", "3 hours"}, {"skills", "Cooking"},
                         {"checks", "dbs_basic"}, {"checks", "training"}, {"kind", "shifts"}});
  ASSERT_EQ(made.status, 303) << made.body;
  auto o = db_->acquire()->query_one("SELECT id, checks FROM volunteer_opportunities")->text(0);
  EXPECT_EQ(db_->acquire()->query_one("SELECT checks FROM volunteer_opportunities")->text(0), "dbs_basic,training");
  auto bad_shift = olga.post("/volunteering/opportunities/" + o + "/shifts",
                             {{"shift_date-day", "1"}, {"shift_date-month", "1"}, {"shift_date-year", "2030"},
                              {"start_time", "25:00"}, {"end_time", "10:00"}, {"places", "0"}});
  EXPECT_EQ(bad_shift.status, 422);
  EXPECT_NE(bad_shift.body.find("href=\"#start_time\""), std::string::npos);
  EXPECT_NE(bad_shift.body.find("href=\"#places\""), std::string::npos);
  EXPECT_EQ(count("volunteer_shifts"), 0);
  auto day = core::days_before(core::today_utc(), -3);
  ASSERT_EQ(olga.post("/volunteering/opportunities/" + o + "/shifts",
                      {{"shift_date-day", day.substr(8, 2)}, {"shift_date-month", day.substr(5, 2)},
                       {"shift_date-year", day.substr(0, 4)}, {"start_time", "9:30"}, {"end_time", "12:00"},
                       {"places", "2"}})
                .status,
            303);
  auto s = db_->acquire()->query_one("SELECT id FROM volunteer_shifts")->text(0);
  auto page = anyone.get("/volunteering/opportunities/" + o + "?lang=cy");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Gwiriad DBS sylfaenol"), std::string::npos);
  EXPECT_NE(page.body.find("09:30 tan 12:00"), std::string::npos);
  // Applying, then held: the coordinator's approval is refused naming the check.
  ASSERT_EQ(ann.post("/volunteering/opportunities/" + o + "/apply", {{"shift_id", s}}).status, 303);
  auto a = db_->acquire()->query_one("SELECT id FROM volunteer_assignments")->text(0);
  auto roster = olga.get("/volunteering/shifts/" + s + "/roster");
  ASSERT_EQ(roster.status, 200) << roster.body;
  EXPECT_NE(roster.body.find("id=\"checkin-code\""), std::string::npos);
  auto held = olga.post("/volunteering/assignments/" + a + "/approve", {{"back", "/volunteering/shifts/" + s + "/roster"}});
  EXPECT_EQ(held.status, 409);
  EXPECT_NE(held.body.find("They need a valid DBS basic check before they can be approved"), std::string::npos);
  auto held_api = olga.json(http::Method::post, "/api/v1/deliver/assignments/" + a + "/approve?lang=cy", "");
  EXPECT_EQ(held_api.status, 409);
  EXPECT_EQ(body_json(held_api).at("error").at("field"), "checks");
  EXPECT_EQ(body_json(held_api).at("error").at("check"), "dbs_basic");
  EXPECT_EQ(text_of(body_json(held_api).at("error").at("message")),
            "Mae angen hwn arnynt, yn ddilys, cyn y gellir eu cymeradwyo: Gwiriad DBS sylfaenol");
  auto mine = ann.get("/volunteering/commitments?lang=cy");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("Fy ymrwymiadau gwirfoddoli"), std::string::npos);
  EXPECT_NE(mine.body.find("Cais wedi&#39;i wneud"), std::string::npos);
  auto ics = ann.get("/volunteering/assignments/" + a + "/calendar.ics");
  ASSERT_EQ(ics.status, 200);
  bool calendar = false;
  for (const auto& [name, value] : ics.headers)
    if (name == "Content-Type" && value.starts_with("text/calendar")) calendar = true;
  EXPECT_TRUE(calendar);
  EXPECT_TRUE(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
  EXPECT_EQ(anyone.get("/volunteering/commitments").status / 100, 3) << "sign in first";
  EXPECT_EQ(ann.get("/volunteering/shifts/" + s + "/roster").status, 403);
  // The roster's one form (with the fields every form carries): a bad number named, then saved.
  {
    CertificateKey key("");
    core::Principal lead;
    lead.organisation_id = north_;
    lead.account_id = olga_;
    lead.role = Role::officer;
    auto c = db_->acquire();
    for (const char* kind : {"dbs_basic", "training"})
      c->transaction([&] {
        return record_check(*c, key, lead,
                            {{"person_id", olga_}, {"kind", kind}, {"certificate_number", "001234567890"},
                             {"issued_on", core::days_before(core::today_utc(), 10)}, {"update_service", "no"},
                             {"seen_on", core::today_utc()}});
      });
  }
  auto stranger = olga.post("/volunteering/opportunities/" + o + "/roster/assign",
                            {{"shift_id", s}, {"email", "nobody@example.org"}, {"form_page", "/volunteering/shifts/" + s + "/roster"}});
  EXPECT_EQ(stranger.status, 422);
  EXPECT_NE(stranger.body.find("href=\"#person_id\">No member of the organisation signs in with this email address"),
            std::string::npos)
      << stranger.body.substr(0, 3000);
  EXPECT_NE(stranger.body.find("value=\"nobody@example.org\""), std::string::npos) << "what was typed is kept";
  auto assigned = olga.post("/volunteering/opportunities/" + o + "/roster/assign",
                            {{"shift_id", s}, {"email", "OLGA@example.org"}, {"form_page", "/volunteering/shifts/" + s + "/roster"}});
  ASSERT_EQ(assigned.status, 303) << assigned.body;
  auto mine_id = db_->acquire()->query_one("SELECT id FROM volunteer_assignments WHERE person_id = $1", {olga_})->text(0);
  auto bad_hours = olga.post("/volunteering/opportunities/" + o + "/roster/verify",
                             {{"shift_id", s}, {"form_page", "/volunteering/shifts/" + s + "/roster"},
                              {"outcome_" + mine_id, "completed"}, {"hours_" + mine_id, "lots"}});
  EXPECT_EQ(bad_hours.status, 422);
  EXPECT_NE(bad_hours.body.find("href=\"#hours_" + mine_id + "\""), std::string::npos);
  EXPECT_EQ(count("contributions"), 0);
  EXPECT_EQ(olga.post("/volunteering/opportunities/" + o + "/roster/verify",
                      {{"shift_id", s}, {"form_page", "/volunteering/shifts/" + s + "/roster"},
                       {"outcome_" + mine_id, "completed"}, {"hours_" + mine_id, "2.5"}})
                .status,
            303);
  EXPECT_EQ(count("contributions"), 1);
  auto cancelled = ann.post("/volunteering/assignments/" + a + "/cancel", {});
  EXPECT_EQ(cancelled.status, 303);
  EXPECT_EQ(db_->acquire()->query_one("SELECT status FROM volunteer_assignments WHERE id = $1", {a})->text(0), "cancelled");
}

INSTANTIATE_TEST_SUITE_P(Backends, VolunteeringApi, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

}  // namespace
