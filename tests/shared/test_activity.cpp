#include "mediation/activity.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "text/csv.hpp"

using namespace escale;
using namespace escale::mediation;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

bool is_snake_case(std::string_view code) {
  if (code.empty() || code.front() == '_' || code.back() == '_') return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::vector<std::string_view> codes_of(std::span<const Choice> choices) {
  std::vector<std::string_view> out;
  for (const auto& c : choices) out.push_back(c.code);
  return out;
}

ActivityRecord valid_individual() {
  ActivityRecord r;
  r.id = "3f2b8c1e-0000-4000-8000-00000000a001";
  r.site_id = 7;
  r.mediator_id = 42;
  r.appointment_id = "9d1c0b2a-0000-4000-8000-00000000b001";
  r.participant_id = "5e6f7a8b-0000-4000-8000-00000000c001";
  r.date = CivilDate{2026, 3, 14};
  r.duration = 45min;
  r.place = "lieu_activite";
  r.equipment = {"ordinateur", "telephone"};
  r.themes = {"aide_aux_demarches_administratives", "papiers_elections_citoyennete"};
  r.autonomy = "partiellement_autonome";
  r.age_bracket = "soixante_soixante_neuf";
  r.social_status = "retraite";
  r.gender = "feminin";
  r.home_insee = "21231";
  r.note = "Revenir pour la carte grise";
  return r;
}

ActivityRecord valid_workshop() {
  ActivityRecord r;
  r.id = "3f2b8c1e-0000-4000-8000-00000000a002";
  r.site_id = 7;
  r.mediator_id = 42;
  r.appointment_id = "9d1c0b2a-0000-4000-8000-00000000b002";
  r.collective = true;
  r.date = CivilDate{2026, 3, 19};
  r.duration = 90min;
  r.place = "autre";
  r.place_insee = "2A004";
  r.equipment = {"tablette"};
  r.themes = {"email", "securite_numerique"};
  r.participants = 6;
  r.workshop_title = "Découvrir la messagerie";
  r.level = WorkshopLevel::Beginner;
  return r;
}

}  // namespace

// ---------------------------------------------------------------- themes

TEST_CASE("the 19 general themes, in the model's order, with the Coop's labels", "[activity]") {
  const std::vector<std::string_view> labels{
      "Diagnostic numérique",
      "Prendre en main du matériel",
      "Maintenance de matériel",
      "Gérer ses contenus numériques",
      "Navigation sur internet",
      "E-mail",
      "Bureautique",
      "Réseaux sociaux communication",
      "Santé",
      "Banque et achats en ligne",
      "Accompagner un professionnel",
      "Insertion professionnelle",
      "Prévention en sécurité numérique",
      "Parentalité",
      "Scolarité et numérique",
      "Créer avec le numérique",
      "Culture numérique",
      "Intelligence artificielle (IA)",
      "Aide aux démarches administratives",
  };
  // La Coop de la médiation numérique's API values.
  const std::vector<std::string_view> codes{
      "diagnostic_numerique",
      "prendre_en_main_du_materiel",
      "maintenance_de_materiel",
      "gere_ses_contenus_numeriques",
      "navigation_sur_internet",
      "email",
      "bureautique",
      "reseaux_sociaux",
      "sante",
      "banque_et_achats_en_ligne",
      "entrepreneuriat",
      "insertion_professionnelle",
      "securite_numerique",
      "parentalite",
      "scolarite_et_numerique",
      "creer_avec_le_numerique",
      "culture_numerique",
      "intelligence_artificielle",
      "aide_aux_demarches_administratives",
  };
  const auto themes = general_themes();
  REQUIRE(themes.size() == 19);
  for (std::size_t i = 0; i < themes.size(); ++i) {
    CAPTURE(i);
    CHECK(themes[i].label == labels[i]);
    CHECK(themes[i].code == codes[i]);
    CHECK_FALSE(themes[i].administrative);
    CHECK_FALSE(themes[i].label_en.empty());
  }
}

