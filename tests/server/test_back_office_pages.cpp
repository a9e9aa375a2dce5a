#include "web/hours_form.hpp"  // first: the header is self-contained

// The back office's forms for people (issue 15): opening hours day by day
// (and their OSM text, both ways), mistakes marked on their field, the
// erasure page that keeps its form, cancelling a booking only after a
// confirmation, and staff booking, moving and making help appointments
// through the same store functions as the API (rules, audit, CSRF, roles).
#include <catch2/catch.hpp>

#include <regex>

#include "mediation/agenda.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/public_holidays.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::tests;
using server::web::HoursForm;
using web_http::status;

std::string location(const WebReply& r) {
  return reply_header(r, web_http::field::location);
}

using Fields = std::vector<std::pair<std::string, std::string>>;

// The opening tag of the element with id="ID" (the first one).
std::string tag_with_id(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  const auto open = html.rfind('<', at);
  return html.substr(open, html.find('>', at) - open + 1);
}

// The value of the form field named `name` (its control's id is "f-NAME").
std::string value_of(const std::string& html, const std::string& name) {
  std::smatch m;
  const auto tag = tag_with_id(html, "f-" + name);
  if (std::regex_search(tag, m, std::regex("value=\"([^\"]*)\""))) return m[1].str();
  return {};
}

// The field's control says it is wrong and points at a message next to it that says `message`.
void check_marked(const std::string& html, const std::string& field, const std::string& message) {
  INFO("field " << field);
  const auto control = tag_with_id(html, "f-" + field);
  REQUIRE_FALSE(control.empty());
  CHECK_THAT(control, Catch::Contains("aria-invalid=\"true\""));
  std::smatch m;
  REQUIRE(std::regex_search(control, m, std::regex("aria-describedby=\"([^\"]*)\"")));
  CHECK_THAT(m[1].str(), Catch::Contains("f-" + field + "-error"));
  const auto span = html.find("id=\"f-" + field + "-error\"");
  REQUIRE(span != std::string::npos);
  const auto text = html.substr(span, html.find("</span>", span) - span);
  CHECK_THAT(text, Catch::Contains(message));
  // The message stands next to its control: just before it, in the same field.
  CHECK(span < html.find("id=\"f-" + field + "\""));
  CHECK(html.find("class=\"field\"", span) > html.find("id=\"f-" + field + "\""));
}

// Every field of the day-by-day form, from a form.
Fields hours_fields(const HoursForm& form) {
  Fields out;
  for (std::size_t row = 0; row < server::web::kHoursRows; ++row) {
    const auto& d = form.days[row];
    out.emplace_back(server::web::hours_field(row, "state"), d.state);
    out.emplace_back(server::web::hours_field(row, "from1"), d.from1);
    out.emplace_back(server::web::hours_field(row, "to1"), d.to1);
    out.emplace_back(server::web::hours_field(row, "from2"), d.from2);
    out.emplace_back(server::web::hours_field(row, "to2"), d.to2);
  }
  return out;
}

// The site form as a browser sends it after the page showed `shown`.
Fields site_fields(const std::string& csrf, const std::string& shown, const std::string& osm, const HoursForm& days) {
  Fields f = {{"csrf", csrf},          {"name", "Tiers-lieu de Montbard"}, {"address", "2 rue de la Gare"},
              {"insee_code", "21425"}, {"opening_hours_shown", shown},     {"hours_source", "jours"},
              {"opening_hours", osm}};
  for (auto& kv : hours_fields(days)) f.push_back(std::move(kv));
  return f;
}

HoursForm form_of(const std::string& osm) {
  const auto hours = OpeningHours::parse(osm);
  REQUIRE(hours);
  const auto form = server::web::hours_form_from(*hours);
  REQUIRE(form);
  return *form;
}

// A Tuesday at least a week ahead that is not a public holiday (Paris).
CivilDate coming_tuesday() {
  auto day = add_days(paris_civil_date(now()), 7);
  while (iso_weekday(day) != 2 || is_french_public_holiday(day)) day = add_days(day, 1);
  return day;
}

Instant paris(const CivilDate& d, int hour, int minute = 0) {
  return from_paris(d.year, d.month, d.day, hour, minute);
}

}  // namespace

//-----------------------------------------------------------------------------
// Opening hours: the day-by-day form and its OSM text
//-----------------------------------------------------------------------------

