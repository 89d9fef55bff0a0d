// In-memory limit on failed logins per (account, client address): after
// `max_failures` failures within `window`, further attempts are refused with
// 429 until the oldest failure ages out. Memory is bounded by kMaxKeys.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace coproduce::access {

class LoginRateLimiter {
 public:
  using Clock = std::chrono::system_clock;
  static constexpr std::size_t kMaxKeys = 100'000;

  LoginRateLimiter(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  bool blocked(const std::string& key, Clock::time_point now);
  void record_failure(const std::string& key, Clock::time_point now);
  void record_success(const std::string& key);

 private:
  void forget_old(std::deque<Clock::time_point>& failures, Clock::time_point now) const;
  void prune(Clock::time_point now);

  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace coproduce::access
