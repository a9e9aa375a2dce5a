// The « schéma des lieux de médiation numérique » 1.0.1, as tables, with the
// ANCT's current model (docs/open-data.md).
//
// Source: the schema's documentation as published on schema.data.gouv.fr
// (datagouv/schema.data.gouv.fr, site/LaMednum/standard-mediation-num/1.0.1/
// documentation.md, generated from the schema.json of LaMednum/
// standard-mediation-num at v1.0.1). Every column, its order, `required`,
// `pattern` and `maxLength` below is copied from there, patterns verbatim;
// the enumerations are the alternatives of those patterns. Compared with
// 1.0.0, `services` is no longer required.
//
// Where the ANCT's library (anct-cartographie-nationale/lieux-de-mediation-
// numerique, revision kAnctModelRevision: src/models/*, and the columns its
// toSchemaLieuxDeMediationNumerique writes) has moved on, its model wins,
// marked « ANCT » below: the pivot is a SIRET or an RNA (no RIDET), the
// typologie is one of its codes (FABRIQUE, RELAIS_LECTURE…), and
// formations_labels has « Étapes numériques (La Poste) ». Its columns are
// 1.0.1's: one file.
//
// The schema itself declares no format for courriels, site_web,
// fiche_acces_libre, prise_rdv or horaires, and no range for the coordinates:
// the Format and range checks below (and « both coordinates or none », valid
// UTF-8, no `|` inside one value of a list) are Escale's own, so that what we
// publish is usable; they are kept apart from the schema's fields.
//
// A new schema version is a change of the tables in [SECTION] Schema.

#include "opendata/lieux_mediation.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <map>
#include <regex>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

#include "domain/opening_hours.hpp"
#include "text/csv.hpp"
#include "text/trim.hpp"

