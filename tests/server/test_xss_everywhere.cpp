// HTML is escaped by construction (issue 16): a payload stored in every text
// field a person can type never comes back unescaped, in any page, CSV file
// or calendar file of the server.
//
// The payloads go in through the store's own write functions (the ones the
// back office and the API call), each field with its own tag (« S01 »…) so a
// leak names its field. Then every web page is fetched for every role (an
// admin, an animator whose own name is a payload, the reporting account, no
// session): the pages are crawled from the dashboard and the back office by
// following every link they hold, plus the pages only a form reaches; every
// CSV download and calendar feed; every GET route of the admin API; and each
// page once more with a payload in every query parameter the pages read.
//
// HTML is checked with a small tag reader (the pages hold no JavaScript at
// all): no <script> element, no on…= attribute, no javascript: URL in an
// href/src/action, no payload breaking out of an attribute. CSV: no cell a
// spreadsheet would run as a formula. iCalendar: every line a property or a
// fold, TEXT values with ; and , escaped.
//
// The test cannot rot silently: it fails when a GET route of the routing
// table (api_routes) was not visited, and when a field's tag never came
// back (escaped) in anything fetched.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/routes.hpp"
#include "api/routing_table.hpp"
#include "domain/uuid.hpp"
#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "store/activities.hpp"
#include "store/agenda.hpp"
#include "store/booking_waits.hpp"
#include "store/bookings.hpp"
#include "store/member_bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/public_help.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "time/clock.hpp"
#include "time/public_holidays.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::tests;
using web_http::status;

// The pieces of every payload.
constexpr std::string_view kSvg = "\"><svg onload=alert(1)>";
constexpr std::string_view kScript = "<script>alert(1)</script>";
constexpr std::string_view kAttr = "' onmouseover='x";

// A tag, then markup that breaks out of an attribute, a script, and a
// single-quoted attribute (68 bytes at most: names take 100).
std::string html_payload(const std::string& tag) {
  return tag + std::string(kSvg) + std::string(kScript) + std::string(kAttr);
}
// A spreadsheet formula first (CSV injection), then markup.
std::string formula_payload(const std::string& tag) {
  return "=HYPERLINK(\"http://evil/" + tag + "\")" + std::string(kSvg);
}
// A javascript: URL first (a field that could become a link), then markup.
std::string js_payload(const std::string& tag) {
  return "javascript:alert('" + tag + "')//" + std::string(kSvg);
}
// An e-mail address (no spaces) that is also markup.
std::string email_payload(const std::string& tag) {
  return tag + "\"><svg/onload=alert(1)>@evil.fr";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string url_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string html_unescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {{"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"},
                                                                  {"&lt;", "<"},    {"&gt;", ">"},  {"&amp;", "&"}};
  for (const auto& [entity, text] : kEntities) {
    for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1))
      s.replace(at, std::strlen(entity), text);
  }
  return s;
}

//-----------------------------------------------------------------------------
// Checks
//-----------------------------------------------------------------------------

// Everything wrong with an HTML document, as « what: where ».
std::vector<std::string> html_problems(const std::string& html) {
  std::vector<std::string> out;
  auto context = [&](std::size_t at) { return html.substr(at, 120); };
  for (const auto raw : {kSvg, kScript, kAttr}) {
    if (const auto at = html.find(raw); at != std::string::npos) out.push_back("raw payload: " + context(at));
  }
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<' || i + 1 >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i + 1]))) continue;
    const std::size_t start = i;
    std::size_t j = i + 1;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-')) ++j;
    const auto tag = lower(html.substr(i + 1, j - i - 1));
    if (tag == "script") out.push_back("<script> element: " + context(start));
    // Attributes, until '>'.
    while (j < html.size() && html[j] != '>') {
      while (j < html.size() && (std::isspace(static_cast<unsigned char>(html[j])) || html[j] == '/')) ++j;
      const std::size_t name_start = j;
      while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '=' &&
             html[j] != '>' && html[j] != '/')
        ++j;
      const auto name = lower(html.substr(name_start, j - name_start));
      std::string value;
      while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      if (j < html.size() && html[j] == '=') {
        ++j;
        while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
        if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
          const char quote = html[j];
          const auto end = html.find(quote, j + 1);
          value = html.substr(j + 1, (end == std::string::npos ? html.size() : end) - j - 1);
          j = end == std::string::npos ? html.size() : end + 1;
        } else {
          const std::size_t v = j;
          while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '>') ++j;
          value = html.substr(v, j - v);  // unquoted: a payload with a space would add an on… attribute
        }
      }
      if (name.empty()) {
        if (j < html.size() && html[j] != '>') ++j;
        continue;
      }
      if (name.rfind("on", 0) == 0) out.push_back("event attribute " + name + ": " + context(start));
      if (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href") {
        auto url = lower(html_unescape(value));
        url.erase(std::remove_if(url.begin(), url.end(), [](unsigned char c) { return std::isspace(c); }), url.end());
        if (url.rfind("javascript:", 0) == 0 || url.rfind("data:", 0) == 0 || url.rfind("vbscript:", 0) == 0)
          out.push_back(name + "=" + value + ": " + context(start));
      }
      if (name.find_first_of("\"'<") != std::string::npos) out.push_back("broken attribute: " + context(start));
    }
    i = j;
  }
  return out;
}

