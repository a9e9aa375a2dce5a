#include "store/member_bookings.hpp"  // first: the header is self-contained

// Booking from « Mon espace » (issue 18): a part of a day at any free desk,
// the visio room for chosen times, weekly series (days in the advance window
// at once, public holidays skipped and listed, later days booked as they
// enter the window), each day confirmed or refused on its own with the
// kiosk's rules; and the pages over real HTTP, with a race for one desk.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "reminders/message_job.hpp"
#include "server_fixture.hpp"
#include "store/booking_waits.hpp"
#include "store/bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"
#include "web_fixture.hpp"

using namespace escale;
using namespace escale::server;
using status = tests::web_http::status;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// Monday 26 April 2027, 10:00 in Paris. Thursday 6 May 2027 is Ascension Day.
const Instant kMonday = from_paris(2027, 4, 26, 10, 0);
CivilDate date(const char* iso) {
  return *parse_iso_date(iso);
}

std::int64_t desk(tests::ServerDb& s, std::int64_t site, const char* name) {
  return add_resource(s.db, Resource{0, site, ResourceKind::Desk, name, 1, ""})->id;
}

int count_rows(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return static_cast<int>(st.int64(0));
}

int bookings_of(store::Database& db, std::int64_t member, const char* status) {
  auto st = db.prepare("SELECT count(*) FROM bookings WHERE member_id = ? AND status = ?");
  st.bind_all(member, status);
  REQUIRE(st.step());
  return static_cast<int>(st.int64(0));
}

}  // namespace

TEST_CASE("member bookings: a part of a day goes to the first free desk then the next", "[member-bookings]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto d1 = desk(s, site, "Bureau 1");
  const auto d2 = desk(s, site, "Bureau 2");
  const auto lucie = s.member(site, "Lucie", "Martin");
  const auto marc = s.member(site, "Marc", "Petit");
  const auto ines = s.member(site, "Inès", "Roy");
  const BookingWish morning{lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0};

  const auto tuesday = date("2027-04-27");
  auto a = book_wish(s.db, morning, tuesday, Actor{}, kMonday);
  REQUIRE(a.booking);
  CHECK(a.booking->resource_id == d1);
  CHECK(a.resource_name == "Bureau 1");
  CHECK(a.booking->start == from_paris(2027, 4, 27, 8, 30));
  CHECK(a.booking->end == from_paris(2027, 4, 27, 12, 30));
  auto b = book_wish(s.db, {marc, site, ResourceKind::Desk, BookingPart::Day, 0, 0}, tuesday, Actor{}, kMonday);
  REQUIRE(b.booking);
  CHECK(b.booking->resource_id == d2);
  // No desk free all day: the refusal the rules give.
  auto c = book_wish(s.db, {ines, site, ResourceKind::Desk, BookingPart::Day, 0, 0}, tuesday, Actor{}, kMonday);
  CHECK_FALSE(c.booking);
  CHECK(c.refusal == Refusal::Overlap);
  // Her own limit (one desk a day): refused for that reason, not « taken ».
  auto again =
      book_wish(s.db, {lucie, site, ResourceKind::Desk, BookingPart::Afternoon, 0, 0}, tuesday, Actor{}, kMonday);
  CHECK(again.refusal == Refusal::DailyLimit);
  // Saturday has a morning only; Sunday nothing.
  auto sat = book_wish(s.db, {ines, site, ResourceKind::Desk, BookingPart::Afternoon, 0, 0}, date("2027-05-01"),
                       Actor{}, kMonday);
  CHECK(sat.closed);
  auto sun = book_wish(s.db, {ines, site, ResourceKind::Desk, BookingPart::Morning, 0, 0}, date("2027-05-02"), Actor{},
                       kMonday);
  CHECK(sun.closed);
  CHECK_FALSE(sun.holiday);
  // A member restricted to another site.
  const auto other = s.site("Espace de Semur", "21603");
  REQUIRE(restrict_member_sites(s.db, ines, {other}, Actor{}).ok());
  CHECK(book_wish(s.db, {ines, site, ResourceKind::Desk, BookingPart::Morning, 0, 0}, date("2027-04-28"), Actor{},
                  kMonday)
            .refusal == Refusal::SiteNotAllowed);
}

