// Issue 17: a kiosk still speaking sync protocol 1 keeps working against the
// new server until it is upgraded. This test is that kiosk's client: the
// requests a version 1 kiosk sends, word for word as version 1 wrote them,
// over HTTP to the real escale-server; its answers are read the way the
// version 1 decoder read them (the protocol number, every field version 1
// required, the refusal codes it knew), and must say what version 1 said: its
// own site's members and badges, nobody else's name.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "harness.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/database.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

using namespace escale;
using namespace escale::testing;
using json = nlohmann::json;

namespace {

struct Seeded {
  std::string token;  // a kiosk of Aixe
  std::int64_t marie = 0;
  std::int64_t paul = 0;
};

Seeded seed(const std::filesystem::path& path) {
  auto db = server::open_server_db(path);
  const auto aixe = server::add_site(db, Site{0, "Tiers-lieu d’Aixe", "", "87001", "Mo-Su 00:00-24:00"});
  const auto rochechouart =
      server::add_site(db, Site{0, "Télécentre de Rochechouart", "", "87126", "Mo-Su 00:00-24:00"});
  REQUIRE(aixe);
  REQUIRE(rochechouart);
  Member m;
  m.site_id = aixe->id;
  m.first_name = "Marie";
  m.last_name = "Dupont";
  Seeded s;
  s.marie = server::add_member(db, m)->id;
  m.site_id = rochechouart->id;
  m.first_name = "Paul";
  m.last_name = "Martin";
  m.email = "paul@example.org";
  s.paul = server::add_member(db, m)->id;
  REQUIRE(server::add_badge(db, *BadgeUid::parse("04A1B2C3"), s.marie));
  REQUIRE(server::add_badge(db, *BadgeUid::parse("04A1B2C4"), s.paul));
  REQUIRE(server::restrict_member_sites(db, s.paul, {rochechouart->id}, {}));
  s.token = server::add_kiosk(db, aixe->id, "entrée")->token;
  return s;
}

// What protocol 1's decoder required of an answer, field by field.
void check_v1_answer(const json& doc) {
  REQUIRE(doc.at("protocol") == 1);
  REQUIRE(doc.at("server_time").is_string());
  REQUIRE(doc.at("cursor").is_number_integer());
  REQUIRE(doc.at("more").is_boolean());
  REQUIRE(doc.at("acks").is_array());
  REQUIRE(doc.contains("site"));
  for (const auto& m : doc.at("members")) {
    REQUIRE(m.at("id").is_number_integer());
    REQUIRE(m.at("first_name").is_string());
    REQUIRE(m.at("last_name").is_string());
    REQUIRE(m.at("active").is_boolean());
    for (const auto& r : m.at("roles"))
      CHECK(std::set<std::string>{"member", "animator", "mediator", "admin"}.count(r));
  }
  for (const auto& b : doc.at("badges")) {
    REQUIRE(b.at("uid").is_string());
    REQUIRE(b.at("member_id").is_number_integer());
    REQUIRE(b.at("revoked").is_boolean());
  }
  static const std::set<std::string> kV1Refusals{
      "invalid_times",    "in_the_past",    "too_far_ahead",   "closed_day",     "outside_hours",
      "multiple_days",    "too_long",       "overlap",         "daily_limit",    "weekly_limit",
      "unknown_resource", "unknown_member", "not_cancellable", "unknown_booking"};
  if (doc.contains("bookings")) {
    for (const auto& b : doc.at("bookings"))
      if (b.contains("refusal") && !b.at("refusal").is_null()) CHECK(kV1Refusals.count(b.at("refusal")));
  }
}

}  // namespace

TEST_CASE("protocol 1: a kiosk not upgraded yet syncs with the new server as before", "[e2e][network][protocol]") {
  TempDir dir("escale-e2e-protocol-1");
  const auto db = dir / "server.db";
  const Seeded seeded = seed(db);
  ServerProcess server(db, dir / "server.log");

  // Its first pull, as version 1 sent it.
  auto reply = http_request(server.port(), "POST", "/api/v1/sync",
                            R"({"protocol":1,"cursor":0,"kiosk_version":"0.9.0","events":[]})", seeded.token);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  json doc = json::parse(reply.body);
  check_v1_answer(doc);
  CHECK_FALSE(doc.contains("network_sites"));
  REQUIRE(doc.at("site").at("name") == "Tiers-lieu d’Aixe");
  // Marie, of its site: whole. Paul, of another site: nothing of him.
  bool marie = false;
  for (const auto& m : doc.at("members")) {
    if (m.at("id") == seeded.marie) {
      marie = true;
      CHECK(m.at("active") == true);
      CHECK(m.at("last_name") == "Dupont");
    } else {
      CHECK(m.at("active") == false);
      CHECK(m.at("first_name") == "");
    }
    CHECK_FALSE(m.contains("sites"));
  }
  CHECK(marie);
  CHECK(reply.body.find("Paul") == std::string::npos);
  CHECK(reply.body.find("paul@example.org") == std::string::npos);
  for (const auto& b : doc.at("badges")) CHECK(b.at("revoked") == (b.at("uid") == "04A1B2C4"));
  const auto cursor = doc.at("cursor").get<std::int64_t>();

  // Its events are taken as before: Marie checks in.
  const std::string event_id = "6f1c1f4e-8b1a-4c2e-9d7a-1b2c3d4e5f60";
  const std::string push = R"({"protocol":1,"cursor":)" + std::to_string(cursor) +
                           R"(,"kiosk_version":"0.9.0","events":[{"id":")" + event_id +
                           R"(","type":"check_in","at":"2026-12-07T08:30:00.000Z",)"
                           R"("visit_id":"0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8","member_id":)" +
                           std::to_string(seeded.marie) + R"(,"badge_uid":"04A1B2C3"}]})";
  reply = http_request(server.port(), "POST", "/api/v1/sync", push, seeded.token);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  doc = json::parse(reply.body);
  check_v1_answer(doc);
  REQUIRE(doc.at("acks").size() == 1);
  CHECK(doc.at("acks")[0].at("id") == event_id);
  CHECK(doc.at("acks")[0].at("status") == "stored");
  {
    store::Database conn(db);
    auto st = conn.prepare("SELECT count(*) FROM visits WHERE member_id = ?");
    st.bind(1, seeded.marie);
    REQUIRE(st.step());
    CHECK(st.int64(0) == 1);
  }
  server.stop();
}