// The raw fields of one CSV line (quotes kept out, "" made ").
std::vector<std::string> csv_fields(const std::string& text, char separator) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator || c == '\n') {
      fields.push_back(field);
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

std::vector<std::string> csv_problems(const std::string& body) {
  std::vector<std::string> out;
  const auto first_line = body.substr(0, body.find('\n'));
  const char separator =
      std::count(first_line.begin(), first_line.end(), ';') > std::count(first_line.begin(), first_line.end(), ',')
          ? ';'
          : ',';
  for (const auto& f : csv_fields(body, separator)) {
    if (f.empty()) continue;
    const bool number = std::regex_match(f, std::regex("[+-]?[0-9]+([.,][0-9]+)?"));
    if (!number && std::string_view("=+-@\t\r").find(f[0]) != std::string_view::npos)
      out.push_back("formula cell: " + f.substr(0, 80));
  }
  return out;
}

std::vector<std::string> ics_problems(const std::string& body) {
  std::vector<std::string> out;
  // Unfold (CRLF then a space or a tab), then every line is NAME[;params]:value.
  std::string unfolded;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body.compare(i, 3, "\r\n ") == 0 || body.compare(i, 3, "\r\n\t") == 0) {
      i += 2;
      continue;
    }
    unfolded += body[i];
  }
  std::istringstream lines(unfolded);
  std::string line;
  static const std::regex kLine("[A-Z][A-Z0-9-]*(;[^:]*)?:.*");
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (!std::regex_match(line, kLine)) {
      out.push_back("not a content line: " + line.substr(0, 80));
      continue;
    }
    const auto colon = line.find(':');
    const auto name = line.substr(0, line.find_first_of(";:"));
    if (name != "SUMMARY" && name != "DESCRIPTION" && name != "LOCATION" && name != "COMMENT" && name != "X-WR-CALNAME")
      continue;
    const auto value = line.substr(colon + 1);
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '\\') {
        ++i;  // an escape: \\ \; \, \n
      } else if (value[i] == ';' || value[i] == ',') {
        out.push_back("unescaped " + std::string(1, value[i]) + " in " + line.substr(0, 100));
        break;
      }
    }
  }
  return out;
}

//-----------------------------------------------------------------------------
// The data: a payload in every text field a person can type
//-----------------------------------------------------------------------------

CivilDate coming_tuesday() {
  auto day = add_days(paris_civil_date(now()), 7);
  while (iso_weekday(day) != 2 || is_french_public_holiday(day)) day = add_days(day, 1);
  return day;
}

Instant paris(const CivilDate& d, int hour, int minute = 0) {
  return from_paris(d.year, d.month, d.day, hour, minute);
}

void require_ok(const server::HelpOutcome& outcome) {
  if (!outcome.ok()) FAIL("refused: " << (outcome.refusal ? static_cast<int>(*outcome.refusal) : -1));
}

template <class R>
void require_ok(const R& result) {
  if (!result.ok()) FAIL(result.error());
}

constexpr const char* kEvePassword = "mot de passe eve 4444";

struct XssSite : WebSite {
  // tag → the field it stands for (the report names the field).
  std::map<std::string, std::string> fields;
  CivilDate tuesday = coming_tuesday();
  std::int64_t mediator = 0;
  std::int64_t desk = 0;
  std::int64_t room = 0;
  std::string booking_id;
  std::string appointment_id;
  std::string help_participant_id;  // the help appointment's participant, and the link of its SMS
  std::string help_link;
  std::string workshop_id;
  std::string member_token;
  std::vector<std::int64_t> members;

  std::string field(const std::string& tag, const std::string& what) {
    fields[tag] = what;
    return tag;
  }