namespace escale::opendata {
namespace {

// [SECTION] Schema 1.0.1: enumerations (the alternatives of each pattern, in order)

constexpr std::array<std::string_view, 2> kItinerance{"Itinérant", "Fixe"};

constexpr std::array<std::string_view, 9> kServices{
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
};

constexpr std::array<std::string_view, 5> kPublicsSpecifiquementAdresses{
    "Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes",
};

constexpr std::array<std::string_view, 7> kPriseEnChargeSpecifique{
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
};

constexpr std::array<std::string_view, 3> kFraisACharge{"Gratuit", "Gratuit sous condition", "Payant"};

constexpr std::array<std::string_view, 11> kDispositifProgrammesNationaux{
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
};

// ANCT: « Étapes numériques (La Poste) » added (library commit 7e1c058).
constexpr std::array<std::string_view, 10> kFormationsLabels{
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques (La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
};

constexpr std::array<std::string_view, 6> kModalitesAcces{
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
};

constexpr std::array<std::string_view, 4> kModalitesAccompagnement{
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
};

// ANCT: the structures' typologies (src/models/typologie/typologie.ts, the
// enum's values in its order; 1.0.1 leaves the column open and points to
// data.inclusion's vocabulary, which these codes are, plus FABRIQUE and
// RELAIS_LECTURE since the library's commit f16903a).
constexpr std::array<std::string_view, 92> kTypologie{
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
    "TIERS_LIEUX",  "UDAF",
};

// [SECTION] Column table

// Where a column's value lives in MediationPlace; vectors are the multi-valued
// columns (joined with `|`), optional<double> the coordinates, CivilDate the
// schema's `date` type.
using Member = std::variant<std::string MediationPlace::*, std::vector<std::string> MediationPlace::*,
                            std::optional<double> MediationPlace::*, CivilDate MediationPlace::*>;

// Escale's own checks where the schema says nothing (see the top comment).
enum class Format { None, Email, Url, OpeningHours, Pivot };

struct Column {
  std::string_view name;
  Member member;
  // From the schema.
  bool required = false;
  std::string_view pattern;                  // verbatim, anchored like the schema's validators ("" = none)
  std::size_t max_length = 0;                // in characters (code points); 0 = none
  std::span<const std::string_view> values;  // the pattern's alternatives; empty = open
  // Escale's.
  Format format = Format::None;
  double min = 0.0;  // numbers: the accepted range (WGS84 degrees)
  double max = 0.0;
  // For the messages: what to write when it is missing, what a value that
  // fails the pattern should look like, how to shorten a long one.
  std::string_view what;
  std::string_view expected;
  std::string_view shorten;

  constexpr Column mandatory(std::string_view what_to_write) const {
    Column c = *this;
    c.required = true;
    c.what = what_to_write;
    return c;
  }
  constexpr Column matching(std::string_view regex, std::string_view looks_like) const {
    Column c = *this;
    c.pattern = regex;
    c.expected = looks_like;
    return c;
  }
  constexpr Column one_of(std::span<const std::string_view> allowed, std::string_view regex) const {
    Column c = *this;
    c.values = allowed;
    c.pattern = regex;
    return c;
  }
  constexpr Column at_most(std::size_t characters, std::string_view how) const {
    Column c = *this;
    c.max_length = characters;
    c.shorten = how;
    return c;
  }
  constexpr Column formatted(Format f, std::string_view looks_like) const {
    Column c = *this;
    c.format = f;
    c.expected = looks_like;
    return c;
  }
  constexpr Column between(double low, double high, std::string_view looks_like) const {
    Column c = *this;
    c.min = low;
    c.max = high;
    c.expected = looks_like;
    return c;
  }
};

constexpr Column column(std::string_view name, Member member) {
  Column c;
  c.name = name;
  c.member = member;
  return c;
}

using P = MediationPlace;

// [SECTION] Schema 1.0.1: the columns, in the schema's order
constexpr std::array kColumns{
    column("id", &P::id).mandatory("un identifiant unique du lieu, par exemple escale-site-3"),
    // ANCT: a SIRET or an RNA only (1.0.1's pattern, ^[a-zA-Z0-9]{9,14}$, also let a RIDET through), and
    // Escale checks the SIRET's key (identifier_problem).
    column("pivot", &P::pivot)
        .mandatory("le SIRET (14 chiffres) de la structure, ou à défaut son numéro RNA")
        .matching(R"(^([0-9]{14}|W[a-zA-Z0-9]{9})$)",
                  "SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres) attendu, sans espace ni ponctuation")
        .formatted(Format::Pivot,
                   "SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres) attendu, sans espace ni ponctuation"),
    column("nom", &P::nom).mandatory("le nom du lieu"),
    column("commune", &P::commune).mandatory("le nom de la commune du lieu"),
    column("code_postal", &P::code_postal)
        .mandatory("le code postal du lieu, par exemple 87500")
        .matching(R"(^\d{5}$)", "5 chiffres attendus"),
    column("code_insee", &P::code_insee)
        .matching(R"(^([013-9]\d|2[AB1-9])\d{3}$)",
                  "code officiel géographique de la commune attendu, 5 caractères comme 87187 ou 2A004 "
                  "(ce n’est pas le code postal)"),
    column("adresse", &P::adresse).mandatory("l’adresse du lieu (numéro et voie)"),
    column("complement_adresse", &P::complement_adresse),
    column("latitude", &P::latitude).between(-90.0, 90.0, "nombre entre -90 et 90 attendu (degrés WGS84)"),
    column("longitude", &P::longitude).between(-180.0, 180.0, "nombre entre -180 et 180 attendu (degrés WGS84)"),
    column("typologie", &P::typologie).one_of(kTypologie, ""),  // ANCT: its codes (1.0.1: open)
    column("telephone", &P::telephone)
        .matching(R"(^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$)",
                  "numéro au format international sans espace attendu, par exemple +33555123456 pour "
                  "05 55 12 34 56"),
    column("courriels", &P::courriels)
        .formatted(Format::Email, "adresse e-mail attendue, par exemple contact@exemple.fr"),
    column("site_web", &P::site_web).formatted(Format::Url, "adresse web commençant par https:// attendue"),
    column("horaires", &P::horaires).formatted(Format::OpeningHours, "horaires au format OpenStreetMap attendus"),
    column("presentation_resume", &P::presentation_resume)
        .at_most(280, "raccourcissez le résumé, la suite peut aller dans presentation_detail"),
    column("presentation_detail", &P::presentation_detail),
    column("source", &P::source),
    column("itinerance", &P::itinerance).one_of(kItinerance, R"((?:(?:^|\|)(Itinérant|Fixe))+$)"),
    column("structure_parente", &P::structure_parente),
    column("date_maj", &P::date_maj).mandatory("la date de dernière mise à jour des informations du lieu"),
    column("services", &P::services)
        .one_of(kServices,
                R"((?:(?:^|\|)(Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|)"
                R"(Insertion professionnelle via le numérique|Utilisation sécurisée du numérique|)"
                R"(Parentalité et éducation avec le numérique|Loisirs et créations numériques|)"
                R"(Compréhension du monde numérique|Accès internet et matériel informatique|)"
                R"(Acquisition de matériel informatique à prix solidaire))+$)"),
    column("publics_specifiquement_adresses", &P::publics_specifiquement_adresses)
        .one_of(kPublicsSpecifiquementAdresses,
                R"((?:(?:^|\|)(Jeunes|Étudiants|Familles et/ou enfants|Seniors|Femmes))+$)"),
    column("prise_en_charge_specifique", &P::prise_en_charge_specifique)
        .one_of(kPriseEnChargeSpecifique,
                R"((?:(?:^|\|)(Surdité|Handicaps moteurs|Handicaps mentaux|Illettrisme|)"
                R"(Langues étrangères \(anglais\)|Langues étrangères \(autres\)|Déficience visuelle))+$)"),
    column("frais_a_charge", &P::frais_a_charge)
        .one_of(kFraisACharge, R"((?:(?:^|\|)(Gratuit|Gratuit sous condition|Payant))+$)"),
    column("dispositif_programmes_nationaux", &P::dispositif_programmes_nationaux)
        .one_of(kDispositifProgrammesNationaux,
                R"((?:(?:^|\|)(Aidants Connect|Bibliothèques numérique de référence|Certification PIX|)"
                R"(Conseillers numériques|Emmaüs Connect|France Services|Grande école du numérique|)"
                R"(La Croix Rouge|Point d'accès numérique CAF|Promeneurs du net|)"
                R"(Relais numérique \(Emmaüs Connect\)))+$)"),
    column("formations_labels", &P::formations_labels)
        .one_of(kFormationsLabels,
                R"((?:(?:^|\|)(Formé à « Mon Espace Santé »|Formé à « DUPLEX » \(illettrisme\)|)"
                R"(Arnia/MedNum BFC \(Bourgogne-Franche-Comté\)|)"
                R"(Collectif ressources et acteurs réemploi \(Normandie\)|Étapes numériques \(La Poste\)|)"
                R"(Fabriques de Territoire|)"
                R"(Les Éclaireurs du numérique \(Drôme\)|Mes Papiers \(Métropole de Lyon\)|ORDI 3.0|)"
                R"(SUD LABS \(PACA\)))+$)"),
    column("autres_formations_labels", &P::autres_formations_labels),
    column("modalites_acces", &P::modalites_acces)
        .one_of(kModalitesAcces,
                R"((?:(?:^|\|)(Se présenter|Téléphoner|Contacter par mail|Prendre un RDV en ligne|)"
                R"(Ce lieu n'accueille pas de public|Envoyer un mail avec une fiche de prescription))+$)"),
    column("modalites_accompagnement", &P::modalites_accompagnement)
        .one_of(kModalitesAccompagnement,
                R"((?:(?:^|\|)(En autonomie|Accompagnement individuel|Dans un atelier collectif|À distance))+$)"),
    column("fiche_acces_libre", &P::fiche_acces_libre)
        .formatted(Format::Url, "adresse web de la fiche acceslibre attendue, commençant par https://"),
    column("prise_rdv", &P::prise_rdv)
        .formatted(Format::Url,
                   "adresse web de prise de rendez-vous attendue, "
                   "commençant par https://"),
};

constexpr auto kColumnNames = [] {
  std::array<std::string_view, kColumns.size()> names{};
  for (std::size_t i = 0; i < kColumns.size(); ++i) names[i] = kColumns[i].name;
  return names;
}();

constexpr char kValueSeparator = '|';  // multi-valued cells, since 1.0.0 (`;` before)
constexpr int kCoordinateDecimals = 6;

// [SECTION] Cells

// At most six decimals, a decimal point whatever the locale, no trailing zeros.
std::string format_coordinate(double value) {
  if (!std::isfinite(value)) return {};
  std::array<char, 64> buf{};
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed, kCoordinateDecimals);
  if (ec != std::errc{}) return {};
  std::string text(buf.data(), end);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += kValueSeparator;
    out += values[i];
  }
  return out;
}

std::string cell_text(const Column& c, const MediationPlace& p) {
  return std::visit(
      [&p](auto member) -> std::string {
        const auto& value = p.*member;
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return value;
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return join(value);
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
          return value ? format_coordinate(*value) : std::string{};
        } else {
          return value == CivilDate{} ? std::string{} : to_iso_date(value);
        }
      },
      c.member);
}

