#include "store/changes.hpp"  // first: the header is self-contained

// The change log and the pull half of a sync exchange: what a kiosk learns,
// and that paging with a cursor gives each change once.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "server_fixture.hpp"
#include "sync/ingest.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;

BadgeUid uid(const std::string& text) {
  return *BadgeUid::parse(text);
}

sync::SyncResponse pull(ServerDb& s, const KioskIdentity& kiosk, std::int64_t cursor) {
  sync::SyncRequest request;
  request.cursor = cursor;
  return handle_sync(s.db, kiosk, request);
}

// Pulls until `more` is false; returns every response.
std::vector<sync::SyncResponse> pull_all(ServerDb& s, const KioskIdentity& kiosk, std::int64_t& cursor) {
  std::vector<sync::SyncResponse> out;
  for (int guard = 0; guard < 100; ++guard) {
    out.push_back(pull(s, kiosk, cursor));
    CHECK(out.back().cursor >= cursor);
    cursor = out.back().cursor;
    if (!out.back().more) return out;
  }
  FAIL("pull never ended");
  return out;
}

const sync::MemberRecord* member_in(const sync::SyncResponse& r, std::int64_t id) {
  for (const auto& m : r.members) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const sync::BadgeRecord* badge_in(const sync::SyncResponse& r, const std::string& badge) {
  for (const auto& b : r.badges) {
    if (b.uid == badge) return &b;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("changes: the cursor strictly increases, also across deletions", "[changes]") {
  ServerDb s;
  const auto site = s.site();
  std::int64_t previous = 0;
  for (int i = 0; i < 5; ++i) {
    record_change(s.db, site, Entity::Member, std::to_string(i));
    const auto cursor = s.scalar("SELECT MAX(cursor) FROM changes");
    CHECK(cursor > previous);
    previous = cursor;
  }
  // AUTOINCREMENT: a cursor once given is never given again, even after the
  // newest rows are deleted (say, by a clean-up job).
  s.db.exec("DELETE FROM changes WHERE cursor >= 4");
  record_change(s.db, site, Entity::Member, "new");
  CHECK(s.scalar("SELECT MAX(cursor) FROM changes") > previous);

  // Each batch's cursor is at least the one given.
  std::int64_t cursor = 0;
  for (int i = 0; i < 3; ++i) {
    const auto batch = changes_after(s.db, site, cursor, 2);
    CHECK(batch.cursor >= cursor);
    if (!batch.entities.empty()) CHECK(batch.cursor > cursor);
    cursor = batch.cursor;
  }
}

TEST_CASE("changes: an entity changed many times comes once, at its latest change", "[changes]") {
  ServerDb s;
  const auto site = s.site();  // cursor 1: the site
  record_change(s.db, site, Entity::Member, "7");
  record_change(s.db, site, Entity::Badge, "04A1B2C3");
  record_change(s.db, site, Entity::Member, "7");
  const auto batch = changes_after(s.db, site, 0);
  REQUIRE(batch.entities.size() == 3);
  CHECK(batch.entities[0].entity == Entity::Site);
  CHECK(batch.entities[1].entity == Entity::Badge);
  CHECK(batch.entities[2].entity == Entity::Member);
  CHECK(batch.entities[2].key == "7");
  CHECK_FALSE(batch.more);
  CHECK(batch.cursor == s.scalar("SELECT MAX(cursor) FROM changes"));

  // Nothing new: the same cursor comes back, with nothing.
  const auto again = changes_after(s.db, site, batch.cursor);
  CHECK(again.entities.empty());
  CHECK_FALSE(again.more);
  CHECK(again.cursor == batch.cursor);
}

TEST_CASE("changes: a cursor past the newest change starts the kiosk over", "[changes]") {
  ServerDb s;
  const auto site = s.site();
  record_change(s.db, site, Entity::Member, "7");
  const auto newest = s.scalar("SELECT MAX(cursor) FROM changes");
  // As after restoring the database from a backup older than the kiosk's last pull.
  const auto batch = changes_after(s.db, site, newest + 100);
  REQUIRE(batch.entities.size() == 2);
  CHECK(batch.entities[0].entity == Entity::Site);
  CHECK(batch.entities[1].key == "7");
  CHECK(batch.cursor == newest);
  CHECK_FALSE(batch.more);
  // Through a sync exchange too.
  const auto kiosk = s.kiosk(site).kiosk;
  sync::SyncRequest request;
  request.cursor = newest + 100;
  const auto r = handle_sync(s.db, kiosk, request);
  CHECK(r.site.has_value());
  CHECK(r.members.size() == 1);
  CHECK(r.cursor == newest);
}

TEST_CASE("changes: a small limit pages through everything exactly once", "[changes]") {
  ServerDb s;
  const auto a = s.site("Montbard", "21425");
  const auto b = s.site("Semur", "21603");
  // Interleave sites and repeat some entities.
  for (int i = 0; i < 12; ++i) {
    record_change(s.db, i % 3 == 0 ? b : a, Entity::Member, std::to_string(i));
    if (i % 4 == 0) record_change(s.db, a, Entity::Member, "0");  // "0" again and again
  }
  record_change(s.db, a, Entity::Badge, "04A1B2C3");

  for (int limit : {1, 2, 3, 5, 100}) {
    DYNAMIC_SECTION("limit " << limit) {
      std::multiset<std::string> seen;
      std::int64_t cursor = 0;
      int batches = 0;
      for (;;) {
        const auto batch = changes_after(s.db, a, cursor, limit);
        CHECK(static_cast<int>(batch.entities.size()) <= limit);
        CHECK(batch.cursor >= cursor);
        for (const auto& e : batch.entities) {
          seen.insert((e.entity == Entity::Site ? "site:" : e.entity == Entity::Member ? "member:" : "badge:") + e.key);
        }
        cursor = batch.cursor;
        ++batches;
        REQUIRE(batches < 50);
        if (!batch.more) break;
      }
      // Site a, "0", members 1 2 4 5 7 8 10 11 of a, and the badge.
      const std::multiset<std::string> expected{"site:" + std::to_string(a),
                                                "member:0",
                                                "member:1",
                                                "member:2",
                                                "member:4",
                                                "member:5",
                                                "member:7",
                                                "member:8",
                                                "member:10",
                                                "member:11",
                                                "badge:04A1B2C3"};
      CHECK(seen == expected);
      CHECK(changes_after(s.db, a, cursor, limit).entities.empty());
    }
  }
}

TEST_CASE("changes: a change during paging is not lost", "[changes]") {
  ServerDb s;
  const auto site = s.site();
  for (int i = 1; i <= 4; ++i) record_change(s.db, site, Entity::Member, std::to_string(i));
  auto batch = changes_after(s.db, site, 0, 2);  // the site and member 1
  REQUIRE(batch.more);
  record_change(s.db, site, Entity::Member, "1");  // member 1 changes again
  std::set<std::string> rest;
  std::int64_t cursor = batch.cursor;
  do {
    batch = changes_after(s.db, site, cursor, 2);
    for (const auto& e : batch.entities) rest.insert(e.key);
    cursor = batch.cursor;
  } while (batch.more);
  CHECK(rest == std::set<std::string>{"1", "2", "3", "4"});
}

TEST_CASE("pull: a kiosk gets its site, members and badges, and only its site's", "[changes][sync]") {
  ServerDb s;
  const auto a = s.site("Montbard", "21425");
  const auto b = s.site("Semur", "21603");
  const auto marie = s.member(a, "Marie", "Dupont");
  const auto jean = s.member(a, "Jean", "Martin");
  const auto zoe = s.member(b, "Zoé", "Garnier");
  s.badge("04A1B2C3", marie);
  s.badge("1A2B3C4D", zoe);
  REQUIRE(add_member(s.db,
                     [&] {
                       Member m;
                       m.site_id = a;
                       m.first_name = "Agnès";
                       m.last_name = "Lambert";
                       m.roles = {Role::Member, Role::Animator};
                       return m;
                     }())
              .ok());
  const auto kiosk_a = s.kiosk(a).kiosk;
  const auto kiosk_b = s.kiosk(b).kiosk;

  const auto first = pull(s, kiosk_a, 0);
  REQUIRE(first.site.has_value());
  CHECK(first.site->id == a);
  CHECK(first.site->name == "Montbard");
  CHECK(first.members.size() == 3);
  REQUIRE(member_in(first, marie) != nullptr);
  CHECK(member_in(first, marie)->first_name == "Marie");
  CHECK(member_in(first, marie)->last_name == "Dupont");
  CHECK(member_in(first, marie)->active);
  CHECK(member_in(first, marie)->roles == std::vector<Role>{Role::Member});
  CHECK(member_in(first, jean) != nullptr);
  CHECK(member_in(first, zoe) == nullptr);
  REQUIRE(first.badges.size() == 1);
  CHECK(first.badges[0].uid == "04A1B2C3");
  CHECK(first.badges[0].member_id == marie);
  CHECK_FALSE(first.badges[0].revoked);
  CHECK_FALSE(first.more);
  CHECK(first.cursor > 0);
  bool animator_found = false;
  for (const auto& m : first.members) animator_found |= m.roles == std::vector<Role>{Role::Member, Role::Animator};
  CHECK(animator_found);

  const auto other = pull(s, kiosk_b, 0);
  REQUIRE(other.site.has_value());
  CHECK(other.site->id == b);
  REQUIRE(other.members.size() == 1);
  CHECK(other.members[0].id == zoe);
  REQUIRE(other.badges.size() == 1);
  CHECK(other.badges[0].uid == "1A2B3C4D");

  // Nothing new: an empty pull with the same cursor.
  const auto second = pull(s, kiosk_a, first.cursor);
  CHECK_FALSE(second.site.has_value());
  CHECK(second.members.empty());
  CHECK(second.badges.empty());
  CHECK(second.cursor == first.cursor);

  // A change at site b does not reach kiosk a, and the cursor still moves on.
  s.member(b, "Hervé", "Girard");
  const auto third = pull(s, kiosk_a, first.cursor);
  CHECK(third.members.empty());
  CHECK(third.cursor > first.cursor);
  // A change at site a does.
  REQUIRE(revoke_badge(s.db, uid("04A1B2C3")).ok());
  const auto fourth = pull(s, kiosk_a, third.cursor);
  REQUIRE(fourth.badges.size() == 1);
  CHECK(fourth.badges[0].revoked);
  CHECK(fourth.members.empty());
}

TEST_CASE("pull: a member moved to another site is inactive for the old one", "[changes][sync]") {
  ServerDb s;
  const auto a = s.site("Montbard", "21425");
  const auto b = s.site("Semur", "21603");
  const auto marie = s.member(a, "Marie", "Dupont");
  s.badge("04A1B2C3", marie);
  const auto kiosk_a = s.kiosk(a).kiosk;
  const auto kiosk_b = s.kiosk(b).kiosk;
  std::int64_t cursor_a = 0;
  std::int64_t cursor_b = 0;
  pull_all(s, kiosk_a, cursor_a);
  pull_all(s, kiosk_b, cursor_b);

  // No API moves a member yet: do what it would do.
  {
    store::Transaction tx(s.db);
    s.db.prepare("UPDATE members SET site_id = ? WHERE id = ?").bind_all(b, marie).run();
    record_change(s.db, a, Entity::Member, std::to_string(marie));
    record_change(s.db, b, Entity::Member, std::to_string(marie));
    record_change(s.db, a, Entity::Badge, "04A1B2C3");
    record_change(s.db, b, Entity::Badge, "04A1B2C3");
    tx.commit();
  }

  const auto old_site = pull(s, kiosk_a, cursor_a);
  const auto* gone = member_in(old_site, marie);
  REQUIRE(gone != nullptr);
  CHECK_FALSE(gone->active);
  CHECK(gone->first_name.empty());  // nothing personal is sent to the old site
  CHECK(gone->last_name.empty());
  const auto* old_badge = badge_in(old_site, "04A1B2C3");
  REQUIRE(old_badge != nullptr);
  CHECK(old_badge->revoked);

  const auto new_site = pull(s, kiosk_b, cursor_b);
  const auto* here = member_in(new_site, marie);
  REQUIRE(here != nullptr);
  CHECK(here->active);
  CHECK(here->first_name == "Marie");
  const auto* new_badge = badge_in(new_site, "04A1B2C3");
  REQUIRE(new_badge != nullptr);
  CHECK_FALSE(new_badge->revoked);
  CHECK(new_badge->member_id == marie);
}

TEST_CASE("pull: an erased member is sent inactive, and an unknown one too", "[changes][sync]") {
  ServerDb s;
  const auto site = s.site();
  const auto marie = s.member(site);
  const auto kiosk = s.kiosk(site).kiosk;
  std::int64_t cursor = 0;
  pull_all(s, kiosk, cursor);
  {
    store::Transaction tx(s.db);
    s.db.prepare("UPDATE members SET active = 0 WHERE id = ?").bind(1, marie).run();
    record_change(s.db, site, Entity::Member, std::to_string(marie));
    record_change(s.db, site, Entity::Member, "999");
    record_change(s.db, site, Entity::Badge, "DEADBEEF");
    tx.commit();
  }
  const auto r = pull(s, kiosk, cursor);
  REQUIRE(member_in(r, marie) != nullptr);
  CHECK_FALSE(member_in(r, marie)->active);
  REQUIRE(member_in(r, 999) != nullptr);
  CHECK_FALSE(member_in(r, 999)->active);
  REQUIRE(badge_in(r, "DEADBEEF") != nullptr);
  CHECK(badge_in(r, "DEADBEEF")->revoked);
}

TEST_CASE("pull: more than one page of changes arrives exactly once", "[changes][sync]") {
  ServerDb s;
  const auto site = s.site();
  const auto other = s.site("Semur", "21603");
  constexpr int kMembers = 620;  // more than the 500 entities of one pull
  std::set<std::int64_t> expected;
  for (int i = 0; i < kMembers; ++i) {
    expected.insert(s.member(i % 10 == 0 ? other : site, "Prénom" + std::to_string(i), "Nom"));
  }
  std::set<std::int64_t> for_site;
  for (auto id : expected) {
    if (find_member(s.db, id)->site_id == site) for_site.insert(id);
  }
  const auto kiosk = s.kiosk(site).kiosk;
  std::int64_t cursor = 0;
  const auto pages = pull_all(s, kiosk, cursor);
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].more);
  CHECK(pages[0].members.size() + (pages[0].site ? 1 : 0) == 500);  // the site counts as one entity
  std::multiset<std::int64_t> seen;
  int sites = 0;
  for (const auto& p : pages) {
    for (const auto& m : p.members) seen.insert(m.id);
    sites += p.site ? 1 : 0;
  }
  CHECK(sites == 1);
  CHECK(seen.size() == for_site.size());
  CHECK(std::set<std::int64_t>(seen.begin(), seen.end()) == for_site);
}
