// Animator mode, issue 15: « Faire entrer » a member who forgot their badge
// (found by name, confirmed, recorded as that member's check-in signed by the
// animator, or « déjà là » when they are in), and moving a booking: every
// screen says whose booking moves, and the booking keeps its length.
#include <catch2/catch.hpp>

#include <algorithm>

#include "animator_fixture.hpp"
#include "app/kiosk_app.hpp"
#include "auth/pin.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kAgnes = 3;

struct Fixture : testing::AnimatorDesk {
  Fixture() : AnimatorDesk("escale-let-in") {}
  // « Faire entrer », type `query`, pick the first match.
  void pick_for_let_in(const std::string& query) {
    act({Act::LetIn});
    REQUIRE(app->screen() == Screen::AnimatorPickMember);
    REQUIRE(view().pick_purpose == PickPurpose::LetIn);
    act({Act::PickerEdit, -1, query});
    REQUIRE_FALSE(view().picker_matches.empty());
    act({Act::PickMember, 0});
  }
};

}  // namespace

TEST_CASE("« Faire entrer »: a member without their badge is checked in, signed by the animator",
          "[app][animator][let_in]") {
  Fixture f;
  f.open_animator_mode();
  f.pick_for_let_in("dup");
  auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorConfirm);
  CHECK(v.confirm.kind == ConfirmKind::LetIn);
  CHECK(v.confirm.name == "Marie Dupont");
  CHECK(f.events(sync::EventType::CheckIn).empty());  // nothing before « Oui »

  f.act({Act::Confirm});
  v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::LetIn);
  CHECK(v.done.name == "Marie Dupont");
  REQUIRE(v.done.since.has_value());
  CHECK(v.done.since->hour == 10);
  const auto ins = f.events(sync::EventType::CheckIn);
  REQUIRE(ins.size() == 1);
  CHECK(ins[0].member_id == std::optional<std::int64_t>(1));
  CHECK_FALSE(ins[0].badge_uid.has_value());  // no badge: the server asks for the animator
  CHECK(ins[0].by_member_id == std::optional<std::int64_t>(kAgnes));
  CHECK(ins[0].at == f.t);

  // She is among those present, and her badge later checks her out.
  f.act({Act::Back});
  f.act({Act::ShowPresent});
  v = f.view();
  REQUIRE(v.people.size() == 1);
  CHECK(v.people[0].name == "Marie Dupont");
  f.app->on_badge(f.uid("04A1B2C3"), f.t + 2h);
  CHECK(f.app->screen() == Screen::Goodbye);
  const auto outs = f.events(sync::EventType::CheckOut);
  REQUIRE(outs.size() == 1);
  CHECK(outs[0].visit_id == ins[0].visit_id);
}

TEST_CASE("« Faire entrer » a member already in says so and records nothing", "[app][animator][let_in]") {
  Fixture f;
  f.app->on_badge(f.uid("04A1B2C3"), f.t - 30min);  // Marie badged at 9:30
  REQUIRE(f.app->screen() == Screen::Greeting);
  f.open_animator_mode();
  f.pick_for_let_in("marie");
  const auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::AlreadyIn);
  CHECK(v.done.name == "Marie Dupont");
  REQUIRE(v.done.since.has_value());
  CHECK(v.done.since->hour == 9);
  CHECK(v.done.since->minute == 30);
  CHECK(f.events(sync::EventType::CheckIn).size() == 1);  // her own badge's only
}

TEST_CASE("« Faire entrer »: « Non » goes back to the search, and nothing is recorded", "[app][animator][let_in]") {
  Fixture f;
  f.open_animator_mode();
  f.pick_for_let_in("élo");
  REQUIRE(f.app->screen() == Screen::AnimatorConfirm);
  CHECK(f.view().confirm.name == "Élodie Bernard");
  f.act({Act::Back});
  CHECK(f.app->screen() == Screen::AnimatorPickMember);
  CHECK(f.view().pick_purpose == PickPurpose::LetIn);
  f.act({Act::Back});
  CHECK(f.app->screen() == Screen::AnimatorHome);
  CHECK(f.events(sync::EventType::CheckIn).empty());
  // Outside animator mode the act does nothing.
  f.act({Act::LeaveAnimator});
  f.act({Act::LetIn});
  CHECK(f.app->screen() == Screen::Attract);
}

