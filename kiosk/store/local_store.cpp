// The kiosk's local store: schema (numbered migrations) and its SQL.
#include "store/local_store.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "domain/uuid.hpp"
#include "text/log_text.hpp"

namespace escale::kiosk {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE members (
  id         INTEGER PRIMARY KEY,  -- the server's member id
  first_name TEXT NOT NULL,
  last_name  TEXT NOT NULL,
  roles      TEXT NOT NULL
) STRICT;

CREATE TABLE badges (
  uid       TEXT PRIMARY KEY,
  member_id INTEGER NOT NULL,
  revoked   INTEGER NOT NULL CHECK (revoked IN (0, 1))
) STRICT;

CREATE TABLE visits (
  id         TEXT PRIMARY KEY,  -- UUID made here
  member_id  INTEGER,           -- NULL for a walk-in
  badge_uid  TEXT,
  check_in   TEXT NOT NULL,
  check_out  TEXT,
  local_date TEXT NOT NULL
) STRICT;
CREATE INDEX visits_member_check_in ON visits(member_id, check_in);

-- Events waiting to be pushed, in the order they happened (seq).
CREATE TABLE outbox (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  TEXT NOT NULL UNIQUE,
  type      TEXT NOT NULL,
  at        TEXT NOT NULL,
  visit_id  TEXT NOT NULL,
  member_id INTEGER,
  badge_uid TEXT
);

-- Events the server refused, kept for the animator and the logs.
CREATE TABLE rejected_events (
  event_id    TEXT PRIMARY KEY,
  type        TEXT NOT NULL,
  at          TEXT NOT NULL,
  reason      TEXT NOT NULL,
  rejected_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
)sql";

// v2: the site's resources, bookings (as synced, plus pending intents made
// here), booking rules, animators' PIN hashes and wrong-PIN counts; outbox
// events carry their whole JSON body (booking and animator events have more
// fields than visits).
constexpr std::string_view kV2 = R"sql(
ALTER TABLE members ADD COLUMN pin_hash TEXT;
ALTER TABLE outbox ADD COLUMN body TEXT;

CREATE TABLE resources (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL CHECK (kind IN ('desk', 'visio_room')),
  name     TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  features TEXT NOT NULL
) STRICT;

CREATE TABLE bookings (
  id          TEXT PRIMARY KEY,
  resource_id INTEGER NOT NULL,
  member_id   INTEGER NOT NULL,
  start_at    TEXT NOT NULL,
  end_at      TEXT NOT NULL,
  status      TEXT NOT NULL,
  refusal     TEXT,
  told        INTEGER NOT NULL DEFAULT 0  -- a refusal already told to the member
) STRICT;
CREATE INDEX bookings_start ON bookings(start_at);
CREATE INDEX bookings_member ON bookings(member_id, end_at);

CREATE TABLE booking_rules (
  kind TEXT PRIMARY KEY,
  body TEXT NOT NULL  -- the six numbers of BookingRules, space-separated
) STRICT;

CREATE TABLE pin_attempts (
  member_id    INTEGER PRIMARY KEY,
  failures     INTEGER NOT NULL,
  locked_until TEXT
) STRICT;
)sql";

// v4: the kiosk's enrolment: the token it got for its one-time code (one row;
// a token given in the configuration takes precedence over it).
constexpr std::string_view kV4 = R"sql(
CREATE TABLE kiosk_enrolment (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  server_url  TEXT NOT NULL,
  token       TEXT NOT NULL,
  kiosk_id    INTEGER NOT NULL,
  kiosk_name  TEXT NOT NULL,
  site_id     INTEGER NOT NULL,
  site_name   TEXT NOT NULL,
  enrolled_at TEXT NOT NULL
) STRICT;
)sql";

// v5: « préparation »: badge taps made after enrolment, before the first
// pull brought the site's members, noted with their time until the kiosk can
// tell what each one is (then replayed once, in order: see the block at the
// end of this file). sync_state 'first_pull' = 'pending' while waiting. A
// kiosk enrolled by an earlier version that never synced is still waiting;
// one that has synced (or uses a configured token) is not.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE early_taps (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  badge_uid TEXT NOT NULL,
  at        TEXT NOT NULL
) STRICT;
INSERT INTO sync_state (key, value)
  SELECT 'first_pull', 'pending' FROM kiosk_enrolment
  WHERE NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'last_sync');
)sql";

// v6: events set aside here. An outbox row that cannot be read, encoded or
// accepted by the server leaves the outbox for this table (it must not hold
// up the rows behind it), with its reason and its raw body: the only copy of
// what it held, for an operator (forgotten after kKeepSetAsideBodyDays).
// Events the server refused one by one stay in rejected_events without a
// body, as before: the server has them in its ingest log. The columns keep
// what the row held, which may be no UUID nor time.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE IF NOT EXISTS set_aside_events (
  id           INTEGER PRIMARY KEY,
  event_id     TEXT NOT NULL,
  type         TEXT NOT NULL,
  at           TEXT NOT NULL,
  reason       TEXT NOT NULL,
  set_aside_at TEXT NOT NULL,
  body         TEXT  -- the outbox body, or a first-schema row's columns as JSON
) STRICT;
CREATE INDEX IF NOT EXISTS set_aside_events_at ON set_aside_events(set_aside_at);
)sql";

// v7 (issue 15): a resource's name and equipment in English, when staff gave
// them (empty: none; the kiosk in English shows the French words, marked).
// The cursor goes back to 0: the next pull brings everything again, with
// the English words given while this kiosk ran a version that ignored them
// (a pull is idempotent; a new enrolment does the same).
constexpr std::string_view kV7 = R"sql(
ALTER TABLE resources ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN features_en TEXT NOT NULL DEFAULT '';
UPDATE sync_state SET value = '0' WHERE key = 'cursor';
)sql";

