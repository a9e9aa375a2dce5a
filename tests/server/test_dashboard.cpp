#include "reports/dashboard.hpp"  // first: the header is self-contained

// The dashboard:
//   (a) a small hand-made dataset, every expected figure derived by hand in
//       the comments (two sites, a DST day, a public holiday, auto-closed
//       visits, every booking status, appointments, workshops, activity
//       records, the previous period);
//   (b) the seeded generator's own tallies against compute_dashboard;
//   (c) masking for a reporting account;
//   (d) bad input, and the JSON.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "booking/booking.hpp"
#include "demo/activity_generator.hpp"
#include "reports/stats_rollup.hpp"
#include "server_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using namespace escale::server::reports;
using Catch::Detail::Approx;
using escale::tests::at;
using escale::tests::ServerDb;

Period custom(const std::string& first, const std::string& last) {
  auto p = parse_period("", first, last, CivilDate{2026, 12, 1});
  REQUIRE(p.ok());
  return *p;
}

Period named(const std::string& text) {
  auto p = parse_period(text, "", "", CivilDate{2026, 12, 1});
  REQUIRE(p.ok());
  return *p;
}

Dashboard dashboard(store::Database& db, std::optional<std::int64_t> site, const Period& period, Instant now) {
  DashboardQuery q;
  q.site_id = site;
  q.period = period;
  q.now = now;
  auto d = compute_dashboard(db, q);
  INFO((d.ok() ? std::string() : d.error()));
  REQUIRE(d.ok());
  return *d;
}

const Figure& figure(const Dashboard& d, std::string_view key) {
  const Figure* f = find_figure(d, key);
  INFO(key);
  REQUIRE(f != nullptr);
  return *f;
}

double current(const Dashboard& d, std::string_view key) {
  const Figure& f = figure(d, key);
  INFO(key);
  REQUIRE(f.current.number.has_value());
  return *f.current.number;
}

double previous(const Dashboard& d, std::string_view key) {
  const Figure& f = figure(d, key);
  INFO(key);
  REQUIRE(f.previous.number.has_value());
  return *f.previous.number;
}

double n(std::int64_t v) {
  return static_cast<double>(v);
}

const Table& table(const Dashboard& d, std::string_view key) {
  const Table* t = find_table(d, key);
  INFO(key);
  REQUIRE(t != nullptr);
  return *t;
}

const TableRow& row(const Table& t, std::string_view key) {
  const auto it = std::find_if(t.rows.begin(), t.rows.end(), [&](const TableRow& r) { return r.key == key; });
  INFO(t.key << " row " << key);
  REQUIRE(it != t.rows.end());
  return *it;
}

double cell(const Table& t, std::string_view row_key, std::string_view column) {
  const TableRow& r = row(t, row_key);
  const auto col = std::find(t.column_keys.begin(), t.column_keys.end(), column);
  INFO(t.key << " " << row_key << " " << column);
  REQUIRE(col != t.column_keys.end());
  const Value& v = r.cells[static_cast<std::size_t>(col - t.column_keys.begin())];
  REQUIRE(v.number.has_value());
  return *v.number;
}

//-----------------------------------------------------------------------------
// (a) The hand-made dataset
//-----------------------------------------------------------------------------
//
// Montbard (A): Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off.
//   Desks D1, D2, D3; the visio room R. Kiosk synced 10 minutes before now.
// Semur (B): Mo-Su 09:00-17:00 (no PH rule: open on public holidays). Desk E1.
//   Its kiosk last synced on Friday 13 November at 12:00Z; a revoked kiosk never synced.
// Both created on 1 January 2026. Now: Tuesday 1 December 2026, 10:00Z: every day is over.
//
// The period P: custom, Saturday 24 October → Friday 13 November 2026 (21
// days). Clocks go back on Sunday 25 October (03:00 CEST → 02:00 CET): Paris
// is UTC+2 before, UTC+1 after. Wednesday 11 November is a public holiday.
// The previous period Q: the 21 days before, Saturday 3 → Friday 23 October.
//
// Open minutes in P — A: 14 weekdays (26–30 Oct, 2–6 Nov, 9, 10, 12, 13 Nov;
// not the 11th) × 510 + 3 Saturdays × 180 = 7 680; B: 21 × 480 = 10 080.
// In Q — A: 15 weekdays × 510 + 3 Saturdays × 180 = 8 190; B: 10 080.
//
// Members: Marie (A, 21425, 35–60), Jean (A, 21154, 60–70), Zoé (B, 21425,
// 18–35, registered 26 Oct), Paul (A, no commune, registered 20 Nov but first
// came 5 Nov), Nadia (A, mediator: staff, registered 27 Oct), Léo (B,
// registered 1 Sept). All others registered 10 January.
struct HandMade : ServerDb {
  std::int64_t a = site("Montbard", "21425");
  std::int64_t b = site("Semur", "21603");
  std::int64_t marie = member(a, "Marie", "Dupont");
  std::int64_t jean = member(a, "Jean", "Martin");
  std::int64_t zoe = member(b, "Zoé", "Garnier");
  std::int64_t paul = member(a, "Paul", "Petit");
  std::int64_t nadia = member(a, "Nadia", "Benali");
  std::int64_t leo = member(b, "Léo", "Faure");
  std::int64_t d1 = 0, d2 = 0, d3 = 0, room = 0, e1 = 0;
  std::int64_t individual = 0, workshop = 0;
  int counter = 0;
  Instant now = at("2026-12-01T10:00:00Z");

