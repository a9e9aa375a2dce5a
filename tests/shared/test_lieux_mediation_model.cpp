// Issue 19: the open-data file follows the ANCT's current model of the
// mediation places (anct-cartographie-nationale/lieux-de-mediation-numerique,
// revision 1e844c7): its value lists, written here from the library's
// src/models/*.ts (not from the production tables), its columns (those of
// its toSchemaLieuxDeMediationNumerique, 1.0.1's), its pivot (SIRET or RNA,
// no RIDET), and the file's name without a producer or a territory.
#include "opendata/lieux_mediation.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace escale;
using namespace escale::opendata;
using Catch::Matchers::Contains;

namespace {

std::set<std::string> as_set(std::span<const std::string_view> values) {
  return {values.begin(), values.end()};
}

// The library's lists, enum by enum.
const std::set<std::string> kLibraryFrais{"Gratuit", "Gratuit sous condition", "Payant"};
const std::set<std::string> kLibraryDispositifs{"Aidants Connect",
                                                "Bibliothèques numérique de référence",
                                                "Certification PIX",
                                                "Conseillers numériques",
                                                "Emmaüs Connect",
                                                "France Services",
                                                "Grande école du numérique",
                                                "La Croix Rouge",
                                                "Point d'accès numérique CAF",
                                                "Promeneurs du net",
                                                "Relais numérique (Emmaüs Connect)"};
const std::set<std::string> kLibraryServices{"Acquisition de matériel informatique à prix solidaire",
                                             "Aide aux démarches administratives",
                                             "Maîtrise des outils numériques du quotidien",
                                             "Insertion professionnelle via le numérique",
                                             "Utilisation sécurisée du numérique",
                                             "Parentalité et éducation avec le numérique",
                                             "Loisirs et créations numériques",
                                             "Compréhension du monde numérique",
                                             "Accès internet et matériel informatique"};
const std::set<std::string> kLibraryPublics{"Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes"};
const std::set<std::string> kLibraryPrises{"Surdité",
                                           "Handicaps moteurs",
                                           "Handicaps mentaux",
                                           "Illettrisme",
                                           "Langues étrangères (anglais)",
                                           "Langues étrangères (autres)",
                                           "Déficience visuelle"};
const std::set<std::string> kLibraryAcces{"Se présenter",
                                          "Téléphoner",
                                          "Contacter par mail",
                                          "Envoyer un mail avec une fiche de prescription",
                                          "Prendre un RDV en ligne",
                                          "Ce lieu n'accueille pas de public"};
const std::set<std::string> kLibraryAccompagnement{"En autonomie", "Accompagnement individuel",
                                                   "Dans un atelier collectif", "À distance"};
const std::set<std::string> kLibraryLabels{"Formé à « Mon Espace Santé »",
                                           "Formé à « DUPLEX » (illettrisme)",
                                           "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
                                           "Collectif ressources et acteurs réemploi (Normandie)",
                                           "Étapes numériques (La Poste)",
                                           "Fabriques de Territoire",
                                           "Les Éclaireurs du numérique (Drôme)",
                                           "Mes Papiers (Métropole de Lyon)",
                                           "ORDI 3.0",
                                           "SUD LABS (PACA)"};
const std::set<std::string> kLibraryItinerance{"Itinérant", "Fixe"};
const std::set<std::string> kLibraryTypologies{
    "ACI",          "ACIPHC",       "AFPA",       "AI",         "ASE",
    "ASSO",         "ASSO_CHOMEUR", "Autre",      "AVIP",       "BIB",
    "CAARUD",       "CADA",         "CAF",        "CAP_EMPLOI", "CAVA",
    "CC",           "CCAS",         "CCONS",      "CD",         "CDAS",
    "CFP",          "CHRS",         "CHU",        "CIAS",       "CIDFF",
    "CITMET",       "CMP",          "CMS",        "CPAM",       "CPH",
    "CS",           "CSAPA",        "CSC",        "DEETS",      "DEPT",
    "DIPLP",        "E2C",          "EA",         "EATT",       "EI",
    "EITI",         "ENM",          "EPCI",       "EPI",        "EPIDE",
    "EPN",          "ES",           "ESAT",       "ESS",        "ETTI",
    "EVS",          "FABLAB",       "FABRIQUE",   "FAIS",       "FT",
    "GEIQ",         "HUDA",         "LA_POSTE",   "MDE",        "MDH",
    "MDEF",         "MDPH",         "MDS",        "MJC",        "ML",
    "MQ",           "MSA",          "MSAP",       "MUNI",       "OACAS",
    "ODC",          "OF",           "OIL",        "OPCS",       "PAD",
    "PENSION",      "PI",           "PIJ_BIJ",    "PIMMS",      "PJJ",
    "PLIE",         "PREF",         "PREVENTION", "REG",        "RELAIS_LECTURE",
    "RESSOURCERIE", "RFS",          "RS_FJT",     "SCP",        "SPIP",
    "TIERS_LIEUX",  "UDAF"};

// The fields of the library's SchemaLieuMediationNumerique (what it writes for a place).
const std::set<std::string> kLibraryColumns{"id",
                                            "nom",
                                            "services",
                                            "pivot",
                                            "typologie",
                                            "structure_parente",
                                            "commune",
                                            "code_postal",
                                            "adresse",
                                            "code_insee",
                                            "complement_adresse",
                                            "latitude",
                                            "longitude",
                                            "telephone",
                                            "courriels",
                                            "site_web",
                                            "presentation_resume",
                                            "presentation_detail",
                                            "publics_specifiquement_adresses",
                                            "prise_en_charge_specifique",
                                            "frais_a_charge",
                                            "modalites_acces",
                                            "modalites_accompagnement",
                                            "fiche_acces_libre",
                                            "itinerance",
                                            "dispositif_programmes_nationaux",
                                            "formations_labels",
                                            "autres_formations_labels",
                                            "horaires",
                                            "prise_rdv",
                                            "date_maj",
                                            "source"};

MediationPlace fabrique() {
  MediationPlace p;
  p.id = "escale-site-4";
  p.pivot = "24330031600011";
  p.nom = "La Fabrique du Val";
  p.commune = "Aixe-sur-Vienne";
  p.code_postal = "87700";
  p.adresse = "1 place de l’Église";
  p.date_maj = CivilDate{2026, 12, 7};
  p.typologie = {"FABRIQUE", "TIERS_LIEUX"};
  p.frais_a_charge = {"Gratuit"};
  p.dispositif_programmes_nationaux = {"France Services", "Conseillers numériques", "Aidants Connect"};
  p.formations_labels = {"Étapes numériques (La Poste)"};
  p.prise_rdv = "https://escale.example.fr/lieux-du-reseau/4/aide";
  return p;
}

}  // namespace

