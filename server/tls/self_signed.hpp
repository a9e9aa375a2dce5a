// A first certificate for escale-server's HTTPS: an EC P-256 key and a
// self-signed X.509 v3 certificate (SHA-256) that a kiosk can trust directly
// as its CA file ([server] ca_file), written as PEM files; and a description
// of a certificate for `escale-server tls show` and the start-up checks.
//
// The certificate is its own trust anchor: basicConstraints CA:TRUE (pathlen
// 0) and keyUsage keyCertSign, as `openssl req -x509` makes them, plus
// digitalSignature and extendedKeyUsage serverAuth for its use as a server
// certificate. Every DNS name and IP address given goes into subjectAltName
// (what clients check); the first name is also the subject's CN.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escale::server::tls {

struct SelfSignedRequest {
  std::vector<std::string> dns_names;     // "escale.example", "localhost"; the first is the CN
  std::vector<std::string> ip_addresses;  // "127.0.0.1", "::1", "192.168.1.10"
  int days = 825;                         // validity; 825 is the longest many clients accept
};

struct PemPair {
  std::string certificate;  // -----BEGIN CERTIFICATE-----
  std::string private_key;  // -----BEGIN PRIVATE KEY----- (PKCS#8, unencrypted)
};

// Throws std::invalid_argument on a bad name, address or day count (the
// message says which), std::runtime_error when OpenSSL fails.
PemPair make_self_signed(const SelfSignedRequest& request);

struct PemFileOptions {
  bool overwrite = false;          // false: refuse when either file exists
  std::optional<gid_t> key_group;  // set: the key is root:group mode 0640 (needs root), else mode 0600
};

// Writes the key and the certificate (mode 0644), each through a temporary
// file in the same folder renamed into place, so a reader never sees half a
// file. Creates missing folders. Throws std::runtime_error with a message
// saying what to do (e.g. "already exists: pass --force").
void write_pem_files(const PemPair& pem, const std::filesystem::path& certificate_path,
                     const std::filesystem::path& key_path, const PemFileOptions& options = {});

struct CertificateInfo {
  std::string subject;  // RFC 2253, e.g. "CN=escale.example"
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  std::string sha256_fingerprint;  // "AB:CD:…", as `openssl x509 -fingerprint -sha256` prints it
};

// The first certificate of a PEM text; throws std::runtime_error when there is none.
CertificateInfo describe_certificate(std::string_view pem);

// The contents of a TLS file (certificate, key, CA file), or a
// std::runtime_error saying what to do: missing, a folder, unreadable
// (permissions: run as the escale user or make it readable by group escale).
// `what` names the file in the message, e.g. "certificate".
std::string read_tls_file(const std::filesystem::path& path, std::string_view what);

// "2026-11-22 10:40 UTC"
std::string utc_text(std::chrono::system_clock::time_point when);

}  // namespace escale::server::tls
