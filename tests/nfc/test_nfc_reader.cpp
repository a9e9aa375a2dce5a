// The kiosk's libnfc reader (kiosk/reader/nfc_reader.*) against the emulated
// PN532 on a pseudo-terminal: real libnfc, real frames, no hardware.
#include "reader/nfc_reader.hpp"

#include <catch2/catch.hpp>

#include <nfc/nfc.h>

#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "kiosk/kiosk_fixture.hpp"
#include "kiosk/reader_events.hpp"
#include "pn532_emulator.hpp"

using namespace escale::kiosk;
using escale::testing::CardKind;
using escale::testing::Fault;
using escale::testing::Pn532Emulator;
using namespace std::chrono_literals;

namespace {

using Folder = escale::kiosk::testing::TempFolder;

using Events = escale::kiosk::testing::ReaderEvents;

NfcReaderSettings settings_for(const Pn532Emulator& chip) {
  NfcReaderSettings s;
  s.connstring = chip.connstring();
  s.retry_min = 100ms;
  s.retry_max = 400ms;
  return s;
}

bool ready(Events& e) {
  return !e.states.empty() && e.states.back() == ReaderState::Ok;
}

}  // namespace

TEST_CASE("nfc reader: 4- and 7-byte UIDs, upper-case hex", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  NfcReader reader(settings_for(chip));
  reader.start(events.callbacks());
  REQUIRE(events.wait(ready));
  chip.present("04a1b2c3");
  REQUIRE(events.wait([](Events& e) { return e.taps.size() == 1; }));
  chip.remove();
  std::this_thread::sleep_for(300ms);
  chip.present("04D5E6F708A1B2", CardKind::Ultralight);
  REQUIRE(events.wait([](Events& e) { return e.taps.size() == 2; }));
  chip.remove();
  reader.stop();
  CHECK(events.taps == std::vector<std::string>{"04A1B2C3", "04D5E6F708A1B2"});
}

TEST_CASE("nfc reader: a card held 10 s is one event", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  NfcReader reader(settings_for(chip));
  reader.start(events.callbacks());
  REQUIRE(events.wait(ready));
  SECTION("MIFARE Classic (presence by re-select)") {
    chip.present("04A1B2C3");
  }
  SECTION("Ultralight (presence by InDataExchange)") {
    chip.present("04112233445566", CardKind::Ultralight);
  }
  REQUIRE(events.wait([](Events& e) { return e.taps.size() == 1; }));
  std::this_thread::sleep_for(10s);
  CHECK(events.tap_count() == 1);
  chip.remove();
  std::this_thread::sleep_for(500ms);
  CHECK(events.tap_count() == 1);
  reader.stop();
}

TEST_CASE("nfc reader: 50 quick taps are 50 events", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  auto s = settings_for(chip);
  s.min_interval = 0ms;  // the same card again at once is a new tap here
  NfcReader reader(s);
  reader.start(events.callbacks());
  REQUIRE(events.wait(ready));
  for (int i = 0; i < 50; ++i) {
    // Alternate two cards, like a queue of visitors; each tap lasts 150 ms.
    chip.present(i % 2 == 0 ? "04A1B2C3" : "1A2B3C4D");
    REQUIRE(events.wait([i](Events& e) { return e.taps.size() == static_cast<std::size_t>(i + 1); }, 5s));
    std::this_thread::sleep_for(150ms);
    chip.remove();
    std::this_thread::sleep_for(150ms);
  }
  std::this_thread::sleep_for(500ms);
  reader.stop();
  CHECK(events.taps.size() == 50);
}

TEST_CASE("nfc reader: the same card bouncing at the edge of the field counts once", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  auto s = settings_for(chip);
  s.min_interval = 1500ms;
  NfcReader reader(s);
  reader.start(events.callbacks());
  REQUIRE(events.wait(ready));
  chip.present("04A1B2C3");
  REQUIRE(events.wait([](Events& e) { return e.taps.size() == 1; }));
  chip.remove();
  std::this_thread::sleep_for(300ms);
  chip.present("04A1B2C3");  // back within the bounce interval
  std::this_thread::sleep_for(700ms);
  chip.remove();
  CHECK(events.tap_count() == 1);
  std::this_thread::sleep_for(1600ms);
  chip.present("04A1B2C3");  // a real second tap
  CHECK(events.wait([](Events& e) { return e.taps.size() == 2; }));
  reader.stop();
}

