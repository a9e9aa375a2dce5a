// The booking rules: codes, reasons, check_booking (grain, past, advance
// window, closed days and holidays, hours and the lunch break, DST days,
// duration, overlap, daily and weekly limits), check_cancel, no-shows,
// check-in on a booking, day parts and the calendar helpers.
#include "booking/booking.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace escale;
using namespace std::chrono_literals;

namespace {

// Two opening ranges on weekdays (a lunch break), a Saturday morning, closed
// on Sundays and public holidays.
constexpr const char* kHours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";
constexpr std::int64_t kSite = 10;
constexpr std::int64_t kMember = 7;
constexpr std::int64_t kOtherMember = 8;

OpeningHours parsed(const char* text) {
  const auto hours = OpeningHours::parse(text);
  REQUIRE(hours.has_value());
  return *hours;
}

Instant paris(int year, int month, int day, int hour, int minute = 0) {
  return from_paris(year, month, day, hour, minute);
}

Resource resource(std::int64_t id, ResourceKind kind) {
  Resource r;
  r.id = id;
  r.site_id = kSite;
  r.kind = kind;
  r.name = kind == ResourceKind::Desk ? "Bureau" : "Salle visio";
  return r;
}

Booking booking(std::string id, std::int64_t resource_id, std::int64_t member_id, Instant start, Instant end,
                BookingStatus status = BookingStatus::Confirmed) {
  Booking b;
  b.id = std::move(id);
  b.site_id = kSite;
  b.resource_id = resource_id;
  b.member_id = member_id;
  b.start = start;
  b.end = end;
  b.status = status;
  return b;
}

// A site with one desk and one visio room. `now` is Monday 1 March 2027,
// 08:00 in Paris, unless a test moves it.
struct SiteFixture {
  Resource desk = resource(1, ResourceKind::Desk);
  Resource room = resource(2, ResourceKind::VisioRoom);
  OpeningHours hours = parsed(kHours);
  BookingRules desk_rules = default_rules(ResourceKind::Desk);
  BookingRules visio_rules = default_rules(ResourceKind::VisioRoom);
  Instant now = paris(2027, 3, 1, 8, 0);
  std::vector<Booking> resource_bookings;
  std::vector<Booking> member_bookings;

  std::optional<Refusal> check(const Booking& candidate) const {
    const bool is_room = candidate.resource_id == room.id;
    const RuleContext ctx{is_room ? room : desk, hours,          is_room ? visio_rules : desk_rules, now,
                          resource_bookings,     member_bookings};
    return check_booking(candidate, ctx);
  }
  // A candidate of kMember on the desk (or the room), id "new".
  std::optional<Refusal> check_desk(Instant start, Instant end) const {
    return check(booking("new", desk.id, kMember, start, end));
  }
  std::optional<Refusal> check_room(Instant start, Instant end) const {
    return check(booking("new", room.id, kMember, start, end));
  }
};

// Tuesday 2 March 2027, a plain weekday.
Instant tuesday(int hour, int minute = 0) {
  return paris(2027, 3, 2, hour, minute);
}

}  // namespace

TEST_CASE("overlaps: half-open intervals, touching ends do not overlap", "[booking]") {
  const Instant nine = tuesday(9), ten = tuesday(10), eleven = tuesday(11), noon = tuesday(12);
  CHECK_FALSE(overlaps(nine, ten, ten, eleven));  // end == start
  CHECK_FALSE(overlaps(ten, eleven, nine, ten));
  CHECK(overlaps(nine, eleven, ten, noon));
  CHECK(overlaps(ten, eleven, nine, noon));  // inside
  CHECK(overlaps(nine, noon, ten, eleven));  // around
  CHECK(overlaps(nine, ten, nine, ten));     // the same
  CHECK(overlaps(nine, ten + 1ms, ten, eleven));
  CHECK_FALSE(overlaps(nine, ten, eleven, noon));
  CHECK(overlaps(booking("a", 1, 1, nine, eleven), booking("b", 1, 2, ten, noon)));
  CHECK_FALSE(overlaps(booking("a", 1, 1, nine, ten), booking("b", 1, 2, ten, noon)));
}

