// Issue 18's stories in a real browser (Debian's Chromium), on the demo
// server with a notifier script that writes each message to a file (the
// phone's mailbox):
//   - Lucie, teleworker, on her phone (390 × 844): the kiosk's login link
//     (asked as the kiosk asks it after her badge), Tuesday mornings at the
//     demo site every week, Thursday all day at the other site, each day
//     confirmed or refused; the confirmation's link cancels one Tuesday.
//   - A full day: Thursday is full; she asks to be told; a desk is cancelled;
//     the offer's message has a link; she takes the place.
//   - A small firm books the visio room for Friday 14:00–16:00 from a laptop
//     (1280 × 900); the e-mail has the booking and its .ics.
//   - An animator sees the web bookings in the back office's week and logs a
//     member's phones out.
// Screenshots go to <build>/screenshots/web/member/.
#include <catch2/catch.hpp>

#include <regex>

#include "cdp_browser.hpp"
#include "demo_server.hpp"
#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

std::filesystem::path screenshots() {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web" / "member";
}

void shoot(Browser& browser, const std::string& name) {
  std::filesystem::create_directories(screenshots());
  browser.screenshot(screenshots() / name);
}

std::string h1(Browser& browser) {
  const auto title = browser.evaluate("document.querySelector('h1')?.textContent ?? null");
  return title.is_string() ? title.get<std::string>() : std::string("(no h1)");
}

bool wider_than_screen(Browser& browser) {
  return browser.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1").get<bool>();
}

// The number in « member 14 added: … », « site 2 added: … ».
int number_in(const std::string& line) {
  std::smatch m;
  REQUIRE(std::regex_search(line, m, std::regex("(\\d+) added")));
  return std::stoi(m[1].str());
}

// The last line of a command's output that starts with `prefix` (a token).
std::string token_in(const std::string& output, const std::string& prefix) {
  std::smatch m;
  REQUIRE(std::regex_search(output, m, std::regex("(" + prefix + "[0-9a-f]{64})")));
  return m[1].str();
}

// The path (from /…) of the first link to this server in a message's text.
std::string link_in(const std::string& text, const std::string& path_prefix) {
  const auto at = text.find(path_prefix);
  INFO(text);
  REQUIRE(at != std::string::npos);
  auto end = text.find_first_of(" \n", at);
  if (end == std::string::npos) end = text.size();
  std::string link = text.substr(at, end - at);
  while (!link.empty() && (link.back() == '.' || link.back() == ',')) link.pop_back();
  return link;
}

// The next weekday `iso_weekday` (1 = Monday) at least `days_ahead` days from today, as YYYY-MM-DD.
std::string next_weekday(int iso_weekday, int days_ahead) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days_ahead) * 86400;
  for (int i = 0; i < 7; ++i, t += 86400) {
    std::tm tm{};
    localtime_r(&t, &tm);
    if ((tm.tm_wday == 0 ? 7 : tm.tm_wday) == iso_weekday) {
      char buf[16];
      std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
      return buf;
    }
  }
  return {};
}

class StoryServer : public NotifiedDemoServer {
 public:
  StoryServer() {
    lucie = number_in(run_server_command({"member", "add", "--db", db().string(), "--site", "1", "--first-name",
                                          "Lucie", "--last-name", "Martin", "--email", "lucie@example.org"}));
    other_site =
        number_in(run_server_command({"site", "add", "--db", db().string(), "--name", "Télécentre de Rochechouart",
                                      "--insee", "87126", "--hours", "Mo-Fr 09:00-18:00; PH off"}));
    run_server_command({"resource", "add", "--db", db().string(), "--site", std::to_string(other_site), "--kind",
                        "desk", "--name", "Bureau A"});
    kiosk_token = token_in(run_server_command({"kiosk", "add", "--db", db().string(), "--site", "1", "--name",
                                               "borne des tests", "--print-token"}),
                           "esk_");
  }
  // What the kiosk asks after a member's badge (« Sur mon téléphone »): the login link's path.
  std::string kiosk_link(int member) {
    const auto r =
        http_request(port(), "POST", "/api/v1/kiosk/login-links", json{{"member_id", member}}.dump(), kiosk_token);
    INFO(r.body);
    REQUIRE(r.status == 201);
    const auto url = json::parse(r.body).at("url").get<std::string>();
    return url.substr(url.find("/moi/lien/"));
  }
  // Opens « Mon espace » in the browser with a link: its page, then its button.
  void open_space(Browser& browser, const std::string& link_path) {
    browser.navigate(url(link_path));
    REQUIRE(h1(browser) == "Ouvrir Mon espace");
    browser.click("main form button[type=submit]");
    REQUIRE(browser.url() == url("/moi"));
  }
  int lucie = 0;
  int other_site = 0;
  std::string kiosk_token;
};

}  // namespace