  XssSite() {
    // Sites: name and address.
    auto s = *server::find_site(db, montbard);
    s.name = "Montbard " + html_payload(field("S01", "site name"));
    s.address = js_payload(field("S02", "site address")) + ";x,y\\z";
    REQUIRE(server::update_site(db, s, server::Actor{}).ok());
    s = *server::find_site(db, semur);
    s.name = formula_payload(field("S03", "site name (formula)"));
    s.address = html_payload(field("S04", "site address"));
    REQUIRE(server::update_site(db, s, server::Actor{}).ok());

    // Members: names, e-mail (phones and INSEE codes are checked digits).
    auto edit = [&](std::int64_t id, std::string first, std::string last, std::optional<std::string> email) {
      auto m = *server::find_member(db, id);
      m.first_name = std::move(first);
      m.last_name = std::move(last);
      m.email = std::move(email);
      m.phone = "06 12 34 56 78";
      m.home_commune = "21425";
      const auto saved = server::update_member(db, m, server::Actor{});
      require_ok(saved);
    };
    edit(marie, html_payload(field("M01", "member first name")), html_payload(field("M02", "member last name")),
         email_payload(field("M03", "member e-mail")));
    edit(jean, formula_payload(field("M04", "member first name (formula)")),
         js_payload(field("M05", "member last name (javascript:)")), std::nullopt);
    edit(lucie, html_payload(field("M06", "member first name (other site)")), "Bernard", std::nullopt);
    Member med;
    med.site_id = montbard;
    med.first_name = html_payload(field("M07", "mediator first name"));
    med.last_name = html_payload(field("M08", "mediator last name"));
    med.roles = {Role::Member, Role::Animator, Role::Mediator};
    mediator = server::add_member(db, med)->id;
    members = {marie, jean, lucie, mediator};

    // Resources: names and features, in French and English.
    Resource r;
    r.site_id = montbard;
    r.name = html_payload(field("R01", "resource name"));
    r.features = html_payload(field("R02", "resource features"));
    r.name_en = html_payload(field("R03", "resource English name"));
    r.features_en = html_payload(field("R04", "resource English features"));
    auto added = server::add_resource(db, r);
    require_ok(added);
    desk = added->id;
    Resource visio;
    visio.site_id = montbard;
    visio.kind = ResourceKind::VisioRoom;
    visio.name = formula_payload(field("R05", "resource name (formula)"));
    added = server::add_resource(db, visio);
    require_ok(added);
    room = added->id;

    // A kiosk, an admin tool, a web account: their names.
    kiosk(montbard, html_payload(field("K01", "kiosk name")));
    REQUIRE(server::add_admin_client(db, html_payload(field("A01", "admin client name"))).ok());
    server::NewWebUser eve;
    eve.login = "eve";
    eve.display_name = html_payload(field("W01", "web account display name"));
    eve.role = server::WebRole::Animator;
    eve.site_id = montbard;
    eve.password = kEvePassword;
    const auto user = server::add_web_user(db, eve);
    require_ok(user);

    // A booking and the member's calendar.
    Booking b;
    b.id = make_uuid_v4();
    b.site_id = montbard;
    b.resource_id = desk;
    b.member_id = marie;
    b.start = paris(tuesday, 9);
    b.end = paris(tuesday, 12);
    REQUIRE(server::create_booking(db, b, server::Actor{}, now()).ok());
    booking_id = b.id;
    member_token = server::issue_calendar_token(db, marie, now());

    // The help agenda: types, hours, an absence, an appointment, a workshop and who joins it.
    mediation::AppointmentType individual;
    individual.site_id = montbard;
    individual.name = html_payload(field("T01", "appointment type name"));
    individual.name_en = html_payload(field("T02", "appointment type English name"));
    const auto individual_id = server::add_appointment_type(db, individual, server::Actor{});
    require_ok(individual_id);
    mediation::AppointmentType collective;
    collective.site_id = montbard;
    collective.name = html_payload(field("T03", "workshop type name"));
    collective.duration = std::chrono::minutes(90);
    collective.collective = true;
    collective.capacity = 6;
    collective.level = mediation::WorkshopLevel::Beginner;
    const auto collective_id = server::add_appointment_type(db, collective, server::Actor{});
    require_ok(collective_id);
    mediation::HelpHours h;
    h.site_id = montbard;
    h.mediator_id = mediator;
    h.weekday = 2;
    h.start_minute = 9 * 60;
    h.end_minute = 17 * 60;
    REQUIRE(server::add_help_hours(db, h, server::Actor{}).ok());
    mediation::HelpException away;
    away.site_id = montbard;
    away.mediator_id = mediator;
    away.first = add_days(tuesday, 2);
    away.last = add_days(tuesday, 3);
    away.reason = html_payload(field("X01", "absence reason"));
    const auto away_id = server::add_help_exception(db, away, server::Actor{});
    require_ok(away_id);

    server::HelpRequest help;
    help.appointment_id = make_uuid_v4();
    help.site_id = montbard;
    help.type_id = *individual_id;
    help.mediator_id = mediator;
    help.start = paris(tuesday, 10, 30);
    help.participant.id = make_uuid_v4();
    help.participant.first_name = html_payload(field("H01", "help participant first name"));
    help.participant.email = email_payload(field("H02", "help participant e-mail"));
    help.participant.topics = {mediation::HelpTopic::Caf, mediation::HelpTopic::Other};
    auto outcome = server::request_help(db, help, server::Actor{}, now());
    require_ok(outcome);
    appointment_id = help.appointment_id;
    help_participant_id = help.participant.id;
    help_link = server::issue_participant_link(db, help.participant.id, *help.start, now());

    server::WorkshopRequest workshop;
    workshop.appointment_id = make_uuid_v4();
    workshop.type_id = *collective_id;
    workshop.mediator_id = mediator;
    workshop.start = paris(tuesday, 14);
    workshop.title = html_payload(field("O01", "workshop title")) + ";a,b";
    workshop.title_en = html_payload(field("O02", "workshop English title"));
    outcome = server::schedule_workshop(db, workshop, server::Actor{}, now());
    require_ok(outcome);
    workshop_id = workshop.appointment_id;
    server::HelpRequest join;
    join.appointment_id = workshop_id;
    join.site_id = montbard;
    join.type_id = *collective_id;
    join.mediator_id = mediator;
    join.participant.id = make_uuid_v4();
    join.participant.first_name = html_payload(field("H03", "workshop participant first name"));
    require_ok(server::request_help(db, join, server::Actor{}, now()));
    server::HelpRequest member_joins = join;
    member_joins.participant = {};
    member_joins.participant.id = make_uuid_v4();
    member_joins.participant.member_id = marie;
    require_ok(server::request_help(db, member_joins, server::Actor{}, now()));

    // An activity record (today, without an appointment): its free texts.
    mediation::ActivityRecord a;
    a.id = make_uuid_v4();
    a.site_id = montbard;
    a.mediator_id = mediator;
    a.collective = true;
    a.participants = 3;
    a.date = paris_civil_date(now());
    a.duration = std::chrono::minutes(60);
    a.themes = {"email"};
    a.workshop_title = formula_payload(field("V01", "activity workshop title (formula)"));
    a.redirection = formula_payload(field("V02", "activity redirection (formula)"));
    a.note = html_payload(field("V03", "activity note"));
    a.partners = {"caf"};
    a.cheques = 2;  // the cheque export (issue 19) lists the site's name with them
    a.cheque_numbers = {"10000001", "10000002"};
    const auto recorded = server::record_activity(db, a, server::Actor{});
    require_ok(recorded);

    // The site's mediation details (published as open data).
    server::SiteMediationInfo info;
    info.site_id = montbard;
    info.pivot = "21210001600014";
    info.postal_code = "21500";
    info.commune = html_payload(field("D01", "site commune (open data)"));
    info.phone = "03 80 92 00 00";
    const auto published = server::set_site_mediation(db, info, server::Actor{});
    require_ok(published);

    // Visits today, so the dashboard's tables have rows (visits hold no typed text).
    const auto today = to_iso_date(paris_civil_date(now()));
    int n = 0;
    for (const auto m : {marie, jean, lucie}) {
      char id[40];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++n);
      db.prepare(
            "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, "
            "walk_in) VALUES (?, ?, ?, 1, NULL, ?, ?, ?, 0)")
          .bind_all(std::string(id), m == lucie ? semur : montbard, m, today + "T08:00:00.000Z",
                    today + "T09:00:00.000Z", today)
          .run();
    }
    // Lucie of Semur came to Montbard too: Montbard's animator sees her (issue 17's network).
    db.prepare(
          "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, "
          "walk_in) VALUES ('00000000-0000-4000-8000-000000000099', ?, ?, 1, NULL, ?, ?, ?, 0)")
        .bind_all(montbard, lucie, today + "T10:00:00.000Z", today + "T11:00:00.000Z", today)
        .run();
    // The network's name and territory.
    server::NetworkSettings network;
    network.name = html_payload(field("N01", "network name"));
    network.territory = html_payload(field("N02", "network territory"));
    require_ok(server::set_network_settings(db, network, server::Actor{}));
  }
};

