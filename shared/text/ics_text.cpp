// iCalendar text: cleaning, escaping, folding. See ics_text.hpp.
#include "text/ics_text.hpp"

namespace escale {

std::string ics_clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n' || c == '\t') {
      out += c;
    } else if ((static_cast<unsigned char>(c) < 0x20) || c == '\x7f') {
      continue;
    } else {
      out += c;
    }
  }
  return out;
}

std::string ics_escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char c : ics_clean_text(text)) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

std::string ics_folded_line(std::string_view line) {
  constexpr std::size_t kMaxOctets = 75;
  std::string out;
  std::size_t limit = kMaxOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    // Step back over continuation bytes (10xxxxxx) to a character's start.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = limit;  // not UTF-8: cut anywhere
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxOctets - 1;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
  return out;
}

}  // namespace escale
