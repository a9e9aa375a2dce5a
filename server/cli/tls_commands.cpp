#include "cli/tls_commands.hpp"

#include <grp.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "tls/self_signed.hpp"

namespace escale::server::cli {
namespace {

// root:escale 0640 for the key when we can (the service runs as user escale).
std::optional<gid_t> escale_group() {
  if (geteuid() != 0) return std::nullopt;
  const group* entry = getgrnam("escale");
  if (entry == nullptr) return std::nullopt;
  return entry->gr_gid;
}

void print_info(const tls::CertificateInfo& info) {
  std::printf("subject:      %s\n", info.subject.c_str());
  for (const auto& name : info.dns_names) std::printf("DNS name:     %s\n", name.c_str());
  for (const auto& ip : info.ip_addresses) std::printf("IP address:   %s\n", ip.c_str());
  std::printf("valid from:   %s\n", tls::utc_text(info.not_before).c_str());
  std::printf("valid until:  %s\n", tls::utc_text(info.not_after).c_str());
  std::printf("SHA-256:      %s\n", info.sha256_fingerprint.c_str());
}

}  // namespace

struct TlsCommands::State {
  CLI::App* self_signed = nullptr;
  CLI::App* show = nullptr;
  std::string certificate = kDefaultTlsCertificate;
  std::string key = kDefaultTlsKey;
  std::vector<std::string> names;
  std::vector<std::string> ips;
  int days = 825;
  bool force = false;

  int make_self_signed() {
    tls::SelfSignedRequest request;
    request.dns_names = names;
    request.ip_addresses = ips;
    request.days = days;
    if (request.dns_names.empty()) {
      if (auto host = machine_name(); !host.empty() && host != "localhost") request.dns_names.push_back(host);
      request.dns_names.emplace_back("localhost");
    }
    if (request.ip_addresses.empty()) request.ip_addresses = {"127.0.0.1", "::1"};
    const auto group = escale_group();
    const auto pem = tls::make_self_signed(request);
    tls::write_pem_files(pem, certificate, key, tls::PemFileOptions{force, group});
    std::printf("wrote the certificate %s (mode 0644)\n", certificate.c_str());
    std::printf("wrote the private key %s (%s)\n", key.c_str(), group ? "root:escale, mode 0640" : "mode 0600");
    print_info(tls::describe_certificate(pem.certificate));
    std::printf(
        "\nKiosks: copy %s to each kiosk (e.g. /etc/escale/server.crt) and set [server] ca_file to that path;\n"
        "use an https:// server URL with one of the names or addresses above.\n"
        "Server: set the certificate and key paths in its configuration, then restart it.\n",
        certificate.c_str());
    return 0;
  }

  int show_certificate() {
    print_info(tls::describe_certificate(tls::read_tls_file(certificate, "certificate")));
    return 0;
  }
};

TlsCommands::TlsCommands(CLI::App& app) : s_(std::make_unique<State>()) {
  State& s = *s_;
  auto* tls_cmd = app.add_subcommand("tls", "The HTTPS certificate of the server");
  tls_cmd->require_subcommand(1);
  s.self_signed = tls_cmd->add_subcommand(
      "self-signed", "Make a first, self-signed certificate and its key (kiosks trust it through [server] ca_file)");
  s.self_signed->add_option("--cert", s.certificate, "certificate file to write (PEM)")->capture_default_str();
  s.self_signed->add_option("--key", s.key, "private key file to write (PEM)")->capture_default_str();
  s.self_signed->add_option("--name", s.names,
                            "a DNS name kiosks use to reach the server (repeatable; the first is the subject; "
                            "default: this machine's host name and localhost)");
  s.self_signed->add_option("--ip", s.ips,
                            "an IP address kiosks use to reach the server (repeatable; default: 127.0.0.1 and ::1)");
  s.self_signed->add_option("--days", s.days, "validity in days")->check(CLI::Range(1, 3650))->capture_default_str();
  s.self_signed->add_flag("--force", s.force, "replace existing files");
  s.show = tls_cmd->add_subcommand("show", "Show a certificate: names, validity, SHA-256 fingerprint");
  s.show->add_option("--cert", s.certificate, "certificate file (PEM)")->capture_default_str();
}

TlsCommands::~TlsCommands() = default;

std::optional<int> TlsCommands::run() {
  State& s = *s_;
  try {
    if (s.self_signed->parsed()) return s.make_self_signed();
    if (s.show->parsed()) return s.show_certificate();
  } catch (const std::exception& e) {
    std::cerr << "escale-server: " << e.what() << "\n";
    return 1;
  }
  return std::nullopt;
}

}  // namespace escale::server::cli
