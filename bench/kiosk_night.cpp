// Benchmark: what a kiosk costs while its screen sleeps at night, against the
// same kiosk awake and idle on its welcome screen. For a fixed span of each,
// the real loop (KioskRuntime::turn, headless: offscreen driver, software
// renderer, so the driver has no native event wait, like kmsdrm on a Pi):
// turns of the loop, frames drawn, looks at the input queue, per minute, and
// the process's CPU time (getrusage). Then how soon a badge wakes a sleeping
// loop: from the reader handing the UID over (another thread, while the loop
// waits) to the loop back with the visit recorded.
//
//   bench_kiosk_night [SECONDS_PER_SPAN] [WAKES]
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "config/kiosk_config.hpp"
#include "kiosk_members.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "stats.hpp"

using namespace escale;
using namespace escale::kiosk;
using Steady = std::chrono::steady_clock;

namespace {

double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

bool script(KioskRuntime& runtime, const std::filesystem::path& dir, const std::string& lines) {
  const auto path = dir / "step.kscript";
  std::ofstream(path) << lines;
  return runtime.run_script(path) == 0;
}

struct Span {
  double minutes = 0, turns = 0, frames = 0, polls = 0, cpu = 0;
};

Span measure(KioskRuntime& runtime, std::chrono::milliseconds span) {
  const auto before = runtime.counters();
  const double cpu0 = cpu_ms();
  const auto t0 = Steady::now();
  const auto end = t0 + span;
  while (Steady::now() < end) {
    runtime.turn(std::chrono::duration_cast<std::chrono::milliseconds>(end - Steady::now()));
  }
  const double minutes = std::chrono::duration<double>(Steady::now() - t0).count() / 60.0;
  const auto& after = runtime.counters();
  return Span{minutes, static_cast<double>(after.turns - before.turns) / minutes,
              static_cast<double>(after.frames - before.frames) / minutes,
              static_cast<double>(after.input_polls - before.input_polls) / minutes, (cpu_ms() - cpu0) / minutes};
}

void print(const char* what, const Span& s) {
  std::printf("%-28s %6.0f turns/min %6.0f frames/min %7.0f input looks/min %8.1f ms CPU/min (%.1f%% of a core)\n",
              what, s.turns, s.frames, s.polls, s.cpu, s.cpu / 600.0);
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 20;
  const int wakes = argc > 2 ? std::atoi(argv[2]) : 20;
  const auto span = std::chrono::milliseconds(seconds * 1000);
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);

  KioskConfig config;
  config.headless = true;
  config.database = dir / "kiosk.db";
  bench::seed_kiosk_members(config.database, wakes, 0x30000000, "Mo-Fr 08:30-18:00");

  int status = 0;
  {
    KioskRuntime runtime(config);
    // A Tuesday at 11:00, open: awake and idle on the welcome screen.
    if (!script(runtime, dir, "clock next Tu 11:00\nexpect-awake\nexpect-screen attract\n")) return 2;
    const Span awake = measure(runtime, span);
    // The same Tuesday at 23:00: asleep.
    if (!script(runtime, dir, "clock +12h\nexpect-asleep\n")) return 2;
    const Span asleep = measure(runtime, span);
    std::printf("kiosk idle, %d s per span, offscreen driver (no native event wait):\n", seconds);
    print("awake, welcome screen:", awake);
    print("asleep at night:", asleep);

    // A badge wakes the sleeping loop.
    std::vector<double> ms;
    int greeted = 0;
    for (int i = 0; i < wakes; ++i) {
      if (!script(runtime, dir, "clock +3m\nexpect-asleep\n")) return 2;
      runtime.turn(std::chrono::milliseconds(1));  // the loop knows it sleeps
      std::atomic<Steady::time_point> delivered{};
      std::thread reader([&] {
        while (!runtime.waiting()) std::this_thread::yield();
        delivered = Steady::now();
        runtime.deliver_badge(bench::badge_uid(0x30000000, i));
      });
      runtime.turn(std::chrono::milliseconds(60'000));
      const auto back = Steady::now();
      reader.join();
      ms.push_back(std::chrono::duration<double, std::milli>(back - delivered.load()).count());
      if (runtime.app().screen() == Screen::Greeting) ++greeted;
      runtime.app().on_action(UiAction::Home, runtime.now());
    }
    std::printf("badge to a sleeping loop back with the visit, %d wakes: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
                wakes, bench::percentile(ms, 50), bench::percentile(ms, 99), bench::percentile(ms, 100));
    if (greeted != wakes) {
      std::fprintf(stderr, "only %d of %d badges woke the kiosk to a greeting\n", greeted, wakes);
      status = 1;
    }
    if (asleep.frames > 0.0) {
      std::fprintf(stderr, "a sleeping kiosk drew %.1f frames a minute\n", asleep.frames);
      status = 1;
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return status;
}
