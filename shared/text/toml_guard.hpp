// A pre-check of a TOML file before toml++ reads it (server.toml, kiosk.toml).
//
// Bookworm's toml++ 3.3.0 reaches undefined behaviour (a __builtin_unreachable
// in is_non_ascii_horizontal_whitespace, upstream issues #190/#295) when it
// asks whether a non-ASCII character is whitespace. It asks that of any
// character outside a string (`name = é`, `é = 1`, `a = 1é`), of those a
// value starting with a digit or a sign runs into up to its end, quotes or
// not (`a =0["é"]`), and, in a multi-line basic string, of the character
// after a backslash (`"""\é"""`) and of the first one after a line-ending
// backslash (`"""a\⏎  é"""`). The code points from U+00A1 to U+0499 (every
// accented letter of French), U+2C5E to U+3057 (but U+3000) and U+FB26 to
// U+FEFE do it.
//
// So the text is scanned first, conservatively: it must be valid UTF-8, and
// non-ASCII characters may stand only inside strings and comments, never in
// reach of a number's scan, right after a backslash nor first on a line
// continued by one. Anything else is refused with its line and what to do
// before toml++ sees it. fuzz/server_config and fuzz/kiosk_config run the
// readers with toml++ instrumented by UBSan to check that nothing gets by.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace escale::toml_guard {

// What would send toml++ into undefined behaviour, as "line 12: …"; nullopt
// when toml++ may read the text (it still checks the TOML itself).
std::optional<std::string> problem(std::string_view text);

// The same for a file: an error "<path>:12: …". A file that cannot be read
// passes: toml++ then says so itself.
Result<bool> check_file(const std::filesystem::path& path);

}  // namespace escale::toml_guard
