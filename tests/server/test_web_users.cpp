#include "store/web_users.hpp"  // first: the header is self-contained

// Web accounts, sessions and the login rate limit, against a real database
// with a controllable clock.
#include <catch2/catch.hpp>

#include "auth/password.hpp"
#include "server_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;

struct Accounts : tests::ServerDb {
  std::int64_t montbard = site();

  WebUser add(const std::string& login, WebRole role, const std::string& password,
              std::optional<std::int64_t> site_id = std::nullopt) {
    NewWebUser u;
    u.login = login;
    u.role = role;
    u.site_id = site_id;
    u.password = password;
    auto added = add_web_user(db, u);
    INFO(login);
    REQUIRE(added.ok());
    return *added;
  }
};

Result<WebUser> try_add(store::Database& db, const std::string& login, WebRole role, const std::string& password,
                        std::optional<std::int64_t> site_id = std::nullopt) {
  NewWebUser u;
  u.login = login;
  u.role = role;
  u.site_id = site_id;
  u.password = password;
  return add_web_user(db, u);
}

}  // namespace

TEST_CASE("passwords: at least 12 characters, counted as characters, never the login", "[web][auth]") {
  CHECK(password_problem("court") ==
        std::optional<std::string>("Le mot de passe doit faire au moins 12 caractères (une phrase de passe "
                                   "convient très bien)."));
  CHECK(password_problem("12345678901") != std::nullopt);
  CHECK(password_problem("123456789012") == std::nullopt);
  CHECK(password_problem("éééééééééééa") == std::nullopt);  // 12 characters, 23 bytes
  CHECK(password_problem("ééééééééééa") != std::nullopt);   // 11 characters, 21 bytes
  CHECK(password_problem("aaaaaaaaaaaaaaaa") != std::nullopt);
  CHECK(password_problem("claire.martin", "Claire.Martin") != std::nullopt);
  CHECK(password_problem(std::string(1025, 'x') + "y") != std::nullopt);
  const auto hash = hash_password("une phrase de passe");
  REQUIRE(hash.ok());
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(verify_password("une phrase de passe", *hash));
  CHECK_FALSE(verify_password("une phrase de passE", *hash));
  CHECK_FALSE(verify_password("", *hash));
  CHECK_FALSE(verify_password("une phrase de passe", "not a hash"));
}

TEST_CASE("web accounts: what is checked when adding one", "[web][auth]") {
  Accounts a;
  const auto claire = a.add("claire", WebRole::Admin, "mot de passe solide");
  CHECK(claire.display_name == "claire");  // defaults to the login
  CHECK_FALSE(claire.site_id);
  const auto paul = a.add("paul.durand", WebRole::Animator, "mot de passe solide", a.montbard);
  CHECK(paul.site_id == a.montbard);
  // Only the hash is stored.
  CHECK(a.scalar("SELECT count(*) FROM web_users WHERE password_hash LIKE '$argon2id$%'") == 2);
  CHECK(a.scalar("SELECT count(*) FROM web_users WHERE password_hash LIKE '%solide%'") == 0);

  auto refused = [&](const std::string& login, WebRole role, const std::string& password,
                     std::optional<std::int64_t> site, const std::string& says) {
    const auto r = try_add(a.db, login, role, password, site);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains(says));
  };
  refused("ab", WebRole::Admin, "mot de passe solide", std::nullopt, "de 3 à 64 caractères");
  refused("claire martin", WebRole::Admin, "mot de passe solide", std::nullopt, "lettres sans accent");
  refused("élodie", WebRole::Admin, "mot de passe solide", std::nullopt, "lettres sans accent");
  refused("CLAIRE", WebRole::Admin, "mot de passe solide", std::nullopt, "existe déjà");  // logins ignore case
  refused("jeanne", WebRole::Admin, "court", std::nullopt, "12 caractères");
  refused("jeanne", WebRole::Animator, "mot de passe solide", std::nullopt, "précisez --site");
  refused("jeanne", WebRole::Reporting, "mot de passe solide", a.montbard, "retirez --site");
  refused("jeanne", WebRole::Animator, "mot de passe solide", 99, "Le lieu n° 99 n’existe pas");
  CHECK(list_web_users(a.db).size() == 2);
  CHECK(find_web_user(a.db, "Paul.Durand")->id == paul.id);
}

