// Failed-login counting for LoginRateLimiter.
#include "access/rate_limit.hpp"

namespace coproduce::access {

void LoginRateLimiter::forget_old(std::deque<Clock::time_point>& failures,
                                  Clock::time_point now) const {
  while (!failures.empty() && failures.front() <= now - window_) failures.pop_front();
}

bool LoginRateLimiter::blocked(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  forget_old(it->second, now);
  return static_cast<int>(it->second.size()) >= max_failures_;
}

void LoginRateLimiter::record_failure(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (failures_.size() >= kMaxKeys) prune(now);
  auto& failures = failures_[key];
  forget_old(failures, now);
  failures.push_back(now);
}

void LoginRateLimiter::record_success(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

// Drops keys whose failures have all aged out; if a flood of distinct keys
// keeps the map full, starts again rather than grow without bound.
void LoginRateLimiter::prune(Clock::time_point now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    forget_old(it->second, now);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  if (failures_.size() >= kMaxKeys) failures_.clear();
}

}  // namespace coproduce::access
