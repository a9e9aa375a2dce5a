// The kiosk's local SQLite store: its site's members and badges (pulled from
// the server), its own visits, and the outbox of events waiting to be pushed;
// after enrolment, the badge taps noted until the first pull has landed.
//
// A check-in writes the visit and its outbox event in one transaction, before
// the greeting shows: once a person is greeted, the visit survives a crash
// and will reach the server. The UI thread and the sync thread each open
// their own LocalStore on the same file (WAL lets them work side by side).
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/pin.hpp"
#include "booking/booking.hpp"
#include "domain/badge.hpp"
#include "domain/site.hpp"
#include "store/database.hpp"
#include "sync/protocol.hpp"

// Migration 3 of the local store (the help agenda), in local_agenda.cpp.
namespace escale::kiosk {
extern const std::string_view kLocalAgendaSchema;
}
#include "time/clock.hpp"

namespace escale::kiosk {

struct KnownBadge {
  std::int64_t member_id = 0;
  std::string first_name;
  std::string last_name;    // a member of another site: their initial (« D. ») or nothing
  std::vector<Role> roles;  // at this kiosk's site
  std::optional<std::vector<std::int64_t>> allowed_sites;  // the only sites they may use; nullopt: every site

  // Whether their membership includes this site (0: not known yet, taken as yes).
  bool may_use_site(std::int64_t site_id) const {
    return !allowed_sites || site_id == 0 ||
           std::find(allowed_sites->begin(), allowed_sites->end(), site_id) != allowed_sites->end();
  }
};

struct OpenVisit {
  std::string visit_id;
  Instant check_in{};
};

// Someone checked in and not yet out (animator mode: « Qui est là »).
struct PresentMember {
  std::string visit_id;
  std::int64_t member_id = 0;
  std::string first_name;
  std::string last_name;
  Instant check_in{};
};

struct LocalMember {
  std::int64_t id = 0;
  std::string first_name;
  std::string last_name;
  std::vector<Role> roles;
};

// An event that will not reach the server as it is, kept for the animator
// (« Envois refusés ») and the operator: the server refused it, or this kiosk
// set it aside because it could not be read, encoded or accepted.
struct RefusedEvent {
  std::string event_id;
  std::string type;           // the outbox's text ("badge_assign"…); may be anything for an unreadable row
  std::optional<Instant> at;  // when it happened; nullopt when unreadable
  std::string reason;         // French, for the animator
  Instant refused_at{};
  bool set_aside_here = false;  // true: never accepted by the server (unreadable here, or refused whole)
};

// The token this kiosk got by enrolment, and what the server said it is.
struct StoredEnrolment {
  std::string server_url;
  std::string token;
  std::int64_t kiosk_id = 0;
  std::string kiosk_name;
  std::int64_t site_id = 0;
  std::string site_name;
  Instant enrolled_at{};
};

// A badge tap noted while the kiosk waited for its first pull (migration 5);
// uid or at empty: the row is unreadable.
struct EarlyTap {
  std::int64_t seq = 0;
  std::optional<BadgeUid> uid;
  std::optional<Instant> at;
};

// How a LocalStore's commits reach the disk (docs/PERFORMANCE.md, « The visit's commit »).
// Every commit is durable across a crash of the program (WAL, synchronous=NORMAL);
// what these choose is who pays the fsyncs that make it durable across a power cut.
struct LocalStoreOptions {
  // The UI's connection: it never calls fsync. WAL checkpoints (the fsyncs) are
  // left to another connection's checkpoint() — the sync thread's, after each
  // wake — so a badge's commit never waits for the disk. The connection runs
  // with synchronous=OFF, which in WAL mode spares it the one fsync a commit
  // still made with NORMAL: the WAL header's, when its commit is the first
  // after a complete checkpoint (up to 100 ms on a busy disk, one tap in four).
  // That is safe because only a synchronous=NORMAL connection ever checkpoints:
  // it flushes the WAL (its header too) before copying anything into the
  // database file, and the file after; a commit becomes durable at that
  // checkpoint, as it did with NORMAL. Past `checkpoint_safety_pages` pages of
  // WAL (if nobody checkpointed) this connection checkpoints itself all the
  // same, with NORMAL's flushes, right after the commit that crossed it.
  bool checkpoints_elsewhere = false;
  int checkpoint_safety_pages = 4000;  // about 16 MB of WAL
  // synchronous=FULL: every commit fsyncs the WAL (measured, not used: see the doc).
  bool fsync_each_commit = false;
};

class LocalStore {
 public:
  explicit LocalStore(const std::filesystem::path& path, LocalStoreOptions options = {});

