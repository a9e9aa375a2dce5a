// A member (adhérent) is a person known by name. Optional contact details;
// a home commune (INSEE code) and an age bracket for territorial statistics.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace escale {

enum class Role { Member, Animator, Mediator, Admin };
std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

// Age brackets used by the national digital-mediation statistics.
enum class AgeBracket { Unknown, Under12, From12To18, From18To35, From35To60, From60To70, Over70 };
std::string_view to_string(AgeBracket a);
std::optional<AgeBracket> parse_age_bracket(std::string_view s);
// Every bracket, « Non renseigné » first; and each one's French label (« 18 à 35 ans »).
std::span<const AgeBracket> age_brackets();
std::string_view age_bracket_label(AgeBracket a);

// Roles as stored in a text column: "member,animator". An empty list reads
// "member"; unknown names are skipped when reading.
std::string roles_to_text(const std::vector<Role>& roles);
std::vector<Role> roles_from_text(const std::string& text);

struct Member {
  std::int64_t id = 0;
  std::int64_t site_id = 0;  // the site where the member enrolled; its kiosks know them
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> home_commune;  // INSEE code, 5 characters
  AgeBracket age_bracket = AgeBracket::Unknown;
  std::vector<Role> roles{Role::Member};

  // « Marie D. » — how a name is shown at the kiosk (first name + initial).
  std::string display_name() const;
  bool has_role(Role r) const;
};

// An INSEE commune code: 5 characters, digits, or 2A/2B for Corsica.
bool is_valid_insee_code(std::string_view code);

// Checks a member's fields; returns a French message saying what to fix, or nullopt.
std::optional<std::string> validate(const Member& m);

// A field to fix: its name as forms and the API call it ("first_name", "home_commune"…) and the
// French message. validate() says the message of the first problem() — for forms that mark the field.
struct FieldProblem {
  std::string field;
  std::string message;
};
std::optional<FieldProblem> problem(const Member& m);

}  // namespace escale
