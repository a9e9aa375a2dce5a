// A site is a tiers-lieu, télécentre or France Services space: a name, an
// address, an INSEE commune code and opening hours.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/member.hpp"  // FieldProblem

namespace escale {

struct Site {
  std::int64_t id = 0;
  std::string name;
  std::string address;
  std::string insee_code;
  std::string opening_hours;  // OSM syntax, validated by OpeningHours::parse
};

// Returns a French message saying what to fix, or nullopt when valid.
std::optional<std::string> validate(const Site& s);
// The same, with the field to fix ("name", "insee_code", "opening_hours"), for forms that mark it.
std::optional<FieldProblem> problem(const Site& s);

enum class ResourceKind { Desk, VisioRoom };
// As stored and exchanged: "desk", "visio_room".
std::string_view resource_kind_name(ResourceKind k);
std::optional<ResourceKind> parse_resource_kind(std::string_view text);

// A bookable resource of a site (bookings themselves come with the booking issue).
struct Resource {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
  ResourceKind kind = ResourceKind::Desk;
  std::string name;
  int capacity = 1;
  std::string features;  // e.g. « grand écran »
  // What staff gave in English (issue 15); empty: none, and a kiosk in
  // English shows the French words marked « (in French) ».
  std::string name_en{};      // e.g. "Desk 3"
  std::string features_en{};  // e.g. "large screen"
};

}  // namespace escale
