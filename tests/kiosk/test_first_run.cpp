// First run: the enrolment screen's state machine (no SDL, no network: the
// runtime hands the app each exchange's outcome), the local store's
// enrolment table (migration 4), and « préparation »: after enrolment, until
// the first pull has landed, badges are noted and then counted with their
// own time, once (migration 5).
#include <catch2/catch.hpp>

#include "app/kiosk_app.hpp"
#include "auth/pin.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr const char* kUrl = "http://127.0.0.1:8080";

struct FirstRun {
  testing::TempFolder dir{"escale-first-run"};
  LocalStore store{dir / "kiosk.db"};
  KioskApp app{store, KioskSettings{}};
  Instant t = from_paris(2026, 3, 10, 9, 30);

  EnrolView enrol() const { return app.view(t).enrol; }
  void type(const std::string& text) { app.on_action(UiAction{Act::EnrolEdit, -1, text}, t); }
  void submit() { app.on_action(UiAction{Act::EnrolSubmit}, t); }
};

EnrolOutcome success() {
  EnrolOutcome o;
  o.enrolment = Enrolment{kUrl, "esk_secret", 3, "entrée", 1, "Tiers-lieu de Vouziers"};
  return o;
}

EnrolOutcome failure(EnrolFailure reason, std::string detail = "refused", std::chrono::seconds after = 0s) {
  EnrolOutcome o;
  o.error = EnrolError{reason, std::move(detail), after};
  return o;
}

// Enrolled at f.t (the code typed, the server's yes).
void enrol(FirstRun& f) {
  f.app.require_enrolment(kUrl, f.t);
  f.type("K7QF2M9XDA");
  f.submit();
  REQUIRE(f.app.take_enrol_request());
  REQUIRE(f.app.on_enrol_outcome(success(), std::nullopt, f.t));
}

// What the sync client does when its first complete exchange has been applied.
void first_pull_lands(LocalStore& store, sync::SyncResponse response = testing::first_sync()) {
  store.apply(response);
  store.mark_first_pull_done();
}

BadgeUid uid(const char* text) {
  return *BadgeUid::parse(text);
}

}  // namespace

TEST_CASE("an offline kiosk never shows the first-run screen", "[first-run]") {
  FirstRun f;
  CHECK(f.app.screen() == Screen::Attract);
  CHECK_FALSE(f.app.enrolment_pending());
  CHECK_FALSE(f.app.take_enrol_request());
}

TEST_CASE("the installer types a code and enrols the kiosk", "[first-run]") {
  FirstRun f;
  f.app.require_enrolment(kUrl, f.t);
  REQUIRE(f.app.screen() == Screen::Enrol);
  CHECK(f.enrol().server_url == kUrl);
  CHECK(f.enrol().status == EnrolStatus::Typing);

  // Any case, dashes and spaces: kept as the server reads it, at most 10.
  f.type("k7qf2-m9x");
  CHECK(f.enrol().code == "K7QF2M9X");
  f.type("K7QF2M9XDAZZZ");
  CHECK(f.enrol().code == "K7QF2M9XDA");
  CHECK_FALSE(f.app.take_enrol_request());  // nothing sent while typing

  f.submit();
  CHECK(f.enrol().status == EnrolStatus::Exchanging);
  const auto request = f.app.take_enrol_request();
  REQUIRE(request);
  CHECK(request->code == "K7QF2M9XDA");
  CHECK_FALSE(request->retry);
  CHECK_FALSE(f.app.take_enrol_request());  // once
  f.type("AAAAA");                          // ignored while the server is asked
  CHECK(f.enrol().code == "K7QF2M9XDA");

  const auto token = f.app.on_enrol_outcome(success(), std::nullopt, f.t + 1s);
  REQUIRE(token);
  CHECK(*token == "esk_secret");
  CHECK_FALSE(f.app.enrolment_pending());
  CHECK(f.app.screen() == Screen::Enrol);
  CHECK(f.enrol().status == EnrolStatus::Done);
  CHECK(f.enrol().kiosk_name == "entrée");
  CHECK(f.enrol().site_name == "Tiers-lieu de Vouziers");
  // Kept in the local store.
  const auto stored = f.store.enrolment();
  REQUIRE(stored);
  CHECK(stored->token == "esk_secret");
  CHECK(stored->server_url == kUrl);
  CHECK(stored->kiosk_id == 3);
  // « Borne inscrite » stays a moment, then the attract screen's place (or
  // « Commencer »): « La borne se prépare… » until the first pull.
  CHECK_FALSE(f.app.on_tick(f.t + 10s));
  CHECK(f.app.on_tick(f.t + 1s + KioskSettings{}.idle_timeout));
  CHECK(f.app.screen() == Screen::Preparing);
}

