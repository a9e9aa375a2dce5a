// Benchmark: a region's fleet of kiosks against one escale-server (issue 16).
//
// N simulated kiosks, each a real sync client as far as the server can tell:
// the kiosk's own HTTP client (kiosk/sync/http_client: a new TCP connection
// and TLS handshake per exchange, the server's certificate verified against
// its CA file), its own token, the sync protocol's JSON (shared/sync), a
// cursor it keeps and an outbox of events. Each kiosk polls every 10 s (the
// interval restarts after each exchange, as SyncClient's does), checks a
// member in a few times a minute (each check-in pushed at once, as the
// kiosk's poke does) and asks for a desk booking now and then. The kiosk's
// client is blocking (one exchange holds a thread), so a pool of threads
// drives all the kiosks, each kiosk at its own schedule: a thread takes the
// kiosk due first, waits for its time, makes its exchange. How late an
// exchange starts against its schedule is measured too: when it grows, the
// bench itself (threads, CPU) is short, and the numbers no longer say the
// server's story.
//
// The server is the real program (`escale-server serve`), started here for
// each N on one database (made once with the largest N's kiosks: sites of two
// kiosks each, members with badges, two desks), with the packaged
// configuration (packaging/server.example.toml) under the unit's
// LimitNOFILE, except: the database, the certificate paths, and
// max_connections_per_address, raised (all the simulated kiosks come from
// 127.0.0.1; real ones come from as many addresses). After a warm-up (every
// kiosk's first exchange: a new kiosk's first pull of its site), each N is
// measured for a while: exchanges per second, p50/p99/max latency as the
// kiosk sees it, errors (no answer or not 200, and events not stored), the
// server's CPU (its own /proc counters) and resident memory, and the bench's
// own CPU.
//
//   bench_fleet --server build/release/server/escale-server --kiosks 500,1000 [options]  (--help)
#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "booking/booking.hpp"
#include "domain/badge.hpp"
#include "domain/uuid.hpp"
#include "stats.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"
#include "sync/http_client.hpp"
#include "sync/protocol.hpp"
#include "time/clock.hpp"

namespace fs = std::filesystem;
using namespace escale;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Settings {
  std::string server;  // the escale-server program
  std::string config = ESCALE_SOURCE_DIR "/packaging/server.example.toml";
  std::vector<int> kiosks{500, 1000, 2000, 5000, 10000};
  std::string dir;                // where the database and certificate live (kept); empty: a new temporary folder
  double poll_s = 10;             // SyncSettings::interval of a deployed kiosk
  double checkins_per_min = 3;    // per kiosk
  double booking_every_min = 15;  // per kiosk, on average
  int members_per_site = 12;
  int kiosks_per_site = 2;
  int threads = 128;     // the pool driving the kiosks
  double warmup_s = 12;  // every kiosk's first exchange happens within the first poll interval
  double measure_s = 30;
  int nofile = 4096;       // the unit's LimitNOFILE
  int per_address = 2048;  // [server] max_connections_per_address for the bench
  int timeout_ms = 10000;  // SyncSettings::request_timeout
  std::string perf_at;     // "5000": perf record the server during this N's measurement
  std::string perf_out = "perf.data";
  int empty_sync = 0;         // > 0: only the keep-alive empty-sync comparison, this many requests
  std::string server_before;  // the same comparison against this escale-server too
  int rounds = 3;             // of the comparison, alternating the servers
};

