// The dashboard in a real browser (headless Chromium, cdp_browser.hpp) with
// the demo's 400 days of history, at a small phone's width (320 px), a
// common phone's (390 px) and a desktop's (1280 px):
//   - the page never scrolls sideways: document.documentElement.scrollWidth
//     ≤ the viewport's width; what is wider (a table, the heat map) scrolls
//     inside its own region, labelled and reachable with the keyboard;
//   - every text of a chart is drawn at least 12 px tall: for SVG text, its
//     font size times the SVG's scale on screen (a viewBox shrunk to a phone
//     shrinks its text), for HTML text its computed font size;
//   - printed, the figures come first, the notices after them.
// Screenshots go to <build>/screenshots/web/dashboard-<width>.png.
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

#include "cdp_browser.hpp"
#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

const std::string kLogin = "claire";
const std::string kPassword = "un long mot de passe de test";

std::filesystem::path screenshots() {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web";
}

// The demo database with its history, an admin account and a running server.
class DemoSite {
 public:
  DemoSite() {
    run_server_command({"demo-data", "--history", "--db", db().string()});
    Process p({ESCALE_SERVER_BIN, "user", "add", "--db", db().string(), "--login", kLogin, "--role", "admin", "--name",
               "Claire Martin"});
    p.write_line(kPassword);
    p.close_stdin();
    while (p.read_line(30s)) {
    }
    REQUIRE(p.wait(30s) == 0);
    server_ = std::make_unique<ServerProcess>(db(), dir_ / "server.log");
  }
  std::filesystem::path db() const { return dir_ / "server.db"; }
  std::string url(const std::string& path) const { return server_->url() + path; }

 private:
  TempDir dir_{"escale-dashboard-browser"};
  std::unique_ptr<ServerProcess> server_;
};

void log_in(Browser& browser, const DemoSite& site) {
  browser.navigate(site.url("/connexion?suite=/tableau-de-bord"));
  browser.fill("#f-login", kLogin);
  browser.fill("#f-password", kPassword);
  browser.click(R"(form[action="/connexion"] button[type=submit])");
  REQUIRE(browser.url() == site.url("/tableau-de-bord"));
}

// The last whole quarter before today, as the form sends it.
std::string last_quarter_query() {
  const auto today =
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  int year = static_cast<int>(today.year());
  int quarter = (static_cast<int>(static_cast<unsigned>(today.month())) - 1) / 3;  // the one before this one
  if (quarter == 0) {
    quarter = 4;
    --year;
  }
  return "annee=" + std::to_string(year) + "&partie=T" + std::to_string(quarter);
}

// Every element whose box passes the viewport's right edge and is not inside
// a scrolling region: what makes the page scroll sideways.
const char* kOverflowing = R"js(
  (() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
      if (e.closest('.table-region')) continue;
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 0.5) out.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(r.right));
      if (out.length > 8) break;
    }
    return out;
  })()
)js";

// The height at which every text of every chart is drawn, in CSS pixels:
// [smallest, its text, count of texts].
const char* kChartTextSizes = R"js(
  (() => {
    let min = Infinity, which = '', n = 0;
    for (const chart of document.querySelectorAll('.chart')) {
      for (const t of chart.querySelectorAll('text')) {
        const m = t.getScreenCTM();
        const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.c, m.d);
        ++n;
        if (px < min) { min = px; which = t.textContent; }
      }
      const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const e = node.parentElement;
        if (!node.textContent.trim() || e.closest('svg') || e.closest('.visually-hidden')) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;  // not displayed (a closed <details>)
        const px = parseFloat(getComputedStyle(e).fontSize);
        ++n;
        if (px < min) { min = px; which = node.textContent.trim(); }
      }
    }
    return [min === Infinity ? 0 : min, which, n];
  })()
)js";

}  // namespace

