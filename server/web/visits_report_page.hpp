// The daily visits report as a web page (GET /api/v1/reports/visits?format=html):
// a table of days with a bar per day and the CSV links, standing alone (its own
// small stylesheet, printable). Built from web::Html, escaped by construction.
#pragma once

#include "reports/visits_report.hpp"
#include "web/html.hpp"

namespace escale::server::web {

Html visits_report_page(const VisitsReport& report);

}  // namespace escale::server::web
