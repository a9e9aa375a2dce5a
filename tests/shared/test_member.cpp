#include "domain/member.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace escale;
using Catch::Matchers::Contains;

namespace {

Member valid_member() {
  Member m;
  m.first_name = "Marie";
  m.last_name = "Dupont";
  return m;
}

}  // namespace

TEST_CASE("role names round-trip", "[member]") {
  CHECK(to_string(Role::Member) == "member");
  CHECK(to_string(Role::Animator) == "animator");
  CHECK(to_string(Role::Mediator) == "mediator");
  CHECK(to_string(Role::Admin) == "admin");
  for (Role r : {Role::Member, Role::Animator, Role::Mediator, Role::Admin}) {
    CHECK(parse_role(to_string(r)) == r);
  }
  for (const char* text : {"", "Admin", "ADMIN", "animateur", " admin", "reporting"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_role(text).has_value());
  }
}

TEST_CASE("age bracket names round-trip", "[member]") {
  CHECK(to_string(AgeBracket::Unknown) == "unknown");
  CHECK(to_string(AgeBracket::Under12) == "under_12");
  CHECK(to_string(AgeBracket::From12To18) == "12_18");
  CHECK(to_string(AgeBracket::From18To35) == "18_35");
  CHECK(to_string(AgeBracket::From35To60) == "35_60");
  CHECK(to_string(AgeBracket::From60To70) == "60_70");
  CHECK(to_string(AgeBracket::Over70) == "over_70");
  for (AgeBracket a : {AgeBracket::Unknown, AgeBracket::Under12, AgeBracket::From12To18, AgeBracket::From18To35,
                       AgeBracket::From35To60, AgeBracket::From60To70, AgeBracket::Over70}) {
    CHECK(parse_age_bracket(to_string(a)) == a);
  }
  for (const char* text : {"", "12-18", "over70", "Unknown", "18_34"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_age_bracket(text).has_value());
  }
}

TEST_CASE("display name is the first name and the last name's initial", "[member]") {
  Member m = valid_member();
  CHECK(m.display_name() == "Marie D.");
  m.first_name = "Élodie";
  m.last_name = "Œuvray";
  CHECK(m.display_name() == "Élodie Œ.");
  m.last_name = "Ångström";
  CHECK(m.display_name() == "Élodie Å.");
  m.last_name = "\xF0\x9D\x94\x84lpha";  // a 4-byte code point
  CHECK(m.display_name() == "Élodie \xF0\x9D\x94\x84.");
  m.first_name = "  Jean-Luc ";
  m.last_name = "  de la Tour";
  CHECK(m.display_name() == "Jean-Luc d.");
  m.last_name = "";
  CHECK(m.display_name() == "Jean-Luc");
  m.last_name = "   ";
  CHECK(m.display_name() == "Jean-Luc");
}

TEST_CASE("has_role", "[member]") {
  Member m = valid_member();
  CHECK(m.has_role(Role::Member));
  CHECK_FALSE(m.has_role(Role::Animator));
  m.roles = {Role::Animator, Role::Mediator};
  CHECK(m.has_role(Role::Animator));
  CHECK(m.has_role(Role::Mediator));
  CHECK_FALSE(m.has_role(Role::Member));
  CHECK_FALSE(m.has_role(Role::Admin));
  m.roles.clear();
  CHECK_FALSE(m.has_role(Role::Member));
}

TEST_CASE("INSEE commune codes", "[member]") {
  for (const char* code : {"21231", "75056", "01001", "97411", "2A004", "2B033"}) {
    CAPTURE(code);
    CHECK(is_valid_insee_code(code));
  }
  for (const char* code : {"", "2123", "212310", "2a004", "2b033", "2C004", "3A004", "A2004", "12a45", "21 31", " 2123",
                           "2A0B4", "2AB04", "２1231"}) {
    CAPTURE(code);
    CHECK_FALSE(is_valid_insee_code(code));
  }
}

TEST_CASE("a member with names only, or with every field, is valid", "[member]") {
  CHECK_FALSE(validate(valid_member()).has_value());
  Member m = valid_member();
  m.email = "marie.dupont+escale@mairie.exemple.fr";
  m.phone = "+33 6 12 34 56 78";
  m.home_commune = "2A004";
  m.age_bracket = AgeBracket::From60To70;
  CHECK_FALSE(validate(m).has_value());
}