TEST_CASE("status and refusal codes round-trip", "[booking]") {
  for (const BookingStatus s : {BookingStatus::Pending, BookingStatus::Confirmed, BookingStatus::CheckedIn,
                                BookingStatus::Cancelled, BookingStatus::NoShow, BookingStatus::Refused}) {
    CHECK(parse_booking_status(to_string(s)) == s);
  }
  CHECK(to_string(BookingStatus::CheckedIn) == "checked_in");
  CHECK(to_string(BookingStatus::NoShow) == "no_show");
  CHECK_FALSE(parse_booking_status("Confirmed").has_value());
  CHECK_FALSE(parse_booking_status("").has_value());

  const std::vector<std::pair<Refusal, std::string_view>> codes{
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
  };
  for (const auto& [refusal, code] : codes) {
    CHECK(to_string(refusal) == code);
    CHECK(parse_refusal(code) == refusal);
  }
  CHECK_FALSE(parse_refusal("overlaps").has_value());
}

TEST_CASE("which statuses hold their resource", "[booking]") {
  CHECK(holds_resource(BookingStatus::Pending));
  CHECK(holds_resource(BookingStatus::Confirmed));
  CHECK(holds_resource(BookingStatus::CheckedIn));
  CHECK_FALSE(holds_resource(BookingStatus::Cancelled));
  CHECK_FALSE(holds_resource(BookingStatus::NoShow));
  CHECK_FALSE(holds_resource(BookingStatus::Refused));
}

TEST_CASE("default rules per resource kind", "[booking]") {
  const BookingRules desk = default_rules(ResourceKind::Desk);
  CHECK(desk.advance_days == 30);
  CHECK(desk.max_duration == 24h);
  CHECK(desk.max_per_day == 1);
  CHECK(desk.max_per_week == 5);
  CHECK(desk.grace == 15min);
  CHECK(desk.check_in_early == 60min);

  const BookingRules visio = default_rules(ResourceKind::VisioRoom);
  CHECK(visio.advance_days == 30);
  CHECK(visio.max_duration == 120min);
  CHECK(visio.max_per_day == 2);
  CHECK(visio.max_per_week == 5);
  CHECK(visio.grace == 15min);
  CHECK(visio.check_in_early == 60min);
  CHECK_FALSE(desk == visio);
}

TEST_CASE("refusal reasons in plain French and English", "[booking]") {
  const auto fr = [](Refusal r, ResourceKind k = ResourceKind::Desk) { return refusal_reason(r, k); };
  const auto en = [](Refusal r, ResourceKind k = ResourceKind::Desk) {
    return refusal_reason(r, k, Language::English);
  };
  CHECK(fr(Refusal::Overlap) == "le bureau était déjà pris");
  CHECK(fr(Refusal::Overlap, ResourceKind::VisioRoom) == "la salle visio était déjà prise");
  CHECK(fr(Refusal::ClosedDay) == "le tiers-lieu est fermé ce jour-là");
  CHECK(fr(Refusal::OutsideHours) == "c’est en dehors des heures d’ouverture");
  CHECK(fr(Refusal::DailyLimit) == "vous avez déjà une réservation ce jour-là");
  CHECK(fr(Refusal::WeeklyLimit) == "vous avez atteint le nombre de réservations de la semaine");
  CHECK(fr(Refusal::TooFarAhead) == "on ne peut pas réserver si longtemps à l’avance");
  CHECK(fr(Refusal::InThePast) == "ce moment est déjà passé");
  CHECK(fr(Refusal::TooLong) == "c’est plus long que la durée permise");
  CHECK(en(Refusal::Overlap) == "the desk was already taken");
  CHECK(en(Refusal::ClosedDay) == "the place is closed that day");

  // Every reason, in both languages and for both kinds: present, lower-case
  // first (it follows « … n’a pas pu être confirmée : »), the typographic
  // apostrophe only, and different in the two languages.
  for (int i = 0; i <= static_cast<int>(Refusal::UnknownBooking); ++i) {
    for (const ResourceKind kind : {ResourceKind::Desk, ResourceKind::VisioRoom}) {
      const auto r = static_cast<Refusal>(i);
      INFO(to_string(r));
      const std::string french = fr(r, kind);
      const std::string english = en(r, kind);
      REQUIRE_FALSE(french.empty());
      REQUIRE_FALSE(english.empty());
      CHECK(french.find('\'') == std::string::npos);
      CHECK(french.front() >= 'a');
      CHECK(french.front() <= 'z');
      CHECK(english.front() >= 'a');
      CHECK(english.front() <= 'z');
      CHECK(french != english);
    }
  }
}

