// The receipt printer (kiosk/printer/receipt_printer.hpp) against a
// pseudo-terminal standing for a serial ESC/POS printer, as the PN532 is
// emulated (tests/support/pn532_emulator.cpp): the kiosk writes to the
// pty's slave, the test reads the master and checks every byte. Also: a
// printer that is missing or takes nothing never holds the screen.
#include "printer/receipt_printer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <string>

#include "kiosk_fixture.hpp"
#include "printer/escpos.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "support/log_capture.hpp"
#include "support/wait_until.hpp"
#include "ui/strings_help.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

// A pty: the slave is the « printer device », the master what came out.
class PtyPrinter {
 public:
  PtyPrinter() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master_ >= 0);
    REQUIRE(::grantpt(master_) == 0);
    REQUIRE(::unlockpt(master_) == 0);
    slave_path_ = ::ptsname(master_);
    // Held open by the test too: the pty stays up between the kiosk's
    // open() and close(), and what it wrote stays readable.
    slave_ = ::open(slave_path_.c_str(), O_RDWR | O_NOCTTY);
    REQUIRE(slave_ >= 0);
    ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
  }
  ~PtyPrinter() {
    ::close(slave_);
    ::close(master_);
  }
  PtyPrinter(const PtyPrinter&) = delete;
  PtyPrinter& operator=(const PtyPrinter&) = delete;

  const std::string& path() const { return slave_path_; }

  // What the master reads until `n` bytes came (or the generous timeout).
  std::string read(std::size_t n) {
    std::string got;
    tests::wait_until([&] {
      pollfd p{master_, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) {
        char buf[4096];
        const ssize_t r = ::read(master_, buf, sizeof buf);
        if (r > 0) got.append(buf, static_cast<std::size_t>(r));
      }
      return got.size() >= n;
    });
    return got;
  }
  // Whatever is there now.
  std::string drain() {
    std::string got;
    char buf[4096];
    ssize_t r = 0;
    while ((r = ::read(master_, buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(r));
    return got;
  }

 private:
  int master_ = -1;
  int slave_ = -1;
  std::string slave_path_;
};

std::string every_byte() {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  return all + "\n\r\n\x1B@";
}

KioskConfig headless_config(const testing::TempFolder& dir) {
  KioskConfig c;
  c.headless = true;
  c.database = dir / "kiosk.db";
  c.shots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "printer";
  c.script = dir / "script";  // script mode: awake whatever the hour
  return c;
}

void run(KioskRuntime& kiosk, const testing::TempFolder& dir, const std::string& lines) {
  const auto path = dir / "step.kscript";
  std::ofstream(path) << lines;
  INFO(lines);
  REQUIRE(kiosk.run_script(path) == 0);
}

// The help flow without a name or a phone, from the attract screen to the ticket.
constexpr const char* kAskHelp = R"(clock next Mo 10:00
tap "J'ai besoin d'aide numérique"
tap "CAF"
tap "Mardi"
tap "14 h"
tap "Sans nom ni numéro"
expect-screen help-ticket
expect "C'est noté"
)";

// « décembre » and its sisters in PC858, independently of the kiosk's own formatting.
std::string month_pc858(int month) {
  static const char* const kMonths[] = {"janvier",
                                        "f\x82vrier",
                                        "mars",
                                        "avril",
                                        "mai",
                                        "juin",
                                        "juillet",
                                        "ao\x96t",
                                        "septembre",
                                        "octobre",
                                        "novembre",
                                        "d\x82"
                                        "cembre"};
  return kMonths[month - 1];
}

}  // namespace

TEST_CASE("printer: every byte reaches a serial printer as it is", "[printer]") {
  PtyPrinter pty;
  std::atomic<bool> stop{false};
  // Serial at 9600 baud, and a tty given without a speed (its line is set raw all the same).
  for (const int baud : {9600, 0}) {
    INFO("baud " << baud);
    printer::PrinterSettings s;
    s.device = pty.path();
    s.baud = baud;
    s.timeout = 30s;
    const std::string all = every_byte();
    CHECK(printer::write_ticket(s, all, stop).empty());
    // No translation: 0x0A stays 0x0A (a terminal would send \r\n), 0x0D stays.
    CHECK(pty.read(all.size()) == all);
  }
}