  HandMade() {
    db.exec("UPDATE sites SET created_at = '2026-01-01T00:00:00.000Z'");
    db.prepare("UPDATE sites SET opening_hours = 'Mo-Su 09:00-17:00' WHERE id = ?").bind(1, b).run();
    person(marie, "21425", "35_60", "2026-01-10T09:00:00.000Z");
    person(jean, "21154", "60_70", "2026-01-10T09:00:00.000Z");
    person(zoe, "21425", "18_35", "2026-10-26T09:00:00.000Z");
    person(paul, std::nullopt, "unknown", "2026-11-20T09:00:00.000Z");
    person(nadia, "21425", "35_60", "2026-10-27T09:00:00.000Z");
    person(leo, "21603", "over_70", "2026-09-01T09:00:00.000Z");
    db.prepare("UPDATE members SET roles = 'member,animator,mediator' WHERE id = ?").bind(1, nadia).run();
    d1 = resource(a, "desk", "D1");
    d2 = resource(a, "desk", "D2");
    d3 = resource(a, "desk", "D3");
    room = resource(a, "visio_room", "R");
    e1 = resource(b, "desk", "E1");
    kiosk(a, "entrée", "2026-12-01T09:50:00.000Z", std::nullopt);
    kiosk(b, "entrée", "2026-11-13T12:00:00.000Z", std::nullopt);
    kiosk(b, "ancienne", std::nullopt, "2026-06-01T00:00:00.000Z");

    // Visits in P (Paris time → UTC).
    visit(a, std::nullopt, "2026-10-24T07:15:00Z", "2026-10-24T09:15:00Z");  // v7 Sat 09:15–11:15 CEST, 120 min
    visit(b, zoe, "2026-10-25T08:30:00Z", "2026-10-25T11:30:00Z");           // w1 Sun (DST day) 09:30–12:30 CET, 180
    visit(b, std::nullopt, "2026-10-25T15:30:00Z");                          // w2 Sun 16:30, auto-closed 17:00: 30
    visit(a, marie, "2026-10-26T08:00:00Z", "2026-10-26T10:00:00Z");         // v1 Mon 09:00–11:00, 120
    visit(a, jean, "2026-10-26T13:00:00Z");                                  // v2 Mon 14:00, auto-closed 18:00: 240
    visit(a, std::nullopt, "2026-10-26T09:15:00Z", "2026-10-26T09:45:00Z");  // v3 Mon 10:15–10:45, 30
    visit(a, marie, "2026-10-27T08:30:00Z", "2026-10-27T09:00:00Z");         // v4 Tue 09:30–10:00, 30
    visit(a, paul, "2026-11-05T15:00:00Z", "2026-11-05T16:30:00Z");          // v5 Thu 16:00–17:30, 90
    visit(a, marie, "2026-11-11T09:00:00Z");  // v6 Wed 11 Nov (holiday, closed) 10:00: auto-closed, no duration
    visit(b, marie, "2026-11-13T09:00:00Z", "2026-11-13T10:00:00Z");  // w3 Fri 10:00–11:00, 60 (Marie at Semur)
    // Visits in Q.
    visit(a, jean, "2026-10-05T07:00:00Z", "2026-10-05T08:00:00Z");   // Mon 09:00–10:00 CEST, 60
    visit(a, marie, "2026-10-06T08:00:00Z", "2026-10-06T10:00:00Z");  // Tue 10:00–12:00, 120
    visit(b, leo, "2026-10-10T08:00:00Z", "2026-10-10T09:00:00Z");    // Sat 10:00–11:00, 60

    // Bookings in P.
    booking(a, d1, "2026-10-26T07:30:00Z", "2026-10-26T11:30:00Z", "checked_in");    // b1 Mon 08:30–12:30: 240
    booking(a, d2, "2026-10-26T07:30:00Z", "2026-10-26T17:00:00Z", "checked_in");    // b2 Mon 08:30–18:00: 510 open
    booking(a, d1, "2026-10-27T12:30:00Z", "2026-10-27T14:30:00Z", "no_show");       // b3 Tue 13:30–15:30
    booking(a, d1, "2026-10-27T13:00:00Z", "2026-10-27T15:00:00Z", "cancelled");     // b4
    booking(b, e1, "2026-10-25T08:00:00Z", "2026-10-25T16:00:00Z", "checked_in");    // b5 Sun 09:00–17:00 CET: 480
    booking(a, room, "2026-10-26T09:00:00Z", "2026-10-26T10:00:00Z", "checked_in");  // b6 Mon 10:00–11:00: 60, used
    booking(a, room, "2026-10-26T13:00:00Z", "2026-10-26T15:00:00Z", "confirmed");   // b7 Mon 14:00–16:00: 120
    booking(a, room, "2026-11-05T08:00:00Z", "2026-11-05T09:00:00Z", "refused");     // b8
    booking(a, d2, "2026-10-31T08:00:00Z", "2026-10-31T11:00:00Z", "checked_in");    // b9 Sat 09:00–12:00: 180
    // Bookings in Q.
    booking(a, d1, "2026-10-05T06:30:00Z", "2026-10-05T10:30:00Z", "checked_in");  // Mon 08:30–12:30 CEST: 240
    booking(a, room, "2026-10-06T08:00:00Z", "2026-10-06T09:00:00Z", "no_show");

    // Mediation at Montbard (Nadia).
    individual = appointment_type("Aide aux démarches en ligne", false);
    workshop = appointment_type("Atelier messagerie", true);
    // ap1 Tue 27 Oct 14:00: Marie, seen; record: email + sécurité, 45 min, 40–59, 21425.
    auto ap1 = appointment(individual, "2026-10-27T13:00:00Z", 45, false);
    auto p1 = participant(ap1, marie, "", std::nullopt, "seen");
    activity(ap1, p1, false, "2026-10-27", 45, "email|securite_numerique", "quarante_cinquante_neuf", "21425", false,
             1);
    // ap2 Tue 27 Oct 14:45: Josiane (+33600000001), seen; record: démarches + papiers, 30 min, 70+, 21154.
    auto ap2 = appointment(individual, "2026-10-27T13:45:00Z", 45, false);
    auto p2 = participant(ap2, std::nullopt, "Josiane", "+33600000001", "seen");
    activity(ap2, p2, false, "2026-10-27", 30, "aide_aux_demarches_administratives|papiers_elections_citoyennete",
             "soixante_dix_plus", "21154", false, 1);
    // ap3 Thu 29 Oct 14:00: Josiane again (same person), seen; no record.
    auto ap3 = appointment(individual, "2026-10-29T13:00:00Z", 45, false);
    participant(ap3, std::nullopt, " josiane ", "+33600000001", "seen");
    // ap4 Thu 29 Oct 14:45: someone anonymous, seen; record: e-mail, 50 min.
    auto ap4 = appointment(individual, "2026-10-29T13:45:00Z", 45, false);
    auto p4 = participant(ap4, std::nullopt, "", std::nullopt, "seen");
    activity(ap4, p4, false, "2026-10-29", 50, "email", "non_communique", std::nullopt, true, 1);
    // ap5 Mon 2 Nov: Lucien did not come.
    auto ap5 = appointment(individual, "2026-11-02T13:00:00Z", 45, false);
    participant(ap5, std::nullopt, "Lucien", std::nullopt, "noshow");
    // ap6 workshop Thu 5 Nov 10:00: Jean, Colette, Mehdi and someone anonymous seen, Odile absent;
    // the record counts 6 participants (two came without signing up).
    auto ap6 = appointment(workshop, "2026-11-05T09:00:00Z", 90, false);
    participant(ap6, jean, "", std::nullopt, "seen");
    participant(ap6, std::nullopt, "Colette", "+33600000002", "seen");
    participant(ap6, std::nullopt, "Mehdi", std::nullopt, "seen");
    participant(ap6, std::nullopt, "Odile", std::nullopt, "noshow");
    participant(ap6, std::nullopt, "", std::nullopt, "seen");
    activity(ap6, "", true, "2026-11-05", 90, "email|navigation_sur_internet", "non_communique", "21425", false, 6);
    // ap7 Fri 13 Nov: cancelled by the service.
    auto ap7 = appointment(individual, "2026-11-13T13:00:00Z", 45, true);
    participant(ap7, marie, "", std::nullopt, "revoked");
    // Help without an appointment, Tue 10 Nov: one named (a record names nobody: one person), one anonymous.
    activity("", "", false, "2026-11-10", 20, "prendre_en_main_du_materiel", "vingt_cinq_trente_neuf", "21464", false,
             1);
    activity("", "", false, "2026-11-10", 130, "email", "non_communique", std::nullopt, true, 1);
    // Q: Tue 13 Oct, Gérard seen.
    auto apq = appointment(individual, "2026-10-13T12:00:00Z", 45, false);
    auto pq = participant(apq, std::nullopt, "Gérard", "+33600000003", "seen");
    activity(apq, pq, false, "2026-10-13", 45, "email", "soixante_dix_plus", "21425", false, 1);
  }

  void person(std::int64_t id, std::optional<std::string> commune, const std::string& age, const std::string& created) {
    db.prepare("UPDATE members SET home_commune = ?, age_bracket = ?, created_at = ? WHERE id = ?")
        .bind_all(commune, age, created, id)
        .run();
  }

  std::int64_t resource(std::int64_t site_id, const std::string& kind, const std::string& name) {
    db.prepare("INSERT INTO resources (site_id, kind, name) VALUES (?, ?, ?)").bind_all(site_id, kind, name).run();
    return db.last_insert_rowid();
  }

  void kiosk(std::int64_t site_id, const std::string& name, std::optional<std::string> last_sync,
             std::optional<std::string> revoked) {
    db.prepare(
          "INSERT INTO kiosks (site_id, name, token_hash, created_at, revoked_at, last_sync_at) "
          "VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z', ?, ?)")
        .bind_all(site_id, name, "hash-" + std::to_string(++counter), revoked, last_sync)
        .run();
  }

  void visit(std::int64_t site_id, std::optional<std::int64_t> member_id, const std::string& in,
             std::optional<std::string> out = std::nullopt) {
    const Instant t = at(in);
    db.prepare(
          "INSERT INTO visits (id, site_id, member_id, check_in, check_out, local_date, walk_in) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(make_uuid_v4(), site_id, member_id, to_iso_utc(t),
                  out ? std::optional<std::string>(to_iso_utc(at(*out))) : std::nullopt, paris_date(t),
                  member_id ? 0 : 1)
        .run();
  }

