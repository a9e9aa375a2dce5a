// The network's public pages in a real browser (issue 18): a visitor with no
// account, on a phone (390 × 844) and on a desktop (1280 × 900), looks at the
// places, opens Montbard, sends the help booking form empty (the mistakes come
// back next to their fields), then books: a topic, a time, a first name and a
// mobile number; the confirmation page follows. Checked on the way: every
// control of the form is a target of 44 px at least, nothing is wider than
// the screen, no pictogram is read out (aria-hidden), and the page needs no
// script. Then, on the phone, the SMS's link (written by the message job
// through a notifier script): move the appointment to another time, then
// cancel it; the link again says it is cancelled. The demo database (site 1
// offers help appointments on Tuesday afternoons and Thursday mornings).
//
// Screenshots go to <build>/screenshots/web/public/.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <thread>

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
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web" / "public";
}

// The demo server with a notifier script (demo_server.hpp); the SMS's link.
class DemoServer : public NotifiedDemoServer {
 public:
  // The path of the link (/rdv/…) in the `n`th SMS the server sent.
  std::string sms_link(std::size_t n) {
    const auto text = message(n);
    INFO(text);
    CHECK_THAT(text, StartsWith("Tiers-lieu de démonstration : votre rendez-vous d'aide numérique est le "));
    const auto at = text.find("/rdv/");
    REQUIRE(at != std::string::npos);
    return text.substr(at, std::string_view("/rdv/rdv_").size() + 64);
  }
};

std::string h1(Browser& browser) {
  const auto title = browser.evaluate("document.querySelector('h1')?.textContent ?? null");
  return title.is_string() ? title.get<std::string>() : std::string("(no h1)");
}

void shoot(Browser& browser, const std::string& name) {
  std::filesystem::create_directories(screenshots());
  const auto png = screenshots() / name;
  std::filesystem::remove(png);
  browser.screenshot(png);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 10'000);
}

// Controls smaller than 44 × 44 CSS pixels (their visible box: a radio's styled span), as "what: w×h".
json small_targets(Browser& browser) {
  return browser.evaluate(R"((() => {
    const boxes = [...document.querySelectorAll(
        'form.booking label.topic > span, form.booking label.time > span, form.booking button, ' +
        'form.booking input[type=text], form.booking input[type=tel], form.booking label.check, ' +
        'main a.button, .more-days a')];
    return boxes.map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
                .filter(([t, r]) => r.width < 44 || r.height < 44)
                .map(([t, r]) => t + ': ' + Math.round(r.width) + 'x' + Math.round(r.height));
  })())");
}

bool wider_than_screen(Browser& browser) {
  return browser.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1").get<bool>();
}

}  // namespace

TEST_CASE_METHOD(DemoServer, "a visitor books a help appointment on a phone and on a desktop", "[browser][public]") {
  Browser browser;
  struct Case {
    std::string name;
    int width, height;
    bool mobile;
  };
  for (const auto& c : {Case{"phone", 390, 844, true}, Case{"desktop", 1280, 900, false}}) {
    INFO(c.name);
    browser.set_viewport(c.width, c.height, c.mobile);

    browser.navigate(url("/lieux-du-reseau"));
    REQUIRE(browser.status_of_last_navigation() == 200);
    CHECK(h1(browser) == "Les lieux du réseau");
    CHECK_THAT(browser.text(), Contains("Voir sur la carte (OpenStreetMap)"));
    CHECK_FALSE(wider_than_screen(browser));
    shoot(browser, "places-" + c.name + ".png");

    browser.click("a[href=\"/lieux-du-reseau/1\"]");
    CHECK(browser.url() == url("/lieux-du-reseau/1"));
    CHECK_THAT(browser.text(), Contains("Horaires de la semaine"));
    CHECK_FALSE(wider_than_screen(browser));
    shoot(browser, "place-" + c.name + ".png");

    browser.click("main a.button[href=\"/lieux-du-reseau/1/aide\"]");
    CHECK(h1(browser) == "Prendre rendez-vous pour de l’aide");
    CHECK(browser.evaluate("document.querySelectorAll('svg.picto[aria-hidden=true]').length") == 8);
    CHECK(browser.evaluate("document.querySelectorAll('script').length") == 0);
    CHECK(small_targets(browser) == json::array());
    CHECK_FALSE(wider_than_screen(browser));
    shoot(browser, "booking-form-" + c.name + ".png");

    // Sent empty (the browser's own checks set aside, as an old phone would): the mistakes, next to their fields.
    browser.evaluate(
        "document.querySelectorAll('form.booking [required]').forEach(e => e.removeAttribute('required'))");
    browser.click("form.booking > button[type=submit]");
    CHECK(browser.status_of_last_navigation() == 422);
    CHECK_THAT(browser.text(), Contains("Choisissez le sujet de l’aide."));
    CHECK_THAT(browser.text(), Contains("Choisissez un jour et une heure."));
    CHECK_FALSE(wider_than_screen(browser));
    if (c.mobile) shoot(browser, "booking-errors-phone.png");

    // Bernard's daughter: his papers, the first free time, his first name and mobile, reminders.
    browser.click("input[name=topic][value=papers]", false);
    browser.click("input[name=slot]", false);
    browser.fill("#f-first_name", "Bernard");
    browser.fill("#f-phone", "06 12 34 56 78");
    browser.click("input[name=reminders]", false);
    CHECK(browser.evaluate("document.querySelector('input[name=topic]:checked').value") == "papers");
    if (c.mobile) shoot(browser, "booking-filled-phone.png");
    browser.click("form.booking > button[type=submit]");
    CHECK(browser.status_of_last_navigation() == 200);
    CHECK_THAT(browser.url(), StartsWith(url("/lieux-du-reseau/1/aide/")));
    CHECK(h1(browser) == "Votre rendez-vous est pris");
    CHECK_THAT(browser.text(), Contains("Bernard"));
    CHECK_THAT(browser.text(), Contains("une pièce d’identité"));
    CHECK(browser.exists("a[href^=\"/ics/appointments/\"]"));
    CHECK_FALSE(wider_than_screen(browser));
    shoot(browser, "confirmation-" + c.name + ".png");
    const auto link = sms_link(c.mobile ? 1 : 2);
    if (!c.mobile) continue;

    // On Bernard's phone, the SMS's link: the appointment, « Changer d’horaire », « Annuler ».
    browser.navigate(url(link));
    CHECK(browser.status_of_last_navigation() == 200);
    CHECK(h1(browser) == "Votre rendez-vous");
    CHECK_FALSE(wider_than_screen(browser));
    shoot(browser, "link-phone.png");
    browser.click("a.button[href$=\"/changer\"]");
    CHECK(h1(browser) == "Changer d’horaire");
    CHECK(small_targets(browser) == json::array());
    CHECK_FALSE(wider_than_screen(browser));
    shoot(browser, "move-phone.png");
    browser.click("input[name=slot]", false);
    browser.click("form.booking > button[type=submit]");
    CHECK(browser.status_of_last_navigation() == 200);
    CHECK_THAT(browser.text(), Contains("L’horaire est changé."));
    shoot(browser, "moved-phone.png");
    // The same link now cancels the new time.
    browser.navigate(url(link));
    browser.click("form[action$=\"/annuler\"] button[type=submit]");
    CHECK(browser.status_of_last_navigation() == 200);
    CHECK(h1(browser) == "Rendez-vous annulé");
    shoot(browser, "cancelled-phone.png");
    browser.navigate(url(link));
    CHECK(browser.status_of_last_navigation() == 410);
    CHECK_THAT(browser.text(), Contains("Ce rendez-vous est déjà annulé"));
  }
}
