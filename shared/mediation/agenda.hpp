// The digital-mediation help agenda (mediation.md): appointment types,
// mediators' weekly help hours and their exceptions, the free slots they
// make, appointments and their participants, workshops' seats and waiting
// lists, and when reminders are due.
//
// Like shared/booking, everything here is plain data and pure functions:
// the server enforces them on its store, the kiosk runs the same ones on its
// local copy so a visitor sees free slots at once, with or without network.
//
// Times: instants in UTC; help hours are Paris wall-clock times, turned into
// instants day by day (so a 14:00 slot is at 14:00 on both sides of a DST
// change). Slots lie on whole minutes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "booking/booking.hpp"  // CivilDate helpers, paris_civil_date, add_days, iso_weekday
#include "time/clock.hpp"
#include "time/french_format.hpp"
#include "time/public_holidays.hpp"

namespace escale::mediation {

// Where a help appointment takes place (RDV Service Public's « type de lieu »,
// and the CRA's place of activity).
enum class PlaceKind { OnSite, ByPhone, AtHome, Remote, Other };
std::string_view to_string(PlaceKind p);  // "on_site", "by_phone", "at_home", "remote", "other"
std::optional<PlaceKind> parse_place_kind(std::string_view s);

enum class WorkshopLevel { None, Beginner, Intermediate, Advanced };
std::string_view to_string(WorkshopLevel l);  // "", "beginner", "intermediate", "advanced"
std::optional<WorkshopLevel> parse_workshop_level(std::string_view s);
// « Débutant », « Intermédiaire », « Avancé » (empty for None).
std::string_view workshop_level_label(WorkshopLevel l, Language lang = Language::French);

// A kind of appointment a site offers (RDV Service Public's « motif »):
// « Aide aux démarches en ligne » (individual, 45 min) or « Atelier messagerie »
// (collective, 90 min, 8 seats, beginner).
struct AppointmentType {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
  std::string name;
  std::string name_en{};  // in English, when staff gave it (issue 15); empty: none
  std::chrono::minutes duration{45};
  bool collective = false;
  int capacity = 1;  // seats of a workshop; 1 for an individual appointment
  WorkshopLevel level = WorkshopLevel::None;
  PlaceKind place = PlaceKind::OnSite;
  std::chrono::minutes min_delay{0};  // bookable from now + min_delay …
  int max_delay_days = 30;            // … up to today + max_delay_days (Paris days)
  bool active = true;
  friend bool operator==(const AppointmentType&, const AppointmentType&) = default;
};
// nullopt when valid, else a French message saying what to fix.
std::optional<std::string> validate(const AppointmentType& t);

// A mediator's weekly recurring help hours at a site: every `weekday`, from
// `start` to `end` (Paris wall clock, minutes after midnight), between
// `from` and `until` inclusive when given.
struct HelpHours {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
  std::int64_t mediator_id = 0;  // a member with the mediator role
  int weekday = 1;               // ISO: 1 = Monday .. 7 = Sunday
  int start_minute = 9 * 60;     // 0..1439
  int end_minute = 12 * 60;      // > start_minute, ≤ 1440
  std::optional<CivilDate> from;
  std::optional<CivilDate> until;
  friend bool operator==(const HelpHours&, const HelpHours&) = default;
};
std::optional<std::string> validate(const HelpHours& h);

// No help hours from `first` to `last` inclusive (holidays, absences): for
// one mediator, or for the whole site when mediator_id is empty. French
// public holidays are always closed and need no exception.
struct HelpException {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
  std::optional<std::int64_t> mediator_id;
  CivilDate first;
  CivilDate last;
  std::string reason;  // « congés », « formation » (shown to animators only)
  friend bool operator==(const HelpException&, const HelpException&) = default;
};
std::optional<std::string> validate(const HelpException& e);

// A participant's status, kept per participant (RDV Service Public's):
// unknown is shown « À renseigner » once the appointment is past.
enum class ParticipantStatus { Unknown, Seen, Excused, Revoked, NoShow };
std::string_view to_string(ParticipantStatus s);  // "unknown", "seen", "excused", "revoked", "noshow"
std::optional<ParticipantStatus> parse_participant_status(std::string_view s);
// « À venir » (unknown, not yet past) / « À renseigner » (unknown, past),
// « Présent », « Annulé (excusé) », « Annulé (par le service) », « Absence non excusée ».
std::string_view participant_status_label(ParticipantStatus s, bool past, Language lang = Language::French);
// Does a participant in this status hold a seat? unknown and seen do.
bool holds_seat(ParticipantStatus s);

// What a visitor asked for help with, as the kiosk's pictogram buttons.
enum class HelpTopic { Papers, Caf, Taxes, Health, Employment, Email, Device, Other };
std::string_view to_string(
    HelpTopic t);  // "papers", "caf", "taxes", "health", "employment", "email", "device", "other"
std::optional<HelpTopic> parse_help_topic(std::string_view s);
// The button's words: « Papiers, ANTS », « CAF », « Impôts », « Santé, ameli »,
// « Emploi, France Travail », « E-mail », « Téléphone ou ordinateur », « Autre chose ».
std::string_view help_topic_label(HelpTopic t, Language lang = Language::French);
std::span<const HelpTopic> all_help_topics();  // in the kiosk's order

// One person in an appointment: a member, or a person known by a first name
// only (an optional phone or e-mail for reminders), or anonymous (nothing).
struct Participant {
  std::string id;                         // UUID, made by whoever added them (kiosk or server)
  std::optional<std::int64_t> member_id;  // a member of the site
  std::string first_name;                 // « Josiane »; empty when anonymous or a member
  std::optional<std::string> phone;       // « 06 12 34 56 78 » as typed, normalised by normalise_phone
  std::optional<std::string> email;
  bool reminders = false;         // agreed to reminders (phone or e-mail needed)
  std::vector<HelpTopic> topics;  // what they asked for help with
  ParticipantStatus status = ParticipantStatus::Unknown;
  bool waiting = false;  // on a full workshop's waiting list
  Instant added_at{};    // order of the waiting list; reminders skip times before it
  friend bool operator==(const Participant&, const Participant&) = default;
};
bool is_anonymous(const Participant& p);  // no member, no first name

// A help appointment: an individual one made when someone books a free slot,
// or a workshop (collective) the mediator schedules and people join.
struct Appointment {
  std::string id;  // UUID
  std::int64_t site_id = 0;
  std::int64_t type_id = 0;
  std::int64_t mediator_id = 0;
  Instant start{};
  std::chrono::minutes duration{45};
  bool collective = false;
  int capacity = 1;
  std::string title;  // a workshop's title (« Découvrir la messagerie »); empty for individual ones
  WorkshopLevel level = WorkshopLevel::None;
  PlaceKind place = PlaceKind::OnSite;
  bool cancelled = false;  // revoked by the service (every participant revoked)
  // The title in English, when staff gave one (issue 15): "Discover e-mail";
  // empty: none (a kiosk in English shows the French title, marked).
  std::string title_en{};
  std::vector<Participant> participants;
  Instant end() const { return start + duration; }
  friend bool operator==(const Appointment&, const Appointment&) = default;
};
int seats_taken(const Appointment& a);  // participants holding a seat, not waiting
bool is_full(const Appointment& a);

// Why a request is refused. Codes are stable (API, sync).
enum class HelpRefusal {
  UnknownType,     // no such active appointment type at this site
  InThePast,       // the slot has begun
  TooSoon,         // before now + the type's minimum delay
  TooFarAhead,     // after today + the type's maximum delay
  ClosedDay,       // public holiday or an exception covers the day
  NotInHelpHours,  // not one of the mediator's free slots
  Taken,           // the mediator is busy then
  UnknownAppointment,
  NotCancellable,  // less than 4 hours before the start, or already cancelled
  NoParticipant,   // no such participant in the appointment
  InvalidPhone,    // not a French phone number
  InvalidRequest,  // a field is missing or malformed (the message says which)
};
std::string_view to_string(HelpRefusal r);  // "unknown_type", "in_the_past", …
std::optional<HelpRefusal> parse_help_refusal(std::string_view s);
// Plain French (or English) words, standalone after a capital: « Ce créneau
// vient d’être pris. », « Il faut annuler au moins 4 heures avant. »
std::string help_refusal_reason(HelpRefusal r, Language lang = Language::French);

// A free slot for an individual appointment of some type.
struct HelpSlot {
  Instant start{};
  Instant end{};
  std::int64_t mediator_id = 0;
  friend bool operator==(const HelpSlot&, const HelpSlot&) = default;
};

// What slot generation needs to see: the site's help hours and exceptions,
// and its appointments (any status; only those not cancelled, with at least
// one participant holding a seat, or collective, make the mediator busy).
struct AgendaView {
  std::span<const HelpHours> hours;
  std::span<const HelpException> exceptions;
  std::span<const Appointment> appointments;
};

// Free slots of `type` from day `first` to `last` inclusive (Paris days),
// earliest first. Each day's help hours of each mediator are cut in
// consecutive slots of the type's duration from the hours' start (09:00,
// 09:45, 10:30 for 45 minutes; a last piece shorter than the duration is
// dropped). A slot is dropped when it overlaps an appointment of its
// mediator, when the day is a public holiday or covered by an exception, and
// when it starts before now + min_delay or after the type's maximum delay.
// Two mediators free at the same time give two slots (same start).
std::vector<HelpSlot> free_slots(const AppointmentType& type, const AgendaView& agenda, const CivilDate& first,
                                 const CivilDate& last, Instant now);

// The mediator's help hours of one day as instants (empty on holidays and
// exception days). For the animator's agenda view.
std::vector<std::pair<Instant, Instant>> help_intervals(const AgendaView& agenda, std::int64_t mediator_id,
                                                        const CivilDate& day);

// May an individual appointment of `type` start at `start` with `mediator_id`?
// nullopt when `start` is one of free_slots' slots (so the kiosk's offline
// intent and the server agree). Checked in this order: UnknownType (type
// inactive), InThePast, TooSoon, TooFarAhead, ClosedDay, Taken (overlaps an
// appointment of the mediator), NotInHelpHours.
std::optional<HelpRefusal> check_slot(const AppointmentType& type, const AgendaView& agenda, std::int64_t mediator_id,
                                      Instant start, Instant now);

// Joining a workshop: the participant takes a seat while one is free, else
// joins the waiting list. Returns true when seated.
bool join_workshop(Appointment& workshop, Participant p);
// After a seat frees (a participant excused or revoked): the first on the
// waiting list (earliest added_at) takes it. Returns their id, if any.
std::optional<std::string> promote_from_waiting_list(Appointment& workshop);
// Cancellation by the person: allowed until 4 hours before the start.
inline constexpr std::chrono::hours kCancelNotice{4};
std::optional<HelpRefusal> check_participant_cancel(const Appointment& a, Instant now);

// French phone numbers as people type them: « 06 12 34 56 78 », « 0612345678 »,
// « +33 6 12 34 56 78 », « 06.12.34.56.78 ». Returns the E.164 form
// « +33612345678 », or nullopt when it is not a 10-digit French number
// starting 01–07 or 09 (mobile and landlines; 08 numbers cannot get SMS).
std::optional<std::string> normalise_phone(std::string_view typed);
// « 06 12 34 56 78 » from the E.164 form, for what a person reads.
std::string format_phone(std::string_view e164);

// Reminders: 48 hours and 2 hours before the start (mediation.md).
enum class ReminderKind { Before48h, Before2h };
std::string_view to_string(ReminderKind k);  // "48h", "2h"
struct ReminderDue {
  ReminderKind kind = ReminderKind::Before48h;
  Instant due{};
  friend bool operator==(const ReminderDue&, const ReminderDue&) = default;
};
// The reminders a participant added at `added_at` should get for an
// appointment starting at `start`: each one whose due time is after
// added_at (someone booking 3 hours ahead gets the 2-hour one only).
std::vector<ReminderDue> reminders_for(Instant start, Instant added_at);
// The message, short enough for one SMS (≤ 160 characters when the site's
// name is ≤ 40): « Rappel : rendez-vous d’aide numérique mardi 24 novembre à
// 14 h 30, Tiers-lieu du Haut-Val. Pour annuler : 05 55 00 00 00 » — a
// workshop says its title: « Rappel : atelier « Découvrir la messagerie »
// jeudi 26 novembre à 14 h, … ». `contact_phone` may be empty (then no
// « Pour annuler » part).
std::string reminder_message(const Appointment& a, std::string_view site_name, std::string_view contact_phone,
                             Language lang = Language::French);

}  // namespace escale::mediation