TEST_CASE("first and last names are required and plain", "[member]") {
  Member m = valid_member();
  m.first_name = "";
  CHECK(validate(m) == "Le prénom est obligatoire.");
  m.first_name = "  \t ";
  CHECK(validate(m) == "Le prénom est obligatoire.");

  m = valid_member();
  m.last_name = " ";
  CHECK(validate(m) == "Le nom de famille est obligatoire.");

  m = valid_member();
  m.first_name = "";
  m.last_name = "";
  CHECK(validate(m) == "Le prénom est obligatoire.");  // the first problem first

  m = valid_member();
  m.first_name = std::string(100, 'a');
  CHECK_FALSE(validate(m).has_value());
  m.first_name = std::string(101, 'a');
  REQUIRE(validate(m).has_value());
  CHECK_THAT(*validate(m), Contains("Le prénom est trop long"));
  m = valid_member();
  m.last_name = std::string(60, 'a') + std::string(21, 'e') + "\xCC\x81" + std::string(19, 'b');
  CHECK_THAT(validate(m).value_or(""), Contains("Le nom de famille est trop long"));

  for (const char* bad : {"Ma\trie", "Marie\n", "Ma\x7Frie", "Ma\x01rie", "Ma\xC2\x85rie"}) {
    m = valid_member();
    m.first_name = bad;
    CAPTURE(bad);
    CHECK_THAT(validate(m).value_or(""), Contains("caractère invisible"));
  }
  m = valid_member();
  m.first_name = "Anaïs-Œdipe d’Arc";
  CHECK_FALSE(validate(m).has_value());
}

TEST_CASE("e-mail addresses must look like one", "[member]") {
  for (const char* ok : {"marie@exemple.fr", "a.b+c@sub.domaine.fr", "x@y.z", "MARIE@EXEMPLE.FR"}) {
    Member m = valid_member();
    m.email = ok;
    CAPTURE(ok);
    CHECK_FALSE(validate(m).has_value());
  }
  for (const char* bad :
       {"marie", "marie@", "@exemple.fr", "marie@exemple", "marie@exemple.", "marie@@exemple.fr", "marie@ex@emple.fr",
        "marie dupont@exemple.fr", "marie@.fr", "marie@exemple..fr", "marie@exemple.fr\n"}) {
    Member m = valid_member();
    m.email = bad;
    CAPTURE(bad);
    CHECK_THAT(validate(m).value_or(""), Contains("adresse e-mail"));
  }
  Member blank = valid_member();
  blank.email = "";
  CHECK_FALSE(validate(blank).has_value());  // a blank field counts as not given
}

TEST_CASE("phone numbers have 10 to 15 digits", "[member]") {
  for (const char* ok : {"0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+33 6 12 34 56 78",
                         "+33612345678", "+44 20 7946 0958 123"}) {
    Member m = valid_member();
    m.phone = ok;
    CAPTURE(ok);
    CHECK_FALSE(validate(m).has_value());
  }
  for (const char* bad : {"06 12 34 56", "061234567", "1234567890123456", "06/12/34/56/78", "33+612345678",
                          "tél 0612345678", "06 12 34 56 7a", "(0)6 12 34 56 78"}) {
    Member m = valid_member();
    m.phone = bad;
    CAPTURE(bad);
    CHECK_THAT(validate(m).value_or(""), Contains("10 à 15 chiffres"));
  }
}

TEST_CASE("home commune must be an INSEE code", "[member]") {
  Member m = valid_member();
  m.home_commune = "21231";
  CHECK_FALSE(validate(m).has_value());
  m.home_commune = "2123";
  CHECK(validate(m) == "Le code commune doit être un code INSEE à 5 caractères, par exemple 21231.");
  m.home_commune = "Dijon";
  CHECK(validate(m).has_value());
}

TEST_CASE("roles: text form round trip", "[member]") {
  CHECK(roles_to_text({}) == "member");
  CHECK(roles_to_text({Role::Member}) == "member");
  CHECK(roles_to_text({Role::Member, Role::Animator, Role::Admin}) == "member,animator,admin");
  CHECK(roles_from_text("member,animator,admin") == std::vector<Role>{Role::Member, Role::Animator, Role::Admin});
  CHECK(roles_from_text("mediator") == std::vector<Role>{Role::Mediator});
  CHECK(roles_from_text("").empty());
  CHECK(roles_from_text("member,,boss,animator,") == std::vector<Role>{Role::Member, Role::Animator});
}

TEST_CASE("member: every age bracket has its code and its French label", "[member]") {
  std::set<std::string_view> labels;
  for (const auto a : escale::age_brackets()) {
    CHECK(escale::parse_age_bracket(escale::to_string(a)) == a);
    labels.insert(escale::age_bracket_label(a));
  }
  CHECK(escale::age_brackets().size() == 7);
  CHECK(labels.size() == 7);
  CHECK(escale::age_bracket_label(escale::AgeBracket::From18To35) == "18 à 35 ans");
  CHECK(escale::age_bracket_label(escale::AgeBracket::Unknown) == "Non renseigné");
}
