// Version 4 UUIDs from libsodium's CSPRNG: kiosks make visit and event ids
// offline, so they must not collide across kiosks.
#include "domain/uuid.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "crypto/sodium.hpp"

namespace escale {
namespace {

constexpr std::array<std::size_t, 4> kHyphenPositions{8, 13, 18, 23};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string uuid_v4_from(std::array<std::uint8_t, 16> bytes) {
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

std::string make_uuid_v4() {
  crypto::ensure_sodium();
  std::array<std::uint8_t, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return uuid_v4_from(bytes);
}

bool is_valid_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool hyphen_here = std::find(kHyphenPositions.begin(), kHyphenPositions.end(), i) != kHyphenPositions.end();
    if (hyphen_here ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

}  // namespace escale
