#include "opendata/lieux_mediation.hpp"

#include <algorithm>
#include <clocale>
#include <cmath>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "text/csv.hpp"

using namespace escale;
using namespace escale::opendata;
using Catch::Matchers::Contains;

namespace {

// [SECTION] The schema's rules, written here from the schema itself (1.0.1 on
// schema.data.gouv.fr), not from the production tables: the file is checked
// against these, independently of validate().

enum class Kind { Text, Date, Number, Emails, Urls, Url, ShortText };

struct SchemaField {
  const char* name;
  bool required;
  const char* pattern;  // "" = none
  Kind kind;
};

// Patterns copied from the schema's documentation.
const std::vector<SchemaField>& schema_1_0_1() {
  static const std::vector<SchemaField> fields = {
      {"id", true, "", Kind::Text},
      {"pivot", true, R"(^[a-zA-Z0-9]{9,14}$)", Kind::Text},
      {"nom", true, "", Kind::Text},
      {"commune", true, "", Kind::Text},
      {"code_postal", true, R"(^\d{5}$)", Kind::Text},
      {"code_insee", false, R"(^([013-9]\d|2[AB1-9])\d{3}$)", Kind::Text},
      {"adresse", true, "", Kind::Text},
      {"complement_adresse", false, "", Kind::Text},
      {"latitude", false, "", Kind::Number},
      {"longitude", false, "", Kind::Number},
      {"typologie", false, "", Kind::Text},
      {"telephone", false, R"(^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$)", Kind::Text},
      {"courriels", false, "", Kind::Emails},
      {"site_web", false, "", Kind::Urls},
      {"horaires", false, "", Kind::Text},
      {"presentation_resume", false, "", Kind::ShortText},
      {"presentation_detail", false, "", Kind::Text},
      {"source", false, "", Kind::Text},
      {"itinerance", false, R"((?:(?:^|\|)(Itinérant|Fixe))+$)", Kind::Text},
      {"structure_parente", false, "", Kind::Text},
      {"date_maj", true, "", Kind::Date},
      {"services", false,
       "(?:(?:^|\\|)(Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Insertion "
       "professionnelle via le numérique|Utilisation sécurisée du numérique|Parentalité et éducation avec le "
       "numérique|Loisirs et créations numériques|Compréhension du monde numérique|Accès internet et matériel "
       "informatique|Acquisition de matériel informatique à prix solidaire))+$",
       Kind::Text},
      {"publics_specifiquement_adresses", false,
       R"((?:(?:^|\|)(Jeunes|Étudiants|Familles et/ou enfants|Seniors|Femmes))+$)", Kind::Text},
      {"prise_en_charge_specifique", false,
       "(?:(?:^|\\|)(Surdité|Handicaps moteurs|Handicaps mentaux|Illettrisme|Langues étrangères \\(anglais\\)|Langues "
       "étrangères \\(autres\\)|Déficience visuelle))+$",
       Kind::Text},
      {"frais_a_charge", false, R"((?:(?:^|\|)(Gratuit|Gratuit sous condition|Payant))+$)", Kind::Text},
      {"dispositif_programmes_nationaux", false,
       "(?:(?:^|\\|)(Aidants Connect|Bibliothèques numérique de référence|Certification PIX|Conseillers "
       "numériques|Emmaüs Connect|France Services|Grande école du numérique|La Croix Rouge|Point d'accès numérique "
       "CAF|Promeneurs du net|Relais numérique \\(Emmaüs Connect\\)))+$",
       Kind::Text},
      {"formations_labels", false,
       "(?:(?:^|\\|)(Formé à « Mon Espace Santé »|Formé à « DUPLEX » \\(illettrisme\\)|Arnia/MedNum BFC "
       "\\(Bourgogne-Franche-Comté\\)|Collectif ressources et acteurs réemploi \\(Normandie\\)|Fabriques de "
       "Territoire|Les Éclaireurs du numérique \\(Drôme\\)|Mes Papiers \\(Métropole de Lyon\\)|ORDI 3.0|SUD LABS "
       "\\(PACA\\)))+$",
       Kind::Text},
      {"autres_formations_labels", false, "", Kind::Text},
      {"modalites_acces", false,
       "(?:(?:^|\\|)(Se présenter|Téléphoner|Contacter par mail|Prendre un RDV en ligne|Ce lieu n'accueille pas de "
       "public|Envoyer un mail avec une fiche de prescription))+$",
       Kind::Text},
      {"modalites_accompagnement", false,
       R"((?:(?:^|\|)(En autonomie|Accompagnement individuel|Dans un atelier collectif|À distance))+$)", Kind::Text},
      {"fiche_acces_libre", false, "", Kind::Url},
      {"prise_rdv", false, "", Kind::Url},
  };
  return fields;
}

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (b < 0x80) {
      extra = 0;
    } else if (b >= 0xC2 && b <= 0xDF) {
      extra = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      extra = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::size_t code_points(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::vector<std::string> split_values(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = cell.find('|', start);
    out.push_back(cell.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) return out;
    start = bar + 1;
  }
}

// One cell against its field's rules (the cell is not empty).
void check_cell(const SchemaField& f, const std::string& cell) {
  CAPTURE(f.name, cell);
  if (*f.pattern != '\0') CHECK(std::regex_match(cell, std::regex(f.pattern)));
  switch (f.kind) {
    case Kind::Text:
      break;
    case Kind::Date: {
      CHECK(std::regex_match(cell, std::regex(R"(^\d{4}-\d{2}-\d{2}$)")));
      CHECK(parse_iso_date(cell).has_value());
      break;
    }
    case Kind::Number: {
      // A decimal point, at most six decimals, no trailing zero.
      CHECK(std::regex_match(cell, std::regex(R"(^-?\d+(\.\d{0,5}[1-9])?$)")));
      const double v = std::stod(cell);
      CHECK(std::abs(v) <= (std::string(f.name) == "latitude" ? 90.0 : 180.0));
      break;
    }
    case Kind::Emails:
      for (const std::string& e : split_values(cell)) {
        CHECK(std::regex_match(e, std::regex(R"(^[^@\s|]+@[^@\s|.]+(\.[^@\s|.]+)+$)")));
      }
      break;
    case Kind::Urls:
      for (const std::string& u : split_values(cell)) CHECK(std::regex_match(u, std::regex(R"(^https?://[^\s|]+$)")));
      break;
    case Kind::Url:
      CHECK(std::regex_match(cell, std::regex(R"(^https?://\S+$)")));
      break;
    case Kind::ShortText:
      CHECK(code_points(cell) <= 280);
      break;
  }
}

// The whole file, field by field, against the schema.
std::vector<std::vector<std::string>> check_file(const std::string& text) {
  CHECK_FALSE(text.starts_with(csv::kByteOrderMark));
  CHECK(valid_utf8(text));
  REQUIRE(text.ends_with("\r\n"));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') CHECK((i > 0 && text[i - 1] == '\r'));  // CRLF line ends (no line break in the cells here)
  }
  const auto rows = csv::parse(text);
  REQUIRE(rows.size() >= 2);
  const auto& fields = schema_1_0_1();
  std::vector<std::string> expected_header;
  for (const auto& f : fields) expected_header.emplace_back(f.name);
  CHECK(rows[0] == expected_header);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    CAPTURE(r);
    REQUIRE(rows[r].size() == fields.size());
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const std::string& cell = rows[r][c];
      if (fields[c].required) {
        CAPTURE(fields[c].name);
        CHECK_FALSE(cell.empty());
      }
      if (!cell.empty()) check_cell(fields[c], cell);
    }
  }
  return rows;
}

