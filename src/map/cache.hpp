// Repeated public reads of the map are served from memory. Every map write
// bumps its organisation's row in map_versions inside the write's own
// transaction, so one primary-key read tells a reader, in any process,
// whether the bytes it cached are still current.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "store/database.hpp"

namespace coproduce::map {

std::int64_t map_version(store::Connection& db, const std::string& org);
// Inside the writing transaction.
void bump_map_version(store::Connection& tx, const std::string& org);

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_entries = 512) : max_entries_(max_entries) {}
  // The body cached under `key` when it was built at `version`.
  std::optional<std::string> get(const std::string& key, std::int64_t version) const;
  void put(const std::string& key, std::int64_t version, std::string body);

 private:
  struct Entry {
    std::int64_t version;
    std::string body;
  };
  std::size_t max_entries_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace coproduce::map
