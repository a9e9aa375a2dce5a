#include "domain/badge.hpp"

#include <catch2/catch.hpp>

using namespace escale;

namespace {

std::string hex_of(std::string_view text) {
  const auto uid = BadgeUid::parse(text);
  INFO(text);
  REQUIRE(uid.has_value());
  return uid->hex();
}

}  // namespace

TEST_CASE("badge UIDs are normalized to upper-case hex", "[badge]") {
  CHECK(hex_of("04A22B9A") == "04A22B9A");
  CHECK(hex_of("04a22b9a") == "04A22B9A");
  CHECK(hex_of("04:a2:2b:9a") == "04A22B9A");
  CHECK(hex_of("04-A2-2B-9A") == "04A22B9A");
  CHECK(hex_of("04 a2 2B 9a") == "04A22B9A");
  CHECK(hex_of("  04A22B9A\n") == "04A22B9A");
  CHECK(hex_of("\t04:A2:2B:9A \r\n") == "04A22B9A");
  CHECK(hex_of("04A2:2B9A") == "04A22B9A");    // separators between some bytes only
  CHECK(hex_of("04:A2-2B 9A") == "04A22B9A");  // mixed separators
}

TEST_CASE("badge UIDs of 4, 7 and 10 bytes", "[badge]") {
  const auto single = BadgeUid::parse("04:A2:2B:9A");
  const auto double_size = BadgeUid::parse("04:a2:2b:9a:5c:3d:80");
  const auto triple_size = BadgeUid::parse("04A22B9A5C3D80112233");
  REQUIRE(single);
  REQUIRE(double_size);
  REQUIRE(triple_size);
  CHECK(single->byte_count() == 4);
  CHECK(double_size->byte_count() == 7);
  CHECK(double_size->hex() == "04A22B9A5C3D80");
  CHECK(triple_size->byte_count() == 10);
}

TEST_CASE("malformed badge UIDs are rejected", "[badge]") {
  for (const char* text : {
           "",
           "   ",
           "04A22B9",                 // 7 digits: half a byte
           "04A22B9A11",              // 5 bytes
           "04A22B9A1122",            // 6 bytes
           "04A22B9A5C3D8011",        // 8 bytes
           "04A22B9A5C3D8011223344",  // 11 bytes
           "0:4A22B9A",               // separator inside a byte
           "04A:22B9A",
           "04::A2:2B:9A",  // doubled separator
           "04: A2:2B:9A",
           ":04A22B9A",    // leading separator
           "04A22B9A:",    // trailing separator
           "04_A2_2B_9A",  // unknown separator
           "04.A2.2B.9A",
           "04\tA2\t2B\t9A",
           "04A22B9G",  // not hex
           "0x04A22B9A",
           "04A2 2B9A zz",
           "04A22B9A\xC3\xA9",
       }) {
    CAPTURE(text);
    CHECK_FALSE(BadgeUid::parse(text).has_value());
  }
}

TEST_CASE("badge UIDs compare by their normalized hex", "[badge]") {
  CHECK(BadgeUid::parse("04:a2:2b:9a") == BadgeUid::parse("04A22B9A"));
  CHECK(BadgeUid::parse("04A22B9A") != BadgeUid::parse("04A22B9B"));
  CHECK(*BadgeUid::parse("04A22B9A") < *BadgeUid::parse("04A22B9B"));

  const Badge badge{7, *BadgeUid::parse("04-a2-2b-9a"), 42, false};
  CHECK(badge.uid.hex() == "04A22B9A");
  CHECK(badge.member_id == 42);
}
