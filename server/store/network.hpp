// The network (issue 17): the intercommunality whose sites these are, and
// where each member may go and act. One membership is valid at every site:
// a member's `site_id` is their home site (where they signed up; reports
// group by it); they may use every site of the network unless an animator
// restricted them to some (member_sites); their staff roles at the home site
// are `members.roles`, at any other site a grant (member_site_roles).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/member.hpp"
#include "result.hpp"
#include "store/bookings.hpp"  // Actor
#include "store/database.hpp"
#include "sync/protocol.hpp"

namespace escale::server {

// The change log's site for what every kiosk of the network receives
// (members, badges, the list of sites): changes_after reads it beside the
// kiosk's own site. No site has id 0.
inline constexpr std::int64_t kNetworkFeed = 0;

struct NetworkSettings {
  std::string name;       // « Communauté de communes du Pays de Montbard »
  std::string siren;      // 9 digits; empty while not given
  std::string territory;  // « Pays de Montbard » (open-data file names, reports)
  std::string updated_at;
  // The producer of the open-data file of the places (issue 19): its SIRET
  // (14 digits) or RNA (W + 9), named in the file's name; empty while not given.
  std::string producer_id{};
};
NetworkSettings network_settings(store::Database& db);
// Checks (a name is given, the SIREN has 9 digits and its key is right, the
// producer is a valid SIRET or RNA: opendata::identifier_problem) and saves,
// with an audit row; the message says what to fix.
Result<NetworkSettings> set_network_settings(store::Database& db, NetworkSettings settings, const Actor& actor);
// A SIREN: 9 digits whose Luhn key is right (spaces allowed, as printed).
bool is_valid_siren(std::string_view text);

// Every site of the network (id, name), by id: what kiosks show a member
// restricted to other sites.
std::vector<sync::NetworkSite> network_sites(store::Database& db);

// The sites a member may use: nullopt when every site of the network.
std::optional<std::vector<std::int64_t>> member_allowed_sites(store::Database& db, std::int64_t member_id);
bool member_may_use_site(store::Database& db, std::int64_t member_id, std::int64_t site_id);
// Restricts a member to `sites` (empty: every site again), in one
// transaction with the change row (every kiosk learns it) and an audit row.
// Unknown sites, an unknown or erased member are refused with a message.
Result<std::vector<std::int64_t>> restrict_member_sites(store::Database& db, std::int64_t member_id,
                                                        std::vector<std::int64_t> sites, const Actor& actor);

// A member's staff roles at a site: `members.roles` at the home site, the
// grants elsewhere (Role::Member always first). Empty for an unknown or
// erased member.
std::vector<Role> member_roles_at(store::Database& db, std::int64_t member_id, std::int64_t site_id);
// The roles granted to a member at a site other than their home site (no Role::Member).
std::vector<Role> granted_roles(store::Database& db, std::int64_t member_id, std::int64_t site_id);
struct SiteRoleGrant {
  std::int64_t site_id = 0;
  Role role = Role::Animator;
  std::string granted_at;
};
// A member's grants at sites other than their home site, by site.
std::vector<SiteRoleGrant> member_site_grants(store::Database& db, std::int64_t member_id);
// Grants (or takes back) the animator or mediator role at a site other than
// the member's home site (there, roles are the member's own: update_member).
// One transaction with the change row and an audit row.
Result<SiteRoleGrant> grant_site_role(store::Database& db, std::int64_t member_id, std::int64_t site_id, Role role,
                                      const Actor& actor);
Result<bool> revoke_site_role(store::Database& db, std::int64_t member_id, std::int64_t site_id, Role role,
                              const Actor& actor);

// Has the member badged at least once at this site? (What lets the site's
// animator open the page of a member of another site: web_routes.cpp.)
bool member_visited_site(store::Database& db, std::int64_t member_id, std::int64_t site_id);
// Members of other sites who badged at this site (active ones), by name,
// with their home site and their last visit here. `search`: text in the
// first or last name (as list_members), empty for all.
struct SiteVisitor {
  std::int64_t member_id = 0;
  std::string first_name;
  std::string last_name;
  std::int64_t home_site_id = 0;
  std::string home_site_name;
  std::string last_check_in;  // ISO UTC, at this site
};
std::vector<SiteVisitor> site_visitors_from_network(store::Database& db, std::int64_t site_id,
                                                    const std::string& search = {});

}  // namespace escale::server
