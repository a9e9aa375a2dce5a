// Benchmark set-up shared by the kiosk benchmarks: a local store holding what
// a first sync would bring — a site and `count` members, member i holding the
// badge with UID (first_uid + i) as 8 hex digits.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "store/local_store.hpp"

namespace escale::bench {

inline std::string badge_uid(std::uint32_t first_uid, int i) {
  char uid[9];
  std::snprintf(uid, sizeof uid, "%08X", first_uid + static_cast<std::uint32_t>(i));
  return uid;
}

inline void seed_kiosk_members(const std::filesystem::path& db, int count, std::uint32_t first_uid,
                               const std::string& opening_hours = "24/7") {
  kiosk::LocalStore store(db);
  sync::SyncResponse r;
  r.server_time = now();
  r.site = Site{1, "Tiers-lieu de démonstration", "", "21425", opening_hours};
  for (int i = 0; i < count; ++i) {
    r.members.push_back({i + 1, "Marie", "Dupont", {Role::Member}, true, std::nullopt});
    r.badges.push_back({badge_uid(first_uid, i), i + 1, false});
  }
  store.apply(r);
}

}  // namespace escale::bench
