// Web accounts, sessions and the login rate limit. See web_users.hpp.
#include "store/web_users.hpp"

#include <sodium.h>

#include <algorithm>

#include "auth/password.hpp"
#include "store/credentials.hpp"
#include "store/sites.hpp"

namespace escale::server {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, login, display_name, role, site_id, created_at, disabled_at IS NOT NULL FROM web_users ";

WebUser read_user(store::Statement& st) {
  WebUser u;
  u.id = st.int64(0);
  u.login = st.text(1);
  u.display_name = st.text(2);
  u.role = parse_web_role(st.text(3)).value_or(WebRole::Reporting);
  u.site_id = st.optional_int64(4);
  u.created_at = st.text(5);
  u.disabled = st.int64(6) != 0;
  return u;
}

bool valid_login(std::string_view login) {
  if (login.size() < 3 || login.size() > 64) return false;
  return std::all_of(login.begin(), login.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '@';
  });
}

Error no_such_login(std::string_view login) {
  return Error{"Aucun compte « " + std::string(login) + " » : vérifiez avec « escale-server user list »."};
}

void end_sessions(store::Database& db, std::int64_t user_id) {
  db.cached("DELETE FROM web_sessions WHERE user_id = ?").bind_all(user_id).run();
}

// Failures within the window: how many, the oldest and the latest.
struct FailureCount {
  int count = 0;
  std::optional<Instant> oldest;
  std::optional<Instant> latest;
};

// `sql` selects count(*), min(at), max(at) with the keys, then `at > ?`.
template <typename... Keys>
FailureCount failures_since(store::Database& db, std::string_view sql, const std::string& since, const Keys&... keys) {
  auto st = db.cached(sql);
  st.bind_all(keys..., since);
  FailureCount out;
  if (st.step()) {
    out.count = st.int32(0);
    if (!st.is_null(1)) out.oldest = parse_iso_utc(st.text(1));
    if (!st.is_null(2)) out.latest = parse_iso_utc(st.text(2));
  }
  return out;
}

// The spacing between password checks of a login that many addresses
// failed on: 1 s at kLoginSlowdownFrom failures, doubling, at most kLoginDelayMax.
std::chrono::seconds login_delay(int failures) {
  if (failures < kLoginSlowdownFrom) return std::chrono::seconds(0);
  const int doublings = std::min(failures - kLoginSlowdownFrom, 16);
  return std::min<std::chrono::seconds>(kLoginDelayMax, std::chrono::seconds(std::int64_t{1} << doublings));
}

std::string wait_text(Instant until, Instant now) {
  const auto seconds = std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(until - now).count());
  if (seconds < 60) return std::to_string(seconds) + (seconds > 1 ? " secondes" : " seconde");
  const auto minutes = (seconds + 59) / 60;
  return std::to_string(minutes) + (minutes > 1 ? " minutes" : " minute");
}

}  // namespace

std::string_view to_string(WebRole r) {
  switch (r) {
    case WebRole::Admin:
      return "admin";
    case WebRole::Animator:
      return "animator";
    case WebRole::Reporting:
      return "reporting";
  }
  return "reporting";
}

std::optional<WebRole> parse_web_role(std::string_view s) {
  if (s == "admin") return WebRole::Admin;
  if (s == "animator") return WebRole::Animator;
  if (s == "reporting") return WebRole::Reporting;
  return std::nullopt;
}

std::string_view role_label(WebRole r) {
  switch (r) {
    case WebRole::Admin:
      return "administration";
    case WebRole::Animator:
      return "animation d’un lieu";
    case WebRole::Reporting:
      return "lecture des rapports";
  }
  return "";
}

bool WebUser::may_manage(std::int64_t site) const {
  if (disabled) return false;
  if (role == WebRole::Admin) return true;
  return role == WebRole::Animator && site_id == site;
}

bool WebUser::may_report_on(std::optional<std::int64_t> site) const {
  if (disabled) return false;
  if (role == WebRole::Admin || role == WebRole::Reporting) return true;
  return site && site_id == *site;
}

Result<WebUser> add_web_user(store::Database& db, const NewWebUser& user) {
  if (!valid_login(user.login))
    return Error{"L’identifiant doit faire de 3 à 64 caractères : lettres sans accent, chiffres, . _ - @."};
  if (user.display_name.size() > 100) return Error{"Le nom affiché est trop long (100 caractères au plus)."};
  if (user.role == WebRole::Animator && !user.site_id)
    return Error{"Un compte d’animation est lié à un lieu : précisez --site."};
  if (user.role != WebRole::Animator && user.site_id)
    return Error{"Seuls les comptes d’animation sont liés à un lieu : retirez --site."};
  if (user.site_id && !find_site(db, *user.site_id))
    return Error{"Le lieu n° " + std::to_string(*user.site_id) +
                 " n’existe pas : vérifiez avec « escale-server site list »."};
  if (auto problem = password_problem(user.password, user.login)) return Error{*problem};
  const auto hash = hash_password(user.password);
  if (!hash) return Error{hash.error()};
  store::Transaction tx(db);
  if (find_web_user(db, user.login)) return Error{"Le compte « " + user.login + " » existe déjà."};
  db.cached(
        "INSERT INTO web_users (login, display_name, role, site_id, password_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(user.login, user.display_name.empty() ? user.login : user.display_name, to_string(user.role),
                user.site_id, *hash, to_iso_utc(now()))
      .run();
  const auto id = db.last_insert_rowid();
  tx.commit();
  return *find_web_user(db, id);
}

