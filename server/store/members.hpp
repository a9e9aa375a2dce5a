// Members and their badges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/badge.hpp"
#include "domain/member.hpp"
#include "result.hpp"
#include "store/database.hpp"

namespace escale::server {

Result<Member> add_member(store::Database& db, Member member);
std::optional<Member> find_member(store::Database& db, std::int64_t id);
// All members, or one site's; `search` matches first or last name (case-insensitive, ASCII).
std::vector<Member> list_members(store::Database& db, std::optional<std::int64_t> site_id = std::nullopt,
                                 const std::string& search = {});

struct BadgeRow {
  std::string uid;
  std::int64_t member_id = 0;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// Attaches a badge to a member. A revoked badge may be given again; an active
// badge of someone else is refused (revoke it first).
Result<BadgeRow> add_badge(store::Database& db, const BadgeUid& uid, std::int64_t member_id);
Result<BadgeRow> revoke_badge(store::Database& db, const BadgeUid& uid);
std::vector<BadgeRow> list_badges(store::Database& db, std::optional<std::int64_t> member_id = std::nullopt);

}  // namespace escale::server
