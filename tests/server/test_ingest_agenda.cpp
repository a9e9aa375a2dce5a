#include "sync/ingest.hpp"  // first: the header is self-contained

// The sync ingest of the help agenda: a kiosk's requests for help (a free
// slot, or a seat in a workshop) placed or refused and sent back in the same
// response without contacts, two kiosks racing for one slot, duplicates,
// statuses and activity records from animator mode (audited), another
// site's kiosk kept out, intents that cannot be stored not failing the push,
// and the pull of the help agenda and of appointments. Real clock: Nadia
// helps every day from 08:00 to 20:00.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "agenda_fixture.hpp"
#include "store/activities.hpp"
#include "store/changes.hpp"
#include "store/reminders.hpp"
#include "sync/agenda_json.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaDb;
using escale::tests::person;
using mediation::HelpRefusal;
using mediation::ParticipantStatus;
using sync::AckStatus;
using sync::EventType;

sync::Event help_request(const std::string& appointment_id, std::int64_t type_id, std::int64_t mediator_id,
                         std::optional<Instant> start, const mediation::Participant& p) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::HelpRequest;
  e.at = escale::now();
  e.appointment_id = appointment_id;
  e.type_id = type_id;
  e.mediator_id = mediator_id;
  e.start = start;
  e.participant = p;
  return e;
}

sync::Event status_change(const std::string& appointment_id, const std::string& participant_id,
                          ParticipantStatus status) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::ParticipantStatusChange;
  e.at = escale::now();
  e.appointment_id = appointment_id;
  e.participant_id = participant_id;
  e.participant_status = status;
  return e;
}

sync::Event activity_event(const mediation::ActivityRecord& r) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::ActivityRecorded;
  e.at = escale::now();
  e.activity = r;
  return e;
}

sync::Event by(sync::Event e, std::int64_t animator) {
  e.by_member_id = animator;
  return e;
}

struct IngestAgenda : AgendaDb {
  bool every_day = [this] {
    remove_help_hours(db, tuesday, Actor{});
    remove_help_hours(db, thursday, Actor{});
    for (int weekday = 1; weekday <= 7; ++weekday) add_hours(nadia, weekday, 8 * 60, 20 * 60);
    return true;
  }();
  KioskIdentity entrance = ServerDb::kiosk(site_id, "entrée").kiosk;
  KioskIdentity hall = ServerDb::kiosk(site_id, "salle").kiosk;
  KioskIdentity neighbour = ServerDb::kiosk(other_site, "voisin").kiosk;
  CivilDate tomorrow = add_days(paris_civil_date(escale::now()), 1);
  std::vector<mediation::HelpSlot> slots =
      free_help_slots(db, individual, tomorrow, add_days(tomorrow, 6), escale::now());

  sync::SyncResponse push(std::vector<sync::Event> events, const KioskIdentity& from, std::int64_t cursor = 0) {
    sync::SyncRequest request;
    request.cursor = cursor;
    request.events = std::move(events);
    return handle_sync(db, from, request);
  }

  sync::Event ask(const mediation::HelpSlot& slot, const mediation::Participant& p,
                  std::optional<std::string> appointment_id = std::nullopt) {
    return help_request(appointment_id.value_or(make_uuid_v4()), individual, slot.mediator_id, slot.start, p);
  }
};

const sync::AppointmentRecord* find_in(const std::vector<sync::AppointmentRecord>& list, const std::string& id) {
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const sync::AppointmentRecord& a) { return a.appointment.id == id; });
  return it == list.end() ? nullptr : &*it;
}

void check_ack(const sync::EventAck& ack, const sync::Event& e, AckStatus status, const std::string& reason = {}) {
  CHECK(ack.id == e.id);
  CHECK(ack.status == status);
  if (reason.empty()) {
    CHECK(ack.reason.empty());
  } else {
    CHECK_THAT(ack.reason, Catch::Contains(reason));
  }
}

}  // namespace

