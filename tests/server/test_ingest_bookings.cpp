#include "sync/ingest.hpp"  // first: the header is self-contained

// The sync ingest of bookings and of what animators do at a kiosk: booking
// intents confirmed or refused, cancels and moves, check-ins on bookings,
// badges and members made at the kiosk, the audit log; and the change feed
// of resources, bookings, rules and animators' PIN hashes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "reports/visits_report.hpp"
#include "server_fixture.hpp"
#include "store/bookings.hpp"
#include "store/changes.hpp"
#include "store/network.hpp"
#include "store/pins.hpp"
#include "support/log_capture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::check_in;
using escale::tests::check_out;
using escale::tests::ServerDb;
using escale::tests::walk_in;
using sync::AckStatus;
using sync::EventType;

// A Monday-to-Friday day (the test site's desks are open then), not a
// public holiday, at least `ahead` days from today.
CivilDate open_day(int ahead = 2) {
  CivilDate d = add_days(paris_civil_date(now()), ahead);
  while (iso_weekday(d) > 5 || is_french_public_holiday(d)) d = add_days(d, 1);
  return d;
}

Instant paris(const CivilDate& d, int hour, int minute = 0) {
  return from_paris(d.year, d.month, d.day, hour, minute);
}

sync::Event booking_request(const std::string& booking_id, std::int64_t member, std::int64_t resource, Instant start,
                            Instant end) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::BookingRequest;
  e.at = now();
  e.booking_id = booking_id;
  e.member_id = member;
  e.resource_id = resource;
  e.start = start;
  e.end = end;
  return e;
}

sync::Event booking_cancel(const std::string& booking_id) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::BookingCancel;
  e.at = now();
  e.booking_id = booking_id;
  return e;
}

sync::Event booking_move(const std::string& booking_id, std::int64_t resource, Instant start, Instant end) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::BookingMove;
  e.at = now();
  e.booking_id = booking_id;
  e.resource_id = resource;
  e.start = start;
  e.end = end;
  return e;
}

sync::Event badge_assign(const std::string& uid, std::int64_t member) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::BadgeAssign;
  e.at = now();
  e.badge_uid = uid;
  e.member_id = member;
  return e;
}

sync::Event member_create(const std::string& ref, const std::string& first, const std::string& last,
                          std::optional<std::string> commune = std::nullopt,
                          std::optional<std::string> badge = std::nullopt) {
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = EventType::MemberCreate;
  e.at = now();
  e.member_ref = ref;
  e.new_member = sync::NewMember{first, last, std::move(commune), std::nullopt, std::nullopt};
  e.badge_uid = std::move(badge);
  return e;
}

sync::Event by(sync::Event e, std::int64_t animator) {
  e.by_member_id = animator;
  return e;
}

struct Fixture : ServerDb {
  std::int64_t site_id = site("Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  std::int64_t paul = member(site_id, "Paul", "Martin");
  std::int64_t lea = animator(site_id, "Léa", "Animatrice");
  std::int64_t desk1 = resource(site_id, ResourceKind::Desk, "Bureau 1");
  std::int64_t desk2 = resource(site_id, ResourceKind::Desk, "Bureau 2");
  std::int64_t visio = resource(site_id, ResourceKind::VisioRoom, "Salle visio");
  KioskIdentity kiosk = ServerDb::kiosk(site_id, "entrée").kiosk;
  KioskIdentity hall = ServerDb::kiosk(site_id, "hall").kiosk;
  CivilDate day = open_day();

  std::int64_t animator(std::int64_t site, const std::string& first, const std::string& last) {
    Member m;
    m.site_id = site;
    m.first_name = first;
    m.last_name = last;
    m.roles = {Role::Member, Role::Animator};
    auto added = add_member(db, m);
    if (!added) throw std::runtime_error("add_member: " + added.error());
    return added->id;
  }

  std::int64_t resource(std::int64_t site, ResourceKind kind, const std::string& name) {
    auto r = add_resource(db, Resource{0, site, kind, name, kind == ResourceKind::Desk ? 1 : 6, ""});
    if (!r) throw std::runtime_error("add_resource: " + r.error());
    return r->id;
  }

  sync::SyncResponse push(std::vector<sync::Event> events, const KioskIdentity* from = nullptr,
                          std::int64_t cursor = 0) {
    sync::SyncRequest request;
    request.cursor = cursor;
    request.events = std::move(events);
    return handle_sync(db, from ? *from : kiosk, request);
  }

  // Everything a kiosk that never synced would receive.
  sync::SyncResponse pull(const KioskIdentity& from) { return push({}, &from, 0); }

  std::string status_of(const std::string& booking_id) {
    auto st = db.prepare("SELECT status FROM bookings WHERE id = ?");
    st.bind(1, booking_id);
    return st.step() ? st.text(0) : std::string("-");
  }

  std::int64_t count(const std::string& sql, const std::string& arg) {
    auto st = db.prepare(sql);
    st.bind(1, arg);
    st.step();
    return st.int64(0);
  }
};

const Booking* find_in(const std::vector<Booking>& list, const std::string& id) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Booking& b) { return b.id == id; });
  return it == list.end() ? nullptr : &*it;
}

const sync::MemberRecord* find_in(const std::vector<sync::MemberRecord>& list, std::int64_t id) {
  auto it = std::find_if(list.begin(), list.end(), [&](const sync::MemberRecord& m) { return m.id == id; });
  return it == list.end() ? nullptr : &*it;
}

void check_ack(const sync::EventAck& ack, const sync::Event& e, AckStatus status, const std::string& reason = {}) {
  CHECK(ack.id == e.id);
  CHECK(ack.status == status);
  if (reason.empty()) {
    CHECK(ack.reason.empty());
  } else {
    CHECK_THAT(ack.reason, Catch::Contains(reason));
  }
}

}  // namespace