// [SECTION] Checks

using text::is_blank;

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned min_cp = 0;
    unsigned cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2, min_cp = 0x80, cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, min_cp = 0x800, cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, min_cp = 0x10000, cp = b & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cont & 0x3Fu);
    }
    if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Characters as the schema's validators count them: code points.
std::size_t character_count(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

bool has_space_or_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u <= 0x20 || u == 0x7F;
  });
}

bool looks_like_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  if (has_space_or_control(s)) return false;
  const std::string_view domain = s.substr(at + 1);
  const auto dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         domain.find("..") == std::string_view::npos;
}

bool looks_like_url(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://")) {
    rest = s.substr(8);
  } else if (s.starts_with("http://")) {
    rest = s.substr(7);
  } else {
    return false;
  }
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  return !host.empty() && host.find('.') != std::string_view::npos && !has_space_or_control(s) &&
         s.find(kValueSeparator) == std::string_view::npos;
}

// « … » as French typography wants it (narrow no-break spaces inside), like
// the other validation messages of Escale.
std::string quote(std::string_view s) {
  std::string out = "«\u202F";
  out += s;
  out += "\u202F»";
  return out;
}

FieldError error(const Column& c, std::string_view message) {
  FieldError e;
  e.column = std::string(c.name);
  e.message = std::string(c.name) + "\u202F: " + std::string(message);
  return e;
}

