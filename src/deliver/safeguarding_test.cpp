// Tests for safeguarding checks, on SQLite and PostgreSQL: the status of a
// check by date, which checks satisfy which, the certificate number sealed in
// the database and shown masked, the key file, the designation (an officer
// without it is refused), bad input of every field refused naming it with
// nothing written, another organisation's person refused, every view logged,
// the renewal report, the pages in English and Welsh, and personal data.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "access/access.hpp"
#include "access/accounts.hpp"
#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "audit/module.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "deliver/module.hpp"
#include "deliver/safeguarding.hpp"
#include "deliver/test_support.hpp"
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


std::string temp_key_path() {
  return (std::filesystem::temp_directory_path() / ("coproduce-test-" + core::new_id() + ".key")).string();
}

// ---- dates, status and kinds (no database) ----------------------------------------------------

TEST(SafeguardingRules, TheRecheckDateComesFromThePolicyInMonths) {
  EXPECT_EQ(add_months("2023-03-15", 36), "2026-03-15");
  EXPECT_EQ(add_months("2023-08-31", 6), "2024-02-29") << "the last day of a shorter month";
  EXPECT_EQ(add_months("2023-12-01", 1), "2024-01-01");
  EXPECT_EQ(add_months("2024-01-10", -2), "2023-11-10");
  EXPECT_EQ(recheck_date("2023-03-15", false, std::nullopt, std::nullopt, 36), "2026-03-15");
  // With the Update Service a clear status check starts the period again; without it, it does not.
  EXPECT_EQ(recheck_date("2023-03-15", true, std::string("2025-01-10"), std::string("clear"), 36), "2028-01-10");
  EXPECT_EQ(recheck_date("2023-03-15", false, std::string("2025-01-10"), std::string("clear"), 36), "2026-03-15");
  EXPECT_EQ(recheck_date("2023-03-15", true, std::string("2025-01-10"), std::string("new_information"), 36),
            "2026-03-15");
}

TEST(SafeguardingRules, StatusMovesFromPendingToValidToRenewalDueToExpiredByDate) {
  const std::string recheck = "2026-03-15";
  const std::optional<std::string> none;
  EXPECT_EQ(status_on("2024-01-01", recheck, 60, false, none), "pending") << "the original not yet seen";
  EXPECT_EQ(status_on("2024-01-01", recheck, 60, true, none), "valid");
  EXPECT_EQ(status_on("2026-01-13", recheck, 60, true, none), "valid") << "the day before the window";
  EXPECT_EQ(status_on("2026-01-14", recheck, 60, true, none), "renewal_due") << "60 days before";
  EXPECT_EQ(status_on("2026-03-14", recheck, 60, true, none), "renewal_due");
  EXPECT_EQ(status_on("2026-03-15", recheck, 60, true, none), "expired") << "from the recheck date";
  EXPECT_EQ(status_on("2030-01-01", recheck, 60, true, none), "expired");
  EXPECT_EQ(status_on("2024-01-01", recheck, 60, true, std::string("new_information")), "suspended");
  EXPECT_EQ(status_on("2024-01-01", recheck, 60, false, std::string("new_information")), "suspended");
  EXPECT_EQ(status_on("2024-01-01", recheck, 60, true, std::string("clear")), "valid");
}

TEST(SafeguardingRules, NumbersAreMaskedToTheirLastFourCharacters) {
  EXPECT_EQ(masked("001234567891"), "••••••••7891");
  EXPECT_EQ(masked("AB12"), "••••••••AB12");
  EXPECT_EQ(masked("A1B2C3").find("A1"), std::string::npos);
}

TEST(SafeguardingRules, TheKindsAreTheNineOfTheRegister) {
  for (const char* k : {"dbs_basic", "dbs_standard", "dbs_enhanced", "dbs_enhanced_children", "dbs_enhanced_adults",
                        "dbs_enhanced_both", "access_ni", "pvg", "training"})
    EXPECT_TRUE(is_check_kind(k)) << k;
  for (const char* k : {"", "dbs", "DBS_BASIC", "enhanced", "dbs_enhanced_both "}) EXPECT_FALSE(is_check_kind(k)) << k;
}