TEST_CASE("web accounts: who may manage and report on what", "[web][auth]") {
  WebUser admin;
  admin.role = WebRole::Admin;
  WebUser animator;
  animator.role = WebRole::Animator;
  animator.site_id = 1;
  WebUser reporting;
  reporting.role = WebRole::Reporting;
  CHECK(admin.may_manage(1));
  CHECK(admin.may_manage(2));
  CHECK(animator.may_manage(1));
  CHECK_FALSE(animator.may_manage(2));
  CHECK_FALSE(reporting.may_manage(1));
  CHECK(reporting.may_report_on(std::nullopt));
  CHECK(reporting.may_report_on(2));
  CHECK(animator.may_report_on(1));
  CHECK_FALSE(animator.may_report_on(std::nullopt));
  CHECK_FALSE(animator.may_report_on(2));
  CHECK_FALSE(reporting.sees_names());
  CHECK(animator.sees_names());
  admin.disabled = true;
  CHECK_FALSE(admin.may_manage(1));
}

TEST_CASE("log in: a session with a CSRF token, wrong passwords tell nothing more", "[web][auth]") {
  Accounts a;
  a.add("claire", WebRole::Admin, "mot de passe solide");
  const auto t0 = at("2026-11-20T09:00:00Z");
  const auto ok = log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", t0);
  REQUIRE(ok.session);
  CHECK(ok.session->token.rfind("ews_", 0) == 0);
  CHECK(ok.session->csrf_token.size() == 64);
  CHECK(ok.session->user.login == "claire");
  // The cookie's token is not in the database, only its hash.
  CHECK(a.scalar("SELECT count(*) FROM web_sessions") == 1);
  {
    auto st = a.db.prepare("SELECT count(*) FROM web_sessions WHERE token_hash = ?");
    st.bind_all(ok.session->token);
    st.step();
    CHECK(st.int64(0) == 0);
  }
  const auto found = find_session(a.db, ok.session->token, t0 + std::chrono::minutes(5));
  REQUIRE(found);
  CHECK(found->user.login == "claire");
  CHECK(found->csrf_token == ok.session->csrf_token);
  CHECK_FALSE(find_session(a.db, "ews_" + std::string(64, '0'), t0));
  CHECK_FALSE(find_session(a.db, "not a token", t0));

  const auto wrong = log_in(a.db, "claire", "mauvais mot de passe", "192.0.2.1", t0);
  CHECK_FALSE(wrong.session);
  CHECK(wrong.error == "Identifiant ou mot de passe incorrect.");
  const auto nobody = log_in(a.db, "personne", "mot de passe solide", "192.0.2.1", t0);
  CHECK(nobody.error == wrong.error);  // the same answer: logins are not revealed
  CHECK(a.scalar("SELECT count(*) FROM login_failures") == 2);
}

