// A parser for the subset of the OSM `opening_hours` syntax described in the
// header. Errors are written for the animator who typed the hours: they quote
// the faulty part and say what was expected, in French.
#include "domain/opening_hours.hpp"

#include <date/date.h>

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <utility>

#include "result.hpp"
#include "text/trim.hpp"
#include "time/public_holidays.hpp"

namespace escale {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr std::array<std::string_view, 7> kDayCodes{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_closed_word(std::string_view w) {
  return w == "off" || w == "closed";
}

using text::trim;

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

// « … » with the narrow no-break spaces French typography puts inside them
// (and before a colon or a semicolon, in the messages below).
std::string quote(std::string_view s) {
  return concat({"«\u202F", trim(s), "\u202F»"});
}

Error unreadable_near(std::string_view part, std::string_view expected) {
  return Error{concat({"Horaires illisibles près de ", quote(part), "\u202F: ", expected})};
}

constexpr std::string_view kExpectedDays = "jours attendus comme Mo, Tu, We, Th, Fr, Sa, Su ou PH.";
constexpr std::string_view kExpectedTimes =
    "heures attendues au format HH:MM-HH:MM, par exemple 09:00-12:30, ou off pour fermé.";

// Which days a rule names. A rule without a selector names every weekday.
struct Selector {
  std::array<bool, 7> weekdays{};
  bool public_holidays = false;
};

struct Rule {
  Selector selector;
  std::vector<TimeRange> ranges;  // empty: closed
};

struct ParsedRange {
  TimeRange range;
  std::string_view text;  // for error messages
};

// Parses one rule (the text between two ';').
class RuleParser {
 public:
  explicit RuleParser(std::string_view rule) : s_(trim(rule)) {}

