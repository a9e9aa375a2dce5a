// Animator mode, KioskApp's side (see app/animator_session.hpp for its
// state): the PIN, the animator's home, who is here, today's bookings, the
// member picker (a booking, a badge, « Faire entrer »), the new member's form
// and badge, and « C’est fait ». Every action is written locally with its
// outbox event, attributed to the animator.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/kiosk_app.hpp"
#include "domain/member.hpp"
#include "text/trim.hpp"

namespace escale::kiosk {

void KioskApp::submit_pin(const std::string& pin, Instant at) {
  if (screen_ != Screen::AnimatorPin || !animator_.pin_for) return;
  last_activity_ = at;
  PinAttempts attempts = store_.pin_attempts(animator_.pin_for->id);
  if (is_locked(attempts, at)) {
    animator_.pin_locked_until = to_paris(*attempts.locked_until);
    animator_.pin_digits.clear();
    return;
  }
  const auto hash = store_.pin_hash(animator_.pin_for->id);
  if (hash && verify_pin(pin, *hash)) {
    record_success(attempts);
    store_.save_pin_attempts(animator_.pin_for->id, attempts);
    animator_.who = animator_.pin_for;
    animator_.pin_for.reset();
    animator_.pin_digits.clear();
    animator_.pin_wrong = false;
    spdlog::info("animator mode opened by member {}", animator_.who->id);
    show_animator_home(at);
    return;
  }
  record_failure(attempts, at);
  store_.save_pin_attempts(animator_.pin_for->id, attempts);
  spdlog::warn("wrong PIN for animator {} ({} in a row)", animator_.pin_for->id, attempts.failures);
  animator_.pin_digits.clear();
  animator_.pin_wrong = true;
  animator_.pin_attempts_left = std::max(0, kMaxPinFailures - attempts.failures);
  if (is_locked(attempts, at)) animator_.pin_locked_until = to_paris(*attempts.locked_until);
}

void KioskApp::show_animator_home(Instant at) {
  // Home: the errand is over, and the booking it made, moved or cancelled with it.
  animator_.errand = AnimatorErrand{};
  booking_ = BookingFlow{};
  AnimatorSummary s;
  s.present = static_cast<int>(store_.present(at, settings_.max_visit).size());
  for (const auto& b : store_.bookings_between(paris_day_start(at), paris_next_day_start(at))) {
    if (holds_resource(b.status) || b.status == BookingStatus::CheckedIn) ++s.bookings_today;
  }
  s.unsynced = store_.pending_count();
  s.refused_events = static_cast<int>(store_.rejected_count());
  if (const auto last = store_.last_sync()) s.last_sync = to_paris(*last);  // worded by the screen, in its language
  s.printer_problem = printer_problem_;
  animator_.summary = s;
  agenda_.today = 0;
  for (const auto& rec : store_.appointments_between(paris_day_start(at), paris_next_day_start(at))) {
    if (!rec.appointment.cancelled && !rec.refusal) ++agenda_.today;
  }
  show(Screen::AnimatorHome, at);
}

void KioskApp::show_present(Instant at) {
  animator_.present = store_.present(at, settings_.max_visit);
  animator_.people.clear();
  for (const auto& p : animator_.present)
    animator_.people.push_back({p.first_name + " " + p.last_name, to_paris(p.check_in)});
  show(Screen::AnimatorPresent, at);
}

void KioskApp::show_today_bookings(Instant at) {
  booking_.listed.clear();
  booking_.bookings.clear();
  for (const auto& b : store_.bookings_between(paris_day_start(at), paris_next_day_start(at))) {
    if (!(holds_resource(b.status) || b.status == BookingStatus::CheckedIn)) continue;
    booking_.listed.push_back(b);
    booking_.bookings.push_back(line_of(b, at, true));
  }
  show(Screen::AnimatorBookings, at);
}

// The events that will not reach the server as they were made, so that
// staff can redo them: the latest ones (the home button counts them all).
void KioskApp::show_refused(Instant at) {
  constexpr std::size_t kShown = 30;
  animator_.refused_events.clear();
  for (const auto& r : store_.refused_events(kShown)) {
    std::optional<LocalTime> when;
    if (r.at) when = to_paris(*r.at);
    animator_.refused_events.push_back({r.type, when, r.reason, r.set_aside_here});
  }
  animator_.summary.refused_events = static_cast<int>(store_.rejected_count());
  show(Screen::AnimatorRefused, at);
}

void KioskApp::show_picker(PickPurpose purpose, Instant at) {
  animator_.pick_purpose = purpose;
  animator_.picker_query.clear();
  update_matches();
  show(Screen::AnimatorPickMember, at);
}

void KioskApp::update_matches() {
  animator_.matches = store_.search_members(animator_.picker_query, 4);
  animator_.picker_matches.clear();
  for (const auto& m : animator_.matches) animator_.picker_matches.push_back(m.first_name + " " + m.last_name);
}

void KioskApp::submit_member_form(Instant at) {
  if (screen_ != Screen::AnimatorNewMember || !animator_.who) return;
  auto& form = animator_.form;
  const auto value = [&](std::string_view key) {
    for (const auto& f : form.fields) {
      if (f.label_key == key) return std::string(text::trim(f.value));
    }
    return std::string();
  };
  sync::NewMember m;
  m.first_name = value("first_name");
  m.last_name = value("last_name");
  const std::string commune = value("home_commune");
  const std::string email = value("email");
  const std::string phone = value("phone");
  form.error.clear();
  form.error_en.clear();
  const auto fail = [&](std::string fr, std::string en, std::string_view key) {
    form.error = std::move(fr);
    form.error_en = std::move(en);
    for (std::size_t i = 0; i < form.fields.size(); ++i) {
      if (form.fields[i].label_key == key) form.focused = static_cast<int>(i);
    }
    last_activity_ = at;
  };
  if (m.first_name.empty()) return fail("Le prénom manque.", "The first name is missing.", "first_name");
  if (m.last_name.empty()) return fail("Le nom manque.", "The last name is missing.", "last_name");
  if (!is_valid_insee_code(commune)) {
    return fail("Le code INSEE de la commune a 5 chiffres, par exemple 12203.",
                "The commune’s INSEE code has 5 digits, for example 12203.", "home_commune");
  }
  m.home_commune = commune;
  if (!email.empty()) {
    const auto at_sign = email.find('@');
    if (at_sign == std::string::npos || at_sign == 0 || email.find('.', at_sign) == std::string::npos ||
        email.find(' ') != std::string::npos) {
      return fail("L’adresse e-mail ne semble pas complète, par exemple marie@exemple.fr.",
                  "The e-mail address looks incomplete, for example marie@example.fr.", "email");
    }
    m.email = email;
  }
  if (!phone.empty()) {
    const auto digits = std::count_if(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits < 10 || digits > 15) {
      return fail("Le numéro de téléphone a 10 chiffres, par exemple 06 12 34 56 78.",
                  "The phone number has 10 digits, for example 06 12 34 56 78.", "phone");
    }
    m.phone = phone;
  }
  // Also check what the server will check, so the animator hears it now.
  Member check;
  check.first_name = m.first_name;
  check.last_name = m.last_name;
  check.home_commune = m.home_commune;
  check.email = m.email;
  check.phone = m.phone;
  if (const auto problem = validate(check)) return fail(*problem, *problem, "first_name");
  animator_.errand.new_member = m;
  animator_.pick_purpose = PickPurpose::NewMember;
  animator_.errand.subject_name = m.first_name + " " + m.last_name;
  show(Screen::AnimatorBadgeWait, at);
}

void KioskApp::pick_for_let_in(Instant at) {
  if (!animator_.who || !animator_.errand.subject) return;
  // Already in (badged, or let in by someone else): say since when, record nothing.
  if (const auto open = store_.open_visit(animator_.errand.subject->id, at, settings_.max_visit)) {
    done(DoneKind::AlreadyIn, animator_.errand.subject->full_name(), std::nullopt, at);
    animator_.done.since = to_paris(open->check_in);
    return;
  }
  animator_.confirm = ConfirmRequest{ConfirmKind::LetIn, animator_.errand.subject->full_name(), std::nullopt};
  show(Screen::AnimatorConfirm, at);
}

void KioskApp::let_in(Instant at) {
  if (!animator_.who || !animator_.errand.subject) return;
  // Checked again: the member may have badged meanwhile on this kiosk.
  if (const auto open = store_.open_visit(animator_.errand.subject->id, at, settings_.max_visit)) {
    done(DoneKind::AlreadyIn, animator_.errand.subject->full_name(), std::nullopt, at);
    animator_.done.since = to_paris(open->check_in);
    return;
  }
  const auto on_booking = record_arrival(*animator_.errand.subject, std::nullopt, at, animator_.who->id);
  done(DoneKind::LetIn, animator_.errand.subject->full_name(),
       on_booking ? std::optional(line_of(*on_booking, at, true)) : std::nullopt, at);
  animator_.done.since = to_paris(at);
}

void KioskApp::on_animator_badge_wait(const BadgeUid& uid, Instant at) {
  try {
    if (const auto holder = store_.find_badge(uid)) {
      if (!(animator_.errand.subject && holder->member_id == animator_.errand.subject->id)) {
        done(DoneKind::BadgeTakenByOther, holder->first_name + " " + holder->last_name, std::nullopt, at);
        return;
      }
    }
    if (animator_.errand.new_member) {
      store_.record_member_create(*animator_.errand.new_member, uid, at, animator_.who->id);
      done(DoneKind::MemberCreatedWithBadge,
           animator_.errand.new_member->first_name + " " + animator_.errand.new_member->last_name, std::nullopt, at);
      animator_.errand.new_member.reset();
      return;
    }
    if (!animator_.errand.subject) return;
    store_.record_badge_assign(uid, animator_.errand.subject->id, at, animator_.who->id);
    done(DoneKind::BadgeAssigned, animator_.errand.subject->full_name(), std::nullopt, at);
  } catch (const store::StoreError& e) {
    spdlog::error("cannot record the new badge {}: {}", uid.hex(), e.what());
    last_error_ = kStorageError;
    last_activity_ = at;
  }
}

void KioskApp::done(DoneKind kind, std::string name, std::optional<BookingLine> booking, Instant at) {
  // The kiosk's own trace of animator actions (the server keeps the audit
  // log); member numbers only, no names in the logs.
  static constexpr std::string_view kWhat[] = {"checked someone out",     "gave a badge",
                                               "created a member",        "created a member with a badge",
                                               "recorded a walk-in",      "placed a help request on the spot",
                                               "found no free help slot", "recorded an activity",
                                               "cancelled a booking",     "moved a booking",
                                               "made a booking",          "tried a badge already in use",
                                               "let a member in",         "found a member already in"};
  const auto what = static_cast<std::size_t>(kind);
  spdlog::info("animator mode: member {} {}{}", animator_.who ? animator_.who->id : 0,
               what < std::size(kWhat) ? kWhat[what] : "did something",
               animator_.errand.subject ? fmt::format(" for member {}", animator_.errand.subject->id) : std::string());
  animator_.done = DoneMessage{kind, std::move(name), std::move(booking), std::nullopt};
  show(Screen::AnimatorDone, at);
}

}  // namespace escale::kiosk