TEST_CASE("member bookings: the visio room for chosen times with the kiosk's rules", "[member-bookings]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto room = add_resource(s.db, Resource{0, site, ResourceKind::VisioRoom, "Salle visio", 6, ""})->id;
  const auto firm = s.member(site, "Atelier", "Bois");
  BookingWish w{firm, site, ResourceKind::VisioRoom, BookingPart::Times, 14 * 60, 16 * 60};
  auto friday = book_wish(s.db, w, date("2027-04-30"), Actor{}, kMonday);
  REQUIRE(friday.booking);
  CHECK(friday.booking->resource_id == room);
  CHECK(friday.booking->start == from_paris(2027, 4, 30, 14, 0));
  CHECK(friday.booking->end == from_paris(2027, 4, 30, 16, 0));
  // Longer than the visio room's 2 hours, or past the closing time.
  w.end_minute = 17 * 60;
  CHECK(book_wish(s.db, w, date("2027-04-29"), Actor{}, kMonday).refusal == Refusal::TooLong);
  w.start_minute = 17 * 60 + 30;
  w.end_minute = 18 * 60 + 30;
  CHECK(book_wish(s.db, w, date("2027-04-29"), Actor{}, kMonday).refusal == Refusal::OutsideHours);
}

TEST_CASE("member bookings: a weekly series books its window skips holidays and books later days as they come",
          "[member-bookings]") {
  tests::ServerDb s;
  const auto site = s.site();
  desk(s, site, "Bureau 1");
  const auto lucie = s.member(site, "Lucie", "Martin");
  const auto marc = s.member(site, "Marc", "Petit");
  // Marc already holds the only desk on Thursday 13 May.
  REQUIRE(
      book_wish(s.db, {marc, site, ResourceKind::Desk, BookingPart::Day, 0, 0}, date("2027-05-13"), Actor{}, kMonday)
          .booking);

  const BookingWish thursdays{lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0};
  const auto series = create_series(s.db, thursdays, date("2027-04-29"), date("2027-06-10"), Actor{}, kMonday);
  REQUIRE(series.ok());
  const auto& days = series->days;
  REQUIRE(days.size() == 7);
  CHECK(days[0].booking);                                     // 29 April
  CHECK((days[1].closed && days[1].holiday));                 // 6 May: Ascension, skipped and listed
  CHECK(days[2].refusal == Refusal::Overlap);                 // 13 May: taken, refused on its own
  CHECK(days[3].booking);                                     // 20 May
  CHECK(days[4].later == std::optional(date("2027-04-27")));  // 27 May: 30 days ahead from 27 April
  CHECK(days[5].later == std::optional(date("2027-05-04")));
  CHECK(days[6].later == std::optional(date("2027-05-11")));
  CHECK(bookings_of(s.db, lucie, "confirmed") == 2);

  // Refused without anything written: an end before the start, more than a year.
  CHECK_FALSE(create_series(s.db, thursdays, date("2027-04-29"), date("2027-04-28"), Actor{}, kMonday).ok());
  CHECK_FALSE(create_series(s.db, thursdays, date("2027-04-29"), date("2028-06-01"), Actor{}, kMonday).ok());

  // Nothing new on the same day; on 5 May, 27 May and 3 June enter the window.
  CHECK(book_due_series(s.db, kMonday + std::chrono::minutes(1)).empty());
  const auto due = book_due_series(s.db, from_paris(2027, 5, 5, 0, 5));
  REQUIRE(due.size() == 2);
  CHECK(due[0].member_id == lucie);
  CHECK(due[0].outcome.day == date("2027-05-27"));
  CHECK(due[0].outcome.booking);
  CHECK(due[1].outcome.day == date("2027-06-03"));
  CHECK(bookings_of(s.db, lucie, "confirmed") == 4);
  CHECK(book_due_series(s.db, from_paris(2027, 5, 5, 0, 6)).empty());  // once only

  // Listed in her space; stopped, its days to come are cancelled, the past ones stay.
  const auto listed = member_series(s.db, lucie, from_paris(2027, 5, 5, 0, 6));
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].until == date("2027-06-10"));
  CHECK_FALSE(cancel_series(s.db, marc, series->series_id, from_paris(2027, 5, 21, 9, 0)));  // not his
  CHECK(cancel_series(s.db, lucie, series->series_id, from_paris(2027, 5, 21, 9, 0)));
  CHECK(bookings_of(s.db, lucie, "confirmed") == 2);  // 29 April and 20 May (past)
  CHECK(bookings_of(s.db, lucie, "cancelled") == 2);
  CHECK(book_due_series(s.db, from_paris(2027, 5, 20, 0, 5)).empty());
  CHECK_FALSE(cancel_series(s.db, lucie, series->series_id, from_paris(2027, 5, 21, 9, 0)));
}