TEST_CASE_METHOD(StoryServer, "Lucie books Tuesdays at one site and Thursday at the other then cancels a Tuesday",
                 "[browser][member][stories]") {
  Browser browser;
  browser.set_viewport(390, 844, true);
  open_space(browser, kiosk_link(lucie));
  // Her messages by e-mail, confirmations and the evening's reminder.
  browser.click("input[name=canal][value=email]", false);
  browser.click("input[name=rappels]", false);
  browser.click("form[action=\"/moi/preferences\"] button[type=submit]");
  CHECK_THAT(browser.text(), Contains("Vos choix sont enregistrés."));

  // Tuesday mornings at the demo site, every week for nine weeks.
  const auto tuesday = next_weekday(2, 1);
  browser.navigate(url("/moi/reserver/1/bureau?du=" + tuesday));
  browser.click("input[name=moment][value=\"" + tuesday + "|morning\"]", false);
  browser.fill("#f-jusqu_au", next_weekday(2, 60));
  browser.click("main form button[type=submit]");
  CHECK(h1(browser) == "Vos réservations de chaque semaine");
  CHECK_THAT(browser.text(), Contains("✓ réservé"));
  CHECK_FALSE(wider_than_screen(browser));
  // Thursday all day at the other site.
  const auto thursday = next_weekday(4, 1);
  browser.navigate(url("/moi/reserver"));
  browser.click("a.button[href=\"/moi/reserver/" + std::to_string(other_site) + "/bureau\"]");
  browser.navigate(url("/moi/reserver/" + std::to_string(other_site) + "/bureau?du=" + thursday));
  browser.click("input[name=moment][value=\"" + thursday + "|day\"]", false);
  browser.click("main form button[type=submit]");
  CHECK(h1(browser) == "C’est réservé");
  CHECK_THAT(browser.text(), Contains("Bureau A"));
  shoot(browser, "story-lucie-thursday-phone.png");

  // Ill on a Tuesday: the link of its message cancels it (the reminder carries the same link, the evening before).
  std::string text;
  for (std::size_t n = 1; n < 20; ++n) {
    text = message(n);
    if (text.find("c’est réservé") != std::string::npos && text.find("mardi") != std::string::npos) break;
  }
  // Short, plain French, with the site's name and phone.
  CHECK_THAT(text, Contains("Tiers-lieu de démonstration (03 80 00 00 00)"));
  const auto cancel = link_in(text, "/reservation/erl_");
  browser.navigate(url(cancel));
  CHECK(h1(browser) == "Votre réservation");
  shoot(browser, "story-lucie-cancel-link-phone.png");
  browser.click("main form button[type=submit]");
  CHECK_THAT(browser.text(), Contains("Cette réservation est annulée"));
  browser.navigate(url("/moi"));
  CHECK_THAT(browser.text(), Contains("Chaque semaine"));
  CHECK_FALSE(wider_than_screen(browser));
}

TEST_CASE_METHOD(StoryServer, "a full Thursday then a desk freed goes to Lucie through the offer's link",
                 "[browser][member][stories]") {
  // Thursday at Rochechouart: its one desk taken by Marc.
  const int marc = number_in(run_server_command({"member", "add", "--db", db().string(), "--site", "1", "--first-name",
                                                 "Marc", "--last-name", "Petit", "--email", "marc@example.org"}));
  const auto thursday = next_weekday(4, 1);
  Browser browser;
  browser.set_viewport(390, 844, true);
  open_space(browser, kiosk_link(marc));
  browser.navigate(url("/moi/reserver/" + std::to_string(other_site) + "/bureau?du=" + thursday));
  browser.click("input[name=moment][value=\"" + thursday + "|day\"]", false);
  browser.click("main form button[type=submit]");
  REQUIRE(h1(browser) == "C’est réservé");
  const auto marcs_page = browser.url();

  // Lucie, on her phone: Thursday is full; « Prévenez-moi si une place se libère ».
  Browser phone;
  phone.set_viewport(390, 844, true);
  open_space(phone, kiosk_link(lucie));
  phone.click("input[name=canal][value=email]", false);
  phone.click("form[action=\"/moi/preferences\"] button[type=submit]");
  phone.navigate(url("/moi/reserver/" + std::to_string(other_site) + "/bureau?du=" + thursday));
  CHECK_THAT(phone.text(), Contains("complet"));
  shoot(phone, "story-full-day-phone.png");
  phone.click("button[name=attente][value=\"" + thursday + "|day\"]");
  CHECK_THAT(phone.text(), Contains("C’est noté"));

  // Marc cancels from « Mon espace »: the server offers the place to Lucie at once, by e-mail.
  browser.navigate(url("/moi"));
  browser.click("form[action$=\"/annuler\"] button[type=submit]");
  CHECK_THAT(browser.text(), Contains("La réservation est annulée."));
  std::string offer;
  for (std::size_t n = 1; n < 20 && offer.empty(); ++n) {
    const auto text = message(n);
    if (text.find("une place s’est libérée") != std::string::npos) offer = text;
  }
  const auto link = link_in(offer, "/place/ewo_");
  phone.navigate(url(link));
  CHECK(h1(phone) == "Une place pour vous");
  shoot(phone, "story-offer-phone.png");
  phone.click("main form button[type=submit]");
  CHECK_THAT(phone.text(), Contains("Cette place est à vous"));
  phone.navigate(url("/moi"));
  CHECK_THAT(phone.text(), Contains("Bureau A"));
  CHECK_FALSE(wider_than_screen(phone));
  (void)marcs_page;
}

