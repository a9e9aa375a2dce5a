// Animator mode at the kiosk, driven through KioskApp against a real local
// store: the PIN (argon2id, 5 wrong PINs lock for 5 minutes, kept across a
// restart), who is here and checking someone out, a new badge for a member,
// a new member, a walk-in, today's bookings (make, move, cancel), the
// 60-second idle — and every action attributed to the animator in its event.
#include <catch2/catch.hpp>

#include <algorithm>

#include "animator_fixture.hpp"
#include "app/kiosk_app.hpp"
#include "auth/pin.hpp"
#include "domain/uuid.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kAgnes = 3;

struct AnimatorFixture : testing::AnimatorDesk {
  AnimatorFixture() : AnimatorDesk("escale-animator") {}
};

}  // namespace

TEST_CASE("an animator's badge asks for the PIN and records no visit", "[app][animator]") {
  AnimatorFixture f;
  f.app->on_badge(f.uid("5E6F7081"), f.t);
  const auto v = f.view();
  CHECK(v.screen == Screen::AnimatorPin);
  CHECK(v.first_name == "Agnès");
  CHECK(v.pin_attempts_left == 5);
  CHECK(f.store.pending_count() == 0);  // staff are not counted as visitors

  f.app->on_action({Act::PinEdit, -1, "24a6x89"}, f.t);  // only digits, at most 6
  CHECK(f.view().pin_digits == "24689");
  f.app->on_action({Act::PinSubmit, -1, "2468"}, f.t);
  CHECK(f.app->screen() == Screen::AnimatorHome);
  CHECK(f.view().pin_digits.empty());
}

TEST_CASE("five wrong PINs lock animator mode for five minutes, even across a restart", "[app][animator]") {
  AnimatorFixture f;
  f.app->on_badge(f.uid("5E6F7081"), f.t);
  for (int i = 1; i <= 4; ++i) {
    f.app->on_action({Act::PinSubmit, -1, "1111"}, f.t);
    const auto v = f.view();
    CHECK(v.screen == Screen::AnimatorPin);
    CHECK(v.pin_wrong);
    CHECK(v.pin_attempts_left == 5 - i);
    CHECK_FALSE(v.pin_locked_until);
  }
  f.app->on_action({Act::PinSubmit, -1, "1111"}, f.t);
  REQUIRE(f.view().pin_locked_until);
  CHECK(f.view().pin_locked_until->hour == 10);
  CHECK(f.view().pin_locked_until->minute == 5);
  // Even the right PIN is refused while locked.
  f.app->on_action({Act::PinSubmit, -1, "2468"}, f.t + 1min);
  CHECK(f.app->screen() == Screen::AnimatorPin);

  // Restarting the kiosk does not lift the lock.
  f.app.emplace(f.store, KioskSettings{});
  f.app->refresh(f.t);
  f.app->on_badge(f.uid("5E6F7081"), f.t + 2min);
  CHECK(f.app->view(f.t + 2min).pin_locked_until);
  f.app->on_action({Act::PinSubmit, -1, "2468"}, f.t + 2min);
  CHECK(f.app->screen() == Screen::AnimatorPin);

  // Five minutes later, the right PIN opens animator mode and resets the count.
  f.app->on_badge(f.uid("5E6F7081"), f.t + 5min + 1s);
  CHECK_FALSE(f.app->view(f.t + 5min + 1s).pin_locked_until);
  f.app->on_action({Act::PinSubmit, -1, "2468"}, f.t + 5min + 1s);
  CHECK(f.app->screen() == Screen::AnimatorHome);
  CHECK(f.store.pin_attempts(kAgnes).failures == 0);
}

TEST_CASE("an animator without a PIN is greeted as a member", "[app][animator]") {
  AnimatorFixture f;
  f.app->on_badge(f.uid("04D5E6F708A1B2"), f.t);  // Jean: animator role, no PIN set
  CHECK(f.app->screen() == Screen::Greeting);
}

