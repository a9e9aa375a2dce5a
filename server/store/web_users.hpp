// Web accounts of the back office and the reports, their browser sessions,
// and the rate limit on logins.
//
// Roles: `admin` (everything), `animator` (their own site's back office and
// dashboard), `reporting` (every site's dashboard, aggregates only, small
// counts hidden). Passwords are argon2id strings (auth/password.hpp). A
// session is a random token in an HttpOnly cookie; only its hash is stored,
// with the session's CSRF token. Sessions end after kSessionIdle without a
// request, after kSessionMax in any case, at logout, and when the account's
// password changes or the account is disabled.
//
// Logins are throttled, never locked for everyone (see log_in): failures
// are counted per (login, client address), per address, and per login.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

enum class WebRole { Admin, Animator, Reporting };
std::string_view to_string(WebRole r);
std::optional<WebRole> parse_web_role(std::string_view s);
// « administration », « animation (un lieu) », « rapports (lecture) »
std::string_view role_label(WebRole r);

struct WebUser {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  WebRole role = WebRole::Reporting;
  std::optional<std::int64_t> site_id;  // an animator's site
  std::string created_at;
  bool disabled = false;

  // May this account see or change this site's back office / dashboard?
  bool may_manage(std::int64_t site) const;
  bool may_report_on(std::optional<std::int64_t> site) const;
  bool sees_names() const { return role != WebRole::Reporting; }
};

struct NewWebUser {
  std::string login;         // 3–64 characters: letters, digits, . _ - @
  std::string display_name;  // as shown in the pages; defaults to the login
  WebRole role = WebRole::Reporting;
  std::optional<std::int64_t> site_id;  // required for animators, refused for others
  std::string password;
};

Result<WebUser> add_web_user(store::Database& db, const NewWebUser& user);
std::vector<WebUser> list_web_users(store::Database& db);
std::optional<WebUser> find_web_user(store::Database& db, std::int64_t id);
std::optional<WebUser> find_web_user(store::Database& db, std::string_view login);
// A new password ends the account's sessions.
Result<WebUser> set_web_password(store::Database& db, std::string_view login, const std::string& password);
// Disabling ends the account's sessions; enabling lets it log in again.
Result<WebUser> set_web_user_disabled(store::Database& db, std::string_view login, bool disabled);

inline constexpr std::chrono::minutes kSessionIdle{120};
inline constexpr std::chrono::hours kSessionMax{12};
inline constexpr std::chrono::minutes kLoginWindow{15};
inline constexpr int kMaxLoginFailures = 5;         // per (login, client address), within the window
inline constexpr int kMaxClientLoginFailures = 20;  // per client address, within the window
// Per login, from every address together (a guess spread over many
// addresses): from kLoginSlowdownFrom failures within kLoginSlowdownWindow,
// password checks of that login are spaced out, 1 s after the latest
// failure, doubling with each further failure, never more than kLoginDelayMax.
inline constexpr int kLoginSlowdownFrom = 10;
inline constexpr std::chrono::hours kLoginSlowdownWindow{24};
inline constexpr std::chrono::seconds kLoginDelayMax{60};

struct WebSession {
  std::string token;  // the cookie's value: only returned by log_in
  std::string csrf_token;
  WebUser user;
  Instant expires_at{};
};

struct LoginOutcome {
  std::optional<WebSession> session;
  std::string error;                   // French, for the login page, when no session
  std::optional<Instant> retry_after;  // set when refused for too many failures
};

// Checks the password (argon2id, ~0.1–0.5 s) unless this client is
// throttled for this login, or for every login, or the login is slowed down;
// records a failure or opens a session.
LoginOutcome log_in(store::Database& db, std::string_view login, std::string_view password, std::string_view client,
                    Instant now);
// The session of a cookie token, if it is open; moves its idle deadline.
std::optional<WebSession> find_session(store::Database& db, std::string_view token, Instant now);
void log_out(store::Database& db, std::string_view token);

}  // namespace escale::server
