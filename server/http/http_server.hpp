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
#pragma once

#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace escale::server::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Handler = std::function<Response(const Request&)>;

// The server sets this header on every request it hands to the Handler: the
// client's IP address as the socket sees it (a value the client sent under
// this name is dropped first).
inline constexpr std::string_view kPeerHeader = "X-Escale-Peer";

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (see HttpServer::port())
  int threads = 4;
  std::size_t body_limit = std::size_t{1024} * 1024;  // bytes; larger bodies get 413
  std::chrono::milliseconds read_timeout{15000};      // whole request, headers and body
  std::chrono::milliseconds shutdown_grace{4000};     // then in-flight work is abandoned
  std::chrono::milliseconds write_timeout{30000};     // a whole response; a client that stops reading is dropped
};

// A JSON error response: {"error": {"status": 404, "message": "..."}}, with
// Content-Type application/json; charset=utf-8, keep-alive copied from req version.
Response json_error(beast_http::status status, std::string_view message, unsigned version = 11,
                    bool keep_alive = false);
// A response with the given body and content type.
Response make_response(beast_http::status status, std::string body, std::string_view content_type,
                       unsigned version = 11, bool keep_alive = false);

class HttpServer {
 public:
  // Binds and listens at once (throws std::runtime_error with a clear message
  // when the address is in use or invalid).
  HttpServer(ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;  // the bound port (useful with port 0)

  // Serves until SIGINT/SIGTERM (when handle_signals) or stop(); then shuts
  // down gracefully and returns. Uses `threads` threads, including the caller's.
  void run(bool handle_signals = true);
  // Thread-safe; begins the graceful stop.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace escale::server::http
