#include "store/credentials.hpp"  // first: the header is self-contained

// Kiosk and admin tokens: made, stored hashed, checked, revoked.
#include <catch2/catch.hpp>

#include <set>

#include "server_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;

bool is_lower_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

TEST_CASE("tokens: random, prefixed, hashed with BLAKE2b-256", "[store][credentials]") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto token = make_token("esk_");
    REQUIRE(token.size() == 4 + 64);
    CHECK(token.substr(0, 4) == "esk_");
    CHECK(is_lower_hex(token.substr(4)));
    seen.insert(token);
  }
  CHECK(seen.size() == 50);

  const auto h = hash_token("esk_abc");
  CHECK(h.size() == 64);
  CHECK(is_lower_hex(h));
  CHECK(hash_token("esk_abc") == h);
  CHECK(hash_token("esk_abd") != h);
  // Known answer: BLAKE2b-256 of the empty string.
  CHECK(hash_token("") == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST_CASE("kiosks: add and authenticate", "[store][credentials]") {
  ServerDb s;
  const auto site = s.site();
  const auto issued = add_kiosk(s.db, site, "entrée");
  REQUIRE(issued.ok());
  CHECK(issued->kiosk.id > 0);
  CHECK(issued->kiosk.site_id == site);
  CHECK(issued->kiosk.name == "entrée");
  CHECK(issued->token.substr(0, 4) == "esk_");

  const auto who = authenticate_kiosk(s.db, issued->token);
  REQUIRE(who.has_value());
  CHECK(who->id == issued->kiosk.id);
  CHECK(who->site_id == site);
  CHECK(who->name == "entrée");

  // Only the hash is in the database.
  auto st = s.db.prepare("SELECT token_hash FROM kiosks WHERE id = ?");
  st.bind(1, issued->kiosk.id);
  REQUIRE(st.step());
  CHECK(st.text(0) == hash_token(issued->token));
  CHECK(st.text(0).find(issued->token.substr(4)) == std::string::npos);
}

TEST_CASE("kiosks: wrong tokens are refused", "[store][credentials]") {
  ServerDb s;
  const auto site = s.site();
  const auto issued = add_kiosk(s.db, site, "entrée");
  REQUIRE(issued.ok());
  std::string almost = issued->token;
  almost.back() = almost.back() == '0' ? '1' : '0';
  for (const std::string& token :
       {std::string(), std::string("esk_"), almost, make_token("esk_"), "esa_" + issued->token.substr(4),
        issued->token.substr(4), issued->token + " ", std::string("' OR 1=1 --"), std::string(300, 'e')}) {
    INFO(token);
    CHECK_FALSE(authenticate_kiosk(s.db, token).has_value());
  }
}

TEST_CASE("kiosks: a fixed token, and what add_kiosk refuses", "[store][credentials]") {
  ServerDb s;
  const auto site = s.site();
  const std::string fixed = "esk_demo-token-0001";
  const auto demo = add_kiosk(s.db, site, "démo", fixed);
  REQUIRE(demo.ok());
  CHECK(demo->token == fixed);
  CHECK(authenticate_kiosk(s.db, fixed).has_value());

  auto r = add_kiosk(s.db, site, "");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("nom à la borne"));
  r = add_kiosk(s.db, site, std::string(101, 'k'));
  REQUIRE_FALSE(r.ok());
  r = add_kiosk(s.db, site + 7, "entrée");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("n’existe pas"));
  r = add_kiosk(s.db, site, "démo");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("déjà une borne nommée"));
  r = add_kiosk(s.db, site, "autre", std::string("abc"));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("esk_"));
  // The same fixed token twice is a refusal, not a storage exception.
  REQUIRE_NOTHROW(r = add_kiosk(s.db, site, "autre", fixed));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("jeton"));

  CHECK(list_kiosks(s.db).size() == 1);
  // The same name at another site is fine.
  const auto other = s.site("Semur", "21603");
  CHECK(add_kiosk(s.db, other, "démo").ok());
}

TEST_CASE("kiosks: list, touch and revoke", "[store][credentials]") {
  ServerDb s;
  const auto site = s.site();
  const auto a = add_kiosk(s.db, site, "entrée");
  const auto b = add_kiosk(s.db, site, "salle");
  REQUIRE(a.ok());
  REQUIRE(b.ok());

  auto list = list_kiosks(s.db);
  REQUIRE(list.size() == 2);
  CHECK_FALSE(list[0].last_sync_at.has_value());
  CHECK_FALSE(list[0].revoked);

  touch_kiosk_sync(s.db, a->kiosk.id);
  list = list_kiosks(s.db);
  REQUIRE(list[0].last_sync_at.has_value());
  CHECK(parse_iso_utc(*list[0].last_sync_at).has_value());
  CHECK_FALSE(list[1].last_sync_at.has_value());

  const auto revoked = revoke_kiosk(s.db, a->kiosk.id);
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked);
  CHECK(revoked->kiosk.id == a->kiosk.id);
  CHECK_FALSE(authenticate_kiosk(s.db, a->token).has_value());
  CHECK(authenticate_kiosk(s.db, b->token).has_value());

  auto again = revoke_kiosk(s.db, a->kiosk.id);
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error(), Catch::Contains("Aucune borne active"));
  CHECK_FALSE(revoke_kiosk(s.db, 999).ok());
  list = list_kiosks(s.db);
  CHECK(list[0].revoked);
  CHECK_FALSE(list[1].revoked);
}

TEST_CASE("admin clients: add and authenticate", "[store][credentials]") {
  ServerDb s;
  const auto token = add_admin_client(s.db, "tableau de bord");
  REQUIRE(token.ok());
  CHECK(token->substr(0, 4) == "esa_");
  CHECK(authenticate_admin(s.db, *token));
  CHECK_FALSE(authenticate_admin(s.db, ""));
  CHECK_FALSE(authenticate_admin(s.db, "esa_"));
  CHECK_FALSE(authenticate_admin(s.db, make_token("esa_")));
  CHECK_FALSE(authenticate_admin(s.db, "esk_" + token->substr(4)));

  const auto dup = add_admin_client(s.db, "tableau de bord");
  REQUIRE_FALSE(dup.ok());
  CHECK_THAT(dup.error(), Catch::Contains("déjà"));
  CHECK_FALSE(add_admin_client(s.db, "").ok());

  // A kiosk token is no admin token, and the other way round.
  const auto site = s.site();
  const auto kiosk = s.kiosk(site);
  CHECK_FALSE(authenticate_admin(s.db, kiosk.token));
  CHECK_FALSE(authenticate_kiosk(s.db, *token).has_value());

  // A revoked admin client is refused.
  s.db.prepare("UPDATE api_clients SET revoked_at = ? WHERE name = ?")
      .bind_all(to_iso_utc(now()), "tableau de bord")
      .run();
  CHECK_FALSE(authenticate_admin(s.db, *token));
}
