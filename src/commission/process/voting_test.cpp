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
#include "commission/process/channels.hpp"
#include "commission/process/delivery.hpp"
#include "commission/process/explain.hpp"
#include "commission/process/lifecycle.hpp"
#include "core/csv.hpp"
#include "commission/process/module.hpp"
#include "commission/process/open_data.hpp"
#include "commission/process/proposals.hpp"
#include "commission/process/test_support.hpp"
#include "commission/process/turnout.hpp"
#include "commission/pb/parser.hpp"
#include "commission/pb/constraints.hpp"
#include "commission/process/voting.hpp"
#include "core/error.hpp"
#include "map/module.hpp"
#include "map/repository.hpp"
#include "map/typology.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::commission;
using namespace coproduce::commission::process;
using namespace coproduce::commission::process::testing;

namespace {

class Voting : public ::testing::TestWithParam<store::Dialect> {
 protected:
  template <class F>
  auto tx(F&& work) {
    return in_transaction(*db, std::forward<F>(work));
  }

  void SetUp() override {
    db = fresh_database(GetParam(), 8);
    tx([&](store::Connection& c) {
      org = access::create_organisation(c, "council", "Council", "en");
      officer = member(c, "officer", core::Role::officer);
      councillor = member(c, "councillor", core::Role::councillor);
      for (int i = 0; i < 5; ++i) residents.push_back(member(c, "resident" + std::to_string(i), core::Role::resident));
      booth1 = member(c, "booth1", core::Role::professional);
      booth2 = member(c, "booth2", core::Role::professional);
      return 0;
    });
  }

  core::Principal member(store::Connection& c, const std::string& name, core::Role role) {
    return add_member(c, org, name, role);
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
  // A 1,000 budget over North (Swings 200, Pond 200, both Parks), South (Path
  // 300, Parks) and the city (Market 100, Roads; Bus stop 250, no category).
  std::string district_process() {
    return tx([&](store::Connection& c) {
      std::string id = create_process(c, officer, {{"name", "Districts"}, {"budget", "1000"}, {"ballot_min", "1"}});
      add_project(c, officer, id, {{"name", "Swings"}, {"cost", "200"}, {"district", "North"}, {"category", "Parks"}});
      add_project(c, officer, id, {{"name", "Pond"}, {"cost", "200"}, {"district", "North"}, {"category", "Parks"}});
      add_project(c, officer, id, {{"name", "Path"}, {"cost", "300"}, {"district", "South"}, {"category", "Parks"}});
      add_project(c, officer, id, {{"name", "Market"}, {"cost", "100"}, {"category", "Roads"}});
      add_project(c, officer, id, {{"name", "Bus stop"}, {"cost", "250"}});
      return id;
    });
  }
  Process process(const std::string& id) { return *find_process(*db->acquire(), org, id); }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql)->integer(0); }
  std::int64_t ballots() { return count("SELECT COUNT(*) FROM pb_ballots"); }

  std::unique_ptr<store::Database> db;
  std::string org;
  core::Principal officer, councillor, booth1, booth2;
  std::vector<core::Principal> residents;
};


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
  EXPECT_EQ(own_marks(*db->acquire(), residents[0], id).codes, (std::vector<std::string>{"2", "3"}));
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
  // The open data: a .pb file within the ballot's limits that counts to the same result.
  pb::Instance exported = pb::parse_pb(export_pb(*c, org, id), "export");
  EXPECT_TRUE(exported.warnings.empty());
  EXPECT_TRUE(pb::check_ballots(exported, pb::ballot_constraints(exported)).empty());
  EXPECT_FALSE(pb::ballot_constraints(exported).empty());  // min_length and max_length are written
  std::vector<std::string> recounted;
  for (int i : pb::run_rule(exported, "mes_cost", {}).selected) recounted.push_back(exported.projects[std::size_t(i)].id);
  EXPECT_EQ(recounted, result->selected);
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

// The letters file: identifier -> code.
std::map<std::string, std::string> letters(const std::string& csv) {
  std::map<std::string, std::string> out;
  auto records = core::read_csv(csv, 1000);
  for (std::size_t i = 1; i < records.size(); ++i) out[records[i].cells[0]] = records[i].cells[1];
  return out;
}

TEST_P(Voting, ACensusWithAMalformedRowIsRefusedNamingTheLineAndNothingIsWritten) {
  std::string id = ready_process();
  auto refused = [&](const std::string& csv) {
    try {
      tx([&](store::Connection& c) { return load_census(c, officer, id, csv); });
    } catch (const core::Error& error) {
      EXPECT_EQ(error.field(), "census");
      EXPECT_EQ(error.http_status(), 422);
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused(""), "the file is empty: give a header row and one row per person");
  EXPECT_EQ(refused("name,district\nA,North\n"), "line 1: unknown column 'name' (the columns are identifier, district and age_band)");
  EXPECT_EQ(refused("district\nNorth\n"), "line 1: there is no 'identifier' column");
  EXPECT_EQ(refused("identifier,age_band\nA1,25-34\nB2,thirty\n"),
            "line 3: unknown age band 'thirty' (under-16, 16-24, 25-34, 35-44, 45-54, 55-64, 65-74 or 75+)");
  EXPECT_EQ(refused("identifier\nA1\na-1\n"), "line 3: the identifier a-1 is given twice");
  EXPECT_EQ(refused("identifier,district\nA1,North\nB2\n"), "line 3: the row has 1 cells, the header 2");
  EXPECT_EQ(refused("identifier\nA1\n\"B2\n"), "line 3: a quoted cell is never closed");
  EXPECT_EQ(refused("identifier\n,\n"), "line 2: the row has 2 cells, the header 1");
  EXPECT_EQ(refused("identifier\n \n"), "line 2: the identifier is missing");
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_census"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_voting_codes"), 0);
  // Loaded, then replaced; not once the ballot is published.
  auto load = tx([&](store::Connection& c) { return load_census(c, officer, id, "identifier\nA1\nB2\n"); });
  EXPECT_EQ(load.people, 2);
  load = tx([&](store::Connection& c) { return load_census(c, officer, id, "\xEF\xBB\xBFidentifier,district,age_band\r\nA1,North,16-24\r\nB2,South,\r\nC3,,75+\r\n"); });
  EXPECT_EQ(load.people, 3);
  EXPECT_EQ(letters(load.letters_csv).size(), 3u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_census"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_voting_codes"), 3);
  // Only fingerprints are kept: 64 hex digits, never the identifier.
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_census WHERE LENGTH(identifier_sha256) = 64 AND identifier_sha256 NOT IN "
                  "('A1', 'B2', 'C3') AND district IN ('North', 'South', '')"),
            3);
  to_phase(id, "ballot_published");
  std::string field;
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return load_census(c, officer, id, "identifier\nZ9\n"); }); }, &field), 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_census"), 3);
}

