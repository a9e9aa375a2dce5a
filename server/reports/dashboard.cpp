// The dashboard (see dashboard.hpp; every definition in docs/METRICS.md).
//
// One period is read in one pass per source, site by site so that every
// read is a range of an index:
//   stats_days           visits, durations, hours, desks, rooms, bookings
//   stats_member_months  distinct members over whole months (visits for the
//                        partial months at the edges of a custom period)
//   members + stats_member_first   new members, communes, age brackets
//   appointments, participants, activities   mediation
// The current and the previous period go through the same code.
//
// [SECTION] Values
// [SECTION] Reading one period
// [SECTION] Mediation
// [SECTION] Figures and tables
// [SECTION] Freshness
// [SECTION] JSON
#include "reports/dashboard.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "booking/booking.hpp"  // add_days, iso_weekday, paris_day_start(CivilDate)
#include "domain/member.hpp"
#include "domain/opening_hours.hpp"
#include "mediation/activity.hpp"
#include "reports/communes.hpp"
#include "reports/stats_rollup.hpp"
#include "store/stats.hpp"
#include "time/french_format.hpp"

namespace escale::server::reports {
namespace {

constexpr std::string_view kNnbsp = "\u202F";

//-----------------------------------------------------------------------------
// [SECTION] Values
//-----------------------------------------------------------------------------

double as_double(std::int64_t n) {
  return static_cast<double>(n);
}

Value count_value(std::int64_t n, std::optional<std::int64_t> people) {
  Value v;
  v.unit = Unit::Count;
  v.number = as_double(n);
  v.people = people;
  return v;
}

// A count of distinct persons: the number is its own `people`.
Value people_value(std::int64_t n) {
  Value v;
  v.unit = Unit::People;
  v.number = as_double(n);
  v.people = n;
  return v;
}

// part ÷ whole × 100; no value when the whole is zero (nothing to divide).
Value percent_value(double part, double whole, std::optional<std::int64_t> people = std::nullopt) {
  Value v;
  v.unit = Unit::Percent;
  if (whole > 0) v.number = 100.0 * part / whole;
  v.people = people;
  return v;
}

Value minutes_value(std::optional<double> minutes, std::optional<std::int64_t> people) {
  Value v;
  v.unit = Unit::Minutes;
  v.number = minutes;
  v.people = people;
  return v;
}

Value hours_value(std::int64_t minutes) {
  Value v;
  v.unit = Unit::Hours;
  v.number = as_double(minutes) / 60.0;
  return v;
}

Value no_data(Unit unit) {
  Value v;
  v.unit = unit;
  return v;
}

//-----------------------------------------------------------------------------
// [SECTION] Reading one period
//-----------------------------------------------------------------------------

struct SiteInfo {
  std::int64_t id = 0;
  std::string name;
  std::optional<OpeningHours> hours;
};

struct MemberInfo {
  std::int64_t site_id = 0;
  std::optional<std::string> commune;
  AgeBracket age = AgeBracket::Unknown;
  bool staff = false;       // animator, mediator or admin: not counted as a new member
  std::string first_trace;  // Paris date: registration or first check-in, the earlier
};

// Sums of stats_days columns.
struct Tally {
  std::int64_t visits = 0, walk_ins = 0, member_visits = 0, timed_visits = 0, visit_seconds = 0, auto_closed = 0;
  std::int64_t desk_open = 0, desk_booked = 0, room_open = 0, room_booked = 0, room_used = 0;
  std::int64_t started = 0, no_shows = 0;
  std::int64_t samples_in_use = 0, samples_capacity = 0;  // Σ desks in use, Σ desks available, over samples
  std::optional<double> peak;                             // highest occupancy at one sampled moment, 0..1
  std::set<std::int64_t> desks, booked_desks;

  void add(const DayRollup& r) {
    visits += r.visits;
    walk_ins += r.walk_ins;
    member_visits += r.member_visits;
    timed_visits += r.timed_visits;
    visit_seconds += r.visit_seconds;
    auto_closed += r.auto_closed;
    desk_open += r.desk_open_minutes;
    desk_booked += r.desk_booked_minutes;
    room_open += r.room_open_minutes;
    room_booked += r.room_booked_minutes;
    room_used += r.room_used_minutes;
    started += r.bookings_started;
    no_shows += r.no_shows;
    desks.insert(r.desk_ids.begin(), r.desk_ids.end());
    booked_desks.insert(r.booked_desk_ids.begin(), r.booked_desk_ids.end());
    const auto capacity = static_cast<std::int64_t>(r.desk_ids.size());
    if (capacity == 0) return;
    for (const int in_use : r.desk_samples) {
      if (in_use < 0) continue;
      samples_in_use += in_use;
      samples_capacity += capacity;
      const double occupancy = as_double(in_use) / as_double(capacity);
      peak = peak ? std::max(*peak, occupancy) : occupancy;
    }
  }
};

struct Mediation {
  std::int64_t individual = 0;  // seen in individual appointments, and individual records without one
  std::int64_t collective = 0;  // workshop participations
  std::int64_t anonymous = 0;
  std::int64_t workshops = 0;              // sessions
  std::unordered_set<std::string> people;  // distinct named persons
  // Accompaniments whose record is about official procedures online (the
  // theme « Aide aux démarches administratives » or an administrative theme):
  // the distinct named persons, and the anonymous accompaniments apart.
  std::unordered_set<std::string> procedure_people;
  std::int64_t procedure_anonymous = 0;
  std::int64_t accompaniments() const { return individual + collective; }
};

struct DayLine {
  std::int64_t visits = 0, walk_ins = 0, members = 0, accompaniments = 0;
};

struct Band {
  std::int64_t activities = 0, accompaniments = 0;
};

struct PeriodData {
  Period period;
  std::string first, last;  // ISO
  std::map<std::int64_t, Tally> by_site;
  Tally total;
  // Σ desks in use and Σ desks available at each sampled moment, all sites
  // together: the peak of the whole network is one moment's occupancy.
  std::vector<std::pair<std::int64_t, std::int64_t>> moments;
  std::map<std::int64_t, std::unordered_map<std::int64_t, std::int64_t>> member_visits;  // site → member → visits
  std::unordered_map<std::int64_t, std::int64_t> all_member_visits;
  std::map<std::int64_t, std::int64_t> new_members;  // by site
  std::map<std::int64_t, Mediation> mediation;
  Mediation all_mediation;
  std::vector<DayLine> days;  // one per day of the period
  std::array<std::array<std::int64_t, 24>, 7> heat{};
  std::map<std::string, std::int64_t> themes;
  std::map<std::string, Band> bands;
  std::map<std::string, std::int64_t> ages;  // CRA brackets, weighted by participants
  std::map<std::string, std::int64_t> commune_accompaniments;

