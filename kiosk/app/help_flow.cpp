// The digital-mediation help flow of KioskApp (see kiosk_app.hpp): what it is
// about → a day and a free time, or a workshop → one optional step, a first
// name and a phone for a reminder (« Sans nom ni numéro » skips it in one
// tap) → the ticket. Anyone may ask, with or without a badge; a member who
// badged is known and is asked the phone only.
//
// Taps from the attract screen to the ticket, without name or phone: help,
// topic, day, time, « Sans nom ni numéro » (5); a workshop: 4.
//
// Slots come from the local copy of the site's help agenda with the shared
// rules (mediation/agenda.hpp), so the screen answers at once, online or
// not; the request is an intent the server places or refuses (like a
// booking), and the ticket changes by itself when the answer arrives.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "app/kiosk_app.hpp"
#include "domain/uuid.hpp"

namespace escale::kiosk {
namespace {

constexpr int kHelpDaysAhead = 14;       // days searched for free slots
constexpr std::size_t kMaxHelpDays = 6;  // day buttons shown
constexpr int kWorkshopDaysAhead = 31;
constexpr std::size_t kMaxWorkshops = 4;
constexpr std::size_t kMaxNameBytes = 40;
constexpr std::size_t kMaxPhoneBytes = 20;

LocalTime paris_midnight(const CivilDate& d) {
  return to_paris(paris_day_start(d));
}

}  // namespace

bool KioskApp::on_help_action(const UiAction& action, Instant at) {
  if (action.act == Act::AskHelp) {
    if (animator_) return true;  // not offered in animator mode (the agenda is there)
    start_help(at);
    return true;
  }
  switch (screen_) {
    case Screen::HelpTopics:
      if (action.act == Act::PickTopic) {
        pick_topic(action.arg, at);
        return true;
      }
      return false;
    case Screen::HelpWhen:
      if (action.act == Act::PickDay) {
        pick_help_day(action.arg, at);
        return true;
      }
      if (action.act == Act::PickWorkshop) {
        pick_workshop(action.arg, at);
        return true;
      }
      return false;
    case Screen::HelpTime:
      if (action.act == Act::PickChoice) {
        pick_help_time(action.arg, at);
        return true;
      }
      return false;
    case Screen::HelpContact:
      if (action.act == Act::FormFocus) {
        if (action.arg == 0 && !flow_.help.ask_name) return true;  // a member: no name box
        if (action.arg == 0 || action.arg == 1) flow_.help.focus = action.arg;
        last_activity_ = at;
        return true;
      }
      if (action.act == Act::FormEdit) {
        if (flow_.help.focus == 0) {
          flow_.help.name = action.text.substr(0, kMaxNameBytes);
        } else {
          flow_.help.phone = action.text.substr(0, kMaxPhoneBytes);
          flow_.help.error.clear();
          flow_.help.error_en.clear();
        }
        last_activity_ = at;
        return true;
      }
      if (action.act == Act::Confirm || action.act == Act::HelpSkipContact) {
        help_contact_done(action.act == Act::HelpSkipContact, at);
        return true;
      }
      return false;
    default:
      return false;
  }
}

void KioskApp::start_help(Instant at) {
  // Keep who is on screen (a member who badged) but nothing of a previous flow.
  flow_.help = HelpView{};
  help_slot_.reset();
  help_workshop_.reset();
  help_first_name_.clear();
  help_phone_.reset();
  help_appointment_id_.reset();
  help_participant_id_.clear();
  ticket_to_print_.reset();
  show(Screen::HelpTopics, at);
}

void KioskApp::pick_topic(int index, Instant at) {
  const auto topics = mediation::all_help_topics();
  if (index < 0 || static_cast<std::size_t>(index) >= topics.size()) return;
  flow_.help.topic = topics[static_cast<std::size_t>(index)];
  build_help_when(at);
}

void KioskApp::build_help_when(Instant at) {
  help_agenda_ = store_.help_agenda();
  const CivilDate today = paris_civil_date(at);
  const CivilDate last = add_days(today, std::max(kHelpDaysAhead, kWorkshopDaysAhead));
  help_appointments_ = store_.appointments_between(paris_day_start(add_days(today, -1)), paris_day_start(last));
  flow_.help.days.clear();
  flow_.help.workshops.clear();
  help_days_.clear();
  help_workshop_ids_.clear();
  flow_.help.contact_phone =
      help_agenda_.contact_phone.empty() ? std::string() : mediation::format_phone(help_agenda_.contact_phone);

  if (const auto* type = sync::kiosk_appointment_type(help_agenda_)) {
    const auto appointments = sync::appointments_of(help_appointments_);
    const mediation::AgendaView agenda{help_agenda_.hours, help_agenda_.exceptions, appointments};
    std::map<std::string, int> per_day;  // ISO date → free slots, in date order
    for (const auto& slot : mediation::free_slots(*type, agenda, today, add_days(today, kHelpDaysAhead - 1), at)) {
      ++per_day[to_iso_date(paris_civil_date(slot.start))];
    }
    for (const auto& [iso, count] : per_day) {
      if (flow_.help.days.size() >= kMaxHelpDays) break;
      const CivilDate d = *parse_iso_date(iso);
      help_days_.push_back(d);
      HelpDayChoice c;
      c.day = paris_midnight(d);
      c.free_slots = count;
      c.today = d == today;
      flow_.help.days.push_back(c);
    }
  }
  for (const auto& rec : help_appointments_) {
    const auto& a = rec.appointment;
    if (!a.collective || a.cancelled || a.start <= at || flow_.help.workshops.size() >= kMaxWorkshops) continue;
    WorkshopChoice w;
    w.title = a.title;
    w.title_en = a.title_en;
    w.start = to_paris(a.start);
    w.minutes = static_cast<int>(a.duration.count());
    w.level = a.level;
    w.seats_left = std::max(0, a.capacity - mediation::seats_taken(a));
    help_workshop_ids_.push_back(a.id);
    flow_.help.workshops.push_back(w);
  }
  flow_.help.offered = !flow_.help.days.empty() || !flow_.help.workshops.empty();
  show(Screen::HelpWhen, at);
}

void KioskApp::pick_help_day(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= help_days_.size()) return;
  const CivilDate day = help_days_[static_cast<std::size_t>(index)];
  const auto* type = sync::kiosk_appointment_type(help_agenda_);
  if (!type) return;
  const auto appointments = sync::appointments_of(help_appointments_);
  const mediation::AgendaView agenda{help_agenda_.hours, help_agenda_.exceptions, appointments};
  help_day_slots_.clear();
  flow_.help.times.clear();
  flow_.help.chosen_day = paris_midnight(day);
  for (const auto& slot : mediation::free_slots(*type, agenda, day, day, at)) {
    // Two mediators free at the same time: one button (the first mediator).
    if (!help_day_slots_.empty() && help_day_slots_.back().start == slot.start) continue;
    help_day_slots_.push_back(slot);
    HelpTimeChoice c;
    c.start = to_paris(slot.start);
    if (const auto m = store_.member(slot.mediator_id)) c.mediator = m->first_name;
    flow_.help.times.push_back(c);
  }
  show(Screen::HelpTime, at);
}