TEST_CASE("« Commencer » leaves the first-run screen once enrolled, never before", "[first-run]") {
  FirstRun f;
  f.app.require_enrolment(kUrl, f.t);
  f.app.on_action(UiAction::Home, f.t);
  CHECK(f.app.screen() == Screen::Enrol);
  f.app.on_action(UiAction::WalkIn, f.t);  // no other screen's tap does anything
  CHECK(f.app.screen() == Screen::Enrol);
  CHECK(f.store.pending_count() == 0);
  // Idle time does not leave it either.
  f.app.on_tick(f.t + 1h);
  CHECK(f.app.screen() == Screen::Enrol);
  f.type("K7QF2M9XDA");
  f.submit();
  f.app.on_enrol_outcome(success(), std::nullopt, f.t);
  f.app.on_action(UiAction::Home, f.t);
  CHECK(f.app.screen() == Screen::Preparing);  // the members are on their way
  first_pull_lands(f.store);
  f.app.refresh(f.t);
  CHECK(f.app.screen() == Screen::Attract);
}

TEST_CASE("a malformed code is explained without asking the server", "[first-run]") {
  FirstRun f;
  f.app.require_enrolment(kUrl, f.t);
  f.submit();
  CHECK(f.enrol().status == EnrolStatus::Failed);
  CHECK(f.enrol().code_problem == CodeProblem::Empty);
  f.type("K7QF2");
  CHECK(f.enrol().status == EnrolStatus::Typing);  // typing again clears the reason
  CHECK_FALSE(f.enrol().failure);
  f.submit();
  CHECK(f.enrol().failure == EnrolFailure::BadCode);
  CHECK(f.enrol().code_problem == CodeProblem::TooShort);
  f.type("K7QF2M9XD0");
  f.submit();
  CHECK(f.enrol().code_problem == CodeProblem::BadCharacter);
  CHECK(f.enrol().bad_character == "0");
  CHECK_FALSE(f.app.take_enrol_request());
}

TEST_CASE("each refusal shows its reason and lets the installer try another code", "[first-run]") {
  FirstRun f;
  f.app.require_enrolment(kUrl, f.t);
  for (const auto reason : {EnrolFailure::UnknownCode, EnrolFailure::ExpiredCode, EnrolFailure::UsedCode,
                            EnrolFailure::Rejected, EnrolFailure::Unreachable}) {
    f.type("K7QF2M9XDA");
    f.submit();
    REQUIRE(f.app.take_enrol_request());
    CHECK_FALSE(f.app.on_enrol_outcome(failure(reason, "connect: Connection refused"), std::nullopt, f.t));
    CHECK(f.enrol().status == EnrolStatus::Failed);
    CHECK(f.enrol().failure == reason);
    CHECK(f.enrol().detail == "connect: Connection refused");
    CHECK(f.app.enrolment_pending());
  }
  f.submit();
  REQUIRE(f.app.take_enrol_request());
  f.app.on_enrol_outcome(failure(EnrolFailure::TooManyAttempts, "slow down", 900s), std::nullopt, f.t);
  CHECK(f.enrol().retry_after_min == 15);
  CHECK_FALSE(f.store.enrolment());
}

