// The one-time login link for « Mon espace »: the POST, what its answers
// mean, the task that runs it off the UI thread. See login_link.hpp.
#include "sync/login_link.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "text/log_text.hpp"

namespace escale::kiosk {
namespace {

using nlohmann::json;

LoginLinkOutcome outcome(LoginLinkOutcome::Kind kind, int status, std::string detail) {
  LoginLinkOutcome o;
  o.kind = kind;
  o.status = status;
  o.detail = std::move(detail);
  return o;
}

// The server's words in an error answer: {"error": "…"} as this route
// answers, or {"error": {"message": "…"}} as the rest of the API does; else
// the start of the body.
std::string error_text(const std::string& body) {
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object() && doc.contains("error")) {
    const json& e = doc["error"];
    if (e.is_string()) return e.get<std::string>();
    if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

// A link a phone's camera can open and nothing else: http(s), absolute, one
// line of printable ASCII (the server writes its links so), not too long.
bool is_link(std::string_view url) {
  if (url.size() > kMaxLoginLinkLength) return false;
  const bool scheme = url.starts_with("https://") || url.starts_with("http://");
  const std::size_t host = url.find("://") + 3;
  if (!scheme || host >= url.size() || url[host] == '/') return false;
  for (const char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c >= 0x7F) return false;
  }
  return true;
}

}  // namespace

LoginLinkOutcome read_login_link_reply(const HttpReply& reply) {
  using Kind = LoginLinkOutcome::Kind;
  if (!reply.error.empty()) return outcome(Kind::Unreachable, 0, reply.error);
  if (reply.status >= 400 && reply.status < 500) {
    return outcome(Kind::Refused, reply.status, error_text(reply.body));
  }
  if (reply.status != 201 && reply.status != 200) {
    return outcome(Kind::Unreachable, reply.status,
                   "server answered " + std::to_string(reply.status) + ": " + error_text(reply.body));
  }
  const json doc = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("url") || !doc["url"].is_string()) {
    return outcome(Kind::Unreachable, reply.status, "unreadable answer: no \"url\"");
  }
  std::string url = doc["url"].get<std::string>();
  if (!is_link(url)) {
    // Never logged whole: it may be a credential all the same.
    return outcome(Kind::Unreachable, reply.status,
                   "unreadable answer: \"url\" is not an absolute http(s) link of at most " +
                       std::to_string(kMaxLoginLinkLength) + " characters (" + std::to_string(url.size()) + ")");
  }
  LoginLinkOutcome o = outcome(Kind::Ready, reply.status, {});
  o.url = std::move(url);
  if (doc.contains("expires_at") && doc["expires_at"].is_string()) {
    o.expires_at = parse_iso_utc(doc["expires_at"].get<std::string>());
  }
  return o;
}

LoginLinkOutcome request_login_link(const std::string& server_url, const std::string& token, std::int64_t member_id,
                                    const TlsSettings& tls, std::chrono::milliseconds timeout) {
  const auto address = parse_server_url(server_url);
  if (!address) return outcome(LoginLinkOutcome::Kind::Unreachable, 0, address.error());
  if (token.empty()) return outcome(LoginLinkOutcome::Kind::Unreachable, 0, "the kiosk has no token yet");
  const json body = {{"member_id", member_id}};
  return read_login_link_reply(
      post_json(*address, address->base_path + "/api/v1/kiosk/login-links", body.dump(), token, timeout, tls));
}

LoginLinkTask::LoginLinkTask(Settings settings, Report report)
    : settings_(std::move(settings)), report_(std::move(report)), thread_([this] { run(); }) {}

LoginLinkTask::~LoginLinkTask() {
  if (thread_.joinable()) thread_.join();
}

bool LoginLinkTask::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

void LoginLinkTask::run() {
  LoginLinkOutcome o;
  try {
    o = request_login_link(settings_.server_url, settings_.token, settings_.member_id, settings_.tls,
                           settings_.timeout);
  } catch (const std::exception& e) {
    o = outcome(LoginLinkOutcome::Kind::Unreachable, 0, e.what());
  }
  switch (o.kind) {
    case LoginLinkOutcome::Kind::Ready:
      spdlog::info("login link for member {}: ready", settings_.member_id);
      break;
    case LoginLinkOutcome::Kind::Refused:
      spdlog::warn("login link for member {}: the server refused (HTTP {}): {}", settings_.member_id, o.status,
                   log_text(o.detail, 300));
      break;
    case LoginLinkOutcome::Kind::Unreachable:
      spdlog::warn("login link for member {}: {}", settings_.member_id, log_text(o.detail, 300));
      break;
  }
  report_(o);
  std::lock_guard lock(mutex_);
  finished_ = true;
}

}  // namespace escale::kiosk
