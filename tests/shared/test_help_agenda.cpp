// The help agenda: codes and labels, validation, free slots (recurrence,
// from/until, exceptions, public holidays, DST days, busy mediators, two
// mediators at once, booking delays), check_slot agreeing with free_slots and
// its refusal order, help intervals, workshops' seats and waiting lists,
// cancellation notice, phone numbers, reminders and their SMS text.
#include "mediation/agenda.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

using namespace escale;
using namespace escale::mediation;
using namespace std::chrono_literals;

namespace {

const std::string nnbsp = "\u202F";  // narrow no-break space: before « : » and inside « »

constexpr std::int64_t kSite = 10;
constexpr std::int64_t kOtherSite = 11;
constexpr std::int64_t kClaire = 101;  // a mediator
constexpr std::int64_t kKarim = 102;   // another one

constexpr int hm(int hour, int minute = 0) {
  return hour * 60 + minute;
}

Instant paris(int year, int month, int day, int hour, int minute = 0) {
  return from_paris(year, month, day, hour, minute);
}

// « Aide aux démarches en ligne »: individual, 45 minutes, bookable from now to 30 days ahead.
AppointmentType help_type() {
  AppointmentType t;
  t.id = 1;
  t.site_id = kSite;
  t.name = "Aide aux démarches en ligne";
  t.duration = 45min;
  return t;
}

// « Atelier messagerie »: collective, 90 minutes, 8 seats, beginner.
AppointmentType workshop_type() {
  AppointmentType t;
  t.id = 2;
  t.site_id = kSite;
  t.name = "Atelier messagerie";
  t.duration = 90min;
  t.collective = true;
  t.capacity = 8;
  t.level = WorkshopLevel::Beginner;
  return t;
}

HelpHours hours(std::int64_t id, std::int64_t mediator, int weekday, int start_minute, int end_minute,
                std::int64_t site = kSite) {
  HelpHours h;
  h.id = id;
  h.site_id = site;
  h.mediator_id = mediator;
  h.weekday = weekday;
  h.start_minute = start_minute;
  h.end_minute = end_minute;
  return h;
}

HelpException closed(std::optional<std::int64_t> mediator, CivilDate first, CivilDate last, std::int64_t site = kSite) {
  HelpException e;
  e.id = 1;
  e.site_id = site;
  e.mediator_id = mediator;
  e.first = first;
  e.last = last;
  e.reason = "congés";
  return e;
}

Participant person(std::string id, ParticipantStatus status = ParticipantStatus::Unknown, Instant added_at = {}) {
  Participant p;
  p.id = std::move(id);
  p.first_name = "Josiane";
  p.status = status;
  p.added_at = added_at;
  return p;
}

Appointment appointment(std::string id, std::int64_t mediator, Instant start, std::chrono::minutes duration,
                        std::vector<Participant> participants) {
  Appointment a;
  a.id = std::move(id);
  a.site_id = kSite;
  a.type_id = 1;
  a.mediator_id = mediator;
  a.start = start;
  a.duration = duration;
  a.participants = std::move(participants);
  return a;
}

Appointment workshop(int capacity, Instant start) {
  Appointment a = appointment("w", kClaire, start, 90min, {});
  a.type_id = 2;
  a.collective = true;
  a.capacity = capacity;
  a.title = "Découvrir la messagerie";
  a.level = WorkshopLevel::Beginner;
  return a;
}

// « 2026-11-24 09:45 #101 »: a slot as a failing test shows it (Paris wall clock).
std::string show(const HelpSlot& s) {
  return paris_date(s.start) + " " + format_clock(to_paris(s.start)) + " #" + std::to_string(s.mediator_id);
}

std::vector<std::string> shown(const std::vector<HelpSlot>& slots) {
  std::vector<std::string> out;
  for (const HelpSlot& s : slots) out.push_back(show(s));
  return out;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Monday 23 November 2026 to Sunday 6 December 2026: two weeks.
constexpr CivilDate kMonday{2026, 11, 23};
constexpr CivilDate kTuesday{2026, 11, 24};
constexpr CivilDate kThursday{2026, 11, 26};
constexpr CivilDate kNextTuesday{2026, 12, 1};
constexpr CivilDate kNextThursday{2026, 12, 3};
constexpr CivilDate kSunday2{2026, 12, 6};

Instant tuesday(int hour, int minute = 0) {
  return paris(2026, 11, 24, hour, minute);
}

// Claire helps on Tuesday mornings (09:00–11:45: three 45-minute slots, the
// last 30 minutes dropped) and Thursday afternoons (14:00–17:00: four);
// Karim on Tuesdays 10:30–12:00 (two). `now` is Monday 23 November, 08:00.
struct AgendaFixture {
  AppointmentType type = help_type();
  std::vector<HelpHours> weekly{hours(1, kClaire, 2, hm(9), hm(11, 45)), hours(2, kClaire, 4, hm(14), hm(17)),
                                hours(3, kKarim, 2, hm(10, 30), hm(12))};
  std::vector<HelpException> exceptions;
  std::vector<Appointment> appointments;
  Instant now = paris(2026, 11, 23, 8, 0);

  AgendaView view() const { return AgendaView{weekly, exceptions, appointments}; }
  std::vector<std::string> slots(CivilDate first, CivilDate last) const {
    return shown(free_slots(type, view(), first, last, now));
  }
  std::vector<std::string> tuesday_slots() const { return slots(kTuesday, kTuesday); }
  std::optional<HelpRefusal> check(std::int64_t mediator, Instant start) const {
    return check_slot(type, view(), mediator, start, now);
  }
};

const std::vector<std::string> kAllTuesday{"2026-11-24 09:00 #101", "2026-11-24 09:45 #101", "2026-11-24 10:30 #101",
                                           "2026-11-24 10:30 #102", "2026-11-24 11:15 #102"};

}  // namespace

// ---------------------------------------------------------------------------
// Codes and labels
// ---------------------------------------------------------------------------

TEST_CASE("help agenda codes round-trip and unknown text is rejected", "[help_agenda]") {
  for (const PlaceKind p :
       {PlaceKind::OnSite, PlaceKind::ByPhone, PlaceKind::AtHome, PlaceKind::Remote, PlaceKind::Other}) {
    CHECK(parse_place_kind(to_string(p)) == p);
  }
  CHECK(to_string(PlaceKind::OnSite) == "on_site");
  CHECK(to_string(PlaceKind::ByPhone) == "by_phone");
  CHECK(to_string(PlaceKind::AtHome) == "at_home");
  CHECK(to_string(PlaceKind::Remote) == "remote");
  CHECK(to_string(PlaceKind::Other) == "other");
  CHECK_FALSE(parse_place_kind("On_site").has_value());
  CHECK_FALSE(parse_place_kind("onsite").has_value());
  CHECK_FALSE(parse_place_kind("").has_value());

  for (const WorkshopLevel l :
       {WorkshopLevel::None, WorkshopLevel::Beginner, WorkshopLevel::Intermediate, WorkshopLevel::Advanced}) {
    CHECK(parse_workshop_level(to_string(l)) == l);
  }
  CHECK(to_string(WorkshopLevel::None).empty());
  CHECK(to_string(WorkshopLevel::Beginner) == "beginner");
  CHECK(to_string(WorkshopLevel::Intermediate) == "intermediate");
  CHECK(to_string(WorkshopLevel::Advanced) == "advanced");
  CHECK_FALSE(parse_workshop_level("expert").has_value());
  CHECK_FALSE(parse_workshop_level("Beginner").has_value());
  CHECK_FALSE(parse_workshop_level(" ").has_value());

  const std::vector<std::pair<ParticipantStatus, std::string_view>> statuses{
      {ParticipantStatus::Unknown, "unknown"}, {ParticipantStatus::Seen, "seen"},
      {ParticipantStatus::Excused, "excused"}, {ParticipantStatus::Revoked, "revoked"},
      {ParticipantStatus::NoShow, "noshow"},
  };
  for (const auto& [status, code] : statuses) {
    CHECK(to_string(status) == code);
    CHECK(parse_participant_status(code) == status);
  }
  CHECK_FALSE(parse_participant_status("no_show").has_value());
  CHECK_FALSE(parse_participant_status("Seen").has_value());
  CHECK_FALSE(parse_participant_status("").has_value());

  const std::vector<std::pair<HelpTopic, std::string_view>> topics{
      {HelpTopic::Papers, "papers"},         {HelpTopic::Caf, "caf"},
      {HelpTopic::Taxes, "taxes"},           {HelpTopic::Health, "health"},
      {HelpTopic::Employment, "employment"}, {HelpTopic::Email, "email"},
      {HelpTopic::Device, "device"},         {HelpTopic::Other, "other"},
  };
  for (const auto& [topic, code] : topics) {
    CHECK(to_string(topic) == code);
    CHECK(parse_help_topic(code) == topic);
  }
  CHECK_FALSE(parse_help_topic("CAF").has_value());
  CHECK_FALSE(parse_help_topic("impots").has_value());
  CHECK_FALSE(parse_help_topic("").has_value());

  const std::vector<std::pair<HelpRefusal, std::string_view>> refusals{
      {HelpRefusal::UnknownType, "unknown_type"},
      {HelpRefusal::InThePast, "in_the_past"},
      {HelpRefusal::TooSoon, "too_soon"},
      {HelpRefusal::TooFarAhead, "too_far_ahead"},
      {HelpRefusal::ClosedDay, "closed_day"},
      {HelpRefusal::NotInHelpHours, "not_in_help_hours"},
      {HelpRefusal::Taken, "taken"},
      {HelpRefusal::UnknownAppointment, "unknown_appointment"},
      {HelpRefusal::NotCancellable, "not_cancellable"},
      {HelpRefusal::NoParticipant, "no_participant"},
      {HelpRefusal::InvalidPhone, "invalid_phone"},
      {HelpRefusal::InvalidRequest, "invalid_request"},
  };
  for (const auto& [refusal, code] : refusals) {
    CHECK(to_string(refusal) == code);
    CHECK(parse_help_refusal(code) == refusal);
  }
  CHECK_FALSE(parse_help_refusal("overlap").has_value());
  CHECK_FALSE(parse_help_refusal("Taken").has_value());
  CHECK_FALSE(parse_help_refusal("").has_value());

  CHECK(to_string(ReminderKind::Before48h) == "48h");
  CHECK(to_string(ReminderKind::Before2h) == "2h");
}

TEST_CASE("participant statuses: labels as in RDV Service Public, and who holds a seat", "[help_agenda]") {
  using S = ParticipantStatus;
  CHECK(participant_status_label(S::Unknown, false) == "À venir");
  CHECK(participant_status_label(S::Unknown, true) == "À renseigner");
  CHECK(participant_status_label(S::Seen, true) == "Présent");
  CHECK(participant_status_label(S::Excused, true) == "Annulé (excusé)");
  CHECK(participant_status_label(S::Revoked, true) == "Annulé (par le service)");
  CHECK(participant_status_label(S::NoShow, true) == "Absence non excusée");
  // `past` only matters for unknown.
  for (const S s : {S::Seen, S::Excused, S::Revoked, S::NoShow}) {
    CHECK(participant_status_label(s, false) == participant_status_label(s, true));
  }
  CHECK(participant_status_label(S::Unknown, false, Language::English) == "Upcoming");
  CHECK(participant_status_label(S::Unknown, true, Language::English) == "To be recorded");
  CHECK(participant_status_label(S::Seen, true, Language::English) == "Attended");
  CHECK(participant_status_label(S::Excused, true, Language::English) == "Cancelled (excused)");
  CHECK(participant_status_label(S::Revoked, true, Language::English) == "Cancelled (by the service)");
  CHECK(participant_status_label(S::NoShow, true, Language::English) == "Unexcused absence");

  CHECK(holds_seat(S::Unknown));
  CHECK(holds_seat(S::Seen));
  CHECK_FALSE(holds_seat(S::Excused));
  CHECK_FALSE(holds_seat(S::Revoked));
  CHECK_FALSE(holds_seat(S::NoShow));
}

TEST_CASE("workshop levels and help topics: labels and the kiosk's order", "[help_agenda]") {
  CHECK(workshop_level_label(WorkshopLevel::None).empty());
  CHECK(workshop_level_label(WorkshopLevel::Beginner) == "Débutant");
  CHECK(workshop_level_label(WorkshopLevel::Intermediate) == "Intermédiaire");
  CHECK(workshop_level_label(WorkshopLevel::Advanced) == "Avancé");
  CHECK(workshop_level_label(WorkshopLevel::None, Language::English).empty());
  CHECK(workshop_level_label(WorkshopLevel::Beginner, Language::English) == "Beginner");
  CHECK(workshop_level_label(WorkshopLevel::Intermediate, Language::English) == "Intermediate");
  CHECK(workshop_level_label(WorkshopLevel::Advanced, Language::English) == "Advanced");

  CHECK(help_topic_label(HelpTopic::Papers) == "Papiers, ANTS");
  CHECK(help_topic_label(HelpTopic::Caf) == "CAF");
  CHECK(help_topic_label(HelpTopic::Taxes) == "Impôts");
  CHECK(help_topic_label(HelpTopic::Health) == "Santé, ameli");
  CHECK(help_topic_label(HelpTopic::Employment) == "Emploi, France Travail");
  CHECK(help_topic_label(HelpTopic::Email) == "E-mail");
  CHECK(help_topic_label(HelpTopic::Device) == "Téléphone ou ordinateur");
  CHECK(help_topic_label(HelpTopic::Other) == "Autre chose");

  const auto topics = all_help_topics();
  const std::vector<HelpTopic> order(topics.begin(), topics.end());
  CHECK(order == std::vector<HelpTopic>{HelpTopic::Papers, HelpTopic::Caf, HelpTopic::Taxes, HelpTopic::Health,
                                        HelpTopic::Employment, HelpTopic::Email, HelpTopic::Device, HelpTopic::Other});
  for (const HelpTopic t : topics) {
    CHECK_FALSE(help_topic_label(t, Language::English).empty());
    CHECK(help_topic_label(t, Language::English).find("é") == std::string_view::npos);
  }
}

TEST_CASE("help refusal reasons: one sentence each, French typography", "[help_agenda]") {
  CHECK(help_refusal_reason(HelpRefusal::Taken) == "Ce créneau vient d’être pris.");
  CHECK(help_refusal_reason(HelpRefusal::NotCancellable) == "Il faut annuler au moins 4 heures avant.");
  CHECK(help_refusal_reason(HelpRefusal::NotCancellable, Language::English) ==
        "You must cancel at least 4 hours before.");
  CHECK(help_refusal_reason(HelpRefusal::TooSoon) ==
        "Ce créneau est trop proche" + nnbsp + ": choisissez-en un plus tard.");

  for (int i = 0; i <= static_cast<int>(HelpRefusal::InvalidRequest); ++i) {
    const auto r = static_cast<HelpRefusal>(i);
    INFO(to_string(r));
    for (const Language lang : {Language::French, Language::English}) {
      const std::string reason = help_refusal_reason(r, lang);
      REQUIRE(reason.size() > 2);
      CHECK(reason.front() >= 'A');
      CHECK(reason.front() != ' ');
      CHECK(reason.back() == '.');
    }
    const std::string fr = help_refusal_reason(r);
    CHECK(fr != help_refusal_reason(r, Language::English));
    CHECK(fr.find('\'') == std::string::npos);  // the apostrophe is ’
    CHECK(fr.find(" :") == std::string::npos);  // a narrow no-break space before « : »
    CHECK(fr.find(" ;") == std::string::npos);
    CHECK(fr.find(" ?") == std::string::npos);
    CHECK(fr.find(" !") == std::string::npos);
  }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

TEST_CASE("validate an appointment type", "[help_agenda]") {
  CHECK_FALSE(validate(help_type()).has_value());
  CHECK_FALSE(validate(workshop_type()).has_value());

  const auto refused = [](const AppointmentType& t) {
    const auto message = validate(t);
    REQUIRE(message.has_value());
    CHECK(message->find('\'') == std::string::npos);
    CHECK(message->find(" :") == std::string::npos);
    return *message;
  };

  AppointmentType t = help_type();
  t.name = "   ";
  CHECK(refused(t).find("nom") != std::string::npos);
  t.name = std::string(101, 'a');
  CHECK(refused(t).find("trop long") != std::string::npos);
  t.name = "Aide\x01";
  refused(t);

  t = help_type();
  t.duration = 0min;
  CHECK(refused(t).find("durée") != std::string::npos);
  t.duration = 4min;
  refused(t);
  t.duration = 481min;
  refused(t);
  t.duration = 5min;
  CHECK_FALSE(validate(t).has_value());
  t.duration = 480min;
  CHECK_FALSE(validate(t).has_value());

  t = help_type();
  t.capacity = 2;  // an individual appointment has one seat
  refused(t);
  t = help_type();
  t.level = WorkshopLevel::Advanced;  // levels are for workshops
  refused(t);
  t = help_type();
  t.place = PlaceKind::ByPhone;  // individual help may be by phone
  CHECK_FALSE(validate(t).has_value());

  t = workshop_type();
  t.capacity = 0;
  CHECK(refused(t).find("places") != std::string::npos);
  t.capacity = 101;
  refused(t);
  t.capacity = 1;
  CHECK_FALSE(validate(t).has_value());
  t = workshop_type();
  t.place = PlaceKind::Remote;  // a workshop is on site (mediation.md)
  refused(t);

  t = help_type();
  t.min_delay = -1min;
  refused(t);
  t = help_type();
  t.max_delay_days = -1;
  refused(t);
  t.max_delay_days = 366;
  refused(t);
  t.max_delay_days = 365;
  CHECK_FALSE(validate(t).has_value());
  t.max_delay_days = 0;  // today only
  t.min_delay = 23h;
  CHECK_FALSE(validate(t).has_value());
  t.min_delay = 24h;  // nothing could ever be offered
  refused(t);
  t.max_delay_days = 2;
  t.min_delay = 48h;
  CHECK_FALSE(validate(t).has_value());
}

TEST_CASE("validate help hours", "[help_agenda]") {
  const HelpHours good = hours(1, kClaire, 2, hm(9), hm(12));
  CHECK_FALSE(validate(good).has_value());
  const auto refused = [](const HelpHours& h) {
    const auto message = validate(h);
    REQUIRE(message.has_value());
    CHECK(message->find('\'') == std::string::npos);
    CHECK(message->find(" :") == std::string::npos);
  };

  HelpHours h = good;
  h.mediator_id = 0;
  refused(h);
  h = good;
  h.weekday = 0;
  refused(h);
  h.weekday = 8;
  refused(h);
  h.weekday = 7;
  CHECK_FALSE(validate(h).has_value());

  h = good;
  h.start_minute = -1;
  refused(h);
  h.start_minute = 1440;
  h.end_minute = 1440;
  refused(h);
  h = good;
  h.end_minute = h.start_minute;
  refused(h);
  h.end_minute = h.start_minute - 30;
  refused(h);
  h.end_minute = 1441;
  refused(h);
  h.end_minute = 1440;  // until midnight
  CHECK_FALSE(validate(h).has_value());

  h = good;
  h.from = CivilDate{2027, 2, 29};  // not a leap year
  refused(h);
  h.from = CivilDate{2026, 13, 1};
  refused(h);
  h.from = CivilDate{2026, 12, 1};
  h.until = CivilDate{2026, 11, 30};
  refused(h);
  h.until = CivilDate{2026, 12, 1};  // a single day
  CHECK_FALSE(validate(h).has_value());
  h.until = CivilDate{2026, 12, 32};
  refused(h);
  h.until.reset();
  CHECK_FALSE(validate(h).has_value());
}

TEST_CASE("validate help exceptions", "[help_agenda]") {
  const HelpException good = closed(kClaire, kTuesday, kNextTuesday);
  CHECK_FALSE(validate(good).has_value());
  CHECK_FALSE(validate(closed(std::nullopt, kTuesday, kTuesday)).has_value());
  const auto refused = [](const HelpException& e) {
    const auto message = validate(e);
    REQUIRE(message.has_value());
    CHECK(message->find('\'') == std::string::npos);
    CHECK(message->find(" :") == std::string::npos);
  };

  refused(closed(kClaire, kNextTuesday, kTuesday));  // backwards
  refused(closed(kClaire, CivilDate{2026, 2, 30}, kTuesday));
  refused(closed(kClaire, kTuesday, CivilDate{2026, 11, 31}));
  refused(closed(std::int64_t{0}, kTuesday, kTuesday));
  refused(closed(kClaire, CivilDate{2026, 1, 1}, CivilDate{2027, 6, 1}));  // longer than a year
  HelpException e = good;
  e.reason = std::string(201, 'x');
  refused(e);
  e.reason = "formation\n";
  refused(e);
  e.reason.clear();  // the reason is optional
  CHECK_FALSE(validate(e).has_value());
}

// ---------------------------------------------------------------------------
// Free slots
// ---------------------------------------------------------------------------

TEST_CASE("free slots: hours cut in slots of the type's duration, two mediators at once", "[help_agenda]") {
  AgendaFixture f;
  // 09:00–11:45: 09:00, 09:45, 10:30 (11:15–12:00 would pass the end: dropped).
  CHECK(f.tuesday_slots() == kAllTuesday);

  const auto slots = free_slots(f.type, f.view(), kTuesday, kTuesday, f.now);
  REQUIRE(slots.size() == 5);
  for (const HelpSlot& s : slots) CHECK(s.end - s.start == 45min);
  CHECK(slots[0].start == tuesday(9));
  CHECK(slots[2].start == slots[3].start);  // Claire and Karim, both at 10:30
  CHECK(slots[2].mediator_id == kClaire);
  CHECK(slots[3].mediator_id == kKarim);

  // A 60-minute type cuts the same hours differently.
  f.type.duration = 60min;
  CHECK(f.tuesday_slots() ==
        std::vector<std::string>{"2026-11-24 09:00 #101", "2026-11-24 10:00 #101", "2026-11-24 10:30 #102"});
  // Longer than any hours: nothing.
  f.type.duration = 4h;
  CHECK(f.tuesday_slots().empty());

  // Nothing on days without hours (Monday, Wednesday).
  f.type = help_type();
  CHECK(f.slots(kMonday, kMonday).empty());
  CHECK(f.slots(CivilDate{2026, 11, 25}, CivilDate{2026, 11, 25}).empty());
}

TEST_CASE("free slots: weekly recurrence over several days, earliest first", "[help_agenda]") {
  AgendaFixture f;
  const auto two_weeks = free_slots(f.type, f.view(), kMonday, kSunday2, f.now);
  // Each week: 5 on Tuesday, 4 on Thursday (14:00, 14:45, 15:30, 16:15).
  CHECK(two_weeks.size() == 18);
  CHECK(std::is_sorted(two_weeks.begin(), two_weeks.end(),
                       [](const HelpSlot& a, const HelpSlot& b) { return a.start < b.start; }));
  const auto on = [&](const CivilDate& day) {
    return std::count_if(two_weeks.begin(), two_weeks.end(),
                         [&](const HelpSlot& s) { return paris_civil_date(s.start) == day; });
  };
  CHECK(on(kTuesday) == 5);
  CHECK(on(kThursday) == 4);
  CHECK(on(kNextTuesday) == 5);
  CHECK(on(kNextThursday) == 4);
  CHECK(f.slots(kThursday, kThursday) == std::vector<std::string>{"2026-11-26 14:00 #101", "2026-11-26 14:45 #101",
                                                                  "2026-11-26 15:30 #101", "2026-11-26 16:15 #101"});

  // Several weekdays of one mediator, and the same slot given once when hours repeat.
  f.weekly.push_back(hours(4, kClaire, 2, hm(9), hm(11, 45)));
  CHECK(f.tuesday_slots() == kAllTuesday);

  // An empty or backwards range gives nothing.
  CHECK(f.slots(kThursday, kTuesday).empty());
}

TEST_CASE("free slots: the hours' from and until dates are inclusive", "[help_agenda]") {
  AgendaFixture f;
  f.weekly = {hours(1, kClaire, 2, hm(9), hm(10, 30)), hours(2, kClaire, 4, hm(9), hm(10, 30))};
  f.weekly[0].from = kNextTuesday;  // Tuesdays from 1 December
  f.weekly[1].until = kThursday;    // Thursdays until 26 November
  CHECK(f.slots(kMonday, kSunday2) == std::vector<std::string>{"2026-11-26 09:00 #101", "2026-11-26 09:45 #101",
                                                               "2026-12-01 09:00 #101", "2026-12-01 09:45 #101"});
  // A single-day run.
  f.weekly[0].until = kNextTuesday;
  f.weekly[0].from = kNextTuesday;
  f.weekly[1].from = kNextThursday;
  f.weekly[1].until = kNextThursday;
  CHECK(f.slots(kMonday, kSunday2) == std::vector<std::string>{"2026-12-01 09:00 #101", "2026-12-01 09:45 #101",
                                                               "2026-12-03 09:00 #101", "2026-12-03 09:45 #101"});
}

TEST_CASE("free slots: exceptions for the whole site or one mediator", "[help_agenda]") {
  AgendaFixture f;
  SECTION("the whole site") {
    f.exceptions = {closed(std::nullopt, kTuesday, kTuesday)};
    CHECK(f.tuesday_slots().empty());
    CHECK(f.slots(kThursday, kThursday).size() == 4);
    CHECK(help_intervals(f.view(), kKarim, kTuesday).empty());
  }
  SECTION("one mediator: the other still helps") {
    f.exceptions = {closed(kClaire, kTuesday, kTuesday)};
    CHECK(f.tuesday_slots() == std::vector<std::string>{"2026-11-24 10:30 #102", "2026-11-24 11:15 #102"});
    CHECK(help_intervals(f.view(), kClaire, kTuesday).empty());
    CHECK(help_intervals(f.view(), kKarim, kTuesday).size() == 1);
  }
  SECTION("several days, both ends inclusive") {
    f.exceptions = {closed(kClaire, kThursday, kNextTuesday)};
    const auto all = f.slots(kMonday, kSunday2);
    CHECK(std::count(all.begin(), all.end(), "2026-11-24 09:00 #101") == 1);  // before the first day
    CHECK(std::count(all.begin(), all.end(), "2026-11-26 14:00 #101") == 0);  // first day
    CHECK(std::count(all.begin(), all.end(), "2026-12-01 09:00 #101") == 0);  // last day
    CHECK(std::count(all.begin(), all.end(), "2026-12-01 10:30 #102") == 1);  // Karim helps
    CHECK(std::count(all.begin(), all.end(), "2026-12-03 14:00 #101") == 1);  // after the last day
  }
  SECTION("another site's exception, or another mediator's, does not apply") {
    f.exceptions = {closed(std::nullopt, kTuesday, kTuesday, kOtherSite),
                    closed(std::int64_t{999}, kTuesday, kTuesday)};
    CHECK(f.tuesday_slots() == kAllTuesday);
  }
}

TEST_CASE("free slots: none on French public holidays", "[help_agenda]") {
  AgendaFixture f;
  f.weekly = {hours(1, kClaire, 5, hm(9), hm(10, 30)), hours(2, kKarim, 1, hm(14), hm(15, 30))};
  f.now = paris(2026, 12, 1, 8, 0);
  f.type.max_delay_days = 365;
  // Christmas, Friday 25 December 2026, and the Friday before.
  CHECK(f.slots(CivilDate{2026, 12, 25}, CivilDate{2026, 12, 25}).empty());
  CHECK(f.slots(CivilDate{2026, 12, 18}, CivilDate{2026, 12, 18}).size() == 2);
  CHECK(help_intervals(f.view(), kClaire, CivilDate{2026, 12, 25}).empty());
  CHECK(help_intervals(f.view(), kClaire, CivilDate{2026, 12, 18}).size() == 1);
  CHECK(f.check(kClaire, paris(2026, 12, 25, 9)) == HelpRefusal::ClosedDay);
  // Easter Monday, 29 March 2027, and the Monday before.
  CHECK(f.slots(CivilDate{2027, 3, 29}, CivilDate{2027, 3, 29}).empty());
  CHECK(f.slots(CivilDate{2027, 3, 22}, CivilDate{2027, 3, 22}) ==
        std::vector<std::string>{"2027-03-22 14:00 #102", "2027-03-22 14:45 #102"});
  CHECK(f.check(kKarim, paris(2027, 3, 29, 14)) == HelpRefusal::ClosedDay);
  CHECK_FALSE(f.check(kKarim, paris(2027, 3, 22, 14)).has_value());
}

TEST_CASE("free slots: 14:00 stays 14:00 in Paris on both sides of a DST change", "[help_agenda]") {
  AgendaFixture f;
  f.type.duration = 60min;
  f.type.max_delay_days = 365;
  f.now = paris(2026, 10, 1, 8, 0);
  // Saturday, Sunday and Monday afternoons.
  f.weekly = {hours(1, kClaire, 6, hm(14), hm(15)), hours(2, kClaire, 7, hm(14), hm(15)),
              hours(3, kClaire, 1, hm(14), hm(15))};

  SECTION("autumn: Sunday 25 October 2026") {
    const auto slots = free_slots(f.type, f.view(), CivilDate{2026, 10, 24}, CivilDate{2026, 10, 26}, f.now);
    REQUIRE(slots.size() == 3);
    for (const HelpSlot& s : slots) {
      CHECK(to_paris(s.start).hour == 14);
      CHECK(to_paris(s.start).minute == 0);
      CHECK(s.end - s.start == 60min);
    }
    CHECK(to_iso_utc(slots[0].start) == "2026-10-24T12:00:00.000Z");  // summer time, UTC+2
    CHECK(to_iso_utc(slots[1].start) == "2026-10-25T13:00:00.000Z");  // winter time, UTC+1
    CHECK(to_iso_utc(slots[2].start) == "2026-10-26T13:00:00.000Z");
    CHECK_FALSE(f.check(kClaire, slots[1].start).has_value());
    CHECK(f.check(kClaire, slots[1].start - 1h) == HelpRefusal::NotInHelpHours);  // 13:00 Paris
  }
  SECTION("spring: Sunday 28 March 2027") {
    const auto slots = free_slots(f.type, f.view(), CivilDate{2027, 3, 27}, CivilDate{2027, 3, 29}, f.now);
    // Monday 29 March 2027 is Easter Monday: no help.
    REQUIRE(slots.size() == 2);
    CHECK(to_iso_utc(slots[0].start) == "2027-03-27T13:00:00.000Z");  // winter time
    CHECK(to_iso_utc(slots[1].start) == "2027-03-28T12:00:00.000Z");  // summer time
    for (const HelpSlot& s : slots) CHECK(to_paris(s.start).hour == 14);
    CHECK(help_intervals(f.view(), kClaire, CivilDate{2027, 3, 28}) ==
          std::vector<std::pair<Instant, Instant>>{{paris(2027, 3, 28, 14), paris(2027, 3, 28, 15)}});
  }
  SECTION("night hours across the change: no slot in the spring gap") {
    f.weekly = {hours(1, kClaire, 7, hm(1), hm(4))};
    const auto spring = free_slots(f.type, f.view(), CivilDate{2027, 3, 28}, CivilDate{2027, 3, 28}, f.now);
    REQUIRE(spring.size() == 2);  // 01:00 and 03:00; 02:00 does not exist that night
    CHECK(to_iso_utc(spring[0].start) == "2027-03-28T00:00:00.000Z");
    CHECK(to_iso_utc(spring[1].start) == "2027-03-28T01:00:00.000Z");
    const auto autumn = free_slots(f.type, f.view(), CivilDate{2026, 10, 25}, CivilDate{2026, 10, 25}, f.now);
    REQUIRE(autumn.size() == 3);  // 01:00, 02:00 (summer time), 03:00
    for (std::size_t i = 1; i < autumn.size(); ++i) CHECK(autumn[i].start >= autumn[i - 1].end);
  }
}

TEST_CASE("free slots: a mediator's appointments take their slots", "[help_agenda]") {
  AgendaFixture f;
  const auto with = [&](Appointment a) {
    f.appointments = {std::move(a)};
    return f.tuesday_slots();
  };
  const std::vector<std::string> without_claire_945{"2026-11-24 09:00 #101", "2026-11-24 10:30 #101",
                                                    "2026-11-24 10:30 #102", "2026-11-24 11:15 #102"};

  // Touching ends do not overlap: 09:00 and 10:30 stay.
  CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min, {person("p")})) == without_claire_945);
  // Any overlap takes the slot: 10:00–10:15 is inside 09:45–10:30.
  CHECK(with(appointment("a", kClaire, tuesday(10), 15min, {person("p")})) == without_claire_945);
  // 10:00–11:00 overlaps 09:45 and 10:30 of Claire; Karim's 10:30 stays.
  CHECK(with(appointment("a", kClaire, tuesday(10), 60min, {person("p")})) ==
        std::vector<std::string>{"2026-11-24 09:00 #101", "2026-11-24 10:30 #102", "2026-11-24 11:15 #102"});
  // Someone seen still holds the seat, excused ones beside them do not matter.
  CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min,
                         {person("p", ParticipantStatus::Excused), person("q", ParticipantStatus::Seen)})) ==
        without_claire_945);
  // Another mediator's appointment leaves Claire free.
  CHECK(with(appointment("a", kKarim, tuesday(9, 45), 45min, {person("p")})) == kAllTuesday);
  // Claire busy at another site is busy here too.
  Appointment elsewhere = appointment("a", kClaire, tuesday(9, 45), 45min, {person("p")});
  elsewhere.site_id = kOtherSite;
  CHECK(with(elsewhere) == without_claire_945);
  // An appointment on another day does nothing.
  CHECK(with(appointment("a", kClaire, paris(2026, 11, 26, 9, 45), 45min, {person("p")})) == kAllTuesday);

  SECTION("cancelled, or nobody holding a seat: the slot is free again") {
    Appointment cancelled = appointment("a", kClaire, tuesday(9, 45), 45min, {person("p")});
    cancelled.cancelled = true;
    CHECK(with(cancelled) == kAllTuesday);
    CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min, {person("p", ParticipantStatus::Excused)})) ==
          kAllTuesday);
    CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min,
                           {person("p", ParticipantStatus::Revoked), person("q", ParticipantStatus::Excused)})) ==
          kAllTuesday);
    CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min, {person("p", ParticipantStatus::NoShow)})) ==
          kAllTuesday);
    CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min, {})) == kAllTuesday);
    Participant waiting = person("p");
    waiting.waiting = true;
    CHECK(with(appointment("a", kClaire, tuesday(9, 45), 45min, {waiting})) == kAllTuesday);
  }
  SECTION("a workshop blocks its mediator even while empty, unless cancelled") {
    Appointment w = workshop(8, tuesday(9));  // 09:00–10:30
    CHECK(with(w) ==
          std::vector<std::string>{"2026-11-24 10:30 #101", "2026-11-24 10:30 #102", "2026-11-24 11:15 #102"});
    w.participants = {person("p", ParticipantStatus::Excused)};
    CHECK(with(w).size() == 3);
    w.cancelled = true;
    CHECK(with(w) == kAllTuesday);
  }
}

