// Booking at the kiosk, driven through KioskApp against a real local store:
// the day buttons, the desk grid, the visio room's times, confirming, the
// pending → confirmed/refused outcome after a sync, the member's list and
// cancelling, checking in on a booking, and refusals told at the next badge.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/kiosk_app.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

struct BookingFixture {
  testing::TempFolder dir{"escale-bookings"};
  LocalStore store{dir / "kiosk.db"};
  KioskSettings settings = [] {
    KioskSettings s;
    s.public_url = "https://escale.example.fr/";
    return s;
  }();
  KioskApp app{store, settings};
  Instant t = from_paris(2026, 3, 9, 10, 0);  // Monday 9 March 2026, 10:00

  BookingFixture() {
    store.apply(testing::booking_sync(""));
    app.refresh(t);
  }
  static BadgeUid uid(const char* text) { return *BadgeUid::parse(text); }
  KioskView view() const { return app.view(t); }
  std::vector<sync::Event> events(sync::EventType type) {
    auto all = store.pending_events(1000);
    std::erase_if(all, [&](const sync::Event& e) { return e.type != type; });
    return all;
  }
  // A booking as the server would send it back.
  static Booking booking(std::string id, std::int64_t resource, std::int64_t member, Instant start, Instant end,
                         BookingStatus status) {
    Booking b;
    b.id = std::move(id);
    b.site_id = 1;
    b.resource_id = resource;
    b.member_id = member;
    b.start = start;
    b.end = end;
    b.status = status;
    return b;
  }
  void server_sends(std::vector<Booking> bookings) {
    sync::SyncResponse r;
    r.server_time = t;
    r.cursor = store.cursor() + 1;
    r.bookings = std::move(bookings);
    store.apply(r);
    app.refresh(t);
  }
};

constexpr int kMorning = 0, kAfternoon = 1, kDay = 2;
int cell(int row, int col) {
  return row * 3 + col;
}

}  // namespace

TEST_CASE("a member's greeting offers booking when the site has desks and a visio room", "[app][booking]") {
  BookingFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  const auto v = f.view();
  CHECK(v.screen == Screen::Greeting);
  CHECK(v.member_menu);
  CHECK(v.has_desks);
  CHECK(v.has_visio);
  CHECK(v.today_bookings.empty());
  // Walk-ins and unknown badges get no member menu.
  f.app.on_action(UiAction::Home, f.t);
  f.app.on_action(UiAction::WalkIn, f.t);
  CHECK_FALSE(f.app.view(f.t).member_menu);
}