TEST_P(Voting, WithACensusEachPersonVotesOnceWhicheverChannelTheyUse) {
  std::string id = ready_process();
  auto codes = letters(tx([&](store::Connection& c) { return load_census(c, officer, id, "identifier\nA1\nB2\nC3\n"); }).letters_csv);
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  std::string field, key;
  auto online = [&](const core::Principal& who, const std::string& code) {
    return status_of([&] { tx([&](store::Connection& c) { return cast_online(c, who, id, {"1"}, code); }); }, &field, &key);
  };
  auto by_code = [&](const std::string& code) {
    return status_of([&] { tx([&](store::Connection& c) { return cast_with_code(c, org, id, code, {"2"}); }); }, &field, &key);
  };
  auto booth = [&](const std::string& identifier) {
    return status_of([&] { tx([&](store::Connection& c) { check_in(c, booth1, id, identifier); return 0; }); }, &field, &key);
  };
  EXPECT_EQ(online(residents[0], ""), 422);  // a first online ballot needs the letter's code
  EXPECT_EQ(field, "code");
  EXPECT_EQ(online(residents[0], codes["A1"]), 0);
  EXPECT_EQ(online(residents[0], ""), 0);  // changing it does not
  EXPECT_EQ(by_code(codes["A1"]), 409);
  EXPECT_EQ(key, "commission.error.code_used");
  EXPECT_EQ(booth("a1"), 409);
  EXPECT_EQ(key, "commission.error.already_voted");
  EXPECT_EQ(by_code(codes["B2"]), 0);
  EXPECT_EQ(online(residents[1], codes["B2"]), 409);
  EXPECT_EQ(booth("B2"), 409);
  EXPECT_EQ(booth("Z9"), 422);
  EXPECT_EQ(field, "identifier");
  EXPECT_EQ(booth("C3"), 0);
  EXPECT_EQ(by_code(codes["C3"]), 409);
  EXPECT_EQ(online(residents[2], codes["C3"]), 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_voted"), 3);
  EXPECT_EQ(ballots(), 2);  // C3's ballot is a paper, entered later
}

TEST_P(Voting, PaperBallotsAreEnteredTwiceByTwoOfficersAndDifferingEntriesAreReconciled) {
  std::string id = ready_process();
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  std::string field, key;
  auto enter = [&](const core::Principal& who, const std::string& paper, std::vector<std::string> choices,
                   bool spoilt = false) {
    PaperState state{};
    int status = status_of([&] { state = tx([&](store::Connection& c) { return enter_paper(c, who, id, paper, choices, spoilt); }); }, &field, &key);
    return status == 0 ? int(state) : status;
  };
  EXPECT_EQ(enter(booth1, "P-001", {"1", "2"}), int(PaperState::awaiting_second));
  EXPECT_EQ(enter(booth1, "p001", {"1", "2"}), 409);  // the same officer cannot make the second entry
  EXPECT_EQ(key, "commission.error.paper_same_officer");
  EXPECT_EQ(enter(booth2, "P001", {"2", "1"}), int(PaperState::agreed));
  EXPECT_EQ(enter(booth2, "P001", {"2"}), 409);
  EXPECT_EQ(key, "commission.error.paper_settled");
  EXPECT_EQ(enter(booth1, "P002", {"1", "2", "3"}), 422);  // over the ballot's limit: refused, or entered as spoilt
  EXPECT_EQ(field, "choices");
  EXPECT_EQ(enter(booth1, "no/slash", {"1"}), 422);
  EXPECT_EQ(field, "paper");
  EXPECT_EQ(enter(booth1, "P002", {"3"}), int(PaperState::awaiting_second));
  EXPECT_EQ(enter(booth2, "P002", {"2"}), int(PaperState::mismatch));
  EXPECT_EQ(enter(booth1, "P003", {}, true), int(PaperState::awaiting_second));
  EXPECT_EQ(enter(booth2, "P003", {}, true), int(PaperState::agreed));
  EXPECT_EQ(enter(booth1, "P004", {"1"}), int(PaperState::awaiting_second));
  EXPECT_EQ(ballots(), 1);

  auto summary = paper_summary(*db->acquire(), org, id);
  EXPECT_EQ(summary.agreed, 2);
  EXPECT_EQ(summary.spoilt, 1);
  EXPECT_EQ(summary.awaiting_second, 1);
  ASSERT_EQ(summary.mismatches.size(), 1u);
  EXPECT_EQ(summary.mismatches[0].paper, "P002");
  EXPECT_EQ(summary.mismatches[0].first.choices, (std::vector<std::string>{"3"}));
  EXPECT_EQ(summary.mismatches[0].second.choices, (std::vector<std::string>{"2"}));

  to_phase(id, "reconciling");
  EXPECT_EQ(status_of([&] { to_phase(id, "counting"); }, &field, &key), 409);  // papers unsettled
  EXPECT_EQ(key, "commission.error.papers_unsettled");
  auto reconcile = [&](const core::Principal& who, const std::string& paper, std::vector<std::string> choices) {
    return status_of([&] { tx([&](store::Connection& c) { reconcile_paper(c, who, id, paper, choices, false); return 0; }); }, &field, &key);
  };
  EXPECT_EQ(reconcile(booth1, "P002", {"3"}), 409);  // made an entry
  EXPECT_EQ(reconcile(officer, "P004", {"1"}), 409);  // not a mismatch
  EXPECT_EQ(key, "commission.error.paper_not_mismatched");
  EXPECT_EQ(reconcile(officer, "P002", {"3"}), 0);
  EXPECT_EQ(enter(booth2, "P004", {"1"}), int(PaperState::agreed));  // entered while reconciling
  EXPECT_TRUE(paper_summary(*db->acquire(), org, id).settled());
  to_phase(id, "counting");
  auto result = load_result(*db->acquire(), org, id);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->voters, 3);
  std::map<std::string, std::int64_t> votes;
  for (const auto& p : result->projects) votes[p.code] = p.votes;
  EXPECT_EQ(votes, (std::map<std::string, std::int64_t>{{"1", 2}, {"2", 1}, {"3", 1}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'reconcile_paper'"), 1);
}

TEST_P(Voting, ManyParallelAttemptsByOnePersonOnlineByCodeAndOnPaperLeaveOneCountedBallot) {
  std::string id = ready_process();
  auto codes = letters(tx([&](store::Connection& c) { return load_census(c, officer, id, "identifier\nA1\nB2\n"); }).letters_csv);
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  constexpr int kAttempts = 15;  // five each: online (five accounts, one letter code), code alone, booth
  std::atomic<int> succeeded{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      try {
        tx([&](store::Connection& c) {
          if (i % 3 == 0) cast_online(c, residents[std::size_t(i / 3)], id, {"1"}, codes["A1"]);
          else if (i % 3 == 1) cast_with_code(c, org, id, codes["A1"], {"2"});
          else check_in(c, i % 2 ? booth1 : booth2, id, "A1");
          return 0;
        });
        ++succeeded;
      } catch (const core::Error& error) {
        if (error.http_status() == 409) ++refused;
        else ++other;
      } catch (...) {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(refused.load(), kAttempts - 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_voted"), 1);
  std::string channel = db->acquire()->query_one("SELECT channel FROM pb_voted")->text(0);
  if (channel == "paper") {  // their paper is entered twice, as at the count
    tx([&](store::Connection& c) { return enter_paper(c, booth1, id, "1", {"3"}, false); });
    tx([&](store::Connection& c) { return enter_paper(c, booth2, id, "1", {"3"}, false); });
  }
  EXPECT_EQ(ballots(), 1) << channel;
  to_phase(id, "reconciling");
  to_phase(id, "counting");
  EXPECT_EQ(load_result(*db->acquire(), org, id)->voters, 1);
}

TEST_P(Voting, TheProcessAndItsWinnersReachTheMapThroughTheLedgerAndMilestonesTellFollowers) {
  std::string id = ready_process();
  Process p = process(id);
  ASSERT_FALSE(p.initiative_id.empty());  // the process is an initiative on the map
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  for (int i = 0; i < 4; ++i)
    tx([&](store::Connection& c) { return cast_online(c, residents[std::size_t(i)], id, {i == 3 ? "1" : "3"}); });
  tx([&](store::Connection& c) { return enter_paper(c, booth1, id, "7", {"3"}, false); });
  tx([&](store::Connection& c) { return enter_paper(c, booth2, id, "7", {"3"}, false); });
  to_phase(id, "reconciling");
  to_phase(id, "counting");
  auto c = db->acquire();
  auto on_process = map::repo::list_contributions_of(*c, org, p.initiative_id);
  ASSERT_EQ(on_process.size(), 4u);  // officers' preparation, voters, two booth officers
  std::int64_t voters = 0, professionals = 0;
  for (const auto& e : on_process) {
    EXPECT_EQ(e.phase, map::Phase::commissioning);
    EXPECT_TRUE(e.confirmed());
    if (e.source_type == "commission.vote") voters = e.people;
    if (e.role == map::ContributorRole::professional) ++professionals;
  }
  EXPECT_EQ(voters, 5);
  EXPECT_EQ(professionals, 3);
  tx([&](store::Connection& tx) { sign_off(tx, councillor, id); return 0; });
  to_phase(id, "delivering");

  auto delivered = deliveries(*c, org, id);
  ASSERT_EQ(delivered.size(), 1u);  // Lights (code 3), five supporters
  EXPECT_EQ(delivered[0].code, "3");
  auto initiative = map::repo::find_initiative(*c, org, delivered[0].initiative_id);
  ASSERT_TRUE(initiative.has_value());
  EXPECT_EQ(initiative->name, "Lights");
  auto typology = [&] {
    return map::derive_typology(*initiative, map::tallies_of(map::repo::list_contributions_of(*c, org, initiative->id)));
  };
  EXPECT_EQ(typology().cell, map::Cell::unclassified);  // planned together; nobody has delivered yet

  // A follower is told when the lead reaches a milestone, which records the delivery work.
  tx([&](store::Connection& tx) { set_following(tx, residents[0], id, "3", true); return 0; });
  tx([&](store::Connection& tx) { add_milestone(tx, officer, id, "3", "Lamps installed", "2027-03-01"); return 0; });
  std::string key;
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& tx) { reach_milestone(tx, booth1, id, "3", 1); return 0; }); }, nullptr, &key), 403);
  tx([&](store::Connection& tx) { set_responsible(tx, officer, id, "3", booth1.account_id); return 0; });
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& tx) { set_responsible(tx, officer, id, "3", residents[1].account_id); return 0; }); }), 422);
  tx([&](store::Connection& tx) { reach_milestone(tx, booth1, id, "3", 1); return 0; });
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& tx) { reach_milestone(tx, booth1, id, "3", 1); return 0; }); }), 409);
  auto after = *delivery_of(*c, org, id, "3");
  EXPECT_EQ(after.status, "done");
  EXPECT_EQ(after.progress(), 100);
  EXPECT_EQ(typology().cell, map::Cell::professional_with_coplanning);  // Porto Alegre's cell
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE account_id = '" + residents[0].account_id +
                  "' AND kind = 'commission.notice.milestone'"),
            1);
}

