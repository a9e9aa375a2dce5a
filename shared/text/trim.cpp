// Trimming. See trim.hpp.
#include "text/trim.hpp"

namespace escale::text {

std::string_view trim(std::string_view s, std::string_view blanks) {
  const auto first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos) return s.substr(s.size());
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

bool is_blank(std::string_view s, std::string_view blanks) {
  return s.find_first_not_of(blanks) == std::string_view::npos;
}

}  // namespace escale::text
