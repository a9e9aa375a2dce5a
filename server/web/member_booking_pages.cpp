// « Mon espace »: booking from the phone (see member_booking_pages.hpp).
#include "web/member_booking_pages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"
#include "store/booking_waits.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/member_bookings.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/french_format.hpp"
#include "time/iso_date.hpp"
#include "web/member_frame.hpp"

namespace escale::server::web {
namespace {

// How many days the desk page shows at once (a week and a day: next Monday too).
constexpr int kDaysShown = 8;

struct Place {
  Site site;
  ResourceKind kind = ResourceKind::Desk;
  std::vector<Resource> resources;  // of that kind
};

std::string kind_slug(ResourceKind k) {
  return k == ResourceKind::Desk ? "bureau" : "visio";
}

// The {site} and {kind} of the path, if the member may book there: else the page that says why.
std::variant<Place, Response> place_of(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("site"));
  const auto& slug = ctx.route_param("kind");
  const auto site = id ? find_site(ctx.db(), *id) : std::nullopt;
  if (!site || (slug != "bureau" && slug != "visio")) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Page introuvable", "Page not found"),
        escape(tr(ctx, "Ce lieu ou cette ressource n’existe pas.", "This place or this resource does not exist.")));
  }
  if (!member_may_use_site(ctx.db(), ctx.member_session->member.id, site->id)) {
    return member_error_page(ctx, bh::status::forbidden, tr(ctx, "Lieu non compris", "Place not included"),
                             escape(tr(ctx, "Votre adhésion ne comprend pas ce lieu : choisissez-en un autre.",
                                       "Your membership does not include this place: choose another one.")));
  }
  Place p{*site, slug == "bureau" ? ResourceKind::Desk : ResourceKind::VisioRoom, {}};
  for (auto& r : list_resources(ctx.db(), site->id))
    if (r.kind == p.kind) p.resources.push_back(std::move(r));
  if (p.resources.empty()) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Rien à réserver ici", "Nothing to book here"),
        escape(p.kind == ResourceKind::Desk
                   ? tr(ctx, "Ce lieu n’a pas de bureau à réserver.", "This place has no desk to book.")
                   : tr(ctx, "Ce lieu n’a pas de salle visio.", "This place has no video room.")));
  }
  return p;
}

OpeningHours hours_of(const Site& s) {
  return OpeningHours::parse(s.opening_hours).value_or(OpeningHours{});
}

// « Répéter chaque semaine jusqu’au … » (optional).
Html repeat_fields(const WebContext& ctx, const std::string& until, std::string_view error) {
  return "<fieldset class=\"field\"><legend>" + escape(tr(ctx, "Chaque semaine ?", "Every week?")) + "</legend>" +
         text_field("jusqu_au",
                    tr(ctx, "Répéter chaque semaine jusqu’au (facultatif)", "Repeat every week until (optional)"),
                    until, "", "date",
                    tr(ctx, "Les jours fériés et de fermeture sont sautés, et listés.",
                       "Public holidays and closed days are skipped, and listed."),
                    error) +
         "</fieldset>";
}

