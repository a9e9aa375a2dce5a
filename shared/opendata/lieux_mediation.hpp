// The « schéma des lieux de médiation numérique » (La MedNum, TableSchema on
// schema.data.gouv.fr, LaMednum/standard-mediation-num), version 1.0.1, with
// the value lists and the pivot rule of the ANCT's current model (its library
// anct-cartographie-nationale/lieux-de-mediation-numerique, which writes the
// same 32 columns in the same order): one row per site that offers digital
// mediation, for the intercommunality to publish (docs/open-data.md).
//
// The schema version and the library's revision live here only; the
// announced 2.0.0 will change which fields are required and the pivot's
// pattern — both are expressed by the column table in the .cpp.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "time/public_holidays.hpp"  // CivilDate

namespace escale::opendata {

inline constexpr std::string_view kLieuxMediationSchemaVersion = "1.0.1";
// The ANCT library's commit whose model (value lists, pivot) the tables follow.
inline constexpr std::string_view kAnctModelRevision = "1e844c7 (2025-09-30)";

// What Escale knows of a place; multi-valued fields are lists here and joined
// with `|` in the file. Empty strings / lists / nullopt give empty cells.
struct MediationPlace {
  // required
  std::string id;     // unique local identifier, e.g. "escale-site-3"
  std::string pivot;  // SIRET (14 digits, Luhn key) or RNA (W + 9) of the structure; no RIDET
  std::string nom;
  std::string commune;
  std::string code_postal;  // 5 digits
  std::string adresse;
  CivilDate date_maj;  // a default CivilDate{} counts as missing
  // optional (the file's column order is the schema's, which interleaves
  // these with the required ones: see lieux_mediation_columns())
  std::string code_insee;
  std::string complement_adresse;
  std::optional<double> latitude;  // WGS84, written with at most 6 decimals
  std::optional<double> longitude;
  std::vector<std::string> typologie;  // the library's codes: "TIERS_LIEUX", "FABRIQUE", "EPCI" …
  std::string telephone;               // "+33555000000"
  std::vector<std::string> courriels;
  std::vector<std::string> site_web;
  std::string horaires;             // OSM opening_hours syntax
  std::string presentation_resume;  // ≤ 280 characters
  std::string presentation_detail;
  std::string source;  // the producer, e.g. the intercommunality's name
  std::vector<std::string> itinerance;
  std::string structure_parente;
  std::vector<std::string> services;  // from the schema's fixed list (optional since 1.0.1)
  std::vector<std::string> publics_specifiquement_adresses;
  std::vector<std::string> prise_en_charge_specifique;
  std::vector<std::string> frais_a_charge;
  std::vector<std::string> dispositif_programmes_nationaux;
  std::vector<std::string> formations_labels;
  std::vector<std::string> autres_formations_labels;  // free text, joined with `|`
  std::vector<std::string> modalites_acces;
  std::vector<std::string> modalites_accompagnement;
  std::string fiche_acces_libre;
  std::string prise_rdv;  // the booking address
};

// The schema's columns, in its order.
std::span<const std::string_view> lieux_mediation_columns();
// The allowed values of an enumerated column (typologie, services,
// itinerance, modalites_acces …), for validation and for the CLI's help;
// empty for the open columns (courriels, autres_formations_labels …) and for
// unknown names.
std::span<const std::string_view> allowed_values(std::string_view column);

// [SECTION] The pivot and the producer: SIRET or RNA (the library's rule; the
// RIDET is no longer one since its revision 1e844c7).

// 14 digits whose Luhn key is right; La Poste's establishments (SIREN
// 356000000) are checked as INSEE does: the sum of their digits is a
// multiple of 5.
bool is_valid_siret(std::string_view text);
// W followed by 9 letters or digits (the library's /^W[a-zA-Z0-9]{9}$/).
bool is_valid_rna(std::string_view text);
// A SIRET or RNA as typed, made canonical: spaces, dots and no-break spaces
// dropped, letters upper-cased (« w872 003 456 » → « W872003456 »).
std::string normalise_identifier(std::string_view typed);
// Empty when `id` (canonical) is a valid SIRET or RNA; else what to fix, in
// French: « Le SIRET doit compter 14 chiffres… », a wrong key, an RNA that is
// not W followed by 9 characters, a RIDET no longer accepted.
std::string identifier_problem(std::string_view id);

// One problem with one field: « code_postal : 5 chiffres attendus, reçu « 2300 ». »
// (narrow no-break spaces before the colon and inside the guillemets).
struct FieldError {
  std::string column;
  std::string message;  // French, starts with the column, says what to fix
};
// Every rule of the schema for this row: required fields present, patterns
// (pivot, code_postal, code_insee, telephone, enumerations), date, length of
// presentation_resume; plus Escale's own checks where the schema says nothing:
// coordinate ranges and both-or-none, e-mail and web address shapes, OSM
// opening hours (Escale's parser), UTF-8, no `|` inside one value of a list.
// Empty when the row conforms.
std::vector<FieldError> validate(const MediationPlace& p);
// The schema's primary key across the file: one error per `id` used by more
// than one place (naming the file's lines, the header being line 1).
std::vector<FieldError> duplicate_ids(std::span<const MediationPlace> places);

// The cells of one row, in column order, as written in the file (before
// csv's formula rule: a text starting with = + - @ gets a ' in the file).
std::vector<std::string> to_row(const MediationPlace& p);
// The whole file: header + one row per place (places that do not validate
// are the caller's business: check first). UTF-8, commas, CRLF, RFC 4180;
// text cells that a spreadsheet would run as formulas neutralised
// (text/csv.hpp), the coordinates and the phone written as they are.
std::string lieux_mediation_csv(std::span<const MediationPlace> places);
// The schema README's recommendation, YYYY-MM-DD_idProducteur_lieux-de-mediation-numerique_territoire.csv:
// « 2026-11-22_24330031600011_lieux-de-mediation-numerique_PaysDeSaint-Yrieix.csv »
// (producer: SIRET or RNA of the producer, spaces dropped; territory: its name
// without accents, spaces or punctuation, words capitalised as in the README's
// « BordeauxMetropole »; hyphens kept). A part not known is left out with its
// underscore: « 2026-11-22_lieux-de-mediation-numerique_PaysDeSaint-Yrieix.csv »
// without a producer, « 2026-11-22_24330031600011_lieux-de-mediation-numerique.csv »
// without a territory.
std::string suggested_file_name(const CivilDate& published, std::string_view producer_id, std::string_view territory);

}  // namespace escale::opendata
