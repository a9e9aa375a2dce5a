#include "store/dashboard_rows.hpp"

#include <algorithm>

#include "booking/booking.hpp"  // add_days
#include "time/public_holidays.hpp"

namespace escale::server {
namespace {

CivilDate next_month(const CivilDate& m) {
  return m.month == 12 ? CivilDate{m.year + 1, 1, 1} : CivilDate{m.year, m.month + 1, 1};
}

std::string month_text(const CivilDate& d) {
  return to_iso_date(d).substr(0, 7);
}

PeriodRows read_period(store::Database& db, const std::vector<SiteSummary>& sites, const std::string& first,
                       const std::string& last) {
  PeriodRows p;
  p.first = first;
  p.last = last;
  for (const auto& site : sites) {
    SitePeriodRows rows;
    rows.site_id = site.id;
    rows.days = stored_day_rollups(db, site.id, first, last);
    add_member_visits(db, site.id, first, last, rows.member_visits);
    rows.seen = seen_participants(db, site.id, first, last);
    rows.activities = activity_facts(db, site.id, first, last);
    p.sites.push_back(std::move(rows));
  }
  return p;
}

}  // namespace

void add_member_visits(store::Database& db, std::int64_t site_id, const std::string& first, const std::string& last,
                       std::unordered_map<std::int64_t, std::int64_t>& visits) {
  const auto first_day = parse_iso_date(first);
  const auto last_day = parse_iso_date(last);
  if (!first_day || !last_day) return;
  std::optional<int> first_year, last_year;                  // whole years, contiguous
  std::vector<std::pair<std::string, std::string>> months;   // runs of whole months ("YYYY-MM")
  std::vector<std::pair<std::string, std::string>> partial;  // days of partial months
  for (CivilDate m{first_day->year, first_day->month, 1}; m <= *last_day;) {
    if (m.month == 1 && m >= *first_day && CivilDate{m.year, 12, 31} <= *last_day) {
      if (!first_year) first_year = m.year;
      last_year = m.year;
      m = CivilDate{m.year + 1, 1, 1};
      continue;
    }
    const CivilDate month_last = add_days(next_month(m), -1);
    const CivilDate from = std::max(m, *first_day);
    const CivilDate to = std::min(month_last, *last_day);
    if (from == m && to == month_last) {
      if (!months.empty() && months.back().second == month_text(add_days(m, -1))) {
        months.back().second = month_text(m);
      } else {
        months.emplace_back(month_text(m), month_text(m));
      }
    } else {
      partial.emplace_back(to_iso_date(from), to_iso_date(to));
    }
    m = next_month(m);
  }
  if (first_year) {
    add_member_visits_by_year(db, site_id, std::to_string(*first_year), std::to_string(*last_year), visits);
  }
  for (const auto& [from, to] : months) add_member_visits_by_month(db, site_id, from, to, visits);
  for (const auto& [from, to] : partial) add_member_visits_by_day(db, site_id, from, to, visits);
}

DashboardRows read_dashboard_rows(store::Database& db, std::optional<std::int64_t> site_id,
                                  const std::string& current_first, const std::string& current_last,
                                  const std::string& previous_first, const std::string& previous_last) {
  ReadSnapshot snapshot(db);
  DashboardRows out;
  out.sites = site_summaries(db, site_id);
  if (out.sites.empty()) return out;
  out.members = member_profiles(db);
  out.current = read_period(db, out.sites, current_first, current_last);
  out.previous = read_period(db, out.sites, previous_first, previous_last);
  for (const auto& site : out.sites) out.kiosks[site.id] = active_kiosk_syncs(db, site.id);
  return out;
}

}  // namespace escale::server
