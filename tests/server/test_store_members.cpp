#include "store/members.hpp"  // first: the header is self-contained

// Members and badges in the server database.
#include <catch2/catch.hpp>

#include "server_fixture.hpp"
#include "store/changes.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;

BadgeUid uid(const char* text) {
  return *BadgeUid::parse(text);
}

Member person(std::int64_t site, const std::string& first, const std::string& last) {
  Member m;
  m.site_id = site;
  m.first_name = first;
  m.last_name = last;
  return m;
}

// The change log rows (entity, key) for a site after a cursor.
std::vector<std::pair<Entity, std::string>> changes(ServerDb& s, std::int64_t site, std::int64_t cursor = 0) {
  std::vector<std::pair<Entity, std::string>> out;
  for (const auto& c : changes_after(s.db, site, cursor).entities) out.emplace_back(c.entity, c.key);
  return out;
}

}  // namespace

TEST_CASE("members: add, find and list", "[store][members]") {
  ServerDb s;
  const auto site = s.site();
  Member m = person(site, "Élodie", "Lefèvre");
  m.email = "elodie.lefevre@example.fr";
  m.phone = "06 12 34 56 78";
  m.home_commune = "21154";
  m.age_bracket = AgeBracket::From18To35;
  m.roles = {Role::Member, Role::Animator};
  const auto added = add_member(s.db, m);
  REQUIRE(added.ok());
  CHECK(added->id > 0);

  const auto found = find_member(s.db, added->id);
  REQUIRE(found.has_value());
  CHECK(found->site_id == site);
  CHECK(found->first_name == "Élodie");
  CHECK(found->last_name == "Lefèvre");
  CHECK(found->email == m.email);
  CHECK(found->phone == m.phone);
  CHECK(found->home_commune == m.home_commune);
  CHECK(found->age_bracket == AgeBracket::From18To35);
  CHECK(found->roles == std::vector<Role>{Role::Member, Role::Animator});
  CHECK_FALSE(find_member(s.db, added->id + 100).has_value());

  // No roles given: a plain member. Optional fields stay NULL.
  Member plain = person(site, "Jean", "Martin");
  plain.roles.clear();
  plain.email = "   ";  // left blank: not given
  const auto second = add_member(s.db, plain);
  REQUIRE(second.ok());
  CHECK(second->roles == std::vector<Role>{Role::Member});
  const auto jean = find_member(s.db, second->id);
  REQUIRE(jean.has_value());
  CHECK_FALSE(jean->email.has_value());
  CHECK_FALSE(jean->phone.has_value());
  CHECK(jean->age_bracket == AgeBracket::Unknown);

  // The kiosks of the site learn of both.
  const auto log = changes(s, site);
  CHECK(std::count(log.begin(), log.end(), std::make_pair(Entity::Member, std::to_string(added->id))) == 1);
  CHECK(std::count(log.begin(), log.end(), std::make_pair(Entity::Member, std::to_string(second->id))) == 1);
}

TEST_CASE("members: list filters by site and searches names", "[store][members]") {
  ServerDb s;
  const auto a = s.site("Montbard", "21425");
  const auto b = s.site("Semur", "21603");
  s.member(a, "Marie", "Dupont");
  s.member(a, "Jean", "Martin");
  s.member(b, "Martine", "Aubry");
  s.member(b, "Zoé", "Garnier");
  s.member(a, "Ana", "100% Bio_Test");

  CHECK(list_members(s.db).size() == 5);
  CHECK(list_members(s.db, a).size() == 3);
  CHECK(list_members(s.db, b).size() == 2);
  CHECK(list_members(s.db, 999).empty());

  // Sorted by last name, then first name.
  const auto all = list_members(s.db);
  CHECK(all[0].last_name == "100% Bio_Test");
  CHECK(all[1].last_name == "Aubry");
  CHECK(all[4].last_name == "Martin");

  const auto mart = list_members(s.db, std::nullopt, "mart");  // case-insensitive, first or last name
  REQUIRE(mart.size() == 2);
  CHECK(mart[0].first_name == "Martine");
  CHECK(mart[1].first_name == "Jean");
  CHECK(list_members(s.db, a, "MART").size() == 1);
  CHECK(list_members(s.db, std::nullopt, "nobody").empty());

  // LIKE wildcards in a search are plain characters.
  CHECK(list_members(s.db, std::nullopt, "%").size() == 1);
  CHECK(list_members(s.db, std::nullopt, "_").size() == 1);
  CHECK(list_members(s.db, std::nullopt, "0% B").size() == 1);
  CHECK(list_members(s.db, std::nullopt, "M_rie").empty());
  CHECK(list_members(s.db, std::nullopt, "\\").empty());
  // Quotes are just text.
  CHECK(list_members(s.db, std::nullopt, "'; DROP TABLE members;--").empty());
  CHECK(list_members(s.db).size() == 5);
}

