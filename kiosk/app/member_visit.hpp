// The member who badged and what their tap did: the check-in (and the
// booking it checked in on), the check-out, or « déjà là », with their
// bookings today and the refusals to tell them. Forgotten with the person
// (`visit_ = MemberVisit{}`).
#pragma once

#include <optional>
#include <vector>

#include "app/kiosk_view.hpp"
#include "app/person.hpp"

namespace escale::kiosk {

struct MemberVisit {
  std::optional<Person> member;
  std::optional<Instant> check_in;   // Greeting, AlreadyHere
  std::optional<int> visit_minutes;  // Goodbye
  std::vector<BookingLine> today_bookings;
  std::optional<BookingLine> checked_in_on;
  std::vector<BookingLine> refused;        // refused since the member last badged
  std::vector<std::string> allowed_sites;  // NotHere: the sites their membership includes, by name

  void show_in(KioskView& v) const {
    if (check_in) v.check_in_time = to_paris(*check_in);
    v.visit_minutes = visit_minutes;
    v.today_bookings = today_bookings;
    v.checked_in_on = checked_in_on;
    v.refused = refused;
    v.allowed_sites = allowed_sites;
  }
};

}  // namespace escale::kiosk