TEST_CASE("ingest agenda: a kiosk's request is placed and comes back at once, without contacts", "[ingest_agenda]") {
  IngestAgenda f;
  REQUIRE(f.slots.size() >= 4);
  auto josiane = person("Josiane", "06 12 34 56 78", true);
  josiane.email = "josiane@example.org";
  josiane.topics = {mediation::HelpTopic::Caf};
  const auto e = f.ask(f.slots[0], josiane);
  const auto response = f.push({e}, f.entrance);
  REQUIRE(response.acks.size() == 1);
  check_ack(response.acks[0], e, AckStatus::Stored);

  const auto* back = find_in(response.appointments, *e.appointment_id);
  REQUIRE(back != nullptr);
  CHECK_FALSE(back->refusal.has_value());
  CHECK_FALSE(back->appointment.cancelled);
  CHECK(back->appointment.start == f.slots[0].start);
  CHECK(back->appointment.mediator_id == f.nadia);
  REQUIRE(back->appointment.participants.size() == 1);
  const auto& p = back->appointment.participants[0];
  CHECK(p.id == josiane.id);
  CHECK(p.first_name == "Josiane");
  CHECK(p.reminders);
  CHECK(p.topics == josiane.topics);
  CHECK_FALSE(p.phone.has_value());
  CHECK_FALSE(p.email.has_value());
  const std::string wire = sync::encode(response);
  CHECK(wire.find("612345678") == std::string::npos);
  CHECK(wire.find("josiane@example.org") == std::string::npos);
  // The first sync also brings the site's agenda.
  REQUIRE(response.help_agenda.has_value());
  CHECK(response.help_agenda->types.size() == 2);
  CHECK(response.help_agenda->hours.size() == 7);

  // The server keeps the contacts and sends the reminders.
  const auto stored = find_appointment(f.db, *e.appointment_id);
  REQUIRE(stored.has_value());
  CHECK(stored->participants[0].phone == std::optional<std::string>("+33612345678"));
  CHECK(stored->participants[0].email == std::optional<std::string>("josiane@example.org"));
  CHECK(f.scalar("SELECT kiosk_id FROM appointments") == f.entrance.id);
  CHECK_FALSE(f.reminders_of(josiane.id).empty());

  // The same event again, or the same request under a new event id: duplicates.
  auto again = e;
  const auto replay = f.push({e}, f.entrance, response.cursor);
  check_ack(replay.acks[0], e, AckStatus::Duplicate);
  again.id = make_uuid_v4();
  const auto resent = f.push({again}, f.entrance, response.cursor);
  check_ack(resent.acks[0], again, AckStatus::Duplicate);
  CHECK(f.count("appointments") == 1);
  CHECK(f.count("participants") == 1);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log WHERE status = 'duplicate' AND type = 'help_request'") == 2);
  CHECK(resent.appointments.empty());  // nothing changed since the cursor
}

TEST_CASE("ingest agenda: two kiosks ask for one slot, the second is kept, refused as taken, and told",
          "[ingest_agenda]") {
  IngestAgenda f;
  REQUIRE(f.slots.size() >= 2);
  const auto first = f.ask(f.slots[0], person("Josiane"));
  const auto a = f.push({first}, f.entrance);
  check_ack(a.acks[0], first, AckStatus::Stored);

  // The hall's kiosk was offline and made its own intent for the same slot.
  const auto second = f.ask(f.slots[0], person("Gérard", "0699887766", true));
  const auto b = f.push({second}, f.hall);
  check_ack(b.acks[0], second, AckStatus::Stored);
  const auto* refused = find_in(b.appointments, *second.appointment_id);
  REQUIRE(refused != nullptr);
  CHECK(refused->refusal == HelpRefusal::Taken);
  CHECK(refused->appointment.cancelled);
  CHECK(refused->appointment.participants[0].status == ParticipantStatus::Revoked);
  CHECK(find_in(b.appointments, *first.appointment_id) != nullptr);  // the hall learns who holds the slot
  CHECK(f.reminders_of(second.participant->id).empty());
  CHECK(f.scalar("SELECT COUNT(*) FROM appointments WHERE refusal = 'taken'") == 1);

  // The entrance learns of it at its next sync; the slot stays held by the first.
  const auto later = f.push({}, f.entrance, a.cursor);
  REQUIRE(find_in(later.appointments, *second.appointment_id) != nullptr);
  CHECK(find_in(later.appointments, *second.appointment_id)->refusal == HelpRefusal::Taken);
  const auto slots = free_help_slots(f.db, f.individual, f.tomorrow, add_days(f.tomorrow, 6), escale::now());
  CHECK(std::none_of(slots.begin(), slots.end(), [&](const auto& s) { return s.start == f.slots[0].start; }));
  CHECK(std::any_of(slots.begin(), slots.end(), [&](const auto& s) { return s.start == f.slots[1].start; }));

  // A request that the rules refuse is kept the same way (off the grid: not in the help hours).
  auto off_grid = f.ask(f.slots[1], person("Léon"));
  off_grid.start = *off_grid.start + std::chrono::minutes(10);
  const auto c = f.push({off_grid}, f.hall, b.cursor);
  check_ack(c.acks[0], off_grid, AckStatus::Stored);
  REQUIRE(find_in(c.appointments, *off_grid.appointment_id) != nullptr);
  CHECK(find_in(c.appointments, *off_grid.appointment_id)->refusal == HelpRefusal::NotInHelpHours);
}

