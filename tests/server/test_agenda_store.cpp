#include "store/agenda.hpp"  // first: the header is self-contained

// The help agenda in the server database: the site's agenda (types, help
// hours, exceptions) and what it refuses, requests for help in free slots,
// refused intents kept for the kiosk, workshops with their waiting lists,
// statuses, cancellations, activity records (CRA) and their anonymised
// export, retention, and the v2 → v3 migration.
//
// « now » is Monday 1 March 2027, 10:00 in Paris (09:00Z); see agenda_fixture.hpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "agenda_fixture.hpp"
#include "auth/pin.hpp"
#include "demo/demo_data.hpp"
#include "mediation/activity.hpp"
#include "store/activities.hpp"
#include "store/changes.hpp"
#include "store/reminders.hpp"
#include "store/schema.hpp"
#include "store/site_mediation.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaDb;
using escale::tests::at;
using escale::tests::paris_time;
using escale::tests::person;
using mediation::HelpRefusal;
using mediation::ParticipantStatus;

// Tuesday 2 March 2027 and Thursday 4 March 2027, Paris wall clock.
Instant tuesday_at(int hour, int minute = 0) {
  return paris_time(2027, 3, 2, hour, minute);
}
Instant thursday_at(int hour, int minute = 0) {
  return paris_time(2027, 3, 4, hour, minute);
}

std::vector<std::string> starts_of(const std::vector<mediation::HelpSlot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.push_back(to_iso_utc(s.start));
  return out;
}

template <typename T>
std::string error_of(const Result<T>& r) {
  REQUIRE_FALSE(r.ok());
  return r.error();
}

mediation::HelpHours hours(std::int64_t site, std::int64_t mediator, int weekday, int start, int end) {
  mediation::HelpHours h;
  h.site_id = site;
  h.mediator_id = mediator;
  h.weekday = weekday;
  h.start_minute = start;
  h.end_minute = end;
  return h;
}

mediation::HelpException closed(std::int64_t site, std::optional<std::int64_t> mediator, CivilDate first,
                                CivilDate last) {
  mediation::HelpException e;
  e.site_id = site;
  e.mediator_id = mediator;
  e.first = first;
  e.last = last;
  e.reason = "congés";
  return e;
}

mediation::ActivityRecord activity(const AgendaDb& s, std::vector<std::string> themes) {
  mediation::ActivityRecord r;
  r.id = make_uuid_v4();
  r.site_id = s.site_id;
  r.mediator_id = s.nadia;
  r.date = CivilDate{2027, 3, 2};
  r.duration = std::chrono::minutes(40);
  r.themes = std::move(themes);
  return r;
}

// The cells of a CSV line without quoted fields (the tests' values have no comma).
std::vector<std::string> cells(const std::string& line, char separator = ',') {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, separator)) out.push_back(cell);
  if (!line.empty() && line.back() == separator) out.emplace_back();
  return out;
}

std::vector<std::string> csv_lines(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// The site's agenda
//-----------------------------------------------------------------------------

TEST_CASE("agenda: types, hours and exceptions are checked and refused in French, writing nothing", "[agenda]") {
  AgendaDb s;
  const auto hours_before = s.count("help_hours");
  const auto changes_before = s.count("changes");

  // Appointment types.
  mediation::AppointmentType t;
  t.site_id = 99;
  t.name = "Aide CAF";
  CHECK_THAT(error_of(add_appointment_type(s.db, t, Actor{})), Catch::Contains("Aucun tiers-lieu n’a le numéro 99"));
  t.site_id = s.site_id;
  t.name = "   ";
  CHECK_THAT(error_of(add_appointment_type(s.db, t, Actor{})), Catch::Contains("nom du motif est obligatoire"));
  t.name = "Aide aux démarches en ligne";
  CHECK_THAT(error_of(add_appointment_type(s.db, t, Actor{})), Catch::Contains("déjà un type de rendez-vous"));
  t.name = "Aide CAF";
  t.duration = std::chrono::minutes(2);
  CHECK_THAT(error_of(add_appointment_type(s.db, t, Actor{})), Catch::Contains("durée"));
  CHECK(s.count("appointment_types") == 2);

  // Help hours: who, where, when.
  CHECK_THAT(error_of(add_help_hours(s.db, hours(99, s.nadia, 1, 600, 660), Actor{})),
             Catch::Contains("Aucun tiers-lieu n’a le numéro 99"));
  CHECK_THAT(error_of(add_help_hours(s.db, hours(s.site_id, s.marie, 1, 600, 660), Actor{})),
             Catch::Contains("n’a pas le rôle de médiateur"));
  CHECK_THAT(error_of(add_help_hours(s.db, hours(s.site_id, 999, 1, 600, 660), Actor{})),
             Catch::Contains("Aucun membre actif n’a le numéro 999"));
  CHECK_THAT(error_of(add_help_hours(s.db, hours(s.site_id, s.paul, 1, 600, 660), Actor{})),
             Catch::Contains("autre tiers-lieu"));
  CHECK_THAT(error_of(add_help_hours(s.db, hours(s.site_id, s.nadia, 8, 600, 660), Actor{})),
             Catch::Contains("jour de la semaine"));
  CHECK_THAT(error_of(add_help_hours(s.db, hours(s.site_id, s.nadia, 1, 660, 600), Actor{})),
             Catch::Contains("L’heure de fin doit suivre"));
  // Tuesday 16:00–18:00 overlaps Tuesday 14:00–17:00.
  const auto overlap = error_of(add_help_hours(s.db, hours(s.site_id, s.nadia, 2, 16 * 60, 18 * 60), Actor{}));
  CHECK_THAT(overlap, Catch::Contains("chevauchent"));
  CHECK_THAT(overlap, Catch::Contains("n° " + std::to_string(s.tuesday)));
  // Impossible and reversed dates.
  auto bad_dates = hours(s.site_id, s.nadia, 1, 600, 660);
  bad_dates.from = CivilDate{2027, 2, 30};
  CHECK_THAT(error_of(add_help_hours(s.db, bad_dates, Actor{})), Catch::Contains("La date de début n’existe pas"));
  bad_dates.from = CivilDate{2027, 6, 1};
  bad_dates.until = CivilDate{2027, 5, 1};
  CHECK_THAT(error_of(add_help_hours(s.db, bad_dates, Actor{})), Catch::Contains("ne peut pas précéder"));
  CHECK(s.count("help_hours") == hours_before);

  // Exceptions.
  CHECK_THAT(error_of(add_help_exception(s.db, closed(s.site_id, std::nullopt, {2027, 3, 10}, {2027, 3, 9}), Actor{})),
             Catch::Contains("ne peut pas précéder"));
  CHECK_THAT(error_of(add_help_exception(s.db, closed(s.site_id, std::nullopt, {2027, 2, 29}, {2027, 3, 9}), Actor{})),
             Catch::Contains("Le premier jour n’existe pas"));
  CHECK_THAT(error_of(add_help_exception(s.db, closed(99, std::nullopt, {2027, 3, 9}, {2027, 3, 9}), Actor{})),
             Catch::Contains("Aucun tiers-lieu"));
  CHECK_THAT(error_of(add_help_exception(s.db, closed(s.site_id, s.marie, {2027, 3, 9}, {2027, 3, 9}), Actor{})),
             Catch::Contains("n’a pas le rôle de médiateur"));
  CHECK(s.count("help_exceptions") == 0);
  CHECK(s.count("changes") == changes_before);
  CHECK_FALSE(remove_help_hours(s.db, 999, Actor{}));
  CHECK_FALSE(remove_help_exception(s.db, 999, Actor{}));
  CHECK_FALSE(set_appointment_type_active(s.db, 999, false, Actor{}).ok());
}

TEST_CASE("agenda: hours that touch, or whose periods do not meet, are not an overlap", "[agenda]") {
  AgendaDb s;
  // Tuesday 17:00–18:00 starts where 14:00–17:00 ends.
  const auto touching = add_help_hours(s.db, hours(s.site_id, s.nadia, 2, 17 * 60, 18 * 60), Actor{});
  REQUIRE(touching.ok());
  // Thursday afternoon in March, another Thursday afternoon from April: no overlap.
  auto march = hours(s.site_id, s.nadia, 4, 14 * 60, 16 * 60);
  march.until = CivilDate{2027, 3, 31};
  REQUIRE(add_help_hours(s.db, march, Actor{}).ok());
  auto april = hours(s.site_id, s.nadia, 4, 15 * 60, 17 * 60);
  april.from = CivilDate{2027, 4, 1};
  REQUIRE(add_help_hours(s.db, april, Actor{}).ok());
  auto mid_march = hours(s.site_id, s.nadia, 4, 15 * 60, 17 * 60);
  mid_march.from = CivilDate{2027, 3, 15};
  CHECK_THAT(error_of(add_help_hours(s.db, mid_march, Actor{})), Catch::Contains("chevauchent"));
  // Another mediator may help at the same time.
  const auto karim = s.mediator(s.site_id, "Karim", "Haddad");
  CHECK(add_help_hours(s.db, hours(s.site_id, karim, 2, 14 * 60, 17 * 60), Actor{}).ok());
  // Removed hours make no more slots.
  REQUIRE(remove_help_hours(s.db, *touching, Actor{}));
  const auto slots = free_help_slots(s.db, s.individual, {2027, 3, 2}, {2027, 3, 2}, s.now);
  CHECK(std::none_of(slots.begin(), slots.end(), [&](const auto& slot) { return slot.start >= tuesday_at(17); }));
}

TEST_CASE("agenda: help_agenda holds the site's types, hours, exceptions and phone, every change is announced",
          "[agenda]") {
  AgendaDb s;
  const std::string site_key = std::to_string(s.site_id);
  const auto agenda_changes = [&] {
    return s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'help_agenda' AND entity_key = '" + site_key +
                    "' AND site_id = " + site_key);
  };
  // Two types and two hours so far: four changes.
  CHECK(agenda_changes() == 4);

  auto a = help_agenda(s.db, s.site_id);
  REQUIRE(a.types.size() == 2);
  CHECK(a.types[0].id == s.individual);
  CHECK(a.types[0].name == "Aide aux démarches en ligne");
  CHECK(a.types[0].duration == std::chrono::minutes(45));
  CHECK_FALSE(a.types[0].collective);
  CHECK(a.types[0].capacity == 1);
  CHECK(a.types[1].collective);
  CHECK(a.types[1].capacity == 6);
  CHECK(a.types[1].level == mediation::WorkshopLevel::Beginner);
  REQUIRE(a.hours.size() == 2);
  CHECK(a.hours[0].weekday == 2);
  CHECK(a.hours[0].start_minute == 14 * 60);
  CHECK(a.hours[0].end_minute == 17 * 60);
  CHECK(a.hours[0].mediator_id == s.nadia);
  CHECK(a.hours[1].weekday == 4);
  CHECK(a.hours[1].start_minute == 9 * 60 + 30);
  CHECK(a.exceptions.empty());
  CHECK(a.contact_phone.empty());
  // The other site's agenda is its own.
  CHECK(help_agenda(s.db, s.other_site).types.empty());

  const auto holiday = add_help_exception(s.db, closed(s.site_id, s.nadia, {2027, 3, 8}, {2027, 3, 12}), Actor{});
  REQUIRE(holiday.ok());
  CHECK(agenda_changes() == 5);
  SiteMediationInfo info;
  info.site_id = s.site_id;
  info.pivot = "12345678900015";
  info.postal_code = "21500";
  info.commune = "Montbard";
  info.phone = "05 55 00 00 00";
  REQUIRE(set_site_mediation(s.db, info, Actor{}).ok());
  CHECK(agenda_changes() == 6);
  REQUIRE(set_appointment_type_active(s.db, s.individual, false, Actor{}).ok());
  CHECK(agenda_changes() == 7);
  REQUIRE(remove_help_exception(s.db, *holiday, Actor{}));
  CHECK(agenda_changes() == 8);

  a = help_agenda(s.db, s.site_id);
  CHECK(a.contact_phone == "+33555000000");
  CHECK_FALSE(a.types[0].active);
  CHECK(a.exceptions.empty());

  // A kiosk of the site is told to fetch the agenda (once, whatever the number of changes).
  const auto batch = changes_after(s.db, s.site_id, 0);
  CHECK(std::count_if(batch.entities.begin(), batch.entities.end(), [&](const ChangedEntity& c) {
          return c.entity == Entity::HelpAgenda && c.key == site_key;
        }) == 1);
  const auto other = changes_after(s.db, s.other_site, 0);
  CHECK(std::none_of(other.entities.begin(), other.entities.end(),
                     [&](const ChangedEntity& c) { return c.entity == Entity::HelpAgenda && c.key == site_key; }));

  // An inactive type offers nothing and is refused.
  CHECK(free_help_slots(s.db, s.individual, {2027, 3, 2}, {2027, 3, 4}, s.now).empty());
  CHECK(s.book(tuesday_at(14), person("Josiane")).refusal == HelpRefusal::UnknownType);
  REQUIRE(set_appointment_type_active(s.db, s.individual, true, Actor{}).ok());
  CHECK(s.book(tuesday_at(14), person("Josiane")).ok());
}

