// Visits: SQL for the visits table (kiosk arrivals and departures, daily counts).
#include "store/visits.hpp"

namespace escale::server {

ArrivalOutcome record_arrival(store::Database& db, const Arrival& a) {
  try {
    db.cached(
          "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, local_date, walk_in) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING")
        .bind_all(a.visit_id, a.site_id, a.member_id, a.kiosk_id, a.badge_uid, to_iso_utc(a.at), paris_date(a.at),
                  a.walk_in ? 1 : 0)
        .run();
  } catch (const store::StoreError& error) {
    if (error.code() == SQLITE_CONSTRAINT_FOREIGNKEY) return ArrivalOutcome::UnknownMember;
    throw;
  }
  return db.changes() == 1 ? ArrivalOutcome::Recorded : ArrivalOutcome::IdAlreadyUsed;
}

std::optional<RecordedArrival> find_arrival(store::Database& db, const std::string& visit_id) {
  auto st = db.cached("SELECT member_id, check_in, kiosk_id FROM visits WHERE id = ?");
  st.bind(1, visit_id);
  std::optional<RecordedArrival> out;
  if (st.step()) out = RecordedArrival{st.optional_int64(0), parse_iso_utc(st.text(1)), st.optional_int64(2)};
  return out;
}

std::optional<VisitTimes> site_visit_times(store::Database& db, const std::string& visit_id, std::int64_t site_id) {
  auto st = db.cached("SELECT check_in, check_out FROM visits WHERE id = ? AND site_id = ?");
  st.bind_all(visit_id, site_id);
  std::optional<VisitTimes> out;
  if (st.step()) {
    out = VisitTimes{parse_iso_utc(st.text(0)), st.is_null(1) ? std::nullopt : parse_iso_utc(st.text(1))};
  }
  return out;
}

void record_departure(store::Database& db, const std::string& visit_id, Instant at) {
  db.cached("UPDATE visits SET check_out = ? WHERE id = ?").bind_all(to_iso_utc(at), visit_id).run();
}

std::vector<DayVisitCounts> daily_visit_counts(store::Database& db, std::optional<std::int64_t> site_id,
                                               const std::string& from, const std::string& to) {
  auto st = db.prepare(
      "SELECT local_date, COUNT(*), COUNT(DISTINCT member_id), SUM(walk_in) FROM visits "
      "WHERE (?1 IS NULL OR site_id = ?1) AND local_date BETWEEN ?2 AND ?3 GROUP BY local_date");
  st.bind_all(site_id, from, to);
  std::vector<DayVisitCounts> out;
  while (st.step()) out.push_back({st.text(0), st.int32(1), st.int32(2), st.int32(3)});
  return out;
}

int distinct_visiting_members(store::Database& db, std::optional<std::int64_t> site_id, const std::string& from,
                              const std::string& to) {
  auto total = db.prepare(
      "SELECT COUNT(DISTINCT member_id) FROM visits WHERE (?1 IS NULL OR site_id = ?1) "
      "AND local_date BETWEEN ?2 AND ?3");
  total.bind_all(site_id, from, to);
  total.step();
  return total.int32(0);
}

}  // namespace escale::server
