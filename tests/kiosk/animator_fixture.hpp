// A kiosk after the booking sync, with Agnès, the site's animator (badge
// 5E6F7081, PIN 2468), on Monday 9 March 2026 at 10:00: the set-up the
// animator-mode tests share, driven through KioskApp against a real store.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "app/kiosk_app.hpp"
#include "auth/pin.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

namespace escale::kiosk::testing {

// Hashing is slow on purpose: once per test binary.
inline const std::string& agnes_pin_hash() {
  static const std::string hash = *hash_pin("2468");
  return hash;
}

struct AnimatorDesk {
  TempFolder dir;
  LocalStore store;
  std::optional<KioskApp> app;
  Instant t = from_paris(2026, 3, 9, 10, 0);  // Monday 9 March 2026, 10:00

  explicit AnimatorDesk(const std::string& folder) : dir(folder), store(dir / "kiosk.db") {
    store.apply(booking_sync(agnes_pin_hash()));
    app.emplace(store, KioskSettings{});
    app->refresh(t);
  }
  static BadgeUid uid(const char* text) { return *BadgeUid::parse(text); }
  KioskView view() const { return app->view(t); }
  void act(UiAction a) { app->on_action(std::move(a), t); }
  std::vector<sync::Event> events(sync::EventType type) {
    auto all = store.pending_events(1000);
    std::erase_if(all, [&](const sync::Event& e) { return e.type != type; });
    return all;
  }
  // Agnès's badge, then her PIN: the animator's home.
  void open_animator_mode() {
    app->on_badge(uid("5E6F7081"), t);
    REQUIRE(app->screen() == Screen::AnimatorPin);
    act({Act::PinSubmit, -1, "2468"});
    REQUIRE(app->screen() == Screen::AnimatorHome);
  }
};

}  // namespace escale::kiosk::testing
