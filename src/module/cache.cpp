#include "module/cache.hpp"

namespace coproduce::module {

std::optional<http::Response> ResponseCache::get(const std::string& key, std::int64_t version) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) return std::nullopt;
  return it->second.response;
}

void ResponseCache::put(const std::string& key, std::int64_t version, const http::Response& response) {
  std::unique_lock lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second.response.body.size();
    entries_.erase(it);
  }
  // Filters and pages make many keys possible: past the bound, start again rather than grow.
  if (bytes_ + response.body.size() > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += response.body.size();
  entries_.emplace(key, Entry{version, response});
}

http::Handler cached(store::Database& db, VersionOf version, http::Handler handler) {
  auto cache = std::make_shared<ResponseCache>();
  return [&db, version = std::move(version), handler = std::move(handler), cache](http::Context& ctx) {
    bool cacheable = !ctx.principal.signed_in() &&
                     (ctx.request.method == http::Method::get || ctx.request.method == http::Method::head);
    if (!cacheable) return handler(ctx);
    const auto& org = ctx.principal.organisation_id;
    // The frame's part (the organisation's name) too: renaming shows at once.
    std::string key = org + '|' + ctx.locale + '|' + ctx.frame_key + '|' + ctx.request.target;
    std::int64_t current;
    {
      auto conn = db.acquire();
      current = version(*conn, org);
    }
    if (auto hit = cache->get(key, current)) return std::move(*hit);
    auto response = handler(ctx);
    bool keep = response.status == 200 && !response.header("Set-Cookie") &&
                response.header("Cache-Control") != "no-store";
    if (keep) cache->put(key, current, response);
    return response;
  };
}

}  // namespace coproduce::module
