// The dashboard page, its downloads and its JSON API. The figures come from
// reports/dashboard.*; this file only chooses what a person sees and how.
#include "web/dashboard_pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"  // paris_civil_date
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
  auto period =
      reports::parse_period(ctx.param("period"), ctx.param("from"), ctx.param("to"), paris_civil_date(ctx.now));
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

// « +5,8 % » / « −12 % » / « = » between a figure and its previous value.
std::string change_html(const Figure& f) {
  const auto& c = f.current;
  const auto& p = f.previous;
  if (c.masked || p.masked || !c.number || !p.number) return {};
  if (c.unit == reports::Unit::Percent) {
    const double d = *c.number - *p.number;
    if (std::abs(d) < 0.05) return " <span>(=)</span>";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%+.1f", d);
    std::string s = buf;
    for (auto& ch : s)
      if (ch == '.') ch = ',';
    return std::string(" <span class=\"") + (d > 0 ? "up" : "down") + "\">(" + s + "\u202Fpoint" +
           (std::abs(d) >= 2 ? "s" : "") + ")</span>";
  }
  if (*p.number == 0) return {};
  const double ratio = (*c.number - *p.number) / *p.number * 100;
  if (std::abs(ratio) < 0.05) return " <span>(=)</span>";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%+.1f", ratio);
  std::string s = buf;
  for (auto& ch : s)
    if (ch == '.') ch = ',';
  return std::string(" <span class=\"") + (ratio > 0 ? "up" : "down") + "\">(" + s + "\u202F%)</span>";
}

std::string card(const Figure& f, std::string_view previous_label) {
  std::string out = "<div class=\"card\"><div class=\"label\">" + escape(f.label) + "</div>";
  out += "<div class=\"value\">" + escape(reports::format_value(f.current)) + "</div>";
  out += "<div class=\"previous\">" + escape(previous_label) + " : " + escape(reports::format_value(f.previous)) +
         change_html(f) + "</div>";
  if (!f.note.empty()) out += "<div class=\"note\">" + escape(f.note) + "</div>";
  out += "</div>";
  return out;
}

// A bar for a table cell: its share of the column's largest value; a masked
// value gets no bar (its size would give the number away).
std::string inline_bar(const Value& v, double max) {
  if (v.masked || !v.number || max <= 0) return {};
  const double share = std::clamp(*v.number / max, 0.0, 1.0);
  char width[16];
  std::snprintf(width, sizeof width, "%.1f", share * 100);
  return std::string(
             "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
             "<rect width=\"") +
         width + "\" height=\"10\" fill=\"#1f5fa8\"/></svg>";
}

// A table of the report; with `bars`, a last column draws the first value
// column as a horizontal bar (inline SVG), so the chart reads with its numbers
// and stays legible on a phone.
std::string table_html(const Table& t, const std::string& query, bool bars = false) {
  HtmlTable h;
  h.caption = escape(t.title);
  h.headers.push_back(escape(t.first_column));
  h.numeric.push_back(false);
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    h.headers.push_back(escape(t.columns[i]));
    h.numeric.push_back(true);  // every cell is a number
  }
  double max = 0;
  if (bars) {
    for (const auto& r : t.rows)
      if (!r.cells.empty() && !r.cells[0].masked) max = std::max(max, r.cells[0].number.value_or(0));
    h.headers.push_back("<span class=\"visually-hidden\">Proportion</span>");
    h.numeric.push_back(false);
  }
  for (const auto& r : t.rows) {
    std::vector<std::string> row{escape(r.label)};
    for (const auto& v : r.cells) row.push_back(escape(reports::format_value(v)));
    if (bars) row.push_back(r.cells.empty() ? std::string() : inline_bar(r.cells[0], max));
    h.rows.push_back(std::move(row));
  }
  h.empty_text = "Aucune donnée sur cette période.";
  std::string out = table(h);
  const auto base = "/tableau-de-bord/" + t.key + ".csv?" + query;
  out += "<p class=\"downloads\">Télécharger : <a href=\"" + escape(base) + "\">CSV</a> <a href=\"" +
         escape(base + "&tableur=1") + "\">CSV pour tableur</a></p>\n";
  return out;
}

std::string collapsed_table(const Table& t, const std::string& query, std::string_view summary) {
  return "<details><summary>" + escape(summary) + "</summary>" + table_html(t, query) + "</details>\n";
}

