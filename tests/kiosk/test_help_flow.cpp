// The help flow at the kiosk (« J’ai besoin d’aide numérique »), driven
// through KioskApp against a real local store: topics, free days and times
// from the synced agenda, a workshop's seats and waiting list, a first name
// and a phone in one optional step (or none), the ticket (until « J’ai
// noté »), what goes to the printer, and the server's answer.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/kiosk_app.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

using testing::agenda_sync;
using testing::kFullWorkshop;
using testing::kIndividualType;
using testing::kNadia;
using testing::kOpenWorkshop;
using testing::someone;

struct HelpFixture {
  testing::TempFolder dir{"escale-help"};
  LocalStore store{dir / "kiosk.db"};
  KioskSettings settings = [] {
    KioskSettings s;
    s.public_url = "https://escale.example.fr";
    return s;
  }();
  KioskApp app{store, settings};
  Instant t = from_paris(2026, 3, 9, 10, 0);  // Monday 9 March 2026, 10:00

  HelpFixture() {
    store.apply(agenda_sync(t));
    app.refresh(t);
  }
  KioskView view() const { return app.view(t); }
  void act(UiAction a) {
    t += 2s;
    app.on_action(std::move(a), t);
  }
  std::vector<sync::Event> help_events() {
    auto all = store.pending_events(1000);
    std::erase_if(all, [](const sync::Event& e) { return e.type != sync::EventType::HelpRequest; });
    return all;
  }
  // Topics → (caf) → first day → the time at `index`.
  void choose_time(int index) {
    act(UiAction{Act::AskHelp});
    act(UiAction{Act::PickTopic, 1});
    act(UiAction{Act::PickDay, 0});
    act(UiAction{Act::PickChoice, index});
  }
  // The server's answer for what the kiosk asked: `rec` as it sends it.
  void server_sends(sync::AppointmentRecord rec) {
    sync::SyncResponse r;
    r.server_time = t;
    r.cursor = store.cursor() + 1;
    r.appointments = {std::move(rec)};
    store.apply(r);
    app.refresh(t);
  }
};

}  // namespace

TEST_CASE("help from the attract screen: topics, days, times", "[app][help]") {
  HelpFixture f;
  REQUIRE(f.view().screen == Screen::Attract);
  f.act(UiAction{Act::AskHelp});
  CHECK(f.view().screen == Screen::HelpTopics);
  f.act(UiAction{Act::PickTopic, 1});
  auto v = f.view();
  REQUIRE(v.screen == Screen::HelpWhen);
  CHECK(v.help.topic == mediation::HelpTopic::Caf);
  CHECK(v.help.offered);
  // Tuesdays 10 and 17 March, four 45-minute slots each (14:00 … 16:15).
  REQUIRE(v.help.days.size() == 2);
  CHECK(v.help.days[0].day.day == 10);
  CHECK(v.help.days[0].free_slots == 4);
  CHECK(v.help.days[1].day.day == 17);
  CHECK_FALSE(v.help.days[0].today);
  // Both workshops, soonest first; the full one says so.
  REQUIRE(v.help.workshops.size() == 2);
  CHECK(v.help.workshops[0].start.day == 11);
  CHECK(v.help.workshops[0].seats_left == 1);
  CHECK(v.help.workshops[1].start.day == 12);
  CHECK(v.help.workshops[1].seats_left == 0);
  CHECK(v.help.contact_phone == "05 55 00 00 00");

  f.act(UiAction{Act::PickDay, 0});
  v = f.view();
  REQUIRE(v.screen == Screen::HelpTime);
  REQUIRE(v.help.times.size() == 4);
  CHECK(v.help.times[0].start.hour == 14);
  CHECK(v.help.times[0].start.minute == 0);
  CHECK(v.help.times[3].start.hour == 16);
  CHECK(v.help.times[3].start.minute == 15);
  CHECK(v.help.times[0].mediator == "Nadia");
  // Out-of-range taps change nothing.
  f.act(UiAction{Act::PickChoice, 9});
  CHECK(f.view().screen == Screen::HelpTime);
  // Back, one step at a time.
  f.act(UiAction{Act::Back});
  CHECK(f.view().screen == Screen::HelpWhen);
  f.act(UiAction{Act::Back});
  CHECK(f.view().screen == Screen::HelpTopics);
  f.act(UiAction{Act::Back});
  CHECK(f.view().screen == Screen::Attract);
}

