// The command line of escale-server's HTTPS certificate:
//
//   escale-server tls self-signed [--cert PATH] [--key PATH] [--name DNSNAME]... [--ip ADDR]... [--days N] [--force]
//   escale-server tls show [--cert PATH]
//
// `self-signed` makes a first certificate (tls/self_signed.hpp) for a server
// without a public name; kiosks then trust it through their [server] ca_file.
// Neither command needs the database: run() is called before it is opened.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

namespace escale::server::cli {

inline constexpr const char* kDefaultTlsCertificate = "/etc/escale/tls/server.crt";
inline constexpr const char* kDefaultTlsKey = "/etc/escale/tls/server.key";

class TlsCommands {
 public:
  explicit TlsCommands(CLI::App& app);
  ~TlsCommands();
  TlsCommands(const TlsCommands&) = delete;
  TlsCommands& operator=(const TlsCommands&) = delete;
  // The exit code when a tls subcommand was given, else nullopt.
  std::optional<int> run();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace escale::server::cli
