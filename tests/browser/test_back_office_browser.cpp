// The back office in a real browser (issue 15), as an auditor would try it:
// every back-office page at 320 and 390 px (a phone) and at 1280 px.
//
//  - nothing scrolls sideways: the document is no wider than the screen, and
//    whatever scrolls inside the page is a table region that is labelled and
//    reachable by the keyboard (role="region", aria-label, tabindex="0");
//  - every control reached with the Tab key shows a focus ring (an outline of
//    2 px or more) whose colour stands out 3:1 from the background behind it
//    (WCAG 1.4.11), links, buttons, fields, selects, check boxes, <summary>
//    and table regions alike;
//  - field borders stand out 3:1 from their background.
//
// Colours are read with getComputedStyle; the ratio is WCAG's relative
// luminance ratio. The measures go to <build>/screenshots/web/back-office/
// measures.txt beside the screenshots.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cdp_browser.hpp"
#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const std::string kPassword = "un long mot de passe de test";

std::filesystem::path shots() {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web" / "back-office";
}

// The demo database, an admin and the animator of site 1, a running server.
class BackOffice {
 public:
  BackOffice() {
    run_server_command({"demo-data", "--history", "--db", db().string()});
    add_account("claire", "admin", "Claire Martin", "");
    add_account("paul", "animator", "Paul Durand", "1");
    server_ = std::make_unique<ServerProcess>(db(), dir_ / "server.log");
  }
  std::filesystem::path db() const { return dir_ / "server.db"; }
  std::string url(const std::string& path) const { return server_->url() + path; }
  int port() const { return server_->port(); }

 private:
  void add_account(const std::string& login, const std::string& role, const std::string& name,
                   const std::string& site) {
    std::vector<std::string> argv{ESCALE_SERVER_BIN, "user", "add",    "--db", db().string(), "--login", login,
                                  "--role",          role,   "--name", name};
    if (!site.empty()) argv.insert(argv.end(), {"--site", site});
    Process p(argv);
    p.write_line(kPassword);
    p.close_stdin();
    while (p.read_line(30s)) {
    }
    REQUIRE(p.wait(30s) == 0);
  }

  TempDir dir_{"escale-back-office"};
  std::unique_ptr<ServerProcess> server_;
};

void log_in(Browser& b, const BackOffice& site, const std::string& login) {
  b.navigate(site.url("/connexion"));
  if (b.exists(R"(form[action="/deconnexion"])")) {  // someone is logged in: log out first
    b.click(R"(form[action="/deconnexion"] button[type=submit])");
    b.navigate(site.url("/connexion"));
  }
  b.fill("#f-login", login);
  b.fill("#f-password", kPassword);
  b.click(R"(form[action="/connexion"] button[type=submit])");
  REQUIRE(b.url().find("/tableau-de-bord") != std::string::npos);
}

// WCAG's contrast ratio and the colour behind an element, in the page.
const std::string kColourFunctions = R"js(
const rgba = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const behind = e => { for (let n = e.parentElement; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) return c; }
  return {r: 255, g: 255, b: 255, a: 1}; };
const hex = c => '#' + [c.r, c.g, c.b].map(v => v.toString(16).padStart(2, '0')).join('');
)js";

// What overflows sideways: the document's width, and each element that scrolls sideways
// with whether it is a labelled, focusable region.
json widths(Browser& b) {
  return b.evaluate(R"js((() => {
    const scrollers = [...document.querySelectorAll('body *')].filter(e => {
      const s = getComputedStyle(e);
      return (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1;
    }).map(e => ({tag: e.tagName, region: e.getAttribute('role') === 'region',
                  label: e.getAttribute('aria-label') || '', focusable: e.tabIndex >= 0}));
    // Anything poking out of the screen that is not inside a scroller.
    const out = [...document.querySelectorAll('body *')].filter(e => {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.right <= innerWidth + 1) return false;
      for (let n = e.parentElement; n; n = n.parentElement) {
        const s = getComputedStyle(n); if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') return false; }
      return true; }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
    return {scroll: document.documentElement.scrollWidth, viewport: innerWidth, scrollers, out};
  })())js");
}