TEST_CASE("animator mode closes after 60 s without a touch", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  CHECK_FALSE(f.app->on_tick(f.t + 59s));
  CHECK(f.app->on_tick(f.t + 61s));
  CHECK(f.app->screen() == Screen::Attract);
  // Nothing of animator mode is left: the next tap of a member is a member's.
  f.app->on_badge(f.uid("04A1B2C3"), f.t + 2min);
  CHECK(f.app->view(f.t + 2min).member_menu);
}

TEST_CASE("who is here, and checking out someone who forgot", "[app][animator]") {
  AnimatorFixture f;
  f.app->on_badge(f.uid("04A1B2C3"), f.t - 1h);  // Marie came at 9:00
  f.app->on_action(UiAction::Home, f.t - 1h);
  f.open_animator_mode();
  CHECK(f.view().animator.present == 1);
  CHECK(f.view().animator.unsynced == 1);
  f.app->on_action({Act::ShowPresent}, f.t);
  auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorPresent);
  REQUIRE(v.people.size() == 1);
  CHECK(v.people[0].name == "Marie Dupont");
  CHECK(v.people[0].since.hour == 9);
  f.app->on_action({Act::CheckOutPerson, 0}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorConfirm);
  CHECK(f.view().confirm.kind == ConfirmKind::CheckOutPerson);
  CHECK(f.view().confirm.name == "Marie Dupont");
  f.app->on_action({Act::Confirm}, f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::CheckedOut);
  const auto outs = f.events(sync::EventType::CheckOut);
  REQUIRE(outs.size() == 1);
  CHECK(outs[0].by_member_id == kAgnes);
  CHECK(f.store.present(f.t, 16h).empty());
  f.app->on_action({Act::Back}, f.t);
  CHECK(f.app->screen() == Screen::AnimatorHome);
}

TEST_CASE("a new badge for an existing member, found by typing a few letters", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::NewBadge}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorPickMember);
  f.app->on_action({Act::PickerEdit, -1, "elo"}, f.t);  // no accent typed: finds Élodie
  auto v = f.view();
  REQUIRE(v.picker_matches.size() == 1);
  CHECK(v.picker_matches[0] == "Élodie Bernard");
  f.app->on_action({Act::PickMember, 0}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorBadgeWait);
  CHECK(f.view().subject_name == "Élodie Bernard");

  // A badge that is someone else's is not taken from them.
  f.app->on_badge(f.uid("04A1B2C3"), f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::BadgeTakenByOther);
  CHECK(v.done.name == "Marie Dupont");
  CHECK(f.events(sync::EventType::BadgeAssign).empty());

  f.app->on_action({Act::Back}, f.t);
  f.app->on_action({Act::NewBadge}, f.t);
  f.app->on_action({Act::PickerEdit, -1, "Bern"}, f.t);
  f.app->on_action({Act::PickMember, 0}, f.t);
  f.app->on_badge(f.uid("A1B2C3D4"), f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::BadgeAssigned);
  CHECK(v.done.name == "Élodie Bernard");
  // The badge works at once, before any sync.
  CHECK(f.store.find_badge(f.uid("A1B2C3D4"))->member_id == 4);
  const auto assigns = f.events(sync::EventType::BadgeAssign);
  REQUIRE(assigns.size() == 1);
  CHECK(assigns[0].badge_uid == "A1B2C3D4");
  CHECK(assigns[0].member_id == 4);
  CHECK(assigns[0].by_member_id == kAgnes);
}