double ms_between(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

//-----------------------------------------------------------------------------
// The region: sites, members, badges, desks, kiosks (made once)
//-----------------------------------------------------------------------------

struct SiteData {
  std::vector<std::int64_t> members;
  std::vector<std::string> badges;  // of members[i]
  std::vector<std::int64_t> desks;
};

struct KioskData {
  int site = 0;  // index into sites
  std::string token;
};

struct Region {
  std::vector<SiteData> sites;
  std::vector<KioskData> kiosks;
};

// Through the store's own functions (the change log, the checks), in one
// transaction: a kiosk's first pull then brings its site as it would.
Region make_region(const fs::path& db_path, int kiosks, const Settings& s) {
  Region region;
  auto db = server::open_server_db(db_path);
  store::Transaction tx(db);
  const int sites = (kiosks + s.kiosks_per_site - 1) / s.kiosks_per_site;
  BookingRules rules = default_rules(ResourceKind::Desk);
  rules.advance_days = 60;
  rules.max_per_day = 1000;
  rules.max_per_week = 1000;
  std::uint32_t badge = 0x04000000;
  for (int i = 0; i < sites; ++i) {
    auto site =
        server::add_site(db, Site{0, "Tiers-lieu " + std::to_string(i + 1), "1 place de la Mairie", "21425", "24/7"});
    if (!site) throw std::runtime_error("add_site: " + site.error());
    SiteData data;
    for (int d = 0; d < 2; ++d) {
      auto desk =
          server::add_resource(db, Resource{0, site->id, ResourceKind::Desk, "Bureau " + std::to_string(d + 1), 1, ""});
      if (!desk) throw std::runtime_error("add_resource: " + desk.error());
      data.desks.push_back(desk->id);
    }
    server::set_site_rules(db, site->id, ResourceKind::Desk, rules);
    for (int m = 0; m < s.members_per_site; ++m) {
      Member member;
      member.site_id = site->id;
      member.first_name = "Prénom" + std::to_string(m + 1);
      member.last_name = "Nom";
      auto added = server::add_member(db, member);
      if (!added) throw std::runtime_error("add_member: " + added.error());
      char uid[16];
      std::snprintf(uid, sizeof uid, "%08X", ++badge);
      auto b = server::add_badge(db, *BadgeUid::parse(uid), added->id);
      if (!b) throw std::runtime_error("add_badge: " + b.error());
      data.members.push_back(added->id);
      data.badges.push_back(uid);
    }
    for (int k = 0; k < s.kiosks_per_site && static_cast<int>(region.kiosks.size()) < kiosks; ++k) {
      auto issued = server::add_kiosk(db, site->id, "borne " + std::to_string(k + 1));
      if (!issued) throw std::runtime_error("add_kiosk: " + issued.error());
      region.kiosks.push_back({i, issued->token});
    }
    region.sites.push_back(std::move(data));
  }
  tx.commit();
  return region;
}

//-----------------------------------------------------------------------------
// The server process
//-----------------------------------------------------------------------------

class Server {
 public:
  Server(const Settings& s, const std::string& program, const fs::path& config, const fs::path& log, bool tls = true) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, STDERR_FILENO);
      rlimit limit{static_cast<rlim_t>(s.nofile), static_cast<rlim_t>(s.nofile)};
      setrlimit(RLIMIT_NOFILE, &limit);  // as the unit's LimitNOFILE
      execl(program.c_str(), program.c_str(), "serve", "--config", config.c_str(), "--listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    // "escale-server: listening on https://127.0.0.1:PORT"
    std::string seen;
    const auto until = SteadyClock::now() + 30s;
    while (SteadyClock::now() < until) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buffer[512];
      const ssize_t n = read(out_, buffer, sizeof buffer);
      if (n <= 0) break;
      seen.append(buffer, static_cast<std::size_t>(n));
      const std::string said = tls ? "listening on https://127.0.0.1:" : "listening on http://127.0.0.1:";
      const auto at = seen.find(said);
      if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
        port_ = std::stoi(seen.substr(at + said.size()));
        return;
      }
    }
    throw std::runtime_error("escale-server did not start (see " + log.string() + "): " + seen);
  }
  ~Server() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    close(out_);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  pid_t pid() const { return pid_; }
  int port() const { return port_; }

  // User + system CPU seconds so far.
  double cpu_s() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; fields >> f; ++i) {
      if (i == 14) utime = std::stol(f);
      if (i == 15) {
        stime = std::stol(f);
        break;
      }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  // VmRSS or VmHWM in MB.
  double memory_mb(const std::string& key) const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
    return 0;
  }
  int threads() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
    }
    return 0;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

// perf record of a process (call stacks), until stop_perf.
pid_t start_perf(pid_t target, const std::string& out, bool dwarf) {
  const pid_t p = fork();
  if (p == 0) {
    const std::string pid = std::to_string(target);
    if (dwarf) {
      execlp("perf", "perf", "record", "-q", "--call-graph", "dwarf,16384", "-F", "999", "-p", pid.c_str(), "-o",
             out.c_str(), static_cast<char*>(nullptr));
    } else {
      execlp("perf", "perf", "record", "-q", "-g", "-F", "499", "-p", pid.c_str(), "-o", out.c_str(),
             static_cast<char*>(nullptr));
    }
    _exit(127);
  }
  std::this_thread::sleep_for(300ms);  // perf attached
  return p;
}

