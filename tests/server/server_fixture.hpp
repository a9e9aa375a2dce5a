// Shared helpers for the server tests: a fresh temporary directory per test,
// a migrated server database in it, and short ways to make sites, members,
// kiosks and sync events.
#pragma once

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include "domain/badge.hpp"
#include "domain/member.hpp"
#include "domain/site.hpp"
#include "domain/uuid.hpp"
#include "store/credentials.hpp"
#include "store/database.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"
#include "sync/protocol.hpp"
#include "time/clock.hpp"

namespace escale::tests {

// A directory of its own under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() / ("escale-test-" + std::to_string(::getpid()) + "-" +
                                                      std::to_string(counter++) + "-" + std::to_string(stamp));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline constexpr const char* kHours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";

// A migrated server database in a temporary directory.
struct ServerDb {
  TempDir dir;
  std::filesystem::path path = dir.file("escale.db");
  store::Database db = server::open_server_db(path);

  std::int64_t site(const std::string& name = "Tiers-lieu de Montbard", const std::string& insee = "21425") {
    auto s = server::add_site(db, Site{0, name, "2 rue de la Gare", insee, kHours});
    if (!s) throw std::runtime_error("add_site: " + s.error());
    return s->id;
  }

  std::int64_t member(std::int64_t site_id, const std::string& first = "Marie", const std::string& last = "Dupont") {
    Member m;
    m.site_id = site_id;
    m.first_name = first;
    m.last_name = last;
    auto added = server::add_member(db, m);
    if (!added) throw std::runtime_error("add_member: " + added.error());
    return added->id;
  }

  void badge(const std::string& uid, std::int64_t member_id) {
    auto b = server::add_badge(db, *BadgeUid::parse(uid), member_id);
    if (!b) throw std::runtime_error("add_badge: " + b.error());
  }

  server::IssuedKiosk kiosk(std::int64_t site_id, const std::string& name = "entrée") {
    auto k = server::add_kiosk(db, site_id, name);
    if (!k) throw std::runtime_error("add_kiosk: " + k.error());
    return *k;
  }

  // One integer from a query with no parameters (a count, mostly).
  std::int64_t scalar(const std::string& sql) {
    auto st = db.prepare(sql);
    if (!st.step()) throw std::runtime_error("no row: " + sql);
    return st.int64(0);
  }
};

inline Instant at(const std::string& iso) {
  auto t = parse_iso_utc(iso);
  if (!t) throw std::invalid_argument("bad test time " + iso);
  return *t;
}

inline sync::Event check_in(const std::string& visit_id, std::int64_t member_id, const std::string& when,
                            const std::string& badge = "04A1B2C3") {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::CheckIn;
  e.at = at(when);
  e.visit_id = visit_id;
  e.member_id = member_id;
  e.badge_uid = badge;
  return e;
}

inline sync::Event check_out(const std::string& visit_id, const std::string& when) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::CheckOut;
  e.at = at(when);
  e.visit_id = visit_id;
  return e;
}

inline sync::Event walk_in(const std::string& visit_id, const std::string& when) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::WalkIn;
  e.at = at(when);
  e.visit_id = visit_id;
  return e;
}

// `n` random characters of the base64url alphabet (A–Z a–z 0–9 - _), drawn
// from libsodium through make_token: what an operator's generator gives.
inline std::string random_base64url(std::size_t n) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  while (out.size() < n) {
    const std::string hex = server::make_token("");  // 32 random bytes
    for (std::size_t k = 0; k + 2 <= hex.size() && out.size() < n; k += 2)
      out += kAlphabet[std::stoi(hex.substr(k, 2), nullptr, 16) & 63];
  }
  return out;
}

}  // namespace escale::tests
