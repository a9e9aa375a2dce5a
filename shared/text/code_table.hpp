// Stable text codes for enumerations (stored, exchanged, exported): a table
// of {value, code} pairs per enum, and the two look-ups every such table needs.
#pragma once

#include <array>
#include <cassert>
#include <optional>
#include <string_view>
#include <utility>

namespace escale {

template <typename Enum, std::size_t N>
using CodeTable = std::array<std::pair<Enum, std::string_view>, N>;

// The code of `value` (every enumerator has one; "" otherwise).
template <typename Enum, std::size_t N>
constexpr std::string_view code_of(const CodeTable<Enum, N>& table, Enum value) {
  for (const auto& [e, code] : table) {
    if (e == value) return code;
  }
  assert(false && "every enumerator has a code");
  return "";
}

// The value whose code is `text`; nullopt for any other text.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> parse_code(const CodeTable<Enum, N>& table, std::string_view text) {
  for (const auto& [e, code] : table) {
    if (code == text) return e;
  }
  return std::nullopt;
}

}  // namespace escale
