// The kiosk's local SQLite store: its site's members and badges (pulled from
// the server), its own visits, and the outbox of events waiting to be pushed.
//
// A check-in writes the visit and its outbox event in one transaction, before
// the greeting shows: once a person is greeted, the visit survives a crash
// and will reach the server. The UI thread and the sync thread each open
// their own LocalStore on the same file (WAL lets them work side by side).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "domain/badge.hpp"
#include "domain/site.hpp"
#include "store/database.hpp"
#include "sync/protocol.hpp"
#include "time/clock.hpp"

namespace escale::kiosk {

struct KnownBadge {
  std::int64_t member_id = 0;
  std::string first_name;
  std::string last_name;
  std::vector<Role> roles;
};

struct OpenVisit {
  std::string visit_id;
  Instant check_in{};
};

class LocalStore {
 public:
  explicit LocalStore(const std::filesystem::path& path);

  // ---- used by the app (UI thread)
  // The member holding this badge, when the badge is known and not revoked.
  std::optional<KnownBadge> find_badge(const BadgeUid& uid);
  // The member's latest visit not yet closed, begun less than `max_visit`
  // before `at` (a visit may run past midnight; one forgotten yesterday
  // morning is not closed by today's tap).
  std::optional<OpenVisit> open_visit(std::int64_t member_id, Instant at,
                                      std::chrono::hours max_visit = std::chrono::hours(16));
  std::string record_check_in(std::int64_t member_id, const BadgeUid& uid, Instant at);  // returns the visit id
  void record_check_out(const std::string& visit_id, Instant at);
  std::string record_walk_in(Instant at);
  std::optional<Site> site();

  // ---- used by the sync client (sync thread)
  std::vector<sync::Event> pending_events(std::size_t limit);
  std::int64_t pending_count();
  std::int64_t cursor();
  // Applies one exchange's answer in one transaction: acknowledged events
  // leave the outbox (rejected ones are kept aside in rejected_events, with
  // the reason, for the animator), then members, badges, site and cursor.
  void apply(const sync::SyncResponse& response);

  store::Database& database() { return db_; }

  // Visits older than this, already acknowledged by the server, are deleted
  // from the kiosk at the next sync (data minimisation: a kiosk in a public
  // hall keeps as little as it can).
  static constexpr std::chrono::days kKeepVisitsDays{7};

 private:
  void forget_old_visits(Instant today);
  void enqueue(const sync::Event& e);
  store::Database db_;
};

}  // namespace escale::kiosk
