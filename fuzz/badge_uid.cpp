// Harness: badge UIDs (BadgeUid::parse, shared/domain/badge.cpp), from the
// reader, the sync protocol, the back office and the configuration's
// key_badges. An accepted UID is 4, 7 or 10 bytes of upper-case hex and
// reads back to itself.
#include "domain/badge.hpp"
#include "fuzz_support.hpp"

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto uid = BadgeUid::parse(escale::fuzz::as_text(data, size));
  if (!uid) return 0;
  const std::string& hex = uid->hex();
  FUZZ_CHECK(hex.size() == 8 || hex.size() == 14 || hex.size() == 20);
  FUZZ_CHECK(uid->byte_count() * 2 == hex.size());
  for (const char c : hex) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
  const auto again = BadgeUid::parse(hex);
  FUZZ_CHECK(again.has_value() && *again == *uid);
  return 0;
}
