// argon2id password hashing with bounded concurrency and a password policy.
#include "access/passwords.hpp"

#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "core/blocking.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"

namespace coproduce::access {
std::size_t password_characters(std::string_view utf8) { return core::utf8_length(utf8); }

void check_password_policy(std::string_view password) {
  if (password.size() > kMaxPasswordBytes)
    throw core::localised(422, "invalid", "access.error.password_too_long", "password");
  if (password_characters(password) < kMinPasswordCharacters)
    throw core::localised(422, "invalid", "access.error.password_too_short", "password");
}

PasswordHasher::PasswordHasher(int max_concurrent, int max_waiting)
    : slots_(std::clamp(max_concurrent, 1, kMaxSlots)), max_waiting_(std::max(0, max_waiting)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

template <class Work>
auto PasswordHasher::gated(Work&& work) {
  // Hashing is bounded by the slots, not by the worker pool's running count:
  // two hashes never take the cores from every other request.
  core::Blocking outside_the_pool_count;
  if (!slots_.try_acquire()) {
    if (++waiting_ > max_waiting_) {
      --waiting_;
      throw core::busy(503, "busy", "access.error.busy", 1);
    }
    slots_.acquire();
    --waiting_;
  }
  ++runs_;
  int now_running = ++in_flight_;
  int seen = max_in_flight_.load();
  while (now_running > seen && !max_in_flight_.compare_exchange_weak(seen, now_running)) {
  }
  struct Release {
    PasswordHasher& self;
    ~Release() {
      --self.in_flight_;
      self.slots_.release();
    }
  } release{*this};
  return work();
}

std::string PasswordHasher::hash(std::string_view password) {
  return gated([&] {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
      throw std::runtime_error("out of memory while hashing a password");
    return std::string(out);
  });
}

bool PasswordHasher::verify(const std::string& stored_hash, std::string_view password) {
  return gated([&] {
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
  });
}

void PasswordHasher::verify_dummy(std::string_view password) {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [this] { dummy = hash(core::random_token(16)); });
  verify(dummy, password);
}

PasswordHasher& password_hasher() {
  static PasswordHasher hasher(2);
  return hasher;
}

}  // namespace coproduce::access