//-----------------------------------------------------------------------------
// Fetching
//-----------------------------------------------------------------------------

// Every query parameter the pages read (server/web/*.cpp, ctx.param).
const char* const kQueryParams[] = {"adherent", "annee",  "date",    "du", "expiree", "from",
                                    "ok",       "partie", "period",  "q",  "semaine", "site",
                                    "sortie",   "suite",  "tableur", "to", "type"};

struct Fetch {
  std::string who;
  std::string target;
  unsigned status = 0;
  std::string type;
};

class Checker {
 public:
  explicit Checker(XssSite& site) : site_(site) {}

  // Fetches `target`, checks the answer by its type; returns the body.
  std::string fetch(WebClient& c, const std::string& who, const std::string& target, const std::string& bearer = {}) {
    const auto r = c.get(target, bearer);
    const auto type = reply_header(r, web_http::field::content_type);
    fetched_.push_back({who, target, static_cast<unsigned>(r.result_int()), type});
    const std::string& body = r.body();
    std::vector<std::string> problems;
    if (type.rfind("text/html", 0) == 0) {
      problems = html_problems(body);
      seen(body, true);
    } else if (type.rfind("text/csv", 0) == 0) {
      problems = csv_problems(body);
      seen(body, false);
    } else if (type.rfind("text/calendar", 0) == 0) {
      problems = ics_problems(body);
      seen(body, false);
    } else if (type.rfind("application/json", 0) == 0) {
      try {
        const auto parsed = nlohmann::json::parse(body);
        if (parsed.is_discarded()) problems.push_back("not JSON");
      } catch (const std::exception& e) {
        problems.push_back(std::string("not JSON: ") + e.what());
      }
      seen(body, false);
    } else if (!body.empty() && type.rfind("text/css", 0) != 0) {
      problems.push_back("unexpected content type « " + type + " »");
    }
    const auto location = reply_header(r, web_http::field::location);
    if (location.find_first_of("\"<>' \r\n") != std::string::npos) problems.push_back("Location: " + location);
    if (problems.size() > 4) problems.resize(4);  // the first few say enough
    for (const auto& p : problems) problems_.push_back(who + " GET " + target + " — " + p);
    return body;
  }

