#include "reports/communes.hpp"  // first: the header is self-contained

// The communes' names embedded from data/communes.tsv (INSEE's list).
#include <catch2/catch.hpp>

using escale::server::reports::commune_name;
using escale::server::reports::communes_edition;

TEST_CASE("communes: INSEE codes have their official names", "[reports][communes]") {
  CHECK(commune_name("21425") == "Montbard");
  CHECK(commune_name("21154") == "Châtillon-sur-Seine");
  CHECK(commune_name("01001") == "L'Abergement-Clémenciat");  // the first line
  CHECK(commune_name("75056") == "Paris");
  CHECK(commune_name("75101") == "Paris 1er Arrondissement");  // municipal arrondissements too
  CHECK(commune_name("2A004") == "Ajaccio");                   // Corsica's codes are not numbers
  CHECK(commune_name("97411") == "Saint-Denis");               // overseas
  CHECK_THAT(std::string(communes_edition()), Catch::StartsWith("COG 2026"));
}

TEST_CASE("communes: an unknown or malformed code has no name", "[reports][communes]") {
  CHECK_FALSE(commune_name("99999"));
  CHECK_FALSE(commune_name(""));
  CHECK_FALSE(commune_name("2142"));
  CHECK_FALSE(commune_name("21425 "));
  CHECK_FALSE(commune_name("# Communes"));  // the header lines are not codes
}
