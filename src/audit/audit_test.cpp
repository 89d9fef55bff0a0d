// Tests for the audit trail on fresh SQLite and PostgreSQL databases: writing,
// listing with every filter and paging, the CSV, and the officers' page, CSV
// download and API through the real request pipeline.
#include "audit/audit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <stdexcept>

#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "audit/module.hpp"
#include "core/ids.hpp"
#include "module/testing.hpp"
#include "store/testing/test_databases.hpp"

using namespace coproduce;

namespace {

class AuditTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    module::testing::load({{"audit", audit::load}}, db_.get());
    officer_.account_id = core::new_id();
    officer_.organisation_id = core::new_id();
    officer_.role = core::Role::officer;
  }
  std::unique_ptr<store::Database> db_;
  core::Principal officer_;
};

TEST_P(AuditTest, RecordsWhoWhatBeforeAndAfter) {
  auto conn = db_->acquire();
  conn->transaction([&] {
    audit::record(*conn, officer_, "update", "initiative", "abc",
                  boost::json::parse(R"({"name":"Old"})"), boost::json::parse(R"({"name":"New"})"));
  });
  auto events = audit::list(*conn, officer_.organisation_id, {});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor_account_id, officer_.account_id);
  EXPECT_EQ(events[0].action, "update");
  EXPECT_EQ(events[0].entity_type, "initiative");
  EXPECT_EQ(events[0].entity_id, "abc");
  EXPECT_EQ(events[0].before->at("name"), "Old");
  EXPECT_EQ(events[0].after->at("name"), "New");
  EXPECT_EQ(events[0].at.size(), 27u) << events[0].at;  // 2026-01-01T00:00:00.000000Z
}

TEST_P(AuditTest, SystemActorAndMissingSidesAreNull) {
  core::Principal system;
  system.organisation_id = officer_.organisation_id;
  auto conn = db_->acquire();
  audit::record(*conn, system, "create", "area", "a1", std::nullopt,
                boost::json::parse(R"({"name":"Gateshead"})"));
  auto events = audit::list(*conn, officer_.organisation_id, {});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].actor_account_id);
  EXPECT_FALSE(events[0].before);
  auto json = audit::to_json(events[0]);
  EXPECT_TRUE(json.at("actor_account_id").is_null());
  EXPECT_TRUE(json.at("before").is_null());
}

TEST_P(AuditTest, FailedTransactionLeavesNoEvent) {
  auto conn = db_->acquire();
  EXPECT_THROW(conn->transaction([&] {
    audit::record(*conn, officer_, "delete", "initiative", "x", boost::json::object{},
                  std::nullopt);
    throw std::runtime_error("the write after the audit event failed");
  }),
               std::runtime_error);
  EXPECT_TRUE(audit::list(*conn, officer_.organisation_id, {}).empty());
}

TEST_P(AuditTest, SecretsNeverReachStorage) {
  auto conn = db_->acquire();
  auto after = boost::json::parse(R"({"email":"a@example.org","password_hash":"$argon2id$SECRET1",
      "nested":{"token":"SECRET2","csrf_secret":"SECRET3"},"list":[{"Password":"SECRET4"}]})");
  audit::record(*conn, officer_, "create", "account", "acc", std::nullopt, after);
  auto rows = conn->query("SELECT after_json FROM audit_events");
  ASSERT_EQ(rows.size(), 1u);
  const std::string& stored = rows[0].text(0);
  for (const char* secret : {"SECRET1", "SECRET2", "SECRET3", "SECRET4"})
    EXPECT_EQ(stored.find(secret), std::string::npos) << stored;
  EXPECT_NE(stored.find("a@example.org"), std::string::npos);
}

TEST_P(AuditTest, ListFiltersByOrganisationAndEntityNewestFirst) {
  core::Principal other = officer_;
  other.organisation_id = core::new_id();
  auto conn = db_->acquire();
  audit::record(*conn, officer_, "create", "initiative", "i1", std::nullopt, boost::json::object{});
  audit::record(*conn, officer_, "update", "initiative", "i1", boost::json::object{},
                boost::json::object{});
  audit::record(*conn, officer_, "create", "area", "a1", std::nullopt, boost::json::object{});
  audit::record(*conn, other, "create", "initiative", "i1", std::nullopt, boost::json::object{});

  EXPECT_EQ(audit::list(*conn, officer_.organisation_id, {}).size(), 3u);
  auto initiative = audit::list(*conn, officer_.organisation_id, {"initiative", "i1", 100});
  ASSERT_EQ(initiative.size(), 2u);
  EXPECT_GE(initiative[0].at, initiative[1].at);
  EXPECT_EQ(audit::list(*conn, officer_.organisation_id, {"area", "", 100}).size(), 1u);
  EXPECT_EQ(audit::list(*conn, officer_.organisation_id, {"", "", 1}).size(), 1u);
  EXPECT_EQ(audit::list(*conn, other.organisation_id, {}).size(), 1u);
}