TEST_CASE("a code from the configuration is exchanged at once, retried while the server is away", "[first-run]") {
  FirstRun f;
  f.app.require_enrolment(kUrl, f.t, "k7qf2-m9xda");
  CHECK(f.enrol().status == EnrolStatus::Exchanging);
  const auto request = f.app.take_enrol_request();
  REQUIRE(request);
  CHECK(request->code == "K7QF2M9XDA");
  CHECK(request->retry);
  f.app.on_enrol_outcome(failure(EnrolFailure::Unreachable, "connect: Network is unreachable"), 8000ms, f.t);
  CHECK(f.enrol().status == EnrolStatus::Retrying);
  CHECK(f.enrol().retry_in_s == 8);
  // A refused code leaves the screen for the installer to type another.
  f.app.on_enrol_outcome(failure(EnrolFailure::ExpiredCode), std::nullopt, f.t);
  CHECK(f.enrol().status == EnrolStatus::Failed);
  f.type("ABCDE23456");
  CHECK(f.enrol().status == EnrolStatus::Typing);

  FirstRun g;
  g.app.require_enrolment(kUrl, g.t, "K7QF2-M9XD1");
  CHECK(g.enrol().status == EnrolStatus::Failed);
  CHECK(g.enrol().code_problem == CodeProblem::BadCharacter);
  CHECK_FALSE(g.app.take_enrol_request());
}

TEST_CASE("badges before enrolment are not recorded, and say so briefly", "[first-run]") {
  FirstRun f;
  f.store.apply(testing::first_sync());  // even a known badge
  f.app.refresh_site();
  f.app.require_enrolment(kUrl, f.t);
  f.app.on_badge(*BadgeUid::parse("04A1B2C3"), f.t);
  CHECK(f.app.screen() == Screen::Enrol);
  CHECK(f.store.pending_count() == 0);
  CHECK(f.enrol().badge_refused);
  REQUIRE(f.app.next_deadline());
  CHECK(f.app.on_tick(*f.app.next_deadline()));
  CHECK_FALSE(f.app.view(f.t).enrol.badge_refused);
  // Once enrolled, badges count: noted until the first pull, then counted.
  f.type("K7QF2M9XDA");
  f.submit();
  f.app.on_enrol_outcome(success(), std::nullopt, f.t);
  f.app.on_badge(*BadgeUid::parse("04A1B2C3"), f.t + 1min);
  CHECK(f.app.screen() == Screen::Preparing);
  CHECK(f.store.early_tap_count() == 1);
  first_pull_lands(f.store);
  f.app.refresh(f.t + 2min);
  CHECK(f.store.pending_count() == 1);
  f.app.on_badge(*BadgeUid::parse("04A1B2C3"), f.t + 2h);
  CHECK(f.app.screen() == Screen::Goodbye);
  CHECK(f.store.pending_count() == 2);
}

