// Tokens: random from libsodium, stored hashed, looked up by hash.
#include "store/credentials.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include "crypto/sodium.hpp"
#include "store/sites.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

bool base64url_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool hex_char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9');
}

}  // namespace

bool is_token_shaped(std::string_view token, std::string_view prefix) {
  if (!token.starts_with(prefix) || token.size() > kMaxTokenLength) return false;
  const std::string_view secret = token.substr(prefix.size());
  return secret.size() >= kMinTokenSecret && std::all_of(secret.begin(), secret.end(), base64url_char);
}

std::string hash_token(std::string_view token) {
  crypto::ensure_sodium();
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  return to_hex(out.data(), out.size());
}

std::string make_token(std::string_view prefix) {
  crypto::ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return std::string(prefix) + to_hex(bytes.data(), bytes.size());
}

std::optional<std::string> weak_token_reason(std::string_view token, std::string_view prefix) {
  const std::string advice =
      " Laissez Escale le créer, ou tirez-le au hasard : « openssl rand -hex 32 » (64 chiffres hexadécimaux).";
  if (!token.starts_with(prefix) || token.size() == prefix.size() || token.size() > kMaxTokenLength)
    return "Ce jeton doit commencer par « " + std::string(prefix) + " » et faire " + std::to_string(kMaxTokenLength) +
           " caractères au plus." + advice;
  const std::string_view secret = token.substr(prefix.size());
  if (!std::all_of(secret.begin(), secret.end(), base64url_char))
    return "Ce jeton ne peut contenir, après « " + std::string(prefix) +
           " », que des lettres sans accent, des chiffres, - et _." + advice;
  const bool hex = std::all_of(secret.begin(), secret.end(), hex_char);
  const std::size_t needed = hex ? 64 : kMinTokenSecret;  // 64 × 4 bits, 43 × 6 bits: 256 at least
  if (secret.size() < needed)
    return "Ce jeton est trop court pour être sûr : " + std::to_string(needed) + " caractères " +
           (hex ? "hexadécimaux" : "base64url") + " au moins après « " + std::string(prefix) + " » (il en a " +
           std::to_string(secret.size()) + ")." + advice;
  // Made by hand? A random string has almost all its 3-character sequences
  // different, and few characters equal to or next to the previous one.
  std::set<std::string_view> trigrams;
  for (std::size_t i = 0; i + 3 <= secret.size(); ++i) trigrams.insert(secret.substr(i, 3));
  std::size_t steps = 0;
  for (std::size_t i = 1; i < secret.size(); ++i) {
    const int d = static_cast<unsigned char>(secret[i]) - static_cast<unsigned char>(secret[i - 1]);
    if (d >= -1 && d <= 1) ++steps;
  }
  if (trigrams.size() * 4 < (secret.size() - 2) * 3 || steps * 2 > secret.size())
    return std::string(
               "Ce jeton est trop régulier pour être sûr (motif répété, suite de caractères) : il doit être "
               "tiré au hasard.") +
           advice;
  return std::nullopt;
}

Result<IssuedKiosk> add_kiosk(store::Database& db, std::int64_t site_id, const std::string& name,
                              std::optional<std::string> token) {
  if (name.empty() || name.size() > 100)
    return Error{"Donnez un nom à la borne (1 à 100 caractères), par exemple « entrée »."};
  if (!find_site(db, site_id)) {
    return Error{"Le lieu n° " + std::to_string(site_id) +
                 " n’existe pas : vérifiez avec « escale-server site list »."};
  }
  if (token) {
    if (auto weak = weak_token_reason(*token, "esk_")) return Error{*weak};
  }
  IssuedKiosk issued{{0, site_id, name}, token.value_or(make_token("esk_"))};
  store::Transaction tx(db);
  auto dup = db.prepare("SELECT 1 FROM kiosks WHERE site_id = ? AND name = ?");
  dup.bind_all(site_id, name);
  if (dup.step()) return Error{"Ce lieu a déjà une borne nommée « " + name + " » : choisissez un autre nom."};
  auto same_token = db.prepare("SELECT 1 FROM kiosks WHERE token_hash = ?");
  same_token.bind(1, hash_token(issued.token));
  if (same_token.step()) return Error{"Ce jeton est déjà celui d’une autre borne : laissez Escale en créer un."};
  db.prepare("INSERT INTO kiosks (site_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")
      .bind_all(site_id, name, hash_token(issued.token), to_iso_utc(now()))
      .run();
  issued.kiosk.id = db.last_insert_rowid();
  tx.commit();
  return issued;
}

