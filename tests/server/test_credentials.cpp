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
  // A token chosen by the operator (scripts that provision kiosks): as random as one Escale makes.
  const std::string fixed = "esk_" + std::string("q3Vh9zK_eX2mWb7-LtR0yPfNs4AjUd8cGo1iHkE6vBn");
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

// Issue 14: add_kiosk took any "esk_…" an operator chose, « esk_demo-token-0001 »
// included: a token guessed in a few tries opens the sync API of a site.
TEST_CASE("operator-chosen kiosk tokens carry at least as much randomness as generated ones", "[store][credentials]") {
  ServerDb s;
  const auto site = s.site();
  const std::vector<std::string> weak{
      "esk_demo-token-0001",
      "esk_" + std::string(64, 'a'),
      "esk_" + std::string(43, 'Z'),
      "esk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "esk_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
      "esk_" + std::string("passwordpassword") + "passwordpassword" + "passwordpassword" + "passwordpassword",
      "esk_" + make_token("").substr(0, 63),                               // 252 bits of hex
      "esk_" + std::string("q3Vh9zK_eX2mWb7-LtR0yPfNs4AjUd8cGo1iHkE6vB"),  // 42 base64url characters
      "esk_" + make_token("").substr(0, 40) + " " + make_token("").substr(0, 30),
      "esk_" + make_token("").substr(0, 40) + "é" + make_token("").substr(0, 30),
  };
  int n = 0;
  for (const auto& token : weak) {
    INFO(token);
    const auto r = add_kiosk(s.db, site, "borne " + std::to_string(n++), token);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains("jeton"));
  }
  CHECK(list_kiosks(s.db).empty());
  // What Escale makes, and what `openssl rand -hex 32` or `openssl rand -base64 32 | tr '+/' '-_'` give.
  for (const auto& token : {make_token("esk_"), "esk_" + make_token("").substr(0, 64),
                            std::string("esk_q3Vh9zK_eX2mWb7-LtR0yPfNs4AjUd8cGo1iHkE6vBn")}) {
    INFO(token);
    CHECK(add_kiosk(s.db, site, "borne " + std::to_string(n++), token).ok());
  }
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

TEST_CASE("operator-chosen tokens: every random token passes, the reason names what is wrong", "[store][credentials]") {
  // make_token's 64 hex digits, and 43 base64url characters from the same source.
  static constexpr char kBase64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int i = 0; i < 5000; ++i) {
    const auto hex = make_token("esk_");
    INFO(hex);
    REQUIRE_FALSE(weak_token_reason(hex, "esk_"));
    const auto bytes = make_token("") + make_token("");  // 64 random bytes as hex; 6 bits of each kept
    std::string b64 = "esk_";
    for (std::size_t k = 0; k + 2 <= bytes.size() && b64.size() < 4 + 43; k += 2) {
      const int byte = std::stoi(bytes.substr(k, 2), nullptr, 16);
      b64 += kBase64url[byte & 63];
    }
    INFO(b64);
    REQUIRE_FALSE(weak_token_reason(b64, "esk_"));
  }
  CHECK_THAT(*weak_token_reason("esk_" + make_token("").substr(0, 60), "esk_"), Catch::Contains("trop court"));
  CHECK_THAT(*weak_token_reason("esk_" + std::string(64, '7'), "esk_"), Catch::Contains("trop régulier"));
  CHECK_THAT(*weak_token_reason("esk_" + make_token("") + "!", "esk_"), Catch::Contains("lettres sans accent"));
  CHECK_THAT(*weak_token_reason(make_token("esa_"), "esk_"), Catch::Contains("« esk_ »"));
}

// Issue 16: the API's admin gate wanted exactly 68 characters, the other paths
// 1 to 196 after the prefix. One rule now (is_token_shaped): the prefix, then
// 43 (256 bits of base64url, issue 14's minimum) to 196 base64url characters.
TEST_CASE("tokens: one shape for every token, at, below and above its limits", "[store][credentials]") {
  using escale::tests::random_base64url;
  for (const std::string prefix : {"esk_", "esa_", "ews_", "cal_"}) {
    INFO(prefix);
    CHECK(is_token_shaped(make_token(prefix), prefix));                         // what Escale makes: 68 characters
    CHECK(is_token_shaped(prefix + random_base64url(43), prefix));              // the fewest: 256 bits
    CHECK_FALSE(is_token_shaped(prefix + random_base64url(42), prefix));        // below
    CHECK(is_token_shaped(prefix + random_base64url(196), prefix));             // the most: 200 in all
    CHECK_FALSE(is_token_shaped(prefix + random_base64url(197), prefix));       // above
    CHECK_FALSE(is_token_shaped(prefix + random_base64url(42) + "=", prefix));  // not base64url
    CHECK_FALSE(is_token_shaped(prefix + random_base64url(42) + "é", prefix));
    CHECK_FALSE(is_token_shaped(prefix, prefix));
    CHECK_FALSE(is_token_shaped(random_base64url(47), prefix));
  }
  CHECK_FALSE(is_token_shaped(make_token("esa_"), "esk_"));
  // Every token add_kiosk takes has the shape: no chosen token is refused later.
  for (int i = 0; i < 200; ++i) {
    const auto chosen = "esk_" + random_base64url(43 + static_cast<std::size_t>(i) % 154);
    INFO(chosen);
    if (!weak_token_reason(chosen, "esk_")) CHECK(is_token_shaped(chosen, "esk_"));
  }
}

TEST_CASE("tokens: a stored token outside the shape does not authenticate", "[store][credentials]") {
  using escale::tests::random_base64url;
  ServerDb s;
  const auto site = s.site();
  const auto kiosk = s.kiosk(site);
  const auto admin = add_admin_client(s.db, "tableau de bord");
  REQUIRE(admin.ok());
  // The stored hash is that of the token tried: only the shape decides.
  const auto store_kiosk_token = [&](const std::string& token) {
    s.db.prepare("UPDATE kiosks SET token_hash = ? WHERE id = ?").bind_all(hash_token(token), kiosk.kiosk.id).run();
  };
  const auto store_admin_token = [&](const std::string& token) {
    s.db.prepare("UPDATE api_clients SET token_hash = ?").bind_all(hash_token(token)).run();
  };
  for (const std::size_t secret : {1u, 42u, 43u, 196u, 197u}) {
    INFO("secret characters: " << secret);
    const bool shaped = secret >= 43 && secret <= 196;
    const auto k = "esk_" + random_base64url(secret);
    store_kiosk_token(k);
    CHECK(authenticate_kiosk(s.db, k).has_value() == shaped);
    const auto a = "esa_" + random_base64url(secret);
    store_admin_token(a);
    CHECK(authenticate_admin(s.db, a) == shaped);
    CHECK(admin_client_for_token(s.db, a).has_value() == shaped);
  }
}
