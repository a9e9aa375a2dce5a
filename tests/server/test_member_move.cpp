#include "web/member_move_pages.hpp"  // first: the header is self-contained

// « Mon espace » (issue 18) over real HTTP: a member moves a booking from the
// phone (a desk to another part of a day, the same desk when it is free, else
// another; the visio room to other times), refused with the reason and the
// old booking kept; only her own, not begun; and her help appointments to
// come, listed and cancelled with the agenda's 4-hour notice.
#include <catch2/catch.hpp>

#include <string>

#include "domain/uuid.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/member_bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"
#include "time/public_holidays.hpp"
#include "web_fixture.hpp"

using namespace escale;
using namespace escale::server;
using status = tests::web_http::status;
using Catch::Matchers::Contains;

namespace {

// A phone logged in as `member` (a kiosk's link, opened and spent), and its CSRF token.
struct Phone {
  tests::WebClient client;
  std::string csrf;
};
Phone phone_of(tests::WebSite& site, std::int64_t member) {
  auto c = site.client();
  const auto link = issue_login_link(site.db, member, LinkChannel::Kiosk, now());
  REQUIRE(link.ok());
  const auto page = c.get("/moi/lien/" + link->token);
  REQUIRE(
      c.post("/moi/lien/" + link->token, {{"form_token", tests::input_value(page.body(), "form_token")}}).result() ==
      status::see_other);
  const auto csrf = tests::input_value(c.get("/moi").body(), "csrf");
  return {std::move(c), csrf};
}

// The next weekday after `d` the site is open (not a public holiday).
CivilDate next_open_day(CivilDate d) {
  do d = add_days(d, 1);
  while (iso_weekday(d) > 5 || is_french_public_holiday(d));
  return d;
}

CivilDate previous_open_day(CivilDate d) {
  do d = add_days(d, -1);
  while (iso_weekday(d) > 5 || is_french_public_holiday(d));
  return d;
}

Booking booked(tests::WebSite& site, std::int64_t member, BookingPart part, const CivilDate& day, Instant at = now()) {
  const auto out = book_wish(site.db, {member, site.montbard, ResourceKind::Desk, part, 0, 0}, day, Actor{}, at);
  REQUIRE(out.booking);
  return *out.booking;
}

std::string move_path(const Booking& b) {
  return "/moi/reservations/" + b.id + "/deplacer";
}

std::string moment(const CivilDate& day, const char* part) {
  return to_iso_date(day) + "|" + part;
}

}  // namespace

TEST_CASE("member move: a moved booking's reminder follows it to the evening before its new day", "[member-move]") {
  tests::ServerDb s;
  const auto site = s.site();
  add_resource(s.db, Resource{0, site, ResourceKind::Desk, "Bureau 1", 1, ""});
  Member m;
  m.site_id = site;
  m.first_name = "Lucie";
  m.last_name = "Martin";
  m.email = "lucie@exemple.fr";
  const auto lucie = add_member(s.db, m)->id;
  const auto monday = from_paris(2027, 4, 26, 10, 0);
  REQUIRE(set_member_preferences(s.db, lucie, {NotifyChannel::Email, false, true}, monday).ok());
  const auto day = book_wish(s.db, {lucie, site, ResourceKind::Desk, BookingPart::Morning, 0, 0},
                             *parse_iso_date("2027-04-28"), Actor{}, monday);
  REQUIRE(day.booking);
  auto reminders_due = [&](Instant at) {
    int n = 0;
    for (const auto& q : due_messages(s.db, at))
      if (q.kind == MessageKind::BookingReminder && q.subject == day.booking->id) ++n;
    return n;
  };
  // Thursday instead of Wednesday: not on Tuesday evening any more, on Wednesday's.
  const auto moved = move_booking(s.db, day.booking->id, day.booking->resource_id, from_paris(2027, 4, 29, 8, 30),
                                  from_paris(2027, 4, 29, 12, 30), Actor{}, monday);
  REQUIRE(moved.ok());
  follow_moved_booking(s.db, *moved.booking, monday);
  CHECK(reminders_due(from_paris(2027, 4, 27, 18, 0)) == 0);
  CHECK(reminders_due(from_paris(2027, 4, 28, 18, 0)) == 1);
  // Moved to the next morning after that evening: no reminder any more.
  const auto late = from_paris(2027, 4, 28, 19, 0);
  const auto again = move_booking(s.db, day.booking->id, day.booking->resource_id, from_paris(2027, 4, 29, 13, 30),
                                  from_paris(2027, 4, 29, 18, 0), Actor{}, late);
  REQUIRE(again.ok());
  follow_moved_booking(s.db, *again.booking, late);
  CHECK(reminders_due(from_paris(2027, 4, 28, 19, 30)) == 0);
}

