#include "sync/protocol.hpp"  // first: the header is self-contained

// Sync protocol v1: what encode writes, decode reads back, and every way a
// body can be wrong is refused with a message naming the field.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace {

using namespace escale;
using namespace escale::sync;
using nlohmann::json;

constexpr const char* kEventId = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
constexpr const char* kVisitId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
constexpr const char* kBookingId = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";
constexpr const char* kPinHash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

Instant at(const char* iso) {
  return *parse_iso_utc(iso);
}

SyncRequest sample_request() {
  SyncRequest r;
  r.cursor = 42;
  r.kiosk_version = "0.1.0";
  Event in;
  in.id = kEventId;
  in.type = EventType::CheckIn;
  in.at = at("2026-11-21T09:30:00.123Z");
  in.visit_id = kVisitId;
  in.member_id = 7;
  in.badge_uid = "04A22B9A";
  Event out;
  out.id = "2b4e28ba-2fa1-41d2-883f-0016d3cca427";
  out.type = EventType::CheckOut;
  out.at = at("2026-11-21T11:00:00.000Z");
  out.visit_id = kVisitId;
  Event walk;
  walk.id = "3b4e28ba-2fa1-41d2-883f-0016d3cca427";
  walk.type = EventType::WalkIn;
  walk.at = at("2026-11-21T10:00:00.000Z");
  walk.visit_id = "7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  r.events = {in, out, walk};
  return r;
}

SyncResponse sample_response() {
  SyncResponse r;
  r.server_time = at("2026-11-21T12:00:00.000Z");
  r.acks = {{kEventId, AckStatus::Stored, ""},
            {"2b4e28ba-2fa1-41d2-883f-0016d3cca427", AckStatus::Duplicate, ""},
            {"3b4e28ba-2fa1-41d2-883f-0016d3cca427", AckStatus::Rejected, "unknown visit"}};
  r.cursor = 57;
  r.more = true;
  r.site = Site{1, "Tiers-lieu « L’Escale »", "2 rue de la Gare", "21425", "Mo-Fr 09:00-18:00"};
  r.members = {{7, "Élodie", "Lefèvre", {Role::Member, Role::Animator}, true, kPinHash},
               {8, "", "", {}, false, std::nullopt}};
  r.badges = {{"04A22B9A", 7, false}, {"04D5E6F708A1B2", 8, true}};
  r.resources = {{Resource{3, 0, ResourceKind::Desk, "Bureau 1", 1, "écran 24 pouces"}, true},
                 {Resource{4, 0, ResourceKind::VisioRoom, "Salle visio", 6, ""}, false}};
  Booking confirmed;
  confirmed.id = kBookingId;
  confirmed.resource_id = 3;
  confirmed.member_id = 7;
  confirmed.start = at("2026-11-23T08:00:00.000Z");
  confirmed.end = at("2026-11-23T11:30:00.000Z");
  confirmed.status = BookingStatus::Confirmed;
  Booking refused = confirmed;
  refused.id = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
  refused.member_id = 8;
  refused.status = BookingStatus::Refused;
  refused.refusal = Refusal::Overlap;
  r.bookings = {confirmed, refused};
  SiteRules rules;
  rules.desk.grace = std::chrono::minutes(20);
  rules.visio_room.max_per_week = 3;
  r.rules = rules;
  return r;
}

// One event of each kind added with the bookings issue, as a kiosk in
// animator mode would send them.
SyncRequest bookings_request() {
  SyncRequest r;
  r.cursor = 57;
  r.kiosk_version = "0.2.0";
  Event request;
  request.id = "4b4e28ba-2fa1-41d2-883f-0016d3cca427";
  request.type = EventType::BookingRequest;
  request.at = at("2026-11-21T09:31:00.000Z");
  request.booking_id = kBookingId;
  request.member_id = 7;
  request.resource_id = 3;
  request.start = at("2026-11-23T08:00:00.000Z");
  request.end = at("2026-11-23T11:30:00.000Z");
  Event cancel;
  cancel.id = "5b4e28ba-2fa1-41d2-883f-0016d3cca427";
  cancel.type = EventType::BookingCancel;
  cancel.at = at("2026-11-21T09:32:00.000Z");
  cancel.booking_id = kBookingId;
  cancel.by_member_id = 12;
  Event move;
  move.id = "6b4e28ba-2fa1-41d2-883f-0016d3cca427";
  move.type = EventType::BookingMove;
  move.at = at("2026-11-21T09:33:00.000Z");
  move.booking_id = kBookingId;
  move.resource_id = 4;
  move.start = at("2026-11-23T13:00:00.000Z");
  move.end = at("2026-11-23T14:00:00.000Z");
  Event assign;
  assign.id = "7b4e28ba-2fa1-41d2-883f-0016d3cca427";
  assign.type = EventType::BadgeAssign;
  assign.at = at("2026-11-21T09:34:00.000Z");
  assign.badge_uid = "04A22B9A";
  assign.member_id = 7;
  assign.by_member_id = 12;
  Event create;
  create.id = "8b4e28ba-2fa1-41d2-883f-0016d3cca427";
  create.type = EventType::MemberCreate;
  create.at = at("2026-11-21T09:35:00.000Z");
  create.member_ref = "aa4e28ba-2fa1-41d2-883f-0016d3cca427";
  create.new_member = NewMember{"Jeanne", "Morel", "21425", std::nullopt, "06 12 34 56 78"};
  create.badge_uid = "04D5E6F708A1B2";
  create.by_member_id = 12;
  Event in;
  in.id = "9b4e28ba-2fa1-41d2-883f-0016d3cca427";
  in.type = EventType::CheckIn;
  in.at = at("2026-11-23T07:55:00.000Z");
  in.visit_id = kVisitId;
  in.member_id = 7;
  in.badge_uid = "04A22B9A";
  in.booking_id = kBookingId;
  in.by_member_id = 12;
  r.events = {request, cancel, move, assign, create, in};
  return r;
}