Response desk_page(WebContext& ctx, const Place& p, std::string_view chosen, const std::string& until,
                   std::string_view error, bh::status status = bh::status::ok) {
  const auto today = paris_civil_date(ctx.now);
  CivilDate first = today;
  if (const auto asked = parse_iso_date(ctx.param("du")); asked && *asked > today) first = *asked;
  const auto grids = site_availability(ctx.db(), p.site.id, first, kDaysShown, ctx.now, ctx.member_session->member.id);
  const auto hours = hours_of(p.site);
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Réserver un bureau", "Book a desk");
  page.subtitle = p.site.name;
  if (!error.empty()) page.body += notice(NoticeKind::Error, "<a href=\"#choix\">" + escape(error) + "</a>");
  page.body += "<form method=\"post\" action=\"/moi/reserver/" + Html::number(p.site.id) + "/bureau\">" +
               member_csrf_field(ctx) + "<fieldset class=\"field\" id=\"choix\"><legend>" +
               escape(tr(ctx, "Quel jour, quel moment ?", "Which day, which part?")) + "</legend>";
  int choices = 0;
  for (const auto& grid : grids) {
    const auto parts = day_parts(hours, grid.day);
    page.body += "<div class=\"day-choice\"><p class=\"when\">" + escape(day_label(ctx, grid.day)) + "</p>";
    if (parts.empty()) {
      page.body += "<p class=\"muted\">" + escape(tr(ctx, "Fermé", "Closed")) + "</p></div>";
      continue;
    }
    for (const auto& part : parts) {
      const auto free = static_cast<int>(free_resources(grid, p.resources, part.start, part.end).size());
      const auto value = to_iso_date(grid.day) + "|" + std::string(to_string(part_of(part.kind)));
      const auto label = part_choice_label(ctx, part);
      const bool begun = part.start <= ctx.now;
      const std::string count = begun       ? tr(ctx, "déjà commencé", "already begun")
                                : free == 0 ? tr(ctx, "complet", "full")
                                : free == 1 ? tr(ctx, "1 bureau libre", "1 desk free")
                                            : std::to_string(free) + tr(ctx, " bureaux libres", " desks free");
      const bool open = !begun && free > 0;
      page.body += "<label class=\"choice\"><input type=\"radio\" name=\"moment\" value=\"" + escape(value) + "\"" +
                   (value == chosen ? Html(" checked") : Html()) + (open ? Html() : Html(" disabled")) + "><span>" +
                   escape(label) + "<span class=\"count " + (open ? Html("free") : Html("muted")) + "\">" +
                   escape(count) + "</span></span></label>";
      if (!begun && free == 0) {
        // Full: « Prévenez-moi si une place se libère » (this button sends the same form to the waiting list).
        page.body += "<button type=\"submit\" class=\"secondary wait\" formaction=\"/moi/attente/" +
                     Html::number(p.site.id) + "\" name=\"attente\" value=\"" + escape(value) + "\">" +
                     escape(tr(ctx, "Prévenez-moi si une place se libère", "Tell me if a place frees up")) +
                     "</button>";
      }
      ++choices;
    }
    page.body += "</div>";
  }
  page.body += "</fieldset>" + repeat_fields(ctx, until, {}) + "<button type=\"submit\">" +
               escape(tr(ctx, "Réserver", "Book")) + "</button></form>";
  const auto next = add_days(first, kDaysShown - 1);
  page.body += "<p><a href=\"/moi/reserver/" + Html::number(p.site.id) + "/bureau?du=" + escape(to_iso_date(next)) +
               "\">" + escape(tr(ctx, "Jours suivants", "Next days")) + "</a></p>";
  if (choices == 0)
    page.body += notice(NoticeKind::Info,
                        escape(tr(ctx, "Le lieu est fermé ces jours-là.", "The place is closed on those days.")));
  return member_page(ctx, page, status);
}

Response visio_page(WebContext& ctx, const Place& p, const std::string& date, const std::string& start,
                    const std::string& length, const std::string& until, std::string_view error,
                    bh::status status = bh::status::ok) {
  const auto today = paris_civil_date(ctx.now);
  const auto hours = hours_of(p.site);
  const auto rules = site_rules(ctx.db(), p.site.id).visio_room;
  std::vector<Option> days;
  for (int i = 0; i <= rules.advance_days && days.size() < 31; ++i) {
    const auto d = add_days(today, i);
    if (!opening_intervals(hours, d).empty()) days.push_back({to_iso_date(d), day_label(ctx, d)});
  }
  std::vector<Option> starts;
  for (int m = 7 * 60; m < 21 * 60; m += 30) starts.push_back({std::to_string(m), clock_label(ctx, m)});
  std::vector<Option> lengths;
  const int max_minutes = std::min<int>(static_cast<int>(rules.max_duration.count()), 8 * 60);
  for (int m = 30; m <= max_minutes; m += 30) {
    lengths.push_back({std::to_string(m), m < 60 ? "30 min" : std::to_string(m / 60) + " h" + (m % 60 ? " 30" : "")});
  }
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Réserver la salle visio", "Book the video room");
  page.subtitle = p.site.name;
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  page.body += "<form class=\"panel\" method=\"post\" action=\"/moi/reserver/" + Html::number(p.site.id) + "/visio\">" +
               member_csrf_field(ctx) + select_field("jour", tr(ctx, "Jour", "Day"), days, date) +
               select_field("debut", tr(ctx, "À partir de", "From"), starts, start.empty() ? "840" : start) +
               select_field("duree", tr(ctx, "Pendant", "For"), lengths, length.empty() ? "60" : length) +
               repeat_fields(ctx, until, {}) + "<button type=\"submit\">" + escape(tr(ctx, "Réserver", "Book")) +
               "</button></form><p class=\"muted\"><a href=\"/lieux-du-reseau/" + Html::number(p.site.id) + "\">" +
               escape(tr(ctx, "Les horaires du lieu", "The place's opening hours")) + "</a></p>";
  return member_page(ctx, page, status);
}

