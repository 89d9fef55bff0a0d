// Shortlisting on both backends: members support eligible proposals while
// the process is shortlisting (once each, also when many tries land at once)
// and may withdraw; the wrong phase, a proposal that was not screened
// eligible and another organisation's process are refused and write nothing;
// the officer's threshold is a whole number of 1 or more; leaving
// shortlisting closes the shortlist, and only the proposals at or above the
// threshold are valued and reach the ballot.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "access/access.hpp"
#include "audit/module.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/module.hpp"
#include "commission/process/proposals.hpp"
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

constexpr int kResidents = 8;

class Shortlisting : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = fresh_database(GetParam(), 16);
    auto conn = db->acquire();
    conn->transaction([&] {
      store::Connection& c = *conn;
      org = access::create_organisation(c, "council", "Council", "en");
      other_org = access::create_organisation(c, "elsewhere", "Elsewhere", "en");
      officer = member(c, org, "officer", core::Role::officer);
      professional = member(c, org, "professional", core::Role::professional);
      for (int i = 0; i < kResidents; ++i) residents.push_back(member(c, org, "resident" + std::to_string(i), core::Role::resident));
      stranger = member(c, other_org, "stranger", core::Role::resident);
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

  void to_phase(const std::string& id, const std::string& phase, const std::string& reason = "") {
    tx([&](store::Connection& c) {
      change_phase(c, officer, id, phase, reason);
      return 0;
    });
  }

  // A process in shortlisting with proposals "Swings", "Slide" and "Pond"
  // screened eligible and "Moon base" screened not eligible, each proposed by
  // a different resident.
  struct Made {
    std::string id, swings, slide, pond, moon;
  };
  Made shortlisting_process() {
    Made m;
    m.id = tx([&](store::Connection& c) { return create_process(c, officer, {{"name", "Play fund"}, {"budget", "1000"}}); });
    to_phase(m.id, "proposing");
    auto make = [&](int who, const std::string& title) {
      return tx([&](store::Connection& c) {
        return propose(c, residents[std::size_t(who)], m.id, {{"title", title}, {"description", "Because."}});
      });
    };
    m.swings = make(0, "Swings");
    m.slide = make(1, "Slide");
    m.pond = make(2, "Pond");
    m.moon = make(3, "Moon base");
    to_phase(m.id, "screening");
    tx([&](store::Connection& c) {
      for (const auto& pid : {m.swings, m.slide, m.pond}) screen(c, officer, m.id, pid, "eligible", "", "");
      screen(c, officer, m.id, m.moon, "ineligible", "Not council land", "");
      return 0;
    });
    to_phase(m.id, "shortlisting");
    return m;
  }

  bool support_as(const core::Principal& who, const std::string& id, const std::string& pid) {
    return tx([&](store::Connection& c) { return support(c, who, id, pid); });
  }
  bool withdraw_as(const core::Principal& who, const std::string& id, const std::string& pid) {
    return tx([&](store::Connection& c) { return withdraw_support(c, who, id, pid); });
  }
  std::int64_t supports(const std::string& id, const std::string& pid) {
    return shortlist_standing(*db->acquire(), officer, org, id)[pid].supports;
  }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql)->integer(0); }
  // What a refused request could have written, as one number each.
  std::vector<std::int64_t> written() {
    return {count("SELECT COUNT(*) FROM pb_supports"), count("SELECT COUNT(*) FROM pb_shortlisting"),
            count("SELECT COUNT(*) FROM pb_shortlist"), count("SELECT COUNT(*) FROM audit_events")};
  }

  std::unique_ptr<store::Database> db;
  std::string org, other_org;
  core::Principal officer, professional, stranger, other_officer;
  std::vector<core::Principal> residents;
};

// The status a piece of work ends with (0: done), and the field and message key it names.

