// A reporting period: a calendar month (the default), a quarter, a year, or
// custom dates; and the previous comparable period shown beside it.
//
// Written in URLs and on the command line as `period=2026-11` (a month),
// `2026-T4` or `2026-Q4` (a quarter), `2026` (a year), or `from=…&to=…`
// (custom, inclusive ISO dates, at most kMaxPeriodDays days).
#pragma once

#include <string>
#include <string_view>

#include "result.hpp"
#include "time/public_holidays.hpp"

namespace escale::server::reports {

enum class PeriodKind { Month, Quarter, Year, Custom };

struct Period {
  PeriodKind kind = PeriodKind::Month;
  CivilDate first;  // Paris calendar dates, inclusive
  CivilDate last;
  friend bool operator==(const Period&, const Period&) = default;
};

inline constexpr int kMaxPeriodDays = 3 * 366 + 1;  // the longest custom period

// Reads a period from a URL's or a command's parameters. `period` empty and
// `from`/`to` empty: the month of `today`. Errors in French say what to write
// (« La période « 2026-13 » n’existe pas : écrivez par exemple 2026-11, 2026-T4 ou 2026. »).
Result<Period> parse_period(std::string_view period, std::string_view from, std::string_view to,
                            const CivilDate& today);

// The previous comparable period: the month, quarter or year before; for
// custom dates, as many days just before.
Period previous_period(const Period& p);

// What the period is compared with on the dashboard: the previous period, or
// — while `today` lies inside the period (a month not over yet) — as many
// days of the previous period as have begun of this one (« du 1er au 22
// octobre » beside November up to the 22nd), so a month in progress is not
// compared with a whole one. Such a truncated period is Custom.
Period comparable_previous(const Period& p, const CivilDate& today);

int day_count(const Period& p);
// « novembre 2026 », « 4e trimestre 2026 », « 2026 », « du 3 au 17 novembre 2026 ».
std::string label(const Period& p);
// The text parse_period reads back: "2026-11", "2026-T4", "2026", "2026-11-03..2026-11-17".
std::string to_text(const Period& p);
// For file names: "2026-11", "2026-T4", "2026", "2026-11-03_2026-11-17".
std::string file_stem(const Period& p);

}  // namespace escale::server::reports