TEST_CASE("a booking inside the opening hours is accepted", "[booking]") {
  const SiteFixture site;
  CHECK_FALSE(site.check_desk(tuesday(9), tuesday(12, 30)));  // ends at the end of the morning
  CHECK_FALSE(site.check_desk(tuesday(8, 30), tuesday(9)));   // starts at the opening
  CHECK_FALSE(site.check_desk(tuesday(13, 30), tuesday(18)));
  CHECK_FALSE(site.check_room(tuesday(16), tuesday(18)));
  CHECK_FALSE(site.check_desk(paris(2027, 3, 6, 9), paris(2027, 3, 6, 12)));  // Saturday morning
}

TEST_CASE("times must lie on the 30-minute grain", "[booking]") {
  const SiteFixture site;
  CHECK(site.check_desk(tuesday(9, 15), tuesday(10)) == Refusal::InvalidTimes);
  CHECK(site.check_desk(tuesday(9), tuesday(10, 45)) == Refusal::InvalidTimes);
  CHECK(site.check_desk(tuesday(9) + 1s, tuesday(10)) == Refusal::InvalidTimes);
  CHECK(site.check_desk(tuesday(9), tuesday(10) + 1ms) == Refusal::InvalidTimes);
  CHECK(site.check_desk(tuesday(10), tuesday(10)) == Refusal::InvalidTimes);  // empty
  CHECK(site.check_desk(tuesday(11), tuesday(10)) == Refusal::InvalidTimes);  // backwards
  CHECK_FALSE(site.check_desk(tuesday(9, 30), tuesday(10)));
}

TEST_CASE("a booking may not start in the past", "[booking]") {
  SiteFixture site;
  site.now = tuesday(9, 10);
  CHECK(site.check_desk(tuesday(9), tuesday(12)) == Refusal::InThePast);
  CHECK(site.check_desk(paris(2027, 3, 1, 9), paris(2027, 3, 1, 12)) == Refusal::InThePast);  // yesterday
  CHECK_FALSE(site.check_desk(tuesday(9, 30), tuesday(12)));
  site.now = tuesday(9);
  CHECK_FALSE(site.check_desk(tuesday(9), tuesday(12)));  // starting right now is fine
}

TEST_CASE("the advance window counts Paris days from today", "[booking]") {
  SiteFixture site;  // Monday 1 March 2027; 30 days later is Wednesday 31 March
  CHECK_FALSE(site.check_desk(paris(2027, 3, 31, 13, 30), paris(2027, 3, 31, 18)));
  CHECK(site.check_desk(paris(2027, 4, 1, 9), paris(2027, 4, 1, 12)) == Refusal::TooFarAhead);
  // Late in the evening of today, the last day does not move.
  site.now = paris(2027, 3, 1, 23, 30);
  CHECK_FALSE(site.check_desk(paris(2027, 3, 31, 17, 30), paris(2027, 3, 31, 18)));
  CHECK(site.check_desk(paris(2027, 4, 1, 9), paris(2027, 4, 1, 12)) == Refusal::TooFarAhead);

  site.now = paris(2027, 3, 1, 8);
  site.desk_rules.advance_days = 0;  // today only
  CHECK_FALSE(site.check_desk(paris(2027, 3, 1, 9), paris(2027, 3, 1, 12)));
  CHECK(site.check_desk(tuesday(9), tuesday(12)) == Refusal::TooFarAhead);
  site.visio_rules.advance_days = 1;
  CHECK_FALSE(site.check_room(tuesday(9), tuesday(10)));
}

TEST_CASE("closed weekdays and French public holidays are closed days", "[booking]") {
  SiteFixture site;
  CHECK(site.check_desk(paris(2027, 3, 7, 9), paris(2027, 3, 7, 12)) == Refusal::ClosedDay);  // Sunday

  site.now = paris(2027, 3, 22, 8);
  CHECK(easter_sunday(2027) == CivilDate{2027, 3, 28});
  CHECK(site.check_desk(paris(2027, 3, 29, 9), paris(2027, 3, 29, 12)) == Refusal::ClosedDay);  // Easter Monday
  CHECK_FALSE(site.check_desk(paris(2027, 3, 30, 9), paris(2027, 3, 30, 12)));                  // the Tuesday after

  site.now = paris(2027, 4, 20, 8);
  CHECK(site.check_desk(paris(2027, 5, 6, 9), paris(2027, 5, 6, 12)) == Refusal::ClosedDay);    // Ascension
  CHECK(site.check_desk(paris(2027, 5, 17, 9), paris(2027, 5, 17, 12)) == Refusal::ClosedDay);  // Whit Monday
  CHECK_FALSE(site.check_desk(paris(2027, 5, 13, 9), paris(2027, 5, 13, 12)));                  // a plain Thursday
  CHECK(site.check_room(paris(2027, 5, 6, 9), paris(2027, 5, 6, 10)) == Refusal::ClosedDay);

  // Without a PH rule a holiday keeps its weekday's hours.
  site.hours = parsed("Mo-Fr 09:00-18:00");
  CHECK_FALSE(site.check_desk(paris(2027, 5, 6, 9), paris(2027, 5, 6, 12)));
}

