// The network's public pages over real HTTP (web/public_pages.hpp, issue 18):
// the places with their hours, services and free desks; Bernard's daughter
// booking a help appointment without an account (and every way it can go
// wrong: bad input, an expired form, a slot taken meanwhile, too many
// bookings from one address); the SMS the message job writes with a real
// notifier script, and its link that cancels or moves the appointment
// (expired, reused, cancelled, too late); the open data's prise_rdv.
#include "web/public_pages.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "domain/uuid.hpp"
#include "reminders/message_job.hpp"
#include "store/agenda.hpp"
#include "store/messages.hpp"
#include "store/public_help.hpp"
#include "store/reminders.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"
#include "web_fixture.hpp"

using namespace escale;
using namespace escale::tests;
using namespace std::chrono_literals;
namespace bh = boost::beast::http;
namespace web = escale::server::web;

namespace {

// Two sites (web_fixture.hpp); Montbard offers help appointments every day from 9 h to 17 h with its mediator,
// has a desk and publishes its phone; Semur offers no appointment.
struct PublicSite : WebSite {
  std::int64_t mediator = make_mediator();
  std::int64_t type_id = make_agenda();
  std::int64_t desk = make_desk();

  std::int64_t make_mediator() {
    Member m;
    m.site_id = montbard;
    m.first_name = "Sophie";
    m.last_name = "Leroy";
    m.roles = {Role::Member, Role::Mediator};
    return server::add_member(db, m)->id;
  }
  std::int64_t make_agenda() {
    mediation::AppointmentType t;
    t.site_id = montbard;
    t.name = "Aide aux démarches en ligne";
    t.duration = 45min;
    const auto id = server::add_appointment_type(db, t, server::Actor{});
    REQUIRE(id.ok());
    for (int day = 1; day <= 7; ++day) {
      mediation::HelpHours h;
      h.site_id = montbard;
      h.mediator_id = mediator;
      h.weekday = day;
      h.start_minute = 9 * 60;
      h.end_minute = 17 * 60;
      REQUIRE(server::add_help_hours(db, h, server::Actor{}).ok());
    }
    server::SiteMediationInfo info;
    info.site_id = montbard;
    info.pivot = "21210001600014";
    info.postal_code = "21500";
    info.commune = "Montbard";
    info.phone = "03 80 92 00 00";
    REQUIRE(server::set_site_mediation(db, info, server::Actor{}).ok());
    return *id;
  }
  std::int64_t make_desk() {
    Resource r;
    r.site_id = montbard;
    r.name = "Bureau 1";
    return server::add_resource(db, r)->id;
  }
  std::string help_path() const { return "/lieux-du-reseau/" + std::to_string(montbard) + "/aide"; }
};

std::string day_from_today(int days) {
  return to_iso_date(add_days(paris_civil_date(now()), days));
}

std::vector<std::string> all_matches(const std::string& text, const std::regex& re) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

// The booking form as a browser has it: its token (the cookie is in the client), its ref and free slots.
struct ShownForm {
  std::string token, ref, du;
  std::vector<std::string> slots;
};
ShownForm show_form(WebClient& c, const std::string& target) {
  const auto r = c.get(target);
  REQUIRE(r.result() == bh::status::ok);
  ShownForm f;
  f.token = input_value(r.body(), "form_token");
  f.ref = input_value(r.body(), "ref");
  f.du = input_value(r.body(), "du");
  f.slots = all_matches(r.body(), std::regex("name=\"slot\" value=\"([^\"]*)\""));
  REQUIRE_FALSE(f.token.empty());
  REQUIRE(c.cookie("escale_lien") == f.token);
  return f;
}

using Fields = std::vector<std::pair<std::string, std::string>>;
Fields booking_fields(const ShownForm& f, const std::string& slot, const std::string& phone = "06 12 34 56 78",
                      const std::string& reminders = "1") {
  return {{"form_token", f.token}, {"ref", f.ref},          {"du", f.du},
          {"topic", "caf"},        {"slot", slot},          {"first_name", "Bernard"},
          {"phone", phone},        {"reminders", reminders}};
}

std::string participant_of(const std::string& location) {
  return location.substr(location.rfind('/') + 1);
}

std::filesystem::path notifier_script(TempDir& dir, const std::filesystem::path& out) {
  const auto script = dir.file("notify.sh");
  std::ofstream f(script);
  f << "#!/bin/sh\nprintf '%s|%s|%s\\n' \"$1\" \"$2\" \"$3\" >> '" << out.string() << "'\n";
  f.close();
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  return script;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream f(p);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Books through the page (a slot 3 days ahead or more, so both reminders are due later); returns the participant.
std::string book(PublicSite& s, WebClient& c, std::size_t slot_index = 0) {
  const auto f = show_form(c, s.help_path() + "?du=" + day_from_today(3));
  REQUIRE(f.slots.size() > slot_index);
  const auto r = c.post(s.help_path(), booking_fields(f, f.slots[slot_index]));
  REQUIRE(r.result() == bh::status::see_other);
  return participant_of(reply_header(r, bh::field::location));
}

// Sends the queued messages through a notifier script; returns the link of the last SMS.
std::string send_and_read_link(PublicSite& s, std::string* text = nullptr) {
  const auto out = s.dir.file("sent.txt");
  server::MessageSettings settings;
  settings.notifier.command = {notifier_script(s.dir, out).string()};
  settings.public_url.set("https://escale.exemple.fr");
  server::send_due_messages(s.db, settings, now());
  const auto sent = read_text(out);
  if (text) *text = sent;
  const auto at = sent.rfind("https://escale.exemple.fr/rdv/");
  REQUIRE(at != std::string::npos);
  return sent.substr(at + std::string_view("https://escale.exemple.fr").size(), std::string_view("/rdv/").size() + 68);
}

void set_start(PublicSite& s, const std::string& appointment_id, Instant start) {
  auto st = s.db.prepare("UPDATE appointments SET start_at = ?, end_at = ? WHERE id = ?");
  st.bind_all(to_iso_utc(start), to_iso_utc(start + 45min), appointment_id);
  st.run();
}

}  // namespace

TEST_CASE("public pages: the network's places with hours and services and a button to book help", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto r = c.get("/lieux-du-reseau");
  REQUIRE(r.result() == bh::status::ok);
  const auto& body = r.body();
  CHECK_THAT(body, Catch::Contains("Les lieux du réseau"));
  // RGAA 12.7: a skip link first in the page, to the main content.
  CHECK_THAT(body,
             Catch::Contains("<body class=\"member\">\n<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>"));
  CHECK_THAT(body, Catch::Contains("<main id=\"contenu\">"));
  CHECK_THAT(body, Catch::Contains("Tiers-lieu de Montbard"));
  CHECK_THAT(body, Catch::Contains("Espace numérique de Semur"));
  CHECK_THAT(body, Catch::Contains("2 rue de la Gare, 21500 Montbard"));
  CHECK_THAT(body, Catch::Contains("https://www.openstreetmap.org/search?query=2%20rue%20de%20la%20Gare"));
  CHECK_THAT(body, Catch::Contains("Horaires de la semaine"));
  CHECK_THAT(body, Catch::Contains("1 bureau en coworking"));
  CHECK_THAT(body, Catch::Contains("de l’aide au numérique sur rendez-vous"));
  CHECK_THAT(body, Catch::Contains("href=\"tel:+33380920000\""));
  // Only Montbard offers help appointments.
  CHECK_THAT(body, Catch::Contains("href=\"" + s.help_path() + "\""));
  CHECK_THAT(body, !Catch::Contains("/lieux-du-reseau/" + std::to_string(s.semur) + "/aide"));
  // Today's hours or when it opens next, whatever the day the test runs.
  const std::regex now_line(
      "(Ouvert en ce moment, jusqu’à|Fermé en ce moment\u202F: ouvre aujourd’hui à|Fermé "
      "aujourd’hui\u202F: ouvre)");
  CHECK(std::regex_search(body, now_line));

  const auto page = c.get("/lieux-du-reseau/" + std::to_string(s.montbard));
  REQUIRE(page.result() == bh::status::ok);
  CHECK_THAT(page.body(), Catch::Contains("<h1>Tiers-lieu de Montbard</h1>"));
  CHECK_THAT(page.body(), Catch::Contains("Aujourd’hui, "));
  CHECK_THAT(page.body(), Catch::Contains(">Prendre rendez-vous</a>"));
  CHECK(c.get("/lieux-du-reseau/999").result() == bh::status::not_found);
  CHECK(c.get("/lieux-du-reseau/abc").result() == bh::status::not_found);
  // A site without appointment types has no booking page.
  const auto none = c.get("/lieux-du-reseau/" + std::to_string(s.semur) + "/aide");
  CHECK(none.result() == bh::status::not_found);
  CHECK_THAT(none.body(), Catch::Contains("ne propose pas de rendez-vous d’aide en ligne"));
}

TEST_CASE("public pages: a closed day says when the place opens next and coordinates give the map", "[public-pages]") {
  PublicSite s;
  // Open on the weekday after tomorrow only (a public holiday follows its weekday: no PH rule).
  const auto later = add_days(paris_civil_date(now()), 2);
  static const char* kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
  const auto id = server::add_site(s.db, Site{0, "Tiers-lieu du Haut-Val", "1 place du Marché", "21425",
                                              std::string(kDays[iso_weekday(later) - 1]) + " 09:00-12:00"});
  REQUIRE(id.ok());
  server::SiteMediationInfo info;
  info.site_id = id->id;
  info.pivot = "21210001600014";
  info.postal_code = "21500";
  info.commune = "Montbard";
  info.extra = {{"latitude", "47.623"}, {"longitude", "4.3378"}};
  REQUIRE(server::set_site_mediation(s.db, info, server::Actor{}).ok());
  auto c = s.client();
  const auto r = c.get("/lieux-du-reseau/" + std::to_string(id->id));
  REQUIRE(r.result() == bh::status::ok);
  LocalTime noon = to_paris(paris_day_start(later) + 12h);
  CHECK_THAT(r.body(), Catch::Contains("Fermé aujourd’hui\u202F: ouvre " + format_day(noon) + " à 9\u202Fh."));
  CHECK_THAT(r.body(),
             Catch::Contains("https://www.openstreetmap.org/?mlat=47.623&amp;mlon=4.3378#map=17/47.623/4.3378"));
  CHECK_THAT(r.body(), Catch::Contains("Aujourd’hui\u202F: fermé."));
}

TEST_CASE("public pages: Bernard's daughter books a help appointment without an account", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto form_page = c.get(s.help_path() + "?du=" + day_from_today(3));
  REQUIRE(form_page.result() == bh::status::ok);
  // The kiosk's eight topics, each a pictogram hidden from screen readers beside its words.
  CHECK(all_matches(form_page.body(), std::regex("name=\"topic\" value=\"([a-z]+)\"")).size() == 8);
  CHECK(
      all_matches(form_page.body(), std::regex("<svg class=\"picto\" viewBox=\"0 0 100 100\" (aria-hidden)")).size() ==
      8);
  CHECK_THAT(form_page.body(), Catch::Contains("Papiers, ANTS"));
  const auto f = show_form(c, s.help_path() + "?du=" + day_from_today(3));
  REQUIRE(f.slots.size() >= 2);
  CHECK(f.du == day_from_today(3));
  const auto r = c.post(s.help_path(), booking_fields(f, f.slots[1]));
  REQUIRE(r.result() == bh::status::see_other);
  const auto location = reply_header(r, bh::field::location);
  CHECK(location == s.help_path() + "/" + f.ref);

  // The confirmation: what, when, with whom, where, what to bring, the .ics and how to cancel.
  const auto done = c.get(location);
  REQUIRE(done.result() == bh::status::ok);
  const auto& body = done.body();
  CHECK_THAT(body, Catch::Contains("Votre rendez-vous est pris"));
  CHECK_THAT(body, Catch::Contains("Bernard"));
  CHECK_THAT(body, Catch::Contains("<dd>Sophie</dd>"));
  CHECK_THAT(body, Catch::Contains("numéro d’allocataire CAF"));
  CHECK_THAT(body, Catch::Contains("Touchez le lien du SMS envoyé au numéro qui finit par 78."));
  CHECK_THAT(body, !Catch::Contains("34\u00A056"));  // not the whole number
  CHECK_THAT(body, Catch::Contains("Ou appelez le lieu au 03\u00A080\u00A092\u00A000\u00A000."));
  CHECK_THAT(body, Catch::Contains("2 jours avant et 2 heures avant"));

  // Stored as any help appointment: the kiosk and the back office see it; the phone normalised, two reminders,
  // one SMS queued.
  const auto a = server::appointment_of_participant(s.db, f.ref);
  REQUIRE(a);
  CHECK(to_iso_utc(a->start) + "|" + std::to_string(s.mediator) == f.slots[1]);
  CHECK_THAT(body, Catch::Contains("/ics/appointments/" + a->id + ".ics"));
  REQUIRE(a->participants.size() == 1);
  const auto& p = a->participants[0];
  CHECK(p.first_name == "Bernard");
  CHECK(p.phone == std::optional<std::string>("+33612345678"));
  CHECK(p.reminders);
  CHECK(p.topics == std::vector<mediation::HelpTopic>{mediation::HelpTopic::Caf});
  CHECK(server::appointment_record(s.db, a->id).has_value());
  server::AppointmentQuery q;
  q.site_id = s.montbard;
  CHECK(server::list_appointments(s.db, q).size() == 1);
  CHECK(server::list_reminders(s.db, std::string("pending")).size() == 2);
  auto messages = server::list_messages(s.db);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].kind == "help_booked");
  CHECK(messages[0].subject == f.ref);
  CHECK(messages[0].recipient == "+33612345678");
  // Her browser sends the form twice: one appointment, one message.
  const auto again = c.post(s.help_path(), booking_fields(f, f.slots[1]));
  CHECK(again.result() == bh::status::see_other);
  CHECK(reply_header(again, bh::field::location) == location);
  CHECK(server::list_appointments(s.db, q).size() == 1);
  CHECK(server::list_messages(s.db).size() == 1);
  // The slot is no longer offered.
  const auto after = show_form(c, s.help_path() + "?du=" + day_from_today(3));
  CHECK(std::find(after.slots.begin(), after.slots.end(), f.slots[1]) == after.slots.end());
}

