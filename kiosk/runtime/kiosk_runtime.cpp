// The kiosk's event loop and script runner.
//
// Idle design: the loop sleeps until an event (touch, key, badge, sync change)
// or the next deadline: the app's idle timeout, or the next minute for the
// clock. After an event, a few frames are drawn so ImGui can settle (press,
// release, result); then nothing is drawn until the next event.
//
// Sleeping: with x11 and wayland, SDL_WaitEventTimeout truly sleeps. Other
// drivers (kmsdrm on a Pi without a desktop, offscreen) have no native wait
// and SDL would poll every millisecond; there we poll input ourselves every
// kInputPollMs and sleep on a condition variable in between, which the reader
// and sync threads signal at once. While the screen sleeps at night, a touch
// only has to wake a black screen: the input is looked at every
// kAsleepInputPollMs instead (a badge still wakes the loop at once), no frame
// is drawn, and the loop turns once a minute to see whether morning came.
#include "runtime/kiosk_runtime.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "printer/escpos.hpp"
#include "reader/line_reader.hpp"
#include "reader/nfc_reader.hpp"
#include "time/public_holidays.hpp"
#include "ui/strings_help.hpp"

namespace escale::kiosk {
namespace {

// Taps that write an outbox event: push it at once rather than at the next interval.
bool sends_events(const UiAction& a) {
  return a.act == Act::WalkIn || a.act == Act::Confirm || a.act == Act::SkipBadge || a.act == Act::HelpSkipContact;
}

constexpr int kFramesAfterInput = 3;
constexpr int kInputPollMs = 30;          // touch latency bound on drivers without a native wait
constexpr int kAsleepInputPollMs = 250;   // the same, while the screen sleeps: a touch wakes a black screen
constexpr int kPreparationPollMs = 5000;  // préparation: how soon a failing sync shows on screen

KioskSettings app_settings(const KioskConfig& c) {
  KioskSettings s;
  s.idle_timeout = c.idle_timeout;
  s.min_visit = c.min_visit;
  s.kiosk_name = c.name;
  s.public_url = c.public_url.empty() ? c.server_url : c.public_url;
  s.sleep_outside_hours = c.sleep_outside_hours;
  s.sleep_margin = c.sleep_margin;
  // An offline-only kiosk (no [server] url) has nobody to ask for a login link.
  s.phone_link = !c.server_url.empty();
  return s;
}

ui::FrontendOptions frontend_options(const KioskConfig& c) {
  ui::FrontendOptions o;
  o.headless = c.headless;
  o.fullscreen = c.fullscreen && !c.headless;
  o.width = c.width;
  o.height = c.height;
  o.scale = c.scale;
  o.software_renderer = c.renderer == "software";
  return o;
}

SyncSettings sync_settings(const KioskConfig& c) {
  SyncSettings s;
  s.server_url = c.server_url;
  s.token = c.token;
  s.tls.ca_file = c.ca_file;
  s.interval = c.sync_interval;
  s.max_backoff = c.sync_max_backoff;
  return s;
}

// Two spellings of one server (a trailing slash, the case of the host).
std::string comparable_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  for (char& c : url) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return url;
}

std::string join_texts(const ui::FrameRecord& frame) {
  std::string out;
  for (const auto& t : frame.texts) out += "  « " + t + " »\n";
  return out;
}

}  // namespace

