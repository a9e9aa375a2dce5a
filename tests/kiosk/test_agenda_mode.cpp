// Animator mode's help agenda, driven through KioskApp against a real local
// store: today's appointments one row per participant, marking who came, the
// activity record (CRA) pre-filled from what the person asked for, a request
// on the spot placed in the next free slot — each attributed to the animator.
#include <catch2/catch.hpp>

#include <algorithm>

#include "animator_fixture.hpp"
#include "app/kiosk_app.hpp"
#include "auth/pin.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kAgnes = 3;
constexpr const char* kJosianeAppointment = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
constexpr const char* kJosiane = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";
constexpr const char* kAnonymousAppointment = "cccccccc-3333-4333-8333-cccccccccccc";
constexpr const char* kAnonymous = "dddddddd-4444-4444-8444-dddddddddddd";

sync::AppointmentRecord individual(const char* id, const char* participant, const char* first_name, Instant start,
                                   std::vector<mediation::HelpTopic> topics) {
  sync::AppointmentRecord rec;
  auto& a = rec.appointment;
  a.id = id;
  a.site_id = 1;
  a.type_id = testing::kIndividualType;
  a.mediator_id = testing::kNadia;
  a.start = start;
  a.duration = 45min;
  auto p = testing::someone(participant, first_name, start - 48h);
  p.topics = std::move(topics);
  a.participants = {p};
  return rec;
}

struct AgendaFixture {
  testing::TempFolder dir{"escale-agenda-mode"};
  LocalStore store{dir / "kiosk.db"};
  std::optional<KioskApp> app;
  Instant t = from_paris(2026, 3, 10, 13, 0);  // Tuesday 10 March 2026: Nadia's help afternoon

  AgendaFixture() {
    auto r = testing::agenda_sync(t, testing::agnes_pin_hash());
    r.appointments.push_back(individual(kJosianeAppointment, kJosiane, "Josiane", from_paris(2026, 3, 10, 14, 0),
                                        {mediation::HelpTopic::Caf}));
    r.appointments.push_back(individual(kAnonymousAppointment, kAnonymous, "", from_paris(2026, 3, 10, 14, 45),
                                        {mediation::HelpTopic::Taxes}));
    store.apply(r);
    app.emplace(store, KioskSettings{});
    app->refresh(t);
    app->on_badge(*BadgeUid::parse("5E6F7081"), t);
    app->on_action({Act::PinSubmit, -1, "2468"}, t);
    REQUIRE(app->screen() == Screen::AnimatorHome);
  }
  KioskView view() const { return app->view(t); }
  void act(UiAction a) { app->on_action(std::move(a), t); }
  std::vector<sync::Event> events(sync::EventType type) {
    auto all = store.pending_events(1000);
    std::erase_if(all, [&](const sync::Event& e) { return e.type != type; });
    return all;
  }
  const ChoiceGroup& group(const std::string& key) const {
    static const ChoiceGroup none;
    const auto& groups = app->view(t).activity.groups;
    for (const auto& g : groups) {
      if (g.key == key) return const_cast<ChoiceGroup&>(g);
    }
    return none;
  }
  int group_index(const std::string& key) const {
    const auto& groups = app->view(t).activity.groups;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      if (groups[i].key == key) return static_cast<int>(i);
    }
    return -1;
  }
  std::vector<std::string> selected(const std::string& key) const {
    std::vector<std::string> out;
    for (const auto& g : app->view(t).activity.groups) {
      if (g.key != key) continue;
      for (const auto& i : g.items) {
        if (i.selected) out.push_back(i.code);
      }
    }
    return out;
  }
};

}  // namespace

