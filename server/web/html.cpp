// Page frame, components and SVG charts of the web pages. See html.hpp.
#include "web/html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/html.hpp"

namespace escale::server::web {
namespace {

constexpr std::string_view kCss = R"css(
:root { --ink: #1d2330; --muted: #5a6275; --line: #d5d9e2; --bg: #f5f6f8; --card: #fff;
        --accent: #1f5fa8; --accent-ink: #fff; --good: #1e7a3c; --warn: #8a5a00; --bad: #a4262c;
        --warn-bg: #fff4d6; --bad-bg: #fde7e9; --good-bg: #e3f4e8; --info-bg: #e7effa;
        /* WCAG 1.4.11 (3:1 at least): field borders 4.3:1 on white, 4.0:1 on --bg (#9aa1b1 was 2.6:1);
           the focus ring 6.4:1 on white, 6.0:1 on --bg (#f2b600 was 1.8:1), yellow on the dark header (8.6:1). */
        --field-line: #737a8c; --focus: #1f5fa8; --focus-on-dark: #f2b600; }
* { box-sizing: border-box; }
html { font-size: 106.25%; }
body { margin: 0; font-family: "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: var(--bg);
       line-height: 1.45; }
a { color: var(--accent); }
/* A ring on every control reached by the keyboard (links, buttons, fields, <summary>, focusable table regions). */
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
header.top :focus-visible { outline-color: var(--focus-on-dark); }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline-offset: 1px; }
header.top { background: var(--ink); color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap;
             align-items: center; gap: .5rem 1.25rem; }
header.top .brand { font-weight: bold; font-size: 1.2rem; color: #fff; text-decoration: none; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem; flex: 1 1 auto; }
header.top nav a { color: #fff; text-decoration: none; padding: .45rem .7rem; border-radius: .3rem; }
header.top nav a[aria-current="page"] { background: #fff; color: var(--ink); }
header.top .who { font-size: .9rem; display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; }
header.top .who button { background: transparent; color: #fff; border: 1px solid #fff; }
main { max-width: 75rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
section { margin-bottom: 1rem; }
.tabs { display: flex; flex-wrap: wrap; gap: .25rem; margin: .5rem 0 1rem; border-bottom: 2px solid var(--line); }
.tabs a { padding: .5rem .8rem; text-decoration: none; border-radius: .3rem .3rem 0 0; }
.tabs a[aria-current="page"] { background: var(--card); border: 2px solid var(--line); border-bottom-color: var(--card);
                               margin-bottom: -2px; color: var(--ink); font-weight: bold; }
.notice { padding: .7rem 1rem; border-radius: .4rem; margin: .75rem 0; border-left: .35rem solid; }
.notice.info { background: var(--info-bg); border-color: var(--accent); }
.notice.success { background: var(--good-bg); border-color: var(--good); }
.notice.warning { background: var(--warn-bg); border-color: var(--warn); }
.notice.error { background: var(--bad-bg); border-color: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.card .label { color: var(--muted); font-size: .92rem; }
.card .value { font-size: 1.7rem; font-weight: bold; font-variant-numeric: tabular-nums; }
.card .previous { font-size: .88rem; color: var(--muted); }
.card .note { font-size: .85rem; color: var(--muted); }
.up { color: var(--good); } .down { color: var(--bad); }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding: .6rem .75rem; }
th, td { padding: .45rem .75rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #eef0f4; font-weight: bold; }
tbody th { background: transparent; font-weight: normal; }
fieldset.field { border: 1px solid var(--line); border-radius: .3rem; padding: .5rem .75rem; }
fieldset.field legend { font-weight: bold; font-size: .95rem; padding: 0 .25rem; }
label.check { display: flex; align-items: center; gap: .5rem; font-weight: normal; min-height: 2.75rem; }
label.check input { width: 1.4rem; height: 1.4rem; min-height: 0; flex: none; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
.downloads { font-size: .9rem; margin: .35rem 0 1rem; }
.downloads a { margin-right: .75rem; }
form.inline { display: inline; }
form.panel, .panel { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem;
                     margin: .75rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
.field { display: flex; flex-direction: column; gap: .2rem; margin-bottom: .6rem; min-width: 12rem; }
.field label { font-weight: bold; font-size: .95rem; }
.field .hint { color: var(--muted); font-size: .85rem; }
.field-error { color: var(--bad); font-weight: bold; font-size: .92rem; }
[aria-invalid="true"] { border: 2px solid var(--bad); }
input, select, textarea { font: inherit; padding: .5rem .6rem; border: 1px solid var(--field-line); border-radius: .3rem;
                          min-height: 2.75rem; background: #fff; color: var(--ink); }
button, .button { font: inherit; padding: .55rem 1rem; min-height: 2.75rem; border-radius: .3rem; cursor: pointer;
                  border: 1px solid var(--accent); background: var(--accent); color: var(--accent-ink);
                  text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
.muted { color: var(--muted); }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .5rem; margin: .5rem 0; }
.chart svg { width: 100%; height: auto; display: block; }
.chart.heat svg { max-width: 52rem; }
svg.bar { width: 100%; min-width: 4rem; height: .8rem; display: block; margin-top: .35rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                   white-space: nowrap; }
.skip { position: absolute; left: -100vw; top: .5rem; z-index: 10; background: var(--card); padding: .6rem 1rem; }
.skip:focus { left: 1rem; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(20rem, 100%), 1fr)); gap: 1rem; }
footer { max-width: 75rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
.login { max-width: 26rem; margin: 3rem auto; }
.print-only { display: none; }
/* The back office's forms: the opening hours day by day, the OSM field kept for experts, row actions. */
.hours { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(17rem, 100%), 1fr)); gap: .75rem; margin-bottom: 1rem; }
fieldset.day { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .75rem; margin: 0; min-width: 0; }
fieldset.day legend { font-weight: bold; padding: 0 .25rem; }
fieldset.day .field { min-width: 0; margin-bottom: .4rem; }
fieldset.day .range { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
fieldset.day input { width: 100%; }
details.expert { margin: 0 0 1rem; }
details.expert summary { cursor: pointer; color: var(--accent); padding: .65rem 0; }  /* keeps its ▸ marker */
details.expert input { width: 100%; }
.actions { display: flex; flex-wrap: wrap; gap: .35rem; position: relative; }
.actions .button { padding: .45rem .7rem; }
details.dates { align-self: center; }
details.dates summary { cursor: pointer; color: var(--accent); min-height: 2.75rem; display: flex; align-items: center; }
/* « Mon espace » (issue 18): one column on a phone, big targets, what is booked or not said in words too. */
body.member main { max-width: 42rem; }
body.member .cards { grid-template-columns: 1fr; }
body.member .card .when { font-weight: bold; margin: 0 0 .25rem; }
body.member .card p { margin: .2rem 0; }
body.member .panel > h2:first-child { margin-top: 0; }
body.member .actions { align-items: center; margin-top: .5rem; }
body.member .actions a { min-height: 2.75rem; display: inline-flex; align-items: center; }
ul.cards { list-style: none; padding: 0; margin: .5rem 0; }
label.choice { display: flex; align-items: center; gap: .6rem; min-height: 2.75rem; padding: .25rem 0;
               font-weight: normal; }
label.choice, body.member .card { overflow-wrap: anywhere; }
body.member fieldset { min-width: 0; }
label.choice .count { display: block; font-size: .92rem; }
label.choice input { width: 1.4rem; height: 1.4rem; min-height: 0; flex: none; }
label.choice:has(input:disabled) { color: var(--muted); }
.day-choice { border-top: 1px solid var(--line); padding: .35rem 0; }
.day-choice .when { font-weight: bold; margin: .3rem 0 0; }
.free { color: var(--good); font-weight: bold; }
ul.outcomes { list-style: none; padding: 0; }
li.outcome { padding: .55rem 0; border-bottom: 1px solid var(--line); }
.outcome .ok { color: var(--good); font-weight: bold; }
.outcome .refused { color: var(--bad); font-weight: bold; }
.outcome .skipped, .outcome .later { color: var(--muted); }
@media (max-width: 40rem) {
  html { font-size: 100%; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .5rem; }
  .card { padding: .6rem .7rem; }
  main { padding: .6rem; }
  .card .value { font-size: 1.4rem; }
  th, td { padding: .4rem .5rem; }
  .field { min-width: 100%; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { font-size: 10.5pt; }
  body { background: #fff; }
  header.top, .no-print, .downloads, form.filters, .tabs, footer form { display: none !important; }
  .print-only { display: block; }
  main { max-width: none; padding: 0; }
  .card, .table-wrap, .chart { border-color: #999; break-inside: avoid; }
  section { break-inside: avoid-page; }
  h2 { break-after: avoid; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  a { color: inherit; text-decoration: none; }
}
/* Dashboard (server/web/dashboard_pages.cpp): the essential figures, charts
   whose text keeps its size on a phone, tables in labelled regions that
   scroll sideways on their own (the page never does), bars per column, the
   period chips, and in print the figures before the notices. */
.cards.key { grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
.cards.wide { grid-template-columns: repeat(auto-fill, minmax(min(26rem, 100%), 1fr)); }
.cards.wide .when { margin-top: 0; font-weight: bold; }
.dash .card { overflow-wrap: anywhere; }
.card .unit { font-size: 1rem; font-weight: normal; color: var(--muted); }
.card .better { color: var(--good); }
.card .worse { color: var(--bad); }
.card .same { color: var(--muted); }
.dash-key .definition { margin: .6rem 0 0; font-size: .95rem; max-width: 50rem; }
.dash details > summary { min-height: 2.75rem; display: flex; align-items: center; cursor: pointer; color: var(--accent); }
.table-region { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: .5rem;
                margin: .5rem 0; max-width: 100%; }
.table-region:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
.table-region table { width: 100%; }
.table-region tbody th { min-width: 8.5rem; }
table.with-bars td.num { min-width: 6rem; }
svg.bar { width: 100%; min-width: 4rem; height: .7rem; display: block; margin-top: .3rem; }
.col-chart { margin: .5rem 0; padding: .6rem .75rem .5rem; }
.col-chart figcaption { font-weight: bold; font-size: .95rem; }
.col-plot { position: relative; height: 10rem; margin: 1rem 0 .6rem 3.2rem; }
.chart .col-plot svg { width: 100%; height: 100%; display: block; }
.col-y { position: absolute; top: 0; bottom: 0; left: -3.2rem; width: 2.7rem; }
.col-y span { position: absolute; right: 0; font-size: .8rem; line-height: 1; color: var(--muted); }
.col-y .y-top { top: 0; transform: translateY(-50%); }
.col-y .y-mid { top: 50%; transform: translateY(-50%); }
.col-y .y-zero { bottom: 0; transform: translateY(50%); }
.col-x { display: flex; justify-content: space-between; gap: 1rem; margin-left: 3.2rem; font-size: .8rem;
         color: var(--muted); }
.col-x span:last-child { text-align: right; }
.chart.heat { padding: .5rem; }
.chart.heat svg { width: auto; height: auto; max-width: none; }
form[action="/tableau-de-bord"] { align-items: flex-start; }
form[action="/tableau-de-bord"] .field { min-width: 10rem; }
.period-parts { border: 1px solid var(--line); border-radius: .3rem; padding: .4rem .6rem .6rem; margin: 0;
                min-width: 0; flex: 1 1 24rem; }
.period-parts legend { font-weight: bold; font-size: .95rem; padding: 0 .25rem; }
.chips { display: flex; flex-wrap: wrap; gap: .35rem; }
.chips + .chips { margin-top: .4rem; }
label.chip { position: relative; display: inline-flex; }
label.chip input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; min-height: 0; }
label.chip > span { display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem;
                    min-width: 2.75rem; padding: 0 .75rem; border: 1px solid #767d8c; border-radius: 1.4rem;
                    background: #fff; color: var(--accent); cursor: pointer; }
label.chip input:checked + span { background: var(--accent); border-color: var(--accent); color: #fff;
                                  font-weight: bold; }
label.chip input:focus-visible + span { outline: 3px solid var(--ink); outline-offset: 2px; }
form[action="/tableau-de-bord"] .submit { justify-content: flex-end; align-self: flex-end; }
@media (max-width: 40rem) {
  .cards.key { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .card .unit { display: block; font-size: .9rem; }
  .period-parts { flex-basis: 100%; }
  form[action="/tableau-de-bord"] .field { min-width: 100%; }
}
@media (max-width: 22rem) {
  .dash .cards, .cards.key { grid-template-columns: minmax(0, 1fr); }
}
@media print {
  .dash { display: flex; flex-direction: column; }
  .dash > * { order: 2; }
  .dash > .dash-key { order: 0; }
  .dash > .dash-notices { order: 1; }
  .dash-notices .notice { padding: .2rem .5rem; margin: .2rem 0; font-size: 9pt; border-left-width: 2pt; }
  .table-region { overflow: visible; border-color: #999; }
  .chart.heat { overflow: visible; }
  .col-chart { break-inside: avoid; }
}
/* public pages (issue 18): the network's places, the help booking (topics with pictograms, times as large
   buttons, the choice marked by a tick and bold text, not by colour alone), the appointment's ticket. */
ul.sites { list-style: none; padding: 0; margin: 0; display: grid;
           grid-template-columns: repeat(auto-fill, minmax(min(22rem, 100%), 1fr)); gap: .75rem; }
li.site { margin: 0; }
li.site h2, section.site h3:first-child { margin-top: 0; }
li.site h2 a, .site a[href^="tel:"], .site a[href^="https://www.openstreetmap.org"], .more-days a,
dl.appointment a { display: inline-flex; align-items: center; min-height: 2.75rem; }
.site .address, .site .now, .site .desks { margin: .35rem 0; }
.site .desks { font-weight: bold; }
ul.week { list-style: none; padding: 0; margin: .25rem 0; }
ul.week li { display: grid; grid-template-columns: minmax(0, 1fr); padding: .35rem 0; border-bottom: 1px solid var(--line); }
ul.week li.today { font-weight: bold; }
details.week summary { cursor: pointer; color: var(--accent); min-height: 2.75rem; display: flex; align-items: center; }
details.week summary::before { content: "▸\00a0"; }
details.week[open] summary::before { content: "▾\00a0"; }
.services-title { margin: .5rem 0 0; font-weight: bold; }
ul.services { margin: .25rem 0 .75rem; padding-left: 1.25rem; }
form.booking { max-width: 54rem; }
form.booking > fieldset { border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 1rem; padding: .5rem .75rem .75rem;
                          min-width: 0; }
form.booking > fieldset[aria-invalid="true"] { border: 2px solid var(--bad); }
form.booking > fieldset > legend { font-weight: bold; font-size: 1.1rem; padding: 0 .25rem; }
.topic-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .5rem; }
label.topic, label.time { position: relative; display: block; }
label.topic { display: flex; }  /* its box fills the grid's row: the tiles of a row are as tall */
label.topic input, label.time input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; min-height: 0; }
label.topic > span { flex: 1 1 auto; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: .35rem;
                     text-align: center; padding: .6rem .4rem; min-height: 7rem; border: 2px solid var(--field-line);
                     border-radius: .5rem; background: #fff; color: var(--accent); cursor: pointer; }
label.topic > span > span { color: var(--ink); }
svg.picto { width: 3rem; height: 3rem; flex: none; }
fieldset.slots fieldset.day { border: none; padding: 0; margin: 0 0 .75rem; }
fieldset.slots fieldset.day legend { font-weight: bold; padding: 0 0 .3rem; }
.times { display: flex; flex-wrap: wrap; gap: .5rem; }
label.time > span { display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem;
                    min-width: 5.5rem; padding: 0 .75rem; border: 2px solid var(--field-line); border-radius: .4rem;
                    background: #fff; color: var(--accent); cursor: pointer; }
label.topic input:checked + span, label.time input:checked + span { background: var(--accent); border-color: var(--ink);
                                                                    color: #fff; font-weight: bold; }
label.topic input:checked + span > span { color: #fff; }
label.topic input:checked + span::after { content: "✓"; position: absolute; top: .3rem; right: .5rem; font-size: 1.2rem; }
label.time input:checked + span::before { content: "✓\00a0"; }
label.topic input:focus-visible + span, label.time input:focus-visible + span { outline: 3px solid var(--ink);
                                                                                outline-offset: 2px; }
.more-days { display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: .25rem 0 0; }
form.booking .field input { width: 100%; max-width: 24rem; }
form.booking > button[type="submit"] { width: 100%; font-size: 1.1rem; min-height: 3.25rem; }
form.booking > .button.secondary { margin-top: .75rem; }
dl.appointment { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .5rem 1rem; margin: 0; }
dl.appointment dt { font-weight: bold; color: var(--muted); }
dl.appointment dd { margin: 0; }
.topic-line { display: flex; align-items: center; gap: .5rem; }
.topic-line svg.picto { width: 2.5rem; height: 2.5rem; color: var(--accent); }
.ticket h2 { font-size: 1.1rem; }
section.help-cta > h2:first-child { margin-top: 0; }
.link-actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
@media (min-width: 40rem) {
  .topic-grid { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  ul.week li { grid-template-columns: 16rem minmax(0, 1fr); gap: .75rem; }
  form.booking > button[type="submit"] { width: auto; }
}
@media print {
  .ticket { border: 2px solid #000; }
  .topic-line svg.picto { color: #000; }
}
)css";

std::vector<NavItem> navigation(const WebSession& s) {
  std::vector<NavItem> items;
  items.push_back({"dashboard", "Tableau de bord", "/tableau-de-bord"});
  if (s.user.role == WebRole::Admin) {
    items.push_back({"sites", "Lieux", "/lieux"});
    items.push_back({"network-members", "Adhérents", "/adherents"});
    items.push_back({"network", "Réseau", "/reseau"});
  } else if (s.user.role == WebRole::Animator && s.user.site_id) {
    const auto base = "/lieux/" + std::to_string(*s.user.site_id);
    items.push_back({"members", "Adhérents", base + "/adherents"});
    items.push_back({"bookings", "Réservations", base + "/reservations"});
    items.push_back({"agenda", "Agenda de médiation", base + "/agenda"});
    items.push_back({"site", "Lieu et ressources", base});
  }
  return items;
}

}  // namespace

Html escape(std::string_view text) {
  return Html(html::escape(text), 0);
}

std::string_view stylesheet() {
  return kCss;
}

std::string render_page(const Page& page, const WebSession* session) {
  Html out;
  out.reserve(page.body.size() + 4096);
  out +=
      "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"robots\" content=\"noindex\">\n<title>";
  out += escape(page.title);
  out += " — Escale</title>\n<link rel=\"stylesheet\" href=\"/assets/escale.css\">\n" + page.head + "</head>\n<body>\n";
  out += "<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n";  // RGAA 12.7
  out += "<header class=\"top\"><a class=\"brand\" href=\"/\">Escale</a>";
  if (session) {
    out += "<nav aria-label=\"Navigation principale\">";
    for (const auto& item : navigation(*session)) {
      out += "<a href=\"" + escape(item.href) + "\"";
      if (item.key == page.nav) out += " aria-current=\"page\"";
      out += ">" + escape(item.label) + "</a>";
    }
    out += "</nav><div class=\"who\"><span>";
    out += escape(session->user.display_name) + " · " + escape(role_label(session->user.role));
    out += "</span><form class=\"inline\" method=\"post\" action=\"/deconnexion\">" + csrf_field(*session) +
           "<button type=\"submit\">Se déconnecter</button></form></div>";
  }
  out += "</header>\n<main id=\"contenu\">\n<h1>" + escape(page.title) + "</h1>\n";
  if (!page.subtitle.empty()) out += "<p class=\"subtitle\">" + escape(page.subtitle) + "</p>\n";
  out += page.body;
  out +=
      "\n</main>\n<footer>Escale — logiciel libre des tiers-lieux. Pour un PDF : « Imprimer » dans le navigateur, "
      "puis « Enregistrer au format PDF ».</footer>\n</body>\n</html>\n";
  return out.str();
}

Html csrf_field(const WebSession& session) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(session.csrf_token) + "\">";
}

Html notice(NoticeKind kind, const Html& content) {
  const Html cls = kind == NoticeKind::Info      ? Html("info")
                   : kind == NoticeKind::Success ? Html("success")
                   : kind == NoticeKind::Warning ? Html("warning")
                                                 : Html("error");
  const Html role = kind == NoticeKind::Error || kind == NoticeKind::Warning ? Html("alert") : Html("status");
  return "<div class=\"notice " + cls + "\" role=\"" + role + "\">" + content + "</div>\n";
}

namespace {

// ` aria-describedby="…"` naming the hint and the error of field `id` (those given), or "".
Html described_by(const std::string& id, std::string_view hint, std::string_view error) {
  std::string ids;
  if (!hint.empty()) ids = id + "-hint";
  if (!error.empty()) ids += (ids.empty() ? "" : " ") + id + "-error";
  if (ids.empty()) return {};
  return " aria-describedby=\"" + escape(ids) + "\"";
}

// The message of a field with a mistake, between its label and the control.
Html error_message(const std::string& id, std::string_view error) {
  if (error.empty()) return {};
  return "<span class=\"field-error\" id=\"" + escape(id) + "-error\">" + escape(error) + "</span>";
}

}  // namespace

std::string field_id(std::string_view name) {
  return "f-" + std::string(name);
}

Html invalid_attributes(std::string_view name, std::string_view error) {
  if (error.empty()) return {};
  return " aria-invalid=\"true\" aria-describedby=\"" + escape(field_id(name)) + "-error\"";
}

Html field_error(std::string_view name, std::string_view error) {
  return error_message(field_id(name), error);
}

Html text_field(std::string_view name, std::string_view label, std::string_view value, const Html& attributes,
                std::string_view type, std::string_view hint, std::string_view error) {
  const std::string id = field_id(name);
  Html out = "<div class=\"field\"><label for=\"" + escape(id) + "\">" + escape(label) + "</label>";
  if (!hint.empty()) out += "<span class=\"hint\" id=\"" + escape(id) + "-hint\">" + escape(hint) + "</span>";
  out += error_message(id, error);
  out += "<input id=\"" + escape(id) + "\" name=\"" + escape(name) + "\" type=\"" + escape(type) + "\" value=\"" +
         escape(value) + "\"";
  out += described_by(id, hint, error);
  if (!error.empty()) out += " aria-invalid=\"true\"";
  if (!attributes.empty()) out += " " + attributes;
  out += "></div>";
  return out;
}

Html select_field(std::string_view name, std::string_view label, const std::vector<Option>& options,
                  std::string_view selected, const Html& attributes, std::string_view error) {
  const std::string id = field_id(name);
  Html out = "<div class=\"field\"><label for=\"" + escape(id) + "\">" + escape(label) + "</label>";
  out += error_message(id, error);
  out += "<select id=\"" + escape(id) + "\" name=\"" + escape(name) + "\"";
  out += described_by(id, {}, error);
  if (!error.empty()) out += " aria-invalid=\"true\"";
  if (!attributes.empty()) out += " " + attributes;
  out += ">";
  for (const auto& o : options) {
    out += "<option value=\"" + escape(o.value) + "\"";
    if (o.value == selected) out += " selected";
    out += ">" + escape(o.label) + "</option>";
  }
  out += "</select></div>";
  return out;
}

Html table(const HtmlTable& t) {
  auto is_num = [&](std::size_t i) { return i < t.numeric.size() && t.numeric[i]; };
  // A table wider than a phone scrolls inside its wrapper, never the page: the wrapper is a
  // region named by the caption (or `label`) that the keyboard can reach and scroll.
  std::string name = t.label.empty() ? t.caption.str() : escape(t.label).str();
  for (auto lt = name.find('<'); lt != std::string::npos; lt = name.find('<')) {
    const auto gt = name.find('>', lt);
    name.erase(lt, gt == std::string::npos ? std::string::npos : gt - lt + 1);
  }
  // unsafe_raw: `name` is escaped markup (the caption, or the escaped label) with its tags taken
  // out; removing whole tags from escaped markup leaves escaped text (no '<' is left, no quote added).
  Html out = name.empty() ? Html("<div class=\"table-wrap\"><table>")
                          : "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"" +
                                Html::unsafe_raw(std::move(name)) + "\"><table>";
  if (!t.caption.empty()) {
    out += "<caption>" + t.caption + "</caption>";
  } else if (!t.label.empty()) {
    // RGAA 5.4: the table's title belongs to the table, not only to its wrapper or the heading above.
    out += "<caption class=\"visually-hidden\">" + escape(t.label) + "</caption>";
  }
  out += "<thead><tr>";
  for (std::size_t i = 0; i < t.headers.size(); ++i) {
    out += is_num(i) ? Html("<th scope=\"col\" class=\"num\">") : Html("<th scope=\"col\">");
    out += t.headers[i] + "</th>";
  }
  out += "</tr></thead><tbody>";
  if (t.rows.empty()) {
    out += "<tr><td colspan=\"" + Html::number(static_cast<long long>(std::max<std::size_t>(1, t.headers.size()))) +
           "\" class=\"muted\">" + escape(t.empty_text) + "</td></tr>";
  }
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i == 0) {
        out += "<th scope=\"row\"" + (is_num(0) ? Html(" class=\"num\"") : Html()) + ">" + row[i] + "</th>";
      } else {
        out += is_num(i) ? Html("<td class=\"num\">") : Html("<td>");
        out += row[i] + "</td>";
      }
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>\n";
  return out;
}

}  // namespace escale::server::web
