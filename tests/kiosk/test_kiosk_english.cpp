// Issue 15: the kiosk in English covers the words the server sends. A
// resource's name and equipment and a workshop's title show in English when
// staff gave them, else in French followed by « (in French) »; French shows
// French whatever was given. Times in English read "2:32 pm" (a no-break space), not « 14 h 32 ».
// The local store keeps the English words (migration 7) and a sync without
// them (an older server) leaves them empty.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/kiosk_app.hpp"
#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"
#include "ui/strings.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  testing::TempFolder dir{"escale-english"};
  LocalStore store{dir / "kiosk.db"};
  std::optional<KioskApp> app;
  Instant t = from_paris(2026, 3, 9, 10, 0);  // Monday 9 March 2026, 10:00

  Fixture() {
    auto sync = testing::agenda_sync(t);
    // Desk 1 and the visio room have English words; desks 2 and 3 do not.
    for (auto& r : sync.resources) {
      if (r.resource.id == 11) r.resource.name_en = "Desk 1";
      if (r.resource.id == 21) r.resource.name_en = "Video room";
    }
    // The open workshop has an English title; the full one does not.
    for (auto& rec : sync.appointments) {
      if (rec.appointment.id == testing::kOpenWorkshop) rec.appointment.title_en = "Discover e-mail";
    }
    store.apply(sync);
    app.emplace(store, KioskSettings{});
    app->refresh(t);
  }
  KioskView view() const { return app->view(t); }
  void act(UiAction a) {
    t += 2s;
    app->on_action(std::move(a), t);
  }
};

}  // namespace

TEST_CASE("the local store keeps a resource's English words", "[store][english]") {
  Fixture f;
  const auto resources = f.store.resources();
  const auto desk1 = std::find_if(resources.begin(), resources.end(), [](const Resource& r) { return r.id == 11; });
  const auto desk3 = std::find_if(resources.begin(), resources.end(), [](const Resource& r) { return r.id == 13; });
  REQUIRE(desk1 != resources.end());
  REQUIRE(desk3 != resources.end());
  CHECK(desk1->name_en == "Desk 1");
  CHECK(desk3->name_en.empty());
  CHECK(desk3->features == "grand écran");
  // Removed again by a sync without them (staff erased them).
  sync::SyncResponse r;
  r.server_time = f.t;
  r.cursor = f.store.cursor() + 1;
  sync::ResourceRecord rec;
  rec.resource = *desk1;
  rec.resource.name_en.clear();
  r.resources = {rec};
  f.store.apply(r);
  for (const auto& res : f.store.resources()) {
    if (res.id == 11) CHECK(res.name_en.empty());
  }
}

TEST_CASE("the desk grid in English: English names, or French ones marked", "[app][english]") {
  Fixture f;
  f.app->on_badge(*BadgeUid::parse("04A1B2C3"), f.t);  // Marie
  f.act({Act::BookDesk});
  f.act({Act::PickDay, 1});
  REQUIRE(f.view().screen == Screen::BookDeskGrid);
  // French: the French words, whatever was given.
  auto rows = f.view().grid.rows;
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].resource_name == "Bureau 1");
  CHECK(rows[1].resource_name == "Bureau 2");
  CHECK(rows[2].features == "grand écran");
  f.act({Act::ToggleLanguage});
  rows = f.view().grid.rows;
  CHECK(rows[0].resource_name == "Desk 1");
  CHECK(rows[1].resource_name == "Bureau 2 (in French)");
  CHECK(rows[2].resource_name == "Bureau 3 (in French)");
  CHECK(rows[2].features == "grand écran (in French)");
  // The question names the desk in English too.
  f.act({Act::PickCell, 0 * 3 + 0});
  auto v = f.view();
  REQUIRE(v.screen == Screen::BookConfirm);
  REQUIRE(v.booking.has_value());
  CHECK(v.booking->resource_name == "Desk 1");
  CHECK(ui::book_question(*v.booking, v.language).find("Desk\u00A01") != std::string::npos);  // no break before 1
  // Back in French, French again.
  f.act({Act::ToggleLanguage});
  CHECK(f.view().booking->resource_name == "Bureau 1");
}

