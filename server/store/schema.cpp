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

// v2: bookings of desks and visio rooms, their rules, calendar feed tokens,
// animator PINs, members created at a kiosk, the audit log of what animators
// and admins did, and bookings/resources in the change log.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE resources ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- Booking rules per site and resource kind; no row means the defaults
-- (shared/booking/booking.hpp default_rules).
CREATE TABLE booking_rules (
  site_id            INTEGER NOT NULL REFERENCES sites(id),
  kind               TEXT NOT NULL CHECK (kind IN ('desk', 'visio_room')),
  advance_days       INTEGER NOT NULL CHECK (advance_days >= 0),
  max_duration_min   INTEGER NOT NULL CHECK (max_duration_min > 0),
  max_per_day        INTEGER NOT NULL CHECK (max_per_day > 0),
  max_per_week       INTEGER NOT NULL CHECK (max_per_week > 0),
  grace_min          INTEGER NOT NULL CHECK (grace_min >= 0),
  check_in_early_min INTEGER NOT NULL CHECK (check_in_early_min >= 0),
  PRIMARY KEY (site_id, kind)
) STRICT;

-- A booking's id is a UUID made by whoever created it (a kiosk's intent or
-- the server). Refused intents are kept (status 'refused' + refusal code) so
-- the kiosk can tell the member why.
CREATE TABLE bookings (
  id            TEXT PRIMARY KEY,
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  resource_id   INTEGER NOT NULL REFERENCES resources(id),
  member_id     INTEGER NOT NULL REFERENCES members(id),
  start_at      TEXT NOT NULL,
  end_at        TEXT NOT NULL CHECK (end_at > start_at),
  local_date    TEXT NOT NULL,  -- Europe/Paris date of start_at
  status        TEXT NOT NULL CHECK (status IN ('confirmed', 'checked_in', 'cancelled', 'no_show', 'refused')),
  refusal       TEXT,
  kiosk_id      INTEGER REFERENCES kiosks(id),  -- made at this kiosk, if any
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  checked_in_at TEXT
) STRICT;
CREATE INDEX bookings_resource_date ON bookings(resource_id, local_date);
CREATE INDEX bookings_member_date ON bookings(member_id, local_date);
CREATE INDEX bookings_site_date ON bookings(site_id, local_date);

-- The last line of defence: whatever the code path, two bookings that hold
-- their resource never overlap on it (times are ISO text of one format, so
-- text order is time order). A booking lies on one Paris day (the rules say
-- so), so the check looks at that day only, through bookings_resource_date.
CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
WHEN NEW.status IN ('confirmed', 'checked_in') AND EXISTS (
  SELECT 1 FROM bookings b WHERE b.resource_id = NEW.resource_id AND b.local_date = NEW.local_date AND b.id <> NEW.id
    AND b.status IN ('confirmed', 'checked_in') AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at)
BEGIN SELECT RAISE(ABORT, 'booking overlap'); END;
CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF resource_id, start_at, end_at, status ON bookings
WHEN NEW.status IN ('confirmed', 'checked_in') AND EXISTS (
  SELECT 1 FROM bookings b WHERE b.resource_id = NEW.resource_id AND b.local_date = NEW.local_date AND b.id <> NEW.id
    AND b.status IN ('confirmed', 'checked_in') AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at)
BEGIN SELECT RAISE(ABORT, 'booking overlap'); END;

