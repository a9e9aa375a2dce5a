// JSON encoding and strict decoding of the sync protocol, versions 1 and 2 (see protocol.hpp).
#include "sync/protocol.hpp"

#include <nlohmann/json.hpp>

#include "domain/badge.hpp"
#include "domain/uuid.hpp"
#include "sync/agenda_json.hpp"
#include "sync/json_fields.hpp"

namespace escale::sync {
namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the field readers

json parse_object(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw DecodeError{"body: not valid JSON (truncated or malformed)"};
  if (!doc.is_object()) throw DecodeError{"body: expected a JSON object"};
  return doc;
}

// The version a document speaks, within [oldest, kProtocolVersion].
int check_protocol(const json& doc, int oldest) {
  const std::int64_t p = get_int(doc, "body", "protocol");
  if (p < oldest || p > kProtocolVersion) {
    const std::string speaks = oldest == kProtocolVersion
                                   ? "version " + std::to_string(kProtocolVersion)
                                   : "versions " + std::to_string(oldest) + " to " + std::to_string(kProtocolVersion);
    throw DecodeError{"body.protocol: version " + std::to_string(p) + " is not supported; this side speaks " + speaks};
  }
  return static_cast<int>(p);
}

bool is_visit_event(EventType t) {
  return t == EventType::CheckIn || t == EventType::CheckOut || t == EventType::WalkIn;
}

json encode_event_json(const Event& e) {
  json j = {{"id", e.id}, {"type", to_string(e.type)}, {"at", to_iso_utc(e.at)}};
  if (is_visit_event(e.type)) j["visit_id"] = e.visit_id;
  if (e.member_id) j["member_id"] = *e.member_id;
  if (e.badge_uid) j["badge_uid"] = *e.badge_uid;
  if (e.booking_id) j["booking_id"] = *e.booking_id;
  if (e.resource_id) j["resource_id"] = *e.resource_id;
  if (e.start) j["start"] = to_iso_utc(*e.start);
  if (e.end) j["end"] = to_iso_utc(*e.end);
  if (e.member_ref) j["member_ref"] = *e.member_ref;
  if (e.new_member) {
    j["member"] = {{"first_name", e.new_member->first_name},
                   {"last_name", e.new_member->last_name},
                   {"home_commune", optional_string(e.new_member->home_commune)},
                   {"email", optional_string(e.new_member->email)},
                   {"phone", optional_string(e.new_member->phone)}};
  }
  if (e.by_member_id) j["by_member_id"] = *e.by_member_id;
  if (e.appointment_id) j["appointment_id"] = *e.appointment_id;
  if (e.type_id) j["type_id"] = *e.type_id;
  if (e.mediator_id) j["mediator_id"] = *e.mediator_id;
  if (e.participant) {
    json p = encode_participant(*e.participant);
    // A request carries what the person gave; status and waiting are the server's.
    p.erase("status");
    p.erase("waiting");
    j["participant"] = std::move(p);
  }
  if (e.participant_id) j["participant_id"] = *e.participant_id;
  if (e.participant_status) j["status"] = mediation::to_string(*e.participant_status);
  if (e.activity) j["activity"] = encode_activity(*e.activity);
  return j;
}

std::string get_badge_uid(const json& j, const std::string& where, const char* name) {
  auto parsed = BadgeUid::parse(get_string(j, where, name));
  if (!parsed) bad(where + "." + name, "a badge UID of 4, 7 or 10 bytes in hex");
  return parsed->hex();
}

NewMember decode_new_member(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  NewMember m;
  m.first_name = get_string(j, where, "first_name");
  m.last_name = get_string(j, where, "last_name");
  m.home_commune = get_optional_string(j, where, "home_commune");
  m.email = get_optional_string(j, where, "email");
  m.phone = get_optional_string(j, where, "phone");
  return m;
}

Event decode_event_json(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  Event e;
  e.id = get_uuid(j, where, "id");
  const std::string type = get_string(j, where, "type");
  auto t = parse_event_type(type);
  if (!t) {
    bad(where + ".type",
        "one of check_in, check_out, walk_in, booking_request, booking_cancel, booking_move, badge_assign, "
        "member_create, help_request, participant_status, activity_record");
  }
  e.type = *t;
  e.at = get_instant(j, where, "at");
  if (is_visit_event(e.type)) e.visit_id = get_uuid(j, where, "visit_id");
  switch (e.type) {
    case EventType::CheckIn:
      e.member_id = get_int(j, where, "member_id");
      // No badge: an animator let the member in (« Faire entrer »); the
      // server then asks for by_member_id.
      if (j.contains("badge_uid") && !j["badge_uid"].is_null()) e.badge_uid = get_badge_uid(j, where, "badge_uid");
      if (j.contains("booking_id") && !j["booking_id"].is_null()) e.booking_id = get_uuid(j, where, "booking_id");
      break;
    case EventType::CheckOut:
    case EventType::WalkIn:
      break;
    case EventType::BookingRequest:
      e.booking_id = get_uuid(j, where, "booking_id");
      e.member_id = get_int(j, where, "member_id");
      e.resource_id = get_int(j, where, "resource_id");
      e.start = get_instant(j, where, "start");
      e.end = get_instant(j, where, "end");
      break;
    case EventType::BookingCancel:
      e.booking_id = get_uuid(j, where, "booking_id");
      break;
    case EventType::BookingMove:
      e.booking_id = get_uuid(j, where, "booking_id");
      e.resource_id = get_int(j, where, "resource_id");
      e.start = get_instant(j, where, "start");
      e.end = get_instant(j, where, "end");
      break;
    case EventType::BadgeAssign:
      e.badge_uid = get_badge_uid(j, where, "badge_uid");
      e.member_id = get_int(j, where, "member_id");
      break;
    case EventType::MemberCreate:
      e.member_ref = get_uuid(j, where, "member_ref");
      e.new_member = decode_new_member(field(j, where, "member"), where + ".member");
      if (j.contains("badge_uid") && !j["badge_uid"].is_null()) e.badge_uid = get_badge_uid(j, where, "badge_uid");
      break;
    case EventType::HelpRequest:
      e.appointment_id = get_uuid(j, where, "appointment_id");
      e.type_id = get_int(j, where, "type_id");
      e.mediator_id = get_int(j, where, "mediator_id");
      if (j.contains("start") && !j["start"].is_null()) e.start = get_instant(j, where, "start");
      e.participant = decode_participant(field(j, where, "participant"), where + ".participant");
      break;
    case EventType::ParticipantStatusChange: {
      e.appointment_id = get_uuid(j, where, "appointment_id");
      e.participant_id = get_uuid(j, where, "participant_id");
      auto st = mediation::parse_participant_status(get_string(j, where, "status"));
      if (!st) bad(where + ".status", "unknown, seen, excused, revoked or noshow");
      e.participant_status = *st;
      break;
    }
    case EventType::ActivityRecorded:
      e.activity = decode_activity(field(j, where, "activity"), where + ".activity");
      break;
  }
  if (j.contains("by_member_id") && !j["by_member_id"].is_null()) e.by_member_id = get_int(j, where, "by_member_id");
  return e;
}

json encode_site(const Site& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"address", s.address},
          {"insee_code", s.insee_code},
          {"opening_hours", s.opening_hours}};
}

