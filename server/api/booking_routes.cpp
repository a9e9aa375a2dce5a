// Bookings API handlers: check the request, call store/bookings, shape the
// answer. Refusals of the rules engine map to HTTP statuses here:
//   overlap → 409; unknown_resource, unknown_member, unknown_booking → 404;
//   every other refusal → 422; a malformed request → 400.
// Error bodies are the API's usual {"error":{"status","message"}} with a
// stable "code" added for refusals.
#include "api/booking_routes.hpp"

#include <spdlog/spdlog.h>
#include <boost/beast/core/string.hpp>

#include <charconv>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "api/api_kit.hpp"
#include "api/availability_json.hpp"
#include "api/routing_table.hpp"
#include "booking/booking.hpp"
#include "calendar/ics.hpp"
#include "domain/uuid.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/sites.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

using namespace api;  // NOLINT(google-build-using-namespace): the handlers' kit
constexpr int kMaxAvailabilityDays = 31;
constexpr int kMaxListDays = 366;

//-----------------------------------------------------------------------------
// Responses
//-----------------------------------------------------------------------------

bh::status refusal_status(Refusal r) {
  switch (r) {
    case Refusal::Overlap:
      return bh::status::conflict;
    case Refusal::SiteNotAllowed:
      return bh::status::forbidden;
    case Refusal::UnknownResource:
    case Refusal::UnknownMember:
    case Refusal::UnknownBooking:
      return bh::status::not_found;
    default:
      return bh::status::unprocessable_entity;
  }
}

// `what`: « confirmée », « annulée », « déplacée ».
Response refusal_error(const Request& req, Refusal r, ResourceKind kind, std::string_view what) {
  const std::string message =
      "La réservation n’a pas pu être " + std::string(what) + " : " + refusal_reason(r, kind, Language::French) + ".";
  return coded_error(req, refusal_status(r), to_string(r), message);
}

//-----------------------------------------------------------------------------
// Parsing
//-----------------------------------------------------------------------------

//-----------------------------------------------------------------------------
// Shaping
//-----------------------------------------------------------------------------

json rules_json(const BookingRules& r) {
  return {{"advance_days", r.advance_days},
          {"max_duration_min", r.max_duration.count()},
          {"max_per_day", r.max_per_day},
          {"max_per_week", r.max_per_week},
          {"grace_min", r.grace.count()},
          {"check_in_early_min", r.check_in_early.count()},
          {"limits_scope", r.limits_network ? "network" : "site"}};
}

json resource_json(const sync::ResourceRecord& rec) {
  const auto& r = rec.resource;
  return {{"id", r.id},
          {"site_id", r.site_id},
          {"kind", resource_kind_name(r.kind)},
          {"name", r.name},
          {"capacity", r.capacity},
          {"features", r.features},
          {"name_en", r.name_en},
          {"features_en", r.features_en},
          {"active", rec.active},
          {"ics", "/ics/resources/" + std::to_string(r.id) + ".ics"}};
}

// Resources looked up once per request.
class ResourceNames {
 public:
  explicit ResourceNames(store::Database& db) : db_(db) {}
  const std::optional<sync::ResourceRecord>& get(std::int64_t id) {
    auto it = cache_.find(id);
    if (it == cache_.end()) it = cache_.emplace(id, find_resource_record(db_, id)).first;
    return it->second;
  }

 private:
  store::Database& db_;
  std::unordered_map<std::int64_t, std::optional<sync::ResourceRecord>> cache_;
};

json booking_json(const Booking& b, ResourceNames& resources) {
  json j = {{"id", b.id},
            {"site_id", b.site_id},
            {"resource_id", b.resource_id},
            {"member_id", b.member_id},
            {"start", to_iso_utc(b.start)},
            {"end", to_iso_utc(b.end)},
            {"date", paris_date(b.start)},
            {"start_local", clock_text(b.start)},
            {"end_local", clock_text(b.end)},
            {"status", to_string(b.status)},
            {"ics", "/ics/bookings/" + b.id + ".ics"}};
  if (const auto& r = resources.get(b.resource_id)) {
    j["resource_name"] = r->resource.name;
    j["kind"] = resource_kind_name(r->resource.kind);
  }
  if (b.refusal) j["refusal"] = to_string(*b.refusal);
  return j;
}