TEST_CASE("a new member: the form says what to fix, then the badge", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::NewMember}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorNewMember);
  REQUIRE(f.view().form.fields.size() == 5);
  f.app->on_action({Act::FormSubmit}, f.t);
  CHECK(f.view().form.error == "Le prénom manque.");
  CHECK(f.view().form.focused == 0);

  f.app->on_action({Act::FormEdit, -1, "  Lucienne "}, f.t);
  f.app->on_action({Act::FormFocus, 1}, f.t);
  f.app->on_action({Act::FormEdit, -1, "Fabre"}, f.t);
  f.app->on_action({Act::FormFocus, 2}, f.t);
  f.app->on_action({Act::FormEdit, -1, "1220"}, f.t);
  f.app->on_action({Act::FormSubmit}, f.t);
  CHECK(f.view().form.error.find("5 chiffres") != std::string::npos);
  CHECK(f.view().form.focused == 2);
  f.app->on_action({Act::FormEdit, -1, "12203"}, f.t);
  f.app->on_action({Act::FormFocus, 4}, f.t);
  f.app->on_action({Act::FormEdit, -1, "06 12"}, f.t);
  f.app->on_action({Act::FormSubmit}, f.t);
  CHECK(f.view().form.error.find("10 chiffres") != std::string::npos);
  f.app->on_action({Act::FormEdit, -1, "06 12 34 56 78"}, f.t);
  f.app->on_action({Act::FormSubmit}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorBadgeWait);
  CHECK(f.view().pick_purpose == PickPurpose::NewMember);
  CHECK(f.view().subject_name == "Lucienne Fabre");

  f.app->on_badge(f.uid("0A0B0C0D"), f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorDone);
  CHECK(f.view().done.kind == DoneKind::MemberCreatedWithBadge);
  const auto creates = f.events(sync::EventType::MemberCreate);
  REQUIRE(creates.size() == 1);
  REQUIRE(creates[0].new_member);
  CHECK(creates[0].new_member->first_name == "Lucienne");  // trimmed
  CHECK(creates[0].new_member->home_commune == "12203");
  CHECK(creates[0].new_member->phone == "06 12 34 56 78");
  CHECK_FALSE(creates[0].new_member->email);
  CHECK(creates[0].badge_uid == "0A0B0C0D");
  CHECK(creates[0].member_ref);
  CHECK(creates[0].by_member_id == kAgnes);
}

TEST_CASE("a new member without a badge yet", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::NewMember}, f.t);
  f.app->on_action({Act::FormEdit, -1, "Paul"}, f.t);
  f.app->on_action({Act::FormFocus, 1}, f.t);
  f.app->on_action({Act::FormEdit, -1, "Vidal"}, f.t);
  f.app->on_action({Act::FormFocus, 2}, f.t);
  f.app->on_action({Act::FormEdit, -1, "12203"}, f.t);
  f.app->on_action({Act::FormFocus, 3}, f.t);
  f.app->on_action({Act::FormEdit, -1, "paul@"}, f.t);
  f.app->on_action({Act::FormSubmit}, f.t);
  CHECK(f.view().form.error.find("e-mail") != std::string::npos);
  f.app->on_action({Act::FormEdit, -1, "paul@exemple.fr"}, f.t);
  f.app->on_action({Act::FormSubmit}, f.t);
  f.app->on_action({Act::SkipBadge}, f.t);
  CHECK(f.view().done.kind == DoneKind::MemberCreated);
  const auto creates = f.events(sync::EventType::MemberCreate);
  REQUIRE(creates.size() == 1);
  CHECK_FALSE(creates[0].badge_uid);
  CHECK(creates[0].new_member->email == "paul@exemple.fr");
}

TEST_CASE("a walk-in recorded by the animator", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action(UiAction::WalkIn, f.t);
  CHECK(f.view().done.kind == DoneKind::WalkInRecorded);
  const auto walk_ins = f.events(sync::EventType::WalkIn);
  REQUIRE(walk_ins.size() == 1);
  CHECK(walk_ins[0].by_member_id == kAgnes);
}

