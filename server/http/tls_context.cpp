// The server's OpenSSL context (see tls_context.hpp). The files are parsed
// here, not by SSL_CTX_use_certificate_chain_file, so that every problem gets
// a message naming the file and the fix instead of an OpenSSL error code.
#include "http/tls_context.hpp"

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "tls/openssl_util.hpp"
#include "tls/self_signed.hpp"

namespace escale::server::http {
namespace {

namespace ssl = boost::asio::ssl;
using escale::tls::BioPtr;
using escale::tls::PkeyPtr;
using escale::tls::X509Ptr;

// Mozilla's "intermediate" TLS 1.2 suites (forward secrecy, AEAD only);
// TLS 1.3 suites are OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr auto kExpiryWarning = std::chrono::hours(24 * 30);

std::vector<X509Ptr> read_certificates(const TlsFiles& files) {
  const std::string pem = tls::read_tls_file(files.certificate, "certificate");
  const BioPtr bio = escale::tls::memory_bio(pem);
  std::vector<X509Ptr> chain;
  while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) chain.push_back(std::move(cert));
  ERR_clear_error();  // the read that ended the loop left an error
  if (chain.empty()) {
    throw std::runtime_error(
        fmt::format("the TLS certificate {} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----): give the "
                    "certificate file (e.g. Let's Encrypt's fullchain.pem), not the key or a DER file",
                    files.certificate.string()));
  }
  return chain;
}

PkeyPtr read_private_key(const TlsFiles& files) {
  const std::string pem = tls::read_tls_file(files.private_key, "private key");
  const BioPtr bio = escale::tls::memory_bio(pem);
  // An empty passphrase callback: an encrypted key fails instead of prompting.
  PkeyPtr key(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  ERR_clear_error();
  if (!key) {
    throw std::runtime_error(fmt::format(
        "the TLS private key {} is not an unencrypted PEM private key (expected -----BEGIN PRIVATE KEY-----): "
        "give the key file (e.g. Let's Encrypt's privkey.pem)",
        files.private_key.string()));
  }
  return key;
}

void warn_when_expiring(const TlsFiles& files, X509* leaf) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), leaf) != 1) return;
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  const auto info = tls::describe_certificate(std::string_view(data, static_cast<std::size_t>(size)));
  const auto now = std::chrono::system_clock::now();
  if (info.not_after <= now) {
    spdlog::warn("TLS certificate {} expired on {}: kiosks and browsers refuse it; renew it and reload the server",
                 files.certificate.string(), tls::utc_text(info.not_after));
  } else if (info.not_after - now < kExpiryWarning) {
    const auto days = std::chrono::duration_cast<std::chrono::hours>(info.not_after - now).count() / 24;
    spdlog::warn("TLS certificate {} expires on {} (in {} days): renew it and reload the server",
                 files.certificate.string(), tls::utc_text(info.not_after), days);
  }
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const TlsFiles& files) {
  auto chain = read_certificates(files);
  const PkeyPtr key = read_private_key(files);
  if (X509_check_private_key(chain.front().get(), key.get()) != 1) {
    ERR_clear_error();
    throw std::runtime_error(
        fmt::format("the TLS private key {} does not match the certificate {}: give the key that was made with this "
                    "certificate (or make both again with `escale-server tls self-signed --force`)",
                    files.private_key.string(), files.certificate.string()));
  }

  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  const auto fail = [&](std::string_view step) {
    return std::runtime_error(fmt::format("cannot set up TLS with {} ({}): {}", files.certificate.string(), step,
                                          escale::tls::openssl_error_text()));
  };
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) throw fail("minimum version TLS 1.2");
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) throw fail("ciphers");
  if (SSL_CTX_use_certificate(ctx, chain.front().get()) != 1) throw fail("certificate");
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (SSL_CTX_add1_chain_cert(ctx, chain[i].get()) != 1) throw fail("intermediate certificate");
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) throw fail("private key");
  warn_when_expiring(files, chain.front().get());
  return context;
}

}  // namespace escale::server::http
