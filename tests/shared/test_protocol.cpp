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
  r.members = {{7, "Élodie", "Lefèvre", {Role::Member, Role::Animator}, true}, {8, "", "", {}, false}};
  r.badges = {{"04A22B9A", 7, false}, {"04D5E6F708A1B2", 8, true}};
  return r;
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
  for (auto t : {EventType::CheckIn, EventType::CheckOut, EventType::WalkIn}) {
    CHECK(parse_event_type(to_string(t)) == t);
  }
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
  CHECK(doc["protocol"] == 1);
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
  doc["protocol"] = 2;
  request_fails(doc, "body.protocol: version 2 is not supported");
  doc["protocol"] = 0;
  request_fails(doc, "body.protocol: version 0");
  doc["protocol"] = "1";
  request_fails(doc, "body.protocol: expected an integer");
  doc.erase("protocol");
  request_fails(doc, "body.protocol: missing");

  json res = response_json();
  res["protocol"] = 2;
  response_fails(res, "body.protocol: version 2");
}

TEST_CASE("protocol: missing request fields are named", "[protocol]") {
  for (const char* name : {"cursor", "events"}) {
    json doc = request_json();
    doc.erase(name);
    request_fails(doc, std::string("body.") + name + ": missing");
  }
  for (const char* name : {"id", "type", "at", "visit_id", "member_id", "badge_uid"}) {
    json doc = request_json();
    doc["events"][0].erase(name);
    request_fails(doc, std::string("events[0].") + name + ": missing");
  }
  json doc = request_json();
  doc["events"][1].erase("visit_id");
  request_fails(doc, "events[1].visit_id: missing");
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