TEST_CASE("today's bookings: book for a member, move, cancel", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::NewBooking}, f.t);
  f.app->on_action({Act::PickerEdit, -1, "mar"}, f.t);
  auto v = f.view();
  REQUIRE_FALSE(v.picker_matches.empty());
  const auto marie = std::find(v.picker_matches.begin(), v.picker_matches.end(), "Marie Dupont");
  REQUIRE(marie != v.picker_matches.end());
  f.app->on_action({Act::PickMember, static_cast<int>(marie - v.picker_matches.begin())}, f.t);
  REQUIRE(f.app->screen() == Screen::BookDay);
  f.app->on_action({Act::PickDay, 0}, f.t);  // today
  REQUIRE(f.app->screen() == Screen::BookDeskGrid);
  f.app->on_action({Act::PickCell, 0 * 3 + 1}, f.t);  // desk 1, afternoon
  f.app->on_action({Act::Confirm}, f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::BookingMade);
  CHECK(v.done.name == "Marie Dupont");
  const auto requests = f.events(sync::EventType::BookingRequest);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].member_id == 1);
  CHECK(requests[0].by_member_id == kAgnes);

  f.app->on_action({Act::Back}, f.t);
  f.app->on_action({Act::ShowBookings}, f.t);
  v = f.view();
  REQUIRE(v.bookings.size() == 1);
  CHECK(v.bookings[0].who == "Marie Dupont");
  CHECK(v.bookings[0].movable);

  // Move it to desk 3, same afternoon.
  f.app->on_action({Act::MoveBooking, 0}, f.t);
  REQUIRE(f.app->screen() == Screen::BookDay);
  f.app->on_action({Act::PickDay, 0}, f.t);
  v = f.view();
  REQUIRE(v.screen == Screen::BookDeskGrid);
  CHECK(v.grid.rows[0].cells[1] == CellState::Free);  // the booking being moved does not block itself
  f.app->on_action({Act::PickCell, 2 * 3 + 1}, f.t);
  f.app->on_action({Act::Confirm}, f.t);
  CHECK(f.view().done.kind == DoneKind::BookingMoved);
  const auto moves = f.events(sync::EventType::BookingMove);
  REQUIRE(moves.size() == 1);
  CHECK(moves[0].booking_id == requests[0].booking_id);
  CHECK(moves[0].resource_id == 13);
  CHECK(moves[0].by_member_id == kAgnes);

  // Cancel it.
  f.app->on_action({Act::Back}, f.t);
  f.app->on_action({Act::ShowBookings}, f.t);
  f.app->on_action({Act::CancelBooking, 0}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorConfirm);
  CHECK(f.view().confirm.kind == ConfirmKind::CancelBooking);
  f.app->on_action({Act::Confirm}, f.t);
  CHECK(f.view().done.kind == DoneKind::BookingCancelled);
  const auto cancels = f.events(sync::EventType::BookingCancel);
  REQUIRE(cancels.size() == 1);
  CHECK(cancels[0].by_member_id == kAgnes);
}

TEST_CASE("a member's badge during animator mode closes it", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::ShowPresent}, f.t);
  f.app->on_badge(f.uid("04A1B2C3"), f.t);
  const auto v = f.view();
  CHECK(v.screen == Screen::Greeting);
  CHECK(v.first_name == "Marie");
  CHECK(v.member_menu);
  f.app->on_action({Act::ShowPresent}, f.t);  // animator actions are gone
  CHECK(f.app->screen() == Screen::Greeting);
}

TEST_CASE("« Retour » from a booking for a member goes back to today's bookings", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::ShowBookings}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorBookings);
  f.app->on_action({Act::NewBooking}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorPickMember);
  f.app->on_action({Act::Back}, f.t);
  CHECK(f.app->screen() == Screen::AnimatorBookings);
  f.app->on_action({Act::NewBooking}, f.t);
  f.app->on_action({Act::PickerEdit, -1, "dup"}, f.t);
  f.app->on_action({Act::PickMember, 0}, f.t);
  REQUIRE(f.app->screen() == Screen::BookDay);
  f.app->on_action({Act::Back}, f.t);
  CHECK(f.app->screen() == Screen::AnimatorBookings);
  // The other pickers still go back to the home.
  f.app->on_action({Act::Back}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorHome);
  f.app->on_action({Act::NewBadge}, f.t);
  REQUIRE(f.app->screen() == Screen::AnimatorPickMember);
  f.app->on_action({Act::Back}, f.t);
  CHECK(f.app->screen() == Screen::AnimatorHome);
}