std::string list_of(std::span<const std::string_view> values) {
  std::string out;
  for (const std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out += quote(v);
  }
  return out;
}

const std::regex& compiled_pattern(std::size_t column_index) {
  static const std::vector<std::regex> patterns = [] {
    std::vector<std::regex> out;
    out.reserve(kColumns.size());
    for (const Column& c : kColumns) {
      out.emplace_back(c.pattern.empty() ? std::string{} : std::string(c.pattern), std::regex::ECMAScript);
    }
    return out;
  }();
  return patterns[column_index];
}

void check_item(const Column& c, const std::string& item, std::vector<FieldError>& errors) {
  if (is_blank(item)) {
    errors.push_back(error(c, "une des valeurs de la liste est vide\u202F; retirez-la."));
    return;
  }
  if (item.find(kValueSeparator) != std::string::npos) {
    errors.push_back(error(c, quote(item) + " contient une barre verticale |, qui sépare les valeurs\u202F; " +
                                  "donnez chaque valeur à part."));
    return;
  }
  if (!c.values.empty() && std::find(c.values.begin(), c.values.end(), item) == c.values.end()) {
    errors.push_back(
        error(c, "valeur inconnue " + quote(item) + "\u202F; valeurs possibles\u202F: " + list_of(c.values) + "."));
    return;
  }
  if ((c.format == Format::Email && !looks_like_email(item)) || (c.format == Format::Url && !looks_like_url(item))) {
    errors.push_back(error(c, std::string(c.expected) + ", reçu " + quote(item) + "."));
  }
}