Site decode_site(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  Site s;
  s.id = get_int(j, where, "id");
  s.name = get_string(j, where, "name");
  s.address = get_string(j, where, "address");
  s.insee_code = get_string(j, where, "insee_code");
  s.opening_hours = get_string(j, where, "opening_hours");
  return s;
}

json encode_member(const MemberRecord& m) {
  json roles = json::array();
  for (Role r : m.roles) roles.push_back(to_string(r));
  json j = {
      {"id", m.id}, {"first_name", m.first_name}, {"last_name", m.last_name}, {"roles", roles}, {"active", m.active}};
  if (m.pin_hash) j["pin_hash"] = *m.pin_hash;
  if (m.home_site_id != 0) j["home_site_id"] = m.home_site_id;
  if (m.sites) j["sites"] = *m.sites;
  return j;
}

json encode_resource(const ResourceRecord& r) {
  json j = {{"id", r.resource.id},
            {"kind", resource_kind_name(r.resource.kind)},
            {"name", r.resource.name},
            {"capacity", r.resource.capacity},
            {"features", r.resource.features},
            {"active", r.active}};
  // English words only when staff gave them: an older kiosk ignores them.
  if (!r.resource.name_en.empty()) j["name_en"] = r.resource.name_en;
  if (!r.resource.features_en.empty()) j["features_en"] = r.resource.features_en;
  return j;
}

ResourceRecord decode_resource(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  ResourceRecord r;
  r.resource.id = get_int(j, where, "id");
  const auto kind = parse_resource_kind(get_string(j, where, "kind"));
  if (!kind) bad(where + ".kind", "desk or visio_room");
  r.resource.kind = *kind;
  r.resource.name = get_string(j, where, "name");
  const std::int64_t capacity = get_int(j, where, "capacity");
  if (capacity < 1 || capacity > 1000) bad(where + ".capacity", "a capacity from 1 to 1000");
  r.resource.capacity = static_cast<int>(capacity);
  r.resource.features = get_string(j, where, "features");
  // Absent (an older server) or null: no English given.
  r.resource.name_en = get_optional_string(j, where, "name_en").value_or(std::string());
  r.resource.features_en = get_optional_string(j, where, "features_en").value_or(std::string());
  r.active = get_bool(j, where, "active");
  return r;
}