TEST_CASE("booking a desk: day, grid, confirm, pending, then confirmed by the server", "[app][booking]") {
  BookingFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookDesk}, f.t);
  auto v = f.view();
  REQUIRE(v.screen == Screen::BookDay);
  REQUIRE(v.days.size() == 14);
  CHECK(v.days[0].today);
  CHECK(v.days[0].open);
  CHECK(v.days[5].day.weekday == 6);  // Saturday morning: open
  CHECK(v.days[5].open);
  CHECK_FALSE(v.days[6].open);  // Sunday: closed, shown but not bookable
  CHECK(v.days[6].day.weekday == 7);

  f.app.on_action({Act::PickDay, 6}, f.t);  // a closed day does nothing
  CHECK(f.app.screen() == Screen::BookDay);

  f.app.on_action({Act::PickDay, 1}, f.t);  // Tuesday
  v = f.view();
  REQUIRE(v.screen == Screen::BookDeskGrid);
  CHECK(v.chosen_day.day == 10);
  REQUIRE(v.grid.rows.size() == 3);
  CHECK(v.grid.rows[2].resource_name == "Bureau 3");
  CHECK(v.grid.rows[2].features == "grand écran");
  REQUIRE(v.grid.parts[kMorning]);
  CHECK(v.grid.parts[kMorning]->first.hour == 8);
  CHECK(v.grid.parts[kMorning]->first.minute == 30);
  CHECK(v.grid.parts[kMorning]->second.hour == 12);
  REQUIRE(v.grid.parts[kDay]);
  CHECK(v.grid.parts[kDay]->second.hour == 18);
  for (const auto& row : v.grid.rows) {
    CHECK(row.cells == std::array{CellState::Free, CellState::Free, CellState::Free});
  }

  f.app.on_action({Act::PickCell, cell(2, kMorning)}, f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::BookConfirm);
  REQUIRE(v.booking);
  CHECK(v.booking->resource_name == "Bureau 3");
  CHECK(v.booking->start.day == 10);
  CHECK(v.booking->start.hour == 8);
  CHECK(v.booking->end.hour == 12);
  CHECK(v.booking->end.minute == 30);
  CHECK(f.events(sync::EventType::BookingRequest).empty());  // nothing before « Réserver »

  f.app.on_action({Act::Confirm}, f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::Booked);
  REQUIRE(v.booking);
  CHECK(v.booking->status == BookingStatus::Pending);
  const auto requests = f.events(sync::EventType::BookingRequest);
  REQUIRE(requests.size() == 1);
  const auto& e = requests[0];
  CHECK(e.member_id == 1);
  CHECK(e.resource_id == 13);
  CHECK(e.start == from_paris(2026, 3, 10, 8, 30));
  CHECK(e.end == from_paris(2026, 3, 10, 12, 30));
  CHECK_FALSE(e.by_member_id);
  REQUIRE(e.booking_id);
  CHECK(v.qr_url == "https://escale.example.fr/ics/bookings/" + *e.booking_id + ".ics");

  // The server confirms; the screen follows after the sync.
  f.server_sends({f.booking(*e.booking_id, 13, 1, *e.start, *e.end, BookingStatus::Confirmed)});
  CHECK(f.view().booking->status == BookingStatus::Confirmed);
  CHECK(f.store.find_booking(*e.booking_id)->status == BookingStatus::Confirmed);
}

TEST_CASE("the grid tells taken, mine and past", "[app][booking]") {
  BookingFixture f;
  const Instant tue = from_paris(2026, 3, 10, 0, 0);
  f.server_sends({
      f.booking("11111111-1111-4111-8111-111111111111", 11, 2, tue + 8h + 30min, tue + 12h + 30min,
                BookingStatus::Confirmed),  // Jean: desk 1 morning
      f.booking("22222222-2222-4222-8222-222222222222", 12, 1, tue + 13h + 30min, tue + 18h,
                BookingStatus::Confirmed),  // Marie: desk 2 afternoon
      f.booking("33333333-3333-4333-8333-333333333333", 13, 2, tue + 8h + 30min, tue + 12h + 30min,
                BookingStatus::Cancelled),  // cancelled: frees the desk
  });
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookDesk}, f.t);
  f.app.on_action({Act::PickDay, 1}, f.t);
  const auto v = f.view();
  REQUIRE(v.grid.rows.size() == 3);
  CHECK(v.grid.rows[0].cells == std::array{CellState::Taken, CellState::Free, CellState::Taken});
  CHECK(v.grid.rows[1].cells == std::array{CellState::Free, CellState::Mine, CellState::Mine});
  CHECK(v.grid.rows[2].cells == std::array{CellState::Free, CellState::Free, CellState::Free});
  // Tapping a taken cell does nothing.
  f.app.on_action({Act::PickCell, cell(0, kMorning)}, f.t);
  CHECK(f.app.screen() == Screen::BookDeskGrid);

  // Today at 10:00 the morning is offered from 10:00 only.
  f.app.on_action({Act::Back}, f.t);
  f.app.on_action({Act::PickDay, 0}, f.t);
  const auto today = f.view();
  REQUIRE(today.grid.parts[kMorning]);
  CHECK(today.grid.parts[kMorning]->first.hour == 10);
  CHECK(today.grid.parts[kMorning]->first.minute == 0);
}

