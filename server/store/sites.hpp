// Sites and their resources (desks, visio rooms).
#pragma once

#include <optional>
#include <vector>

#include "domain/site.hpp"
#include "result.hpp"
#include "store/database.hpp"

namespace escale::server {

// Validates and inserts; the error says what to fix.
Result<Site> add_site(store::Database& db, Site site);
std::optional<Site> find_site(store::Database& db, std::int64_t id);
std::vector<Site> list_sites(store::Database& db);

Result<Resource> add_resource(store::Database& db, Resource resource);
std::vector<Resource> list_resources(store::Database& db, std::int64_t site_id);

}  // namespace escale::server