TEST(SafeguardingKey, SealingRoundTripsWithARandomNonceAndRefusesAnotherKey) {
  auto path = temp_key_path();
  CertificateKey key(path);
  auto a = key.seal("001234567891"), b = key.seal("001234567891");
  EXPECT_NE(a, b) << "a new nonce each time";
  EXPECT_EQ(a.find("1234567891"), std::string::npos);
  EXPECT_EQ(key.open(a), "001234567891");
  EXPECT_EQ(key.open(b), "001234567891");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0) << "created at first use";
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(std::filesystem::file_size(path), 32u);
  CertificateKey again(path);  // a restart reads the same key
  EXPECT_EQ(again.open(a), "001234567891");
  CertificateKey other(temp_key_path());
  EXPECT_THROW(other.open(a), std::runtime_error);
  auto tampered = a;
  tampered[tampered.size() - 1] = tampered.back() == '0' ? '1' : '0';
  EXPECT_THROW(key.open(tampered), std::runtime_error);
  EXPECT_THROW(key.open("zz"), std::runtime_error);
  std::ofstream(path + ".short") << "too short";
  EXPECT_THROW(CertificateKey(path + ".short").seal("x"), std::runtime_error);
  std::filesystem::remove(path);
  std::filesystem::remove(path + ".short");
}

// ---- on both databases ---------------------------------------------------------------------------

class Safeguarding : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db = store::open_database(store::testing::fresh_database_url(GetParam()), 4);
    module::testing::load(all_modules(), db.get());
    auto c = db->acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "org-" + core::new_id().substr(0, 8), "Council", "en");
      officer = add(*c, "Olga", Role::officer);
      volunteer = add(*c, "Ann", Role::resident);
    });
  }
  void TearDown() override { std::filesystem::remove(key_path); }
  std::string add(store::Connection& c, const std::string& name, Role role) {
    auto id = core::new_id();
    c.execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, 'x', 'now')",
              {id, id + "@example.test", name});
    access::add_membership(c, org, id, role);
    return id;
  }
  core::Principal as(const std::string& account, Role role) const {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = account;
    p.role = role;
    return p;
  }
  std::string record(const std::string& kind, const std::string& issued, bool seen = true) {
    auto c = db->acquire();
    return c->transaction([&] {
      return record_check(*c, key, as(officer, Role::officer),
                          {{"person_id", volunteer}, {"kind", kind}, {"certificate_number", "001234567891"},
                           {"issued_on", issued}, {"update_service", "no"}, {"seen_on", seen ? issued : ""}});
    });
  }
  bool holds(const std::string& kind, const std::string& today) {
    auto c = db->acquire();
    return holds_valid_check(*c, org, volunteer, kind, today);
  }

  std::unique_ptr<store::Database> db;
  std::string key_path = temp_key_path();
  CertificateKey key{key_path};
  std::string org, officer, volunteer;
};

TEST_P(Safeguarding, TheDatabaseHoldsTheNumberSealedAndReadsItMasked) {
  auto id = record("dbs_enhanced", "2025-01-10");
  auto c = db->acquire();
  auto stored = c->query_one("SELECT certificate_sealed FROM safeguarding_checks WHERE id = $1", {id})->text(0);
  EXPECT_EQ(stored.find("1234567891"), std::string::npos);
  EXPECT_EQ(stored.find("7891"), std::string::npos);
  EXPECT_EQ(key.open(stored), "001234567891");
  // No other column, nor the audit trail, holds the number.
  for (const auto& table : {"safeguarding_checks", "audit_events", "safeguarding_views"})
    for (const auto& row : c->query(std::string("SELECT * FROM ") + table))
      for (std::size_t i = 0; i < row.size(); ++i)
        if (!row.is_null(i) && std::holds_alternative<std::string>(row.value(i))) {
          EXPECT_EQ(row.text(i).find("67891"), std::string::npos) << table << "." << row.column(i);
        }
  auto check = find_check(*c, key, org, id, "2025-06-01");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->masked_number, "••••••••7891");
  EXPECT_EQ(check->recheck_on, "2028-01-10");
  EXPECT_EQ(check->status, "valid");
  EXPECT_EQ(check->seen_by_name, "Olga");
}

