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
  r.members = {{1, "Marie", "Dupont", {Role::Member}, true},
               {2, "Jean", "Martin", {Role::Member, Role::Animator}, true}};
  r.badges = {{"04A1B2C3", 1, false}, {"04D5E6F708A1B2", 2, false}, {"0BADBADB", 2, true}};
  return r;
}

}  // namespace escale::kiosk::testing