TEST_CASE("ingest bookings: an intent is confirmed and comes back in the feed", "[ingest][bookings]") {
  Fixture f;
  const std::string id = make_uuid_v4();
  const auto e = booking_request(id, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12, 30));
  const auto r = f.push({e});
  REQUIRE(r.acks.size() == 1);
  check_ack(r.acks[0], e, AckStatus::Stored);
  CHECK(f.status_of(id) == "confirmed");
  CHECK(f.scalar("SELECT kiosk_id FROM bookings") == f.kiosk.id);

  const Booking* b = find_in(r.bookings, id);
  REQUIRE(b != nullptr);
  CHECK(b->status == BookingStatus::Confirmed);
  CHECK_FALSE(b->refusal.has_value());
  CHECK(b->resource_id == f.desk1);
  CHECK(b->member_id == f.marie);
  CHECK(b->start == paris(f.day, 9));
  CHECK(b->end == paris(f.day, 12, 30));
  CHECK(b->site_id == f.site_id);
  // A kiosk that already had everything receives it once, then no more.
  const auto again = f.push({}, &f.kiosk, r.cursor);
  CHECK(again.bookings.empty());
}

TEST_CASE("ingest bookings: two kiosks want the same desk: the first is confirmed, the second refused",
          "[ingest][bookings]") {
  Fixture f;
  const std::string first = make_uuid_v4();
  const std::string second = make_uuid_v4();
  const auto a = booking_request(first, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12, 30));
  const auto b = booking_request(second, f.paul, f.desk1, paris(f.day, 10), paris(f.day, 12));
  const auto ra = f.push({a}, &f.kiosk);
  const auto rb = f.push({b}, &f.hall);
  // Both intents are decided and stored: the refusal is the booking's status.
  check_ack(ra.acks[0], a, AckStatus::Stored);
  check_ack(rb.acks[0], b, AckStatus::Stored);
  CHECK(f.status_of(first) == "confirmed");
  CHECK(f.status_of(second) == "refused");

  // Each kiosk sees both, with their status.
  const auto later_a = f.push({}, &f.kiosk, ra.cursor);
  for (const auto* answer : {&rb, &later_a}) {
    const Booking* refused = find_in(answer->bookings, second);
    REQUIRE(refused != nullptr);
    CHECK(refused->status == BookingStatus::Refused);
    CHECK(refused->refusal == std::optional<Refusal>(Refusal::Overlap));
  }
  for (const auto& kiosk : {f.kiosk, f.hall}) {
    const auto all = f.pull(kiosk);
    REQUIRE(find_in(all.bookings, first) != nullptr);
    REQUIRE(find_in(all.bookings, second) != nullptr);
    CHECK(find_in(all.bookings, first)->status == BookingStatus::Confirmed);
    CHECK(find_in(all.bookings, second)->status == BookingStatus::Refused);
    CHECK(find_in(all.bookings, second)->refusal == std::optional<Refusal>(Refusal::Overlap));
  }
  // The refusal travels encoded as the protocol says.
  const auto decoded = sync::decode_response(sync::encode(rb));
  REQUIRE(decoded.ok());
  REQUIRE(find_in(decoded->bookings, second) != nullptr);
  CHECK(find_in(decoded->bookings, second)->refusal == std::optional<Refusal>(Refusal::Overlap));
}

TEST_CASE("ingest bookings: a repeated intent is a duplicate and changes nothing", "[ingest][bookings]") {
  Fixture f;
  const std::string id = make_uuid_v4();
  const auto e = booking_request(id, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12, 30));
  const auto r = f.push({e, e});
  check_ack(r.acks[0], e, AckStatus::Stored);
  check_ack(r.acks[1], e, AckStatus::Duplicate);
  // The same push again (the kiosk never saw the answer).
  const auto again = f.push({e});
  check_ack(again.acks[0], e, AckStatus::Duplicate);
  // The same booking id under a new event id, even with other times (it was moved meanwhile).
  auto resent = booking_request(id, f.marie, f.desk2, paris(f.day, 14), paris(f.day, 17));
  check_ack(f.push({resent}).acks[0], resent, AckStatus::Duplicate);
  CHECK(f.scalar("SELECT COUNT(*) FROM bookings") == 1);
  CHECK(f.scalar("SELECT resource_id FROM bookings") == f.desk1);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log WHERE status = 'duplicate' AND type = 'booking_request'") == 3);
  // Another member's intent claiming that booking id is refused.
  auto clash = booking_request(id, f.paul, f.desk2, paris(f.day, 14), paris(f.day, 17));
  check_ack(f.push({clash}).acks[0], clash, AckStatus::Rejected, "existe déjà");
  CHECK(f.scalar("SELECT member_id FROM bookings") == f.marie);
}

TEST_CASE("ingest bookings: an intent that cannot be a booking is rejected with the reason", "[ingest][bookings]") {
  Fixture f;
  const auto other_site = f.site("Semur", "21603");
  const auto their_desk = f.resource(other_site, ResourceKind::Desk, "Bureau A");
  const auto unknown = booking_request(make_uuid_v4(), f.marie, 9999, paris(f.day, 9), paris(f.day, 12));
  const auto elsewhere = booking_request(make_uuid_v4(), f.marie, their_desk, paris(f.day, 9), paris(f.day, 12));
  const auto nobody = booking_request(make_uuid_v4(), 9999, f.desk1, paris(f.day, 9), paris(f.day, 12));
  const auto backwards = booking_request(make_uuid_v4(), f.marie, f.desk1, paris(f.day, 12), paris(f.day, 9));
  const auto r = f.push({unknown, elsewhere, nobody, backwards});
  check_ack(r.acks[0], unknown, AckStatus::Rejected, "Réservation refusée : ce bureau n’existe pas ici.");
  check_ack(r.acks[1], elsewhere, AckStatus::Rejected, "ce bureau n’existe pas ici");
  check_ack(r.acks[2], nobody, AckStatus::Rejected, "Réservation refusée : votre inscription n’a pas été trouvée.");
  check_ack(r.acks[3], backwards, AckStatus::Rejected, "Réservation refusée : ces horaires ne sont pas possibles.");
  CHECK(f.scalar("SELECT COUNT(*) FROM bookings") == 0);
  // A rule refusal, though, is kept as a refused booking (stored).
  const auto closed = booking_request(make_uuid_v4(), f.marie, f.desk1, paris(f.day, 19), paris(f.day, 20));
  check_ack(f.push({closed}).acks[0], closed, AckStatus::Stored);
  CHECK(f.status_of(*closed.booking_id) == "refused");
}

