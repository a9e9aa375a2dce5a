// « Mon espace » on the member's phone (issue 18), the kiosk's side: the app's
// flow driven without SDL (the menu's « Sur mon téléphone », the request the
// runtime takes, each answer, « Réessayer », an answer that comes too late,
// the minute the code stays up, the link forgotten with its screen), what
// the server's answers mean (read_login_link_reply), and the one POST
// against a stub server (path, token, body, the short deadline).
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/kiosk_app.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"
#include "stub_http_server.hpp"
#include "sync/login_link.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr const char* kLink = "https://escale.example.fr/moi/lien/eml_q8Zr3kT0mB2xY7wPc5LdVn1sHa9Ue4Gj";

KioskSettings with_server() {
  KioskSettings s;
  s.phone_link = true;
  return s;
}

struct PhoneFixture {
  testing::TempFolder dir{"escale-phone-link"};
  LocalStore store{dir / "kiosk.db"};
  std::optional<KioskApp> app;
  Instant t = from_paris(2026, 3, 10, 9, 30);  // a Tuesday morning

  explicit PhoneFixture(KioskSettings settings = with_server()) {
    store.apply(testing::first_sync());
    app.emplace(store, std::move(settings));
  }
  KioskView view() const { return app->view(t); }
  void badge(const char* uid) {
    t += 2s;
    app->on_badge(*BadgeUid::parse(uid), t);
  }
  void act(UiAction a) {
    t += 2s;
    app->on_action(std::move(a), t);
  }
  // Marie badges and taps « Sur mon téléphone »: the request the runtime takes.
  PhoneLinkRequest ask() {
    badge("04A1B2C3");
    REQUIRE(app->screen() == Screen::Greeting);
    REQUIRE(view().phone_link_offered);
    act({Act::PhoneLink});
    REQUIRE(app->screen() == Screen::PhoneLink);
    auto r = app->take_phone_link_request();
    REQUIRE(r);
    return *r;
  }
};

LoginLinkOutcome ready(std::string url = kLink) {
  LoginLinkOutcome o;
  o.kind = LoginLinkOutcome::Kind::Ready;
  o.status = 201;
  o.url = std::move(url);
  return o;
}
LoginLinkOutcome failed(LoginLinkOutcome::Kind kind) {
  LoginLinkOutcome o;
  o.kind = kind;
  return o;
}