KioskRuntime::KioskRuntime(const KioskConfig& config)
    : config_(config),
      store_(config.database, LocalStoreOptions{.checkpoints_elsewhere = true}),
      app_(store_, app_settings(config)),
      frontend_(frontend_options(config)),
      // After an exchange that changed the site or members, wake the loop to redraw.
      sync_(config.database, sync_settings(config), [this] { wake(); }) {
  wake_event_ = SDL_RegisterEvents(1);
  if (wake_event_ == static_cast<Uint32>(-1)) throw std::runtime_error("SDL has no user event left");
  const std::string_view driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  native_wait_ = driver == "x11" || driver == "wayland";
  std::string connstring;
  if (parse_libnfc_spec(config_.reader, connstring)) {
    NfcReaderSettings nfc;
    nfc.connstring = connstring;
    nfc.min_interval = config_.reader_min_interval;
    reader_ = std::make_unique<NfcReader>(nfc);
  } else if (!config_.badge_input.empty()) {
    reader_ = std::make_unique<LineReader>(config_.badge_input);
  }
  if (reader_) {
    reader_->start({[this](std::string uid) { deliver_badge(std::move(uid)); },
                    [this](ReaderState state, const std::string& detail) {
                      if (state == ReaderState::Unavailable) spdlog::warn("badge reader: {}", detail);
                      {
                        std::lock_guard lock(queue_mutex_);
                        reader_health_ =
                            state == ReaderState::Unavailable ? ReaderHealth::Unavailable : ReaderHealth::Ok;
                        reader_detail_ = detail;
                      }
                      wake();
                    }});
  }
  if (!config_.printer.device.empty()) {
    printer::PrinterSettings p;
    p.device = config_.printer.device;
    p.baud = config_.printer.baud;
    p.timeout = config_.printer.timeout;
    printer_ = std::make_unique<printer::ReceiptPrinter>(p);
    spdlog::info("receipt printer: {}{}", p.device.string(),
                 p.baud != 0 ? fmt::format(" at {} baud", p.baud) : std::string());
  }
  // Scripts start awake whatever the hour (« night-sleep on » to test the night).
  if (!config_.script.empty()) app_.set_sleep_outside_hours(false);
  start_enrolment_or_sync_token();
  sync_.start();
}

KioskRuntime::~KioskRuntime() {
  enrol_task_.reset();        // its reports call back into this object
  phone_link_tasks_.clear();  // so do these (each within its timeout)
  if (reader_) reader_->stop();
  sync_.stop();
  if (asleep_) write_backlight(false);  // leave the panel lit for whatever runs next
}

// Token precedence: --token / token / token_file (already in config_.token)
// over the token kept by enrolment, which is used only for the server it
// came from (a token is never sent to another server).
void KioskRuntime::start_enrolment_or_sync_token() {
  if (config_.server_url.empty() || !config_.token.empty()) return;
  const std::optional<StoredEnrolment> stored = store_.enrolment();
  if (stored && comparable_url(stored->server_url) == comparable_url(config_.server_url)) {
    spdlog::info("enrolled as kiosk {} « {} » of « {} »", stored->kiosk_id, stored->kiosk_name, stored->site_name);
    sync_.set_token(stored->token);
    return;
  }
  if (stored) {
    spdlog::warn("this kiosk was enrolled with {}, not with {}: it must enrol with the new server", stored->server_url,
                 config_.server_url);
  }
  app_.require_enrolment(config_.server_url, now(), config_.enrolment_code);
  launch_enrolment();
}

void KioskRuntime::launch_enrolment() {
  const std::optional<EnrolRequest> request = app_.take_enrol_request();
  if (!request) return;
  EnrolmentTask::Settings s;
  s.server_url = config_.server_url;
  s.code = request->code;
  s.tls.ca_file = config_.ca_file;
  s.retry = request->retry;
  s.max_backoff = config_.sync_max_backoff;
  enrol_task_.reset();  // a finished one (the screen asks again only once it has answered)
  enrol_task_ = std::make_unique<EnrolmentTask>(
      s, [this](const EnrolOutcome& outcome, std::optional<std::chrono::milliseconds> will_retry_in) {
        {
          std::lock_guard lock(queue_mutex_);
          enrol_reports_.push_back({outcome, will_retry_in});
        }
        wake();
      });
}

