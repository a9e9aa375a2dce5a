// Kiosk app logic: badge taps, buttons, idle timeout. See kiosk_app.hpp.
#include "app/kiosk_app.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

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
    case Screen::NotHere:
      return "not-here";
    case Screen::WalkIn:
      return "walk-in";
    case Screen::BookDay:
      return "book-day";
    case Screen::BookDeskGrid:
      return "book-desk-grid";
    case Screen::BookVisioStart:
      return "book-visio-start";
    case Screen::BookVisioDuration:
      return "book-visio-duration";
    case Screen::BookConfirm:
      return "book-confirm";
    case Screen::Booked:
      return "booked";
    case Screen::MyBookings:
      return "my-bookings";
    case Screen::CancelConfirm:
      return "cancel-confirm";
    case Screen::Cancelled:
      return "cancelled";
    case Screen::HelpTopics:
      return "help-topics";
    case Screen::HelpWhen:
      return "help-when";
    case Screen::HelpTime:
      return "help-time";
    case Screen::HelpContact:
      return "help-contact";
    case Screen::HelpTicket:
      return "help-ticket";
    case Screen::AnimatorPin:
      return "animator-pin";
    case Screen::AnimatorHome:
      return "animator-home";
    case Screen::AnimatorPresent:
      return "animator-present";
    case Screen::AnimatorBookings:
      return "animator-bookings";
    case Screen::AnimatorPickMember:
      return "animator-pick-member";
    case Screen::AnimatorBadgeWait:
      return "animator-badge-wait";
    case Screen::AnimatorNewMember:
      return "animator-new-member";
    case Screen::AnimatorConfirm:
      return "animator-confirm";
    case Screen::AnimatorDone:
      return "animator-done";
    case Screen::AnimatorAgenda:
      return "animator-agenda";
    case Screen::AnimatorRefused:
      return "animator-refused";
    case Screen::AnimatorActivity:
      return "animator-activity";
    case Screen::Enrol:
      return "enrol";
    case Screen::Preparing:
      return "preparing";
    case Screen::PhoneLink:
      return "phone-link";
  }
  return "?";
}

namespace {

using namespace std::chrono_literals;

bool is_animator_screen(Screen s) {
  switch (s) {
    case Screen::AnimatorHome:
    case Screen::AnimatorPresent:
    case Screen::AnimatorBookings:
    case Screen::AnimatorPickMember:
    case Screen::AnimatorBadgeWait:
    case Screen::AnimatorNewMember:
    case Screen::AnimatorConfirm:
    case Screen::AnimatorDone:
    case Screen::AnimatorAgenda:
    case Screen::AnimatorRefused:
    case Screen::AnimatorActivity:
      return true;
    default:
      return false;
  }
}

bool is_help_screen(Screen s) {
  switch (s) {
    case Screen::HelpTopics:
    case Screen::HelpWhen:
    case Screen::HelpTime:
    case Screen::HelpContact:
    case Screen::HelpTicket:
      return true;
    default:
      return false;
  }
}

bool is_booking_screen(Screen s) {
  switch (s) {
    case Screen::BookDay:
    case Screen::BookDeskGrid:
    case Screen::BookVisioStart:
    case Screen::BookVisioDuration:
    case Screen::BookConfirm:
    case Screen::Booked:
    case Screen::MyBookings:
    case Screen::CancelConfirm:
    case Screen::Cancelled:
      return true;
    default:
      return false;
  }
}

}  // namespace

KioskApp::KioskApp(LocalStore& store, KioskSettings settings) : store_(store), settings_(std::move(settings)) {
  refresh_site();
  // Enrolled and the first pull not landed (even before a restart): préparation.
  preparation_.active = store_.first_pull_pending();
  if (preparation_.active) {
    screen_ = Screen::Preparing;
    if (const auto e = store_.enrolment()) preparation_.enrolled_site_name = e->site_name;
  }
  // Taps a stop interrupted while they were replayed: before any new one.
  preparation_.replay_due = !preparation_.active && store_.early_tap_count() > 0;
  if (preparation_.replay_due) replay_early_taps();
}

