// The monthly export of a site's Pass numérique / APTIC cheques (issue 19),
// for the reimbursement claim: which month, read strictly; the file and its
// name. The admin API (api/agenda_routes.cpp) and the back office's link
// (web/dashboard_pages.cpp, staff of the site) both serve it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reports/period.hpp"
#include "store/database.hpp"

namespace escale::server::reports {

// "2026-11" → that month; nullopt for anything else (a year, a quarter, a
// date, "2026-13", "2026-1").
std::optional<Period> claim_month(std::string_view text);

struct ChequeFile {
  std::string csv;
  std::string filename;  // "cheques-aptic-lieu-1-2026-11.csv", "…-tableur.csv"
  std::size_t cheques = 0;
};
// The site must exist (the caller checked it and the account's right to see it).
ChequeFile cheque_file(store::Database& db, std::int64_t site_id, const Period& month, bool spreadsheet);

}  // namespace escale::server::reports
