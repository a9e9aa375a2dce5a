// The kiosk assembled: local store, app logic, screens, reader, sync client,
// and the event loop that ties them together without burning CPU. Also runs
// headless scripts (script/script.hpp) for tests and the demo tour.
//
//   reader thread ──SDL_PushEvent──▶ loop ──▶ KioskApp ──▶ LocalStore (+outbox)
//                                      │                      │
//                                      ▼                      ▼ poke
//                                  Frontend              SyncClient thread ──▶ server
#pragma once

#include <SDL.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/kiosk_app.hpp"
#include "config/kiosk_config.hpp"
#include "printer/receipt_printer.hpp"
#include "reader/badge_reader.hpp"
#include "script/script.hpp"
#include "store/local_store.hpp"
#include "sync/enrolment.hpp"
#include "sync/login_link.hpp"
#include "sync/sync_client.hpp"
#include "ui/frontend.hpp"

namespace escale::kiosk {

class KioskRuntime {
 public:
  explicit KioskRuntime(const KioskConfig& config);
  ~KioskRuntime();
  KioskRuntime(const KioskRuntime&) = delete;
  KioskRuntime& operator=(const KioskRuntime&) = delete;

  // Interactive: runs until the window is closed (or Ctrl+Q). Returns the exit code.
  int run_interactive();
  // Runs a script from a file, or from stdin line by line when the path is
  // "-" (each command answered "ok N verb" on stdout). Returns 0 when every
  // command passed, 1 at the first failure (with what was on screen).
  int run_script(const std::filesystem::path& path);

  // ---- building blocks, public for the benchmarks
  // Hands a UID to the loop as the reader thread does (thread-safe).
  void deliver_badge(std::string uid);
  // Waits up to `timeout_ms` for events, handles them all; returns false on quit.
  bool pump_events(int timeout_ms);
  // Renders one frame of the current view (presented on screen).
  void render_frame();
  // One turn of run_interactive's loop: the app's timers, the night, a frame
  // if one is due, then a wait for an event or the next deadline (at most
  // `cap`). Public for the tests and the night benchmark.
  struct Turn {
    int timeout_ms = 0;  // how long the turn was ready to wait
    bool event = false;  // an event ended the wait (not the timeout)
  };
  Turn turn(std::chrono::milliseconds cap = std::chrono::milliseconds(60'000));
  // What the loop did since it started: turns, frames drawn, looks at the
  // input queue, and how the waits between them ended (drivers without a
  // native wait). Read from the loop's thread.
  struct Counters {
    std::uint64_t turns = 0;
    std::uint64_t frames = 0;
    std::uint64_t input_polls = 0;
    std::uint64_t waits_timed_out = 0;  // woke to look at the input again
    std::uint64_t waits_signalled = 0;  // woken by the reader or the sync thread
  };
  const Counters& counters() const { return counters_; }
  // True while the loop is blocked waiting for an event (any thread): lets a
  // test or a benchmark hand a badge to a loop that sleeps.
  bool waiting() const { return waiting_.load(); }
  bool screen_asleep() const { return asleep_; }
  KioskApp& app() { return app_; }
  ui::Frontend& frontend() { return frontend_; }
  SyncClient& sync() { return sync_; }
  // The receipt printer ([printer] in kiosk.toml); null when there is none.
  printer::ReceiptPrinter* receipt_printer() { return printer_.get(); }
  Instant now() const { return escale::now() + clock_offset_; }
  // When the reader last handed over a UID (steady clock): the benchmark's
  // "libnfc's read is done" mark.
  std::chrono::steady_clock::time_point last_badge_delivery() const { return last_delivery_.load(); }

 private:
  bool handle_event(const SDL_Event& event);
  void wake();  // from any thread: a badge or a sync change is waiting
  bool wait_for_event(SDL_Event& event, int timeout_ms);
  void drain_badges();
  void on_badge(const std::string& uid);
  // First run: the token to use, or the enrolment screen (and the exchange of
  // a configured code).
  void start_enrolment_or_sync_token();
  // After the app handled a tap: an exchange the first-run screen asked for.
  void launch_enrolment();
  // After the app handled a tap: a help ticket to print, if any (and a printer).
  void print_ticket();
  void drain_enrolment_reports();
  // After the app handled a tap: a member's login link the phone-link screen
  // asked for (« Sur mon téléphone », « Réessayer »), asked off the UI thread.
  void launch_phone_link();
  void drain_phone_link_reports();
  // Night: black frame and backlight off when the app says the screen
  // sleeps, backlight on again when it wakes.
  void update_sleep(Instant t);
  // Préparation (enrolled, first pull awaited): tells the app whether the
  // last exchange failed, so the screen says so.
  void update_preparation();
  void write_backlight(bool off);
  bool is_wake_input(const SDL_Event& event) const;
  std::optional<std::string> run_command(const ScriptCommand& cmd);
  void settle(int frames);

  KioskConfig config_;
  LocalStore store_;
  KioskApp app_;
  ui::Frontend frontend_;
  SyncClient sync_;
  std::unique_ptr<BadgeReader> reader_;
  Uint32 wake_event_ = 0;  // SDL user event: a badge or a sync change is waiting
  std::mutex queue_mutex_;
  std::condition_variable wake_;  // for video drivers without a native event wait
  bool woken_ = false;
  bool native_wait_ = false;  // x11 and wayland can sleep inside SDL_WaitEventTimeout
  std::deque<std::string> badge_queue_;
  ReaderHealth reader_health_ = ReaderHealth::Ok;  // guarded by queue_mutex_
  std::string reader_detail_;                      // guarded by queue_mutex_
  std::atomic<std::chrono::steady_clock::time_point> last_delivery_{};
  Counters counters_;
  std::atomic<bool> waiting_{false};
  bool last_wait_had_event_ = false;
  int frames_due_ = 2;  // frames still to render after the last input
  std::chrono::milliseconds clock_offset_{0};
  int last_minute_ = -1;
  bool quit_ = false;
  // Night sleep
  bool asleep_ = false;
  bool backlight_error_logged_ = false;
  bool swallow_until_release_ = false;  // the finger that woke the screen is still down
  bool sync_trouble_shown_ = false;     // préparation: what the app was last told of the sync
  // First run: the exchange under way, and its reports waiting for the loop
  // (guarded by queue_mutex_).
  struct EnrolReport {
    EnrolOutcome outcome;
    std::optional<std::chrono::milliseconds> will_retry_in;
  };
  std::deque<EnrolReport> enrol_reports_;
  // « Mon espace »: the login links asked for and their answers waiting for
  // the loop (guarded by queue_mutex_). A task still under way when another
  // is asked for (the member went back and asked again) is left to finish
  // on its own thread; finished ones are let go at the next request.
  struct PhoneLinkReport {
    std::uint64_t request_id = 0;
    LoginLinkOutcome outcome;
  };
  std::deque<PhoneLinkReport> phone_link_reports_;
  std::vector<std::unique_ptr<LoginLinkTask>> phone_link_tasks_;  // their threads stop before the rest goes
  std::unique_ptr<printer::ReceiptPrinter> printer_;              // its thread stops before the rest goes
  std::unique_ptr<EnrolmentTask> enrol_task_;  // declared last: its thread stops before the rest goes
};

}  // namespace escale::kiosk
