// The retention rules (store/retention.hpp): the settings row, and each rule
// of the nightly run in its own transaction.
#include "store/retention.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "store/member_bookings.hpp"  // message_recipient
#include "store/members.hpp"          // erase_member
#include "store/messages.hpp"

namespace escale::server {
namespace {

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::optional<std::string> bound_problem(const RetentionBound& b, int value, std::string_view what) {
  if (value >= b.min && value <= b.max) return std::nullopt;
  return std::string(what) + "\u202F: entre " + std::to_string(b.min) + " et " + std::to_string(b.max) +
         " mois (vous avez donné " + std::to_string(value) + ").";
}

// The audit row of the run or of a change of settings: no actor for the nightly run.
void audit_row(store::Database& db, Instant now, const Actor& actor, std::string_view action,
               const std::string& detail) {
  db.cached(
        "INSERT INTO audit_log (at, site_id, actor_member_id, kiosk_id, api_client_id, web_user_id, action, subject, "
        "detail) VALUES (?, NULL, ?, ?, ?, ?, ?, 'network', ?)")
      .bind_all(to_iso_utc(now), actor.member_id, actor.kiosk_id, actor.api_client_id, actor.web_user_id, action,
                detail)
      .run();
}

// [visits] The member and badge cut from the visits of the Paris days before `first_kept`. One transaction
// per site and day (an idempotent step each): the first run after the upgrade, over years of visits, never holds
// the write lock for long, and the kiosks' syncs go on between the days.
int anonymise_visits(store::Database& db, const std::string& first_kept) {
  struct Day {
    std::int64_t site_id = 0;
    std::string local_date;
  };
  std::vector<Day> days;
  {
    auto st = db.prepare(
        "SELECT DISTINCT site_id, local_date FROM visits WHERE local_date < ? "
        "AND (member_id IS NOT NULL OR badge_uid IS NOT NULL)");
    st.bind_all(first_kept);
    while (st.step()) days.push_back({st.int64(0), st.text(1)});
  }
  std::random_device seed;
  std::mt19937_64 random((static_cast<std::uint64_t>(seed()) << 32) ^ seed());
  int anonymised = 0;
  for (const auto& day : days) {
    store::Transaction tx(db);
    std::vector<std::int64_t> members;
    {
      auto st = db.cached(
          "SELECT DISTINCT member_id FROM visits WHERE site_id = ? AND local_date = ? AND member_id IS NOT NULL");
      st.bind_all(day.site_id, day.local_date);
      while (st.step()) members.push_back(st.int64(0));
    }
    for (const auto member : members) {
      // Negative: never a member's id, so a day's distinct count cannot mix them up.
      const auto key = -static_cast<std::int64_t>(random() >> 2) - 1;
      db.cached(
            "UPDATE visits SET visitor_key = ?, member_id = NULL, badge_uid = NULL "
            "WHERE site_id = ? AND local_date = ? AND member_id = ?")
          .bind_all(key, day.site_id, day.local_date, member)
          .run();
      anonymised += db.changes();
    }
    // Walk-ins and unknown badges: the UID only.
    db.cached("UPDATE visits SET badge_uid = NULL WHERE site_id = ? AND local_date = ? AND badge_uid IS NOT NULL")
        .bind_all(day.site_id, day.local_date)
        .run();
    anonymised += db.changes();
    tx.commit();
  }
  return anonymised;
}

// Whether member `m.id` did something since `since` (ISO UTC; `since_month`: its Paris "YYYY-MM"). Visits
// are read from the members' months (stats_member_months, written with each visit and kept when the visit no
// longer names its member), the whole month of `since` included: a notice may come a month late, never early.
// Each clause is an index's range (schema v11 adds those of stats_member_months and participants by member).
constexpr std::string_view kActiveSince = R"sql(
  m.created_at >= :since
  OR EXISTS (SELECT 1 FROM stats_member_months s WHERE s.member_id = m.id AND s.month >= :since_month)
  OR EXISTS (SELECT 1 FROM bookings b WHERE b.member_id = m.id AND (b.created_at >= :since OR b.start_at >= :since))
  OR EXISTS (SELECT 1 FROM participants p JOIN appointments a ON a.id = p.appointment_id
             WHERE p.member_id = m.id AND (p.added_at >= :since OR a.start_at >= :since))
  OR EXISTS (SELECT 1 FROM member_sessions x WHERE x.member_id = m.id
             AND (x.created_at >= :since OR x.last_seen_at >= :since))
  OR EXISTS (SELECT 1 FROM member_login_links l WHERE l.member_id = m.id AND l.used_at >= :since)
)sql";

std::string month_of(Instant t) {
  return paris_date(t).substr(0, 7);
}

// [inactive] Notices cancelled by activity, members anonymised after their notice, new notices.
void inactive_members(store::Database& db, const RetentionSettings& s, Instant now, RetentionRun& run) {
  const auto at = to_iso_utc(now);
  // Came back since the notice: the notice is cancelled (and its message, if not sent yet).
  {
    store::Transaction tx(db);
    std::vector<std::int64_t> back;
    {
      auto st = db.prepare(
          "SELECT m.id, m.retention_notice_at FROM members m WHERE m.retention_notice_at IS NOT NULL AND m.erased_at "
          "IS NULL");
      std::vector<std::pair<std::int64_t, std::string>> noticed;
      while (st.step()) noticed.emplace_back(st.int64(0), st.text(1));
      const std::string active =
          "SELECT EXISTS (SELECT 1 FROM members m WHERE m.id = :id AND (" + std::string(kActiveSince) + "))";
      for (const auto& [id, notice_at] : noticed) {
        auto q = db.prepare(active);
        const auto when = parse_iso_utc(notice_at);
        q.bind_all(id, notice_at, when ? month_of(*when) : notice_at.substr(0, 7));
        if (q.step() && q.int64(0) != 0) back.push_back(id);
      }
    }
    for (const auto id : back) {
      db.cached("UPDATE members SET retention_notice_at = NULL WHERE id = ?").bind_all(id).run();
      db.cached("UPDATE messages SET state = 'cancelled' WHERE member_id = ? AND kind = ? AND state = 'pending'")
          .bind_all(id, to_string(MessageKind::RetentionNotice))
          .run();
    }
    run.notices_cancelled = static_cast<int>(back.size());
    tx.commit();
  }
  // Told long enough ago and still away: anonymised, each in its own transaction (erase_member's).
  {
    std::vector<std::int64_t> due;
    {
      auto st = db.prepare(
          "SELECT id FROM members WHERE retention_notice_at IS NOT NULL AND retention_notice_at <= ? "
          "AND erased_at IS NULL ORDER BY id");
      st.bind_all(to_iso_utc(months_before(now, s.notice_months)));
      while (st.step()) due.push_back(st.int64(0));
    }
    for (const auto id : due) {
      const auto erased = erase_member(db, id, Actor{}, now);
      if (erased) {
        ++run.members_anonymised;
      } else {
        // Deactivated meanwhile: nothing left to anonymise, the notice goes.
        spdlog::info("retention: member {} not anonymised: {}", id, erased.error());
      }
      store::Transaction tx(db);
      db.cached("UPDATE members SET retention_notice_at = NULL WHERE id = ?").bind_all(id).run();
      tx.commit();
    }
  }
  // Away for inactive_months: told now (if they have a channel), anonymised notice_months later.
  {
    store::Transaction tx(db);
    const auto since = months_before(now, s.inactive_months);
    std::vector<std::int64_t> away;
    {
      auto st = db.prepare(
          "SELECT m.id FROM members m WHERE m.erased_at IS NULL AND m.active = 1 AND m.retention_notice_at IS NULL "
          "AND m.roles = 'member' AND NOT EXISTS (SELECT 1 FROM member_site_roles r WHERE r.member_id = m.id) "
          "AND NOT (" +
          std::string(kActiveSince) + ") ORDER BY m.id");
      st.bind_all(to_iso_utc(since), month_of(since));
      while (st.step()) away.push_back(st.int64(0));
    }
    const auto when = anonymisation_time(now, s);
    for (const auto id : away) {
      db.cached("UPDATE members SET retention_notice_at = ? WHERE id = ?").bind_all(at, id).run();
      const auto to = message_recipient(db, id);
      if (!to) {
        ++run.notices_silent;
        continue;
      }
      NewMessage m;
      m.kind = MessageKind::RetentionNotice;
      m.member_id = id;
      m.subject = to_iso_utc(when);
      m.channel = to->first;
      m.recipient = to->second;
      m.give_up_at = when;
      queue_message(db, m, now);
      ++run.notices_sent;
    }
    tx.commit();
  }
}

// Runs `sql`, whose `?` (one or two) all stand for `cutoff`; returns the rows deleted.
int delete_before(store::Database& db, std::string_view sql, const std::string& cutoff, int parameters = 1) {
  auto st = db.prepare(sql);
  for (int i = 1; i <= parameters; ++i) st.bind(i, cutoff);
  st.run();
  return db.changes();
}

}  // namespace

