// PostgreSQL connections (see postgres_connection.hpp).
#include "store/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "core/blocking.hpp"
#include "store/pool.hpp"

namespace coproduce::store {
namespace {

constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kNumeric = 1700;
constexpr std::size_t kStatementCacheLimit = 512;
constexpr const char* kUniqueViolation = "23505";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Builds the error from the result's fields. The DETAIL field is left out:
// for key violations it quotes the key's values, which may be personal data.
// For the same reason data errors (class 22, which quote the bad input) keep
// only their code and the column or type they concern.
[[noreturn]] void fail(PGconn* connection, const PGresult* result, const std::string& context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (!state) {
    throw DatabaseError("postgresql: " + context + ": " + trimmed(PQerrorMessage(connection)));
  }
  std::string code = state;
  std::string message = "postgresql: " + context + ": ";
  if (code.starts_with("22")) {
    message += "invalid data for the statement";
    if (auto* column = PQresultErrorField(result, PG_DIAG_COLUMN_NAME)) {
      message += std::string(" in column '") + column + "'";
    } else if (auto* type = PQresultErrorField(result, PG_DIAG_DATATYPE_NAME)) {
      message += std::string(" of type ") + type;
    }
  } else {
    message += trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
  }
  message += " (SQLSTATE " + code + ")";
  throw DatabaseError(message, code == kUniqueViolation);
}

void ignore_notice(void*, const char*) {}

// Results look as they do on SQLite: integers (and whole numerics, which is
// what SUM of a BIGINT gives) as int64, booleans as 0/1, the rest as text.
Value to_value(Oid type, const char* text, int length) {
  if (type == kBool) return std::int64_t{text[0] == 't'};
  if (type == kInt8 || type == kInt4 || type == kInt2 || type == kNumeric) {
    std::int64_t n = 0;
    auto [end, error] = std::from_chars(text, text + length, n);
    if (error == std::errc() && end == text + length) return n;
  }
  return std::string(text, static_cast<std::size_t>(length));
}

class PostgresConnection final : public PooledConnection {
 public:
  explicit PostgresConnection(const std::string& uri) : connection_(PQconnectdb(uri.c_str())) {
    if (!connection_) throw DatabaseError("postgresql: cannot connect: out of memory");
    if (PQstatus(connection_) != CONNECTION_OK) {
      std::string reason = trimmed(PQerrorMessage(connection_));
      PQfinish(connection_);
      throw DatabaseError("postgresql: cannot connect: " + reason);
    }
    // Notices ("table already exists, skipping") would otherwise go to stderr.
    PQsetNoticeProcessor(connection_, ignore_notice, nullptr);
    if (PQsetClientEncoding(connection_, "UTF8") != 0) {
      PQfinish(connection_);
      throw DatabaseError("postgresql: the server cannot use UTF-8 as client encoding");
    }
  }

  ~PostgresConnection() override { PQfinish(connection_); }

  Dialect dialect() const override { return Dialect::postgresql; }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    Result result = run(sql, params);
    int field_count = PQnfields(result.get());
    int row_count = PQntuples(result.get());
    auto names = std::make_shared<std::vector<std::string>>();
    std::vector<Oid> types;
    names->reserve(field_count);
    for (int f = 0; f < field_count; ++f) {
      names->emplace_back(PQfname(result.get(), f));
      types.push_back(PQftype(result.get(), f));
    }
    ColumnNames columns = std::move(names);
    std::vector<Row> rows;
    rows.reserve(row_count);
    for (int r = 0; r < row_count; ++r) {
      std::vector<Value> values;
      values.reserve(field_count);
      for (int f = 0; f < field_count; ++f) {
        if (PQgetisnull(result.get(), r, f)) {
          values.emplace_back(std::monostate{});
          continue;
        }
        values.push_back(
            to_value(types[f], PQgetvalue(result.get(), r, f), PQgetlength(result.get(), r, f)));
      }
      rows.emplace_back(columns, std::move(values));
    }
    return rows;
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    Result result = run(sql, params);
    // Like SQLite, count only rows written: a SELECT changed nothing.
    if (std::string_view(PQcmdStatus(result.get())).starts_with("SELECT")) return 0;
    const char* changed = PQcmdTuples(result.get());
    std::int64_t n = 0;
    std::from_chars(changed, changed + std::strlen(changed), n);
    return n;
  }

