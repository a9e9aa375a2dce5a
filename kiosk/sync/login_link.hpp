// « Mon espace » on the member's phone (issue 18): the kiosk asks its server
// for a one-time login link for the member on screen, in one POST to
// {base_path}/api/v1/kiosk/login-links with the kiosk's bearer token (the
// sync's), body {"member_id": N}. The server answers 201 {"url", "expires_at"},
// or 404 / 429 {"error": "…"} (unknown or inactive member, one who may not use
// this kiosk's site, too many links lately), 401 for a bad token.
//
// LoginLinkTask runs the exchange off the UI thread, once, with a short
// deadline: a member waits in front of the screen. The link is a credential:
// it is never logged, and lives only in the outcome handed to the app.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sync/http_client.hpp"
#include "time/clock.hpp"

namespace escale::kiosk {

struct LoginLinkOutcome {
  enum class Kind {
    Ready,        // `url` (and `expires_at`, when the server said it)
    Unreachable,  // no answer in time, a server in trouble (5xx), an answer that is not the expected JSON
    Refused,      // the server said no (4xx): `detail` holds its words
  };
  Kind kind = Kind::Unreachable;
  std::string url;                    // Ready: absolute http(s) URL, one line, at most kMaxLoginLinkLength
  std::optional<Instant> expires_at;  // Ready
  int status = 0;                     // the HTTP status; 0 without an answer
  std::string detail;                 // for the log: what went wrong, the server's error text (never the link)
};

// Longer than any link the server makes (~120 characters), short enough
// for a QR code a phone reads from a screen at arm's length.
inline constexpr std::size_t kMaxLoginLinkLength = 512;

// What an answer means (pure: tests give it answers made by hand).
LoginLinkOutcome read_login_link_reply(const HttpReply& reply);

// One exchange. Blocks up to `timeout`; call it off the UI thread.
LoginLinkOutcome request_login_link(const std::string& server_url, const std::string& token, std::int64_t member_id,
                                    const TlsSettings& tls, std::chrono::milliseconds timeout);

// Runs request_login_link() once in its own thread; `report` is called from
// that thread with the outcome.
class LoginLinkTask {
 public:
  using Report = std::function<void(const LoginLinkOutcome&)>;
  struct Settings {
    std::string server_url;
    std::string token;
    std::int64_t member_id = 0;
    TlsSettings tls;
    std::chrono::milliseconds timeout{5000};  // a member is waiting: « Réessayer » soon rather than a long wait
  };
  LoginLinkTask(Settings settings, Report report);
  ~LoginLinkTask();  // joins (an exchange under way finishes first, within its timeout)
  LoginLinkTask(const LoginLinkTask&) = delete;
  LoginLinkTask& operator=(const LoginLinkTask&) = delete;
  bool finished() const;

 private:
  void run();
  Settings settings_;
  Report report_;
  mutable std::mutex mutex_;
  bool finished_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace escale::kiosk