void KioskApp::refresh_site() {
  const auto site = store_.site();
  site_id_ = site ? site->id : 0;
  site_name_ = site ? site->name : std::string();
  hours_.reset();
  if (site) {
    std::string error;
    hours_ = OpeningHours::parse(site->opening_hours, &error);
    if (!hours_) spdlog::error("the site's opening hours « {} » are unreadable: {}", site->opening_hours, error);
  }
  resources_ = store_.resources();
  rules_ = store_.rules();
}

void KioskApp::refresh(Instant at) {
  refresh_site();
  check_preparation(at);
  try {
    if (screen_ == Screen::Booked && booking_.shown_booking_id) {
      if (const auto b = store_.find_booking(*booking_.shown_booking_id)) {
        booking_.booking = line_of(*b, at, false);
        // Seen on this screen: not to be told again at the next badge.
        if (b->status == BookingStatus::Refused) store_.mark_refusals_told(b->member_id);
      }
    } else if (screen_ == Screen::MyBookings) {
      show_my_bookings(at);
    } else if (screen_ == Screen::HelpTicket) {
      refresh_help_ticket(at);
    }
  } catch (const store::StoreError& e) {
    spdlog::error("cannot refresh the bookings on screen: {}", e.what());
  }
}

const Resource* KioskApp::resource(std::int64_t id) const {
  for (const auto& r : resources_) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// Everything of the person on screen lives in the flows: forgetting them is
// one assignment per flow (a flow's new state is forgotten with it).
void KioskApp::clear_person() {
  visit_ = MemberVisit{};
  booking_ = BookingFlow{};
  animator_ = AnimatorSession{};
  // The ticket to print goes too: the runtime takes it in the same loop turn, a stale one is not printed later.
  help_ = HelpFlow{};
  agenda_ = AgendaMode{};
  phone_ = PhoneLinkFlow{};
}

void KioskApp::show(Screen s, Instant at) {
  // The login link logs the member in: it goes as soon as its screen does.
  if (s != Screen::PhoneLink) phone_ = PhoneLinkFlow{};
  screen_ = s;
  last_activity_ = at;
  if (s == Screen::Attract) {
    // Nothing personal stays in memory for the next person.
    clear_person();
    language_ = Language::French;
    // Until the first pull has landed, the préparation screen takes the attract screen's place.
    if (preparation_.active) screen_ = Screen::Preparing;
  }
}

std::chrono::seconds KioskApp::idle_timeout_for(Screen s) const {
  if (s == Screen::AnimatorPin || is_animator_screen(s) || (animator_.who && is_booking_screen(s))) {
    return settings_.animator_idle_timeout;
  }
  // The help ticket stays until « J’ai noté » (or a long while).
  if (s == Screen::HelpTicket) return settings_.ticket_idle_timeout;
  // The login link's code: a minute, then nothing of it stays up.
  if (s == Screen::PhoneLink) return settings_.phone_link_idle_timeout;
  // Typing a name or choosing a time takes as long as booking a desk.
  if (is_booking_screen(s) || is_help_screen(s)) return settings_.booking_idle_timeout;
  return settings_.idle_timeout;
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
  sleep_.last_interaction = at;
  if (enrolment_.pending) {
    // No visit before the kiosk belongs to a site: say so, briefly.
    spdlog::info("badge {} tapped before enrolment: not recorded", uid.hex());
    enrolment_.view.badge_refused = true;
    enrolment_.badge_notice_until = at + 5s;
    return;
  }
  if (preparation_.active) {
    // No member is known yet: the tap is noted with its time, and decided
    // once the first pull has landed (« votre passage est noté »).
    try {
      store_.note_early_tap(uid, at);
    } catch (const store::StoreError& e) {
      spdlog::error("badge {}: cannot note the tap: {}", uid.hex(), e.what());
      show(Screen::Attract, at);
      last_error_ = kStorageError;
      return;
    }
    spdlog::info("badge {} tapped before the first pull: noted, counted once the members are known", uid.hex());
    last_error_.clear();
    if (screen_ != Screen::Preparing) show(Screen::Attract, at);
    last_activity_ = at;
    preparation_.tap_noted_until = at + 5s;
    return;
  }
  // Taps noted during préparation come first, in their order.
  if (preparation_.replay_due) replay_early_taps();
  last_error_.clear();
  if (screen_ == Screen::AnimatorBadgeWait && animator_.who) {
    on_animator_badge_wait(uid, at);
    return;
  }
  // Any other tap starts over with this badge's person (an animator who
  // leaves animator mode open and a member badges: animator mode closes).
  clear_person();
  try {
    const auto badge = store_.find_badge(uid);
    if (!badge) {
      spdlog::info("unknown badge {}", uid.hex());
      show(Screen::UnknownBadge, at);
      return;
    }
    const Person who{badge->member_id, badge->first_name, badge->last_name};
    const bool animator = std::find(badge->roles.begin(), badge->roles.end(), Role::Animator) != badge->roles.end();
    if (animator) {
      if (store_.pin_hash(who.id).value_or("").empty()) {
        spdlog::warn("animator {} has no PIN yet (escale-server member pin): greeted as a member", who.id);
      } else {
        // Staff open animator mode; their taps are not counted as visits.
        animator_.pin_for = who;
        const PinAttempts attempts = store_.pin_attempts(who.id);
        animator_.pin_attempts_left = std::max(0, kMaxPinFailures - attempts.failures);
        if (is_locked(attempts, at)) animator_.pin_locked_until = to_paris(*attempts.locked_until);
        show(Screen::AnimatorPin, at);
        return;
      }
    }
    // One membership for the network (issue 17), unless an animator
    // restricted it to some sites: elsewhere the member is told where they
    // may go, and nothing is recorded.
    if (!badge->may_use_site(site_id_)) {
      spdlog::info("member {}: membership restricted to other sites; no visit recorded here", who.id);
      visit_.member = who;
      visit_.allowed_sites = store_.site_names(*badge->allowed_sites);
      show(Screen::NotHere, at);
      return;
    }
    on_member_badge(who, uid, at);
  } catch (const store::StoreError& e) {
    // The visit could not be saved: say so rather than greet as if it were.
    spdlog::error("badge {}: cannot record the visit: {}", uid.hex(), e.what());
    show(Screen::Attract, at);
    last_error_ = kStorageError;
  }
}

KioskApp::MemberTap KioskApp::record_member_tap(const Person& who, const BadgeUid& uid, Instant at) {
  MemberTap tap;
  if (const auto open = store_.open_visit(who.id, at, settings_.max_visit)) {
    tap.check_in = open->check_in;
    if (at - open->check_in < settings_.min_visit) {
      // A second tap right after checking in is a hesitation, not a departure.
      tap.kind = MemberTap::Kind::AlreadyHere;
    } else {
      store_.record_check_out(open->visit_id, at);
      tap.kind = MemberTap::Kind::CheckOut;
      tap.minutes = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(at - open->check_in).count());
    }
    return tap;
  }
  tap.on_booking = record_arrival(who, uid, at, std::nullopt);
  tap.kind = MemberTap::Kind::CheckIn;
  tap.check_in = at;
  return tap;
}

