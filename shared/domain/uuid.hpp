// Random UUIDs (version 4), the ids kiosks give to visits and outbox events.
#pragma once

#include <string>
#include <string_view>

namespace escale {

std::string make_uuid_v4();                 // lower-case, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
bool is_valid_uuid(std::string_view text);  // any version, lower or upper case

}  // namespace escale
