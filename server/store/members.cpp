// Members and badges: SQL for the members and badges tables. Each write also
// appends to the change log so the member's site's kiosks learn of it.
#include "store/members.hpp"

#include <algorithm>

#include "store/changes.hpp"
#include "store/sites.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

constexpr const char* kMemberColumns =
    "id, site_id, first_name, last_name, email, phone, home_commune, age_bracket, roles";

Member read_member(const store::Statement& st) {
  Member m;
  m.id = st.int64(0);
  m.site_id = st.int64(1);
  m.first_name = st.text(2);
  m.last_name = st.text(3);
  m.email = st.optional_text(4);
  m.phone = st.optional_text(5);
  m.home_commune = st.optional_text(6);
  m.age_bracket = parse_age_bracket(st.text(7)).value_or(AgeBracket::Unknown);
  m.roles = roles_from_text(st.text(8));
  return m;
}

BadgeRow read_badge(const store::Statement& st) {
  return BadgeRow{st.text(0), st.int64(1), st.text(2), st.optional_text(3)};
}

std::optional<BadgeRow> find_badge(store::Database& db, const std::string& uid) {
  auto st = db.prepare("SELECT uid, member_id, created_at, revoked_at FROM badges WHERE uid = ?");
  st.bind(1, uid);
  if (!st.step()) return std::nullopt;
  return read_badge(st);
}

std::int64_t member_site(store::Database& db, std::int64_t member_id) {
  auto st = db.prepare("SELECT site_id FROM members WHERE id = ?");
  st.bind(1, member_id);
  return st.step() ? st.int64(0) : 0;
}

}  // namespace

Result<Member> add_member(store::Database& db, Member m) {
  if (auto problem = validate(m)) return Error{*problem};
  if (!find_site(db, m.site_id)) {
    return Error{"Le lieu n° " + std::to_string(m.site_id) +
                 " n’existe pas : vérifiez avec « escale-server site list »."};
  }
  if (m.roles.empty()) m.roles = {Role::Member};
  // An optional field left blank is not given: store NULL, not spaces.
  for (auto* field : {&m.email, &m.phone, &m.home_commune}) {
    if (*field && field->value().find_first_not_of(" \t\r\n") == std::string::npos) field->reset();
  }
  store::Transaction tx(db);
  db.prepare(
        "INSERT INTO members (site_id, first_name, last_name, email, phone, home_commune, age_bracket, roles, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(m.site_id, m.first_name, m.last_name, m.email, m.phone, m.home_commune, to_string(m.age_bracket),
                roles_to_text(m.roles), to_iso_utc(now()))
      .run();
  m.id = db.last_insert_rowid();
  record_change(db, m.site_id, Entity::Member, std::to_string(m.id));
  tx.commit();
  return m;
}

std::optional<Member> find_member(store::Database& db, std::int64_t id) {
  auto st = db.prepare(std::string("SELECT ") + kMemberColumns + " FROM members WHERE id = ? AND active = 1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_member(st);
}

std::vector<Member> list_members(store::Database& db, std::optional<std::int64_t> site_id, const std::string& search) {
  auto st = db.prepare(std::string("SELECT ") + kMemberColumns +
                       " FROM members WHERE active = 1 AND (?1 IS NULL OR site_id = ?1)"
                       " AND (?2 = '' OR first_name LIKE '%' || ?2 || '%' ESCAPE '\\'"
                       " OR last_name LIKE '%' || ?2 || '%' ESCAPE '\\')"
                       " ORDER BY last_name, first_name, id");
  // The search is text, not a pattern: « 100% » or « _ » match themselves.
  std::string pattern;
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  st.bind(1, site_id).bind(2, pattern);
  std::vector<Member> out;
  while (st.step()) out.push_back(read_member(st));
  return out;
}

Result<BadgeRow> add_badge(store::Database& db, const BadgeUid& uid, std::int64_t member_id) {
  store::Transaction tx(db);
  const std::int64_t site_id = member_site(db, member_id);
  if (site_id == 0 || !find_member(db, member_id)) {  // unknown, or erased (inactive)
    return Error{"Le membre n° " + std::to_string(member_id) +
                 " n’existe pas : vérifiez avec « escale-server member list »."};
  }
  if (auto existing = find_badge(db, uid.hex())) {
    if (!existing->revoked_at && existing->member_id != member_id) {
      return Error{"Le badge " + uid.hex() + " appartient déjà au membre n° " + std::to_string(existing->member_id) +
                   " : révoquez-le d’abord (escale-server badge revoke)."};
    }
    if (!existing->revoked_at) return Error{"Ce badge est déjà attribué à ce membre."};
    const std::int64_t old_site = member_site(db, existing->member_id);
    db.prepare("UPDATE badges SET member_id = ?, revoked_at = NULL, created_at = ? WHERE uid = ?")
        .bind_all(member_id, to_iso_utc(now()), uid.hex())
        .run();
    if (old_site != site_id) record_change(db, old_site, Entity::Badge, uid.hex());
  } else {
    db.prepare("INSERT INTO badges (uid, member_id, created_at) VALUES (?, ?, ?)")
        .bind_all(uid.hex(), member_id, to_iso_utc(now()))
        .run();
  }
  record_change(db, site_id, Entity::Badge, uid.hex());
  auto row = find_badge(db, uid.hex());
  tx.commit();
  return *row;
}

Result<BadgeRow> revoke_badge(store::Database& db, const BadgeUid& uid) {
  store::Transaction tx(db);
  auto existing = find_badge(db, uid.hex());
  if (!existing) return Error{"Aucun badge " + uid.hex() + " n’est enregistré."};
  if (existing->revoked_at) return Error{"Le badge " + uid.hex() + " est déjà révoqué."};
  db.prepare("UPDATE badges SET revoked_at = ? WHERE uid = ?").bind_all(to_iso_utc(now()), uid.hex()).run();
  record_change(db, member_site(db, existing->member_id), Entity::Badge, uid.hex());
  auto row = find_badge(db, uid.hex());
  tx.commit();
  return *row;
}

std::vector<BadgeRow> list_badges(store::Database& db, std::optional<std::int64_t> member_id) {
  auto st = db.prepare(
      "SELECT uid, member_id, created_at, revoked_at FROM badges WHERE (?1 IS NULL OR member_id = ?1) "
      "ORDER BY member_id, uid");
  st.bind(1, member_id);
  std::vector<BadgeRow> out;
  while (st.step()) out.push_back(read_badge(st));
  return out;
}

}  // namespace escale::server