TEST_CASE("ingest agenda: joining a workshop from the kiosk, seat or waiting list", "[ingest_agenda]") {
  IngestAgenda f;
  const CivilDate day = add_days(f.tomorrow, 2);
  server::WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = f.collective;
  w.mediator_id = f.nadia;
  w.start = from_paris(day.year, day.month, day.day, 14, 0);
  w.title = "Découvrir la messagerie";
  w.capacity = 1;
  REQUIRE(schedule_workshop(f.db, w, Actor{}, escale::now()).ok());

  const auto anne = help_request(w.appointment_id, f.collective, f.nadia, std::nullopt, person("Anne"));
  const auto bruno = help_request(w.appointment_id, f.collective, f.nadia, std::nullopt, person("Bruno"));
  const auto response = f.push({anne, bruno}, f.entrance);
  check_ack(response.acks[0], anne, AckStatus::Stored);
  check_ack(response.acks[1], bruno, AckStatus::Stored);
  const auto* back = find_in(response.appointments, w.appointment_id);
  REQUIRE(back != nullptr);
  CHECK(back->appointment.collective);
  CHECK(back->appointment.title == "Découvrir la messagerie");
  REQUIRE(back->appointment.participants.size() == 2);
  const auto seated = std::count_if(back->appointment.participants.begin(), back->appointment.participants.end(),
                                    [](const mediation::Participant& p) { return !p.waiting; });
  CHECK(seated == 1);
  CHECK(f.stored_participant(w.appointment_id, anne.participant->id).waiting == false);
  CHECK(f.stored_participant(w.appointment_id, bruno.participant->id).waiting == true);

  // Again: duplicate. A workshop that does not exist: rejected.
  const auto replay = f.push({anne}, f.entrance);
  check_ack(replay.acks[0], anne, AckStatus::Duplicate);
  const auto nowhere = help_request(make_uuid_v4(), f.collective, f.nadia, std::nullopt, person("Chloé"));
  const auto rejected = f.push({nowhere}, f.entrance);
  check_ack(rejected.acks[0], nowhere, AckStatus::Rejected, "Demande d’aide refusée");
  CHECK(f.scalar("SELECT COUNT(*) FROM participants") == 2);
}

