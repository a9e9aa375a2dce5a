// The CDP driver: Chromium's process, the websocket, commands, events and the
// page helpers built on them. See cdp_browser.hpp.
#include "cdp_browser.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace escale::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string base64_decode(const std::string& in) {
  std::array<int, 256> value{};
  value.fill(-1);
  const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  std::string out;
  out.reserve(in.size() / 4 * 3);
  unsigned bits = 0;
  int count = 0;
  for (const char c : in) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) continue;  // '=' padding, newlines
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFFu);
    }
  }
  return out;
}

// A JavaScript string literal (JSON's quoting is valid JavaScript).
std::string js_string(const std::string& s) {
  return json(s).dump();
}

}  // namespace

// The websocket to the browser and the io_context that runs its operations.
// Each operation is asynchronous with a deadline on the TCP stream, run to
// completion on the calling thread: past the deadline Beast closes the socket
// and the operation fails with beast::error::timeout.
struct Browser::Socket {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;

  template <class Start>
  beast::error_code run(Clock::time_point deadline, Start&& start) {
    beast::get_lowest_layer(ws).expires_at(deadline);
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
};

Browser::Browser(std::chrono::milliseconds timeout) : timeout_(timeout) {
  if (!std::filesystem::exists("/usr/bin/chromium")) throw std::runtime_error("/usr/bin/chromium is not installed");
  // The flags of ../../shared/reference/stack.md, plus the DevTools port.
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               "--hide-scrollbars", "--remote-debugging-port=0",
                               "--user-data-dir=" + (dir_ / "profile").string(), "about:blank"},
      dir_ / "chromium.log");
  process_->close_stdin();

  // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/UUID" on stderr.
  const std::string marker = "DevTools listening on ";
  std::string address;
  for (const auto deadline = Clock::now() + timeout_; address.empty();) {
    const auto err = log();
    if (const auto at = err.find(marker); at != std::string::npos && err.find('\n', at) != std::string::npos) {
      address = err.substr(at + marker.size(), err.find('\n', at) - at - marker.size());
    } else if (!process_->running()) {
      throw std::runtime_error("Chromium exited at start-up:\n" + err);
    } else if (Clock::now() > deadline) {
      throw std::runtime_error("Chromium did not open its DevTools port:\n" + err);
    } else {
      std::this_thread::sleep_for(20ms);
    }
  }
  // ws://HOST:PORT/PATH
  const auto host_start = address.find("://") + 3;
  const auto path_start = address.find('/', host_start);
  const auto host_port = address.substr(host_start, path_start - host_start);
  const auto colon = host_port.rfind(':');
  const auto port = static_cast<unsigned short>(std::stoi(host_port.substr(colon + 1)));

  socket_ = std::make_unique<Socket>();
  const auto deadline = Clock::now() + timeout_;
  const net::ip::tcp::endpoint endpoint(net::ip::make_address(host_port.substr(0, colon)), port);
  if (auto ec = socket_->run(
          deadline, [&](auto handler) { beast::get_lowest_layer(socket_->ws).async_connect(endpoint, handler); })) {
    throw std::runtime_error("cannot connect to Chromium at " + address + ": " + ec.message());
  }
  socket_->ws.read_message_max(512u << 20);  // full-page screenshots are large
  if (auto ec = socket_->run(deadline, [&](auto handler) {
        socket_->ws.async_handshake(host_port, address.substr(path_start), handler);
      })) {
    throw std::runtime_error("websocket handshake with Chromium failed: " + ec.message());
  }

  target_id_ = send("Target.createTarget", {{"url", "about:blank"}}, false).at("targetId").get<std::string>();
  session_id_ = send("Target.attachToTarget", {{"targetId", target_id_}, {"flatten", true}}, false)
                    .at("sessionId")
                    .get<std::string>();
  call("Page.enable");
  call("Network.enable");
  set_viewport(1280, 900, false);
}

Browser::~Browser() {
  // Ask Chromium to close (it then ends its helper processes); do not wait for
  // the answer. After a timeout the socket is closed: no politeness then.
  const bool answering = socket_ && socket_->ws.is_open();
  if (answering) {
    const auto close = json{{"id", next_id_++}, {"method", "Browser.close"}}.dump();
    socket_->run(Clock::now() + 2s, [&](auto handler) { socket_->ws.async_write(net::buffer(close), handler); });
  }
  socket_.reset();
  if (process_ && !process_->wait(answering ? 5s : 0s)) {
    process_->signal(SIGKILL);
    process_->wait(5s);
  }
  process_.reset();  // reaps it if still needed; the profile folder goes last (dir_)
}