TEST_CASE("hours form: times as people type them", "[web][hours]") {
  using server::web::parse_clock_text;
  CHECK(parse_clock_text("08:30") == 8 * 60 + 30);
  CHECK(parse_clock_text("8:30") == 8 * 60 + 30);
  CHECK(parse_clock_text("8 h 30") == 8 * 60 + 30);
  CHECK(parse_clock_text("8h30") == 8 * 60 + 30);
  CHECK(parse_clock_text("18h") == 18 * 60);
  CHECK(parse_clock_text(" 9 ") == 9 * 60);
  CHECK(parse_clock_text("24:00") == 24 * 60);
  CHECK_FALSE(parse_clock_text(""));
  CHECK_FALSE(parse_clock_text("25:00"));
  CHECK_FALSE(parse_clock_text("24:30"));
  CHECK_FALSE(parse_clock_text("8:60"));
  CHECK_FALSE(parse_clock_text("8:3"));
  CHECK_FALSE(parse_clock_text("midi"));
  CHECK_FALSE(parse_clock_text("123"));
}

TEST_CASE("hours form: what the form makes is what the OSM field would give (round trip)", "[web][hours]") {
  // Each OSM text → the form showing it → the text the form makes → the same rules.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off",
       "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off"},
      {"Mo-Sa 09:00-19:00; PH off", "Mo-Sa 09:00-19:00; PH off"},
      {"Tu,Th 14:00-18:00; Mo,We,Fr 09:00-12:00", "Mo,We,Fr 09:00-12:00; Tu,Th 14:00-18:00"},
      {"24/7", "Mo-Su 00:00-24:00"},
      {"24/7; PH off", "Mo-Su 00:00-24:00; PH off"},
      {"Mo-Fr 09:00-17:00; We off", "Mo,Tu,Th,Fr 09:00-17:00"},
      {"PH off; Mo-Fr 10:00-12:00", "Mo-Fr 10:00-12:00; PH off"},
      {"Mo-Fr 09:00-12:00; PH 10:00-12:00", "Mo-Fr 09:00-12:00; PH 10:00-12:00"},
      {"off", "off"},
      {"Sa-Mo 10:00-16:00", "Mo,Sa,Su 10:00-16:00"},
  };
  for (const auto& [typed, canonical] : cases) {
    INFO(typed);
    const auto hours = OpeningHours::parse(typed);
    REQUIRE(hours);
    const auto form = server::web::hours_form_from(*hours);
    REQUIRE(form);
    const auto made = server::web::hours_text(*form);
    REQUIRE(made.errors.empty());
    REQUIRE(made.text);
    CHECK(*made.text == canonical);
    const auto again = OpeningHours::parse(*made.text);
    REQUIRE(again);
    CHECK(server::web::same_rules(*again, *hours));
  }
  // Three ranges in a day do not fit the form: the OSM field alone changes them.
  CHECK_FALSE(server::web::hours_form_from(*OpeningHours::parse("Mo 08:00-09:00,10:00-11:00,12:00-13:00")));
  CHECK_FALSE(server::web::same_rules(*OpeningHours::parse("Mo-Fr 09:00-12:00"),
                                      *OpeningHours::parse("Mo-Fr 09:00-12:00; PH off")));
}

TEST_CASE("hours form: each mistake is said in French next to its field", "[web][hours]") {
  auto form = form_of("Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off");
  form.days[0].to1 = "07:00";                          // Monday: closes before it opens
  form.days[1].from2 = "12:00";                        // Tuesday: the second range starts inside the first
  form.days[2].from1 = "25:00";                        // Wednesday: not an hour
  form.days[3].to2 = "";                               // Thursday: reopens without closing
  form.days[4] = {"ouvert", "", "", "", ""};           // Friday: open without hours
  form.days[6] = {"ferme", "10:00", "12:00", "", ""};  // Sunday: closed with hours
  form.days[7].state = "peut-être";                    // public holidays: no such choice
  const auto made = server::web::hours_text(form);
  CHECK_FALSE(made.text);
  const std::map<std::string, std::string> expected = {
      {"h-mo-to1", "Lundi\u202F: la fermeture (7\u202Fh) doit venir après l’ouverture (8\u202Fh\u202F30)."},
      {"h-tu-from2", "Mardi\u202F: la deuxième plage doit commencer après la fin de la première (12\u202Fh\u202F30)."},
      {"h-we-from1", "Mercredi\u202F: «\u202F25:00\u202F» n’est pas une heure\u202F: écrivez-la par exemple 08:30."},
      {"h-th-to2", "Jeudi\u202F: il manque l’heure de fermeture de la deuxième plage."},
      {"h-fr-from1",
       "Vendredi\u202F: indiquez l’heure d’ouverture et l’heure de fermeture (par exemple 09:00 et "
       "12:30), ou choisissez «\u202Ffermé\u202F»."},
      {"h-su-from1",
       "Dimanche\u202F: «\u202Ffermé\u202F» est choisi, mais des heures sont écrites\u202F: "
       "effacez-les, ou choisissez «\u202Fouvert\u202F»."},
      {"h-ph-state",
       "Jours fériés\u202F: choisissez «\u202Fhoraires habituels\u202F», «\u202Ffermé\u202F» ou "
       "«\u202Fouvert\u202F»."},
  };
  CHECK(made.errors == expected);
  // Saturday alone, fixed: no mistake left on it.
  CHECK(made.errors.count("h-sa-from1") == 0);
}