TEST_CASE("the kiosk's own copy refuses at once what the rules forbid, storing nothing", "[app][booking]") {
  BookingFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookDesk}, f.t);
  f.app.on_action({Act::PickDay, 1}, f.t);
  f.app.on_action({Act::PickCell, cell(0, kMorning)}, f.t);
  f.app.on_action({Act::Confirm}, f.t);
  REQUIRE(f.view().booking->status == BookingStatus::Pending);
  // A second desk the same day: one booking per day by default.
  f.app.on_action({Act::Back}, f.t);  // Booked → the member's menu
  f.app.on_action({Act::BookDesk}, f.t);
  f.app.on_action({Act::PickDay, 1}, f.t);
  f.app.on_action({Act::PickCell, cell(1, kAfternoon)}, f.t);
  f.app.on_action({Act::Confirm}, f.t);
  const auto v = f.view();
  REQUIRE(v.screen == Screen::Booked);
  CHECK(v.booking->status == BookingStatus::Refused);
  CHECK(v.booking->refusal == Refusal::DailyLimit);
  CHECK(v.qr_url.empty());
  CHECK(f.events(sync::EventType::BookingRequest).size() == 1);
}

TEST_CASE("booking the visio room: a start time, then a duration", "[app][booking]") {
  BookingFixture f;
  const Instant tue = from_paris(2026, 3, 10, 0, 0);
  f.server_sends(
      {f.booking("44444444-4444-4444-8444-444444444444", 21, 2, tue + 10h, tue + 11h, BookingStatus::Confirmed)});
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookVisio}, f.t);
  REQUIRE(f.view().booking_kind == ResourceKind::VisioRoom);
  f.app.on_action({Act::PickDay, 1}, f.t);
  auto v = f.view();
  REQUIRE(v.screen == Screen::BookVisioStart);
  // 08:30–12:30 and 13:30–18:00: 8 + 9 half-hours; the lunch break is not offered.
  REQUIRE(v.choices.size() == 17);
  CHECK(v.choices[0].start.hour == 8);
  CHECK(v.choices[0].start.minute == 30);
  CHECK(v.choices[8].start.hour == 13);
  CHECK(v.choices[8].start.minute == 30);
  // 10:00 and 10:30 are taken.
  CHECK(v.choices[3].start.hour == 10);
  CHECK_FALSE(v.choices[3].free);
  CHECK_FALSE(v.choices[4].free);
  CHECK(v.choices[2].free);
  f.app.on_action({Act::PickChoice, 3}, f.t);  // taken: nothing
  CHECK(f.app.screen() == Screen::BookVisioStart);

  f.app.on_action({Act::PickChoice, 2}, f.t);  // 9:30
  v = f.view();
  REQUIRE(v.screen == Screen::BookVisioDuration);
  REQUIRE(v.choices.size() == 4);  // 30 min … 2 h (the visio room's maximum)
  CHECK(v.choices[0].minutes == 30);
  CHECK(v.choices[0].free);
  CHECK_FALSE(v.choices[1].free);  // 9:30–10:30 runs into the taken 10:00
  f.app.on_action({Act::PickChoice, 0}, f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::BookConfirm);
  CHECK(v.booking->resource_name == "Salle visio");
  CHECK(v.booking->start.hour == 9);
  CHECK(v.booking->start.minute == 30);
  CHECK(v.booking->end.hour == 10);
  CHECK(v.booking->end.minute == 0);
  f.app.on_action({Act::Back}, f.t);
  CHECK(f.app.screen() == Screen::BookVisioDuration);
  f.app.on_action({Act::Back}, f.t);
  CHECK(f.app.screen() == Screen::BookVisioStart);
}

