// Server schema migrations. Times are ISO 8601 UTC text ("…Z"); `local_date`
// columns hold the Europe/Paris calendar date, computed at write time, so
// daily reports group without time-zone arithmetic in SQL.
#include "store/schema.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "store/bookings.hpp"
#include "store/member_portal.hpp"

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

// v4: the web back office and the usage reports — web accounts (admin,
// animator of one site, reporting), their sessions and failed logins; the
// web account behind an audit row; members' erasure (an anonymous profile
// stays) and first visit; the statistics rollups the dashboard reads.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE web_users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL COLLATE NOCASE UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'animator', 'reporting')),
  site_id       INTEGER REFERENCES sites(id),  -- an animator's site; NULL otherwise
  password_hash TEXT NOT NULL,                 -- argon2id string (libsodium crypto_pwhash_str)
  created_at    TEXT NOT NULL,
  disabled_at   TEXT,
  CHECK ((role = 'animator') = (site_id IS NOT NULL))
) STRICT;

-- A browser session: the cookie holds a random token, only its hash is kept.
CREATE TABLE web_sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES web_users(id),
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL  -- absolute end; idle sessions end earlier (web/auth.cpp)
) STRICT;
CREATE INDEX web_sessions_user ON web_sessions(user_id);

-- Failed logins, for rate limiting by login and by client address.
CREATE TABLE login_failures (
  id     INTEGER PRIMARY KEY,
  login  TEXT NOT NULL COLLATE NOCASE,
  client TEXT NOT NULL,
  at     TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_login ON login_failures(login, at);
CREATE INDEX login_failures_client ON login_failures(client, at);

ALTER TABLE audit_log ADD COLUMN web_user_id INTEGER REFERENCES web_users(id);

-- Erasure keeps the row as an anonymous statistical profile (site, age
-- bracket, home commune, membership dates) and the visits linked to it.
ALTER TABLE members ADD COLUMN erased_at TEXT;

-- >>> statistics rollups (reports/stats_rollup.*) >>>
-- (site, Paris day) pairs whose rollup row must be recomputed. Triggers
-- write them whenever a visit or booking of that day is written, whatever
-- the code path (old and new day on an update). A day in the future waits
-- here until it comes (reports/stats_rollup.cpp).
CREATE TABLE stats_dirty (
  site_id    INTEGER NOT NULL,
  local_date TEXT NOT NULL,
  PRIMARY KEY (site_id, local_date)
) STRICT, WITHOUT ROWID;

-- One row per site and Paris day: what the dashboard sums. Minutes of open
-- time, bookings and samples stop at the time the row was computed when the
-- day was not over (complete = 0; such a row is computed again later).
CREATE TABLE stats_days (
  site_id             INTEGER NOT NULL REFERENCES sites(id),
  local_date          TEXT NOT NULL,
  visits              INTEGER NOT NULL,  -- check-ins, walk-ins included
  walk_ins            INTEGER NOT NULL,
  member_visits       INTEGER NOT NULL,
  members             INTEGER NOT NULL,  -- distinct members that day
  timed_visits        INTEGER NOT NULL,  -- visits with a duration (checked out or auto-closed)
  visit_seconds       INTEGER NOT NULL,  -- their total duration
  auto_closed         INTEGER NOT NULL,  -- no check-out: closed at the site's closing time
  check_ins_by_hour   TEXT NOT NULL,     -- 24 counts, Paris hours 0..23, comma-separated
  open_minutes        INTEGER NOT NULL,  -- the site's opening hours that day
  desks               INTEGER NOT NULL,  -- desks counted that day (active, or booked)
  desk_ids            TEXT NOT NULL,     -- their ids, comma-separated
  desk_open_minutes   INTEGER NOT NULL,  -- desks × open minutes
  desk_booked_minutes INTEGER NOT NULL,  -- held bookings, clipped to opening hours
  booked_desk_ids     TEXT NOT NULL,     -- desks with a held booking that day
  desk_samples        TEXT NOT NULL,     -- 48 half-hours (HH:15, HH:45): desks in use, empty when closed
  rooms               INTEGER NOT NULL,  -- visio rooms (one unit each whatever the capacity)
  room_open_minutes   INTEGER NOT NULL,
  room_booked_minutes INTEGER NOT NULL,
  room_used_minutes   INTEGER NOT NULL,  -- checked-in bookings
  bookings_started    INTEGER NOT NULL,  -- confirmed, checked in or no-show, started
  no_shows            INTEGER NOT NULL,
  complete            INTEGER NOT NULL CHECK (complete IN (0, 1)),  -- the day was over when computed
  computed_at         TEXT NOT NULL,
  PRIMARY KEY (site_id, local_date)
) STRICT, WITHOUT ROWID;
CREATE INDEX stats_days_incomplete ON stats_days(local_date) WHERE complete = 0;

-- Visits per site, month and member, kept exact by the triggers below, so
-- distinct visitors over a year read a few thousand rows instead of every
-- visit (pseudonymous, like visits).
CREATE TABLE stats_member_months (
  site_id   INTEGER NOT NULL,
  month     TEXT NOT NULL,  -- "YYYY-MM", Paris calendar
  member_id INTEGER NOT NULL,
  visits    INTEGER NOT NULL,
  PRIMARY KEY (site_id, month, member_id)
) STRICT, WITHOUT ROWID;

-- Each member's first check-in (Paris date, any site), kept by a trigger:
-- « new members » without scanning visits, and a fact that stays when old
-- visits are purged.
CREATE TABLE stats_member_first (
  member_id  INTEGER PRIMARY KEY,
  first_date TEXT NOT NULL
) STRICT;

CREATE TRIGGER stats_visits_insert AFTER INSERT ON visits BEGIN
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (NEW.site_id, NEW.local_date);
  INSERT INTO stats_member_months (site_id, month, member_id, visits)
    SELECT NEW.site_id, substr(NEW.local_date, 1, 7), NEW.member_id, 1 WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (site_id, month, member_id) DO UPDATE SET visits = visits + 1;
  INSERT INTO stats_member_first (member_id, first_date) SELECT NEW.member_id, NEW.local_date
    WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (member_id) DO UPDATE SET first_date = excluded.first_date WHERE excluded.first_date < first_date;
END;
-- A check-out (the usual update) only marks its day; a visit moved to
-- another member, site or day also moves its count in stats_member_months.
-- A first check-in stays a fact: moving a visit later does not undo it.
CREATE TRIGGER stats_visits_update AFTER UPDATE OF site_id, member_id, check_in, check_out, local_date, walk_in
ON visits BEGIN
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (OLD.site_id, OLD.local_date);
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (NEW.site_id, NEW.local_date);
END;
CREATE TRIGGER stats_visits_move AFTER UPDATE OF site_id, member_id, local_date ON visits
WHEN OLD.site_id IS NOT NEW.site_id OR OLD.member_id IS NOT NEW.member_id
  OR substr(OLD.local_date, 1, 7) IS NOT substr(NEW.local_date, 1, 7) BEGIN
  UPDATE stats_member_months SET visits = visits - 1
    WHERE site_id = OLD.site_id AND month = substr(OLD.local_date, 1, 7) AND member_id = OLD.member_id;
  DELETE FROM stats_member_months
    WHERE site_id = OLD.site_id AND month = substr(OLD.local_date, 1, 7) AND member_id = OLD.member_id
      AND visits <= 0;
  INSERT INTO stats_member_months (site_id, month, member_id, visits)
    SELECT NEW.site_id, substr(NEW.local_date, 1, 7), NEW.member_id, 1 WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (site_id, month, member_id) DO UPDATE SET visits = visits + 1;
  INSERT INTO stats_member_first (member_id, first_date) SELECT NEW.member_id, NEW.local_date
    WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (member_id) DO UPDATE SET first_date = excluded.first_date WHERE excluded.first_date < first_date;
END;
CREATE TRIGGER stats_visits_delete AFTER DELETE ON visits BEGIN
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (OLD.site_id, OLD.local_date);
  UPDATE stats_member_months SET visits = visits - 1
    WHERE site_id = OLD.site_id AND month = substr(OLD.local_date, 1, 7) AND member_id = OLD.member_id;
  DELETE FROM stats_member_months
    WHERE site_id = OLD.site_id AND month = substr(OLD.local_date, 1, 7) AND member_id = OLD.member_id
      AND visits <= 0;
END;
CREATE TRIGGER stats_bookings_insert AFTER INSERT ON bookings BEGIN
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (NEW.site_id, NEW.local_date);
END;
CREATE TRIGGER stats_bookings_update AFTER UPDATE OF site_id, resource_id, start_at, end_at, local_date, status,
  checked_in_at ON bookings BEGIN
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (OLD.site_id, OLD.local_date);
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (NEW.site_id, NEW.local_date);
END;
CREATE TRIGGER stats_bookings_delete AFTER DELETE ON bookings BEGIN
  INSERT OR IGNORE INTO stats_dirty (site_id, local_date) VALUES (OLD.site_id, OLD.local_date);
END;

-- A database from before this version: every day with a visit or a booking
-- is dirty (days without either are computed when a report first asks), and
-- the member tables are filled from the visits.
INSERT OR IGNORE INTO stats_dirty (site_id, local_date)
  SELECT DISTINCT site_id, local_date FROM visits UNION SELECT DISTINCT site_id, local_date FROM bookings;
INSERT INTO stats_member_months (site_id, month, member_id, visits)
  SELECT site_id, substr(local_date, 1, 7), member_id, COUNT(*) FROM visits WHERE member_id IS NOT NULL
  GROUP BY site_id, substr(local_date, 1, 7), member_id;
INSERT INTO stats_member_first (member_id, first_date)
  SELECT member_id, MIN(local_date) FROM visits WHERE member_id IS NOT NULL GROUP BY member_id;
-- <<< statistics rollups <<<
)sql";