TEST_CASE("member move: a desk booking moves to a free part and keeps its id", "[web][member-move]") {
  tests::WebSite site;
  const auto d1 = add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""})->id;
  auto marie = phone_of(site, site.marie);
  const auto day1 = next_open_day(paris_civil_date(now()));
  const auto b = booked(site, site.marie, BookingPart::Morning, day1);

  // « Mon espace » offers to move it; the form counts the free desks as if it were not there.
  CHECK_THAT(marie.client.get("/moi").body(), Contains("href=\"" + move_path(b) + "\""));
  const auto form = marie.client.get(move_path(b));
  REQUIRE(form.result() == status::ok);
  CHECK_THAT(form.body(), Contains("Déplacer ma réservation"));
  CHECK_THAT(form.body(), Contains("votre réservation"));
  CHECK_THAT(form.body(), Contains("value=\"" + moment(day1, "afternoon") + "\"><span>"));   // enabled
  CHECK_THAT(form.body(), Contains("value=\"" + moment(day1, "morning") + "\" disabled>"));  // hers now

  // Its own time again, nothing chosen: the form with the message, nothing changed.
  auto r = marie.client.post(move_path(b), {{"csrf", marie.csrf}, {"moment", moment(day1, "morning")}});
  CHECK(r.result() == status::bad_request);
  r = marie.client.post(move_path(b), {{"csrf", marie.csrf}});
  CHECK(r.result() == status::bad_request);
  CHECK_THAT(r.body(), Contains("Choisissez un jour et un moment"));

  r = marie.client.post(move_path(b), {{"csrf", marie.csrf}, {"moment", moment(day1, "day")}});
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Contains("C’est déplacé"));
  CHECK_THAT(r.body(), Contains("Bureau 1"));
  const auto moved = find_booking(site.db, b.id);
  REQUIRE(moved);
  CHECK(moved->status == BookingStatus::Confirmed);
  CHECK(moved->resource_id == d1);
  CHECK(moved->start == b.start);  // the whole day starts with the morning
  CHECK(moved->end > b.end);
  CHECK(list_bookings(site.db, BookingQuery{site.montbard, {}, site.marie, {}, {}, true}).size() == 1);

  // To another day.
  const auto day2 = next_open_day(day1);
  r = marie.client.post(move_path(b), {{"csrf", marie.csrf}, {"moment", moment(day2, "afternoon")}});
  REQUIRE(r.result() == status::ok);
  CHECK(paris_civil_date(find_booking(site.db, b.id)->start) == day2);
}

TEST_CASE("member move: her desk taken she gets another and a full part is refused with the old booking kept",
          "[web][member-move]") {
  tests::WebSite site;
  const auto d1 = add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""})->id;
  const auto d2 = add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 2", 2, ""})->id;
  const auto paul = site.member(site.montbard, "Paul", "Roy");
  auto marie = phone_of(site, site.marie);
  const auto day1 = next_open_day(paris_civil_date(now()));
  const auto day2 = next_open_day(day1);
  const auto b = booked(site, site.marie, BookingPart::Morning, day1);
  REQUIRE(b.resource_id == d1);
  REQUIRE(booked(site, site.jean, BookingPart::Morning, day2).resource_id == d1);

  // Her desk is Jean's on the second morning: the other one.
  auto r = marie.client.post(move_path(b), {{"csrf", marie.csrf}, {"moment", moment(day2, "morning")}});
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Contains("Bureau 2"));
  CHECK_THAT(r.body(), Contains("Votre bureau était pris"));
  auto now_held = find_booking(site.db, b.id);
  CHECK(now_held->resource_id == d2);
  CHECK(paris_civil_date(now_held->start) == day2);

  // Both desks taken all of the first day: « complet », and refused with the reason; hers stays.
  booked(site, site.jean, BookingPart::Day, day1);
  booked(site, paul, BookingPart::Day, day1);
  CHECK_THAT(marie.client.get(move_path(b)).body(), Contains("complet"));
  r = marie.client.post(move_path(b), {{"csrf", marie.csrf}, {"moment", moment(day1, "afternoon")}});
  CHECK(r.result() == status::conflict);
  CHECK_THAT(r.body(), Contains("le bureau était déjà pris"));
  CHECK_THAT(r.body(), Contains("Votre réservation reste comme elle était"));
  CHECK(*find_booking(site.db, b.id) == *now_held);
}

