// The dashboard (see dashboard.hpp; every definition in docs/METRICS.md), in
// three layers:
//   the queries       store/dashboard_rows.hpp: every row one request reads,
//                     in one read snapshot, site by site along indexes;
//   the metrics       reports/dashboard_metrics.hpp: pure functions adding up
//                     a period's rows (tested without SQL);
//   the presentation  here: the figures and tables named in French (with the
//                     English catalogue beside), and the JSON.
// The current and the previous period go through the same code.
//
// [SECTION] Figures
// [SECTION] Tables
// [SECTION] English catalogue
// [SECTION] JSON
#include "reports/dashboard.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "booking/booking.hpp"  // add_days, iso_weekday
#include "domain/member.hpp"
#include "mediation/activity.hpp"
#include "mediation/partners.hpp"
#include "reports/communes.hpp"
#include "reports/stats_rollup.hpp"
#include "store/dashboard_rows.hpp"
#include "time/french_format.hpp"

namespace escale::server::reports {
namespace {

constexpr std::string_view kNnbsp = "\u202F";

//-----------------------------------------------------------------------------
// [SECTION] Figures
//-----------------------------------------------------------------------------

struct FigureDef {
  std::string_view key;
  std::string_view label;
  std::string_view note;
  Better better = Better::Up;
};

// In the order of docs/METRICS.md.
constexpr FigureDef kFigures[] = {
    {"visits", "Passages", "passages des membres et passages anonymes : des visites, pas des personnes"},
    {"unique_visitors", "Membres venus", "personnes distinctes : chaque membre compte une fois"},
    {"walk_ins", "Passages anonymes", "visiteurs de passage sans badge : des visites, pas des personnes",
     Better::Neither},
    {"new_members", "Nouveaux membres", "inscription ou premier passage dans la période"},
    {"average_visit_minutes", "Durée moyenne d’une visite", "visites sans sortie badgée closes à la fermeture",
     Better::Neither},
    {"auto_closed_visits", "Visites closes automatiquement", "sans sortie badgée : closes à l’heure de fermeture",
     Better::Down},
    {"desk_occupancy_average", "Occupation moyenne des bureaux", "pendant les heures d’ouverture"},
    {"desk_occupancy_peak", "Occupation maximale des bureaux", "au moment le plus chargé", Better::Neither},
    {"desk_utilisation", "Utilisation des bureaux", "heures réservées ÷ heures d’ouverture des bureaux"},
    {"space_usage", "Bureaux utilisés", "part des bureaux réservés au moins une fois"},
    {"room_utilisation", "Utilisation de la salle visio", "heures réservées ÷ heures d’ouverture"},
    {"room_used_hours", "Heures de visio utilisées", "réservations où la personne est venue"},
    {"bookings_started", "Réservations commencées", ""},
    {"no_show_rate", "Réservations non honorées", "personne venue trop tard ou pas du tout", Better::Down},
    {"accompaniments", "Accompagnements", "individuels et participations aux ateliers"},
    {"individual_accompaniments", "Accompagnements individuels", ""},
    {"collective_accompaniments", "Participations aux ateliers", ""},
    {"workshops", "Ateliers", ""},
    {"people_helped", "Personnes accompagnées", "personnes nommées distinctes"},
    {"anonymous_accompaniments", "Accompagnements anonymes", "sans nom : comptés à part", Better::Neither},
    {"procedure_people", "Personnes aidées pour des démarches en ligne",
     "personnes nommées distinctes, fiches au thème des démarches administratives"},
    {"procedure_anonymous", "Démarches en ligne : accompagnements anonymes", "sans nom : comptés à part",
     Better::Neither},
    {"network_visitors", "Visiteurs d’autres lieux du réseau", "membres inscrits dans un autre lieu que celui visité",
     Better::Neither},
    {"multi_site_members", "Membres venus dans plusieurs lieux", "membres venus dans au moins deux lieux du réseau",
     Better::Neither},
};

// French typography in notes: a narrow no-break space before a colon.
std::string typeset(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':' && !out.empty() && out.back() == ' ') {
      out.pop_back();
      out += kNnbsp;
    }
    out += c;
  }
  return out;
}