TEST_P(Safeguarding, TheOrganisationsPolicySetsTheRecheckDateAndTheWindow) {
  auto id = record("dbs_basic", "2025-01-10");
  auto c = db->acquire();
  EXPECT_EQ(find_check(*c, key, org, id, "2027-11-20")->status, "renewal_due");
  c->execute("INSERT INTO organisation_settings (organisation_id, key, value, updated_at) VALUES ($1, $2, '12', 'now')",
             {org, std::string(kRecheckMonths)});
  c->execute("INSERT INTO organisation_settings (organisation_id, key, value, updated_at) VALUES ($1, $2, '10', 'now')",
             {org, std::string(kRenewalDays)});
  auto check = find_check(*c, key, org, id, "2025-12-20");
  EXPECT_EQ(check->recheck_on, "2026-01-10");
  EXPECT_EQ(check->status, "valid") << "21 days before, outside a window of 10";
  EXPECT_EQ(find_check(*c, key, org, id, "2025-12-31")->status, "renewal_due");
  EXPECT_EQ(find_check(*c, key, org, id, "2026-01-10")->status, "expired");
}

TEST_P(Safeguarding, AValidCheckSatisfiesItsOwnKindAndLowerOnes) {
  EXPECT_FALSE(holds("dbs_basic", "2025-06-01")) << "nothing recorded";
  record("dbs_enhanced_both", "2025-01-10");
  for (const char* k : {"dbs_basic", "dbs_standard", "dbs_enhanced", "dbs_enhanced_children", "dbs_enhanced_adults",
                        "dbs_enhanced_both"})
    EXPECT_TRUE(holds(k, "2025-06-01")) << k;
  for (const char* k : {"access_ni", "pvg", "training", "nonsense"}) EXPECT_FALSE(holds(k, "2025-06-01")) << k;
  EXPECT_TRUE(holds("dbs_enhanced", "2027-12-01")) << "renewal due still counts";
  EXPECT_FALSE(holds("dbs_enhanced", "2028-01-10")) << "expired";
  auto c = db->acquire();
  EXPECT_FALSE(holds_valid_check(*c, org, officer, "dbs_basic", "2025-06-01")) << "someone else's check";
}

TEST_P(Safeguarding, OneBarredListDoesNotStandForTheOther) {
  record("dbs_enhanced_children", "2025-01-10");
  EXPECT_TRUE(holds("dbs_enhanced_children", "2025-06-01"));
  EXPECT_TRUE(holds("dbs_enhanced", "2025-06-01"));
  EXPECT_TRUE(holds("dbs_standard", "2025-06-01"));
  EXPECT_FALSE(holds("dbs_enhanced_adults", "2025-06-01"));
  EXPECT_FALSE(holds("dbs_enhanced_both", "2025-06-01"));
}

TEST_P(Safeguarding, PendingAndSuspendedChecksDoNotCount) {
  auto id = record("training", "2025-01-10", false);
  EXPECT_FALSE(holds("training", "2025-06-01")) << "pending";
  auto c = db->acquire();
  c->transaction([&] { record_seen(*c, as(officer, Role::officer), id, {{"seen_on", "2025-01-12"}}); });
  EXPECT_TRUE(holds("training", "2025-06-01"));
  c->transaction([&] {
    record_status_check(*c, as(officer, Role::officer), id,
                        {{"checked_on", "2025-05-01"}, {"result", "new_information"}});
  });
  EXPECT_FALSE(holds("training", "2025-06-01")) << "suspended";
  EXPECT_EQ(find_check(*c, key, org, id, "2025-06-01")->status, "suspended");
}