TEST_CASE("member bookings: the pages book a desk and say why when they cannot", "[web][member-bookings]") {
  tests::WebSite site;
  const auto d1 = add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""})->id;
  auto phone = site.client();
  {
    const auto link = issue_login_link(site.db, site.marie, LinkChannel::Kiosk, now());
    REQUIRE(link.ok());
    const auto page = phone.get("/moi/lien/" + link->token);
    REQUIRE(phone.post("/moi/lien/" + link->token, {{"form_token", tests::input_value(page.body(), "form_token")}})
                .result() == status::see_other);
  }
  const auto csrf = tests::input_value(phone.get("/moi").body(), "csrf");
  const auto base = "/moi/reserver/" + std::to_string(site.montbard) + "/bureau";

  CHECK_THAT(phone.get("/moi/reserver").body(), Catch::Contains(base));
  const auto form = phone.get(base);
  REQUIRE(form.result() == status::ok);
  CHECK_THAT(form.body(), Catch::Contains("1 bureau libre"));
  // The next open weekday's morning.
  auto day = paris_civil_date(now());
  do day = add_days(day, 1);
  while (iso_weekday(day) > 5 || is_french_public_holiday(day));
  const auto moment = to_iso_date(day) + "|morning";
  CHECK_THAT(form.body(), Catch::Contains("value=\"" + moment + "\""));

  // No choice, a made-up one: the form again with the message.
  auto r = phone.post(base, {{"csrf", csrf}});
  CHECK(r.result() == status::bad_request);
  CHECK_THAT(r.body(), Catch::Contains("Choisissez un jour et un moment"));
  r = phone.post(base, {{"csrf", csrf}, {"moment", to_iso_date(day) + "|teatime"}});
  CHECK(r.result() == status::bad_request);
  r = phone.post(base, {{"csrf", csrf}, {"moment", moment}, {"jusqu_au", "30 juin"}});
  CHECK(r.result() == status::bad_request);
  CHECK_THAT(r.body(), Catch::Contains("La date de fin n’est pas une date"));

  r = phone.post(base, {{"csrf", csrf}, {"moment", moment}});
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("C’est réservé"));
  CHECK_THAT(r.body(), Catch::Contains("Bureau 1"));
  const auto held = list_bookings(site.db, BookingQuery{site.montbard, d1, site.marie, {}, {}, true});
  REQUIRE(held.size() == 1);
  CHECK_THAT(phone.get(base).body(), Catch::Contains("complet"));
  // The same again: her limit, in plain words.
  r = phone.post(base, {{"csrf", csrf}, {"moment", to_iso_date(day) + "|afternoon"}});
  CHECK(r.result() == status::conflict);
  CHECK_THAT(r.body(), Catch::Contains("vous avez déjà une réservation ce jour-là"));

  // A site she may not use, a kind that does not exist, a site that does not exist.
  REQUIRE(restrict_member_sites(site.db, site.marie, {site.montbard}, Actor{}).ok());
  CHECK(phone.get("/moi/reserver/" + std::to_string(site.semur) + "/bureau").result() == status::forbidden);
  CHECK(phone.get("/moi/reserver/" + std::to_string(site.montbard) + "/salon").result() == status::not_found);
  CHECK(phone.get("/moi/reserver/999/bureau").result() == status::not_found);
  CHECK(phone.get("/moi/reserver/" + std::to_string(site.montbard) + "/visio").result() == status::not_found);
}

