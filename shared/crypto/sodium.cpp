// libsodium's start-up. See sodium.hpp.
#include "crypto/sodium.hpp"

#include <sodium.h>

#include <stdexcept>

namespace escale::crypto {

bool sodium_ready() noexcept {
  // sodium_init() returns 0 the first time, 1 when already done, -1 on failure.
  static const bool ready = sodium_init() >= 0;
  return ready;
}

void ensure_sodium() {
  if (!sodium_ready()) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace escale::crypto