HttpReply reply(int status, std::string body) {
  HttpReply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

// [SECTION] The app's flow

TEST_CASE("phone link: the member menu offers it only when the kiosk has a server", "[app][phone-link]") {
  SECTION("an offline-only kiosk") {
    PhoneFixture f{KioskSettings{}};
    f.badge("04A1B2C3");
    REQUIRE(f.app->screen() == Screen::Greeting);
    CHECK(f.view().member_menu);
    CHECK_FALSE(f.view().phone_link_offered);
    f.act({Act::PhoneLink});  // a stale tap: nothing happens
    CHECK(f.app->screen() == Screen::Greeting);
    CHECK_FALSE(f.app->take_phone_link_request());
  }
  SECTION("a kiosk with a server: after a check-in and a check-out") {
    PhoneFixture f;
    CHECK_FALSE(f.view().phone_link_offered);  // attract: nobody on screen
    f.act({Act::PhoneLink});
    CHECK(f.app->screen() == Screen::Attract);
    CHECK_FALSE(f.app->take_phone_link_request());
    f.badge("04A1B2C3");
    CHECK(f.view().phone_link_offered);
    f.t += 2h;
    f.badge("04A1B2C3");
    REQUIRE(f.app->screen() == Screen::Goodbye);
    CHECK(f.view().phone_link_offered);
    f.badge("0BADBADB");  // a revoked badge: unknown, no menu
    REQUIRE(f.app->screen() == Screen::UnknownBadge);
    CHECK_FALSE(f.view().phone_link_offered);
  }
}

TEST_CASE("phone link: the tap asks once for the member on screen and the link shows as it comes",
          "[app][phone-link]") {
  PhoneFixture f;
  const PhoneLinkRequest r = f.ask();
  CHECK(r.member_id == 1);  // Marie
  CHECK(r.id != 0);
  CHECK_FALSE(f.app->take_phone_link_request());  // taken once
  CHECK(f.view().phone_link.status == PhoneLinkStatus::Waiting);
  CHECK(f.view().phone_link.url.empty());
  f.act({Act::PhoneLink});  // tapped again while waiting: no second request
  CHECK_FALSE(f.app->take_phone_link_request());

  CHECK(f.app->on_phone_link_outcome(r.id, ready()));
  const KioskView v = f.view();
  CHECK(v.screen == Screen::PhoneLink);
  CHECK(v.phone_link.status == PhoneLinkStatus::Ready);
  CHECK(v.phone_link.url == kLink);
  CHECK_FALSE(v.member_menu);

  SECTION("« Retour »: the menu again and the link gone") {
    f.act({Act::Back});
    CHECK(f.app->screen() == Screen::Greeting);
    CHECK(f.view().first_name == "Marie");
    CHECK(f.view().phone_link.url.empty());
    CHECK(f.app->phone_link_flow().view.url.empty());
  }
  SECTION("« C’est fait »: attract and the link gone") {
    f.act(UiAction::Home);
    CHECK(f.app->screen() == Screen::Attract);
    CHECK(f.app->phone_link_flow().view.url.empty());
    CHECK(f.view().phone_link.url.empty());
  }
  SECTION("someone else badges: the link gone") {
    f.badge("04D5E6F708A1B2");  // Jean
    CHECK(f.app->screen() == Screen::Greeting);
    CHECK(f.view().first_name == "Jean");
    CHECK(f.app->phone_link_flow().view.url.empty());
  }
}

TEST_CASE("phone link: the code goes after a minute without a tap", "[app][phone-link]") {
  PhoneFixture f;
  const PhoneLinkRequest r = f.ask();
  const Instant asked = f.t;  // the tap's time
  REQUIRE(f.app->next_deadline() == asked + 60s);
  f.t += 3s;  // the answer comes later: the minute still counts from the tap
  REQUIRE(f.app->on_phone_link_outcome(r.id, ready()));
  CHECK(f.app->next_deadline() == asked + 60s);
  CHECK_FALSE(f.app->on_tick(asked + 59s));
  CHECK(f.app->screen() == Screen::PhoneLink);
  CHECK(f.app->on_tick(asked + 60s));
  CHECK(f.app->screen() == Screen::Attract);
  CHECK(f.app->phone_link_flow().view.url.empty());
  CHECK(f.app->view(asked + 60s).phone_link.url.empty());
  CHECK_FALSE(f.app->member_visit().member);
}

TEST_CASE("phone link: no answer then « Réessayer » asks again and an old answer is dropped", "[app][phone-link]") {
  PhoneFixture f;
  const PhoneLinkRequest first = f.ask();
  REQUIRE(f.app->on_phone_link_outcome(first.id, failed(LoginLinkOutcome::Kind::Unreachable)));
  CHECK(f.view().phone_link.status == PhoneLinkStatus::Unreachable);

  f.act({Act::PhoneLink});  // « Réessayer »
  CHECK(f.view().phone_link.status == PhoneLinkStatus::Waiting);
  const auto second = f.app->take_phone_link_request();
  REQUIRE(second);
  CHECK(second->id != first.id);
  CHECK(second->member_id == 1);
  // The first request's answer, late: not for this screen any more.
  CHECK_FALSE(f.app->on_phone_link_outcome(first.id, ready()));
  CHECK(f.view().phone_link.status == PhoneLinkStatus::Waiting);
  CHECK(f.view().phone_link.url.empty());
  CHECK(f.app->on_phone_link_outcome(second->id, ready()));
  CHECK(f.view().phone_link.url == kLink);
}

TEST_CASE("phone link: an answer after the member left is dropped", "[app][phone-link]") {
  PhoneFixture f;
  const PhoneLinkRequest marie = f.ask();
  SECTION("back to the menu") {
    f.act({Act::Back});
    CHECK_FALSE(f.app->on_phone_link_outcome(marie.id, ready()));
    CHECK(f.app->screen() == Screen::Greeting);
  }
  SECTION("Jean badges and asks in turn") {
    f.badge("04D5E6F708A1B2");
    f.act({Act::PhoneLink});
    const auto jean = f.app->take_phone_link_request();
    REQUIRE(jean);
    CHECK(jean->member_id == 2);
    // Marie's link never reaches Jean's screen.
    CHECK_FALSE(f.app->on_phone_link_outcome(marie.id, ready()));
    CHECK(f.view().phone_link.status == PhoneLinkStatus::Waiting);
  }
  CHECK(f.view().phone_link.url.empty());
  CHECK(f.app->phone_link_flow().view.url.empty());
}

TEST_CASE("phone link: a refusal says to ask at the desk", "[app][phone-link]") {
  PhoneFixture f;
  const PhoneLinkRequest r = f.ask();
  REQUIRE(f.app->on_phone_link_outcome(r.id, failed(LoginLinkOutcome::Kind::Refused)));
  CHECK(f.view().phone_link.status == PhoneLinkStatus::Refused);
  f.act({Act::PhoneLink});  // no « Réessayer » on this screen: nothing asked
  CHECK_FALSE(f.app->take_phone_link_request());
  f.act(UiAction::Home);
  CHECK(f.app->screen() == Screen::Attract);
}

// [SECTION] The server's answers

TEST_CASE("login link answers: a link and when it expires", "[sync][phone-link]") {
  const auto o = read_login_link_reply(
      reply(201, std::string(R"({"url": ")") + kLink + R"(", "expires_at": "2026-12-07T14:10:00Z"})"));
  CHECK(o.kind == LoginLinkOutcome::Kind::Ready);
  CHECK(o.url == kLink);
  REQUIRE(o.expires_at);
  CHECK(to_iso_utc(*o.expires_at) == "2026-12-07T14:10:00.000Z");
  CHECK(o.detail.empty());
}

TEST_CASE("login link answers: refusals keep the server's words", "[sync][phone-link]") {
  for (const int status : {401, 404, 429}) {
    INFO(status);
    const auto o = read_login_link_reply(reply(status, R"({"error": "member 12 is not active"})"));
    CHECK(o.kind == LoginLinkOutcome::Kind::Refused);
    CHECK(o.status == status);
    CHECK(o.detail == "member 12 is not active");
    CHECK(o.url.empty());
  }
  // The rest of the API's shape, and no JSON at all.
  CHECK(read_login_link_reply(reply(404, R"({"error": {"status": 404, "message": "no such member"}})")).detail ==
        "no such member");
  CHECK(read_login_link_reply(reply(404, "Not Found")).detail == "Not Found");
}

TEST_CASE("login link answers: no answer or a server in trouble is « ne répond pas »", "[sync][phone-link]") {
  HttpReply timeout;
  timeout.error = "the server did not answer within 5000 ms";
  CHECK(read_login_link_reply(timeout).kind == LoginLinkOutcome::Kind::Unreachable);
  CHECK(read_login_link_reply(timeout).detail == timeout.error);
  CHECK(read_login_link_reply(reply(503, R"({"error": "busy"})")).kind == LoginLinkOutcome::Kind::Unreachable);
  CHECK(read_login_link_reply(reply(201, "not json")).kind == LoginLinkOutcome::Kind::Unreachable);
  CHECK(read_login_link_reply(reply(201, R"({"expires_at": "2026-12-07T14:10:00Z"})")).kind ==
        LoginLinkOutcome::Kind::Unreachable);
}

TEST_CASE("login link answers: only an absolute web link on one line becomes a code", "[sync][phone-link]") {
  const auto with_url = [](const std::string& url) {
    return read_login_link_reply(reply(201, nlohmann::json{{"url", url}}.dump()));
  };
  CHECK(with_url("http://127.0.0.1:8080/moi/lien/eml_abc").kind == LoginLinkOutcome::Kind::Ready);
  for (const std::string& bad :
       {std::string("javascript:alert(1)"), std::string("/moi/lien/eml_abc"), std::string("https:///moi/lien/x"),
        std::string("https://escale.example.fr/moi/lien/eml abc"), std::string("https://e.fr/moi\n/lien"),
        std::string("https://e.fr/mé"), "https://e.fr/" + std::string(kMaxLoginLinkLength, 'a'), std::string()}) {
    INFO(bad);
    const auto o = with_url(bad);
    CHECK(o.kind == LoginLinkOutcome::Kind::Unreachable);
    CHECK(o.url.empty());
    if (!bad.empty()) CHECK(o.detail.find(bad) == std::string::npos);  // never logged
  }
}

// [SECTION] The POST

TEST_CASE("login link request: the kiosk's token and the member in one POST", "[sync][phone-link]") {
  testing::StubServer server(201, std::string(R"({"url": ")") + kLink + R"(", "expires_at": "2026-12-07T14:10:00Z"})");
  const std::string token = "esk_" + std::string(43, 'k');
  const auto o = request_login_link(server.url("/escale"), token, 42, {}, 5s);
  CHECK(o.kind == LoginLinkOutcome::Kind::Ready);
  CHECK(o.url == kLink);
  CHECK(server.last_target() == "/escale/api/v1/kiosk/login-links");
  CHECK(server.requests_with_token("/api/v1/kiosk/login-links", token) == 1);
  CHECK(nlohmann::json::parse(server.last_body()) == nlohmann::json{{"member_id", 42}});
}

TEST_CASE("login link request: a server that does not answer is given up within the deadline", "[sync][phone-link]") {
  testing::StubServer server(201, "{}", /*silent=*/true);
  const auto start = std::chrono::steady_clock::now();
  const auto o = request_login_link(server.url(), "esk_" + std::string(43, 'k'), 1, {}, 500ms);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  CHECK(o.kind == LoginLinkOutcome::Kind::Unreachable);
  CHECK_FALSE(o.detail.empty());
}

TEST_CASE("login link task: the outcome is reported from its own thread", "[sync][phone-link]") {
  testing::StubServer server(404, R"({"error": "unknown member"})");
  std::mutex mutex;
  std::condition_variable done;
  std::optional<LoginLinkOutcome> got;
  LoginLinkTask::Settings s;
  s.server_url = server.url();
  s.token = "esk_" + std::string(43, 'k');
  s.member_id = 7;
  LoginLinkTask task(s, [&](const LoginLinkOutcome& o) {
    std::lock_guard lock(mutex);
    got = o;
    done.notify_all();
  });
  std::unique_lock lock(mutex);
  REQUIRE(done.wait_for(lock, 20s, [&] { return got.has_value(); }));
  CHECK(got->kind == LoginLinkOutcome::Kind::Refused);
  CHECK(got->detail == "unknown member");
}