TEST_CASE("an animator books the visio room for a member", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  f.app->on_action({Act::NewBooking}, f.t);
  f.app->on_action({Act::PickerEdit, -1, "dup"}, f.t);
  f.app->on_action({Act::PickMember, 0}, f.t);
  REQUIRE(f.view().booking_kind == ResourceKind::Desk);
  f.app->on_action({Act::BookVisio}, f.t);  // « Plutôt la salle visio »
  REQUIRE(f.app->screen() == Screen::BookDay);
  CHECK(f.view().booking_kind == ResourceKind::VisioRoom);
  CHECK(f.view().subject_name == "Marie Dupont");
  f.app->on_action({Act::PickDay, 0}, f.t);
  REQUIRE(f.app->screen() == Screen::BookVisioStart);
  f.app->on_action({Act::PickChoice, 0}, f.t);  // the first free time
  f.app->on_action({Act::PickChoice, 1}, f.t);  // one hour
  f.app->on_action({Act::Confirm}, f.t);
  CHECK(f.view().done.kind == DoneKind::BookingMade);
  const auto requests = f.events(sync::EventType::BookingRequest);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].resource_id == 21);
  CHECK(requests[0].member_id == 1);
  CHECK(*requests[0].end - *requests[0].start == std::chrono::hours(1));
}

TEST_CASE("animator mode shows the events refused by the server or set aside, with their reason", "[app][animator]") {
  AnimatorFixture f;
  f.open_animator_mode();
  // A badge given here, which the server refuses; and an unreadable row set
  // aside by the kiosk when it reads its outbox.
  f.store.record_badge_assign(f.uid("0A0B0C0D"), 1, f.t, kAgnes);
  const auto sent = f.events(sync::EventType::BadgeAssign);
  REQUIRE(sent.size() == 1);
  sync::SyncResponse answer;
  answer.cursor = 10;
  answer.server_time = now();
  answer.acks = {
      {sent[0].id, sync::AckStatus::Rejected, "Action refusée : le membre n° 3 n’est pas animateur de ce lieu."}};
  f.store.apply(answer);
  f.store.database()
      .prepare("INSERT INTO outbox (event_id, type, at, visit_id, body) VALUES (?, 'walk_in', ?, ?, '{\"id\":')")
      .bind_all(make_uuid_v4(), to_iso_utc(f.t), make_uuid_v4())
      .run();
  REQUIRE(f.store.pending_events(100).empty());

  f.app->on_action(UiAction{Act::Back}, f.t);  // back to the home, which counts them
  REQUIRE(f.app->screen() == Screen::AnimatorHome);
  CHECK(f.view().animator.refused_events == 2);
  f.app->on_action(UiAction{Act::ShowRefused}, f.t);
  const auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorRefused);
  REQUIRE(v.refused_events.size() == 2);
  // Newest first: the row set aside, then the server's refusal.
  CHECK(v.refused_events[0].type == "walk_in");
  CHECK(v.refused_events[0].set_aside_here);
  CHECK_THAT(v.refused_events[0].reason, Catch::StartsWith("Envoi mis de côté : illisible sur la borne"));
  CHECK(v.refused_events[1].type == "badge_assign");
  CHECK_FALSE(v.refused_events[1].set_aside_here);
  CHECK(v.refused_events[1].reason == "Action refusée : le membre n° 3 n’est pas animateur de ce lieu.");
  REQUIRE(v.refused_events[1].at.has_value());
  CHECK(v.refused_events[1].at->hour == 10);
  f.app->on_action(UiAction{Act::Back}, f.t);
  CHECK(f.app->screen() == Screen::AnimatorHome);

  // Only staff see it.
  f.app->on_action(UiAction{Act::LeaveAnimator}, f.t);
  f.app->on_action(UiAction{Act::ShowRefused}, f.t);
  CHECK(f.app->screen() != Screen::AnimatorRefused);
}
