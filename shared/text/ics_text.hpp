// iCalendar text (RFC 5545), shared by the server's feeds (written with
// libical, whose X- properties and folding need help) and the kiosk's help
// ticket (a few lines written by hand, no libical on the kiosk).
#pragma once

#include <string>
#include <string_view>

namespace escale {

// Text as a TEXT value may hold it: CR LF and a lone CR become LF, tabs and
// newlines kept, other control characters (U+0000–U+001F, U+007F) dropped.
std::string ics_clean_text(std::string_view text);

// A TEXT value escaped as §3.3.11 says (\\ \; \, \n), after ics_clean_text.
std::string ics_escape_text(std::string_view text);

// A content line with its CRLF, folded as §3.1 says: physical lines of at
// most 75 octets, continuation lines starting with a space (which counts),
// never cut inside a UTF-8 sequence (bytes that are not UTF-8: anywhere).
std::string ics_folded_line(std::string_view line);

}  // namespace escale