TEST_CASE("start inside an opening range, end inside or at the end of one", "[booking]") {
  const SiteFixture site;
  CHECK(site.check_desk(tuesday(8), tuesday(9)) == Refusal::OutsideHours);            // before opening
  CHECK(site.check_desk(tuesday(17), tuesday(18, 30)) == Refusal::OutsideHours);      // after closing
  CHECK(site.check_desk(tuesday(12, 30), tuesday(13, 30)) == Refusal::OutsideHours);  // the lunch break
  CHECK(site.check_desk(tuesday(12, 30), tuesday(15)) == Refusal::OutsideHours);      // starts in the break
  CHECK(site.check_desk(tuesday(9), tuesday(13)) == Refusal::OutsideHours);           // ends in the break
  CHECK(site.check_desk(tuesday(9), tuesday(13, 30)) == Refusal::OutsideHours);       // ends as the afternoon opens
  CHECK(site.check_desk(tuesday(18), tuesday(18, 30)) == Refusal::OutsideHours);      // starts at closing time
  // A day booking spans the lunch break.
  CHECK_FALSE(site.check_desk(tuesday(8, 30), tuesday(18)));
  CHECK_FALSE(site.check_desk(tuesday(10), tuesday(14)));
  // Saturday is open 09:00–12:00 only.
  CHECK(site.check_desk(paris(2027, 3, 6, 11), paris(2027, 3, 6, 12, 30)) == Refusal::OutsideHours);
  CHECK(site.check_desk(paris(2027, 3, 6, 13, 30), paris(2027, 3, 6, 14)) == Refusal::OutsideHours);
}

TEST_CASE("a booking lies on one Paris day", "[booking]") {
  SiteFixture site;
  CHECK(site.check_desk(tuesday(17), paris(2027, 3, 3, 9)) == Refusal::MultipleDays);
  site.hours = parsed("24/7");
  CHECK(site.check_desk(tuesday(22), paris(2027, 3, 3, 2)) == Refusal::MultipleDays);
  CHECK_FALSE(site.check_desk(tuesday(22), paris(2027, 3, 3, 0)));  // until midnight
  CHECK_FALSE(site.check_desk(tuesday(0), paris(2027, 3, 3, 0)));   // the whole day
}

TEST_CASE("maximum duration", "[booking]") {
  SiteFixture site;
  CHECK_FALSE(site.check_room(tuesday(10), tuesday(12)));
  CHECK(site.check_room(tuesday(10), tuesday(12, 30)) == Refusal::TooLong);
  CHECK(site.check_room(tuesday(9), tuesday(15)) == Refusal::TooLong);
  CHECK_FALSE(site.check_desk(tuesday(8, 30), tuesday(18)));  // a desk for the whole day

  site.desk_rules.max_duration = 4h;
  CHECK_FALSE(site.check_desk(tuesday(8, 30), tuesday(12, 30)));
  CHECK(site.check_desk(tuesday(10), tuesday(14, 30)) == Refusal::TooLong);  // lunch break counts: 4 h 30
}

TEST_CASE("DST days: durations are real time, the day keeps its wall-clock hours", "[booking]") {
  SiteFixture site;
  site.hours = parsed("Mo-Su 09:00-12:30,13:30-18:00; PH off");
  for (const CivilDate day : {CivilDate{2027, 3, 28}, CivilDate{2026, 10, 25}}) {
    INFO(day.year << "-" << day.month << "-" << day.day);
    const auto at = [&](int hour, int minute = 0) { return paris(day.year, day.month, day.day, hour, minute); };
    site.now = at(0) - 24h * 5;
    CHECK(at(12) - at(9) == 3h);
    CHECK(to_paris(at(9)).hour == 9);
    CHECK_FALSE(site.check_desk(at(9), at(12)));
    CHECK_FALSE(site.check_desk(at(9), at(18)));  // the day, across the lunch break
    CHECK_FALSE(site.check_room(at(9), at(11)));  // 2 h exactly
    CHECK(site.check_room(at(9), at(11, 30)) == Refusal::TooLong);
    CHECK(site.check_room(at(9), at(12)) == Refusal::TooLong);
    CHECK(site.check_desk(at(8, 30), at(9)) == Refusal::OutsideHours);
  }
  // A site open round the clock: the whole 23- or 25-hour day is one desk booking.
  site.hours = parsed("24/7");
  site.now = paris(2027, 3, 20, 8);
  CHECK(paris(2027, 3, 29, 0) - paris(2027, 3, 28, 0) == 23h);
  CHECK_FALSE(site.check_desk(paris(2027, 3, 28, 0), paris(2027, 3, 29, 0)));
  site.now = paris(2026, 10, 20, 8);
  CHECK(paris(2026, 10, 26, 0) - paris(2026, 10, 25, 0) == 25h);
  CHECK_FALSE(site.check_desk(paris(2026, 10, 25, 0), paris(2026, 10, 26, 0)));
  CHECK(site.check_desk(paris(2026, 10, 25, 0), paris(2026, 10, 26, 0, 30)) == Refusal::MultipleDays);
}