TEST_CASE("the animator's home counts today's help appointments, the agenda lists each person", "[app][agenda]") {
  AgendaFixture f;
  CHECK(f.view().agenda_today == 2);
  f.act(UiAction{Act::ShowAgenda});
  const auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorAgenda);
  REQUIRE(v.agenda.size() == 2);
  CHECK(v.agenda[0].who == "Josiane");
  CHECK(v.agenda[0].what == "Aide aux démarches en ligne");
  CHECK(v.agenda[0].mediator == "Nadia");
  CHECK(v.agenda[0].start.hour == 14);
  CHECK(v.agenda[0].topics == std::vector{mediation::HelpTopic::Caf});
  CHECK(v.agenda[0].status == mediation::ParticipantStatus::Unknown);
  CHECK_FALSE(v.agenda[0].past);
  CHECK(v.agenda[1].who.empty());
  CHECK(v.agenda[1].start.minute == 45);
  // 15:30 and 16:15 are still free today.
  CHECK(v.agenda_free_now == 2);
  f.act(UiAction{Act::Back});
  CHECK(f.view().screen == Screen::AnimatorHome);
}

TEST_CASE("marking who came, and the activity record pre-filled from what was asked", "[app][agenda]") {
  AgendaFixture f;
  f.t = from_paris(2026, 3, 10, 14, 50);
  f.act(UiAction{Act::ShowAgenda});
  f.act(UiAction{Act::MarkSeen, 0});
  f.act(UiAction{Act::MarkNoShow, 1});
  auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorAgenda);
  CHECK(v.agenda[0].status == mediation::ParticipantStatus::Seen);
  CHECK(v.agenda[1].status == mediation::ParticipantStatus::NoShow);
  CHECK(v.agenda[0].past);
  const auto statuses = f.events(sync::EventType::ParticipantStatusChange);
  REQUIRE(statuses.size() == 2);
  CHECK(statuses[0].appointment_id == std::optional<std::string>(kJosianeAppointment));
  CHECK(statuses[0].participant_id == std::optional<std::string>(kJosiane));
  CHECK(statuses[0].participant_status == mediation::ParticipantStatus::Seen);
  CHECK(statuses[0].by_member_id == std::optional<std::int64_t>(kAgnes));
  CHECK(statuses[1].participant_status == mediation::ParticipantStatus::NoShow);
  // Out-of-range rows change nothing.
  f.act(UiAction{Act::MarkSeen, 7});
  CHECK(f.events(sync::EventType::ParticipantStatusChange).size() == 2);

  f.act(UiAction{Act::OpenActivity, 0});
  v = f.view();
  REQUIRE(v.screen == Screen::AnimatorActivity);
  CHECK_THAT(v.activity.subject, Catch::Contains("Josiane"));
  // CAF suggests help with procedures and the family theme; 45 minutes; on site.
  CHECK(f.selected("themes") == std::vector<std::string>{"aide_aux_demarches_administratives"});
  CHECK(f.selected("admin_themes") == std::vector<std::string>{"famille_scolarite"});
  CHECK(f.selected("duration") == std::vector<std::string>{"45"});
  CHECK(f.selected("place") == std::vector<std::string>{"lieu_activite"});
  // France Services (issue 19): the CAF pre-ticked from her topic; no cheque unless told.
  CHECK(f.selected("partners") == std::vector<std::string>{"caf"});
  CHECK(f.selected("cheques") == std::vector<std::string>{"0"});

  SECTION("partners and APTIC cheques: what the mediator ticks is recorded") {
    const int partners = f.group_index("partners");
    const int cheques = f.group_index("cheques");
    REQUIRE(partners >= 0);
    REQUIRE(cheques >= 0);
    const auto& items = f.view().activity.groups[static_cast<std::size_t>(partners)].items;
    REQUIRE(items.size() == 10);
    CHECK(items[1].label == "CAF");
    f.act(UiAction{Act::ToggleChoice, partners * 1000 + 9});  // Chèque énergie too
    f.act(UiAction{Act::ToggleChoice, cheques * 1000 + 2});   // two cheques
    f.act(UiAction{Act::ToggleChoice, cheques * 1000 + 2});   // tapped again: a required choice stays
    CHECK(f.selected("cheques") == std::vector<std::string>{"2"});
    f.act(UiAction{Act::FormSubmit});
    REQUIRE(f.view().screen == Screen::AnimatorDone);
    const auto records = f.events(sync::EventType::ActivityRecorded);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].activity);
    CHECK(records[0].activity->partners == std::vector<std::string>{"caf", "cheque_energie"});
    CHECK(records[0].activity->cheques == 2);
    CHECK(records[0].activity->cheque_numbers.empty());  // typed later, from the API
  }
  SECTION("no partner ticked: none recorded (the server counts the themes' default)") {
    const int partners = f.group_index("partners");
    f.act(UiAction{Act::ToggleChoice, partners * 1000 + 1});  // the CAF unticked
    f.act(UiAction{Act::FormSubmit});
    const auto records = f.events(sync::EventType::ActivityRecorded);
    REQUIRE(records.size() == 1);
    CHECK(records[0].activity->partners.empty());
    CHECK(records[0].activity->cheques == 0);
  }
  SECTION("no theme: told, nothing recorded") {
    const int themes = f.group_index("themes");
    const int admin = f.group_index("admin_themes");
    const auto& general = f.view().activity.groups[static_cast<std::size_t>(themes)].items;
    for (std::size_t i = 0; i < general.size(); ++i) {
      if (general[i].selected) f.act(UiAction{Act::ToggleChoice, themes * 1000 + static_cast<int>(i)});
    }
    const auto& administrative = f.view().activity.groups[static_cast<std::size_t>(admin)].items;
    for (std::size_t i = 0; i < administrative.size(); ++i) {
      if (administrative[i].selected) f.act(UiAction{Act::ToggleChoice, admin * 1000 + static_cast<int>(i)});
    }
    f.act(UiAction{Act::FormSubmit});
    CHECK(f.view().screen == Screen::AnimatorActivity);
    CHECK_FALSE(f.view().activity.error.empty());
    CHECK(f.events(sync::EventType::ActivityRecorded).empty());
  }
  SECTION("recorded with what the mediator chose") {
    // A single choice moves; a multiple one adds.
    const int duration = f.group_index("duration");
    const int equipment = f.group_index("equipment");
    const int age = f.group_index("age");
    REQUIRE(duration >= 0);
    REQUIRE(equipment >= 0);
    REQUIRE(age >= 0);
    f.act(UiAction{Act::ToggleChoice, duration * 1000 + 3});  // 60 min
    f.act(UiAction{Act::ToggleChoice, equipment * 1000 + 0});
    f.act(UiAction{Act::ToggleChoice, equipment * 1000 + 1});
    f.act(UiAction{Act::ToggleChoice, age * 1000 + 5});
    // La Coop's seven structures, none chosen at first (issue 19).
    const int redirection = f.group_index("redirection");
    REQUIRE(redirection >= 0);
    const KioskView form = f.view();  // (group() would point into a view gone at once)
    const auto& offered = form.activity.groups[static_cast<std::size_t>(redirection)].items;
    std::vector<std::string> codes;
    for (const auto& item : offered) codes.push_back(item.code);
    CHECK(codes == std::vector<std::string>{"administration", "mediation_numerique", "operateur_ou_organisme_en_charge",
                                            "aide_sociale", "insertion_professionnelle",
                                            "aide_aux_demarches_administratives", "autre"});
    REQUIRE(offered.size() == 7);
    CHECK(offered[5].label == "Structure d’aide aux démarches administratives (France Services…)");
    CHECK(f.selected("redirection").empty());
    f.act(UiAction{Act::ToggleChoice, redirection * 1000 + 5});
    CHECK(f.selected("duration") == std::vector<std::string>{"60"});
    CHECK(f.selected("equipment").size() == 2);
    f.act(UiAction{Act::FormFocus, 0});
    f.act(UiAction{Act::FormEdit, -1, "21425x"});
    f.act(UiAction{Act::FormFocus, 1});
    f.act(UiAction{Act::FormEdit, -1, "Dossier CAF à finir"});
    f.act(UiAction{Act::FormSubmit});
    REQUIRE(f.view().screen == Screen::AnimatorDone);
    CHECK(f.view().done.kind == DoneKind::ActivityRecorded);
    const auto records = f.events(sync::EventType::ActivityRecorded);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].activity);
    const auto& r = *records[0].activity;
    CHECK(r.appointment_id == kJosianeAppointment);
    CHECK(r.participant_id == kJosiane);
    CHECK(r.mediator_id == testing::kNadia);
    CHECK(r.duration == 60min);
    CHECK(r.themes == std::vector<std::string>{"aide_aux_demarches_administratives", "famille_scolarite"});
    CHECK(r.equipment.size() == 2);
    CHECK(r.home_insee == std::optional<std::string>("21425"));
    CHECK(r.note == "Dossier CAF à finir");
    CHECK(r.redirection == std::optional<std::string>("aide_aux_demarches_administratives"));
    CHECK_FALSE(r.redirection_detail.has_value());
    CHECK(r.age_bracket == "soixante_soixante_neuf");
    CHECK_FALSE(r.anonymous);
    CHECK(records[0].by_member_id == std::optional<std::int64_t>(kAgnes));
    // The agenda shows it done.
    f.act(UiAction{Act::ShowAgenda});
    CHECK(f.view().agenda[0].recorded);
    CHECK_FALSE(f.view().agenda[1].recorded);
  }
}