std::string cell(const std::vector<std::vector<std::string>>& rows, std::size_t row, std::string_view column) {
  const auto& header = rows.at(0);
  const auto it = std::find(header.begin(), header.end(), column);
  REQUIRE(it != header.end());
  return rows.at(row).at(static_cast<std::size_t>(it - header.begin()));
}

// A tiers-lieu in a rural commune of Haute-Vienne.
MediationPlace moulin() {
  MediationPlace p;
  p.id = "escale-site-1";
  p.pivot = "83234517600016";
  p.nom = "Le Moulin numérique, tiers-lieu";
  p.commune = "Saint-Yrieix-la-Perche";
  p.code_postal = "87500";
  p.adresse = "4 place de l’Église";
  p.date_maj = CivilDate{2026, 3, 14};
  p.code_insee = "87187";
  p.complement_adresse = "Rez-de-chaussée, entrée par la cour";
  p.latitude = 45.51534567;  // 8 decimals: written 45.515346
  p.longitude = 1.20341249;  // written 1.203412
  p.typologie = {"TIERS_LIEUX", "ASSO"};
  p.telephone = "+33555123456";
  p.courriels = {"contact@moulin-numerique.fr", "mediation@moulin-numerique.fr"};
  p.site_web = {"https://moulin-numerique.fr/", "https://www.facebook.com/moulinnumerique"};
  p.horaires = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00";
  p.presentation_resume =
      "Tiers-lieu associatif : accès libre, ateliers et aide aux démarches, « sans jugement » ni \"jargon\".";
  p.presentation_detail = "Permanence France Services le mardi matin ; atelier smartphone le jeudi après-midi.";
  p.source = "Communauté de communes du Pays de Saint-Yrieix";
  p.itinerance = {"Fixe"};
  p.structure_parente = "Réseau des tiers-lieux de Haute-Vienne";
  p.services = {"Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
                "Accès internet et matériel informatique"};
  p.publics_specifiquement_adresses = {"Seniors"};
  p.prise_en_charge_specifique = {"Illettrisme", "Langues étrangères (anglais)"};
  p.frais_a_charge = {"Gratuit", "Gratuit sous condition"};
  p.dispositif_programmes_nationaux = {"Conseillers numériques", "France Services"};
  p.formations_labels = {"Formé à « Mon Espace Santé »", "Fabriques de Territoire"};
  p.autres_formations_labels = {"Label Numérique inclusif"};
  p.modalites_acces = {"Se présenter", "Téléphoner", "Prendre un RDV en ligne"};
  p.modalites_accompagnement = {"Accompagnement individuel", "Dans un atelier collectif"};
  p.fiche_acces_libre =
      "https://acceslibre.beta.gouv.fr/app/87-saint-yrieix-la-perche/a/espace-numerique/erp/moulin-numerique/";
  p.prise_rdv = "https://escale.moulin-numerique.fr/reserver";
  return p;
}

