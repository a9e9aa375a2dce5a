// A small driver of Debian's headless Chromium over the Chrome DevTools
// Protocol (CDP), for tests of escale-server's web pages in a real browser.
//
// Browser starts /usr/bin/chromium with --remote-debugging-port=0 and a fresh
// profile, reads the browser's websocket address from the "DevTools listening
// on ws://…" line Chromium prints on stderr, connects to it (Boost.Beast,
// one websocket), opens a page with Target.createTarget and attaches to it
// with Target.attachToTarget {flatten: true}: every page command then carries
// the session's id on that same socket.
//
// Everything is synchronous. Every wait has a deadline (30 s by default): a
// socket read that passes it closes the socket and throws, so a hung Chromium
// fails the test instead of hanging it. The destructor closes Chromium and
// reaps it (SIGKILL if it does not leave within 5 s).
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness.hpp"

namespace escale::testing {

struct Cookie {
  std::string name;
  std::string value;
  bool http_only = false;
  bool secure = false;
  std::string same_site;  // "Strict", "Lax", "None" or "" when the cookie did not say
};

class Browser {
 public:
  static constexpr std::chrono::seconds kDefaultTimeout{30};

  // Starts Chromium and opens a blank page at 1280×900.
  explicit Browser(std::chrono::milliseconds timeout = kDefaultTimeout);
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Loads `url`, following redirects, and waits for its load event; returns
  // the final URL. Throws when the page cannot load (net::ERR_…).
  std::string navigate(const std::string& url);
  void reload();
  // The previous entry of the history, as the browser's back button.
  std::string go_back();

  // Runs `js` in the page (awaiting it if it is a promise) and returns its
  // value as JSON (null for undefined). Throws with the exception's text on a
  // JavaScript error.
  nlohmann::json evaluate(const std::string& js);

  // Sets an input's value as typing would (input and change events).
  void fill(const std::string& selector, const std::string& text);
  // Clicks an element; when it causes a page load (a submit button, a link),
  // waits for the new page when `wait_for_navigation`.
  void click(const std::string& selector, bool wait_for_navigation = true);
  // Submits a form as its submit button would (requestSubmit) and waits for the answer.
  void submit_form(const std::string& form_selector);
  // Whether an element matches `selector` now.
  bool exists(const std::string& selector);

  std::string text();  // document.body.innerText
  std::string html();  // document.documentElement.outerHTML
  std::string url();   // location.href
  // The HTTP status of the main document last loaded (after redirects), 0 if none.
  int status_of_last_navigation() const { return last_status_; }
  // Whether the last page shown came back from the back/forward cache (no request made).
  bool restored_from_cache() const { return restored_from_cache_; }

  // Emulates a screen (CSS pixels); `mobile` honours the page's meta viewport.
  void set_viewport(int width, int height, bool mobile = false);
  // Writes a PNG of the viewport, or of the whole page when `full_page`.
  void screenshot(const std::filesystem::path& path, bool full_page = true);

  // The cookies the browser would send to the current page (HttpOnly ones included).
  std::vector<Cookie> cookies();
  std::optional<Cookie> cookie(const std::string& name);

  // Lets scripts run by evaluate() ignore the page's Content-Security-Policy
  // (escale's pages forbid fetch() with connect-src 'none'). Takes effect at
  // the next page load.
  void bypass_csp(bool enabled);

  // A raw CDP command on the page's session; returns its result.
  nlohmann::json call(const std::string& method, const nlohmann::json& params = nlohmann::json::object());
  // Chromium's stderr so far (for failure messages).
  std::string log() const;
  pid_t pid() const { return process_->pid(); }

 private:
  struct Socket;
  using Clock = std::chrono::steady_clock;

  nlohmann::json send(const std::string& method, const nlohmann::json& params, bool on_page);
  nlohmann::json read_message(Clock::time_point deadline);
  // Reads until an event matches; events that do not match are dropped.
  nlohmann::json wait_for_event(const std::function<bool(const nlohmann::json&)>& match, const std::string& what);
  // After a navigation started: waits for the main frame's new document and
  // its load event. `loader_id` narrows it to one navigation when known.
  void wait_for_load(const std::string& loader_id = {});
  void on_event(const nlohmann::json& event);

  std::chrono::milliseconds timeout_;
  TempDir dir_{"escale-chromium"};
  std::unique_ptr<Process> process_;
  std::unique_ptr<Socket> socket_;
  std::string session_id_;
  std::string target_id_;  // also the id of the page's main frame
  long next_id_ = 1;
  std::deque<nlohmann::json> events_;  // received, not yet waited for
  int last_status_ = 0;
  bool restored_from_cache_ = false;
};

}  // namespace escale::testing
