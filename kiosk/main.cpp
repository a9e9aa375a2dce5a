// escale-kiosk: the command line and configuration, then the runtime.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "config/kiosk_config.hpp"
#include "reader/nfc_reader.hpp"
#include "runtime/kiosk_runtime.hpp"

#ifndef ESCALE_VERSION
#define ESCALE_VERSION "0.0.0"
#endif

namespace {

bool has_display() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace escale::kiosk;
  spdlog::set_default_logger(spdlog::stderr_color_mt("escale-kiosk"));
  CLI::App app{"escale-kiosk: the touch kiosk at the entrance of a tiers-lieu"};
  app.set_version_flag("--version", std::string("escale-kiosk ") + ESCALE_VERSION);

  KioskConfig config;
  std::string config_file, window, badge_input, script, shots, db, token_file, server, reader, key_badges;
  std::string token;
  int sync_interval_ms = 0, sync_max_backoff_ms = 0, idle_s = 0, min_visit_s = -1;
  float scale = 0;
  bool windowed = false;
  bool no_night_sleep = false;
  app.add_option("--config", config_file, "TOML configuration file (see packaging/kiosk.example.toml)");
  app.add_option("--server", server, "server URL, e.g. http://127.0.0.1:8080");
  app.add_option("--token", token, "kiosk token (prefer --token-file)");
  app.add_option("--token-file", token_file,
                 "file holding the kiosk token (older installations; see --enrolment-code)");
  std::string enrolment_code, ca_file;
  app.add_option("--enrolment-code", enrolment_code,
                 "one-time code from « escale-server kiosk add »: exchanged for the kiosk's token at start");
  app.add_option("--ca-file", ca_file, "https:// server: PEM file of its certificate or CA (default: the system's)");
  app.add_option("--db", db, "local SQLite database");
  app.add_option("--window", window, "window size WIDTHxHEIGHT, e.g. 800x480 (implies --windowed)");
  app.add_flag("--windowed", windowed, "a window instead of fullscreen");
  app.add_flag("--no-night-sleep", no_night_sleep, "never blank the screen outside opening hours (demos)");
  app.add_option("--scale", scale, "multiply every size (text, buttons)");
  std::string renderer;
  app.add_option("--renderer", renderer, "accelerated (GPU, default) or software (CPU, least memory)");
  app.add_option("--reader", reader, "badge reader: sim, libnfc (libnfc's choice) or libnfc:CONNSTRING");
  bool list_readers = false;
  app.add_flag("--list-readers", list_readers, "print the NFC readers libnfc finds, then exit");
  int reader_min_interval_ms = -1;
  app.add_option("--reader-min-interval-ms", reader_min_interval_ms,
                 "libnfc: the same card again sooner than this after its removal is a bounce");
  app.add_option("--badge-input", badge_input, "sim reader: FIFO or file of UIDs, one per line (- for stdin)");
  app.add_option("--key-badges", key_badges, "sim reader: comma-separated UIDs tapped by keys 1–9");
  app.add_flag("--headless", config.headless, "no window: SDL offscreen driver and software renderer");
  app.add_option("--script", script, "run a script (headless tests, demo tour); - reads stdin");
  app.add_option("--shots", shots, "folder for the script's screenshots");
  app.add_option("--sync-interval-ms", sync_interval_ms, "pull from the server this often");
  app.add_option("--sync-max-backoff-ms", sync_max_backoff_ms, "longest wait between retries while the server is away");
  app.add_option("--idle-timeout", idle_s, "seconds before going back to the attract screen");
  app.add_option("--min-visit", min_visit_s, "seconds after check-in during which a tap is not a check-out");
  CLI11_PARSE(app, argc, argv);

  if (list_readers) {
    const auto found = list_nfc_readers();
    if (found.empty()) {
      std::cout << "No NFC reader found. Check the wiring or the USB cable, that your user can reach the device "
                   "(groups dialout and plugdev), or give one explicitly: LIBNFC_DEVICE=pn532_uart:/dev/ttyAMA0 "
                   "escale-kiosk --list-readers. Details with LIBNFC_LOG_LEVEL=3 (see docs/nfc.md).\n";
    } else {
      std::cout << found.size() << " NFC reader(s) found:\n";
      for (const auto& c : found) std::cout << "  libnfc:" << c << "\n";
    }
    return 0;
  }

  if (!config_file.empty()) {
    if (auto r = load_config_file(config_file, config); !r) {
      std::cerr << "escale-kiosk: " << r.error() << "\n";
      return 2;
    }
  }
  if (!server.empty()) config.server_url = server;
  if (!token.empty()) config.token = token;
  if (!token_file.empty()) config.token_file = token_file;
  if (!enrolment_code.empty()) config.enrolment_code = enrolment_code;
  if (!ca_file.empty()) config.ca_file = ca_file;
  if (!db.empty()) config.database = db;
  if (!reader.empty()) config.reader = reader;
  if (reader_min_interval_ms >= 0) config.reader_min_interval = std::chrono::milliseconds(reader_min_interval_ms);
  if (!badge_input.empty()) config.badge_input = badge_input;
  if (!script.empty()) config.script = script;
  if (!shots.empty()) config.shots = shots;
  if (scale > 0) config.scale = scale;
  if (!renderer.empty()) config.renderer = renderer;
  if (sync_interval_ms > 0) config.sync_interval = std::chrono::milliseconds(sync_interval_ms);
  if (sync_max_backoff_ms > 0) config.sync_max_backoff = std::chrono::milliseconds(sync_max_backoff_ms);
  if (idle_s > 0) config.idle_timeout = std::chrono::seconds(idle_s);
  if (min_visit_s >= 0) config.min_visit = std::chrono::seconds(min_visit_s);
  if (windowed) config.fullscreen = false;
  if (no_night_sleep) config.sleep_outside_hours = false;
  if (!window.empty()) {
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(window.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X')) {
      std::cerr << "escale-kiosk: --window expects WIDTHxHEIGHT, for example 800x480\n";
      return 2;
    }
    config.width = w;
    config.height = h;
    config.fullscreen = false;
  }
  if (!key_badges.empty()) {
    config.key_badges.clear();
    std::string_view rest = key_badges;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      config.key_badges.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (!config.headless && !has_display() && std::getenv("SDL_VIDEODRIVER") == nullptr) {
    std::cerr << "escale-kiosk: no display (DISPLAY and WAYLAND_DISPLAY are unset): use --headless, or set "
                 "SDL_VIDEODRIVER=kmsdrm on a Pi without a desktop\n";
    return 2;
  }
  if (auto r = finalize_config(config); !r) {
    std::cerr << "escale-kiosk: " << r.error() << "\n";
    return 2;
  }
  try {
    KioskRuntime runtime(config);
    if (!config.script.empty()) return runtime.run_script(config.script);
    return runtime.run_interactive();
  } catch (const std::exception& e) {
    std::cerr << "escale-kiosk: " << e.what() << "\n";
    return 1;
  }
}
