#include "cli/agenda_commands.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli_support.hpp"
#include "domain/uuid.hpp"
#include "mediation/activity.hpp"
#include "mediation/coop_export.hpp"
#include "reminders/reminder_job.hpp"
#include "reports/communes.hpp"
#include "store/activities.hpp"
#include "store/agenda.hpp"
#include "store/network.hpp"
#include "store/reminders.hpp"
#include "store/retention.hpp"
#include "store/site_mediation.hpp"

namespace escale::server::cli {

namespace {

std::optional<int> parse_weekday(const std::string& text) {
  static const char* kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
  static const char* kJours[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  for (int i = 0; i < 7; ++i) {
    if (text == kDays[i] || text == kJours[i] || text == std::to_string(i + 1)) return i + 1;
  }
  return std::nullopt;
}

std::string clock_of(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

int usage(const std::string& message) {
  std::cerr << "escale-server: " << message << "\n";
  return 2;
}

// Writes to --out, or to standard output.
int write_out(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content << std::flush;
    return 0;
  }
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) return usage("cannot write « " + path + " »: check the folder exists and is writable");
  std::fprintf(stderr, "written: %s\n", path.c_str());
  return 0;
}

void print_appointment(const mediation::Appointment& a) {
  int seated = 0, waiting = 0;
  for (const auto& p : a.participants) {
    if (p.waiting)
      ++waiting;
    else if (mediation::holds_seat(p.status))
      ++seated;
  }
  std::printf("%s\t%s\t%lld min\tmediator %lld\t%s\t%d/%d%s%s\n", a.id.c_str(), paris_text(a.start).c_str(),
              static_cast<long long>(a.duration.count()), static_cast<long long>(a.mediator_id),
              a.collective ? ("atelier « " + a.title + " »").c_str() : "individuel", seated, a.capacity,
              waiting ? (" +" + std::to_string(waiting) + " en attente").c_str() : "", a.cancelled ? "\tannulé" : "");
}

}  // namespace

struct AgendaCommands::State {
  std::string& db;
  explicit State(std::string& d) : db(d) {}
  CLI::App* type_add = nullptr;
  CLI::App* type_list = nullptr;
  CLI::App* hours_add = nullptr;
  CLI::App* hours_list = nullptr;
  CLI::App* hours_remove = nullptr;
  CLI::App* closed_add = nullptr;
  CLI::App* closed_remove = nullptr;
  CLI::App* workshop_add = nullptr;
  CLI::App* list = nullptr;
  CLI::App* site_mediation = nullptr;
  CLI::App* export_activities = nullptr;
  CLI::App* export_places = nullptr;
  CLI::App* reminders_list = nullptr;
  CLI::App* reminders_send = nullptr;
  CLI::App* retention_run = nullptr;