TEST_CASE("member bookings: phones racing for the last desk end with one booking and every phone told",
          "[web][member-bookings]") {
  tests::WebSite site;
  add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""});
  std::vector<std::int64_t> members;
  for (int i = 0; i < 6; ++i) members.push_back(site.member(site.montbard, "Membre" + std::to_string(i), "Test"));
  std::vector<tests::WebClient> phones;
  std::vector<std::string> csrfs;
  for (const auto m : members) {
    auto phone = site.client();
    const auto link = issue_login_link(site.db, m, LinkChannel::Kiosk, now());
    REQUIRE(link.ok());
    const auto page = phone.get("/moi/lien/" + link->token);
    REQUIRE(phone.post("/moi/lien/" + link->token, {{"form_token", tests::input_value(page.body(), "form_token")}})
                .result() == status::see_other);
    csrfs.push_back(tests::input_value(phone.get("/moi").body(), "csrf"));
    phones.push_back(std::move(phone));
  }
  auto day = paris_civil_date(now());
  do day = add_days(day, 1);
  while (iso_weekday(day) > 5 || is_french_public_holiday(day));
  const auto base = "/moi/reserver/" + std::to_string(site.montbard) + "/bureau";
  std::atomic<int> go{0};
  std::vector<unsigned> results(phones.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < phones.size(); ++i) {
    threads.emplace_back([&, i] {
      ++go;
      while (go.load() < static_cast<int>(phones.size())) std::this_thread::yield();
      results[i] = phones[i].post(base, {{"csrf", csrfs[i]}, {"moment", to_iso_date(day) + "|day"}}).result_int();
    });
  }
  for (auto& t : threads) t.join();
  const int booked = static_cast<int>(std::count(results.begin(), results.end(), 200u));
  const int told = static_cast<int>(std::count(results.begin(), results.end(), 409u));
  CHECK(booked == 1);
  CHECK(told == static_cast<int>(phones.size()) - 1);
  CHECK(list_bookings(site.db, BookingQuery{site.montbard, {}, {}, to_iso_date(day), to_iso_date(day), true}).size() ==
        1);
}

