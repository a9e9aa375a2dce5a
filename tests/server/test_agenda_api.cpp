#include "api/agenda_routes.hpp"  // first: the header is self-contained

// The help agenda's API over a real socket: the agenda and its free slots,
// appointments (book, refusals and their codes, read, list), workshops
// (join, waiting list, statuses, cancellations), activity records and their
// anonymised CSV export, an appointment's iCalendar file read back by
// python3-icalendar, and bad input. The server uses the real clock.
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "agenda_http.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaApi;
using escale::tests::agenda_http::header;
using escale::tests::agenda_http::Reply;
using escale::tests::agenda_http::bhttp::field;
using escale::tests::agenda_http::bhttp::status;
using escale::tests::agenda_http::bhttp::verb;
using nlohmann::json;

// {"error":{"status":N,"code":C,"message":M}}; returns the message.
std::string check_refusal(const Reply& r, status expected, const std::string& code) {
  INFO(r.body());
  CHECK(r.result() == expected);
  CHECK(header(r, field::content_type) == "application/json; charset=utf-8");
  const auto doc = json::parse(r.body());
  REQUIRE(doc.contains("error"));
  CHECK(doc["error"]["status"] == static_cast<int>(expected));
  if (!code.empty()) CHECK(doc["error"]["code"] == code);
  REQUIRE(doc["error"]["message"].is_string());
  return doc["error"]["message"].get<std::string>();
}

CivilDate tomorrow() {
  return add_days(paris_civil_date(now()), 1);
}

// The free slots of the individual type from tomorrow, for a week.
std::vector<json> free_slots(AgendaApi& api) {
  const auto r = api.admin_get("/api/v1/help-slots?type=" + std::to_string(api.individual) +
                               "&from=" + to_iso_date(tomorrow()) + "&days=7");
  REQUIRE(r.result() == status::ok);
  const auto doc = json::parse(r.body());
  return doc["slots"].get<std::vector<json>>();
}

json participant(const std::string& first_name, const json& phone = nullptr) {
  return {{"first_name", first_name}, {"phone", phone}, {"reminders", !phone.is_null()}, {"topics", {"caf"}}};
}

json booking(const AgendaApi& api, const json& slot, const json& who) {
  return {{"type_id", api.individual},
          {"mediator_id", slot["mediator_id"]},
          {"start", slot["start"]},
          {"participant", who}};
}

// The participant of an appointment's JSON whose field `key` is `value`.
json participant_where(const json& appointment, const std::string& key, const std::string& value) {
  for (const auto& p : appointment["participants"]) {
    if (p[key] == value) return p;
  }
  FAIL("no participant with " << key << " " << value << " in " << appointment.dump());
  return {};
}

std::string system_python() {
  return "/usr/bin/python3";
}

// Reads an .ics with python3-icalendar; prints UID, DTSTART and DTEND in UTC, SUMMARY, STATUS, tab-separated.
constexpr const char* kReadIcs = R"PY(
import datetime, sys
try:
    import icalendar
except ImportError as error:
    print("python3-icalendar is missing: %s" % error)
    sys.exit(3)
with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
utc = datetime.timezone.utc
for event in cal.walk("VEVENT"):
    start = event.decoded("DTSTART").astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = event.decoded("DTEND").astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    tzid = event["DTSTART"].params.get("TZID")
    print("\t".join([str(event["UID"]), start, end, str(event["SUMMARY"]), str(event["STATUS"]), str(tzid)]))
)PY";

std::string run_python(const std::filesystem::path& dir, const std::string& ics) {
  {
    std::ofstream(dir / "read.py") << kReadIcs;
    std::ofstream(dir / "rdv.ics", std::ios::binary) << ics;
  }
  const std::string command =
      system_python() + " '" + (dir / "read.py").string() + "' '" + (dir / "rdv.ics").string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[512];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int rc = ::pclose(pipe);
  INFO(output);
  REQUIRE(WIFEXITED(rc));
  REQUIRE(WEXITSTATUS(rc) == 0);
  return output;
}

std::string utc_seconds(const std::string& iso_millis) {
  return iso_millis.substr(0, 19) + "Z";
}

}  // namespace