std::vector<Figure> make_figures(const std::map<std::string, Value>& current,
                                 const std::map<std::string, Value>& previous) {
  std::vector<Figure> out;
  for (const auto& def : kFigures) {
    Figure f;
    f.key = def.key;
    f.label = def.label;
    f.current = current.at(f.key);
    f.previous = previous.at(f.key);
    f.note = typeset(def.note);
    f.better = def.better;
    out.push_back(std::move(f));
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Tables
//-----------------------------------------------------------------------------

std::string french_day_label(const CivilDate& d, bool with_year) {
  LocalTime t;
  t.year = d.year;
  t.month = d.month;
  t.day = d.day;
  t.weekday = iso_weekday(d);
  std::string out = format_day(t, Language::French);
  if (with_year) out += " " + std::to_string(d.year);
  return out;
}

Table visits_by_day(const PeriodData& p, const std::string& today) {
  Table t;
  t.key = "visits_by_day";
  t.title = "Passages et accompagnements par jour";
  t.first_column = "Jour";
  t.column_keys = {"visits", "walk_ins", "members", "accompaniments"};
  t.columns = {"Passages", "Passages anonymes", "Membres", "Accompagnements"};
  const bool with_year = p.period.first.year != p.period.last.year;
  CivilDate d = p.period.first;
  for (const DayLine& line : p.days) {
    TableRow row;
    row.key = to_iso_date(d);
    row.label = french_day_label(d, with_year);
    if (row.key > today) {  // not yet: no data rather than zeros
      row.cells = {no_data(Unit::Count), no_data(Unit::Count), no_data(Unit::People), no_data(Unit::Count)};
    } else {
      // A day's members are summed over sites (someone at two sites the same day counts twice).
      row.cells = {count_value(line.visits, line.members + line.walk_ins), count_value(line.walk_ins, line.walk_ins),
                   people_value(line.members), count_value(line.accompaniments, line.accompaniments)};
    }
    t.rows.push_back(std::move(row));
    d = add_days(d, 1);
  }
  return t;
}

// Rows Monday to Sunday; columns the hours of heat_hours (Paris wall clock).
Table heat_map(const PeriodData& p, const std::vector<SiteInfo>& sites) {
  const auto [first_hour, last_hour] = heat_hours(p, sites);
  static constexpr std::string_view kDays[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  static constexpr std::string_view kDayKeys[] = {"mo", "tu", "we", "th", "fr", "sa", "su"};
  Table t;
  t.key = "heat_map";
  t.title = "Arrivées par jour de la semaine et par heure";
  t.first_column = "Jour";
  for (int h = first_hour; h <= last_hour; ++h) {
    t.column_keys.push_back((h < 10 ? "h0" : "h") + std::to_string(h));
    t.columns.push_back(std::to_string(h) + std::string(kNnbsp) + "h");
  }
  for (std::size_t d = 0; d < 7; ++d) {
    TableRow row;
    row.key = kDayKeys[d];
    row.label = kDays[d];
    for (int h = first_hour; h <= last_hour; ++h) {
      const std::int64_t n = p.heat[d][static_cast<std::size_t>(h)];
      row.cells.push_back(count_value(n, n));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table themes_table(const PeriodData& p) {
  Table t;
  t.key = "themes";
  t.title = "Thèmes des accompagnements (fiches d’activité)";
  t.first_column = "Thème";
  t.column_keys = {"accompaniments"};
  t.columns = {"Accompagnements"};
  for (const auto list : {mediation::general_themes(), mediation::administrative_themes()}) {
    for (const auto& theme : list) {
      TableRow row;
      row.key = theme.code;
      row.label = theme.label;
      const auto it = p.themes.find(std::string(theme.code));
      const std::int64_t n = it == p.themes.end() ? 0 : it->second;
      row.cells.push_back(count_value(n, n));
      t.rows.push_back(std::move(row));
    }
  }
  // Most frequent first; ties keep the official order (general, then administrative).
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const TableRow& a, const TableRow& b) {
    return a.cells[0].number.value_or(0) > b.cells[0].number.value_or(0);
  });
  return t;
}

Table duration_table(const PeriodData& p) {
  Table t;
  t.key = "duration_bands";
  t.title = "Durée des accompagnements (fiches d’activité)";
  t.first_column = "Durée";
  t.column_keys = {"activities", "accompaniments"};
  t.columns = {"Fiches", "Accompagnements"};
  for (const auto& band : mediation::duration_band_choices()) {
    TableRow row;
    row.key = band.code;
    row.label = band.label;
    const auto it = p.bands.find(std::string(band.code));
    const Band b = it == p.bands.end() ? Band{} : it->second;
    row.cells = {count_value(b.activities, b.accompaniments), count_value(b.accompaniments, b.accompaniments)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table age_table(const PeriodData& p) {
  Table t;
  t.key = "age_brackets";
  t.title = "Âge des personnes accompagnées (fiches d’activité)";
  t.first_column = "Tranche d’âge";
  t.column_keys = {"accompaniments"};
  t.columns = {"Accompagnements"};
  for (const auto& bracket : mediation::age_bracket_choices()) {
    TableRow row;
    row.key = bracket.code;
    row.label = bracket.label;
    const auto it = p.ages.find(std::string(bracket.code));
    const std::int64_t n = it == p.ages.end() ? 0 : it->second;
    row.cells.push_back(count_value(n, n));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table visitor_age_table(const PeriodData& p, const Members& members) {
  auto by_bracket = visitors_by_age(p, members);
  Table t;
  t.key = "visitor_age_brackets";
  t.title = "Âge des membres venus";
  t.first_column = "Tranche d’âge";
  t.column_keys = {"visitors", "visits"};
  t.columns = {"Membres", "Passages"};
  for (const AgeBracket a : {AgeBracket::Under12, AgeBracket::From12To18, AgeBracket::From18To35,
                             AgeBracket::From35To60, AgeBracket::From60To70, AgeBracket::Over70, AgeBracket::Unknown}) {
    TableRow row;
    row.key = to_string(a);
    row.label = age_bracket_label(a);
    const auto [people, visits] = by_bracket[a];
    row.cells = {people_value(people), count_value(visits, people)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

// One age scheme for the page (common_age, dashboard_metrics.hpp), the
// groups' keys and labels in its order. The detailed tables stay downloadable.
struct CommonAge {
  std::string_view key;
  std::string_view label;
};
constexpr CommonAge kCommonAges[] = {
    {"moins_de_12_ans", "Moins de 12 ans"}, {"12_17_ans", "12 à 17 ans"},         {"18_59_ans", "18 à 59 ans"},
    {"60_69_ans", "60 à 69 ans"},           {"70_ans_et_plus", "70 ans et plus"}, {"non_renseigne", "Non renseigné"},
};

Table ages_table(const PeriodData& p, const Members& members) {
  const auto lines = age_lines(p, members);
  Table t;
  t.key = "ages";
  t.title = "Âge des membres venus et des personnes accompagnées";
  t.first_column = "Tranche d’âge";
  t.column_keys = {"visitors", "visits", "accompaniments"};
  t.columns = {"Membres venus", "Passages des membres", "Accompagnements"};
  for (std::size_t i = 0; i < std::size(kCommonAges); ++i) {
    TableRow row;
    row.key = kCommonAges[i].key;
    row.label = kCommonAges[i].label;
    const AgeLine& l = lines[i];
    row.cells = {people_value(l.visitors), count_value(l.visits, l.visitors),
                 count_value(l.accompaniments, l.accompaniments)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Home communes (INSEE codes): commune_lines, named.
Table communes_table(const PeriodData& p, const Members& members) {
  const auto lines = commune_lines(p, members);
  Table t;
  t.key = "communes";
  t.title = "Communes de résidence";
  t.first_column = "Commune (code INSEE)";
  t.column_keys = {"visits", "visitors", "accompaniments"};
  t.columns = {"Passages des membres", "Membres", "Accompagnements"};
  for (const CommuneLine& line : lines) {
    const std::string& code = line.code;
    TableRow row;
    row.key = code.empty() ? "non_renseignee" : code;
    const auto name = code.empty() ? std::nullopt : commune_name(code);
    row.label = code.empty() ? std::string("Non renseignée") : name ? std::string(*name) + " (" + code + ")" : code;
    row.cells = {count_value(line.visits, line.visitors), people_value(line.visitors),
                 count_value(line.accompaniments, line.accompaniments)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table sites_table(const PeriodData& p, const std::vector<SiteInfo>& sites) {
  static constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
      {"visits", "Passages"},
      {"unique_visitors", "Membres venus"},
      {"walk_ins", "Passages anonymes"},
      {"new_members", "Nouveaux membres"},
      {"average_visit_minutes", "Durée moyenne"},
      {"desk_utilisation", "Utilisation des bureaux"},
      {"room_utilisation", "Utilisation de la salle visio"},
      {"no_show_rate", "Réservations non honorées"},
      {"accompaniments", "Accompagnements"},
      {"people_helped", "Personnes accompagnées"},
  };
  Table t;
  t.key = "sites";
  t.title = "Par lieu";
  t.first_column = "Lieu";
  for (const auto& [key, header] : kColumns) {
    t.column_keys.emplace_back(key);
    t.columns.emplace_back(header);
  }
  for (const auto& site : sites) {
    const auto values = scope_values(p, site.id);
    TableRow row;
    row.key = std::to_string(site.id);
    row.label = site.name;
    for (const auto& [key, header] : kColumns) row.cells.push_back(values.at(std::string(key)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Site visited × home site: distinct members, one row per site of the scope,
// one column per site of the network (PeriodData::by_home_site).
Table home_sites_table(const PeriodData& p, const std::vector<SiteInfo>& sites,
                       const std::vector<SiteSummary>& network) {
  Table t;
  t.key = "home_sites";
  t.title = "Lieu de visite × lieu d’inscription";
  t.first_column = "Lieu de visite";
  for (const auto& home : network) {
    t.column_keys.push_back(std::to_string(home.id));
    t.columns.push_back(home.name);
  }
  for (const auto& site : sites) {
    TableRow row;
    row.key = std::to_string(site.id);
    row.label = site.name;
    const auto found = p.by_home_site.find(site.id);
    for (const auto& home : network) {
      std::int64_t n = 0;
      if (found != p.by_home_site.end()) {
        const auto cell = found->second.find(home.id);
        if (cell != found->second.end()) n = cell->second;
      }
      row.cells.push_back(people_value(n));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

//-----------------------------------------------------------------------------
// [SECTION] English catalogue
//-----------------------------------------------------------------------------

// The months a period touches: ("2026-11", « novembre 2026 »), in order.
std::vector<std::pair<std::string, std::string>> months_of(const Period& period) {
  std::vector<std::pair<std::string, std::string>> out;
  int year = period.first.year;
  int month = static_cast<int>(period.first.month);
  while (year < period.last.year || (year == period.last.year && month <= static_cast<int>(period.last.month))) {
    const std::string key = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
    const auto whole = parse_period(key, "", "", period.last);
    out.emplace_back(key, whole ? label(*whole) : key);
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return out;
}

// France Services (issue 19): accompaniments by national partner, one column
// per month of the period and the total; every partner has its row (a zero
// is a figure for France Services' monthly report).
Table partners_table(const PeriodData& p) {
  const auto months = months_of(p.period);
  Table t;
  t.key = "partners";
  t.title = "Accompagnements par partenaire";
  t.first_column = "Partenaire";
  for (const auto& [key, name] : months) {
    t.column_keys.push_back(key);
    t.columns.push_back(name);
  }
  t.column_keys.emplace_back("total");
  t.columns.emplace_back("Total");
  for (const auto& partner : mediation::partners()) {
    TableRow row;
    row.key = partner.code;
    row.label = partner.label;
    const auto it = p.partners.find(std::string(partner.code));
    std::int64_t total = 0;
    for (const auto& month : months) {
      std::int64_t n = 0;
      if (it != p.partners.end()) {
        const auto m = it->second.find(month.first);
        if (m != it->second.end()) n = m->second;
      }
      total += n;
      row.cells.push_back(count_value(n, n));
    }
    row.cells.push_back(count_value(total, total));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// The APTIC cheques received, month by month, and the total.
Table cheques_table(const PeriodData& p) {
  Table t;
  t.key = "cheques";
  t.title = "Chèques APTIC reçus par mois";
  t.first_column = "Mois";
  t.column_keys = {"cheques", "accompaniments"};
  t.columns = {"Chèques reçus", "Accompagnements avec chèques"};
  PeriodData::Cheques total;
  auto add_row = [&t](std::string key, std::string label, const PeriodData::Cheques& c) {
    TableRow row;
    row.key = std::move(key);
    row.label = std::move(label);
    // The people behind the cheques are the accompaniments that received them.
    row.cells = {count_value(c.cheques, c.accompaniments), count_value(c.accompaniments, c.accompaniments)};
    t.rows.push_back(std::move(row));
  };
  for (const auto& [key, name] : months_of(p.period)) {
    const auto it = p.cheques.find(key);
    const PeriodData::Cheques c = it == p.cheques.end() ? PeriodData::Cheques{} : it->second;
    total.cheques += c.cheques;
    total.accompaniments += c.accompaniments;
    add_row(key, name, c);
  }
  add_row("total", "Total", total);
  return t;
}

// Every heading and note the dashboard writes in French, with its English
// (notes before French typesetting). Row labels that come from other
// catalogues (themes, duration bands, CRA age brackets, communes, days) are
// theirs.
struct Words {
  std::string_view fr, en;
};
constexpr Words kCatalogue[] = {
    // Figures
    {"Passages", "Visits"},
    {"passages des membres et passages anonymes : des visites, pas des personnes",
     "members' and anonymous visits: visits, not people"},
    {"Membres venus", "Members who came"},
    {"personnes distinctes : chaque membre compte une fois", "distinct people: each member counts once"},
    {"Passages anonymes", "Anonymous visits"},
    {"visiteurs de passage sans badge : des visites, pas des personnes",
     "walk-in visitors without a badge: visits, not people"},
    {"Nouveaux membres", "New members"},
    {"inscription ou premier passage dans la période", "registered or first visit in the period"},
    {"Durée moyenne d’une visite", "Average visit length"},
    {"visites sans sortie badgée closes à la fermeture", "visits with no badged exit closed at closing time"},
    {"Visites closes automatiquement", "Visits closed automatically"},
    {"sans sortie badgée : closes à l’heure de fermeture", "no badged exit: closed at closing time"},
    {"Occupation moyenne des bureaux", "Average desk occupancy"},
    {"pendant les heures d’ouverture", "during opening hours"},
    {"Occupation maximale des bureaux", "Peak desk occupancy"},
    {"au moment le plus chargé", "at the busiest moment"},
    {"Utilisation des bureaux", "Desk utilisation"},
    {"heures réservées ÷ heures d’ouverture des bureaux", "hours booked ÷ hours the desks were open"},
    {"Bureaux utilisés", "Desks used"},
    {"part des bureaux réservés au moins une fois", "share of desks booked at least once"},
    {"Utilisation de la salle visio", "Video room utilisation"},
    {"heures réservées ÷ heures d’ouverture", "hours booked ÷ opening hours"},
    {"Heures de visio utilisées", "Video room hours used"},
    {"réservations où la personne est venue", "bookings where the person came"},
    {"Réservations commencées", "Bookings started"},
    {"Réservations non honorées", "No-show bookings"},
    {"personne venue trop tard ou pas du tout", "nobody came, or too late"},
    {"Accompagnements", "Accompaniments"},
    {"individuels et participations aux ateliers", "individual, and workshop participations"},
    {"Accompagnements individuels", "Individual accompaniments"},
    {"Participations aux ateliers", "Workshop participations"},
    {"Ateliers", "Workshops"},
    {"Personnes accompagnées", "People helped"},
    {"personnes nommées distinctes", "distinct named people"},
    {"Accompagnements anonymes", "Anonymous accompaniments"},
    {"sans nom : comptés à part", "no name: counted apart"},
    {"Personnes aidées pour des démarches en ligne", "People helped with online procedures"},
    {"personnes nommées distinctes, fiches au thème des démarches administratives",
     "distinct named people, records about administrative procedures"},
    {"Démarches en ligne : accompagnements anonymes", "Online procedures: anonymous accompaniments"},
    {"Visiteurs d’autres lieux du réseau", "Visitors from other sites of the network"},
    {"membres inscrits dans un autre lieu que celui visité", "members registered at a site other than the one visited"},
    {"Membres venus dans plusieurs lieux", "Members who used two or more sites"},
    {"membres venus dans au moins deux lieux du réseau", "members who came to at least two sites of the network"},
    // Tables
    {"Passages et accompagnements par jour", "Visits and accompaniments by day"},
    {"Jour", "Day"},
    {"Membres", "Members"},
    {"Arrivées par jour de la semaine et par heure", "Arrivals by weekday and hour"},
    {"Thèmes des accompagnements (fiches d’activité)", "Themes of the accompaniments (activity records)"},
    {"Thème", "Theme"},
    {"Durée des accompagnements (fiches d’activité)", "Length of the accompaniments (activity records)"},
    {"Durée", "Length"},
    {"Fiches", "Records"},
    {"Âge des personnes accompagnées (fiches d’activité)", "Age of the people helped (activity records)"},
    {"Tranche d’âge", "Age bracket"},
    {"Âge des membres venus", "Age of the members who came"},
    {"Âge des membres venus et des personnes accompagnées", "Age of the members who came and of the people helped"},
    {"Passages des membres", "Members' visits"},
    {"Moins de 12 ans", "Under 12"},
    {"12 à 17 ans", "12 to 17"},
    {"18 à 59 ans", "18 to 59"},
    {"60 à 69 ans", "60 to 69"},
    {"70 ans et plus", "70 and over"},
    {"Non renseigné", "Not given"},
    {"Communes de résidence", "Home communes"},
    {"Commune (code INSEE)", "Commune (INSEE code)"},
    {"Non renseignée", "Not given"},
    {"Par lieu", "By site"},
    {"Lieu", "Site"},
    {"Durée moyenne", "Average length"},
    {"Lieu de visite × lieu d’inscription", "Site visited × home site"},
    {"Lieu de visite", "Site visited"},
    {"Tous les lieux", "All sites"},
    {"Accompagnements par partenaire", "Accompaniments by partner"},
    {"Partenaire", "Partner"},
    {"Total", "Total"},
    {"Chèques APTIC reçus par mois", "APTIC cheques received by month"},
    {"Mois", "Month"},
    {"Chèques reçus", "Cheques received"},
    {"Accompagnements avec chèques", "Accompaniments with cheques"},
};

// French typesetting undone: the catalogue keeps notes with plain spaces.
std::string untypeset(std::string_view text) {
  std::string out(text);
  for (std::size_t at = out.find(kNnbsp); at != std::string::npos; at = out.find(kNnbsp, at + 1))
    out.replace(at, kNnbsp.size(), " ");
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] JSON
//-----------------------------------------------------------------------------

std::string_view unit_name(Unit u) {
  switch (u) {
    case Unit::Count:
      return "count";
    case Unit::People:
      return "people";
    case Unit::Percent:
      return "percent";
    case Unit::Minutes:
      return "minutes";
    case Unit::Hours:
      return "hours";
  }
  return "count";
}

std::string_view kind_name(PeriodKind k) {
  switch (k) {
    case PeriodKind::Month:
      return "month";
    case PeriodKind::Quarter:
      return "quarter";
    case PeriodKind::Year:
      return "year";
    case PeriodKind::Custom:
      return "custom";
  }
  return "custom";
}

nlohmann::json value_json(const Value& v) {
  if (v.masked) return "< 5";
  if (!v.number) return nullptr;
  if (v.unit == Unit::Count || v.unit == Unit::People) return std::llround(*v.number);
  return std::round(*v.number * 10.0) / 10.0;  // one decimal, as shown
}

nlohmann::json period_json(const Period& p) {
  return {{"kind", kind_name(p.kind)},   {"first", to_iso_date(p.first)},
          {"last", to_iso_date(p.last)}, {"days", day_count(p)},
          {"label", label(p)},           {"text", to_text(p)}};
}

}  // namespace

Result<Dashboard> compute_dashboard(store::Database& db, const DashboardQuery& q) {
  if (q.period.last < q.period.first) return Error{"La période finit avant de commencer."};
  if (day_count(q.period) > kMaxPeriodDays) {
    return Error{"Période trop longue\u202F: " + std::to_string(kMaxPeriodDays) +
                 " jours au plus. Découpez la demande."};
  }
  const Period previous = comparable_previous(q.period, paris_civil_date(q.now));
  // Bring the rollups of both periods up to date (nothing to do, usually).
  // A read-only connection cannot: it reads what serve's minute job refreshed.
  try {
    refresh_stats(db, q.now, q.site_id, to_iso_date(previous.first), to_iso_date(q.period.last));
  } catch (const store::StoreError& e) {
    if ((e.code() & 0xff) != SQLITE_READONLY) throw;
  }

  const DashboardRows rows = read_dashboard_rows(db, q.site_id, to_iso_date(q.period.first), to_iso_date(q.period.last),
                                                 to_iso_date(previous.first), to_iso_date(previous.last));
  const std::vector<SiteInfo> sites = site_infos(rows.sites);
  if (q.site_id && sites.empty()) {
    return Error{"Le lieu n° " + std::to_string(*q.site_id) + " n’existe pas" +
                 "\u202F: choisissez un lieu de la liste, ou tous les lieux."};
  }
  const Members members = member_infos(rows.members);
  const PeriodData current = period_data(q.period, rows.current, sites, members);
  const PeriodData before = period_data(previous, rows.previous, sites, members);

  Dashboard d;
  d.site_id = q.site_id;
  d.scope_name = q.site_id ? sites.front().name : "Tous les lieux";
  d.period = q.period;
  d.previous = previous;
  d.figures = make_figures(scope_values(current, q.site_id), scope_values(before, q.site_id));
  d.tables.push_back(visits_by_day(current, paris_date(q.now)));
  d.tables.push_back(heat_map(current, sites));
  d.tables.push_back(themes_table(current));
  d.tables.push_back(duration_table(current));
  d.tables.push_back(age_table(current));
  d.tables.push_back(visitor_age_table(current, members));
  d.tables.push_back(ages_table(current, members));
  d.tables.push_back(communes_table(current, members));
  if (!q.site_id) d.tables.push_back(sites_table(current, sites));
  d.tables.push_back(home_sites_table(current, sites, rows.network));
  d.tables.push_back(partners_table(current));  // France Services (issue 19)
  d.tables.push_back(cheques_table(current));
  d.freshness = freshness(sites, rows.kiosks, q.period, q.now);
  return d;
}

const Figure* find_figure(const Dashboard& d, std::string_view key) {
  const auto it = std::find_if(d.figures.begin(), d.figures.end(), [&](const Figure& f) { return f.key == key; });
  return it == d.figures.end() ? nullptr : &*it;
}

std::optional<std::string_view> english_words(std::string_view french) {
  const std::string plain = untypeset(french);
  for (const auto& w : kCatalogue) {
    if (w.fr == plain) return w.en;
  }
  return std::nullopt;
}

const Table* find_table(const Dashboard& d, std::string_view key) {
  const auto it = std::find_if(d.tables.begin(), d.tables.end(), [&](const Table& t) { return t.key == key; });
  return it == d.tables.end() ? nullptr : &*it;
}

std::string dashboard_json(const Dashboard& d) {
  nlohmann::json figures = nlohmann::json::array();
  for (const auto& f : d.figures) {
    figures.push_back({{"key", f.key},
                       {"label", f.label},
                       {"unit", unit_name(f.current.unit)},
                       {"current", value_json(f.current)},
                       {"previous", value_json(f.previous)},
                       {"note", f.note},
                       {"better", f.better == Better::Up     ? "up"
                                  : f.better == Better::Down ? "down"
                                                             : "neither"}});
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& t : d.tables) {
    nlohmann::json columns = nlohmann::json::array();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      columns.push_back({{"key", i < t.column_keys.size() ? t.column_keys[i] : ""}, {"label", t.columns[i]}});
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) {
      nlohmann::json cells = nlohmann::json::array();
      for (const auto& c : r.cells) cells.push_back(value_json(c));
      rows.push_back({{"key", r.key}, {"label", r.label}, {"cells", std::move(cells)}});
    }
    tables.push_back({{"key", t.key},
                      {"title", t.title},
                      {"first_column", t.first_column},
                      {"columns", std::move(columns)},
                      {"rows", std::move(rows)}});
  }
  nlohmann::json fresh = nlohmann::json::array();
  for (const auto& f : d.freshness) {
    fresh.push_back({{"site_id", f.site_id},
                     {"site_name", f.site_name},
                     {"kiosk_name", f.kiosk_name},
                     {"last_sync", f.last_sync ? nlohmann::json(to_iso_utc(*f.last_sync)) : nlohmann::json(nullptr)},
                     {"incomplete", f.incomplete}});
  }
  nlohmann::json doc = {{"site_id", d.site_id ? nlohmann::json(*d.site_id) : nlohmann::json(nullptr)},
                        {"scope_name", d.scope_name},
                        {"period", period_json(d.period)},
                        {"previous", period_json(d.previous)},
                        {"figures", std::move(figures)},
                        {"tables", std::move(tables)},
                        {"freshness", std::move(fresh)}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace escale::server::reports
