// A gtest fixture run once per backend: each test gets its own empty database.
// PostgreSQL that cannot be started fails the test with the reason. Other
// modules use it too: derive a fixture from BackendTest, write TEST_P, then
// COPRODUCE_ON_BOTH_BACKENDS(YourFixture); link coproduce_store_testing.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>

#include "store/database.hpp"
#include "store/testing/test_databases.hpp"

namespace coproduce::store {

class BackendTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    try {
      url_ = testing::fresh_database_url(GetParam());
      db_ = open_database(url_, 4);
    } catch (const std::exception& e) {
      FAIL() << "no " << testing::dialect_name(GetParam()) << " database: " << e.what();
    }
  }
  Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::unique_ptr<Database> db_;
};

// So gtest names the backend instead of dumping its bytes.
inline void PrintTo(Dialect dialect, std::ostream* out) { *out << testing::dialect_name(dialect); }

inline std::string backend_name(const ::testing::TestParamInfo<Dialect>& info) {
  return testing::dialect_name(info.param);
}

}  // namespace coproduce::store

#define COPRODUCE_ON_BOTH_BACKENDS(suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                            \
                           ::testing::Values(::coproduce::store::Dialect::sqlite,      \
                                             ::coproduce::store::Dialect::postgresql), \
                           ::coproduce::store::backend_name)