// Field borders: each visible text-like input and select, its border against what is behind it.
json borders(Browser& b) {
  return b.evaluate("(() => {" + kColourFunctions + R"js(
    return [...document.querySelectorAll('input, select, textarea')].filter(e => {
      const t = e.type; return e.offsetParent && t !== 'hidden' && t !== 'checkbox' && t !== 'radio' && t !== 'submit'; })
      .map(e => { const s = getComputedStyle(e); const c = rgba(s.borderTopColor), bg = behind(e);
        return {id: e.id, width: parseFloat(s.borderTopWidth), colour: hex(c), background: hex(bg), ratio: ratio(c, bg)}; });
  })())js");
}

// Presses Tab up to `presses` times; for each new element focused: its kind, its outline, the ratio
// of the outline's colour to what is behind it.
json tab_through(Browser& b, int presses) {
  b.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
  json seen = json::array();
  std::set<std::string> paths;
  for (int i = 0; i < presses; ++i) {
    for (const char* type : {"keyDown", "keyUp"}) {
      b.call(
          "Input.dispatchKeyEvent",
          {{"type", type}, {"key", "Tab"}, {"code", "Tab"}, {"windowsVirtualKeyCode", 9}, {"nativeVirtualKeyCode", 9}});
    }
    const auto f = b.evaluate("(() => {" + kColourFunctions + R"js(
      const e = document.activeElement; if (!e || e === document.body) return null;
      const s = getComputedStyle(e); const c = rgba(s.outlineColor);
      let path = ''; for (let n = e; n && n !== document.body; n = n.parentElement)
        path = n.tagName + ':' + [...(n.parentElement ? n.parentElement.children : [])].indexOf(n) + '/' + path;
      const kind = e.tagName.toLowerCase() + (e.tagName === 'INPUT' ? '[' + e.type + ']' : '') +
                   (e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : '');
      return {path, kind, name: (e.getAttribute('aria-label') || e.textContent || e.name || '').trim().slice(0, 40),
              style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset),
              colour: c ? hex(c) : '', background: hex(behind(e)), ratio: c ? ratio(c, behind(e)) : 0,
              visible: e.matches(':focus-visible')};
    })())js");
    if (f.is_null()) continue;
    if (!seen.empty() && f["path"] == seen.front()["path"]) break;  // round the page: every control seen
    if (!paths.insert(f["path"].get<std::string>()).second) continue;
    seen.push_back(f);
  }
  return seen;
}

struct Measures {
  explicit Measures(const std::string& file = "measures.txt", bool checking = true)
      : out([&] {
          std::filesystem::create_directories(shots());
          return shots() / file;
        }()),
        strict(checking) {}
  std::ofstream out;
  bool strict = true;  // false: only measure (to compare with another build of the server)
  double min_border = 99, min_ring = 99;
  int widest = 0;  // the widest document at 320 px
  std::set<std::string> kinds;
};

