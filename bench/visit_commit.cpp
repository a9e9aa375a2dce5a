// Benchmark: the visit's commit alone, as a badge tap makes it
// (LocalStore::record_check_in: the visit and its outbox event in one SQLite
// transaction, WAL), in the three ways a commit can reach the disk:
//
//   in-commit   synchronous=NORMAL, SQLite's automatic checkpoint (every 1 000
//               WAL pages) run by the committing connection: a tap now and then
//               pays the checkpoint's two fsyncs (Escale before issue 16)
//   elsewhere   the committing connection with synchronous=OFF (it never
//               fsyncs, not even the WAL header after a checkpoint), checkpoints
//               left to a synchronous=NORMAL connection on another thread, woken
//               after each commit as the kiosk's sync thread is by the tap's
//               poke (Escale now; durable at that checkpoint, as with NORMAL)
//   full        synchronous=FULL: every commit fsyncs the WAL before it returns
//
//   bench_visit_commit [COMMITS] [DIR]
// DIR: where the databases go (default: the temporary directory); use a folder on
// the disk to measure (the SD card on a Pi), not a tmpfs.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kiosk_members.hpp"
#include "stats.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;

namespace {

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one + " " + five;
}

// Checkpoints on its own connection each time it is woken (the sync thread's part).
class Checkpointer {
 public:
  explicit Checkpointer(const std::filesystem::path& db) : store_(db), thread_([this] { run(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  void poke() {
    {
      std::lock_guard lock(mutex_);
      poked_ = true;
    }
    wake_.notify_one();
  }
  int checkpoints() const { return checkpoints_; }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || poked_; });
      if (stopping_) return;
      poked_ = false;
      lock.unlock();
      store_.checkpoint();
      ++checkpoints_;
      lock.lock();
    }
  }
  LocalStore store_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false;
  bool stopping_ = false;
  int checkpoints_ = 0;
  std::thread thread_;
};

struct Mode {
  const char* name;
  LocalStoreOptions options;
  bool checkpointer;
};

}  // namespace

int main(int argc, char** argv) {
  const int commits = argc > 1 ? std::atoi(argv[1]) : 3000;
  const std::filesystem::path base = argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path();
  std::random_device rd;
  const auto dir = base / ("escale-bench-commit-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  std::printf("visit commits (%d check-ins, %s), load average before: %s\n", commits, dir.c_str(),
              load_average().c_str());

  const Mode modes[] = {
      {"in-commit (NORMAL, automatic checkpoint)", {}, false},
      {"elsewhere (OFF, NORMAL checkpoint on another thread)", {.checkpoints_elsewhere = true}, true},
      {"full (synchronous=FULL)", {.fsync_each_commit = true}, false},
  };
  int status = 0;
  for (const auto& mode : modes) {
    const auto db = dir / (std::string("kiosk-") + std::to_string(&mode - modes) + ".db");
    bench::seed_kiosk_members(db, commits, 0x30000000);
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(commits));
    int checkpoints = 0;
    {
      LocalStore store(db, mode.options);
      std::unique_ptr<Checkpointer> checkpointer;
      if (mode.checkpointer) checkpointer = std::make_unique<Checkpointer>(db);
      const auto start = now();
      for (int i = 0; i < commits; ++i) {
        const auto uid = BadgeUid::parse(bench::badge_uid(0x30000000, i));
        const auto t0 = std::chrono::steady_clock::now();
        store.record_check_in(i + 1, uid, start + std::chrono::seconds(i), std::nullopt, std::nullopt);
        const auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        if (checkpointer) checkpointer->poke();
      }
      if (checkpointer) checkpoints = checkpointer->checkpoints();
      if (store.pending_count() != commits) {
        std::fprintf(stderr, "%s: %lld events in the outbox, expected %d\n", mode.name,
                     static_cast<long long>(store.pending_count()), commits);
        status = 1;
      }
    }
    std::printf("  %-52s median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.2f ms", mode.name, bench::percentile(ms, 50),
                bench::percentile(ms, 90), bench::percentile(ms, 99), bench::percentile(ms, 100));
    if (mode.checkpointer) std::printf(" (%d checkpoints beside)", checkpoints);
    std::printf("\n");
  }
  std::printf("  load average after: %s\n", load_average().c_str());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return status;
}
