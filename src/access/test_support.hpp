// Shared fixture for access tests: a fresh migrated database (SQLite, then
// PostgreSQL: tests are parameterised by dialect) with two organisations and
// people holding different roles in each.
#pragma once

#include <gtest/gtest.h>

#include "access/access.hpp"
#include "access/repository.hpp"
#include "audit/module.hpp"
#include "core/ids.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "web/module.hpp"
#include "store/database.hpp"
#include "store/testing/test_databases.hpp"

namespace coproduce::access::testing {

inline constexpr const char* kPassword = "correct horse battery staple";

// The modules the access tests need, access last, with the given options.
inline std::vector<module::Module> modules(AccessOptions options = {}) {
  return {{"web", web::load},
          {"audit", audit::load},
          {"notify", notify::load},
          {"access", [options](module::Loader& l) { access::load_with(l, options); }}};
}

class AccessFixture : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    module::testing::load(modules(), db_.get());
    auto c = db_->acquire();
    c->transaction([&] {
      north_ = create_organisation(*c, "north", "North Council", "en");
      south_ = create_organisation(*c, "south", "Cyngor y De", "cy");
      alice_ = create_account(*c, "Alice@Example.org", "Alice", kPassword);
      bob_ = create_account(*c, "bob@example.org", "Bob", kPassword);
      add_membership(*c, north_, alice_, core::Role::officer);
      add_membership(*c, north_, bob_, core::Role::resident);
      add_membership(*c, south_, bob_, core::Role::officer);
    });
  }
  std::int64_t count(const std::string& table) {
    return db_->acquire()->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
  }

  // Everything the audit trail stores, as one string, to search for secrets.
  std::string all_audit_json() {
    std::string all;
    for (const auto& row :
         db_->acquire()->query("SELECT before_json, after_json FROM audit_events"))
      for (std::size_t i = 0; i < 2; ++i)
        if (!row.is_null(i)) all += row.text(i) + "\n";
    return all;
  }

  std::unique_ptr<store::Database> db_;
  std::string north_, south_, alice_, bob_;
};

inline std::string backend_name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return store::testing::dialect_name(info.param);
}

}  // namespace coproduce::access::testing

// Runs a fixture's TEST_P tests on both backends.
#define ACCESS_ON_BOTH_BACKENDS(Fixture)                                                           \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Backends, Fixture,                                                                           \
      ::testing::Values(coproduce::store::Dialect::sqlite, coproduce::store::Dialect::postgresql), \
      coproduce::access::testing::backend_name)