// The figures of a section, in the engine's order; each figure used once.
std::string cards(const Dashboard& d, const std::vector<std::string_view>& keys, std::vector<bool>& shown,
                  std::string_view previous_label) {
  std::string out;
  for (std::size_t i = 0; i < d.figures.size(); ++i) {
    for (auto key : keys) {
      if (!shown[i] && d.figures[i].key == key) {
        out += card(d.figures[i], previous_label);
        shown[i] = true;
      }
    }
  }
  return out.empty() ? out : "<div class=\"cards\">" + out + "</div>\n";
}

std::vector<Bar> bars_of(const Table& t, std::size_t column) {
  std::vector<Bar> bars;
  for (const auto& r : t.rows) {
    if (column >= r.cells.size()) continue;
    const auto& v = r.cells[column];
    bars.push_back(Bar{r.label, reports::format_value(v), v.masked ? 0 : v.number.value_or(0)});
  }
  return bars;
}

std::string heat_map_html(const Table& t) {
  // Rows: Monday..Sunday; columns: hour keys "0".."23" (or a subset).
  std::vector<std::vector<std::optional<double>>> cells(7, std::vector<std::optional<double>>(24));
  int first = 24, last = -1;
  for (std::size_t c = 0; c < t.column_keys.size(); ++c) {
    // Keys "h08" … "h19": the hour of the column.
    const auto& key = t.column_keys[c];
    const int hour = key.size() == 3 && key[0] == 'h' ? std::atoi(key.c_str() + 1) : -1;
    if (hour < 0 || hour > 23) continue;
    first = std::min(first, hour);
    last = std::max(last, hour);
    for (std::size_t r = 0; r < t.rows.size() && r < 7; ++r) {
      if (c < t.rows[r].cells.size() && !t.rows[r].cells[c].masked) cells[r][hour] = t.rows[r].cells[c].number;
    }
  }
  if (last < 0) return {};
  return heat_map_svg(cells, first, last, t.title);
}

