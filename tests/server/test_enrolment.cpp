// Kiosk enrolment: one-time codes (store/enrolment) and their exchange over
// HTTP (POST /api/v1/kiosks/enrol), with every refusal and the attempt limit.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <thread>

#include "api/routes.hpp"
#include "http_test_client.hpp"
#include "server_fixture.hpp"
#include "store/connection_pool.hpp"
#include "store/enrolment.hpp"

using namespace escale;
using namespace escale::server;
using nlohmann::json;

namespace {

const Instant kNow = tests::at("2026-11-22T10:00:00Z");

}  // namespace

TEST_CASE("enrolment: codes are typed as people type them", "[enrolment]") {
  CHECK(normalise_enrolment_code("K7QF2-M9XDA") == "K7QF2M9XDA");
  CHECK(normalise_enrolment_code("k7qf2 m9xda") == "K7QF2M9XDA");
  CHECK(normalise_enrolment_code(" k7qf2m9xda ") == "K7QF2M9XDA");
  CHECK_FALSE(normalise_enrolment_code("K7QF2-M9XD"));    // 9 characters
  CHECK_FALSE(normalise_enrolment_code("K7QF2-M9XDAB"));  // 11
  CHECK_FALSE(normalise_enrolment_code("K7QF2-M9XD0"));   // 0 is not in the alphabet (O/0 confusion)
  CHECK_FALSE(normalise_enrolment_code("K7QF2-M9XDI"));   // nor I
  CHECK_FALSE(normalise_enrolment_code("K7QF2-M9XDé"));
  CHECK_FALSE(normalise_enrolment_code(""));
  CHECK(format_enrolment_code("K7QF2M9XDA") == "K7QF2-M9XDA");
}

TEST_CASE("enrolment: a code is exchanged once for a working token", "[enrolment]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto kiosk = s.kiosk(site, "entrée");
  const auto code = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
  REQUIRE(code);
  CHECK(code->code.size() == 11);
  CHECK(code->code[5] == '-');
  CHECK(code->expires_at == kNow + std::chrono::hours(24 * 7));
  // Only the hash is kept.
  CHECK(s.scalar("SELECT count(*) FROM kiosk_enrolment_codes WHERE code_hash LIKE '%" + code->code.substr(0, 5) +
                 "%'") == 0);

  const auto outcome = enrol_kiosk(s.db, code->code, "192.0.2.7", kNow + std::chrono::hours(1));
  REQUIRE(outcome.enrolled);
  CHECK(outcome.enrolled->kiosk.kiosk.id == kiosk.kiosk.id);
  CHECK(outcome.enrolled->kiosk.kiosk.name == "entrée");
  CHECK(outcome.enrolled->site_name == "Tiers-lieu de Montbard");
  const auto& token = outcome.enrolled->kiosk.token;
  CHECK(token.rfind("esk_", 0) == 0);
  // The new token works; the one made with the kiosk does not any more.
  REQUIRE(authenticate_kiosk(s.db, token));
  CHECK(authenticate_kiosk(s.db, token)->id == kiosk.kiosk.id);
  CHECK_FALSE(authenticate_kiosk(s.db, kiosk.token));

  // Used: refused, and the token stays.
  const auto again = enrol_kiosk(s.db, code->code, "192.0.2.7", kNow + std::chrono::hours(2));
  REQUIRE(again.refusal);
  CHECK(*again.refusal == EnrolmentRefusal::UsedCode);
  CHECK_THAT(again.message, Catch::Contains("kiosk code --id " + std::to_string(kiosk.kiosk.id)));
  CHECK(authenticate_kiosk(s.db, token));
}

