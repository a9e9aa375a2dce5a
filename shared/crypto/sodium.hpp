// libsodium's start-up, run once for the whole process: every user of
// libsodium (PIN and password hashing, UUIDs, tokens, enrolment codes) calls
// one of these before its first libsodium function.
#pragma once

namespace escale::crypto {

// Whether libsodium started (sodium_init succeeded). The first call starts
// it; threads racing to the first call wait for it (a function-local static).
bool sodium_ready() noexcept;

// The same, throwing std::runtime_error when libsodium cannot start (no
// source of randomness: nothing made with it could be trusted).
void ensure_sodium();

}  // namespace escale::crypto
