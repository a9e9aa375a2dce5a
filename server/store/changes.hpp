// The change log kiosks pull from. Every write to a site, a member, a badge,
// a resource or a booking appends a row here in the same transaction; a kiosk
// asks for the rows after the cursor it holds and receives the current state
// of each entity named.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace escale::server {

// HelpAgenda: the site's appointment types, help hours and exceptions (key:
// the site id; sent whole). Appointment: one appointment (key: its UUID).
enum class Entity { Site, Member, Badge, Resource, Booking, HelpAgenda, Appointment };

// The name an entity has in the change log ("member"…), and back; an
// unknown name is nullopt (never taken for another entity).
std::string_view entity_name(Entity e);
std::optional<Entity> parse_entity(std::string_view s);

void record_change(store::Database& db, std::int64_t site_id, Entity entity, std::string_view key);

struct ChangedEntity {
  Entity entity;
  std::string key;  // site id, member id, badge UID, resource id, booking or appointment UUID
};

struct ChangeBatch {
  std::vector<ChangedEntity> entities;  // each entity once, oldest change first
  std::int64_t cursor = 0;              // give this back next time
  bool more = false;
};

// Changes for one site's kiosks after `cursor`, at most `limit` entities:
// the site's own rows and the network's (kNetworkFeed: members, badges, the
// list of sites; every kiosk reads them).
ChangeBatch changes_after(store::Database& db, std::int64_t site_id, std::int64_t cursor, int limit = 500);

}  // namespace escale::server