TEST_CASE("free slots: minimum and maximum booking delays", "[help_agenda]") {
  AgendaFixture f;
  SECTION("slots already begun are gone") {
    f.now = tuesday(9, 50);
    CHECK(f.tuesday_slots() ==
          std::vector<std::string>{"2026-11-24 10:30 #101", "2026-11-24 10:30 #102", "2026-11-24 11:15 #102"});
    f.now = tuesday(9, 45);  // starting right now is still bookable
    CHECK(f.tuesday_slots().front() == "2026-11-24 09:45 #101");
    f.now = tuesday(12);
    CHECK(f.tuesday_slots().empty());
  }
  SECTION("min_delay") {
    f.type.min_delay = 2h;
    f.now = tuesday(8, 30);  // bookable from 10:30, exactly
    CHECK(f.tuesday_slots() ==
          std::vector<std::string>{"2026-11-24 10:30 #101", "2026-11-24 10:30 #102", "2026-11-24 11:15 #102"});
    f.now = tuesday(8, 31);
    CHECK(f.tuesday_slots() == std::vector<std::string>{"2026-11-24 11:15 #102"});
    f.type.min_delay = 72h;  // from Thursday 08:00 on
    f.now = paris(2026, 11, 23, 8);
    const auto slots = f.slots(kMonday, kSunday2);
    CHECK(slots.front() == "2026-11-26 14:00 #101");
  }
  SECTION("max_delay_days counts Paris days from today") {
    f.type.max_delay_days = 2;  // Monday + 2 = Wednesday: Thursday is too far
    auto slots = f.slots(kMonday, kSunday2);
    CHECK(slots.size() == 5);
    CHECK(slots.back() == "2026-11-24 11:15 #102");
    f.type.max_delay_days = 3;  // up to Thursday, all of it
    slots = f.slots(kMonday, kSunday2);
    CHECK(slots.size() == 9);
    CHECK(slots.back() == "2026-11-26 16:15 #101");
    f.type.max_delay_days = 0;  // today only
    f.now = tuesday(7);
    CHECK(f.slots(kMonday, kSunday2) == kAllTuesday);
  }
  SECTION("an inactive or collective type has no free slots") {
    f.type.active = false;
    CHECK(f.tuesday_slots().empty());
    f.type = workshop_type();
    CHECK(f.tuesday_slots().empty());
  }
  SECTION("only the type's site's hours") {
    f.type.site_id = kOtherSite;
    CHECK(f.tuesday_slots().empty());
    f.weekly.push_back(hours(9, kClaire, 2, hm(14), hm(15), kOtherSite));
    CHECK(f.tuesday_slots() == std::vector<std::string>{"2026-11-24 14:00 #101"});
  }
}