TEST_CASE("agenda: an admin's agenda changes are in the audit log", "[agenda]") {
  AgendaDb s;
  REQUIRE(add_admin_client(s.db, "tableau de bord").ok());
  const auto client = s.scalar("SELECT id FROM api_clients");
  const Actor admin{std::nullopt, std::nullopt, client, std::nullopt};
  REQUIRE(add_help_hours(s.db, hours(s.site_id, s.nadia, 5, 9 * 60, 12 * 60), admin).ok());
  auto st = s.db.prepare("SELECT action, api_client_id, site_id FROM audit_log ORDER BY seq");
  REQUIRE(st.step());
  CHECK(st.text(0) == "agenda.hours_add");
  CHECK(st.int64(1) == client);
  CHECK(st.int64(2) == s.site_id);
  CHECK_FALSE(st.step());
}

//-----------------------------------------------------------------------------
// Requests for help
//-----------------------------------------------------------------------------

TEST_CASE("agenda: free slots are cut from the help hours", "[agenda]") {
  AgendaDb s;
  const auto slots = free_help_slots(s.db, s.individual, {2027, 3, 1}, {2027, 3, 7}, s.now);
  const std::vector<std::string> expected{
      // Tuesday 14:00, 14:45, 15:30, 16:15 (16:15–17:00 fits).
      "2027-03-02T13:00:00.000Z", "2027-03-02T13:45:00.000Z", "2027-03-02T14:30:00.000Z", "2027-03-02T15:15:00.000Z",
      // Thursday 09:30, 10:15, 11:00 (11:45–12:30 does not fit).
      "2027-03-04T08:30:00.000Z", "2027-03-04T09:15:00.000Z", "2027-03-04T10:00:00.000Z"};
  CHECK(starts_of(slots) == expected);
  for (const auto& slot : slots) {
    CHECK(slot.mediator_id == s.nadia);
    CHECK(slot.end - slot.start == std::chrono::minutes(45));
  }
  CHECK(free_help_slots(s.db, 999, {2027, 3, 1}, {2027, 3, 7}, s.now).empty());
}

