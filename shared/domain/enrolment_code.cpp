// Enrolment codes: the one reading of a typed code, and its printed form.
#include "domain/enrolment_code.hpp"

#include <algorithm>

namespace escale {
namespace {

// The length in bytes of the UTF-8 sequence starting with `lead`.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

CodeCheck check_enrolment_code(std::string_view typed) {
  CodeCheck c;
  for (std::size_t i = 0; i < typed.size();) {
    const auto lead = static_cast<unsigned char>(typed[i]);
    const std::size_t n = std::min(sequence_length(lead), typed.size() - i);
    const std::string_view one = typed.substr(i, n);
    i += n;
    if (one == " " || one == "-" || one == "\t" || one == "\u202F" || one == "\u00A0" || one == "\u2011" ||
        one == "\u2013") {
      continue;
    }
    char ch = one.size() == 1 ? one[0] : '\0';
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch == '\0' || kEnrolmentAlphabet.find(ch) == std::string_view::npos) {
      if (c.problem != CodeProblem::BadCharacter) {
        c.problem = CodeProblem::BadCharacter;
        c.bad_character = ch >= 'A' && ch <= 'Z' ? std::string(1, ch) : std::string(one);
      }
      continue;
    }
    c.code += ch;
  }
  if (c.problem == CodeProblem::BadCharacter) return c;
  if (c.code.empty()) {
    c.problem = CodeProblem::Empty;
  } else if (c.code.size() < kEnrolmentCodeLength) {
    c.problem = CodeProblem::TooShort;
  } else if (c.code.size() > kEnrolmentCodeLength) {
    c.problem = CodeProblem::TooLong;
  }
  return c;
}

std::string format_enrolment_code(std::string_view normalised) {
  std::string out(normalised.substr(0, 5));
  if (normalised.size() > 5) {
    out += '-';
    out += normalised.substr(5);
  }
  return out;
}

}  // namespace escale
