// The network's public pages and the public booking of help appointments
// (see public_pages.hpp).
//
// [SECTION] Pictograms   the kiosk's help topics as inline SVG
// [SECTION] Sites        hours, services, free desks, the map link
// [SECTION] Booking      the form, the confirmation
// [SECTION] Links        the SMS's link: cancel, move
// [SECTION] Rows
#include "web/public_pages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"
#include "domain/opening_hours.hpp"
#include "domain/uuid.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/public_help.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "text/log_text.hpp"
#include "text/trim.hpp"
#include "time/iso_date.hpp"
#include "web/member_frame.hpp"

namespace escale::server::web {

using mediation::HelpTopic;

// ---------------------------------------------------------------------------
// [SECTION] Pictograms: kiosk/ui/pictograms.cpp's shapes, its unit square
// scaled to 100 and its line width (size / 16) to 6.25.

Html topic_pictogram(HelpTopic topic) {
  Html out =
      "<svg class=\"picto\" viewBox=\"0 0 100 100\" aria-hidden=\"true\" focusable=\"false\" fill=\"none\" "
      "stroke=\"currentColor\" stroke-width=\"6.25\">";
  switch (topic) {
    case HelpTopic::Papers:  // an identity card: a portrait and three lines of text
      out +=
          "<rect x=\"7\" y=\"19\" width=\"86\" height=\"62\" rx=\"8\"/>"
          "<circle cx=\"32\" cy=\"40\" r=\"9.5\" fill=\"currentColor\" stroke=\"none\"/>"
          "<path d=\"M16 70A16 16 0 0 1 48 70Z\" fill=\"currentColor\" stroke=\"none\"/>"
          "<path d=\"M56 38H82M56 51H82M56 64H72\"/>";
      break;
    case HelpTopic::Caf:  // a family: two adults and a child
      out +=
          "<g fill=\"currentColor\" stroke=\"none\">"
          "<circle cx=\"22\" cy=\"20\" r=\"10.5\"/><path d=\"M8 92V48.6A12.6 12.6 0 0 1 20.6 36H23.4A12.6 12.6 0 0 1 "
          "36 48.6V92Z\"/>"
          "<circle cx=\"78\" cy=\"20\" r=\"10.5\"/><path d=\"M64 92V48.6A12.6 12.6 0 0 1 76.6 36H79.4A12.6 12.6 0 0 1 "
          "92 48.6V92Z\"/>"
          "<circle cx=\"50\" cy=\"52\" r=\"7.5\"/><path d=\"M41 92V72.1A8.1 8.1 0 0 1 49.1 64H50.9A8.1 8.1 0 0 1 "
          "59 72.1V92Z\"/></g>";
      break;
    case HelpTopic::Taxes:  // a document with a folded corner and a euro sign
      out +=
          "<path d=\"M17 6H63L83 26V94H17Z\" stroke-linejoin=\"round\"/><path d=\"M63 6V26H83M30 22H50\"/>"
          "<path d=\"M65.47 75.87A18 18 0 1 1 65.47 48.13\"/>"
          "<path d=\"M28 57H58M28 67H58\" stroke-width=\"5\"/>";
      break;
    case HelpTopic::Health:  // a medical cross in a circle
      out +=
          "<circle cx=\"50\" cy=\"50\" r=\"43\"/><g fill=\"currentColor\" stroke=\"none\">"
          "<rect x=\"40.5\" y=\"25\" width=\"19\" height=\"50\" rx=\"2\"/>"
          "<rect x=\"25\" y=\"40.5\" width=\"50\" height=\"19\" rx=\"2\"/></g>";
      break;
    case HelpTopic::Employment:  // a briefcase: handle, band and clasp
      out +=
          "<path d=\"M36 30V20A6 6 0 0 1 42 14H58A6 6 0 0 1 64 20V30\"/>"
          "<rect x=\"7\" y=\"30\" width=\"86\" height=\"55\" rx=\"8\"/><path d=\"M7 53H93\"/>"
          "<rect x=\"43\" y=\"46\" width=\"14\" height=\"15\" rx=\"2\" fill=\"currentColor\" stroke=\"none\"/>";
      break;
    case HelpTopic::Email:  // an envelope, its flap folded down
      out +=
          "<rect x=\"7\" y=\"22\" width=\"86\" height=\"56\" rx=\"4\"/>"
          "<path d=\"M9 25L50 55L91 25\" stroke-linejoin=\"round\"/>";
      break;
    case HelpTopic::Device:  // a laptop and a smartphone beside it
      out +=
          "<rect x=\"9\" y=\"25\" width=\"48\" height=\"37\" rx=\"3\"/>"
          "<rect x=\"3\" y=\"66\" width=\"60\" height=\"9\" rx=\"3\" fill=\"currentColor\" stroke=\"none\"/>"
          "<rect x=\"72\" y=\"20\" width=\"21\" height=\"55\" rx=\"4.5\"/>"
          "<path d=\"M79 28.5H86\" stroke-width=\"4.4\"/>"
          "<circle cx=\"82.5\" cy=\"67.5\" r=\"3\" fill=\"currentColor\" stroke=\"none\"/>";
      break;
    case HelpTopic::Other:  // a question mark in a speech bubble
      out +=
          "<path d=\"M7 22A14 14 0 0 1 21 8H79A14 14 0 0 1 93 22V58A14 14 0 0 1 79 72H46L25 86V72H21A14 14 0 0 1 7 "
          "58Z\" stroke-linejoin=\"round\"/>"
          "<path d=\"M39 28A11 11 0 1 1 57.78 35.78C54 42 50 42 50 48L50 51\" stroke-width=\"7.2\"/>"
          "<circle cx=\"50\" cy=\"61\" r=\"4.5\" fill=\"currentColor\" stroke=\"none\"/>";
      break;
  }
  out += "</svg>";
  return out;
}

std::string public_help_url(std::string_view public_url, std::int64_t site_id) {
  return std::string(public_url) + "/lieux-du-reseau/" + std::to_string(site_id) + "/aide";
}

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Sites

std::string site_path(std::int64_t id) {
  return "/lieux-du-reseau/" + std::to_string(id);
}

// « 03 80 92 00 00 » with no-break spaces: a number is never split over two lines.
std::string phone_text(std::string_view e164) {
  std::string out;
  for (const char c : mediation::format_phone(e164)) out += c == ' ' ? std::string("\u00A0") : std::string(1, c);
  return out;
}

Language lang_of(const WebContext& ctx) {
  return language(ctx);
}

// A time of day, « 9 h », « 12 h 30 » / "9 am".
std::string clock_text(const WebContext& ctx, int minute_of_day) {
  LocalTime t;
  t.hour = minute_of_day / 60;
  t.minute = minute_of_day % 60;
  return format_time(t, lang_of(ctx));
}

std::string clock_text(const WebContext& ctx, Instant at) {
  return format_time(to_paris(at), lang_of(ctx));
}

// « samedi 21 novembre » for a Paris date.
std::string day_text(const WebContext& ctx, const CivilDate& day) {
  return format_day(to_paris(paris_day_start(day) + std::chrono::hours(12)), lang_of(ctx));
}

// « 9 h – 12 h 30 et 14 h – 18 h », or « fermé ».
std::string ranges_text(const WebContext& ctx, const std::vector<TimeRange>& ranges) {
  if (ranges.empty()) return tr(ctx, "fermé", "closed");
  std::string out;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (i > 0) out += i + 1 == ranges.size() ? tr(ctx, " et ", " and ") : std::string(", ");
    out += clock_text(ctx, ranges[i].start_minute) + "\u202F–\u2060\u202F" + clock_text(ctx, ranges[i].end_minute);
  }
  return out;
}