// An event at a chosen instant (record() always writes now).
void insert_at(store::Connection& c, const core::Principal& actor, const std::string& at,
               const std::string& type, const std::string& id) {
  c.execute(
      "INSERT INTO audit_events (organisation_id, id, at, actor_account_id, action, entity_type, "
      "entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, 'update', $5, $6, NULL, '{}')",
      {actor.organisation_id, core::new_id(), at,
       actor.signed_in() ? store::Value(actor.account_id) : store::null(), type, id});
}

TEST_P(AuditTest, FiltersByPersonTypeIdAndDatesTogether) {
  core::Principal colleague = officer_;
  colleague.account_id = core::new_id();
  core::Principal system;
  system.organisation_id = officer_.organisation_id;
  auto conn = db_->acquire();
  insert_at(*conn, officer_, "2026-03-01T23:59:59.999999Z", "initiative", "i1");
  insert_at(*conn, officer_, "2026-03-02T00:00:00.000000Z", "initiative", "i2");
  insert_at(*conn, colleague, "2026-03-02T12:00:00.000000Z", "initiative", "i1");
  insert_at(*conn, colleague, "2026-03-03T23:59:59.999999Z", "area", "a1");
  insert_at(*conn, system, "2026-03-04T00:00:00.000000Z", "area", "a1");
  const auto& org = officer_.organisation_id;

  audit::Filter by_officer;
  by_officer.actor_account_id = officer_.account_id;
  auto mine = audit::list(*conn, org, by_officer);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].entity_id, "i2") << "newest first";
  EXPECT_EQ(audit::count(*conn, org, by_officer), 2);

  audit::Filter areas;
  areas.entity_type = "area";
  EXPECT_EQ(audit::list(*conn, org, areas).size(), 2u);
  audit::Filter i1;
  i1.entity_id = "i1";
  EXPECT_EQ(audit::list(*conn, org, i1).size(), 2u);

  // Both ends are whole UTC days, included.
  audit::Filter days;
  days.from = "2026-03-02";
  days.to = "2026-03-03";
  auto between = audit::list(*conn, org, days);
  ASSERT_EQ(between.size(), 3u);
  EXPECT_EQ(between.front().at, "2026-03-03T23:59:59.999999Z");
  EXPECT_EQ(between.back().at, "2026-03-02T00:00:00.000000Z");
  audit::Filter from_only;
  from_only.from = "2026-03-03";
  EXPECT_EQ(audit::count(*conn, org, from_only), 2);
  audit::Filter to_only;
  to_only.to = "2026-03-01";
  EXPECT_EQ(audit::count(*conn, org, to_only), 1);

  audit::Filter all;
  all.actor_account_id = colleague.account_id;
  all.entity_type = "initiative";
  all.entity_id = "i1";
  all.from = "2026-03-02";
  all.to = "2026-03-02";
  auto one = audit::list(*conn, org, all);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].actor_account_id, colleague.account_id);

  audit::Filter nobody;
  nobody.actor_account_id = core::new_id();
  EXPECT_TRUE(audit::list(*conn, org, nobody).empty());
  EXPECT_EQ(audit::entity_types(*conn, org), (std::vector<std::string>{"area", "initiative"}));

  audit::Filter bad;
  bad.from = "2026-02-30";
  EXPECT_THROW(audit::list(*conn, org, bad), core::Error);
}

TEST_P(AuditTest, PagesThroughEveryEventOnceNewestFirst) {
  auto conn = db_->acquire();
  for (int i = 0; i < 7; ++i)
    insert_at(*conn, officer_, "2026-04-0" + std::to_string(i + 1) + "T10:00:00.000000Z", "initiative",
              "i" + std::to_string(i));
  audit::Filter filter;
  filter.limit = 3;
  std::vector<std::string> seen;
  for (int offset : {0, 3, 6, 9}) {
    filter.offset = offset;
    auto page = audit::list(*conn, officer_.organisation_id, filter);
    EXPECT_EQ(page.size(), offset == 9 ? 0u : offset == 6 ? 1u : 3u) << offset;
    for (const auto& e : page) seen.push_back(e.entity_id);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"i6", "i5", "i4", "i3", "i2", "i1", "i0"}));
  EXPECT_EQ(audit::count(*conn, officer_.organisation_id, filter), 7) << "limit and offset do not count";
  EXPECT_EQ(audit::list_up_to(*conn, officer_.organisation_id, {}, 5).size(), 5u);
}