json bookings_json() {
  return json::parse(encode(bookings_request()));
}

json request_json() {
  return json::parse(encode(sample_request()));
}
json response_json() {
  return json::parse(encode(sample_response()));
}

// Decoding `doc` fails, and the message contains `fragment`.
void request_fails(const json& doc, const std::string& fragment) {
  INFO(doc.dump());
  const auto r = decode_request(doc.dump());
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains(fragment));
}

void response_fails(const json& doc, const std::string& fragment) {
  INFO(doc.dump());
  const auto r = decode_response(doc.dump());
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains(fragment));
}

}  // namespace

TEST_CASE("protocol: event types and ack statuses have stable names", "[protocol]") {
  for (auto t : {EventType::CheckIn, EventType::CheckOut, EventType::WalkIn, EventType::BookingRequest,
                 EventType::BookingCancel, EventType::BookingMove, EventType::BadgeAssign, EventType::MemberCreate}) {
    CHECK(parse_event_type(to_string(t)) == t);
  }
  CHECK(to_string(EventType::BookingRequest) == "booking_request");
  CHECK(to_string(EventType::BookingCancel) == "booking_cancel");
  CHECK(to_string(EventType::BookingMove) == "booking_move");
  CHECK(to_string(EventType::BadgeAssign) == "badge_assign");
  CHECK(to_string(EventType::MemberCreate) == "member_create");
  CHECK(to_string(EventType::CheckIn) == "check_in");
  CHECK(to_string(EventType::CheckOut) == "check_out");
  CHECK(to_string(EventType::WalkIn) == "walk_in");
  CHECK_FALSE(parse_event_type("CHECK_IN").has_value());
  CHECK_FALSE(parse_event_type("").has_value());
  CHECK(to_string(AckStatus::Stored) == "stored");
  CHECK(to_string(AckStatus::Duplicate) == "duplicate");
  CHECK(to_string(AckStatus::Rejected) == "rejected");
}

TEST_CASE("protocol: a request survives encode and decode", "[protocol]") {
  const SyncRequest original = sample_request();
  const auto decoded = decode_request(encode(original));
  REQUIRE(decoded.ok());
  CHECK(decoded->protocol == kProtocolVersion);
  CHECK(decoded->cursor == 42);
  CHECK(decoded->kiosk_version == "0.1.0");
  CHECK(decoded->events == original.events);

  // The wire form is the documented one.
  const json doc = request_json();
  CHECK(doc["protocol"] == 2);
  CHECK(doc["events"][0]["type"] == "check_in");
  CHECK(doc["events"][0]["at"] == "2026-11-21T09:30:00.123Z");
  CHECK(doc["events"][0]["member_id"] == 7);
  CHECK_FALSE(doc["events"][1].contains("member_id"));
  CHECK_FALSE(doc["events"][2].contains("badge_uid"));
}

TEST_CASE("protocol: an empty request and optional kiosk_version", "[protocol]") {
  const auto decoded = decode_request(R"({"protocol":1,"cursor":0,"events":[]})");
  REQUIRE(decoded.ok());
  CHECK(decoded->cursor == 0);
  CHECK(decoded->kiosk_version.empty());
  CHECK(decoded->events.empty());
  // Unknown fields are ignored (forward compatibility within a version).
  CHECK(decode_request(R"({"protocol":1,"cursor":3,"events":[],"future":{"x":1}})").ok());
}

TEST_CASE("protocol: decoding normalizes badge UIDs and accepts offsets", "[protocol]") {
  json doc = request_json();
  doc["events"][0]["badge_uid"] = "04:a2:2b:9a";
  doc["events"][0]["at"] = "2026-11-21T10:30:00.123+01:00";
  const auto decoded = decode_request(doc.dump());
  REQUIRE(decoded.ok());
  CHECK(decoded->events[0].badge_uid == std::optional<std::string>("04A22B9A"));
  CHECK(decoded->events[0].at == at("2026-11-21T09:30:00.123Z"));
}

TEST_CASE("protocol: a walk-in or check-out ignores member fields it does not need", "[protocol]") {
  json doc = request_json();
  doc["events"][2]["member_id"] = "not even an integer";
  const auto decoded = decode_request(doc.dump());
  REQUIRE(decoded.ok());
  CHECK_FALSE(decoded->events[2].member_id.has_value());
  CHECK_FALSE(decoded->events[1].badge_uid.has_value());
}