Response choose_page(WebContext& ctx) {
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Réserver", "Book");
  page.body = "<p><a href=\"/lieux-du-reseau\">" +
              escape(tr(ctx, "Les lieux du réseau : adresses, horaires du jour et bureaux libres maintenant",
                        "The network's places: addresses, today's hours and desks free now")) +
              "</a></p><ul class=\"cards\">";
  const auto me = ctx.member_session->member.id;
  for (const auto& ns : network_sites(ctx.db())) {
    if (!member_may_use_site(ctx.db(), me, ns.id)) continue;
    const auto site = find_site(ctx.db(), ns.id);
    if (!site) continue;
    bool desks = false, visio = false;
    for (const auto& r : list_resources(ctx.db(), ns.id)) (r.kind == ResourceKind::Desk ? desks : visio) = true;
    if (!desks && !visio) continue;
    page.body += "<li class=\"card\"><h2>" + escape(site->name) + "</h2><p class=\"muted\">" + escape(site->address) +
                 "</p><p class=\"actions\">";
    if (desks) {
      page.body += "<a class=\"button\" href=\"/moi/reserver/" + Html::number(site->id) + "/bureau\">" +
                   escape(tr(ctx, "Un bureau", "A desk")) + "</a> ";
    }
    if (visio) {
      page.body += "<a class=\"button secondary\" href=\"/moi/reserver/" + Html::number(site->id) + "/visio\">" +
                   escape(tr(ctx, "La salle visio", "The video room")) + "</a>";
    }
    page.body += "</p></li>";
  }
  page.body += "</ul>";
  return member_page(ctx, page);
}

Response booking_form(WebContext& ctx) {
  auto place = place_of(ctx);
  if (auto* refusal = std::get_if<Response>(&place)) return std::move(*refusal);
  const auto& p = std::get<Place>(place);
  if (p.kind == ResourceKind::Desk) return desk_page(ctx, p, "", "", "");
  return visio_page(ctx, p, "", "", "", "", "");
}

Html outcome_item(const WebContext& ctx, const Place& p, const DayOutcome& d) {
  Html li = "<li class=\"outcome\"><strong>" + escape(day_label(ctx, d.day)) + "</strong> — ";
  if (d.booking) {
    li += "<span class=\"ok\">" + escape(tr(ctx, "✓ réservé : ", "✓ booked: ")) + "</span>" + escape(d.resource_name) +
          ", " +
          escape(format_time(to_paris(d.booking->start), language(ctx)) + "–" +
                 format_time(to_paris(d.booking->end), language(ctx))) +
          " · <a href=\"/ics/bookings/" + escape(d.booking->id) + ".ics\">.ics</a>";
  } else if (d.closed) {
    li += "<span class=\"skipped\">" +
          escape(d.holiday ? tr(ctx, "– sauté : jour férié", "– skipped: public holiday")
                           : tr(ctx, "– sauté : le lieu est fermé", "– skipped: the place is closed")) +
          "</span>";
  } else if (d.later) {
    li += "<span class=\"later\">" +
          escape(tr(ctx, "… sera réservé automatiquement le ", "… will be booked automatically on ") +
                 day_label(ctx, *d.later)) +
          "</span>";
  } else {
    li += "<span class=\"refused\">" + escape(tr(ctx, "✗ pas possible : ", "✗ not possible: ")) +
          escape(refusal_reason(d.refusal.value_or(Refusal::Overlap), p.kind, language(ctx))) + "</span>";
  }
  return li + "</li>";
}

