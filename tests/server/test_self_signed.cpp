#include "tls/self_signed.hpp"  // first: the header is self-contained

// The first certificate escale-server makes for itself: its names, validity
// and fingerprint as OpenSSL sees them, the files' modes, no silent
// overwrite, and that OpenSSL accepts it as its own trust anchor (what a
// kiosk does with [server] ca_file).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "server_fixture.hpp"
#include "tls/openssl_util.hpp"

namespace {

using namespace escale::server::tls;
using namespace escale::tls;
using escale::tests::TempDir;
using namespace std::chrono_literals;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777U;
}

std::string run_command(const std::string& command) {
  std::string output;
  const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::array<char, 512> chunk{};
  while (std::fgets(chunk.data(), chunk.size(), pipe.get())) output += chunk.data();
  return output;
}

// Verifies `pem` with itself as the only trusted certificate, for `host`
// (a DNS name or an IP address), as a TLS client would.
int verify_as_own_anchor(const std::string& pem, const std::string& host, bool ip) {
  const auto bio = memory_bio(pem);
  const X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(cert);
  const std::unique_ptr<X509_STORE, OpensslDeleter<X509_STORE_free>> store(X509_STORE_new());
  REQUIRE(X509_STORE_add_cert(store.get(), cert.get()) == 1);
  const std::unique_ptr<X509_STORE_CTX, OpensslDeleter<X509_STORE_CTX_free>> ctx(X509_STORE_CTX_new());
  REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) == 1);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  if (ip) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

}  // namespace

