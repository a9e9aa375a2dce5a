// Self-signed certificates with OpenSSL 3's API (see self_signed.hpp).
#include "tls/self_signed.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "tls/openssl_util.hpp"

namespace escale::server::tls {
namespace {

using namespace escale::tls;  // the OpenSSL handles (shared/tls/openssl_util.hpp)

namespace fs = std::filesystem;

bool is_ip_address(const std::string& text) {
  std::array<unsigned char, 16> bytes{};
  return inet_pton(AF_INET, text.c_str(), bytes.data()) == 1 || inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1;
}

// Letters, digits, '-', '.', and a leading "*." for a wildcard: also keeps
// the subjectAltName text below free of separators.
bool is_dns_name(const std::string& name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') return false;
  std::string_view rest = name;
  if (rest.starts_with("*.")) rest.remove_prefix(2);
  for (const char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return !rest.empty();
}

void check(int ok, std::string_view what) {
  if (ok != 1)
    throw std::runtime_error(fmt::format("cannot make the certificate ({}): {}", what, openssl_error_text()));
}

void add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext) throw std::runtime_error(fmt::format("cannot make the extension {}: {}", value, openssl_error_text()));
  check(X509_add_ext(cert, ext.get(), -1), "extension");
}

// 16 random bytes, positive (RFC 5280 wants a positive serial of at most 20 bytes).
void set_random_serial(X509* cert) {
  std::array<unsigned char, 16> bytes{};
  check(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())), "random serial");
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;  // never a leading zero byte
  const BignumPtr serial(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert))) check(0, "serial");
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) throw std::runtime_error("the certificate has an unreadable validity date");
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// Writes `data` to `target` through a temporary file in its folder (mode and
// group set before the rename), fsynced, then renamed over the target.
void write_atomically(const fs::path& target, const std::string& data, mode_t mode, std::optional<gid_t> group) {
  std::string temp = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    throw std::runtime_error(fmt::format("cannot write in {}: {}: run as root or choose another path",
                                         target.parent_path().string(), errno_text(errno)));
  }
  const auto fail = [&](std::string_view step) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return std::runtime_error(fmt::format("cannot write {} ({}): {}", target.string(), step, errno_text(error)));
  };
  if (group && fchown(fd, 0, *group) != 0) throw fail("chown to group escale");
  if (fchmod(fd, mode) != 0) throw fail("chmod");
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail("write");
    written += static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0) throw fail("fsync");
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("cannot write {}: {}", target.string(), errno_text(error)));
  }
  if (std::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("cannot write {}: {}", target.string(), errno_text(error)));
  }
}

}  // namespace

PemPair make_self_signed(const SelfSignedRequest& request) {
  if (request.dns_names.empty() && request.ip_addresses.empty()) {
    throw std::invalid_argument("a certificate needs at least one DNS name or IP address");
  }
  if (request.days < 1 || request.days > 3650) {
    throw std::invalid_argument(fmt::format("{} days: give a validity from 1 to 3650 days", request.days));
  }
  std::string alt_names;
  for (const auto& name : request.dns_names) {
    if (!is_dns_name(name)) {
      throw std::invalid_argument(fmt::format("\"{}\" is not a DNS name (letters, digits, '-' and '.')", name));
    }
    alt_names += (alt_names.empty() ? "DNS:" : ",DNS:") + name;
  }
  for (const auto& ip : request.ip_addresses) {
    if (!is_ip_address(ip)) {
      throw std::invalid_argument(fmt::format("\"{}\" is not an IP address (e.g. 192.168.1.10 or ::1)", ip));
    }
    alt_names += (alt_names.empty() ? "IP:" : ",IP:") + ip;
  }
  const std::string& common_name = request.dns_names.empty() ? request.ip_addresses.front() : request.dns_names.front();

  const PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) check(0, "EC P-256 key");
  const X509Ptr cert(X509_new());
  if (!cert) check(0, "X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3), "version");
  set_random_serial(cert.get());
  // An hour back, for kiosks whose clock runs a little late.
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)) check(0, "notBefore");
  if (!X509_time_adj_ex(X509_getm_notAfter(cert.get()), request.days, 0, nullptr)) check(0, "notAfter");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0),
        "subject");
  check(X509_set_issuer_name(cert.get(), name), "issuer");
  check(X509_set_pubkey(cert.get(), key.get()), "public key");
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
  add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), NID_authority_key_identifier, "keyid:always");
  add_extension(cert.get(), NID_subject_alt_name, alt_names);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) check(0, "signature");

  PemPair pem;
  const BioPtr cert_bio(BIO_new(BIO_s_mem()));
  check(cert_bio ? PEM_write_bio_X509(cert_bio.get(), cert.get()) : 0, "PEM certificate");
  pem.certificate = bio_text(cert_bio.get());
  const BioPtr key_bio(BIO_new(BIO_s_mem()));
  check(key_bio ? PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) : 0,
        "PEM key");
  pem.private_key = bio_text(key_bio.get());
  return pem;
}