TEST_CASE("ingest agenda: statuses and activity records from animator mode, audited", "[ingest_agenda]") {
  IngestAgenda f;
  const auto request = by(f.ask(f.slots[0], person("Josiane")), f.nadia);
  const auto first = f.push({request}, f.entrance);
  check_ack(first.acks[0], request, AckStatus::Stored);
  const std::string appointment = *request.appointment_id;
  const std::string participant = request.participant->id;
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'help.request' AND actor_member_id = " +
                 std::to_string(f.nadia) + " AND kiosk_id = " + std::to_string(f.entrance.id)) == 1);

  const auto seen = by(status_change(appointment, participant, ParticipantStatus::Seen), f.nadia);
  auto response = f.push({seen}, f.entrance, first.cursor);
  check_ack(response.acks[0], seen, AckStatus::Stored);
  CHECK(f.stored_participant(appointment, participant).status == ParticipantStatus::Seen);
  REQUIRE(find_in(response.appointments, appointment) != nullptr);
  CHECK(find_in(response.appointments, appointment)->appointment.participants[0].status == ParticipantStatus::Seen);
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'help.status' AND actor_member_id = " +
                 std::to_string(f.nadia)) == 1);
  // The same status again: duplicate. Unknown participant or appointment: rejected.
  const auto again = by(status_change(appointment, participant, ParticipantStatus::Seen), f.nadia);
  check_ack(f.push({again}, f.entrance).acks[0], again, AckStatus::Duplicate);
  const auto stranger = by(status_change(appointment, make_uuid_v4(), ParticipantStatus::Seen), f.nadia);
  check_ack(f.push({stranger}, f.entrance).acks[0], stranger, AckStatus::Rejected, "Présence non notée");
  const auto nowhere = by(status_change(make_uuid_v4(), participant, ParticipantStatus::Seen), f.nadia);
  check_ack(f.push({nowhere}, f.entrance).acks[0], nowhere, AckStatus::Rejected, "Présence non notée");
  // An animator nobody is; nobody named.
  const auto ghost = by(status_change(appointment, participant, ParticipantStatus::NoShow), 999);
  check_ack(f.push({ghost}, f.entrance).acks[0], ghost, AckStatus::Rejected,
            "le membre n° 999 n’est pas animateur de ce lieu.");
  const auto anonymous = status_change(appointment, participant, ParticipantStatus::NoShow);
  check_ack(f.push({anonymous}, f.entrance).acks[0], anonymous, AckStatus::Rejected, "ne nomme pas l’animateur");
  CHECK(f.stored_participant(appointment, participant).status == ParticipantStatus::Seen);

  // The activity record of the appointment.
  mediation::ActivityRecord r;
  r.id = make_uuid_v4();
  r.mediator_id = f.nadia;
  r.appointment_id = appointment;
  r.participant_id = participant;
  r.date = paris_civil_date(f.slots[0].start);
  r.duration = std::chrono::minutes(45);
  r.themes = {"aide_aux_demarches_administratives", "famille_scolarite"};
  r.recorded_at = escale::now();
  const auto record = by(activity_event(r), f.nadia);
  response = f.push({record}, f.entrance, response.cursor);
  check_ack(response.acks[0], record, AckStatus::Stored);
  const auto stored = find_activity(f.db, r.id);
  REQUIRE(stored.has_value());
  CHECK(stored->site_id == f.site_id);
  CHECK(stored->themes == r.themes);
  CHECK_FALSE(stored->anonymous);
  REQUIRE(find_in(response.appointments, appointment) != nullptr);
  CHECK(find_in(response.appointments, appointment)->recorded_participants == std::vector<std::string>{participant});
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.record' AND actor_member_id = " +
                 std::to_string(f.nadia)) == 1);
  const auto record_again = by(activity_event(r), f.nadia);
  check_ack(f.push({record_again}, f.entrance).acks[0], record_again, AckStatus::Duplicate);
  // No theme: rejected with the form's words.
  auto empty = r;
  empty.id = make_uuid_v4();
  empty.themes.clear();
  const auto bad = by(activity_event(empty), f.nadia);
  check_ack(f.push({bad}, f.entrance).acks[0], bad, AckStatus::Rejected, "au moins une thématique");

  // A workshop's record sent twice as the kiosk made it (no title: the server fills it in).
  const CivilDate day = add_days(f.tomorrow, 3);
  server::WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = f.collective;
  w.mediator_id = f.nadia;
  w.start = from_paris(day.year, day.month, day.day, 14, 0);
  w.title = "Découvrir la messagerie";
  REQUIRE(schedule_workshop(f.db, w, Actor{}, escale::now()).ok());
  mediation::ActivityRecord session;
  session.id = make_uuid_v4();
  session.mediator_id = f.nadia;
  session.appointment_id = w.appointment_id;
  session.collective = true;
  session.date = day;
  session.duration = std::chrono::minutes(90);
  session.themes = {"email"};
  session.participants = 4;
  session.recorded_at = escale::now();
  const auto once = by(activity_event(session), f.nadia);
  check_ack(f.push({once}, f.entrance).acks[0], once, AckStatus::Stored);
  CHECK(find_activity(f.db, session.id)->workshop_title == "Découvrir la messagerie");
  const auto twice = by(activity_event(session), f.nadia);
  check_ack(f.push({twice}, f.entrance).acks[0], twice, AckStatus::Duplicate);
}

