// The help agenda's store. Each write: BEGIN IMMEDIATE, read what the rule
// needs, check with the shared rules, write, change log, audit log.
#include "store/agenda.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/uuid.hpp"
#include "store/changes.hpp"
#include "store/members.hpp"
#include "store/reminders.hpp"
#include "store/sites.hpp"

namespace escale::server {
namespace {

using mediation::Appointment;
using mediation::AppointmentType;
using mediation::HelpException;
using mediation::HelpHours;
using mediation::HelpRefusal;
using mediation::Participant;
using mediation::ParticipantStatus;

// Appointments are looked at this many days before the first day asked:
// none lasts longer than a day.
constexpr int kLookBehindDays = 1;

std::string join_topics(const std::vector<mediation::HelpTopic>& topics) {
  std::string out;
  for (auto t : topics) {
    if (!out.empty()) out += '|';
    out += mediation::to_string(t);
  }
  return out;
}

std::vector<mediation::HelpTopic> split_topics(const std::string& text) {
  std::vector<mediation::HelpTopic> out;
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const auto bar = text.find('|', pos);
    const auto piece = text.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
    if (auto t = mediation::parse_help_topic(piece)) out.push_back(*t);
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}

Instant instant_column(const store::Statement& st, int col) {
  return parse_iso_utc(st.text(col)).value_or(Instant{});
}

constexpr std::string_view kTypeColumns =
    "id, site_id, name, duration_min, collective, capacity, level, place, min_delay_min, max_delay_days, active, "
    "name_en";

AppointmentType read_type(const store::Statement& st) {
  AppointmentType t;
  t.id = st.int64(0);
  t.site_id = st.int64(1);
  t.name = st.text(2);
  t.duration = std::chrono::minutes(st.int64(3));
  t.collective = st.int64(4) != 0;
  t.capacity = st.int32(5);
  t.level = mediation::parse_workshop_level(st.text(6)).value_or(mediation::WorkshopLevel::None);
  t.place = mediation::parse_place_kind(st.text(7)).value_or(mediation::PlaceKind::OnSite);
  t.min_delay = std::chrono::minutes(st.int64(8));
  t.max_delay_days = st.int32(9);
  t.active = st.int64(10) != 0;
  t.name_en = st.text(11);
  return t;
}

constexpr std::string_view kAppointmentColumns =
    "id, site_id, type_id, mediator_id, start_at, end_at, collective, capacity, title, level, place, cancelled, "
    "refusal, title_en";

Appointment read_appointment(const store::Statement& st) {
  Appointment a;
  a.id = st.text(0);
  a.site_id = st.int64(1);
  a.type_id = st.int64(2);
  a.mediator_id = st.int64(3);
  a.start = instant_column(st, 4);
  a.duration = std::chrono::duration_cast<std::chrono::minutes>(instant_column(st, 5) - a.start);
  a.collective = st.int64(6) != 0;
  a.capacity = st.int32(7);
  a.title = st.text(8);
  a.level = mediation::parse_workshop_level(st.text(9)).value_or(mediation::WorkshopLevel::None);
  a.place = mediation::parse_place_kind(st.text(10)).value_or(mediation::PlaceKind::OnSite);
  a.cancelled = st.int64(11) != 0;
  a.title_en = st.text(13);
  return a;
}

std::vector<Participant> load_participants(store::Database& db, const std::string& appointment_id) {
  auto st = db.cached(
      "SELECT id, member_id, first_name, phone, email, reminders, topics, status, waiting, added_at "
      "FROM participants WHERE appointment_id = ? ORDER BY added_at, id");
  st.bind(1, appointment_id);
  std::vector<Participant> out;
  while (st.step()) {
    Participant p;
    p.id = st.text(0);
    p.member_id = st.optional_int64(1);
    p.first_name = st.text(2);
    p.phone = st.optional_text(3);
    p.email = st.optional_text(4);
    p.reminders = st.int64(5) != 0;
    p.topics = split_topics(st.text(6));
    p.status = mediation::parse_participant_status(st.text(7)).value_or(ParticipantStatus::Unknown);
    p.waiting = st.int64(8) != 0;
    p.added_at = instant_column(st, 9);
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<Appointment> load_appointment(store::Database& db, const std::string& id,
                                            std::optional<HelpRefusal>* refusal = nullptr) {
  auto st = db.cached("SELECT " + std::string(kAppointmentColumns) + " FROM appointments WHERE id = ?");
  st.bind(1, id);
  std::optional<Appointment> out;
  if (st.step()) {
    out = read_appointment(st);
    if (refusal) {
      auto code = st.optional_text(12);
      *refusal = code ? mediation::parse_help_refusal(*code) : std::nullopt;
    }
  }
  st.reset();
  if (out) out->participants = load_participants(db, out->id);
  return out;
}

std::vector<Appointment> site_appointments(store::Database& db, std::int64_t site_id, const CivilDate& first,
                                           const CivilDate& last, bool include_refused,
                                           std::optional<std::int64_t> mediator_id = std::nullopt) {
  AppointmentQuery q;
  q.site_id = site_id;
  q.mediator_id = mediator_id;
  q.from = first;
  q.to = last;
  q.include_refused = include_refused;
  return list_appointments(db, q);
}

std::vector<HelpHours> site_hours_list(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare(
      "SELECT id, site_id, mediator_id, weekday, start_minute, end_minute, from_date, until_date FROM help_hours "
      "WHERE site_id = ? ORDER BY weekday, start_minute, id");
  st.bind(1, site_id);
  std::vector<HelpHours> out;
  while (st.step()) {
    HelpHours h;
    h.id = st.int64(0);
    h.site_id = st.int64(1);
    h.mediator_id = st.int64(2);
    h.weekday = st.int32(3);
    h.start_minute = st.int32(4);
    h.end_minute = st.int32(5);
    if (auto f = st.optional_text(6)) h.from = parse_iso_date(*f);
    if (auto u = st.optional_text(7)) h.until = parse_iso_date(*u);
    out.push_back(h);
  }
  return out;
}

std::vector<HelpException> site_exceptions(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare(
      "SELECT id, site_id, mediator_id, first_date, last_date, reason FROM help_exceptions WHERE site_id = ? "
      "ORDER BY first_date, id");
  st.bind(1, site_id);
  std::vector<HelpException> out;
  while (st.step()) {
    HelpException e;
    e.id = st.int64(0);
    e.site_id = st.int64(1);
    e.mediator_id = st.optional_int64(2);
    e.first = parse_iso_date(st.text(3)).value_or(CivilDate{});
    e.last = parse_iso_date(st.text(4)).value_or(CivilDate{});
    e.reason = st.text(5);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<AppointmentType> site_types(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare("SELECT " + std::string(kTypeColumns) + " FROM appointment_types WHERE site_id = ? ORDER BY id");
  st.bind(1, site_id);
  std::vector<AppointmentType> out;
  while (st.step()) out.push_back(read_type(st));
  return out;
}

std::optional<std::string> check_mediator(store::Database& db, std::int64_t site_id, std::int64_t mediator_id) {
  auto m = find_member(db, mediator_id);
  if (!m) return "Aucun membre actif n’a le numéro " + std::to_string(mediator_id) + ".";
  if (!m->has_role(Role::Mediator)) {
    return m->display_name() + " n’a pas le rôle de médiateur : donnez-lui d’abord le rôle « mediator ».";
  }
  if (m->site_id != site_id) {
    return m->display_name() + " est rattaché à un autre tiers-lieu (n° " + std::to_string(m->site_id) + ").";
  }
  return std::nullopt;
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void audit_agenda(store::Database& db, const Actor& actor, std::int64_t site_id, std::string_view action,
                  const std::string& subject, const nlohmann::json& detail) {
  audit(db, actor, site_id, action, subject, dump(detail));
}

void write_participant(store::Database& db, const std::string& appointment_id, const Participant& p, Instant now) {
  db.prepare(
        "INSERT INTO participants (id, appointment_id, member_id, first_name, phone, email, reminders, topics, "
        "status, waiting, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(p.id, appointment_id, p.member_id, p.first_name, p.phone, p.email, p.reminders ? 1 : 0,
                join_topics(p.topics), mediation::to_string(p.status), p.waiting ? 1 : 0, to_iso_utc(p.added_at),
                to_iso_utc(now))
      .run();
}

void update_participant_state(store::Database& db, const Participant& p, Instant now) {
  db.prepare("UPDATE participants SET status = ?, waiting = ?, updated_at = ? WHERE id = ?")
      .bind_all(mediation::to_string(p.status), p.waiting ? 1 : 0, to_iso_utc(now), p.id)
      .run();
}

void write_appointment(store::Database& db, const Appointment& a, std::optional<HelpRefusal> refusal,
                       const Actor& actor, Instant now) {
  db.prepare(
        "INSERT INTO appointments (id, site_id, type_id, mediator_id, start_at, end_at, local_date, collective, "
        "capacity, title, level, place, cancelled, refusal, kiosk_id, created_at, updated_at, title_en) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(a.id, a.site_id, a.type_id, a.mediator_id, to_iso_utc(a.start), to_iso_utc(a.end()),
                paris_date(a.start), a.collective ? 1 : 0, a.capacity, a.title, mediation::to_string(a.level),
                mediation::to_string(a.place), a.cancelled ? 1 : 0,
                refusal ? std::optional<std::string>(std::string(mediation::to_string(*refusal))) : std::nullopt,
                actor.kiosk_id, to_iso_utc(now), to_iso_utc(now), a.title_en)
      .run();
}

void touch_appointment(store::Database& db, const Appointment& a, Instant now) {
  db.prepare("UPDATE appointments SET cancelled = ?, updated_at = ? WHERE id = ?")
      .bind_all(a.cancelled ? 1 : 0, to_iso_utc(now), a.id)
      .run();
  record_change(db, a.site_id, Entity::Appointment, a.id);
}

// Checks and normalises what a person gave: a French phone, reminders only
// with a way to reach them. nullopt when fine.
std::optional<HelpRefusal> clean_participant(Participant& p, Instant now) {
  if (!is_valid_uuid(p.id)) return HelpRefusal::InvalidRequest;
  if (p.phone) {
    auto e164 = mediation::normalise_phone(*p.phone);
    if (!e164) return HelpRefusal::InvalidPhone;
    p.phone = *e164;
  }
  if (p.email && (p.email->find('@') == std::string::npos || p.email->size() > 254)) {
    return HelpRefusal::InvalidRequest;
  }
  if (!p.phone && !p.email) p.reminders = false;
  if (p.first_name.size() > 100) p.first_name.resize(100);
  p.status = ParticipantStatus::Unknown;
  p.waiting = false;
  if (p.added_at == Instant{}) p.added_at = now;
  return std::nullopt;
}

// Where the participant already is (idempotency): their appointment's id.
std::optional<std::string> appointment_of_participant(store::Database& db, const std::string& participant_id) {
  auto st = db.cached("SELECT appointment_id FROM participants WHERE id = ?");
  st.bind(1, participant_id);
  std::optional<std::string> out;
  if (st.step()) out = st.text(0);
  return out;
}

HelpOutcome refused(HelpRefusal r) {
  HelpOutcome o;
  o.refusal = r;
  return o;
}

nlohmann::json participant_detail(const Participant& p) {
  // The audit log names no one: member numbers and participant ids only.
  return {{"participant", p.id},
          {"member_id", p.member_id ? nlohmann::json(*p.member_id) : nlohmann::json(nullptr)},
          {"status", mediation::to_string(p.status)},
          {"waiting", p.waiting}};
}

// Is the mediator of `a` busy with another appointment during it (a
// workshop, or someone holding a seat)?
bool mediator_busy(store::Database& db, const Appointment& a) {
  const CivilDate day = paris_civil_date(a.start);
  for (const auto& other :
       site_appointments(db, a.site_id, add_days(day, -kLookBehindDays), day, false, a.mediator_id)) {
    if (other.id == a.id || other.cancelled) continue;
    const bool busy = other.collective ||
                      std::any_of(other.participants.begin(), other.participants.end(),
                                  [](const Participant& q) { return mediation::holds_seat(q.status) && !q.waiting; });
    if (busy && overlaps(a.start, a.end(), other.start, other.end())) return true;
  }
  return false;
}

// The core of request_help; `store_refusal` keeps a refused individual intent.
HelpOutcome place_request(store::Database& db, const HelpRequest& request, const Actor& actor, Instant now,
                          bool store_refusal) {
  store::Transaction tx(db);
  Participant p = request.participant;
  // A repeated request (the kiosk re-sent it): what is stored.
  if (auto existing = appointment_of_participant(db, p.id)) {
    HelpOutcome o;
    std::optional<HelpRefusal> refusal;
    o.appointment = load_appointment(db, *existing, &refusal);
    o.refusal = refusal;
    return o;
  }
  if (auto bad = clean_participant(p, now)) return refused(*bad);
  if (p.member_id) {
    auto m = find_member(db, *p.member_id);
    if (!m) return refused(HelpRefusal::InvalidRequest);
  }

  // Joining an existing workshop.
  if (!request.start) {
    auto workshop = load_appointment(db, request.appointment_id);
    if (!workshop || workshop->site_id != request.site_id || !workshop->collective)
      return refused(HelpRefusal::UnknownAppointment);
    if (workshop->cancelled) return refused(HelpRefusal::UnknownAppointment);
    if (workshop->start <= now) return refused(HelpRefusal::InThePast);
    mediation::join_workshop(*workshop, p);
    const Participant& added = workshop->participants.back();
    write_participant(db, workshop->id, added, now);
    if (!added.waiting) schedule_reminders(db, *workshop, added, now);
    touch_appointment(db, *workshop, now);
    audit_agenda(db, actor, workshop->site_id, "help.join", "appointment:" + workshop->id, participant_detail(added));
    tx.commit();
    HelpOutcome o;
    o.appointment = std::move(workshop);
    return o;
  }

  // An individual appointment in a free slot. What could not be a row is
  // refused without a trace: no such individual type at this site (another
  // site's, or a workshop's, which is joined rather than booked), an
  // appointment id that is not a UUID or is already used, a mediator nobody
  // is (the row names them).
  auto type = find_appointment_type(db, request.type_id);
  if (!type || type->site_id != request.site_id || type->collective) return refused(HelpRefusal::UnknownType);
  if (!is_valid_uuid(request.appointment_id) || load_appointment(db, request.appointment_id)) {
    return refused(HelpRefusal::InvalidRequest);
  }
  if (!find_member(db, request.mediator_id)) return refused(HelpRefusal::InvalidRequest);
  std::optional<HelpRefusal> refusal;
  {
    const CivilDate day = paris_civil_date(*request.start);
    const auto hours = site_hours_list(db, request.site_id);
    const auto exceptions = site_exceptions(db, request.site_id);
    const auto appointments = site_appointments(db, request.site_id, add_days(day, -kLookBehindDays), day, false);
    const mediation::AgendaView view{hours, exceptions, appointments};
    refusal = mediation::check_slot(*type, view, request.mediator_id, *request.start, now);
  }
  if (refusal && !store_refusal) return refused(*refusal);

  Appointment a;
  a.id = request.appointment_id;
  a.site_id = request.site_id;
  a.type_id = type->id;
  a.mediator_id = request.mediator_id;
  a.start = *request.start;
  a.duration = type->duration;
  a.collective = false;
  a.capacity = 1;
  a.level = mediation::WorkshopLevel::None;
  a.place = type->place;
  a.cancelled = refusal.has_value();
  if (refusal) p.status = ParticipantStatus::Revoked;
  a.participants.push_back(p);
  write_appointment(db, a, refusal, actor, now);
  write_participant(db, a.id, p, now);
  if (!refusal) schedule_reminders(db, a, p, now);
  record_change(db, a.site_id, Entity::Appointment, a.id);
  audit_agenda(db, actor, a.site_id, refusal ? "help.refused" : "help.request", "appointment:" + a.id,
               {{"start", to_iso_utc(a.start)},
                {"mediator_id", a.mediator_id},
                {"type_id", a.type_id},
                {"refusal", refusal ? nlohmann::json(mediation::to_string(*refusal)) : nlohmann::json(nullptr)}});
  tx.commit();
  HelpOutcome o;
  o.appointment = std::move(a);
  o.refusal = refusal;
  return o;
}

}  // namespace

//-----------------------------------------------------------------------------
// The site's agenda
//-----------------------------------------------------------------------------

Result<std::int64_t> add_appointment_type(store::Database& db, const AppointmentType& t, const Actor& actor) {
  if (auto problem = mediation::validate(t)) return Error{*problem};
  if (!find_site(db, t.site_id)) return Error{"Aucun tiers-lieu n’a le numéro " + std::to_string(t.site_id) + "."};
  store::Transaction tx(db);
  {
    auto dup = db.prepare("SELECT 1 FROM appointment_types WHERE site_id = ? AND name = ?");
    dup.bind_all(t.site_id, t.name);
    if (dup.step())
      return Error{"Ce tiers-lieu a déjà un type de rendez-vous « " + t.name + " » : choisissez un autre nom."};
  }
  db.prepare(
        "INSERT INTO appointment_types (site_id, name, duration_min, collective, capacity, level, place, "
        "min_delay_min, max_delay_days, active, name_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(t.site_id, t.name, static_cast<std::int64_t>(t.duration.count()), t.collective ? 1 : 0,
                t.collective ? t.capacity : 1, mediation::to_string(t.level), mediation::to_string(t.place),
                static_cast<std::int64_t>(t.min_delay.count()), t.max_delay_days, t.active ? 1 : 0, t.name_en)
      .run();
  const std::int64_t id = db.last_insert_rowid();
  record_change(db, t.site_id, Entity::HelpAgenda, std::to_string(t.site_id));
  audit_agenda(db, actor, t.site_id, "agenda.type_add", "appointment_type:" + std::to_string(id),
               {{"name", t.name}, {"duration_min", t.duration.count()}, {"collective", t.collective}});
  tx.commit();
  return id;
}

Result<std::int64_t> set_appointment_type_active(store::Database& db, std::int64_t type_id, bool active,
                                                 const Actor& actor) {
  store::Transaction tx(db);
  auto t = find_appointment_type(db, type_id);
  if (!t) return Error{"Aucun type de rendez-vous n’a le numéro " + std::to_string(type_id) + "."};
  db.prepare("UPDATE appointment_types SET active = ? WHERE id = ?").bind_all(active ? 1 : 0, type_id).run();
  record_change(db, t->site_id, Entity::HelpAgenda, std::to_string(t->site_id));
  audit_agenda(db, actor, t->site_id, active ? "agenda.type_on" : "agenda.type_off",
               "appointment_type:" + std::to_string(type_id), nlohmann::json::object());
  tx.commit();
  return type_id;
}

Result<std::int64_t> add_help_hours(store::Database& db, const HelpHours& h, const Actor& actor) {
  if (auto problem = mediation::validate(h)) return Error{*problem};
  if (!find_site(db, h.site_id)) return Error{"Aucun tiers-lieu n’a le numéro " + std::to_string(h.site_id) + "."};
  if (auto problem = check_mediator(db, h.site_id, h.mediator_id)) return Error{*problem};
  store::Transaction tx(db);
  for (const auto& other : site_hours_list(db, h.site_id)) {
    const bool same_days = other.mediator_id == h.mediator_id && other.weekday == h.weekday;
    const bool overlap = other.start_minute < h.end_minute && h.start_minute < other.end_minute;
    const bool periods_meet = (!other.until || !h.from || !(*other.until < *h.from)) &&
                              (!h.until || !other.from || !(*h.until < *other.from));
    if (same_days && overlap && periods_meet) {
      return Error{"Ces heures chevauchent une permanence déjà prévue ce jour-là (n° " + std::to_string(other.id) +
                   ") : supprimez-la ou choisissez d’autres heures."};
    }
  }
  db.prepare(
        "INSERT INTO help_hours (site_id, mediator_id, weekday, start_minute, end_minute, from_date, until_date) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(h.site_id, h.mediator_id, h.weekday, h.start_minute, h.end_minute,
                h.from ? std::optional<std::string>(to_iso_date(*h.from)) : std::nullopt,
                h.until ? std::optional<std::string>(to_iso_date(*h.until)) : std::nullopt)
      .run();
  const std::int64_t id = db.last_insert_rowid();
  record_change(db, h.site_id, Entity::HelpAgenda, std::to_string(h.site_id));
  audit_agenda(db, actor, h.site_id, "agenda.hours_add", "help_hours:" + std::to_string(id),
               {{"mediator_id", h.mediator_id},
                {"weekday", h.weekday},
                {"start_minute", h.start_minute},
                {"end_minute", h.end_minute}});
  tx.commit();
  return id;
}

Result<std::int64_t> add_help_exception(store::Database& db, const HelpException& e, const Actor& actor) {
  if (auto problem = mediation::validate(e)) return Error{*problem};
  if (!find_site(db, e.site_id)) return Error{"Aucun tiers-lieu n’a le numéro " + std::to_string(e.site_id) + "."};
  if (e.mediator_id) {
    if (auto problem = check_mediator(db, e.site_id, *e.mediator_id)) return Error{*problem};
  }
  store::Transaction tx(db);
  db.prepare("INSERT INTO help_exceptions (site_id, mediator_id, first_date, last_date, reason) VALUES (?, ?, ?, ?, ?)")
      .bind_all(e.site_id, e.mediator_id, to_iso_date(e.first), to_iso_date(e.last), e.reason)
      .run();
  const std::int64_t id = db.last_insert_rowid();
  record_change(db, e.site_id, Entity::HelpAgenda, std::to_string(e.site_id));
  audit_agenda(db, actor, e.site_id, "agenda.exception_add", "help_exception:" + std::to_string(id),
               {{"first", to_iso_date(e.first)}, {"last", to_iso_date(e.last)}});
  tx.commit();
  return id;
}

namespace {
bool remove_agenda_row(store::Database& db, std::string_view table, std::int64_t id, const Actor& actor) {
  store::Transaction tx(db);
  auto st = db.prepare("SELECT site_id FROM " + std::string(table) + " WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return false;
  const std::int64_t site_id = st.int64(0);
  db.prepare("DELETE FROM " + std::string(table) + " WHERE id = ?").bind(1, id).run();
  record_change(db, site_id, Entity::HelpAgenda, std::to_string(site_id));
  audit_agenda(db, actor, site_id, "agenda.remove", std::string(table) + ":" + std::to_string(id),
               nlohmann::json::object());
  tx.commit();
  return true;
}
}  // namespace

bool remove_help_hours(store::Database& db, std::int64_t id, const Actor& actor) {
  return remove_agenda_row(db, "help_hours", id, actor);
}

bool remove_help_exception(store::Database& db, std::int64_t id, const Actor& actor) {
  return remove_agenda_row(db, "help_exceptions", id, actor);
}

sync::HelpAgenda help_agenda(store::Database& db, std::int64_t site_id) {
  sync::HelpAgenda a;
  a.types = site_types(db, site_id);
  a.hours = site_hours_list(db, site_id);
  a.exceptions = site_exceptions(db, site_id);
  auto st = db.prepare("SELECT phone FROM site_mediation WHERE site_id = ?");
  st.bind(1, site_id);
  if (st.step()) a.contact_phone = st.text(0);
  return a;
}

std::optional<AppointmentType> find_appointment_type(store::Database& db, std::int64_t type_id) {
  auto st = db.cached("SELECT " + std::string(kTypeColumns) + " FROM appointment_types WHERE id = ?");
  st.bind(1, type_id);
  std::optional<AppointmentType> out;
  if (st.step()) out = read_type(st);
  return out;
}

//-----------------------------------------------------------------------------
// Appointments
//-----------------------------------------------------------------------------

HelpOutcome request_help(store::Database& db, const HelpRequest& request, const Actor& actor, Instant now) {
  return place_request(db, request, actor, now, /*store_refusal=*/false);
}

HelpOutcome request_help_or_refuse(store::Database& db, const HelpRequest& request, const Actor& actor, Instant now) {
  return place_request(db, request, actor, now, /*store_refusal=*/true);
}

HelpOutcome schedule_workshop(store::Database& db, const WorkshopRequest& request, const Actor& actor, Instant now) {
  store::Transaction tx(db);
  auto type = find_appointment_type(db, request.type_id);
  if (!type || !type->active || !type->collective) return refused(HelpRefusal::UnknownType);
  if (!is_valid_uuid(request.appointment_id) || load_appointment(db, request.appointment_id))
    return refused(HelpRefusal::InvalidRequest);
  if (check_mediator(db, type->site_id, request.mediator_id)) return refused(HelpRefusal::InvalidRequest);
  if (request.start <= now) return refused(HelpRefusal::InThePast);
  Appointment a;
  a.id = request.appointment_id;
  a.site_id = type->site_id;
  a.type_id = type->id;
  a.mediator_id = request.mediator_id;
  a.start = request.start;
  a.duration = request.duration.value_or(type->duration);
  if (a.duration <= std::chrono::minutes{0} || a.duration > std::chrono::hours{8})
    return refused(HelpRefusal::InvalidRequest);
  a.collective = true;
  a.capacity = request.capacity.value_or(type->capacity);
  if (a.capacity < 1 || a.capacity > 100) return refused(HelpRefusal::InvalidRequest);
  a.title = request.title.empty() ? type->name : request.title;
  // English: the one given with the title, or the type's with its name.
  a.title_en = request.title.empty() ? type->name_en : request.title_en;
  a.level = type->level;
  a.place = type->place;
  // The mediator cannot hold a workshop while busy with someone else.
  if (mediator_busy(db, a)) return refused(HelpRefusal::Taken);
  write_appointment(db, a, std::nullopt, actor, now);
  record_change(db, a.site_id, Entity::Appointment, a.id);
  audit_agenda(db, actor, a.site_id, "help.workshop", "appointment:" + a.id,
               {{"start", to_iso_utc(a.start)}, {"title", a.title}, {"capacity", a.capacity}});
  tx.commit();
  HelpOutcome o;
  o.appointment = std::move(a);
  return o;
}

HelpOutcome set_participant_status(store::Database& db, const std::string& appointment_id,
                                   const std::string& participant_id, ParticipantStatus status, const Actor& actor,
                                   Instant now) {
  store::Transaction tx(db);
  auto a = load_appointment(db, appointment_id);
  if (!a) return refused(HelpRefusal::UnknownAppointment);
  auto it = std::find_if(a->participants.begin(), a->participants.end(),
                         [&](const Participant& q) { return q.id == participant_id; });
  if (it == a->participants.end()) return refused(HelpRefusal::NoParticipant);
  const bool freed = mediation::holds_seat(it->status) && !mediation::holds_seat(status) && !it->waiting;
  // Back from excused, revoked or absent before the start: a seat if one is
  // free (a workshop's waiting list otherwise), and the slot only if nobody
  // took it meanwhile. Afterwards a status only says what happened.
  const bool back = !mediation::holds_seat(it->status) && mediation::holds_seat(status) && a->start > now;
  if (back && !a->collective && mediator_busy(db, *a)) return refused(HelpRefusal::Taken);
  if (back && a->collective) it->waiting = mediation::is_full(*a);
  it->status = status;
  if (!mediation::holds_seat(status)) {
    it->waiting = false;  // leaving the waiting list too
    cancel_reminders(db, it->id);
  } else if (back && !it->waiting) {
    schedule_reminders(db, *a, *it, now);
  }
  update_participant_state(db, *it, now);
  audit_agenda(db, actor, a->site_id, "help.status", "appointment:" + a->id, participant_detail(*it));
  // Only while the workshop is to come: a status recorded afterwards calls nobody in.
  if (freed && a->collective && a->start > now) {
    if (auto promoted = mediation::promote_from_waiting_list(*a)) {
      auto p = std::find_if(a->participants.begin(), a->participants.end(),
                            [&](const Participant& q) { return q.id == *promoted; });
      update_participant_state(db, *p, now);
      schedule_reminders(db, *a, *p, now);
      audit_agenda(db, actor, a->site_id, "help.promoted", "appointment:" + a->id, participant_detail(*p));
    }
  }
  touch_appointment(db, *a, now);
  tx.commit();
  HelpOutcome o;
  o.appointment = std::move(a);
  return o;
}

HelpOutcome cancel_participation(store::Database& db, const std::string& appointment_id,
                                 const std::string& participant_id, const Actor& actor, Instant now) {
  {
    auto a = find_appointment(db, appointment_id);
    if (!a) return refused(HelpRefusal::UnknownAppointment);
    if (auto r = mediation::check_participant_cancel(*a, now)) return refused(*r);
  }
  return set_participant_status(db, appointment_id, participant_id, ParticipantStatus::Excused, actor, now);
}

HelpOutcome cancel_appointment(store::Database& db, const std::string& appointment_id, const Actor& actor,
                               Instant now) {
  store::Transaction tx(db);
  auto a = load_appointment(db, appointment_id);
  if (!a) return refused(HelpRefusal::UnknownAppointment);
  if (a->cancelled) return refused(HelpRefusal::NotCancellable);
  a->cancelled = true;
  for (auto& p : a->participants) {
    if (mediation::holds_seat(p.status) || p.waiting) {
      p.status = ParticipantStatus::Revoked;
      p.waiting = false;
      update_participant_state(db, p, now);
    }
  }
  cancel_appointment_reminders(db, a->id);
  touch_appointment(db, *a, now);
  audit_agenda(db, actor, a->site_id, "help.cancel", "appointment:" + a->id, nlohmann::json::object());
  tx.commit();
  HelpOutcome o;
  o.appointment = std::move(a);
  return o;
}

std::optional<Appointment> find_appointment(store::Database& db, const std::string& id) {
  return load_appointment(db, id);
}

std::optional<sync::AppointmentRecord> appointment_record(store::Database& db, const std::string& id) {
  std::optional<HelpRefusal> refusal;
  auto a = load_appointment(db, id, &refusal);
  if (!a) return std::nullopt;
  sync::AppointmentRecord r;
  for (auto& p : a->participants) {
    p.phone.reset();
    p.email.reset();
  }
  auto st = db.prepare("SELECT participant_id FROM activities WHERE appointment_id = ?");
  st.bind(1, id);
  while (st.step()) {
    const std::string pid = st.text(0);
    if (pid.empty())
      r.recorded = true;
    else
      r.recorded_participants.push_back(pid);
  }
  r.appointment = std::move(*a);
  r.refusal = refusal;
  return r;
}

std::vector<Appointment> list_appointments(store::Database& db, const AppointmentQuery& q) {
  std::string sql = "SELECT " + std::string(kAppointmentColumns) +
                    " FROM appointments WHERE (? IS NULL OR site_id = ?) AND (? IS NULL OR mediator_id = ?)"
                    " AND (? IS NULL OR local_date >= ?) AND (? IS NULL OR local_date <= ?) AND (? OR refusal IS NULL)"
                    " ORDER BY start_at, id";
  auto st = db.prepare(sql);
  const auto from = q.from ? std::optional<std::string>(to_iso_date(*q.from)) : std::nullopt;
  const auto to = q.to ? std::optional<std::string>(to_iso_date(*q.to)) : std::nullopt;
  st.bind_all(q.site_id, q.site_id, q.mediator_id, q.mediator_id, from, from, to, to, q.include_refused ? 1 : 0);
  std::vector<Appointment> out;
  while (st.step()) out.push_back(read_appointment(st));
  for (auto& a : out) a.participants = load_participants(db, a.id);
  return out;
}

std::vector<Appointment> member_appointments(store::Database& db, std::int64_t member_id, Instant now) {
  auto st = db.prepare("SELECT " + std::string(kAppointmentColumns) +
                       " FROM appointments WHERE end_at > ? AND cancelled = 0 AND refusal IS NULL AND id IN "
                       "(SELECT appointment_id FROM participants WHERE member_id = ?) ORDER BY start_at, id");
  st.bind_all(to_iso_utc(now), member_id);
  std::vector<Appointment> out;
  while (st.step()) out.push_back(read_appointment(st));
  for (auto& a : out) a.participants = load_participants(db, a.id);
  std::erase_if(out, [&](const Appointment& a) {
    return std::none_of(a.participants.begin(), a.participants.end(), [&](const Participant& p) {
      return p.member_id == member_id && (mediation::holds_seat(p.status) || p.waiting);
    });
  });
  return out;
}

std::vector<mediation::HelpSlot> free_help_slots(store::Database& db, std::int64_t type_id, const CivilDate& first,
                                                 const CivilDate& last, Instant now) {
  auto type = find_appointment_type(db, type_id);
  if (!type) return {};
  const auto hours = site_hours_list(db, type->site_id);
  const auto exceptions = site_exceptions(db, type->site_id);
  const auto appointments = site_appointments(db, type->site_id, add_days(first, -kLookBehindDays), last, false);
  const mediation::AgendaView view{hours, exceptions, appointments};
  return mediation::free_slots(*type, view, first, last, now);
}

//-----------------------------------------------------------------------------
// Privacy
//-----------------------------------------------------------------------------

int erase_old_participants(store::Database& db, Instant before) {
  store::Transaction tx(db);
  const std::string cutoff = to_iso_utc(before);
  const std::string at = to_iso_utc(now());
  auto st = db.prepare(
      "UPDATE participants SET first_name = '', phone = NULL, email = NULL, reminders = 0, erased_at = ? "
      "WHERE erased_at IS NULL AND appointment_id IN (SELECT id FROM appointments WHERE start_at < ?)");
  st.bind_all(at, cutoff);
  st.run();
  const int erased = db.changes();
  // Notes may hold what a person said; the national model's fields stay.
  // Those of the days before, and those of the appointments just erased
  // (the cut-off may fall in the middle of a day).
  db.prepare(
        "UPDATE activities SET note = '' WHERE note <> '' AND (local_date < ? OR appointment_id IN "
        "(SELECT id FROM appointments WHERE start_at < ?))")
      .bind_all(paris_date(before), cutoff)
      .run();
  db.prepare(
        "DELETE FROM reminders WHERE participant_id IN (SELECT p.id FROM participants p "
        "JOIN appointments a ON a.id = p.appointment_id WHERE a.start_at < ?)")
      .bind(1, cutoff)
      .run();
  tx.commit();
  if (erased > 0)
    spdlog::info("retention: erased the names and contacts of {} participant(s) before {}", erased, cutoff);
  return erased;
}

}  // namespace escale::server
