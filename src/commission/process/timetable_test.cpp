// The timetable on both backends: an officer plans the day each phase starts
// (in order, real dates, the phases every process has always used); another
// organisation's process is not found; from voting on only the closing date
// moves (with a reason); every change is audited, and a refused one writes
// nothing; a phase marked not used cannot be entered, only moved past.
#include <gtest/gtest.h>

#include <functional>

#include "access/access.hpp"
#include "audit/module.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/module.hpp"
#include "commission/process/phase_dates.hpp"
#include "commission/process/test_support.hpp"
#include "core/error.hpp"
#include "map/module.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::commission;
using namespace coproduce::commission::process;
using namespace coproduce::commission::process::testing;

namespace {

class Timetable : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = fresh_database(GetParam(), 4);
    auto conn = db->acquire();
    conn->transaction([&] {
      store::Connection& c = *conn;
      org = access::create_organisation(c, "council", "Council", "en");
      other_org = access::create_organisation(c, "elsewhere", "Elsewhere", "en");
      officer = member(c, org, "officer", core::Role::officer);
      other_officer = member(c, other_org, "other-officer", core::Role::officer);
    });
  }

  core::Principal member(store::Connection& c, const std::string& in, const std::string& name, core::Role role) {
    return add_member(c, in, name, role);
  }

  template <class F>
  auto tx(F&& work) {
    auto c = db->acquire();
    return c->transaction([&] { return work(*c); });
  }

  // A process with one project, voting closing on 2099-05-31.
  std::string make_process() {
    return tx([&](store::Connection& c) {
      std::string id = create_process(c, officer, {{"name", "Play fund"}, {"budget", "1000"},
                                                   {"voting_closes_on", "2099-05-31"}});
      add_project(c, officer, id, {{"name", "Swings"}, {"cost", "200"}});
      return id;
    });
  }
  void to_phase(const std::string& id, const std::string& phase) {
    tx([&](store::Connection& c) {
      change_phase(c, officer, id, phase, "");
      return 0;
    });
  }
  void set(const core::Principal& who, const std::string& id, const http::Fields& fields) {
    tx([&](store::Connection& c) {
      set_timetable(c, who, id, timetable_input(fields));
      return 0;
    });
  }
  // A plan in order: shortlisting not used, voting from 1 May to 31 May.
  static http::Fields good_plan() {
    return {{"informing_starts_on", "2099-01-04"},   {"proposing_starts_on", "2099-02-01"},
            {"screening_starts_on", "2099-03-01"},   {"shortlisting_used", "false"},
            {"valuating_starts_on", "2099-03-15"},   {"ballot_published_starts_on", "2099-04-20"},
            {"voting_starts_on", "2099-05-01"},      {"counting_starts_on", "2099-06-02"},
            {"results_published_starts_on", "2099-06-10"}};
  }
  std::vector<PhasePlan> plan(const std::string& id) { return timetable(*db->acquire(), org, id); }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql)->integer(0); }
  std::vector<std::int64_t> written() {
    return {count("SELECT COUNT(*) FROM pb_phase_dates"), count("SELECT COUNT(*) FROM audit_events")};
  }

  std::unique_ptr<store::Database> db;
  std::string org, other_org;
  core::Principal officer, other_officer;
};


TEST_P(Timetable, AValidPlanIsStoredReadAndAudited) {
  std::string id = make_process();
  EXPECT_FALSE(timetable_planned(plan(id)));
  set(officer, id, good_plan());
  auto got = plan(id);
  ASSERT_EQ(got.size(), std::size(kPhases));
  EXPECT_TRUE(timetable_planned(got));
  EXPECT_EQ(got[0].phase, "informing");
  EXPECT_EQ(got[0].starts_on, "2099-01-04");
  EXPECT_EQ(got[3].phase, "shortlisting");
  EXPECT_FALSE(got[3].used);
  EXPECT_EQ(got[6].starts_on, "2099-05-01");
  EXPECT_TRUE(got[7].used);  // reconciling: used, not planned
  EXPECT_EQ(got[7].starts_on, "");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'set_timetable' AND entity_id = '" + id + "'"), 1);
  // The same plan again changes nothing and writes no second event.
  set(officer, id, good_plan());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'set_timetable'"), 1);
  // The JSON says which phase is current.
  auto p = *find_process(*db->acquire(), org, id);
  auto json = timetable_json(p, got);
  EXPECT_EQ(json.at("phases").as_array()[0].at("current").as_bool(), true);
  EXPECT_TRUE(json.at("phases").as_array()[3].at("starts_on").is_null());
  EXPECT_EQ(json.at("voting_closes_on").as_string(), "2099-05-31");
  // Before voting the plan changes freely: shortlisting used again, a date moved.
  auto again = good_plan();
  again.erase("shortlisting_used");
  again["shortlisting_starts_on"] = "2099-03-10";
  set(officer, id, again);
  EXPECT_TRUE(plan(id)[3].used);
  EXPECT_EQ(plan(id)[3].starts_on, "2099-03-10");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'set_timetable'"), 2);
}

