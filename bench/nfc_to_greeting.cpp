// Benchmark: NFC card to greeting. The emulated PN532 (tests/support) on a
// pseudo-terminal, the kiosk's real libnfc reader and runtime (headless,
// software renderer). For each tap, from the emulator writing the frame that
// carries the card's UID, to the greeting frame presented; and the part after
// libnfc's own read (the reader handing the UID to the kiosk's loop).
//
//   bench_nfc_to_greeting [TAPS]
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "config/kiosk_config.hpp"
#include "kiosk_members.hpp"
#include "pn532_emulator.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "stats.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;
using SteadyTime = std::chrono::steady_clock::time_point;

int main(int argc, char** argv) {
  const int taps = argc > 1 ? std::atoi(argv[1]) : 200;
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-nfc-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);

  escale::testing::Pn532Emulator chip(dir / "pn532");
  std::mutex mutex;
  SteadyTime card_frame{};
  chip.on_card_frame([&](SteadyTime t) {
    std::lock_guard lock(mutex);
    card_frame = t;
  });

  KioskConfig config;
  config.headless = true;
  config.database = dir / "kiosk.db";
  config.reader = "libnfc:" + chip.connstring();
  config.reader_min_interval = 0ms;
  bench::seed_kiosk_members(config.database, taps, 0x40000000);  // what a sync would have brought
  std::vector<double> from_frame, after_read;
  {
    KioskRuntime runtime(config);
    for (int i = 0; i < 5; ++i) runtime.render_frame();
    std::this_thread::sleep_for(1s);  // the reader opens the chip
    for (int i = 0; i < taps; ++i) {
      const std::string uid = bench::badge_uid(0x40000000, i);
      chip.present(uid);
      const auto deadline = std::chrono::steady_clock::now() + 5s;
      while (runtime.app().screen() != Screen::Greeting && std::chrono::steady_clock::now() < deadline) {
        runtime.pump_events(50);
      }
      runtime.render_frame();  // the greeting, presented
      const auto t1 = std::chrono::steady_clock::now();
      if (runtime.app().screen() != Screen::Greeting) {
        std::fprintf(stderr, "tap %d: no greeting within 5 s\n", i);
        return 1;
      }
      {
        std::lock_guard lock(mutex);
        from_frame.push_back(std::chrono::duration<double, std::milli>(t1 - card_frame).count());
      }
      after_read.push_back(std::chrono::duration<double, std::milli>(t1 - runtime.last_badge_delivery()).count());
      chip.remove();
      runtime.app().on_action(UiAction::Home, runtime.now());
      runtime.render_frame();
      std::this_thread::sleep_for(250ms);  // the reader sees the card leave, polls again
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::printf(
      "NFC card to greeting, %d taps (emulated PN532, libnfc, software renderer): from the UID frame "
      "median %.2f ms, p99 %.2f ms; after libnfc's read median %.2f ms, p99 %.2f ms, max %.2f ms\n",
      taps, bench::percentile(from_frame, 50), bench::percentile(from_frame, 99), bench::percentile(after_read, 50),
      bench::percentile(after_read, 99), bench::percentile(after_read, 100));
  return bench::percentile(after_read, 99) <= 30.0 ? 0 : 3;
}
