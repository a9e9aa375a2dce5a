// Nothing of a person stays once they walk away: each flow of the kiosk is
// walked with one person's data (a member's badge and booking, the help flow
// with a first name and a phone, animator mode with a member picked, a new
// member's form and « Faire entrer », the help agenda and an activity record,
// a member's login link for « Mon espace » on the phone-link screen),
// the idle timeout passes (the app's clock, no sleep), and then neither the
// view nor any flow object (KioskApp::member_visit(), booking_flow(),
// animator_session(), help_flow(), agenda_mode(), phone_link_flow()) holds a name, a phone, a
// typed query or an id of that person. And leaving one flow (back to the
// member's menu, or to the animator's home) forgets that flow.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "animator_fixture.hpp"
#include "app/kiosk_app.hpp"
#include "auth/pin.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr const char* kJosianeAppointment = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
constexpr const char* kJosiane = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";

// Josiane's help appointment today at 14:00 (as in test_agenda_mode.cpp).
sync::AppointmentRecord josiane_at(Instant start) {
  sync::AppointmentRecord rec;
  auto& a = rec.appointment;
  a.id = kJosianeAppointment;
  a.site_id = 1;
  a.type_id = testing::kIndividualType;
  a.mediator_id = testing::kNadia;
  a.start = start;
  a.duration = 45min;
  auto p = testing::someone(kJosiane, "Josiane", start - 48h);
  p.topics = {mediation::HelpTopic::Caf};
  a.participants = {p};
  return rec;
}

// Every string of the view a screen could draw.
std::vector<std::string> strings_of(const KioskView& v) {
  std::vector<std::string> s{v.first_name,
                             v.subject_name,
                             v.picker_query,
                             v.confirm.name,
                             v.done.name,
                             v.qr_url,
                             v.phone_link.url,
                             v.help.name,
                             v.help.phone,
                             v.help.ticket.id,
                             v.help.ticket.first_name,
                             v.help.ticket.title,
                             v.activity.subject,
                             v.activity.home_commune,
                             v.activity.note,
                             v.form.error,
                             v.help.error};
  const auto add_line = [&](const std::optional<BookingLine>& b) {
    if (b) s.push_back(b->who);
  };
  for (const auto& lines : {v.today_bookings, v.refused, v.bookings}) {
    for (const auto& b : lines) s.push_back(b.who);
  }
  add_line(v.checked_in_on);
  add_line(v.booking);
  add_line(v.moving);
  add_line(v.confirm.booking);
  add_line(v.done.booking);
  for (const auto& m : v.picker_matches) s.push_back(m);
  for (const auto& p : v.people) s.push_back(p.name);
  for (const auto& f : v.form.fields) s.push_back(f.value);
  for (const auto& r : v.agenda) s.push_back(r.who);
  return s;
}

struct ForgetFixture {
  testing::TempFolder dir{"escale-forget"};
  LocalStore store{dir / "kiosk.db"};
  KioskSettings settings = [] {
    KioskSettings s;
    s.public_url = "https://escale.example.fr";
    s.phone_link = true;  // a kiosk with a server: « Sur mon téléphone » in the member menu
    return s;
  }();
  std::optional<KioskApp> app;
  Instant t = from_paris(2026, 3, 10, 13, 0);  // Tuesday 10 March 2026: open, and Nadia's help afternoon

  ForgetFixture() {
    auto r = testing::agenda_sync(t, testing::agnes_pin_hash());
    r.appointments.push_back(josiane_at(from_paris(2026, 3, 10, 14, 0)));
    store.apply(r);
    app.emplace(store, settings);
    app->refresh(t);
  }
  KioskView view() const { return app->view(t); }
  void act(UiAction a) {
    t += 2s;
    app->on_action(std::move(a), t);
  }
  void badge(const char* uid) {
    t += 2s;
    app->on_badge(*BadgeUid::parse(uid), t);
  }
  void open_animator_mode() {
    badge("5E6F7081");  // Agnès
    REQUIRE(app->screen() == Screen::AnimatorPin);
    act({Act::PinSubmit, -1, "2468"});
    REQUIRE(app->screen() == Screen::AnimatorHome);
  }
  // The person walks away: nothing happens until the idle timeout, then attract.
  void walk_away() {
    const Screen was = app->screen();
    const auto deadline = app->next_deadline();
    REQUIRE(deadline);
    CHECK_FALSE(app->on_tick(*deadline - 1s));
    CHECK(app->screen() == was);
    t = *deadline;
    CHECK(app->on_tick(t));
    REQUIRE(app->screen() == Screen::Attract);
  }