TEST_P(Safeguarding, TheReportListsChecksFallingDueSoonestFirst) {
  auto today = core::today_utc();
  auto soon = record("dbs_basic", core::days_before(add_months(today, -36), -20));    // due in about 20 days
  auto later = record("dbs_standard", core::days_before(add_months(today, -36), -90)); // in about 90 days
  auto gone = record("training", core::days_before(add_months(today, -36), 5));        // expired 5 days ago
  record("pvg", core::days_before(add_months(today, -36), -10), false);                // pending: left out
  auto c = db->acquire();
  auto ids = [&](int days) {
    std::vector<std::string> out;
    for (const auto& k : falling_due(*c, key, org, days, today)) out.push_back(k.id);
    return out;
  };
  EXPECT_EQ(ids(60), (std::vector<std::string>{gone, soon}));
  EXPECT_EQ(ids(120), (std::vector<std::string>{gone, soon, later}));
  EXPECT_EQ(report_days(""), 60);
  EXPECT_EQ(report_days("730"), 730);
  for (const char* bad : {"0", "731", "-1", "ten", "1.5", "99999999999"}) {
    try {
      report_days(bad);
      ADD_FAILURE() << bad;
    } catch (const core::ValidationFailed& e) {
      EXPECT_EQ(e.problems().at(0).field, "days") << bad;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Safeguarding, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

// ---- the API and pages through the request pipeline ----------------------------------------------

using access::testing::body_json;
using access::testing::form_body;
using access::testing::make_request;


class SafeguardingApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    module::testing::load(all_modules(), db_.get());
    auto c = db_->acquire();
    c->transaction([&] {
      north_ = access::create_organisation(*c, "north", "North Council", "en");
      south_ = access::create_organisation(*c, "south", "South Council", "en");
      olga_ = access::create_account(*c, "olga@example.org", "Olga", access::testing::kPassword);
      pat_ = access::create_account(*c, "pat@example.org", "Pat", access::testing::kPassword);
      ann_ = access::create_account(*c, "ann@example.org", "Ann", access::testing::kPassword);
      sam_ = access::create_account(*c, "sam@example.org", "Sam", access::testing::kPassword);
      access::add_membership(*c, north_, olga_, Role::officer);
      access::add_membership(*c, north_, pat_, Role::professional);
      access::add_membership(*c, north_, ann_, Role::resident);
      access::add_membership(*c, south_, sam_, Role::resident);
    });
  }
  void TearDown() override { std::filesystem::remove(key_file_); }
  std::int64_t count(const std::string& sql) { return db_->acquire()->query_one(sql)->integer(0); }
  std::string check_body(const std::string& person, const std::string& extra = "") {
    return R"({"person_id": ")" + person +
           R"(", "kind": "dbs_enhanced_both", "certificate_number": "001234567891", "issued_on": "2025-01-10",
               "update_service": "yes", "seen_on": "2025-01-12")" +
           extra + "}";
  }

  std::unique_ptr<store::Database> db_;
  std::string key_file_ = temp_key_path();
  std::string north_, south_, olga_, pat_, ann_, sam_;
};

TEST_P(SafeguardingApi, OnlyADesignatedLeadSeesOrChangesTheRegister) {
  Client olga(*db_, key_file_), pat(*db_, key_file_), ann(*db_, key_file_);
  olga.sign_in("olga@example.org");
  pat.sign_in("pat@example.org");
  ann.sign_in("ann@example.org");
  // Before any designation: the officer and the professional pass the route's policy and are refused by the handler.
  for (auto* who : {&olga, &pat}) {
    auto refused = who->get("/api/v1/safeguarding/checks");
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_NE(refused.body.find("Only a safeguarding lead"), std::string::npos) << refused.body;
    EXPECT_EQ(who->json(http::Method::post, "/api/v1/safeguarding/checks", check_body(ann_)).status, 403);
    EXPECT_EQ(who->get("/safeguarding").status, 403);
    EXPECT_EQ(who->get("/api/v1/safeguarding/report").status, 403);
  }
  EXPECT_EQ(ann.get("/api/v1/safeguarding/checks").status, 403) << "a resident: the route's policy";
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_checks"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_views"), 0) << "a refused view is not a view";

  // Only officers designate, and only officers or professionals.
  EXPECT_EQ(pat.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + pat_ + "\"}").status,
            403);
  auto resident = olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + ann_ + "\"}");
  EXPECT_EQ(resident.status, 422);
  EXPECT_EQ(body_json(resident).at("error").at("field"), "account_id") << resident.body;
  auto other_org =
      olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + sam_ + "\"}");
  EXPECT_EQ(other_org.status, 422);
  EXPECT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ""})").status, 422);
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_leads"), 0);
  auto granted = olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + pat_ + "\"}");
  ASSERT_EQ(granted.status, 201) << granted.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE entity_type = 'safeguarding_lead' AND action = 'grant'"), 1);

  auto made = pat.json(http::Method::post, "/api/v1/safeguarding/checks", check_body(ann_));
  ASSERT_EQ(made.status, 201) << made.body;
  auto check = body_json(made);
  EXPECT_EQ(check.at("certificate_number"), "••••••••7891");
  EXPECT_EQ(check.at("status"), "valid");
  EXPECT_EQ(check.at("recheck_on"), "2028-01-10");
  EXPECT_EQ(made.body.find("1234567891"), std::string::npos);
  EXPECT_EQ(olga.get("/api/v1/safeguarding/checks").status, 403) << "the officer is still not a lead";

  // Removing the designation ends the access.
  EXPECT_EQ(olga.json(http::Method::del, "/api/v1/safeguarding/leads/" + pat_, "").status, 204);
  EXPECT_EQ(pat.get("/api/v1/safeguarding/checks").status, 403);
  EXPECT_EQ(olga.json(http::Method::del, "/api/v1/safeguarding/leads/" + pat_, "").status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE entity_type = 'safeguarding_lead' AND action = 'remove'"), 1);
}

