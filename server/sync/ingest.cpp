// Idempotent ingest of kiosk events and the pull of changes.
//
// Idempotency rests on natural keys rather than a ledger of event ids:
//   - visits are keyed by the UUID the kiosk gave them: a check-in or walk-in
//     whose visit already exists with the same member, time and kiosk is a
//     duplicate (nothing changes); with other values it is rejected (two
//     events claim one visit id); a check-out of a visit already checked out
//     at that same instant is a duplicate; at another instant it is rejected;
//   - bookings are keyed by the UUID the kiosk gave the intent: a repeated
//     booking_request is a duplicate; a cancel of a cancelled booking, or a
//     move to where the booking already is, too;
//   - a member made at a kiosk carries the kiosk's member_ref (UNIQUE);
//   - a badge_assign of a badge the member already holds is a duplicate.
// Stored events are visible in their tables (with their kiosk); duplicates
// and rejections are appended to ingest_log with the event's UUID, for
// operators. Every stored event an animator did (by_member_id) leaves one
// audit_log row naming them — written by the bookings store for booking
// events, here for the others.
//
// A booking_request is an intent made at the kiosk, perhaps offline: the
// server confirms or refuses it and either way it is "stored"; the refusal
// travels back as the booking's status in the change feed. Only a refusal
// that cannot be a row (unknown resource or member) is "rejected".
//
// The visit path stays lean: a check-out or a walk-in costs what it did; the
// check-ins of a push share one indexed query (which members have a confirmed
// booking around those days?), and only those members' check-ins go on to
// the bookings store, which checks in on the booking the rules pick.
//
// A kiosk token lives on a device in a public hall: the server does not take
// its word for who the animator is. Animator actions are accepted only when
// by_member_id names a member of the kiosk's site, active (not erased), with
// the animator role:
//   - always animator actions (refused without by_member_id): booking_move,
//     badge_assign, member_create, participant_status, activity_record, and
//     a check_in without a badge (« Faire entrer »: a member let in by name,
//     kept as that member's visit with no badge_uid, and audited as
//     "visit.let_in" naming the animator);
//   - animator actions when they carry by_member_id (animator mode does them
//     for someone else): check_out (« Faire sortir »), walk_in (from the
//     animator's home), booking_request and booking_cancel (for a member),
//     help_request (« Quelqu’un attend »), and a badge's check_in if one ever does;
//     without it they are a member's or a visitor's own action, as before.
// The role is the one the member holds when the event arrives: roles have no
// history in the data model (an erasure clears them too), and the member's
// creation date cannot bound an offline event either (a Raspberry Pi without
// a clock may stamp its first events before NTP sets the time). So an action
// made offline by an animator whose role was removed since is refused; the
// kiosk shows the refusal in animator mode and someone redoes it. A refusal
// names the member by number only (another site's names never reach a
// kiosk); the server log says why (not an animator, another site, erased,
// unknown). Plain visits (no by_member_id) cost no query for this; a push
// asks once per animator.
#include "sync/ingest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "store/activities.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/changes.hpp"
#include "store/ingest_log.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "store/visits.hpp"
#include "text/log_text.hpp"

