// The compact JSON writer (shared/text/json_writer.hpp) against nlohmann's
// dump: the same bytes for the same document, strings of every kind.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>

#include "text/json_writer.hpp"

using escale::json_text::append_string;
using escale::json_text::JsonWriter;
using nlohmann::json;

namespace {

std::string nlohmann_dump(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string written(const std::string& text) {
  std::string out;
  append_string(out, text);
  return out;
}

}  // namespace

TEST_CASE("json writer: strings escaped as nlohmann's dump escapes them", "[json_writer]") {
  for (const std::string& text :
       {std::string(""), std::string("Bureau 1"), std::string("« Salle visio » à l’étage\u202F!"),
        std::string("a\"b\\c/d"), std::string("tab\there\nline\r\b\f"), std::string("\x01\x1f\x7f", 3),
        std::string("nul\0byte", 8), std::string("<script>alert(1)</script>"), std::string("emoji \xF0\x9F\x98\x80"),
        // invalid UTF-8: lone continuation, truncated sequences, overlong, surrogate, above U+10FFFF, 0xFF
        std::string("\x80"), std::string("a\xC3"), std::string("\xE2\x82"), std::string("\xE2\x82x"),
        std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"), std::string("\xED\xA0\x80"),
        std::string("\xF4\x90\x80\x80"), std::string("\xF0\x9F\x98"), std::string("\xFF\xFE"),
        std::string("ok\xC3\xA9\xC3\x28ok")}) {
    INFO(nlohmann_dump(text));
    CHECK(written(text) == nlohmann_dump(text));
  }
}

TEST_CASE("json writer: random bytes escaped as nlohmann's dump escapes them", "[json_writer]") {
  std::mt19937 rng(16);
  // Bytes weighted towards the interesting ones: controls, quotes, UTF-8 leads and continuations.
  const std::string alphabet =
      "ab \"\\\x01\x1f\x7f\x80\x8f\x90\x9f\xa0\xbf\xc0\xc1\xc2\xc3\xdf\xe0\xe2\xed\xef\xf0\xf4\xf5\xff";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(0, 12);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = length(rng); n > 0; --n) text += alphabet[pick(rng)];
    const std::string expected = nlohmann_dump(text);
    if (written(text) != expected) {
      std::string hex;
      for (const char c : text) hex += std::to_string(static_cast<unsigned char>(c)) + " ";
      FAIL_CHECK("differs for the bytes " << hex << ": " << expected << " vs " << written(text));
      break;
    }
  }
}

TEST_CASE("json writer: a nested document, compact, commas where they belong", "[json_writer]") {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("days");
  w.begin_array();
  for (int d = 0; d < 2; ++d) {
    w.begin_object();
    w.key("empty");
    w.begin_array();
    w.end_array();
    w.key("n");
    w.value(d - 1);
    w.key("open");
    w.value(d == 1);
    w.end_object();
  }
  w.end_array();
  w.key("big");
  w.value(std::int64_t{-9223372036854775807LL - 1});
  w.key("none");
  w.null();
  w.key("obj");
  w.begin_object();
  w.end_object();
  w.key("raw");
  w.raw("[1,2]");
  w.key("text");
  w.value("é");
  w.end_object();
  CHECK(out ==
        R"({"days":[{"empty":[],"n":-1,"open":false},{"empty":[],"n":0,"open":true}],"big":-9223372036854775808,)"
        R"("none":null,"obj":{},"raw":[1,2],"text":"é"})");
  CHECK_NOTHROW(json::parse(out));
}