// ---------------------------------------------------------------------------
// check_slot
// ---------------------------------------------------------------------------

TEST_CASE("check_slot agrees with free_slots, minute by minute", "[help_agenda]") {
  AgendaFixture f;
  f.type.min_delay = 45min;
  f.type.max_delay_days = 9;           // up to Thursday 3 December
  f.now = paris(2026, 11, 24, 9, 10);  // Tuesday: 09:00 has begun, 09:45 is too soon
  f.weekly.push_back(hours(4, kKarim, 4, hm(14, 30), hm(16)));
  f.exceptions = {closed(kKarim, kNextTuesday, kNextTuesday)};
  f.appointments = {appointment("a", kClaire, paris(2026, 11, 26, 15), 30min, {person("p")}),
                    workshop(8, paris(2026, 12, 3, 14))};

  const auto slots = free_slots(f.type, f.view(), kTuesday, CivilDate{2026, 12, 4}, f.now);
  REQUIRE(slots.size() > 10);
  for (const HelpSlot& s : slots) {
    INFO(show(s));
    CHECK_FALSE(f.check(s.mediator_id, s.start).has_value());
  }

  // Every 5 minutes of ten days, for both mediators: allowed exactly on the free slots.
  int checked = 0;
  int allowed = 0;
  for (int day = 0; day < 10; ++day) {
    const CivilDate date = add_days(kTuesday, day);
    for (int minute = 0; minute < 24 * 60; minute += 5) {
      const Instant start = paris(date.year, date.month, date.day, minute / 60, minute % 60);
      for (const std::int64_t mediator : {kClaire, kKarim}) {
        HelpSlot expected;
        expected.start = start;
        expected.end = start + f.type.duration;
        expected.mediator_id = mediator;
        const bool listed = std::find(slots.begin(), slots.end(), expected) != slots.end();
        const bool ok = !f.check(mediator, start).has_value();
        if (ok != listed) FAIL_CHECK(show(expected) << (listed ? " listed but refused" : " allowed but not listed"));
        ++checked;
        if (ok) ++allowed;
      }
    }
  }
  CHECK(checked == 10 * 288 * 2);
  CHECK(allowed == static_cast<int>(slots.size()));
}