-- A member's calendar feed address holds this random token (a read-only
-- capability on their bookings; regenerating it revokes the old address).
CREATE TABLE calendar_tokens (
  member_id  INTEGER PRIMARY KEY REFERENCES members(id),
  token      TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

-- Animators open animator mode at a kiosk with their badge and a PIN; only
-- its argon2id string is kept (and sent to their site's kiosks).
ALTER TABLE members ADD COLUMN pin_hash TEXT;
-- A member created at a kiosk carries the UUID the kiosk gave it, so the
-- event that created it is applied once.
ALTER TABLE members ADD COLUMN member_ref TEXT;
CREATE UNIQUE INDEX members_ref ON members(member_ref) WHERE member_ref IS NOT NULL;

-- Who did what: every change an animator (at a kiosk) or an admin client
-- makes. `detail` is JSON.
CREATE TABLE audit_log (
  seq             INTEGER PRIMARY KEY,
  at              TEXT NOT NULL,
  site_id         INTEGER,
  actor_member_id INTEGER REFERENCES members(id),
  kiosk_id        INTEGER REFERENCES kiosks(id),
  api_client_id   INTEGER REFERENCES api_clients(id),
  action          TEXT NOT NULL,
  subject         TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_site ON audit_log(site_id, seq);

-- The change log now also names resources and bookings (SQLite cannot
-- alter a CHECK constraint: rebuild the table, keeping every cursor).
CREATE TABLE changes_v2 (
  cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id    INTEGER NOT NULL,
  entity     TEXT NOT NULL CHECK (entity IN ('site', 'member', 'badge', 'resource', 'booking')),
  entity_key TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
INSERT INTO changes_v2 (cursor, site_id, entity, entity_key, changed_at)
  SELECT cursor, site_id, entity, entity_key, changed_at FROM changes;
DROP TABLE changes;
ALTER TABLE changes_v2 RENAME TO changes;
CREATE INDEX changes_site_cursor ON changes(site_id, cursor);
)sql";

// v3: the digital-mediation help agenda — appointment types, mediators' help
// hours and exceptions, appointments and their participants, activity
// records (CRA), reminders, the site's open-data details — and agenda
// entities in the change log.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE appointment_types (
  id             INTEGER PRIMARY KEY,
  site_id        INTEGER NOT NULL REFERENCES sites(id),
  name           TEXT NOT NULL,
  duration_min   INTEGER NOT NULL CHECK (duration_min > 0),
  collective     INTEGER NOT NULL DEFAULT 0,
  capacity       INTEGER NOT NULL DEFAULT 1 CHECK (capacity > 0),
  level          TEXT NOT NULL DEFAULT '',
  place          TEXT NOT NULL DEFAULT 'on_site',
  min_delay_min  INTEGER NOT NULL DEFAULT 0 CHECK (min_delay_min >= 0),
  max_delay_days INTEGER NOT NULL DEFAULT 30 CHECK (max_delay_days >= 0),
  active         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (site_id, name)
) STRICT;

CREATE TABLE help_hours (
  id           INTEGER PRIMARY KEY,
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  mediator_id  INTEGER NOT NULL REFERENCES members(id),
  weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute   INTEGER NOT NULL CHECK (end_minute > start_minute AND end_minute <= 1440),
  from_date    TEXT,
  until_date   TEXT
) STRICT;
CREATE INDEX help_hours_site ON help_hours(site_id);

CREATE TABLE help_exceptions (
  id          INTEGER PRIMARY KEY,
  site_id     INTEGER NOT NULL REFERENCES sites(id),
  mediator_id INTEGER REFERENCES members(id),  -- NULL: the whole site
  first_date  TEXT NOT NULL,
  last_date   TEXT NOT NULL CHECK (last_date >= first_date),
  reason      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX help_exceptions_site ON help_exceptions(site_id);

-- An appointment's id is a UUID made by whoever created it. An intent the
-- server could not place is kept, cancelled, with its refusal code, so the
-- kiosk that made it learns the outcome and the mediator can call back.
CREATE TABLE appointments (
  id           TEXT PRIMARY KEY,
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  type_id      INTEGER NOT NULL REFERENCES appointment_types(id),
  mediator_id  INTEGER NOT NULL REFERENCES members(id),
  start_at     TEXT NOT NULL,
  end_at       TEXT NOT NULL CHECK (end_at > start_at),
  local_date   TEXT NOT NULL,  -- Europe/Paris date of start_at
  collective   INTEGER NOT NULL DEFAULT 0,
  capacity     INTEGER NOT NULL DEFAULT 1 CHECK (capacity > 0),
  title        TEXT NOT NULL DEFAULT '',
  level        TEXT NOT NULL DEFAULT '',
  place        TEXT NOT NULL DEFAULT 'on_site',
  cancelled    INTEGER NOT NULL DEFAULT 0,
  refusal      TEXT,
  kiosk_id     INTEGER REFERENCES kiosks(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX appointments_site_date ON appointments(site_id, local_date);
CREATE INDEX appointments_mediator_date ON appointments(mediator_id, local_date);

-- People in an appointment. first_name, phone and email are erased (set to
-- '' / NULL, erased_at set) two years after the appointment; the activity
-- statistics stay.
CREATE TABLE participants (
  id             TEXT PRIMARY KEY,
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  member_id      INTEGER REFERENCES members(id),
  first_name     TEXT NOT NULL DEFAULT '',
  phone          TEXT,
  email          TEXT,
  reminders      INTEGER NOT NULL DEFAULT 0,
  topics         TEXT NOT NULL DEFAULT '',  -- help topic codes joined with '|'
  status         TEXT NOT NULL DEFAULT 'unknown'
                 CHECK (status IN ('unknown', 'seen', 'excused', 'revoked', 'noshow')),
  waiting        INTEGER NOT NULL DEFAULT 0,
  added_at       TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  erased_at      TEXT
) STRICT;
CREATE INDEX participants_appointment ON participants(appointment_id);

-- Activity records (CRA). No name here: a record points to its participant
-- (whose name goes after two years) and holds only the national model's
-- fields. Codes as in shared/mediation/activity.hpp; lists joined with '|'.
CREATE TABLE activities (
  id             TEXT PRIMARY KEY,
  site_id        INTEGER NOT NULL REFERENCES sites(id),
  mediator_id    INTEGER NOT NULL REFERENCES members(id),
  appointment_id TEXT NOT NULL DEFAULT '',
  participant_id TEXT NOT NULL DEFAULT '',
  collective     INTEGER NOT NULL DEFAULT 0,
  local_date     TEXT NOT NULL,
  duration_min   INTEGER NOT NULL CHECK (duration_min > 0),
  place          TEXT NOT NULL,
  place_insee    TEXT,
  equipment      TEXT NOT NULL DEFAULT '',
  themes         TEXT NOT NULL CHECK (themes <> ''),
  autonomy       TEXT NOT NULL DEFAULT '',
  redirection    TEXT,
  age_bracket    TEXT NOT NULL DEFAULT 'non_communique',
  social_status  TEXT NOT NULL DEFAULT 'non_communique',
  gender         TEXT NOT NULL DEFAULT 'non_communique',
  home_insee     TEXT,
  anonymous      INTEGER NOT NULL DEFAULT 0,
  participants   INTEGER NOT NULL DEFAULT 1 CHECK (participants > 0),
  workshop_title TEXT NOT NULL DEFAULT '',
  level          TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  recorded_at    TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX activities_site_date ON activities(site_id, local_date);
CREATE INDEX activities_appointment ON activities(appointment_id);

-- Reminders to send (48 h and 2 h before), one row per participant and kind.
CREATE TABLE reminders (
  participant_id  TEXT NOT NULL REFERENCES participants(id),
  kind            TEXT NOT NULL CHECK (kind IN ('48h', '2h')),
  channel         TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  due_at          TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  sent_at         TEXT,
  PRIMARY KEY (participant_id, kind)
) STRICT;
CREATE INDEX reminders_next ON reminders(state, next_attempt_at);

-- What the open-data export of the « lieux de médiation numérique » needs
-- beyond the site itself. `extra` holds the schema's optional columns as a
-- JSON object keyed by column name (multi-values as arrays).
CREATE TABLE site_mediation (
  site_id       INTEGER PRIMARY KEY REFERENCES sites(id),
  pivot         TEXT NOT NULL DEFAULT '',
  postal_code   TEXT NOT NULL DEFAULT '',
  commune       TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  extra         TEXT NOT NULL DEFAULT '{}',
  updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE changes_v3 (
  cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id    INTEGER NOT NULL,
  entity     TEXT NOT NULL CHECK (entity IN ('site', 'member', 'badge', 'resource', 'booking',
                                             'help_agenda', 'appointment')),
  entity_key TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
INSERT INTO changes_v3 (cursor, site_id, entity, entity_key, changed_at)
  SELECT cursor, site_id, entity, entity_key, changed_at FROM changes;
DROP TABLE changes;
ALTER TABLE changes_v3 RENAME TO changes;
CREATE INDEX changes_site_cursor ON changes(site_id, cursor);
)sql";

constexpr std::array kMigrations{
    store::Migration{1, "sites, members, badges, kiosks, visits, ingest log, change log", kV1},
    store::Migration{2, "bookings, booking rules, calendar tokens, PINs, audit log", kV2},
    store::Migration{3, "help agenda, participants, activity records, reminders, open-data details", kV3},
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
