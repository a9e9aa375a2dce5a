// A person the kiosk has on screen: the member who badged, the animator, or
// the member an animator acts for. Held only by the flows (app/*_flow.hpp,
// app/animator_session.hpp), and forgotten with them.
#pragma once

#include <cstdint>
#include <string>

namespace escale::kiosk {

struct Person {
  std::int64_t id = 0;
  std::string first_name;
  std::string last_name;
  std::string full_name() const { return first_name + " " + last_name; }
};

}  // namespace escale::kiosk
