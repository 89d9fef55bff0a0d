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

std::optional<std::string> ResponseCache::get(const std::string& key,
                                              std::int64_t version) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) return std::nullopt;
  return it->second.body;
}

void ResponseCache::put(const std::string& key, std::int64_t version, std::string body) {
  std::unique_lock lock(mutex_);
  // Filters make many keys possible: past the bound, start again rather than grow.
  if (entries_.size() >= max_entries_ && !entries_.count(key)) entries_.clear();
  entries_[key] = {version, std::move(body)};
}

}  // namespace coproduce::map
