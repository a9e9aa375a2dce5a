// The seeded activity generator (see activity_generator.hpp).
//
// [SECTION] Opening hours, written twice
// [SECTION] Randomness and ids
// [SECTION] The writer: prepared statements
// [SECTION] Sites, members, kiosks
// [SECTION] One day of one site
// [SECTION] generate_activity
#include "demo/activity_generator.hpp"

#include <date/date.h>

#include <algorithm>
#include <random>
#include <set>
#include <span>

#include "booking/booking.hpp"  // add_days, iso_weekday, paris_day_start(CivilDate)
#include "domain/uuid.hpp"
#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "store/synthetic_data.hpp"

namespace escale::server {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

//-----------------------------------------------------------------------------
// [SECTION] Opening hours, written twice
//-----------------------------------------------------------------------------

// Each site gets one of these weekly schedules: its OSM text goes into
// sites.opening_hours (what the engine reads); the generator itself keeps
// to the hand-written minutes beside it, so the known open time does not
// come from the parser it checks.
struct Range {
  int start = 0;  // minutes after Paris midnight
  int end = 0;
};
struct Schedule {
  std::string_view osm;
  std::array<std::vector<Range>, 7> week;     // Monday first
  std::optional<std::vector<Range>> holiday;  // nullopt: public holidays follow the weekday
};

const std::vector<Schedule>& schedules() {
  static const std::vector<Schedule> all = [] {
    std::vector<Schedule> out;
    const std::vector<Range> office{{8 * 60 + 30, 12 * 60 + 30}, {13 * 60 + 30, 18 * 60}};
    Schedule a;
    a.osm = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";
    for (int d = 0; d < 5; ++d) a.week[static_cast<std::size_t>(d)] = office;
    a.week[5] = {{9 * 60, 12 * 60}};
    a.holiday = std::vector<Range>{};
    out.push_back(a);
    Schedule b;
    b.osm = "Tu-Sa 09:00-19:00; PH off";
    for (int d = 1; d < 6; ++d) b.week[static_cast<std::size_t>(d)] = {{9 * 60, 19 * 60}};
    b.holiday = std::vector<Range>{};
    out.push_back(b);
    Schedule c;
    c.osm = "Mo-Fr 09:00-17:00";  // no PH rule: open on public holidays that fall on weekdays
    for (int d = 0; d < 5; ++d) c.week[static_cast<std::size_t>(d)] = {{9 * 60, 17 * 60}};
    out.push_back(c);
    Schedule e;
    e.osm = "Mo-Su 07:00-22:00; PH 10:00-16:00";
    for (int d = 0; d < 7; ++d) e.week[static_cast<std::size_t>(d)] = {{7 * 60, 22 * 60}};
    e.holiday = std::vector<Range>{{10 * 60, 16 * 60}};
    out.push_back(e);
    return out;
  }();
  return all;
}

const std::vector<Range>& ranges_of(const Schedule& s, const CivilDate& day) {
  if (s.holiday && is_french_public_holiday(day)) return *s.holiday;
  return s.week[static_cast<std::size_t>(iso_weekday(day) - 1)];
}

Instant wall(const CivilDate& day, int minute_of_day, int second = 0) {
  return from_paris(day.year, day.month, day.day, minute_of_day / 60, minute_of_day % 60, second);
}

// Minutes of [start, end) (wall-clock minutes of `day`) inside the ranges, in real time.
std::int64_t minutes_inside(const CivilDate& day, int start, int end, const std::vector<Range>& ranges) {
  std::int64_t total = 0;
  for (const Range& r : ranges) {
    const int from = std::max(start, r.start);
    const int to = std::min(end, r.end);
    if (from < to) total += std::chrono::duration_cast<minutes>(wall(day, to) - wall(day, from)).count();
  }
  return total;
}

//-----------------------------------------------------------------------------
// [SECTION] Randomness and ids
//-----------------------------------------------------------------------------

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : rng_(seed) {}
  double coin() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
  bool chance(double p) { return coin() < p; }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }  // inclusive
  int poisson(double mean) { return mean <= 0 ? 0 : std::poisson_distribution<int>(mean)(rng_); }
  template <typename T>
  const T& pick(std::span<const T> values) {
    return values[static_cast<std::size_t>(between(0, static_cast<int>(values.size()) - 1))];
  }
  // A version-4 UUID drawn from the seed (deterministic, unlike make_uuid_v4).
  std::string uuid() {
    const std::uint64_t hi = rng_();
    const std::uint64_t lo = rng_();
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < 8; ++i) {
      bytes[i] = static_cast<std::uint8_t>(hi >> (8 * i));
      bytes[8 + i] = static_cast<std::uint8_t>(lo >> (8 * i));
    }
    return uuid_v4_from(bytes);
  }
  std::string hex(std::size_t bytes) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
      const auto b = static_cast<unsigned>(rng_() & 0xFF);
      out += kHex[b >> 4];
      out += kHex[b & 0x0F];
    }
    return out;
  }

 private:
  std::mt19937_64 rng_;
};