TEST_P(SafeguardingApi, EveryViewIsLoggedWithoutTheNumber) {
  Client olga(*db_, key_file_);
  olga.sign_in("olga@example.org");
  ASSERT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + olga_ + "\"}").status,
            201);
  auto made = olga.json(http::Method::post, "/api/v1/safeguarding/checks", check_body(ann_));
  ASSERT_EQ(made.status, 201);
  auto id = std::string(body_json(made).at("id").as_string());
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_views"), 0) << "recording is not viewing";
  EXPECT_EQ(olga.get("/api/v1/safeguarding/checks").status, 200);
  EXPECT_EQ(olga.get("/api/v1/safeguarding/checks?person_id=" + ann_).status, 200);
  EXPECT_EQ(olga.get("/api/v1/safeguarding/checks/" + id).status, 200);
  EXPECT_EQ(olga.get("/api/v1/safeguarding/report").status, 200);
  EXPECT_EQ(olga.get("/safeguarding").status, 200);
  EXPECT_EQ(olga.get("/safeguarding/people/" + ann_).status, 200);
  EXPECT_EQ(olga.get("/safeguarding/report").status, 200);
  auto c = db_->acquire();
  auto rows = c->query("SELECT viewer_id, COALESCE(person_id, ''), what FROM safeguarding_views ORDER BY viewed_at, what");
  ASSERT_EQ(rows.size(), 7u);
  std::map<std::string, int> what;
  for (const auto& r : rows) {
    EXPECT_EQ(r.text(0), olga_);
    what[r.text(2) + ":" + (r.text(1).empty() ? "-" : r.text(1) == ann_ ? "ann" : "?")]++;
  }
  EXPECT_EQ(what, (std::map<std::string, int>{{"register:-", 2}, {"person:ann", 3}, {"report:-", 2}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%7891%' OR before_json LIKE '%7891%'"), 0);
}

TEST_P(SafeguardingApi, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  Client olga(*db_, key_file_);
  olga.sign_in("olga@example.org");
  ASSERT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + olga_ + "\"}").status,
            201);
  auto before = count("SELECT COUNT(*) FROM safeguarding_checks") + count("SELECT COUNT(*) FROM audit_events");
  auto tomorrow = core::days_before(core::today_utc(), -1);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"person_id", R"({"person_id": "", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"person_id", R"({"person_id": ")" + sam_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"person_id", R"({"person_id": "nobody", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"kind", R"({"person_id": ")" + ann_ + R"(", "kind": "dbs", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"kind", R"({"person_id": ")" + ann_ + R"(", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"certificate_number", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"certificate_number", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "123", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"certificate_number", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "12<script>34", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"certificate_number", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": ")" + std::string(41, '1') + R"(", "issued_on": "2025-01-10", "update_service": "no"})"},
      {"issued_on", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": "", "update_service": "no"})"},
      {"issued_on", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-02-30", "update_service": "no"})"},
      {"issued_on", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": ")" + tomorrow + R"(", "update_service": "no"})"},
      {"update_service", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "maybe"})"},
      {"seen_on", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no", "seen_on": "2025-01-09"})"},
      {"seen_on", R"({"person_id": ")" + ann_ + R"(", "kind": "pvg", "certificate_number": "1234", "issued_on": "2025-01-10", "update_service": "no", "seen_on": "10/01/2025"})"},
  };
  for (const auto& [field, body] : cases) {
    auto r = olga.json(http::Method::post, "/api/v1/safeguarding/checks", body);
    EXPECT_EQ(r.status, 422) << body << "\n" << r.body;
    EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << body << "\n" << r.body;
  }
  EXPECT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/checks", R"({"surprise": 1})").status, 422)
      << "an unknown field";
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_checks") + count("SELECT COUNT(*) FROM audit_events"), before);

  auto made = olga.json(http::Method::post, "/api/v1/safeguarding/checks", check_body(ann_));
  ASSERT_EQ(made.status, 201);
  auto id = std::string(body_json(made).at("id").as_string());
  auto events = count("SELECT COUNT(*) FROM audit_events");
  for (const auto& [field, body] : std::vector<std::pair<std::string, std::string>>{
           {"checked_on", R"({"checked_on": "", "result": "clear"})"},
           {"checked_on", R"({"checked_on": ")" + tomorrow + R"(", "result": "clear"})"},
           {"result", R"({"checked_on": "2025-03-01", "result": "fine"})"}}) {
    auto r = olga.json(http::Method::post, "/api/v1/safeguarding/checks/" + id + "/status-check", body);
    EXPECT_EQ(r.status, 422) << body;
    EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << r.body;
  }
  EXPECT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/checks/" + id + "/seen", R"({"seen_on": "2020-01-01"})")
                .status,
            422);
  for (const char* days : {"0", "731", "abc"}) {
    auto r = olga.get(std::string("/api/v1/safeguarding/report?days=") + days);
    EXPECT_EQ(r.status, 422) << days;
    EXPECT_NE(r.body.find("\"field\":\"days\""), std::string::npos) << r.body;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events"), events);
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_checks WHERE status_checked_on IS NOT NULL"), 0);

  // Another organisation's person or check is not found.
  EXPECT_EQ(olga.get("/api/v1/safeguarding/checks?person_id=" + sam_).status, 404);
  EXPECT_EQ(olga.get("/safeguarding/people/" + sam_).status, 404);
  Client sam(*db_, key_file_);
  sam.sign_in("sam@example.org", "south");
  EXPECT_EQ(sam.get("/api/v1/safeguarding/checks/" + id).status, 403);

  auto suspended = olga.json(http::Method::post, "/api/v1/safeguarding/checks/" + id + "/status-check",
                             R"({"checked_on": "2025-03-01", "result": "new_information"})");
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_EQ(body_json(suspended).at("status"), "suspended");
}