TEST_CASE("member bookings: a confirmation and the evening's reminder whose link cancels", "[member-bookings]") {
  tests::ServerDb s;
  const auto site = s.site();
  desk(s, site, "Bureau 1");
  Member m;
  m.site_id = site;
  m.first_name = "Lucie";
  m.last_name = "Martin";
  m.email = "lucie@exemple.fr";
  m.phone = "06 12 34 56 78";
  const auto lucie = add_member(s.db, m)->id;
  REQUIRE(set_member_preferences(s.db, lucie, {NotifyChannel::Email, true, true}, kMonday).ok());
  const auto out = s.dir.file("sent.txt");
  const auto script = s.dir.file("notify.sh");
  {
    std::ofstream f(script);
    f << "#!/bin/sh\nprintf '%s|%s|%s\\n' \"$1\" \"$2\" \"$3\" >> '" << out.string() << "'\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  MessageSettings settings;
  settings.notifier.command = {script.string()};
  settings.public_url.set("https://escale.exemple.fr");
  auto sent = [&] {
    std::ifstream in(out);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  };

  const auto day = book_wish(s.db, {lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0}, date("2027-04-28"),
                             Actor{}, kMonday);
  REQUIRE(day.booking);
  CHECK(send_due_messages(s.db, settings, kMonday).sent == 1);  // the confirmation; the reminder waits
  auto lines = sent();
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], StartsWith("email|lucie@exemple.fr|Tiers-lieu de Montbard\u202F: c’est réservé, Bureau 1, "
                                  "mercredi 28 avril, de 8"));
  CHECK_THAT(lines[0], Contains("https://escale.exemple.fr/ics/bookings/" + day.booking->id + ".ics"));
  CHECK_THAT(lines[0], Contains("https://escale.exemple.fr/reservation/erl_"));

  CHECK(reminder_time(day.booking->start) == from_paris(2027, 4, 27, 18, 0));
  CHECK(send_due_messages(s.db, settings, from_paris(2027, 4, 27, 17, 59)).sent == 0);
  CHECK(send_due_messages(s.db, settings, from_paris(2027, 4, 27, 18, 0)).sent == 1);
  lines = sent();
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[1], Contains("rappel, demain mercredi 28 avril"));
  const auto at = lines[1].find("/reservation/");
  REQUIRE(at != std::string::npos);
  const auto token = lines[1].substr(at + 13, 68);
  // The link names the booking until it begins; only its hash is kept.
  CHECK(booking_of_link(s.db, token, from_paris(2027, 4, 27, 19, 0)) == day.booking->id);
  CHECK_FALSE(booking_of_link(s.db, token, day.booking->start));
  CHECK_FALSE(booking_of_link(s.db, "erl_" + std::string(64, 'a'), kMonday));
  CHECK(count_rows(s.db, "SELECT count(*) FROM action_links WHERE token_hash = '" + token + "'") == 0);

  // By SMS: GSM characters only, short; a booking cancelled meanwhile gets no reminder.
  REQUIRE(set_member_preferences(s.db, lucie, {NotifyChannel::Sms, false, true}, kMonday).ok());
  const auto thursday = book_wish(s.db, {lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0},
                                  date("2027-04-29"), Actor{}, kMonday);
  REQUIRE(thursday.booking);
  const auto friday = book_wish(s.db, {lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0}, date("2027-04-30"),
                                Actor{}, kMonday);
  REQUIRE(friday.booking);
  REQUIRE(cancel_booking(s.db, friday.booking->id, Actor{}, kMonday).ok());
  CHECK(send_due_messages(s.db, settings, from_paris(2027, 4, 28, 18, 0)).sent == 1);  // Thursday's
  const auto friday_run = send_due_messages(s.db, settings, from_paris(2027, 4, 29, 18, 0));
  CHECK(friday_run.sent == 0);  // Friday's: cancelled meanwhile, dropped
  CHECK(friday_run.failed == 1);
  lines = sent();
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[2], StartsWith("sms|+33612345678|Tiers-lieu de Montbard : rappel, demain jeudi 29 avril"));
  for (const char* not_gsm : {"\u202F", "’", "«", "·"}) CHECK(lines[2].find(not_gsm) == std::string::npos);
  CHECK(list_messages(s.db)[0].state == "failed");  // Friday's reminder, « réservation annulée entre-temps »
}

