#include "mediation/activity.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "domain/member.hpp"  // is_valid_insee_code
#include "mediation/partners.hpp"
#include "text/csv.hpp"
#include "text/trim.hpp"
#include "time/public_holidays.hpp"  // to_iso_date

namespace escale::mediation {

namespace {

// Codes: La Coop de la médiation numérique's API values (the snake_case form
// of its Prisma enum Thematique), inclusion-numerique/coop-mediation-numerique,
// apps/web/src/features/activites/use-cases/cra/fields/thematique.ts (19 + 11
// themes; read at the repository's commit 46aa33bd of 2026-06-30). Labels: the
// Coop's form labels, word for word — what mediators read in the tool they
// report to (mediation.md gives the short forms).
constexpr std::array<ThemeInfo, 19> kGeneralThemes{{
    {"diagnostic_numerique", "Diagnostic numérique", "Digital skills assessment", false},
    {"prendre_en_main_du_materiel", "Prendre en main du matériel", "Getting started with a device", false},
    {"maintenance_de_materiel", "Maintenance de matériel", "Device maintenance", false},
    {"gere_ses_contenus_numeriques", "Gérer ses contenus numériques", "Managing digital content", false},
    {"navigation_sur_internet", "Navigation sur internet", "Browsing the internet", false},
    {"email", "E-mail", "E-mail", false},
    {"bureautique", "Bureautique", "Office software", false},
    {"reseaux_sociaux", "Réseaux sociaux communication", "Social media", false},
    {"sante", "Santé", "Health", false},
    {"banque_et_achats_en_ligne", "Banque et achats en ligne", "Online banking and shopping", false},
    {"entrepreneuriat", "Accompagner un professionnel", "Helping a professional", false},
    {"insertion_professionnelle", "Insertion professionnelle", "Finding work", false},
    {"securite_numerique", "Prévention en sécurité numérique", "Online safety", false},
    {"parentalite", "Parentalité", "Parenting", false},
    {"scolarite_et_numerique", "Scolarité et numérique", "Schooling", false},
    {"creer_avec_le_numerique", "Créer avec le numérique", "Creating with digital tools", false},
    {"culture_numerique", "Culture numérique", "Digital culture", false},
    {"intelligence_artificielle", "Intelligence artificielle (IA)", "Artificial intelligence (AI)", false},
    {"aide_aux_demarches_administratives", "Aide aux démarches administratives", "Help with official procedures",
     false},
}};

// The Coop's form labels (mediation.md adds the services in brackets as examples).
constexpr std::array<ThemeInfo, 11> kAdministrativeThemes{{
    {"papiers_elections_citoyennete", "Papiers - Élections - Citoyenneté", "Identity papers and elections", true},
    {"famille_scolarite", "Famille - Scolarité", "Family and schooling", true},
    {"social_sante", "Social - Santé", "Social benefits and health", true},
    {"travail_formation", "Travail - Formation - Entreprise", "Work, training and business", true},
    {"logement", "Logement", "Housing", true},
    {"transports_mobilite", "Transports - Mobilité", "Transport", true},
    {"argent_impots", "Argent - Impôts", "Money and taxes", true},
    {"justice", "Justice", "Justice", true},
    {"etrangers_europe", "Étrangers - Europe", "Foreign nationals and Europe", true},
    {"loisirs_sports_culture", "Loisirs - Sports - Culture", "Leisure, sports and culture", true},
    {"associations", "Associations", "Associations", true},
}};

// Codes: the Coop's v1 API values (apps/web/src/app/api/v1/activites/route.ts);
// labels: its form labels (materiel.ts, autonomie.ts, type-lieu.ts,
// structures-redirection.ts, beneficiaire/domain/{tranche-age,statut-social,genre}.ts).
constexpr std::array<Choice, 5> kEquipment{{
    {"ordinateur", "Ordinateur", "Computer"},
    {"telephone", "Téléphone", "Phone"},
    {"tablette", "Tablette", "Tablet"},
    {"autre", "Autre", "Other"},
    {"aucun", "Pas de matériel", "No equipment"},
}};

constexpr std::array<Choice, 3> kAutonomy{{
    {"entierement_accompagne", "Avec guidage", "Guided throughout"},
    {"partiellement_autonome", "Autonome avec guidage en cas de besoin", "Independent, with help when needed"},
    {"autonome", "Autonome", "Independent"},
}};

constexpr std::array<Choice, 8> kAgeBrackets{{
    {"moins_de_douze", "Moins de 12 ans", "Under 12"},
    {"douze_dix_huit", "12 - 17 ans", "12 to 17"},
    {"dix_huit_vingt_quatre", "18 - 24 ans", "18 to 24"},
    {"vingt_cinq_trente_neuf", "25 - 39 ans", "25 to 39"},
    {"quarante_cinquante_neuf", "40 - 59 ans", "40 to 59"},
    {"soixante_soixante_neuf", "60 - 69 ans", "60 to 69"},
    {"soixante_dix_plus", "70 ans et plus", "70 and over"},
    {"non_communique", "Non communiqué", "Not given"},
}};

constexpr std::array<Choice, 5> kSocialStatus{{
    {"scolarise", "Scolarisé", "In school"},
    {"sans_emploi", "Sans emploi", "Job seeker"},
    {"en_emploi", "En emploi", "Employed"},
    {"retraite", "Retraité", "Retired"},
    {"non_communique", "Non communiqué ou hétérogène", "Not given or mixed"},
}};

constexpr std::array<Choice, 3> kGender{{
    {"feminin", "Féminin", "Female"},
    {"masculin", "Masculin", "Male"},
    {"non_communique", "Non communiqué", "Not given"},
}};

constexpr std::array<Choice, 4> kPlaces{{
    {"lieu_activite", "Lieu d’activité", "Place of activity"},
    {"domicile", "À domicile", "At home"},
    {"a_distance", "À distance", "Remote"},
    {"autre", "Autre lieu", "Other place"},
}};

constexpr std::array<Choice, 7> kRedirections{{
    {"administration", "Administration (mairie, préfecture…)", "Public administration (town hall, prefecture…)"},
    {"mediation_numerique", "Autre structure de médiation numérique", "Another digital-help organisation"},
    {"operateur_ou_organisme_en_charge", "Opérateur ou organisme en charge de la démarche administrative",
     "The operator or body in charge of the procedure"},
    {"aide_sociale", "Structure d’aide sociale (maison des solidarités, centre social…)",
     "Social-help organisation (social centre…)"},
    {"insertion_professionnelle",
     "Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)",
     "Employment-help organisation (France Travail, mission locale…)"},
    {"aide_aux_demarches_administratives", "Structure d’aide aux démarches administratives (France Services…)",
     "Help with official procedures (France Services…)"},
    {"autre", "Autre", "Other"},
}};

// Codes older Escale versions wrote (before schema 10), and today's.
constexpr std::array<std::pair<std::string_view, std::string_view>, 1> kLegacyPlaces{{
    {"a_domicile", "domicile"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kLegacyAgeBrackets{{
    {"moins_de_12_ans", "moins_de_douze"},
    {"de_12_a_18_ans", "douze_dix_huit"},
    {"de_18_a_24_ans", "dix_huit_vingt_quatre"},
    {"de_25_a_39_ans", "vingt_cinq_trente_neuf"},
    {"de_40_a_59_ans", "quarante_cinquante_neuf"},
    {"de_60_a_69_ans", "soixante_soixante_neuf"},
    {"plus_de_70_ans", "soixante_dix_plus"},
}};
// The kiosk's three free-text values before schema 10, word for word, then
// keywords tried in this order on the text in lower case (ASCII letters
// folded, as SQLite's lower() does: the migration in server/store/schema.cpp
// applies the same table, and tests/server/test_coop_upgrade.cpp checks they
// agree).
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kLegacyRedirectionTexts{{
    {"France Services", "aide_aux_demarches_administratives"},
    {"Mairie ou CCAS", "administration"},
    {"Autre structure", "autre"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kRedirectionKeywords{{
    {"france service", "aide_aux_demarches_administratives"},
    {"maison france", "aide_aux_demarches_administratives"},
    {"mairie", "administration"},
    {"prefecture", "administration"},
    {"préfecture", "administration"},
    {"ccas", "aide_sociale"},
    {"centre social", "aide_sociale"},
    {"solidarit", "aide_sociale"},
    {"france travail", "insertion_professionnelle"},
    {"pole emploi", "insertion_professionnelle"},
    {"pôle emploi", "insertion_professionnelle"},
    {"mission locale", "insertion_professionnelle"},
    {"cpam", "operateur_ou_organisme_en_charge"},
    {"ameli", "operateur_ou_organisme_en_charge"},
    {"impots", "operateur_ou_organisme_en_charge"},
    {"impôts", "operateur_ou_organisme_en_charge"},
    {"urssaf", "operateur_ou_organisme_en_charge"},
    {"numerique", "mediation_numerique"},
    {"numérique", "mediation_numerique"},
}};

constexpr std::array<Choice, 4> kDurationBands{{
    {"0_30", "Moins de 30 min", "Under 30 min"},
    {"30_60", "30 min à 1 h", "30 min to 1 h"},
    {"60_120", "1 h à 2 h", "1 h to 2 h"},
    {"120_plus", "2 h et plus", "2 h or more"},
}};

constexpr std::string_view kDefaultPlace = "lieu_activite";
constexpr std::chrono::minutes kMaxDuration{8 * 60};

bool is_given(const std::optional<std::string>& field) {
  return field.has_value() && !field->empty();
}

template <std::size_t N>
std::string mapped(const std::array<std::pair<std::string_view, std::string_view>, N>& table, std::string_view code) {
  for (const auto& [old_code, current] : table) {
    if (old_code == code) return std::string{current};
  }
  return std::string{code};
}

// ASCII letters in lower case, other bytes as they are: SQLite's lower().
std::string ascii_lower(std::string_view text) {
  std::string out{text};
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string quoted(std::string_view code) {
  return "«\u202F" + std::string{code} + "\u202F»";
}

std::optional<std::string> check_choice(std::span<const Choice> choices, std::string_view code, std::string_view what) {
  if (find_choice(choices, code) != nullptr) return std::nullopt;
  return std::string{what} + "\u202F: " + quoted(code) + ".";
}

}  // namespace

std::string_view coop_level_code(WorkshopLevel l) {
  switch (l) {
    case WorkshopLevel::None:
      return "";
    case WorkshopLevel::Beginner:
      return "debutant";
    case WorkshopLevel::Intermediate:
      return "intermediaire";
    case WorkshopLevel::Advanced:
      return "avance";
  }
  return "";
}

std::string join_codes(std::span<const std::string> codes) {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out += '|';
    out += c;
  }
  return out;
}

std::span<const ThemeInfo> general_themes() {
  return kGeneralThemes;
}
std::span<const ThemeInfo> administrative_themes() {
  return kAdministrativeThemes;
}

const ThemeInfo* find_theme(std::string_view code) {
  for (const auto& t : kGeneralThemes) {
    if (t.code == code) return &t;
  }
  for (const auto& t : kAdministrativeThemes) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

std::vector<std::string_view> suggested_themes(HelpTopic t) {
  // An administrative theme always comes with « Aide aux démarches
  // administratives », as in the Coop's form (administrative themes are only
  // offered once that theme is ticked).
  constexpr std::string_view aide = "aide_aux_demarches_administratives";
  switch (t) {
    case HelpTopic::Papers:
      return {aide, "papiers_elections_citoyennete"};
    case HelpTopic::Caf:
      return {aide, "famille_scolarite"};
    case HelpTopic::Taxes:
      return {aide, "argent_impots"};
    case HelpTopic::Health:
      return {"sante", aide, "social_sante"};
    case HelpTopic::Employment:
      return {"insertion_professionnelle", aide, "travail_formation"};
    case HelpTopic::Email:
      return {"email"};
    case HelpTopic::Device:
      return {"prendre_en_main_du_materiel"};
    case HelpTopic::Other:
      return {};
  }
  return {};
}

std::span<const Choice> equipment_choices() {
  return kEquipment;
}
std::span<const Choice> autonomy_choices() {
  return kAutonomy;
}
std::span<const Choice> age_bracket_choices() {
  return kAgeBrackets;
}
std::span<const Choice> social_status_choices() {
  return kSocialStatus;
}
std::span<const Choice> gender_choices() {
  return kGender;
}
std::span<const Choice> place_choices() {
  return kPlaces;
}
std::span<const Choice> redirection_choices() {
  return kRedirections;
}
std::span<const Choice> duration_band_choices() {
  return kDurationBands;
}

const Choice* find_choice(std::span<const Choice> choices, std::string_view code) {
  const auto it = std::find_if(choices.begin(), choices.end(), [&](const Choice& c) { return c.code == code; });
  return it == choices.end() ? nullptr : &*it;
}

std::string canonical_place(std::string_view code) {
  return mapped(kLegacyPlaces, code);
}

std::string canonical_age_bracket(std::string_view code) {
  return mapped(kLegacyAgeBrackets, code);
}

std::optional<Redirection> canonical_redirection(std::string_view text) {
  const std::string_view given = text::trim(text);
  if (given.empty()) return std::nullopt;
  if (find_choice(kRedirections, given) != nullptr) return Redirection{std::string{given}, std::nullopt};
  Redirection r{"autre", std::string{text}};
  for (const auto& c : kRedirections) {
    if (c.label == given) {
      r.code = c.code;
      return r;
    }
  }
  for (const auto& [old_text, code] : kLegacyRedirectionTexts) {
    if (old_text == given) {
      r.code = code;
      return r;
    }
  }
  const std::string folded = ascii_lower(given);
  for (const auto& [keyword, code] : kRedirectionKeywords) {
    if (folded.find(keyword) != std::string::npos) {
      r.code = code;
      return r;
    }
  }
  return r;
}

ActivityRecord with_current_codes(ActivityRecord r) {
  r.place = canonical_place(r.place);
  r.age_bracket = canonical_age_bracket(r.age_bracket);
  if (r.redirection) {
    auto read = canonical_redirection(*r.redirection);
    if (!read) {
      r.redirection.reset();
    } else {
      r.redirection = read->code;
      if (read->detail && !r.redirection_detail) r.redirection_detail = std::move(read->detail);
    }
  }
  if (r.redirection_detail && text::is_blank(*r.redirection_detail)) r.redirection_detail.reset();
  return r;
}

std::optional<bool> oriented(const ActivityRecord& r) {
  if (r.redirection) return true;
  if (r.collective) return std::nullopt;
  return false;
}

std::string_view duration_band(std::chrono::minutes d) {
  if (d < std::chrono::minutes{30}) return kDurationBands[0].code;
  if (d < std::chrono::minutes{60}) return kDurationBands[1].code;
  if (d < std::chrono::minutes{120}) return kDurationBands[2].code;
  return kDurationBands[3].code;
}

std::string_view sensitive_note_warning(Language lang) {
  if (lang == Language::English) {
    return "Write nothing sensitive: no health, money matters or opinions. A few words are enough.";
  }
  return "N’écrivez rien de sensible\u202F: ni santé, ni situation financière, ni opinions. Quelques mots suffisent.";
}

std::optional<std::string> validate(const ActivityRecord& r) {
  if (r.themes.empty()) return "Choisissez au moins une thématique.";
  for (const auto& code : r.themes) {
    if (find_theme(code) == nullptr) return "Thématique inconnue\u202F: " + quoted(code) + ".";
  }
  if (r.duration <= std::chrono::minutes{0} || r.duration > kMaxDuration) {
    return "La durée doit être comprise entre 1 minute et 8 heures.";
  }
  if (r.participants < 1) return "Il faut au moins un participant.";
  if (!r.place.empty()) {
    if (auto error = check_choice(kPlaces, r.place, "Type de lieu inconnu")) return error;
  }
  for (const auto& code : r.equipment) {
    if (auto error = check_choice(kEquipment, code, "Matériel inconnu")) return error;
  }
  if (!r.autonomy.empty()) {
    if (auto error = check_choice(kAutonomy, r.autonomy, "Degré d’autonomie inconnu")) return error;
  }
  if (r.redirection) {
    if (find_choice(kRedirections, *r.redirection) == nullptr) {
      return "Structure de redirection inconnue\u202F: " + quoted(*r.redirection) +
             ". Choisissez-en une de la liste de La Coop (par exemple administration ou autre).";
    }
  }
  if (auto error = check_choice(kAgeBrackets, r.age_bracket, "Tranche d’âge inconnue")) return error;
  if (auto error = check_choice(kSocialStatus, r.social_status, "Statut inconnu")) return error;
  if (auto error = check_choice(kGender, r.gender, "Genre inconnu")) return error;
  if (is_given(r.place_insee) && !is_valid_insee_code(*r.place_insee)) {
    return "La commune du lieu doit être un code INSEE à 5 caractères, par exemple 21231.";
  }
  if (is_given(r.home_insee) && !is_valid_insee_code(*r.home_insee)) {
    return "La commune de résidence doit être un code INSEE à 5 caractères, par exemple 21231.";
  }
  if (auto error = validate_partners_and_cheques(r.partners, r.cheques, r.cheque_numbers)) return error;
  if (r.note.size() > kMaxNoteLength) {
    return "La note est trop longue\u202F: raccourcissez-la, quelques mots suffisent.";
  }
  return std::nullopt;
}

std::string activities_csv(std::span<const ActivityExportRow> rows, bool spreadsheet) {
  const char separator = spreadsheet ? ';' : ',';
  std::string out;
  if (spreadsheet) out += csv::kByteOrderMark;
  const std::vector<std::string> header{
      "date",
      "site",
      "type",
      "duree_minutes",
      "tranche_duree",
      "lieu",
      "commune_lieu_insee",
      "materiel",
      "thematiques",
      "thematiques_administratives",
      "autonomie",
      "orientation",
      "tranche_age",
      "statut",
      "genre",
      "commune_residence_insee",
      "anonyme",
      "participants",
      "atelier_titre",
      "atelier_niveau",
      "orientation_precision",
  };
  csv::append_row(out, header, separator);
  std::vector<std::string> general;
  std::vector<std::string> administrative;
  for (const auto& row : rows) {
    const ActivityRecord& r = row.record;
    general.clear();
    administrative.clear();
    for (const auto& code : r.themes) {
      const ThemeInfo* theme = find_theme(code);
      (theme != nullptr && theme->administrative ? administrative : general).push_back(code);
    }
    // Only what the national statistics need: no name, contact, member,
    // participant or appointment id, no note.
    // Text cells are neutralised by csv (a site's name or a workshop's title
    // starting with = is not a formula); the two counts are numbers.
    const std::vector<csv::Cell> fields{
        csv::text(to_iso_date(r.date)),
        csv::text(row.site_name),
        csv::text(r.collective ? "collectif" : "individuel"),
        csv::number(std::to_string(r.duration.count())),
        csv::text(std::string{duration_band(r.duration)}),
        csv::text(r.place.empty() ? std::string{kDefaultPlace} : r.place),
        csv::text(r.place_insee.value_or("")),
        csv::text(join_codes(r.equipment)),
        csv::text(join_codes(general)),
        csv::text(join_codes(administrative)),
        csv::text(r.autonomy),
        csv::text(r.redirection.value_or("")),
        csv::text(r.age_bracket),
        csv::text(r.social_status),
        csv::text(r.gender),
        csv::text(r.home_insee.value_or("")),
        csv::text(r.anonymous ? "oui" : "non"),
        csv::number(std::to_string(r.participants)),
        csv::text(r.collective ? r.workshop_title : std::string{}),
        csv::text(r.collective ? std::string{coop_level_code(r.level)} : std::string{}),
        csv::text(r.redirection_detail.value_or("")),
    };
    csv::append_row(out, fields, separator);
  }
  return out;
}

}  // namespace escale::mediation
