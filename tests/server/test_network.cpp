#include "store/network.hpp"  // first: the header is self-contained

// Issue 17: one membership for every site of the network. The network's
// settings, members restricted to some sites, roles granted per site, what a
// kiosk of each protocol version receives, and booking limits counted per
// site or over the network.
#include <catch2/catch.hpp>

#include <algorithm>

#include "server_fixture.hpp"
#include "store/bookings.hpp"
#include "store/pins.hpp"
#include "sync/ingest.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;
using escale::tests::check_in;
using escale::tests::ServerDb;

struct Network : ServerDb {
  std::int64_t aixe = site("Tiers-lieu d’Aixe", "87001");
  std::int64_t rochechouart = site("Télécentre de Rochechouart", "87126");
  std::int64_t marie = member(aixe, "Marie", "Dupont");
  std::int64_t paul = member(rochechouart, "Paul", "Martin");
  KioskIdentity kiosk_a = ServerDb::kiosk(aixe).kiosk;
  KioskIdentity kiosk_b = ServerDb::kiosk(rochechouart).kiosk;

  Network() {
    badge("04A1B2C3", marie);
    badge("04A1B2C4", paul);
  }

  // A whole pull from cursor 0 by a kiosk speaking `protocol`.
  sync::SyncResponse pull_all(const KioskIdentity& kiosk, int protocol = sync::kProtocolVersion) {
    sync::SyncResponse all;
    sync::SyncRequest request;
    request.protocol = protocol;
    for (int round = 0; round < 1000; ++round) {
      auto r = handle_sync(db, kiosk, request);
      all.protocol = r.protocol;
      for (auto& m : r.members) {
        std::erase_if(all.members, [&](const sync::MemberRecord& x) { return x.id == m.id; });
        all.members.push_back(m);
      }
      for (auto& b : r.badges) {
        std::erase_if(all.badges, [&](const sync::BadgeRecord& x) { return x.uid == b.uid; });
        all.badges.push_back(b);
      }
      if (!r.network_sites.empty()) all.network_sites = r.network_sites;
      if (r.site) all.site = r.site;
      request.cursor = r.cursor;
      if (!r.more) break;
    }
    return all;
  }

  static const sync::MemberRecord* find(const sync::SyncResponse& r, std::int64_t id) {
    const auto it = std::find_if(r.members.begin(), r.members.end(), [&](const auto& m) { return m.id == id; });
    return it == r.members.end() ? nullptr : &*it;
  }
  static const sync::BadgeRecord* find_badge(const sync::SyncResponse& r, const std::string& uid) {
    const auto it = std::find_if(r.badges.begin(), r.badges.end(), [&](const auto& b) { return b.uid == uid; });
    return it == r.badges.end() ? nullptr : &*it;
  }

  Booking desk_booking(std::int64_t resource, std::int64_t member_id, const std::string& start,
                       const std::string& end) {
    Booking b;
    b.id = make_uuid_v4();
    b.resource_id = resource;
    b.member_id = member_id;
    b.start = at(start);
    b.end = at(end);
    return b;
  }
};

}  // namespace

TEST_CASE("network: its settings are checked", "[network][store]") {
  ServerDb s;
  CHECK(network_settings(s.db).name.empty());  // a new database: to be given
  auto bad = set_network_settings(s.db, {"CC du Val de Vienne", "123 456 780", "Val de Vienne", ""}, {});
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error(), Catch::Contains("SIREN") && Catch::Contains("9 chiffres"));
  auto blank = set_network_settings(s.db, {"  ", "", "", ""}, {});
  REQUIRE_FALSE(blank);
  CHECK_THAT(blank.error(), Catch::Contains("nom du réseau"));
  CHECK(is_valid_siren("200 071 512"));  // a real intercommunality's SIREN (Luhn key right)
  CHECK_FALSE(is_valid_siren("200071513"));
  CHECK_FALSE(is_valid_siren("20007151"));
  CHECK_FALSE(is_valid_siren("2000715１2"));
  auto ok = set_network_settings(s.db, {" CC du Val de Vienne ", "200 071 512", "Val de Vienne", ""}, {});
  REQUIRE(ok);
  const auto read = network_settings(s.db);
  CHECK(read.name == "CC du Val de Vienne");
  CHECK(read.siren == "200071512");
  CHECK(read.territory == "Val de Vienne");
}