TEST_CASE("agenda: a free slot is booked once, with its participant and reminders", "[agenda]") {
  AgendaDb s;
  auto josiane = person("Josiane", "06 12 34 56 78", true);
  josiane.topics = {mediation::HelpTopic::Caf, mediation::HelpTopic::Papers};
  josiane.status = ParticipantStatus::Seen;  // not the requester's to say
  josiane.waiting = true;
  const auto request = s.request(tuesday_at(14, 45), josiane);
  const auto out = request_help(s.db, request, Actor{}, s.now);
  REQUIRE(out.ok());
  const auto stored = find_appointment(s.db, request.appointment_id);
  REQUIRE(stored.has_value());
  CHECK(*stored == *out.appointment);
  CHECK(stored->site_id == s.site_id);
  CHECK(stored->type_id == s.individual);
  CHECK(stored->mediator_id == s.nadia);
  CHECK(stored->start == at("2027-03-02T13:45:00Z"));
  CHECK(stored->duration == std::chrono::minutes(45));
  CHECK_FALSE(stored->collective);
  CHECK_FALSE(stored->cancelled);
  REQUIRE(stored->participants.size() == 1);
  const auto& p = stored->participants[0];
  CHECK(p.id == josiane.id);
  CHECK(p.first_name == "Josiane");
  CHECK(p.phone == std::optional<std::string>("+33612345678"));  // E.164
  CHECK(p.reminders);
  CHECK(p.topics == josiane.topics);
  CHECK(p.status == ParticipantStatus::Unknown);
  CHECK_FALSE(p.waiting);
  CHECK(p.added_at == s.now);
  CHECK(s.scalar("SELECT COUNT(*) FROM appointments WHERE local_date = '2027-03-02'") == 1);
  CHECK(s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'appointment' AND entity_key = '" +
                 request.appointment_id + "'") == 1);
  // Booked 28 hours ahead: the 2-hour reminder only.
  const auto reminders = s.reminders_of(josiane.id);
  REQUIRE(reminders.size() == 1);
  CHECK(reminders[0].kind == "2h");
  CHECK(reminders[0].channel == "sms");
  CHECK(reminders[0].due == "2027-03-02T11:45:00.000Z");
  CHECK(reminders[0].state == "pending");
  CHECK(s.count("audit_log") == 0);  // nobody to name

  // The slot is no longer free; the others are.
  const auto slots = starts_of(free_help_slots(s.db, s.individual, {2027, 3, 2}, {2027, 3, 2}, s.now));
  CHECK(slots ==
        std::vector<std::string>{"2027-03-02T13:00:00.000Z", "2027-03-02T14:30:00.000Z", "2027-03-02T15:15:00.000Z"});

  const auto appointments = s.count("appointments");
  const auto changes = s.count("changes");
  SECTION("the same participant again is the stored appointment, nothing written") {
    auto again = request;
    again.appointment_id = make_uuid_v4();
    const auto repeat = request_help(s.db, again, Actor{}, s.now);
    REQUIRE(repeat.ok());
    CHECK(repeat.appointment->id == request.appointment_id);
    CHECK(s.count("appointments") == appointments);
    CHECK(s.count("reminders") == 1);
    CHECK(s.count("changes") == changes);
  }
  SECTION("the same slot for someone else is taken; a time overlapping it too") {
    CHECK(s.book(tuesday_at(14, 45), person("Gérard")).refusal == HelpRefusal::Taken);
    CHECK(s.book(tuesday_at(15), person("Gérard")).refusal == HelpRefusal::Taken);
    CHECK(s.count("appointments") == appointments);
    CHECK(s.count("participants") == 1);
    CHECK(s.count("changes") == changes);
  }
  SECTION("times that are not free slots are refused with their reason") {
    CHECK(s.book(tuesday_at(16), person("Gérard")).refusal == HelpRefusal::NotInHelpHours);      // off the grid
    CHECK(s.book(tuesday_at(13), person("Gérard")).refusal == HelpRefusal::NotInHelpHours);      // before the hours
    CHECK(s.book(tuesday_at(16, 30), person("Gérard")).refusal == HelpRefusal::NotInHelpHours);  // ends after
    CHECK(s.book(paris_time(2027, 3, 3, 14), person("Gérard")).refusal == HelpRefusal::NotInHelpHours);  // Wed
    CHECK(s.book(tuesday_at(14), person("Gérard"), tuesday_at(14, 10)).refusal == HelpRefusal::InThePast);
    CHECK(s.book(paris_time(2027, 4, 8, 9, 30), person("Gérard")).refusal == HelpRefusal::TooFarAhead);
    // Another mediator's slot, a mediator without hours here.
    CHECK(request_help(s.db, s.request(tuesday_at(14), person("Gérard"), 0, s.paul), Actor{}, s.now).refusal ==
          HelpRefusal::NotInHelpHours);
    // Another site's type, a workshop type, no such type.
    const auto foreign_type = s.add_type("Aide voisine", 45, false, s.other_site);
    CHECK(request_help(s.db, s.request(tuesday_at(14), person("Gérard"), foreign_type), Actor{}, s.now).refusal ==
          HelpRefusal::UnknownType);
    CHECK(request_help(s.db, s.request(tuesday_at(14), person("Gérard"), s.collective), Actor{}, s.now).refusal ==
          HelpRefusal::UnknownType);
    CHECK(request_help(s.db, s.request(tuesday_at(14), person("Gérard"), 999), Actor{}, s.now).refusal ==
          HelpRefusal::UnknownType);
    CHECK(s.count("appointments") == appointments);
    CHECK(s.count("changes") == changes + 1);  // the type added above
  }
  SECTION("phones: French numbers only, stored in E.164") {
    CHECK(s.book(tuesday_at(14), person("Gérard", "12345")).refusal == HelpRefusal::InvalidPhone);
    CHECK(s.book(tuesday_at(14), person("Gérard", "08 00 00 00 00")).refusal == HelpRefusal::InvalidPhone);
    CHECK(s.book(tuesday_at(14), person("Gérard", "+44 20 7946 0000")).refusal == HelpRefusal::InvalidPhone);
    CHECK(s.count("appointments") == appointments);
    const auto gerard = person("Gérard", "+33 (0)7 11 22 33 44", true);
    REQUIRE(s.book(tuesday_at(14), gerard).ok());
    auto st = s.db.prepare("SELECT phone FROM participants WHERE id = ?");
    st.bind(1, gerard.id);
    REQUIRE(st.step());
    CHECK(st.text(0) == "+33711223344");
  }
  SECTION("an invalid request: a participant without a UUID, an e-mail without @, an unknown member") {
    auto no_id = person("Gérard");
    no_id.id = "gerard";
    CHECK(s.book(tuesday_at(14), no_id).refusal == HelpRefusal::InvalidRequest);
    auto bad_mail = person("Gérard");
    bad_mail.email = "gerard.example.org";
    CHECK(s.book(tuesday_at(14), bad_mail).refusal == HelpRefusal::InvalidRequest);
    auto ghost = person("");
    ghost.member_id = 999;
    CHECK(s.book(tuesday_at(14), ghost).refusal == HelpRefusal::InvalidRequest);
    auto no_appointment_id = s.request(tuesday_at(14), person("Gérard"));
    no_appointment_id.appointment_id = "pas-un-uuid";
    CHECK(request_help(s.db, no_appointment_id, Actor{}, s.now).refusal == HelpRefusal::InvalidRequest);
    auto reused_id = s.request(tuesday_at(14), person("Gérard"));
    reused_id.appointment_id = request.appointment_id;
    CHECK(request_help(s.db, reused_id, Actor{}, s.now).refusal == HelpRefusal::InvalidRequest);
    CHECK(s.count("appointments") == appointments);
  }
  SECTION("anonymous, or without a way to reach them: no reminders") {
    auto anonymous = person("", std::nullopt, true);
    REQUIRE(s.book(tuesday_at(14), anonymous).ok());
    auto member = person("");
    member.member_id = s.marie;
    member.reminders = true;
    REQUIRE(s.book(tuesday_at(15, 30), member).ok());
    CHECK(s.count("reminders") == 1);
    CHECK(s.scalar("SELECT COUNT(*) FROM participants WHERE reminders = 1") == 1);  // Josiane only
  }
}

TEST_CASE("agenda: an animator's request is audited without naming the person", "[agenda]") {
  AgendaDb s;
  const auto kiosk = s.kiosk(s.site_id).kiosk;
  const Actor animator{kiosk.id, s.nadia, std::nullopt, std::nullopt};
  const auto josiane = person("Josiane", "0612345678", true);
  REQUIRE(s.book(tuesday_at(14), josiane, std::nullopt, animator).ok());
  auto st = s.db.prepare("SELECT action, actor_member_id, kiosk_id, detail FROM audit_log");
  REQUIRE(st.step());
  CHECK(st.text(0) == "help.request");
  CHECK(st.int64(1) == s.nadia);
  CHECK(st.int64(2) == kiosk.id);
  CHECK(st.text(3).find("Josiane") == std::string::npos);
  CHECK(st.text(3).find("612345678") == std::string::npos);
  CHECK(s.scalar("SELECT COUNT(*) FROM appointments WHERE kiosk_id = " + std::to_string(kiosk.id)) == 1);
}

TEST_CASE("agenda: holidays and exceptions close the day", "[agenda]") {
  AgendaDb s;
  // Nadia is away on Tuesday 9 March; the whole site is closed on Thursday 11 March.
  REQUIRE(add_help_exception(s.db, closed(s.site_id, s.nadia, {2027, 3, 9}, {2027, 3, 9}), Actor{}).ok());
  REQUIRE(add_help_exception(s.db, closed(s.site_id, std::nullopt, {2027, 3, 11}, {2027, 3, 11}), Actor{}).ok());
  CHECK(s.book(paris_time(2027, 3, 9, 14), person("Gérard")).refusal == HelpRefusal::ClosedDay);
  CHECK(s.book(paris_time(2027, 3, 11, 9, 30), person("Gérard")).refusal == HelpRefusal::ClosedDay);
  CHECK(free_help_slots(s.db, s.individual, {2027, 3, 9}, {2027, 3, 11}, s.now).empty());
  CHECK(free_help_slots(s.db, s.individual, {2027, 3, 16}, {2027, 3, 16}, s.now).size() == 4);
  // Ascension Thursday 2027 (6 May) is a public holiday: no exception needed.
  const auto far_type = s.add_type("Aide longue échéance", 45, false, 0, 120);
  CHECK(request_help(s.db, s.request(paris_time(2027, 5, 6, 9, 30), person("Gérard"), far_type), Actor{}, s.now)
            .refusal == HelpRefusal::ClosedDay);
  CHECK(request_help(s.db, s.request(paris_time(2027, 5, 13, 9, 30), person("Gérard"), far_type), Actor{}, s.now).ok());
  CHECK(s.count("appointments") == 1);
}