  // Neither the view nor any flow holds anything of the person: none of
  // `words` (names, phone, typed text, ids) in what a screen could draw, and
  // every flow as a new one would be.
  void check_forgotten(const std::vector<std::string>& words) const {
    const KioskView v = view();
    CHECK(v.screen == Screen::Attract);
    for (const auto& text : strings_of(v)) {
      for (const auto& w : words) {
        INFO("the view still says « " << text << " »");
        CHECK(text.find(w) == std::string::npos);
      }
    }
    CHECK(v.first_name.empty());
    CHECK_FALSE(v.check_in_time);
    CHECK_FALSE(v.visit_minutes);
    CHECK(v.today_bookings.empty());
    CHECK(v.refused.empty());
    CHECK_FALSE(v.checked_in_on);
    CHECK(v.days.empty());
    CHECK(v.grid.rows.empty());
    CHECK(v.choices.empty());
    CHECK_FALSE(v.booking);
    CHECK(v.bookings.empty());
    CHECK_FALSE(v.moving);
    CHECK(v.pin_digits.empty());
    CHECK(v.people.empty());
    CHECK(v.picker_matches.empty());
    CHECK(v.form.fields.empty());
    CHECK(v.agenda.empty());
    CHECK(v.activity.groups.empty());
    CHECK_FALSE(v.help.topic);
    CHECK(v.help.days.empty());
    CHECK(v.help.times.empty());
    CHECK_FALSE(v.member_menu);

    const MemberVisit& visit = app->member_visit();
    CHECK_FALSE(visit.member);
    CHECK_FALSE(visit.check_in);
    CHECK_FALSE(visit.visit_minutes);
    CHECK(visit.today_bookings.empty());
    CHECK_FALSE(visit.checked_in_on);
    CHECK(visit.refused.empty());

    const BookingFlow& booking = app->booking_flow();
    CHECK(booking.days.empty());
    CHECK(booking.day_list.empty());
    CHECK(booking.grid.rows.empty());
    CHECK(booking.grid_resources.empty());
    CHECK(booking.choices.empty());
    CHECK(booking.choice_times.empty());
    CHECK_FALSE(booking.chosen_start);
    CHECK_FALSE(booking.booking);
    CHECK(booking.qr_url.empty());
    CHECK(booking.bookings.empty());
    CHECK(booking.listed.empty());
    CHECK_FALSE(booking.moving);
    CHECK_FALSE(booking.draft);
    CHECK_FALSE(booking.shown_booking_id);
    CHECK_FALSE(booking.being_moved);
    CHECK_FALSE(booking.cancelling);

    const AnimatorSession& session = app->animator_session();
    CHECK_FALSE(session.open());
    CHECK_FALSE(session.pin_for);
    CHECK(session.pin_digits.empty());
    CHECK_FALSE(session.errand.subject);
    CHECK(session.errand.subject_name.empty());
    CHECK_FALSE(session.errand.checking_out);
    CHECK_FALSE(session.errand.new_member);
    CHECK(session.present.empty());
    CHECK(session.people.empty());
    CHECK(session.picker_query.empty());
    CHECK(session.matches.empty());
    CHECK(session.picker_matches.empty());
    CHECK(session.form.fields.empty());
    CHECK(session.confirm.name.empty());
    CHECK_FALSE(session.confirm.booking);
    CHECK(session.done.name.empty());
    CHECK_FALSE(session.done.booking);

    const HelpFlow& help = app->help_flow();
    CHECK(help.view.name.empty());
    CHECK(help.view.phone.empty());
    CHECK_FALSE(help.view.topic);
    CHECK(help.view.ticket.id.empty());
    CHECK(help.view.ticket.first_name.empty());
    CHECK(help.first_name.empty());
    CHECK_FALSE(help.phone);
    CHECK_FALSE(help.slot);
    CHECK_FALSE(help.workshop);
    CHECK_FALSE(help.appointment_id);
    CHECK(help.participant_id.empty());
    CHECK(help.appointments.empty());
    CHECK(help.day_slots.empty());
    CHECK_FALSE(help.ticket_to_print);

    const AgendaMode& agenda = app->agenda_mode();
    CHECK(agenda.rows.empty());
    CHECK(agenda.refs.empty());
    CHECK_FALSE(agenda.draft);
    CHECK(agenda.activity.subject.empty());
    CHECK(agenda.activity.note.empty());
    CHECK(agenda.activity.home_commune.empty());
    CHECK(agenda.activity.groups.empty());

    const PhoneLinkFlow& phone = app->phone_link_flow();
    CHECK(phone.view.url.empty());
    CHECK_FALSE(phone.request);
    CHECK(phone.awaiting == 0);
    CHECK(v.phone_link.url.empty());
  }
};

}  // namespace

