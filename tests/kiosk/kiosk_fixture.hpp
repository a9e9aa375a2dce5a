// Shared test fixture for the kiosk: a fresh local database in a temp folder,
// optionally filled with members and badges as a sync would bring them.
#pragma once

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "mediation/agenda.hpp"
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
// What the kiosk's migrations 8 and 9 (the network's members, their folded
// names) add, undone: tests that make a database as an earlier version left
// it run this first.
inline constexpr const char* kUndoMigrations8And9 =
    "DROP INDEX members_search_name; DROP INDEX members_search_name_reversed; DROP INDEX members_by_name; "
    "ALTER TABLE members DROP COLUMN search_name; ALTER TABLE members DROP COLUMN search_name_reversed; "
    "DROP TABLE network_sites; ALTER TABLE members DROP COLUMN allowed_sites; "
    "ALTER TABLE members DROP COLUMN home_site_id;";

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

// ---- the help agenda
inline constexpr std::int64_t kNadia = 5;  // the mediator
inline constexpr std::int64_t kIndividualType = 1;
inline constexpr std::int64_t kWorkshopType = 2;
inline constexpr const char* kFullWorkshop = "7d4c5a53-1b2e-4c3d-8e9f-0a1b2c3d4e5f";
inline constexpr const char* kOpenWorkshop = "8e5d6b64-2c3f-4d4e-9f0a-1b2c3d4e5f60";

inline mediation::Participant someone(const std::string& id, const std::string& first_name, Instant added) {
  mediation::Participant p;
  p.id = id;
  p.first_name = first_name;
  p.added_at = added;
  return p;
}

inline sync::AppointmentRecord workshop(const char* id, Instant start, int capacity,
                                        std::vector<mediation::Participant> who) {
  sync::AppointmentRecord rec;
  auto& a = rec.appointment;
  a.id = id;
  a.site_id = 1;
  a.type_id = kWorkshopType;
  a.mediator_id = kNadia;
  a.start = start;
  a.duration = std::chrono::minutes(90);
  a.collective = true;
  a.capacity = capacity;
  a.title = "Découvrir la messagerie";
  a.level = mediation::WorkshopLevel::Beginner;
  a.participants = std::move(who);
  return rec;
}

// The booking site plus its help agenda: Nadia (mediator) holds help hours
// on Tuesdays 14:00–17:00 (45-minute appointments); two workshops this week,
// one full.
inline sync::SyncResponse agenda_sync(Instant t, const std::string& agnes_pin_hash = "") {
  sync::SyncResponse r = booking_sync(agnes_pin_hash);
  r.server_time = t;  // the kiosk forgets appointments ended a day before the server's time
  r.members.push_back({kNadia, "Nadia", "Benali", {Role::Member, Role::Mediator}, true, std::nullopt});
  sync::HelpAgenda agenda;
  mediation::AppointmentType individual;
  individual.id = kIndividualType;
  individual.name = "Aide aux démarches en ligne";
  individual.duration = std::chrono::minutes(45);
  mediation::AppointmentType group;
  group.id = kWorkshopType;
  group.name = "Atelier";
  group.duration = std::chrono::minutes(90);
  group.collective = true;
  group.capacity = 6;
  agenda.types = {individual, group};
  mediation::HelpHours tuesday;
  tuesday.id = 1;
  tuesday.mediator_id = kNadia;
  tuesday.weekday = 2;
  tuesday.start_minute = 14 * 60;
  tuesday.end_minute = 17 * 60;
  agenda.hours = {tuesday};
  agenda.contact_phone = "+33555000000";
  r.help_agenda = agenda;
  r.appointments = {workshop(kFullWorkshop, from_paris(2026, 3, 12, 14, 0), 2,
                             {someone("11111111-1111-4111-8111-111111111111", "Luc", t - std::chrono::hours(48)),
                              someone("22222222-2222-4222-8222-222222222222", "Zoé", t - std::chrono::hours(24))}),
                    workshop(kOpenWorkshop, from_paris(2026, 3, 11, 10, 0), 2,
                             {someone("33333333-3333-4333-8333-333333333333", "Léa", t - std::chrono::hours(24))})};
  return r;
}

}  // namespace escale::kiosk::testing
