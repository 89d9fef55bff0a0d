// Password hashing with argon2id (libsodium, interactive limits: 64 MiB each).
// Hashing is gated by a counting semaphore so a flood of logins cannot use
// more than max_concurrent x 64 MiB of memory at once.
#pragma once

#include <atomic>
#include <semaphore>
#include <string>
#include <string_view>

namespace coproduce::access {

inline constexpr std::size_t kMinPasswordCharacters = 12;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// How many characters (code points) a UTF-8 password has: "ŵ" is one, as people count.
std::size_t password_characters(std::string_view utf8);

// Throws core::invalid("password", ...) when the password is too short or too long.
void check_password_policy(std::string_view password);

class PasswordHasher {
 public:
  static constexpr int kMaxSlots = 64;
  // At most `max_concurrent` hashes run at once and `max_waiting` wait for a
  // turn; beyond that a hash is refused at once with 503 and Retry-After, so a
  // flood of logins cannot hold every worker thread.
  explicit PasswordHasher(int max_concurrent, int max_waiting = 8);

  std::string hash(std::string_view password);
  bool verify(const std::string& stored_hash, std::string_view password);
  // Spends the same work as verify() against a dummy hash, so an unknown
  // email takes as long to reject as a wrong password.
  void verify_dummy(std::string_view password);
  // The most hashes ever observed running at once (for tests and monitoring).
  int max_in_flight() const { return max_in_flight_.load(); }
  // How many hashes or checks have run (tests compare the work two paths do).
  long long runs() const { return runs_.load(); }

 private:
  template <class Work>
  auto gated(Work&& work);

  std::counting_semaphore<kMaxSlots> slots_;
  int max_waiting_;
  std::atomic<int> waiting_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::atomic<long long> runs_{0};
};

// The process-wide hasher: two hashes at a time.
PasswordHasher& password_hasher();

}  // namespace coproduce::access
