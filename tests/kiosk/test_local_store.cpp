// The kiosk's local store: outbox order, acknowledgements, applied changes.
#include "store/local_store.hpp"

#include <catch2/catch.hpp>

#include "domain/uuid.hpp"
#include "kiosk_fixture.hpp"
#include "support/log_capture.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

TEST_CASE("a fresh store knows nobody and has an empty outbox", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  CHECK(store.cursor() == 0);
  CHECK(store.pending_count() == 0);
  CHECK_FALSE(store.site().has_value());
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("04A1B2C3")));
}

TEST_CASE("applying a sync brings site, members, badges and the cursor", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  CHECK(store.cursor() == 10);
  REQUIRE(store.site());
  CHECK(store.site()->name == "Tiers-lieu de démonstration");
  const auto marie = store.find_badge(*BadgeUid::parse("04A1B2C3"));
  REQUIRE(marie);
  CHECK(marie->first_name == "Marie");
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("0BADBADB")));  // revoked

  // A later change: Marie's badge revoked, Jean erased.
  sync::SyncResponse later;
  later.cursor = 12;
  later.server_time = now();
  later.members = {{2, "", "", {}, false, std::nullopt}};
  later.badges = {{"04A1B2C3", 1, true}};
  store.apply(later);
  CHECK(store.cursor() == 12);
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("04A1B2C3")));
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("04D5E6F708A1B2")));
  CHECK(store.site()->name == "Tiers-lieu de démonstration");  // unchanged site kept
}

TEST_CASE("outbox keeps events in order and loses them only when acknowledged", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  const Instant t = from_paris(2026, 10, 25, 10, 0);  // the autumn DST day
  const auto visit = store.record_check_in(1, *BadgeUid::parse("04A1B2C3"), t);
  store.record_walk_in(t + 1min);
  store.record_check_out(visit, t + 3h);
  auto events = store.pending_events(10);
  REQUIRE(events.size() == 3);
  CHECK(events[0].type == sync::EventType::CheckIn);
  CHECK(events[0].visit_id == visit);
  CHECK(events[0].badge_uid == "04A1B2C3");
  CHECK(events[1].type == sync::EventType::WalkIn);
  CHECK(events[2].type == sync::EventType::CheckOut);
  CHECK(events[2].at == t + 3h);
  CHECK(store.pending_events(2).size() == 2);

  // The server acknowledges the first two (one stored, one rejected).
  sync::SyncResponse r;
  r.cursor = 10;
  r.server_time = now();
  r.acks = {{events[0].id, sync::AckStatus::Stored, ""}, {events[1].id, sync::AckStatus::Rejected, "test reason"}};
  store.apply(r);
  events = store.pending_events(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == sync::EventType::CheckOut);
  auto st = store.database().prepare("SELECT reason FROM rejected_events");
  REQUIRE(st.step());
  CHECK(st.text(0) == "test reason");
}

TEST_CASE("old visits are forgotten once the server has them, never before", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  const Instant today = now();
  const auto old_synced = store.record_walk_in(today - std::chrono::days(10));
  const auto old_pending = store.record_walk_in(today - std::chrono::days(9));
  const auto recent = store.record_walk_in(today - std::chrono::days(2));
  // The server acknowledges the first and the third.
  auto events = store.pending_events(10);
  REQUIRE(events.size() == 3);
  sync::SyncResponse r;
  r.cursor = 11;
  r.server_time = today;
  r.acks = {{events[0].id, sync::AckStatus::Stored, ""}, {events[2].id, sync::AckStatus::Stored, ""}};
  store.apply(r);
  auto ids = [&] {
    std::vector<std::string> out;
    auto st = store.database().prepare("SELECT id FROM visits ORDER BY check_in");
    while (st.step()) out.push_back(st.text(0));
    return out;
  };
  CHECK(ids() == std::vector<std::string>{old_pending, recent});
  CHECK(store.pending_count() == 1);
  (void)old_synced;
}

