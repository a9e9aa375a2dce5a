// The dashboard's metrics (see dashboard_metrics.hpp; every definition in
// docs/METRICS.md): pure functions over a period's rows.
//
// [SECTION] Values
// [SECTION] Sites and members
// [SECTION] Adding up a period
// [SECTION] Mediation
// [SECTION] Figures of a scope
// [SECTION] Tables' numbers
// [SECTION] Freshness
#include "reports/dashboard_metrics.hpp"

#include <date/date.h>

#include <algorithm>
#include <cmath>

#include "booking/booking.hpp"  // add_days, iso_weekday, paris_day_start(CivilDate)
#include "mediation/activity.hpp"
#include "mediation/partners.hpp"

namespace escale::server::reports {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Values
//-----------------------------------------------------------------------------

double as_double(std::int64_t n) {
  return static_cast<double>(n);
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

int day_index(const CivilDate& first, const CivilDate& d) {
  const auto days = [](const CivilDate& c) {
    return date::sys_days{date::year{c.year} / c.month / c.day}.time_since_epoch().count();
  };
  return static_cast<int>(days(d) - days(first));
}

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

}  // namespace

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

Value no_data(Unit unit) {
  Value v;
  v.unit = unit;
  return v;
}

//-----------------------------------------------------------------------------
// [SECTION] Sites and members
//-----------------------------------------------------------------------------

std::vector<SiteInfo> site_infos(const std::vector<SiteSummary>& sites) {
  std::vector<SiteInfo> out;
  for (const auto& site : sites) out.push_back(SiteInfo{site.id, site.name, OpeningHours::parse(site.opening_hours)});
  return out;
}

Members member_infos(const std::vector<MemberProfile>& profiles) {
  Members out;
  for (const auto& profile : profiles) {
    MemberInfo m;
    m.site_id = profile.site_id;
    m.commune = profile.home_commune;
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
// [SECTION] Adding up a period
//-----------------------------------------------------------------------------

void Tally::add(const DayRollup& r) {
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

std::int64_t PeriodData::unique_members(std::optional<std::int64_t> site) const {
  if (!site) return static_cast<std::int64_t>(all_member_visits.size());
  const auto it = member_visits.find(*site);
  return it == member_visits.end() ? 0 : static_cast<std::int64_t>(it->second.size());
}

namespace {

void add_rollups(const PeriodRows& rows, PeriodData& p) {
  const int n = day_count(p.period);
  p.days.assign(static_cast<std::size_t>(n), DayLine{});
  p.moments.assign(static_cast<std::size_t>(n) * kSamplesPerDay, {0, 0});
  for (const auto& site : rows.sites) {
    Tally& tally = p.by_site[site.site_id];
    for (const DayRollup& r : site.days) {
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

void add_member_visits(const PeriodRows& rows, PeriodData& p) {
  for (const auto& site : rows.sites) {
    auto& visits = p.member_visits[site.site_id];
    visits = site.member_visits;
    for (const auto& [member, count] : visits) p.all_member_visits[member] += count;
  }
}

// The network: which sites each member used in the period (the scope's
// sites and, for a one-site dashboard, the others), against their home site.
void add_network(const PeriodRows& rows, const Members& members, PeriodData& p) {
  // The first site a member was seen at, and whether they used another one.
  struct Used {
    std::int64_t site = 0;
    bool several = false;
  };
  std::unordered_map<std::int64_t, Used> used;
  used.reserve(p.all_member_visits.size());
  const auto note = [&used](std::int64_t member, std::int64_t site) {
    const auto [it, fresh] = used.try_emplace(member, Used{site, false});
    if (!fresh && it->second.site != site) it->second.several = true;
  };
  for (const auto& site : rows.sites) {
    for (const auto& [member, visits] : site.member_visits) {
      if (visits > 0) note(member, site.site_id);
    }
  }
  for (const auto& [site, member_visits] : rows.other_sites) {
    for (const auto& [member, visits] : member_visits) {
      if (visits > 0) note(member, site);
    }
  }
  const auto home_of = [&members](std::int64_t member) -> std::optional<std::int64_t> {
    const auto it = members.find(member);
    if (it == members.end()) return std::nullopt;  // no profile: the home site is unknown
    return it->second.site_id;
  };
  for (const auto& site : rows.sites) {
    std::int64_t& from_other = p.from_other_sites[site.site_id];
    std::int64_t& several = p.several_sites[site.site_id];
    auto& homes = p.by_home_site[site.site_id];
    for (const auto& [member, visits] : site.member_visits) {
      if (visits <= 0) continue;
      if (const auto home = home_of(member)) {
        ++homes[*home];
        if (*home != site.site_id) ++from_other;
      }
      if (used.at(member).several) ++several;
    }
  }
  for (const auto& [member, visits] : p.all_member_visits) {
    const auto it = used.find(member);
    if (it == used.end()) continue;  // no visit (a count of zero)
    const Used& u = it->second;
    if (u.several) ++p.all_several_sites;
    // Two sites or more: one of them is not the home site. One site: is it?
    const auto home = home_of(member);
    if (u.several || (home && *home != u.site)) ++p.all_from_other_sites;
  }
}

void count_new_members(const std::vector<SiteInfo>& sites, const Members& members, PeriodData& p) {
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
void add_mediation(const PeriodRows& rows, PeriodData& p) {
  const int n = static_cast<int>(p.days.size());
  auto add_to_day = [&](const std::string& iso, std::int64_t count) {
    const auto d = parse_iso_date(iso);
    if (!d) return;
    const int index = day_index(p.period.first, *d);
    if (index >= 0 && index < n) p.days[static_cast<std::size_t>(index)].accompaniments += count;
  };
  for (const auto& site : rows.sites) {
    Mediation& m = p.mediation[site.site_id];
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
    for (const SeenParticipant& seen : site.seen) {
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
    for (const ActivityFacts& record : site.activities) {
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
      const std::string month = date.substr(0, 7);
      for (const auto code : mediation::partners_counted(split_bars(record.partners), themes))
        p.partners[std::string(code)][month] += participants;
      if (record.cheques > 0) {
        auto& c = p.cheques[month];
        c.cheques += record.cheques;
        c.accompaniments += participants;
      }
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

}  // namespace

PeriodData period_data(const Period& period, const PeriodRows& rows, const std::vector<SiteInfo>& sites,
                       const Members& members) {
  PeriodData p;
  p.period = period;
  p.first = to_iso_date(period.first);
  p.last = to_iso_date(period.last);
  add_rollups(rows, p);
  add_member_visits(rows, p);
  add_network(rows, members, p);
  count_new_members(sites, members, p);
  add_mediation(rows, p);
  return p;
}

//-----------------------------------------------------------------------------
// [SECTION] Figures of a scope
//-----------------------------------------------------------------------------

std::map<std::string, Value> scope_values(const PeriodData& p, std::optional<std::int64_t> site) {
  const Tally& t = site ? p.by_site.at(*site) : p.total;
  const Mediation& m = site ? p.mediation.at(*site) : p.all_mediation;
  const std::int64_t unique = p.unique_members(site);
  std::int64_t new_members = 0;
  for (const auto& [id, count] : p.new_members) {
    if (!site || id == *site) new_members += count;
  }
  // The people behind the visits: distinct members, each walk-in one person.
  const std::int64_t visit_people = unique + t.walk_ins;
  std::map<std::string, Value> v;
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
  const auto at_site = [&site](const std::map<std::int64_t, std::int64_t>& by_site) -> std::int64_t {
    const auto it = by_site.find(*site);
    return it == by_site.end() ? 0 : it->second;
  };
  v["network_visitors"] = people_value(site ? at_site(p.from_other_sites) : p.all_from_other_sites);
  v["multi_site_members"] = people_value(site ? at_site(p.several_sites) : p.all_several_sites);
  return v;
}

//-----------------------------------------------------------------------------
// [SECTION] Tables' numbers
//-----------------------------------------------------------------------------

std::pair<int, int> heat_hours(const PeriodData& p, const std::vector<SiteInfo>& sites) {
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
  if (last_hour < first_hour) return {0, 23};  // no hours and no arrivals: the whole day
  return {first_hour, last_hour};
}

std::map<AgeBracket, std::pair<std::int64_t, std::int64_t>> visitors_by_age(const PeriodData& p,
                                                                            const Members& members) {
  std::map<AgeBracket, std::pair<std::int64_t, std::int64_t>> by_bracket;  // people, visits
  for (const auto& [id, visits] : p.all_member_visits) {
    const auto m = members.find(id);
    auto& cell = by_bracket[m == members.end() ? AgeBracket::Unknown : m->second.age];
    ++cell.first;
    cell.second += visits;
  }
  return by_bracket;
}

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
  // La Coop's codes (schema 10 rewrote the older ones).
  if (cra_code == "moins_de_douze") return 0;
  if (cra_code == "douze_dix_huit") return 1;
  if (cra_code == "dix_huit_vingt_quatre" || cra_code == "vingt_cinq_trente_neuf" ||
      cra_code == "quarante_cinquante_neuf")
    return 2;
  if (cra_code == "soixante_soixante_neuf") return 3;
  if (cra_code == "soixante_dix_plus") return 4;
  return 5;
}

std::array<AgeLine, kCommonAgeGroups> age_lines(const PeriodData& p, const Members& members) {
  std::array<AgeLine, kCommonAgeGroups> lines{};
  for (const auto& [id, visits] : p.all_member_visits) {
    const auto m = members.find(id);
    AgeLine& line = lines[common_age(m == members.end() ? AgeBracket::Unknown : m->second.age)];
    ++line.visitors;
    line.visits += visits;
  }
  for (const auto& [code, n] : p.ages) lines[common_age(code)].accompaniments += n;
  return lines;
}

std::vector<CommuneLine> commune_lines(const PeriodData& p, const Members& members) {
  std::map<std::string, CommuneLine> lines;  // "" : not given
  for (const auto& [id, visits] : p.all_member_visits) {
    const auto m = members.find(id);
    CommuneLine& line = lines[m == members.end() ? "" : m->second.commune.value_or("")];
    line.visits += visits;
    ++line.visitors;
  }
  for (const auto& [code, n] : p.commune_accompaniments) lines[code].accompaniments += n;
  std::vector<CommuneLine> sorted;
  for (auto& [code, line] : lines) {
    line.code = code;
    sorted.push_back(line);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const CommuneLine& a, const CommuneLine& b) {
    if (a.code.empty() != b.code.empty()) return b.code.empty();  // « non renseignée » last
    if (a.visitors != b.visitors) return a.visitors > b.visitors;
    return a.accompaniments > b.accompaniments;
  });
  return sorted;
}

//-----------------------------------------------------------------------------
// [SECTION] Freshness
//-----------------------------------------------------------------------------

std::vector<SiteFreshness> freshness(const std::vector<SiteInfo>& sites,
                                     const std::map<std::int64_t, std::vector<KioskSync>>& kiosks, const Period& period,
                                     Instant now) {
  static const std::vector<KioskSync> kNone;
  const Instant period_end = paris_day_start(add_days(period.last, 1));
  std::vector<SiteFreshness> out;
  for (const auto& site : sites) {
    SiteFreshness f;
    f.site_id = site.id;
    f.site_name = site.name;
    bool any = false;
    bool never = false;
    const auto found = kiosks.find(site.id);
    for (const KioskSync& kiosk : found == kiosks.end() ? kNone : found->second) {
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

}  // namespace escale::server::reports
