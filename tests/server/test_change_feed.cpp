// The change feed under concurrent writers (issue 16): a row becomes visible
// to a pull only once every lower cursor value is committed (the invariant
// stated at record_change, server/store/changes.cpp). Several writer threads,
// each with its own connection to one SQLite file, commit changes (some of
// them rolled back) for two sites while a puller, on a connection of its own,
// follows one site's feed with the cursor it is given, as a kiosk does. The
// puller must see every committed row of its site exactly once, never a
// rolled-back one, and the cursors it is given must only increase.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"
#include "store/changes.hpp"
#include "support/wait_until.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;
using escale::tests::wait_until;

constexpr int kWriters = 4;
constexpr int kTransactionsPerWriter = 120;

struct WriterLog {
  std::vector<std::string> committed;    // keys of the followed site, committed
  std::vector<std::string> rolled_back;  // keys written then rolled back
  std::string error;                     // what went wrong, if anything
};

// Transactions of one to three rows, alternating sites; one in seven rolled back.
void write(const std::filesystem::path& path, int writer, std::int64_t followed, std::int64_t other, WriterLog& log) {
  try {
    store::Database db(path, store::OpenOptions{.busy_timeout_ms = 60'000});
    for (int t = 0; t < kTransactionsPerWriter; ++t) {
      const bool roll_back = t % 7 == 3;
      std::vector<std::string> mine;
      store::Transaction tx(db);
      for (int row = 0; row <= t % 3; ++row) {
        const std::int64_t site = (t + row) % 2 == 0 ? followed : other;
        const std::string key = "w" + std::to_string(writer) + "-t" + std::to_string(t) + "-r" + std::to_string(row);
        record_change(db, site, Entity::Booking, key);
        if (site == followed) mine.push_back(key);
      }
      if (roll_back) {
        log.rolled_back.insert(log.rolled_back.end(), mine.begin(), mine.end());
        continue;  // ~Transaction rolls back
      }
      tx.commit();
      log.committed.insert(log.committed.end(), mine.begin(), mine.end());
    }
  } catch (const std::exception& e) {
    log.error = e.what();
  }
}

struct PullerLog {
  std::vector<std::string> seen;  // in the order pulled
  std::vector<std::string> regressions;
  std::string error;
  int pulls = 0;
};

}  // namespace

TEST_CASE("change feed: a puller never skips a row while writers commit concurrently", "[changes][concurrency]") {
  ServerDb s;
  const auto followed = s.site("Tiers-lieu de Montbard");
  const auto other = s.site("Maison France services de Semur", "21603");
  const std::int64_t start = changes_after(s.db, followed, 0, 1'000'000).cursor;  // past the sites' own rows

  std::atomic<bool> stop{false};
  std::atomic<std::size_t> seen_count{0};
  std::atomic<bool> puller_failed{false};
  PullerLog puller_log;
  std::thread puller([&] {
    try {
      store::Database db(s.path, store::OpenOptions{.busy_timeout_ms = 60'000});
      std::int64_t cursor = start;
      while (!stop.load()) {
        // A small page, so that `more` and the jump to the newest cursor both happen.
        const ChangeBatch batch = changes_after(db, followed, cursor, 5);
        ++puller_log.pulls;
        if (batch.cursor < cursor) {
          puller_log.regressions.push_back(std::to_string(cursor) + " → " + std::to_string(batch.cursor));
        }
        for (const auto& e : batch.entities) puller_log.seen.push_back(e.key);
        cursor = batch.cursor;
        seen_count.store(puller_log.seen.size());
      }
    } catch (const std::exception& e) {
      puller_log.error = e.what();
      puller_failed.store(true);
    }
  });

  std::vector<WriterLog> logs(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] { write(s.path, w, followed, other, logs[static_cast<std::size_t>(w)]); });
  }
  for (auto& t : writers) t.join();

  std::set<std::string> committed;
  std::set<std::string> rolled_back;
  for (const auto& log : logs) {
    INFO("writer error: " << log.error);
    CHECK(log.error.empty());
    committed.insert(log.committed.begin(), log.committed.end());
    rolled_back.insert(log.rolled_back.begin(), log.rolled_back.end());
  }
  REQUIRE(committed.size() > 200);  // the writers did write
  REQUIRE_FALSE(rolled_back.empty());

  // Every committed row is eventually seen: wait for as many as were committed
  // (a skipped row would keep the count below, until the generous deadline).
  const bool caught_up = wait_until([&] { return seen_count.load() >= committed.size() || puller_failed.load(); });
  stop.store(true);
  puller.join();
  INFO("puller error: " << puller_log.error);
  REQUIRE(puller_log.error.empty());
  CHECK(caught_up);
  CHECK(puller_log.pulls > 1);

  INFO("cursors that went back: " << puller_log.regressions.size());
  CHECK(puller_log.regressions.empty());

  std::map<std::string, int> times;
  for (const auto& key : puller_log.seen) ++times[key];
  std::vector<std::string> missing, twice, never_committed;
  for (const auto& key : committed) {
    if (!times.contains(key)) missing.push_back(key);
  }
  for (const auto& [key, n] : times) {
    if (n > 1) twice.push_back(key);
    if (!committed.contains(key)) never_committed.push_back(key);
  }
  INFO("missing: " << missing.size() << (missing.empty() ? "" : " (first " + missing.front() + ")"));
  CHECK(missing.empty());
  INFO("seen twice: " << twice.size());
  CHECK(twice.empty());
  INFO("seen but not committed (rolled back or another site's): " << never_committed.size());
  CHECK(never_committed.empty());
}
