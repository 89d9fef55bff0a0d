// The contribution ledger on both backends: who may record what in which
// role, every status change and its refusals, reversal, visibility, races,
// and the property the map rests on: for any sequence of record, confirm,
// dispute, void and reverse, every total is the sum of the confirmed entries
// not reversed, and the typology derived from the ledger is the typology of
// the same facts typed in by hand.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <boost/json.hpp>

#include <atomic>
#include <set>
#include <sstream>
#include <thread>

#include "access/access.hpp"
#include "access/accounts.hpp"
#include "audit/audit.hpp"
#include "audit/module.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "map/cache.hpp"
#include "map/commands.hpp"
#include "map/ledger.hpp"
#include "map/load.hpp"
#include "map/module.hpp"
#include "map/repository.hpp"
#include "map/view.hpp"
#include "notify/notices.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

using namespace coproduce;
using namespace coproduce::map;
using core::Role;

namespace {

class LedgerTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // Accounts are shared by every organisation a test makes (argon2id is slow).
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 4);
    registry = &module::testing::load({{"web", web::load}, {"audit", audit::load}, {"access", access::load},
                                       {"notify", notify::load}, {"map", map::load}},
                                      db.get());
    auto c = db->acquire();
    for (Role role : core::kAllRoles)
      accounts[role] = access::create_account(*c, std::string(core::to_string(role)) + "@example.test",
                                              std::string(core::to_string(role)), "a long test password");
    accounts_other_resident = access::create_account(*c, "neighbour@example.test", "Neighbour", "a long test password");
    new_organisation();
  }

  // A fresh organisation with every account a member in its role, and one initiative.
  void new_organisation() {
    auto c = db->acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "org-" + core::new_id().substr(0, 8), "Council", "en");
      for (auto& [role, account] : accounts) access::add_membership(*c, org, account, role);
      access::add_membership(*c, org, accounts_other_resident, Role::resident);
    });
    initiative = create_initiative(*db, as(Role::officer), {{"name", "Repair café"}});
  }

  core::Principal as(Role role) const {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = accounts.at(role);
    p.role = role;
    return p;
  }

  Contribution hours_entry(ContributorRole role, Phase phase, std::int64_t hours = 2) const {
    Contribution c;
    c.initiative_id = initiative;
    c.contributor_label = "Volunteer";
    c.role = role;
    c.phase = phase;
    c.kind = ContributionKind::hours;
    c.hours_x100 = hours * 100;
    c.made_on = "2024-05-01";
    return c;
  }

  // Runs `work` on a ledger in one transaction as `who`.
  template <class F>
  auto with_ledger(const core::Principal& who, F work) {
    auto c = db->acquire();
    return c->transaction([&] {
      Ledger ledger(*c, who);
      return work(ledger);
    });
  }

  Contribution get(const std::string& id) {
    return *repo::find_contribution(*db->acquire(), org, id);
  }

  std::int64_t count(const std::string& sql) {
    return db->acquire()->query_one(sql, {})->integer(0);
  }

  std::unique_ptr<store::Database> db;
  module::Registry* registry = nullptr;
  std::map<Role, std::string> accounts;
  std::string accounts_other_resident;
  std::string org, initiative;
};

// The problems' fields, for comparing with what a test expects.
std::set<std::string> fields_of(const ValidationFailed& e) {
  std::set<std::string> fields;
  for (const auto& p : e.problems()) fields.insert(p.field);
  return fields;
}

}  // namespace

// The person who recorded an entry hears of its confirmation or dispute (in
// their list and by email, in their language); nobody hears of their own decision.
TEST_P(LedgerTest, TheRecorderIsToldOfAConfirmationOrADisputeWithItsReason) {
  auto resident = as(Role::resident), professional = as(Role::professional), officer = as(Role::officer);
  auto notices = [&](const std::string& account) {
    return notify::list_notices(*db->acquire(), org, account, "en");
  };
  auto a = with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::community_member, Phase::delivering)); });
  auto b = with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::community_member, Phase::design)); });
  with_ledger(professional, [&](Ledger& l) { l.confirm(a); return 0; });
  with_ledger(professional, [&](Ledger& l) { l.dispute(b, "Not on the rota that day"); return 0; });
  auto told = notices(accounts.at(Role::resident));
  std::set<std::pair<std::string, std::string>> texts;  // two notices may share a timestamp
  for (const auto& n : told) texts.insert({n.text, n.link});
  EXPECT_EQ(texts, (std::set<std::pair<std::string, std::string>>{
                       {"Your contribution to Repair café has been confirmed", "/contributions/" + a},
                       {"Your contribution to Repair café has been disputed: Not on the rota that day",
                        "/contributions/" + b}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'resident@example.test'"), 2);
  // An officer confirming their own record is told nothing.
  auto own = with_ledger(officer, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::professional, Phase::delivering)); });
  with_ledger(officer, [&](Ledger& l) { l.confirm(own); return 0; });
  EXPECT_EQ(get(own).status, Status::confirmed);
  EXPECT_TRUE(notices(accounts.at(Role::officer)).empty());
}

