// The kiosk's one HTTP exchange with its server: a POST of a JSON body with a
// deadline over resolve, connect, (TLS handshake,) write and read. Used by the
// sync thread (sync_client) and by enrolment (enrolment).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "result.hpp"

namespace escale::kiosk {

struct ServerAddress {
  bool tls = false;  // https://
  std::string host;
  std::string port;
  std::string base_path;  // "" or "/prefix"
};
// "https://escale.example" (port 443), "https://host:port/prefix", or plain
// "http://127.0.0.1:8080" (port 80 by default).
Result<ServerAddress> parse_server_url(std::string_view url);

// How the kiosk checks the server's certificate (https:// only).
struct TlsSettings {
  std::filesystem::path ca_file;  // PEM file of trusted certificates; empty: the system's CA store
};

struct HttpReply {
  int status = 0;                    // HTTP status; 0 when there was no answer
  std::string body;                  // the answer's body
  std::string error;                 // why there was no answer (resolve, connect, TLS, timeout…); empty on an answer
  bool certificate_refused = false;  // the server was reached, but its certificate (or the CA file) was not accepted
};

// One POST of `body` (application/json) to `target` (the full path, base_path
// included). `bearer_token` empty: no Authorization header. `timeout` bounds
// the whole exchange. With server.tls: TLS 1.2 at least, the certificate
// verified against `tls` (see TlsSettings) and the URL's host (SNI for DNS
// names); a failure's `error` says what to do, e.g. "the server's certificate
// is not trusted (self-signed? copy the server's certificate to the kiosk and
// set [server] ca_file)".
HttpReply post_json(const ServerAddress& server, const std::string& target, std::string body,
                    const std::string& bearer_token, std::chrono::milliseconds timeout, const TlsSettings& tls = {});

}  // namespace escale::kiosk
