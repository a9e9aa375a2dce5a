// « Mon espace »: moving a booking from the phone (see member_move_pages.hpp).
//
// [SECTION] The booking of the path
// [SECTION] The forms (a desk's parts, the visio room's times)
// [SECTION] Moving
#include "web/member_move_pages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <variant>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"
#include "store/bookings.hpp"
#include "store/member_bookings.hpp"
#include "store/sites.hpp"
#include "time/french_format.hpp"
#include "time/iso_date.hpp"
#include "web/member_booking_pages.hpp"
#include "web/member_frame.hpp"

namespace escale::server::web {
namespace {

// How many days the desk form shows at once, as the booking page (a week and a day).
constexpr int kDaysShown = 8;

// ---------------------------------------------------------------------------
// [SECTION] The booking of the path

struct Movable {
  Booking booking;
  Resource resource;
  Site site;
  std::vector<Resource> resources;  // the site's resources of the booking's kind, in the site's order
};

std::string path_of(const Booking& b) {
  return "/moi/reservations/" + b.id + "/deplacer";
}

// The {booking} of the path when it is the member's and can still change; else the page that says why.
std::variant<Movable, Response> movable_booking(WebContext& ctx) {
  const auto b = find_booking(ctx.db(), ctx.route_param("booking"));
  const auto resource = b ? find_resource(ctx.db(), b->resource_id) : std::nullopt;
  const auto site = b ? find_site(ctx.db(), b->site_id) : std::nullopt;
  if (!b || b->member_id != ctx.member_session->member.id || !resource || !site) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Réservation introuvable", "Booking not found"),
        escape(tr(ctx, "Cette réservation n’est pas dans votre espace.", "This booking is not in your space.")));
  }
  if (check_cancel(*b, ctx.now)) {
    const bool gone = b->status == BookingStatus::Cancelled || b->status == BookingStatus::NoShow ||
                      b->status == BookingStatus::Refused;
    return member_error_page(
        ctx, bh::status::conflict, tr(ctx, "Déplacement impossible", "Cannot move"),
        escape(tr(ctx, "Cette réservation ne peut plus être déplacée : ", "This booking can no longer be moved: ") +
               (gone ? tr(ctx, "elle n’a plus cours.", "it no longer stands.")
                     : tr(ctx, "elle a déjà commencé.", "it has already started."))));
  }
  Movable m{*b, *resource, *site, {}};
  for (auto& r : list_resources(ctx.db(), site->id))
    if (r.kind == resource->kind) m.resources.push_back(std::move(r));
  return m;
}

OpeningHours hours_of(const Site& s) {
  return OpeningHours::parse(s.opening_hours).value_or(OpeningHours{});
}

std::string resource_name(const WebContext& ctx, const Resource& r) {
  return language(ctx) == Language::English && !r.name_en.empty() ? r.name_en : r.name;
}

// The site's grids from `first`, as if the booking being moved were not there: its own slots count as free.
std::vector<DayGrid> grids_without(WebContext& ctx, const Movable& m, const CivilDate& first, int days) {
  auto grids = site_availability(ctx.db(), m.site.id, first, days, ctx.now, m.booking.member_id);
  for (auto& grid : grids) {
    const auto row = std::find(grid.resource_ids.begin(), grid.resource_ids.end(), m.booking.resource_id);
    if (row == grid.resource_ids.end()) continue;
    const auto r = static_cast<std::size_t>(row - grid.resource_ids.begin());
    for (int slot = 0; slot < grid.slot_count; ++slot) {
      const auto at = grid.slot_start(slot);
      auto& cell = grid.cells[r * static_cast<std::size_t>(grid.slot_count) + static_cast<std::size_t>(slot)];
      if (cell == SlotState::Mine && at >= m.booking.start && at < m.booking.end) cell = SlotState::Free;
    }
  }
  return grids;
}

// ---------------------------------------------------------------------------
// [SECTION] The forms (a desk's parts, the visio room's times)