TEST_CASE("network: a member restricted to some sites then to every site again", "[network][store]") {
  Network n;
  CHECK_FALSE(member_allowed_sites(n.db, n.marie));
  CHECK(member_may_use_site(n.db, n.marie, n.rochechouart));
  auto unknown = restrict_member_sites(n.db, n.marie, {n.aixe, 99}, {});
  REQUIRE_FALSE(unknown);
  CHECK_THAT(unknown.error(), Catch::Contains("99"));
  CHECK_FALSE(member_allowed_sites(n.db, n.marie));  // nothing half done
  REQUIRE(restrict_member_sites(n.db, n.marie, {n.aixe, n.aixe}, {}));
  CHECK(member_allowed_sites(n.db, n.marie) == std::vector<std::int64_t>{n.aixe});
  CHECK(member_may_use_site(n.db, n.marie, n.aixe));
  CHECK_FALSE(member_may_use_site(n.db, n.marie, n.rochechouart));
  REQUIRE(restrict_member_sites(n.db, n.marie, {}, {}));
  CHECK(member_may_use_site(n.db, n.marie, n.rochechouart));
  REQUIRE_FALSE(restrict_member_sites(n.db, 4242, {n.aixe}, {}));
}

TEST_CASE("network: roles are per site and an animator of A is one at B once granted there", "[network][store]") {
  Network n;
  Member m = *find_member(n.db, n.marie);
  m.roles = {Role::Member, Role::Animator};
  REQUIRE(update_member(n.db, m, {}));
  CHECK(animator_standing(n.db, n.marie, n.aixe) == AnimatorStanding::Animator);
  CHECK(animator_standing(n.db, n.marie, n.rochechouart) == AnimatorStanding::OtherSite);
  CHECK(animator_standing(n.db, n.paul, n.rochechouart) == AnimatorStanding::NotAnimator);
  // At the home site, roles are the member's record: no grant there.
  auto home = grant_site_role(n.db, n.marie, n.aixe, Role::Animator, {});
  REQUIRE_FALSE(home);
  CHECK_THAT(home.error(), Catch::Contains("lieu d’inscription"));
  REQUIRE_FALSE(grant_site_role(n.db, n.marie, n.rochechouart, Role::Admin, {}));
  REQUIRE(grant_site_role(n.db, n.marie, n.rochechouart, Role::Animator, {}));
  CHECK(animator_standing(n.db, n.marie, n.rochechouart) == AnimatorStanding::Animator);
  CHECK(member_roles_at(n.db, n.marie, n.rochechouart) == std::vector<Role>{Role::Member, Role::Animator});
  REQUIRE(member_site_grants(n.db, n.marie).size() == 1);
  REQUIRE(revoke_site_role(n.db, n.marie, n.rochechouart, Role::Animator, {}).value());
  CHECK_FALSE(revoke_site_role(n.db, n.marie, n.rochechouart, Role::Animator, {}).value());  // nothing left
  CHECK(animator_standing(n.db, n.marie, n.rochechouart) == AnimatorStanding::OtherSite);
}

