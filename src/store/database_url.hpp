// Parsing of the --db connection URL into what each backend needs. Errors name
// the faulty part but never echo the URL, which may hold a password.
#pragma once

#include <string>
#include <string_view>

#include "store/database.hpp"

namespace coproduce::store {

struct DatabaseUrl {
  Dialect dialect;
  std::string sqlite_path;   // ":memory:" for an in-memory database
  std::string postgres_uri;  // handed to libpq unchanged (it decodes %xx and options)
  // SQLite: every acknowledged commit is on disk (group commit), unless the
  // URL ends "?sync=off" (benchmarks' ceiling only: a crash may lose commits).
  bool sqlite_durable = true;
};

// Throws std::invalid_argument naming what is wrong.
DatabaseUrl parse_database_url(std::string_view url);

}  // namespace coproduce::store
