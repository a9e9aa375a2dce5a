// Harness: escale-server's configuration file, read by the real reader
// (load_server_config, server/config/server_config.cpp) from a file as
// `escale-server --config` does, then checked (check_server_config). toml++
// runs behind the TOML pre-check (shared/text/toml_guard); in the fuzz build
// it is compiled header-only, so UBSan sees inside it.
#include "config/server_config.hpp"
#include "fuzz_support.hpp"

using namespace escale::server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static escale::fuzz::ScratchFile file("server.toml");
  ServerConfig c;
  const auto loaded = load_server_config(file.write(escale::fuzz::as_text(data, size)), c);
  if (!loaded) {
    FUZZ_CHECK(!loaded.error().empty());
    return 0;
  }
  // What the reader promises of a file it accepts.
  FUZZ_CHECK(c.threads >= 1 && c.threads <= 64);
  FUZZ_CHECK(c.notifier_timeout_s >= 1 && c.notifier_timeout_s <= 600);
  FUZZ_CHECK(c.retention_days >= 30 && c.retention_days <= 3650);
  FUZZ_CHECK(!c.database.empty());
  const auto checked = check_server_config(c);
  if (checked) {
    const auto listen = parse_listen(c.listen);
    FUZZ_CHECK(listen.ok());
    FUZZ_CHECK(c.tls_certificate.empty() == c.tls_private_key.empty());
    FUZZ_CHECK(c.tls() || c.allow_plain_http || is_loopback(listen->host));
  }
  return 0;
}
