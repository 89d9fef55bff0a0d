// Test support for every module's integration tests: empty databases on both
// backends. PostgreSQL comes from $COPRODUCE_TEST_PG_URL or, failing that, a
// throwaway server started with `scripts/pg-temp.sh shared` on first use: one
// per user, shared by concurrent test processes, stopped by a keeper process
// a few seconds after the last of them exits (even if it crashed).
#pragma once

#include <string>

#include "store/database.hpp"

namespace coproduce::store::testing {

// The server URL. Throws std::runtime_error with the reason when PostgreSQL
// cannot be started: a suite must then fail, never skip.
const std::string& postgres_server_url();

// A URL for an empty database of the given dialect that no other caller gets:
// a new SQLite file in a temporary directory, or a new PostgreSQL schema
// (selected through the URL's search_path option).
std::string fresh_database_url(Dialect dialect);

// "sqlite" / "postgresql", for naming parameterised tests.
const char* dialect_name(Dialect dialect);

}  // namespace coproduce::store::testing