std::vector<WebUser> list_web_users(store::Database& db) {
  std::vector<WebUser> out;
  auto st = db.prepare(std::string(kColumns) + "ORDER BY login");
  while (st.step()) out.push_back(read_user(st));
  return out;
}

std::optional<WebUser> find_web_user(store::Database& db, std::int64_t id) {
  auto st = db.cached(std::string(kColumns) + "WHERE id = ?");
  st.bind_all(id);
  std::optional<WebUser> out;
  if (st.step()) out = read_user(st);
  return out;
}

std::optional<WebUser> find_web_user(store::Database& db, std::string_view login) {
  auto st = db.cached(std::string(kColumns) + "WHERE login = ?");
  st.bind_all(login);
  std::optional<WebUser> out;
  if (st.step()) out = read_user(st);
  return out;
}

Result<WebUser> set_web_password(store::Database& db, std::string_view login, const std::string& password) {
  const auto user = find_web_user(db, login);
  if (!user) return no_such_login(login);
  if (auto problem = password_problem(password, login)) return Error{*problem};
  const auto hash = hash_password(password);
  if (!hash) return Error{hash.error()};
  store::Transaction tx(db);
  db.cached("UPDATE web_users SET password_hash = ? WHERE id = ?").bind_all(*hash, user->id).run();
  end_sessions(db, user->id);
  db.cached("DELETE FROM login_failures WHERE login = ?").bind_all(user->login).run();
  tx.commit();
  return *user;
}

Result<WebUser> set_web_user_disabled(store::Database& db, std::string_view login, bool disabled) {
  const auto user = find_web_user(db, login);
  if (!user) return no_such_login(login);
  store::Transaction tx(db);
  if (disabled) {
    db.cached("UPDATE web_users SET disabled_at = coalesce(disabled_at, ?) WHERE id = ?")
        .bind_all(to_iso_utc(now()), user->id)
        .run();
    end_sessions(db, user->id);
  } else {
    db.cached("UPDATE web_users SET disabled_at = NULL WHERE id = ?").bind_all(user->id).run();
  }
  tx.commit();
  return *find_web_user(db, user->id);
}

