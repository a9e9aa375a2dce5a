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
    if (animator_.who) return true;  // not offered in animator mode (the agenda is there)
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
        if (action.arg == 0 && !help_.view.ask_name) return true;  // a member: no name box
        if (action.arg == 0 || action.arg == 1) help_.view.focus = action.arg;
        last_activity_ = at;
        return true;
      }
      if (action.act == Act::FormEdit) {
        if (help_.view.focus == 0) {
          help_.view.name = action.text.substr(0, kMaxNameBytes);
        } else {
          help_.view.phone = action.text.substr(0, kMaxPhoneBytes);
          help_.view.error.clear();
          help_.view.error_en.clear();
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
  help_ = HelpFlow{};
  show(Screen::HelpTopics, at);
}

void KioskApp::pick_topic(int index, Instant at) {
  const auto topics = mediation::all_help_topics();
  if (index < 0 || static_cast<std::size_t>(index) >= topics.size()) return;
  help_.view.topic = topics[static_cast<std::size_t>(index)];
  build_help_when(at);
}

void KioskApp::build_help_when(Instant at) {
  help_.agenda = store_.help_agenda();
  const CivilDate today = paris_civil_date(at);
  const CivilDate last = add_days(today, std::max(kHelpDaysAhead, kWorkshopDaysAhead));
  help_.appointments = store_.appointments_between(paris_day_start(add_days(today, -1)), paris_day_start(last));
  help_.view.days.clear();
  help_.view.workshops.clear();
  help_.days.clear();
  help_.workshop_ids.clear();
  help_.view.contact_phone =
      help_.agenda.contact_phone.empty() ? std::string() : mediation::format_phone(help_.agenda.contact_phone);

  if (const auto* type = sync::kiosk_appointment_type(help_.agenda)) {
    const auto appointments = sync::appointments_of(help_.appointments);
    const mediation::AgendaView agenda{help_.agenda.hours, help_.agenda.exceptions, appointments};
    std::map<std::string, int> per_day;  // ISO date → free slots, in date order
    for (const auto& slot : mediation::free_slots(*type, agenda, today, add_days(today, kHelpDaysAhead - 1), at)) {
      ++per_day[to_iso_date(paris_civil_date(slot.start))];
    }
    for (const auto& [iso, count] : per_day) {
      if (help_.view.days.size() >= kMaxHelpDays) break;
      const CivilDate d = *parse_iso_date(iso);
      help_.days.push_back(d);
      HelpDayChoice c;
      c.day = paris_midnight(d);
      c.free_slots = count;
      c.today = d == today;
      help_.view.days.push_back(c);
    }
  }
  for (const auto& rec : help_.appointments) {
    const auto& a = rec.appointment;
    if (!a.collective || a.cancelled || a.start <= at || help_.view.workshops.size() >= kMaxWorkshops) continue;
    WorkshopChoice w;
    w.title = a.title;
    w.title_en = a.title_en;
    w.start = to_paris(a.start);
    w.minutes = static_cast<int>(a.duration.count());
    w.level = a.level;
    w.seats_left = std::max(0, a.capacity - mediation::seats_taken(a));
    help_.workshop_ids.push_back(a.id);
    help_.view.workshops.push_back(w);
  }
  help_.view.offered = !help_.view.days.empty() || !help_.view.workshops.empty();
  show(Screen::HelpWhen, at);
}

void KioskApp::pick_help_day(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= help_.days.size()) return;
  const CivilDate day = help_.days[static_cast<std::size_t>(index)];
  const auto* type = sync::kiosk_appointment_type(help_.agenda);
  if (!type) return;
  const auto appointments = sync::appointments_of(help_.appointments);
  const mediation::AgendaView agenda{help_.agenda.hours, help_.agenda.exceptions, appointments};
  help_.day_slots.clear();
  help_.view.times.clear();
  help_.view.chosen_day = paris_midnight(day);
  for (const auto& slot : mediation::free_slots(*type, agenda, day, day, at)) {
    // Two mediators free at the same time: one button (the first mediator).
    if (!help_.day_slots.empty() && help_.day_slots.back().start == slot.start) continue;
    help_.day_slots.push_back(slot);
    HelpTimeChoice c;
    c.start = to_paris(slot.start);
    if (const auto m = store_.member(slot.mediator_id)) c.mediator = m->first_name;
    help_.view.times.push_back(c);
  }
  show(Screen::HelpTime, at);
}

void KioskApp::pick_help_time(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= help_.day_slots.size()) return;
  help_.slot = help_.day_slots[static_cast<std::size_t>(index)];
  help_.workshop.reset();
  after_help_choice(at);
}

void KioskApp::pick_workshop(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= help_.workshop_ids.size()) return;
  help_.workshop = help_.workshop_ids[static_cast<std::size_t>(index)];
  help_.slot.reset();
  after_help_choice(at);
}

void KioskApp::after_help_choice(Instant at) {
  // What was typed before « Retour » stays; a member who badged is known: no name to type.
  help_.view.ask_name = !visit_.member;
  help_.view.focus = help_.view.ask_name ? 0 : 1;
  help_.view.error.clear();
  help_.view.error_en.clear();
  show(Screen::HelpContact, at);
}