TEST_CASE("« Faire entrer » checks in on the member's booking, as a badge would", "[app][animator][let_in]") {
  Fixture f;
  f.open_animator_mode();
  // Marie books desk 1 for this afternoon (through animator mode).
  f.act({Act::NewBooking});
  f.act({Act::PickerEdit, -1, "dup"});
  f.act({Act::PickMember, 0});
  f.act({Act::PickDay, 0});
  f.act({Act::PickCell, 0 * 3 + 1});
  f.act({Act::Confirm});
  REQUIRE(f.view().done.kind == DoneKind::BookingMade);
  const auto booking = f.events(sync::EventType::BookingRequest).at(0).booking_id;
  f.act({Act::Back});
  // She arrives at 13:35 without her badge.
  f.t = from_paris(2026, 3, 9, 13, 35);
  f.pick_for_let_in("dup");
  f.act({Act::Confirm});
  const auto v = f.view();
  REQUIRE(v.done.kind == DoneKind::LetIn);
  REQUIRE(v.done.booking.has_value());
  CHECK(v.done.booking->resource_name == "Bureau 1");
  const auto ins = f.events(sync::EventType::CheckIn);
  REQUIRE(ins.size() == 1);
  CHECK(ins[0].booking_id == booking);
  CHECK(f.store.find_booking(*booking)->status == BookingStatus::CheckedIn);
}

TEST_CASE("moving a booking says whose on every screen and keeps its hours", "[app][animator][move]") {
  Fixture f;
  // Marie's desk booking from 14:00 to 16:00 (made on the server, say).
  Booking b;
  b.id = "2f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b";
  b.site_id = 1;
  b.resource_id = 11;
  b.member_id = 1;
  b.start = from_paris(2026, 3, 9, 14, 0);
  b.end = from_paris(2026, 3, 9, 16, 0);
  b.status = BookingStatus::Confirmed;
  sync::SyncResponse r;
  r.server_time = f.t;
  r.cursor = 20;
  r.bookings = {b};
  f.store.apply(r);
  f.open_animator_mode();
  f.act({Act::ShowBookings});
  REQUIRE(f.view().bookings.size() == 1);
  f.act({Act::MoveBooking, 0});

  // Each step: the member's name, the booking as it was, no switch of kind.
  auto v = f.view();
  REQUIRE(v.screen == Screen::BookDay);
  CHECK(v.subject_name == "Marie Dupont");
  REQUIRE(v.moving.has_value());
  CHECK(v.moving->resource_name == "Bureau 1");
  CHECK(v.moving->start.hour == 14);
  f.act({Act::PickDay, 1});  // tomorrow
  v = f.view();
  REQUIRE(v.screen == Screen::BookDeskGrid);
  CHECK(v.subject_name == "Marie Dupont");
  CHECK(v.moving.has_value());
  f.act({Act::PickCell, 2 * 3 + 1});  // desk 3, afternoon (13:30–18:00)
  v = f.view();
  REQUIRE(v.screen == Screen::BookConfirm);
  CHECK(v.moving.has_value());
  // Its two hours are kept: 14:00–16:00, not the whole afternoon.
  REQUIRE(v.booking.has_value());
  CHECK(v.booking->start.hour == 14);
  CHECK(v.booking->end.hour == 16);
  f.act({Act::Confirm});
  v = f.view();
  REQUIRE(v.done.kind == DoneKind::BookingMoved);
  CHECK_FALSE(v.moving.has_value());
  const auto moves = f.events(sync::EventType::BookingMove);
  REQUIRE(moves.size() == 1);
  CHECK(moves[0].resource_id == 13);
  CHECK(moves[0].start == from_paris(2026, 3, 10, 14, 0));
  CHECK(moves[0].end == from_paris(2026, 3, 10, 16, 0));
  // Back in the list, no move is under way.
  f.act({Act::Back});
  f.act({Act::ShowBookings});
  CHECK_FALSE(f.view().moving.has_value());
}