void KioskRuntime::launch_phone_link() {
  const std::optional<PhoneLinkRequest> request = app_.take_phone_link_request();
  if (!request) return;
  // Finished tasks go; one still waiting for its answer stays (never joined on this thread).
  std::erase_if(phone_link_tasks_, [](const std::unique_ptr<LoginLinkTask>& t) { return t->finished(); });
  LoginLinkTask::Settings s;
  s.server_url = config_.server_url;
  s.token = sync_.token();
  s.member_id = request->member_id;
  s.tls.ca_file = config_.ca_file;
  const std::uint64_t id = request->id;
  phone_link_tasks_.push_back(std::make_unique<LoginLinkTask>(s, [this, id](const LoginLinkOutcome& outcome) {
    {
      std::lock_guard lock(queue_mutex_);
      phone_link_reports_.push_back({id, outcome});
    }
    wake();
  }));
}

void KioskRuntime::drain_phone_link_reports() {
  std::deque<PhoneLinkReport> reports;
  {
    std::lock_guard lock(queue_mutex_);
    reports.swap(phone_link_reports_);
  }
  for (const auto& r : reports) app_.on_phone_link_outcome(r.request_id, r.outcome);
}

void KioskRuntime::print_ticket() {
  const std::optional<TicketToPrint> due = app_.take_ticket_to_print();
  if (!due || !printer_) return;
  const auto page = config_.printer.code_page == "pc850" ? printer::CodePage::Pc850 : printer::CodePage::Pc858;
  const printer::Receipt receipt = ui::help::ticket_receipt(due->ticket, due->contact_phone, due->language);
  printer_->print(printer::encode(receipt, printer::paper_format(config_.printer.paper_mm, page)));
}

void KioskRuntime::drain_enrolment_reports() {
  std::deque<EnrolReport> reports;
  {
    std::lock_guard lock(queue_mutex_);
    reports.swap(enrol_reports_);
  }
  for (const auto& r : reports) {
    if (auto token = app_.on_enrol_outcome(r.outcome, r.will_retry_in, now())) sync_.set_token(std::move(*token));
  }
}

// [SECTION] Night sleep

void KioskRuntime::write_backlight(bool off) {
  if (config_.backlight.empty()) return;
  std::ofstream out(config_.backlight);
  out << (off ? "1" : "0") << '\n';
  out.flush();
  if (!out && !backlight_error_logged_) {
    backlight_error_logged_ = true;
    spdlog::error("cannot write {} (screen backlight): check the path and that the kiosk's user may write it",
                  config_.backlight.string());
  }
}

void KioskRuntime::update_sleep(Instant t) {
  const bool sleep = app_.asleep(t);
  if (sleep == asleep_) return;
  asleep_ = sleep;
  if (sleep) {
    spdlog::info("outside opening hours: screen asleep");
    render_frame();  // one black frame, then nothing until a touch or a badge
    frames_due_ = 0;
    write_backlight(true);
  } else {
    spdlog::info("screen awake");
    write_backlight(false);
    frames_due_ = std::max(frames_due_, kFramesAfterInput);
  }
}

bool KioskRuntime::is_wake_input(const SDL_Event& event) const {
  return event.type == SDL_FINGERDOWN || event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_KEYDOWN ||
         event.type == SDL_TEXTINPUT;
}