std::optional<Booking> KioskApp::record_arrival(const Person& who, const std::optional<BadgeUid>& uid, Instant at,
                                                std::optional<std::int64_t> by) {
  // Checking in: on the booking that starts about now, if there is one.
  const auto mine = store_.member_bookings(who.id, at - 24h);
  std::optional<Booking> on_booking;
  for (const ResourceKind kind : {ResourceKind::Desk, ResourceKind::VisioRoom}) {
    std::vector<Booking> of_kind;
    for (const auto& b : mine) {
      const Resource* r = resource(b.resource_id);
      if (r && r->kind == kind) of_kind.push_back(b);
    }
    if (const auto i = booking_to_check_in(of_kind, rules_.for_kind(kind), at)) {
      if (!on_booking || of_kind[*i].start < on_booking->start) on_booking = of_kind[*i];
    }
  }
  store_.record_check_in(who.id, uid, at, on_booking ? std::optional(on_booking->id) : std::nullopt, by);
  if (on_booking) on_booking->status = BookingStatus::CheckedIn;
  return on_booking;
}

void KioskApp::on_member_badge(const Person& who, const BadgeUid& uid, Instant at) {
  const MemberTap tap = record_member_tap(who, uid, at);
  visit_.member = who;
  switch (tap.kind) {
    case MemberTap::Kind::AlreadyHere:
      visit_.check_in = tap.check_in;
      show(Screen::AlreadyHere, at);
      break;
    case MemberTap::Kind::CheckOut:
      visit_.visit_minutes = tap.minutes;
      show(Screen::Goodbye, at);
      break;
    case MemberTap::Kind::CheckIn:
      visit_.check_in = at;
      if (tap.on_booking) visit_.checked_in_on = line_of(*tap.on_booking, at, false);
      show(Screen::Greeting, at);
      break;
  }
  // What the member should know: today's bookings, refusals not yet told.
  try {
    const Instant today = paris_day_start(at);
    const Instant tomorrow = paris_next_day_start(at);
    for (const auto& b : store_.member_bookings(who.id, today)) {
      if (b.start >= tomorrow) continue;
      if (!holds_resource(b.status) && b.status != BookingStatus::CheckedIn) continue;
      if (b.end <= at) continue;
      visit_.today_bookings.push_back(line_of(b, at, false));
    }
    for (const auto& b : store_.untold_refusals(who.id)) visit_.refused.push_back(line_of(b, at, false));
    if (!visit_.refused.empty()) store_.mark_refusals_told(who.id);
  } catch (const store::StoreError& e) {
    spdlog::error("cannot read the bookings of member {}: {}", who.id, e.what());
  }
}