TEST_CASE("a booking moved to a part its hours do not fit takes that part", "[app][animator][move]") {
  Fixture f;
  Booking b;
  b.id = "4b3f5e6d-7c8b-49aa-9b2c-3d4e5f6a7b8c";
  b.site_id = 1;
  b.resource_id = 11;
  b.member_id = 1;
  b.start = from_paris(2026, 3, 9, 14, 0);
  b.end = from_paris(2026, 3, 9, 16, 0);
  b.status = BookingStatus::Confirmed;
  sync::SyncResponse r;
  r.server_time = f.t;
  r.cursor = 20;
  r.bookings = {b};
  f.store.apply(r);
  f.open_animator_mode();
  f.act({Act::ShowBookings});
  f.act({Act::MoveBooking, 0});
  f.act({Act::PickDay, 1});
  f.act({Act::PickCell, 1 * 3 + 0});  // desk 2, morning: 14:00 is not in it
  const auto v = f.view();
  REQUIRE(v.screen == Screen::BookConfirm);
  REQUIRE(v.booking.has_value());
  CHECK(v.booking->start.hour == 8);
  CHECK(v.booking->end.hour == 12);
  // « Retour » from the first step leaves the move: back to today's bookings.
  f.act({Act::Back});
  f.act({Act::Back});
  REQUIRE(f.app->screen() == Screen::BookDay);
  f.act({Act::Back});
  CHECK(f.app->screen() == Screen::AnimatorBookings);
  CHECK_FALSE(f.view().moving.has_value());
  CHECK(f.view().subject_name.empty());
}

TEST_CASE("moving the visio room's booking keeps its length: straight to the question", "[app][animator][move]") {
  Fixture f;
  Booking b;
  b.id = "3a2e4d5c-6b7a-4899-8a1b-2c3d4e5f6a7b";
  b.site_id = 1;
  b.resource_id = 21;
  b.member_id = 1;
  b.start = from_paris(2026, 3, 9, 15, 0);
  b.end = from_paris(2026, 3, 9, 16, 30);
  b.status = BookingStatus::Confirmed;
  sync::SyncResponse r;
  r.server_time = f.t;
  r.cursor = 20;
  r.bookings = {b};
  f.store.apply(r);
  f.open_animator_mode();
  f.act({Act::ShowBookings});
  f.act({Act::MoveBooking, 0});
  REQUIRE(f.app->screen() == Screen::BookDay);
  f.act({Act::PickDay, 1});
  REQUIRE(f.app->screen() == Screen::BookVisioStart);
  CHECK(f.view().moving.has_value());
  auto v = f.view();
  const auto nine = std::find_if(v.choices.begin(), v.choices.end(),
                                 [](const Choice& c) { return c.start.hour == 9 && c.start.minute == 0; });
  REQUIRE(nine != v.choices.end());
  f.act({Act::PickChoice, static_cast<int>(nine - v.choices.begin())});
  v = f.view();
  REQUIRE(v.screen == Screen::BookConfirm);  // the length was not asked
  REQUIRE(v.booking.has_value());
  CHECK(v.booking->start.hour == 9);
  CHECK(v.booking->end.hour == 10);
  CHECK(v.booking->end.minute == 30);
  // « Retour » offers the other lengths.
  f.act({Act::Back});
  CHECK(f.app->screen() == Screen::BookVisioDuration);
  CHECK(f.view().moving.has_value());
  CHECK(f.view().choices.size() > 1);
}
