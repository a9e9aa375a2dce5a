// Bookings: the rules that decide whether a booking may be made, cancelled or
// checked in on, the day parts the kiosk offers, and the availability grid.
// Pure functions over plain data; times are UTC instants, days are Paris days.
//
// [SECTION] Calendar helpers (Paris days, ISO weeks, opening ranges)
// [SECTION] Status and refusal codes
// [SECTION] Refusal reasons in plain words
// [SECTION] Rules: make, cancel, no-show, check-in
// [SECTION] Day parts
// [SECTION] Availability grid
#include "booking/booking.hpp"
#include "text/code_table.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

namespace escale {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int kGrainMinutes = static_cast<int>(kBookingGrain.count());
constexpr int kAfternoonCut = 13 * 60;  // a single opening range is cut here into morning and afternoon

// ---------------------------------------------------------------------------
// [SECTION] Calendar helpers
// ---------------------------------------------------------------------------

date::sys_days to_sys_days(const CivilDate& d) {
  return date::sys_days{date::year{d.year} / d.month / d.day};
}

CivilDate to_civil(date::sys_days days) {
  const date::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Days since the epoch: CivilDate has no order of its own.
int day_number(const CivilDate& d) {
  return to_sys_days(d).time_since_epoch().count();
}

// The instant Paris clocks read `minute_of_day` (0..1440) on that day.
Instant wall_instant(const CivilDate& day, int minute_of_day) {
  return from_paris(day.year, day.month, day.day, minute_of_day / 60, minute_of_day % 60);
}

const std::vector<TimeRange>& opening_ranges(const OpeningHours& hours, const CivilDate& day) {
  return hours.ranges_for(iso_weekday(day), is_french_public_holiday(day));
}

// On the 30-minute grain of Paris wall-clock time (whole seconds, no milliseconds).
bool on_grain(Instant t) {
  if (t.time_since_epoch() % std::chrono::seconds{1} != milliseconds::zero()) return false;
  const LocalTime local = to_paris(t);
  return local.minute % kGrainMinutes == 0 && local.second == 0;
}

// Start inside an opening range, end inside or at the end of one (not
// necessarily the same: a day booking may span the lunch break).
bool inside_hours(Instant start, Instant end, const std::vector<std::pair<Instant, Instant>>& intervals) {
  const bool start_ok = std::any_of(intervals.begin(), intervals.end(),
                                    [&](const auto& r) { return r.first <= start && start < r.second; });
  const bool end_ok =
      std::any_of(intervals.begin(), intervals.end(), [&](const auto& r) { return r.first < end && end <= r.second; });
  return start_ok && end_ok;
}

// Holds its resource at `now`: the right status and not released as a no-show.
bool holds_at(const Booking& b, const BookingRules& rules, Instant now) {
  return holds_resource(b.status) && !is_no_show(b, rules, now);
}

// ---------------------------------------------------------------------------
// [SECTION] Status and refusal codes (stable: API, sync, database)
// ---------------------------------------------------------------------------

constexpr std::array<std::pair<BookingStatus, std::string_view>, 6> kStatusCodes{{
    {BookingStatus::Pending, "pending"},
    {BookingStatus::Confirmed, "confirmed"},
    {BookingStatus::CheckedIn, "checked_in"},
    {BookingStatus::Cancelled, "cancelled"},
    {BookingStatus::NoShow, "no_show"},
    {BookingStatus::Refused, "refused"},
}};

constexpr std::array<std::pair<Refusal, std::string_view>, 15> kRefusalCodes{{
    {Refusal::InvalidTimes, "invalid_times"},
    {Refusal::InThePast, "in_the_past"},
    {Refusal::TooFarAhead, "too_far_ahead"},
    {Refusal::ClosedDay, "closed_day"},
    {Refusal::OutsideHours, "outside_hours"},
    {Refusal::MultipleDays, "multiple_days"},
    {Refusal::TooLong, "too_long"},
    {Refusal::Overlap, "overlap"},
    {Refusal::DailyLimit, "daily_limit"},
    {Refusal::WeeklyLimit, "weekly_limit"},
    {Refusal::UnknownResource, "unknown_resource"},
    {Refusal::UnknownMember, "unknown_member"},
    {Refusal::NotCancellable, "not_cancellable"},
    {Refusal::UnknownBooking, "unknown_booking"},
    {Refusal::SiteNotAllowed, "site_not_allowed"},
}};

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Calendar helpers (public)
// ---------------------------------------------------------------------------

CivilDate paris_civil_date(Instant t) {
  const LocalTime local = to_paris(t);
  return {local.year, local.month, local.day};
}

CivilDate add_days(const CivilDate& d, int days) {
  return to_civil(to_sys_days(d) + date::days{days});
}

int iso_weekday(const CivilDate& d) {
  return static_cast<int>(date::weekday{to_sys_days(d)}.iso_encoding());
}

Instant paris_day_start(const CivilDate& day) {
  return from_paris(day.year, day.month, day.day, 0, 0);
}

std::vector<std::pair<Instant, Instant>> opening_intervals(const OpeningHours& hours, const CivilDate& day) {
  const auto& ranges = opening_ranges(hours, day);
  std::vector<std::pair<Instant, Instant>> intervals;
  intervals.reserve(ranges.size());
  for (const TimeRange& r : ranges) {
    intervals.emplace_back(wall_instant(day, r.start_minute), wall_instant(day, r.end_minute));
  }
  return intervals;
}

// ---------------------------------------------------------------------------
// [SECTION] Status and refusal codes (public)
// ---------------------------------------------------------------------------

std::string_view to_string(BookingStatus s) {
  return code_of(kStatusCodes, s);
}

std::optional<BookingStatus> parse_booking_status(std::string_view s) {
  return parse_code(kStatusCodes, s);
}

bool holds_resource(BookingStatus s) {
  return s == BookingStatus::Pending || s == BookingStatus::Confirmed || s == BookingStatus::CheckedIn;
}

std::string_view to_string(Refusal r) {
  return code_of(kRefusalCodes, r);
}

std::optional<Refusal> parse_refusal(std::string_view s) {
  return parse_code(kRefusalCodes, s);
}

// ---------------------------------------------------------------------------
// [SECTION] Refusal reasons in plain words (FALC: short, everyday words)
// ---------------------------------------------------------------------------

std::string refusal_reason(Refusal r, ResourceKind kind, Language lang) {
  const bool fr = lang == Language::French;
  const bool desk = kind == ResourceKind::Desk;
  switch (r) {
    case Refusal::InvalidTimes:
      return fr ? "ces horaires ne sont pas possibles" : "those times are not possible";
    case Refusal::InThePast:
      return fr ? "ce moment est déjà passé" : "that time has already passed";
    case Refusal::TooFarAhead:
      return fr ? "on ne peut pas réserver si longtemps à l’avance" : "you cannot book that far ahead";
    case Refusal::ClosedDay:
      return fr ? "le tiers-lieu est fermé ce jour-là" : "the place is closed that day";
    case Refusal::OutsideHours:
      return fr ? "c’est en dehors des heures d’ouverture" : "it is outside the opening hours";
    case Refusal::MultipleDays:
      return fr ? "une réservation doit tenir dans une seule journée" : "a booking must fit in one day";
    case Refusal::TooLong:
      return fr ? "c’est plus long que la durée permise" : "it is longer than allowed";
    case Refusal::Overlap:
      if (desk) return fr ? "le bureau était déjà pris" : "the desk was already taken";
      return fr ? "la salle visio était déjà prise" : "the video room was already taken";
    case Refusal::DailyLimit:
      // One desk a day by default; the visio room allows a few.
      if (desk) return fr ? "vous avez déjà une réservation ce jour-là" : "you already have a booking that day";
      return fr ? "vous avez atteint le nombre de réservations de ce jour-là"
                : "you have reached the number of bookings for that day";
    case Refusal::WeeklyLimit:
      return fr ? "vous avez atteint le nombre de réservations de la semaine"
                : "you have reached the number of bookings for the week";
    case Refusal::UnknownResource:
      if (desk) return fr ? "ce bureau n’existe pas ici" : "this desk does not exist here";
      return fr ? "cette salle visio n’existe pas ici" : "this video room does not exist here";
    case Refusal::UnknownMember:
      return fr ? "votre inscription n’a pas été trouvée" : "your membership was not found";
    case Refusal::NotCancellable:
      return fr ? "la réservation a déjà commencé ou n’est plus active"
                : "the booking has already started or is no longer active";
    case Refusal::UnknownBooking:
      return fr ? "cette réservation n’a pas été trouvée" : "this booking was not found";
    case Refusal::SiteNotAllowed:
      return fr ? "votre adhésion ne comprend pas ce lieu" : "your membership does not include this place";
  }
  return fr ? "la réservation n’est pas possible" : "the booking is not possible";
}

// ---------------------------------------------------------------------------
// [SECTION] Rules
// ---------------------------------------------------------------------------

BookingRules default_rules(ResourceKind kind) {
  BookingRules rules;  // the defaults in the struct are the desk's
  if (kind == ResourceKind::VisioRoom) {
    rules.max_duration = minutes{120};
    rules.max_per_day = 2;
  }
  return rules;
}

bool overlaps(Instant a_start, Instant a_end, Instant b_start, Instant b_end) {
  return a_start < b_end && b_start < a_end;  // half-open: touching ends do not overlap
}

bool overlaps(const Booking& a, const Booking& b) {
  return overlaps(a.start, a.end, b.start, b.end);
}

std::optional<Refusal> check_booking(const Booking& candidate, const RuleContext& ctx) {
  if (candidate.resource_id != ctx.resource.id || candidate.site_id != ctx.resource.site_id) {
    return Refusal::UnknownResource;
  }
  if (candidate.end <= candidate.start || !on_grain(candidate.start) || !on_grain(candidate.end)) {
    return Refusal::InvalidTimes;
  }
  if (candidate.start < ctx.now) return Refusal::InThePast;

  const CivilDate day = paris_civil_date(candidate.start);
  if (day_number(day) > day_number(paris_civil_date(ctx.now)) + ctx.rules.advance_days) return Refusal::TooFarAhead;
  if (candidate.end > paris_day_start(add_days(day, 1))) return Refusal::MultipleDays;

  const auto intervals = opening_intervals(ctx.hours, day);
  if (intervals.empty()) return Refusal::ClosedDay;
  if (!inside_hours(candidate.start, candidate.end, intervals)) return Refusal::OutsideHours;

  // Real elapsed time, so 09:00–12:00 is 3 h on a DST day too.
  const bool whole_day_allowed = ctx.rules.max_duration >= std::chrono::hours{24};
  if (!whole_day_allowed && candidate.end - candidate.start > ctx.rules.max_duration) return Refusal::TooLong;

  // Another booking of this resource, holding it, for part of that time?
  const bool taken = std::any_of(ctx.resource_bookings.begin(), ctx.resource_bookings.end(), [&](const Booking& b) {
    return b.id != candidate.id && b.resource_id == candidate.resource_id && holds_at(b, ctx.rules, ctx.now) &&
           overlaps(b, candidate);
  });
  if (taken) return Refusal::Overlap;

  // The member's other active bookings that day and that ISO week.
  const int day_no = day_number(day);
  const int monday_no = day_no - (iso_weekday(day) - 1);
  int same_day = 0;
  int same_week = 0;
  for (const Booking& b : ctx.member_bookings) {
    if (b.id == candidate.id || b.member_id != candidate.member_id || !holds_at(b, ctx.rules, ctx.now)) continue;
    const int b_day = day_number(paris_civil_date(b.start));
    if (b_day == day_no) ++same_day;
    if (b_day >= monday_no && b_day <= monday_no + 6) ++same_week;
  }
  if (same_day >= ctx.rules.max_per_day) return Refusal::DailyLimit;
  if (same_week >= ctx.rules.max_per_week) return Refusal::WeeklyLimit;
  return std::nullopt;
}

std::optional<Refusal> check_cancel(const Booking& b, Instant now) {
  if (!holds_resource(b.status) || now >= b.start) return Refusal::NotCancellable;
  return std::nullopt;
}

bool is_no_show(const Booking& b, const BookingRules& rules, Instant now) {
  const bool awaiting = b.status == BookingStatus::Confirmed || b.status == BookingStatus::Pending;
  return awaiting && now > b.start + rules.grace;
}

std::optional<std::size_t> booking_to_check_in(std::span<const Booking> member_bookings, const BookingRules& rules,
                                               Instant at) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < member_bookings.size(); ++i) {
    const Booking& b = member_bookings[i];
    const bool awaiting = b.status == BookingStatus::Confirmed || b.status == BookingStatus::Pending;
    if (!awaiting || b.start < at - rules.grace || b.start > at + rules.check_in_early) continue;
    if (!best || b.start < member_bookings[*best].start) best = i;
  }
  return best;
}