// v5: kiosk enrolment — one-time codes that a new kiosk exchanges for its token
// (store/enrolment.hpp), and the failed attempts that limit guessing.
constexpr const char* kV5 = R"sql(
CREATE TABLE kiosk_enrolment_codes (
  code_hash  TEXT PRIMARY KEY,  -- BLAKE2b of the normalised code; the code itself is shown once
  kiosk_id   INTEGER NOT NULL REFERENCES kiosks(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT,
  used_by    TEXT                -- the client address that exchanged it
) STRICT;
CREATE INDEX kiosk_enrolment_codes_kiosk ON kiosk_enrolment_codes(kiosk_id);

CREATE TABLE enrolment_failures (
  id     INTEGER PRIMARY KEY,
  client TEXT NOT NULL,
  at     TEXT NOT NULL
) STRICT;
CREATE INDEX enrolment_failures_client ON enrolment_failures(client, at);
)sql";

// Issue 15: words staff type in French, given in English too when they can
// (a kiosk in English shows them; empty: none given, the kiosk shows the
// French words marked as French). Empty for every existing row.
constexpr const char* kV6 = R"sql(
ALTER TABLE resources ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN features_en TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment_types ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
)sql";

// v7: what a yearly dashboard reads, in few pages (issue 16: 439 ms right
// after the OS file cache was emptied, at 10 million visits). Each member's
// visits per site and year beside the months (a year reads one row per member
// and site instead of twelve), kept exact by triggers as the months are; and
// the mediation reads covered by their indexes (no visit of the wide rows:
// appointments by site and day, their participants, activity records by site
// and day), which replace the narrower indexes they begin with.
constexpr const char* kV7 = R"sql(
CREATE TABLE stats_member_years (
  site_id   INTEGER NOT NULL,
  year      TEXT NOT NULL,  -- "YYYY", Paris calendar
  member_id INTEGER NOT NULL,
  visits    INTEGER NOT NULL,
  PRIMARY KEY (site_id, year, member_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER stats_member_years_insert AFTER INSERT ON visits WHEN NEW.member_id IS NOT NULL BEGIN
  INSERT INTO stats_member_years (site_id, year, member_id, visits)
    VALUES (NEW.site_id, substr(NEW.local_date, 1, 4), NEW.member_id, 1)
    ON CONFLICT (site_id, year, member_id) DO UPDATE SET visits = visits + 1;
END;
CREATE TRIGGER stats_member_years_move AFTER UPDATE OF site_id, member_id, local_date ON visits
WHEN OLD.site_id IS NOT NEW.site_id OR OLD.member_id IS NOT NEW.member_id
  OR substr(OLD.local_date, 1, 4) IS NOT substr(NEW.local_date, 1, 4) BEGIN
  UPDATE stats_member_years SET visits = visits - 1
    WHERE site_id = OLD.site_id AND year = substr(OLD.local_date, 1, 4) AND member_id = OLD.member_id;
  DELETE FROM stats_member_years
    WHERE site_id = OLD.site_id AND year = substr(OLD.local_date, 1, 4) AND member_id = OLD.member_id
      AND visits <= 0;
  INSERT INTO stats_member_years (site_id, year, member_id, visits)
    SELECT NEW.site_id, substr(NEW.local_date, 1, 4), NEW.member_id, 1 WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (site_id, year, member_id) DO UPDATE SET visits = visits + 1;
END;
CREATE TRIGGER stats_member_years_delete AFTER DELETE ON visits WHEN OLD.member_id IS NOT NULL BEGIN
  UPDATE stats_member_years SET visits = visits - 1
    WHERE site_id = OLD.site_id AND year = substr(OLD.local_date, 1, 4) AND member_id = OLD.member_id;
  DELETE FROM stats_member_years
    WHERE site_id = OLD.site_id AND year = substr(OLD.local_date, 1, 4) AND member_id = OLD.member_id
      AND visits <= 0;
END;
INSERT INTO stats_member_years (site_id, year, member_id, visits)
  SELECT site_id, substr(month, 1, 4), member_id, SUM(visits) FROM stats_member_months
  GROUP BY site_id, substr(month, 1, 4), member_id;

DROP INDEX appointments_site_date;
CREATE INDEX appointments_site_date_seen ON appointments(site_id, local_date, cancelled, collective, id);
DROP INDEX participants_appointment;
CREATE INDEX participants_appointment_seen
  ON participants(appointment_id, status, waiting, id, member_id, first_name, phone, erased_at);
DROP INDEX activities_site_date;
CREATE INDEX activities_site_date_facts ON activities(site_id, local_date, id, appointment_id, collective,
  duration_min, themes, age_bracket, home_insee, anonymous, participants);
)sql";

// v8 (issue 17): one membership for every site of the network. The network
// (the intercommunality: its name, SIREN and territory) is one row of its
// own, no longer guessed from the first site's open-data extras (whose
// territory and producer's SIREN fill it here). A member's `site_id` is now
// their home site (where they signed up; reports group by it); a member may
// use every site unless rows of member_sites restrict them to those sites.
// Staff roles at the home site stay in members.roles; a role at another site
// is a grant in member_site_roles. A site's booking limits count its own
// bookings or the whole network's (limits_scope). members_first_name finds
// the members who share a first name (kiosks of other sites then show their
// last initial).
constexpr const char* kV8 = R"sql(
CREATE TABLE network (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  name       TEXT NOT NULL,
  siren      TEXT NOT NULL,  -- 9 digits, or '' while not given
  territory  TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO network (id, name, siren, territory, updated_at)
  SELECT 1, '',
    coalesce((SELECT substr(json_extract(extra, '$.producer_siret'), 1, 9) FROM site_mediation
              WHERE json_valid(extra) AND json_type(extra, '$.producer_siret') = 'text'
                AND length(json_extract(extra, '$.producer_siret')) = 14
                AND json_extract(extra, '$.producer_siret') NOT GLOB '*[^0-9]*'
              ORDER BY site_id LIMIT 1), ''),
    coalesce((SELECT json_extract(extra, '$.territory') FROM site_mediation
              WHERE json_valid(extra) AND json_type(extra, '$.territory') = 'text'
              ORDER BY site_id LIMIT 1), ''),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now');

CREATE TABLE member_sites (
  member_id INTEGER NOT NULL REFERENCES members(id),
  site_id   INTEGER NOT NULL REFERENCES sites(id),
  PRIMARY KEY (member_id, site_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE member_site_roles (
  member_id  INTEGER NOT NULL REFERENCES members(id),
  site_id    INTEGER NOT NULL REFERENCES sites(id),
  role       TEXT NOT NULL CHECK (role IN ('animator', 'mediator')),
  granted_at TEXT NOT NULL,
  PRIMARY KEY (member_id, site_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_site_roles_site ON member_site_roles(site_id, member_id);

ALTER TABLE booking_rules ADD COLUMN limits_scope TEXT NOT NULL DEFAULT 'site'
  CHECK (limits_scope IN ('site', 'network'));

CREATE INDEX members_first_name ON members(first_name COLLATE NOCASE);

-- Members, badges and sites now travel in the network's feed (site 0) to
-- every kiosk: each one there once, so that an upgraded kiosk pulling from 0
-- receives the members of the other sites too.
INSERT INTO changes (site_id, entity, entity_key, changed_at)
  SELECT 0, 'site', CAST(id AS TEXT), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM sites ORDER BY id;
INSERT INTO changes (site_id, entity, entity_key, changed_at)
  SELECT 0, 'member', CAST(id AS TEXT), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM members WHERE active = 1
  ORDER BY id;
INSERT INTO changes (site_id, entity, entity_key, changed_at)
  SELECT 0, 'badge', uid, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM badges WHERE revoked_at IS NULL ORDER BY uid;
)sql";

// v9 (issue 18): « Mon espace », members on their phones. A one-time login
// link (from the kiosk's QR code, or sent by e-mail or SMS) opens a session
// of 90 days on a phone; only the hashes of both tokens are kept. Requests
// for a link are counted per address typed and per client (rate limits).
// A member's notification choices. Outgoing messages (login links, booking
// confirmations, reminders, waiting-list offers) wait in `messages`: what to
// send and to whom, never the text with its links (made at sending time, so
// that no secret rests in the database). Action links act on one thing
// without a session (cancel a booking from its reminder, a help appointment
// from its SMS). Waiting lists for a desk or the visio room: an offer is a
// booking held for the first waiting until they confirm (bookings.hold_until).
// `phone_e164` is the member's phone
// in E.164 form (written by the server when the phone is set), to find a
// member by the phone they type.
constexpr const char* kV9 = R"sql(
CREATE TABLE member_login_links (
  token_hash TEXT PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members(id),
  channel    TEXT NOT NULL CHECK (channel IN ('kiosk', 'email', 'sms')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
) STRICT;
CREATE INDEX member_login_links_member ON member_login_links(member_id, created_at);

CREATE TABLE member_sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  member_id    INTEGER NOT NULL REFERENCES members(id),
  csrf_token   TEXT NOT NULL,
  device       TEXT NOT NULL,  -- « Firefox sur Android », from the browser's User-Agent at login
  via          TEXT NOT NULL CHECK (via IN ('kiosk', 'email', 'sms')),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  ended_at     TEXT,
  ended_by     TEXT CHECK (ended_by IN ('member', 'staff', 'logout', 'erasure'))
) STRICT;
CREATE INDEX member_sessions_member ON member_sessions(member_id, ended_at);

CREATE TABLE member_link_requests (
  id      INTEGER PRIMARY KEY,
  address TEXT NOT NULL,  -- the e-mail (lower case) or phone (E.164) typed
  client  TEXT NOT NULL,
  at      TEXT NOT NULL
) STRICT;
CREATE INDEX member_link_requests_address ON member_link_requests(address, at);
CREATE INDEX member_link_requests_client ON member_link_requests(client, at);

CREATE TABLE member_preferences (
  member_id     INTEGER PRIMARY KEY REFERENCES members(id),
  channel       TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'none')),
  confirmations INTEGER NOT NULL CHECK (confirmations IN (0, 1)),
  reminders     INTEGER NOT NULL CHECK (reminders IN (0, 1)),
  updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  member_id       INTEGER REFERENCES members(id),
  subject         TEXT NOT NULL DEFAULT '',  -- what it is about: a booking's id…
  channel         TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient       TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  give_up_at      TEXT NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  sent_at         TEXT
) STRICT;
CREATE INDEX messages_next ON messages(state, next_attempt_at);
CREATE INDEX messages_member ON messages(member_id, created_at);

-- Links that act on one thing without a session, sent in messages: cancel a
-- booking from its reminder, cancel or move a help appointment booked on the
-- public page. Only the hash is kept; each expires (at the thing's start).
CREATE TABLE action_links (
  token_hash TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('booking', 'participant', 'wait_offer')),
  subject    TEXT NOT NULL,  -- the booking's, the participant's or the wait's id
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX action_links_subject ON action_links(kind, subject);

-- « Prévenez-moi si une place se libère »: a member waits for a desk or the
-- visio room at a site over a time. When one frees, the first waiting is
-- offered a booking held for them (bookings.hold_until) until they confirm.
CREATE TABLE booking_waits (
  id               INTEGER PRIMARY KEY,
  member_id        INTEGER NOT NULL REFERENCES members(id),
  site_id          INTEGER NOT NULL REFERENCES sites(id),
  kind             TEXT NOT NULL CHECK (kind IN ('desk', 'visio')),
  start_at         TEXT NOT NULL,
  end_at           TEXT NOT NULL CHECK (end_at > start_at),
  local_date       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'waiting'
                   CHECK (state IN ('waiting', 'offered', 'booked', 'expired', 'cancelled')),
  booking_id       TEXT REFERENCES bookings(id),  -- the held booking of an offer
  offer_expires_at TEXT,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX booking_waits_day ON booking_waits(site_id, kind, local_date, state, created_at);
CREATE INDEX booking_waits_member ON booking_waits(member_id, state);
ALTER TABLE bookings ADD COLUMN hold_until TEXT;  -- a waiting-list offer not confirmed yet: cancelled after this

-- « Tous les mardis matin jusqu'au 30 juin »: a member's weekly booking. Its
-- days within the site's advance window are booked at once; each later one is
-- booked (or refused, with its reason) when it enters the window. A desk's
-- part (morning, afternoon, day) follows each day's hours; the visio room's
-- times are Paris wall-clock minutes.
CREATE TABLE booking_series (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES members(id),
  site_id        INTEGER NOT NULL REFERENCES sites(id),
  kind           TEXT NOT NULL CHECK (kind IN ('desk', 'visio')),
  part           TEXT NOT NULL CHECK (part IN ('morning', 'afternoon', 'day', 'times')),
  start_minute   INTEGER,  -- 'times' only
  end_minute     INTEGER,
  first_date     TEXT NOT NULL,
  until_date     TEXT NOT NULL,
  handled_through TEXT NOT NULL,  -- the last day already booked, refused or skipped
  created_at     TEXT NOT NULL,
  cancelled_at   TEXT
) STRICT;
CREATE INDEX booking_series_open ON booking_series(cancelled_at, handled_through);
ALTER TABLE bookings ADD COLUMN series_id INTEGER REFERENCES booking_series(id);

ALTER TABLE members ADD COLUMN phone_e164 TEXT;
CREATE INDEX members_phone_e164 ON members(phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE INDEX members_email_lower ON members(lower(email)) WHERE email IS NOT NULL;
)sql";

// Version 10 (issue 19): activity records in La Coop de la médiation
// numérique's current codes (docs/la-coop.md). The place « a_domicile » is
// « domicile », the age brackets are La Coop's (« de_18_a_24_ans » →
// « dix_huit_vingt_quatre »…), and the redirection, free text until now, is
// one of La Coop's seven structure_de_redirection codes: the kiosk's three
// texts map word for word, any other text by the keywords of
// shared/mediation/activity.cpp (kRedirectionKeywords, same order, same
// ASCII-only case folding as SQLite's lower()), else « autre ». The text is
// kept in the new column redirection_detail; a blank one was no redirection.
constexpr std::string_view kV10 = R"sql(
ALTER TABLE activities ADD COLUMN redirection_detail TEXT;
UPDATE activities SET place = 'domicile' WHERE place = 'a_domicile';
UPDATE activities SET age_bracket = CASE age_bracket
    WHEN 'moins_de_12_ans' THEN 'moins_de_douze'
    WHEN 'de_12_a_18_ans' THEN 'douze_dix_huit'
    WHEN 'de_18_a_24_ans' THEN 'dix_huit_vingt_quatre'
    WHEN 'de_25_a_39_ans' THEN 'vingt_cinq_trente_neuf'
    WHEN 'de_40_a_59_ans' THEN 'quarante_cinquante_neuf'
    WHEN 'de_60_a_69_ans' THEN 'soixante_soixante_neuf'
    WHEN 'plus_de_70_ans' THEN 'soixante_dix_plus'
    ELSE age_bracket END
  WHERE age_bracket IN ('moins_de_12_ans', 'de_12_a_18_ans', 'de_18_a_24_ans', 'de_25_a_39_ans', 'de_40_a_59_ans',
                        'de_60_a_69_ans', 'plus_de_70_ans');
UPDATE activities SET redirection = NULL
  WHERE redirection IS NOT NULL AND trim(redirection, ' ' || char(9, 10, 13)) = '';
-- A code already (an API caller ahead of its time) stays, without a detail.
UPDATE activities SET redirection = trim(redirection, ' ' || char(9, 10, 13)) WHERE redirection IS NOT NULL AND trim(redirection, ' ' || char(9, 10, 13)) IN ('administration', 'mediation_numerique', 'operateur_ou_organisme_en_charge', 'aide_sociale', 'insertion_professionnelle', 'aide_aux_demarches_administratives', 'autre');
UPDATE activities SET redirection_detail = redirection, redirection = CASE
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Administration (mairie, préfecture…)' THEN 'administration'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Autre structure de médiation numérique' THEN 'mediation_numerique'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Opérateur ou organisme en charge de la démarche administrative' THEN 'operateur_ou_organisme_en_charge'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Structure d’aide sociale (maison des solidarités, centre social…)' THEN 'aide_sociale'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)' THEN 'insertion_professionnelle'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Structure d’aide aux démarches administratives (France Services…)' THEN 'aide_aux_demarches_administratives'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Autre' THEN 'autre'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'France Services' THEN 'aide_aux_demarches_administratives'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Mairie ou CCAS' THEN 'administration'
    WHEN trim(redirection, ' ' || char(9, 10, 13)) = 'Autre structure' THEN 'autre'
    WHEN instr(lower(redirection), 'france service') > 0 THEN 'aide_aux_demarches_administratives'
    WHEN instr(lower(redirection), 'maison france') > 0 THEN 'aide_aux_demarches_administratives'
    WHEN instr(lower(redirection), 'mairie') > 0 THEN 'administration'
    WHEN instr(lower(redirection), 'prefecture') > 0 THEN 'administration'
    WHEN instr(lower(redirection), 'préfecture') > 0 THEN 'administration'
    WHEN instr(lower(redirection), 'ccas') > 0 THEN 'aide_sociale'
    WHEN instr(lower(redirection), 'centre social') > 0 THEN 'aide_sociale'
    WHEN instr(lower(redirection), 'solidarit') > 0 THEN 'aide_sociale'
    WHEN instr(lower(redirection), 'france travail') > 0 THEN 'insertion_professionnelle'
    WHEN instr(lower(redirection), 'pole emploi') > 0 THEN 'insertion_professionnelle'
    WHEN instr(lower(redirection), 'pôle emploi') > 0 THEN 'insertion_professionnelle'
    WHEN instr(lower(redirection), 'mission locale') > 0 THEN 'insertion_professionnelle'
    WHEN instr(lower(redirection), 'cpam') > 0 THEN 'operateur_ou_organisme_en_charge'
    WHEN instr(lower(redirection), 'ameli') > 0 THEN 'operateur_ou_organisme_en_charge'
    WHEN instr(lower(redirection), 'impots') > 0 THEN 'operateur_ou_organisme_en_charge'
    WHEN instr(lower(redirection), 'impôts') > 0 THEN 'operateur_ou_organisme_en_charge'
    WHEN instr(lower(redirection), 'urssaf') > 0 THEN 'operateur_ou_organisme_en_charge'
    WHEN instr(lower(redirection), 'numerique') > 0 THEN 'mediation_numerique'
    WHEN instr(lower(redirection), 'numérique') > 0 THEN 'mediation_numerique'
    ELSE 'autre' END
  WHERE redirection IS NOT NULL AND redirection NOT IN ('administration', 'mediation_numerique', 'operateur_ou_organisme_en_charge', 'aide_sociale', 'insertion_professionnelle', 'aide_aux_demarches_administratives', 'autre');
)sql";

// v11 (issue 19): privacy by default. The network's retention settings (one
// row, the defaults of docs/privacy.md; store/retention.hpp checks their
// bounds) and when retention last ran. A member told that their membership
// will be anonymised (retention_notice_at). A visit whose identifiable
// details were cut (member and badge gone after N months) keeps a random
// visitor_key, the same for one member's visits of one day, so that a day's
// rollup computed again counts the same distinct members; cutting the member
// is not a move of the visit, so the members' monthly and yearly rollups
// (pseudonymous counts, no times) keep it. Calendar feed tokens are stored
// hashed like every other token: the table is rebuilt with token_hash, the
// old plaintext column is kept nullable for the rows of before, and
// open_server_db hashes them (hash_calendar_tokens) and clears it.
constexpr std::string_view kV11 = R"sql(
CREATE TABLE retention_settings (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  visits_months   INTEGER NOT NULL DEFAULT 3,   -- identifiable visit details
  inactive_months INTEGER NOT NULL DEFAULT 24,  -- no activity: the member is told…
  notice_months   INTEGER NOT NULL DEFAULT 1,   -- …then anonymised this long after
  audit_months    INTEGER NOT NULL DEFAULT 12,  -- the audit log
  attempts_months INTEGER NOT NULL DEFAULT 6,   -- failed logins, enrolment failures, link requests
  sessions_months INTEGER NOT NULL DEFAULT 1,   -- ended web and phone sessions, used or expired links
  updated_at      TEXT NOT NULL,
  last_run_at     TEXT
) STRICT;
INSERT INTO retention_settings (id, updated_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

ALTER TABLE members ADD COLUMN retention_notice_at TEXT;
ALTER TABLE visits ADD COLUMN visitor_key INTEGER;
CREATE INDEX visits_identifiable ON visits(local_date) WHERE member_id IS NOT NULL OR badge_uid IS NOT NULL;
-- Whether a member came, booked or was helped lately (store/retention.cpp), by member.
CREATE INDEX stats_member_months_member ON stats_member_months(member_id, month);
CREATE INDEX participants_member ON participants(member_id) WHERE member_id IS NOT NULL;

DROP TRIGGER stats_visits_move;
CREATE TRIGGER stats_visits_move AFTER UPDATE OF site_id, member_id, local_date ON visits
WHEN (OLD.site_id IS NOT NEW.site_id OR OLD.member_id IS NOT NEW.member_id
  OR substr(OLD.local_date, 1, 7) IS NOT substr(NEW.local_date, 1, 7))
  AND NOT (NEW.member_id IS NULL AND NEW.visitor_key IS NOT NULL AND OLD.visitor_key IS NULL) BEGIN
  UPDATE stats_member_months SET visits = visits - 1
    WHERE site_id = OLD.site_id AND month = substr(OLD.local_date, 1, 7) AND member_id = OLD.member_id;
  DELETE FROM stats_member_months
    WHERE site_id = OLD.site_id AND month = substr(OLD.local_date, 1, 7) AND member_id = OLD.member_id
      AND visits <= 0;
  INSERT INTO stats_member_months (site_id, month, member_id, visits)
    SELECT NEW.site_id, substr(NEW.local_date, 1, 7), NEW.member_id, 1 WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (site_id, month, member_id) DO UPDATE SET visits = visits + 1;
  INSERT INTO stats_member_first (member_id, first_date) SELECT NEW.member_id, NEW.local_date
    WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (member_id) DO UPDATE SET first_date = excluded.first_date WHERE excluded.first_date < first_date;
END;
DROP TRIGGER stats_member_years_move;
CREATE TRIGGER stats_member_years_move AFTER UPDATE OF site_id, member_id, local_date ON visits
WHEN (OLD.site_id IS NOT NEW.site_id OR OLD.member_id IS NOT NEW.member_id
  OR substr(OLD.local_date, 1, 4) IS NOT substr(NEW.local_date, 1, 4))
  AND NOT (NEW.member_id IS NULL AND NEW.visitor_key IS NOT NULL AND OLD.visitor_key IS NULL) BEGIN
  UPDATE stats_member_years SET visits = visits - 1
    WHERE site_id = OLD.site_id AND year = substr(OLD.local_date, 1, 4) AND member_id = OLD.member_id;
  DELETE FROM stats_member_years
    WHERE site_id = OLD.site_id AND year = substr(OLD.local_date, 1, 4) AND member_id = OLD.member_id
      AND visits <= 0;
  INSERT INTO stats_member_years (site_id, year, member_id, visits)
    SELECT NEW.site_id, substr(NEW.local_date, 1, 4), NEW.member_id, 1 WHERE NEW.member_id IS NOT NULL
    ON CONFLICT (site_id, year, member_id) DO UPDATE SET visits = visits + 1;
END;

CREATE TABLE calendar_tokens_v11 (
  member_id  INTEGER PRIMARY KEY REFERENCES members(id),
  token_hash TEXT UNIQUE,  -- hash_token of the address's token
  token      TEXT,         -- before v11 only: hashed and cleared when the database is opened
  created_at TEXT NOT NULL,
  CHECK (token_hash IS NOT NULL OR token IS NOT NULL)
) STRICT;
INSERT INTO calendar_tokens_v11 (member_id, token_hash, token, created_at)
  SELECT member_id, NULL, token, created_at FROM calendar_tokens;
DROP TABLE calendar_tokens;
ALTER TABLE calendar_tokens_v11 RENAME TO calendar_tokens;
CREATE INDEX calendar_tokens_plain ON calendar_tokens(member_id) WHERE token IS NOT NULL;
)sql";

// v12 (issue 19, open data of the places): the network names the producer
// of the open-data file (producer_id: its SIRET or RNA, or '' while not
// given), no longer the `producer_siret` extra of the lowest-numbered site —
// whose value, when it looks like a SIRET or an RNA, is carried over so the
// file keeps its name. site_opendata keeps, per site, the row of the file as
// last seen (its cells but date_maj, as a JSON array: the fingerprint) and
// when it last changed (date_maj). Rows carried over from site_mediation
// have an empty fingerprint: the first look adopts the row as it is and keeps
// the date the file already published.
constexpr std::string_view kV12 = R"sql(
ALTER TABLE network ADD COLUMN producer_id TEXT NOT NULL DEFAULT '';
UPDATE network SET producer_id = coalesce(
  (SELECT CASE WHEN (length(p) = 14 AND p NOT GLOB '*[^0-9]*')
                 OR (length(p) = 10 AND p GLOB 'W*' AND substr(p, 2) NOT GLOB '*[^0-9A-Za-z]*') THEN p END
   FROM (SELECT json_extract(extra, '$.producer_siret') AS p FROM site_mediation
         WHERE json_valid(extra) AND json_type(extra, '$.producer_siret') = 'text'
         ORDER BY site_id LIMIT 1)), '')
WHERE id = 1;

CREATE TABLE site_opendata (
  site_id     INTEGER PRIMARY KEY REFERENCES sites(id),
  fingerprint TEXT NOT NULL,  -- the row's cells but date_maj, JSON; '' until first seen
  changed_at  TEXT NOT NULL   -- ISO UTC: when a cell of the row last changed (date_maj)
) STRICT;
INSERT INTO site_opendata (site_id, fingerprint, changed_at)
  SELECT site_id, '', updated_at FROM site_mediation ORDER BY site_id;
)sql";

// v13 (issue 19, France Services): the national partners an activity record
// concerned (codes joined with '|'; '' for records made before, which the
// dashboard counts by their themes' default partners) and the Pass numérique /
// APTIC cheques it received: how many, and their numbers when typed. A
// cheque's number is its own row, the key: a cheque is claimed once in the
// whole network, whichever site or record typed it first. The dashboard's
// covering index of the records gains the two columns.
constexpr std::string_view kV13 = R"sql(
ALTER TABLE activities ADD COLUMN partners TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN cheques INTEGER NOT NULL DEFAULT 0 CHECK (cheques >= 0);
CREATE TABLE activity_cheques (
  number      TEXT PRIMARY KEY,  -- normalised: upper case, no space nor dash
  activity_id TEXT NOT NULL REFERENCES activities(id),
  position    INTEGER NOT NULL   -- the order they were typed in
) STRICT;
CREATE INDEX activity_cheques_activity ON activity_cheques(activity_id, position);
-- The dashboard's read of the records stays on its covering index (v7), now
-- with the partners and the cheques' count.
DROP INDEX activities_site_date_facts;
CREATE INDEX activities_site_date_facts ON activities(site_id, local_date, id, appointment_id, collective,
  duration_min, themes, age_bracket, home_insee, anonymous, participants, partners, cheques);
)sql";

constexpr std::array kMigrations{
    store::Migration{1, "sites, members, badges, kiosks, visits, ingest log, change log", kV1},
    store::Migration{2, "bookings, booking rules, calendar tokens, PINs, audit log", kV2},
    store::Migration{3, "help agenda, participants, activity records, reminders, open-data details", kV3},
    store::Migration{4, "web accounts and sessions, member erasure, statistics rollups", kV4},
    store::Migration{5, "kiosk enrolment codes", kV5},
    store::Migration{6, "English names of resources, appointment types and workshops", kV6},
    store::Migration{7, "members' visits per year, covering indexes for the dashboard's mediation reads", kV7},
    store::Migration{8, "the network: its settings, members' sites and roles per site, network-wide booking limits",
                     kV8},
    store::Migration{9, "« Mon espace »: members' login links and phone sessions, notification choices, messages", kV9},
    store::Migration{10, "activity records in La Coop's current codes, the redirection's text kept", kV10},
    store::Migration{
        11, "privacy by default: retention settings and notices, anonymised visits, hashed calendar tokens", kV11},
    store::Migration{12, "open data of the places: the network's producer, each site's row fingerprint and date", kV12},
    store::Migration{13, "France Services: activity records' partners and APTIC cheques", kV13},
};

}  // namespace

store::Database open_server_db(const std::filesystem::path& path) {
  store::Database db(path);
  store::migrate(db, kMigrations);
  fill_phone_keys(db);       // v9: phones set before the upgrade (nothing to do afterwards)
  hash_calendar_tokens(db);  // v11: calendar tokens stored in plain text before the upgrade
  return db;
}

store::Database open_server_db(const std::filesystem::path& path, int version) {
  store::Database db(path);
  const auto count = static_cast<std::size_t>(std::clamp(version, 0, server_schema_version()));
  store::migrate(db, std::span<const store::Migration>(kMigrations.data(), count));
  return db;
}

int server_schema_version() {
  return static_cast<int>(kMigrations.size());
}

}  // namespace escale::server