TEST_CASE("ingest bookings: cancel", "[ingest][bookings]") {
  Fixture f;
  const std::string id = make_uuid_v4();
  REQUIRE(f.push({booking_request(id, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12))}).acks[0].status ==
          AckStatus::Stored);
  const auto cancel = booking_cancel(id);
  const auto r = f.push({cancel, cancel});
  check_ack(r.acks[0], cancel, AckStatus::Stored);
  check_ack(r.acks[1], cancel, AckStatus::Duplicate);
  CHECK(f.status_of(id) == "cancelled");
  REQUIRE(find_in(r.bookings, id) != nullptr);
  CHECK(find_in(r.bookings, id)->status == BookingStatus::Cancelled);
  // The desk is free again.
  const auto paul = booking_request(make_uuid_v4(), f.paul, f.desk1, paris(f.day, 9), paris(f.day, 12));
  f.push({paul});
  CHECK(f.status_of(*paul.booking_id) == "confirmed");

  SECTION("an unknown booking, or another site's, cannot be cancelled") {
    const auto other_site = f.site("Semur", "21603");
    const auto their_desk = f.resource(other_site, ResourceKind::Desk, "Bureau A");
    const auto zoe = f.member(other_site, "Zoé", "Garnier");
    const auto their_kiosk = f.ServerDb::kiosk(other_site).kiosk;
    const std::string theirs = make_uuid_v4();
    REQUIRE(f.push({booking_request(theirs, zoe, their_desk, paris(f.day, 9), paris(f.day, 12))}, &their_kiosk)
                .acks[0]
                .status == AckStatus::Stored);
    const auto unknown = booking_cancel(make_uuid_v4());
    const auto foreign = booking_cancel(theirs);
    const auto rr = f.push({unknown, foreign});
    check_ack(rr.acks[0], unknown, AckStatus::Rejected,
              "Annulation impossible : cette réservation n’a pas été trouvée");
    check_ack(rr.acks[1], foreign, AckStatus::Rejected, "Annulation impossible");
    CHECK(f.status_of(theirs) == "confirmed");
    CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log WHERE status = 'rejected' AND type = 'booking_cancel'") == 2);
  }
  SECTION("a refused cancel sends the booking's true state again") {
    const std::string refused = make_uuid_v4();
    f.push({booking_request(refused, f.marie, f.desk2, paris(f.day, 9), paris(f.day, 9, 15))});  // off the grain
    REQUIRE(f.status_of(refused) == "refused");
    const auto after = f.push({}, &f.kiosk, 0).cursor;
    const auto no = booking_cancel(refused);
    const auto rr = f.push({no}, &f.kiosk, after);
    check_ack(rr.acks[0], no, AckStatus::Rejected, "Annulation impossible : la réservation a déjà commencé");
    REQUIRE(find_in(rr.bookings, refused) != nullptr);
    CHECK(find_in(rr.bookings, refused)->status == BookingStatus::Refused);
  }
}

TEST_CASE("ingest bookings: move", "[ingest][bookings]") {
  Fixture f;
  const std::string id = make_uuid_v4();
  const std::string pauls = make_uuid_v4();
  f.push({booking_request(id, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12)),
          booking_request(pauls, f.paul, f.desk2, paris(f.day, 14), paris(f.day, 17))});
  REQUIRE(f.status_of(id) == "confirmed");
  REQUIRE(f.status_of(pauls) == "confirmed");

  const auto move = by(booking_move(id, f.desk2, paris(f.day, 9), paris(f.day, 12, 30)), f.lea);
  const auto r = f.push({move, move});
  check_ack(r.acks[0], move, AckStatus::Stored);
  check_ack(r.acks[1], move, AckStatus::Duplicate);
  const Booking* moved = find_in(r.bookings, id);
  REQUIRE(moved != nullptr);
  CHECK(moved->resource_id == f.desk2);
  CHECK(moved->end == paris(f.day, 12, 30));
  CHECK(moved->status == BookingStatus::Confirmed);

  // Onto Paul's afternoon: refused, and the kiosk gets the booking as it is.
  const auto cursor = r.cursor;
  const auto clash = by(booking_move(id, f.desk2, paris(f.day, 13, 30), paris(f.day, 15)), f.lea);
  const auto rr = f.push({clash}, &f.kiosk, cursor);
  check_ack(rr.acks[0], clash, AckStatus::Rejected, "Déplacement impossible : le bureau était déjà pris");
  const Booking* kept = find_in(rr.bookings, id);
  REQUIRE(kept != nullptr);
  CHECK(kept->start == paris(f.day, 9));
  CHECK(kept->resource_id == f.desk2);
  const auto unknown = by(booking_move(make_uuid_v4(), f.desk1, paris(f.day, 9), paris(f.day, 12)), f.lea);
  check_ack(f.push({unknown}).acks[0], unknown, AckStatus::Rejected, "Déplacement impossible");
}

