// Bookings a member makes from « Mon espace » (issue 18): a desk for a part of
// a day (any desk free then: the first by the site's order) or the visio room
// for chosen times, once or every week until a date. The same rules as at the
// kiosk: every booking goes through create_booking (store/bookings.hpp), so
// web, kiosk and offline-kiosk bookings racing for one desk end with exactly
// one booking. SQL for the booking_series table of schema 9.
//
// A weekly series books its days within the site's advance window at once;
// each later day is booked (or refused, with its reason) by book_due_series
// when it enters the window. Days the site is closed (public holidays,
// closures) are skipped and listed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "booking/booking.hpp"
#include "result.hpp"
#include "store/bookings.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

enum class BookingPart { Morning, Afternoon, Day, Times };
std::string_view to_string(BookingPart p);  // "morning", "afternoon", "day", "times"
std::optional<BookingPart> parse_booking_part(std::string_view s);

struct BookingWish {
  std::int64_t member_id = 0;
  std::int64_t site_id = 0;
  ResourceKind kind = ResourceKind::Desk;
  BookingPart part = BookingPart::Morning;  // Times for the visio room
  int start_minute = 0;                     // Times: Paris wall clock, minutes after midnight
  int end_minute = 0;
};

// The wish's interval on `day` with these hours, or nullopt when the site is
// closed that day or has no such part then (a Saturday with mornings only).
std::optional<std::pair<Instant, Instant>> wish_interval(const OpeningHours& hours, const BookingWish& wish,
                                                         const CivilDate& day);

// The ids of `resources` (in their order) whose row of `grid` is free for the whole of [start, end).
std::vector<std::int64_t> free_resources(const DayGrid& grid, const std::vector<Resource>& resources, Instant start,
                                         Instant end);

struct DayOutcome {
  CivilDate day;
  std::optional<Booking> booking;  // confirmed
  std::optional<Refusal> refusal;  // why not (nothing stored)
  bool closed = false;             // the site is closed that day (or has no such part): skipped
  bool holiday = false;            // … because it is a public holiday
  std::optional<CivilDate> later;  // a series' day beyond the window: booked on this date
  std::string resource_name;       // the booked resource
};

// Books the wish on one day: the first resource of its kind free for the
// whole interval; when none is, the refusal the rules give for the first one
// (the place was taken, the member's limit…).
DayOutcome book_wish(store::Database& db, const BookingWish& wish, const CivilDate& day, const Actor& actor,
                     Instant now);

inline constexpr int kMaxSeriesWeeks = 53;
struct SeriesOutcome {
  std::int64_t series_id = 0;
  std::vector<DayOutcome> days;  // every week's day, in order
};
// Every week on `first`'s weekday until `until` (inclusive, at most
// kMaxSeriesWeeks days): refused for an until before first, too far away,
// or a member who may not use the site.
Result<SeriesOutcome> create_series(store::Database& db, const BookingWish& wish, const CivilDate& first,
                                    const CivilDate& until, const Actor& actor, Instant now);
// The days of open series that have entered their site's advance window
// since: booked or refused now (run every minute by the server). Returns
// what happened, with the series' member (for their messages).
struct SeriesDay {
  std::int64_t series_id = 0;
  std::int64_t member_id = 0;
  DayOutcome outcome;
};
std::vector<SeriesDay> book_due_series(store::Database& db, Instant now);

struct SeriesRow {
  std::int64_t id = 0;
  BookingWish wish;
  CivilDate first;
  CivilDate until;
};
// A series' site and resource kind (also once stopped).
std::optional<std::pair<std::int64_t, ResourceKind>> series_place(store::Database& db, std::int64_t series_id);
// A member's series still running (not cancelled, until not past).
std::vector<SeriesRow> member_series(store::Database& db, std::int64_t member_id, Instant now);
// Stops a series of this member: its bookings to come are cancelled. False when not theirs or stopped already.
bool cancel_series(store::Database& db, std::int64_t member_id, std::int64_t series_id, Instant now);

//-----------------------------------------------------------------------------
// Messages about a member's bookings (store/messages.hpp), by their choices
// (store/member_portal.hpp: e-mail, SMS or none; confirmations; reminders)
//-----------------------------------------------------------------------------

// Where the member's messages go by their choices: ("email"|"sms", address),
// or nullopt (no messages, or no contact for the channel chosen).
std::optional<std::pair<std::string, std::string>> message_recipient(store::Database& db, std::int64_t member_id);

// The evening before a booking's day, when its reminder leaves: 18:00 in Paris.
Instant reminder_time(Instant start);
// In the caller's transaction: the confirmation (at once) and the reminder
// (reminder_time; none when the booking is made after it) of a booking the
// member made from « Mon espace » or that their weekly booking made.
void queue_booking_notices(store::Database& db, const Booking& b, Instant now);
// In the caller's transaction: a booking just moved (« Mon espace »), its reminder still waiting follows
// it to the evening before its new day, or is dropped when that evening has passed.
void follow_moved_booking(store::Database& db, const Booking& b, Instant now);
// Moves a booking to [start, end) on the first of `resources` (in order) the
// rules allow, in one transaction with its reminder following it
// (follow_moved_booking). A refusal other than « taken » holds for every
// resource and stops there; refused, the booking stays as it was.
BookingOutcome move_member_booking(store::Database& db, const std::string& booking_id,
                                   const std::vector<std::int64_t>& resources, Instant start, Instant end,
                                   const Actor& actor, Instant now);
// A weekly booking's day refused when it entered the window: the member is told why.
void queue_refusal_notice(store::Database& db, std::int64_t member_id, std::int64_t series_id, const CivilDate& day,
                          Refusal refusal, Instant now);

// A link in a message that cancels one booking without a session (action
// link of kind 'booking': only its hash is kept; it dies at the booking's start).
std::string issue_booking_link(store::Database& db, const std::string& booking_id, Instant expires_at, Instant now);
// The booking a link names, while it has not expired; nullopt otherwise.
std::optional<std::string> booking_of_link(store::Database& db, std::string_view token, Instant now);

}  // namespace escale::server