TEST_CASE("check_slot: off-grid times are not in the help hours", "[help_agenda]") {
  AgendaFixture f;
  CHECK_FALSE(f.check(kClaire, tuesday(9)).has_value());
  CHECK_FALSE(f.check(kClaire, tuesday(10, 30)).has_value());
  CHECK_FALSE(f.check(kKarim, tuesday(10, 30)).has_value());
  CHECK(f.check(kClaire, tuesday(9, 10)) == HelpRefusal::NotInHelpHours);
  CHECK(f.check(kClaire, tuesday(9) + 30s) == HelpRefusal::NotInHelpHours);
  CHECK(f.check(kClaire, tuesday(9) + 1ms) == HelpRefusal::NotInHelpHours);
  CHECK(f.check(kClaire, tuesday(11, 15)) == HelpRefusal::NotInHelpHours);  // would end after 11:45
  CHECK(f.check(kClaire, tuesday(8, 15)) == HelpRefusal::NotInHelpHours);
  CHECK(f.check(kKarim, tuesday(9)) == HelpRefusal::NotInHelpHours);               // Claire's hours, not Karim's
  CHECK(f.check(kClaire, paris(2026, 11, 25, 9)) == HelpRefusal::NotInHelpHours);  // Wednesday
  CHECK(f.check(999, tuesday(9)) == HelpRefusal::NotInHelpHours);                  // nobody's hours
}