std::string filters_form(const WebContext& ctx, store::Database& db, const Scope& scope) {
  std::string out = "<form class=\"panel filters\" method=\"get\" action=\"/tableau-de-bord\">";
  std::vector<Option> sites;
  if (ctx.user().role == WebRole::Animator) {
    const auto site = find_site(db, ctx.user().site_id.value_or(0));
    sites.push_back({std::to_string(ctx.user().site_id.value_or(0)), site ? site->name : "mon lieu"});
  } else {
    sites.push_back({"tous", "Tous les lieux"});
    for (const auto& s : list_sites(db)) sites.push_back({std::to_string(s.id), s.name});
  }
  out += select_field("site", "Lieu", sites, scope.site_id ? std::to_string(*scope.site_id) : "tous");
  // Periods to choose from: this month and the 12 before, this quarter and
  // the 4 before, this year and the 2 before.
  const auto today = paris_civil_date(ctx.now);
  std::vector<Option> periods;
  auto add = [&](const std::string& text) {
    auto p = reports::parse_period(text, "", "", today);
    if (p) periods.push_back({reports::to_text(*p), reports::label(*p)});
  };
  for (int i = 0; i <= 12; ++i) {
    int y = today.year, m = today.month - i;
    while (m <= 0) {
      m += 12;
      --y;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    add(buf);
  }
  for (int i = 0; i <= 4; ++i) {
    int y = today.year, q = (today.month - 1) / 3 + 1 - i;
    while (q <= 0) {
      q += 4;
      --y;
    }
    add(std::to_string(y) + "-T" + std::to_string(q));
  }
  for (int i = 0; i <= 2; ++i) add(std::to_string(today.year - i));
  const bool custom = scope.period.kind == reports::PeriodKind::Custom;
  if (custom) periods.insert(periods.begin(), Option{"", "Dates choisies ci-contre"});
  out += select_field("period", "Période", periods, custom ? "" : reports::to_text(scope.period));
  out += std::string("<details class=\"dates\"") + (custom ? " open" : "") +
         "><summary>Ou des dates précises</summary><div class=\"filters\">";
  out += text_field("from", "Du", custom ? to_iso_date(scope.period.first) : "", "", "date");
  out += text_field("to", "au (inclus)", custom ? to_iso_date(scope.period.last) : "", "", "date");
  out += "</div></details>";
  out += "<div class=\"field\"><button type=\"submit\">Afficher</button></div></form>\n";
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

std::string freshness_html(const Dashboard& d) {
  std::string out;
  for (const auto& f : d.freshness) {
    if (!f.incomplete) continue;
    std::string when = "n’a encore jamais synchronisé";
    if (f.last_sync) {
      const auto t = to_paris(*f.last_sync);
      when = "n’a pas synchronisé depuis le " + format_day(t) + " à " + format_time(t);
    }
    out += notice(NoticeKind::Warning, "<strong>Données incomplètes</strong> pour " + escape(f.site_name) +
                                           " : la borne « " + escape(f.kiosk_name) + " » " + escape(when) +
                                           ". Les passages enregistrés depuis n’y sont peut-être pas encore.");
  }
  return out;
}

struct Section {
  std::string_view title;
  std::vector<std::string_view> figures;
};

std::string dashboard_body(const WebContext& ctx, store::Database& db, const Scope& scope, const Dashboard& d,
                           bool masked) {
  const auto query = query_of(scope);
  std::string body = filters_form(ctx, db, scope);
  body += "<p class=\"print-only\">" + escape(d.scope_name) + " — " + escape(reports::label(d.period)) + "</p>";
  body += freshness_html(d);
  if (masked) {
    body += notice(NoticeKind::Info,
                   "Pour protéger la vie privée, tout nombre qui concerne moins de 5 personnes s’affiche « < 5 ».");
  }
  body += "<p class=\"downloads\">Tout le tableau de bord : <a href=\"" + escape("/tableau-de-bord.json?" + query) +
          "\">JSON</a> · Chaque tableau se télécharge en CSV.</p>";

  // The subtitle names the previous period; each card says « avant ».
  const std::string prev = "Avant";
  std::vector<bool> shown(d.figures.size(), false);
  std::vector<bool> table_shown(d.tables.size(), false);
  auto table_by_key = [&](std::string_view key) -> const Table* {
    for (std::size_t i = 0; i < d.tables.size(); ++i) {
      if (d.tables[i].key == key) {
        table_shown[i] = true;
        return &d.tables[i];
      }
    }
    return nullptr;
  };

  body += "<section><h2>Fréquentation</h2>";
  body +=
      cards(d, {"visits", "unique_visitors", "walk_ins", "new_members", "average_visit_minutes", "auto_closed_visits"},
            shown, prev);
  if (const auto* t = table_by_key("visits_by_day")) {
    body += column_chart_svg(bars_of(*t, 0), t->title);
    body += collapsed_table(*t, query, "Le détail jour par jour");
  }
  if (const auto* t = table_by_key("heat_map")) {
    body += "<h3>" + escape(t->title) + "</h3>" + heat_map_html(*t);
    body += collapsed_table(*t, query, "Les nombres de la carte");
  }
  if (const auto* t = table_by_key("visitor_age_brackets")) body += table_html(*t, query, true);
  body += "</section>";

  body += "<section><h2>Postes de travail et salle visio</h2>";
  body += cards(d,
                {"desk_occupancy_average", "desk_occupancy_peak", "desk_utilisation", "space_usage", "room_utilisation",
                 "room_used_hours", "bookings_started", "no_show_rate"},
                shown, prev);
  body += "</section>";

  body += "<section><h2>Médiation numérique</h2>";
  body += cards(d,
                {"accompaniments", "people_helped", "anonymous_accompaniments", "individual_accompaniments",
                 "collective_accompaniments", "workshops"},
                shown, prev);
  if (const auto* t = table_by_key("themes")) body += table_html(*t, query, true);
  body += "<div class=\"grid-2\">";
  for (std::string_view key : {"duration_bands", "age_brackets"}) {
    if (const auto* t = table_by_key(key)) body += "<div>" + table_html(*t, query, true) + "</div>";
  }
  body += "</div></section>";

  if (const auto* t = table_by_key("communes")) {
    body += "<section><h2>Territoire</h2>" + table_html(*t, query, true) + "</section>";
  }
  if (const auto* t = table_by_key("sites")) {
    body += "<section><h2>Par lieu</h2>" + table_html(*t, query) + "</section>";
  }
  // Whatever the engine adds later shows too.
  std::string rest = cards(d, {}, shown, prev);
  for (std::size_t i = 0; i < d.figures.size(); ++i) {
    if (!shown[i]) rest += card(d.figures[i], prev);
  }
  for (std::size_t i = 0; i < d.tables.size(); ++i) {
    if (!table_shown[i]) rest += "<h3>" + escape(d.tables[i].title) + "</h3>" + table_html(d.tables[i], query);
  }
  if (!rest.empty()) body += "<section><h2>Autres chiffres</h2>" + rest + "</section>";
  body += "<p class=\"muted\">Chaque chiffre est défini dans la documentation (METRICS.md). Calculé le " +
          escape(format_day(to_paris(ctx.now))) + " à " + escape(format_time(to_paris(ctx.now))) + ".</p>";
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