TEST_CASE("web: the site's hours day by day, the OSM field for experts, both ways", "[web][site][hours]") {
  WebSite site;
  auto c = site.as("paul");
  const auto base = "/lieux/" + std::to_string(site.montbard);
  auto page = c.get(base);
  REQUIRE(page.result() == status::ok);
  const auto html = page.body();
  const auto csrf = input_value(html, "csrf");
  // The form shows the stored hours: Monday open 08:30–12:30 and 13:30–18:00, Sunday closed.
  CHECK_THAT(html, Catch::Contains("<legend>Lundi</legend>"));
  CHECK_THAT(tag_with_id(html, "f-h-mo-from1"), Catch::Contains("value=\"08:30\""));
  CHECK_THAT(tag_with_id(html, "f-h-mo-to2"), Catch::Contains("value=\"18:00\""));
  CHECK_THAT(tag_with_id(html, "f-h-mo-from1"), Catch::Contains("type=\"time\""));
  CHECK_THAT(html, Catch::Contains("<option value=\"ferme\" selected>Fermé</option>"));
  CHECK_THAT(html, Catch::Contains("<summary>Au format OpenStreetMap (pour les connaisseurs)</summary>"));
  CHECK_THAT(html, Catch::Contains("<details class=\"expert\">"));  // closed: the day-by-day form comes first
  CHECK(value_of(html, "opening_hours") == kHours);

  SECTION("the day-by-day form saves the OSM text the kiosks read") {
    auto days = form_of(kHours);
    days.days[5] = {"ferme", "", "", "", ""};         // Saturday closed
    days.days[2] = {"ouvert", "9h", "12 h", "", ""};  // Wednesday mornings only, typed the French way
    days.days[7] = {"habituel", "", "", "", ""};      // public holidays as usual
    const auto r = c.post(base, site_fields(csrf, kHours, kHours, days));
    INFO(r.body());
    REQUIRE(r.result() == status::see_other);
    CHECK(server::find_site(site.db, site.montbard)->opening_hours ==
          "Mo,Tu,Th,Fr 08:30-12:30,13:30-18:00; We 09:00-12:00");
    CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'site.update' AND web_user_id IS NOT NULL") == 1);
    // Shown again: the page reads back what was saved.
    const auto again = c.get(base).body();
    CHECK_THAT(tag_with_id(again, "f-h-we-to1"), Catch::Contains("value=\"12:00\""));
    CHECK_THAT(again, Catch::Contains("<li>mercredi : 9\u202Fh – 12\u202Fh</li>"));
  }
  SECTION("submitting the form unchanged gives the same rules as the stored text") {
    const auto r = c.post(base, site_fields(csrf, kHours, kHours, form_of(kHours)));
    REQUIRE(r.result() == status::see_other);
    const auto stored = server::find_site(site.db, site.montbard)->opening_hours;
    CHECK(server::web::same_rules(*OpeningHours::parse(stored), *OpeningHours::parse(kHours)));
  }
  SECTION("a mistake: 422, the form again as typed, the field marked, nothing saved") {
    auto days = form_of(kHours);
    days.days[1].to1 = "07:00";
    const auto r = c.post(base, site_fields(csrf, kHours, kHours, days));
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "h-tu-to1", "Mardi\u202F: la fermeture (7\u202Fh) doit venir après l’ouverture");
    CHECK_THAT(tag_with_id(r.body(), "f-h-tu-to1"), Catch::Contains("value=\"07:00\""));
    CHECK_THAT(r.body(), Catch::Contains("<a href=\"#f-h-tu-to1\">"));  // the summary links to the field
    CHECK(server::find_site(site.db, site.montbard)->opening_hours == kHours);
  }
  SECTION("the OSM field, changed, wins; a mistake in it is marked there, the details open") {
    auto r = c.post(base, site_fields(csrf, kHours, "Mo-Fr 25:00-26:00", form_of(kHours)));
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "opening_hours", "Heure impossible");
    CHECK_THAT(r.body(), Catch::Contains("<details class=\"expert\" open>"));
    CHECK(value_of(r.body(), "opening_hours") == "Mo-Fr 25:00-26:00");
    CHECK(input_value(r.body(), "opening_hours_shown") == kHours);  // still the hours the page first showed
    r = c.post(base, site_fields(csrf, kHours, "Mo-Sa 09:00-19:00; PH off", form_of(kHours)));
    REQUIRE(r.result() == status::see_other);
    CHECK(server::find_site(site.db, site.montbard)->opening_hours == "Mo-Sa 09:00-19:00; PH off");
  }
  SECTION("changed in both places: which to keep is asked, nothing saved") {
    auto days = form_of(kHours);
    days.days[5] = {"ferme", "", "", "", ""};
    const auto r = c.post(base, site_fields(csrf, kHours, "Mo-Su 10:00-11:00", days));
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "opening_hours", "gardez l’un des deux");
    CHECK(server::find_site(site.db, site.montbard)->opening_hours == kHours);
  }
  SECTION("hours that do not fit the form: the OSM field alone, open") {
    const std::string three = "Mo 08:00-09:00,10:00-11:00,12:00-13:00";
    REQUIRE(c.post(base, site_fields(csrf, kHours, three, form_of(kHours))).result() == status::see_other);
    const auto shown = c.get(base).body();
    CHECK_THAT(shown, !Catch::Contains("id=\"f-h-mo-from1\""));
    CHECK_THAT(shown, Catch::Contains("name=\"hours_source\" value=\"osm\""));
    CHECK_THAT(shown, Catch::Contains("<details class=\"expert\" open>"));
    const auto r = c.post(base, {{"csrf", csrf},
                                 {"name", "Tiers-lieu de Montbard"},
                                 {"address", ""},
                                 {"insee_code", "21425"},
                                 {"opening_hours_shown", three},
                                 {"hours_source", "osm"},
                                 {"opening_hours", three}});
    CHECK(r.result() == status::see_other);
    CHECK(server::find_site(site.db, site.montbard)->opening_hours == three);
  }
  SECTION("other fields: the name and the INSEE code are marked too") {
    auto fields = site_fields(csrf, kHours, kHours, form_of(kHours));
    for (auto& [name, value] : fields)
      if (name == "insee_code") value = "214";
    const auto r = c.post(base, fields);
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "insee_code", "code INSEE à 5 caractères");
    CHECK(value_of(r.body(), "insee_code") == "214");
  }
}

