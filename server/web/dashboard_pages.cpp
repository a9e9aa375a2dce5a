// The dashboard page, its downloads and its JSON API. The figures come from
// reports/dashboard.*; this file only chooses what a person sees and how.
#include "web/dashboard_pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"  // paris_civil_date
#include "reports/cheque_export.hpp"
#include "reports/dashboard.hpp"
#include "store/sites.hpp"
#include "time/french_format.hpp"

namespace escale::server::web {
namespace {

using reports::Dashboard;
using reports::Figure;
using reports::Period;
using reports::Table;
using reports::Value;

// What the request asks for, checked against the account.
struct Scope {
  std::optional<std::int64_t> site_id;
  Period period;
};

// An error for a person: status and French message (plain text; the page escapes it).
struct ScopeError {
  bh::status status;
  std::string message;
};

// The form's year and part of the year (annee=2026&partie=T1, partie=03,
// partie=annee, or partie=dates to use from/to) → the period's text; old
// links (period=…, from=…&to=…) are read as they were.
std::variant<std::string, ScopeError> period_from_form(std::string_view year, std::string_view part) {
  static constexpr std::string_view kParts[] = {"annee", "T1", "T2", "T3", "T4", "01", "02", "03", "04",
                                                "05",    "06", "07", "08", "09", "10", "11", "12"};
  if (year.size() != 4 || !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return ScopeError{bh::status::bad_request,
                      "L’année « " + std::string(year) + " » n’en est pas une : choisissez-la dans la liste."};
  if (part.empty() || part == "annee") return std::string(year);
  if (std::find(std::begin(kParts), std::end(kParts), part) == std::end(kParts))
    return ScopeError{bh::status::bad_request, "La partie de l’année « " + std::string(part) +
                                                   " » n’existe pas : choisissez l’année, un trimestre ou un mois."};
  return std::string(year) + "-" + std::string(part);
}

std::variant<Scope, ScopeError> read_scope(const WebContext& ctx, store::Database& db, bool admin_token) {
  Scope scope;
  const auto site_text = ctx.param("site");
  if (!site_text.empty() && site_text != "tous") {
    scope.site_id = api::parse_id(site_text);
    if (!scope.site_id)
      return ScopeError{bh::status::bad_request,
                        "Le lieu « " + site_text + " » n’est pas un numéro de lieu : choisissez-le dans la liste."};
    if (!find_site(db, *scope.site_id))
      return ScopeError{bh::status::not_found, "Le lieu n° " + std::to_string(*scope.site_id) +
                                                   " n’existe pas : choisissez un lieu dans la liste."};
  }
  if (!admin_token && ctx.session && ctx.user().role == WebRole::Animator) {
    if (!scope.site_id) scope.site_id = ctx.user().site_id;
    if (scope.site_id != ctx.user().site_id)
      return ScopeError{bh::status::forbidden, "Ce compte montre les chiffres de son lieu seulement."};
  }
  std::string period_text = ctx.param("period");
  std::string from = ctx.param("from"), to = ctx.param("to");
  if (const auto year = ctx.param("annee"); period_text.empty() && !year.empty()) {
    const auto part = ctx.param("partie");
    if (part == "dates") {
      if (from.empty() || to.empty())
        return ScopeError{bh::status::bad_request, "Pour des dates précises, donnez le premier et le dernier jour."};
    } else {
      auto text = period_from_form(year, part);
      if (auto* e = std::get_if<ScopeError>(&text)) return std::move(*e);
      period_text = std::get<std::string>(text);
      from.clear();  // the dates' fields are sent empty or stale: the chosen part wins
      to.clear();
    }
  }
  auto period = reports::parse_period(period_text, from, to, paris_civil_date(ctx.now));
  if (!period) return ScopeError{bh::status::bad_request, period.error()};
  scope.period = *period;
  return scope;
}

bool masked_view(const WebContext& ctx, bool admin_token) {
  return !admin_token && ctx.session && ctx.user().role == WebRole::Reporting;
}

std::string query_of(const Scope& s) {
  std::string q = "site=" + (s.site_id ? std::to_string(*s.site_id) : std::string("tous"));
  if (s.period.kind == reports::PeriodKind::Custom) {
    q += "&from=" + to_iso_date(s.period.first) + "&to=" + to_iso_date(s.period.last);
  } else {
    q += "&period=" + reports::to_text(s.period);
  }
  return q;
}

std::string decimal(double v, const char* format) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  std::string s = buf;
  for (auto& ch : s)
    if (ch == '.') ch = ',';
  return s;
}

// « (+5,8 %) » / « (−12 %) » / « (inchangé) » between a figure and its previous
// value, coloured by what the change means for this figure (better, worse,
// or neither), which a hidden word also says for screen readers.
Html change_html(const Figure& f) {
  const auto& c = f.current;
  const auto& p = f.previous;
  if (c.masked || p.masked || !c.number || !p.number) return {};
  double delta = 0;
  std::string text;
  if (c.unit == reports::Unit::Percent) {
    delta = *c.number - *p.number;
    if (std::abs(delta) < 0.05) return " <span class=\"same\">(inchangé)</span>";
    text = decimal(delta, "%+.1f") + "\u202Fpoint" + (std::abs(delta) >= 2 ? "s" : "");
  } else {
    if (*p.number == 0) return {};
    delta = (*c.number - *p.number) / *p.number * 100;
    if (std::abs(delta) < 0.05) return " <span class=\"same\">(inchangé)</span>";
    text = decimal(delta, "%+.1f") + "\u202F%";
  }
  if (!text.empty() && text[0] == '-') text = "\u2212" + text.substr(1);
  Html cls = "same";
  std::string meaning;
  if (f.better != reports::Better::Neither) {
    const bool good = (delta > 0) == (f.better == reports::Better::Up);
    cls = good ? Html("better") : Html("worse");
    meaning = good ? ", en mieux" : ", en moins bien";
  }
  return " <span class=\"" + cls + "\">(" + escape(text) + ")" +
         (meaning.empty() ? Html() : "<span class=\"visually-hidden\">" + escape(meaning) + "</span>") + "</span>";
}

// A figure's card; `unit` (« personnes », « passages ») under the value says
// what is counted, for the figures people could misread.
Html card(const Figure& f, std::string_view previous_label, std::string_view unit = {}) {
  Html out = "<div class=\"card\"><div class=\"label\">" + escape(f.label) + "</div>";
  out += "<div class=\"value\">" + escape(reports::format_value(f.current));
  if (!unit.empty()) out += " <span class=\"unit\">" + escape(unit) + "</span>";
  out += "</div>";
  out += "<div class=\"previous\">" + escape(previous_label) + "\u202F: " + escape(reports::format_value(f.previous)) +
         change_html(f) + "</div>";
  if (!f.note.empty()) out += "<div class=\"note\">" + escape(f.note) + "</div>";
  out += "</div>";
  return out;
}

// A bar under a number: its share of the largest value of its own column.
// No bar for a masked value (its size would give the number away).
Html cell_bar(const Value& v, double max, std::string_view column) {
  if (v.masked || !v.number || max <= 0) return {};
  const double share = std::clamp(*v.number / max, 0.0, 1.0);
  char width[16];
  std::snprintf(width, sizeof width, "%.1f", share * 100);
  const std::string label = "Barre de « " + std::string(column) +
                            " » : " + std::to_string(static_cast<int>(std::lround(share * 100))) +
                            "\u202F% du plus grand nombre de la colonne";
  return "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" +
         escape(label) + "\"><title>" + escape(label) + "</title><rect width=\"" + escape(width) +
         "\" height=\"10\" fill=\"#1f5fa8\"/></svg>";
}

// A table of the report in a labelled, focusable region that scrolls
// sideways on its own when the table is wider than the screen (the page
// never does). With `bars`, every number column draws its own bars, each to
// the scale of its column.
Html table_html(const Table& t, const std::string& query, bool bars = false) {
  std::vector<double> max(t.columns.size(), 0);
  if (bars) {
    for (const auto& r : t.rows)
      for (std::size_t c = 0; c < r.cells.size() && c < max.size(); ++c)
        if (!r.cells[c].masked) max[c] = std::max(max[c], r.cells[c].number.value_or(0));
  }
  Html out = "<div class=\"table-region\" role=\"region\" aria-label=\"" + escape(t.title) +
             "\" tabindex=\"0\"><table" + (bars ? Html(" class=\"with-bars\"") : Html()) + "><caption>" +
             escape(t.title) + "</caption><thead><tr><th scope=\"col\">" + escape(t.first_column) + "</th>";
  for (const auto& c : t.columns) out += "<th scope=\"col\" class=\"num\">" + escape(c) + "</th>";
  out += "</tr></thead><tbody>";
  if (t.rows.empty()) {
    out += "<tr><td colspan=\"" + Html::number(static_cast<long long>(t.columns.size() + 1)) +
           "\" class=\"muted\">Aucune donnée sur cette période.</td></tr>";
  }
  for (const auto& r : t.rows) {
    out += "<tr><th scope=\"row\">" + escape(r.label) + "</th>";
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      out += "<td class=\"num\">" + escape(reports::format_value(r.cells[c]));
      if (bars && c < max.size()) out += cell_bar(r.cells[c], max[c], t.columns[c]);
      out += "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>\n";
  const auto base = "/tableau-de-bord/" + t.key + ".csv?" + query;
  // RGAA 6.1: each link says which table it downloads (two tables may sit side by side).
  const Html which = "<span class=\"visually-hidden\"> — " + escape(t.title) + "</span>";
  out += "<p class=\"downloads\">Télécharger\u202F: <a href=\"" + escape(base) + "\">CSV" + which + "</a> <a href=\"" +
         escape(base + "&tableur=1") + "\">CSV pour tableur" + which + "</a></p>\n";
  return out;
}

// The cheques' claim files of a site, month by month, for its staff (never a
// reporting account: the file lists each accompaniment, not aggregates).
Html cheque_links(const WebContext& ctx, const Scope& s, const Table& cheques, bool masked) {
  if (masked || !s.site_id || !ctx.session || !ctx.user().may_manage(*s.site_id)) return {};
  Html items;
  for (const auto& row : cheques.rows) {
    if (row.key == "total") continue;
    const auto page = "/lieux/" + std::to_string(*s.site_id) + "/cheques?mois=" + row.key;
    const auto base = "/lieux/" + std::to_string(*s.site_id) + "/cheques.csv?mois=" + row.key;
    const Html which = "<span class=\"visually-hidden\"> — " + escape(row.label) + "</span>";
    items += "<li>" + escape(row.label) + "\u202F: <a href=\"" + escape(page) + "\">Taper les numéros" + which +
             "</a> <a href=\"" + escape(base) + "\">CSV" + which + "</a> <a href=\"" + escape(base + "&tableur=1") +
             "\">CSV pour tableur" + which + "</a></li>";
  }
  return "<div class=\"downloads\">Les chèques reçus, leurs numéros, et le fichier de la demande de "
         "remboursement (un chèque par ligne)\u202F:<ul>" +
         items + "</ul></div>";
}

Html collapsed_table(const Table& t, const std::string& query, std::string_view summary) {
  return "<details><summary>" + escape(summary) + "</summary>" + table_html(t, query) + "</details>\n";
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 10 && v != std::floor(v) ? "%.1f" : "%.0f", v);
  std::string s = buf;
  for (auto& ch : s)
    if (ch == '.') ch = ',';
  return s;
}

// Columns over time (visits by day). The columns are an SVG stretched to the
// width (no text in it); the axis labels are HTML text around it, so they
// keep their size on a phone.
Html column_chart(const Table& t, std::size_t column, std::string_view caption) {
  double max = 0;
  for (const auto& r : t.rows)
    if (column < r.cells.size() && !r.cells[column].masked) max = std::max(max, r.cells[column].number.value_or(0));
  // A round top for the axis: 1, 2, 5 × 10^n.
  double top = 1;
  if (max > 0) {
    const double p = std::pow(10.0, std::floor(std::log10(max)));
    top = max <= p ? p : max <= 2 * p ? 2 * p : max <= 5 * p ? 5 * p : 10 * p;
  }
  const auto n = t.rows.size();
  const std::string label(caption);
  // RGAA 1.9: the figure is a group named by its caption.
  Html out = "<figure class=\"chart col-chart\" role=\"group\" aria-label=\"" + escape(label) + "\"><figcaption>" +
             escape(label) + "</figcaption>";
  out += "<div class=\"col-plot\"><div class=\"col-y\" aria-hidden=\"true\"><span class=\"y-top\">" +
         escape(number_text(top)) + "</span><span class=\"y-mid\">" + escape(number_text(top / 2)) +
         "</span><span class=\"y-zero\">0</span></div>";
  out += "<svg viewBox=\"0 0 " + Html::number(static_cast<long long>(std::max<std::size_t>(n, 1) * 4)) +
         " 100\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" +
         escape(label + " : le détail jour par jour est dans le tableau sous le graphique") + "\">";
  for (const double y : {0.5, 50.0, 99.5})
    out += "<line x1=\"0\" x2=\"" + Html::number(static_cast<long long>(n * 4)) + "\" y1=\"" + escape(number_text(y)) +
           "\" y2=\"" + escape(number_text(y)) + "\" stroke=\"#c4c9d4\" vector-effect=\"non-scaling-stroke\"/>";
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = t.rows[i];
    if (column >= r.cells.size()) continue;
    const auto& v = r.cells[column];
    const double h = v.masked ? 0 : v.number.value_or(0) / top * 100;
    char geometry[96];
    std::snprintf(geometry, sizeof geometry, "x=\"%zu.5\" y=\"%.2f\" width=\"3\" height=\"%.2f\"", i * 4, 100 - h, h);
    // unsafe_raw: attributes snprintf wrote from numbers with a fixed format (no text in them).
    out += "<rect " + Html::unsafe_raw(geometry) + " fill=\"#1f5fa8\"><title>" + escape(r.label) +
           "\u202F: " + escape(reports::format_value(v)) + "</title></rect>";
  }
  out += "</svg></div>";
  if (n > 0) {
    out += "<div class=\"col-x\" aria-hidden=\"true\"><span>" + escape(t.rows.front().label) + "</span><span>" +
           escape(t.rows.back().label) + "</span></div>";
  }
  out += "</figure>\n";
  return out;
}

// The weekday × hour map, drawn at its own size (12 px text whatever the
// screen) in a region that scrolls sideways on a narrow screen.
Html heat_map_html(const Table& t) {
  static const char* kDays[] = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."};
  std::vector<int> hours;
  for (const auto& key : t.column_keys)
    hours.push_back(key.size() == 3 && key[0] == 'h' ? std::atoi(key.c_str() + 1) : -1);
  double max = 0;
  for (const auto& r : t.rows)
    for (const auto& c : r.cells)
      if (!c.masked) max = std::max(max, c.number.value_or(0));
  const int cell = 32, left = 44, top = 22;
  const int cols = static_cast<int>(hours.size());
  const int width = left + cols * cell + 4, height = top + 7 * cell + 4;
  Html out = "<div class=\"chart heat table-region\" role=\"region\" aria-label=\"" + escape("Carte : " + t.title) +
             "\" tabindex=\"0\"><svg width=\"" + Html::number(width) + "\" height=\"" + Html::number(height) +
             "\" viewBox=\"0 0 " + Html::number(width) + " " + Html::number(height) + "\" role=\"img\" aria-label=\"" +
             escape(t.title + " : les nombres sont dans le tableau sous la carte") + "\">";
  out +=
      "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f1f2f5\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b9bfcc\" stroke-width=\"2\"/></pattern></defs>";
  for (int c = 0; c < cols; ++c) {
    if (hours[static_cast<std::size_t>(c)] < 0) continue;
    out += "<text x=\"" + Html::number(left + c * cell + cell / 2) +
           "\" y=\"15\" text-anchor=\"middle\" font-size=\"12\" fill=\"#5a6275\">" +
           Html::number(hours[static_cast<std::size_t>(c)]) + "h</text>";
  }
  for (std::size_t d = 0; d < 7 && d < t.rows.size(); ++d) {
    const int y = top + static_cast<int>(d) * cell;
    out += "<text x=\"" + Html::number(left - 6) + "\" y=\"" + Html::number(y + 20) +
           "\" text-anchor=\"end\" font-size=\"12\" fill=\"#1d2330\">" + escape(kDays[d]) + "</text>";
    for (int c = 0; c < cols; ++c) {
      const auto& v =
          static_cast<std::size_t>(c) < t.rows[d].cells.size() ? t.rows[d].cells[static_cast<std::size_t>(c)] : Value{};
      std::string fill = "url(#hatch)";
      if (!v.masked && v.number) {
        // White to the accent blue, by the cell's share of the busiest cell.
        const double share = max > 0 ? *v.number / max : 0;
        char buf[16];
        std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(std::lround(255 - share * (255 - 31))),
                      static_cast<int>(std::lround(255 - share * (255 - 95))),
                      static_cast<int>(std::lround(255 - share * (255 - 168))));
        fill = buf;
      }
      out += "<rect x=\"" + Html::number(left + c * cell + 1) + "\" y=\"" + Html::number(y + 1) + "\" width=\"" +
             Html::number(cell - 2) + "\" height=\"" + Html::number(cell - 2) + "\" fill=\"" + escape(fill) +
             "\" stroke=\"#e3e6ec\"><title>" + escape(kDays[d]) + " " +
             Html::number(hours[static_cast<std::size_t>(c)]) +
             "h\u202F: " + escape(v.masked || !v.number ? "< 5 ou aucune donnée" : reports::format_value(v)) +
             "</title></rect>";
    }
  }
  out += "</svg></div>\n";
  return out;
}

