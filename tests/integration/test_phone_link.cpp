// Issue 18, « Mon espace » on the member's phone, end to end: a real
// escale-server and a real escale-kiosk. Marie badges, taps « Sur mon
// téléphone », and the kiosk shows the QR code of a one-time login link the
// server made for her (its public address, then /moi/lien/…), without the
// screen waiting on the network; the code goes after a minute. Past the
// server's limit of links per member, the kiosk says to ask at the desk;
// with the server stopped, that it does not answer, with « Réessayer ».
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "harness.hpp"
#include "scripted_kiosk.hpp"
#include "store/credentials.hpp"
#include "store/database.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

using namespace escale;
using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

struct Seeded {
  std::string token;
  std::int64_t marie = 0;
};

Seeded seed(const std::filesystem::path& path) {
  auto db = server::open_server_db(path);
  const auto site = server::add_site(db, Site{0, "Tiers-lieu d’Aixe", "", "87001", "Mo-Su 00:00-24:00"});
  REQUIRE(site);
  Member m;
  m.site_id = site->id;
  m.first_name = "Marie";
  m.last_name = "Dupont";
  m.roles = {Role::Member};
  const auto marie = server::add_member(db, m);
  REQUIRE(marie);
  REQUIRE(server::add_badge(db, *BadgeUid::parse("04A1B2C3"), marie->id));
  const auto kiosk = server::add_kiosk(db, site->id, "entrée");
  REQUIRE(kiosk);
  return Seeded{kiosk->token, marie->id};
}

std::filesystem::path shots() {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "phone-link-e2e";
}

}  // namespace

TEST_CASE("Mon espace on the phone: the kiosk shows the server's one-time login link or says why not",
          "[e2e][phone-link]") {
  TempDir dir("escale-e2e-phone-link");
  const auto db = dir / "server.db";
  const Seeded seeded = seed(db);
  // The address phones reach the server at ([web] public_url), not the one the kiosk uses.
  const std::string public_url = "https://escale.cc-exemple.fr";
  const auto config = dir / "server.toml";
  std::ofstream(config) << "[web]\npublic_url = \"" << public_url << "\"\n";
  auto server =
      std::make_unique<ServerProcess>(db, dir / "server.log", 0, std::vector<std::string>{"--config", config.string()});
  ScriptedKiosk kiosk(dir.path(), "kiosk", server->url(), seeded.token, shots());
  kiosk.run("sync 15s");

  kiosk.run("badge 04A1B2C3");
  kiosk.run("expect-screen greeting");
  kiosk.run("tap \"Sur mon téléphone\"");
  kiosk.run("wait-screen phone-link 30s", 35s);
  kiosk.run("wait-text \"Scannez ce code\" 30s", 35s);
  // The code holds a link of the server's public address.
  kiosk.run("expect \"qr:" + public_url + "/moi/lien/\"");
  kiosk.run("screenshot phone-link.png");
  // A minute without a tap: the code goes.
  kiosk.run("clock +61s");
  kiosk.run("expect-screen attract");
  kiosk.run("expect-not \"qr:\"");

  // Links per member are limited: the next ones, then the server's refusal,
  // told plainly (and its words in the kiosk's log).
  kiosk.run("badge 04A1B2C3");
  for (int i = 1; i < server::kMaxLinksPerMember; ++i) {
    kiosk.run("tap \"Sur mon téléphone\"");
    kiosk.run("wait-text \"Scannez ce code\" 30s", 35s);
    kiosk.run("tap \"Retour\"");
  }
  kiosk.run("tap \"Sur mon téléphone\"");
  kiosk.run("wait-text \"Impossible de préparer le lien\" 30s", 35s);
  kiosk.run("expect \"Demandez à l’accueil\"");
  kiosk.run("expect-not \"qr:\"");
  kiosk.run("screenshot phone-link-refused.png");
  {
    std::ifstream log(dir / "kiosk.log");
    const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    CHECK_THAT(text, Catch::Contains("the server refused (HTTP 429)"));
    CHECK_THAT(text, !Catch::Contains("/moi/lien/"));  // the links themselves are never logged
  }

  // The server away: said plainly, with « Réessayer ».
  REQUIRE(server->stop() == 0);
  kiosk.run("tap \"Retour\"");
  kiosk.run("tap \"Sur mon téléphone\"");
  kiosk.run("wait-text \"ne répond pas\" 30s", 35s);
  kiosk.run("expect \"Réessayer\"");
  kiosk.run("screenshot phone-link-unreachable.png");
  kiosk.run("tap \"Retour\"");
  kiosk.run("expect-screen greeting");
  CHECK(kiosk.quit() == 0);
}