TEST_P(Voting, TurnoutShowsNoGroupOfFewerThanTenVotersNorOneThatGivesSuchAGroupAway) {
  std::string id = ready_process();
  std::string csv = "identifier,district,age_band\n";
  for (int i = 0; i < 25; ++i)
    csv += "P" + std::to_string(i) + "," + (i < 15 ? "North" : "South") + "," + (i % 2 ? "25-34" : "65-74") + "\n";
  auto codes = letters(tx([&](store::Connection& c) { return load_census(c, officer, id, csv); }).letters_csv);
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  // 12 of North's 15 and 3 of South's 10 vote with their codes; one online vote without a census place is impossible.
  for (int i = 0; i < 18; ++i) {
    if (i >= 12 && i < 15) continue;
    tx([&](store::Connection& c) { return cast_with_code(c, org, id, codes["P" + std::to_string(i)], {"1"}); });
  }
  auto t = turnout(*db->acquire(), org, id);
  EXPECT_TRUE(t.census);
  EXPECT_EQ(t.eligible, 25);
  EXPECT_EQ(t.ballots, 15);
  ASSERT_FALSE(t.voted.hidden());
  EXPECT_EQ(t.voted.count, 15);
  ASSERT_EQ(t.by_district.size(), 2u);
  EXPECT_EQ(t.by_district[0].group, "North");
  EXPECT_EQ(t.by_district[0].eligible, 15);
  EXPECT_TRUE(t.by_district[1].voted.hidden());  // 3 voters
  EXPECT_TRUE(t.by_district[0].voted.hidden());  // 12, but 15 - 12 would give South's 3 away
  ASSERT_EQ(t.by_channel.size(), 1u);
  EXPECT_FALSE(t.by_channel[0].voted.hidden());
  EXPECT_EQ(t.by_channel[0].voted.count, 15);
  auto json = turnout_json(t);
  EXPECT_TRUE(json.at("by_district").as_array()[0].as_object().at("voted").is_null());
}