  // Follows every same-site link from `start`, at most `per_path` targets per path.
  void crawl(WebClient& c, const std::string& who, const std::vector<std::string>& start, int per_path = 3) {
    std::deque<std::string> queue(start.begin(), start.end());
    std::set<std::string> queued(start.begin(), start.end());
    std::map<std::string, int> visits;
    static const std::regex kHref("href=\"([^\"]*)\"");
    while (!queue.empty()) {
      const auto target = queue.front();
      queue.pop_front();
      const auto path = target.substr(0, target.find('?'));
      if (++visits[path] > per_path) continue;
      const auto body = fetch(c, who, target);
      pages_[who].insert(target);
      for (std::sregex_iterator it(body.begin(), body.end(), kHref), end; it != end; ++it) {
        auto link = html_unescape((*it)[1].str());
        link = link.substr(0, link.find('#'));
        if (link.empty() || link[0] != '/' || link.rfind("//", 0) == 0 || link.rfind("/assets/", 0) == 0) continue;
        if (queued.insert(link).second) queue.push_back(link);
      }
    }
  }

  // Each HTML page fetched by `who`, again with a payload in every query parameter.
  void reflect(WebClient& c, const std::string& who) {
    std::set<std::string> paths;
    for (const auto& f : fetched_) {
      if (f.who == who && f.type.rfind("text/html", 0) == 0) paths.insert(f.target.substr(0, f.target.find('?')));
    }
    std::string query;
    for (const char* name : kQueryParams)
      query += std::string(query.empty() ? "?" : "&") + name + "=" + url_encode(html_payload("Q00"));
    for (const auto& p : paths) fetch(c, who, p + query);
  }

  const std::vector<std::string>& problems() const { return problems_; }
  const std::vector<Fetch>& fetched() const { return fetched_; }
  const std::set<std::string>& tags_seen() const { return tags_; }

 private:
  // Notes which fields' tags came back, escaped in HTML (the tag then &quot;/&lt;…) or in any other file.
  void seen(const std::string& body, bool html) {
    for (const auto& [tag, what] : site_.fields) {
      for (auto at = body.find(tag); at != std::string::npos; at = body.find(tag, at + 1)) {
        const auto after = body.substr(at + tag.size(), 6);
        if (!html || after.rfind("&quot;", 0) == 0 || after.rfind("\")", 0) == 0 || after.rfind("')//", 0) == 0 ||
            after.rfind("&#39;", 0) == 0) {
          tags_.insert(tag);
          break;
        }
      }
    }
  }

