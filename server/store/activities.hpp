// Activity records (CRA) on the server: written by mediators at a kiosk (in
// animator mode, through the sync) or from the API, read for the anonymised
// export and, later, the reports.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "mediation/activity.hpp"
#include "mediation/partners.hpp"
#include "result.hpp"
#include "store/bookings.hpp"  // Actor
#include "store/database.hpp"

namespace escale::server {

// Validates (mediation::validate), checks the site, the mediator and, when
// named, the appointment (of that site; for an individual record, the
// participant in it), then stores the record — or replaces the record with
// the same id (a correction). One transaction; audited. Codes of before
// schema 10 (older kiosks, queued events, API callers) are stored as La Coop's
// (mediation::with_current_codes), a redirection's text in redirection_detail.
Result<mediation::ActivityRecord> record_activity(store::Database& db, const mediation::ActivityRecord& r,
                                                  const Actor& actor);
// The record as record_activity would store it (checked, with what it takes
// from the appointment), without storing it: to tell a repeated one apart.
Result<mediation::ActivityRecord> prepare_activity(store::Database& db, const mediation::ActivityRecord& r);
std::optional<mediation::ActivityRecord> find_activity(store::Database& db, const std::string& id);

struct ActivityQuery {
  std::optional<std::int64_t> site_id;
  std::optional<std::int64_t> mediator_id;
  std::optional<CivilDate> from;  // Paris dates, inclusive
  std::optional<CivilDate> to;
};
// Oldest first, with each record's site name, ready for activities_csv.
std::vector<mediation::ActivityExportRow> list_activities(store::Database& db, const ActivityQuery& q);

// The APTIC cheques a site's records received between two Paris dates
// inclusive, for the reimbursement claim: one row per cheque (a cheque whose
// number was not typed is a row with an empty number), by date.
std::vector<mediation::ChequeExportRow> list_cheques(store::Database& db, std::int64_t site_id, const CivilDate& first,
                                                     const CivilDate& last);

}  // namespace escale::server