// Loads `path` and checks it at 320, 390 and 1280 px; tabs through it at 1280 px.
void check_page(Browser& b, const BackOffice& site, const std::string& path, const std::string& name, Measures& m) {
  b.navigate(site.url(path));
  INFO(path << " (" << name << ")");
  REQUIRE(b.status_of_last_navigation() < 500);
  for (const auto& [width, height, mobile] : {std::tuple{320, 640, true}, {390, 844, true}, {1280, 900, false}}) {
    INFO("at " << width << " px");
    b.set_viewport(width, height, mobile);
    b.reload();
    const auto w = widths(b);
    m.out << name << " @" << width << ": document " << w["scroll"] << " px for " << w["viewport"] << " px";
    if (width == 320) m.widest = std::max(m.widest, w["scroll"].get<int>());
    if (m.strict) {
      // Against the screen's width: a phone's browser widens its layout viewport to a page
      // wider than the screen (and zooms out), so innerWidth alone would hide the overflow.
      CHECK(w["scroll"].get<int>() <= width);
      CHECK(w["viewport"].get<int>() == width);
      CHECK(w["out"].empty());
    }
    for (const auto& s : w["scrollers"]) {
      INFO("a " << s["tag"] << " scrolls sideways: " << s.dump());
      if (m.strict) {
        CHECK(s["region"] == true);
        CHECK(s["focusable"] == true);
        CHECK_FALSE(s["label"].get<std::string>().empty());
      }
      m.out << "; scrolls inside « " << s["label"].get<std::string>() << " »";
    }
    m.out << "\n";
    for (const auto& f : borders(b)) {
      INFO("border of #" << f["id"] << ": " << f.dump());
      if (m.strict) {
        CHECK(f["ratio"].get<double>() >= 3.0);
        CHECK(f["width"].get<double>() >= 1.0);
      }
      m.min_border = std::min(m.min_border, f["ratio"].get<double>());
    }
    b.screenshot(shots() / (name + "-" + std::to_string(width) + ".png"));
  }
  // By keyboard, at desktop width: a visible ring on everything the Tab key reaches.
  const auto focused = tab_through(b, 250);
  if (m.strict) CHECK(focused.size() > 3);
  for (const auto& f : focused) {
    INFO("focused " << f.dump());
    if (m.strict) {
      CHECK(f["visible"] == true);
      CHECK(f["style"] != "none");
      CHECK(f["width"].get<double>() >= 2.0);
      CHECK(f["ratio"].get<double>() >= 3.0);
    }
    m.kinds.insert(f["kind"].get<std::string>());
    m.min_ring = std::min(m.min_ring, f["ratio"].get<double>());
  }
  m.out << name << ": " << focused.size() << " controls by Tab\n";
}

}  // namespace

