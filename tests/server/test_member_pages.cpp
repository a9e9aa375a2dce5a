// « Mon espace » over real HTTP (issue 18): the kiosk's login link, opening
// it on a phone (one button, then a 90-day session cookie), a link asked by
// e-mail or SMS (the same answer for anyone), the member's bookings,
// choices and sessions, and every refusal with its plain sentence.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "store/bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"
#include "web_fixture.hpp"

using namespace escale;
using namespace escale::tests;
using status = web_http::status;
using nlohmann::json;

namespace {

WebReply ask_link(WebClient& c, const std::string& token, const std::string& body) {
  return c.call(web_http::verb::post, "/api/v1/kiosk/login-links", body, "", token, "application/json");
}

// The path of the link a kiosk receives for `member`.
std::string kiosk_link(WebSite& site, std::int64_t member) {
  auto c = site.client();
  const auto r = ask_link(c, site.entrance.token, json{{"member_id", member}}.dump());
  INFO(r.body());
  REQUIRE(r.result() == status::created);
  const auto url = json::parse(r.body()).at("url").get<std::string>();
  const auto at = url.find("/moi/lien/");
  REQUIRE(at != std::string::npos);
  return url.substr(at);
}

// Opens a link as a phone does: its page, then its button.
WebReply open_link(WebClient& phone, const std::string& path) {
  const auto page = phone.get(path);
  REQUIRE(page.result() == status::ok);
  return phone.post(path, {{"form_token", input_value(page.body(), "form_token")}});
}

WebClient phone_of(WebSite& site, std::int64_t member) {
  auto phone = site.client();
  phone.set_header("User-Agent", "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0");
  const auto r = open_link(phone, kiosk_link(site, member));
  REQUIRE(r.result() == status::see_other);
  REQUIRE(phone.has_cookie("escale_membre"));
  return phone;
}

std::string member_csrf(WebClient& phone) {
  return input_value(phone.get("/moi").body(), "csrf");
}

// A page without the values that change from one request to the next (form tokens).
std::string without_tokens(std::string body) {
  return std::regex_replace(body, std::regex("value=\"[0-9a-f]{64}\""), "value=\"…\"");
}

}  // namespace

TEST_CASE("member pages: a kiosk gets a login link for the member who badged and only then", "[web][member-portal]") {
  WebSite site;
  auto c = site.client();
  const auto r = ask_link(c, site.entrance.token, json{{"member_id", site.marie}}.dump());
  REQUIRE(r.result() == status::created);
  const auto answer = json::parse(r.body());
  CHECK(answer.at("url").get<std::string>().starts_with("http://127.0.0.1:8080/moi/lien/eml_"));
  CHECK(answer.at("url").get<std::string>().size() < 120);
  const auto expires = parse_iso_utc(answer.at("expires_at").get<std::string>());
  REQUIRE(expires);
  CHECK(*expires > now() + std::chrono::minutes(9));

  // No token, a wrong token, a wrong body, an unknown member: each refused with what to do.
  CHECK(ask_link(c, "", R"({"member_id": 1})").result() == status::unauthorized);
  CHECK(ask_link(c, "esk_" + std::string(64, 'a'), R"({"member_id": 1})").result() == status::unauthorized);
  for (const char* bad :
       {"", "[]", R"({"member_id": "1"})", R"({"member_id": -3})", R"({"member_id": 1.5})", R"({"membre": 1})"}) {
    INFO(bad);
    const auto refused = ask_link(c, site.entrance.token, bad);
    CHECK(refused.result() == status::bad_request);
    CHECK_THAT(refused.body(), Catch::Contains("member_id"));
  }
  CHECK(ask_link(c, site.entrance.token, R"({"member_id": 9999})").result() == status::not_found);
  // A member restricted to Semur has no link at Montbard's kiosk; an erased member none anywhere.
  REQUIRE(server::restrict_member_sites(site.db, site.lucie, {site.semur}, server::Actor{}).ok());
  CHECK(ask_link(c, site.entrance.token, json{{"member_id", site.lucie}}.dump()).result() == status::not_found);
  REQUIRE(server::erase_member(site.db, site.jean, server::Actor{}, now()).ok());
  CHECK(ask_link(c, site.entrance.token, json{{"member_id", site.jean}}.dump()).result() == status::not_found);
  // Five links in ten minutes, then « too many ».
  for (int i = 1; i < server::kMaxLinksPerMember; ++i)
    CHECK(ask_link(c, site.entrance.token, json{{"member_id", site.marie}}.dump()).result() == status::created);
  const auto held = ask_link(c, site.entrance.token, json{{"member_id", site.marie}}.dump());
  CHECK(held.result() == status::too_many_requests);
}