TEST_CASE_METHOD(DemoSite, "the dashboard fits a 320 px phone, and charts' text is 12 px or more",
                 "[browser][dashboard]") {
  Browser browser;
  log_in(browser, *this);
  for (const std::string& query : {std::string(), last_quarter_query()}) {
    for (const int width : {320, 390, 1280}) {
      INFO("width " << width << ", query « " << query << " »");
      browser.set_viewport(width, width < 1000 ? 800 : 900, width < 1000);
      browser.navigate(url("/tableau-de-bord" + (query.empty() ? "" : "?" + query)));
      REQUIRE(browser.status_of_last_navigation() == 200);
      // The day-by-day table opened, as a reader would: it must stay inside its region.
      browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");

      const auto page_width = browser.evaluate("document.documentElement.scrollWidth").get<int>();
      const auto viewport = browser.evaluate("document.documentElement.clientWidth").get<int>();
      const auto sizes = browser.evaluate(kChartTextSizes);
      std::cout << "dashboard at " << width << " px" << (query.empty() ? "" : " (" + query + ")") << ": page width "
                << page_width << " px; smallest chart text " << sizes[0].get<double>() << " px (« "
                << sizes[1].get<std::string>() << " », " << sizes[2] << " texts)\n";
      INFO("wider than the screen: " << browser.evaluate(kOverflowing).dump());
      CHECK(page_width <= viewport);
      CHECK(sizes[2].get<int>() > 10);  // the charts are there, with their labels
      CHECK(sizes[0].get<double>() >= 12.0);

      // Whatever is wider than its place scrolls in a labelled region the keyboard reaches.
      const auto regions = browser.evaluate(R"js(
        [...document.querySelectorAll('.table-region')].map(r => {
          r.focus();
          return {label: r.getAttribute('aria-label') || '', role: r.getAttribute('role'), tab: r.tabIndex,
                  focused: document.activeElement === r, scrolls: getComputedStyle(r).overflowX,
                  wider: r.scrollWidth > r.clientWidth + 1};
        }))js");
      CHECK(regions.size() >= 7);
      int wider = 0;
      for (const auto& r : regions) {
        INFO(r.dump());
        CHECK(r["role"] == "region");
        CHECK_FALSE(r["label"].get<std::string>().empty());
        CHECK(r["tab"] == 0);
        CHECK(r["focused"] == true);
        CHECK(r["scrolls"] == "auto");
        wider += r["wider"].get<bool>() ? 1 : 0;
      }
      if (width == 320) CHECK(wider > 0);  // the test would not see a region that failed to scroll

      if (query.empty()) {
        const auto png = screenshots() / ("dashboard-" + std::to_string(width) + ".png");
        std::filesystem::remove(png);
        browser.screenshot(png);
        CHECK(std::filesystem::file_size(png) > 20'000);
      }
    }
  }
}

TEST_CASE_METHOD(DemoSite, "the printed dashboard starts with the figures, the notices after", "[browser][dashboard]") {
  Browser browser;
  log_in(browser, *this);
  browser.set_viewport(794, 1123);  // A4 at 96 dpi
  browser.navigate(url("/tableau-de-bord?" + last_quarter_query()));
  // The demo's stale site gives a notice, so the order is tested.
  REQUIRE(browser.exists(".dash-notices .notice"));
  const auto top_of = [&](const std::string& selector) {
    return browser.evaluate("document.querySelector('" + selector + "').getBoundingClientRect().top").get<double>();
  };
  CHECK(top_of(".dash-notices") < top_of(".dash-key"));  // on screen, the warning first
  browser.call("Emulation.setEmulatedMedia", {{"media", "print"}});
  CHECK(top_of(".dash-key") < top_of(".dash-notices"));
  CHECK(top_of(".dash-key .cards") < top_of(".dash-notices"));
  // Nothing visible above the figures but the title, the scope and the period.
  const auto above = browser.evaluate(R"js(
    (() => {
      const key = document.querySelector('.dash-key').getBoundingClientRect().top;
      return [...document.querySelectorAll('main > *, .dash > *')]
        .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().bottom <= key)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
    })())js");
  CHECK(above == json::array({"h1", "p.subtitle", "p.print-only"}));
  browser.screenshot(screenshots() / "dashboard-print.png");
  browser.call("Emulation.setEmulatedMedia", {{"media", ""}});
}