//-----------------------------------------------------------------------------
// Admin API
//-----------------------------------------------------------------------------

// Booking writes from this process queue here rather than on SQLite's write
// lock: a writer that finds the lock taken sleeps in SQLite's busy handler
// (1, 2, 5, 10… ms), which under a burst of clients costs more than the
// transactions themselves. SQLite still serialises them against every other
// writer (sync ingest, the command line, another process).
std::mutex& booking_writes() {
  static std::mutex m;
  return m;
}

Response list_resources_handler(const Request& req, store::Database& db, const QueryParams& q) {
  const auto site = query_id(q, "site", "1");
  if (!site) throw BadRequest{"site: required, a site number like 1"};
  if (!find_site(db, *site)) return error(req, bh::status::not_found, "site: no site " + std::to_string(*site));
  json list = json::array();
  for (const auto& rec : list_resource_records(db, *site, true)) list.push_back(resource_json(rec));
  const auto rules = site_rules(db, *site);
  const json out = {{"site_id", *site},
                    {"resources", list},
                    {"rules", {{"desk", rules_json(rules.desk)}, {"visio_room", rules_json(rules.visio_room)}}}};
  return respond(req, bh::status::ok, dump(out, 2));
}

Response add_resource_handler(const Request& req, store::Database& db, std::int64_t client) {
  const json body = parse_body(req);
  Resource r;
  r.site_id = body_id(body, "site_id");
  const auto kind_it = body.find("kind");
  if (kind_it == body.end() || !kind_it->is_string() || !parse_resource_kind(kind_it->get<std::string>()))
    throw BadRequest{"body.kind: expected desk or visio_room"};
  r.kind = *parse_resource_kind(kind_it->get<std::string>());
  const auto name_it = body.find("name");
  if (name_it == body.end() || !name_it->is_string()) throw BadRequest{"body.name: expected a text"};
  r.name = name_it->get<std::string>();
  if (const auto it = body.find("capacity"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 1000)
      throw BadRequest{"body.capacity: expected a number from 1 to 1000"};
    r.capacity = it->get<int>();
  }
  if (const auto it = body.find("features"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) throw BadRequest{"body.features: expected a text"};
    r.features = it->get<std::string>();
  }
  // In English, for kiosks in English (issue 15): optional.
  for (const auto& [field, target] : {std::pair{"name_en", &r.name_en}, std::pair{"features_en", &r.features_en}}) {
    if (const auto it = body.find(field); it != body.end() && !it->is_null()) {
      if (!it->is_string()) throw BadRequest{std::string("body.") + field + ": expected a text"};
      *target = it->get<std::string>();
    }
  }
  if (!find_site(db, r.site_id))
    return error(req, bh::status::not_found, "site_id: no site " + std::to_string(r.site_id));
  auto added = add_resource(db, r, Actor{std::nullopt, std::nullopt, client, std::nullopt});
  if (!added) return error(req, bh::status::unprocessable_entity, added.error());
  return respond(req, bh::status::created, dump(resource_json({*added, true}), 2));
}

Response set_active_handler(const Request& req, store::Database& db, std::int64_t client, std::int64_t id,
                            bool active) {
  if (!find_resource_record(db, id))
    return coded_error(req, bh::status::not_found, "unknown_resource", "no resource " + std::to_string(id));
  auto r = set_resource_active(db, id, active, Actor{std::nullopt, std::nullopt, client, std::nullopt});
  if (!r) return coded_error(req, bh::status::conflict, "has_bookings", r.error());
  return respond(req, bh::status::ok, dump(resource_json(*r), 2));
}

