#include "domain/site.hpp"

#include <catch2/catch.hpp>

using namespace escale;
using Catch::Matchers::Contains;

namespace {

Site valid_site() {
  Site s;
  s.name = "La Fabrique de Fontaine";
  s.address = "2 rue de l’Église, 21121 Fontaine-lès-Dijon";
  s.insee_code = "21278";
  s.opening_hours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";
  return s;
}

}  // namespace

TEST_CASE("a complete site is valid", "[site]") {
  CHECK_FALSE(validate(valid_site()).has_value());
  Site s = valid_site();
  s.insee_code = "2B033";
  s.opening_hours = "24/7";
  s.address = "";
  CHECK_FALSE(validate(s).has_value());
}

TEST_CASE("a site needs a name", "[site]") {
  Site s = valid_site();
  s.name = "";
  CHECK(validate(s) == "Le nom du lieu est obligatoire.");
  s.name = "  \t";
  CHECK(validate(s) == "Le nom du lieu est obligatoire.");
}

TEST_CASE("a site needs a valid INSEE code", "[site]") {
  for (const char* code : {"", "2127", "21 278", "2a033"}) {
    Site s = valid_site();
    s.insee_code = code;
    CAPTURE(code);
    CHECK_THAT(validate(s).value_or(""), Contains("code INSEE à 5 caractères"));
  }
}

TEST_CASE("a site's opening hours must parse, and the message says why", "[site]") {
  Site s = valid_site();
  s.opening_hours = "Mo-Fx 08:00-12:00";
  const auto error = validate(s);
  REQUIRE(error.has_value());
  CHECK_THAT(*error, Contains("Horaires d’ouverture"));
  CHECK_THAT(*error, Contains("Mo-Fx"));
  CHECK_THAT(*error, Contains("Mo, Tu, We, Th, Fr, Sa, Su ou PH"));

  s.opening_hours = "";
  CHECK_THAT(validate(s).value_or(""), Contains("vides"));
  s.opening_hours = "Mo-Fr 18:00-08:00";
  CHECK_THAT(validate(s).value_or(""), Contains("18:00-08:00"));
}
