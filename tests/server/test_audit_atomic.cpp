// A change and the audit row naming who made it are one transaction: both
// are committed together, and when the audit row cannot be written the change
// is undone too (issue 16). The audit write is made to fail honestly: the
// actor names an API client that does not exist, which audit_log's foreign
// key refuses.
#include <catch2/catch.hpp>

#include "server_fixture.hpp"
#include "store/changes.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;

// Counted from a connection of its own: what is committed, nothing else.
std::int64_t count(const std::filesystem::path& path, const std::string& sql, const std::string& arg = {}) {
  store::Database other(path);
  auto st = other.prepare(sql);
  if (!arg.empty()) st.bind(1, arg);
  st.step();
  return st.int64(0);
}

std::int64_t members(ServerDb& s) {
  return count(s.path, "SELECT COUNT(*) FROM members");
}
std::int64_t audit_rows(ServerDb& s, const std::string& action) {
  return count(s.path, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action);
}
std::int64_t newest_cursor(ServerDb& s) {
  return count(s.path, "SELECT COALESCE(MAX(cursor), 0) FROM changes");
}

std::int64_t api_client(ServerDb& s) {
  REQUIRE(add_admin_client(s.db, "annuaire").ok());
  return count(s.path, "SELECT id FROM api_clients WHERE name = ?", "annuaire");
}

Actor by_client(std::int64_t id) {
  Actor a;
  a.api_client_id = id;
  return a;
}

constexpr std::int64_t kNoSuchClient = 424242;

Member person(std::int64_t site) {
  Member m;
  m.site_id = site;
  m.first_name = "Inès";
  m.last_name = "Moreau";
  return m;
}

}  // namespace

TEST_CASE("audit: a member added and the row naming who added them are committed together", "[store][audit]") {
  ServerDb s;
  const auto site = s.site();
  const auto client = api_client(s);
  const auto added = add_member(s.db, person(site), by_client(client));
  REQUIRE(added.ok());
  CHECK(members(s) == 1);
  CHECK(audit_rows(s, "member.add") == 1);
  CHECK(count(s.path, "SELECT COUNT(*) FROM audit_log WHERE subject = ?", "member:" + std::to_string(added->id)) == 1);
  // Without an audited actor (the command line), no audit row.
  REQUIRE(add_member(s.db, person(site)).ok());
  CHECK(members(s) == 2);
  CHECK(audit_rows(s, "member.add") == 1);
}

TEST_CASE("audit: when the audit row cannot be written, the member is not added either", "[store][audit]") {
  ServerDb s;
  const auto site = s.site();
  const auto cursor = newest_cursor(s);
  CHECK_THROWS_AS(add_member(s.db, person(site), by_client(kNoSuchClient)), store::StoreError);
  CHECK(members(s) == 0);
  CHECK(audit_rows(s, "member.add") == 0);
  CHECK(newest_cursor(s) == cursor);  // no change sent to the kiosks for a member that does not exist
  // The connection is usable afterwards (no transaction left open).
  REQUIRE(add_member(s.db, person(site)).ok());
  CHECK(members(s) == 1);
}

TEST_CASE("audit: a badge given or revoked and its audit row go together, or neither does", "[store][audit]") {
  ServerDb s;
  const auto site = s.site();
  const auto member = s.member(site);
  const auto client = api_client(s);
  const auto uid = *BadgeUid::parse("04A1B2C3D4E5F6");
  const std::string active = "SELECT COUNT(*) FROM badges WHERE uid = ? AND revoked_at IS NULL";

  CHECK_THROWS_AS(add_badge(s.db, uid, member, by_client(kNoSuchClient)), store::StoreError);
  CHECK(count(s.path, "SELECT COUNT(*) FROM badges WHERE uid = ?", uid.hex()) == 0);
  CHECK(audit_rows(s, "badge.add") == 0);

  REQUIRE(add_badge(s.db, uid, member, by_client(client)).ok());
  CHECK(count(s.path, active, uid.hex()) == 1);
  CHECK(audit_rows(s, "badge.add") == 1);

  const auto cursor = newest_cursor(s);
  CHECK_THROWS_AS(revoke_badge(s.db, uid, by_client(kNoSuchClient)), store::StoreError);
  CHECK(count(s.path, active, uid.hex()) == 1);  // still active: the revocation was undone
  CHECK(audit_rows(s, "badge.revoke") == 0);
  CHECK(newest_cursor(s) == cursor);

  REQUIRE(revoke_badge(s.db, uid, by_client(client)).ok());
  CHECK(count(s.path, active, uid.hex()) == 0);
  CHECK(audit_rows(s, "badge.revoke") == 1);
}
