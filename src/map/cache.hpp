// The organisation's content version: every write that changes what the
// public sees (the map, the ledger, and what other modules publish through
// them) bumps its row in map_versions inside the write's own transaction, so
// one primary-key read tells a cached reader (module::cached), in any process,
// whether the answer it kept is still current.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace coproduce::map {

std::int64_t map_version(store::Connection& db, const std::string& org);
// Inside the writing transaction.
void bump_map_version(store::Connection& tx, const std::string& org);

}  // namespace coproduce::map