void check_column(std::size_t index, const MediationPlace& p, std::vector<FieldError>& errors) {
  const Column& c = kColumns[index];
  const std::string cell = cell_text(c, p);
  if (const auto* number = std::get_if<std::optional<double> MediationPlace::*>(&c.member)) {
    // Not a number: written as an empty cell, which would hide the problem.
    if ((p.**number).has_value() && !std::isfinite(*(p.**number))) {
      errors.push_back(error(c, std::string(c.expected) + ", reçu une valeur qui n’est pas un nombre."));
      return;
    }
  }
  if (c.required && is_blank(cell)) {
    errors.push_back(error(c, "champ obligatoire vide\u202F; indiquez " + std::string(c.what) + "."));
    return;
  }
  if (cell.empty()) return;  // an optional column left empty
  if (!is_valid_utf8(cell)) {
    errors.push_back(error(c, "texte mal encodé\u202F; il doit être en UTF-8."));
    return;
  }
  const std::size_t before = errors.size();
  if (const auto* list = std::get_if<std::vector<std::string> MediationPlace::*>(&c.member)) {
    for (const std::string& item : p.**list) check_item(c, item, errors);
  } else if (const auto* number = std::get_if<std::optional<double> MediationPlace::*>(&c.member)) {
    const double v = *(p.**number);
    if (v < c.min || v > c.max) {
      errors.push_back(error(c, std::string(c.expected) + ", reçu " + cell + "."));
    }
  } else if (std::holds_alternative<CivilDate MediationPlace::*>(c.member)) {
    if (!parse_iso_date(cell)) {
      errors.push_back(error(c, "date réelle attendue au format AAAA-MM-JJ, reçu " + quote(cell) + "."));
    }
  } else if (c.format == Format::Url && !looks_like_url(cell)) {
    errors.push_back(error(c, std::string(c.expected) + ", reçu " + quote(cell) + "."));
  } else if (c.format == Format::OpeningHours) {
    std::string why;
    if (!OpeningHours::parse(cell, &why)) errors.push_back(error(c, why));
  } else if (c.format == Format::Pivot) {
    if (const std::string why = identifier_problem(cell); !why.empty()) {
      errors.push_back(error(c, why + " Reçu\u202F: " + quote(cell) + "."));
    }
  }
  if (c.max_length > 0) {
    const std::size_t n = character_count(cell);
    if (n > c.max_length) {
      errors.push_back(error(c, std::to_string(c.max_length) + " caractères au plus, reçu " + std::to_string(n) +
                                    "\u202F; " + std::string(c.shorten) + "."));
    }
  }
  // The schema's pattern has the last word (the checks above only explain better).
  if (errors.size() == before && !c.pattern.empty() && !std::regex_match(cell, compiled_pattern(index))) {
    const std::string_view expected =
        c.expected.empty() ? std::string_view("valeur non conforme au schéma") : c.expected;
    errors.push_back(error(c, std::string(expected) + ", reçu " + quote(cell) + "."));
  }
}

const Column* find_column(std::string_view name) {
  const auto it = std::find_if(kColumns.begin(), kColumns.end(), [name](const Column& c) { return c.name == name; });
  return it == kColumns.end() ? nullptr : &*it;
}

// [SECTION] File name

// Latin letters with diacritics as French names use them, to plain ASCII.
std::string_view ascii_for(std::string_view utf8_letter) {
  static constexpr std::pair<std::string_view, std::string_view> kTable[] = {
      {"à", "a"}, {"â", "a"}, {"ä", "a"},  {"á", "a"},  {"ã", "a"},  {"å", "a"},  {"ç", "c"}, {"é", "e"},
      {"è", "e"}, {"ê", "e"}, {"ë", "e"},  {"î", "i"},  {"ï", "i"},  {"í", "i"},  {"ì", "i"}, {"ô", "o"},
      {"ö", "o"}, {"ó", "o"}, {"ò", "o"},  {"õ", "o"},  {"ù", "u"},  {"û", "u"},  {"ü", "u"}, {"ú", "u"},
      {"ÿ", "y"}, {"ñ", "n"}, {"œ", "oe"}, {"æ", "ae"}, {"À", "A"},  {"Â", "A"},  {"Ä", "A"}, {"Ç", "C"},
      {"É", "E"}, {"È", "E"}, {"Ê", "E"},  {"Ë", "E"},  {"Î", "I"},  {"Ï", "I"},  {"Ô", "O"}, {"Ö", "O"},
      {"Ù", "U"}, {"Û", "U"}, {"Ü", "U"},  {"Ÿ", "Y"},  {"Œ", "OE"}, {"Æ", "AE"},
  };
  for (const auto& [from, to] : kTable) {
    if (from == utf8_letter) return to;
  }
  return {};
}

