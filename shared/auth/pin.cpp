// PIN hashing and lockout. See pin.hpp.
#include "auth/pin.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "crypto/sodium.hpp"

namespace escale {

bool is_valid_pin(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 6 &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::string> hash_pin(std::string_view pin) {
  if (!is_valid_pin(pin)) return Error{"Le code doit faire de 4 à 6 chiffres."};
  crypto::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory while hashing a PIN");
  }
  return std::string(out);
}

bool verify_pin(std::string_view pin, const std::string& hash) {
  if (!is_valid_pin(pin)) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with("$argon2id$")) return false;
  if (!crypto::sodium_ready()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

bool is_locked(const PinAttempts& a, Instant now) {
  return a.locked_until && now < *a.locked_until;
}

void record_failure(PinAttempts& a, Instant now) {
  if (a.locked_until && now >= *a.locked_until) {
    a.locked_until.reset();
    a.failures = 0;
  }
  if (is_locked(a, now)) return;
  ++a.failures;
  if (a.failures >= kMaxPinFailures) a.locked_until = now + kPinLockout;
}

void record_success(PinAttempts& a) {
  a.failures = 0;
  a.locked_until.reset();
}

}  // namespace escale
