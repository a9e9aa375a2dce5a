// Shared test fixture for the kiosk: a fresh local database in a temp folder,
// optionally filled with members and badges as a sync would bring them.
#pragma once

#include <filesystem>
#include <random>
#include <string>

#include "store/local_store.hpp"
#include "sync/protocol.hpp"

namespace escale::kiosk::testing {

class TempFolder {
 public:
  explicit TempFolder(const std::string& prefix) {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// What a first sync from the demo site would bring: Marie (04A1B2C3), Jean
// (04D5E6F708A1B2), and a revoked badge of Jean's (0BADBADB).
inline sync::SyncResponse first_sync() {
  sync::SyncResponse r;
  r.server_time = now();
  r.cursor = 10;
  r.site = Site{1, "Tiers-lieu de démonstration", "2 rue de la Gare", "21425", "Mo-Fr 08:30-18:00"};
  r.members = {{1, "Marie", "Dupont", {Role::Member}, true, std::nullopt},
               {2, "Jean", "Martin", {Role::Member, Role::Animator}, true, std::nullopt}};
  r.badges = {{"04A1B2C3", 1, false}, {"04D5E6F708A1B2", 2, false}, {"0BADBADB", 2, true}};
  return r;
}

// A site with bookable resources, as a sync brings it: hours with a lunch
// break, three desks and a visio room, default rules, and Agnès, an animator
// with the PIN 2468 (badge 5E6F7081).
inline sync::SyncResponse booking_sync(const std::string& agnes_pin_hash) {
  sync::SyncResponse r = first_sync();
  r.site->opening_hours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";
  r.members.push_back({3, "Agnès", "Roux", {Role::Member, Role::Animator}, true, agnes_pin_hash});
  r.members.push_back({4, "Élodie", "Bernard", {Role::Member}, true, std::nullopt});
  r.badges.push_back({"5E6F7081", 3, false});
  r.badges.push_back({"1A2B3C4D", 4, false});
  const auto resource = [](std::int64_t id, ResourceKind kind, std::string name, std::string features) {
    sync::ResourceRecord rec;
    rec.resource.id = id;
    rec.resource.site_id = 1;
    rec.resource.kind = kind;
    rec.resource.name = std::move(name);
    rec.resource.features = std::move(features);
    return rec;
  };
  r.resources = {resource(11, ResourceKind::Desk, "Bureau 1", ""), resource(12, ResourceKind::Desk, "Bureau 2", ""),
                 resource(13, ResourceKind::Desk, "Bureau 3", "grand écran"),
                 resource(21, ResourceKind::VisioRoom, "Salle visio", "")};
  r.rules = sync::SiteRules{};
  return r;
}

}  // namespace escale::kiosk::testing
