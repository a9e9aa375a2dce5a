// A new kiosk's first run, KioskApp's side (see app/first_run.hpp for its
// state): the enrolment code typed or configured, the exchange's outcome
// (the token saved in one transaction), then préparation until the first
// pull, and the badges tapped meanwhile replayed at their own time.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/kiosk_app.hpp"

namespace escale::kiosk {

// ---- first run

void KioskApp::require_enrolment(std::string server_url, Instant at, std::string_view code) {
  enrolment_.pending = true;
  enrolment_.view = EnrolView{};
  enrolment_.view.server_url = std::move(server_url);
  show(Screen::Enrol, at);
  if (code.empty()) return;
  const CodeCheck check = check_enrolment_code(code);
  enrolment_.view.code = check.code.substr(0, kEnrolmentCodeLength);
  enrolment_.submit(check, true);
}

std::optional<EnrolRequest> KioskApp::take_enrol_request() {
  auto r = std::move(enrolment_.request);
  enrolment_.request.reset();
  return r;
}

void KioskApp::on_enrol_action(const UiAction& action, Instant at) {
  const bool busy =
      enrolment_.view.status == EnrolStatus::Exchanging || enrolment_.view.status == EnrolStatus::Retrying;
  switch (action.act) {
    case Act::ToggleLanguage:
      language_ = language_ == Language::French ? Language::English : Language::French;
      last_activity_ = at;
      return;
    case Act::Home:
      if (!enrolment_.pending) show(Screen::Attract, at);
      return;
    case Act::EnrolEdit: {
      if (busy || !enrolment_.pending) return;
      // Keep what can be in a code: letters and digits, in upper case.
      std::string code;
      for (char c : action.text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) && code.size() < kEnrolmentCodeLength) code += c;
      }
      enrolment_.view.code = code;
      if (enrolment_.view.status == EnrolStatus::Failed) {
        // A new try: the old reason goes once the code changes.
        enrolment_.view.status = EnrolStatus::Typing;
        enrolment_.view.failure.reset();
      }
      last_activity_ = at;
      return;
    }
    case Act::EnrolSubmit: {
      if (busy || !enrolment_.pending) return;
      last_activity_ = at;
      enrolment_.submit(check_enrolment_code(enrolment_.view.code), false);
      return;
    }
    default:
      return;
  }
}

std::optional<std::string> KioskApp::on_enrol_outcome(const EnrolOutcome& outcome,
                                                      std::optional<std::chrono::milliseconds> will_retry_in,
                                                      Instant at) {
  if (!enrolment_.pending) return std::nullopt;
  if (outcome.ok()) {
    const Enrolment& e = *outcome.enrolment;
    try {
      // The members come with the first pull: until then, préparation.
      store_.save_enrolment_awaiting_first_pull(
          StoredEnrolment{e.server_url, e.token, e.kiosk_id, e.kiosk_name, e.site_id, e.site_name, at});
    } catch (const store::StoreError& ex) {
      spdlog::error("enrolment: cannot keep the token in the local database: {}", ex.what());
      enrolment_.view.status = EnrolStatus::Failed;
      enrolment_.view.failure = EnrolFailure::Unreachable;
      enrolment_.view.detail = ex.what();
      return std::nullopt;
    }
    spdlog::info("enrolled as kiosk {} « {} » of site {} « {} »", e.kiosk_id, e.kiosk_name, e.site_id, e.site_name);
    enrolment_.pending = false;
    preparation_.active = true;
    preparation_.sync_trouble = false;
    preparation_.enrolled_site_name = e.site_name;
    enrolment_.view.status = EnrolStatus::Done;
    enrolment_.view.failure.reset();
    enrolment_.view.kiosk_name = e.kiosk_name;
    enrolment_.view.site_name = e.site_name;
    enrolment_.view.badge_refused = false;
    enrolment_.badge_notice_until.reset();
    last_activity_ = at;
    return e.token;
  }
  enrolment_.view.failure = outcome.error.reason;
  enrolment_.view.detail = outcome.error.detail;
  enrolment_.view.retry_after_min =
      static_cast<int>((outcome.error.retry_after.count() + 59) / 60);  // « 15 min », never « 0 min »
  if (will_retry_in) {
    enrolment_.view.status = EnrolStatus::Retrying;
    enrolment_.view.retry_in_s = static_cast<int>(
        std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(*will_retry_in).count()));
  } else {
    enrolment_.view.status = EnrolStatus::Failed;
  }
  last_activity_ = at;
  return std::nullopt;
}

// ---- after enrolment: préparation until the first pull

void KioskApp::check_preparation(Instant at) {
  if (preparation_.active) {
    try {
      if (store_.first_pull_pending()) return;
    } catch (const store::StoreError& e) {
      spdlog::error("cannot read whether the first pull is done: {}", e.what());
      return;
    }
    spdlog::info("first pull done: the kiosk knows its site's members");
    preparation_.active = false;
    preparation_.replay_due = true;
    preparation_.tap_noted_until.reset();
    if (screen_ == Screen::Preparing) show(Screen::Attract, at);
  }
  if (preparation_.replay_due) replay_early_taps();
}

void KioskApp::replay_early_taps() {
  try {
    for (const EarlyTap& tap : store_.early_taps()) {
      store_.replay_early_tap(tap.seq, [&] { replay_early_tap(tap); });
    }
    preparation_.replay_due = false;
  } catch (const store::StoreError& e) {
    // The taps not replayed stay noted: tried again at the next sync or badge.
    spdlog::error("cannot count the badges tapped before the first pull (they stay noted): {}", e.what());
  }
}

// One noted tap, decided as it would have been at its time, without a
// screen: the person is long gone. Runs inside the store's transaction that
// forgets the tap.
void KioskApp::replay_early_tap(const EarlyTap& tap) {
  if (!tap.uid || !tap.at) {
    spdlog::warn("a badge tap noted before the first pull is unreadable (row {}): dropped", tap.seq);
    return;
  }
  const std::string badge_text = tap.uid->hex();
  const std::string when = to_iso_utc(*tap.at);
  const auto badge = store_.find_badge(*tap.uid);
  if (!badge) {
    // What the screen would have called « badge inconnu ».
    spdlog::info("badge {} tapped at {} before the first pull is unknown: not counted", badge_text, when);
    return;
  }
  const bool animator = std::find(badge->roles.begin(), badge->roles.end(), Role::Animator) != badge->roles.end();
  if (animator && !store_.pin_hash(badge->member_id).value_or("").empty()) {
    spdlog::info("badge {} tapped at {} before the first pull is an animator's: staff taps are not visits", badge_text,
                 when);
    return;
  }
  if (!badge->may_use_site(site_id_)) {
    spdlog::info(
        "badge {} tapped at {} before the first pull is member {}'s, whose membership does not include this "
        "site: not counted",
        badge_text, when, badge->member_id);
    return;
  }
  const MemberTap done =
      record_member_tap(Person{badge->member_id, badge->first_name, badge->last_name}, *tap.uid, *tap.at);
  const char* what = done.kind == MemberTap::Kind::CheckIn    ? "check-in"
                     : done.kind == MemberTap::Kind::CheckOut ? "check-out"
                                                              : "already here (no check-out)";
  spdlog::info("badge {} tapped at {} before the first pull: {} of member {}", badge_text, when, what,
               badge->member_id);
}

}  // namespace escale::kiosk
