// Running a process in the platform, on both backends: the phases and their
// rules, the frozen ballot, online and code ballots within the ballot's
// limits, receipts, counting from the stored ballots, the councillor's
// sign-off; and many parallel attempts by one voter to vote twice leave one
// ballot.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "access/access.hpp"
#include "audit/module.hpp"
#include "commission/pb/rules.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/module.hpp"
#include "commission/process/voting.hpp"
#include "core/error.hpp"
#include "map/module.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::commission;
using namespace coproduce::commission::process;

namespace {

class Voting : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 8);
    module::testing::load({{"web", web::load},
                           {"audit", audit::load},
                           {"access", access::load},
                           {"notify", notify::load},
                           {"map", map::load},
                           {"commission", process::load}},
                          db.get());
    auto c = db->acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "council", "Council", "en");
      officer = member(*c, "officer", core::Role::officer);
      councillor = member(*c, "councillor", core::Role::councillor);
      for (int i = 0; i < 5; ++i) residents.push_back(member(*c, "resident" + std::to_string(i), core::Role::resident));
    });
  }

  core::Principal member(store::Connection& c, const std::string& name, core::Role role) {
    core::Principal p;
    p.account_id = access::create_account(c, name + "@example.org", name, "a long enough password");
    access::add_membership(c, org, p.account_id, role);
    p.organisation_id = org;
    p.role = role;
    p.display_name = name;
    return p;
  }

  template <class F>
  auto tx(F&& work) {
    auto c = db->acquire();
    return c->transaction([&] { return work(*c); });
  }

  // A process with three projects (costs 400, 300, 300 of a 700 budget),
  // choose 1 to 2 projects, counted with `rule`.
  std::string ready_process(const std::string& rule = "mes_cost") {
    return tx([&](store::Connection& c) {
      std::string id = create_process(c, officer, {{"name", "Park budget"}, {"name_cy", "Cyllideb y parc"},
                                                   {"budget", "700"}, {"ballot_min", "1"}, {"ballot_max", "2"},
                                                   {"rule", rule}});
      add_project(c, officer, id, {{"name", "Benches"}, {"cost", "400"}, {"district", "North"}});
      add_project(c, officer, id, {{"name", "Trees"}, {"cost", "300"}});
      add_project(c, officer, id, {{"name", "Lights"}, {"cost", "300.00"}});
      return id;
    });
  }
  void to_phase(const std::string& id, const std::string& phase, const std::string& reason = "") {
    tx([&](store::Connection& c) {
      change_phase(c, officer, id, phase, reason);
      return 0;
    });
  }
  Process process(const std::string& id) { return *find_process(*db->acquire(), org, id); }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql)->integer(0); }
  std::int64_t ballots() { return count("SELECT COUNT(*) FROM pb_ballots"); }

  std::unique_ptr<store::Database> db;
  std::string org;
  core::Principal officer, councillor;
  std::vector<core::Principal> residents;
};

int status_of(const std::function<void()>& work, std::string* field = nullptr, std::string* key = nullptr) {
  try {
    work();
  } catch (const core::Error& error) {
    if (field) *field = error.field();
    if (key) *key = error.what();
    return error.http_status();
  }
  return 0;
}

