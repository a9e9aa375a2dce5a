// escale-server's web pages in a real browser: Debian's headless Chromium,
// driven over the DevTools protocol (cdp_browser.hpp). Each test case gets
// the demo database (with its generated history), three web accounts (admin, animator of site 1,
// reporting) and its own server; one Chromium per test case.
//
// What is checked: logging in through the real form, each role's dashboard
// and menu, the session cookie's flags, a wrong password, that the reporting
// role never sees a member's name (pages and downloads), the CSRF refusal,
// and logging out (the back button, an old session cookie). Not the
// dashboard's figures: tests/server covers the engine.
//
// Screenshots go to <build>/screenshots/web/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "cdp_browser.hpp"
#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using json = nlohmann::json;

namespace {

const std::string kPassword = "un long mot de passe de test";

struct Account {
  std::string login;
  std::string role;
  std::string name;
  std::string site;  // animators only
};

const Account kAdmin{"claire", "admin", "Claire Martin", ""};
const Account kAnimator{"paul", "animator", "Paul Durand", "1"};
const Account kReporting{"ccom", "reporting", "Communauté de communes", ""};

const std::string kLoginButton = R"(form[action="/connexion"] button[type=submit])";
const std::string kLogoutForm = R"(form[action="/deconnexion"])";
const std::string kLogoutButton = kLogoutForm + " button[type=submit]";

std::filesystem::path screenshots() {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web";
}

// The demo database, the three accounts and a running server.
class WebSite {
 public:
  WebSite() {
    run_server_command({"demo-data", "--history", "--db", db().string()});
    for (const auto& account : {kAdmin, kAnimator, kReporting}) add_account(account);
    server_ = std::make_unique<ServerProcess>(db(), dir_ / "server.log");
  }

  std::filesystem::path db() const { return dir_ / "server.db"; }
  std::string url(const std::string& path) const { return server_->url() + path; }

  // The first and last names of every member of the database.
  std::vector<std::string> member_names() const {
    std::vector<std::string> names;
    std::istringstream lines(run_server_command({"member", "list", "--db", db().string()}));
    for (std::string line; std::getline(lines, line);) {
      // id, first name, last name, site, roles (tab-separated)
      std::vector<std::string> fields;
      std::istringstream cells(line);
      for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
      if (fields.size() < 3) continue;
      names.push_back(fields[1]);
      names.push_back(fields[2]);
    }
    return names;
  }

 private:
  void add_account(const Account& a) {
    std::vector<std::string> argv{ESCALE_SERVER_BIN, "user",   "add",  "--db",   db().string(), "--login",
                                  a.login,           "--role", a.role, "--name", a.name};
    if (!a.site.empty()) argv.insert(argv.end(), {"--site", a.site});
    Process p(argv);
    p.write_line(kPassword);  // the first line of stdin, as scripts give it
    p.close_stdin();
    while (p.read_line(30s)) {
    }
    REQUIRE(p.wait(30s) == 0);
  }

  TempDir dir_{"escale-browser"};
  std::unique_ptr<ServerProcess> server_;
};

// Through the login form, as a person would.
void log_in(Browser& browser, const WebSite& site, const std::string& login, const std::string& password) {
  if (browser.url().find(site.url("/connexion")) != 0) browser.navigate(site.url("/connexion"));
  REQUIRE(browser.evaluate("document.querySelector('" + kLoginButton + "').textContent") == "Se connecter");
  browser.fill("#f-login", login);
  browser.fill("#f-password", password);
  browser.click(kLoginButton);
}

std::string h1(Browser& browser) {
  const auto title = browser.evaluate("document.querySelector('h1')?.textContent ?? null");
  return title.is_string() ? title.get<std::string>() : std::string("(no h1)");
}

bool is_letter_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// `name` as a whole word of `text` (a letter before or after makes another word).
bool contains_word(const std::string& text, const std::string& name) {
  for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const bool before = at > 0 && is_letter_byte(static_cast<unsigned char>(text[at - 1]));
    const auto end = at + name.size();
    const bool after = end < text.size() && is_letter_byte(static_cast<unsigned char>(text[end]));
    if (!before && !after) return true;
  }
  return false;
}