TEST_CASE("member bookings: a weekly day refused when its window opens is told with the reason", "[member-bookings]") {
  tests::ServerDb s;
  const auto site = s.site();
  desk(s, site, "Bureau 1");
  Member m;
  m.site_id = site;
  m.first_name = "Lucie";
  m.last_name = "Martin";
  m.email = "lucie@exemple.fr";
  const auto lucie = add_member(s.db, m)->id;
  const auto marc = s.member(site, "Marc", "Petit");
  REQUIRE(set_member_preferences(s.db, lucie, {NotifyChannel::Email, false, false}, kMonday).ok());
  const auto series = create_series(s.db, {lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0},
                                    date("2027-05-27"), date("2027-06-03"), Actor{}, kMonday);
  REQUIRE(series.ok());
  // Marc takes 27 May as soon as it opens (from 27 April), before Lucie's series books it.
  REQUIRE(book_wish(s.db, {marc, site, ResourceKind::Desk, BookingPart::Day, 0, 0}, date("2027-05-27"), Actor{},
                    from_paris(2027, 4, 27, 0, 1))
              .booking);
  const auto due = book_due_series(s.db, from_paris(2027, 4, 27, 0, 2));
  REQUIRE(due.size() == 1);
  CHECK(due[0].outcome.refusal == Refusal::Overlap);
  const auto messages = list_messages(s.db, lucie);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].kind == "booking_refused");
  MessageSettings settings;
  settings.public_url.set("https://escale.exemple.fr");
  settings.notifier.command = {"/bin/true"};
  CHECK(send_due_messages(s.db, settings, from_paris(2027, 4, 27, 0, 3)).sent == 1);
  CHECK(series_refused_text("Tiers-lieu de Montbard", date("2027-05-27"), "le bureau était déjà pris",
                            "https://escale.exemple.fr/moi", "email") ==
        "Tiers-lieu de Montbard\u202F: votre réservation de chaque semaine du jeudi 27 mai n’a pas pu être "
        "faite\u202F: le bureau était déjà pris. Un autre moment\u202F: https://escale.exemple.fr/moi");
}

TEST_CASE("member bookings: the link of a message cancels its booking once without a session",
          "[web][member-bookings]") {
  tests::WebSite site;
  add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""});
  auto day = paris_civil_date(now());
  do day = add_days(day, 1);
  while (iso_weekday(day) > 5 || is_french_public_holiday(day));
  const auto booked = book_wish(site.db, {site.marie, site.montbard, ResourceKind::Desk, BookingPart::Morning, 0, 0},
                                day, Actor{}, now());
  REQUIRE(booked.booking);
  const auto token = issue_booking_link(site.db, booked.booking->id, booked.booking->start, now());
  auto phone = site.client();
  auto page = phone.get("/reservation/" + token);
  REQUIRE(page.result() == status::ok);
  CHECK_THAT(page.body(), Catch::Contains("Bureau 1"));
  // Without the page's form cookie (a form posted from elsewhere): nothing cancelled.
  auto other = site.client();
  CHECK(
      other.post("/reservation/" + token + "/annuler", {{"form_token", tests::input_value(page.body(), "form_token")}})
          .result() == status::forbidden);
  CHECK(find_booking(site.db, booked.booking->id)->status == BookingStatus::Confirmed);
  const auto r =
      phone.post("/reservation/" + token + "/annuler", {{"form_token", tests::input_value(page.body(), "form_token")}});
  CHECK(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Cette réservation est annulée"));
  CHECK(find_booking(site.db, booked.booking->id)->status == BookingStatus::Cancelled);
  // The link again: said plainly, nothing more happens.
  page = phone.get("/reservation/" + token);
  CHECK(page.result() == status::ok);
  CHECK_THAT(page.body(), Catch::Contains("Cette réservation est annulée"));
  CHECK(phone.get("/reservation/erl_" + std::string(64, 'b')).result() == status::not_found);
  CHECK(phone.get("/reservation/nimportequoi").result() == status::not_found);
}

