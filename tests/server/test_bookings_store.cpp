#include "store/bookings.hpp"  // first: the header is self-contained

// Bookings in the server database: the rules as the store applies them, what
// a refusal leaves behind (nothing), no-shows, check-ins, the kiosk's path
// (refusals stored), and writers racing on separate connections.
//
// Times: « now » is Friday 26 February 2027, 10:00 in Paris; the site opens
// Mo-Fr 08:30-12:30,13:30-18:00, Sa 09:00-12:00. Paris is UTC+1 in March 2027
// (summer time starts on the 28th), so 09:00 in Paris is 08:00Z.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "auth/pin.hpp"
#include "server_fixture.hpp"
#include "store/changes.hpp"
#include "store/pins.hpp"
#include "store/sites.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;

struct BookingDb : tests::ServerDb {
  std::int64_t site_id = site("Tiers-lieu de Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  std::int64_t jean = member(site_id, "Jean", "Martin");
  std::int64_t desk1 = resource(ResourceKind::Desk, "Bureau 1");
  std::int64_t desk2 = resource(ResourceKind::Desk, "Bureau 2");
  std::int64_t visio = resource(ResourceKind::VisioRoom, "Salle visio");
  Instant now = at("2027-02-26T09:00:00Z");

  std::int64_t resource(ResourceKind kind, const std::string& name, std::optional<std::int64_t> in_site = {}) {
    auto r = add_resource(db, Resource{0, in_site.value_or(site_id), kind, name, 1, ""});
    if (!r) throw std::runtime_error("add_resource: " + r.error());
    return r->id;
  }

  static Booking request(std::int64_t member_id, std::int64_t resource_id, const std::string& start,
                         const std::string& end) {
    Booking b;
    b.id = make_uuid_v4();
    b.member_id = member_id;
    b.resource_id = resource_id;
    b.start = at(start);
    b.end = at(end);
    return b;
  }

  BookingOutcome book(std::int64_t member_id, std::int64_t resource_id, const std::string& start,
                      const std::string& end, const Actor& actor = {}) {
    return create_booking(db, request(member_id, resource_id, start, end), actor, now);
  }

  std::optional<Refusal> refusal(std::int64_t member_id, std::int64_t resource_id, const std::string& start,
                                 const std::string& end) {
    const auto out = book(member_id, resource_id, start, end);
    CHECK_FALSE(out.ok());
    return out.refusal;
  }

  BookingStatus status(const std::string& id) {
    const auto b = find_booking(db, id);
    REQUIRE(b.has_value());
    return b->status;
  }

  std::int64_t count(const std::string& table) { return scalar("SELECT COUNT(*) FROM " + table); }
  std::int64_t booking_changes() { return scalar("SELECT COUNT(*) FROM changes WHERE entity = 'booking'"); }
};

}  // namespace