Html current_card(const WebContext& ctx, const Movable& m) {
  return "<div class=\"card\"><p class=\"muted\">" + escape(tr(ctx, "Aujourd’hui réservé :", "Booked now:")) +
         "</p><p class=\"when\">" + escape(time_range(ctx, m.booking.start, m.booking.end)) + "</p><p>" +
         escape(resource_name(ctx, m.resource)) + " — " + escape(m.site.name) + "</p></div>";
}

Html error_notice(std::string_view error) {
  return error.empty() ? Html() : notice(NoticeKind::Error, "<a href=\"#choix\">" + escape(error) + "</a>");
}

Response desk_form(WebContext& ctx, const Movable& m, std::string_view chosen, std::string_view error,
                   bh::status status) {
  const auto today = paris_civil_date(ctx.now);
  CivilDate first = today;
  if (const auto asked = parse_iso_date(ctx.param("du")); asked && *asked > today) first = *asked;
  const auto grids = grids_without(ctx, m, first, kDaysShown);
  const auto hours = hours_of(m.site);
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Déplacer ma réservation", "Move my booking");
  page.subtitle = m.site.name;
  page.body += error_notice(error) + current_card(ctx, m);
  page.body += "<form method=\"post\" action=\"" + escape(path_of(m.booking)) + "\">" + member_csrf_field(ctx) +
               "<fieldset class=\"field\" id=\"choix\"><legend>" +
               escape(tr(ctx, "Pour quel jour, quel moment ?", "To which day, which part?")) + "</legend>";
  for (const auto& grid : grids) {
    const auto parts = day_parts(hours, grid.day);
    page.body += "<div class=\"day-choice\"><p class=\"when\">" + escape(day_label(ctx, grid.day)) + "</p>";
    if (parts.empty()) {
      page.body += "<p class=\"muted\">" + escape(tr(ctx, "Fermé", "Closed")) + "</p></div>";
      continue;
    }
    for (const auto& part : parts) {
      const auto free = static_cast<int>(free_resources(grid, m.resources, part.start, part.end).size());
      const auto value = to_iso_date(grid.day) + "|" + std::string(to_string(part_of(part.kind)));
      const auto label = part_choice_label(ctx, part);
      const bool now_booked = part.start == m.booking.start && part.end == m.booking.end;
      const bool begun = part.start <= ctx.now;
      const std::string count = now_booked  ? tr(ctx, "votre réservation", "your booking")
                                : begun     ? tr(ctx, "déjà commencé", "already begun")
                                : free == 0 ? tr(ctx, "complet", "full")
                                : free == 1 ? tr(ctx, "1 bureau libre", "1 desk free")
                                            : std::to_string(free) + tr(ctx, " bureaux libres", " desks free");
      const bool open = !now_booked && !begun && free > 0;
      page.body += "<label class=\"choice\"><input type=\"radio\" name=\"moment\" value=\"" + escape(value) + "\"" +
                   (value == chosen ? Html(" checked") : Html()) + (open ? Html() : Html(" disabled")) + "><span>" +
                   escape(label) + "<span class=\"count " + (open ? Html("free") : Html("muted")) + "\">" +
                   escape(count) + "</span></span></label>";
    }
    page.body += "</div>";
  }
  page.body += "</fieldset><p class=\"actions\"><button type=\"submit\">" + escape(tr(ctx, "Déplacer", "Move")) +
               "</button> <a class=\"button secondary\" href=\"/moi\">" +
               escape(tr(ctx, "Garder comme c’est", "Keep it as it is")) + "</a></p></form>";
  page.body += "<p><a href=\"" + escape(path_of(m.booking)) +
               "?du=" + escape(to_iso_date(add_days(first, kDaysShown))) + "\">" +
               escape(tr(ctx, "Jours suivants", "Next days")) + "</a></p>";
  return member_page(ctx, page, status);
}

int minute_of_day(Instant t) {
  const auto local = to_paris(t);
  return local.hour * 60 + local.minute;
}