TEST_CASE("my bookings: listed with their status, cancelled before the start", "[app][booking]") {
  BookingFixture f;
  const Instant tue = from_paris(2026, 3, 10, 0, 0);
  const std::string confirmed = "55555555-5555-4555-8555-555555555555";
  const std::string refused = "66666666-6666-4666-8666-666666666666";
  auto r = f.booking(refused, 12, 1, tue + 13h + 30min, tue + 18h, BookingStatus::Refused);
  r.refusal = Refusal::Overlap;
  f.server_sends({f.booking(confirmed, 11, 1, tue + 8h + 30min, tue + 12h + 30min, BookingStatus::Confirmed), r});
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::MyBookings}, f.t);
  auto v = f.view();
  REQUIRE(v.screen == Screen::MyBookings);
  REQUIRE(v.bookings.size() == 2);
  CHECK(v.bookings[0].status == BookingStatus::Confirmed);
  CHECK(v.bookings[0].cancellable);
  CHECK(v.bookings[1].status == BookingStatus::Refused);
  CHECK_FALSE(v.bookings[1].cancellable);

  f.app.on_action({Act::CancelBooking, 0}, f.t);
  REQUIRE(f.app.screen() == Screen::CancelConfirm);
  CHECK(f.view().booking->resource_name == "Bureau 1");
  f.app.on_action({Act::Back}, f.t);  // « Non, garder »
  CHECK(f.app.screen() == Screen::MyBookings);
  CHECK(f.events(sync::EventType::BookingCancel).empty());

  f.app.on_action({Act::CancelBooking, 0}, f.t);
  f.app.on_action({Act::Confirm}, f.t);
  CHECK(f.app.screen() == Screen::Cancelled);
  CHECK(f.store.find_booking(confirmed)->status == BookingStatus::Cancelled);
  const auto cancels = f.events(sync::EventType::BookingCancel);
  REQUIRE(cancels.size() == 1);
  CHECK(cancels[0].booking_id == confirmed);
}

TEST_CASE("badging in at a booking's start checks in on it", "[app][booking]") {
  BookingFixture f;
  const std::string id = "77777777-7777-4777-8777-777777777777";
  const Instant start = from_paris(2026, 3, 10, 13, 30);
  f.server_sends({f.booking(id, 13, 1, start, start + 4h + 30min, BookingStatus::Confirmed)});
  f.app.on_badge(f.uid("04A1B2C3"), start - 10min);
  const auto v = f.app.view(start - 10min);
  REQUIRE(v.screen == Screen::Greeting);
  REQUIRE(v.checked_in_on);
  CHECK(v.checked_in_on->resource_name == "Bureau 3");
  CHECK(v.checked_in_on->status == BookingStatus::CheckedIn);
  REQUIRE(v.today_bookings.size() == 1);
  const auto check_ins = f.events(sync::EventType::CheckIn);
  REQUIRE(check_ins.size() == 1);
  CHECK(check_ins[0].booking_id == id);
  CHECK(f.store.find_booking(id)->status == BookingStatus::CheckedIn);
}

TEST_CASE("a badge long before a booking does not check in on it", "[app][booking]") {
  BookingFixture f;
  const Instant start = from_paris(2026, 3, 10, 16, 0);
  f.server_sends(
      {f.booking("88888888-8888-4888-8888-888888888888", 13, 1, start, start + 2h, BookingStatus::Confirmed)});
  f.app.on_badge(f.uid("04A1B2C3"), from_paris(2026, 3, 10, 9, 0));
  const auto v = f.app.view(from_paris(2026, 3, 10, 9, 0));
  CHECK_FALSE(v.checked_in_on);
  CHECK(v.today_bookings.size() == 1);  // still listed for today
  REQUIRE(f.events(sync::EventType::CheckIn).size() == 1);
  CHECK_FALSE(f.events(sync::EventType::CheckIn)[0].booking_id);
}

