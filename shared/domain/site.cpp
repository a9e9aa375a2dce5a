// Site validation: what an animator must fix before a site can be saved.
#include "domain/site.hpp"

#include <algorithm>

#include "domain/member.hpp"
#include "domain/opening_hours.hpp"
#include "text/trim.hpp"

namespace escale {

using text::is_blank;

std::string_view resource_kind_name(ResourceKind k) {
  return k == ResourceKind::Desk ? "desk" : "visio_room";
}

std::optional<ResourceKind> parse_resource_kind(std::string_view text) {
  if (text == "desk") return ResourceKind::Desk;
  if (text == "visio_room") return ResourceKind::VisioRoom;
  return std::nullopt;
}

std::optional<FieldProblem> problem(const Site& s) {
  if (is_blank(s.name)) return FieldProblem{"name", "Le nom du lieu est obligatoire."};
  if (!is_valid_insee_code(s.insee_code)) {
    return FieldProblem{"insee_code",
                        "Le code commune du lieu doit être un code INSEE à 5 caractères, par exemple 21231."};
  }
  std::string error;
  if (!OpeningHours::parse(s.opening_hours, &error)) {
    return FieldProblem{"opening_hours", "Horaires d’ouverture à corriger\u202F: " + error};
  }
  return std::nullopt;
}

std::optional<std::string> validate(const Site& s) {
  if (auto p = problem(s)) return std::move(p->message);
  return std::nullopt;
}

}  // namespace escale
