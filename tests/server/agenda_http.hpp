// The help agenda's API tests over a real socket: the server (make_api on a
// connection pool) on an ephemeral port, an admin token, a site whose
// mediator Nadia helps every day from 08:00 to 20:00 (so free slots exist
// whatever day the tests run), and Karim, a second mediator, for workshops.
// The server uses the real clock.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include "agenda_fixture.hpp"
#include "api/routes.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"

namespace escale::tests {

namespace agenda_http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Reply = bhttp::response<bhttp::string_body>;

inline Reply call(std::uint16_t port, bhttp::verb method, const std::string& target, const std::string& body,
                  const std::optional<std::string>& token) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.socket().connect({asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{method, beast::string_view(target.data(), target.size()), 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (token) req.set(bhttp::field::authorization, "Bearer " + *token);
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.keep_alive(false);
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  if (method == bhttp::verb::head) parser.skip(true);
  bhttp::read(stream, buffer, parser);
  return parser.release();
}

inline std::string header(const Reply& r, bhttp::field f) {
  const auto it = r.find(f);
  return it == r.end() ? std::string() : std::string(it->value().data(), it->value().size());
}
}  // namespace agenda_http

struct AgendaApi : AgendaDb {
  std::int64_t karim = mediator(site_id, "Karim", "Haddad");
  bool every_day = [this] {
    remove_help_hours_all();
    for (int weekday = 1; weekday <= 7; ++weekday) add_hours(nadia, weekday, 8 * 60, 20 * 60);
    return true;
  }();
  std::string admin_token = *server::add_admin_client(db, "tableau de bord");
  std::int64_t admin_id = scalar("SELECT id FROM api_clients");

  server::ConnectionPool pool{path, 5};
  server::http::HttpServer http_server{[] {
                                         server::http::ServerOptions o;
                                         o.host = "127.0.0.1";
                                         o.port = 0;
                                         o.threads = 4;
                                         o.shutdown_grace = std::chrono::milliseconds(2000);
                                         return o;
                                       }(),
                                       server::make_api(pool)};
  std::thread thread{[this] { http_server.run(false); }};

  AgendaApi() = default;
  ~AgendaApi() {
    http_server.stop();
    thread.join();
  }
  AgendaApi(const AgendaApi&) = delete;
  AgendaApi& operator=(const AgendaApi&) = delete;

  void remove_help_hours_all() {
    server::remove_help_hours(db, tuesday, server::Actor{});
    server::remove_help_hours(db, thursday, server::Actor{});
  }

  agenda_http::Reply get(const std::string& target, std::optional<std::string> token = std::nullopt) {
    return agenda_http::call(http_server.port(), agenda_http::bhttp::verb::get, target, {}, token);
  }
  agenda_http::Reply admin_get(const std::string& target) { return get(target, admin_token); }
  agenda_http::Reply admin_post(const std::string& target, const std::string& body) {
    return agenda_http::call(http_server.port(), agenda_http::bhttp::verb::post, target, body, admin_token);
  }
};

}  // namespace escale::tests
