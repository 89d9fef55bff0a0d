// SQLite connections with a per-connection prepared-statement cache.
#include "store/sqlite/sqlite_connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "core/blocking.hpp"
#include "store/pool.hpp"

namespace coproduce::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr std::size_t kStatementCacheLimit = 512;

bool is_unique_violation(int extended_code) {
  return extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY;
}

// sqlite3_errmsg names tables, columns and constraints but never bound values.
[[noreturn]] void fail(sqlite3* db, const std::string& context) {
  int code = sqlite3_extended_errcode(db);
  throw DatabaseError("sqlite: " + context + ": " + sqlite3_errmsg(db), is_unique_violation(code));
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// Lets the statement cache be searched with a string_view, without a copy.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

// Leaves a cached statement ready for its next use however the step ends.
struct ResetOnExit {
  sqlite3_stmt* statement;
  ~ResetOnExit() {
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
  }
};

// Group commit. Connections run with synchronous=NORMAL, so COMMIT writes the
// write-ahead log without waiting for the disk; then, before the commit is
// acknowledged, the log is synced. Commits that finish while one sync runs
// wait for the next, which covers them all: one sync per batch, and every
// acknowledged commit on disk, as with synchronous=FULL. Checkpoints (which
// copy the log into the database file) sync both files themselves.
class WalSync {
 public:
  explicit WalSync(std::string directory) : directory_(std::move(directory)) {}

  // Called on the connection that just committed; returns once its commit is
  // on disk (false if the disk refused the sync).
  bool after_commit(sqlite3* db) {
    core::Blocking waiting;  // for the disk, or for another commit's sync
    std::unique_lock lock(mutex_);
    std::uint64_t mine = ++committed_;
    while (synced_ < mine) {
      if (syncing_) {
        changed_.wait(lock);
        continue;
      }
      syncing_ = true;
      std::uint64_t target = committed_;  // every commit finished so far
      ++syncs_;
      lock.unlock();
      int rc = sync(db);
      lock.lock();
      syncing_ = false;
      changed_.notify_all();
      if (rc != SQLITE_OK) return false;
      synced_ = std::max(synced_, target);
    }
    return true;
  }

  CommitStats stats() {
    std::lock_guard lock(mutex_);
    return {committed_, syncs_};
  }

 private:
  int sync(sqlite3* db) {
    sqlite3_file* wal = nullptr;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK || !wal ||
        !wal->pMethods)
      return SQLITE_OK;  // no log open: the commit was checkpointed, and checkpoints sync
    int rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
    // The log's directory entry, once: a new file is only durable with its directory.
    if (rc == SQLITE_OK && !directory_synced_.exchange(true)) {
      int fd = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
      }
    }
    return rc;
  }

  std::string directory_;
  std::atomic<bool> directory_synced_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t committed_ = 0, synced_ = 0, syncs_ = 0;
  bool syncing_ = false;
};

// What the connections of one database share: the log's group commit, and a
// lock that lines up this process's writers. SQLite admits one writer at a
// time; a waiting writer would otherwise poll with growing sleeps (its busy
// handler), which makes the slowest waits long. The lock is taken before
// BEGIN IMMEDIATE and given up as soon as the commit is written, before its
// sync, so writers queue in order while commits still share syncs.
struct SqliteShared {
  std::shared_ptr<WalSync> durability;  // null: commits are not synced (sync=off, :memory:)
  std::mutex writer;
};

class SqliteConnection final : public PooledConnection {
 public:
  SqliteConnection(const std::string& path, std::shared_ptr<SqliteShared> shared)
      : shared_(std::move(shared)), durability_(shared_->durability) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DatabaseError("sqlite: cannot open database file '" + path + "': " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
      // WAL lets readers proceed while one writer writes. NORMAL does not wait
      // for the disk at each commit; WalSync does, for a batch of commits.
      if (path != ":memory:") execute_script("PRAGMA journal_mode=WAL");
      execute_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL");
      // A larger page cache keeps hot indexes (the map's tallies) in the
      // connection. No memory map (mmap_size): in WAL mode a connection that
      // finds the database changed by another connection unmaps the whole map
      // at its next transaction and faults every page back in, which under
      // writes from several connections (votes) cost more than the copies it
      // saves: two to three times the ballots per second without it (docs/performance.md).
      if (path != ":memory:") execute_script("PRAGMA cache_size=-16384");
      // Every commit, explicit or autocommit, passes the hook: it syncs the log
      // (group commit) and, replacing SQLite's own hook, checkpoints it.
      if (durability_) sqlite3_wal_hook(db_, &SqliteConnection::after_commit, this);
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }

  ~SqliteConnection() override {
    cache_.clear();  // statements must be finalised before the connection closes
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* statement = prepare(sql, params);
    ResetOnExit reset{statement};
    int column_count = sqlite3_column_count(statement);
    auto names = std::make_shared<std::vector<std::string>>();
    names->reserve(column_count);
    for (int c = 0; c < column_count; ++c) names->emplace_back(sqlite3_column_name(statement, c));
    ColumnNames columns = std::move(names);
    std::vector<Row> rows;
    while (step(statement)) {
      std::vector<Value> values;
      values.reserve(column_count);
      for (int c = 0; c < column_count; ++c) values.push_back(column_value(statement, c));
      rows.emplace_back(columns, std::move(values));
    }
    return rows;
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* statement = prepare(sql, params);
    ResetOnExit reset{statement};
    while (step(statement)) {
    }
    // sqlite3_changes64 still holds the last write's count after a read.
    return sqlite3_stmt_readonly(statement) ? 0 : sqlite3_changes64(db_);
  }

  void execute_script(std::string_view sql) override {
    std::string script(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw DatabaseError("sqlite: script failed: " + text,
                          is_unique_violation(sqlite3_extended_errcode(db_)));
    }
  }

  void begin() override {
    if (!sqlite3_get_autocommit(db_)) {
      throw DatabaseError("sqlite: a transaction is already open on this connection");
    }
    {
      core::Blocking waiting;  // another writer may hold the lock
      writing_ = std::unique_lock(shared_->writer);
    }
    try {
      execute("BEGIN IMMEDIATE", {});
    } catch (...) {
      stop_writing();
      throw;
    }
  }
  void commit() override {
    try {
      execute("COMMIT", {});
    } catch (...) {
      if (sqlite3_get_autocommit(db_)) stop_writing();  // else the caller rolls back
      throw;
    }
    stop_writing();
  }
  void rollback() override {
    try {
      execute("ROLLBACK", {});
    } catch (...) {
      stop_writing();
      throw;
    }
    stop_writing();
  }

  void stop_writing() {
    if (writing_.owns_lock()) writing_.unlock();
  }

  static int after_commit(void* self, sqlite3* db, const char*, int frames) {
    auto* connection = static_cast<SqliteConnection*>(self);
    connection->stop_writing();  // the commit is written: the next writer may begin
    constexpr int kCheckpointFrames = 1000;  // SQLite's own default
    if (frames >= kCheckpointFrames) sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return connection->durability_->after_commit(db) ? SQLITE_OK : SQLITE_IOERR_FSYNC;
  }

  bool recycle() noexcept override {
    if (sqlite3_get_autocommit(db_)) {
      stop_writing();
      return true;
    }
    // A borrower left a transaction open: undo it rather than leak its lock.
    bool undone = sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK;
    stop_writing();
    return undone;
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    auto found = cache_.find(sql);
    sqlite3_stmt* statement;
    if (found != cache_.end()) {
      statement = found->second.get();
    } else {
      std::string rewritten = sqlite_parameters(sql);
      sqlite3_stmt* raw = nullptr;
      const char* tail = nullptr;
      if (sqlite3_prepare_v3(db_, rewritten.data(), static_cast<int>(rewritten.size()),
                             SQLITE_PREPARE_PERSISTENT, &raw, &tail) != SQLITE_OK) {
        fail(db_, "cannot prepare statement");
      }
      Statement owned(raw);
      if (!owned) throw DatabaseError("sqlite: the statement is empty");
      if (has_statement(tail, rewritten.data() + rewritten.size())) {
        throw DatabaseError("sqlite: query and execute take one statement; use execute_script");
      }
      if (cache_.size() >= kStatementCacheLimit) cache_.clear();
      statement = owned.get();
      cache_.emplace(std::string(sql), std::move(owned));
    }
    bind(statement, params);
    return statement;
  }