// Several entries decided at once: all or none, and the answer names the problem.
TEST_P(LedgerTest, ManyEntriesAreDecidedTogetherOrNotAtAll) {
  auto resident = as(Role::resident), professional = as(Role::professional);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::community_member, Phase::delivering)); }));
  auto problem = [&](const std::vector<std::string>& chosen, const std::string& action, const std::string& reason) {
    try {
      decide_contributions(*db, professional, chosen, action, reason);
    } catch (const ValidationFailed& e) {
      return e.problems().front().field + " " + e.problems().front().message_key;
    }
    return std::string("none");
  };
  EXPECT_EQ(problem({}, "confirm", ""), "ids map.dashboard.error.none_chosen");
  EXPECT_EQ(problem(ids, "approve", ""), "action map.dashboard.error.action");
  EXPECT_EQ(problem(ids, "dispute", "  "), "reason map.error.reason_needed");
  // The limit counts what was sent, repeats included; within it, repeats count once.
  EXPECT_EQ(problem(std::vector<std::string>(201, ids[0]), "confirm", ""), "ids map.dashboard.error.too_many");
  EXPECT_EQ(get(ids[0]).status, Status::claimed);
  EXPECT_EQ(problem(std::vector<std::string>(200, ids[0]), "confirm", ""), "none") << "repeats count once";
  EXPECT_EQ(get(ids[0]).status, Status::confirmed);
  // One of them already decided: nothing else changes.
  EXPECT_EQ(problem(ids, "confirm", ""), "ids map.dashboard.error.not_awaiting");
  EXPECT_EQ(get(ids[1]).status, Status::claimed);
  EXPECT_EQ(problem({ids[1], core::new_id()}, "confirm", ""), "ids map.dashboard.error.not_awaiting");
  EXPECT_EQ(get(ids[1]).status, Status::claimed);
  // Another organisation's entry is not found among this one's.
  auto theirs = ids[2];
  auto mine = org;
  new_organisation();
  professional = as(Role::professional);  // the same person, acting in the other organisation
  EXPECT_EQ(problem({theirs}, "confirm", ""), "ids map.dashboard.error.not_awaiting");
  org = mine;
  professional = as(Role::professional);
  EXPECT_EQ(get(theirs).status, Status::claimed);
  EXPECT_THROW(decide_contributions(*db, resident, {ids[1]}, "confirm", ""), core::Error) << "residents do not confirm";
  EXPECT_EQ(decide_contributions(*db, professional, {ids[1], ids[2]}, "dispute", "Not on the rota"), 2);
  EXPECT_EQ(get(ids[1]).status, Status::disputed);
  EXPECT_EQ(get(ids[2]).reason, "Not on the rota");
  EXPECT_EQ(problem({ids[1]}, "dispute", "again"), "ids map.dashboard.error.not_awaiting") << "only claims are disputed";
  EXPECT_EQ(decide_contributions(*db, professional, {ids[1], ids[2]}, "confirm", ""), 2) << "a dispute may be resolved";
}