Response visio_form(WebContext& ctx, const Movable& m, std::string date, std::string start, std::string length,
                    std::string_view error, bh::status status) {
  const auto today = paris_civil_date(ctx.now);
  const auto hours = hours_of(m.site);
  const auto rules = site_rules(ctx.db(), m.site.id).visio_room;
  if (date.empty()) date = to_iso_date(paris_civil_date(m.booking.start));
  if (start.empty()) start = std::to_string(minute_of_day(m.booking.start));
  if (length.empty()) length = std::to_string((m.booking.end - m.booking.start) / std::chrono::minutes(1));
  std::vector<Option> days;
  for (int i = 0; i <= rules.advance_days && days.size() < 31; ++i) {
    const auto d = add_days(today, i);
    if (!opening_intervals(hours, d).empty()) days.push_back({to_iso_date(d), day_label(ctx, d)});
  }
  std::vector<Option> starts;
  for (int minute = 7 * 60; minute < 21 * 60; minute += 30)
    starts.push_back({std::to_string(minute), clock_label(ctx, minute)});
  std::vector<Option> lengths;
  const int max_minutes = std::min<int>(static_cast<int>(rules.max_duration.count()), 8 * 60);
  for (int minutes = 30; minutes <= max_minutes; minutes += 30) {
    lengths.push_back({std::to_string(minutes),
                       minutes < 60 ? "30 min" : std::to_string(minutes / 60) + " h" + (minutes % 60 ? " 30" : "")});
  }
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Déplacer ma réservation", "Move my booking");
  page.subtitle = m.site.name;
  page.body += error_notice(error) + current_card(ctx, m);
  page.body += "<form class=\"panel\" id=\"choix\" method=\"post\" action=\"" + escape(path_of(m.booking)) + "\">" +
               member_csrf_field(ctx) + select_field("jour", tr(ctx, "Jour", "Day"), days, date) +
               select_field("debut", tr(ctx, "À partir de", "From"), starts, start) +
               select_field("duree", tr(ctx, "Pendant", "For"), lengths, length) +
               "<p class=\"actions\"><button type=\"submit\">" + escape(tr(ctx, "Déplacer", "Move")) +
               "</button> <a class=\"button secondary\" href=\"/moi\">" +
               escape(tr(ctx, "Garder comme c’est", "Keep it as it is")) + "</a></p></form><p class=\"muted\">" +
               escape(tr(ctx, "Horaires d’ouverture : ", "Opening hours: ")) + escape(m.site.opening_hours) + "</p>";
  return member_page(ctx, page, status);
}

Response move_form(WebContext& ctx) {
  auto movable = movable_booking(ctx);
  if (auto* refusal = std::get_if<Response>(&movable)) return std::move(*refusal);
  const auto& m = std::get<Movable>(movable);
  if (m.resource.kind == ResourceKind::Desk) return desk_form(ctx, m, "", "", bh::status::ok);
  return visio_form(ctx, m, "", "", "", "", bh::status::ok);
}

// ---------------------------------------------------------------------------
// [SECTION] Moving

// The same resource when it is free then, else the first free one of its kind at the site (by the grid);
// a refusal other than « taken » holds for every resource (the member's limits, the rules). Moved, its
// reminder follows it, in the same transaction.
BookingOutcome move_to(WebContext& ctx, const Movable& m, Instant start, Instant end) {
  std::vector<std::int64_t> candidates{m.resource.id};
  const auto grids = grids_without(ctx, m, paris_civil_date(start), 1);
  if (!grids.empty()) {
    for (const auto id : free_resources(grids.front(), m.resources, start, end))
      if (id != m.resource.id) candidates.push_back(id);
  }
  return move_member_booking(ctx.db(), m.booking.id, candidates, start, end, Actor{}, ctx.now);
}

