// End to end with a badge reader: the real escale-kiosk, headless, reading
// through libnfc from the emulated PN532 (a separate process on a pty), a
// demo member's card presented → the greeting → the visit on the server.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

#include "harness.hpp"
#include "store/database.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

void command(Process& p, const std::string& line) {
  p.write_line(line);
  const auto answer = p.read_line(15s);
  INFO("sent: " << line);
  REQUIRE(answer.has_value());
  INFO("answer: " << *answer);
  REQUIRE(answer->rfind("ok", 0) == 0);
}

}  // namespace

TEST_CASE("a card on the PN532 greets its member and the visit reaches the server", "[e2e][nfc]") {
  TempDir dir("escale-e2e-nfc");
  run_server_command(
      {"demo-data", "--db", (dir / "server.db").string(), "--kiosk-token-file", (dir / "token").string()});
  ServerProcess server(dir / "server.db", dir / "server.log");

  Process chip({ESCALE_PN532_EMULATOR_BIN, (dir / "pn532").string()}, dir / "emulator.log");
  const auto ready = chip.wait_for_line("ready", 10s);
  REQUIRE(ready.has_value());

  const auto shots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "nfc";
  std::filesystem::remove_all(shots);
  Process kiosk({ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (dir / "kiosk.db").string(), "--server",
                 server.url(), "--token-file", (dir / "token").string(), "--shots", shots.string(),
                 "--sync-interval-ms", "200", "--reader", "libnfc:pn532_uart:" + (dir / "pn532").string()},
                dir / "kiosk.log");
  command(kiosk, "sync 15s");
  command(kiosk, "wait-no-text \"Lecteur de badge indisponible\" 10s");  // the reader has opened the chip
  command(chip, "present 04A1B2C3");                                     // Marie's card (demo data)
  command(kiosk, "wait-screen greeting 10s");
  command(kiosk, "expect \"Bonjour Marie\"");
  command(kiosk, "screenshot greeting.png");
  command(chip, "remove");
  command(kiosk, "sync 15s");

  {
    escale::store::Database db(dir / "server.db");
    auto st = db.prepare("SELECT COUNT(*) FROM visits WHERE badge_uid = '04A1B2C3' AND check_out IS NULL");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 1);  // today's visit (the demo's past ones are checked out)
  }

  // Unplugged: the kiosk keeps working by touch and says so discreetly.
  command(kiosk, "tap \"Terminé\"");
  command(chip, "vanish");
  command(kiosk, "wait-text \"Lecteur de badge indisponible\" 10s");
  command(kiosk, "screenshot reader-unavailable.png");
  command(kiosk, "tap \"Je suis de passage\"");
  command(kiosk, "expect-screen walk-in");
  command(kiosk, "tap \"Retour à l’accueil\"");
  // Replugged: it heals without a restart.
  command(chip, "back");
  command(kiosk, "wait-no-text \"Lecteur de badge indisponible\" 15s");
  command(chip, "present 04D5E6F708A1B2 ultralight");  // Jean's NTAG card
  command(kiosk, "wait-screen greeting 10s");
  command(kiosk, "expect \"Bonjour Jean\"");

  kiosk.write_line("quit");
  CHECK(kiosk.wait(10s) == 0);
  CHECK(std::filesystem::exists(shots / "greeting.png"));
}

TEST_CASE("escale-kiosk --list-readers prints what libnfc finds, and exits 0 also when none", "[e2e][nfc]") {
  TempDir dir("escale-list-readers");
  {
    Process none({ESCALE_KIOSK_BIN, "--list-readers"}, dir / "none.log", {"LIBNFC_AUTO_SCAN=false", "LIBNFC_DEVICE="});
    none.close_stdin();
    std::string out;
    while (auto line = none.read_line(20s)) out += *line + "\n";
    CHECK(none.wait(20s) == 0);
    CHECK(out.find("No NFC reader found") != std::string::npos);
  }
  Process chip({ESCALE_PN532_EMULATOR_BIN, (dir / "pn532").string()}, dir / "emulator.log");
  REQUIRE(chip.wait_for_line("ready", 10s).has_value());
  Process found({ESCALE_KIOSK_BIN, "--list-readers"}, dir / "found.log",
                {"LIBNFC_AUTO_SCAN=false", "LIBNFC_DEVICE=pn532_uart:" + (dir / "pn532").string()});
  found.close_stdin();
  std::string out;
  while (auto line = found.read_line(20s)) out += *line + "\n";
  CHECK(found.wait(20s) == 0);
  CHECK(out.find("1 NFC reader(s) found") != std::string::npos);
  CHECK(out.find("libnfc:pn532_uart:" + (dir / "pn532").string()) != std::string::npos);
}
