#include "crypto/sodium.hpp"  // first: the header is self-contained

// libsodium starts once for the process, whoever asks first (issue 16: five
// copies of sodium_init became crypto::sodium_ready / ensure_sodium).
#include <sodium.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

TEST_CASE("sodium: started once, from any thread", "[crypto][sodium]") {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      escale::crypto::ensure_sodium();
      if (escale::crypto::sodium_ready()) ++ready;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ready == 8);
  // Started already: libsodium answers 1 (0 would mean this call started it).
  CHECK(sodium_init() == 1);
  CHECK_NOTHROW(escale::crypto::ensure_sodium());
  unsigned char bytes[16] = {};
  randombytes_buf(bytes, sizeof bytes);  // usable
}
