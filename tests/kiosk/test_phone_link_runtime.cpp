// « Mon espace » on the member's phone through the real runtime (KioskRuntime:
// the loop, the login-link thread, the sync client) against a stub HTTP
// responder standing in for the server: the link's code shows without the
// screen ever waiting on the network, goes after a minute, and a server that
// does not answer is told after the short deadline with « Réessayer ».
// An offline-only kiosk does not offer it. Screenshots land in
// <build>/screenshots/phone-link-runtime/.
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk_fixture.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "store/local_store.hpp"
#include "stub_http_server.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path kShots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "phone-link-runtime";
const std::string kToken = "esk_" + std::string(43, 'p');

// A kiosk that knows Marie (04A1B2C3) and Jean, as after a first sync.
KioskConfig kiosk_config(const testing::TempFolder& dir, const std::string& server_url) {
  {
    LocalStore store(dir / "kiosk.db");
    store.apply(testing::first_sync());
  }
  KioskConfig c;
  c.headless = true;
  c.server_url = server_url;
  c.token = server_url.empty() ? std::string() : kToken;
  c.database = dir / "kiosk.db";
  c.shots = kShots;
  c.script = dir / "script";  // script mode: awake whatever the hour
  c.sync_interval = 200ms;
  c.sync_max_backoff = 400ms;
  return c;
}

void run(KioskRuntime& kiosk, const testing::TempFolder& dir, const std::string& lines) {
  const auto path = dir / "step.kscript";
  std::ofstream(path) << lines;
  INFO(lines);
  REQUIRE(kiosk.run_script(path) == 0);
}

}  // namespace

TEST_CASE("phone link runtime: the code of the server's link shows then goes after a minute",
          "[runtime][phone-link][screenshots]") {
  testing::TempFolder dir("escale-phone-link-runtime");
  const std::string link = "https://escale.example.fr/moi/lien/eml_q8Zr3kT0mB2xY7wPc5LdVn1sHa9Ue4Gj";
  testing::StubServer server(201, R"({"url": ")" + link + R"(", "expires_at": "2026-12-07T14:10:00Z"})");
  KioskRuntime kiosk(kiosk_config(dir, server.url()));
  run(kiosk, dir, R"(badge 04A1B2C3
expect-screen greeting
expect "Sur mon téléphone"
screenshot menu.png
tap "Sur mon téléphone"
expect-screen phone-link
wait-text "Scannez ce code" 20s
expect "qr:)" + link + R"("
expect "Ce code sert une seule fois"
screenshot phone-link.png
clock +50s
expect-screen phone-link
clock +11s
expect-screen attract
expect-not "qr:"
)");
  CHECK(server.requests_with_token("/api/v1/kiosk/login-links", kToken) == 1);
  CHECK(kiosk.app().phone_link_flow().view.url.empty());
  CHECK(kiosk.app().view(kiosk.now()).phone_link.url.empty());
}

TEST_CASE("phone link runtime: a server that does not answer is told after the short deadline",
          "[runtime][phone-link][screenshots]") {
  testing::TempFolder dir("escale-phone-link-silent");
  testing::StubServer server(201, "{}", /*silent=*/true);
  KioskRuntime kiosk(kiosk_config(dir, server.url()));
  run(kiosk, dir, R"(badge 04A1B2C3
tap "Sur mon téléphone"
expect-screen phone-link
expect "Un instant"
screenshot phone-link-waiting.png
wait-text "ne répond pas" 30s
expect "Réessayer"
screenshot phone-link-unreachable.png
tap "Réessayer"
expect "Un instant"
tap "Retour"
expect-screen greeting
expect "Bonjour Marie"
)");
}

TEST_CASE("phone link runtime: an offline-only kiosk does not offer it", "[runtime][phone-link]") {
  testing::TempFolder dir("escale-phone-link-offline");
  KioskRuntime kiosk(kiosk_config(dir, ""));
  run(kiosk, dir, R"(badge 04A1B2C3
expect-screen greeting
expect "Mes réservations"
expect-not "Sur mon téléphone"
)");
}