RetentionSettings retention_settings(store::Database& db) {
  auto st = db.cached(
      "SELECT visits_months, inactive_months, notice_months, audit_months, attempts_months, sessions_months, "
      "updated_at, last_run_at FROM retention_settings WHERE id = 1");
  RetentionSettings s;
  if (!st.step()) return s;  // cannot happen: the migration writes the row
  s.visits_months = static_cast<int>(st.int64(0));
  s.inactive_months = static_cast<int>(st.int64(1));
  s.notice_months = static_cast<int>(st.int64(2));
  s.audit_months = static_cast<int>(st.int64(3));
  s.attempts_months = static_cast<int>(st.int64(4));
  s.sessions_months = static_cast<int>(st.int64(5));
  s.updated_at = st.text(6);
  s.last_run_at = st.optional_text(7);
  return s;
}

std::optional<std::string> retention_problem(const RetentionSettings& s) {
  if (auto p = bound_problem(kVisitsBound, s.visits_months, "Détail des passages (nom, badge, heures)")) return p;
  if (auto p = bound_problem(kInactiveBound, s.inactive_months, "Adhérent·e sans venue avant l’avis")) return p;
  if (auto p = bound_problem(kNoticeBound, s.notice_months, "Délai entre l’avis et l’anonymisation")) return p;
  if (auto p = bound_problem(kAuditBound, s.audit_months, "Journal des actions")) return p;
  if (auto p = bound_problem(kAttemptsBound, s.attempts_months, "Tentatives de connexion et d’enrôlement")) return p;
  if (auto p = bound_problem(kSessionsBound, s.sessions_months, "Sessions terminées")) return p;
  return std::nullopt;
}