TEST_CASE("a member's visit and booking are forgotten after the idle timeout", "[app][forget]") {
  ForgetFixture f;
  f.badge("04A1B2C3");  // Marie Dupont checks in
  REQUIRE(f.view().screen == Screen::Greeting);
  REQUIRE(f.view().first_name == "Marie");

  SECTION("on the booked screen") {
    f.act({Act::BookDesk});
    f.act({Act::PickDay, 1});  // Wednesday
    REQUIRE(f.view().screen == Screen::BookDeskGrid);
    f.act({Act::PickCell, 0});  // desk 1, morning
    REQUIRE(f.view().screen == Screen::BookConfirm);
    f.act({Act::Confirm});
    const auto v = f.view();
    REQUIRE(v.screen == Screen::Booked);
    REQUIRE_FALSE(v.qr_url.empty());
    const std::string booking_id = *f.app->booking_flow().shown_booking_id;
    f.walk_away();
    f.check_forgotten({"Marie", "Dupont", booking_id});
  }

  SECTION("cancelling one of their bookings") {
    f.act({Act::BookDesk});
    f.act({Act::PickDay, 1});
    f.act({Act::PickCell, 0});
    f.act({Act::Confirm});
    REQUIRE(f.view().screen == Screen::Booked);
    const std::string booking_id = *f.app->booking_flow().shown_booking_id;
    f.act({Act::Back});
    REQUIRE(f.view().screen == Screen::Greeting);
    f.act({Act::MyBookings});
    REQUIRE(f.view().bookings.size() == 1);
    f.act({Act::CancelBooking, 0});
    REQUIRE(f.view().screen == Screen::CancelConfirm);
    f.walk_away();
    f.check_forgotten({"Marie", "Dupont", booking_id});
  }

  SECTION("on the phone-link screen: the login link for « Mon espace »") {
    f.act({Act::PhoneLink});
    REQUIRE(f.view().screen == Screen::PhoneLink);
    const auto request = f.app->take_phone_link_request();
    REQUIRE(request);
    LoginLinkOutcome link;
    link.kind = LoginLinkOutcome::Kind::Ready;
    link.url = "https://escale.example.fr/moi/lien/eml_Zq3kT0mB2xY7wPc5LdVn1sHa9Ue4Gj8r";
    REQUIRE(f.app->on_phone_link_outcome(request->id, link));
    REQUIRE(f.view().phone_link.url == link.url);
    f.walk_away();
    f.check_forgotten({"Marie", "Dupont", "eml_Zq3kT0mB2xY7wPc5LdVn1sHa9Ue4Gj8r"});
  }

  SECTION("badging again: « déjà là » with today's booking") {
    f.act({Act::BookVisio});
    REQUIRE(f.view().screen == Screen::BookDay);
    f.act({Act::PickDay, 0});  // today
    REQUIRE(f.view().screen == Screen::BookVisioStart);
    f.act({Act::PickChoice, 0});
    f.act({Act::PickChoice, 0});
    REQUIRE(f.view().screen == Screen::BookConfirm);
    f.act({Act::Confirm});
    REQUIRE(f.view().screen == Screen::Booked);
    f.badge("04A1B2C3");
    REQUIRE(f.view().screen == Screen::AlreadyHere);
    REQUIRE(f.view().today_bookings.size() == 1);
    f.walk_away();
    f.check_forgotten({"Marie", "Dupont"});
  }
}

