// Activity records (compte rendu d'activité, CRA): what a mediator records
// after helping someone, in the fields and official French labels of La Coop
// de la médiation numérique's v2 model (mediation.md), and their anonymised
// CSV export for mediators who report to the national programme.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mediation/agenda.hpp"
#include "time/clock.hpp"
#include "time/french_format.hpp"

namespace escale::mediation {

// A theme of the national model. `code` is stable (store, sync, CSV): La Coop
// de la médiation numérique's API value. `label` is the Coop's French form
// label, word for word (mediation.md lists shorter forms).
struct ThemeInfo {
  std::string_view code;      // "diagnostic_numerique", "papiers_elections_citoyennete" …
  std::string_view label;     // « Diagnostic numérique », « Papiers - Élections - Citoyenneté » …
  std::string_view label_en;  // "Digital skills assessment" …
  bool administrative = false;
};
std::span<const ThemeInfo> general_themes();         // the 19, in the model's order
std::span<const ThemeInfo> administrative_themes();  // the 11, in the model's order (… associations)
const ThemeInfo* find_theme(std::string_view code);  // either list; nullptr when unknown
// The themes a kiosk topic suggests to the mediator (pre-ticked in the form):
// papers → aide aux démarches administratives + papiers (ANTS), email → e-mail…
std::vector<std::string_view> suggested_themes(HelpTopic t);

// The other fields' values: code (stable) and French label.
struct Choice {
  std::string_view code;
  std::string_view label;
  std::string_view label_en;
};
std::span<const Choice> equipment_choices();      // ordinateur, telephone, tablette, autre, aucun
std::span<const Choice> autonomy_choices();       // entierement_accompagne, partiellement_autonome, autonome
std::span<const Choice> age_bracket_choices();    // moins_de_douze, douze_dix_huit, dix_huit_vingt_quatre,
                                                  // vingt_cinq_trente_neuf, quarante_cinquante_neuf,
                                                  // soixante_soixante_neuf, soixante_dix_plus, non_communique
std::span<const Choice> social_status_choices();  // scolarise, sans_emploi, en_emploi, retraite, non_communique
std::span<const Choice> gender_choices();         // feminin, masculin, non_communique
std::span<const Choice> place_choices();          // lieu_activite, domicile, a_distance, autre
// The closed list of La Coop's structure_de_redirection, in its form's order:
// administration, mediation_numerique, operateur_ou_organisme_en_charge,
// aide_sociale, insertion_professionnelle, aide_aux_demarches_administratives, autre
std::span<const Choice> redirection_choices();
std::span<const Choice> duration_band_choices();  // 0_30, 30_60, 60_120, 120_plus (« Moins de 30 min » …)
const Choice* find_choice(std::span<const Choice> choices, std::string_view code);
// Codes written by older Escale versions (kiosks not yet upgraded, queued
// outbox entries, the API's callers) read as today's codes: one function per
// field whose codes changed (docs/la-coop.md has the table). A current code,
// or an unknown one (validate then names it), comes back unchanged.
std::string canonical_place(std::string_view code);        // "a_domicile" → "domicile"
std::string canonical_age_bracket(std::string_view code);  // "de_18_a_24_ans" → "dix_huit_vingt_quatre" …
// A redirection as given: a code of redirection_choices (kept as is, no
// detail), one of its French labels, or a free text written by older Escale
// versions (« France Services » → aide_aux_demarches_administratives,
// « Mairie ou CCAS » → administration, « Autre structure » → autre; any other
// text by its keywords, else autre), whose text becomes the detail, never lost.
// A blank text is no redirection (nullopt).
struct Redirection {
  std::string code;                   // a redirection_choices code
  std::optional<std::string> detail;  // the text it was read from, when not a code
};
std::optional<Redirection> canonical_redirection(std::string_view text);

// The duration band of a duration: [0, 30) → "0_30", [30, 60) → "30_60", [60, 120) → "60_120", else "120_plus".
std::string_view duration_band(std::chrono::minutes d);
// A workshop level as La Coop's API writes it (NiveauAtelier): "debutant", "intermediaire", "avance"; "" for none.
std::string_view coop_level_code(WorkshopLevel l);
// Codes joined with '|', as every export of this folder writes a list.
std::string join_codes(std::span<const std::string> codes);

// One activity record: for an individual appointment, one person; for a
// workshop, the session (participants counted). Only `themes` is required.
struct ActivityRecord {
  std::string id;  // UUID
  std::int64_t site_id = 0;
  std::int64_t mediator_id = 0;
  std::string appointment_id;  // empty for help given without an appointment
  std::string participant_id;  // individual: the participant helped; empty for a workshop
  bool collective = false;
  CivilDate date;                          // Paris date of the help
  std::chrono::minutes duration{0};        // > 0
  std::string place = "lieu_activite";     // place_choices code; empty reads as "lieu_activite" (the site)
  std::optional<std::string> place_insee;  // commune of the place when not the site (INSEE code)
  std::vector<std::string> equipment;      // equipment_choices codes
  std::vector<std::string> themes;         // general and administrative theme codes: at least one
  std::string autonomy;                    // autonomy_choices code, or empty
  std::optional<std::string> redirection;  // redirection_choices code: the kind of structure the person was sent to
  std::optional<std::string> redirection_detail;  // free text of older versions, kept (docs/la-coop.md)
  std::string age_bracket = "non_communique";
  std::string social_status = "non_communique";
  std::string gender = "non_communique";
  std::optional<std::string> home_insee;  // the person's home commune (INSEE code)
  bool anonymous = false;                 // the person gave no name
  int participants = 1;                   // a workshop: people seen; individual: 1
  std::string workshop_title;             // collective only
  WorkshopLevel level = WorkshopLevel::None;
  // France Services (issue 19, mediation/partners.hpp): the national partners
  // the accompaniment concerned (codes; empty: counted by its themes'
  // defaults), and the Pass numérique / APTIC cheques received: how many, and
  // their numbers when typed (none, or one per cheque).
  std::vector<std::string> partners{};
  int cheques = 0;
  std::vector<std::string> cheque_numbers{};
  std::string note;  // short, optional; never exported
  Instant recorded_at{};
  friend bool operator==(const ActivityRecord&, const ActivityRecord&) = default;
};
// The record with every legacy code read as today's (canonical_place…); a
// detail already given is kept.
ActivityRecord with_current_codes(ActivityRecord r);
// La Coop's oriente_vers_structure: an individual record is sent on (true) or
// not (false); a workshop, which La Coop does not ask about, is null unless a
// record says where it sent people.
std::optional<bool> oriented(const ActivityRecord& r);

// The reminder shown under the note field.
std::string_view sensitive_note_warning(Language lang = Language::French);
inline constexpr std::size_t kMaxNoteLength = 500;  // bytes of UTF-8

// nullopt when valid, else a French message saying what to fix: no theme, an
// unknown code, a duration ≤ 0 or over 8 hours, an invalid INSEE code, a note
// too long, participants < 1; partners and cheques as
// validate_partners_and_cheques (partners.hpp) says.
std::optional<std::string> validate(const ActivityRecord& r);

// The anonymised export: one row per record, no name, phone, e-mail, member
// id, participant id or note. Columns (header row in French):
//   date, site, type (individuel | collectif), duree_minutes, tranche_duree,
//   lieu, commune_lieu_insee, materiel, thematiques, thematiques_administratives,
//   autonomie, orientation, tranche_age, statut, genre, commune_residence_insee,
//   anonyme (oui | non), participants, atelier_titre, atelier_niveau,
//   orientation_precision
// (the workshop columns are empty for an individual record; atelier_niveau
// is the Coop's code: debutant | intermediaire | avance; orientation is the
// redirection's code, orientation_precision the free text older versions
// wrote, as it was exported before)
// Multiple values joined with `|`, codes not labels (stable for tools), dates
// YYYY-MM-DD. UTF-8, commas, RFC 4180 quoting; `spreadsheet` gives the
// « tableur » variant: semicolons and a byte-order mark. Rows in the order given.
struct ActivityExportRow {
  ActivityRecord record;
  std::string site_name;
  Instant updated_at{};  // the record's last change (La Coop's « modification »)
};
std::string activities_csv(std::span<const ActivityExportRow> rows, bool spreadsheet = false);

}  // namespace escale::mediation
