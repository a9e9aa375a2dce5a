// The digital-mediation help agenda: codes and labels, validation, free slots
// cut from mediators' weekly help hours, the slot check the server and the
// kiosk share, workshops' seats and waiting lists, French phone numbers, and
// reminders. Pure functions over plain data; times are UTC instants, help
// hours are Paris wall-clock minutes turned into instants day by day.
//
// [SECTION] Small helpers (calendar, text, UTF-8)
// [SECTION] Codes and labels
// [SECTION] Validation
// [SECTION] Participants and workshops
// [SECTION] Refusal reasons
// [SECTION] Free slots and the slot check
// [SECTION] Phone numbers
// [SECTION] Reminders
#include "mediation/agenda.hpp"
#include "text/code_table.hpp"
#include "text/trim.hpp"
#include "text/utf8.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

namespace escale::mediation {
namespace {

using std::chrono::minutes;

// French typography: a narrow no-break space (U+202F) before « : ; ! ? » and
// inside « » (kiosk-ux.md), written as an escape because it is invisible.
constexpr std::string_view kNnbsp = "\u202F";
constexpr std::string_view kOpenQuote = "«\u202F";
constexpr std::string_view kCloseQuote = "\u202F»";

constexpr int kMinutesPerDay = 24 * 60;
constexpr std::size_t kSmsLength = 160;  // one SMS, counted in code points as agenda.hpp promises

// ---------------------------------------------------------------------------
// [SECTION] Small helpers
// ---------------------------------------------------------------------------

bool is_valid_date(const CivilDate& d) {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return false;
  return date::year_month_day{date::year{d.year}, date::month{static_cast<unsigned>(d.month)},
                              date::day{static_cast<unsigned>(d.day)}}
      .ok();
}

// Days since the epoch: CivilDate has no order of its own.
int day_number(const CivilDate& d) {
  return date::sys_days{date::year{d.year} / d.month / d.day}.time_since_epoch().count();
}

// The instant Paris clocks read `minute_of_day` (0..1440) on that day.
Instant wall_instant(const CivilDate& day, int minute_of_day) {
  return from_paris(day.year, day.month, day.day, minute_of_day / 60, minute_of_day % 60);
}

using text::trim;
using utf8::has_control_character;

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Code points, which is what a person (and an SMS counter) sees.
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation_byte(c); }));
}

// The first `count` code points of `s` (never cutting a UTF-8 sequence).
std::string_view first_code_points(std::string_view s, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_continuation_byte(s[i])) continue;
    if (seen == count) return s.substr(0, i);
    ++seen;
  }
  return s;
}

// ---------------------------------------------------------------------------
// [SECTION] Code tables (stable: API, sync, database)
// ---------------------------------------------------------------------------

constexpr std::array<std::pair<PlaceKind, std::string_view>, 5> kPlaceCodes{{
    {PlaceKind::OnSite, "on_site"},
    {PlaceKind::ByPhone, "by_phone"},
    {PlaceKind::AtHome, "at_home"},
    {PlaceKind::Remote, "remote"},
    {PlaceKind::Other, "other"},
}};

constexpr std::array<std::pair<WorkshopLevel, std::string_view>, 4> kLevelCodes{{
    {WorkshopLevel::None, ""},
    {WorkshopLevel::Beginner, "beginner"},
    {WorkshopLevel::Intermediate, "intermediate"},
    {WorkshopLevel::Advanced, "advanced"},
}};

constexpr std::array<std::pair<ParticipantStatus, std::string_view>, 5> kStatusCodes{{
    {ParticipantStatus::Unknown, "unknown"},
    {ParticipantStatus::Seen, "seen"},
    {ParticipantStatus::Excused, "excused"},
    {ParticipantStatus::Revoked, "revoked"},
    {ParticipantStatus::NoShow, "noshow"},
}};

constexpr std::array<std::pair<HelpTopic, std::string_view>, 8> kTopicCodes{{
    {HelpTopic::Papers, "papers"},
    {HelpTopic::Caf, "caf"},
    {HelpTopic::Taxes, "taxes"},
    {HelpTopic::Health, "health"},
    {HelpTopic::Employment, "employment"},
    {HelpTopic::Email, "email"},
    {HelpTopic::Device, "device"},
    {HelpTopic::Other, "other"},
}};

