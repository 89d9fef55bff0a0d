// The Database interface on both backends: values round-trip exactly,
// transactions are all-or-nothing, errors are classified without leaking
// values, and the pool serves concurrent writers without lost updates.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <chrono>
#include <cstdint>
#include <limits>
#include <thread>

#include "store/testing/backend_test.hpp"

namespace coproduce::store {
namespace {

using Store = BackendTest;
constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
constexpr auto kMax = std::numeric_limits<std::int64_t>::max();

void create_items(Connection& c) {
  c.execute_script(
      "CREATE TABLE items (organisation_id TEXT NOT NULL, id TEXT NOT NULL, n BIGINT, s TEXT,"
      " PRIMARY KEY (organisation_id, id))");
}

TEST_P(Store, RoundTripsNullIntegersAndText) {
  auto c = db().acquire();
  create_items(*c);
  const std::vector<std::pair<Value, Value>> cases = {
      {null(), null()},
      {kMin, std::string("")},
      {kMax, std::string("Ŵyn a ŷd — Gwasanaethau Cymraeg")},
      {std::int64_t{0}, std::string("O'Brien said \"hi\"; -- not a comment")},
      {std::int64_t{-1}, std::string("costs '$1' and $2 ? ?1 😀")},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(
        c->execute("INSERT INTO items (organisation_id, id, n, s) VALUES ($1, $2, $3, $4)",
                   {std::string("org"), "id" + std::to_string(i), cases[i].first, cases[i].second}),
        1);
  }
  auto rows = c->query("SELECT id, n, s FROM items WHERE organisation_id = $1 ORDER BY id",
                       {std::string("org")});
  ASSERT_EQ(rows.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(rows[i].text(0), "id" + std::to_string(i));
    EXPECT_EQ(rows[i].value(1), cases[i].first) << i;
    EXPECT_EQ(rows[i].value(2), cases[i].second) << i;
  }
  EXPECT_EQ(rows[0].column(2), "s");
}

TEST_P(Store, DollarInsideStringLiteralIsNotAParameter) {
  auto c = db().acquire();
  auto row = c->query_one("SELECT 'costs $1, it''s $2' AS label, $2 AS second, $1 AS first",
                          {std::int64_t{7}, std::string("ŵ")});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "costs $1, it's $2");
  EXPECT_EQ(row->text(1), "ŵ");
  EXPECT_EQ(row->integer(2), 7);
}

TEST_P(Store, AccessorsRefuseTheWrongType) {
  auto c = db().acquire();
  auto row = c->query_one("SELECT CAST(NULL AS TEXT) AS missing, 'x' AS word, 5 AS five");
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->is_null(0));
  EXPECT_EQ(row->opt_text(0), std::nullopt);
  EXPECT_EQ(row->opt_integer(0), std::nullopt);
  EXPECT_EQ(row->opt_text(1), "x");
  EXPECT_EQ(row->opt_integer(2), 5);
  EXPECT_THROW(row->integer(1), DatabaseError);
  EXPECT_THROW(row->text(2), DatabaseError);
  EXPECT_THROW(row->text(0), DatabaseError);
  try {
    row->integer(1);
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("'word'"), std::string::npos) << e.what();
  }
}

TEST_P(Store, QueryOneAndExecuteCounts) {
  auto c = db().acquire();
  create_items(*c);
  for (int i = 0; i < 3; ++i) {
    c->execute("INSERT INTO items (organisation_id, id, n) VALUES ('org', $1, $2)",
               {"i" + std::to_string(i), std::int64_t{i}});
  }
  EXPECT_EQ(c->execute("UPDATE items SET n = n + 10 WHERE organisation_id = 'org'"), 3);
  EXPECT_EQ(c->query_one("SELECT n FROM items WHERE id = $1", {std::string("none")}), std::nullopt);
  EXPECT_EQ(c->query_one("SELECT n FROM items WHERE id = $1", {std::string("i2")})->integer(0), 12);
  EXPECT_THROW(c->query_one("SELECT n FROM items"), DatabaseError);
  EXPECT_EQ(c->execute("SELECT n FROM items"), 0);  // a read changes nothing
  EXPECT_EQ(c->execute("DELETE FROM items WHERE id = 'i0' RETURNING id"), 1);
  EXPECT_EQ(c->query_one("SELECT 1; -- trailing comment")->integer(0), 1);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM items")->integer(0), 2);
}

// Aggregates and comparisons come back as integers on both backends
// (PostgreSQL's SUM of BIGINT is numeric, its comparisons boolean).
TEST_P(Store, AggregatesAndComparisonsAreIntegers) {
  auto c = db().acquire();
  create_items(*c);
  c->execute("INSERT INTO items (organisation_id, id, n) VALUES ('org', 'a', $1), ('org', 'b', 3)",
             {kMax - 5});
  auto row = c->query_one(
      "SELECT SUM(n) AS total, COUNT(*) AS rows, MAX(n) > 3 AS bigger, MIN(n) > 3 AS smaller,"
      " EXISTS (SELECT 1 FROM items WHERE id = 'b') AS found FROM items");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->integer(0), kMax - 2);
  EXPECT_EQ(row->integer(1), 2);
  EXPECT_EQ(row->integer(2), 1);
  EXPECT_EQ(row->integer(3), 0);
  EXPECT_EQ(row->integer(4), 1);
}

