// Reporting periods: reading them from a URL or a command line, the previous
// comparable period, and their French labels. Dates are Paris calendar dates;
// the calendar arithmetic is shared/booking's (add_days), so leap years and
// month lengths come from Howard Hinnant's date library.
#include "reports/period.hpp"

#include <array>
#include <charconv>

#include <date/date.h>

#include "booking/booking.hpp"  // add_days

namespace escale::server::reports {
namespace {

constexpr int kMinYear = 2000;  // reports start with Escale; four-digit years keep ISO text sortable
constexpr int kMaxYear = 2999;

constexpr std::array<std::string_view, 12> kMonths{"janvier",   "février", "mars",     "avril",
                                                   "mai",       "juin",    "juillet",  "août",
                                                   "septembre", "octobre", "novembre", "décembre"};

// French typography: a narrow no-break space before a colon.
constexpr std::string_view kColon = "\u202F:";

std::string quoted(std::string_view s) {
  return "« " + std::string(s) + " »";
}

std::string example_text() {
  return "écrivez par exemple 2026-11 (un mois), 2026-T4 (un trimestre), 2026 (une année) ou des dates from et to.";
}

// Exactly `n` ASCII digits.
std::optional<int> read_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;  // from_chars accepts a leading '-'
  }
  return value;
}

std::optional<int> read_year(std::string_view s) {
  if (s.size() != 4) return std::nullopt;
  const auto y = read_digits(s);
  if (!y || *y < kMinYear || *y > kMaxYear) return std::nullopt;
  return y;
}

int days_in_month(int year, int month) {
  const CivilDate first_of_next = month == 12 ? CivilDate{year + 1, 1, 1} : CivilDate{year, month + 1, 1};
  return add_days(first_of_next, -1).day;
}

Period month_period(int year, int month) {
  Period p;
  p.kind = PeriodKind::Month;
  p.first = CivilDate{year, month, 1};
  p.last = CivilDate{year, month, days_in_month(year, month)};
  return p;
}

Period quarter_period(int year, int quarter) {
  Period p;
  p.kind = PeriodKind::Quarter;
  p.first = CivilDate{year, 3 * (quarter - 1) + 1, 1};
  const int last_month = 3 * quarter;
  p.last = CivilDate{year, last_month, days_in_month(year, last_month)};
  return p;
}

Period year_period(int year) {
  Period p;
  p.kind = PeriodKind::Year;
  p.first = CivilDate{year, 1, 1};
  p.last = CivilDate{year, 12, 31};
  return p;
}

// Days from a to b (b − a).
int days_between(const CivilDate& a, const CivilDate& b) {
  const auto days = [](const CivilDate& d) {
    return date::sys_days{date::year{d.year} / d.month / d.day}.time_since_epoch().count();
  };
  return static_cast<int>(days(b) - days(a));
}

Result<Period> custom_period(std::string_view from, std::string_view to) {
  if (from.empty() || to.empty()) {
    return Error{"Il manque une date" + std::string(kColon) +
                 " donnez le début (from) et la fin (to), par exemple from=2026-11-03 et to=2026-11-17."};
  }
  const auto first = parse_iso_date(from);
  if (!first) {
    return Error{"La date de début " + quoted(from) + " n’existe pas" + std::string(kColon) +
                 " écrivez-la AAAA-MM-JJ, par exemple 2026-11-03."};
  }
  const auto last = parse_iso_date(to);
  if (!last) {
    return Error{"La date de fin " + quoted(to) + " n’existe pas" + std::string(kColon) +
                 " écrivez-la AAAA-MM-JJ, par exemple 2026-11-17."};
  }
  if (first->year < kMinYear || last->year > kMaxYear) {
    return Error{"Les rapports couvrent les années " + std::to_string(kMinYear) + " à " + std::to_string(kMaxYear) +
                 "."};
  }
  if (*last < *first) {
    return Error{"La date de fin (" + to_iso_date(*last) + ") est avant la date de début (" + to_iso_date(*first) +
                 ")" + std::string(kColon) + " inversez-les."};
  }
  Period p;
  p.kind = PeriodKind::Custom;
  p.first = *first;
  p.last = *last;
  if (day_count(p) > kMaxPeriodDays) {
    return Error{"Période trop longue (" + std::to_string(day_count(p)) + " jours)" + std::string(kColon) + " " +
                 std::to_string(kMaxPeriodDays) + " jours au plus. Découpez la demande."};
  }
  return p;
}