  void booking(std::int64_t site_id, std::int64_t resource_id, const std::string& start, const std::string& end,
               const std::string& status) {
    db.prepare(
          "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-10-01T00:00:00.000Z', "
          "'2026-10-01T00:00:00.000Z')")
        .bind_all(make_uuid_v4(), site_id, resource_id, marie, to_iso_utc(at(start)), to_iso_utc(at(end)),
                  paris_date(at(start)), status)
        .run();
  }

  std::int64_t appointment_type(const std::string& name, bool collective) {
    db.prepare(
          "INSERT INTO appointment_types (site_id, name, duration_min, collective, capacity) VALUES (?, ?, ?, ?, ?)")
        .bind_all(a, name, collective ? 90 : 45, collective ? 1 : 0, collective ? 8 : 1)
        .run();
    return db.last_insert_rowid();
  }

  std::string appointment(std::int64_t type, const std::string& start, int minutes, bool cancelled) {
    const std::string id = make_uuid_v4();
    const Instant t = at(start);
    db.prepare(
          "INSERT INTO appointments (id, site_id, type_id, mediator_id, start_at, end_at, local_date, collective, "
          "capacity, cancelled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(id, a, type, nadia, to_iso_utc(t), to_iso_utc(t + std::chrono::minutes(minutes)), paris_date(t),
                  type == workshop ? 1 : 0, type == workshop ? 8 : 1, cancelled ? 1 : 0, to_iso_utc(t), to_iso_utc(t))
        .run();
    return id;
  }

  std::string participant(const std::string& appointment_id, std::optional<std::int64_t> member_id,
                          const std::string& first_name, std::optional<std::string> phone, const std::string& status) {
    const std::string id = make_uuid_v4();
    db.prepare(
          "INSERT INTO participants (id, appointment_id, member_id, first_name, phone, status, added_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, '2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z')")
        .bind_all(id, appointment_id, member_id, first_name, phone, status)
        .run();
    return id;
  }

  void activity(const std::string& appointment_id, const std::string& participant_id, bool collective,
                const std::string& date, int minutes, const std::string& themes, const std::string& age,
                std::optional<std::string> home, bool anonymous, int participants) {
    db.prepare(
          "INSERT INTO activities (id, site_id, mediator_id, appointment_id, participant_id, collective, local_date, "
          "duration_min, place, themes, age_bracket, home_insee, anonymous, participants, recorded_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'lieu_activite', ?, ?, ?, ?, ?, '2026-11-20T00:00:00.000Z', "
          "'2026-11-20T00:00:00.000Z')")
        .bind_all(make_uuid_v4(), a, nadia, appointment_id, participant_id, collective ? 1 : 0, date, minutes, themes,
                  age, home, anonymous ? 1 : 0, participants)
        .run();
  }
};

}  // namespace