Response booking_post(WebContext& ctx) {
  auto place = place_of(ctx);
  if (auto* refusal = std::get_if<Response>(&place)) return std::move(*refusal);
  const auto& p = std::get<Place>(place);
  BookingWish wish;
  wish.member_id = ctx.member_session->member.id;
  wish.site_id = p.site.id;
  wish.kind = p.kind;
  std::optional<CivilDate> day;
  const auto until_text = ctx.field("jusqu_au");
  if (p.kind == ResourceKind::Desk) {
    const auto moment = ctx.field("moment");
    const auto bar = moment.find('|');
    day = parse_iso_date(moment.substr(0, bar));
    const auto part = bar == std::string::npos ? std::nullopt : parse_booking_part(moment.substr(bar + 1));
    if (!day || !part || *part == BookingPart::Times) {
      return desk_page(
          ctx, p, moment, until_text,
          tr(ctx, "Choisissez un jour et un moment dans la liste.", "Choose a day and a part in the list."),
          bh::status::bad_request);
    }
    wish.part = *part;
  } else {
    day = parse_iso_date(ctx.field("jour"));
    const auto start = api::parse_id(ctx.field("debut"));
    const auto length = api::parse_id(ctx.field("duree"));
    if (!day || !start || !length || *start % 30 != 0 || *length % 30 != 0 || *start + *length > 24 * 60) {
      return visio_page(ctx, p, ctx.field("jour"), ctx.field("debut"), ctx.field("duree"), until_text,
                        tr(ctx, "Choisissez un jour, une heure et une durée dans les listes.",
                           "Choose a day, a time and a length in the lists."),
                        bh::status::bad_request);
    }
    wish.part = BookingPart::Times;
    wish.start_minute = static_cast<int>(*start);
    wish.end_minute = static_cast<int>(*start + *length);
  }
  auto again = [&](const std::string& error) {
    return p.kind == ResourceKind::Desk
               ? desk_page(ctx, p, ctx.field("moment"), until_text, error, bh::status::bad_request)
               : visio_page(ctx, p, ctx.field("jour"), ctx.field("debut"), ctx.field("duree"), until_text, error,
                            bh::status::bad_request);
  };
  std::vector<DayOutcome> days;
  if (!until_text.empty()) {
    const auto until = parse_iso_date(until_text);
    if (!until)
      return again(tr(ctx, "La date de fin n’est pas une date (exemple : 2027-06-30).",
                      "The end date is not a date (example: 2027-06-30)."));
    auto series = create_series(ctx.db(), wish, *day, *until, Actor{}, ctx.now);
    if (!series)
      return again(language(ctx) == Language::English ? std::string("The weekly booking is not possible.")
                                                      : french_typography(series.error()));
    days = std::move(series->days);
  } else {
    days.push_back(book_wish(ctx.db(), wish, *day, Actor{}, ctx.now));
  }
  // Confirmations and reminders were queued with the bookings: the message job sends the confirmations now.
  if (ctx.options.messages_queued) ctx.options.messages_queued();
  const bool one = days.size() == 1;
  const bool all_ok = std::all_of(days.begin(), days.end(),
                                  [](const DayOutcome& d) { return d.booking.has_value() || d.later || d.closed; });
  Page page;
  page.nav = "moi";
  page.title = one ? (days[0].booking ? tr(ctx, "C’est réservé", "It is booked")
                                      : tr(ctx, "Réservation impossible", "Cannot book"))
                   : tr(ctx, "Vos réservations de chaque semaine", "Your weekly bookings");
  page.subtitle = p.site.name;
  page.body = "<ul class=\"outcomes\">";
  for (const auto& d : days) page.body += outcome_item(ctx, p, d);
  page.body += "</ul>";
  if (!all_ok) {
    page.body += "<p>" + escape(tr(ctx, "Pour un autre moment : ", "For another time: ")) + "<a href=\"/moi/reserver/" +
                 Html::number(p.site.id) + "/" + escape(kind_slug(p.kind)) + "\">" +
                 escape(tr(ctx, "choisir à nouveau", "choose again")) + "</a>.</p>";
  }
  page.body +=
      "<p><a class=\"button\" href=\"/moi\">" + escape(tr(ctx, "Voir mes réservations", "See my bookings")) +
      "</a></p><p class=\"muted\">" +
      escape(tr(ctx, "À votre arrivée, passez votre badge à la borne : il vous enregistre sur votre réservation.",
                "When you arrive, tap your badge at the kiosk: it checks you in on your booking.")) +
      "</p>";
  const bool any_booked =
      std::any_of(days.begin(), days.end(), [](const DayOutcome& d) { return d.booking.has_value(); });
  return member_page(ctx, page, one && !any_booked ? bh::status::conflict : bh::status::ok);
}