constexpr std::array<std::string_view, 6> kCommunes{"21425", "21154", "21464", "21603", "21231", "21054"};
constexpr std::array<std::string_view, 7> kMemberAges{"unknown", "under_12", "12_18",  "18_35",
                                                      "35_60",   "60_70",    "over_70"};
constexpr std::array<std::string_view, 12> kFirstNames{"Josiane", "Lucien", "Monique", "Gérard", "Colette", "Mehdi",
                                                       "Sylvie",  "Yvon",   "Odile",   "Marcel", "Fatou",   "Kévin"};
constexpr std::array<std::string_view, 10> kLastNames{"Dupont", "Martin", "Bernard", "Petit",   "Durand",
                                                      "Leroy",  "Moreau", "Girard",  "Garnier", "Faure"};

//-----------------------------------------------------------------------------
// [SECTION] Sites, members, kiosks
//-----------------------------------------------------------------------------

struct Person {  // someone a mediator helps who is not a member
  std::string first_name;
  std::string phone;  // E.164, as the store normalises it
};

struct SiteState {
  std::size_t index = 0;
  const Schedule* schedule = nullptr;
  std::int64_t kiosk = 0;
  std::int64_t individual_type = 0;
  std::int64_t workshop_type = 0;
  struct MemberState {
    std::int64_t id = 0;
    std::string badge;
    double habit = 0;      // chance of a visit on an open day
    CivilDate registered;  // no visit before
  };
  std::vector<MemberState> members;
  std::vector<Person> pool;  // the people helped who are not members
};

// Days from `from` to `to`.
int day_offset(const CivilDate& from, const CivilDate& to) {
  const auto days = [](const CivilDate& c) {
    return date::sys_days{date::year{c.year} / c.month / c.day}.time_since_epoch().count();
  };
  return static_cast<int>(days(to) - days(from));
}

std::string iso(Instant t) {
  return to_iso_utc(t);
}

