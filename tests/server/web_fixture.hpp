// The web pages over real HTTP: a server database with two sites, members and
// one web account per role, the API (make_api) served on a free port, and a
// small browser-like client that keeps cookies, sends forms
// (application/x-www-form-urlencoded) with an Origin header, and does not
// follow redirects (tests check them).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api/routes.hpp"
#include "http/forwarded.hpp"
#include "server_fixture.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/web_users.hpp"

namespace escale::tests {

namespace web_http = boost::beast::http;
using WebReply = web_http::response<web_http::string_body>;

inline constexpr const char* kAdminPassword = "mot de passe admin 1";
inline constexpr const char* kAnimatorPassword = "mot de passe anim 22";
inline constexpr const char* kReportingPassword = "mot de passe rapports 3";

inline std::string reply_header(const WebReply& r, web_http::field f) {
  const auto it = r.find(f);
  return it == r.end() ? std::string() : std::string(it->value().data(), it->value().size());
}

inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    for (const auto* part : {&name, &value}) {
      for (unsigned char c : *part) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.') {
          out += static_cast<char>(c);
        } else if (c == ' ') {
          out += '+';
        } else {
          out += '%';
          out += kHex[c >> 4];
          out += kHex[c & 15];
        }
      }
      if (part == &name) out += '=';
    }
  }
  return out;
}

// The value of <input name="NAME" value="…"> in a page (first match).
inline std::string input_value(const std::string& html, const std::string& name) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"" + name + "\" value=\"([^\"]*)\""))) return m[1].str();
  return {};
}

class WebClient {
 public:
  explicit WebClient(std::uint16_t port) : port_(port) {}

  WebReply get(const std::string& target, const std::string& bearer = {}) {
    return call(web_http::verb::get, target, {}, {}, bearer);
  }
  // A form as a browser sends it (same-origin Origin header unless `origin` says otherwise).
  WebReply post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                std::optional<std::string> origin = std::nullopt) {
    return call(web_http::verb::post, target, form_encode(fields),
                origin.value_or("http://127.0.0.1:" + std::to_string(port_)));
  }
  // Logs in through the login form; returns the POST's reply.
  WebReply log_in(const std::string& login, const std::string& password) {
    const auto page = get("/connexion");
    const auto token = input_value(page.body(), "login_token");
    return post("/connexion", {{"login", login}, {"password", password}, {"login_token", token}, {"suite", ""}});
  }
  // The CSRF token of the session, as pages embed it.
  std::string csrf() {
    const auto page = get("/tableau-de-bord");
    return input_value(page.body(), "csrf");
  }
  bool has_cookie(const std::string& name) const { return cookies_.count(name) > 0; }
  std::string cookie(const std::string& name) const {
    const auto it = cookies_.find(name);
    return it == cookies_.end() ? std::string() : it->second;
  }
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  // A header sent with every request from now on (e.g. X-Forwarded-For, as the reverse proxy writes it).
  void set_header(const std::string& name, const std::string& value) { headers_[name] = value; }
  void forget_cookies() { cookies_.clear(); }
  // Every Set-Cookie header of the last reply.
  const std::vector<std::string>& last_set_cookies() const { return last_set_cookies_; }

  WebReply call(web_http::verb method, const std::string& target, const std::string& body, const std::string& origin,
                const std::string& bearer = {}, const std::string& content_type = "application/x-www-form-urlencoded") {
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(20));
    stream.socket().connect({asio::ip::make_address("127.0.0.1"), port_});
    web_http::request<web_http::string_body> req{method, beast::string_view(target.data(), target.size()), 11};
    req.set(web_http::field::host, "127.0.0.1:" + std::to_string(port_));
    std::string cookie_header;
    for (const auto& [name, value] : cookies_)
      cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie_header.empty()) req.set(web_http::field::cookie, cookie_header);
    if (!origin.empty()) req.set(web_http::field::origin, origin);
    if (!bearer.empty()) req.set(web_http::field::authorization, "Bearer " + bearer);
    for (const auto& [name, value] : headers_) req.set(name, value);
    if (method == web_http::verb::post) req.set(web_http::field::content_type, content_type);
    req.body() = body;
    req.keep_alive(false);
    req.prepare_payload();
    web_http::write(stream, req);
    beast::flat_buffer buffer;
    web_http::response_parser<web_http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    web_http::read(stream, buffer, parser);
    auto res = parser.release();
    last_set_cookies_.clear();
    for (auto it = res.find(web_http::field::set_cookie); it != res.end() && it->name() == web_http::field::set_cookie;
         ++it) {
      const std::string line(it->value().data(), it->value().size());
      last_set_cookies_.push_back(line);
      const auto eq = line.find('=');
      const auto semi = line.find(';');
      const auto name = line.substr(0, eq);
      const auto value = line.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
      if (line.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    return res;
  }

 private:
  std::uint16_t port_;
  std::map<std::string, std::string> cookies_;
  std::map<std::string, std::string> headers_;
  std::vector<std::string> last_set_cookies_;
};

