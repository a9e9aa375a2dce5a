// Badge UIDs as typed by people or reported by NFC readers, normalized.
#include "domain/badge.hpp"

#include "text/trim.hpp"

namespace escale {
namespace {

bool is_separator(char c) {
  return c == ':' || c == '-' || c == ' ';
}

std::optional<char> upper_hex_digit(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')) return c;
  if (c >= 'a' && c <= 'f') return static_cast<char>(c - 'a' + 'A');
  return std::nullopt;
}

using text::trim;

// Readers and keyboards may add any ASCII white space around a UID.
constexpr std::string_view kUidBlanks = " \t\r\n\f\v";

// ISO 14443 UIDs are single (4 bytes), double (7) or triple (10) size.
bool is_uid_length(std::size_t hex_digits) {
  return hex_digits == 8 || hex_digits == 14 || hex_digits == 20;
}

}  // namespace

std::optional<BadgeUid> BadgeUid::parse(std::string_view text) {
  text = trim(text, kUidBlanks);
  std::string hex;
  hex.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const auto digit = upper_hex_digit(text[i])) {
      hex += *digit;
      continue;
    }
    // A separator must sit between two whole bytes: after an even, non-zero
    // count of digits and followed by a digit (so never doubled or trailing).
    const bool between_bytes =
        !hex.empty() && hex.size() % 2 == 0 && i + 1 < text.size() && upper_hex_digit(text[i + 1]).has_value();
    if (!is_separator(text[i]) || !between_bytes) return std::nullopt;
  }
  if (!is_uid_length(hex.size())) return std::nullopt;
  return BadgeUid(std::move(hex));
}

}  // namespace escale