TEST_P(Voting, ResidentsProposalsAreScreenedValuedAnsweredAndTheFeasibleOnesGoOnTheBallot) {
  std::string id = tx([&](store::Connection& c) { return create_process(c, officer, {{"name", "Ideas fund"}, {"budget", "1000"}}); });
  std::string field, key;
  auto status = [&](const std::function<void(store::Connection&)>& work) {
    return status_of([&] { tx([&](store::Connection& c) { work(c); return 0; }); }, &field, &key);
  };
  EXPECT_EQ(status([&](auto& c) { propose(c, residents[0], id, {{"title", "Too early"}, {"description", "x"}}); }), 409);
  to_phase(id, "proposing");
  std::set<std::string> named;
  try {
    tx([&](store::Connection& c) { return propose(c, residents[0], id, {{"rough_cost", "lots"}}); });
  } catch (const core::Error& e) {
    for (const auto& p : e.problems()) named.insert(p.field);
  }
  EXPECT_EQ(named, (std::set<std::string>{"title", "description", "rough_cost"}));
  auto make = [&](const core::Principal& who, const std::string& title) {
    return tx([&](store::Connection& c) { return propose(c, who, id, {{"title", title}, {"description", "Because."}, {"rough_cost", "200"}}); });
  };
  std::string swings = make(residents[0], "Swings"), slide = make(residents[1], "Slide"), slide2 = make(residents[2], "A slide"),
              moon = make(residents[3], "A moon base");
  EXPECT_EQ(status([&](auto& c) { edit_proposal(c, residents[1], id, swings, {{"title", "Mine now"}, {"description", "x"}}); }), 403);
  EXPECT_EQ(status([&](auto& c) { edit_proposal(c, residents[0], id, swings, {{"title", "Swings for all"}, {"description", "Better."}}); }), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_proposals"), 4);

  to_phase(id, "screening");
  EXPECT_EQ(status([&](auto& c) { edit_proposal(c, residents[0], id, swings, {{"title", "Late"}, {"description", "x"}}); }), 409);
  EXPECT_EQ(status([&](auto& c) { screen(c, officer, id, moon, "ineligible", "", ""); }), 422);
  EXPECT_EQ(field, "reason");
  EXPECT_EQ(status([&](auto& c) { screen(c, officer, id, slide2, "merged", "The same idea", slide2); }), 422);
  EXPECT_EQ(field, "merged_into");
  EXPECT_EQ(status([&](auto& c) { screen(c, officer, id, moon, "ineligible", "Not council land", ""); }), 0);
  EXPECT_EQ(status([&](auto& c) { screen(c, officer, id, slide2, "merged", "The same idea as Slide", slide); }), 0);
  EXPECT_EQ(status([&](auto& c) { screen(c, officer, id, swings, "eligible", "", ""); }), 0);
  EXPECT_EQ(status([&](auto& c) { screen(c, officer, id, slide, "eligible", "", ""); }), 0);

  to_phase(id, "valuating");
  EXPECT_EQ(status([&](auto& c) { value(c, booth1, id, moon, true, "100", ""); }), 409);  // not eligible
  EXPECT_EQ(status([&](auto& c) { value(c, booth1, id, slide, false, "", ""); }), 422);
  EXPECT_EQ(field, "reason");
  EXPECT_EQ(status([&](auto& c) { value(c, booth1, id, slide, true, "1000.01", ""); }), 422);
  EXPECT_EQ(field, "cost");
  EXPECT_EQ(status([&](auto& c) { value(c, booth1, id, swings, true, "450", ""); }), 0);
  EXPECT_EQ(status([&](auto& c) { value(c, booth1, id, slide, false, "", "The ground is unstable"); }), 0);
  EXPECT_EQ(status([&](auto& c) { reply_to_valuation(c, residents[0], id, slide, "Not mine"); }), 403);
  EXPECT_EQ(status([&](auto& c) { reply_to_valuation(c, residents[1], id, slide, "It was fixed in 2024"); }), 0);
  // The proposers were told: the moon base and the merged slide at screening, both valued ones at valuation.
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind LIKE 'commission.notice.%'"), 4);

  to_phase(id, "ballot_published");
  auto projects = list_projects(*db->acquire(), org, id);
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].name, "Swings for all");
  EXPECT_EQ(projects[0].cost_minor, 45000);
  EXPECT_EQ(find_proposal(*db->acquire(), org, id, swings)->project_code, projects[0].code);
  // On the map: two proposers (planning, citizens) and one valuer (commissioning, professional) per valued proposal.
  auto entries = map::repo::list_contributions_of(*db->acquire(), org, process(id).initiative_id);
  int proposing = 0, valuing = 0;
  for (const auto& e : entries) {
    if (e.source_type == "commission.proposal" && e.phase == map::Phase::planning && map::is_citizen(e.role)) ++proposing;
    if (e.source_type == "commission.valuation" && e.role == map::ContributorRole::professional) ++valuing;
  }
  EXPECT_EQ(proposing, 2);
  EXPECT_EQ(valuing, 2);
}

