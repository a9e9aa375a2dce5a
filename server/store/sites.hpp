// Sites and their resources (desks, visio rooms).
#pragma once

#include <optional>
#include <vector>

#include "domain/site.hpp"
#include "result.hpp"
#include "store/bookings.hpp"
#include "store/database.hpp"
#include "sync/protocol.hpp"

namespace escale::server {

// Validates and inserts; the error says what to fix.
Result<Site> add_site(store::Database& db, Site site);
std::optional<Site> find_site(store::Database& db, std::int64_t id);
std::vector<Site> list_sites(store::Database& db);

// Changes a site's name, address, INSEE code and opening hours (checked
// like add_site). The site's kiosks learn it (change log); audited.
Result<Site> update_site(store::Database& db, const Site& site, const Actor& actor);

// Adds an active resource (and a change-log row, so the site's kiosks learn of
// it; and an audit-log row when an admin or animator did it).
Result<Resource> add_resource(store::Database& db, Resource resource, const Actor& actor = {});
// The site's active resources, desks first, then by id.
std::vector<Resource> list_resources(store::Database& db, std::int64_t site_id);
// The site's resources with their active flag (`include_inactive`: removed ones too).
std::vector<sync::ResourceRecord> list_resource_records(store::Database& db, std::int64_t site_id,
                                                        bool include_inactive = true);
std::optional<sync::ResourceRecord> find_resource_record(store::Database& db, std::int64_t resource_id);
// Removes a resource from booking (kept for history) or puts it back. A
// resource with bookings still to come is not removed: the error says so.
Result<sync::ResourceRecord> set_resource_active(store::Database& db, std::int64_t resource_id, bool active,
                                                 const Actor& actor = {});
// Gives a resource's name and equipment in English (issue 15; empty: none,
// a kiosk in English then shows the French words, marked). The site's kiosks
// learn it (change log); audited.
Result<sync::ResourceRecord> set_resource_english(store::Database& db, std::int64_t resource_id,
                                                  const std::string& name_en, const std::string& features_en,
                                                  const Actor& actor = {});

}  // namespace escale::server