TEST_CASE("network: a version 2 kiosk holds every member of the network and no more than it needs", "[network][sync]") {
  Network n;
  Member m = *find_member(n.db, n.marie);
  m.email = "marie@example.org";
  m.phone = "06 12 34 56 78";
  m.home_commune = "87001";
  m.roles = {Role::Member, Role::Animator};
  REQUIRE(update_member(n.db, m, {}));
  REQUIRE(set_member_pin(n.db, n.marie, "4827"));
  const auto b = n.pull_all(n.kiosk_b);
  CHECK(b.protocol == 2);
  // The network's sites, to say where a restricted member may go.
  REQUIRE(b.network_sites.size() == 2);
  CHECK(b.network_sites[0].name == "Tiers-lieu d’Aixe");
  // Marie, of Aixe, at Rochechouart's kiosk: first name only (no other Marie),
  // her home site, no role there (so no PIN hash), every site allowed.
  const auto* marie = Network::find(b, n.marie);
  REQUIRE(marie);
  CHECK(marie->active);
  CHECK(marie->first_name == "Marie");
  CHECK(marie->last_name.empty());
  CHECK(marie->home_site_id == n.aixe);
  CHECK(marie->roles == std::vector<Role>{Role::Member});
  CHECK_FALSE(marie->pin_hash);
  CHECK_FALSE(marie->sites);
  REQUIRE(Network::find_badge(b, "04A1B2C3"));
  CHECK_FALSE(Network::find_badge(b, "04A1B2C3")->revoked);
  // Nothing of her contacts in the whole answer.
  sync::SyncResponse copy = b;
  const std::string wire = sync::encode(copy);
  CHECK(wire.find("marie@example.org") == std::string::npos);
  CHECK(wire.find("06 12 34 56 78") == std::string::npos);
  CHECK(wire.find("87001\"") == std::string::npos);  // no commune (Aixe's INSEE code is the site's, not sent)
  // At her own site: her last name, her animator role and PIN hash.
  const auto a = n.pull_all(n.kiosk_a);
  const auto* at_home = Network::find(a, n.marie);
  REQUIRE(at_home);
  CHECK(at_home->last_name == "Dupont");
  CHECK(at_home->roles == std::vector<Role>{Role::Member, Role::Animator});
  CHECK(at_home->pin_hash);

  // A second Marie, at Rochechouart: both now come with a last initial
  // elsewhere, and the first one is sent again for it.
  const std::int64_t cursor = handle_sync(n.db, n.kiosk_b, {}).cursor;
  const auto durand = n.member(n.rochechouart, "marie", "durand");
  sync::SyncRequest next;
  next.cursor = cursor;
  const auto again = handle_sync(n.db, n.kiosk_b, next);
  const auto* first = Network::find(again, n.marie);
  REQUIRE(first);  // re-sent though she did not change
  CHECK(first->last_name == "D.");
  const auto* second = Network::find(again, durand);
  REQUIRE(second);
  CHECK(second->last_name == "durand");  // her own site's kiosk: the whole name
  const auto a_after = n.pull_all(n.kiosk_a);
  const auto* second_at_a = Network::find(a_after, durand);
  REQUIRE(second_at_a);
  CHECK(second_at_a->last_name == "D.");

  // Restricted to Aixe: Rochechouart's kiosk learns the list, to tell her.
  REQUIRE(restrict_member_sites(n.db, n.marie, {n.aixe}, {}));
  const auto b_after = n.pull_all(n.kiosk_b);
  const auto* restricted = Network::find(b_after, n.marie);
  REQUIRE(restricted);
  CHECK(restricted->active);
  REQUIRE(restricted->sites);
  CHECK(*restricted->sites == std::vector<std::int64_t>{n.aixe});

  // Erased: every kiosk forgets her and her badge.
  REQUIRE(erase_member(n.db, n.marie, {}, now()));
  const auto after = n.pull_all(n.kiosk_b);
  REQUIRE(Network::find(after, n.marie));
  CHECK_FALSE(Network::find(after, n.marie)->active);
  CHECK(Network::find(after, n.marie)->first_name.empty());
  CHECK(Network::find_badge(after, "04A1B2C3")->revoked);
}

TEST_CASE("network: a version 1 kiosk keeps receiving its own site's members only", "[network][sync]") {
  Network n;
  const auto v1 = n.pull_all(n.kiosk_b, 1);
  CHECK(v1.protocol == 1);
  CHECK(v1.network_sites.empty());
  const auto* paul = Network::find(v1, n.paul);
  REQUIRE(paul);
  CHECK(paul->active);
  CHECK(paul->last_name == "Martin");
  CHECK(paul->home_site_id == 0);  // version 1 never said it
  // Marie, of another site: inactive and nameless, as version 1 always sent a stranger.
  if (const auto* marie = Network::find(v1, n.marie)) {
    CHECK_FALSE(marie->active);
    CHECK(marie->first_name.empty());
  }
  const auto* her_badge = Network::find_badge(v1, "04A1B2C3");
  if (her_badge) CHECK(her_badge->revoked);
  CHECK_FALSE(Network::find_badge(v1, "04A1B2C4")->revoked);
  // The answer reads as version 1 (a refusal version 1 does not know is not in it).
  sync::SyncResponse r = v1;
  Booking refused;
  refused.id = make_uuid_v4();
  refused.resource_id = 1;
  refused.member_id = n.paul;
  refused.start = at("2026-12-08T09:00:00.000Z");
  refused.end = at("2026-12-08T11:00:00.000Z");
  refused.status = BookingStatus::Refused;
  refused.refusal = Refusal::SiteNotAllowed;
  r.bookings.push_back(refused);
  const std::string wire = sync::encode(r);
  CHECK(wire.find("\"protocol\":1") != std::string::npos);
  CHECK(wire.find("site_not_allowed") == std::string::npos);
  CHECK(wire.find("unknown_member") != std::string::npos);
}