TEST_CASE("protocol: a response survives encode and decode", "[protocol]") {
  const SyncResponse original = sample_response();
  const auto decoded = decode_response(encode(original));
  REQUIRE(decoded.ok());
  CHECK(decoded->server_time == original.server_time);
  CHECK(decoded->cursor == 57);
  CHECK(decoded->more);
  REQUIRE(decoded->acks.size() == 3);
  CHECK(decoded->acks[0].status == AckStatus::Stored);
  CHECK(decoded->acks[1].status == AckStatus::Duplicate);
  CHECK(decoded->acks[2].status == AckStatus::Rejected);
  CHECK(decoded->acks[2].reason == "unknown visit");
  CHECK(decoded->acks[0].id == kEventId);
  REQUIRE(decoded->site.has_value());
  CHECK(decoded->site->id == 1);
  CHECK(decoded->site->name == original.site->name);
  CHECK(decoded->site->insee_code == "21425");
  CHECK(decoded->site->opening_hours == "Mo-Fr 09:00-18:00");
  REQUIRE(decoded->members.size() == 2);
  CHECK(decoded->members[0].first_name == "Élodie");
  CHECK(decoded->members[0].roles == std::vector<Role>{Role::Member, Role::Animator});
  CHECK(decoded->members[0].active);
  CHECK_FALSE(decoded->members[1].active);
  REQUIRE(decoded->badges.size() == 2);
  CHECK(decoded->badges[1].uid == "04D5E6F708A1B2");
  CHECK(decoded->badges[1].member_id == 8);
  CHECK(decoded->badges[1].revoked);

  // Only a rejected ack carries a reason on the wire; no site is null.
  const json doc = response_json();
  CHECK_FALSE(doc["acks"][0].contains("reason"));
  CHECK(doc["acks"][2]["reason"] == "unknown visit");
  SyncResponse no_site = original;
  no_site.site.reset();
  const json without = json::parse(encode(no_site));
  CHECK(without["site"].is_null());
  const auto back = decode_response(encode(no_site));
  REQUIRE(back.ok());
  CHECK_FALSE(back->site.has_value());
}

TEST_CASE("protocol: invalid UTF-8 in a name does not make encoding throw", "[protocol]") {
  SyncResponse r = sample_response();
  r.members[0].first_name = "Bad \xC3\x28 byte";
  std::string body;
  REQUIRE_NOTHROW(body = encode(r));
  CHECK(decode_response(body).ok());
  SyncRequest q = sample_request();
  q.kiosk_version = "0.1.\xFF";
  REQUIRE_NOTHROW(body = encode(q));
  CHECK(decode_request(body).ok());
}

TEST_CASE("protocol: malformed or truncated JSON is refused", "[protocol]") {
  const std::string full = encode(sample_request());
  for (const std::string& body :
       {std::string(), std::string("{"), std::string("not json"), full.substr(0, full.size() / 2),
        full.substr(0, full.size() - 1), std::string("{\"protocol\":1,}")}) {
    INFO(body);
    const auto r = decode_request(body);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains("body: not valid JSON"));
  }
  for (const std::string& body : {std::string("[]"), std::string("42"), std::string("\"x\""), std::string("null")}) {
    INFO(body);
    const auto r = decode_request(body);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains("body: expected a JSON object"));
  }
  const auto r = decode_response("{\"protocol\":1");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("not valid JSON"));
}

TEST_CASE("protocol: another protocol version is refused", "[protocol]") {
  json doc = request_json();
  doc["protocol"] = 3;
  request_fails(doc, "body.protocol: version 3 is not supported; this side speaks versions 1 to 2");
  doc["protocol"] = 0;
  request_fails(doc, "body.protocol: version 0");
  doc["protocol"] = "1";
  request_fails(doc, "body.protocol: expected an integer");
  doc.erase("protocol");
  request_fails(doc, "body.protocol: missing");
  // A kiosk not upgraded yet still speaks version 1: its requests are read, and say so.
  doc["protocol"] = 1;
  const auto v1 = decode_request(doc.dump());
  REQUIRE(v1.ok());
  CHECK(v1->protocol == 1);

  // A kiosk reads answers in its own version only.
  json res = response_json();
  res["protocol"] = 1;
  response_fails(res, "body.protocol: version 1 is not supported; this side speaks version 2");
  res["protocol"] = 3;
  response_fails(res, "body.protocol: version 3");
}

