// Kiosk enrolment: « escale-server kiosk add » (or « kiosk code ») gives a
// one-time code; the new kiosk sends it to POST /api/v1/kiosks/enrol and gets
// its bearer token in exchange. The code is short enough to type on a touch
// screen (10 characters, 50 bits: no I, O, 0 or 1 to misread), valid for a
// week, usable once; failed attempts are limited per client address so that
// guessing is hopeless. Only the code's hash is stored, like tokens.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/enrolment_code.hpp"
#include "result.hpp"
#include "store/credentials.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

inline constexpr auto kEnrolmentValidity = std::chrono::hours(24 * 7);
// Failed attempts per client address within kEnrolmentWindow before 429.
inline constexpr int kEnrolmentMaxFailures = 10;
inline constexpr auto kEnrolmentWindow = std::chrono::minutes(15);

struct EnrolmentCode {
  std::int64_t kiosk_id = 0;
  std::string code;  // "K7QF2-M9XDA", shown once
  Instant expires_at;
};

// "k7qf2 m9xda" → "K7QF2M9XDA" (check_enrolment_code, shared with the
// kiosk); nullopt when it cannot be a code.
std::optional<std::string> normalise_enrolment_code(std::string_view typed);

// A new code for a kiosk (a new one, or one being reinstalled); earlier
// unused codes of that kiosk stop working. Refused for a revoked kiosk.
Result<EnrolmentCode> issue_enrolment_code(store::Database& db, std::int64_t kiosk_id, Instant now);

enum class EnrolmentRefusal { Malformed, UnknownCode, ExpiredCode, UsedCode, TooManyAttempts };
std::string_view to_string(EnrolmentRefusal r);  // "malformed", "unknown_code", …

struct Enrolled {
  IssuedKiosk kiosk;  // identity and the new token (shown once, to the kiosk)
  std::string site_name;
};
struct EnrolmentOutcome {
  std::optional<Enrolled> enrolled;
  std::optional<EnrolmentRefusal> refusal;
  std::chrono::seconds retry_after{0};  // TooManyAttempts: when the client may try again
  std::string message;                  // French, for the installer: what happened and what to do
};

// Exchanges a code for a new token (the kiosk's previous token, if any, stops
// working). `client` is the caller's address, for the attempt limit. One
// transaction; the code is marked used.
EnrolmentOutcome enrol_kiosk(store::Database& db, std::string_view typed_code, std::string_view client, Instant now);

}  // namespace escale::server