TEST_CASE("the 11 administrative themes, in the model's order", "[activity]") {
  // La Coop's form labels word for word (thematique.ts, thematiquesAdministrativesLabels).
  const std::vector<std::string_view> labels{
      "Papiers - Élections - Citoyenneté",
      "Famille - Scolarité",
      "Social - Santé",
      "Travail - Formation - Entreprise",
      "Logement",
      "Transports - Mobilité",
      "Argent - Impôts",
      "Justice",
      "Étrangers - Europe",
      "Loisirs - Sports - Culture",
      "Associations",
  };
  const std::vector<std::string_view> codes{
      "papiers_elections_citoyennete",
      "famille_scolarite",
      "social_sante",
      "travail_formation",
      "logement",
      "transports_mobilite",
      "argent_impots",
      "justice",
      "etrangers_europe",
      "loisirs_sports_culture",
      "associations",
  };
  const auto themes = administrative_themes();
  REQUIRE(themes.size() == 11);
  for (std::size_t i = 0; i < themes.size(); ++i) {
    CAPTURE(i);
    CHECK(themes[i].label == labels[i]);
    CHECK(themes[i].code == codes[i]);
    CHECK(themes[i].administrative);
    CHECK_FALSE(themes[i].label_en.empty());
  }
}

TEST_CASE("theme codes are unique snake_case across both lists", "[activity]") {
  std::set<std::string_view> seen;
  std::set<std::string_view> labels;
  for (auto list : {general_themes(), administrative_themes()}) {
    for (const auto& t : list) {
      CAPTURE(t.code);
      CHECK(is_snake_case(t.code));
      CHECK(seen.insert(t.code).second);
      CHECK(labels.insert(t.label).second);
    }
  }
  CHECK(seen.size() == 30);
}

TEST_CASE("find_theme looks in both lists", "[activity]") {
  const ThemeInfo* email = find_theme("email");
  REQUIRE(email != nullptr);
  CHECK(email->label == "E-mail");
  CHECK_FALSE(email->administrative);

  const ThemeInfo* papers = find_theme("papiers_elections_citoyennete");
  REQUIRE(papers != nullptr);
  CHECK(papers->administrative);
  CHECK(papers == &administrative_themes()[0]);

  for (const auto& t : general_themes()) CHECK(find_theme(t.code) == &t);
  for (const auto& t : administrative_themes()) CHECK(find_theme(t.code) == &t);

  for (std::string_view unknown : {"", "Email", "E-mail", "santé", "sante ", "papiers", "Associations"}) {
    CAPTURE(unknown);
    CHECK(find_theme(unknown) == nullptr);
  }
}

TEST_CASE("kiosk topics suggest themes", "[activity]") {
  using V = std::vector<std::string_view>;
  CHECK(suggested_themes(HelpTopic::Papers) ==
        V{"aide_aux_demarches_administratives", "papiers_elections_citoyennete"});
  CHECK(suggested_themes(HelpTopic::Caf) == V{"aide_aux_demarches_administratives", "famille_scolarite"});
  CHECK(suggested_themes(HelpTopic::Taxes) == V{"aide_aux_demarches_administratives", "argent_impots"});
  CHECK(suggested_themes(HelpTopic::Health) == V{"sante", "aide_aux_demarches_administratives", "social_sante"});
  CHECK(suggested_themes(HelpTopic::Employment) ==
        V{"insertion_professionnelle", "aide_aux_demarches_administratives", "travail_formation"});
  CHECK(suggested_themes(HelpTopic::Email) == V{"email"});
  CHECK(suggested_themes(HelpTopic::Device) == V{"prendre_en_main_du_materiel"});
  CHECK(suggested_themes(HelpTopic::Other).empty());

  for (HelpTopic t : {HelpTopic::Papers, HelpTopic::Caf, HelpTopic::Taxes, HelpTopic::Health, HelpTopic::Employment,
                      HelpTopic::Email, HelpTopic::Device, HelpTopic::Other}) {
    const auto suggested = suggested_themes(t);
    bool administrative = false;
    for (auto code : suggested) {
      CAPTURE(code);
      const ThemeInfo* theme = find_theme(code);
      REQUIRE(theme != nullptr);
      administrative = administrative || theme->administrative;
    }
    // An administrative theme always comes with « Aide aux démarches administratives ».
    if (administrative) {
      CHECK(std::find(suggested.begin(), suggested.end(), "aide_aux_demarches_administratives") != suggested.end());
    }
    // What the kiosk suggests passes validation.
    ActivityRecord r = valid_individual();
    r.themes.assign(suggested.begin(), suggested.end());
    if (!r.themes.empty()) CHECK_FALSE(validate(r).has_value());
  }
}

// ---------------------------------------------------------------- choices

