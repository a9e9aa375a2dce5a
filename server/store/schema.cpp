// Server schema migrations. Times are ISO 8601 UTC text ("…Z"); `local_date`
// columns hold the Europe/Paris calendar date, computed at write time, so
// daily reports group without time-zone arithmetic in SQL.
#include "store/schema.hpp"

#include <array>

namespace escale::server {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE sites (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',
  insee_code    TEXT NOT NULL,
  opening_hours TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE resources (
  id       INTEGER PRIMARY KEY,
  site_id  INTEGER NOT NULL REFERENCES sites(id),
  kind     TEXT NOT NULL CHECK (kind IN ('desk', 'visio_room')),
  name     TEXT NOT NULL,
  capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity > 0),
  features TEXT NOT NULL DEFAULT '',
  UNIQUE (site_id, name)
) STRICT;

CREATE TABLE members (
  id           INTEGER PRIMARY KEY,
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  first_name   TEXT NOT NULL,
  last_name    TEXT NOT NULL,
  email        TEXT,
  phone        TEXT,
  home_commune TEXT,
  age_bracket  TEXT NOT NULL DEFAULT 'unknown',
  roles        TEXT NOT NULL DEFAULT 'member',  -- comma-separated role names
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX members_site ON members(site_id);

CREATE TABLE badges (
  uid        TEXT PRIMARY KEY,  -- upper-case hex, 4, 7 or 10 bytes
  member_id  INTEGER NOT NULL REFERENCES members(id),
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
CREATE INDEX badges_member ON badges(member_id);

-- Kiosks and admin API clients authenticate with a bearer token; only its
-- BLAKE2b hash is kept.
CREATE TABLE kiosks (
  id           INTEGER PRIMARY KEY,
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT,
  last_sync_at TEXT,
  UNIQUE (site_id, name)
) STRICT;

CREATE TABLE api_clients (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

CREATE TABLE visits (
  id         TEXT PRIMARY KEY,  -- UUID made by the kiosk
  site_id    INTEGER NOT NULL REFERENCES sites(id),
  member_id  INTEGER REFERENCES members(id),  -- NULL for a walk-in
  kiosk_id   INTEGER REFERENCES kiosks(id),
  badge_uid  TEXT,
  check_in   TEXT NOT NULL,
  check_out  TEXT,
  local_date TEXT NOT NULL,     -- Europe/Paris date of check_in
  walk_in    INTEGER NOT NULL CHECK (walk_in IN (0, 1))
) STRICT;
CREATE INDEX visits_site_date ON visits(site_id, local_date);

-- Events a kiosk pushed that did not store anything new (duplicates and
-- rejections), in arrival order, for operators. Stored events are the visits
-- themselves. Idempotency rests on the visits' own UUID keys (sync/ingest.cpp).
CREATE TABLE ingest_log (
  seq         INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL,
  kiosk_id    INTEGER NOT NULL REFERENCES kiosks(id),
  type        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('duplicate', 'rejected')),
  reason      TEXT,
  received_at TEXT NOT NULL
) STRICT;

-- The change log kiosks pull from: the cursor is this table's rowid, strictly
-- increasing (AUTOINCREMENT never reuses a value).
CREATE TABLE changes (
  cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id    INTEGER NOT NULL,
  entity     TEXT NOT NULL CHECK (entity IN ('site', 'member', 'badge')),
  entity_key TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX changes_site_cursor ON changes(site_id, cursor);
)sql";

constexpr std::array kMigrations{
    store::Migration{1, "sites, members, badges, kiosks, visits, ingest log, change log", kV1},
};

}  // namespace

store::Database open_server_db(const std::filesystem::path& path) {
  store::Database db(path);
  store::migrate(db, kMigrations);
  return db;
}

int server_schema_version() {
  return static_cast<int>(kMigrations.size());
}

}  // namespace escale::server
