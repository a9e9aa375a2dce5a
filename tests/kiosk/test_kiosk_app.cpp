// The kiosk's state machine, driven without SDL against a real local SQLite store.
#include "app/kiosk_app.hpp"

#include <catch2/catch.hpp>

#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

struct AppFixture {
  testing::TempFolder dir{"escale-app"};
  LocalStore store{dir / "kiosk.db"};
  KioskApp app{store, KioskSettings{}};
  Instant t = from_paris(2026, 3, 10, 9, 30);  // a Tuesday morning

  AppFixture() {
    store.apply(testing::first_sync());
    app.refresh_site();  // as the runtime does after a sync that changed the site
  }
  BadgeUid uid(const char* text) { return *BadgeUid::parse(text); }
};

}  // namespace

TEST_CASE("a known badge checks in and greets by first name", "[app]") {
  AppFixture f;
  REQUIRE(f.app.screen() == Screen::Attract);
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  CHECK(f.app.screen() == Screen::Greeting);
  const auto v = f.app.view(f.t);
  CHECK(v.first_name == "Marie");
  REQUIRE(v.check_in_time);
  CHECK(v.check_in_time->hour == 9);
  CHECK(v.check_in_time->minute == 30);
  CHECK(v.site_name == "Tiers-lieu de démonstration");
  // The visit and its event were committed before the greeting.
  CHECK(f.store.pending_count() == 1);
  CHECK(f.store.open_visit(1, f.t).has_value());
}

TEST_CASE("the next tap later the same day checks out and says how long", "[app]") {
  AppFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_badge(f.uid("04a1b2c3"), f.t + 2h + 15min);
  CHECK(f.app.screen() == Screen::Goodbye);
  CHECK(f.app.view(f.t).visit_minutes == 135);
  CHECK(f.store.pending_count() == 2);
  CHECK_FALSE(f.store.open_visit(1, f.t).has_value());
  // And the tap after that is a new visit.
  f.app.on_badge(f.uid("04A1B2C3"), f.t + 3h);
  CHECK(f.app.screen() == Screen::Greeting);
}

TEST_CASE("a second tap within the minimum visit is not a check-out", "[app]") {
  AppFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_badge(f.uid("04A1B2C3"), f.t + 20s);
  CHECK(f.app.screen() == Screen::AlreadyHere);
  CHECK(f.app.view(f.t).first_name == "Marie");
  CHECK(f.store.pending_count() == 1);
}

TEST_CASE("a visit left open yesterday does not turn today's tap into a check-out", "[app]") {
  AppFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_badge(f.uid("04A1B2C3"), f.t + 24h);
  CHECK(f.app.screen() == Screen::Greeting);
}

TEST_CASE("an evening visit past midnight is checked out the same", "[app]") {
  AppFixture f;
  const Instant evening = from_paris(2026, 3, 10, 22, 30);
  f.app.on_badge(f.uid("04A1B2C3"), evening);
  f.app.on_badge(f.uid("04A1B2C3"), evening + 2h);  // 00:30 the next day
  CHECK(f.app.screen() == Screen::Goodbye);
  CHECK(f.app.view(evening).visit_minutes == 120);
}

TEST_CASE("unknown and revoked badges get the kind message, and nothing is recorded", "[app]") {
  AppFixture f;
  f.app.on_badge(f.uid("DEADBEEF"), f.t);
  CHECK(f.app.screen() == Screen::UnknownBadge);
  CHECK(f.app.view(f.t).first_name.empty());
  f.app.on_badge(f.uid("0BADBADB"), f.t);
  CHECK(f.app.screen() == Screen::UnknownBadge);
  CHECK(f.store.pending_count() == 0);
}

TEST_CASE("unreadable reader text is ignored", "[app]") {
  AppFixture f;
  f.app.on_badge_text("not a uid", f.t);
  f.app.on_badge_text("04A1B2", f.t);  // 3 bytes
  CHECK(f.app.screen() == Screen::Attract);
  CHECK(f.store.pending_count() == 0);
}

TEST_CASE("walk-in button counts a walk-in", "[app]") {
  AppFixture f;
  f.app.on_action(UiAction::WalkIn, f.t);
  CHECK(f.app.screen() == Screen::WalkIn);
  const auto events = f.store.pending_events(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == sync::EventType::WalkIn);
  CHECK_FALSE(events[0].member_id.has_value());
}

TEST_CASE("idle timeout returns to attract with nothing personal left", "[app]") {
  AppFixture f;
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  f.app.on_action(UiAction::ToggleLanguage, f.t + 5s);
  REQUIRE(f.app.next_deadline() == f.t + 5s + 20s);
  CHECK_FALSE(f.app.on_tick(f.t + 24s));
  CHECK(f.app.screen() == Screen::Greeting);
  CHECK(f.app.on_tick(f.t + 25s));
  CHECK(f.app.screen() == Screen::Attract);
  const auto v = f.app.view(f.t + 25s);
  CHECK(v.first_name.empty());
  CHECK_FALSE(v.check_in_time.has_value());
  CHECK(v.language == Language::French);
  CHECK_FALSE(f.app.next_deadline().has_value());  // nothing to wake up for
}

TEST_CASE("reader health reaches the view, with its detail for animator mode", "[app]") {
  AppFixture f;
  f.app.set_reader_health(ReaderHealth::Unavailable, "no reader at pn532_uart:/dev/ttyAMA0; retrying");
  auto v = f.app.view(f.t);
  CHECK(v.reader == ReaderHealth::Unavailable);
  CHECK(v.reader_detail == "no reader at pn532_uart:/dev/ttyAMA0; retrying");
  f.app.set_reader_health(ReaderHealth::Ok, "reader ready");
  CHECK(f.app.view(f.t).reader == ReaderHealth::Ok);
}

