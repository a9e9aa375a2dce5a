// Shared helpers for the help agenda's server tests: a site with a mediator
// (Nadia, help hours on Tuesday 14:00–17:00 and Thursday 09:30–12:00), an
// individual appointment type (45 min) and a workshop type (90 min, 6 seats),
// a neighbouring site with its own mediator, and short ways to make
// participants, requests and workshops.
//
// Store tests pass their own « now »: Monday 1 March 2027, 10:00 in Paris
// (09:00Z). Paris is UTC+1 until the 28th of March 2027, so Tuesday 2 March
// 14:00 in Paris is 13:00Z and Thursday 4 March 09:30 is 08:30Z.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mediation/agenda.hpp"
#include "server_fixture.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"

namespace escale::tests {

// The instant Paris clocks read that wall time.
inline Instant paris_time(int year, int month, int day, int hour, int minute = 0) {
  return from_paris(year, month, day, hour, minute);
}

inline mediation::Participant person(const std::string& first_name, std::optional<std::string> phone = std::nullopt,
                                     bool reminders = false) {
  mediation::Participant p;
  p.id = make_uuid_v4();
  p.first_name = first_name;
  p.phone = std::move(phone);
  p.reminders = reminders;
  return p;
}

struct AgendaDb : ServerDb {
  std::int64_t site_id = site("Tiers-lieu du Haut-Val", "21425");
  std::int64_t nadia = mediator(site_id, "Nadia", "Benali");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  std::int64_t other_site = site("Tiers-lieu voisin", "21154");
  std::int64_t paul = mediator(other_site, "Paul", "Voisin");
  std::int64_t individual = add_type("Aide aux démarches en ligne", 45, false);
  std::int64_t collective = add_type("Atelier : découvrir la messagerie", 90, true);
  std::int64_t tuesday = add_hours(nadia, 2, 14 * 60, 17 * 60);
  std::int64_t thursday = add_hours(nadia, 4, 9 * 60 + 30, 12 * 60);
  Instant now = at("2027-03-01T09:00:00Z");

  std::int64_t mediator(std::int64_t site, const std::string& first, const std::string& last) {
    Member m;
    m.site_id = site;
    m.first_name = first;
    m.last_name = last;
    m.roles = {Role::Member, Role::Animator, Role::Mediator};
    auto added = server::add_member(db, m);
    if (!added) throw std::runtime_error("add_member: " + added.error());
    return added->id;
  }

  std::int64_t add_type(const std::string& name, int minutes, bool is_collective, std::int64_t in_site = 0,
                        int max_days = 30) {
    mediation::AppointmentType t;
    t.site_id = in_site != 0 ? in_site : site_id;
    t.name = name;
    t.duration = std::chrono::minutes(minutes);
    t.collective = is_collective;
    t.capacity = is_collective ? 6 : 1;
    t.level = is_collective ? mediation::WorkshopLevel::Beginner : mediation::WorkshopLevel::None;
    t.max_delay_days = max_days;
    auto id = server::add_appointment_type(db, t, server::Actor{});
    if (!id) throw std::runtime_error("add_appointment_type: " + id.error());
    return *id;
  }

  std::int64_t add_hours(std::int64_t mediator_id, int weekday, int start_minute, int end_minute,
                         std::int64_t in_site = 0) {
    mediation::HelpHours h;
    h.site_id = in_site != 0 ? in_site : site_id;
    h.mediator_id = mediator_id;
    h.weekday = weekday;
    h.start_minute = start_minute;
    h.end_minute = end_minute;
    auto id = server::add_help_hours(db, h, server::Actor{});
    if (!id) throw std::runtime_error("add_help_hours: " + id.error());
    return *id;
  }

  server::HelpRequest request(Instant start, const mediation::Participant& p, std::int64_t type_id = 0,
                              std::int64_t mediator_id = 0) {
    server::HelpRequest r;
    r.appointment_id = make_uuid_v4();
    r.site_id = site_id;
    r.type_id = type_id != 0 ? type_id : individual;
    r.mediator_id = mediator_id != 0 ? mediator_id : nadia;
    r.start = start;
    r.participant = p;
    return r;
  }

  server::HelpOutcome book(Instant start, const mediation::Participant& p, std::optional<Instant> when = {},
                           const server::Actor& actor = {}) {
    return server::request_help(db, request(start, p), actor, when.value_or(now));
  }

  // A workshop of the collective type; its id.
  std::string workshop(Instant start, std::optional<int> capacity = std::nullopt, const std::string& title = {},
                       std::int64_t mediator_id = 0) {
    server::WorkshopRequest w;
    w.appointment_id = make_uuid_v4();
    w.type_id = collective;
    w.mediator_id = mediator_id != 0 ? mediator_id : nadia;
    w.start = start;
    w.title = title;
    w.capacity = capacity;
    const auto out = server::schedule_workshop(db, w, server::Actor{}, now);
    if (!out.ok()) throw std::runtime_error("schedule_workshop refused");
    return w.appointment_id;
  }

  server::HelpOutcome join(const std::string& workshop_id, const mediation::Participant& p,
                           std::optional<Instant> when = {}, const server::Actor& actor = {}) {
    server::HelpRequest r;
    r.appointment_id = workshop_id;
    r.site_id = site_id;
    r.type_id = collective;
    r.mediator_id = nadia;
    r.participant = p;
    return server::request_help(db, r, actor, when.value_or(now));
  }

  const mediation::Participant& participant_in(const mediation::Appointment& a, const std::string& id) {
    for (const auto& p : a.participants) {
      if (p.id == id) return p;
    }
    throw std::runtime_error("no participant " + id);
  }

  mediation::Participant stored_participant(const std::string& appointment_id, const std::string& participant_id) {
    const auto a = server::find_appointment(db, appointment_id);
    if (!a) throw std::runtime_error("no appointment " + appointment_id);
    return participant_in(*a, participant_id);
  }

  // One reminder row as stored.
  struct Reminder {
    std::string kind;
    std::string channel;
    std::string due;
    std::string state;
    int attempts = 0;
    std::string next_attempt;
    std::string last_error;
    std::optional<std::string> sent_at;
  };
  std::vector<Reminder> reminders_of(const std::string& participant_id) {
    auto st = db.prepare(
        "SELECT kind, channel, due_at, state, attempts, next_attempt_at, last_error, sent_at FROM reminders "
        "WHERE participant_id = ? ORDER BY due_at");
    st.bind(1, participant_id);
    std::vector<Reminder> out;
    while (st.step()) {
      Reminder r;
      r.kind = st.text(0);
      r.channel = st.text(1);
      r.due = st.text(2);
      r.state = st.text(3);
      r.attempts = st.int32(4);
      r.next_attempt = st.text(5);
      r.last_error = st.text(6);
      r.sent_at = st.optional_text(7);
      out.push_back(std::move(r));
    }
    return out;
  }

  std::int64_t count(const std::string& table) { return scalar("SELECT COUNT(*) FROM " + table); }
  std::int64_t changes_of(const std::string& entity) {
    return scalar("SELECT COUNT(*) FROM changes WHERE entity = '" + entity + "'");
  }
};

}  // namespace escale::tests