TEST_CASE("member pages: the link opens Mon espace once on the phone with a 90-day cookie", "[web][member-portal]") {
  WebSite site;
  const auto path = kiosk_link(site, site.marie);
  auto phone = site.client();
  phone.set_header("User-Agent", "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0");

  // The GET does not spend the link (a mail scanner may open it first): one button.
  auto page = phone.get(path);
  REQUIRE(page.result() == status::ok);
  CHECK_THAT(page.body(), Catch::Contains("Ouvrir Mon espace"));
  CHECK(phone.get(path).result() == status::ok);
  // A button posted from elsewhere (no form cookie): nothing opens, the page is shown again.
  auto elsewhere = site.client();
  const auto forged = elsewhere.post(path, {{"form_token", input_value(page.body(), "form_token")}});
  CHECK(forged.result() == status::ok);
  CHECK_FALSE(elsewhere.has_cookie("escale_membre"));

  const auto opened = open_link(phone, path);
  REQUIRE(opened.result() == status::see_other);
  CHECK(reply_header(opened, web_http::field::location) == "/moi");
  std::string cookie_line;
  for (const auto& line : phone.last_set_cookies())
    if (line.starts_with("escale_membre=")) cookie_line = line;
  CHECK_THAT(cookie_line, Catch::Contains("HttpOnly"));
  CHECK_THAT(cookie_line, Catch::Contains("SameSite=Strict"));
  CHECK_THAT(cookie_line, Catch::Contains("Max-Age=7776000"));

  const auto home = phone.get("/moi");
  REQUIRE(home.result() == status::ok);
  CHECK_THAT(home.body(), Catch::Contains("Bonjour Marie\u202F!"));
  CHECK_THAT(home.body(), Catch::Contains("Firefox sur Android"));
  CHECK_THAT(home.body(), Catch::Contains("cet appareil"));
  CHECK_THAT(std::string(home["Content-Security-Policy"]), Catch::Contains("default-src 'none'"));
  CHECK(reply_header(home, web_http::field::cache_control) == "no-store");

  // The same link again, on another phone: used, and what to do.
  auto other = site.client();
  page = other.get(path);
  CHECK(page.result() == status::gone);
  CHECK_THAT(page.body(), Catch::Contains("Ce lien a déjà servi"));
  CHECK_THAT(page.body(), Catch::Contains("/moi/connexion"));
  // A link cut short: « not valid ».
  page = other.get(path.substr(0, path.size() - 5));
  CHECK(page.result() == status::not_found);
  CHECK_THAT(page.body(), Catch::Contains("incomplet"));
  // Without a session, « Mon espace » is its login page.
  CHECK(reply_header(other.get("/moi"), web_http::field::location) == "/moi/connexion");
  // A staff session is not a member's.
  auto admin = site.as("claire");
  CHECK(reply_header(admin.get("/moi"), web_http::field::location) == "/moi/connexion");
}