std::optional<OpeningHours> hours_of(const Site& site) {
  return OpeningHours::parse(site.opening_hours);
}

const std::vector<TimeRange>& day_ranges(const OpeningHours& hours, const CivilDate& day) {
  return hours.ranges_for(iso_weekday(day), is_french_public_holiday(day));
}

// Open now until when, or when it opens next (within two weeks).
std::string open_now_text(const WebContext& ctx, const OpeningHours& hours) {
  const auto today = paris_civil_date(ctx.now);
  for (int d = 0; d < 14; ++d) {
    const auto day = add_days(today, d);
    for (const auto& [start, end] : opening_intervals(hours, day)) {
      if (ctx.now >= end) continue;
      if (ctx.now >= start)
        return tr(ctx, "Ouvert en ce moment, jusqu’à ", "Open now, until ") + clock_text(ctx, end) + ".";
      if (d == 0)
        return tr(ctx, "Fermé en ce moment : ouvre aujourd’hui à ", "Closed now: opens today at ") +
               clock_text(ctx, start) + ".";
      const auto when = d == 1 ? tr(ctx, "demain", "tomorrow") : day_text(ctx, day);
      return tr(ctx, "Fermé aujourd’hui : ouvre ", "Closed today: opens ") + when + tr(ctx, " à ", " at ") +
             clock_text(ctx, start) + ".";
    }
  }
  return tr(ctx, "Pas d’ouverture prévue dans les deux semaines à venir.", "No opening planned in the next two weeks.");
}

// The seven days from today, each with its hours.
Html week_list(const WebContext& ctx, const OpeningHours& hours, bool with_heading) {
  const auto today = paris_civil_date(ctx.now);
  Html out = "<ul class=\"week\">";
  for (int d = 0; d < 7; ++d) {
    const auto day = add_days(today, d);
    const auto& ranges = day_ranges(hours, day);
    std::string label = day_text(ctx, day);
    if (d == 0) label = tr(ctx, "Aujourd’hui, ", "Today, ") + label;
    out += "<li" + (d == 0 ? Html(" class=\"today\"") : Html()) + "><span class=\"day\">" + escape(label) +
           "</span> <span class=\"hours\">" + escape(ranges_text(ctx, ranges)) +
           (is_french_public_holiday(day) ? escape(tr(ctx, " (jour férié)", " (public holiday)")) : Html()) +
           "</span></li>";
  }
  out += "</ul>";
  if (!with_heading) return out;
  return "<h3>" + escape(tr(ctx, "Horaires de la semaine", "This week's hours")) + "</h3>" + out;
}

std::string query_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// OpenStreetMap at the site's coordinates when it published them, else a search for its address.
std::string map_url(const Site& site, const std::optional<SiteMediationInfo>& info) {
  if (info) {
    const auto lat = info->extra.find("latitude");
    const auto lon = info->extra.find("longitude");
    if (lat != info->extra.end() && lon != info->extra.end()) {
      return "https://www.openstreetmap.org/?mlat=" + query_encode(lat->second) + "&mlon=" + query_encode(lon->second) +
             "#map=17/" + query_encode(lat->second) + "/" + query_encode(lon->second);
    }
  }
  std::string where = site.address;
  if (info && !info->commune.empty()) where += ", " + info->postal_code + " " + info->commune;
  if (where.empty()) where = site.name;
  return "https://www.openstreetmap.org/search?query=" + query_encode(where);
}

std::string full_address(const Site& site, const std::optional<SiteMediationInfo>& info) {
  std::string out = site.address;
  if (info && !info->commune.empty() && out.find(info->commune) == std::string::npos)
    out += (out.empty() ? "" : ", ") + info->postal_code + " " + info->commune;
  return out;
}

