// Outside text made safe for a log line. See log_text.hpp.
#include "text/log_text.hpp"

#include <cstdio>

#include "text/utf8.hpp"

namespace escale {
namespace {

void append_hex_byte(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 15];
}

void append_code_point_escape(std::string& out, char32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(value));
  out += buf;
}

// Code points that break a line or reorder it on screen.
bool hidden_control(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) ||                   // C1 controls (NEL, CSI…)
         c == 0x2028 || c == 0x2029 ||                 // line and paragraph separators
         c == 0x200E || c == 0x200F || c == 0x061C ||  // directional marks
         (c >= 0x202A && c <= 0x202E) ||               // bidirectional embeddings and overrides
         (c >= 0x2066 && c <= 0x2069);                 // bidirectional isolates
}

}  // namespace

std::string log_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  out.reserve(text.size() < max_chars ? text.size() : max_chars);
  std::size_t chars = 0;
  while (!text.empty()) {
    if (chars == max_chars) {
      out += "…";
      break;
    }
    ++chars;
    const auto byte = static_cast<unsigned char>(text.front());
    if (byte < 0x80) {
      text.remove_prefix(1);
      switch (byte) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\\':
          out += "\\\\";
          break;
        default:
          if (byte < 0x20 || byte == 0x7F) {
            append_hex_byte(out, byte);
          } else {
            out += static_cast<char>(byte);
          }
      }
      continue;
    }
    const auto cp = utf8::decode(text);
    if (!cp) {
      append_hex_byte(out, byte);  // not UTF-8: the byte itself, one at a time
      text.remove_prefix(1);
      continue;
    }
    if (hidden_control(cp->value)) {
      append_code_point_escape(out, cp->value);
    } else {
      out.append(text.substr(0, cp->length));
    }
    text.remove_prefix(cp->length);
  }
  return out;
}

}  // namespace escale
