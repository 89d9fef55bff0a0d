// Tests for the audit trail on fresh SQLite and PostgreSQL databases.
#include "audit/audit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

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

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

}  // namespace