TEST_P(Voting, AWholeProcessIsCountedFromItsStoredBallotsAndPublishedWhenACouncillorSignsItOff) {
  std::string id = ready_process();
  EXPECT_EQ(process(id).phase, "informing");
  EXPECT_TRUE(process(id).definition_sha256.empty());
  to_phase(id, "proposing");
  to_phase(id, "ballot_published");
  std::string hash = process(id).definition_sha256;
  EXPECT_EQ(hash.size(), 64u);
  to_phase(id, "voting");

  // Three online ballots, one changed; two ballots by code.
  auto cast = [&](const core::Principal& who, std::vector<std::string> choices) {
    return tx([&](store::Connection& c) { return cast_online(c, who, id, choices); });
  };
  Cast first = cast(residents[0], {"1"});
  EXPECT_FALSE(first.replaced);
  cast(residents[1], {"1", "2"});
  cast(residents[2], {"2", "3"});
  Cast changed = cast(residents[0], {"2", "3"});
  EXPECT_TRUE(changed.replaced);
  EXPECT_NE(first.receipt, changed.receipt);
  auto codes = tx([&](store::Connection& c) { return issue_codes(c, officer, id, 2); });
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_NE(codes[0], codes[1]);
  EXPECT_EQ(codes[0].size(), 14u);  // 12 characters in groups of four
  Cast by_code = tx([&](store::Connection& c) { return cast_with_code(c, org, id, codes[0], {"3"}); });
  tx([&](store::Connection& c) { return cast_with_code(c, org, id, " " + codes[1] + " ", {"1", "3"}); });
  EXPECT_EQ(ballots(), 5);
  EXPECT_EQ(own_choices(*db->acquire(), residents[0], id), (std::vector<std::string>{"2", "3"}));
  // The ballot table holds no account id and no code.
  for (const auto& row : db->acquire()->query("SELECT voter_key FROM pb_ballots")) {
    for (const auto& r : residents) EXPECT_EQ(row.text(0).find(r.account_id), std::string::npos);
    EXPECT_EQ(row.text(0).find(normalised_code(codes[0])), std::string::npos);
  }

  auto receipt = [&](const std::string& code) { return check_receipt(*db->acquire(), org, id, code); };
  EXPECT_EQ(receipt(changed.receipt), ReceiptState::in_ballot_box);
  EXPECT_EQ(receipt(by_code.receipt), ReceiptState::in_ballot_box);
  EXPECT_EQ(receipt(first.receipt), ReceiptState::unknown);  // replaced by the changed ballot
  EXPECT_EQ(receipt("2222-2222-2222"), ReceiptState::unknown);

  to_phase(id, "reconciling");
  EXPECT_EQ(status_of([&] { cast(residents[3], {"1"}); }), 409);
  to_phase(id, "counting");
  EXPECT_EQ(receipt(changed.receipt), ReceiptState::counted);
  // Not public until signed off.
  EXPECT_FALSE(results_public(process(id).phase));
  std::string field;
  EXPECT_EQ(status_of([&] { to_phase(id, "results_published"); }, &field), 409);
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { sign_off(c, councillor, id); return 0; }); }), 0);
  Process done = process(id);
  EXPECT_EQ(done.phase, "results_published");
  EXPECT_EQ(done.signed_off_by, councillor.account_id);
  EXPECT_EQ(done.definition_sha256, hash);

  // What the platform published is what the engine selects on the stored ballots.
  auto c = db->acquire();
  auto result = load_result(*c, org, id);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->voters, 5);
  pb::Instance instance = load_instance(*c, org, id);
  auto outcome = pb::run_rule(instance, "mes_cost", {});
  std::vector<std::string> expected;
  for (int i : outcome.selected) expected.push_back(instance.projects[std::size_t(i)].id);
  EXPECT_EQ(result->selected, expected);
  // Votes: project 1 twice (resident 1, a code), 2 three times, 3 four times.
  std::map<std::string, std::int64_t> votes;
  for (const auto& p : result->projects) votes[p.code] = p.votes;
  EXPECT_EQ(votes, (std::map<std::string, std::int64_t>{{"1", 2}, {"2", 3}, {"3", 4}}));
  // Equal Shares: 140 each; Lights (300) costs its four supporters 75 each,
  // then Trees' three supporters have 65 + 140 + 65 = 270 left, short of 300.
  EXPECT_EQ(result->selected, (std::vector<std::string>{"3"}));
  // Every transition is in the audit trail.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'change_phase' AND entity_id = '" + id + "'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'sign_off'"), 1);
}