TEST_CASE("agenda: a refused intent is kept, cancelled, with its reason, and does not hold the slot", "[agenda]") {
  AgendaDb s;
  const auto josiane = person("Josiane");
  REQUIRE(s.book(tuesday_at(14), josiane).ok());

  // A second kiosk's intent for the same slot, made offline.
  auto late = person("Gérard", "06 99 88 77 66", true);
  late.email = "gerard@example.org";
  const auto late_request = s.request(tuesday_at(14), late);
  const auto out = request_help_or_refuse(s.db, late_request, Actor{}, s.now);
  REQUIRE(out.appointment.has_value());
  CHECK(out.refusal == HelpRefusal::Taken);
  CHECK_FALSE(out.ok());
  CHECK(out.appointment->cancelled);
  REQUIRE(out.appointment->participants.size() == 1);
  CHECK(out.appointment->participants[0].status == ParticipantStatus::Revoked);
  CHECK(s.reminders_of(late.id).empty());
  CHECK(s.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'appointment' AND entity_key = '" +
                 late_request.appointment_id + "'") == 1);

  // What the kiosk sees: the refusal, no contacts.
  const auto record = appointment_record(s.db, late_request.appointment_id);
  REQUIRE(record.has_value());
  CHECK(record->refusal == HelpRefusal::Taken);
  CHECK(record->appointment.cancelled);
  REQUIRE(record->appointment.participants.size() == 1);
  CHECK(record->appointment.participants[0].first_name == "Gérard");
  CHECK_FALSE(record->appointment.participants[0].phone.has_value());
  CHECK_FALSE(record->appointment.participants[0].email.has_value());
  // The back office keeps the contacts (to call back).
  CHECK(find_appointment(s.db, late_request.appointment_id)->participants[0].phone ==
        std::optional<std::string>("+33699887766"));

  // Lists leave refused intents out unless asked.
  AppointmentQuery q;
  q.site_id = s.site_id;
  CHECK(list_appointments(s.db, q).size() == 1);
  q.include_refused = true;
  CHECK(list_appointments(s.db, q).size() == 2);

  // A refused intent does not hold its slot: 15:30 refused as too soon for a
  // type with a two-day notice stays free for the usual type.
  auto notice = mediation::AppointmentType{};
  notice.site_id = s.site_id;
  notice.name = "Aide avec préavis";
  notice.duration = std::chrono::minutes(45);
  notice.min_delay = std::chrono::hours(48);
  const auto notice_type = add_appointment_type(s.db, notice, Actor{});
  REQUIRE(notice_type.ok());
  const auto too_soon =
      request_help_or_refuse(s.db, s.request(tuesday_at(15, 30), person("Léon"), *notice_type), Actor{}, s.now);
  REQUIRE(too_soon.appointment.has_value());
  CHECK(too_soon.refusal == HelpRefusal::TooSoon);
  const auto slots = starts_of(free_help_slots(s.db, s.individual, {2027, 3, 2}, {2027, 3, 2}, s.now));
  CHECK(std::find(slots.begin(), slots.end(), "2027-03-02T14:30:00.000Z") != slots.end());
  CHECK(s.book(tuesday_at(15, 30), person("Chloé")).ok());

  // The same intent again is what is stored (the kiosk re-sent it).
  const auto again = request_help_or_refuse(s.db, late_request, Actor{}, s.now);
  REQUIRE(again.appointment.has_value());
  CHECK(again.appointment->id == late_request.appointment_id);
  CHECK(again.refusal == HelpRefusal::Taken);
  CHECK(s.scalar("SELECT COUNT(*) FROM appointments WHERE refusal IS NOT NULL") == 2);
}

TEST_CASE("agenda: an intent that cannot be a row is refused without a trace, and never fails", "[agenda]") {
  AgendaDb s;
  const auto stored = s.request(tuesday_at(14), person("Josiane"));
  REQUIRE(request_help(s.db, stored, Actor{}, s.now).ok());
  const auto appointments = s.count("appointments");
  const auto changes = s.count("changes");
  const auto foreign_type = s.add_type("Aide voisine", 45, false, s.other_site);

  // No such type, another site's type, a workshop type with a start.
  for (const std::int64_t type_id : {std::int64_t{999}, foreign_type, s.collective}) {
    INFO("type " << type_id);
    const auto out =
        request_help_or_refuse(s.db, s.request(tuesday_at(14, 45), person("Gérard"), type_id), Actor{}, s.now);
    CHECK_FALSE(out.appointment.has_value());
    CHECK(out.refusal == HelpRefusal::UnknownType);
  }
  // An appointment id already used, with any refusal.
  for (const std::int64_t type_id : {s.individual, foreign_type, s.collective}) {
    INFO("type " << type_id);
    auto reused = s.request(tuesday_at(15, 30), person("Gérard"), type_id);
    reused.appointment_id = stored.appointment_id;
    std::optional<HelpOutcome> out;
    REQUIRE_NOTHROW(out = request_help_or_refuse(s.db, reused, Actor{}, s.now));
    CHECK_FALSE(out->appointment.has_value());
    CHECK(out->refusal.has_value());
  }
  // A mediator nobody is (the kiosk's copy was wrong).
  std::optional<HelpOutcome> ghost;
  REQUIRE_NOTHROW(
      ghost = request_help_or_refuse(s.db, s.request(tuesday_at(15, 30), person("Gérard"), 0, 999), Actor{}, s.now));
  CHECK_FALSE(ghost->appointment.has_value());
  CHECK(ghost->refusal.has_value());
  CHECK(s.count("appointments") == appointments);
  CHECK(s.count("changes") == changes + 1);  // the foreign type
}

//-----------------------------------------------------------------------------
// Workshops
//-----------------------------------------------------------------------------

TEST_CASE("agenda: a workshop is scheduled by its mediator", "[agenda]") {
  AgendaDb s;
  server::WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = s.collective;
  w.mediator_id = s.nadia;
  w.start = thursday_at(14);
  w.title = "Découvrir la messagerie";
  const auto out = schedule_workshop(s.db, w, Actor{}, s.now);
  REQUIRE(out.ok());
  const auto stored = find_appointment(s.db, w.appointment_id);
  REQUIRE(stored.has_value());
  CHECK(stored->collective);
  CHECK(stored->capacity == 6);
  CHECK(stored->title == "Découvrir la messagerie");
  CHECK(stored->level == mediation::WorkshopLevel::Beginner);
  CHECK(stored->duration == std::chrono::minutes(90));
  CHECK(stored->participants.empty());
  CHECK(s.changes_of("appointment") == 1);

  // Defaults from the type; overrides.
  const auto plain = s.workshop(paris_time(2027, 3, 5, 14), 3);
  CHECK(find_appointment(s.db, plain)->title == "Atelier : découvrir la messagerie");
  CHECK(find_appointment(s.db, plain)->capacity == 3);

  const auto refusal = [&](server::WorkshopRequest r) { return schedule_workshop(s.db, r, Actor{}, s.now).refusal; };
  auto bad = w;
  bad.appointment_id = make_uuid_v4();
  bad.start = thursday_at(14, 30);  // Nadia is busy with the first one
  CHECK(refusal(bad) == HelpRefusal::Taken);
  bad.start = paris_time(2027, 3, 1, 9);
  CHECK(refusal(bad) == HelpRefusal::InThePast);
  bad.start = paris_time(2027, 3, 8, 14);
  bad.type_id = s.individual;
  CHECK(refusal(bad) == HelpRefusal::UnknownType);
  bad.type_id = s.collective;
  bad.mediator_id = s.marie;
  CHECK(refusal(bad) == HelpRefusal::InvalidRequest);
  bad.mediator_id = s.nadia;
  bad.capacity = 0;
  CHECK(refusal(bad) == HelpRefusal::InvalidRequest);
  bad.capacity = std::nullopt;
  bad.appointment_id = w.appointment_id;
  CHECK(refusal(bad) == HelpRefusal::InvalidRequest);
  bad.appointment_id = "atelier-1";
  CHECK(refusal(bad) == HelpRefusal::InvalidRequest);
  CHECK(s.count("appointments") == 2);

  // An individual appointment then: Nadia is busy at 09:30 on Thursday.
  REQUIRE(s.book(thursday_at(9, 30), person("Josiane")).ok());
  bad = w;
  bad.appointment_id = make_uuid_v4();
  bad.start = thursday_at(10);
  CHECK(refusal(bad) == HelpRefusal::Taken);
  // And an individual slot during a workshop is taken.
  REQUIRE(s.add_hours(s.nadia, 5, 13 * 60, 17 * 60) > 0);
  CHECK(s.book(paris_time(2027, 3, 5, 14), person("Gérard")).refusal == HelpRefusal::Taken);
}