bool is_ascii_alnum(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

char to_upper_ascii(char ch) {
  return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
}

// « Pays de Saint-Yrieix » → « PaysDeSaint-Yrieix », « Bordeaux Métropole » → « BordeauxMetropole »:
// accents removed, words glued with a capital (as in the README's example), hyphens kept.
std::string territory_part(std::string_view name) {
  std::string out;
  bool word_start = true;
  std::size_t i = 0;
  while (i < name.size()) {
    const auto b = static_cast<unsigned char>(name[i]);
    std::size_t len = 1;
    if (b >= 0xF0) {
      len = 4;
    } else if (b >= 0xE0) {
      len = 3;
    } else if (b >= 0xC0) {
      len = 2;
    }
    len = std::min(len, name.size() - i);
    const std::string_view letter = name.substr(i, len);
    i += len;
    std::string_view ascii = letter;
    if (len > 1) ascii = ascii_for(letter);
    if (ascii.size() == 1 && ascii[0] == '-') {  // kept, and the next letter keeps its case
      if (!out.empty() && out.back() != '-') out += '-';
      word_start = false;
      continue;
    }
    if (ascii.empty() || !std::all_of(ascii.begin(), ascii.end(), is_ascii_alnum)) {
      word_start = true;  // spaces, apostrophes, punctuation, unknown letters: word boundaries, dropped
      continue;
    }
    for (char ch : ascii) {
      out += word_start ? to_upper_ascii(ch) : ch;
      word_start = false;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

// [SECTION] Public functions

std::span<const std::string_view> lieux_mediation_columns() {
  return kColumnNames;
}

std::span<const std::string_view> allowed_values(std::string_view column_name) {
  const Column* c = find_column(column_name);
  return c ? c->values : std::span<const std::string_view>{};
}

std::vector<FieldError> validate(const MediationPlace& p) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < kColumns.size(); ++i) check_column(i, p, errors);
  // Escale's: a point needs both coordinates.
  if (p.latitude.has_value() != p.longitude.has_value()) {
    const Column& missing = *find_column(p.latitude ? "longitude" : "latitude");
    const std::string_view given = p.latitude ? "latitude" : "longitude";
    errors.push_back(error(missing, "manquante alors que " + std::string(given) +
                                        " est donnée\u202F; indiquez les deux coordonnées ou aucune."));
  }
  return errors;
}

std::vector<FieldError> duplicate_ids(std::span<const MediationPlace> places) {
  std::map<std::string, std::vector<std::size_t>> lines;  // id → lines of the file (header = line 1)
  std::vector<std::string> order;
  for (std::size_t i = 0; i < places.size(); ++i) {
    auto& at = lines[places[i].id];
    if (at.empty()) order.push_back(places[i].id);
    at.push_back(i + 2);
  }
  std::vector<FieldError> errors;
  const Column& id = *find_column("id");
  for (const std::string& value : order) {
    const auto& at = lines[value];
    if (at.size() < 2 || is_blank(value)) continue;  // blank ids are reported by validate()
    std::string where;
    for (std::size_t k = 0; k < at.size(); ++k) {
      if (k > 0) where += k + 1 == at.size() ? " et " : ", ";
      where += std::to_string(at[k]);
    }
    errors.push_back(error(id, quote(value) + " est celui de plusieurs lieux (lignes " + where +
                                   ")\u202F; chaque lieu doit avoir son propre identifiant."));
  }
  return errors;
}

std::vector<std::string> to_row(const MediationPlace& p) {
  std::vector<std::string> cells;
  cells.reserve(kColumns.size());
  for (const Column& c : kColumns) cells.push_back(cell_text(c, p));
  return cells;
}

std::string lieux_mediation_csv(std::span<const MediationPlace> places) {
  std::string out;
  const std::vector<std::string> header(kColumnNames.begin(), kColumnNames.end());
  csv::append_row(out, header);
  // The coordinates are numbers (negative west of Greenwich) and the phone a
  // sign and digits (+33…, as the schema asks): written as they are. Every
  // other cell is text, which csv neutralises when it starts like a formula
  // (a site named « =HYPERLINK(…) »).
  std::vector<csv::Cell> cells;
  cells.reserve(kColumns.size());
  for (const MediationPlace& p : places) {
    cells.clear();
    for (const Column& c : kColumns) {
      const bool number =
          std::holds_alternative<std::optional<double> MediationPlace::*>(c.member) || c.name == "telephone";
      cells.push_back(csv::Cell{cell_text(c, p), number});
    }
    csv::append_row(out, cells);
  }
  return out;
}

std::string suggested_file_name(const CivilDate& published, std::string_view producer_id, std::string_view territory) {
  std::string producer;
  for (char ch : producer_id) {
    if (is_ascii_alnum(ch)) producer += ch;
  }
  std::string name = to_iso_date(published) + "_";
  if (!producer.empty()) name += producer + "_";
  name += "lieux-de-mediation-numerique";
  if (const std::string place = territory_part(territory); !place.empty()) name += "_" + place;
  return name + ".csv";
}

bool is_valid_siret(std::string_view text) {
  if (text.size() != 14 || !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return false;
  int luhn = 0;  // from the right, every second digit doubled
  int digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int d = text[text.size() - 1 - i] - '0';
    digits += d;
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    luhn += d;
  }
  // La Poste's establishments share one SIREN and do not follow Luhn: INSEE checks their digits' sum.
  if (text.starts_with("356000000") && text != "35600000000048") return digits % 5 == 0;
  return luhn % 10 == 0;
}

bool is_valid_rna(std::string_view text) {
  return text.size() == 10 && text[0] == 'W' && std::all_of(text.begin() + 1, text.end(), is_ascii_alnum);
}

std::string normalise_identifier(std::string_view typed) {
  std::string out;
  std::size_t i = 0;
  while (i < typed.size()) {
    // Spaces as people type or paste them: ASCII, no-break (U+00A0) and narrow no-break (U+202F).
    if (typed.substr(i).starts_with("\u00A0")) {
      i += 2;
      continue;
    }
    if (typed.substr(i).starts_with("\u202F")) {
      i += 3;
      continue;
    }
    const char ch = typed[i++];
    if (ch == ' ' || ch == '.' || ch == '\t') continue;
    out += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  return out;
}

std::string identifier_problem(std::string_view id) {
  const auto all_digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (is_valid_siret(id) || is_valid_rna(id)) return {};
  if (id.empty()) return "Indiquez le SIRET (14 chiffres) ou, pour une association sans SIRET, le numéro RNA.";
  if (!std::all_of(id.begin(), id.end(), is_ascii_alnum)) {
    return "SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres) attendu, sans espace ni ponctuation.";
  }
  if (id.front() == 'W' || id.front() == 'w') {
    return "Le numéro RNA s’écrit W suivi de 9 chiffres, par exemple W872003456 (une association qui a un SIRET "
           "(14 chiffres) donne son SIRET).";
  }
  if (all_digits(id) && id.size() == 14) {
    return "Ce SIRET n’existe pas\u202F: son dernier chiffre, la clé de contrôle, ne correspond pas aux autres. "
           "Recopiez-le depuis annuaire-entreprises.data.gouv.fr ou l’avis de situation INSEE.";
  }
  if (all_digits(id) && (id.size() == 9 || id.size() == 10)) {
    return "Un RIDET (Nouvelle-Calédonie) ou un SIREN (9 chiffres) n’est pas accepté\u202F: le modèle national "
           "des lieux de médiation numérique demande le SIRET (14 chiffres) de l’établissement, ou à défaut le "
           "numéro RNA.";
  }
  if (all_digits(id)) {
    return "Le SIRET doit compter 14 chiffres (les 9 du SIREN et les 5 de l’établissement), reçu " +
           std::to_string(id.size()) + " chiffres.";
  }
  return "SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres) attendu.";
}

}  // namespace escale::opendata
