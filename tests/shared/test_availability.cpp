// The availability grid of a site's resources over one Paris day: its shape,
// the Free/Taken/Mine/Closed/Past states, no-shows released, bookings of other
// days and resources ignored, DST days, all_free, and agreement with
// check_booking.
#include "booking/booking.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace escale;
using namespace std::chrono_literals;

namespace {

constexpr const char* kHours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";
constexpr std::int64_t kSite = 10;
constexpr std::int64_t kMe = 7;
constexpr std::int64_t kSomeoneElse = 8;

OpeningHours parsed(const char* text) {
  const auto hours = OpeningHours::parse(text);
  REQUIRE(hours.has_value());
  return *hours;
}

Instant paris(int year, int month, int day, int hour, int minute = 0) {
  return from_paris(year, month, day, hour, minute);
}

// Tuesday 2 March 2027.
constexpr CivilDate kTuesday{2027, 3, 2};
Instant tuesday(int hour, int minute = 0) {
  return paris(2027, 3, 2, hour, minute);
}

Resource resource(std::int64_t id, ResourceKind kind) {
  Resource r;
  r.id = id;
  r.site_id = kSite;
  r.kind = kind;
  r.name = "R" + std::to_string(id);
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

// Desks 1 and 2 and visio room 3; `now` is the Monday before, 08:00.
struct SiteFixture {
  std::vector<Resource> resources{resource(1, ResourceKind::Desk), resource(2, ResourceKind::Desk),
                                  resource(3, ResourceKind::VisioRoom)};
  OpeningHours hours = parsed(kHours);
  BookingRules desk_rules = default_rules(ResourceKind::Desk);
  BookingRules visio_rules = default_rules(ResourceKind::VisioRoom);
  std::vector<Booking> bookings;
  Instant now = paris(2027, 3, 1, 8);

  DayGrid grid(const CivilDate& day = kTuesday, std::optional<std::int64_t> for_member = kMe) const {
    return availability(resources, hours, bookings, day, now, for_member, desk_rules, visio_rules);
  }
};

// The slot index of a Paris wall-clock time on the grid.
int slot_of(const DayGrid& g, Instant t) {
  return static_cast<int>((t - g.first_slot) / kBookingGrain);
}

// One row as a string: F free, T taken, M mine, C closed, P past.
std::string row_text(const DayGrid& g, std::size_t row) {
  constexpr std::string_view kLetters = "FTMCP";  // in SlotState's order
  std::string out;
  for (int slot = 0; slot < g.slot_count; ++slot) {
    out += kLetters[static_cast<std::size_t>(g.at(row, static_cast<std::size_t>(slot)))];
  }
  return out;
}

}  // namespace

TEST_CASE("availability: the grid runs from the first opening to the last closing", "[booking][availability]") {
  const SiteFixture site;
  const DayGrid g = site.grid();
  CHECK(g.day == kTuesday);
  CHECK(g.first_slot == tuesday(8, 30));
  CHECK(g.slot_count == 19);  // 08:30–18:00
  CHECK(g.slot_start(18) == tuesday(17, 30));
  CHECK(g.resource_ids == std::vector<std::int64_t>{1, 2, 3});
  REQUIRE(g.cells.size() == 3 * 19);
  //                     08:30     12:30 13:30      17:30
  CHECK(row_text(g, 0) == "FFFFFFFFCCFFFFFFFFF");
  CHECK(row_text(g, 2) == "FFFFFFFFCCFFFFFFFFF");
}

TEST_CASE("availability: taken, mine, and past slots", "[booking][availability]") {
  SiteFixture site;
  site.bookings = {
      booking("mine", 1, kMe, tuesday(9), tuesday(10)),
      booking("theirs", 2, kSomeoneElse, tuesday(14), tuesday(15, 30)),
      booking("room", 3, kSomeoneElse, tuesday(10), tuesday(12)),
  };
  DayGrid g = site.grid();
  CHECK(row_text(g, 0) == "FMMFFFFFCCFFFFFFFFF");
  CHECK(row_text(g, 1) == "FFFFFFFFCCFTTTFFFFF");
  CHECK(row_text(g, 2) == "FFFTTTTFCCFFFFFFFFF");

  // Nobody's in particular (animator mode): everything held is Taken.
  g = site.grid(kTuesday, std::nullopt);
  CHECK(row_text(g, 0) == "FTTFFFFFCCFFFFFFFFF");

  // At 10:10 the slots begun are Past, held or not; the lunch break stays Closed.
  site.now = tuesday(10, 10);
  g = site.grid();
  CHECK(row_text(g, 0) == "PPPPFFFFCCFFFFFFFFF");
  CHECK(row_text(g, 2) == "PPPPTTTFCCFFFFFFFFF");
  site.now = tuesday(14);
  g = site.grid();
  CHECK(row_text(g, 1) == "PPPPPPPPCCPTTTFFFFF");
  // A slot is past once it has begun, not only once it has ended.
  site.now = tuesday(14) + 1ms;
  CHECK(row_text(site.grid(), 1) == "PPPPPPPPCCPPTTFFFFF");
}

TEST_CASE("availability: only bookings of that day and those resources that hold them", "[booking][availability]") {
  SiteFixture site;
  site.bookings = {
      booking("wednesday", 1, kSomeoneElse, paris(2027, 3, 3, 9), paris(2027, 3, 3, 12)),
      booking("monday", 1, kSomeoneElse, paris(2027, 3, 1, 9), paris(2027, 3, 1, 18)),
      booking("elsewhere", 99, kSomeoneElse, tuesday(9), tuesday(12)),
      booking("cancelled", 1, kSomeoneElse, tuesday(9), tuesday(12), BookingStatus::Cancelled),
      booking("refused", 1, kSomeoneElse, tuesday(9), tuesday(12), BookingStatus::Refused),
      booking("no_show", 1, kSomeoneElse, tuesday(9), tuesday(12), BookingStatus::NoShow),
      booking("pending", 2, kMe, tuesday(16), tuesday(18), BookingStatus::Pending),
      booking("checked_in", 2, kSomeoneElse, tuesday(8, 30), tuesday(9), BookingStatus::CheckedIn),
  };
  const DayGrid g = site.grid();
  CHECK(row_text(g, 0) == "FFFFFFFFCCFFFFFFFFF");
  CHECK(row_text(g, 1) == "TFFFFFFFCCFFFFFMMMM");
}

TEST_CASE("availability: a booking not checked in within the grace time is free again", "[booking][availability]") {
  SiteFixture site;
  site.visio_rules.grace = 30min;
  site.bookings = {
      booking("desk", 1, kSomeoneElse, tuesday(9), tuesday(12)),
      booking("came", 2, kSomeoneElse, tuesday(9), tuesday(12), BookingStatus::CheckedIn),
      booking("room", 3, kSomeoneElse, tuesday(9), tuesday(11)),
  };
  site.now = tuesday(9, 15);  // the end of the grace time: still held
  CHECK(row_text(site.grid(), 0) == "PPTTTTTFCCFFFFFFFFF");
  site.now = tuesday(9, 20);
  DayGrid g = site.grid();
  CHECK(row_text(g, 0) == "PPFFFFFFCCFFFFFFFFF");  // released
  CHECK(row_text(g, 1) == "PPTTTTTFCCFFFFFFFFF");  // checked in
  CHECK(row_text(g, 2) == "PPTTTFFFCCFFFFFFFFF");  // the visio room's grace is 30 min here
  site.now = tuesday(9, 31);
  CHECK(row_text(site.grid(), 2) == "PPPFFFFFCCFFFFFFFFF");
}

TEST_CASE("availability: closed days give an empty grid", "[booking][availability]") {
  const SiteFixture site;
  for (const CivilDate day : {CivilDate{2027, 3, 7}, CivilDate{2027, 3, 29}, CivilDate{2027, 5, 6}}) {
    INFO(day.month << "/" << day.day);
    const DayGrid g = site.grid(day);
    CHECK(g.day == day);
    CHECK(g.slot_count == 0);
    CHECK(g.cells.empty());
    CHECK(g.resource_ids.size() == 3);
    CHECK_FALSE(g.all_free(0, paris(day.year, day.month, day.day, 9), paris(day.year, day.month, day.day, 10)));
  }
  // Saturday: the morning only.
  const DayGrid saturday = site.grid({2027, 3, 6});
  CHECK(saturday.first_slot == paris(2027, 3, 6, 9));
  CHECK(saturday.slot_count == 6);
}

TEST_CASE("availability: DST days keep wall-clock half-hours", "[booking][availability]") {
  SiteFixture site;
  site.hours = parsed("Mo-Su 09:00-12:30,13:30-18:00; PH off");
  for (const CivilDate day : {CivilDate{2027, 3, 28}, CivilDate{2026, 10, 25}}) {
    INFO(day.year << "-" << day.month << "-" << day.day);
    const auto at = [&](int hour, int minute = 0) { return paris(day.year, day.month, day.day, hour, minute); };
    site.now = at(0) - 48h;
    site.bookings = {booking("morning", 1, kSomeoneElse, at(9), at(12))};
    const DayGrid g = site.grid(day);
    CHECK(g.first_slot == at(9));
    REQUIRE(g.slot_count == 18);
    for (int slot = 0; slot < g.slot_count; ++slot) {
      const LocalTime local = to_paris(g.slot_start(slot));
      CHECK(local.hour * 60 + local.minute == 9 * 60 + slot * 30);
    }
    CHECK(row_text(g, 0) == "TTTTTTFCCFFFFFFFFF");  // 09:00–12:00 is six half-hours
    CHECK(g.all_free(1, at(9), at(18)));
  }
  // Round the clock: 46 slots on the 23-hour day, 50 on the 25-hour one.
  site.hours = parsed("24/7");
  site.bookings.clear();
  site.now = paris(2027, 3, 20, 0);
  CHECK(site.grid({2027, 3, 28}).slot_count == 46);
  site.now = paris(2026, 10, 20, 0);
  const DayGrid autumn = site.grid({2026, 10, 25});
  CHECK(autumn.slot_count == 50);
  CHECK(autumn.slot_start(50) == paris(2026, 10, 26, 0));
}

TEST_CASE("availability: opening hours off the grain close the slots they cut", "[booking][availability]") {
  SiteFixture site;
  site.hours = parsed("Mo-Fr 08:45-17:15");
  const DayGrid g = site.grid();
  CHECK(g.first_slot == tuesday(8, 30));
  CHECK(g.slot_count == 18);  // 08:30–17:30
  CHECK(row_text(g, 0) == "CFFFFFFFFFFFFFFFFC");
  // A booking off the grain (made by hand elsewhere) holds every slot it touches.
  site.bookings = {booking("odd", 1, kSomeoneElse, tuesday(9, 15), tuesday(9, 45))};
  CHECK(row_text(site.grid(), 0) == "CTTFFFFFFFFFFFFFFC");
}

TEST_CASE("availability: all_free spans the lunch break, not a booking", "[booking][availability]") {
  SiteFixture site;
  site.bookings = {booking("afternoon", 2, kSomeoneElse, tuesday(15), tuesday(16))};
  const DayGrid g = site.grid();
  CHECK(g.all_free(0, tuesday(8, 30), tuesday(18)));  // the whole day, lunch included
  CHECK(g.all_free(0, tuesday(9), tuesday(12, 30)));
  CHECK(g.all_free(0, tuesday(17, 30), tuesday(18)));
  CHECK_FALSE(g.all_free(1, tuesday(8, 30), tuesday(18)));
  CHECK(g.all_free(1, tuesday(8, 30), tuesday(12, 30)));
  CHECK(g.all_free(1, tuesday(16), tuesday(18)));                // starts as the booking ends
  CHECK_FALSE(g.all_free(0, tuesday(9), tuesday(13)));           // ends in the break
  CHECK_FALSE(g.all_free(0, tuesday(12, 30), tuesday(14)));      // starts in the break
  CHECK_FALSE(g.all_free(0, tuesday(8), tuesday(9)));            // before the grid
  CHECK_FALSE(g.all_free(0, tuesday(17, 30), tuesday(18, 30)));  // after it
  CHECK_FALSE(g.all_free(0, tuesday(9, 15), tuesday(10)));       // off the grain
  CHECK_FALSE(g.all_free(0, tuesday(10), tuesday(10)));          // empty
  CHECK_FALSE(g.all_free(3, tuesday(9), tuesday(10)));           // no such row
  CHECK(slot_of(g, tuesday(15)) == 13);
}

// The kiosk offers what the grid shows Free; the server decides with
// check_booking. For a member without other bookings they must agree on
// every span of the grid.
TEST_CASE("availability: all_free agrees with check_booking", "[booking][availability]") {
  SiteFixture site;
  site.now = tuesday(9, 40);
  site.bookings = {
      booking("a", 1, kSomeoneElse, tuesday(11), tuesday(12)),
      booking("b", 1, kSomeoneElse, tuesday(14), tuesday(14, 30), BookingStatus::CheckedIn),
      booking("c", 1, kSomeoneElse, tuesday(16), tuesday(17), BookingStatus::Cancelled),
      booking("d", 1, kSomeoneElse, tuesday(9), tuesday(10, 30)),  // a no-show by now
  };
  const DayGrid g = site.grid();
  const RuleContext ctx{site.resources[0], site.hours, site.desk_rules, site.now, site.bookings, {}};
  int agreed = 0;
  for (int from = 0; from < g.slot_count; ++from) {
    for (int to = from + 1; to <= g.slot_count; ++to) {
      const Booking candidate = booking("new", 1, kMe, g.slot_start(from), g.slot_start(to));
      const bool allowed = !check_booking(candidate, ctx).has_value();
      INFO(to_paris(candidate.start).hour << ":" << to_paris(candidate.start).minute << " → "
                                          << to_paris(candidate.end).hour << ":" << to_paris(candidate.end).minute);
      CHECK(g.all_free(0, candidate.start, candidate.end) == allowed);
      agreed += allowed ? 1 : 0;
    }
  }
  CHECK(agreed > 0);
}
