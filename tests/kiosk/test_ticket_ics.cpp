// The help ticket as a calendar event (kiosk/app/ticket_ics.hpp and
// ui/strings_help ticket_ics): the exact text, RFC 5545's escaping and
// folding, read back by an independent parser (python3-icalendar), its QR
// code's size; and the ticket on paper (ticket_receipt).
#include "app/ticket_ics.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk_fixture.hpp"
#include "ui/strings_help.hpp"
#include "ui/touch_widgets.hpp"

using namespace escale;
using namespace escale::kiosk;
namespace help = escale::kiosk::ui::help;

namespace {

// No-break spaces as plain ones, to compare with words typed in a test.
std::string plain(std::string s) {
  for (const std::string_view nb : {std::string_view("\u202F"), std::string_view("\u00A0")}) {
    for (auto at = s.find(nb); at != std::string::npos; at = s.find(nb)) s.replace(at, nb.size(), " ");
  }
  return s;
}

LocalTime paris_time(int month, int day, int hour, int minute) {
  return to_paris(from_paris(2026, month, day, hour, minute));
}

HelpTicket josiane() {
  HelpTicket t;
  t.id = "5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13";
  t.topic = mediation::HelpTopic::Caf;
  t.start = paris_time(3, 5, 9, 45);
  t.start_at = from_paris(2026, 3, 5, 9, 45);
  t.booked_at = from_paris(2026, 3, 3, 10, 15);
  t.minutes = 45;
  t.mediator = "Nadia";
  t.place = "Tiers-lieu de Saint-Affrique, 12 avenue de Verdun";
  t.first_name = "Josiane";
  t.pending = false;
  t.reminders = true;
  return t;
}

std::vector<std::string> content_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  for (std::size_t at = ics.find("\r\n"); at != std::string::npos; at = ics.find("\r\n", from)) {
    lines.push_back(ics.substr(from, at - from));
    from = at + 2;
  }
  CHECK(from == ics.size());  // ends with CRLF, no bare LF
  return lines;
}

constexpr const char* kCheckScript = R"PY(
import datetime
import sys

try:
    import icalendar
except ImportError as error:
    print("python3-icalendar is missing (Debian package python3-icalendar): %s" % error)
    sys.exit(3)

with open(sys.argv[1], "rb") as f:
    event = icalendar.Event.from_ical(f.read())
utc = datetime.timezone.utc
def utc_text(dt):
    return dt.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")
print(event.name)
for key in ("UID", "SUMMARY", "LOCATION"):
    print("%s=%s" % (key, str(event.get(key))))
for key in ("DTSTAMP", "DTSTART", "DTEND"):
    print("%s=%s" % (key, utc_text(event.decoded(key))))
)PY";

}  // namespace

TEST_CASE("the ticket's event: one VEVENT, times in UTC, French words", "[ics][help]") {
  const std::string ics = help::ticket_ics(josiane(), Language::French);
  CHECK(content_lines(ics) == std::vector<std::string>{
                                  "BEGIN:VEVENT",
                                  "UID:5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13@escale",
                                  "DTSTAMP:20260303T091500Z",
                                  "DTSTART:20260305T084500Z",  // 9 h 45 in Paris, winter time
                                  "DTEND:20260305T093000Z",
                                  "SUMMARY:Aide numérique : CAF\\, avec Nadia",
                                  "LOCATION:Tiers-lieu de Saint-Affrique\\, 12 avenue de Verdun",
                                  "END:VEVENT",
                              });
  // Summer time: 14 h in Paris is 12:00 UTC.
  HelpTicket july = josiane();
  july.start_at = from_paris(2026, 7, 7, 14, 0);
  CHECK(help::ticket_ics(july, Language::English).find("DTSTART:20260707T120000Z\r\n") != std::string::npos);
  CHECK(
      help::ticket_ics(july, Language::English).find("SUMMARY:Digital help: CAF (family benefits)\\, with Nadia\r\n") !=
      std::string::npos);
  HelpTicket workshop = josiane();
  workshop.workshop = true;
  workshop.title = "Découvrir la messagerie";
  workshop.mediator.clear();
  CHECK(help::ticket_ics(workshop, Language::French).find("SUMMARY:Atelier « Découvrir la messagerie »\r\n") !=
        std::string::npos);
}

