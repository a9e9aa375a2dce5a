// The help agenda on the server: a site's appointment types, its mediators'
// help hours and exceptions, appointments and their participants. Every
// write is one BEGIN IMMEDIATE transaction that checks the shared rules
// (mediation/agenda.hpp) against what is stored, writes, appends to the
// change log (kiosks of the site learn it) and, when a person acted, to the
// audit log; a participant who agreed to reminders gets their reminder rows
// in the same transaction (store/reminders.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mediation/agenda.hpp"
#include "result.hpp"
#include "store/bookings.hpp"  // Actor, audit
#include "store/database.hpp"
#include "sync/protocol.hpp"

namespace escale::server {

//-----------------------------------------------------------------------------
// The site's agenda: types, help hours, exceptions
//-----------------------------------------------------------------------------

// Each validates (mediation::validate) and checks that the site exists and
// that a mediator is an active member of the site with the mediator role.
Result<std::int64_t> add_appointment_type(store::Database& db, const mediation::AppointmentType& t, const Actor& actor);
Result<std::int64_t> set_appointment_type_active(store::Database& db, std::int64_t type_id, bool active,
                                                 const Actor& actor);
Result<std::int64_t> add_help_hours(store::Database& db, const mediation::HelpHours& h, const Actor& actor);
Result<std::int64_t> add_help_exception(store::Database& db, const mediation::HelpException& e, const Actor& actor);
bool remove_help_hours(store::Database& db, std::int64_t id, const Actor& actor);
bool remove_help_exception(store::Database& db, std::int64_t id, const Actor& actor);

// Everything a kiosk needs to compute free slots offline (sent whole).
sync::HelpAgenda help_agenda(store::Database& db, std::int64_t site_id);
std::optional<mediation::AppointmentType> find_appointment_type(store::Database& db, std::int64_t type_id);

//-----------------------------------------------------------------------------
// Appointments
//-----------------------------------------------------------------------------

// A request for help: an individual appointment at `start` with `mediator_id`
// (created with `appointment_id`), or joining the workshop `appointment_id`
// (start empty: seated, or on the waiting list when full).
struct HelpRequest {
  std::string appointment_id;  // UUID
  std::int64_t site_id = 0;
  std::int64_t type_id = 0;
  std::int64_t mediator_id = 0;
  std::optional<Instant> start;  // individual only
  mediation::Participant participant;
};

struct HelpOutcome {
  std::optional<mediation::Appointment> appointment;  // as stored (with contacts)
  std::optional<mediation::HelpRefusal> refusal;
  bool ok() const { return appointment.has_value() && !refusal; }
};

// Idempotent on the participant's id: a repeated request returns what is
// stored. The phone, when given, must be a French number (normalised to
// E.164); reminders need a phone or an e-mail.
HelpOutcome request_help(store::Database& db, const HelpRequest& request, const Actor& actor, Instant now);
// As request_help, but a refused individual request is stored as a cancelled
// appointment with its refusal, so the kiosk that made it offline learns the
// outcome and the mediator sees whom to call back. For sync ingest. What
// could not be a row is refused without a trace (no appointment returned):
// no such individual type at the site, an appointment id that is not a UUID
// or is already used, an unknown mediator, an invalid participant.
HelpOutcome request_help_or_refuse(store::Database& db, const HelpRequest& request, const Actor& actor, Instant now);

// A workshop (collective appointment) scheduled by a mediator.
struct WorkshopRequest {
  std::string appointment_id;  // UUID
  std::int64_t type_id = 0;    // a collective type of the site
  std::int64_t mediator_id = 0;
  Instant start{};
  std::string title;                             // empty: the type's name
  std::string title_en;                          // in English; with an empty title: the type's
  std::optional<int> capacity;                   // empty: the type's
  std::optional<std::chrono::minutes> duration;  // empty: the type's
};
HelpOutcome schedule_workshop(store::Database& db, const WorkshopRequest& request, const Actor& actor, Instant now);

// Sets one participant's status. Before the start: when a seat of a workshop
// frees (excused, revoked, noshow), the first on the waiting list takes it;
// someone back from such a status takes a free seat (or the waiting list),
// and an individual slot only if nobody took it meanwhile (else Taken).
// After the start a status only records what happened. Reminders of a
// participant who will not come are cancelled.
HelpOutcome set_participant_status(store::Database& db, const std::string& appointment_id,
                                   const std::string& participant_id, mediation::ParticipantStatus status,
                                   const Actor& actor, Instant now);
// The person cancels (until 4 hours before): status excused.
HelpOutcome cancel_participation(store::Database& db, const std::string& appointment_id,
                                 const std::string& participant_id, const Actor& actor, Instant now);
// The service cancels the whole appointment: every participant revoked.
HelpOutcome cancel_appointment(store::Database& db, const std::string& appointment_id, const Actor& actor, Instant now);

// With contacts (phones, e-mails) — for the server's own use and the back office.
std::optional<mediation::Appointment> find_appointment(store::Database& db, const std::string& id);
// As a kiosk sees it: no contacts, with its refusal and what activity is recorded.
std::optional<sync::AppointmentRecord> appointment_record(store::Database& db, const std::string& id);

struct AppointmentQuery {
  std::optional<std::int64_t> site_id;
  std::optional<std::int64_t> mediator_id;
  std::optional<CivilDate> from;  // Paris dates, inclusive
  std::optional<CivilDate> to;
  bool include_refused = false;
};
std::vector<mediation::Appointment> list_appointments(store::Database& db, const AppointmentQuery& q);

// A member's help appointments that have not ended (« Mon espace », issue 18): those where they are a
// participant who still holds a seat or waits for one, not cancelled by the service nor refused;
// earliest first, with every participant.
std::vector<mediation::Appointment> member_appointments(store::Database& db, std::int64_t member_id, Instant now);

// Free slots of a type at its site, from `first` to `last` inclusive.
std::vector<mediation::HelpSlot> free_help_slots(store::Database& db, std::int64_t type_id, const CivilDate& first,
                                                 const CivilDate& last, Instant now);

//-----------------------------------------------------------------------------
// Privacy
//-----------------------------------------------------------------------------

// Erases first names, phones and e-mails of participants in appointments that
// started before `before` (default policy: two years ago), and the notes of
// activity records of those days; appointments, statuses and activity
// records stay for the statistics. Returns how many participants were erased.
int erase_old_participants(store::Database& db, Instant before);

}  // namespace escale::server
