// TOML configuration for the kiosk (toml++).
#include "config/kiosk_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "domain/badge.hpp"
#include "reader/nfc_reader.hpp"
#include "sync/enrolment.hpp"
#include "sync/sync_client.hpp"
#include "text/toml_guard.hpp"

namespace escale::kiosk {
namespace {

template <typename T>
Result<bool> read(const toml::table& table, std::string_view section, std::string_view key, T& target,
                  const std::filesystem::path& file) {
  const auto node = table[section][key];
  if (!node) return true;
  // A whole number only from an integer: toml++ 3.3.0 converts a float to an
  // integer with a plain cast, undefined beyond the integer's range (found by
  // fuzz/kiosk_config: sync_interval_ms = 5.5e67).
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (!node.is_integer()) {
      return Error{file.string() + ": [" + std::string(section) + "] " + std::string(key) + " must be a whole number"};
    }
  }
  if (auto v = node.template value<T>()) {
    target = *v;
    return true;
  }
  return Error{file.string() + ": [" + std::string(section) + "] " + std::string(key) + " has the wrong type"};
}

}  // namespace

Result<bool> load_config_file(const std::filesystem::path& path, KioskConfig& c) {
  if (auto safe = toml_guard::check_file(path); !safe) return safe;  // toml++ 3.3.0's undefined behaviour
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path.string() << ":" << e.source().begin.line << ": " << e.description();
    return Error{msg.str()};
  }
  std::string database, token_file, badge_input, ca_file, backlight;
  std::int64_t sleep_margin = c.sleep_margin.count();
  std::int64_t interval_ms = c.sync_interval.count(), backoff_ms = c.sync_max_backoff.count();
  std::int64_t idle = c.idle_timeout.count(), min_visit = c.min_visit.count();
  std::int64_t width = c.width, height = c.height;
  double scale = c.scale;
  std::int64_t min_interval_ms = c.reader_min_interval.count();
  std::string printer_device;
  std::int64_t printer_baud = c.printer.baud, printer_paper = c.printer.paper_mm,
               printer_timeout = c.printer.timeout.count();
  const std::initializer_list<Result<bool>> results = {
      read(table, "server", "url", c.server_url, path),
      read(table, "server", "token", c.token, path),
      read(table, "server", "public_url", c.public_url, path),
      read(table, "server", "token_file", token_file, path),
      read(table, "server", "sync_interval_ms", interval_ms, path),
      read(table, "server", "sync_max_backoff_ms", backoff_ms, path),
      read(table, "server", "enrolment_code", c.enrolment_code, path),
      read(table, "server", "ca_file", ca_file, path),
      read(table, "kiosk", "database", database, path),
      read(table, "kiosk", "name", c.name, path),
      read(table, "kiosk", "idle_timeout_s", idle, path),
      read(table, "kiosk", "min_visit_s", min_visit, path),
      read(table, "screen", "fullscreen", c.fullscreen, path),
      read(table, "screen", "width", width, path),
      read(table, "screen", "height", height, path),
      read(table, "screen", "scale", scale, path),
      read(table, "screen", "renderer", c.renderer, path),
      read(table, "screen", "sleep_outside_hours", c.sleep_outside_hours, path),
      read(table, "screen", "sleep_margin_min", sleep_margin, path),
      read(table, "screen", "backlight", backlight, path),
      read(table, "reader", "kind", c.reader, path),
      read(table, "reader", "badge_input", badge_input, path),
      read(table, "reader", "min_interval_ms", min_interval_ms, path),
      read(table, "printer", "device", printer_device, path),
      read(table, "printer", "baud", printer_baud, path),
      read(table, "printer", "paper_mm", printer_paper, path),
      read(table, "printer", "code_page", c.printer.code_page, path),
      read(table, "printer", "timeout_s", printer_timeout, path),
  };
  for (const auto& r : results) {
    if (!r) return r;
  }
  if (!token_file.empty()) c.token_file = token_file;
  if (!database.empty()) c.database = database;
  if (!badge_input.empty()) c.badge_input = badge_input;
  if (!ca_file.empty()) c.ca_file = ca_file;
  if (!backlight.empty()) c.backlight = backlight;
  c.sleep_margin = std::chrono::minutes(sleep_margin);
  c.sync_interval = std::chrono::milliseconds(interval_ms);
  c.sync_max_backoff = std::chrono::milliseconds(backoff_ms);
  c.idle_timeout = std::chrono::seconds(idle);
  c.min_visit = std::chrono::seconds(min_visit);
  // Sizes beyond int would wrap (4294968320 read as 1024): refused here, the
  // rest of the range by finalize_config.
  if (width != static_cast<int>(width) || height != static_cast<int>(height)) {
    return Error{path.string() + ": [screen] width and height must be between 320 and 8192"};
  }
  c.width = static_cast<int>(width);
  c.height = static_cast<int>(height);
  // A double beyond float's range is undefined behaviour to convert: clamped
  // first (finalize_config refuses it then; NaN stays NaN, refused there too).
  c.scale = static_cast<float>(std::clamp(scale, -1e30, 1e30));
  c.reader_min_interval = std::chrono::milliseconds(min_interval_ms);
  if (!printer_device.empty()) c.printer.device = printer_device;
  // Numbers beyond int would wrap: out of range here, refused by finalize_config.
  const auto small = [](std::int64_t v) { return static_cast<int>(std::clamp<std::int64_t>(v, -1, 10'000'000)); };
  c.printer.baud = small(printer_baud);
  c.printer.paper_mm = small(printer_paper);
  c.printer.timeout = std::chrono::seconds(small(printer_timeout));
  if (auto keys = table["reader"]["key_badges"].as_array()) {
    c.key_badges.clear();
    for (const auto& k : *keys) {
      auto s = k.value<std::string>();
      if (!s) return Error{path.string() + ": [reader] key_badges must be a list of UIDs in quotes"};
      c.key_badges.push_back(*s);
    }
  }
  return true;
}