TEST_CASE("ingest bookings: a check-in checks in on the member's booking", "[ingest][bookings]") {
  Fixture f;
  const std::string id = make_uuid_v4();
  f.push({booking_request(id, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12))});
  REQUIRE(f.status_of(id) == "confirmed");

  SECTION("named by the kiosk") {
    auto in = check_in(make_uuid_v4(), f.marie, to_iso_utc(paris(f.day, 8, 50)));
    in.booking_id = id;
    const auto r = f.push({in});
    check_ack(r.acks[0], in, AckStatus::Stored);
    CHECK(f.status_of(id) == "checked_in");
    REQUIRE(find_in(r.bookings, id) != nullptr);
    CHECK(find_in(r.bookings, id)->status == BookingStatus::CheckedIn);
    // Someone else's booking is not theirs to check in on; the visit still counts.
    auto other = check_in(make_uuid_v4(), f.paul, to_iso_utc(paris(f.day, 8, 55)));
    other.booking_id = id;
    check_ack(f.push({other}).acks[0], other, AckStatus::Stored);
    CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 2);
  }
  SECTION("found by the rules") {
    // Too early (the default window opens an hour before the start): the visit only.
    const auto early = check_in(make_uuid_v4(), f.marie, to_iso_utc(paris(f.day, 7, 30)));
    check_ack(f.push({early}).acks[0], early, AckStatus::Stored);
    CHECK(f.status_of(id) == "confirmed");
    const auto in = check_in(make_uuid_v4(), f.marie, to_iso_utc(paris(f.day, 8, 30)));
    check_ack(f.push({in}).acks[0], in, AckStatus::Stored);
    CHECK(f.status_of(id) == "checked_in");
    CHECK(f.count("SELECT COUNT(*) FROM bookings WHERE id = ? AND checked_in_at IS NOT NULL", id) == 1);
    // A re-sent check-in is a duplicate and does not check in again.
    check_ack(f.push({in}).acks[0], in, AckStatus::Duplicate);
  }
  SECTION("a member without a booking is just checked in") {
    const auto in = check_in(make_uuid_v4(), f.paul, to_iso_utc(paris(f.day, 8, 30)));
    check_ack(f.push({in}).acks[0], in, AckStatus::Stored);
    CHECK(f.status_of(id) == "confirmed");
  }
}

TEST_CASE("ingest bookings: a booking made offline, then badged in on, in one push", "[ingest][bookings]") {
  Fixture f;
  // Paul's check-in comes first (nothing to check in on yet), then Marie
  // books and arrives: the push's later check-in sees the new booking.
  const std::string id = make_uuid_v4();
  const auto paul = check_in(make_uuid_v4(), f.paul, to_iso_utc(paris(f.day, 8, 40)));
  const auto request = booking_request(id, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12));
  const auto marie = check_in(make_uuid_v4(), f.marie, to_iso_utc(paris(f.day, 8, 45)));
  const auto r = f.push({paul, request, marie});
  for (std::size_t i = 0; i < 3; ++i) CHECK(r.acks[i].status == AckStatus::Stored);
  CHECK(f.status_of(id) == "checked_in");
  REQUIRE(find_in(r.bookings, id) != nullptr);
  CHECK(find_in(r.bookings, id)->status == BookingStatus::CheckedIn);
  // Moved to the afternoon, then badged in on in the same push.
  const std::string pm = make_uuid_v4();
  f.push({booking_request(pm, f.paul, f.desk2, paris(f.day, 9), paris(f.day, 12))});
  const auto early = check_in(make_uuid_v4(), f.paul, to_iso_utc(paris(f.day, 13, 20)));
  const auto moved = by(booking_move(pm, f.desk2, paris(f.day, 13, 30), paris(f.day, 17)), f.lea);
  const auto again = check_in(make_uuid_v4(), f.paul, to_iso_utc(paris(f.day, 13, 25)));
  const auto rr = f.push({early, moved, again});
  for (std::size_t i = 0; i < 3; ++i) CHECK(rr.acks[i].status == AckStatus::Stored);
  CHECK(f.status_of(pm) == "checked_in");
}

TEST_CASE("ingest bookings: badge_assign", "[ingest][bookings]") {
  Fixture f;
  const auto give = by(badge_assign("04A1B2C3", f.marie), f.lea);
  const auto r = f.push({give, give});
  check_ack(r.acks[0], give, AckStatus::Stored);
  check_ack(r.acks[1], give, AckStatus::Duplicate);
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ? AND revoked_at IS NULL", "04A1B2C3") == f.marie);
  REQUIRE(r.badges.size() == 1);
  CHECK(r.badges[0].uid == "04A1B2C3");
  CHECK(r.badges[0].member_id == f.marie);
  CHECK_FALSE(r.badges[0].revoked);

  // A badge active on someone else is not taken from them.
  const auto steal = by(badge_assign("04A1B2C3", f.paul), f.lea);
  check_ack(f.push({steal}).acks[0], steal, AckStatus::Rejected,
            "Le badge 04A1B2C3 est déjà attribué à un autre membre (n° " + std::to_string(f.marie) + ")");
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ?", "04A1B2C3") == f.marie);
  // Revoked, it may be given again.
  REQUIRE(revoke_badge(f.db, *BadgeUid::parse("04A1B2C3")).ok());
  const auto again = by(badge_assign("04A1B2C3", f.paul), f.lea);
  check_ack(f.push({again}).acks[0], again, AckStatus::Stored);
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ? AND revoked_at IS NULL", "04A1B2C3") == f.paul);
  // Not to nobody, nor to a member whose membership leaves this site out.
  const auto semur = f.site("Semur", "21603");
  const auto zoe = f.member(semur, "Zoé", "Garnier");
  const auto hugo = f.member(semur, "Hugo", "Petit");
  REQUIRE(restrict_member_sites(f.db, hugo, {semur}, {}));
  const auto restricted = by(badge_assign("04D5E6F7", hugo), f.lea);
  const auto unknown = by(badge_assign("04D5E6F7", 9999), f.lea);
  const auto rr = f.push({restricted, unknown});
  check_ack(rr.acks[0], restricted, AckStatus::Rejected, "ne comprend pas ce lieu");
  check_ack(rr.acks[1], unknown, AckStatus::Rejected, "n’est pas inscrit dans le réseau");
  CHECK(f.count("SELECT COUNT(*) FROM badges WHERE uid = ?", "04D5E6F7") == 0);
  // A member of another site of the network gets one here (one membership for every site).
  const auto network = by(badge_assign("04D5E6F7", zoe), f.lea);
  check_ack(f.push({network}).acks[0], network, AckStatus::Stored);
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ? AND revoked_at IS NULL", "04D5E6F7") == zoe);
}