TEST_P(Voting, ACouncillorsOverrideNeedsAReasonIsAuditedAndDecidesWhatIsDelivered) {
  std::string id = ready_process();
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  for (int i = 0; i < 3; ++i) tx([&](store::Connection& c) { return cast_online(c, residents[std::size_t(i)], id, {"3"}); });
  std::string field;
  auto override_status = [&](const std::string& code, bool chosen, const std::string& reason) {
    return status_of([&] { tx([&](store::Connection& c) { override_project(c, councillor, id, code, chosen, reason); return 0; }); }, &field);
  };
  EXPECT_EQ(override_status("3", false, "Flooded site"), 409);  // not counted yet
  to_phase(id, "reconciling");
  to_phase(id, "counting");
  EXPECT_EQ(override_status("3", false, "  "), 422);
  EXPECT_EQ(field, "reason");
  EXPECT_EQ(override_status("9", true, "Why not"), 422);
  EXPECT_EQ(field, "code");
  EXPECT_EQ(override_status("3", false, "The site floods every winter"), 0);
  EXPECT_EQ(override_status("2", true, "Funded instead, from the same ward budget"), 0);
  auto c = db->acquire();
  auto result = load_result(*c, org, id);
  EXPECT_EQ(result->selected, (std::vector<std::string>{"3"}));  // the engine's result is kept as counted
  EXPECT_EQ(winners(*c, org, id, result->selected), (std::vector<std::string>{"2"}));
  EXPECT_EQ(overrides(*c, org, id).size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'override'"), 2);
  tx([&](store::Connection& tx) { sign_off(tx, councillor, id); return 0; });
  EXPECT_EQ(override_status("3", true, "Changed our mind"), 409);  // signed off: final
  to_phase(id, "delivering");
  auto delivered = deliveries(*c, org, id);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].code, "2");
}

BallotLimitsInput limits(bool one_district, std::vector<std::pair<std::string, std::string>> budgets,
                         std::vector<std::pair<std::string, std::string>> most) {
  BallotLimitsInput input;
  input.one_district = one_district;
  int i = 0;
  for (auto& [name, typed] : budgets) input.district_budgets.push_back({name, typed, "budget-" + std::to_string(++i)});
  i = 0;
  for (auto& [name, typed] : most) input.category_limits.push_back({name, typed, "most-" + std::to_string(++i)});
  return input;
}

TEST_P(Voting, DistrictAndCategoryLimitsAreValidatedFrozenWithTheBallotAndHeldOnEveryBallot) {
  std::string id = district_process();
  auto set = [&](const BallotLimitsInput& input, const core::Principal* who = nullptr) {
    return tx([&](store::Connection& c) {
      set_ballot_limits(c, who ? *who : officer, id, input);
      return 0;
    });
  };
  auto refused = [&](const BallotLimitsInput& input, const std::string& field, const std::string& key) {
    std::string got_field, got_key;
    EXPECT_EQ(status_of([&] { set(input); }, &got_field, &got_key), 422) << key;
    EXPECT_EQ(got_field, field);
    EXPECT_EQ(got_key, key);
  };
  // Bad input names the row in error, and nothing is kept.
  refused(limits(true, {{"North", "600"}, {"South", "500"}}, {}), "budget-2", "commission.error.district_budgets_over");
  refused(limits(false, {{"North", "-5"}}, {}), "budget-1", "commission.error.amount");
  refused(limits(false, {{"North", "lots"}}, {}), "budget-1", "commission.error.amount");
  refused(limits(false, {{"North", "100"}, {" North ", "100"}}, {}), "budget-2", "commission.error.limit_name_repeated");
  refused(limits(false, {{"  ", "100"}}, {}), "budget-1", "commission.error.limit_name_missing");
  refused(limits(false, {}, {{"Parks", "0"}}), "most-1", "commission.error.category_most");
  refused(limits(false, {}, {{"Parks", "1.5"}}), "most-1", "commission.error.category_most");
  refused(limits(false, {}, {{"Parks", "501"}}), "most-1", "commission.error.category_most");
  refused(limits(false, {}, {{std::string("Pa\x01rks"), "2"}}), "most-1", "commission.error.text_invalid");
  EXPECT_FALSE(process(id).rules.one_district);
  EXPECT_TRUE(process(id).district_budgets.empty());
  EXPECT_TRUE(process(id).rules.category_most.empty());
  // Another organisation's process is not found.
  core::Principal stranger = officer;
  stranger.organisation_id = "another-org";
  EXPECT_EQ(status_of([&] { set(limits(true, {}, {}), &stranger); }), 404);

  // Empty boxes mean no budget and no limit.
  set(limits(true, {{"North", "400"}, {"South", "300"}, {"Nowhere", ""}}, {{"Parks", "2"}, {"Roads", ""}}));
  Process p = process(id);
  EXPECT_TRUE(p.rules.one_district);
  EXPECT_EQ(p.district_budgets, (std::map<std::string, std::int64_t>{{"North", 40000}, {"South", 30000}}));
  EXPECT_EQ(p.rules.category_most, (std::map<std::string, std::int64_t>{{"Parks", 2}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'set_ballot_limits'"), 1);

  // Frozen with the ballot: the published definition changes with them, and
  // once published they no longer change.
  to_phase(id, "ballot_published");
  std::string with_limits = process(id).definition_sha256;
  std::string field, key;
  EXPECT_EQ(status_of([&] { set(limits(false, {}, {})); }, &field, &key), 409);
  EXPECT_EQ(key, "commission.error.ballot_frozen");
  to_phase(id, "proposing", "Parks limit was wrong");
  set(limits(true, {{"North", "400"}, {"South", "300"}}, {{"Parks", "1"}}));
  to_phase(id, "ballot_published");
  EXPECT_NE(process(id).definition_sha256, with_limits);
  to_phase(id, "voting");

  // Every ballot is held to them, whichever channel; a refused one writes nothing.
  auto online = [&](int who, std::vector<std::string> choices) {
    std::string k;
    int status = status_of([&] { tx([&](store::Connection& c) { return cast_online(c, residents[std::size_t(who)], id, choices); }); },
                           nullptr, &k);
    return status == 0 ? std::string("ok") : k;
  };
  EXPECT_EQ(online(0, {"1", "3"}), "commission.error.choices_districts");  // North and South
  EXPECT_EQ(online(0, {"1", "2"}), "commission.error.choices_category");   // two Parks projects
  auto code = tx([&](store::Connection& c) { return issue_codes(c, officer, id, 1); }).front();
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_with_code(c, org, id, code, {"3", "1"}); }); },
                      nullptr, &key),
            422);
  EXPECT_EQ(key, "commission.error.choices_districts");
  EXPECT_EQ(ballots(), 0);
  EXPECT_EQ(online(0, {"1", "4", "5"}), "ok");  // one North project and two city-wide ones
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_with_code(c, org, id, code, {"3", "5"}); }); }), 0);
  EXPECT_EQ(ballots(), 2);
}