TEST_CASE("network: a kiosk of B takes the visits of Marie of A", "[network][sync]") {
  Network n;
  sync::SyncRequest push;
  push.events = {check_in("7b0c5d1e-8f4a-4b2c-9d3e-1a2b3c4d5e6f", n.marie, "2026-12-08T08:30:00.000Z")};
  const auto r = handle_sync(n.db, n.kiosk_b, push);
  REQUIRE(r.acks.size() == 1);
  CHECK(r.acks[0].status == sync::AckStatus::Stored);
  CHECK(n.scalar("SELECT count(*) FROM visits WHERE member_id = " + std::to_string(n.marie) +
                 " AND site_id = " + std::to_string(n.rochechouart)) == 1);
  CHECK(n.scalar("SELECT site_id FROM members WHERE id = " + std::to_string(n.marie)) == n.aixe);  // home unchanged
}

TEST_CASE("network: booking limits count this site's bookings or the network's", "[network][bookings]") {
  Network n;
  const auto desk_a = add_resource(n.db, Resource{0, n.aixe, ResourceKind::Desk, "Bureau 1", 1, "", "", ""});
  const auto desk_b = add_resource(n.db, Resource{0, n.rochechouart, ResourceKind::Desk, "Bureau 1", 1, "", "", ""});
  REQUIRE(desk_a);
  REQUIRE(desk_b);
  const Instant monday = at("2026-12-07T07:00:00.000Z");
  // Tuesday morning at Aixe.
  REQUIRE(create_booking(n.db,
                         n.desk_booking(desk_a->id, n.marie, "2026-12-08T08:30:00.000Z", "2026-12-08T11:30:00.000Z"),
                         {}, monday)
              .ok());
  // The afternoon at Rochechouart: its limits (one desk a day) count its own bookings.
  auto afternoon = n.desk_booking(desk_b->id, n.marie, "2026-12-08T12:30:00.000Z", "2026-12-08T16:30:00.000Z");
  {
    auto rules = site_rules(n.db, n.rochechouart).desk;
    REQUIRE(rules.max_per_day == 1);
    REQUIRE_FALSE(rules.limits_network);
  }
  // Counted over the network, the same afternoon is refused.
  auto rules = site_rules(n.db, n.rochechouart).desk;
  rules.limits_network = true;
  set_site_rules(n.db, n.rochechouart, ResourceKind::Desk, rules);
  CHECK(site_rules(n.db, n.rochechouart).desk.limits_network);
  const auto refused = create_booking(n.db, afternoon, {}, monday);
  REQUIRE(refused.refusal);
  CHECK(*refused.refusal == Refusal::DailyLimit);
  rules.limits_network = false;
  set_site_rules(n.db, n.rochechouart, ResourceKind::Desk, rules);
  CHECK(create_booking(n.db, afternoon, {}, monday).ok());
  // A member restricted to Aixe cannot book at Rochechouart.
  REQUIRE(restrict_member_sites(n.db, n.paul, {n.aixe}, {}));
  const auto not_here = create_booking(
      n.db, n.desk_booking(desk_b->id, n.paul, "2026-12-09T08:30:00.000Z", "2026-12-09T11:30:00.000Z"), {}, monday);
  REQUIRE(not_here.refusal);
  CHECK(*not_here.refusal == Refusal::SiteNotAllowed);
  CHECK(refusal_reason(Refusal::SiteNotAllowed, ResourceKind::Desk) == "votre adhésion ne comprend pas ce lieu");
}