// One site with its resources, mediator, appointment types, members and kiosks.
SiteState make_site(store::Database& db, Dice& dice, const ActivityOptions& o, std::size_t index, Instant now,
                    KnownAnswers& known) {
  SiteState s;
  s.index = index;
  s.schedule = &schedules()[index % schedules().size()];
  const Instant before = paris_day_start(add_days(o.first_day, -400));
  KnownSite k;
  k.name = "Tiers-lieu n° " + std::to_string(index + 1);
  k.opening_hours = std::string(s.schedule->osm);
  k.id = synthetic::insert_site(db, k.name, "1 place de la Mairie", kCommunes[index % kCommunes.size()],
                                k.opening_hours, iso(before));
  for (int d = 0; d < o.desks_per_site; ++d)
    k.desks.push_back(synthetic::insert_desk(db, k.id, "Bureau " + std::to_string(d + 1)));
  k.room = synthetic::insert_visio_room(db, k.id, "Salle visio");

  auto add_member = [&](const std::string& roles, Instant created, const std::optional<std::string>& commune,
                        std::string_view age) {
    // The two names drawn within one call, as before (the same seed gives the same people).
    return synthetic::insert_member(db, k.id, std::string(dice.pick<std::string_view>(kFirstNames)),
                                    std::string(dice.pick<std::string_view>(kLastNames)), commune, age, roles,
                                    iso(created));
  };
  k.mediator = add_member("member,animator,mediator", before, std::string(kCommunes[0]), "35_60");
  for (int m = 0; m < o.members_per_site; ++m) {
    SiteState::MemberState member;
    // Two in three joined before the generated days, the others during them.
    const bool already = dice.chance(2.0 / 3.0);
    member.registered =
        already ? add_days(o.first_day, -dice.between(1, 400)) : add_days(o.first_day, dice.between(0, o.days - 1));
    const Instant created = wall(member.registered, 10 * 60, dice.between(0, 59));
    std::optional<std::string> commune;
    if (dice.chance(0.85)) commune = std::string(dice.pick<std::string_view>(kCommunes));
    member.id = add_member("member", created, commune, dice.pick<std::string_view>(kMemberAges));
    // One in five a regular (three times the intensity, at most 0.95), the
    // others occasional, so that the mean habit is the intensity.
    const double regular = std::min(0.95, 3.0 * o.visit_intensity);
    const double occasional = std::clamp((o.visit_intensity - 0.2 * regular) / 0.8, 0.0, 0.95);
    member.habit = dice.chance(0.2) ? regular : occasional;
    member.badge = dice.hex(4);
    synthetic::insert_badge_unless_taken(db, member.badge, member.id, iso(created));
    s.members.push_back(member);
    k.members.push_back(member.id);
    if (!already && o.keep_known) {
      const int d = day_offset(o.first_day, member.registered);
      if (d >= 0 && d < o.days)
        ++known.days[index * static_cast<std::size_t>(o.days) + static_cast<std::size_t>(d)].new_members;
    }
  }
  for (int p = 0; p < 30; ++p) {
    s.pool.push_back(Person{std::string(kFirstNames[static_cast<std::size_t>(p) % kFirstNames.size()]),
                            "+3360000" + std::to_string(1000 + index * 100 + static_cast<std::size_t>(p))});
  }

  // The kiosk at the entrance, and a revoked one that stopped long ago (ignored).
  k.stale = o.stale_site && static_cast<std::size_t>(*o.stale_site) == index;
  const Instant last_sync = k.stale ? now - std::chrono::hours(3) : now - std::chrono::minutes(5);
  s.kiosk = synthetic::insert_entrance_kiosk(db, k.id, dice.hex(32), iso(before), iso(last_sync));
  synthetic::insert_revoked_kiosk(db, k.id, dice.hex(32), iso(before), iso(before + std::chrono::hours(24 * 30)),
                                  iso(before + std::chrono::hours(24 * 29)));

  s.individual_type = synthetic::insert_online_help_type(db, k.id);
  s.workshop_type = synthetic::insert_email_workshop_type(db, k.id);
  known.sites.push_back(std::move(k));
  return s;
}

//-----------------------------------------------------------------------------
// [SECTION] One day of one site
//-----------------------------------------------------------------------------

struct DayWriter {
  store::Database& db;
  Dice& dice;
  const ActivityOptions& o;
  const KnownSite& site;
  SiteState& state;
  Instant now;
  KnownDay* known;  // null when not tallying
  std::int64_t* bookings_written;
  std::int64_t* appointments_written;
  std::int64_t* activities_written;
  std::int64_t* visits_written;

  CivilDate known_day;
  std::string date;
  std::vector<Range> ranges;

  // A random moment inside the opening ranges, weighted by their length,
  // at least `room` minutes before the range's end; in whole seconds.
  std::pair<int, int> moment(int room) {
    int total = 0;
    for (const Range& r : ranges) total += std::max(0, r.end - r.start - room);
    int pick = dice.between(0, std::max(0, total - 1));
    for (const Range& r : ranges) {
      const int span = std::max(0, r.end - r.start - room);
      if (pick < span) return {r.start + pick, dice.between(0, 59)};
      pick -= span;
    }
    return {ranges.front().start, 0};
  }