Response availability_handler(const Request& req, store::Database& db, const QueryParams& q) {
  const auto site = query_id(q, "site", "1");
  if (!site) throw BadRequest{"site: required, a site number like 1"};
  const auto member = query_id(q, "member", "7");
  const Instant t = now();
  const CivilDate from = query_date(q, "from").value_or(paris_civil_date(t));
  int days = 7;
  if (const auto it = q.find("days"); it != q.end() && !it->second.empty()) {
    const auto n = parse_id(it->second);
    if (!n || *n > kMaxAvailabilityDays)
      throw BadRequest{"days: expected a number of days from 1 to " + std::to_string(kMaxAvailabilityDays)};
    days = static_cast<int>(*n);
  }
  const auto site_row = find_site(db, *site);
  if (!site_row) return error(req, bh::status::not_found, "site: no site " + std::to_string(*site));
  const auto resources = list_resources(db, *site);
  const auto grids = site_availability(db, *site, from, days, t, member);
  return respond(req, bh::status::ok, availability_json(*site, from, grids, resources));
}

Response list_bookings_handler(const Request& req, store::Database& db, const QueryParams& q) {
  BookingQuery query;
  query.site_id = query_id(q, "site", "1");
  query.resource_id = query_id(q, "resource", "3");
  query.member_id = query_id(q, "member", "7");
  const CivilDate from = query_date(q, "from").value_or(paris_civil_date(now()));
  const auto to_given = query_date(q, "to");
  const CivilDate to = to_given.value_or(add_days(from, 30));
  const auto from_text = to_iso_date(from), to_text = to_iso_date(to);
  if (to_text < from_text) throw BadRequest{"to: expected a date on or after from"};
  if (to_text > to_iso_date(add_days(from, kMaxListDays - 1)))
    throw BadRequest{"to: at most " + std::to_string(kMaxListDays) + " days from from"};
  query.from_date = from_text;
  query.to_date = to_text;
  ResourceNames names(db);
  json list = json::array();
  for (const auto& b : list_bookings(db, query)) list.push_back(booking_json(b, names));
  const json out = {{"from", from_text}, {"to", to_text}, {"bookings", std::move(list)}};
  return respond(req, bh::status::ok, dump(out, 2));
}

ResourceKind kind_of(ResourceNames& names, std::int64_t resource_id) {
  const auto& r = names.get(resource_id);
  return r ? r->resource.kind : ResourceKind::Desk;
}

Response create_booking_handler(const Request& req, store::Database& db, std::int64_t client) {
  const json body = parse_body(req);
  Booking request;
  request.member_id = body_id(body, "member_id");
  request.resource_id = body_id(body, "resource_id");
  request.start = body_instant(body, "start");
  request.end = body_instant(body, "end");
  if (const auto it = body.find("id"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || !is_valid_uuid(it->get<std::string>()))
      throw BadRequest{"body.id: expected a UUID like 0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8"};
    request.id = it->get<std::string>();
  } else {
    request.id = make_uuid_v4();
  }
  // Whether this request created the booking is decided in create_booking's
  // transaction: a look before it would let racing repeats all answer 201.
  const auto outcome = [&] {
    std::lock_guard lock(booking_writes());
    return create_booking(db, request, Actor{std::nullopt, std::nullopt, client, std::nullopt}, now());
  }();
  ResourceNames names(db);
  if (outcome.refusal) return refusal_error(req, *outcome.refusal, kind_of(names, request.resource_id), "confirmée");
  const Booking& b = *outcome.booking;
  const bool different = b.member_id != request.member_id || b.resource_id != request.resource_id ||
                         b.start != request.start || b.end != request.end;
  if (different)
    return coded_error(req, bh::status::conflict, "id_conflict",
                       "body.id: a different booking already has this id: make a new UUID");
  // A repeated request (same id, same booking) answers 200 with what is stored.
  auto res = respond(req, outcome.created ? bh::status::created : bh::status::ok, dump(booking_json(b, names), 2));
  res.set(bh::field::location, "/api/v1/bookings/" + b.id);
  return res;
}