const char* const kMonthLabels[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                    "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
const char* const kMonthNames[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                   "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

Html part_radio(std::string_view value, std::string_view visible, std::string_view hidden, bool checked) {
  return "<label class=\"chip\"><input type=\"radio\" name=\"partie\" value=\"" + escape(value) + "\"" +
         (checked ? Html(" checked") : Html()) + "><span>" + escape(visible) +
         (hidden.empty() ? Html() : "<span class=\"visually-hidden\">" + escape(hidden) + "</span>") +
         "</span></label>";
}

// The filters: the site, then the period as a year and a part of it (the
// whole year, a quarter or a month: one tap each, no long list), or dates.
Html filters_form(const WebContext& ctx, store::Database& db, const Scope& scope) {
  Html out = "<form class=\"panel filters\" method=\"get\" action=\"/tableau-de-bord\">";
  std::vector<Option> sites;
  if (ctx.user().role == WebRole::Animator) {
    const auto site = find_site(db, ctx.user().site_id.value_or(0));
    sites.push_back({std::to_string(ctx.user().site_id.value_or(0)), site ? site->name : "mon lieu"});
  } else {
    sites.push_back({"tous", "Tous les lieux"});
    for (const auto& s : list_sites(db)) sites.push_back({std::to_string(s.id), s.name});
  }
  out += select_field("site", "Lieu", sites, scope.site_id ? std::to_string(*scope.site_id) : "tous");
  const auto today = paris_civil_date(ctx.now);
  const auto& p = scope.period;
  std::vector<Option> years;
  for (int y = today.year; y >= today.year - 4; --y) years.push_back({std::to_string(y), std::to_string(y)});
  if (p.first.year > today.year || p.first.year < today.year - 4)
    years.push_back({std::to_string(p.first.year), std::to_string(p.first.year)});
  out += select_field("annee", "Année", years, std::to_string(p.first.year));
  const auto kind = p.kind;
  const int quarter = (p.first.month - 1) / 3 + 1;
  out += "<fieldset class=\"period-parts\"><legend>Période</legend><div class=\"chips\">";
  out += part_radio("annee", "L’année", " entière", kind == reports::PeriodKind::Year);
  static const char* kQuarterMonths[] = {" (janvier à mars)", " (avril à juin)", " (juillet à septembre)",
                                         " (octobre à décembre)"};
  for (int q = 1; q <= 4; ++q) {
    out += part_radio("T" + std::to_string(q), "T" + std::to_string(q),
                      std::string(q == 1 ? "er" : "e") + " trimestre" + kQuarterMonths[q - 1],
                      kind == reports::PeriodKind::Quarter && quarter == q);
  }
  out += "</div><div class=\"chips months\">";
  for (int m = 1; m <= 12; ++m) {
    char value[8];
    std::snprintf(value, sizeof value, "%02d", m);
    const bool checked = kind == reports::PeriodKind::Month && p.first.month == m;
    const std::string label = kMonthLabels[m - 1];
    out += part_radio(value, label, label == kMonthNames[m - 1] ? "" : std::string(" ") + kMonthNames[m - 1], checked);
  }
  out += "</div></fieldset>";
  const bool custom = kind == reports::PeriodKind::Custom;
  out += "<details class=\"dates\"" + (custom ? Html(" open") : Html()) +
         "><summary>Ou des dates précises</summary><div class=\"filters\">";
  out += "<div class=\"chips\">" + part_radio("dates", "Ces dates", "", custom) + "</div>";
  out += text_field("from", "Du", custom ? to_iso_date(p.first) : "", {}, "date");
  out += text_field("to", "au (inclus)", custom ? to_iso_date(p.last) : "", {}, "date");
  out += "</div></details>";
  out += "<div class=\"field submit\"><button type=\"submit\">Afficher</button></div></form>\n";
  return out;
}

std::string previous_label(const Period& p) {
  switch (p.kind) {
    case reports::PeriodKind::Month:
      return "le mois précédent";
    case reports::PeriodKind::Quarter:
      return "le trimestre précédent";
    case reports::PeriodKind::Year:
      return "l’année précédente";
    case reports::PeriodKind::Custom:
      break;
  }
  return "la période précédente";
}

Html freshness_html(const Dashboard& d) {
  Html out;
  for (const auto& f : d.freshness) {
    if (!f.incomplete) continue;
    std::string when = "n’a encore jamais synchronisé";
    if (f.last_sync) {
      const auto t = to_paris(*f.last_sync);
      when = "n’a pas synchronisé depuis le " + format_day(t) + " à " + format_time(t);
    }
    out += notice(NoticeKind::Warning, "<strong>Données incomplètes</strong> pour " + escape(f.site_name) +
                                           "\u202F: la borne « " + escape(f.kiosk_name) + " » " + escape(when) +
                                           ". Les passages enregistrés depuis n’y sont peut-être pas encore.");
  }
  return out;
}

Html dashboard_body(const WebContext& ctx, store::Database& db, const Scope& scope, const Dashboard& d, bool masked) {
  const auto query = query_of(scope);
  Html body = filters_form(ctx, db, scope);
  body += "<p class=\"print-only\">" + escape(d.scope_name) + " — " + escape(reports::label(d.period)) + "</p>";
  // On screen the notices come first; in print (the stylesheet's order) the
  // essential figures do, the notices just after them.
  body += "<div class=\"dash\">";
  Html notices = freshness_html(d);
  if (masked) {
    notices += notice(NoticeKind::Info,
                      escape("Pour protéger la vie privée, tout nombre qui concerne moins de 5 personnes s’affiche "
                             "« < 5 »."));
  }
  if (!notices.empty()) body += "<div class=\"dash-notices\">" + notices + "</div>";

  const std::string prev = "Avant";
  std::vector<bool> shown(d.figures.size(), false);
  std::vector<bool> table_shown(d.tables.size(), false);
  auto figure = [&](std::string_view key, std::string_view unit = {}) -> Html {
    for (std::size_t i = 0; i < d.figures.size(); ++i) {
      if (!shown[i] && d.figures[i].key == key) {
        shown[i] = true;
        return card(d.figures[i], prev, unit);
      }
    }
    return {};
  };
  auto cards = [&](std::initializer_list<std::string_view> keys) {
    Html out;
    for (auto key : keys) out += figure(key);
    return out.empty() ? out : "<div class=\"cards\">" + out + "</div>\n";
  };
  auto table_by_key = [&](std::string_view key) -> const Table* {
    for (std::size_t i = 0; i < d.tables.size(); ++i) {
      if (d.tables[i].key == key) {
        table_shown[i] = true;
        return &d.tables[i];
      }
    }
    return nullptr;
  };

  // The essential: people apart from visits, so nobody adds them up.
  body += "<section class=\"dash-key\" aria-labelledby=\"h-essentiel\"><h2 id=\"h-essentiel\">L’essentiel</h2>";
  body += "<div class=\"cards key\">" + figure("unique_visitors", "personnes") + figure("walk_ins", "passages") +
          figure("procedure_people", "personnes") + figure("people_helped", "personnes") +
          figure("accompaniments", "accompagnements") + figure("visits", "passages") + "</div>";
  body +=
      "<p class=\"definition\"><strong>Personnes et passages ne s’additionnent pas.</strong> Les membres venus sont "
      "des personnes distinctes (chacune compte une fois). Les passages anonymes sont des visites sans badge\u202F: "
      "une même personne peut revenir plusieurs fois, on ne sait pas combien de personnes ils représentent.</p>";
  body += "</section>";
  body += "<p class=\"downloads\">Tout le tableau de bord\u202F: <a href=\"" +
          escape("/tableau-de-bord.json?" + query) + "\">JSON</a> · Chaque tableau se télécharge en CSV.</p>";

  body += "<section><h2>Fréquentation</h2>";
  body += cards({"new_members", "average_visit_minutes", "auto_closed_visits"});
  if (const auto* t = table_by_key("visits_by_day")) {
    body += column_chart(*t, 0, "Passages par jour");
    body += collapsed_table(*t, query, "Le détail jour par jour");
  }
  if (const auto* t = table_by_key("heat_map")) {
    body += "<h3>" + escape(t->title) + "</h3>" + heat_map_html(*t);
    body += collapsed_table(*t, query, "Les nombres de la carte");
  }
  body += "</section>";

  body += "<section><h2>Postes de travail et salle visio</h2>";
  body += cards({"desk_occupancy_average", "desk_occupancy_peak", "desk_utilisation", "space_usage", "room_utilisation",
                 "room_used_hours", "bookings_started", "no_show_rate"});
  body += "</section>";

  body += "<section><h2>Médiation numérique</h2>";
  body += cards({"individual_accompaniments", "collective_accompaniments", "workshops", "anonymous_accompaniments",
                 "procedure_anonymous"});
  if (const auto* t = table_by_key("themes")) body += table_html(*t, query, true);
  if (const auto* t = table_by_key("duration_bands")) body += table_html(*t, query, true);
  body += "</section>";

  // France Services (issue 19): the partners' monthly table and the APTIC cheques.
  body += "<section><h2>France Services</h2>";
  body +=
      "<p class=\"definition\">Chaque accompagnement compte pour les partenaires cochés sur sa fiche\u202F; une "
      "fiche sans partenaire compte pour le partenaire de ses démarches administratives (Papiers\u202F: France "
      "Titres, Logement\u202F: CAF…).</p>";
  if (const auto* t = table_by_key("partners")) body += table_html(*t, query);
  if (const auto* t = table_by_key("cheques")) {
    body += table_html(*t, query);
    body += cheque_links(ctx, scope, *t, masked);
  }
  body += "</section>";

  // One age scheme on the page; the tables in each source's own brackets are downloads.
  if (const auto* t = table_by_key("ages")) {
    body += "<section><h2>Âges</h2>" + table_html(*t, query, true);
    Html details;
    for (std::string_view key : {"visitor_age_brackets", "age_brackets"}) {
      if (const auto* detail = table_by_key(key)) {
        const auto base = "/tableau-de-bord/" + detail->key + ".csv?" + query;
        details += "<li>" + escape(detail->title) + "\u202F: <a href=\"" + escape(base) + "\">CSV</a> <a href=\"" +
                   escape(base + "&tableur=1") + "\">CSV pour tableur</a></li>";
      }
    }
    if (!details.empty())
      body += "<div class=\"downloads\">Dans les tranches d’âge de chaque source\u202F:<ul>" + details + "</ul></div>";
    body += "</section>";
  }
  if (const auto* t = table_by_key("communes")) {
    body += "<section><h2>Territoire</h2>" + table_html(*t, query, true) + "</section>";
  }
  // The network: members who use other sites than their own.
  body += "<section><h2>Réseau</h2>";
  body += cards({"network_visitors", "multi_site_members"});
  if (const auto* t = table_by_key("home_sites")) {
    body +=
        "<p class=\"definition\">Chaque case compte des membres distincts venus dans le lieu de la ligne et "
        "inscrits dans le lieu de la colonne.</p>" +
        table_html(*t, query);
  }
  body += "</section>";
  if (const auto* t = table_by_key("sites")) {
    body += "<section><h2>Par lieu</h2>" + table_html(*t, query) + "</section>";
  }
  // Whatever the engine adds later shows too.
  Html rest;
  for (std::size_t i = 0; i < d.figures.size(); ++i) {
    if (!shown[i]) rest += card(d.figures[i], prev);
  }
  if (!rest.empty()) rest = "<div class=\"cards\">" + rest + "</div>";
  for (std::size_t i = 0; i < d.tables.size(); ++i) {
    if (!table_shown[i]) rest += table_html(d.tables[i], query);
  }
  if (!rest.empty()) body += "<section><h2>Autres chiffres</h2>" + rest + "</section>";
  body += "<p class=\"muted\">Chaque chiffre est défini dans la documentation (METRICS.md). Calculé le " +
          escape(format_day(to_paris(ctx.now))) + " à " + escape(format_time(to_paris(ctx.now))) + ".</p>";
  body += "</div>";
  return body;
}

Result<Dashboard> compute(store::Database& db, const Scope& scope, Instant now, bool masked) {
  reports::DashboardQuery q;
  q.site_id = scope.site_id;
  q.period = scope.period;
  q.now = now;
  auto d = reports::compute_dashboard(db, q);
  if (d && masked) reports::mask_small_counts(d->figures, d->tables);
  return d;
}

}  // namespace

Response dashboard_page(WebContext& ctx) {
  auto db = ctx.pool.acquire();
  Page page;
  page.title = "Tableau de bord";
  page.nav = "dashboard";
  const auto scope = read_scope(ctx, *db, false);
  if (const auto* e = std::get_if<ScopeError>(&scope)) {
    Scope fallback;
    fallback.site_id = ctx.user().role == WebRole::Animator ? ctx.user().site_id : std::nullopt;
    fallback.period = *reports::parse_period("", "", "", paris_civil_date(ctx.now));
    page.body = notice(NoticeKind::Error, escape(e->message)) + filters_form(ctx, *db, fallback);
    return page_response(ctx, page, e->status);
  }
  const auto& s = std::get<Scope>(scope);
  const bool masked = masked_view(ctx, false);
  const auto d = compute(*db, s, ctx.now, masked);
  if (!d) {
    page.body = notice(NoticeKind::Error, escape(d.error())) + filters_form(ctx, *db, s);
    return page_response(ctx, page, bh::status::bad_request);
  }
  page.subtitle = d->scope_name + " · " + reports::label(d->period) + " · « avant » : " + previous_label(d->period) +
                  ", " + reports::label(d->previous);
  page.body = dashboard_body(ctx, *db, s, *d, masked);
  return page_response(ctx, page);
}

Response dashboard_download(WebContext& ctx, std::string_view file) {
  auto db = ctx.pool.acquire();
  const auto scope = read_scope(ctx, *db, false);
  if (const auto* e = std::get_if<ScopeError>(&scope))
    return error_page(ctx, e->status, "Téléchargement impossible", escape(e->message));
  const auto& s = std::get<Scope>(scope);
  const bool masked = masked_view(ctx, false);
  const auto d = compute(*db, s, ctx.now, masked);
  if (!d) return error_page(ctx, bh::status::bad_request, "Téléchargement impossible", escape(d.error()));
  const auto stem = "escale-" + (s.site_id ? "lieu-" + std::to_string(*s.site_id) : std::string("tous-lieux")) + "-" +
                    reports::file_stem(s.period);
  if (file == "dashboard.json")
    return download(ctx.req, reports::dashboard_json(*d), "application/json; charset=utf-8", stem + ".json");
  if (file.size() > 4 && file.substr(file.size() - 4) == ".csv") {
    const auto key = file.substr(0, file.size() - 4);
    if (const auto* t = reports::find_table(*d, key)) {
      const bool spreadsheet = ctx.param("tableur") == "1";
      return download(ctx.req, reports::table_csv(*t, spreadsheet), "text/csv; charset=utf-8",
                      stem + "-" + t->key + (spreadsheet ? "-tableur" : "") + ".csv");
    }
  }
  return error_page(ctx, bh::status::not_found, "Tableau inconnu",
                    "Ce tableau n’existe pas : téléchargez-le depuis le tableau de bord.");
}

Response cheque_export(WebContext& ctx) {
  const auto text = ctx.param("mois");
  if (text.empty()) {
    return error_page(ctx, bh::status::bad_request, "Téléchargement impossible",
                      "Quel mois\u202F? Téléchargez les chèques depuis le tableau de bord du lieu, ou ajoutez "
                      "par exemple «\u202F?mois=2026-11\u202F» à l’adresse.");
  }
  const auto month = reports::claim_month(text);
  if (!month) {
    return error_page(
        ctx, bh::status::bad_request, "Téléchargement impossible",
        "«\u202F" + escape(text) + "\u202F» n’est pas un mois\u202F: écrivez l’année et le mois, par exemple 2026-11.");
  }
  const auto file = reports::cheque_file(ctx.db(), ctx.site->id, *month, ctx.param("tableur") == "1");
  return download(ctx.req, file.csv, "text/csv; charset=utf-8", file.filename);
}

Response dashboard_api(WebContext& ctx, bool admin_token) {
  auto db = ctx.pool.acquire();
  const auto scope = read_scope(ctx, *db, admin_token);
  if (const auto* e = std::get_if<ScopeError>(&scope)) return api::error(ctx.req, e->status, e->message);
  const auto& s = std::get<Scope>(scope);
  const auto d = compute(*db, s, ctx.now, masked_view(ctx, admin_token));
  if (!d) return api::error(ctx.req, bh::status::bad_request, d.error());
  auto res = api::respond(ctx.req, bh::status::ok, reports::dashboard_json(*d));
  res.set(bh::field::cache_control, "no-store");
  return res;
}

}  // namespace escale::server::web