TEST_P(Shortlisting, AMembersSupportCountsOnceAndCanBeWithdrawn) {
  Made m = shortlisting_process();
  EXPECT_TRUE(support_as(residents[4], m.id, m.swings));
  EXPECT_FALSE(support_as(residents[4], m.id, m.swings));  // again: still one
  EXPECT_EQ(supports(m.id, m.swings), 1);
  EXPECT_TRUE(support_as(residents[5], m.id, m.swings));
  EXPECT_TRUE(support_as(residents[0], m.id, m.swings));  // the proposer may support it too
  EXPECT_TRUE(support_as(residents[4], m.id, m.slide));
  EXPECT_EQ(supports(m.id, m.swings), 3);
  EXPECT_EQ(supports(m.id, m.slide), 1);
  EXPECT_EQ(supports(m.id, m.pond), 0);

  // Each reader sees their own support only.
  auto c = db->acquire();
  auto mine = shortlist_standing(*c, residents[4], org, m.id);
  EXPECT_TRUE(mine[m.swings].supported_by_reader);
  EXPECT_TRUE(mine[m.slide].supported_by_reader);
  EXPECT_FALSE(mine[m.pond].supported_by_reader);
  auto theirs = shortlist_standing(*c, residents[5], org, m.id);
  EXPECT_TRUE(theirs[m.swings].supported_by_reader);
  EXPECT_FALSE(theirs[m.slide].supported_by_reader);
  EXPECT_FALSE(shortlist_standing(*c, core::Principal{}, org, m.id)[m.swings].supported_by_reader);
  EXPECT_FALSE(mine[m.swings].shortlisted.has_value());  // not closed yet

  EXPECT_TRUE(withdraw_as(residents[4], m.id, m.swings));
  EXPECT_FALSE(withdraw_as(residents[4], m.id, m.swings));  // nothing left to withdraw
  EXPECT_EQ(supports(m.id, m.swings), 2);
  EXPECT_FALSE(shortlist_standing(*c, residents[4], org, m.id)[m.swings].supported_by_reader);
  EXPECT_TRUE(support_as(residents[4], m.id, m.swings));  // and back again
  EXPECT_EQ(supports(m.id, m.swings), 3);

  // Every change is audited (not the ones that changed nothing), and the
  // supports themselves keep no account id.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'support'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'withdraw_support'"), 1);
  for (const auto& r : residents)
    EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM pb_supports WHERE supporter_key LIKE $1", {"%" + r.account_id + "%"})->integer(0), 0);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT supporter_key) FROM pb_supports"), 3);
}

TEST_P(Shortlisting, SixteenSupportsAtOnceGiveEachPersonOneSupport) {
  Made m = shortlisting_process();
  constexpr int kThreads = 16;  // each resident twice, all at once
  std::atomic<int> added{0}, already{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      try {
        (support_as(residents[std::size_t(i % kResidents)], m.id, m.pond) ? added : already)++;
      } catch (...) {
        ++failed;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(added.load(), kResidents);
  EXPECT_EQ(already.load(), kThreads - kResidents);
  EXPECT_EQ(supports(m.id, m.pond), kResidents);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_supports"), kResidents);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'support'"), kResidents);
}