TEST_CASE("log in: five failures from one address stop that address for that login for 15 minutes", "[web][auth]") {
  Accounts a;
  a.add("claire", WebRole::Admin, "mot de passe solide");
  a.add("paul", WebRole::Admin, "autre mot de passe");
  const auto t0 = at("2026-11-20T09:00:00Z");
  for (int i = 0; i < kMaxLoginFailures; ++i) {
    const auto r = log_in(a.db, "claire", "essai " + std::to_string(i), "192.0.2.1", t0 + std::chrono::minutes(i));
    CHECK_FALSE(r.retry_after);
  }
  // From that address, the right password too is refused, without being checked.
  const auto held = log_in(a.db, "Claire", "mot de passe solide", "192.0.2.1", t0 + std::chrono::minutes(5));
  CHECK_FALSE(held.session);
  REQUIRE(held.retry_after);
  CHECK(*held.retry_after == t0 + kLoginWindow);  // the first failure leaves the window then
  CHECK_THAT(held.error, Catch::Contains("Trop d’essais manqués : réessayez dans 10 minutes."));
  // A refused attempt is not counted again (no lock that never ends).
  CHECK(a.scalar("SELECT count(*) FROM login_failures") == 5);
  // Another login from that address is not concerned (5 < 20 for the address).
  CHECK(log_in(a.db, "paul", "autre mot de passe", "192.0.2.1", t0 + std::chrono::minutes(5)).session);
  // Once the oldest failure is more than 15 minutes old, the right password works and clears the count.
  const auto later = log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", t0 + std::chrono::minutes(16));
  CHECK(later.session);
  CHECK(a.scalar("SELECT count(*) FROM login_failures WHERE login = 'claire'") == 0);
}

// Issue 14: five wrong passwords locked the login itself for 15 minutes, so
// anyone could keep « admin » out from anywhere.
TEST_CASE("anyone can lock admin out: five wrong passwords from one address, the right one from another logs in",
          "[web][auth]") {
  Accounts a;
  a.add("admin", WebRole::Admin, "mot de passe solide");
  const auto t0 = at("2026-11-20T09:00:00Z");
  for (int i = 0; i < kMaxLoginFailures; ++i)
    CHECK_FALSE(
        log_in(a.db, "admin", "essai " + std::to_string(i), "203.0.113.66", t0 + std::chrono::seconds(i)).retry_after);
  // The right password from the administrator's address, at once.
  const auto admin = log_in(a.db, "admin", "mot de passe solide", "198.51.100.7", t0 + std::chrono::seconds(5));
  CHECK(admin.session);
  CHECK_FALSE(admin.retry_after);
  // The guessing address stays stopped for this login, even with the right password.
  const auto guesser = log_in(a.db, "admin", "mot de passe solide", "203.0.113.66", t0 + std::chrono::seconds(6));
  CHECK_FALSE(guesser.session);
  CHECK(guesser.retry_after);
}

