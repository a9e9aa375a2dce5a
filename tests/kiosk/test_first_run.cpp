// First run: the enrolment screen's state machine (no SDL, no network: the
// runtime hands the app each exchange's outcome), and the local store's
// enrolment table (migration 4).
#include <catch2/catch.hpp>

#include "app/kiosk_app.hpp"
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
  // « Borne inscrite » stays a moment, then the attract screen (or « Commencer »).
  CHECK_FALSE(f.app.on_tick(f.t + 10s));
  CHECK(f.app.on_tick(f.t + 1s + KioskSettings{}.idle_timeout));
  CHECK(f.app.screen() == Screen::Attract);
}

TEST_CASE("« Commencer » goes to the attract screen once enrolled, never before", "[first-run]") {
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
  // Once enrolled, badges count.
  f.type("K7QF2M9XDA");
  f.submit();
  f.app.on_enrol_outcome(success(), std::nullopt, f.t);
  f.app.on_badge(*BadgeUid::parse("04A1B2C3"), f.t + 1min);
  CHECK(f.app.screen() == Screen::Greeting);
  CHECK(f.store.pending_count() == 1);
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
    store.database().exec("PRAGMA user_version=3");
  }
  {
    LocalStore store(dir / "k.db");
    CHECK(store.database().user_version() >= 4);
    CHECK(store.pending_count() == 1);  // nothing lost
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
