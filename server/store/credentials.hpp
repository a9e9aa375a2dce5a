// Bearer tokens for kiosks and admin API clients. A token is shown once when
// made; only its BLAKE2b-256 hash is stored, so a stolen database cannot be
// used to impersonate a kiosk.
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

struct KioskIdentity {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
  std::string name;
};

struct IssuedKiosk {
  KioskIdentity kiosk;
  std::string token;  // shown once
};

// Makes a kiosk for a site and its token ("esk_" + 64 hex digits). When
// `token` is given (a provisioning script's own), it is used instead of a
// random one, if it is as hard to guess (weak_token_reason).
Result<IssuedKiosk> add_kiosk(store::Database& db, std::int64_t site_id, const std::string& name,
                              std::optional<std::string> token = std::nullopt);
std::optional<KioskIdentity> authenticate_kiosk(store::Database& db, std::string_view token);

// A kiosk's last sync time (kiosks.last_sync_at, shown to operators) is
// written at most once a minute: an up-to-date kiosk polls every few seconds,
// and writing the time each time would make every poll a write (the write
// lock, a WAL frame) for a value nobody reads to the second.
inline constexpr std::chrono::minutes kKioskSyncResolution{1};
// When the kiosk last synced, as recorded; nullopt: never.
std::optional<Instant> kiosk_last_sync(store::Database& db, std::int64_t kiosk_id);
// Whether a sync at `at` is to be recorded, the last one recorded being `last`:
// never recorded, a minute or more ago, or later than `at` (the server's
// clock was set back).
bool kiosk_sync_due(std::optional<Instant> last, Instant at);
// Records the sync time (one UPDATE; in the caller's transaction if one is open).
void touch_kiosk_sync(store::Database& db, std::int64_t kiosk_id, Instant at = now());
// The same, outside any transaction, without waiting for the write lock: when
// another writer holds it, nothing is written and false is returned (the
// kiosk's next sync tries again). For the syncs that write nothing else.
bool touch_kiosk_sync_unless_busy(store::Database& db, std::int64_t kiosk_id, Instant at);

struct KioskStatus {
  KioskIdentity kiosk;
  std::optional<std::string> last_sync_at;
  bool revoked = false;
};
std::vector<KioskStatus> list_kiosks(store::Database& db);
Result<KioskStatus> revoke_kiosk(store::Database& db, std::int64_t kiosk_id);

// Admin API clients ("esa_" tokens): read access to members and badges.
Result<std::string> add_admin_client(store::Database& db, const std::string& name);
bool authenticate_admin(store::Database& db, std::string_view token);
// The admin client an esa_ token belongs to, unless unknown, revoked or not
// token-shaped (is_token_shaped).
std::optional<std::int64_t> admin_client_for_token(store::Database& db, std::string_view token);

std::string hash_token(std::string_view token);
// `prefix` + 64 lowercase hexadecimal digits (256 random bits): 68 characters.
std::string make_token(std::string_view prefix);

// The one rule for the length and alphabet of a token, on every path that
// reads one (the sync's kiosk token, the admin token of the API's gate, of
// the visits report and of the dashboard, the web session's cookie, a
// member's calendar address): `prefix`, then at least
// kMinTokenSecret characters of the base64url alphabet (A–Z a–z 0–9 - _),
// kMaxTokenLength characters in all at most. It admits every token Escale
// makes (make_token: 64 hexadecimal digits) and every token an operator may
// choose (weak_token_reason: 256 bits, so 43 base64url characters at least,
// issue 14), and nothing shorter: a token that cannot have been issued is
// refused before it is hashed and looked up. (Until issue 16, the API's admin
// gate and the calendar wanted exactly 68 characters, the sessions 8 to 200,
// the other paths anything from 1 to 196 characters after the prefix.)
inline constexpr std::size_t kMinTokenSecret = 43;  // 43 × 6 bits ≥ 256 bits
inline constexpr std::size_t kMaxTokenLength = 200;
bool is_token_shaped(std::string_view token, std::string_view prefix);

// Whether a token someone chose (instead of make_token) is as hard to guess
// as a generated one, 256 bits: after `prefix`, only the base64url alphabet
// (A–Z a–z 0–9 - _), and at least 64 characters when they are all
// hexadecimal digits (4 bits each), 43 otherwise (6 bits each); and not made
// by hand: at least 3/4 of its 3-character sequences different (no repeated
// pattern such as "abcabc…" or "passwordpassword…"), and at most half of its
// characters equal to, or next to, the one before ("aaaa", "abcd", "1234").
// A token drawn at random passes (the odds of refusing one are below 1e-9:
// tests draw thousands). Returns the French reason when it is too weak.
std::optional<std::string> weak_token_reason(std::string_view token, std::string_view prefix);

}  // namespace escale::server