TEST_CASE("migration 4 adds the enrolment to an existing kiosk database", "[first-run][local-store]") {
  testing::TempFolder dir("escale-migrate");
  std::string visit;
  {
    // A kiosk database as version 3 left it, with a visit in its outbox.
    LocalStore store(dir / "k.db");
    store.apply(testing::first_sync());
    visit = store.record_check_in(1, *BadgeUid::parse("04A1B2C3"), now());
    store.database().exec("DROP TABLE kiosk_enrolment");
    store.database().exec("DROP TABLE early_taps");                      // migration 5
    store.database().exec("ALTER TABLE resources DROP COLUMN name_en");  // migration 7
    store.database().exec("ALTER TABLE resources DROP COLUMN features_en");
    store.database().exec(testing::kUndoMigrations8And9);
    store.database().exec("PRAGMA user_version=3");
  }
  {
    LocalStore store(dir / "k.db");
    CHECK(store.database().user_version() == 9);  // every migration ran
    CHECK(store.pending_count() == 1);            // nothing lost
    CHECK(store.open_visit(1, now())->visit_id == visit);
    CHECK_FALSE(store.enrolment());
    const Instant at = from_paris(2026, 11, 22, 11, 0);
    store.save_enrolment({kUrl, "esk_first", 3, "entrée", 1, "Tiers-lieu de Vouziers", at});
    store.save_enrolment({kUrl, "esk_second", 4, "accueil", 1, "Tiers-lieu de Vouziers", at});  // replaced, not added
  }
  LocalStore again(dir / "k.db");
  const auto e = again.enrolment();
  REQUIRE(e);
  CHECK(e->token == "esk_second");
  CHECK(e->kiosk_id == 4);
  CHECK(e->kiosk_name == "accueil");
  CHECK(e->enrolled_at == from_paris(2026, 11, 22, 11, 0));
  auto count = again.database().prepare("SELECT count(*) FROM kiosk_enrolment");
  REQUIRE(count.step());
  CHECK(count.int64(0) == 1);
}

// ---- préparation: after enrolment, until the first pull

TEST_CASE(
    "préparation: after enrolment a badge tapped before the first pull is noted, not « inconnu », and counts "
    "with its own time once the pull lands",
    "[first-run][preparation]") {
  FirstRun f;
  enrol(f);
  CHECK(f.app.preparing());
  CHECK(f.store.first_pull_pending());
  CHECK(f.app.view(f.t).preparation.active);
  CHECK(f.app.screen() == Screen::Enrol);  // « Borne inscrite », saying that badges are noted meanwhile

  // Marie taps while the kiosk knows nobody yet.
  const Instant tapped = f.t + 1min;
  f.app.on_badge(uid("04A1B2C3"), tapped);
  CHECK(f.app.screen() == Screen::Preparing);
  CHECK(f.app.view(tapped).preparation.tap_noted);  // « La borne se prépare… votre passage est noté. »
  CHECK(f.store.pending_count() == 0);
  CHECK(f.store.early_tap_count() == 1);
  // The notice goes after a few seconds; the screen stays.
  REQUIRE(f.app.next_deadline());
  CHECK(f.app.on_tick(*f.app.next_deadline()));
  CHECK_FALSE(f.app.view(tapped + 10s).preparation.tap_noted);
  CHECK(f.app.screen() == Screen::Preparing);
  // Idle time does not end préparation.
  CHECK_FALSE(f.app.on_tick(tapped + 1h));
  CHECK(f.app.screen() == Screen::Preparing);

  // A sync that failed is said plainly.
  f.app.set_sync_trouble(true);
  CHECK(f.app.view(tapped).preparation.server_trouble);

  // The first pull lands (the sync thread applied it; the loop refreshes the app).
  first_pull_lands(f.store);
  const Instant pulled = f.t + 2h;
  f.app.refresh(pulled);
  CHECK_FALSE(f.app.preparing());
  CHECK_FALSE(f.app.view(pulled).preparation.active);
  CHECK(f.app.screen() == Screen::Attract);  // no greeting for a person long gone
  CHECK(f.store.early_tap_count() == 0);
  // Marie's check-in, at her tap's time.
  const auto events = f.store.pending_events(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == sync::EventType::CheckIn);
  CHECK(events[0].at == tapped);
  CHECK(events[0].member_id == 1);
  const auto open = f.store.open_visit(1, pulled);
  REQUIRE(open);
  CHECK(open->check_in == tapped);
  // And the next tap, two hours later, is her check-out.
  f.app.on_badge(uid("04A1B2C3"), pulled);
  CHECK(f.app.screen() == Screen::Goodbye);
  CHECK(f.app.view(pulled).visit_minutes == 119);
}