TEST_CASE("member move: the visio room moves to other times", "[web][member-move]") {
  tests::WebSite site;
  add_resource(site.db, Resource{0, site.montbard, ResourceKind::VisioRoom, "Salle visio", 6, ""});
  auto marie = phone_of(site, site.marie);
  const auto day1 = next_open_day(paris_civil_date(now()));
  const auto out =
      book_wish(site.db, {site.marie, site.montbard, ResourceKind::VisioRoom, BookingPart::Times, 14 * 60, 15 * 60},
                day1, Actor{}, now());
  REQUIRE(out.booking);
  const auto& b = *out.booking;
  const auto form = marie.client.get(move_path(b));
  REQUIRE(form.result() == status::ok);
  CHECK_THAT(form.body(), Contains("<option value=\"840\" selected>"));

  auto r = marie.client.post(move_path(b),
                             {{"csrf", marie.csrf}, {"jour", to_iso_date(day1)}, {"debut", "900"}, {"duree", "90"}});
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Contains("C’est déplacé"));
  CHECK(find_booking(site.db, b.id)->start == from_paris(day1.year, day1.month, day1.day, 15, 0));
  CHECK(find_booking(site.db, b.id)->end == from_paris(day1.year, day1.month, day1.day, 16, 30));
  // Longer than the visio room allows: refused, kept.
  r = marie.client.post(move_path(b),
                        {{"csrf", marie.csrf}, {"jour", to_iso_date(day1)}, {"debut", "600"}, {"duree", "240"}});
  CHECK(r.result() == status::conflict);
  CHECK(find_booking(site.db, b.id)->start == from_paris(day1.year, day1.month, day1.day, 15, 0));
}

TEST_CASE("member move: only her own booking not begun and with her form token", "[web][member-move]") {
  tests::WebSite site;
  add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 1", 1, ""});
  add_resource(site.db, Resource{0, site.montbard, ResourceKind::Desk, "Bureau 2", 2, ""});
  auto marie = phone_of(site, site.marie);
  const auto day1 = next_open_day(paris_civil_date(now()));
  const auto day2 = next_open_day(day1);
  const auto mine = booked(site, site.marie, BookingPart::Morning, day1);
  const auto jeans = booked(site, site.jean, BookingPart::Morning, day1);

  // Someone else's booking, and one that does not exist: not in her space.
  CHECK(marie.client.get(move_path(jeans)).result() == status::not_found);
  auto r = marie.client.post(move_path(jeans), {{"csrf", marie.csrf}, {"moment", moment(day2, "morning")}});
  CHECK(r.result() == status::not_found);
  CHECK(*find_booking(site.db, jeans.id) == jeans);
  CHECK(marie.client.get("/moi/reservations/nimportequoi/deplacer").result() == status::not_found);

  // Without her form token: refused by the gate, nothing moved.
  r = marie.client.post(move_path(mine), {{"moment", moment(day2, "morning")}});
  CHECK(r.result() == status::forbidden);
  CHECK(*find_booking(site.db, mine.id) == mine);

  // A booking already begun (made yesterday-ish for a morning now past), and a cancelled one: 409.
  const auto before = previous_open_day(paris_civil_date(now()));
  const auto begun = booked(site, site.marie, BookingPart::Morning, before, paris_day_start(before));
  r = marie.client.get(move_path(begun));
  CHECK(r.result() == status::conflict);
  CHECK_THAT(r.body(), Contains("ne peut plus être déplacée"));
  CHECK(marie.client.post(move_path(begun), {{"csrf", marie.csrf}, {"moment", moment(day2, "morning")}}).result() ==
        status::conflict);
  REQUIRE(cancel_booking(site.db, mine.id, Actor{}, now()).ok());
  CHECK(marie.client.get(move_path(mine)).result() == status::conflict);
  CHECK(marie.client.post(move_path(mine), {{"csrf", marie.csrf}, {"moment", moment(day2, "morning")}}).result() ==
        status::conflict);
  CHECK(find_booking(site.db, mine.id)->status == BookingStatus::Cancelled);
}