  XssSite& site_;
  std::vector<Fetch> fetched_;
  std::vector<std::string> problems_;
  std::set<std::string> tags_;
  std::map<std::string, std::set<std::string>> pages_;
};

}  // namespace

TEST_CASE("xss: the checks find what they look for", "[web][xss][security]") {
  // HTML: a payload left raw, in text or breaking out of an attribute; links and event attributes.
  CHECK_FALSE(html_problems("<p>" + html_payload("T") + "</p>").empty());
  CHECK_FALSE(html_problems("<input value=\"" + html_payload("T") + "\">").empty());
  CHECK_FALSE(html_problems("<a title='x' onmouseover='x'>a</a>").empty());
  CHECK_FALSE(html_problems("<a href=\" JavaScript:alert(1)\">a</a>").empty());
  CHECK_FALSE(html_problems("<SCRIPT src=x></SCRIPT>").empty());
  CHECK(html_problems("<p title=\"T&quot;&gt;&lt;svg onload=alert(1)&gt;&#39; onmouseover=&#39;x\">T&lt;script&gt;</p>")
            .empty());
  CHECK(html_problems("<svg viewBox=\"0 0 10 10\" aria-hidden=true><rect x=\"1\"/></svg>").empty());
  // CSV: a formula cell, quoted or not, with either separator; numbers and neutralised text pass.
  CHECK_FALSE(csv_problems("a,b\r\n=1+1,x\r\n").empty());
  CHECK_FALSE(csv_problems("a;b\r\nx;\"@SUM(1)\"\r\n").empty());
  CHECK(csv_problems("a,b\r\n'=1+1,-3\r\n\"-1,5\",+33612345678\r\n").empty());
  // iCalendar: a line that is not a property (an injected newline), an unescaped ; or , in a TEXT value.
  CHECK_FALSE(ics_problems("BEGIN:VEVENT\r\nSUMMARY:a\r\n<svg>\r\nEND:VEVENT\r\n").empty());
  CHECK_FALSE(ics_problems("SUMMARY:a;b\r\n").empty());
  CHECK(ics_problems("SUMMARY:a\\;b\\,c\\\\\r\n d\r\nLOCATION;LANGUAGE=fr:x\r\n").empty());
}

