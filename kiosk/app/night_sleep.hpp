// Night: the screen sleeps when the site has been closed for a while, opens
// not soon, and nobody touched or badged lately (KioskSettings::sleep_*).
#pragma once

#include <optional>

#include "app/kiosk_view.hpp"
#include "domain/opening_hours.hpp"

namespace escale::kiosk {

struct NightSleep {
  std::optional<Instant> last_interaction;  // the last touch or badge (wakes the screen)

  // Closed now, for the last `sleep_margin` and for the next, nobody around
  // for `wake_for`: asleep. Without known opening hours, never.
  bool asleep(Instant at, const std::optional<OpeningHours>& hours, const KioskSettings& settings) const;
};

}  // namespace escale::kiosk
