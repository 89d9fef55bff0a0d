// The SQLite backend: WAL, foreign keys, a 5 s busy timeout, one connection
// per pool slot, BEGIN IMMEDIATE so writers queue up front instead of failing
// mid-transaction.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace coproduce::store {

// `path` is a file path or ":memory:" (then one connection serves everyone,
// since each SQLite connection would otherwise see its own empty database).
// `durable`: a commit returns only once it is on disk; concurrent commits share
// one sync of the write-ahead log (group commit).
std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size, bool durable = true);

// Rewrites PostgreSQL-style $1, $2 to SQLite's ?1, ?2, leaving string
// literals, quoted identifiers and comments untouched.
std::string sqlite_parameters(std::string_view sql);

}  // namespace coproduce::store