void KioskRuntime::wake() {
  // Push first, then signal: the woken loop must find the event in SDL's queue.
  SDL_Event e{};
  e.type = wake_event_;
  SDL_PushEvent(&e);
  {
    std::lock_guard lock(queue_mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void KioskRuntime::deliver_badge(std::string uid) {
  last_delivery_ = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(queue_mutex_);
    badge_queue_.push_back(std::move(uid));
  }
  wake();
}

bool KioskRuntime::wait_for_event(SDL_Event& event, int timeout_ms) {
  if (native_wait_) {
    ++counters_.input_polls;
    waiting_ = true;
    const bool got = SDL_WaitEventTimeout(&event, timeout_ms) != 0;
    waiting_ = false;
    return got;
  }
  const auto poll = std::chrono::milliseconds(asleep_ ? kAsleepInputPollMs : kInputPollMs);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    ++counters_.input_polls;
    if (SDL_PollEvent(&event) != 0) return true;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    std::unique_lock lock(queue_mutex_);
    waiting_ = true;  // under the lock: a wake() that sees it signals this very wait
    const auto until = std::chrono::steady_clock::now() + std::min(left, poll);
    // Signalled: woken before the time was up (not merely woken_ seen at the end).
    if (wake_.wait_until(lock, until, [this] { return woken_; }) && std::chrono::steady_clock::now() < until) {
      ++counters_.waits_signalled;
    } else {
      ++counters_.waits_timed_out;
    }
    waiting_ = false;
    woken_ = false;
  }
}

void KioskRuntime::on_badge(const std::string& uid) {
  app_.on_badge_text(uid, now());
  sync_.poke();
  frames_due_ = kFramesAfterInput;
}

void KioskRuntime::drain_badges() {
  std::deque<std::string> taps;
  {
    std::lock_guard lock(queue_mutex_);
    taps.swap(badge_queue_);
  }
  for (const auto& uid : taps) on_badge(uid);
}

bool KioskRuntime::handle_event(const SDL_Event& event) {
  if (event.type == wake_event_) {
    drain_enrolment_reports();
    drain_phone_link_reports();
    drain_badges();
    ReaderHealth health;
    std::string detail;
    {
      std::lock_guard lock(queue_mutex_);
      health = reader_health_;
      detail = reader_detail_;
    }
    app_.set_reader_health(health, std::move(detail));
    const bool was_preparing = app_.preparing();
    app_.refresh(now());  // a wake may be a sync that brought a new site name or a booking's outcome
    // …or the first pull after enrolment: the badges noted meanwhile are
    // now visits in the outbox, to be sent at once.
    if (was_preparing && !app_.preparing()) sync_.poke();
    frames_due_ = std::max(frames_due_, 1);
    return true;
  }
  if (asleep_ && is_wake_input(event)) {
    // The touch that wakes a black screen taps nothing: ImGui never sees it,
    // nor the mouse events SDL makes of the same finger, until it is lifted.
    app_.on_touch(now());
    update_sleep(now());
    swallow_until_release_ = event.type == SDL_FINGERDOWN || event.type == SDL_MOUSEBUTTONDOWN;
    return true;
  }
  if (swallow_until_release_) {
    if (event.type == SDL_FINGERUP || event.type == SDL_MOUSEBUTTONUP) {
      swallow_until_release_ = false;
      return true;
    }
    if (event.type == SDL_FINGERDOWN || event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_FINGERMOTION ||
        event.type == SDL_MOUSEMOTION) {
      return true;
    }
  }
  if (frontend_.process_event(event)) return false;
  // Simulated reader on the keyboard: keys 1–9 tap the configured badges
  // (not while the first-run screen takes a code from the keyboard).
  if (event.type == SDL_KEYDOWN && event.key.repeat == 0 && app_.screen() != Screen::Enrol) {
    const SDL_Keycode key = event.key.keysym.sym;
    if (key >= SDLK_1 && key <= SDLK_9) {
      const auto index = static_cast<std::size_t>(key - SDLK_1);
      if (index < config_.key_badges.size()) on_badge(config_.key_badges[index]);
    }
  }
  frames_due_ = kFramesAfterInput;
  return true;
}

bool KioskRuntime::pump_events(int timeout_ms) {
  SDL_Event event;
  if (!wait_for_event(event, timeout_ms)) return !quit_;
  last_wait_had_event_ = true;
  do {
    if (!handle_event(event)) quit_ = true;
  } while (SDL_PollEvent(&event) != 0);
  return !quit_;
}

void KioskRuntime::update_preparation() {
  if (!app_.preparing()) return;
  const bool trouble = !sync_.status().last_error.empty();
  if (trouble == sync_trouble_shown_) return;
  sync_trouble_shown_ = trouble;
  app_.set_sync_trouble(trouble);
  frames_due_ = std::max(frames_due_, 1);
}

void KioskRuntime::render_frame() {
  update_preparation();
  if (printer_) app_.set_printer_problem(printer_->status().last_error);
  const Instant t = now();
  ++counters_.frames;
  const UiAction action = frontend_.frame(app_.view(t));
  if (action != UiAction::None) {
    app_.on_action(action, t);
    if (sends_events(action)) sync_.poke();
    launch_enrolment();
    launch_phone_link();
    print_ticket();
    frames_due_ = kFramesAfterInput;
  }
  last_minute_ = to_paris(t).minute;
}

KioskRuntime::Turn KioskRuntime::turn(std::chrono::milliseconds cap) {
  ++counters_.turns;
  const Instant t = now();
  if (app_.on_tick(t)) frames_due_ = std::max(frames_due_, 1);
  if (to_paris(t).minute != last_minute_) frames_due_ = std::max(frames_due_, 1);  // the clock
  update_sleep(t);
  update_preparation();
  if (asleep_) {
    // The black frame is on screen: nothing to draw until woken. The clock
    // is not shown, but the minute still turns the loop: the night ends on
    // a minute (opening hours are in minutes).
    frames_due_ = 0;
    last_minute_ = to_paris(t).minute;
  }
  if (frames_due_ > 0) {
    render_frame();
    --frames_due_;
  }
  int timeout_ms = 0;
  if (frames_due_ == 0) {
    // Sleep until the next minute (clock) or the app's deadline, whichever first.
    const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch());
    auto wait = std::chrono::milliseconds(60'000) - since_epoch % std::chrono::milliseconds(60'000);
    if (const auto deadline = app_.next_deadline()) {
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - now()));
    }
    // The sync thread wakes the loop when an exchange brings changes, not
    // when one fails: during préparation, look every few seconds.
    if (app_.preparing()) wait = std::min(wait, std::chrono::milliseconds(kPreparationPollMs));
    wait = std::min(wait, cap);
    timeout_ms = static_cast<int>(std::clamp<std::int64_t>(wait.count() + 5, 1, 60'000));
  }
  last_wait_had_event_ = false;
  pump_events(timeout_ms);
  return Turn{timeout_ms, last_wait_had_event_};
}