TEST_CASE("agenda api: admin clients only, the public files need no token", "[agenda_api]") {
  AgendaApi api;
  const std::string uuid = "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8";
  const std::vector<std::pair<verb, std::string>> routes = {
      {verb::get, "/api/v1/agenda?site=1"},
      {verb::get, "/api/v1/help-slots?type=1"},
      {verb::get, "/api/v1/appointments?site=1"},
      {verb::post, "/api/v1/appointments"},
      {verb::post, "/api/v1/workshops"},
      {verb::get, "/api/v1/appointments/" + uuid},
      {verb::post, "/api/v1/appointments/" + uuid + "/cancel"},
      {verb::post, "/api/v1/appointments/" + uuid + "/participants/" + uuid + "/status"},
      {verb::post, "/api/v1/appointments/" + uuid + "/participants/" + uuid + "/cancel"},
      {verb::post, "/api/v1/activities"},
      {verb::get, "/api/v1/exports/activities.csv"},
      {verb::get, "/api/v1/exports/coop-activites.json"},
      {verb::get, "/api/v1/exports/coop-activites.csv"},
      {verb::get, "/api/v1/exports/cheques.csv?site=1&month=2026-11"},
  };
  for (const auto& [method, target] : routes) {
    INFO(target);
    const auto none = escale::tests::agenda_http::call(api.http_server.port(), method, target, "{}", std::nullopt);
    check_refusal(none, status::unauthorized, "");
    CHECK(header(none, field::www_authenticate) == "Bearer");
    check_refusal(escale::tests::agenda_http::call(api.http_server.port(), method, target, "{}",
                                                   std::string("esa_") + std::string(64, '0')),
                  status::unauthorized, "");
  }
  CHECK(api.count("appointments") == 0);
  CHECK(api.count("activities") == 0);
  // Wrong methods.
  const auto put = escale::tests::agenda_http::call(api.http_server.port(), verb::put, "/api/v1/appointments", "{}",
                                                    api.admin_token);
  CHECK(put.result() == status::method_not_allowed);
  CHECK(header(put, field::allow) == "GET, HEAD, POST");
  CHECK(api.admin_get("/api/v1/workshops").result() == status::method_not_allowed);
  CHECK(api.admin_post("/api/v1/agenda?site=1", "{}").result() == status::method_not_allowed);
  // Public: the open-data file, an appointment's calendar file (404: no such appointment, not 401).
  CHECK(api.get("/opendata/lieux-mediation-numerique.csv").result() == status::ok);
  CHECK(api.get("/ics/appointments/" + uuid + ".ics").result() == status::not_found);
}

TEST_CASE("agenda api: the site's agenda and its free slots", "[agenda_api]") {
  AgendaApi api;
  auto r = api.admin_get("/api/v1/agenda?site=" + std::to_string(api.site_id));
  REQUIRE(r.result() == status::ok);
  auto doc = json::parse(r.body());
  CHECK(doc["site_id"] == api.site_id);
  REQUIRE(doc["types"].size() == 2);
  CHECK(doc["types"][0]["name"] == "Aide aux démarches en ligne");
  CHECK(doc["types"][0]["duration_min"] == 45);
  CHECK(doc["types"][1]["collective"] == true);
  CHECK(doc["types"][1]["capacity"] == 6);
  CHECK(doc["types"][1]["level"] == "beginner");
  CHECK(doc["hours"].size() == 7);
  CHECK(doc["exceptions"].empty());
  CHECK(doc["contact_phone"] == "");
  check_refusal(api.admin_get("/api/v1/agenda"), status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/agenda?site=abc"), status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/agenda?site=99"), status::not_found, "");

  const auto slots = free_slots(api);
  REQUIRE(slots.size() >= 16);  // 16 slots a day (08:00 … 19:15), holidays aside
  CHECK(slots[0]["mediator_id"] == api.nadia);
  CHECK(slots[0]["start_local"] == "08:00");
  CHECK(slots[1]["start_local"] == "08:45");
  const auto start = parse_iso_utc(slots[0]["start"].get<std::string>());
  const auto end = parse_iso_utc(slots[0]["end"].get<std::string>());
  REQUIRE(start.has_value());
  REQUIRE(end.has_value());
  CHECK(slots[0]["date"] == paris_date(*start));
  CHECK(paris_civil_date(*start) >= tomorrow());
  CHECK(*end - *start == std::chrono::minutes(45));
  r = api.admin_get("/api/v1/help-slots?type=" + std::to_string(api.individual));
  REQUIRE(r.result() == status::ok);
  doc = json::parse(r.body());
  CHECK(doc["days"] == 14);
  CHECK(doc["from"] == paris_date(now()));

  // A workshop type has no free slots of its own; bad input.
  const std::string base = "/api/v1/help-slots?type=" + std::to_string(api.individual);
  check_refusal(api.admin_get("/api/v1/help-slots?type=999"), status::not_found, "unknown_type");
  check_refusal(api.admin_get("/api/v1/help-slots"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&from=2027-02-30"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&from=demain"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&days=0"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&days=63"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&days=99999999999999999999999"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&days=-3"), status::bad_request, "");
  check_refusal(api.admin_get(base + "&days=7x"), status::bad_request, "");
  CHECK(api.admin_get(base + "&days=62").result() == status::ok);
}