TEST_CASE("printer: a missing device is said, not waited for", "[printer]") {
  std::atomic<bool> stop{false};
  printer::PrinterSettings s;
  s.device = "/nonexistent/escale/lp0";
  CHECK(printer::write_ticket(s, "x", stop) == "cannot open /nonexistent/escale/lp0: No such file or directory");
  s.device = "/dev/null";
  s.baud = 12345;  // not a tty: the speed is not used
  CHECK(printer::write_ticket(s, "x", stop).empty());

  tests::LogCapture log;
  s.device = "/nonexistent/escale/lp0";
  {
    printer::ReceiptPrinter p(s);
    p.print("ticket");
    REQUIRE(p.wait_idle(tests::kGenerous));
    const auto st = p.status();
    CHECK(st.printed == 0);
    CHECK(st.failed == 1);
    CHECK(st.last_error == "cannot open /nonexistent/escale/lp0: No such file or directory");
  }
  CHECK(log.count({"[error]", "receipt printer", "cannot open /nonexistent/escale/lp0", "on screen only"}) == 1);
}

TEST_CASE("printer: a printer that takes nothing is given up", "[printer]") {
  // A FIFO whose reader never reads: once its buffer is full, nothing more
  // goes in, like a printer that is off or out of paper (a pty's own buffer
  // is not a reliable stand-in: some kernels let it swallow everything).
  testing::TempFolder dir("escale-printer-stuck");
  const auto fifo = dir / "printer";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  const std::string big(4 << 20, 'x');
  tests::LogCapture log;
  SECTION("at the deadline") {
    printer::PrinterSettings s;
    s.device = fifo;
    s.timeout = 500ms;
    printer::ReceiptPrinter p(s);
    p.print(big);
    REQUIRE(p.wait_idle(tests::kGenerous));
    const auto st = p.status();
    CHECK(st.printed == 0);
    CHECK(st.failed == 1);
    CHECK(st.last_error.find(" took ") != std::string::npos);
    CHECK(st.last_error.find(" of 4194304 bytes in 500 ms: is it on, with paper?") != std::string::npos);
    CHECK(log.count({"receipt printer", "on screen only"}) == 1);
  }
  SECTION("when the kiosk stops") {
    printer::PrinterSettings s;
    s.device = fifo;
    s.timeout = 3600s;
    {
      printer::ReceiptPrinter p(s);
      p.print(big);
      // Writing, stuck: something came, then nothing more can.
      REQUIRE(tests::wait_until([&] {
        char buf[1];
        return ::read(reader, buf, 1) == 1;
      }));
      // Queued behind it: three wait at most, the oldest dropped.
      for (int i = 0; i < 4; ++i) p.print("more");
      CHECK(p.status().failed == 1);
      CHECK(p.status().last_error.find("the oldest was dropped") != std::string::npos);
    }  // the destructor does not wait for the hour
    INFO(log.text());
    CHECK(log.count({"the kiosk is stopping", "abandoned"}) == 1);
  }
  ::close(reader);
}