TEST_CASE("the other fields' choices", "[activity]") {
  using V = std::vector<std::string_view>;
  CHECK(codes_of(equipment_choices()) == V{"ordinateur", "telephone", "tablette", "autre", "aucun"});
  CHECK(codes_of(autonomy_choices()) == V{"entierement_accompagne", "partiellement_autonome", "autonome"});
  CHECK(codes_of(age_bracket_choices()) == V{"moins_de_douze", "douze_dix_huit", "dix_huit_vingt_quatre",
                                             "vingt_cinq_trente_neuf", "quarante_cinquante_neuf",
                                             "soixante_soixante_neuf", "soixante_dix_plus", "non_communique"});
  CHECK(codes_of(social_status_choices()) == V{"scolarise", "sans_emploi", "en_emploi", "retraite", "non_communique"});
  CHECK(codes_of(gender_choices()) == V{"feminin", "masculin", "non_communique"});
  CHECK(codes_of(place_choices()) == V{"lieu_activite", "domicile", "a_distance", "autre"});
  CHECK(codes_of(duration_band_choices()) == V{"0_30", "30_60", "60_120", "120_plus"});

  for (auto list : {equipment_choices(), autonomy_choices(), age_bracket_choices(), social_status_choices(),
                    gender_choices(), place_choices(), redirection_choices(), duration_band_choices()}) {
    std::set<std::string_view> seen;
    for (const auto& c : list) {
      CAPTURE(c.code);
      CHECK(is_snake_case(c.code));
      CHECK(seen.insert(c.code).second);
      CHECK_FALSE(c.label.empty());
      CHECK_FALSE(c.label_en.empty());
    }
  }

  CHECK(find_choice(equipment_choices(), "aucun")->label == "Pas de matériel");
  CHECK(find_choice(place_choices(), "domicile")->label == "À domicile");
  CHECK(find_choice(age_bracket_choices(), "moins_de_douze")->label == "Moins de 12 ans");
  CHECK(find_choice(age_bracket_choices(), "soixante_dix_plus")->label == "70 ans et plus");
  CHECK(find_choice(gender_choices(), "feminin")->label == "Féminin");
  CHECK(find_choice(social_status_choices(), "retraite")->label_en == "Retired");
  CHECK(find_choice(autonomy_choices(), "autonome")->label == "Autonome");
  CHECK(find_choice(duration_band_choices(), "120_plus")->label == "2 h et plus");
  CHECK(find_choice(equipment_choices(), "telephone") == &equipment_choices()[1]);

  CHECK(find_choice(equipment_choices(), "") == nullptr);
  CHECK(find_choice(equipment_choices(), "Ordinateur") == nullptr);
  CHECK(find_choice(equipment_choices(), "lieu_activite") == nullptr);  // a code of another list
  CHECK(find_choice(gender_choices(), "autre") == nullptr);
  CHECK(find_choice({}, "autre") == nullptr);
}

TEST_CASE("duration bands", "[activity]") {
  CHECK(duration_band(0min) == "0_30");
  CHECK(duration_band(1min) == "0_30");
  CHECK(duration_band(29min) == "0_30");
  CHECK(duration_band(30min) == "30_60");
  CHECK(duration_band(59min) == "30_60");
  CHECK(duration_band(60min) == "60_120");
  CHECK(duration_band(119min) == "60_120");
  CHECK(duration_band(120min) == "120_plus");
  CHECK(duration_band(480min) == "120_plus");
  for (auto d : {1min, 45min, 90min, 300min}) CHECK(find_choice(duration_band_choices(), duration_band(d)) != nullptr);
}

TEST_CASE("the note warning", "[activity]") {
  CHECK(sensitive_note_warning() == sensitive_note_warning(Language::French));
  CHECK_THAT(std::string{sensitive_note_warning()}, Contains("rien de sensible") && Contains("santé"));
  CHECK_THAT(std::string{sensitive_note_warning(Language::English)}, Contains("sensitive") && Contains("health"));
}

// ---------------------------------------------------------------- validate

TEST_CASE("valid activity records", "[activity]") {
  CHECK(validate(valid_individual()) == std::nullopt);
  CHECK(validate(valid_workshop()) == std::nullopt);

  ActivityRecord minimal;  // only the themes and a duration
  minimal.themes = {"bureautique"};
  minimal.duration = 1min;
  CHECK(validate(minimal) == std::nullopt);  // empty place means the site, empty autonomy is allowed

  ActivityRecord r = valid_individual();
  r.duration = 8h;
  CHECK(validate(r) == std::nullopt);
  r.note = std::string(kMaxNoteLength, 'a');
  CHECK(validate(r) == std::nullopt);
  r.place_insee = "";  // empty counts as not given
  r.home_insee = "2B033";
  CHECK(validate(r) == std::nullopt);
  r.equipment.clear();
  CHECK(validate(r) == std::nullopt);
}