TEST_CASE("check_slot: refusals in the documented order", "[help_agenda]") {
  AgendaFixture f;
  f.type.min_delay = 1h;
  f.type.max_delay_days = 40;
  f.now = tuesday(9, 20);
  f.weekly.push_back(hours(4, kClaire, 5, hm(9), hm(12)));  // Fridays too (25 December 2026)
  f.appointments = {appointment("a", kClaire, tuesday(10, 30), 45min, {person("p")}),
                    appointment("b", kClaire, paris(2026, 12, 25, 9), 45min, {person("p")})};
  f.exceptions = {closed(kClaire, kNextTuesday, kNextTuesday)};

  // UnknownType first, whatever else is wrong.
  AppointmentType inactive = f.type;
  inactive.active = false;
  CHECK(check_slot(inactive, f.view(), kClaire, tuesday(9), f.now) == HelpRefusal::UnknownType);
  CHECK(check_slot(workshop_type(), f.view(), kClaire, tuesday(9, 45), f.now) == HelpRefusal::UnknownType);
  // InThePast before TooSoon.
  CHECK(f.check(kClaire, tuesday(9)) == HelpRefusal::InThePast);
  CHECK(f.check(kClaire, tuesday(9, 20)) == HelpRefusal::TooSoon);  // now itself: not past, but too soon
  // TooSoon before Taken and NotInHelpHours.
  CHECK(f.check(kClaire, tuesday(9, 45)) == HelpRefusal::TooSoon);
  CHECK(f.check(kClaire, tuesday(10, 15)) == HelpRefusal::TooSoon);  // would overlap 10:30 too
  CHECK(f.check(kClaire, tuesday(10, 20)) == HelpRefusal::Taken);    // exactly now + 1 h: not too soon
  // TooFarAhead before ClosedDay (Friday 1 January 2027 is a holiday and too far).
  CHECK(f.check(kClaire, paris(2027, 1, 1, 9)) == HelpRefusal::ClosedDay);  // 38 days ahead: within 40
  f.type.max_delay_days = 30;
  CHECK(f.check(kClaire, paris(2027, 1, 1, 9)) == HelpRefusal::TooFarAhead);
  CHECK(f.check(kClaire, paris(2026, 12, 24, 23, 59)) == HelpRefusal::NotInHelpHours);  // today + 30 is fine
  CHECK(f.check(kClaire, paris(2026, 12, 25, 0, 0)) == HelpRefusal::TooFarAhead);
  f.type.max_delay_days = 40;
  // ClosedDay before Taken (a holiday with an appointment), and by an exception.
  CHECK(f.check(kClaire, paris(2026, 12, 25, 9)) == HelpRefusal::ClosedDay);
  CHECK(f.check(kClaire, paris(2026, 12, 1, 9)) == HelpRefusal::ClosedDay);
  CHECK(f.check(kKarim, paris(2026, 12, 1, 10, 30)) == std::nullopt);  // Karim is not on leave
  f.exceptions.push_back(closed(std::nullopt, kNextThursday, kNextThursday));
  CHECK(f.check(kClaire, paris(2026, 12, 3, 14)) == HelpRefusal::ClosedDay);
  CHECK(f.check(kKarim, paris(2026, 12, 3, 20)) == HelpRefusal::ClosedDay);  // the whole site
  // Taken before NotInHelpHours, on the grid or off it.
  CHECK(f.check(kClaire, tuesday(10, 30)) == HelpRefusal::Taken);
  CHECK(f.check(kClaire, tuesday(10, 35)) == HelpRefusal::Taken);
  CHECK(f.check(kKarim, tuesday(10, 30)) == std::nullopt);
  // Then NotInHelpHours.
  CHECK(f.check(kClaire, tuesday(11, 30)) == HelpRefusal::NotInHelpHours);
}

