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

// Issue 14: a name, a workshop title or a site name starting with = + - @ TAB
// or CR went into every CSV export as it was, and a spreadsheet ran it.
TEST_CASE("spreadsheet formulas in CSV: a text cell starting with = + - @ TAB or CR gets a leading quote", "[csv]") {
  CHECK(csv::field("=HYPERLINK(\"https://evil.example\",\"Cliquez\")") ==
        "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Cliquez\"\")\"");
  CHECK(csv::field("=1+2") == "'=1+2");
  CHECK(csv::field("+33 6 12") == "'+33 6 12");
  CHECK(csv::field("-2+3") == "'-2+3");
  CHECK(csv::field("@SUM(A1:A2)") == "'@SUM(A1:A2)");
  CHECK(csv::field("\t=1+2") == "'\t=1+2");
  CHECK(csv::field("\r=1+2") == "\"'\r=1+2\"");
  CHECK(csv::field("=cmd|' /C calc'!A0", ';') == "'=cmd|' /C calc'!A0");
  // Not at the start, or another first character: unchanged.
  CHECK(csv::field("Marie = Jean") == "Marie = Jean");
  CHECK(csv::field(" =1+2") == " =1+2");
  CHECK(csv::field("Jean-Pierre") == "Jean-Pierre");
  CHECK(csv::field("'t Hooft") == "'t Hooft");
  // Quotes already in front of a trigger get one more (so reading takes exactly one away).
  CHECK(csv::field("'=1+2") == "''=1+2");
  CHECK(csv::field("''-3") == "'''-3");

  std::string row;
  csv::append_row(row, std::vector<std::string>{"=1+2", "@x", "-y"}, ';');
  CHECK(row == "'=1+2;'@x;'-y\r\n");
}

TEST_CASE("spreadsheet formulas in CSV: what is written is read back exactly", "[csv]") {
  const Rows rows{
      {"=HYPERLINK(\"https://evil.example\")", "+33612345678", "-3", "@a"},
      {"\t=1", "\r=2", "'=3", "''+4"},
      {"'", "''", "'a", "'-"},
      {"=", "+", "-", "@"},
      {"a=b", "", "'\t", "x"},
  };
  for (char separator : {',', ';'}) {
    CAPTURE(separator);
    std::string out;
    for (const auto& r : rows) csv::append_row(out, r, separator);
    CHECK(csv::parse(out, separator) == rows);
    // A spreadsheet sees no cell starting with a formula character.
    for (const auto& line : rows) {
      for (const auto& value : line) {
        const auto written = csv::field(value, separator);
        const auto unquoted = written.starts_with('"') ? written.substr(1) : written;
        CAPTURE(value);
        CHECK((unquoted.empty() || std::string_view("=+-@\t\r").find(unquoted[0]) == std::string_view::npos));
      }
    }
  }
}

TEST_CASE("spreadsheet formulas in CSV: number cells stay numbers, anything else in them is text", "[csv]") {
  for (const std::string n : {"0", "12", "-3", "+33555123456", "-1,5", "-1.5", "45.3"}) {
    INFO(n);
    CHECK(csv::looks_like_number(n));
    CHECK(csv::field(csv::number(n), ';') == n);
  }
  CHECK(csv::field(csv::number("-1,5")) == "\"-1,5\"");  // quoted for the comma, not neutralised
  for (const std::string n : {"", "-", "+", "1,", ",5", "1.2.3", "1e5", "-1-2", "=1", "- 3", "12 ", "−3"}) {
    INFO(n);
    CHECK_FALSE(csv::looks_like_number(n));
  }
  // A number cell that is not a number is treated as text.
  CHECK(csv::field(csv::number("=1+2")) == "'=1+2");
  CHECK(csv::field(csv::number("-1-2")) == "'-1-2");
  CHECK(csv::field(csv::number("< 5")) == "< 5");
  // A text cell is neutralised even when it reads as a number: a name is a name.
  CHECK(csv::field(csv::text("-3")) == "'-3");

  std::string out;
  csv::append_row(out, std::vector<csv::Cell>{csv::text("=A1"), csv::number("-3"), csv::number("-1,5")}, ';');
  CHECK(out == "'=A1;-3;-1,5\r\n");
  CHECK(csv::parse(out, ';') == Rows{{"=A1", "-3", "-1,5"}});
}

TEST_CASE("spreadsheet formulas in CSV: neutralised and restored undo each other", "[csv]") {
  for (const std::string v : {"", "a", "'", "''", "'a", "=", "'=", "''=", "'''-x", "\t", "'\t", "@", "x=y", "' =1"}) {
    INFO(v);
    CHECK(csv::restored(csv::neutralised(v)) == v);
  }
  CHECK(csv::neutralised("=1") == "'=1");
  CHECK(csv::restored("'=1") == "=1");
  CHECK(csv::restored("'a") == "'a");  // one quote is taken only where the writer put one
  CHECK(csv::restored("=1") == "=1");
}
