// The network's settings, members' sites and their roles per site: SQL for
// the tables of schema v8 (network, member_sites, member_site_roles).
#include "store/network.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "opendata/lieux_mediation.hpp"
#include "store/changes.hpp"
#include "store/sites.hpp"
#include "text/trim.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

// The member's home site, or nullopt when unknown or erased.
std::optional<std::int64_t> home_site(store::Database& db, std::int64_t member_id) {
  auto st = db.cached("SELECT site_id FROM members WHERE id = ? AND active = 1");
  st.bind(1, member_id);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::string unknown_member(std::int64_t member_id) {
  return "Le membre n° " + std::to_string(member_id) + " n’existe pas (ou a été effacé).";
}

std::string unknown_site(std::int64_t site_id) {
  return "Le lieu n° " + std::to_string(site_id) + " n’existe pas : vérifiez avec « escale-server site list ».";
}

}  // namespace

bool is_valid_siren(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return false;
    digits += c;
  }
  if (digits.size() != 9) return false;
  int sum = 0;  // Luhn, from the right: every second digit doubled
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

NetworkSettings network_settings(store::Database& db) {
  NetworkSettings out;
  auto st = db.cached("SELECT name, siren, territory, updated_at, producer_id FROM network WHERE id = 1");
  if (st.step()) out = NetworkSettings{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
  return out;
}

Result<NetworkSettings> set_network_settings(store::Database& db, NetworkSettings s, const Actor& actor) {
  s.name = std::string(text::trim(s.name));
  s.territory = std::string(text::trim(s.territory));
  std::string siren;
  for (char c : s.siren)
    if (c != ' ') siren += c;
  if (s.name.empty())
    return Error{"Indiquez le nom du réseau, par exemple «\u202FCommunauté de communes du Montbardois\u202F»."};
  if (!siren.empty() && !is_valid_siren(siren)) {
    return Error{"Le SIREN «\u202F" + s.siren +
                 "\u202F» n’est pas valable\u202F: 9 chiffres dont le dernier est une clé de contrôle, comme sur "
                 "l’avis de situation INSEE."};
  }
  s.siren = siren;
  s.producer_id = opendata::normalise_identifier(s.producer_id);
  if (!s.producer_id.empty()) {
    if (const auto why = opendata::identifier_problem(s.producer_id); !why.empty())
      return Error{"Producteur des données ouvertes\u202F: " + why};
  }
  s.updated_at = to_iso_utc(now());
  store::Transaction tx(db);
  db.prepare(
        "INSERT INTO network (id, name, siren, territory, updated_at, producer_id) VALUES (1, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, siren = excluded.siren, "
        "territory = excluded.territory, updated_at = excluded.updated_at, producer_id = excluded.producer_id")
      .bind_all(s.name, s.siren, s.territory, s.updated_at, s.producer_id)
      .run();
  audit(db, actor, std::nullopt, "network.update", "network", "{}");
  tx.commit();
  return s;
}

std::vector<sync::NetworkSite> network_sites(store::Database& db) {
  std::vector<sync::NetworkSite> out;
  auto st = db.cached("SELECT id, name FROM sites ORDER BY id");
  while (st.step()) out.push_back({st.int64(0), st.text(1)});
  return out;
}

std::optional<std::vector<std::int64_t>> member_allowed_sites(store::Database& db, std::int64_t member_id) {
  auto st = db.cached("SELECT site_id FROM member_sites WHERE member_id = ? ORDER BY site_id");
  st.bind(1, member_id);
  std::vector<std::int64_t> sites;
  while (st.step()) sites.push_back(st.int64(0));
  if (sites.empty()) return std::nullopt;
  return sites;
}

bool member_may_use_site(store::Database& db, std::int64_t member_id, std::int64_t site_id) {
  auto st = db.cached(
      "SELECT NOT EXISTS (SELECT 1 FROM member_sites WHERE member_id = ?1) "
      "OR EXISTS (SELECT 1 FROM member_sites WHERE member_id = ?1 AND site_id = ?2)");
  st.bind_all(member_id, site_id);
  return st.step() && st.int64(0) != 0;
}

Result<std::vector<std::int64_t>> restrict_member_sites(store::Database& db, std::int64_t member_id,
                                                        std::vector<std::int64_t> sites, const Actor& actor) {
  std::sort(sites.begin(), sites.end());
  sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
  store::Transaction tx(db);
  const auto home = home_site(db, member_id);
  if (!home) return Error{unknown_member(member_id)};
  for (std::int64_t id : sites)
    if (!find_site(db, id)) return Error{unknown_site(id)};
  db.prepare("DELETE FROM member_sites WHERE member_id = ?").bind_all(member_id).run();
  for (std::int64_t id : sites)
    db.prepare("INSERT INTO member_sites (member_id, site_id) VALUES (?, ?)").bind_all(member_id, id).run();
  record_change(db, kNetworkFeed, Entity::Member, std::to_string(member_id));
  audit(db, actor, *home, "member.sites", "member:" + std::to_string(member_id),
        nlohmann::json{{"sites", sites.empty() ? nlohmann::json("all") : nlohmann::json(sites)}}.dump());
  tx.commit();
  return sites;
}

std::vector<Role> member_roles_at(store::Database& db, std::int64_t member_id, std::int64_t site_id) {
  auto st = db.cached("SELECT site_id, roles FROM members WHERE id = ? AND active = 1");
  st.bind(1, member_id);
  if (!st.step()) return {};
  if (st.int64(0) == site_id) return roles_from_text(st.text(1));
  std::vector<Role> roles{Role::Member};
  for (Role r : granted_roles(db, member_id, site_id)) roles.push_back(r);
  return roles;
}

std::vector<Role> granted_roles(store::Database& db, std::int64_t member_id, std::int64_t site_id) {
  std::vector<Role> roles;
  auto grants = db.cached("SELECT role FROM member_site_roles WHERE member_id = ? AND site_id = ? ORDER BY role");
  grants.bind_all(member_id, site_id);
  while (grants.step())
    if (const auto r = parse_role(grants.text(0))) roles.push_back(*r);
  return roles;
}

std::vector<SiteRoleGrant> member_site_grants(store::Database& db, std::int64_t member_id) {
  std::vector<SiteRoleGrant> out;
  auto st = db.prepare(
      "SELECT g.site_id, g.role, g.granted_at FROM member_site_roles g JOIN members m ON m.id = g.member_id "
      "WHERE g.member_id = ? AND g.site_id <> m.site_id ORDER BY g.site_id, g.role");
  st.bind(1, member_id);
  while (st.step()) {
    if (const auto r = parse_role(st.text(1))) out.push_back({st.int64(0), *r, st.text(2)});
  }
  return out;
}

namespace {

std::optional<std::string> grant_problem(store::Database& db, std::int64_t member_id, std::int64_t site_id, Role role,
                                         std::optional<std::int64_t> home) {
  if (!home) return unknown_member(member_id);
  if (!find_site(db, site_id)) return unknown_site(site_id);
  if (role != Role::Animator && role != Role::Mediator)
    return std::string("Seuls les rôles d’animateur et de médiateur se donnent par lieu.");
  if (*home == site_id) {
    return std::string(
        "C’est le lieu d’inscription de ce membre\u202F: ses rôles y sont ceux de sa fiche (modifiez la fiche).");
  }
  return std::nullopt;
}

}  // namespace

Result<SiteRoleGrant> grant_site_role(store::Database& db, std::int64_t member_id, std::int64_t site_id, Role role,
                                      const Actor& actor) {
  store::Transaction tx(db);
  const auto home = home_site(db, member_id);
  if (auto problem = grant_problem(db, member_id, site_id, role, home)) return Error{*problem};
  SiteRoleGrant g{site_id, role, to_iso_utc(now())};
  db.prepare(
        "INSERT INTO member_site_roles (member_id, site_id, role, granted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (member_id, site_id, role) DO NOTHING")
      .bind_all(member_id, site_id, to_string(role), g.granted_at)
      .run();
  record_change(db, kNetworkFeed, Entity::Member, std::to_string(member_id));
  audit(db, actor, site_id, "member.grant", "member:" + std::to_string(member_id),
        nlohmann::json{{"site", site_id}, {"role", to_string(role)}}.dump());
  tx.commit();
  return g;
}

Result<bool> revoke_site_role(store::Database& db, std::int64_t member_id, std::int64_t site_id, Role role,
                              const Actor& actor) {
  store::Transaction tx(db);
  const auto home = home_site(db, member_id);
  if (auto problem = grant_problem(db, member_id, site_id, role, home)) return Error{*problem};
  db.prepare("DELETE FROM member_site_roles WHERE member_id = ? AND site_id = ? AND role = ?")
      .bind_all(member_id, site_id, to_string(role))
      .run();
  const bool removed = db.changes() > 0;
  if (removed) {
    record_change(db, kNetworkFeed, Entity::Member, std::to_string(member_id));
    audit(db, actor, site_id, "member.ungrant", "member:" + std::to_string(member_id),
          nlohmann::json{{"site", site_id}, {"role", to_string(role)}}.dump());
  }
  tx.commit();
  return removed;
}

bool member_visited_site(store::Database& db, std::int64_t member_id, std::int64_t site_id) {
  // Visits older than the retention's months no longer name their member: their monthly counts do.
  auto st = db.cached(
      "SELECT EXISTS (SELECT 1 FROM visits WHERE site_id = ? AND member_id = ?) "
      "OR EXISTS (SELECT 1 FROM stats_member_months WHERE site_id = ? AND member_id = ?)");
  st.bind_all(site_id, member_id, site_id, member_id);
  return st.step() && st.int64(0) != 0;
}

std::vector<SiteVisitor> site_visitors_from_network(store::Database& db, std::int64_t site_id,
                                                    const std::string& search) {
  // The search is text, not a pattern: « 100% » or « _ » match themselves (as list_members).
  std::string pattern;
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  auto st = db.prepare(
      "SELECT m.id, m.first_name, m.last_name, m.site_id, s.name, MAX(v.check_in) FROM visits v "
      "JOIN members m ON m.id = v.member_id JOIN sites s ON s.id = m.site_id "
      "WHERE v.site_id = ?1 AND m.site_id <> ?1 AND m.active = 1"
      " AND (?2 = '' OR m.first_name LIKE '%' || ?2 || '%' ESCAPE '\\'"
      " OR m.last_name LIKE '%' || ?2 || '%' ESCAPE '\\')"
      " GROUP BY m.id ORDER BY m.last_name, m.first_name, m.id");
  st.bind(1, site_id).bind(2, pattern);
  std::vector<SiteVisitor> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3), st.text(4), st.text(5)});
  return out;
}

}  // namespace escale::server
