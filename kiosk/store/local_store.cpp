// The kiosk's local store: schema (numbered migrations) and its SQL.
#include "store/local_store.hpp"

#include <array>

#include <spdlog/spdlog.h>

#include "domain/uuid.hpp"

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

constexpr std::array kMigrations{
    store::Migration{1, "members, badges, visits, outbox, sync state", kV1},
};

store::Database open_local(const std::filesystem::path& path) {
  store::Database db(path);
  store::migrate(db, kMigrations);
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

}  // namespace

LocalStore::LocalStore(const std::filesystem::path& path) : db_(open_local(path)) {}

std::optional<KnownBadge> LocalStore::find_badge(const BadgeUid& uid) {
  auto& st = db_.cached(
      "SELECT m.id, m.first_name, m.last_name, m.roles FROM badges b JOIN members m ON m.id = b.member_id "
      "WHERE b.uid = ? AND b.revoked = 0");
  st.bind(1, uid.hex());
  std::optional<KnownBadge> found;
  if (st.step()) found = KnownBadge{st.int64(0), st.text(1), st.text(2), roles_from_text(st.text(3))};
  st.reset();
  return found;
}

std::optional<OpenVisit> LocalStore::open_visit(std::int64_t member_id, Instant at, std::chrono::hours max_visit) {
  // ISO 8601 UTC text with fixed width orders like the instants it encodes.
  auto& st = db_.cached(
      "SELECT id, check_in FROM visits WHERE member_id = ? AND check_in > ? AND check_in <= ? AND check_out IS NULL "
      "ORDER BY check_in DESC LIMIT 1");
  st.bind_all(member_id, to_iso_utc(at - max_visit), to_iso_utc(at));
  std::optional<OpenVisit> found;
  if (st.step()) {
    if (auto t = parse_iso_utc(st.text(1))) found = OpenVisit{st.text(0), *t};
  }
  st.reset();
  return found;
}

void LocalStore::enqueue(const sync::Event& e) {
  db_.cached("INSERT INTO outbox (event_id, type, at, visit_id, member_id, badge_uid) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, sync::to_string(e.type), to_iso_utc(e.at), e.visit_id, e.member_id, e.badge_uid)
      .run();
}

std::string LocalStore::record_check_in(std::int64_t member_id, const BadgeUid& uid, Instant at) {
  std::string visit_id = make_uuid_v4();
  store::Transaction tx(db_);
  db_.cached("INSERT INTO visits (id, member_id, badge_uid, check_in, local_date) VALUES (?, ?, ?, ?, ?)")
      .bind_all(visit_id, member_id, uid.hex(), to_iso_utc(at), paris_date(at))
      .run();
  enqueue({make_uuid_v4(), sync::EventType::CheckIn, at, visit_id, member_id, uid.hex()});
  tx.commit();
  return visit_id;
}

void LocalStore::record_check_out(const std::string& visit_id, Instant at) {
  store::Transaction tx(db_);
  db_.cached("UPDATE visits SET check_out = ? WHERE id = ?").bind_all(to_iso_utc(at), visit_id).run();
  enqueue({make_uuid_v4(), sync::EventType::CheckOut, at, visit_id, std::nullopt, std::nullopt});
  tx.commit();
}

std::string LocalStore::record_walk_in(Instant at) {
  std::string visit_id = make_uuid_v4();
  store::Transaction tx(db_);
  db_.cached("INSERT INTO visits (id, check_in, local_date) VALUES (?, ?, ?)")
      .bind_all(visit_id, to_iso_utc(at), paris_date(at))
      .run();
  enqueue({make_uuid_v4(), sync::EventType::WalkIn, at, visit_id, std::nullopt, std::nullopt});
  tx.commit();
  return visit_id;
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
  auto st = db_.prepare("SELECT event_id, type, at, visit_id, member_id, badge_uid FROM outbox ORDER BY seq LIMIT ?");
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<sync::Event> out;
  while (st.step()) {
    const auto type = sync::parse_event_type(st.text(1));
    const auto at = parse_iso_utc(st.text(2));
    if (!type || !at) {
      spdlog::error("outbox event {} is unreadable; it stays in the outbox", st.text(0));
      continue;
    }
    out.push_back({st.text(0), *type, *at, st.text(3), st.optional_int64(4), st.optional_text(5)});
  }
  return out;
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
    }
    db_.cached("DELETE FROM outbox WHERE event_id = ?").bind(1, ack.id).run();
  }
  for (const auto& m : r.members) {
    if (!m.active) {
      db_.prepare("DELETE FROM members WHERE id = ?").bind(1, m.id).run();
      db_.prepare("DELETE FROM badges WHERE member_id = ?").bind(1, m.id).run();
      continue;
    }
    db_.prepare(
           "INSERT INTO members (id, first_name, last_name, roles) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
           "first_name = excluded.first_name, last_name = excluded.last_name, roles = excluded.roles")
        .bind_all(m.id, m.first_name, m.last_name, roles_to_text(m.roles))
        .run();
  }
  for (const auto& b : r.badges) {
    db_.prepare(
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
}

}  // namespace escale::kiosk