TEST_CASE("protocol: version 2 members and the network's sites and the limits' scope survive encode and decode",
          "[protocol][network]") {
  SyncResponse r = sample_response();
  REQUIRE_FALSE(r.members.empty());
  r.members[0].home_site_id = 3;
  r.members[0].sites = std::vector<std::int64_t>{3, 5};
  r.network_sites = {{3, "Tiers-lieu d’Aixe"}, {5, "Télécentre de Rochechouart"}};
  SiteRules rules;
  rules.desk.limits_network = true;
  r.rules = rules;
  const auto decoded = decode_response(encode(r));
  REQUIRE(decoded.ok());
  CHECK(decoded->members[0] == r.members[0]);
  CHECK(decoded->network_sites == r.network_sites);
  REQUIRE(decoded->rules);
  CHECK(decoded->rules->desk.limits_network);
  CHECK_FALSE(decoded->rules->visio_room.limits_network);
  // A member of every site has no "sites"; a version 1 server said neither field.
  json doc = json::parse(encode(r));
  CHECK(doc["members"][0]["sites"] == json::array({3, 5}));
  CHECK(doc["rules"]["desk"]["limits_scope"] == "network");
  doc["members"][0].erase("sites");
  doc["members"][0].erase("home_site_id");
  doc["rules"]["desk"].erase("limits_scope");
  doc.erase("network_sites");
  const auto older = decode_response(doc.dump());
  REQUIRE(older.ok());
  CHECK_FALSE(older->members[0].sites);
  CHECK(older->members[0].home_site_id == 0);
  CHECK_FALSE(older->rules->desk.limits_network);
  CHECK(older->network_sites.empty());
  // Wrong values are named.
  json bad = json::parse(encode(r));
  bad["members"][0]["sites"] = json::array({3, "cinq"});
  response_fails(bad, "members[0].sites[1]: expected a site id");
  bad = json::parse(encode(r));
  bad["members"][0]["home_site_id"] = 0;
  response_fails(bad, "members[0].home_site_id: expected a site id");
  bad = json::parse(encode(r));
  bad["rules"]["desk"]["limits_scope"] = "region";
  response_fails(bad, "body.rules.desk.limits_scope: expected site or network");
  bad = json::parse(encode(r));
  bad["network_sites"][1].erase("name");
  response_fails(bad, "network_sites[1].name: missing");
}

TEST_CASE("protocol: an answer in version 1 carries no refusal version 1 cannot read", "[protocol][network]") {
  SyncResponse r = sample_response();
  Booking b;
  b.id = "5f0e8a34-3c1b-4d2e-9f3a-4b5c6d7e8f90";
  b.resource_id = 3;
  b.member_id = 7;
  b.start = *parse_iso_utc("2026-12-08T08:00:00.000Z");
  b.end = *parse_iso_utc("2026-12-08T11:00:00.000Z");
  b.status = BookingStatus::Refused;
  b.refusal = Refusal::SiteNotAllowed;
  r.bookings = {b};
  CHECK(json::parse(encode(r))["bookings"][0]["refusal"] == "site_not_allowed");
  const auto v2 = decode_response(encode(r));
  REQUIRE(v2.ok());
  CHECK(v2->bookings[0].refusal == Refusal::SiteNotAllowed);
  r.protocol = 1;
  const json v1 = json::parse(encode(r));
  CHECK(v1["protocol"] == 1);
  CHECK(v1["bookings"][0]["refusal"] == "unknown_member");
}

TEST_CASE("protocol: missing request fields are named", "[protocol]") {
  for (const char* name : {"cursor", "events"}) {
    json doc = request_json();
    doc.erase(name);
    request_fails(doc, std::string("body.") + name + ": missing");
  }
  // badge_uid is not among them: a check-in without one is a member let in
  // by an animator (below).
  for (const char* name : {"id", "type", "at", "visit_id", "member_id"}) {
    json doc = request_json();
    doc["events"][0].erase(name);
    request_fails(doc, std::string("events[0].") + name + ": missing");
  }
  json doc = request_json();
  doc["events"][1].erase("visit_id");
  request_fails(doc, "events[1].visit_id: missing");
}

TEST_CASE("protocol: a check-in without a badge is a member let in by an animator", "[protocol]") {
  json doc = request_json();
  REQUIRE(doc["events"][0]["type"] == "check_in");
  doc["events"][0].erase("badge_uid");
  doc["events"][0]["by_member_id"] = 9;
  const auto decoded = decode_request(doc.dump());
  REQUIRE(decoded);
  const Event& e = decoded->events[0];
  CHECK(e.type == EventType::CheckIn);
  CHECK(e.member_id == std::optional<std::int64_t>(7));
  CHECK_FALSE(e.badge_uid.has_value());
  CHECK(e.by_member_id == std::optional<std::int64_t>(9));
  // Encoded again, it still has no badge.
  const json again = json::parse(encode_event(e));
  CHECK_FALSE(again.contains("badge_uid"));
  CHECK(again["by_member_id"] == 9);
  // A null badge reads as none; a badge that is not one is still refused.
  doc["events"][0]["badge_uid"] = nullptr;
  CHECK_FALSE(decode_request(doc.dump())->events[0].badge_uid.has_value());
  doc["events"][0]["badge_uid"] = "04A22B";
  request_fails(doc, "events[0].badge_uid: expected a badge UID");
}