TEST_CASE(
    "préparation: each noted tap is decided by the usual rules at its own time, in order, and unknown badges and "
    "animators are not counted",
    "[first-run][preparation]") {
  FirstRun f;
  enrol(f);
  const Instant t0 = f.t + 1min;
  f.app.on_badge(uid("04A1B2C3"), t0);               // Marie arrives
  f.app.on_badge(uid("04A1B2C3"), t0 + 10s);         // …taps again, unsure: not a departure
  f.app.on_badge(uid("04D5E6F708A1B2"), t0 + 5min);  // Jean (animator, no PIN): a member
  f.app.on_badge(uid("0BADBADB"), t0 + 6min);        // a revoked badge
  f.app.on_badge(uid("DEADBEEF"), t0 + 7min);        // a badge nobody has
  f.app.on_badge(uid("5E6F7081"), t0 + 8min);        // Agnès, animator with a PIN: staff
  f.app.on_badge(uid("04A1B2C3"), t0 + 3h);          // Marie leaves
  CHECK(f.store.early_tap_count() == 7);
  CHECK(f.store.pending_count() == 0);

  first_pull_lands(f.store, testing::booking_sync(*hash_pin("2468")));
  f.app.refresh(t0 + 4h);
  CHECK(f.store.early_tap_count() == 0);
  const auto events = f.store.pending_events(10);
  REQUIRE(events.size() == 3);
  CHECK(events[0].type == sync::EventType::CheckIn);
  CHECK(events[0].member_id == 1);
  CHECK(events[0].at == t0);
  CHECK(events[1].type == sync::EventType::CheckIn);
  CHECK(events[1].member_id == 2);
  CHECK(events[1].at == t0 + 5min);
  CHECK(events[2].type == sync::EventType::CheckOut);
  CHECK(events[2].at == t0 + 3h);
  CHECK(events[2].visit_id == events[0].visit_id);
  CHECK_FALSE(f.store.open_visit(1, t0 + 4h));
  CHECK(f.store.open_visit(2, t0 + 4h));
}

TEST_CASE("préparation: a replay stopped half-way resumes after a restart without counting a tap twice",
          "[first-run][preparation]") {
  testing::TempFolder dir("escale-replay");
  const Instant t = from_paris(2026, 3, 10, 9, 30);
  {
    LocalStore store(dir / "kiosk.db");
    KioskApp app(store, KioskSettings{});
    app.require_enrolment(kUrl, t);
    app.on_action(UiAction{Act::EnrolEdit, -1, "K7QF2M9XDA"}, t);
    app.on_action(UiAction{Act::EnrolSubmit}, t);
    REQUIRE(app.on_enrol_outcome(success(), std::nullopt, t));
    app.on_badge(uid("04A1B2C3"), t + 1min);        // Marie
    app.on_badge(uid("04D5E6F708A1B2"), t + 2min);  // Jean
    first_pull_lands(store);
    // The kiosk stops while counting Jean: his check-in cannot be written.
    store.database().exec(
        "CREATE TEMP TRIGGER stop_at_jean BEFORE INSERT ON visits WHEN NEW.member_id = 2 "
        "BEGIN SELECT RAISE(ABORT, 'the kiosk stops here'); END");
    app.refresh(t + 3min);
    CHECK(store.pending_count() == 1);    // Marie counted
    CHECK(store.early_tap_count() == 1);  // Jean still noted, with his time
    CHECK_FALSE(store.open_visit(2, t + 3min));
  }
  {
    // Restarted: Jean's tap is counted, Marie's not again.
    LocalStore store(dir / "kiosk.db");
    KioskApp app(store, KioskSettings{});
    CHECK(app.screen() == Screen::Attract);
    CHECK(store.early_tap_count() == 0);
    const auto events = store.pending_events(10);
    REQUIRE(events.size() == 2);
    CHECK(events[0].member_id == 1);
    CHECK(events[0].at == t + 1min);
    CHECK(events[1].member_id == 2);
    CHECK(events[1].at == t + 2min);
  }
  LocalStore store(dir / "kiosk.db");
  KioskApp again(store, KioskSettings{});
  CHECK(store.pending_count() == 2);
}

