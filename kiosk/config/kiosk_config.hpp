// The kiosk's configuration: a TOML file (every key optional, see
// packaging/kiosk.example.toml) overridden by command-line options.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "result.hpp"

namespace escale::kiosk {

// [printer]: a receipt printer (ESC/POS) that prints the help ticket. No
// device: no printer.
struct PrinterConfig {
  std::filesystem::path device;      // /dev/usb/lp0 (USB) or /dev/ttyUSB0, /dev/serial0 (serial)
  int baud = 0;                      // serial: the speed on the printer's self-test page; 0: leave it (USB)
  int paper_mm = 80;                 // 80 (48 characters a line) or 58 (32)
  std::string code_page = "pc858";   // ESC t 19, with €; "pc850": ESC t 2
  std::chrono::seconds timeout{10};  // one ticket: written within this, or given up (logged)
};

struct KioskConfig {
  // [server]
  std::string server_url;  // empty: offline kiosk
  // The kiosk's token. Usually empty: the kiosk enrols with a one-time code
  // and keeps its token in its database. Given here (or in token_file), it
  // takes precedence over the enrolled one.
  std::string token;
  std::filesystem::path token_file;
  // The one-time code from « escale-server kiosk add »: exchanged for the
  // token at start when the kiosk has none (else the first-run screen asks).
  std::string enrolment_code;
  // https:// servers: PEM file of the server's certificate or of its CA;
  // empty: the system's CA store.
  std::filesystem::path ca_file;
  std::chrono::milliseconds sync_interval{5000};
  std::chrono::milliseconds sync_max_backoff{60000};
  // The server's address as a phone reaches it, for the QR code of a booking's
  // .ics (e.g. "https://escale.cc-exemple.fr"); empty: server_url is used.
  std::string public_url;
  // [kiosk]
  std::filesystem::path database = "/var/lib/escale/kiosk/kiosk.db";  // the package's StateDirectory
  std::string name = "borne";
  std::chrono::seconds idle_timeout{20};
  std::chrono::seconds min_visit{60};
  // [screen]
  bool fullscreen = true;
  int width = 800;
  int height = 480;
  float scale = 1.0f;
  std::string renderer = "accelerated";  // or "software": CPU drawing, no GL driver in memory
  // Night: a black screen outside opening hours (from sleep_margin after
  // closing to sleep_margin before opening); a touch or a badge wakes it.
  bool sleep_outside_hours = true;
  std::chrono::minutes sleep_margin{15};
  // e.g. /sys/class/backlight/10-0045/bl_power: "1" written on sleep, "0" on
  // wake. Empty: the screen is only drawn black.
  std::filesystem::path backlight;
  // [reader]
  std::string reader = "sim";                           // "sim", "libnfc" (libnfc's choice) or "libnfc:CONNSTRING"
  std::chrono::milliseconds reader_min_interval{1000};  // libnfc: the same card sooner after removal is a bounce
  std::filesystem::path badge_input;    // sim: FIFO or file of UIDs, "-" for stdin; empty: keyboard only
  std::vector<std::string> key_badges;  // sim: keys 1–9 tap these UIDs (the demo's badges)
  // [printer]
  PrinterConfig printer;
  // headless script mode
  bool headless = false;
  std::filesystem::path script;  // "-" reads commands from stdin
  std::filesystem::path shots = "shots";
};

// Reads a TOML file into `config` (keys absent from the file keep their
// value). The error names the file, the key and what is expected.
Result<bool> load_config_file(const std::filesystem::path& path, KioskConfig& config);

// Final checks once file and command line are merged: reads the token file,
// validates sizes and the server URL. The error says what to fix.
Result<bool> finalize_config(KioskConfig& config);
// The [printer] section's checks (part of finalize_config).
Result<bool> check_printer(const PrinterConfig& printer);

}  // namespace escale::kiosk
