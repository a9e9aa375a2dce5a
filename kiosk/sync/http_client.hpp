// The kiosk's one HTTP exchange with its server: a POST of a JSON body with a
// deadline over resolve, connect, (TLS handshake,) write and read. Used by the
// sync thread (sync_client) and by enrolment (enrolment).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace escale::kiosk {

struct ServerAddress {
  bool tls = false;       // https://
  std::string host;       // a DNS name, an IPv4 address, or an IPv6 address without its brackets ("::1")
  std::string port;       // 1 to 65535, without leading zeros
  std::string base_path;  // "" or "/prefix"
};
// "https://escale.example" (port 443), "https://host:port/prefix", plain
// "http://127.0.0.1:8080" (port 80 by default), or an IPv6 literal in
// brackets: "https://[2001:db8::1]:8443/prefix". Refused, each with a
// sentence saying what to write instead: another scheme, no host, a user
// name or password (user@host), a query or fragment, spaces or control
// characters, a port that is not a number from 1 to 65535, an IPv6 address
// without brackets, an IPv6 zone ("[fe80::1%eth0]": a link-local address
// names an interface of this machine, not a server; give a stable address
// or a name), a host name with characters no host name has (non-ASCII
// names are written in their xn-- form).
Result<ServerAddress> parse_server_url(std::string_view url);
// The host and port as a URL and the Host header write them: "escale.example"
// (the scheme's default port left out), "escale.example:8443", "[::1]:8443".
std::string url_authority(const ServerAddress& server);

// How the kiosk checks the server's certificate (https:// only).
struct TlsSettings {
  std::filesystem::path ca_file;  // PEM file of trusted certificates; empty: the system's CA store
};

struct HttpReply {
  int status = 0;                    // HTTP status; 0 when there was no answer
  std::string body;                  // the answer's body
  std::string error;                 // why there was no answer (resolve, connect, TLS, timeout…); empty on an answer
  bool certificate_refused = false;  // the server was reached, but its certificate (or the CA file) was not accepted
  bool tls_resumed = false;          // https: the TLS session of the previous exchange with this server went on
};

// Turns a host name into addresses (IPv4 or IPv6 text), or says why not.
// It may block (a DNS server that does not answer): post_json runs it on a
// thread of its own and walks away from it when the deadline passes.
using NameResolver = std::function<Result<std::vector<std::string>>(const std::string& host, const std::string& port)>;
// The system's resolver (getaddrinfo: /etc/hosts, DNS…), the default.
Result<std::vector<std::string>> system_resolve(const std::string& host, const std::string& port);

// One POST of `body` (application/json) to `target` (the full path, base_path
// included). `bearer_token` empty: no Authorization header. `timeout` bounds
// the whole exchange, name resolution included: post_json returns within it
// even when the DNS server never answers (the lookup is left to finish on
// its own thread; an IP address in the URL needs no lookup). `resolver`
// empty: system_resolve. With server.tls: TLS 1.2 at least, the certificate
// verified against `tls` (see TlsSettings) and the URL's host (SNI for DNS
// names); a failure's `error` says what to do, e.g. "the server's certificate
// is not trusted (self-signed? copy the server's certificate to the kiosk and
// set [server] ca_file)".
HttpReply post_json(const ServerAddress& server, const std::string& target, std::string body,
                    const std::string& bearer_token, std::chrono::milliseconds timeout, const TlsSettings& tls = {},
                    const NameResolver& resolver = {});

}  // namespace escale::kiosk
