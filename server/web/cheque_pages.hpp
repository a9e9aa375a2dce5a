// The site's APTIC cheques of a month, for its staff (issue 19): each
// accompaniment that received cheques, with the field where the animator or
// mediator types their numbers from the paper cheques, before the
// reimbursement claim (the CSV of dashboard_pages.hpp).
#pragma once

#include "web/web_auth.hpp"

namespace escale::server::web {

// GET /lieux/{site}/cheques?mois=2026-11 (StaffOfSite)
Response cheques_page(WebContext& ctx);
// POST /lieux/{site}/cheques: fields mois, fiche (the record's UUID), numeros
// (the numbers, separated by spaces, commas or line breaks). Saved through
// record_activity (the same checks as the kiosk and the API: one number per
// cheque, each cheque once in the network), with its audit row.
Response cheques_post(WebContext& ctx);

}  // namespace escale::server::web