  std::int64_t unique_members(std::optional<std::int64_t> site) const {
    if (!site) return static_cast<std::int64_t>(all_member_visits.size());
    const auto it = member_visits.find(*site);
    return it == member_visits.end() ? 0 : static_cast<std::int64_t>(it->second.size());
  }
};

int day_index(const CivilDate& first, const CivilDate& d) {
  const auto days = [](const CivilDate& c) {
    return date::sys_days{date::year{c.year} / c.month / c.day}.time_since_epoch().count();
  };
  return static_cast<int>(days(d) - days(first));
}

void read_rollups(store::Database& db, const std::vector<SiteInfo>& sites, PeriodData& p) {
  const int n = day_count(p.period);
  p.days.assign(static_cast<std::size_t>(n), DayLine{});
  p.moments.assign(static_cast<std::size_t>(n) * kSamplesPerDay, {0, 0});
  for (const auto& site : sites) {
    Tally& tally = p.by_site[site.id];
    for (const DayRollup& r : read_day_rollups(db, site.id, p.first, p.last)) {
      const auto date = parse_iso_date(r.local_date);
      if (!date) continue;
      tally.add(r);
      p.total.add(r);
      const int index = day_index(p.period.first, *date);
      if (index < 0 || index >= n) continue;
      DayLine& line = p.days[static_cast<std::size_t>(index)];
      line.visits += r.visits;
      line.walk_ins += r.walk_ins;
      line.members += r.members;
      auto& heat_row = p.heat[static_cast<std::size_t>(iso_weekday(*date) - 1)];
      for (std::size_t h = 0; h < 24; ++h) heat_row[h] += r.check_ins_by_hour[h];
      const auto capacity = static_cast<std::int64_t>(r.desk_ids.size());
      for (std::size_t k = 0; k < r.desk_samples.size(); ++k) {
        if (r.desk_samples[k] < 0 || capacity == 0) continue;
        auto& moment = p.moments[static_cast<std::size_t>(index) * kSamplesPerDay + k];
        moment.first += r.desk_samples[k];
        moment.second += capacity;
      }
    }
  }
  // The network's peak: the busiest sampled moment, all sites together.
  p.total.peak.reset();
  for (const auto& [in_use, capacity] : p.moments) {
    if (capacity == 0) continue;
    const double occupancy = as_double(in_use) / as_double(capacity);
    p.total.peak = p.total.peak ? std::max(*p.total.peak, occupancy) : occupancy;
  }
}

std::string month_text(const CivilDate& d) {
  return to_iso_date(d).substr(0, 7);
}

// Distinct members and their visits: whole months from stats_member_months,
// the partial months at the edges of a custom period from the visits.
void read_member_visits(store::Database& db, const std::vector<SiteInfo>& sites, PeriodData& p) {
  std::optional<std::string> first_month, last_month;  // whole months, contiguous
  std::vector<std::pair<std::string, std::string>> partial;
  for (CivilDate m{p.period.first.year, p.period.first.month, 1}; m <= p.period.last;
       m = m.month == 12 ? CivilDate{m.year + 1, 1, 1} : CivilDate{m.year, m.month + 1, 1}) {
    const CivilDate month_last =
        add_days(m.month == 12 ? CivilDate{m.year + 1, 1, 1} : CivilDate{m.year, m.month + 1, 1}, -1);
    const CivilDate from = std::max(m, p.period.first);
    const CivilDate to = std::min(month_last, p.period.last);
    if (from == m && to == month_last) {
      if (!first_month) first_month = month_text(m);
      last_month = month_text(m);
    } else {
      partial.emplace_back(to_iso_date(from), to_iso_date(to));
    }
  }
  for (const auto& site : sites) {
    auto& visits = p.member_visits[site.id];
    if (first_month) add_member_visits_by_month(db, site.id, *first_month, *last_month, visits);
    for (const auto& [from, to] : partial) add_member_visits_by_day(db, site.id, from, to, visits);
    for (const auto& [member, count] : visits) p.all_member_visits[member] += count;
  }
}

void count_new_members(const std::vector<SiteInfo>& sites, const std::unordered_map<std::int64_t, MemberInfo>& members,
                       PeriodData& p) {
  for (const auto& site : sites) p.new_members[site.id] = 0;
  for (const auto& [id, m] : members) {
    if (m.staff || m.first_trace < p.first || m.first_trace > p.last) continue;
    const auto it = p.new_members.find(m.site_id);
    if (it != p.new_members.end()) ++it->second;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Mediation
//-----------------------------------------------------------------------------

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> split_bars(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const auto bar = text.find('|', pos);
    out.push_back(text.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos));
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}

// Accompaniments (docs/METRICS.md, « Médiation »):
//   individual: each participant marked seen in an individual appointment,
//     plus each individual activity record made without an appointment;
//   collective: for each workshop, the larger of its participants marked seen
//     and the participants its activity record counts (people who came
//     without signing up); a collective record without a workshop counts its
//     participants.
// A person is a member (their id), else a first name with a phone; people
// with neither, and people a record counts beyond those marked seen, are
// anonymous accompaniments. The themes, duration, age and commune tables
// come from the activity records, weighted by their participants.
void read_mediation(store::Database& db, const std::vector<SiteInfo>& sites, PeriodData& p) {
  const int n = static_cast<int>(p.days.size());
  auto add_to_day = [&](const std::string& iso, std::int64_t count) {
    const auto d = parse_iso_date(iso);
    if (!d) return;
    const int index = day_index(p.period.first, *d);
    if (index >= 0 && index < n) p.days[static_cast<std::size_t>(index)].accompaniments += count;
  };
  for (const auto& site : sites) {
    Mediation& m = p.mediation[site.id];
    struct Workshop {
      std::string date;
      std::int64_t seen = 0;
      std::int64_t recorded = 0;
    };
    std::map<std::string, Workshop> workshops;
    // Appointment id → its participants marked seen (a person key, or "" for an anonymous one).
    std::unordered_map<std::string, std::vector<std::string>> seen_people;
    std::set<std::string> procedure_workshops;
    auto count_procedure_person = [&m](const std::string& person) {
      if (person.empty()) {
        ++m.procedure_anonymous;
      } else {
        m.procedure_people.insert(person);
      }
    };
    for (const SeenParticipant& seen : seen_participants(db, site.id, p.first, p.last)) {
      std::string person;
      if (seen.member_id) {
        person = "m:" + std::to_string(*seen.member_id);
      } else if (seen.erased) {
        person = "p:" + seen.participant_id;  // erased after two years: one person per participant
      } else if (const std::string first = lower_trimmed(seen.first_name); !first.empty()) {
        person = "n:" + first + "|" + seen.phone.value_or("");
      }
      if (person.empty()) {
        ++m.anonymous;
      } else {
        m.people.insert(person);
      }
      seen_people[seen.appointment_id].push_back(person);
      if (seen.collective) {
        Workshop& w = workshops[seen.appointment_id];
        w.date = seen.local_date;
        ++w.seen;
      } else {
        ++m.individual;
        add_to_day(seen.local_date, 1);
      }
    }
    for (const ActivityFacts& record : activity_facts(db, site.id, p.first, p.last)) {
      const std::string& appointment = record.appointment_id;
      const bool collective = record.collective;
      const std::string& date = record.local_date;
      const std::int64_t participants = collective ? std::max<std::int64_t>(record.participants, 1) : 1;
      const auto themes = split_bars(record.themes);
      const bool procedure = std::any_of(themes.begin(), themes.end(), [](const std::string& code) {
        const auto* theme = mediation::find_theme(code);
        return theme && (theme->administrative || code == "aide_aux_demarches_administratives");
      });
      if (procedure) {
        const auto seen = appointment.empty() ? seen_people.end() : seen_people.find(appointment);
        if (collective && seen != seen_people.end()) {
          procedure_workshops.insert(appointment);  // counted below, once per workshop
        } else if (collective) {
          m.procedure_anonymous += participants;
        } else if (seen != seen_people.end()) {
          for (const auto& person : seen->second) count_procedure_person(person);
        } else if (appointment.empty()) {
          count_procedure_person(record.anonymous ? std::string() : "r:" + record.id);
        }
      }
      if (collective) {
        const auto w = appointment.empty() ? workshops.end() : workshops.find(appointment);
        if (w != workshops.end()) {
          w->second.recorded += participants;
        } else {  // a session nobody was marked seen in: everyone it counts is anonymous
          m.collective += participants;
          m.anonymous += participants;
          ++m.workshops;
          add_to_day(date, participants);
        }
      } else if (appointment.empty()) {  // help given without an appointment
        ++m.individual;
        if (record.anonymous) {
          ++m.anonymous;
        } else {
          m.people.insert("r:" + record.id);  // a record names nobody: one person per record
        }
        add_to_day(date, 1);
      }
      for (const auto& theme : themes) p.themes[theme] += participants;
      Band& band = p.bands[std::string(mediation::duration_band(std::chrono::minutes(record.duration_min)))];
      ++band.activities;
      band.accompaniments += participants;
      p.ages[record.age_bracket] += participants;
      p.commune_accompaniments[record.home_insee] += participants;
    }
    for (const auto& [id, w] : workshops) {
      const std::int64_t count = std::max(w.seen, w.recorded);
      m.collective += count;
      m.anonymous += std::max<std::int64_t>(0, w.recorded - w.seen);
      ++m.workshops;
      add_to_day(w.date, count);
      if (procedure_workshops.count(id) != 0) {
        for (const auto& person : seen_people[id]) count_procedure_person(person);
        m.procedure_anonymous += std::max<std::int64_t>(0, w.recorded - w.seen);
      }
    }
    p.all_mediation.individual += m.individual;
    p.all_mediation.collective += m.collective;
    p.all_mediation.anonymous += m.anonymous;
    p.all_mediation.workshops += m.workshops;
    p.all_mediation.people.insert(m.people.begin(), m.people.end());
    p.all_mediation.procedure_people.insert(m.procedure_people.begin(), m.procedure_people.end());
    p.all_mediation.procedure_anonymous += m.procedure_anonymous;
  }
}

PeriodData read_period(store::Database& db, const std::vector<SiteInfo>& sites,
                       const std::unordered_map<std::int64_t, MemberInfo>& members, const Period& period) {
  PeriodData p;
  p.period = period;
  p.first = to_iso_date(period.first);
  p.last = to_iso_date(period.last);
  read_rollups(db, sites, p);
  read_member_visits(db, sites, p);
  count_new_members(sites, members, p);
  read_mediation(db, sites, p);
  return p;
}

//-----------------------------------------------------------------------------
// [SECTION] Figures and tables
//-----------------------------------------------------------------------------

// The figures of one scope (a site, or every site) for one period, by key.
struct ScopeFigures {
  std::map<std::string, Value> values;
};

ScopeFigures scope_figures(const PeriodData& p, std::optional<std::int64_t> site) {
  const Tally& t = site ? p.by_site.at(*site) : p.total;
  const Mediation& m = site ? p.mediation.at(*site) : p.all_mediation;
  const std::int64_t unique = p.unique_members(site);
  std::int64_t new_members = 0;
  for (const auto& [id, count] : p.new_members) {
    if (!site || id == *site) new_members += count;
  }
  // The people behind the visits: distinct members, each walk-in one person.
  const std::int64_t visit_people = unique + t.walk_ins;
  ScopeFigures f;
  auto& v = f.values;
  v["visits"] = count_value(t.visits, visit_people);
  v["unique_visitors"] = people_value(unique);
  v["walk_ins"] = count_value(t.walk_ins, t.walk_ins);
  v["new_members"] = people_value(new_members);
  v["average_visit_minutes"] = minutes_value(
      t.timed_visits > 0 ? std::optional<double>(as_double(t.visit_seconds) / 60.0 / as_double(t.timed_visits))
                         : std::nullopt,
      visit_people);
  v["auto_closed_visits"] = count_value(t.auto_closed, t.auto_closed);
  v["desk_occupancy_average"] = percent_value(as_double(t.samples_in_use), as_double(t.samples_capacity));
  v["desk_occupancy_peak"] = t.peak ? percent_value(*t.peak, 1.0) : no_data(Unit::Percent);
  v["desk_utilisation"] = percent_value(as_double(t.desk_booked), as_double(t.desk_open));
  v["space_usage"] = percent_value(as_double(static_cast<std::int64_t>(t.booked_desks.size())),
                                   as_double(static_cast<std::int64_t>(t.desks.size())));
  v["room_utilisation"] = percent_value(as_double(t.room_booked), as_double(t.room_open));
  v["room_used_hours"] = hours_value(t.room_used);
  v["bookings_started"] = count_value(t.started, t.started);
  v["no_show_rate"] = percent_value(as_double(t.no_shows), as_double(t.started), t.started);
  const std::int64_t helped = static_cast<std::int64_t>(m.people.size());
  v["accompaniments"] = count_value(m.accompaniments(), helped + m.anonymous);
  v["individual_accompaniments"] = count_value(m.individual, m.individual);
  v["collective_accompaniments"] = count_value(m.collective, m.collective);
  v["workshops"] = count_value(m.workshops, m.collective);
  v["people_helped"] = people_value(helped);
  v["anonymous_accompaniments"] = count_value(m.anonymous, m.anonymous);
  v["procedure_people"] = people_value(static_cast<std::int64_t>(m.procedure_people.size()));
  v["procedure_anonymous"] = count_value(m.procedure_anonymous, m.procedure_anonymous);
  return f;
}

struct FigureDef {
  std::string_view key;
  std::string_view label;
  std::string_view note;
  Better better = Better::Up;
};

// In the order of docs/METRICS.md.
constexpr FigureDef kFigures[] = {
    {"visits", "Passages", "passages des membres et passages anonymes : des visites, pas des personnes"},
    {"unique_visitors", "Membres venus", "personnes distinctes : chaque membre compte une fois"},
    {"walk_ins", "Passages anonymes", "visiteurs de passage sans badge : des visites, pas des personnes",
     Better::Neither},
    {"new_members", "Nouveaux membres", "inscription ou premier passage dans la période"},
    {"average_visit_minutes", "Durée moyenne d’une visite", "visites sans sortie badgée closes à la fermeture",
     Better::Neither},
    {"auto_closed_visits", "Visites closes automatiquement", "sans sortie badgée : closes à l’heure de fermeture",
     Better::Down},
    {"desk_occupancy_average", "Occupation moyenne des bureaux", "pendant les heures d’ouverture"},
    {"desk_occupancy_peak", "Occupation maximale des bureaux", "au moment le plus chargé", Better::Neither},
    {"desk_utilisation", "Utilisation des bureaux", "heures réservées ÷ heures d’ouverture des bureaux"},
    {"space_usage", "Bureaux utilisés", "part des bureaux réservés au moins une fois"},
    {"room_utilisation", "Utilisation de la salle visio", "heures réservées ÷ heures d’ouverture"},
    {"room_used_hours", "Heures de visio utilisées", "réservations où la personne est venue"},
    {"bookings_started", "Réservations commencées", ""},
    {"no_show_rate", "Réservations non honorées", "personne venue trop tard ou pas du tout", Better::Down},
    {"accompaniments", "Accompagnements", "individuels et participations aux ateliers"},
    {"individual_accompaniments", "Accompagnements individuels", ""},
    {"collective_accompaniments", "Participations aux ateliers", ""},
    {"workshops", "Ateliers", ""},
    {"people_helped", "Personnes accompagnées", "personnes nommées distinctes"},
    {"anonymous_accompaniments", "Accompagnements anonymes", "sans nom : comptés à part", Better::Neither},
    {"procedure_people", "Personnes aidées pour des démarches en ligne",
     "personnes nommées distinctes, fiches au thème des démarches administratives"},
    {"procedure_anonymous", "Démarches en ligne : accompagnements anonymes", "sans nom : comptés à part",
     Better::Neither},
};

// French typography in notes: a narrow no-break space before a colon.
std::string typeset(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':' && !out.empty() && out.back() == ' ') {
      out.pop_back();
      out += kNnbsp;
    }
    out += c;
  }
  return out;
}

std::vector<Figure> make_figures(const ScopeFigures& current, const ScopeFigures& previous) {
  std::vector<Figure> out;
  for (const auto& def : kFigures) {
    Figure f;
    f.key = def.key;
    f.label = def.label;
    f.current = current.values.at(f.key);
    f.previous = previous.values.at(f.key);
    f.note = typeset(def.note);
    f.better = def.better;
    out.push_back(std::move(f));
  }
  return out;
}

std::string french_day_label(const CivilDate& d, bool with_year) {
  LocalTime t;
  t.year = d.year;
  t.month = d.month;
  t.day = d.day;
  t.weekday = iso_weekday(d);
  std::string out = format_day(t, Language::French);
  if (with_year) out += " " + std::to_string(d.year);
  return out;
}

Table visits_by_day(const PeriodData& p, const std::string& today) {
  Table t;
  t.key = "visits_by_day";
  t.title = "Passages et accompagnements par jour";
  t.first_column = "Jour";
  t.column_keys = {"visits", "walk_ins", "members", "accompaniments"};
  t.columns = {"Passages", "Passages anonymes", "Membres", "Accompagnements"};
  const bool with_year = p.period.first.year != p.period.last.year;
  CivilDate d = p.period.first;
  for (const DayLine& line : p.days) {
    TableRow row;
    row.key = to_iso_date(d);
    row.label = french_day_label(d, with_year);
    if (row.key > today) {  // not yet: no data rather than zeros
      row.cells = {no_data(Unit::Count), no_data(Unit::Count), no_data(Unit::People), no_data(Unit::Count)};
    } else {
      // A day's members are summed over sites (someone at two sites the same day counts twice).
      row.cells = {count_value(line.visits, line.members + line.walk_ins), count_value(line.walk_ins, line.walk_ins),
                   people_value(line.members), count_value(line.accompaniments, line.accompaniments)};
    }
    t.rows.push_back(std::move(row));
    d = add_days(d, 1);
  }
  return t;
}

// Rows Monday to Sunday; columns the hours any site of the scope opens on a
// weekday, widened to any hour with an arrival (Paris wall clock).
Table heat_map(const PeriodData& p, const std::vector<SiteInfo>& sites) {
  int first_hour = 24, last_hour = -1;
  for (const auto& site : sites) {
    if (!site.hours) continue;
    for (int weekday = 1; weekday <= 7; ++weekday) {
      for (const auto& r : site.hours->ranges_for(weekday, false)) {
        if (r.end_minute <= r.start_minute) continue;
        first_hour = std::min(first_hour, r.start_minute / 60);
        last_hour = std::max(last_hour, (r.end_minute - 1) / 60);
      }
    }
  }
  for (const auto& row : p.heat) {
    for (int h = 0; h < 24; ++h) {
      if (row[static_cast<std::size_t>(h)] == 0) continue;
      first_hour = std::min(first_hour, h);
      last_hour = std::max(last_hour, h);
    }
  }
  if (last_hour < first_hour) {  // no hours and no arrivals: the whole day
    first_hour = 0;
    last_hour = 23;
  }
  static constexpr std::string_view kDays[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  static constexpr std::string_view kDayKeys[] = {"mo", "tu", "we", "th", "fr", "sa", "su"};
  Table t;
  t.key = "heat_map";
  t.title = "Arrivées par jour de la semaine et par heure";
  t.first_column = "Jour";
  for (int h = first_hour; h <= last_hour; ++h) {
    t.column_keys.push_back((h < 10 ? "h0" : "h") + std::to_string(h));
    t.columns.push_back(std::to_string(h) + std::string(kNnbsp) + "h");
  }
  for (std::size_t d = 0; d < 7; ++d) {
    TableRow row;
    row.key = kDayKeys[d];
    row.label = kDays[d];
    for (int h = first_hour; h <= last_hour; ++h) {
      const std::int64_t n = p.heat[d][static_cast<std::size_t>(h)];
      row.cells.push_back(count_value(n, n));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table themes_table(const PeriodData& p) {
  Table t;
  t.key = "themes";
  t.title = "Thèmes des accompagnements (fiches d’activité)";
  t.first_column = "Thème";
  t.column_keys = {"accompaniments"};
  t.columns = {"Accompagnements"};
  for (const auto list : {mediation::general_themes(), mediation::administrative_themes()}) {
    for (const auto& theme : list) {
      TableRow row;
      row.key = theme.code;
      row.label = theme.label;
      const auto it = p.themes.find(std::string(theme.code));
      const std::int64_t n = it == p.themes.end() ? 0 : it->second;
      row.cells.push_back(count_value(n, n));
      t.rows.push_back(std::move(row));
    }
  }
  // Most frequent first; ties keep the official order (general, then administrative).
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const TableRow& a, const TableRow& b) {
    return a.cells[0].number.value_or(0) > b.cells[0].number.value_or(0);
  });
  return t;
}

Table duration_table(const PeriodData& p) {
  Table t;
  t.key = "duration_bands";
  t.title = "Durée des accompagnements (fiches d’activité)";
  t.first_column = "Durée";
  t.column_keys = {"activities", "accompaniments"};
  t.columns = {"Fiches", "Accompagnements"};
  for (const auto& band : mediation::duration_band_choices()) {
    TableRow row;
    row.key = band.code;
    row.label = band.label;
    const auto it = p.bands.find(std::string(band.code));
    const Band b = it == p.bands.end() ? Band{} : it->second;
    row.cells = {count_value(b.activities, b.accompaniments), count_value(b.accompaniments, b.accompaniments)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table age_table(const PeriodData& p) {
  Table t;
  t.key = "age_brackets";
  t.title = "Âge des personnes accompagnées (fiches d’activité)";
  t.first_column = "Tranche d’âge";
  t.column_keys = {"accompaniments"};
  t.columns = {"Accompagnements"};
  for (const auto& bracket : mediation::age_bracket_choices()) {
    TableRow row;
    row.key = bracket.code;
    row.label = bracket.label;
    const auto it = p.ages.find(std::string(bracket.code));
    const std::int64_t n = it == p.ages.end() ? 0 : it->second;
    row.cells.push_back(count_value(n, n));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table visitor_age_table(const PeriodData& p, const std::unordered_map<std::int64_t, MemberInfo>& members) {
  std::map<AgeBracket, std::pair<std::int64_t, std::int64_t>> by_bracket;  // people, visits
  for (const auto& [id, visits] : p.all_member_visits) {
    const auto m = members.find(id);
    auto& cell = by_bracket[m == members.end() ? AgeBracket::Unknown : m->second.age];
    ++cell.first;
    cell.second += visits;
  }
  Table t;
  t.key = "visitor_age_brackets";
  t.title = "Âge des membres venus";
  t.first_column = "Tranche d’âge";
  t.column_keys = {"visitors", "visits"};
  t.columns = {"Membres", "Passages"};
  for (const AgeBracket a : {AgeBracket::Under12, AgeBracket::From12To18, AgeBracket::From18To35,
                             AgeBracket::From35To60, AgeBracket::From60To70, AgeBracket::Over70, AgeBracket::Unknown}) {
    TableRow row;
    row.key = to_string(a);
    row.label = age_bracket_label(a);
    const auto [people, visits] = by_bracket[a];
    row.cells = {people_value(people), count_value(visits, people)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

// One age scheme for the page: the brackets both sources can be put in. The
// members' brackets (« 18 à 35 ans », « 35 à 60 ans ») and the activity
// records' (the CRA's 18–24, 25–39, 40–59) only share the limits 12, 18, 60
// and 70, so the common scheme is: under 12, 12–17, 18–59, 60–69, 70 and over,
// not given. The detailed tables stay downloadable.
struct CommonAge {
  std::string_view key;
  std::string_view label;
};
constexpr CommonAge kCommonAges[] = {
    {"moins_de_12_ans", "Moins de 12 ans"}, {"12_17_ans", "12 à 17 ans"},         {"18_59_ans", "18 à 59 ans"},
    {"60_69_ans", "60 à 69 ans"},           {"70_ans_et_plus", "70 ans et plus"}, {"non_renseigne", "Non renseigné"},
};

std::size_t common_age(AgeBracket a) {
  switch (a) {
    case AgeBracket::Under12:
      return 0;
    case AgeBracket::From12To18:
      return 1;
    case AgeBracket::From18To35:
    case AgeBracket::From35To60:
      return 2;
    case AgeBracket::From60To70:
      return 3;
    case AgeBracket::Over70:
      return 4;
    case AgeBracket::Unknown:
      break;
  }
  return 5;
}

std::size_t common_age(std::string_view cra_code) {
  if (cra_code == "moins_de_12_ans") return 0;
  if (cra_code == "de_12_a_18_ans") return 1;
  if (cra_code == "de_18_a_24_ans" || cra_code == "de_25_a_39_ans" || cra_code == "de_40_a_59_ans") return 2;
  if (cra_code == "de_60_a_69_ans") return 3;
  if (cra_code == "plus_de_70_ans") return 4;
  return 5;
}

Table ages_table(const PeriodData& p, const std::unordered_map<std::int64_t, MemberInfo>& members) {
  struct Line {
    std::int64_t visitors = 0, visits = 0, accompaniments = 0;
  };
  std::array<Line, std::size(kCommonAges)> lines{};
  for (const auto& [id, visits] : p.all_member_visits) {
    const auto m = members.find(id);
    Line& line = lines[common_age(m == members.end() ? AgeBracket::Unknown : m->second.age)];
    ++line.visitors;
    line.visits += visits;
  }
  for (const auto& [code, n] : p.ages) lines[common_age(code)].accompaniments += n;
  Table t;
  t.key = "ages";
  t.title = "Âge des membres venus et des personnes accompagnées";
  t.first_column = "Tranche d’âge";
  t.column_keys = {"visitors", "visits", "accompaniments"};
  t.columns = {"Membres venus", "Passages des membres", "Accompagnements"};
  for (std::size_t i = 0; i < std::size(kCommonAges); ++i) {
    TableRow row;
    row.key = kCommonAges[i].key;
    row.label = kCommonAges[i].label;
    const Line& l = lines[i];
    row.cells = {people_value(l.visitors), count_value(l.visits, l.visitors),
                 count_value(l.accompaniments, l.accompaniments)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Home communes (INSEE codes): members' visits and distinct members (walk-ins
// have no commune), and accompaniments from the activity records.
Table communes_table(const PeriodData& p, const std::unordered_map<std::int64_t, MemberInfo>& members) {
  struct Line {
    std::int64_t visits = 0, visitors = 0, accompaniments = 0;
  };
  std::map<std::string, Line> lines;  // "" : not given
  for (const auto& [id, visits] : p.all_member_visits) {
    const auto m = members.find(id);
    Line& line = lines[m == members.end() ? "" : m->second.commune.value_or("")];
    line.visits += visits;
    ++line.visitors;
  }
  for (const auto& [code, n] : p.commune_accompaniments) lines[code].accompaniments += n;
  std::vector<std::pair<std::string, Line>> sorted(lines.begin(), lines.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    if (a.first.empty() != b.first.empty()) return b.first.empty();  // « non renseignée » last
    if (a.second.visitors != b.second.visitors) return a.second.visitors > b.second.visitors;
    return a.second.accompaniments > b.second.accompaniments;
  });
  Table t;
  t.key = "communes";
  t.title = "Communes de résidence";
  t.first_column = "Commune (code INSEE)";
  t.column_keys = {"visits", "visitors", "accompaniments"};
  t.columns = {"Passages des membres", "Membres", "Accompagnements"};
  for (const auto& [code, line] : sorted) {
    TableRow row;
    row.key = code.empty() ? "non_renseignee" : code;
    const auto name = code.empty() ? std::nullopt : commune_name(code);
    row.label = code.empty() ? std::string("Non renseignée") : name ? std::string(*name) + " (" + code + ")" : code;
    row.cells = {count_value(line.visits, line.visitors), people_value(line.visitors),
                 count_value(line.accompaniments, line.accompaniments)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table sites_table(const PeriodData& p, const std::vector<SiteInfo>& sites) {
  static constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
      {"visits", "Passages"},
      {"unique_visitors", "Membres venus"},
      {"walk_ins", "Passages anonymes"},
      {"new_members", "Nouveaux membres"},
      {"average_visit_minutes", "Durée moyenne"},
      {"desk_utilisation", "Utilisation des bureaux"},
      {"room_utilisation", "Utilisation de la salle visio"},
      {"no_show_rate", "Réservations non honorées"},
      {"accompaniments", "Accompagnements"},
      {"people_helped", "Personnes accompagnées"},
  };
  Table t;
  t.key = "sites";
  t.title = "Par lieu";
  t.first_column = "Lieu";
  for (const auto& [key, header] : kColumns) {
    t.column_keys.emplace_back(key);
    t.columns.emplace_back(header);
  }
  for (const auto& site : sites) {
    const ScopeFigures f = scope_figures(p, site.id);
    TableRow row;
    row.key = std::to_string(site.id);
    row.label = site.name;
    for (const auto& [key, header] : kColumns) row.cells.push_back(f.values.at(std::string(key)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

//-----------------------------------------------------------------------------
// [SECTION] Freshness
//-----------------------------------------------------------------------------

std::vector<SiteFreshness> freshness(store::Database& db, const std::vector<SiteInfo>& sites, const Period& period,
                                     Instant now) {
  const Instant period_end = paris_day_start(add_days(period.last, 1));
  std::vector<SiteFreshness> out;
  for (const auto& site : sites) {
    SiteFreshness f;
    f.site_id = site.id;
    f.site_name = site.name;
    bool any = false;
    bool never = false;
    for (const KioskSync& kiosk : active_kiosk_syncs(db, site.id)) {
      const auto sync = kiosk.last_sync_at ? parse_iso_utc(*kiosk.last_sync_at) : std::nullopt;
      if (never) continue;  // a kiosk that never synced is the stalest there is
      if (!sync) {
        never = true;
        f.kiosk_name = kiosk.name;
        f.last_sync.reset();
      } else if (!any || (f.last_sync && *sync < *f.last_sync)) {
        f.kiosk_name = kiosk.name;
        f.last_sync = sync;
      }
      any = true;
    }
    // No active kiosk: nothing to wait for.
    f.incomplete = never || (any && f.last_sync && now - *f.last_sync > kStaleSync && period_end > *f.last_sync);
    out.push_back(std::move(f));
  }
  return out;
}

std::unordered_map<std::int64_t, MemberInfo> load_members(store::Database& db) {
  std::unordered_map<std::int64_t, MemberInfo> out;
  for (auto& profile : member_profiles(db)) {
    MemberInfo m;
    m.site_id = profile.site_id;
    m.commune = std::move(profile.home_commune);
    if (m.commune && m.commune->empty()) m.commune.reset();
    m.age = parse_age_bracket(profile.age_bracket).value_or(AgeBracket::Unknown);
    const auto roles = roles_from_text(profile.roles);
    m.staff = std::any_of(roles.begin(), roles.end(), [](Role r) { return r != Role::Member; });
    const auto created = parse_iso_utc(profile.created_at);
    m.first_trace = created ? paris_date(*created) : profile.created_at.substr(0, 10);
    if (profile.first_visit_day && *profile.first_visit_day < m.first_trace) m.first_trace = *profile.first_visit_day;
    out.emplace(profile.id, std::move(m));
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] JSON
//-----------------------------------------------------------------------------

std::string_view unit_name(Unit u) {
  switch (u) {
    case Unit::Count:
      return "count";
    case Unit::People:
      return "people";
    case Unit::Percent:
      return "percent";
    case Unit::Minutes:
      return "minutes";
    case Unit::Hours:
      return "hours";
  }
  return "count";
}

std::string_view kind_name(PeriodKind k) {
  switch (k) {
    case PeriodKind::Month:
      return "month";
    case PeriodKind::Quarter:
      return "quarter";
    case PeriodKind::Year:
      return "year";
    case PeriodKind::Custom:
      return "custom";
  }
  return "custom";
}

nlohmann::json value_json(const Value& v) {
  if (v.masked) return "< 5";
  if (!v.number) return nullptr;
  if (v.unit == Unit::Count || v.unit == Unit::People) return std::llround(*v.number);
  return std::round(*v.number * 10.0) / 10.0;  // one decimal, as shown
}

nlohmann::json period_json(const Period& p) {
  return {{"kind", kind_name(p.kind)},   {"first", to_iso_date(p.first)},
          {"last", to_iso_date(p.last)}, {"days", day_count(p)},
          {"label", label(p)},           {"text", to_text(p)}};
}

}  // namespace

Result<Dashboard> compute_dashboard(store::Database& db, const DashboardQuery& q) {
  if (q.period.last < q.period.first) return Error{"La période finit avant de commencer."};
  if (day_count(q.period) > kMaxPeriodDays) {
    return Error{"Période trop longue\u202F: " + std::to_string(kMaxPeriodDays) +
                 " jours au plus. Découpez la demande."};
  }
  const Period previous = comparable_previous(q.period, paris_civil_date(q.now));
  // Bring the rollups of both periods up to date (nothing to do, usually).
  // A read-only connection cannot: it reads what serve's minute job refreshed.
  try {
    refresh_stats(db, q.now, q.site_id, to_iso_date(previous.first), to_iso_date(q.period.last));
  } catch (const store::StoreError& e) {
    if ((e.code() & 0xff) != SQLITE_READONLY) throw;
  }

  ReadSnapshot snapshot(db);
  std::vector<SiteInfo> sites;
  for (const auto& site : site_summaries(db, q.site_id))
    sites.push_back(SiteInfo{site.id, site.name, OpeningHours::parse(site.opening_hours)});
  if (q.site_id && sites.empty()) {
    return Error{"Le lieu n° " + std::to_string(*q.site_id) + " n’existe pas" +
                 "\u202F: choisissez un lieu de la liste, ou tous les lieux."};
  }
  const auto members = load_members(db);
  const PeriodData current = read_period(db, sites, members, q.period);
  const PeriodData before = read_period(db, sites, members, previous);

  Dashboard d;
  d.site_id = q.site_id;
  d.scope_name = q.site_id ? sites.front().name : "Tous les lieux";
  d.period = q.period;
  d.previous = previous;
  d.figures = make_figures(scope_figures(current, q.site_id), scope_figures(before, q.site_id));
  d.tables.push_back(visits_by_day(current, paris_date(q.now)));
  d.tables.push_back(heat_map(current, sites));
  d.tables.push_back(themes_table(current));
  d.tables.push_back(duration_table(current));
  d.tables.push_back(age_table(current));
  d.tables.push_back(visitor_age_table(current, members));
  d.tables.push_back(ages_table(current, members));
  d.tables.push_back(communes_table(current, members));
  if (!q.site_id) d.tables.push_back(sites_table(current, sites));
  d.freshness = freshness(db, sites, q.period, q.now);
  return d;
}

const Figure* find_figure(const Dashboard& d, std::string_view key) {
  const auto it = std::find_if(d.figures.begin(), d.figures.end(), [&](const Figure& f) { return f.key == key; });
  return it == d.figures.end() ? nullptr : &*it;
}

const Table* find_table(const Dashboard& d, std::string_view key) {
  const auto it = std::find_if(d.tables.begin(), d.tables.end(), [&](const Table& t) { return t.key == key; });
  return it == d.tables.end() ? nullptr : &*it;
}

std::string dashboard_json(const Dashboard& d) {
  nlohmann::json figures = nlohmann::json::array();
  for (const auto& f : d.figures) {
    figures.push_back({{"key", f.key},
                       {"label", f.label},
                       {"unit", unit_name(f.current.unit)},
                       {"current", value_json(f.current)},
                       {"previous", value_json(f.previous)},
                       {"note", f.note},
                       {"better", f.better == Better::Up     ? "up"
                                  : f.better == Better::Down ? "down"
                                                             : "neither"}});
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& t : d.tables) {
    nlohmann::json columns = nlohmann::json::array();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      columns.push_back({{"key", i < t.column_keys.size() ? t.column_keys[i] : ""}, {"label", t.columns[i]}});
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) {
      nlohmann::json cells = nlohmann::json::array();
      for (const auto& c : r.cells) cells.push_back(value_json(c));
      rows.push_back({{"key", r.key}, {"label", r.label}, {"cells", std::move(cells)}});
    }
    tables.push_back({{"key", t.key},
                      {"title", t.title},
                      {"first_column", t.first_column},
                      {"columns", std::move(columns)},
                      {"rows", std::move(rows)}});
  }
  nlohmann::json fresh = nlohmann::json::array();
  for (const auto& f : d.freshness) {
    fresh.push_back({{"site_id", f.site_id},
                     {"site_name", f.site_name},
                     {"kiosk_name", f.kiosk_name},
                     {"last_sync", f.last_sync ? nlohmann::json(to_iso_utc(*f.last_sync)) : nlohmann::json(nullptr)},
                     {"incomplete", f.incomplete}});
  }
  nlohmann::json doc = {{"site_id", d.site_id ? nlohmann::json(*d.site_id) : nlohmann::json(nullptr)},
                        {"scope_name", d.scope_name},
                        {"period", period_json(d.period)},
                        {"previous", period_json(d.previous)},
                        {"figures", std::move(figures)},
                        {"tables", std::move(tables)},
                        {"freshness", std::move(fresh)}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace escale::server::reports
