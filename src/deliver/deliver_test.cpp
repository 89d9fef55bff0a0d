// Tests for the time bank, on SQLite and PostgreSQL: exchanges proposed,
// confirmed, disputed and reversed, with their movements and ledger entries;
// limits; automatic confirmation; any sequence of decisions keeping the books
// balanced (a property over random sequences); many confirmations racing
// against one limit; and the API and pages through the request pipeline, bad
// input refused naming the field with nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <rapidcheck.h>

#include <boost/json.hpp>
#include <atomic>
#include <map>
#include <sstream>
#include <thread>

#include "access/access.hpp"
#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "audit/module.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "deliver/module.hpp"
#include "deliver/pages.hpp"
#include "deliver/test_support.hpp"
#include "deliver/timebank.hpp"
#include "map/commands.hpp"
#include "map/ledger.hpp"
#include "map/module.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "notify/notices.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::deliver;
using namespace coproduce::deliver::testing;
using core::Role;

namespace {



class TimeBank : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 8);
    registry = &module::testing::load(all_modules(), db.get());
    new_organisation();
  }

  void new_organisation(int people = 3) {
    auto c = db->acquire();
    people_.clear();
    c->transaction([&] {
      org = access::create_organisation(*c, "org-" + core::new_id().substr(0, 8), "Council", "en");
      officer = add_person(*c, org, "Olga", Role::officer);
      const char* names[] = {"Ann", "Bob", "Cat", "Dai", "Eve", "Fay", "Gwen", "Huw", "Ifan", "Jo"};
      for (int i = 0; i < people; ++i)
        people_.push_back(add_person(*c, org, names[i % 10] + std::to_string(i), i == 2 ? Role::community_member
                                                                                          : Role::resident));
    });
    initiative = map::create_initiative(*db, as(officer, Role::officer), {{"name", "Time bank"}});
  }

  core::Principal as(const std::string& account, Role role = Role::resident) const {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = account;
    p.role = role;
    return p;
  }
  core::Principal person(int i) const { return as(people_.at(std::size_t(i)), i == 2 ? Role::community_member : Role::resident); }

  template <class F>
  auto in_tx(F&& f) {
    auto c = db->acquire();
    return c->transaction([&] { return f(*c); });
  }
  void open_bank() {
    in_tx([&](store::Connection& c) {
      choose_initiative(c, as(officer, Role::officer), initiative);
      return 0;
    });
  }
  std::string account_of(int i) {
    return in_tx([&](store::Connection& c) { return open_own_account(c, *registry, person(i)).id; });
  }
  // i proposes that they gave (or received) hours with j.
  std::string propose(int i, int j, const std::string& hours, const std::string& direction = "gave") {
    auto other = account_of(j);
    return in_tx([&](store::Connection& c) {
      return deliver::propose(c, *registry, person(i),
                              {{"direction", direction}, {"other_account_id", other}, {"hours", hours},
                               {"description", "Gardening"}, {"made_on", core::today_utc()}});
    });
  }
  void confirm(int i, const std::string& id) {
    in_tx([&](store::Connection& c) {
      deliver::confirm(c, *registry, person(i), id);
      return 0;
    });
  }
  std::int64_t balance_of(int i) {
    auto c = db->acquire();
    return balance(*c, org, account_of(i));
  }
  std::int64_t count(const std::string& sql) { return db->acquire()->query_one(sql, {org})->integer(0); }
  std::int64_t movements_total() {
    return count("SELECT COALESCE(SUM(amount_x100), 0) FROM time_movements WHERE organisation_id = $1");
  }
  void set_setting(const std::string& key, std::int64_t value) {
    db->acquire()->execute("INSERT INTO organisation_settings (organisation_id, key, value, updated_at) VALUES ($1, $2, $3, 'now')",
                           {org, key, std::to_string(value)});
  }

  std::unique_ptr<store::Database> db;
  module::Registry* registry = nullptr;
  std::string org, officer, initiative;
  std::vector<std::string> people_;
};

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

TEST_P(TimeBank, AConfirmedExchangeMovesTheHoursAndCountsTheGiversHoursOnTheMap) {
  open_bank();
  auto id = propose(0, 1, "2.5");
  EXPECT_EQ(balance_of(0), 0) << "nothing moves while it is proposed";
  EXPECT_EQ(count("SELECT COUNT(*) FROM time_movements WHERE organisation_id = $1"), 0);
  confirm(1, id);
  EXPECT_EQ(balance_of(0), 250);
  EXPECT_EQ(balance_of(1), -250);
  EXPECT_EQ(movements_total(), 0);
  auto entries = in_tx([&](store::Connection& c) {
    return map::Ledger(c, as(officer, Role::officer)).of_source(kSourceType, id);
  });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].person_id, people_[0]) << "the one who gave the time contributes";
  EXPECT_EQ(entries[0].hours_x100, 250);
  EXPECT_EQ(entries[0].phase, map::Phase::delivering);
  EXPECT_EQ(entries[0].role, map::ContributorRole::community_member);
  EXPECT_TRUE(entries[0].confirmed());
  EXPECT_EQ(entries[0].initiative_id, initiative);
  auto e = *find_exchange(*db->acquire(), org, id);
  EXPECT_EQ(e.status, "confirmed");
  EXPECT_EQ(e.contribution_id, entries[0].id);
}