TEST_CASE("home button and language toggle", "[app]") {
  AppFixture f;
  f.app.on_action(UiAction::ToggleLanguage, f.t);
  CHECK(f.app.view(f.t).language == Language::English);
  f.app.on_badge(f.uid("04D5E6F708A1B2"), f.t);
  f.app.on_action(UiAction::Home, f.t);
  CHECK(f.app.screen() == Screen::Attract);
  CHECK(f.app.view(f.t).language == Language::French);
}

TEST_CASE("a storage failure is told, not greeted", "[app]") {
  AppFixture f;
  // Make writes fail: the outbox table disappears under the app's feet.
  f.store.database().exec("DROP TABLE outbox");
  f.app.on_badge(f.uid("04A1B2C3"), f.t);
  CHECK(f.app.screen() == Screen::Attract);
  CHECK_FALSE(f.app.view(f.t).last_error.empty());
  // Nothing half-written: the visit insert was rolled back with the failed event.
  auto st = f.store.database().prepare("SELECT COUNT(*) FROM visits");
  st.step();
  CHECK(st.int64(0) == 0);
}

TEST_CASE("préparation: a kiosk that was never enrolled (offline, or a configured token) never enters it", "[app]") {
  AppFixture f;
  CHECK_FALSE(f.app.preparing());
  CHECK_FALSE(f.store.first_pull_pending());
  CHECK_FALSE(f.app.view(f.t).preparation.active);
  f.app.on_badge(f.uid("DEADBEEF"), f.t);  // an unknown badge is told at once, as before
  CHECK(f.app.screen() == Screen::UnknownBadge);
  CHECK(f.store.early_tap_count() == 0);
  f.app.on_action(UiAction::Home, f.t);
  CHECK(f.app.screen() == Screen::Attract);
  f.app.set_sync_trouble(true);  // a failing sync shows nothing to visitors outside préparation
  CHECK_FALSE(f.app.view(f.t).preparation.server_trouble);
}

TEST_CASE("préparation: a storage failure while noting a tap is told, not hidden", "[app]") {
  testing::TempFolder dir("escale-app");
  LocalStore store(dir / "kiosk.db");
  store.save_enrolment_awaiting_first_pull({"http://127.0.0.1:8080", "esk_x", 3, "entrée", 1, "Tiers-lieu", now()});
  KioskApp app(store, KioskSettings{});
  REQUIRE(app.screen() == Screen::Preparing);
  store.database().exec("DROP TABLE early_taps");
  const Instant t = from_paris(2026, 3, 10, 9, 30);
  app.on_badge(*BadgeUid::parse("04A1B2C3"), t);
  CHECK(app.screen() == Screen::Preparing);
  CHECK_FALSE(app.view(t).last_error.empty());
  CHECK_FALSE(app.view(t).preparation.tap_noted);
}

TEST_CASE(
    "one membership for the network: a member of another site is greeted and one restricted elsewhere is "
    "told where to go with nothing recorded",
    "[app][network]") {
  AppFixture f;
  sync::SyncResponse r;
  r.server_time = now();
  r.cursor = 11;
  sync::MemberRecord paul{7, "Paul", "", {Role::Member}, true, std::nullopt};
  paul.home_site_id = 2;
  sync::MemberRecord ines{8, "Inès", "R.", {Role::Member}, true, std::nullopt};
  ines.home_site_id = 2;
  ines.sites = std::vector<std::int64_t>{2, 3};
  r.members = {paul, ines};
  r.badges = {{"04C0FFEE", 7, false}, {"04C0FFEF", 8, false}};
  r.network_sites = {{1, "Tiers-lieu de démonstration"}, {2, "Télécentre de Rochechouart"}, {3, "Tiers-lieu d’Aixe"}};
  f.store.apply(r);

  f.app.on_badge(f.uid("04C0FFEE"), f.t);
  CHECK(f.app.screen() == Screen::Greeting);
  CHECK(f.app.view(f.t).first_name == "Paul");
  CHECK(f.store.pending_count() == 1);

  f.app.on_badge(f.uid("04C0FFEF"), f.t + 1min);
  CHECK(f.app.screen() == Screen::NotHere);
  const auto v = f.app.view(f.t + 1min);
  CHECK(v.first_name == "Inès");
  CHECK(v.allowed_sites == std::vector<std::string>{"Télécentre de Rochechouart", "Tiers-lieu d’Aixe"});
  CHECK(f.store.pending_count() == 1);  // no visit, no event
  CHECK_FALSE(f.store.open_visit(8, f.t + 1min));
  // Back at the attract screen, nothing of her stays.
  f.app.on_tick(f.t + 5min);
  CHECK(f.app.screen() == Screen::Attract);
  CHECK(f.app.view(f.t + 5min).allowed_sites.empty());

  // Allowed here again (the list now names this site): greeted and recorded.
  ines.sites = std::vector<std::int64_t>{1, 2};
  r.members = {ines};
  r.badges.clear();
  r.network_sites.clear();
  r.cursor = 12;
  f.store.apply(r);
  f.app.on_badge(f.uid("04C0FFEF"), f.t + 10min);
  CHECK(f.app.screen() == Screen::Greeting);
  CHECK(f.store.pending_count() == 2);
}