void KioskApp::pick_help_time(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= help_day_slots_.size()) return;
  help_slot_ = help_day_slots_[static_cast<std::size_t>(index)];
  help_workshop_.reset();
  after_help_choice(at);
}

void KioskApp::pick_workshop(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= help_workshop_ids_.size()) return;
  help_workshop_ = help_workshop_ids_[static_cast<std::size_t>(index)];
  help_slot_.reset();
  after_help_choice(at);
}

void KioskApp::after_help_choice(Instant at) {
  // What was typed before « Retour » stays; a member who badged is known: no name to type.
  flow_.help.ask_name = !member_;
  flow_.help.focus = flow_.help.ask_name ? 0 : 1;
  flow_.help.error.clear();
  flow_.help.error_en.clear();
  show(Screen::HelpContact, at);
}

void KioskApp::help_contact_done(bool skip, Instant at) {
  help_first_name_.clear();
  help_phone_.reset();
  if (!skip) {
    std::string name = flow_.help.ask_name ? flow_.help.name : std::string();
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    if (!flow_.help.phone.empty()) {
      const auto e164 = mediation::normalise_phone(flow_.help.phone);
      if (!e164) {
        flow_.help.focus = 1;
        // Short: it takes the place of the box's caption, above the digits typed.
        flow_.help.error = "Il faut 10 chiffres.";
        flow_.help.error_en = "10 digits, please.";
        last_activity_ = at;
        return;
      }
      help_phone_ = *e164;
    }
    help_first_name_ = name;
  }
  submit_help_request(at);
}