Response stop_series_post(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("series"));
  if (!id || !cancel_series(ctx.db(), ctx.member_session->member.id, *id, ctx.now)) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Introuvable", "Not found"),
        escape(tr(ctx, "Cette réservation répétée est déjà arrêtée.", "This weekly booking is already stopped.")));
  }
  return redirect(ctx.req, "/moi?fait=serie");
}

// ---------------------------------------------------------------------------
// The link in a confirmation or a reminder: cancel that booking, no session needed.

Response link_problem(const WebContext& ctx, bh::status status, const std::string& text) {
  Page page;
  page.title = tr(ctx, "Votre réservation", "Your booking");
  page.body = notice(NoticeKind::Warning, escape(text));
  page.body +=
      "<p><a class=\"button\" href=\"/moi\">" + escape(tr(ctx, "Ouvrir Mon espace", "Open My space")) + "</a></p>";
  return member_page(ctx, page, status);
}

// The booking of the link, or the page that says what is wrong with it.
std::variant<Booking, Response> linked_booking(WebContext& ctx) {
  const auto id = booking_of_link(ctx.db(), ctx.route_param("token"), ctx.now);
  const auto b = id ? find_booking(ctx.db(), *id) : std::nullopt;
  if (!b) {
    return link_problem(ctx, bh::status::not_found,
                        tr(ctx,
                           "Ce lien n’est pas valable, ou la réservation a déjà commencé. Vos réservations sont "
                           "dans Mon espace.",
                           "This link is not valid, or the booking has already begun. Your bookings are in My space."));
  }
  return *b;
}

Response booking_link_page(WebContext& ctx, const Booking& b, bh::status status = bh::status::ok) {
  const auto resource = find_resource(ctx.db(), b.resource_id);
  const auto site = find_site(ctx.db(), b.site_id);
  Page page;
  page.title = tr(ctx, "Votre réservation", "Your booking");
  page.subtitle = site ? site->name : std::string();
  page.body = "<div class=\"card\"><p class=\"when\">" + escape(time_range(ctx, b.start, b.end)) + "</p><p>" +
              escape(resource ? resource->name : std::string()) + "</p></div>";
  if (b.status == BookingStatus::Cancelled) {
    page.body += notice(
        NoticeKind::Info,
        escape(tr(ctx,
                  "Cette réservation est annulée. Merci de l’avoir dit : la place est libre pour quelqu’un d’autre.",
                  "This booking is cancelled. Thank you for saying so: the place is free for someone else.")));
  } else if (check_cancel(b, ctx.now)) {
    page.body += notice(NoticeKind::Info, escape(tr(ctx, "Elle a déjà commencé : elle ne s’annule plus.",
                                                    "It has already begun: it can no longer be cancelled.")));
  } else {
    const auto form = make_token("");
    page.body += "<form class=\"panel\" method=\"post\" action=\"/reservation/" + escape(ctx.route_param("token")) +
                 "/annuler\">" + form_token_field(form) + "<p>" +
                 escape(tr(ctx, "Empêché·e ? Annulez : la place ira à quelqu’un d’autre.",
                           "Can't come? Cancel: the place will go to someone else.")) +
                 "</p><button type=\"submit\">" + escape(tr(ctx, "Annuler cette réservation", "Cancel this booking")) +
                 "</button></form>";
    auto res = member_page(ctx, page, status);
    res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, form, ctx.options, std::chrono::hours(1)));
    return res;
  }
  return member_page(ctx, page, status);
}