TEST_P(Voting, DistrictBudgetsAreCountedApartAndEachDistrictsFileCountsToTheSameResult) {
  std::string id = district_process();
  tx([&](store::Connection& c) {
    set_ballot_limits(c, officer, id, limits(true, {{"North", "400"}, {"South", "300"}}, {{"Parks", "2"}}));
    return 0;
  });
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  // North: Swings 3 votes, Pond 2; South: Path 1 vote; city: Market 4, Bus stop 3.
  std::vector<std::vector<std::string>> papers = {{"1", "2", "4"}, {"1", "4", "5"}, {"1", "2", "5"}, {"3", "4", "5"}, {"4"}};
  for (std::size_t i = 0; i < papers.size(); ++i)
    tx([&](store::Connection& c) { return cast_online(c, residents[i], id, papers[i]); });
  to_phase(id, "reconciling");
  to_phase(id, "counting");
  auto c = db->acquire();
  auto result = load_result(*c, org, id);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->voters, 5);
  // North (400, 3 voters): Swings costs each supporter 66.67, leaving Pond's
  // two 133.33, short of 200. South (300): Path wins with its one vote, as
  // South's budget is South's alone; counted as one pot of 1,000 it would not
  // (the check below). City-wide (300, 5 voters at 60): Market at 25 each,
  // then Bus stop's three have 130 of 250.
  std::set<std::string> won(result->selected.begin(), result->selected.end());
  EXPECT_EQ(won, (std::set<std::string>{"1", "3", "4"}));
  pb::Instance whole = load_instance(*c, org, id);
  std::set<std::string> one_pot;
  for (int i : pb::run_rule(whole, "mes_cost", {}).selected) one_pot.insert(whole.projects[std::size_t(i)].id);
  EXPECT_EQ(one_pot.count("3"), 0u);
  for (const auto& project : result->projects) {
    ASSERT_TRUE(project.explanation.contains("pot")) << project.code;
    EXPECT_EQ(project.explanation.at("pot").at("district").as_string(),
              project.code == "1" || project.code == "2" ? "North" : project.code == "3" ? "South" : "");
  }
  // Open data: one file per pot; each counts to that pot's winners.
  std::string field;
  EXPECT_EQ(status_of([&] { export_pb(*c, org, id); }, &field), 422);
  EXPECT_EQ(field, "district");
  EXPECT_EQ(status_of([&] { export_pb(*c, org, id, "East"); }), 404);
  std::set<std::string> recounted;
  std::int64_t voters_in_files = 0;
  for (std::string district : {"North", "South", "city-wide"}) {
    pb::Instance file = pb::parse_pb(export_pb(*c, org, id, district), district + ".pb");
    EXPECT_TRUE(file.warnings.empty()) << district;
    // The ballot's limits are written (at least one project, Parks at most 2) and every ballot keeps them.
    auto constraints = pb::ballot_constraints(file);
    EXPECT_TRUE(constraints.problems.empty()) << district;
    EXPECT_EQ(constraints.per_category.size(), 1u) << district;  // Parks in the districts, Roads city-wide
    EXPECT_TRUE(pb::check_ballots(file, constraints).empty()) << district;
    for (int i : pb::run_rule(file, "mes_cost", {}).selected) recounted.insert(file.projects[std::size_t(i)].id);
    voters_in_files += std::int64_t(file.ballots.size());
    if (district == "South") {
      EXPECT_EQ(file.budget, 300);
      EXPECT_EQ(file.ballots.size(), 1u);  // only the voter who chose Path
    }
  }
  EXPECT_EQ(recounted, won);
  EXPECT_EQ(voters_in_files, 3 + 1 + 5);
}