TEST_CASE_METHOD(BackOffice, "every back-office page fits a phone, shows its focus, and its borders stand out",
                 "[browser][back-office][a11y]") {
  Browser browser;
  browser.call("Emulation.setFocusEmulationEnabled", {{"enabled", true}});
  Measures m;
  log_in(browser, *this, "paul");

  // A booking made through the new form, two weeks ahead on a Tuesday afternoon.
  browser.navigate(url("/lieux/1/reservations/nouvelle"));
  const auto date = browser
                        .evaluate(R"js((() => {
      const d = new Date(); d.setDate(d.getDate() + 14); while (d.getDay() !== 2) d.setDate(d.getDate() + 1);
      return d.toISOString().slice(0, 10); })())js")
                        .get<std::string>();
  browser.evaluate(
      "document.querySelector('#f-member').selectedIndex = document.querySelector('#f-member').options.length - 1");
  browser.evaluate("document.querySelector('#f-resource').selectedIndex = 1");
  browser.fill("#f-date", date);
  browser.fill("#f-start", "16:00");
  browser.fill("#f-end", "17:00");
  browser.click("main form button[type=submit]");
  {
    INFO(browser.text());
    REQUIRE(browser.status_of_last_navigation() == 200);
    CHECK_THAT(browser.text(), Contains("La réservation est enregistrée."));
  }
  const auto cancel = browser.evaluate("document.querySelector('a[href*=\"/annuler\"]')?.getAttribute('href')");
  const auto move = browser.evaluate("document.querySelector('a[href*=\"/deplacer\"]')?.getAttribute('href')");
  REQUIRE(cancel.is_string());
  REQUIRE(move.is_string());
  // Each « Annuler » is named in full for a screen reader.
  const auto names =
      browser.evaluate("[...document.querySelectorAll('a[href*=\"/annuler\"]')].map(a => a.textContent)");
  for (const auto& n : names) CHECK_THAT(n.get<std::string>(), Contains("Annuler la réservation d"));

  check_page(browser, *this, "/lieux/1/reservations?semaine=" + date, "reservations", m);
  check_page(browser, *this, cancel.get<std::string>(), "reservation-annuler", m);
  check_page(browser, *this, move.get<std::string>(), "reservation-deplacer", m);
  check_page(browser, *this, "/lieux/1/reservations/nouvelle", "reservation-nouvelle", m);
  check_page(browser, *this, "/lieux/1/agenda", "agenda", m);
  check_page(browser, *this, "/lieux/1/agenda/rendez-vous", "rendez-vous-nouveau", m);
  check_page(browser, *this, "/lieux/1/adherents", "adherents", m);
  check_page(browser, *this, "/lieux/1/adherents/nouveau", "adherent-nouveau", m);
  check_page(browser, *this, "/lieux/1", "lieu", m);
  // The APTIC cheques of this month (issue 19): the demo's accompaniments and the fields for their numbers.
  const auto month = browser.evaluate("new Date().toISOString().slice(0, 7)").get<std::string>();
  check_page(browser, *this, "/lieux/1/cheques?mois=" + month, "cheques", m);

  // The site's page: open the OSM details with the keyboard-reachable <summary>.
  browser.navigate(url("/lieux/1"));
  CHECK(browser.exists("#f-h-mo-from1"));
  CHECK(browser.exists("details.expert summary"));

  // A member's page and the erasure page after a mistake (the form stays, the box is marked).
  browser.navigate(url("/lieux/1/adherents"));
  const auto first_member =
      browser.evaluate("document.querySelector('main table a[href^=\"/adherents/\"]').getAttribute('href')")
          .get<std::string>();
  check_page(browser, *this, first_member, "adherent", m);
  browser.navigate(url(first_member + "/effacer"));
  browser.evaluate("document.querySelector('#f-confirm').removeAttribute('required')");
  browser.click("main form button[type=submit]");
  CHECK(browser.status_of_last_navigation() == 422);
  CHECK(browser.exists("#f-confirm[aria-invalid=true]"));
  CHECK(browser.exists("#f-confirm-error"));
  browser.screenshot(shots() / "effacer-erreur-1280.png");

  // A form with a mistake, in the browser: the hours form, Tuesday closing before it opens.
  browser.navigate(url("/lieux/1"));
  browser.fill("#f-h-tu-to1", "07:00");
  browser.click("main form button[type=submit]");
  CHECK(browser.status_of_last_navigation() == 422);
  CHECK(browser.exists("#f-h-tu-to1[aria-invalid=true]"));
  CHECK(browser.evaluate("document.querySelector('#f-h-tu-to1').getAttribute('aria-describedby')") ==
        "f-h-tu-to1-error");
  CHECK_THAT(browser.evaluate("document.querySelector('#f-h-tu-to1-error').textContent").get<std::string>(),
             Contains("Mardi"));
  browser.screenshot(shots() / "lieu-erreur-1280.png");
  browser.set_viewport(390, 844, true);
  browser.screenshot(shots() / "lieu-erreur-390.png");
  browser.set_viewport(1280, 900, false);

  // The admin's list of sites, the network's members and settings, a member's sites and roles.
  log_in(browser, *this, "claire");
  check_page(browser, *this, "/lieux", "lieux", m);
  check_page(browser, *this, "/adherents", "reseau-adherents", m);
  check_page(browser, *this, "/reseau", "reseau", m);
  check_page(browser, *this, first_member, "adherent-reseau", m);
  CHECK(browser.exists("#lieux"));
  CHECK(browser.exists("#f-site"));  // the form to give a role at another site
  // The network's settings with a mistake: the SIREN marked, what was typed kept.
  browser.navigate(url("/reseau"));
  browser.fill("#f-name", "Communauté de communes du Montbardois");
  browser.fill("#f-siren", "123456789");
  browser.click("main form button[type=submit]");
  CHECK(browser.status_of_last_navigation() == 422);
  CHECK(browser.exists("#f-siren[aria-invalid=true]"));
  CHECK(browser.evaluate("document.querySelector('#f-siren').value") == "123456789");
  browser.screenshot(shots() / "reseau-erreur-1280.png");
  browser.set_viewport(390, 844, true);
  browser.screenshot(shots() / "reseau-erreur-390.png");
  browser.set_viewport(1280, 900, false);

  // A member of another site badges at site 1 (through a kiosk of site 1): site 1's animator
  // lists them under « Venus d’autres lieux du réseau » and opens their page, read-only.
  browser.navigate(url("/adherents"));
  const auto visitor = browser.evaluate(R"js((() => {
      const row = [...document.querySelectorAll('main tbody tr')].find(r =>
        r.cells[1] && !r.cells[1].textContent.includes('démonstration'));
      return row ? row.querySelector('a').getAttribute('href') : null; })())js");
  REQUIRE(visitor.is_string());
  const auto when = browser.evaluate("new Date(Date.now() - 3600e3).toISOString()").get<std::string>();
  const auto kiosk_out =
      run_server_command({"kiosk", "add", "--db", db().string(), "--site", "1", "--name", "accueil", "--print-token"});
  std::smatch token;
  REQUIRE(std::regex_search(kiosk_out, token, std::regex("esk_[0-9a-f]{64}")));
  const auto member_id = visitor.get<std::string>().substr(std::string("/adherents/").size());
  run_server_command({"badge", "add", "--db", db().string(), "--member", member_id, "--uid", "04C0FFEE"});
  const json push = {{"protocol", 2},
                     {"kiosk_version", "0.1.0"},
                     {"cursor", 0},
                     {"events",
                      {{{"id", "1b4e28ba-2fa1-41d2-883f-0016d3cca427"},
                        {"type", "check_in"},
                        {"at", when},
                        {"visit_id", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"},
                        {"badge_uid", "04C0FFEE"},
                        {"member_id", std::stoll(member_id)}}}}};
  const auto pushed = http_request(port(), "POST", "/api/v1/sync", push.dump(), token.str());
  INFO(pushed.body);
  REQUIRE(pushed.status == 200);
  CHECK_THAT(pushed.body, Contains("stored"));
  log_in(browser, *this, "paul");
  browser.navigate(url("/lieux/1/adherents"));
  CHECK(browser.evaluate("document.querySelector('#reseau + * a[href=\"" + visitor.get<std::string>() +
                         "\"]') !== null") == true);
  check_page(browser, *this, visitor.get<std::string>(), "adherent-autre-lieu", m);
  CHECK_FALSE(browser.exists("#f-first_name"));  // no details form: they are the home site's
  CHECK(browser.exists("#lieux"));

  // Every kind of control was reached by the keyboard and showed its ring.
  for (const char* kind : {"a", "button", "input[text]", "select", "input[checkbox]", "summary", "input[time]",
                           "input[date]", "div[role=region]"}) {
    INFO("no " << kind << " reached by Tab");
    CHECK(m.kinds.count(kind) == 1);
  }
  m.out << "widest document at 320 px: " << m.widest << " px\n";
  m.out << "lowest field border contrast: " << m.min_border << ":1\n";
  m.out << "lowest focus ring contrast: " << m.min_ring << ":1\n";
  m.out << "kinds of controls focused:";
  for (const auto& k : m.kinds) m.out << " " << k;
  m.out << "\n";
  WARN("field borders ≥ " << m.min_border << ":1, focus rings ≥ " << m.min_ring << ":1");
}

