#include "text/toml_guard.hpp"

// The pre-check that keeps toml++ 3.3.0 away from its undefined behaviour
// (issue 14): what it refuses, with which line, and what it lets through.
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

using namespace escale;
using Catch::Matchers::Contains;

namespace {

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

}  // namespace

TEST_CASE("toml guard: non-ASCII outside strings is refused with its line", "[toml_guard]") {
  CHECK(toml_guard::problem("name = é\n") ==
        "line 1: a non-ASCII character (« é ») outside a quoted string: put text "
        "in double quotes, e.g. name = \"Médiathèque\"");
  CHECK_THAT(*toml_guard::problem("[kiosk]\n\nnom_é = 1\n"), Contains("line 3:") && Contains("« é »"));
  CHECK_THAT(*toml_guard::problem("a = 1é"), Contains("line 1:"));
  CHECK_THAT(*toml_guard::problem("a = \"x\"é"), Contains("line 1:"));  // just after a string
  CHECK_THAT(*toml_guard::problem("a = 'x' # c\nb = \u00A0\n"), Contains("line 2:"));
  CHECK_THAT(*toml_guard::problem("[\u00E9]\n"), Contains("line 1:"));
  CHECK_THAT(*toml_guard::problem("a = \"x\"\n\uFEFFb = 1\n"), Contains("line 2:"));  // a mark inside the file
}

TEST_CASE("toml guard: every non-ASCII code point outside a string is refused, inside one accepted", "[toml_guard]") {
  for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;  // not characters (and not UTF-8)
    const std::string ch = utf8(c);
    if (!toml_guard::problem("a = " + ch + "\n") || toml_guard::problem("a = \"" + ch + "\" # " + ch + "\n") ||
        toml_guard::problem("a = '" + ch + "'\n")) {
      FAIL("U+" << std::hex << static_cast<unsigned>(c));
    }
  }
}

TEST_CASE("toml guard: after a backslash in a multi-line basic string", "[toml_guard]") {
  // The escape's character and the first one of a line continued by a backslash.
  CHECK_THAT(*toml_guard::problem("a = \"\"\"\\é\"\"\""), Contains("line 1: a non-ASCII character (« é ») right after "
                                                                   "a backslash"));
  CHECK_THAT(*toml_guard::problem("a = \"\\é\""), Contains("right after a backslash"));  // one-line too
  CHECK_THAT(*toml_guard::problem("a = \"\"\"x\\\n   é\"\"\""),
             Contains("line 2: a line continued by a backslash goes on with a non-ASCII character (« é »)"));
  CHECK_THAT(*toml_guard::problem("a = \"\"\"x\\  \r\n\n\t\n  é\"\"\""), Contains("line 4:"));
  CHECK_THAT(*toml_guard::problem("a = \"\"\"x\\ é\"\"\""), Contains("line 1:"));
  // Fine: later on the continued line, in a literal string, an escaped quote before.
  CHECK_FALSE(toml_guard::problem("a = \"\"\"x\\\n   b é\"\"\""));
  CHECK_FALSE(toml_guard::problem("a = '''x\\\n   é'''"));
  CHECK_FALSE(toml_guard::problem("a = 'x\\é'"));
  CHECK_FALSE(toml_guard::problem("a = \"\\\"é\""));
  CHECK_FALSE(toml_guard::problem("a = \"\\\\\" # é"));
  CHECK_FALSE(toml_guard::problem("a = \"\\u00E9\""));
}

