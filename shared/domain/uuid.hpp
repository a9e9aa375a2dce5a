// Random UUIDs (version 4), the ids kiosks give to visits and outbox events.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace escale {

std::string make_uuid_v4();  // lower-case, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
// A version-4 UUID from 16 bytes of the caller's (random, or seeded for tests):
// sets the version and variant bits, writes lower-case hex with hyphens.
std::string uuid_v4_from(std::array<std::uint8_t, 16> bytes);
bool is_valid_uuid(std::string_view text);  // any version, lower or upper case

}  // namespace escale
