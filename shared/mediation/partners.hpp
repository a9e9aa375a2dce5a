// The national partners of France Services (issue 19): the administrations a
// mediator helps people with (France Titres, the CAF, the Assurance Maladie…),
// with stable codes (store, sync, CSV) and the labels France Services uses;
// which partner a kiosk help topic or an administrative theme stands for; and
// the Pass numérique / APTIC cheques an accompaniment may receive (their
// numbers' rules and the monthly CSV for the reimbursement claim).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mediation/agenda.hpp"
#include "time/clock.hpp"

namespace escale::mediation {

struct PartnerInfo {
  std::string_view code;      // "ants", "caf", "assurance_maladie" … stable
  std::string_view label;     // « France Titres (ANTS) » …
  std::string_view label_en;  // "France Titres (ANTS)" …
};
// The ten national partners, in France Services' order.
std::span<const PartnerInfo> partners();
const PartnerInfo* find_partner(std::string_view code);  // nullptr when unknown

// The partner a kiosk topic stands for (papers → ants, caf → caf, taxes →
// dgfip, health → assurance_maladie, employment → france_travail); nullopt
// for email, device and other, which are no administration's business.
std::optional<std::string_view> partner_of(HelpTopic t);
// The default partner of an administrative theme (papiers, transports → ants;
// famille_scolarite, logement → caf; social_sante → assurance_maladie;
// argent_impots → dgfip; travail_formation → france_travail; justice →
// justice); nullopt for the others and for general themes.
std::optional<std::string_view> default_partner_of_theme(std::string_view theme_code);
// The partners an accompaniment counts for: its own when it names some, else
// the default partners of its themes (records made before partners existed,
// or where none was ticked), each once, in the partners' order.
std::vector<std::string_view> partners_counted(const std::vector<std::string>& partners,
                                               const std::vector<std::string>& themes);
// The partners a kiosk form pre-ticks for an appointment's topics.
std::vector<std::string> suggested_partners(std::span<const HelpTopic> topics);

// Pass numérique / APTIC cheques received during an accompaniment: how many,
// and their numbers when typed (optional: a kiosk records the count; the
// numbers may be given later from the API). A number is 4 to 24 letters or
// digits (APTIC prints digits; some issuers add letters); spaces and dashes
// typed inside are dropped by normalise_cheque_number.
inline constexpr int kMaxChequesPerRecord = 50;
inline constexpr std::size_t kMinChequeNumberLength = 4;
inline constexpr std::size_t kMaxChequeNumberLength = 24;
// Upper case, spaces and dashes removed ("ab-12 34" → "AB1234").
std::string normalise_cheque_number(std::string_view typed);
// nullopt when valid, else a French message: partners unknown or repeated,
// a count below 0 or above kMaxChequesPerRecord, numbers given that are not
// as many as the count, a malformed or repeated number.
std::optional<std::string> validate_partners_and_cheques(const std::vector<std::string>& partners, int cheques,
                                                         const std::vector<std::string>& cheque_numbers);

// One row of the cheque export: one cheque (or, for an accompaniment whose
// numbers were not typed, one row per cheque with an empty number, so that
// the claim's count matches and the missing numbers show).
struct ChequeExportRow {
  CivilDate date;  // of the accompaniment
  std::string site_name;
  std::string activity_id;    // the accompaniment (its record's UUID)
  std::string cheque_number;  // "" when not typed
  std::vector<std::string> themes;
  int duration_min = 0;
  bool collective = false;
};
// The claim's CSV: date, lieu, numero_cheque, accompagnement, type,
// thematiques, duree_minutes; UTF-8, commas, RFC 4180; `spreadsheet`: the
// « tableur » variant. Text cells through csv::text (formula-neutralised).
std::string cheques_csv(std::span<const ChequeExportRow> rows, bool spreadsheet = false);

}  // namespace escale::mediation