TEST_CASE("help_intervals: the mediator's hours of one day as instants", "[help_agenda]") {
  AgendaFixture f;
  f.weekly.push_back(hours(4, kClaire, 2, hm(14), hm(24)));  // listed after the morning, until midnight
  f.weekly.push_back(hours(5, kClaire, 2, hm(8), hm(8, 30), kOtherSite));
  const auto claire = help_intervals(f.view(), kClaire, kTuesday);
  CHECK(claire == std::vector<std::pair<Instant, Instant>>{{tuesday(8), tuesday(8, 30)},
                                                           {tuesday(9), tuesday(11, 45)},
                                                           {tuesday(14), paris(2026, 11, 25, 0)}});
  CHECK(help_intervals(f.view(), kKarim, kTuesday) ==
        std::vector<std::pair<Instant, Instant>>{{tuesday(10, 30), tuesday(12)}});
  CHECK(help_intervals(f.view(), kKarim, kThursday).empty());
  CHECK(help_intervals(f.view(), 999, kTuesday).empty());
  // An exception at this site leaves the other site's hours.
  f.exceptions = {closed(kClaire, kTuesday, kTuesday)};
  CHECK(help_intervals(f.view(), kClaire, kTuesday) ==
        std::vector<std::pair<Instant, Instant>>{{tuesday(8), tuesday(8, 30)}});
  // Appointments do not change the hours.
  f.exceptions.clear();
  f.appointments = {appointment("a", kKarim, tuesday(10, 30), 45min, {person("p")})};
  CHECK(help_intervals(f.view(), kKarim, kTuesday).size() == 1);
}

// ---------------------------------------------------------------------------
// Participants and workshops
// ---------------------------------------------------------------------------