TEST_CASE("dashboard (a): all sites over a hand-made period and the one before", "[reports]") {
  HandMade s;
  const Dashboard d = dashboard(s.db, std::nullopt, custom("2026-10-24", "2026-11-13"), s.now);
  CHECK(d.scope_name == "Tous les lieux");
  CHECK(d.previous == custom("2026-10-03", "2026-10-23"));

  // Visits: v1–v7 at A, w1–w3 at B.
  CHECK(current(d, "visits") == 10);
  CHECK(figure(d, "visits").current.people == 7);  // Marie, Jean, Paul, Zoé + 3 walk-ins
  CHECK(current(d, "unique_visitors") == 4);       // Marie (both sites: once), Jean, Paul, Zoé
  CHECK(current(d, "walk_ins") == 3);              // v3, v7, w2
  // New: Zoé (registered 26 Oct, first came 25 Oct) and Paul (first came 5 Nov, registered
  // after); not Nadia (staff), not Marie or Jean (January).
  CHECK(current(d, "new_members") == 2);
  // 9 visits with a duration: 120 + 240 + 30 + 30 + 90 + 120 + 180 + 30 + 60 = 900 min → 100 min;
  // v6 (a closed day) is auto-closed without one.
  CHECK(current(d, "average_visit_minutes") == Approx(100));
  CHECK(current(d, "auto_closed_visits") == 3);  // v2, v6, w2
  // Desks: A 3 desks × 7 680 min + B 1 × 10 080 = 33 120 open desk-minutes; held bookings
  // inside opening hours 240 + 510 + 180 + 480 = 1 410 (b3 no-show, b4 cancelled: not held).
  CHECK(current(d, "desk_utilisation") == Approx(100.0 * 1410 / 33120));
  // Samples every half-hour open: 1 104 desk-samples, 8 + 17 + 6 + 16 = 47 in use.
  CHECK(current(d, "desk_occupancy_average") == Approx(100.0 * 47 / 1104));
  // Peak: Sunday 25 October, only Semur open, E1 booked all day: 1 of 1.
  CHECK(current(d, "desk_occupancy_peak") == Approx(100));
  CHECK(current(d, "space_usage") == Approx(75));  // D1, D2, E1 of 4 desks (D3 never)
  // The room: open 7 680 min at A, booked 60 (b6) + 120 (b7, confirmed) = 180; used: b6, 1 h.
  CHECK(current(d, "room_utilisation") == Approx(100.0 * 180 / 7680));
  CHECK(current(d, "room_used_hours") == Approx(1));
  // Started: b1, b2, b3, b5, b6, b7, b9 (not b4 cancelled, b8 refused); no-show: b3.
  CHECK(current(d, "bookings_started") == 7);
  CHECK(current(d, "no_show_rate") == Approx(100.0 / 7));
  // Mediation: individual ap1, ap2, ap3, ap4 + two records without appointment = 6;
  // the workshop: max(4 seen, 6 on its record) = 6.
  CHECK(current(d, "accompaniments") == 12);
  CHECK(current(d, "individual_accompaniments") == 6);
  CHECK(current(d, "collective_accompaniments") == 6);
  CHECK(current(d, "workshops") == 1);
  // Named: Marie, Josiane (twice, « josiane » the second time), Jean, Colette, Mehdi, the
  // named record → 6. Anonymous: ap4, the workshop's anonymous one, the 2 unsigned, the
  // anonymous record → 5.
  CHECK(current(d, "people_helped") == 6);
  CHECK(current(d, "anonymous_accompaniments") == 5);
  CHECK(figure(d, "accompaniments").current.people == 11);
  // Online procedures: ap2's record (« Aide aux démarches administratives » + papiers): Josiane.
  CHECK(current(d, "procedure_people") == 1);
  CHECK(current(d, "procedure_anonymous") == 0);
  CHECK(previous(d, "procedure_people") == 0);  // Gérard's record is about e-mail
  // A change is coloured by what it means: more no-shows or auto-closed visits is worse.
  CHECK(figure(d, "visits").better == reports::Better::Up);
  CHECK(figure(d, "no_show_rate").better == reports::Better::Down);
  CHECK(figure(d, "auto_closed_visits").better == reports::Better::Down);
  CHECK(figure(d, "walk_ins").better == reports::Better::Neither);
  // Labels that cannot be read as people when they count visits.
  CHECK(figure(d, "unique_visitors").label == "Membres venus");
  CHECK(figure(d, "walk_ins").label == "Passages anonymes");
  CHECK_THAT(figure(d, "walk_ins").note, Catch::Contains("pas des personnes"));

  // Q: Jean 60, Marie 120, Léo 60.
  CHECK(previous(d, "visits") == 3);
  CHECK(previous(d, "unique_visitors") == 3);
  CHECK(previous(d, "walk_ins") == 0);
  CHECK(previous(d, "new_members") == 0);
  CHECK(previous(d, "average_visit_minutes") == Approx(80));
  CHECK(previous(d, "auto_closed_visits") == 0);
  // Desks open: A 3 × 8 190 + B 10 080 = 34 650; booked 240.
  CHECK(previous(d, "desk_utilisation") == Approx(100.0 * 240 / 34650));
  // Peak: Monday 5 Oct at 08:45 only Montbard is open, D1 in use: 1 of 3 (at 09:15
  // Semur opens too: 1 of 4).
  CHECK(previous(d, "desk_occupancy_peak") == Approx(100.0 / 3));
  CHECK(previous(d, "space_usage") == Approx(25));
  CHECK(previous(d, "room_utilisation") == Approx(0));
  CHECK(previous(d, "no_show_rate") == Approx(50));
  CHECK(previous(d, "accompaniments") == 1);
  CHECK(previous(d, "people_helped") == 1);

  // Per day.
  const Table& days = table(d, "visits_by_day");
  CHECK(days.rows.size() == 21);
  CHECK(days.rows.front().key == "2026-10-24");
  CHECK(days.rows.front().label == "samedi 24 octobre");
  CHECK(cell(days, "2026-10-26", "visits") == 3);
  CHECK(cell(days, "2026-10-26", "walk_ins") == 1);
  CHECK(cell(days, "2026-10-26", "members") == 2);
  CHECK(cell(days, "2026-10-25", "visits") == 2);
  CHECK(cell(days, "2026-10-27", "accompaniments") == 2);
  CHECK(cell(days, "2026-10-29", "accompaniments") == 2);
  CHECK(cell(days, "2026-11-05", "accompaniments") == 6);
  CHECK(cell(days, "2026-11-10", "accompaniments") == 2);
  CHECK(cell(days, "2026-11-11", "visits") == 1);
  CHECK(cell(days, "2026-11-01", "visits") == 0);

  // Heat map: A opens 08:30–18:00, B 09:00–17:00 → columns 8 h … 17 h.
  const Table& heat = table(d, "heat_map");
  CHECK(heat.rows.size() == 7);
  CHECK(heat.rows[0].label == "lundi");
  CHECK(heat.column_keys.front() == "h08");
  CHECK(heat.column_keys.back() == "h17");
  CHECK(heat.columns.front() == "8\u202Fh");
  CHECK(cell(heat, "mo", "h09") == 1);  // v1
  CHECK(cell(heat, "mo", "h10") == 1);  // v3
  CHECK(cell(heat, "mo", "h14") == 1);  // v2
  CHECK(cell(heat, "sa", "h09") == 1);  // v7: 07:15Z in summer time
  CHECK(cell(heat, "su", "h09") == 1);  // w1: 08:30Z in winter time
  CHECK(cell(heat, "su", "h10") == 0);
  CHECK(cell(heat, "su", "h16") == 1);
  CHECK(cell(heat, "we", "h10") == 1);  // v6 on the holiday
  double arrivals = 0;
  for (const auto& r : heat.rows) {
    for (const auto& c : r.cells) arrivals += *c.number;
  }
  CHECK(arrivals == 10);

  // Themes, weighted by participants: e-mail 1 + 1 + 6 + 1 = 9, navigation 6…
  const Table& themes = table(d, "themes");
  CHECK(themes.rows.size() == 30);  // 19 general and 11 administrative (La Coop's « associations »)
  CHECK(row(themes, "email").label == "E-mail");
  CHECK(cell(themes, "email", "accompaniments") == 9);
  CHECK(cell(themes, "navigation_sur_internet", "accompaniments") == 6);
  CHECK(cell(themes, "securite_numerique", "accompaniments") == 1);
  CHECK(cell(themes, "papiers_elections_citoyennete", "accompaniments") == 1);
  CHECK(cell(themes, "prendre_en_main_du_materiel", "accompaniments") == 1);
  CHECK(cell(themes, "sante", "accompaniments") == 0);
  // Sorted by count, ties in the official order (general themes, then administrative).
  std::vector<std::string> first_keys;
  for (std::size_t i = 0; i < 6; ++i) first_keys.push_back(themes.rows[i].key);
  CHECK(first_keys == std::vector<std::string>{"email", "navigation_sur_internet", "prendre_en_main_du_materiel",
                                               "securite_numerique", "aide_aux_demarches_administratives",
                                               "papiers_elections_citoyennete"});
  CHECK(themes.rows[6].key == "diagnostic_numerique");  // the first of the zeros

  // Durations: 20 → 0–30; 30, 45, 50 → 30–60; 90 (×6) → 60–120; 130 → 120+.
  const Table& bands = table(d, "duration_bands");
  CHECK(cell(bands, "0_30", "activities") == 1);
  CHECK(cell(bands, "30_60", "activities") == 3);
  CHECK(cell(bands, "60_120", "activities") == 1);
  CHECK(cell(bands, "60_120", "accompaniments") == 6);
  CHECK(cell(bands, "120_plus", "accompaniments") == 1);

  const Table& ages = table(d, "age_brackets");
  CHECK(cell(ages, "non_communique", "accompaniments") == 8);  // ap4 1 + workshop 6 + anonymous record 1
  CHECK(cell(ages, "soixante_dix_plus", "accompaniments") == 1);
  CHECK(cell(ages, "quarante_cinquante_neuf", "accompaniments") == 1);
  CHECK(cell(ages, "vingt_cinq_trente_neuf", "accompaniments") == 1);

  const Table& visitor_ages = table(d, "visitor_age_brackets");
  CHECK(cell(visitor_ages, "35_60", "visitors") == 1);  // Marie…
  CHECK(cell(visitor_ages, "35_60", "visits") == 4);    // … v1, v4, v6, w3
  CHECK(cell(visitor_ages, "unknown", "visits") == 1);  // Paul

  // One age scheme for both sources (12, 18, 60, 70 are the limits they share).
  const Table& common_ages = table(d, "ages");
  CHECK(common_ages.columns == std::vector<std::string>{"Membres venus", "Passages des membres", "Accompagnements"});
  REQUIRE(common_ages.rows.size() == 6);
  CHECK(row(common_ages, "18_59_ans").label == "18 à 59 ans");
  CHECK(cell(common_ages, "18_59_ans", "accompaniments") == 2);       // 40–59 and 25–39
  CHECK(cell(common_ages, "70_ans_et_plus", "accompaniments") == 1);  // Josiane
  CHECK(cell(common_ages, "non_renseigne", "accompaniments") == 8);
  CHECK(cell(common_ages, "non_renseigne", "visits") == 1);  // Paul
  double members_total = 0, visits_total = 0;
  for (const auto& r : common_ages.rows) {
    members_total += *r.cells[0].number;
    visits_total += *r.cells[1].number;
  }
  CHECK(members_total == 4);  // every member who came, once
  CHECK(visits_total == 7);   // 10 visits − 3 walk-ins

  // Communes: 21425 Marie (4 visits) + Zoé (1); accompaniments 1 + 6. Names
  // from INSEE's list (data/communes.tsv), the code beside them.
  const Table& communes = table(d, "communes");
  CHECK(communes.rows[0].key == "21425");
  CHECK(communes.rows[0].label == "Montbard (21425)");
  CHECK(row(communes, "21154").label == "Châtillon-sur-Seine (21154)");
  CHECK(cell(communes, "21425", "visits") == 5);
  CHECK(cell(communes, "21425", "visitors") == 2);
  CHECK(cell(communes, "21425", "accompaniments") == 7);
  CHECK(cell(communes, "21154", "visits") == 1);
  CHECK(cell(communes, "21154", "accompaniments") == 1);
  CHECK(cell(communes, "21464", "accompaniments") == 1);
  CHECK(communes.rows.back().key == "non_renseignee");
  CHECK(cell(communes, "non_renseignee", "visits") == 1);          // Paul
  CHECK(cell(communes, "non_renseignee", "accompaniments") == 2);  // two records without a commune

  // Per site.
  const Table& sites = table(d, "sites");
  REQUIRE(sites.rows.size() == 2);
  const std::string ka = std::to_string(s.a), kb = std::to_string(s.b);
  CHECK(row(sites, ka).label == "Montbard");
  CHECK(cell(sites, ka, "visits") == 7);
  CHECK(cell(sites, ka, "unique_visitors") == 3);
  CHECK(cell(sites, kb, "unique_visitors") == 2);  // Zoé, Marie
  CHECK(cell(sites, ka, "new_members") == 1);      // Paul
  CHECK(cell(sites, kb, "new_members") == 1);      // Zoé
  CHECK(cell(sites, ka, "average_visit_minutes") == Approx(630.0 / 6));
  CHECK(cell(sites, kb, "average_visit_minutes") == Approx(90));
  CHECK(cell(sites, ka, "desk_utilisation") == Approx(100.0 * 930 / 23040));
  CHECK(cell(sites, kb, "desk_utilisation") == Approx(100.0 * 480 / 10080));
  CHECK_FALSE(row(sites, kb).cells[6].number.has_value());  // no visio room at Semur: « — »
  CHECK(cell(sites, ka, "no_show_rate") == Approx(100.0 / 6));
  CHECK(cell(sites, ka, "accompaniments") == 12);
  CHECK(cell(sites, kb, "accompaniments") == 0);

  // The network. In P, Marie (home A) came to A and to B; Jean, Paul (home A) to A only,
  // Zoé (home B) to B only; walk-ins are nobody. In Q, Jean and Marie at A, Léo (home B) at B.
  CHECK(current(d, "network_visitors") == 1);    // Marie, at B
  CHECK(current(d, "multi_site_members") == 1);  // Marie
  CHECK(previous(d, "network_visitors") == 0);
  CHECK(previous(d, "multi_site_members") == 0);
  CHECK(figure(d, "network_visitors").label == "Visiteurs d’autres lieux du réseau");
  CHECK(figure(d, "multi_site_members").better == Better::Neither);
  const Table& homes = table(d, "home_sites");
  CHECK(homes.title == "Lieu de visite × lieu d’inscription");
  REQUIRE(homes.rows.size() == 2);
  CHECK(homes.columns == std::vector<std::string>{"Montbard", "Semur"});
  CHECK(cell(homes, ka, ka) == 3);  // Marie, Jean, Paul
  CHECK(cell(homes, ka, kb) == 0);
  CHECK(cell(homes, kb, ka) == 1);  // Marie
  CHECK(cell(homes, kb, kb) == 1);  // Zoé
  CHECK(row(homes, kb).cells[0].unit == Unit::People);

  // Freshness: Semur's kiosk last synced on 13 Nov at 12:00Z, before the period's end
  // (14 Nov 00:00 Paris = 13 Nov 23:00Z): incomplete. The revoked one does not count.
  REQUIRE(d.freshness.size() == 2);
  CHECK_FALSE(d.freshness[0].incomplete);
  CHECK(d.freshness[0].last_sync == at("2026-12-01T09:50:00Z"));
  CHECK(d.freshness[1].incomplete);
  CHECK(d.freshness[1].kiosk_name == "entrée");
  CHECK(d.freshness[1].last_sync == at("2026-11-13T12:00:00Z"));
}