TEST_CASE("enrolment: refusals say why, and change nothing", "[enrolment]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto kiosk = s.kiosk(site);

  SECTION("malformed") {
    const auto o = enrol_kiosk(s.db, "hello", "192.0.2.7", kNow);
    REQUIRE(o.refusal);
    CHECK(*o.refusal == EnrolmentRefusal::Malformed);
    CHECK_THAT(o.message, Catch::Contains("10 caractères"));
    CHECK(authenticate_kiosk(s.db, kiosk.token));  // a refusal changes nothing
  }
  SECTION("unknown") {
    const auto o = enrol_kiosk(s.db, "AAAAA-BBBBB", "192.0.2.7", kNow);
    REQUIRE(o.refusal);
    CHECK(*o.refusal == EnrolmentRefusal::UnknownCode);
    CHECK(authenticate_kiosk(s.db, kiosk.token));  // a refusal changes nothing
  }
  SECTION("expired after 7 days") {
    const auto code = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
    REQUIRE(code);
    const auto o =
        enrol_kiosk(s.db, code->code, "192.0.2.7", kNow + std::chrono::hours(24 * 7) + std::chrono::seconds(1));
    REQUIRE(o.refusal);
    CHECK(*o.refusal == EnrolmentRefusal::ExpiredCode);
    CHECK_THAT(o.message, Catch::Contains("expiré"));
    CHECK(authenticate_kiosk(s.db, kiosk.token));  // a refusal changes nothing
  }
  SECTION("a new code replaces the unused one") {
    const auto first = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
    const auto second = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(enrol_kiosk(s.db, first->code, "192.0.2.7", kNow).refusal == EnrolmentRefusal::UnknownCode);
    CHECK(enrol_kiosk(s.db, second->code, "192.0.2.7", kNow).enrolled);
  }
  SECTION("a revoked kiosk gets no code, and its pending code stops") {
    const auto code = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
    REQUIRE(code);
    REQUIRE(revoke_kiosk(s.db, kiosk.kiosk.id));
    CHECK(enrol_kiosk(s.db, code->code, "192.0.2.7", kNow).refusal == EnrolmentRefusal::UnknownCode);
    const auto refused = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error(), Catch::Contains("retirée"));
  }
  SECTION("an unknown kiosk gets no code") {
    const auto refused = issue_enrolment_code(s.db, 999, kNow);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error(), Catch::Contains("kiosk list"));
  }
}

TEST_CASE("enrolment: ten failures from one address stop it for 15 minutes, not others", "[enrolment]") {
  tests::ServerDb s;
  const auto kiosk = s.kiosk(s.site());
  const auto code = issue_enrolment_code(s.db, kiosk.kiosk.id, kNow);
  REQUIRE(code);
  for (int i = 0; i < kEnrolmentMaxFailures; ++i) {
    CHECK(enrol_kiosk(s.db, "AAAAA-AAAA" + std::string(1, kEnrolmentAlphabet[static_cast<std::size_t>(i)]),
                      "198.51.100.9", kNow + std::chrono::seconds(i))
              .refusal == EnrolmentRefusal::UnknownCode);
  }
  // Even the right code is refused from that address now…
  const auto blocked = enrol_kiosk(s.db, code->code, "198.51.100.9", kNow + std::chrono::minutes(1));
  REQUIRE(blocked.refusal);
  CHECK(*blocked.refusal == EnrolmentRefusal::TooManyAttempts);
  CHECK(blocked.retry_after == std::chrono::minutes(14));
  CHECK_THAT(blocked.message, Catch::Contains("14 minutes"));
  // …and was not spent: another address may use it, and so may this one later.
  SECTION("from another address") {
    CHECK(enrol_kiosk(s.db, code->code, "192.0.2.7", kNow + std::chrono::minutes(1)).enrolled);
  }
  SECTION("after the window") {
    CHECK(enrol_kiosk(s.db, code->code, "198.51.100.9", kNow + std::chrono::minutes(16)).enrolled);
  }
}

TEST_CASE("enrolment: codes are random", "[enrolment]") {
  tests::ServerDb s;
  const auto site = s.site();
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto k = s.kiosk(site, "borne " + std::to_string(i));
    const auto code = issue_enrolment_code(s.db, k.kiosk.id, kNow);
    REQUIRE(code);
    REQUIRE(normalise_enrolment_code(code->code));
    seen.insert(code->code);
  }
  CHECK(seen.size() == 50);
}

