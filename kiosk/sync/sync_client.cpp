// Sync client: one thread, one io_context per exchange, Beast over TCP with a
// deadline on the whole exchange.
#include "sync/sync_client.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "store/local_store.hpp"
#include "sync/protocol.hpp"

namespace escale::kiosk {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct HttpResult {
  int status = 0;
  std::string body;
  std::string error;  // transport error, empty on success
};

// One POST with a deadline covering resolve, connect, write and read.
HttpResult post(const ServerAddress& server, const std::string& target, const std::string& token, std::string body,
                std::chrono::milliseconds timeout) {
  HttpResult result;
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
  req.set(bhttp::field::host, server.host);
  req.set(bhttp::field::user_agent, "escale-kiosk");
  req.set(bhttp::field::content_type, "application/json");
  req.set(bhttp::field::authorization, "Bearer " + token);
  req.body() = std::move(body);
  req.prepare_payload();
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::uint64_t{16} * 1024 * 1024);

  auto fail = [&](beast::error_code ec, const char* what) { result.error = std::string(what) + ": " + ec.message(); };
  stream.expires_after(timeout);
  resolver.async_resolve(server.host, server.port,
                         [&](beast::error_code ec, const tcp::resolver::results_type& endpoints) {
                           if (ec) return fail(ec, "resolve");
                           stream.async_connect(endpoints, [&](beast::error_code ec2, const tcp::endpoint&) {
                             if (ec2) return fail(ec2, "connect");
                             bhttp::async_write(stream, req, [&](beast::error_code ec3, std::size_t) {
                               if (ec3) return fail(ec3, "write");
                               bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec4, std::size_t) {
                                 if (ec4) return fail(ec4, "read");
                                 result.status = static_cast<int>(parser.get().result_int());
                                 result.body = std::move(parser.get().body());
                                 beast::error_code ignored;
                                 stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                               });
                             });
                           });
                         });
  ioc.run();
  return result;
}

}  // namespace

Result<ServerAddress> parse_server_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme) {
    return Error{"server URL must start with http:// (for example http://127.0.0.1:8080)"};
  }
  url.remove_prefix(scheme.size());
  const auto slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  ServerAddress address;
  address.base_path = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (!address.base_path.empty() && address.base_path.back() == '/') address.base_path.pop_back();
  const auto colon = authority.rfind(':');
  address.host = std::string(authority.substr(0, colon));
  address.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
  if (address.host.empty()) return Error{"server URL has no host (for example http://127.0.0.1:8080)"};
  if (address.port.empty() || address.port.find_first_not_of("0123456789") != std::string::npos) {
    return Error{"server URL port must be a number (for example http://127.0.0.1:8080)"};
  }
  return address;
}

SyncClient::SyncClient(std::filesystem::path db_path, SyncSettings settings, std::function<void()> on_change)
    : db_path_(std::move(db_path)), settings_(std::move(settings)), on_change_(std::move(on_change)) {}

SyncClient::~SyncClient() {
  stop();
}

void SyncClient::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void SyncClient::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncClient::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

SyncStatus SyncClient::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool SyncClient::wait_until_synced(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const int seen = status_.exchanges;
  poked_ = true;
  wake_.notify_all();
  return synced_.wait_for(
      lock, timeout, [&] { return status_.exchanges > seen && status_.pending == 0 && status_.last_error.empty(); });
}

bool SyncClient::exchange_once(LocalStore& store) {
  const auto address = parse_server_url(settings_.server_url);
  if (!address) {
    std::lock_guard lock(mutex_);
    status_.last_error = address.error();
    return false;
  }
  bool more = true;
  bool changed = false;
  while (more) {
    sync::SyncRequest request;
    request.cursor = store.cursor();
    request.kiosk_version = settings_.kiosk_version;
    request.events = store.pending_events(settings_.batch_size);
    const auto reply = post(*address, address->base_path + "/api/v1/sync", settings_.token, sync::encode(request),
                            settings_.request_timeout);
    std::string problem;
    if (!reply.error.empty()) {
      problem = "server unreachable (" + reply.error + ")";
    } else if (reply.status != 200) {
      problem = "server answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 300);
    }
    std::optional<sync::SyncResponse> response;
    if (problem.empty()) {
      auto decoded = sync::decode_response(reply.body);
      if (decoded) {
        response = std::move(*decoded);
      } else {
        problem = "unreadable answer: " + decoded.error();
      }
    }
    if (!problem.empty()) {
      std::lock_guard lock(mutex_);
      if (status_.last_error != problem) spdlog::warn("sync: {}", problem);
      status_.last_error = problem;
      status_.pending = store.pending_count();
      return false;
    }
    store.apply(*response);
    changed = changed || response->site || !response->members.empty() || !response->badges.empty() ||
              !response->resources.empty() || !response->bookings.empty() || response->rules || response->help_agenda ||
              !response->appointments.empty();
    const bool outbox_left = request.events.size() == settings_.batch_size;
    more = response->more || outbox_left;
  }
  {
    std::lock_guard lock(mutex_);
    if (!status_.last_error.empty()) spdlog::info("sync: server reachable again");
    status_.last_error.clear();
    status_.last_success = std::chrono::system_clock::now();
    status_.pending = store.pending_count();
    ++status_.exchanges;
  }
  // Announce changes before waking waiters: whoever waited for this sync
  // (a script) then finds the change event already queued.
  if (changed && on_change_) on_change_();
  synced_.notify_all();
  return true;
}

void SyncClient::run() {
  std::optional<LocalStore> store;
  try {
    store.emplace(db_path_);
  } catch (const std::exception& e) {
    spdlog::error("sync: cannot open the local database: {}", e.what());
    return;
  }
  auto delay = settings_.interval;
  int failures = 0;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, delay, [&] { return stopping_ || poked_; });
      if (stopping_) return;
      poked_ = false;
    }
    if (settings_.server_url.empty()) {
      delay = settings_.interval;
      continue;
    }
    bool ok = false;
    try {
      ok = exchange_once(*store);
    } catch (const std::exception& e) {
      spdlog::error("sync: {}", e.what());
      std::lock_guard lock(mutex_);
      status_.last_error = e.what();
    }
    // Back off while the server is away: 1 s, 2 s, 4 s… up to max_backoff.
    failures = ok ? 0 : std::min(failures + 1, 16);
    delay =
        ok ? settings_.interval
           : std::min<std::chrono::milliseconds>(std::chrono::milliseconds(500LL << failures), settings_.max_backoff);
    synced_.notify_all();
  }
}

}  // namespace escale::kiosk