TEST_CASE("agenda: a workshop seats people until full, then keeps a waiting list in order", "[agenda]") {
  AgendaDb s;
  const auto id = s.workshop(thursday_at(14), 2, "Découvrir la messagerie");
  const auto anne = person("Anne", "0611111111", true);
  const auto bruno = person("Bruno", "0622222222", true);
  const auto chloe = person("Chloé", "0633333333", true);
  const auto denis = person("Denis", "0644444444", true);
  REQUIRE(s.join(id, anne).ok());
  REQUIRE(s.join(id, bruno, s.now + std::chrono::minutes(1)).ok());
  REQUIRE(s.join(id, chloe, s.now + std::chrono::minutes(2)).ok());
  REQUIRE(s.join(id, denis, s.now + std::chrono::minutes(3)).ok());
  auto a = *find_appointment(s.db, id);
  CHECK(mediation::seats_taken(a) == 2);
  CHECK_FALSE(s.participant_in(a, anne.id).waiting);
  CHECK_FALSE(s.participant_in(a, bruno.id).waiting);
  CHECK(s.participant_in(a, chloe.id).waiting);
  CHECK(s.participant_in(a, denis.id).waiting);
  // Seated people get both reminders (booked 3 days ahead); waiting ones none.
  CHECK(s.reminders_of(anne.id).size() == 2);
  CHECK(s.reminders_of(chloe.id).empty());
  // Joining twice is one participant.
  REQUIRE(s.join(id, anne).ok());
  CHECK(s.scalar("SELECT COUNT(*) FROM participants WHERE appointment_id = '" + id + "'") == 4);

  // On Wednesday 10:00 (28 hours before), Anne is excused: Chloé, first in line, takes her seat.
  const Instant wednesday = paris_time(2027, 3, 3, 10);
  const auto changes = s.changes_of("appointment");
  const auto out = set_participant_status(s.db, id, anne.id, ParticipantStatus::Excused, Actor{}, wednesday);
  REQUIRE(out.ok());
  a = *find_appointment(s.db, id);
  CHECK(s.participant_in(a, anne.id).status == ParticipantStatus::Excused);
  CHECK_FALSE(s.participant_in(a, chloe.id).waiting);
  CHECK(s.participant_in(a, denis.id).waiting);
  CHECK(*out.appointment == a);
  CHECK(s.changes_of("appointment") == changes + 1);
  // Anne's reminders are cancelled; Chloé gets the reminders still to come (the 2-hour one).
  for (const auto& r : s.reminders_of(anne.id)) CHECK(r.state == "cancelled");
  const auto chloe_reminders = s.reminders_of(chloe.id);
  REQUIRE(chloe_reminders.size() == 1);
  CHECK(chloe_reminders[0].kind == "2h");
  CHECK(chloe_reminders[0].due == "2027-03-04T11:00:00.000Z");
  CHECK(chloe_reminders[0].state == "pending");

  // Denis leaves the waiting list: nobody takes a seat, nobody is promoted later from it.
  REQUIRE(set_participant_status(s.db, id, denis.id, ParticipantStatus::Excused, Actor{}, wednesday).ok());
  REQUIRE(set_participant_status(s.db, id, bruno.id, ParticipantStatus::Excused, Actor{}, wednesday).ok());
  a = *find_appointment(s.db, id);
  CHECK(mediation::seats_taken(a) == 1);
  CHECK_FALSE(s.participant_in(a, denis.id).waiting);
  CHECK(s.participant_in(a, denis.id).status == ParticipantStatus::Excused);
  CHECK(s.reminders_of(denis.id).empty());

  // Unknown appointment or participant.
  CHECK(set_participant_status(s.db, make_uuid_v4(), anne.id, ParticipantStatus::Seen, Actor{}, wednesday).refusal ==
        HelpRefusal::UnknownAppointment);
  CHECK(set_participant_status(s.db, id, make_uuid_v4(), ParticipantStatus::Seen, Actor{}, wednesday).refusal ==
        HelpRefusal::NoParticipant);
  // Joining a workshop that is not one.
  CHECK(s.join(make_uuid_v4(), person("Eve")).refusal == HelpRefusal::UnknownAppointment);
  CHECK(s.join(id, person("Eve"), thursday_at(14, 5)).refusal == HelpRefusal::InThePast);
}

TEST_CASE("agenda: a person cancels until 4 hours before, the service cancels everyone", "[agenda]") {
  AgendaDb s;
  const auto id = s.workshop(thursday_at(14), 1);  // 13:00Z
  const auto anne = person("Anne", "0611111111", true);
  const auto bruno = person("Bruno", "0622222222", true);
  REQUIRE(s.join(id, anne).ok());
  REQUIRE(s.join(id, bruno).ok());  // waiting

  CHECK(cancel_participation(s.db, id, anne.id, Actor{}, at("2027-03-04T09:00:01Z")).refusal ==
        HelpRefusal::NotCancellable);
  CHECK(s.stored_participant(id, anne.id).status == ParticipantStatus::Unknown);
  CHECK(cancel_participation(s.db, make_uuid_v4(), anne.id, Actor{}, s.now).refusal == HelpRefusal::UnknownAppointment);
  CHECK(cancel_participation(s.db, id, make_uuid_v4(), Actor{}, s.now).refusal == HelpRefusal::NoParticipant);
  const auto out = cancel_participation(s.db, id, anne.id, Actor{}, at("2027-03-04T09:00:00Z"));
  REQUIRE(out.ok());
  CHECK(s.stored_participant(id, anne.id).status == ParticipantStatus::Excused);
  CHECK_FALSE(s.stored_participant(id, bruno.id).waiting);  // promoted

  // The service cancels: everyone revoked, every pending reminder cancelled.
  const auto individual = s.request(tuesday_at(14), person("Josiane", "0612345678", true));
  REQUIRE(request_help(s.db, individual, Actor{}, s.now).ok());
  const auto cancelled = cancel_appointment(s.db, individual.appointment_id, Actor{}, s.now);
  REQUIRE(cancelled.ok());
  CHECK(cancelled.appointment->cancelled);
  CHECK(cancelled.appointment->participants[0].status == ParticipantStatus::Revoked);
  for (const auto& r : s.reminders_of(individual.participant.id)) CHECK(r.state == "cancelled");
  CHECK(cancel_appointment(s.db, individual.appointment_id, Actor{}, s.now).refusal == HelpRefusal::NotCancellable);
  CHECK(cancel_appointment(s.db, make_uuid_v4(), Actor{}, s.now).refusal == HelpRefusal::UnknownAppointment);
  // Its slot is free again.
  CHECK(s.book(tuesday_at(14), person("Gérard")).ok());

  const auto carla = person("Carla");
  REQUIRE(s.join(id, carla).ok());  // waiting again (Bruno holds the seat)
  REQUIRE(cancel_appointment(s.db, id, Actor{}, s.now).ok());
  const auto w = *find_appointment(s.db, id);
  CHECK(w.cancelled);
  CHECK(s.participant_in(w, anne.id).status == ParticipantStatus::Excused);  // stays excused
  CHECK(s.participant_in(w, bruno.id).status == ParticipantStatus::Revoked);
  CHECK(s.participant_in(w, carla.id).status == ParticipantStatus::Revoked);
  CHECK_FALSE(s.participant_in(w, carla.id).waiting);
  CHECK(s.scalar("SELECT COUNT(*) FROM reminders WHERE state = 'pending'") == 0);
  CHECK(s.join(id, person("Denis")).refusal == HelpRefusal::UnknownAppointment);
  CHECK(cancel_participation(s.db, id, bruno.id, Actor{}, s.now).refusal == HelpRefusal::NotCancellable);
}

TEST_CASE("agenda: someone back from « excused » takes a free seat or waits, a slot never holds two", "[agenda]") {
  AgendaDb s;
  // A workshop of one seat: Anne excused, Bruno takes her seat.
  const auto id = s.workshop(thursday_at(14), 1);
  const auto anne = person("Anne", "0611111111", true);
  const auto bruno = person("Bruno", "0622222222", true);
  REQUIRE(s.join(id, anne).ok());
  REQUIRE(s.join(id, bruno).ok());
  REQUIRE(set_participant_status(s.db, id, anne.id, ParticipantStatus::Excused, Actor{}, s.now).ok());
  REQUIRE_FALSE(s.stored_participant(id, bruno.id).waiting);
  // She comes back: the seat is Bruno's, she waits (and gets no reminder while waiting).
  REQUIRE(set_participant_status(s.db, id, anne.id, ParticipantStatus::Unknown, Actor{}, s.now).ok());
  auto w = *find_appointment(s.db, id);
  CHECK(mediation::seats_taken(w) == 1);
  CHECK(s.participant_in(w, anne.id).waiting);
  CHECK_FALSE(s.participant_in(w, bruno.id).waiting);
  for (const auto& r : s.reminders_of(anne.id)) CHECK(r.state != "pending");
  // Bruno leaves: Anne has the seat again, with her reminders.
  REQUIRE(set_participant_status(s.db, id, bruno.id, ParticipantStatus::Excused, Actor{}, s.now).ok());
  w = *find_appointment(s.db, id);
  CHECK_FALSE(s.participant_in(w, anne.id).waiting);
  CHECK(s.scalar("SELECT COUNT(*) FROM reminders WHERE state = 'pending' AND participant_id = '" + anne.id + "'") == 2);

  // An individual appointment: Josiane excused, Gérard books her slot; she cannot take it back.
  const auto josiane = person("Josiane");
  const auto first = s.request(tuesday_at(14), josiane);
  REQUIRE(request_help(s.db, first, Actor{}, s.now).ok());
  REQUIRE(
      set_participant_status(s.db, first.appointment_id, josiane.id, ParticipantStatus::Excused, Actor{}, s.now).ok());
  REQUIRE(s.book(tuesday_at(14), person("Gérard")).ok());
  CHECK(set_participant_status(s.db, first.appointment_id, josiane.id, ParticipantStatus::Unknown, Actor{}, s.now)
            .refusal == HelpRefusal::Taken);
  CHECK(s.stored_participant(first.appointment_id, josiane.id).status == ParticipantStatus::Excused);
  // With the slot still free, back she is, with her reminders.
  const auto leon = person("Léon", "0633333333", true);
  const auto second = s.request(tuesday_at(14, 45), leon);
  REQUIRE(request_help(s.db, second, Actor{}, s.now).ok());
  REQUIRE(
      set_participant_status(s.db, second.appointment_id, leon.id, ParticipantStatus::Excused, Actor{}, s.now).ok());
  REQUIRE(
      set_participant_status(s.db, second.appointment_id, leon.id, ParticipantStatus::Unknown, Actor{}, s.now).ok());
  CHECK(s.scalar("SELECT COUNT(*) FROM reminders WHERE state = 'pending' AND participant_id = '" + leon.id + "'") == 1);
  CHECK(s.book(tuesday_at(14, 45), person("Chloé")).refusal == HelpRefusal::Taken);
  // Afterwards a status is what happened: Josiane came after all.
  CHECK(set_participant_status(s.db, first.appointment_id, josiane.id, ParticipantStatus::Seen, Actor{},
                               paris_time(2027, 3, 3, 10))
            .ok());
}