//-----------------------------------------------------------------------------
// Mistakes marked on their field; the erasure page keeps its form
//-----------------------------------------------------------------------------

TEST_CASE("web: a member form with a mistake marks the field and keeps what was typed", "[web][members][a11y]") {
  WebSite site;
  auto c = site.as("paul");
  const auto csrf = c.csrf();
  const auto add = "/lieux/" + std::to_string(site.montbard) + "/adherents/nouveau";
  auto r = c.post(add, {{"csrf", csrf},
                        {"first_name", "Zoé"},
                        {"last_name", "Garnier"},
                        {"email", "zoe@"},
                        {"phone", "06 12 34 56 78"},
                        {"age_bracket", "unknown"}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "email", "L’adresse e-mail semble incomplète");
  CHECK(value_of(r.body(), "first_name") == "Zoé");
  CHECK(value_of(r.body(), "phone") == "06 12 34 56 78");
  CHECK(value_of(r.body(), "email") == "zoe@");
  // Only the wrong field is marked.
  CHECK_THAT(tag_with_id(r.body(), "f-first_name"), !Catch::Contains("aria-invalid"));
  CHECK(site.scalar("SELECT count(*) FROM members WHERE last_name = 'Garnier'") == 0);

  r = c.post(add, {{"csrf", csrf}, {"first_name", "Zoé"}, {"last_name", ""}, {"age_bracket", "unknown"}});
  check_marked(r.body(), "last_name", "Le nom de famille");
  r = c.post(add, {{"csrf", csrf}, {"first_name", "Zoé"}, {"last_name", "Garnier"}, {"age_bracket", "vieux"}});
  check_marked(r.body(), "age_bracket", "Choisissez une tranche d’âge");

  // On a member's page: the badge number.
  const auto member = "/adherents/" + std::to_string(site.marie);
  r = c.post(member + "/badges", {{"csrf", csrf}, {"uid", "pas un badge"}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "uid", "n’est pas un numéro de badge");
  CHECK(value_of(r.body(), "uid") == "pas un badge");
  r = c.post(member, {{"csrf", csrf},
                      {"first_name", "Marie"},
                      {"last_name", "Dupont"},
                      {"home_commune", "2142"},
                      {"age_bracket", "unknown"}});
  check_marked(r.body(), "home_commune", "code INSEE");
  CHECK(value_of(r.body(), "home_commune") == "2142");
}

TEST_CASE("web: the erasure page keeps its form after a mistake", "[web][members][a11y]") {
  WebSite site;
  auto c = site.as("claire");
  const auto page = "/adherents/" + std::to_string(site.jean) + "/effacer";
  auto r = c.post(page, {{"csrf", c.csrf()}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "confirm", "Cochez la case de confirmation");
  CHECK_THAT(r.body(), Catch::Contains("<form class=\"panel\" method=\"post\" action=\"" + page + "\">"));
  CHECK_THAT(r.body(), Catch::Contains("Effacer définitivement"));
  CHECK_THAT(r.body(), Catch::Contains("L’effacement est définitif."));
  CHECK(server::find_member(site.db, site.jean).has_value());
  r = c.post(page, {{"csrf", c.csrf()}, {"confirm", "1"}});
  CHECK(r.result() == status::see_other);
  CHECK_FALSE(server::find_member(site.db, site.jean).has_value());
}

//-----------------------------------------------------------------------------
// Bookings: cancel after a confirmation, book, move
//-----------------------------------------------------------------------------

namespace {

struct BookingSite : WebSite {
  std::int64_t desk = add_desk("Bureau 1");
  std::int64_t desk2 = add_desk("Bureau 2");
  CivilDate tuesday = coming_tuesday();
  std::string base = "/lieux/" + std::to_string(montbard) + "/reservations";

  std::int64_t add_desk(const std::string& name) {
    Resource r;
    r.site_id = montbard;
    r.name = name;
    const auto added = server::add_resource(db, r);
    if (!added) throw std::runtime_error(added.error());
    return added->id;
  }
  Booking book(std::int64_t member, std::int64_t resource, int from_hour, int to_hour) {
    Booking b;
    b.id = make_uuid_v4();
    b.site_id = montbard;
    b.resource_id = resource;
    b.member_id = member;
    b.start = paris(tuesday, from_hour);
    b.end = paris(tuesday, to_hour);
    const auto outcome = server::create_booking(db, b, server::Actor{}, now());
    if (!outcome.ok()) throw std::runtime_error("create_booking refused");
    return *outcome.booking;
  }
  Fields booking_form(const std::string& csrf, std::int64_t member, std::int64_t resource, const CivilDate& day,
                      const std::string& start, const std::string& end, const std::string& id = make_uuid_v4()) {
    return {{"csrf", csrf},
            {"id", id},
            {"member", std::to_string(member)},
            {"resource", std::to_string(resource)},
            {"date", to_iso_date(day)},
            {"start", start},
            {"end", end}};
  }
};

}  // namespace

TEST_CASE("web: « Annuler » asks first, and names the booking for screen readers", "[web][bookings][a11y]") {
  BookingSite site;
  const auto b = site.book(site.marie, site.desk, 9, 12);
  const auto when = format_day(to_paris(b.start)) + " à 9\u202Fh";
  auto c = site.as("paul");
  const auto monday = to_iso_date(add_days(site.tuesday, -1));  // the week's pages name their Monday
  const auto week = site.base + "?semaine=" + monday;
  auto html = c.get(week).body();
  // A link to a confirmation page, its full name in visually hidden text; no form that cancels at once.
  const auto confirm = site.base + "/" + b.id + "/annuler?semaine=" + monday;
  const auto hidden = "<span class=\"visually-hidden\"> la réservation de Marie Dupont, " + when + "</span>";
  CHECK_THAT(html, Catch::Contains("href=\"" + confirm + "\">Annuler" + hidden + "</a>"));
  CHECK_THAT(html, Catch::Contains(">Déplacer" + hidden + "</a>"));
  CHECK_THAT(html, !Catch::Contains("action=\"" + confirm));

  // The confirmation page: the question, « Oui, annuler » (a POST with the CSRF token), « Non, garder ».
  auto r = c.get(confirm);
  REQUIRE(r.result() == status::ok);
  html = r.body();
  CHECK_THAT(html, Catch::Contains("Annuler la réservation de Marie Dupont, " + when + "\u202F?"));
  CHECK_THAT(html, Catch::Contains("<form class=\"panel\" method=\"post\" action=\"" + confirm + "\">"));
  CHECK_THAT(html, Catch::Contains("name=\"csrf\""));
  CHECK_THAT(html, Catch::Contains(">Oui, annuler</button>"));
  CHECK_THAT(html, Catch::Contains("href=\"" + week + "\">Non, garder</a>"));
  CHECK(server::find_booking(site.db, b.id)->status == BookingStatus::Confirmed);  // looking cancels nothing

  // Without the CSRF token: refused, still booked.
  r = c.post(confirm, {});
  CHECK(r.result() == status::forbidden);
  CHECK(server::find_booking(site.db, b.id)->status == BookingStatus::Confirmed);
  // The reporting account cannot, nor the animator of another site.
  auto reporting = site.as("interco");
  CHECK(reporting.get(confirm).result() == status::forbidden);
  CHECK(reporting.post(confirm, {{"csrf", reporting.csrf()}}).result() == status::forbidden);
  CHECK(c.get("/lieux/" + std::to_string(site.semur) + "/reservations/" + b.id + "/annuler").result() ==
        status::forbidden);

  r = c.post(confirm, {{"csrf", c.csrf()}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == site.base + "?ok=annulee&semaine=" + monday);
  CHECK(server::find_booking(site.db, b.id)->status == BookingStatus::Cancelled);
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'booking.cancel%' AND web_user_id IS NOT NULL") ==
        1);
  // Once cancelled, the confirmation page says it cannot be any more.
  CHECK(c.get(confirm).result() == status::conflict);
  CHECK(c.get(site.base + "/00000000-0000-4000-8000-000000000000/annuler").result() == status::not_found);
}

TEST_CASE("web: staff book a desk for a member, with the kiosk's rules", "[web][bookings]") {
  BookingSite site;
  auto c = site.as("paul");
  const auto csrf = c.csrf();
  const auto add = site.base + "/nouvelle";
  auto page = c.get(add + "?date=" + to_iso_date(site.tuesday));
  REQUIRE(page.result() == status::ok);
  CHECK_THAT(page.body(),
             Catch::Contains("<option value=\"" + std::to_string(site.marie) + "\">Dupont Marie</option>"));
  CHECK_THAT(page.body(), Catch::Contains("Bureau 2 (bureau)"));
  CHECK(value_of(page.body(), "date") == to_iso_date(site.tuesday));
  CHECK_THAT(page.body(), !Catch::Contains("Lucie"));  // members of another site are not offered

  // Booked: audited with the web account, and the week says so.
  const auto id = input_value(page.body(), "id");
  REQUIRE(is_valid_uuid(id));
  auto r = c.post(add, site.booking_form(csrf, site.marie, site.desk, site.tuesday, "09:00", "12:00", id));
  INFO(r.body());
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == site.base + "?ok=reservee&semaine=" + to_iso_date(site.tuesday));
  const auto stored = server::find_booking(site.db, id);
  REQUIRE(stored);
  CHECK(stored->member_id == site.marie);
  CHECK(stored->start == paris(site.tuesday, 9));
  CHECK(stored->end == paris(site.tuesday, 12));
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'booking.%' AND web_user_id IS NOT NULL") == 1);
  CHECK_THAT(c.get(location(r)).body(), Catch::Contains("La réservation est enregistrée."));
  // The same form sent twice (a double click) books once.
  r = c.post(add, site.booking_form(csrf, site.marie, site.desk, site.tuesday, "09:00", "12:00", id));
  CHECK(r.result() == status::see_other);
  CHECK(site.scalar("SELECT count(*) FROM bookings") == 1);

  SECTION("a desk already taken: 409, the form again with the start marked") {
    r = c.post(add, site.booking_form(csrf, site.jean, site.desk, site.tuesday, "10:00", "11:00"));
    CHECK(r.result() == status::conflict);
    check_marked(r.body(), "start", "La réservation n’a pas pu être enregistrée\u202F: le bureau était déjà pris.");
    CHECK_THAT(r.body(), Catch::Contains("<option value=\"" + std::to_string(site.jean) + "\" selected>"));
    CHECK(value_of(r.body(), "start") == "10:00");
    CHECK(site.scalar("SELECT count(*) FROM bookings") == 1);
  }
  SECTION("the member already has a booking that day") {
    r = c.post(add, site.booking_form(csrf, site.marie, site.desk2, site.tuesday, "14:00", "15:00"));
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "member", "Marie Dupont a déjà le nombre de réservations permis ce jour-là");
  }
  SECTION("outside the opening hours, a closed day, a typo") {
    r = c.post(add, site.booking_form(csrf, site.jean, site.desk2, site.tuesday, "07:00", "08:00"));
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "start", "en dehors des heures d’ouverture");
    const auto sunday = add_days(site.tuesday, 5);
    r = c.post(add, site.booking_form(csrf, site.jean, site.desk2, sunday, "10:00", "11:00"));
    check_marked(r.body(), "date", "le tiers-lieu est fermé ce jour-là");
    r = c.post(add, site.booking_form(csrf, site.jean, site.desk2, site.tuesday, "11:00", "10:00"));
    check_marked(r.body(), "end", "L’heure de fin doit venir après l’heure de début.");
    r = c.post(add, site.booking_form(csrf, site.jean, site.desk2, site.tuesday, "dix heures", "11:00"));
    check_marked(r.body(), "start", "Indiquez l’heure de début");
    r = c.post(add, {{"csrf", csrf}, {"date", to_iso_date(site.tuesday)}, {"start", "10:00"}, {"end", "11:00"}});
    check_marked(r.body(), "member", "Choisissez l’adhérent");
    check_marked(r.body(), "resource", "Choisissez la ressource");
    CHECK(site.scalar("SELECT count(*) FROM bookings") == 1);
  }
  SECTION("a member of another site is booked here (one membership), unless restricted to other sites") {
    REQUIRE(server::restrict_member_sites(site.db, site.lucie, {site.semur}, {}));
    r = c.post(add, site.booking_form(csrf, site.lucie, site.desk2, site.tuesday, "10:00", "11:00"));
    CHECK(r.result() == status::unprocessable_entity);
    check_marked(r.body(), "member", "n’a pas accès à ce lieu\u202F: son adhésion est limitée à d’autres lieux");
    CHECK(site.scalar("SELECT count(*) FROM bookings") == 1);
    REQUIRE(server::restrict_member_sites(site.db, site.lucie, {}, {}));
    r = c.post(add, site.booking_form(csrf, site.lucie, site.desk2, site.tuesday, "10:00", "11:00"));
    CHECK(r.result() == status::see_other);
    CHECK(site.scalar("SELECT count(*) FROM bookings") == 2);
  }
  SECTION("no CSRF token, the wrong role, another site's animator: refused, nothing written") {
    auto fields = site.booking_form("", site.jean, site.desk2, site.tuesday, "10:00", "11:00");
    fields.erase(fields.begin());
    CHECK(c.post(add, fields).result() == status::forbidden);
    auto reporting = site.as("interco");
    CHECK(reporting.get(add).result() == status::forbidden);
    CHECK(
        reporting.post(add, site.booking_form(reporting.csrf(), site.jean, site.desk2, site.tuesday, "10:00", "11:00"))
            .result() == status::forbidden);
    CHECK(c.get("/lieux/" + std::to_string(site.semur) + "/reservations/nouvelle").result() == status::forbidden);
    CHECK(c.post("/lieux/" + std::to_string(site.semur) + "/reservations/nouvelle",
                 site.booking_form(csrf, site.lucie, site.desk2, site.tuesday, "10:00", "11:00"))
              .result() == status::forbidden);
    CHECK(site.scalar("SELECT count(*) FROM bookings") == 1);
  }
}