TEST_CASE("printer: the help ticket printed by the kiosk, byte by byte", "[printer][help]") {
  testing::TempFolder dir("escale-printer");
  {
    LocalStore store(dir / "kiosk.db");
    store.apply(testing::agenda_sync(now()));
  }
  PtyPrinter pty;
  KioskConfig c = headless_config(dir);
  c.printer.device = pty.path();
  c.printer.baud = 19200;
  REQUIRE(static_cast<bool>(finalize_config(c)));
  KioskRuntime kiosk(c);
  REQUIRE(kiosk.receipt_printer() != nullptr);
  run(kiosk, dir, kAskHelp);
  const KioskView v = kiosk.app().view(kiosk.now());
  const HelpTicket& t = v.help.ticket;
  REQUIRE(t.start.hour == 14);
  REQUIRE(t.start.minute == 0);
  REQUIRE(t.start.weekday == 2);  // a Tuesday
  CHECK(t.pending);               // offline: not confirmed
  const std::string event = ui::help::ticket_ics(t, Language::French);
  REQUIRE(event.starts_with("BEGIN:VEVENT\r\n"));

  const std::string expected =
      "\x1B\x40"s                              // ESC @: initialise
      "\x1B\x74\x13"s                          // ESC t 19: PC858
      "\x1B\x61\x01\x1B\x45\x01\x1D\x21\x11"s  // centred, bold, double size
      "Aide num\x82rique\n"s                   // the title, « é » in PC858
      "\x1D\x21\x00\x1B\x45\x00\n"s            // normal size, bold off
      "\x1B\x61\x00"s                          // left
      "\x1B\x45\x01Mardi "s +
      std::to_string(t.start.day) + " " + month_pc858(t.start.month) +
      ", 14 h\n\x1B\x45\x00"s          // when, bold
      "Sujet : CAF\n"s                 // what
      "Avec Nadia, pendant 45 min\n"s  // with whom
      "Lieu : Tiers-lieu de d\x82monstration, 2 rue de la\n"s
      "Gare\n"s  // where, at 48 columns
      "En attente de confirmation.\n"s
      "Pour annuler, appelez le 05 55 00 00 00 ou\n"s  // the number kept on one line
      "passez \x85 l'accueil.\n"s                      // ’ → '
      "\n\x1B\x61\x01"s                                // the QR code, centred
      "\x1D\x28\x6B\x04\x00\x31\x41\x32\x00"s          // GS ( k: model 2
      "\x1D\x28\x6B\x03\x00\x31\x43\x06"s              // 6 dots a module (80 mm)
      "\x1D\x28\x6B\x03\x00\x31\x45\x31"s              // level M
      "\x1D\x28\x6B"s +
      static_cast<char>((event.size() + 3) & 0xFF) + static_cast<char>((event.size() + 3) >> 8) + "\x31\x50\x30"s +
      event +                              // store the event
      "\x1D\x28\x6B\x03\x00\x31\x51\x30"s  // print it
      "\n"s
      "Pour votre agenda, scannez ce code.\n"s
      "\x1B\x61\x00"s
      "\x1B\x64\x03\x1D\x56\x42\x00"s;  // feed, cut
  const std::string printed = pty.read(expected.size());
  CHECK(printed == expected);
  REQUIRE(kiosk.receipt_printer()->wait_idle(tests::kGenerous));
  CHECK(kiosk.receipt_printer()->status().printed == 1);
  CHECK(pty.drain().empty());  // once

  // The ticket leaves with « J’ai noté »; nothing more is printed.
  run(kiosk, dir, "tap \"J'ai noté\"\nexpect-screen attract\n");
  CHECK(pty.drain().empty());
}

TEST_CASE("printer: no device at its path — the ticket shows, the error is logged", "[printer][help]") {
  testing::TempFolder dir("escale-printer-missing");
  {
    LocalStore store(dir / "kiosk.db");
    store.apply(testing::agenda_sync(now()));
  }
  tests::LogCapture log;
  KioskConfig c = headless_config(dir);
  c.printer.device = dir / "no-printer-here";
  KioskRuntime kiosk(c);
  run(kiosk, dir, kAskHelp);
  REQUIRE(kiosk.receipt_printer() != nullptr);
  REQUIRE(kiosk.receipt_printer()->wait_idle(tests::kGenerous));
  CHECK(kiosk.receipt_printer()->status().failed == 1);
  CHECK(log.count({"[error]", "receipt printer", "cannot open", "no-printer-here", "on screen only"}) == 1);
  // The visitor sees the ticket, and nothing about a printer.
  run(kiosk, dir, "expect-screen help-ticket\nexpect \"Sujet : CAF\"\nexpect-not \"imprim\"\ntap \"J'ai noté\"\n");
}
