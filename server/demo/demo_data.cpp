// Demo data generator. Past visits fall inside the site's opening hours, on a
// plausible rhythm: a few regulars most days, occasional members, walk-ins.
#include "demo/demo_data.hpp"

#include <iterator>
#include <random>
#include <vector>

#include "booking/booking.hpp"
#include "domain/opening_hours.hpp"
#include "domain/uuid.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/pins.hpp"
#include "store/sites.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

struct DemoPerson {
  const char* first;
  const char* last;
  const char* uid;
  const char* commune;
  AgeBracket age;
  Role extra_role;
};

// Badge UIDs mix 4-byte (MIFARE Classic) and 7-byte (NTAG) cards.
constexpr DemoPerson kPeople[] = {
    {"Marie", "Dupont", "04A1B2C3", "21425", AgeBracket::From35To60, Role::Member},
    {"Jean", "Martin", "04D5E6F708A1B2", "21425", AgeBracket::From60To70, Role::Member},
    {"Élodie", "Lefèvre", "1A2B3C4D", "21154", AgeBracket::From18To35, Role::Member},
    {"François", "Moreau", "0455AA66BB7788", "21425", AgeBracket::Over70, Role::Member},
    {"Chloé", "Bernard", "2B3C4D5E", "21464", AgeBracket::From18To35, Role::Member},
    {"Léon", "Petit", "3C4D5E6F", "21425", AgeBracket::From35To60, Role::Member},
    {"Zoé", "Garnier", "04112233445566", "21154", AgeBracket::From12To18, Role::Member},
    {"Noël", "Faure", "4D5E6F70", "21464", AgeBracket::From60To70, Role::Member},
    {"Agnès", "Lambert", "5E6F7081", "21425", AgeBracket::From35To60, Role::Animator},
    {"Amélie", "Rousseau", "6F708192", "21425", AgeBracket::From35To60, Role::Member},
    {"Gaëlle", "Fournier", "708192A3", "21154", AgeBracket::From18To35, Role::Member},
    {"Hervé", "Girard", "8192A3B4", "21464", AgeBracket::Over70, Role::Member},
};

constexpr const char* kHours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";

void insert_visit(store::Database& db, std::int64_t site_id, std::int64_t kiosk_id, std::optional<std::int64_t> member,
                  const std::optional<std::string>& badge, Instant in, Instant out) {
  db.cached(
        "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(make_uuid_v4(), site_id, member, kiosk_id, badge, to_iso_utc(in), to_iso_utc(out), paris_date(in),
                member ? 0 : 1)
      .run();
}

// Past visits for the 30 days before today (Paris), inside opening hours.
int make_past_visits(store::Database& db, std::int64_t site_id, std::int64_t kiosk_id,
                     const std::vector<std::int64_t>& member_ids, const OpeningHours& hours) {
  std::mt19937 rng(20261121);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  int count = 0;
  const Instant today = paris_day_start(now());
  store::Transaction tx(db);
  for (int back = 30; back >= 1; --back) {
    const Instant day = paris_day_start(today - std::chrono::hours(24 * back - 12));
    const LocalTime local = to_paris(day);
    const auto& ranges = hours.ranges_for(local.weekday, false);
    if (ranges.empty() || !hours.is_open(to_paris(day + std::chrono::minutes(ranges.front().start_minute)))) continue;
    for (std::size_t i = 0; i < member_ids.size(); ++i) {
      const double habit = i < 4 ? 0.7 : 0.25;  // a few regulars, then occasional members
      if (coin(rng) > habit) continue;
      const auto& range =
          ranges[static_cast<std::size_t>(coin(rng) * static_cast<double>(ranges.size())) % ranges.size()];
      const int span = range.end_minute - range.start_minute;
      const int start = range.start_minute + static_cast<int>(coin(rng) * span * 0.5);
      const int stay = 30 + static_cast<int>(coin(rng) * (range.end_minute - start - 30));
      const Instant in = from_paris(local.year, local.month, local.day, start / 60, start % 60);
      insert_visit(db, site_id, kiosk_id, member_ids[i], kPeople[i].uid, in,
                   in + std::chrono::minutes(std::max(stay, 10)));
      ++count;
    }
    const int walk_ins = static_cast<int>(coin(rng) * 4);
    for (int w = 0; w < walk_ins; ++w) {
      const auto& range = ranges.front();
      const int start = range.start_minute + static_cast<int>(coin(rng) * (range.end_minute - range.start_minute - 30));
      const Instant in = from_paris(local.year, local.month, local.day, start / 60, start % 60);
      insert_visit(db, site_id, kiosk_id, std::nullopt, std::nullopt, in, in + std::chrono::minutes(20));
      ++count;
    }
  }
  tx.commit();
  return count;
}