  // Whether text after the first statement holds another (not just blanks or comments).
  bool has_statement(const char* begin, const char* end) {
    sqlite3_stmt* next = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, begin, static_cast<int>(end - begin), &next, &tail);
    sqlite3_finalize(next);
    return rc != SQLITE_OK || next != nullptr;
  }

  void bind(sqlite3_stmt* statement, const Params& params) {
    int expected = sqlite3_bind_parameter_count(statement);
    if (expected != static_cast<int>(params.size())) {
      throw DatabaseError("sqlite: the statement takes " + std::to_string(expected) +
                          " parameters but " + std::to_string(params.size()) + " were given");
    }
    for (int i = 0; i < expected; ++i) {
      const Value& v = params[i];
      int rc;
      if (auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(statement, i + 1, *n);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        // Refused on both backends alike: PostgreSQL text cannot hold NUL.
        if (s->find('\0') != std::string::npos) {
          throw DatabaseError("sqlite: text parameter " + std::to_string(i + 1) +
                              " contains a NUL byte");
        }
        rc =
            sqlite3_bind_text64(statement, i + 1, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(statement, i + 1);
      }
      if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(statement);
        fail(db_, "cannot bind parameter " + std::to_string(i + 1));
      }
    }
  }

  // True while there is a row to read.
  bool step(sqlite3_stmt* statement) {
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "statement failed");
  }

  static Value column_value(sqlite3_stmt* statement, int c) {
    switch (sqlite3_column_type(statement, c)) {
      case SQLITE_NULL:
        return std::monostate{};
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(statement, c));
      default: {  // text, blob, and (never stored by us) floats as their text form
        auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
        int size = sqlite3_column_bytes(statement, c);
        return std::string(data ? data : "", static_cast<std::size_t>(size));
      }
    }
  }

  sqlite3* db_ = nullptr;
  std::shared_ptr<SqliteShared> shared_;
  std::shared_ptr<WalSync> durability_;  // null: commits are not synced (sync=off, :memory:)
  std::unique_lock<std::mutex> writing_;  // held from BEGIN until the commit is written
  std::unordered_map<std::string, Statement, TextHash, std::equal_to<>> cache_;  // by SQL text
};

// PostgreSQL allows '$' inside identifiers (a$1); only a free-standing $N is a parameter.
bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Copies a quoted run ('...', "...", `...`, [...]) starting at i; returns the index after it.
std::size_t skip_quoted(std::string_view sql, std::size_t i, char close, std::string& out) {
  out += sql[i++];
  while (i < sql.size()) {
    char c = sql[i++];
    out += c;
    if (c == close) {
      // A doubled quote is an escaped quote inside the literal.
      if (close != ']' && i < sql.size() && sql[i] == close) {
        out += sql[i++];
        continue;
      }
      break;
    }
  }
  return i;
}

}  // namespace

std::string sqlite_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(sql, i, c, out);
    } else if (c == '[') {
      i = skip_quoted(sql, i, ']', out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1])) &&
               (i == 0 || !is_identifier_char(sql[i - 1]))) {
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// The file holds password hashes and email addresses: only its owner may read
// it. SQLite gives the -wal and -shm files the database file's mode, so the
// file is created 0600 (and an existing one tightened) before SQLite opens it.
void make_private(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(path.c_str(), st.st_mode & 0700);
  for (const char* suffix : {"-wal", "-shm"}) {
    std::string side = path + suffix;
    if (::stat(side.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(side.c_str(), st.st_mode & 0700);
  }
}

class SqliteDatabase final : public PooledDatabase {
 public:
  SqliteDatabase(int pool_size, Factory open, std::shared_ptr<WalSync> durability)
      : PooledDatabase(Dialect::sqlite, pool_size, std::move(open)), durability_(std::move(durability)) {}
  std::optional<CommitStats> commit_stats() const override {
    if (!durability_) return std::nullopt;
    return durability_->stats();
  }

 private:
  std::shared_ptr<WalSync> durability_;
};

std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size, bool durable) {
  bool memory = path == ":memory:";
  if (!memory) make_private(path);
  auto shared = std::make_shared<SqliteShared>();
  if (durable && !memory)
    shared->durability = std::make_shared<WalSync>(std::filesystem::absolute(path).parent_path().string());
  auto database = std::make_unique<SqliteDatabase>(memory ? 1 : pool_size, [path, shared] {
    return std::make_unique<SqliteConnection>(path, shared);
  }, shared->durability);
  database->acquire();  // opens the first connection now, so a bad path fails at start
  return database;
}

}  // namespace coproduce::store