  Result<Rule> parse() {
    Rule rule;
    // Also accepted as one rule among others, as in the common "24/7; PH off".
    if (s_ == "24/7") {
      rule.selector.weekdays.fill(true);
      rule.ranges.push_back({0, kMinutesPerDay});
      return rule;
    }
    if (starts_selector()) {
      auto selector = parse_selector();
      if (!selector) return Error{selector.error()};
      rule.selector = *selector;
    } else {
      rule.selector.weekdays.fill(true);
    }
    auto ranges = parse_times();
    if (!ranges) return Error{ranges.error()};
    rule.ranges = std::move(*ranges);
    skip_spaces();
    if (!at_end()) {
      return unreadable_near(word_at(pos_),
                             "texte en trop\u202F; séparez les plages horaires par une virgule "
                             "et les règles par un point-virgule.");
    }
    return rule;
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  void skip_spaces() {
    while (!at_end() && is_space(s_[pos_])) ++pos_;
  }
  bool accept(char c) {
    skip_spaces();
    if (peek() != c) return false;
    ++pos_;
    skip_spaces();
    return true;
  }

  std::string_view letters_from(std::size_t pos) const {
    std::size_t end = pos;
    while (end < s_.size() && is_letter(s_[end])) ++end;
    return s_.substr(pos, end - pos);
  }

  // The space-delimited chunk around `pos`, to quote in a message.
  std::string_view word_at(std::size_t pos) const {
    if (s_.empty()) return s_;
    pos = std::min(pos, s_.size() - 1);
    while (pos > 0 && is_space(s_[pos])) --pos;
    std::size_t begin = pos;
    while (begin > 0 && !is_space(s_[begin - 1])) --begin;
    std::size_t end = pos;
    while (end < s_.size() && !is_space(s_[end])) ++end;
    return s_.substr(begin, end - begin);
  }

  bool starts_selector() const {
    const std::string_view word = letters_from(pos_);
    return !word.empty() && !is_closed_word(word);
  }

  // A day code: 0..6 for Mo..Su, 7 for PH.
  Result<int> parse_day() {
    const std::size_t start = pos_;
    const std::string_view word = letters_from(pos_);
    pos_ += word.size();
    if (word == "PH") return 7;
    const auto found = std::find(kDayCodes.begin(), kDayCodes.end(), word);
    if (found == kDayCodes.end()) return unreadable_near(word_at(start), kExpectedDays);
    return static_cast<int>(found - kDayCodes.begin());
  }

  // "Mo", "Mo-Fr", "Su-Tu" (wraps over the week end), "Mo,We,Fr", "Mo-Fr,PH".
  Result<Selector> parse_selector() {
    Selector selector;
    do {
      const std::size_t item_start = pos_;
      const auto first = parse_day();
      if (!first) return Error{first.error()};
      if (!accept('-')) {
        mark(selector, *first);
        continue;
      }
      const auto last = parse_day();
      if (!last) return Error{last.error()};
      if (*first == 7 || *last == 7) {
        return unreadable_near(word_at(item_start),
                               "PH (jours fériés) ne peut pas commencer ou finir une plage de "
                               "jours\u202F; écrivez par exemple Mo-Fr,PH.");
      }
      for (int day = *first;; day = (day + 1) % 7) {
        selector.weekdays[static_cast<std::size_t>(day)] = true;
        if (day == *last) break;
      }
    } while (accept(','));
    return selector;
  }

  static void mark(Selector& selector, int day) {
    if (day == 7) {
      selector.public_holidays = true;
    } else {
      selector.weekdays[static_cast<std::size_t>(day)] = true;
    }
  }

  // "off", "closed", or "HH:MM-HH:MM[,HH:MM-HH:MM...]".
  Result<std::vector<TimeRange>> parse_times() {
    skip_spaces();
    if (at_end()) {
      return Error{concat({"Horaires incomplets pour ", quote(s_),
                           "\u202F: indiquez les heures, par exemple 09:00-12:00, ou off pour fermé."})};
    }
    const std::string_view word = letters_from(pos_);
    if (is_closed_word(word)) {
      pos_ += word.size();
      return std::vector<TimeRange>{};
    }
    std::vector<ParsedRange> parsed;
    do {
      auto range = parse_range();
      if (!range) return Error{range.error()};
      parsed.push_back(*range);
    } while (accept(','));
    return sorted_without_overlap(std::move(parsed));
  }

  Result<ParsedRange> parse_range() {
    const std::size_t start = pos_;
    const auto from = parse_clock();
    const bool dash = from && accept('-');
    const auto to = dash ? parse_clock() : std::nullopt;
    if (!to) return unreadable_near(word_at(start), kExpectedTimes);
    const std::string_view text = s_.substr(start, pos_ - start);
    if (!from->valid() || !to->valid()) {
      return Error{concat({"Heure impossible dans ", quote(text),
                           "\u202F: les heures vont de 00:00 à 24:00 et les minutes de 00 à 59."})};
    }
    const TimeRange range{from->minutes(), to->minutes()};
    if (range.start_minute >= range.end_minute) {
      return Error{concat(
          {"Plage horaire à l’envers dans ", quote(text), "\u202F: l’heure de début doit précéder l’heure de fin."})};
    }
    return ParsedRange{range, text};
  }

  struct ClockReading {
    int hour;
    int minute;
    bool valid() const { return minute <= 59 && (hour < 24 || (hour == 24 && minute == 0)); }
    int minutes() const { return hour * 60 + minute; }
  };

  // "H:MM" or "HH:MM"; range checks come later so the message can say which.
  std::optional<ClockReading> parse_clock() {
    const std::size_t start = pos_;
    while (!at_end() && is_digit(peek())) ++pos_;
    const std::size_t hour_digits = pos_ - start;
    if (hour_digits < 1 || hour_digits > 2 || peek() != ':') return std::nullopt;
    ++pos_;
    const std::size_t minute_start = pos_;
    while (!at_end() && is_digit(peek())) ++pos_;
    if (pos_ - minute_start != 2) return std::nullopt;
    return ClockReading{to_int(s_.substr(start, hour_digits)), to_int(s_.substr(minute_start, 2))};
  }

  static int to_int(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
  }

  static Result<std::vector<TimeRange>> sorted_without_overlap(std::vector<ParsedRange> parsed) {
    std::sort(parsed.begin(), parsed.end(),
              [](const ParsedRange& a, const ParsedRange& b) { return a.range.start_minute < b.range.start_minute; });
    std::vector<TimeRange> ranges;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      if (i > 0 && parsed[i].range.start_minute < parsed[i - 1].range.end_minute) {
        return Error{concat({"Plages horaires qui se chevauchent\u202F: ", quote(parsed[i - 1].text), " et ",
                             quote(parsed[i].text), ". Corrigez l’une des deux."})};
      }
      ranges.push_back(parsed[i].range);
    }
    return ranges;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

std::vector<std::string_view> split_rules(std::string_view text) {
  std::vector<std::string_view> rules;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(';', start);
    rules.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return rules;
    start = end + 1;
  }
}

int iso_weekday_of(int year, int month, int day) {
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  return static_cast<int>(date::weekday{date::sys_days{ymd}}.iso_encoding());
}

}  // namespace

std::optional<OpeningHours> OpeningHours::parse(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<OpeningHours> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  OpeningHours hours;
  hours.text_ = std::string(text);
  bool any_rule = false;
  for (const std::string_view rule_text : split_rules(text)) {
    // Empty rules (a stray or trailing ';') say nothing, as in OSM tools.
    if (trim(rule_text).empty()) continue;
    auto rule = RuleParser(rule_text).parse();
    if (!rule) return fail(rule.error());
    any_rule = true;
    // A later rule replaces what earlier ones said about the days it names.
    for (std::size_t day = 0; day < 7; ++day) {
      if (rule->selector.weekdays[day]) hours.weekdays_[day] = rule->ranges;
    }
    if (rule->selector.public_holidays) hours.public_holidays_ = rule->ranges;
  }
  if (!any_rule) {
    return fail(concat({"Les horaires sont vides\u202F: écrivez-les par exemple ", quote("Mo-Fr 09:00-18:00"),
                        ", ou 24/7 pour toujours ouvert."}));
  }
  return hours;
}

// A PH rule wins on a public holiday wherever it stands, so « PH off » closes
// holidays even when written before the weekday rules.
const std::vector<TimeRange>& OpeningHours::ranges_for(int iso_weekday, bool public_holiday) const {
  if (iso_weekday < 1 || iso_weekday > 7) {
    throw std::out_of_range("ranges_for: ISO weekday must be 1..7");
  }
  if (public_holiday && public_holidays_) return *public_holidays_;
  return weekdays_[static_cast<std::size_t>(iso_weekday - 1)];
}

// The weekday is recomputed from the date, so a LocalTime filled in by hand
// (without its weekday) is judged correctly.
bool OpeningHours::is_open(const LocalTime& t) const {
  const bool holiday = is_french_public_holiday({t.year, t.month, t.day});
  const int minute = t.hour * 60 + t.minute;
  const auto& ranges = ranges_for(iso_weekday_of(t.year, t.month, t.day), holiday);
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const TimeRange& r) { return minute >= r.start_minute && minute < r.end_minute; });
}

}  // namespace escale