Response moved_page(WebContext& ctx, const Movable& m, const Booking& moved) {
  const auto resource = find_resource(ctx.db(), moved.resource_id);
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "C’est déplacé", "It is moved");
  page.subtitle = m.site.name;
  page.body = "<div class=\"card\"><p class=\"when\">" + escape(time_range(ctx, moved.start, moved.end)) + "</p><p>" +
              escape(resource ? resource_name(ctx, *resource) : std::string()) + " — " + escape(m.site.name) +
              "</p><p class=\"actions\"><a href=\"/ics/bookings/" + escape(moved.id) + ".ics\">" +
              escape(tr(ctx, "Ajouter à mon agenda (.ics)", "Add to my calendar (.ics)")) + "</a></p></div>";
  if (moved.resource_id != m.booking.resource_id) {
    page.body += notice(NoticeKind::Info, escape(tr(ctx, "Votre bureau était pris à ce moment : en voici un autre.",
                                                    "Your desk was taken then: here is another one.")));
  }
  page.body += "<p><a class=\"button\" href=\"/moi\">" + escape(tr(ctx, "Voir mes réservations", "See my bookings")) +
               "</a></p>";
  return member_page(ctx, page);
}

Response move_post(WebContext& ctx) {
  auto movable = movable_booking(ctx);
  if (auto* refusal = std::get_if<Response>(&movable)) return std::move(*refusal);
  const auto& m = std::get<Movable>(movable);
  const bool desk = m.resource.kind == ResourceKind::Desk;
  auto again = [&](const std::string& error, bh::status status) {
    return desk ? desk_form(ctx, m, ctx.field("moment"), error, status)
                : visio_form(ctx, m, ctx.field("jour"), ctx.field("debut"), ctx.field("duree"), error, status);
  };
  BookingWish wish;
  wish.member_id = m.booking.member_id;
  wish.site_id = m.site.id;
  wish.kind = m.resource.kind;
  std::optional<CivilDate> day;
  if (desk) {
    const auto moment = ctx.field("moment");
    const auto bar = moment.find('|');
    day = parse_iso_date(moment.substr(0, bar));
    const auto part = bar == std::string::npos ? std::nullopt : parse_booking_part(moment.substr(bar + 1));
    if (!day || !part || *part == BookingPart::Times)
      return again(tr(ctx, "Choisissez un jour et un moment dans la liste.", "Choose a day and a part in the list."),
                   bh::status::bad_request);
    wish.part = *part;
  } else {
    day = parse_iso_date(ctx.field("jour"));
    const auto start = api::parse_id(ctx.field("debut"));
    const auto length = api::parse_id(ctx.field("duree"));
    if (!day || !start || !length || *start % 30 != 0 || *length % 30 != 0 || *start + *length > 24 * 60)
      return again(tr(ctx, "Choisissez un jour, une heure et une durée dans les listes.",
                      "Choose a day, a time and a length in the lists."),
                   bh::status::bad_request);
    wish.part = BookingPart::Times;
    wish.start_minute = static_cast<int>(*start);
    wish.end_minute = static_cast<int>(*start + *length);
  }
  const auto interval = wish_interval(hours_of(m.site), wish, *day);
  if (!interval) {
    return again(tr(ctx, "Le lieu est fermé à ce moment-là : choisissez-en un autre.",
                    "The place is closed then: choose another time."),
                 bh::status::conflict);
  }
  if (interval->first == m.booking.start && interval->second == m.booking.end) {
    return again(tr(ctx, "C’est déjà le moment de votre réservation : choisissez-en un autre.",
                    "This is already your booking's time: choose another one."),
                 bh::status::bad_request);
  }
  const auto outcome = move_to(ctx, m, interval->first, interval->second);
  if (!outcome.ok()) {
    const auto reason = refusal_reason(outcome.refusal.value_or(Refusal::Overlap), m.resource.kind, language(ctx));
    return again(tr(ctx, "Pas possible : ", "Not possible: ") + reason + ". " +
                     tr(ctx, "Votre réservation reste comme elle était.", "Your booking stays as it was."),
                 bh::status::conflict);
  }
  spdlog::info("web: booking {} moved from « Mon espace »", m.booking.id);
  return moved_page(ctx, m, *outcome.booking);
}

}  // namespace

void add_member_move_rows(WebRows& rows) {
  using api::WebAccess;
  rows.get("/moi/reservations/{booking}/deplacer", WebAccess::MemberSession, move_form)
      .post("/moi/reservations/{booking}/deplacer", WebAccess::MemberSession, move_post);
}

}  // namespace escale::server::web
