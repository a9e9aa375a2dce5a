#include "mediation/partners.hpp"  // first: the header is self-contained

// France Services' partners and the APTIC cheques (issue 19): the codes and
// labels, which partner a kiosk topic or an administrative theme stands for,
// the partners a record counts for, the cheques' rules and their claim file.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "mediation/activity.hpp"
#include "text/csv.hpp"

using namespace escale;
using namespace escale::mediation;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

ActivityRecord valid_record() {
  ActivityRecord r;
  r.id = "3f2b8c1e-0000-4000-8000-00000000a001";
  r.site_id = 7;
  r.mediator_id = 42;
  r.date = CivilDate{2026, 3, 14};
  r.duration = 45min;
  r.themes = {"aide_aux_demarches_administratives", "famille_scolarite"};
  return r;
}

}  // namespace

TEST_CASE("partners: the ten national partners with stable codes and France Services' labels", "[partners]") {
  const auto list = partners();
  REQUIRE(list.size() == 10);
  const std::vector<std::string_view> codes{
      "ants", "caf",     "assurance_maladie", "dgfip",         "france_travail", "assurance_retraite",
      "msa",  "justice", "la_poste",          "cheque_energie"};
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    CHECK(list[i].code == codes[i]);
    CHECK_FALSE(list[i].label.empty());
    CHECK_FALSE(list[i].label_en.empty());
    CHECK(seen.insert(list[i].code).second);
    CHECK(find_partner(list[i].code) == &list[i]);
  }
  CHECK(find_partner("ants")->label == "France Titres (ANTS)");
  CHECK(find_partner("dgfip")->label == "DGFiP (impôts)");
  CHECK(find_partner("cheque_energie")->label == "Chèque énergie");
  CHECK(find_partner("CAF") == nullptr);
  CHECK(find_partner("") == nullptr);
}

TEST_CASE("partners: each kiosk topic and administrative theme has its partner, or none", "[partners]") {
  CHECK(partner_of(HelpTopic::Papers) == "ants");
  CHECK(partner_of(HelpTopic::Caf) == "caf");
  CHECK(partner_of(HelpTopic::Taxes) == "dgfip");
  CHECK(partner_of(HelpTopic::Health) == "assurance_maladie");
  CHECK(partner_of(HelpTopic::Employment) == "france_travail");
  CHECK_FALSE(partner_of(HelpTopic::Email));
  CHECK_FALSE(partner_of(HelpTopic::Device));
  CHECK_FALSE(partner_of(HelpTopic::Other));

  CHECK(default_partner_of_theme("papiers_elections_citoyennete") == "ants");
  CHECK(default_partner_of_theme("transports_mobilite") == "ants");
  CHECK(default_partner_of_theme("famille_scolarite") == "caf");
  CHECK(default_partner_of_theme("logement") == "caf");
  CHECK(default_partner_of_theme("social_sante") == "assurance_maladie");
  CHECK(default_partner_of_theme("argent_impots") == "dgfip");
  CHECK(default_partner_of_theme("travail_formation") == "france_travail");
  CHECK(default_partner_of_theme("justice") == "justice");
  CHECK_FALSE(default_partner_of_theme("etrangers_europe"));
  CHECK_FALSE(default_partner_of_theme("loisirs_sports_culture"));
  CHECK_FALSE(default_partner_of_theme("aide_aux_demarches_administratives"));
  CHECK_FALSE(default_partner_of_theme("email"));
  // Every default is a known partner, and every administrative theme is mapped or deliberately not.
  int mapped = 0;
  for (const auto& theme : administrative_themes()) {
    if (const auto p = default_partner_of_theme(theme.code)) {
      CHECK(find_partner(*p) != nullptr);
      ++mapped;
    }
  }
  CHECK(mapped == 8);
  // A topic's suggested themes lead to the same partner as the topic itself.
  for (const auto topic : all_help_topics()) {
    std::set<std::string_view> from_themes;
    for (const auto theme : suggested_themes(topic)) {
      if (const auto p = default_partner_of_theme(theme)) from_themes.insert(*p);
    }
    const auto direct = partner_of(topic);
    INFO(to_string(topic));
    CHECK(from_themes.size() == (direct ? 1U : 0U));
    if (direct) CHECK(*from_themes.begin() == *direct);
  }
}

TEST_CASE("partners: a record counts for its own partners, else its themes' defaults, each once", "[partners]") {
  using V = std::vector<std::string_view>;
  CHECK(partners_counted({"caf", "ants"}, {"famille_scolarite"}) == V{"ants", "caf"});  // France Services' order
  CHECK(partners_counted({"msa"}, {"social_sante"}) == V{"msa"});  // the ticked one, not the default
  CHECK(partners_counted({}, {"aide_aux_demarches_administratives", "social_sante"}) == V{"assurance_maladie"});
  CHECK(partners_counted({}, {"famille_scolarite", "logement", "justice"}) == V{"caf", "justice"});
  CHECK(partners_counted({}, {"email", "etrangers_europe"}).empty());
  CHECK(partners_counted({}, {}).empty());

  const std::vector<HelpTopic> topics{HelpTopic::Taxes, HelpTopic::Email, HelpTopic::Papers, HelpTopic::Taxes};
  CHECK(suggested_partners(topics) == std::vector<std::string>{"ants", "dgfip"});
  CHECK(suggested_partners(std::vector<HelpTopic>{HelpTopic::Device}).empty());
}

