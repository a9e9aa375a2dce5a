// The ingest log: SQL for the ingest_log table.
#include "store/ingest_log.hpp"

namespace escale::server {

void log_unstored_event(store::Database& db, const UnstoredEvent& e) {
  db.cached("INSERT INTO ingest_log (event_id, kiosk_id, type, status, reason, received_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(e.event_id, e.kiosk_id, e.type, e.status, e.reason, e.received_at)
      .run();
}

}  // namespace escale::server
