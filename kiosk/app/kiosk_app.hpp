// The kiosk's app logic: which screen shows, what a badge tap or a button does,
// when the screen goes back to attract. Plain C++ with no SDL or ImGui: the
// screens (kiosk/ui) draw a KioskView and report taps as UiActions; tests drive
// this class directly.
//
// Data flows one way: reader → KioskApp → LocalStore (visit + outbox, committed
// before the greeting shows) → sync client → server.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "domain/badge.hpp"
#include "time/clock.hpp"
#include "time/french_format.hpp"

namespace escale::kiosk {

class LocalStore;

enum class Screen {
  Attract,       // nobody there: site name, time, « Passez votre badge »
  Greeting,      // check-in: « Bonjour Marie ! »
  Goodbye,       // check-out: « Au revoir Marie ! »
  AlreadyHere,   // a second tap soon after check-in: no check-out, a reassuring word
  UnknownBadge,  // a badge nobody registered (or revoked)
  WalkIn,        // « Je suis de passage » counted
};
std::string_view to_string(Screen s);

// What a screen reports back: the taps a person made.
enum class UiAction { None, WalkIn, Home, ToggleLanguage };

// How the reader is doing, shown discreetly to visitors.
enum class ReaderHealth { Ok, Unavailable };

// Everything the screens need to draw one frame; nothing else.
struct KioskView {
  Screen screen = Screen::Attract;
  Language language = Language::French;
  std::string site_name;                   // empty before the first sync: the screens say « Escale »
  LocalTime now{};                         // Paris wall clock
  std::string first_name;                  // Greeting, Goodbye, AlreadyHere
  std::optional<LocalTime> check_in_time;  // Greeting, AlreadyHere
  std::optional<int> visit_minutes;        // Goodbye: how long the visit lasted
  ReaderHealth reader = ReaderHealth::Ok;
  std::string reader_detail;  // what the reader last said (for animator mode; visitors see only `reader`)
  std::string last_error;     // a storage problem to show on screen (rare)
};

struct KioskSettings {
  std::chrono::seconds idle_timeout{20};  // back to attract, nothing personal left
  std::chrono::seconds min_visit{60};
  std::chrono::hours max_visit{16};  // a visit open longer than this was forgotten: the next tap checks in anew     //
                                     // a tap sooner than this after check-in is not a check-out
  std::string kiosk_name = "borne";
};

class KioskApp {
 public:
  KioskApp(LocalStore& store, KioskSettings settings);

  // Re-reads what the app keeps of the store (the site's name) after a sync
  // brought changes; view() itself never touches the database.
  void refresh_site();

  // A badge was read. Records the check-in or check-out (committed locally
  // before returning) and switches screen.
  void on_badge(const BadgeUid& uid, Instant at);
  // Same, from raw reader text; an unreadable UID is ignored with a log line.
  void on_badge_text(std::string_view text, Instant at);
  void on_action(UiAction action, Instant at);
  // Time passes: returns to attract after the idle timeout. Returns true when
  // the view changed.
  bool on_tick(Instant at);
  void set_reader_health(ReaderHealth h, std::string detail = {}) {
    reader_ = h;
    reader_detail_ = std::move(detail);
  }

  // When the app next needs a tick (idle timeout), if any.
  std::optional<Instant> next_deadline() const;

  KioskView view(Instant at) const;
  Screen screen() const { return screen_; }

 private:
  void show(Screen s, Instant at);

  LocalStore& store_;
  std::string site_name_;
  KioskSettings settings_;
  Screen screen_ = Screen::Attract;
  Language language_ = Language::French;
  Instant last_activity_{};
  std::string first_name_;
  std::optional<Instant> check_in_;
  std::optional<int> visit_minutes_;
  ReaderHealth reader_ = ReaderHealth::Ok;
  std::string reader_detail_;
  std::string last_error_;
};

}  // namespace escale::kiosk