TEST_CASE("partners: cheques and partners are checked, with messages that say what to do", "[partners][activity]") {
  ActivityRecord r = valid_record();
  CHECK_FALSE(validate(r));  // none: fine
  r.partners = {"caf", "cheque_energie"};
  r.cheques = 2;
  r.cheque_numbers = {"1234567890", "AB12CD"};
  CHECK_FALSE(validate(r));
  r.cheque_numbers.clear();  // the numbers are optional: typed later
  CHECK_FALSE(validate(r));

  SECTION("an unknown or repeated partner") {
    r.partners = {"caf", "urssaf"};
    CHECK_THAT(validate(r).value_or(""), Contains("Partenaire inconnu") && Contains("urssaf"));
    r.partners = {"caf", "caf"};
    CHECK_THAT(validate(r).value_or(""), Contains("deux fois"));
  }
  SECTION("a count below zero or too large") {
    r.cheques = -1;
    CHECK_THAT(validate(r).value_or(""), Contains("entre 0 et 50"));
    r.cheques = kMaxChequesPerRecord + 1;
    CHECK(validate(r).has_value());
    r.cheques = kMaxChequesPerRecord;
    CHECK_FALSE(validate(r));
  }
  SECTION("numbers that are not one per cheque") {
    r.cheque_numbers = {"1234567890"};
    CHECK_THAT(validate(r).value_or(""), Contains("1 numéro de chèque pour 2 chèques") && Contains("un numéro par"));
    r.cheques = 0;
    CHECK(validate(r).has_value());
  }
  SECTION("a malformed number") {
    for (const std::string& bad :
         std::vector<std::string>{"123", std::string(25, '7'), "12 34", "=1+2", "12-34", "ÉÉÉÉ", ""}) {
      r.cheque_numbers = {"1234567890", bad};
      INFO(bad);
      CHECK_THAT(validate(r).value_or(""), Contains("n’est pas valable") && Contains("4 à 24"));
    }
    r.cheque_numbers = {"1234567890", std::string(24, '7')};
    CHECK_FALSE(validate(r));
  }
  SECTION("the same number twice") {
    r.cheque_numbers = {"1234567890", "1234567890"};
    CHECK_THAT(validate(r).value_or(""), Contains("donné deux fois"));
  }
}

TEST_CASE("partners: a typed cheque number is normalised", "[partners]") {
  CHECK(normalise_cheque_number("ab-12 34") == "AB1234");
  CHECK(normalise_cheque_number("1234567890") == "1234567890");
  CHECK(normalise_cheque_number(" - ").empty());
  CHECK(normalise_cheque_number("=1+2") == "=1+2");  // left for validation to refuse
}

TEST_CASE("partners: the cheques' claim file, one row per cheque, formulas neutralised", "[partners][csv]") {
  std::vector<ChequeExportRow> rows(3);
  rows[0].date = CivilDate{2026, 11, 3};
  rows[0].site_name = "=HYPERLINK(\"http://x\")";
  rows[0].activity_id = "3f2b8c1e-0000-4000-8000-00000000a001";
  rows[0].cheque_number = "0012345678";
  rows[0].themes = {"aide_aux_demarches_administratives", "famille_scolarite"};
  rows[0].duration_min = 45;
  rows[1] = rows[0];
  rows[1].cheque_number = "0012345679";
  rows[2] = rows[0];
  rows[2].cheque_number.clear();  // not typed yet
  rows[2].collective = true;
  const std::string text = cheques_csv(rows);
  const auto parsed = csv::parse(text);
  REQUIRE(parsed.size() == 4);
  CHECK(parsed[0] == std::vector<std::string>{"date", "lieu", "numero_cheque", "accompagnement", "type", "thematiques",
                                              "duree_minutes"});
  CHECK(parsed[1] == std::vector<std::string>{"2026-11-03", "=HYPERLINK(\"http://x\")", "0012345678",
                                              "3f2b8c1e-0000-4000-8000-00000000a001", "individuel",
                                              "aide_aux_demarches_administratives|famille_scolarite", "45"});
  CHECK(parsed[3][2].empty());
  CHECK(parsed[3][4] == "collectif");
  // On the wire the site's name starts with a quote: a spreadsheet shows text, runs nothing.
  CHECK_THAT(text, Contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
  CHECK(text.find("\r\n") != std::string::npos);

  const std::string sheet = cheques_csv(rows, true);
  CHECK(sheet.rfind(std::string(csv::kByteOrderMark), 0) == 0);
  const auto sheet_rows = csv::parse(sheet, ';');
  CHECK(sheet_rows == parsed);
  CHECK(csv::parse(cheques_csv({})).size() == 1);  // the header alone
}