TEST_CASE("agenda api: booking a free slot, and what is refused", "[agenda_api]") {
  AgendaApi api;
  const auto slots = free_slots(api);
  REQUIRE(slots.size() >= 3);
  auto r =
      api.admin_post("/api/v1/appointments", booking(api, slots[0], participant("Josiane", "06 12 34 56 78")).dump());
  INFO(r.body());
  REQUIRE(r.result() == status::created);
  auto doc = json::parse(r.body());
  const auto id = doc["id"].get<std::string>();
  CHECK(is_valid_uuid(id));
  CHECK(doc["type_id"] == api.individual);
  CHECK(doc["mediator_id"] == api.nadia);
  CHECK(doc["site_id"] == api.site_id);
  CHECK(doc["start"] == slots[0]["start"]);
  CHECK(doc["end"] == slots[0]["end"]);
  CHECK(doc["start_local"] == slots[0]["start_local"]);
  CHECK(doc["date"] == slots[0]["date"]);
  CHECK(doc["duration_min"] == 45);
  CHECK(doc["cancelled"] == false);
  CHECK(doc["ics"] == "/ics/appointments/" + id + ".ics");
  REQUIRE(doc["participants"].size() == 1);
  CHECK(doc["participants"][0]["first_name"] == "Josiane");
  CHECK(doc["participants"][0]["phone"] == "+33612345678");  // the back office sees contacts
  CHECK(doc["participants"][0]["status"] == "unknown");
  CHECK(doc["participants"][0]["topics"] == json::array({"caf"}));
  CHECK(is_valid_uuid(doc["participants"][0]["id"].get<std::string>()));
  CHECK(api.count("appointments") == 1);
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'help.request' AND api_client_id = " +
                   std::to_string(api.admin_id)) == 1);

  // Read, list.
  r = api.admin_get("/api/v1/appointments/" + id);
  REQUIRE(r.result() == status::ok);
  CHECK(json::parse(r.body())["participants"][0]["phone"] == "+33612345678");
  check_refusal(api.admin_get("/api/v1/appointments/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8"), status::not_found,
                "unknown_appointment");
  check_refusal(api.admin_get("/api/v1/appointments/pas-un-uuid"), status::not_found, "unknown_appointment");
  r = api.admin_get("/api/v1/appointments?site=" + std::to_string(api.site_id) +
                    "&from=" + slots[0]["date"].get<std::string>());
  REQUIRE(r.result() == status::ok);
  doc = json::parse(r.body());
  REQUIRE(doc["appointments"].size() == 1);
  CHECK(doc["appointments"][0]["id"] == id);
  check_refusal(api.admin_get("/api/v1/appointments?from=2027-01-02&to=2027-01-01"), status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/appointments?from=2027-13-01"), status::bad_request, "");

  const auto rows = api.count("appointments");
  const auto changes = api.count("changes");
  // The same slot for someone else: 409, in French.
  const auto message =
      check_refusal(api.admin_post("/api/v1/appointments", booking(api, slots[0], participant("Gérard")).dump()),
                    status::conflict, "taken");
  CHECK(message == "Ce créneau vient d’être pris.");
  // Off the grid, a bad phone: 422.
  auto off_grid = booking(api, slots[1], participant("Gérard"));
  off_grid["start"] = to_iso_utc(*parse_iso_utc(slots[1]["start"].get<std::string>()) + std::chrono::minutes(10));
  check_refusal(api.admin_post("/api/v1/appointments", off_grid.dump()), status::unprocessable_entity,
                "not_in_help_hours");
  check_refusal(api.admin_post("/api/v1/appointments", booking(api, slots[1], participant("Gérard", "123")).dump()),
                status::unprocessable_entity, "invalid_phone");
  auto past = booking(api, slots[1], participant("Gérard"));
  past["start"] = to_iso_utc(now() - std::chrono::hours(48));
  check_refusal(api.admin_post("/api/v1/appointments", past.dump()), status::unprocessable_entity, "in_the_past");
  // Unknown type: 404.
  auto unknown = booking(api, slots[1], participant("Gérard"));
  unknown["type_id"] = 999;
  check_refusal(api.admin_post("/api/v1/appointments", unknown.dump()), status::not_found, "unknown_type");
  // Malformed: 400, naming the field.
  check_refusal(api.admin_post("/api/v1/appointments", "pas du json"), status::bad_request, "");
  check_refusal(api.admin_post("/api/v1/appointments", "[1, 2]"), status::bad_request, "");
  auto no_participant = booking(api, slots[1], participant("Gérard"));
  no_participant.erase("participant");
  CHECK_THAT(check_refusal(api.admin_post("/api/v1/appointments", no_participant.dump()), status::bad_request, ""),
             Catch::Contains("participant"));
  auto no_start = booking(api, slots[1], participant("Gérard"));
  no_start.erase("start");
  CHECK_THAT(check_refusal(api.admin_post("/api/v1/appointments", no_start.dump()), status::bad_request, ""),
             Catch::Contains("start"));
  auto bad_start = booking(api, slots[1], participant("Gérard"));
  bad_start["start"] = "demain 10 h";
  check_refusal(api.admin_post("/api/v1/appointments", bad_start.dump()), status::bad_request, "");
  auto bad_topic = booking(api, slots[1], participant("Gérard"));
  bad_topic["participant"]["topics"] = {"astrologie"};
  CHECK_THAT(check_refusal(api.admin_post("/api/v1/appointments", bad_topic.dump()), status::bad_request, ""),
             Catch::Contains("topics"));
  auto bad_type_id = booking(api, slots[1], participant("Gérard"));
  bad_type_id["type_id"] = "deux";
  check_refusal(api.admin_post("/api/v1/appointments", bad_type_id.dump()), status::bad_request, "");
  CHECK(api.count("appointments") == rows);
  CHECK(api.count("changes") == changes);

  // The second slot is still free.
  r = api.admin_post("/api/v1/appointments", booking(api, slots[1], participant("Gérard")).dump());
  CHECK(r.result() == status::created);
}

