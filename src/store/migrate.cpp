// Applies numbered migrations, each in its own transaction, recording them in
// schema_migrations. Two processes starting at once are safe: on PostgreSQL
// each transaction takes an advisory lock, on SQLite BEGIN IMMEDIATE already
// admits one writer; either way a migration is re-checked under the lock.
#include <ctime>
#include <map>
#include <stdexcept>

#include "store/database.hpp"

namespace coproduce::store {
namespace {

constexpr std::int64_t kMigrationLock = 0x636f70726f64;  // "coprod"

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string label(int number, const std::string& name) {
  std::string digits = std::to_string(number);
  return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits + "_" + name;
}

void check_order(const std::vector<Migration>& migrations) {
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].number <= migrations[i - 1].number) {
      throw std::invalid_argument("migrations must have distinct numbers in increasing order; " +
                                  label(migrations[i].number, migrations[i].name) + " follows " +
                                  label(migrations[i - 1].number, migrations[i - 1].name));
    }
  }
}

// Refuses a database that a different program version shaped.
void check_known(const std::map<int, std::string>& applied,
                 const std::vector<Migration>& migrations) {
  std::map<int, const Migration*> known;
  for (const auto& m : migrations) known[m.number] = &m;
  for (const auto& [number, name] : applied) {
    auto it = known.find(number);
    if (it == known.end()) {
      throw DatabaseError("the database has migration " + label(number, name) +
                          ", which this program does not know: a newer coproduce has used this "
                          "database; run that version (or newer) instead");
    }
    if (it->second->name != name) {
      throw DatabaseError("the database records migration " + label(number, name) +
                          " but this program's migration " + std::to_string(number) + " is " +
                          label(number, it->second->name) + "; they must not differ");
    }
  }
}

}  // namespace

int migrate(Database& db, const std::vector<Migration>& migrations) {
  check_order(migrations);
  auto connection = db.acquire();
  Connection& c = *connection;
  bool postgres = c.dialect() == Dialect::postgresql;
  auto lock = [&] {
    if (postgres) c.execute("SELECT pg_advisory_xact_lock($1)", {kMigrationLock});
  };

  c.transaction([&] {
    lock();
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    std::map<int, std::string> applied;
    for (const Row& row : c.query("SELECT number, name FROM schema_migrations")) {
      applied[static_cast<int>(row.integer(0))] = row.text(1);
    }
    check_known(applied, migrations);
  });

  int count = 0;
  for (const Migration& m : migrations) {
    const std::string& variant = postgres ? m.postgres_sql : m.sqlite_sql;
    const std::string& sql = variant.empty() ? m.sql : variant;
    try {
      bool applied_now = c.transaction([&] {
        lock();
        if (c.query_one("SELECT 1 FROM schema_migrations WHERE number = $1",
                        {std::int64_t{m.number}})) {
          return false;  // another process got here first
        }
        c.execute_script(sql);
        c.execute("INSERT INTO schema_migrations (number, name, applied_at) VALUES ($1, $2, $3)",
                  {std::int64_t{m.number}, m.name, utc_now()});
        return true;
      });
      if (applied_now) ++count;
    } catch (const DatabaseError& e) {
      throw DatabaseError("migration " + label(m.number, m.name) + " failed: " + e.what(),
                          e.unique_violation());
    }
  }
  return count;
}

}  // namespace coproduce::store
