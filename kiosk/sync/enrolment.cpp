// Enrolment: the code check, the one POST and its answers, the retrying task.
#include "sync/enrolment.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace escale::kiosk {
namespace {

using nlohmann::json;

EnrolError failure(EnrolFailure reason, std::string detail) {
  EnrolError e;
  e.reason = reason;
  e.detail = std::move(detail);
  return e;
}

EnrolOutcome failed(EnrolError e) {
  EnrolOutcome o;
  o.error = std::move(e);
  return o;
}

// 403 and 429 answers: {"error": {"status", "reason", "retry_after_s", "message"}}.
EnrolOutcome refused(int status, const std::string& body) {
  const json doc = json::parse(body, nullptr, false);
  const json* err = doc.is_object() && doc.contains("error") && doc["error"].is_object() ? &doc["error"] : nullptr;
  const std::string reason = err && err->contains("reason") && (*err)["reason"].is_string()
                                 ? (*err)["reason"].get<std::string>()
                                 : std::string();
  const std::string message = err && err->contains("message") && (*err)["message"].is_string()
                                  ? (*err)["message"].get<std::string>()
                                  : body.substr(0, 200);
  if (status == 429) {
    EnrolError e = failure(EnrolFailure::TooManyAttempts, message);
    std::int64_t after = 900;  // the server's default when it does not say
    if (err && err->contains("retry_after_s") && (*err)["retry_after_s"].is_number_integer()) {
      after = std::max<std::int64_t>(0, (*err)["retry_after_s"].get<std::int64_t>());
    }
    e.retry_after = std::chrono::seconds(after);
    return failed(std::move(e));
  }
  if (reason == "unknown_code") return failed(failure(EnrolFailure::UnknownCode, message));
  if (reason == "expired_code") return failed(failure(EnrolFailure::ExpiredCode, message));
  if (reason == "used_code") return failed(failure(EnrolFailure::UsedCode, message));
  // A 403 without a reason we know: most likely a proxy in front of the server.
  return failed(failure(EnrolFailure::Unreachable, "server answered 403: " + message));
}

}  // namespace

Result<std::string> normalise_enrolment_code(std::string_view typed) {
  const CodeCheck c = check_enrolment_code(typed);
  switch (c.problem) {
    case CodeProblem::None:
      return c.code;
    case CodeProblem::Empty:
      return Error{"the enrolment code is empty"};
    case CodeProblem::TooShort:
    case CodeProblem::TooLong:
      return Error{"the enrolment code « " + std::string(typed) + " » has " + std::to_string(c.code.size()) +
                   " characters; a code has 10, like K7QF2-M9XDA"};
    case CodeProblem::BadCharacter:
      return Error{"the enrolment code « " + std::string(typed) + " » contains « " + c.bad_character +
                   " », which no code has (codes use A-Z without I and O, and the digits 2-9)"};
  }
  return Error{"the enrolment code is not readable"};
}

EnrolOutcome enrol(const std::string& server_url, std::string_view code, const TlsSettings& tls,
                   std::chrono::milliseconds timeout, std::string_view kiosk_version) {
  const CodeCheck check = check_enrolment_code(code);
  if (check.problem != CodeProblem::None) {
    return failed(failure(EnrolFailure::BadCode, "the code is not well formed; nothing was sent"));
  }
  const auto address = parse_server_url(server_url);
  if (!address) return failed(failure(EnrolFailure::Unreachable, address.error()));
  const json body = {{"code", check.code}, {"version", std::string(kiosk_version)}};
  const HttpReply reply =
      post_json(*address, address->base_path + "/api/v1/kiosks/enrol", body.dump(), std::string(), timeout, tls);
  if (!reply.error.empty()) {
    return failed(
        failure(reply.certificate_refused ? EnrolFailure::CertificateRefused : EnrolFailure::Unreachable, reply.error));
  }
  if (reply.status == 400) return failed(failure(EnrolFailure::Rejected, reply.body.substr(0, 200)));
  if (reply.status == 403 || reply.status == 429) return refused(reply.status, reply.body);
  if (reply.status != 200) {
    return failed(failure(EnrolFailure::Unreachable, "server answered " + std::to_string(reply.status)));
  }
  const json doc = json::parse(reply.body, nullptr, false);
  try {
    Enrolment e;
    e.server_url = server_url;
    e.token = doc.at("token").get<std::string>();
    e.kiosk_id = doc.at("kiosk_id").get<std::int64_t>();
    e.kiosk_name = doc.at("kiosk_name").get<std::string>();
    e.site_id = doc.at("site_id").get<std::int64_t>();
    e.site_name = doc.at("site_name").get<std::string>();
    if (e.token.empty()) throw std::runtime_error("empty token");
    EnrolOutcome o;
    o.enrolment = std::move(e);
    return o;
  } catch (const std::exception& ex) {
    return failed(failure(EnrolFailure::Unreachable, std::string("unreadable answer: ") + ex.what()));
  }
}

EnrolmentTask::EnrolmentTask(Settings settings, Report report)
    : settings_(std::move(settings)), report_(std::move(report)), thread_([this] { run(); }) {}

EnrolmentTask::~EnrolmentTask() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool EnrolmentTask::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

void EnrolmentTask::run() {
  auto backoff = settings_.first_backoff;
  while (true) {
    const EnrolOutcome outcome = enrol(settings_.server_url, settings_.code, settings_.tls, settings_.timeout);
    const bool again = settings_.retry && !outcome.ok() && is_transient(outcome.error.reason);
    if (!outcome.ok()) spdlog::warn("enrolment with {}: {}", settings_.server_url, outcome.error.detail);
    if (!again) {
      report_(outcome, std::nullopt);
      std::lock_guard lock(mutex_);
      finished_ = true;
      return;
    }
    report_(outcome, backoff);
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, backoff, [this] { return stopping_; })) return;
    backoff = std::min(backoff * 2, settings_.max_backoff);
  }
}

}  // namespace escale::kiosk