TEST_CASE("agenda: statuses of a past appointment are recorded, a past workshop promotes nobody", "[agenda]") {
  AgendaDb s;
  const auto josiane = person("Josiane");
  const auto individual = s.request(tuesday_at(14), josiane);
  REQUIRE(request_help(s.db, individual, Actor{}, s.now).ok());
  const auto id = s.workshop(thursday_at(14), 1);
  const auto anne = person("Anne");
  const auto bruno = person("Bruno");
  REQUIRE(s.join(id, anne).ok());
  REQUIRE(s.join(id, bruno).ok());  // waiting

  const Instant friday = paris_time(2027, 3, 5, 10);
  REQUIRE(set_participant_status(s.db, individual.appointment_id, josiane.id, ParticipantStatus::Seen, Actor{}, friday)
              .ok());
  CHECK(s.stored_participant(individual.appointment_id, josiane.id).status == ParticipantStatus::Seen);
  REQUIRE(
      set_participant_status(s.db, individual.appointment_id, josiane.id, ParticipantStatus::NoShow, Actor{}, friday)
          .ok());
  CHECK(s.stored_participant(individual.appointment_id, josiane.id).status == ParticipantStatus::NoShow);

  // Anne, recorded afterwards as excused: the workshop is over, Bruno did not come in her place.
  REQUIRE(set_participant_status(s.db, id, anne.id, ParticipantStatus::Excused, Actor{}, friday).ok());
  const auto w = *find_appointment(s.db, id);
  CHECK(s.participant_in(w, bruno.id).waiting);
  CHECK(s.participant_in(w, bruno.id).status == ParticipantStatus::Unknown);
  CHECK(mediation::seats_taken(w) == 0);
}

//-----------------------------------------------------------------------------
// Activity records (CRA)
//-----------------------------------------------------------------------------

TEST_CASE("activities: a record is checked, linked to its appointment, and corrected by id", "[agenda][activities]") {
  AgendaDb s;
  // No theme, unknown theme, not a UUID, unknown site or mediator.
  auto r = activity(s, {});
  auto refused = record_activity(s.db, r, Actor{});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("au moins une thématique"));
  r = activity(s, {"pas_un_theme"});
  CHECK_THAT(error_of(record_activity(s.db, r, Actor{})), Catch::Contains("Thématique inconnue"));
  r = activity(s, {"email"});
  r.id = "fiche-1";
  CHECK_THAT(error_of(record_activity(s.db, r, Actor{})), Catch::Contains("UUID"));
  r = activity(s, {"email"});
  r.site_id = 99;
  CHECK_THAT(error_of(record_activity(s.db, r, Actor{})), Catch::Contains("Aucun tiers-lieu"));
  r = activity(s, {"email"});
  r.mediator_id = 999;
  CHECK_THAT(error_of(record_activity(s.db, r, Actor{})), Catch::Contains("Aucun membre actif"));
  r = activity(s, {"email"});
  r.mediator_id = s.marie;  // a member, not a mediator
  CHECK_THAT(error_of(record_activity(s.db, r, Actor{})), Catch::Contains("n’est pas médiateur"));
  r = activity(s, {"email"});
  r.duration = std::chrono::minutes(0);
  CHECK_THAT(error_of(record_activity(s.db, r, Actor{})), Catch::Contains("durée"));
  CHECK(s.count("activities") == 0);

  // An individual appointment of an anonymous person: linked, anonymous.
  const auto anonymous = s.request(tuesday_at(14), person(""));
  REQUIRE(request_help(s.db, anonymous, Actor{}, s.now).ok());
  r = activity(s, {"aide_aux_demarches_administratives", "famille_scolarite"});
  r.appointment_id = anonymous.appointment_id;
  r.participants = 3;  // an individual record is one person
  const auto stored = record_activity(s.db, r, Actor{});
  REQUIRE(stored.ok());
  CHECK(stored->participant_id == anonymous.participant.id);
  CHECK(stored->anonymous);
  CHECK_FALSE(stored->collective);
  CHECK(stored->participants == 1);
  const auto found = find_activity(s.db, r.id);
  REQUIRE(found.has_value());
  CHECK(*found == *stored);
  auto rec = appointment_record(s.db, anonymous.appointment_id);
  CHECK(rec->recorded_participants == std::vector<std::string>{anonymous.participant.id});
  CHECK_FALSE(rec->recorded);

  // A named person is not anonymous, whatever the form said.
  const auto named = s.request(tuesday_at(14, 45), person("Josiane"));
  REQUIRE(request_help(s.db, named, Actor{}, s.now).ok());
  auto n = activity(s, {"email"});
  n.appointment_id = named.appointment_id;
  n.anonymous = true;
  CHECK_FALSE(record_activity(s.db, n, Actor{})->anonymous);
  // Someone not in the appointment, an appointment of another site or none.
  n = activity(s, {"email"});
  n.appointment_id = named.appointment_id;
  n.participant_id = anonymous.participant.id;
  CHECK_THAT(error_of(record_activity(s.db, n, Actor{})), Catch::Contains("ne fait pas partie"));
  n.participant_id.clear();
  n.appointment_id = make_uuid_v4();
  CHECK_THAT(error_of(record_activity(s.db, n, Actor{})), Catch::Contains("n’existe pas dans ce tiers-lieu"));
  n.appointment_id = named.appointment_id;
  n.site_id = s.other_site;  // Nadia is not that site's mediator either: refused for that first
  CHECK_THAT(error_of(record_activity(s.db, n, Actor{})), Catch::Contains("n’est pas médiateur de ce tiers-lieu"));

  // A workshop: collective, its title and level, no participant.
  const auto workshop = s.workshop(thursday_at(14), std::nullopt, "Découvrir la messagerie");
  auto w = activity(s, {"email"});
  w.appointment_id = workshop;
  w.participant_id = anonymous.participant.id;
  w.participants = 4;
  w.date = CivilDate{2027, 3, 4};
  const auto changes = s.changes_of("appointment");
  const auto session = record_activity(s.db, w, Actor{});
  REQUIRE(session.ok());
  CHECK(session->collective);
  CHECK(session->participant_id.empty());
  CHECK(session->workshop_title == "Découvrir la messagerie");
  CHECK(session->level == mediation::WorkshopLevel::Beginner);
  CHECK(session->participants == 4);
  CHECK(s.changes_of("appointment") == changes + 1);  // the kiosk shows « fiche faite »
  rec = appointment_record(s.db, workshop);
  CHECK(rec->recorded);
  CHECK(rec->recorded_participants.empty());

  // A correction: the same id replaces the record.
  w.themes = {"email", "securite_numerique"};
  w.participants = 5;
  REQUIRE(record_activity(s.db, w, Actor{}).ok());
  CHECK(s.scalar("SELECT COUNT(*) FROM activities WHERE appointment_id = '" + workshop + "'") == 1);
  CHECK(find_activity(s.db, w.id)->themes == std::vector<std::string>{"email", "securite_numerique"});
  CHECK(find_activity(s.db, w.id)->participants == 5);
  CHECK(find_activity(s.db, w.id)->recorded_at == session->recorded_at);

  // Another site cannot take over a record by its id.
  auto takeover = activity(s, {"email"});
  takeover.id = w.id;
  takeover.site_id = s.other_site;
  takeover.mediator_id = s.paul;
  CHECK_FALSE(record_activity(s.db, takeover, Actor{}).ok());
  CHECK(find_activity(s.db, w.id)->site_id == s.site_id);
  CHECK(find_activity(s.db, w.id)->themes == std::vector<std::string>{"email", "securite_numerique"});
}