TEST_P(Voting, PointsAndRankingBallotsAreCheckedStoredAndCountedAsTheirOpenDataCounts) {
  // What the create form refuses, naming the field.
  auto refused = [&](http::Fields fields, const std::string& field, const std::string& key) {
    fields.emplace("name", "Kinds");
    fields.emplace("budget", "700");
    std::string got_field, got_key;
    EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return create_process(c, officer, fields); }); }, &got_field,
                        &got_key),
              422)
        << key;
    EXPECT_EQ(got_field, field);
    EXPECT_EQ(got_key, key);
  };
  refused({{"ballot_kind", "scoring"}}, "ballot_kind", "commission.error.ballot_kind");
  refused({{"ballot_kind", "cumulative"}}, "points_total", "commission.error.points_total");
  refused({{"ballot_kind", "cumulative"}, {"points_total", "1001"}}, "points_total", "commission.error.points_total");
  refused({{"ballot_kind", "cumulative"}, {"points_total", "5"}, {"points_most", "6"}}, "points_most",
          "commission.error.points_most");
  refused({{"points_total", "5"}}, "points_total", "commission.error.points_cumulative_only");
  refused({{"ballot_kind", "ordinal"}, {"cost_limit", "100"}}, "cost_limit", "commission.error.cost_limit_approval_only");
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_processes"), 0);

  auto make = [&](http::Fields fields) {
    return tx([&](store::Connection& c) {
      fields.emplace("name", "Kinds");
      fields.emplace("budget", "700");
      std::string id = create_process(c, officer, fields);
      add_project(c, officer, id, {{"name", "Benches"}, {"cost", "400"}});
      add_project(c, officer, id, {{"name", "Trees"}, {"cost", "300"}});
      add_project(c, officer, id, {{"name", "Lights"}, {"cost", "300"}});
      change_phase(c, officer, id, "ballot_published", "");
      change_phase(c, officer, id, "voting", "");
      return id;
    });
  };
  auto vote = [&](const std::string& id, int who, Marks marks) {
    std::string key;
    int status = status_of(
        [&] { tx([&](store::Connection& c) { return cast_online(c, residents[std::size_t(who)], id, marks); }); }, nullptr,
        &key);
    return status == 0 ? std::string("ok") : key;
  };
  // The counted result equals what the engine selects on the exported file,
  // which keeps the ballot's kind and limits and whose every ballot keeps them.
  auto counted_as_its_file = [&](const std::string& id, pb::VoteType kind) {
    tx([&](store::Connection& c) {
      change_phase(c, officer, id, "reconciling", "");
      change_phase(c, officer, id, "counting", "");
      return 0;
    });
    auto c = db->acquire();
    auto result = load_result(*c, org, id);
    pb::Instance file = pb::parse_pb(export_pb(*c, org, id), "kinds.pb");
    EXPECT_EQ(file.vote_type, kind);
    auto constraints = pb::ballot_constraints(file);
    EXPECT_TRUE(constraints.problems.empty());
    EXPECT_TRUE(pb::check_ballots(file, constraints).empty());
    std::vector<std::string> recounted;
    for (int i : pb::run_rule(file, "mes_cost", {}).selected) recounted.push_back(file.projects[std::size_t(i)].id);
    EXPECT_EQ(recounted, result->selected);
    return constraints;
  };

  // Points: 10 to share, at most 6 for one project.
  std::string points = make({{"ballot_kind", "cumulative"}, {"points_total", "10"}, {"points_most", "6"}});
  EXPECT_EQ(process(points).ballot_kind, "cumulative");
  EXPECT_EQ(vote(points, 0, Marks{{"1"}, {7}}), "commission.error.points_over_most");
  EXPECT_EQ(vote(points, 0, Marks{{"1", "2"}, {6, 5}}), "commission.error.points_over_total");
  EXPECT_EQ(vote(points, 0, Marks{{"1", "2"}}), "commission.error.points_missing");
  EXPECT_EQ(vote(points, 0, Marks{{"1", "2"}, {6, 0}}), "commission.error.points_positive");
  std::string field, key;
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return enter_paper(c, booth1, points, "P1", {"1"}, false); }); },
                      &field, &key),
            422);
  EXPECT_EQ(key, "commission.error.ticks_approval_only");
  EXPECT_EQ(ballots(), 0);
  // Kept in the ballot paper's order, the points with their projects.
  EXPECT_EQ(vote(points, 0, Marks{{"2", "1"}, {4, 6}}), "ok");
  Marks mine = own_marks(*db->acquire(), residents[0], points);
  EXPECT_EQ(mine.codes, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(mine.points, (std::vector<std::int64_t>{6, 4}));
  EXPECT_EQ(vote(points, 1, Marks{{"3"}, {6}}), "ok");
  EXPECT_EQ(vote(points, 2, Marks{{"3", "2"}, {5, 5}}), "ok");
  auto point_limits = counted_as_its_file(points, pb::VoteType::cumulative);
  EXPECT_EQ(point_limits.max_sum_points, mpq_class(10));
  EXPECT_EQ(point_limits.max_points, mpq_class(6));

  // Ranking: 1 to 2 projects, best first, kept in the voter's order.
  std::string ranks = make({{"ballot_kind", "ordinal"}, {"ballot_max", "2"}});
  EXPECT_EQ(vote(ranks, 0, Marks{{"1", "2", "3"}}), "commission.error.choices_too_many");
  EXPECT_EQ(vote(ranks, 0, Marks{{"3"}, {2}}), "commission.error.points_not_asked");
  EXPECT_EQ(vote(ranks, 0, Marks{{"3", "1"}}), "ok");
  EXPECT_EQ(own_marks(*db->acquire(), residents[0], ranks).codes, (std::vector<std::string>{"3", "1"}));
  EXPECT_EQ(vote(ranks, 1, Marks{{"2", "3"}}), "ok");
  EXPECT_EQ(vote(ranks, 2, Marks{{"3"}}), "ok");
  EXPECT_EQ(counted_as_its_file(ranks, pb::VoteType::ordinal).max_length, mpq_class(2));
}

TEST(Eligibility, PostcodesAreReadAsTheRoyalMailWritesThemAndMatchedByPostcodeSectorOutwardCodeOrArea) {
  EXPECT_EQ(normalised_postcode("cf10 1ep"), "CF101EP");
  EXPECT_EQ(normalised_postcode(" SW1A 1AA "), "SW1A1AA");
  EXPECT_EQ(normalised_postcode("B1 1AA"), "B11AA");
  for (const char* wrong : {"CF10", "12345", "CF10 1E", "CF10 EEP", "1F10 1EP", "CF10 1EP X", ""})
    EXPECT_FALSE(normalised_postcode(wrong).has_value()) << wrong;
  EXPECT_EQ(normalised_postcode_entry("CF10 1"), "CF101");
  EXPECT_EQ(normalised_postcode_entry("cf10"), "CF10");
  EXPECT_EQ(normalised_postcode_entry("CF"), "CF");
  EXPECT_EQ(normalised_postcode_entry("b"), "B");
  for (const char* wrong : {"1CF", "CFX", "CF10 1E", "CARDIFF", ""})
    EXPECT_FALSE(normalised_postcode_entry(wrong).has_value()) << wrong;
  EXPECT_TRUE(postcode_listed("CF101EP", {"CF"}));
  EXPECT_TRUE(postcode_listed("CF101EP", {"CF10"}));
  EXPECT_TRUE(postcode_listed("CF101EP", {"CF101"}));
  EXPECT_TRUE(postcode_listed("CF101EP", {"CF101EP"}));
  EXPECT_FALSE(postcode_listed("CF101EP", {"CF11", "CF102", "CF101EQ"}));
  EXPECT_FALSE(postcode_listed("BS11AA", {"B"}));  // Bristol is not Birmingham
  EXPECT_TRUE(postcode_listed("B11AA", {"B"}));
}