TEST_CASE("overlap with the resource's other bookings", "[booking]") {
  SiteFixture site;
  site.resource_bookings = {booking("other", site.desk.id, kOtherMember, tuesday(10), tuesday(12))};
  CHECK_FALSE(site.check_desk(tuesday(9), tuesday(10)));       // ends as it starts
  CHECK_FALSE(site.check_desk(tuesday(12), tuesday(12, 30)));  // starts as it ends
  CHECK(site.check_desk(tuesday(11, 30), tuesday(12, 30)) == Refusal::Overlap);
  CHECK(site.check_desk(tuesday(9), tuesday(10, 30)) == Refusal::Overlap);
  CHECK(site.check_desk(tuesday(10, 30), tuesday(11)) == Refusal::Overlap);
  CHECK(site.check_desk(tuesday(8, 30), tuesday(18)) == Refusal::Overlap);

  SECTION("only bookings that hold the resource count") {
    for (const BookingStatus s : {BookingStatus::Cancelled, BookingStatus::NoShow, BookingStatus::Refused}) {
      site.resource_bookings[0].status = s;
      CHECK_FALSE(site.check_desk(tuesday(10), tuesday(12)));
    }
    for (const BookingStatus s : {BookingStatus::Pending, BookingStatus::Confirmed, BookingStatus::CheckedIn}) {
      site.resource_bookings[0].status = s;
      CHECK(site.check_desk(tuesday(10), tuesday(12)) == Refusal::Overlap);
    }
  }
  SECTION("a move is checked against the other bookings, not itself") {
    site.resource_bookings[0].member_id = kMember;
    Booking moved = site.resource_bookings[0];
    moved.start = tuesday(11);
    moved.end = tuesday(12, 30);
    CHECK_FALSE(site.check(moved));
  }
  SECTION("other resources' bookings are ignored") {
    site.resource_bookings[0].resource_id = 99;
    CHECK_FALSE(site.check_desk(tuesday(10), tuesday(12)));
  }
  SECTION("a no-show frees the rest of its time") {
    site.now = tuesday(10, 20);  // 20 min after the start, nobody came
    CHECK_FALSE(site.check_desk(tuesday(10, 30), tuesday(12)));
    site.now = tuesday(10, 15);  // still within the grace time
    CHECK(site.check_desk(tuesday(10, 30), tuesday(12)) == Refusal::Overlap);
    site.now = tuesday(10, 20);
    site.resource_bookings[0].status = BookingStatus::CheckedIn;  // they came
    CHECK(site.check_desk(tuesday(10, 30), tuesday(12)) == Refusal::Overlap);
  }
  SECTION("the visio room's reason") {
    site.resource_bookings[0].resource_id = site.room.id;
    const auto refusal = site.check_room(tuesday(11), tuesday(12));
    REQUIRE(refusal == Refusal::Overlap);
    CHECK(refusal_reason(*refusal, site.room.kind) == "la salle visio était déjà prise");
  }
}

