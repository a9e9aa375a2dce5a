#include "web/dashboard_pages.hpp"  // first: the header is self-contained

// The dashboard page's HTML (web/dashboard_pages.cpp) over real HTTP: the
// period chosen by year and part of the year (old links still work), the
// essential figures first with people apart from visits, tables in labelled
// focusable regions, one bar per number column to its own scale, communes by
// name, changes coloured by their meaning. Widths and font sizes are measured
// in a browser (tests/browser/test_dashboard_browser.cpp).
#include <catch2/catch.hpp>

#include <regex>

#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::tests;
using web_http::status;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The HTML between the first `from` and the next `to` after it.
std::string between(const std::string& html, const std::string& from, const std::string& to) {
  const auto a = html.find(from);
  if (a == std::string::npos) return {};
  const auto b = html.find(to, a + from.size());
  return html.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

// The page's subtitle (scope · period · previous).
std::string subtitle(const std::string& html) {
  return between(html, "<p class=\"subtitle\">", "</p>");
}

// Marie (Montbard, 21425) 2 visits, Jean (Châtillon, 21154) 1, Lucie (code
// 99999, in no list) 1 and a walk-in in November 2026; in October, one
// visit of Marie without a check-out (auto-closed). In November, two visits
// without a check-out.
struct Visits : WebSite {
  Visits() {
    db.prepare("UPDATE members SET home_commune = ? WHERE id = ?").bind_all("21425", marie).run();
    db.prepare("UPDATE members SET home_commune = ? WHERE id = ?").bind_all("21154", jean).run();
    db.prepare("UPDATE members SET home_commune = ? WHERE id = ?").bind_all("99999", lucie).run();
    int n = 0;
    auto visit = [&](std::int64_t site_id, std::optional<std::int64_t> member, const std::string& day,
                     bool checked_out) {
      char id[40];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++n);
      db.prepare(
            "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, "
            "walk_in) VALUES (?, ?, ?, 1, NULL, ?, ?, ?, ?)")
          .bind_all(std::string(id), site_id, member, day + "T08:00:00.000Z",
                    checked_out ? std::optional<std::string>(day + "T10:00:00.000Z") : std::nullopt, day,
                    member ? 0 : 1)
          .run();
    };
    visit(montbard, marie, "2026-10-05", false);
    visit(montbard, marie, "2026-11-02", true);
    visit(montbard, marie, "2026-11-03", false);
    visit(montbard, jean, "2026-11-03", true);
    visit(semur, lucie, "2026-11-04", true);
    visit(montbard, std::nullopt, "2026-11-04", false);
  }
};

}  // namespace

TEST_CASE("dashboard page: a period by year and quarter or month, old links unchanged", "[web][dashboard]") {
  WebSite site;
  auto c = site.as("claire");
  struct Case {
    std::string query;
    std::string label;    // in the subtitle
    std::string checked;  // the radio checked in the form
  };
  const std::vector<Case> cases{
      {"annee=2026&partie=T1", "1er trimestre 2026", "T1"},
      {"annee=2025&partie=T4", "4e trimestre 2025", "T4"},
      {"annee=2026&partie=03", "mars 2026", "03"},
      {"annee=2026&partie=annee", "· 2026 ·", "annee"},
      {"annee=2026", "· 2026 ·", "annee"},
      // The dates are used only when « Ces dates » is chosen; otherwise stale fields are ignored.
      {"annee=2026&partie=dates&from=2026-11-03&to=2026-11-17", "du 3 au 17 novembre 2026", "dates"},
      {"annee=2026&partie=T2&from=2026-11-03&to=2026-11-17", "2e trimestre 2026", "T2"},
      // Links written before the form changed.
      {"period=2026-T4", "4e trimestre 2026", "T4"},
      {"period=2026-Q1", "1er trimestre 2026", "T1"},
      {"period=2026-11", "novembre 2026", "11"},
      {"period=2025", "· 2025 ·", "annee"},
      {"from=2026-11-03&to=2026-11-17", "du 3 au 17 novembre 2026", "dates"},
  };
  for (const auto& k : cases) {
    INFO(k.query);
    const auto r = c.get("/tableau-de-bord?" + k.query);
    REQUIRE(r.result() == status::ok);
    const std::string html = r.body();
    CHECK_THAT(subtitle(html), Catch::Contains(k.label));
    CHECK(count(html, "name=\"partie\" value=\"" + k.checked + "\" checked") == 1);
    CHECK(count(html, " checked>") == 1);  // one choice only
    // No long list: the year is the only select of the period, with 5 or 6 years.
    const auto years = between(html, "<select id=\"f-annee\"", "</select>");
    CHECK(count(years, "<option") >= 5);
    CHECK(count(years, "<option") <= 6);
    CHECK(count(html, "name=\"period\"") == 0);
  }
  // The quarter's radios say which months they are, for screen readers.
  const std::string html = c.get("/tableau-de-bord?period=2026-T1").body();
  CHECK_THAT(html, Catch::Contains("T1<span class=\"visually-hidden\">er trimestre (janvier à mars)</span>"));
  // A year outside the list (an old link) is added to it, selected.
  CHECK_THAT(c.get("/tableau-de-bord?period=2015").body(), Catch::Contains("<option value=\"2015\" selected>"));
}