TEST_CASE("a visitor without a badge books a slot with a first name and a phone", "[app][help]") {
  HelpFixture f;
  f.choose_time(1);  // 14:45
  // One step for both: the first name's box is chosen first.
  REQUIRE(f.view().screen == Screen::HelpContact);
  CHECK(f.view().help.ask_name);
  CHECK(f.view().help.focus == 0);
  f.act(UiAction{Act::FormEdit, -1, "Josiane "});
  CHECK(f.view().help.name == "Josiane ");
  f.act(UiAction{Act::FormFocus, 1});
  CHECK(f.view().help.focus == 1);

  // An incomplete number: told, nothing recorded, the name kept.
  f.act(UiAction{Act::FormEdit, -1, "06 12 34"});
  CHECK(f.view().help.phone == "06 12 34");
  CHECK(f.view().help.name == "Josiane ");
  f.act(UiAction{Act::Confirm});
  CHECK(f.view().screen == Screen::HelpContact);
  CHECK_FALSE(f.view().help.error.empty());
  CHECK(f.help_events().empty());

  f.act(UiAction{Act::FormEdit, -1, "06 12 34 56 78"});
  CHECK(f.view().help.error.empty());
  f.act(UiAction{Act::Confirm});
  auto v = f.view();
  REQUIRE(v.screen == Screen::HelpTicket);
  // Nothing typed stays in the view once the request is made.
  CHECK(v.help.name.empty());
  CHECK(v.help.phone.empty());
  CHECK(v.help.ticket.topic == mediation::HelpTopic::Caf);
  CHECK(v.help.ticket.pending);
  CHECK_FALSE(v.help.ticket.workshop);
  CHECK(v.help.ticket.start.day == 10);
  CHECK(v.help.ticket.start.hour == 14);
  CHECK(v.help.ticket.start.minute == 45);
  CHECK(v.help.ticket.minutes == 45);
  CHECK(v.help.ticket.mediator == "Nadia");
  CHECK(v.help.ticket.first_name == "Josiane");
  CHECK(v.help.ticket.reminders);
  CHECK(v.help.ticket.place == "Tiers-lieu de démonstration, 2 rue de la Gare");
  CHECK_FALSE(v.help.ticket.refusal);

  // The intent waits in the outbox with the phone; the local copy keeps no phone.
  const auto events = f.help_events();
  REQUIRE(events.size() == 1);
  const auto& e = events.front();
  CHECK(e.type_id == kIndividualType);
  CHECK(e.mediator_id == kNadia);
  REQUIRE(e.start);
  CHECK(*e.start == from_paris(2026, 3, 10, 14, 45));
  REQUIRE(e.participant);
  CHECK(e.participant->first_name == "Josiane");
  CHECK(e.participant->phone == std::optional<std::string>("+33612345678"));
  CHECK(e.participant->reminders);
  CHECK(e.participant->topics == std::vector{mediation::HelpTopic::Caf});
  CHECK_FALSE(e.participant->member_id);
  REQUIRE(e.appointment_id);
  // The QR code carries the event itself (strings_help ticket_ics), not a link.
  CHECK(v.qr_url.empty());
  CHECK(v.help.ticket.id == *e.appointment_id);
  CHECK(v.help.ticket.start_at == from_paris(2026, 3, 10, 14, 45));
  CHECK(v.help.ticket.booked_at == f.t);
  const auto stored = f.store.find_appointment(*e.appointment_id);
  REQUIRE(stored);
  REQUIRE(stored->appointment.participants.size() == 1);
  CHECK_FALSE(stored->appointment.participants[0].phone);
  CHECK(f.store.appointment_pending(*e.appointment_id) == std::optional<bool>(true));

  // The slot is no longer offered here, at once.
  f.act(UiAction::Home);
  f.act(UiAction{Act::AskHelp});
  f.act(UiAction{Act::PickTopic, 0});
  CHECK(f.view().help.days[0].free_slots == 3);

  SECTION("the server confirms: the ticket says so by itself") {
    f.app.on_action(UiAction::Home, f.t);
    // Back on the ticket (as if still there), then the answer arrives.
    f.choose_time(0);
    f.act(UiAction{Act::HelpSkipContact});
    const auto second = f.help_events().back();
    auto rec = *f.store.find_appointment(*second.appointment_id);
    f.server_sends(rec);
    CHECK_FALSE(f.view().help.ticket.pending);
    CHECK_FALSE(f.view().help.ticket.refusal);
  }
  SECTION("the server refuses: the ticket says why") {
    auto rec = *f.store.find_appointment(*e.appointment_id);
    f.choose_time(0);
    f.act(UiAction{Act::HelpSkipContact});
    const auto second = f.help_events().back();
    rec = *f.store.find_appointment(*second.appointment_id);
    rec.appointment.cancelled = true;
    rec.refusal = mediation::HelpRefusal::Taken;
    rec.appointment.participants[0].status = mediation::ParticipantStatus::Revoked;
    f.server_sends(rec);
    CHECK(f.view().help.ticket.refusal == mediation::HelpRefusal::Taken);
    CHECK_FALSE(f.view().help.ticket.pending);
  }
}

