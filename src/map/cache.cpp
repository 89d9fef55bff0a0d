#include "map/cache.hpp"

namespace coproduce::map {

std::int64_t map_version(store::Connection& db, const std::string& org) {
  auto row = db.query_one("SELECT version FROM map_versions WHERE organisation_id = $1", {org});
  return row ? row->integer(0) : 0;
}

void bump_map_version(store::Connection& tx, const std::string& org) {
  tx.execute(
      "INSERT INTO map_versions (organisation_id, version) VALUES ($1, 1) "
      "ON CONFLICT (organisation_id) DO UPDATE SET version = map_versions.version + 1",
      {org});
}

}  // namespace coproduce::map