void stop_perf(pid_t perf) {
  kill(perf, SIGINT);
  int ws = 0;
  waitpid(perf, &ws, 0);
}

double self_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

//-----------------------------------------------------------------------------
// The fleet
//-----------------------------------------------------------------------------

// What one simulated kiosk keeps between exchanges (a real one keeps it in
// its local SQLite store).
struct KioskState {
  std::int64_t cursor = 0;
  std::vector<sync::Event> outbox;
  SteadyClock::time_point next_poll{};
  SteadyClock::time_point next_checkin{};
  SteadyClock::time_point next_booking{};
  std::mt19937_64 random;
};

struct Sample {
  float ms = 0;
  float late_ms = 0;  // started this long after its schedule
  bool ok = false;
  bool push = false;
};

struct Totals {
  std::atomic<long> exchanges{0};
  std::atomic<long> failed{0};
  std::atomic<long> events_sent{0};
  std::atomic<long> events_refused{0};  // acked as rejected (an error of the bench or the server)
  std::string first_error;
  std::mutex error_mutex;
};

class Fleet {
 public:
  Fleet(const Settings& s, const Region& region, std::vector<KioskState>& states, int n, int port, std::string ca)
      : s_(s), region_(region), states_(states), n_(n), ca_(std::move(ca)) {
    address_ = kiosk::ServerAddress{true, "127.0.0.1", std::to_string(port), ""};
    tls_.ca_file = ca_;
    poll_ = std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s.poll_s));
  }

  // Runs until `until`; samples taken from `measure_from` on are kept.
  void run(SteadyClock::time_point start, SteadyClock::time_point measure_from, SteadyClock::time_point until) {
    measure_from_ = measure_from;
    until_ = until;
    for (int k = 0; k < n_; ++k) {
      auto& st = states_[static_cast<std::size_t>(k)];
      st.random.seed(static_cast<std::uint64_t>(k) * 7919 + 17);
      // Kiosks start spread over one poll interval (they were not all switched on at once).
      std::uniform_real_distribution<double> phase(0, 1);
      st.next_poll = start + std::chrono::duration_cast<SteadyClock::duration>(poll_ * phase(st.random));
      st.next_checkin = start + exponential(st, s_.checkins_per_min > 0 ? 60.0 / s_.checkins_per_min : 0);
      st.next_booking = start + exponential(st, s_.booking_every_min * 60.0);
      queue_.push({due(st), k});
    }
    std::vector<std::thread> pool;
    for (int t = 0; t < s_.threads; ++t) pool.emplace_back([this] { work(); });
    for (auto& t : pool) t.join();
  }

  std::vector<Sample> samples() {
    std::vector<Sample> all;
    for (auto& per_thread : samples_) all.insert(all.end(), per_thread.begin(), per_thread.end());
    return all;
  }
  Totals& totals() { return totals_; }

 private:
  using Entry = std::pair<SteadyClock::time_point, int>;

  // A Poisson process's next gap (mean mean_s); zero: never (a year away).
  SteadyClock::duration exponential(KioskState& st, double mean_s) {
    if (!(mean_s > 0) || mean_s > 1e6) return std::chrono::hours(24 * 365);
    std::exponential_distribution<double> d(1.0 / mean_s);
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(d(st.random)));
  }
  static SteadyClock::time_point due(const KioskState& st) {
    return std::min({st.next_poll, st.next_checkin, st.next_booking});
  }

  // Leader and followers: one thread waits for the next kiosk's time, the
  // others sleep until it takes that kiosk (then one of them leads), so a
  // hundred threads do not all wake at every exchange.
  void work() {
    std::vector<Sample> mine;
    std::unique_lock lock(mutex_);
    while (!done_) {
      if (queue_.empty() || queue_.top().first >= until_) {
        done_ = true;
        wake_.notify_all();
        break;
      }
      if (leader_) {
        wake_.wait(lock);
        continue;
      }
      const Entry next = queue_.top();
      if (SteadyClock::now() < next.first) {
        leader_ = true;
        wake_.wait_until(lock, next.first);
        leader_ = false;
        continue;  // an earlier kiosk may have come meanwhile
      }
      queue_.pop();
      wake_.notify_one();  // someone else leads
      lock.unlock();
      auto& st = states_[static_cast<std::size_t>(next.second)];
      exchange(next.second, st, SteadyClock::now(), mine, next.first);
      lock.lock();
      const auto when = due(st);
      const bool earliest = queue_.empty() || when < queue_.top().first;
      queue_.push({when, next.second});
      if (earliest) wake_.notify_all();  // the leader waits for a later time
    }
    lock.unlock();
    std::lock_guard guard(samples_mutex_);
    samples_.push_back(std::move(mine));
  }

  sync::Event check_in(const Region& region, int kiosk, KioskState& st) {
    const auto& site = region.sites[static_cast<std::size_t>(region.kiosks[static_cast<std::size_t>(kiosk)].site)];
    std::uniform_int_distribution<std::size_t> pick(0, site.members.size() - 1);
    const std::size_t m = pick(st.random);
    sync::Event e;
    e.id = make_uuid_v4();
    e.type = sync::EventType::CheckIn;
    e.at = now();
    e.visit_id = make_uuid_v4();
    e.member_id = site.members[m];
    e.badge_uid = site.badges[m];
    return e;
  }

  sync::Event booking(const Region& region, int kiosk, KioskState& st) {
    const auto& site = region.sites[static_cast<std::size_t>(region.kiosks[static_cast<std::size_t>(kiosk)].site)];
    std::uniform_int_distribution<std::size_t> member(0, site.members.size() - 1);
    std::uniform_int_distribution<std::size_t> desk(0, site.desks.size() - 1);
    std::uniform_int_distribution<int> day(1, 30);
    std::uniform_int_distribution<int> hour(8, 17);
    const CivilDate d = add_days(paris_civil_date(now()), day(st.random));
    const Instant start = from_paris(d.year, d.month, d.day, hour(st.random), 0);
    sync::Event e;
    e.id = make_uuid_v4();
    e.type = sync::EventType::BookingRequest;
    e.at = now();
    e.booking_id = make_uuid_v4();
    e.member_id = site.members[member(st.random)];
    e.resource_id = site.desks[desk(st.random)];
    e.start = start;
    e.end = start + std::chrono::hours(1);
    return e;
  }

  // One sync as the kiosk's SyncClient makes it: its outbox (if any) and
  // cursor, again while the server says there is more.
  void exchange(int k, KioskState& st, SteadyClock::time_point started, std::vector<Sample>& out,
                SteadyClock::time_point scheduled) {
    if (started >= st.next_checkin) {
      st.outbox.push_back(check_in(region_, k, st));
      st.next_checkin = started + exponential(st, 60.0 / s_.checkins_per_min);  // > 0: it came
    }
    if (started >= st.next_booking) {
      st.outbox.push_back(booking(region_, k, st));
      st.next_booking = started + exponential(st, s_.booking_every_min * 60.0);
    }
    const std::string& token = region_.kiosks[static_cast<std::size_t>(k)].token;
    bool more = true;
    bool first = true;
    while (more) {
      sync::SyncRequest request;
      request.cursor = st.cursor;
      request.kiosk_version = "bench-fleet";
      request.events = st.outbox;
      const auto t0 = SteadyClock::now();
      const auto reply = kiosk::post_json(address_, "/api/v1/sync", sync::encode(request), token,
                                          std::chrono::milliseconds(s_.timeout_ms), tls_);
      const auto t1 = SteadyClock::now();
      Sample sample{static_cast<float>(ms_between(t0, t1)),
                    first ? static_cast<float>(ms_between(scheduled, started)) : 0.0f, false, !request.events.empty()};
      first = false;
      more = false;
      std::string problem;
      if (reply.status == 200) {
        if (auto decoded = sync::decode_response(reply.body)) {
          sample.ok = true;
          for (const auto& ack : decoded->acks) {
            if (ack.status == sync::AckStatus::Rejected) {
              ++totals_.events_refused;
              problem = "event rejected: " + ack.reason;
            }
          }
          totals_.events_sent += static_cast<long>(request.events.size());
          st.outbox.clear();  // every event acknowledged (stored, duplicate or rejected)
          st.cursor = decoded->cursor;
          more = decoded->more;
        } else {
          problem = "unreadable answer: " + decoded.error();
        }
      } else {
        problem = "HTTP " + std::to_string(reply.status) + " " + reply.error + " " + reply.body.substr(0, 200);
      }
      if (!problem.empty()) {
        std::lock_guard lock(totals_.error_mutex);
        if (totals_.first_error.empty()) totals_.first_error = problem;
      }
      if (t0 >= measure_from_) {
        ++totals_.exchanges;
        if (!sample.ok) ++totals_.failed;
        out.push_back(sample);
      }
      if (!sample.ok) break;  // the kiosk backs off; here it simply tries at its next poll
    }
    st.next_poll = SteadyClock::now() + poll_;
  }

  const Settings& s_;
  const Region& region_;
  std::vector<KioskState>& states_;
  int n_;
  std::string ca_;
  kiosk::ServerAddress address_;
  kiosk::TlsSettings tls_;
  SteadyClock::duration poll_{};
  SteadyClock::time_point measure_from_{};
  SteadyClock::time_point until_{};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool leader_ = false;
  bool done_ = false;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  std::mutex samples_mutex_;
  std::vector<std::vector<Sample>> samples_;
  Totals totals_;
};

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// The packaged configuration with this bench's paths and per-address cap.
void write_config(const Settings& s, const fs::path& db, const fs::path& cert, const fs::path& key, const fs::path& out,
                  bool tls = true) {
  std::ifstream in(s.config);
  if (!in) throw std::runtime_error("cannot read " + s.config);
  std::ofstream o(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("database = ", 0) == 0) {
      line = "database = \"" + db.string() + "\"";
    } else if (line.rfind("certificate = ", 0) == 0) {
      line = "certificate = \"" + (tls ? cert.string() : "") + "\"";
    } else if (line.rfind("private_key = ", 0) == 0) {
      line = "private_key = \"" + (tls ? key.string() : "") + "\"";
    } else if (line.rfind("max_connections_per_address = ", 0) == 0) {
      line = "max_connections_per_address = " + std::to_string(s.per_address);
    }
    o << line << "\n";
  }
}

