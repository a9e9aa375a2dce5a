// Members and their badges.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/badge.hpp"
#include "domain/member.hpp"
#include "result.hpp"
#include "store/bookings.hpp"  // Actor
#include "store/database.hpp"
#include "sync/protocol.hpp"

namespace escale::server {

// Adds a member (one transaction with its change-log row). When `actor` is
// audited (a web user, an API client, an animator), the « member.add » audit
// row is written in that same transaction: the member and the row naming who
// added them are committed together, or neither is.
Result<Member> add_member(store::Database& db, Member member, const Actor& actor = {});
std::optional<Member> find_member(store::Database& db, std::int64_t id);
// All members, or one site's; `search` matches first or last name (case-insensitive, ASCII).
std::vector<Member> list_members(store::Database& db, std::optional<std::int64_t> site_id = std::nullopt,
                                 const std::string& search = {});

// Changes a member's details (names, contacts, home commune, age bracket,
// roles); not their site. One transaction with a change-log row (the site's
// kiosks learn it) and an audit row naming who did it.
Result<Member> update_member(store::Database& db, const Member& member, const Actor& actor);

// Erasure on request (GDPR art. 17), in one transaction: names, contact
// details, PIN and calendar address go; badges are revoked and their UIDs
// removed from the member's visits; bookings to come are cancelled; the
// member's help-request names and phones are erased. The row stays as an
// anonymous statistical profile (site, age bracket, home commune, dates),
// so the visits it made keep counting (privacy.md). The kiosks forget the
// member at their next exchange. Returns the member's id.
Result<std::int64_t> erase_member(store::Database& db, std::int64_t member_id, const Actor& actor, Instant now);

// Who may sign an animator's action sent by a kiosk of `site_id` (sync
// ingest): an active (not erased) member holding the animator role at that
// site (their own roles at their home site, a grant elsewhere: store/network.hpp). The role is read as it stands now:
// the data model keeps no history of roles (an erasure also clears them), so an action made offline by someone whose
// role was removed since is refused like any other.
enum class AnimatorStanding {
  Animator,     // may sign
  Unknown,      // no such member
  Erased,       // erased (or otherwise inactive)
  OtherSite,    // a member of another site, not granted the animator role here
  NotAnimator,  // a member of this site without the animator role
};
AnimatorStanding animator_standing(store::Database& db, std::int64_t member_id, std::int64_t site_id);
std::string_view to_string(AnimatorStanding s);

// Everything Escale holds about a member (GDPR art. 15 and 20) as JSON:
// details, badges, visits, bookings, help appointments and the audit rows of
// what was done to their record. nullopt for an unknown or erased member.
std::optional<std::string> member_data_export(store::Database& db, std::int64_t member_id);

// A member's visit count and last visit (for the back office).
struct MemberActivity {
  int visits = 0;
  std::optional<std::string> last_check_in;  // ISO UTC
  std::string created_at;
};
MemberActivity member_activity(store::Database& db, std::int64_t member_id);

struct BadgeRow {
  std::string uid;
  std::int64_t member_id = 0;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// Attaches a badge to a member. A revoked badge may be given again; an active
// badge of someone else is refused (revoke it first). An audited `actor`'s
// « badge.add » row is written in the same transaction.
Result<BadgeRow> add_badge(store::Database& db, const BadgeUid& uid, std::int64_t member_id, const Actor& actor = {});
// Revokes a badge; an audited `actor`'s « badge.revoke » row is written in the
// same transaction.
Result<BadgeRow> revoke_badge(store::Database& db, const BadgeUid& uid, const Actor& actor = {});
std::vector<BadgeRow> list_badges(store::Database& db, std::optional<std::int64_t> member_id = std::nullopt);

// How many badges each member of a site holds that are not revoked (members
// without one are absent).
std::map<std::int64_t, int> active_badge_counts(store::Database& db, std::int64_t site_id);

// Every member of a site by id, with their names, and whether they were erased
// (their names are then empty).
struct MemberName {
  std::string first_name;
  std::string last_name;
  bool erased = false;
};
std::map<std::int64_t, MemberName> site_member_names(store::Database& db, std::int64_t site_id);

// Who holds a badge, revoked or not (nullopt: a badge never given).
struct BadgeHolder {
  std::int64_t member_id = 0;
  bool revoked = false;
};
std::optional<BadgeHolder> badge_holder(store::Database& db, const std::string& uid);

// The member a kiosk made with this reference (member_ref), and their site.
struct MemberOfRef {
  std::int64_t id = 0;
  std::int64_t site_id = 0;
};
std::optional<MemberOfRef> member_for_ref(store::Database& db, const std::string& ref);
// Gives a member made at a kiosk the reference the kiosk made them with.
void set_member_ref(store::Database& db, std::int64_t member_id, const std::string& ref);

// A member as the kiosks of `site_id` see them: erased, or moved to another
// site, they are inactive with no name (the kiosk forgets them); the PIN hash
// travels only for an animator (the kiosk checks it offline).
sync::MemberRecord member_record_for_site(store::Database& db, std::int64_t site_id, std::int64_t member_id);
// A badge as the kiosks of `site_id` see it: revoked when it is, or when its
// member belongs to another site; member 0 and revoked when unknown.
sync::BadgeRecord badge_record_for_site(store::Database& db, std::int64_t site_id, const std::string& uid);

// Protocol version 2 (issue 17): a member as a kiosk of `site_id` sees them,
// whatever their home site: erased, inactive with no name; of this site, with
// their last name; of another site, with their last initial only when another
// member of the network shares their first name, and never their contacts.
// Their roles (and PIN hash, for an animator) are those they hold at
// `site_id`; `sites` lists the only sites they may use, when restricted.
sync::MemberRecord member_record_for_kiosk(store::Database& db, std::int64_t site_id, std::int64_t member_id);
// A badge as every kiosk of the network sees it: revoked when it is or when
// its member was erased; member 0 and revoked when unknown.
sync::BadgeRecord badge_record_for_network(store::Database& db, const std::string& uid);

}  // namespace escale::server
