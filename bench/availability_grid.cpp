// Benchmark: the kiosk's booking screen. One sample computes the availability
// grids of 14 days (one availability() call per day, as the screen does) for
// a site of 30 desks whose half-days are about 60 % taken, from one vector
// holding the bookings of all 14 days in any order and status (as the local
// store hands them). "Now" is mid-morning of the first day, so past slots and
// no-shows are exercised too.
//
//   bench_availability_grid [ITERATIONS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "booking/booking.hpp"
#include "stats.hpp"

using namespace escale;

namespace {

constexpr int kDesks = 30;
constexpr int kDays = 14;
constexpr double kTakenShare = 0.6;  // of the bookable half-days
constexpr std::int64_t kSite = 1;
constexpr std::int64_t kMe = 42;  // the member at the screen
constexpr double kTargetMs = 2.0;
constexpr const char* kHours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";

struct Workload {
  std::vector<Resource> desks;
  std::vector<Booking> bookings;
  int half_days = 0;        // bookable (desk × morning or afternoon)
  int half_days_taken = 0;  // held by a live booking
};

Booking make_booking(int serial, std::int64_t desk, std::int64_t member, Instant start, Instant end,
                     BookingStatus status) {
  Booking b;
  b.id = "b" + std::to_string(serial);
  b.site_id = kSite;
  b.resource_id = desk;
  b.member_id = member;
  b.start = start;
  b.end = end;
  b.status = status;
  return b;
}

// Desks × days × half-days, each taken with probability kTakenShare; when both
// halves are taken, half the time by one whole-day booking. Some extra
// cancelled bookings lie around, as in real data; today's first morning
// bookings are checked in or no-shows.
Workload make_workload(const OpeningHours& hours, const CivilDate& first_day, Instant now) {
  Workload w;
  std::mt19937 rng(20270301);
  std::bernoulli_distribution taken(kTakenShare), whole_day(0.5), cancelled_extra(0.1), came(0.8);
  std::uniform_int_distribution<std::int64_t> member(1, 300);
  int serial = 0;
  for (int d = 1; d <= kDesks; ++d) {
    Resource r;
    r.id = d;
    r.site_id = kSite;
    r.kind = ResourceKind::Desk;
    r.name = "Bureau " + std::to_string(d);
    w.desks.push_back(r);
  }
  for (int offset = 0; offset < kDays; ++offset) {
    const CivilDate day = add_days(first_day, offset);
    std::vector<DayPart> halves;
    for (const DayPart& p : day_parts(hours, day)) {
      if (p.kind != DayPartKind::Day) halves.push_back(p);
    }
    for (const Resource& desk : w.desks) {
      w.half_days += static_cast<int>(halves.size());
      std::vector<bool> held;
      for (std::size_t h = 0; h < halves.size(); ++h) held.push_back(taken(rng));
      const auto status_for = [&](Instant start) {
        if (start + std::chrono::minutes{15} >= now) return BookingStatus::Confirmed;
        return came(rng) ? BookingStatus::CheckedIn : BookingStatus::Confirmed;  // else a no-show by now
      };
      if (halves.size() == 2 && held[0] && held[1] && whole_day(rng)) {
        const std::int64_t who = offset == 3 && desk.id == 5 ? kMe : member(rng);
        w.bookings.push_back(
            make_booking(++serial, desk.id, who, halves[0].start, halves[1].end, status_for(halves[0].start)));
      } else {
        for (std::size_t h = 0; h < halves.size(); ++h) {
          if (!held[h]) continue;
          w.bookings.push_back(make_booking(++serial, desk.id, member(rng), halves[h].start, halves[h].end,
                                            status_for(halves[h].start)));
        }
      }
      for (std::size_t h = 0; h < halves.size(); ++h) {
        if (held[h]) ++w.half_days_taken;
        if (cancelled_extra(rng)) {
          w.bookings.push_back(
              make_booking(++serial, desk.id, member(rng), halves[h].start, halves[h].end, BookingStatus::Cancelled));
        }
      }
    }
  }
  std::shuffle(w.bookings.begin(), w.bookings.end(), rng);  // no order to rely on
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
  const auto hours = OpeningHours::parse(kHours);
  if (!hours) return 2;
  const CivilDate first_day{2027, 3, 1};  // a Monday; the fortnight has two Saturdays and two closed Sundays
  const Instant now = from_paris(2027, 3, 1, 10, 15);
  const BookingRules desk_rules = default_rules(ResourceKind::Desk);
  const BookingRules visio_rules = default_rules(ResourceKind::VisioRoom);
  const Workload w = make_workload(*hours, first_day, now);

  // The 14-day screen: one grid per day.
  const auto screen = [&] {
    std::size_t held = 0;
    for (int offset = 0; offset < kDays; ++offset) {
      const DayGrid grid =
          availability(w.desks, *hours, w.bookings, add_days(first_day, offset), now, kMe, desk_rules, visio_rules);
      for (const SlotState s : grid.cells) held += s == SlotState::Taken || s == SlotState::Mine ? 1 : 0;
    }
    return held;
  };

  const std::size_t expected = screen();  // warm up (tz database, allocator) and a checksum
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t held = screen();
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (held != expected) {
      std::fprintf(stderr, "the grids changed between runs (%zu then %zu held slots)\n", expected, held);
      return 1;
    }
  }
  const double p99 = bench::percentile(ms, 99);
  std::printf(
      "availability grid %d desks x %d days: median %.3f ms, p99 %.3f ms (target %.0f ms; %d iterations, %zu bookings, "
      "%d %% of %d half-days taken)\n",
      kDesks, kDays, bench::percentile(ms, 50), p99, kTargetMs, iterations, w.bookings.size(),
      w.half_days == 0 ? 0 : 100 * w.half_days_taken / w.half_days, w.half_days);
  return p99 <= kTargetMs ? 0 : 3;
}