TEST_CASE("ingest agenda: a kiosk of another site cannot touch this site's agenda", "[ingest_agenda]") {
  IngestAgenda f;
  const auto mine = f.ask(f.slots[0], person("Josiane"));
  const auto first = f.push({mine}, f.entrance);
  check_ack(first.acks[0], mine, AckStatus::Stored);
  const CivilDate day = add_days(f.tomorrow, 2);
  server::WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = f.collective;
  w.mediator_id = f.nadia;
  w.start = from_paris(day.year, day.month, day.day, 14, 0);
  REQUIRE(schedule_workshop(f.db, w, Actor{}, escale::now()).ok());
  const auto appointments = f.count("appointments");

  const auto steal_slot = f.ask(f.slots[1], person("Paul"));
  const auto join = help_request(w.appointment_id, f.collective, f.nadia, std::nullopt, person("Paul"));
  // Signed by an animator of the neighbouring site: its own kiosk, not this site's agenda.
  const auto status = by(status_change(*mine.appointment_id, mine.participant->id, ParticipantStatus::NoShow), f.paul);
  mediation::ActivityRecord r;
  r.id = make_uuid_v4();
  r.mediator_id = f.paul;
  r.appointment_id = *mine.appointment_id;
  r.date = f.tomorrow;
  r.duration = std::chrono::minutes(30);
  r.themes = {"email"};
  r.recorded_at = escale::now();
  const auto record = by(activity_event(r), f.paul);
  const auto response = f.push({steal_slot, join, status, record}, f.neighbour);
  REQUIRE(response.acks.size() == 4);
  check_ack(response.acks[0], steal_slot, AckStatus::Rejected, "Demande d’aide refusée");
  check_ack(response.acks[1], join, AckStatus::Rejected, "Demande d’aide refusée");
  check_ack(response.acks[2], status, AckStatus::Rejected, "Présence non notée");
  check_ack(response.acks[3], record, AckStatus::Rejected, "Fiche d’activité non enregistrée");
  CHECK(f.count("appointments") == appointments);
  CHECK(f.scalar("SELECT COUNT(*) FROM participants WHERE first_name = 'Paul'") == 0);
  CHECK(f.stored_participant(*mine.appointment_id, mine.participant->id).status == ParticipantStatus::Unknown);
  CHECK(f.count("activities") == 0);
  // Nor does it see them.
  CHECK(response.appointments.empty());
  CHECK_FALSE(response.help_agenda.has_value());
}

TEST_CASE("ingest agenda: an intent that cannot be stored is rejected without failing the push", "[ingest_agenda]") {
  IngestAgenda f;
  const auto mine = f.ask(f.slots[0], person("Josiane"));
  check_ack(f.push({mine}, f.entrance).acks[0], mine, AckStatus::Stored);

  // The same appointment id with someone else and a workshop type; a mediator nobody is.
  auto reused = help_request(*mine.appointment_id, f.collective, f.nadia, f.slots[1].start, person("Gérard"));
  const auto ghost = help_request(make_uuid_v4(), f.individual, 999, f.slots[1].start, person("Léon"));
  const auto visit = escale::tests::walk_in(make_uuid_v4(), to_iso_utc(escale::now()));
  sync::SyncResponse response;
  REQUIRE_NOTHROW(response = f.push({reused, ghost, visit}, f.entrance));
  REQUIRE(response.acks.size() == 3);
  check_ack(response.acks[0], reused, AckStatus::Rejected, "Demande d’aide refusée");
  check_ack(response.acks[1], ghost, AckStatus::Rejected, "Demande d’aide refusée");
  check_ack(response.acks[2], visit, AckStatus::Stored);
  CHECK(f.count("appointments") == 1);
  CHECK(f.count("visits") == 1);
}

