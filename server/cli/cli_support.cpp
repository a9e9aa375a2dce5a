#include "cli/cli_support.hpp"

#include <cstdio>

namespace escale::server::cli {

std::optional<Instant> parse_cli_time(const std::string& text) {
  if (auto t = parse_iso_utc(text)) return t;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  char sep = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &extra) != 6) return std::nullopt;
  if ((sep != ' ' && sep != 'T') || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59)
    return std::nullopt;
  return from_paris(y, mo, d, h, mi);
}

std::string paris_text(Instant t) {
  const LocalTime l = to_paris(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
  return buf;
}

std::optional<int> parse_clock(const std::string& text) {
  int h = 0, m = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &extra) != 2) return std::nullopt;
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

}  // namespace escale::server::cli