TEST_CASE("a refusal from the server is told at the next badge, once", "[app][booking]") {
  BookingFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookDesk}, f.t);
  f.app.on_action({Act::PickDay, 1}, f.t);
  f.app.on_action({Act::PickCell, cell(0, kDay)}, f.t);
  f.app.on_action({Act::Confirm}, f.t);
  const auto e = f.events(sync::EventType::BookingRequest).at(0);
  f.app.on_action(UiAction::Home, f.t);
  // Offline, another kiosk took the desk: the server refuses this intent.
  auto refused = f.booking(*e.booking_id, 11, 1, *e.start, *e.end, BookingStatus::Refused);
  refused.refusal = Refusal::Overlap;
  f.server_sends({refused});

  const Instant later = f.t + 3h;
  f.app.on_badge(f.uid("04A1B2C3"), later);
  auto v = f.app.view(later);
  REQUIRE(v.refused.size() == 1);
  CHECK(v.refused[0].refusal == Refusal::Overlap);
  CHECK(v.refused[0].start.weekday == 2);  // « Votre réservation de mardi… »
  CHECK(v.refused[0].resource_name == "Bureau 1");
  // « J’ai compris »: the greeting goes on with its menu, the notice gone.
  const Screen greeting = f.app.screen();  // the greeting or « déjà là »
  f.app.on_action(UiAction{Act::NoticesRead}, later);
  CHECK(f.app.screen() == greeting);
  CHECK(f.app.view(later).refused.empty());
  CHECK(f.app.view(later).member_menu);

  f.app.on_badge(f.uid("04A1B2C3"), later + 2h);
  CHECK(f.app.view(later + 2h).refused.empty());
}

TEST_CASE("booking screens wait longer than a greeting before going back to attract", "[app][booking]") {
  BookingFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookDesk}, f.t);
  CHECK_FALSE(f.app.on_tick(f.t + 30s));
  CHECK(f.app.screen() == Screen::BookDay);
  CHECK(f.app.on_tick(f.t + 46s));
  CHECK(f.app.screen() == Screen::Attract);
  const auto v = f.app.view(f.t + 46s);
  CHECK(v.first_name.empty());
  CHECK(v.days.empty());
  CHECK_FALSE(v.member_menu);
}

TEST_CASE("a booking action without a member on screen does nothing", "[app][booking]") {
  BookingFixture f;
  f.app.on_action({Act::BookDesk}, f.t);
  CHECK(f.app.screen() == Screen::Attract);
  f.app.on_action({Act::MyBookings}, f.t);
  CHECK(f.app.screen() == Screen::Attract);
  f.app.on_action({Act::PickCell, 99}, f.t);
  f.app.on_action({Act::Confirm}, f.t);
  CHECK(f.app.screen() == Screen::Attract);
  CHECK(f.store.pending_count() == 0);
}

TEST_CASE("a day where no desk has a whole half-day free reads « complet »", "[app][booking]") {
  BookingFixture f;
  const Instant tue = from_paris(2026, 3, 10, 0, 0);
  // Every desk taken on Tuesday morning; in the afternoon each desk has one
  // half-hour booked, so only scraps of time are left: nothing a desk booking can use.
  std::vector<Booking> bookings;
  const char* ids[] = {"a1111111-1111-4111-8111-111111111111", "a2222222-2222-4222-8222-222222222222",
                       "a3333333-3333-4333-8333-333333333333", "b1111111-1111-4111-8111-111111111111",
                       "b2222222-2222-4222-8222-222222222222", "b3333333-3333-4333-8333-333333333333"};
  for (int desk = 0; desk < 3; ++desk) {
    bookings.push_back(
        f.booking(ids[desk], 11 + desk, 2, tue + 8h + 30min, tue + 12h + 30min, BookingStatus::Confirmed));
    bookings.push_back(f.booking(ids[3 + desk], 11 + desk, 2, tue + 15h, tue + 15h + 30min, BookingStatus::Confirmed));
  }
  f.server_sends(bookings);
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action({Act::BookDesk}, f.t);
  auto v = f.view();
  CHECK(v.days[1].open);
  CHECK_FALSE(v.days[1].any_free);  // Tuesday: complet
  CHECK(v.days[2].any_free);        // Wednesday: free
  // The visio room is free all Tuesday: that day is not « complet » for it.
  f.app.on_action({Act::Back}, f.t);
  f.app.on_action({Act::BookVisio}, f.t);
  CHECK(f.view().days[1].any_free);
}