void write_pem_files(const PemPair& pem, const fs::path& certificate_path, const fs::path& key_path,
                     const PemFileOptions& options) {
  if (certificate_path == key_path) {
    throw std::runtime_error("the certificate and the key need two different files: change --cert or --key");
  }
  if (!options.overwrite) {
    for (const auto& path : {certificate_path, key_path}) {
      std::error_code ec;
      if (fs::exists(path, ec)) {
        throw std::runtime_error(fmt::format(
            "{} already exists: pass --force to replace it (kiosks that trust the old certificate will need the "
            "new one)",
            path.string()));
      }
    }
  }
  for (const auto& path : {certificate_path, key_path}) {
    const auto folder = path.parent_path();
    if (folder.empty()) continue;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
      throw std::runtime_error(fmt::format("cannot create the folder {}: {}: run as root or choose another path",
                                           folder.string(), ec.message()));
    }
  }
  write_atomically(key_path, pem.private_key, options.key_group ? 0640 : 0600, options.key_group);
  write_atomically(certificate_path, pem.certificate, 0644, std::nullopt);
}

CertificateInfo describe_certificate(std::string_view pem) {
  const std::string text(pem);
  const BioPtr bio = memory_bio(text);
  const X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (!cert) throw std::runtime_error("no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");

  CertificateInfo info;
  const BioPtr subject(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(subject.get(), X509_get_subject_name(cert.get()), 0, XN_FLAG_RFC2253);
  info.subject = bio_text(subject.get());

  const GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(names.get(), i);
    if (entry->type == GEN_DNS) {
      const ASN1_STRING* dns = entry->d.dNSName;
      info.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                  static_cast<std::size_t>(ASN1_STRING_length(dns)));
    } else if (entry->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = entry->d.iPAddress;
      const int length = ASN1_STRING_length(ip);
      char buffer[INET6_ADDRSTRLEN] = {};
      const int family = length == 4 ? AF_INET : AF_INET6;
      if ((length == 4 || length == 16) && inet_ntop(family, ASN1_STRING_get0_data(ip), buffer, sizeof buffer)) {
        info.ip_addresses.emplace_back(buffer);
      }
    }
  }
  info.not_before = to_time_point(X509_get0_notBefore(cert.get()));
  info.not_after = to_time_point(X509_get0_notAfter(cert.get()));

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (X509_digest(cert.get(), EVP_sha256(), digest.data(), &length) != 1) {
    throw std::runtime_error("cannot compute the certificate's fingerprint: " + openssl_error_text());
  }
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0) info.sha256_fingerprint += ':';
    info.sha256_fingerprint += fmt::format("{:02X}", digest[i]);
  }
  return info;
}

std::string read_tls_file(const fs::path& path, std::string_view what) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    throw std::runtime_error(fmt::format(
        "the TLS {} {} does not exist: check its path in the configuration, or make a first certificate with "
        "`escale-server tls self-signed`",
        what, path.string()));
  }
  if (status.type() == fs::file_type::directory) {
    throw std::runtime_error(
        fmt::format("the TLS {} {} is a folder: give the path of the PEM file in it", what, path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    if (error == EACCES || error == EPERM || (ec && ec == std::errc::permission_denied)) {
      throw std::runtime_error(fmt::format(
          "cannot read the TLS {} {}: permission denied: run as the escale user or make it readable by group "
          "escale (chgrp escale {}; chmod g+r {})",
          what, path.string(), path.string(), path.string()));
    }
    throw std::runtime_error(fmt::format("cannot read the TLS {} {}: {}", what, path.string(), errno_text(error)));
  }
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

std::string utc_text(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
  return text;
}

}  // namespace escale::server::tls
