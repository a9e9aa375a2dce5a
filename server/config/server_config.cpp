// escale-server's TOML configuration (toml++), checked strictly.
#include "config/server_config.hpp"

#include <toml++/toml.h>

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <map>
#include <set>
#include <sstream>
#include <type_traits>

#include "http/connection_limits.hpp"
#include "text/toml_guard.hpp"

namespace escale::server {
namespace {

// The keys each section may hold: anything else is a typo worth stopping for.
const std::map<std::string, std::set<std::string>, std::less<>>& known_keys() {
  static const std::map<std::string, std::set<std::string>, std::less<>> keys = {
      {"server", {"database", "listen", "threads", "max_connections", "max_connections_per_address"}},
      {"tls", {"certificate", "private_key", "allow_plain_http"}},
      {"web", {"trusted_proxies", "secure_cookies", "public_url"}},
      {"reminders", {"notifier", "notifier_args", "notifier_timeout_s"}},
      {"privacy", {"retention_days"}},
  };
  return keys;
}

std::string where(const std::filesystem::path& file, const toml::node& node) {
  return file.string() + ":" + std::to_string(node.source().begin.line);
}

class Reader {
 public:
  Reader(const toml::table& table, const std::filesystem::path& file) : table_(table), file_(file) {}

  template <typename T>
  void get(std::string_view section, std::string_view key, T& target, const char* expected) {
    if (!error_.empty()) return;
    const auto node = table_[section][key];
    if (!node) return;
    // A whole number only from an integer: toml++ 3.3.0 converts a float to
    // an integer with a plain cast, undefined beyond the integer's range
    // (found by fuzz/kiosk_config on the kiosk's reader: 5.5e67).
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (!node.is_integer()) {
        error_ = where(file_, *node.node()) + ": [" + std::string(section) + "] " + std::string(key) + ": expected " +
                 expected;
        return;
      }
    }
    if (auto v = node.template value<T>()) {
      target = *v;
      return;
    }
    error_ =
        where(file_, *node.node()) + ": [" + std::string(section) + "] " + std::string(key) + ": expected " + expected;
  }
  void get_int(std::string_view section, std::string_view key, int& target, int low, int high) {
    std::int64_t v = target;
    get(section, key, v, "a whole number");
    if (!error_.empty()) return;
    if (v < low || v > high) {
      error_ = where(file_, *table_[section][key].node()) + ": [" + std::string(section) + "] " + std::string(key) +
               ": expected a number from " + std::to_string(low) + " to " + std::to_string(high);
      return;
    }
    target = static_cast<int>(v);
  }
  void get_path(std::string_view section, std::string_view key, std::filesystem::path& target) {
    std::string v = target.string();
    get(section, key, v, "a path in quotes");
    target = v;
  }
  void get_strings(std::string_view section, std::string_view key, std::vector<std::string>& target) {
    if (!error_.empty()) return;
    const auto node = table_[section][key];
    if (!node) return;
    const auto* array = node.as_array();
    std::vector<std::string> values;
    if (array) {
      for (const auto& item : *array) {
        if (auto s = item.value<std::string>()) {
          values.push_back(*s);
        } else {
          array = nullptr;
          break;
        }
      }
    }
    if (!array) {
      error_ = where(file_, *node.node()) + ": [" + std::string(section) + "] " + std::string(key) +
               ": expected a list of strings, for example [\"127.0.0.1\"]";
      return;
    }
    target = std::move(values);
  }
  const std::string& error() const { return error_; }

 private:
  const toml::table& table_;
  const std::filesystem::path& file_;
  std::string error_;
};

}  // namespace