// ---------------------------------------------------------------------------
// [SECTION] Day parts
// ---------------------------------------------------------------------------

std::vector<DayPart> day_parts(const OpeningHours& hours, const CivilDate& day) {
  const auto& ranges = opening_ranges(hours, day);
  if (ranges.empty()) return {};
  const auto part = [&](DayPartKind kind, int from_minute, int to_minute) {
    return DayPart{kind, wall_instant(day, from_minute), wall_instant(day, to_minute)};
  };
  const TimeRange& first = ranges.front();
  const TimeRange& last = ranges.back();
  if (ranges.size() >= 2) {
    return {part(DayPartKind::Morning, first.start_minute, first.end_minute),
            part(DayPartKind::Afternoon, last.start_minute, last.end_minute),
            part(DayPartKind::Day, first.start_minute, last.end_minute)};
  }
  if (first.start_minute < kAfternoonCut && kAfternoonCut < first.end_minute) {
    return {part(DayPartKind::Morning, first.start_minute, kAfternoonCut),
            part(DayPartKind::Afternoon, kAfternoonCut, first.end_minute),
            part(DayPartKind::Day, first.start_minute, first.end_minute)};
  }
  const DayPartKind only = first.end_minute <= kAfternoonCut ? DayPartKind::Morning : DayPartKind::Afternoon;
  return {part(only, first.start_minute, first.end_minute)};
}