TEST_CASE("ingest agenda: the pull sends the agenda when it changes, and appointments while they matter",
          "[ingest_agenda]") {
  IngestAgenda f;
  const auto first = f.push({}, f.entrance);
  REQUIRE(first.help_agenda.has_value());
  CHECK(first.help_agenda->contact_phone.empty());
  // Nothing new: no agenda.
  const auto quiet = f.push({}, f.entrance, first.cursor);
  CHECK_FALSE(quiet.help_agenda.has_value());
  CHECK(quiet.appointments.empty());
  // An exception: the whole agenda again.
  mediation::HelpException e;
  e.site_id = f.site_id;
  e.first = add_days(f.tomorrow, 10);
  e.last = add_days(f.tomorrow, 12);
  e.reason = "formation";
  REQUIRE(add_help_exception(f.db, e, Actor{}).ok());
  const auto changed = f.push({}, f.entrance, first.cursor);
  REQUIRE(changed.help_agenda.has_value());
  REQUIRE(changed.help_agenda->exceptions.size() == 1);
  CHECK(changed.help_agenda->exceptions[0].reason == "formation");
  CHECK(changed.help_agenda->types.size() == 2);
  // The neighbour's kiosk gets its own site's agenda (empty), not this one.
  const auto other = f.push({}, f.neighbour);
  CHECK((!other.help_agenda || other.help_agenda->exceptions.empty()));

  // An appointment made by the back office reaches the kiosk; one long past does not.
  const auto booked = f.request(f.slots[0].start, person("Josiane"));
  REQUIRE(request_help(f.db, booked, Actor{}, escale::now()).ok());
  CivilDate old_day = add_days(paris_civil_date(escale::now()), -5);
  while (is_french_public_holiday(old_day)) old_day = add_days(old_day, -1);
  const Instant old_start = from_paris(old_day.year, old_day.month, old_day.day, 9, 30);  // a slot: 08:00 + 2 × 45 min
  const auto old = f.request(old_start, person("Gérard"));
  REQUIRE(request_help(f.db, old, Actor{}, old_start - std::chrono::hours(24)).ok());
  const auto pulled = f.push({}, f.entrance, changed.cursor);
  CHECK(find_in(pulled.appointments, booked.appointment_id) != nullptr);
  CHECK(find_in(pulled.appointments, old.appointment_id) == nullptr);
}

// Issue 19: kiosks not yet upgraded (and events queued in an outbox before
// the upgrade) keep sending the codes of before schema 10; the server stores
// La Coop's codes, keeps the redirection's text, and a resend is a duplicate.
TEST_CASE("ingest agenda: an older kiosk's activity record is stored in La Coop's codes", "[ingest_agenda][coop]") {
  IngestAgenda f;
  // The JSON an older kiosk writes: no redirection_detail, the old codes.
  nlohmann::json old = {{"id", make_uuid_v4()},
                        {"mediator_id", f.nadia},
                        {"appointment_id", ""},
                        {"participant_id", ""},
                        {"collective", false},
                        {"date", to_iso_date(f.tomorrow)},
                        {"duration_min", 30},
                        {"place", "a_domicile"},
                        {"place_insee", "21425"},
                        {"equipment", {"telephone"}},
                        {"themes", {"email"}},
                        {"autonomy", "autonome"},
                        {"redirection", "Mairie ou CCAS"},
                        {"age_bracket", "plus_de_70_ans"},
                        {"social_status", "retraite"},
                        {"gender", "feminin"},
                        {"home_insee", nullptr},
                        {"anonymous", true},
                        {"participants", 1},
                        {"workshop_title", ""},
                        {"level", ""},
                        {"note", ""},
                        {"recorded_at", to_iso_utc(escale::now())}};
  const auto r = sync::detail::decode_activity(old, "event.activity");
  const auto event = by(activity_event(r), f.nadia);
  check_ack(f.push({event}, f.entrance).acks[0], event, AckStatus::Stored);
  const auto stored = find_activity(f.db, r.id);
  REQUIRE(stored.has_value());
  CHECK(stored->place == "domicile");
  CHECK(stored->age_bracket == "soixante_dix_plus");
  CHECK(stored->redirection == std::optional<std::string>("administration"));
  CHECK(stored->redirection_detail == std::optional<std::string>("Mairie ou CCAS"));
  CHECK(stored->place_insee == std::optional<std::string>("21425"));
  // Sent again as the outbox had it: a duplicate, nothing changed.
  const auto again = by(activity_event(r), f.nadia);
  check_ack(f.push({again}, f.entrance).acks[0], again, AckStatus::Duplicate);
  CHECK(find_activity(f.db, r.id) == stored);
  // A code neither old nor new: rejected with what is wrong.
  old["id"] = make_uuid_v4();
  old["age_bracket"] = "de_18_a_25_ans";
  const auto wrong = by(activity_event(sync::detail::decode_activity(old, "event.activity")), f.nadia);
  check_ack(f.push({wrong}, f.entrance).acks[0], wrong, AckStatus::Rejected, "tranche d’âge inconnue");
  CHECK_FALSE(find_activity(f.db, old["id"].get<std::string>()).has_value());
}