TEST_CASE("web: staff move a booking, checked like a new one", "[web][bookings]") {
  BookingSite site;
  const auto b = site.book(site.marie, site.desk, 9, 12);
  site.book(site.jean, site.desk2, 14, 16);
  auto c = site.as("claire");
  const auto move = site.base + "/" + b.id + "/deplacer";
  auto page = c.get(move);
  REQUIRE(page.result() == status::ok);
  CHECK_THAT(page.body(), Catch::Contains("<h1>Déplacer la réservation de Marie Dupont</h1>"));
  CHECK(value_of(page.body(), "start") == "09:00");
  CHECK(value_of(page.body(), "end") == "12:00");
  CHECK(value_of(page.body(), "date") == to_iso_date(site.tuesday));
  const auto csrf = c.csrf();
  auto fields = [&](std::int64_t resource, const std::string& start, const std::string& end) {
    return Fields{{"csrf", csrf},
                  {"resource", std::to_string(resource)},
                  {"date", to_iso_date(site.tuesday)},
                  {"start", start},
                  {"end", end}};
  };
  // Onto Jean's desk and time: taken.
  auto r = c.post(move, fields(site.desk2, "14:00", "15:00"));
  CHECK(r.result() == status::conflict);
  check_marked(r.body(), "start", "La réservation n’a pas pu être déplacée\u202F: le bureau était déjà pris.");
  CHECK(server::find_booking(site.db, b.id)->start == paris(site.tuesday, 9));
  CHECK(c.post(move, {{"resource", std::to_string(site.desk2)}}).result() == status::forbidden);  // no CSRF
  // The afternoon on the first desk: moved, audited.
  r = c.post(move, fields(site.desk, "14:00", "17:00"));
  INFO(r.body());
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == site.base + "?ok=deplacee&semaine=" + to_iso_date(site.tuesday));
  const auto moved = server::find_booking(site.db, b.id);
  CHECK(moved->start == paris(site.tuesday, 14));
  CHECK(moved->end == paris(site.tuesday, 17));
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'booking.move%' AND web_user_id IS NOT NULL") ==
        1);
  auto reporting = site.as("interco");
  CHECK(reporting.get(move).result() == status::forbidden);
}

