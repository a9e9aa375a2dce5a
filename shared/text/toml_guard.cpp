// The scan that keeps toml++ 3.3.0 away from its undefined behaviour. See
// toml_guard.hpp. It follows TOML's lexical states (comments, basic and
// literal strings, single- and multi-line) only as far as needed to know
// where a non-ASCII character stands; toml++ checks the TOML afterwards.
#include "text/toml_guard.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace escale::toml_guard {
namespace {

struct Problem {
  int line = 0;
  std::string what;
};

bool non_ascii(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}

// Spaces a line-ending backslash skips (toml++ skips fewer: \v and \f are
// errors there; skipping them too only makes the scan stricter).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The length of the well-formed UTF-8 sequence at text[i] (no overlong
// forms, no surrogates, at most U+10FFFF), or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) low = 0xA0;   // overlong
    if (b0 == 0xED) high = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) low = 0x90;   // overlong
    if (b0 == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < n) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

std::optional<Problem> find_problem(std::string_view text) {
  // Valid UTF-8 everywhere first: the scan below then reads whole characters.
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (!non_ascii(text[i])) continue;
    const auto n = utf8_length(text, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      return Problem{line, std::string("the text is not valid UTF-8 (byte ") + hex + "): save the file as UTF-8"};
    }
    i += n - 1;
  }

  const auto character = [&](std::size_t i) { return "« " + std::string(text.substr(i, utf8_length(text, i))) + " »"; };
  const auto starts = [&](std::size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
  // After a closing """ or ''': toml++ takes up to two more quotes as part
  // of the string; more are its own error, so the scan may take them all.
  const auto skip_quotes = [&](std::size_t i, char quote) {
    while (i < text.size() && text[i] == quote) ++i;
    return i;
  };

  // Where toml++ would start scanning a number or a date: a digit or a sign
  // that does not continue a bare key (conservative: a key such as `12` or
  // `-a` counts too).
  const auto starts_number = [&](std::size_t i) {
    const char c = text[i];
    if (!((c >= '0' && c <= '9') || c == '+' || c == '-')) return false;
    if (i == 0) return true;
    const char before = text[i - 1];
    return !((before >= 'A' && before <= 'Z') || (before >= 'a' && before <= 'z') || (before >= '0' && before <= '9') ||
             before == '_' || before == '-' || before == '+');
  };
  // What ends that scan: toml++'s value terminators (whitespace, ] } , #),
  // but not a space followed by a digit (« 2026-11-21 09:30:00 »).
  const auto ends_value = [&](std::size_t j) {
    const char c = text[j];
    if (c == ' ') return !(j + 1 < text.size() && text[j + 1] >= '0' && text[j + 1] <= '9');
    return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ']' || c == '}' || c == ',' ||
           c == '#';
  };

  enum class State { Outside, Comment, Basic, Literal, MultiBasic, MultiLiteral };
  State state = State::Outside;
  std::size_t scanned = 0;  // how far a number's scan went (each part of the text is scanned once)
  line = 1;
  std::size_t i = starts(0, "\xEF\xBB\xBF") ? 3 : 0;  // a byte-order mark toml++ skips
  while (i < text.size()) {
    const char c = text[i];
    switch (state) {
      case State::Outside:
        if (non_ascii(c)) {
          return Problem{line, "a non-ASCII character (" + character(i) +
                                   ") outside a quoted string: put text in double quotes, e.g. name = "
                                   "\"Médiathèque\""};
        }
        if (i >= scanned && starts_number(i)) {
          // toml++ scans a value that starts with a digit or a sign up to the
          // next value terminator before parsing it, quotes or not
          // (`a =0["é"]`), and past a space followed by a digit (a date and
          // its time).
          scanned = i;
          for (; scanned < text.size() && !ends_value(scanned); ++scanned) {
            if (non_ascii(text[scanned])) {
              return Problem{line, "a non-ASCII character (" + character(scanned) +
                                       ") before the end of the number or date it follows: end the value with a "
                                       "space, a comma or a bracket, and put text in double quotes"};
            }
          }
        }
        if (c == '#') {
          state = State::Comment;
        } else if (starts(i, "\"\"\"")) {
          state = State::MultiBasic;
          i += 3;
          continue;
        } else if (starts(i, "'''")) {
          state = State::MultiLiteral;
          i += 3;
          continue;
        } else if (c == '"') {
          state = State::Basic;
        } else if (c == '\'') {
          state = State::Literal;
        }
        break;
      case State::Comment:
        if (c == '\n') state = State::Outside;
        break;
      case State::Literal:
        if (c == '\'' || c == '\n') state = State::Outside;  // a line break ends it (toml++: an error)
        break;
      case State::MultiLiteral:
        if (starts(i, "'''")) {
          i = skip_quotes(i, '\'');
          state = State::Outside;
          continue;
        }
        break;
      case State::Basic:
      case State::MultiBasic:
        if (c == '\\' && i + 1 < text.size()) {
          const char next = text[i + 1];
          if (non_ascii(next)) {
            return Problem{line, "a non-ASCII character (" + character(i + 1) +
                                     ") right after a backslash: write it without the backslash"};
          }
          if (state == State::MultiBasic && is_space(next)) {
            // A line-ending backslash: toml++ asks whether each character
            // after it is whitespace, up to the first one that is not.
            std::size_t j = i + 1;
            while (j < text.size() && is_space(text[j])) {
              if (text[j] == '\n') ++line;
              ++j;
            }
            if (j < text.size() && non_ascii(text[j])) {
              return Problem{line, "a line continued by a backslash goes on with a non-ASCII character (" +
                                       character(j) +
                                       "), which this TOML reader cannot take: start the line with an ASCII "
                                       "character or drop the backslash at the end of the one before"};
            }
            i = j;
            continue;
          }
          if (next == '\n') {  // in a one-line string (toml++: an error)
            state = State::Outside;
            ++line;
          }
          i += 2;  // the escape's letter: \n \" \\ \u …
          continue;
        }
        if (state == State::Basic && (c == '"' || c == '\n')) {
          state = State::Outside;
        } else if (state == State::MultiBasic && starts(i, "\"\"\"")) {
          i = skip_quotes(i, '"');
          state = State::Outside;
          continue;
        }
        break;
    }
    if (c == '\n') ++line;
    ++i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> problem(std::string_view text) {
  const auto p = find_problem(text);
  if (!p) return std::nullopt;
  return "line " + std::to_string(p->line) + ": " + p->what;
}

Result<bool> check_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return true;
  std::ostringstream text;
  text << in.rdbuf();
  if (const auto p = find_problem(text.str())) {
    return Error{path.string() + ":" + std::to_string(p->line) + ": " + p->what};
  }
  return true;
}

}  // namespace escale::toml_guard
