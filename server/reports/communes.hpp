// Names of French communes by INSEE code, for the dashboard's « Communes de
// résidence ». The list is INSEE's official geographic code (COG) as kept in
// data/communes.tsv (source, edition and conversion in its header lines and
// in scripts/communes-from-etalab.py); CMake embeds that file into the
// binary, so nothing is read or downloaded at run time and the server needs
// no data path. A new COG edition: rerun the script and rebuild.
#pragma once

#include <optional>
#include <string_view>

namespace escale::server::reports {

// « Montbard » for "21425"; nullopt for a code the list does not have (the
// caller shows the code itself).
std::optional<std::string_view> commune_name(std::string_view insee_code);

// The edition line of the list (« COG 2026, package published … »), for docs and tests.
std::string_view communes_edition();

}  // namespace escale::server::reports
