// The demo database: one site « Tiers-lieu de démonstration » with opening
// hours, 4 desks and a visio room, 12 members with badges, one kiosk, a
// month of past visits so that the report is not empty, an animator with a
// kiosk PIN, and bookings for today and the coming open days (made relative
// to now, so the demo always has some). Deterministic (fixed seed), so
// screenshots and docs stay stable apart from the dates.
#pragma once

#include <string>
#include <vector>

#include "result.hpp"
#include "store/database.hpp"

namespace escale::server {

struct DemoBadge {
  std::string uid;
  std::string first_name;
};

struct DemoData {
  std::string kiosk_token;
  std::vector<DemoBadge> badges;  // in key order: key 1 taps badges[0], …
  int past_visits = 0;
  std::string animator;      // « Agnès Lambert », who opens animator mode…
  std::string animator_uid;  // … with this badge …
  std::string animator_pin;  // … and this PIN
  int bookings = 0;          // made for today and the coming open days
};

inline constexpr const char* kDemoAnimatorPin = "2468";

// Fills an empty database; refuses one that already has sites.
Result<DemoData> make_demo_data(store::Database& db);

// The UIDs of the demo members' badges, in the order keys 1–9 tap them.
const std::vector<DemoBadge>& demo_badges();

}  // namespace escale::server
