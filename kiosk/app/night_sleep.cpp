// Night sleep (see app/night_sleep.hpp).
#include "app/night_sleep.hpp"

namespace escale::kiosk {

bool NightSleep::asleep(Instant at, const std::optional<OpeningHours>& hours, const KioskSettings& settings) const {
  if (!settings.sleep_outside_hours || !hours) return false;
  if (last_interaction && at - *last_interaction < settings.wake_for) return false;
  // Closed now, for the last `sleep_margin` and for the next: minute by minute
  // (opening hours are in minutes; a Paris minute is a UTC minute).
  const auto margin = settings.sleep_margin;
  for (auto d = -margin; d <= margin; d += std::chrono::minutes(1)) {
    if (hours->is_open(at + d)) return false;
  }
  return true;
}

}  // namespace escale::kiosk