// Its bus, with the required fields and little else.
MediationPlace bus() {
  MediationPlace p;
  p.id = "escale-site-2";
  p.pivot = "W872003456";  // RNA
  p.nom = "Le bus du Moulin";
  p.commune = "Saint-Yrieix-la-Perche";
  p.code_postal = "87500";
  p.adresse = "4 place de l’Église";
  p.date_maj = CivilDate{2026, 1, 5};
  p.latitude = 45.5;
  p.longitude = -1.2000001;  // rounds to -1.2
  p.itinerance = {"Itinérant"};
  return p;
}

bool has_error(const std::vector<FieldError>& errors, std::string_view column) {
  return std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.column == column; });
}

std::string messages(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("the schema's version and columns", "[opendata]") {
  CHECK(kLieuxMediationSchemaVersion == "1.0.1");
  const auto columns = lieux_mediation_columns();
  REQUIRE(columns.size() == schema_1_0_1().size());
  for (std::size_t i = 0; i < columns.size(); ++i) CHECK(columns[i] == schema_1_0_1()[i].name);
}

TEST_CASE("the enumerations are the schema's", "[opendata]") {
  CHECK(allowed_values("services").size() == 9);
  CHECK(allowed_values("itinerance").size() == 2);
  CHECK(allowed_values("frais_a_charge").size() == 3);
  CHECK(allowed_values("publics_specifiquement_adresses").size() == 5);
  CHECK(allowed_values("prise_en_charge_specifique").size() == 7);
  CHECK(allowed_values("dispositif_programmes_nationaux").size() == 11);
  CHECK(allowed_values("formations_labels").size() == 10);  // the ANCT's « Étapes numériques (La Poste) »
  CHECK(allowed_values("modalites_acces").size() == 6);
  CHECK(allowed_values("modalites_accompagnement").size() == 4);
  const auto acces = allowed_values("modalites_acces");
  CHECK(std::find(acces.begin(), acces.end(), "Prendre un RDV en ligne") != acces.end());
  CHECK(allowed_values("typologie").size() == 92);  // the ANCT's codes (1.0.1 leaves it open)
  CHECK(allowed_values("courriels").empty());
  CHECK(allowed_values("no_such_column").empty());
  // Every enumerated value satisfies the schema's own pattern for its column, but the one label the
  // ANCT's model added after 1.0.1 (docs/open-data.md).
  for (const auto& f : schema_1_0_1()) {
    if (std::string_view(f.pattern).empty()) continue;
    for (const std::string_view v : allowed_values(f.name)) {
      CAPTURE(f.name, v);
      if (v == "Étapes numériques (La Poste)") {
        CHECK_FALSE(std::regex_match(std::string(v), std::regex(f.pattern)));
        continue;
      }
      CHECK(std::regex_match(std::string(v), std::regex(f.pattern)));
    }
  }
}

TEST_CASE("the file conforms to the schema, field by field", "[opendata]") {
  const std::vector<MediationPlace> places{moulin(), bus()};
  for (const auto& p : places) {
    INFO(messages(validate(p)));
    CHECK(validate(p).empty());
  }
  CHECK(duplicate_ids(places).empty());

  const std::string text = lieux_mediation_csv(places);
  const auto rows = check_file(text);
  REQUIRE(rows.size() == 3);

  // What was given comes back, multi-values split on `|`.
  const MediationPlace m = moulin();
  CHECK(cell(rows, 1, "nom") == m.nom);
  CHECK(cell(rows, 1, "complement_adresse") == m.complement_adresse);
  CHECK(cell(rows, 1, "presentation_resume") == m.presentation_resume);  // comma and quotes survive
  CHECK(cell(rows, 1, "date_maj") == "2026-03-14");
  CHECK(cell(rows, 1, "latitude") == "45.515346");
  CHECK(cell(rows, 1, "longitude") == "1.203412");
  CHECK(cell(rows, 1, "telephone") == "+33555123456");
  CHECK(cell(rows, 1, "horaires") == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00");
  CHECK(split_values(cell(rows, 1, "courriels")) == m.courriels);
  CHECK(split_values(cell(rows, 1, "site_web")) == m.site_web);
  CHECK(split_values(cell(rows, 1, "typologie")) == m.typologie);
  CHECK(split_values(cell(rows, 1, "services")) == m.services);
  CHECK(split_values(cell(rows, 1, "modalites_acces")) == m.modalites_acces);
  CHECK(split_values(cell(rows, 1, "formations_labels")) == m.formations_labels);
  CHECK(split_values(cell(rows, 1, "frais_a_charge")) == m.frais_a_charge);

  // The bus: trailing zeros trimmed, the optional cells empty.
  CHECK(cell(rows, 2, "pivot") == "W872003456");
  CHECK(cell(rows, 2, "latitude") == "45.5");
  CHECK(cell(rows, 2, "longitude") == "-1.2");
  CHECK(cell(rows, 2, "itinerance") == "Itinérant");
  for (const char* empty : {"code_insee", "telephone", "courriels", "services", "prise_rdv", "typologie"}) {
    CAPTURE(empty);
    CHECK(cell(rows, 2, empty).empty());
  }

  // The quoting is RFC 4180's: the résumé's quotes doubled inside quotes.
  CHECK_THAT(text, Contains("\"Tiers-lieu associatif : accès libre, ateliers et aide aux démarches, « sans jugement » "
                            "ni \"\"jargon\"\".\""));
  CHECK(text.starts_with("id,pivot,nom,commune,code_postal,code_insee,adresse,"));
}

TEST_CASE("a file with only the header is still well formed", "[opendata]") {
  const std::string text = lieux_mediation_csv({});
  CHECK(text.ends_with("prise_rdv\r\n"));
  CHECK(csv::parse(text).size() == 1);
}

TEST_CASE("coordinates: six decimals at most, a decimal point whatever the locale", "[opendata]") {
  MediationPlace p = bus();
  const auto lat = [&p](double v) {
    p.latitude = v;
    return to_row(p)[8];
  };
  CHECK(lat(45.0) == "45");
  CHECK(lat(-0.0000001) == "0");
  CHECK(lat(43.52609) == "43.52609");
  CHECK(lat(45.1234565001) == "45.123457");
  CHECK(lat(-12.9999999) == "-13");
  // A French numeric locale (when the system has one) must not turn the point into a comma.
  if (std::setlocale(LC_ALL, "fr_FR.UTF-8") != nullptr) {
    CHECK(lat(45.515) == "45.515");
    std::setlocale(LC_ALL, "C");
  }
}

TEST_CASE("validate: a conforming place has no error, services may be empty since 1.0.1", "[opendata]") {
  CHECK(validate(moulin()).empty());
  MediationPlace p = moulin();
  p.services.clear();
  CHECK(validate(p).empty());
  p.code_insee = "2A004";
  CHECK(validate(p).empty());
}

TEST_CASE("validate: every required field", "[opendata]") {
  using Field = std::string MediationPlace::*;
  const std::vector<std::pair<Field, const char*>> required{
      {&MediationPlace::id, "id"},           {&MediationPlace::pivot, "pivot"},
      {&MediationPlace::nom, "nom"},         {&MediationPlace::commune, "commune"},
      {&MediationPlace::adresse, "adresse"}, {&MediationPlace::code_postal, "code_postal"},
  };
  for (const auto& [field, name] : required) {
    for (const char* blank : {"", "  "}) {
      MediationPlace p = moulin();
      p.*field = blank;
      const auto errors = validate(p);
      CAPTURE(name, blank);
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].column == name);
      CHECK_THAT(errors[0].message, Contains("obligatoire"));
      CHECK(errors[0].message.starts_with(std::string(name) + "\u202F: "));
    }
  }
  MediationPlace p = moulin();
  p.date_maj = CivilDate{};
  const auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "date_maj");
  CHECK(errors[0].message ==
        "date_maj\u202F: champ obligatoire vide\u202F; indiquez la date de dernière mise à jour "
        "des informations du lieu.");
}