TEST_CASE("workshops in English: the English title, or the French one marked", "[app][english][help]") {
  Fixture f;
  f.act({Act::ToggleLanguage});
  f.act({Act::AskHelp});
  f.act({Act::PickTopic, 5});
  auto v = f.view();
  REQUIRE(v.screen == Screen::HelpWhen);
  REQUIRE(v.help.workshops.size() == 2);
  std::vector<std::string> titles;
  for (const auto& w : v.help.workshops) titles.push_back(w.title);
  CHECK(std::find(titles.begin(), titles.end(), "Discover e-mail") != titles.end());
  CHECK(std::find(titles.begin(), titles.end(), "Découvrir la messagerie (in French)") != titles.end());
  // The ticket too.
  const auto open = std::find(titles.begin(), titles.end(), "Discover e-mail") - titles.begin();
  f.act({Act::PickWorkshop, static_cast<int>(open)});
  f.act({Act::HelpSkipContact});  // « No name or number »
  v = f.view();
  REQUIRE(v.screen == Screen::HelpTicket);
  CHECK(v.help.ticket.title == "Discover e-mail");
  f.act({Act::ToggleLanguage});
  CHECK(f.view().help.ticket.title == "Découvrir la messagerie");
}

TEST_CASE("times in English read like 2:32 pm, never « 14 h 32 »", "[strings][english]") {
  const Language en = Language::English;
  const LocalTime t{2026, 3, 10, 2, 14, 32, 0, 60};
  const LocalTime noon{2026, 3, 10, 2, 12, 4, 0, 60};
  const LocalTime nine{2026, 3, 10, 2, 9, 0, 0, 60};
  CHECK(format_time(t, en) == "2:32\u00A0pm");
  CHECK(format_time(noon, en) == "12:04\u00A0pm");
  CHECK(format_time(nine, en) == "9\u00A0am");
  CHECK(ui::last_sync_line(t, en) == "Last synchronised: 2:32\u00A0pm.");
  CHECK(ui::present_since(nine, en).find("9\u00A0am") != std::string::npos);
  CHECK(ui::pin_locked(t, en).find("2:32\u00A0pm") != std::string::npos);
  DoneMessage placed{DoneKind::HelpPlaced, "Nadia", std::nullopt, t};
  CHECK(ui::done_sentence(placed, en) == "Appointment made now: 2:32\u00A0pm with Nadia.");
  DoneMessage in{DoneKind::LetIn, "Marie Dupont", std::nullopt, nine};
  CHECK(ui::done_sentence(in, en) == "Arrival of Marie Dupont recorded at 9\u00A0am.");
  DoneMessage already{DoneKind::AlreadyIn, "Marie Dupont", std::nullopt, noon};
  CHECK(ui::done_sentence(already, en) == "Marie Dupont has been here since 12:04\u00A0pm. Nothing more is recorded.");
  // Every sentence the kiosk builds around a time, in English: no « h ».
  BookingLine b;
  b.resource_name = "Desk 3";
  b.start = nine;
  b.end = t;
  for (const std::string& s :
       {ui::time_range(nine, t, en), ui::booking_summary(b, en), ui::book_question(b, en), ui::checked_in_on(b, en),
        ui::arrival_recorded_at(nine, en), ui::move_question("Zoé Garnier", b, en),
        ui::move_visio_duration_title("Zoé Garnier", nine, en), ui::visio_duration_title(t, en)}) {
    INFO(s);
    CHECK(s.find("\u202Fh") == std::string::npos);
    CHECK(s.find(" h ") == std::string::npos);
  }
}

TEST_CASE("migration 7: a kiosk of the previous version keeps its resources and pulls everything again",
          "[store][english]") {
  testing::TempFolder dir("escale-english-migrate");
  {
    LocalStore store(dir / "k.db");
    store.apply(testing::booking_sync(""));
    store.record_walk_in(now());
    REQUIRE(store.cursor() == 10);
    // Back to schema 6, as the previous version left it.
    store.database().exec(testing::kUndoMigrations8And9);
    store.database().exec(
        "ALTER TABLE resources DROP COLUMN name_en; ALTER TABLE resources DROP COLUMN features_en; "
        "PRAGMA user_version = 6;");
  }
  LocalStore store(dir / "k.db");
  CHECK(store.database().user_version() == 9);
  const auto resources = store.resources();
  REQUIRE(resources.size() == 4);
  for (const auto& r : resources) CHECK(r.name_en.empty());
  CHECK(store.pending_count() == 1);  // nothing lost
  // Everything again at the next exchange: the English words given meanwhile come with it.
  CHECK(store.cursor() == 0);
}
