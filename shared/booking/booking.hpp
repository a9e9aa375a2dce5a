// Bookings (réservations) of a site's resources — desks and visio rooms — and
// the rules that decide whether one may be made, cancelled or checked in on.
//
// The server enforces these rules; the kiosk runs the same functions on its
// local copy for instant feedback (and the server may still refuse an intent
// the kiosk made offline). Everything here is plain data and pure functions:
// the caller fetches the bookings a rule needs to see.
//
// Times: a booking is the half-open interval [start, end) of UTC instants, on
// a 30-minute grain of Paris wall-clock time (09:00, 09:30…). A booking lies
// on one Paris day, inside the resource's opening hours: its start is inside
// an opening range and its end inside or at the end of one (a day booking may
// span the lunch break; it may not span a closed day).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/opening_hours.hpp"
#include "domain/site.hpp"
#include "time/clock.hpp"
#include "time/french_format.hpp"
#include "time/public_holidays.hpp"

namespace escale {

// pending: an intent made offline at a kiosk, not yet seen by the server.
// refused: an intent the server could not honour (`refusal` says why).
// confirmed → checked_in when the member badges in on time; → no_show when
// they do not come within the grace time (the resource is free again);
// → cancelled by the member or an animator before the start.
enum class BookingStatus { Pending, Confirmed, CheckedIn, Cancelled, NoShow, Refused };
std::string_view to_string(BookingStatus s);  // "pending", "confirmed", "checked_in", "cancelled", "no_show", "refused"
std::optional<BookingStatus> parse_booking_status(std::string_view s);

// Does a booking in this status hold its resource (block others)? Pending,
// confirmed and checked-in ones do: a kiosk's offline intent holds the desk
// in its local copy until the server answers. (A confirmed or pending booking
// past its grace time no longer holds it either: see is_no_show.)
bool holds_resource(BookingStatus s);

// Why a booking (or its cancellation) is refused. Codes are stable (API, sync).
enum class Refusal {
  InvalidTimes,     // end not after start, or not on the 30-minute grain
  InThePast,        // starts before now
  TooFarAhead,      // beyond the advance window
  ClosedDay,        // the site is closed that day (closed weekday or public holiday)
  OutsideHours,     // not inside opening hours
  MultipleDays,     // does not lie on one Paris day
  TooLong,          // longer than the maximum duration
  Overlap,          // the resource is taken for part of that time
  DailyLimit,       // the member already has the maximum bookings that day
  WeeklyLimit,      // … that week (Monday to Sunday)
  UnknownResource,  // no such resource at this site
  UnknownMember,    // no such active member
  NotCancellable,   // already started, or not in a cancellable status
  UnknownBooking,   // no such booking
  SiteNotAllowed,   // the member's membership does not cover this site (issue 17)
};
std::string_view to_string(Refusal r);  // "invalid_times", "in_the_past", …
std::optional<Refusal> parse_refusal(std::string_view s);

// The reason in plain words, to follow « n'a pas pu être confirmée : » or to
// stand alone after a capital: « le bureau était déjà pris », « la salle
// visio était déjà prise », « le tiers-lieu est fermé ce jour-là ».
std::string refusal_reason(Refusal r, ResourceKind kind, Language lang = Language::French);

// Per site and resource kind (the site's defaults apply to every resource of
// that kind).
struct BookingRules {
  int advance_days = 30;                       // bookable from today up to today + advance_days
  std::chrono::minutes max_duration{24 * 60};  // desks: a whole day; visio: 2 h
  int max_per_day = 1;                         // active bookings per member per Paris day (this kind, this site)
  int max_per_week = 5;                        // … per ISO week
  bool limits_network = false;                 // the two limits count the member's bookings of this kind at
                                               // every site of the network, not this site's only (issue 17)
  std::chrono::minutes grace{15};              // no-show after start + grace without check-in
  std::chrono::minutes check_in_early{60};     // a badge this long before the start checks in on it
  friend bool operator==(const BookingRules&, const BookingRules&) = default;
};
BookingRules default_rules(ResourceKind kind);
inline constexpr std::chrono::minutes kBookingGrain{30};

struct Booking {
  std::string id;  // UUID, made by whoever created it (kiosk or server)
  std::int64_t site_id = 0;
  std::int64_t resource_id = 0;
  std::int64_t member_id = 0;
  Instant start{};
  Instant end{};
  BookingStatus status = BookingStatus::Confirmed;
  std::optional<Refusal> refusal;  // when status == Refused
  friend bool operator==(const Booking&, const Booking&) = default;
};

bool overlaps(const Booking& a, const Booking& b);  // half-open intervals
bool overlaps(Instant a_start, Instant a_end, Instant b_start, Instant b_end);

// What a rule check needs to see. Bookings in spans may include any status;
// only those that hold their resource count (and `candidate.id` itself is
// ignored, so a move can be checked against the booking it replaces).
// Bookings released as no-shows (is_no_show with `rules` at `now`) do not
// count either, as in the availability grid.
struct RuleContext {
  const Resource& resource;
  const OpeningHours& hours;  // the resource's hours (today: its site's)
  const BookingRules& rules;  // for the resource's kind
  Instant now;
  std::span<const Booking> resource_bookings;  // bookings of this resource on the candidate's day
  // The member's bookings of this kind at this site in the candidate's ISO week.
  std::span<const Booking> member_bookings;
};

// nullopt when the candidate may be made (or moved to its new times).
// Checked in this order, the first failure wins: UnknownResource (the
// candidate does not name ctx.resource, id and site), InvalidTimes,
// InThePast, TooFarAhead, MultipleDays, ClosedDay, OutsideHours, TooLong,
// Overlap, DailyLimit, WeeklyLimit. A max_duration of 24 h or more means
// "a whole day" (so even the 25-hour autumn day fits).
std::optional<Refusal> check_booking(const Booking& candidate, const RuleContext& ctx);
// A booking may be cancelled until its start, while it holds its resource.
std::optional<Refusal> check_cancel(const Booking& b, Instant now);

// A confirmed (or pending) booking not checked in by start + grace is a
// no-show: its resource is free again. (At start + grace exactly it is still
// on time, and booking_to_check_in still finds it.)
bool is_no_show(const Booking& b, const BookingRules& rules, Instant now);
// The member badged in at `at`: the booking to check in on, if one starts in
// [at − grace, at + check_in_early] and still awaits its check-in (confirmed
// or pending; one already checked in is not offered again). Earliest first.
std::optional<std::size_t> booking_to_check_in(std::span<const Booking> member_bookings, const BookingRules& rules,
                                               Instant at);

// Day parts offered for desks at the kiosk: the morning, the afternoon and
// the whole day, from the day's opening ranges. With two or more ranges the
// morning is the first and the afternoon the last; with one range it is cut
// at 13:00 (when 13:00 falls inside it). Empty on a closed day. In that order;
// a single range that 13:00 does not cut is one part only: the morning when
// it ends by 13:00, else the afternoon (Saturday 09:00–12:00 → the morning).
enum class DayPartKind { Morning, Afternoon, Day };
struct DayPart {
  DayPartKind kind = DayPartKind::Day;
  Instant start{};
  Instant end{};
};
std::vector<DayPart> day_parts(const OpeningHours& hours, const CivilDate& day);

// The instant a Paris day starts, and its opening ranges as instants.
Instant paris_day_start(const CivilDate& day);
std::vector<std::pair<Instant, Instant>> opening_intervals(const OpeningHours& hours, const CivilDate& day);
CivilDate paris_civil_date(Instant t);
CivilDate add_days(const CivilDate& d, int days);
int iso_weekday(const CivilDate& d);  // 1 = Monday .. 7 = Sunday

// Availability of a site's resources over one day, on the 30-minute grain,
// from the day's first opening to its last closing (rounded out to the grain).
// Cells are row-major: resource × slot. A slot is Closed unless it lies
// wholly inside an opening range; otherwise Past once begun; otherwise Mine or
// Taken when a booking holds it, else Free.
enum class SlotState : std::uint8_t {
  Free,    // bookable
  Taken,   // held by someone else's booking
  Mine,    // held by a booking of `for_member`
  Closed,  // outside opening hours (lunch break)
  Past,    // already begun
};
struct DayGrid {
  CivilDate day;
  Instant first_slot{};  // start of slot 0 (empty grid: a closed day)
  int slot_count = 0;
  std::vector<std::int64_t> resource_ids;  // one row each, in the order given
  std::vector<SlotState> cells;
  SlotState at(std::size_t row, std::size_t slot) const {
    return cells[row * static_cast<std::size_t>(slot_count) + slot];
  }
  Instant slot_start(int slot) const { return first_slot + slot * kBookingGrain; }
  // Could [start, end) of this row be booked, as far as the grid tells? Its
  // first and last slots are Free and those between are Free or Closed (a day
  // booking spans the lunch break). False off the grid or off the grain.
  bool all_free(std::size_t row, Instant start, Instant end) const;
};
// `bookings` may contain bookings of other days and resources and any status;
// bookings released as no-shows (per `rules_for`) count as free.
DayGrid availability(std::span<const Resource> resources, const OpeningHours& hours, std::span<const Booking> bookings,
                     const CivilDate& day, Instant now, std::optional<std::int64_t> for_member,
                     const BookingRules& desk_rules, const BookingRules& visio_rules);

}  // namespace escale