// Download my data holds what the person contributed and was told; deleting
// the account keeps the contributions in every total and typology, never again
// as the person, and takes their notifications with it.
TEST_P(LedgerTest, ADeletedPersonsContributionsStayAsAggregateOnly) {
  auto neighbour = as(Role::resident);
  neighbour.account_id = accounts_other_resident;
  auto entry = hours_entry(ContributorRole::community_member, Phase::delivering);
  entry.visibility = Visibility::named;
  auto id = with_ledger(neighbour, [&](Ledger& l) { return l.record(entry); });
  with_ledger(as(Role::professional), [&](Ledger& l) { l.confirm(id); return 0; });
  auto before = load_map(*db->acquire(), org);

  auto data = access::personal_data(*db->acquire(), *registry, accounts_other_resident);
  ASSERT_TRUE(data.contains("map.contributions")) << boost::json::serialize(data);
  const auto& mine = data.at("map.contributions").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("id").as_string(), id);
  EXPECT_EQ(data.at("notify.notifications").at("notifications").as_array().size(), 1u) << "told of the confirmation";

  access::delete_account(*db, *registry, neighbour, "a long test password");
  auto after_entry = get(id);
  EXPECT_EQ(after_entry.visibility, Visibility::aggregate);
  EXPECT_EQ(after_entry.status, Status::confirmed);
  auto after = load_map(*db->acquire(), org);
  ASSERT_EQ(after.initiatives.size(), before.initiatives.size());
  EXPECT_EQ(after.initiatives[0].typology.confirmed_contributions, before.initiatives[0].typology.confirmed_contributions);
  EXPECT_EQ(after.initiatives[0].typology.cell, before.initiatives[0].typology.cell);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE account_id = '" + accounts_other_resident + "'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'neighbour@example.test'"), 0);
}

TEST_P(LedgerTest, MembersRecordTheirOwnWorkInRolesTheyHold) {
  auto resident = as(Role::resident);
  auto id = with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::community_member, Phase::delivering)); });
  auto c = get(id);
  EXPECT_EQ(c.person_id, accounts[Role::resident]) << "a member's entry is their own";
  EXPECT_EQ(c.status, Status::claimed);
  EXPECT_EQ(c.recorded_role, "resident");
  EXPECT_EQ(c.source_type, "map.contribution");
  EXPECT_EQ(c.source_id, id);

  // Not as a professional, and not for someone else.
  try {
    with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::professional, Phase::design)); });
    FAIL();
  } catch (const ValidationFailed& e) {
    EXPECT_EQ(fields_of(e), std::set<std::string>{"role"});
  }
  auto for_neighbour = hours_entry(ContributorRole::community_member, Phase::design);
  for_neighbour.person_id = accounts_other_resident;
  try {
    with_ledger(resident, [&](Ledger& l) { return l.record(for_neighbour); });
    FAIL();
  } catch (const ValidationFailed& e) {
    EXPECT_EQ(fields_of(e), std::set<std::string>{"person_id"});
  }
  // A resident asking to confirm their own claim is refused.
  auto confirmed = hours_entry(ContributorRole::community_member, Phase::design);
  confirmed.status = Status::confirmed;
  EXPECT_THROW(with_ledger(resident, [&](Ledger& l) { return l.record(confirmed); }), ValidationFailed);

  // An officer records for the neighbour in a role they hold, or for someone outside the platform.
  auto officer = as(Role::officer);
  EXPECT_NO_THROW(with_ledger(officer, [&](Ledger& l) { return l.record(for_neighbour); }));
  auto as_pro = for_neighbour;
  as_pro.role = ContributorRole::professional;
  EXPECT_THROW(with_ledger(officer, [&](Ledger& l) { return l.record(as_pro); }), ValidationFailed);
  auto outside = hours_entry(ContributorRole::service_user, Phase::delivering);
  auto outside_id = with_ledger(officer, [&](Ledger& l) { return l.record(outside); });
  EXPECT_FALSE(get(outside_id).person_id);
  // A person who is not a member is not found.
  auto stranger = for_neighbour;
  stranger.person_id = core::new_id();
  EXPECT_THROW(with_ledger(officer, [&](Ledger& l) { return l.record(stranger); }), ValidationFailed);
  // Nobody may record without a role; another organisation's initiative is not found.
  EXPECT_THROW(with_ledger(core::Principal{}, [&](Ledger& l) { return l.record(outside); }), core::Error);
  auto elsewhere = as(Role::officer);
  elsewhere.organisation_id = access::create_organisation(*db->acquire(), "elsewhere", "Elsewhere", "en");
  try {
    with_ledger(elsewhere, [&](Ledger& l) { return l.record(outside); });
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.http_status(), 404);
  }
}

