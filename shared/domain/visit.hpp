// A visit (passage): a check-in, later a check-out, at one site, by a member
// or by a walk-in (counted, not identified), recorded by one kiosk. Its id is
// a UUID made by the kiosk, so the server can ingest it exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "time/clock.hpp"

namespace escale {

struct Visit {
  std::string id;  // client-generated UUID v4
  std::int64_t site_id = 0;
  std::optional<std::int64_t> member_id;  // nullopt for a walk-in
  std::string kiosk;                      // kiosk name
  Instant check_in{};
  std::optional<Instant> check_out;
  bool walk_in() const { return !member_id.has_value(); }
};

}  // namespace escale