std::string Browser::log() const {
  return read_file(dir_ / "chromium.log");
}

json Browser::call(const std::string& method, const json& params) {
  return send(method, params, true);
}

json Browser::send(const std::string& method, const json& params, bool on_page) {
  const long id = next_id_++;
  json message{{"id", id}, {"method", method}, {"params", params}};
  if (on_page) message["sessionId"] = session_id_;
  const auto text = message.dump();
  const auto deadline = Clock::now() + timeout_;
  if (auto ec = socket_->run(deadline, [&](auto handler) { socket_->ws.async_write(net::buffer(text), handler); })) {
    throw std::runtime_error("cannot send " + method + " to Chromium: " + ec.message());
  }
  while (true) {
    auto reply = read_message(deadline);
    if (reply.contains("id")) {
      if (reply["id"] != id) continue;  // the answer to a command nobody waits for
      if (reply.contains("error")) throw std::runtime_error(method + " failed: " + reply["error"].dump());
      return reply.value("result", json::object());
    }
    if (reply.value("sessionId", "") != session_id_) continue;  // browser-level events
    on_event(reply);
    events_.push_back(std::move(reply));
    if (events_.size() > 10'000) events_.pop_front();
  }
}

json Browser::read_message(Clock::time_point deadline) {
  socket_->buffer.clear();
  if (auto ec = socket_->run(deadline, [&](auto handler) { socket_->ws.async_read(socket_->buffer, handler); })) {
    if (ec == beast::error::timeout) {
      throw std::runtime_error("Chromium did not answer within " + std::to_string(timeout_.count()) + " ms");
    }
    throw std::runtime_error("lost the connection to Chromium: " + ec.message() + "\n" + log());
  }
  return json::parse(beast::buffers_to_string(socket_->buffer.data()));
}

void Browser::on_event(const json& event) {
  const auto& method = event.value("method", "");
  const auto& params = event.contains("params") ? event["params"] : json::object();
  if (method == "Network.responseReceived" && params.value("type", "") == "Document" &&
      params.value("frameId", "") == target_id_) {
    last_status_ = params["response"].value("status", 0);
  } else if (method == "Inspector.targetCrashed") {
    throw std::runtime_error("the page crashed in Chromium");
  }
}

json Browser::wait_for_event(const std::function<bool(const json&)>& match, const std::string& what) {
  while (!events_.empty()) {
    auto event = std::move(events_.front());
    events_.pop_front();
    if (match(event)) return event;
  }
  const auto deadline = Clock::now() + timeout_;
  while (true) {
    json message;
    try {
      message = read_message(deadline);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + " (waiting for " + what + ")");
    }
    if (message.contains("id") || message.value("sessionId", "") != session_id_) continue;
    on_event(message);
    if (match(message)) return message;
  }
}

void Browser::wait_for_load(const std::string& loader_id) {
  const auto navigated = wait_for_event(
      [&](const json& e) {
        if (e.value("method", "") != "Page.frameNavigated") return false;
        const auto& frame = e["params"]["frame"];
        return frame.value("id", "") == target_id_ && (loader_id.empty() || frame.value("loaderId", "") == loader_id);
      },
      "a new page");
  // A page restored from the back/forward cache does not load again.
  restored_from_cache_ = navigated["params"].value("type", "") == "BackForwardCacheRestore";
  if (restored_from_cache_) return;
  wait_for_event([](const json& e) { return e.value("method", "") == "Page.loadEventFired"; }, "the page's load event");
}

std::string Browser::navigate(const std::string& url) {
  events_.clear();
  last_status_ = 0;
  const auto result = call("Page.navigate", {{"url", url}});
  if (const auto error = result.value("errorText", ""); !error.empty()) {
    throw std::runtime_error("cannot load " + url + ": " + error);
  }
  wait_for_load(result.value("loaderId", ""));
  return this->url();
}

void Browser::reload() {
  events_.clear();
  last_status_ = 0;
  call("Page.reload");
  wait_for_load();
}

std::string Browser::go_back() {
  const auto history = call("Page.getNavigationHistory");
  const int current = history.at("currentIndex").get<int>();
  if (current <= 0) throw std::runtime_error("go_back: no previous page in the history");
  events_.clear();
  last_status_ = 0;
  call("Page.navigateToHistoryEntry",
       {{"entryId", history.at("entries").at(static_cast<std::size_t>(current - 1)).at("id")}});
  wait_for_load();
  return url();
}