TEST_P(Voting, PhasesMoveOnlyAsTheRulesAllowAndARefusedMoveChangesNothing) {
  std::string id = ready_process();
  std::string field, key;
  auto refused = [&](const std::string& to, const std::string& reason = "") {
    field.clear();
    key.clear();
    return status_of([&] { to_phase(id, to, reason); }, &field, &key);
  };
  EXPECT_EQ(refused("voting"), 409);  // past the ballot before it is published
  EXPECT_EQ(key, "commission.error.phase_publish_first");
  EXPECT_EQ(refused("elsewhere"), 422);
  EXPECT_EQ(field, "phase");
  to_phase(id, "valuating");  // forward jumps are fine before the ballot
  EXPECT_EQ(refused("proposing"), 422);  // going back needs a reason
  EXPECT_EQ(field, "reason");
  to_phase(id, "proposing", "A late project from the youth forum");
  to_phase(id, "ballot_published");
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return add_project(c, officer, id, {{"name", "Late"}, {"cost", "1"}}); }); }, &field, &key),
            409);
  EXPECT_EQ(key, "commission.error.ballot_frozen");
  to_phase(id, "valuating", "A cost was wrong");  // back before voting unfreezes
  EXPECT_TRUE(process(id).definition_sha256.empty());
  to_phase(id, "ballot_published");
  EXPECT_EQ(refused("counting"), 409);
  EXPECT_EQ(key, "commission.error.phase_one_step");
  to_phase(id, "voting");
  EXPECT_EQ(refused("ballot_published", "Oops"), 409);
  EXPECT_EQ(key, "commission.error.phase_back_after_voting");
  EXPECT_EQ(process(id).phase, "voting");
  // During voting only the closing date moves, and only with a reason.
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { move_closing_date(c, officer, id, "2099-01-31", ""); return 0; }); }, &field), 422);
  EXPECT_EQ(field, "reason");
  tx([&](store::Connection& c) { move_closing_date(c, officer, id, "2099-01-31", "Snow closed the libraries"); return 0; });
  EXPECT_EQ(process(id).voting_closes_on, "2099-01-31");
  // A process without projects cannot publish a ballot.
  std::string empty = tx([&](store::Connection& c) { return create_process(c, officer, {{"name", "Empty"}, {"budget", "10"}}); });
  EXPECT_EQ(status_of([&] { to_phase(empty, "ballot_published"); }, &field, &key), 409);
  EXPECT_EQ(key, "commission.error.no_projects");
  EXPECT_EQ(process(empty).phase, "informing");
}