TEST_CASE("member move: her help appointments are listed and cancelled from her space", "[web][member-move]") {
  tests::WebSite site;
  Member med;
  med.site_id = site.montbard;
  med.first_name = "Sophie";
  med.last_name = "Médiatrice";
  med.roles = {Role::Member, Role::Animator, Role::Mediator};
  const auto mediator = add_member(site.db, med)->id;
  mediation::AppointmentType workshops;
  workshops.site_id = site.montbard;
  workshops.name = "Atelier";
  workshops.duration = std::chrono::minutes(90);
  workshops.collective = true;
  workshops.capacity = 6;
  const auto type = add_appointment_type(site.db, workshops, Actor{});
  REQUIRE(type.ok());
  auto workshop_at = [&](Instant start, const std::string& title) {
    WorkshopRequest w;
    w.appointment_id = make_uuid_v4();
    w.type_id = *type;
    w.mediator_id = mediator;
    w.start = start;
    w.title = title;
    REQUIRE(schedule_workshop(site.db, w, Actor{}, now()).ok());
    return w.appointment_id;
  };
  auto join = [&](const std::string& appointment, std::int64_t member) {
    HelpRequest j;
    j.appointment_id = appointment;
    j.site_id = site.montbard;
    j.type_id = *type;
    j.mediator_id = mediator;
    j.participant.id = make_uuid_v4();
    j.participant.member_id = member;
    j.participant.topics = {mediation::HelpTopic::Caf, mediation::HelpTopic::Email};
    REQUIRE(request_help(site.db, j, Actor{}, now()).ok());
    return j.participant.id;
  };
  const auto later = workshop_at(now() + std::chrono::hours(48), "Découvrir la messagerie");
  const auto soon = workshop_at(now() + std::chrono::hours(2), "Le site de la CAF");
  const auto marie_later = join(later, site.marie);
  const auto marie_soon = join(soon, site.marie);
  const auto jean_later = join(later, site.jean);
  auto marie = phone_of(site, site.marie);

  auto home = marie.client.get("/moi").body();
  CHECK_THAT(home, Contains("Mes rendez-vous d’aide"));
  CHECK_THAT(home, Contains("Découvrir la messagerie"));
  CHECK_THAT(home, Contains("Avec Sophie"));
  CHECK_THAT(home, Contains("CAF, "));
  CHECK_THAT(home, Contains("/ics/appointments/" + later + ".ics"));
  CHECK_THAT(home, Contains("/moi/rendez-vous/" + marie_later + "/annuler"));
  // Less than 4 hours before: no button, the place to call.
  CHECK_THAT(home, Contains("Le site de la CAF"));
  CHECK_THAT(home, !Contains("/moi/rendez-vous/" + marie_soon + "/annuler"));
  CHECK_THAT(home, Contains("appelez le lieu"));

  // Jean's seat, an unknown one: not in her space.
  CHECK(marie.client.post("/moi/rendez-vous/" + jean_later + "/annuler", {{"csrf", marie.csrf}}).result() ==
        status::not_found);
  CHECK(marie.client.post("/moi/rendez-vous/inconnu/annuler", {{"csrf", marie.csrf}}).result() == status::not_found);
  // Without her form token: refused.
  CHECK(marie.client.post("/moi/rendez-vous/" + marie_later + "/annuler", {}).result() == status::forbidden);
  // The 4-hour notice: said plainly, her seat kept.
  auto r = marie.client.post("/moi/rendez-vous/" + marie_soon + "/annuler", {{"csrf", marie.csrf}});
  CHECK(r.result() == status::conflict);
  CHECK_THAT(r.body(), Contains("4 heures avant"));

  r = marie.client.post("/moi/rendez-vous/" + marie_later + "/annuler", {{"csrf", marie.csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(tests::reply_header(r, tests::web_http::field::location) == "/moi?fait=rendez-vous");
  const auto a = find_appointment(site.db, later);
  REQUIRE(a);
  for (const auto& p : a->participants) {
    if (p.id == marie_later) CHECK(p.status == mediation::ParticipantStatus::Excused);
    if (p.id == jean_later) CHECK(p.status == mediation::ParticipantStatus::Unknown);
  }
  // Again: already cancelled, said plainly.
  CHECK(marie.client.post("/moi/rendez-vous/" + marie_later + "/annuler", {{"csrf", marie.csrf}}).result() ==
        status::conflict);
  home = marie.client.get("/moi?fait=rendez-vous").body();
  CHECK_THAT(home, Contains("Le rendez-vous est annulé"));
  CHECK_THAT(home, !Contains("Découvrir la messagerie"));
  CHECK_THAT(home, Contains("Le site de la CAF"));
}
