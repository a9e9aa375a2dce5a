// Harness: the server's sync answer as a kiosk decodes it (decode_response,
// shared/sync/protocol.cpp): members, badges, resources, bookings, rules, the
// help agenda and appointments. Whatever decodes must encode to a text that
// decodes, and encodes to the same text again.
#include "fuzz_support.hpp"
#include "sync/protocol.hpp"

using namespace escale::sync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto response = decode_response(escale::fuzz::as_text(data, size));
  if (!response) {
    FUZZ_CHECK(!response.error().empty());
    return 0;
  }
  const std::string once = encode(*response);
  const auto again = decode_response(once);
  if (!again) std::fprintf(stderr, "re-decoding failed: %s\n%s\n", again.error().c_str(), once.c_str());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(encode(*again) == once);
  FUZZ_CHECK(again->bookings == response->bookings);
  FUZZ_CHECK(again->help_agenda == response->help_agenda);
  // What a kiosk computes from an answer at once.
  if (response->help_agenda) (void)kiosk_appointment_type(*response->help_agenda);
  (void)appointments_of(response->appointments);
  return 0;
}