TEST_P(LedgerTest, EveryProblemOfAnEntryIsNamed) {
  Contribution bad = hours_entry(ContributorRole::community_member, Phase::delivering, 0);
  bad.currency = "pounds";
  bad.made_on = "2999-01-01";
  bad.contributor_label = "";
  bad.group_id = core::new_id();
  bad.visibility = Visibility::named;
  bad.people = 0;
  try {
    with_ledger(as(Role::officer), [&](Ledger& l) { return l.record(bad); });
    FAIL();
  } catch (const ValidationFailed& e) {
    EXPECT_EQ(fields_of(e), (std::set<std::string>{"hours", "currency", "made_on", "group_id", "people"}));
  }
  bad = hours_entry(ContributorRole::community_member, Phase::delivering);
  bad.contributor_label = "";
  bad.visibility = Visibility::named;  // named, but nobody to name: an officer's label-only entry
  try {
    with_ledger(as(Role::officer), [&](Ledger& l) { return l.record(bad); });
    FAIL();
  } catch (const ValidationFailed& e) {
    EXPECT_EQ(fields_of(e), (std::set<std::string>{"visibility"}));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions"), 0);
}

TEST_P(LedgerTest, StatusChangesFollowTheLifeOfAnEntry) {
  auto resident = as(Role::resident), professional = as(Role::professional), officer = as(Role::officer);
  auto record = [&] {
    return with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::service_user, Phase::managing)); });
  };
  auto conflict = [&](const core::Principal& who, auto work) {
    try {
      with_ledger(who, work);
      ADD_FAILURE() << "accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.http_status(), 409) << e.what();
    }
  };
  // claimed -> disputed (reason required, professionals only) -> confirmed
  auto a = record();
  EXPECT_THROW(with_ledger(professional, [&](Ledger& l) { l.dispute(a, "  "); return 0; }), ValidationFailed);
  EXPECT_THROW(with_ledger(resident, [&](Ledger& l) { l.dispute(a, "why"); return 0; }), core::Error);
  with_ledger(professional, [&](Ledger& l) { l.dispute(a, "Not on the rota that day"); return 0; });
  EXPECT_EQ(get(a).status, Status::disputed);
  EXPECT_EQ(get(a).reason, "Not on the rota that day");
  EXPECT_EQ(get(a).decided_by, accounts[Role::professional]);
  conflict(professional, [&](Ledger& l) { l.dispute(a, "again"); return 0; });
  with_ledger(officer, [&](Ledger& l) { l.confirm(a); return 0; });
  EXPECT_EQ(get(a).status, Status::confirmed);
  conflict(officer, [&](Ledger& l) { l.confirm(a); return 0; });
  conflict(officer, [&](Ledger& l) { l.void_entry(a, "late"); return 0; });
  conflict(resident, [&](Ledger& l) { l.update_claim(a, hours_entry(ContributorRole::service_user, Phase::managing, 9)); return 0; });

  // claimed -> void, by who recorded it; then nothing more
  auto b = record();
  with_ledger(resident, [&](Ledger& l) { l.void_entry(b, "Recorded twice"); return 0; });
  EXPECT_EQ(get(b).status, Status::void_);
  conflict(officer, [&](Ledger& l) { l.confirm(b); return 0; });
  conflict(officer, [&](Ledger& l) { l.reverse(b, "x"); return 0; });

  // A claim is changed by its recorder (or an officer), not by another member.
  auto c = record();
  auto neighbour = as(Role::resident);
  neighbour.account_id = accounts_other_resident;
  EXPECT_THROW(with_ledger(neighbour, [&](Ledger& l) { l.void_entry(c, "not mine"); return 0; }), core::Error);
  EXPECT_THROW(with_ledger(neighbour, [&](Ledger& l) { l.update_claim(c, hours_entry(ContributorRole::service_user, Phase::managing, 5)); return 0; }), core::Error);
  with_ledger(resident, [&](Ledger& l) { l.update_claim(c, hours_entry(ContributorRole::service_user, Phase::design, 5)); return 0; });
  EXPECT_EQ(get(c).hours_x100, 500);
  EXPECT_EQ(get(c).phase, Phase::design);
  EXPECT_EQ(get(c).person_id, accounts[Role::resident]) << "the person stays the recorder's";

  // Reversal: officers only, confirmed only, once, and never of a reversal.
  EXPECT_THROW(with_ledger(professional, [&](Ledger& l) { return l.reverse(a, "wrong hours"); }), core::Error);
  conflict(officer, [&](Ledger& l) { return l.reverse(c, "a claim"); });
  EXPECT_THROW(with_ledger(officer, [&](Ledger& l) { return l.reverse(a, ""); }), ValidationFailed);
  auto r = with_ledger(officer, [&](Ledger& l) { return l.reverse(a, "Wrong initiative"); });
  EXPECT_EQ(get(a).reversed_by_id, r);
  EXPECT_EQ(get(a).status, Status::confirmed) << "the original is never edited";
  EXPECT_EQ(get(r).reverses_id, a);
  EXPECT_EQ(get(r).hours_x100, get(a).hours_x100);
  conflict(officer, [&](Ledger& l) { return l.reverse(a, "again"); });
  conflict(officer, [&](Ledger& l) { return l.reverse(r, "reverse the reversal"); });

  // Every change is in the audit trail, with who and why.
  auto events = audit::list(*db->acquire(), org, {"contribution", a, 20});
  std::vector<std::string> actions;
  for (auto it = events.rbegin(); it != events.rend(); ++it) actions.push_back(it->action);
  EXPECT_EQ(actions, (std::vector<std::string>{"record", "dispute", "confirm", "reverse"}));
  EXPECT_EQ(events.front().after->at("reversed_by_id").as_string(), r);
}