TEST_CASE("participants: anonymous when neither member nor first name", "[help_agenda]") {
  Participant p;
  CHECK(is_anonymous(p));
  p.first_name = "  ";
  CHECK(is_anonymous(p));
  p.phone = "+33612345678";  // a phone for reminders does not name anyone
  CHECK(is_anonymous(p));
  p.first_name = "Josiane";
  CHECK_FALSE(is_anonymous(p));
  p.first_name.clear();
  p.member_id = 42;
  CHECK_FALSE(is_anonymous(p));
}

TEST_CASE("workshops: seats until full, then the waiting list", "[help_agenda]") {
  const Instant t0 = paris(2026, 11, 20, 10);
  Appointment w = workshop(3, paris(2026, 11, 26, 14));
  CHECK(seats_taken(w) == 0);
  CHECK_FALSE(is_full(w));

  CHECK(join_workshop(w, person("a", ParticipantStatus::Unknown, t0)));
  CHECK(join_workshop(w, person("b", ParticipantStatus::Unknown, t0 + 1min)));
  CHECK(seats_taken(w) == 2);
  CHECK_FALSE(is_full(w));
  CHECK(join_workshop(w, person("c", ParticipantStatus::Unknown, t0 + 2min)));
  CHECK(seats_taken(w) == 3);
  CHECK(is_full(w));

  // Full: the next ones wait, in the order they arrived (by added_at, not position).
  CHECK_FALSE(join_workshop(w, person("d", ParticipantStatus::Unknown, t0 + 4min)));
  CHECK_FALSE(join_workshop(w, person("e", ParticipantStatus::Unknown, t0 + 3min)));
  REQUIRE(w.participants.size() == 5);
  CHECK_FALSE(w.participants[0].waiting);
  CHECK(w.participants[3].waiting);
  CHECK(w.participants[4].waiting);
  CHECK(seats_taken(w) == 3);
  CHECK(is_full(w));

  // The same participant sent twice (an intent synced again) is not added twice.
  CHECK(join_workshop(w, person("a", ParticipantStatus::Unknown, t0)));
  CHECK_FALSE(join_workshop(w, person("d", ParticipantStatus::Unknown, t0 + 4min)));
  CHECK(w.participants.size() == 5);

  // Full: nobody is promoted.
  CHECK_FALSE(promote_from_waiting_list(w).has_value());

  // « b » excuses themself: « e », who asked first, takes the seat.
  w.participants[1].status = ParticipantStatus::Excused;
  CHECK(seats_taken(w) == 2);
  CHECK_FALSE(is_full(w));
  CHECK(promote_from_waiting_list(w) == std::optional<std::string>{"e"});
  CHECK_FALSE(w.participants[4].waiting);
  CHECK(seats_taken(w) == 3);
  CHECK(is_full(w));
  CHECK_FALSE(promote_from_waiting_list(w).has_value());

  // A seen participant holds their seat; a revoked one frees it for « d ».
  w.participants[0].status = ParticipantStatus::Seen;
  CHECK(seats_taken(w) == 3);
  w.participants[2].status = ParticipantStatus::Revoked;
  CHECK(promote_from_waiting_list(w) == std::optional<std::string>{"d"});
  CHECK(seats_taken(w) == 3);

  // Waiting list empty: a free seat stays free.
  w.participants[0].status = ParticipantStatus::Excused;
  CHECK_FALSE(promote_from_waiting_list(w).has_value());
  CHECK(seats_taken(w) == 2);
  // A newcomer takes it.
  CHECK(join_workshop(w, person("f", ParticipantStatus::Unknown, t0 + 10min)));
  CHECK(is_full(w));
}

TEST_CASE("workshops: someone who leaves the waiting list is not promoted", "[help_agenda]") {
  const Instant t0 = paris(2026, 11, 20, 10);
  Appointment w = workshop(1, paris(2026, 11, 26, 14));
  CHECK(join_workshop(w, person("a", ParticipantStatus::Unknown, t0)));
  CHECK_FALSE(join_workshop(w, person("b", ParticipantStatus::Unknown, t0 + 1min)));
  CHECK_FALSE(join_workshop(w, person("c", ParticipantStatus::Unknown, t0 + 2min)));
  w.participants[1].status = ParticipantStatus::Excused;  // « b » gave up waiting
  w.participants[0].status = ParticipantStatus::Excused;
  CHECK(promote_from_waiting_list(w) == std::optional<std::string>{"c"});
  CHECK(seats_taken(w) == 1);
}