// Two sites, members, a kiosk, one account per role, the API on a free port,
// behind a reverse proxy on loopback as in production (so a client that sends
// X-Forwarded-For is seen from that address: the rate limits per address).
struct WebSite : ServerDb {
  std::int64_t montbard = site("Tiers-lieu de Montbard", "21425");
  std::int64_t semur = site("Espace numérique de Semur", "21603");
  std::int64_t marie = member(montbard, "Marie", "Dupont");
  std::int64_t jean = member(montbard, "Jean", "Martin");
  std::int64_t lucie = member(semur, "Lucie", "Bernard");
  server::IssuedKiosk entrance = kiosk(montbard);
  std::string admin_token = *server::add_admin_client(db, "outil de l’interco");
  bool accounts = make_accounts();

  server::ConnectionPool pool{path, 3};
  server::http::HttpServer http_server{[] {
                                         server::http::ServerOptions o;
                                         o.host = "127.0.0.1";
                                         o.port = 0;
                                         o.threads = 2;
                                         o.shutdown_grace = std::chrono::milliseconds(2000);
                                         return o;
                                       }(),
                                       server::http::with_trusted_proxies(server::make_api(pool), {"127.0.0.1"})};
  std::thread thread{[this] { http_server.run(false); }};

  WebSite() = default;
  ~WebSite() {
    http_server.stop();
    thread.join();
  }
  WebSite(const WebSite&) = delete;
  WebSite& operator=(const WebSite&) = delete;

  WebClient client() { return WebClient(http_server.port()); }
  // A client logged in as `login`.
  WebClient as(const std::string& login) {
    auto c = client();
    const char* password = login == "claire" ? kAdminPassword
                           : login == "paul" ? kAnimatorPassword
                                             : kReportingPassword;
    const auto r = c.log_in(login, password);
    INFO(r.body());
    REQUIRE(r.result() == web_http::status::see_other);
    REQUIRE(c.has_cookie("escale_session"));
    return c;
  }

 private:
  bool make_accounts() {
    auto add = [&](const char* login, const char* name, server::WebRole role, std::optional<std::int64_t> site_id,
                   const char* password) {
      server::NewWebUser u;
      u.login = login;
      u.display_name = name;
      u.role = role;
      u.site_id = site_id;
      u.password = password;
      auto added = server::add_web_user(db, u);
      if (!added) throw std::runtime_error("add_web_user: " + added.error());
    };
    add("claire", "Claire Martin", server::WebRole::Admin, std::nullopt, kAdminPassword);
    add("paul", "Paul Durand", server::WebRole::Animator, montbard, kAnimatorPassword);
    add("interco", "Communauté de communes", server::WebRole::Reporting, std::nullopt, kReportingPassword);
    return true;
  }
};

}  // namespace escale::tests