TEST_CASE("dashboard (a): one site, whole months, freshness", "[reports]") {
  HandMade s;
  const Dashboard a = dashboard(s.db, s.a, custom("2026-10-24", "2026-11-13"), s.now);
  CHECK(a.scope_name == "Montbard");
  CHECK(find_table(a, "sites") == nullptr);
  REQUIRE(a.freshness.size() == 1);
  CHECK(current(a, "visits") == 7);
  CHECK(current(a, "unique_visitors") == 3);
  CHECK(current(a, "new_members") == 1);
  CHECK(current(a, "auto_closed_visits") == 2);
  CHECK(current(a, "average_visit_minutes") == Approx(105));
  // A alone: 256 samples × 3 desks; in use 8 + 17 + 6 = 31; peak Monday 26 morning, 2 of 3.
  CHECK(current(a, "desk_occupancy_average") == Approx(100.0 * 31 / 768));
  CHECK(current(a, "desk_occupancy_peak") == Approx(200.0 / 3));
  CHECK(current(a, "space_usage") == Approx(200.0 / 3));
  CHECK(current(a, "no_show_rate") == Approx(100.0 / 6));
  CHECK(current(a, "accompaniments") == 12);
  const Dashboard b = dashboard(s.db, s.b, custom("2026-10-24", "2026-11-13"), s.now);
  CHECK(current(b, "accompaniments") == 0);
  CHECK(current(b, "people_helped") == 0);
  CHECK_FALSE(figure(b, "room_utilisation").current.number.has_value());    // no room
  CHECK(figure(b, "average_visit_minutes").previous.number == Approx(60));  // Léo
  // The network seen from one site: its visitors' other sites are read too.
  CHECK(current(a, "network_visitors") == 0);    // Marie, Jean, Paul: all of Montbard
  CHECK(current(a, "multi_site_members") == 1);  // Marie, also at Semur
  CHECK(current(b, "network_visitors") == 1);    // Marie
  CHECK(current(b, "multi_site_members") == 1);  // Marie, also at Montbard
  const Table& b_homes = table(b, "home_sites");
  REQUIRE(b_homes.rows.size() == 1);  // one row: Semur
  REQUIRE(b_homes.columns.size() == 2);
  CHECK(b_homes.columns[0] == "Montbard");
  CHECK(cell(b_homes, std::to_string(s.b), std::to_string(s.a)) == 1);
  CHECK(cell(b_homes, std::to_string(s.b), std::to_string(s.b)) == 1);
  // The year, read from the years' rollup: Marie at both, Zoé and Léo at Semur only.
  const Dashboard b_year = dashboard(s.db, s.b, named("2026"), s.now);
  CHECK(current(b_year, "unique_visitors") == 3);
  CHECK(current(b_year, "network_visitors") == 1);
  CHECK(current(b_year, "multi_site_members") == 1);
  // The heat map of Semur alone: 9 h … 16 h.
  CHECK(table(b, "heat_map").column_keys.front() == "h09");
  CHECK(table(b, "heat_map").column_keys.back() == "h16");

  // Whole months read distinct members from the monthly rollup, partial ones from the
  // visits: both ways agree. October: Jean, Marie, Léo, Zoé; November: Paul, Marie.
  const Dashboard october = dashboard(s.db, std::nullopt, named("2026-10"), s.now);
  CHECK(current(october, "unique_visitors") == 4);
  CHECK(previous(october, "unique_visitors") == 0);
  CHECK(current(dashboard(s.db, std::nullopt, custom("2026-10-02", "2026-10-31"), s.now), "unique_visitors") == 4);
  const Dashboard november = dashboard(s.db, std::nullopt, named("2026-11"), s.now);
  CHECK(current(november, "unique_visitors") == 2);
  CHECK(previous(november, "unique_visitors") == 4);
  CHECK(current(dashboard(s.db, std::nullopt, named("2026-T4"), s.now), "unique_visitors") == 5);
  CHECK(current(dashboard(s.db, std::nullopt, named("2026"), s.now), "visits") == 13);
  // The days of November after the 13th have no visits but are shown as zeros (they are past).
  CHECK(cell(table(november, "visits_by_day"), "2026-11-20", "visits") == 0);

  // Seen from Saturday 7 November 12:00Z: the days to come have no data (« — »),
  // and Semur's kiosk synced after that.
  const Dashboard early = dashboard(s.db, std::nullopt, named("2026-11"), at("2026-11-07T12:00:00Z"));
  CHECK_FALSE(row(table(early, "visits_by_day"), "2026-11-08").cells[0].number.has_value());
  CHECK(cell(table(early, "visits_by_day"), "2026-11-05", "visits") == 1);
  CHECK_FALSE(early.freshness[1].incomplete);
}