TEST_P(Shortlisting, SupportsOutsideShortlistingOfIneligibleProposalsOrOfAnotherOrganisationAreRefused) {
  Made m = shortlisting_process();
  EXPECT_TRUE(support_as(residents[4], m.id, m.slide));
  std::string elsewhere = tx([&](store::Connection& c) {
    return create_process(c, other_officer, {{"name", "Their fund"}, {"budget", "500"}});
  });
  std::string second = tx([&](store::Connection& c) { return create_process(c, officer, {{"name", "Second"}, {"budget", "500"}}); });
  std::string field, key;
  auto status = [&](const std::function<void(store::Connection&)>& work) {
    field.clear();
    key.clear();
    return status_of([&] { tx([&](store::Connection& c) { work(c); return 0; }); }, &field, &key);
  };
  auto before = written();
  // Not screened eligible: not eligible, merged, or not screened at all.
  EXPECT_EQ(status([&](auto& c) { support(c, residents[4], m.id, m.moon); }), 409);
  EXPECT_EQ(field, "proposal");
  EXPECT_EQ(key, "commission.error.not_supportable");
  EXPECT_EQ(status([&](auto& c) { withdraw_support(c, residents[4], m.id, m.moon); }), 409);
  EXPECT_EQ(field, "proposal");
  // Signed out.
  EXPECT_EQ(status([&](auto& c) { support(c, core::Principal::system_in(org), m.id, m.swings); }), 401);
  // Unknown proposal, another organisation's process or proposal.
  EXPECT_EQ(status([&](auto& c) { support(c, residents[4], m.id, "nothing-here"); }), 404);
  EXPECT_EQ(status([&](auto& c) { support(c, stranger, m.id, m.swings); }), 404);
  EXPECT_EQ(status([&](auto& c) { withdraw_support(c, stranger, m.id, m.slide); }), 404);
  EXPECT_EQ(status([&](auto& c) { support(c, residents[4], elsewhere, m.swings); }), 404);
  EXPECT_EQ(status([&](auto& c) { support(c, residents[4], second, m.swings); }), 404);  // a proposal of another process
  EXPECT_EQ(status([&](auto& c) { set_shortlist_threshold(c, other_officer, m.id, "2"); }), 404);
  EXPECT_EQ(written(), before);

  // The wrong phase: before shortlisting and after it.
  to_phase(m.id, "screening", "One more to screen");
  before = written();
  EXPECT_EQ(status([&](auto& c) { support(c, residents[4], m.id, m.swings); }), 409);
  EXPECT_EQ(field, "phase");
  EXPECT_EQ(key, "commission.error.not_shortlisting");
  EXPECT_EQ(status([&](auto& c) { withdraw_support(c, residents[4], m.id, m.slide); }), 409);
  EXPECT_EQ(written(), before);
  to_phase(m.id, "shortlisting");
  to_phase(m.id, "valuating");
  before = written();
  EXPECT_EQ(status([&](auto& c) { support(c, residents[5], m.id, m.swings); }), 409);
  EXPECT_EQ(field, "phase");
  EXPECT_EQ(status([&](auto& c) { withdraw_support(c, residents[4], m.id, m.slide); }), 409);
  EXPECT_EQ(status([&](auto& c) { set_shortlist_threshold(c, officer, m.id, "2"); }), 409);
  EXPECT_EQ(field, "threshold");
  EXPECT_EQ(key, "commission.error.shortlisting_over");
  EXPECT_EQ(written(), before);
  EXPECT_EQ(supports(m.id, m.slide), 1);
}

TEST_P(Shortlisting, TheThresholdIsAWholeNumberOfOneOrMore) {
  Made m = shortlisting_process();
  std::string field, key;
  auto set = [&](const std::string& text) {
    field.clear();
    return status_of([&] { tx([&](store::Connection& c) { set_shortlist_threshold(c, officer, m.id, text); return 0; }); },
                     &field, &key);
  };
  auto before = written();
  for (const char* bad : {"", "  ", "0", "-1", "2.5", "ten", "3 supporters", "1000001", "99999999999999999999"}) {
    EXPECT_EQ(set(bad), 422) << bad;
    EXPECT_EQ(field, "threshold") << bad;
    EXPECT_EQ(key, "commission.error.threshold") << bad;
  }
  EXPECT_EQ(written(), before);
  EXPECT_FALSE(shortlist_threshold(*db->acquire(), org, m.id).has_value());
  EXPECT_EQ(set(" 3 "), 0);
  EXPECT_EQ(shortlist_threshold(*db->acquire(), org, m.id), 3);
  EXPECT_EQ(set("2"), 0);
  EXPECT_EQ(shortlist_threshold(*db->acquire(), org, m.id), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_shortlisting"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'set_threshold'"), 2);
  // Before shortlisting too.
  std::string early = tx([&](store::Connection& c) { return create_process(c, officer, {{"name", "Early"}, {"budget", "100"}}); });
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { set_shortlist_threshold(c, officer, early, "5"); return 0; }); }), 0);
  EXPECT_EQ(shortlist_threshold(*db->acquire(), org, early), 5);
}

