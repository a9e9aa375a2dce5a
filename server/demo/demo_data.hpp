// The demo database: one site « Tiers-lieu de démonstration » with opening
// hours, 4 desks and a visio room, 12 members with badges, one kiosk, a
// month of past visits so that the report is not empty, an animator with a
// kiosk PIN, and bookings for today and the coming open days (made relative
// to now, so the demo always has some). Deterministic (fixed seed), so
// screenshots and docs stay stable apart from the dates.
//
// Web accounts (issue 6): « admin », « animation » (the site's animator) and
// « rapports » (reporting), with the demo passwords below.
//
// The help agenda (issue 5): a 13th member, the mediator Nadia Benali
// (badge 92A3B4C5, PIN 1357), two appointment types, her help hours
// (Tuesday 14:00–17:00, Thursday 09:30–12:00), a workshop next Thursday with
// four participants, individual appointments in the coming days, past ones
// with their statuses and activity records, and the site's mediation details
// for the open-data file. All through the store, like everything else.
#pragma once

#include <string>
#include <vector>

#include "result.hpp"
#include "store/database.hpp"

namespace escale::server {

struct DemoBadge {
  std::string uid;
  std::string first_name;
};

struct DemoData {
  std::string kiosk_token;
  std::vector<DemoBadge> badges;  // in key order: key 1 taps badges[0], …
  int past_visits = 0;
  std::string animator;      // « Agnès Lambert », who opens animator mode…
  std::string animator_uid;  // … with this badge …
  std::string animator_pin;  // … and this PIN
  int bookings = 0;          // made for today and the coming open days
  // The help agenda.
  std::int64_t mediator_id = 0;
  std::string mediator;               // « Nadia Benali », mediator (and animator)…
  std::string mediator_uid;           // … with this badge …
  std::string mediator_pin;           // … and this PIN
  std::int64_t help_type_id = 0;      // « Aide aux démarches en ligne », 45 min, individual
  std::int64_t workshop_type_id = 0;  // « Atelier : découvrir la messagerie », 90 min, 6 seats, beginner
  std::string workshop_id;            // next Thursday's workshop
  int appointments = 0;               // individual appointments to come
  int past_appointments = 0;          // with their statuses
  int activities = 0;                 // activity records (CRA) of past help
  // Web accounts of the back office and the reports (demo passwords, printed).
  struct WebAccount {
    std::string login;
    std::string password;
    std::string role;  // admin, animator, reporting
  };
  std::vector<WebAccount> web_accounts;
};

// The demo's web accounts: « admin » (everything), « animation » (the demo
// site's animator), « rapports » (the intercommunality: aggregates only).
inline constexpr const char* kDemoAdminPassword = "demo admin escale";
inline constexpr const char* kDemoAnimatorPassword = "demo animation escale";
inline constexpr const char* kDemoReportingPassword = "demo rapports escale";

inline constexpr const char* kDemoAnimatorPin = "2468";
inline constexpr const char* kDemoMediatorPin = "1357";
inline constexpr const char* kDemoMediatorUid = "92A3B4C5";

// Fills an empty database; refuses one that already has sites.
Result<DemoData> make_demo_data(store::Database& db);

// Two more sites with thirteen months of generated activity (visits,
// bookings, help appointments and activity records; demo/activity_generator),
// so that the dashboard has previous periods and all-sites figures to show;
// the second one's kiosk has not synced for three hours (« données
// incomplètes »). Members of each site visit the others now and then over the
// last 90 days (one membership for the network). Returns the number of visits
// written.
Result<std::int64_t> add_demo_history(store::Database& db);

// The UIDs of the demo members' badges, in the order keys 1–9 tap them.
const std::vector<DemoBadge>& demo_badges();

}  // namespace escale::server