void KioskApp::submit_help_request(Instant at) {
  mediation::Participant p;
  p.id = make_uuid_v4();
  if (member_) p.member_id = member_->id;
  p.first_name = member_ ? std::string() : help_first_name_;
  p.phone = help_phone_;
  p.reminders = help_phone_.has_value();
  if (flow_.help.topic) p.topics.push_back(*flow_.help.topic);
  p.added_at = at;

  mediation::Appointment a;
  bool join = false;
  if (help_workshop_) {
    const auto rec = store_.find_appointment(*help_workshop_);
    if (!rec || rec->appointment.cancelled || rec->appointment.start <= at) {
      build_help_when(at);  // gone meanwhile: show what there is now
      return;
    }
    a = rec->appointment;
    mediation::join_workshop(a, p);
    join = true;
  } else if (help_slot_) {
    const auto* type = sync::kiosk_appointment_type(help_agenda_);
    if (!type) return;
    // The slot may have gone since the list was drawn (another kiosk's
    // request arrived with a sync): check again on what is stored now.
    const auto records = store_.appointments_between(help_slot_->start - std::chrono::hours(24), help_slot_->end);
    const auto appointments = sync::appointments_of(records);
    const mediation::AgendaView agenda{help_agenda_.hours, help_agenda_.exceptions, appointments};
    if (mediation::check_slot(*type, agenda, help_slot_->mediator_id, help_slot_->start, at)) {
      build_help_when(at);
      flow_.help.error = "Ce créneau vient d’être pris : choisissez-en un autre.";
      flow_.help.error_en = "This time has just been taken: please choose another.";
      return;
    }
    a.id = make_uuid_v4();
    a.site_id = site_id_;
    a.type_id = type->id;
    a.mediator_id = help_slot_->mediator_id;
    a.start = help_slot_->start;
    a.duration = type->duration;
    a.place = type->place;
    a.participants.push_back(p);
  } else {
    return;
  }
  store_.record_help_request(a, a.participants.back(), join, at, std::nullopt);
  spdlog::info("help request recorded: appointment {} ({})", a.id, join ? "workshop" : "individual");
  help_appointment_id_ = a.id;
  help_participant_id_ = p.id;
  help_booked_at_ = at;
  // The ticket's QR code carries the calendar event itself (ui/strings_help
  // ticket_ics): it works offline, for anonymous visitors, before the server
  // has the request. No address to link to.
  flow_.qr_url.clear();
  // Nothing typed stays in memory once the request is recorded.
  flow_.help.name.clear();
  flow_.help.phone.clear();
  refresh_help_ticket(at);
  show(Screen::HelpTicket, at);
  ticket_to_print_ = TicketToPrint{flow_.help.ticket, language_, flow_.help.contact_phone};
}

std::optional<TicketToPrint> KioskApp::take_ticket_to_print() {
  auto t = std::move(ticket_to_print_);
  ticket_to_print_.reset();
  return t;
}

void KioskApp::refresh_help_ticket(Instant at) {
  (void)at;
  if (!help_appointment_id_) return;
  const auto rec = store_.find_appointment(*help_appointment_id_);
  if (!rec) return;
  const auto& a = rec->appointment;
  HelpTicket t;
  t.id = a.id;
  t.workshop = a.collective;
  t.title = a.title;
  t.topic = flow_.help.topic;
  t.title_en = a.title_en;
  t.start = to_paris(a.start);
  t.start_at = a.start;
  t.booked_at = help_booked_at_;
  t.minutes = static_cast<int>(a.duration.count());
  t.place_kind = a.place;
  if (const auto m = store_.member(a.mediator_id)) t.mediator = m->first_name;
  if (const auto site = store_.site()) t.place = site->address.empty() ? site->name : site->name + ", " + site->address;
  t.first_name = member_ ? first_name_ : help_first_name_;
  t.pending = store_.appointment_pending(a.id).value_or(true);
  t.refusal = rec->refusal;
  t.reminders = help_phone_.has_value();
  for (const auto& p : a.participants) {
    if (p.id != help_participant_id_) continue;
    t.waiting = p.waiting;
    if (!t.pending && p.status == mediation::ParticipantStatus::Revoked && !t.refusal)
      t.refusal = mediation::HelpRefusal::Taken;
  }
  flow_.help.ticket = t;
}

void KioskApp::help_back(Instant at) {
  switch (screen_) {
    case Screen::HelpTopics:
    case Screen::HelpTicket:
      show(member_ ? Screen::Greeting : Screen::Attract, at);
      return;
    case Screen::HelpWhen:
      show(Screen::HelpTopics, at);
      return;
    case Screen::HelpTime:
      show(Screen::HelpWhen, at);
      return;
    case Screen::HelpContact:
      flow_.help.error.clear();
      flow_.help.error_en.clear();
      show(help_workshop_ ? Screen::HelpWhen : Screen::HelpTime, at);
      return;
    default:
      return;
  }
}

}  // namespace escale::kiosk