// The site's active individual appointment types: the first is the one booked (as at the kiosk).
std::vector<mediation::AppointmentType> help_types(store::Database& db, std::int64_t site_id, bool collective) {
  std::vector<mediation::AppointmentType> out;
  for (const auto& t : help_agenda(db, site_id).types)
    if (t.active && t.collective == collective) out.push_back(t);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

// « 3 bureaux libres cet après-midi »: desks free from now (the next half-hour) to the end of the part of the
// day under way or next today; empty when the site has no desk or nothing is left of the day.
std::string free_desks_text(WebContext& ctx, const Site& site, const OpeningHours& hours,
                            const std::vector<Resource>& resources) {
  std::vector<std::int64_t> desks;
  for (const auto& r : resources)
    if (r.kind == ResourceKind::Desk) desks.push_back(r.id);
  if (desks.empty()) return {};
  const auto today = paris_civil_date(ctx.now);
  const auto grids = site_availability(ctx.db(), site.id, today, 1, ctx.now);
  if (grids.empty() || grids.front().slot_count == 0) return {};
  const auto& grid = grids.front();
  for (const auto& part : day_parts(hours, today)) {
    if (part.kind == DayPartKind::Day || ctx.now >= part.end) continue;
    // From the first whole half-hour still to come.
    auto from = part.start;
    while (from < ctx.now) from += kBookingGrain;
    if (from >= part.end) continue;
    int free = 0;
    for (std::size_t row = 0; row < grid.resource_ids.size(); ++row) {
      if (std::find(desks.begin(), desks.end(), grid.resource_ids[row]) == desks.end()) continue;
      if (grid.all_free(row, from, part.end)) ++free;
    }
    const bool morning = part.kind == DayPartKind::Morning;
    if (free == 0)
      return morning ? tr(ctx, "Aucun bureau libre ce matin.", "No desk free this morning.")
                     : tr(ctx, "Aucun bureau libre cet après-midi.", "No desk free this afternoon.");
    const auto n = std::to_string(free);
    if (language(ctx) == Language::English)
      return n + (free == 1 ? " desk" : " desks") + " free this " + (morning ? "morning." : "afternoon.");
    return n + (free == 1 ? " bureau libre" : " bureaux libres") + (morning ? " ce matin." : " cet après-midi.");
  }
  return {};
}

Html services_list(WebContext& ctx, const Site& site, const std::vector<Resource>& resources) {
  const auto desks =
      std::count_if(resources.begin(), resources.end(), [](const Resource& r) { return r.kind == ResourceKind::Desk; });
  const auto rooms = std::count_if(resources.begin(), resources.end(),
                                   [](const Resource& r) { return r.kind == ResourceKind::VisioRoom; });
  std::vector<std::string> items;
  if (desks > 0) {
    items.push_back(language(ctx) == Language::English
                        ? std::to_string(desks) + (desks == 1 ? " coworking desk" : " coworking desks")
                        : std::to_string(desks) + (desks == 1 ? " bureau en coworking" : " bureaux en coworking"));
  }
  if (rooms > 0)
    items.push_back(rooms == 1 ? tr(ctx, "une salle de visioconférence", "a videoconference room")
                               : tr(ctx, "des salles de visioconférence", "videoconference rooms"));
  if (!help_types(ctx.db(), site.id, false).empty())
    items.push_back(tr(ctx, "de l’aide au numérique sur rendez-vous", "help with digital tools, by appointment"));
  if (!help_types(ctx.db(), site.id, true).empty())
    items.push_back(tr(ctx, "des ateliers collectifs", "group workshops"));
  if (items.empty()) return {};
  Html out = "<ul class=\"services\">";
  for (const auto& i : items) out += "<li>" + escape(i) + "</li>";
  return out + "</ul>";
}

// A site's card (the list) or its whole page's details.
Html site_details(WebContext& ctx, const Site& site, bool whole) {
  const auto info = find_site_mediation(ctx.db(), site.id);
  const auto resources = list_resources(ctx.db(), site.id);
  const auto hours = hours_of(site);
  Html out;
  const auto address = full_address(site, info);
  if (!address.empty()) out += "<p class=\"address\">" + escape(address) + "</p>";
  out += "<p><a href=\"" + escape(map_url(site, info)) + "\" rel=\"noopener\">" +
         escape(tr(ctx, "Voir sur la carte (OpenStreetMap)", "See on the map (OpenStreetMap)")) + "</a></p>";
  if (info && !info->phone.empty()) {
    out += "<p>" + escape(tr(ctx, "Téléphone : ", "Phone: ")) + "<a href=\"tel:" + escape(info->phone) + "\">" +
           escape(phone_text(info->phone)) + "</a></p>";
  }
  if (hours) {
    const auto today = paris_civil_date(ctx.now);
    out += "<p class=\"now\"><strong>" + escape(open_now_text(ctx, *hours)) + "</strong> " +
           escape(tr(ctx, "Aujourd’hui : ", "Today: ") + ranges_text(ctx, day_ranges(*hours, today)) + ".") + "</p>";
    if (const auto desks = free_desks_text(ctx, site, *hours, resources); !desks.empty())
      out += "<p class=\"desks\">" + escape(desks) + "</p>";
    if (whole) {
      out += week_list(ctx, *hours, true);
    } else {
      out += "<details class=\"week\"><summary>" + escape(tr(ctx, "Horaires de la semaine", "This week's hours")) +
             "</summary>" + week_list(ctx, *hours, false) + "</details>";
    }
  } else {
    out += "<p>" + escape(tr(ctx, "Horaires non renseignés.", "Opening hours not given.")) + "</p>";
  }
  if (const auto services = services_list(ctx, site, resources); !services.empty()) {
    out += (whole ? Html("<h3>") : Html("<p class=\"services-title\">")) + escape(tr(ctx, "Sur place", "On site")) +
           (whole ? Html("</h3>") : Html("</p>")) + services;
  }
  return out;
}

Response public_error(const WebContext& ctx, bh::status status, const std::string& title, const Html& message,
                      const Html& next) {
  Page page;
  page.title = title;
  page.body = notice(NoticeKind::Warning, message) + next;
  return member_page(ctx, page, status);
}

Html back_to_sites(const WebContext& ctx) {
  return "<p><a class=\"button secondary\" href=\"/lieux-du-reseau\">" +
         escape(tr(ctx, "Voir les lieux du réseau", "See the network's places")) + "</a></p>";
}

std::optional<Site> route_site(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("lieu"));
  return id ? find_site(ctx.db(), *id) : std::nullopt;
}

Response site_not_found(const WebContext& ctx) {
  return public_error(ctx, bh::status::not_found, tr(ctx, "Lieu introuvable", "Place not found"),
                      escape(tr(ctx, "Ce lieu n’existe pas (ou plus) dans le réseau.",
                                "This place is not (or no longer) in the network.")),
                      back_to_sites(ctx));
}

Response sites_page(WebContext& ctx) {
  const auto network = network_settings(ctx.db());
  Page page;
  page.title = tr(ctx, "Les lieux du réseau", "The network's places");
  page.subtitle = network.name;
  page.body = "<ul class=\"sites\">";
  for (const auto& site : list_sites(ctx.db())) {
    const auto id = "lieu-" + std::to_string(site.id);
    page.body += "<li class=\"site panel\"><h2 id=\"" + escape(id) + "\"><a href=\"" + escape(site_path(site.id)) +
                 "\">" + escape(site.name) + "</a></h2>" + site_details(ctx, site, false);
    if (!help_types(ctx.db(), site.id, false).empty()) {
      page.body += "<p><a class=\"button\" href=\"" + escape(site_path(site.id) + "/aide") + "\">" +
                   escape(tr(ctx, "Prendre rendez-vous pour de l’aide", "Book help with digital tools")) +
                   "<span class=\"visually-hidden\"> — " + escape(site.name) + "</span></a></p>";
    }
    page.body += "</li>";
  }
  page.body += "</ul>";
  return member_page(ctx, page);
}

Response site_page(WebContext& ctx) {
  const auto site = route_site(ctx);
  if (!site) return site_not_found(ctx);
  const auto network = network_settings(ctx.db());
  Page page;
  page.title = site->name;
  page.subtitle = network.name;
  page.body = "<section class=\"panel site\">" + site_details(ctx, *site, true) + "</section>";
  if (!help_types(ctx.db(), site->id, false).empty()) {
    page.body += "<section class=\"panel help-cta\"><h2>" +
                 escape(tr(ctx, "Besoin d’aide avec le numérique ?", "Need help with digital tools?")) + "</h2><p>" +
                 escape(tr(ctx,
                           "Un conseiller numérique vous aide, gratuitement : papiers, CAF, impôts, santé, emploi, "
                           "e-mail, téléphone ou ordinateur. Sans compte, pour vous ou pour un proche.",
                           "A digital adviser helps you, free of charge: ID papers, family benefits, taxes, health, "
                           "jobs, e-mail, phone or computer. No account needed, for you or someone close.")) +
                 "</p><p><a class=\"button\" href=\"" + escape(site_path(site->id) + "/aide") + "\">" +
                 escape(tr(ctx, "Prendre rendez-vous", "Book an appointment")) + "</a></p></section>";
  }
  page.body +=
      "<p><a href=\"/lieux-du-reseau\">" + escape(tr(ctx, "Tous les lieux du réseau", "All the places")) + "</a></p>";
  return member_page(ctx, page);
}

// ---------------------------------------------------------------------------
// [SECTION] Booking

// Bookings per client address within the last hour. In memory: a restart
// forgets them, which costs at most one more hour's worth of bookings from
// one address, and the store's rules (free slots only, one participant per
// form) hold whatever the count; the map is bounded.
class BookingLimiter {
 public:
  bool allow(const std::string& client, Instant now) {
    const std::lock_guard lock(mutex_);
    if (seen_.size() > 10000) prune(now);
    auto& times = seen_[client];
    while (!times.empty() && times.front() <= now - std::chrono::hours(1)) times.pop_front();
    if (static_cast<int>(times.size()) >= kPublicBookingsPerHour) return false;
    times.push_back(now);
    return true;
  }

 private:
  void prune(Instant now) {
    std::erase_if(seen_,
                  [&](const auto& kv) { return kv.second.empty() || kv.second.back() <= now - std::chrono::hours(1); });
  }
  std::mutex mutex_;
  std::map<std::string, std::deque<Instant>> seen_;
};