TEST_CASE("nfc reader: unplugged and replugged, it heals without a restart", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  NfcReader reader(settings_for(chip));
  reader.start(events.callbacks());
  REQUIRE(events.wait(ready));
  chip.vanish();
  REQUIRE(events.wait([](Events& e) { return !e.states.empty() && e.states.back() == ReaderState::Unavailable; }));
  chip.come_back();
  REQUIRE(events.wait(ready));
  chip.present("04A1B2C3");
  CHECK(events.wait([](Events& e) { return e.taps.size() == 1; }));
  reader.stop();
}

TEST_CASE("nfc reader: missing at start, it waits for the reader", "[nfc]") {
  Folder dir("escale-nfc");
  NfcReaderSettings s;
  s.connstring = "pn532_uart:" + (dir / "pn532").string();
  s.retry_min = 100ms;
  s.retry_max = 300ms;
  Events events;
  NfcReader reader(s);
  reader.start(events.callbacks());
  REQUIRE(events.wait([](Events& e) { return !e.states.empty(); }));
  CHECK(events.last_state() == ReaderState::Unavailable);
  Pn532Emulator chip(dir / "pn532");  // plugged in later
  REQUIRE(events.wait(ready));
  chip.present("1A2B3C4D");
  CHECK(events.wait([](Events& e) { return e.taps.size() == 1; }));
  reader.stop();
}

TEST_CASE("nfc reader: garbled frames are survived and never give a wrong UID", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  auto s = settings_for(chip);
  s.min_interval = 0ms;
  NfcReader reader(s);
  reader.start(events.callbacks());
  REQUIRE(events.wait(ready));
  std::size_t expected = 0;
  for (Fault fault : {Fault::BadChecksum, Fault::BadLengthChecksum, Fault::Truncated, Fault::Garbage, Fault::MissingAck,
                      Fault::WrongCode}) {
    chip.inject(fault);
    std::this_thread::sleep_for(600ms);  // the fault hits a poll round; the reader reconnects
    chip.present("04A1B2C3");
    ++expected;
    REQUIRE(events.wait([&](Events& e) { return e.taps.size() == expected; }));
    std::this_thread::sleep_for(200ms);
    chip.remove();
    std::this_thread::sleep_for(300ms);
  }
  reader.stop();
  for (const auto& uid : events.taps) CHECK(uid == "04A1B2C3");
  CHECK(events.taps.size() == 6);
}

TEST_CASE("nfc reader: stopping while polling is quick and leaves the port usable", "[nfc]") {
  Folder dir("escale-nfc");
  Pn532Emulator chip(dir / "pn532");
  Events events;
  {
    NfcReader reader(settings_for(chip));
    reader.start(events.callbacks());
    REQUIRE(events.wait(ready));
    std::this_thread::sleep_for(450ms);  // mid-round
    const auto t0 = std::chrono::steady_clock::now();
    reader.stop();
    CHECK(std::chrono::steady_clock::now() - t0 < 500ms);
  }
  // The port was released: libnfc opens it again (no « claimed serial port »).
  nfc_context* ctx = nullptr;
  nfc_init(&ctx);
  REQUIRE(ctx != nullptr);
  nfc_device* dev = nfc_open(ctx, chip.connstring().c_str());
  CHECK(dev != nullptr);
  if (dev != nullptr) nfc_close(dev);
  nfc_exit(ctx);
}

TEST_CASE("libnfc connection specs", "[nfc]") {
  std::string c = "x";
  CHECK(parse_libnfc_spec("libnfc", c));
  CHECK(c.empty());
  CHECK(parse_libnfc_spec("libnfc:pn532_uart:/dev/ttyAMA0", c));
  CHECK(c == "pn532_uart:/dev/ttyAMA0");
  CHECK_FALSE(parse_libnfc_spec("sim", c));
  CHECK_FALSE(parse_libnfc_spec("libnfc:", c));
  CHECK_FALSE(parse_libnfc_spec("libnfcx", c));
}
