// Enrolment: the code check, and enrol() against a tiny HTTP responder in
// this process standing in for the server (every answer the server may give,
// garbage, and no answer at all).
#include "sync/enrolment.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <mutex>

#include "stub_http_server.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

using testing::StubServer;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string refusal(int status, const std::string& reason, const std::string& extra = "") {
  return R"({"error": {"status": )" + std::to_string(status) + R"(, "reason": ")" + reason + "\"" + extra +
         R"(, "message": "refused"}})";
}

constexpr auto kTimeout = 300ms;

}  // namespace

TEST_CASE("codes are read as the server reads them", "[enrolment]") {
  CHECK(check_enrolment_code("K7QF2-M9XDA").code == "K7QF2M9XDA");
  CHECK(check_enrolment_code("k7qf2 m9xda").problem == CodeProblem::None);
  CHECK(check_enrolment_code(" K7QF2\u202FM9XDA ").code == "K7QF2M9XDA");
  CHECK(check_enrolment_code("").problem == CodeProblem::Empty);
  CHECK(check_enrolment_code("K7QF2").problem == CodeProblem::TooShort);
  CHECK(check_enrolment_code("K7QF2M9XDAB").problem == CodeProblem::TooLong);
  const auto zero = check_enrolment_code("K7QF2-M9XD0");
  CHECK(zero.problem == CodeProblem::BadCharacter);
  CHECK(zero.bad_character == "0");
  CHECK(check_enrolment_code("k7qf2-m9xdo").bad_character == "O");  // lower case shown as typed in upper case
  CHECK(check_enrolment_code("K7QF2-M9XDé").bad_character == "é");
  CHECK(format_enrolment_code("K7QF2M9XDA") == "K7QF2-M9XDA");
  CHECK(format_enrolment_code("K7Q") == "K7Q");
  CHECK(format_enrolment_code("K7QF2M") == "K7QF2-M");
  CHECK(*normalise_enrolment_code("k7qf2-m9xda") == "K7QF2M9XDA");
  CHECK_FALSE(normalise_enrolment_code("K7QF2-M9XD1"));
}

TEST_CASE("a good code brings the token and the kiosk's names", "[enrolment]") {
  StubServer server(200, R"({"kiosk_id": 3, "kiosk_name": "entrée", "site_id": 1,
                            "site_name": "Tiers-lieu de Vouziers", "token": "esk_secret"})");
  const auto out = enrol(server.url("/escale"), "k7qf2 m9xda", {}, 2s);
  REQUIRE(out.ok());
  CHECK(out.enrolment->token == "esk_secret");
  CHECK(out.enrolment->kiosk_id == 3);
  CHECK(out.enrolment->kiosk_name == "entrée");
  CHECK(out.enrolment->site_id == 1);
  CHECK(out.enrolment->site_name == "Tiers-lieu de Vouziers");
  CHECK(out.enrolment->server_url == server.url("/escale"));
  // The request: under the base path, no token, the normalised code and the version.
  CHECK(server.last_target() == "/escale/api/v1/kiosks/enrol");
  CHECK_FALSE(server.had_authorization());
  const auto body = nlohmann::json::parse(server.last_body());
  CHECK(body.at("code") == "K7QF2M9XDA");
  CHECK(body.at("version") == "0.1.0");
}

