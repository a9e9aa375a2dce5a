// Benchmark: the usage dashboard over a large history. Generates (once)
// years of activity for many sites into a SQLite file — about 2 million
// visits with bookings, appointments and activity records at the default
// settings — builds the statistics rollups from nothing (the cold cost, as
// after migrating an existing database), then times dashboard requests for
// all sites: the month of October 2026 and the year 2026 (each with its
// previous period), several runs each.
//
//   bench_dashboard [DB_PATH] [SITES] [DAYS] [MEMBERS_PER_SITE] [INTENSITY] [RUNS] [--rebuild] [--cold]
//
// --cold adds the yearly dashboard right after the OS file cache is emptied
// of the database (posix_fadvise DONTNEED on the file and its WAL, checked
// with mincore: no page of it left resident) on a connection just opened
// (SQLite's own page cache empty too), as on a server whose cache other work
// has evicted; each cold run is preceded by the eviction, and the warm
// measure is the same request again at once on the same connection. At
// 10 million visits: `bench_dashboard DB 10 730 2500 0.7 7 --cold`.
//
// The file is reused when it exists with the same parameters (a sidecar
// DB_PATH.params says which), so later runs skip the generation; --rebuild
// drops the rollups and measures the cold refresh again. The generated days
// end on 31 October 2026 and the clock is frozen on 1 November 2026, 10:00
// in Paris, so every run sees the same data.
//
// Two measures per case: the engine alone (compute + JSON), and the page as
// the server serves it — the request handed to the server's handler
// (make_api) with a logged-in session cookie: session lookup, computation,
// masking for the reporting account, HTML rendering; only the socket is left
// out. Targets (on the page): all-sites monthly dashboard ≤ 200 ms, yearly
// ≤ 500 ms (median of the runs; the maximum is printed beside it). Exits 1
// when one is missed.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api/routes.hpp"
#include "booking/booking.hpp"
#include "demo/activity_generator.hpp"
#include "reports/dashboard.hpp"
#include "reports/stats_rollup.hpp"
#include "stats.hpp"
#include "store/connection_pool.hpp"
#include "store/schema.hpp"
#include "store/web_users.hpp"

using namespace escale;
using namespace escale::server;
using namespace escale::server::reports;

namespace {

using Stopwatch = std::chrono::steady_clock;

double ms_since(Stopwatch::time_point start) {
  return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

struct Settings {
  std::filesystem::path db = std::filesystem::temp_directory_path() / "escale-bench-dashboard.db";
  int sites = 10;
  int days = 730;
  int members = 500;
  double intensity = 0.7;
  int runs = 7;
  bool rebuild = false;

  std::string params() const {
    std::ostringstream out;
    out << "sites=" << sites << " days=" << days << " members=" << members << " intensity=" << intensity
        << " schema=" << server_schema_version() << " generator=2";
    return out.str();
  }
};

constexpr CivilDate kLastDay{2026, 10, 31};

Instant frozen_now() {
  return from_paris(2026, 11, 1, 10, 0);
}

// The engine alone: compute, then the JSON. Returns the size of what was
// rendered, so nothing is optimised away.
std::size_t dashboard_request(store::Database& db, const DashboardQuery& q) {
  auto d = compute_dashboard(db, q);
  if (!d) throw std::runtime_error("compute_dashboard: " + d.error());
  const std::string json = dashboard_json(*d);
  return json.size();
}

struct Timing {
  double median = 0;
  double max = 0;
};

Timing time_requests(store::Database& db, const DashboardQuery& q, int runs, std::size_t& bytes) {
  bytes = dashboard_request(db, q);  // warm the page cache and the statement cache
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    const auto start = Stopwatch::now();
    bytes = dashboard_request(db, q);
    samples.push_back(ms_since(start));
  }
  return {bench::percentile(samples, 50), bench::percentile(samples, 100)};
}

// A session cookie for a web account of the benchmark's database (made once).
std::string session_cookie(store::Database& db, const std::string& login, WebRole role, Instant now) {
  const std::string password = "mot de passe du banc d’essai";
  if (!find_web_user(db, login)) {
    NewWebUser u;
    u.login = login;
    u.role = role;
    u.password = password;
    if (auto added = add_web_user(db, u); !added) throw std::runtime_error("add_web_user: " + added.error());
  }
  const auto outcome = log_in(db, login, password, "127.0.0.1", now);
  if (!outcome.session) throw std::runtime_error("log_in: " + outcome.error);
  return "escale_session=" + outcome.session->token;
}

// The dashboard page through the server's handler, as a browser asks for it.
Timing time_pages(const http::Handler& handler, const std::string& target, const std::string& cookie, int runs,
                  std::size_t& bytes) {
  http::Request req{boost::beast::http::verb::get, target, 11};
  req.set(boost::beast::http::field::host, "127.0.0.1");
  req.set(boost::beast::http::field::cookie, cookie);
  auto once = [&] {
    const auto res = handler(req);
    if (res.result() != boost::beast::http::status::ok)
      throw std::runtime_error(target + " answered " + std::to_string(res.result_int()));
    return res.body().size();
  };
  bytes = once();
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    const auto start = Stopwatch::now();
    bytes = once();
    samples.push_back(ms_since(start));
  }
  return {bench::percentile(samples, 50), bench::percentile(samples, 100)};
}

