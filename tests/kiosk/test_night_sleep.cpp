// Night: the screen sleeps outside opening hours, with margins, and wakes for
// two minutes on a touch or a badge (and the badge is still recorded).
#include <catch2/catch.hpp>

#include "app/kiosk_app.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

KioskSettings sleepy(std::chrono::minutes margin = 15min) {
  KioskSettings s;
  s.sleep_outside_hours = true;
  s.sleep_margin = margin;
  return s;
}

struct Night {
  explicit Night(std::string hours = "Mo-Fr 08:30-18:00; PH off", KioskSettings s = sleepy())
      : app(store, std::move(s)) {
    auto sync = testing::first_sync();
    sync.site->opening_hours = std::move(hours);
    store.apply(sync);
    app.refresh_site();
  }
  testing::TempFolder dir{"escale-night"};
  LocalStore store{dir / "kiosk.db"};
  KioskApp app;
};

Instant paris(int month, int day, int hour, int minute, int second = 0) {
  return from_paris(2026, month, day, hour, minute) + std::chrono::seconds(second);
}

}  // namespace

TEST_CASE("asleep before opening and after closing, with the margins", "[sleep]") {
  Night n;
  // Tuesday 10 March 2026: open 08:30-18:00.
  CHECK(n.app.asleep(paris(3, 10, 3, 0)));
  CHECK(n.app.asleep(paris(3, 10, 8, 14, 59)));
  CHECK_FALSE(n.app.asleep(paris(3, 10, 8, 15)));  // 15 min before opening
  CHECK_FALSE(n.app.asleep(paris(3, 10, 12, 0)));
  CHECK_FALSE(n.app.asleep(paris(3, 10, 18, 14, 59)));
  CHECK(n.app.asleep(paris(3, 10, 18, 15)));  // closed for 15 min
  CHECK(n.app.asleep(paris(3, 10, 23, 0)));
  CHECK(n.app.asleep(paris(3, 14, 12, 0)));  // Saturday: closed all day
  CHECK(n.app.view(paris(3, 10, 23, 0)).asleep);
  CHECK_FALSE(n.app.view(paris(3, 10, 12, 0)).asleep);
}

TEST_CASE("the margin is configurable", "[sleep]") {
  Night none("Mo-Fr 08:30-18:00", sleepy(0min));
  CHECK(none.app.asleep(paris(3, 10, 18, 0)));
  CHECK_FALSE(none.app.asleep(paris(3, 10, 17, 59)));
  CHECK_FALSE(none.app.asleep(paris(3, 10, 8, 30)));
  CHECK(none.app.asleep(paris(3, 10, 8, 29)));
  Night hour("Mo-Fr 08:30-18:00", sleepy(60min));
  CHECK_FALSE(hour.app.asleep(paris(3, 10, 7, 30)));
  CHECK(hour.app.asleep(paris(3, 10, 7, 29)));
  CHECK_FALSE(hour.app.asleep(paris(3, 10, 18, 59)));
  CHECK(hour.app.asleep(paris(3, 10, 19, 0)));
}

TEST_CASE("a touch at night wakes the screen for two minutes", "[sleep]") {
  Night n;
  const Instant night = paris(3, 10, 23, 0);
  REQUIRE(n.app.asleep(night));
  n.app.on_touch(night);
  CHECK_FALSE(n.app.asleep(night));
  CHECK_FALSE(n.app.asleep(night + 119s));
  CHECK(n.app.asleep(night + 2min));
  // A tap on a button counts as a touch too.
  n.app.on_action(UiAction::ToggleLanguage, night + 5min);
  CHECK_FALSE(n.app.asleep(night + 6min));
}

TEST_CASE("a badge at night is recorded and wakes the screen", "[sleep]") {
  Night n;
  const Instant evening = paris(3, 10, 17, 0);
  n.app.on_badge(*BadgeUid::parse("04A1B2C3"), evening);
  REQUIRE(n.app.screen() == Screen::Greeting);
  const Instant late = paris(3, 10, 21, 30);  // left late: the check-out must work
  REQUIRE(n.app.asleep(late));
  n.app.on_badge(*BadgeUid::parse("04A1B2C3"), late);
  CHECK(n.app.screen() == Screen::Goodbye);
  CHECK_FALSE(n.app.asleep(late));
  CHECK(n.store.pending_count() == 2);
  CHECK_FALSE(n.store.open_visit(1, late));
  CHECK(n.app.asleep(late + 2min));
}

TEST_CASE("sleep follows Paris time across daylight saving changes", "[sleep]") {
  Night n("Mo-Su 08:30-18:00");
  // Sunday 29 March 2026: clocks go from 02:00 to 03:00.
  CHECK(n.app.asleep(paris(3, 29, 1, 30)));
  CHECK(n.app.asleep(paris(3, 29, 3, 30)));
  CHECK(n.app.asleep(paris(3, 29, 8, 14)));
  CHECK_FALSE(n.app.asleep(paris(3, 29, 8, 15)));
  CHECK(n.app.asleep(paris(3, 29, 18, 15)));
  // Sunday 25 October 2026: 03:00 back to 02:00.
  CHECK(n.app.asleep(paris(10, 25, 8, 14)));
  CHECK_FALSE(n.app.asleep(paris(10, 25, 8, 15)));
  CHECK_FALSE(n.app.asleep(paris(10, 25, 18, 14)));
  CHECK(n.app.asleep(paris(10, 25, 18, 15)));
}

TEST_CASE("public holidays sleep when the hours say PH off", "[sleep]") {
  Night off("Mo-Fr 08:30-18:00; PH off");
  CHECK(off.app.asleep(paris(5, 1, 10, 0)));  // Friday 1 May: Fête du travail
  CHECK_FALSE(off.app.asleep(paris(5, 4, 10, 0)));
  Night open("Mo-Fr 08:30-18:00");  // no PH rule: a holiday is a day like the others
  CHECK_FALSE(open.app.asleep(paris(5, 1, 10, 0)));
}

TEST_CASE("never asleep without hours, when turned off, or before enrolment", "[sleep]") {
  testing::TempFolder dir("escale-night");
  LocalStore store(dir / "k.db");  // no sync yet: no opening hours
  KioskApp app(store, sleepy());
  CHECK_FALSE(app.asleep(paris(3, 10, 23, 0)));

  KioskSettings off = sleepy();
  off.sleep_outside_hours = false;
  Night awake("Mo-Fr 08:30-18:00", off);
  CHECK_FALSE(awake.app.asleep(paris(3, 10, 23, 0)));

  Night first_run;
  first_run.app.require_enrolment("http://127.0.0.1:8080", paris(3, 10, 23, 0));
  CHECK_FALSE(first_run.app.asleep(paris(3, 10, 23, 0)));  // the installer works at any hour

  Night unreadable("not hours at all");
  CHECK_FALSE(unreadable.app.asleep(paris(3, 10, 23, 0)));
}
