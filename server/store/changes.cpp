// Change log: append on write, read distinct entities after a cursor.
#include "store/changes.hpp"

#include "store/network.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "text/log_text.hpp"
#include "time/clock.hpp"

namespace escale::server {

std::string_view entity_name(Entity e) {
  switch (e) {
    case Entity::Site:
      return "site";
    case Entity::Member:
      return "member";
    case Entity::Badge:
      return "badge";
    case Entity::Resource:
      return "resource";
    case Entity::Booking:
      return "booking";
    case Entity::HelpAgenda:
      return "help_agenda";
    case Entity::Appointment:
      return "appointment";
  }
  return "site";
}

std::optional<Entity> parse_entity(std::string_view s) {
  if (s == "site") return Entity::Site;
  if (s == "member") return Entity::Member;
  if (s == "badge") return Entity::Badge;
  if (s == "resource") return Entity::Resource;
  if (s == "booking") return Entity::Booking;
  if (s == "help_agenda") return Entity::HelpAgenda;
  if (s == "appointment") return Entity::Appointment;
  return std::nullopt;
}

// THE CHANGE FEED'S INVARIANT: a row becomes visible to a pull only once
// every lower cursor value is committed (or rolled back, never to be used).
// changes_after relies on it: a kiosk that was given cursor N never asks for
// anything at or below N again, so a row committed later with a cursor below
// N would be skipped for good.
//
// It holds because the cursor is assigned here, by SQLite (INTEGER PRIMARY
// KEY AUTOINCREMENT: MAX(cursor) + 1, never reused), inside the writer's
// transaction, and SQLite lets one writer at a time hold the write lock from
// this INSERT until its COMMIT (store::Transaction is BEGIN IMMEDIATE). So
// cursors are handed out in commit order: a transaction that got cursor N
// committed before any transaction could get N + 1. Never assign a cursor
// anywhere else (a counter in memory, a value computed before the write lock
// is taken, a second database): two writers could then commit out of order.
// tests/server/test_change_feed.cpp pulls while several writers commit.
void record_change(store::Database& db, std::int64_t site_id, Entity entity, std::string_view key) {
  db.cached("INSERT INTO changes (site_id, entity, entity_key, changed_at) VALUES (?, ?, ?, ?)")
      .bind_all(site_id, entity_name(entity), key, to_iso_utc(now()))
      .run();
}

ChangeBatch changes_after(store::Database& db, std::int64_t site_id, std::int64_t cursor, int limit) {
  ChangeBatch batch;
  if (limit < 1) limit = 1;
  // The newest cursor overall, read first: a change committed between the two
  // reads (when the caller holds no transaction) then has a larger cursor
  // than `top`, and either is in the batch or comes next time.
  // Both statements are cached: every kiosk's poll runs them.
  std::int64_t newest = 0;
  {
    auto top = db.cached("SELECT COALESCE(MAX(cursor), 0) FROM changes");
    top.step();
    newest = top.int64(0);
  }
  // A cursor from the future: the database was restored from a backup older
  // than the kiosk's last pull, and the cursors it holds will be given again.
  // Start the kiosk over from the beginning rather than skip those changes.
  if (cursor > newest) cursor = 0;
  // Each entity once, ordered by its latest change: an entity left out by the
  // limit has a later latest change than the returned cursor, so it comes next time.
  auto st = db.cached(
      "SELECT entity, entity_key, MAX(cursor) AS last FROM changes "
      "WHERE site_id IN (?, ?) AND cursor > ? GROUP BY entity, entity_key ORDER BY last LIMIT ?");
  st.bind_all(site_id, kNetworkFeed, cursor, limit + 1);
  std::int64_t last = cursor;
  int rows = 0;  // rows read, skipped ones included: the limit and the cursor count them
  while (st.step()) {
    if (rows++ == limit) {
      batch.more = true;
      break;
    }
    last = st.int64(2);
    // An entity this version does not know (a database written by a newer
    // Escale, or edited by hand) is not taken for another one: it is left
    // out, said in the log, and the cursor moves past it.
    const std::string name = st.text(0);
    const auto entity = parse_entity(name);
    if (!entity) {
      spdlog::error("change log: unknown entity « {} » (key « {} », cursor {}) for site {}; not sent to its kiosks",
                    log_text(name, 80), log_text(st.text(1), 80), last, site_id);
      continue;
    }
    batch.entities.push_back({*entity, st.text(1)});
  }
  // Nothing more for this site: jump to the newest cursor overall so the
  // kiosk does not rescan other sites' changes next time.
  if (!batch.more) last = std::max(last, newest);
  batch.cursor = last;
  return batch;
}

}  // namespace escale::server
