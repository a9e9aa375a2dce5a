// Night, through the real loop (KioskRuntime::turn, headless: the offscreen
// driver has no native event wait, like kmsdrm on a Pi): a sleeping kiosk
// draws nothing and looks at its input seldom, yet a badge wakes it at once
// and a touch still wakes it.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "kiosk_fixture.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "support/wait_until.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

KioskConfig night_config(const testing::TempFolder& dir) {
  KioskConfig c;
  c.headless = true;
  c.database = dir / "kiosk.db";
  c.script = dir / "script";  // script mode: awake until « night-sleep on »
  return c;
}

void run(KioskRuntime& kiosk, const testing::TempFolder& dir, const std::string& lines) {
  const auto path = dir / "step.kscript";
  std::ofstream(path) << lines;
  INFO(lines);
  REQUIRE(kiosk.run_script(path) == 0);
}

// A kiosk asleep on a Tuesday at 23:00 (open Mo-Fr 08:30-18:00).
struct SleepingKiosk {
  SleepingKiosk() {
    {
      LocalStore store(dir / "kiosk.db");
      store.apply(testing::first_sync());
    }
    kiosk = std::make_unique<KioskRuntime>(night_config(dir));
    run(*kiosk, dir, "clock next Tu 23:00\nnight-sleep on\nexpect-asleep\n");
    kiosk->turn(1ms);
    REQUIRE(kiosk->screen_asleep());
  }
  testing::TempFolder dir{"escale-night-loop"};
  std::unique_ptr<KioskRuntime> kiosk;
};

}  // namespace

TEST_CASE("a sleeping kiosk draws no frame and looks at its input every 250 ms, not every 30", "[sleep]") {
  SleepingKiosk night;
  KioskRuntime& kiosk = *night.kiosk;
  const auto before = kiosk.counters();
  constexpr int kTurns = 3;
  for (int i = 0; i < kTurns; ++i) {
    // At most 600 ms each: polling every 250 ms, the input is looked at no
    // more than 4 times (at 0, 250, 500 and the end); every 30 ms, ~21.
    const auto turn = kiosk.turn(600ms);
    CHECK_FALSE(turn.event);
  }
  const auto& after = kiosk.counters();
  CHECK(after.turns - before.turns == kTurns);
  CHECK(after.frames == before.frames);
  CHECK(after.input_polls - before.input_polls <= 4 * kTurns);
  CHECK(after.input_polls - before.input_polls >= kTurns);
  CHECK(after.waits_signalled == before.waits_signalled);
  CHECK(kiosk.screen_asleep());
}

TEST_CASE("a badge wakes a sleeping loop at once, and the greeting is drawn", "[sleep]") {
  SleepingKiosk night;
  KioskRuntime& kiosk = *night.kiosk;
  const auto before = kiosk.counters();
  // The reader thread hands the UID over while the loop waits: the loop is
  // signalled, it does not wait for its next look at the input.
  std::thread reader([&] {
    if (escale::tests::wait_until([&] { return kiosk.waiting(); })) kiosk.deliver_badge("04A1B2C3");
  });
  const auto turn = kiosk.turn(60s);
  reader.join();
  CHECK(turn.event);
  CHECK(kiosk.counters().waits_signalled == before.waits_signalled + 1);
  CHECK(kiosk.counters().frames == before.frames);  // handled, not yet drawn
  CHECK(kiosk.app().screen() == Screen::Greeting);
  // The next turn lights the screen and draws the greeting.
  kiosk.turn(1ms);
  CHECK_FALSE(kiosk.screen_asleep());
  CHECK(kiosk.counters().frames > before.frames);
  CHECK(kiosk.frontend().last_frame().contains_text("Bonjour Marie"));
}

TEST_CASE("a touch still wakes a sleeping loop, and taps nothing", "[sleep]") {
  SleepingKiosk night;
  KioskRuntime& kiosk = *night.kiosk;
  const auto before = kiosk.counters();
  for (Uint32 type : {SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP}) {
    SDL_Event e{};
    e.type = type;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = 400;
    e.button.y = 300;
    REQUIRE(SDL_PushEvent(&e) == 1);
  }
  const auto turn = kiosk.turn(60s);
  CHECK(turn.event);
  CHECK(kiosk.counters().frames == before.frames);
  kiosk.turn(1ms);
  CHECK_FALSE(kiosk.screen_asleep());
  CHECK(kiosk.counters().frames > before.frames);
  CHECK(kiosk.app().screen() == Screen::Attract);
}
