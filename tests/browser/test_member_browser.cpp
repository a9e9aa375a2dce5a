// « Mon espace » in a real browser (issue 18): Lucie, a teleworker, on her
// phone (390 × 844). She asks for a login link with her e-mail, opens the
// link the server sent (through a notifier script, as her mail would bring
// it), taps « Ouvrir Mon espace », books a desk every week for ten weeks
// (the days within the advance window confirmed, the later ones to be booked
// when their window opens, holidays skipped), sees it all in « Mon espace »
// and cancels one day. The same pages at 1280 × 900. Checked on the way:
// nothing wider than the screen, every choice and button a target of 44 px at
// least, no script, and the session cookie's flags.
//
// Screenshots go to <build>/screenshots/web/member/.
#include <catch2/catch.hpp>

#include <ctime>

#include "cdp_browser.hpp"
#include "demo_server.hpp"
#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using json = nlohmann::json;

namespace {

std::filesystem::path screenshots() {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web" / "member";
}

void shoot(Browser& browser, const std::string& name) {
  std::filesystem::create_directories(screenshots());
  const auto png = screenshots() / name;
  std::filesystem::remove(png);
  browser.screenshot(png);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 10'000);
}

std::string h1(Browser& browser) {
  const auto title = browser.evaluate("document.querySelector('h1')?.textContent ?? null");
  return title.is_string() ? title.get<std::string>() : std::string("(no h1)");
}

// Choices, buttons and button-links smaller than 44 × 44 CSS pixels, as "text: w×h".
json small_targets(Browser& browser) {
  return browser.evaluate(R"((() => {
    const boxes = [...document.querySelectorAll('main label.choice, main button, main a.button, main input[type=date]')];
    return boxes.map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
                .filter(([t, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
                .map(([t, r]) => t + ': ' + Math.round(r.width) + 'x' + Math.round(r.height));
  })())");
}

bool wider_than_screen(Browser& browser) {
  return browser.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1").get<bool>();
}

// Today + `days` as YYYY-MM-DD (the machine's local date; the pages use Paris time, which the CI shares or
// is within a day of: the series spans ten weeks, so a day's difference changes nothing checked).
std::string iso_in(int days) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

TEST_CASE_METHOD(NotifiedDemoServer, "Lucie logs in with a link and books a desk every week from her phone",
                 "[browser][member]") {
  run_server_command({"member", "add", "--db", db().string(), "--site", "1", "--first-name", "Lucie", "--last-name",
                      "Martin", "--email", "lucie.martin-desjardins@messagerie-exemple.fr"});
  Browser browser;
  browser.set_viewport(390, 844, true);

  // « Mon espace » without a session: its login page; a link by e-mail.
  browser.navigate(url("/moi"));
  CHECK(browser.url() == url("/moi/connexion"));
  CHECK(browser.evaluate("document.querySelectorAll('script').length") == 0);
  CHECK(browser.exists("link[rel=manifest]"));
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "connexion-phone.png");
  browser.fill("#f-contact", "lucie.martin-desjardins@messagerie-exemple.fr");
  browser.click("form[action=\"/moi/connexion\"] button[type=submit]");
  CHECK(h1(browser) == "Regardez vos messages");

  // The e-mail's link (written by the notifier), opened on the phone: one button, then « Mon espace ».
  const auto text = message(1);
  INFO(text);
  const auto at = text.find(url("/moi/lien/eml_"));
  REQUIRE(at != std::string::npos);
  const auto link = text.substr(at, url("/moi/lien/").size() + 68);
  browser.navigate(link);
  CHECK(h1(browser) == "Ouvrir Mon espace");
  shoot(browser, "lien-phone.png");
  browser.click("main form button[type=submit]");
  CHECK(browser.url() == url("/moi"));
  CHECK(h1(browser) == "Bonjour Lucie\u202F!");
  const auto session = browser.cookie("escale_membre");
  REQUIRE(session);
  CHECK(session->http_only);
  CHECK(session->same_site == "Strict");
  CHECK(small_targets(browser) == json::array());
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "moi-vide-phone.png");

  // Book: the place, a desk, the first free morning, every week for ten weeks.
  browser.click("a.button[href=\"/moi/reserver\"]");
  CHECK(h1(browser) == "Réserver");
  browser.click("a.button[href$=\"/bureau\"]");
  CHECK(h1(browser) == "Réserver un bureau");
  CHECK_THAT(browser.text(), Contains("bureaux libres"));
  CHECK(small_targets(browser) == json::array());
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "reserver-bureau-phone.png");
  browser.click("input[name=moment][value$=\"|morning\"]:not(:disabled)", false);
  browser.fill("#f-jusqu_au", iso_in(70));
  browser.click("main form button[type=submit]");
  CHECK(browser.status_of_last_navigation() == 200);
  CHECK(h1(browser) == "Vos réservations de chaque semaine");
  const auto outcome = browser.text();
  CHECK_THAT(outcome, Contains("✓ réservé"));
  CHECK_THAT(outcome, Contains("sera réservé automatiquement le"));
  CHECK(browser.evaluate("document.querySelectorAll('li.outcome').length").get<int>() >= 10);
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "serie-phone.png");

  // « Mon espace »: the days booked, the weekly booking; she cancels the first day.
  browser.click("a.button[href=\"/moi\"]");
  CHECK_THAT(browser.text(), Contains("Chaque semaine"));
  CHECK_THAT(browser.text(), Contains("Arrêter chaque semaine"));
  const auto before = browser.evaluate("document.querySelectorAll('form[action$=\"/annuler\"]').length").get<int>();
  CHECK(before >= 2);
  CHECK(small_targets(browser) == json::array());
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "moi-phone.png");
  // The narrowest phones (RGAA 10.11: 320 CSS pixels), with her long e-mail address in the message
  // choices; the skip link first in the page (12.7).
  browser.set_viewport(320, 640, true);
  browser.navigate(url("/moi"));
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "moi-320.png");
  CHECK(browser.evaluate("document.querySelector('body > a.skip')?.getAttribute('href') ?? null") == "#contenu");
  CHECK(browser.exists("main#contenu"));
  browser.set_viewport(390, 844, true);
  browser.navigate(url("/moi"));
  browser.click("form[action$=\"/annuler\"] button[type=submit]");
  CHECK_THAT(browser.text(), Contains("La réservation est annulée."));
  CHECK(browser.evaluate("document.querySelectorAll('form[action$=\"/annuler\"]').length").get<int>() == before - 1);

  // The same pages on a desktop.
  browser.set_viewport(1280, 900, false);
  browser.navigate(url("/moi"));
  CHECK_FALSE(wider_than_screen(browser));
  shoot(browser, "moi-desktop.png");
  browser.navigate(url("/moi/reserver/1/bureau"));
  shoot(browser, "reserver-bureau-desktop.png");
}
