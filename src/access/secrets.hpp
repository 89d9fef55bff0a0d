// Small cryptographic helpers for sessions, API tokens and CSRF tokens.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace coproduce::access {

// Hex SHA-256 (libsodium crypto_hash_sha256): how session and API tokens are stored.
std::string sha256_hex(std::string_view text);
// Constant-time comparison (sodium_memcmp); false when the lengths differ.
bool equal_secrets(std::string_view a, std::string_view b);
// True for a lowercase hex string of exactly `length` characters.
bool is_hex(std::string_view text, std::size_t length);

using Clock = std::chrono::system_clock;
// "YYYY-MM-DDTHH:MM:SSZ": sortable as text, as both databases store instants.
std::string iso_utc(Clock::time_point at);

}  // namespace coproduce::access