  void execute_script(std::string_view sql) override {
    std::string script(sql);
    core::Blocking waiting;  // a round trip to the server
    Result result(PQexec(connection_, script.c_str()));
    check(result, "script failed");
  }

  void begin() override {
    // PostgreSQL would only warn, and the inner COMMIT would end the outer transaction.
    if (PQtransactionStatus(connection_) != PQTRANS_IDLE) {
      throw DatabaseError("postgresql: a transaction is already open on this connection");
    }
    command("BEGIN");
  }
  void commit() override {
    // COMMIT of a transaction aborted by an earlier error silently rolls back.
    if (command("COMMIT") == "ROLLBACK") {
      throw DatabaseError(
          "postgresql: the transaction had already failed and was rolled back, not committed");
    }
  }
  void rollback() override { command("ROLLBACK"); }

  bool recycle() noexcept override {
    if (PQstatus(connection_) != CONNECTION_OK) return reconnect();
    switch (PQtransactionStatus(connection_)) {
      case PQTRANS_IDLE:
        break;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR: {
        // A borrower left a transaction open: undo it rather than leak its locks.
        core::Blocking waiting;
        Result result(PQexec(connection_, "ROLLBACK"));
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) return reconnect();
        break;
      }
      default:
        return reconnect();
    }
    if (prepared_.size() > kStatementCacheLimit) {
      core::Blocking waiting;
      Result result(PQexec(connection_, "DEALLOCATE ALL"));
      prepared_.clear();
    }
    return true;
  }

 private:
  bool reconnect() noexcept {
    prepared_.clear();  // the server forgot them with the old session
    core::Blocking waiting;
    PQreset(connection_);
    return PQstatus(connection_) == CONNECTION_OK;
  }

  void check(const Result& result, const std::string& context) {
    auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      fail(connection_, result.get(), context);
    }
  }

  std::string command(const char* sql) {
    core::Blocking waiting;
    Result result(PQexec(connection_, sql));
    check(result, std::string(sql) + " failed");
    return PQcmdStatus(result.get());
  }

  // Integers travel as int8 so that `SELECT $1` comes back as an integer, as on SQLite.
  Result run(std::string_view sql, const Params& params) {
    std::vector<std::string> integers(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<Oid> types(params.size(), 0);
    std::string key(sql);
    key += '\x1f';
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (auto* n = std::get_if<std::int64_t>(&params[i])) {
        integers[i] = std::to_string(*n);
        values[i] = integers[i].c_str();
        types[i] = kInt8;
        key += 'i';
      } else if (auto* s = std::get_if<std::string>(&params[i])) {
        if (s->find('\0') != std::string::npos) {
          throw DatabaseError("postgresql: text parameter " + std::to_string(i + 1) +
                              " contains a NUL byte");
        }
        values[i] = s->c_str();
        key += 't';
      } else {
        key += 't';
      }
    }
    const std::string& name = prepare(key, sql, types);
    core::Blocking waiting;
    Result result(PQexecPrepared(connection_, name.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0));
    check(result, "statement failed");
    return result;
  }

  // Returns the name of the statement prepared for `key` on this connection.
  const std::string& prepare(const std::string& key, std::string_view sql,
                             const std::vector<Oid>& types) {
    auto found = prepared_.find(key);
    if (found != prepared_.end()) return found->second;
    std::string name = "s" + std::to_string(++statements_named_);
    std::string text(sql);
    core::Blocking waiting;
    Result result(PQprepare(connection_, name.c_str(), text.c_str(), static_cast<int>(types.size()),
                            types.data()));
    check(result, "cannot prepare statement");
    return prepared_.emplace(key, std::move(name)).first->second;
  }

  PGconn* connection_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL + parameter kinds -> name
  std::uint64_t statements_named_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& uri, int pool_size) {
  auto database = std::make_unique<PooledDatabase>(
      Dialect::postgresql, pool_size, [uri] { return std::make_unique<PostgresConnection>(uri); });
  database->acquire();  // connects now, so a wrong URL or a stopped server fails at start
  return database;
}

}  // namespace coproduce::store
