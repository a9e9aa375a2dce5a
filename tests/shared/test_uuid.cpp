#include "domain/uuid.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <thread>
#include <vector>

using namespace escale;

TEST_CASE("make_uuid_v4 gives lower-case version 4 UUIDs", "[uuid]") {
  for (int i = 0; i < 200; ++i) {
    const std::string id = make_uuid_v4();
    CAPTURE(id);
    REQUIRE(id.size() == 36);
    CHECK(is_valid_uuid(id));
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    for (char c : id) CHECK((c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
  }
}

TEST_CASE("make_uuid_v4 does not repeat, even across threads", "[uuid]") {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  for (auto& out : made) {
    threads.emplace_back([&out] {
      for (int i = 0; i < kPerThread; ++i) out.push_back(make_uuid_v4());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> unique;
  for (const auto& out : made) unique.insert(out.begin(), out.end());
  CHECK(unique.size() == static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_CASE("is_valid_uuid accepts any version and either case", "[uuid]") {
  CHECK(is_valid_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));  // version 1
  CHECK(is_valid_uuid("6BA7B810-9DAD-11D1-80B4-00C04FD430C8"));
  CHECK(is_valid_uuid("00000000-0000-0000-0000-000000000000"));
  CHECK(is_valid_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d479"));
}

TEST_CASE("is_valid_uuid rejects malformed text", "[uuid]") {
  for (const char* text : {
           "",
           "f47ac10b58cc4372a5670e02b2c3d479",       // no hyphens
           "f47ac10b-58cc-4372-a567-0e02b2c3d47",    // too short
           "f47ac10b-58cc-4372-a567-0e02b2c3d4790",  // too long
           "{f47ac10b-58cc-4372-a567-0e02b2c3d479}",
           "f47ac10b-58cc-4372-a567-0e02b2c3d47g",  // not hex
           "f47ac10b-58cc4-372-a567-0e02b2c3d479",  // hyphen misplaced
           "f47ac10b 58cc 4372 a567 0e02b2c3d479",
           "f47ac10b-58cc-4372-a567_0e02b2c3d479",
           " f47ac10b-58cc-4372-a567-0e02b2c3d47",
       }) {
    CAPTURE(text);
    CHECK_FALSE(is_valid_uuid(text));
  }
}

TEST_CASE("uuid: a version-4 UUID from given bytes", "[uuid]") {
  std::array<std::uint8_t, 16> bytes{};
  bytes.fill(0xFF);
  CHECK(escale::uuid_v4_from(bytes) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
  bytes.fill(0x00);
  CHECK(escale::uuid_v4_from(bytes) == "00000000-0000-4000-8000-000000000000");
  CHECK(escale::is_valid_uuid(escale::uuid_v4_from(bytes)));
}
