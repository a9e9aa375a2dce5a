// escale-server's configuration: /etc/escale/server.toml (TOML, every key
// optional, see packaging/server.example.toml), then the command line.
// The checks that keep a deployment safe live here too: plain HTTP only on
// loopback unless explicitly allowed, TLS files named in pairs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace escale::server {

inline constexpr const char* kPackagedConfigFile = "/etc/escale/server.toml";
inline constexpr const char* kDefaultDatabase = "/var/lib/escale/server/escale-server.db";

struct ServerConfig {
  // [server]
  std::filesystem::path database = kDefaultDatabase;
  std::string listen = "127.0.0.1:8080";
  int threads = 4;
  // Connections at once (0: sized from the descriptor limit, LimitNOFILE, at
  // start) and from one client address (0: 64, or max_connections if lower);
  // see server/http/connection_limits.hpp.
  int max_connections = 0;
  int max_connections_per_address = 0;
  // [tls]
  std::filesystem::path tls_certificate;
  std::filesystem::path tls_private_key;
  bool allow_plain_http = false;
  // [web]
  std::vector<std::string> trusted_proxies;
  bool secure_cookies = false;
  // The address people reach the server at, for links in messages and the
  // kiosks' QR codes (« Mon espace »): "https://escale.example.fr". Empty:
  // made from `listen` (public_url() below).
  std::string public_url;
  // [reminders]
  std::string notifier;
  std::vector<std::string> notifier_args;
  int notifier_timeout_s = 30;
  // [privacy]
  int retention_days = 730;

  bool tls() const { return !tls_certificate.empty(); }
};

// Reads `path` over `config` (keys absent from the file keep their value).
// Unknown sections and keys are errors (a typo must not silently fall back to
// a default); the error names the file, the line and what is expected.
Result<bool> load_server_config(const std::filesystem::path& path, ServerConfig& config);

struct ListenAddress {
  std::string host;  // "127.0.0.1", "0.0.0.0", "::", "escale.local"…
  std::uint16_t port = 0;
};
// "127.0.0.1:8080", "[::1]:8443", "0.0.0.0:0".
Result<ListenAddress> parse_listen(std::string_view text);
// 127.0.0.0/8, ::1, "localhost".
bool is_loopback(std::string_view host);

// The checks made before listening: TLS files named in pairs, threads and
// retention in range, connection caps consistent, and plain HTTP on an address
// other than loopback only with allow_plain_http. The error says what to
// change in which file. (Whether max_connections fits the descriptor limit is
// checked when the server starts, where the limit is known.)
Result<bool> check_server_config(const ServerConfig& config);

// What is wrong with a [web] public_url, or nullopt: a scheme (https or
// http), a host and perhaps a port, nothing else (no path, no query).
std::optional<std::string> public_url_problem(std::string_view url);
// [web] public_url, or, when empty, the scheme, host and port of `listen`
// (the machine's name for a wildcard address such as 0.0.0.0).
std::string public_url(const ServerConfig& config, std::string_view machine_name);

}  // namespace escale::server