TEST_CASE("protocol: wrong types are named", "[protocol]") {
  struct Case {
    const char* pointer;
    json value;
    const char* fragment;
  };
  const Case cases[] = {
      {"/cursor", "42", "body.cursor: expected an integer"},
      {"/cursor", 4.5, "body.cursor: expected an integer"},
      {"/cursor", -1, "body.cursor: expected a cursor"},
      {"/cursor", nullptr, "body.cursor: expected an integer"},
      {"/kiosk_version", 1, "body.kiosk_version: expected a string"},
      {"/events", json::object(), "body.events: expected an array"},
      {"/events/0", "event", "events[0]: expected an object"},
      {"/events/0/id", 12, "events[0].id: expected a string"},
      {"/events/0/type", "check_in_please", "events[0].type: expected one of check_in, check_out, walk_in"},
      {"/events/0/type", true, "events[0].type: expected a string"},
      {"/events/0/at", 1700000000, "events[0].at: expected a string"},
      {"/events/0/member_id", "7", "events[0].member_id: expected an integer"},
      {"/events/0/member_id", 7.0, "events[0].member_id: expected an integer"},
      {"/events/0/badge_uid", 0x04A22B9A, "events[0].badge_uid: expected a string"},
      {"/events/2/visit_id", json::array(), "events[2].visit_id: expected a string"},
  };
  for (const auto& c : cases) {
    json doc = request_json();
    doc[json::json_pointer(c.pointer)] = c.value;
    request_fails(doc, c.fragment);
  }
}

TEST_CASE("protocol: integers too large for 64 bits are refused, not wrapped", "[protocol]") {
  json doc = request_json();
  doc["cursor"] = std::uint64_t{18446744073709551615ULL};
  request_fails(doc, "body.cursor: expected an integer");
  doc = request_json();
  doc["events"][0]["member_id"] = std::uint64_t{9223372036854775808ULL};
  request_fails(doc, "events[0].member_id: expected an integer");
  doc = request_json();
  doc["cursor"] = std::int64_t{9223372036854775807LL};
  const auto ok = decode_request(doc.dump());
  REQUIRE(ok.ok());
  CHECK(ok->cursor == 9223372036854775807LL);
}