TEST_CASE("validate: pivot, postal code, INSEE code, date", "[opendata]") {
  MediationPlace p = moulin();
  for (const char* pivot :
       {"832 345 176 00016", "12345678", "832345176000180", "W87-200345", "83234517600018", "1234567001"}) {
    p.pivot = pivot;
    CAPTURE(pivot);
    const auto errors = validate(p);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].column == "pivot");
    CHECK_THAT(errors[0].message, Contains("SIRET") && Contains(pivot));
  }
  p = moulin();
  p.code_postal = "2300";
  auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "code_postal");
  CHECK(errors[0].message == "code_postal\u202F: 5 chiffres attendus, reçu «\u202F2300\u202F».");

  for (const char* insee : {"8718", "20004", "2C004", "87500 ", "2a004"}) {
    p = moulin();
    p.code_insee = insee;
    CAPTURE(insee);
    errors = validate(p);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].column == "code_insee");
    CHECK_THAT(errors[0].message, Contains("code officiel géographique"));
  }

  p = moulin();
  p.date_maj = CivilDate{2026, 2, 30};
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        "date_maj\u202F: date réelle attendue au format AAAA-MM-JJ, reçu «\u202F2026-02-30\u202F».");
}

TEST_CASE("validate: coordinates", "[opendata]") {
  MediationPlace p = moulin();
  p.latitude = 91.0;
  auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "latitude");
  CHECK(errors[0].message == "latitude\u202F: nombre entre -90 et 90 attendu (degrés WGS84), reçu 91.");

  p = moulin();
  p.longitude = -180.5;
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "longitude");

  p = moulin();
  p.latitude = std::numeric_limits<double>::quiet_NaN();
  CHECK(has_error(validate(p), "latitude"));

  p = moulin();
  p.longitude.reset();  // a point needs both
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "longitude");
  CHECK_THAT(errors[0].message, Contains("les deux coordonnées"));
}

