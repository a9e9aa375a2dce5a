#include "text/ics_text.hpp"

#include <string>

#include <catch2/catch.hpp>

using namespace escale;

TEST_CASE("iCalendar text: line breaks become LF, other controls are dropped", "[ics_text]") {
  CHECK(ics_clean_text("a\r\nb\rc\nd") == "a\nb\nc\nd");
  CHECK(ics_clean_text(std::string("t\tx\x01y\x1f\x7fz", 9)) == "t\txyz");
  CHECK(ics_clean_text(std::string("nul\0here", 8)) == "nulhere");
  CHECK(ics_clean_text("Café « Escale »") == "Café « Escale »");
}

TEST_CASE("iCalendar text: a TEXT value escaped as RFC 5545 says", "[ics_text]") {
  CHECK(ics_escape_text("a\\b;c,d") == "a\\\\b\\;c\\,d");
  CHECK(ics_escape_text("ligne 1\r\nligne 2\rligne 3\n") == "ligne 1\\nligne 2\\nligne 3\\n");
  CHECK(ics_escape_text("Aide numérique (CAF) avec Nadia") == "Aide numérique (CAF) avec Nadia");
  // A line break can never end the property and start another.
  CHECK(ics_escape_text("x\r\nATTENDEE:mailto:evil@example.org").find('\r') == std::string::npos);
}

TEST_CASE("iCalendar text: lines folded at 75 octets, never inside a character", "[ics_text]") {
  CHECK(ics_folded_line("SUMMARY:court") == "SUMMARY:court\r\n");
  const std::string exact = "X:" + std::string(73, 'a');  // 75 octets: one line
  CHECK(ics_folded_line(exact) == exact + "\r\n");
  const std::string long_line = "X:" + std::string(200, 'b');
  const std::string folded = ics_folded_line(long_line);
  std::string unfolded;
  std::size_t start = 0;
  while (start < folded.size()) {
    const std::size_t end = folded.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    const std::string physical = folded.substr(start, end - start);
    CHECK(physical.size() <= 75);
    unfolded += start == 0 ? physical : physical.substr(1);  // a continuation starts with a space
    if (start > 0) CHECK(physical[0] == ' ');
    start = end + 2;
  }
  CHECK(unfolded == long_line);
  // « é » is two octets: a cut at 75 falls between them and steps back.
  const std::string accents = "X:" + std::string(72, 'a') + "éé";
  const std::string f = ics_folded_line(accents);
  CHECK(f.substr(0, 74) == "X:" + std::string(72, 'a'));
  CHECK(f.substr(74, 3) == "\r\n ");
  CHECK(f.substr(77) == "éé\r\n");
}