TEST_CASE("member pages: asking for a link answers the same for a member and for anyone else", "[web][member-portal]") {
  WebSite site;
  auto m = *server::find_member(site.db, site.marie);
  m.email = "marie@exemple.fr";
  REQUIRE(server::update_member(site.db, m, server::Actor{}).ok());

  auto ask = [&](const std::string& typed, const std::string& client) {
    auto c = site.client();
    c.set_header("X-Forwarded-For", client);
    const auto page = c.get("/moi/connexion");
    REQUIRE(page.result() == status::ok);
    return c.post("/moi/connexion", {{"contact", typed}, {"form_token", input_value(page.body(), "form_token")}});
  };
  const auto known = ask("Marie@Exemple.fr", "192.0.2.10");
  const auto unknown = ask("personne@exemple.fr", "192.0.2.11");
  CHECK(known.result() == status::ok);
  CHECK(unknown.result() == status::ok);
  CHECK(without_tokens(known.body()) == without_tokens(unknown.body()));
  CHECK_THAT(known.body(), Catch::Contains("Si cette adresse est celle d’un membre"));
  const auto messages = server::list_messages(site.db);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].member_id == site.marie);
  CHECK(messages[0].recipient == "marie@exemple.fr");

  // A mistake: the form again, with what was typed and what to type.
  const auto wrong = ask("marie.exemple.fr", "192.0.2.12");
  CHECK(wrong.result() == status::bad_request);
  CHECK_THAT(wrong.body(), Catch::Contains("value=\"marie.exemple.fr\""));
  CHECK_THAT(wrong.body(), Catch::Contains("aria-invalid=\"true\""));
  CHECK_THAT(wrong.body(), Catch::Contains("06 12 34 56 78"));
  // Without the form's cookie (a form posted from another site): refused, nothing queued.
  auto c = site.client();
  CHECK(c.post("/moi/connexion", {{"contact", "marie@exemple.fr"}, {"form_token", "x"}}).result() == status::forbidden);
  // Too many requests for one address: 429 with when to come back.
  ask("marie@exemple.fr", "192.0.2.13");
  ask("marie@exemple.fr", "192.0.2.14");
  const auto held = ask("marie@exemple.fr", "192.0.2.15");
  CHECK(held.result() == status::too_many_requests);
  CHECK(reply_header(held, web_http::field::retry_after) == "3600");
  CHECK_THAT(held.body(), Catch::Contains("Trop de demandes"));
  CHECK(server::list_messages(site.db).size() == 3);
}

