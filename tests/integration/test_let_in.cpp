// « Faire entrer » end to end (issue 15): a real escale-kiosk process and a
// real escale-server. Marie forgot her badge; Agnès, animator, lets her in
// by name in animator mode. The server keeps it as Marie's visit, without a
// badge, signed by Agnès in the audit log, and the visits report counts it
// as a member's visit, not a walk-in.
#include <catch2/catch.hpp>

#include "auth/pin.hpp"
#include "harness.hpp"
#include "reports/visits_report.hpp"
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
  std::int64_t site = 0;
  std::int64_t marie = 0;
  std::int64_t agnes = 0;
};

// A site open every day with Marie (no badge with her today), Agnès, animator
// with the PIN 2468 (badge 5E6F7081), and a kiosk.
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
  return {kiosk->token, site->id, m->id, a->id};
}

std::int64_t count(const std::filesystem::path& path, const std::string& sql) {
  store::Database db(path);
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

}  // namespace

TEST_CASE("« Faire entrer »: a member let in by name is their visit on the server, signed by the animator",
          "[e2e][animators][let_in]") {
  TempDir dir("escale-e2e-let-in");
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
  run("sync 15s");

  run("badge 5E6F7081");
  run("expect-screen animator-pin");
  for (const char* digit : {"2", "4", "6", "8"}) run(std::string("tap \"") + digit + "\"");
  run("tap \"Valider\"");
  run("expect-screen animator-home");
  run("tap \"Faire entrer\"");
  run("expect-screen animator-pick-member");
  run("tap \"d\"");
  run("tap \"u\"");
  run("tap \"Marie Dupont\"");
  run("expect-screen animator-confirm");
  run("expect \"Faire entrer Marie Dupont ?\"");
  run("tap \"Oui, faire entrer\"");
  run("expect-screen animator-done");
  run("expect \"Arrivée de Marie Dupont enregistrée\"");
  run("screenshot let-in-done.png");
  run("sync 15s");

  // Marie's visit, with no badge, not a walk-in; Agnès named in the audit log.
  CHECK(count(db, "SELECT COUNT(*) FROM visits WHERE member_id = " + std::to_string(seeded.marie) +
                      " AND badge_uid IS NULL AND walk_in = 0") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'visit.let_in' AND actor_member_id = " +
                      std::to_string(seeded.agnes)) == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM ingest_log WHERE status = 'rejected'") == 0);
  {
    auto conn = server::open_server_db(db);
    const std::string today = paris_date(now());
    const auto report = server::visits_report(conn, server::VisitsQuery{seeded.site, today, today});
    REQUIRE(report);
    CHECK(report->total_visits == 1);
    CHECK(report->total_unique_members == 1);
    CHECK(report->total_walk_ins == 0);
  }

  // Letting her in again says she is already here; nothing more is sent.
  run("tap \"Retour au mode animation\"");
  run("expect-screen animator-home");
  run("tap \"Faire entrer\"");
  run("tap \"d\"");
  run("tap \"u\"");
  run("tap \"Marie Dupont\"");
  run("expect-screen animator-done");
  run("expect \"Marie Dupont est déjà là\"");
  run("sync 15s");
  CHECK(count(db, "SELECT COUNT(*) FROM visits") == 1);
  run("quit");
  CHECK(kiosk.wait(10s) == 0);
  CHECK(server.stop() == 0);
}
