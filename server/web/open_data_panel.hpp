// What staff see of the open-data file of the places (issue 19, docs/open-data.md):
// on the network page (/reseau), the file (its address, its name, how many
// places it lists) and the sites it leaves out; on a site's page
// (/lieux/{site}), that site when it is left out. Each left-out site is named
// with what is missing or wrong (« adresse manquante ») and where to fix it:
// the site's form for its name, address, INSEE code and hours; the command
// `escale-server site mediation` for the open-data details (SIRET or RNA,
// postal code, commune, phone, optional columns), which have no web form.
#pragma once

#include <string_view>
#include <vector>

#include "store/site_mediation.hpp"
#include "web/html.hpp"

namespace escale::server::web {

// A warning naming each left-out site and its faults; empty when none.
Html open_data_left_out_notice(const std::vector<LeftOutSite>& left_out);
// The network page's section « Données ouvertes »: the file's link and name,
// the count of places listed, and the warning.
Html open_data_section(const MediationPlaces& places, std::string_view file_name);

}  // namespace escale::server::web
