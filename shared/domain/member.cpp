// Members: role and age-bracket names, the kiosk display name, validation.
#include "domain/member.hpp"
#include "text/code_table.hpp"
#include "text/trim.hpp"
#include "text/utf8.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace escale {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames{{
    {Role::Member, "member"},
    {Role::Animator, "animator"},
    {Role::Mediator, "mediator"},
    {Role::Admin, "admin"},
}};

constexpr std::array<std::pair<AgeBracket, std::string_view>, 7> kAgeBracketNames{{
    {AgeBracket::Unknown, "unknown"},
    {AgeBracket::Under12, "under_12"},
    {AgeBracket::From12To18, "12_18"},
    {AgeBracket::From18To35, "18_35"},
    {AgeBracket::From35To60, "35_60"},
    {AgeBracket::From60To70, "60_70"},
    {AgeBracket::Over70, "over_70"},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

using text::trim;
using utf8::has_control_character;

// Bytes in the UTF-8 sequence that `lead` starts (1 for ASCII or a stray byte).
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

constexpr std::size_t kMaxNameBytes = 100;

// `subject` is the field as it starts a French sentence (« Le prénom »).
// French typography wants a narrow no-break space (U+202F) before a colon.
std::optional<std::string> check_name(std::string_view name, std::string_view subject) {
  if (trim(name).empty()) return std::string(subject) + " est obligatoire.";
  if (name.size() > kMaxNameBytes) {
    return std::string(subject) + " est trop long\u202F: 100 caractères au plus.";
  }
  if (has_control_character(name)) {
    return std::string(subject) + " contient un caractère invisible\u202F: retapez-le.";
  }
  return std::nullopt;
}

// Deliberately loose: something@domain.tld with no spaces. Whether the address
// works is only known by writing to it.
bool looks_like_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const bool has_space = std::any_of(email.begin(), email.end(),
                                     [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
  if (has_space) return false;
  const std::string_view domain = email.substr(at + 1);
  const auto dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() && domain.front() != '.' &&
         domain.find("..") == std::string_view::npos;
}

// French and international numbers: « 06 12 34 56 78 », « +33 6 12 34 56 78 ».
bool looks_like_phone(std::string_view phone) {
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_digit(c)) {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return false;
    } else if (c != ' ' && c != '.' && c != '-') {
      return false;
    }
  }
  return digits >= 10 && digits <= 15;
}

// An optional text field left blank counts as not given.
bool is_given(const std::optional<std::string>& field) {
  return field.has_value() && !trim(*field).empty();
}

}  // namespace

std::string_view to_string(Role r) {
  return code_of(kRoleNames, r);
}
std::optional<Role> parse_role(std::string_view s) {
  return parse_code(kRoleNames, s);
}

std::string_view to_string(AgeBracket a) {
  return code_of(kAgeBracketNames, a);
}
std::span<const AgeBracket> age_brackets() {
  static constexpr std::array kAll{AgeBracket::Unknown,    AgeBracket::Under12,    AgeBracket::From12To18,
                                   AgeBracket::From18To35, AgeBracket::From35To60, AgeBracket::From60To70,
                                   AgeBracket::Over70};
  return kAll;
}

std::string_view age_bracket_label(AgeBracket a) {
  switch (a) {
    case AgeBracket::Under12:
      return "Moins de 12 ans";
    case AgeBracket::From12To18:
      return "12 à 18 ans";
    case AgeBracket::From18To35:
      return "18 à 35 ans";
    case AgeBracket::From35To60:
      return "35 à 60 ans";
    case AgeBracket::From60To70:
      return "60 à 70 ans";
    case AgeBracket::Over70:
      return "70 ans et plus";
    case AgeBracket::Unknown:
      break;
  }
  return "Non renseigné";
}

std::optional<AgeBracket> parse_age_bracket(std::string_view s) {
  return parse_code(kAgeBracketNames, s);
}

std::string Member::display_name() const {
  std::string out(trim(first_name));
  const std::string_view last = trim(last_name);
  if (last.empty()) return out;
  // The whole first code point, so « Œuvray » gives « Œ. », not half a letter.
  const std::size_t initial_length =
      std::min(utf8_sequence_length(static_cast<unsigned char>(last.front())), last.size());
  out += ' ';
  out += last.substr(0, initial_length);
  out += '.';
  return out;
}

bool Member::has_role(Role r) const {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

bool is_valid_insee_code(std::string_view code) {
  if (code.size() != 5) return false;
  // Corsica's départements are 2A and 2B; every other code is five digits.
  const bool corsica = code[0] == '2' && (code[1] == 'A' || code[1] == 'B');
  const std::size_t digits_from = corsica ? 2 : 0;
  return std::all_of(code.begin() + static_cast<std::ptrdiff_t>(digits_from), code.end(), is_digit);
}

std::optional<FieldProblem> problem(const Member& m) {
  if (auto error = check_name(m.first_name, "Le prénom")) return FieldProblem{"first_name", *error};
  if (auto error = check_name(m.last_name, "Le nom de famille")) return FieldProblem{"last_name", *error};
  if (is_given(m.email) && !looks_like_email(*m.email)) {
    return FieldProblem{"email",
                        "L’adresse e-mail semble incomplète\u202F: elle doit ressembler à prenom.nom@exemple.fr."};
  }
  if (is_given(m.phone) && !looks_like_phone(*m.phone)) {
    return FieldProblem{"phone", "Le numéro de téléphone doit compter 10 à 15 chiffres, par exemple 06 12 34 56 78."};
  }
  if (is_given(m.home_commune) && !is_valid_insee_code(*m.home_commune)) {
    return FieldProblem{"home_commune", "Le code commune doit être un code INSEE à 5 caractères, par exemple 21231."};
  }
  return std::nullopt;
}

std::optional<std::string> validate(const Member& m) {
  if (auto p = problem(m)) return std::move(p->message);
  return std::nullopt;
}

std::string roles_to_text(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ',';
    out += to_string(r);
  }
  return out.empty() ? "member" : out;
}

std::vector<Role> roles_from_text(const std::string& text) {
  std::vector<Role> roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    if (auto r = parse_role(std::string_view(text).substr(start, comma - start))) roles.push_back(*r);
    start = comma + 1;
  }
  return roles;
}

}  // namespace escale
