// The kiosk's booking screens as a member meets them, with the real local
// SQLite store: 30 desks, 200 members, ~60 % of the next 14 days' half-days
// booked. Measures the app's work for the taps that compute availability:
// « Réserver un bureau » (14 day buttons, each knowing whether anything is
// free) and a day (the desks × half-days grid). Drawing is not included
// (badge_to_greeting measures a frame). Target: p99 ≤ 2 ms per tap.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <vector>

#include "app/kiosk_app.hpp"
#include "domain/uuid.hpp"
#include "kiosk_members.hpp"
#include "stats.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-booking-" + make_uuid_v4());
  std::filesystem::create_directories(dir);
  const auto db = dir / "kiosk.db";
  bench::seed_kiosk_members(db, 200, 0x10000000);

  const Instant t = from_paris(2026, 3, 9, 10, 15);  // a Monday morning
  {
    LocalStore store(db);
    sync::SyncResponse r;
    r.server_time = t;
    r.cursor = 2;
    r.site =
        Site{1, "Tiers-lieu de démonstration", "", "21425", "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off"};
    r.rules = sync::SiteRules{};
    for (int i = 0; i < 30; ++i) {
      sync::ResourceRecord rec;
      rec.resource.id = 100 + i;
      rec.resource.site_id = 1;
      rec.resource.kind = ResourceKind::Desk;
      rec.resource.name = "Bureau " + std::to_string(i + 1);
      r.resources.push_back(rec);
    }
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    const OpeningHours hours = *OpeningHours::parse(r.site->opening_hours);
    const CivilDate first = paris_civil_date(t);
    int member = 1;
    for (int d = 0; d < 14; ++d) {
      for (const auto& part : day_parts(hours, add_days(first, d))) {
        if (part.kind == DayPartKind::Day) continue;
        for (int i = 0; i < 30; ++i) {
          if (coin(rng) > 0.6) continue;
          Booking b;
          b.id = make_uuid_v4();
          b.site_id = 1;
          b.resource_id = 100 + i;
          b.member_id = member;
          member = member % 200 + 1;
          b.start = part.start;
          b.end = part.end;
          b.status = BookingStatus::Confirmed;
          r.bookings.push_back(b);
        }
      }
    }
    store.apply(r);
    std::printf("seeded %zu bookings on 30 desks over 14 days\n", r.bookings.size());
  }

  LocalStore store(db);
  KioskApp app(store, KioskSettings{});
  app.refresh(t);
  const auto badge = *BadgeUid::parse(bench::badge_uid(0x10000000, 0));
  std::vector<double> days_ms;
  std::vector<double> grid_ms;
  using clock = std::chrono::steady_clock;
  std::vector<int> open_days;  // the day buttons that can be tapped
  app.on_badge(badge, t);
  app.on_action({Act::BookDesk}, t);
  const auto v = app.view(t);
  for (std::size_t d = 0; d < v.days.size(); ++d) {
    if (v.days[d].open) open_days.push_back(static_cast<int>(d));
  }
  for (int i = 0; i < iterations; ++i) {
    app.on_action(UiAction::Home, t);
    app.on_badge(badge, t + std::chrono::seconds(61) * (i % 2));  // greeted (check-in or « déjà noté »)
    auto t0 = clock::now();
    app.on_action({Act::BookDesk}, t);
    auto t1 = clock::now();
    app.on_action({Act::PickDay, open_days[static_cast<std::size_t>(i) % open_days.size()]}, t);
    auto t2 = clock::now();
    if (app.screen() != Screen::BookDeskGrid) {
      std::fprintf(stderr, "unexpected screen %s\n", std::string(to_string(app.screen())).c_str());
      return 2;
    }
    days_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    grid_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  const double days_p99 = bench::percentile(days_ms, 99);
  const double grid_p99 = bench::percentile(grid_ms, 99);
  std::printf(
      "kiosk « Réserver un bureau » (14 days, 30 desks, SQLite): median %.2f ms, p99 %.2f ms; a day's desk grid: "
      "median %.2f ms, p99 %.2f ms (target 2 ms; %d taps each)\n",
      bench::percentile(days_ms, 50), days_p99, bench::percentile(grid_ms, 50), grid_p99, iterations);
  std::filesystem::remove_all(dir);
  return days_p99 <= 2.0 && grid_p99 <= 2.0 ? 0 : 3;
}
