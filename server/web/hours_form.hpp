// The site's opening hours as a day-by-day form: for each day of the week
// and for public holidays, closed or up to two ranges of hours, turned into
// the OpenStreetMap text the kiosks read (domain/opening_hours.hpp) and back.
//
// The form is plain data (what was typed, as text) so that a form with a
// mistake comes back exactly as typed. The OSM text it makes is canonical:
// days with the same hours grouped (« Mo-Fr 08:30-12:30,13:30-18:00 »),
// closed days left out (closed is OSM's default), public holidays last
// (« PH off »), « off » alone for a site always closed. The same rules come
// back from parsing it: what the form shows is what the kiosks apply.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/opening_hours.hpp"
#include "web/html.hpp"

namespace escale::server::web {

// One row of the form. `state`: "ouvert" or "ferme"; public holidays also
// "habituel" (the weekday's usual hours).
struct DayHoursInput {
  std::string state = "ferme";
  std::string from1, to1, from2, to2;  // « 08:30 », as typed (also « 8 h 30 », « 8h »)
};

inline constexpr std::size_t kHoursRows = 8;  // Mo..Su, then public holidays
struct HoursForm {
  std::array<DayHoursInput, kHoursRows> days;
};

// The form's field names: « h-mo-state », « h-mo-from1 », … « h-ph-to2 ».
std::string hours_field(std::size_t row, std::string_view part);
// « lundi » … « dimanche », « jours fériés ».
std::string_view hours_row_label(std::size_t row);

// The form showing `hours`, or nullopt when they do not fit it (a day with
// more than two ranges): then only the OSM field can change them.
std::optional<HoursForm> hours_form_from(const OpeningHours& hours);

// The form as posted (a field getter: name → value, "" when absent).
template <typename Get>
HoursForm read_hours_form(Get&& get) {
  HoursForm form;
  for (std::size_t row = 0; row < kHoursRows; ++row) {
    auto& d = form.days[row];
    d.state = get(hours_field(row, "state"));
    d.from1 = get(hours_field(row, "from1"));
    d.to1 = get(hours_field(row, "to1"));
    d.from2 = get(hours_field(row, "from2"));
    d.to2 = get(hours_field(row, "to2"));
  }
  return form;
}

// The OSM text of a form, or the mistakes: field name → French message
// (« Mardi : la fermeture (12 h) doit venir après l’ouverture (14 h). »).
struct HoursFormOutcome {
  std::optional<std::string> text;
  std::map<std::string, std::string> errors;  // by field name; several per form
};
HoursFormOutcome hours_text(const HoursForm& form);

// Canonical OSM text of weekday ranges (Mo..Su) and the public-holiday rule (nullopt: usual hours).
std::string osm_text(const std::array<std::vector<TimeRange>, 7>& weekdays,
                     const std::optional<std::vector<TimeRange>>& public_holidays);

// Do both give the same hours on every weekday, holiday or not?
bool same_rules(const OpeningHours& a, const OpeningHours& b);

// « 08:30 », « 8:30 », « 8 h 30 », « 8h30 », « 8 h », « 8 » → minutes after midnight (0..1440);
// nullopt when it is not an hour of the day.
std::optional<int> parse_clock_text(std::string_view typed);

// The form's HTML: one fieldset per day (legend: the day), a select
// « ouvert / fermé » and two ranges of <input type="time">; a field with a
// mistake is marked (aria-invalid, the message next to it).
Html hours_form_html(const HoursForm& form, const std::map<std::string, std::string>& errors);

}  // namespace escale::server::web