TEST_CASE("without a name and without a phone", "[app][help]") {
  HelpFixture f;
  f.choose_time(0);
  f.act(UiAction{Act::FormEdit, -1, "Ignoré"});
  f.act(UiAction{Act::FormFocus, 1});
  f.act(UiAction{Act::FormEdit, -1, "06 12"});
  // « Sans nom ni numéro »: what was typed is dropped, the ticket at once.
  f.act(UiAction{Act::HelpSkipContact});
  const auto v = f.view();
  REQUIRE(v.screen == Screen::HelpTicket);
  CHECK(v.help.ticket.first_name.empty());
  CHECK_FALSE(v.help.ticket.reminders);
  const auto events = f.help_events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].participant->first_name.empty());
  CHECK_FALSE(events[0].participant->phone);
  CHECK_FALSE(events[0].participant->reminders);
  CHECK(mediation::is_anonymous(*events[0].participant));
}

TEST_CASE("a slot taken meanwhile is not booked twice", "[app][help]") {
  HelpFixture f;
  f.act(UiAction{Act::AskHelp});
  f.act(UiAction{Act::PickTopic, 2});
  f.act(UiAction{Act::PickDay, 0});
  f.act(UiAction{Act::PickChoice, 0});  // 14:00
  // Another kiosk's request for 14:00 reaches this one before « Valider ».
  sync::AppointmentRecord other;
  other.appointment.id = "99999999-9999-4999-8999-999999999999";
  other.appointment.site_id = 1;
  other.appointment.type_id = kIndividualType;
  other.appointment.mediator_id = kNadia;
  other.appointment.start = from_paris(2026, 3, 10, 14, 0);
  other.appointment.duration = 45min;
  other.appointment.participants = {someone("44444444-4444-4444-8444-444444444444", "Paul", f.t)};
  f.server_sends(other);
  f.act(UiAction{Act::HelpSkipContact});
  const auto v = f.view();
  CHECK(v.screen == Screen::HelpWhen);
  CHECK_FALSE(v.help.error.empty());
  CHECK(v.help.days[0].free_slots == 3);
  CHECK(f.help_events().empty());
}

TEST_CASE("workshops: a seat, or the waiting list when full", "[app][help]") {
  HelpFixture f;
  f.act(UiAction{Act::AskHelp});
  f.act(UiAction{Act::PickTopic, 5});
  SECTION("a seat is free") {
    f.act(UiAction{Act::PickWorkshop, 0});
    REQUIRE(f.view().screen == Screen::HelpContact);
    f.act(UiAction{Act::FormEdit, -1, "Gisèle"});
    f.act(UiAction{Act::Confirm});  // a name, no phone
    const auto v = f.view();
    REQUIRE(v.screen == Screen::HelpTicket);
    CHECK(v.help.ticket.workshop);
    CHECK(v.help.ticket.title == "Découvrir la messagerie");
    CHECK_FALSE(v.help.ticket.waiting);
    const auto events = f.help_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].appointment_id == std::optional<std::string>(kOpenWorkshop));
    CHECK_FALSE(events[0].start);  // joining, not a new appointment
    // The workshop is full now, here too.
    f.act(UiAction::Home);
    f.act(UiAction{Act::AskHelp});
    f.act(UiAction{Act::PickTopic, 5});
    CHECK(f.view().help.workshops[0].seats_left == 0);
  }
  SECTION("full: on the waiting list") {
    f.act(UiAction{Act::PickWorkshop, 1});
    f.act(UiAction{Act::HelpSkipContact});
    const auto v = f.view();
    REQUIRE(v.screen == Screen::HelpTicket);
    CHECK(v.help.ticket.waiting);
    const auto rec = f.store.find_appointment(kFullWorkshop);
    REQUIRE(rec);
    REQUIRE(rec->appointment.participants.size() == 3);
    CHECK(rec->appointment.participants.back().waiting);
  }
}

