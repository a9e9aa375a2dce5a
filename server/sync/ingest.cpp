// Idempotent ingest of kiosk events and the pull of changes.
//
// Idempotency rests on the visits' natural keys: a visit is keyed by the UUID
// the kiosk gave it, so
//   - a check-in or walk-in whose visit already exists with the same member,
//     time and kiosk is a duplicate (nothing changes); with other values it is
//     rejected (two events claim one visit id);
//   - a check-out of a visit already checked out at that same instant is a
//     duplicate; at another instant it is rejected.
// A re-sent event therefore never changes anything, whatever happened between.
// Stored events are visible in visits (with their kiosk); duplicates and
// rejections are appended to ingest_log with the event's UUID, for operators.
#include "sync/ingest.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "store/changes.hpp"
#include "store/members.hpp"
#include "store/sites.hpp"

namespace escale::server {
namespace {

using sync::AckStatus;
using sync::Event;
using sync::EventType;

struct Decision {
  AckStatus status = AckStatus::Stored;
  std::string reason;  // when rejected
};

Decision stored() {
  return {AckStatus::Stored, {}};
}
Decision duplicate() {
  return {AckStatus::Duplicate, {}};
}
Decision rejected(std::string reason) {
  return {AckStatus::Rejected, std::move(reason)};
}

void log_event(store::Database& db, const KioskIdentity& kiosk, const Event& e, const Decision& d,
               const std::string& received_at) {
  db.cached("INSERT INTO ingest_log (event_id, kiosk_id, type, status, reason, received_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, kiosk.id, sync::to_string(e.type), sync::to_string(d.status),
                d.reason.empty() ? std::optional<std::string>() : std::optional<std::string>(d.reason), received_at)
      .run();
}

// The visit already holds this id: the same arrival again, or a conflict?
Decision existing_arrival(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  auto& st = db.cached("SELECT member_id, check_in, kiosk_id FROM visits WHERE id = ?");
  st.bind(1, e.visit_id);
  Decision d = rejected("visit " + e.visit_id + " already recorded with other details");
  if (st.step() && st.optional_int64(0) == e.member_id && parse_iso_utc(st.text(1)) == e.at &&
      st.optional_int64(2) == kiosk.id) {
    d = duplicate();
  }
  st.reset();  // a cached statement left mid-step would pin an old read snapshot
  return d;
}

Decision arrive(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  try {
    db.cached(
          "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, local_date, walk_in) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING")
        .bind_all(e.visit_id, kiosk.site_id, e.member_id, kiosk.id, e.badge_uid, to_iso_utc(e.at), paris_date(e.at),
                  e.type == EventType::WalkIn ? 1 : 0)
        .run();
  } catch (const store::StoreError& error) {
    // The foreign key on member_id is the membership check (no extra query on
    // the hot path); SQLite undoes just this statement, the batch goes on.
    if (error.code() == SQLITE_CONSTRAINT_FOREIGNKEY)
      return rejected("unknown member " + std::to_string(e.member_id.value_or(0)));
    throw;
  }
  if (db.changes() == 1) return stored();
  return existing_arrival(db, kiosk, e);
}

Decision leave(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  auto& st = db.cached("SELECT check_in, check_out FROM visits WHERE id = ? AND site_id = ?");
  st.bind_all(e.visit_id, kiosk.site_id);
  if (!st.step()) {
    st.reset();
    return rejected("unknown visit " + e.visit_id);
  }
  const auto check_in = parse_iso_utc(st.text(0));
  const auto check_out = st.is_null(1) ? std::nullopt : parse_iso_utc(st.text(1));
  st.reset();
  if (check_out) {
    if (*check_out == e.at) return duplicate();
    return rejected("visit " + e.visit_id + " already checked out");
  }
  if (check_in && e.at < *check_in) return rejected("check-out before check-in");
  db.cached("UPDATE visits SET check_out = ? WHERE id = ?").bind_all(to_iso_utc(e.at), e.visit_id).run();
  return stored();
}

Decision apply(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  switch (e.type) {
    case EventType::CheckIn:
    case EventType::WalkIn:
      return arrive(db, kiosk, e);
    case EventType::CheckOut:
      return leave(db, kiosk, e);
  }
  return rejected("unknown event type");
}

sync::MemberRecord member_record(store::Database& db, std::int64_t site_id, std::int64_t member_id) {
  sync::MemberRecord rec;
  rec.id = member_id;
  // Cached: a kiosk's first sync pulls every member of its site.
  auto& st = db.cached("SELECT first_name, last_name, roles, active, site_id FROM members WHERE id = ?");
  st.bind(1, member_id);
  // A member erased, or moved to another site, is sent as inactive with no
  // name: the kiosk forgets them.
  if (!st.step() || st.int64(3) == 0 || st.int64(4) != site_id) {
    rec.active = false;
  } else {
    rec.first_name = st.text(0);
    rec.last_name = st.text(1);
    rec.roles = roles_from_text(st.text(2));
  }
  st.reset();
  return rec;
}

sync::BadgeRecord badge_record(store::Database& db, std::int64_t site_id, const std::string& uid) {
  sync::BadgeRecord rec{uid, 0, true};
  auto& st = db.cached(
      "SELECT b.member_id, b.revoked_at IS NOT NULL, m.site_id FROM badges b JOIN members m ON m.id = b.member_id "
      "WHERE b.uid = ?");
  st.bind(1, uid);
  if (st.step()) {
    rec.member_id = st.int64(0);
    // A badge now held by a member of another site is revoked as far as this site knows.
    rec.revoked = st.int64(1) != 0 || st.int64(2) != site_id;
  }
  st.reset();
  return rec;
}

void pull(store::Database& db, const KioskIdentity& kiosk, std::int64_t cursor, sync::SyncResponse& out) {
  const ChangeBatch batch = changes_after(db, kiosk.site_id, cursor);
  for (const auto& change : batch.entities) {
    switch (change.entity) {
      case Entity::Site:
        out.site = find_site(db, kiosk.site_id);
        break;
      case Entity::Member:
        out.members.push_back(member_record(db, kiosk.site_id, std::stoll(change.key)));
        break;
      case Entity::Badge:
        out.badges.push_back(badge_record(db, kiosk.site_id, change.key));
        break;
    }
  }
  out.cursor = batch.cursor;
  out.more = batch.more;
}

}  // namespace

sync::SyncResponse handle_sync(store::Database& db, const KioskIdentity& kiosk, const sync::SyncRequest& request) {
  sync::SyncResponse response;
  response.acks.reserve(request.events.size());
  const std::string received_at = to_iso_utc(now());
  store::Transaction tx(db);
  for (const Event& e : request.events) {
    Decision d = apply(db, kiosk, e);
    if (d.status == AckStatus::Rejected) spdlog::warn("kiosk {} event {} rejected: {}", kiosk.name, e.id, d.reason);
    if (d.status != AckStatus::Stored) log_event(db, kiosk, e, d, received_at);
    response.acks.push_back({e.id, d.status, std::move(d.reason)});
  }
  touch_kiosk_sync(db, kiosk.id);
  pull(db, kiosk, request.cursor, response);
  tx.commit();
  response.server_time = now();
  return response;
}

}  // namespace escale::server
