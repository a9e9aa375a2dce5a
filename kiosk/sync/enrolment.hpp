// Enrolment: a new kiosk trades the one-time code printed by
// « escale-server kiosk add » for its bearer token, in one POST to
// {base_path}/api/v1/kiosks/enrol (no Authorization). The code is checked and
// normalised here first, so a mistyped code never costs a server attempt.
//
// EnrolmentTask runs the exchange off the UI thread; with `retry` it tries
// again, with backoff, while the server cannot be reached (a code given in the
// configuration, the Pi booting before the network is up).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "domain/enrolment_code.hpp"
#include "result.hpp"
#include "sync/http_client.hpp"

namespace escale::kiosk {

// The same for the configuration: the normalised code, or an error in English
// for the administrator.
Result<std::string> normalise_enrolment_code(std::string_view typed);

struct Enrolment {
  std::string server_url;  // the server the token belongs to
  std::string token;
  std::int64_t kiosk_id = 0;
  std::string kiosk_name;  // « entrée »
  std::int64_t site_id = 0;
  std::string site_name;  // « Tiers-lieu de Vouziers »
};

enum class EnrolFailure {
  BadCode,             // refused here: wrong length or a character not in the alphabet
  UnknownCode,         // 403 unknown_code
  ExpiredCode,         // 403 expired_code
  UsedCode,            // 403 used_code
  TooManyAttempts,     // 429: wait `retry_after`
  Rejected,            // 400: the server did not understand the request (a version mismatch)
  Unreachable,         // no answer, another status, or an answer that is not the expected JSON
  CertificateRefused,  // the server answered, but its certificate is not trusted ([server] ca_file, the URL's name)
};

struct EnrolError {
  EnrolFailure reason = EnrolFailure::Unreachable;
  std::string detail;                   // what happened, for the log and the installer (post_json's error text…)
  std::chrono::seconds retry_after{0};  // TooManyAttempts
};

// Worth trying again later with the same code (the server may come back).
inline bool is_transient(EnrolFailure f) {
  return f == EnrolFailure::Unreachable;
}

struct EnrolOutcome {
  std::optional<Enrolment> enrolment;  // set on success
  EnrolError error;                    // meaningful when `enrolment` is empty
  bool ok() const { return enrolment.has_value(); }
};

// One exchange. Blocks up to `timeout`; call it off the UI thread.
EnrolOutcome enrol(const std::string& server_url, std::string_view code, const TlsSettings& tls,
                   std::chrono::milliseconds timeout, std::string_view kiosk_version = "0.1.0");

// Runs enrol() in its own thread. `report` is called from that thread after
// each attempt (a transient failure while it will retry, then the final
// outcome); `will_retry_in` is set when another attempt follows.
class EnrolmentTask {
 public:
  using Report = std::function<void(const EnrolOutcome&, std::optional<std::chrono::milliseconds> will_retry_in)>;
  struct Settings {
    std::string server_url;
    std::string code;
    TlsSettings tls;
    std::chrono::milliseconds timeout{10000};
    bool retry = false;  // retry while the server is unreachable
    std::chrono::milliseconds first_backoff{1000};
    std::chrono::milliseconds max_backoff{60000};
  };
  EnrolmentTask(Settings settings, Report report);
  ~EnrolmentTask();  // stops waiting and joins (an exchange under way finishes first, within its timeout)
  EnrolmentTask(const EnrolmentTask&) = delete;
  EnrolmentTask& operator=(const EnrolmentTask&) = delete;
  bool finished() const;

 private:
  void run();
  Settings settings_;
  Report report_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool finished_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace escale::kiosk