struct BookingForm {
  std::string ref;  // the participant's UUID, made when the form was shown: sent twice, it books once
  std::string topic, slot, first_name, phone, reminders;
  CivilDate from;  // the first day of slots shown
};

using Errors = std::map<std::string, std::string>;

std::string error_of(const Errors& e, const std::string& field) {
  const auto it = e.find(field);
  return it == e.end() ? std::string() : it->second;
}

// « 2026-12-08T13:30:00.000Z|12 »: a slot's start and mediator.
std::string slot_value(const mediation::HelpSlot& s) {
  return to_iso_utc(s.start) + "|" + std::to_string(s.mediator_id);
}

struct ChosenSlot {
  Instant start{};
  std::int64_t mediator_id = 0;
};
std::optional<ChosenSlot> parse_slot(std::string_view value) {
  const auto bar = value.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  const auto start = parse_iso_utc(value.substr(0, bar));
  const auto mediator = api::parse_id(value.substr(bar + 1));
  if (!start || !mediator) return std::nullopt;
  return ChosenSlot{*start, *mediator};
}

constexpr int kDaysShown = 5;  // days with free slots on one page
constexpr int kDaysLooked = 30;

// The free slots from `from`, one per start time (two mediators free at 10 h make one button), on the first
// kDaysShown days that have some; `next`: the day after the last shown, when more may follow.
struct SlotDays {
  std::vector<std::pair<CivilDate, std::vector<mediation::HelpSlot>>> days;
  std::optional<CivilDate> next;
};
SlotDays slot_days(store::Database& db, const mediation::AppointmentType& type, const CivilDate& from, Instant now) {
  SlotDays out;
  const auto slots = free_help_slots(db, type.id, from, add_days(from, kDaysLooked - 1), now);
  for (const auto& s : slots) {
    const auto day = paris_civil_date(s.start);
    if (out.days.empty() || out.days.back().first != day) {
      if (static_cast<int>(out.days.size()) == kDaysShown) {
        out.next = day;
        break;
      }
      out.days.emplace_back(day, std::vector<mediation::HelpSlot>{});
    }
    auto& list = out.days.back().second;
    if (list.empty() || list.back().start != s.start) list.push_back(s);
  }
  return out;
}

Html slot_picker(const WebContext& ctx, const SlotDays& days, const std::string& chosen, const std::string& error,
                 const std::string& page_path, const CivilDate& from, std::string_view step = "2. ") {
  Html out = "<fieldset class=\"slots\"" + invalid_attributes("slot", error) + "><legend>" +
             escape(std::string(step) + tr(ctx, "Quel jour, à quelle heure ?", "Which day, what time?")) + "</legend>" +
             field_error("slot", error);
  if (days.days.empty()) {
    out += "<p>" +
           escape(tr(ctx,
                     "Aucun horaire libre dans les semaines à venir. Appelez le lieu ou passez-y : on vous trouvera "
                     "un moment.",
                     "No free time in the coming weeks. Call or visit the place: they will find you a time.")) +
           "</p>";
  }
  for (const auto& [day, slots] : days.days) {
    out += "<fieldset class=\"day\"><legend>" + escape(day_text(ctx, day)) + "</legend><div class=\"times\">";
    for (const auto& s : slots) {
      const auto value = slot_value(s);
      out += "<label class=\"time\"><input type=\"radio\" name=\"slot\" value=\"" + escape(value) + "\"" +
             (value == chosen ? Html(" checked") : Html()) + " required><span>" + escape(clock_text(ctx, s.start)) +
             "</span></label>";
    }
    out += "</div></fieldset>";
  }
  const auto today = paris_civil_date(ctx.now);
  if (from > today || days.next) {
    out += "<p class=\"more-days\">";
    if (from > today)
      out += "<a href=\"" + escape(page_path) + "\">" +
             escape(tr(ctx, "Revenir aux premiers jours", "Back to the first days")) + "</a> ";
    if (days.next)
      out += "<a href=\"" + escape(page_path + "?du=" + to_iso_date(*days.next)) + "\">" +
             escape(tr(ctx, "Voir les jours suivants", "See the following days")) + "</a>";
    out += "</p>";
  }
  return out + "</fieldset>";
}

Html topic_picker(const WebContext& ctx, const std::string& chosen, const std::string& error) {
  Html out = "<fieldset class=\"topics\"" + invalid_attributes("topic", error) + "><legend>" +
             escape(tr(ctx, "1. De l’aide pour quoi ?", "1. Help with what?")) + "</legend>" +
             field_error("topic", error) + "<div class=\"topic-grid\">";
  for (const auto t : mediation::all_help_topics()) {
    const std::string code(mediation::to_string(t));
    out += "<label class=\"topic\"><input type=\"radio\" name=\"topic\" value=\"" + escape(code) + "\"" +
           (code == chosen ? Html(" checked") : Html()) + " required><span>" + topic_pictogram(t) + "<span>" +
           escape(std::string(mediation::help_topic_label(t, language(ctx)))) + "</span></span></label>";
  }
  return out + "</div></fieldset>";
}

Response booking_page(WebContext& ctx, const Site& site, const mediation::AppointmentType& type, BookingForm f,
                      const Errors& errors, bh::status status, const Html& banner = {}) {
  const auto token = make_token("");
  if (f.ref.empty() || !is_valid_uuid(f.ref)) f.ref = make_uuid_v4();
  const auto path = site_path(site.id) + "/aide";
  Page page;
  page.title = tr(ctx, "Prendre rendez-vous pour de l’aide", "Book help with digital tools");
  page.subtitle = site.name;
  page.body = banner;
  if (!errors.empty() && banner.empty()) {
    page.body += notice(NoticeKind::Error,
                        escape(tr(ctx, "Le rendez-vous n’est pas encore pris : lisez les messages sous les questions.",
                                  "The appointment is not booked yet: read the messages under the questions.")));
  }
  page.body += "<p>" +
               escape(tr(ctx, "Gratuit, sans compte. Pour vous ou pour un proche. Le rendez-vous dure environ ",
                         "Free, no account needed. For you or someone close. It lasts about ") +
                      std::to_string(type.duration.count()) + " min.") +
               "</p>";
  page.body += "<form class=\"panel booking\" method=\"post\" action=\"" + escape(path) + "\" novalidate>" +
               form_token_field(token) + "<input type=\"hidden\" name=\"ref\" value=\"" + escape(f.ref) +
               "\"><input type=\"hidden\" name=\"du\" value=\"" + escape(to_iso_date(f.from)) + "\">";
  page.body += topic_picker(ctx, f.topic, error_of(errors, "topic"));
  page.body +=
      slot_picker(ctx, slot_days(ctx.db(), type, f.from, ctx.now), f.slot, error_of(errors, "slot"), path, f.from);
  page.body += "<fieldset class=\"person\"><legend>" +
               escape(tr(ctx, "3. Pour qui ? (facultatif)", "3. For whom? (optional)")) + "</legend>";
  page.body += text_field("first_name", tr(ctx, "Prénom de la personne aidée", "First name of the person helped"),
                          f.first_name, "maxlength=\"60\" autocomplete=\"given-name\"", "text",
                          tr(ctx, "Pour que le conseiller sache qui attendre. Vous pouvez laisser vide.",
                             "So the adviser knows whom to expect. You may leave it empty."),
                          error_of(errors, "first_name"));
  page.body += text_field("phone", tr(ctx, "Numéro de portable", "Mobile number"), f.phone,
                          "maxlength=\"30\" autocomplete=\"tel\" inputmode=\"tel\"", "tel",
                          tr(ctx,
                             "Pour recevoir un SMS avec le lien pour annuler ou changer l’horaire. Exemple : 06 12 "
                             "34 56 78. Vous pouvez laisser vide.",
                             "To get a text message with the link to cancel or change the time. Example: 06 12 34 56 "
                             "78. You may leave it empty."),
                          error_of(errors, "phone"));
  page.body += "<label class=\"check\"><input type=\"checkbox\" name=\"reminders\" value=\"1\"" +
               (f.reminders == "1" ? Html(" checked") : Html()) + "> " +
               escape(tr(ctx, "Je veux aussi un SMS de rappel 2 jours avant et 2 heures avant.",
                         "I also want a reminder text 2 days before and 2 hours before.")) +
               "</label></fieldset>";
  page.body += "<p class=\"muted\">" +
               escape(tr(ctx,
                         "Le lieu garde le prénom et le numéro pour ce rendez-vous seulement ; ils sont effacés "
                         "deux ans après.",
                         "The place keeps the first name and number for this appointment only; they are erased "
                         "two years later.")) +
               "</p><button type=\"submit\">" + escape(tr(ctx, "Prendre ce rendez-vous", "Book this appointment")) +
               "</button></form>";
  auto res = member_page(ctx, page, status);
  res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, token, ctx.options, std::chrono::hours(2)));
  return res;
}