TEST_CASE("the event's text: escaped and folded as RFC 5545 says", "[ics]") {
  TicketEvent e;
  e.uid = "u@escale";
  e.summary = "a,b;c\\d\ne\r\nf\x01g";
  e.location = std::string(70, 'x') + "ééééé";  // a fold would fall inside « é »
  const std::string ics = ticket_ics(e);
  CHECK(ics.find("SUMMARY:a\\,b\\;c\\\\d\\ne\\nfg\r\n") != std::string::npos);
  for (const auto& line : content_lines(ics)) {
    INFO(line);
    CHECK(line.size() <= 75);
    // Never cut inside a UTF-8 sequence: no line starts with a continuation byte.
    const std::string body = line.starts_with(" ") ? line.substr(1) : line;
    REQUIRE_FALSE(body.empty());
    CHECK((static_cast<unsigned char>(body.front()) & 0xC0) != 0x80);
  }
  CHECK(ics.find("LOCATION:" + std::string(66, 'x') + "\r\n " + std::string(4, 'x') + "ééééé\r\n") !=
        std::string::npos);
}

TEST_CASE("python3-icalendar reads the ticket's event back", "[ics][help]") {
  const testing::TempFolder dir("escale-ticket-ics");
  HelpTicket t = josiane();
  t.place = "Tiers-lieu ; « La Gare », 2 rue de la Gare";  // what TEXT must escape
  const std::string ics = help::ticket_ics(t, Language::French);
  std::ofstream(dir / "ticket.ics", std::ios::binary) << ics;
  std::ofstream(dir / "check.py") << kCheckScript;
  const std::string python = ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
  const std::string command =
      python + " '" + (dir / "check.py").string() + "' '" + (dir / "ticket.ics").string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[512];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  INFO("output: " << output);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // 3: no icalendar module
  CHECK(output ==
        "VEVENT\n"
        "UID=5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13@escale\n"
        "SUMMARY=Aide numérique : CAF, avec Nadia\n"
        "LOCATION=Tiers-lieu ; « La Gare », 2 rue de la Gare\n"
        "DTSTAMP=2026-03-03T09:15:00Z\n"
        "DTSTART=2026-03-05T08:45:00Z\n"
        "DTEND=2026-03-05T09:30:00Z\n");
}

TEST_CASE("the ticket's QR code stays small enough to scan on the 7\" screen", "[ics][help]") {
  // The demo site's address, a topic and a mediator: a version 12 symbol
  // (65 modules, 73 with the quiet zone): 3 px a module at 800×480.
  const std::string ics = help::ticket_ics(josiane(), Language::French);
  const auto m = ui::qr_matrix(ics);
  REQUIRE(m);
  const int version = (m->width - 17) / 4;
  WARN("the ticket's event: " << ics.size() << " bytes, QR version " << version << " (" << m->width << " modules)");
  CHECK(ics.size() <= 287);  // version 12 at level M holds 287 bytes
  CHECK(version <= 12);
}

TEST_CASE("the ticket on paper: the same words and the event's code", "[help][printer]") {
  const HelpTicket t = josiane();
  const printer::Receipt r = help::ticket_receipt(t, "05 55 00 00 00", Language::French);
  CHECK(r.title == "Aide numérique");
  CHECK(plain(r.headline) == "Jeudi 5 mars, 9 h 45");
  std::vector<std::string> lines;
  for (const auto& l : r.lines) lines.push_back(plain(l));
  CHECK(lines == std::vector<std::string>{"Sujet : CAF", "Avec Nadia, pendant 45 min",
                                          "Lieu : Tiers-lieu de Saint-Affrique, 12 avenue de Verdun",
                                          "Au nom de Josiane", "Vous recevrez un SMS de rappel.",
                                          "Pour annuler, appelez le 05 55 00 00 00 ou passez à l’accueil."});
  // The no-break spaces stay: the printer keeps the number on one line.
  CHECK(r.lines.back().find("05\u00A055\u00A000\u00A000\u00A000") != std::string::npos);
  CHECK(r.qr == help::ticket_ics(t, Language::French));
  CHECK(r.qr_caption == "Pour votre agenda, scannez ce code.");

  HelpTicket waiting = t;
  waiting.waiting = true;
  waiting.pending = true;
  const printer::Receipt w = help::ticket_receipt(waiting, "", Language::English);
  CHECK(w.lines.front() == "You are on the waiting list.");
  CHECK(std::find(w.lines.begin(), w.lines.end(), "Waiting for confirmation.") != w.lines.end());
  CHECK(w.lines.back() == "To cancel, come to the desk.");
  CHECK(w.qr.empty());  // no seat yet: no calendar event
  CHECK(w.qr_caption.empty());
}