//-----------------------------------------------------------------------------
// Help appointments from the back office
//-----------------------------------------------------------------------------

TEST_CASE("web: staff make a help appointment in a free slot", "[web][agenda]") {
  WebSite site;
  Member m;
  m.site_id = site.montbard;
  m.first_name = "Nadia";
  m.last_name = "Benali";
  m.roles = {Role::Member, Role::Mediator};
  const auto nadia = server::add_member(site.db, m)->id;
  mediation::AppointmentType t;
  t.site_id = site.montbard;
  t.name = "Aide aux démarches en ligne";
  t.duration = std::chrono::minutes(45);
  REQUIRE(server::add_appointment_type(site.db, t, server::Actor{}).ok());
  mediation::HelpHours h;
  h.site_id = site.montbard;
  h.mediator_id = nadia;
  h.weekday = 2;
  h.start_minute = 14 * 60;
  h.end_minute = 17 * 60;
  REQUIRE(server::add_help_hours(site.db, h, server::Actor{}).ok());
  const auto tuesday = coming_tuesday();

  auto c = site.as("paul");
  const auto add = "/lieux/" + std::to_string(site.montbard) + "/agenda/rendez-vous";
  auto page = c.get(add + "?du=" + to_iso_date(tuesday));
  REQUIRE(page.result() == status::ok);
  const auto slot = to_iso_utc(paris(tuesday, 14)) + "|" + std::to_string(nadia);
  CHECK_THAT(page.body(), Catch::Contains("<optgroup label=\"" + format_day(to_paris(paris(tuesday, 12))) + "\">"));
  CHECK_THAT(page.body(), Catch::Contains("<option value=\"" + slot + "\">14\u202Fh avec Nadia Benali</option>"));
  const auto csrf = c.csrf();
  const auto pid = input_value(page.body(), "participant_id");
  REQUIRE(is_valid_uuid(pid));

  auto r = c.post(add, {{"csrf", csrf},
                        {"participant_id", pid},
                        {"slot", slot},
                        {"first_name", "Josiane"},
                        {"phone", "06 12 34 56 78"},
                        {"reminders", "1"},
                        {"topic-caf", "1"},
                        {"topic-taxes", "1"}});
  INFO(r.body());
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) ==
        "/lieux/" + std::to_string(site.montbard) + "/agenda?ok=rendez-vous&semaine=" + to_iso_date(tuesday));
  CHECK(site.scalar("SELECT count(*) FROM appointments") == 1);
  CHECK(site.scalar("SELECT count(*) FROM participants WHERE first_name = 'Josiane' AND reminders = 1") == 1);
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'help.%' AND web_user_id IS NOT NULL") == 1);
  const auto week = c.get(location(r)).body();
  CHECK_THAT(week, Catch::Contains("Le rendez-vous d’aide est enregistré."));
  CHECK_THAT(week, Catch::Contains("Josiane"));
  CHECK_THAT(week, Catch::Contains("CAF, Impôts"));

  // The same slot for somebody else: taken (409), the slot marked.
  r = c.post(
      add,
      {{"csrf", csrf}, {"participant_id", make_uuid_v4()}, {"slot", slot}, {"member", std::to_string(site.marie)}});
  CHECK(r.result() == status::conflict);
  check_marked(r.body(), "slot", "Le rendez-vous n’est pas enregistré");
  // A phone that is not French: marked on the phone, what was typed kept.
  const auto later = to_iso_utc(paris(tuesday, 14, 45)) + "|" + std::to_string(nadia);
  r = c.post(
      add,
      {{"csrf", csrf}, {"participant_id", make_uuid_v4()}, {"slot", later}, {"first_name", "Léon"}, {"phone", "12"}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "phone", "Le rendez-vous n’est pas enregistré");
  CHECK(value_of(r.body(), "phone") == "12");
  CHECK(value_of(r.body(), "first_name") == "Léon");
  // No slot chosen; another site's member.
  r = c.post(add, {{"csrf", csrf}, {"participant_id", make_uuid_v4()}, {"first_name", "Léon"}});
  check_marked(r.body(), "slot", "Choisissez un créneau");
  REQUIRE(server::restrict_member_sites(site.db, site.lucie, {site.semur}, {}));
  r = c.post(
      add,
      {{"csrf", csrf}, {"participant_id", make_uuid_v4()}, {"slot", later}, {"member", std::to_string(site.lucie)}});
  check_marked(r.body(), "member", "n’a pas accès à ce lieu");
  r = c.post(add, {{"csrf", csrf}, {"participant_id", make_uuid_v4()}, {"slot", later}, {"member", "9999"}});
  check_marked(r.body(), "member", "Choisissez un adhérent dans la liste");
  // No CSRF token, the reporting role, another site: refused.
  CHECK(c.post(add, {{"participant_id", make_uuid_v4()}, {"slot", later}}).result() == status::forbidden);
  auto reporting = site.as("interco");
  CHECK(reporting.post(add, {{"csrf", reporting.csrf()}, {"slot", later}}).result() == status::forbidden);
  CHECK(c.get("/lieux/" + std::to_string(site.semur) + "/agenda/rendez-vous").result() == status::forbidden);
  CHECK(site.scalar("SELECT count(*) FROM appointments") == 1);
}