TEST_CASE("each refusal of the server has its reason", "[enrolment]") {
  struct Case {
    int status;
    std::string body;
    EnrolFailure reason;
  };
  const std::vector<Case> cases = {
      {403, refusal(403, "unknown_code"), EnrolFailure::UnknownCode},
      {403, refusal(403, "expired_code"), EnrolFailure::ExpiredCode},
      {403, refusal(403, "used_code"), EnrolFailure::UsedCode},
      {429, refusal(429, "too_many_attempts", R"(, "retry_after_s": 900)"), EnrolFailure::TooManyAttempts},
      {400, R"({"error": {"status": 400, "message": "bad request"}})", EnrolFailure::Rejected},
      {500, "Internal Server Error", EnrolFailure::Unreachable},
      {503, "", EnrolFailure::Unreachable},
      {200, "this is not JSON", EnrolFailure::Unreachable},
      {200, R"({"kiosk_id": 3})", EnrolFailure::Unreachable},      // JSON without the token
      {403, "<html>Forbidden</html>", EnrolFailure::Unreachable},  // a proxy, not the server
  };
  for (const auto& c : cases) {
    INFO(c.status << " " << c.body);
    StubServer server(c.status, c.body);
    const auto out = enrol(server.url(), "K7QF2-M9XDA", {}, 2s);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error.reason == c.reason);
    CHECK_FALSE(out.error.detail.empty());
    if (c.reason == EnrolFailure::TooManyAttempts) CHECK(out.error.retry_after == 900s);
  }
}

TEST_CASE("no answer: unreachable, with what the connection said", "[enrolment]") {
  // A port where nobody listens.
  std::string url;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    url = "http://127.0.0.1:" + std::to_string(a.local_endpoint().port());
  }
  auto out = enrol(url, "K7QF2-M9XDA", {}, kTimeout);
  REQUIRE_FALSE(out.ok());
  CHECK(out.error.reason == EnrolFailure::Unreachable);
  CHECK(out.error.detail.find("connect") != std::string::npos);

  // A server that reads and never answers (it holds the connection): the
  // timeout ends it, whatever the time a loaded machine takes.
  StubServer silent(200, "", true);
  out = enrol(silent.url(), "K7QF2-M9XDA", {}, kTimeout);
  REQUIRE_FALSE(out.ok());
  CHECK(out.error.reason == EnrolFailure::Unreachable);
  CHECK(out.error.detail.find("timeout") != std::string::npos);
}

TEST_CASE("a malformed code is refused before any request", "[enrolment]") {
  StubServer server(200, "{}");
  for (const char* code : {"", "K7QF2", "K7QF2-M9XD0", "K7QF2-M9XDAA"}) {
    INFO(code);
    const auto out = enrol(server.url(), code, {}, kTimeout);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error.reason == EnrolFailure::BadCode);
  }
  CHECK(server.requests() == 0);
}

TEST_CASE("the task retries while the server is unreachable, then reports the outcome", "[enrolment]") {
  StubServer server(503, "");
  std::mutex m;
  std::vector<std::pair<bool, bool>> reports;  // ok, will retry
  {
    EnrolmentTask::Settings s;
    s.server_url = server.url();
    s.code = "K7QF2M9XDA";
    s.timeout = kTimeout;
    s.retry = true;
    s.first_backoff = 20ms;
    s.max_backoff = 40ms;
    EnrolmentTask task(s, [&](const EnrolOutcome& o, std::optional<std::chrono::milliseconds> again) {
      std::lock_guard lock(m);
      reports.emplace_back(o.ok(), again.has_value());
    });
    // Three reports (not three requests: a request is counted before its report).
    const auto reported = [&] {
      std::lock_guard lock(m);
      return reports.size() >= 3;
    };
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!reported() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    CHECK_FALSE(task.finished());
  }  // the destructor stops the retries
  std::lock_guard lock(m);
  REQUIRE(reports.size() >= 3);
  for (const auto& r : reports) CHECK(r == std::pair{false, true});

  // A refusal is final: no retry.
  StubServer refusing(403, refusal(403, "used_code"));
  std::atomic<int> calls{0};
  std::atomic<bool> final_seen{false};
  EnrolmentTask::Settings s;
  s.server_url = refusing.url();
  s.code = "K7QF2M9XDA";
  s.timeout = kTimeout;
  s.retry = true;
  EnrolmentTask task(s, [&](const EnrolOutcome& o, std::optional<std::chrono::milliseconds> again) {
    ++calls;
    final_seen = !again && o.error.reason == EnrolFailure::UsedCode;
  });
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!task.finished() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  CHECK(task.finished());
  CHECK(calls == 1);
  CHECK(final_seen);
}
