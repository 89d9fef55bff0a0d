#include "core/ids.hpp"

#include <sodium.h>

#include <stdexcept>

namespace coproduce::core {
namespace {
constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

std::string new_id() {
  ensure_sodium();
  unsigned char bytes[20];
  randombytes_buf(bytes, sizeof bytes);
  std::string id(20, ' ');
  for (std::size_t i = 0; i < 20; ++i) id[i] = kAlphabet[bytes[i] & 31];
  return id;
}

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

bool looks_like_id(std::string_view id) {
  if (id.size() != 20) return false;
  for (char c : id)
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace coproduce::core
