#include "store/changes.hpp"  // first: the header is self-contained

// The change log and the pull half of a sync exchange: what a kiosk learns,
// and that paging with a cursor gives each change once.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "server_fixture.hpp"
#include "store/bookings.hpp"
#include "sync/ingest.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;

BadgeUid uid(const std::string& text) {
  return *BadgeUid::parse(text);
}

// A pull by a kiosk speaking `protocol` (the current version by default).
sync::SyncResponse pull(ServerDb& s, const KioskIdentity& kiosk, std::int64_t cursor,
                        int protocol = sync::kProtocolVersion) {
  sync::SyncRequest request;
  request.protocol = protocol;
  request.cursor = cursor;
  return handle_sync(s.db, kiosk, request);
}

// Pulls until `more` is false; returns every response.
std::vector<sync::SyncResponse> pull_all(ServerDb& s, const KioskIdentity& kiosk, std::int64_t& cursor,
                                         int protocol = sync::kProtocolVersion) {
  std::vector<sync::SyncResponse> out;
  for (int guard = 0; guard < 100; ++guard) {
    out.push_back(pull(s, kiosk, cursor, protocol));
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
      // Sites a and b (the network's list of sites: every kiosk has it), "0",
      // members 1 2 4 5 7 8 10 11 of a, and the badge.
      const std::multiset<std::string> expected{"site:" + std::to_string(a),
                                                "site:" + std::to_string(b),
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

namespace {

// Montbard (a): Marie (badge 04A1B2C3), Jean, Agnès (animator); Semur (b): Zoé (badge 1A2B3C4D).
struct TwoSites {
  ServerDb s;
  std::int64_t a = s.site("Montbard", "21425");
  std::int64_t b = s.site("Semur", "21603");
  std::int64_t marie = s.member(a, "Marie", "Dupont");
  std::int64_t jean = s.member(a, "Jean", "Martin");
  std::int64_t zoe = s.member(b, "Zoé", "Garnier");
  std::int64_t agnes = 0;
  KioskIdentity kiosk_a;
  KioskIdentity kiosk_b;

  TwoSites() {
    s.badge("04A1B2C3", marie);
    s.badge("1A2B3C4D", zoe);
    Member m;
    m.site_id = a;
    m.first_name = "Agnès";
    m.last_name = "Lambert";
    m.roles = {Role::Member, Role::Animator};
    agnes = add_member(s.db, m)->id;
    kiosk_a = s.kiosk(a).kiosk;
    kiosk_b = s.kiosk(b).kiosk;
  }
};

}  // namespace

TEST_CASE("pull: a kiosk gets its site, every member of the network and their badges", "[changes][sync][network]") {
  TwoSites t;
  const auto first = pull(t.s, t.kiosk_a, 0);
  REQUIRE(first.site.has_value());
  CHECK(first.site->id == t.a);
  CHECK(first.site->name == "Montbard");
  CHECK(first.network_sites.size() == 2);
  CHECK(first.members.size() == 4);
  REQUIRE(member_in(first, t.marie) != nullptr);
  CHECK(member_in(first, t.marie)->last_name == "Dupont");
  CHECK(member_in(first, t.marie)->roles == std::vector<Role>{Role::Member});
  CHECK(member_in(first, t.agnes)->roles == std::vector<Role>{Role::Member, Role::Animator});
  // Zoé, of Semur: greeted at Montbard too, with her first name only.
  REQUIRE(member_in(first, t.zoe) != nullptr);
  CHECK(member_in(first, t.zoe)->active);
  CHECK(member_in(first, t.zoe)->first_name == "Zoé");
  CHECK(member_in(first, t.zoe)->last_name.empty());
  CHECK(member_in(first, t.zoe)->home_site_id == t.b);
  REQUIRE(first.badges.size() == 2);
  CHECK_FALSE(badge_in(first, "1A2B3C4D")->revoked);
  CHECK(badge_in(first, "1A2B3C4D")->member_id == t.zoe);
  CHECK_FALSE(first.more);

  // Nothing new: an empty pull with the same cursor.
  const auto second = pull(t.s, t.kiosk_a, first.cursor);
  CHECK_FALSE(second.site.has_value());
  CHECK(second.members.empty());
  CHECK(second.badges.empty());
  CHECK(second.network_sites.empty());
  CHECK(second.cursor == first.cursor);

  // A new member at Semur reaches Montbard's kiosk; a change of Semur's own
  // (its rules) does not.
  const auto herve = t.s.member(t.b, "Hervé", "Girard");
  set_site_rules(t.s.db, t.b, ResourceKind::Desk, site_rules(t.s.db, t.b).desk);
  const auto third = pull(t.s, t.kiosk_a, first.cursor);
  REQUIRE(third.members.size() == 1);
  CHECK(third.members[0].id == herve);
  CHECK_FALSE(third.site.has_value());
  CHECK(third.cursor > first.cursor);
  REQUIRE(revoke_badge(t.s.db, uid("1A2B3C4D")).ok());
  const auto fourth = pull(t.s, t.kiosk_a, third.cursor);
  REQUIRE(fourth.badges.size() == 1);
  CHECK(fourth.badges[0].revoked);
}

TEST_CASE("pull (protocol 1): a kiosk not upgraded yet gets its site's members and badges as before",
          "[changes][sync][network]") {
  TwoSites t;
  const auto first = pull(t.s, t.kiosk_a, 0, 1);
  CHECK(first.protocol == 1);
  REQUIRE(first.site.has_value());
  CHECK(first.site->id == t.a);
  CHECK(first.network_sites.empty());
  int active = 0;
  for (const auto& m : first.members) active += m.active ? 1 : 0;
  CHECK(active == 3);
  CHECK(member_in(first, t.marie)->last_name == "Dupont");
  CHECK(member_in(first, t.marie)->home_site_id == 0);  // not a version 1 field
  CHECK(member_in(first, t.agnes)->roles == std::vector<Role>{Role::Member, Role::Animator});
  // Zoé, of another site: nothing of her, as version 1 always sent a stranger.
  if (const auto* zoe = member_in(first, t.zoe)) {
    CHECK_FALSE(zoe->active);
    CHECK(zoe->first_name.empty());
  }
  CHECK_FALSE(badge_in(first, "04A1B2C3")->revoked);
  if (const auto* hers = badge_in(first, "1A2B3C4D")) CHECK(hers->revoked);

  const auto other = pull(t.s, t.kiosk_b, 0, 1);
  REQUIRE(other.site.has_value());
  CHECK(other.site->id == t.b);
  int active_b = 0;
  for (const auto& m : other.members) active_b += m.active ? 1 : 0;
  CHECK(active_b == 1);
  CHECK(member_in(other, t.zoe)->active);
  CHECK_FALSE(badge_in(other, "1A2B3C4D")->revoked);

  // Nothing new: an empty pull with the same cursor; a change at Montbard reaches it.
  const auto second = pull(t.s, t.kiosk_a, first.cursor, 1);
  CHECK(second.members.empty());
  CHECK(second.cursor == first.cursor);
  REQUIRE(revoke_badge(t.s.db, uid("04A1B2C3")).ok());
  const auto third = pull(t.s, t.kiosk_a, second.cursor, 1);
  REQUIRE(third.badges.size() == 1);
  CHECK(third.badges[0].revoked);
  CHECK(third.members.empty());
}

TEST_CASE("pull (protocol 1): a member moved to another site is inactive for the old one", "[changes][sync]") {
  ServerDb s;
  const auto a = s.site("Montbard", "21425");
  const auto b = s.site("Semur", "21603");
  const auto marie = s.member(a, "Marie", "Dupont");
  s.badge("04A1B2C3", marie);
  const auto kiosk_a = s.kiosk(a).kiosk;
  const auto kiosk_b = s.kiosk(b).kiosk;
  std::int64_t cursor_a = 0;
  std::int64_t cursor_b = 0;
  pull_all(s, kiosk_a, cursor_a, 1);
  pull_all(s, kiosk_b, cursor_b, 1);

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

  const auto old_site = pull(s, kiosk_a, cursor_a, 1);
  const auto* gone = member_in(old_site, marie);
  REQUIRE(gone != nullptr);
  CHECK_FALSE(gone->active);
  CHECK(gone->first_name.empty());  // nothing personal is sent to the old site
  CHECK(gone->last_name.empty());
  const auto* old_badge = badge_in(old_site, "04A1B2C3");
  REQUIRE(old_badge != nullptr);
  CHECK(old_badge->revoked);

  const auto new_site = pull(s, kiosk_b, cursor_b, 1);
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
  // Every member of the network (both sites) reaches the kiosk, each once.
  const auto kiosk = s.kiosk(site).kiosk;
  std::int64_t cursor = 0;
  const auto pages = pull_all(s, kiosk, cursor);
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].more);
  CHECK(pages[0].members.size() + (pages[0].site ? 2 : 0) == 500);  // the two sites count as one entity each
  std::multiset<std::int64_t> seen;
  int sites = 0;
  for (const auto& p : pages) {
    for (const auto& m : p.members) seen.insert(m.id);
    sites += p.site ? 1 : 0;
  }
  CHECK(sites == 1);
  CHECK(seen.size() == expected.size());
  CHECK(std::set<std::int64_t>(seen.begin(), seen.end()) == expected);
}
