// Trimming: the one copy of what badge.cpp, member.cpp, opening_hours.cpp,
// agenda.cpp, the web forms and the kiosk's script and reader each wrote.
#pragma once

#include <string_view>

namespace escale::text {

// The white space a person or a line-based file leaves around a value.
inline constexpr std::string_view kBlanks = " \t\r\n";

// `s` without the characters of `blanks` at either end (a view into `s`).
std::string_view trim(std::string_view s, std::string_view blanks = kBlanks);

// Empty, or nothing but `blanks`.
bool is_blank(std::string_view s, std::string_view blanks = kBlanks);

}  // namespace escale::text