TEST_CASE("ingest bookings: member_create is applied once, with its badge", "[ingest][bookings]") {
  Fixture f;
  const std::string ref = make_uuid_v4();
  const auto create = by(member_create(ref, "Jeanne", "Morel", "21425", "04C0FFEE"), f.lea);
  const auto r = f.push({create});
  check_ack(r.acks[0], create, AckStatus::Stored);
  const auto id = f.count("SELECT id FROM members WHERE member_ref = ?", ref);
  REQUIRE(id > 0);
  const auto m = find_member(f.db, id);
  REQUIRE(m.has_value());
  CHECK(m->site_id == f.site_id);
  CHECK(m->first_name == "Jeanne");
  CHECK(m->home_commune == std::optional<std::string>("21425"));
  CHECK(m->roles == std::vector<Role>{Role::Member});
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ?", "04C0FFEE") == id);
  // The kiosk learns of the member and the badge in the same answer.
  REQUIRE(find_in(r.members, id) != nullptr);
  CHECK(find_in(r.members, id)->first_name == "Jeanne");
  REQUIRE(r.badges.size() == 1);
  CHECK(r.badges[0].member_id == id);

  // Re-sent (same event, or the same member_ref under another event id): nothing new.
  auto resent = create;
  resent.id = make_uuid_v4();
  const auto again = f.push({create, resent});
  check_ack(again.acks[0], create, AckStatus::Duplicate);
  check_ack(again.acks[1], resent, AckStatus::Duplicate);
  CHECK(f.count("SELECT COUNT(*) FROM members WHERE first_name = ?", "Jeanne") == 1);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = ?", "member.create") == 1);
}

TEST_CASE("ingest bookings: member_create refusals leave nothing behind", "[ingest][bookings]") {
  Fixture f;
  f.badge("04A1B2C3", f.marie);
  const auto members_before = f.scalar("SELECT COUNT(*) FROM members");
  const auto bad_commune = by(member_create(make_uuid_v4(), "Jeanne", "Morel", "2142"), f.lea);
  const auto no_name = by(member_create(make_uuid_v4(), " ", "Morel"), f.lea);
  const auto badge_taken = by(member_create(make_uuid_v4(), "Jeanne", "Morel", "21425", "04A1B2C3"), f.lea);
  const auto r = f.push({bad_commune, no_name, badge_taken});
  check_ack(r.acks[0], bad_commune, AckStatus::Rejected, "Membre non créé : le code commune doit être un code INSEE");
  check_ack(r.acks[1], no_name, AckStatus::Rejected, "Membre non créé : le prénom est obligatoire");
  check_ack(r.acks[2], badge_taken, AckStatus::Rejected,
            "Membre non créé : le badge 04A1B2C3 est déjà attribué à un autre membre");
  CHECK(f.scalar("SELECT COUNT(*) FROM members") == members_before);
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ?", "04A1B2C3") == f.marie);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log WHERE status = 'rejected'") == 3);
  // Without a commune, or with Corsica's, is fine.
  const auto none = by(member_create(make_uuid_v4(), "Jeanne", "Morel"), f.lea);
  const auto corsica = by(member_create(make_uuid_v4(), "Ange", "Santoni", "2A004"), f.lea);
  const auto ok = f.push({none, corsica});
  check_ack(ok.acks[0], none, AckStatus::Stored);
  check_ack(ok.acks[1], corsica, AckStatus::Stored);
  // A member_ref already used at another site is refused there.
  const auto semur = f.site("Semur", "21603");
  const auto other = f.ServerDb::kiosk(semur).kiosk;
  const auto theirs = by(none, f.animator(semur, "Zoé", "Garnier"));
  check_ack(f.push({theirs}, &other).acks[0], theirs, AckStatus::Rejected, "autre lieu");
}

TEST_CASE("ingest bookings: everything an animator does is attributed in the audit log", "[ingest][bookings]") {
  Fixture f;
  const std::string visit = make_uuid_v4();
  const std::string booking = make_uuid_v4();
  const std::string moved = make_uuid_v4();
  const std::vector<sync::Event> events{
      by(walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z"), f.lea),
      by(check_in(visit, f.marie, "2026-11-21T09:05:00Z"), f.lea),
      by(check_out(visit, "2026-11-21T10:00:00Z"), f.lea),
      by(booking_request(booking, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12)), f.lea),
      by(booking_cancel(booking), f.lea),
      by(booking_request(moved, f.paul, f.desk1, paris(f.day, 9), paris(f.day, 12)), f.lea),
      by(booking_move(moved, f.desk2, paris(f.day, 9), paris(f.day, 12)), f.lea),
      by(badge_assign("04A1B2C3", f.marie), f.lea),
      by(member_create(make_uuid_v4(), "Jeanne", "Morel"), f.lea),
  };
  const auto r = f.push(events);
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO(i);
    check_ack(r.acks[i], events[i], AckStatus::Stored);
  }
  std::vector<std::string> actions;
  auto st = f.db.prepare("SELECT action, actor_member_id, kiosk_id, site_id, subject FROM audit_log ORDER BY seq");
  while (st.step()) {
    actions.push_back(st.text(0));
    CHECK(st.int64(1) == f.lea);
    CHECK(st.int64(2) == f.kiosk.id);
    CHECK(st.int64(3) == f.site_id);
  }
  CHECK(actions == std::vector<std::string>{"visit.walk_in", "visit.check_in", "visit.check_out", "booking.create",
                                            "booking.cancel", "booking.create", "booking.move", "badge.assign",
                                            "member.create"});
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE subject = ?", "visit:" + visit) == 2);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%' || ? || '%'", events[0].id) == 1);

  // Duplicates and events without an animator leave no audit row.
  const auto rows = f.scalar("SELECT COUNT(*) FROM audit_log");
  f.push(events);
  f.push({walk_in(make_uuid_v4(), "2026-11-21T11:00:00Z"),
          booking_request(make_uuid_v4(), f.marie, f.visio, paris(f.day, 14), paris(f.day, 15))});
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log") == rows);

  // An animator nobody knows: the event is refused on its own, the push goes on.
  const auto ghost = by(walk_in(make_uuid_v4(), "2026-11-21T12:00:00Z"), 9999);
  const auto fine = walk_in(make_uuid_v4(), "2026-11-21T12:01:00Z");
  const auto rr = f.push({ghost, fine});
  check_ack(rr.acks[0], ghost, AckStatus::Rejected, "le membre n° 9999 n’est pas animateur de ce lieu.");
  check_ack(rr.acks[1], fine, AckStatus::Stored);
}