TEST_CASE("dashboard page: a wrong year or part of the year is refused clearly", "[web][dashboard]") {
  WebSite site;
  auto c = site.as("claire");
  struct Case {
    std::string query;
    std::string says;
  };
  const std::vector<Case> cases{
      {"annee=20x6&partie=T1", "L’année « 20x6 » n’en est pas une"},
      {"annee=12026&partie=T1", "L’année « 12026 » n’en est pas une"},
      {"annee=2026&partie=T5", "La partie de l’année « T5 » n’existe pas"},
      {"annee=2026&partie=13", "La partie de l’année « 13 » n’existe pas"},
      {"annee=2026&partie=dates", "donnez le premier et le dernier jour"},
      {"annee=2026&partie=dates&from=2026-11-03", "donnez le premier et le dernier jour"},
  };
  for (const auto& k : cases) {
    INFO(k.query);
    const auto r = c.get("/tableau-de-bord?" + k.query);
    CHECK(r.result() == status::bad_request);
    CHECK_THAT(r.body(), Catch::Contains(k.says));
    CHECK_THAT(r.body(), Catch::Contains("name=\"partie\""));  // the form to try again
    CHECK(c.get("/tableau-de-bord/visits_by_day.csv?" + k.query).result() == status::bad_request);
  }
}

TEST_CASE("dashboard page: people apart from visits at the top, then the rest", "[web][dashboard]") {
  Visits site;
  auto c = site.as("claire");
  const std::string html = c.get("/tableau-de-bord?site=tous&period=2026-11").body();
  const auto key = between(html, "<section class=\"dash-key\"", "</section>");
  REQUIRE_FALSE(key.empty());
  CHECK(html.find("<section class=\"dash-key\"") < html.find("<h2>Fréquentation</h2>"));
  // Members are people, walk-ins are visits: each says so under its number.
  CHECK_THAT(key, Catch::Contains("Membres venus</div><div class=\"value\">3 <span class=\"unit\">personnes</span>"));
  CHECK_THAT(key,
             Catch::Contains("Passages anonymes</div><div class=\"value\">1 <span class=\"unit\">passages</span>"));
  CHECK_THAT(key, Catch::Contains("Personnes aidées pour des démarches en ligne"));
  CHECK_THAT(key, Catch::Contains("Personnes et passages ne s’additionnent pas."));
  CHECK(key.find("Membres venus") < key.find("Passages anonymes"));
  CHECK(count(html, "Membres venus</div>") == 1);  // each figure shown once

  // A change's colour says what it means: more visits is better, more
  // auto-closed visits is worse (October: 1 visit, auto-closed).
  CHECK_THAT(html, Catch::Contains("<span class=\"better\">(+400,0\u202F%)<span class=\"visually-hidden\">, en "
                                   "mieux</span></span>"));
  const auto auto_closed = between(html, "Visites closes automatiquement", "</div></div>");
  CHECK_THAT(auto_closed, Catch::Contains("<span class=\"worse\">(+100,0\u202F%)"));
  CHECK_THAT(auto_closed, Catch::Contains("en moins bien"));
  CHECK(count(html, "class=\"up\"") + count(html, "class=\"down\"") == 0);  // colours by sign are gone

  // One age table on the page, in one scheme; each source's own brackets are downloads.
  CHECK(count(html, "<caption>Âge") == 1);
  CHECK_THAT(html, Catch::Contains("/tableau-de-bord/age_brackets.csv?"));
  CHECK_THAT(html, Catch::Contains("/tableau-de-bord/visitor_age_brackets.csv?"));
  CHECK(count(html, "<h2>Autres chiffres</h2>") == 0);  // every figure and table has its place
}

