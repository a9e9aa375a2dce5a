// Kiosk enrolment codes, as both programs read them: « escale-server kiosk
// add » prints one, the installer types it on the kiosk, the server checks it.
// 10 characters from an alphabet without I, O, 0 or 1 (50 bits), printed as
// two groups of five; case, spaces and dashes do not matter.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escale {

// The code's alphabet: no I, O, 0 or 1, which are easily confused.
inline constexpr std::string_view kEnrolmentAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t kEnrolmentCodeLength = 10;

// A typed code read as the server reads it: upper case, spaces and dashes
// dropped; then its length and alphabet checked.
enum class CodeProblem { None, Empty, TooShort, TooLong, BadCharacter };
struct CodeCheck {
  std::string code;  // normalised (what could be read of it)
  CodeProblem problem = CodeProblem::None;
  std::string bad_character;  // BadCharacter: the first one, as typed (« O », « 1 », « é »)
};
CodeCheck check_enrolment_code(std::string_view typed);
// « K7QF2-M9XDA »: two groups of five, as printed (a shorter text as far as it goes).
std::string format_enrolment_code(std::string_view normalised);

}  // namespace escale