TEST_CASE("agenda api: workshops, joining, statuses and cancellations", "[agenda_api]") {
  AgendaApi api;
  const CivilDate day = add_days(paris_civil_date(now()), 3);
  const auto start = to_iso_utc(from_paris(day.year, day.month, day.day, 10, 0));
  auto r = api.admin_post("/api/v1/workshops", json{{"type_id", api.collective},
                                                    {"mediator_id", api.karim},
                                                    {"start", start},
                                                    {"title", "Découvrir la messagerie"},
                                                    {"capacity", 1}}
                                                   .dump());
  INFO(r.body());
  REQUIRE(r.result() == status::created);
  auto doc = json::parse(r.body());
  const auto id = doc["id"].get<std::string>();
  CHECK(doc["collective"] == true);
  CHECK(doc["capacity"] == 1);
  CHECK(doc["title"] == "Découvrir la messagerie");
  CHECK(doc["level"] == "beginner");
  CHECK(doc["duration_min"] == 90);
  check_refusal(api.admin_post("/api/v1/workshops",
                               json{{"type_id", api.individual}, {"mediator_id", api.karim}, {"start", start}}.dump()),
                status::not_found, "unknown_type");
  check_refusal(api.admin_post("/api/v1/workshops",
                               json{{"type_id", api.collective}, {"mediator_id", api.karim}, {"start", start}}.dump()),
                status::conflict, "taken");
  check_refusal(
      api.admin_post(
          "/api/v1/workshops",
          json{{"type_id", api.collective}, {"mediator_id", api.karim}, {"start", start}, {"capacity", 0}}.dump()),
      status::bad_request, "");
  check_refusal(api.admin_post("/api/v1/workshops", json{{"type_id", api.collective},
                                                         {"mediator_id", api.karim},
                                                         {"start", start},
                                                         {"title", std::string(200, 'x')}}
                                                        .dump()),
                status::bad_request, "");

  // Two people join a workshop of one seat: the second waits.
  const auto join = [&](const std::string& first) {
    return api.admin_post("/api/v1/appointments",
                          json{{"appointment_id", id}, {"participant", participant(first, "0611111111")}}.dump());
  };
  r = join("Anne");
  REQUIRE(r.result() == status::created);
  doc = json::parse(r.body());
  REQUIRE(doc["participants"].size() == 1);
  const auto anne = doc["participants"][0]["id"].get<std::string>();
  CHECK(doc["participants"][0]["waiting"] == false);
  r = join("Bruno");
  REQUIRE(r.result() == status::created);
  doc = json::parse(r.body());
  REQUIRE(doc["participants"].size() == 2);
  const auto bruno = participant_where(doc, "first_name", "Bruno")["id"].get<std::string>();
  CHECK(participant_where(doc, "id", bruno)["waiting"] == true);
  check_refusal(api.admin_post("/api/v1/appointments", json{{"appointment_id", "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8"},
                                                            {"participant", participant("Chloé")}}
                                                           .dump()),
                status::not_found, "unknown_appointment");
  check_refusal(api.admin_post("/api/v1/appointments",
                               json{{"appointment_id", 12}, {"participant", participant("Chloé")}}.dump()),
                status::bad_request, "");

  // Anne is excused: Bruno takes her seat.
  const std::string base = "/api/v1/appointments/" + id + "/participants/";
  r = api.admin_post(base + anne + "/status", json{{"status", "excused"}}.dump());
  REQUIRE(r.result() == status::ok);
  doc = json::parse(r.body());
  CHECK(participant_where(doc, "id", anne)["status"] == "excused");
  CHECK(participant_where(doc, "id", bruno)["waiting"] == false);
  check_refusal(api.admin_post(base + anne + "/status", json{{"status", "parti"}}.dump()), status::bad_request, "");
  check_refusal(api.admin_post(base + anne + "/status", "{}"), status::bad_request, "");
  check_refusal(api.admin_post(base + "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8/status", json{{"status", "seen"}}.dump()),
                status::not_found, "no_participant");
  check_refusal(api.admin_post(base + "pas-un-uuid/status", json{{"status", "seen"}}.dump()), status::not_found,
                "no_participant");
  CHECK(api.admin_post(base + anne + "/oups", "{}").result() == status::not_found);

  // Bruno cancels himself (three days ahead); then the service cancels the workshop.
  r = api.admin_post(base + bruno + "/cancel", "");
  REQUIRE(r.result() == status::ok);
  CHECK(participant_where(json::parse(r.body()), "id", bruno)["status"] == "excused");
  r = api.admin_post("/api/v1/appointments/" + id + "/cancel", "");
  REQUIRE(r.result() == status::ok);
  CHECK(json::parse(r.body())["cancelled"] == true);
  check_refusal(api.admin_post("/api/v1/appointments/" + id + "/cancel", ""), status::unprocessable_entity,
                "not_cancellable");
  check_refusal(join("Chloé"), status::not_found, "unknown_appointment");
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE api_client_id = " + std::to_string(api.admin_id) +
                   " AND action = 'help.cancel'") == 1);
}

