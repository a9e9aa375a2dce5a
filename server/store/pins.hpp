// Animator PINs: the argon2id string of the PIN an animator types at a kiosk
// (with their badge) to open animator mode. Kept on the member's row and sent
// to their site's kiosks, which check it offline (auth/pin.hpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "domain/member.hpp"
#include "result.hpp"
#include "store/database.hpp"

namespace escale::server {

// Sets (or replaces) the PIN of a member with the animator role; the error
// says what to fix (not an animator, not 4–6 digits, no such member).
Result<Member> set_member_pin(store::Database& db, std::int64_t member_id, std::string_view pin);

}  // namespace escale::server