  void visit(std::optional<std::size_t> member) {
    const auto [minute, second] = moment(15);
    const Instant in = wall(known_day, minute, second);
    std::optional<Instant> out;
    if (!dice.chance(0.06)) {  // most people badge on leaving
      const int stay = dice.between(10, 240);
      out = in + minutes(stay) + seconds(dice.between(0, 59));
    }
    std::optional<std::int64_t> member_id;
    std::optional<std::string> badge;
    if (member) {
      member_id = state.members[*member].id;
      badge = state.members[*member].badge;
    }
    synthetic::insert_visit(db, dice.uuid(), site.id, member_id, state.kiosk, badge, iso(in),
                            out ? std::optional<std::string>(iso(*out)) : std::nullopt, date, member ? 0 : 1);
    ++*visits_written;
    if (!known) return;
    ++known->visits;
    if (member_id) {
      ++known->member_visits;
      known->members.push_back(*member_id);
    } else {
      ++known->walk_ins;
    }
    ++known->check_ins_by_hour[static_cast<std::size_t>(to_paris(in).hour)];
    ++known->timed_visits;
    if (out) {
      known->visit_seconds += std::chrono::duration_cast<seconds>(*out - in).count();
    } else {
      ++known->auto_closed;  // closed at the day's last closing time, after the check-in
      known->visit_seconds += std::chrono::duration_cast<seconds>(wall(known_day, ranges.back().end) - in).count();
    }
  }

  void visits() {
    for (std::size_t m = 0; m < state.members.size(); ++m) {
      const auto& member = state.members[m];
      if (known_day < member.registered || !dice.chance(member.habit)) continue;
      visit(m);
      if (dice.chance(0.08)) visit(m);  // back in the afternoon
    }
    const int walk_ins = dice.poisson(0.1 * o.visit_intensity * static_cast<double>(o.members_per_site));
    for (int w = 0; w < walk_ins; ++w) visit(std::nullopt);
  }

  void booking(std::int64_t resource, bool desk, int start, int end) {
    const Instant from = wall(known_day, start);
    const Instant to = wall(known_day, end);
    const bool past = from < now;
    std::string status;
    const double roll = dice.coin();
    if (past) {
      status = roll < 0.75 ? "checked_in" : roll < 0.88 ? "no_show" : roll < 0.97 ? "cancelled" : "refused";
    } else {
      status = roll < 0.9 ? "confirmed" : "cancelled";
    }
    const auto& member =
        state.members[static_cast<std::size_t>(dice.between(0, static_cast<int>(state.members.size()) - 1))];
    const Instant created = from - std::chrono::hours(dice.between(2, 24 * 10));
    std::optional<std::string> checked_in;
    if (status == "checked_in") checked_in = iso(from + minutes(dice.between(-30, 10)));
    std::optional<std::string> refusal;
    if (status == "refused") refusal = "daily_limit";
    synthetic::insert_booking(db, dice.uuid(), site.id, resource, member.id, iso(from), iso(to), date, status, refusal,
                              state.kiosk, iso(created),
                              iso(status == "checked_in" || status == "no_show" ? from : created), checked_in);
    ++*bookings_written;
    if (!known) return;
    const bool held = status == "confirmed" || status == "checked_in";
    if ((held || status == "no_show") && from <= now) ++known->bookings_started;
    if (status == "no_show") ++known->no_shows;
    if (!held) return;
    const std::int64_t inside = minutes_inside(known_day, start, end, ranges);
    if (desk) {
      known->desk_booked_minutes += inside;
      if (inside > 0) known->booked_desks.push_back(resource);
    } else {
      known->room_booked_minutes += inside;
      if (status == "checked_in") known->room_used_minutes += inside;
    }
  }