TEST_CASE("dashboard (a): a 24/7 site on DST days", "[reports]") {
  HandMade s;
  const std::int64_t c = s.site("Toujours ouvert", "21231");
  s.db.prepare("UPDATE sites SET opening_hours = '24/7', created_at = '2026-01-01T00:00:00.000Z' WHERE id = ?")
      .bind(1, c)
      .run();
  const std::int64_t desk = s.resource(c, "desk", "Bureau");
  // Booked from 00:00 to 06:00 Paris on the autumn day (CEST 22:00Z the day before → CET 05:00Z):
  // 7 real hours, as the clock reads 02:xx twice.
  s.booking(c, desk, "2026-10-24T22:00:00Z", "2026-10-25T05:00:00Z", "checked_in");
  const Dashboard autumn = dashboard(s.db, c, custom("2026-10-25", "2026-10-25"), s.now);
  CHECK(current(autumn, "desk_utilisation") == Approx(100.0 * 420 / 1500));  // a 25-hour day
  // 00:15 … 05:45 at the half-hours: 12 readings, 02:15 and 02:45 sampled once (the first time).
  CHECK(current(autumn, "desk_occupancy_average") == Approx(100.0 * 12 / 48));
  const auto autumn_row = read_day_rollups(s.db, c, "2026-10-25", "2026-10-25");
  REQUIRE(autumn_row.size() == 1);
  CHECK(autumn_row[0].open_minutes == 1500);
  // Spring: 29 March 2026 has 23 hours; no reading at 02:15 or 02:45.
  const Dashboard spring = dashboard(s.db, c, custom("2026-03-29", "2026-03-29"), s.now);
  CHECK(current(spring, "desk_utilisation") == Approx(0));
  const auto spring_row = read_day_rollups(s.db, c, "2026-03-29", "2026-03-29");
  REQUIRE(spring_row.size() == 1);
  CHECK(spring_row[0].open_minutes == 1380);
  int sampled = 0;
  for (const int v : spring_row[0].desk_samples) sampled += v >= 0 ? 1 : 0;
  CHECK(sampled == 46);
  CHECK(spring_row[0].desk_samples[4] == -1);  // 02:15 does not exist that day
}

//-----------------------------------------------------------------------------
// (b) The generator's known answers
//-----------------------------------------------------------------------------

namespace {

struct Expected {
  std::int64_t visits = 0, walk_ins = 0, auto_closed = 0, timed = 0, seconds = 0, new_members = 0;
  std::int64_t open = 0, desk_booked = 0, room_booked = 0, room_used = 0, started = 0, no_shows = 0;
  std::int64_t accompaniments = 0, anonymous = 0;
  std::set<std::int64_t> members, booked_desks;
  std::set<std::string> people;
  std::map<std::string, std::int64_t> themes;
  std::int64_t desks = 0, rooms = 0;
};

Expected expected(const KnownAnswers& k, std::optional<std::size_t> site, int first, int last) {
  Expected e;
  for (std::size_t s = 0; s < k.sites.size(); ++s) {
    if (site && s != *site) continue;
    e.desks += static_cast<std::int64_t>(k.sites[s].desks.size());
    e.rooms += 1;
    for (int d = first; d <= last; ++d) {
      const KnownDay& day = k.day(s, d);
      e.visits += day.visits;
      e.walk_ins += day.walk_ins;
      e.auto_closed += day.auto_closed;
      e.timed += day.timed_visits;
      e.seconds += day.visit_seconds;
      e.new_members += day.new_members;
      e.open += day.open_minutes;
      e.desk_booked += day.desk_booked_minutes;
      e.room_booked += day.room_booked_minutes;
      e.room_used += day.room_used_minutes;
      e.started += day.bookings_started;
      e.no_shows += day.no_shows;
      e.accompaniments += day.accompaniments;
      e.anonymous += day.anonymous_accompaniments;
      e.members.insert(day.members.begin(), day.members.end());
      e.booked_desks.insert(day.booked_desks.begin(), day.booked_desks.end());
      e.people.insert(day.people.begin(), day.people.end());
      for (const auto& [theme, n] : day.themes) e.themes[theme] += n;
    }
  }
  return e;
}

// Desk and room minutes open: each site's open minutes × its desks (one room each).
std::pair<std::int64_t, std::int64_t> open_resource_minutes(const KnownAnswers& k, std::optional<std::size_t> site,
                                                            int first, int last) {
  std::int64_t desks = 0, rooms = 0;
  for (std::size_t s = 0; s < k.sites.size(); ++s) {
    if (site && s != *site) continue;
    for (int d = first; d <= last; ++d) {
      desks += k.day(s, d).open_minutes * static_cast<std::int64_t>(k.sites[s].desks.size());
      rooms += k.day(s, d).open_minutes;
    }
  }
  return {desks, rooms};
}

void check_against(const Dashboard& d, const KnownAnswers& k, std::optional<std::size_t> site, int first, int last) {
  const Expected e = expected(k, site, first, last);
  INFO("site " << (site ? std::to_string(*site) : "all") << ", days " << first << "–" << last);
  CHECK(current(d, "visits") == n(e.visits));
  CHECK(current(d, "walk_ins") == n(e.walk_ins));
  CHECK(current(d, "unique_visitors") == static_cast<double>(e.members.size()));
  CHECK(figure(d, "visits").current.people == static_cast<std::int64_t>(e.members.size()) + e.walk_ins);
  CHECK(current(d, "auto_closed_visits") == n(e.auto_closed));
  CHECK(current(d, "new_members") == n(e.new_members));
  CHECK(current(d, "average_visit_minutes") ==
        Approx(static_cast<double>(e.seconds) / 60.0 / static_cast<double>(e.timed)));
  const auto [desk_open, room_open] = open_resource_minutes(k, site, first, last);
  CHECK(current(d, "desk_utilisation") ==
        Approx(100.0 * static_cast<double>(e.desk_booked) / static_cast<double>(desk_open)));
  CHECK(current(d, "room_utilisation") ==
        Approx(100.0 * static_cast<double>(e.room_booked) / static_cast<double>(room_open)));
  CHECK(current(d, "room_used_hours") == Approx(static_cast<double>(e.room_used) / 60.0));
  CHECK(current(d, "space_usage") ==
        Approx(100.0 * static_cast<double>(e.booked_desks.size()) / static_cast<double>(e.desks)));
  CHECK(current(d, "bookings_started") == n(e.started));
  CHECK(current(d, "no_show_rate") == Approx(100.0 * static_cast<double>(e.no_shows) / static_cast<double>(e.started)));
  CHECK(current(d, "accompaniments") == n(e.accompaniments));
  CHECK(current(d, "anonymous_accompaniments") == n(e.anonymous));
  CHECK(current(d, "people_helped") == static_cast<double>(e.people.size()));
  const Table& themes = table(d, "themes");
  for (const auto& r : themes.rows) {
    const auto it = e.themes.find(r.key);
    INFO(r.key);
    CHECK(*r.cells[0].number == static_cast<double>(it == e.themes.end() ? 0 : it->second));
  }
}

}  // namespace

