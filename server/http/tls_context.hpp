// escale-server's TLS settings: the certificate and key files, and the
// OpenSSL context made from them for HttpServer (TLS 1.2 at least, no
// compression, no renegotiation, the server's cipher preference).
#pragma once

#include <filesystem>
#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace escale::server::http {

struct TlsFiles {
  std::filesystem::path certificate;  // PEM: the server's certificate, then any intermediates (fullchain.pem)
  std::filesystem::path private_key;  // PEM: its private key (privkey.pem), readable by the service user only
};

// Reads and checks both files; throws std::runtime_error naming the file and
// saying what to do when one is missing, unreadable, not PEM, or when the key
// does not match the certificate. Logs a warning when the certificate has
// expired or expires within 30 days.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const TlsFiles& files);

}  // namespace escale::server::http