TEST_CASE("daily limit: the member's active bookings that Paris day", "[booking]") {
  SiteFixture site;
  site.member_bookings = {booking("morning", 5, kMember, tuesday(9), tuesday(12))};
  CHECK(site.check_desk(tuesday(14), tuesday(18)) == Refusal::DailyLimit);
  CHECK_FALSE(site.check_desk(paris(2027, 3, 3, 14), paris(2027, 3, 3, 18)));  // the next day

  SECTION("cancelled, refused and no-show bookings do not count") {
    for (const BookingStatus s : {BookingStatus::Cancelled, BookingStatus::NoShow, BookingStatus::Refused}) {
      site.member_bookings[0].status = s;
      CHECK_FALSE(site.check_desk(tuesday(14), tuesday(18)));
    }
    site.member_bookings[0].status = BookingStatus::Confirmed;
    site.now = tuesday(9, 30);  // the morning booking was not honoured: released
    CHECK_FALSE(site.check_desk(tuesday(14), tuesday(18)));
    site.member_bookings[0].status = BookingStatus::CheckedIn;
    CHECK(site.check_desk(tuesday(14), tuesday(18)) == Refusal::DailyLimit);
  }
  SECTION("the candidate itself is ignored (a move)") {
    Booking moved = site.member_bookings[0];
    moved.resource_id = site.desk.id;
    moved.start = tuesday(14);
    moved.end = tuesday(18);
    CHECK_FALSE(site.check(moved));
  }
  SECTION("other members' bookings do not count") {
    site.member_bookings[0].member_id = kOtherMember;
    CHECK_FALSE(site.check_desk(tuesday(14), tuesday(18)));
  }
  SECTION("the visio room allows two a day") {
    site.member_bookings = {booking("r1", site.room.id, kMember, tuesday(9), tuesday(10))};
    CHECK_FALSE(site.check_room(tuesday(14), tuesday(15)));
    site.member_bookings.push_back(booking("r2", site.room.id, kMember, tuesday(10), tuesday(11)));
    const auto refusal = site.check_room(tuesday(14), tuesday(15));
    REQUIRE(refusal == Refusal::DailyLimit);
    CHECK(refusal_reason(*refusal, ResourceKind::VisioRoom) ==
          "vous avez atteint le nombre de réservations de ce jour-là");
  }
}

TEST_CASE("weekly limit: the ISO week, Monday to Sunday, in Paris", "[booking]") {
  SiteFixture site;
  site.hours = parsed("24/7");
  site.desk_rules.max_per_week = 5;
  // The week of Monday 8 to Sunday 14 March 2027; the candidate is on Saturday 13.
  const auto day = [](int d, int hour = 9) { return paris(2027, 3, d, hour); };
  site.member_bookings = {
      booking("mon", 5, kMember, day(8, 0) + 30min, day(8, 3)),  // Monday 00:30 Paris = Sunday 23:30 UTC
      booking("tue", 5, kMember, day(9), day(9, 12)),
      booking("wed", 5, kMember, day(10), day(10, 12)),
      booking("thu", 5, kMember, day(11), day(11, 12)),
      booking("prev_sun", 5, kMember, day(7, 23), day(8, 0)),  // the week before, until midnight
      booking("next_mon", 5, kMember, day(15), day(15, 12)),   // the week after
      booking("fri_cancelled", 5, kMember, day(12), day(12, 12), BookingStatus::Cancelled),
      booking("fri_other", 5, kOtherMember, day(12), day(12, 12)),
  };
  const Instant sat = day(13);
  CHECK_FALSE(site.check_desk(sat, sat + 3h));  // four so far

  site.member_bookings.push_back(booking("sun", 5, kMember, day(14, 23), day(14, 23) + 30min));
  CHECK(site.check_desk(sat, sat + 3h) == Refusal::WeeklyLimit);
  // The daily limit is checked first.
  CHECK(site.check_desk(day(14, 9), day(14, 12)) == Refusal::DailyLimit);
  // Moving one of the five within the week is fine.
  Booking moved = site.member_bookings.back();
  moved.resource_id = site.desk.id;
  moved.start = sat;
  moved.end = sat + 3h;
  CHECK_FALSE(site.check(moved));
}

TEST_CASE("a booking names the resource the rules were fetched for", "[booking]") {
  const SiteFixture site;
  CHECK(site.check(booking("new", 42, kMember, tuesday(9), tuesday(12))) == Refusal::UnknownResource);
  Booking other_site = booking("new", site.desk.id, kMember, tuesday(9), tuesday(12));
  other_site.site_id = kSite + 1;
  CHECK(site.check(other_site) == Refusal::UnknownResource);
}