TEST_CASE("member bookings: a freed desk goes to the first one waiting for 30 minutes then the next",
          "[member-bookings][waits]") {
  tests::ServerDb s;
  const auto site = s.site();
  desk(s, site, "Bureau 1");
  auto with_email = [&](const char* first) {
    Member m;
    m.site_id = site;
    m.first_name = first;
    m.last_name = "Test";
    m.email = std::string(first) + "@exemple.fr";
    return add_member(s.db, m)->id;
  };
  const auto ines = with_email("ines");
  const auto lucie = with_email("lucie");
  const auto marc = with_email("marc");
  const auto paul = s.member(site, "Paul", "Sans");  // no e-mail, no phone
  const auto thursday = date("2027-04-29");
  const BookingWish day{0, site, ResourceKind::Desk, BookingPart::Day, 0, 0};
  auto wish = [&](std::int64_t who) {
    auto w = day;
    w.member_id = who;
    return w;
  };
  // While the desk is free: book it instead.
  auto refused = join_wait(s.db, wish(lucie), thursday, kMonday);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Contains("réservez-le directement"));
  const auto held = book_wish(s.db, wish(ines), thursday, Actor{}, kMonday);
  REQUIRE(held.booking);

  const auto first = join_wait(s.db, wish(lucie), thursday, kMonday);
  REQUIRE(first.ok());
  REQUIRE(join_wait(s.db, wish(marc), thursday, kMonday + std::chrono::minutes(1)).ok());
  CHECK_THAT(join_wait(s.db, wish(lucie), thursday, kMonday).error(), Contains("déjà"));
  CHECK_THAT(join_wait(s.db, wish(paul), thursday, kMonday).error(), Contains("Mes messages"));  // cannot be told
  CHECK(process_waits(s.db, kMonday + std::chrono::minutes(2)).empty());                         // nothing freed yet

  // Inès cancels: Lucie, first to ask, is offered the desk, held for her 30 minutes.
  REQUIRE(cancel_booking(s.db, held.booking->id, Actor{}, kMonday + std::chrono::minutes(3)).ok());
  const auto t1 = kMonday + std::chrono::minutes(4);
  auto offers = process_waits(s.db, t1);
  REQUIRE(offers.size() == 1);
  CHECK(offers[0].wait.member_id == lucie);
  CHECK(offers[0].wait.offer_expires_at == t1 + kOfferHold);
  // Held: nobody else gets it meanwhile.
  CHECK(book_wish(s.db, wish(paul), thursday, Actor{}, t1).refusal == Refusal::Overlap);
  CHECK(process_waits(s.db, t1 + std::chrono::minutes(1)).empty());
  auto lm = list_messages(s.db, lucie);
  REQUIRE(lm.size() == 1);
  CHECK(lm[0].kind == "wait_offer");
  MessageSettings settings;
  settings.public_url.set("https://escale.exemple.fr");
  settings.notifier.command = {"/bin/true"};
  CHECK(send_due_messages(s.db, settings, t1).sent == 1);
  CHECK_THAT(wait_offer_text("Tiers-lieu de Montbard", "Bureau 1", from_paris(2027, 4, 29, 8, 30),
                             from_paris(2027, 4, 29, 18, 0), from_paris(2027, 4, 26, 10, 34), "https://x/place/ewo_1",
                             "email"),
             StartsWith("Tiers-lieu de Montbard\u202F: une place s’est libérée, Bureau 1, jeudi 29 avril"));

  // She does not take it in time: it goes to Marc.
  const auto t2 = t1 + kOfferHold;
  offers = process_waits(s.db, t2);
  REQUIRE(offers.size() == 1);
  CHECK(offers[0].wait.member_id == marc);
  CHECK(find_wait(s.db, first->id)->state == WaitState::Expired);
  CHECK_FALSE(accept_offer(s.db, first->id, t2).ok());
  // Marc takes it through his message's link.
  const auto token = issue_offer_link(s.db, offers[0].wait.id, *offers[0].wait.offer_expires_at, t2);
  const auto linked = wait_of_link(s.db, token, t2 + std::chrono::minutes(5));
  REQUIRE(linked);
  const auto taken = accept_offer(s.db, linked->id, t2 + std::chrono::minutes(5));
  REQUIRE(taken.ok());
  CHECK(taken->member_id == marc);
  CHECK(find_wait(s.db, linked->id)->state == WaitState::Booked);
  // His for good: a later pass does not take it back.
  CHECK(process_waits(s.db, t2 + kOfferHold + std::chrono::minutes(1)).empty());
  CHECK(find_booking(s.db, taken->id)->status == BookingStatus::Confirmed);
  CHECK(member_waits(s.db, marc, t2).empty());
  CHECK_FALSE(wait_of_link(s.db, "ewo_" + std::string(64, 'c'), t2));
}