TEST_P(LedgerTest, TheTypologyAndTotalsCountOnlyConfirmedEntriesNotReversed) {
  auto officer = as(Role::officer);
  auto pro = hours_entry(ContributorRole::professional, Phase::planning, 3);
  pro.person_id = accounts[Role::professional];
  pro.status = Status::confirmed;
  auto citizen = hours_entry(ContributorRole::community_member, Phase::delivering, 7);
  citizen.status = Status::confirmed;
  with_ledger(officer, [&](Ledger& l) { return l.record(pro); });
  auto id = with_ledger(officer, [&](Ledger& l) { return l.record(citizen); });
  auto typology = [&] { return load_initiative(*db->acquire(), org, initiative).view.typology; };
  EXPECT_EQ(typology().cell, Cell::community_delivery_professional_plan);
  EXPECT_EQ(typology().totals[static_cast<int>(Phase::delivering)].citizen_hours_x100, 700);
  with_ledger(officer, [&](Ledger& l) { return l.reverse(id, "Recorded against the wrong initiative"); });
  EXPECT_EQ(typology().cell, Cell::unclassified);
  EXPECT_EQ(typology().totals[static_cast<int>(Phase::delivering)].citizen_hours_x100, 0);
  // An aggregate entry of 40 people counts as 40 citizen contributions.
  auto voters = hours_entry(ContributorRole::community_member, Phase::commissioning, 40);
  voters.visibility = Visibility::aggregate;
  voters.people = 40;
  voters.status = Status::confirmed;
  with_ledger(officer, [&](Ledger& l) { return l.record(voters); });
  EXPECT_EQ(typology().planning.value, Axis::shared);
  EXPECT_EQ(typology().totals[static_cast<int>(Phase::commissioning)].citizen_contributions, 40);
  auto by_co = totals_by_co(typology());
  EXPECT_EQ(by_co[static_cast<int>(Co::commissioning)].citizen_contributions, 40);
  EXPECT_EQ(by_co[static_cast<int>(Co::commissioning)].professional_contributions, 1);
}

TEST_P(LedgerTest, EachViewerSeesWhatTheyMay) {
  auto officer = as(Role::officer), resident = as(Role::resident);
  auto confirmed = hours_entry(ContributorRole::service_user, Phase::delivering);
  confirmed.status = Status::confirmed;
  auto shown = with_ledger(officer, [&](Ledger& l) { return l.record(confirmed); });
  auto counted_only = confirmed;
  counted_only.visibility = Visibility::aggregate;
  auto hidden = with_ledger(officer, [&](Ledger& l) { return l.record(counted_only); });
  auto claim = with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::service_user, Phase::delivering)); });
  auto ids = [&](const Viewer& v) {
    std::set<std::string> out;
    for (const auto& c : load_initiative(*db->acquire(), org, initiative, v).listed) out.insert(c.id);
    return out;
  };
  EXPECT_EQ(ids(Viewer::anyone()), std::set<std::string>{shown}) << "the public: confirmed, not aggregate";
  EXPECT_EQ(load_initiative(*db->acquire(), org, initiative).aggregate_only, 1);
  auto professional = as(Role::professional);
  EXPECT_EQ(ids(Viewer::of(professional)), (std::set<std::string>{shown, claim})) << "members also see claims";
  EXPECT_EQ(ids(Viewer::of(officer)), (std::set<std::string>{shown, hidden, claim}));
  EXPECT_EQ(ids(Viewer::of(resident)), (std::set<std::string>{shown, claim}));
}

