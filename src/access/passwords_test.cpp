// Password hashing, its bounded concurrency, the password policy, login rate
// limiting and the small cryptographic helpers.
#include "access/passwords.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "access/secrets.hpp"
#include "core/error.hpp"

using namespace coproduce;
using namespace coproduce::access;

TEST(Passwords, HashIsArgon2idAndVerifies) {
  PasswordHasher hasher(2);
  auto started = std::chrono::steady_clock::now();
  auto hash = hasher.hash("a long enough password");
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::cout << "argon2id hash (64 MiB, interactive) took " << elapsed.count() << " ms\n";
  RecordProperty("argon2id_hash_ms", static_cast<int>(elapsed.count()));

  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_NE(hash.find("m=65536"), std::string::npos) << hash;
  EXPECT_TRUE(hasher.verify(hash, "a long enough password"));
  EXPECT_FALSE(hasher.verify(hash, "a long enough passworD"));
  EXPECT_FALSE(hasher.verify("not a hash", "a long enough password"));
  EXPECT_NE(hasher.hash("a long enough password"), hash);  // salted
}

TEST(Passwords, ConcurrencyIsBounded) {
  PasswordHasher hasher(2);
  std::vector<std::thread> threads;
  std::atomic<int> verified{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto password = "password number " + std::to_string(i);
      if (hasher.verify(hasher.hash(password), password)) ++verified;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(verified.load(), 8);
  EXPECT_LE(hasher.max_in_flight(), 2);
  EXPECT_GE(hasher.max_in_flight(), 1);
}

TEST(Passwords, PolicyNamesTheField) {
  EXPECT_NO_THROW(check_password_policy("twelve chars"));
  try {
    check_password_policy("eleven char");
    FAIL() << "an 11-character password was accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.field(), "password");
    EXPECT_EQ(e.http_status(), 422);
  }
  // Characters, not bytes: twelve two-byte letters pass, eleven do not.
  std::string welsh;
  for (int i = 0; i < 11; ++i) welsh += "ŵ";
  EXPECT_THROW(check_password_policy(welsh), core::Error);
  EXPECT_NO_THROW(check_password_policy(welsh + "ŷ"));
  EXPECT_NO_THROW(check_password_policy(std::string(1024, 'x')));
  EXPECT_THROW(check_password_policy(std::string(1025, 'x')), core::Error);
}

TEST(Secrets, Sha256ComparisonAndInstants) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(equal_secrets("abc", "abc"));
  EXPECT_FALSE(equal_secrets("abc", "abd"));
  EXPECT_FALSE(equal_secrets("abc", "abcd"));
  EXPECT_TRUE(is_hex("0af9", 4));
  EXPECT_FALSE(is_hex("0AF9", 4));
  EXPECT_FALSE(is_hex("0af", 4));
  EXPECT_EQ(iso_utc(std::chrono::system_clock::time_point{}), "1970-01-01T00:00:00Z");
}