TEST_P(TimeBank, NothingIsTakenUntilTheTimeBanksInitiativeIsChosen) {
  auto other = account_of(1);
  auto propose_it = [&] {
    in_tx([&](store::Connection& c) {
      return deliver::propose(c, *registry, person(0),
                              {{"direction", "gave"}, {"other_account_id", other}, {"hours", "1"},
                               {"description", "x"}, {"made_on", core::today_utc()}});
    });
  };
  EXPECT_EQ(status_of(propose_it), 409);
  EXPECT_EQ(field_of(propose_it), "initiative_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM time_exchanges WHERE organisation_id = $1"), 0);
  auto wrong = [&] {
    in_tx([&](store::Connection& c) {
      choose_initiative(c, as(officer, Role::officer), core::new_id());
      return 0;
    });
  };
  EXPECT_EQ(field_of(wrong), "initiative_id");
  open_bank();
  EXPECT_EQ(status_of(propose_it), 0);
}

TEST_P(TimeBank, SomeoneWhoLeftTheOrganisationIsNoLongerChosen) {
  open_bank();
  auto bob = account_of(1);
  db->acquire()->execute("DELETE FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, people_[1]});
  auto listed = list_accounts(*db->acquire(), *registry, org);
  EXPECT_TRUE(std::none_of(listed.begin(), listed.end(), [&](const TimeAccount& a) { return a.id == bob; }));
  EXPECT_EQ(listed.size(), 0u) << "Ann has no account yet either";
  EXPECT_EQ(field_of([&] { propose(0, 1, "1"); }), "other_account_id");
}

TEST_P(TimeBank, OnlyTheOtherSideAnswersAndOnlyOnce) {
  open_bank();
  auto id = propose(0, 1, "1");
  EXPECT_EQ(status_of([&] { confirm(0, id); }), 403) << "the proposer cannot confirm";
  EXPECT_EQ(field_of([&] { confirm(0, id); }), "id");
  EXPECT_EQ(status_of([&] { confirm(2, id); }), 404) << "a stranger does not see it";
  confirm(1, id);
  EXPECT_EQ(status_of([&] { confirm(1, id); }), 409) << "confirmed twice";
  EXPECT_EQ(balance_of(0), 100);

  auto disputed = propose(0, 1, "3");
  in_tx([&](store::Connection& c) {
    dispute(c, person(1), disputed, "It was one hour");
    return 0;
  });
  EXPECT_EQ(status_of([&] { confirm(1, disputed); }), 409) << "a dispute is final";
  EXPECT_EQ(balance_of(0), 100);
  EXPECT_EQ(movements_total(), 0);
  auto e = *find_exchange(*db->acquire(), org, disputed);
  EXPECT_EQ(e.status, "disputed");
  EXPECT_EQ(e.reason, "It was one hour");
  // Each proposal told Bob; the dispute told Ann, with the reason, in her language.
  auto bobs = notify::list_notices(*db->acquire(), org, people_[1], "en");
  ASSERT_EQ(bobs.size(), 2u);
  // Both came within the same second: the list's order between them is not the test's business.
  auto about_disputed = std::find_if(bobs.begin(), bobs.end(),
                                     [&](const auto& n) { return n.link == "/time-credits/exchanges/" + disputed; });
  ASSERT_NE(about_disputed, bobs.end());
  EXPECT_EQ(about_disputed->text, "Ann0 asks you to confirm an exchange of time: Gardening. Hours: 3");
  auto anns = notify::list_notices(*db->acquire(), org, people_[0], "cy");
  ASSERT_EQ(anns.size(), 1u);
  EXPECT_EQ(anns[0].text, "Mae Bob1 yn dweud nad yw’r cyfnewid a gofnodwyd gennych yn gywir: Gardening. Oriau: 3");
}

TEST_P(TimeBank, LimitsAreKeptAndTheRefusalNamesTheLimit) {
  open_bank();
  set_setting(kLowerLimitHours, 3);
  set_setting(kUpperLimitHours, 5);
  confirm(1, propose(0, 1, "3"));  // 1 received 3 hours: at its lower limit
  confirm(2, propose(0, 2, "1.5"));
  EXPECT_EQ(balance_of(0), 450);
  try {
    propose(1, 2, "0.25", "received");
    FAIL() << "below the limit";
  } catch (const LimitExceeded& e) {
    EXPECT_TRUE(e.lower());
    EXPECT_EQ(e.limit_x100(), -300);
    EXPECT_EQ(e.http_status(), 409);
    EXPECT_EQ(e.field(), "hours");
    EXPECT_EQ(e.account_name(), "Bob1");
    EXPECT_EQ(limit_message("en", e), "This would take the balance of Bob1 below its limit of -3 hours");
    EXPECT_EQ(limit_message("cy", e), "Byddai hyn yn mynd â balans Bob1 o dan ei derfyn o -3 awr");
  }
  // Two proposals that each fit now but not both: the second is refused at confirmation.
  auto first = propose(0, 2, "0.5");
  auto second = propose(2, 0, "0.5", "received");
  confirm(2, first);
  try {
    confirm(0, second);
    FAIL() << "above the limit";
  } catch (const LimitExceeded& e) {
    EXPECT_FALSE(e.lower());
    EXPECT_EQ(e.limit_x100(), 500);
  }
  EXPECT_EQ(balance_of(0), 500);
  EXPECT_EQ(find_exchange(*db->acquire(), org, second)->status, "proposed");
  EXPECT_EQ(movements_total(), 0);
  // An account's own limit wins over the organisation's.
  auto mine = account_of(0);
  in_tx([&](store::Connection& c) {
    set_limits(c, as(officer, Role::officer), mine, {{"upper_limit", "6"}});
    return 0;
  });
  confirm(0, second);
  EXPECT_EQ(balance_of(0), 550);
}

TEST_P(TimeBank, AReversalMovesTheHoursBackOnceAndReversesTheLedgerEntry) {
  open_bank();
  auto id = propose(0, 1, "2");
  confirm(1, id);
  auto reverse_it = [&](const core::Principal& who, const std::string& what) {
    return in_tx([&](store::Connection& c) { return reverse(c, *registry, who, what, "Recorded twice"); });
  };
  EXPECT_EQ(status_of([&] { reverse_it(person(1), id); }), 403) << "officers only";
  auto reversal = reverse_it(as(officer, Role::officer), id);
  EXPECT_EQ(balance_of(0), 0);
  EXPECT_EQ(balance_of(1), 0);
  EXPECT_EQ(movements_total(), 0);
  EXPECT_EQ(status_of([&] { reverse_it(as(officer, Role::officer), id); }), 409) << "reversed at most once";
  EXPECT_EQ(status_of([&] { reverse_it(as(officer, Role::officer), reversal); }), 409) << "a reversal is final";
  auto original = *find_exchange(*db->acquire(), org, id);
  EXPECT_EQ(original.reversed_by_id, reversal);
  auto entry = in_tx([&](store::Connection& c) {
    return map::Ledger(c, as(officer, Role::officer)).get(*original.contribution_id);
  });
  EXPECT_TRUE(entry.reversed());
  EXPECT_FALSE(entry.counts());
  // A proposed exchange cannot be reversed; the unique constraint holds even past the check.
  auto waiting = propose(0, 1, "1");
  EXPECT_EQ(status_of([&] { reverse_it(as(officer, Role::officer), waiting); }), 409);
  auto c = db->acquire();
  EXPECT_THROW(c->execute("INSERT INTO time_exchanges (organisation_id, id, payer_account_id, payee_account_id, "
                          "hours_x100, description, made_on, status, proposer_account_id, reverses_id, created_at) "
                          "VALUES ($1, $2, $3, $4, 200, 'x', '2026-01-01', 'confirmed', $3, $5, 'now')",
                          {org, core::new_id(), account_of(0), account_of(1), id}),
               store::DatabaseError);
}

TEST_P(TimeBank, AnExchangeNobodyAnswersIsConfirmedAfterTheOrganisationsDays) {
  open_bank();
  set_setting(kAutoConfirmDays, 3);
  auto id = propose(0, 1, "1");
  auto now = std::chrono::system_clock::now();
  EXPECT_EQ(confirm_due(*db, *registry, now + std::chrono::hours(24 * 2)), 0);
  EXPECT_EQ(find_exchange(*db->acquire(), org, id)->status, "proposed");
  EXPECT_EQ(confirm_due(*db, *registry, now + std::chrono::hours(24 * 3 + 1)), 1);
  auto e = *find_exchange(*db->acquire(), org, id);
  EXPECT_EQ(e.status, "confirmed");
  EXPECT_TRUE(e.contribution_id.has_value());
  EXPECT_EQ(balance_of(0), 100);
  EXPECT_EQ(confirm_due(*db, *registry, now + std::chrono::hours(24 * 30)), 0) << "once";
}

// A community group's account: officers act for it; the hours the group gave
// count as the group's on the map.
TEST_P(TimeBank, AnOfficerActsForAGroupWhoseGivenHoursCountAsTheGroups) {
  open_bank();
  auto officer_p = as(officer, Role::officer);
  auto group = map::create_group(*db, officer_p, {{"name", "Garden club"}, {"description", "Gardeners"}});
  auto group_account = in_tx([&](store::Connection& c) { return open_group_account(c, *registry, officer_p, group).id; });
  EXPECT_EQ(in_tx([&](store::Connection& c) { return open_group_account(c, *registry, officer_p, group).id; }),
            group_account)
      << "one account per group";
  EXPECT_EQ(field_of([&] {
              in_tx([&](store::Connection& c) { return open_group_account(c, *registry, officer_p, core::new_id()); });
            }),
            "group_id");
  auto ann = account_of(0);
  // A resident cannot act for the group.
  auto as_group = [&](const core::Principal& who) {
    return in_tx([&](store::Connection& c) {
      return deliver::propose(c, *registry, who,
                              {{"direction", "gave"}, {"other_account_id", ann}, {"hours", "4"},
                               {"description", "Cleared Ann's garden"}, {"made_on", core::today_utc()},
                               {"account_id", group_account}});
    });
  };
  EXPECT_EQ(field_of([&] { as_group(person(1)); }), "account_id");
  auto id = as_group(officer_p);
  EXPECT_EQ(status_of([&] { confirm(2, id); }), 404) << "nothing to do with Cat";
  confirm(0, id);
  auto c = db->acquire();
  EXPECT_EQ(balance(*c, org, group_account), 400);
  EXPECT_EQ(balance(*c, org, ann), -400);
  auto entries = map::Ledger(*c, officer_p).of_source(kSourceType, id);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].group_id, group);
  EXPECT_FALSE(entries[0].person_id.has_value());
  // Ann answers the group's next proposal by disputing it; the officer cannot confirm their own side's proposal.
  auto second = as_group(officer_p);
  EXPECT_EQ(status_of([&] {
              in_tx([&](store::Connection& tx) {
                deliver::confirm(tx, *registry, officer_p, second);
                return 0;
              });
            }),
            403);
}

