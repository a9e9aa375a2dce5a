// Benchmark: badge to greeting. From the simulated reader delivering a UID (as
// the reader thread does: queue + SDL_PushEvent) to the greeting frame
// presented by the software renderer, with the visit committed to the local
// SQLite store (WAL) before the frame is drawn. Each tap is a different
// member's first tap of the day, so every sample is a real check-in.
//
//   bench_badge_to_greeting [TAPS] [WIDTHxHEIGHT] [MEMBERS] [BADGES]
//
// MEMBERS, BADGES: how many the kiosk's store holds (default TAPS each): a
// network's 20 000 members and 25 000 badges (issue 17). The taps go to
// members allowed at this site (1 in 50 of the others is restricted to theirs).
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "config/kiosk_config.hpp"
#include "kiosk_members.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "stats.hpp"

using namespace escale;
using namespace escale::kiosk;

int main(int argc, char** argv) {
  const int taps = argc > 1 ? std::atoi(argv[1]) : 1000;
  int width = 800, height = 480;
  if (argc > 2) std::sscanf(argv[2], "%dx%d", &width, &height);
  const int members = argc > 3 ? std::max(taps, std::atoi(argv[3])) : taps;
  const int badges = argc > 4 ? std::max(members, std::atoi(argv[4])) : members;
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);

  KioskConfig config;
  config.headless = true;
  config.width = width;
  config.height = height;
  config.database = dir / "kiosk.db";
  // What a sync would have brought.
  bench::seed_kiosk_members(config.database, members, 0x20000000, "24/7", members > taps, badges);

  KioskRuntime runtime(config);
  for (int i = 0; i < 5; ++i) runtime.render_frame();  // warm up: font atlas, textures
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(taps));
  int greeted = 0;
  // Members spread over the store (restricted ones skipped: they get no greeting).
  const int stride = std::max(1, members / taps);
  for (int i = 0; i < taps; ++i) {
    int member = (i * stride) % members;
    if (members > taps && member % 50 == 49) ++member;
    const std::string uid = bench::badge_uid(0x20000000, member);
    const auto t0 = std::chrono::steady_clock::now();
    runtime.deliver_badge(uid);
    runtime.pump_events(1000);  // the loop wakes, the app records the check-in
    runtime.render_frame();     // the greeting frame, presented
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (runtime.app().screen() == Screen::Greeting) ++greeted;
    runtime.app().on_action(UiAction::Home, runtime.now());
    runtime.render_frame();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::printf(
      "badge to greeting, %d taps at %dx%d, %d members and %d badges in the store, software renderer: median %.2f "
      "ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d greeted)\n",
      taps, width, height, members, badges, bench::percentile(ms, 50), bench::percentile(ms, 90),
      bench::percentile(ms, 99), bench::percentile(ms, 100), greeted);
  if (greeted != taps) {
    std::fprintf(stderr, "only %d of %d taps produced a greeting\n", greeted, taps);
    return 1;
  }
  return bench::percentile(ms, 99) <= 20.0 ? 0 : 3;
}