TEST_CASE("the value lists are the ANCT library's", "[opendata][opendata_model]") {
  CHECK(as_set(allowed_values("frais_a_charge")) == kLibraryFrais);
  CHECK(as_set(allowed_values("dispositif_programmes_nationaux")) == kLibraryDispositifs);
  CHECK(as_set(allowed_values("services")) == kLibraryServices);
  CHECK(as_set(allowed_values("publics_specifiquement_adresses")) == kLibraryPublics);
  CHECK(as_set(allowed_values("prise_en_charge_specifique")) == kLibraryPrises);
  CHECK(as_set(allowed_values("modalites_acces")) == kLibraryAcces);
  CHECK(as_set(allowed_values("modalites_accompagnement")) == kLibraryAccompagnement);
  CHECK(as_set(allowed_values("formations_labels")) == kLibraryLabels);
  CHECK(as_set(allowed_values("itinerance")) == kLibraryItinerance);
  CHECK(as_set(allowed_values("typologie")) == kLibraryTypologies);
  CHECK(kAnctModelRevision.starts_with("1e844c7"));
}

TEST_CASE("the ANCT's model keeps 1.0.1's columns: one file", "[opendata][opendata_model]") {
  CHECK(kLieuxMediationSchemaVersion == "1.0.1");
  const auto columns = lieux_mediation_columns();
  CHECK(columns.size() == kLibraryColumns.size());
  CHECK(as_set(columns) == kLibraryColumns);
}

TEST_CASE("a fabrique with its fees and national programmes conforms", "[opendata][opendata_model]") {
  const MediationPlace p = fabrique();
  CHECK(validate(p).empty());
  const auto row = to_row(p);
  const auto columns = lieux_mediation_columns();
  const auto cell = [&](std::string_view name) {
    return row.at(static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin()));
  };
  CHECK(cell("typologie") == "FABRIQUE|TIERS_LIEUX");
  CHECK(cell("frais_a_charge") == "Gratuit");
  CHECK(cell("dispositif_programmes_nationaux") == "France Services|Conseillers numériques|Aidants Connect");
  CHECK(cell("prise_rdv") == "https://escale.example.fr/lieux-du-reseau/4/aide");
}