// v8 (issue 17, sync protocol 2): one membership for the network. The kiosk
// now holds every member of the network it may greet or must tell where to
// go: their home site, the only sites they may use when restricted (site
// ids, comma-separated; NULL: every site), and the network's sites by name.
// The cursor goes back to 0: the next pull brings the other sites' members.
constexpr std::string_view kV8 = R"sql(
ALTER TABLE members ADD COLUMN home_site_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN allowed_sites TEXT;
CREATE TABLE network_sites (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;
UPDATE sync_state SET value = '0' WHERE key = 'cursor';
)sql";

// v9 (issue 17): the animator's member search over a network's 20 000
// members. Each member's name folded (lower case, no accents) both ways,
// « marie dupont » and « dupont marie », indexed: a search is two index
// ranges instead of folding every name in C++ (29 ms at p99 on the bench
// machine, far more on a Raspberry Pi). Filled when members are applied;
// rows kept from before are filled once when the store opens
// (fill_search_names).
constexpr std::string_view kV9 = R"sql(
ALTER TABLE members ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN search_name_reversed TEXT NOT NULL DEFAULT '';
CREATE INDEX members_search_name ON members(search_name);
CREATE INDEX members_search_name_reversed ON members(search_name_reversed);
CREATE INDEX members_by_name ON members(last_name, first_name, id);
)sql";

// Not constexpr: migration 3 lives in local_agenda.cpp.
const std::array kMigrations{
    store::Migration{1, "members, badges, visits, outbox, sync state", kV1},
    store::Migration{2, "resources, bookings, rules, PINs, outbox bodies", kV2},
    store::Migration{3, "the help agenda and its appointments (no phones)", kLocalAgendaSchema},
    store::Migration{4, "the kiosk's enrolment (its token)", kV4},
    store::Migration{5, "badge taps noted before the first pull (préparation)", kV5},
    store::Migration{6, "events set aside here, with their raw body", kV6},
    store::Migration{7, "resources' names in English; everything pulled again", kV7},
    store::Migration{8, "the network's members, their home and allowed sites; the network's sites", kV8},
    store::Migration{9, "members' folded names for the animator's search", kV9},
};

// Rules are kept as the few numbers they are.
std::string rules_text(const BookingRules& r) {
  return std::to_string(r.advance_days) + " " + std::to_string(r.max_duration.count()) + " " +
         std::to_string(r.max_per_day) + " " + std::to_string(r.max_per_week) + " " + std::to_string(r.grace.count()) +
         " " + std::to_string(r.check_in_early.count());
}