// The statements of a kiosk's sync are cached (Database::cached): an
// up-to-date kiosk's poll is little more than these lookups, and preparing
// them each time was most of its cost.
std::optional<KioskIdentity> authenticate_kiosk(store::Database& db, std::string_view token) {
  if (!is_token_shaped(token, "esk_")) return std::nullopt;
  auto st = db.cached("SELECT id, site_id, name FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL");
  st.bind(1, hash_token(token));
  if (!st.step()) return std::nullopt;
  return KioskIdentity{st.int64(0), st.int64(1), st.text(2)};
}

std::optional<Instant> kiosk_last_sync(store::Database& db, std::int64_t kiosk_id) {
  auto st = db.cached("SELECT last_sync_at FROM kiosks WHERE id = ?");
  st.bind(1, kiosk_id);
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return parse_iso_utc(st.text(0));  // unreadable (edited by hand): as if never, written again
}

bool kiosk_sync_due(std::optional<Instant> last, Instant at) {
  return !last || at - *last >= kKioskSyncResolution || at < *last;
}

void touch_kiosk_sync(store::Database& db, std::int64_t kiosk_id, Instant at) {
  db.cached("UPDATE kiosks SET last_sync_at = ? WHERE id = ?").bind_all(to_iso_utc(at), kiosk_id).run();
}

bool touch_kiosk_sync_unless_busy(store::Database& db, std::int64_t kiosk_id, Instant at) {
  const int waited = db.set_busy_timeout(0);
  try {
    touch_kiosk_sync(db, kiosk_id, at);
  } catch (const store::StoreError& e) {
    db.set_busy_timeout(waited);
    if (e.is_busy()) return false;
    throw;
  }
  db.set_busy_timeout(waited);
  return true;
}

std::vector<KioskStatus> list_kiosks(store::Database& db) {
  std::vector<KioskStatus> out;
  auto st = db.prepare("SELECT id, site_id, name, last_sync_at, revoked_at FROM kiosks ORDER BY site_id, id");
  while (st.step()) {
    out.push_back({{st.int64(0), st.int64(1), st.text(2)}, st.optional_text(3), !st.is_null(4)});
  }
  return out;
}

Result<KioskStatus> revoke_kiosk(store::Database& db, std::int64_t kiosk_id) {
  store::Transaction tx(db);
  db.prepare("UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
      .bind_all(to_iso_utc(now()), kiosk_id)
      .run();
  if (db.changes() == 0) return Error{"Aucune borne active n° " + std::to_string(kiosk_id) + "."};
  tx.commit();
  for (auto& k : list_kiosks(db)) {
    if (k.kiosk.id == kiosk_id) return k;
  }
  return Error{"Borne introuvable."};
}

Result<std::string> add_admin_client(store::Database& db, const std::string& name) {
  if (name.empty() || name.size() > 100) return Error{"Donnez un nom au client d’administration (1 à 100 caractères)."};
  std::string token = make_token("esa_");
  store::Transaction tx(db);
  auto dup = db.prepare("SELECT 1 FROM api_clients WHERE name = ?");
  dup.bind(1, name);
  if (dup.step()) return Error{"Un client d’administration s’appelle déjà « " + name + " »."};
  db.prepare("INSERT INTO api_clients (name, role, token_hash, created_at) VALUES (?, 'admin', ?, ?)")
      .bind_all(name, hash_token(token), to_iso_utc(now()))
      .run();
  tx.commit();
  return token;
}

bool authenticate_admin(store::Database& db, std::string_view token) {
  return admin_client_for_token(db, token).has_value();
}

std::optional<std::int64_t> admin_client_for_token(store::Database& db, std::string_view token) {
  if (!is_token_shaped(token, "esa_")) return std::nullopt;
  auto st = db.cached("SELECT id FROM api_clients WHERE token_hash = ? AND revoked_at IS NULL");
  st.bind(1, hash_token(token));
  std::optional<std::int64_t> out;
  if (st.step()) out = st.int64(0);
  return out;
}

}  // namespace escale::server
