// Public help bookings and their action links (see public_help.hpp).
#include "store/public_help.hpp"

#include <algorithm>

#include "store/credentials.hpp"
#include "store/messages.hpp"

namespace escale::server {
namespace {

const mediation::Participant* find_participant(const mediation::Appointment& a, const std::string& id) {
  const auto it = std::find_if(a.participants.begin(), a.participants.end(),
                               [&](const mediation::Participant& p) { return p.id == id; });
  return it == a.participants.end() ? nullptr : &*it;
}

// In the caller's transaction: the « help_booked » SMS to the participant's phone, if any.
void queue_booked_message(store::Database& db, const mediation::Appointment& a, const std::string& participant_id,
                          Instant now) {
  const auto* p = find_participant(a, participant_id);
  if (p == nullptr || !p->phone || p->phone->empty()) return;
  NewMessage m;
  m.kind = MessageKind::HelpBooked;
  m.subject = participant_id;
  m.channel = "sms";
  m.recipient = *p->phone;
  m.give_up_at = a.start;
  queue_message(db, m, now);
}

HelpOutcome refused(mediation::HelpRefusal r) {
  HelpOutcome o;
  o.refusal = r;
  return o;
}

}  // namespace

const mediation::Participant* ParticipantLink::participant() const {
  return appointment ? find_participant(*appointment, participant_id) : nullptr;
}

std::string issue_participant_link(store::Database& db, const std::string& participant_id, Instant expires_at,
                                   Instant now) {
  store::Transaction tx(db);
  // Links of appointments long begun are of no use to anyone: they go as new ones come.
  db.cached("DELETE FROM action_links WHERE kind = 'participant' AND expires_at < ?")
      .bind_all(to_iso_utc(now - std::chrono::hours(24)))
      .run();
  auto token = make_token(kParticipantLinkPrefix);
  db.cached(
        "INSERT INTO action_links (token_hash, kind, subject, created_at, expires_at) "
        "VALUES (?, 'participant', ?, ?, ?)")
      .bind_all(hash_token(token), participant_id, to_iso_utc(now), to_iso_utc(expires_at))
      .run();
  tx.commit();
  return token;
}

std::optional<mediation::Appointment> appointment_of_participant(store::Database& db,
                                                                 const std::string& participant_id) {
  std::string appointment_id;
  {
    auto st = db.cached("SELECT appointment_id FROM participants WHERE id = ?");
    st.bind_all(participant_id);
    if (!st.step()) return std::nullopt;
    appointment_id = st.text(0);
  }
  return find_appointment(db, appointment_id);
}

ParticipantLink open_participant_link(store::Database& db, std::string_view token, Instant now) {
  ParticipantLink out;
  if (!is_token_shaped(token, kParticipantLinkPrefix)) return out;
  store::ReadTransaction read(db);
  {
    auto st = db.cached("SELECT subject FROM action_links WHERE token_hash = ? AND kind = 'participant'");
    st.bind_all(hash_token(token));
    if (!st.step()) return out;
    out.participant_id = st.text(0);
  }
  out.appointment = appointment_of_participant(db, out.participant_id);
  if (!out.appointment || out.participant() == nullptr) {
    out.appointment.reset();
    return out;
  }
  out.problem = now >= out.appointment->start ? ActionLinkProblem::Expired : ActionLinkProblem::None;
  return out;
}

HelpOutcome book_public_help(store::Database& db, const HelpRequest& request, bool send_sms, Instant now) {
  store::Transaction tx(db);
  const bool again = appointment_of_participant(db, request.participant.id).has_value();
  auto outcome = request_help(db, request, Actor{}, now);
  if (!outcome.ok()) return outcome;
  if (send_sms && !again) queue_booked_message(db, *outcome.appointment, request.participant.id, now);
  tx.commit();
  return outcome;
}

HelpOutcome move_public_help(store::Database& db, const std::string& old_appointment_id,
                             const std::string& old_participant_id, const HelpRequest& request, bool send_sms,
                             Instant now) {
  store::Transaction tx(db);
  // First free the old slot (the new one may overlap it, with the same mediator).
  auto cancelled = cancel_participation(db, old_appointment_id, old_participant_id, Actor{}, now);
  if (!cancelled.ok()) return cancelled;
  auto outcome = request_help(db, request, Actor{}, now);
  if (!outcome.ok()) return outcome;  // the transaction is undone: the old appointment stands
  if (outcome.appointment->id != request.appointment_id) return refused(mediation::HelpRefusal::InvalidRequest);
  db.cached(
        "UPDATE action_links SET subject = ?, expires_at = ? WHERE kind = 'participant' AND subject = ? "
        "AND expires_at > ?")
      .bind_all(request.participant.id, to_iso_utc(outcome.appointment->start), old_participant_id, to_iso_utc(now))
      .run();
  if (send_sms) queue_booked_message(db, *outcome.appointment, request.participant.id, now);
  tx.commit();
  return outcome;
}

}  // namespace escale::server