Result<RetentionSettings> set_retention_settings(store::Database& db, RetentionSettings s, const Actor& actor,
                                                 Instant now) {
  if (auto problem = retention_problem(s)) return Error{*problem + " Rien n’a été changé."};
  store::Transaction tx(db);
  s.updated_at = to_iso_utc(now);
  db.prepare(
        "UPDATE retention_settings SET visits_months = ?, inactive_months = ?, notice_months = ?, audit_months = ?, "
        "attempts_months = ?, sessions_months = ?, updated_at = ? WHERE id = 1")
      .bind_all(s.visits_months, s.inactive_months, s.notice_months, s.audit_months, s.attempts_months,
                s.sessions_months, s.updated_at)
      .run();
  audit_row(db, now, actor, "retention.settings",
            nlohmann::json{{"visits_months", s.visits_months},
                           {"inactive_months", s.inactive_months},
                           {"notice_months", s.notice_months},
                           {"audit_months", s.audit_months},
                           {"attempts_months", s.attempts_months},
                           {"sessions_months", s.sessions_months}}
                .dump());
  tx.commit();
  s.last_run_at = retention_settings(db).last_run_at;
  return s;
}

Instant months_before(Instant t, int months) {
  const auto p = to_paris(t);
  int total = p.year * 12 + (p.month - 1) - months;
  const int year = total / 12;
  const int month = total % 12 + 1;
  const int day = std::min(p.day, days_in_month(year, month));
  return from_paris(year, month, day, p.hour, p.minute, p.second);
}

