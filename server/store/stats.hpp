// The statistics tables (stats_days, stats_dirty, stats_member_months,
// stats_member_first) and the reads of the source tables the rollups and the
// dashboard compute from. What the figures mean is reports' business
// (reports/stats_rollup.hpp, reports/dashboard.hpp, docs/METRICS.md); here is
// how they are stored and read.
//
// [SECTION] Rollup rows (stats_days, stats_dirty)
// [SECTION] A site's context
// [SECTION] One day's sources
// [SECTION] The dashboard's sources
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "booking/booking.hpp"
#include "domain/member.hpp"
#include "domain/site.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

//-----------------------------------------------------------------------------
// [SECTION] Rollup rows (stats_days, stats_dirty)
//-----------------------------------------------------------------------------

// One stats_days row, decoded.
inline constexpr int kSamplesPerDay = 48;  // desk occupancy at HH:15 and HH:45, Paris wall clock
struct DayRollup {
  std::int64_t site_id = 0;
  std::string local_date;  // "YYYY-MM-DD"
  std::int64_t visits = 0;
  std::int64_t walk_ins = 0;
  std::int64_t member_visits = 0;
  std::int64_t members = 0;       // distinct that day
  std::int64_t timed_visits = 0;  // checked out, or auto-closed with a closing time after the check-in
  std::int64_t visit_seconds = 0;
  std::int64_t auto_closed = 0;
  std::array<std::int64_t, 24> check_ins_by_hour{};  // Paris wall-clock hour of the check-in
  std::int64_t open_minutes = 0;
  std::vector<std::int64_t> desk_ids;  // desks counted that day: active ones, and any with a held booking
  std::int64_t desk_open_minutes = 0;
  std::int64_t desk_booked_minutes = 0;
  std::vector<std::int64_t> booked_desk_ids;
  std::array<int, kSamplesPerDay> desk_samples{};  // desks in use; -1: not sampled (closed, or not yet)
  std::int64_t rooms = 0;
  std::int64_t room_open_minutes = 0;
  std::int64_t room_booked_minutes = 0;
  std::int64_t room_used_minutes = 0;
  std::int64_t bookings_started = 0;
  std::int64_t no_shows = 0;
  bool complete = false;
};

// Stores a day's row (computed at `now`) in place of the old one, and the day
// is no longer dirty. Call inside the refresh's transaction.
void store_day_rollup(store::Database& db, const DayRollup& r, Instant now);
// Forgets a dirty mark that names no date (nothing to compute).
void forget_dirty_day(store::Database& db, std::int64_t site_id, const std::string& local_date);
// A site's stored rows between two ISO dates inclusive, by date.
std::vector<DayRollup> stored_day_rollups(store::Database& db, std::int64_t site_id, const std::string& first,
                                          const std::string& last);

// The days a visit or booking was written since they were computed, for one
// site or all, between two ISO dates inclusive.
std::vector<std::pair<std::int64_t, std::string>> dirty_days(store::Database& db, std::optional<std::int64_t> site_id,
                                                             const std::string& first, const std::string& last);
// The stored days that were not over when computed, for one site or all.
struct IncompleteDay {
  std::int64_t site_id = 0;
  std::string local_date;
  std::string computed_at;  // ISO UTC, as stored
};
std::vector<IncompleteDay> incomplete_days(store::Database& db, std::optional<std::int64_t> site_id,
                                           const std::string& first, const std::string& last);
// The dates of a site that have a stored row between two ISO dates inclusive.
std::set<std::string> days_with_rollup(store::Database& db, std::int64_t site_id, const std::string& first,
                                       const std::string& last);

//-----------------------------------------------------------------------------
// [SECTION] A site's context
//-----------------------------------------------------------------------------

// Every site's id in order, or only `site_id` when given (and it exists).
std::vector<std::int64_t> site_ids(store::Database& db, std::optional<std::int64_t> site_id);

// A site's opening hours and creation time, as stored (nullopt: no such site).
struct SiteOpening {
  std::string opening_hours;  // the text OpeningHours::parse reads
  std::string created_at;     // ISO UTC
};
std::optional<SiteOpening> site_opening(store::Database& db, std::int64_t site_id);
// The Paris day of a site's first visit, and of its first booking.
std::optional<std::string> first_visit_day(store::Database& db, std::int64_t site_id);
std::optional<std::string> first_booking_day(store::Database& db, std::int64_t site_id);