// Found by fuzz/server_config: toml++ scans a value that starts with a digit
// or a sign up to the next value terminator before parsing it, through quotes
// (`notifier_args =0["Médiathèque"]` reached the unreachable point).
TEST_CASE("toml guard: a number running into a string is checked as far as toml++ scans it", "[toml_guard]") {
  CHECK_THAT(*toml_guard::problem("notifier_args =0[\"Médiathèque\"]\n"),
             Contains("line 1: a non-ASCII character (« é ») before the end of the number or date it follows"));
  CHECK(toml_guard::problem("a = -\"é\""));
  CHECK(toml_guard::problem("a = +1'é'"));
  CHECK(toml_guard::problem("a = [1\"é\"]"));
  CHECK(toml_guard::problem("a = 2026-11-21 09:30\"é\""));  // a date and its time, past the space
  CHECK(toml_guard::problem("\n\n12=\"é\""));               // conservative: a key made of digits too
  // Fine: the value ends before the text.
  CHECK_FALSE(toml_guard::problem("a = [1, \"é\", -2,\"à\"]\nb = { c = 3, d = \"ç\" }\ne = 4 # é\n"));
  CHECK_FALSE(toml_guard::problem("d = 2026-11-21 09:30:00 # é\nnom-1 = \"é\"\nx_2=\"é\"\n"));
  CHECK_FALSE(toml_guard::problem("a = 1\t\"é\""));  // toml++'s own error, not its undefined behaviour
}

TEST_CASE("toml guard: strings, comments and quotes are followed", "[toml_guard]") {
  CHECK_FALSE(toml_guard::problem(""));
  CHECK_FALSE(
      toml_guard::problem("\xEF\xBB\xBF"
                          "a = \"é\"\n"));  // a leading byte-order mark
  CHECK_FALSE(toml_guard::problem("# « Médiathèque »\n[a]\n\"clé\" = 'été' # é\n"));
  CHECK_FALSE(toml_guard::problem("a = \"\"\"\nune « ligne »\n\"é\" \"\"é\n\"\"\"\nb = 1\n"));
  CHECK_FALSE(toml_guard::problem("a = \"\"\"é\"\"\"\"\"\nb = '''é''''\n"));  // up to two quotes close with it
  CHECK_FALSE(toml_guard::problem("a = [\"é\", 'à', { b = \"ç\" }]\n"));
  // The string is over: what follows is outside again.
  CHECK(toml_guard::problem("a = \"\"\nb = é\n"));
  CHECK(toml_guard::problem("a = ''\nb = é\n"));
  CHECK(toml_guard::problem("a = \"\"\"x\"\"\"é\n"));
  CHECK(toml_guard::problem("a = '''x'''é\n"));
  CHECK(toml_guard::problem("a = \"x\n é\n"));  // a one-line string ends at its line
  CHECK(toml_guard::problem("a = 'x\n é\n"));
  CHECK(toml_guard::problem("# é\né = 1\n"));  // a comment ends at its line
}

TEST_CASE("toml guard: the text must be UTF-8", "[toml_guard]") {
  for (const char* bad : {"a = \"\xE9\"", "a = \"\xC3\"", "a = \"\xC0\xAF\"", "a = \"\xED\xA0\x80\"",
                          "a = \"\xF4\x90\x80\x80\"", "# \xFF", "a = \"\xE2\x82\"", "a = \"\xF0\x9F\x98\""}) {
    INFO(bad);
    const auto p = toml_guard::problem(bad);
    REQUIRE(p);
    CHECK_THAT(*p, Contains("line 1: the text is not valid UTF-8 (byte 0x") && Contains("save the file as UTF-8"));
  }
  CHECK_THAT(*toml_guard::problem("a = 1\n\nb = \"\xE9t\xE9\"\n"), Contains("line 3:") && Contains("0xE9"));
  CHECK_FALSE(toml_guard::problem("a = \"\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBF\""));
}

TEST_CASE("toml guard: a file's error names it, a missing file is left to toml++", "[toml_guard]") {
  const auto path = std::filesystem::temp_directory_path() / "escale-toml-guard-test.toml";
  std::ofstream(path) << "[server]\nthreads = 2\nnom = é\n";
  const auto r = toml_guard::check_file(path);
  std::filesystem::remove(path);
  REQUIRE_FALSE(r);
  CHECK(r.error() == path.string() +
                         ":3: a non-ASCII character (« é ») outside a quoted string: put text in double "
                         "quotes, e.g. name = \"Médiathèque\"");
  CHECK(toml_guard::check_file(path));
}