CivilDate first_day(const WebContext& ctx, std::string_view typed) {
  const auto today = paris_civil_date(ctx.now);
  const auto d = parse_iso_date(typed);
  if (!d || *d < today || *d > add_days(today, kDaysLooked * 3)) return today;
  return *d;
}

std::optional<mediation::AppointmentType> booked_type(WebContext& ctx, const Site& site) {
  const auto types = help_types(ctx.db(), site.id, false);
  if (types.empty()) return std::nullopt;
  return types.front();
}

Response no_help_here(const WebContext& ctx, const Site& site) {
  return public_error(ctx, bh::status::not_found, tr(ctx, "Pas de rendez-vous ici", "No appointments here"),
                      escape(site.name + tr(ctx,
                                            " ne propose pas de rendez-vous d’aide en ligne. Appelez le lieu ou "
                                            "passez-y.",
                                            " does not offer help appointments online. Call or visit the place.")),
                      "<p><a class=\"button secondary\" href=\"" + escape(site_path(site.id)) + "\">" +
                          escape(tr(ctx, "Voir le lieu", "See the place")) + "</a></p>" + back_to_sites(ctx));
}

Response booking_get(WebContext& ctx) {
  const auto site = route_site(ctx);
  if (!site) return site_not_found(ctx);
  const auto type = booked_type(ctx, *site);
  if (!type) return no_help_here(ctx, *site);
  BookingForm f;
  f.from = first_day(ctx, ctx.param("du"));
  return booking_page(ctx, *site, *type, f, {}, bh::status::ok);
}

std::string refusal_text(const WebContext& ctx, mediation::HelpRefusal r) {
  if (r == mediation::HelpRefusal::Taken)
    return tr(ctx, "Cet horaire vient d’être pris par quelqu’un d’autre : choisissez-en un autre.",
              "Someone else has just taken this time: choose another one.");
  return mediation::help_refusal_reason(r, language(ctx)) +
         tr(ctx, " Choisissez un autre horaire.", " Choose another time.");
}

Response booking_post(WebContext& ctx, BookingLimiter& limiter) {
  const auto site = route_site(ctx);
  if (!site) return site_not_found(ctx);
  const auto type = booked_type(ctx, *site);
  if (!type) return no_help_here(ctx, *site);
  BookingForm f;
  f.ref = ctx.field("ref");
  f.topic = ctx.field("topic");
  f.slot = ctx.field("slot");
  f.first_name = ctx.field("first_name");
  f.phone = ctx.field("phone");
  f.reminders = ctx.field("reminders");
  f.from = first_day(ctx, ctx.field("du"));
  if (!form_token_ok(ctx)) {
    return booking_page(
        ctx, *site, *type, f, {}, bh::status::forbidden,
        notice(NoticeKind::Warning, escape(tr(ctx,
                                              "Ce formulaire avait expiré : rien n’est enregistré. Vérifiez vos choix "
                                              "ci-dessous, puis envoyez-le à nouveau.",
                                              "This form had expired: nothing is saved. Check your choices below, then "
                                              "send it again."))));
  }
  Errors errors;
  const auto topic = mediation::parse_help_topic(f.topic);
  if (!topic) errors["topic"] = tr(ctx, "Choisissez le sujet de l’aide.", "Choose what the help is about.");
  const auto slot = parse_slot(f.slot);
  if (!slot) errors["slot"] = tr(ctx, "Choisissez un jour et une heure.", "Choose a day and a time.");
  const auto first_name = std::string(text::trim(f.first_name));
  if (first_name.size() > 60)
    errors["first_name"] = tr(ctx, "Un prénom de 60 caractères au plus.", "A first name of 60 characters at most.");
  std::optional<std::string> phone;
  if (!text::is_blank(f.phone)) {
    phone = mediation::normalise_phone(f.phone);
    if (!phone || !(phone->starts_with("+336") || phone->starts_with("+337"))) {
      errors["phone"] = tr(ctx, "Tapez un numéro de portable français, comme 06 12 34 56 78, ou laissez vide.",
                           "Type a French mobile number, like 06 12 34 56 78, or leave it empty.");
    }
  } else if (f.reminders == "1") {
    errors["phone"] =
        tr(ctx, "Pour recevoir les rappels, tapez un numéro de portable.", "To get reminders, type a mobile number.");
  }
  if (!errors.empty()) return booking_page(ctx, *site, *type, f, errors, bh::status::unprocessable_entity);
  if (!limiter.allow(ctx.client, ctx.now)) {
    spdlog::info("web: public help bookings held back for {} (too many)", log_text(ctx.client));
    auto res = booking_page(
        ctx, *site, *type, f, {}, bh::status::too_many_requests,
        notice(NoticeKind::Warning,
               escape(tr(ctx,
                         "Trop de rendez-vous pris depuis cet appareil cette dernière heure : rien n’est enregistré. "
                         "Réessayez dans une heure, ou appelez le lieu.",
                         "Too many appointments booked from this device in the last hour: nothing is saved. Try "
                         "again in an hour, or call the place."))));
    res.set(bh::field::retry_after, "3600");
    return res;
  }
  HelpRequest r;
  r.appointment_id = make_uuid_v4();
  r.site_id = site->id;
  r.type_id = type->id;
  r.mediator_id = slot->mediator_id;
  r.start = slot->start;
  auto& p = r.participant;
  p.id = is_valid_uuid(f.ref) ? f.ref : make_uuid_v4();
  p.first_name = first_name;
  p.phone = phone;
  p.reminders = phone && f.reminders == "1";
  p.topics = {*topic};
  p.added_at = ctx.now;
  const auto outcome = book_public_help(ctx.db(), r, phone.has_value(), ctx.now);
  if (outcome.ok()) {
    if (phone && ctx.options.messages_queued) ctx.options.messages_queued();
    spdlog::info("web: help appointment {} booked on the public page of site {}", outcome.appointment->id, site->id);
    return redirect(ctx.req, site_path(site->id) + "/aide/" + p.id);
  }
  const auto refusal = outcome.refusal.value_or(mediation::HelpRefusal::InvalidRequest);
  if (refusal == mediation::HelpRefusal::InvalidPhone) {
    errors["phone"] = tr(ctx, "Tapez un numéro de portable français, comme 06 12 34 56 78, ou laissez vide.",
                         "Type a French mobile number, like 06 12 34 56 78, or leave it empty.");
  } else {
    errors["slot"] = refusal_text(ctx, refusal);
    f.slot.clear();
  }
  return booking_page(
      ctx, *site, *type, f, errors,
      refusal == mediation::HelpRefusal::Taken ? bh::status::conflict : bh::status::unprocessable_entity);
}

