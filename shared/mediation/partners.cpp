// France Services' national partners and the APTIC cheques (see partners.hpp).
#include "mediation/partners.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "mediation/activity.hpp"  // join_codes
#include "text/csv.hpp"
#include "time/public_holidays.hpp"  // to_iso_date

namespace escale::mediation {
namespace {

// France Services' list of national partners (the « socle » of the label's
// charter, 2024: the nine operators plus the Chèque énergie desk), with the
// names the France Services network prints on its reports.
constexpr std::array<PartnerInfo, 10> kPartners{{
    {"ants", "France Titres (ANTS)", "France Titres (ANTS)"},
    {"caf", "CAF", "CAF (family benefits)"},
    {"assurance_maladie", "Assurance Maladie", "Assurance Maladie (health insurance)"},
    {"dgfip", "DGFiP (impôts)", "DGFiP (taxes)"},
    {"france_travail", "France Travail", "France Travail (employment)"},
    {"assurance_retraite", "Assurance retraite", "Assurance retraite (pensions)"},
    {"msa", "MSA", "MSA (farmers’ social security)"},
    {"justice", "Justice", "Justice"},
    {"la_poste", "La Poste", "La Poste"},
    {"cheque_energie", "Chèque énergie", "Energy cheque"},
}};

// An administrative theme's default partner. Themes shared by several
// partners (social_sante: also MSA, retirement) go to the one most people
// come for; the mediator ticks the exact one on the form.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kThemePartners{{
    {"papiers_elections_citoyennete", "ants"},
    {"transports_mobilite", "ants"},
    {"famille_scolarite", "caf"},
    {"logement", "caf"},
    {"social_sante", "assurance_maladie"},
    {"argent_impots", "dgfip"},
    {"travail_formation", "france_travail"},
    {"justice", "justice"},
}};

std::string quoted(std::string_view text) {
  return "«\u202F" + std::string(text) + "\u202F»";
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

std::span<const PartnerInfo> partners() {
  return kPartners;
}

const PartnerInfo* find_partner(std::string_view code) {
  const auto it =
      std::find_if(kPartners.begin(), kPartners.end(), [&](const PartnerInfo& p) { return p.code == code; });
  return it == kPartners.end() ? nullptr : &*it;
}

std::optional<std::string_view> partner_of(HelpTopic t) {
  switch (t) {
    case HelpTopic::Papers:
      return "ants";
    case HelpTopic::Caf:
      return "caf";
    case HelpTopic::Taxes:
      return "dgfip";
    case HelpTopic::Health:
      return "assurance_maladie";
    case HelpTopic::Employment:
      return "france_travail";
    case HelpTopic::Email:
    case HelpTopic::Device:
    case HelpTopic::Other:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string_view> default_partner_of_theme(std::string_view theme_code) {
  for (const auto& [theme, partner] : kThemePartners) {
    if (theme == theme_code) return partner;
  }
  return std::nullopt;
}

std::vector<std::string_view> partners_counted(const std::vector<std::string>& record_partners,
                                               const std::vector<std::string>& themes) {
  std::vector<std::string_view> out;
  auto has = [](const std::vector<std::string>& list, std::string_view code) {
    return std::find(list.begin(), list.end(), code) != list.end();
  };
  std::vector<std::string> defaults;
  if (record_partners.empty()) {
    for (const auto& theme : themes) {
      if (auto p = default_partner_of_theme(theme)) defaults.emplace_back(*p);
    }
  }
  const auto& chosen = record_partners.empty() ? defaults : record_partners;
  for (const auto& p : kPartners) {
    if (has(chosen, p.code)) out.push_back(p.code);
  }
  return out;
}

std::vector<std::string> suggested_partners(std::span<const HelpTopic> topics) {
  std::vector<std::string> out;
  for (const auto& p : kPartners) {
    const bool wanted = std::any_of(topics.begin(), topics.end(), [&](HelpTopic t) { return partner_of(t) == p.code; });
    if (wanted) out.emplace_back(p.code);
  }
  return out;
}

std::string normalise_cheque_number(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::optional<std::string> validate_partners_and_cheques(const std::vector<std::string>& record_partners, int cheques,
                                                         const std::vector<std::string>& numbers) {
  for (std::size_t i = 0; i < record_partners.size(); ++i) {
    if (find_partner(record_partners[i]) == nullptr)
      return "Partenaire inconnu\u202F: " + quoted(record_partners[i]) + ". Choisissez-le dans la liste.";
    if (std::find(record_partners.begin(), record_partners.begin() + static_cast<std::ptrdiff_t>(i),
                  record_partners[i]) != record_partners.begin() + static_cast<std::ptrdiff_t>(i))
      return "Le partenaire " + quoted(record_partners[i]) + " est coché deux fois.";
  }
  if (cheques < 0 || cheques > kMaxChequesPerRecord)
    return "Le nombre de chèques reçus doit être compris entre 0 et " + std::to_string(kMaxChequesPerRecord) + ".";
  if (!numbers.empty() && static_cast<int>(numbers.size()) != cheques) {
    return "Vous avez donné " + std::to_string(numbers.size()) + " numéro" + (numbers.size() > 1 ? "s" : "") +
           " de chèque pour " + std::to_string(cheques) + " chèque" + (cheques > 1 ? "s" : "") + " reçu" +
           (cheques > 1 ? "s" : "") +
           "\u202F: donnez un numéro par chèque, ou aucun numéro (vous pourrez les ajouter plus tard).";
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::string& n = numbers[i];
    const bool ok = n.size() >= kMinChequeNumberLength && n.size() <= kMaxChequeNumberLength &&
                    std::all_of(n.begin(), n.end(), is_alnum);
    if (!ok) {
      return "Le numéro de chèque " + quoted(n) + " n’est pas valable\u202F: recopiez les " +
             std::to_string(kMinChequeNumberLength) + " à " + std::to_string(kMaxChequeNumberLength) +
             " chiffres ou lettres imprimés sur le chèque.";
    }
    if (std::find(numbers.begin(), numbers.begin() + static_cast<std::ptrdiff_t>(i), n) !=
        numbers.begin() + static_cast<std::ptrdiff_t>(i))
      return "Le chèque n°\u00A0" + n + " est donné deux fois\u202F: chaque chèque ne compte qu’une fois.";
  }
  return std::nullopt;
}

std::string cheques_csv(std::span<const ChequeExportRow> rows, bool spreadsheet) {
  const char separator = spreadsheet ? ';' : ',';
  std::string out;
  if (spreadsheet) out += csv::kByteOrderMark;
  const std::vector<std::string> header{"date", "lieu",        "numero_cheque", "accompagnement",
                                        "type", "thematiques", "duree_minutes"};
  csv::append_row(out, header, separator);
  for (const auto& r : rows) {
    const std::vector<csv::Cell> cells{
        csv::text(to_iso_date(r.date)),
        csv::text(r.site_name),
        csv::text(r.cheque_number),
        csv::text(r.activity_id),
        csv::text(r.collective ? "collectif" : "individuel"),
        csv::text(join_codes(r.themes)),
        csv::number(std::to_string(r.duration_min)),
    };
    csv::append_row(out, cells, separator);
  }
  return out;
}

}  // namespace escale::mediation
