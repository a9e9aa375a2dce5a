// Sync protocol v1 between a kiosk and the server: versioned JSON over
// POST /api/v1/sync.
//
// One exchange = one push and one pull. The kiosk sends its outbox (events in
// the order they happened, each with a client-made UUID) and the cursor it
// last received; the server stores each event exactly once (a repeated event
// id is acknowledged as "duplicate" and changes nothing), then returns the
// changes to members, badges and the site after that cursor, with a new
// cursor. The cursor is a server-assigned, strictly increasing number.
//
// Request:
//   {"protocol":1, "cursor":42, "kiosk_version":"0.1.0",
//    "events":[{"id":UUID, "type":"check_in", "at":ISO, "visit_id":UUID,
//               "member_id":7, "badge_uid":"04A22B9A"},
//              {"id":UUID, "type":"check_out", "at":ISO, "visit_id":UUID},
//              {"id":UUID, "type":"walk_in", "at":ISO, "visit_id":UUID}]}
// Response:
//   {"protocol":1, "server_time":ISO,
//    "acks":[{"id":UUID, "status":"stored"|"duplicate"|"rejected", "reason":"…"}],
//    "cursor":57, "more":false,
//    "site":{"id":1, "name":…, "address":…, "insee_code":…, "opening_hours":…} | null,
//    "members":[{"id":7, "first_name":…, "last_name":…, "roles":["member"], "active":true}],
//    "badges":[{"uid":"04A22B9A", "member_id":7, "revoked":false}]}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/member.hpp"
#include "domain/site.hpp"
#include "result.hpp"
#include "time/clock.hpp"

namespace escale::sync {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::size_t kMaxEventsPerPush = 500;  // a kiosk sends at most this many per request

enum class EventType { CheckIn, CheckOut, WalkIn };
std::string_view to_string(EventType t);
std::optional<EventType> parse_event_type(std::string_view s);

struct Event {
  std::string id;  // UUID made by the kiosk; the idempotency key
  EventType type = EventType::CheckIn;
  Instant at{};
  std::string visit_id;                   // UUID of the visit the event belongs to
  std::optional<std::int64_t> member_id;  // check_in only
  std::optional<std::string> badge_uid;   // check_in only: the badge tapped
  friend bool operator==(const Event&, const Event&) = default;
};

struct SyncRequest {
  int protocol = kProtocolVersion;
  std::int64_t cursor = 0;
  std::string kiosk_version;
  std::vector<Event> events;
};

enum class AckStatus { Stored, Duplicate, Rejected };
std::string_view to_string(AckStatus s);

struct EventAck {
  std::string id;
  AckStatus status = AckStatus::Stored;
  std::string reason;  // set when rejected
};

struct MemberRecord {
  std::int64_t id = 0;
  std::string first_name;
  std::string last_name;
  std::vector<Role> roles;
  bool active = true;  // false: erased or moved to another site; the kiosk forgets them
};

struct BadgeRecord {
  std::string uid;
  std::int64_t member_id = 0;
  bool revoked = false;
};

struct SyncResponse {
  int protocol = kProtocolVersion;
  Instant server_time{};
  std::vector<EventAck> acks;
  std::int64_t cursor = 0;
  bool more = false;  // more changes wait after `cursor`: ask again at once
  std::optional<Site> site;
  std::vector<MemberRecord> members;
  std::vector<BadgeRecord> badges;
};

std::string encode(const SyncRequest& r);
std::string encode(const SyncResponse& r);

// Decoding checks everything: JSON syntax, protocol version, every field's
// presence and type, UUIDs, timestamps and badge UIDs. The error says which
// field is wrong, e.g. "events[3].at: expected an ISO 8601 UTC time".
Result<SyncRequest> decode_request(std::string_view body);
Result<SyncResponse> decode_response(std::string_view body);

}  // namespace escale::sync
