// Help appointments booked on a site's public page without an account
// (issue 18, Bernard's story), and the links that act on them from a text
// message: SQL for their `action_links` rows (kind 'participant', schema 9).
//
// A booking is the help agenda's own request_help (store/agenda.hpp), so the
// kiosks and the back office see it like any other; in the same transaction,
// when a phone was given, a « help_booked » message is queued
// (store/messages.hpp). The message job writes its text when it sends it,
// with a fresh link (issue_participant_link): only the link's hash rests in
// the database, and it expires at the appointment's start. Opening the link
// shows the appointment and offers to cancel it or move it to another free
// slot; a move keeps the links working for the new time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mediation/agenda.hpp"
#include "store/agenda.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

// The prefix of a participant's action link token: "rdv_" + 64 hex digits.
inline constexpr std::string_view kParticipantLinkPrefix = "rdv_";

// A new link acting on this participant's appointment until `expires_at`
// (its start); returns the token, of which only the hash is stored.
std::string issue_participant_link(store::Database& db, const std::string& participant_id, Instant expires_at,
                                   Instant now);

enum class ActionLinkProblem { None, Unknown, Expired };
struct ParticipantLink {
  ActionLinkProblem problem = ActionLinkProblem::Unknown;
  std::string participant_id;
  std::optional<mediation::Appointment> appointment;  // with the participant (None and Expired)
  // The participant as stored in `appointment`, or nullptr.
  const mediation::Participant* participant() const;
};
// What a link opens: Unknown (not token-shaped, never issued, or its
// appointment gone), Expired (its appointment has started), or None.
ParticipantLink open_participant_link(store::Database& db, std::string_view token, Instant now);

// The appointment a participant belongs to (any status).
std::optional<mediation::Appointment> appointment_of_participant(store::Database& db,
                                                                 const std::string& participant_id);

// One transaction: the appointment (request_help, no person acting) and,
// when the participant gave a phone and `send_sms`, the « help_booked » SMS
// queued to it. Idempotent on the participant's id, like request_help (the
// message is queued once).
HelpOutcome book_public_help(store::Database& db, const HelpRequest& request, bool send_sms, Instant now);

// One transaction: the person's participation in `old_appointment_id`
// cancelled (until 4 hours before, as cancel_participation) and the new
// appointment `request` made; the participant's links now act on the new
// one (until its start), and a new SMS is queued when `send_sms`. Nothing
// changes when either step is refused (the refusal says why).
HelpOutcome move_public_help(store::Database& db, const std::string& old_appointment_id,
                             const std::string& old_participant_id, const HelpRequest& request, bool send_sms,
                             Instant now);

}  // namespace escale::server