TEST_P(TimeBank, DownloadMyDataHasTheAccountAndDeletingTheAccountRemovesTheListings) {
  open_bank();
  confirm(1, propose(0, 1, "2"));
  in_tx([&](store::Connection& c) {
    return add_listing(c, *registry, person(0), {{"kind", "offer"}, {"title", "Ironing"}, {"hours", "1"}});
  });
  const module::PersonalData* part = nullptr;
  for (const auto& p : registry->personal_data())
    if (p.name == "deliver.time_credits") part = &p;
  ASSERT_NE(part, nullptr);
  auto c = db->acquire();
  auto text = boost::json::serialize(part->export_data(*c, people_[0]));
  EXPECT_NE(text.find("\"balance_x100\":200"), std::string::npos) << text;
  EXPECT_NE(text.find("Ironing"), std::string::npos) << text;
  c->transaction([&] { part->erase(*c, people_[0]); });
  EXPECT_EQ(count("SELECT COUNT(*) FROM time_listings WHERE organisation_id = $1"), 0);
  EXPECT_EQ(balance(*c, org, account_of(1)), -200) << "the other side's balance stays";
}

// Many confirmations race against one account's lower limit: exactly as many
// as fit are confirmed, whatever the order, on both databases.
TEST_P(TimeBank, ConfirmationsRacingAgainstALimitConfirmExactlyTheOnesThatFit) {
  for (int round = 0; round < 3; ++round) {
    new_organisation(9);
    open_bank();
    set_setting(kLowerLimitHours, 10);
    // Person 0 received 3 hours from each of the eight others: each fits alone (-3 >= -10).
    std::vector<std::string> ids;
    for (int j = 1; j <= 8; ++j) ids.push_back(propose(0, j, "3", "received"));
    std::atomic<int> confirmed{0}, refused{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int j = 1; j <= 8; ++j)
      threads.emplace_back([&, j] {
        while (!go) std::this_thread::yield();
        try {
          confirm(j, ids[std::size_t(j - 1)]);
          ++confirmed;
        } catch (const LimitExceeded&) {
          ++refused;
        } catch (const std::exception&) {
          ++other;
        }
      });
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(confirmed, 3) << "round " << round;
    EXPECT_EQ(refused, 5);
    EXPECT_EQ(other, 0);
    EXPECT_EQ(balance_of(0), -900);
    EXPECT_EQ(movements_total(), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM time_exchanges WHERE organisation_id = $1 AND status = 'confirmed'"), 3);
  }
}

// Officers reversing one exchange at once: it is reversed exactly once.
TEST_P(TimeBank, ReversalsRacingForOneExchangeReverseItOnce) {
  for (int round = 0; round < 3; ++round) {
    new_organisation();
    open_bank();
    auto id = propose(0, 1, "2");
    confirm(1, id);
    std::atomic<int> reversed{0}, refused{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
      threads.emplace_back([&] {
        while (!go) std::this_thread::yield();
        try {
          in_tx([&](store::Connection& c) { return reverse(c, *registry, as(officer, Role::officer), id, "Twice"); });
          ++reversed;
        } catch (const core::Error& e) {
          ++(e.http_status() == 409 ? refused : other);
        } catch (const std::exception&) {
          ++other;
        }
      });
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(reversed, 1) << "round " << round;
    EXPECT_EQ(refused, 3);
    EXPECT_EQ(other, 0);
    EXPECT_EQ(balance_of(0), 0);
    EXPECT_EQ(movements_total(), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM time_exchanges WHERE organisation_id = $1 AND reverses_id IS NOT NULL"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM contributions WHERE organisation_id = $1 AND reverses_id IS NOT NULL"), 1);
  }
}

// ---- any sequence (a property) ------------------------------------------------------------

int pick(int low, int high) { return *rc::gen::resize(100, rc::gen::inRange(low, high)); }

TEST_P(TimeBank, AnySequenceKeepsTheBooksBalancedAndWithinTheLimits) {
  const int cases = GetParam() == store::Dialect::sqlite ? 150 : 15;
  constexpr int kPeople = 3;
  auto property = [&] {
    new_organisation(kPeople);
    open_bank();
    // Limits close to the hours exchanged, so that sequences meet them often.
    set_setting(kLowerLimitHours, 2);
    set_setting(kUpperLimitHours, 3);
    std::vector<std::string> accounts;
    for (int i = 0; i < kPeople; ++i) accounts.push_back(account_of(i));
    struct Model {
      std::string id;
      int payer = 0, payee = 0, proposer = 0;
      std::int64_t hours = 0;
      std::string status = "proposed";
      bool reversal = false, reversed = false;
    };
    std::vector<Model> model;
    std::int64_t expected[kPeople] = {};
    auto fits = [&](int payer, int payee, std::int64_t h) {
      return expected[payer] - h >= -200 && expected[payee] + h <= 300;
    };
    int steps = pick(1, 60);
    for (int step = 0; step < steps; ++step) {
      // Propose 30%, confirm 35%, dispute 10%, reverse 25%.
      int roll = pick(0, 20);
      int op = model.empty() || roll < 6 ? 0 : roll < 13 ? 1 : roll < 15 ? 2 : 3;
      if (op == 0) {
        int i = pick(0, kPeople), j = pick(0, kPeople - 1);
        if (j >= i) ++j;
        std::int64_t h = 25 * pick(1, 9);
        bool gave = pick(0, 2) == 0;
        int payer = gave ? j : i, payee = gave ? i : j;
        bool ok = true;
        std::string id;
        try {
          id = in_tx([&](store::Connection& c) {
            return deliver::propose(c, *registry, person(i),
                                    {{"direction", gave ? "gave" : "received"}, {"other_account_id", accounts[j]},
                                     {"hours", hours_text(h)}, {"description", "Help"},
                                     {"made_on", core::today_utc()}});
          });
        } catch (const LimitExceeded&) {
          ok = false;
        }
        RC_ASSERT(ok == fits(payer, payee, h));
        if (ok) model.push_back({id, payer, payee, i, h});
        continue;
      }
      auto& target = model[std::size_t(pick(0, int(model.size())))];
      int other_side = target.proposer == target.payer ? target.payee : target.payer;
      int status = 0;
      bool limit = false;
      std::string reversal_id;
      try {
        in_tx([&](store::Connection& c) {
          if (op == 1) deliver::confirm(c, *registry, person(other_side), target.id);
          else if (op == 2) deliver::dispute(c, person(other_side), target.id, "");
          else reversal_id = deliver::reverse(c, *registry, as(officer, Role::officer), target.id, "Wrong");
          return 0;
        });
      } catch (const LimitExceeded&) {
        limit = true;
      } catch (const core::Error& e) {
        status = e.http_status();
      }
      if (op == 1 || op == 2) {
        if (target.status != "proposed") {
          RC_ASSERT(status == 409);
          continue;
        }
        if (op == 1) {
          RC_ASSERT(limit == !fits(target.payer, target.payee, target.hours));
          if (limit) continue;
          RC_ASSERT(status == 0);
          target.status = "confirmed";
          expected[target.payer] -= target.hours;
          expected[target.payee] += target.hours;
        } else {
          RC_ASSERT(status == 0);
          target.status = "disputed";
        }
      } else {
        bool reversible = target.status == "confirmed" && !target.reversal && !target.reversed;
        if (!reversible) {
          RC_ASSERT(status == 409);
          continue;
        }
        RC_ASSERT(limit == !fits(target.payee, target.payer, target.hours));
        if (limit) continue;
        RC_ASSERT(status == 0);
        target.reversed = true;
        expected[target.payee] -= target.hours;
        expected[target.payer] += target.hours;
        Model r{reversal_id, target.payee, target.payer, target.payee, target.hours, "confirmed", true};
        model.push_back(r);
      }
    }
    // The books: movements sum to zero, each exchange's two sum to zero, every
    // balance is the sum of its movements and what the model expects, and no
    // balance is past a limit.
    RC_ASSERT(movements_total() == 0);
    RC_ASSERT(count("SELECT COUNT(*) FROM (SELECT exchange_id FROM time_movements WHERE organisation_id = $1 "
                    "GROUP BY exchange_id HAVING SUM(amount_x100) <> 0 OR COUNT(*) <> 2) x") == 0);
    std::int64_t confirmed = 0;
    for (const auto& m : model) confirmed += m.status == "confirmed";
    RC_ASSERT(count("SELECT COUNT(DISTINCT exchange_id) FROM time_movements WHERE organisation_id = $1") == confirmed);
    auto c = db->acquire();
    for (int i = 0; i < kPeople; ++i) {
      auto b = balance(*c, org, accounts[std::size_t(i)]);
      std::int64_t summed = 0;
      for (const auto& m : movements_of(*c, org, accounts[std::size_t(i)])) summed += m.amount_x100;
      RC_ASSERT(b == summed);
      RC_ASSERT(b == expected[i]);
      RC_ASSERT(b >= -200);
      RC_ASSERT(b <= 300);
    }
    // The map counts what stands: confirmed, neither reversed nor a reversal.
    std::int64_t standing = 0;
    for (const auto& m : model)
      if (m.status == "confirmed" && !m.reversal && !m.reversed) standing += m.hours;
    auto counted = c->query_one("SELECT COALESCE(SUM(e.hours_x100), 0) FROM contributions e "
                                "WHERE e.organisation_id = $1 AND e.source_type = 'deliver.exchange' "
                                "AND e.status = 'confirmed' AND e.reverses_id IS NULL AND NOT EXISTS "
                                "(SELECT 1 FROM contributions v WHERE v.organisation_id = e.organisation_id "
                                "AND v.reverses_id = e.id)",
                                {org})
                       ->integer(0);
    RC_ASSERT(counted == standing);
  };
  rc::detail::TestMetadata metadata;
  metadata.id = metadata.description = "time bank sequences";
  rc::detail::TestParams params;
  params.maxSuccess = cases;
  params.maxSize = 100;
  auto result = rc::detail::checkTestable(property, metadata, params);
  if (!result.is<rc::detail::SuccessResult>()) {
    std::ostringstream message;
    rc::detail::printResultMessage(result, message);
    ADD_FAILURE() << message.str();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TimeBank, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

// ---- the API and pages through the request pipeline ---------------------------------------

using access::testing::body_json;
using access::testing::form_body;
using access::testing::make_request;


class Api : public ::testing::TestWithParam<store::Dialect> {
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
      bob_ = access::create_account(*c, "bob@example.org", "Bob", access::testing::kPassword);
      access::add_membership(*c, north_, olga_, Role::officer);
      access::add_membership(*c, north_, ann_, Role::resident);
      access::add_membership(*c, north_, bob_, Role::community_member);
      access::add_membership(*c, south_, bob_, Role::resident);
    });
    core::Principal officer;
    officer.organisation_id = north_;
    officer.account_id = olga_;
    officer.role = Role::officer;
    initiative_ = map::create_initiative(*db_, officer, {{"name", "Time bank"}});
  }
  std::int64_t count(const std::string& table) {
    return db_->acquire()->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
  }
  std::int64_t written() {
    return count("time_exchanges") + count("time_movements") + count("time_listings") + count("contributions");
  }

  std::unique_ptr<store::Database> db_;
  module::Registry* registry_ = nullptr;
  std::string north_, south_, olga_, ann_, bob_, initiative_;
};

