// Limits on failed sign-ins, shared by every server process through the
// database:
// - per account (any email, known or not): after `free_failures` failures in
//   a row, each attempt waits 4 x 2^(n - free_failures) seconds since the last
//   failure, at most `max_backoff`: a slow-down, never a lock-out of the owner,
//   who signs in as soon as the wait is over;
// - per client address: at most `per_address` failures per `address_window`;
// - for everyone together: at most `overall` failures per `overall_window`,
//   which bounds the password hashing an attack can cause.
// A refused attempt is not checked at all (no hash) and says when to retry.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace coproduce::access {

struct LoginLimitRules {
  int free_failures = 5;
  std::chrono::seconds max_backoff{std::chrono::minutes(15)};
  int per_address = 30;
  std::chrono::seconds address_window{std::chrono::minutes(15)};
  int overall = 600;
  std::chrono::seconds overall_window{std::chrono::minutes(1)};
};

class LoginLimits {
 public:
  using Clock = std::chrono::system_clock;
  LoginLimits(store::Database& db, LoginLimitRules rules) : db_(db), rules_(rules) {}

  // Seconds to wait before this attempt may be checked, or nullopt when it may.
  std::optional<int> wait_before(const std::string& email, const std::string& address,
                                 Clock::time_point now);
  void record_failure(const std::string& email, const std::string& address, Clock::time_point now);
  void record_success(const std::string& email);

 private:
  store::Database& db_;
  LoginLimitRules rules_;
};

}  // namespace coproduce::access