TEST_CASE("dashboard (b): the generator's known answers", "[reports]") {
  for (const std::uint64_t seed : {1u, 7u, 2026u}) {
    INFO("seed " << seed);
    ServerDb s;
    ActivityOptions o;
    o.seed = seed;
    o.sites = 3;
    o.first_day = CivilDate{2026, 10, 19};  // 5 weeks: the autumn DST day, 1 and 11 November
    o.days = 35;
    o.members_per_site = 25;
    o.visit_intensity = 0.4;
    o.stale_site = 1;
    // Midnight after the last day: every day is over, and today has had no open time yet.
    const Instant now = paris_day_start(add_days(o.first_day, o.days));
    o.now = now;  // kiosks synced 5 minutes before it, the stale one 3 hours before
    const auto known = generate_activity(s.db, o);
    REQUIRE(known.ok());
    REQUIRE(known->sites.size() == 3);
    CHECK(known->visits == s.scalar("SELECT COUNT(*) FROM visits"));
    CHECK(known->visits > 300);
    const Period whole = custom("2026-10-19", "2026-11-22");

    const Dashboard all = dashboard(s.db, std::nullopt, whole, now);
    check_against(all, *known, std::nullopt, 0, o.days - 1);
    CHECK(current(all, "visits") == n(known->visits));
    for (std::size_t site = 0; site < 3; ++site) {
      const Dashboard one = dashboard(s.db, known->sites[site].id, whole, now);
      check_against(one, *known, site, 0, o.days - 1);
      REQUIRE(one.freshness.size() == 1);
      CHECK(one.freshness[0].incomplete == (site == 1));
    }
    // A month inside the range (October 19–31 are days 0–12), and the one before it. « Now » is
    // 23 November, 00:00: November is in progress, so it is compared with 1–23 October (days 0–4
    // of the range), not with the whole of October.
    const Dashboard november = dashboard(s.db, std::nullopt, named("2026-11"), now);
    check_against(november, *known, std::nullopt, 13, o.days - 1);
    CHECK(november.previous.first == CivilDate{2026, 10, 1});
    CHECK(november.previous.last == CivilDate{2026, 10, 23});
    const Expected october = expected(*known, std::nullopt, 0, 4);
    CHECK(previous(november, "visits") == n(october.visits));
    CHECK(previous(november, "unique_visitors") == static_cast<double>(october.members.size()));
    CHECK(previous(november, "accompaniments") == n(october.accompaniments));
    // Before the range there is nothing.
    CHECK(previous(all, "visits") == 0);
    CHECK_FALSE(figure(all, "average_visit_minutes").previous.number.has_value());

    // Day by day, and the heat map.
    const Table& days = table(all, "visits_by_day");
    std::array<std::array<std::int64_t, 24>, 7> heat{};
    for (int d = 0; d < o.days; ++d) {
      std::int64_t visits = 0, walk_ins = 0, accompaniments = 0;
      for (std::size_t site = 0; site < 3; ++site) {
        const KnownDay& k = known->day(site, d);
        visits += k.visits;
        walk_ins += k.walk_ins;
        accompaniments += k.accompaniments;
        for (std::size_t h = 0; h < 24; ++h)
          heat[static_cast<std::size_t>(iso_weekday(k.date) - 1)][h] += k.check_ins_by_hour[h];
      }
      const std::string date = to_iso_date(add_days(o.first_day, d));
      CHECK(cell(days, date, "visits") == n(visits));
      CHECK(cell(days, date, "walk_ins") == n(walk_ins));
      CHECK(cell(days, date, "accompaniments") == n(accompaniments));
    }
    const Table& map = table(all, "heat_map");
    for (std::size_t wd = 0; wd < 7; ++wd) {
      for (std::size_t c = 0; c < map.column_keys.size(); ++c) {
        const auto hour = static_cast<std::size_t>(std::stoi(map.column_keys[c].substr(1)));
        CHECK(*map.rows[wd].cells[c].number == static_cast<double>(heat[wd][hour]));
      }
    }
  }
}

TEST_CASE("dashboard (b): the generator is deterministic and refuses nonsense", "[reports]") {
  ServerDb one, two;
  ActivityOptions o;
  o.seed = 42;
  o.days = 10;
  o.members_per_site = 10;
  const auto a = generate_activity(one.db, o);
  const auto b = generate_activity(two.db, o);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->visits == b->visits);
  CHECK(one.scalar("SELECT COUNT(*) FROM bookings") == two.scalar("SELECT COUNT(*) FROM bookings"));
  auto ids = [](ServerDb& s) {
    std::vector<std::string> out;
    auto st = s.db.prepare("SELECT id FROM visits ORDER BY rowid");
    while (st.step()) out.push_back(st.text(0));
    return out;
  };
  CHECK(ids(one) == ids(two));
  o.sites = 0;
  CHECK_FALSE(generate_activity(one.db, o).ok());
  o.sites = 1;
  o.days = 0;
  CHECK_FALSE(generate_activity(one.db, o).ok());
}

TEST_CASE("dashboard (a): two sites in the period count, two sites across its boundary do not", "[reports]") {
  HandMade s;
  // Jean (home A, at A on 5 October and 26 October) comes to B on Friday 23 October, the last
  // day of Q, a walk-in the same day.
  s.visit(s.b, s.jean, "2026-10-23T08:00:00Z", "2026-10-23T09:00:00Z");
  s.visit(s.b, std::nullopt, "2026-10-23T08:00:00Z", "2026-10-23T09:00:00Z");
  for (const std::optional<std::int64_t> site : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{s.a}}) {
    INFO((site ? "Montbard" : "all sites"));
    const Dashboard d = dashboard(s.db, site, custom("2026-10-24", "2026-11-13"), s.now);
    CHECK(current(d, "multi_site_members") == 1);   // Marie only: Jean's two sites are in two periods
    CHECK(previous(d, "multi_site_members") == 1);  // Jean, at A and B within Q
  }
  const Dashboard all = dashboard(s.db, std::nullopt, custom("2026-10-24", "2026-11-13"), s.now);
  CHECK(previous(all, "network_visitors") == 1);  // Jean at B
  const Dashboard b = dashboard(s.db, s.b, custom("2026-10-24", "2026-11-13"), s.now);
  CHECK(previous(b, "network_visitors") == 1);  // Jean
  CHECK(previous(b, "multi_site_members") == 1);
  CHECK(previous(b, "unique_visitors") == 2);  // Léo and Jean; the walk-in is nobody
}

//-----------------------------------------------------------------------------
// (c) Masking for a reporting account
//-----------------------------------------------------------------------------

TEST_CASE("dashboard (c): a reporting account sees « < 5 » for fewer than 5 people", "[reports]") {
  HandMade s;
  Dashboard d = dashboard(s.db, s.b, custom("2026-10-24", "2026-11-13"), s.now);
  mask_small_counts(d.figures, d.tables);
  // Semur: 3 visits by 2 members and 1 walk-in: 3 people.
  CHECK(figure(d, "visits").current.masked);
  CHECK_FALSE(figure(d, "visits").current.number.has_value());
  CHECK(figure(d, "unique_visitors").current.masked);
  CHECK(figure(d, "new_members").current.masked);
  CHECK(figure(d, "average_visit_minutes").current.masked);  // an average over 3 people gives them away
  CHECK(figure(d, "accompaniments").current.masked);         // zero is masked too
  CHECK(figure(d, "no_show_rate").current.masked);           // 1 booking started
  // Rates of desks are not about people.
  CHECK_FALSE(figure(d, "desk_utilisation").current.masked);
  CHECK(figure(d, "desk_utilisation").current.number == Approx(100.0 * 480 / 10080));
  CHECK_FALSE(figure(d, "desk_occupancy_peak").current.masked);
  for (const auto& r : table(d, "visits_by_day").rows) CHECK(r.cells[0].masked);
  for (const auto& r : table(d, "heat_map").rows) {
    for (const auto& c : r.cells) CHECK(c.masked);
  }
  CHECK(format_value(figure(d, "visits").current) == "<\u202F5");
  // The network: 1 person each, and every cell of site visited × home site (0 too).
  CHECK(figure(d, "network_visitors").current.masked);
  CHECK(figure(d, "multi_site_members").current.masked);
  CHECK(figure(d, "multi_site_members").previous.masked);  // zero
  for (const auto& r : table(d, "home_sites").rows) {
    for (const auto& c : r.cells) {
      CHECK(c.masked);
      CHECK_FALSE(c.number.has_value());
    }
  }

  // All sites: 10 visits by 7 people, 12 accompaniments by 11 people: shown.
  Dashboard all = dashboard(s.db, std::nullopt, custom("2026-10-24", "2026-11-13"), s.now);
  mask_small_counts(all.figures, all.tables);
  CHECK_FALSE(figure(all, "visits").current.masked);
  CHECK(current(all, "visits") == 10);
  CHECK(current(all, "accompaniments") == 12);
  CHECK(current(all, "people_helped") == 6);
  CHECK(figure(all, "unique_visitors").current.masked);  // 4
  CHECK(figure(all, "visits").previous.masked);          // 3 people in Q
  CHECK(cell(table(all, "themes"), "email", "accompaniments") == 9);
  CHECK(row(table(all, "themes"), "navigation_sur_internet").cells[0].number == 6);
  CHECK(row(table(all, "themes"), "sante").cells[0].masked);

  const auto json = nlohmann::json::parse(dashboard_json(all));
  bool found = false;
  for (const auto& f : json["figures"]) {
    if (f["key"] == "unique_visitors") {
      CHECK(f["current"] == "< 5");
      found = true;
    }
    if (f["key"] == "visits") CHECK(f["current"] == 10);
  }
  CHECK(found);
  for (const auto& f : json["figures"]) CHECK_FALSE(f.contains("people"));  // no count of people leaks
}

