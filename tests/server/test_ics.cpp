#include "calendar/ics.hpp"  // first: the header is self-contained

// iCalendar output: the calendar's structure, Paris wall-clock times with
// their TZID across daylight-saving changes, statuses, escaping, folding of
// long French lines without splitting a UTF-8 character, and an independent
// reading of the file by Debian's python3-icalendar.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace escale;
using namespace escale::server;

Instant at(const char* iso) {
  const auto t = parse_iso_utc(iso);
  REQUIRE(t.has_value());
  return *t;
}

CalendarEntry entry(std::string uid, const char* start, const char* end, std::string summary) {
  CalendarEntry e;
  e.uid = std::move(uid);
  e.start = at(start);
  e.end = at(end);
  e.summary = std::move(summary);
  e.location = "Tiers-lieu de Rieupeyroux, 2 place de la Mairie, 12240 Rieupeyroux";
  e.description = "Pour annuler : à la borne, ou auprès de l'animatrice.";
  e.last_modified = at("2027-01-05T16:20:00Z");
  return e;
}

// DTSTAMP of every calendar here.
Instant stamp() {
  return at("2027-01-10T08:30:15.250Z");
}

// The physical lines, without their CRLF. Fails the test on a bare LF or CR.
std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const std::size_t crlf = ics.find("\r\n", pos);
    REQUIRE(crlf != std::string::npos);  // the last line ends with CRLF too
    std::string line = ics.substr(pos, crlf - pos);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    lines.push_back(std::move(line));
    pos = crlf + 2;
  }
  return lines;
}

// Content lines: folded lines joined back (RFC 5545 §3.1).
std::vector<std::string> content_lines(const std::string& ics) {
  std::vector<std::string> out;
  for (const std::string& line : physical_lines(ics)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      REQUIRE(!out.empty());
      out.back() += line.substr(1);
    } else {
      out.push_back(line);
    }
  }
  return out;
}

std::size_t count(const std::vector<std::string>& lines, const std::string& wanted) {
  std::size_t n = 0;
  for (const auto& l : lines) n += (l == wanted) ? 1 : 0;
  return n;
}

// The content lines of the VEVENT whose UID is `uid`.
std::vector<std::string> event_lines(const std::vector<std::string>& lines, const std::string& uid) {
  std::vector<std::string> current;
  bool inside = false;
  for (const auto& l : lines) {
    if (l == "BEGIN:VEVENT") {
      inside = true;
      current.clear();
    } else if (l == "END:VEVENT") {
      inside = false;
      if (count(current, "UID:" + uid) == 1) return current;
    } else if (inside) {
      current.push_back(l);
    }
  }
  FAIL("no VEVENT with UID " << uid);
  return {};
}

// The value of the first property named `name` (with or without parameters).
std::string value_of(const std::vector<std::string>& lines, const std::string& name) {
  for (const auto& l : lines) {
    if (l.rfind(name + ":", 0) == 0 || l.rfind(name + ";", 0) == 0) {
      // Parameters here never contain ':' (TZID=Europe/Paris).
      return l.substr(l.find(':') + 1);
    }
  }
  FAIL("no property " << name);
  return {};
}

// TEXT unescaping (RFC 5545 §3.3.11).
std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      out += (next == 'n' || next == 'N') ? '\n' : next;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Is `s` well-formed UTF-8 on its own (no sequence cut at either end)?
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // a sequence cut at the end
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

const std::string kLongSummary =
    "« Bureau 3 — Tiers-lieu de Rieupeyroux », à l'étage, côté jardin ; réservé par Hélène "
    "Lefèvre-Géraud pour l'atelier « Numérique et ruralité » (élus, bénévoles, curieux) — "
    "prévoir sa rallonge électrique, merci ! Ça déménage : œuvre collective, Noël, été, "
    "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ««««»»»»€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€";