TEST_CASE("a self-signed certificate carries every name and address given", "[tls]") {
  const auto pem = make_self_signed({{"escale.test", "localhost"}, {"127.0.0.1", "::1", "192.168.1.10"}, 30});
  CHECK(pem.certificate.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(pem.private_key.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  const auto info = describe_certificate(pem.certificate);
  CHECK(info.subject == "CN=escale.test");
  CHECK(info.dns_names == std::vector<std::string>{"escale.test", "localhost"});
  CHECK(info.ip_addresses == std::vector<std::string>{"127.0.0.1", "::1", "192.168.1.10"});
  const auto now = std::chrono::system_clock::now();
  CHECK(info.not_before <= now);
  CHECK(info.not_after > now + 24h * 29);
  CHECK(info.not_after < now + 24h * 31);
  CHECK(info.sha256_fingerprint.size() == 32 * 3 - 1);
}

TEST_CASE("the default validity is 825 days", "[tls]") {
  SelfSignedRequest request;
  request.dns_names = {"escale.test"};
  const auto info = describe_certificate(make_self_signed(request).certificate);
  const auto days = std::chrono::duration_cast<std::chrono::hours>(info.not_after - std::chrono::system_clock::now());
  CHECK(days.count() / 24 == 824);  // 825 days minus the minutes of this test
}

TEST_CASE("OpenSSL accepts the certificate as its own trust anchor, for its names only", "[tls]") {
  const auto pem = make_self_signed({{"escale.test"}, {"10.0.0.5"}, 30});
  CHECK(verify_as_own_anchor(pem.certificate, "escale.test", false) == X509_V_OK);
  CHECK(verify_as_own_anchor(pem.certificate, "10.0.0.5", true) == X509_V_OK);
  CHECK(verify_as_own_anchor(pem.certificate, "other.test", false) == X509_V_ERR_HOSTNAME_MISMATCH);
  CHECK(verify_as_own_anchor(pem.certificate, "10.0.0.6", true) == X509_V_ERR_IP_ADDRESS_MISMATCH);

  // And the openssl command agrees.
  TempDir dir;
  const auto cert = dir.file("server.crt");
  write_pem_files(pem, cert, dir.file("server.key"));
  const auto verdict =
      run_command("openssl verify -purpose sslserver -CAfile " + cert.string() + " " + cert.string() + " 2>&1");
  CHECK_THAT(verdict, Catch::Contains(": OK"));
}

TEST_CASE("the files: key 0600, certificate 0644, fingerprint as openssl prints it", "[tls]") {
  TempDir dir;
  const auto cert = dir.file("tls/server.crt");  // the folder is made
  const auto key = dir.file("tls/server.key");
  const auto pem = make_self_signed({{"escale.test"}, {}, 30});
  write_pem_files(pem, cert, key);
  CHECK(slurp(cert) == pem.certificate);
  CHECK(slurp(key) == pem.private_key);
  CHECK(mode_of(key) == 0600);
  CHECK(mode_of(cert) == 0644);
  // No temporary file left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.file("tls")), {}) == 2);

  const auto printed = run_command("openssl x509 -noout -fingerprint -sha256 -in " + cert.string());
  const auto info = describe_certificate(slurp(cert));
  CHECK_THAT(printed, Catch::Contains("=" + info.sha256_fingerprint));
  const auto key_check = run_command("openssl pkey -noout -text -in " + key.string() + " 2>&1");
  CHECK_THAT(key_check, Catch::Contains("prime256v1"));
}

TEST_CASE("existing files are not overwritten unless asked", "[tls]") {
  TempDir dir;
  const auto cert = dir.file("server.crt");
  const auto key = dir.file("server.key");
  const auto first = make_self_signed({{"escale.test"}, {}, 30});
  write_pem_files(first, cert, key);
  const auto second = make_self_signed({{"escale.test"}, {}, 30});
  CHECK_THROWS_WITH(write_pem_files(second, cert, key), Catch::Contains("already exists: pass --force"));
  CHECK(slurp(cert) == first.certificate);
  CHECK(slurp(key) == first.private_key);

  PemFileOptions replace;
  replace.overwrite = true;
  write_pem_files(second, cert, key, replace);
  CHECK(slurp(cert) == second.certificate);
  CHECK(slurp(key) == second.private_key);
  CHECK(mode_of(key) == 0600);
}

TEST_CASE("bad names, addresses and validities are refused with the reason", "[tls]") {
  CHECK_THROWS_WITH(make_self_signed({{"bad name"}, {}, 30}), Catch::Contains("is not a DNS name"));
  CHECK_THROWS_WITH(make_self_signed({{"a,DNS:evil"}, {}, 30}), Catch::Contains("is not a DNS name"));
  CHECK_THROWS_WITH(make_self_signed({{"escale.test"}, {"300.1.1.1"}, 30}), Catch::Contains("is not an IP address"));
  CHECK_THROWS_WITH(make_self_signed({{"escale.test"}, {}, 0}), Catch::Contains("from 1 to 3650 days"));
  CHECK_THROWS_WITH(make_self_signed({{}, {}, 30}), Catch::Contains("at least one DNS name or IP address"));
  CHECK_THROWS_WITH(describe_certificate("not a certificate"), Catch::Contains("no PEM certificate"));
}

TEST_CASE("reading a TLS file that is missing or a folder says what to do", "[tls]") {
  TempDir dir;
  CHECK_THROWS_WITH(read_tls_file(dir.file("nope.crt"), "certificate"),
                    Catch::Contains("does not exist") && Catch::Contains("nope.crt") &&
                        Catch::Contains("escale-server tls self-signed"));
  CHECK_THROWS_WITH(read_tls_file(dir.path(), "certificate"), Catch::Contains("is a folder"));
}

TEST_CASE("an unreadable TLS file says to run as escale or give group escale read access", "[tls]") {
  TempDir dir;
  const auto key = dir.file("server.key");
  write_pem_files(make_self_signed({{"escale.test"}, {}, 30}), dir.file("server.crt"), key);  // key: 0600
  std::string message;
  if (::geteuid() != 0) {
    REQUIRE(::chmod(key.c_str(), 0) == 0);
    try {
      read_tls_file(key, "private key");
    } catch (const std::runtime_error& e) {
      message = e.what();
    }
  } else {
    // root reads everything: ask a child that became nobody.
    std::array<int, 2> fds{};
    REQUIRE(::pipe(fds.data()) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      std::string text = "read";
      if (::setgid(65534) == 0 && ::setuid(65534) == 0) {
        try {
          read_tls_file(key, "private key");
        } catch (const std::runtime_error& e) {
          text = e.what();
        }
      }
      const auto ignored = ::write(fds[1], text.data(), text.size());
      static_cast<void>(ignored);
      ::_exit(0);
    }
    ::close(fds[1]);
    std::array<char, 1024> chunk{};
    ssize_t n = 0;
    while ((n = ::read(fds[0], chunk.data(), chunk.size())) > 0)
      message.append(chunk.data(), static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
  }
  CHECK_THAT(message, Catch::Contains("permission denied") && Catch::Contains("server.key") &&
                          Catch::Contains("run as the escale user or make it readable by group escale"));
}
