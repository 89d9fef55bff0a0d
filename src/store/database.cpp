// Row accessors, Connection::query_one and open_database, which picks the
// backend from the URL.
#include "store/database.hpp"

#include <stdexcept>

#include "store/database_url.hpp"
#include "store/postgres/postgres_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace coproduce::store {
namespace {

// Accessor errors name the column, never its value (it may be personal data).
[[noreturn]] void wrong_type(const Row& row, std::size_t i, const char* wanted) {
  const Value& v = row.value(i);
  const char* actual = std::holds_alternative<std::monostate>(v) ? "NULL"
                       : std::holds_alternative<std::int64_t>(v) ? "an integer"
                                                                 : "text";
  throw DatabaseError("column '" + row.column(i) + "' is " + actual + ", not " + wanted);
}

}  // namespace

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<std::monostate>(values_.at(i));
}

std::int64_t Row::integer(std::size_t i) const {
  if (auto* v = std::get_if<std::int64_t>(&values_.at(i))) return *v;
  wrong_type(*this, i, "an integer");
}

const std::string& Row::text(std::size_t i) const {
  if (auto* v = std::get_if<std::string>(&values_.at(i))) return *v;
  wrong_type(*this, i, "text");
}

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<Row> Connection::query_one(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  if (rows.size() > 1) {
    throw DatabaseError("query_one expected at most one row but got " +
                        std::to_string(rows.size()));
  }
  return std::move(rows.front());
}

std::unique_ptr<Database> open_database(std::string_view url, int pool_size) {
  if (pool_size < 1) throw std::invalid_argument("database pool size must be at least 1");
  DatabaseUrl parsed = parse_database_url(url);
  if (parsed.dialect == Dialect::sqlite)
    return open_sqlite(parsed.sqlite_path, pool_size, parsed.sqlite_durable);
  return open_postgres(parsed.postgres_uri, pool_size);
}

}  // namespace coproduce::store