TEST_CASE("activities: listed by site, mediator and dates, exported without names, phones or notes",
          "[agenda][activities]") {
  AgendaDb s;
  auto josette = person("Josette-Unique", "06 99 88 77 66", true);
  josette.email = "josette.unique@example.org";
  const auto booked = s.request(tuesday_at(14), josette);
  REQUIRE(request_help(s.db, booked, Actor{}, s.now).ok());
  auto individual = activity(s, {"aide_aux_demarches_administratives", "email", "argent_impots"});
  individual.appointment_id = booked.appointment_id;
  individual.equipment = {"ordinateur", "telephone"};
  individual.autonomy = "partiellement_autonome";
  individual.redirection = "France services";  // codes of before schema 10: stored as La Coop's
  individual.age_bracket = "de_60_a_69_ans";
  individual.social_status = "retraite";
  individual.gender = "feminin";
  individual.home_insee = "21425";
  individual.duration = std::chrono::minutes(45);
  individual.note = "Note très personnelle XYZ : son fils";
  REQUIRE(record_activity(s.db, individual, Actor{}).ok());

  const auto workshop = s.workshop(thursday_at(14), std::nullopt, "Découvrir la messagerie");
  REQUIRE(s.join(workshop, person("Anne-Secrète", "0611111111", true)).ok());
  auto session = activity(s, {"email"});
  session.appointment_id = workshop;
  session.date = CivilDate{2027, 3, 4};
  session.duration = std::chrono::minutes(90);
  session.participants = 5;
  session.note = "Anne-Secrète était fatiguée";
  REQUIRE(record_activity(s.db, session, Actor{}).ok());

  // Another mediator's help without an appointment, another site's record.
  const auto karim = s.mediator(s.site_id, "Karim", "Haddad");
  auto walk_in = activity(s, {"prendre_en_main_du_materiel"});
  walk_in.mediator_id = karim;
  walk_in.date = CivilDate{2027, 3, 10};
  walk_in.duration = std::chrono::minutes(130);
  REQUIRE(record_activity(s.db, walk_in, Actor{}).ok());
  auto elsewhere = activity(s, {"email"});
  elsewhere.site_id = s.other_site;
  elsewhere.mediator_id = s.paul;
  REQUIRE(record_activity(s.db, elsewhere, Actor{}).ok());

  ActivityQuery q;
  CHECK(list_activities(s.db, q).size() == 4);
  q.site_id = s.site_id;
  auto rows = list_activities(s.db, q);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].record.id == individual.id);  // oldest first
  CHECK(rows[1].record.id == session.id);
  CHECK(rows[2].record.id == walk_in.id);
  CHECK(rows[0].site_name == "Tiers-lieu du Haut-Val");
  q.mediator_id = karim;
  CHECK(list_activities(s.db, q).size() == 1);
  q.mediator_id.reset();
  q.from = CivilDate{2027, 3, 3};
  q.to = CivilDate{2027, 3, 4};
  REQUIRE(list_activities(s.db, q).size() == 1);
  CHECK(list_activities(s.db, q)[0].record.id == session.id);

  q = ActivityQuery{};
  q.site_id = s.site_id;
  const std::string csv = mediation::activities_csv(list_activities(s.db, q));
  for (const char* secret : {"Josette", "Anne-Secrète", "99 88 77 66", "699887766", "611111111", "josette.unique",
                             "Note très personnelle", "fatiguée", "XYZ"}) {
    INFO(secret);
    CHECK(csv.find(secret) == std::string::npos);
  }
  CHECK(csv.find(booked.participant.id) == std::string::npos);
  CHECK(csv.find(booked.appointment_id) == std::string::npos);

  const auto lines = csv_lines(csv);
  REQUIRE(lines.size() == 4);
  const auto header = cells(lines[0]);
  const auto column = [&](const std::vector<std::string>& row, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    REQUIRE(row.size() == header.size());
    return row[static_cast<std::size_t>(it - header.begin())];
  };
  const auto first = cells(lines[1]);
  CHECK(column(first, "date") == "2027-03-02");
  CHECK(column(first, "site") == "Tiers-lieu du Haut-Val");
  CHECK(column(first, "type") == "individuel");
  CHECK(column(first, "duree_minutes") == "45");
  CHECK(column(first, "tranche_duree") == "30_60");
  CHECK(column(first, "lieu") == "lieu_activite");
  CHECK(column(first, "materiel") == "ordinateur|telephone");
  CHECK(column(first, "thematiques") == "aide_aux_demarches_administratives|email");
  CHECK(column(first, "thematiques_administratives") == "argent_impots");
  CHECK(column(first, "autonomie") == "partiellement_autonome");
  CHECK(column(first, "orientation") == "aide_aux_demarches_administratives");
  CHECK(column(first, "orientation_precision") == "France services");
  CHECK(column(first, "tranche_age") == "soixante_soixante_neuf");
  CHECK(column(first, "statut") == "retraite");
  CHECK(column(first, "genre") == "feminin");
  CHECK(column(first, "commune_residence_insee") == "21425");
  CHECK(column(first, "anonyme") == "non");
  CHECK(column(first, "participants") == "1");
  CHECK(column(first, "atelier_titre").empty());
  CHECK(column(first, "atelier_niveau").empty());
  const auto second = cells(lines[2]);
  CHECK(column(second, "type") == "collectif");
  CHECK(column(second, "tranche_duree") == "60_120");
  CHECK(column(second, "participants") == "5");
  CHECK(column(second, "atelier_titre") == "Découvrir la messagerie");
  CHECK(column(second, "atelier_niveau") == "debutant");
  const auto third = cells(lines[3]);
  CHECK(column(third, "tranche_duree") == "120_plus");
  CHECK(column(third, "anonyme") == "non");
  CHECK(column(third, "thematiques") == "prendre_en_main_du_materiel");
}

//-----------------------------------------------------------------------------
// Retention
//-----------------------------------------------------------------------------

TEST_CASE("retention: old participants lose their names and contacts, statuses and statistics stay",
          "[agenda][retention]") {
  AgendaDb s;
  // Two years ago: an appointment on Tuesday 4 March 2025 (booked the day before), a workshop on Thursday 6 March.
  const Instant then = at("2025-03-03T09:00:00Z");
  auto old_person = person("Josiane", "0612345678", true);
  old_person.email = "josiane@example.org";
  const auto old = s.request(paris_time(2025, 3, 4, 14), old_person);
  REQUIRE(request_help(s.db, old, Actor{}, then).ok());
  REQUIRE(set_participant_status(s.db, old.appointment_id, old_person.id, ParticipantStatus::Seen, Actor{},
                                 paris_time(2025, 3, 4, 15))
              .ok());
  server::WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = s.collective;
  w.mediator_id = s.nadia;
  w.start = paris_time(2025, 3, 6, 14);
  REQUIRE(schedule_workshop(s.db, w, Actor{}, then).ok());
  const auto old_guest = person("Anne", "0611111111", true);
  REQUIRE(s.join(w.appointment_id, old_guest, then).ok());
  REQUIRE(set_participant_status(s.db, w.appointment_id, old_guest.id, ParticipantStatus::NoShow, Actor{},
                                 paris_time(2025, 3, 6, 16))
              .ok());
  auto old_record = activity(s, {"email"});
  old_record.appointment_id = old.appointment_id;
  old_record.date = CivilDate{2025, 3, 4};
  old_record.note = "a parlé de sa santé";
  REQUIRE(record_activity(s.db, old_record, Actor{}).ok());

  // This week.
  const auto recent_person = person("Gérard", "0699887766", true);
  const auto recent = s.request(tuesday_at(14), recent_person);
  REQUIRE(request_help(s.db, recent, Actor{}, s.now).ok());
  auto recent_record = activity(s, {"email"});
  recent_record.appointment_id = recent.appointment_id;
  recent_record.note = "à rappeler";
  REQUIRE(record_activity(s.db, recent_record, Actor{}).ok());
  const auto reminders_before =
      s.scalar("SELECT COUNT(*) FROM reminders WHERE participant_id = '" + recent_person.id + "'");

  const int erased = erase_old_participants(s.db, at("2025-03-10T00:00:00Z"));
  CHECK(erased == 2);
  const auto o = s.stored_participant(old.appointment_id, old_person.id);
  CHECK(o.first_name.empty());
  CHECK_FALSE(o.phone.has_value());
  CHECK_FALSE(o.email.has_value());
  CHECK_FALSE(o.reminders);
  CHECK(o.status == ParticipantStatus::Seen);
  CHECK(s.stored_participant(w.appointment_id, old_guest.id).status == ParticipantStatus::NoShow);
  CHECK(s.stored_participant(w.appointment_id, old_guest.id).first_name.empty());
  CHECK(s.scalar("SELECT COUNT(*) FROM participants WHERE erased_at IS NOT NULL") == 2);
  CHECK(s.reminders_of(old_person.id).empty());
  CHECK(s.reminders_of(old_guest.id).empty());
  // The statistics stay; the note goes.
  const auto kept = find_activity(s.db, old_record.id);
  REQUIRE(kept.has_value());
  CHECK(kept->note.empty());
  CHECK(kept->themes == std::vector<std::string>{"email"});
  CHECK(kept->participant_id == old_person.id);
  // Recent ones are untouched.
  const auto r = s.stored_participant(recent.appointment_id, recent_person.id);
  CHECK(r.first_name == "Gérard");
  CHECK(r.phone == std::optional<std::string>("+33699887766"));
  CHECK(find_activity(s.db, recent_record.id)->note == "à rappeler");
  CHECK(s.scalar("SELECT COUNT(*) FROM reminders WHERE participant_id = '" + recent_person.id + "'") ==
        reminders_before);
  CHECK(s.count("appointments") == 3);

  // A second run has nothing left to erase.
  CHECK(erase_old_participants(s.db, at("2025-03-10T00:00:00Z")) == 0);
}