TEST_CASE("agenda api: activity records and their anonymised export", "[agenda_api]") {
  AgendaApi api;
  const auto slots = free_slots(api);
  auto r = api.admin_post("/api/v1/appointments",
                          booking(api, slots[0], participant("Josette-Unique", "06 99 88 77 66")).dump());
  REQUIRE(r.result() == status::created);
  const auto appointment = json::parse(r.body());

  json body = {{"site_id", api.site_id},
               {"mediator_id", api.nadia},
               {"appointment_id", appointment["id"]},
               {"date", slots[0]["date"]},
               {"duration_min", 45},
               {"themes", {"aide_aux_demarches_administratives", "famille_scolarite"}},
               {"equipment", {"ordinateur"}},
               {"note", "Note secrète ABC"}};
  r = api.admin_post("/api/v1/activities", body.dump());
  INFO(r.body());
  REQUIRE(r.result() == status::created);
  auto doc = json::parse(r.body());
  CHECK(is_valid_uuid(doc["id"].get<std::string>()));
  CHECK(doc["participant_id"] == appointment["participants"][0]["id"]);
  CHECK(doc["anonymous"] == false);
  CHECK(api.count("activities") == 1);
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.record' AND api_client_id = " +
                   std::to_string(api.admin_id)) == 1);

  // Without an appointment, minimal.
  r = api.admin_post("/api/v1/activities", json{{"site_id", api.site_id},
                                                {"mediator_id", api.nadia},
                                                {"date", slots[0]["date"]},
                                                {"duration_min", 20},
                                                {"themes", {"email"}}}
                                               .dump());
  REQUIRE(r.result() == status::created);

  // Refused: no theme (422 in French), missing or malformed fields (400).
  auto no_theme = body;
  no_theme["themes"] = json::array();
  no_theme.erase("appointment_id");
  CHECK(check_refusal(api.admin_post("/api/v1/activities", no_theme.dump()), status::unprocessable_entity,
                      "invalid_activity") == "Choisissez au moins une thématique.");
  auto no_site = body;
  no_site.erase("site_id");
  check_refusal(api.admin_post("/api/v1/activities", no_site.dump()), status::bad_request, "");
  auto bad_date = body;
  bad_date["date"] = "2027-02-30";
  check_refusal(api.admin_post("/api/v1/activities", bad_date.dump()), status::bad_request, "");
  check_refusal(api.admin_post("/api/v1/activities", "{"), status::bad_request, "");
  CHECK(api.count("activities") == 2);

  // The export: CSV, anonymised.
  r = api.admin_get("/api/v1/exports/activities.csv?site=" + std::to_string(api.site_id));
  REQUIRE(r.result() == status::ok);
  CHECK(header(r, field::content_type) == "text/csv; charset=utf-8");
  CHECK_THAT(header(r, field::content_disposition), Catch::StartsWith("attachment; filename=\"activites-mediation-"));
  const std::string& csv = r.body();
  CHECK_THAT(csv, Catch::StartsWith("date,site,type,duree_minutes,tranche_duree,lieu,"));
  CHECK(csv.find("Josette") == std::string::npos);
  CHECK(csv.find("99 88 77 66") == std::string::npos);
  CHECK(csv.find("699887766") == std::string::npos);
  CHECK(csv.find("Note secrète") == std::string::npos);
  CHECK_THAT(csv, Catch::Contains(slots[0]["date"].get<std::string>() +
                                  ",Tiers-lieu du Haut-Val,individuel,45,30_60,lieu_activite,,ordinateur,"
                                  "aide_aux_demarches_administratives,famille_scolarite,"));
  std::size_t lines = 0;
  for (const char c : csv) lines += c == '\n' ? 1 : 0;
  CHECK(lines == 3);

  // The spreadsheet variant: a byte-order mark and semicolons.
  r = api.admin_get("/api/v1/exports/activities.csv?variant=tableur");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::StartsWith("\xEF\xBB\xBF"
                                         "date;site;type;duree_minutes;"));
  CHECK_THAT(header(r, field::content_disposition), Catch::Contains("-tableur.csv"));
  CHECK_THAT(r.body(), Catch::Contains(";Tiers-lieu du Haut-Val;individuel;45;30_60;"));

  // Filters and bad input.
  r = api.admin_get("/api/v1/exports/activities.csv?from=2000-01-01&to=2000-01-31");
  REQUIRE(r.result() == status::ok);
  CHECK(r.body().find('\n') == r.body().size() - 1);  // the header only
  check_refusal(api.admin_get("/api/v1/exports/activities.csv?site=99"), status::not_found, "");
  check_refusal(api.admin_get("/api/v1/exports/activities.csv?from=2027-02-01&to=2027-01-01"), status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/exports/activities.csv?to=2027-02-31"), status::bad_request, "");
}