std::vector<CalendarEntry> sample_entries() {
  std::vector<CalendarEntry> entries;
  // Winter (CET, +01:00).
  entries.push_back(
      entry("winter@escale", "2027-01-12T08:00:00Z", "2027-01-12T11:30:00Z", "Bureau 3 — Tiers-lieu de Rieupeyroux"));
  // The spring change day: 09:00–12:00 CEST is 07:00Z–10:00Z.
  entries.push_back(entry("spring@escale", "2027-03-28T07:00:00Z", "2027-03-28T10:00:00Z", "Salle visio « Causse »"));
  // Summer (CEST, +02:00).
  entries.push_back(entry("summer@escale", "2027-07-14T12:00:00Z", "2027-07-14T14:00:00Z", "Bureau 1"));
  // The autumn change day: 09:00 CET is 08:00Z.
  entries.push_back(entry("autumn@escale", "2027-10-31T08:00:00Z", "2027-10-31T16:00:00Z", kLongSummary));
  return entries;
}

TEST_CASE("a calendar has the RFC 5545 structure and the Paris VTIMEZONE", "[ics]") {
  const auto entries = sample_entries();
  const std::string ics = make_calendar("Réservations, bureau; Rieupeyroux", entries, stamp());

  REQUIRE(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  REQUIRE(ics.size() >= 15);
  CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");

  const auto lines = content_lines(ics);
  CHECK(count(lines, "PRODID:-//Escale//Escale 0.1//FR") == 1);
  CHECK(count(lines, "VERSION:2.0") == 1);
  CHECK(count(lines, "CALSCALE:GREGORIAN") == 1);
  CHECK(count(lines, "METHOD:PUBLISH") == 1);
  CHECK(count(lines, "X-WR-CALNAME:Réservations\\, bureau\\; Rieupeyroux") == 1);
  CHECK(count(lines, "X-WR-TIMEZONE:Europe/Paris") == 1);
  CHECK(count(lines, "BEGIN:VEVENT") == entries.size());
  CHECK(count(lines, "END:VEVENT") == entries.size());

  // The VTIMEZONE, in order: TZID, then DAYLIGHT and STANDARD with their rules.
  CHECK(count(lines, "BEGIN:VTIMEZONE") == 1);
  CHECK(count(lines, "TZID:Europe/Paris") == 1);
  const auto block = [&](const std::string& name) {
    std::vector<std::string> out;
    bool inside = false;
    for (const auto& l : lines) {
      if (l == "BEGIN:" + name) {
        inside = true;
      } else if (l == "END:" + name) {
        inside = false;
      } else if (inside) {
        out.push_back(l);
      }
    }
    return out;
  };
  const auto rrule_parts = [](const std::string& rrule) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (pos <= rrule.size()) {
      const std::size_t semi = rrule.find(';', pos);
      parts.push_back(rrule.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
      if (semi == std::string::npos) break;
      pos = semi + 1;
    }
    std::sort(parts.begin(), parts.end());
    return parts;
  };
  const auto standard = block("STANDARD");
  CHECK(value_of(standard, "DTSTART") == "19701025T030000");
  CHECK(value_of(standard, "TZOFFSETFROM") == "+0200");
  CHECK(value_of(standard, "TZOFFSETTO") == "+0100");
  CHECK(value_of(standard, "TZNAME") == "CET");
  // Rule parts may come in any order (RFC 5545 §3.3.10).
  CHECK(rrule_parts(value_of(standard, "RRULE")) ==
        std::vector<std::string>{"BYDAY=-1SU", "BYMONTH=10", "FREQ=YEARLY"});
  const auto daylight = block("DAYLIGHT");
  CHECK(value_of(daylight, "DTSTART") == "19700329T020000");
  CHECK(value_of(daylight, "TZOFFSETFROM") == "+0100");
  CHECK(value_of(daylight, "TZOFFSETTO") == "+0200");
  CHECK(value_of(daylight, "TZNAME") == "CEST");
  CHECK(rrule_parts(value_of(daylight, "RRULE")) == std::vector<std::string>{"BYDAY=-1SU", "BYMONTH=3", "FREQ=YEARLY"});

  // The VTIMEZONE comes before the events that refer to it.
  CHECK(ics.find("BEGIN:VTIMEZONE") < ics.find("BEGIN:VEVENT"));

  SECTION("an empty feed is still a valid calendar") {
    const std::string empty = make_calendar("Vide", {}, stamp());
    const auto empty_lines = content_lines(empty);
    CHECK(count(empty_lines, "BEGIN:VEVENT") == 0);
    CHECK(count(empty_lines, "BEGIN:VTIMEZONE") == 1);
    CHECK(count(empty_lines, "END:VCALENDAR") == 1);
  }
}

TEST_CASE("event times are Paris wall-clock times with TZID, stamps are UTC", "[ics]") {
  const auto entries = sample_entries();
  const auto lines = content_lines(make_calendar("Bureau 3", entries, stamp()));

  SECTION("winter") {
    const auto ev = event_lines(lines, "winter@escale");
    CHECK(count(ev, "DTSTART;TZID=Europe/Paris:20270112T090000") == 1);
    CHECK(count(ev, "DTEND;TZID=Europe/Paris:20270112T123000") == 1);
    // Milliseconds are dropped from DTSTAMP.
    CHECK(count(ev, "DTSTAMP:20270110T083015Z") == 1);
    CHECK(count(ev, "LAST-MODIFIED:20270105T162000Z") == 1);
    CHECK(count(ev, "SUMMARY:Bureau 3 — Tiers-lieu de Rieupeyroux") == 1);
    CHECK(count(ev, "LOCATION:Tiers-lieu de Rieupeyroux\\, 2 place de la Mairie\\, 12240 Rieupeyroux") == 1);
    CHECK(count(ev, "DESCRIPTION:Pour annuler : à la borne\\, ou auprès de l'animatrice.") == 1);
    CHECK(count(ev, "STATUS:CONFIRMED") == 1);
  }
  SECTION("the spring DST day: 07:00Z–10:00Z is 09:00–12:00 in Paris") {
    const auto ev = event_lines(lines, "spring@escale");
    CHECK(count(ev, "DTSTART;TZID=Europe/Paris:20270328T090000") == 1);
    CHECK(count(ev, "DTEND;TZID=Europe/Paris:20270328T120000") == 1);
    CHECK(from_paris(2027, 3, 28, 9, 0) == at("2027-03-28T07:00:00Z"));
  }
  SECTION("summer") {
    const auto ev = event_lines(lines, "summer@escale");
    CHECK(count(ev, "DTSTART;TZID=Europe/Paris:20270714T140000") == 1);
    CHECK(count(ev, "DTEND;TZID=Europe/Paris:20270714T160000") == 1);
  }
  SECTION("the autumn DST day") {
    const auto ev = event_lines(lines, "autumn@escale");
    CHECK(count(ev, "DTSTART;TZID=Europe/Paris:20271031T090000") == 1);
    CHECK(count(ev, "DTEND;TZID=Europe/Paris:20271031T170000") == 1);
  }
  SECTION("no LAST-MODIFIED, LOCATION or DESCRIPTION when unknown") {
    CalendarEntry bare;
    bare.uid = "bare@escale";
    bare.start = at("2027-02-01T08:00:00Z");
    bare.end = at("2027-02-01T09:00:00Z");
    bare.summary = "Bureau 2";
    const std::vector<CalendarEntry> one{bare};
    const auto ev = event_lines(content_lines(make_calendar("x", one, stamp())), "bare@escale");
    for (const auto& l : ev) {
      CHECK(l.rfind("LAST-MODIFIED", 0) != 0);
      CHECK(l.rfind("LOCATION", 0) != 0);
      CHECK(l.rfind("DESCRIPTION", 0) != 0);
    }
    CHECK(count(ev, "DTSTART;TZID=Europe/Paris:20270201T090000") == 1);
  }
}

TEST_CASE("booking statuses map to STATUS", "[ics]") {
  const std::vector<std::pair<BookingStatus, std::string>> cases{
      {BookingStatus::Pending, "STATUS:TENTATIVE"},   {BookingStatus::Confirmed, "STATUS:CONFIRMED"},
      {BookingStatus::CheckedIn, "STATUS:CONFIRMED"}, {BookingStatus::Cancelled, "STATUS:CANCELLED"},
      {BookingStatus::NoShow, "STATUS:CANCELLED"},    {BookingStatus::Refused, "STATUS:CANCELLED"},
  };
  for (const auto& [status, expected] : cases) {
    CAPTURE(to_string(status));
    CalendarEntry e = entry("s@escale", "2027-01-12T08:00:00Z", "2027-01-12T09:00:00Z", "Bureau 3");
    e.status = status;
    const std::vector<CalendarEntry> one{e};
    const auto ev = event_lines(content_lines(make_calendar("x", one, stamp())), "s@escale");
    CHECK(count(ev, expected) == 1);
  }
}

TEST_CASE("long French lines are folded at 75 octets without splitting a character", "[ics]") {
  const auto entries = sample_entries();
  // ics.cpp folds every line (libical's own folding could cut a CRLF).
  const std::string name = "Réservations, bureaux; salles visio — « Tiers-lieu de Rieupeyroux » — ÉÉÉÉÉÉÉÉÉÉÉÉÉ€€€€€€€";
  const std::string ics = make_calendar(name, entries, stamp());

  bool folded = false;
  for (const std::string& line : physical_lines(ics)) {
    CAPTURE(line);
    CHECK(line.size() <= 75);
    CHECK(valid_utf8(line));
    folded = folded || (!line.empty() && line[0] == ' ');
  }
  CHECK(folded);

  // Unfolded and unescaped, the texts are the original ones.
  const auto lines = content_lines(ics);
  CHECK(unescape(value_of(lines, "X-WR-CALNAME")) == name);
  const auto ev = event_lines(lines, "autumn@escale");
  CHECK(unescape(value_of(ev, "SUMMARY")) == kLongSummary);

  SECTION("escaping of backslash, newlines and control characters") {
    CalendarEntry e = entry("esc@escale", "2027-01-12T08:00:00Z", "2027-01-12T09:00:00Z", "a,b;c\\d");
    e.description = "Ligne 1\r\nLigne 2\rLigne 3\nfin\x01.";
    const std::vector<CalendarEntry> one{e};
    const auto esc = event_lines(content_lines(make_calendar("x", one, stamp())), "esc@escale");
    CHECK(count(esc, "SUMMARY:a\\,b\\;c\\\\d") == 1);
    CHECK(count(esc, "DESCRIPTION:Ligne 1\\nLigne 2\\nLigne 3\\nfin.") == 1);
  }
}

// ---------------------------------------------------------------------------
// An independent reader: Debian's python3-icalendar.

// Debian's python3-icalendar is installed for the system interpreter; a
// python3 found first on PATH (pyenv, venv) may not see it.
std::string system_python() {
  return ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

constexpr const char* kCheckScript = R"PY(
import datetime
import sys

try:
    import icalendar
except ImportError as error:
    print("python3-icalendar is missing (Debian package python3-icalendar): %s" % error)
    sys.exit(3)

utc = datetime.timezone.utc
with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
expected = {}
with open(sys.argv[2], encoding="utf-8") as f:
    calendar_name = f.readline().rstrip("\n")
    for line in f:
        uid, start, end, summary = line.rstrip("\n").split("\t")
        expected[uid] = (start, end, summary)

errors = []
if str(cal.get("X-WR-CALNAME")) != calendar_name:
    errors.append("X-WR-CALNAME: %r, expected %r" % (str(cal.get("X-WR-CALNAME")), calendar_name))

def utc_text(dt):
    return dt.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")

zones = cal.walk("VTIMEZONE")
own_tz = None
if len(zones) != 1 or str(zones[0]["TZID"]) != "Europe/Paris":
    errors.append("expected one VTIMEZONE Europe/Paris")
else:
    own_tz = zones[0].to_tz()

events = cal.walk("VEVENT")
if len(events) != len(expected):
    errors.append("%d VEVENTs, expected %d" % (len(events), len(expected)))
for event in events:
    uid = str(event["UID"])
    if uid not in expected:
        errors.append("unexpected UID %s" % uid)
        continue
    start, end, summary = expected.pop(uid)
    for key, want in (("DTSTART", start), ("DTEND", end)):
        if event[key].params.get("TZID") != "Europe/Paris":
            errors.append("%s %s: TZID is %r" % (uid, key, event[key].params.get("TZID")))
        dt = event.decoded(key)
        if not isinstance(dt, datetime.datetime) or dt.tzinfo is None:
            errors.append("%s %s: not a zoned date-time: %r" % (uid, key, dt))
            continue
        # Read with the tz database...
        if utc_text(dt) != want:
            errors.append("%s %s: %s, expected %s" % (uid, key, utc_text(dt), want))
        # ... and with the VTIMEZONE of the file itself.
        if own_tz is not None:
            mine = utc_text(own_tz.localize(dt.replace(tzinfo=None)))
            if mine != want:
                errors.append("%s %s with the file's VTIMEZONE: %s, expected %s" % (uid, key, mine, want))
    stamp = event.decoded("DTSTAMP")
    if stamp.utcoffset() != datetime.timedelta(0):
        errors.append("%s DTSTAMP not UTC: %r" % (uid, stamp))
    if str(event["SUMMARY"]) != summary:
        errors.append("%s SUMMARY: %r, expected %r" % (uid, str(event["SUMMARY"]), summary))
if expected:
    errors.append("missing VEVENTs: %s" % ", ".join(sorted(expected)))

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
)PY";

// A temporary folder removed at the end of the scope.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("escale-ics-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

void write_file(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
  REQUIRE(out.good());
}

// Found by fuzz/ics: an empty calendar name (or a summary, place or
// description that is empty, or blank, once control characters are dropped)
// was written as a property with no value, which libical reports as an error
// when it reads the file back.
TEST_CASE("ics: a text empty once cleaned writes no empty property", "[ics]") {
  auto e = entry("b1@escale", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z", "\x01\x02");
  e.location = "\x7f \t";  // blank: libical drops spaces and tabs around a value
  e.description = "\x1b";
  const std::vector<CalendarEntry> entries{e};
  const std::string ics = make_calendar(" ", entries, stamp());
  for (const char* name : {"X-WR-CALNAME:", "SUMMARY:", "LOCATION:", "DESCRIPTION:"}) {
    INFO(name);
    CHECK(ics.find(std::string("\r\n") + name) == std::string::npos);
  }
  CHECK(ics.find("\r\nUID:b1@escale\r\n") != std::string::npos);
}

// Found by fuzz/ics: libical 3.0 folds a line with its CRLF, and when the
// 75th octet of a piece is that LF it cuts between CR and LF, writing a bare
// CR and a continuation line holding a bare LF ("…\r\r\n \nDESCRIPTION").
// A 73-character summary without a space, ';' or ':' did it.
TEST_CASE("ics: a 73-character summary without spaces is folded without a bare CR", "[ics]") {
  for (const std::size_t length : {72, 73, 74, 147, 221}) {
    INFO(length);
    const std::vector<CalendarEntry> entries{
        entry("b1@escale", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z", std::string(length, 'a'))};
    const std::string ics = make_calendar("Salle", entries, stamp());
    CHECK(ics.find("\r\r") == std::string::npos);
    for (const std::string& line : physical_lines(ics)) CHECK(line.size() <= 75);
    const auto lines = content_lines(ics);
    CHECK(count(lines, "SUMMARY:" + std::string(length, 'a')) == 1);
    CHECK(count(lines, "DESCRIPTION:Pour annuler : à la borne\\, ou auprès de l'animatrice.") == 1);
  }
}

TEST_CASE("python3-icalendar reads the calendar back", "[ics]") {
  const auto entries = sample_entries();
  const TempDir dir;
  const std::string name = "Réservations, bureaux; visio — « Rieupeyroux » — un nom assez long pour être plié en deux";
  write_file(dir.path / "calendar.ics", make_calendar(name, entries, stamp()));
  write_file(dir.path / "check.py", kCheckScript);
  std::string expected = name + '\n';
  for (const auto& e : entries) {
    expected += e.uid + '\t' + to_iso_utc(e.start).substr(0, 19) + "Z\t" + to_iso_utc(e.end).substr(0, 19) + "Z\t" +
                e.summary + '\n';
  }
  write_file(dir.path / "expected.tsv", expected);

  const std::string command = system_python() + " '" + (dir.path / "check.py").string() + "' '" +
                              (dir.path / "calendar.ics").string() + "' '" + (dir.path / "expected.tsv").string() +
                              "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[512];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);

  INFO("command: " << command);
  INFO("output: " << output);
  REQUIRE(status != -1);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // 127: no python3; 3: no icalendar module
  CHECK(output == "OK\n");
}

}  // namespace