TEST_CASE("retention: the cut-off in the middle of a day takes the notes of what it erases", "[agenda][retention]") {
  AgendaDb s;
  const auto josiane = person("Josiane");
  const auto booked = s.request(tuesday_at(14), josiane);
  REQUIRE(request_help(s.db, booked, Actor{}, s.now).ok());
  auto record = activity(s, {"email"});
  record.appointment_id = booked.appointment_id;
  record.note = "a parlé de ses dettes";
  REQUIRE(record_activity(s.db, record, Actor{}).ok());
  // Erase what started before 16:00 on that Tuesday.
  CHECK(erase_old_participants(s.db, tuesday_at(16)) == 1);
  CHECK(s.stored_participant(booked.appointment_id, josiane.id).first_name.empty());
  CHECK(find_activity(s.db, record.id)->note.empty());
}

//-----------------------------------------------------------------------------
// Migration
//-----------------------------------------------------------------------------

TEST_CASE("migration: a v2 database upgrades to v3 and keeps its change-log cursors", "[agenda][migration]") {
  tests::TempDir dir;
  const auto path = dir.file("v2.db");
  std::int64_t site = 0;
  {
    // A v2 database (an older server's): its change log only names sites,
    // members, badges, resources and bookings.
    auto db = open_server_db(path, 2);
    REQUIRE(db.user_version() == 2);
    auto added = add_site(db, Site{0, "Tiers-lieu de Montbard", "2 rue de la Gare", "21425", tests::kHours});
    REQUIRE(added.ok());
    site = added->id;
    // As the server of version 2 wrote a member (today's add_member writes columns of later versions).
    db.prepare(
          "INSERT INTO members (site_id, first_name, last_name, created_at) "
          "VALUES (?, 'Nadia', 'Benali', '2027-01-01T00:00:00.000Z')")
        .bind_all(site)
        .run();
    db.prepare(
          "INSERT INTO changes (site_id, entity, entity_key, changed_at) "
          "VALUES (?, 'member', CAST(last_insert_rowid() AS TEXT), '2027-01-01T00:00:00.000Z')")
        .bind_all(site)
        .run();
    // Cursors with a gap, as a long-lived change log has.
    db.exec(
        "INSERT INTO changes (cursor, site_id, entity, entity_key, changed_at) "
        "VALUES (40, 1, 'booking', 'b', '2027-01-01T00:00:00.000Z'), "
        "(41, 1, 'resource', '3', '2027-01-01T00:00:00.000Z')");
    REQUIRE(db.user_version() == 2);
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  std::vector<std::pair<std::int64_t, std::string>> cursors;
  {
    // (Migration 8 then adds the network's rows after them.)
    auto st = db.prepare("SELECT cursor, entity FROM changes WHERE cursor <= 41 ORDER BY cursor");
    while (st.step()) cursors.emplace_back(st.int64(0), st.text(1));
  }
  REQUIRE(cursors.size() == 4);
  CHECK(cursors[0] == std::make_pair(std::int64_t{1}, std::string("site")));
  CHECK(cursors[1] == std::make_pair(std::int64_t{2}, std::string("member")));
  CHECK(cursors[2] == std::make_pair(std::int64_t{40}, std::string("booking")));
  CHECK(cursors[3] == std::make_pair(std::int64_t{41}, std::string("resource")));
  // The agenda works, and new changes come after the old cursors.
  // (Migration 8's network rows, the site and Nadia, come at 42 and 43.)
  const auto before = changes_after(db, site, 0);
  CHECK(before.cursor == 43);
  mediation::AppointmentType t;
  t.site_id = site;
  t.name = "Aide aux démarches en ligne";
  REQUIRE(add_appointment_type(db, t, Actor{}).ok());
  const auto after = changes_after(db, site, 43);
  REQUIRE(after.entities.size() == 1);
  CHECK(after.entities[0].entity == Entity::HelpAgenda);
  CHECK(after.cursor == 44);
}

//-----------------------------------------------------------------------------
// Demo data
//-----------------------------------------------------------------------------

TEST_CASE("demo data: a mediator, her agenda with free slots next week, a workshop, past help recorded",
          "[agenda][demo]") {
  tests::ServerDb s;
  const auto demo = make_demo_data(s.db);
  REQUIRE(demo.ok());
  const auto nadia = find_member(s.db, demo->mediator_id);
  REQUIRE(nadia.has_value());
  CHECK(nadia->first_name == "Nadia");
  CHECK(nadia->last_name == "Benali");
  CHECK(nadia->has_role(Role::Mediator));
  CHECK(nadia->has_role(Role::Animator));
  CHECK(demo->mediator == "Nadia Benali");
  CHECK(demo->mediator_uid == "92A3B4C5");
  CHECK(demo->mediator_pin == "1357");
  const auto badges = list_badges(s.db, demo->mediator_id);
  REQUIRE(badges.size() == 1);
  CHECK(badges[0].uid == "92A3B4C5");
  {
    auto st = s.db.prepare("SELECT pin_hash FROM members WHERE id = ?");
    st.bind(1, demo->mediator_id);
    REQUIRE(st.step());
    CHECK(verify_pin("1357", st.text(0)));
  }
  // Agnès is still the animator of keys and PIN 2468; the keys' badges are unchanged.
  CHECK(demo->animator_pin == "2468");
  CHECK(demo->badges.size() == 12);

  const auto site_id = list_sites(s.db)[0].id;
  const auto agenda = help_agenda(s.db, site_id);
  REQUIRE(agenda.types.size() == 2);
  CHECK(agenda.types[0].id == demo->help_type_id);
  CHECK(agenda.types[0].name == "Aide aux démarches en ligne");
  CHECK(agenda.types[0].duration == std::chrono::minutes(45));
  CHECK(agenda.types[1].id == demo->workshop_type_id);
  CHECK(agenda.types[1].collective);
  CHECK(agenda.types[1].capacity == 6);
  CHECK(agenda.types[1].level == mediation::WorkshopLevel::Beginner);
  REQUIRE(agenda.hours.size() == 2);
  CHECK(agenda.hours[0].weekday == 2);
  CHECK(agenda.hours[0].start_minute == 14 * 60);
  CHECK(agenda.hours[1].weekday == 4);
  CHECK(agenda.hours[1].start_minute == 9 * 60 + 30);
  CHECK(agenda.contact_phone == "+33380000000");

  // Free slots next week (Monday to Sunday).
  CivilDate monday = add_days(paris_civil_date(now()), 1);
  while (iso_weekday(monday) != 1) monday = add_days(monday, 1);
  const auto next_week = free_help_slots(s.db, demo->help_type_id, monday, add_days(monday, 6), now());
  CHECK_FALSE(next_week.empty());
  for (const auto& slot : next_week) CHECK(slot.mediator_id == demo->mediator_id);

  // The workshop with four people, on the Thursday after next Monday (a
  // visitor coming next Monday finds it to come); the appointments to come.
  const auto workshop = find_appointment(s.db, demo->workshop_id);
  REQUIRE(workshop.has_value());
  CHECK(workshop->collective);
  CHECK(to_paris(workshop->start).weekday == 4);
  CHECK(to_paris(workshop->start).hour == 14);
  const LocalTime at = to_paris(workshop->start);
  const CivilDate workshop_day{at.year, at.month, at.day};
  int after_monday = 0;
  for (CivilDate d = monday; after_monday < 15; d = add_days(d, 1), ++after_monday) {
    if (d.year == workshop_day.year && d.month == workshop_day.month && d.day == workshop_day.day) break;
  }
  CHECK(after_monday >= 3);
  CHECK(after_monday <= 10);  // 3 days, or 10 past a public holiday
  REQUIRE(workshop->participants.size() == 4);
  for (const auto& p : workshop->participants) {
    CHECK_FALSE(p.first_name.empty());
    CHECK_FALSE(p.phone.has_value());
  }
  CHECK(demo->appointments >= 3);
  AppointmentQuery coming;
  coming.site_id = site_id;
  coming.from = paris_civil_date(now());
  const auto list = list_appointments(s.db, coming);
  CHECK(static_cast<int>(list.size()) == demo->appointments + 1);
  int anonymous = 0;
  for (const auto& a : list) {
    for (const auto& p : a.participants) {
      anonymous += mediation::is_anonymous(p) ? 1 : 0;
      if (p.phone) CHECK_THAT(*p.phone, Catch::StartsWith("+3360000000"));
    }
  }
  CHECK(anonymous >= 1);

  // Past help: statuses and activity records, exported without names.
  CHECK(demo->past_appointments >= 3);
  CHECK(s.scalar("SELECT COUNT(*) FROM participants WHERE status = 'seen'") >= 3);
  CHECK(s.scalar("SELECT COUNT(*) FROM participants WHERE status = 'noshow'") >= 1);
  ActivityQuery all;
  const auto records = list_activities(s.db, all);
  CHECK(static_cast<int>(records.size()) == demo->activities);
  CHECK(demo->activities >= 3);
  const auto csv = mediation::activities_csv(records);
  CHECK_THAT(csv, Catch::Contains("collectif"));
  CHECK_THAT(csv, Catch::Contains("individuel"));
  for (const char* name : {"Josiane", "Lucien", "Lucienne", "Odile", "Nadia"})
    CHECK(csv.find(name) == std::string::npos);

  // The open-data file has the demo site.
  const auto places = mediation_places(s.db);
  REQUIRE(places.places.size() == 1);
  CHECK(places.places[0].code_postal == "21500");
  CHECK(places.places[0].pivot.size() == 14);
}