Response booking_action(const Request& req, store::Database& db, std::int64_t client, const std::string& id,
                        std::string_view action) {
  if (!is_valid_uuid(id)) throw BadRequest{"booking id: expected a UUID"};
  ResourceNames names(db);
  const Actor actor{std::nullopt, std::nullopt, client, std::nullopt};
  if (action.empty()) {
    const auto b = find_booking(db, id);
    if (!b)
      return coded_error(req, bh::status::not_found, "unknown_booking",
                         capitalised(refusal_reason(Refusal::UnknownBooking, ResourceKind::Desk)) + ".");
    return respond(req, bh::status::ok, dump(booking_json(*b, names), 2));
  }
  if (action == "cancel") {
    const auto before = find_booking(db, id);
    const auto outcome = [&] {
      std::lock_guard lock(booking_writes());
      return cancel_booking(db, id, actor, now());
    }();
    if (outcome.refusal)
      return refusal_error(req, *outcome.refusal, before ? kind_of(names, before->resource_id) : ResourceKind::Desk,
                           "annulée");
    return respond(req, bh::status::ok, dump(booking_json(*outcome.booking, names), 2));
  }
  // move
  const json body = parse_body(req);
  const auto before = find_booking(db, id);
  std::int64_t resource_id = before ? before->resource_id : 0;
  if (const auto it = body.find("resource_id"); it != body.end() && !it->is_null())
    resource_id = body_id(body, "resource_id");
  const Instant start = body_instant(body, "start");
  const Instant end = body_instant(body, "end");
  const auto outcome = [&] {
    std::lock_guard lock(booking_writes());
    return move_booking(db, id, resource_id, start, end, actor, now());
  }();
  if (outcome.refusal) return refusal_error(req, *outcome.refusal, kind_of(names, resource_id), "déplacée");
  return respond(req, bh::status::ok, dump(booking_json(*outcome.booking, names), 2));
}

//-----------------------------------------------------------------------------
// iCalendar
//-----------------------------------------------------------------------------

struct CalendarSource {
  store::Database& db;
  std::unordered_map<std::int64_t, std::optional<Site>> sites;
  ResourceNames resources{db};

  const std::optional<Site>& site(std::int64_t id) {
    auto it = sites.find(id);
    if (it == sites.end()) it = sites.emplace(id, find_site(db, id)).first;
    return it->second;
  }

  Instant updated_at(const std::string& booking_id) { return booking_updated_at(db, booking_id).value_or(now()); }

  // anonymous: « Réservé », no name, no description.
  CalendarEntry entry(const Booking& b, bool anonymous) {
    CalendarEntry e;
    e.uid = b.id + "@escale";
    e.start = b.start;
    e.end = b.end;
    e.status = b.status;
    e.last_modified = updated_at(b.id);
    const auto& s = site(b.site_id);
    const auto& r = resources.get(b.resource_id);
    const std::string resource_name = r ? r->resource.name : "Réservation";
    const std::string site_name = s ? s->name : "";
    e.location = s ? (s->address.empty() ? s->name : s->name + ", " + s->address) : "";
    if (anonymous) {
      e.summary = "Réservé";
      return e;
    }
    e.summary = site_name.empty() ? resource_name : resource_name + " — " + site_name;
    const auto kind = r ? r->resource.kind : ResourceKind::Desk;
    const auto rules = site_rules(db, b.site_id).for_kind(kind);
    e.description = "Présentez votre badge à la borne en arrivant : sans passage dans les " +
                    std::to_string(rules.grace.count()) +
                    " minutes après le début, la place est libérée pour quelqu’un d’autre.\n"
                    "Pour annuler, adressez-vous à la borne ou à l’animateur du lieu avant le début.";
    return e;
  }
};

// The feeds show a month back and everything ahead; refused intents never.
BookingQuery feed_query() {
  BookingQuery q;
  q.from_date = paris_date(now() - std::chrono::hours(24 * 30));
  return q;
}

Response booking_ics(const Request& req, store::Database& db, std::string_view id) {
  if (!is_valid_uuid(id)) return error(req, bh::status::not_found, "no such booking");
  const auto b = find_booking(db, std::string(id));
  if (!b || b->status == BookingStatus::Refused) return error(req, bh::status::not_found, "no such booking");
  CalendarSource source{db, {}, ResourceNames(db)};
  const CalendarEntry entry = source.entry(*b, false);
  const std::string body = make_calendar(entry.summary, std::span<const CalendarEntry>(&entry, 1), now());
  return calendar_response(req, body, "reservation-" + paris_date(b->start) + ".ics");
}