Response booking_link_get(WebContext& ctx) {
  auto b = linked_booking(ctx);
  if (auto* refusal = std::get_if<Response>(&b)) return std::move(*refusal);
  return booking_link_page(ctx, std::get<Booking>(b));
}

Response booking_link_cancel(WebContext& ctx) {
  auto linked = linked_booking(ctx);
  if (auto* refusal = std::get_if<Response>(&linked)) return std::move(*refusal);
  const auto& b = std::get<Booking>(linked);
  if (!form_token_ok(ctx)) return booking_link_page(ctx, b, bh::status::forbidden);
  const auto outcome = cancel_booking(ctx.db(), b.id, Actor{}, ctx.now);
  if (outcome.ok() && ctx.options.places_freed) ctx.options.places_freed();
  if (!outcome.ok()) return booking_link_page(ctx, *find_booking(ctx.db(), b.id), bh::status::conflict);
  spdlog::info("web: booking {} cancelled from its message's link", b.id);
  return booking_link_page(ctx, *outcome.booking);
}

// ---------------------------------------------------------------------------
// Waiting lists (store/booking_waits.hpp)

Response wait_post(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("site"));
  const auto value = ctx.field("attente");
  const auto bar = value.find('|');
  const auto day = parse_iso_date(value.substr(0, bar));
  const BookingPart part = bar == std::string::npos
                               ? BookingPart::Times
                               : parse_booking_part(value.substr(bar + 1)).value_or(BookingPart::Times);
  if (!id || !day || part == BookingPart::Times) {
    return member_error_page(
        ctx, bh::status::bad_request, tr(ctx, "Choix incomplet", "Incomplete choice"),
        escape(tr(ctx, "Choisissez un moment complet dans la liste.", "Choose a full part in the list.")));
  }
  const BookingWish wish{ctx.member_session->member.id, *id, ResourceKind::Desk, part, 0, 0};
  const auto joined = join_wait(ctx.db(), wish, *day, ctx.now);
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Liste d’attente", "Waiting list");
  if (!joined) {
    page.body = notice(NoticeKind::Warning,
                       escape(language(ctx) == Language::English ? std::string("You cannot wait for this place.")
                                                                 : french_typography(joined.error())));
  } else {
    page.body = notice(NoticeKind::Success,
                       escape(tr(ctx, "C’est noté : si une place se libère le ", "Noted: if a place frees up on ") +
                              day_label(ctx, *day) +
                              tr(ctx,
                                 ", nous vous l’envoyons aussitôt. Elle vous sera gardée 30 minutes : prenez-la avec "
                                 "le lien du message.",
                                 ", we send it to you at once. It is kept for you for 30 minutes: take it with the "
                                 "message's link.")));
  }
  page.body += "<p><a class=\"button\" href=\"/moi\">" + escape(tr(ctx, "Revenir à Mon espace", "Back to My space")) +
               "</a></p>";
  return member_page(ctx, page, joined ? bh::status::ok : bh::status::conflict);
}