// Who is held back, and why it does not let anyone lock an account:
//
// - A (login, address) pair with kMaxLoginFailures failures within
//   kLoginWindow is refused until its oldest failure leaves the window: the
//   guesser's own address stops, the account's owner elsewhere is not
//   concerned. (Before issue 14 the login itself was locked, from every
//   address: five wrong passwords from anywhere kept « admin » out.)
// - An address with kMaxClientLoginFailures failures, whatever the logins,
//   is refused the same way: one address cannot try many accounts.
// - A login with kLoginSlowdownFrom failures within a day, from all
//   addresses together, is slowed down, not locked: one password check 1, 2,
//   4 … seconds after the latest failure, then one a minute (kLoginDelayMax).
//   The owner waits a minute at worst, and not at all once the guessing
//   stops. A guesser spread over any number of addresses gets at most 60
//   guesses an hour, 1 440 a day, each against an argon2id hash of a
//   password of 12 characters at least (auth/password.hpp): hopeless for
//   anything but a password already leaked, and each failure is logged.
// Refused attempts are not counted (no lock that never ends), and the
// password is not checked for them (no argon2id work for a guesser).
LoginOutcome log_in(store::Database& db, std::string_view login, std::string_view password, std::string_view client,
                    Instant now) {
  LoginOutcome out;
  const auto since = to_iso_utc(now - kLoginWindow);
  const auto stored_login = login.substr(0, 64);
  const auto stored_client = client.substr(0, 64);
  const auto pair = failures_since(
      db, "SELECT count(*), min(at), max(at) FROM login_failures WHERE login = ? AND client = ? AND at > ?", since,
      stored_login, stored_client);
  const auto by_client = failures_since(
      db, "SELECT count(*), min(at), max(at) FROM login_failures WHERE client = ? AND at > ?", since, stored_client);
  if (pair.count >= kMaxLoginFailures || by_client.count >= kMaxClientLoginFailures) {
    const auto& held = pair.count >= kMaxLoginFailures ? pair : by_client;
    out.retry_after = held.oldest.value_or(now) + kLoginWindow;
    out.error = "Trop d’essais manqués : réessayez dans " + wait_text(*out.retry_after, now) +
                ". Mot de passe oublié ? Demandez à l’administrateur de le changer.";
    return out;
  }
  const auto by_login =
      failures_since(db, "SELECT count(*), min(at), max(at) FROM login_failures WHERE login = ? AND at > ?",
                     to_iso_utc(now - kLoginSlowdownWindow), stored_login);
  if (const auto delay = login_delay(by_login.count); delay.count() > 0 && by_login.latest) {
    const Instant next_check = *by_login.latest + delay;
    if (now < next_check) {
      out.retry_after = next_check;
      out.error = "Beaucoup d’essais manqués visent ce compte : par prudence, réessayez dans " +
                  wait_text(next_check, now) + ".";
      return out;
    }
  }

  std::optional<std::string> hash;
  std::optional<WebUser> user;
  if (login.size() <= 64) {
    auto st = db.cached(
        "SELECT id, login, display_name, role, site_id, created_at, disabled_at IS NOT NULL, password_hash "
        "FROM web_users WHERE login = ?");
    st.bind_all(login);
    if (st.step()) {
      user = read_user(st);
      hash = st.text(7);
    }
    st.reset();  // no read left open during the argon2id check
  }
  const bool good = hash ? verify_password(password, *hash) : (verify_password_decoy(password), false);
  if (!good || !user || user->disabled) {
    store::Transaction tx(db);
    db.cached("INSERT INTO login_failures (login, client, at) VALUES (?, ?, ?)")
        .bind_all(stored_login, stored_client, to_iso_utc(now))
        .run();
    db.cached("DELETE FROM login_failures WHERE at < ?").bind_all(to_iso_utc(now - kLoginSlowdownWindow)).run();
    tx.commit();
    out.error = good && user && user->disabled
                    ? "Ce compte est désactivé : demandez à l’administrateur de le réactiver."
                    : "Identifiant ou mot de passe incorrect.";
    return out;
  }

  WebSession session;
  session.token = make_token("ews_");
  session.csrf_token = make_token("");
  session.user = *user;
  session.expires_at = now + kSessionMax;
  store::Transaction tx(db);
  db.cached("DELETE FROM web_sessions WHERE expires_at < ? OR last_seen_at < ?")
      .bind_all(to_iso_utc(now), to_iso_utc(now - kSessionIdle))
      .run();
  db.cached(
        "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(hash_token(session.token), user->id, session.csrf_token, to_iso_utc(now), to_iso_utc(now),
                to_iso_utc(session.expires_at))
      .run();
  // This address's failures are forgiven; those of other addresses stay
  // counted (the owner logging in must not reset a guesser's count).
  db.cached("DELETE FROM login_failures WHERE login = ? AND client = ?").bind_all(user->login, stored_client).run();
  tx.commit();
  out.session = std::move(session);
  return out;
}

std::optional<WebSession> find_session(store::Database& db, std::string_view token, Instant now) {
  if (!is_token_shaped(token, "ews_")) return std::nullopt;
  const auto key = hash_token(token);
  // The session and its account in one read (every page request does this).
  auto st = db.cached(
      "SELECT u.id, u.login, u.display_name, u.role, u.site_id, u.created_at, u.disabled_at IS NOT NULL, "
      "s.csrf_token, s.last_seen_at, s.expires_at FROM web_sessions s JOIN web_users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?");
  st.bind_all(key);
  if (!st.step()) {
    return std::nullopt;
  }
  WebSession session;
  session.user = read_user(st);
  session.csrf_token = st.text(7);
  const auto last_seen = parse_iso_utc(st.text(8));
  const auto expires = parse_iso_utc(st.text(9));
  st.reset();
  if (!last_seen || !expires || now >= *expires || now >= *last_seen + kSessionIdle) return std::nullopt;
  if (session.user.disabled) return std::nullopt;
  session.expires_at = std::min(*expires, now + kSessionIdle);
  // Move the idle deadline at most once a minute (a page with many requests writes once).
  if (now - *last_seen > std::chrono::minutes(1)) {
    store::Transaction tx(db);
    db.cached("UPDATE web_sessions SET last_seen_at = ? WHERE token_hash = ?").bind_all(to_iso_utc(now), key).run();
    tx.commit();
  }
  return session;
}

void log_out(store::Database& db, std::string_view token) {
  if (token.empty() || token.size() > 200) return;
  store::Transaction tx(db);
  db.cached("DELETE FROM web_sessions WHERE token_hash = ?").bind_all(hash_token(token)).run();
  tx.commit();
}

}  // namespace escale::server