json encode_booking(const Booking& b, int protocol) {
  json j = {{"id", b.id},
            {"resource_id", b.resource_id},
            {"member_id", b.member_id},
            {"start", to_iso_utc(b.start)},
            {"end", to_iso_utc(b.end)},
            {"status", to_string(b.status)}};
  if (b.refusal) {
    // A version 1 kiosk refuses a code it does not know (the whole answer
    // with it): it reads a site it may not use as its membership not found.
    const Refusal r = protocol < 2 && *b.refusal == Refusal::SiteNotAllowed ? Refusal::UnknownMember : *b.refusal;
    j["refusal"] = to_string(r);
  }
  return j;
}

Booking decode_booking(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  Booking b;
  b.id = get_uuid(j, where, "id");
  b.resource_id = get_int(j, where, "resource_id");
  b.member_id = get_int(j, where, "member_id");
  b.start = get_instant(j, where, "start");
  b.end = get_instant(j, where, "end");
  if (b.end <= b.start) bad(where + ".end", "a time after start");
  auto status = parse_booking_status(get_string(j, where, "status"));
  if (!status) bad(where + ".status", "pending, confirmed, checked_in, cancelled, no_show or refused");
  b.status = *status;
  if (j.contains("refusal") && !j["refusal"].is_null()) {
    auto refusal = parse_refusal(get_string(j, where, "refusal"));
    if (!refusal) bad(where + ".refusal", "a refusal code such as overlap");
    b.refusal = *refusal;
  }
  return b;
}

json encode_rules(const BookingRules& r) {
  return {{"advance_days", r.advance_days},
          {"max_duration_min", r.max_duration.count()},
          {"max_per_day", r.max_per_day},
          {"max_per_week", r.max_per_week},
          {"grace_min", r.grace.count()},
          {"check_in_early_min", r.check_in_early.count()},
          {"limits_scope", r.limits_network ? "network" : "site"}};
}

BookingRules decode_rules(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  BookingRules r;
  r.advance_days = get_small_int(j, where, "advance_days", 0, 3650);
  r.max_duration = std::chrono::minutes(get_small_int(j, where, "max_duration_min", 1, 24 * 60));
  r.max_per_day = get_small_int(j, where, "max_per_day", 1, 1000);
  r.max_per_week = get_small_int(j, where, "max_per_week", 1, 1000);
  r.grace = std::chrono::minutes(get_small_int(j, where, "grace_min", 0, 24 * 60));
  r.check_in_early = std::chrono::minutes(get_small_int(j, where, "check_in_early_min", 0, 24 * 60));
  // Absent from a version 1 server: the site's own bookings.
  if (const auto scope = get_optional_string(j, where, "limits_scope")) {
    if (*scope != "site" && *scope != "network") bad(where + ".limits_scope", "site or network");
    r.limits_network = *scope == "network";
  }
  return r;
}

MemberRecord decode_member(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  MemberRecord m;
  m.id = get_int(j, where, "id");
  m.first_name = get_string(j, where, "first_name");
  m.last_name = get_string(j, where, "last_name");
  const json& roles = get_array(j, where, "roles");
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const std::string w = where + ".roles[" + std::to_string(i) + "]";
    if (!roles[i].is_string()) bad(w, "a role name");
    auto r = parse_role(roles[i].get<std::string>());
    if (!r) bad(w, "one of member, animator, mediator, admin");
    m.roles.push_back(*r);
  }
  m.active = get_bool(j, where, "active");
  m.pin_hash = get_optional_string(j, where, "pin_hash");
  if (j.contains("home_site_id") && !j["home_site_id"].is_null()) {
    m.home_site_id = get_int(j, where, "home_site_id");
    if (m.home_site_id < 1) bad(where + ".home_site_id", "a site id ≥ 1");
  }
  if (j.contains("sites") && !j["sites"].is_null()) {
    const json& sites = get_array(j, where, "sites");
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < sites.size(); ++i) {
      if (!sites[i].is_number_integer() || sites[i].get<std::int64_t>() < 1)
        bad(where + ".sites[" + std::to_string(i) + "]", "a site id ≥ 1");
      ids.push_back(sites[i].get<std::int64_t>());
    }
    m.sites = std::move(ids);
  }
  return m;
}