void check_no_name(const std::string& what, const std::string& text, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    INFO(what << " shows the member name « " << name << " »");
    CHECK_FALSE(contains_word(text, name));
  }
}

}  // namespace

TEST_CASE_METHOD(WebSite, "each role logs in through the form and lands on its dashboard", "[browser]") {
  Browser browser;
  struct Case {
    Account account;
    std::vector<std::string> menu;
    std::string screenshot;
    int width, height;
    bool mobile;
  };
  const std::vector<Case> cases{
      {kAdmin, {"Tableau de bord", "Lieux", "Adhérents", "Réseau"}, "dashboard-admin-desktop.png", 1280, 900, false},
      {kAnimator,
       {"Tableau de bord", "Adhérents", "Réservations", "Agenda de médiation", "Lieu et ressources"},
       "dashboard-animator-desktop.png",
       1280,
       900,
       false},
      {kReporting, {"Tableau de bord"}, "dashboard-reporting-phone.png", 390, 844, true},
  };
  for (const auto& c : cases) {
    INFO("role " << c.account.role);
    browser.set_viewport(c.width, c.height, c.mobile);
    // The dashboard sends a stranger to the login page, and back after it.
    CHECK_THAT(browser.navigate(url("/tableau-de-bord")), StartsWith(url("/connexion?suite=/tableau-de-bord")));
    CHECK(h1(browser) == "Connexion");
    if (c.mobile) browser.screenshot(screenshots() / "login-phone.png");

    log_in(browser, *this, c.account.login, kPassword);
    CHECK(browser.url() == url("/tableau-de-bord"));
    CHECK(browser.status_of_last_navigation() == 200);
    CHECK(h1(browser) == "Tableau de bord");
    CHECK_THAT(browser.evaluate("document.querySelector('header .who').textContent").get<std::string>(),
               Contains(c.account.name));
    CHECK(browser.evaluate("[...document.querySelectorAll('header nav a')].map(a => a.textContent)") == json(c.menu));
    CHECK(browser.exists("form.filters select[name=annee]"));  // and the quarter and month chips
    CHECK_THAT(browser.text(), Contains("Fréquentation"));

    const auto png = screenshots() / c.screenshot;
    std::filesystem::remove(png);
    browser.screenshot(png);
    REQUIRE(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 20'000);  // a rendered page, not a blank one

    if (c.account.role == "admin") {
      browser.navigate(url("/lieux/1/adherents"));
      CHECK(browser.status_of_last_navigation() == 200);
      browser.navigate(url("/tableau-de-bord"));
    }

    browser.click(kLogoutButton);
    CHECK(browser.url() == url("/connexion?sortie=1"));
    CHECK_THAT(browser.text(), Contains("Vous êtes déconnecté·e."));
    CHECK_FALSE(browser.cookie("escale_session"));
  }
}

TEST_CASE_METHOD(WebSite, "the session cookie is HttpOnly and SameSite=Strict", "[browser]") {
  Browser browser;
  browser.navigate(url("/connexion"));
  // The login form's own double-submit cookie has the same flags.
  const auto login_cookie = browser.cookie("escale_login");
  REQUIRE(login_cookie);
  CHECK(login_cookie->http_only);
  CHECK(login_cookie->same_site == "Strict");

  log_in(browser, *this, kAdmin.login, kPassword);
  REQUIRE(browser.url() == url("/tableau-de-bord"));
  const auto session = browser.cookie("escale_session");
  REQUIRE(session);
  CHECK(session->http_only);
  CHECK(session->same_site == "Strict");
  CHECK_FALSE(session->secure);  // plain HTTP here; Secure is for servers behind TLS
  CHECK(session->value.size() >= 32);
  // HttpOnly: the page's scripts cannot read it.
  CHECK_THAT(browser.evaluate("document.cookie").get<std::string>(), !Contains("escale_session"));
  CHECK_FALSE(browser.cookie("escale_login"));  // spent at login
}

TEST_CASE_METHOD(WebSite, "a wrong password is refused", "[browser]") {
  Browser browser;
  log_in(browser, *this, kAdmin.login, "pas le bon mot de passe");
  CHECK(browser.url() == url("/connexion"));
  CHECK(browser.status_of_last_navigation() == 401);
  CHECK(h1(browser) == "Connexion");
  CHECK_THAT(browser.text(), Contains("Identifiant ou mot de passe incorrect"));
  CHECK(browser.evaluate("document.querySelector('#f-login').value") == kAdmin.login);  // kept, to try again
  CHECK(browser.evaluate("document.querySelector('#f-password').value") == "");
  CHECK_FALSE(browser.cookie("escale_session"));
  browser.screenshot(screenshots() / "login-refused-desktop.png");

  CHECK_THAT(browser.navigate(url("/tableau-de-bord")), StartsWith(url("/connexion?")));

  // The form of the refusal works: the right password now gets in.
  log_in(browser, *this, kAdmin.login, kPassword);
  CHECK(browser.url() == url("/tableau-de-bord"));
}

TEST_CASE_METHOD(WebSite, "the reporting role sees no member's name, and no back office", "[browser]") {
  const auto names = member_names();
  REQUIRE(names.size() >= 26);  // the demo's 13 members
  REQUIRE(contains_word("Bonjour Marie !", "Marie"));
  REQUIRE_FALSE(contains_word("Mariette", "Marie"));

  Browser browser;
  log_in(browser, *this, kReporting.login, kPassword);
  REQUIRE(browser.url() == url("/tableau-de-bord"));
  check_no_name("the dashboard's text", browser.text(), names);
  check_no_name("the dashboard's HTML", browser.html(), names);

  // Every download the page offers (each table's CSV, the whole JSON).
  const auto links = browser.evaluate(
      "[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
      ".filter(h => h.startsWith('/tableau-de-bord') && (h.includes('.csv') || h.includes('.json')))");
  REQUIRE(links.size() >= 2);
  CHECK(std::any_of(links.begin(), links.end(),
                    [](const json& l) { return l.get<std::string>().rfind("/tableau-de-bord.json", 0) == 0; }));

  // The pages' Content-Security-Policy forbids fetch()…
  CHECK_THROWS_WITH(browser.evaluate("fetch('/tableau-de-bord.json').then(r => r.status)"),
                    Contains("Failed to fetch"));
  // … so the test's own scripts bypass it, from the same page and with its cookie.
  browser.bypass_csp(true);
  browser.reload();
  for (const auto& link : links) {
    const auto href = link.get<std::string>();
    INFO("download " << href);
    const auto reply = browser.evaluate("fetch(" + link.dump() +
                                        ").then(async r => ({status: r.status, type: r.headers.get('content-type'),"
                                        " body: await r.text()}))");
    CHECK(reply["status"] == 200);
    const auto body = reply["body"].get<std::string>();
    CHECK_FALSE(body.empty());
    if (href.rfind("/tableau-de-bord.json", 0) == 0) {
      CHECK_THAT(reply["type"].get<std::string>(), StartsWith("application/json"));
      CHECK_NOTHROW(json::parse(body));
    } else {
      CHECK_THAT(reply["type"].get<std::string>(), StartsWith("text/csv"));
    }
    check_no_name(href, body, names);
  }

  // The back office is not for this role.
  for (const auto* path : {"/lieux/1/adherents", "/lieux", "/lieux/1", "/adherents/1"}) {
    INFO(path);
    browser.navigate(url(path));
    CHECK(browser.status_of_last_navigation() == 403);
    CHECK(h1(browser) == "Accès réservé");
    check_no_name(path, browser.text(), names);
  }
}

TEST_CASE_METHOD(WebSite, "a form with a wrong CSRF token is refused, the session lives on", "[browser]") {
  Browser browser;
  log_in(browser, *this, kAdmin.login, kPassword);
  REQUIRE(browser.url() == url("/tableau-de-bord"));
  const std::string field = kLogoutForm + " input[name=csrf]";
  const auto token = browser.evaluate("document.querySelector('" + field + "').value").get<std::string>();
  REQUIRE(token.size() >= 16);

  browser.evaluate("document.querySelector('" + field + "').value = 'x" + token.substr(1) + "'");
  browser.submit_form(kLogoutForm);
  CHECK(browser.url() == url("/deconnexion"));
  CHECK(browser.status_of_last_navigation() == 403);
  CHECK(h1(browser) == "Formulaire refusé");
  CHECK(browser.cookie("escale_session"));
  browser.screenshot(screenshots() / "csrf-refused-desktop.png");

  // Without the field at all.
  browser.navigate(url("/tableau-de-bord"));
  browser.evaluate("document.querySelector('" + field + "').remove()");
  browser.submit_form(kLogoutForm);
  CHECK(browser.status_of_last_navigation() == 403);
  CHECK(h1(browser) == "Formulaire refusé");

  // The session still works.
  CHECK(browser.navigate(url("/tableau-de-bord")) == url("/tableau-de-bord"));
  CHECK(browser.status_of_last_navigation() == 200);
  CHECK(h1(browser) == "Tableau de bord");

  // The real form logs out.
  browser.click(kLogoutButton);
  CHECK(browser.url() == url("/connexion?sortie=1"));
  CHECK_FALSE(browser.cookie("escale_session"));
  CHECK(browser.navigate(url("/tableau-de-bord")) == url("/connexion?suite=/tableau-de-bord"));
}

TEST_CASE_METHOD(WebSite, "after logging out, the dashboard and the old session cookie lead to the login page",
                 "[browser]") {
  Browser browser;
  log_in(browser, *this, kAdmin.login, kPassword);
  REQUIRE(browser.url() == url("/tableau-de-bord"));
  const auto session = browser.cookie("escale_session");
  REQUIRE(session);

  browser.click(kLogoutButton);
  REQUIRE(browser.url() == url("/connexion?sortie=1"));

  // Back, then reload (what a copy kept by the back/forward cache gets too):
  // the login page.
  browser.go_back();
  browser.reload();
  CHECK(browser.url() == url("/connexion?suite=/tableau-de-bord"));
  CHECK(h1(browser) == "Connexion");
  CHECK(browser.text().find(kAdmin.name) == std::string::npos);

  CHECK(browser.navigate(url("/tableau-de-bord")) == url("/connexion?suite=/tableau-de-bord"));
  CHECK(h1(browser) == "Connexion");

  // The old session cookie, put back by hand: the server has closed that session.
  REQUIRE(browser
              .call("Network.setCookie", {{"name", "escale_session"},
                                          {"value", session->value},
                                          {"url", url("/")},
                                          {"httpOnly", true},
                                          {"sameSite", "Strict"}})
              .value("success", true));
  CHECK(browser.navigate(url("/tableau-de-bord")) == url("/connexion?suite=/tableau-de-bord&expiree=1"));
  CHECK_THAT(browser.text(), Contains("Votre session a pris fin"));
}

// Chromium keeps pages sent with Cache-Control: no-store in its back/forward
// cache and drops them only when a cookie changes *while* they are cached; the
// logout's own cookie change comes too early. The page after logout loads
// /assets/fin-de-session.css, whose answer changes a cookie once the dashboard
// is cached, so « Back » shows the login page, not the previous person's page.
TEST_CASE_METHOD(WebSite, "after logging out, the back button does not show the dashboard", "[browser]") {
  Browser browser;
  log_in(browser, *this, kAdmin.login, kPassword);
  REQUIRE(browser.url() == url("/tableau-de-bord"));
  browser.click(kLogoutButton);
  REQUIRE(browser.url() == url("/connexion?sortie=1"));

  const auto back = browser.go_back();
  INFO("restored from the back/forward cache: " << browser.restored_from_cache());
  CHECK_THAT(back, StartsWith(url("/connexion")));
  CHECK(h1(browser) == "Connexion");
  CHECK(browser.text().find(kAdmin.name) == std::string::npos);
}

// The back office as an animator uses it: the members list, a new member
// through the form (a mistake first), a badge, the week's bookings and the
// agenda; on a desktop and on a phone. Screenshots of each page.
TEST_CASE_METHOD(WebSite, "an animator adds a member and gives a badge from the browser", "[browser][back-office]") {
  Browser browser;
  log_in(browser, *this, kAnimator.login, kPassword);
  REQUIRE(browser.url() == url("/tableau-de-bord"));
  browser.click(R"(header nav a[href="/lieux/1/adherents"])");
  CHECK(h1(browser) == "Adhérents");
  CHECK_THAT(browser.text(), Contains("Dupont Marie"));
  browser.screenshot(screenshots() / "members-animator-desktop.png");

  browser.click(R"(a[href="/lieux/1/adherents/nouveau"])");
  CHECK(h1(browser) == "Nouvel adhérent");
  browser.fill("#f-first_name", "Élodie");
  browser.fill("#f-last_name", "Lefèvre");
  // A postal code instead of an INSEE code: the browser's own pattern check
  // would stop it, so the test sends the form the way an old browser would.
  browser.evaluate("document.querySelector('#f-home_commune').removeAttribute('pattern')");
  browser.fill("#f-home_commune", "2150x");
  browser.evaluate("document.querySelector('#f-age_bracket').value = '18_35'");
  browser.click("main form button[type=submit]");
  CHECK(browser.status_of_last_navigation() == 422);
  CHECK_THAT(browser.text(), Contains("INSEE"));
  CHECK(browser.evaluate("document.querySelector('#f-first_name').value") == "Élodie");  // kept
  browser.screenshot(screenshots() / "member-new-error-desktop.png");

  browser.fill("#f-home_commune", "21425");
  browser.click("main form button[type=submit]");
  CHECK(browser.status_of_last_navigation() == 200);
  CHECK(h1(browser) == "Élodie Lefèvre");
  CHECK_THAT(browser.text(), Contains("L’adhérent est enregistré."));

  browser.fill("#f-uid", "04 c0 ff ee");
  browser.click(R"(form[action$="/badges"] button[type=submit])");
  CHECK_THAT(browser.text(), Contains("Le badge est attribué"));
  CHECK_THAT(browser.text(), Contains("04C0FFEE"));
  browser.set_viewport(390, 844, true);
  browser.screenshot(screenshots() / "member-phone.png");
  // On a phone the page is as wide as the screen: nothing to scroll sideways.
  CHECK(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1") == true);
  browser.set_viewport(1280, 900, false);

  browser.navigate(url("/lieux/1/reservations"));
  CHECK(h1(browser) == "Réservations de la semaine");
  browser.screenshot(screenshots() / "bookings-week-desktop.png");
  browser.navigate(url("/lieux/1/agenda"));
  CHECK(h1(browser) == "Agenda de médiation");
  CHECK_THAT(browser.text(), Contains("Nadia Benali"));
  browser.screenshot(screenshots() / "agenda-week-desktop.png");
  browser.navigate(url("/lieux/1"));
  CHECK_THAT(browser.text(), Contains("Ce que lisent les bornes"));
  browser.screenshot(screenshots() / "site-settings-desktop.png");
}

// The dashboard prints as a report: no navigation, no forms, no download links.
TEST_CASE_METHOD(WebSite, "the dashboard's print view", "[browser][print]") {
  Browser browser;
  log_in(browser, *this, kReporting.login, kPassword);
  REQUIRE(h1(browser) == "Tableau de bord");
  browser.call("Emulation.setEmulatedMedia", {{"media", "print"}});
  const auto hidden = [&](const std::string& selector) {
    return browser.evaluate("[...document.querySelectorAll('" + selector +
                            "')].every(e => getComputedStyle(e).display === 'none')") == true;
  };
  CHECK(hidden("header.top"));
  CHECK(hidden("form.filters"));
  CHECK(hidden(".downloads"));
  CHECK(browser.evaluate("getComputedStyle(document.querySelector('.print-only')).display") == "block");
  browser.set_viewport(794, 1123, false);  // A4 at 96 dpi
  browser.screenshot(screenshots() / "dashboard-print.png");
  // And Chromium makes a PDF of it (what « Enregistrer au format PDF » does).
  const auto pdf = browser.call("Page.printToPDF", {{"paperWidth", 8.27}, {"paperHeight", 11.69}});
  REQUIRE(pdf.contains("data"));
  CHECK(pdf["data"].get<std::string>().size() > 10'000);
}