TEST_CASE("validate says what to fix", "[activity]") {
  auto fails = [](ActivityRecord r) {
    auto error = validate(r);
    REQUIRE(error.has_value());
    CHECK_FALSE(error->empty());
    return *error;
  };

  SECTION("no theme") {
    ActivityRecord r = valid_individual();
    r.themes.clear();
    CHECK_THAT(fails(r), Contains("thématique"));
  }
  SECTION("an unknown theme") {
    ActivityRecord r = valid_individual();
    r.themes.push_back("association");
    CHECK_THAT(fails(r), Contains("Thématique inconnue") && Contains("association"));
    r.themes = {"E-mail"};  // a label is not a code
    CHECK_THAT(fails(r), Contains("E-mail"));
  }
  SECTION("a duration of zero, negative or over 8 hours") {
    ActivityRecord r = valid_individual();
    r.duration = 0min;
    CHECK_THAT(fails(r), Contains("durée"));
    r.duration = -5min;
    CHECK_THAT(fails(r), Contains("durée"));
    r.duration = 481min;
    CHECK_THAT(fails(r), Contains("8 heures"));
  }
  SECTION("an unknown place, equipment, autonomy, age bracket, status or gender") {
    ActivityRecord r = valid_individual();
    r.place = "maison";
    CHECK_THAT(fails(r), Contains("lieu") && Contains("maison"));
    r.place = "a_domicile";  // a legacy code: with_current_codes reads it, validate does not
    CHECK_THAT(fails(r), Contains("lieu") && Contains("a_domicile"));
    r = valid_individual();
    r.equipment.push_back("console");
    CHECK_THAT(fails(r), Contains("Matériel") && Contains("console"));
    r = valid_individual();
    r.autonomy = "un_peu";
    CHECK_THAT(fails(r), Contains("autonomie"));
    r = valid_individual();
    r.age_bracket = "";
    CHECK_THAT(fails(r), Contains("Tranche d’âge"));
    r = valid_individual();
    r.age_bracket = "12_18";
    CHECK_THAT(fails(r), Contains("12_18"));
    r = valid_individual();
    r.social_status = "etudiant";
    CHECK_THAT(fails(r), Contains("Statut"));
    r = valid_individual();
    r.gender = "F";
    CHECK_THAT(fails(r), Contains("Genre"));
    r = valid_individual();
    r.redirection = "France Services";  // a text, not a code: with_current_codes reads it, validate does not
    CHECK_THAT(fails(r), Contains("Structure de redirection inconnue\u202F: «\u202FFrance Services\u202F»") &&
                             Contains("Choisissez"));
  }
  SECTION("a bad INSEE code") {
    for (const char* code : {"2123", "212311", "2C004", "21 23", "abcde"}) {
      CAPTURE(code);
      ActivityRecord r = valid_individual();
      r.home_insee = code;
      CHECK_THAT(fails(r), Contains("INSEE") && Contains("résidence"));
      r = valid_workshop();
      r.place_insee = code;
      CHECK_THAT(fails(r), Contains("INSEE") && Contains("lieu"));
    }
  }
  SECTION("a note too long") {
    ActivityRecord r = valid_individual();
    r.note = std::string(kMaxNoteLength + 1, 'a');
    CHECK_THAT(fails(r), Contains("note"));
    // bytes of UTF-8: 250 « é » are 500 bytes, one more is too many
    r.note.clear();
    for (int i = 0; i < 250; ++i) r.note += "é";
    CHECK(validate(r) == std::nullopt);
    r.note += "é";
    CHECK_THAT(fails(r), Contains("note"));
  }
  SECTION("fewer than one participant") {
    ActivityRecord r = valid_workshop();
    r.participants = 0;
    CHECK_THAT(fails(r), Contains("participant"));
    r.participants = -3;
    CHECK_THAT(fails(r), Contains("participant"));
  }
}

// ---------------------------------------------------------------- export