// Measures only, no checks: the pages that existed before issue 15, to compare
// builds (run it against an older escale-server to get the « before » figures).
TEST_CASE_METHOD(BackOffice, "measure the back office's widths and contrasts", "[.][measure]") {
  Browser browser;
  browser.call("Emulation.setFocusEmulationEnabled", {{"enabled", true}});
  Measures m("measures-pages-before-issue-15.txt", false);
  log_in(browser, *this, "paul");
  for (const auto& [path, name] :
       std::vector<std::pair<std::string, std::string>>{{"/lieux/1/reservations", "m-reservations"},
                                                        {"/lieux/1/agenda", "m-agenda"},
                                                        {"/lieux/1/adherents", "m-adherents"},
                                                        {"/lieux/1/adherents/nouveau", "m-adherent-nouveau"},
                                                        {"/lieux/1", "m-lieu"}}) {
    check_page(browser, *this, path, name, m);
  }
  m.out << "widest document at 320 px: " << m.widest << " px\n";
  m.out << "lowest field border contrast: " << m.min_border << ":1\n";
  m.out << "lowest focus ring contrast: " << m.min_ring << ":1\n";
  WARN("widest at 320 px: " << m.widest << " px; field borders ≥ " << m.min_border << ":1, focus rings ≥ " << m.min_ring
                            << ":1");
}