TEST_CASE("validate: the summary has 280 characters at most", "[opendata]") {
  MediationPlace p = moulin();
  std::string resume;
  for (int i = 0; i < 280; ++i) resume += "é";  // 560 bytes, 280 characters
  p.presentation_resume = resume;
  CHECK(validate(p).empty());
  p.presentation_resume += "e";
  const auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "presentation_resume");
  CHECK_THAT(errors[0].message, Contains("280 caractères au plus, reçu 281") && Contains("presentation_detail"));
}

TEST_CASE("validate: enumerated values", "[opendata]") {
  MediationPlace p = moulin();
  p.services.push_back("Aide numérique");
  auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "services");
  CHECK_THAT(errors[0].message, Contains("valeur inconnue «\u202FAide numérique\u202F»") &&
                                    Contains("«\u202FAide aux démarches administratives\u202F»"));

  p = moulin();
  p.itinerance = {"itinérant"};  // case matters
  CHECK(has_error(validate(p), "itinerance"));

  p = moulin();
  p.modalites_acces = {"Se présenter", ""};
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Contains("vide"));

  p = moulin();
  p.frais_a_charge = {"Gratuit|Payant"};  // one value holding the separator
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Contains("barre verticale"));

  p = moulin();
  p.formations_labels = {"Formé à Mon Espace Santé"};
  CHECK(has_error(validate(p), "formations_labels"));
}