TEST_P(Shortlisting, ClosingTheShortlistKeepsThoseAtOrAboveTheThresholdAndOnlyTheyAreValuedAndOnTheBallot) {
  Made m = shortlisting_process();
  tx([&](store::Connection& c) { set_shortlist_threshold(c, officer, m.id, "2"); return 0; });
  for (int i : {4, 5, 6}) support_as(residents[std::size_t(i)], m.id, m.swings);  // 3: above
  for (int i : {4, 5}) support_as(residents[std::size_t(i)], m.id, m.slide);      // 2: at
  support_as(residents[4], m.id, m.pond);                                          // 1: below
  to_phase(m.id, "valuating");

  auto c = db->acquire();
  auto standing = shortlist_standing(*c, officer, org, m.id);
  EXPECT_EQ(standing[m.swings].shortlisted, true);
  EXPECT_EQ(standing[m.slide].shortlisted, true);
  EXPECT_EQ(standing[m.pond].shortlisted, false);
  EXPECT_FALSE(standing[m.moon].shortlisted.has_value());  // never eligible: not on the list at all
  EXPECT_TRUE(shortlist_closed(*c, org, m.id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'close_shortlist'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'shortlist' AND entity_id = '" + m.pond + "'"), 1);
  // The pond's proposer is told.
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM notifications WHERE kind = 'commission.notice.not_shortlisted' "
                         "AND account_id = $1",
                         {residents[2].account_id})->integer(0), 1);

  // Only the shortlisted are valued.
  std::string field, key;
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& t) { value(t, professional, m.id, m.pond, true, "100", ""); return 0; }); },
                      &field, &key),
            409);
  EXPECT_EQ(key, "commission.error.not_shortlisted");
  EXPECT_EQ(find_proposal(*c, org, m.id, m.pond)->status, "eligible");
  tx([&](store::Connection& t) {
    value(t, professional, m.id, m.swings, true, "300", "");
    value(t, professional, m.id, m.slide, true, "200", "");
    return 0;
  });
  to_phase(m.id, "ballot_published");
  std::set<std::string> names;
  for (const auto& p : list_projects(*c, org, m.id)) names.insert(p.name);
  EXPECT_EQ(names, (std::set<std::string>{"Swings", "Slide"}));
}

TEST_P(Shortlisting, WithoutAThresholdEveryEligibleProposalGoesThroughAndTheBallotFollowsTheLastClosing) {
  Made m = shortlisting_process();
  support_as(residents[4], m.id, m.swings);
  support_as(residents[5], m.id, m.swings);
  support_as(residents[4], m.id, m.slide);
  to_phase(m.id, "valuating");
  auto c = db->acquire();
  auto standing = shortlist_standing(*c, officer, org, m.id);
  for (const auto& pid : {m.swings, m.slide, m.pond}) EXPECT_EQ(standing[pid].shortlisted, true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind = 'commission.notice.not_shortlisted'"), 0);
  tx([&](store::Connection& t) {
    for (const auto& pid : {m.swings, m.slide, m.pond}) value(t, professional, m.id, pid, true, "100", "");
    return 0;
  });

  // Back to shortlisting, a threshold, and straight on to the ballot: the
  // shortlist closes again before the ballot takes the feasible proposals.
  to_phase(m.id, "shortlisting", "Too many proposals for one ballot");
  tx([&](store::Connection& t) { set_shortlist_threshold(t, officer, m.id, "2"); return 0; });
  to_phase(m.id, "ballot_published");
  std::set<std::string> names;
  for (const auto& p : list_projects(*c, org, m.id)) names.insert(p.name);
  EXPECT_EQ(names, (std::set<std::string>{"Swings"}));
  EXPECT_EQ(shortlist_standing(*c, officer, org, m.id)[m.slide].shortlisted, false);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pb_shortlist"), 3);  // written again, not added to
}

TEST_P(Shortlisting, AProcessThatSkipsShortlistingValuesEveryEligibleProposal) {
  std::string id = tx([&](store::Connection& c) { return create_process(c, officer, {{"name", "Quick"}, {"budget", "100"}}); });
  to_phase(id, "proposing");
  std::string pid = tx([&](store::Connection& c) { return propose(c, residents[0], id, {{"title", "Bins"}, {"description", "More bins."}}); });
  to_phase(id, "screening");
  tx([&](store::Connection& c) {
    screen(c, officer, id, pid, "eligible", "", "");
    set_shortlist_threshold(c, officer, id, "5");
    return 0;
  });
  to_phase(id, "valuating");
  EXPECT_FALSE(shortlist_closed(*db->acquire(), org, id));
  EXPECT_EQ(status_of([&] { tx([&](store::Connection& c) { value(c, professional, id, pid, true, "50", ""); return 0; }); }), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Shortlisting, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return std::string(store::testing::dialect_name(info.param)); });

}  // namespace