Response wait_take_post(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("wait"));
  const auto w = id ? find_wait(ctx.db(), *id) : std::nullopt;
  if (!w || w->member_id != ctx.member_session->member.id) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Introuvable", "Not found"),
        escape(tr(ctx, "Cette place n’est pas dans votre espace.", "This place is not in your space.")));
  }
  const auto taken = accept_offer(ctx.db(), w->id, ctx.now);
  if (!taken) {
    return member_error_page(ctx, bh::status::gone, tr(ctx, "Trop tard", "Too late"),
                             escape(tr(ctx, taken.error(), "This place is no longer kept for you.")));
  }
  return redirect(ctx.req, "/moi?fait=place");
}

Response wait_leave_post(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("wait"));
  if (id && leave_wait(ctx.db(), ctx.member_session->member.id, *id, ctx.now)) {
    if (ctx.options.places_freed) ctx.options.places_freed();  // an offer given back: the next one waiting
    return redirect(ctx.req, "/moi?fait=attente");
  }
  return member_error_page(ctx, bh::status::not_found, tr(ctx, "Introuvable", "Not found"),
                           escape(tr(ctx, "Vous n’attendez plus cette place.", "You no longer wait for this place.")));
}

// The offer's link in its message: take the place without a session.
Response offer_page(WebContext& ctx, const WaitRow& w, bh::status status = bh::status::ok) {
  Page page;
  page.title = tr(ctx, "Une place pour vous", "A place for you");
  const auto site = find_site(ctx.db(), w.site_id);
  page.subtitle = site ? site->name : std::string();
  page.body = "<div class=\"card\"><p class=\"when\">" + escape(time_range(ctx, w.start, w.end)) + "</p></div>";
  if (w.state == WaitState::Booked) {
    page.body += notice(NoticeKind::Success, escape(tr(ctx, "Cette place est à vous : elle est dans vos réservations.",
                                                       "This place is yours: it is in your bookings.")));
  } else if (w.state != WaitState::Offered || !w.offer_expires_at || ctx.now >= *w.offer_expires_at) {
    page.body += notice(NoticeKind::Warning,
                        escape(tr(ctx, "Cette place n’est plus gardée pour vous : le temps de la prendre est passé.",
                                  "This place is no longer kept for you: the time to take it has passed.")));
  } else {
    const auto form = make_token("");
    page.body += "<form class=\"panel\" method=\"post\" action=\"/place/" + escape(ctx.route_param("token")) +
                 "/prendre\">" + form_token_field(form) + "<p>" +
                 escape(tr(ctx, "Elle vous est gardée jusqu’à ", "It is kept for you until ") +
                        format_time(to_paris(*w.offer_expires_at), language(ctx)) + ".") +
                 "</p><button type=\"submit\">" + escape(tr(ctx, "Je la prends", "I take it")) + "</button></form>";
    auto res = member_page(ctx, page, status);
    res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, form, ctx.options, std::chrono::hours(1)));
    return res;
  }
  return member_page(ctx, page, status);
}

std::variant<WaitRow, Response> linked_wait(WebContext& ctx) {
  const auto w = wait_of_link(ctx.db(), ctx.route_param("token"), ctx.now);
  if (!w) {
    return link_problem(ctx, bh::status::gone,
                        tr(ctx, "Ce lien n’est plus valable : la place n’est plus gardée pour vous.",
                           "This link is no longer valid: the place is no longer kept for you."));
  }
  return *w;
}

Response offer_get(WebContext& ctx) {
  auto w = linked_wait(ctx);
  if (auto* refusal = std::get_if<Response>(&w)) return std::move(*refusal);
  return offer_page(ctx, std::get<WaitRow>(w));
}

Response offer_take(WebContext& ctx) {
  auto linked = linked_wait(ctx);
  if (auto* refusal = std::get_if<Response>(&linked)) return std::move(*refusal);
  const auto& w = std::get<WaitRow>(linked);
  if (!form_token_ok(ctx)) return offer_page(ctx, w, bh::status::forbidden);
  const auto taken = accept_offer(ctx.db(), w.id, ctx.now);
  return offer_page(ctx, *find_wait(ctx.db(), w.id), taken ? bh::status::ok : bh::status::gone);
}

}  // namespace

