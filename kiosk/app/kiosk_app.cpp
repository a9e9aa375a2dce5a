// Kiosk app logic: badge taps, buttons, idle timeout. See kiosk_app.hpp.
#include "app/kiosk_app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/member.hpp"
#include "domain/uuid.hpp"

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
  }
  return "?";
}

namespace {

using namespace std::chrono_literals;

constexpr std::string_view kStorageError =
    "Votre passage n’a pas pu être enregistré. Prévenez l’accueil, s’il vous plaît.";
constexpr std::string_view kBookingStorageError =
    "La réservation n’a pas pu être enregistrée. Prévenez l’accueil, s’il vous plaît.";

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

Instant day_start(const CivilDate& d) {
  return from_paris(d.year, d.month, d.day, 0, 0);
}

LocalTime midnight(const CivilDate& d) {
  return to_paris(day_start(d));
}

// The next 30-minute mark at or after t (Paris half-hours are UTC half-hours:
// France's offsets are whole hours).
Instant ceil_to_grain(Instant t) {
  const auto grain = std::chrono::duration_cast<std::chrono::milliseconds>(kBookingGrain).count();
  const auto ms = t.time_since_epoch().count();
  const auto rounded = ((ms + grain - 1) / grain) * grain;
  return Instant(std::chrono::milliseconds(rounded));
}

bool holds(const Booking& b, const BookingRules& rules, Instant at) {
  return holds_resource(b.status) && !is_no_show(b, rules, at);
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

KioskApp::KioskApp(LocalStore& store, KioskSettings settings) : store_(store), settings_(std::move(settings)) {
  refresh_site();
  // Enrolled and the first pull not landed (even before a restart): préparation.
  preparing_ = store_.first_pull_pending();
  if (preparing_) {
    screen_ = Screen::Preparing;
    if (const auto e = store_.enrolment()) enrolled_site_name_ = e->site_name;
  }
  // Taps a stop interrupted while they were replayed: before any new one.
  replay_due_ = !preparing_ && store_.early_tap_count() > 0;
  if (replay_due_) replay_early_taps();
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
    if (screen_ == Screen::Booked && shown_booking_id_) {
      if (const auto b = store_.find_booking(*shown_booking_id_)) {
        flow_.booking = line_of(*b, at, false);
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

void KioskApp::clear_person() {
  first_name_.clear();
  check_in_.reset();
  visit_minutes_.reset();
  member_.reset();
  pin_for_.reset();
  animator_.reset();
  subject_.reset();
  flow_ = KioskView{};
  day_list_.clear();
  grid_resources_.clear();
  parts_ = {};
  choice_times_.clear();
  chosen_start_.reset();
  draft_.reset();
  shown_booking_id_.reset();
  listed_.clear();
  moving_.reset();
  cancelling_.reset();
  present_.clear();
  checking_out_.reset();
  matches_.clear();
  new_member_.reset();
  // The ticket to print goes too: the runtime takes it in the same loop turn, a stale one is not printed later.
  help_ = HelpFlow{};
  agenda_ = AgendaMode{};
}

void KioskApp::show(Screen s, Instant at) {
  screen_ = s;
  last_activity_ = at;
  if (s == Screen::Attract) {
    // Nothing personal stays in memory for the next person.
    clear_person();
    language_ = Language::French;
    // Until the first pull has landed, the préparation screen takes the attract screen's place.
    if (preparing_) screen_ = Screen::Preparing;
  }
}

std::chrono::seconds KioskApp::idle_timeout_for(Screen s) const {
  if (s == Screen::AnimatorPin || is_animator_screen(s) || (animator_ && is_booking_screen(s))) {
    return settings_.animator_idle_timeout;
  }
  // The help ticket stays until « J’ai noté » (or a long while).
  if (s == Screen::HelpTicket) return settings_.ticket_idle_timeout;
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
  last_interaction_ = at;
  if (enrolment_pending_) {
    // No visit before the kiosk belongs to a site: say so, briefly.
    spdlog::info("badge {} tapped before enrolment: not recorded", uid.hex());
    enrol_.badge_refused = true;
    badge_notice_until_ = at + 5s;
    return;
  }
  if (preparing_) {
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
    tap_noted_until_ = at + 5s;
    return;
  }
  // Taps noted during préparation come first, in their order.
  if (replay_due_) replay_early_taps();
  last_error_.clear();
  if (screen_ == Screen::AnimatorBadgeWait && animator_) {
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
        pin_for_ = who;
        first_name_ = who.first_name;
        const PinAttempts attempts = store_.pin_attempts(who.id);
        flow_.pin_attempts_left = std::max(0, kMaxPinFailures - attempts.failures);
        if (is_locked(attempts, at)) flow_.pin_locked_until = to_paris(*attempts.locked_until);
        show(Screen::AnimatorPin, at);
        return;
      }
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
  first_name_ = who.first_name;
  const MemberTap tap = record_member_tap(who, uid, at);
  member_ = who;
  switch (tap.kind) {
    case MemberTap::Kind::AlreadyHere:
      check_in_ = tap.check_in;
      show(Screen::AlreadyHere, at);
      break;
    case MemberTap::Kind::CheckOut:
      visit_minutes_ = tap.minutes;
      show(Screen::Goodbye, at);
      break;
    case MemberTap::Kind::CheckIn:
      check_in_ = at;
      if (tap.on_booking) flow_.checked_in_on = line_of(*tap.on_booking, at, false);
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
      flow_.today_bookings.push_back(line_of(b, at, false));
    }
    for (const auto& b : store_.untold_refusals(who.id)) flow_.refused.push_back(line_of(b, at, false));
    if (!flow_.refused.empty()) store_.mark_refusals_told(who.id);
  } catch (const store::StoreError& e) {
    spdlog::error("cannot read the bookings of member {}: {}", who.id, e.what());
  }
}

void KioskApp::on_action(UiAction action, Instant at) {
  if (action.act != Act::None) last_interaction_ = at;
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
      store_.record_walk_in(at, animator_ ? std::optional(animator_->id) : std::nullopt);
      last_error_.clear();
      if (animator_) {
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
      if (member_) show_my_bookings(at);
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
      if (action.arg < 0 || static_cast<std::size_t>(action.arg) >= listed_.size()) return;
      cancelling_ = listed_[static_cast<std::size_t>(action.arg)];
      flow_.booking = line_of(*cancelling_, at, animator_.has_value());
      if (animator_) {
        flow_.confirm = ConfirmRequest{ConfirmKind::CancelBooking, flow_.booking->who, flow_.booking};
        show(Screen::AnimatorConfirm, at);
      } else {
        show(Screen::CancelConfirm, at);
      }
      return;
    case Act::MoveBooking: {
      if (!animator_ || action.arg < 0 || static_cast<std::size_t>(action.arg) >= listed_.size()) return;
      moving_ = listed_[static_cast<std::size_t>(action.arg)];
      const Resource* r = resource(moving_->resource_id);
      const auto m = store_.member(moving_->member_id);
      if (!r || !m) return;
      subject_ = Person{m->id, m->first_name, m->last_name};
      // Every screen of the move says whose booking moves, and from where.
      flow_.subject_name = subject_->full_name();
      flow_.moving = line_of(*moving_, at, true);
      start_booking(r->kind, at);
      return;
    }
    case Act::PinEdit:
      if (screen_ != Screen::AnimatorPin) return;
      flow_.pin_digits.clear();
      for (char c : action.text) {
        if (c >= '0' && c <= '9' && flow_.pin_digits.size() < 6) flow_.pin_digits += c;
      }
      last_activity_ = at;
      return;
    case Act::PinSubmit:
      submit_pin(action.text, at);
      return;
    case Act::ShowPresent:
      if (animator_) show_present(at);
      return;
    case Act::ShowBookings:
      if (animator_) show_today_bookings(at);
      return;
    case Act::ShowRefused:
      if (animator_) show_refused(at);
      return;
    case Act::NewBooking:
      if (animator_) show_picker(PickPurpose::NewBooking, at);
      return;
    case Act::NewBadge:
      if (animator_) show_picker(PickPurpose::NewBadge, at);
      return;
    case Act::LetIn:
      if (animator_) show_picker(PickPurpose::LetIn, at);
      return;
    case Act::NewMember:
      if (!animator_) return;
      flow_.form = MemberForm{};
      flow_.form.fields = {{"first_name", {}, true, false},
                           {"last_name", {}, true, false},
                           {"home_commune", {}, true, true},
                           {"email", {}, false, false},
                           {"phone", {}, false, true}};
      show(Screen::AnimatorNewMember, at);
      return;
    case Act::CheckOutPerson:
      if (!animator_ || action.arg < 0 || static_cast<std::size_t>(action.arg) >= present_.size()) return;
      checking_out_ = present_[static_cast<std::size_t>(action.arg)];
      flow_.confirm = ConfirmRequest{ConfirmKind::CheckOutPerson,
                                     checking_out_->first_name + " " + checking_out_->last_name, std::nullopt};
      show(Screen::AnimatorConfirm, at);
      return;
    case Act::PickerEdit:
      if (screen_ != Screen::AnimatorPickMember) return;
      flow_.picker_query = action.text.substr(0, 40);
      update_matches();
      last_activity_ = at;
      return;
    case Act::PickMember: {
      if (!animator_ || action.arg < 0 || static_cast<std::size_t>(action.arg) >= matches_.size()) return;
      const auto& m = matches_[static_cast<std::size_t>(action.arg)];
      subject_ = Person{m.id, m.first_name, m.last_name};
      flow_.subject_name = subject_->full_name();
      if (flow_.pick_purpose == PickPurpose::NewBadge) {
        show(Screen::AnimatorBadgeWait, at);
      } else if (flow_.pick_purpose == PickPurpose::LetIn) {
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
          static_cast<std::size_t>(action.arg) >= flow_.form.fields.size()) {
        return;
      }
      flow_.form.focused = action.arg;
      last_activity_ = at;
      return;
    case Act::FormEdit:
      if (screen_ != Screen::AnimatorNewMember) return;
      if (flow_.form.focused >= 0 && static_cast<std::size_t>(flow_.form.focused) < flow_.form.fields.size()) {
        flow_.form.fields[static_cast<std::size_t>(flow_.form.focused)].value = action.text.substr(0, 80);
      }
      last_activity_ = at;
      return;
    case Act::FormSubmit:
      submit_member_form(at);
      return;
    case Act::SkipBadge:
      if (screen_ != Screen::AnimatorBadgeWait || !new_member_ || !animator_) return;
      store_.record_member_create(*new_member_, std::nullopt, at, animator_->id);
      done(DoneKind::MemberCreated, new_member_->first_name + " " + new_member_->last_name, std::nullopt, at);
      new_member_.reset();
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
      if (moving_) {
        moving_.reset();
        flow_.moving.reset();
        flow_.subject_name.clear();
        show_today_bookings(at);
      } else if (animator_) {
        // A booking for a member starts from « Réservations du jour ».
        show_today_bookings(at);
      } else {
        show(member_ ? Screen::Greeting : Screen::Attract, at);
      }
      return;
    case Screen::AnimatorPickMember:
      if (flow_.pick_purpose == PickPurpose::NewBooking) {
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
      if (flow_.booking_kind == ResourceKind::Desk) {
        build_desk_grid(at);
      } else {
        flow_.choosing_duration = true;
        show(Screen::BookVisioDuration, at);
      }
      return;
    case Screen::MyBookings:
    case Screen::Booked:
    case Screen::Cancelled:
      show(member_ ? Screen::Greeting : Screen::Attract, at);
      return;
    case Screen::CancelConfirm:
      show_my_bookings(at);
      return;
    case Screen::AnimatorConfirm:
      if (flow_.confirm.kind == ConfirmKind::CheckOutPerson) {
        show_present(at);
      } else if (flow_.confirm.kind == ConfirmKind::LetIn) {
        show_picker(PickPurpose::LetIn, at);
      } else {
        show_today_bookings(at);
      }
      return;
    default:
      if (animator_) {
        show_animator_home(at);
      } else {
        show(Screen::Attract, at);
      }
      return;
  }
}

void KioskApp::confirm(Instant at) {
  switch (screen_) {
    case Screen::BookConfirm:
      confirm_booking(at);
      return;
    case Screen::CancelConfirm:
      if (!cancelling_) return;
      if (const auto refusal = check_cancel(*cancelling_, at)) {
        flow_.booking->refusal = refusal;
        show(Screen::Cancelled, at);
        return;
      }
      store_.record_booking_cancel(cancelling_->id, at);
      cancelling_->status = BookingStatus::Cancelled;
      flow_.booking = line_of(*cancelling_, at, false);
      show(Screen::Cancelled, at);
      return;
    case Screen::AnimatorConfirm:
      if (!animator_) return;
      if (flow_.confirm.kind == ConfirmKind::CheckOutPerson && checking_out_) {
        store_.record_check_out(checking_out_->visit_id, at, animator_->id);
        done(DoneKind::CheckedOut, flow_.confirm.name, std::nullopt, at);
      } else if (flow_.confirm.kind == ConfirmKind::LetIn && subject_) {
        let_in(at);
      } else if (flow_.confirm.kind == ConfirmKind::CancelBooking && cancelling_) {
        store_.record_booking_cancel(cancelling_->id, at, animator_->id);
        cancelling_->status = BookingStatus::Cancelled;
        done(DoneKind::BookingCancelled, flow_.confirm.name, line_of(*cancelling_, at, true), at);
      }
      return;
    default:
      return;
  }
}

// ---- booking flows

const Person* KioskApp::booking_for() const {
  const auto& who = animator_ ? subject_ : member_;
  return who ? &*who : nullptr;
}

BookingLine KioskApp::line_of(const Booking& b, Instant at, bool with_who) {
  BookingLine l;
  if (const Resource* r = resource(b.resource_id)) {
    l.resource_name = r->name;
    l.resource_name_en = r->name_en;
    l.kind = r->kind;
  }
  l.start = to_paris(b.start);
  l.end = to_paris(b.end);
  l.status = b.status;
  l.refusal = b.refusal;
  const bool still_holds = b.status == BookingStatus::Pending || b.status == BookingStatus::Confirmed;
  l.cancellable = still_holds && !check_cancel(b, at);
  l.movable = l.cancellable;
  if (with_who) {
    if (const auto m = store_.member(b.member_id)) l.who = m->first_name + " " + m->last_name;
  }
  return l;
}

void KioskApp::start_booking(ResourceKind kind, Instant at) {
  if (!booking_for() || !hours_) return;
  flow_.booking_kind = kind;
  flow_.days.clear();
  day_list_.clear();
  const auto& rules = rules_.for_kind(kind);
  const int count = std::min(settings_.days_shown, rules.advance_days + 1);
  const CivilDate today = paris_civil_date(at);
  const std::int64_t who = booking_for()->id;
  std::vector<Resource> of_kind;
  for (const auto& r : resources_) {
    if (r.kind == kind) of_kind.push_back(r);
  }
  // One query for the whole span; each day's grid picks its own bookings.
  const auto bookings = store_.bookings_between(day_start(today), day_start(add_days(today, count)));
  for (int i = 0; i < count; ++i) {
    const CivilDate d = add_days(today, i);
    DayChoice c;
    c.day = midnight(d);
    c.today = i == 0;
    c.open = !opening_intervals(*hours_, d).empty();
    if (c.open) {
      const DayGrid g = availability(of_kind, *hours_, bookings, d, at, who, rules_.desk, rules_.visio_room);
      if (kind == ResourceKind::Desk) {
        // Desks go by half-day or day: the day is « complet » unless some desk
        // has a whole part (what is left of it, today) free, as the grid offers.
        const Instant earliest = ceil_to_grain(at);
        for (const auto& part : day_parts(*hours_, d)) {
          const Instant start = std::max(part.start, earliest);
          for (std::size_t row = 0; row < of_kind.size() && !c.any_free && start < part.end; ++row) {
            c.any_free = g.all_free(row, start, part.end);
          }
        }
      } else {
        c.any_free = std::find(g.cells.begin(), g.cells.end(), SlotState::Free) != g.cells.end();
      }
    }
    day_list_.push_back(d);
    flow_.days.push_back(c);
  }
  show(Screen::BookDay, at);
}

void KioskApp::pick_day(int index, Instant at) {
  if (screen_ != Screen::BookDay || index < 0 || static_cast<std::size_t>(index) >= day_list_.size()) return;
  if (!flow_.days[static_cast<std::size_t>(index)].open) return;
  chosen_day_ = day_list_[static_cast<std::size_t>(index)];
  flow_.chosen_day = midnight(chosen_day_);
  if (flow_.booking_kind == ResourceKind::Desk) {
    build_desk_grid(at);
  } else {
    build_visio_starts(at);
  }
}

void KioskApp::build_desk_grid(Instant at) {
  if (!hours_ || !booking_for()) return;
  const auto who = booking_for()->id;
  flow_.grid = DeskGrid{};
  flow_.grid.day = midnight(chosen_day_);
  parts_ = {};
  const Instant earliest = ceil_to_grain(at);
  for (const auto& part : day_parts(*hours_, chosen_day_)) {
    const auto col = static_cast<std::size_t>(part.kind == DayPartKind::Morning     ? 0
                                              : part.kind == DayPartKind::Afternoon ? 1
                                                                                    : 2);
    // Today, a part already begun is offered from the next half-hour.
    const Instant start = std::max(part.start, earliest);
    if (start >= part.end) continue;
    parts_[col] = std::pair(start, part.end);
    flow_.grid.parts[col] = std::pair(to_paris(start), to_paris(part.end));
  }
  const auto bookings = store_.bookings_between(day_start(chosen_day_), day_start(add_days(chosen_day_, 1)));
  grid_resources_.clear();
  for (const auto& r : resources_) {
    if (r.kind != ResourceKind::Desk) continue;
    grid_resources_.push_back(&r);
    GridRow row;
    row.resource_name = r.name;
    row.features = r.features;
    row.resource_name_en = r.name_en;
    row.features_en = r.features_en;
    for (std::size_t col = 0; col < 3; ++col) {
      if (!parts_[col]) continue;
      const auto [s, e] = *parts_[col];
      CellState state = CellState::Free;
      for (const auto& b : bookings) {
        if (b.resource_id != r.id || !holds(b, rules_.desk, at) || !overlaps(b.start, b.end, s, e)) continue;
        if (moving_ && b.id == moving_->id) continue;  // the booking being moved does not block itself
        if (b.member_id == who) {
          state = CellState::Mine;
        } else if (state != CellState::Mine) {
          state = CellState::Taken;
        }
      }
      row.cells[col] = state;
    }
    flow_.grid.rows.push_back(std::move(row));
  }
  show(Screen::BookDeskGrid, at);
}

std::pair<std::vector<Resource>, DayGrid> KioskApp::visio_day(Instant at) {
  std::vector<Resource> rooms;
  for (const auto& r : resources_) {
    if (r.kind == ResourceKind::VisioRoom) rooms.push_back(r);
  }
  auto bookings = store_.bookings_between(day_start(chosen_day_), day_start(add_days(chosen_day_, 1)));
  // The booking being moved does not block its own new time.
  if (moving_) std::erase_if(bookings, [&](const Booking& b) { return b.id == moving_->id; });
  DayGrid g =
      availability(rooms, *hours_, bookings, chosen_day_, at, booking_for()->id, rules_.desk, rules_.visio_room);
  return {std::move(rooms), std::move(g)};
}

void KioskApp::build_visio_starts(Instant at) {
  if (!hours_ || !booking_for()) return;
  const auto [rooms, g] = visio_day(at);
  flow_.choices.clear();
  choice_times_.clear();
  flow_.choosing_duration = false;
  for (int slot = 0; slot < g.slot_count; ++slot) {
    bool any_open = false;
    bool any_free = false;
    for (std::size_t row = 0; row < rooms.size(); ++row) {
      const SlotState st = g.at(row, static_cast<std::size_t>(slot));
      if (st == SlotState::Free) any_free = true;
      if (st == SlotState::Free || st == SlotState::Taken || st == SlotState::Mine) any_open = true;
    }
    if (!any_open) continue;  // lunch break or past: not offered at all
    const Instant s = g.slot_start(slot);
    Choice c;
    c.start = to_paris(s);
    c.end = to_paris(s + kBookingGrain);
    c.minutes = static_cast<int>(kBookingGrain.count());
    c.free = any_free;
    flow_.choices.push_back(c);
    choice_times_.emplace_back(s, s + kBookingGrain);
  }
  show(Screen::BookVisioStart, at);
}

void KioskApp::pick_cell(int index, Instant at) {
  if (screen_ != Screen::BookDeskGrid || index < 0) return;
  const auto row = static_cast<std::size_t>(index / 3);
  const auto col = static_cast<std::size_t>(index % 3);
  if (row >= grid_resources_.size() || row >= flow_.grid.rows.size() || !parts_[col]) return;
  if (flow_.grid.rows[row].cells[col] != CellState::Free) return;
  Booking b;
  b.id = moving_ ? moving_->id : make_uuid_v4();
  b.site_id = site_id_;
  b.resource_id = grid_resources_[row]->id;
  b.member_id = booking_for()->id;
  b.start = parts_[col]->first;
  b.end = parts_[col]->second;
  b.status = BookingStatus::Pending;
  // A booking moved keeps its hours (and so its length) when they fit in
  // the part chosen: 9 h – 11 h stays 9 h – 11 h on another desk or day,
  // rather than growing to the whole morning.
  if (moving_) {
    const LocalTime from = to_paris(moving_->start);
    const LocalTime to = to_paris(moving_->end);
    const Instant start = from_paris(chosen_day_.year, chosen_day_.month, chosen_day_.day, from.hour, from.minute);
    const Instant end = start + (moving_->end - moving_->start);
    const LocalTime end_local = to_paris(end);
    const bool same_day_end = end_local.hour == to.hour && end_local.minute == to.minute;
    if (same_day_end && start >= b.start && end <= b.end) {
      b.start = start;
      b.end = end;
    }
  }
  draft_ = b;
  flow_.booking = line_of(b, at, animator_.has_value());
  show(Screen::BookConfirm, at);
}

void KioskApp::pick_choice(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= flow_.choices.size() || !booking_for()) return;
  const Choice& c = flow_.choices[static_cast<std::size_t>(index)];
  if (!c.free) return;
  const auto [rooms, g] = visio_day(at);
  if (screen_ == Screen::BookVisioStart) {
    chosen_start_ = choice_times_[static_cast<std::size_t>(index)].first;
    flow_.choices.clear();
    choice_times_.clear();
    flow_.choosing_duration = true;
    const auto max = rules_.visio_room.max_duration;
    for (auto len = kBookingGrain; len <= max && flow_.choices.size() < 8; len += kBookingGrain) {
      const Instant end = *chosen_start_ + len;
      bool free = false;
      for (std::size_t row = 0; row < rooms.size(); ++row) free = free || g.all_free(row, *chosen_start_, end);
      Choice d;
      d.start = to_paris(*chosen_start_);
      d.end = to_paris(end);
      d.minutes = static_cast<int>(len.count());
      d.free = free;
      flow_.choices.push_back(d);
      choice_times_.emplace_back(*chosen_start_, end);
    }
    show(Screen::BookVisioDuration, at);
    // A booking moved keeps its length when it is free at the new start:
    // straight to the question (« Retour » there offers the other lengths).
    if (moving_) {
      const auto length = moving_->end - moving_->start;
      for (std::size_t i = 0; i < choice_times_.size(); ++i) {
        const auto& [s, e] = choice_times_[i];
        if (e - s == length && flow_.choices[i].free) {
          pick_choice(static_cast<int>(i), at);
          break;
        }
      }
    }
    return;
  }
  if (screen_ != Screen::BookVisioDuration) return;
  const auto [start, end] = choice_times_[static_cast<std::size_t>(index)];
  const Resource* room = nullptr;
  for (std::size_t row = 0; row < rooms.size() && !room; ++row) {
    if (g.all_free(row, start, end)) room = resource(rooms[row].id);
  }
  if (!room) return;
  Booking b;
  b.id = moving_ ? moving_->id : make_uuid_v4();
  b.site_id = site_id_;
  b.resource_id = room->id;
  b.member_id = booking_for()->id;
  b.start = start;
  b.end = end;
  b.status = BookingStatus::Pending;
  draft_ = b;
  flow_.booking = line_of(b, at, animator_.has_value());
  show(Screen::BookConfirm, at);
}

std::optional<Refusal> KioskApp::check_locally(const Booking& candidate, Instant at) {
  const Resource* r = resource(candidate.resource_id);
  if (!r) return Refusal::UnknownResource;
  if (!hours_) return Refusal::ClosedDay;
  const CivilDate d = paris_civil_date(candidate.start);
  const auto day_bookings = store_.bookings_between(day_start(d), day_start(add_days(d, 1)));
  std::vector<Booking> on_resource;
  for (const auto& b : day_bookings) {
    if (b.resource_id == r->id) on_resource.push_back(b);
  }
  const CivilDate monday = add_days(d, 1 - iso_weekday(d));
  std::vector<Booking> of_member;
  for (const auto& b : store_.bookings_between(day_start(monday), day_start(add_days(monday, 7)))) {
    const Resource* br = resource(b.resource_id);
    if (b.member_id == candidate.member_id && br && br->kind == r->kind) of_member.push_back(b);
  }
  const RuleContext ctx{*r, *hours_, rules_.for_kind(r->kind), at, on_resource, of_member};
  return check_booking(candidate, ctx);
}

void KioskApp::confirm_booking(Instant at) {
  if (!draft_) return;
  if (const auto refusal = check_locally(*draft_, at)) {
    // The kiosk's own copy already says no: nothing is stored.
    Booking refused = *draft_;
    refused.status = BookingStatus::Refused;
    refused.refusal = refusal;
    flow_.booking = line_of(refused, at, animator_.has_value());
    shown_booking_id_.reset();
    flow_.qr_url.clear();
    show(animator_ ? Screen::AnimatorDone : Screen::Booked, at);
    if (animator_) {
      flow_.done = DoneMessage{moving_ ? DoneKind::BookingMoved : DoneKind::BookingMade, flow_.booking->who,
                               flow_.booking, std::nullopt};
    }
    return;
  }
  const std::optional<std::int64_t> by = animator_ ? std::optional(animator_->id) : std::nullopt;
  if (moving_) {
    store_.record_booking_move(draft_->id, draft_->resource_id, draft_->start, draft_->end, at, by);
    const auto moved = store_.find_booking(draft_->id);
    done(DoneKind::BookingMoved, subject_ ? subject_->full_name() : std::string(),
         line_of(moved.value_or(*draft_), at, true), at);
    moving_.reset();
    flow_.moving.reset();
    return;
  }
  store_.record_booking_request(*draft_, at, by);
  if (animator_) {
    done(DoneKind::BookingMade, subject_ ? subject_->full_name() : std::string(), line_of(*draft_, at, true), at);
    return;
  }
  show_booked(*draft_, at);
}

void KioskApp::show_booked(const Booking& b, Instant at) {
  shown_booking_id_ = b.id;
  flow_.booking = line_of(b, at, false);
  flow_.qr_url.clear();
  if (!settings_.public_url.empty()) {
    std::string base = settings_.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    flow_.qr_url = base + "/ics/bookings/" + b.id + ".ics";
  }
  show(Screen::Booked, at);
}

void KioskApp::show_my_bookings(Instant at) {
  if (!member_) return;
  listed_.clear();
  flow_.bookings.clear();
  for (const auto& b : store_.member_bookings(member_->id, at)) {
    if (b.status == BookingStatus::Cancelled || b.status == BookingStatus::NoShow) continue;
    const Resource* r = resource(b.resource_id);
    const BookingRules& rules = rules_.for_kind(r ? r->kind : ResourceKind::Desk);
    if (b.status != BookingStatus::Refused && !holds(b, rules, at) && b.status != BookingStatus::CheckedIn) {
      continue;
    }
    listed_.push_back(b);
    flow_.bookings.push_back(line_of(b, at, false));
  }
  show(Screen::MyBookings, at);
}

// ---- animator mode

void KioskApp::submit_pin(const std::string& pin, Instant at) {
  if (screen_ != Screen::AnimatorPin || !pin_for_) return;
  last_activity_ = at;
  PinAttempts attempts = store_.pin_attempts(pin_for_->id);
  if (is_locked(attempts, at)) {
    flow_.pin_locked_until = to_paris(*attempts.locked_until);
    flow_.pin_digits.clear();
    return;
  }
  const auto hash = store_.pin_hash(pin_for_->id);
  if (hash && verify_pin(pin, *hash)) {
    record_success(attempts);
    store_.save_pin_attempts(pin_for_->id, attempts);
    animator_ = pin_for_;
    pin_for_.reset();
    flow_.pin_digits.clear();
    flow_.pin_wrong = false;
    spdlog::info("animator mode opened by member {}", animator_->id);
    show_animator_home(at);
    return;
  }
  record_failure(attempts, at);
  store_.save_pin_attempts(pin_for_->id, attempts);
  spdlog::warn("wrong PIN for animator {} ({} in a row)", pin_for_->id, attempts.failures);
  flow_.pin_digits.clear();
  flow_.pin_wrong = true;
  flow_.pin_attempts_left = std::max(0, kMaxPinFailures - attempts.failures);
  if (is_locked(attempts, at)) flow_.pin_locked_until = to_paris(*attempts.locked_until);
}

void KioskApp::show_animator_home(Instant at) {
  subject_.reset();
  moving_.reset();
  flow_.moving.reset();
  cancelling_.reset();
  checking_out_.reset();
  new_member_.reset();
  draft_.reset();
  flow_.subject_name.clear();
  AnimatorSummary s;
  s.present = static_cast<int>(store_.present(at, settings_.max_visit).size());
  for (const auto& b : store_.bookings_between(paris_day_start(at), paris_next_day_start(at))) {
    if (holds_resource(b.status) || b.status == BookingStatus::CheckedIn) ++s.bookings_today;
  }
  s.unsynced = store_.pending_count();
  s.refused_events = static_cast<int>(store_.rejected_count());
  if (const auto last = store_.last_sync()) s.last_sync = to_paris(*last);  // worded by the screen, in its language
  s.printer_problem = printer_problem_;
  flow_.animator = s;
  agenda_.today = 0;
  for (const auto& rec : store_.appointments_between(paris_day_start(at), paris_next_day_start(at))) {
    if (!rec.appointment.cancelled && !rec.refusal) ++agenda_.today;
  }
  show(Screen::AnimatorHome, at);
}

void KioskApp::show_present(Instant at) {
  present_ = store_.present(at, settings_.max_visit);
  flow_.people.clear();
  for (const auto& p : present_) flow_.people.push_back({p.first_name + " " + p.last_name, to_paris(p.check_in)});
  show(Screen::AnimatorPresent, at);
}

void KioskApp::show_today_bookings(Instant at) {
  listed_.clear();
  flow_.bookings.clear();
  for (const auto& b : store_.bookings_between(paris_day_start(at), paris_next_day_start(at))) {
    if (!(holds_resource(b.status) || b.status == BookingStatus::CheckedIn)) continue;
    listed_.push_back(b);
    flow_.bookings.push_back(line_of(b, at, true));
  }
  show(Screen::AnimatorBookings, at);
}

// The events that will not reach the server as they were made, so that
// staff can redo them: the latest ones (the home button counts them all).
void KioskApp::show_refused(Instant at) {
  constexpr std::size_t kShown = 30;
  flow_.refused_events.clear();
  for (const auto& r : store_.refused_events(kShown)) {
    std::optional<LocalTime> when;
    if (r.at) when = to_paris(*r.at);
    flow_.refused_events.push_back({r.type, when, r.reason, r.set_aside_here});
  }
  flow_.animator.refused_events = static_cast<int>(store_.rejected_count());
  show(Screen::AnimatorRefused, at);
}

void KioskApp::show_picker(PickPurpose purpose, Instant at) {
  flow_.pick_purpose = purpose;
  flow_.picker_query.clear();
  update_matches();
  show(Screen::AnimatorPickMember, at);
}

void KioskApp::update_matches() {
  matches_ = store_.search_members(flow_.picker_query, 4);
  flow_.picker_matches.clear();
  for (const auto& m : matches_) flow_.picker_matches.push_back(m.first_name + " " + m.last_name);
}

void KioskApp::submit_member_form(Instant at) {
  if (screen_ != Screen::AnimatorNewMember || !animator_) return;
  auto& form = flow_.form;
  const auto value = [&](std::string_view key) {
    for (const auto& f : form.fields) {
      if (f.label_key == key) return trim(f.value);
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
  new_member_ = m;
  flow_.pick_purpose = PickPurpose::NewMember;
  flow_.subject_name = m.first_name + " " + m.last_name;
  show(Screen::AnimatorBadgeWait, at);
}

void KioskApp::pick_for_let_in(Instant at) {
  if (!animator_ || !subject_) return;
  // Already in (badged, or let in by someone else): say since when, record nothing.
  if (const auto open = store_.open_visit(subject_->id, at, settings_.max_visit)) {
    done(DoneKind::AlreadyIn, subject_->full_name(), std::nullopt, at);
    flow_.done.since = to_paris(open->check_in);
    return;
  }
  flow_.confirm = ConfirmRequest{ConfirmKind::LetIn, subject_->full_name(), std::nullopt};
  show(Screen::AnimatorConfirm, at);
}

void KioskApp::let_in(Instant at) {
  if (!animator_ || !subject_) return;
  // Checked again: the member may have badged meanwhile on this kiosk.
  if (const auto open = store_.open_visit(subject_->id, at, settings_.max_visit)) {
    done(DoneKind::AlreadyIn, subject_->full_name(), std::nullopt, at);
    flow_.done.since = to_paris(open->check_in);
    return;
  }
  const auto on_booking = record_arrival(*subject_, std::nullopt, at, animator_->id);
  done(DoneKind::LetIn, subject_->full_name(),
       on_booking ? std::optional(line_of(*on_booking, at, true)) : std::nullopt, at);
  flow_.done.since = to_paris(at);
}

void KioskApp::on_animator_badge_wait(const BadgeUid& uid, Instant at) {
  try {
    if (const auto holder = store_.find_badge(uid)) {
      if (!(subject_ && holder->member_id == subject_->id)) {
        done(DoneKind::BadgeTakenByOther, holder->first_name + " " + holder->last_name, std::nullopt, at);
        return;
      }
    }
    if (new_member_) {
      store_.record_member_create(*new_member_, uid, at, animator_->id);
      done(DoneKind::MemberCreatedWithBadge, new_member_->first_name + " " + new_member_->last_name, std::nullopt, at);
      new_member_.reset();
      return;
    }
    if (!subject_) return;
    store_.record_badge_assign(uid, subject_->id, at, animator_->id);
    done(DoneKind::BadgeAssigned, subject_->full_name(), std::nullopt, at);
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
  spdlog::info("animator mode: member {} {}{}", animator_ ? animator_->id : 0,
               what < std::size(kWhat) ? kWhat[what] : "did something",
               subject_ ? fmt::format(" for member {}", subject_->id) : std::string());
  flow_.done = DoneMessage{kind, std::move(name), std::move(booking), std::nullopt};
  show(Screen::AnimatorDone, at);
}

bool KioskApp::on_tick(Instant at) {
  if (screen_ == Screen::Preparing) {
    // The « noté » notice goes after a few seconds; English or an error go
    // back to the plain screen like the attract screen's.
    const bool notice_over = tap_noted_until_ && at >= *tap_noted_until_;
    if (notice_over) tap_noted_until_.reset();
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
    if (badge_notice_until_ && at >= *badge_notice_until_) {
      badge_notice_until_.reset();
      enrol_.badge_refused = false;
      changed = true;
    }
    // Once enrolled, the success stays a moment, then the attract screen.
    if (!enrolment_pending_ && at >= last_activity_ + settings_.idle_timeout) {
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
    std::optional<Instant> d = tap_noted_until_;
    if (language_ != Language::French || !last_error_.empty()) {
      const Instant leave = last_activity_ + settings_.idle_timeout;
      d = d ? std::min(*d, leave) : leave;
    }
    return d;
  }
  if (screen_ == Screen::Enrol) {
    std::optional<Instant> d;
    if (badge_notice_until_) d = badge_notice_until_;
    if (!enrolment_pending_) {
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
  KioskView v = flow_;
  v.help = help_.view;
  agenda_.show_in(v);
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
  v.member_menu = member_.has_value() && !animator_ &&
                  (screen_ == Screen::Greeting || screen_ == Screen::AlreadyHere || screen_ == Screen::Goodbye);
  for (const auto& r : resources_) {
    (r.kind == ResourceKind::Desk ? v.has_desks : v.has_visio) = true;
  }
  if (animator_) v.first_name = animator_->first_name;
  v.enrol = enrol_;
  v.preparation.active = preparing_;
  // The site's name comes with the first pull; until then, the one enrolment gave.
  if (v.site_name.empty() && preparing_) v.site_name = enrolled_site_name_;
  v.preparation.tap_noted = preparing_ && tap_noted_until_ && at < *tap_noted_until_;
  v.preparation.server_trouble = preparing_ && sync_trouble_;
  v.asleep = asleep(at);
  if (language_ == Language::English) server_words_in_english(v);
  return v;
}

// ---- first run

void KioskApp::require_enrolment(std::string server_url, Instant at, std::string_view code) {
  enrolment_pending_ = true;
  enrol_ = EnrolView{};
  enrol_.server_url = std::move(server_url);
  show(Screen::Enrol, at);
  if (code.empty()) return;
  const CodeCheck check = check_enrolment_code(code);
  enrol_.code = check.code.substr(0, kEnrolmentCodeLength);
  if (check.problem != CodeProblem::None) {
    enrol_.status = EnrolStatus::Failed;
    enrol_.failure = EnrolFailure::BadCode;
    enrol_.code_problem = check.problem;
    enrol_.bad_character = check.bad_character;
    return;
  }
  enrol_.status = EnrolStatus::Exchanging;
  enrol_request_ = EnrolRequest{check.code, true};
}

std::optional<EnrolRequest> KioskApp::take_enrol_request() {
  auto r = std::move(enrol_request_);
  enrol_request_.reset();
  return r;
}

void KioskApp::on_enrol_action(const UiAction& action, Instant at) {
  const bool busy = enrol_.status == EnrolStatus::Exchanging || enrol_.status == EnrolStatus::Retrying;
  switch (action.act) {
    case Act::ToggleLanguage:
      language_ = language_ == Language::French ? Language::English : Language::French;
      last_activity_ = at;
      return;
    case Act::Home:
      if (!enrolment_pending_) show(Screen::Attract, at);
      return;
    case Act::EnrolEdit: {
      if (busy || !enrolment_pending_) return;
      // Keep what can be in a code: letters and digits, in upper case.
      std::string code;
      for (char c : action.text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) && code.size() < kEnrolmentCodeLength) code += c;
      }
      enrol_.code = code;
      if (enrol_.status == EnrolStatus::Failed) {
        // A new try: the old reason goes once the code changes.
        enrol_.status = EnrolStatus::Typing;
        enrol_.failure.reset();
      }
      last_activity_ = at;
      return;
    }
    case Act::EnrolSubmit: {
      if (busy || !enrolment_pending_) return;
      last_activity_ = at;
      const CodeCheck check = check_enrolment_code(enrol_.code);
      enrol_.detail.clear();
      if (check.problem != CodeProblem::None) {
        enrol_.status = EnrolStatus::Failed;
        enrol_.failure = EnrolFailure::BadCode;
        enrol_.code_problem = check.problem;
        enrol_.bad_character = check.bad_character;
        return;
      }
      enrol_.status = EnrolStatus::Exchanging;
      enrol_.failure.reset();
      enrol_request_ = EnrolRequest{check.code, false};
      return;
    }
    default:
      return;
  }
}

std::optional<std::string> KioskApp::on_enrol_outcome(const EnrolOutcome& outcome,
                                                      std::optional<std::chrono::milliseconds> will_retry_in,
                                                      Instant at) {
  if (!enrolment_pending_) return std::nullopt;
  if (outcome.ok()) {
    const Enrolment& e = *outcome.enrolment;
    try {
      // The members come with the first pull: until then, préparation.
      store_.save_enrolment_awaiting_first_pull(
          StoredEnrolment{e.server_url, e.token, e.kiosk_id, e.kiosk_name, e.site_id, e.site_name, at});
    } catch (const store::StoreError& ex) {
      spdlog::error("enrolment: cannot keep the token in the local database: {}", ex.what());
      enrol_.status = EnrolStatus::Failed;
      enrol_.failure = EnrolFailure::Unreachable;
      enrol_.detail = ex.what();
      return std::nullopt;
    }
    spdlog::info("enrolled as kiosk {} « {} » of site {} « {} »", e.kiosk_id, e.kiosk_name, e.site_id, e.site_name);
    enrolment_pending_ = false;
    preparing_ = true;
    sync_trouble_ = false;
    enrolled_site_name_ = e.site_name;
    enrol_.status = EnrolStatus::Done;
    enrol_.failure.reset();
    enrol_.kiosk_name = e.kiosk_name;
    enrol_.site_name = e.site_name;
    enrol_.badge_refused = false;
    badge_notice_until_.reset();
    last_activity_ = at;
    return e.token;
  }
  enrol_.failure = outcome.error.reason;
  enrol_.detail = outcome.error.detail;
  enrol_.retry_after_min =
      static_cast<int>((outcome.error.retry_after.count() + 59) / 60);  // « 15 min », never « 0 min »
  if (will_retry_in) {
    enrol_.status = EnrolStatus::Retrying;
    enrol_.retry_in_s = static_cast<int>(
        std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(*will_retry_in).count()));
  } else {
    enrol_.status = EnrolStatus::Failed;
  }
  last_activity_ = at;
  return std::nullopt;
}

// ---- after enrolment: préparation until the first pull

void KioskApp::check_preparation(Instant at) {
  if (preparing_) {
    try {
      if (store_.first_pull_pending()) return;
    } catch (const store::StoreError& e) {
      spdlog::error("cannot read whether the first pull is done: {}", e.what());
      return;
    }
    spdlog::info("first pull done: the kiosk knows its site's members");
    preparing_ = false;
    replay_due_ = true;
    tap_noted_until_.reset();
    if (screen_ == Screen::Preparing) show(Screen::Attract, at);
  }
  if (replay_due_) replay_early_taps();
}

void KioskApp::replay_early_taps() {
  try {
    for (const EarlyTap& tap : store_.early_taps()) {
      store_.replay_early_tap(tap.seq, [&] { replay_early_tap(tap); });
    }
    replay_due_ = false;
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
  const MemberTap done =
      record_member_tap(Person{badge->member_id, badge->first_name, badge->last_name}, *tap.uid, *tap.at);
  const char* what = done.kind == MemberTap::Kind::CheckIn    ? "check-in"
                     : done.kind == MemberTap::Kind::CheckOut ? "check-out"
                                                              : "already here (no check-out)";
  spdlog::info("badge {} tapped at {} before the first pull: {} of member {}", badge_text, when, what,
               badge->member_id);
}

// ---- night sleep

bool KioskApp::asleep(Instant at) const {
  if (!settings_.sleep_outside_hours || !hours_ || enrolment_pending_) return false;
  if (last_interaction_ && at - *last_interaction_ < settings_.wake_for) return false;
  // Closed now, for the last `sleep_margin` and for the next: minute by minute
  // (opening hours are in minutes; a Paris minute is a UTC minute).
  const auto margin = settings_.sleep_margin;
  for (auto d = -margin; d <= margin; d += std::chrono::minutes(1)) {
    if (hours_->is_open(at + d)) return false;
  }
  return true;
}

}  // namespace escale::kiosk