int KioskRuntime::run_interactive() {
  while (!quit_) turn();
  return 0;
}

void KioskRuntime::settle(int frames) {
  for (int i = 0; i < frames; ++i) {
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0) {
      if (!handle_event(event)) quit_ = true;
    }
    app_.on_tick(now());
    update_sleep(now());
    render_frame();
  }
  frames_due_ = 0;
}

std::optional<std::string> KioskRuntime::run_command(const ScriptCommand& cmd) {
  using namespace std::chrono;
  switch (cmd.verb) {
    case ScriptVerb::Badge:
      on_badge(cmd.text);
      settle(1);
      return std::nullopt;
    case ScriptVerb::Type: {
      // As a physical keyboard types: SDL text events, read by the screen.
      for (std::size_t i = 0; i < cmd.text.size(); i += 8) {
        SDL_Event e{};
        e.type = SDL_TEXTINPUT;
        const std::string chunk = cmd.text.substr(i, 8);
        std::copy(chunk.begin(), chunk.end(), e.text.text);
        handle_event(e);
        settle(1);
      }
      settle(1);
      return std::nullopt;
    }
    case ScriptVerb::Touch:
      // A finger anywhere: wakes a sleeping screen, taps nothing.
      app_.on_touch(now());
      update_sleep(now());
      settle(1);
      return std::nullopt;
    case ScriptVerb::NightSleep:
      app_.set_sleep_outside_hours(cmd.text == "on" && config_.sleep_outside_hours);
      settle(1);
      if (cmd.text == "on" && !config_.sleep_outside_hours)
        return std::string("night-sleep on: the configuration turns it off");
      return std::nullopt;
    case ScriptVerb::ExpectAsleep:
    case ScriptVerb::ExpectAwake: {
      const bool want = cmd.verb == ScriptVerb::ExpectAsleep;
      if (app_.asleep(now()) == want) return std::nullopt;
      return want ? std::string("the screen is awake, expected asleep")
                  : std::string("the screen is asleep, expected awake");
    }
    case ScriptVerb::Tap: {
      const auto action = frontend_.tap(cmd.text, app_.view(now()));
      if (!action)
        return "no button « " + cmd.text + " » on screen. Buttons and texts seen:\n" +
               join_texts(frontend_.last_frame());
      app_.on_action(*action, now());
      if (sends_events(*action)) sync_.poke();
      launch_enrolment();
      launch_phone_link();
      print_ticket();
      settle(2);
      return std::nullopt;
    }
    case ScriptVerb::Scroll: {
      // Content follows the finger: to see what is below, drag upwards, in
      // the largest area that scrolls.
      frontend_.frame(app_.view(now()));
      const auto& areas = frontend_.last_frame().scroll_areas;
      if (areas.empty())
        return "scroll: nothing scrolls on this screen (" + std::string(to_string(app_.screen())) + ")";
      const auto largest = std::max_element(
          areas.begin(), areas.end(), [](const ui::TextBox& a, const ui::TextBox& b) { return a.w * a.h < b.w * b.h; });
      const float x = largest->x + largest->w / 2.0f;
      const float low = largest->y + largest->h * 0.85f;
      const float high = largest->y + largest->h * 0.15f;
      if (cmd.text == "down") {
        frontend_.drag(ImVec2(x, low), ImVec2(x, high));
      } else {
        frontend_.drag(ImVec2(x, high), ImVec2(x, low));
      }
      settle(1);
      return std::nullopt;
    }
    case ScriptVerb::Wait: {
      const auto end = steady_clock::now() + cmd.duration;
      while (steady_clock::now() < end && !quit_) {
        const auto left = duration_cast<milliseconds>(end - steady_clock::now()).count();
        pump_events(static_cast<int>(std::clamp<std::int64_t>(left, 0, 50)));
        if (app_.on_tick(now())) frames_due_ = std::max(frames_due_, 1);
        if (frames_due_ > 0) {
          render_frame();
          --frames_due_;
        }
      }
      settle(1);
      return std::nullopt;
    }
    case ScriptVerb::Clock:
      clock_offset_ += cmd.duration;
      settle(2);
      return std::nullopt;
    case ScriptVerb::ClockNext: {
      // The first day after today with that weekday, at that Paris time.
      const Instant t = now();
      Instant day = paris_next_day_start(t);
      // A public holiday is skipped: scripts want a working day of that name.
      const auto wanted = [&](Instant d) {
        const LocalTime l = to_paris(d);
        return l.weekday == cmd.weekday && !is_french_public_holiday(CivilDate{l.year, l.month, l.day});
      };
      while (!wanted(day)) day = paris_next_day_start(day + std::chrono::hours(1));
      const LocalTime d = to_paris(day);
      const Instant target = from_paris(d.year, d.month, d.day, cmd.minute_of_day / 60, cmd.minute_of_day % 60);
      clock_offset_ += std::chrono::duration_cast<std::chrono::milliseconds>(target - t);
      app_.on_tick(now());  // idle timeouts that passed in the jump
      settle(2);
      return std::nullopt;
    }
    case ScriptVerb::Expect:
      if (frontend_.last_frame().contains_text(cmd.text)) return std::nullopt;
      return "« " + cmd.text + " » is not on screen (" + std::string(to_string(app_.screen())) + "). Texts seen:\n" +
             join_texts(frontend_.last_frame());
    case ScriptVerb::ExpectNot:
      if (!frontend_.last_frame().contains_text(cmd.text)) return std::nullopt;
      return "« " + cmd.text + " » is on screen but should not be.";
    case ScriptVerb::ExpectScreen:
      if (to_string(app_.screen()) == cmd.text) return std::nullopt;
      return "expected screen " + cmd.text + " but the kiosk shows " + std::string(to_string(app_.screen()));
    case ScriptVerb::WaitScreen:
    case ScriptVerb::WaitText:
    case ScriptVerb::WaitNoText: {
      auto reached = [&] {
        if (cmd.verb == ScriptVerb::WaitScreen) return to_string(app_.screen()) == cmd.text;
        const bool shown = frontend_.last_frame().contains_text(cmd.text);
        return cmd.verb == ScriptVerb::WaitText ? shown : !shown;
      };
      const auto end = steady_clock::now() + cmd.duration;
      while (!reached() && steady_clock::now() < end && !quit_) {
        pump_events(20);
        render_frame();  // the condition is read off what is on screen
      }
      if (reached()) return std::nullopt;
      return "still not there after " + std::to_string(cmd.duration.count()) + " ms: " +
             (cmd.verb == ScriptVerb::WaitScreen
                  ? "screen " + cmd.text + " (the kiosk shows " + std::string(to_string(app_.screen())) + ")"
                  : "« " + cmd.text + " » " + (cmd.verb == ScriptVerb::WaitText ? "on screen" : "gone") +
                        ". Texts seen:\n" + join_texts(frontend_.last_frame()));
    }
    case ScriptVerb::Screenshot: {
      std::error_code ec;
      std::filesystem::create_directories(config_.shots, ec);
      settle(1);
      if (!frontend_.save_screenshot(config_.shots / cmd.text))
        return "cannot write " + (config_.shots / cmd.text).string();
      return std::nullopt;
    }
    case ScriptVerb::Sync: {
      if (config_.server_url.empty()) return "sync: this kiosk has no server (give --server)";
      if (sync_.wait_until_synced(cmd.duration)) {
        settle(1);
        return std::nullopt;
      }
      const auto st = sync_.status();
      return "sync did not complete within " + std::to_string(cmd.duration.count()) +
             " ms: " + std::to_string(st.pending) + " events pending; " +
             (st.last_error.empty() ? "no answer yet" : st.last_error);
    }
    case ScriptVerb::Echo:
      std::cout << cmd.text << std::endl;
      return std::nullopt;
    case ScriptVerb::Quit:
      quit_ = true;
      return std::nullopt;
  }
  return "unknown command";
}

int KioskRuntime::run_script(const std::filesystem::path& path) {
  settle(2);
  const bool interactive = path == "-";
  std::ifstream file;
  if (!interactive) {
    file.open(path);
    if (!file) {
      std::cerr << "escale-kiosk: cannot read the script " << path << "\n";
      return 2;
    }
  }
  std::istream& in = interactive ? std::cin : file;
  std::string line;
  int number = 0;
  while (!quit_ && std::getline(in, line)) {
    ++number;
    auto cmd = parse_script_line(line, number);
    if (!cmd) {
      std::cout << "FAIL " << cmd.error() << std::endl;
      std::cerr << "escale-kiosk: script " << path.string() << ": " << cmd.error() << "\n";
      return 1;
    }
    if (cmd->line == -1) continue;
    if (auto failure = run_command(*cmd)) {
      std::cout << "FAIL line " << number << ": " << *failure << std::endl;
      std::cerr << "escale-kiosk: script " << path.string() << " line " << number << ": " << *failure << "\n";
      return 1;
    }
    if (interactive) std::cout << "ok " << number << std::endl;
  }
  return 0;
}

}  // namespace escale::kiosk
