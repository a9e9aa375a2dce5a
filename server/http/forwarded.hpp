// Behind a reverse proxy, every request arrives from the proxy's address. For
// requests from a trusted proxy (server.toml [web] trusted_proxies), this
// wrapper replaces the client address the handlers see (kPeerHeader) by the
// one the proxy wrote in X-Forwarded-For: the right-most address that is not
// itself a trusted proxy (the left ones are whatever the client claimed).
// Requests from anywhere else keep their socket's address, and their own
// X-Forwarded-For is ignored.
#pragma once

#include <string>
#include <vector>

#include "http/http_server.hpp"

namespace escale::server::http {

// `trusted` holds IP addresses ("127.0.0.1", "::1", "10.0.0.2"); empty: `inner` itself.
Handler with_trusted_proxies(Handler inner, const std::vector<std::string>& trusted);

// The client address to believe, from the socket's `peer` and the request's
// X-Forwarded-For value (empty: none). Exposed for tests.
std::string forwarded_client(const std::string& peer, std::string_view forwarded_for,
                             const std::vector<std::string>& trusted);

}  // namespace escale::server::http