std::string text_of(const boost::json::value& v) { return v.is_string() ? std::string(v.as_string()) : "(not text)"; }

std::string exchange_body(const std::string& other, const std::string& hours = "\"2\"",
                          const std::string& extra = "") {
  return R"({"direction": "gave", "other_account_id": ")" + other + R"(", "hours": )" + hours +
         R"(, "description": "Gardening", "made_on": ")" + core::today_utc() + "\"" + extra + "}";
}

TEST_P(Api, TwoResidentsExchangeHoursAndSeeTheirBalances) {
  Client olga(*db_), ann(*db_), bob(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  bob.sign_in("bob@example.org");
  EXPECT_EQ(ann.json(http::Method::put, "/api/v1/time-credits/settings", "{\"initiative_id\": \"" + initiative_ + "\"}")
                .status,
            403);
  auto chosen = olga.json(http::Method::put, "/api/v1/time-credits/settings",
                          "{\"initiative_id\": \"" + initiative_ + "\"}");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  auto bob_account = bob.json(http::Method::post, "/api/v1/time-credits/account", "");
  ASSERT_EQ(bob_account.status, 201) << bob_account.body;
  auto bob_id = std::string(body_json(bob_account).at("id").as_string());
  auto accounts = body_json(ann.get("/api/v1/time-credits/accounts")).at("accounts").as_array();
  ASSERT_EQ(accounts.size(), 1u) << "only Bob has joined";
  EXPECT_EQ(text_of(accounts[0].at("name")), "Bob");
  EXPECT_EQ(accounts[0].as_object().count("email"), 0u) << "names only";
  auto proposed = ann.json(http::Method::post, "/api/v1/time-credits/exchanges", exchange_body(bob_id, "\"1.5\""));
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  auto id = std::string(body_json(proposed).at("id").as_string());
  EXPECT_EQ(body_json(proposed).at("status"), "proposed");
  auto confirmed = bob.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/confirm", "");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(body_json(confirmed).at("status"), "confirmed");
  auto mine = body_json(ann.get("/api/v1/time-credits/account"));
  EXPECT_EQ(mine.at("account").at("balance_x100"), 150);
  EXPECT_EQ(mine.at("account").at("balance"), "1.5");
  EXPECT_EQ(mine.at("movements").as_array().size(), 1u);
  EXPECT_EQ(body_json(bob.get("/api/v1/time-credits/account")).at("account").at("balance_x100"), -150);
  // The pages say it, in English and Welsh.
  auto page = ann.get("/time-credits/account");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<strong id=\"balance\">1.5 hours</strong>"), std::string::npos);
  auto welsh = bob.get("/time-credits/account?lang=cy");
  EXPECT_NE(welsh.body.find("<strong id=\"balance\">-1.5 awr</strong>"), std::string::npos);
  EXPECT_NE(welsh.body.find("Eich credydau amser"), std::string::npos);
  // The officer reverses it: balances back to zero.
  auto reversed = olga.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/reverse",
                            R"({"reason": "Recorded twice"})");
  ASSERT_EQ(reversed.status, 201) << reversed.body;
  EXPECT_EQ(text_of(body_json(reversed).at("reverses_id")), id);
  EXPECT_EQ(body_json(ann.get("/api/v1/time-credits/account")).at("account").at("balance_x100"), 0);
  auto again = olga.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/reverse",
                         R"({"reason": "Again"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(body_json(again).at("error").at("field"), "status");
}

