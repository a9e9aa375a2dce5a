// The dashboard pages: one site or all sites over a period, the previous
// period beside each figure, charts, tables, each table downloadable as CSV
// (UTF-8 with commas, or the « tableur » variant) and the whole as JSON.
// Reporting accounts see small counts as « < 5 » everywhere, downloads included.
#pragma once

#include "web/web_auth.hpp"

namespace escale::server::web {

// GET /tableau-de-bord?site=&period=|from=&to=
Response dashboard_page(WebContext& ctx);
// GET /tableau-de-bord/<table>.csv[?tableur=1&…] and /tableau-de-bord.json?…
Response dashboard_download(WebContext& ctx, std::string_view file);
// GET /api/v1/reports/dashboard?site=&period=… with a session cookie or an
// admin bearer token (admin tokens see every figure).
Response dashboard_api(WebContext& ctx, bool admin_token);
// GET /lieux/{site}/cheques.csv?mois=2026-11[&tableur=1]: the site's APTIC
// cheques of a month for the reimbursement claim (StaffOfSite).
Response cheque_export(WebContext& ctx);

}  // namespace escale::server::web