TEST_CASE("public pages: a booking without a name or a phone sends nothing", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto f = show_form(c, s.help_path());
  REQUIRE_FALSE(f.slots.empty());
  auto fields = booking_fields(f, f.slots[0], "", "");
  fields[5].second = "";  // no first name
  const auto r = c.post(s.help_path(), fields);
  REQUIRE(r.result() == bh::status::see_other);
  const auto done = c.get(reply_header(r, bh::field::location));
  CHECK(done.result() == bh::status::ok);
  CHECK_THAT(done.body(), Catch::Contains("Ou appelez le lieu au 03\u00A080\u00A092\u00A000\u00A000."));
  CHECK_THAT(done.body(), !Catch::Contains("SMS"));
  CHECK(server::list_messages(s.db).empty());
  CHECK(server::list_reminders(s.db).empty());
}

TEST_CASE("public pages: bad input comes back with the message and what was typed", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto f = show_form(c, s.help_path());
  REQUIRE_FALSE(f.slots.empty());
  auto fields = booking_fields(f, "", "12345");
  fields[3].second = "";  // no topic
  const auto r = c.post(s.help_path(), fields);
  CHECK(r.result() == bh::status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Le rendez-vous n’est pas encore pris"));
  CHECK_THAT(r.body(), Catch::Contains("Choisissez le sujet de l’aide."));
  CHECK_THAT(r.body(), Catch::Contains("Choisissez un jour et une heure."));
  CHECK_THAT(r.body(), Catch::Contains("Tapez un numéro de portable français"));
  CHECK_THAT(r.body(), Catch::Contains("value=\"12345\""));
  CHECK_THAT(r.body(), Catch::Contains("value=\"Bernard\""));
  CHECK_THAT(r.body(), Catch::Contains("aria-invalid=\"true\""));
  CHECK(input_value(r.body(), "ref") == f.ref);  // the same person: a second try books once
  // A landline cannot get an SMS; reminders need a number.
  // (Each page shown has its own form token: the browser sends the last one.)
  auto landline = booking_fields(f, f.slots[0], "05 55 12 34 56");
  landline[0].second = c.cookie("escale_lien");
  CHECK(c.post(s.help_path(), landline).result() == bh::status::unprocessable_entity);
  auto no_phone_fields = booking_fields(f, f.slots[0], "", "1");
  no_phone_fields[0].second = c.cookie("escale_lien");
  const auto no_phone = c.post(s.help_path(), no_phone_fields);
  CHECK(no_phone.result() == bh::status::unprocessable_entity);
  CHECK_THAT(no_phone.body(), Catch::Contains("Pour recevoir les rappels, tapez un numéro de portable."));
  CHECK_THAT(no_phone.body(), Catch::Contains("checked"));
  // A form without its cookie (another browser, or expired): nothing booked, the choices kept.
  const auto chosen = f.slots[0];
  c.forget_cookies();
  const auto expired = c.post(s.help_path(), booking_fields(f, chosen));
  CHECK(expired.result() == bh::status::forbidden);
  CHECK_THAT(expired.body(), Catch::Contains("Ce formulaire avait expiré"));
  CHECK_THAT(expired.body(), Catch::Contains("value=\"" + chosen + "\" checked"));
  // From another site (Origin): refused the same way.
  const auto g = show_form(c, s.help_path());
  CHECK(c.post(s.help_path(), booking_fields(g, chosen), std::string("https://ailleurs.example")).result() ==
        bh::status::forbidden);
  server::AppointmentQuery q;
  q.site_id = s.montbard;
  CHECK(server::list_appointments(s.db, q).empty());
}

TEST_CASE("public pages: a slot taken meanwhile gets a plain sentence and the form back", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto f = show_form(c, s.help_path() + "?du=" + day_from_today(2));
  REQUIRE_FALSE(f.slots.empty());
  // Someone at the kiosk takes it first.
  server::HelpRequest other;
  other.appointment_id = make_uuid_v4();
  other.site_id = s.montbard;
  other.type_id = s.type_id;
  other.mediator_id = s.mediator;
  other.start = *parse_iso_utc(f.slots[0].substr(0, f.slots[0].find('|')));
  other.participant.id = make_uuid_v4();
  REQUIRE(server::request_help(s.db, other, server::Actor{}, now()).ok());
  const auto r = c.post(s.help_path(), booking_fields(f, f.slots[0]));
  CHECK(r.result() == bh::status::conflict);
  CHECK_THAT(r.body(),
             Catch::Contains("Cet horaire vient d’être pris par quelqu’un d’autre\u202F: choisissez-en un autre."));
  CHECK_THAT(r.body(), Catch::Contains("value=\"Bernard\""));
  CHECK_THAT(r.body(), !Catch::Contains("value=\"" + f.slots[0] + "\""));
  CHECK(server::list_messages(s.db).empty());
}

TEST_CASE("public pages: bookings are limited per client address", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  c.set_header("X-Forwarded-For", "192.0.2.7");
  const auto f = show_form(c, s.help_path() + "?du=" + day_from_today(3));
  REQUIRE(f.slots.size() > static_cast<std::size_t>(web::kPublicBookingsPerHour));
  for (int i = 0; i < web::kPublicBookingsPerHour; ++i) {
    auto fields = booking_fields(f, f.slots[static_cast<std::size_t>(i)], "");
    fields[1].second = make_uuid_v4();
    fields[7].second = "";
    CHECK(c.post(s.help_path(), fields).result() == bh::status::see_other);
  }
  auto fields = booking_fields(f, f.slots[static_cast<std::size_t>(web::kPublicBookingsPerHour)], "", "");
  fields[1].second = make_uuid_v4();
  const auto r = c.post(s.help_path(), fields);
  CHECK(r.result() == bh::status::too_many_requests);
  CHECK(reply_header(r, bh::field::retry_after) == "3600");
  CHECK_THAT(r.body(), Catch::Contains("Trop de rendez-vous pris depuis cet appareil"));
  // Another address is not held back.
  auto d = s.client();
  d.set_header("X-Forwarded-For", "192.0.2.8");
  const auto g = show_form(d, s.help_path() + "?du=" + day_from_today(3));
  auto other = booking_fields(g, g.slots[0], "", "");
  CHECK(d.post(s.help_path(), other).result() == bh::status::see_other);
}

TEST_CASE("public pages: the message job sends the SMS with a fresh link through the notifier", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto participant = book(s, c);
  std::string sent;
  const auto link = send_and_read_link(s, &sent);
  INFO(sent);
  CHECK(sent.starts_with("sms|+33612345678|Tiers-lieu de Montbard : votre rendez-vous d'aide numérique est le "));
  CHECK(sent.find("\u202F") == std::string::npos);  // GSM 7-bit: plain spaces
  CHECK(sent.find(" à ") != std::string::npos);
  CHECK(sent.find(". Pour l'annuler ou le changer : https://escale.exemple.fr/rdv/rdv_") != std::string::npos);
  CHECK(server::list_messages(s.db)[0].state == "sent");
  // Only the link's hash is stored, and it opens this participant's appointment until its start.
  const auto opened = server::open_participant_link(s.db, link.substr(5), now());
  CHECK(opened.problem == server::ActionLinkProblem::None);
  CHECK(opened.participant_id == participant);
  CHECK(server::open_participant_link(s.db, link.substr(5), opened.appointment->start).problem ==
        server::ActionLinkProblem::Expired);
  CHECK(s.scalar("SELECT count(*) FROM action_links WHERE token_hash = '" + link.substr(5) + "'") == 0);
  // A message whose appointment was cancelled before it left is dropped.
  const auto second = book(s, c, 1);
  const auto a = server::appointment_of_participant(s.db, second);
  REQUIRE(server::cancel_appointment(s.db, a->id, server::Actor{}, now()).ok());
  server::MessageSettings settings;
  settings.notifier.command = {notifier_script(s.dir, s.dir.file("more.txt")).string()};
  const auto run = server::send_due_messages(s.db, settings, now());
  CHECK(run.failed == 1);
  CHECK(server::list_messages(s.db)[0].last_error == "rendez-vous annulé entre-temps");
}

TEST_CASE("public pages: the SMS's link cancels the appointment once", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto participant = book(s, c);
  const auto link = send_and_read_link(s);
  auto phone = s.client();  // the link opens on Bernard's phone, not the browser that booked
  const auto page = phone.get(link);
  REQUIRE(page.result() == bh::status::ok);
  CHECK_THAT(page.body(), Catch::Contains("Votre rendez-vous"));
  CHECK_THAT(page.body(), Catch::Contains("Changer d’horaire"));
  CHECK_THAT(page.body(), Catch::Contains("Annuler le rendez-vous"));
  const auto token = input_value(page.body(), "form_token");
  const auto r = phone.post(link + "/annuler", {{"form_token", token}});
  REQUIRE(r.result() == bh::status::ok);
  CHECK_THAT(r.body(), Catch::Contains("est annulé. Merci d’avoir prévenu."));
  const auto a = server::appointment_of_participant(s.db, participant);
  CHECK(a->participants[0].status == mediation::ParticipantStatus::Excused);
  CHECK(server::list_reminders(s.db, std::string("pending")).empty());
  // The link again: already cancelled, and what to do next.
  const auto reused = phone.get(link);
  CHECK(reused.result() == bh::status::gone);
  CHECK_THAT(reused.body(), Catch::Contains("Ce rendez-vous est déjà annulé"));
  CHECK_THAT(reused.body(), Catch::Contains("Prendre un autre rendez-vous"));
  CHECK(phone.post(link + "/annuler", {{"form_token", token}}).result() == bh::status::forbidden);
  // The slot is free again on the public page.
  const auto f = show_form(c, s.help_path() + "?du=" + day_from_today(3));
  CHECK(std::find(f.slots.begin(), f.slots.end(), to_iso_utc(a->start) + "|" + std::to_string(s.mediator)) !=
        f.slots.end());
  // A link that does not exist, and a form without its token.
  const auto unknown = phone.get("/rdv/rdv_" + std::string(64, '0'));
  CHECK(unknown.result() == bh::status::not_found);
  CHECK_THAT(unknown.body(), Catch::Contains("Ce lien n’est pas valable"));
  CHECK(phone.get("/rdv/n-importe-quoi").result() == bh::status::not_found);
}

TEST_CASE("public pages: a link of an appointment cancelled by the place started or too close says so",
          "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto participant = book(s, c);
  const auto link = send_and_read_link(s);
  const auto a = server::appointment_of_participant(s.db, participant);
  // Less than 4 hours before: no buttons, call the place.
  set_start(s, a->id, now() + 2h);
  const auto close = c.get(link);
  CHECK(close.result() == bh::status::ok);
  CHECK_THAT(close.body(), Catch::Contains("Il faut annuler ou changer au moins 4 heures avant."));
  CHECK_THAT(close.body(), Catch::Contains("03\u00A080\u00A092\u00A000\u00A000"));
  CHECK_THAT(close.body(), !Catch::Contains("Annuler le rendez-vous"));
  CHECK(c.get(link + "/changer").result() == bh::status::conflict);
  const auto token = c.cookie("escale_lien");
  CHECK(c.post(link + "/annuler", {{"form_token", token}}).result() == bh::status::conflict);
  // Started: the link no longer works.
  set_start(s, a->id, now() - 10min);
  const auto past = c.get(link);
  CHECK(past.result() == bh::status::gone);
  CHECK_THAT(past.body(), Catch::Contains("a déjà commencé ou est passé"));
  // Cancelled by the place.
  set_start(s, a->id, now() + 48h);
  REQUIRE(server::cancel_appointment(s.db, a->id, server::Actor{}, now()).ok());
  const auto revoked = c.get(link);
  CHECK(revoked.result() == bh::status::gone);
  CHECK_THAT(revoked.body(), Catch::Contains("Ce rendez-vous a été annulé par le lieu."));
  const auto confirmation = c.get(s.help_path() + "/" + participant);
  CHECK_THAT(confirmation.body(), Catch::Contains("Ce rendez-vous est annulé"));
}

TEST_CASE("public pages: the SMS's link moves the appointment to another free slot", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  const auto participant = book(s, c);
  const auto link = send_and_read_link(s);
  const auto before = server::appointment_of_participant(s.db, participant);
  auto phone = s.client();
  const auto page = phone.get(link + "/changer?du=" + day_from_today(4));
  REQUIRE(page.result() == bh::status::ok);
  CHECK_THAT(page.body(), Catch::Contains("Horaire prévu"));
  const auto slots = all_matches(page.body(), std::regex("name=\"slot\" value=\"([^\"]*)\""));
  REQUIRE(slots.size() >= 3);
  const auto token = input_value(page.body(), "form_token");
  const auto ref = input_value(page.body(), "ref");
  // A slot taken meanwhile: the old appointment stands.
  server::HelpRequest other;
  other.appointment_id = make_uuid_v4();
  other.site_id = s.montbard;
  other.type_id = s.type_id;
  other.mediator_id = s.mediator;
  other.start = *parse_iso_utc(slots[0].substr(0, slots[0].find('|')));
  other.participant.id = make_uuid_v4();
  REQUIRE(server::request_help(s.db, other, server::Actor{}, now()).ok());
  const auto taken = phone.post(link + "/changer", {{"form_token", token}, {"ref", ref}, {"slot", slots[0]}});
  CHECK(taken.result() == bh::status::conflict);
  CHECK_THAT(taken.body(), Catch::Contains("vient d’être pris"));
  CHECK(server::appointment_of_participant(s.db, participant)->participants[0].status ==
        mediation::ParticipantStatus::Unknown);
  const auto none = phone.post(link + "/changer", {{"form_token", phone.cookie("escale_lien")}, {"ref", ref}});
  CHECK(none.result() == bh::status::unprocessable_entity);
  // Another slot: moved.
  const auto r =
      phone.post(link + "/changer", {{"form_token", phone.cookie("escale_lien")}, {"ref", ref}, {"slot", slots[2]}});
  REQUIRE(r.result() == bh::status::see_other);
  const auto location = reply_header(r, bh::field::location);
  CHECK(location == s.help_path() + "/" + ref + "?fait=change");
  const auto done = phone.get(location);
  CHECK_THAT(done.body(), Catch::Contains("L’horaire est changé."));
  const auto old = server::appointment_of_participant(s.db, participant);
  CHECK(old->participants[0].status == mediation::ParticipantStatus::Excused);
  const auto moved = server::appointment_of_participant(s.db, ref);
  REQUIRE(moved);
  CHECK(to_iso_utc(moved->start) + "|" + std::to_string(s.mediator) == slots[2]);
  CHECK(moved->participants[0].first_name == "Bernard");
  CHECK(moved->participants[0].phone == before->participants[0].phone);
  CHECK(moved->participants[0].topics == before->participants[0].topics);
  CHECK(server::list_reminders(s.db, std::string("pending")).size() == 2);
  // The SMS's link now opens the new time, and a new SMS is on its way.
  const auto again = phone.get(link);
  CHECK(again.result() == bh::status::ok);
  CHECK_THAT(again.body(), Catch::Contains(format_day(to_paris(moved->start))));
  CHECK(server::open_participant_link(s.db, link.substr(5), now()).participant_id == ref);
  CHECK(server::list_messages(s.db).size() == 2);
}

TEST_CASE("public pages: the open data's prise_rdv is the site's booking page", "[public-pages]") {
  PublicSite s;
  server::SiteMediationInfo semur;
  semur.site_id = s.semur;
  semur.pivot = "21210001600014";
  semur.postal_code = "21140";
  semur.commune = "Semur-en-Auxois";
  REQUIRE(server::set_site_mediation(s.db, semur, server::Actor{}).ok());
  auto c = s.client();
  auto csv = c.get("/opendata/lieux-mediation-numerique.csv");
  REQUIRE(csv.result() == bh::status::ok);
  // The fixture's server answers at the default public address.
  CHECK_THAT(csv.body(),
             Catch::Contains(",http://127.0.0.1:8080/lieux-du-reseau/" + std::to_string(s.montbard) + "/aide"));
  CHECK_THAT(csv.body(), !Catch::Contains("/lieux-du-reseau/" + std::to_string(s.semur)));
  CHECK(web::public_help_url("https://escale.exemple.fr", 4) == "https://escale.exemple.fr/lieux-du-reseau/4/aide");
  // A site's own booking address stays.
  server::SiteMediationInfo own = *server::find_site_mediation(s.db, s.montbard);
  own.extra["prise_rdv"] = "https://rdv.exemple.fr/montbard";
  REQUIRE(server::set_site_mediation(s.db, own, server::Actor{}).ok());
  csv = c.get("/opendata/lieux-mediation-numerique.csv");
  CHECK_THAT(csv.body(), Catch::Contains("https://rdv.exemple.fr/montbard"));
  CHECK_THAT(csv.body(), !Catch::Contains("/lieux-du-reseau/"));
}

TEST_CASE("public pages: each help topic has its own pictogram hidden from screen readers", "[public-pages]") {
  std::set<std::string> drawings;
  for (const auto t : mediation::all_help_topics()) {
    const auto svg = web::topic_pictogram(t).str();
    CHECK(svg.starts_with("<svg class=\"picto\" viewBox=\"0 0 100 100\" aria-hidden=\"true\" focusable=\"false\""));
    CHECK(svg.ends_with("</svg>"));
    drawings.insert(svg);
  }
  CHECK(drawings.size() == mediation::all_help_topics().size());
}

TEST_CASE("public pages: in English for a visitor who chose it", "[public-pages]") {
  PublicSite s;
  auto c = s.client();
  c.set_cookie("escale_langue", "en");
  const auto r = c.get("/lieux-du-reseau");
  CHECK_THAT(r.body(), Catch::Contains("The network&#39;s places"));
  CHECK_THAT(r.body(), Catch::Contains("Book help with digital tools"));
  const auto form = c.get(s.help_path());
  CHECK_THAT(form.body(), Catch::Contains("1. Help with what?"));
  CHECK_THAT(form.body(), Catch::Contains("ID papers, ANTS"));
}