namespace escale::server {
namespace {

using sync::AckStatus;
using sync::Event;
using sync::EventType;

// Bookings that ended longer ago than this are no longer sent to kiosks.
constexpr auto kBookingSentAfterEnd = std::chrono::hours(24);

struct Decision {
  AckStatus status = AckStatus::Stored;
  std::string reason;  // when rejected
};

Decision stored() {
  return {AckStatus::Stored, {}};
}
Decision duplicate() {
  return {AckStatus::Duplicate, {}};
}
Decision rejected(std::string reason) {
  return {AckStatus::Rejected, std::move(reason)};
}

void log_event(store::Database& db, const KioskIdentity& kiosk, const Event& e, const Decision& d,
               const std::string& received_at) {
  log_unstored_event(
      db, {e.id, kiosk.id, sync::to_string(e.type), sync::to_string(d.status),
           d.reason.empty() ? std::optional<std::string>() : std::optional<std::string>(d.reason), received_at});
}

//-----------------------------------------------------------------------------
// Attribution
//-----------------------------------------------------------------------------

// A message of the store (« Le prénom est obligatoire. ») after « … : ».
std::string after_colon(std::string message) {
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z')
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  return message;
}

Actor actor_of(const KioskIdentity& kiosk, const Event& e) {
  return Actor{kiosk.id, e.by_member_id, std::nullopt, std::nullopt};
}

// The audit row of a stored event an animator did, for the events whose
// store function does not write one itself.
void audit_event(store::Database& db, const KioskIdentity& kiosk, const Event& e, std::string_view action,
                 const std::string& subject, nlohmann::json detail = nlohmann::json::object()) {
  if (!e.by_member_id) return;
  detail["event_id"] = e.id;
  detail["at"] = to_iso_utc(e.at);
  audit(db, actor_of(kiosk, e), kiosk.site_id, action, subject,
        detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// A member let in by name (« Faire entrer »): a check-in with no badge.
bool let_in(const Event& e) {
  return e.type == EventType::CheckIn && !e.badge_uid;
}

// Events only animator mode makes: refused without an animator.
bool animator_only(const Event& e) {
  const EventType t = e.type;
  return t == EventType::BookingMove || t == EventType::BadgeAssign || t == EventType::MemberCreate ||
         t == EventType::ParticipantStatusChange || t == EventType::ActivityRecorded || let_in(e);
}

// Who signs the push's animator actions, asked once per member and push.
class Animators {
 public:
  // The refusal of an event whose animator cannot sign it; nullopt when it
  // needs none or has a valid one. `why` gets the detail for the server log.
  std::optional<std::string> refusal(store::Database& db, const KioskIdentity& kiosk, const Event& e,
                                     std::string& why) {
    if (!e.by_member_id) {
      if (!animator_only(e)) return std::nullopt;  // a member's or a visitor's own action
      why = "no animator named";
      if (let_in(e))
        return "Entrée refusée : une arrivée sans badge se fait en mode animation et l’envoi ne nomme pas l’animateur.";
      return "Action refusée : elle se fait en mode animation et l’envoi ne nomme pas l’animateur.";
    }
    const std::int64_t id = *e.by_member_id;
    auto it = known_.find(id);
    if (it == known_.end()) it = known_.emplace(id, animator_standing(db, id, kiosk.site_id)).first;
    if (it->second == AnimatorStanding::Animator) return std::nullopt;
    why = std::string(to_string(it->second));
    return "Action refusée : le membre n° " + std::to_string(id) + " n’est pas animateur de ce lieu.";
  }

 private:
  std::unordered_map<std::int64_t, AnimatorStanding> known_;
};

// The time a rule is checked at: when the kiosk made the request (it may
// have been offline), but never later than now (a kiosk clock running ahead).
Instant decision_time(const Event& e) {
  return std::min(e.at, now());
}

//-----------------------------------------------------------------------------
// Visits
//-----------------------------------------------------------------------------

// The visit already holds this id: the same arrival again, or a conflict?
Decision existing_arrival(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const auto recorded = find_arrival(db, e.visit_id);
  if (recorded && recorded->member_id == e.member_id && recorded->at == e.at && recorded->kiosk_id == kiosk.id)
    return duplicate();
  return rejected("visit " + e.visit_id + " already recorded with other details");
}

Decision arrive(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const Arrival arrival{
      e.visit_id, kiosk.site_id, e.member_id, kiosk.id, e.badge_uid, e.at, e.type == EventType::WalkIn};
  switch (record_arrival(db, arrival)) {
    case ArrivalOutcome::Recorded:
      return stored();
    case ArrivalOutcome::UnknownMember:
      // The foreign key on member_id is the membership check (no extra query
      // on the hot path); SQLite undoes just this statement, the batch goes on.
      return rejected("unknown member " + std::to_string(e.member_id.value_or(0)));
    case ArrivalOutcome::IdAlreadyUsed:
      break;
  }
  return existing_arrival(db, kiosk, e);
}

// The site's confirmed bookings a check-in of this push might check in on:
// one query on the (site_id, local_date) index, made at the first check-in
// and again after this push made or moved a booking. The bookings store
// decides by the rules, whose check-in window is at most a day either side
// of the start: a check-in with no booking of the member starting within a
// day of it costs no query at all. A booking checked in on leaves the list,
// so a member badging again later in the push does not ask again for it.
class BookingGate {
 public:
  explicit BookingGate(const std::vector<Event>& events) {
    for (const auto& e : events) {
      if (e.type != EventType::CheckIn) continue;
      first_ = first_ ? std::min(*first_, e.at) : e.at;
      last_ = last_ ? std::max(*last_, e.at) : e.at;
    }
  }

  bool may_check_in(store::Database& db, std::int64_t site_id, std::int64_t member_id, Instant at) {
    if (!first_ || !last_) return false;  // no check-in in this push
    if (!loaded_) load(db, site_id);
    const auto [from, to] =
        std::equal_range(bookings_.begin(), bookings_.end(), Candidate{member_id, {}, {}},
                         [](const Candidate& a, const Candidate& b) { return a.member_id < b.member_id; });
    return std::any_of(from, to, [&](const Candidate& c) { return std::chrono::abs(c.start - at) <= kWindow; });
  }

  void checked_in(const std::string& booking_id) {
    std::erase_if(bookings_, [&](const Candidate& c) { return c.id == booking_id; });
  }
  void bookings_changed() { loaded_ = false; }

 private:
  static constexpr auto kWindow = std::chrono::hours(24);
  using Candidate = ConfirmedStart;

  void load(store::Database& db, std::int64_t site_id) {
    bookings_ = confirmed_bookings_by_member(db, site_id, paris_date(*first_ - kWindow), paris_date(*last_ + kWindow));
    loaded_ = true;
  }

  std::optional<Instant> first_, last_;  // of the push's check-ins
  bool loaded_ = false;
  std::vector<Candidate> bookings_;  // by member
};

Decision check_in(store::Database& db, const KioskIdentity& kiosk, const Event& e, BookingGate& gate) {
  Decision d = arrive(db, kiosk, e);
  if (d.status != AckStatus::Stored) return d;
  if (e.by_member_id) {  // no JSON built on the plain visit path
    // A member let in without a badge (« Faire entrer ») is told apart in
    // the audit log; the visit row itself says it by its empty badge.
    audit_event(db, kiosk, e, let_in(e) ? "visit.let_in" : "visit.check_in", "visit:" + e.visit_id,
                {{"member_id", e.member_id.value_or(0)}, {"badge_uid", e.badge_uid.value_or("")}});
  }
  // The visit is what happened; checking in on a booking is a consequence
  // that may find nothing (the booking was released, or is someone else's).
  if (e.member_id && (e.booking_id || gate.may_check_in(db, kiosk.site_id, *e.member_id, e.at))) {
    const auto booking = check_in_booking(db, *e.member_id, e.booking_id, e.at, actor_of(kiosk, e));
    if (booking) gate.checked_in(booking->id);
    if (!booking && e.booking_id) {
      spdlog::info("kiosk {} check-in {}: booking {} could not be checked in on", log_text(kiosk.name, 400), e.id,
                   *e.booking_id);
    }
  }
  return d;
}

Decision walk_in(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  Decision d = arrive(db, kiosk, e);
  if (d.status == AckStatus::Stored && e.by_member_id)
    audit_event(db, kiosk, e, "visit.walk_in", "visit:" + e.visit_id);
  return d;
}

Decision leave(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const auto times = site_visit_times(db, e.visit_id, kiosk.site_id);
  if (!times) return rejected("unknown visit " + e.visit_id);
  const auto& [check_in, check_out] = *times;
  if (check_out) {
    if (*check_out == e.at) return duplicate();
    return rejected("visit " + e.visit_id + " already checked out");
  }
  if (check_in && e.at < *check_in) return rejected("check-out before check-in");
  record_departure(db, e.visit_id, e.at);
  if (e.by_member_id) audit_event(db, kiosk, e, "visit.check_out", "visit:" + e.visit_id);
  return stored();
}

//-----------------------------------------------------------------------------
// Bookings
//-----------------------------------------------------------------------------

ResourceKind kind_of(store::Database& db, std::int64_t resource_id) {
  const auto r = find_resource(db, resource_id);
  return r ? r->kind : ResourceKind::Desk;
}

Decision request_booking(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  if (auto existing = find_booking(db, *e.booking_id)) {
    if (existing->member_id == *e.member_id && existing->site_id == kiosk.site_id) return duplicate();
    return rejected("La réservation " + *e.booking_id + " existe déjà avec d’autres détails.");
  }
  Booking request;
  request.id = *e.booking_id;
  request.site_id = kiosk.site_id;  // a kiosk books its own site's resources only
  request.resource_id = *e.resource_id;
  request.member_id = *e.member_id;
  request.start = *e.start;
  request.end = *e.end;
  const Booking outcome = create_or_refuse_booking(db, request, actor_of(kiosk, e), decision_time(e));
  // Confirmed, or refused and kept as a refused booking: the kiosk learns
  // which from the change feed. A refusal with no row to keep (unknown
  // resource or member) can only travel back in the ack.
  if (outcome.status == BookingStatus::Refused && !find_booking(db, outcome.id)) {
    return rejected("Réservation refusée : " +
                    refusal_reason(outcome.refusal.value_or(Refusal::UnknownResource), kind_of(db, *e.resource_id)) +
                    ".");
  }
  return stored();
}

// A booking this kiosk may act on: one of its site's.
std::optional<Booking> site_booking(store::Database& db, const KioskIdentity& kiosk, const std::string& id) {
  auto b = find_booking(db, id);
  if (!b || b->site_id != kiosk.site_id) return std::nullopt;
  return b;
}

// A cancel or move the server refused: the kiosk already applied it to its
// copy, so the booking's true state is sent again (in this very answer).
Decision refused_change(store::Database& db, const Booking& b, std::string_view what, Refusal r, ResourceKind kind) {
  record_change(db, b.site_id, Entity::Booking, b.id);
  return rejected(std::string(what) + " : " + refusal_reason(r, kind) + ".");
}

Decision cancel(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const auto b = site_booking(db, kiosk, *e.booking_id);
  if (!b)
    return rejected("Annulation impossible : " + refusal_reason(Refusal::UnknownBooking, ResourceKind::Desk) + ".");
  if (b->status == BookingStatus::Cancelled) return duplicate();
  const auto outcome = cancel_booking(db, b->id, actor_of(kiosk, e), decision_time(e));
  if (outcome.refusal) {
    return refused_change(db, *b, "Annulation impossible", *outcome.refusal, kind_of(db, b->resource_id));
  }
  return stored();
}

Decision move(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const auto b = site_booking(db, kiosk, *e.booking_id);
  if (!b)
    return rejected("Déplacement impossible : " + refusal_reason(Refusal::UnknownBooking, ResourceKind::Desk) + ".");
  if (holds_resource(b->status) && b->resource_id == *e.resource_id && b->start == *e.start && b->end == *e.end) {
    return duplicate();
  }
  const auto outcome = move_booking(db, b->id, *e.resource_id, *e.start, *e.end, actor_of(kiosk, e), decision_time(e));
  if (outcome.refusal) {
    return refused_change(db, *b, "Déplacement impossible", *outcome.refusal, kind_of(db, *e.resource_id));
  }
  return stored();
}

//-----------------------------------------------------------------------------
// Badges and members (animator mode)
//-----------------------------------------------------------------------------

std::string badge_taken(const std::string& uid, std::int64_t holder) {
  return "Le badge " + uid + " est déjà attribué à un autre membre (n° " + std::to_string(holder) +
         ") : il faut d’abord le lui retirer.";
}

Decision assign_badge(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const auto uid = BadgeUid::parse(*e.badge_uid);  // checked when decoded
  if (!uid) return rejected("Badge non attribué : « " + *e.badge_uid + " » n’est pas un numéro de badge.");
  const std::int64_t member_id = *e.member_id;
  const auto member = find_member(db, member_id);  // active members only
  if (!member) {
    return rejected("Badge non attribué : le membre n° " + std::to_string(member_id) +
                    " n’est pas inscrit dans le réseau (ou a été effacé).");
  }
  // Any member of the network may get a badge at any site they may use.
  if (!member_may_use_site(db, member_id, kiosk.site_id)) {
    return rejected("Badge non attribué : l’adhésion du membre n° " + std::to_string(member_id) +
                    " ne comprend pas ce lieu.");
  }
  if (const auto holder = badge_holder(db, uid->hex()); holder && !holder->revoked) {
    if (holder->member_id == member_id) return duplicate();
    return rejected(badge_taken(uid->hex(), holder->member_id));
  }
  if (auto added = add_badge(db, *uid, member_id); !added)
    return rejected("Badge non attribué : " + after_colon(added.error()));
  audit_event(db, kiosk, e, "badge.assign", "badge:" + uid->hex(), {{"member_id", member_id}});
  return stored();
}

Decision create_member(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const std::string& ref = *e.member_ref;
  if (const auto existing = member_for_ref(db, ref)) {
    if (existing->site_id == kiosk.site_id) return duplicate();
    return rejected("Le membre " + ref + " existe déjà dans un autre lieu.");
  }
  const sync::NewMember& n = *e.new_member;
  Member m;
  m.site_id = kiosk.site_id;
  m.first_name = n.first_name;
  m.last_name = n.last_name;
  m.email = n.email;
  m.phone = n.phone;
  m.home_commune = n.home_commune;
  // An unknown commune would skew the territorial statistics: refused (the
  // animator corrects it) rather than stored without it.
  if (auto problem = validate(m)) return rejected("Membre non créé : " + after_colon(*problem));
  std::optional<BadgeUid> uid;
  if (e.badge_uid) {
    uid = BadgeUid::parse(*e.badge_uid);
    if (!uid) return rejected("Membre non créé : « " + *e.badge_uid + " » n’est pas un numéro de badge.");
    if (const auto holder = badge_holder(db, uid->hex()); holder && !holder->revoked) {
      return rejected("Membre non créé : " + after_colon(badge_taken(uid->hex(), holder->member_id)));
    }
  }
  // The member, its reference and its badge together, or nothing.
  store::Transaction tx(db);
  auto added = add_member(db, m);
  if (!added) return rejected("Membre non créé : " + after_colon(added.error()));
  set_member_ref(db, added->id, ref);
  if (uid) {
    if (auto badge = add_badge(db, *uid, added->id); !badge) {
      return rejected("Membre non créé : " + after_colon(badge.error()));
    }
  }
  nlohmann::json detail = {{"member_ref", ref}};
  if (uid) detail["badge_uid"] = uid->hex();
  audit_event(db, kiosk, e, "member.create", "member:" + std::to_string(added->id), std::move(detail));
  tx.commit();
  return stored();
}

//-----------------------------------------------------------------------------
// Help agenda
//-----------------------------------------------------------------------------

// A help request is an intent like a booking request: placed, seated, put on
// a waiting list, or refused and kept (the kiosk learns which from the change
// feed). The participant's UUID makes it idempotent.
Decision request_help_event(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  HelpRequest request;
  request.appointment_id = *e.appointment_id;
  request.site_id = kiosk.site_id;  // a kiosk asks for its own site's agenda
  request.type_id = *e.type_id;
  request.mediator_id = *e.mediator_id;
  request.start = e.start;
  request.participant = *e.participant;
  if (const auto a = find_appointment(db, request.appointment_id)) {
    const bool already = std::any_of(a->participants.begin(), a->participants.end(),
                                     [&](const mediation::Participant& p) { return p.id == request.participant.id; });
    if (already) return duplicate();
  }
  const HelpOutcome outcome = request_help_or_refuse(db, request, actor_of(kiosk, e), decision_time(e));
  if (!outcome.appointment) {
    return rejected("Demande d’aide refusée : " + after_colon(mediation::help_refusal_reason(outcome.refusal.value_or(
                                                      mediation::HelpRefusal::InvalidRequest))));
  }
  return stored();
}

Decision participant_status_event(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  const auto a = find_appointment(db, *e.appointment_id);
  if (!a || a->site_id != kiosk.site_id) {
    return rejected("Présence non notée : " +
                    after_colon(mediation::help_refusal_reason(mediation::HelpRefusal::UnknownAppointment)));
  }
  const auto p = std::find_if(a->participants.begin(), a->participants.end(),
                              [&](const mediation::Participant& q) { return q.id == *e.participant_id; });
  if (p == a->participants.end()) {
    return rejected("Présence non notée : " +
                    after_colon(mediation::help_refusal_reason(mediation::HelpRefusal::NoParticipant)));
  }
  if (p->status == *e.participant_status) return duplicate();
  const auto outcome =
      set_participant_status(db, a->id, p->id, *e.participant_status, actor_of(kiosk, e), decision_time(e));
  if (outcome.refusal) {
    record_change(db, a->site_id, Entity::Appointment, a->id);  // the kiosk's copy is put right
    return rejected("Présence non notée : " + after_colon(mediation::help_refusal_reason(*outcome.refusal)));
  }
  return stored();
}

Decision activity_event(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  mediation::ActivityRecord r = *e.activity;
  r.site_id = kiosk.site_id;
  // The same record again, as the server completed it (a workshop's title…): a duplicate.
  if (auto existing = find_activity(db, r.id)) {
    if (auto prepared = prepare_activity(db, r); prepared && *prepared == *existing) return duplicate();
  }
  auto recorded = record_activity(db, r, actor_of(kiosk, e));
  if (!recorded) return rejected("Fiche d’activité non enregistrée : " + after_colon(recorded.error()));
  return stored();
}

Decision apply(store::Database& db, const KioskIdentity& kiosk, const Event& e, BookingGate& gate, Animators& animators,
               std::string& why) {
  // Checked before anything is written: a refused action changes nothing and
  // leaves no audit row (and an id nobody holds never reaches the audit
  // log's foreign key, which would fail the whole push).
  if (auto refusal = animators.refusal(db, kiosk, e, why)) return rejected(std::move(*refusal));
  switch (e.type) {
    case EventType::CheckIn:
      return check_in(db, kiosk, e, gate);
    case EventType::WalkIn:
      return walk_in(db, kiosk, e);
    case EventType::CheckOut:
      return leave(db, kiosk, e);
    case EventType::BookingRequest: {
      Decision d = request_booking(db, kiosk, e);
      if (d.status == AckStatus::Stored) gate.bookings_changed();
      return d;
    }
    case EventType::BookingCancel:
      return cancel(db, kiosk, e);
    case EventType::BookingMove: {
      Decision d = move(db, kiosk, e);
      if (d.status == AckStatus::Stored) gate.bookings_changed();
      return d;
    }
    case EventType::BadgeAssign:
      return assign_badge(db, kiosk, e);
    case EventType::MemberCreate:
      return create_member(db, kiosk, e);
    case EventType::HelpRequest:
      return request_help_event(db, kiosk, e);
    case EventType::ParticipantStatusChange:
      return participant_status_event(db, kiosk, e);
    case EventType::ActivityRecorded:
      return activity_event(db, kiosk, e);
  }
  return rejected("unknown event type");
}

//-----------------------------------------------------------------------------
// Pull
//-----------------------------------------------------------------------------

sync::ResourceRecord resource_record(store::Database& db, std::int64_t site_id, std::int64_t resource_id) {
  auto rec = find_resource_record(db, resource_id);
  if (rec && rec->resource.site_id == site_id) return *rec;
  // Gone, or not this site's: the kiosk forgets it.
  sync::ResourceRecord gone;
  gone.resource.id = resource_id;
  gone.resource.site_id = site_id;
  gone.active = false;
  return gone;
}

// A member's or a resource's id in the change log. A key that is not one
// (a database edited by hand) is logged and skipped: throwing would fail
// every exchange of every kiosk of the site from then on.
std::optional<std::int64_t> numeric_key(const KioskIdentity& kiosk, const ChangedEntity& change) {
  std::int64_t id = 0;
  const char* first = change.key.data();
  const char* last = first + change.key.size();
  const auto [end, ec] = std::from_chars(first, last, id);
  if (ec == std::errc() && end == last && !change.key.empty()) return id;
  spdlog::error("change log: the key « {} » of a {} change is not a number; not sent to kiosk {}",
                log_text(change.key, 400), entity_name(change.entity), log_text(kiosk.name, 400));
  return std::nullopt;
}

// The pull answers in the kiosk's protocol version (out.protocol): version 2
// sends every member and badge of the network and the list of sites; version
// 1, its own site's members as before (the network's others inactive, with no
// name: such a kiosk keeps working until it is upgraded).
void pull(store::Database& db, const KioskIdentity& kiosk, std::int64_t cursor, sync::SyncResponse& out, Instant at) {
  const ChangeBatch batch = changes_after(db, kiosk.site_id, cursor);
  const Instant ended_before = at - kBookingSentAfterEnd;
  const bool network = out.protocol >= 2;
  for (const auto& change : batch.entities) {
    switch (change.entity) {
      case Entity::Site:
        // The network's feed names every site added or renamed; the kiosk's
        // own site (with its rules) when it is this one.
        if (const auto id = numeric_key(kiosk, change); id && *id == kiosk.site_id) {
          out.site = find_site(db, kiosk.site_id);
          if (out.site) out.rules = site_rules(db, kiosk.site_id);  // the rules travel with the site
        }
        if (network && out.network_sites.empty()) out.network_sites = network_sites(db);
        break;
      case Entity::Member:
        if (const auto id = numeric_key(kiosk, change)) {
          out.members.push_back(network ? member_record_for_kiosk(db, kiosk.site_id, *id)
                                        : member_record_for_site(db, kiosk.site_id, *id));
        }
        break;
      case Entity::Badge:
        out.badges.push_back(network ? badge_record_for_network(db, change.key)
                                     : badge_record_for_site(db, kiosk.site_id, change.key));
        break;
      case Entity::Resource:
        if (const auto id = numeric_key(kiosk, change)) {
          out.resources.push_back(resource_record(db, kiosk.site_id, *id));
        }
        break;
      case Entity::HelpAgenda:
        out.help_agenda = help_agenda(db, kiosk.site_id);
        break;
      case Entity::Appointment:
        if (auto a = appointment_record(db, change.key);
            a && a->appointment.site_id == kiosk.site_id && a->appointment.end() > ended_before) {
          out.appointments.push_back(std::move(*a));
        }
        break;
      case Entity::Booking:
        // Past bookings stay on the server: a kiosk needs today's and what comes.
        if (auto b = find_booking(db, change.key); b && b->site_id == kiosk.site_id && b->end > ended_before) {
          out.bookings.push_back(std::move(*b));
        }
        break;
    }
  }
  out.cursor = batch.cursor;
  out.more = batch.more;
}

}  // namespace

// A push is one write transaction: its events, and the kiosk's sync time
// when it is due (kKioskSyncResolution). The pull comes after, outside the
// write transaction, in a read transaction (one snapshot, no write lock):
// what the push changed is committed by then, and is in the answer. The change
// feed's invariant (store/changes.cpp) makes a pull outside the writers'
// transactions safe: it never sees a cursor before a lower one is committed.
// So an up-to-date kiosk's poll (nothing to push, nothing to pull) takes no
// write lock, except once a minute to record its sync time — and then not
// even waiting for it: when another writer holds the lock, the time is left
// for the next poll.
sync::SyncResponse handle_sync(store::Database& db, const KioskIdentity& kiosk, const sync::SyncRequest& request,
                               Instant at) {
  sync::SyncResponse response;
  response.protocol = request.protocol;  // answered in the kiosk's version (1 or 2)
  bool recorded = false;                 // the kiosk's sync time
  if (!request.events.empty()) {
    response.acks.reserve(request.events.size());
    const std::string received_at = to_iso_utc(at);
    BookingGate gate(request.events);
    Animators animators;
    store::Transaction tx(db);
    for (const Event& e : request.events) {
      std::string why;
      Decision d = apply(db, kiosk, e, gate, animators, why);
      if (d.status == AckStatus::Rejected) {
        spdlog::warn("kiosk {} event {} ({}) rejected: {}{}", log_text(kiosk.name, 400), e.id, sync::to_string(e.type),
                     log_text(d.reason, 400), why.empty() ? std::string() : " [" + why + "]");
      }
      if (d.status != AckStatus::Stored) log_event(db, kiosk, e, d, received_at);
      response.acks.push_back({e.id, d.status, std::move(d.reason)});
    }
    if (kiosk_sync_due(kiosk_last_sync(db, kiosk.id), at)) touch_kiosk_sync(db, kiosk.id, at);
    tx.commit();
    recorded = true;
  }
  bool due = false;
  {
    store::ReadTransaction snapshot(db);
    if (!recorded) due = kiosk_sync_due(kiosk_last_sync(db, kiosk.id), at);
    pull(db, kiosk, request.cursor, response, at);
  }
  if (due) touch_kiosk_sync_unless_busy(db, kiosk.id, at);
  response.server_time = at;
  return response;
}

}  // namespace escale::server
