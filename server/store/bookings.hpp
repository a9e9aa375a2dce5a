// Bookings on the server: the site's rules, the resources' bookings, and the
// operations that change them. Every write is one BEGIN IMMEDIATE
// transaction that first releases no-shows on the resource's day, then
// checks the shared rules (booking/booking.hpp) against what is stored, then
// writes the booking, its change-log row and (when an actor is known) an
// audit-log row. SQLite serialises writers, so two racing requests for the
// same slot can never both pass the overlap check; a trigger in the schema
// refuses an overlap whatever the code path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "booking/booking.hpp"
#include "store/database.hpp"
#include "sync/protocol.hpp"
#include "time/clock.hpp"

namespace escale::server {

// Who made a change, for the audit log and the booking's origin.
struct Actor {
  std::optional<std::int64_t> kiosk_id;       // a kiosk (its own member tapped, or an animator)
  std::optional<std::int64_t> member_id;      // the animator acting, when in animator mode
  std::optional<std::int64_t> api_client_id;  // an admin API client
  std::optional<std::int64_t> web_user_id;    // a web account (back office)
};

// Rules of a site (defaults where nothing is stored).
sync::SiteRules site_rules(store::Database& db, std::int64_t site_id);
void set_site_rules(store::Database& db, std::int64_t site_id, ResourceKind kind, const BookingRules& rules);

std::optional<Resource> find_resource(store::Database& db, std::int64_t resource_id);

// The outcome of a request: the booking as stored (confirmed), or the reason
// it was refused (nothing written, except `record_refusal` below).
struct BookingOutcome {
  std::optional<Booking> booking;
  std::optional<Refusal> refusal;
  // create_booking: this call stored the booking (false when the id was
  // already stored: a repeated request). Decided inside the transaction that
  // inserts, so of twenty identical requests racing, exactly one is `created`.
  bool created = false;
  bool ok() const { return booking.has_value() && !refusal; }
};

// Creates a booking with the given id (a UUID; made by the caller). A
// repeated id returns the stored booking unchanged (idempotent), with
// `created` false.
BookingOutcome create_booking(store::Database& db, const Booking& request, const Actor& actor, Instant now);
// As create_booking, but a refusal is stored as a booking with status
// 'refused' and its reason, so a kiosk that made the intent offline learns
// the outcome through the change log. For sync ingest.
Booking create_or_refuse_booking(store::Database& db, const Booking& request, const Actor& actor, Instant now);
BookingOutcome cancel_booking(store::Database& db, const std::string& booking_id, const Actor& actor, Instant now);
// Moves a booking to another resource and/or time, checked as a new booking
// that ignores the one it replaces.
BookingOutcome move_booking(store::Database& db, const std::string& booking_id, std::int64_t resource_id, Instant start,
                            Instant end, const Actor& actor, Instant now);
// A member badged in at `at`: checks in on their booking per the rules, if
// any (returns it). With `booking_id`, checks in on that one (a kiosk said
// so), also when it was just released as a no-show and nothing took its place.
std::optional<Booking> check_in_booking(store::Database& db, std::int64_t member_id,
                                        const std::optional<std::string>& booking_id, Instant at, const Actor& actor);
// Marks confirmed bookings not checked in by start + grace as no-shows
// (all sites). Returns how many. Run by the server every minute and at the
// start of each booking write for the resource concerned.
int release_no_shows(store::Database& db, Instant now);

std::optional<Booking> find_booking(store::Database& db, const std::string& id);
// The confirmed bookings of a site whose Paris day is in [from, to]
// ("YYYY-MM-DD"), by member: who might check in on one.
struct ConfirmedStart {
  std::int64_t member_id = 0;
  Instant start{};
  std::string id;
};
std::vector<ConfirmedStart> confirmed_bookings_by_member(store::Database& db, std::int64_t site_id,
                                                         const std::string& from, const std::string& to);
// When a booking was last changed (nullopt: no such booking).
std::optional<Instant> booking_updated_at(store::Database& db, const std::string& id);

struct BookingQuery {
  std::optional<std::int64_t> site_id;
  std::optional<std::int64_t> resource_id;
  std::optional<std::int64_t> member_id;
  std::optional<std::string> from_date;  // Paris dates "YYYY-MM-DD", inclusive
  std::optional<std::string> to_date;
  bool holding_only = false;  // only confirmed and checked_in
};
std::vector<Booking> list_bookings(store::Database& db, const BookingQuery& q);

// Availability of a site's active resources over `days` days from `first`.
std::vector<DayGrid> site_availability(store::Database& db, std::int64_t site_id, const CivilDate& first, int days,
                                       Instant now, std::optional<std::int64_t> for_member = std::nullopt);

// A member's calendar feed address holds a token stored hashed (like every
// other token, issue 19): it is shown once, when it is made. A new one
// revokes the old address. Returns the token ("cal_" + 64 hex digits).
std::string issue_calendar_token(store::Database& db, std::int64_t member_id, Instant now);
// Whether the member has a feed address (its token cannot be shown again).
bool has_calendar_token(store::Database& db, std::int64_t member_id);
std::optional<std::int64_t> member_for_calendar_token(store::Database& db, std::string_view token);
// Schema v10: the tokens stored in plain text before it are hashed (the
// addresses keep working) and their text cleared; nothing to do afterwards.
void hash_calendar_tokens(store::Database& db);

// Whether a change by this actor is audited: an animator at a kiosk, an admin
// API client or a web account (a kiosk's own member, the command line and the
// demo are not).
bool audited(const Actor& actor);
// Appends one row to the audit log (in the caller's transaction), when the
// actor is audited; otherwise does nothing.
void audit(store::Database& db, const Actor& actor, std::optional<std::int64_t> site_id, std::string_view action,
           std::string_view subject, std::string_view detail_json = "{}");

}  // namespace escale::server
