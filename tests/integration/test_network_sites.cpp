// Issue 17: one membership for every site of the network, end to end — a
// real escale-server and two real escale-kiosk processes, one at each of two
// sites. Marie, of Aixe, checks in and out at Aixe, then in at Rochechouart
// the next day, once with the server down: each visit reaches the server
// once. Inès, restricted to Rochechouart, is told at Aixe where she may go,
// and nothing is recorded there. Agnès, animator at Aixe, opens animator mode
// at Rochechouart only once she is granted the role there.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "scripted_kiosk.hpp"
#include "store/credentials.hpp"
#include "store/database.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/pins.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

using namespace escale;
using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

struct Seeded {
  std::string token_aixe;
  std::string token_rochechouart;
  std::int64_t marie = 0;
  std::int64_t ines = 0;
  std::int64_t agnes = 0;
};

std::int64_t add(store::Database& db, std::int64_t site, const char* first, const char* last, const char* badge,
                 std::vector<Role> roles = {Role::Member}) {
  Member m;
  m.site_id = site;
  m.first_name = first;
  m.last_name = last;
  m.roles = std::move(roles);
  const auto added = server::add_member(db, m);
  REQUIRE(added);
  REQUIRE(server::add_badge(db, *BadgeUid::parse(badge), added->id));
  return added->id;
}

Seeded seed(const std::filesystem::path& path) {
  auto db = server::open_server_db(path);
  const auto aixe = server::add_site(db, Site{0, "Tiers-lieu d’Aixe", "", "87001", "Mo-Su 00:00-24:00"});
  const auto rochechouart =
      server::add_site(db, Site{0, "Télécentre de Rochechouart", "", "87126", "Mo-Su 00:00-24:00"});
  REQUIRE(aixe);
  REQUIRE(rochechouart);
  Seeded s;
  s.marie = add(db, aixe->id, "Marie", "Dupont", "04A1B2C3");
  s.ines = add(db, rochechouart->id, "Inès", "Roux", "04C0FFEE");
  REQUIRE(server::restrict_member_sites(db, s.ines, {rochechouart->id}, {}));
  s.agnes = add(db, aixe->id, "Agnès", "Bernard", "5E6F7081", {Role::Member, Role::Animator});
  REQUIRE(server::set_member_pin(db, s.agnes, "2468"));
  const auto a = server::add_kiosk(db, aixe->id, "entrée");
  const auto b = server::add_kiosk(db, rochechouart->id, "entrée");
  REQUIRE(a);
  REQUIRE(b);
  s.token_aixe = a->token;
  s.token_rochechouart = b->token;
  return s;
}

std::int64_t count(const std::filesystem::path& path, const std::string& sql) {
  store::Database db(path);
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

// Kept under build/<preset>/screenshots/ to look at (the not-here screen among them).
std::filesystem::path shots(const std::string& kiosk) {
  return std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / ("network-" + kiosk);
}

}  // namespace

TEST_CASE(
    "one membership for two sites: Marie's visits at both reach the server once and a restricted member is told "
    "where to go and an animator of one site is one at the other once granted",
    "[e2e][network]") {
  TempDir dir("escale-e2e-network");
  const auto db = dir / "server.db";
  const Seeded seeded = seed(db);
  auto server = std::make_unique<ServerProcess>(db, dir / "server.log");
  const int port = server->port();
  ScriptedKiosk aixe(dir.path(), "aixe", server->url(), seeded.token_aixe, shots("aixe"));
  ScriptedKiosk rochechouart(dir.path(), "rochechouart", server->url(), seeded.token_rochechouart,
                             shots("rochechouart"));
  aixe.run("sync 15s");
  rochechouart.run("sync 15s");
  const std::string marie = std::to_string(seeded.marie);

  // Tuesday at Aixe, her home site: in at 9:00, out at 12:00.
  aixe.run("clock next Tu 09:00");
  aixe.run("badge 04A1B2C3");
  aixe.run("expect-screen greeting");
  aixe.run("expect \"Bonjour Marie\"");
  aixe.run("clock +3h");
  aixe.run("badge 04A1B2C3");
  aixe.run("expect-screen goodbye");
  aixe.run("sync 15s");

  // Wednesday at Rochechouart, the server down: she is greeted all the same.
  rochechouart.run("clock next Tu 09:00");
  rochechouart.run("clock +24h");
  REQUIRE(server->stop() == 0);
  rochechouart.run("badge 04A1B2C3");
  rochechouart.run("expect-screen greeting");
  rochechouart.run("expect \"Bonjour Marie\"");
  rochechouart.run("screenshot marie-at-rochechouart-offline.png");
  server = std::make_unique<ServerProcess>(db, dir / "server2.log", port);
  rochechouart.run("sync 20s");
  aixe.run("sync 20s");
  rochechouart.run("sync 20s");  // a second exchange: nothing is sent twice

  CHECK(count(db, "SELECT count(*) FROM visits WHERE member_id = " + marie) == 2);
  CHECK(count(db, "SELECT count(*) FROM visits WHERE member_id = " + marie +
                      " AND site_id = 1 AND check_out IS NOT NULL") == 1);
  CHECK(count(db, "SELECT count(*) FROM visits WHERE member_id = " + marie +
                      " AND site_id = 2 AND check_out IS NULL") == 1);
  CHECK(count(db, "SELECT count(*) FROM ingest_log WHERE status = 'rejected'") == 0);

  // Inès may use Rochechouart only: at Aixe she is told where to go, and no visit is made.
  aixe.run("badge 04C0FFEE");
  aixe.run("expect-screen not-here");
  aixe.run("expect \"Bonjour Inès\"");
  aixe.run("expect \"Télécentre de Rochechouart\"");
  aixe.run("screenshot not-here.png");
  aixe.run("sync 15s");
  CHECK(count(db, "SELECT count(*) FROM visits WHERE member_id = " + std::to_string(seeded.ines)) == 0);
  rochechouart.run("badge 04C0FFEE");
  rochechouart.run("expect-screen greeting");

  // Agnès, animator at Aixe, is a member at Rochechouart: no animator mode there...
  rochechouart.run("clock +1h");
  rochechouart.run("badge 5E6F7081");
  rochechouart.run("expect-screen greeting");
  rochechouart.run("expect \"Bonjour Agnès\"");
  // ... until she is granted the role there.
  const auto out = run_server_command({"member", "grant", "--db", db.string(), "--member", std::to_string(seeded.agnes),
                                       "--site", "2", "--role", "animator"});
  CHECK_THAT(out, Catch::Contains("animator at site 2"));
  rochechouart.run("sync 15s");
  rochechouart.run("sync 15s");
  rochechouart.run("clock +1h");
  rochechouart.run("badge 5E6F7081");
  rochechouart.run("expect-screen animator-pin");
  for (const char* digit : {"2", "4", "6", "8"}) rochechouart.run(std::string("tap \"") + digit + "\"");
  rochechouart.run("tap \"Valider\"");
  rochechouart.run("expect-screen animator-home");

  // The booking limits of a site may count the member's bookings everywhere (the CLI says so).
  const auto rules =
      run_server_command({"rules", "set", "--db", db.string(), "--site", "2", "--kind", "desk", "--limits", "network"});
  CHECK_THAT(rules, Catch::Contains("desk\tadvance_days=30") && Catch::Contains("limits=network"));

  CHECK(aixe.quit() == 0);
  CHECK(rochechouart.quit() == 0);
  CHECK(server->stop() == 0);
}
