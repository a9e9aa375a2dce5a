// The APTIC cheques' monthly export (see cheque_export.hpp).
#include "reports/cheque_export.hpp"

#include "mediation/partners.hpp"
#include "store/activities.hpp"

namespace escale::server::reports {

std::optional<Period> claim_month(std::string_view text) {
  const bool shape = text.size() == 7 && text[4] == '-';
  if (!shape) return std::nullopt;
  auto period = parse_period(text, "", "", CivilDate{2000, 1, 1});
  if (!period || period->kind != PeriodKind::Month) return std::nullopt;
  return *period;
}

ChequeFile cheque_file(store::Database& db, std::int64_t site_id, const Period& month, bool spreadsheet) {
  const auto rows = list_cheques(db, site_id, month.first, month.last);
  ChequeFile f;
  f.csv = mediation::cheques_csv(rows, spreadsheet);
  f.filename = "cheques-aptic-lieu-" + std::to_string(site_id) + "-" + file_stem(month) +
               (spreadsheet ? "-tableur" : "") + ".csv";
  f.cheques = rows.size();
  return f;
}

}  // namespace escale::server::reports