// Issue 19: older callers' codes are stored as La Coop's, and the records
// come out in La Coop's API shapes, with the same filters as the CSV.
TEST_CASE("agenda api: legacy codes in, La Coop's JSON and CSV out", "[agenda_api][coop]") {
  AgendaApi api;
  const auto day = to_iso_date(tomorrow());
  json old = {{"site_id", api.site_id},
              {"mediator_id", api.nadia},
              {"date", day},
              {"duration_min", 30},
              {"themes", {"aide_aux_demarches_administratives", "associations"}},
              {"place", "a_domicile"},
              {"place_insee", "87001"},
              {"age_bracket", "plus_de_70_ans"},
              {"redirection", "Mairie ou CCAS"}};
  auto r = api.admin_post("/api/v1/activities", old.dump());
  INFO(r.body());
  REQUIRE(r.result() == status::created);
  const auto stored = json::parse(r.body());
  CHECK(stored["place"] == "domicile");
  CHECK(stored["age_bracket"] == "soixante_dix_plus");
  CHECK(stored["redirection"] == "administration");
  CHECK(stored["redirection_detail"] == "Mairie ou CCAS");
  const std::string id = stored["id"].get<std::string>();
  // A code neither old nor La Coop's: 422, in French, saying which.
  auto wrong = old;
  wrong["age_bracket"] = "de_18_a_25_ans";
  CHECK_THAT(check_refusal(api.admin_post("/api/v1/activities", wrong.dump()), status::unprocessable_entity,
                           "invalid_activity"),
             Catch::Contains("Tranche d’âge inconnue") && Catch::Contains("de_18_a_25_ans"));
  CHECK(api.count("activities") == 1);

  // JSON: La Coop's list document.
  const std::string period = "&from=" + day + "&to=" + day;
  r = api.admin_get("/api/v1/exports/coop-activites.json?site=" + std::to_string(api.site_id) + period);
  REQUIRE(r.result() == status::ok);
  CHECK(header(r, field::content_type) == "application/json; charset=utf-8");
  auto doc = json::parse(r.body());
  REQUIRE(doc["data"].size() == 1);
  const auto& a = doc["data"][0];
  CHECK(a["type"] == "activite");
  CHECK(a["id"] == id);
  CHECK(a["attributes"]["type_lieu"] == "domicile");
  CHECK(a["attributes"]["structure_id"].is_null());
  CHECK(a["attributes"]["lieu_code_insee"] == "87001");
  CHECK(a["attributes"]["lieu_commune"] == "Aixe-sur-Vienne");  // INSEE's list
  CHECK(a["attributes"]["structure_de_redirection"] == "administration");
  CHECK(a["attributes"]["oriente_vers_structure"] == true);
  CHECK(a["attributes"]["thematiques"] == json{"aide_aux_demarches_administratives", "associations"});
  CHECK(a["attributes"]["beneficiaires"]["tranches_age"]["soixante_dix_plus"] == 1);
  CHECK(r.body().find("Mairie ou CCAS") == std::string::npos);  // Escale's own text stays home
  CHECK(doc["links"]["self"]["href"] ==
        "/api/v1/exports/coop-activites.json?site=" + std::to_string(api.site_id) + period);
  CHECK(doc["meta"] == json{{"total_count", 1},
                            {"items_per_page", 1},
                            {"total_pages", 1},
                            {"has_next_page", false},
                            {"has_prev_page", false}});

  // CSV, and its « tableur » variant.
  r = api.admin_get("/api/v1/exports/coop-activites.csv");
  REQUIRE(r.result() == status::ok);
  CHECK(header(r, field::content_type) == "text/csv; charset=utf-8");
  CHECK_THAT(header(r, field::content_disposition), Catch::StartsWith("attachment; filename=\"coop-activites-"));
  CHECK_THAT(r.body(), Catch::StartsWith("id,type,mediateur_id,user_id,date,duree,structure_id,"));
  CHECK_THAT(r.body(), Catch::Contains(id + ",individuel,"));
  r = api.admin_get("/api/v1/exports/coop-activites.csv?variant=tableur");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::StartsWith("\xEF\xBB\xBF"
                                         "id;type;mediateur_id;"));
  CHECK_THAT(header(r, field::content_disposition), Catch::Contains("-tableur.csv"));

  // The filters: another period is empty; bad input refused as for activities.csv.
  r = api.admin_get("/api/v1/exports/coop-activites.json?from=2000-01-01&to=2000-01-31");
  REQUIRE(r.result() == status::ok);
  doc = json::parse(r.body());
  CHECK(doc["data"].empty());
  CHECK(doc["meta"]["total_count"] == 0);
  r = api.admin_get("/api/v1/exports/coop-activites.csv?from=2000-01-01&to=2000-01-31");
  CHECK(r.body().find('\n') == r.body().size() - 1);  // the header only
  for (const char* ext : {"json", "csv"}) {
    const std::string route = std::string("/api/v1/exports/coop-activites.") + ext;
    check_refusal(api.admin_get(route + "?site=99"), status::not_found, "");
    check_refusal(api.admin_get(route + "?from=2027-02-01&to=2027-01-01"), status::bad_request, "");
    check_refusal(api.admin_get(route + "?to=2027-02-31"), status::bad_request, "");
    check_refusal(api.admin_get(route + "?site=abc"), status::bad_request, "");
  }
}