TEST_CASE("dashboard (c): the site × home site table is masked cell by cell, in the page's data, JSON and CSV",
          "[reports]") {
  HandMade s;
  // Five more members of Montbard come to Semur in P: that cell is about 5 people.
  for (int i = 0; i < 5; ++i) {
    const auto m = s.member(s.a, "Visiteur", "N" + std::to_string(i));
    s.visit(s.b, m, "2026-11-03T09:00:00Z", "2026-11-03T10:00:00Z");
  }
  Dashboard all = dashboard(s.db, std::nullopt, custom("2026-10-24", "2026-11-13"), s.now);
  CHECK(current(all, "network_visitors") == 6);  // Marie and the five
  CHECK(current(all, "multi_site_members") == 1);
  mask_small_counts(all.figures, all.tables);
  CHECK_FALSE(figure(all, "network_visitors").current.masked);
  CHECK(figure(all, "multi_site_members").current.masked);
  const Table& homes = table(all, "home_sites");
  const std::string ka = std::to_string(s.a), kb = std::to_string(s.b);
  CHECK(cell(homes, kb, ka) == 6);        // Marie and the five: shown
  CHECK(row(homes, ka).cells[0].masked);  // 3
  CHECK(row(homes, ka).cells[1].masked);  // 0
  CHECK(row(homes, kb).cells[1].masked);  // Zoé
  const std::string csv = table_csv(homes, false);
  CHECK(csv == "Lieu de visite,Montbard,Semur\r\nMontbard,< 5,< 5\r\nSemur,6,< 5\r\n");
  const auto json = nlohmann::json::parse(dashboard_json(all));
  bool found = false;
  for (const auto& t : json["tables"]) {
    if (t["key"] != "home_sites") continue;
    found = true;
    CHECK(t["columns"][0]["key"] == ka);
    CHECK(t["columns"][1]["label"] == "Semur");
    CHECK(t["rows"][1]["cells"] == nlohmann::json::array({6, "< 5"}));
    CHECK(t["rows"][0]["cells"] == nlohmann::json::array({"< 5", "< 5"}));
  }
  CHECK(found);
}

//-----------------------------------------------------------------------------
// (d) Bad input, and the JSON
//-----------------------------------------------------------------------------

TEST_CASE("dashboard (d): an unknown site or a period too long is refused clearly", "[reports]") {
  HandMade s;
  DashboardQuery q;
  q.site_id = 999;
  q.period = named("2026-11");
  q.now = s.now;
  const auto unknown = compute_dashboard(s.db, q);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().find("Le lieu n° 999 n’existe pas") == 0);
  q.site_id.reset();
  q.period.kind = PeriodKind::Custom;
  q.period.first = CivilDate{2020, 1, 1};
  q.period.last = CivilDate{2026, 1, 1};
  const auto too_long = compute_dashboard(s.db, q);
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().find("trop longue") != std::string::npos);
  // Nothing was computed for them.
  CHECK(s.scalar("SELECT COUNT(*) FROM stats_days WHERE local_date < '2026-01-01'") == 0);
}

TEST_CASE("dashboard (d): the JSON has everything", "[reports]") {
  HandMade s;
  const Dashboard d = dashboard(s.db, std::nullopt, custom("2026-10-24", "2026-11-13"), s.now);
  const auto json = nlohmann::json::parse(dashboard_json(d));
  for (const char* key : {"site_id", "scope_name", "period", "previous", "figures", "tables", "freshness"})
    CHECK(json.contains(key));
  CHECK(json["site_id"].is_null());
  CHECK(json["period"]["first"] == "2026-10-24");
  CHECK(json["period"]["last"] == "2026-11-13");
  CHECK(json["period"]["kind"] == "custom");
  CHECK(json["period"]["label"] == "du 24 octobre au 13 novembre 2026");
  CHECK(json["previous"]["first"] == "2026-10-03");
  CHECK(json["figures"].size() == d.figures.size());
  std::set<std::string> keys;
  for (const auto& f : json["figures"]) {
    keys.insert(f["key"].get<std::string>());
    CHECK(f.contains("label"));
    CHECK(f.contains("unit"));
    CHECK(f.contains("current"));
    CHECK(f.contains("previous"));
  }
  for (const char* key : {"visits",
                          "unique_visitors",
                          "walk_ins",
                          "new_members",
                          "average_visit_minutes",
                          "auto_closed_visits",
                          "desk_occupancy_average",
                          "desk_occupancy_peak",
                          "desk_utilisation",
                          "space_usage",
                          "room_utilisation",
                          "room_used_hours",
                          "no_show_rate",
                          "accompaniments",
                          "people_helped",
                          "anonymous_accompaniments",
                          "procedure_people",
                          "procedure_anonymous",
                          "network_visitors",
                          "multi_site_members"})
    CHECK(keys.contains(key));
  for (const auto& f : json["figures"]) {
    if (f["key"] == "no_show_rate") CHECK(f["better"] == "down");
    if (f["key"] == "visits") CHECK(f["better"] == "up");
  }
  std::set<std::string> tables;
  for (const auto& t : json["tables"]) {
    tables.insert(t["key"].get<std::string>());
    for (const auto& r : t["rows"]) CHECK(r["cells"].size() == t["columns"].size());
  }
  for (const char* key : {"visits_by_day", "heat_map", "themes", "duration_bands", "age_brackets", "ages", "communes",
                          "sites", "home_sites"})
    CHECK(tables.contains(key));
  REQUIRE(json["freshness"].size() == 2);
  CHECK(json["freshness"][1]["last_sync"] == "2026-11-13T12:00:00.000Z");
  CHECK(json["freshness"][1]["incomplete"] == true);
  for (const auto& f : json["figures"]) {
    if (f["key"] == "desk_utilisation") CHECK(f["current"].get<double>() == Approx(4.3).margin(0.05));
    if (f["key"] == "average_visit_minutes") CHECK(f["current"] == 100.0);
  }
}

TEST_CASE("dashboard (d): a read-only connection reads what was refreshed", "[reports]") {
  HandMade s;
  const Period p = custom("2026-10-24", "2026-11-13");
  CHECK(current(dashboard(s.db, std::nullopt, p, s.now), "visits") == 10);
  s.visit(s.a, std::nullopt, "2026-10-26T10:00:00Z", "2026-10-26T10:30:00Z");  // one more walk-in, not yet rolled up
  store::OpenOptions read_only;
  read_only.read_only = true;
  store::Database reader(s.path, read_only);
  CHECK(current(dashboard(reader, std::nullopt, p, s.now), "visits") == 10);
  CHECK(current(dashboard(s.db, std::nullopt, p, s.now), "visits") == 11);
  CHECK(current(dashboard(reader, std::nullopt, p, s.now), "visits") == 11);
}

TEST_CASE("dashboard (e): every heading and note it writes in French has its English", "[reports]") {
  HandMade s;
  for (const std::optional<std::int64_t> site : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{1}}) {
    const Dashboard d = dashboard(s.db, site, custom("2026-10-24", "2026-11-13"), s.now);
    CHECK(english_words(d.scope_name).has_value() == !site.has_value());
    for (const auto& f : d.figures) {
      INFO(f.key);
      CHECK(english_words(f.label).has_value());
      if (!f.note.empty()) CHECK(english_words(f.note).has_value());
    }
    for (const auto& t : d.tables) {
      INFO(t.key);
      CHECK(english_words(t.title).has_value());
      CHECK(english_words(t.first_column).has_value());
      // Hours (« 9 h »); sites' names; months (« novembre 2026 », the period's own words).
      if (t.key == "heat_map" || t.key == "home_sites" || t.key == "partners") continue;
      for (const auto& c : t.columns) CHECK(english_words(c).has_value());
      if (t.key == "ages") {
        for (const auto& r : t.rows) CHECK(english_words(r.label).has_value());
      }
    }
  }
  CHECK(english_words("Passages") == "Visits");
  CHECK(english_words("sans nom\u202F: comptés à part") == "no name: counted apart");
  CHECK_FALSE(english_words("Culture numérique").has_value());  // a theme: its own catalogue
}
