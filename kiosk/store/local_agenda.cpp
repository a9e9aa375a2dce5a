// The kiosk's copy of its site's help agenda (part of LocalStore; see
// local_store.hpp). The agenda (types, hours, exceptions) is small and sent
// whole: it is kept as one JSON document. Appointments are kept as the JSON
// the server sends (no phones), indexed by their times.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "domain/uuid.hpp"
#include "store/local_store.hpp"
#include "sync/agenda_json.hpp"
#include "sync/json_fields.hpp"
#include "text/log_text.hpp"

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

// A stored JSON document decoded with the sync protocol's strict reader, or
// why it cannot be.
template <typename T, typename Decode>
Result<T> decode_stored(const std::string& body, const char* where, Decode decode) {
  try {
    return decode(json::parse(body), where);
  } catch (const sync::detail::DecodeError& e) {
    return Error{e.message};
  } catch (const std::exception& e) {
    return Error{e.what()};
  }
}

}  // namespace

// A row this kiosk cannot read (written by another version, or damaged) is
// refused: it is not shown nor counted in the free slots, and the log says
// which and why, once per row (the screens read the agenda often).
std::optional<sync::AppointmentRecord> LocalStore::decode_appointment_row(const std::string& id,
                                                                          const std::string& body) {
  auto rec = decode_stored<sync::AppointmentRecord>(
      body, "appointment", [](const json& j, const char* where) { return sync::detail::decode_appointment(j, where); });
  if (rec) return std::move(*rec);
  if (reported_rows_.insert("appointment:" + id).second) {
    spdlog::error("local agenda: appointment {} cannot be decoded ({}); it is left out of the agenda",
                  log_text(id, 200), log_text(rec.error(), 200));
  }
  return std::nullopt;
}

sync::HelpAgenda LocalStore::help_agenda() {
  auto st = db_.prepare("SELECT body FROM help_agenda WHERE id = 1");
  sync::HelpAgenda out;
  if (!st.step()) return out;
  auto decoded = decode_stored<sync::HelpAgenda>(st.text(0), "help_agenda", [](const json& j, const char* where) {
    return sync::detail::decode_help_agenda(j, where);
  });
  if (!decoded) {
    // Without its agenda the kiosk offers no help slot (rather than wrong ones).
    if (reported_rows_.insert("help_agenda").second) {
      spdlog::error(
          "local agenda: the site's help agenda cannot be decoded ({}); no help slot is offered until the "
          "server sends it again",
          log_text(decoded.error(), 200));
    }
    return {};
  }
  out = std::move(*decoded);
  // The kiosk knows one site: its own.
  const auto site_row = site();
  const std::int64_t site_id = site_row ? site_row->id : 0;
  for (auto& t : out.types) t.site_id = site_id;
  for (auto& h : out.hours) h.site_id = site_id;
  for (auto& e : out.exceptions) e.site_id = site_id;
  return out;
}

std::vector<sync::AppointmentRecord> LocalStore::appointments_between(Instant from, Instant to) {
  auto st = db_.prepare("SELECT id, body FROM appointments WHERE start_at < ? AND end_at > ? ORDER BY start_at, id");
  st.bind_all(to_iso_utc(to), to_iso_utc(from));
  std::vector<sync::AppointmentRecord> out;
  const auto site_row = site();
  while (st.step()) {
    if (auto rec = decode_appointment_row(st.text(0), st.text(1))) {
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
  auto rec = decode_appointment_row(id, st.text(0));
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
  if (!event) {
    spdlog::error("outbox: refused help request {} cannot be decoded ({}); its appointment stays as it is",
                  log_text(event_id, 200), log_text(event.error(), 200));
    return;
  }
  if (!event->appointment_id || !event->participant) return;
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