// What to bring, by topic.
std::vector<std::string> what_to_bring(const WebContext& ctx, const std::vector<HelpTopic>& topics) {
  std::vector<std::string> out{
      tr(ctx, "votre téléphone portable (pour recevoir les codes)", "your mobile phone (to receive codes)")};
  for (const auto t : topics) {
    switch (t) {
      case HelpTopic::Papers:
        out.push_back(
            tr(ctx, "une pièce d’identité et un justificatif de domicile", "an ID document and a proof of address"));
        break;
      case HelpTopic::Caf:
        out.push_back(tr(ctx, "votre numéro d’allocataire CAF et son mot de passe, si vous les avez",
                         "your CAF claimant number and password, if you have them"));
        break;
      case HelpTopic::Taxes:
        out.push_back(tr(ctx, "votre dernier avis d’impôt (il porte votre numéro fiscal)",
                         "your last tax notice (it shows your tax number)"));
        break;
      case HelpTopic::Health:
        out.push_back(tr(ctx, "votre carte Vitale", "your Carte Vitale (health insurance card)"));
        break;
      case HelpTopic::Employment:
        out.push_back(tr(ctx, "votre identifiant France Travail et votre CV, si vous en avez un",
                         "your France Travail login and your CV, if you have one"));
        break;
      case HelpTopic::Email:
        out.push_back(tr(ctx, "votre adresse e-mail et son mot de passe, si vous en avez une",
                         "your e-mail address and its password, if you have one"));
        break;
      case HelpTopic::Device:
        out.push_back(tr(ctx, "l’appareil en question, chargé, et son chargeur",
                         "the device in question, charged, and its charger"));
        break;
      case HelpTopic::Other:
        out.push_back(tr(ctx, "les papiers qui concernent votre question", "the papers about your question"));
        break;
    }
  }
  return out;
}

const mediation::Participant* participant_in(const mediation::Appointment& a, const std::string& id) {
  for (const auto& p : a.participants)
    if (p.id == id) return &p;
  return nullptr;
}

bool still_on(const mediation::Appointment& a, const mediation::Participant& p) {
  return !a.cancelled && mediation::holds_seat(p.status);
}

// The appointment as the person reads it: what, when, with whom, where.
Html appointment_summary(WebContext& ctx, const mediation::Appointment& a, const mediation::Participant& p,
                         const Site& site) {
  Html out = "<dl class=\"appointment\">";
  if (!p.topics.empty()) {
    out += "<dt>" + escape(tr(ctx, "Pour", "About")) + "</dt><dd class=\"topic-line\">" +
           topic_pictogram(p.topics.front()) + "<span>" +
           escape(std::string(mediation::help_topic_label(p.topics.front(), language(ctx)))) + "</span></dd>";
  }
  out += "<dt>" + escape(tr(ctx, "Quand", "When")) + "</dt><dd><strong>" + escape(time_range(ctx, a.start, a.end())) +
         "</strong></dd>";
  if (const auto mediator = find_member(ctx.db(), a.mediator_id)) {
    out += "<dt>" + escape(tr(ctx, "Avec", "With")) + "</dt><dd>" + escape(mediator->first_name) + "</dd>";
  }
  const auto info = find_site_mediation(ctx.db(), site.id);
  out += "<dt>" + escape(tr(ctx, "Où", "Where")) + "</dt><dd>" + escape(site.name);
  if (const auto address = full_address(site, info); !address.empty()) out += "<br>" + escape(address);
  out += "<br><a class=\"no-print\" href=\"" + escape(map_url(site, info)) + "\" rel=\"noopener\">" +
         escape(tr(ctx, "Voir sur la carte", "See on the map")) + "</a></dd>";
  if (!p.first_name.empty())
    out += "<dt>" + escape(tr(ctx, "Pour qui", "For")) + "</dt><dd>" + escape(p.first_name) + "</dd>";
  return out + "</dl>";
}

std::string site_phone(WebContext& ctx, std::int64_t site_id) {
  const auto info = find_site_mediation(ctx.db(), site_id);
  return info && !info->phone.empty() ? phone_text(info->phone) : std::string();
}

Response confirmation_page(WebContext& ctx) {
  const auto site = route_site(ctx);
  if (!site) return site_not_found(ctx);
  const auto& pid = ctx.route_param("participant");
  const auto a = is_valid_uuid(pid) ? appointment_of_participant(ctx.db(), pid) : std::nullopt;
  const auto* p = a ? participant_in(*a, pid) : nullptr;
  if (!a || p == nullptr || a->site_id != site->id) {
    return public_error(ctx, bh::status::not_found, tr(ctx, "Rendez-vous introuvable", "Appointment not found"),
                        escape(tr(ctx, "Ce rendez-vous n’existe pas : l’adresse est peut-être incomplète.",
                                  "This appointment does not exist: the address may be incomplete.")),
                        "<p><a class=\"button\" href=\"" + escape(site_path(site->id) + "/aide") + "\">" +
                            escape(tr(ctx, "Prendre rendez-vous", "Book an appointment")) + "</a></p>");
  }
  Page page;
  const bool on = still_on(*a, *p);
  page.title = on ? tr(ctx, "Votre rendez-vous est pris", "Your appointment is booked")
                  : tr(ctx, "Ce rendez-vous est annulé", "This appointment is cancelled");
  page.subtitle = site->name;
  if (ctx.param("fait") == "change" && on)
    page.body += notice(NoticeKind::Success, escape(tr(ctx, "L’horaire est changé.", "The time is changed.")));
  if (!on) {
    page.body += notice(NoticeKind::Warning, escape(tr(ctx, "Ce rendez-vous n’aura pas lieu : il a été annulé.",
                                                       "This appointment will not take place: it was cancelled.")));
  }
  page.body += "<section class=\"panel ticket\">" + appointment_summary(ctx, *a, *p, *site);
  if (on) {
    page.body += "<h2>" + escape(tr(ctx, "À apporter", "What to bring")) + "</h2><ul>";
    for (const auto& item : what_to_bring(ctx, p->topics)) page.body += "<li>" + escape(item) + "</li>";
    page.body +=
        "</ul><h2>" + escape(tr(ctx, "Pour annuler ou changer l’horaire", "To cancel or change the time")) + "</h2><p>";
    // Only the number's end: the address of this page is enough to read it, and participants' ids travel to the
    // site's kiosks (which never hold phones).
    std::string how = p->phone && p->phone->size() > 2
                          ? tr(ctx, "Touchez le lien du SMS envoyé au numéro qui finit par ",
                               "Tap the link in the text sent to the number ending in ") +
                                p->phone->substr(p->phone->size() - 2) + ". "
                          : std::string();
    const auto phone = site_phone(ctx, site->id);
    how += phone.empty() ? tr(ctx, "Ou passez au lieu.", "Or visit the place.")
                         : tr(ctx, "Ou appelez le lieu au ", "Or call the place on ") + phone + ".";
    page.body += escape(how) + "</p>";
    if (p->reminders)
      page.body += "<p>" +
                   escape(tr(ctx, "Un SMS de rappel partira 2 jours avant et 2 heures avant.",
                             "A reminder text will be sent 2 days and 2 hours before.")) +
                   "</p>";
  }
  page.body += "</section>";
  if (on) {
    page.body += "<p class=\"actions no-print\"><a class=\"button\" href=\"/ics/appointments/" + escape(a->id) +
                 ".ics\">" + escape(tr(ctx, "Ajouter à mon agenda (.ics)", "Add to my calendar (.ics)")) +
                 "</a></p><p class=\"muted no-print\">" +
                 escape(tr(ctx,
                           "Pour garder cette page, imprimez-la (menu du navigateur, « Imprimer ») ou faites une "
                           "capture d’écran.",
                           "To keep this page, print it (browser menu, « Print ») or take a screenshot.")) +
                 "</p>";
  }
  page.body += "<p class=\"no-print\"><a href=\"" + escape(site_path(site->id)) + "\">" +
               escape(tr(ctx, "Revenir au lieu", "Back to the place")) + "</a></p>";
  return member_page(ctx, page);
}