// Bookings for today and the next open days: three desks a day (morning,
// whole day, afternoon) and the visio room for an hour, members in turn.
// Made through the rules engine as if it were the start of today, so that
// this morning's bookings are accepted; those already begun are checked in.
int make_demo_bookings(store::Database& db, const std::vector<std::int64_t>& desks, std::int64_t visio,
                       const std::vector<std::int64_t>& member_ids, const OpeningHours& hours) {
  const Instant real_now = now();
  const Instant start_of_today = paris_day_start(real_now);
  const CivilDate today = paris_civil_date(real_now);
  constexpr std::size_t kBookers = 8;  // the first eight members (not the animator)
  int made = 0;
  int open_days = 0;
  std::vector<Booking> today_bookings;
  for (int d = 0; d < 14 && open_days < 5; ++d) {
    const CivilDate day = add_days(today, d);
    const auto parts = day_parts(hours, day);
    const auto ranges = opening_intervals(hours, day);
    if (parts.empty() || ranges.empty()) continue;
    const auto part = [&](DayPartKind kind) {
      for (const auto& p : parts) {
        if (p.kind == kind) return p;
      }
      return parts.front();
    };
    const auto day_index = static_cast<std::size_t>(open_days);
    const DayPartKind desk_parts[] = {DayPartKind::Morning, DayPartKind::Day, DayPartKind::Afternoon};
    std::vector<Booking> wanted;
    for (std::size_t k = 0; k < 3 && k < desks.size(); ++k) {
      const DayPart p = part(desk_parts[k]);
      Booking b;
      b.resource_id = desks[k];
      b.member_id = member_ids[(day_index * 3 + k) % kBookers];
      b.start = p.start;
      b.end = p.end;
      wanted.push_back(b);
    }
    const auto& [open, close] = ranges.front();
    if (close - open >= std::chrono::hours(2)) {
      Booking b;
      b.resource_id = visio;
      b.member_id = member_ids[(day_index + 5) % kBookers];
      b.start = open + std::chrono::hours(1);
      b.end = b.start + std::chrono::hours(1);
      wanted.push_back(b);
    }
    for (auto& b : wanted) {
      b.id = make_uuid_v4();
      const auto outcome = create_booking(db, b, Actor{}, start_of_today);
      if (!outcome.ok()) continue;
      ++made;
      if (d == 0) today_bookings.push_back(*outcome.booking);
    }
    ++open_days;
  }
  for (const auto& b : today_bookings) {
    const Instant arrival = b.start + std::chrono::minutes(5);
    if (arrival <= real_now) check_in_booking(db, b.member_id, b.id, arrival, Actor{});
  }
  return made;
}

}  // namespace

const std::vector<DemoBadge>& demo_badges() {
  static const std::vector<DemoBadge> badges = [] {
    std::vector<DemoBadge> out;
    for (const auto& p : kPeople) out.push_back({p.uid, p.first});
    return out;
  }();
  return badges;
}

Result<DemoData> make_demo_data(store::Database& db) {
  {
    auto st = db.prepare("SELECT COUNT(*) FROM sites");
    st.step();
    if (st.int64(0) > 0)
      return Error{
          "Cette base contient déjà des lieux : les données de démonstration vont dans une base neuve (--db "
          "autre-fichier.db)."};
  }
  auto site = add_site(db, Site{0, "Tiers-lieu de démonstration", "2 rue de la Gare, 21500 Montbard", "21425", kHours});
  if (!site) return Error{site.error()};
  std::vector<std::int64_t> desk_ids;
  for (int i = 1; i <= 4; ++i) {
    auto desk = add_resource(
        db, Resource{0, site->id, ResourceKind::Desk, "Bureau " + std::to_string(i), 1, i == 4 ? "grand écran" : ""});
    if (!desk) return Error{desk.error()};
    desk_ids.push_back(desk->id);
  }
  auto visio =
      add_resource(db, Resource{0, site->id, ResourceKind::VisioRoom, "Salle visio", 4, "caméra, micro, grand écran"});
  if (!visio) return Error{visio.error()};
  std::vector<std::int64_t> member_ids;
  for (const auto& p : kPeople) {
    Member m;
    m.site_id = site->id;
    m.first_name = p.first;
    m.last_name = p.last;
    m.home_commune = p.commune;
    m.age_bracket = p.age;
    m.roles = {Role::Member};
    if (p.extra_role != Role::Member) m.roles.push_back(p.extra_role);
    auto added = add_member(db, m);
    if (!added) return Error{added.error()};
    member_ids.push_back(added->id);
    auto uid = BadgeUid::parse(p.uid);
    auto badge = add_badge(db, *uid, added->id);
    if (!badge) return Error{badge.error()};
  }
  auto kiosk = add_kiosk(db, site->id, "entrée");
  if (!kiosk) return Error{kiosk.error()};
  DemoData data;
  data.kiosk_token = kiosk->token;
  data.badges = demo_badges();
  const auto hours = OpeningHours::parse(kHours);
  data.past_visits = make_past_visits(db, site->id, kiosk->kiosk.id, member_ids, *hours);
  // The animator (Agnès) opens animator mode at the kiosk with her badge and this PIN.
  for (std::size_t i = 0; i < std::size(kPeople); ++i) {
    if (kPeople[i].extra_role != Role::Animator) continue;
    auto pinned = set_member_pin(db, member_ids[i], kDemoAnimatorPin);
    if (!pinned) return Error{pinned.error()};
    data.animator = std::string(kPeople[i].first) + " " + kPeople[i].last;
    data.animator_uid = kPeople[i].uid;
    data.animator_pin = kDemoAnimatorPin;
    break;
  }
  data.bookings = make_demo_bookings(db, desk_ids, visio->id, member_ids, *hours);
  return data;
}

}  // namespace escale::server