NetworkSite decode_network_site(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  NetworkSite s;
  s.id = get_int(j, where, "id");
  if (s.id < 1) bad(where + ".id", "a site id ≥ 1");
  s.name = get_string(j, where, "name");
  return s;
}

BadgeRecord decode_badge(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  BadgeRecord b;
  auto uid = BadgeUid::parse(get_string(j, where, "uid"));
  if (!uid) bad(where + ".uid", "a badge UID of 4, 7 or 10 bytes in hex");
  b.uid = uid->hex();
  b.member_id = get_int(j, where, "member_id");
  b.revoked = get_bool(j, where, "revoked");
  return b;
}

template <typename T, typename F>
std::vector<T> decode_list(const json& doc, const char* name, F decode_one, bool optional = false) {
  if (optional && !doc.contains(name)) return {};
  const json& arr = get_array(doc, "body", name);
  std::vector<T> out;
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    out.push_back(decode_one(arr[i], std::string(name) + "[" + std::to_string(i) + "]"));
  }
  return out;
}

}  // namespace

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::CheckIn:
      return "check_in";
    case EventType::CheckOut:
      return "check_out";
    case EventType::WalkIn:
      return "walk_in";
    case EventType::BookingRequest:
      return "booking_request";
    case EventType::BookingCancel:
      return "booking_cancel";
    case EventType::BookingMove:
      return "booking_move";
    case EventType::BadgeAssign:
      return "badge_assign";
    case EventType::MemberCreate:
      return "member_create";
    case EventType::HelpRequest:
      return "help_request";
    case EventType::ParticipantStatusChange:
      return "participant_status";
    case EventType::ActivityRecorded:
      return "activity_record";
  }
  return "?";
}

std::optional<EventType> parse_event_type(std::string_view s) {
  if (s == "check_in") return EventType::CheckIn;
  if (s == "check_out") return EventType::CheckOut;
  if (s == "walk_in") return EventType::WalkIn;
  if (s == "booking_request") return EventType::BookingRequest;
  if (s == "booking_cancel") return EventType::BookingCancel;
  if (s == "booking_move") return EventType::BookingMove;
  if (s == "badge_assign") return EventType::BadgeAssign;
  if (s == "member_create") return EventType::MemberCreate;
  if (s == "help_request") return EventType::HelpRequest;
  if (s == "participant_status") return EventType::ParticipantStatusChange;
  if (s == "activity_record") return EventType::ActivityRecorded;
  return std::nullopt;
}

const mediation::AppointmentType* kiosk_appointment_type(const HelpAgenda& agenda) {
  for (const auto& t : agenda.types) {
    if (t.active && !t.collective) return &t;
  }
  return nullptr;
}

std::vector<mediation::Appointment> appointments_of(const std::vector<AppointmentRecord>& records) {
  std::vector<mediation::Appointment> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(r.appointment);
  return out;
}

std::string_view to_string(AckStatus s) {
  switch (s) {
    case AckStatus::Stored:
      return "stored";
    case AckStatus::Duplicate:
      return "duplicate";
    case AckStatus::Rejected:
      return "rejected";
  }
  return "?";
}