TEST_CASE("dashboard page: tables in focusable regions, a bar per column to its own scale", "[web][dashboard]") {
  Visits site;
  auto c = site.as("claire");
  const std::string html = c.get("/tableau-de-bord?site=tous&period=2026-11").body();
  // Every table sits in a labelled region that can take the focus and scroll sideways.
  const std::regex region(R"re(<div class="table-region" role="region" aria-label="[^"]+" tabindex="0"><table)re");
  const auto regions = std::distance(std::sregex_iterator(html.begin(), html.end(), region), std::sregex_iterator());
  CHECK(regions == static_cast<long>(count(html, "<table")));
  CHECK(regions >= 7);  // days, heat map numbers, themes, durations, ages, communes, sites
  // The heat map too (it keeps its size and scrolls within its region).
  CHECK_THAT(html, Catch::Contains("<div class=\"chart heat table-region\" role=\"region\" aria-label=\"Carte : "));
  // No chart text drawn inside a scaled SVG: the column chart's labels are HTML.
  const auto chart = between(html, "<figure class=\"chart col-chart\" role=\"group\" aria-label=\"", "</figure>");
  REQUIRE_FALSE(chart.empty());
  CHECK(count(chart, "<text") == 0);
  CHECK_THAT(chart, Catch::Contains("<span class=\"y-zero\">0</span>"));

  // Communes by name, the code beside; an unknown code shows the code.
  const auto communes = between(html, "<caption>Communes de résidence</caption>", "</table>");
  REQUIRE_FALSE(communes.empty());
  CHECK_THAT(communes, Catch::Contains("<th scope=\"row\">Montbard (21425)</th>"));
  CHECK_THAT(communes, Catch::Contains("<th scope=\"row\">Châtillon-sur-Seine (21154)</th>"));
  CHECK_THAT(communes, Catch::Contains("<th scope=\"row\">99999</th>"));
  // Each number column draws its own bars: Montbard's 2 visits are the
  // longest visits bar, while every commune's single member is a full
  // members bar; each bar names its column.
  CHECK(count(communes,
              "aria-label=\"Barre de « Passages des membres » : 100\u202F% du plus grand nombre de la "
              "colonne\"") == 1);
  CHECK(count(communes,
              "aria-label=\"Barre de « Passages des membres » : 50\u202F% du plus grand nombre de la "
              "colonne\"") == 2);
  CHECK(count(communes, "aria-label=\"Barre de « Membres » : 100\u202F% du plus grand nombre de la colonne\"") == 3);
  // No accompaniment at all: no bar in that column (nothing to scale to).
  CHECK(count(communes, "Barre de « Accompagnements »") == 0);
  // The day-by-day table has no bars.
  CHECK(count(between(html, "<caption>Passages et accompagnements par jour</caption>", "</table>"), "<svg") == 0);
}

TEST_CASE("dashboard page: a reporting account sees no bar that would give a small count away", "[web][dashboard]") {
  Visits site;
  auto c = site.as("interco");
  const std::string html = c.get("/tableau-de-bord?site=tous&period=2026-11").body();
  const auto communes = between(html, "<caption>Communes de résidence</caption>", "</table>");
  REQUIRE_FALSE(communes.empty());
  CHECK_THAT(communes, Catch::Contains("&lt;\u202F5"));  // « < 5 »
  CHECK(count(communes, "<svg") == 0);
}

TEST_CASE("dashboard page: the network, its figures and the site × home site table, masked for reporting",
          "[web][dashboard]") {
  Visits site;
  // Marie (home Montbard) comes to Semur too in November.
  site.db
      .prepare(
          "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
          "VALUES ('00000000-0000-4000-8000-0000000000aa', ?, ?, 1, NULL, '2026-11-05T08:00:00.000Z', "
          "'2026-11-05T09:00:00.000Z', '2026-11-05', 0)")
      .bind_all(site.semur, site.marie)
      .run();
  auto admin = site.as("claire");
  const std::string html = admin.get("/tableau-de-bord?site=tous&period=2026-11").body();
  const auto network = between(html, "<h2>Réseau</h2>", "</section>");
  REQUIRE_FALSE(network.empty());
  CHECK(html.find("<h2>Territoire</h2>") < html.find("<h2>Réseau</h2>"));
  CHECK_THAT(network, Catch::Contains("Visiteurs d’autres lieux du réseau</div><div class=\"value\">1</div>"));
  CHECK_THAT(network, Catch::Contains("Membres venus dans plusieurs lieux</div><div class=\"value\">1</div>"));
  const auto homes = between(network, "<caption>Lieu de visite × lieu d’inscription</caption>", "</table>");
  REQUIRE_FALSE(homes.empty());
  CHECK_THAT(homes, Catch::Contains("<th scope=\"col\">Lieu de visite</th><th scope=\"col\" class=\"num\">Tiers-lieu "
                                    "de Montbard</th><th scope=\"col\" class=\"num\">Espace numérique de Semur</th>"));
  // Semur: Marie of Montbard, Lucie of Semur.
  CHECK_THAT(homes, Catch::Contains("<th scope=\"row\">Espace numérique de Semur</th><td class=\"num\">1</td>"
                                    "<td class=\"num\">1</td>"));
  CHECK_THAT(network, Catch::Contains("/tableau-de-bord/home_sites.csv?site=tous&amp;period=2026-11"));
  CHECK(count(html, "<h2>Autres chiffres</h2>") == 0);
  const auto csv = admin.get("/tableau-de-bord/home_sites.csv?site=tous&period=2026-11");
  CHECK(csv.result() == status::ok);
  CHECK(csv.body() ==
        "Lieu de visite,Tiers-lieu de Montbard,Espace numérique de Semur\r\n"
        "Tiers-lieu de Montbard,2,0\r\nEspace numérique de Semur,1,1\r\n");

  // A reporting account: fewer than 5 people everywhere, so « < 5 » in every cell.
  auto interco = site.as("interco");
  const std::string masked = interco.get("/tableau-de-bord?site=tous&period=2026-11").body();
  const auto masked_homes = between(masked, "<caption>Lieu de visite × lieu d’inscription</caption>", "</table>");
  REQUIRE_FALSE(masked_homes.empty());
  CHECK(count(masked_homes, "<td class=\"num\">&lt;\u202F5</td>") == 4);
  CHECK(count(masked_homes, "<td class=\"num\">") == 4);
  // The notice says so in valid markup (RGAA 8.2: no bare « < » in the page).
  CHECK_THAT(masked, Catch::Contains("s’affiche « &lt; 5 »."));
  CHECK_THAT(masked, !Catch::Contains("« < 5 »"));
  // Each table's download links say which table they download (RGAA 6.1).
  CHECK_THAT(masked,
             Catch::Contains(">CSV<span class=\"visually-hidden\"> — Lieu de visite × lieu d’inscription</span></a>"));
  CHECK(interco.get("/tableau-de-bord/home_sites.csv?site=tous&period=2026-11").body() ==
        "Lieu de visite,Tiers-lieu de Montbard,Espace numérique de Semur\r\n"
        "Tiers-lieu de Montbard,< 5,< 5\r\nEspace numérique de Semur,< 5,< 5\r\n");

  // One site: one row, every site of the network as a column.
  const std::string semur = admin.get("/tableau-de-bord?site=" + std::to_string(site.semur) + "&period=2026-11").body();
  const auto one = between(semur, "<caption>Lieu de visite × lieu d’inscription</caption>", "</table>");
  CHECK(count(one, "<th scope=\"row\">") == 1);
  CHECK(count(one, "<th scope=\"col\" class=\"num\">") == 2);
}