TEST_CASE("a member asks for help from their menu: no name to type", "[app][help]") {
  HelpFixture f;
  f.app.on_badge(*BadgeUid::parse("04A1B2C3"), f.t);  // Marie
  REQUIRE(f.view().screen == Screen::Greeting);
  f.choose_time(2);
  // The phone only: the member is known.
  REQUIRE(f.view().screen == Screen::HelpContact);
  CHECK_FALSE(f.view().help.ask_name);
  CHECK(f.view().help.focus == 1);
  f.act(UiAction{Act::FormFocus, 0});  // no name box to choose
  CHECK(f.view().help.focus == 1);
  f.act(UiAction{Act::HelpSkipContact});
  const auto v = f.view();
  REQUIRE(v.screen == Screen::HelpTicket);
  CHECK(v.help.ticket.first_name == "Marie");
  const auto events = f.help_events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].participant->member_id == std::optional<std::int64_t>(1));
  CHECK(events[0].participant->first_name.empty());  // the server knows the member
  f.act(UiAction::Home);
}

TEST_CASE("the help flow times out to attract and forgets what was typed", "[app][help]") {
  HelpFixture f;
  f.choose_time(0);
  f.act(UiAction{Act::FormEdit, -1, "Josiane"});
  f.act(UiAction{Act::FormFocus, 1});
  f.act(UiAction{Act::FormEdit, -1, "06"});
  CHECK(f.view().help.name == "Josiane");
  // Typing keeps the screen alive; silence does not.
  CHECK_FALSE(f.app.on_tick(f.t + 30s));
  CHECK(f.app.on_tick(f.t + 46s));
  const auto v = f.app.view(f.t + 46s);
  CHECK(v.screen == Screen::Attract);
  CHECK(v.help.name.empty());
  CHECK(v.help.phone.empty());
  CHECK(v.help.days.empty());
}

TEST_CASE("no help agenda synced: the visitor is told to ask at the desk", "[app][help]") {
  testing::TempFolder dir{"escale-help-empty"};
  LocalStore store{dir / "kiosk.db"};
  store.apply(testing::booking_sync(""));
  KioskApp app{store, KioskSettings{}};
  const Instant t = from_paris(2026, 3, 9, 10, 0);
  app.refresh(t);
  app.on_action(UiAction{Act::AskHelp}, t);
  app.on_action(UiAction{Act::PickTopic, 0}, t);
  const auto v = app.view(t);
  CHECK(v.screen == Screen::HelpWhen);
  CHECK_FALSE(v.help.offered);
  CHECK(v.help.days.empty());
  CHECK(v.help.workshops.empty());
}

TEST_CASE("a help request made offline survives a restart and goes out once", "[app][help]") {
  testing::TempFolder dir{"escale-help-restart"};
  const Instant t = from_paris(2026, 3, 9, 10, 0);
  std::string appointment_id;
  {
    LocalStore store{dir / "kiosk.db"};
    store.apply(agenda_sync(t));
    KioskApp app{store, KioskSettings{}};
    app.refresh(t);
    for (const UiAction& a : {UiAction{Act::AskHelp}, UiAction{Act::PickTopic, 0}, UiAction{Act::PickDay, 0},
                              UiAction{Act::PickChoice, 3}, UiAction{Act::HelpSkipContact}}) {
      app.on_action(a, t);
    }
    REQUIRE(app.view(t).screen == Screen::HelpTicket);
  }
  LocalStore again{dir / "kiosk.db"};
  auto events = again.pending_events(100);
  std::erase_if(events, [](const sync::Event& e) { return e.type != sync::EventType::HelpRequest; });
  REQUIRE(events.size() == 1);
  REQUIRE(events[0].appointment_id);
  CHECK(again.find_appointment(*events[0].appointment_id));
  // Acknowledged: it leaves the outbox; the appointment stays until the server's copy replaces it.
  sync::SyncResponse r;
  r.server_time = t;
  r.cursor = again.cursor() + 1;
  r.acks = {{events[0].id, sync::AckStatus::Stored, ""}};
  again.apply(r);
  CHECK(again.pending_count() == 0);
}

TEST_CASE("a help request the server rejects outright is not left pending", "[app][help]") {
  HelpFixture f;
  f.choose_time(0);
  f.act(UiAction{Act::HelpSkipContact});
  REQUIRE(f.view().screen == Screen::HelpTicket);
  const auto e = f.help_events().front();
  sync::SyncResponse r;
  r.server_time = f.t;
  r.cursor = f.store.cursor() + 1;
  r.acks = {
      {e.id, sync::AckStatus::Rejected, "Demande d’aide refusée : ce type de rendez-vous n’est pas proposé ici."}};
  f.store.apply(r);
  f.app.refresh(f.t);
  const auto v = f.view();
  CHECK_FALSE(v.help.ticket.pending);
  CHECK(v.help.ticket.refusal.has_value());
  CHECK(f.store.appointment_pending(*e.appointment_id) == std::optional<bool>(false));
  CHECK(f.store.pending_count() == 0);
  // Its slot is offered again.
  f.act(UiAction::Home);
  f.act(UiAction{Act::AskHelp});
  f.act(UiAction{Act::PickTopic, 0});
  CHECK(f.view().help.days[0].free_slots == 4);
}