  // Copies what the WAL holds into the database file and flushes both to the
  // disk (PRAGMA wal_checkpoint(PASSIVE): never waits for another connection's
  // readers or writer, copies what it can). Returns the WAL frames still not copied.
  int checkpoint();

  // ---- used by the app (UI thread)
  // The member holding this badge, when the badge is known and not revoked.
  std::optional<KnownBadge> find_badge(const BadgeUid& uid);
  // The names of these sites of the network, in the same order (unknown ids left out).
  std::vector<std::string> site_names(const std::vector<std::int64_t>& ids);
  // The member's latest visit not yet closed, begun less than `max_visit`
  // before `at` (a visit may run past midnight; one forgotten yesterday
  // morning is not closed by today's tap).
  std::optional<OpenVisit> open_visit(std::int64_t member_id, Instant at,
                                      std::chrono::hours max_visit = std::chrono::hours(16));
  // Returns the visit id. With `booking_id`, the member checks in on that
  // booking too (marked checked_in here; the server does the same). Without
  // a badge, an animator let the member in (« Faire entrer »): `by` names
  // them, as the server requires.
  std::string record_check_in(std::int64_t member_id, const std::optional<BadgeUid>& uid, Instant at,
                              const std::optional<std::string>& booking_id = std::nullopt,
                              std::optional<std::int64_t> by = std::nullopt);
  // `by`: the animator who did it (animator mode), for the server's audit log.
  void record_check_out(const std::string& visit_id, Instant at, std::optional<std::int64_t> by = std::nullopt);
  std::string record_walk_in(Instant at, std::optional<std::int64_t> by = std::nullopt);
  std::optional<Site> site();
  std::optional<LocalMember> member(std::int64_t id);
  // Members whose first or last name starts with `query` (case- and
  // accent-insensitive for French letters), sorted by last then first name.
  std::vector<LocalMember> search_members(std::string_view query, std::size_t limit);
  std::vector<PresentMember> present(Instant at, std::chrono::hours max_visit);

  // ---- bookings (the site's, as last synced, plus this kiosk's pending intents)
  std::vector<Resource> resources();
  sync::SiteRules rules();
  // Bookings overlapping [from, to), any status.
  std::vector<Booking> bookings_between(Instant from, Instant to);
  // A member's bookings ending after `from`, any status, by start time.
  std::vector<Booking> member_bookings(std::int64_t member_id, Instant from);
  std::optional<Booking> find_booking(const std::string& id);
  // A booking intent made here: stored as pending with its outbox event, in one transaction.
  void record_booking_request(const Booking& b, Instant at, std::optional<std::int64_t> by = std::nullopt);
  void record_booking_cancel(const std::string& booking_id, Instant at, std::optional<std::int64_t> by = std::nullopt);
  void record_booking_move(const std::string& booking_id, std::int64_t resource_id, Instant start, Instant end,
                           Instant at, std::optional<std::int64_t> by = std::nullopt);
  // Refused bookings of this member not yet told to them; and marking them told.
  std::vector<Booking> untold_refusals(std::int64_t member_id);
  void mark_refusals_told(std::int64_t member_id);

  // ---- the help agenda (store/local_agenda.cpp): the site's appointment
  // types, help hours and exceptions as last synced, and its appointments
  // (participants' phones and e-mails are never kept here: they travel in
  // the outbox event only, until the server has them).
  sync::HelpAgenda help_agenda();
  // Appointments overlapping [from, to), refused intents included, by start.
  std::vector<sync::AppointmentRecord> appointments_between(Instant from, Instant to);
  std::optional<sync::AppointmentRecord> find_appointment(const std::string& id);
  // Changed here and not yet confirmed by the server (nullopt: unknown appointment).
  std::optional<bool> appointment_pending(const std::string& id);
  // A help request made here (an individual appointment, or joining the
  // workshop `a.id`): stored as pending with its outbox event (which carries
  // the phone, if given), in one transaction. `a` holds the new participant
  // as its last one.
  void record_help_request(const mediation::Appointment& a, const mediation::Participant& p, bool join, Instant at,
                           std::optional<std::int64_t> by = std::nullopt);
  void record_participant_status(const std::string& appointment_id, const std::string& participant_id,
                                 mediation::ParticipantStatus status, Instant at, std::int64_t by);
  void record_activity(const mediation::ActivityRecord& r, Instant at, std::int64_t by);