TEST_CASE("a reopened store still has what was committed", "[local-store]") {
  testing::TempFolder dir("escale-local");
  std::string visit;
  {
    LocalStore store(dir / "k.db");
    store.apply(testing::first_sync());
    visit = store.record_check_in(2, *BadgeUid::parse("04D5E6F708A1B2"), now());
  }
  LocalStore again(dir / "k.db");
  CHECK(again.pending_count() == 1);
  CHECK(again.open_visit(2, now())->visit_id == visit);
}

// ---- a poisoned outbox (issue 14)

namespace {

// One unreadable outbox row of each kind a kiosk may meet (a damaged file, a
// row written by another version), inserted with raw SQL as they would sit.
void insert_bad_row(store::Database& db, int i) {
  const std::string id = make_uuid_v4();
  const std::string visit = make_uuid_v4();
  auto body = [&](const std::string& type, const std::string& at, const std::string& extra = "") {
    return R"({"id":")" + id + R"(","type":")" + type + R"(","at":")" + at + R"(")" + extra + "}";
  };
  std::optional<std::string> type = "walk_in";
  std::optional<std::string> at = "2026-03-09T09:00:00.000Z";
  std::optional<std::string> badge;
  std::optional<std::string> text;
  switch (i % 7) {
    case 0:  // bad JSON
      text = R"({"id":")" + id + R"(","type":"walk_in","at":)";
      break;
    case 1:  // a type nobody knows
      text = body("teleport", *at, R"(,"visit_id":")" + visit + R"(")");
      type = "teleport";
      break;
    case 2:  // an invalid time
      text = body("walk_in", "yesterday", R"(,"visit_id":")" + visit + R"(")");
      break;
    case 3:  // the body names another event than its row (its ack would never match)
      text =
          R"({"id":")" + make_uuid_v4() + R"(","type":"walk_in","at":")" + *at + R"(","visit_id":")" + visit + R"("})";
      break;
    case 4:  // a first-schema visit row (no body) with an invalid time
      at = "09/03/2026 09:00";
      break;
    case 5:  // a first-schema check-in whose badge is not valid UTF-8: cannot be encoded for the server
      type = "check_in";
      badge = std::string("04A1\xFF\xFE");
      break;
    case 6:  // a new member whose name is not valid UTF-8
      type = "member_create";
      text = body("member_create", *at,
                  R"(,"member_ref":")" + make_uuid_v4() + R"(","member":{"first_name":"Jos)" + std::string("\xE9") +
                      R"(","last_name":"Morel"},"by_member_id":3)");
      break;
  }
  db.prepare(
        "INSERT INTO outbox (event_id, type, at, visit_id, member_id, badge_uid, body) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(id, type, at, visit, i % 7 == 5 ? std::optional<std::int64_t>(1) : std::nullopt, badge, text)
      .run();
}

std::int64_t count(LocalStore& store, const std::string& sql) {
  auto st = store.database().prepare(sql);
  st.step();
  return st.int64(0);
}

}  // namespace

TEST_CASE("a poisoned outbox stops the kiosk's sync for good: bad rows in front are set aside, good ones go",
          "[local-store][outbox]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  for (int i = 0; i < 150; ++i) insert_bad_row(store.database(), i);
  const Instant t = now();
  const auto visit = store.record_check_in(1, *BadgeUid::parse("04A1B2C3"), t);
  for (int i = 0; i < 3; ++i) store.record_walk_in(t + std::chrono::minutes(i));
  store.record_check_out(visit, t + 1h);

  escale::tests::LogCapture log;
  const auto events = store.pending_events(100);
  INFO(log.text());
  // Up to 100 readable events whatever the bad rows in front: here the five good ones, in order.
  REQUIRE(events.size() == 5);
  CHECK(events.front().type == sync::EventType::CheckIn);
  CHECK(events.back().type == sync::EventType::CheckOut);
  CHECK(store.pending_count() == 5);
  // Every bad row set aside with its reason, said once in the log.
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE body IS NOT NULL") == 150);
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE reason LIKE 'Envoi mis de côté : %'") == 150);
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE reason LIKE '%illisible sur la borne%'") > 0);
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE reason LIKE '%impossible à encoder%'") > 0);
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE reason LIKE '%n’est pas celui de la ligne%'") > 0);
  CHECK(log.count({"[error]", "set aside"}) == 150);
  for (const auto& line : log.lines()) CHECK(line.find('\n') == std::string::npos);

  // Asked again: the same good events, and nothing more in the log.
  CHECK(store.pending_events(100).size() == 5);
  CHECK(store.pending_events(2).size() == 2);
  CHECK(log.count({"set aside"}) == 150);
  CHECK(store.rejected_count() == 150);
  const auto refused = store.refused_events(10);
  REQUIRE(refused.size() == 10);
  CHECK(refused.front().set_aside_here);
  CHECK_THAT(refused.front().reason, Catch::StartsWith("Envoi mis de côté : "));
}