// ---------------------------------------------------------------------------
// [SECTION] Links: the SMS's link to cancel or move.

struct OpenLink {
  ParticipantLink link;
  std::optional<Site> site;
  std::optional<Response> problem;  // the page to show instead
};

OpenLink open_link(WebContext& ctx) {
  OpenLink o;
  o.link = open_participant_link(ctx.db(), ctx.route_param("token"), ctx.now);
  const auto* p = o.link.participant();
  if (o.link.problem == ActionLinkProblem::Unknown || p == nullptr) {
    o.problem = public_error(ctx, bh::status::not_found, tr(ctx, "Lien non valable", "Link not valid"),
                             escape(tr(ctx,
                                       "Ce lien n’est pas valable : il est peut-être incomplet. Copiez-le en entier "
                                       "depuis le SMS, ou appelez le lieu de votre rendez-vous.",
                                       "This link is not valid: it may be incomplete. Copy all of it from the text "
                                       "message, or call the place of your appointment.")),
                             back_to_sites(ctx));
    return o;
  }
  o.site = find_site(ctx.db(), o.link.appointment->site_id);
  const auto book_again = "<p><a class=\"button\" href=\"" + escape(site_path(o.link.appointment->site_id) + "/aide") +
                          "\">" + escape(tr(ctx, "Prendre un autre rendez-vous", "Book another appointment")) +
                          "</a></p>";
  if (o.link.problem == ActionLinkProblem::Expired) {
    o.problem = public_error(ctx, bh::status::gone, tr(ctx, "Rendez-vous passé", "Appointment past"),
                             escape(tr(ctx,
                                       "Ce rendez-vous a déjà commencé ou est passé : ce lien ne sert plus. Pour "
                                       "être aidé à nouveau, prenez un autre rendez-vous.",
                                       "This appointment has started or is over: this link no longer works. To get "
                                       "help again, book another appointment.")),
                             book_again);
    return o;
  }
  if (!still_on(*o.link.appointment, *p) || !o.site) {
    o.problem = public_error(ctx, bh::status::gone, tr(ctx, "Rendez-vous annulé", "Appointment cancelled"),
                             escape(p->status == mediation::ParticipantStatus::Excused
                                        ? tr(ctx, "Ce rendez-vous est déjà annulé : il n’y a plus rien à faire.",
                                             "This appointment is already cancelled: there is nothing more to do.")
                                        : tr(ctx,
                                             "Ce rendez-vous a été annulé par le lieu. Vous pouvez en prendre un "
                                             "autre.",
                                             "The place cancelled this appointment. You may book another one.")),
                             book_again);
  }
  return o;
}

std::string link_path(const WebContext& ctx) {
  return "/rdv/" + ctx.route_param("token");
}

Response link_page(WebContext& ctx) {
  auto o = open_link(ctx);
  if (o.problem) return std::move(*o.problem);
  const auto& a = *o.link.appointment;
  const auto& p = *o.link.participant();
  const auto token = make_token("");
  Page page;
  page.title = tr(ctx, "Votre rendez-vous", "Your appointment");
  page.subtitle = o.site->name;
  page.body = "<section class=\"panel ticket\">" + appointment_summary(ctx, a, p, *o.site) + "</section>";
  if (mediation::check_participant_cancel(a, ctx.now)) {
    const auto phone = site_phone(ctx, a.site_id);
    page.body += notice(NoticeKind::Info,
                        escape(tr(ctx, "Il faut annuler ou changer au moins 4 heures avant. ",
                                  "You must cancel or change at least 4 hours before. ") +
                               (phone.empty() ? tr(ctx, "Passez au lieu, ou venez à l’heure prévue.",
                                                   "Visit the place, or come at the planned time.")
                                              : tr(ctx, "Appelez le lieu au ", "Call the place on ") + phone + ".")));
  } else {
    page.body += "<div class=\"link-actions\"><a class=\"button\" href=\"" + escape(link_path(ctx) + "/changer") +
                 "\">" + escape(tr(ctx, "Changer d’horaire", "Change the time")) +
                 "</a><form class=\"inline\" method=\"post\" action=\"" + escape(link_path(ctx) + "/annuler") + "\">" +
                 form_token_field(token) + "<button type=\"submit\" class=\"danger\">" +
                 escape(tr(ctx, "Annuler le rendez-vous", "Cancel the appointment")) + "</button></form></div>";
  }
  auto res = member_page(ctx, page);
  res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, token, ctx.options, std::chrono::hours(2)));
  return res;
}

Response expired_form(WebContext& ctx) {
  return public_error(ctx, bh::status::forbidden, tr(ctx, "Formulaire expiré", "Form expired"),
                      escape(tr(ctx, "Ce formulaire avait expiré : rien n’est changé. Rouvrez le lien et recommencez.",
                                "This form had expired: nothing is changed. Open the link again and start over.")),
                      "<p><a class=\"button\" href=\"" + escape(link_path(ctx)) + "\">" +
                          escape(tr(ctx, "Rouvrir mon rendez-vous", "Open my appointment again")) + "</a></p>");
}