TEST_P(Voting, BadProcessesProjectsAndBallotsAreRefusedNamingTheFieldAndWriteNothing) {
  auto problems_of = [&](const http::Fields& fields) {
    std::set<std::string> named;
    try {
      tx([&](store::Connection& c) { return create_process(c, officer, fields); });
    } catch (const core::Error& error) {
      for (const auto& p : error.problems()) named.insert(p.field);
    }
    return named;
  };
  EXPECT_EQ(problems_of({}), (std::set<std::string>{"name", "budget"}));
  EXPECT_EQ(problems_of({{"name", "x"}, {"budget", "-5"}, {"ballot_min", "two"}, {"ballot_max", "0"},
                         {"rule", "mes_costs"}, {"tie_break", "coin"}, {"area_id", "nope"},
                         {"initiative_id", "nope"}, {"voting_closes_on", "2026-02-30"}}),
            (std::set<std::string>{"budget", "ballot_min", "ballot_max", "rule", "tie_break", "area_id",
                                   "initiative_id", "voting_closes_on"}));
  EXPECT_EQ(problems_of({{"name", std::string(201, 'x')}, {"budget", "10"}, {"ballot_min", "3"}, {"ballot_max", "2"},
                         {"cost_limit", "11"}}),
            (std::set<std::string>{"name", "ballot_max", "cost_limit"}));
  EXPECT_EQ(problems_of({{"name", std::string("bad\x01text")}, {"budget", "10"}}), (std::set<std::string>{"name"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_processes"), 0);

  std::string id = ready_process();
  std::string field, key;
  auto project_status = [&](const http::Fields& f) {
    return status_of([&] { tx([&](store::Connection& c) { return add_project(c, officer, id, f); }); }, &field, &key);
  };
  EXPECT_EQ(project_status({{"name", "Too dear"}, {"cost", "700.01"}}), 422);
  EXPECT_EQ(field, "cost");
  EXPECT_EQ(project_status({{"cost", "1"}}), 422);
  EXPECT_EQ(field, "name");
  core::Principal stranger = officer;
  stranger.organisation_id = tx([&](store::Connection& c) { return access::create_organisation(c, "other", "Other", "en"); });
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return add_project(c, stranger, id, {{"name", "x"}, {"cost", "1"}}); }); }), 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_projects"), 3);

  // Ballots: outside voting, then every limit.
  auto vote = [&](const core::Principal& who, const std::vector<std::string>& choices) {
    return status_of([&] { tx([&](store::Connection& c) { return cast_online(c, who, id, choices); }); }, &field, &key);
  };
  EXPECT_EQ(vote(residents[0], {"1"}), 409);
  EXPECT_EQ(key, "commission.error.not_voting");
  to_phase(id, "ballot_published");
  auto codes = tx([&](store::Connection& c) { return issue_codes(c, officer, id, 1); });
  to_phase(id, "voting");
  EXPECT_EQ(vote(residents[0], {}), 422);
  EXPECT_EQ(key, "commission.error.choices_none");
  EXPECT_EQ(vote(residents[0], {"1", "2", "3"}), 422);
  EXPECT_EQ(key, "commission.error.choices_too_many");
  EXPECT_EQ(vote(residents[0], {"9"}), 422);
  EXPECT_EQ(key, "commission.error.choice_unknown");
  EXPECT_EQ(vote(residents[0], {"1", "1"}), 422);
  EXPECT_EQ(key, "commission.error.choice_repeated");
  EXPECT_EQ(field, "choices");
  EXPECT_EQ(vote(stranger, {"1"}), 404);
  auto by_code = [&](const std::string& code, const std::vector<std::string>& choices) {
    return status_of([&] { tx([&](store::Connection& c) { return cast_with_code(c, org, id, code, choices); }); }, &field, &key);
  };
  EXPECT_EQ(by_code("", {"1"}), 422);
  EXPECT_EQ(field, "code");
  EXPECT_EQ(by_code("2222-2222-2222", {"1"}), 422);
  EXPECT_EQ(key, "commission.error.code_unknown");
  EXPECT_EQ(by_code(codes[0], {"1", "2", "3"}), 422);  // a refused ballot leaves the code unused
  EXPECT_EQ(ballots(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_voting_codes WHERE used_at IS NOT NULL"), 0);
  EXPECT_EQ(by_code(codes[0], {"1"}), 0);
  EXPECT_EQ(by_code(codes[0], {"2"}), 409);
  EXPECT_EQ(key, "commission.error.code_used");
  EXPECT_EQ(ballots(), 1);
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return issue_codes(c, officer, id, 0); }); }, &field), 422);
  EXPECT_EQ(field, "count");
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return issue_codes(c, officer, id, kMostCodesAtOnce + 1); }); }), 422);

  // A knapsack ballot: the chosen projects' total cost has a limit; a passed closing date shuts the box.
  std::string knapsack = tx([&](store::Connection& c) {
    std::string k = create_process(c, officer, {{"name", "Knapsack"}, {"budget", "700"}, {"cost_limit", "500"},
                                                {"voting_closes_on", "2020-01-01"}});
    add_project(c, officer, k, {{"name", "A"}, {"cost", "400"}});
    add_project(c, officer, k, {{"name", "B"}, {"cost", "200"}});
    change_phase(c, officer, k, "ballot_published", "");
    change_phase(c, officer, k, "voting", "");
    return k;
  });
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_online(c, residents[1], knapsack, {"1"}); }); }, &field, &key), 409);
  EXPECT_EQ(key, "commission.error.voting_closed");
  tx([&](store::Connection& c) { move_closing_date(c, officer, knapsack, "2099-12-31", "Extended"); return 0; });
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_online(c, residents[1], knapsack, {"1", "2"}); }); }, &field, &key), 422);
  EXPECT_EQ(key, "commission.error.choices_over_cost");
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_online(c, residents[1], knapsack, {"1"}); }); }), 0);
}

TEST_P(Voting, ManyParallelAttemptsByOneVoterOnlineAndWithOneCodeLeaveOneBallotEach) {
  std::string id = ready_process();
  to_phase(id, "ballot_published");
  auto codes = tx([&](store::Connection& c) { return issue_codes(c, officer, id, 1); });
  to_phase(id, "voting");
  constexpr int kAttempts = 24;
  std::atomic<int> online_ok{0}, code_ok{0}, code_used{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      std::vector<std::string> choices = {std::to_string(1 + i % 3)};
      try {
        if (i % 2 == 0) {
          tx([&](store::Connection& c) { return cast_online(c, residents[0], id, choices); });
          ++online_ok;
        } else {
          tx([&](store::Connection& c) { return cast_with_code(c, org, id, codes[0], choices); });
          ++code_ok;
        }
      } catch (const core::Error& error) {
        if (error.http_status() == 409 && std::string(error.what()) == "commission.error.code_used") ++code_used;
        else ++other;
      } catch (...) {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(online_ok.load(), kAttempts / 2);  // each online attempt replaces the one before
  EXPECT_EQ(code_ok.load(), 1);
  EXPECT_EQ(code_used.load(), kAttempts / 2 - 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_ballots WHERE channel = 'online'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_ballots WHERE channel = 'code'"), 1);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT position) FROM pb_ballots"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, Voting, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return std::string(store::testing::dialect_name(info.param)); });

}  // namespace
