// The kiosk's background sync: a thread that pushes the outbox and pulls
// changes every few seconds and right after each event (poke()). It has its
// own SQLite connection and its own Asio io_context; the UI never waits on it.
// With the server down it retries with backoff; nothing is lost, since events
// leave the outbox only once the server has acknowledged them.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "result.hpp"
#include "sync/http_client.hpp"
#include "sync/protocol.hpp"

namespace escale::kiosk {

struct SyncSettings {
  std::string server_url;                            // empty: no server (offline kiosk, everything stays in the outbox)
  std::string token;                                 // the kiosk's bearer token
  TlsSettings tls;                                   // https:// servers: how their certificate is checked
  std::chrono::milliseconds interval{5000};          // pull even when nothing happens
  std::chrono::milliseconds request_timeout{10000};  // one HTTP exchange
  std::chrono::milliseconds max_backoff{60000};
  std::size_t batch_size = 100;  // events per push
  std::string kiosk_version = "0.1.0";
};

struct SyncStatus {
  std::int64_t pending = 0;  // events in the outbox
  std::optional<std::chrono::system_clock::time_point> last_success;
  std::string last_error;  // empty after a success
  int exchanges = 0;
};

class SyncClient {
 public:
  // `on_change` is called (from the sync thread) after an exchange that
  // brought members, badges or site changes, or that completed the first pull
  // after enrolment (LocalStore::mark_first_pull_done), so the UI can redraw.
  SyncClient(std::filesystem::path db_path, SyncSettings settings, std::function<void()> on_change = {});
  ~SyncClient();  // stops and joins
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  void start();
  void stop();
  void poke();  // sync now (an event was just recorded)
  // The kiosk just enrolled: sync with this token from now on (and at once).
  // Until a token is set, the client does not contact the server.
  void set_token(std::string token);
  // The token the client syncs with (empty: none yet): other requests to the
  // same server (a member's login link) carry it too.
  std::string token() const;
  SyncStatus status() const;

  // Blocks until the outbox is empty and one exchange succeeded after the
  // call, or the timeout passes. Returns true on success. (Scripts and tests.)
  bool wait_until_synced(std::chrono::milliseconds timeout);

 private:
  void run();
  bool exchange_once(class LocalStore& store);         // true on success
  static void flush_to_disk(class LocalStore& store);  // WAL checkpoint, off the UI thread
  // One POST of these events (and the cursor): the answer, or what went wrong.
  struct Attempt {
    std::optional<sync::SyncResponse> response;
    int status = 0;       // HTTP status; 0 without an answer
    std::string problem;  // for the status and the log, when there is no response
    std::string message;  // the server's error message (non-200 answers)
  };
  Attempt push(class LocalStore& store, const ServerAddress& address, const std::string& token,
               std::vector<sync::Event> events);

  std::filesystem::path db_path_;
  SyncSettings settings_;
  std::function<void()> on_change_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable synced_;
  bool stopping_ = false;
  bool poked_ = false;
  SyncStatus status_;
};

}  // namespace escale::kiosk