Instant anonymisation_time(Instant notice_at, const RetentionSettings& s) {
  // months_before with a negative count goes forward.
  return months_before(notice_at, -s.notice_months);
}

std::optional<std::string> retention_notice(store::Database& db, std::int64_t member_id) {
  auto st = db.cached("SELECT retention_notice_at FROM members WHERE id = ?");
  st.bind_all(member_id);
  if (!st.step()) return std::nullopt;
  return st.optional_text(0);
}

RetentionRun run_retention(store::Database& db, const RetentionSettings& s, Instant now) {
  RetentionRun run;
  run.visits_anonymised = anonymise_visits(db, paris_date(months_before(now, s.visits_months)));
  inactive_members(db, s, now, run);
  {
    store::Transaction tx(db);
    run.audit_deleted =
        delete_before(db, "DELETE FROM audit_log WHERE at < ?", to_iso_utc(months_before(now, s.audit_months)));
    tx.commit();
  }
  {
    store::Transaction tx(db);
    const auto cutoff = to_iso_utc(months_before(now, s.attempts_months));
    run.attempts_deleted = delete_before(db, "DELETE FROM login_failures WHERE at < ?", cutoff) +
                           delete_before(db, "DELETE FROM enrolment_failures WHERE at < ?", cutoff) +
                           delete_before(db, "DELETE FROM member_link_requests WHERE at < ?", cutoff) +
                           delete_before(db, "DELETE FROM ingest_log WHERE received_at < ?", cutoff);
    tx.commit();
  }
  {
    store::Transaction tx(db);
    const auto cutoff = to_iso_utc(months_before(now, s.sessions_months));
    // A web session is over at expires_at, or earlier when idle (web_users.hpp): last seen a month ago, it is over.
    run.sessions_deleted =
        delete_before(db, "DELETE FROM web_sessions WHERE expires_at < ? OR last_seen_at < ?", cutoff, 2) +
        delete_before(db, "DELETE FROM member_sessions WHERE ended_at < ? OR expires_at < ?", cutoff, 2) +
        delete_before(db, "DELETE FROM member_login_links WHERE expires_at < ?", cutoff);
    tx.commit();
  }
  {
    store::Transaction tx(db);
    db.prepare("UPDATE retention_settings SET last_run_at = ? WHERE id = 1").bind_all(to_iso_utc(now)).run();
    audit_row(db, now, Actor{}, "retention.run",
              nlohmann::json{{"visits_anonymised", run.visits_anonymised},
                             {"notices_sent", run.notices_sent},
                             {"notices_silent", run.notices_silent},
                             {"notices_cancelled", run.notices_cancelled},
                             {"members_anonymised", run.members_anonymised},
                             {"audit_deleted", run.audit_deleted},
                             {"attempts_deleted", run.attempts_deleted},
                             {"sessions_deleted", run.sessions_deleted}}
                  .dump());
    tx.commit();
  }
  return run;
}

std::string describe(const RetentionRun& r) {
  return "visits anonymised " + std::to_string(r.visits_anonymised) + ", inactive members told " +
         std::to_string(r.notices_sent) + " (and " + std::to_string(r.notices_silent) +
         " without a channel), notices cancelled " + std::to_string(r.notices_cancelled) + ", members anonymised " +
         std::to_string(r.members_anonymised) + ", audit rows deleted " + std::to_string(r.audit_deleted) +
         ", login and enrolment attempts deleted " + std::to_string(r.attempts_deleted) + ", ended sessions deleted " +
         std::to_string(r.sessions_deleted);
}

bool retention_due(const std::optional<std::string>& last_run_at, Instant now) {
  if (!last_run_at) return true;
  const auto last = parse_iso_utc(*last_run_at);
  if (!last || now - *last >= std::chrono::hours(24)) return true;
  const auto p = to_paris(now);
  const auto tonight = from_paris(p.year, p.month, p.day, kRetentionHour, kRetentionMinute);
  return now >= tonight && *last < tonight;
}

}  // namespace escale::server