TEST_CASE("someone waiting is placed in the next free slot, or told there is none", "[app][agenda]") {
  AgendaFixture f;
  f.t = from_paris(2026, 3, 10, 15, 10);
  f.act(UiAction{Act::ShowAgenda});
  f.act(UiAction{Act::AgendaWalkIn});
  auto v = f.view();
  REQUIRE(v.screen == Screen::AnimatorDone);
  CHECK(v.done.kind == DoneKind::HelpPlaced);
  // The time and the mediator; the screen words them in its language.
  CHECK(v.done.name == "Nadia");
  REQUIRE(v.done.since.has_value());
  CHECK(v.done.since->hour == 15);
  CHECK(v.done.since->minute == 30);
  const auto requests = f.events(sync::EventType::HelpRequest);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].start == std::optional<Instant>(from_paris(2026, 3, 10, 15, 30)));
  CHECK(requests[0].by_member_id == std::optional<std::int64_t>(kAgnes));
  CHECK(mediation::is_anonymous(*requests[0].participant));
  // The new appointment is in today's agenda at once.
  f.act(UiAction{Act::ShowAgenda});
  CHECK(f.view().agenda.size() == 3);

  f.t = from_paris(2026, 3, 10, 16, 30);  // 16:15 has begun: nothing left today
  f.act(UiAction{Act::ShowAgenda});
  f.act(UiAction{Act::AgendaWalkIn});
  CHECK(f.view().done.kind == DoneKind::NoFreeHelpSlot);
  CHECK(f.events(sync::EventType::HelpRequest).size() == 1);
}

TEST_CASE("agenda acts outside animator mode do nothing", "[app][agenda]") {
  testing::TempFolder dir{"escale-agenda-none"};
  LocalStore store{dir / "kiosk.db"};
  const Instant t = from_paris(2026, 3, 10, 13, 0);
  store.apply(testing::agenda_sync(t));
  KioskApp app{store, KioskSettings{}};
  app.refresh(t);
  for (const Act a : {Act::ShowAgenda, Act::AgendaWalkIn, Act::MarkSeen, Act::OpenActivity}) {
    app.on_action(UiAction{a, 0}, t);
    CHECK(app.screen() == Screen::Attract);
  }
  CHECK(store.pending_count() == 0);
}