void KioskApp::on_action(UiAction action, Instant at) {
  if (action.act != Act::None) sleep_.last_interaction = at;
  if (screen_ == Screen::Enrol) {
    on_enrol_action(action, at);
    return;
  }
  try {
    on_action_unchecked(action, at);
  } catch (const store::StoreError& e) {
    spdlog::error("action failed: {}", e.what());
    last_error_ = is_booking_screen(screen_) || is_help_screen(screen_) ? kBookingStorageError : kStorageError;
    last_activity_ = at;
  }
}

void KioskApp::on_action_unchecked(const UiAction& action, Instant at) {
  if (on_help_action(action, at)) return;
  if (on_agenda_action(action, at)) return;
  switch (action.act) {
    case Act::None:
      return;
    case Act::Home:
    case Act::LeaveAnimator:
      show(Screen::Attract, at);
      return;
    case Act::ToggleLanguage:
      language_ = language_ == Language::French ? Language::English : Language::French;
      last_activity_ = at;
      return;
    case Act::WalkIn:
      store_.record_walk_in(at, animator_.who ? std::optional(animator_.who->id) : std::nullopt);
      last_error_.clear();
      if (animator_.who) {
        done(DoneKind::WalkInRecorded, {}, std::nullopt, at);
      } else {
        show(Screen::WalkIn, at);
      }
      return;
    case Act::Back:
      back(at);
      return;
    case Act::BookDesk:
      start_booking(ResourceKind::Desk, at);
      return;
    case Act::BookVisio:
      start_booking(ResourceKind::VisioRoom, at);
      return;
    case Act::MyBookings:
      if (visit_.member) show_my_bookings(at);
      return;
    case Act::PhoneLink:
      ask_phone_link(at);
      return;
    case Act::NoticesRead:
      // Told once (the store marked them told): the greeting goes on with its menu.
      visit_.refused.clear();
      return;
    case Act::PickDay:
      pick_day(action.arg, at);
      return;
    case Act::PickCell:
      pick_cell(action.arg, at);
      return;
    case Act::PickChoice:
      pick_choice(action.arg, at);
      return;
    case Act::Confirm:
      confirm(at);
      return;
    case Act::CancelBooking:
      if (action.arg < 0 || static_cast<std::size_t>(action.arg) >= booking_.listed.size()) return;
      booking_.cancelling = booking_.listed[static_cast<std::size_t>(action.arg)];
      booking_.booking = line_of(*booking_.cancelling, at, animator_.who.has_value());
      if (animator_.who) {
        animator_.confirm = ConfirmRequest{ConfirmKind::CancelBooking, booking_.booking->who, booking_.booking};
        show(Screen::AnimatorConfirm, at);
      } else {
        show(Screen::CancelConfirm, at);
      }
      return;
    case Act::MoveBooking: {
      if (!animator_.who || action.arg < 0 || static_cast<std::size_t>(action.arg) >= booking_.listed.size()) return;
      booking_.being_moved = booking_.listed[static_cast<std::size_t>(action.arg)];
      const Resource* r = resource(booking_.being_moved->resource_id);
      const auto m = store_.member(booking_.being_moved->member_id);
      if (!r || !m) return;
      animator_.errand.subject = Person{m->id, m->first_name, m->last_name};
      // Every screen of the move says whose booking moves, and from where.
      animator_.errand.subject_name = animator_.errand.subject->full_name();
      booking_.moving = line_of(*booking_.being_moved, at, true);
      start_booking(r->kind, at);
      return;
    }
    case Act::PinEdit:
      if (screen_ != Screen::AnimatorPin) return;
      animator_.pin_digits.clear();
      for (char c : action.text) {
        if (c >= '0' && c <= '9' && animator_.pin_digits.size() < 6) animator_.pin_digits += c;
      }
      last_activity_ = at;
      return;
    case Act::PinSubmit:
      submit_pin(action.text, at);
      return;
    case Act::ShowPresent:
      if (animator_.who) show_present(at);
      return;
    case Act::ShowBookings:
      if (animator_.who) show_today_bookings(at);
      return;
    case Act::ShowRefused:
      if (animator_.who) show_refused(at);
      return;
    case Act::NewBooking:
      if (animator_.who) show_picker(PickPurpose::NewBooking, at);
      return;
    case Act::NewBadge:
      if (animator_.who) show_picker(PickPurpose::NewBadge, at);
      return;
    case Act::LetIn:
      if (animator_.who) show_picker(PickPurpose::LetIn, at);
      return;
    case Act::NewMember:
      if (!animator_.who) return;
      animator_.form = MemberForm{};
      animator_.form.fields = {{"first_name", {}, true, false},
                               {"last_name", {}, true, false},
                               {"home_commune", {}, true, true},
                               {"email", {}, false, false},
                               {"phone", {}, false, true}};
      show(Screen::AnimatorNewMember, at);
      return;
    case Act::CheckOutPerson:
      if (!animator_.who || action.arg < 0 || static_cast<std::size_t>(action.arg) >= animator_.present.size()) return;
      animator_.errand.checking_out = animator_.present[static_cast<std::size_t>(action.arg)];
      animator_.confirm = ConfirmRequest{
          ConfirmKind::CheckOutPerson,
          animator_.errand.checking_out->first_name + " " + animator_.errand.checking_out->last_name, std::nullopt};
      show(Screen::AnimatorConfirm, at);
      return;
    case Act::PickerEdit:
      if (screen_ != Screen::AnimatorPickMember) return;
      animator_.picker_query = action.text.substr(0, 40);
      update_matches();
      last_activity_ = at;
      return;
    case Act::PickMember: {
      if (!animator_.who || action.arg < 0 || static_cast<std::size_t>(action.arg) >= animator_.matches.size()) return;
      const auto& m = animator_.matches[static_cast<std::size_t>(action.arg)];
      animator_.errand.subject = Person{m.id, m.first_name, m.last_name};
      animator_.errand.subject_name = animator_.errand.subject->full_name();
      if (animator_.pick_purpose == PickPurpose::NewBadge) {
        show(Screen::AnimatorBadgeWait, at);
      } else if (animator_.pick_purpose == PickPurpose::LetIn) {
        pick_for_let_in(at);
      } else {
        const bool desks = std::any_of(resources_.begin(), resources_.end(),
                                       [](const Resource& r) { return r.kind == ResourceKind::Desk; });
        start_booking(desks ? ResourceKind::Desk : ResourceKind::VisioRoom, at);
      }
      return;
    }
    case Act::FormFocus:
      if (screen_ != Screen::AnimatorNewMember || action.arg < 0 ||
          static_cast<std::size_t>(action.arg) >= animator_.form.fields.size()) {
        return;
      }
      animator_.form.focused = action.arg;
      last_activity_ = at;
      return;
    case Act::FormEdit:
      if (screen_ != Screen::AnimatorNewMember) return;
      if (animator_.form.focused >= 0 &&
          static_cast<std::size_t>(animator_.form.focused) < animator_.form.fields.size()) {
        animator_.form.fields[static_cast<std::size_t>(animator_.form.focused)].value = action.text.substr(0, 80);
      }
      last_activity_ = at;
      return;
    case Act::FormSubmit:
      submit_member_form(at);
      return;
    case Act::SkipBadge:
      if (screen_ != Screen::AnimatorBadgeWait || !animator_.errand.new_member || !animator_.who) return;
      store_.record_member_create(*animator_.errand.new_member, std::nullopt, at, animator_.who->id);
      done(DoneKind::MemberCreated,
           animator_.errand.new_member->first_name + " " + animator_.errand.new_member->last_name, std::nullopt, at);
      animator_.errand.new_member.reset();
      return;
    case Act::AskHelp:  // help acts are handled by on_help_action
    case Act::PickTopic:
    case Act::PickWorkshop:
    case Act::HelpSkipContact:
    case Act::ShowAgenda:  // … and agenda acts by on_agenda_action
    case Act::MarkSeen:
    case Act::MarkNoShow:
    case Act::MarkExcused:
    case Act::OpenActivity:
    case Act::ToggleChoice:
    case Act::AgendaWalkIn:
    case Act::EnrolEdit:  // first-run acts: on_enrol_action
    case Act::EnrolSubmit:
      return;
  }
}

