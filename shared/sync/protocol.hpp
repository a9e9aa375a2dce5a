// The sync protocol between a kiosk and the server, version 2 (version 1 is
// still answered: see kProtocolVersion): versioned JSON over POST /api/v1/sync.
//
// One exchange = one push and one pull. The kiosk sends its outbox (events in
// the order they happened, each with a client-made UUID) and the cursor it
// last received; the server stores each event exactly once (a repeated event
// id is acknowledged as "duplicate" and changes nothing), then returns the
// changes to members, badges and the site after that cursor, with a new
// cursor. The cursor is a server-assigned, strictly increasing number.
//
// Request:
//   {"protocol":2, "cursor":42, "kiosk_version":"0.1.0",
//    "events":[{"id":UUID, "type":"check_in", "at":ISO, "visit_id":UUID,
//               "member_id":7, "badge_uid":"04A22B9A"},
//              {"id":UUID, "type":"check_out", "at":ISO, "visit_id":UUID},
//              {"id":UUID, "type":"walk_in", "at":ISO, "visit_id":UUID},
//              {"id":UUID, "type":"booking_request", "at":ISO, "booking_id":UUID,
//               "member_id":7, "resource_id":3, "start":ISO, "end":ISO},
//              {"id":UUID, "type":"booking_cancel", "at":ISO, "booking_id":UUID},
//              {"id":UUID, "type":"booking_move", "at":ISO, "booking_id":UUID,
//               "resource_id":3, "start":ISO, "end":ISO},
//              {"id":UUID, "type":"badge_assign", "at":ISO, "badge_uid":"…", "member_id":7},
//              {"id":UUID, "type":"member_create", "at":ISO, "member_ref":UUID,
//               "member":{"first_name":…, "last_name":…, "home_commune":…|null,
//                         "email":…|null, "phone":…|null}, "badge_uid":"…"|absent}]}
//   A check_in may name the booking it checks in on ("booking_id"). Any event
//   may carry "by_member_id": the animator who did it (animator mode); the
//   server keeps it in its audit log. A check_in without "badge_uid" is a
//   member an animator let in by name (« Faire entrer », a forgotten badge):
//   an animator-only event, refused without "by_member_id" (issue 15; older
//   servers refuse it whole, so upgrade the server first).
//   Help agenda (issue 5):
//              {"id":UUID, "type":"help_request", "at":ISO, "appointment_id":UUID,
//               "type_id":2, "mediator_id":4, "start":ISO (individual) | absent (joining a workshop),
//               "participant":{"id":UUID, "member_id":7|null, "first_name":"Josiane",
//                              "phone":"+33612345678"|null, "email":null, "reminders":true,
//                              "topics":["caf","papers"]}},
//              {"id":UUID, "type":"participant_status", "at":ISO, "appointment_id":UUID,
//               "participant_id":UUID, "status":"seen"|"excused"|"revoked"|"noshow"|"unknown"},
//              {"id":UUID, "type":"activity_record", "at":ISO, "activity":{…ActivityRecord…}}
//   A help_request is an intent like a booking_request: the server places it
//   (or seats the person in the workshop, or on its waiting list) or refuses
//   it with a reason; the appointment comes back in "appointments".
//   A booking_request is an intent: the server confirms it or refuses it
//   with a reason; either way the event is "stored" and the booking comes
//   back in "bookings" with its status.
// Response:
//   {"protocol":2, "server_time":ISO,
//    "acks":[{"id":UUID, "status":"stored"|"duplicate"|"rejected", "reason":"…"}],
//    "cursor":57, "more":false,
//    "site":{"id":1, "name":…, "address":…, "insee_code":…, "opening_hours":…} | null,
//    "members":[{"id":7, "first_name":…, "last_name":…, "roles":["member"], "active":true}],
//    "badges":[{"uid":"04A22B9A", "member_id":7, "revoked":false}],
//    "resources":[{"id":3, "kind":"desk"|"visio_room", "name":…, "capacity":1,
//                  "features":…, "name_en":…|absent, "features_en":…|absent, "active":true}],
//    "bookings":[{"id":UUID, "resource_id":3, "member_id":7, "start":ISO, "end":ISO,
//                 "status":"confirmed", "refusal":"overlap"|absent}],
//    "rules":{"desk":{…}, "visio_room":{…}} | absent,
//    "help_agenda":{"types":[…], "hours":[…], "exceptions":[…], "contact_phone":"…"} | absent,
//    "appointments":[{"id":UUID, "type_id":2, "mediator_id":4, "start":ISO, "duration_min":45,
//                     "collective":false, "capacity":1, "title":"", "level":"", "place":"on_site",
//                     "cancelled":false, "refusal":"taken"|absent, "recorded":false,
//                     "participants":[{"id":UUID, "member_id":null, "first_name":"Josiane",
//                                      "reminders":true, "topics":["caf"], "status":"unknown",
//                                      "waiting":false, "added_at":ISO, "recorded":false}]}]}
//   Members with the animator role carry "pin_hash" (argon2id string) so the
//   kiosk can open animator mode offline. Bookings are sent when they change
//   and only while they have not ended more than a day ago.
//   "resources", "bookings" and "rules" may be absent (read as empty), as may
//   "help_agenda" and "appointments". Words staff type in French may come in
//   English too (issue 15): a resource's "name_en" and "features_en", an
//   appointment type's "name_en", an appointment's "title_en"; absent means
//   none was given (a kiosk in English shows the French words, marked as
//   French), and a kiosk that does not know them ignores them. The help agenda (the site's appointment
//   types, help hours and exceptions) is sent whole whenever part of it
//   changes. Participants' phones and e-mails never go to a kiosk: the
//   server sends the reminders. Appointments are sent when they change and
//   only while they have not ended more than a day ago.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "booking/booking.hpp"
#include "domain/member.hpp"
#include "domain/site.hpp"
#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "result.hpp"
#include "time/clock.hpp"