TEST_CASE("agenda api: an appointment's iCalendar file, read back by python3-icalendar", "[agenda_api][ics]") {
  AgendaApi api;
  const auto slots = free_slots(api);
  auto r = api.admin_post("/api/v1/appointments",
                          booking(api, slots[0], participant("Josette-Unique", "06 99 88 77 66")).dump());
  REQUIRE(r.result() == status::created);
  const auto id = json::parse(r.body())["id"].get<std::string>();

  r = api.get("/ics/appointments/" + id + ".ics");  // no token: the UUID is the capability
  REQUIRE(r.result() == status::ok);
  CHECK(header(r, field::content_type) == "text/calendar; charset=utf-8");
  CHECK_THAT(header(r, field::content_disposition),
             Catch::Contains("rendez-vous-" + slots[0]["date"].get<std::string>() + ".ics"));
  CHECK(r.body().find("Josette") == std::string::npos);
  CHECK(r.body().find("99 88") == std::string::npos);
  auto fields = run_python(api.dir.path(), r.body());
  CHECK(fields == id + "@escale\t" + utc_seconds(slots[0]["start"].get<std::string>()) + "\t" +
                      utc_seconds(slots[0]["end"].get<std::string>()) +
                      "\tRendez-vous d’aide numérique — Tiers-lieu du Haut-Val\tCONFIRMED\tEurope/Paris\n");

  // Cancelled by the service: the file says so.
  REQUIRE(api.admin_post("/api/v1/appointments/" + id + "/cancel", "").result() == status::ok);
  fields = run_python(api.dir.path(), api.get("/ics/appointments/" + id + ".ics").body());
  CHECK_THAT(fields, Catch::Contains("\tCANCELLED\t"));

  // A workshop names itself.
  const CivilDate day = add_days(paris_civil_date(now()), 2);
  r = api.admin_post("/api/v1/workshops", json{{"type_id", api.collective},
                                               {"mediator_id", api.karim},
                                               {"start", to_iso_utc(from_paris(day.year, day.month, day.day, 14, 0))},
                                               {"title", "Découvrir la messagerie"}}
                                              .dump());
  REQUIRE(r.result() == status::created);
  const auto workshop = json::parse(r.body())["id"].get<std::string>();
  fields = run_python(api.dir.path(), api.get("/ics/appointments/" + workshop + ".ics").body());
  CHECK_THAT(fields, Catch::Contains("\tAtelier « Découvrir la messagerie » — Tiers-lieu du Haut-Val\tCONFIRMED\t"));

  CHECK(api.get("/ics/appointments/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8.ics").result() == status::not_found);
  CHECK(api.get("/ics/appointments/nope.ics").result() == status::not_found);
}