TEST_CASE("ingest bookings: bookings that ended more than a day ago are not sent", "[ingest][bookings]") {
  Fixture f;
  struct Row {
    std::string id;
    Instant start;
    Instant end;
  };
  const Instant t = now();
  const std::vector<Row> rows{
      {make_uuid_v4(), t - std::chrono::hours(30), t - std::chrono::hours(26)},  // ended 26 h ago
      {make_uuid_v4(), t - std::chrono::hours(6), t - std::chrono::hours(2)},    // ended 2 h ago
      {make_uuid_v4(), t + std::chrono::hours(48), t + std::chrono::hours(50)},  // to come
  };
  for (const auto& row : rows) {
    store::Transaction tx(f.db);
    f.db.prepare(
            "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?)")
        .bind_all(row.id, f.site_id, f.desk1, f.marie, to_iso_utc(row.start), to_iso_utc(row.end),
                  paris_date(row.start), to_iso_utc(t), to_iso_utc(t))
        .run();
    record_change(f.db, f.site_id, Entity::Booking, row.id);
    tx.commit();
  }
  const auto r = f.pull(f.kiosk);
  CHECK(find_in(r.bookings, rows[0].id) == nullptr);
  CHECK(find_in(r.bookings, rows[1].id) != nullptr);
  CHECK(find_in(r.bookings, rows[2].id) != nullptr);
  CHECK(r.bookings.size() == 2);
}

TEST_CASE("ingest bookings: the feed carries resources, and rules with the site", "[ingest][bookings]") {
  Fixture f;
  const auto first = f.pull(f.kiosk);
  REQUIRE(first.site.has_value());
  REQUIRE(first.rules.has_value());
  CHECK(first.rules->desk == default_rules(ResourceKind::Desk));
  CHECK(first.rules->visio_room == default_rules(ResourceKind::VisioRoom));
  REQUIRE(first.resources.size() == 3);
  CHECK(first.resources[2].resource.id == f.visio);
  CHECK(first.resources[2].resource.kind == ResourceKind::VisioRoom);
  CHECK(first.resources[2].resource.name == "Salle visio");
  CHECK(first.resources[2].active);

  // Nothing changed: no site, no rules.
  const auto quiet = f.push({}, &f.kiosk, first.cursor);
  CHECK_FALSE(quiet.site.has_value());
  CHECK_FALSE(quiet.rules.has_value());
  CHECK(quiet.resources.empty());

  // New rules come with the site; a removed resource comes as inactive.
  BookingRules rules = default_rules(ResourceKind::Desk);
  rules.grace = std::chrono::minutes(30);
  set_site_rules(f.db, f.site_id, ResourceKind::Desk, rules);
  REQUIRE(set_resource_active(f.db, f.desk2, false).ok());
  const auto other_site = f.site("Semur", "21603");
  f.resource(other_site, ResourceKind::Desk, "Bureau A");  // another site's: not sent
  const auto next = f.push({}, &f.kiosk, first.cursor);
  REQUIRE(next.site.has_value());
  REQUIRE(next.rules.has_value());
  CHECK(next.rules->desk.grace == std::chrono::minutes(30));
  REQUIRE(next.resources.size() == 1);
  CHECK(next.resources[0].resource.id == f.desk2);
  CHECK_FALSE(next.resources[0].active);
}

TEST_CASE("ingest bookings: PIN hashes are sent for animators only", "[ingest][bookings]") {
  Fixture f;
  REQUIRE(set_member_pin(f.db, f.lea, "4821").ok());
  // A PIN left on a member who is not (or no longer) an animator is not sent.
  f.db.prepare("UPDATE members SET pin_hash = 'not-for-kiosks' WHERE id = ?").bind(1, f.marie).run();
  const auto r = f.pull(f.kiosk);
  const auto* lea = find_in(r.members, f.lea);
  const auto* marie = find_in(r.members, f.marie);
  REQUIRE(lea != nullptr);
  REQUIRE(marie != nullptr);
  REQUIRE(lea->pin_hash.has_value());
  CHECK_THAT(*lea->pin_hash, Catch::StartsWith("$argon2id$"));
  CHECK_FALSE(marie->pin_hash.has_value());
  // On the wire too.
  const auto decoded = sync::decode_response(sync::encode(r));
  REQUIRE(decoded.ok());
  CHECK(find_in(decoded->members, f.lea)->pin_hash == lea->pin_hash);
  CHECK_FALSE(find_in(decoded->members, f.marie)->pin_hash.has_value());
}

//-----------------------------------------------------------------------------
// The server trusts a kiosk about who the animator is (issue 14): a kiosk
// token alone (kept on a device in a public hall) must not re-badge members
// nor sign the audit log with any name.
//-----------------------------------------------------------------------------

namespace {

struct TrustFixture : Fixture {
  std::int64_t other_site = site("Semur", "21603");
  std::int64_t zoe = animator(other_site, "Zoé", "Garnier");  // an animator, of another site
  std::int64_t gone = [this] {                                // an animator of this site, erased since
    const auto id = animator(site_id, "Jules", "Parti");
    if (!erase_member(db, id, Actor{}, now())) throw std::runtime_error("erase_member");
    return id;
  }();
  std::int64_t demoted = [this] {  // an animator of this site whose role was removed since
    const auto id = animator(site_id, "Inès", "Ancienne");
    auto m = *find_member(db, id);
    m.roles = {Role::Member};
    if (!update_member(db, m, Actor{})) throw std::runtime_error("update_member");
    return id;
  }();

  std::int64_t audit_rows() { return scalar("SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'member.%'"); }
  std::int64_t rejected_in_log(const std::string& event_id) {
    return count("SELECT COUNT(*) FROM ingest_log WHERE status = 'rejected' AND event_id = ?", event_id);
  }
};

}  // namespace

