// Public reads answered from memory. A module wraps a public GET handler with
// cached(): an anonymous request's answer (status 200 only) is kept per
// organisation, language, page frame (ctx.frame_key: the organisation's name)
// and request target, with the organisation's content version it was built
// at; a later request at the same version gets the kept answer after one
// primary-key read of the version. Writes bump the version in their own
// transaction, so every server process sees the change at once and nothing
// stale is ever served. Signed-in requests (they may see more) pass through.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "http/router.hpp"
#include "store/database.hpp"

namespace coproduce::module {

using VersionOf = std::function<std::int64_t(store::Connection&, const std::string& organisation_id)>;

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes = 64 << 20) : max_bytes_(max_bytes) {}
  // The answer kept under `key` when it was built at `version`.
  std::optional<http::Response> get(const std::string& key, std::int64_t version) const;
  void put(const std::string& key, std::int64_t version, const http::Response& response);

 private:
  struct Entry {
    std::int64_t version;
    http::Response response;
  };
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// `handler`, answered from a cache kept true by `version`.
http::Handler cached(store::Database& db, VersionOf version, http::Handler handler);

}  // namespace coproduce::module
