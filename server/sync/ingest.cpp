// Idempotent ingest of kiosk events and the pull of changes.
//
// Idempotency rests on the ingested_events ledger, keyed by the event's UUID:
// an event already there is acknowledged as a duplicate and nothing else is
// touched. A visit is keyed by its own UUID, so even a check-in re-sent under
// a new event id cannot make a second visit.
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

bool ledger_has(store::Database& db, const std::string& event_id) {
  auto& st = db.cached("SELECT 1 FROM ingested_events WHERE id = ?");
  st.bind(1, event_id);
  const bool found = st.step();
  st.reset();  // a cached statement left mid-step would pin an old read snapshot
  return found;
}

void ledger_add(store::Database& db, const KioskIdentity& kiosk, const Event& e, AckStatus status,
                const std::string& reason) {
  db.cached("INSERT INTO ingested_events (id, kiosk_id, type, status, reason, received_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, kiosk.id, sync::to_string(e.type), sync::to_string(status),
                reason.empty() ? std::optional<std::string>() : std::optional<std::string>(reason),
                to_iso_utc(now()))
      .run();
}

bool visit_exists(store::Database& db, const std::string& visit_id) {
  auto& st = db.cached("SELECT 1 FROM visits WHERE id = ?");
  st.bind(1, visit_id);
  const bool found = st.step();
  st.reset();
  return found;
}

bool member_exists(store::Database& db, std::int64_t member_id) {
  auto& st = db.cached("SELECT 1 FROM members WHERE id = ?");
  st.bind(1, member_id);
  const bool found = st.step();
  st.reset();
  return found;
}

// Applies one event; returns the reason when it must be rejected.
std::optional<std::string> apply(store::Database& db, const KioskIdentity& kiosk, const Event& e) {
  switch (e.type) {
    case EventType::CheckIn:
    case EventType::WalkIn: {
      if (visit_exists(db, e.visit_id)) return "visit " + e.visit_id + " already recorded";
      if (e.type == EventType::CheckIn && !member_exists(db, *e.member_id)) {
        return "unknown member " + std::to_string(*e.member_id);
      }
      db.cached(
            "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, local_date, walk_in) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all(e.visit_id, kiosk.site_id, e.member_id, kiosk.id, e.badge_uid, to_iso_utc(e.at),
                    paris_date(e.at), e.type == EventType::WalkIn ? 1 : 0)
          .run();
      return std::nullopt;
    }
    case EventType::CheckOut: {
      auto& st = db.cached("SELECT check_in, check_out FROM visits WHERE id = ? AND site_id = ?");
      st.bind_all(e.visit_id, kiosk.site_id);
      if (!st.step()) return "unknown visit " + e.visit_id;
      if (!st.is_null(1)) {
        st.reset();
        return "visit " + e.visit_id + " already checked out";
      }
      const auto check_in = parse_iso_utc(st.text(0));
      st.reset();
      if (check_in && e.at < *check_in) return "check-out before check-in";
      db.cached("UPDATE visits SET check_out = ? WHERE id = ?").bind_all(to_iso_utc(e.at), e.visit_id).run();
      return std::nullopt;
    }
  }
  return "unknown event type";
}

sync::MemberRecord member_record(store::Database& db, std::int64_t site_id, std::int64_t member_id) {
  sync::MemberRecord rec;
  rec.id = member_id;
  auto st = db.prepare("SELECT first_name, last_name, roles, active, site_id FROM members WHERE id = ?");
  st.bind(1, member_id);
  if (!st.step()) {
    rec.active = false;
    return rec;
  }
  // A member erased, or moved to another site, is sent as inactive with no
  // name: the kiosk forgets them.
  if (st.int64(3) == 0 || st.int64(4) != site_id) {
    rec.active = false;
    return rec;
  }
  rec.first_name = st.text(0);
  rec.last_name = st.text(1);
  rec.roles = roles_from_text(st.text(2));
  return rec;
}

sync::BadgeRecord badge_record(store::Database& db, std::int64_t site_id, const std::string& uid) {
  sync::BadgeRecord rec{uid, 0, true};
  auto st = db.prepare(
      "SELECT b.member_id, b.revoked_at IS NOT NULL, m.site_id FROM badges b JOIN members m ON m.id = b.member_id "
      "WHERE b.uid = ?");
  st.bind(1, uid);
  if (!st.step()) return rec;
  rec.member_id = st.int64(0);
  // A badge now held by a member of another site is revoked as far as this site knows.
  rec.revoked = st.int64(1) != 0 || st.int64(2) != site_id;
  return rec;
}

void pull(store::Database& db, const KioskIdentity& kiosk, std::int64_t cursor, sync::SyncResponse& out) {
  const ChangeBatch batch = changes_after(db, kiosk.site_id, cursor);
  for (const auto& change : batch.entities) {
    switch (change.entity) {
      case Entity::Site: out.site = find_site(db, kiosk.site_id); break;
      case Entity::Member: out.members.push_back(member_record(db, kiosk.site_id, std::stoll(change.key))); break;
      case Entity::Badge: out.badges.push_back(badge_record(db, kiosk.site_id, change.key)); break;
    }
  }
  out.cursor = batch.cursor;
  out.more = batch.more;
}

}  // namespace

sync::SyncResponse handle_sync(store::Database& db, const KioskIdentity& kiosk, const sync::SyncRequest& request) {
  sync::SyncResponse response;
  store::Transaction tx(db);
  for (const Event& e : request.events) {
    if (ledger_has(db, e.id)) {
      response.acks.push_back({e.id, AckStatus::Duplicate, {}});
      continue;
    }
    const auto reason = apply(db, kiosk, e);
    const AckStatus status = reason ? AckStatus::Rejected : AckStatus::Stored;
    if (reason) spdlog::warn("kiosk {} event {} rejected: {}", kiosk.name, e.id, *reason);
    ledger_add(db, kiosk, e, status, reason.value_or(""));
    response.acks.push_back({e.id, status, reason.value_or("")});
  }
  touch_kiosk_sync(db, kiosk.id);
  pull(db, kiosk, request.cursor, response);
  tx.commit();
  response.server_time = now();
  return response;
}

}  // namespace escale::server