TEST_CASE("the server trusts a kiosk about who the animator is: badge_assign needs an animator of the site",
          "[ingest][animators]") {
  TrustFixture f;
  const auto audit_before = f.audit_rows();
  struct Case {
    const char* what;
    std::optional<std::int64_t> by;
    std::string reason;
  };
  const std::string not_animator = "n’est pas animateur de ce lieu.";
  const std::vector<Case> cases{
      {"without by_member_id", std::nullopt, "ne nomme pas l’animateur"},
      {"by a plain member of the site", f.paul, "le membre n° " + std::to_string(f.paul) + " " + not_animator},
      {"by an animator of another site", f.zoe, "le membre n° " + std::to_string(f.zoe) + " " + not_animator},
      {"by an erased animator", f.gone, "le membre n° " + std::to_string(f.gone) + " " + not_animator},
      {"by an animator whose role was removed", f.demoted,
       "le membre n° " + std::to_string(f.demoted) + " " + not_animator},
      {"by nobody", 9999, "le membre n° 9999 " + not_animator},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto give = badge_assign("04A1B2C3", f.marie);
    if (c.by) give = by(give, *c.by);
    const auto r = f.push({give});
    REQUIRE(r.acks.size() == 1);
    check_ack(r.acks[0], give, AckStatus::Rejected, c.reason);
    CHECK_THAT(r.acks[0].reason, Catch::StartsWith("Action refusée : "));
    // Nothing changed, nothing signed; the refusal is in the ingest log.
    CHECK(f.count("SELECT COUNT(*) FROM badges WHERE uid = ?", "04A1B2C3") == 0);
    CHECK(f.audit_rows() == audit_before);
    CHECK(f.rejected_in_log(give.id) == 1);
    CHECK(r.badges.empty());
  }

  // A real animator of the site: stored and audited under their name.
  const auto give = by(badge_assign("04A1B2C3", f.marie), f.lea);
  check_ack(f.push({give}).acks[0], give, AckStatus::Stored);
  CHECK(f.count("SELECT member_id FROM badges WHERE uid = ? AND revoked_at IS NULL", "04A1B2C3") == f.marie);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'badge.assign' AND actor_member_id = ?",
                std::to_string(f.lea)) == 1);
  CHECK(f.audit_rows() == audit_before + 1);
}

TEST_CASE("the server trusts a kiosk about who the animator is: every animator-only event is refused without one",
          "[ingest][animators]") {
  TrustFixture f;
  // A booking of Marie's to move or cancel, made by Marie herself (no animator needed).
  const std::string booking = make_uuid_v4();
  const auto own = booking_request(booking, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12));
  REQUIRE(f.push({own}).acks[0].status == AckStatus::Stored);
  const std::string visit = make_uuid_v4();
  REQUIRE(f.push({check_in(visit, f.marie, to_iso_utc(now() - std::chrono::hours(1)))}).acks[0].status ==
          AckStatus::Stored);
  const auto audit_before = f.audit_rows();
  const auto members_before = f.scalar("SELECT COUNT(*) FROM members");
  const auto visits_before = f.scalar("SELECT COUNT(*) FROM visits");

  sync::Event status;
  status.id = make_uuid_v4();
  status.type = EventType::ParticipantStatusChange;
  status.at = now();
  status.appointment_id = make_uuid_v4();
  status.participant_id = make_uuid_v4();
  status.participant_status = mediation::ParticipantStatus::Seen;
  sync::Event record;
  record.id = make_uuid_v4();
  record.type = EventType::ActivityRecorded;
  record.at = now();
  record.activity = mediation::ActivityRecord{};
  record.activity->id = make_uuid_v4();

  // Animator-only types, with no animator named.
  const std::vector<sync::Event> unsigned_events{
      badge_assign("04A1B2C3", f.marie),
      member_create(make_uuid_v4(), "Jeanne", "Morel"),
      booking_move(booking, f.desk2, paris(f.day, 9), paris(f.day, 12)),
      status,
      record,
  };
  // Animator actions (by_member_id) signed by a plain member of the site.
  const std::vector<sync::Event> forged{
      by(check_out(visit, to_iso_utc(now())), f.paul),
      by(walk_in(make_uuid_v4(), to_iso_utc(now())), f.paul),
      by(booking_request(make_uuid_v4(), f.marie, f.desk2, paris(f.day, 14), paris(f.day, 15)), f.paul),
      by(booking_cancel(booking), f.paul),
      by(badge_assign("04A1B2C3", f.marie), f.paul),
      by(member_create(make_uuid_v4(), "Jeanne", "Morel"), f.paul),
  };
  std::vector<sync::Event> all = unsigned_events;
  all.insert(all.end(), forged.begin(), forged.end());
  const auto r = f.push(all);
  REQUIRE(r.acks.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO(i << " " << sync::to_string(all[i].type));
    check_ack(r.acks[i], all[i], AckStatus::Rejected,
              i < unsigned_events.size()
                  ? "ne nomme pas l’animateur"
                  : "le membre n° " + std::to_string(f.paul) + " n’est pas animateur de ce lieu.");
  }
  CHECK(f.audit_rows() == audit_before);
  CHECK(f.scalar("SELECT COUNT(*) FROM members") == members_before);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == visits_before);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits WHERE check_out IS NOT NULL") == 0);
  CHECK(f.status_of(booking) == "confirmed");
  CHECK(f.count("SELECT resource_id FROM bookings WHERE id = ?", booking) == f.desk1);
  CHECK(f.count("SELECT COUNT(*) FROM badges WHERE uid = ?", "04A1B2C3") == 0);

  // A member's own actions need no animator, and a plain visit costs no check.
  const auto leave = check_out(visit, to_iso_utc(now()));
  const auto cancel = booking_cancel(booking);
  const auto rr = f.push({leave, cancel, walk_in(make_uuid_v4(), to_iso_utc(now()))});
  for (const auto& ack : rr.acks) CHECK(ack.status == AckStatus::Stored);
}

TEST_CASE("the server trusts a kiosk about who the animator is: a refusal is one warning line in the log",
          "[ingest][animators]") {
  TrustFixture f;
  // A kiosk name with a line break (operators name kiosks) cannot forge a log line.
  const auto odd = f.ServerDb::kiosk(f.site_id, "hall\n[critical] forged").kiosk;
  escale::tests::LogCapture log;
  const auto give = by(badge_assign("04A1B2C3", f.marie), f.zoe);
  REQUIRE(f.push({give}, &odd).acks[0].status == AckStatus::Rejected);
  INFO(log.text());
  CHECK(log.count({"[warning]", give.id, "badge_assign", "n’est pas animateur de ce lieu", "member of another site"}) ==
        1);
  CHECK(log.count({"hall\\n[critical] forged"}) == 1);
  for (const auto& line : log.lines()) CHECK(line.find('\n') == std::string::npos);
}

