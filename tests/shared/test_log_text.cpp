#include "text/log_text.hpp"  // first: the header is self-contained

// Outside text in log lines: one line, printable, bounded (issue 14).
#include <catch2/catch.hpp>

#include <string>

using escale::log_text;

TEST_CASE("log_text: line breaks and control characters are shown, never written", "[log_text]") {
  CHECK(log_text("claire") == "claire");
  CHECK(log_text("x\n[info] web: claire logged in") == "x\\n[info] web: claire logged in");
  CHECK(log_text("a\r\nb\tc") == "a\\r\\nb\\tc");
  CHECK(log_text(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(log_text("\x1b[31mrouge\x1b[0m") == "\\x1B[31mrouge\\x1B[0m");  // a terminal's escape sequences
  CHECK(log_text("del\x7f") == "del\\x7F");
  // A backslash is doubled, so « \n » typed by someone cannot pass for an escaped line break.
  CHECK(log_text("a\\nb") == "a\\\\nb");
}

TEST_CASE("log_text: UTF-8 passes, what is not UTF-8 and invisible controls are shown", "[log_text]") {
  CHECK(log_text("Élodie « Lefèvre »") == "Élodie « Lefèvre »");
  CHECK(log_text("\xFF\xC3") == "\\xFF\\xC3");
  CHECK(log_text("a\xC3(") == "a\\xC3(");
  CHECK(log_text("\xED\xA0\x80") == "\\xED\\xA0\\x80");        // a surrogate is not UTF-8
  CHECK(log_text("\xC2\x85") == "\\u0085");                    // NEL, a C1 control that ends a line
  CHECK(log_text("a\u2028b") == "a\\u2028b");                  // line separator
  CHECK(log_text("admin\u202Enigol") == "admin\\u202Enigol");  // right-to-left override
}

TEST_CASE("log_text: cut to a number of characters, never inside one", "[log_text]") {
  CHECK(log_text(std::string(200, 'a')) == std::string(escale::kLogTextMax, 'a') + "…");
  CHECK(log_text("abcdef", 3) == "abc…");
  CHECK(log_text("abc", 3) == "abc");
  CHECK(log_text("ééé", 2) == "éé…");
  CHECK(log_text("", 3).empty());
}