TEST_CASE("protocol: bad UUIDs, timestamps and badge UIDs are named", "[protocol]") {
  struct Case {
    const char* pointer;
    const char* value;
    const char* fragment;
  };
  const Case cases[] = {
      {"/events/0/id", "", "events[0].id: expected a UUID"},
      {"/events/0/id", "not-a-uuid", "events[0].id: expected a UUID"},
      {"/events/0/id", "1b4e28ba2fa141d2883f0016d3cca427", "events[0].id: expected a UUID"},
      {"/events/0/id", "1b4e28ba-2fa1-41d2-883f-0016d3cca42g", "events[0].id: expected a UUID"},
      {"/events/1/visit_id", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4", "events[1].visit_id: expected a UUID"},
      {"/events/0/at", "2026-11-21 09:30:00", "events[0].at: expected an ISO 8601 UTC time"},
      {"/events/0/at", "2026-02-30T09:30:00Z", "events[0].at: expected an ISO 8601 UTC time"},
      {"/events/0/at", "2026-11-21T25:30:00Z", "events[0].at: expected an ISO 8601 UTC time"},
      {"/events/0/at", "2026-11-21T09:30:00", "events[0].at: expected an ISO 8601 UTC time"},
      {"/events/0/at", "yesterday", "events[0].at: expected an ISO 8601 UTC time"},
      {"/events/2/at", "", "events[2].at: expected an ISO 8601 UTC time"},
      {"/events/0/badge_uid", "04A22B", "events[0].badge_uid: expected a badge UID"},
      {"/events/0/badge_uid", "04A22B9Z", "events[0].badge_uid: expected a badge UID"},
      {"/events/0/badge_uid", "", "events[0].badge_uid: expected a badge UID"},
      {"/events/0/badge_uid", "04::A2:2B:9A", "events[0].badge_uid: expected a badge UID"},
  };
  for (const auto& c : cases) {
    json doc = request_json();
    doc[json::json_pointer(c.pointer)] = c.value;
    request_fails(doc, c.fragment);
  }
}

TEST_CASE("protocol: at most kMaxEventsPerPush events per request", "[protocol]") {
  SyncRequest r = sample_request();
  const Event one = r.events[0];
  r.events.assign(kMaxEventsPerPush, one);
  const auto at_limit = decode_request(encode(r));
  REQUIRE(at_limit.ok());
  CHECK(at_limit->events.size() == kMaxEventsPerPush);
  r.events.push_back(one);
  const auto over = decode_request(encode(r));
  REQUIRE_FALSE(over.ok());
  CHECK_THAT(over.error(), Catch::Contains("body.events: at most 500 events"));
}

TEST_CASE("protocol: the first bad event is the one named", "[protocol]") {
  json doc = request_json();
  doc["events"][2]["at"] = "nope";
  doc["events"][1]["visit_id"] = "nope";
  request_fails(doc, "events[1].visit_id");
}

TEST_CASE("protocol: malformed responses are refused with the field named", "[protocol]") {
  for (const char* name : {"server_time", "cursor", "more", "acks", "site", "members", "badges"}) {
    json doc = response_json();
    doc.erase(name);
    response_fails(doc, std::string("body.") + name + ": missing");
  }
  struct Case {
    const char* pointer;
    json value;
    const char* fragment;
  };
  const Case cases[] = {
      {"/server_time", "2026-11-21", "body.server_time: expected an ISO 8601 UTC time"},
      {"/cursor", "57", "body.cursor: expected an integer"},
      {"/more", "false", "body.more: expected true or false"},
      {"/more", 0, "body.more: expected true or false"},
      {"/acks", json::object(), "body.acks: expected an array"},
      {"/acks/0", 1, "acks[0]: expected an object"},
      {"/acks/0/id", "x", "acks[0].id: expected a UUID"},
      {"/acks/1/status", "done", "acks[1].status: expected stored, duplicate or rejected"},
      {"/site", "Montbard", "body.site: expected an object"},
      {"/site/id", "1", "body.site.id: expected an integer"},
      {"/site/insee_code", 21425, "body.site.insee_code: expected a string"},
      {"/members/0/roles", "member", "members[0].roles: expected an array"},
      {"/members/0/roles/1", "boss", "members[0].roles[1]: expected one of member, animator, mediator, admin"},
      {"/members/0/roles/0", 1, "members[0].roles[0]: expected a role name"},
      {"/members/1/active", "yes", "members[1].active: expected true or false"},
      {"/members/0/first_name", nullptr, "members[0].first_name: expected a string"},
      {"/badges/0/uid", "XYZ", "badges[0].uid: expected a badge UID"},
      {"/badges/1/member_id", "8", "badges[1].member_id: expected an integer"},
      {"/badges/0/revoked", nullptr, "badges[0].revoked: expected true or false"},
  };
  for (const auto& c : cases) {
    json doc = response_json();
    doc[json::json_pointer(c.pointer)] = c.value;
    response_fails(doc, c.fragment);
  }
  json doc = response_json();
  doc["acks"][2].erase("reason");
  response_fails(doc, "acks[2].reason: missing");
}

TEST_CASE("protocol: booking, badge and member events survive encode and decode", "[protocol][bookings]") {
  const SyncRequest original = bookings_request();
  const auto decoded = decode_request(encode(original));
  REQUIRE(decoded.ok());
  REQUIRE(decoded->events.size() == original.events.size());
  for (std::size_t i = 0; i < original.events.size(); ++i) {
    INFO(i);
    CHECK(decoded->events[i] == original.events[i]);
  }

  // The wire form is the documented one.
  const json doc = bookings_json();
  const json& request = doc["events"][0];
  CHECK(request["type"] == "booking_request");
  CHECK(request["booking_id"] == kBookingId);
  CHECK(request["resource_id"] == 3);
  CHECK(request["start"] == "2026-11-23T08:00:00.000Z");
  CHECK(request["end"] == "2026-11-23T11:30:00.000Z");
  CHECK_FALSE(request.contains("visit_id"));
  CHECK_FALSE(request.contains("by_member_id"));  // not in animator mode
  CHECK(doc["events"][1]["by_member_id"] == 12);
  const json& create = doc["events"][4];
  CHECK(create["member_ref"] == "aa4e28ba-2fa1-41d2-883f-0016d3cca427");
  CHECK(create["member"]["first_name"] == "Jeanne");
  CHECK(create["member"]["home_commune"] == "21425");
  CHECK(create["member"]["email"].is_null());
  CHECK(create["badge_uid"] == "04D5E6F708A1B2");
  CHECK(doc["events"][5]["booking_id"] == kBookingId);
  CHECK(doc["events"][5]["visit_id"] == kVisitId);
}

TEST_CASE("protocol: optional fields of the new events may be absent or null", "[protocol][bookings]") {
  json doc = bookings_json();
  doc["events"][5]["booking_id"] = nullptr;  // a check-in on no particular booking
  doc["events"][5]["by_member_id"] = nullptr;
  doc["events"][4].erase("badge_uid");  // a member made without a badge
  doc["events"][4]["member"].erase("phone");
  doc["events"][4]["member"]["home_commune"] = nullptr;
  const auto decoded = decode_request(doc.dump());
  REQUIRE(decoded.ok());
  CHECK_FALSE(decoded->events[5].booking_id.has_value());
  CHECK_FALSE(decoded->events[5].by_member_id.has_value());
  CHECK_FALSE(decoded->events[4].badge_uid.has_value());
  REQUIRE(decoded->events[4].new_member.has_value());
  CHECK_FALSE(decoded->events[4].new_member->phone.has_value());
  CHECK_FALSE(decoded->events[4].new_member->home_commune.has_value());
  // A check-in of protocol 1 before bookings (no booking_id at all) still reads.
  CHECK(decode_request(encode(sample_request())).ok());
  // Badge UIDs are normalized in the new events too.
  doc["events"][3]["badge_uid"] = "04:a2:2b:9a";
  doc["events"][4]["badge_uid"] = "04 d5 e6 f7 08 a1 b2";
  const auto normalized = decode_request(doc.dump());
  REQUIRE(normalized.ok());
  CHECK(normalized->events[3].badge_uid == std::optional<std::string>("04A22B9A"));
  CHECK(normalized->events[4].badge_uid == std::optional<std::string>("04D5E6F708A1B2"));
}

TEST_CASE("protocol: missing fields of the new events are named", "[protocol][bookings]") {
  struct Case {
    int event;
    const char* field;
  };
  const Case cases[] = {
      {0, "booking_id"}, {0, "member_id"},  {0, "resource_id"}, {0, "start"},  {0, "end"},
      {1, "booking_id"}, {2, "booking_id"}, {2, "resource_id"}, {2, "start"},  {2, "end"},
      {3, "badge_uid"},  {3, "member_id"},  {4, "member_ref"},  {4, "member"}, {5, "member_id"},
  };
  for (const auto& c : cases) {
    json doc = bookings_json();
    doc["events"][c.event].erase(c.field);
    // The failing event is moved first, so the message names events[0].
    json only = doc;
    only["events"] = json::array({doc["events"][c.event]});
    request_fails(only, std::string("events[0].") + c.field + ": missing");
  }
  for (const char* name : {"first_name", "last_name"}) {
    json doc = bookings_json();
    doc["events"][4]["member"].erase(name);
    request_fails(doc, std::string("events[4].member.") + name + ": missing");
  }
}

TEST_CASE("protocol: wrong values in the new events are named", "[protocol][bookings]") {
  struct Case {
    const char* pointer;
    json value;
    const char* fragment;
  };
  const Case cases[] = {
      {"/events/0/booking_id", "booking-1", "events[0].booking_id: expected a UUID"},
      {"/events/0/booking_id", 1, "events[0].booking_id: expected a string"},
      {"/events/0/resource_id", "3", "events[0].resource_id: expected an integer"},
      {"/events/0/start", "2026-11-23 09:00", "events[0].start: expected an ISO 8601 UTC time"},
      {"/events/0/end", nullptr, "events[0].end: expected a string"},
      {"/events/1/booking_id", "", "events[1].booking_id: expected a UUID"},
      {"/events/1/by_member_id", "12", "events[1].by_member_id: expected an integer"},
      {"/events/1/by_member_id", 1.5, "events[1].by_member_id: expected an integer"},
      {"/events/2/resource_id", json::array(), "events[2].resource_id: expected an integer"},
      {"/events/3/badge_uid", "04A2", "events[3].badge_uid: expected a badge UID"},
      {"/events/3/member_id", nullptr, "events[3].member_id: expected an integer"},
      {"/events/4/member_ref", "ref-1", "events[4].member_ref: expected a UUID"},
      {"/events/4/member", "Jeanne Morel", "events[4].member: expected an object"},
      {"/events/4/member/first_name", 1, "events[4].member.first_name: expected a string"},
      {"/events/4/member/home_commune", 21425, "events[4].member.home_commune: expected a string or null"},
      {"/events/4/member/email", false, "events[4].member.email: expected a string or null"},
      {"/events/4/badge_uid", "nope", "events[4].badge_uid: expected a badge UID"},
      {"/events/5/booking_id", "not-a-booking", "events[5].booking_id: expected a UUID"},
      {"/events/5/type", "booking_delete",
       "events[5].type: expected one of check_in, check_out, walk_in, "
       "booking_request, booking_cancel, booking_move, badge_assign, "
       "member_create"},
  };
  for (const auto& c : cases) {
    json doc = bookings_json();
    doc[json::json_pointer(c.pointer)] = c.value;
    request_fails(doc, c.fragment);
  }
}

TEST_CASE("protocol: resources, bookings, rules and PIN hashes survive encode and decode", "[protocol][bookings]") {
  const SyncResponse original = sample_response();
  const auto decoded = decode_response(encode(original));
  REQUIRE(decoded.ok());
  REQUIRE(decoded->members.size() == 2);
  CHECK(decoded->members[0].pin_hash == std::optional<std::string>(kPinHash));
  CHECK_FALSE(decoded->members[1].pin_hash.has_value());
  REQUIRE(decoded->resources.size() == 2);
  CHECK(decoded->resources[0].resource.id == 3);
  CHECK(decoded->resources[0].resource.kind == ResourceKind::Desk);
  CHECK(decoded->resources[0].resource.name == "Bureau 1");
  CHECK(decoded->resources[0].resource.capacity == 1);
  CHECK(decoded->resources[0].resource.features == "écran 24 pouces");
  CHECK(decoded->resources[0].active);
  CHECK(decoded->resources[1].resource.kind == ResourceKind::VisioRoom);
  CHECK(decoded->resources[1].resource.capacity == 6);
  CHECK_FALSE(decoded->resources[1].active);
  CHECK(decoded->bookings == original.bookings);
  REQUIRE(decoded->rules.has_value());
  CHECK(*decoded->rules == *original.rules);
  CHECK(decoded->rules->desk.grace == std::chrono::minutes(20));
  CHECK(decoded->rules->visio_room.max_per_week == 3);

  // The wire form is the documented one.
  const json doc = response_json();
  CHECK(doc["members"][0]["pin_hash"] == kPinHash);
  CHECK_FALSE(doc["members"][1].contains("pin_hash"));
  CHECK(doc["resources"][0]["kind"] == "desk");
  CHECK(doc["resources"][1]["kind"] == "visio_room");
  CHECK(doc["bookings"][0]["status"] == "confirmed");
  CHECK_FALSE(doc["bookings"][0].contains("refusal"));
  CHECK(doc["bookings"][1]["status"] == "refused");
  CHECK(doc["bookings"][1]["refusal"] == "overlap");
  CHECK(doc["rules"]["desk"]["grace_min"] == 20);
  CHECK(doc["rules"]["visio_room"]["max_duration_min"] == 120);

  // No rules (the site was not sent): absent, and read back as absent.
  SyncResponse no_rules = original;
  no_rules.rules.reset();
  CHECK_FALSE(json::parse(encode(no_rules)).contains("rules"));
  const auto back = decode_response(encode(no_rules));
  REQUIRE(back.ok());
  CHECK_FALSE(back->rules.has_value());
}

TEST_CASE("protocol: a response of before bookings still reads", "[protocol][bookings]") {
  json doc = response_json();
  doc.erase("resources");
  doc.erase("bookings");
  doc.erase("rules");
  doc["members"][0].erase("pin_hash");
  const auto decoded = decode_response(doc.dump());
  REQUIRE(decoded.ok());
  CHECK(decoded->resources.empty());
  CHECK(decoded->bookings.empty());
  CHECK_FALSE(decoded->rules.has_value());
  CHECK_FALSE(decoded->members[0].pin_hash.has_value());
  doc["rules"] = nullptr;
  doc["members"][0]["pin_hash"] = nullptr;
  CHECK(decode_response(doc.dump()).ok());
}

TEST_CASE("protocol: malformed resources, bookings and rules are named", "[protocol][bookings]") {
  struct Case {
    const char* pointer;
    json value;
    const char* fragment;
  };
  const Case cases[] = {
      {"/members/0/pin_hash", 5, "members[0].pin_hash: expected a string or null"},
      {"/resources", json::object(), "body.resources: expected an array"},
      {"/resources/0", "Bureau 1", "resources[0]: expected an object"},
      {"/resources/0/kind", "office", "resources[0].kind: expected desk or visio_room"},
      {"/resources/0/capacity", 0, "resources[0].capacity: expected a capacity from 1 to 1000"},
      {"/resources/0/capacity", 1001, "resources[0].capacity: expected a capacity from 1 to 1000"},
      {"/resources/1/active", 1, "resources[1].active: expected true or false"},
      {"/resources/1/name", nullptr, "resources[1].name: expected a string"},
      {"/bookings", "none", "body.bookings: expected an array"},
      {"/bookings/0/id", "booking-1", "bookings[0].id: expected a UUID"},
      {"/bookings/0/resource_id", "3", "bookings[0].resource_id: expected an integer"},
      {"/bookings/0/start", "tomorrow", "bookings[0].start: expected an ISO 8601 UTC time"},
      {"/bookings/0/end", "2026-11-23T08:00:00.000Z", "bookings[0].end: expected a time after start"},
      {"/bookings/0/end", "2026-11-23T07:00:00.000Z", "bookings[0].end: expected a time after start"},
      {"/bookings/1/status", "maybe", "bookings[1].status: expected pending, confirmed, checked_in"},
      {"/bookings/1/refusal", "because", "bookings[1].refusal: expected a refusal code"},
      {"/bookings/1/refusal", 3, "bookings[1].refusal: expected a string"},
      {"/rules", "strict", "body.rules: expected an object"},
      {"/rules/desk", json::array(), "body.rules.desk: expected an object"},
      {"/rules/desk/grace_min", -1, "body.rules.desk.grace_min: expected a number from 0 to 1440"},
      {"/rules/desk/max_duration_min", 0, "body.rules.desk.max_duration_min: expected a number from 1 to 1440"},
      {"/rules/visio_room/max_per_day", "2", "body.rules.visio_room.max_per_day: expected an integer"},
      {"/rules/visio_room/advance_days", 4000, "body.rules.visio_room.advance_days: expected a number from 0"},
  };
  for (const auto& c : cases) {
    json doc = response_json();
    doc[json::json_pointer(c.pointer)] = c.value;
    response_fails(doc, c.fragment);
  }
  for (const char* field : {"id", "resource_id", "member_id", "start", "end", "status"}) {
    json doc = response_json();
    doc["bookings"][0].erase(field);
    response_fails(doc, std::string("bookings[0].") + field + ": missing");
  }
  for (const char* field : {"id", "kind", "name", "capacity", "features", "active"}) {
    json doc = response_json();
    doc["resources"][0].erase(field);
    response_fails(doc, std::string("resources[0].") + field + ": missing");
  }
  for (const char* kind : {"desk", "visio_room"}) {
    json doc = response_json();
    doc["rules"].erase(kind);
    response_fails(doc, std::string("body.rules.") + kind + ": missing");
  }
  json doc = response_json();
  doc["rules"]["desk"].erase("check_in_early_min");
  response_fails(doc, "body.rules.desk.check_in_early_min: missing");
}