TEST_CASE("check_cancel: until the start, while it holds its resource", "[booking]") {
  Booking b = booking("b", 1, kMember, tuesday(9), tuesday(12));
  CHECK_FALSE(check_cancel(b, tuesday(8, 59)));
  CHECK(check_cancel(b, tuesday(9)) == Refusal::NotCancellable);
  CHECK(check_cancel(b, tuesday(10)) == Refusal::NotCancellable);
  b.status = BookingStatus::Pending;
  CHECK_FALSE(check_cancel(b, tuesday(8)));
  b.status = BookingStatus::CheckedIn;  // checked in early, plans changed
  CHECK_FALSE(check_cancel(b, tuesday(8, 30)));
  for (const BookingStatus s : {BookingStatus::Cancelled, BookingStatus::NoShow, BookingStatus::Refused}) {
    b.status = s;
    CHECK(check_cancel(b, tuesday(8)) == Refusal::NotCancellable);
  }
}

TEST_CASE("is_no_show: not checked in by start + grace", "[booking]") {
  const BookingRules rules = default_rules(ResourceKind::Desk);
  Booking b = booking("b", 1, kMember, tuesday(9), tuesday(12));
  CHECK_FALSE(is_no_show(b, rules, tuesday(8)));
  CHECK_FALSE(is_no_show(b, rules, tuesday(9, 15)));  // at the end of the grace time, still on time
  CHECK(is_no_show(b, rules, tuesday(9, 15) + 1ms));
  CHECK(is_no_show(b, rules, tuesday(13)));
  b.status = BookingStatus::Pending;
  CHECK(is_no_show(b, rules, tuesday(9, 16)));
  for (const BookingStatus s :
       {BookingStatus::CheckedIn, BookingStatus::Cancelled, BookingStatus::NoShow, BookingStatus::Refused}) {
    b.status = s;
    CHECK_FALSE(is_no_show(b, rules, tuesday(9, 16)));
  }
  BookingRules patient = rules;
  patient.grace = 30min;
  b.status = BookingStatus::Confirmed;
  CHECK_FALSE(is_no_show(b, patient, tuesday(9, 16)));
}

TEST_CASE("booking_to_check_in: the earliest booking starting in [at − grace, at + early]", "[booking]") {
  const BookingRules rules = default_rules(ResourceKind::Desk);  // grace 15 min, early 60 min
  const std::vector<Booking> bookings{
      booking("afternoon", 1, kMember, tuesday(14), tuesday(18)),
      booking("morning", 1, kMember, tuesday(9), tuesday(12)),
  };
  CHECK(booking_to_check_in(bookings, rules, tuesday(8)) == 1u);  // exactly an hour early
  CHECK_FALSE(booking_to_check_in(bookings, rules, tuesday(7, 59)));
  CHECK(booking_to_check_in(bookings, rules, tuesday(9, 15)) == 1u);  // exactly at the end of the grace time
  CHECK_FALSE(booking_to_check_in(bookings, rules, tuesday(9, 15) + 1ms));
  CHECK(booking_to_check_in(bookings, rules, tuesday(13, 5)) == 0u);
  CHECK_FALSE(booking_to_check_in({}, rules, tuesday(9)));

  SECTION("earliest first, whatever the order given") {
    const std::vector<Booking> two{
        booking("room", 2, kMember, tuesday(9, 30), tuesday(10, 30)),
        booking("desk", 1, kMember, tuesday(9), tuesday(12)),
    };
    CHECK(booking_to_check_in(two, rules, tuesday(8, 45)) == 1u);
    CHECK(booking_to_check_in(two, rules, tuesday(9, 20)) == 0u);  // the desk's grace is over
  }
  SECTION("only bookings awaiting their check-in") {
    std::vector<Booking> b = bookings;
    b[1].status = BookingStatus::CheckedIn;
    CHECK_FALSE(booking_to_check_in(b, rules, tuesday(9)));
    b[1].status = BookingStatus::Cancelled;
    CHECK_FALSE(booking_to_check_in(b, rules, tuesday(9)));
    b[1].status = BookingStatus::Pending;
    CHECK(booking_to_check_in(b, rules, tuesday(9)) == 1u);
  }
}

