// Activity records (see activities.hpp).
#include "store/activities.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/uuid.hpp"
#include "store/agenda.hpp"
#include "store/changes.hpp"
#include "store/members.hpp"
#include "store/sites.hpp"

namespace escale::server {
namespace {

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t pos = 0;
  while (true) {
    const auto bar = text.find('|', pos);
    out.push_back(text.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos));
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}

constexpr std::string_view kColumns =
    "a.id, a.site_id, a.mediator_id, a.appointment_id, a.participant_id, a.collective, a.local_date, a.duration_min, "
    "a.place, a.place_insee, a.equipment, a.themes, a.autonomy, a.redirection, a.age_bracket, a.social_status, "
    "a.gender, a.home_insee, a.anonymous, a.participants, a.workshop_title, a.level, a.note, a.recorded_at, "
    "a.redirection_detail, a.updated_at, a.partners, a.cheques";
constexpr int kColumnCount = 28;

// A record's cheque numbers, in the order they were typed.
std::vector<std::string> cheque_numbers_of(store::Database& db, const std::string& activity_id) {
  auto st = db.cached("SELECT number FROM activity_cheques WHERE activity_id = ? ORDER BY position");
  st.bind(1, activity_id);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

mediation::ActivityRecord read_activity(const store::Statement& st) {
  mediation::ActivityRecord r;
  r.id = st.text(0);
  r.site_id = st.int64(1);
  r.mediator_id = st.int64(2);
  r.appointment_id = st.text(3);
  r.participant_id = st.text(4);
  r.collective = st.int64(5) != 0;
  r.date = parse_iso_date(st.text(6)).value_or(CivilDate{});
  r.duration = std::chrono::minutes(st.int64(7));
  r.place = st.text(8);
  r.place_insee = st.optional_text(9);
  r.equipment = split(st.text(10));
  r.themes = split(st.text(11));
  r.autonomy = st.text(12);
  r.redirection = st.optional_text(13);
  r.age_bracket = st.text(14);
  r.social_status = st.text(15);
  r.gender = st.text(16);
  r.home_insee = st.optional_text(17);
  r.anonymous = st.int64(18) != 0;
  r.participants = st.int32(19);
  r.workshop_title = st.text(20);
  r.level = mediation::parse_workshop_level(st.text(21)).value_or(mediation::WorkshopLevel::None);
  r.note = st.text(22);
  r.recorded_at = parse_iso_utc(st.text(23)).value_or(Instant{});
  r.redirection_detail = st.optional_text(24);
  r.partners = split(st.text(26));
  r.cheques = st.int32(27);
  return r;
}

}  // namespace

Result<mediation::ActivityRecord> prepare_activity(store::Database& db, const mediation::ActivityRecord& input) {
  // Older kiosks and API callers may send codes of before schema 10: stored as today's.
  mediation::ActivityRecord r = mediation::with_current_codes(input);
  if (!is_valid_uuid(r.id)) return Error{"L’identifiant de la fiche doit être un UUID."};
  for (auto& number : r.cheque_numbers) number = mediation::normalise_cheque_number(number);
  if (auto problem = mediation::validate(r)) return Error{*problem};
  if (!find_site(db, r.site_id)) return Error{"Aucun tiers-lieu n’a le numéro " + std::to_string(r.site_id) + "."};
  auto mediator = find_member(db, r.mediator_id);
  if (!mediator) return Error{"Aucun membre actif n’a le numéro " + std::to_string(r.mediator_id) + "."};
  if (!mediator->has_role(Role::Mediator) || mediator->site_id != r.site_id) {
    return Error{mediator->display_name() +
                 " n’est pas médiateur de ce tiers-lieu : la fiche doit porter le nom "
                 "du médiateur qui a aidé."};
  }
  // A correction stays at its site (another site's record is not replaced)
  // and keeps the time the record was first made.
  if (auto existing = find_activity(db, r.id)) {
    if (existing->site_id != r.site_id) return Error{"Cette fiche d’activité appartient à un autre tiers-lieu."};
    r.recorded_at = existing->recorded_at;
  }
  if (!r.appointment_id.empty()) {
    auto a = find_appointment(db, r.appointment_id);
    if (!a || a->site_id != r.site_id) return Error{"Ce rendez-vous n’existe pas dans ce tiers-lieu."};
    r.collective = a->collective;
    if (a->collective) {
      r.participant_id.clear();
      if (r.workshop_title.empty()) r.workshop_title = a->title;
      if (r.level == mediation::WorkshopLevel::None) r.level = a->level;
    } else {
      if (r.participant_id.empty() && a->participants.size() == 1) r.participant_id = a->participants.front().id;
      auto it = std::find_if(a->participants.begin(), a->participants.end(),
                             [&](const mediation::Participant& p) { return p.id == r.participant_id; });
      if (it == a->participants.end()) return Error{"Cette personne ne fait pas partie de ce rendez-vous."};
      r.anonymous = mediation::is_anonymous(*it);
      r.participants = 1;
    }
  }
  // A cheque is reimbursed once: a number another record holds is refused.
  for (const auto& number : r.cheque_numbers) {
    auto st = db.cached(
        "SELECT a.local_date, s.name FROM activity_cheques c JOIN activities a ON a.id = c.activity_id "
        "JOIN sites s ON s.id = a.site_id WHERE c.number = ? AND c.activity_id <> ?");
    st.bind_all(number, r.id);
    if (st.step()) {
      return Error{"Le chèque n°\u00A0" + number + " est déjà enregistré sur la fiche du " + st.text(0) + " (" +
                   st.text(1) + ")\u202F: vérifiez le numéro, un chèque ne se compte qu’une fois."};
    }
  }
  if (r.recorded_at == Instant{}) r.recorded_at = now();
  return r;
}

Result<mediation::ActivityRecord> record_activity(store::Database& db, const mediation::ActivityRecord& input,
                                                  const Actor& actor) {
  store::Transaction tx(db);
  auto prepared = prepare_activity(db, input);
  if (!prepared) return prepared;
  const mediation::ActivityRecord& r = *prepared;
  const std::string at = to_iso_utc(now());
  db.prepare(
        "INSERT INTO activities (id, site_id, mediator_id, appointment_id, participant_id, collective, local_date, "
        "duration_min, place, place_insee, equipment, themes, autonomy, redirection, age_bracket, social_status, "
        "gender, home_insee, anonymous, participants, workshop_title, level, note, recorded_at, updated_at, "
        "redirection_detail, partners, cheques) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, mediator_id = excluded.mediator_id, "
        "appointment_id = excluded.appointment_id, participant_id = excluded.participant_id, "
        "collective = excluded.collective, local_date = excluded.local_date, duration_min = excluded.duration_min, "
        "place = excluded.place, place_insee = excluded.place_insee, equipment = excluded.equipment, "
        "themes = excluded.themes, autonomy = excluded.autonomy, redirection = excluded.redirection, "
        "age_bracket = excluded.age_bracket, social_status = excluded.social_status, gender = excluded.gender, "
        "home_insee = excluded.home_insee, anonymous = excluded.anonymous, participants = excluded.participants, "
        "workshop_title = excluded.workshop_title, level = excluded.level, note = excluded.note, "
        "updated_at = excluded.updated_at, redirection_detail = excluded.redirection_detail, "
        "partners = excluded.partners, cheques = excluded.cheques")
      .bind_all(r.id, r.site_id, r.mediator_id, r.appointment_id, r.participant_id, r.collective ? 1 : 0,
                to_iso_date(r.date), static_cast<std::int64_t>(r.duration.count()), r.place, r.place_insee,
                mediation::join_codes(r.equipment), mediation::join_codes(r.themes), r.autonomy, r.redirection,
                r.age_bracket, r.social_status, r.gender, r.home_insee, r.anonymous ? 1 : 0, r.participants,
                r.workshop_title, mediation::to_string(r.level), r.note, to_iso_utc(r.recorded_at), at,
                r.redirection_detail, mediation::join_codes(r.partners), r.cheques)
      .run();
  // The cheques' numbers: the record's list replaces what it held.
  db.prepare("DELETE FROM activity_cheques WHERE activity_id = ?").bind_all(r.id).run();
  for (std::size_t i = 0; i < r.cheque_numbers.size(); ++i) {
    db.prepare("INSERT INTO activity_cheques (number, activity_id, position) VALUES (?, ?, ?)")
        .bind_all(r.cheque_numbers[i], r.id, static_cast<std::int64_t>(i))
        .run();
  }
  // The kiosk shows « fiche faite » beside the appointment.
  if (!r.appointment_id.empty()) record_change(db, r.site_id, Entity::Appointment, r.appointment_id);
  audit(
      db, actor, r.site_id, "activity.record", "activity:" + r.id,
      nlohmann::json{
          {"appointment_id", r.appointment_id}, {"themes", r.themes}, {"partners", r.partners}, {"cheques", r.cheques}}
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  tx.commit();
  return prepared;
}

std::optional<mediation::ActivityRecord> find_activity(store::Database& db, const std::string& id) {
  auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM activities a WHERE a.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto r = read_activity(st);
  r.cheque_numbers = cheque_numbers_of(db, r.id);
  return r;
}

std::vector<mediation::ActivityExportRow> list_activities(store::Database& db, const ActivityQuery& q) {
  auto st = db.prepare("SELECT " + std::string(kColumns) +
                       ", s.name FROM activities a JOIN sites s ON s.id = a.site_id "
                       "WHERE (? IS NULL OR a.site_id = ?) AND (? IS NULL OR a.mediator_id = ?) "
                       "AND (? IS NULL OR a.local_date >= ?) AND (? IS NULL OR a.local_date <= ?) "
                       "ORDER BY a.local_date, a.recorded_at, a.id");
  const auto from = q.from ? std::optional<std::string>(to_iso_date(*q.from)) : std::nullopt;
  const auto to = q.to ? std::optional<std::string>(to_iso_date(*q.to)) : std::nullopt;
  st.bind_all(q.site_id, q.site_id, q.mediator_id, q.mediator_id, from, from, to, to);
  std::vector<mediation::ActivityExportRow> out;
  while (st.step()) {
    mediation::ActivityExportRow row;
    row.record = read_activity(st);
    row.updated_at = parse_iso_utc(st.text(25)).value_or(Instant{});
    row.record.cheque_numbers = cheque_numbers_of(db, row.record.id);
    row.site_name = st.text(kColumnCount);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<mediation::ChequeExportRow> list_cheques(store::Database& db, std::int64_t site_id, const CivilDate& first,
                                                     const CivilDate& last) {
  auto st = db.prepare(
      "SELECT a.id, a.local_date, s.name, a.themes, a.duration_min, a.collective, a.cheques "
      "FROM activities a JOIN sites s ON s.id = a.site_id "
      "WHERE a.site_id = ? AND a.local_date BETWEEN ? AND ? AND a.cheques > 0 "
      "ORDER BY a.local_date, a.recorded_at, a.id");
  st.bind_all(site_id, to_iso_date(first), to_iso_date(last));
  std::vector<mediation::ChequeExportRow> out;
  while (st.step()) {
    mediation::ChequeExportRow row;
    row.activity_id = st.text(0);
    row.date = parse_iso_date(st.text(1)).value_or(CivilDate{});
    row.site_name = st.text(2);
    row.themes = split(st.text(3));
    row.duration_min = st.int32(4);
    row.collective = st.int64(5) != 0;
    const int count = st.int32(6);
    auto numbers = cheque_numbers_of(db, row.activity_id);
    // Numbers not typed yet: one row each, empty, so the claim's count is right and the gaps show.
    numbers.resize(static_cast<std::size_t>(std::max(count, static_cast<int>(numbers.size()))));
    for (auto& number : numbers) {
      row.cheque_number = std::move(number);
      out.push_back(row);
    }
  }
  return out;
}

}  // namespace escale::server
