// Animator PINs: 4 to 6 digits, stored only as an argon2id string
// (libsodium crypto_pwhash_str), verified at the kiosk offline. Five wrong
// PINs in a row lock that animator's PIN for five minutes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"
#include "time/clock.hpp"

namespace escale {

// True for 4 to 6 ASCII digits.
bool is_valid_pin(std::string_view pin);
// The argon2id string for a valid PIN (interactive limits). Error when the
// PIN is not 4–6 digits.
Result<std::string> hash_pin(std::string_view pin);
// Constant-time check of a PIN against a stored argon2id string; false for a
// malformed hash.
bool verify_pin(std::string_view pin, const std::string& hash);

// Counting wrong PINs for one animator. Plain state, persisted by the caller.
struct PinAttempts {
  int failures = 0;                     // wrong PINs since the last good one
  std::optional<Instant> locked_until;  // set on the 5th failure
};
inline constexpr int kMaxPinFailures = 5;
inline constexpr std::chrono::minutes kPinLockout{5};

bool is_locked(const PinAttempts& a, Instant now);
// Records a wrong PIN; locks after the 5th. A lock that has expired resets the count first.
void record_failure(PinAttempts& a, Instant now);
void record_success(PinAttempts& a);

}  // namespace escale