void KioskApp::help_contact_done(bool skip, Instant at) {
  help_.first_name.clear();
  help_.phone.reset();
  if (!skip) {
    std::string name = help_.view.ask_name ? help_.view.name : std::string();
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    if (!help_.view.phone.empty()) {
      const auto e164 = mediation::normalise_phone(help_.view.phone);
      if (!e164) {
        help_.view.focus = 1;
        // Short: it takes the place of the box's caption, above the digits typed.
        help_.view.error = "Il faut 10 chiffres.";
        help_.view.error_en = "10 digits, please.";
        last_activity_ = at;
        return;
      }
      help_.phone = *e164;
    }
    help_.first_name = name;
  }
  submit_help_request(at);
}

void KioskApp::submit_help_request(Instant at) {
  mediation::Participant p;
  p.id = make_uuid_v4();
  if (visit_.member) p.member_id = visit_.member->id;
  p.first_name = visit_.member ? std::string() : help_.first_name;
  p.phone = help_.phone;
  p.reminders = help_.phone.has_value();
  if (help_.view.topic) p.topics.push_back(*help_.view.topic);
  p.added_at = at;

  mediation::Appointment a;
  bool join = false;
  if (help_.workshop) {
    const auto rec = store_.find_appointment(*help_.workshop);
    if (!rec || rec->appointment.cancelled || rec->appointment.start <= at) {
      build_help_when(at);  // gone meanwhile: show what there is now
      return;
    }
    a = rec->appointment;
    mediation::join_workshop(a, p);
    join = true;
  } else if (help_.slot) {
    const auto* type = sync::kiosk_appointment_type(help_.agenda);
    if (!type) return;
    // The slot may have gone since the list was drawn (another kiosk's
    // request arrived with a sync): check again on what is stored now.
    const auto records = store_.appointments_between(help_.slot->start - std::chrono::hours(24), help_.slot->end);
    const auto appointments = sync::appointments_of(records);
    const mediation::AgendaView agenda{help_.agenda.hours, help_.agenda.exceptions, appointments};
    if (mediation::check_slot(*type, agenda, help_.slot->mediator_id, help_.slot->start, at)) {
      build_help_when(at);
      help_.view.error = "Ce créneau vient d’être pris : choisissez-en un autre.";
      help_.view.error_en = "This time has just been taken: please choose another.";
      return;
    }
    a.id = make_uuid_v4();
    a.site_id = site_id_;
    a.type_id = type->id;
    a.mediator_id = help_.slot->mediator_id;
    a.start = help_.slot->start;
    a.duration = type->duration;
    a.place = type->place;
    a.participants.push_back(p);
  } else {
    return;
  }
  store_.record_help_request(a, a.participants.back(), join, at, std::nullopt);
  spdlog::info("help request recorded: appointment {} ({})", a.id, join ? "workshop" : "individual");
  help_.appointment_id = a.id;
  help_.participant_id = p.id;
  help_.booked_at = at;
  // The ticket's QR code carries the calendar event itself (ui/strings_help
  // ticket_ics): it works offline, for anonymous visitors, before the server
  // has the request. No address to link to.
  booking_.qr_url.clear();
  // Nothing typed stays in memory once the request is recorded.
  help_.view.name.clear();
  help_.view.phone.clear();
  refresh_help_ticket(at);
  show(Screen::HelpTicket, at);
  help_.ticket_to_print = TicketToPrint{help_.view.ticket, language_, help_.view.contact_phone};
}

std::optional<TicketToPrint> KioskApp::take_ticket_to_print() {
  auto t = std::move(help_.ticket_to_print);
  help_.ticket_to_print.reset();
  return t;
}

void KioskApp::refresh_help_ticket(Instant at) {
  (void)at;
  if (!help_.appointment_id) return;
  const auto rec = store_.find_appointment(*help_.appointment_id);
  if (!rec) return;
  const auto& a = rec->appointment;
  HelpTicket t;
  t.id = a.id;
  t.workshop = a.collective;
  t.title = a.title;
  t.topic = help_.view.topic;
  t.title_en = a.title_en;
  t.start = to_paris(a.start);
  t.start_at = a.start;
  t.booked_at = help_.booked_at;
  t.minutes = static_cast<int>(a.duration.count());
  t.place_kind = a.place;
  if (const auto m = store_.member(a.mediator_id)) t.mediator = m->first_name;
  if (const auto site = store_.site()) t.place = site->address.empty() ? site->name : site->name + ", " + site->address;
  t.first_name = visit_.member ? visit_.member->first_name : help_.first_name;
  t.pending = store_.appointment_pending(a.id).value_or(true);
  t.refusal = rec->refusal;
  t.reminders = help_.phone.has_value();
  for (const auto& p : a.participants) {
    if (p.id != help_.participant_id) continue;
    t.waiting = p.waiting;
    if (!t.pending && p.status == mediation::ParticipantStatus::Revoked && !t.refusal)
      t.refusal = mediation::HelpRefusal::Taken;
  }
  help_.view.ticket = t;
}

void KioskApp::help_back(Instant at) {
  switch (screen_) {
    case Screen::HelpTopics:
    case Screen::HelpTicket:
      back_to_menu(at);
      return;
    case Screen::HelpWhen:
      show(Screen::HelpTopics, at);
      return;
    case Screen::HelpTime:
      show(Screen::HelpWhen, at);
      return;
    case Screen::HelpContact:
      help_.view.error.clear();
      help_.view.error_en.clear();
      show(help_.workshop ? Screen::HelpWhen : Screen::HelpTime, at);
      return;
    default:
      return;
  }
}

}  // namespace escale::kiosk
