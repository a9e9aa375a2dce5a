// Visits: a kiosk's arrivals (check-ins and walk-ins) and departures, and the
// daily counts the visits report reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

// An arrival at a kiosk, keyed by the UUID the kiosk gave the visit.
struct Arrival {
  std::string visit_id;
  std::int64_t site_id = 0;
  std::optional<std::int64_t> member_id;  // none for a walk-in
  std::int64_t kiosk_id = 0;
  std::optional<std::string> badge_uid;  // none for a walk-in or a member let in by name
  Instant at{};
  bool walk_in = false;
};

enum class ArrivalOutcome {
  Recorded,       // a new visit
  IdAlreadyUsed,  // a visit holds this id already (the same arrival again, or a conflict)
  UnknownMember,  // member_id names nobody: nothing written
};

// Records the visit unless its id is taken. The member is checked by the
// foreign key (no extra query on the hot path); inside a transaction only this
// statement is undone when it fails.
ArrivalOutcome record_arrival(store::Database& db, const Arrival& a);

// The visit that holds an id, as its arrival was recorded.
struct RecordedArrival {
  std::optional<std::int64_t> member_id;
  std::optional<Instant> at;
  std::optional<std::int64_t> kiosk_id;
};
std::optional<RecordedArrival> find_arrival(store::Database& db, const std::string& visit_id);

// A visit of a site, its arrival and its departure if any (nullopt: no such
// visit at this site).
struct VisitTimes {
  std::optional<Instant> check_in;
  std::optional<Instant> check_out;
};
std::optional<VisitTimes> site_visit_times(store::Database& db, const std::string& visit_id, std::int64_t site_id);

// Notes when the visitor left.
void record_departure(store::Database& db, const std::string& visit_id, Instant at);

// Per Paris day of [from, to] ("YYYY-MM-DD", inclusive) with at least one
// visit, at one site or every site: the visits, the distinct members, the
// walk-ins. Days without visits are absent.
struct DayVisitCounts {
  std::string local_date;
  int visits = 0;
  int members = 0;
  int walk_ins = 0;
};
std::vector<DayVisitCounts> daily_visit_counts(store::Database& db, std::optional<std::int64_t> site_id,
                                               const std::string& from, const std::string& to);
// The distinct members who came over the whole of [from, to].
int distinct_visiting_members(store::Database& db, std::optional<std::int64_t> site_id, const std::string& from,
                              const std::string& to);

}  // namespace escale::server