TEST_CASE("members: inactive members are hidden", "[store][members]") {
  ServerDb s;
  const auto site = s.site();
  const auto id = s.member(site, "Marie", "Dupont");
  s.db.prepare("UPDATE members SET active = 0 WHERE id = ?").bind(1, id).run();
  CHECK_FALSE(find_member(s.db, id).has_value());
  CHECK(list_members(s.db).empty());
}

TEST_CASE("members: invalid members are refused", "[store][members]") {
  ServerDb s;
  const auto site = s.site();
  struct Case {
    Member member;
    const char* fragment;
  };
  Member bad_email = person(site, "Marie", "Dupont");
  bad_email.email = "marie.dupont";
  Member bad_phone = person(site, "Marie", "Dupont");
  bad_phone.phone = "12";
  Member bad_commune = person(site, "Marie", "Dupont");
  bad_commune.home_commune = "Montbard";
  Member control = person(site, "Ma\x01rie", "Dupont");
  Member too_long = person(site, std::string(101, 'a'), "Dupont");
  const Case cases[] = {
      {person(site, "", "Dupont"), "prénom"},
      {person(site, "  ", "Dupont"), "prénom"},
      {person(site, "Marie", ""), "nom de famille"},
      {bad_email, "e-mail"},
      {bad_phone, "téléphone"},
      {bad_commune, "code commune"},
      {control, "invisible"},
      {too_long, "trop long"},
      {person(site + 50, "Marie", "Dupont"), "n’existe pas"},
      {person(0, "Marie", "Dupont"), "n’existe pas"},
  };
  for (const auto& c : cases) {
    INFO(c.member.first_name << " " << c.member.last_name);
    const auto r = add_member(s.db, c.member);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains(c.fragment));
  }
  CHECK(list_members(s.db).empty());
  CHECK(s.scalar("SELECT COUNT(*) FROM members") == 0);
}

TEST_CASE("badges: add, list and revoke", "[store][badges]") {
  ServerDb s;
  const auto site = s.site();
  const auto marie = s.member(site, "Marie", "Dupont");
  const auto jean = s.member(site, "Jean", "Martin");

  const auto added = add_badge(s.db, uid("04:a1:b2:c3"), marie);
  REQUIRE(added.ok());
  CHECK(added->uid == "04A1B2C3");
  CHECK(added->member_id == marie);
  CHECK_FALSE(added->created_at.empty());
  CHECK_FALSE(added->revoked_at.has_value());
  REQUIRE(add_badge(s.db, uid("04D5E6F708A1B2"), marie).ok());  // a member may hold several
  REQUIRE(add_badge(s.db, uid("1A2B3C4D"), jean).ok());

  CHECK(list_badges(s.db).size() == 3);
  const auto of_marie = list_badges(s.db, marie);
  REQUIRE(of_marie.size() == 2);
  CHECK(of_marie[0].uid == "04A1B2C3");
  CHECK(of_marie[1].uid == "04D5E6F708A1B2");
  CHECK(list_badges(s.db, 999).empty());

  const auto revoked = revoke_badge(s.db, uid("04A1B2C3"));
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked_at.has_value());
  CHECK(list_badges(s.db, marie)[0].revoked_at.has_value());

  auto again = revoke_badge(s.db, uid("04A1B2C3"));
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error(), Catch::Contains("déjà révoqué"));
  auto unknown = revoke_badge(s.db, uid("DEADBEEF"));
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.error(), Catch::Contains("Aucun badge DEADBEEF"));
}