TEST_CASE("validate: the phone number in international form", "[opendata]") {
  for (const char* phone : {"05 55 12 34 56", "0555123456", "+33 5 55 12 34 56", "+33.555123456", "+3355512345678"}) {
    MediationPlace p = moulin();
    p.telephone = phone;
    CAPTURE(phone);
    const auto errors = validate(p);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].column == "telephone");
    CHECK_THAT(errors[0].message, Contains("+33555123456"));
  }
  MediationPlace p = moulin();
  p.telephone = "+262262123456";  // La Réunion
  CHECK(validate(p).empty());
}

TEST_CASE("validate: e-mails, web addresses, opening hours", "[opendata]") {
  MediationPlace p = moulin();
  p.courriels = {"contact@moulin-numerique.fr", "mediation(at)moulin-numerique.fr"};
  auto errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "courriels");
  CHECK_THAT(errors[0].message, Contains("mediation(at)moulin-numerique.fr"));

  p = moulin();
  p.site_web = {"www.moulin-numerique.fr"};
  CHECK(has_error(validate(p), "site_web"));
  p = moulin();
  p.prise_rdv = "escale.moulin-numerique.fr/reserver";
  CHECK(has_error(validate(p), "prise_rdv"));

  p = moulin();
  p.horaires = "du lundi au vendredi 9h-12h";
  errors = validate(p);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "horaires");
}

TEST_CASE("validate: every problem of a row at once", "[opendata]") {
  MediationPlace p = moulin();
  p.nom = "";
  p.code_postal = "875";
  p.telephone = "05 55 12 34 56";
  p.services = {"Autre"};
  const auto errors = validate(p);
  CHECK(errors.size() == 4);
  for (const char* column : {"nom", "code_postal", "telephone", "services"}) CHECK(has_error(errors, column));
}

TEST_CASE("the file's ids are unique", "[opendata]") {
  MediationPlace a = moulin();
  MediationPlace b = bus();
  MediationPlace c = bus();
  c.id = a.id;
  const std::vector<MediationPlace> places{a, b, c};
  const auto errors = duplicate_ids(places);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == "id");
  CHECK(errors[0].message ==
        "id\u202F: «\u202Fescale-site-1\u202F» est celui de plusieurs lieux (lignes 2 et 4)\u202F; chaque lieu doit "
        "avoir son propre identifiant.");
}

TEST_CASE("the suggested file name follows the schema's README", "[opendata]") {
  CHECK(suggested_file_name(CivilDate{2026, 11, 22}, "24330031600011", "Bordeaux Métropole") ==
        "2026-11-22_24330031600011_lieux-de-mediation-numerique_BordeauxMetropole.csv");
  CHECK(suggested_file_name(CivilDate{2026, 3, 4}, "200 070 241 00018", "Pays de Saint-Yrieix") ==
        "2026-03-04_20007024100018_lieux-de-mediation-numerique_PaysDeSaint-Yrieix.csv");
  CHECK(suggested_file_name(CivilDate{2026, 3, 4}, "W872003456", "Communauté d’agglomération Limoges Métropole") ==
        "2026-03-04_W872003456_lieux-de-mediation-numerique_CommunauteDAgglomerationLimogesMetropole.csv");
}
