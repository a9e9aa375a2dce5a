// escale-server's HTTP layer: Boost.Beast async server on a thread pool, on the
// pattern of Beast's http_server_async (a listener with an acceptor, one
// session per connection on its own strand, a timeout before every read).
//
// Request handling is delegated to one Handler, called on a pool thread (it
// may block briefly on SQLite). This layer answers protocol-level problems
// itself, each with a JSON error body: malformed HTTP (400), a body over the
// limit (413), headers too large (431), a client too slow to send its request
// (408, then close).
//
// Graceful stop (SIGINT/SIGTERM or stop()): stop accepting, let requests in
// flight finish and be answered, close idle keep-alive connections, then
// return from run() — within the shutdown grace time at most.
//
// HTTPS (ServerOptions::tls set): every connection is TLS (1.2 at least, see
// tls_context.hpp), with the same request handling as plain HTTP. A client
// speaking plain HTTP to that port gets a 400 telling it to use https://.
// SIGHUP (or reload_tls()) re-reads the certificate and key for new
// connections, for certificate renewals (`systemctl reload escale-server`).
// Every response sent over TLS carries Strict-Transport-Security (one year,
// without includeSubDomains: see http_server.cpp); plain HTTP never does.
//
// Blocking work (IsBlocking): a request the predicate picks (an argon2id
// login, a yearly dashboard, an export: the routing table's rows marked
// blocking) is handled by one of blocking_threads worker threads, never by
// the I/O threads, so /healthz and a kiosk's sync are not queued behind it.
// At most blocking_queue such requests wait for a worker; beyond, a 503 with
// Retry-After answers at once (back-pressure, not an ever-growing queue).
//
// Availability (connection_limits.hpp): at most max_connections at once, and
// max_connections_per_address from one client address (trusted reverse
// proxies exempt). Beyond, a connection is refused at once: on plain HTTP a
// 503 with Retry-After, on a TLS port a close. At the total cap an idle one is
// closed for a newcomer holding less than its fair share. From 3/4 of the cap on
// ("under pressure"), a connection gets pressure_timeout instead of
// read_timeout to send its request headers or go (idle keep-alive included).
// Refusals and failed accepts are logged once per 10 s, never per attempt; the
// listener keeps accepting throughout.
#pragma once

#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/tls_context.hpp"

namespace escale::server::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Handler = std::function<Response(const Request&)>;
// Whether a request is blocking work, for the worker threads (see above).
// Called on an I/O thread: it must be quick.
using IsBlocking = std::function<bool(const Request&)>;

// The server sets this header on every request it hands to the Handler: the
// client's IP address as the socket sees it (a value the client sent under
// this name is dropped first). The address is the one the acceptor read for
// the connection caps; its text is made once per connection, on its first request.
inline constexpr std::string_view kPeerHeader = "X-Escale-Peer";

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (see HttpServer::port())
  int threads = 4;
  std::size_t body_limit = std::size_t{1024} * 1024;  // bytes; larger bodies get 413
  std::chrono::milliseconds read_timeout{15000};      // whole request, headers and body
  std::chrono::milliseconds shutdown_grace{4000};     // then in-flight work is abandoned
  std::chrono::milliseconds write_timeout{30000};     // a whole response; a client that stops reading is dropped
  std::optional<TlsFiles> tls;  // set: HTTPS only on this port; the TLS handshake is bounded by read_timeout
  // 0: sized from the descriptor limit (connection_limits.hpp); more than the
  // limit allows makes the constructor throw.
  std::size_t max_connections = 0;
  std::size_t max_connections_per_address = 0;  // 0: 64 (kDefaultPerAddress), never above max_connections
  // Addresses without the per-address cap (trusted reverse proxies, through
  // which every browser arrives): IP addresses, as in [web] trusted_proxies.
  std::vector<std::string> per_address_exempt;
  // Under pressure (3/4 of max_connections in use): the time a connection has
  // to send its request headers (or its TLS handshake), idle keep-alive included.
  std::chrono::milliseconds pressure_timeout{2000};
  // Worker threads for blocking requests (IsBlocking), beside `threads`. Two:
  // argon2id and report queries are CPU-bound, more would only queue in the OS
  // (and each login holds 64 MiB while it hashes).
  int blocking_threads = 2;
  // Blocking requests waiting for a worker at most; beyond, 503 + Retry-After.
  std::size_t blocking_queue = 64;
};

// Retry-After, in seconds, of the 503 answering a blocking request when
// blocking_queue requests already wait.
inline constexpr int kBlockingRetryAfterSeconds = 2;

// A JSON error response: {"error": {"status": 404, "message": "..."}}, with
// Content-Type application/json; charset=utf-8, keep-alive copied from req version.
Response json_error(beast_http::status status, std::string_view message, unsigned version = 11,
                    bool keep_alive = false);
// A response with the given body and content type.
Response make_response(beast_http::status status, std::string body, std::string_view content_type,
                       unsigned version = 11, bool keep_alive = false);

class HttpServer {
 public:
  // Loads the TLS files (when options.tls is set), binds and listens at once;
  // throws std::runtime_error with a clear message when a TLS file is
  // missing, unreadable, not PEM or mismatched, or the address is in use or invalid.
  // `blocking` empty: every request is handled on the I/O threads.
  HttpServer(ServerOptions options, Handler handler, IsBlocking blocking = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;  // the bound port (useful with port 0)
  // The caps in force (max_connections 0 resolved from the descriptor limit).
  std::size_t max_connections() const;
  std::size_t max_connections_per_address() const;
  // Thread-safe: client connections open now (refused ones not counted).
  std::size_t connections() const;
  // Thread-safe: accepts that failed since start (e.g. out of descriptors);
  // the log only summarises them every kLogInterval.
  std::uint64_t failed_accepts() const;
  // Thread-safe: blocking requests waiting for a worker thread now.
  std::size_t blocking_waiting() const;

  // Serves until SIGINT/SIGTERM (when handle_signals) or stop(); then shuts
  // down gracefully and returns. Uses `threads` threads, including the caller's.
  // With TLS and handle_signals, SIGHUP calls reload_tls().
  void run(bool handle_signals = true);
  // Thread-safe; begins the graceful stop.
  void stop();
  // Thread-safe. Re-reads the TLS files; new connections use them, open ones
  // keep the old certificate. On failure (logged) the old certificate stays.
  // Returns false on failure or when TLS is not configured.
  bool reload_tls();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace escale::server::http