TEST_CASE("back from the name and phone step: to the times, or to the workshops", "[app][help]") {
  HelpFixture f;
  f.choose_time(0);
  f.act(UiAction{Act::FormEdit, -1, "Jo"});
  f.act(UiAction{Act::Back});
  CHECK(f.view().screen == Screen::HelpTime);
  // Coming back: what was typed is still there.
  f.act(UiAction{Act::PickChoice, 0});
  CHECK(f.view().screen == Screen::HelpContact);
  CHECK(f.view().help.name == "Jo");
  f.act(UiAction{Act::Back});
  f.act(UiAction{Act::Back});
  f.act(UiAction{Act::PickWorkshop, 0});
  REQUIRE(f.view().screen == Screen::HelpContact);
  f.act(UiAction{Act::Back});
  CHECK(f.view().screen == Screen::HelpWhen);
  CHECK(f.help_events().empty());
}

TEST_CASE("the help ticket stays until « J’ai noté », or three minutes", "[app][help]") {
  HelpFixture f;
  f.choose_time(0);
  f.act(UiAction{Act::HelpSkipContact});
  REQUIRE(f.view().screen == Screen::HelpTicket);
  const Instant shown = f.t;
  // Before: the booking screens' 45 s, the ticket gone after 21–46 s.
  CHECK_FALSE(f.app.on_tick(shown + 46s));
  CHECK_FALSE(f.app.on_tick(shown + 179s));
  CHECK(f.app.next_deadline() == std::optional<Instant>(shown + 180s));
  CHECK(f.view().screen == Screen::HelpTicket);
  CHECK(f.app.on_tick(shown + 180s));
  CHECK(f.app.view(shown + 180s).screen == Screen::Attract);

  // « J’ai noté »: the attract screen at once, nothing personal left.
  f.t = shown + 200s;
  f.choose_time(1);
  f.act(UiAction{Act::FormEdit, -1, "Josiane"});
  f.act(UiAction{Act::Confirm});
  REQUIRE(f.view().help.ticket.first_name == "Josiane");
  f.act(UiAction::Home);
  const auto v = f.view();
  CHECK(v.screen == Screen::Attract);
  CHECK(v.help.ticket.first_name.empty());
  CHECK_FALSE(v.help.ticket.topic);
}

TEST_CASE("a help ticket is handed to the printer once", "[app][help][printer]") {
  HelpFixture f;
  CHECK_FALSE(f.app.take_ticket_to_print());
  f.choose_time(1);
  CHECK_FALSE(f.app.take_ticket_to_print());  // nothing before the request
  f.act(UiAction{Act::FormEdit, -1, "Josiane"});
  f.act(UiAction{Act::FormFocus, 1});
  f.act(UiAction{Act::FormEdit, -1, "0612345678"});
  f.act(UiAction{Act::Confirm});
  const auto printed = f.app.take_ticket_to_print();
  REQUIRE(printed);
  CHECK(printed->language == Language::French);
  CHECK(printed->contact_phone == "05 55 00 00 00");
  CHECK(printed->ticket.first_name == "Josiane");
  CHECK(printed->ticket.reminders);
  CHECK(printed->ticket.topic == mediation::HelpTopic::Caf);
  CHECK(printed->ticket.start_at == f.view().help.ticket.start_at);
  CHECK_FALSE(f.app.take_ticket_to_print());  // once
  // A sync that confirms it changes the screen, and prints nothing again.
  const auto e = f.help_events().back();
  f.server_sends(*f.store.find_appointment(*e.appointment_id));
  CHECK_FALSE(f.view().help.ticket.pending);
  CHECK_FALSE(f.app.take_ticket_to_print());

  // In English, a workshop.
  f.act(UiAction::Home);
  f.act(UiAction::ToggleLanguage);
  f.act(UiAction{Act::AskHelp});
  f.act(UiAction{Act::PickTopic, 5});
  f.act(UiAction{Act::PickWorkshop, 0});
  f.act(UiAction{Act::HelpSkipContact});
  const auto workshop = f.app.take_ticket_to_print();
  REQUIRE(workshop);
  CHECK(workshop->language == Language::English);
  CHECK(workshop->ticket.workshop);
  CHECK(workshop->ticket.title == "Découvrir la messagerie");
}