// Empties the OS file cache of one file (its clean pages; the WAL is
// checkpointed first by the caller). Returns the pages still resident after,
// as mincore sees them through a mapping (0 when it worked).
std::size_t evict_from_os_cache(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) return 0;  // no such file (an empty WAL): nothing cached
  struct stat st {};
  std::size_t resident = 0;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (map != MAP_FAILED) {
      const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
      std::vector<unsigned char> in_core((size + page - 1) / page);
      if (::mincore(map, size, in_core.data()) == 0) {
        for (const unsigned char c : in_core) resident += c & 1U;
      }
      ::munmap(map, size);
    }
  }
  ::close(fd);
  return resident;
}

std::size_t evict_database(const std::filesystem::path& db) {
  std::size_t resident = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) resident += evict_from_os_cache(db.string() + suffix);
  return resident;
}

// The yearly dashboard cold: the database's pages evicted from the OS cache,
// a new connection (empty SQLite cache), then one request timed; and warm:
// the same request again at once on that connection.
struct ColdWarm {
  Timing cold, warm;
  std::size_t resident_after_eviction = 0;
};
ColdWarm time_cold(const std::filesystem::path& path, const DashboardQuery& q, int runs) {
  {
    auto db = open_server_db(path);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  std::vector<double> cold, warm;
  ColdWarm out;
  for (int i = 0; i < runs; ++i) {
    out.resident_after_eviction = std::max(out.resident_after_eviction, evict_database(path));
    const auto start = Stopwatch::now();
    auto db = open_server_db(path);
    if (dashboard_request(db, q) == 0) throw std::runtime_error("empty dashboard");
    cold.push_back(ms_since(start));
    const auto again = Stopwatch::now();
    if (dashboard_request(db, q) == 0) throw std::runtime_error("empty dashboard");
    warm.push_back(ms_since(again));
  }
  out.cold = {bench::percentile(cold, 50), bench::percentile(cold, 100)};
  out.warm = {bench::percentile(warm, 50), bench::percentile(warm, 100)};
  return out;
}

bool read_sidecar(const Settings& s, std::string& cold_note) {
  std::ifstream in(s.db.string() + ".params");
  std::string line;
  if (!in || !std::getline(in, line) || line != s.params() || !std::filesystem::exists(s.db)) return false;
  std::getline(in, cold_note);
  return true;
}

void remove_db(const std::filesystem::path& db) {
  for (const char* suffix : {"", "-wal", "-shm", ".params"}) std::filesystem::remove(db.string() + suffix);
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  bool cold = false;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rebuild") {
      s.rebuild = true;
    } else if (a == "--cold") {
      cold = true;
    } else {
      args.push_back(a);
    }
  }
  try {
    if (args.size() > 0) s.db = args[0];
    if (args.size() > 1) s.sites = std::stoi(args[1]);
    if (args.size() > 2) s.days = std::stoi(args[2]);
    if (args.size() > 3) s.members = std::stoi(args[3]);
    if (args.size() > 4) s.intensity = std::stod(args[4]);
    if (args.size() > 5) s.runs = std::stoi(args[5]);
  } catch (const std::exception&) {
    std::fprintf(stderr,
                 "usage: bench_dashboard [DB_PATH] [SITES] [DAYS] [MEMBERS] [INTENSITY] [RUNS] [--rebuild] [--cold]\n");
    return 2;
  }
  const Instant now = frozen_now();
  const CivilDate first_day = add_days(kLastDay, 1 - s.days);

  std::string cold_note;
  bool reused = read_sidecar(s, cold_note);
  if (!reused) {
    remove_db(s.db);
    auto db = open_server_db(s.db);
    ActivityOptions o;
    o.seed = 20261101;
    o.sites = s.sites;
    o.first_day = first_day;
    o.days = s.days;
    o.members_per_site = s.members;
    o.visit_intensity = s.intensity;
    o.now = now;
    o.keep_known = false;
    const auto start = Stopwatch::now();
    const auto known = generate_activity(db, o);
    if (!known) {
      std::fprintf(stderr, "generate_activity: %s\n", known.error().c_str());
      return 2;
    }
    const double gen_ms = ms_since(start);
    std::printf(
        "generated %d sites x %d days: %lld visits, %lld bookings, %lld appointments, %lld activity records "
        "in %.1f s (%.0f visits/s)\n",
        s.sites, s.days, static_cast<long long>(known->visits), static_cast<long long>(known->bookings),
        static_cast<long long>(known->appointments), static_cast<long long>(known->activities), gen_ms / 1000,
        static_cast<double>(known->visits) / (gen_ms / 1000));
    s.rebuild = true;  // a new file: measure the cold refresh
  } else {
    std::printf("reusing %s (%s)\n", s.db.c_str(), s.params().c_str());
  }

  auto db = open_server_db(s.db);
  if (s.rebuild) {
    db.exec("DELETE FROM stats_days");
    const auto start = Stopwatch::now();
    const auto outcome = refresh_stats(db, now, std::nullopt, to_iso_date(first_day), to_iso_date(kLastDay));
    const double cold_ms = ms_since(start);
    char note[200];
    std::snprintf(note, sizeof note, "cold refresh: %d site-days in %.1f s (%.2f ms per site-day)", outcome.days,
                  cold_ms / 1000, cold_ms / std::max(1, outcome.days));
    cold_note = note;
    std::ofstream(s.db.string() + ".params") << s.params() << "\n" << cold_note << "\n";
  }
  std::printf("%s%s\n", cold_note.c_str(), s.rebuild ? "" : " (measured when the rollups were built)");
  {
    const auto start = Stopwatch::now();
    const auto outcome = refresh_stats(db, now);
    std::printf("refresh with nothing to do (the minute job): %.2f ms, %d site-days\n", ms_since(start), outcome.days);
  }

  int status = 0;
  struct Case {
    const char* name;
    Period period;
    const char* target;  // the page's address
    double target_ms;
  };
  const Case cases[] = {
      {"all sites, month (October 2026 vs September)", *parse_period("2026-10", "", "", kLastDay),
       "/tableau-de-bord?period=2026-10", 200},
      {"all sites, year (2026 vs 2025)", *parse_period("2026", "", "", kLastDay), "/tableau-de-bord?period=2026", 500},
  };
  ConnectionPool pool(s.db, 2);
  const auto handler = make_api(pool);
  const std::string admin = session_cookie(db, "bench-admin", WebRole::Admin, escale::now());
  const std::string reporting = session_cookie(db, "bench-reporting", WebRole::Reporting, escale::now());
  for (const auto& c : cases) {
    DashboardQuery q;
    q.period = c.period;
    q.now = now;
    std::size_t bytes = 0;
    const Timing engine = time_requests(db, q, s.runs, bytes);
    std::printf("dashboard %s, engine (compute + JSON): median %.1f ms, max %.1f ms, %zu bytes of JSON\n", c.name,
                engine.median, engine.max, bytes);
    for (const auto& [who, cookie] : {std::pair{"admin", admin}, std::pair{"reporting", reporting}}) {
      const Timing page = time_pages(handler, c.target, cookie, s.runs, bytes);
      const bool ok = page.median <= c.target_ms;
      std::printf(
          "dashboard %s, HTML page for %s: median %.1f ms, max %.1f ms over %d runs, %zu bytes "
          "(target median <= %.0f ms)%s\n",
          c.name, who, page.median, page.max, s.runs, bytes, c.target_ms, ok ? "" : "  ** MISSED **");
      if (!ok) status = 1;
    }
  }
  {
    // The first site's month just after a visit arrived: the request
    // recomputes that day before reading (no target; what a live server pays).
    DashboardQuery q;
    q.site_id = 1;
    q.period = *parse_period("2026-11", "", "", kLastDay);
    q.now = now;
    std::vector<double> samples;
    for (int i = 0; i < s.runs; ++i) {
      db.prepare(
            "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, "
            "walk_in) "
            "VALUES (?, 1, NULL, NULL, NULL, ?, NULL, '2026-11-01', 1)")
          .bind_all(
              "bench-visit-" + std::to_string(i) + "-" + std::to_string(Stopwatch::now().time_since_epoch().count()),
              to_iso_utc(now - std::chrono::minutes(30)))
          .run();
      const auto start = Stopwatch::now();
      if (dashboard_request(db, q) == 0) status = 1;
      samples.push_back(ms_since(start));
    }
    db.exec("DELETE FROM visits WHERE id LIKE 'bench-visit-%'");
    refresh_stats(db, now);
    std::printf("dashboard one site, current month, just after a new visit: median %.1f ms, max %.1f ms\n",
                bench::percentile(samples, 50), bench::percentile(samples, 100));
  }
  if (cold) {
    DashboardQuery q;
    q.period = *parse_period("2026", "", "", kLastDay);
    q.now = now;
    const ColdWarm t = time_cold(s.db, q, s.runs);
    const bool ok = t.cold.median <= 250;
    std::printf(
        "dashboard all sites, year (2026 vs 2025), engine, OS file cache emptied and a new connection: median %.1f "
        "ms, max %.1f ms; warm (the same again at once): median %.1f ms, max %.1f ms; %d runs, %zu pages left "
        "resident after eviction (target cold median <= 250 ms at 10 M visits)%s\n",
        t.cold.median, t.cold.max, t.warm.median, t.warm.max, s.runs, t.resident_after_eviction,
        ok ? "" : "  ** MISSED **");
    if (!ok) status = 1;
  }
  return status;
}