constexpr std::array<HelpTopic, 8> kTopicsInKioskOrder{
    HelpTopic::Papers,     HelpTopic::Caf,   HelpTopic::Taxes,  HelpTopic::Health,
    HelpTopic::Employment, HelpTopic::Email, HelpTopic::Device, HelpTopic::Other,
};

constexpr std::array<std::pair<HelpRefusal, std::string_view>, 12> kRefusalCodes{{
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
}};

constexpr std::array<std::pair<ReminderKind, std::string_view>, 2> kReminderCodes{{
    {ReminderKind::Before48h, "48h"},
    {ReminderKind::Before2h, "2h"},
}};

// ---------------------------------------------------------------------------
// Help hours, exceptions and busy mediators
// ---------------------------------------------------------------------------

// Hours that could not have passed validate() make no slots (rather than an
// endless loop or instants on the wrong day).
bool usable(const HelpHours& h) {
  return h.weekday >= 1 && h.weekday <= 7 && h.start_minute >= 0 && h.start_minute < h.end_minute &&
         h.end_minute <= kMinutesPerDay && (!h.from || is_valid_date(*h.from)) && (!h.until || is_valid_date(*h.until));
}

// Do these weekly hours recur on `day` (weekday and from/until bounds)?
bool recurs_on(const HelpHours& h, const CivilDate& day) {
  if (!usable(h) || h.weekday != iso_weekday(day)) return false;
  const int n = day_number(day);
  if (h.from && n < day_number(*h.from)) return false;
  if (h.until && n > day_number(*h.until)) return false;
  return true;
}

// Is the mediator's help at `site_id` off on `day` by an exception (one of
// theirs, or the whole site's)? Public holidays are checked apart.
bool excepted(std::span<const HelpException> exceptions, std::int64_t site_id, std::int64_t mediator_id,
              const CivilDate& day) {
  const int n = day_number(day);
  return std::any_of(exceptions.begin(), exceptions.end(), [&](const HelpException& e) {
    if (e.site_id != site_id || (e.mediator_id && *e.mediator_id != mediator_id)) return false;
    if (!is_valid_date(e.first) || !is_valid_date(e.last)) return false;
    return day_number(e.first) <= n && n <= day_number(e.last);
  });
}

bool closed_for(const AgendaView& agenda, std::int64_t site_id, std::int64_t mediator_id, const CivilDate& day) {
  return is_french_public_holiday(day) || excepted(agenda.exceptions, site_id, mediator_id, day);
}

// An appointment keeps its mediator busy unless it was cancelled or nobody
// holds a seat in it any more; a workshop keeps them busy even while empty.
bool keeps_busy(const Appointment& a) {
  if (a.cancelled) return false;
  if (a.collective) return true;
  return std::any_of(a.participants.begin(), a.participants.end(),
                     [](const Participant& p) { return holds_seat(p.status) && !p.waiting; });
}

// Appointments at any site count: a mediator cannot be in two places.
bool busy(std::span<const Appointment> appointments, std::int64_t mediator_id, Instant start, Instant end) {
  return std::any_of(appointments.begin(), appointments.end(), [&](const Appointment& a) {
    return a.mediator_id == mediator_id && keeps_busy(a) && overlaps(a.start, a.end(), start, end);
  });
}

// Only an active individual type with a duration can be booked on a free slot
// (workshops are scheduled by their mediator and joined).
bool bookable(const AppointmentType& type) {
  return type.active && !type.collective && type.duration > minutes::zero();
}

// The slots the mediator's hours at the type's site make on `day`, before
// delays and appointments are looked at (all mediators when none is given).
// Wall-clock times that do not exist (the spring DST gap) make no slot.
std::vector<HelpSlot> day_slots(const AppointmentType& type, const AgendaView& agenda, const CivilDate& day,
                                std::optional<std::int64_t> only_mediator) {
  std::vector<HelpSlot> slots;
  if (is_french_public_holiday(day)) return slots;
  const auto length = static_cast<int>(std::min<std::int64_t>(type.duration.count(), kMinutesPerDay + 1));
  for (const HelpHours& h : agenda.hours) {
    if (h.site_id != type.site_id || (only_mediator && h.mediator_id != *only_mediator)) continue;
    if (!recurs_on(h, day) || excepted(agenda.exceptions, h.site_id, h.mediator_id, day)) continue;
    for (int m = h.start_minute; m + length <= h.end_minute; m += length) {
      const Instant start = wall_instant(day, m);
      const LocalTime local = to_paris(start);
      if (local.hour * 60 + local.minute != m) continue;  // in the spring gap
      HelpSlot slot;
      slot.start = start;
      slot.end = start + type.duration;
      slot.mediator_id = h.mediator_id;
      slots.push_back(slot);
    }
  }
  return slots;
}

