// URL parsing, open_database's errors, and the $N -> ?N rewriting for SQLite.
#include "store/database_url.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_connection.hpp"

namespace coproduce::store {
namespace {

TEST(DatabaseUrl, AcceptsTheDocumentedForms) {
  EXPECT_EQ(parse_database_url("sqlite:///var/lib/coproduce.db").sqlite_path,
            "/var/lib/coproduce.db");
  EXPECT_EQ(parse_database_url("sqlite://data/coproduce.db").sqlite_path, "data/coproduce.db");
  EXPECT_EQ(parse_database_url("sqlite::memory:").sqlite_path, ":memory:");
  for (const char* url :
       {"postgresql://app@127.0.0.1:5432/coproduce",
        "postgres://app:pw@db.example.org/coproduce?sslmode=require",
        "postgresql://app@[::1]:5433/coproduce", "postgresql:///coproduce?host=/run/postgresql"}) {
    auto parsed = parse_database_url(url);
    EXPECT_EQ(parsed.dialect, Dialect::postgresql) << url;
    EXPECT_EQ(parsed.postgres_uri, url);
  }
}

// Each bad URL gets an error naming its problem; the password never appears.
TEST(DatabaseUrl, RefusesBadUrlsSayingWhy) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty"},
      {"coproduce.db", "no scheme"},
      {"mysql://app@host/db", "unsupported scheme 'mysql'"},
      {"sqlite:", "sqlite://"},
      {"sqlite://", "no file path"},
      {"postgresql://app@host", "no database"},
      {"postgresql://app@host:5432/", "no database"},
      {"postgresql://app:hunter2@host:port/db", "port"},
      {"postgresql://app:hunter2@host:70000/db", "port"},
      {"postgresql://app@/db", "no host"},
      {"postgresql:app@host/db", "postgresql://"},
  };
  for (const auto& [url, problem] : cases) {
    try {
      parse_database_url(url);
      ADD_FAILURE() << "accepted " << url;
    } catch (const std::invalid_argument& e) {
      std::string message = e.what();
      EXPECT_NE(message.find(problem), std::string::npos) << url << ": " << message;
      EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    }
  }
}

TEST(OpenDatabase, ReportsWhatWentWrong) {
  EXPECT_THROW(open_database("nonsense"), std::invalid_argument);
  EXPECT_THROW(open_database("sqlite::memory:", 0), std::invalid_argument);
  try {
    open_database("sqlite:///nonexistent-dir/x/coproduce.db");
    FAIL() << "opened a file in a missing directory";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/coproduce.db"), std::string::npos)
        << e.what();
  }
  try {
    open_database("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2");
    FAIL() << "connected to a closed port";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
  }
}

TEST(DatabaseUrlHosts, NamesSeveralPostgresHostsForFailover) {
  auto url = parse_database_url(
      "postgresql://app@10.0.0.1:5432,10.0.0.2:5433/coproduce?target_session_attrs=read-write");
  EXPECT_EQ(url.dialect, Dialect::postgresql);
  EXPECT_NE(url.postgres_uri.find("10.0.0.2:5433"), std::string::npos);
  EXPECT_THROW(parse_database_url("postgresql://app@10.0.0.1:5432,10.0.0.2:99999/db"), std::invalid_argument);
  EXPECT_THROW(parse_database_url("postgresql://app@,/db"), std::invalid_argument);
  auto sqlite = parse_database_url("sqlite:///tmp/a.db?sync=off");
  EXPECT_EQ(sqlite.sqlite_path, "/tmp/a.db");
  EXPECT_FALSE(sqlite.sqlite_durable);
  EXPECT_TRUE(parse_database_url("sqlite:///tmp/a.db").sqlite_durable);
  EXPECT_THROW(parse_database_url("sqlite:///tmp/a.db?sync=sometimes"), std::invalid_argument);
}

TEST(SqliteParameters, RewritesOnlyFreeStandingDollarNumbers) {
  EXPECT_EQ(sqlite_parameters("SELECT $1, $12 FROM t WHERE a = $2"),
            "SELECT ?1, ?12 FROM t WHERE a = ?2");
  EXPECT_EQ(sqlite_parameters("SELECT 'it''s $1', $1"), "SELECT 'it''s $1', ?1");
  EXPECT_EQ(sqlite_parameters("SELECT \"col$1\", a$1, $x, $$, $"),
            "SELECT \"col$1\", a$1, $x, $$, $");
  EXPECT_EQ(sqlite_parameters("SELECT $1 -- $2\n, /* $3 */ $4"), "SELECT ?1 -- $2\n, /* $3 */ ?4");
  EXPECT_EQ(sqlite_parameters("SELECT 'unterminated $1"), "SELECT 'unterminated $1");
}

}  // namespace
}  // namespace coproduce::store
