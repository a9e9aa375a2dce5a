// Daily visits: one grouped query over visits(site_id, local_date), then the
// calendar filled in so days without visits show as zeros.
#include "reports/visits_report.hpp"

#include <date/date.h>

#include <nlohmann/json.hpp>

#include "store/sites.hpp"
#include "store/visits.hpp"
#include "text/csv.hpp"
#include "time/french_format.hpp"
#include "time/iso_date.hpp"

namespace escale::server {
namespace {

std::optional<date::year_month_day> parse_date(const std::string& s) {
  const auto d = parse_iso_date(s);
  if (!d) return std::nullopt;
  return date::year{d->year} / d->month / d->day;
}

std::string format_date(date::year_month_day ymd) {
  return date::format("%F", date::sys_days{ymd});
}

}  // namespace

Result<VisitsReport> visits_report(store::Database& db, const VisitsQuery& query) {
  const auto from = parse_date(query.from);
  if (!from)
    return Error{"from: date attendue au format AAAA-MM-JJ, par exemple 2026-11-01 (reçu « " + query.from + " »)."};
  const auto to = parse_date(query.to);
  if (!to) return Error{"to: date attendue au format AAAA-MM-JJ, par exemple 2026-11-30 (reçu « " + query.to + " »)."};
  const auto first = date::sys_days{*from};
  const auto last = date::sys_days{*to};
  if (last < first) return Error{"La date de fin (to) doit être après la date de début (from)."};
  if ((last - first).count() + 1 > kMaxReportDays) {
    return Error{"Période trop longue : " + std::to_string(kMaxReportDays) + " jours au plus. Découpez la demande."};
  }
  VisitsReport report;
  report.query = query;
  report.site_name = "Tous les lieux";
  if (query.site_id) {
    auto site = find_site(db, *query.site_id);
    if (!site) return Error{"Le lieu n° " + std::to_string(*query.site_id) + " n’existe pas."};
    report.site_name = site->name;
  }
  for (auto d = first; d <= last; d += date::days{1}) {
    report.days.push_back({format_date(date::year_month_day{d}), 0, 0, 0, 0});
  }
  for (const auto& counts : daily_visit_counts(db, query.site_id, format_date(*from), format_date(*to))) {
    const auto ymd = parse_date(counts.local_date);
    if (!ymd) continue;
    auto& day = report.days[static_cast<std::size_t>((date::sys_days{*ymd} - first).count())];
    day.visits = counts.visits;
    day.members = counts.members;
    day.walk_ins = counts.walk_ins;
    day.unique_visitors = day.members + day.walk_ins;
    report.total_visits += day.visits;
    report.total_walk_ins += day.walk_ins;
  }
  report.total_unique_members = distinct_visiting_members(db, query.site_id, format_date(*from), format_date(*to));
  return report;
}

std::string to_json(const VisitsReport& r) {
  nlohmann::json days = nlohmann::json::array();
  for (const auto& d : r.days) {
    days.push_back({{"date", d.date},
                    {"visits", d.visits},
                    {"unique_visitors", d.unique_visitors},
                    {"members", d.members},
                    {"walk_ins", d.walk_ins}});
  }
  nlohmann::json doc = {
      {"site", r.query.site_id ? nlohmann::json(*r.query.site_id) : nlohmann::json(nullptr)},
      {"site_name", r.site_name},
      {"from", r.query.from},
      {"to", r.query.to},
      {"days", std::move(days)},
      {"totals",
       {{"visits", r.total_visits}, {"unique_members", r.total_unique_members}, {"walk_ins", r.total_walk_ins}}}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string to_csv(const VisitsReport& r, char sep, bool bom) {
  std::string out = bom ? std::string(csv::kByteOrderMark) : std::string();
  csv::append_row(out, std::vector<std::string>{"date", "visits", "unique_visitors", "members", "walk_ins"}, sep);
  // The one place for CSV rules (quoting, formulas): dates are text, counts numbers.
  for (const auto& d : r.days) {
    const std::vector<csv::Cell> cells{csv::text(d.date), csv::number(std::to_string(d.visits)),
                                       csv::number(std::to_string(d.unique_visitors)),
                                       csv::number(std::to_string(d.members)), csv::number(std::to_string(d.walk_ins))};
    csv::append_row(out, cells, sep);
  }
  return out;
}

}  // namespace escale::server