std::optional<BookingRules> rules_from_text(const std::string& text) {
  BookingRules r;
  long long v[6] = {};
  if (std::sscanf(text.c_str(), "%lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) {
    return std::nullopt;
  }
  r.advance_days = static_cast<int>(v[0]);
  r.max_duration = std::chrono::minutes(v[1]);
  r.max_per_day = static_cast<int>(v[2]);
  r.max_per_week = static_cast<int>(v[3]);
  r.grace = std::chrono::minutes(v[4]);
  r.check_in_early = std::chrono::minutes(v[5]);
  return r;
}

constexpr std::string_view kBookingColumns = "id, resource_id, member_id, start_at, end_at, status, refusal";

std::optional<Booking> read_booking(const store::Statement& st) {
  Booking b;
  b.id = st.text(0);
  b.resource_id = st.int64(1);
  b.member_id = st.int64(2);
  const auto start = parse_iso_utc(st.text(3));
  const auto end = parse_iso_utc(st.text(4));
  const auto status = parse_booking_status(st.text(5));
  if (!start || !end || !status) return std::nullopt;
  b.start = *start;
  b.end = *end;
  b.status = *status;
  if (const auto r = st.optional_text(6)) b.refusal = parse_refusal(*r);
  return b;
}

// Folds the French letters a person may type without their accent:
// « élodie » and « Elodie » both find Élodie. ASCII lower case out.
std::string fold(std::string_view s) {
  static const std::pair<std::string_view, char> kMap[] = {
      {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"À", 'a'}, {"Â", 'a'}, {"Ä", 'a'}, {"ç", 'c'}, {"Ç", 'c'}, {"é", 'e'},
      {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'}, {"Ë", 'e'}, {"î", 'i'}, {"ï", 'i'},
      {"Î", 'i'}, {"Ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"Ô", 'o'}, {"Ö", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'},
      {"Ù", 'u'}, {"Û", 'u'}, {"Ü", 'u'}, {"ÿ", 'y'}, {"œ", 'o'}, {"Œ", 'o'}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool mapped = false;
    for (const auto& [from, to] : kMap) {
      if (s.substr(i, from.size()) == from) {
        out += to;
        if (from == "œ" || from == "Œ") out += 'e';
        i += from.size();
        mapped = true;
        break;
      }
    }
    if (mapped) continue;
    const char c = s[i++];
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// What the animator's search compares: « marie dupont » and « dupont marie ».
std::pair<std::string, std::string> search_names(std::string_view first_name, std::string_view last_name) {
  const std::string first = fold(first_name);
  const std::string last = fold(last_name);
  return {first + " " + last, last + " " + first};
}

// Members kept from before migration 9 get their folded names once.
void fill_search_names(store::Database& db) {
  std::vector<std::tuple<std::int64_t, std::string, std::string>> rows;
  {
    auto st = db.prepare("SELECT id, first_name, last_name FROM members WHERE search_name = ''");
    while (st.step()) rows.emplace_back(st.int64(0), st.text(1), st.text(2));
  }
  if (rows.empty()) return;
  store::Transaction tx(db);
  for (const auto& [id, first, last] : rows) {
    const auto [name, reversed] = search_names(first, last);
    db.cached("UPDATE members SET search_name = ?, search_name_reversed = ? WHERE id = ?")
        .bind_all(name, reversed, id)
        .run();
  }
  tx.commit();
}

store::Database open_local(const std::filesystem::path& path) {
  store::Database db(path);
  store::migrate(db, kMigrations);
  fill_search_names(db);
  return db;
}

void set_state(store::Database& db, std::string_view key, const std::string& value) {
  db.prepare("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind_all(key, value)
      .run();
}

std::optional<std::string> get_state(store::Database& db, std::string_view key) {
  auto st = db.prepare("SELECT value FROM sync_state WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

sync::Event visit_event(sync::EventType type, Instant at, const std::string& visit_id) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = type;
  e.at = at;
  e.visit_id = visit_id;
  return e;
}

// `text` with each byte that does not belong to a UTF-8 character replaced
// by U+FFFD: a reason quoting a damaged row is shown on screen and logged.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80                  ? 1
                          : (c >= 0xC2 && c < 0xE0) ? 2
                          : (c >= 0xE0 && c < 0xF0) ? 3
                          : (c >= 0xF0 && c < 0xF5) ? 4
                                                    : 0;
    bool ok = n > 0 && i + n <= text.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\uFFFD";
      ++i;
    }
  }
  return out;
}

// Columns of the outbox as pending_events reads them.
constexpr std::string_view kOutboxColumns = "seq, event_id, type, at, visit_id, member_id, badge_uid, body";

// One outbox row as the event the server will receive, or why it cannot be.
// The event goes through the encoder and back through the server's strict
// decoder: what passes here is what the server reads.
Result<sync::Event> read_outbox_row(const store::Statement& st) {
  try {
    const std::string event_id = st.text(1);
    sync::Event e;
    if (const auto body = st.optional_text(7)) {
      auto decoded = sync::decode_event(*body);
      if (!decoded) return Error{"illisible sur la borne (" + decoded.error() + ")"};
      // The ack names the body's id: another id would never leave the outbox.
      if (decoded->id != event_id) {
        return Error{"illisible sur la borne (l’identifiant " + decoded->id +
                     " du contenu n’est pas celui de la ligne)"};
      }
      e = std::move(*decoded);
    } else {
      // A visit event of the first schema: its columns are the event.
      const auto type = sync::parse_event_type(st.text(2));
      if (!type) return Error{"illisible sur la borne (type d’envoi inconnu : " + st.text(2) + ")"};
      const auto at = parse_iso_utc(st.text(3));
      if (!at) return Error{"illisible sur la borne (heure invalide : " + st.text(3) + ")"};
      e = visit_event(*type, *at, st.text(4));
      e.id = event_id;
      e.member_id = st.optional_int64(5);
      e.badge_uid = st.optional_text(6);
    }
    const auto sent = sync::decode_event(sync::encode_event(e));
    if (!sent) return Error{"impossible à encoder pour le serveur (" + sent.error() + ")"};
    return e;
  } catch (const std::exception& error) {
    return Error{std::string("impossible à encoder pour le serveur (") + error.what() + ")"};
  }
}

// A checkpoint made with synchronous=NORMAL's flushes (the WAL before copying,
// the database file after), whatever the connection runs with otherwise.
// Returns the WAL frames still not copied.
int checkpoint_flushed(sqlite3* db, bool syncs_nothing) {
  if (syncs_nothing) sqlite3_exec(db, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
  int frames = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
  if (syncs_nothing) sqlite3_exec(db, "PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) throw store::StoreError(rc, sqlite3_errmsg(db));
  return frames > copied ? frames - copied : 0;  // -1, -1 outside WAL mode
}

// Called by SQLite after each commit of the UI's connection, its write lock
// released (where SQLite's own automatic checkpoint runs): the safety net when
// nobody else checkpointed.
int checkpoint_if_neglected(void* safety_pages, sqlite3* db, const char* /*schema*/, int wal_frames) {
  if (wal_frames >= *static_cast<const int*>(safety_pages)) {
    try {
      checkpoint_flushed(db, true);
    } catch (const std::exception& e) {
      spdlog::warn("local store: WAL checkpoint: {}", e.what());
    }
  }
  return SQLITE_OK;
}

}  // namespace

LocalStore::LocalStore(const std::filesystem::path& path, LocalStoreOptions options) : db_(open_local(path)) {
  if (options.checkpoints_elsewhere && !options.fsync_each_commit) {
    syncs_nothing_ = true;
    db_.exec("PRAGMA synchronous=OFF");
    safety_pages_ = std::make_unique<int>(std::max(1, options.checkpoint_safety_pages));
    sqlite3_wal_hook(db_.handle(), checkpoint_if_neglected, safety_pages_.get());  // replaces the automatic one
  }
  if (options.fsync_each_commit) db_.exec("PRAGMA synchronous=FULL");
}

int LocalStore::checkpoint() {
  return checkpoint_flushed(db_.handle(), syncs_nothing_);
}

namespace {

// "3,7" → {3, 7}; NULL → nullopt (every site).
std::optional<std::vector<std::int64_t>> sites_from_text(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::vector<std::int64_t> ids;
  std::size_t pos = 0;
  while (pos < text->size()) {
    const auto comma = text->find(',', pos);
    const std::string part = text->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!part.empty()) ids.push_back(std::strtoll(part.c_str(), nullptr, 10));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return ids;
}

std::optional<std::string> sites_to_text(const std::optional<std::vector<std::int64_t>>& ids) {
  if (!ids) return std::nullopt;
  std::string out;
  for (std::int64_t id : *ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

}  // namespace

std::optional<KnownBadge> LocalStore::find_badge(const BadgeUid& uid) {
  auto st = db_.cached(
      "SELECT m.id, m.first_name, m.last_name, m.roles, m.allowed_sites FROM badges b "
      "JOIN members m ON m.id = b.member_id WHERE b.uid = ? AND b.revoked = 0");
  st.bind(1, uid.hex());
  std::optional<KnownBadge> found;
  if (st.step()) {
    found = KnownBadge{st.int64(0), st.text(1), st.text(2), roles_from_text(st.text(3)),
                       sites_from_text(st.optional_text(4))};
  }
  return found;
}

std::vector<std::string> LocalStore::site_names(const std::vector<std::int64_t>& ids) {
  std::vector<std::string> names;
  auto st = db_.cached("SELECT name FROM network_sites WHERE id = ?");
  for (std::int64_t id : ids) {
    st.reset();
    st.bind(1, id);
    if (st.step()) names.push_back(st.text(0));
  }
  return names;
}

std::optional<OpenVisit> LocalStore::open_visit(std::int64_t member_id, Instant at, std::chrono::hours max_visit) {
  // ISO 8601 UTC text with fixed width orders like the instants it encodes.
  auto st = db_.cached(
      "SELECT id, check_in FROM visits WHERE member_id = ? AND check_in > ? AND check_in <= ? AND check_out IS NULL "
      "ORDER BY check_in DESC LIMIT 1");
  st.bind_all(member_id, to_iso_utc(at - max_visit), to_iso_utc(at));
  std::optional<OpenVisit> found;
  if (st.step()) {
    if (auto t = parse_iso_utc(st.text(1))) found = OpenVisit{st.text(0), *t};
  }
  return found;
}

void LocalStore::enqueue(const sync::Event& e) {
  // Visit events keep their columns (the hot path, readable in the file);
  // every event also carries its JSON body, which is what gets pushed.
  db_.cached(
         "INSERT INTO outbox (event_id, type, at, visit_id, member_id, badge_uid, body) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, sync::to_string(e.type), to_iso_utc(e.at), e.visit_id, e.member_id, e.badge_uid,
                sync::encode_event(e))
      .run();
}

void LocalStore::set_booking_status(const std::string& booking_id, BookingStatus status) {
  db_.cached("UPDATE bookings SET status = ? WHERE id = ?").bind_all(to_string(status), booking_id).run();
}

std::string LocalStore::record_check_in(std::int64_t member_id, const std::optional<BadgeUid>& uid, Instant at,
                                        const std::optional<std::string>& booking_id, std::optional<std::int64_t> by) {
  std::string visit_id = make_uuid_v4();
  const std::optional<std::string> hex = uid ? std::optional(uid->hex()) : std::nullopt;
  store::Transaction tx(db_);
  db_.cached("INSERT INTO visits (id, member_id, badge_uid, check_in, local_date) VALUES (?, ?, ?, ?, ?)")
      .bind_all(visit_id, member_id, hex, to_iso_utc(at), paris_date(at))
      .run();
  sync::Event e = visit_event(sync::EventType::CheckIn, at, visit_id);
  e.member_id = member_id;
  e.badge_uid = hex;
  e.booking_id = booking_id;
  e.by_member_id = by;
  if (booking_id) set_booking_status(*booking_id, BookingStatus::CheckedIn);
  enqueue(e);
  tx.commit();
  return visit_id;
}

void LocalStore::record_check_out(const std::string& visit_id, Instant at, std::optional<std::int64_t> by) {
  store::Transaction tx(db_);
  db_.cached("UPDATE visits SET check_out = ? WHERE id = ?").bind_all(to_iso_utc(at), visit_id).run();
  sync::Event e = visit_event(sync::EventType::CheckOut, at, visit_id);
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

std::string LocalStore::record_walk_in(Instant at, std::optional<std::int64_t> by) {
  std::string visit_id = make_uuid_v4();
  store::Transaction tx(db_);
  db_.cached("INSERT INTO visits (id, check_in, local_date) VALUES (?, ?, ?)")
      .bind_all(visit_id, to_iso_utc(at), paris_date(at))
      .run();
  sync::Event e = visit_event(sync::EventType::WalkIn, at, visit_id);
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
  return visit_id;
}

std::optional<LocalMember> LocalStore::member(std::int64_t id) {
  auto st = db_.prepare("SELECT id, first_name, last_name, roles FROM members WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return LocalMember{st.int64(0), st.text(1), st.text(2), roles_from_text(st.text(3))};
}

std::vector<LocalMember> LocalStore::search_members(std::string_view query, std::size_t limit) {
  // A name matches when its first name, last name, « first last » or « last
  // first » begins with the query, accents and case aside: the folded
  // « first last » or « last first » begins with it (migration 9). Two index
  // ranges, [q, q + U+10FFFF), whatever the network's size.
  const std::string q = fold(query);
  const auto limit_value = static_cast<std::int64_t>(limit);
  std::vector<LocalMember> out;
  auto st = q.empty() ? db_.cached(
                            "SELECT id, first_name, last_name, roles FROM members "
                            "ORDER BY last_name, first_name, id LIMIT ?3")
                      : db_.cached(
                            "SELECT id, first_name, last_name, roles FROM members "
                            "WHERE (search_name >= ?1 AND search_name < ?2) "
                            "OR (search_name_reversed >= ?1 AND search_name_reversed < ?2) "
                            "ORDER BY last_name, first_name, id LIMIT ?3");
  st.bind_all(q, q + "\xF4\x8F\xBF\xBF", limit_value);
  while (st.step()) out.push_back(LocalMember{st.int64(0), st.text(1), st.text(2), roles_from_text(st.text(3))});
  return out;
}

std::vector<PresentMember> LocalStore::present(Instant at, std::chrono::hours max_visit) {
  auto st = db_.prepare(
      "SELECT v.id, m.id, m.first_name, m.last_name, v.check_in FROM visits v JOIN members m ON m.id = v.member_id "
      "WHERE v.check_out IS NULL AND v.check_in > ? AND v.check_in <= ? ORDER BY v.check_in");
  st.bind_all(to_iso_utc(at - max_visit), to_iso_utc(at));
  std::vector<PresentMember> out;
  while (st.step()) {
    const auto t = parse_iso_utc(st.text(4));
    if (!t) continue;
    // A member with two open visits (two kiosks) is listed once, at the first.
    const std::int64_t id = st.int64(1);
    if (std::any_of(out.begin(), out.end(), [&](const PresentMember& p) { return p.member_id == id; })) continue;
    out.push_back({st.text(0), id, st.text(2), st.text(3), *t});
  }
  return out;
}

std::vector<Resource> LocalStore::resources() {
  auto st = db_.prepare(
      "SELECT id, kind, name, capacity, features, name_en, features_en FROM resources "
      "ORDER BY kind, name COLLATE NOCASE, id");
  std::vector<Resource> out;
  const auto our_site = site();
  const std::int64_t site_id = our_site ? our_site->id : 0;
  while (st.step()) {
    Resource r;
    r.id = st.int64(0);
    r.site_id = site_id;
    r.kind = parse_resource_kind(st.text(1)).value_or(ResourceKind::Desk);
    r.name = st.text(2);
    r.capacity = st.int32(3);
    r.features = st.text(4);
    r.name_en = st.text(5);
    r.features_en = st.text(6);
    out.push_back(std::move(r));
  }
  // « Bureau 2 » before « Bureau 10 »: compare embedded numbers as numbers.
  std::stable_sort(out.begin(), out.end(), [](const Resource& a, const Resource& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    const auto digits = [](const std::string& s) {
      const auto p = s.find_first_of("0123456789");
      return p == std::string::npos ? std::pair(s, -1L) : std::pair(s.substr(0, p), std::atol(s.c_str() + p));
    };
    return digits(a.name) < digits(b.name);
  });
  return out;
}

sync::SiteRules LocalStore::rules() {
  sync::SiteRules r;
  auto st = db_.prepare("SELECT kind, body FROM booking_rules");
  while (st.step()) {
    const auto parsed = rules_from_text(st.text(1));
    if (!parsed) continue;
    (st.text(0) == "desk" ? r.desk : r.visio_room) = *parsed;
  }
  return r;
}

std::vector<Booking> LocalStore::bookings_between(Instant from, Instant to) {
  auto st = db_.prepare("SELECT " + std::string(kBookingColumns) +
                        " FROM bookings WHERE start_at < ? AND end_at > ? ORDER BY start_at, id");
  st.bind_all(to_iso_utc(to), to_iso_utc(from));
  std::vector<Booking> out;
  while (st.step()) {
    if (auto b = read_booking(st)) out.push_back(std::move(*b));
  }
  return out;
}

std::vector<Booking> LocalStore::member_bookings(std::int64_t member_id, Instant from) {
  auto st = db_.prepare("SELECT " + std::string(kBookingColumns) +
                        " FROM bookings WHERE member_id = ? AND end_at > ? ORDER BY start_at, id");
  st.bind_all(member_id, to_iso_utc(from));
  std::vector<Booking> out;
  while (st.step()) {
    if (auto b = read_booking(st)) out.push_back(std::move(*b));
  }
  return out;
}

std::optional<Booking> LocalStore::find_booking(const std::string& id) {
  auto st = db_.prepare("SELECT " + std::string(kBookingColumns) + " FROM bookings WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_booking(st);
}

void LocalStore::record_booking_request(const Booking& b, Instant at, std::optional<std::int64_t> by) {
  store::Transaction tx(db_);
  db_.prepare(
         "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status) VALUES (?, ?, ?, ?, ?, "
         "'pending')")
      .bind_all(b.id, b.resource_id, b.member_id, to_iso_utc(b.start), to_iso_utc(b.end))
      .run();
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::BookingRequest;
  e.at = at;
  e.booking_id = b.id;
  e.member_id = b.member_id;
  e.resource_id = b.resource_id;
  e.start = b.start;
  e.end = b.end;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

void LocalStore::record_booking_cancel(const std::string& booking_id, Instant at, std::optional<std::int64_t> by) {
  store::Transaction tx(db_);
  set_booking_status(booking_id, BookingStatus::Cancelled);
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::BookingCancel;
  e.at = at;
  e.booking_id = booking_id;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

void LocalStore::record_booking_move(const std::string& booking_id, std::int64_t resource_id, Instant start,
                                     Instant end, Instant at, std::optional<std::int64_t> by) {
  store::Transaction tx(db_);
  // Shown as pending until the server confirms the new times.
  db_.prepare("UPDATE bookings SET resource_id = ?, start_at = ?, end_at = ?, status = 'pending' WHERE id = ?")
      .bind_all(resource_id, to_iso_utc(start), to_iso_utc(end), booking_id)
      .run();
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::BookingMove;
  e.at = at;
  e.booking_id = booking_id;
  e.resource_id = resource_id;
  e.start = start;
  e.end = end;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

std::vector<Booking> LocalStore::untold_refusals(std::int64_t member_id) {
  auto st = db_.prepare("SELECT " + std::string(kBookingColumns) +
                        " FROM bookings WHERE member_id = ? AND status = 'refused' AND told = 0 ORDER BY start_at");
  st.bind(1, member_id);
  std::vector<Booking> out;
  while (st.step()) {
    if (auto b = read_booking(st)) out.push_back(std::move(*b));
  }
  return out;
}

void LocalStore::mark_refusals_told(std::int64_t member_id) {
  db_.prepare("UPDATE bookings SET told = 1 WHERE member_id = ? AND status = 'refused'").bind(1, member_id).run();
}

std::optional<std::string> LocalStore::pin_hash(std::int64_t member_id) {
  auto st = db_.prepare("SELECT pin_hash FROM members WHERE id = ?");
  st.bind(1, member_id);
  if (!st.step()) return std::nullopt;
  return st.optional_text(0);
}

PinAttempts LocalStore::pin_attempts(std::int64_t member_id) {
  auto st = db_.prepare("SELECT failures, locked_until FROM pin_attempts WHERE member_id = ?");
  st.bind(1, member_id);
  PinAttempts a;
  if (st.step()) {
    a.failures = st.int32(0);
    if (const auto t = st.optional_text(1)) a.locked_until = parse_iso_utc(*t);
  }
  return a;
}

void LocalStore::save_pin_attempts(std::int64_t member_id, const PinAttempts& a) {
  std::optional<std::string> until;
  if (a.locked_until) until = to_iso_utc(*a.locked_until);
  db_.prepare(
         "INSERT INTO pin_attempts (member_id, failures, locked_until) VALUES (?, ?, ?) ON CONFLICT(member_id) DO "
         "UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until")
      .bind_all(member_id, static_cast<std::int64_t>(a.failures), until)
      .run();
}

void LocalStore::record_badge_assign(const BadgeUid& uid, std::int64_t member_id, Instant at, std::int64_t by) {
  store::Transaction tx(db_);
  db_.prepare(
         "INSERT INTO badges (uid, member_id, revoked) VALUES (?, ?, 0) ON CONFLICT(uid) DO UPDATE SET "
         "member_id = excluded.member_id, revoked = 0")
      .bind_all(uid.hex(), member_id)
      .run();
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::BadgeAssign;
  e.at = at;
  e.badge_uid = uid.hex();
  e.member_id = member_id;
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

void LocalStore::record_member_create(const sync::NewMember& m, const std::optional<BadgeUid>& uid, Instant at,
                                      std::int64_t by) {
  store::Transaction tx(db_);
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::MemberCreate;
  e.at = at;
  e.member_ref = make_uuid_v4();
  e.new_member = m;
  if (uid) e.badge_uid = uid->hex();
  e.by_member_id = by;
  enqueue(e);
  tx.commit();
}

std::int64_t LocalStore::rejected_count() {
  auto st = db_.prepare("SELECT (SELECT COUNT(*) FROM rejected_events) + (SELECT COUNT(*) FROM set_aside_events)");
  st.step();
  return st.int64(0);
}

std::vector<RefusedEvent> LocalStore::refused_events(std::size_t limit) {
  auto st = db_.prepare(
      "SELECT event_id, type, at, reason, rejected_at, 0 FROM rejected_events UNION ALL "
      "SELECT event_id, type, at, reason, set_aside_at, 1 FROM set_aside_events ORDER BY 5 DESC, 6 DESC LIMIT ?");
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<RefusedEvent> out;
  while (st.step()) {
    RefusedEvent r;
    r.event_id = st.text(0);
    r.type = st.text(1);
    r.at = parse_iso_utc(st.text(2));
    r.reason = st.text(3);
    r.refused_at = parse_iso_utc(st.text(4)).value_or(Instant{});
    r.set_aside_here = st.int64(5) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<Instant> LocalStore::last_sync() {
  const auto v = get_state(db_, "last_sync");
  return v ? parse_iso_utc(*v) : std::nullopt;
}

std::optional<Site> LocalStore::site() {
  Site s;
  bool known = false;
  auto st = db_.prepare(
      "SELECT key, value FROM sync_state WHERE key IN "
      "('site.id', 'site.name', 'site.address', 'site.insee_code', 'site.opening_hours')");
  while (st.step()) {
    const std::string key = st.text(0);
    if (key == "site.id") {
      s.id = std::stoll(st.text(1));
      known = true;
    } else if (key == "site.name") {
      s.name = st.text(1);
    } else if (key == "site.address") {
      s.address = st.text(1);
    } else if (key == "site.insee_code") {
      s.insee_code = st.text(1);
    } else {
      s.opening_hours = st.text(1);
    }
  }
  if (!known) return std::nullopt;
  return s;
}

std::vector<sync::Event> LocalStore::pending_events(std::size_t limit) {
  std::vector<sync::Event> out;
  std::int64_t after = 0;  // the last seq read
  while (out.size() < limit) {
    // Read a page past what was read, then move its bad rows aside (not
    // while the statement walks the table).
    std::vector<std::pair<std::int64_t, std::string>> bad;
    std::size_t rows = 0;
    {
      auto st =
          db_.prepare("SELECT " + std::string(kOutboxColumns) + " FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?");
      st.bind_all(after, static_cast<std::int64_t>(limit - out.size()));
      while (st.step()) {
        ++rows;
        after = st.int64(0);
        auto e = read_outbox_row(st);
        if (e) {
          out.push_back(std::move(*e));
        } else {
          bad.emplace_back(after, "Envoi mis de côté : " + e.error() + ".");
        }
      }
    }
    for (const auto& [seq, reason] : bad) set_aside_row(seq, reason);
    if (rows == 0) break;
  }
  return out;
}

void LocalStore::set_aside_row(std::int64_t seq, const std::string& reason) {
  store::Transaction tx(db_);
  auto st = db_.prepare("SELECT " + std::string(kOutboxColumns) + " FROM outbox WHERE seq = ?");
  st.bind(1, seq);
  if (!st.step()) return;  // already gone
  const std::string event_id = st.text(1);
  const std::string type = st.text(2);
  // The raw body; a first-schema visit row has its columns instead.
  std::string body;
  if (const auto b = st.optional_text(7)) {
    body = *b;
  } else {
    nlohmann::json columns = {{"event_id", event_id},    {"type", type},
                              {"at", st.text(3)},        {"visit_id", st.text(4)},
                              {"member_id", st.text(5)}, {"badge_uid", st.text(6)}};
    body = columns.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  db_.prepare("INSERT INTO set_aside_events (event_id, type, at, reason, set_aside_at, body) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(event_id, type, st.text(3), valid_utf8(reason), to_iso_utc(now()), body)
      .run();
  st.reset();
  db_.prepare("DELETE FROM outbox WHERE seq = ?").bind(1, seq).run();
  tx.commit();
  spdlog::error("outbox: event {} ({}) set aside, it will not be sent: {}", log_text(event_id, 300),
                log_text(type, 300), log_text(reason, 300));
}

void LocalStore::set_aside(const std::string& event_id, const std::string& reason) {
  std::optional<std::int64_t> seq;
  {
    auto st = db_.prepare("SELECT seq FROM outbox WHERE event_id = ?");
    st.bind(1, event_id);
    if (st.step()) seq = st.int64(0);
  }
  if (seq) set_aside_row(*seq, reason);
}

std::int64_t LocalStore::pending_count() {
  auto st = db_.prepare("SELECT COUNT(*) FROM outbox");
  st.step();
  return st.int64(0);
}

std::int64_t LocalStore::cursor() {
  const auto value = get_state(db_, "cursor");
  return value ? std::stoll(*value) : 0;
}

void LocalStore::apply(const sync::SyncResponse& r) {
  store::Transaction tx(db_);
  for (const auto& ack : r.acks) {
    if (ack.status == sync::AckStatus::Rejected) {
      spdlog::warn("the server refused event {}: {}", ack.id, ack.reason);
      db_.prepare(
             "INSERT OR REPLACE INTO rejected_events (event_id, type, at, reason, rejected_at) "
             "SELECT event_id, type, at, ?, ? FROM outbox WHERE event_id = ?")
          .bind_all(ack.reason, to_iso_utc(now()), ack.id)
          .run();
      forget_refused_help_request(ack.id);
    }
    db_.cached("DELETE FROM outbox WHERE event_id = ?").bind(1, ack.id).run();
  }
  // Cached statements: a first pull brings every member of the network (20 000 and more).
  for (const auto& m : r.members) {
    if (!m.active) {
      db_.cached("DELETE FROM members WHERE id = ?").bind(1, m.id).run();
      db_.cached("DELETE FROM badges WHERE member_id = ?").bind(1, m.id).run();
      continue;
    }
    const auto [search_name, search_name_reversed] = search_names(m.first_name, m.last_name);
    db_.cached(
           "INSERT INTO members (id, first_name, last_name, roles, pin_hash, home_site_id, allowed_sites, "
           "search_name, search_name_reversed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
           "first_name = excluded.first_name, last_name = excluded.last_name, roles = excluded.roles, "
           "pin_hash = excluded.pin_hash, home_site_id = excluded.home_site_id, allowed_sites = "
           "excluded.allowed_sites, search_name = excluded.search_name, "
           "search_name_reversed = excluded.search_name_reversed")
        .bind_all(m.id, m.first_name, m.last_name, roles_to_text(m.roles), m.pin_hash, m.home_site_id,
                  sites_to_text(m.sites), search_name, search_name_reversed)
        .run();
  }
  if (!r.network_sites.empty()) {  // the whole list
    db_.prepare("DELETE FROM network_sites").run();
    for (const auto& s : r.network_sites)
      db_.cached("INSERT INTO network_sites (id, name) VALUES (?, ?)").bind_all(s.id, s.name).run();
  }
  for (const auto& res : r.resources) {
    if (!res.active) {
      db_.prepare("DELETE FROM resources WHERE id = ?").bind(1, res.resource.id).run();
      continue;
    }
    db_.prepare(
           "INSERT INTO resources (id, kind, name, capacity, features, name_en, features_en) "
           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO "
           "UPDATE SET kind = excluded.kind, name = excluded.name, capacity = excluded.capacity, "
           "features = excluded.features, name_en = excluded.name_en, features_en = excluded.features_en")
        .bind_all(res.resource.id, resource_kind_name(res.resource.kind), res.resource.name,
                  static_cast<std::int64_t>(res.resource.capacity), res.resource.features, res.resource.name_en,
                  res.resource.features_en)
        .run();
  }
  for (const auto& b : r.bookings) {
    // The server's word replaces the kiosk's (a pending intent becomes
    // confirmed or refused); whether a refusal was told stays local.
    std::optional<std::string> refusal;
    if (b.refusal) refusal = std::string(to_string(*b.refusal));
    db_.prepare(
           "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status, refusal) VALUES (?, ?, ?, ?, "
           "?, ?, ?) ON CONFLICT(id) DO UPDATE SET resource_id = excluded.resource_id, member_id = "
           "excluded.member_id, start_at = excluded.start_at, end_at = excluded.end_at, status = excluded.status, "
           "refusal = excluded.refusal")
        .bind_all(b.id, b.resource_id, b.member_id, to_iso_utc(b.start), to_iso_utc(b.end), to_string(b.status),
                  refusal)
        .run();
  }
  if (r.rules) {
    db_.prepare("INSERT OR REPLACE INTO booking_rules (kind, body) VALUES ('desk', ?)")
        .bind(1, rules_text(r.rules->desk))
        .run();
    db_.prepare("INSERT OR REPLACE INTO booking_rules (kind, body) VALUES ('visio_room', ?)")
        .bind(1, rules_text(r.rules->visio_room))
        .run();
  }
  for (const auto& b : r.badges) {
    db_.cached(
           "INSERT INTO badges (uid, member_id, revoked) VALUES (?, ?, ?) ON CONFLICT(uid) DO UPDATE SET "
           "member_id = excluded.member_id, revoked = excluded.revoked")
        .bind_all(b.uid, b.member_id, b.revoked ? 1 : 0)
        .run();
  }
  if (r.site) {
    set_state(db_, "site.id", std::to_string(r.site->id));
    set_state(db_, "site.name", r.site->name);
    set_state(db_, "site.address", r.site->address);
    set_state(db_, "site.insee_code", r.site->insee_code);
    set_state(db_, "site.opening_hours", r.site->opening_hours);
  }
  apply_agenda(r);
  set_state(db_, "cursor", std::to_string(r.cursor));
  set_state(db_, "last_sync", to_iso_utc(r.server_time));
  forget_old_visits(r.server_time);
  tx.commit();
}

void LocalStore::forget_old_visits(Instant today) {
  // The kiosk needs its visits only to tell a check-out from a check-in, the
  // same day; the server keeps the record. Visits still waiting in the outbox
  // stay whatever their age.
  const std::string cutoff = paris_date(today - kKeepVisitsDays);
  db_.prepare("DELETE FROM visits WHERE local_date < ? AND id NOT IN (SELECT visit_id FROM outbox)")
      .bind(1, cutoff)
      .run();
  // Bookings ended more than a day ago are of no use here any more (the
  // server keeps them); pending intents stay until the server answers.
  db_.prepare("DELETE FROM bookings WHERE end_at < ? AND status <> 'pending'")
      .bind(1, to_iso_utc(today - std::chrono::hours(24)))
      .run();
  // What an event set aside here held: kept for an operator a while, not for ever.
  db_.prepare("UPDATE set_aside_events SET body = NULL WHERE body IS NOT NULL AND set_aside_at < ?")
      .bind(1, to_iso_utc(today - kKeepSetAsideBodyDays))
      .run();
}

void LocalStore::save_enrolment(const StoredEnrolment& e) {
  store::Transaction tx(db_);
  db_.prepare("DELETE FROM kiosk_enrolment").run();
  db_.prepare(
         "INSERT INTO kiosk_enrolment (id, server_url, token, kiosk_id, kiosk_name, site_id, site_name, enrolled_at) "
         "VALUES (1, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(e.server_url, e.token, e.kiosk_id, e.kiosk_name, e.site_id, e.site_name, to_iso_utc(e.enrolled_at))
      .run();
  tx.commit();
}

std::optional<StoredEnrolment> LocalStore::enrolment() {
  auto st = db_.prepare(
      "SELECT server_url, token, kiosk_id, kiosk_name, site_id, site_name, enrolled_at FROM kiosk_enrolment "
      "WHERE id = 1");
  if (!st.step()) return std::nullopt;
  StoredEnrolment e;
  e.server_url = st.text(0);
  e.token = st.text(1);
  e.kiosk_id = st.int64(2);
  e.kiosk_name = st.text(3);
  e.site_id = st.int64(4);
  e.site_name = st.text(5);
  e.enrolled_at = parse_iso_utc(st.text(6)).value_or(Instant{});
  return e;
}

// ---- the first pull after enrolment (migration 5)
//
// From enrolment until the sync client has pulled everything the server had
// (the first complete exchange), the kiosk knows none of its site's members:
// a badge tapped then is noted in early_taps rather than called unknown.
// Once the pull has landed, the app replays each noted tap through the usual
// decision with the tap's own time; the tap is forgotten in the same
// transaction as the visit it writes, so a restart never counts it twice.

void LocalStore::save_enrolment_awaiting_first_pull(const StoredEnrolment& e) {
  store::Transaction tx(db_);
  save_enrolment(e);  // nested: one commit for the three
  set_state(db_, "first_pull", "pending");
  // A kiosk enrolled anew (another server, or the same one after a
  // reinstallation) pulls everything: a cursor from elsewhere would skip members.
  set_state(db_, "cursor", "0");
  tx.commit();
}

bool LocalStore::first_pull_pending() {
  return get_state(db_, "first_pull").has_value();
}

void LocalStore::mark_first_pull_done() {
  db_.prepare("DELETE FROM sync_state WHERE key = 'first_pull'").run();
}

void LocalStore::note_early_tap(const BadgeUid& uid, Instant at) {
  store::Transaction tx(db_);
  db_.prepare("INSERT INTO early_taps (badge_uid, at) VALUES (?, ?)").bind_all(uid.hex(), to_iso_utc(at)).run();
  tx.commit();
}

std::vector<EarlyTap> LocalStore::early_taps() {
  auto st = db_.prepare("SELECT seq, badge_uid, at FROM early_taps ORDER BY seq");
  std::vector<EarlyTap> out;
  while (st.step()) out.push_back(EarlyTap{st.int64(0), BadgeUid::parse(st.text(1)), parse_iso_utc(st.text(2))});
  return out;
}

std::int64_t LocalStore::early_tap_count() {
  auto st = db_.prepare("SELECT count(*) FROM early_taps");
  st.step();
  return st.int64(0);
}

bool LocalStore::replay_early_tap(std::int64_t seq, const std::function<void()>& record) {
  store::Transaction tx(db_);
  db_.prepare("DELETE FROM early_taps WHERE seq = ?").bind(1, seq).run();
  if (db_.changes() == 0) return false;  // already replayed
  // What the tap does: its writes nest in this transaction.
  record();
  tx.commit();
  return true;
}

}  // namespace escale::kiosk