TEST_CASE("member pages: the member cancels their booking and no one else's", "[web][member-portal]") {
  WebSite site;
  const auto desk =
      server::add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 2", 1, ""})->id;
  auto book = [&](std::int64_t member, int days) {
    Booking b;
    b.id = make_uuid_v4();
    b.site_id = site.montbard;
    b.resource_id = desk;
    b.member_id = member;
    auto day = paris_civil_date(now());
    do day = add_days(day, 1);
    while (iso_weekday(day) > 5 || --days > 0);
    b.start = from_paris(day.year, day.month, day.day, 9, 0);
    b.end = from_paris(day.year, day.month, day.day, 12, 0);
    const auto outcome = server::create_booking(site.db, b, server::Actor{}, now());
    INFO((outcome.refusal ? std::string(to_string(*outcome.refusal)) : std::string()));
    REQUIRE(outcome.ok());
    return b.id;
  };
  const auto maries = book(site.marie, 1);
  const auto jeans = book(site.jean, 2);
  auto phone = phone_of(site, site.marie);
  const auto home = phone.get("/moi").body();
  CHECK_THAT(home, Catch::Contains("Bureau 2"));
  CHECK_THAT(home, Catch::Contains("/ics/bookings/" + maries + ".ics"));
  // The calendar feed's address is stored hashed (issue 19): shown once, on the page that makes it.
  CHECK_THAT(home, Catch::Contains("action=\"/moi/calendrier\""));
  CHECK(home.find("/ics/members/cal_") == std::string::npos);
  CHECK(home.find(jeans) == std::string::npos);
  const auto csrf = member_csrf(phone);
  {
    const auto made = phone.post("/moi/calendrier", {{"csrf", csrf}});
    REQUIRE(made.result() == status::ok);
    const auto& body = made.body();
    const auto from = body.find("/ics/members/cal_");
    REQUIRE(from != std::string::npos);
    const auto token = body.substr(from + 13, 68);
    CHECK(server::member_for_calendar_token(site.db, token) == site.marie);
    const auto again = phone.get("/moi").body();
    CHECK(again.find("/ics/members/cal_") == std::string::npos);
    CHECK_THAT(again, Catch::Contains("Nouvelle adresse"));
    CHECK(phone.post("/moi/calendrier", {}).result() == status::forbidden);  // no CSRF token: nothing made
    CHECK(server::member_for_calendar_token(site.db, token) == site.marie);
  }

  // Jean's booking, by its id: not in her space.
  auto r = phone.post("/moi/reservations/" + jeans + "/annuler", {{"csrf", csrf}});
  CHECK(r.result() == status::not_found);
  CHECK(server::find_booking(site.db, jeans)->status == BookingStatus::Confirmed);
  // Without the CSRF token: refused.
  r = phone.post("/moi/reservations/" + maries + "/annuler", {{"csrf", "x"}});
  CHECK(r.result() == status::forbidden);
  CHECK(server::find_booking(site.db, maries)->status == BookingStatus::Confirmed);
  r = phone.post("/moi/reservations/" + maries + "/annuler", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(server::find_booking(site.db, maries)->status == BookingStatus::Cancelled);
  CHECK_THAT(phone.get("/moi?fait=annulee").body(), Catch::Contains("La réservation est annulée."));
  // Twice (a double tap): the same answer, nothing more changes.
  r = phone.post("/moi/reservations/" + maries + "/annuler", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(server::find_booking(site.db, maries)->status == BookingStatus::Cancelled);
  // A booking that has begun (checked in an hour ago) is no longer cancelled: a plain sentence.
  const auto begun = make_uuid_v4();
  const auto start = now() - std::chrono::hours(1);
  site.db
      .prepare(
          "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, "
          "created_at, updated_at, checked_in_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'checked_in', ?, ?, ?)")
      .bind_all(begun, site.montbard, desk, site.marie, to_iso_utc(start), to_iso_utc(start + std::chrono::hours(3)),
                to_iso_date(paris_civil_date(start)), to_iso_utc(start), to_iso_utc(start), to_iso_utc(start))
      .run();
  CHECK_THAT(phone.get("/moi").body(), Catch::Contains("vous êtes arrivé·e"));
  r = phone.post("/moi/reservations/" + begun + "/annuler", {{"csrf", csrf}});
  CHECK(r.result() == status::conflict);
  CHECK_THAT(r.body(), Catch::Contains("elle a déjà commencé"));
  CHECK(server::find_booking(site.db, begun)->status == BookingStatus::CheckedIn);
}

TEST_CASE("member pages: choices and sessions and logging out", "[web][member-portal]") {
  WebSite site;
  auto m = *server::find_member(site.db, site.marie);
  m.phone = "06 12 34 56 78";
  REQUIRE(server::update_member(site.db, m, server::Actor{}).ok());
  auto phone = phone_of(site, site.marie);
  auto laptop = phone_of(site, site.marie);
  const auto csrf = member_csrf(phone);

  // E-mail without an address: refused with the reason; SMS with reminders: saved.
  auto r = phone.post("/moi/preferences", {{"csrf", csrf}, {"canal", "email"}, {"confirmations", "1"}});
  CHECK(r.result() == status::bad_request);
  CHECK_THAT(r.body(), Catch::Contains("pas donné d’adresse e-mail"));
  r = phone.post("/moi/preferences", {{"csrf", csrf}, {"canal", "sms"}, {"rappels", "1"}});
  CHECK(r.result() == status::see_other);
  CHECK(server::member_preferences(site.db, site.marie) ==
        server::MemberPreferences{server::NotifyChannel::Sms, false, true});
  r = phone.post("/moi/preferences", {{"csrf", csrf}, {"canal", "pigeon"}});
  CHECK(r.result() == status::bad_request);

  // Two sessions listed; the phone closes the laptop's.
  const auto sessions = server::list_member_sessions(site.db, site.marie, now());
  REQUIRE(sessions.size() == 2);
  const auto laptop_id = std::max(sessions[0].id, sessions[1].id);
  r = phone.post("/moi/sessions/" + std::to_string(laptop_id) + "/fermer", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(reply_header(laptop.get("/moi"), web_http::field::location) == "/moi/connexion?expiree=1");
  // Her data, as the back office exports it.
  const auto data = phone.get("/moi/donnees.json");
  CHECK(data.result() == status::ok);
  CHECK(json::parse(data.body()).dump().find("Dupont") != std::string::npos);
  // English.
  CHECK(phone.get("/moi/langue/en").result() == status::see_other);
  CHECK_THAT(phone.get("/moi").body(), Catch::Contains("Hello Marie!"));
  CHECK(phone.get("/moi/langue/xx").result() == status::not_found);
  // Logging out: the cookie goes, the session ends.
  r = phone.post("/moi/deconnexion", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(reply_header(r, web_http::field::location) == "/moi/connexion?sortie=1");
  CHECK_FALSE(phone.has_cookie("escale_membre"));
  CHECK(server::list_member_sessions(site.db, site.marie, now()).empty());
}

TEST_CASE("member pages: an animator sees a member's phones and logs them all out", "[web][member-portal]") {
  WebSite site;
  auto phone = phone_of(site, site.marie);
  auto paul = site.as("paul");  // Montbard's animator: Marie's site
  const auto page = paul.get("/adherents/" + std::to_string(site.marie));
  REQUIRE(page.result() == status::ok);
  CHECK_THAT(page.body(), Catch::Contains("Mon espace sur téléphone"));
  CHECK_THAT(page.body(), Catch::Contains("Firefox sur Android"));
  // Without the CSRF token: refused, still logged in.
  auto r = paul.post("/adherents/" + std::to_string(site.marie) + "/telephones/deconnecter", {{"csrf", "x"}});
  CHECK(r.result() == status::forbidden);
  CHECK(phone.get("/moi").result() == status::ok);
  r = paul.post("/adherents/" + std::to_string(site.marie) + "/telephones/deconnecter", {{"csrf", paul.csrf()}});
  CHECK(r.result() == status::see_other);
  const auto location = reply_header(r, web_http::field::location);
  CHECK(location == "/adherents/" + std::to_string(site.marie) + "?ok=telephones#telephones");
  CHECK_THAT(paul.get(location.substr(0, location.find('#'))).body(),
             Catch::Contains("Ses téléphones sont déconnectés"));
  CHECK(reply_header(phone.get("/moi"), web_http::field::location) == "/moi/connexion?expiree=1");
  // Recorded: who did it.
  auto st = site.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'member.phone_sessions_end'");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 1);
  // An animator of another site who never saw her: « Accès réservé ».
  CHECK(paul.post("/adherents/" + std::to_string(site.lucie) + "/telephones/deconnecter", {{"csrf", paul.csrf()}})
            .result() == status::forbidden);
}

TEST_CASE("member pages: the manifest and the icons put Mon espace on a phone's home screen", "[web][member-portal]") {
  WebSite site;
  auto c = site.client();
  const auto manifest = c.get("/assets/escale.webmanifest");
  REQUIRE(manifest.result() == status::ok);
  CHECK(reply_header(manifest, web_http::field::content_type) == "application/manifest+json");
  const auto m = json::parse(manifest.body());
  CHECK(m.at("start_url") == "/moi");
  CHECK(m.at("display") == "standalone");
  int pngs = 0;
  for (const auto& icon : m.at("icons")) {
    const auto src = icon.at("src").get<std::string>();
    const auto r = c.get(src);
    INFO(src);
    REQUIRE(r.result() == status::ok);
    CHECK(reply_header(r, web_http::field::content_type) == icon.at("type").get<std::string>());
    if (icon.at("type") != "image/png") continue;
    ++pngs;
    const auto& png = r.body();
    REQUIRE(png.size() > 33);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    // IHDR: the width and height the manifest says.
    const auto side = std::stoi(icon.at("sizes").get<std::string>());
    const auto be32 = [&](std::size_t at) {
      return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
             (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
    };
    CHECK(png.substr(12, 4) == "IHDR");
    CHECK(be32(16) == side);
    CHECK(be32(20) == side);
    const auto dir = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web" / "member";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / ("icone-" + std::to_string(side) + ".png"), std::ios::binary) << png;
  }
  CHECK(pngs == 2);
  // The pages link them; the CSP lets the manifest load.
  auto phone = phone_of(site, site.marie);
  const auto home = phone.get("/moi");
  CHECK_THAT(home.body(), Catch::Contains("<link rel=\"manifest\" href=\"/assets/escale.webmanifest\">"));
  CHECK_THAT(std::string(home["Content-Security-Policy"]), Catch::Contains("manifest-src 'self'"));
}

TEST_CASE("member pages: the language switch goes back to the page it was on and nowhere else",
          "[web][member-portal]") {
  WebSite site;
  auto c = site.client();
  const auto origin = "http://127.0.0.1:" + std::to_string(site.http_server.port());
  auto from = [&](const std::string& referer) {
    c.set_header("Referer", referer);
    return reply_header(c.get("/moi/langue/en"), web_http::field::location);
  };
  CHECK(from(origin + "/lieux-du-reseau/1") == "/lieux-du-reseau/1");
  CHECK(from(origin + "/lieux-du-reseau?x=1") == "/lieux-du-reseau?x=1");
  CHECK(from("https://evil.example/lieux-du-reseau") == "/moi");  // another site
  CHECK(from(origin + "//evil.example/") == "/moi");
  CHECK(from(origin + "/moi/langue/fr") == "/moi");
  CHECK(from("n'importe quoi") == "/moi");
  CHECK_THAT(c.last_set_cookies().at(0), Catch::Contains("escale_langue=en"));
}
