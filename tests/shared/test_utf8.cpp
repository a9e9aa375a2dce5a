#include "text/utf8.hpp"  // first: the header is self-contained

// Strict UTF-8 (RFC 3629): what forms and query strings must be (issue 14).
#include <catch2/catch.hpp>

#include <string>

using namespace escale;

TEST_CASE("utf8: valid text, every length of sequence", "[utf8]") {
  CHECK(utf8::is_valid(""));
  CHECK(utf8::is_valid("Montbard"));
  CHECK(utf8::is_valid("Élodie Lefèvre, « Côte-d’Or », 20 €, 😀"));
  CHECK(utf8::is_valid(std::string("a\0b", 3)));
  const auto e = utf8::decode("é");
  REQUIRE(e);
  CHECK(e->value == U'é');
  CHECK(e->length == 2);
  const auto smile = utf8::decode("😀!");
  REQUIRE(smile);
  CHECK(smile->value == U'\U0001F600');
  CHECK(smile->length == 4);
  CHECK(utf8::is_valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST_CASE("utf8: what is not UTF-8", "[utf8]") {
  for (const auto& bad : {std::string("\xFF"), std::string("\x80"), std::string("\xC3"), std::string("\xC3\x28"),
                          std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"), std::string("\xF0\x80\x80\xAF"),
                          std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82"),
                          std::string("\xF8\x88\x80\x80\x80"), std::string("ok\xFE")}) {
    INFO(bad.size());
    CHECK_FALSE(utf8::is_valid(bad));
  }
  CHECK_FALSE(utf8::decode(""));
}

TEST_CASE("utf8: control characters, ASCII and C1", "[utf8]") {
  CHECK_FALSE(utf8::has_control_character(""));
  CHECK_FALSE(utf8::has_control_character("Élodie Lefèvre, « Côte-d’Or » 😀"));
  CHECK(utf8::has_control_character("Marie\tDupont"));
  CHECK(utf8::has_control_character("Marie\n"));
  CHECK(utf8::has_control_character(std::string("a\0b", 3)));
  CHECK(utf8::has_control_character("a\x7F"));
  CHECK(utf8::has_control_character("a\xC2\x80"));        // U+0080
  CHECK(utf8::has_control_character("a\xC2\x9F"));        // U+009F
  CHECK_FALSE(utf8::has_control_character("a\xC2\xA0"));  // U+00A0, a no-break space
  CHECK_FALSE(utf8::has_control_character("a\xC2"));      // a lone lead byte at the end is no control
}
