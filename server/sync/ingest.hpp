// The server side of one sync exchange: store the kiosk's events exactly once,
// then answer with the changes after its cursor. The whole push is one
// transaction: either every event of the request is decided (stored,
// duplicate or rejected) or none is, and the kiosk sends it again. Visits,
// booking intents, cancels and moves, badges given and members made in
// animator mode (attributed in the audit log); the answer carries the site
// (with its booking rules), members (animators with their PIN hash), badges,
// resources and bookings changed since the kiosk's cursor.
#pragma once

#include "store/credentials.hpp"
#include "store/database.hpp"
#include "sync/protocol.hpp"
#include "time/clock.hpp"

namespace escale::server {

// `at`: the time of the exchange (the ingest log's received_at, the kiosk's
// sync time, the answer's server_time, which past bookings are no longer sent).
// An up-to-date kiosk's poll takes no write lock (see ingest.cpp).
sync::SyncResponse handle_sync(store::Database& db, const KioskIdentity& kiosk, const sync::SyncRequest& request,
                               Instant at = now());

}  // namespace escale::server