std::string part_choice_label(const WebContext& ctx, const DayPart& part) {
  return part_label(ctx, part_of(part.kind)) + " (" + format_time(to_paris(part.start), language(ctx)) + "–" +
         format_time(to_paris(part.end), language(ctx)) + ")";
}

std::string part_label(const WebContext& ctx, BookingPart p) {
  switch (p) {
    case BookingPart::Morning:
      return tr(ctx, "le matin", "morning");
    case BookingPart::Afternoon:
      return tr(ctx, "l’après-midi", "afternoon");
    case BookingPart::Day:
      return tr(ctx, "la journée", "all day");
    case BookingPart::Times:
      break;
  }
  return {};
}

BookingPart part_of(DayPartKind k) {
  return k == DayPartKind::Morning     ? BookingPart::Morning
         : k == DayPartKind::Afternoon ? BookingPart::Afternoon
                                       : BookingPart::Day;
}

std::string clock_label(const WebContext& ctx, int minute) {
  LocalTime t{};
  t.hour = minute / 60;
  t.minute = minute % 60;
  return format_time(t, language(ctx));
}

Html waits_section(WebContext& ctx) {
  const auto waits = member_waits(ctx.db(), ctx.member_session->member.id, ctx.now);
  if (waits.empty()) return {};
  Html out = "<section class=\"panel\" aria-labelledby=\"mes-attentes\"><h2 id=\"mes-attentes\">" +
             escape(tr(ctx, "En attente d’une place", "Waiting for a place")) + "</h2><ul class=\"cards\">";
  for (const auto& w : waits) {
    const auto site = find_site(ctx.db(), w.site_id);
    out += "<li class=\"card\"><p class=\"when\">" + escape(time_range(ctx, w.start, w.end)) + "</p><p>" +
           escape(site ? site->name : std::string()) + "</p>";
    if (w.state == WaitState::Offered && w.offer_expires_at) {
      out += "<p><strong>" +
             escape(tr(ctx, "Une place s’est libérée ! Gardée pour vous jusqu’à ",
                       "A place is free! Kept for you until ") +
                    format_time(to_paris(*w.offer_expires_at), language(ctx))) +
             "</strong></p><form class=\"inline\" method=\"post\" action=\"/moi/attente/" + Html::number(w.id) +
             "/prendre\">" + member_csrf_field(ctx) + "<button type=\"submit\">" +
             escape(tr(ctx, "Je la prends", "I take it")) + "</button></form> ";
    } else {
      out += "<p class=\"muted\">" +
             escape(tr(ctx, "Nous vous prévenons dès qu’une place se libère.",
                       "We tell you as soon as a place frees up.")) +
             "</p>";
    }
    out += "<form class=\"inline\" method=\"post\" action=\"/moi/attente/" + Html::number(w.id) + "/quitter\">" +
           member_csrf_field(ctx) + "<button type=\"submit\" class=\"secondary\">" +
           escape(tr(ctx, "Ne plus attendre", "Stop waiting")) + "</button></form></li>";
  }
  return out + "</ul></section>";
}

void add_member_booking_rows(WebRows& rows) {
  using api::WebAccess;
  rows.get("/moi/reserver", WebAccess::MemberSession, choose_page)
      .get("/moi/reserver/{site}/{kind}", WebAccess::MemberSession, booking_form)
      .post("/moi/reserver/{site}/{kind}", WebAccess::MemberSession, booking_post)
      .post("/moi/series/{series}/arreter", WebAccess::MemberSession, stop_series_post)
      .get("/reservation/{token}", WebAccess::Public, booking_link_get)
      .post("/reservation/{token}/annuler", WebAccess::Public, booking_link_cancel)
      .post("/moi/attente/{site}", WebAccess::MemberSession, wait_post)
      .post("/moi/attente/{wait}/prendre", WebAccess::MemberSession, wait_take_post)
      .post("/moi/attente/{wait}/quitter", WebAccess::MemberSession, wait_leave_post)
      .get("/place/{token}", WebAccess::Public, offer_get)
      .post("/place/{token}/prendre", WebAccess::Public, offer_take);
}

}  // namespace escale::server::web
