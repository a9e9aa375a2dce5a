// Harness: the API's query strings and the web pages' urlencoded forms
// (parse_query, url_decode, server/api/api_kit.cpp), and the strict readers
// handlers use on them (query_id, query_date: a BadRequest naming the
// field, nothing else), and the routing table's path patterns (a parameter
// is never empty and never holds a « / »).
#include "api/api_kit.hpp"
#include "api/routing_table.hpp"
#include "fuzz_support.hpp"

using namespace escale::server::api;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = escale::fuzz::as_text(data, size);
  const escale::server::QueryParams query = parse_query(text);
  for (const auto& [name, value] : query) {
    FUZZ_CHECK(name.size() <= text.size() && value.size() <= text.size());  // decoding never grows text
  }
  // The handlers' readers, with the names they ask for.
  for (const char* name : {"site", "resource", "member", "type", "date", "from", "to", "jour", "semaine"}) {
    try {
      if (const auto id = query_id(query, name, "3")) FUZZ_CHECK(*id > 0);
    } catch (const BadRequest& e) {
      FUZZ_CHECK(e.message.rfind(name, 0) == 0);
    }
    try {
      if (const auto d = query_date(query, name)) FUZZ_CHECK(d->year >= 2000 && d->year <= 2999);
    } catch (const BadRequest& e) {
      FUZZ_CHECK(e.message.rfind(name, 0) == 0);
    }
  }
  const std::string decoded = url_decode(text);
  FUZZ_CHECK(decoded.size() <= text.size());
  if (const auto id = parse_id(text)) FUZZ_CHECK(*id > 0);
  static const PathPattern kPatterns[] = {PathPattern("/api/v1/bookings/{id}/move"),
                                          PathPattern("/calendrier/{token}.ics"), PathPattern("/lieux/{id}")};
  for (const auto& pattern : kPatterns) {
    if (const auto params = pattern.match(text)) {
      for (const auto& [name, value] : *params) {
        FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos);
      }
    }
  }
  return 0;
}