TEST_CASE("member bookings: the full part's button puts the member on the list and Mon espace offers the place",
          "[web][member-bookings][waits]") {
  tests::WebSite site;
  add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""});
  auto m = *find_member(site.db, site.marie);
  m.email = "marie@exemple.fr";
  REQUIRE(update_member(site.db, m, Actor{}).ok());
  auto day = paris_civil_date(now());
  do day = add_days(day, 1);
  while (iso_weekday(day) > 5 || is_french_public_holiday(day));
  const auto jeans =
      book_wish(site.db, {site.jean, site.montbard, ResourceKind::Desk, BookingPart::Day, 0, 0}, day, Actor{}, now());
  REQUIRE(jeans.booking);
  auto phone = site.client();
  {
    const auto link = issue_login_link(site.db, site.marie, LinkChannel::Kiosk, now());
    const auto page = phone.get("/moi/lien/" + link->token);
    REQUIRE(phone.post("/moi/lien/" + link->token, {{"form_token", tests::input_value(page.body(), "form_token")}})
                .result() == status::see_other);
  }
  const auto csrf = tests::input_value(phone.get("/moi").body(), "csrf");
  const auto base = "/moi/reserver/" + std::to_string(site.montbard) + "/bureau";
  const auto value = to_iso_date(day) + "|day";
  CHECK_THAT(phone.get(base).body(), Contains("formaction=\"/moi/attente/" + std::to_string(site.montbard) + "\""));
  auto r = phone.post("/moi/attente/" + std::to_string(site.montbard), {{"csrf", csrf}, {"attente", value}});
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Contains("C’est noté"));
  CHECK_THAT(phone.get("/moi").body(), Contains("En attente d’une place"));
  // Twice: said plainly.
  r = phone.post("/moi/attente/" + std::to_string(site.montbard), {{"csrf", csrf}, {"attente", value}});
  CHECK(r.result() == status::conflict);
  CHECK(phone.post("/moi/attente/" + std::to_string(site.montbard), {{"csrf", csrf}, {"attente", "demain"}}).result() ==
        status::bad_request);

  // Jean cancels; the server's pass offers it to Marie, who takes it in « Mon espace ».
  REQUIRE(cancel_booking(site.db, jeans.booking->id, Actor{}, now()).ok());
  const auto offers = process_waits(site.db, now());
  REQUIRE(offers.size() == 1);
  const auto home = phone.get("/moi").body();
  CHECK_THAT(home, Contains("Une place s’est libérée"));
  r = phone.post("/moi/attente/" + std::to_string(offers[0].wait.id) + "/prendre", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK_THAT(phone.get("/moi?fait=place").body(), Contains("La place est à vous."));
  CHECK(find_wait(site.db, offers[0].wait.id)->state == WaitState::Booked);
  // Someone else's wait, by its number: not in her space.
  CHECK(phone.post("/moi/attente/999/prendre", {{"csrf", csrf}}).result() == status::not_found);
  CHECK(phone.post("/moi/attente/999/quitter", {{"csrf", csrf}}).result() == status::not_found);

  // The offer's link without a session, once taken: said so.
  const auto token = issue_offer_link(site.db, offers[0].wait.id, now() + std::chrono::minutes(30), now());
  auto anonymous = site.client();
  const auto page = anonymous.get("/place/" + token);
  CHECK(page.result() == status::ok);
  CHECK_THAT(page.body(), Contains("Cette place est à vous"));
  CHECK(anonymous.get("/place/ewo_" + std::string(64, 'd')).result() == status::gone);
}
