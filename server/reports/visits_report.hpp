// The daily visits report: for each Paris day of a period, the visits
// (check-ins of members plus walk-ins) and the unique visitors (distinct
// members plus walk-ins, each walk-in counting as one person). Served as JSON,
// CSV and a small HTML page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "result.hpp"
#include "store/database.hpp"

namespace escale::server {

struct VisitsQuery {
  std::optional<std::int64_t> site_id;  // nullopt: every site
  std::string from;                     // "YYYY-MM-DD", Paris calendar, inclusive
  std::string to;                       // inclusive
};

struct DailyVisits {
  std::string date;
  int visits = 0;
  int unique_visitors = 0;
  int members = 0;  // distinct members that day
  int walk_ins = 0;
};

struct VisitsReport {
  VisitsQuery query;
  std::string site_name;          // « Tous les lieux » when no site
  std::vector<DailyVisits> days;  // every day of the period, zeros included
  int total_visits = 0;
  int total_unique_members = 0;  // distinct members over the whole period
  int total_walk_ins = 0;
};

inline constexpr int kMaxReportDays = 3 * 366 + 1;

// Checks the query's dates (valid calendar dates, from ≤ to, at most
// kMaxReportDays days) and site; the error says what to fix.
Result<VisitsReport> visits_report(store::Database& db, const VisitsQuery& query);

std::string to_json(const VisitsReport& r);
// `separator` ',' (UTF-8, ISO dates); the spreadsheet variant uses ';' and a BOM.
std::string to_csv(const VisitsReport& r, char separator = ',', bool bom = false);
// The web page: web/visits_report_page.hpp.

}  // namespace escale::server