// The server's side of an up-to-date kiosk's poll alone, without TLS nor a
// new connection each time: `requests` empty syncs of one kiosk, one after
// another over one keep-alive plain HTTP connection (loopback: served
// without TLS), as wrk would. Prints the rate, latency and the server's CPU
// per sync.
void empty_syncs(const Settings& s, const std::string& program, const std::string& label, const fs::path& dir,
                 const fs::path& db, const std::string& token, int requests) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  using tcp = boost::asio::ip::tcp;
  const fs::path config = dir / "server-plain.toml";
  write_config(s, db, {}, {}, config, false);
  Server server(s, program, config, dir / ("server-empty-sync-" + label + ".log"), false);
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())));
  beast::flat_buffer buffer;
  sync::SyncRequest request;
  request.kiosk_version = "bench-fleet";
  const auto exchange = [&] {
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/api/v1/sync", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::content_type, "application/json");
    req.set(bhttp::field::authorization, "Bearer " + token);
    req.keep_alive(true);
    req.body() = sync::encode(request);
    req.prepare_payload();
    bhttp::write(stream, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    if (res.result() != bhttp::status::ok)
      throw std::runtime_error("sync answered " + std::to_string(res.result_int()));
    auto decoded = sync::decode_response(res.body());
    if (!decoded) throw std::runtime_error("unreadable sync answer");
    return *decoded;
  };
  for (;;) {  // up to date first
    const auto r = exchange();
    request.cursor = r.cursor;
    if (!r.more) break;
  }
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(requests));
  std::optional<pid_t> perf;
  if (!s.perf_at.empty() && s.perf_at == label) perf = start_perf(server.pid(), label + "-" + s.perf_out, true);
  const double cpu0 = server.cpu_s();
  const auto t0 = SteadyClock::now();
  for (int i = 0; i < requests; ++i) {
    const auto a = SteadyClock::now();
    const auto r = exchange();
    ms.push_back(ms_between(a, SteadyClock::now()));
    if (!r.acks.empty() || !r.members.empty()) throw std::runtime_error("the poll was not empty");
  }
  const double seconds = ms_between(t0, SteadyClock::now()) / 1000;
  const double cpu = server.cpu_s() - cpu0;
  if (perf) stop_perf(*perf);
  std::printf("%-8s | %8.0f | %7.3f %7.3f | %8.1f | %s\n", label.c_str(), requests / seconds, bench::percentile(ms, 50),
              bench::percentile(ms, 99), 1e6 * cpu / requests, loadavg().c_str());
  std::fflush(stdout);
}