  // Desks by the day, by an opening range or by a two-hour block; the visio
  // room by the hour. Never two held bookings of one resource at once.
  void bookings() {
    const int open = ranges.front().start;
    const int close = ranges.back().end;
    for (const std::int64_t desk : site.desks) {
      if (!dice.chance(0.55)) continue;
      const double kind = dice.coin();
      if (kind < 0.35) {
        booking(desk, true, open, close);
      } else if (kind < 0.7) {
        const Range& r = ranges[static_cast<std::size_t>(dice.between(0, static_cast<int>(ranges.size()) - 1))];
        booking(desk, true, r.start, r.end);
      } else {
        const Range& r = ranges.front();
        const int slots = (r.end - r.start - 120) / 30;
        if (slots < 0) continue;
        const int start = r.start + 30 * dice.between(0, slots);
        booking(desk, true, start, start + 120);
        if (r.end - (start + 120) >= 120 && dice.chance(0.5)) booking(desk, true, r.end - 120, r.end);
      }
    }
    // The visio room: up to three one-hour bookings on distinct hours of the first range.
    const Range& r = ranges.front();
    std::set<int> starts;
    const int count = dice.between(0, 3);
    for (int i = 0; i < count; ++i) {
      const int slots = (r.end - r.start - 60) / 60;
      if (slots < 0) break;
      starts.insert(r.start + 60 * dice.between(0, slots));
    }
    for (const int start : starts) booking(site.room, false, start, start + 60);
  }

  std::string themes_for_record(std::int64_t weight) {
    std::set<std::string> chosen;
    const int n = dice.between(1, 3);
    for (int i = 0; i < n; ++i) {
      const auto list = dice.chance(0.7) ? mediation::general_themes() : mediation::administrative_themes();
      chosen.insert(std::string(dice.pick<mediation::ThemeInfo>(list).code));
    }
    std::string out;
    for (const auto& code : chosen) {
      if (!out.empty()) out += '|';
      out += code;
      if (known) known->themes[code] += weight;
    }
    return out;
  }

  void activity(const std::string& appointment_id, const std::string& participant_id, bool collective, int participants,
                bool anonymous, int start_minute) {
    const int duration = collective ? 90 : dice.between(10, 150);
    const std::string age = std::string(dice.pick<mediation::Choice>(mediation::age_bracket_choices()).code);
    std::optional<std::string> home;
    if (dice.chance(0.8)) home = std::string(dice.pick<std::string_view>(kCommunes));
    const Instant recorded = wall(known_day, std::min(start_minute + duration + 10, 23 * 60));
    const std::string themes = themes_for_record(collective ? participants : 1);
    synthetic::insert_activity(
        db, dice.uuid(), site.id, site.mediator, appointment_id, participant_id, collective ? 1 : 0, date, duration,
        collective ? "ordinateur|tablette" : "ordinateur", themes, collective ? "" : "partiellement_autonome", age,
        "non_communique", "non_communique", home, anonymous ? 1 : 0, participants,
        collective ? "Découvrir la messagerie" : "", collective ? "beginner" : "", iso(recorded), iso(recorded));
    ++*activities_written;
  }

  // A participant: a member, a named person of the pool, or someone anonymous.
  struct Who {
    std::optional<std::int64_t> member_id;
    std::string first_name;
    std::optional<std::string> phone;
    std::string key;  // empty: anonymous
  };
  Who someone(double anonymous_share) {
    Who w;
    const double roll = dice.coin();
    if (roll < anonymous_share) return w;
    if (roll < anonymous_share + 0.3) {
      const auto& m =
          state.members[static_cast<std::size_t>(dice.between(0, static_cast<int>(state.members.size()) - 1))];
      w.member_id = m.id;
      w.key = "member " + std::to_string(m.id);
      return w;
    }
    const Person& p = state.pool[static_cast<std::size_t>(dice.between(0, static_cast<int>(state.pool.size()) - 1))];
    w.first_name = p.first_name;
    w.phone = p.phone;
    w.key = "person " + p.first_name + " " + p.phone;
    return w;
  }