TEST_CASE("values outside the library's lists are refused", "[opendata][opendata_model]") {
  MediationPlace p = fabrique();
  p.typologie = {"TIERS-LIEU"};
  auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "typologie");
  CHECK_THAT(errors[0].message, Contains("valeur inconnue") && Contains("FABRIQUE"));

  p = fabrique();
  p.dispositif_programmes_nationaux = {"France services"};  // the library spells it « France Services »
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "dispositif_programmes_nationaux");

  p = fabrique();
  p.frais_a_charge = {"Gratuit sous conditions"};
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "frais_a_charge");
}

TEST_CASE("SIRET: 14 digits and a right Luhn key and La Poste's establishments by their digit sum",
          "[opendata][opendata_model]") {
  CHECK(is_valid_siret("24330031600011"));
  CHECK(is_valid_siret("83234517600016"));
  CHECK_FALSE(is_valid_siret("83234517600018"));  // wrong key
  CHECK_FALSE(is_valid_siret("8323451760001"));   // 13 digits
  CHECK_FALSE(is_valid_siret("832345176000160"));
  CHECK_FALSE(is_valid_siret("8323451760001A"));
  CHECK_FALSE(is_valid_siret(""));
  CHECK(is_valid_siret("35600000000048"));        // La Poste's head office: Luhn
  CHECK(is_valid_siret("35600000049837"));        // an office: digits add up to 45
  CHECK_FALSE(is_valid_siret("35600000049838"));  // 46
}

TEST_CASE("RNA: W and 9 letters or digits as the library checks", "[opendata][opendata_model]") {
  CHECK(is_valid_rna("W872003456"));
  CHECK(is_valid_rna("W2A1234567"));
  CHECK_FALSE(is_valid_rna("w872003456"));  // canonical form: normalise_identifier upper-cases
  CHECK_FALSE(is_valid_rna("W87200345"));
  CHECK_FALSE(is_valid_rna("W8720034567"));
  CHECK_FALSE(is_valid_rna("X872003456"));
  CHECK_FALSE(is_valid_rna("W87-003456"));
  CHECK(normalise_identifier(" w872 003 456 ") == "W872003456");
  CHECK(normalise_identifier("243\u00A0300\u202F316 00011") == "24330031600011");
  CHECK(normalise_identifier("243.300.316.00011") == "24330031600011");
}

TEST_CASE("identifier problems say what to fix and a RIDET is refused", "[opendata][opendata_model]") {
  CHECK(identifier_problem("24330031600011").empty());
  CHECK(identifier_problem("W872003456").empty());
  CHECK_THAT(identifier_problem("2433003160001"), Contains("Le SIRET doit compter 14 chiffres") && Contains("13"));
  CHECK_THAT(identifier_problem("24330031600012"), Contains("clé de contrôle"));
  CHECK_THAT(identifier_problem("W87200345"), Contains("W suivi de 9 chiffres"));
  CHECK_THAT(identifier_problem("1234567001"), Contains("RIDET") && Contains("n’est pas accepté"));
  CHECK_THAT(identifier_problem("243-300"), Contains("sans espace ni ponctuation"));
  CHECK_THAT(identifier_problem(""), Contains("Indiquez le SIRET"));

  MediationPlace p = fabrique();
  p.pivot = "1234567001";  // a RIDET (Nouvelle-Calédonie): 1.0.1's pattern let it through
  auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "pivot");
  CHECK_THAT(errors[0].message, Contains("RIDET") && Contains("1234567001"));
  p.pivot = "W872003456";
  CHECK(validate(p).empty());
}

TEST_CASE("the file name without a producer or a territory", "[opendata][opendata_model]") {
  CHECK(suggested_file_name(CivilDate{2026, 12, 7}, "", "Val de Vienne") ==
        "2026-12-07_lieux-de-mediation-numerique_ValDeVienne.csv");
  CHECK(suggested_file_name(CivilDate{2026, 12, 7}, "24330031600011", "") ==
        "2026-12-07_24330031600011_lieux-de-mediation-numerique.csv");
  CHECK(suggested_file_name(CivilDate{2026, 12, 7}, "", "") == "2026-12-07_lieux-de-mediation-numerique.csv");
  CHECK(suggested_file_name(CivilDate{2026, 12, 7}, "W872003456", "Val de Vienne") ==
        "2026-12-07_W872003456_lieux-de-mediation-numerique_ValDeVienne.csv");
}
