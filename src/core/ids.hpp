// Opaque record ids: 20 lowercase base32 characters from libsodium's CSPRNG
// (100 bits), so ids are unguessable and never reveal counts or order.
#pragma once

#include <string>
#include <string_view>

namespace coproduce::core {

std::string new_id();
// A random token of `bytes` bytes, hex encoded (sessions, CSRF, API tokens).
std::string random_token(std::size_t bytes = 32);
// True when `id` has the shape new_id() produces (cheap check before any query).
bool looks_like_id(std::string_view id);

}  // namespace coproduce::core