Result<bool> load_server_config(const std::filesystem::path& path, ServerConfig& c) {
  if (auto safe = toml_guard::check_file(path); !safe) return safe;  // toml++ 3.3.0's undefined behaviour
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path.string() << ":" << e.source().begin.line << ": " << e.description();
    if (e.description().find("open") != std::string_view::npos || e.source().begin.line == 0)
      msg << " (check the path and that this user may read the file)";
    return Error{msg.str()};
  }
  for (const auto& [section, node] : table) {
    const auto known = known_keys().find(section.str());
    if (known == known_keys().end()) {
      return Error{where(path, node) + ": unknown section [" + std::string(section.str()) +
                   "] (known: [server], [tls], [web], [reminders], [privacy])"};
    }
    const auto* keys = node.as_table();
    if (!keys) return Error{where(path, node) + ": [" + std::string(section.str()) + "] must be a section"};
    for (const auto& [key, value] : *keys) {
      if (!known->second.contains(std::string(key.str()))) {
        std::string list;
        for (const auto& k : known->second) list += (list.empty() ? "" : ", ") + k;
        return Error{where(path, value) + ": unknown key « " + std::string(key.str()) + " » in [" +
                     std::string(section.str()) + "] (known: " + list + ")"};
      }
    }
  }
  Reader r(table, path);
  r.get_path("server", "database", c.database);
  r.get("server", "listen", c.listen, "\"HOST:PORT\" in quotes, for example \"0.0.0.0:8443\"");
  r.get_int("server", "threads", c.threads, 1, 64);
  r.get_int("server", "max_connections", c.max_connections, 0, 1000000);
  r.get_int("server", "max_connections_per_address", c.max_connections_per_address, 0, 1000000);
  r.get_path("tls", "certificate", c.tls_certificate);
  r.get_path("tls", "private_key", c.tls_private_key);
  r.get("tls", "allow_plain_http", c.allow_plain_http, "true or false");
  r.get_strings("web", "trusted_proxies", c.trusted_proxies);
  r.get("web", "secure_cookies", c.secure_cookies, "true or false");
  r.get("web", "public_url", c.public_url, "a text like \"https://escale.example.fr\"");
  r.get("reminders", "notifier", c.notifier, "a command in quotes");
  r.get_strings("reminders", "notifier_args", c.notifier_args);
  r.get_int("reminders", "notifier_timeout_s", c.notifier_timeout_s, 1, 600);
  r.get_int("privacy", "retention_days", c.retention_days, 30, 3650);
  if (!r.error().empty()) return Error{r.error()};
  if (c.database.empty()) return Error{path.string() + ": [server] database must not be empty"};
  return true;
}

Result<ListenAddress> parse_listen(std::string_view text) {
  const auto example = std::string(" (for example 127.0.0.1:8080 or 0.0.0.0:8443)");
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return Error{"listen: expected HOST:PORT" + example};
  ListenAddress out;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return Error{"listen: the address before the port is missing" + example};
  out.host = std::string(host);
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty())
    return Error{"listen: the port must be a number from 0 to 65535" + example};
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

bool is_loopback(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && address.is_loopback();
}

std::optional<std::string> public_url_problem(std::string_view url) {
  const auto example = std::string(" (for example \"https://escale.example.fr\" or \"https://example.fr:8443\")");
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return "« " + std::string(url) + " » does not start with https:// (or http://)" + example;
  }
  if (rest.empty()) return "« " + std::string(url) + " » names no host" + example;
  for (const char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == ':' || c == '[' || c == ']';
    if (!ok) {
      return "« " + std::string(url) +
             " »: give the scheme, the host and the port only, with no path, query or trailing slash" + example;
    }
  }
  return std::nullopt;
}

std::string public_url(const ServerConfig& c, std::string_view machine_name) {
  if (!c.public_url.empty()) return c.public_url;
  const auto listen = parse_listen(c.listen);
  std::string host = listen ? listen->host : std::string("127.0.0.1");
  if (host == "0.0.0.0" || host == "::" || host.empty()) host = std::string(machine_name);
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(c.tls() ? "https://" : "http://") + host + ":" + std::to_string(listen ? listen->port : 8080);
}

Result<bool> check_server_config(const ServerConfig& c) {
  const auto listen = parse_listen(c.listen);
  if (!listen) return Error{listen.error()};
  if (c.tls_certificate.empty() != c.tls_private_key.empty()) {
    return Error{"[tls] certificate and private_key go together: give both (HTTPS) or neither (plain HTTP)"};
  }
  if (!c.tls() && !c.allow_plain_http && !is_loopback(listen->host)) {
    return Error{"refusing to serve plain HTTP on " + c.listen +
                 ": kiosks and browsers would send tokens and passwords in clear. Give [tls] certificate and "
                 "private_key (« escale-server tls self-signed » makes a first pair), listen on 127.0.0.1 behind "
                 "an HTTPS reverse proxy, or set [tls] allow_plain_http = true if this network is entirely yours"};
  }
  if (c.max_connections != 0 && c.max_connections < static_cast<int>(http::kMinConnections)) {
    return Error{"[server] max_connections = " + std::to_string(c.max_connections) +
                 " is too small: give 0 (sized from the descriptor limit) or at least " +
                 std::to_string(http::kMinConnections)};
  }
  if (c.max_connections != 0 && c.max_connections_per_address > c.max_connections) {
    return Error{"[server] max_connections_per_address = " + std::to_string(c.max_connections_per_address) +
                 " is above max_connections = " + std::to_string(c.max_connections) +
                 ": lower it (one client address must not be able to take every connection)"};
  }
  if (!c.public_url.empty()) {
    if (auto problem = public_url_problem(c.public_url)) return Error{"[web] public_url: " + *problem};
  }
  for (const auto& proxy : c.trusted_proxies) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(proxy, ec);
    if (ec) return Error{"[web] trusted_proxies: « " + proxy + " » is not an IP address (for example \"127.0.0.1\")"};
  }
  return true;
}

}  // namespace escale::server
