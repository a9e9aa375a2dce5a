// Harness: the addresses the configurations give (fields on 0x1F): the
// server's listen address (parse_listen, is_loopback, server/config), the
// kiosk's server URL (parse_server_url, kiosk/sync/http_client.cpp) and its
// reader (parse_libnfc_spec, kiosk/reader/nfc_reader.cpp).
#include "config/server_config.hpp"
#include "fuzz_support.hpp"
#include "reader/nfc_reader.hpp"
#include "sync/http_client.hpp"

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const escale::fuzz::Fields f(escale::fuzz::as_text(data, size));
  if (const auto listen = server::parse_listen(f[0])) {
    FUZZ_CHECK(!listen->host.empty());
    (void)server::is_loopback(listen->host);
  }
  if (const auto url = kiosk::parse_server_url(f[1])) {
    FUZZ_CHECK(!url->host.empty() && !url->port.empty());
    FUZZ_CHECK(url->base_path.empty() || url->base_path.front() == '/');
  }
  std::string connstring;
  (void)kiosk::parse_libnfc_spec(std::string(f[2]), connstring);
  return 0;
}