std::string encode(const SyncRequest& r) {
  json events = json::array();
  for (const auto& e : r.events) events.push_back(encode_event_json(e));
  json doc = {{"protocol", r.protocol},
              {"cursor", r.cursor},
              {"kiosk_version", r.kiosk_version},
              {"events", std::move(events)}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode(const SyncResponse& r) {
  json acks = json::array();
  for (const auto& a : r.acks) {
    json j = {{"id", a.id}, {"status", to_string(a.status)}};
    if (a.status == AckStatus::Rejected) j["reason"] = a.reason;
    acks.push_back(std::move(j));
  }
  json members = json::array();
  for (const auto& m : r.members) members.push_back(encode_member(m));
  json badges = json::array();
  for (const auto& b : r.badges) {
    badges.push_back({{"uid", b.uid}, {"member_id", b.member_id}, {"revoked", b.revoked}});
  }
  json doc = {{"protocol", r.protocol},
              {"server_time", to_iso_utc(r.server_time)},
              {"acks", std::move(acks)},
              {"cursor", r.cursor},
              {"more", r.more},
              {"site", r.site ? encode_site(*r.site) : json(nullptr)},
              {"members", std::move(members)},
              {"badges", std::move(badges)}};
  json resources = json::array();
  for (const auto& res : r.resources) resources.push_back(encode_resource(res));
  doc["resources"] = std::move(resources);
  json bookings = json::array();
  for (const auto& b : r.bookings) bookings.push_back(encode_booking(b, r.protocol));
  doc["bookings"] = std::move(bookings);
  if (r.rules)
    doc["rules"] = {{"desk", encode_rules(r.rules->desk)}, {"visio_room", encode_rules(r.rules->visio_room)}};
  if (r.help_agenda) doc["help_agenda"] = encode_help_agenda(*r.help_agenda);
  if (!r.network_sites.empty()) {
    json sites = json::array();
    for (const auto& s : r.network_sites) sites.push_back({{"id", s.id}, {"name", s.name}});
    doc["network_sites"] = std::move(sites);
  }
  json appointments = json::array();
  for (const auto& a : r.appointments) appointments.push_back(encode_appointment(a));
  doc["appointments"] = std::move(appointments);
  // Names may hold any UTF-8; replace invalid sequences rather than throw.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_event(const Event& e) {
  return encode_event_json(e).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Event> decode_event(std::string_view json_text) {
  try {
    const json doc = parse_object(json_text);
    return decode_event_json(doc, "event");
  } catch (const DecodeError& e) {
    return Error{e.message};
  }
}

Result<SyncRequest> decode_request(std::string_view body) {
  try {
    const json doc = parse_object(body);
    SyncRequest r;
    r.protocol = check_protocol(doc, kOldestProtocolVersion);
    r.cursor = get_int(doc, "body", "cursor");
    if (r.cursor < 0) bad("body.cursor", "a cursor ≥ 0");
    if (doc.contains("kiosk_version")) r.kiosk_version = get_string(doc, "body", "kiosk_version");
    const json& events = get_array(doc, "body", "events");
    if (events.size() > kMaxEventsPerPush) {
      throw DecodeError{"body.events: at most " + std::to_string(kMaxEventsPerPush) +
                        " events per request; send the rest in the next one"};
    }
    r.events = decode_list<Event>(doc, "events", decode_event_json);
    return r;
  } catch (const DecodeError& e) {
    return Error{e.message};
  }
}

Result<SyncResponse> decode_response(std::string_view body) {
  try {
    const json doc = parse_object(body);
    SyncResponse r;
    r.protocol = check_protocol(doc, kProtocolVersion);
    r.server_time = get_instant(doc, "body", "server_time");
    r.cursor = get_int(doc, "body", "cursor");
    r.more = get_bool(doc, "body", "more");
    r.acks = decode_list<EventAck>(doc, "acks", [](const json& j, const std::string& where) {
      if (!j.is_object()) bad(where, "an object");
      EventAck a;
      a.id = get_uuid(j, where, "id");
      const std::string s = get_string(j, where, "status");
      if (s == "stored")
        a.status = AckStatus::Stored;
      else if (s == "duplicate")
        a.status = AckStatus::Duplicate;
      else if (s == "rejected")
        a.status = AckStatus::Rejected;
      else
        bad(where + ".status", "stored, duplicate or rejected");
      if (a.status == AckStatus::Rejected) a.reason = get_string(j, where, "reason");
      return a;
    });
    const json& site = field(doc, "body", "site");
    if (!site.is_null()) r.site = decode_site(site, "body.site");
    r.members = decode_list<MemberRecord>(doc, "members", decode_member);
    r.badges = decode_list<BadgeRecord>(doc, "badges", decode_badge);
    r.resources = decode_list<ResourceRecord>(doc, "resources", decode_resource, /*optional=*/true);
    r.bookings = decode_list<Booking>(doc, "bookings", decode_booking, /*optional=*/true);
    if (doc.contains("rules") && !doc["rules"].is_null()) {
      const json& rules = doc["rules"];
      if (!rules.is_object()) bad("body.rules", "an object");
      SiteRules sr;
      sr.desk = decode_rules(field(rules, "body.rules", "desk"), "body.rules.desk");
      sr.visio_room = decode_rules(field(rules, "body.rules", "visio_room"), "body.rules.visio_room");
      r.rules = sr;
    }
    if (doc.contains("help_agenda") && !doc["help_agenda"].is_null()) {
      r.help_agenda = decode_help_agenda(doc["help_agenda"], "body.help_agenda");
    }
    r.appointments = decode_list<AppointmentRecord>(doc, "appointments", decode_appointment, /*optional=*/true);
    r.network_sites = decode_list<NetworkSite>(doc, "network_sites", decode_network_site, /*optional=*/true);
    return r;
  } catch (const DecodeError& e) {
    return Error{e.message};
  }
}

}  // namespace escale::sync
