#include "web/visits_report_page.hpp"

#include <algorithm>

#include "time/french_format.hpp"
#include "time/iso_date.hpp"

namespace escale::server::web {
namespace {

// « samedi 24 octobre 2026 » for an ISO date, as a French reader expects (the
// ISO text itself, escaped, if it is not a date).
Html french_date(const std::string& iso, bool with_year) {
  const auto d = parse_iso_date(iso);
  if (!d) return escape(iso);
  LocalTime t;
  t.year = d->year;
  t.month = d->month;
  t.day = d->day;
  std::string out = format_day(t, Language::French);
  if (with_year) out += " " + std::to_string(t.year);
  return escape(out);
}

}  // namespace

Html visits_report_page(const VisitsReport& r) {
  int max_visits = 1;
  for (const auto& d : r.days) max_visits = std::max(max_visits, d.visits);
  Html rows;
  for (const auto& d : r.days) {
    const int width = d.visits * 100 / max_visits;
    rows += "<tr><td><time datetime=\"" + escape(d.date) + "\">" + french_date(d.date, false) +
            "</time></td><td class=n>" + Html::number(d.visits) + "</td><td class=n>" +
            Html::number(d.unique_visitors) + "</td><td class=n>" + Html::number(d.walk_ins) +
            "</td><td class=bar aria-hidden=true><span style=\"width:" + Html::number(width) +
            "%\"></span></td></tr>\n";
  }
  const Html title = "Passages — " + escape(r.site_name);
  const Html site = r.query.site_id ? "site=" + Html::number(*r.query.site_id) + "&amp;" : Html();
  const Html csv_link = "?" + site + "from=" + escape(r.query.from) + "&amp;to=" + escape(r.query.to);
  Html html =
      "<!doctype html>\n<html lang=fr><head><meta charset=utf-8>"
      "<meta name=viewport content=\"width=device-width, initial-scale=1\"><title>";
  html += title;
  html +=
      "</title><style>"
      "body{font-family:'DejaVu Sans',sans-serif;color:#1a1a1a;margin:1.5rem;max-width:60rem}"
      "table{border-collapse:collapse;width:100%}"
      "th,td{padding:.3rem .6rem;border-bottom:1px solid #ccc;text-align:left}td{white-space:nowrap}"
      "th{vertical-align:bottom}.scroll{overflow-x:auto}"
      "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
      "td.bar{width:40%}td.bar span{display:block;height:.8rem;background:#1f4e8c}"
      ".totals{font-size:1.2rem}a{color:#1f4e8c}"
      "@media (max-width:40rem){body{margin:.8rem;font-size:.9rem}h1{font-size:1.5rem}td.bar,th.bar{display:none}"
      "th,td{padding:.3rem .2rem}td{white-space:normal}}"
      "@media print{a{display:none}body{margin:0;max-width:none}td.bar span{print-color-adjust:exact;"
      "-webkit-print-color-adjust:exact}}"
      "</style></head><body>\n<h1>";
  html += title;
  html += "</h1>\n<p>Du " + french_date(r.query.from, true) + " au " + french_date(r.query.to, true) +
          " (jours à l’heure de Paris).</p>\n<p class=totals>" + Html::number(r.total_visits) + " passages, " +
          Html::number(r.total_unique_members) + " membres différents, " + Html::number(r.total_walk_ins) +
          " visiteurs de passage.</p>\n<div class=scroll><table><thead><tr><th>Jour</th><th class=n>Passages</th>"
          "<th class=n>Visiteurs uniques</th><th class=n>De passage</th><th class=bar aria-hidden=true></th></tr>"
          "</thead><tbody>\n";
  html += rows;
  html += "</tbody></table></div>\n<p><a href=\"" + csv_link + "&amp;format=csv\">Télécharger en CSV</a> · <a href=\"" +
          csv_link + "&amp;format=csv-excel\">CSV pour tableur</a></p>\n</body></html>\n";
  return html;
}

}  // namespace escale::server::web