  // ---- animator mode
  std::optional<std::string> pin_hash(std::int64_t member_id);
  PinAttempts pin_attempts(std::int64_t member_id);
  void save_pin_attempts(std::int64_t member_id, const PinAttempts& a);
  // Attaches a badge to a member here at once (so it works before the next
  // sync) and tells the server.
  void record_badge_assign(const BadgeUid& uid, std::int64_t member_id, Instant at, std::int64_t by);
  // A new member, created on the server at the next sync (with its badge, if any).
  void record_member_create(const sync::NewMember& m, const std::optional<BadgeUid>& uid, Instant at, std::int64_t by);
  // Events refused by the server (rejected_events) or set aside here (set_aside_events).
  std::int64_t rejected_count();
  // The latest refused or set-aside events, newest first.
  std::vector<RefusedEvent> refused_events(std::size_t limit);

  // ---- enrolment: one row, replaced as a whole in one transaction
  void save_enrolment(const StoredEnrolment& e);
  std::optional<StoredEnrolment> enrolment();
  std::optional<Instant> last_sync();

  // ---- used by the sync client (sync thread)
  // Up to `limit` events of the outbox, in order, each one readable and
  // encodable as the server will decode it. A row that is not (bad JSON, an
  // unknown type, an invalid time, a body whose id is not the row's…) is
  // moved to set_aside_events with the reason, logged once, and never
  // holds up the rows behind it: whatever the number of bad rows in front,
  // this returns up to `limit` good events.
  std::vector<sync::Event> pending_events(std::size_t limit);
  // The server refused a whole push because of this event (found by the
  // sync client): it leaves the outbox for set_aside_events, with the reason.
  void set_aside(const std::string& event_id, const std::string& reason);
  std::int64_t pending_count();
  std::int64_t cursor();
  // Applies one exchange's answer in one transaction: acknowledged events
  // leave the outbox (rejected ones are kept aside in rejected_events, with
  // the reason, for the animator), then members, badges, site and cursor.
  void apply(const sync::SyncResponse& response);

  // ---- the first pull after enrolment (« préparation », migration 5)
  // Saves the enrolment, notes that the first pull is awaited and sets the
  // cursor back to 0 (a new enrolment pulls everything), in one transaction.
  void save_enrolment_awaiting_first_pull(const StoredEnrolment& e);
  // Enrolled, and no exchange has pulled everything yet.
  bool first_pull_pending();
  // Called by the sync client after an exchange that pulled everything.
  void mark_first_pull_done();
  // A badge tapped meanwhile, kept with its time until it can be decided.
  void note_early_tap(const BadgeUid& uid, Instant at);
  std::vector<EarlyTap> early_taps();  // in the order they were tapped
  std::int64_t early_tap_count();
  // Forgets the tap and runs `record` (what the tap does, written through
  // this store) in one transaction, so a tap is replayed exactly once even if
  // the kiosk stops half-way. Returns false, without calling `record`, when
  // the tap was already replayed. `record` throwing keeps the tap.
  bool replay_early_tap(std::int64_t seq, const std::function<void()>& record);

  store::Database& database() { return db_; }

  // Visits older than this, already acknowledged by the server, are deleted
  // from the kiosk at the next sync (data minimisation: a kiosk in a public
  // hall keeps as little as it can).
  static constexpr std::chrono::days kKeepVisitsDays{7};
  // The raw body of an event set aside here (the only copy of what it held,
  // for an operator to recover) is kept this long, then forgotten: it may
  // hold a phone number, which never rests on a kiosk for long.
  static constexpr std::chrono::days kKeepSetAsideBodyDays{30};

 private:
  void forget_old_visits(Instant today);
  void enqueue(const sync::Event& e);
  void set_booking_status(const std::string& booking_id, BookingStatus status);
  void apply_agenda(const sync::SyncResponse& r);
  // The server rejected a help request outright (not a refusal it could
  // keep): the local pending appointment is marked refused, not left pending.
  void forget_refused_help_request(const std::string& event_id);
  void store_appointment(const sync::AppointmentRecord& rec, bool pending);
  // An appointment row as stored, or nullopt (logged once per row) when it
  // cannot be decoded.
  std::optional<sync::AppointmentRecord> decode_appointment_row(const std::string& id, const std::string& body);
  // Moves the outbox row `seq` to set_aside_events with `reason`, and logs it.
  void set_aside_row(std::int64_t seq, const std::string& reason);
  store::Database db_;
  bool syncs_nothing_ = false;           // checkpoints_elsewhere: synchronous=OFF between checkpoints
  std::unique_ptr<int> safety_pages_;    // the WAL hook's limit (a stable address while the store moves)
  std::set<std::string> reported_rows_;  // unreadable agenda rows already logged (one line each)
};

}  // namespace escale::kiosk