  std::string appointment(bool collective, int start, int duration, bool cancelled) {
    const std::string id = dice.uuid();
    const Instant from = wall(known_day, start);
    const Instant created = from - std::chrono::hours(dice.between(24, 24 * 14));
    synthetic::insert_appointment(db, id, site.id, collective ? state.workshop_type : state.individual_type,
                                  site.mediator, iso(from), iso(from + minutes(duration)), date, collective ? 1 : 0,
                                  collective ? 8 : 1, collective ? "Découvrir la messagerie" : "",
                                  collective ? "beginner" : "", "on_site", cancelled ? 1 : 0, iso(created),
                                  iso(cancelled ? from - std::chrono::hours(2) : created));
    ++*appointments_written;
    return id;
  }

  std::string participant(const std::string& appointment_id, const Who& w, std::string_view status, Instant added) {
    const std::string id = dice.uuid();
    synthetic::insert_participant(db, id, appointment_id, w.member_id, w.first_name, w.phone, 0, status, iso(added),
                                  iso(added + std::chrono::hours(24)));
    return id;
  }

  void seen(const Who& w) {
    if (!known) return;
    ++known->accompaniments;
    if (w.key.empty()) {
      ++known->anonymous_accompaniments;
    } else {
      known->people.push_back(w.key);
    }
  }

  void mediation() {
    const int first = ranges.front().start;
    const int last_end = ranges.back().end;
    // Individual appointments of 45 minutes from the first opening.
    const int count = dice.between(0, 3);
    for (int i = 0; i < count; ++i) {
      const int start = first + 45 * i;
      if (start + 45 > last_end) break;
      const bool cancelled = dice.chance(0.04);
      const std::string id = appointment(false, start, 45, cancelled);
      const Who w = someone(0.25);
      const double roll = dice.coin();
      std::string_view status = cancelled     ? "revoked"
                                : roll < 0.70 ? "seen"
                                : roll < 0.82 ? "noshow"
                                : roll < 0.92 ? "excused"
                                : roll < 0.95 ? "revoked"
                                              : "unknown";
      const std::string pid = participant(id, w, status, wall(known_day, start) - std::chrono::hours(30));
      if (status != "seen") continue;
      seen(w);
      if (dice.chance(0.85)) activity(id, pid, false, 1, w.key.empty() && !w.member_id, start);
    }
    // A workshop on Thursdays: a few signed up, most come; its record may
    // count people who came without signing up.
    if (iso_weekday(known_day) == 4 && last_end - first >= 90) {
      const int start = first;
      const std::string id = appointment(true, start, 90, false);
      const int signed_up = dice.between(3, 8);
      int came = 0;
      for (int i = 0; i < signed_up; ++i) {
        const Who w = someone(1.0 / 6.0);
        const bool present = dice.chance(0.8);
        participant(id, w, present ? "seen" : "noshow", wall(known_day, start) - std::chrono::hours(48));
        if (!present) continue;
        ++came;
        seen(w);
      }
      if (dice.chance(0.9)) {
        const int extra = dice.between(0, 2);
        activity(id, "", true, std::max(1, came + extra), false, start);
        if (known && came > 0) {
          known->accompaniments += extra;
          known->anonymous_accompaniments += extra;
        } else if (known) {  // nobody marked seen: the record alone counts, all anonymous
          known->accompaniments += std::max(1, came + extra);
          known->anonymous_accompaniments += std::max(1, came + extra);
        }
      }
    }
    // Help given without an appointment, recorded afterwards.
    if (dice.chance(0.2)) {
      const bool anonymous = dice.chance(0.5);
      const std::string person = "record " + std::to_string(*activities_written);  // a record names nobody
      activity("", "", false, 1, anonymous, first);
      if (known) {
        ++known->accompaniments;
        if (anonymous) {
          ++known->anonymous_accompaniments;
        } else {
          known->people.push_back(person);
        }
      }
    }
  }
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] generate_activity
//-----------------------------------------------------------------------------