  std::int64_t site = 0, mediator = 0, type = 0, id = 0;
  std::string name, level = "", place = "on_site", day, from, to, since, until, reason, start, title, out, state;
  std::string name_en, title_en;  // for kiosks in English (issue 15)
  int duration = 45, capacity = 0, min_delay = 0, max_days = 30, days = 730;
  bool collective = false, spreadsheet = false;
  std::string format = "escale";  // export activities: escale | coop-json | coop-csv
  SiteMediationInfo info;
  std::vector<std::string> sets;
};

AgendaCommands::AgendaCommands(CLI::App& app, CLI::App& site, std::string& db_path)
    : s_(std::make_unique<State>(db_path)) {
  State& s = *s_;
  auto db_opt = [&](CLI::App* c) {
    c->add_option("--db", s.db, "SQLite database file")->envname("ESCALE_DB")->capture_default_str();
    return c;
  };
  auto* agenda = app.add_subcommand("agenda", "The digital-mediation help agenda");
  agenda->require_subcommand(1);
  auto* type = agenda->add_subcommand("type", "Appointment types (motifs)");
  type->require_subcommand(1);
  s.type_add = db_opt(type->add_subcommand("add", "Add an appointment type to a site"));
  s.type_add->add_option("--site", s.site, "site number")->required();
  s.type_add->add_option("--name", s.name, "« Aide aux démarches en ligne »")->required();
  s.type_add->add_option("--name-en", s.name_en, "in English, for kiosks in English: \"Help with online procedures\"");
  s.type_add->add_option("--duration", s.duration, "minutes")->capture_default_str();
  s.type_add->add_flag("--collective", s.collective, "a workshop (atelier) with several seats");
  s.type_add->add_option("--capacity", s.capacity, "seats of a workshop");
  s.type_add->add_option("--level", s.level, "beginner, intermediate or advanced (workshops)");
  s.type_add->add_option("--place", s.place, "on_site, by_phone, at_home, remote or other")->capture_default_str();
  s.type_add->add_option("--min-delay", s.min_delay, "minutes: bookable from now + this")->capture_default_str();
  s.type_add->add_option("--max-days", s.max_days, "bookable up to today + this many days")->capture_default_str();
  s.type_list = db_opt(type->add_subcommand("list", "List a site's appointment types"));
  s.type_list->add_option("--site", s.site, "site number")->required();

  auto* hours = agenda->add_subcommand("hours", "Mediators' weekly help hours (permanences)");
  hours->require_subcommand(1);
  s.hours_add = db_opt(hours->add_subcommand("add", "Add weekly help hours for a mediator"));
  s.hours_add->add_option("--site", s.site, "site number")->required();
  s.hours_add->add_option("--mediator", s.mediator, "member number of the mediator")->required();
  s.hours_add->add_option("--day", s.day, "Mo, Tu, We, Th, Fr, Sa, Su (or lundi…)")->required();
  s.hours_add->add_option("--from", s.from, "start, e.g. 14:00")->required();
  s.hours_add->add_option("--to", s.to, "end, e.g. 17:00")->required();
  s.hours_add->add_option("--since", s.since, "first day these hours apply (YYYY-MM-DD)");
  s.hours_add->add_option("--until", s.until, "last day these hours apply (YYYY-MM-DD)");
  s.hours_list = db_opt(hours->add_subcommand("list", "List a site's help hours and closures"));
  s.hours_list->add_option("--site", s.site, "site number")->required();
  s.hours_remove = db_opt(hours->add_subcommand("remove", "Remove help hours"));
  s.hours_remove->add_option("id", s.id, "number shown by « agenda hours list »")->required();

  auto* closed = agenda->add_subcommand("closed", "Days without help hours (holidays, absences)");
  closed->require_subcommand(1);
  s.closed_add = db_opt(closed->add_subcommand("add", "Close the help agenda from one day to another"));
  s.closed_add->add_option("--site", s.site, "site number")->required();
  s.closed_add->add_option("--mediator", s.mediator, "only this mediator (default: the whole site)");
  s.closed_add->add_option("--from", s.from, "first day (YYYY-MM-DD)")->required();
  s.closed_add->add_option("--to", s.to, "last day (YYYY-MM-DD)")->required();
  s.closed_add->add_option("--reason", s.reason, "« congés », « formation »…");
  s.closed_remove = db_opt(closed->add_subcommand("remove", "Remove a closure"));
  s.closed_remove->add_option("id", s.id, "number shown by « agenda hours list »")->required();

  auto* workshop = agenda->add_subcommand("workshop", "Workshops (ateliers collectifs)");
  workshop->require_subcommand(1);
  s.workshop_add = db_opt(workshop->add_subcommand("add", "Schedule a workshop"));
  s.workshop_add->add_option("--type", s.type, "a collective appointment type")->required();
  s.workshop_add->add_option("--mediator", s.mediator, "member number of the mediator")->required();
  s.workshop_add->add_option("--start", s.start, "\"2026-11-26 14:00\" (Paris time)")->required();
  s.workshop_add->add_option("--title", s.title, "default: the type's name");
  s.workshop_add->add_option("--title-en", s.title_en,
                             "in English, for kiosks in English (default with no --title: the type's)");
  s.workshop_add->add_option("--capacity", s.capacity, "default: the type's");

  s.list = db_opt(agenda->add_subcommand("list", "List appointments"));
  s.list->add_option("--site", s.site, "site number")->required();
  s.list->add_option("--from", s.from, "first day (YYYY-MM-DD; default today)");
  s.list->add_option("--to", s.to, "last day (YYYY-MM-DD; default a month later)");

  s.site_mediation = db_opt(site.add_subcommand(
      "mediation", "A site's details for the open-data « lieux de médiation numérique » file and reminders"));
  s.site_mediation->add_option("--site", s.info.site_id, "site number")->required();
  s.site_mediation->add_option("--pivot", s.info.pivot, "SIRET (14 digits) or RNA of the structure")->required();
  s.site_mediation->add_option("--postal-code", s.info.postal_code, "code postal, 5 digits")->required();
  s.site_mediation->add_option("--commune", s.info.commune, "commune name")->required();
  s.site_mediation->add_option("--phone", s.info.phone, "contact phone (reminders say it)");
  s.site_mediation->add_option("--set", s.sets,
                               "an optional schema column: --set services=\"Aide aux démarches "
                               "administratives|…\" (repeatable)");

  auto* exp = app.add_subcommand("export", "Exports for mediators and open data");
  exp->require_subcommand(1);
  s.export_activities = db_opt(exp->add_subcommand("activities", "Activity records (CRA), anonymised, as CSV"));
  s.export_activities->add_option("--site", s.site, "site number (default: all)");
  s.export_activities->add_option("--from", s.from, "first day (YYYY-MM-DD)");
  s.export_activities->add_option("--to", s.to, "last day (YYYY-MM-DD)");
  s.export_activities->add_flag("--tableur", s.spreadsheet, "semicolons and a byte-order mark, for spreadsheets");
  s.export_activities
      ->add_option("--format", s.format,
                   "escale (the anonymised CSV, default), coop-json or coop-csv (La Coop de la médiation "
                   "numérique's API shapes, docs/la-coop.md)")
      ->check(CLI::IsMember({"escale", "coop-json", "coop-csv"}));
  s.export_activities->add_option("--out", s.out, "file to write (default: standard output)");
  s.export_places = db_opt(exp->add_subcommand(
      "lieux-mediation", "The sites offering mediation, « schéma des lieux de médiation numérique » 1.0.1"));
  s.export_places->add_option("--out", s.out, "file to write (default: standard output)");

  auto* rem = app.add_subcommand("reminders", "Reminders of help appointments");
  rem->require_subcommand(1);
  s.reminders_list = db_opt(rem->add_subcommand("list", "List reminders (failed ones say why)"));
  s.reminders_list->add_option("--state", s.state, "pending, sent, failed or cancelled");
  s.reminders_send = db_opt(rem->add_subcommand("send", "Send the due reminders now (serve does it every minute)"));
  s.reminders_send->add_option("--notifier", s.name, "the notifier command (default: only log)");

  auto* retention = app.add_subcommand("retention", "Privacy: erase what is kept too long");
  retention->require_subcommand(1);
  s.retention_run = db_opt(retention->add_subcommand(
      "run",
      "Apply the retention rules now (serve does it every night): help participants' names and phones after --days, "
      "then the network's rules (escale-server network retention)"));
  s.retention_run->add_option("--days", s.days, "days to keep")->check(CLI::Range(30, 3650))->capture_default_str();
}

AgendaCommands::~AgendaCommands() = default;

std::optional<int> AgendaCommands::run(store::Database& db) {
  State& s = *s_;
  const Actor cli_actor{};
  auto date_or = [](const std::string& text, const char* option) -> std::optional<CivilDate> {
    if (text.empty()) return std::nullopt;
    auto d = parse_iso_date(text);
    if (!d) throw std::invalid_argument(std::string(option) + ": expected a date like 2026-11-24 (YYYY-MM-DD)");
    return d;
  };
  try {
    if (s.type_add->parsed()) {
      mediation::AppointmentType t;
      t.site_id = s.site;
      t.name = s.name;
      t.name_en = s.name_en;
      t.duration = std::chrono::minutes(s.duration);
      t.collective = s.collective;
      t.capacity = s.collective ? (s.capacity > 0 ? s.capacity : 8) : 1;
      const auto level = mediation::parse_workshop_level(s.level);
      if (!level) return usage("--level: expected beginner, intermediate or advanced");
      t.level = *level;
      const auto place = mediation::parse_place_kind(s.place);
      if (!place) return usage("--place: expected on_site, by_phone, at_home, remote or other");
      t.place = *place;
      t.min_delay = std::chrono::minutes(s.min_delay);
      t.max_delay_days = s.max_days;
      auto r = add_appointment_type(db, t, cli_actor);
      if (r) std::printf("appointment type %lld added: %s\n", static_cast<long long>(*r), t.name.c_str());
      return report(r);
    }
    if (s.type_list->parsed()) {
      for (const auto& t : help_agenda(db, s.site).types) {
        std::printf("%lld\t%s\t%lld min\t%s\t%s\n", static_cast<long long>(t.id), t.name.c_str(),
                    static_cast<long long>(t.duration.count()),
                    t.collective ? ("atelier, " + std::to_string(t.capacity) + " places").c_str() : "individuel",
                    t.active ? "actif" : "inactif");
      }
      return 0;
    }
    if (s.hours_add->parsed()) {
      mediation::HelpHours h;
      h.site_id = s.site;
      h.mediator_id = s.mediator;
      const auto wd = parse_weekday(s.day);
      if (!wd) return usage("--day: expected Mo, Tu, We, Th, Fr, Sa or Su");
      h.weekday = *wd;
      const auto f = parse_clock(s.from), t = parse_clock(s.to);
      if (!f || !t) return usage("--from/--to: expected times like 14:00");
      h.start_minute = *f;
      h.end_minute = *t;
      h.from = date_or(s.since, "--since");
      h.until = date_or(s.until, "--until");
      auto r = add_help_hours(db, h, cli_actor);
      if (r) std::printf("help hours %lld added\n", static_cast<long long>(*r));
      return report(r);
    }
    if (s.hours_list->parsed()) {
      const auto agenda = help_agenda(db, s.site);
      static const char* kDays[] = {"", "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
      for (const auto& h : agenda.hours) {
        std::printf("hours %lld\tmediator %lld\t%s %s-%s%s%s\n", static_cast<long long>(h.id),
                    static_cast<long long>(h.mediator_id), kDays[h.weekday], clock_of(h.start_minute).c_str(),
                    clock_of(h.end_minute).c_str(), h.from ? (" from " + to_iso_date(*h.from)).c_str() : "",
                    h.until ? (" until " + to_iso_date(*h.until)).c_str() : "");
      }
      for (const auto& e : agenda.exceptions) {
        std::printf("closed %lld\t%s\t%s → %s\t%s\n", static_cast<long long>(e.id),
                    e.mediator_id ? ("mediator " + std::to_string(*e.mediator_id)).c_str() : "whole site",
                    to_iso_date(e.first).c_str(), to_iso_date(e.last).c_str(), e.reason.c_str());
      }
      return 0;
    }
    if (s.hours_remove->parsed() || s.closed_remove->parsed()) {
      const bool done = s.hours_remove->parsed() ? remove_help_hours(db, s.id, cli_actor)
                                                 : remove_help_exception(db, s.id, cli_actor);
      if (!done) return usage("nothing has number " + std::to_string(s.id) + " (see « agenda hours list »)");
      std::printf("removed\n");
      return 0;
    }
    if (s.closed_add->parsed()) {
      mediation::HelpException e;
      e.site_id = s.site;
      if (s.mediator) e.mediator_id = s.mediator;
      e.first = *date_or(s.from, "--from");
      e.last = *date_or(s.to, "--to");
      e.reason = s.reason;
      auto r = add_help_exception(db, e, cli_actor);
      if (r) std::printf("closure %lld added\n", static_cast<long long>(*r));
      return report(r);
    }
    if (s.workshop_add->parsed()) {
      WorkshopRequest w;
      w.appointment_id = make_uuid_v4();
      w.type_id = s.type;
      w.mediator_id = s.mediator;
      const auto start = parse_cli_time(s.start);
      if (!start) return usage("--start: expected \"2026-11-26 14:00\" (Paris time)");
      w.start = *start;
      w.title = s.title;
      w.title_en = s.title_en;
      if (s.capacity > 0) w.capacity = s.capacity;
      const auto outcome = schedule_workshop(db, w, cli_actor, now());
      if (!outcome.ok()) {
        std::cerr << "escale-server: atelier non créé : "
                  << mediation::help_refusal_reason(outcome.refusal.value_or(mediation::HelpRefusal::InvalidRequest))
                  << "\n";
        return 1;
      }
      print_appointment(*outcome.appointment);
      return 0;
    }
    if (s.list->parsed()) {
      AppointmentQuery q;
      q.site_id = s.site;
      q.from = date_or(s.from, "--from").value_or(paris_civil_date(now()));
      q.to = date_or(s.to, "--to").value_or(add_days(*q.from, 30));
      for (const auto& a : list_appointments(db, q)) print_appointment(a);
      return 0;
    }
    if (s.site_mediation->parsed()) {
      for (const auto& kv : s.sets) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) return usage("--set: expected column=value, got « " + kv + " »");
        s.info.extra[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
      if (auto old = find_site_mediation(db, s.info.site_id)) {
        for (const auto& [k, v] : old->extra) s.info.extra.try_emplace(k, v);  // kept unless set again
      }
      auto r = set_site_mediation(db, s.info, cli_actor);
      if (r) std::printf("mediation details of site %lld saved\n", static_cast<long long>(r->site_id));
      return report(r);
    }
    if (s.export_activities->parsed()) {
      ActivityQuery q;
      if (s.site) q.site_id = s.site;
      q.from = date_or(s.from, "--from");
      q.to = date_or(s.to, "--to");
      const auto rows = list_activities(db, q);
      if (s.format == "escale") return write_out(s.out, mediation::activities_csv(rows, s.spreadsheet));
      mediation::CoopExportOptions options;
      options.scope = network_settings(db).siren;
      options.self_href = "/api/v1/exports/coop-activites.json";  // what the same export is at the server
      options.commune_name = [](std::string_view insee) -> std::optional<std::string> {
        const auto name = reports::commune_name(insee);
        return name ? std::optional<std::string>(*name) : std::nullopt;
      };
      if (s.format == "coop-json") return write_out(s.out, mediation::coop_activities_json(rows, options) + "\n");
      return write_out(s.out, mediation::coop_activities_csv(rows, options, s.spreadsheet));
    }
    if (s.export_places->parsed()) {
      const auto places = mediation_places(db);
      for (const auto& skipped : places.skipped) std::cerr << "escale-server: left out: " << skipped << "\n";
      return write_out(s.out, lieux_mediation_file(places.places));
    }
    if (s.reminders_list->parsed()) {
      for (const auto& r : list_reminders(db, s.state.empty() ? std::nullopt : std::optional(s.state))) {
        std::printf("%s\t%s\t%s\tdue %s\t%s\tattempts %d\t%s\n", r.participant_id.c_str(), r.kind.c_str(),
                    r.channel.c_str(), paris_text(r.due).c_str(), r.state.c_str(), r.attempts, r.last_error.c_str());
      }
      return 0;
    }
    if (s.reminders_send->parsed()) {
      NotifierConfig notifier;
      if (!s.name.empty()) notifier.command.push_back(s.name);
      const auto run = send_due_reminders(db, notifier, now());
      std::printf("reminders: %d sent, %d failed, %d logged\n", run.sent, run.failed, run.logged);
      return run.failed > 0 ? 1 : 0;
    }
    if (s.retention_run->parsed()) {
      // The help participants' rule ([privacy] retention_days, here --days), then the network's rules
      // (store/retention.hpp: escale-server network retention shows them).
      const auto at = now();
      const int n = erase_old_participants(db, at - std::chrono::hours(24) * s.days);
      std::printf("erased the names and contacts of %d participant(s)\n", n);
      const auto run = run_retention(db, retention_settings(db), at);
      std::printf("%s\n", describe(run).c_str());
      return 0;
    }
  } catch (const std::invalid_argument& e) {
    return usage(e.what());
  }
  return std::nullopt;
}

}  // namespace escale::server::cli