TEST_CASE("a batch of the outbox holds up to its limit of good events between bad rows", "[local-store][outbox]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  const Instant t = now();
  for (int i = 0; i < 30; ++i) {
    insert_bad_row(store.database(), i);
    store.record_walk_in(t + std::chrono::seconds(i));
  }
  const auto events = store.pending_events(10);
  REQUIRE(events.size() == 10);
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i - 1].at < events[i].at);
  // Only the bad rows in front of those ten were read, and set aside.
  CHECK(store.rejected_count() == 10);
  CHECK(store.pending_count() == 50);  // 30 good rows, 20 bad ones not read yet
}

TEST_CASE("an event the server refuses whole is set aside on request, with the server's words",
          "[local-store][outbox]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.record_walk_in(now());
  const auto events = store.pending_events(10);
  REQUIRE(events.size() == 1);
  store.set_aside(events[0].id, "Envoi mis de côté : le serveur refuse de le recevoir (HTTP 413 : trop gros).");
  CHECK(store.pending_count() == 0);
  const auto refused = store.refused_events(5);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].event_id == events[0].id);
  CHECK(refused[0].type == "walk_in");
  CHECK(refused[0].at == events[0].at);
  CHECK(refused[0].set_aside_here);
  CHECK_THAT(refused[0].reason, Catch::Contains("HTTP 413"));
  // Its body is kept a while for an operator, then forgotten.
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE body LIKE '%walk_in%'") == 1);
  sync::SyncResponse later;
  later.server_time = now() + LocalStore::kKeepSetAsideBodyDays + std::chrono::days(1);
  store.apply(later);
  CHECK(count(store, "SELECT COUNT(*) FROM set_aside_events WHERE body IS NULL") == 1);
  CHECK(store.rejected_count() == 1);  // the line stays for the animator
}

TEST_CASE("a kiosk database from before set-aside events upgrades with its refused events", "[local-store]") {
  testing::TempFolder dir("escale-local");
  std::string refused_id;
  {
    LocalStore store(dir / "k.db");
    store.record_walk_in(now());
    refused_id = store.pending_events(1).at(0).id;
    sync::SyncResponse r;
    r.server_time = now();
    r.acks = {{refused_id, sync::AckStatus::Rejected, "Action refusée : test."}};
    store.apply(r);
    store.record_walk_in(now());
  }
  {
    // Back to schema 4, as a kiosk of the previous version left it.
    store::Database db(dir / "k.db");
    db.exec(testing::kUndoMigrations8And9);
    db.exec(
        "DROP TABLE set_aside_events; DROP TABLE early_taps; ALTER TABLE resources DROP COLUMN name_en; "
        "ALTER TABLE resources DROP COLUMN features_en; PRAGMA user_version = 4;");
  }
  LocalStore store(dir / "k.db");
  CHECK(store.database().user_version() == 9);
  CHECK(store.pending_count() == 1);
  auto refused = store.refused_events(5);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].event_id == refused_id);
  CHECK(refused[0].reason == "Action refusée : test.");
  CHECK_FALSE(refused[0].set_aside_here);
  // And the upgraded store sets aside what it cannot send.
  store.set_aside(store.pending_events(1).at(0).id, "Envoi mis de côté : test.");
  CHECK(store.pending_count() == 0);
  refused = store.refused_events(5);
  REQUIRE(refused.size() == 2);
  CHECK(store.rejected_count() == 2);
}

// ---- the help agenda's rows (issue 14: errors were swallowed)

