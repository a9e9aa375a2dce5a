// The day-by-day form of opening hours. See hours_form.hpp.
#include "web/hours_form.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "text/trim.hpp"
#include "time/french_format.hpp"
#include "web/html.hpp"

namespace escale::server::web {
namespace {

constexpr std::array<std::string_view, kHoursRows> kCodes{"mo", "tu", "we", "th", "fr", "sa", "su", "ph"};
constexpr std::array<std::string_view, 7> kOsmDays{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
constexpr std::array<std::string_view, kHoursRows> kLabels{"lundi",    "mardi",  "mercredi", "jeudi",
                                                           "vendredi", "samedi", "dimanche", "jours fériés"};
constexpr std::size_t kHolidays = 7;

using text::is_blank;
using text::trim;

std::string hhmm(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

// « 8 h 30 », « 24 h » (French typography, for the messages).
std::string french_clock(int minute) {
  LocalTime t;
  t.hour = minute / 60;
  t.minute = minute % 60;
  return format_time(t);
}

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// « Lundi : » — the start of each message about a row.
std::string about(std::size_t row) {
  return capitalised(kLabels[row]) + "\u202F: ";
}

std::string in_quotes(std::string_view s) {
  return "«\u202F" + std::string(trim(s)) + "\u202F»";
}

// « Mo-We,Fr » for Monday, Tuesday, Wednesday and Friday.
std::string selector(const std::array<bool, 7>& days) {
  std::string out;
  for (std::size_t d = 0; d < 7;) {
    if (!days[d]) {
      ++d;
      continue;
    }
    std::size_t last = d;
    while (last + 1 < 7 && days[last + 1]) ++last;
    if (!out.empty()) out += ',';
    out += kOsmDays[d];
    if (last > d) out += std::string(last == d + 1 ? "," : "-") + std::string(kOsmDays[last]);
    d = last + 1;
  }
  return out;
}

std::string ranges_text(const std::vector<TimeRange>& ranges) {
  if (ranges.empty()) return "off";
  std::string out;
  for (const auto& r : ranges) out += (out.empty() ? "" : ",") + hhmm(r.start_minute) + "-" + hhmm(r.end_minute);
  return out;
}

bool fits(const std::vector<TimeRange>& ranges) {
  return ranges.size() <= 2;
}

void put(DayHoursInput& d, const std::vector<TimeRange>& ranges) {
  d.state = ranges.empty() ? "ferme" : "ouvert";
  if (!ranges.empty()) d.from1 = hhmm(ranges[0].start_minute), d.to1 = hhmm(ranges[0].end_minute);
  if (ranges.size() > 1) d.from2 = hhmm(ranges[1].start_minute), d.to2 = hhmm(ranges[1].end_minute);
}

// Reads one row into its ranges; mistakes go to `errors` under the field they concern.
std::vector<TimeRange> read_row(const HoursForm& form, std::size_t row, std::map<std::string, std::string>& errors) {
  const auto& d = form.days[row];
  const auto fail = [&](std::string_view part, std::string message) {
    errors.emplace(hours_field(row, part), about(row) + message);
  };
  const bool any_time = !is_blank(d.from1) || !is_blank(d.to1) || !is_blank(d.from2) || !is_blank(d.to2);
  const bool holidays = row == kHolidays;
  if (d.state == "ferme" || (holidays && d.state == "habituel")) {
    if (any_time) {
      fail(!is_blank(d.from1)   ? "from1"
           : !is_blank(d.to1)   ? "to1"
           : !is_blank(d.from2) ? "from2"
                                : "to2",
           std::string(d.state == "ferme" ? "«\u202Ffermé\u202F» est choisi"
                                          : "«\u202Fhoraires habituels\u202F» est choisi") +
               ", mais des heures sont écrites\u202F: effacez-les, ou choisissez «\u202Fouvert\u202F».");
    }
    return {};
  }
  if (d.state != "ouvert") {
    fail("state", holidays ? "choisissez «\u202Fhoraires habituels\u202F», «\u202Ffermé\u202F» ou «\u202Fouvert\u202F»."
                           : "choisissez «\u202Fouvert\u202F» ou «\u202Ffermé\u202F».");
    return {};
  }
  std::vector<TimeRange> ranges;
  const auto range = [&](const std::string& from, const std::string& to, std::string_view from_part,
                         std::string_view to_part, bool first) -> bool {
    const char* which = first ? "" : " de la deuxième plage";
    if (is_blank(from) && is_blank(to)) {
      if (first) {
        fail(from_part,
             "indiquez l’heure d’ouverture et l’heure de fermeture (par exemple 09:00 et 12:30), ou "
             "choisissez «\u202Ffermé\u202F».");
        return false;
      }
      return true;  // no second range
    }
    if (is_blank(from)) return fail(from_part, std::string("il manque l’heure d’ouverture") + which + "."), false;
    if (is_blank(to)) return fail(to_part, std::string("il manque l’heure de fermeture") + which + "."), false;
    const auto start = parse_clock_text(from);
    if (!start) {
      return fail(from_part, in_quotes(from) + " n’est pas une heure\u202F: écrivez-la par exemple 08:30."), false;
    }
    const auto end = parse_clock_text(to);
    if (!end) return fail(to_part, in_quotes(to) + " n’est pas une heure\u202F: écrivez-la par exemple 18:00."), false;
    if (*start == 24 * 60) return fail(from_part, "une journée s’ouvre au plus tard à 23 h 59."), false;
    if (*end <= *start) {
      return fail(to_part, "la fermeture (" + french_clock(*end) + ") doit venir après l’ouverture (" +
                               french_clock(*start) + ")."),
             false;
    }
    if (!first && !ranges.empty() && *start < ranges.back().end_minute) {
      return fail(from_part, "la deuxième plage doit commencer après la fin de la première (" +
                                 french_clock(ranges.back().end_minute) + ")."),
             false;
    }
    ranges.push_back({*start, *end});
    return true;
  };
  if (range(d.from1, d.to1, "from1", "to1", true)) range(d.from2, d.to2, "from2", "to2", false);
  return ranges;
}

}  // namespace

std::string hours_field(std::size_t row, std::string_view part) {
  return "h-" + std::string(kCodes.at(row)) + "-" + std::string(part);
}

std::string_view hours_row_label(std::size_t row) {
  return kLabels.at(row);
}

std::optional<int> parse_clock_text(std::string_view typed) {
  const auto s = trim(typed);
  std::size_t i = 0;
  int hour = 0, digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 3) hour = hour * 10 + (s[i++] - '0'), ++digits;
  if (digits < 1 || digits > 2) return std::nullopt;
  while (i < s.size() && s[i] == ' ') ++i;
  int minute = 0;
  if (i < s.size()) {
    if (s[i] != ':' && s[i] != 'h' && s[i] != 'H') return std::nullopt;
    const bool colon = s[i] == ':';
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') minute = minute * 10 + (s[i++] - '0');
    const std::size_t minute_digits = i - start;
    // « 8:3 » is ambiguous; « 8 h » and « 8:00 » are not.
    if (i != s.size() || minute_digits > 2 || (minute_digits == 1) || (colon && minute_digits == 0))
      return std::nullopt;
  }
  if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return std::nullopt;
  return hour * 60 + minute;
}

std::optional<HoursForm> hours_form_from(const OpeningHours& hours) {
  HoursForm form;
  for (int d = 1; d <= 7; ++d) {
    const auto& ranges = hours.ranges_for(d, false);
    if (!fits(ranges)) return std::nullopt;
    put(form.days[static_cast<std::size_t>(d - 1)], ranges);
  }
  bool usual = true;
  for (int d = 1; d <= 7; ++d) usual = usual && hours.ranges_for(d, true) == hours.ranges_for(d, false);
  auto& ph = form.days[kHolidays];
  if (usual) {
    ph.state = "habituel";
  } else {
    const auto& ranges = hours.ranges_for(1, true);
    if (!fits(ranges)) return std::nullopt;
    put(ph, ranges);
  }
  return form;
}

HoursFormOutcome hours_text(const HoursForm& form) {
  HoursFormOutcome out;
  std::array<std::vector<TimeRange>, 7> weekdays;
  for (std::size_t d = 0; d < 7; ++d) weekdays[d] = read_row(form, d, out.errors);
  auto holidays = read_row(form, kHolidays, out.errors);
  if (!out.errors.empty()) return out;
  std::optional<std::vector<TimeRange>> ph;
  if (form.days[kHolidays].state != "habituel") ph = std::move(holidays);
  out.text = osm_text(weekdays, ph);
  return out;
}

std::string osm_text(const std::array<std::vector<TimeRange>, 7>& weekdays,
                     const std::optional<std::vector<TimeRange>>& public_holidays) {
  std::string out;
  std::array<bool, 7> done{};
  for (std::size_t d = 0; d < 7; ++d) {
    if (done[d] || weekdays[d].empty()) continue;
    std::array<bool, 7> same{};
    for (std::size_t e = d; e < 7; ++e) same[e] = !done[e] && weekdays[e] == weekdays[d];
    for (std::size_t e = 0; e < 7; ++e) done[e] = done[e] || same[e];
    out += (out.empty() ? "" : "; ") + selector(same) + " " + ranges_text(weekdays[d]);
  }
  if (public_holidays) out += (out.empty() ? "" : "; ") + std::string("PH ") + ranges_text(*public_holidays);
  return out.empty() ? "off" : out;
}

bool same_rules(const OpeningHours& a, const OpeningHours& b) {
  for (int d = 1; d <= 7; ++d) {
    if (a.ranges_for(d, false) != b.ranges_for(d, false)) return false;
    if (a.ranges_for(d, true) != b.ranges_for(d, true)) return false;
  }
  return true;
}

Html hours_form_html(const HoursForm& form, const std::map<std::string, std::string>& errors) {
  const auto error_of = [&](const std::string& name) -> std::string_view {
    const auto it = errors.find(name);
    return it == errors.end() ? std::string_view() : std::string_view(it->second);
  };
  Html out = "<div class=\"hours\">";
  for (std::size_t row = 0; row < kHoursRows; ++row) {
    const auto& d = form.days[row];
    const bool holidays = row == kHolidays;
    out += "<fieldset class=\"day\"><legend>" + escape(capitalised(kLabels[row])) + "</legend>";
    // The row's messages first, each naming its field (aria-describedby links them).
    Html controls;
    const auto state = hours_field(row, "state");
    std::vector<Option> states;
    if (holidays) states.push_back({"habituel", "Horaires habituels du jour"});
    states.push_back({"ouvert", "Ouvert"});
    states.push_back({"ferme", "Fermé"});
    controls += select_field(state, holidays ? "Ces jours-là" : "Ce jour-là", states, d.state, {}, error_of(state));
    const std::pair<const char*, const char*> parts[] = {
        {"from1", "Ouverture"}, {"to1", "Fermeture"}, {"from2", "Réouverture (facultatif)"}, {"to2", "Fermeture"}};
    const std::string* values[] = {&d.from1, &d.to1, &d.from2, &d.to2};
    for (std::size_t i = 0; i < 4; ++i) {
      if (i == 2) controls += "</div><div class=\"range\">";
      if (i == 0) controls += "<div class=\"range\">";
      const auto name = hours_field(row, parts[i].first);
      controls += text_field(name, parts[i].second, *values[i], {}, "time", {}, error_of(name));
    }
    controls += "</div>";
    out += controls + "</fieldset>";
  }
  return out + "</div>";
}

}  // namespace escale::server::web
