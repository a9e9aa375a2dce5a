// Text from outside (a login typed in a form, a request's path, a kiosk's
// name, a reason a client sent) as it may appear in a log line: on one line,
// printable, bounded. Without this, a login such as
// "x\n[info] web: claire logged in from 10.0.0.1" writes a second, forged
// line in the server's log, and a terminal reading the journal obeys escape
// sequences hidden in a name.
//
// Control characters (U+0000–U+001F, U+007F and U+0080–U+009F) are shown as
// \n, \r, \t or \xNN (\u0085 for the C1 ones); a backslash is doubled, so an
// escaped line can never pass for an unescaped one; bytes that are not
// UTF-8 are shown as \xNN; the Unicode line and paragraph separators and
// the bidirectional controls (which can make a line read backwards) as \uNNNN.
// Other UTF-8 (accents, « ») passes as it is. The result is cut to
// `max_chars` characters of input, with « … » appended when cut.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escale {

inline constexpr std::size_t kLogTextMax = 120;

std::string log_text(std::string_view text, std::size_t max_chars = kLogTextMax);

}  // namespace escale