TEST_CASE("a help-agenda row the kiosk cannot decode is logged and refused, not dropped silently",
          "[local-store][agenda]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  const Instant t = from_paris(2026, 3, 9, 10, 0);
  store.apply(testing::agenda_sync(t));
  const Instant from = from_paris(2026, 3, 9, 0, 0);
  const Instant to = from_paris(2026, 3, 16, 0, 0);
  REQUIRE(store.appointments_between(from, to).size() == 2);

  store.database()
      .prepare("UPDATE appointments SET body = ? WHERE id = ?")
      .bind_all(std::string(R"({"id":")") + testing::kOpenWorkshop + R"(","type_id":"two"})", testing::kOpenWorkshop)
      .run();
  escale::tests::LogCapture log;
  CHECK(store.appointments_between(from, to).size() == 1);  // refused: not shown, not counted
  CHECK_FALSE(store.find_appointment(testing::kOpenWorkshop).has_value());
  INFO(log.text());
  // Which row and why, once (the screens read the agenda often).
  CHECK(log.count({"[error]", testing::kOpenWorkshop, "cannot be decoded", "type_id"}) == 1);

  store.database().exec("UPDATE help_agenda SET body = '{\"types\": 3}'");
  CHECK(store.help_agenda().types.empty());
  CHECK(store.help_agenda().hours.empty());
  CHECK(log.count({"[error]", "help agenda cannot be decoded"}) == 1);
}

TEST_CASE("migration 8: a kiosk of the previous version keeps its members and outbox and pulls the network",
          "[store][network]") {
  testing::TempFolder dir("escale-network-migrate");
  {
    LocalStore store(dir / "k.db");
    store.apply(testing::first_sync());
    store.record_check_in(1, *BadgeUid::parse("04A1B2C3"), now());
    REQUIRE(store.cursor() == 10);
    store.database().exec(testing::kUndoMigrations8And9);
    store.database().exec("PRAGMA user_version = 7");
  }
  LocalStore store(dir / "k.db");
  CHECK(store.database().user_version() == 9);
  CHECK(store.pending_count() == 1);  // nothing lost
  const auto marie = store.find_badge(*BadgeUid::parse("04A1B2C3"));
  REQUIRE(marie);
  CHECK(marie->first_name == "Marie");
  CHECK_FALSE(marie->allowed_sites);  // every site, until the server says otherwise
  CHECK(marie->may_use_site(1));
  // Members kept from before migration 9 are found by the animator's search.
  for (const char* typed : {"mari", "MARIE", "dup", "marie dup", "dupont m"}) {
    INFO(typed);
    const auto found = store.search_members(typed, 4);
    REQUIRE(found.size() == 1);
    CHECK(found[0].first_name == "Marie");
  }
  CHECK(store.search_members("mar", 4).size() == 2);  // Marie Dupont and Jean Martin
  CHECK(store.search_members("arie", 4).empty());     // beginnings of words only
  // The next exchange brings the whole network from the start.
  CHECK(store.cursor() == 0);
  sync::SyncResponse r;
  r.server_time = now();
  r.cursor = 30;
  sync::MemberRecord ines{8, "Inès", "R.", {Role::Member}, true, std::nullopt};
  ines.home_site_id = 2;
  ines.sites = std::vector<std::int64_t>{2};
  r.members = {ines};
  r.badges = {{"04C0FFEF", 8, false}};
  r.network_sites = {{1, "Tiers-lieu de démonstration"}, {2, "Télécentre de Rochechouart"}};
  store.apply(r);
  const auto found = store.find_badge(*BadgeUid::parse("04C0FFEF"));
  REQUIRE(found);
  CHECK(found->allowed_sites == std::vector<std::int64_t>{2});
  CHECK_FALSE(found->may_use_site(1));
  CHECK(store.site_names({2, 9, 1}) ==
        std::vector<std::string>{"Télécentre de Rochechouart", "Tiers-lieu de démonstration"});
  // A member applied now: found with or without accents, either name first.
  for (const char* typed : {"ines", "Inès r", "r. in"}) {
    INFO(typed);
    const auto matches = store.search_members(typed, 4);
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].id == 8);
  }
}