TEST_P(Timetable, DatesOutOfOrderAreRefusedNamingThePhase) {
  std::string id = make_process();
  auto before = written();
  auto fields = good_plan();
  fields["proposing_starts_on"] = "2098-12-31";  // before informing
  std::string field, key;
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field, &key), 422);
  EXPECT_EQ(field, "proposing_starts_on");
  EXPECT_EQ(key, "commission.timetable.error.order");
  // A phase after voting on or before the last day of voting.
  fields = good_plan();
  fields["counting_starts_on"] = "2099-05-31";
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field, &key), 422);
  EXPECT_EQ(field, "counting_starts_on");
  EXPECT_EQ(key, "commission.timetable.error.after_closing");
  // Voting starting after its own last day.
  fields = good_plan();
  fields["voting_starts_on"] = "2099-06-01";
  fields["counting_starts_on"] = "2099-06-05";
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field, &key), 422);
  EXPECT_EQ(field, "voting_starts_on");
  EXPECT_EQ(key, "commission.timetable.error.closes_before_start");
  EXPECT_EQ(written(), before);
}

TEST_P(Timetable, ABadDateOrAPhaseEveryProcessHasMarkedNotUsedIsRefused) {
  std::string id = make_process();
  auto before = written();
  for (const std::string bad : {"2099-02-30", "tomorrow", "01/02/2099", "0000-01-01", "!"}) {
    auto fields = good_plan();
    fields["screening_starts_on"] = bad;
    std::string field, key;
    EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field, &key), 422) << bad;
    EXPECT_EQ(field, "screening_starts_on") << bad;
    EXPECT_EQ(key, "commission.error.date") << bad;
  }
  auto fields = good_plan();
  fields["voting_used"] = "false";
  std::string field;
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field), 422);
  EXPECT_EQ(field, "voting_used");
  fields = good_plan();
  fields["shortlisting_used"] = "maybe";
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field), 422);
  EXPECT_EQ(field, "shortlisting_used");
  EXPECT_EQ(written(), before);
}

TEST_P(Timetable, AnotherOrganisationsProcessIsNotFound) {
  std::string id = make_process();
  auto before = written();
  EXPECT_EQ(status_of([&] { set(other_officer, id, good_plan()); }), 404);
  EXPECT_EQ(written(), before);
  EXPECT_FALSE(timetable_planned(timetable(*db->acquire(), other_org, id)));
}

TEST_P(Timetable, FromVotingOnOnlyTheClosingDateMoves) {
  std::string id = make_process();
  set(officer, id, good_plan());
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  auto before = written();
  auto fields = good_plan();
  fields["counting_starts_on"] = "2099-06-03";
  std::string field, key;
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field, &key), 409);
  EXPECT_EQ(field, "counting_starts_on");
  EXPECT_EQ(key, "commission.timetable.error.frozen");
  fields = good_plan();
  fields.erase("shortlisting_used");
  EXPECT_EQ(status_of([&] { set(officer, id, fields); }, &field), 409);
  EXPECT_EQ(field, "shortlisting_starts_on");
  // The closing date without a reason: 422 naming it.
  EXPECT_EQ(status_of([&] { set(officer, id, {{"voting_closes_on", "2099-06-01"}}); }, &field), 422);
  EXPECT_EQ(field, "reason");
  EXPECT_EQ(written(), before);
  // With a reason it moves (the plan as it was may come along), audited as moving the closing date.
  fields = good_plan();
  fields["voting_closes_on"] = "2099-06-01";
  fields["reason"] = "The library was closed for a week";
  set(officer, id, fields);
  EXPECT_EQ(find_process(*db->acquire(), org, id)->voting_closes_on, "2099-06-01");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'move_closing_date'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'set_timetable'"), 1);
  EXPECT_EQ(plan(id)[8].starts_on, "2099-06-02");  // counting as planned
  // After voting, nothing moves.
  to_phase(id, "reconciling");
  EXPECT_EQ(status_of([&] { set(officer, id, {{"voting_closes_on", "2099-06-20"}, {"reason", "Late"}}); }), 409);
}

TEST_P(Timetable, APhaseNotUsedIsMovedPastNotEntered) {
  std::string id = make_process();
  set(officer, id, good_plan());  // shortlisting not used
  to_phase(id, "screening");
  std::string field, key;
  EXPECT_EQ(status_of([&] { to_phase(id, "shortlisting"); }, &field, &key), 409);
  EXPECT_EQ(field, "phase");
  EXPECT_EQ(key, "commission.timetable.error.not_used");
  EXPECT_EQ(find_process(*db->acquire(), org, id)->phase, "screening");
  to_phase(id, "valuating");
  EXPECT_EQ(find_process(*db->acquire(), org, id)->phase, "valuating");
}

INSTANTIATE_TEST_SUITE_P(Backends, Timetable, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return std::string(store::testing::dialect_name(info.param)); });

}  // namespace
