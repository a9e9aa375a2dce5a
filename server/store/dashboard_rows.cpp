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

// `others`: the sites of the network outside the scope, whose members' visits
// only are read (a one-site dashboard; none for all sites).
PeriodRows read_period(store::Database& db, const std::vector<SiteSummary>& sites,
                       const std::vector<SiteSummary>& others, const std::string& first, const std::string& last) {
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
  for (const auto& site : others) add_member_visits(db, site.id, first, last, p.other_sites[site.id]);
  return p;
}

}  // namespace

void add_member_visits(store::Database& db, std::int64_t site_id, const std::string& first, const std::string& last,
                       std::unordered_map<std::int64_t, std::int64_t>& visits) {
  const auto first_day = parse_iso_date(first);
  const auto last_day = parse_iso_date(last);
  if (!first_day || !last_day || *last_day < *first_day) return;
  // Year by year. A year's rows are read either by adding up the whole months
  // the period covers, or — when it covers most of the year — as the year's
  // total less the months it leaves out: fewer rows either way (a partial
  // year, say the 1st of January to the 1st of November compared with the
  // same span a year before, reads one year and two months instead of ten).
  // Days of partially covered months always come from the visits.
  std::unordered_map<std::int64_t, std::int64_t> less;  // to subtract at the end
  for (int year = first_day->year; year <= last_day->year; ++year) {
    const CivilDate from = std::max(*first_day, CivilDate{year, 1, 1});
    const CivilDate to = std::min(*last_day, CivilDate{year, 12, 31});
    std::vector<int> whole, other;  // months wholly covered; the rest of the year
    for (int month = 1; month <= 12; ++month) {
      const CivilDate m{year, month, 1};
      const CivilDate month_last = add_days(next_month(m), -1);
      (from <= m && month_last <= to ? whole : other).push_back(month);
      if (!(month_last < from || to < m) && !(from <= m && month_last <= to)) {
        add_member_visits_by_day(db, site_id, to_iso_date(std::max(m, from)), to_iso_date(std::min(month_last, to)),
                                 visits);
      }
    }
    const auto month_runs = [&](const std::vector<int>& months, std::unordered_map<std::int64_t, std::int64_t>& into) {
      for (std::size_t i = 0; i < months.size();) {
        std::size_t j = i;
        while (j + 1 < months.size() && months[j + 1] == months[j] + 1) ++j;
        add_member_visits_by_month(db, site_id, month_text({year, months[i], 1}), month_text({year, months[j], 1}),
                                   into);
        i = j + 1;
      }
    };
    if (other.empty() || other.size() + 1 < whole.size()) {
      add_member_visits_by_year(db, site_id, std::to_string(year), std::to_string(year), visits);
      month_runs(other, less);
    } else {
      month_runs(whole, visits);
    }
  }
  for (const auto& [member, count] : less) {
    const auto it = visits.find(member);
    if (it == visits.end()) continue;  // cannot happen: a month's visits are in its year's
    it->second -= count;
    if (it->second <= 0) visits.erase(it);
  }
}

DashboardRows read_dashboard_rows(store::Database& db, std::optional<std::int64_t> site_id,
                                  const std::string& current_first, const std::string& current_last,
                                  const std::string& previous_first, const std::string& previous_last) {
  ReadSnapshot snapshot(db);
  DashboardRows out;
  out.sites = site_summaries(db, site_id);
  if (out.sites.empty()) return out;
  out.network = site_id ? site_summaries(db, std::nullopt) : out.sites;
  std::vector<SiteSummary> others;
  for (const auto& site : out.network) {
    if (site_id && site.id != *site_id) others.push_back(site);
  }
  out.members = member_profiles(db);
  out.current = read_period(db, out.sites, others, current_first, current_last);
  out.previous = read_period(db, out.sites, others, previous_first, previous_last);
  for (const auto& site : out.sites) out.kiosks[site.id] = active_kiosk_syncs(db, site.id);
  return out;
}

}  // namespace escale::server