TEST_P(Voting, EligibilityByAgeAndPostcodeIsDeclaredWithEachBallotCheckedAndNotKept) {
  std::string id = ready_process();
  auto set = [&](const std::string& age, const std::string& postcodes, const core::Principal* who = nullptr) {
    return tx([&](store::Connection& c) {
      set_eligibility(c, who ? *who : officer, id, age, postcodes);
      return 0;
    });
  };
  std::string field, key;
  for (const char* age : {"0", "121", "sixteen", "16.5"}) {
    EXPECT_EQ(status_of([&] { set(age, ""); }, &field, &key), 422) << age;
    EXPECT_EQ(field, "minimum_age");
  }
  EXPECT_EQ(status_of([&] { set("16", "CF10\nnot a postcode"); }, &field, &key), 422);
  EXPECT_EQ(field, "postcodes");
  EXPECT_EQ(key, "commission.error.postcode_entry");
  core::Principal stranger = officer;
  stranger.organisation_id = "another-org";
  EXPECT_EQ(status_of([&] { set("16", "", &stranger); }), 404);
  EXPECT_FALSE(process(id).rules.minimum_age.has_value());
  EXPECT_TRUE(process(id).rules.postcodes.empty());

  set("16", "cf10\r\nCF11 2, CF10");  // repeats and spacing do not matter
  EXPECT_EQ(process(id).rules.minimum_age, 16);
  EXPECT_EQ(process(id).rules.postcodes, (std::vector<std::string>{"CF10", "CF112"}));
  to_phase(id, "ballot_published");
  EXPECT_EQ(status_of([&] { set("18", ""); }, &field, &key), 409);
  EXPECT_EQ(key, "commission.error.ballot_frozen");
  to_phase(id, "voting");

  auto vote = [&](int who, const Declared& declared) {
    std::vector<core::FieldProblem> problems;
    try {
      tx([&](store::Connection& c) { return cast_online(c, residents[std::size_t(who)], id, Marks{{"1"}}, "", declared); });
    } catch (const core::ValidationFailed& failed) {
      problems = failed.problems();
    }
    std::string out;
    for (const auto& p : problems) out += p.field + ":" + p.message_key + " ";
    return out;
  };
  EXPECT_EQ(vote(0, {}), "old_enough:commission.error.old_enough postcode:commission.error.postcode_missing ");
  EXPECT_EQ(vote(0, {true, "CF10"}), "postcode:commission.error.postcode_shape ");
  EXPECT_EQ(vote(0, {true, "CF12 1AB"}), "postcode:commission.error.postcode_outside ");
  EXPECT_EQ(vote(0, {true, "CF11 3AB"}), "postcode:commission.error.postcode_outside ");  // CF11 2 only
  EXPECT_EQ(ballots(), 0);
  EXPECT_EQ(vote(0, {true, "cf10 1ep"}), "");
  EXPECT_EQ(vote(1, {true, "CF11 2XY"}), "");
  auto code = tx([&](store::Connection& c) { return issue_codes(c, officer, id, 1); }).front();
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_with_code(c, org, id, code, Marks{{"2"}}, {false, "CF10 1EP"}); }); },
                      &field),
            422);
  EXPECT_EQ(field, "old_enough");
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return cast_with_code(c, org, id, code, Marks{{"2"}}, {true, "CF10 1EP"}); }); }),
            0);
  EXPECT_EQ(ballots(), 3);
  // Neither the declaration nor the postcode is kept, in the ballots or the audit trail.
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_ballots WHERE choices LIKE '%CF%' OR voter_key LIKE '%CF1%' OR points LIKE '%CF%'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%CF101EP%' OR after_json LIKE '%CF10 1EP%' "
                  "OR after_json LIKE '%CF112XY%'"),
            0);
}

TEST_P(Voting, ProjectsHaveWelshNamesShownToWelshReadersAndFrozenWithTheBallot) {
  std::string id = tx([&](store::Connection& c) {
    std::string id = create_process(c, officer, {{"name", "Park budget"}, {"budget", "700"}});
    add_project(c, officer, id, {{"name", "Benches"}, {"name_cy", "Meinciau"}, {"cost", "400"}});
    add_project(c, officer, id, {{"name", "Trees"}, {"cost", "300"}});
    return id;
  });
  std::string field, key;
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { return add_project(c, officer, id, {{"name", "Lights"}, {"name_cy", std::string(201, 'g')}, {"cost", "1"}}); }); },
                      &field, &key),
            422);
  EXPECT_EQ(field, "name_cy");
  auto projects = list_projects(*db->acquire(), org, id);
  ASSERT_EQ(projects.size(), 2u);
  EXPECT_EQ(projects[0].name_in("cy"), "Meinciau");
  EXPECT_EQ(projects[0].name_in("en"), "Benches");
  EXPECT_EQ(projects[1].name_in("cy"), "Trees");  // no Welsh name: the English one
  to_phase(id, "ballot_published");
  to_phase(id, "voting");
  tx([&](store::Connection& c) { return cast_online(c, residents[0], id, {"1"}); });
  to_phase(id, "reconciling");
  to_phase(id, "counting");
  auto result = load_result(*db->acquire(), org, id);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(project_name("cy", result->projects[0]), "Meinciau");
  EXPECT_EQ(project_name("en", result->projects[0]), "Benches");
  EXPECT_EQ(project_name("cy", result->projects[1]), "Trees");
}

INSTANTIATE_TEST_SUITE_P(Backends, Voting, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return std::string(store::testing::dialect_name(info.param)); });

}  // namespace