TEST_CASE("badges: an active badge of someone else is refused", "[store][badges]") {
  ServerDb s;
  const auto site = s.site();
  const auto marie = s.member(site, "Marie", "Dupont");
  const auto jean = s.member(site, "Jean", "Martin");
  REQUIRE(add_badge(s.db, uid("04A1B2C3"), marie).ok());
  const auto before = s.scalar("SELECT COUNT(*) FROM changes");

  const auto stolen = add_badge(s.db, uid("04a1b2c3"), jean);
  REQUIRE_FALSE(stolen.ok());
  CHECK_THAT(stolen.error(), Catch::Contains("appartient déjà au membre n° " + std::to_string(marie)));
  const auto twice = add_badge(s.db, uid("04A1B2C3"), marie);
  REQUIRE_FALSE(twice.ok());
  CHECK_THAT(twice.error(), Catch::Contains("déjà attribué à ce membre"));

  REQUIRE(list_badges(s.db).size() == 1);
  CHECK(list_badges(s.db)[0].member_id == marie);
  CHECK(s.scalar("SELECT COUNT(*) FROM changes") == before);
}

TEST_CASE("badges: a revoked badge can be given again", "[store][badges]") {
  ServerDb s;
  const auto a = s.site("Montbard", "21425");
  const auto b = s.site("Semur", "21603");
  const auto marie = s.member(a, "Marie", "Dupont");
  const auto jean = s.member(a, "Jean", "Martin");
  const auto zoe = s.member(b, "Zoé", "Garnier");
  REQUIRE(add_badge(s.db, uid("04A1B2C3"), marie).ok());

  SECTION("to the same member") {
    REQUIRE(revoke_badge(s.db, uid("04A1B2C3")).ok());
    const auto back = add_badge(s.db, uid("04A1B2C3"), marie);
    REQUIRE(back.ok());
    CHECK_FALSE(back->revoked_at.has_value());
    CHECK(back->member_id == marie);
  }
  SECTION("to someone else of the same site") {
    REQUIRE(revoke_badge(s.db, uid("04A1B2C3")).ok());
    const auto given = add_badge(s.db, uid("04A1B2C3"), jean);
    REQUIRE(given.ok());
    CHECK(given->member_id == jean);
    CHECK_FALSE(given->revoked_at.has_value());
    CHECK(list_badges(s.db, marie).empty());
  }
  SECTION("to a member of another site: both sites hear of it") {
    REQUIRE(revoke_badge(s.db, uid("04A1B2C3")).ok());
    const auto cursor_a = changes_after(s.db, a, 0).cursor;
    const auto cursor_b = changes_after(s.db, b, 0).cursor;
    REQUIRE(add_badge(s.db, uid("04A1B2C3"), zoe).ok());
    const auto for_a = changes(s, a, cursor_a);
    const auto for_b = changes(s, b, cursor_b);
    REQUIRE(for_a.size() == 1);
    CHECK(for_a[0] == std::make_pair(Entity::Badge, std::string("04A1B2C3")));
    REQUIRE(for_b.size() == 1);
    CHECK(for_b[0] == std::make_pair(Entity::Badge, std::string("04A1B2C3")));
  }
  CHECK(list_badges(s.db).size() == 1);
}

TEST_CASE("badges: unknown or erased members get no badge", "[store][badges]") {
  ServerDb s;
  const auto site = s.site();
  auto r = add_badge(s.db, uid("04A1B2C3"), 42);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("membre n° 42 n’existe pas"));

  const auto gone = s.member(site, "Marie", "Dupont");
  s.db.prepare("UPDATE members SET active = 0 WHERE id = ?").bind(1, gone).run();
  r = add_badge(s.db, uid("04A1B2C3"), gone);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("n’existe pas"));
  CHECK(list_badges(s.db).empty());
  // The refusals left no transaction open.
  REQUIRE(add_badge(s.db, uid("04A1B2C3"), s.member(site, "Jean", "Martin")).ok());
}

TEST_CASE("badges: revoking is in the change log of the member's site", "[store][badges]") {
  ServerDb s;
  const auto site = s.site();
  const auto marie = s.member(site);
  REQUIRE(add_badge(s.db, uid("04A1B2C3"), marie).ok());
  const auto cursor = changes_after(s.db, site, 0).cursor;
  REQUIRE(revoke_badge(s.db, uid("04A1B2C3")).ok());
  const auto after = changes(s, site, cursor);
  REQUIRE(after.size() == 1);
  CHECK(after[0] == std::make_pair(Entity::Badge, std::string("04A1B2C3")));
}