namespace escale::sync {

// Version 2 (issue 17): one membership for the network. A kiosk receives
// every member of the network who may be greeted there or told where to go:
// "members" carry "home_site_id" and, for a member restricted to some sites,
// "sites" (their ids); a member of another site comes with their first name
// and, only when another member shares it, their last initial ("D."), never
// contacts; "roles" and "pin_hash" are the member's at the kiosk's site.
// "network_sites" ([{"id":1, "name":…}], whole) comes when a site is added or
// renamed; the rules carry "limits_scope" ("site" or "network"). A version 1
// kiosk still works against a version 2 server: it is answered in version 1,
// with its own site's members as before (others inactive, no name), and a
// refusal this version adds read as one version 1 knows. Upgrade the server
// first: a version 1 server refuses a version 2 kiosk's requests.
inline constexpr int kProtocolVersion = 2;
inline constexpr int kOldestProtocolVersion = 1;       // the oldest a server still answers
inline constexpr std::size_t kMaxEventsPerPush = 500;  // a kiosk sends at most this many per request

enum class EventType {
  CheckIn,
  CheckOut,
  WalkIn,
  BookingRequest,
  BookingCancel,
  BookingMove,
  BadgeAssign,
  MemberCreate,
  HelpRequest,
  ParticipantStatusChange,
  ActivityRecorded
};
std::string_view to_string(EventType t);
std::optional<EventType> parse_event_type(std::string_view s);

// A member created at the kiosk by an animator (member_create).
struct NewMember {
  std::string first_name;
  std::string last_name;
  std::optional<std::string> home_commune;  // INSEE code
  std::optional<std::string> email;
  std::optional<std::string> phone;
  friend bool operator==(const NewMember&, const NewMember&) = default;
};

struct Event {
  std::string id;  // UUID made by the kiosk; the idempotency key
  EventType type = EventType::CheckIn;
  Instant at{};
  std::string visit_id;                     // check_in, check_out, walk_in: UUID of the visit
  std::optional<std::int64_t> member_id;    // check_in, booking_request, badge_assign
  std::optional<std::string> badge_uid;     // check_in (the badge tapped; absent: let in by an animator),
                                            // badge_assign, member_create (optional)
  std::optional<std::string> booking_id;    // booking_*; check_in on a booking
  std::optional<std::int64_t> resource_id;  // booking_request, booking_move
  std::optional<Instant> start;             // booking_request, booking_move
  std::optional<Instant> end;
  std::optional<std::string> member_ref;     // member_create: UUID naming the new member (idempotency)
  std::optional<NewMember> new_member;       // member_create
  std::optional<std::int64_t> by_member_id;  // the animator who acted, when in animator mode
  // Help agenda events.
  std::optional<std::string> appointment_id;                       // help_request, participant_status
  std::optional<std::int64_t> type_id;                             // help_request
  std::optional<std::int64_t> mediator_id;                         // help_request
  std::optional<mediation::Participant> participant;               // help_request
  std::optional<std::string> participant_id;                       // participant_status
  std::optional<mediation::ParticipantStatus> participant_status;  // participant_status
  std::optional<mediation::ActivityRecord> activity;               // activity_record
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
  std::string last_name;  // another site's member (v2): their initial (« D. ») when their first name is shared, else ""
  std::vector<Role> roles;              // v2: their roles at the kiosk's site
  bool active = true;                   // false: erased (v1: or of another site); the kiosk forgets them
  std::optional<std::string> pin_hash;  // animators (at the kiosk's site) only: argon2id string of their kiosk PIN
  std::int64_t home_site_id = 0;        // v2: where they signed up (0: not said, version 1)
  std::optional<std::vector<std::int64_t>> sites{};  // v2: the only sites they may use; nullopt: every site
  friend bool operator==(const MemberRecord&, const MemberRecord&) = default;
};

// A site of the network as every kiosk knows it (v2): to tell a member
// restricted to other sites where they may go.
struct NetworkSite {
  std::int64_t id = 0;
  std::string name;
  friend bool operator==(const NetworkSite&, const NetworkSite&) = default;
};

struct BadgeRecord {
  std::string uid;
  std::int64_t member_id = 0;
  bool revoked = false;
};

struct ResourceRecord {
  Resource resource;
  bool active = true;  // false: removed; the kiosk forgets it
};

// The site's booking rules per resource kind.
struct SiteRules {
  BookingRules desk = default_rules(ResourceKind::Desk);
  BookingRules visio_room = default_rules(ResourceKind::VisioRoom);
  const BookingRules& for_kind(ResourceKind k) const { return k == ResourceKind::Desk ? desk : visio_room; }
  friend bool operator==(const SiteRules&, const SiteRules&) = default;
};

// The site's help agenda, sent whole when any part changes.
struct HelpAgenda {
  std::vector<mediation::AppointmentType> types;  // active and inactive (inactive: not offered)
  std::vector<mediation::HelpHours> hours;
  std::vector<mediation::HelpException> exceptions;
  std::string contact_phone;  // the site's phone for « Pour annuler », E.164 or empty
  friend bool operator==(const HelpAgenda&, const HelpAgenda&) = default;
};

// An appointment as a kiosk sees it (no phones, no e-mails).
struct AppointmentRecord {
  mediation::Appointment appointment;
  std::optional<mediation::HelpRefusal> refusal;   // an intent the server could not place (cancelled too)
  bool recorded = false;                           // a workshop's activity record is done
  std::vector<std::string> recorded_participants;  // individual: participants whose activity is recorded
  friend bool operator==(const AppointmentRecord&, const AppointmentRecord&) = default;
};

// The individual type a visitor books at a kiosk: the site's first active
// individual type (lowest id), or null when it offers none.
const mediation::AppointmentType* kiosk_appointment_type(const HelpAgenda& agenda);
// The appointments of records, as the agenda rules take them.
std::vector<mediation::Appointment> appointments_of(const std::vector<AppointmentRecord>& records);

struct SyncResponse {
  int protocol = kProtocolVersion;
  Instant server_time{};
  std::vector<EventAck> acks;
  std::int64_t cursor = 0;
  bool more = false;  // more changes wait after `cursor`: ask again at once
  std::optional<Site> site;
  std::vector<MemberRecord> members;
  std::vector<BadgeRecord> badges;
  std::vector<ResourceRecord> resources;
  std::vector<Booking> bookings;
  std::optional<SiteRules> rules;          // sent with the site
  std::vector<NetworkSite> network_sites;  // v2: every site of the network, whole, when one changed; empty: no news
  std::optional<HelpAgenda> help_agenda;
  std::vector<AppointmentRecord> appointments;
};

std::string encode(const SyncRequest& r);
// One event alone, as it appears in a request's "events" (a kiosk's outbox keeps events so).
std::string encode_event(const Event& e);
Result<Event> decode_event(std::string_view json_text);
std::string encode(const SyncResponse& r);

// Decoding checks everything: JSON syntax, protocol version (kOldestProtocolVersion
// to kProtocolVersion for a request; a response in the version the kiosk speaks), every field's
// presence and type, UUIDs, timestamps and badge UIDs. The error says which
// field is wrong, e.g. "events[3].at: expected an ISO 8601 UTC time".
Result<SyncRequest> decode_request(std::string_view body);
Result<SyncResponse> decode_response(std::string_view body);

}  // namespace escale::sync