Response too_late(WebContext& ctx, std::int64_t site_id) {
  const auto phone = site_phone(ctx, site_id);
  return public_error(ctx, bh::status::conflict, tr(ctx, "Trop tard pour changer", "Too late to change"),
                      escape(tr(ctx, "Il faut annuler ou changer au moins 4 heures avant. ",
                                "You must cancel or change at least 4 hours before. ") +
                             (phone.empty() ? tr(ctx, "Passez au lieu.", "Visit the place.")
                                            : tr(ctx, "Appelez le lieu au ", "Call the place on ") + phone + ".")),
                      {});
}

Response cancel_post(WebContext& ctx) {
  if (!form_token_ok(ctx)) return expired_form(ctx);
  auto o = open_link(ctx);
  if (o.problem) return std::move(*o.problem);
  const auto& a = *o.link.appointment;
  const auto outcome = cancel_participation(ctx.db(), a.id, o.link.participant_id, Actor{}, ctx.now);
  if (!outcome.ok()) return too_late(ctx, a.site_id);
  spdlog::info("web: help appointment {} cancelled from its link", a.id);
  Page page;
  page.title = tr(ctx, "Rendez-vous annulé", "Appointment cancelled");
  page.subtitle = o.site->name;
  page.body =
      notice(NoticeKind::Success,
             escape(tr(ctx, "Votre rendez-vous du ", "Your appointment on ") + day_and_time(ctx, a.start) +
                    tr(ctx, " est annulé. Merci d’avoir prévenu.", " is cancelled. Thank you for letting us know.")));
  page.body += "<p><a class=\"button\" href=\"" + escape(site_path(a.site_id) + "/aide") + "\">" +
               escape(tr(ctx, "Prendre un autre rendez-vous", "Book another appointment")) + "</a></p>";
  auto res = member_page(ctx, page);
  res.set(bh::field::set_cookie, clear_cookie(kLinkFormCookie, ctx.options));
  return res;
}

Response move_page(WebContext& ctx, OpenLink& o, const std::string& chosen, const std::string& ref,
                   const CivilDate& from, const std::string& error, bh::status status) {
  const auto& a = *o.link.appointment;
  const auto token = make_token("");
  const auto type = find_appointment_type(ctx.db(), a.type_id);
  Page page;
  page.title = tr(ctx, "Changer d’horaire", "Change the time");
  page.subtitle = o.site->name;
  if (!error.empty())
    page.body += notice(NoticeKind::Error,
                        escape(tr(ctx, "L’horaire n’est pas changé : ", "The time is not changed: ") + error));
  page.body +=
      "<p>" + escape(tr(ctx, "Horaire prévu : ", "Planned time: ") + time_range(ctx, a.start, a.end()) + ".") + "</p>";
  page.body += "<form class=\"panel booking\" method=\"post\" action=\"" + escape(link_path(ctx) + "/changer") +
               "\" novalidate>" + form_token_field(token) + "<input type=\"hidden\" name=\"ref\" value=\"" +
               escape(is_valid_uuid(ref) ? ref : make_uuid_v4()) + "\"><input type=\"hidden\" name=\"du\" value=\"" +
               escape(to_iso_date(from)) + "\">";
  if (type) {
    page.body += slot_picker(ctx, slot_days(ctx.db(), *type, from, ctx.now), chosen,
                             error.empty() ? std::string() : error, link_path(ctx) + "/changer", from, "");
  }
  page.body += "<button type=\"submit\">" + escape(tr(ctx, "Choisir cet horaire", "Choose this time")) +
               "</button> <a class=\"button secondary\" href=\"" + escape(link_path(ctx)) + "\">" +
               escape(tr(ctx, "Garder l’horaire prévu", "Keep the planned time")) + "</a></form>";
  auto res = member_page(ctx, page, status);
  res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, token, ctx.options, std::chrono::hours(2)));
  return res;
}

Response move_get(WebContext& ctx) {
  auto o = open_link(ctx);
  if (o.problem) return std::move(*o.problem);
  if (mediation::check_participant_cancel(*o.link.appointment, ctx.now)) return too_late(ctx, o.site->id);
  return move_page(ctx, o, {}, make_uuid_v4(), first_day(ctx, ctx.param("du")), {}, bh::status::ok);
}

Response move_post(WebContext& ctx) {
  if (!form_token_ok(ctx)) return expired_form(ctx);
  auto o = open_link(ctx);
  if (o.problem) return std::move(*o.problem);
  const auto& a = *o.link.appointment;
  const auto& old = *o.link.participant();
  const auto from = first_day(ctx, ctx.field("du"));
  const auto ref = ctx.field("ref");
  const auto slot = parse_slot(ctx.field("slot"));
  if (!slot) {
    return move_page(ctx, o, {}, ref, from, tr(ctx, "Choisissez un jour et une heure.", "Choose a day and a time."),
                     bh::status::unprocessable_entity);
  }
  HelpRequest r;
  r.appointment_id = make_uuid_v4();
  r.site_id = a.site_id;
  r.type_id = a.type_id;
  r.mediator_id = slot->mediator_id;
  r.start = slot->start;
  r.participant = old;
  r.participant.id = is_valid_uuid(ref) ? ref : make_uuid_v4();
  r.participant.status = mediation::ParticipantStatus::Unknown;
  r.participant.waiting = false;
  r.participant.added_at = ctx.now;
  const bool sms = old.phone.has_value() && !old.phone->empty();
  const auto outcome = move_public_help(ctx.db(), a.id, old.id, r, sms, ctx.now);
  if (!outcome.ok()) {
    const auto refusal = outcome.refusal.value_or(mediation::HelpRefusal::InvalidRequest);
    if (refusal == mediation::HelpRefusal::NotCancellable) return too_late(ctx, a.site_id);
    return move_page(
        ctx, o, {}, make_uuid_v4(), from, refusal_text(ctx, refusal),
        refusal == mediation::HelpRefusal::Taken ? bh::status::conflict : bh::status::unprocessable_entity);
  }
  if (sms && ctx.options.messages_queued) ctx.options.messages_queued();
  spdlog::info("web: help appointment {} moved to {} from its link", a.id, outcome.appointment->id);
  auto res = redirect(ctx.req, site_path(a.site_id) + "/aide/" + r.participant.id + "?fait=change");
  res.set(bh::field::set_cookie, clear_cookie(kLinkFormCookie, ctx.options));
  return res;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Rows

void add_public_rows(WebRows& rows) {
  using api::WebAccess;
  auto limiter = std::make_shared<BookingLimiter>();
  rows.get("/lieux-du-reseau", WebAccess::Public, sites_page)
      .blocking()  // every site's hours, services and desks: not on an I/O thread
      .get("/lieux-du-reseau/{lieu}", WebAccess::Public, site_page)
      .get("/lieux-du-reseau/{lieu}/aide", WebAccess::Public, booking_get)
      .post("/lieux-du-reseau/{lieu}/aide", WebAccess::Public,
            [limiter](WebContext& ctx) { return booking_post(ctx, *limiter); })
      .get("/lieux-du-reseau/{lieu}/aide/{participant}", WebAccess::Public, confirmation_page)
      .get("/rdv/{token}", WebAccess::Public, link_page)
      .post("/rdv/{token}/annuler", WebAccess::Public, cancel_post)
      .get("/rdv/{token}/changer", WebAccess::Public, move_get)
      .post("/rdv/{token}/changer", WebAccess::Public, move_post);
}

}  // namespace escale::server::web