// "2026-11", "2026-T4" / "2026-Q4", "2026", "2026-11-03..2026-11-17".
Result<Period> named_period(std::string_view text) {
  const Error bad{"La période " + quoted(text) + " n’existe pas" + std::string(kColon) + " " + example_text()};
  if (const auto dots = text.find(".."); dots != std::string_view::npos) {
    return custom_period(text.substr(0, dots), text.substr(dots + 2));
  }
  if (text.size() == 4) {
    const auto y = read_year(text);
    if (!y) return bad;
    return year_period(*y);
  }
  if (text.size() != 7 || text[4] != '-') return bad;
  const auto y = read_year(text.substr(0, 4));
  if (!y) return bad;
  if (text[5] == 'T' || text[5] == 'Q' || text[5] == 't' || text[5] == 'q') {
    const auto q = read_digits(text.substr(6, 1));
    if (!q || *q < 1 || *q > 4) return bad;
    return quarter_period(*y, *q);
  }
  const auto m = read_digits(text.substr(5, 2));
  if (!m || *m < 1 || *m > 12) return bad;
  return month_period(*y, *m);
}

// « 3 », « 1er » (French writes the first day of a month as an ordinal).
std::string day_text(int day) {
  return day == 1 ? "1er" : std::to_string(day);
}

std::string month_name(int month) {
  return std::string(kMonths[static_cast<std::size_t>(month - 1)]);
}

std::string date_text(const CivilDate& d, bool with_month, bool with_year) {
  std::string out = day_text(d.day);
  if (with_month) out += " " + month_name(d.month);
  if (with_year) out += " " + std::to_string(d.year);
  return out;
}

std::string two_digits(int v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

}  // namespace

Result<Period> parse_period(std::string_view period, std::string_view from, std::string_view to,
                            const CivilDate& today) {
  const bool has_dates = !from.empty() || !to.empty();
  if (!period.empty() && has_dates) {
    return Error{"Donnez soit une période (period), soit des dates (from et to), pas les deux."};
  }
  if (!period.empty()) return named_period(period);
  if (has_dates) return custom_period(from, to);
  return month_period(today.year, today.month);
}

Period previous_period(const Period& p) {
  switch (p.kind) {
    case PeriodKind::Month:
      return p.first.month == 1 ? month_period(p.first.year - 1, 12) : month_period(p.first.year, p.first.month - 1);
    case PeriodKind::Quarter: {
      const int quarter = (p.first.month - 1) / 3 + 1;
      return quarter == 1 ? quarter_period(p.first.year - 1, 4) : quarter_period(p.first.year, quarter - 1);
    }
    case PeriodKind::Year:
      return year_period(p.first.year - 1);
    case PeriodKind::Custom:
      break;
  }
  Period prev;
  prev.kind = PeriodKind::Custom;
  prev.last = add_days(p.first, -1);
  prev.first = add_days(p.first, -day_count(p));
  return prev;
}

Period comparable_previous(const Period& p, const CivilDate& today) {
  Period previous = previous_period(p);
  if (today < p.first || p.last < today) return previous;
  Period elapsed;
  elapsed.kind = PeriodKind::Custom;
  elapsed.first = p.first;
  elapsed.last = today;
  const int days = day_count(elapsed);
  if (days >= day_count(previous)) return previous;
  previous.kind = PeriodKind::Custom;
  previous.last = add_days(previous.first, days - 1);
  return previous;
}

int day_count(const Period& p) {
  return days_between(p.first, p.last) + 1;
}

std::string label(const Period& p) {
  switch (p.kind) {
    case PeriodKind::Month:
      return month_name(p.first.month) + " " + std::to_string(p.first.year);
    case PeriodKind::Quarter: {
      const int quarter = (p.first.month - 1) / 3 + 1;
      return (quarter == 1 ? std::string("1er") : std::to_string(quarter) + "e") + " trimestre " +
             std::to_string(p.first.year);
    }
    case PeriodKind::Year:
      return std::to_string(p.first.year);
    case PeriodKind::Custom:
      break;
  }
  if (p.first == p.last) return "le " + date_text(p.first, true, true);
  const bool same_year = p.first.year == p.last.year;
  const bool same_month = same_year && p.first.month == p.last.month;
  return "du " + date_text(p.first, !same_month, !same_year) + " au " + date_text(p.last, true, true);
}

std::string to_text(const Period& p) {
  switch (p.kind) {
    case PeriodKind::Month:
      return std::to_string(p.first.year) + "-" + two_digits(p.first.month);
    case PeriodKind::Quarter:
      return std::to_string(p.first.year) + "-T" + std::to_string((p.first.month - 1) / 3 + 1);
    case PeriodKind::Year:
      return std::to_string(p.first.year);
    case PeriodKind::Custom:
      break;
  }
  return to_iso_date(p.first) + ".." + to_iso_date(p.last);
}

std::string file_stem(const Period& p) {
  if (p.kind == PeriodKind::Custom) return to_iso_date(p.first) + "_" + to_iso_date(p.last);
  return to_text(p);
}

}  // namespace escale::server::reports