Result<bool> check_printer(const PrinterConfig& p) {
  static constexpr std::array kSpeeds{1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
  if (p.device.empty()) {
    if (p.baud != 0) {
      return Error{
          "[printer] baud is set but device is missing: give the printer's device, e.g. device = "
          "\"/dev/ttyUSB0\""};
    }
    return true;
  }
  if (!p.device.is_absolute()) {
    return Error{"[printer] device « " + p.device.string() +
                 " » must be a full path such as /dev/usb/lp0 (USB) or /dev/ttyUSB0 (serial), or be left out "
                 "(no printer)"};
  }
  if (p.baud != 0 && std::find(kSpeeds.begin(), kSpeeds.end(), p.baud) == kSpeeds.end()) {
    return Error{"[printer] baud " + std::to_string(p.baud) +
                 " is not a serial speed: use 9600, 19200, 38400, 57600 or 115200 (the printer's self-test page "
                 "says which), or leave it out for a USB printer"};
  }
  if (p.paper_mm != 58 && p.paper_mm != 80) {
    return Error{"[printer] paper_mm must be 80 or 58 (the width of the paper roll)"};
  }
  if (p.code_page != "pc858" && p.code_page != "pc850") {
    return Error{"[printer] code_page « " + p.code_page + " » is unknown: use pc858 (with €) or pc850"};
  }
  if (p.timeout.count() < 1 || p.timeout.count() > 120) {
    return Error{"[printer] timeout_s must be between 1 and 120 seconds"};
  }
  return true;
}

Result<bool> finalize_config(KioskConfig& c) {
  if (c.token.empty() && !c.token_file.empty()) {
    std::ifstream in(c.token_file);
    if (!in)
      return Error{"cannot read the token file " + c.token_file.string() + ": check the path and its permissions"};
    std::getline(in, c.token);
    while (!c.token.empty() && (c.token.back() == '\r' || c.token.back() == ' ')) c.token.pop_back();
  }
  if (!c.server_url.empty()) {
    if (auto url = parse_server_url(c.server_url); !url) return Error{"server url: " + url.error()};
  }
  if (!c.enrolment_code.empty()) {
    if (c.server_url.empty()) {
      return Error{"[server] enrolment_code needs the server's address: set [server] url too (or --server)"};
    }
    auto code = normalise_enrolment_code(c.enrolment_code);
    if (!code) return Error{"[server] " + code.error() + ": copy it again from « escale-server kiosk add »"};
    c.enrolment_code = *code;
  }
  if (!c.ca_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(c.ca_file, ec)) {
      return Error{"[server] ca_file " + c.ca_file.string() +
                   " is not a readable file: give the PEM file of the server's certificate or of its CA, or leave "
                   "it empty to use the system's CA store"};
    }
  }
  if (c.sleep_margin.count() < 0 || c.sleep_margin.count() > 240) {
    return Error{"[screen] sleep_margin_min must be between 0 and 240 minutes"};
  }
  if (!c.backlight.empty() && !c.backlight.is_absolute()) {
    return Error{"[screen] backlight must be a full path such as /sys/class/backlight/10-0045/bl_power, or empty"};
  }
  if (!c.public_url.empty()) {
    const bool web = c.public_url.starts_with("http://") || c.public_url.starts_with("https://");
    if (!web || c.public_url.find(' ') != std::string::npos) {
      return Error{
          "server public_url must be a web address starting with https:// or http:// (for example "
          "https://escale.cc-exemple.fr)"};
    }
    // Phones open it from a QR code: the same rules as the server's URL.
    if (auto url = parse_server_url(c.public_url); !url) return Error{"server public_url: " + url.error()};
  }
  if (c.width < 320 || c.height < 240 || c.width > 8192 || c.height > 8192) {
    return Error{"screen size " + std::to_string(c.width) + "x" + std::to_string(c.height) +
                 " is not usable: give at least 320x240"};
  }
  if (c.renderer != "accelerated" && c.renderer != "software") {
    return Error{"screen renderer « " + c.renderer + " » is unknown: use accelerated or software"};
  }
  if (!(c.scale >= 0.5f && c.scale <= 4.0f)) return Error{"screen scale must be between 0.5 and 4"};  // NaN too
  if (c.idle_timeout.count() < 5 || c.idle_timeout.count() > 600)
    return Error{"idle_timeout_s must be between 5 and 600 seconds"};
  if (c.min_visit.count() < 0 || c.min_visit.count() > 3600)
    return Error{"min_visit_s must be between 0 and 3600 seconds"};
  if (c.sync_interval.count() < 100) return Error{"sync_interval_ms must be at least 100"};
  std::string connstring;
  if (c.reader != "sim" && !parse_libnfc_spec(c.reader, connstring)) {
    return Error{"reader « " + c.reader +
                 " » is unknown: use sim, libnfc, or libnfc:CONNSTRING (e.g. libnfc:pn532_uart:/dev/ttyAMA0)"};
  }
  if (c.reader_min_interval.count() < 0 || c.reader_min_interval.count() > 60000) {
    return Error{"reader min_interval_ms must be between 0 and 60000"};
  }
  for (const auto& uid : c.key_badges) {
    if (!BadgeUid::parse(uid)) return Error{"key_badges: « " + uid + " » is not a badge UID (8, 14 or 20 hex digits)"};
  }
  if (c.key_badges.size() > 9) return Error{"key_badges: at most 9 badges (keys 1 to 9)"};
  return check_printer(c.printer);
}

}  // namespace escale::kiosk