TEST_CASE("activities_csv: header and every column", "[activity]") {
  ActivityExportRow individual;
  individual.record = valid_individual();
  individual.site_name = "Tiers-lieu du Haut-Val";
  ActivityExportRow workshop;
  workshop.record = valid_workshop();
  workshop.site_name = "La Fabrique";

  const std::vector<ActivityExportRow> rows{individual, workshop};
  const std::string text = activities_csv(rows);
  CHECK_FALSE(text.starts_with(csv::kByteOrderMark));
  CHECK(text.find("\r\n") != std::string::npos);

  const auto parsed = csv::parse(text);
  REQUIRE(parsed.size() == 3);
  using Row = std::vector<std::string>;
  CHECK(parsed[0] == Row{"date",
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
                         "orientation_precision"});
  CHECK(parsed[1] == Row{"2026-03-14",
                         "Tiers-lieu du Haut-Val",
                         "individuel",
                         "45",
                         "30_60",
                         "lieu_activite",
                         "",
                         "ordinateur|telephone",
                         "aide_aux_demarches_administratives",
                         "papiers_elections_citoyennete",
                         "partiellement_autonome",
                         "",
                         "soixante_soixante_neuf",
                         "retraite",
                         "feminin",
                         "21231",
                         "non",
                         "1",
                         "",
                         "",
                         ""});
  CHECK(parsed[2] == Row{"2026-03-19",
                         "La Fabrique",
                         "collectif",
                         "90",
                         "60_120",
                         "autre",
                         "2A004",
                         "tablette",
                         "email|securite_numerique",
                         "",
                         "",
                         "",
                         "non_communique",
                         "non_communique",
                         "non_communique",
                         "",
                         "non",
                         "6",
                         "Découvrir la messagerie",
                         "debutant",
                         ""});
  for (const auto& row : parsed) CHECK(row.size() == 21);
}

TEST_CASE("activities_csv: more values and edge cases", "[activity]") {
  ActivityExportRow row;
  row.record = valid_individual();
  row.record.anonymous = true;
  row.record.place.clear();  // empty place: the site
  row.record.duration = 120min;
  row.record.themes = {"papiers_elections_citoyennete", "email", "transports_mobilite",
                       "aide_aux_demarches_administratives"};
  row.record.redirection = "aide_aux_demarches_administratives";
  row.record.redirection_detail = "France Services, Mairie de Beaune";
  row.record.workshop_title = "Ignored for an individual record";
  row.record.level = WorkshopLevel::Advanced;
  row.record.date = CivilDate{2026, 1, 5};
  row.site_name = "Le \"Quai\", tiers-lieu";

  ActivityExportRow advanced;
  advanced.record = valid_workshop();
  advanced.record.level = WorkshopLevel::Advanced;
  advanced.record.duration = 29min;
  ActivityExportRow intermediate;
  intermediate.record = valid_workshop();
  intermediate.record.level = WorkshopLevel::Intermediate;
  ActivityExportRow no_level;
  no_level.record = valid_workshop();
  no_level.record.level = WorkshopLevel::None;

  const std::vector<ActivityExportRow> rows{row, advanced, intermediate, no_level};
  const std::string text = activities_csv(rows);
  // A field holding a comma and a quote is quoted, the quote doubled.
  CHECK_THAT(text, Contains("\"Le \"\"Quai\"\", tiers-lieu\""));
  CHECK_THAT(text, Contains("\"France Services, Mairie de Beaune\""));

  const auto parsed = csv::parse(text);
  REQUIRE(parsed.size() == 5);
  const auto& r = parsed[1];
  CHECK(r[0] == "2026-01-05");
  CHECK(r[1] == "Le \"Quai\", tiers-lieu");
  CHECK(r[4] == "120_plus");
  CHECK(r[5] == "lieu_activite");
  // Themes keep their given order, split between the two columns.
  CHECK(r[8] == "email|aide_aux_demarches_administratives");
  CHECK(r[9] == "papiers_elections_citoyennete|transports_mobilite");
  CHECK(r[11] == "aide_aux_demarches_administratives");
  CHECK(r[20] == "France Services, Mairie de Beaune");
  CHECK(r[16] == "oui");
  CHECK(r[18].empty());  // workshop fields only for a workshop
  CHECK(r[19].empty());
  CHECK(parsed[2][4] == "0_30");
  CHECK(parsed[2][19] == "avance");
  CHECK(parsed[3][19] == "intermediaire");
  CHECK(parsed[4][19].empty());
}