void KioskApp::back(Instant at) {
  if (is_help_screen(screen_)) {
    help_back(at);
    return;
  }
  if (screen_ == Screen::AnimatorAgenda) {
    show_animator_home(at);
    return;
  }
  if (screen_ == Screen::AnimatorActivity) {
    agenda_.draft.reset();
    show_agenda(at);
    return;
  }
  switch (screen_) {
    case Screen::BookDay:
      if (booking_.being_moved) {
        booking_.being_moved.reset();
        booking_.moving.reset();
        animator_.errand.subject_name.clear();
        show_today_bookings(at);
      } else if (animator_.who) {
        // A booking for a member starts from « Réservations du jour ».
        show_today_bookings(at);
      } else {
        back_to_menu(at);
      }
      return;
    case Screen::AnimatorPickMember:
      if (animator_.pick_purpose == PickPurpose::NewBooking) {
        show_today_bookings(at);
      } else {
        show_animator_home(at);
      }
      return;
    case Screen::BookDeskGrid:
    case Screen::BookVisioStart:
      show(Screen::BookDay, at);
      return;
    case Screen::BookVisioDuration:
      build_visio_starts(at);
      return;
    case Screen::BookConfirm:
      if (booking_.booking_kind == ResourceKind::Desk) {
        build_desk_grid(at);
      } else {
        booking_.choosing_duration = true;
        show(Screen::BookVisioDuration, at);
      }
      return;
    case Screen::MyBookings:
    case Screen::Booked:
    case Screen::Cancelled:
    case Screen::PhoneLink:
      back_to_menu(at);
      return;
    case Screen::CancelConfirm:
      show_my_bookings(at);
      return;
    case Screen::AnimatorConfirm:
      if (animator_.confirm.kind == ConfirmKind::CheckOutPerson) {
        show_present(at);
      } else if (animator_.confirm.kind == ConfirmKind::LetIn) {
        show_picker(PickPurpose::LetIn, at);
      } else {
        show_today_bookings(at);
      }
      return;
    default:
      if (animator_.who) {
        show_animator_home(at);
      } else {
        show(Screen::Attract, at);
      }
      return;
  }
}