int run_command(const std::vector<std::string>& argv) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  CLI::App app{"A fleet of simulated kiosks syncing over TLS with one escale-server"};
  app.add_option("--server", s.server, "the escale-server program")->required();
  app.add_option("--config", s.config, "configuration to start from (the packaged one)")->capture_default_str();
  app.add_option("--kiosks", s.kiosks, "fleet sizes, e.g. 500,1000")->delimiter(',')->capture_default_str();
  app.add_option("--dir", s.dir, "folder for the database and certificate (kept; reused when its database exists)");
  app.add_option("--poll-s", s.poll_s, "seconds between two polls of a kiosk")->capture_default_str();
  app.add_option("--checkins-per-min", s.checkins_per_min, "check-ins per kiosk and minute")->capture_default_str();
  app.add_option("--booking-every-min", s.booking_every_min, "minutes between two bookings of a kiosk, on average")
      ->capture_default_str();
  app.add_option("--threads", s.threads, "threads driving the kiosks")->capture_default_str();
  app.add_option("--warmup-s", s.warmup_s, "seconds before the measurement")->capture_default_str();
  app.add_option("--measure-s", s.measure_s, "seconds measured per fleet size")->capture_default_str();
  app.add_option("--nofile", s.nofile, "the server's descriptor limit")->capture_default_str();
  app.add_option("--per-address", s.per_address, "[server] max_connections_per_address")->capture_default_str();
  app.add_option("--perf-at", s.perf_at,
                 "perf record the server during this fleet size's measurement (--empty-sync: before or after)");
  app.add_option("--perf-out", s.perf_out, "perf's output file")->capture_default_str();
  app.add_option("--empty-sync", s.empty_sync,
                 "instead of the fleet: this many empty syncs of one up-to-date kiosk over one keep-alive plain "
                 "HTTP connection, CPU per sync");
  app.add_option("--server-before", s.server_before, "--empty-sync: compare with this escale-server, same run");
  app.add_option("--rounds", s.rounds, "--empty-sync: rounds, alternating the servers")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::sort(s.kiosks.begin(), s.kiosks.end());
  const int most = s.kiosks.back();

  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  signal(SIGPIPE, SIG_IGN);

  fs::path dir = s.dir;
  bool temporary = false;
  if (dir.empty()) {
    dir = fs::temp_directory_path() / ("escale-bench-fleet-" + std::to_string(getpid()));
    temporary = true;
  }
  fs::create_directories(dir);
  const fs::path db = dir / "escale-server.db";
  const fs::path cert = dir / "server.crt";
  const fs::path key = dir / "server.key";
  const fs::path config = dir / "server.toml";
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix, ignored);
  const auto made = SteadyClock::now();
  const Region region = make_region(db, s.empty_sync > 0 ? 2 : most, s);
  if (s.empty_sync > 0) {
    std::printf("%-8s | %8s | %7s %7s | %8s | %s\n", "server", "syncs/s", "p50 ms", "p99 ms", "CPU µs", "load");
    for (int round = 0; round < s.rounds; ++round) {
      if (!s.server_before.empty())
        empty_syncs(s, s.server_before, "before", dir, db, region.kiosks[0].token, s.empty_sync);
      empty_syncs(s, s.server, "after", dir, db, region.kiosks[0].token, s.empty_sync);
    }
    if (temporary) fs::remove_all(dir, ignored);
    return 0;
  }
  std::printf("region: %zu sites, %zu kiosks, %d members each site, made in %.1f s\n", region.sites.size(),
              region.kiosks.size(), s.members_per_site, ms_between(made, SteadyClock::now()) / 1000);
  // --force: a kept folder's certificate is made again (the kiosks are given it below).
  if (run_command({s.server, "tls", "self-signed", "--cert", cert.string(), "--key", key.string(), "--name",
                   "localhost", "--ip", "127.0.0.1", "--force"}) != 0) {
    std::fprintf(stderr, "bench_fleet: escale-server tls self-signed failed\n");
    return 2;
  }
  write_config(s, db, cert, key, config);
  std::printf("server: %s, %s with max_connections_per_address = %d, descriptor limit %d\n", s.server.c_str(),
              s.config.c_str(), s.per_address, s.nofile);
  std::printf(
      "each kiosk: a poll every %.0f s, %.1f check-ins a minute (pushed at once), a booking every %.0f min on "
      "average; %d threads drive them; %.0f s warm-up, %.0f s measured\n",
      s.poll_s, s.checkins_per_min, s.booking_every_min, s.threads, s.warmup_s, s.measure_s);
  std::printf("%7s | %8s %7s | %7s %7s %7s %7s | %7s %7s | %9s %8s %8s %8s | %9s | %s\n", "kiosks", "sync/s", "push %",
              "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "refused", "srv CPU %", "ms/sync", "srv RSS",
              "srv peak", "late p99", "bench CPU %, load");
  std::fflush(stdout);

  int status = 0;
  std::vector<KioskState> states(static_cast<std::size_t>(most));
  for (const int n : s.kiosks) {
    Server server(s, s.server, config, dir / ("server-" + std::to_string(n) + ".log"));
    Fleet fleet(s, region, states, n, server.port(), cert.string());
    const auto start = SteadyClock::now();
    const auto measure_from =
        start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s.warmup_s));
    const auto until =
        measure_from + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s.measure_s));
    // The server's CPU over the measured window, read by a watcher thread at its edges.
    double cpu0 = 0, cpu1 = 0, self0 = 0, self1 = 0;
    std::optional<pid_t> perf;
    std::thread watcher([&] {
      std::this_thread::sleep_until(measure_from);
      cpu0 = server.cpu_s();
      self0 = self_cpu_s();
      if (s.perf_at == std::to_string(n)) perf = start_perf(server.pid(), s.perf_out, false);
      std::this_thread::sleep_until(until);
      cpu1 = server.cpu_s();
      self1 = self_cpu_s();
      if (perf) stop_perf(*perf);
    });
    fleet.run(start, measure_from, until);
    watcher.join();
    const double rss = server.memory_mb("VmRSS");
    const double peak = server.memory_mb("VmHWM");
    auto samples = fleet.samples();
    std::vector<double> ms, late;
    long pushes = 0;
    for (const auto& x : samples) {
      ms.push_back(x.ms);
      late.push_back(x.late_ms);
      if (x.push) ++pushes;
    }
    auto& t = fleet.totals();
    const double seconds = s.measure_s;
    const double p99 = bench::percentile(ms, 99);
    std::printf(
        "%7d | %8.1f %7.1f | %7.1f %7.1f %7.1f %7.0f | %7ld %7ld | %9.1f %8.3f %5.0f MB %5.0f MB | %6.1f ms | %.0f, "
        "%s\n",
        n, static_cast<double>(samples.size()) / seconds,
        samples.empty() ? 0.0 : 100.0 * static_cast<double>(pushes) / static_cast<double>(samples.size()),
        bench::percentile(ms, 50), bench::percentile(ms, 90), p99,
        ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()), t.failed.load(), t.events_refused.load(),
        100.0 * (cpu1 - cpu0) / seconds,
        samples.empty() ? 0.0 : 1000.0 * (cpu1 - cpu0) / static_cast<double>(samples.size()), rss, peak,
        bench::percentile(late, 99), 100.0 * (self1 - self0) / seconds, loadavg().c_str());
    if (!t.first_error.empty()) std::printf("        first problem: %s\n", t.first_error.substr(0, 300).c_str());
    std::fflush(stdout);
    if (n == 5000 && (p99 > 200 || t.failed > 0)) status = 1;  // the target: 5 000 kiosks, p99 ≤ 200 ms, no error
  }
  if (temporary) fs::remove_all(dir, ignored);
  return status;
}
