// Small cryptographic helpers for sessions, API tokens and CSRF tokens.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/dates.hpp"

namespace coproduce::access {

// Hex SHA-256 (libsodium crypto_hash_sha256): how session and API tokens are stored.
std::string sha256_hex(std::string_view text);
// Constant-time comparison (sodium_memcmp); false when the lengths differ.
bool equal_secrets(std::string_view a, std::string_view b);
// True for a lowercase hex string of exactly `length` characters.
bool is_hex(std::string_view text, std::size_t length);

using Clock = std::chrono::system_clock;
using core::iso_utc;

}  // namespace coproduce::access