// « Faire entrer » (issue 15): a member who forgot their badge, let in by
// name in animator mode: a check_in without a badge, signed by an animator.
sync::Event let_in(const std::string& visit_id, std::int64_t member, const std::string& when) {
  sync::Event e = check_in(visit_id, member, when);
  e.badge_uid.reset();
  return e;
}

TEST_CASE("ingest: a member let in by an animator is that member's visit, like a badge's", "[ingest][let_in]") {
  Fixture f;
  const std::string badge_visit = make_uuid_v4();
  const std::string let_visit = make_uuid_v4();
  const auto badge = check_in(badge_visit, f.paul, "2026-11-21T09:00:00Z");
  const auto entered = by(let_in(let_visit, f.marie, "2026-11-21T09:05:00Z"), f.lea);
  const auto r = f.push({badge, entered});
  check_ack(r.acks[0], badge, AckStatus::Stored);
  check_ack(r.acks[1], entered, AckStatus::Stored);
  // Marie's visit, not a walk-in; no badge says how it was made.
  auto st = f.db.prepare("SELECT member_id, walk_in, badge_uid IS NULL, kiosk_id FROM visits WHERE id = ?");
  st.bind(1, let_visit);
  REQUIRE(st.step());
  CHECK(st.int64(0) == f.marie);
  CHECK(st.int64(1) == 0);
  CHECK(st.int64(2) == 1);
  CHECK(st.int64(3) == f.kiosk.id);
  st.reset();
  // The animator is named in the audit log, as a let-in.
  auto audit =
      f.db.prepare("SELECT actor_member_id, detail FROM audit_log WHERE action = 'visit.let_in' AND subject = ?");
  audit.bind(1, "visit:" + let_visit);
  REQUIRE(audit.step());
  CHECK(audit.int64(0) == f.lea);
  CHECK_THAT(audit.text(1), Catch::Contains("\"member_id\":" + std::to_string(f.marie)));
  audit.reset();
  // The reports count it as Marie's visit, as they count Paul's badge.
  const auto report = visits_report(f.db, VisitsQuery{f.site_id, "2026-11-21", "2026-11-21"});
  REQUIRE(report);
  REQUIRE(report->days.size() == 1);
  CHECK(report->days[0].visits == 2);
  CHECK(report->days[0].members == 2);
  CHECK(report->days[0].walk_ins == 0);
  CHECK(f.count("SELECT visits FROM stats_member_months WHERE member_id = ?", std::to_string(f.marie)) == 1);
  // Checked out like any visit; the same event again is a duplicate.
  const auto out = check_out(let_visit, "2026-11-21T11:00:00Z");
  check_ack(f.push({out}).acks[0], out, AckStatus::Stored);
  check_ack(f.push({entered}).acks[0], entered, AckStatus::Duplicate);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 2);
}

TEST_CASE("ingest: a let-in is accepted from an animator of the site only", "[ingest][let_in]") {
  Fixture f;
  const auto semur = f.site("Semur", "21603");
  const auto zoe = f.animator(semur, "Zoé", "Garnier");
  const auto unsigned_in = let_in(make_uuid_v4(), f.marie, "2026-11-21T09:00:00Z");
  const auto by_member = by(let_in(make_uuid_v4(), f.marie, "2026-11-21T09:01:00Z"), f.paul);
  const auto by_other_site = by(let_in(make_uuid_v4(), f.marie, "2026-11-21T09:02:00Z"), zoe);
  const auto by_nobody = by(let_in(make_uuid_v4(), f.marie, "2026-11-21T09:03:00Z"), 9999);
  const auto unknown_member = by(let_in(make_uuid_v4(), 9999, "2026-11-21T09:04:00Z"), f.lea);
  const auto fine = by(let_in(make_uuid_v4(), f.marie, "2026-11-21T09:05:00Z"), f.lea);
  const auto r = f.push({unsigned_in, by_member, by_other_site, by_nobody, unknown_member, fine});
  check_ack(r.acks[0], unsigned_in, AckStatus::Rejected,
            "Entrée refusée : une arrivée sans badge se fait en mode animation");
  check_ack(r.acks[1], by_member, AckStatus::Rejected,
            "le membre n° " + std::to_string(f.paul) + " n’est pas animateur de ce lieu.");
  check_ack(r.acks[2], by_other_site, AckStatus::Rejected,
            "le membre n° " + std::to_string(zoe) + " n’est pas animateur de ce lieu.");
  check_ack(r.acks[3], by_nobody, AckStatus::Rejected, "le membre n° 9999 n’est pas animateur de ce lieu.");
  check_ack(r.acks[4], unknown_member, AckStatus::Rejected, "unknown member 9999");
  check_ack(r.acks[5], fine, AckStatus::Stored);
  // Refused: no visit, no audit row; the one accepted: one of each.
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 1);
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'visit.let_in'") == 1);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log WHERE status = 'rejected'") == 5);
  // A badge's check-in still needs no animator.
  const auto plain = check_in(make_uuid_v4(), f.paul, "2026-11-21T09:10:00Z");
  check_ack(f.push({plain}).acks[0], plain, AckStatus::Stored);
}

TEST_CASE("ingest: a let-in checks in on the member's booking, like a badge", "[ingest][let_in]") {
  Fixture f;
  const std::string booking = make_uuid_v4();
  const auto request = booking_request(booking, f.marie, f.desk1, paris(f.day, 9), paris(f.day, 12));
  check_ack(f.push({request}).acks[0], request, AckStatus::Stored);
  REQUIRE(f.status_of(booking) == "confirmed");
  const auto entered =
      by(let_in(make_uuid_v4(), f.marie, to_iso_utc(paris(f.day, 9) + std::chrono::minutes(5))), f.lea);
  check_ack(f.push({entered}).acks[0], entered, AckStatus::Stored);
  CHECK(f.status_of(booking) == "checked_in");
}
