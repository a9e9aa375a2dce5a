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

// `network` (issue 17): `badges` beyond `count` are second badges of the
// first members (UIDs after the first badges'); 9 in 10 members are of other
// sites (home site 2 to 10, first name and initial), and member 50k + 50 is
// restricted to their home site (a tap gets no greeting: skip them).
inline void seed_kiosk_members(const std::filesystem::path& db, int count, std::uint32_t first_uid,
                               const std::string& opening_hours = "24/7", bool network = false, int badges = 0) {
  kiosk::LocalStore store(db);
  sync::SyncResponse r;
  r.server_time = now();
  r.site = Site{1, "Tiers-lieu de démonstration", "", "21425", opening_hours};
  for (int i = 0; i < count; ++i) {
    sync::MemberRecord m{i + 1, "Marie", "Dupont", {Role::Member}, true, std::nullopt};
    if (network) {
      m.home_site_id = 1 + i % 10;
      if (m.home_site_id != 1) m.last_name = "D.";
      if (i % 50 == 49) m.sites = std::vector<std::int64_t>{m.home_site_id};
    }
    r.members.push_back(std::move(m));
    r.badges.push_back({badge_uid(first_uid, i), i + 1, false});
  }
  for (int i = 0; i + count < badges; ++i) r.badges.push_back({badge_uid(first_uid, count + i), i % count + 1, false});
  if (network)
    for (std::int64_t s = 1; s <= 10; ++s) r.network_sites.push_back({s, "Tiers-lieu n° " + std::to_string(s)});
  store.apply(r);
}

}  // namespace escale::bench