TEST_CASE("xss: no payload typed into a field comes back unescaped, in any page, CSV or calendar file",
          "[web][xss][security]") {
  XssSite site;
  Checker check(site);
  const auto m = std::to_string(site.montbard);
  const auto monday = to_iso_date(add_days(site.tuesday, -1));
  const auto base = "/lieux/" + m;
  const auto marie = "/adherents/" + std::to_string(site.marie);

  // The pages a link does not reach (forms with method GET, confirmations, a chosen week).
  const std::vector<std::string> back_office = {
      "/",
      "/tableau-de-bord",
      "/lieux",
      base,
      base + "/adherents",
      base + "/adherents?q=" + url_encode("M01"),
      base + "/adherents/nouveau",
      base + "/reservations?semaine=" + monday,
      base + "/reservations/nouvelle?date=" + to_iso_date(site.tuesday),
      base + "/reservations/" + site.booking_id + "/annuler?semaine=" + monday,
      base + "/reservations/" + site.booking_id + "/deplacer?semaine=" + monday,
      base + "/agenda?semaine=" + monday,
      base + "/agenda/rendez-vous?du=" + to_iso_date(site.tuesday),
      marie,
      marie + "/effacer",
      marie + "/export.json",
      "/adherents/" + std::to_string(site.jean),
      "/adherents/" + std::to_string(site.mediator),
      "/lieux/" + std::to_string(site.semur),
      "/adherents/" + std::to_string(site.lucie),
      "/tableau-de-bord?site=" + m,
      base + "/cheques.csv?mois=" + to_iso_date(paris_civil_date(now())).substr(0, 7),
      base + "/cheques?mois=" + to_iso_date(paris_civil_date(now())).substr(0, 7),
      "/tableau-de-bord.json",
      "/adherents",
      "/adherents?q=" + url_encode("M06"),
      "/reseau",
  };

  // An admin, an animator whose own name is a payload, the reporting account.
  auto admin = site.as("claire");
  check.crawl(admin, "admin", back_office);
  check.reflect(admin, "admin");
  auto eve = site.client();
  REQUIRE(eve.log_in("eve", kEvePassword).result() == status::see_other);
  check.crawl(eve, "animator", back_office);
  check.reflect(eve, "animator");
  auto reporting = site.as("interco");
  check.crawl(reporting, "reporting", {"/tableau-de-bord", "/lieux", base});
  check.reflect(reporting, "reporting");
  // No session: the login page (a payload in its « suite »), and a page that redirects there.
  auto anonymous = site.client();
  check.fetch(anonymous, "anonymous", "/connexion?suite=" + url_encode("/" + html_payload("Q01")));
  check.fetch(anonymous, "anonymous", "/connexion?sortie=1&expiree=2");
  check.fetch(anonymous, "anonymous", base + "/adherents?q=" + url_encode(html_payload("Q02")));
  // « Mon espace »: Marie on her phone (a kiosk's link), her pages and what they link to.
  auto phone = site.client();
  const auto link = server::issue_login_link(site.db, site.marie, server::LinkChannel::Kiosk, now());
  REQUIRE(link.ok());
  check.fetch(phone, "member", "/moi/lien/" + link->token);
  REQUIRE(phone.post("/moi/lien/" + link->token, {{"form_token", phone.cookie("escale_lien")}}).result() ==
          status::see_other);
  check.crawl(phone, "member", {"/moi", "/moi/donnees.json", "/moi?fait=choix"});
  check.fetch(phone, "member", "/moi/reservations/" + site.booking_id + "/deplacer");
  check.reflect(phone, "member");
  check.crawl(phone, "member", {"/moi/langue/en", "/moi"});
  check.fetch(anonymous, "anonymous", "/moi/connexion?expiree=1&sortie=1");
  // A booking's link from its reminder (no session): the booking, its resource's name.
  const auto cancel_link =
      server::issue_booking_link(site.db, site.booking_id, now() + std::chrono::hours(24 * 30), now());
  check.fetch(anonymous, "anonymous", "/reservation/" + cancel_link);
  // A waiting list's offer's link: a wait made by hand for the page (its state decides the text).
  {
    auto st = site.db.prepare(
        "INSERT INTO booking_waits (member_id, site_id, kind, start_at, end_at, local_date, created_at, state, "
        "updated_at) VALUES (?, ?, 'desk', ?, ?, ?, ?, 'expired', ?)");
    const auto start = now() + std::chrono::hours(48);
    st.bind_all(site.marie, site.montbard, to_iso_utc(start), to_iso_utc(start + std::chrono::hours(3)),
                to_iso_date(paris_civil_date(start)), to_iso_utc(now()), to_iso_utc(now()))
        .run();
    const auto offer =
        server::issue_offer_link(site.db, site.db.last_insert_rowid(), now() + std::chrono::hours(1), now());
    check.fetch(anonymous, "anonymous", "/place/" + offer);
  }
  check.fetch(anonymous, "anonymous", "/moi/lien/" + url_encode(html_payload("Q06")));
  // The public pages (issue 18): the network's places, the help booking, its confirmation, the SMS's link.
  auto visitor = site.client();
  const auto public_site = "/lieux-du-reseau/" + std::to_string(site.montbard);
  check.crawl(visitor, "anonymous", {"/lieux-du-reseau", public_site + "/aide?du=" + url_encode(html_payload("Q07"))});
  check.fetch(visitor, "anonymous", public_site + "/aide/" + site.help_participant_id);
  check.fetch(visitor, "anonymous", "/rdv/" + site.help_link);
  check.fetch(visitor, "anonymous", "/rdv/" + site.help_link + "/changer");
  check.fetch(visitor, "anonymous", "/rdv/" + url_encode(html_payload("Q08")));
  // A payload in the path: the pages that say « not found ».
  check.fetch(admin, "admin", "/lieux/" + url_encode(html_payload("Q03")));
  check.fetch(admin, "admin", "/adherents/" + std::to_string(site.marie) + "/" + url_encode(html_payload("Q04")));
  check.fetch(admin, "admin", "/tableau-de-bord/" + url_encode(html_payload("Q05")) + ".csv");

  // Calendar feeds and open data (no credential).
  check.fetch(anonymous, "anonymous", "/ics/bookings/" + site.booking_id + ".ics");
  check.fetch(anonymous, "anonymous", "/ics/members/" + site.member_token + ".ics");
  check.fetch(anonymous, "anonymous", "/ics/resources/" + std::to_string(site.desk) + ".ics");
  check.fetch(anonymous, "anonymous", "/ics/appointments/" + site.appointment_id + ".ics");
  check.fetch(anonymous, "anonymous", "/ics/appointments/" + site.workshop_id + ".ics");
  check.fetch(anonymous, "anonymous", "/opendata/lieux-mediation-numerique.csv");
  check.fetch(anonymous, "anonymous", "/healthz");
  check.fetch(anonymous, "anonymous", "/reports/visits");

  // The admin API (an admin tool's token): JSON, CSV, and the visits report's HTML.
  const auto token = site.admin_token;
  const auto today = to_iso_date(paris_civil_date(now()));
  const auto year_start = today.substr(0, 4) + "-01-01";
  const auto next = to_iso_date(add_days(site.tuesday, 14));
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/members",
           "/api/v1/badges",
           "/api/v1/resources?site=" + m,
           "/api/v1/availability?site=" + m + "&from=" + to_iso_date(site.tuesday) + "&days=1",
           "/api/v1/bookings?site=" + m,
           "/api/v1/bookings/" + site.booking_id,
           "/api/v1/agenda?site=" + m + "&from=" + today + "&to=" + next,
           "/api/v1/help-slots?site=" + m + "&type=1&from=" + to_iso_date(site.tuesday),
           "/api/v1/appointments?site=" + m,
           "/api/v1/appointments/" + site.workshop_id,
           "/api/v1/exports/activities.csv?from=" + year_start + "&to=" + today,
           "/api/v1/exports/activities.csv?from=" + year_start + "&to=" + today + "&variant=tableur",
           "/api/v1/exports/coop-activites.json?from=" + year_start + "&to=" + today,
           "/api/v1/exports/coop-activites.csv?from=" + year_start + "&to=" + today,
           "/api/v1/exports/coop-activites.csv?from=" + year_start + "&to=" + today + "&variant=tableur",
           "/api/v1/exports/cheques.csv?site=" + m + "&month=" + today.substr(0, 7),
           "/api/v1/exports/cheques.csv?site=" + m + "&month=" + today.substr(0, 7) + "&variant=tableur",
           "/api/v1/reports/dashboard",
       }) {
    check.fetch(anonymous, "admin token", target, token);
  }
  for (const char* format : {"json", "csv", "csv-excel", "html"}) {
    check.fetch(anonymous, "admin token",
                "/api/v1/reports/visits?from=" + year_start + "&to=" + today + "&format=" + format, token);
  }

  // What was visited, for the record (run with -s to read it).
  std::ostringstream list;
  std::map<std::string, int> per_type;
  for (const auto& f : check.fetched()) {
    list << f.status << " " << f.who << " " << f.target << " (" << f.type << ")\n";
    ++per_type[f.type.substr(0, f.type.find(';'))];
  }
  for (const auto& [type, count] : per_type) list << count << " × " << type << "\n";
  if (std::getenv("ESCALE_XSS_LIST")) Catch::cout() << list.str();  // ESCALE_XSS_LIST=1 prints it

  // No payload came back unescaped.
  std::string problems;
  for (const auto& p : check.problems()) problems += p + "\n";
  INFO(problems);
  CHECK(check.problems().empty());

  // Every field's tag came back somewhere (escaped): the test looked where each one is shown. Two
  // fields are stored and shown nowhere today: an admin tool's name (only in the audit log) and an
  // activity's note (« never exported »); when a page starts showing one, move it out of this list.
  const std::set<std::string> shown_nowhere = {"A01", "V03"};
  std::string missing;
  for (const auto& [tag, what] : site.fields) {
    const bool seen = check.tags_seen().count(tag) > 0;
    if (seen == (shown_nowhere.count(tag) > 0)) missing += tag + " (" + what + ")\n";
  }
  INFO("fields never seen in anything fetched, or seen though listed as shown nowhere:\n" << missing);
  CHECK(missing.empty());

  // Every page answered: no seed page is a 404 or an error.
  std::string failed;
  for (const auto& f : check.fetched()) {
    const bool expects_pages = f.who == "admin" || f.who == "admin token" || f.who == "anonymous";
    if (expects_pages && f.target.find("Q0") == std::string::npos && f.status >= 400)
      failed += std::to_string(f.status) + " " + f.who + " " + f.target + "\n";
  }
  INFO("pages in error:\n" << failed);
  CHECK(failed.empty());

  // Every GET route of the routing table was visited: a new route fails here until the test fetches it.
  const auto table = server::api_routes(site.pool);
  std::string unvisited;
  for (const auto& route : table.routes()) {
    if (route.method && *route.method != web_http::verb::get) continue;
    const server::api::PathPattern pattern(route.pattern);
    const bool visited = std::any_of(check.fetched().begin(), check.fetched().end(), [&](const Fetch& f) {
      return f.status < 400 && pattern.match(f.target.substr(0, f.target.find('?'))).has_value();
    });
    if (!visited && route.pattern != "/deconnexion" && route.pattern.rfind("/assets/", 0) != 0)
      unvisited += route.pattern + "\n";
  }
  INFO("GET routes never visited:\n" << unvisited);
  CHECK(unvisited.empty());
}