TEST_P(SafeguardingApi, TheLeadRecordsACheckOnThePagesAndSeesTheReportInEnglishAndWelsh) {
  Client olga(*db_, key_file_);
  olga.sign_in("olga@example.org");
  auto leads = olga.get("/safeguarding/leads");
  ASSERT_EQ(leads.status, 200);
  EXPECT_NE(leads.body.find("There are no safeguarding leads yet."), std::string::npos);
  auto no_one = olga.post("/safeguarding/leads", {{"account_id", ""}});
  EXPECT_EQ(no_one.status, 422);
  EXPECT_NE(no_one.body.find("href=\"#account_id\""), std::string::npos);
  EXPECT_EQ(olga.post("/safeguarding/leads", {{"account_id", olga_}}).status, 303);

  auto form = olga.get("/safeguarding/checks/new?lang=cy");
  ASSERT_EQ(form.status, 200) << form.body.substr(0, 500);
  EXPECT_NE(form.body.find("Cofnodi gwiriad"), std::string::npos);
  EXPECT_NE(form.body.find("Gwiriad DBS manwl gyda’r ddwy restr wahardd"), std::string::npos);

  auto wrong = olga.post("/safeguarding/checks", {{"person_id", ann_}, {"kind", "dbs_enhanced_both"},
                                                  {"certificate_number", "001234567891"},
                                                  {"issued_on-day", "31"}, {"issued_on-month", "4"},
                                                  {"issued_on-year", "2025"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(wrong.body.find("href=\"#issued_on-day\""), std::string::npos) << wrong.body.substr(0, 3000);
  EXPECT_NE(wrong.body.find("href=\"#update_service\""), std::string::npos);
  EXPECT_EQ(wrong.body.find("1234567891"), std::string::npos) << "the number is not sent back";
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_checks"), 0);

  auto issued = core::parts_of(core::days_before(add_months(core::today_utc(), -36), -20));
  auto done = olga.post("/safeguarding/checks", {{"person_id", ann_}, {"kind", "dbs_enhanced_both"},
                                                 {"certificate_number", "001234567891"},
                                                 {"issued_on-day", issued.day}, {"issued_on-month", issued.month},
                                                 {"issued_on-year", issued.year}, {"update_service", "no"},
                                                 {"seen_on-day", issued.day}, {"seen_on-month", issued.month},
                                                 {"seen_on-year", issued.year}});
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 3000);
  auto person = olga.get("/safeguarding/people/" + ann_);
  ASSERT_EQ(person.status, 200);
  EXPECT_NE(person.body.find("••••••••7891"), std::string::npos);
  EXPECT_EQ(person.body.find("1234567891"), std::string::npos);
  EXPECT_NE(person.body.find("Renewal due"), std::string::npos);
  auto cy = olga.get("/safeguarding/people/" + ann_ + "?lang=cy");
  EXPECT_NE(cy.body.find("Angen adnewyddu"), std::string::npos);
  EXPECT_NE(cy.body.find("Gwiriadau sydd gan Ann"), std::string::npos);

  auto report = olga.get("/safeguarding/report?days=60");
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find(">Ann</a>"), std::string::npos) << report.body.substr(0, 3000);
  auto none = olga.get("/safeguarding/report?days=5&lang=cy");
  EXPECT_NE(none.body.find("Does dim gwiriadau i’w hadnewyddu erbyn"), std::string::npos);
  auto bad = olga.get("/safeguarding/report?days=800");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#days\""), std::string::npos);
  auto json = olga.get("/api/v1/safeguarding/report?days=30");
  ASSERT_EQ(json.status, 200);
  EXPECT_EQ(body_json(json).at("checks").as_array().size(), 1u);

  auto id = db_->acquire()->query_one("SELECT id FROM safeguarding_checks")->text(0);
  auto status_form = olga.post("/safeguarding/checks/" + id + "/status-check", {{"result", "clear"}});
  EXPECT_EQ(status_form.status, 422);
  EXPECT_NE(status_form.body.find("href=\"#checked_on-day\""), std::string::npos) << status_form.body.substr(0, 3000);
}

TEST_P(SafeguardingApi, DownloadMyDataHasTheMaskedCheckAndDeletionRemovesIt) {
  Client olga(*db_, key_file_);
  olga.sign_in("olga@example.org");
  ASSERT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/leads", R"({"account_id": ")" + olga_ + "\"}").status,
            201);
  ASSERT_EQ(olga.json(http::Method::post, "/api/v1/safeguarding/checks", check_body(ann_)).status, 201);
  auto c = db_->acquire();
  auto data = boost::json::serialize(access::personal_data(*c, olga.registry(), ann_));
  EXPECT_NE(data.find("••••••••7891"), std::string::npos) << data;
  EXPECT_EQ(data.find("1234567891"), std::string::npos);
  const module::PersonalData* part = nullptr;
  for (const auto& p : olga.registry().personal_data())
    if (p.name == "deliver.safeguarding_checks") part = &p;
  ASSERT_NE(part, nullptr);
  c->transaction([&] {
    part->erase(*c, ann_);
    part->erase(*c, olga_);
  });
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_checks"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM safeguarding_leads"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, SafeguardingApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

}  // namespace