TEST_P(LedgerTest, TwoPeopleDecidingAtOnceCannotBothWin) {
  auto resident = as(Role::resident);
  for (int round = 0; round < 5; ++round) {
    auto id = with_ledger(resident, [&](Ledger& l) { return l.record(hours_entry(ContributorRole::service_user, Phase::delivering)); });
    std::atomic<int> wins{0}, conflicts{0};
    // Confirming and voiding exclude each other whichever comes first (a
    // dispute would not: confirming a disputed claim settles it).
    auto attempt = [&](Role who, bool confirm) {
      try {
        with_ledger(as(who), [&](Ledger& l) {
          if (confirm) l.confirm(id);
          else l.void_entry(id, "No record of it");
          return 0;
        });
        ++wins;
      } catch (const core::Error& e) {
        if (e.http_status() == 409) ++conflicts;
      } catch (const store::DatabaseError&) {
        ++conflicts;  // a serialisation failure is a refusal too, never a second win
      }
    };
    std::thread a(attempt, Role::professional, true), b(attempt, Role::officer, round % 2 == 0);
    a.join();
    b.join();
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(conflicts.load(), 1);
  }
  // And one confirmed entry is reversed at most once.
  auto entry = hours_entry(ContributorRole::service_user, Phase::delivering);
  entry.status = Status::confirmed;
  auto id = with_ledger(as(Role::officer), [&](Ledger& l) { return l.record(entry); });
  std::atomic<int> reversals{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      try {
        with_ledger(as(Role::officer), [&](Ledger& l) { return l.reverse(id, "Duplicate"); });
        ++reversals;
      } catch (const std::exception&) {
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(reversals.load(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM contributions WHERE reverses_id IS NOT NULL"), 1);
}

// ---- the property ------------------------------------------------------------

namespace {

// What the ledger should hold, kept by the test on its own.
struct ModelEntry {
  std::string id;
  Contribution fact;  // as recorded
  Status status = Status::claimed;
  bool reversed = false, is_reversal = false;
};

// A whole number in [low, high), drawn over the full range at every size
// (rapidcheck narrows ranges for small sizes, which would hide late operations).
int pick(int low, int high) { return *rc::gen::resize(100, rc::gen::inRange(low, high)); }

bool same_typology(const Typology& a, const Typology& b) {
  auto same_axis = [](const AxisReason& x, const AxisReason& y) {
    auto xi = x.contribution_ids, yi = y.contribution_ids;
    std::sort(xi.begin(), xi.end());
    std::sort(yi.begin(), yi.end());
    return x.value == y.value && x.professional_count == y.professional_count &&
           x.citizen_count == y.citizen_count && xi == yi;
  };
  if (a.cell != b.cell || a.counts_as_coproduction != b.counts_as_coproduction ||
      a.active_cos != b.active_cos || a.hints != b.hints ||
      a.phases_needing_contributions != b.phases_needing_contributions ||
      a.confirmed_contributions != b.confirmed_contributions ||
      a.unconfirmed_contributions != b.unconfirmed_contributions || !same_axis(a.planning, b.planning) ||
      !same_axis(a.delivery, b.delivery))
    return false;
  for (int p = 0; p < 7; ++p) {
    const auto &x = a.totals[p], &y = b.totals[p];
    if (x.professional_contributions != y.professional_contributions ||
        x.citizen_contributions != y.citizen_contributions ||
        x.professional_hours_x100 != y.professional_hours_x100 ||
        x.citizen_hours_x100 != y.citizen_hours_x100 ||
        x.professional_money_minor != y.professional_money_minor ||
        x.citizen_money_minor != y.citizen_money_minor)
      return false;
  }
  return true;
}

}  // namespace

TEST_P(LedgerTest, AnySequenceOfDecisionsKeepsTotalsAndTypologyTrue) {
  const int cases = GetParam() == store::Dialect::sqlite ? 60 : 20;
  auto property = [&] {
    new_organisation();
    std::vector<ModelEntry> model;
    int steps = pick(1, 30);
    for (int step = 0; step < steps; ++step) {
      int op = model.empty() ? 0 : pick(0, 6);
      if (op == 0) {  // record, as a resident (claim) or a professional or officer (confirmed)
        const Role roles[] = {Role::resident, Role::community_member, Role::professional, Role::officer};
        Role who = roles[pick(0, 4)];
        bool citizen_role = who == Role::resident || who == Role::community_member;
        auto role = !citizen_role ? ContributorRole::professional
                    : pick(0, 2) ? ContributorRole::service_user : ContributorRole::community_member;
        auto phase = static_cast<Phase>(pick(0, 7));
        Contribution e = hours_entry(role, phase, pick(1, 20));
        if (pick(0, 2)) {
          e.kind = ContributionKind::money;
          e.money_minor = pick(1, 100000);
          e.currency = pick(0, 2) ? "GBP" : "EUR";
        }
        e.people = pick(1, 4);
        e.person_id = accounts[who];
        e.status = citizen_role ? Status::claimed : Status::confirmed;
        auto id = with_ledger(as(who), [&](Ledger& l) { return l.record(e); });
        model.push_back({id, e, e.status});
        continue;
      }
      auto& target = model[static_cast<std::size_t>(pick(0, static_cast<int>(model.size())))];
      bool pending = target.status == Status::claimed || target.status == Status::disputed;
      bool expect_ok = op == 1   ? pending
                       : op == 2 ? target.status == Status::claimed
                       : op == 3 ? pending
                       : op == 4 ? target.status == Status::confirmed && !target.reversed && !target.is_reversal
                                 : pending && !target.is_reversal;
      auto changed = target.fact;
      changed.hours_x100 = 100 * pick(1, 20);
      changed.phase = static_cast<Phase>(pick(0, 7));
      std::string reversal_id;
      bool ok = true;
      try {
        with_ledger(as(op == 2 ? Role::professional : Role::officer), [&](Ledger& l) {
          if (op == 1) l.confirm(target.id);
          else if (op == 2) l.dispute(target.id, "Not seen");
          else if (op == 3) l.void_entry(target.id, "Withdrawn");
          else if (op == 4) reversal_id = l.reverse(target.id, "Corrected");
          else l.update_claim(target.id, changed);
          return 0;
        });
      } catch (const core::Error& e) {
        RC_ASSERT(e.http_status() == 409);
        ok = false;
      }
      RC_ASSERT(ok == expect_ok);
      if (!ok) continue;
      if (op == 1) target.status = Status::confirmed;
      else if (op == 2) target.status = Status::disputed;
      else if (op == 3) target.status = Status::void_;
      else if (op == 5) {
        target.fact.hours_x100 = changed.hours_x100;
        target.fact.phase = changed.phase;
        target.status = Status::claimed;  // a changed claim waits again
      } else {
        target.reversed = true;
        ModelEntry reversal{reversal_id, target.fact, Status::confirmed, false, true};
        model.push_back(reversal);
      }
    }

    // The same facts typed in by hand: what stands confirmed, and what waits.
    std::vector<Contribution> by_hand;
    PhaseTotals expected[7];
    for (const auto& m : model) {
      if (m.is_reversal || m.reversed || m.status == Status::void_) continue;
      Contribution c = m.fact;
      c.id = m.id;
      c.status = m.status == Status::confirmed ? Status::confirmed : Status::claimed;
      by_hand.push_back(c);
      if (m.status != Status::confirmed) continue;
      auto& t = expected[static_cast<int>(c.phase)];
      bool citizen = is_citizen(c.role);
      (citizen ? t.citizen_contributions : t.professional_contributions) += static_cast<int>(c.people);
      (citizen ? t.citizen_hours_x100 : t.professional_hours_x100) += c.hours_x100;
      if (c.money_minor) (citizen ? t.citizen_money_minor : t.professional_money_minor)[c.currency] += c.money_minor;
    }
    auto detail = load_initiative(*db->acquire(), org, initiative, Viewer::of(as(Role::officer)));
    const auto& from_ledger = detail.view.typology;
    for (int p = 0; p < 7; ++p) {
      RC_ASSERT(from_ledger.totals[p].citizen_contributions == expected[p].citizen_contributions);
      RC_ASSERT(from_ledger.totals[p].professional_contributions == expected[p].professional_contributions);
      RC_ASSERT(from_ledger.totals[p].citizen_hours_x100 == expected[p].citizen_hours_x100);
      RC_ASSERT(from_ledger.totals[p].professional_hours_x100 == expected[p].professional_hours_x100);
      RC_ASSERT(from_ledger.totals[p].citizen_money_minor == expected[p].citizen_money_minor);
      RC_ASSERT(from_ledger.totals[p].professional_money_minor == expected[p].professional_money_minor);
    }
    Initiative i;
    i.id = initiative;
    RC_ASSERT(same_typology(from_ledger, derive_typology(i, by_hand)));
    // The map's summary is summed by the database: the same typology, without the ids.
    auto data = load_map(*db->acquire(), org);
    RC_ASSERT(data.initiatives.size() == 1u);
    auto summed = derive_typology(i, by_hand);
    summed.planning.contribution_ids.clear();
    summed.delivery.contribution_ids.clear();
    RC_ASSERT(same_typology(data.initiatives[0].typology, summed));
    // The officer sees every entry the model holds, reversals included.
    RC_ASSERT(detail.listed.size() == model.size());
    // Load per person is the sum of what counts.
    std::map<std::string, std::int64_t> hours_by_person;
    for (const auto& c : by_hand)
      if (c.confirmed() && c.person_id) hours_by_person[*c.person_id] += c.hours_x100;
    auto load = load_by_person(repo::list_contributions(*db->acquire(), org));
    for (const auto& [person, hours] : hours_by_person) {
      std::int64_t monthly = 0;
      for (const auto& [month, h] : load[person].monthly) monthly += h;
      RC_ASSERT(monthly == hours);
    }
  };
  rc::detail::TestMetadata metadata;
  metadata.id = metadata.description = "ledger sequences";
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

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

// ---- load per person (pure) ----------------------------------------------------

TEST(Load, IsoWeeksFollowTheStandard) {
  EXPECT_EQ(iso_week_of("2026-12-06"), "2026-W49");  // a Sunday
  EXPECT_EQ(iso_week_of("2026-11-30"), "2026-W49");  // its Monday
  EXPECT_EQ(iso_week_of("2021-01-03"), "2020-W53");  // early January in the year before's last week
  EXPECT_EQ(iso_week_of("2024-12-30"), "2025-W01");  // late December in the next year's first week
  EXPECT_EQ(iso_week_of("2020-12-31"), "2020-W53");
  EXPECT_EQ(month_of("2026-12-06"), "2026-12");
  EXPECT_EQ(last_weeks("2026-01-07", 3), (std::vector<std::string>{"2025-W52", "2026-W01", "2026-W02"}));
  EXPECT_EQ(last_months("2026-02-15", 3), (std::vector<std::string>{"2025-12", "2026-01", "2026-02"}));
}

TEST(Load, PeriodsSumCountedHoursPerPersonAndFlagWhoIsOver) {
  auto entry = [](std::string person, std::string date, std::int64_t hours, Status status = Status::confirmed) {
    Contribution c;
    c.person_id = std::move(person);
    c.made_on = std::move(date);
    c.hours_x100 = hours * 100;
    c.status = status;
    return c;
  };
  std::vector<Contribution> entries = {
      entry("ann", "2026-12-01", 10), entry("ann", "2026-12-03", 15),   // 25 in week 49
      entry("bob", "2026-12-02", 4),  entry("cat", "2026-12-04", 6),
      entry("dan", "2026-12-05", 30, Status::claimed),                 // claims do not count
      entry("eve", "2026-11-20", 8),                                   // another week
  };
  auto reversed = entry("bob", "2026-12-02", 50);
  reversed.reversed_by_id = "r";
  entries.push_back(reversed);
  auto load = load_by_person(entries);
  auto week = period_load(load, "2026-W49", true, 20 * 100);
  EXPECT_EQ(week.people, 3);
  EXPECT_EQ(week.total_x100, 3500);
  EXPECT_EQ(week.median_x100, 600);
  EXPECT_EQ(week.busiest_tenth_percent, 71);  // ann's 25 of 35 hours
  ASSERT_EQ(week.over_warning.size(), 1u);
  EXPECT_EQ(week.over_warning[0].first, "ann");
  auto month = period_load(load, "2026-11", false, 100 * 100);
  EXPECT_EQ(month.people, 1);
  EXPECT_TRUE(month.over_warning.empty());
}