TEST_P(AuditTest, AnotherOrganisationsEventsAreNeverListedWhateverTheFilter) {
  core::Principal elsewhere = officer_;  // the same person, in another organisation
  elsewhere.organisation_id = core::new_id();
  auto conn = db_->acquire();
  insert_at(*conn, elsewhere, "2026-05-01T10:00:00.000000Z", "membership", "m1");
  insert_at(*conn, officer_, "2026-05-01T11:00:00.000000Z", "initiative", "i1");
  audit::Filter filter;
  filter.actor_account_id = officer_.account_id;
  filter.from = "2026-05-01";
  filter.to = "2026-05-01";
  auto mine = audit::list(*conn, officer_.organisation_id, filter);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].entity_id, "i1");
  filter.entity_type = "membership";
  EXPECT_TRUE(audit::list(*conn, officer_.organisation_id, filter).empty());
  EXPECT_EQ(audit::count(*conn, officer_.organisation_id, filter), 0);
  EXPECT_EQ(audit::entity_types(*conn, officer_.organisation_id), std::vector<std::string>{"initiative"});
}

TEST_P(AuditTest, CsvHasAHeaderAndOneSafeRowPerEvent) {
  auto conn = db_->acquire();
  core::Principal system;
  system.organisation_id = officer_.organisation_id;
  audit::record(*conn, system, "create", "area", "=a1", std::nullopt,
                boost::json::parse(R"({"name":"Gateshead"})"));
  audit::record(*conn, officer_, "update", "initiative", "i1",
                boost::json::parse(R"({"name":"Old, \"quoted\""})"), boost::json::parse(R"({"name":"New"})"));
  auto events = audit::list(*conn, officer_.organisation_id, {});
  auto csv = audit::to_csv(events, [](const audit::AuditEvent& e) {
    return e.actor_account_id ? std::string("Alice") : std::string("The platform");
  });
  auto first_break = csv.find("\r\n");
  EXPECT_EQ(csv.substr(0, first_break), "at,actor_account_id,actor,action,entity_type,entity_id,before,after");
  auto second = csv.substr(first_break + 2, csv.find("\r\n", first_break + 2) - first_break - 2);
  EXPECT_EQ(second, events[0].at + "," + officer_.account_id +
                        R"(,Alice,update,initiative,i1,"{""name"":""Old, \""quoted\""""}","{""name"":""New""}")");
  EXPECT_NE(csv.find(",The platform,create,area,'=a1,,"), std::string::npos) << "no formula: " << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });


// ---- the page, the CSV download and the API, as officers and residents see them ----

using access::testing::AccessFixture;
using access::testing::TestClient;

class AuditPages : public AccessFixture {
 protected:
  void SetUp() override {
    AccessFixture::SetUp();
    client_ = std::make_unique<TestClient>(*db_, access::AccessOptions{});
    auto c = db_->acquire();
    c->transaction([&] {
      carol_ = access::create_account(*c, "carol@example.org", "Carol", access::testing::kPassword);
      access::add_membership(*c, north_, carol_, core::Role::professional);
    });
    core::Principal alice{}, carol{}, system{}, south{};
    alice.organisation_id = carol.organisation_id = system.organisation_id = north_;
    alice.account_id = alice_;
    alice.role = core::Role::officer;
    carol.account_id = carol_;
    carol.role = core::Role::professional;
    south.organisation_id = south_;
    south.account_id = bob_;
    south.role = core::Role::officer;
    insert_at(*c, alice, "2024-06-01T09:30:00.000000Z", "initiative", "init-1");
    audit::record(*c, alice, "update", "initiative", "init-1", boost::json::parse(R"({"name":"<b>Old</b>"})"),
                  boost::json::parse(R"({"name":"New"})"));
    audit::record(*c, carol, "record", "contribution", "contrib-1", std::nullopt, boost::json::object{});
    audit::record(*c, system, "create", "area", "area-1", std::nullopt, boost::json::object{});
    audit::record(*c, south, "create", "initiative", "south-secret-record", std::nullopt, boost::json::object{});
    // Carol deletes her account: her events stay, without her name.
    c->execute("UPDATE accounts SET display_name = '', deleted_at = '2026-06-02T00:00:00Z' WHERE id = $1", {carol_});
  }

  void sign_in(const std::string& email) {
    auto r = client_->send_json(http::Method::post, "/api/v1/session",
                                boost::json::serialize(boost::json::object{
                                    {"email", email}, {"password", access::testing::kPassword},
                                    {"organisation", "north"}}));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  std::unique_ptr<TestClient> client_;
  std::string carol_;
};

TEST_P(AuditPages, AnOfficerSeesWhoDidWhatNewestFirstWithLinksAndDetails) {
  sign_in("alice@example.org");
  auto r = client_->get("/audit");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  const auto& html = r.body;
  EXPECT_NE(html.find("<h1 class=\"govuk-heading-xl\">Audit trail</h1>"), std::string::npos);
  EXPECT_NE(html.find(">Alice<"), std::string::npos);
  EXPECT_NE(html.find(">A former member<"), std::string::npos);
  EXPECT_NE(html.find(">The platform<"), std::string::npos);
  EXPECT_EQ(html.find("south-secret-record"), std::string::npos) << "another organisation's event";
  EXPECT_NE(html.find("href=\"/initiatives/init-1\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/contributions/contrib-1\""), std::string::npos);
  EXPECT_EQ(html.find("href=\"/areas/"), std::string::npos) << "areas have no page of their own";
  EXPECT_NE(html.find("govuk-details"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;Old&lt;/b&gt;"), std::string::npos) << "before/after escaped";
  EXPECT_EQ(html.find("<b>Old</b>"), std::string::npos);
  EXPECT_NE(html.find("1 June 2024, 09:30 UTC"), std::string::npos);
  EXPECT_NE(html.find("app-table--stack"), std::string::npos);
  EXPECT_NE(html.find("href=\"/audit.csv\""), std::string::npos);
  // Newest first: the area (written last) before Alice's June event.
  EXPECT_LT(html.find("area-1"), html.find("1 June 2024"));

  auto welsh = client_->get("/audit?lang=cy");
  ASSERT_EQ(welsh.status, 200);
  EXPECT_NE(welsh.body.find("Trywydd archwilio"), std::string::npos);
  EXPECT_NE(welsh.body.find("1 Mehefin 2024"), std::string::npos);
  EXPECT_NE(welsh.body.find(">Cyn-aelod<"), std::string::npos);
}

TEST_P(AuditPages, FiltersKeepWhatWasTypedAndNameTheFieldInError) {
  sign_in("alice@example.org");
  auto by_alice = client_->get("/audit?actor=" + alice_ + "&entity_type=initiative");
  ASSERT_EQ(by_alice.status, 200) << by_alice.body;
  EXPECT_NE(by_alice.body.find("init-1"), std::string::npos);
  EXPECT_EQ(by_alice.body.find("contrib-1"), std::string::npos);
  EXPECT_NE(by_alice.body.find("<option value=\"" + alice_ + "\" selected>"), std::string::npos);
  EXPECT_NE(by_alice.body.find("href=\"/audit.csv?actor=" + alice_ + "&amp;entity_type=initiative\""),
            std::string::npos);

  auto by_id = client_->get("/audit?entity_id=contrib-1");
  EXPECT_NE(by_id.body.find("contrib-1"), std::string::npos);
  EXPECT_EQ(by_id.body.find("init-1"), std::string::npos);

  auto june = client_->get("/audit?from=2024-06-01&to=2024-06-01");
  EXPECT_NE(june.body.find("init-1"), std::string::npos);
  EXPECT_EQ(june.body.find("contrib-1"), std::string::npos);

  // The filter form's date inputs: each date's problem named, the boxes as typed.
  auto bad = client_->get("/audit?from-day=30&from-month=2&from-year=2026&to-day=1&to-month=&to-year=2026"
                          "&entity_id=init-1");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#from-day\">From date must be a real date</a>"), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#to-month\">To date must include a month</a>"), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"from-day\" name=\"from-day\" type=\"text\" value=\"30\""), std::string::npos)
      << "typed value kept";
  EXPECT_NE(bad.body.find("govuk-input--error\" id=\"from-day\""), std::string::npos);
  EXPECT_EQ(bad.body.find("govuk-input--error\" id=\"from-month\""), std::string::npos) << "only the day is wrong";
  EXPECT_NE(bad.body.find("value=\"init-1\""), std::string::npos);
  EXPECT_EQ(bad.body.find("<table"), std::string::npos);
  auto good = client_->get("/audit?from-day=1&from-month=6&from-year=2024&to-day=1&to-month=6&to-year=2024");
  EXPECT_EQ(good.status, 200);
  EXPECT_NE(good.body.find("init-1"), std::string::npos);
  EXPECT_EQ(good.body.find("contrib-1"), std::string::npos);
  EXPECT_NE(good.body.find("from=2024-06-01&amp;to=2024-06-01"), std::string::npos) << "the CSV link keeps them";
  // A link's YYYY-MM-DD date that is not real.
  auto bad_link = client_->get("/audit?from=2026-13-01");
  EXPECT_EQ(bad_link.status, 422);
  EXPECT_NE(bad_link.body.find("href=\"#from-day\">The from date must be a real date"), std::string::npos);

  auto backwards = client_->get("/audit?from-day=2&from-month=6&from-year=2026&to-day=1&to-month=6&to-year=2026");
  EXPECT_EQ(backwards.status, 422);
  EXPECT_NE(backwards.body.find("href=\"#to-day\">The to date must be the same as or after the from date"),
            std::string::npos);
}

TEST_P(AuditPages, PagesOfFiftyWithGovukPagination) {
  {
    auto c = db_->acquire();
    core::Principal system;
    system.organisation_id = north_;
    c->transaction([&] {
      for (int i = 0; i < 120; ++i) audit::record(*c, system, "update", "setting", "s" + std::to_string(i), {}, {});
    });
  }
  sign_in("alice@example.org");
  auto first = client_->get("/audit?entity_type=setting");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("120 events match. Page 1 of 3."), std::string::npos);
  EXPECT_NE(first.body.find("govuk-pagination"), std::string::npos);
  EXPECT_NE(first.body.find("href=\"/audit?entity_type=setting&amp;page=2\" rel=\"next\""), std::string::npos);
  EXPECT_NE(first.body.find(">s119<"), std::string::npos);
  EXPECT_EQ(first.body.find(">s69<"), std::string::npos);
  auto last = client_->get("/audit?entity_type=setting&page=3");
  EXPECT_NE(last.body.find(">s0<"), std::string::npos);
  EXPECT_NE(last.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(last.body.find("rel=\"next\""), std::string::npos);
}

TEST_P(AuditPages, TheCsvHoldsTheFilteredEventsForOfficersOnly) {
  sign_in("alice@example.org");
  auto r = client_->get("/audit.csv?entity_type=initiative");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.header("Content-Disposition"), "attachment; filename=\"audit-trail.csv\"");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.body.substr(0, r.body.find("\r\n")),
            "at,actor_account_id,actor,action,entity_type,entity_id,before,after");
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 3) << r.body;
  EXPECT_NE(r.body.find("," + alice_ + ",Alice,update,initiative,init-1,"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("south-secret-record"), std::string::npos);
  auto former = client_->get("/audit.csv?entity_type=contribution");
  EXPECT_NE(former.body.find("," + carol_ + ",A former member,record,contribution,contrib-1,"), std::string::npos)
      << former.body;
  auto bad = client_->get("/audit.csv?to=2026-02-30");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#to-day\""), std::string::npos);

  TestClient resident(*db_, access::AccessOptions{});
  auto signed_in = resident.send_json(http::Method::post, "/api/v1/session",
                                      boost::json::serialize(boost::json::object{
                                          {"email", "bob@example.org"}, {"password", access::testing::kPassword},
                                          {"organisation", "north"}}));
  ASSERT_EQ(signed_in.status, 201);
  EXPECT_EQ(resident.get("/audit").status, 403);
  EXPECT_EQ(resident.get("/audit.csv").status, 403);
  EXPECT_EQ(resident.get("/api/v1/audit").status, 403);
  TestClient anonymous(*db_, access::AccessOptions{});
  EXPECT_EQ(anonymous.get("/audit.csv").status, 303) << "to sign in";
}

TEST_P(AuditPages, TheApiTakesTheSameFilters) {
  sign_in("alice@example.org");
  auto r = client_->get("/api/v1/audit?actor=" + alice_ + "&from=2024-06-01&to=2024-06-01");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = access::testing::body_json(r).as_object();
  ASSERT_EQ(body.at("events").as_array().size(), 1u);
  EXPECT_EQ(body.at("events").as_array()[0].at("entity_id"), "init-1");
  EXPECT_EQ(body.at("total"), 1);
  auto paged = access::testing::body_json(client_->get("/api/v1/audit?limit=1&offset=1")).as_object();
  EXPECT_EQ(paged.at("events").as_array().size(), 1u);
  EXPECT_EQ(paged.at("total").as_int64(), audit::count(*db_->acquire(), north_, {}));
  auto bad = client_->get("/api/v1/audit?from=2026-02-30&offset=-1");
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto error = access::testing::body_json(bad).at("error");
  EXPECT_EQ(error.at("field"), "from");
  EXPECT_EQ(error.at("details").as_array().size(), 2u);
  EXPECT_EQ(client_->get("/api/v1/audit?limit=501").status, 422);
}

ACCESS_ON_BOTH_BACKENDS(AuditPages);

}  // namespace
