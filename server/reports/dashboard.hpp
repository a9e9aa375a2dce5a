// The dashboard: every metric of docs/METRICS.md for one site or all sites
// over a period, each with the previous comparable period beside it, plus
// the tables (heat map, themes, duration bands, age brackets, communes, per
// site) and each site's data freshness. Computed from the statistics
// rollups (stats_rollup.hpp), refreshed first for the days that changed.
// Three layers: the queries (store/dashboard_rows.hpp), the metrics as pure
// functions over a period's rows (dashboard_metrics.hpp), the presentation
// (here: French labels with an English catalogue, JSON).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/dashboard_metrics.hpp"
#include "reports/period.hpp"
#include "reports/report_model.hpp"
#include "result.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server::reports {

struct DashboardQuery {
  std::optional<std::int64_t> site_id;  // nullopt: all sites
  Period period;
  Instant now{};  // decides which days are over (auto-closed visits) and freshness
};

// SiteFreshness and kStaleSync: reports/dashboard_metrics.hpp.

struct Dashboard {
  std::optional<std::int64_t> site_id;
  std::string scope_name;  // the site's name, or « Tous les lieux »
  Period period;
  Period previous;
  // Headline figures, in the order METRICS.md lists them (keys: visits,
  // unique_visitors, walk_ins, new_members, average_visit_minutes,
  // auto_closed_visits, desk_occupancy_average, desk_occupancy_peak,
  // desk_utilisation, space_usage, room_utilisation, room_used_hours,
  // no_show_rate, accompaniments, people_helped, anonymous_accompaniments, …,
  // network_visitors, multi_site_members).
  std::vector<Figure> figures;
  // Tables, each downloadable: "visits_by_day", "heat_map" (weekday rows ×
  // hour columns), "themes", "duration_bands", "age_brackets", "communes",
  // "sites" (one row per site, for all sites), "home_sites" (sites of the
  // scope × every site as home site, keys their ids), "partners" (France
  // Services' partners × months, then total) and "cheques" (months × APTIC
  // cheques received, accompaniments with cheques; issue 19), …
  std::vector<Table> tables;
  std::vector<SiteFreshness> freshness;  // one per site in scope
};

// Errors (in French): unknown site; a period longer than kMaxPeriodDays.
Result<Dashboard> compute_dashboard(store::Database& db, const DashboardQuery& q);

const Figure* find_figure(const Dashboard& d, std::string_view key);
const Table* find_table(const Dashboard& d, std::string_view key);

// The English of a heading or note the dashboard writes in French (a
// figure's label or note, a table's title or column, a common age group,
// « Tous les lieux »); nullopt for words it does not write itself (themes,
// days, communes: their own catalogues).
std::optional<std::string_view> english_words(std::string_view french);

// The whole dashboard as JSON (figures with current/previous, tables, freshness);
// a masked value is the string "< 5".
std::string dashboard_json(const Dashboard& d);

}  // namespace escale::server::reports
