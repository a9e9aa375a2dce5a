// Help agenda API handlers: check the request, call store/agenda and
// store/activities, shape the answer with the sync protocol's JSON forms.
#include "api/agenda_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>

#include "api/api_kit.hpp"
#include "calendar/ics.hpp"
#include "domain/uuid.hpp"
#include "mediation/activity.hpp"
#include "mediation/coop_export.hpp"
#include "reports/cheque_export.hpp"
#include "reports/communes.hpp"
#include "store/activities.hpp"
#include "store/agenda.hpp"
#include "store/network.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "sync/agenda_json.hpp"
#include "sync/json_fields.hpp"
#include "text/log_text.hpp"
#include "web/public_pages.hpp"

namespace escale::server {
namespace {

using namespace api;  // NOLINT(google-build-using-namespace): the handlers' kit
using mediation::HelpRefusal;

constexpr int kMaxSlotDays = 62;
constexpr int kMaxExportDays = 3 * 366;

bh::status refusal_status(HelpRefusal r) {
  switch (r) {
    case HelpRefusal::Taken:
      return bh::status::conflict;
    case HelpRefusal::UnknownType:
    case HelpRefusal::UnknownAppointment:
    case HelpRefusal::NoParticipant:
      return bh::status::not_found;
    case HelpRefusal::InvalidRequest:
      return bh::status::bad_request;
    default:
      return bh::status::unprocessable_entity;
  }
}

Response refusal_error(const Request& req, HelpRefusal r) {
  return coded_error(req, refusal_status(r), mediation::to_string(r), mediation::help_refusal_reason(r));
}

json appointment_json(const mediation::Appointment& a) {
  sync::AppointmentRecord rec;
  rec.appointment = a;
  json j = sync::detail::encode_appointment(rec);
  // Admin clients see contacts (encode_appointment leaves them out for kiosks).
  for (std::size_t i = 0; i < a.participants.size(); ++i) {
    j["participants"][i]["phone"] = a.participants[i].phone ? json(*a.participants[i].phone) : json(nullptr);
    j["participants"][i]["email"] = a.participants[i].email ? json(*a.participants[i].email) : json(nullptr);
  }
  j["site_id"] = a.site_id;
  j["end"] = to_iso_utc(a.end());
  j["date"] = paris_date(a.start);
  j["start_local"] = clock_text(a.start);
  j["ics"] = "/ics/appointments/" + a.id + ".ics";
  return j;
}

// Appointment writes queue here rather than on SQLite's write lock (as bookings do).
std::mutex& agenda_writes() {
  static std::mutex m;
  return m;
}

template <typename F>
auto decoding(F f) {
  try {
    return f();
  } catch (const sync::detail::DecodeError& e) {
    throw BadRequest{e.message};
  }
}

Response agenda_handler(const Request& req, store::Database& db, const QueryParams& q) {
  const auto site = query_id(q, "site", "1");
  if (!site) throw BadRequest{"site: required, a site number like 1"};
  if (!find_site(db, *site)) return error(req, bh::status::not_found, "site: no site " + std::to_string(*site));
  json out = sync::detail::encode_help_agenda(help_agenda(db, *site));
  out["site_id"] = *site;
  return respond(req, bh::status::ok, dump(out, 2));
}

Response slots_handler(const Request& req, store::Database& db, const QueryParams& q) {
  const auto type_id = query_id(q, "type", "2");
  if (!type_id) throw BadRequest{"type: required, an appointment type number like 2"};
  const auto type = find_appointment_type(db, *type_id);
  if (!type) return refusal_error(req, HelpRefusal::UnknownType);
  const CivilDate first = query_date(q, "from").value_or(paris_civil_date(now()));
  int days = 14;
  if (auto it = q.find("days"); it != q.end() && !it->second.empty()) {
    auto n = parse_id(it->second);
    if (!n || *n > kMaxSlotDays) throw BadRequest{"days: expected a number from 1 to " + std::to_string(kMaxSlotDays)};
    days = static_cast<int>(*n);
  }
  json slots = json::array();
  for (const auto& s : free_help_slots(db, *type_id, first, add_days(first, days - 1), now())) {
    slots.push_back({{"start", to_iso_utc(s.start)},
                     {"end", to_iso_utc(s.end)},
                     {"date", paris_date(s.start)},
                     {"start_local", clock_text(s.start)},
                     {"mediator_id", s.mediator_id}});
  }
  const json out = {{"type_id", *type_id}, {"from", to_iso_date(first)}, {"days", days}, {"slots", std::move(slots)}};
  return respond(req, bh::status::ok, dump(out, 2));
}

Response list_handler(const Request& req, store::Database& db, const QueryParams& q) {
  AppointmentQuery query;
  query.site_id = query_id(q, "site", "1");
  query.mediator_id = query_id(q, "mediator", "4");
  query.from = query_date(q, "from");
  query.to = query_date(q, "to");
  if (!query.from) query.from = paris_civil_date(now());
  if (!query.to) query.to = add_days(*query.from, 30);
  if (*query.to < *query.from) throw BadRequest{"to: expected a date on or after from"};
  if (add_days(*query.from, kMaxExportDays) < *query.to)
    throw BadRequest{"to: at most " + std::to_string(kMaxExportDays) + " days after from"};
  if (auto it = q.find("refused"); it != q.end()) query.include_refused = it->second == "1";
  json list = json::array();
  for (const auto& a : list_appointments(db, query)) list.push_back(appointment_json(a));
  return respond(req, bh::status::ok, dump(json{{"appointments", std::move(list)}}, 2));
}

Response created(const Request& req, const mediation::Appointment& a) {
  return respond(req, bh::status::created, dump(appointment_json(a), 2));
}

Response request_handler(const Request& req, store::Database& db, std::int64_t client) {
  const json body = parse_body(req);
  HelpRequest r;
  const auto pit = body.find("participant");
  if (pit == body.end()) throw BadRequest{"body.participant: required"};
  json pj = *pit;
  if (pj.is_object() && !pj.contains("id")) pj["id"] = make_uuid_v4();
  r.participant = decoding([&] { return sync::detail::decode_participant(pj, "body.participant"); });
  if (const auto it = body.find("appointment_id"); it != body.end() && !body.contains("start")) {
    // Joining a workshop.
    if (!it->is_string() || !is_valid_uuid(it->get<std::string>()))
      throw BadRequest{"body.appointment_id: expected a UUID"};
    r.appointment_id = it->get<std::string>();
    const auto w = find_appointment(db, r.appointment_id);
    if (!w) return refusal_error(req, HelpRefusal::UnknownAppointment);
    r.site_id = w->site_id;
    r.type_id = w->type_id;
    r.mediator_id = w->mediator_id;
  } else {
    r.type_id = body_id(body, "type_id");
    r.mediator_id = body_id(body, "mediator_id");
    r.start = body_instant(body, "start");
    const auto type = find_appointment_type(db, r.type_id);
    if (!type) return refusal_error(req, HelpRefusal::UnknownType);
    r.site_id = type->site_id;
    r.appointment_id = make_uuid_v4();
    if (const auto id_it = body.find("id"); id_it != body.end()) {
      if (!id_it->is_string() || !is_valid_uuid(id_it->get<std::string>()))
        throw BadRequest{"body.id: expected a UUID"};
      r.appointment_id = id_it->get<std::string>();
    }
  }
  Actor actor;
  actor.api_client_id = client;
  std::lock_guard lock(agenda_writes());
  const auto outcome = request_help(db, r, actor, now());
  if (!outcome.ok()) return refusal_error(req, outcome.refusal.value_or(HelpRefusal::InvalidRequest));
  return created(req, *outcome.appointment);
}

Response workshop_handler(const Request& req, store::Database& db, std::int64_t client) {
  const json body = parse_body(req);
  WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = body_id(body, "type_id");
  w.mediator_id = body_id(body, "mediator_id");
  w.start = body_instant(body, "start");
  if (const auto it = body.find("title"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || it->get<std::string>().size() > 120)
      throw BadRequest{"body.title: expected a text of at most 120 characters"};
    w.title = it->get<std::string>();
  }
  if (const auto it = body.find("title_en"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || it->get<std::string>().size() > 120)
      throw BadRequest{"body.title_en: expected a text of at most 120 characters"};
    w.title_en = it->get<std::string>();
  }
  if (body.contains("capacity")) w.capacity = static_cast<int>(body_id(body, "capacity"));
  if (body.contains("duration_min")) w.duration = std::chrono::minutes(body_id(body, "duration_min"));
  Actor actor;
  actor.api_client_id = client;
  std::lock_guard lock(agenda_writes());
  const auto outcome = schedule_workshop(db, w, actor, now());
  if (!outcome.ok()) return refusal_error(req, outcome.refusal.value_or(HelpRefusal::InvalidRequest));
  return created(req, *outcome.appointment);
}

Response appointment_action(const Request& req, store::Database& db, std::int64_t client, const std::string& id,
                            const std::string& participant_id, const std::string& action) {
  if (!is_valid_uuid(id)) return refusal_error(req, HelpRefusal::UnknownAppointment);
  Actor actor;
  actor.api_client_id = client;
  if (action.empty()) {
    const auto a = find_appointment(db, id);
    if (!a) return refusal_error(req, HelpRefusal::UnknownAppointment);
    return respond(req, bh::status::ok, dump(appointment_json(*a), 2));
  }
  std::lock_guard lock(agenda_writes());
  HelpOutcome outcome;
  if (action == "cancel" && participant_id.empty()) {
    outcome = cancel_appointment(db, id, actor, now());
  } else if (action == "cancel") {
    outcome = cancel_participation(db, id, participant_id, actor, now());
  } else {  // status
    const json body = parse_body(req);
    const auto it = body.find("status");
    if (it == body.end() || !it->is_string()) throw BadRequest{"body.status: required"};
    const auto status = mediation::parse_participant_status(it->get<std::string>());
    if (!status) throw BadRequest{"body.status: expected unknown, seen, excused, revoked or noshow"};
    outcome = set_participant_status(db, id, participant_id, *status, actor, now());
  }
  if (!outcome.ok()) return refusal_error(req, outcome.refusal.value_or(HelpRefusal::InvalidRequest));
  return respond(req, bh::status::ok, dump(appointment_json(*outcome.appointment), 2));
}

Response activity_handler(const Request& req, store::Database& db, std::int64_t client) {
  json body = parse_body(req);
  if (!body.contains("id")) body["id"] = make_uuid_v4();
  if (!body.contains("recorded_at")) body["recorded_at"] = to_iso_utc(now());
  for (const char* optional_list : {"equipment"}) {
    if (!body.contains(optional_list)) body[optional_list] = json::array();
  }
  for (const char* optional_text :
       {"appointment_id", "participant_id", "autonomy", "workshop_title", "level", "note"}) {
    if (!body.contains(optional_text)) body[optional_text] = "";
  }
  if (!body.contains("collective")) body["collective"] = false;
  if (!body.contains("anonymous")) body["anonymous"] = false;
  if (!body.contains("participants")) body["participants"] = 1;
  for (const char* code : {"age_bracket", "social_status", "gender"}) {
    if (!body.contains(code)) body[code] = "non_communique";
  }
  if (!body.contains("place")) body["place"] = "lieu_activite";
  auto record = decoding([&] { return sync::detail::decode_activity(body, "body"); });
  record.site_id = body_id(body, "site_id");
  Actor actor;
  actor.api_client_id = client;
  auto stored = record_activity(db, record, actor);
  if (!stored) return coded_error(req, bh::status::unprocessable_entity, "invalid_activity", stored.error());
  return respond(req, bh::status::created, dump(sync::detail::encode_activity(*stored), 2));
}

// The filters every activity export takes: site, from, to (Paris dates).
std::optional<ActivityQuery> export_query(const QueryParams& q, store::Database& db) {
  ActivityQuery query;
  query.site_id = query_id(q, "site", "1");
  query.from = query_date(q, "from");
  query.to = query_date(q, "to");
  if (query.from && query.to && *query.to < *query.from) throw BadRequest{"to: expected a date on or after from"};
  if (query.site_id && !find_site(db, *query.site_id)) return std::nullopt;
  return query;
}

bool spreadsheet_variant(const QueryParams& q) {
  const auto variant = q.find("variant");
  return variant != q.end() && variant->second == "tableur";
}

Response export_handler(const Request& req, store::Database& db, const QueryParams& q) {
  const auto query = export_query(q, db);
  if (!query) return error(req, bh::status::not_found, "site: no site " + q.at("site"));
  const bool spreadsheet = spreadsheet_variant(q);
  const auto rows = list_activities(db, *query);
  return csv_response(req, mediation::activities_csv(rows, spreadsheet),
                      "activites-mediation-" + paris_date(now()) + (spreadsheet ? "-tableur" : "") + ".csv");
}

// La Coop's shapes (docs/la-coop.md): the ids derived in the network's SIREN,
// the place's commune named from INSEE's list.
Response coop_export_handler(const Request& req, store::Database& db, const QueryParams& q, bool as_csv) {
  const auto query = export_query(q, db);
  if (!query) return error(req, bh::status::not_found, "site: no site " + q.at("site"));
  const auto rows = list_activities(db, *query);
  mediation::CoopExportOptions options;
  options.scope = network_settings(db).siren;
  options.self_href = std::string(req.target());
  options.commune_name = [](std::string_view insee) -> std::optional<std::string> {
    const auto name = reports::commune_name(insee);
    return name ? std::optional<std::string>(*name) : std::nullopt;
  };
  if (!as_csv) return respond(req, bh::status::ok, mediation::coop_activities_json(rows, options));
  const bool spreadsheet = spreadsheet_variant(q);
  return csv_response(req, mediation::coop_activities_csv(rows, options, spreadsheet),
                      "coop-activites-" + paris_date(now()) + (spreadsheet ? "-tableur" : "") + ".csv");
}

// The APTIC cheques of a site and a month, for the reimbursement claim (issue 19).
Response cheque_export_handler(const Request& req, store::Database& db, const QueryParams& q) {
  const auto site = query_id(q, "site", "1");
  if (!site) throw BadRequest{"site: required, a site number like 1"};
  const auto month_it = q.find("month");
  if (month_it == q.end() || month_it->second.empty()) throw BadRequest{"month: required, a month like 2026-11"};
  const auto month = reports::claim_month(month_it->second);
  if (!month) throw BadRequest{"month: expected a month like 2026-11"};
  if (!find_site(db, *site)) return error(req, bh::status::not_found, "site: no site " + std::to_string(*site));
  const auto variant = q.find("variant");
  if (variant != q.end() && variant->second != "tableur" && !variant->second.empty())
    throw BadRequest{"variant: expected tableur, or nothing"};
  const bool spreadsheet = variant != q.end() && variant->second == "tableur";
  const auto file = reports::cheque_file(db, *site, *month, spreadsheet);
  return csv_response(req, file.csv, file.filename);
}

Response appointment_ics(const Request& req, store::Database& db, std::string_view id) {
  if (!is_valid_uuid(id)) return error(req, bh::status::not_found, "no such appointment");
  const auto a = find_appointment(db, std::string(id));
  if (!a) return error(req, bh::status::not_found, "no such appointment");
  const auto site = find_site(db, a->site_id);
  CalendarEntry e;
  e.uid = a->id + "@escale";
  e.start = a->start;
  e.end = a->end();
  e.summary = a->collective ? "Atelier « " + a->title + " »" : std::string("Rendez-vous d’aide numérique");
  if (site) {
    e.summary += " — " + site->name;
    e.location = site->address.empty() ? site->name : site->name + ", " + site->address;
  }
  e.description = "Pour annuler ou déplacer ce rendez-vous, appelez ou passez au tiers-lieu.";
  e.status = a->cancelled ? BookingStatus::Cancelled : BookingStatus::Confirmed;
  e.last_modified = now();
  return calendar_response(req, make_calendar(e.summary, std::span<const CalendarEntry>(&e, 1), now()),
                           "rendez-vous-" + paris_date(a->start) + ".ics");
}

// The open-data file (docs/open-data.md): a site that offers help appointments is booked on its public
// page unless it gave its own address (mediation_places); a site left out is logged, one line each.
Response open_data_handler(const Request& req, store::Database& db, const std::string& public_url) {
  const Instant at = now();
  const auto places = mediation_places(db, public_url, at);
  for (const auto& left : places.left_out) {
    std::string why;
    for (const auto& p : left.problems) why += (why.empty() ? "" : "; ") + p;
    spdlog::warn("open data: site {} « {} » left out of the file: {}", left.site_id, log_text(left.site_name),
                 log_text(why));
  }
  return csv_response(req, lieux_mediation_file(places.places), suggested_open_data_name(db, paris_civil_date(at)));
}

// {id}[/cancel] and {id}/participants/{pid}/status|cancel.
Response appointment_route(const Request& req, store::Database& db, std::int64_t client, const RouteMatch& m,
                           const std::string& action) {
  const auto participant = m.params.find("participant");
  const std::string participant_id = participant == m.params.end() ? std::string() : participant->second;
  if (!participant_id.empty() && !is_valid_uuid(participant_id)) return refusal_error(req, HelpRefusal::NoParticipant);
  return appointment_action(req, db, client, m.param("id"), participant_id, action);
}

}  // namespace

void add_agenda_routes(api::RoutingTable& table, ConnectionPool& pool, PublicUrl public_url) {
  using api::Access;
  using Db = store::Database;
  using Client = std::int64_t;
  table.get("/ics/appointments/{id}.ics", Access::Anyone, calendar_route(pool, "id", appointment_ics))
      .get("/opendata/lieux-mediation-numerique.csv", Access::Anyone,
           [&pool, public_url](const Request& req, const RouteMatch&) {
             auto db = pool.acquire();
             return open_data_handler(req, *db, public_url.get());
           })
      .blocking()
      .get("/api/v1/agenda", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return agenda_handler(req, db, m.query); }))
      .get("/api/v1/help-slots", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return slots_handler(req, db, m.query); }))
      .get("/api/v1/appointments", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return list_handler(req, db, m.query); }))
      .post("/api/v1/appointments", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch&) { return request_handler(req, db, c); }))
      .post("/api/v1/workshops", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch&) { return workshop_handler(req, db, c); }))
      .post("/api/v1/activities", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch&) { return activity_handler(req, db, c); }))
      .get("/api/v1/exports/activities.csv", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return export_handler(req, db, m.query); }))
      .blocking()  // an export: the worker threads
      .get("/api/v1/exports/coop-activites.json", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return coop_export_handler(req, db, m.query, false); }))
      .blocking()
      .get("/api/v1/exports/coop-activites.csv", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return coop_export_handler(req, db, m.query, true); }))
      .blocking()
      .get("/api/v1/exports/cheques.csv", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return cheque_export_handler(req, db, m.query); }))
      .blocking()
      .get("/api/v1/appointments/{id}", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client c,
                                const RouteMatch& m) { return appointment_route(req, db, c, m, ""); }))
      .post("/api/v1/appointments/{id}/cancel", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch& m) { return appointment_route(req, db, c, m, "cancel"); }))
      .post("/api/v1/appointments/{id}/participants/{participant}/status", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch& m) { return appointment_route(req, db, c, m, "status"); }))
      .post("/api/v1/appointments/{id}/participants/{participant}/cancel", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c, const RouteMatch& m) {
              return appointment_route(req, db, c, m, "cancel");
            }));
}

}  // namespace escale::server
