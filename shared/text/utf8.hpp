// Reading UTF-8 strictly (RFC 3629): what the server accepts from forms and
// query strings, and what log_text escapes. Overlong forms, surrogates
// (U+D800–U+DFFF), values above U+10FFFF and truncated sequences are not UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace escale::utf8 {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes, 1 to 4
};

// The code point at the front of `text`, or nullopt when the bytes there are
// not UTF-8 (or `text` is empty).
std::optional<CodePoint> decode(std::string_view text);
bool is_valid(std::string_view text);

// Whether `text` holds an ASCII control character (U+0000–U+001F, U+007F) or
// a C1 control (U+0080–U+009F, encoded C2 80–C2 9F): what a name or a title
// a person typed must not contain.
bool has_control_character(std::string_view text);

}  // namespace escale::utf8