namespace {

// The API served on a free port over a pool on the fixture's database.
struct EnrolApi : tests::ServerDb {
  std::int64_t site_id = site();
  IssuedKiosk kiosk_issued = kiosk(site_id, "accueil");
  ConnectionPool pool{path, 2};
  http::HttpServer http_server{[] {
                                 http::ServerOptions o;
                                 o.port = 0;
                                 o.threads = 1;
                                 return o;
                               }(),
                               make_api(pool)};
  std::thread thread{[this] { http_server.run(false); }};
  ~EnrolApi() {
    http_server.stop();
    thread.join();
  }
  EnrolApi() = default;
  EnrolApi(const EnrolApi&) = delete;
  EnrolApi& operator=(const EnrolApi&) = delete;

  tests::HttpTestClient::Response post(const std::string& body) {
    tests::HttpTestClient client(http_server.port());
    return client.request(boost::beast::http::verb::post, "/api/v1/kiosks/enrol", body);
  }
};

}  // namespace

TEST_CASE("enrolment api: the code for the token, then sync with it", "[enrolment][api]") {
  EnrolApi api;
  const auto code = issue_enrolment_code(api.db, api.kiosk_issued.kiosk.id, escale::now());
  REQUIRE(code);
  // Typed in lower case with a space, as on a phone keyboard.
  std::string typed = code->code;
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed[5] = ' ';
  const auto r = api.post(json{{"code", typed}, {"version", "0.1.0"}}.dump());
  INFO(r.body());
  REQUIRE(r.result_int() == 200);
  const auto doc = json::parse(r.body());
  CHECK(doc["kiosk_id"] == api.kiosk_issued.kiosk.id);
  CHECK(doc["kiosk_name"] == "accueil");
  CHECK(doc["site_id"] == api.site_id);
  CHECK(doc["site_name"] == "Tiers-lieu de Montbard");
  const auto token = doc["token"].get<std::string>();
  CHECK(authenticate_kiosk(api.db, token));
  // The same code again: 403 used_code.
  const auto again = api.post(json{{"code", code->code}}.dump());
  CHECK(again.result_int() == 403);
  CHECK(json::parse(again.body())["error"]["reason"] == "used_code");
  // The code was recorded as used by the client's address.
  CHECK(api.scalar("SELECT count(*) FROM kiosk_enrolment_codes WHERE used_by = '127.0.0.1'") == 1);
}

TEST_CASE("enrolment api: bad requests and refusals", "[enrolment][api]") {
  EnrolApi api;
  SECTION("not JSON") {
    const auto r = api.post("code=K7QF2M9XDA");
    CHECK(r.result_int() == 400);
    CHECK_THAT(r.body(), Catch::Contains("JSON"));
  }
  SECTION("no code") {
    const auto r = api.post(R"({"version":"0.1.0"})");
    CHECK(r.result_int() == 400);
    CHECK_THAT(r.body(), Catch::Contains("code"));
  }
  SECTION("a number for a code") {
    CHECK(api.post(R"({"code": 12345})").result_int() == 400);
  }
  SECTION("unknown code") {
    const auto r = api.post(R"({"code": "AAAAA-BBBBB"})");
    CHECK(r.result_int() == 403);
    const auto e = json::parse(r.body())["error"];
    CHECK(e["reason"] == "unknown_code");
    CHECK(e["code"] == "unknown_code");
    CHECK_THAT(e["message"].get<std::string>(), Catch::Contains("vérifiez"));
  }
  SECTION("GET is not allowed") {
    tests::HttpTestClient client(api.http_server.port());
    CHECK(client.request(boost::beast::http::verb::get, "/api/v1/kiosks/enrol").result_int() == 405);
  }
  SECTION("too many attempts: 429 with Retry-After") {
    for (int i = 0; i < kEnrolmentMaxFailures; ++i) CHECK(api.post(R"({"code": "AAAAA-BBBBB"})").result_int() == 403);
    const auto r = api.post(R"({"code": "AAAAA-BBBBB"})");
    CHECK(r.result_int() == 429);
    const auto e = json::parse(r.body())["error"];
    CHECK(e["reason"] == "too_many_attempts");
    CHECK(e["retry_after_s"].get<int>() > 800);
    CHECK(r.find(boost::beast::http::field::retry_after) != r.end());
  }
  // Nothing of this made the kiosk's own token stop.
  CHECK(authenticate_kiosk(api.db, api.kiosk_issued.token));
}
