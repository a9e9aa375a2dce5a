// Passwords of web accounts: checked for length, stored only as an argon2id
// string (libsodium crypto_pwhash_str, interactive limits), verified in
// constant time. The rule follows the CNIL's 2022 recommendation for a
// password alone: at least 12 characters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace escale {

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// A French message saying what is wrong with a new password, or nullopt.
// Counts characters (UTF-8 code points), not bytes; refuses the login itself.
std::optional<std::string> password_problem(std::string_view password, std::string_view login = {});
// The argon2id string of a password (which must have no problem).
Result<std::string> hash_password(std::string_view password);
// False for a wrong password, a malformed hash or an over-long input.
bool verify_password(std::string_view password, const std::string& hash);
// Spends the time a verification takes, for a login that does not exist, so
// response times do not tell which logins exist.
void verify_password_decoy(std::string_view password);

}  // namespace escale
