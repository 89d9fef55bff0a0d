// Migrations on both backends (applied once, in order, all-or-nothing, safe
// when two processes start together, refusing a database from a newer
// program) and the assembly of migration files.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "store/testing/backend_test.hpp"
#include "store/migration_files.hpp"

namespace coproduce::store {
namespace {

using Migrate = BackendTest;

const Migration kFirst{1, "first",
                       "CREATE TABLE alpha (organisation_id TEXT NOT NULL, id TEXT NOT NULL,"
                       " PRIMARY KEY (organisation_id, id));"
                       "INSERT INTO alpha VALUES ('org', 'it''s ''$1''')",
                       "", ""};
const Migration kSecond{2, "second", "",
                        "CREATE TABLE beta (organisation_id TEXT NOT NULL, made_by TEXT);"
                        "INSERT INTO beta VALUES ('org', 'sqlite')",
                        "CREATE TABLE beta (organisation_id TEXT NOT NULL, made_by TEXT);"
                        "INSERT INTO beta VALUES ('org', 'postgresql')"};

std::int64_t count(Database& db, const std::string& table) {
  return db.acquire()->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
}

TEST_P(Migrate, AppliesEachOnceInOrderWithTheDialectVariant) {
  EXPECT_EQ(migrate(db(), {kFirst, kSecond}), 2);
  EXPECT_EQ(migrate(db(), {kFirst, kSecond}), 0);
  auto c = db().acquire();
  auto rows = c->query("SELECT number, name, applied_at FROM schema_migrations ORDER BY number");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].integer(0), 1);
  EXPECT_EQ(rows[1].text(1), "second");
  EXPECT_EQ(rows[1].text(2).size(), 20u);  // 2026-01-01T00:00:00Z
  EXPECT_EQ(c->query_one("SELECT id FROM alpha")->text(0), "it's '$1'");
  EXPECT_EQ(c->query_one("SELECT made_by FROM beta")->text(0), testing::dialect_name(GetParam()));
}

TEST_P(Migrate, AppliesOnlyTheNewOnes) {
  EXPECT_EQ(migrate(db(), {kFirst}), 1);
  EXPECT_EQ(migrate(db(), {kFirst, kSecond}), 1);
  EXPECT_EQ(count(db(), "schema_migrations"), 2);
}

TEST_P(Migrate, RefusesADatabaseFromANewerProgram) {
  migrate(db(), {kFirst, kSecond});
  try {
    migrate(db(), {kFirst});
    FAIL() << "unknown migration accepted";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_second"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  Migration renamed = kSecond;
  renamed.name = "other";
  EXPECT_THROW(migrate(db(), {kFirst, renamed}), DatabaseError);
}

TEST_P(Migrate, AFailingMigrationLeavesNothingAndNamesItself) {
  migrate(db(), {kFirst});
  Migration broken{
      2, "broken",
      "CREATE TABLE gamma (organisation_id TEXT NOT NULL); INSERT INTO nowhere VALUES (1)", "", ""};
  try {
    migrate(db(), {kFirst, broken});
    FAIL() << "broken migration accepted";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_broken"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count(db(), "schema_migrations"), 1);
  EXPECT_THROW(count(db(), "gamma"), DatabaseError);  // its first statement was undone too
  Migration fixed{2, "broken", "CREATE TABLE gamma (organisation_id TEXT NOT NULL)", "", ""};
  EXPECT_EQ(migrate(db(), {kFirst, fixed}), 1);
}

TEST_P(Migrate, TwoProcessesStartingTogetherApplyEachOnce) {
  std::vector<Migration> many;
  for (int i = 1; i <= 8; ++i) {
    many.push_back({i, "m" + std::to_string(i),
                    "CREATE TABLE t" + std::to_string(i) + " (organisation_id TEXT NOT NULL)", "",
                    ""});
  }
  auto other = open_database(url(), 1);  // a second "process": its own pool
  int applied_here = 0, applied_there = 0;
  std::thread there([&] { applied_there = migrate(*other, many); });
  applied_here = migrate(db(), many);
  there.join();
  EXPECT_EQ(applied_here + applied_there, 8);
  EXPECT_EQ(count(db(), "schema_migrations"), 8);
}

TEST_P(Migrate, RefusesAnUnorderedList) {
  EXPECT_THROW(migrate(db(), {kSecond, kFirst}), std::invalid_argument);
  EXPECT_THROW(migrate(db(), {kFirst, kFirst}), std::invalid_argument);
}

COPRODUCE_ON_BOTH_BACKENDS(Migrate);

TEST(MigrationFiles, GroupsVariantsAndSortsByNumber) {
  auto migrations = assemble_migrations({{"0002_b.postgres.sql", "P"},
                                         {"0010_c.sql", "C"},
                                         {"0002_b.sql", "B"},
                                         {"0001_a.sql", "A"},
                                         {"0002_b.sqlite.sql", "S"}});
  ASSERT_EQ(migrations.size(), 3u);
  EXPECT_EQ(migrations[0].name, "a");
  EXPECT_EQ(migrations[1].number, 2);
  EXPECT_EQ(migrations[1].sql, "B");
  EXPECT_EQ(migrations[1].sqlite_sql, "S");
  EXPECT_EQ(migrations[1].postgres_sql, "P");
  EXPECT_EQ(migrations[2].number, 10);
}

TEST(MigrationFiles, RefusesDuplicateNumbersAndBadNames) {
  try {
    assemble_migrations({{"0003_people.sql", ""}, {"0003_places.sql", ""}});
    FAIL() << "duplicate number accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("0003_places.sql"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0003_people.sql"), std::string::npos) << e.what();
  }
  EXPECT_THROW(assemble_migrations({{"3_short.sql", ""}}), std::invalid_argument);
  EXPECT_THROW(assemble_migrations({{"0003_Caps.sql", ""}}), std::invalid_argument);
  EXPECT_THROW(assemble_migrations({{"0003_x.txt", ""}}), std::invalid_argument);
  EXPECT_THROW(assemble_migrations({{"0003_only.sqlite.sql", ""}}), std::invalid_argument);
  EXPECT_THROW(assemble_migrations({{"0003_x.sql", ""}, {"0003_x.sql", ""}}),
               std::invalid_argument);
}

}  // namespace
}  // namespace coproduce::store
