// Kiosk app logic: badge taps, buttons, idle timeout. See kiosk_app.hpp.
#include "app/kiosk_app.hpp"

#include <spdlog/spdlog.h>

#include "store/local_store.hpp"

namespace escale::kiosk {

std::string_view to_string(Screen s) {
  switch (s) {
    case Screen::Attract:
      return "attract";
    case Screen::Greeting:
      return "greeting";
    case Screen::Goodbye:
      return "goodbye";
    case Screen::AlreadyHere:
      return "already-here";
    case Screen::UnknownBadge:
      return "unknown-badge";
    case Screen::WalkIn:
      return "walk-in";
  }
  return "?";
}

KioskApp::KioskApp(LocalStore& store, KioskSettings settings) : store_(store), settings_(std::move(settings)) {
  refresh_site();
}

void KioskApp::refresh_site() {
  const auto site = store_.site();
  site_name_ = site ? site->name : std::string();
}

void KioskApp::show(Screen s, Instant at) {
  screen_ = s;
  last_activity_ = at;
  if (s == Screen::Attract) {
    // Nothing personal stays in memory for the next person.
    first_name_.clear();
    check_in_.reset();
    visit_minutes_.reset();
    language_ = Language::French;
  }
}

void KioskApp::on_badge_text(std::string_view text, Instant at) {
  const auto uid = BadgeUid::parse(text);
  if (!uid) {
    spdlog::warn("ignoring unreadable badge UID « {} »", text);
    return;
  }
  on_badge(*uid, at);
}

void KioskApp::on_badge(const BadgeUid& uid, Instant at) {
  first_name_.clear();
  check_in_.reset();
  visit_minutes_.reset();
  last_error_.clear();
  try {
    const auto badge = store_.find_badge(uid);
    if (!badge) {
      spdlog::info("unknown badge {}", uid.hex());
      show(Screen::UnknownBadge, at);
      return;
    }
    first_name_ = badge->first_name;
    if (const auto open = store_.open_visit(badge->member_id, at, settings_.max_visit)) {
      if (at - open->check_in < settings_.min_visit) {
        // A second tap right after checking in is a hesitation, not a departure.
        check_in_ = open->check_in;
        show(Screen::AlreadyHere, at);
        return;
      }
      store_.record_check_out(open->visit_id, at);
      visit_minutes_ = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(at - open->check_in).count());
      show(Screen::Goodbye, at);
      return;
    }
    store_.record_check_in(badge->member_id, uid, at);
    check_in_ = at;
    show(Screen::Greeting, at);
  } catch (const store::StoreError& e) {
    // The visit could not be saved: say so rather than greet as if it were.
    spdlog::error("badge {}: cannot record the visit: {}", uid.hex(), e.what());
    show(Screen::Attract, at);
    last_error_ = "Votre passage n’a pas pu être enregistré. Prévenez l’accueil, s’il vous plaît.";
  }
}

void KioskApp::on_action(UiAction action, Instant at) {
  switch (action) {
    case UiAction::None:
      return;
    case UiAction::Home:
      show(Screen::Attract, at);
      return;
    case UiAction::ToggleLanguage:
      language_ = language_ == Language::French ? Language::English : Language::French;
      last_activity_ = at;
      return;
    case UiAction::WalkIn:
      try {
        store_.record_walk_in(at);
        last_error_.clear();
        show(Screen::WalkIn, at);
      } catch (const store::StoreError& e) {
        spdlog::error("cannot record a walk-in: {}", e.what());
        last_error_ = "Votre passage n’a pas pu être enregistré. Prévenez l’accueil, s’il vous plaît.";
      }
      return;
  }
}

bool KioskApp::on_tick(Instant at) {
  const auto deadline = next_deadline();
  if (!deadline || at < *deadline) return false;
  show(Screen::Attract, at);
  last_error_.clear();
  return true;
}

std::optional<Instant> KioskApp::next_deadline() const {
  if (screen_ == Screen::Attract && language_ == Language::French && last_error_.empty()) return std::nullopt;
  return last_activity_ + settings_.idle_timeout;
}

KioskView KioskApp::view(Instant at) const {
  KioskView v;
  v.screen = screen_;
  v.language = language_;
  v.now = to_paris(at);
  v.first_name = first_name_;
  if (check_in_) v.check_in_time = to_paris(*check_in_);
  v.visit_minutes = visit_minutes_;
  v.reader = reader_;
  v.reader_detail = reader_detail_;
  v.last_error = last_error_;
  v.site_name = site_name_;
  return v;
}

}  // namespace escale::kiosk
