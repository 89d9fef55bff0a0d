// The one storage interface every module uses. SQL is written once, in the
// subset SQLite and PostgreSQL share, with PostgreSQL-style numbered
// parameters ($1, $2, ...); the SQLite backend maps them to ?1, ?2.
// Values are NULL, 64-bit integers or text: money is integer minor units,
// dates are ISO-8601 text, so no floating point ever reaches storage.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace coproduce::store {

using Value = std::variant<std::monostate, std::int64_t, std::string>;
using Params = std::vector<Value>;

inline Value null() { return std::monostate{}; }
// An optional that is NULL when empty.
template <class T>
Value maybe(const std::optional<T>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

// The column names are shared by every row of a result, not copied per row.
using ColumnNames = std::shared_ptr<const std::vector<std::string>>;

class Row {
 public:
  Row(ColumnNames columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;  // throws if NULL or not an integer
  const std::string& text(std::size_t i) const;  // throws if NULL or not text
  std::optional<std::int64_t> opt_integer(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  const Value& value(std::size_t i) const { return values_.at(i); }
  const std::string& column(std::size_t i) const { return columns_->at(i); }

 private:
  ColumnNames columns_;
  std::vector<Value> values_;
};

// Thrown for any database failure; `unique_violation` lets callers turn a
// duplicate key into a 409 that names the field.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& message, bool unique_violation = false)
      : std::runtime_error(message), unique_violation_(unique_violation) {}
  bool unique_violation() const { return unique_violation_; }

 private:
  bool unique_violation_;
};

enum class Dialect { sqlite, postgresql };

// One connection; not shared between threads at the same time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement and returns all its rows (none for INSERT/UPDATE without RETURNING).
  virtual std::vector<Row> query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual void begin() = 0;  // SQLite: BEGIN IMMEDIATE, so writers serialise up front
  virtual void commit() = 0;
  virtual void rollback() = 0;

  std::optional<Row> query_one(std::string_view sql, const Params& params = {});

  // Runs `work` in a transaction: commits when it returns, rolls back and
  // rethrows when it throws. Nothing half-written survives an error.
  template <class F>
  auto transaction(F&& work) -> decltype(work()) {
    begin();
    try {
      if constexpr (std::is_void_v<decltype(work())>) {
        work();
        commit();
      } else {
        auto result = work();
        commit();
        return result;
      }
    } catch (...) {
      try {
        rollback();
      } catch (...) {
      }
      throw;
    }
  }
};

// How commits reached the disk: with group commit, syncs < commits under load.
struct CommitStats {
  std::uint64_t commits = 0;
  std::uint64_t syncs = 0;
};

// A pool of connections sized to the worker threads.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // SQLite's group commit counts; nullopt where the database syncs by itself.
  virtual std::optional<CommitStats> commit_stats() const { return std::nullopt; }
  // Borrows a connection; it returns to the pool when the handle is destroyed.
  using Handle = std::unique_ptr<Connection, std::function<void(Connection*)>>;
  virtual Handle acquire() = 0;
};

// Opens `url`: "sqlite:///abs/path.db", "sqlite://relative.db", "sqlite::memory:"
// or "postgresql://user[:password]@host:port/dbname[?options]".
// Throws std::invalid_argument naming what is wrong with the URL.
std::unique_ptr<Database> open_database(std::string_view url, int pool_size = 4);

// A numbered migration. `sql` runs on both dialects unless a dialect-specific
// variant is present.
struct Migration {
  int number;
  std::string name;
  std::string sql;
  std::string sqlite_sql;    // optional override
  std::string postgres_sql;  // optional override
};

// Applies, in order and each in its own transaction, every migration not yet
// recorded in schema_migrations. Returns how many it applied. Refuses (throws)
// when the database records a migration this program does not know. The list
// comes from the modules (module::Registry::migrations()).
int migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace coproduce::store
