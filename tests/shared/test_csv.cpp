#include "text/csv.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace escale;
using Catch::Matchers::Contains;
using Rows = std::vector<std::vector<std::string>>;

TEST_CASE("fields are quoted only when needed", "[csv]") {
  CHECK(csv::field("") == "");
  CHECK(csv::field("Beaune") == "Beaune");
  CHECK(csv::field("Côte-d’Or") == "Côte-d’Or");  // UTF-8 passes through
  CHECK(csv::field("a|b") == "a|b");
  CHECK(csv::field(" espace ") == " espace ");  // spaces are kept, not quoted
  CHECK(csv::field("Dijon, Beaune") == "\"Dijon, Beaune\"");
  CHECK(csv::field("le \"Quai\"") == "\"le \"\"Quai\"\"\"");
  CHECK(csv::field("\"") == "\"\"\"\"");
  CHECK(csv::field("ligne 1\nligne 2") == "\"ligne 1\nligne 2\"");
  CHECK(csv::field("ligne 1\r\nligne 2") == "\"ligne 1\r\nligne 2\"");
  CHECK(csv::field("fin\r") == "\"fin\r\"");
}

TEST_CASE("the separator decides what needs quotes", "[csv]") {
  CHECK(csv::field("Dijon, Beaune", ';') == "Dijon, Beaune");
  CHECK(csv::field("Dijon; Beaune", ';') == "\"Dijon; Beaune\"");
  CHECK(csv::field("Dijon; Beaune") == "Dijon; Beaune");
  CHECK(csv::field("a\"b", ';') == "\"a\"\"b\"");
  CHECK(csv::field("a\tb", '\t') == "\"a\tb\"");
}

TEST_CASE("rows end in CRLF", "[csv]") {
  std::string out;
  const std::vector<std::string> header{"nom", "commune", "note"};
  const std::vector<std::string> row{"Tiers-lieu", "Dijon, 21231", "dit \"oui\""};
  csv::append_row(out, header);
  csv::append_row(out, row);
  CHECK(out == "nom,commune,note\r\nTiers-lieu,\"Dijon, 21231\",\"dit \"\"oui\"\"\"\r\n");

  std::string semi;
  csv::append_row(semi, row, ';');
  CHECK(semi == "Tiers-lieu;Dijon, 21231;\"dit \"\"oui\"\"\"\r\n");

  std::string empties;
  const std::vector<std::string> blank{"", "", ""};
  csv::append_row(empties, blank);
  CHECK(empties == ",,\r\n");

  std::string none;
  csv::append_row(none, std::vector<std::string>{});
  CHECK(none == "\r\n");
}

TEST_CASE("what append_row writes, parse reads back", "[csv]") {
  const Rows rows{
      {"id", "nom", "adresse", "horaires"},
      {"1", "Le \"Quai\"", "2 rue des Tanneurs, Beaune", "Mo-Fr 09:00-12:00"},
      {"2", "", "ligne 1\r\nligne 2", "\"\""},
      {"3", "Côte-d’Or", "a;b", "fin\n"},
      {"4", " ", ",", "\""},
  };
  for (char separator : {',', ';'}) {
    CAPTURE(separator);
    std::string out;
    for (const auto& r : rows) csv::append_row(out, r, separator);
    CHECK(csv::parse(out, separator) == rows);
    // With the byte-order mark of the spreadsheet variant.
    CHECK(csv::parse(std::string{csv::kByteOrderMark} + out, separator) == rows);
  }
}

TEST_CASE("parse accepts LF, CRLF and no final line end", "[csv]") {
  const Rows expected{{"a", "b"}, {"c", "d"}};
  CHECK(csv::parse("a,b\nc,d\n") == expected);
  CHECK(csv::parse("a,b\r\nc,d\r\n") == expected);
  CHECK(csv::parse("a,b\r\nc,d") == expected);
  CHECK(csv::parse("a,b\nc,d") == expected);
  CHECK(csv::parse("") == Rows{});
  CHECK(csv::parse(csv::kByteOrderMark) == Rows{});
  CHECK(csv::parse("a,\r\n") == Rows{{"a", ""}});
  CHECK(csv::parse("a,") == Rows{{"a", ""}});
  CHECK(csv::parse(",") == Rows{{"", ""}});
  CHECK(csv::parse("\"\"") == Rows{{""}});
  CHECK(csv::parse("\"x\",y") == Rows{{"x", "y"}});
}

TEST_CASE("parse keeps line breaks inside quotes", "[csv]") {
  const auto rows = csv::parse("nom,note\r\nA,\"deux\r\nlignes\"\r\nB,\"une, virgule\"\r\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == std::vector<std::string>{"A", "deux\r\nlignes"});
  CHECK(rows[2] == std::vector<std::string>{"B", "une, virgule"});
}

TEST_CASE("an unclosed quote throws with the line number", "[csv]") {
  CHECK_THROWS_AS(csv::parse("\"a"), std::runtime_error);
  CHECK_THROWS_AS(csv::parse("a,b\r\nc,\"d\r\ne,f\r\n"), std::runtime_error);
  try {
    csv::parse("a,b\r\nc,d\r\ne,\"f");
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(std::string{e.what()}, Contains("3"));
  }
  // The line a quoted field starts on is counted through its own line breaks.
  try {
    csv::parse("a\n\"b\nc\nd");
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(std::string{e.what()}, Contains("line"));
  }
}