Result<KnownAnswers> generate_activity(store::Database& db, const ActivityOptions& o) {
  if (o.sites < 1 || o.sites > 200) return Error{"Nombre de lieux\u202F: de 1 à 200."};
  if (o.days < 1 || o.days > 3660) return Error{"Nombre de jours\u202F: de 1 à 3 660."};
  if (o.members_per_site < 1 || o.members_per_site > 100000) return Error{"Membres par lieu\u202F: de 1 à 100 000."};
  if (o.desks_per_site < 0 || o.desks_per_site > 200) return Error{"Bureaux par lieu\u202F: de 0 à 200."};
  if (!(o.visit_intensity >= 0 && o.visit_intensity <= 5)) return Error{"Intensité des visites\u202F: de 0 à 5."};
  if (!parse_iso_date(to_iso_date(o.first_day))) return Error{"Premier jour invalide."};

  const Instant now = o.now.value_or(paris_day_start(add_days(o.first_day, o.days)));
  Dice dice(o.seed);
  KnownAnswers known;
  known.day_count = o.days;
  if (o.keep_known) {
    known.days.resize(static_cast<std::size_t>(o.sites) * static_cast<std::size_t>(o.days));
    for (std::size_t s = 0; s < static_cast<std::size_t>(o.sites); ++s) {
      for (int d = 0; d < o.days; ++d) {
        KnownDay& k = known.days[s * static_cast<std::size_t>(o.days) + static_cast<std::size_t>(d)];
        k.site = s;
        k.date = add_days(o.first_day, d);
      }
    }
  }

  // A bigger page cache while writing millions of random UUID keys; put back after.
  const std::int64_t cache_size = synthetic::page_cache_size(db);
  synthetic::set_page_cache_size(db, -262144);
  struct RestoreCache {
    store::Database& db;
    std::int64_t size;
    ~RestoreCache() {
      try {
        synthetic::set_page_cache_size(db, size);
      } catch (...) {
      }
    }
  } restore{db, cache_size};

  std::vector<SiteState> states;
  {
    store::Transaction tx(db);
    for (std::size_t s = 0; s < static_cast<std::size_t>(o.sites); ++s)
      states.push_back(make_site(db, dice, o, s, now, known));
    tx.commit();
  }

  // A transaction per 30 days (all sites): few commits, bounded WAL growth.
  constexpr int kDaysPerTransaction = 30;
  for (int chunk = 0; chunk < o.days; chunk += kDaysPerTransaction) {
    store::Transaction tx(db);
    for (int d = chunk; d < std::min(o.days, chunk + kDaysPerTransaction); ++d) {
      const CivilDate day = add_days(o.first_day, d);
      for (std::size_t s = 0; s < states.size(); ++s) {
        SiteState& state = states[s];
        KnownDay* k =
            o.keep_known ? &known.days[s * static_cast<std::size_t>(o.days) + static_cast<std::size_t>(d)] : nullptr;
        DayWriter w{db,
                    dice,
                    o,
                    known.sites[s],
                    state,
                    now,
                    k,
                    &known.bookings,
                    &known.appointments,
                    &known.activities,
                    &known.visits,
                    day,
                    to_iso_date(day),
                    ranges_of(*state.schedule, day)};
        if (w.ranges.empty()) continue;
        if (k) {
          k->open = true;
          k->open_minutes = minutes_inside(day, 0, 24 * 60, w.ranges);
        }
        w.visits();
        w.bookings();
        w.mediation();
        if (k) {
          std::sort(k->members.begin(), k->members.end());
          k->members.erase(std::unique(k->members.begin(), k->members.end()), k->members.end());
          std::sort(k->booked_desks.begin(), k->booked_desks.end());
          k->booked_desks.erase(std::unique(k->booked_desks.begin(), k->booked_desks.end()), k->booked_desks.end());
        }
      }
    }
    tx.commit();
  }
  return known;
}

}  // namespace escale::server