TEST_CASE("activities_csv leaves out names, notes and ids", "[activity]") {
  ActivityExportRow row;
  row.record = valid_individual();
  row.record.id = "ID-RECORD-Zephyrine";
  row.record.site_id = 987654;
  row.record.mediator_id = 123456;
  row.record.appointment_id = "ID-APPOINTMENT-Quentinelle";
  row.record.participant_id = "ID-PARTICIPANT-Bartholomine";
  row.record.note = "Prudence Wolkowicz, diabète, découvert bancaire";
  row.site_name = "Le Relais";
  ActivityExportRow workshop;
  workshop.record = valid_workshop();
  workshop.record.note = "Gervaise Tramontane est venue avec sa fille";
  workshop.site_name = "Le Relais";

  const std::vector<ActivityExportRow> rows{row, workshop};
  for (bool spreadsheet : {false, true}) {
    CAPTURE(spreadsheet);
    const std::string text = activities_csv(rows, spreadsheet);
    for (const char* secret : {"Zephyrine", "Quentinelle", "Bartholomine", "987654", "123456", "Prudence", "Wolkowicz",
                               "diabète", "découvert", "Gervaise", "Tramontane", "ID-"}) {
      CAPTURE(secret);
      CHECK(text.find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("activities_csv: the spreadsheet variant", "[activity]") {
  ActivityExportRow row;
  row.record = valid_individual();
  row.record.redirection = "administration";
  row.record.redirection_detail = "Mairie; CCAS, accueil";
  row.site_name = "Tiers-lieu, Beaune";
  const std::vector<ActivityExportRow> rows{row};

  const std::string text = activities_csv(rows, true);
  REQUIRE(text.starts_with(csv::kByteOrderMark));
  const std::string after_bom = text.substr(csv::kByteOrderMark.size());
  CHECK(after_bom.starts_with("date;site;type;duree_minutes;"));
  CHECK_THAT(text, Contains("\"Mairie; CCAS, accueil\""));  // quoted for the semicolon
  CHECK_THAT(text, Contains(";Tiers-lieu, Beaune;"));       // a comma needs no quotes here

  const auto parsed = csv::parse(text, ';');
  REQUIRE(parsed.size() == 2);
  CHECK(parsed[0].size() == 21);
  CHECK(parsed[0][0] == "date");  // the byte-order mark is not part of the first name
  CHECK(parsed[1][1] == "Tiers-lieu, Beaune");
  CHECK(parsed[1][7] == "ordinateur|telephone");
  CHECK(parsed[1][11] == "administration");
  CHECK(parsed[1][20] == "Mairie; CCAS, accueil");

  // Same cells as the comma variant.
  CHECK(csv::parse(activities_csv(rows), ',') == parsed);
}

TEST_CASE("activities_csv with no rows is the header alone", "[activity]") {
  const std::string text = activities_csv({});
  const auto parsed = csv::parse(text);
  REQUIRE(parsed.size() == 1);
  CHECK(parsed[0].size() == 21);
  CHECK(text.ends_with("atelier_niveau,orientation_precision\r\n"));
}

// Issue 14: a site's name or a workshop's title starting with = + - @ went
// into the activity (CRA) export as it was, and a spreadsheet ran it.
TEST_CASE("spreadsheet formulas in CSV: the activity export neutralises names and titles", "[activity]") {
  ActivityExportRow row;
  row.record = valid_workshop();
  row.record.workshop_title = "=HYPERLINK(\"https://evil.example\",\"Cliquez\")";
  row.site_name = "@SUM(1+1)";
  row.record.redirection = "autre";
  row.record.redirection_detail = "-2+3";
  const std::vector<ActivityExportRow> rows{row};
  for (const bool spreadsheet : {false, true}) {
    CAPTURE(spreadsheet);
    const char separator = spreadsheet ? ';' : ',';
    const std::string s(1, separator);
    const std::string text = activities_csv(rows, spreadsheet);
    CHECK_THAT(text, Contains(s + "'@SUM(1+1)" + s));
    CHECK_THAT(text, Contains(s + "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Cliquez\"\")\"" + s));
    CHECK_THAT(text, Contains(s + "'-2+3\r\n"));
    CHECK_THAT(text, Contains(s + "90" + s));  // numbers as they are
    // Read back exactly.
    const auto parsed = csv::parse(text, separator);
    REQUIRE(parsed.size() == 2);
    CHECK(parsed[1][1] == "@SUM(1+1)");
    CHECK(parsed[1][20] == "-2+3");
    CHECK(parsed[1][18] == "=HYPERLINK(\"https://evil.example\",\"Cliquez\")");
  }
}

// ---------------------------------------------------------------- La Coop's lists (issue 19)

// Every list against La Coop de la médiation numérique's v1 API values and
// form labels, word for word (route.ts, cra/fields/*.ts, beneficiaire/domain/*.ts).
TEST_CASE("the choices are La Coop's API values with its form labels", "[activity][coop]") {
  using P = std::vector<std::pair<std::string_view, std::string_view>>;
  auto pairs = [](std::span<const Choice> list) {
    P out;
    for (const auto& c : list) out.emplace_back(c.code, c.label);
    return out;
  };
  CHECK(pairs(place_choices()) == P{{"lieu_activite", "Lieu d’activité"},
                                    {"domicile", "À domicile"},
                                    {"a_distance", "À distance"},
                                    {"autre", "Autre lieu"}});
  CHECK(pairs(age_bracket_choices()) == P{{"moins_de_douze", "Moins de 12 ans"},
                                          {"douze_dix_huit", "12 - 17 ans"},
                                          {"dix_huit_vingt_quatre", "18 - 24 ans"},
                                          {"vingt_cinq_trente_neuf", "25 - 39 ans"},
                                          {"quarante_cinquante_neuf", "40 - 59 ans"},
                                          {"soixante_soixante_neuf", "60 - 69 ans"},
                                          {"soixante_dix_plus", "70 ans et plus"},
                                          {"non_communique", "Non communiqué"}});
  CHECK(pairs(redirection_choices()) ==
        P{{"administration", "Administration (mairie, préfecture…)"},
          {"mediation_numerique", "Autre structure de médiation numérique"},
          {"operateur_ou_organisme_en_charge", "Opérateur ou organisme en charge de la démarche administrative"},
          {"aide_sociale", "Structure d’aide sociale (maison des solidarités, centre social…)"},
          {"insertion_professionnelle",
           "Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)"},
          {"aide_aux_demarches_administratives", "Structure d’aide aux démarches administratives (France Services…)"},
          {"autre", "Autre"}});
  CHECK(pairs(equipment_choices()) == P{{"ordinateur", "Ordinateur"},
                                        {"telephone", "Téléphone"},
                                        {"tablette", "Tablette"},
                                        {"autre", "Autre"},
                                        {"aucun", "Pas de matériel"}});
  CHECK(pairs(autonomy_choices()) == P{{"entierement_accompagne", "Avec guidage"},
                                       {"partiellement_autonome", "Autonome avec guidage en cas de besoin"},
                                       {"autonome", "Autonome"}});
  CHECK(pairs(social_status_choices()) == P{{"scolarise", "Scolarisé"},
                                            {"sans_emploi", "Sans emploi"},
                                            {"en_emploi", "En emploi"},
                                            {"retraite", "Retraité"},
                                            {"non_communique", "Non communiqué ou hétérogène"}});
  CHECK(pairs(gender_choices()) ==
        P{{"feminin", "Féminin"}, {"masculin", "Masculin"}, {"non_communique", "Non communiqué"}});
  const ThemeInfo* associations = find_theme("associations");
  REQUIRE(associations != nullptr);
  CHECK(associations->label == "Associations");
  CHECK(associations->administrative);
}

TEST_CASE("legacy codes read as La Coop's: places and age brackets", "[activity][coop]") {
  CHECK(canonical_place("a_domicile") == "domicile");
  for (const auto& c : place_choices()) CHECK(canonical_place(c.code) == c.code);
  CHECK(canonical_place("") == "");
  CHECK(canonical_place("maison") == "maison");  // unknown: unchanged, validate names it

  CHECK(canonical_age_bracket("moins_de_12_ans") == "moins_de_douze");
  CHECK(canonical_age_bracket("de_12_a_18_ans") == "douze_dix_huit");
  CHECK(canonical_age_bracket("de_18_a_24_ans") == "dix_huit_vingt_quatre");
  CHECK(canonical_age_bracket("de_25_a_39_ans") == "vingt_cinq_trente_neuf");
  CHECK(canonical_age_bracket("de_40_a_59_ans") == "quarante_cinquante_neuf");
  CHECK(canonical_age_bracket("de_60_a_69_ans") == "soixante_soixante_neuf");
  CHECK(canonical_age_bracket("plus_de_70_ans") == "soixante_dix_plus");
  for (const auto& c : age_bracket_choices()) CHECK(canonical_age_bracket(c.code) == c.code);
  CHECK(canonical_age_bracket("12_18") == "12_18");
}

TEST_CASE("legacy redirection texts read as codes and the text is kept", "[activity][coop]") {
  auto read = [](std::string_view text) {
    auto r = canonical_redirection(text);
    REQUIRE(r.has_value());
    return *r;
  };
  // The kiosk's three values before schema 10.
  CHECK(read("France Services").code == "aide_aux_demarches_administratives");
  CHECK(read("France Services").detail == "France Services");
  CHECK(read("Mairie ou CCAS").code == "administration");
  CHECK(read("Mairie ou CCAS").detail == "Mairie ou CCAS");
  CHECK(read("Autre structure").code == "autre");
  CHECK(read("Autre structure").detail == "Autre structure");
  // A code stays a code, without a detail.
  for (const auto& c : redirection_choices()) {
    CAPTURE(c.code);
    CHECK(read(c.code).code == c.code);
    CHECK_FALSE(read(c.code).detail.has_value());
    CHECK(read(c.label).code == c.code);  // a label is read too, and kept
    CHECK(read(c.label).detail == std::string{c.label});
  }
  // Other texts by their keywords (ASCII letters in any case), else autre; the text kept as typed.
  CHECK(read("France services de Montbard").code == "aide_aux_demarches_administratives");
  CHECK(read("  Mairie de Beaune ").code == "administration");
  CHECK(read("  Mairie de Beaune ").detail == "  Mairie de Beaune ");
  CHECK(read("Préfecture de Dijon").code == "administration");
  CHECK(read("CCAS").code == "aide_sociale");
  CHECK(read("MISSION LOCALE").code == "insertion_professionnelle");
  CHECK(read("France Travail Beaune").code == "insertion_professionnelle");
  CHECK(read("cpam").code == "operateur_ou_organisme_en_charge");
  CHECK(read("Espace numérique de la médiathèque").code == "mediation_numerique");
  CHECK(read("Chez sa fille").code == "autre");
  CHECK(read("Chez sa fille").detail == "Chez sa fille");
  CHECK(read("=HYPERLINK(1)").code == "autre");
  // Blank: no redirection.
  CHECK_FALSE(canonical_redirection("").has_value());
  CHECK_FALSE(canonical_redirection("   ").has_value());
}

TEST_CASE("with_current_codes reads a whole record of an older kiosk", "[activity][coop]") {
  ActivityRecord old = valid_individual();
  old.place = "a_domicile";
  old.age_bracket = "plus_de_70_ans";
  old.redirection = "Mairie ou CCAS";
  const ActivityRecord now = with_current_codes(old);
  CHECK(now.place == "domicile");
  CHECK(now.age_bracket == "soixante_dix_plus");
  CHECK(now.redirection == "administration");
  CHECK(now.redirection_detail == "Mairie ou CCAS");
  CHECK(validate(now) == std::nullopt);
  // Nothing else changed.
  ActivityRecord rest = now;
  rest.place = old.place;
  rest.age_bracket = old.age_bracket;
  rest.redirection = old.redirection;
  rest.redirection_detail = old.redirection_detail;
  CHECK(rest == old);
  // Already current: unchanged; a detail given with a code is kept; a blank one goes.
  CHECK(with_current_codes(now) == now);
  ActivityRecord given = valid_individual();
  given.redirection = "autre";
  given.redirection_detail = "Chez le notaire";
  CHECK(with_current_codes(given) == given);
  given.redirection = "Notaire";
  CHECK(with_current_codes(given).redirection == "autre");
  CHECK(with_current_codes(given).redirection_detail == "Chez le notaire");
  given.redirection = " ";
  given.redirection_detail = "";
  CHECK_FALSE(with_current_codes(given).redirection.has_value());
  CHECK_FALSE(with_current_codes(given).redirection_detail.has_value());
}

TEST_CASE("oriente_vers_structure as La Coop reads it", "[activity][coop]") {
  ActivityRecord r = valid_individual();
  CHECK(oriented(r) == false);
  r.redirection = "administration";
  CHECK(oriented(r) == true);
  ActivityRecord w = valid_workshop();
  CHECK(oriented(w) == std::nullopt);
  w.redirection = "autre";
  CHECK(oriented(w) == true);
}
