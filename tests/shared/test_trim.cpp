#include "text/trim.hpp"  // first: the header is self-contained

// The one trim (issue 16: six copies became this one).
#include <catch2/catch.hpp>

#include <string>

using escale::text::is_blank;
using escale::text::trim;

TEST_CASE("trim: the white space around a value goes, the inside stays", "[text][trim]") {
  CHECK(trim("Marie") == "Marie");
  CHECK(trim("  Marie Dupont \t") == "Marie Dupont");
  CHECK(trim("\r\n08:30\r\n") == "08:30");
  CHECK(trim(" a  b ") == "a  b");
  CHECK(trim("") == "");
  CHECK(trim(" \t\r\n ") == "");
  // Only ASCII white space: a no-break space (U+00A0) or a form feed is kept by default.
  CHECK(trim("\u00A0Marie") == "\u00A0Marie");
  CHECK(trim("\fMarie\v") == "\fMarie\v");
  // A view into the text, not a copy.
  const std::string s = "  Zoé  ";
  const auto t = trim(s);
  CHECK(t.data() == s.data() + 2);
  CHECK(t.size() == 4);
}

TEST_CASE("trim: another set of blanks when the caller names it", "[text][trim]") {
  CHECK(trim("\f04:A1:B2:C3\v", " \t\r\n\f\v") == "04:A1:B2:C3");
  CHECK(trim("--x--", "-") == "x");
  CHECK(trim(" \tx\r", " \t") == "x\r");
}

TEST_CASE("is_blank: empty or white space only", "[text][trim]") {
  CHECK(is_blank(""));
  CHECK(is_blank(" \t\r\n"));
  CHECK_FALSE(is_blank(" x "));
  CHECK_FALSE(is_blank("\u00A0"));
  CHECK(is_blank("--", "-"));
}