TEST_CASE("cancellation by the person: until 4 hours before the start", "[help_agenda]") {
  const Appointment a = appointment("a", kClaire, tuesday(14), 45min, {person("p")});
  CHECK(kCancelNotice == 4h);
  CHECK_FALSE(check_participant_cancel(a, paris(2026, 11, 20, 10)).has_value());
  CHECK_FALSE(check_participant_cancel(a, tuesday(9, 59)).has_value());
  CHECK_FALSE(check_participant_cancel(a, tuesday(10)).has_value());  // exactly 4 hours before
  CHECK(check_participant_cancel(a, tuesday(10) + 1ms) == HelpRefusal::NotCancellable);
  CHECK(check_participant_cancel(a, tuesday(13)) == HelpRefusal::NotCancellable);
  CHECK(check_participant_cancel(a, tuesday(15)) == HelpRefusal::NotCancellable);
  Appointment cancelled = a;
  cancelled.cancelled = true;
  CHECK(check_participant_cancel(cancelled, paris(2026, 11, 20, 10)) == HelpRefusal::NotCancellable);
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

TEST_CASE("normalise_phone: French numbers as people type them", "[help_agenda]") {
  const std::optional<std::string> mobile{"+33612345678"};
  CHECK(normalise_phone("06 12 34 56 78") == mobile);
  CHECK(normalise_phone("0612345678") == mobile);
  CHECK(normalise_phone("+33 6 12 34 56 78") == mobile);
  CHECK(normalise_phone("+33612345678") == mobile);
  CHECK(normalise_phone("06.12.34.56.78") == mobile);
  CHECK(normalise_phone("06-12-34-56-78") == mobile);
  CHECK(normalise_phone("  06 12 34 56 78  ") == mobile);
  CHECK(normalise_phone("06\u00A012\u00A034\u00A056\u00A078") == mobile);  // no-break spaces
  CHECK(normalise_phone("06\u202F12\u202F34\u202F56\u202F78") == mobile);
  CHECK(normalise_phone("0033 6 12 34 56 78") == mobile);
  CHECK(normalise_phone("+33 (0)6 12 34 56 78") == mobile);
  CHECK(normalise_phone("+33 06 12 34 56 78") == mobile);
  CHECK(normalise_phone("07 98 76 54 32") == std::optional<std::string>{"+33798765432"});
  CHECK(normalise_phone("01 23 45 67 89") == std::optional<std::string>{"+33123456789"});
  CHECK(normalise_phone("05 55 00 00 00") == std::optional<std::string>{"+33555000000"});
  CHECK(normalise_phone("09 72 10 10 10") == std::optional<std::string>{"+33972101010"});

  for (const char* bad : {"",
                          "   ",
                          "08 00 12 34 56",
                          "0800123456",
                          "+33 8 00 12 34 56",
                          "00 12 34 56 78",
                          "+33 0 12 34 56 78",
                          "06 12 34 56 7",
                          "06 12 34 56 789",
                          "6 12 34 56 78",
                          "612345678",
                          "10 12 34 56 78",
                          "06 12 34 56 7a",
                          "06 12 34 56 78 poste 2",
                          "+32 4 12 34 56 78",
                          "+44 20 7946 0958",
                          "0612345678+",
                          "+ 33 6 12 34 56 78x",
                          "06 12 (34) 56 78",
                          "+33 +6 12 34 56 78",
                          "+3306123456789",
                          "o6 12 34 56 78",
                          "06_12_34_56_78"}) {
    INFO(bad);
    CHECK_FALSE(normalise_phone(bad).has_value());
  }
}

TEST_CASE("format_phone: pairs of digits for what a person reads", "[help_agenda]") {
  CHECK(format_phone("+33612345678") == "06 12 34 56 78");
  CHECK(format_phone("+33555000000") == "05 55 00 00 00");
  CHECK(format_phone(*normalise_phone("06.12.34.56.78")) == "06 12 34 56 78");
  for (const char* typed : {"0123456789", "+33 7 98 76 54 32", "09.72.10.10.10"}) {
    const auto e164 = normalise_phone(typed);
    REQUIRE(e164.has_value());
    CHECK(normalise_phone(format_phone(*e164)) == e164);
  }
  // Not a French E.164 number: shown as given.
  CHECK(format_phone("+442079460958") == "+442079460958");
  CHECK(format_phone("") == "");
}

// ---------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------

TEST_CASE("reminders: 48 hours and 2 hours before, each only if due after the booking", "[help_agenda]") {
  const Instant start = paris(2026, 11, 26, 14);
  const auto kinds = [](const std::vector<ReminderDue>& due) {
    std::vector<std::string_view> out;
    for (const ReminderDue& r : due) out.push_back(to_string(r.kind));
    return out;
  };

  const auto three_days = reminders_for(start, start - 72h);
  REQUIRE(three_days.size() == 2);
  CHECK(three_days[0].kind == ReminderKind::Before48h);
  CHECK(three_days[0].due == paris(2026, 11, 24, 14));
  CHECK(three_days[1].kind == ReminderKind::Before2h);
  CHECK(three_days[1].due == paris(2026, 11, 26, 12));

  CHECK(kinds(reminders_for(start, start - 3h)) == std::vector<std::string_view>{"2h"});
  CHECK(reminders_for(start, start - 1h).empty());
  CHECK(reminders_for(start, start).empty());
  CHECK(reminders_for(start, start + 1h).empty());

  // Exact boundaries: a reminder due at the very moment of booking is not sent.
  CHECK(kinds(reminders_for(start, start - 48h)) == std::vector<std::string_view>{"2h"});
  CHECK(kinds(reminders_for(start, start - 48h - 1ms)) == std::vector<std::string_view>{"48h", "2h"});
  CHECK(reminders_for(start, start - 2h).empty());
  CHECK(kinds(reminders_for(start, start - 2h - 1ms)) == std::vector<std::string_view>{"2h"});

  // Across the autumn change: still 48 real hours.
  const Instant after_dst = paris(2026, 10, 26, 14);
  CHECK(reminders_for(after_dst, paris(2026, 10, 20, 9))[0].due == after_dst - 48h);
}

TEST_CASE("reminder_message: an individual appointment", "[help_agenda]") {
  const Appointment a = appointment("a", kClaire, paris(2026, 11, 24, 14, 30), 45min, {person("p")});
  CHECK(reminder_message(a, "Tiers-lieu du Haut-Val", "05 55 00 00 00") ==
        "Rappel" + nnbsp + ": rendez-vous d’aide numérique mardi 24 novembre à 14" + nnbsp + "h" + nnbsp +
            "30, Tiers-lieu du Haut-Val. Pour annuler" + nnbsp + ": 05 55 00 00 00");
  // The contact number as people read it, however it was typed.
  CHECK(reminder_message(a, "Tiers-lieu du Haut-Val", "0555000000") ==
        reminder_message(a, "Tiers-lieu du Haut-Val", "05 55 00 00 00"));
  CHECK(reminder_message(a, "Tiers-lieu du Haut-Val", "+33555000000") ==
        reminder_message(a, "Tiers-lieu du Haut-Val", "05 55 00 00 00"));
  // No contact number: no « Pour annuler ».
  const std::string without = reminder_message(a, "Tiers-lieu du Haut-Val", "");
  CHECK(without == "Rappel" + nnbsp + ": rendez-vous d’aide numérique mardi 24 novembre à 14" + nnbsp + "h" + nnbsp +
                       "30, Tiers-lieu du Haut-Val.");
  CHECK(without.find("annuler") == std::string::npos);

  CHECK(reminder_message(a, "Tiers-lieu du Haut-Val", "05 55 00 00 00", Language::English) ==
        "Reminder: digital help appointment on Tuesday 24 November at 2:30\u00A0pm, Tiers-lieu du Haut-Val. "
        "To cancel: 05 55 00 00 00");

  // By phone, the reminder says so.
  Appointment by_phone = a;
  by_phone.place = PlaceKind::ByPhone;
  CHECK(reminder_message(by_phone, "Tiers-lieu du Haut-Val", "").find("par téléphone") != std::string::npos);
}

TEST_CASE("reminder_message: a workshop says its title", "[help_agenda]") {
  const Appointment w = workshop(8, paris(2026, 11, 26, 14));
  CHECK(reminder_message(w, "Tiers-lieu du Haut-Val", "05 55 00 00 00") ==
        "Rappel" + nnbsp + ": atelier «" + nnbsp + "Découvrir la messagerie" + nnbsp + "» jeudi 26 novembre à 14" +
            nnbsp + "h, Tiers-lieu du Haut-Val. Pour annuler" + nnbsp + ": 05 55 00 00 00");
  const std::string english = reminder_message(w, "Tiers-lieu du Haut-Val", "05 55 00 00 00", Language::English);
  CHECK(english.find("workshop") != std::string::npos);
  CHECK(english.find("Découvrir la messagerie") != std::string::npos);
  CHECK(english.find("Thursday 26 November at 2\u00A0pm") != std::string::npos);
  // A workshop without a title is still a workshop.
  Appointment untitled = w;
  untitled.title.clear();
  CHECK(reminder_message(untitled, "Tiers-lieu du Haut-Val", "").starts_with("Rappel" + nnbsp + ": atelier jeudi"));
}

TEST_CASE("reminder_message: one SMS, 160 characters at most", "[help_agenda]") {
  const std::string site(40, 'S');  // the longest site name the promise covers
  CHECK(code_points(site) == 40);
  const std::string accented_site = "Espace numérique intercommunal d’Évreuil";  // 40 code points, more bytes
  REQUIRE(code_points(accented_site) == 40);
  // The longest French day and time: « mercredi 30 septembre » at « 12 h 30 ».
  const Instant longest = paris(2026, 9, 30, 12, 30);

  for (const Language lang : {Language::French, Language::English}) {
    for (const std::string& name : {site, accented_site}) {
      for (const PlaceKind place : {PlaceKind::OnSite, PlaceKind::ByPhone, PlaceKind::AtHome, PlaceKind::Remote}) {
        Appointment a = appointment("a", kClaire, longest, 45min, {person("p")});
        a.place = place;
        const std::string message = reminder_message(a, name, "05 55 00 00 00", lang);
        INFO(message);
        CHECK(code_points(message) <= 160);
      }
      for (const std::string& title : {std::string("Découvrir la messagerie"),
                                       std::string("Apprendre à utiliser sa messagerie électronique, envoyer des "
                                                   "pièces jointes et trier ses courriels sans s’y perdre")}) {
        Appointment w = workshop(8, longest);
        w.title = title;
        const std::string message = reminder_message(w, name, "05 55 00 00 00", lang);
        INFO(message);
        CHECK(code_points(message) <= 160);
        CHECK(message.find(title.substr(0, 10)) != std::string::npos);  // the title's start is there
        CHECK(message.ends_with("05 55 00 00 00"));                     // never cut
      }
    }
  }

  // A short title is never shortened; a long one ends with « … ».
  Appointment w = workshop(8, longest);
  CHECK(reminder_message(w, site, "05 55 00 00 00").find("Découvrir la messagerie" + nnbsp + "»") != std::string::npos);
  w.title = std::string(120, 'x');
  const std::string shortened = reminder_message(w, site, "05 55 00 00 00");
  CHECK(code_points(shortened) == 160);
  CHECK(shortened.find("x…" + nnbsp + "»") != std::string::npos);
}
