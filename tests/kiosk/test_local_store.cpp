// The kiosk's local store: outbox order, acknowledgements, applied changes.
#include "store/local_store.hpp"

#include <catch2/catch.hpp>

#include "kiosk_fixture.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

TEST_CASE("a fresh store knows nobody and has an empty outbox", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  CHECK(store.cursor() == 0);
  CHECK(store.pending_count() == 0);
  CHECK_FALSE(store.site().has_value());
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("04A1B2C3")));
}

TEST_CASE("applying a sync brings site, members, badges and the cursor", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  CHECK(store.cursor() == 10);
  REQUIRE(store.site());
  CHECK(store.site()->name == "Tiers-lieu de démonstration");
  const auto marie = store.find_badge(*BadgeUid::parse("04A1B2C3"));
  REQUIRE(marie);
  CHECK(marie->first_name == "Marie");
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("0BADBADB")));  // revoked

  // A later change: Marie's badge revoked, Jean erased.
  sync::SyncResponse later;
  later.cursor = 12;
  later.server_time = now();
  later.members = {{2, "", "", {}, false, std::nullopt}};
  later.badges = {{"04A1B2C3", 1, true}};
  store.apply(later);
  CHECK(store.cursor() == 12);
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("04A1B2C3")));
  CHECK_FALSE(store.find_badge(*BadgeUid::parse("04D5E6F708A1B2")));
  CHECK(store.site()->name == "Tiers-lieu de démonstration");  // unchanged site kept
}

TEST_CASE("outbox keeps events in order and loses them only when acknowledged", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  const Instant t = from_paris(2026, 10, 25, 10, 0);  // the autumn DST day
  const auto visit = store.record_check_in(1, *BadgeUid::parse("04A1B2C3"), t);
  store.record_walk_in(t + 1min);
  store.record_check_out(visit, t + 3h);
  auto events = store.pending_events(10);
  REQUIRE(events.size() == 3);
  CHECK(events[0].type == sync::EventType::CheckIn);
  CHECK(events[0].visit_id == visit);
  CHECK(events[0].badge_uid == "04A1B2C3");
  CHECK(events[1].type == sync::EventType::WalkIn);
  CHECK(events[2].type == sync::EventType::CheckOut);
  CHECK(events[2].at == t + 3h);
  CHECK(store.pending_events(2).size() == 2);

  // The server acknowledges the first two (one stored, one rejected).
  sync::SyncResponse r;
  r.cursor = 10;
  r.server_time = now();
  r.acks = {{events[0].id, sync::AckStatus::Stored, ""}, {events[1].id, sync::AckStatus::Rejected, "test reason"}};
  store.apply(r);
  events = store.pending_events(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == sync::EventType::CheckOut);
  auto st = store.database().prepare("SELECT reason FROM rejected_events");
  REQUIRE(st.step());
  CHECK(st.text(0) == "test reason");
}

TEST_CASE("old visits are forgotten once the server has them, never before", "[local-store]") {
  testing::TempFolder dir("escale-local");
  LocalStore store(dir / "k.db");
  store.apply(testing::first_sync());
  const Instant today = now();
  const auto old_synced = store.record_walk_in(today - std::chrono::days(10));
  const auto old_pending = store.record_walk_in(today - std::chrono::days(9));
  const auto recent = store.record_walk_in(today - std::chrono::days(2));
  // The server acknowledges the first and the third.
  auto events = store.pending_events(10);
  REQUIRE(events.size() == 3);
  sync::SyncResponse r;
  r.cursor = 11;
  r.server_time = today;
  r.acks = {{events[0].id, sync::AckStatus::Stored, ""}, {events[2].id, sync::AckStatus::Stored, ""}};
  store.apply(r);
  auto ids = [&] {
    std::vector<std::string> out;
    auto st = store.database().prepare("SELECT id FROM visits ORDER BY check_in");
    while (st.step()) out.push_back(st.text(0));
    return out;
  };
  CHECK(ids() == std::vector<std::string>{old_pending, recent});
  CHECK(store.pending_count() == 1);
  (void)old_synced;
}

TEST_CASE("a reopened store still has what was committed", "[local-store]") {
  testing::TempFolder dir("escale-local");
  std::string visit;
  {
    LocalStore store(dir / "k.db");
    store.apply(testing::first_sync());
    visit = store.record_check_in(2, *BadgeUid::parse("04D5E6F708A1B2"), now());
  }
  LocalStore again(dir / "k.db");
  CHECK(again.pending_count() == 1);
  CHECK(again.open_visit(2, now())->visit_id == visit);
}