TEST_CASE("a visitor's first name and phone in the help flow are forgotten", "[app][forget][help]") {
  ForgetFixture f;
  f.act({Act::AskHelp});
  f.act({Act::PickTopic, 1});
  f.act({Act::PickDay, 0});  // today, Nadia's afternoon
  REQUIRE(f.view().screen == Screen::HelpTime);
  f.act({Act::PickChoice, 0});
  REQUIRE(f.view().screen == Screen::HelpContact);
  f.act({Act::FormFocus, 0});
  f.act({Act::FormEdit, -1, "Yvette"});
  f.act({Act::FormFocus, 1});
  f.act({Act::FormEdit, -1, "06 12 34 56 78"});
  const std::vector<std::string> words{"Yvette", "06 12 34 56 78", "0612345678", "612345678"};

  SECTION("typed, not sent") {
    REQUIRE(f.view().help.name == "Yvette");
    f.walk_away();
    f.check_forgotten(words);
  }

  SECTION("on the ticket, not yet printed") {
    f.act({Act::Confirm});
    const auto v = f.view();
    REQUIRE(v.screen == Screen::HelpTicket);
    REQUIRE(v.help.ticket.first_name == "Yvette");
    REQUIRE(f.app->help_flow().phone == std::optional<std::string>("+33612345678"));
    REQUIRE(f.app->help_flow().ticket_to_print);
    const std::string appointment = v.help.ticket.id;
    const std::string participant = f.app->help_flow().participant_id;
    f.walk_away();
    auto all = words;
    all.insert(all.end(), {appointment, participant});
    f.check_forgotten(all);
    CHECK_FALSE(f.app->take_ticket_to_print());
  }
}

TEST_CASE("animator mode forgets the animator and every member they acted for", "[app][forget][animator]") {
  ForgetFixture f;

  SECTION("a PIN half typed") {
    f.badge("5E6F7081");
    f.act({Act::PinEdit, -1, "24"});
    REQUIRE(f.view().first_name == "Agnès");
    f.walk_away();
    f.check_forgotten({"Agnès", "Roux", "24"});
  }

  SECTION("a booking for a member picked by name") {
    f.open_animator_mode();
    f.act({Act::NewBooking});
    f.act({Act::PickerEdit, -1, "Dup"});
    REQUIRE(f.view().picker_matches == std::vector<std::string>{"Marie Dupont"});
    f.act({Act::PickMember, 0});
    REQUIRE(f.view().screen == Screen::BookDay);
    f.act({Act::PickDay, 1});
    f.act({Act::PickCell, 0});
    REQUIRE(f.view().screen == Screen::BookConfirm);
    REQUIRE(f.view().subject_name == "Marie Dupont");
    f.walk_away();
    f.check_forgotten({"Agnès", "Roux", "Marie", "Dupont", "Dup"});
  }

  SECTION("a new member's form, waiting for the badge") {
    f.open_animator_mode();
    f.act({Act::NewMember});
    f.act({Act::FormFocus, 0});
    f.act({Act::FormEdit, -1, "Gisèle"});
    f.act({Act::FormFocus, 1});
    f.act({Act::FormEdit, -1, "Lambert"});
    f.act({Act::FormFocus, 2});
    f.act({Act::FormEdit, -1, "12203"});
    f.act({Act::FormFocus, 4});
    f.act({Act::FormEdit, -1, "0611223344"});
    f.act({Act::FormSubmit});
    REQUIRE(f.view().screen == Screen::AnimatorBadgeWait);
    REQUIRE(f.app->animator_session().errand.new_member);
    f.walk_away();
    f.check_forgotten({"Agnès", "Roux", "Gisèle", "Lambert", "0611223344"});
  }

  SECTION("« Faire entrer », then who is here") {
    f.open_animator_mode();
    f.act({Act::LetIn});
    f.act({Act::PickerEdit, -1, "Bern"});
    f.act({Act::PickMember, 0});
    REQUIRE(f.view().screen == Screen::AnimatorConfirm);
    REQUIRE(f.view().confirm.name == "Élodie Bernard");
    f.act({Act::Confirm});
    REQUIRE(f.view().done.kind == DoneKind::LetIn);
    f.act({Act::Back});
    f.act({Act::ShowPresent});
    REQUIRE(f.view().people.size() == 1);
    f.act({Act::CheckOutPerson, 0});
    REQUIRE(f.view().screen == Screen::AnimatorConfirm);
    f.walk_away();
    f.check_forgotten({"Agnès", "Roux", "Élodie", "Bernard", "Bern"});
  }

  SECTION("the help agenda and an activity record being filled in") {
    f.open_animator_mode();
    f.act({Act::ShowAgenda});
    REQUIRE(f.view().screen == Screen::AnimatorAgenda);
    REQUIRE_FALSE(f.view().agenda.empty());
    REQUIRE(f.view().agenda.front().who == "Josiane");
    f.act({Act::OpenActivity, 0});
    REQUIRE(f.view().screen == Screen::AnimatorActivity);
    f.act({Act::FormFocus, 0});
    f.act({Act::FormEdit, -1, "12203"});
    f.act({Act::FormFocus, 1});
    f.act({Act::FormEdit, -1, "Josiane revient jeudi"});
    REQUIRE(f.view().activity.note == "Josiane revient jeudi");
    f.walk_away();
    f.check_forgotten({"Agnès", "Roux", "Josiane", kJosiane, kJosianeAppointment, "12203"});
  }
}