Response member_ics(const Request& req, store::Database& db, std::string_view token) {
  const auto member = member_for_calendar_token(db, token);
  if (!member) return error(req, bh::status::not_found, "no such calendar: ask for its new address at the site");
  auto q = feed_query();
  q.member_id = *member;
  CalendarSource source{db, {}, ResourceNames(db)};
  std::vector<CalendarEntry> entries;
  for (const auto& b : list_bookings(db, q)) {
    if (b.status != BookingStatus::Refused) entries.push_back(source.entry(b, false));
  }
  return calendar_response(req, make_calendar("Mes réservations", entries, now()), "reservations.ics");
}

Response resource_ics(const Request& req, store::Database& db, std::string_view id_text) {
  const auto id = parse_id(id_text);
  const auto rec = id ? find_resource_record(db, *id) : std::nullopt;
  if (!rec) return error(req, bh::status::not_found, "no such resource");
  auto q = feed_query();
  q.resource_id = *id;
  CalendarSource source{db, {}, ResourceNames(db)};
  std::vector<CalendarEntry> entries;
  for (const auto& b : list_bookings(db, q)) {
    if (b.status != BookingStatus::Refused) entries.push_back(source.entry(b, true));
  }
  const auto& s = source.site(rec->resource.site_id);
  const std::string name = s ? rec->resource.name + " — " + s->name : rec->resource.name;
  return calendar_response(req, make_calendar(name, entries, now()), "ressource-" + std::to_string(*id) + ".ics");
}

//-----------------------------------------------------------------------------
// Routing
//-----------------------------------------------------------------------------

Response resource_action(const Request& req, store::Database& db, std::int64_t client, const RouteMatch& m,
                         bool activate) {
  const auto rid = parse_id(m.param("id"));
  if (!rid) throw BadRequest{"resource id: expected a number like 3"};
  return set_active_handler(req, db, client, *rid, activate);
}

}  // namespace

void add_booking_routes(api::RoutingTable& table, ConnectionPool& pool) {
  using api::Access;
  using Db = store::Database;
  using Client = std::int64_t;
  table
      .get("/api/v1/resources", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return list_resources_handler(req, db, m.query); }))
      .post("/api/v1/resources", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch&) { return add_resource_handler(req, db, c); }))
      .post("/api/v1/resources/{id}/deactivate", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch& m) { return resource_action(req, db, c, m, false); }))
      .post("/api/v1/resources/{id}/activate", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch& m) { return resource_action(req, db, c, m, true); }))
      .get("/api/v1/availability", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return availability_handler(req, db, m.query); }))
      .get("/api/v1/bookings", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client,
                                const RouteMatch& m) { return list_bookings_handler(req, db, m.query); }))
      .post("/api/v1/bookings", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch&) { return create_booking_handler(req, db, c); }))
      .get("/api/v1/bookings/{uuid}", Access::Admin,
           admin_route(pool, [](const Request& req, Db& db, Client c,
                                const RouteMatch& m) { return booking_action(req, db, c, m.param("uuid"), {}); }))
      .post(
          "/api/v1/bookings/{uuid}/cancel", Access::Admin,
          admin_route(pool, [](const Request& req, Db& db, Client c,
                               const RouteMatch& m) { return booking_action(req, db, c, m.param("uuid"), "cancel"); }))
      .post("/api/v1/bookings/{uuid}/move", Access::Admin,
            admin_route(pool, [](const Request& req, Db& db, Client c,
                                 const RouteMatch& m) { return booking_action(req, db, c, m.param("uuid"), "move"); }))
      .get("/ics/bookings/{uuid}.ics", Access::Anyone, calendar_route(pool, "uuid", booking_ics))
      .get("/ics/members/{token}.ics", Access::Anyone, calendar_route(pool, "token", member_ics))
      .get("/ics/resources/{id}.ics", Access::Anyone, calendar_route(pool, "id", resource_ics));
}

}  // namespace escale::server