// Leaving a member's booking or help flow: back to their menu (the
// greeting), or to attract when nobody badged; the flow is forgotten.
void KioskApp::back_to_menu(Instant at) {
  booking_ = BookingFlow{};
  help_ = HelpFlow{};
  show(visit_.member ? Screen::Greeting : Screen::Attract, at);
}

void KioskApp::confirm(Instant at) {
  switch (screen_) {
    case Screen::BookConfirm:
      confirm_booking(at);
      return;
    case Screen::CancelConfirm:
      if (!booking_.cancelling) return;
      if (const auto refusal = check_cancel(*booking_.cancelling, at)) {
        booking_.booking->refusal = refusal;
        show(Screen::Cancelled, at);
        return;
      }
      store_.record_booking_cancel(booking_.cancelling->id, at);
      booking_.cancelling->status = BookingStatus::Cancelled;
      booking_.booking = line_of(*booking_.cancelling, at, false);
      show(Screen::Cancelled, at);
      return;
    case Screen::AnimatorConfirm:
      if (!animator_.who) return;
      if (animator_.confirm.kind == ConfirmKind::CheckOutPerson && animator_.errand.checking_out) {
        store_.record_check_out(animator_.errand.checking_out->visit_id, at, animator_.who->id);
        done(DoneKind::CheckedOut, animator_.confirm.name, std::nullopt, at);
      } else if (animator_.confirm.kind == ConfirmKind::LetIn && animator_.errand.subject) {
        let_in(at);
      } else if (animator_.confirm.kind == ConfirmKind::CancelBooking && booking_.cancelling) {
        store_.record_booking_cancel(booking_.cancelling->id, at, animator_.who->id);
        booking_.cancelling->status = BookingStatus::Cancelled;
        done(DoneKind::BookingCancelled, animator_.confirm.name, line_of(*booking_.cancelling, at, true), at);
      }
      return;
    default:
      return;
  }
}