TEST_P(Api, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  Client olga(*db_), ann(*db_), bob(*db_), south_bob(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  bob.sign_in("bob@example.org");
  south_bob.sign_in("bob@example.org", "south");
  ASSERT_EQ(olga.json(http::Method::put, "/api/v1/time-credits/settings", "{\"initiative_id\": \"" + initiative_ + "\"}")
                .status,
            200);
  auto bob_id = std::string(
      body_json(bob.json(http::Method::post, "/api/v1/time-credits/account", "")).at("id").as_string());
  auto ann_id = std::string(
      body_json(ann.json(http::Method::post, "/api/v1/time-credits/account", "")).at("id").as_string());
  auto south_id = std::string(
      body_json(south_bob.json(http::Method::post, "/api/v1/time-credits/account", "")).at("id").as_string());
  auto before = written();
  auto events = count("audit_events");
  auto refused = [&](const std::string& body, int status, const std::string& field) {
    auto r = ann.json(http::Method::post, "/api/v1/time-credits/exchanges", body);
    EXPECT_EQ(r.status, status) << body << " -> " << r.body;
    if (!field.empty() && r.status >= 400 && r.status < 500) {
      EXPECT_EQ(text_of(body_json(r).at("error").at("field")), field) << body << " -> " << r.body;
    }
  };
  refused("{\"direction\": ", 400, "");
  refused("[1, 2]", 400, "");
  refused(exchange_body(bob_id, "[2]"), 422, "hours");
  refused(exchange_body(bob_id, "{\"h\": 2}"), 422, "hours");
  refused(exchange_body(bob_id, "\"-2\""), 422, "hours");
  refused(exchange_body(bob_id, "-2"), 422, "hours");
  refused(exchange_body(bob_id, "0"), 422, "hours");
  refused(exchange_body(bob_id, "\"0.00\""), 422, "hours");
  refused(exchange_body(bob_id, "\"100.01\""), 422, "hours");
  refused(exchange_body(bob_id, "1e9"), 422, "hours");
  refused(exchange_body(bob_id, "\"two\""), 422, "hours");
  refused(exchange_body(bob_id, "\"1.234\""), 422, "hours");
  refused(exchange_body(ann_id), 422, "other_account_id");
  refused(exchange_body(south_id), 422, "other_account_id");
  refused(exchange_body(core::new_id()), 422, "other_account_id");
  refused(exchange_body("../x"), 422, "other_account_id");
  refused(exchange_body(bob_id, "\"2\"", ", \"colour\": \"red\""), 422, "colour");
  refused(exchange_body(bob_id, "\"2\"", ", \"account_id\": \"" + bob_id + "\""), 422, "account_id");
  refused(R"({"direction": "gave", "other_account_id": ")" + bob_id +
              R"(", "hours": "2", "description": "x", "made_on": "2999-01-01"})",
          422, "made_on");
  refused(R"({"direction": "gave", "other_account_id": ")" + bob_id +
              R"(", "hours": "2", "description": "x", "made_on": "2026-02-30"})",
          422, "made_on");
  refused(R"({"direction": "sideways", "other_account_id": ")" + bob_id +
              R"(", "hours": "2", "description": "x", "made_on": "2026-01-01"})",
          422, "direction");
  refused(R"({"direction": "gave", "other_account_id": ")" + bob_id +
              R"(", "hours": "2", "description": "", "made_on": "2026-01-01"})",
          422, "description");
  refused(R"({"direction": "gave", "other_account_id": ")" + bob_id + R"(", "hours": "2", "description": ")" +
              std::string(1001, 'x') + R"(", "made_on": "2026-01-01"})",
          422, "description");
  refused(exchange_body(bob_id, "\"61\""), 409, "hours");  // Bob would be 61 hours below zero

  auto listing = [&](const std::string& body, const std::string& field) {
    auto r = ann.json(http::Method::post, "/api/v1/time-credits/listings", body);
    EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
    if (r.status == 422) {
      EXPECT_EQ(text_of(body_json(r).at("error").at("field")), field) << r.body;
    }
  };
  listing(R"({"kind": "gift", "title": "Soup", "hours": "1"})", "kind");
  listing(R"({"kind": "offer", "title": "  ", "hours": "1"})", "title");
  listing(R"({"kind": "offer", "title": "Soup", "hours": "-1"})", "hours");
  listing(R"({"kind": "offer", "title": "Soup", "hours": true})", "hours");
  EXPECT_EQ(ann.get("/api/v1/time-credits/listings?kind=gift").status, 422);
  EXPECT_EQ(written(), before);
  EXPECT_EQ(count("audit_events"), events);

  // Answering: your own proposal, twice, unknown, another's.
  auto proposed = ann.json(http::Method::post, "/api/v1/time-credits/exchanges", exchange_body(bob_id));
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  auto id = std::string(body_json(proposed).at("id").as_string());
  auto own = ann.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/confirm", "");
  EXPECT_EQ(own.status, 403);
  EXPECT_EQ(body_json(own).at("error").at("field"), "id");
  EXPECT_EQ(ann.json(http::Method::post, "/api/v1/time-credits/exchanges/" + core::new_id() + "/confirm", "").status,
            404);
  EXPECT_EQ(south_bob.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/confirm", "").status, 404)
      << "another organisation's exchange is not found";
  auto stray = bob.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/confirm", R"({"x": 1})");
  EXPECT_EQ(stray.status, 422);
  EXPECT_EQ(bob.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/confirm", "").status, 200);
  auto twice = bob.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/confirm", "");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(body_json(twice).at("error").at("field"), "status");
  auto late_dispute = bob.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/dispute", "");
  EXPECT_EQ(late_dispute.status, 409);
  auto no_reason = olga.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/reverse", "{}");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(body_json(no_reason).at("error").at("field"), "reason");
  EXPECT_EQ(ann.json(http::Method::post, "/api/v1/time-credits/exchanges/" + id + "/reverse", R"({"reason": "x"})").status,
            403);
  auto limits = olga.json(http::Method::put, "/api/v1/time-credits/accounts/" + ann_id + "/limits",
                          R"({"upper_limit": "lots"})");
  EXPECT_EQ(limits.status, 422);
  EXPECT_EQ(body_json(limits).at("error").at("field"), "upper_limit");
  auto group = olga.json(http::Method::post, "/api/v1/time-credits/group-accounts", R"({"group_id": "nope"})");
  EXPECT_EQ(group.status, 422);
  EXPECT_EQ(body_json(group).at("error").at("field"), "group_id");
  auto limit_message_cy = ann.json(http::Method::post, "/api/v1/time-credits/exchanges?lang=cy",
                                   exchange_body(bob_id, "\"49\""));
  EXPECT_EQ(limit_message_cy.status, 409);
  EXPECT_NE(limit_message_cy.body.find("balans Bob o dan ei derfyn o -10 awr"), std::string::npos) << limit_message_cy.body;
}

TEST_P(Api, ThePagesWorkWithoutJavaScriptAndSayWhatIsWrong) {
  Client olga(*db_), ann(*db_), bob(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  bob.sign_in("bob@example.org");
  auto closed = ann.get("/time-credits");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_NE(closed.body.find("The time bank is not open yet"), std::string::npos);
  auto settings = olga.post("/time-credits/settings", {{"initiative_id", ""}});
  EXPECT_EQ(settings.status, 422);
  EXPECT_NE(settings.body.find("href=\"#initiative_id\""), std::string::npos);
  EXPECT_EQ(olga.post("/time-credits/settings", {{"initiative_id", initiative_}}).status, 303);
  EXPECT_EQ(ann.get("/time-credits/settings").status, 403);

  EXPECT_EQ(bob.post("/time-credits/account", {}).status, 303);
  auto none = ann.get("/time-credits/account");
  EXPECT_NE(none.body.find("Join the time bank"), std::string::npos);
  auto bad = ann.post("/time-credits/listings", {{"kind", "offer"}, {"title", ""}, {"hours", "-1"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#title\">Enter a title"), std::string::npos) << bad.body.substr(0, 2000);
  EXPECT_NE(bad.body.find("href=\"#hours\">The hours must be more than 0"), std::string::npos);
  EXPECT_EQ(ann.post("/time-credits/listings", {{"kind", "offer"}, {"title", "Soup"}, {"hours", "1"}}).status, 303);
  auto listed = ann.get("/time-credits");
  EXPECT_NE(listed.body.find("Soup"), std::string::npos);
  EXPECT_NE(listed.body.find("Withdraw<span class=\"govuk-visually-hidden\"> Soup</span>"), std::string::npos);
  EXPECT_EQ(bob.get("/time-credits").body.find("Withdraw<span"), std::string::npos) << "only the owner's";
  auto soup = db_->acquire()->query_one("SELECT id FROM time_listings")->text(0);
  EXPECT_EQ(bob.post("/time-credits/listings/" + soup + "/withdraw", {}).status, 404);
  EXPECT_EQ(ann.post("/time-credits/listings/" + soup + "/withdraw", {}).status, 303);
  EXPECT_EQ(ann.get("/time-credits").body.find("Soup"), std::string::npos);

  auto bob_account = *account_of_person(*db_->acquire(), *registry_, north_, bob_);
  auto wrong_date = ann.post("/time-credits/exchanges", {{"direction", "gave"}, {"other_account_id", bob_account.id},
                                                         {"hours", "2"}, {"description", "Soup"},
                                                         {"made_on-day", "31"}, {"made_on-month", "4"},
                                                         {"made_on-year", "2026"}});
  EXPECT_EQ(wrong_date.status, 422);
  EXPECT_NE(wrong_date.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(wrong_date.body.find("href=\"#made_on-day\""), std::string::npos) << wrong_date.body.substr(0, 3000);
  EXPECT_NE(wrong_date.body.find(">Soup</textarea>"), std::string::npos) << "what was typed is kept";
  auto today = core::parts_of(core::today_utc());
  auto sent = ann.post("/time-credits/exchanges", {{"direction", "gave"}, {"other_account_id", bob_account.id},
                                                   {"hours", "2"}, {"description", "Soup"},
                                                   {"made_on-day", today.day}, {"made_on-month", today.month},
                                                   {"made_on-year", today.year}});
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 2000);
  auto waiting = bob.get("/time-credits/account");
  EXPECT_NE(waiting.body.find("Ann gave you 2 hours"), std::string::npos);
  auto id = db_->acquire()->query_one("SELECT id FROM time_exchanges")->text(0);
  auto detail = bob.get("/time-credits/exchanges/" + id);
  ASSERT_EQ(detail.status, 200) << detail.body.substr(0, 500);
  EXPECT_NE(detail.body.find("action=\"/time-credits/exchanges/" + id + "/confirm\""), std::string::npos);
  auto proposer_view = ann.get("/time-credits/exchanges/" + id + "?lang=cy");
  EXPECT_EQ(proposer_view.status, 200);
  EXPECT_NE(proposer_view.body.find("Cyfnewid oriau"), std::string::npos);
  EXPECT_EQ(proposer_view.body.find("/confirm\""), std::string::npos) << "nothing for the proposer to answer";
  EXPECT_EQ(olga.get("/time-credits/exchanges/" + id).status, 200) << "officers see every exchange";
  auto own = ann.post("/time-credits/exchanges/" + id + "/confirm", {});
  EXPECT_EQ(own.status, 403);
  EXPECT_NE(own.body.find("You proposed this exchange"), std::string::npos);
  EXPECT_EQ(bob.post("/time-credits/exchanges/" + id + "/confirm", {}).status, 303);
  auto twice = bob.post("/time-credits/exchanges/" + id + "/confirm", {});
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body.find("already confirmed"), std::string::npos);
  EXPECT_NE(ann.get("/time-credits/account").body.find("<strong id=\"balance\">2 hours</strong>"), std::string::npos);
  auto reverse_page = olga.get("/time-credits/exchanges/" + id + "/reverse?lang=cy");
  EXPECT_EQ(reverse_page.status, 200);
  EXPECT_NE(reverse_page.body.find("Gwrthdroi cyfnewid"), std::string::npos);
  EXPECT_EQ(olga.post("/time-credits/exchanges/" + id + "/reverse", {{"reason", ""}}).status, 422);
  EXPECT_EQ(olga.post("/time-credits/exchanges/" + id + "/reverse", {{"reason", "Twice"}}).status, 303);
  EXPECT_NE(ann.get("/time-credits/account").body.find("<strong id=\"balance\">0 hours</strong>"), std::string::npos);
}

TEST_P(Api, DisputingFromThePageSaysWhy) {
  Client olga(*db_), ann(*db_), bob(*db_);
  olga.sign_in("olga@example.org");
  ann.sign_in("ann@example.org");
  bob.sign_in("bob@example.org");
  ASSERT_EQ(olga.post("/time-credits/settings", {{"initiative_id", initiative_}}).status, 303);
  EXPECT_EQ(bob.post("/time-credits/account", {}).status, 303);
  auto bob_account = *account_of_person(*db_->acquire(), *registry_, north_, bob_);
  auto today = core::parts_of(core::today_utc());
  ASSERT_EQ(ann.post("/time-credits/exchanges", {{"direction", "gave"}, {"other_account_id", bob_account.id},
                                                 {"hours", "2"}, {"description", "Soup"}, {"made_on-day", today.day},
                                                 {"made_on-month", today.month}, {"made_on-year", today.year}})
                .status,
            303);
  auto id = db_->acquire()->query_one("SELECT id FROM time_exchanges")->text(0);
  auto waiting = bob.get("/time-credits/account");
  EXPECT_NE(waiting.body.find("id=\"reason-" + id + "\""), std::string::npos) << "the reason box of this exchange";
  auto too_long = bob.post("/time-credits/exchanges/" + id + "/dispute", {{"reason", std::string(1001, 'x')}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_EQ(find_exchange(*db_->acquire(), north_, id)->status, "proposed") << "nothing written";
  EXPECT_EQ(bob.post("/time-credits/exchanges/" + id + "/dispute", {{"reason", "I was away that day"}}).status, 303);
  auto e = *find_exchange(*db_->acquire(), north_, id);
  EXPECT_EQ(e.status, "disputed");
  EXPECT_EQ(e.reason, "I was away that day");
  EXPECT_NE(ann.get("/time-credits/exchanges/" + id).body.find("I was away that day"), std::string::npos)
      << "the proposer sees why";
}

INSTANTIATE_TEST_SUITE_P(Backends, Api, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

}  // namespace