TEST_P(Store, TransactionCommitsOrLeavesNothing) {
  auto c = db().acquire();
  create_items(*c);
  EXPECT_THROW(c->transaction([&] {
    c->execute("INSERT INTO items (organisation_id, id) VALUES ('org', 'a')");
    c->execute("INSERT INTO items (organisation_id, id) VALUES ('org', 'b')");
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM items")->integer(0), 0);

  // A failing statement inside the transaction also undoes the earlier ones.
  EXPECT_THROW(c->transaction([&] {
    c->execute("INSERT INTO items (organisation_id, id) VALUES ('org', 'a')");
    c->execute("INSERT INTO items (organisation_id, id) VALUES ('org', 'a')");
  }),
               DatabaseError);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM items")->integer(0), 0);

  // Transactions do not nest: the inner one is refused and the outer undone.
  EXPECT_THROW(c->transaction([&] {
    c->execute("INSERT INTO items (organisation_id, id) VALUES ('org', 'outer')");
    c->transaction([] {});
  }),
               DatabaseError);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM items")->integer(0), 0);

  std::int64_t n = c->transaction([&] {
    c->execute("INSERT INTO items (organisation_id, id, n) VALUES ('org', 'a', 41)");
    return c->query_one("SELECT n + 1 FROM items")->integer(0);
  });
  EXPECT_EQ(n, 42);
  EXPECT_EQ(db().acquire()->query_one("SELECT COUNT(*) FROM items")->integer(0), 1);
}

TEST_P(Store, UniqueViolationIsFlaggedWithoutTheValue) {
  auto c = db().acquire();
  c->execute_script(
      "CREATE TABLE people (organisation_id TEXT NOT NULL, email TEXT NOT NULL, name TEXT NOT NULL,"
      " PRIMARY KEY (organisation_id, email))");
  const std::string email = "secret.person@example.org";
  c->execute("INSERT INTO people VALUES ('org', $1, 'A')", {email});
  try {
    c->execute("INSERT INTO people VALUES ('org', $1, 'B')", {email});
    FAIL() << "duplicate key accepted";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.unique_violation());
    EXPECT_EQ(std::string(e.what()).find("secret.person"), std::string::npos) << e.what();
  }
  try {
    c->execute("INSERT INTO people VALUES ('org', 'other@example.org', $1)", {null()});
    FAIL() << "NULL accepted in a NOT NULL column";
  } catch (const DatabaseError& e) {
    EXPECT_FALSE(e.unique_violation());
  }
}

TEST_P(Store, BadStatementsAreClearErrors) {
  auto c = db().acquire();
  try {
    c->query("SELEC 1");
    FAIL() << "syntax error accepted";
  } catch (const DatabaseError& e) {
    EXPECT_FALSE(e.unique_violation());
    EXPECT_NE(std::string(e.what()).find("syntax"), std::string::npos) << e.what();
  }
  EXPECT_THROW(c->query("SELECT 1; SELECT 2"), DatabaseError);
  EXPECT_THROW(c->query("SELECT $1, $2", {std::int64_t{1}}), DatabaseError);
  EXPECT_THROW(c->query("SELECT $1", {std::string("nul\0byte", 8)}), DatabaseError);
  EXPECT_THROW(c->query("SELECT * FROM no_such_table"), DatabaseError);
  // The connection is still usable after every one of those.
  EXPECT_EQ(c->query_one("SELECT 1")->integer(0), 1);
}

TEST_P(Store, ConcurrentWritersLoseNoUpdates) {
  {
    auto c = db().acquire();
    c->execute_script(
        "CREATE TABLE counters (organisation_id TEXT NOT NULL, name TEXT NOT NULL, n BIGINT NOT "
        "NULL, PRIMARY KEY (organisation_id, name));"
        "CREATE TABLE ticks (organisation_id TEXT NOT NULL, n BIGINT NOT NULL,"
        " PRIMARY KEY (organisation_id, n));"
        "INSERT INTO counters VALUES ('org', 'c', 0)");
  }
  constexpr int kThreads = 4, kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        try {
          auto c = db().acquire();
          c->transaction([&] {
            auto n = c->query_one(
                          "UPDATE counters SET n = n + 1 WHERE organisation_id = 'org' AND "
                          "name = 'c' RETURNING n")
                         ->integer(0);
            // Two writers seeing the same n would collide on the primary key here.
            c->execute("INSERT INTO ticks VALUES ('org', $1)", {n});
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto c = db().acquire();
  EXPECT_EQ(c->query_one("SELECT n FROM counters")->integer(0), kThreads * kEach);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM ticks")->integer(0), kThreads * kEach);
}

TEST_P(Store, PoolBlocksUntilAConnectionReturns) {
  auto one = open_database(url(), 1);
  auto held = one->acquire();
  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    auto second = one->acquire();
    acquired = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(acquired);
  held.reset();
  waiter.join();
  EXPECT_TRUE(acquired);
}

TEST_P(Store, AbandonedTransactionIsRolledBackOnReturn) {
  auto one = open_database(url(), 1);
  {
    auto c = one->acquire();
    create_items(*c);
    c->begin();
    c->execute("INSERT INTO items (organisation_id, id) VALUES ('org', 'lost')");
  }  // returned without commit
  auto c = one->acquire();
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM items")->integer(0), 0);
  EXPECT_NO_THROW(c->transaction([] {}));
}

TEST_P(Store, DialectMatchesUrl) {
  EXPECT_EQ(db().dialect(), GetParam());
  EXPECT_EQ(db().acquire()->dialect(), GetParam());
}

COPRODUCE_ON_BOTH_BACKENDS(Store);

TEST(PostgresPool, ResetsAConnectionWhoseServerSessionDied) {
  std::string url;
  ASSERT_NO_THROW(url = testing::postgres_server_url());
  auto one = open_database(url, 1);
  auto killer = open_database(url, 1);
  std::int64_t pid = 0;
  {
    auto c = one->acquire();
    pid = c->query_one("SELECT pg_backend_pid()")->integer(0);
    killer->acquire()->query("SELECT pg_terminate_backend(CAST($1 AS INTEGER))", {pid});
    EXPECT_THROW(c->query("SELECT 1"), DatabaseError);
  }  // returned broken: the pool reconnects it
  auto c = one->acquire();
  EXPECT_EQ(c->query_one("SELECT 1")->integer(0), 1);
  EXPECT_NE(c->query_one("SELECT pg_backend_pid()")->integer(0), pid);
}

TEST(SqliteMemory, KeepsDataAcrossBorrowings) {
  auto db = open_database("sqlite::memory:", 4);
  db->acquire()->execute_script("CREATE TABLE t (organisation_id TEXT NOT NULL, x BIGINT)");
  db->acquire()->execute("INSERT INTO t VALUES ('org', 1)");
  EXPECT_EQ(db->acquire()->query_one("SELECT COUNT(*) FROM t")->integer(0), 1);
}

// Every acknowledged commit is synced to disk before it returns, and commits
// that finish together share a sync (group commit): under concurrent writers
// there are more commits than syncs, and no commit was acknowledged unsynced.
TEST(SqliteDurability, ConcurrentCommitsShareSyncs) {
  auto url = testing::fresh_database_url(Dialect::sqlite);
  auto db = open_database(url, 8);
  db->acquire()->execute_script("CREATE TABLE t (organisation_id TEXT NOT NULL, x BIGINT)");
  auto before = *db->commit_stats();
  EXPECT_GE(before.syncs, 1u) << "even the CREATE TABLE was synced";
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < 50; ++i) {
        auto c = db->acquire();
        c->transaction([&] { c->execute("INSERT INTO t VALUES ('org', $1)", {std::int64_t{w * 1000 + i}}); });
      }
    });
  for (auto& t : writers) t.join();
  auto after = *db->commit_stats();
  EXPECT_EQ(after.commits - before.commits, 400u);
  EXPECT_GT(after.syncs, before.syncs);
  EXPECT_LT(after.syncs - before.syncs, 400u) << "commits finishing together share one sync";
  EXPECT_EQ(db->acquire()->query_one("SELECT COUNT(*) FROM t")->integer(0), 400);
  // sync=off is the benchmarks' ceiling: no syncs at all.
  auto path = url.substr(std::string("sqlite://").size());
  EXPECT_FALSE(open_database("sqlite://" + path + "?sync=off", 1)->commit_stats());
}

// Defect 13: the file and its -wal and -shm were created 0644, readable by
// every local user, though they hold password hashes and emails.
TEST(SqliteFile, IsCreatedReadableByItsOwnerOnly) {
  auto dir = std::filesystem::temp_directory_path() / ("coproduce-mode-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto old_mask = ::umask(022);  // what most systems use: files would be 0644
  auto path = (dir / "private.db").string();
  {
    auto db = open_database("sqlite://" + path, 2);
    db->acquire()->execute_script("CREATE TABLE t (organisation_id TEXT NOT NULL, x BIGINT)");
    db->acquire()->execute("INSERT INTO t VALUES ('org', 1)");
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat((path + suffix).c_str(), &st), 0) << suffix;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << path << suffix;
    }
  }
  // An existing file others could read is tightened when it is opened.
  ::chmod(path.c_str(), 0644);
  open_database("sqlite://" + path, 1);
  struct stat st {};
  ::stat(path.c_str(), &st);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ::umask(old_mask);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace coproduce::store
