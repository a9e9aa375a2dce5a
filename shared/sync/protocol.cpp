// JSON encoding and strict decoding of sync protocol v1 (see protocol.hpp).
#include "sync/protocol.hpp"

#include <nlohmann/json.hpp>

#include "domain/badge.hpp"
#include "domain/uuid.hpp"

namespace escale::sync {
namespace {

using nlohmann::json;

// Thrown inside decoding only, turned into an Error at the boundary.
struct DecodeError {
  std::string message;
};

[[noreturn]] void bad(const std::string& where, std::string_view expected) {
  throw DecodeError{where + ": expected " + std::string(expected)};
}

const json& field(const json& obj, const std::string& where, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) throw DecodeError{where + "." + name + ": missing"};
  return *it;
}

std::string get_string(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_string()) bad(where + "." + name, "a string");
  return v.get<std::string>();
}

std::int64_t get_int(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_number_integer()) bad(where + "." + name, "an integer");
  // A value past INT64_MAX parses as unsigned and would wrap to a negative id.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    bad(where + "." + name, "an integer of at most 19 digits");
  }
  return v.get<std::int64_t>();
}

bool get_bool(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_boolean()) bad(where + "." + name, "true or false");
  return v.get<bool>();
}

const json& get_array(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_array()) bad(where + "." + name, "an array");
  return v;
}

std::string get_uuid(const json& obj, const std::string& where, const char* name) {
  std::string s = get_string(obj, where, name);
  if (!is_valid_uuid(s)) bad(where + "." + name, "a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  return s;
}

Instant get_instant(const json& obj, const std::string& where, const char* name) {
  auto t = parse_iso_utc(get_string(obj, where, name));
  if (!t) bad(where + "." + name, "an ISO 8601 UTC time like 2026-11-21T09:30:00.000Z");
  return *t;
}

json parse_object(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw DecodeError{"body: not valid JSON (truncated or malformed)"};
  if (!doc.is_object()) throw DecodeError{"body: expected a JSON object"};
  return doc;
}

void check_protocol(const json& doc) {
  const std::int64_t p = get_int(doc, "body", "protocol");
  if (p != kProtocolVersion) {
    throw DecodeError{"body.protocol: version " + std::to_string(p) + " is not supported; this side speaks version " +
                      std::to_string(kProtocolVersion)};
  }
}

json encode_event(const Event& e) {
  json j = {{"id", e.id}, {"type", to_string(e.type)}, {"at", to_iso_utc(e.at)}, {"visit_id", e.visit_id}};
  if (e.member_id) j["member_id"] = *e.member_id;
  if (e.badge_uid) j["badge_uid"] = *e.badge_uid;
  return j;
}

Event decode_event(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  Event e;
  e.id = get_uuid(j, where, "id");
  const std::string type = get_string(j, where, "type");
  auto t = parse_event_type(type);
  if (!t) bad(where + ".type", "one of check_in, check_out, walk_in");
  e.type = *t;
  e.at = get_instant(j, where, "at");
  e.visit_id = get_uuid(j, where, "visit_id");
  if (e.type == EventType::CheckIn) {
    e.member_id = get_int(j, where, "member_id");
    const std::string uid = get_string(j, where, "badge_uid");
    auto parsed = BadgeUid::parse(uid);
    if (!parsed) bad(where + ".badge_uid", "a badge UID of 4, 7 or 10 bytes in hex");
    e.badge_uid = parsed->hex();
  }
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
  return {
      {"id", m.id}, {"first_name", m.first_name}, {"last_name", m.last_name}, {"roles", roles}, {"active", m.active}};
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
  return m;
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
std::vector<T> decode_list(const json& doc, const char* name, F decode_one) {
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
  }
  return "?";
}

std::optional<EventType> parse_event_type(std::string_view s) {
  if (s == "check_in") return EventType::CheckIn;
  if (s == "check_out") return EventType::CheckOut;
  if (s == "walk_in") return EventType::WalkIn;
  return std::nullopt;
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
  for (const auto& e : r.events) events.push_back(encode_event(e));
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
  // Names may hold any UTF-8; replace invalid sequences rather than throw.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<SyncRequest> decode_request(std::string_view body) {
  try {
    const json doc = parse_object(body);
    check_protocol(doc);
    SyncRequest r;
    r.cursor = get_int(doc, "body", "cursor");
    if (r.cursor < 0) bad("body.cursor", "a cursor ≥ 0");
    if (doc.contains("kiosk_version")) r.kiosk_version = get_string(doc, "body", "kiosk_version");
    const json& events = get_array(doc, "body", "events");
    if (events.size() > kMaxEventsPerPush) {
      throw DecodeError{"body.events: at most " + std::to_string(kMaxEventsPerPush) +
                        " events per request; send the rest in the next one"};
    }
    r.events = decode_list<Event>(doc, "events", decode_event);
    return r;
  } catch (const DecodeError& e) {
    return Error{e.message};
  }
}

Result<SyncResponse> decode_response(std::string_view body) {
  try {
    const json doc = parse_object(body);
    check_protocol(doc);
    SyncResponse r;
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
    return r;
  } catch (const DecodeError& e) {
    return Error{e.message};
  }
}

}  // namespace escale::sync