json Browser::evaluate(const std::string& js) {
  const auto result = call(
      "Runtime.evaluate", {{"expression", js}, {"returnByValue", true}, {"awaitPromise", true}, {"userGesture", true}});
  if (result.contains("exceptionDetails")) {
    const auto& details = result["exceptionDetails"];
    std::string text = details.value("text", "");
    if (details.contains("exception")) text += " " + details["exception"].value("description", "");
    throw std::runtime_error("JavaScript error: " + text + "\n  in: " + js.substr(0, 300));
  }
  const auto& value = result.at("result");
  return value.contains("value") ? value["value"] : json(nullptr);
}

void Browser::fill(const std::string& selector, const std::string& text) {
  evaluate("(() => { const el = document.querySelector(" + js_string(selector) +
           ");\n"
           "  if (!el) throw new Error('no element matches ' + " +
           js_string(selector) +
           ");\n"
           "  el.focus(); el.value = " +
           js_string(text) +
           ";\n"
           "  el.dispatchEvent(new Event('input', {bubbles: true}));\n"
           "  el.dispatchEvent(new Event('change', {bubbles: true})); })()");
}

void Browser::click(const std::string& selector, bool wait_for_navigation) {
  events_.clear();
  // A submit button of an invalid form would not submit: say so rather than time out.
  evaluate("(() => { const el = document.querySelector(" + js_string(selector) +
           ");\n"
           "  if (!el) throw new Error('no element matches ' + " +
           js_string(selector) +
           ");\n"
           "  if (el.form && el.type === 'submit' && !el.form.checkValidity())\n"
           "    throw new Error('the form of ' + " +
           js_string(selector) +
           " + ' is not valid');\n"
           "  el.click(); })()");
  if (wait_for_navigation) {
    last_status_ = 0;
    wait_for_load();
  }
}

void Browser::submit_form(const std::string& form_selector) {
  events_.clear();
  evaluate("(() => { const form = document.querySelector(" + js_string(form_selector) +
           ");\n"
           "  if (!(form instanceof HTMLFormElement)) throw new Error('no form matches ' + " +
           js_string(form_selector) +
           ");\n"
           "  if (!form.checkValidity()) throw new Error('the form is not valid');\n"
           "  form.requestSubmit(); })()");
  last_status_ = 0;
  wait_for_load();
}

bool Browser::exists(const std::string& selector) {
  return evaluate("document.querySelector(" + js_string(selector) + ") !== null").get<bool>();
}

std::string Browser::text() {
  return evaluate("document.body ? document.body.innerText : ''").get<std::string>();
}

std::string Browser::html() {
  return evaluate("document.documentElement.outerHTML").get<std::string>();
}

std::string Browser::url() {
  return evaluate("location.href").get<std::string>();
}

void Browser::set_viewport(int width, int height, bool mobile) {
  call("Emulation.setDeviceMetricsOverride",
       {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", mobile}});
}

void Browser::screenshot(const std::filesystem::path& path, bool full_page) {
  json params{{"format", "png"}};
  if (full_page) {
    const auto metrics = call("Page.getLayoutMetrics");
    const auto& size = metrics.contains("cssContentSize") ? metrics["cssContentSize"] : metrics.at("contentSize");
    params["captureBeyondViewport"] = true;
    params["clip"] = {{"x", 0}, {"y", 0}, {"width", size.at("width")}, {"height", size.at("height")}, {"scale", 1}};
  }
  const auto png = base64_decode(call("Page.captureScreenshot", params).at("data").get<std::string>());
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::vector<Cookie> Browser::cookies() {
  std::vector<Cookie> out;
  const auto result = call("Network.getCookies");  // (a temporary's member would dangle in the loop)
  for (const auto& c : result.at("cookies")) {
    out.push_back(Cookie{c.value("name", ""), c.value("value", ""), c.value("httpOnly", false),
                         c.value("secure", false), c.value("sameSite", "")});
  }
  return out;
}

std::optional<Cookie> Browser::cookie(const std::string& name) {
  for (auto& c : cookies()) {
    if (c.name == name) return c;
  }
  return std::nullopt;
}

void Browser::bypass_csp(bool enabled) {
  call("Page.setBypassCSP", {{"enabled", enabled}});
}

}  // namespace escale::testing