bool KioskApp::on_tick(Instant at) {
  if (screen_ == Screen::Preparing) {
    // The « noté » notice goes after a few seconds; English or an error go
    // back to the plain screen like the attract screen's.
    const bool notice_over = preparation_.tap_noted_until && at >= *preparation_.tap_noted_until;
    if (notice_over) preparation_.tap_noted_until.reset();
    const bool idle =
        (language_ != Language::French || !last_error_.empty()) && at >= last_activity_ + settings_.idle_timeout;
    if (idle) {
      show(Screen::Attract, at);
      last_error_.clear();
    }
    return notice_over || idle;
  }
  if (screen_ == Screen::Enrol) {
    bool changed = false;
    if (enrolment_.badge_notice_until && at >= *enrolment_.badge_notice_until) {
      enrolment_.badge_notice_until.reset();
      enrolment_.view.badge_refused = false;
      changed = true;
    }
    // Once enrolled, the success stays a moment, then the attract screen.
    if (!enrolment_.pending && at >= last_activity_ + settings_.idle_timeout) {
      show(Screen::Attract, at);
      changed = true;
    }
    return changed;
  }
  const auto deadline = next_deadline();
  if (!deadline || at < *deadline) return false;
  show(Screen::Attract, at);
  last_error_.clear();
  return true;
}

