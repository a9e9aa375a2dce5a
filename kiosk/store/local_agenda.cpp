// The kiosk's copy of its site's help agenda (part of LocalStore; see
// local_store.hpp). The agenda (types, hours, exceptions) is small and sent
// whole: it is kept as one JSON document. Appointments are kept as the JSON
// the server sends (no phones), indexed by their times.
#include <nlohmann/json.hpp>

#include "domain/uuid.hpp"
#include "store/local_store.hpp"
#include "sync/agenda_json.hpp"
#include "sync/json_fields.hpp"

namespace escale::kiosk {

const std::string_view kLocalAgendaSchema = R"sql(
CREATE TABLE help_agenda (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT NOT NULL  -- the sync protocol's help_agenda object
) STRICT;

CREATE TABLE appointments (
  id       TEXT PRIMARY KEY,
  start_at TEXT NOT NULL,
  end_at   TEXT NOT NULL,
  pending  INTEGER NOT NULL DEFAULT 0,  -- changed here, not yet confirmed by the server
  body     TEXT NOT NULL                -- the sync protocol's appointment object (no phones)
) STRICT;
CREATE INDEX appointments_start ON appointments(start_at);
)sql";

namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<sync::AppointmentRecord> decode_row(const std::string& body) {
  try {
    const json j = json::parse(body);
    return sync::detail::decode_appointment(j, "appointment");
  } catch (const std::exception&) {
    return std::nullopt;
  } catch (const sync::detail::DecodeError&) {
    return std::nullopt;
  }
}

}  // namespace

sync::HelpAgenda LocalStore::help_agenda() {
  auto st = db_.prepare("SELECT body FROM help_agenda WHERE id = 1");
  sync::HelpAgenda out;
  if (!st.step()) return out;
  try {
    out = sync::detail::decode_help_agenda(json::parse(st.text(0)), "help_agenda");
  } catch (const std::exception&) {
    return {};
  } catch (const sync::detail::DecodeError&) {
    return {};
  }
  // The kiosk knows one site: its own.
  const auto site_row = site();
  const std::int64_t site_id = site_row ? site_row->id : 0;
  for (auto& t : out.types) t.site_id = site_id;
  for (auto& h : out.hours) h.site_id = site_id;
  for (auto& e : out.exceptions) e.site_id = site_id;
  return out;
}

std::vector<sync::AppointmentRecord> LocalStore::appointments_between(Instant from, Instant to) {
  auto st = db_.prepare("SELECT body FROM appointments WHERE start_at < ? AND end_at > ? ORDER BY start_at, id");
  st.bind_all(to_iso_utc(to), to_iso_utc(from));
  std::vector<sync::AppointmentRecord> out;
  const auto site_row = site();
  while (st.step()) {
    if (auto rec = decode_row(st.text(0))) {
      if (site_row) rec->appointment.site_id = site_row->id;
      out.push_back(std::move(*rec));
    }
  }
  return out;
}

std::optional<sync::AppointmentRecord> LocalStore::find_appointment(const std::string& id) {
  auto st = db_.prepare("SELECT body FROM appointments WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto rec = decode_row(st.text(0));
  if (rec) {
    if (const auto site_row = site()) rec->appointment.site_id = site_row->id;
  }
  return rec;
}

std::optional<bool> LocalStore::appointment_pending(const std::string& id) {
  auto st = db_.prepare("SELECT pending FROM appointments WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return st.int64(0) != 0;
}

void LocalStore::store_appointment(const sync::AppointmentRecord& rec, bool pending) {
  db_.prepare(
         "INSERT INTO appointments (id, start_at, end_at, pending, body) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT(id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at, "
         "pending = excluded.pending, body = excluded.body")
      .bind_all(rec.appointment.id, to_iso_utc(rec.appointment.start), to_iso_utc(rec.appointment.end()),
                pending ? 1 : 0, dump(sync::detail::encode_appointment(rec)))
      .run();
}

void LocalStore::record_help_request(const mediation::Appointment& a, const mediation::Participant& p, bool join,
                                     Instant at, std::optional<std::int64_t> by) {
  store::Transaction tx(db_);
  sync::AppointmentRecord rec;
  rec.appointment = a;
  for (auto& q : rec.appointment.participants) {
    q.phone.reset();  // never kept here
    q.email.reset();
  }
  store_appointment(rec, /*pending=*/true);
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::HelpRequest;
  e.at = at;
  e.appointment_id = a.id;
  e.type_id = a.type_id;
  e.mediator_id = a.mediator_id;
  if (!join) e.start = a.start;
  e.participant = p;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

void LocalStore::record_participant_status(const std::string& appointment_id, const std::string& participant_id,
                                           mediation::ParticipantStatus status, Instant at, std::int64_t by) {
  store::Transaction tx(db_);
  if (auto rec = find_appointment(appointment_id)) {
    for (auto& q : rec->appointment.participants) {
      if (q.id == participant_id) q.status = status;
    }
    store_appointment(*rec, /*pending=*/true);
  }
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::ParticipantStatusChange;
  e.at = at;
  e.appointment_id = appointment_id;
  e.participant_id = participant_id;
  e.participant_status = status;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

void LocalStore::record_activity(const mediation::ActivityRecord& r, Instant at, std::int64_t by) {
  store::Transaction tx(db_);
  if (!r.appointment_id.empty()) {
    if (auto rec = find_appointment(r.appointment_id)) {
      if (r.participant_id.empty())
        rec->recorded = true;
      else
        rec->recorded_participants.push_back(r.participant_id);
      store_appointment(*rec, /*pending=*/true);
    }
  }
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::ActivityRecorded;
  e.at = at;
  e.activity = r;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

void LocalStore::forget_refused_help_request(const std::string& event_id) {
  auto st = db_.prepare("SELECT body FROM outbox WHERE event_id = ? AND type = 'help_request'");
  st.bind(1, event_id);
  if (!st.step()) return;
  const auto event = sync::decode_event(st.text(0));
  if (!event || !event->appointment_id || !event->participant) return;
  auto rec = find_appointment(*event->appointment_id);
  if (!rec) return;
  if (event->start) {
    // An individual request made here: the whole appointment is refused.
    rec->appointment.cancelled = true;
    rec->refusal = mediation::HelpRefusal::InvalidRequest;
  }
  for (auto& p : rec->appointment.participants) {
    if (p.id == event->participant->id) {
      p.status = mediation::ParticipantStatus::Revoked;
      p.waiting = false;
    }
  }
  store_appointment(*rec, /*pending=*/false);
}

void LocalStore::apply_agenda(const sync::SyncResponse& r) {
  if (r.help_agenda) {
    db_.prepare("INSERT OR REPLACE INTO help_agenda (id, body) VALUES (1, ?)")
        .bind(1, dump(sync::detail::encode_help_agenda(*r.help_agenda)))
        .run();
  }
  // The server's word replaces the kiosk's (a pending request becomes placed or refused).
  for (const auto& rec : r.appointments) store_appointment(rec, /*pending=*/false);
  // Appointments ended more than a day ago are of no use here any more;
  // pending ones stay until the server answers.
  db_.prepare("DELETE FROM appointments WHERE end_at < ? AND pending = 0")
      .bind(1, to_iso_utc(r.server_time - std::chrono::hours(24)))
      .run();
}

}  // namespace escale::kiosk