// ---------------------------------------------------------------------------
// [SECTION] Availability grid
// ---------------------------------------------------------------------------

bool DayGrid::all_free(std::size_t row, Instant start, Instant end) const {
  if (slot_count == 0 || row >= resource_ids.size() || end <= start || start < first_slot) return false;
  const milliseconds from = start - first_slot;
  const milliseconds to = end - first_slot;
  if (from % kBookingGrain != milliseconds::zero() || to % kBookingGrain != milliseconds::zero()) return false;
  const auto first = static_cast<std::size_t>(from / kBookingGrain);
  const auto last = static_cast<std::size_t>(to / kBookingGrain);  // exclusive
  if (last > static_cast<std::size_t>(slot_count)) return false;
  if (at(row, first) != SlotState::Free || at(row, last - 1) != SlotState::Free) return false;
  for (std::size_t slot = first + 1; slot + 1 < last; ++slot) {
    const SlotState s = at(row, slot);
    if (s != SlotState::Free && s != SlotState::Closed) return false;
  }
  return true;
}

DayGrid availability(std::span<const Resource> resources, const OpeningHours& hours, std::span<const Booking> bookings,
                     const CivilDate& day, Instant now, std::optional<std::int64_t> for_member,
                     const BookingRules& desk_rules, const BookingRules& visio_rules) {
  DayGrid grid;
  grid.day = day;
  grid.resource_ids.reserve(resources.size());
  for (const Resource& r : resources) grid.resource_ids.push_back(r.id);

  const auto& ranges = opening_ranges(hours, day);
  if (ranges.empty()) {
    grid.first_slot = paris_day_start(day);
    return grid;
  }

  // The grid runs from the first opening to the last closing, rounded out to
  // the grain. Slots are wall-clock half-hours: Paris offsets are whole hours,
  // so stepping 30 real minutes from a wall-clock half-hour lands on the next.
  const int first_minute = ranges.front().start_minute / kGrainMinutes * kGrainMinutes;
  const int last_minute = (ranges.back().end_minute + kGrainMinutes - 1) / kGrainMinutes * kGrainMinutes;
  grid.first_slot = wall_instant(day, first_minute);
  const Instant grid_end = wall_instant(day, last_minute);
  grid.slot_count = static_cast<int>((grid_end - grid.first_slot) / kBookingGrain);
  const auto slot_count = static_cast<std::size_t>(grid.slot_count);

  // One row of what the hours and the clock say, shared by every resource.
  const auto intervals = opening_intervals(hours, day);
  std::vector<SlotState> base(slot_count);
  for (std::size_t slot = 0; slot < slot_count; ++slot) {
    const Instant start = grid.slot_start(static_cast<int>(slot));
    const Instant end = start + kBookingGrain;
    const bool open = std::any_of(intervals.begin(), intervals.end(),
                                  [&](const auto& r) { return r.first <= start && end <= r.second; });
    base[slot] = !open ? SlotState::Closed : start < now ? SlotState::Past : SlotState::Free;
  }
  grid.cells.reserve(resources.size() * slot_count);
  for (std::size_t row = 0; row < resources.size(); ++row)
    grid.cells.insert(grid.cells.end(), base.begin(), base.end());

  // Rows by resource id, for the bookings' lookups.
  std::vector<std::pair<std::int64_t, std::size_t>> rows;
  rows.reserve(resources.size());
  for (std::size_t row = 0; row < resources.size(); ++row) rows.emplace_back(resources[row].id, row);
  std::sort(rows.begin(), rows.end());

  const milliseconds grain = kBookingGrain;
  for (const Booking& b : bookings) {
    if (b.end <= grid.first_slot || b.start >= grid_end || !holds_resource(b.status)) continue;
    const auto found = std::lower_bound(rows.begin(), rows.end(), std::pair{b.resource_id, std::size_t{0}});
    if (found == rows.end() || found->first != b.resource_id) continue;
    const std::size_t row = found->second;
    const BookingRules& rules = resources[row].kind == ResourceKind::Desk ? desk_rules : visio_rules;
    if (is_no_show(b, rules, now)) continue;  // released: the resource is free again

    const SlotState held = for_member && b.member_id == *for_member ? SlotState::Mine : SlotState::Taken;
    // Slots the booking touches, clipped to the grid (floor of the start, ceiling of the end).
    const auto from = std::max<std::int64_t>(0, (b.start - grid.first_slot) / grain);
    const auto to =
        std::min<std::int64_t>(grid.slot_count, (b.end - grid.first_slot + grain - milliseconds{1}) / grain);
    SlotState* cells = grid.cells.data() + row * slot_count;
    for (auto slot = static_cast<std::size_t>(from); slot < static_cast<std::size_t>(to); ++slot) {
      if (cells[slot] == SlotState::Free) cells[slot] = held;  // Closed and Past stay as they are
    }
  }
  return grid;
}

}  // namespace escale
