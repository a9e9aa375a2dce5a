// Harness: a kiosk's sync request as the server decodes it
// (decode_request, shared/sync/protocol.cpp), and one outbox event
// (decode_event). Whatever decodes must encode to a text that decodes, and
// encodes to the same text again (a request leaves out what only the server
// sets, such as a participant's status).
#include "fuzz_support.hpp"
#include "sync/protocol.hpp"

using namespace escale::sync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = escale::fuzz::as_text(data, size);
  if (const auto request = decode_request(text)) {
    FUZZ_CHECK(request->protocol >= kOldestProtocolVersion && request->protocol <= kProtocolVersion);
    // encode(decode(x)) decodes, and encodes to the same text again.
    const std::string once = encode(*request);
    const auto again = decode_request(once);
    if (!again) std::fprintf(stderr, "re-decoding failed: %s\n%s\n", again.error().c_str(), once.c_str());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->events.size() == request->events.size());
    FUZZ_CHECK(again->protocol == request->protocol);  // a version 1 request stays one
    FUZZ_CHECK(encode(*again) == once);
  } else {
    FUZZ_CHECK(!request.error().empty());
  }
  if (const auto event = decode_event(text)) {
    const auto again = decode_event(encode_event(*event));
    if (!again) std::fprintf(stderr, "re-decoding failed: %s\n", again.error().c_str());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(encode_event(*again) == encode_event(*event));
  }
  return 0;
}