TEST_CASE("préparation survives a restart, and an already-synced kiosk upgraded to migration 5 is not in préparation",
          "[first-run][preparation][local-store]") {
  const auto as_version_4 = [](LocalStore& store) {
    store.database().exec("DROP TABLE early_taps");
    store.database().exec("DELETE FROM sync_state WHERE key = 'first_pull'");
    store.database().exec("ALTER TABLE resources DROP COLUMN name_en");  // migration 7
    store.database().exec("ALTER TABLE resources DROP COLUMN features_en");
    store.database().exec(testing::kUndoMigrations8And9);
    store.database().exec("PRAGMA user_version=4");
  };
  const Instant t = from_paris(2026, 3, 10, 9, 30);
  const StoredEnrolment enrolled{kUrl, "esk_secret", 3, "entrée", 1, "Tiers-lieu de Vouziers", t};

  SECTION("enrolled by this version, restarted before the first pull") {
    testing::TempFolder dir("escale-prep");
    {
      LocalStore store(dir / "k.db");
      store.save_enrolment_awaiting_first_pull(enrolled);
      KioskApp app(store, KioskSettings{});
      app.on_badge(uid("04A1B2C3"), t);
    }
    LocalStore store(dir / "k.db");
    KioskApp app(store, KioskSettings{});
    CHECK(app.preparing());
    CHECK(app.screen() == Screen::Preparing);
    CHECK(store.early_tap_count() == 1);  // the tap survived
  }
  SECTION("enrolled by the previous version and synced: members known, not in préparation") {
    testing::TempFolder dir("escale-prep");
    {
      LocalStore store(dir / "k.db");
      store.save_enrolment(enrolled);
      store.apply(testing::first_sync());
      store.record_check_in(1, uid("04A1B2C3"), t);
      as_version_4(store);
    }
    LocalStore store(dir / "k.db");
    CHECK(store.database().user_version() == 9);
    CHECK_FALSE(store.first_pull_pending());
    CHECK(store.pending_count() == 1);  // nothing lost
    KioskApp app(store, KioskSettings{});
    CHECK_FALSE(app.preparing());
    CHECK(app.screen() == Screen::Attract);
    app.on_badge(uid("04A1B2C3"), t + 2h);
    CHECK(app.screen() == Screen::Goodbye);
  }
  SECTION("enrolled by the previous version, never synced: in préparation") {
    testing::TempFolder dir("escale-prep");
    {
      LocalStore store(dir / "k.db");
      store.save_enrolment(enrolled);
      as_version_4(store);
    }
    LocalStore store(dir / "k.db");
    CHECK(store.first_pull_pending());
    KioskApp app(store, KioskSettings{});
    CHECK(app.screen() == Screen::Preparing);
  }
  SECTION("a token from the configuration (no enrolment), never synced: not in préparation") {
    testing::TempFolder dir("escale-prep");
    {
      LocalStore store(dir / "k.db");
      as_version_4(store);
    }
    LocalStore store(dir / "k.db");
    CHECK_FALSE(store.first_pull_pending());
  }
}

TEST_CASE("préparation: a new enrolment pulls everything again, and walk-ins count meanwhile",
          "[first-run][preparation][local-store]") {
  FirstRun f;
  f.store.apply(testing::first_sync());  // a cursor from an earlier server
  REQUIRE(f.store.cursor() == 10);
  enrol(f);
  CHECK(f.store.cursor() == 0);
  f.app.on_tick(f.t + 1h);
  REQUIRE(f.app.screen() == Screen::Preparing);
  f.app.on_action(UiAction::WalkIn, f.t + 1h);
  CHECK(f.app.screen() == Screen::WalkIn);
  CHECK(f.store.pending_count() == 1);
  f.app.on_tick(f.t + 2h);
  CHECK(f.app.screen() == Screen::Preparing);
}