TEST_CASE_METHOD(StoryServer,
                 "a small firm books the visio room on a laptop and gets the booking and its ics by e-mail",
                 "[browser][member][stories]") {
  const int firm =
      number_in(run_server_command({"member", "add", "--db", db().string(), "--site", "1", "--first-name", "Atelier",
                                    "--last-name", "Bois & Fils", "--email", "contact@atelier.example.org"}));
  Browser laptop;
  laptop.set_viewport(1280, 900, false);
  open_space(laptop, kiosk_link(firm));
  const auto friday = next_weekday(5, 1);
  laptop.navigate(url("/moi/reserver/1/visio"));
  laptop.evaluate("document.querySelector('#f-jour').value = '" + friday + "'");
  laptop.evaluate("document.querySelector('#f-debut').value = '840'");
  laptop.evaluate("document.querySelector('#f-duree').value = '120'");
  shoot(laptop, "story-visio-desktop.png");
  laptop.click("main form button[type=submit]");
  CHECK(h1(laptop) == "C’est réservé");
  CHECK_THAT(laptop.text(), Contains("✓ réservé"));
  std::string mail;
  for (std::size_t n = 1; n < 20 && mail.empty(); ++n) {
    const auto text = message(n);
    if (text.find("c’est réservé") != std::string::npos && text.find("Salle") != std::string::npos) mail = text;
  }
  const auto ics = link_in(mail, "/ics/bookings/");
  const auto r = http_request(port(), "GET", ics);
  CHECK(r.status == 200);
  CHECK_THAT(r.body, Contains("BEGIN:VCALENDAR"));
  CHECK_THAT(r.body, Contains("BEGIN:VEVENT"));
}

TEST_CASE_METHOD(StoryServer, "an animator sees web bookings like any other and logs a member's phones out",
                 "[browser][member][stories]") {
  Browser phone;
  phone.set_viewport(390, 844, true);
  open_space(phone, kiosk_link(lucie));
  const auto tuesday = next_weekday(2, 1);
  phone.navigate(url("/moi/reserver/1/bureau?du=" + tuesday));
  phone.click("input[name=moment][value=\"" + tuesday + "|afternoon\"]", false);
  phone.click("main form button[type=submit]");
  REQUIRE(h1(phone) == "C’est réservé");

  Browser desk;
  desk.set_viewport(1280, 900, false);
  desk.navigate(url("/connexion"));
  desk.fill("#f-login", "animation");
  desk.fill("#f-password", "demo animation escale");
  desk.click("form[action=\"/connexion\"] button[type=submit]");
  desk.navigate(url("/lieux/1/reservations?semaine=" + tuesday));
  CHECK_THAT(desk.text(), Contains("Lucie"));
  desk.navigate(url("/adherents/" + std::to_string(lucie)));
  CHECK_THAT(desk.text(), Contains("Mon espace sur téléphone"));
  shoot(desk, "story-animator-phones-desktop.png");
  desk.click("form[action$=\"/telephones/deconnecter\"] button[type=submit]");
  CHECK_THAT(desk.text(), Contains("Ses téléphones sont déconnectés"));
  phone.navigate(url("/moi"));
  CHECK_THAT(phone.url(), Contains("/moi/connexion"));
}