// Every resource of a site, active or not, by id (a kind this version does
// not know is left out).
struct ResourceState {
  std::int64_t id = 0;
  ResourceKind kind = ResourceKind::Desk;
  bool active = false;
};
std::vector<ResourceState> site_resource_states(store::Database& db, std::int64_t site_id);

//-----------------------------------------------------------------------------
// [SECTION] One day's sources
//-----------------------------------------------------------------------------

struct DayVisit {
  std::optional<std::int64_t> member_id;  // none for a walk-in
  bool walk_in = false;
  std::optional<Instant> check_in;   // nullopt: unreadable
  bool checked_out = false;          // a check-out is stored…
  std::optional<Instant> check_out;  // …and this is it, when readable
};
std::vector<DayVisit> visits_of_day(store::Database& db, std::int64_t site_id, const std::string& local_date);

struct DayBooking {
  std::int64_t resource_id = 0;
  std::optional<BookingStatus> status;  // nullopt: unreadable
  std::optional<Instant> start;
  std::optional<Instant> end;
};
std::vector<DayBooking> bookings_of_day(store::Database& db, std::int64_t site_id, const std::string& local_date);

//-----------------------------------------------------------------------------
// [SECTION] The dashboard's sources
//-----------------------------------------------------------------------------

// A site as the dashboard lists it.
struct SiteSummary {
  std::int64_t id = 0;
  std::string name;
  std::string opening_hours;  // the text OpeningHours::parse reads
};
// Every site by id, or only `site_id` when given (none when it does not exist).
std::vector<SiteSummary> site_summaries(store::Database& db, std::optional<std::int64_t> site_id);

// Adds each member's visits at a site over whole months ("YYYY-MM",
// inclusive) to `visits` (stats_member_months, kept exact by triggers).
void add_member_visits_by_month(store::Database& db, std::int64_t site_id, const std::string& first_month,
                                const std::string& last_month, std::unordered_map<std::int64_t, std::int64_t>& visits);
// Adds each member's visits at a site over whole years ("YYYY", inclusive) to
// `visits` (stats_member_years, kept exact by triggers).
void add_member_visits_by_year(store::Database& db, std::int64_t site_id, const std::string& first_year,
                               const std::string& last_year, std::unordered_map<std::int64_t, std::int64_t>& visits);
// Adds each member's visits at a site between two ISO dates inclusive to `visits`.
void add_member_visits_by_day(store::Database& db, std::int64_t site_id, const std::string& first,
                              const std::string& last, std::unordered_map<std::int64_t, std::int64_t>& visits);

// Every member (erased ones too: they still count), as the statistics see them.
struct MemberProfile {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
  std::optional<std::string> home_commune;     // as stored (perhaps empty)
  std::string age_bracket;                     // as stored
  std::string roles;                           // as stored
  std::string created_at;                      // ISO UTC
  std::optional<std::string> first_visit_day;  // stats_member_first
};
std::vector<MemberProfile> member_profiles(store::Database& db);

// The participants marked seen (not waiting) of a site's appointments not
// cancelled, between two ISO dates inclusive.
struct SeenParticipant {
  std::string appointment_id;
  bool collective = false;
  std::string local_date;
  std::string participant_id;
  std::optional<std::int64_t> member_id;
  std::string first_name;
  std::optional<std::string> phone;
  bool erased = false;
};
std::vector<SeenParticipant> seen_participants(store::Database& db, std::int64_t site_id, const std::string& first,
                                               const std::string& last);

// A site's activity records between two ISO dates inclusive.
struct ActivityFacts {
  std::string id;
  std::string appointment_id;  // "" when none
  bool collective = false;
  std::string local_date;
  std::int64_t duration_min = 0;
  std::string themes;  // codes separated by '|'
  std::string age_bracket;
  std::string home_insee;
  bool anonymous = false;
  std::int64_t participants = 0;
  std::string partners{};  // France Services partner codes separated by '|' ("" when none ticked)
  std::int64_t cheques{};  // APTIC cheques received
};
std::vector<ActivityFacts> activity_facts(store::Database& db, std::int64_t site_id, const std::string& first,
                                          const std::string& last);

// A site's kiosks not revoked, by id, and when each last synced.
struct KioskSync {
  std::string name;
  std::optional<std::string> last_sync_at;  // ISO UTC; nullopt: never
};
std::vector<KioskSync> active_kiosk_syncs(store::Database& db, std::int64_t site_id);

// Reads made while it lives see one snapshot of the database (and take
// SQLite's read lock once rather than per statement). Inside a transaction
// already open on the connection, it does nothing.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(store::Database& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  store::Database& db_;
  bool own_;
};

}  // namespace escale::server