std::optional<Instant> KioskApp::next_deadline() const {
  if (screen_ == Screen::Preparing) {
    std::optional<Instant> d = preparation_.tap_noted_until;
    if (language_ != Language::French || !last_error_.empty()) {
      const Instant leave = last_activity_ + settings_.idle_timeout;
      d = d ? std::min(*d, leave) : leave;
    }
    return d;
  }
  if (screen_ == Screen::Enrol) {
    std::optional<Instant> d;
    if (enrolment_.badge_notice_until) d = enrolment_.badge_notice_until;
    if (!enrolment_.pending) {
      const Instant leave = last_activity_ + settings_.idle_timeout;
      d = d ? std::min(*d, leave) : leave;
    }
    return d;
  }
  if (screen_ == Screen::Attract && language_ == Language::French && last_error_.empty()) return std::nullopt;
  return last_activity_ + idle_timeout_for(screen_);
}

namespace {

// Words the server sends, in English (issue 15): the English ones staff
// gave, else the French ones marked as such, so that a visitor knows why
// they read French (and that the workshop may be held in French).
constexpr std::string_view kInFrench = " (in French)";

void to_english(std::string& words, const std::string& english) {
  if (words.empty()) return;  // nothing named: the screens say « bureau », "desk"
  words = english.empty() ? words + std::string(kInFrench) : english;
}
void to_english(BookingLine& b) {
  to_english(b.resource_name, b.resource_name_en);
}
void to_english(std::optional<BookingLine>& b) {
  if (b) to_english(*b);
}

void server_words_in_english(KioskView& v) {
  for (auto& b : v.today_bookings) to_english(b);
  for (auto& b : v.refused) to_english(b);
  for (auto& b : v.bookings) to_english(b);
  to_english(v.checked_in_on);
  to_english(v.booking);
  to_english(v.moving);
  to_english(v.confirm.booking);
  to_english(v.done.booking);
  for (auto& row : v.grid.rows) {
    to_english(row.resource_name, row.resource_name_en);
    to_english(row.features, row.features_en);
  }
  for (auto& w : v.help.workshops) to_english(w.title, w.title_en);
  to_english(v.help.ticket.title, v.help.ticket.title_en);
}

}  // namespace

KioskView KioskApp::view(Instant at) const {
  KioskView v;
  visit_.show_in(v);
  booking_.show_in(v);
  animator_.show_in(v);
  v.help = help_.view;
  agenda_.show_in(v);
  v.screen = screen_;
  v.language = language_;
  v.now = to_paris(at);
  // The name on screen: the animator's (typing their PIN, or in animator mode), else the member's.
  if (animator_.pin_for) v.first_name = animator_.pin_for->first_name;
  if (visit_.member) v.first_name = visit_.member->first_name;
  v.reader = reader_;
  v.reader_detail = reader_detail_;
  v.last_error = last_error_;
  v.site_name = site_name_;
  v.member_menu = visit_.member.has_value() && !animator_.who &&
                  (screen_ == Screen::Greeting || screen_ == Screen::AlreadyHere || screen_ == Screen::Goodbye);
  v.phone_link_offered = v.member_menu && phone_link_offered();
  v.phone_link = phone_.view;
  for (const auto& r : resources_) {
    (r.kind == ResourceKind::Desk ? v.has_desks : v.has_visio) = true;
  }
  if (animator_.who) v.first_name = animator_.who->first_name;
  v.enrol = enrolment_.view;
  preparation_.show_in(v, at);
  v.asleep = asleep(at);
  if (language_ == Language::English) server_words_in_english(v);
  return v;
}

// ---- night sleep

bool KioskApp::asleep(Instant at) const {
  // Never before the kiosk belongs to a site: the installer is at work.
  return !enrolment_.pending && sleep_.asleep(at, hours_, settings_);
}

}  // namespace escale::kiosk