TEST_CASE("day parts from the day's opening ranges", "[booking]") {
  const auto check_part = [](const DayPart& p, DayPartKind kind, Instant start, Instant end) {
    CHECK(p.kind == kind);
    CHECK(p.start == start);
    CHECK(p.end == end);
  };
  SECTION("two ranges: the morning, the afternoon, the day") {
    const auto parts = day_parts(parsed(kHours), {2027, 3, 2});
    REQUIRE(parts.size() == 3);
    check_part(parts[0], DayPartKind::Morning, tuesday(8, 30), tuesday(12, 30));
    check_part(parts[1], DayPartKind::Afternoon, tuesday(13, 30), tuesday(18));
    check_part(parts[2], DayPartKind::Day, tuesday(8, 30), tuesday(18));
  }
  SECTION("three ranges: the first and the last") {
    const auto parts = day_parts(parsed("Mo-Fr 08:00-10:00,11:00-12:00,14:00-17:00"), {2027, 3, 2});
    REQUIRE(parts.size() == 3);
    check_part(parts[0], DayPartKind::Morning, tuesday(8), tuesday(10));
    check_part(parts[1], DayPartKind::Afternoon, tuesday(14), tuesday(17));
    check_part(parts[2], DayPartKind::Day, tuesday(8), tuesday(17));
  }
  SECTION("one range: cut at 13:00") {
    const auto parts = day_parts(parsed("Mo-Fr 09:00-17:00"), {2027, 3, 2});
    REQUIRE(parts.size() == 3);
    check_part(parts[0], DayPartKind::Morning, tuesday(9), tuesday(13));
    check_part(parts[1], DayPartKind::Afternoon, tuesday(13), tuesday(17));
    check_part(parts[2], DayPartKind::Day, tuesday(9), tuesday(17));
  }
  SECTION("one range that 13:00 does not cut: one part") {
    const auto saturday = day_parts(parsed(kHours), {2027, 3, 6});
    REQUIRE(saturday.size() == 1);
    check_part(saturday[0], DayPartKind::Morning, paris(2027, 3, 6, 9), paris(2027, 3, 6, 12));
    const auto ends_at_one = day_parts(parsed("Tu 09:00-13:00"), {2027, 3, 2});
    REQUIRE(ends_at_one.size() == 1);
    CHECK(ends_at_one[0].kind == DayPartKind::Morning);
    const auto afternoon = day_parts(parsed("Tu 13:00-18:00"), {2027, 3, 2});
    REQUIRE(afternoon.size() == 1);
    check_part(afternoon[0], DayPartKind::Afternoon, tuesday(13), tuesday(18));
  }
  SECTION("closed days: none") {
    CHECK(day_parts(parsed(kHours), {2027, 3, 7}).empty());   // Sunday
    CHECK(day_parts(parsed(kHours), {2027, 3, 29}).empty());  // Easter Monday
  }
  SECTION("a DST day keeps its wall-clock parts") {
    const auto parts = day_parts(parsed("Su 09:00-12:30,13:30-18:00"), {2027, 3, 28});
    REQUIRE(parts.size() == 3);
    check_part(parts[2], DayPartKind::Day, paris(2027, 3, 28, 9), paris(2027, 3, 28, 18));
    CHECK(parts[0].end - parts[0].start == 3h + 30min);
  }
}

TEST_CASE("calendar helpers: Paris days, weekdays, opening intervals", "[booking]") {
  CHECK(paris_civil_date(paris(2027, 3, 1, 23, 30)) == CivilDate{2027, 3, 1});  // 22:30 UTC
  CHECK(paris_civil_date(paris(2027, 7, 1, 0, 30)) == CivilDate{2027, 7, 1});   // 22:30 UTC the day before
  CHECK(add_days({2027, 2, 28}, 1) == CivilDate{2027, 3, 1});
  CHECK(add_days({2026, 12, 31}, 1) == CivilDate{2027, 1, 1});
  CHECK(add_days({2027, 3, 1}, -1) == CivilDate{2027, 2, 28});
  CHECK(add_days({2027, 3, 1}, 30) == CivilDate{2027, 3, 31});
  CHECK(iso_weekday({2027, 3, 1}) == 1);
  CHECK(iso_weekday({2027, 3, 28}) == 7);
  CHECK(iso_weekday({2027, 5, 6}) == 4);
  CHECK(paris_day_start(CivilDate{2027, 3, 28}) == paris(2027, 3, 28, 0));
  CHECK(paris_day_start(CivilDate{2027, 3, 28}) == paris_day_start(paris(2027, 3, 28, 15)));

  const auto intervals = opening_intervals(parsed(kHours), {2027, 3, 2});
  REQUIRE(intervals.size() == 2);
  CHECK(intervals[0] == std::pair{tuesday(8, 30), tuesday(12, 30)});
  CHECK(intervals[1] == std::pair{tuesday(13, 30), tuesday(18)});
  CHECK(opening_intervals(parsed(kHours), {2027, 5, 17}).empty());  // Whit Monday
  const auto all_day = opening_intervals(parsed("24/7"), {2026, 10, 25});
  REQUIRE(all_day.size() == 1);
  CHECK(all_day[0].second - all_day[0].first == 25h);
}