TEST_CASE("log in: twenty failures from one address lock that address", "[web][auth]") {
  Accounts a;
  a.add("claire", WebRole::Admin, "mot de passe solide");
  const auto t0 = at("2026-11-20T09:00:00Z");
  for (int i = 0; i < kMaxClientLoginFailures; ++i)
    log_in(a.db, "compte" + std::to_string(i), "mot de passe solide", "203.0.113.9", t0);
  const auto locked = log_in(a.db, "claire", "mot de passe solide", "203.0.113.9", t0 + std::chrono::minutes(1));
  CHECK_FALSE(locked.session);
  CHECK(locked.retry_after);
  // Another address is not concerned.
  CHECK(log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", t0 + std::chrono::minutes(1)).session);
}

TEST_CASE("sessions end when idle, after 12 hours, at logout, on a new password and when disabled", "[web][auth]") {
  Accounts a;
  a.add("claire", WebRole::Admin, "mot de passe solide");
  const auto t0 = at("2026-11-20T08:00:00Z");
  auto open = [&](Instant when) {
    auto r = log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", when);
    REQUIRE(r.session);
    return r.session->token;
  };
  SECTION("idle") {
    const auto token = open(t0);
    CHECK(find_session(a.db, token, t0 + kSessionIdle - std::chrono::minutes(1)));
    // Each request moves the idle deadline: still open 119 minutes after that one.
    CHECK(find_session(a.db, token, t0 + 2 * kSessionIdle - std::chrono::minutes(3)));
    CHECK_FALSE(find_session(a.db, token, t0 + 3 * kSessionIdle));
  }
  SECTION("absolute") {
    const auto token = open(t0);
    for (int h = 1; h < 12; ++h) CHECK(find_session(a.db, token, t0 + std::chrono::hours(h)));
    CHECK_FALSE(find_session(a.db, token, t0 + kSessionMax));
  }
  SECTION("logout") {
    const auto token = open(t0);
    log_out(a.db, token);
    CHECK_FALSE(find_session(a.db, token, t0));
  }
  SECTION("new password") {
    const auto token = open(t0);
    REQUIRE(set_web_password(a.db, "claire", "un autre mot de passe").ok());
    CHECK_FALSE(find_session(a.db, token, t0));
    CHECK_FALSE(log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", t0).session);
    CHECK(log_in(a.db, "claire", "un autre mot de passe", "192.0.2.1", t0).session);
    CHECK_FALSE(set_web_password(a.db, "claire", "court").ok());
    CHECK_FALSE(set_web_password(a.db, "personne", "un autre mot de passe").ok());
  }
  SECTION("disabled") {
    const auto token = open(t0);
    REQUIRE(set_web_user_disabled(a.db, "claire", true)->disabled);
    CHECK_FALSE(find_session(a.db, token, t0));
    const auto refused = log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", t0);
    CHECK_FALSE(refused.session);
    CHECK_THAT(refused.error, Catch::Contains("désactivé"));
    REQUIRE_FALSE(set_web_user_disabled(a.db, "claire", false)->disabled);
    CHECK(log_in(a.db, "claire", "mot de passe solide", "192.0.2.1", t0 + kLoginWindow).session);
  }
}

TEST_CASE("log in: a guess spread over many addresses slows the login down, never locks it", "[web][auth]") {
  Accounts a;
  a.add("admin", WebRole::Admin, "mot de passe solide");
  const auto t0 = at("2026-11-20T09:00:00Z");
  auto address = [](int i) { return "203.0.113." + std::to_string(i); };
  // Below kLoginSlowdownFrom failures, every attempt is checked.
  for (int i = 0; i < kLoginSlowdownFrom; ++i) CHECK_FALSE(log_in(a.db, "admin", "essai", address(i), t0).retry_after);
  // Then one check a second after the latest failure: an attempt before is held back, whoever sends it.
  auto held = log_in(a.db, "admin", "mot de passe solide", "198.51.100.7", t0);
  CHECK_FALSE(held.session);
  REQUIRE(held.retry_after);
  CHECK(*held.retry_after == t0 + std::chrono::seconds(1));
  CHECK_THAT(held.error, Catch::Contains("réessayez dans 1 seconde"));
  CHECK(a.scalar("SELECT count(*) FROM login_failures") == kLoginSlowdownFrom);  // not counted
  // The delay doubles with each further failure…
  auto t = t0 + std::chrono::seconds(1);
  CHECK_FALSE(log_in(a.db, "admin", "essai", address(100), t).session);
  held = log_in(a.db, "admin", "essai", address(101), t);
  REQUIRE(held.retry_after);
  CHECK(*held.retry_after == t + std::chrono::seconds(2));
  // … up to kLoginDelayMax, never more, however many addresses keep failing.
  for (int i = 0; i < 40; ++i) {
    t += kLoginDelayMax;
    const auto r = log_in(a.db, "admin", "essai", address(110 + i), t);
    REQUIRE_FALSE(r.retry_after);  // each came when its turn was due: checked, failed
  }
  held = log_in(a.db, "admin", "mot de passe solide", "198.51.100.7", t + std::chrono::seconds(1));
  REQUIRE(held.retry_after);
  CHECK(*held.retry_after == t + kLoginDelayMax);
  CHECK_THAT(held.error, Catch::Contains("réessayez dans 59 secondes"));
  // The owner's right password, once the turn is due, logs in.
  const auto owner = log_in(a.db, "admin", "mot de passe solide", "198.51.100.7", t + kLoginDelayMax);
  CHECK(owner.session);
  // Logging in forgives the owner's address only: the guessers' failures still count.
  CHECK(a.scalar("SELECT count(*) FROM login_failures WHERE login = 'admin'") > kLoginSlowdownFrom);
}