bool earlier(const HelpSlot& a, const HelpSlot& b) {
  if (a.start != b.start) return a.start < b.start;
  return a.mediator_id < b.mediator_id;
}

// The first instant a type may be booked at: now + min_delay, never before now.
Instant earliest_start(const AppointmentType& type, Instant now) {
  return std::max(now, now + type.min_delay);
}

int last_bookable_day(const AppointmentType& type, Instant now) {
  return day_number(paris_civil_date(now)) + type.max_delay_days;
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Separators people type inside a phone number, as their UTF-8 bytes.
constexpr std::array<std::string_view, 8> kPhoneSeparators{" ", "\t", ".", "-", "/", "\u00A0", "\u202F", "\u2009"};

// The national significant number: 9 digits, the first 1–7 or 9 (no 08: no SMS).
bool is_french_significant_number(std::string_view digits) {
  if (digits.size() != 9 || !std::all_of(digits.begin(), digits.end(), is_digit)) return false;
  return digits.front() != '0' && digits.front() != '8';
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Codes and labels
// ---------------------------------------------------------------------------

std::string_view to_string(PlaceKind p) {
  return code_of(kPlaceCodes, p);
}

std::optional<PlaceKind> parse_place_kind(std::string_view s) {
  return parse_code(kPlaceCodes, s);
}

std::string_view to_string(WorkshopLevel l) {
  return code_of(kLevelCodes, l);
}

std::optional<WorkshopLevel> parse_workshop_level(std::string_view s) {
  return parse_code(kLevelCodes, s);
}

std::string_view workshop_level_label(WorkshopLevel l, Language lang) {
  const bool fr = lang == Language::French;
  switch (l) {
    case WorkshopLevel::None:
      return "";
    case WorkshopLevel::Beginner:
      return fr ? "Débutant" : "Beginner";
    case WorkshopLevel::Intermediate:
      return fr ? "Intermédiaire" : "Intermediate";
    case WorkshopLevel::Advanced:
      return fr ? "Avancé" : "Advanced";
  }
  return "";
}

std::string_view to_string(ParticipantStatus s) {
  return code_of(kStatusCodes, s);
}

std::optional<ParticipantStatus> parse_participant_status(std::string_view s) {
  return parse_code(kStatusCodes, s);
}

std::string_view participant_status_label(ParticipantStatus s, bool past, Language lang) {
  const bool fr = lang == Language::French;
  switch (s) {
    case ParticipantStatus::Unknown:
      if (past) return fr ? "À renseigner" : "To be recorded";
      return fr ? "À venir" : "Upcoming";
    case ParticipantStatus::Seen:
      return fr ? "Présent" : "Attended";
    case ParticipantStatus::Excused:
      return fr ? "Annulé (excusé)" : "Cancelled (excused)";
    case ParticipantStatus::Revoked:
      return fr ? "Annulé (par le service)" : "Cancelled (by the service)";
    case ParticipantStatus::NoShow:
      return fr ? "Absence non excusée" : "Unexcused absence";
  }
  return "";
}

bool holds_seat(ParticipantStatus s) {
  return s == ParticipantStatus::Unknown || s == ParticipantStatus::Seen;
}

std::string_view to_string(HelpTopic t) {
  return code_of(kTopicCodes, t);
}

std::optional<HelpTopic> parse_help_topic(std::string_view s) {
  return parse_code(kTopicCodes, s);
}

std::string_view help_topic_label(HelpTopic t, Language lang) {
  const bool fr = lang == Language::French;
  switch (t) {
    case HelpTopic::Papers:
      return fr ? "Papiers, ANTS" : "ID papers, ANTS";
    case HelpTopic::Caf:
      return fr ? "CAF" : "CAF (family benefits)";
    case HelpTopic::Taxes:
      return fr ? "Impôts" : "Taxes";
    case HelpTopic::Health:
      return fr ? "Santé, ameli" : "Health, ameli";
    case HelpTopic::Employment:
      return fr ? "Emploi, France Travail" : "Jobs, France Travail";
    case HelpTopic::Email:
      return fr ? "E-mail" : "E-mail";
    case HelpTopic::Device:
      return fr ? "Téléphone ou ordinateur" : "Phone or computer";
    case HelpTopic::Other:
      return fr ? "Autre chose" : "Something else";
  }
  return "";
}

std::span<const HelpTopic> all_help_topics() {
  return kTopicsInKioskOrder;
}

std::string_view to_string(HelpRefusal r) {
  return code_of(kRefusalCodes, r);
}

std::optional<HelpRefusal> parse_help_refusal(std::string_view s) {
  return parse_code(kRefusalCodes, s);
}

std::string_view to_string(ReminderKind k) {
  return code_of(kReminderCodes, k);
}

// ---------------------------------------------------------------------------
// [SECTION] Validation (French messages: what to fix)
// ---------------------------------------------------------------------------

std::optional<std::string> validate(const AppointmentType& t) {
  constexpr std::size_t kMaxNameBytes = 100;
  constexpr minutes kShortest{5};
  constexpr minutes kLongest{8 * 60};
  constexpr int kMaxSeats = 100;
  constexpr int kMaxDelayDays = 365;

  if (trim(t.name).empty()) return "Le nom du motif est obligatoire.";
  if (t.name.size() > kMaxNameBytes) return "Le nom du motif est trop long\u202F: 100 caractères au plus.";
  if (has_control_character(t.name)) return "Le nom du motif contient un caractère invisible\u202F: retapez-le.";
  if (t.duration < kShortest || t.duration > kLongest) return "La durée doit aller de 5 minutes à 8 heures.";
  if (t.collective) {
    if (t.capacity < 1 || t.capacity > kMaxSeats) return "Un atelier doit avoir de 1 à 100 places.";
    if (t.place != PlaceKind::OnSite) return "Un atelier a lieu sur place.";
  } else {
    if (t.capacity != 1) return "Un rendez-vous individuel a une seule place.";
    if (t.level != WorkshopLevel::None) return "Le niveau ne concerne que les ateliers.";
  }
  if (t.min_delay < minutes::zero()) return "Le délai minimum ne peut pas être négatif.";
  if (t.max_delay_days < 0 || t.max_delay_days > kMaxDelayDays) {
    return "Le délai maximum doit aller de 0 à 365 jours.";
  }
  // Past the last bookable day's end, nothing could ever be offered.
  if (t.min_delay >= std::chrono::hours{24} * (t.max_delay_days + 1)) {
    return "Le délai minimum dépasse le délai maximum\u202F: aucun créneau ne serait proposé.";
  }
  return std::nullopt;
}

std::optional<std::string> validate(const HelpHours& h) {
  if (h.mediator_id <= 0) return "Choisissez le médiateur ou la médiatrice de ces heures d’aide.";
  if (h.weekday < 1 || h.weekday > 7) return "Le jour de la semaine doit aller de 1 (lundi) à 7 (dimanche).";
  if (h.start_minute < 0 || h.start_minute >= kMinutesPerDay) {
    return "L’heure de début doit aller de 0\u202Fh à 23\u202Fh\u202F59.";
  }
  if (h.end_minute <= h.start_minute || h.end_minute > kMinutesPerDay) {
    return "L’heure de fin doit suivre l’heure de début, au plus tard à minuit.";
  }
  if (h.from && !is_valid_date(*h.from)) return "La date de début n’existe pas.";
  if (h.until && !is_valid_date(*h.until)) return "La date de fin n’existe pas.";
  if (h.from && h.until && day_number(*h.until) < day_number(*h.from)) {
    return "La date de fin ne peut pas précéder la date de début.";
  }
  return std::nullopt;
}

std::optional<std::string> validate(const HelpException& e) {
  constexpr std::size_t kMaxReasonBytes = 200;
  constexpr int kMaxDays = 366;

  if (e.mediator_id && *e.mediator_id <= 0) return "Choisissez le médiateur ou la médiatrice, ou tout le lieu.";
  if (!is_valid_date(e.first)) return "Le premier jour n’existe pas.";
  if (!is_valid_date(e.last)) return "Le dernier jour n’existe pas.";
  if (day_number(e.last) < day_number(e.first)) return "Le dernier jour ne peut pas précéder le premier.";
  if (day_number(e.last) - day_number(e.first) >= kMaxDays) return "Une exception dure au plus un an.";
  if (e.reason.size() > kMaxReasonBytes) return "La raison est trop longue\u202F: 200 caractères au plus.";
  if (has_control_character(e.reason)) return "La raison contient un caractère invisible\u202F: retapez-la.";
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] Participants and workshops
// ---------------------------------------------------------------------------

bool is_anonymous(const Participant& p) {
  return !p.member_id && trim(p.first_name).empty();
}

int seats_taken(const Appointment& a) {
  return static_cast<int>(std::count_if(a.participants.begin(), a.participants.end(),
                                        [](const Participant& p) { return holds_seat(p.status) && !p.waiting; }));
}

bool is_full(const Appointment& a) {
  return seats_taken(a) >= a.capacity;
}

bool join_workshop(Appointment& workshop, Participant p) {
  // The same participant sent twice (a kiosk's intent synced again) is one participant.
  if (!p.id.empty()) {
    const auto same = std::find_if(workshop.participants.begin(), workshop.participants.end(),
                                   [&](const Participant& q) { return q.id == p.id; });
    if (same != workshop.participants.end()) return holds_seat(same->status) && !same->waiting;
  }
  const bool seated = holds_seat(p.status) && !is_full(workshop);
  p.waiting = holds_seat(p.status) && !seated;
  workshop.participants.push_back(std::move(p));
  return seated;
}

std::optional<std::string> promote_from_waiting_list(Appointment& workshop) {
  if (is_full(workshop)) return std::nullopt;
  Participant* first = nullptr;
  for (Participant& p : workshop.participants) {
    // Someone who left the waiting list (excused) is not called back.
    if (!p.waiting || !holds_seat(p.status)) continue;
    if (first == nullptr || p.added_at < first->added_at) first = &p;
  }
  if (first == nullptr) return std::nullopt;
  first->waiting = false;
  return first->id;
}

std::optional<HelpRefusal> check_participant_cancel(const Appointment& a, Instant now) {
  if (a.cancelled || now > a.start - kCancelNotice) return HelpRefusal::NotCancellable;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] Refusal reasons (FALC: one short sentence, everyday words)
// ---------------------------------------------------------------------------

std::string help_refusal_reason(HelpRefusal r, Language lang) {
  const bool fr = lang == Language::French;
  switch (r) {
    case HelpRefusal::UnknownType:
      return fr ? "Ce type de rendez-vous n’est pas proposé ici." : "This kind of appointment is not offered here.";
    case HelpRefusal::InThePast:
      return fr ? "Ce créneau est déjà passé." : "This time has already passed.";
    case HelpRefusal::TooSoon:
      return fr ? "Ce créneau est trop proche\u202F: choisissez-en un plus tard."
                : "This time is too soon: choose a later one.";
    case HelpRefusal::TooFarAhead:
      return fr ? "On ne peut pas prendre rendez-vous si longtemps à l’avance." : "You cannot book that far ahead.";
    case HelpRefusal::ClosedDay:
      return fr ? "Il n’y a pas d’aide numérique ce jour-là." : "There is no digital help that day.";
    case HelpRefusal::NotInHelpHours:
      return fr ? "Ce créneau n’est pas dans les heures d’aide numérique."
                : "This time is not in the digital help hours.";
    case HelpRefusal::Taken:
      return fr ? "Ce créneau vient d’être pris." : "This time has just been taken.";
    case HelpRefusal::UnknownAppointment:
      return fr ? "Ce rendez-vous n’a pas été trouvé." : "This appointment was not found.";
    case HelpRefusal::NotCancellable:
      return fr ? "Il faut annuler au moins " + std::to_string(kCancelNotice.count()) + " heures avant."
                : "You must cancel at least " + std::to_string(kCancelNotice.count()) + " hours before.";
    case HelpRefusal::NoParticipant:
      return fr ? "Cette personne n’est pas inscrite à ce rendez-vous."
                : "This person is not registered for this appointment.";
    case HelpRefusal::InvalidPhone:
      return fr ? "Ce numéro de téléphone n’est pas reconnu\u202F: écrivez-le comme 06 12 34 56 78."
                : "This phone number is not recognised: write it like 06 12 34 56 78.";
    case HelpRefusal::InvalidRequest:
      return fr ? "La demande est incomplète." : "The request is incomplete.";
  }
  return fr ? "Ce rendez-vous n’est pas possible." : "This appointment is not possible.";
}

// ---------------------------------------------------------------------------
// [SECTION] Free slots and the slot check
// ---------------------------------------------------------------------------

std::vector<HelpSlot> free_slots(const AppointmentType& type, const AgendaView& agenda, const CivilDate& first,
                                 const CivilDate& last, Instant now) {
  std::vector<HelpSlot> slots;
  if (!bookable(type) || !is_valid_date(first) || !is_valid_date(last)) return slots;
  const Instant earliest = earliest_start(type, now);
  // Only the days between today and the last bookable one can hold a slot.
  const int today = day_number(paris_civil_date(now));
  const int from = std::max(day_number(first), today);
  const int to = std::min(day_number(last), last_bookable_day(type, now));
  for (int n = from; n <= to; ++n) {
    const CivilDate day = add_days(first, n - day_number(first));
    for (const HelpSlot& slot : day_slots(type, agenda, day, std::nullopt)) {
      if (slot.start < earliest || busy(agenda.appointments, slot.mediator_id, slot.start, slot.end)) continue;
      slots.push_back(slot);
    }
  }
  // Earliest first, then by mediator; overlapping hours of one mediator give a slot once.
  std::sort(slots.begin(), slots.end(), earlier);
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

std::vector<std::pair<Instant, Instant>> help_intervals(const AgendaView& agenda, std::int64_t mediator_id,
                                                        const CivilDate& day) {
  std::vector<std::pair<Instant, Instant>> intervals;
  if (!is_valid_date(day) || is_french_public_holiday(day)) return intervals;
  for (const HelpHours& h : agenda.hours) {
    if (h.mediator_id != mediator_id || !recurs_on(h, day)) continue;
    if (excepted(agenda.exceptions, h.site_id, mediator_id, day)) continue;
    intervals.emplace_back(wall_instant(day, h.start_minute), wall_instant(day, h.end_minute));
  }
  std::sort(intervals.begin(), intervals.end());
  return intervals;
}

std::optional<HelpRefusal> check_slot(const AppointmentType& type, const AgendaView& agenda, std::int64_t mediator_id,
                                      Instant start, Instant now) {
  if (!bookable(type)) return HelpRefusal::UnknownType;
  if (start < now) return HelpRefusal::InThePast;
  if (start < earliest_start(type, now)) return HelpRefusal::TooSoon;
  const CivilDate day = paris_civil_date(start);
  if (day_number(day) > last_bookable_day(type, now)) return HelpRefusal::TooFarAhead;
  if (closed_for(agenda, type.site_id, mediator_id, day)) return HelpRefusal::ClosedDay;
  if (busy(agenda.appointments, mediator_id, start, start + type.duration)) return HelpRefusal::Taken;
  const auto slots = day_slots(type, agenda, day, mediator_id);
  const bool on_a_slot = std::any_of(slots.begin(), slots.end(), [&](const HelpSlot& s) { return s.start == start; });
  if (!on_a_slot) return HelpRefusal::NotInHelpHours;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] Phone numbers
// ---------------------------------------------------------------------------

std::optional<std::string> normalise_phone(std::string_view typed) {
  constexpr std::size_t kMaxTypedBytes = 40;
  typed = trim(typed);
  if (typed.empty() || typed.size() > kMaxTypedBytes) return std::nullopt;

  // Keep digits, « + » and « (0) »; drop the separators; anything else is not a phone number.
  std::string compact;
  while (!typed.empty()) {
    const char c = typed.front();
    if (is_digit(c) || c == '+' || c == '(' || c == ')') {
      compact += c;
      typed.remove_prefix(1);
      continue;
    }
    const auto separator = std::find_if(kPhoneSeparators.begin(), kPhoneSeparators.end(),
                                        [&](std::string_view sep) { return typed.starts_with(sep); });
    if (separator == kPhoneSeparators.end()) return std::nullopt;
    typed.remove_prefix(separator->size());
  }

  std::string_view rest = compact;
  if (rest.starts_with("+33") || rest.starts_with("0033")) {
    rest.remove_prefix(rest.front() == '+' ? 3 : 4);
    // « +33 (0)6 12 34 56 78 » and « +33 06 12 34 56 78 »: the trunk 0 people add out of habit.
    if (rest.starts_with("(0)")) {
      rest.remove_prefix(3);
    } else if (rest.size() == 10 && rest.front() == '0') {
      rest.remove_prefix(1);
    }
  } else if (rest.size() == 10 && rest.front() == '0') {
    rest.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  if (!is_french_significant_number(rest)) return std::nullopt;
  return "+33" + std::string(rest);
}

std::string format_phone(std::string_view e164) {
  if (!e164.starts_with("+33") || !is_french_significant_number(e164.substr(3))) return std::string(e164);
  const std::string national = "0" + std::string(e164.substr(3));
  std::string out;
  for (std::size_t i = 0; i < national.size(); i += 2) {
    if (i > 0) out += ' ';
    out += national.substr(i, 2);
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Reminders
// ---------------------------------------------------------------------------

std::vector<ReminderDue> reminders_for(Instant start, Instant added_at) {
  std::vector<ReminderDue> due;
  for (const auto& [kind, before] : {std::pair{ReminderKind::Before48h, std::chrono::hours{48}},
                                     std::pair{ReminderKind::Before2h, std::chrono::hours{2}}}) {
    ReminderDue r;
    r.kind = kind;
    r.due = start - before;
    if (r.due > added_at) due.push_back(r);
  }
  return due;
}

std::string reminder_message(const Appointment& a, std::string_view site_name, std::string_view contact_phone,
                             Language lang) {
  const bool fr = lang == Language::French;
  const LocalTime local = to_paris(a.start);
  const std::string_view site = trim(site_name);
  const std::string_view contact = trim(contact_phone);
  const auto normalised = normalise_phone(contact);
  const std::string phone = normalised ? format_phone(*normalised) : std::string(contact);

  // What the appointment is: « rendez-vous d’aide numérique (par téléphone) » or « atelier « titre » ».
  std::string what_before_title;
  std::string what_after_title;
  std::string_view title = trim(a.title);
  if (a.collective) {
    what_before_title = fr ? "atelier" : "workshop";
    if (!title.empty()) {
      what_before_title += fr ? " " + std::string(kOpenQuote) : " \u201C";
      what_after_title = fr ? std::string(kCloseQuote) : "\u201D";
    }
  } else {
    what_before_title = fr ? "rendez-vous d’aide numérique" : "digital help appointment";
    title = {};
    switch (a.place) {
      case PlaceKind::ByPhone:
        what_after_title = fr ? " par téléphone" : " by phone";
        break;
      case PlaceKind::AtHome:
        what_after_title = fr ? " à domicile" : " at home";
        break;
      case PlaceKind::Remote:
        what_after_title = fr ? " à distance" : " online";
        break;
      case PlaceKind::OnSite:
      case PlaceKind::Other:
        break;
    }
  }

  std::string tail;
  tail += fr ? " " : " on ";
  tail += format_day(local, lang);
  tail += fr ? " à " : " at ";
  tail += format_time(local, lang);
  if (!site.empty()) {
    tail += ", ";
    tail += site;
  }
  tail += '.';
  if (!phone.empty()) {
    tail += fr ? " Pour annuler" + std::string(kNnbsp) + ": " : " To cancel: ";
    tail += phone;
  }

  const std::string head = std::string(fr ? "Rappel" + std::string(kNnbsp) + ": " : "Reminder: ") + what_before_title;
  const auto compose = [&](std::string_view shown_title) {
    return head + std::string(shown_title) + what_after_title + tail;
  };
  std::string message = compose(title);
  // One SMS: a long workshop title is shortened (« … ») rather than the day, time or phone.
  const std::size_t length = code_points(message);
  if (length > kSmsLength && !title.empty()) {
    const std::size_t excess = length - kSmsLength + 1;  // + 1 for the ellipsis
    const std::size_t keep = code_points(title) > excess ? code_points(title) - excess : 0;
    std::string shortened(trim(first_code_points(title, keep)));
    shortened += "\u2026";
    message = compose(shortened);
  }
  return message;
}

}  // namespace escale::mediation