TEST_CASE("bookings: a booking inside opening hours is confirmed, stored once and announced", "[bookings][store]") {
  BookingDb s;
  // Monday 1 March 2027, 09:00–12:30 in Paris.
  const auto req = BookingDb::request(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T11:30:00Z");
  const auto out = create_booking(s.db, req, Actor{}, s.now);
  REQUIRE(out.ok());
  CHECK(out.booking->id == req.id);
  CHECK(out.booking->site_id == s.site_id);
  CHECK(out.booking->status == BookingStatus::Confirmed);
  const auto stored = find_booking(s.db, req.id);
  REQUIRE(stored.has_value());
  CHECK(*stored == *out.booking);
  CHECK(s.scalar("SELECT COUNT(*) FROM bookings WHERE local_date = '2027-03-01'") == 1);
  CHECK(s.booking_changes() == 1);
  CHECK(s.count("audit_log") == 0);  // a member's own booking is not an admin's act

  SECTION("the same id again returns the stored booking and writes nothing") {
    const auto again = create_booking(s.db, req, Actor{}, s.now);
    REQUIRE(again.ok());
    CHECK(*again.booking == *out.booking);
    CHECK(s.count("bookings") == 1);
    CHECK(s.booking_changes() == 1);
  }
  SECTION("an id made by the store when none is given") {
    auto anonymous = BookingDb::request(s.jean, s.desk2, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");
    anonymous.id.clear();
    const auto made = create_booking(s.db, anonymous, Actor{}, s.now);
    REQUIRE(made.ok());
    CHECK(is_valid_uuid(made.booking->id));
  }
}

TEST_CASE("bookings: an admin's or animator's write is in the audit log", "[bookings][store][audit]") {
  BookingDb s;
  REQUIRE(add_admin_client(s.db, "tableau de bord").ok());
  const auto client = s.scalar("SELECT id FROM api_clients");
  const Actor admin{std::nullopt, std::nullopt, client, std::nullopt};
  const auto out = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z", admin);
  REQUIRE(out.ok());
  REQUIRE(cancel_booking(s.db, out.booking->id, admin, s.now).ok());
  auto st = s.db.prepare("SELECT action, subject, api_client_id, site_id, detail FROM audit_log ORDER BY seq");
  REQUIRE(st.step());
  CHECK(st.text(0) == "booking.create");
  CHECK(st.text(1) == "booking:" + out.booking->id);
  CHECK(st.int64(2) == client);
  CHECK(st.int64(3) == s.site_id);
  CHECK_THAT(st.text(4), Catch::Contains("\"resource_id\":" + std::to_string(s.desk1)));
  REQUIRE(st.step());
  CHECK(st.text(0) == "booking.cancel");
  CHECK_FALSE(st.step());
}

TEST_CASE("bookings: a taken slot is refused, touching ends are not an overlap", "[bookings][store]") {
  BookingDb s;
  REQUIRE(s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z").ok());  // 09:00–10:00
  const auto rows = s.count("bookings");
  const auto changes = s.count("changes");
  CHECK(s.refusal(s.jean, s.desk1, "2027-03-01T08:30:00Z", "2027-03-01T09:30:00Z") == Refusal::Overlap);
  CHECK(s.refusal(s.jean, s.desk1, "2027-03-01T07:30:00Z", "2027-03-01T11:30:00Z") == Refusal::Overlap);
  // A refusal writes nothing.
  CHECK(s.count("bookings") == rows);
  CHECK(s.count("changes") == changes);
  // 10:00–11:00 starts where the other ends.
  CHECK(s.book(s.jean, s.desk1, "2027-03-01T09:00:00Z", "2027-03-01T10:00:00Z").ok());
  // Another desk at the same time is free.
  CHECK(s.book(s.member(s.site_id, "Léon", "Petit"), s.desk2, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z").ok());
}

TEST_CASE("bookings: impossible times, closed days and unknown things are refused, nothing written",
          "[bookings][store]") {
  BookingDb s;
  const auto rows = s.count("bookings");
  const auto changes = s.count("changes");
  // End not after start, or off the 30-minute grain.
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T09:00:00Z", "2027-03-01T08:00:00Z") == Refusal::InvalidTimes);
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T08:00:00Z") == Refusal::InvalidTimes);
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T08:10:00Z", "2027-03-01T09:00:00Z") == Refusal::InvalidTimes);
  // Thursday 25 February: before now.
  CHECK(s.refusal(s.marie, s.desk1, "2027-02-25T08:00:00Z", "2027-02-25T09:00:00Z") == Refusal::InThePast);
  // Monday 5 April: beyond the 30-day window.
  CHECK(s.refusal(s.marie, s.desk1, "2027-04-05T07:00:00Z", "2027-04-05T08:00:00Z") == Refusal::TooFarAhead);
  // Sunday 7 March: closed.
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-07T08:00:00Z", "2027-03-07T09:00:00Z") == Refusal::ClosedDay);
  // Monday 18:00–19:00 and the lunch break start: outside the hours.
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T17:00:00Z", "2027-03-01T18:00:00Z") == Refusal::OutsideHours);
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T11:30:00Z", "2027-03-01T12:30:00Z") == Refusal::OutsideHours);
  // Monday 17:00 to Tuesday 09:00.
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T16:00:00Z", "2027-03-02T08:00:00Z") == Refusal::MultipleDays);
  // The visio room: 2 hours at most by default.
  CHECK(s.refusal(s.marie, s.visio, "2027-03-01T08:00:00Z", "2027-03-01T11:00:00Z") == Refusal::TooLong);
  CHECK(s.refusal(s.marie, 999, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z") == Refusal::UnknownResource);
  CHECK(s.refusal(999, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z") == Refusal::UnknownMember);
  // A resource taken out of service.
  REQUIRE(set_resource_active(s.db, s.desk2, false).ok());
  CHECK(s.refusal(s.marie, s.desk2, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z") == Refusal::UnknownResource);
  // The resource named with another site.
  auto elsewhere = BookingDb::request(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");
  elsewhere.site_id = s.site("Autre lieu", "21154");
  CHECK(create_booking(s.db, elsewhere, Actor{}, s.now).refusal == Refusal::UnknownResource);
  CHECK(s.count("bookings") == rows);
  CHECK(s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'booking'") == 0);
  CHECK(s.count("changes") > changes);  // the resource and the site above, not a booking
}

TEST_CASE("bookings: a public holiday is a closed day", "[bookings][store]") {
  BookingDb s;
  s.now = at("2027-04-30T08:00:00Z");
  // Thursday 6 May 2027: Ascension (Paris is UTC+2).
  CHECK(s.refusal(s.marie, s.desk1, "2027-05-06T07:00:00Z", "2027-05-06T08:00:00Z") == Refusal::ClosedDay);
  CHECK(s.book(s.marie, s.desk1, "2027-05-07T07:00:00Z", "2027-05-07T08:00:00Z").ok());
}

TEST_CASE("bookings: limits per member per day and per week, per kind", "[bookings][store]") {
  BookingDb s;
  // Desks: one a day.
  REQUIRE(s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z").ok());
  CHECK(s.refusal(s.marie, s.desk2, "2027-03-01T13:00:00Z", "2027-03-01T14:00:00Z") == Refusal::DailyLimit);
  // The visio room is another kind: two a day.
  REQUIRE(s.book(s.marie, s.visio, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z").ok());
  REQUIRE(s.book(s.marie, s.visio, "2027-03-01T13:00:00Z", "2027-03-01T14:00:00Z").ok());
  CHECK(s.refusal(s.marie, s.visio, "2027-03-01T15:00:00Z", "2027-03-01T16:00:00Z") == Refusal::DailyLimit);
  // Five desk bookings a week: Monday (above) to Friday, then Saturday is one too many.
  for (const char* day : {"02", "03", "04"}) {
    REQUIRE(s.book(s.marie, s.desk1, std::string("2027-03-") + day + "T08:00:00Z",
                   std::string("2027-03-") + day + "T09:00:00Z")
                .ok());
  }
  const auto friday = s.book(s.marie, s.desk1, "2027-03-05T08:00:00Z", "2027-03-05T09:00:00Z");
  REQUIRE(friday.ok());
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-06T08:00:00Z", "2027-03-06T09:00:00Z") == Refusal::WeeklyLimit);
  // The next week counts afresh; a cancelled booking frees its place in the count.
  CHECK(s.book(s.marie, s.desk1, "2027-03-08T08:00:00Z", "2027-03-08T09:00:00Z").ok());
  REQUIRE(cancel_booking(s.db, friday.booking->id, Actor{}, s.now).ok());
  CHECK(s.book(s.marie, s.desk1, "2027-03-06T08:00:00Z", "2027-03-06T09:00:00Z").ok());
  // Another member is not concerned.
  CHECK(s.book(s.jean, s.desk2, "2027-03-01T13:00:00Z", "2027-03-01T14:00:00Z").ok());
}

TEST_CASE("bookings: rules per site and kind replace the defaults", "[bookings][store][rules]") {
  BookingDb s;
  CHECK(site_rules(s.db, s.site_id) == sync::SiteRules{});
  BookingRules strict = default_rules(ResourceKind::Desk);
  strict.advance_days = 2;
  strict.max_duration = std::chrono::minutes(60);
  const auto changes = s.count("changes");
  set_site_rules(s.db, s.site_id, ResourceKind::Desk, strict);
  CHECK(s.count("changes") == changes + 1);  // the site again: rules travel with it
  const auto rules = site_rules(s.db, s.site_id);
  CHECK(rules.desk == strict);
  CHECK(rules.visio_room == default_rules(ResourceKind::VisioRoom));
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z") == Refusal::TooFarAhead);
  s.now = at("2027-02-28T09:00:00Z");
  CHECK(s.refusal(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:30:00Z") == Refusal::TooLong);
  CHECK(s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z").ok());
  // Setting again replaces.
  strict.max_per_day = 3;
  set_site_rules(s.db, s.site_id, ResourceKind::Desk, strict);
  CHECK(site_rules(s.db, s.site_id).desk.max_per_day == 3);
  CHECK(s.scalar("SELECT COUNT(*) FROM booking_rules") == 1);
}

TEST_CASE("bookings: cancellation until the start", "[bookings][store]") {
  BookingDb s;
  const auto out = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");
  REQUIRE(out.ok());
  const auto id = out.booking->id;
  SECTION("before the start: cancelled, and the slot is free again") {
    const auto cancelled = cancel_booking(s.db, id, Actor{}, s.now);
    REQUIRE(cancelled.ok());
    CHECK(cancelled.booking->status == BookingStatus::Cancelled);
    CHECK(s.status(id) == BookingStatus::Cancelled);
    CHECK(s.booking_changes() == 2);
    CHECK(s.book(s.jean, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z").ok());
    // Cancelling again answers the same and writes nothing.
    const auto again = cancel_booking(s.db, id, Actor{}, s.now);
    REQUIRE(again.ok());
    CHECK(again.booking->status == BookingStatus::Cancelled);
    CHECK(s.booking_changes() == 3);  // 2 + Jean's
  }
  SECTION("from the start on: refused") {
    CHECK(cancel_booking(s.db, id, Actor{}, at("2027-03-01T08:00:00Z")).refusal == Refusal::NotCancellable);
    CHECK(s.status(id) == BookingStatus::Confirmed);
  }
  SECTION("an unknown booking") {
    CHECK(cancel_booking(s.db, make_uuid_v4(), Actor{}, s.now).refusal == Refusal::UnknownBooking);
  }
}

TEST_CASE("bookings: a move is checked as a new booking that ignores the one it replaces", "[bookings][store]") {
  BookingDb s;
  const auto marie = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");  // 09:00–10:00
  REQUIRE(marie.ok());
  REQUIRE(s.book(s.jean, s.desk1, "2027-03-01T09:00:00Z", "2027-03-01T10:00:00Z").ok());  // 10:00–11:00
  const auto id = marie.booking->id;
  // Onto Jean's time: refused, nothing changed.
  CHECK(
      move_booking(s.db, id, s.desk1, at("2027-03-01T08:30:00Z"), at("2027-03-01T09:30:00Z"), Actor{}, s.now).refusal ==
      Refusal::Overlap);
  CHECK(find_booking(s.db, id)->start == at("2027-03-01T08:00:00Z"));
  // Half an hour earlier overlaps only itself (and the daily limit does not count it twice).
  const auto earlier =
      move_booking(s.db, id, s.desk1, at("2027-03-01T07:30:00Z"), at("2027-03-01T08:30:00Z"), Actor{}, s.now);
  REQUIRE(earlier.ok());
  CHECK(earlier.booking->start == at("2027-03-01T07:30:00Z"));
  // To another desk, another day.
  const auto other =
      move_booking(s.db, id, s.desk2, at("2027-03-02T08:00:00Z"), at("2027-03-02T09:00:00Z"), Actor{}, s.now);
  REQUIRE(other.ok());
  const auto stored = find_booking(s.db, id);
  CHECK(stored->resource_id == s.desk2);
  CHECK(s.scalar("SELECT COUNT(*) FROM bookings WHERE local_date = '2027-03-02'") == 1);
  // The rules still apply: not onto a Sunday, not once begun, not an unknown booking.
  CHECK(
      move_booking(s.db, id, s.desk2, at("2027-03-07T08:00:00Z"), at("2027-03-07T09:00:00Z"), Actor{}, s.now).refusal ==
      Refusal::ClosedDay);
  CHECK(move_booking(s.db, id, s.desk2, at("2027-03-03T08:00:00Z"), at("2027-03-03T09:00:00Z"), Actor{},
                     at("2027-03-02T08:00:00Z"))
            .refusal == Refusal::NotCancellable);
  CHECK(move_booking(s.db, make_uuid_v4(), s.desk2, at("2027-03-03T08:00:00Z"), at("2027-03-03T09:00:00Z"), Actor{},
                     s.now)
            .refusal == Refusal::UnknownBooking);
}

TEST_CASE("bookings: not checked in within the grace time, a booking is released as a no-show",
          "[bookings][store][no-show]") {
  BookingDb s;
  const auto out = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T11:30:00Z");  // 09:00–12:30
  REQUIRE(out.ok());
  const auto id = out.booking->id;
  CHECK(release_no_shows(s.db, at("2027-03-01T08:15:00Z")) == 0);  // exactly at start + 15 min: not yet
  CHECK(s.status(id) == BookingStatus::Confirmed);

  SECTION("by the sweep") {
    CHECK(release_no_shows(s.db, at("2027-03-01T08:16:00Z")) == 1);
    CHECK(s.status(id) == BookingStatus::NoShow);
    CHECK(release_no_shows(s.db, at("2027-03-01T08:17:00Z")) == 0);
    CHECK(s.booking_changes() == 2);
  }
  SECTION("by the next write on that resource, which may then take the place") {
    s.now = at("2027-03-01T08:20:00Z");
    REQUIRE(s.book(s.jean, s.desk1, "2027-03-01T08:30:00Z", "2027-03-01T11:30:00Z").ok());
    CHECK(s.status(id) == BookingStatus::NoShow);
    // Marie arrives after all: her place is gone.
    CHECK_FALSE(check_in_booking(s.db, s.marie, id, at("2027-03-01T08:40:00Z"), Actor{}).has_value());
  }
  SECTION("a late member whose place nobody took checks in on it again") {
    REQUIRE(release_no_shows(s.db, at("2027-03-01T08:30:00Z")) == 1);
    const auto back = check_in_booking(s.db, s.marie, id, at("2027-03-01T08:40:00Z"), Actor{});
    REQUIRE(back.has_value());
    CHECK(back->status == BookingStatus::CheckedIn);
    CHECK(s.status(id) == BookingStatus::CheckedIn);
  }
}

TEST_CASE("bookings: a badge near the start checks in on the booking", "[bookings][store][check-in]") {
  BookingDb s;
  const auto out = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T11:30:00Z");
  REQUIRE(out.ok());
  // Two hours early: nothing to check in on.
  CHECK_FALSE(check_in_booking(s.db, s.marie, std::nullopt, at("2027-03-01T06:00:00Z"), Actor{}).has_value());
  // Someone else's badge: nothing either.
  CHECK_FALSE(check_in_booking(s.db, s.jean, std::nullopt, at("2027-03-01T07:50:00Z"), Actor{}).has_value());
  // At a kiosk of another site: not there.
  const auto other_site = s.site("Autre lieu", "21154");
  const auto far_kiosk = s.kiosk(other_site);
  CHECK_FALSE(check_in_booking(s.db, s.marie, std::nullopt, at("2027-03-01T07:50:00Z"),
                               Actor{far_kiosk.kiosk.id, std::nullopt, std::nullopt, std::nullopt})
                  .has_value());
  // Half an hour early at the site's own kiosk: checked in.
  const auto kiosk = s.kiosk(s.site_id);
  const auto in =
      check_in_booking(s.db, s.marie, std::nullopt, at("2027-03-01T07:30:00Z"), Actor{kiosk.kiosk.id, {}, {}, {}});
  REQUIRE(in.has_value());
  CHECK(in->id == out.booking->id);
  CHECK(s.status(in->id) == BookingStatus::CheckedIn);
  CHECK(s.scalar("SELECT COUNT(*) FROM bookings WHERE checked_in_at = '2027-03-01T07:30:00.000Z'") == 1);
  // Never a no-show now, and no longer cancellable.
  CHECK(release_no_shows(s.db, at("2027-03-01T09:00:00Z")) == 0);
  CHECK(s.status(in->id) == BookingStatus::CheckedIn);
  CHECK(cancel_booking(s.db, in->id, Actor{}, at("2027-03-01T09:00:00Z")).refusal == Refusal::NotCancellable);
  // Checking in twice on it (the kiosk said so) answers the same.
  CHECK(check_in_booking(s.db, s.marie, in->id, at("2027-03-01T08:05:00Z"), Actor{}).has_value());
}

TEST_CASE("bookings: the kiosk's path stores a refused intent with its reason", "[bookings][store][sync]") {
  BookingDb s;
  const auto kiosk = s.kiosk(s.site_id);
  const Actor at_kiosk{kiosk.kiosk.id, std::nullopt, std::nullopt, std::nullopt};
  const auto first = create_or_refuse_booking(
      s.db, BookingDb::request(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z"), at_kiosk, s.now);
  CHECK(first.status == BookingStatus::Confirmed);
  const auto second_request = BookingDb::request(s.jean, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");
  const auto second = create_or_refuse_booking(s.db, second_request, at_kiosk, s.now);
  CHECK(second.status == BookingStatus::Refused);
  CHECK(second.refusal == Refusal::Overlap);
  const auto stored = find_booking(s.db, second_request.id);
  REQUIRE(stored.has_value());
  CHECK(stored->status == BookingStatus::Refused);
  CHECK(stored->refusal == Refusal::Overlap);
  CHECK(s.scalar("SELECT COUNT(*) FROM bookings WHERE kiosk_id IS NOT NULL") == 2);
  CHECK(s.booking_changes() == 2);  // the kiosk learns of both
  // Sent again (a retried sync): the same answer, nothing new.
  CHECK(create_or_refuse_booking(s.db, second_request, at_kiosk, s.now) == second);
  CHECK(s.count("bookings") == 2);
  // A create_booking with that id says refused too.
  CHECK(create_booking(s.db, second_request, Actor{}, s.now).refusal == Refusal::Overlap);
  // An unknown resource cannot be a row: the refusal is returned only.
  const auto unknown = create_or_refuse_booking(
      s.db, BookingDb::request(s.jean, 999, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z"), at_kiosk, s.now);
  CHECK(unknown.status == BookingStatus::Refused);
  CHECK(unknown.refusal == Refusal::UnknownResource);
  CHECK(s.count("bookings") == 2);
}

TEST_CASE("bookings: the database refuses two holding bookings that overlap, whatever the code path",
          "[bookings][store][schema]") {
  BookingDb s;
  auto insert = [&](const std::string& id, const std::string& start, const std::string& end,
                    const std::string& status) {
    s.db.prepare(
            "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '2027-03-01', ?, 'x', 'x')")
        .bind_all(id, s.site_id, s.desk1, s.marie, start, end, status)
        .run();
  };
  insert(make_uuid_v4(), "2027-03-01T08:00:00.000Z", "2027-03-01T09:00:00.000Z", "confirmed");
  CHECK_THROWS_AS(insert(make_uuid_v4(), "2027-03-01T08:30:00.000Z", "2027-03-01T09:30:00.000Z", "checked_in"),
                  store::StoreError);
  // Not holding: fine.
  insert(make_uuid_v4(), "2027-03-01T08:30:00.000Z", "2027-03-01T09:30:00.000Z", "cancelled");
  insert(make_uuid_v4(), "2027-03-01T08:30:00.000Z", "2027-03-01T09:30:00.000Z", "refused");
  // Touching: fine.
  insert(make_uuid_v4(), "2027-03-01T09:00:00.000Z", "2027-03-01T10:00:00.000Z", "confirmed");
  // Turning a cancelled one back into a holding one over a taken time: refused.
  CHECK_THROWS_AS(s.db.exec("UPDATE bookings SET status = 'confirmed' WHERE status = 'cancelled'"), store::StoreError);
  CHECK(s.scalar("SELECT COUNT(*) FROM bookings WHERE status = 'confirmed'") == 2);
}

TEST_CASE("bookings: writers racing on separate connections book a slot exactly once",
          "[bookings][store][concurrency]") {
  BookingDb s;
  constexpr int kWriters = 8;
  std::vector<std::int64_t> members;
  for (int i = 0; i < kWriters; ++i) members.push_back(s.member(s.site_id, "Membre", "N" + std::to_string(i)));
  std::atomic<int> ready{0};
  std::atomic<int> confirmed{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      try {
        store::Database conn(s.path);
        const auto req = BookingDb::request(members[static_cast<std::size_t>(i)], s.desk1, "2027-03-01T08:00:00Z",
                                            "2027-03-01T09:00:00Z");
        ++ready;
        while (ready.load() < kWriters) std::this_thread::yield();
        const auto out = create_booking(conn, req, Actor{}, s.now);
        if (out.ok()) ++confirmed;
        if (out.refusal == Refusal::Overlap) ++overlaps;
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(errors == 0);
  CHECK(confirmed == 1);
  CHECK(overlaps == kWriters - 1);
  CHECK(s.count("bookings") == 1);
}

TEST_CASE("bookings: listing and availability", "[bookings][store]") {
  BookingDb s;
  const auto a = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");  // 09:00–10:00
  const auto b = s.book(s.jean, s.desk2, "2027-03-02T08:00:00Z", "2027-03-02T09:00:00Z");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  const auto c = s.book(s.marie, s.visio, "2027-03-02T13:00:00Z", "2027-03-02T14:00:00Z");
  REQUIRE(c.ok());
  REQUIRE(cancel_booking(s.db, c.booking->id, Actor{}, s.now).ok());

  CHECK(list_bookings(s.db, {}).size() == 3);
  const auto query = [](auto&& fill) {
    BookingQuery q;
    fill(q);
    return q;
  };
  CHECK(list_bookings(s.db, query([&](BookingQuery& q) { q.member_id = s.marie; })).size() == 2);
  CHECK(list_bookings(s.db, query([&](BookingQuery& q) {
                        q.member_id = s.marie;
                        q.holding_only = true;
                      }))
            .size() == 1);
  CHECK(list_bookings(s.db, query([&](BookingQuery& q) { q.resource_id = s.desk2; })).size() == 1);
  CHECK(list_bookings(s.db, query([&](BookingQuery& q) {
                        q.site_id = s.site_id;
                        q.from_date = "2027-03-02";
                      }))
            .size() == 2);
  CHECK(list_bookings(s.db, query([&](BookingQuery& q) {
                        q.from_date = "2027-03-01";
                        q.to_date = "2027-03-01";
                      }))
            .size() == 1);
  CHECK(list_bookings(s.db, query([&](BookingQuery& q) { q.site_id = s.site_id + 1; })).empty());
  const auto all = list_bookings(s.db, {});
  CHECK(all.front().id == a.booking->id);  // by start time

  const auto grids = site_availability(s.db, s.site_id, CivilDate{2027, 3, 1}, 7, s.now, s.marie);
  REQUIRE(grids.size() == 7);
  const DayGrid& monday = grids[0];
  CHECK(monday.day == CivilDate{2027, 3, 1});
  REQUIRE(monday.resource_ids.size() == 3);
  CHECK(monday.first_slot == at("2027-03-01T07:30:00Z"));  // 08:30 in Paris
  std::size_t row = 0;
  while (monday.resource_ids[row] != s.desk1) ++row;
  CHECK(monday.at(row, 0) == SlotState::Free);  // 08:30
  CHECK(monday.at(row, 1) == SlotState::Mine);  // 09:00, Marie's
  CHECK(monday.at(row, 2) == SlotState::Mine);
  CHECK(monday.at(row, 3) == SlotState::Free);    // 10:00
  CHECK(monday.at(row, 8) == SlotState::Closed);  // 12:30, lunch
  // Tuesday as Jean's neighbour sees it: taken; the cancelled visio slot is free.
  const auto tuesday = site_availability(s.db, s.site_id, CivilDate{2027, 3, 2}, 1, s.now, s.jean)[0];
  row = 0;
  while (tuesday.resource_ids[row] != s.desk2) ++row;
  CHECK(tuesday.at(row, 1) == SlotState::Mine);
  const auto as_marie = site_availability(s.db, s.site_id, CivilDate{2027, 3, 2}, 1, s.now)[0];
  CHECK(as_marie.at(row, 1) == SlotState::Taken);
  // Sunday: an empty grid.
  CHECK(grids[6].slot_count == 0);
  // A resource out of service is not offered.
  REQUIRE(set_resource_active(s.db, s.visio, false).ok());  // its only booking is cancelled
  CHECK(site_availability(s.db, s.site_id, CivilDate{2027, 3, 1}, 1, s.now)[0].resource_ids.size() == 2);
}

TEST_CASE("resources: taken out of service only without bookings to come, and back", "[bookings][store][sites]") {
  BookingDb s;
  const auto out = s.book(s.marie, s.desk1, "2027-03-01T08:00:00Z", "2027-03-01T09:00:00Z");
  REQUIRE(out.ok());
  const auto refused = set_resource_active(s.db, s.desk1, false);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("1 réservation à venir"));
  REQUIRE(cancel_booking(s.db, out.booking->id, Actor{}, s.now).ok());
  const auto changes = s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'resource'");
  CHECK(changes == 3);  // each was announced when added
  const auto off = set_resource_active(s.db, s.desk1, false);
  REQUIRE(off.ok());
  CHECK_FALSE(off->active);
  CHECK(s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'resource'") == changes + 1);
  CHECK(list_resources(s.db, s.site_id).size() == 2);
  CHECK(list_resource_records(s.db, s.site_id).size() == 3);
  CHECK(list_resource_records(s.db, s.site_id, false).size() == 2);
  // Its name stays taken; it can be put back.
  CHECK_FALSE(add_resource(s.db, Resource{0, s.site_id, ResourceKind::Desk, "Bureau 1", 1, ""}).ok());
  REQUIRE(set_resource_active(s.db, s.desk1, true).ok());
  CHECK(list_resources(s.db, s.site_id).size() == 3);
  CHECK_FALSE(set_resource_active(s.db, 999, false).ok());
}

TEST_CASE("calendar tokens: one per member, stored hashed, a new one revokes the old", "[bookings][store][ics]") {
  BookingDb s;
  CHECK_FALSE(has_calendar_token(s.db, s.marie));
  const auto token = issue_calendar_token(s.db, s.marie, now());
  CHECK(token.rfind("cal_", 0) == 0);
  CHECK(token.size() == 68);
  CHECK(has_calendar_token(s.db, s.marie));
  CHECK(member_for_calendar_token(s.db, token) == s.marie);
  {  // only its hash is stored (issue 19)
    auto st = s.db.prepare("SELECT token_hash, token FROM calendar_tokens WHERE member_id = ?");
    st.bind_all(s.marie);
    REQUIRE(st.step());
    CHECK(st.text(0) == hash_token(token));
    CHECK(st.is_null(1));
  }
  CHECK(issue_calendar_token(s.db, s.jean, now()) != token);
  const auto fresh = issue_calendar_token(s.db, s.marie, now());
  CHECK(fresh != token);
  CHECK_FALSE(member_for_calendar_token(s.db, token).has_value());  // the old address stops working
  CHECK(member_for_calendar_token(s.db, fresh) == s.marie);
  CHECK_FALSE(member_for_calendar_token(s.db, "").has_value());
  CHECK_FALSE(member_for_calendar_token(s.db, "cal_' OR 1=1 --").has_value());
}

TEST_CASE("animator PINs: animators only, stored hashed, announced to kiosks", "[bookings][store][pin]") {
  BookingDb s;
  const auto refused = set_member_pin(s.db, s.marie, "2468");
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("animateur"));
  Member agnes;
  agnes.site_id = s.site_id;
  agnes.first_name = "Agnès";
  agnes.last_name = "Lambert";
  agnes.roles = {Role::Member, Role::Animator};
  const auto added = add_member(s.db, agnes);
  REQUIRE(added.ok());
  CHECK_FALSE(set_member_pin(s.db, added->id, "12").ok());
  CHECK_FALSE(set_member_pin(s.db, added->id, "12a4").ok());
  CHECK_FALSE(set_member_pin(s.db, 999, "2468").ok());
  const auto before = s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'member'");
  REQUIRE(set_member_pin(s.db, added->id, "2468").ok());
  auto st = s.db.prepare("SELECT pin_hash FROM members WHERE id = ?");
  st.bind(1, added->id);
  REQUIRE(st.step());
  const auto hash = st.text(0);
  CHECK(hash.find("2468") == std::string::npos);
  CHECK(verify_pin("2468", hash));
  CHECK_FALSE(verify_pin("1357", hash));
  CHECK(s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'member'") == before + 1);
}
