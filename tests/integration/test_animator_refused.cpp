// The server does not take a kiosk's word for who the animator is (issue 14),
// end to end: a real escale-kiosk process and a real escale-server. An
// animator opens animator mode and gives a badge while the server has just
// removed their animator role: the server refuses the event, changes nothing,
// and the kiosk shows the refusal and its reason in animator mode.
#include <catch2/catch.hpp>

#include "auth/pin.hpp"
#include "harness.hpp"
#include "store/credentials.hpp"
#include "store/database.hpp"
#include "store/members.hpp"
#include "store/pins.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

using namespace escale;
using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

struct Seeded {
  std::string token;
  std::int64_t agnes = 0;
};

// A site with Marie (badge 04A1B2C3), Agnès, animator with the PIN 2468
// (badge 5E6F7081), and a kiosk.
Seeded seed(const std::filesystem::path& path) {
  auto db = server::open_server_db(path);
  const auto site = server::add_site(db, Site{0, "Tiers-lieu de la Gare", "", "21425", "Mo-Su 00:00-24:00"});
  REQUIRE(site);
  Member marie;
  marie.site_id = site->id;
  marie.first_name = "Marie";
  marie.last_name = "Dupont";
  const auto m = server::add_member(db, marie);
  REQUIRE(m);
  REQUIRE(server::add_badge(db, *BadgeUid::parse("04A1B2C3"), m->id));
  Member agnes = marie;
  agnes.first_name = "Agnès";
  agnes.last_name = "Roux";
  agnes.roles = {Role::Member, Role::Animator};
  const auto a = server::add_member(db, agnes);
  REQUIRE(a);
  REQUIRE(server::set_member_pin(db, a->id, "2468"));
  REQUIRE(server::add_badge(db, *BadgeUid::parse("5E6F7081"), a->id));
  const auto kiosk = server::add_kiosk(db, site->id, "entrée");
  REQUIRE(kiosk);
  return {kiosk->token, a->id};
}

std::int64_t count(const std::filesystem::path& path, const std::string& sql) {
  store::Database db(path);
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

}  // namespace

TEST_CASE("a kiosk's animator action by someone who is no animator is refused, and shown in animator mode",
          "[e2e][animators]") {
  TempDir dir("escale-e2e-animator-refused");
  const auto db = dir / "server.db";
  const Seeded seeded = seed(db);
  ServerProcess server(db, dir / "server.log");
  Process kiosk({ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (dir / "kiosk.db").string(), "--server",
                 server.url(), "--token", seeded.token, "--shots", (dir / "shots").string(), "--sync-interval-ms",
                 "200", "--sync-max-backoff-ms", "300"},
                dir / "kiosk.log");
  const auto run = [&](const std::string& command, std::chrono::milliseconds timeout = 20s) {
    kiosk.write_line(command);
    const auto line = kiosk.read_line(timeout);
    INFO("command: " << command);
    REQUIRE(line.has_value());
    INFO("kiosk said: " << *line << "\n" << kiosk.stdout_so_far());
    REQUIRE(line->rfind("ok", 0) == 0);
  };
  run("sync 15s");  // the kiosk knows Agnès as an animator, with her PIN

  // Agnès opens animator mode and gives Marie a new badge...
  run("badge 5E6F7081");
  run("expect-screen animator-pin");
  for (const char* digit : {"2", "4", "6", "8"}) run(std::string("tap \"") + digit + "\"");
  run("tap \"Valider\"");
  run("expect-screen animator-home");
  run("tap \"Nouveau badge\"");
  run("expect-screen animator-pick-member");
  run("tap \"m\"");
  run("tap \"a\"");
  run("tap \"Marie Dupont\"");
  run("expect-screen animator-badge-wait");
  // ... just as the server's administrator takes her animator role away.
  {
    auto conn = server::open_server_db(db);
    auto agnes = server::find_member(conn, seeded.agnes);
    REQUIRE(agnes);
    agnes->roles = {Role::Member};
    REQUIRE(server::update_member(conn, *agnes, server::Actor{}));
  }
  run("badge 0A0B0C0D");
  run("expect-screen animator-done");
  run("sync 15s");

  // The server refused it: no badge, no audit row in her name, a refusal in its log.
  CHECK(count(db, "SELECT COUNT(*) FROM badges WHERE uid = '0A0B0C0D'") == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'badge.assign'") == 0);
  CHECK(count(db,
              "SELECT COUNT(*) FROM ingest_log WHERE status = 'rejected' AND type = 'badge_assign' AND reason "
              "LIKE '%n’est pas animateur de ce lieu.'") == 1);
  // The kiosk says so in animator mode, with the reason.
  run("tap \"Retour au mode animation\"");
  run("expect-screen animator-home");
  run("tap \"Envois refusés (1)\"");
  run("expect-screen animator-refused");
  run("expect \"Badge attribué\"");
  run("expect \"Refusé par le serveur\"");
  run("expect \"Action refusée : le membre n° " + std::to_string(seeded.agnes) + " n’est pas animateur de ce lieu.\"");
  run("screenshot animator-refused.png");
  run("quit");
  CHECK(kiosk.wait(10s) == 0);
  CHECK(server.stop() == 0);
}