TEST_CASE("leaving a flow forgets it, the person on screen stays", "[app][forget]") {
  ForgetFixture f;

  SECTION("a member's booking, back to their menu") {
    f.badge("04A1B2C3");
    f.act({Act::BookDesk});
    f.act({Act::PickDay, 1});
    f.act({Act::PickCell, 0});
    f.act({Act::Confirm});
    REQUIRE(f.view().screen == Screen::Booked);
    REQUIRE(f.app->booking_flow().shown_booking_id);
    f.act({Act::Back});
    CHECK(f.view().screen == Screen::Greeting);
    CHECK(f.view().first_name == "Marie");
    CHECK(f.view().member_menu);
    CHECK_FALSE(f.app->booking_flow().shown_booking_id);
    CHECK_FALSE(f.app->booking_flow().draft);
    CHECK(f.app->booking_flow().qr_url.empty());
    CHECK(f.app->booking_flow().days.empty());
  }

  SECTION("a member's help ticket, back to their menu") {
    f.badge("04A1B2C3");
    f.act({Act::AskHelp});
    f.act({Act::PickTopic, 1});
    f.act({Act::PickDay, 0});
    f.act({Act::PickChoice, 0});
    REQUIRE(f.view().screen == Screen::HelpContact);
    CHECK_FALSE(f.view().help.ask_name);  // a member is known: the phone only
    f.act({Act::HelpSkipContact});
    REQUIRE(f.view().screen == Screen::HelpTicket);
    CHECK(f.view().help.ticket.first_name == "Marie");
    f.act({Act::Back});
    CHECK(f.view().screen == Screen::Greeting);
    CHECK(f.view().first_name == "Marie");
    CHECK_FALSE(f.app->help_flow().appointment_id);
    CHECK(f.app->help_flow().view.ticket.id.empty());
    CHECK_FALSE(f.app->help_flow().view.topic);
  }

  SECTION("an animator's booking for a member, back home") {
    f.open_animator_mode();
    f.act({Act::NewBooking});
    f.act({Act::PickerEdit, -1, "Dup"});
    f.act({Act::PickMember, 0});
    REQUIRE(f.view().screen == Screen::BookDay);
    f.act({Act::Back});
    REQUIRE(f.view().screen == Screen::AnimatorBookings);
    f.act({Act::Back});
    REQUIRE(f.view().screen == Screen::AnimatorHome);
    CHECK(f.view().first_name == "Agnès");
    CHECK(f.app->animator_session().open());
    CHECK_FALSE(f.app->animator_session().errand.subject);
    CHECK(f.app->animator_session().errand.subject_name.empty());
    CHECK(f.view().subject_name.empty());
    CHECK(f.app->booking_flow().days.empty());
    CHECK(f.app->booking_flow().listed.empty());
  }
}
