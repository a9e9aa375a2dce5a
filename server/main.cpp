// escale-server: the command line. Each subcommand is a thin wrapper over the
// store modules; `serve` runs the HTTP API (api/routes.cpp) on the Beast
// server (http/http_server.cpp).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "api/routes.hpp"
#include "booking/booking.hpp"
#include "cli/agenda_commands.hpp"
#include "cli/cli_support.hpp"
#include "cli/network_commands.hpp"
#include "cli/periodic_job.hpp"
#include "cli/tls_commands.hpp"
#include "cli/user_commands.hpp"
#include "config/server_config.hpp"
#include "demo/demo_data.hpp"
#include "domain/uuid.hpp"
#include "http/forwarded.hpp"
#include "http/http_server.hpp"
#include "reminders/message_job.hpp"
#include "reminders/reminder_job.hpp"
#include "reports/stats_rollup.hpp"
#include "store/agenda.hpp"
#include "store/booking_waits.hpp"
#include "store/bookings.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/enrolment.hpp"
#include "store/member_bookings.hpp"
#include "store/members.hpp"
#include "store/pins.hpp"
#include "store/retention.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

#ifndef ESCALE_VERSION
#define ESCALE_VERSION "0.0.0"
#endif
// The configuration file read without --config: the package's
// /etc/escale/server.toml in installed builds, none in source-tree builds.
#ifndef ESCALE_DEFAULT_CONFIG
#define ESCALE_DEFAULT_CONFIG ""
#endif

namespace {

using namespace escale;
using namespace escale::server;
using namespace escale::server::cli;

int refusal_exit(Refusal r, ResourceKind kind, const char* what) {
  std::cerr << "escale-server: la réservation n’a pas pu être " << what << " : " << refusal_reason(r, kind) << " ("
            << to_string(r) << ")\n";
  return 1;
}

void print_booking(store::Database& database, const Booking& b) {
  const auto r = find_resource(database, b.resource_id);
  std::printf("%s\t%s → %s\t%s\tmember %lld\t%s\n", b.id.c_str(), paris_text(b.start).c_str(),
              paris_text(b.end).c_str(), r ? r->name.c_str() : "?", static_cast<long long>(b.member_id),
              std::string(to_string(b.status)).c_str());
}

void print_rules(const char* kind, const BookingRules& r) {
  std::printf(
      "%s\tadvance_days=%d max_duration_min=%lld max_per_day=%d max_per_week=%d grace_min=%lld "
      "check_in_early_min=%lld limits=%s\n",
      kind, r.advance_days, static_cast<long long>(r.max_duration.count()), r.max_per_day, r.max_per_week,
      static_cast<long long>(r.grace.count()), static_cast<long long>(r.check_in_early.count()),
      r.limits_network ? "network" : "site");
}

// Command-line overrides of `serve` (unset: the configuration file's value).
struct ServeOverrides {
  std::string listen;
  int threads = 0;
  std::size_t body_limit = std::size_t{1024} * 1024;
  int read_timeout_ms = 15000;
  std::string notifier;
  std::vector<std::string> notifier_args;
  int notifier_timeout_s = 0;
  int retention_days = 0;
  bool secure_cookies = false;
  bool allow_plain_http = false;
};

int serve(ServerConfig config, const ServeOverrides& o) {
  if (!o.listen.empty()) config.listen = o.listen;
  if (o.threads > 0) config.threads = o.threads;
  if (!o.notifier.empty()) config.notifier = o.notifier;
  if (!o.notifier_args.empty()) config.notifier_args = o.notifier_args;
  if (o.notifier_timeout_s > 0) config.notifier_timeout_s = o.notifier_timeout_s;
  if (o.retention_days > 0) config.retention_days = o.retention_days;
  if (o.secure_cookies) config.secure_cookies = true;
  if (o.allow_plain_http) config.allow_plain_http = true;
  if (auto checked = check_server_config(config); !checked) {
    std::cerr << "escale-server: " << checked.error() << "\n";
    return 2;
  }
  const auto listen = *parse_listen(config.listen);
  http::ServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.threads = config.threads;
  options.body_limit = o.body_limit;
  options.read_timeout = std::chrono::milliseconds(o.read_timeout_ms);
  options.max_connections = static_cast<std::size_t>(config.max_connections);
  options.max_connections_per_address = static_cast<std::size_t>(config.max_connections_per_address);
  // Every browser behind a reverse proxy arrives from the proxy's address: the
  // per-address cap would lock them all out together. The total cap still holds.
  options.per_address_exempt = config.trusted_proxies;
  if (config.tls()) options.tls = http::TlsFiles{config.tls_certificate, config.tls_private_key};
  const auto& db = config.database;
  // One connection per I/O thread and per worker thread, and one spare: a
  // handler never waits for a connection another thread holds.
  ConnectionPool pool(db, options.threads + options.blocking_threads + 1);
  NotifierConfig notifier;
  if (!config.notifier.empty()) {
    notifier.command.push_back(config.notifier);
    notifier.command.insert(notifier.command.end(), config.notifier_args.begin(), config.notifier_args.end());
  }
  notifier.timeout = std::chrono::seconds(config.notifier_timeout_s);
  web::WebOptions web_options;
  // Browsers reach an HTTPS server (itself, or the proxy in front of it) only over TLS.
  web_options.secure_cookies = config.secure_cookies || config.tls();
  // Messages to members (login links…): queued by the pages, sent at once by this job (woken up). It
  // starts once the server knows its port (the links' address); requests come only after run().
  std::optional<PeriodicJob> messages;
  web_options.messages_queued = [&messages] {
    if (messages) messages->wake();
  };
  std::optional<PeriodicJob> waits;  // waiting lists (below), woken when a page cancels a booking
  web_options.places_freed = [&waits] {
    if (waits) waits->wake();
  };
  auto api = make_api_service(pool, web_options);
  http::HttpServer server(options, http::with_trusted_proxies(std::move(api.handler), config.trusted_proxies),
                          std::move(api.blocking));
  {
    auto listening = config;
    if (const auto l = parse_listen(config.listen)) {
      const auto host = l->host.find(':') == std::string::npos ? l->host : "[" + l->host + "]";
      listening.listen = host + ":" + std::to_string(server.port());
    }
    web_options.public_url.set(public_url(listening, machine_name()));
  }
  if (config.public_url.empty()) {
    spdlog::warn(
        "[web] public_url is not set: links in messages and kiosks' QR codes start with {} (set it to the address "
        "phones reach the server at)",
        web_options.public_url.get());
  }
  messages.emplace("messages", db, std::chrono::seconds(60),
                   [settings = MessageSettings{notifier, web_options.public_url}](store::Database& conn) {
                     const auto run = send_due_messages(conn, settings, escale::now());
                     if (run.sent + run.failed > 0) spdlog::info("messages: {} sent, {} failed", run.sent, run.failed);
                   });
  // Waiting lists: offers that ran out go to the next one; places freed (cancelled, no-shows) are offered.
  // Every minute, and at once when a page cancels a booking.
  waits.emplace("waiting lists", db, std::chrono::seconds(60), [&messages](store::Database& conn) {
    if (const auto offers = process_waits(conn, escale::now()); !offers.empty()) {
      spdlog::info("waiting lists: {} place(s) offered", offers.size());
      if (messages) messages->wake();
    }
  });
  PeriodicJob no_shows("no-show sweep", db, std::chrono::seconds(60), [](store::Database& conn) {
    if (const int n = release_no_shows(conn, escale::now()); n > 0)
      spdlog::info("{} booking(s) not checked in within the grace time released as no-shows", n);
    // Weekly bookings: the days that entered their site's advance window.
    if (const auto days = book_due_series(conn, escale::now()); !days.empty())
      spdlog::info("weekly bookings: {} day(s) booked or refused", days.size());
  });
  PeriodicJob reminders("reminders", db, std::chrono::seconds(60), [notifier](store::Database& conn) {
    const auto run = send_due_reminders(conn, notifier, escale::now());
    if (run.sent + run.failed > 0) spdlog::info("reminders: {} sent, {} failed (retried later)", run.sent, run.failed);
  });
  // The dashboard's rollups: recompute the days whose visits or bookings changed.
  PeriodicJob statistics("statistics", db, std::chrono::seconds(60), [](store::Database& conn) {
    const auto refreshed = reports::refresh_stats(conn, escale::now());
    if (refreshed.days > 0) spdlog::debug("statistics: {} site-day(s) recomputed", refreshed.days);
  });
  // Retention (docs/privacy.md): once a night at 03:30 Paris time, or at start when the last run is older than
  // that (retention_due, checked every 15 minutes): help participants after [privacy] retention_days, then the
  // network's rules (store/retention.hpp). Notices to inactive members leave through the messages job.
  const auto retention = std::chrono::hours(24) * config.retention_days;
  PeriodicJob privacy("retention", db, std::chrono::minutes(15), [retention, &messages](store::Database& conn) {
    const auto at = escale::now();
    const auto settings = retention_settings(conn);
    if (!retention_due(settings.last_run_at, at)) return;
    erase_old_participants(conn, at - retention);
    const auto run = run_retention(conn, settings, at);
    spdlog::info("retention: {}", describe(run));
    if (run.notices_sent > 0 && messages) messages->wake();
  });
  // Tests and scripts read this line to learn the port (with --listen HOST:0).
  std::printf("escale-server: listening on %s://%s:%u\n", config.tls() ? "https" : "http", options.host.c_str(),
              server.port());
  std::fflush(stdout);
  server.run(true);
  std::printf("escale-server: stopped\n");
  return 0;
}

void add_db_option(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db, "SQLite database file (default: [server] database of the configuration file)")
      ->envname("ESCALE_DB");
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("escale-server"));
  CLI::App app{"escale-server: members, badges, visits and reports of the Escale kiosks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("escale-server ") + ESCALE_VERSION);

  // Every subcommand reads the configuration file (where the database is);
  // its options may come after the subcommand's name.
  app.fallthrough();
  std::string config_file;
  app.add_option("--config", config_file,
                 *ESCALE_DEFAULT_CONFIG ? std::string("configuration file (default: ") + ESCALE_DEFAULT_CONFIG + ")"
                                        : std::string("configuration file, e.g. ") + kPackagedConfigFile)
      ->envname("ESCALE_CONFIG");
  std::string db;

  ServeOverrides serve_args;
  auto* serve_cmd = app.add_subcommand(
      "serve", "Run the HTTP(S) server until SIGTERM or SIGINT (SIGHUP: re-read the TLS certificate)");
  add_db_option(serve_cmd, db);
  serve_cmd->add_option("--listen", serve_args.listen,
                        "HOST:PORT to listen on (port 0: any free port; default: [server] listen)");
  serve_cmd->add_option("--threads", serve_args.threads, "worker threads")->check(CLI::Range(1, 64));
  serve_cmd->add_option("--body-limit", serve_args.body_limit, "largest request body in bytes (413 beyond)")
      ->capture_default_str();
  serve_cmd->add_option("--read-timeout-ms", serve_args.read_timeout_ms, "time a client has to send a request")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();

  serve_cmd
      ->add_option("--notifier", serve_args.notifier,
                   "command that sends a reminder, run as: COMMAND [ARGS…] sms|email RECIPIENT MESSAGE "
                   "(docs/operations.md); without it reminders are only logged")
      ->envname("ESCALE_NOTIFIER");
  serve_cmd->add_option("--notifier-arg", serve_args.notifier_args, "an argument of the notifier (repeatable)");
  serve_cmd->add_option("--notifier-timeout", serve_args.notifier_timeout_s, "seconds the notifier may take")
      ->check(CLI::Range(1, 600));
  serve_cmd
      ->add_option("--retention-days", serve_args.retention_days,
                   "days after which help participants' names and phones are erased (default 730)")
      ->check(CLI::Range(30, 3650));
  serve_cmd->add_flag("--secure-cookies", serve_args.secure_cookies,
                      "mark the web session cookie Secure (browsers reach the server over HTTPS, e.g. through "
                      "a reverse proxy; automatic with TLS)");
  serve_cmd->add_flag("--allow-plain-http", serve_args.allow_plain_http,
                      "serve plain HTTP on an address other than loopback (a network you trust entirely)");

  // backup
  auto* backup_cmd = app.add_subcommand("backup", "Write a consistent copy of the database while the server runs");
  add_db_option(backup_cmd, db);
  std::string backup_to;
  backup_cmd->add_option("--to", backup_to, "the new file, or - for standard output (… --to - > escale.db)")
      ->required();

  auto* init_cmd = app.add_subcommand("init", "Create the database, or upgrade its schema");
  add_db_option(init_cmd, db);

  // site
  auto* site_cmd = app.add_subcommand("site", "Sites (tiers-lieux)");
  site_cmd->require_subcommand(1);
  Site site;
  auto* site_add = site_cmd->add_subcommand("add", "Add a site");
  add_db_option(site_add, db);
  site_add->add_option("--name", site.name, "the site's name")->required();
  site_add->add_option("--address", site.address, "postal address");
  site_add->add_option("--insee", site.insee_code, "INSEE commune code, e.g. 21425")->required();
  site_add->add_option("--hours", site.opening_hours, "opening hours, OSM syntax, e.g. \"Mo-Fr 09:00-18:00; PH off\"")
      ->required();
  auto* site_list = site_cmd->add_subcommand("list", "List sites");
  add_db_option(site_list, db);

  // member
  auto* member_cmd = app.add_subcommand("member", "Members");
  member_cmd->require_subcommand(1);
  Member member;
  std::string email, phone, commune, age = "unknown";
  std::vector<std::string> roles;
  auto* member_add = member_cmd->add_subcommand("add", "Add a member");
  add_db_option(member_add, db);
  member_add->add_option("--site", member.site_id, "the site where the member enrols")->required();
  member_add->add_option("--first-name", member.first_name)->required();
  member_add->add_option("--last-name", member.last_name)->required();
  member_add->add_option("--email", email);
  member_add->add_option("--phone", phone);
  member_add->add_option("--commune", commune, "home commune INSEE code");
  member_add->add_option("--age-bracket", age, "unknown, under_12, 12_18, 18_35, 35_60, 60_70, over_70");
  member_add->add_option("--role", roles, "member, animator, mediator, admin (repeatable)");
  auto* member_list = member_cmd->add_subcommand("list", "List members");
  add_db_option(member_list, db);
  std::int64_t list_site = 0;
  std::string search;
  member_list->add_option("--site", list_site, "only this site's members");
  member_list->add_option("--search", search, "part of a first or last name");

  // badge
  auto* badge_cmd = app.add_subcommand("badge", "Badges (NFC cards)");
  badge_cmd->require_subcommand(1);
  std::string uid_text;
  std::int64_t badge_member = 0;
  auto* badge_add = badge_cmd->add_subcommand("add", "Give a badge to a member");
  add_db_option(badge_add, db);
  badge_add->add_option("--member", badge_member, "member number")->required();
  badge_add->add_option("--uid", uid_text, "card UID in hex (4, 7 or 10 bytes)")->required();
  auto* badge_revoke = badge_cmd->add_subcommand("revoke", "Revoke a badge (lost, returned)");
  add_db_option(badge_revoke, db);
  badge_revoke->add_option("--uid", uid_text, "card UID in hex")->required();

  // kiosk
  auto* kiosk_cmd = app.add_subcommand("kiosk", "Kiosks (bornes)");
  kiosk_cmd->require_subcommand(1);
  std::int64_t kiosk_site = 0;
  std::string kiosk_name = "entrée";
  auto* kiosk_add = kiosk_cmd->add_subcommand("add", "Add a kiosk to a site and print its one-time enrolment code");
  add_db_option(kiosk_add, db);
  kiosk_add->add_option("--site", kiosk_site, "site number")->required();
  kiosk_add->add_option("--name", kiosk_name, "a name for the kiosk")->capture_default_str();
  bool print_token = false;
  kiosk_add->add_flag("--print-token", print_token,
                      "print the kiosk's token instead of an enrolment code (for scripts: [server] token_file)");
  std::int64_t kiosk_id = 0;
  auto* kiosk_code = kiosk_cmd->add_subcommand(
      "code", "Give an existing kiosk a new enrolment code (a reinstalled kiosk; its old token stops when used)");
  add_db_option(kiosk_code, db);
  kiosk_code->add_option("--id", kiosk_id, "kiosk number (escale-server kiosk list)")->required();
  auto* kiosk_revoke =
      kiosk_cmd->add_subcommand("revoke", "Withdraw a kiosk (lost, stolen, replaced): its token stops");
  add_db_option(kiosk_revoke, db);
  kiosk_revoke->add_option("--id", kiosk_id, "kiosk number (escale-server kiosk list)")->required();
  auto* kiosk_list = kiosk_cmd->add_subcommand("list", "List kiosks and their last sync");
  add_db_option(kiosk_list, db);

  // admin API clients
  auto* admin_cmd = app.add_subcommand("admin", "Admin API clients (read access to members and badges)");
  admin_cmd->require_subcommand(1);
  std::string admin_name;
  auto* admin_add = admin_cmd->add_subcommand("add", "Add an admin API client and print its token once");
  add_db_option(admin_add, db);
  admin_add->add_option("--name", admin_name)->required();

  // member pin, member calendar
  std::int64_t pin_member = 0;
  std::string pin_text;
  auto* member_pin = member_cmd->add_subcommand(
      "pin", "Set an animator's kiosk PIN (4 to 6 digits, read from stdin unless --pin is given)");
  add_db_option(member_pin, db);
  member_pin->add_option("--member", pin_member, "member number (an animator)")->required();
  member_pin->add_option("--pin", pin_text, "the PIN (visible in the shell's history: prefer stdin)");
  bool regenerate = false;
  auto* member_calendar = member_cmd->add_subcommand(
      "calendar", "Make the address of a member's calendar feed (stored hashed: shown once)");
  add_db_option(member_calendar, db);
  member_calendar->add_option("--member", pin_member, "member number")->required();
  member_calendar->add_flag("--regenerate", regenerate, "give a new address; the old one stops working");

  // resource
  auto* resource_cmd = app.add_subcommand("resource", "Bookable resources (desks, visio rooms)");
  resource_cmd->require_subcommand(1);
  Resource resource;
  std::string resource_kind;
  auto* resource_add = resource_cmd->add_subcommand("add", "Add a desk or a visio room to a site");
  add_db_option(resource_add, db);
  resource_add->add_option("--site", resource.site_id, "site number")->required();
  resource_add->add_option("--kind", resource_kind, "desk or visio_room")
      ->required()
      ->check(CLI::IsMember({"desk", "visio_room"}));
  resource_add->add_option("--name", resource.name, "e.g. \"Bureau 3\" or \"Salle visio\"")->required();
  resource_add->add_option("--capacity", resource.capacity, "people (visio rooms)")->capture_default_str();
  resource_add->add_option("--features", resource.features, "e.g. \"caméra, grand écran\"");
  std::int64_t resource_site = 0;
  auto* resource_list = resource_cmd->add_subcommand("list", "List a site's resources");
  add_db_option(resource_list, db);
  resource_list->add_option("--site", resource_site, "site number")->required();
  std::int64_t resource_id = 0;
  auto* resource_deactivate =
      resource_cmd->add_subcommand("deactivate", "Take a resource out of booking (refused while bookings are to come)");
  add_db_option(resource_deactivate, db);
  resource_deactivate->add_option("--id", resource_id, "resource number")->required();
  auto* resource_activate = resource_cmd->add_subcommand("activate", "Put a resource back into booking");
  add_db_option(resource_activate, db);
  resource_activate->add_option("--id", resource_id, "resource number")->required();

  // rules
  auto* rules_cmd = app.add_subcommand("rules", "Booking rules of a site, per resource kind");
  rules_cmd->require_subcommand(1);
  std::int64_t rules_site = 0;
  auto* rules_show = rules_cmd->add_subcommand("show", "Show a site's booking rules");
  add_db_option(rules_show, db);
  rules_show->add_option("--site", rules_site, "site number")->required();
  auto* rules_set = rules_cmd->add_subcommand("set", "Change a site's booking rules for one kind (others kept)");
  add_db_option(rules_set, db);
  std::string rules_kind;
  std::optional<int> advance_days, max_duration, max_per_day, max_per_week, grace, check_in_early;
  rules_set->add_option("--site", rules_site, "site number")->required();
  rules_set->add_option("--kind", rules_kind, "desk or visio_room")
      ->required()
      ->check(CLI::IsMember({"desk", "visio_room"}));
  rules_set->add_option("--advance-days", advance_days, "bookable up to this many days ahead")
      ->check(CLI::Range(0, 3650));
  rules_set->add_option("--max-duration-min", max_duration, "longest booking, minutes")->check(CLI::Range(30, 1440));
  rules_set->add_option("--max-per-day", max_per_day, "bookings per member per day")->check(CLI::Range(1, 1000));
  rules_set->add_option("--max-per-week", max_per_week, "bookings per member per week")->check(CLI::Range(1, 1000));
  rules_set->add_option("--grace-min", grace, "minutes after the start before a no-show")->check(CLI::Range(0, 1440));
  rules_set->add_option("--check-in-early-min", check_in_early, "a badge this early checks in on the booking")
      ->check(CLI::Range(0, 1440));
  std::string limits_scope;
  rules_set
      ->add_option("--limits", limits_scope,
                   "site: the per-day and per-week limits count this site's bookings; network: the member's "
                   "bookings at every site")
      ->check(CLI::IsMember({"site", "network"}));

  // booking
  auto* booking_cmd = app.add_subcommand("booking", "Bookings of desks and visio rooms");
  booking_cmd->require_subcommand(1);
  Booking booking;
  std::string start_text, end_text;
  auto* booking_add = booking_cmd->add_subcommand("add", "Book a resource for a member (the site's rules apply)");
  add_db_option(booking_add, db);
  booking_add->add_option("--member", booking.member_id, "member number")->required();
  booking_add->add_option("--resource", booking.resource_id, "resource number")->required();
  booking_add->add_option("--start", start_text, "Paris time \"2026-11-20 09:00\" or ISO UTC")->required();
  booking_add->add_option("--end", end_text, "Paris time \"2026-11-20 12:30\" or ISO UTC")->required();
  BookingQuery booking_query;
  std::int64_t list_member = 0, list_resource = 0, list_booking_site = 0;
  std::string from_date, to_date;
  auto* booking_list = booking_cmd->add_subcommand("list", "List bookings");
  add_db_option(booking_list, db);
  booking_list->add_option("--site", list_booking_site, "site number");
  booking_list->add_option("--member", list_member, "member number");
  booking_list->add_option("--resource", list_resource, "resource number");
  booking_list->add_option("--from", from_date, "first day, YYYY-MM-DD (default: today)");
  booking_list->add_option("--to", to_date, "last day, YYYY-MM-DD");
  std::string booking_id;
  auto* booking_cancel = booking_cmd->add_subcommand("cancel", "Cancel a booking (until its start)");
  add_db_option(booking_cancel, db);
  booking_cancel->add_option("--id", booking_id, "booking id (UUID)")->required();

  // demo
  auto* demo_cmd =
      app.add_subcommand("demo-data", "Fill a new database with the demo site, members and a month of visits");
  add_db_option(demo_cmd, db);
  std::string token_file;
  demo_cmd->add_option("--kiosk-token-file", token_file, "write the demo kiosk's token to this file");
  bool demo_history = false;
  demo_cmd->add_flag("--history", demo_history,
                     "also two more sites with thirteen months of generated activity (for the dashboard)");

  AgendaCommands agenda_commands(app, *site_cmd, db);
  UserCommands user_commands(app, db);
  NetworkCommands network_commands(app, *member_cmd, db);
  TlsCommands tls_commands(app);

  CLI11_PARSE(app, argc, argv);

  try {
    // TLS files are made as root in /etc/escale/tls: before anything else.
    if (auto code = tls_commands.run()) return *code;
    ServerConfig config;
    if (config_file.empty() && *ESCALE_DEFAULT_CONFIG && std::filesystem::exists(ESCALE_DEFAULT_CONFIG))
      config_file = ESCALE_DEFAULT_CONFIG;
    if (!config_file.empty()) {
      if (auto loaded = load_server_config(config_file, config); !loaded) {
        std::cerr << "escale-server: " << loaded.error() << "\n";
        return 2;
      }
    }
    if (!db.empty()) config.database = db;
    db = config.database.string();
    if (auto became = become_owner_of_database(config.database); !became) return report(became);
    if (serve_cmd->parsed()) return serve(config, serve_args);
    if (backup_cmd->parsed()) {
      const auto size = backup_database(config.database, backup_to);
      if (size && backup_to != "-")
        std::printf("copy of %s written to %s (%ju bytes)\n", db.c_str(), backup_to.c_str(), *size);
      return report(size);
    }
    auto database = open_server_db(db);
    if (auto code = agenda_commands.run(database)) return *code;
    if (auto code = user_commands.run(database)) return *code;
    if (auto code = network_commands.run(database)) return *code;
    if (init_cmd->parsed()) {
      std::printf("database %s ready (schema version %d)\n", db.c_str(), server_schema_version());
      return 0;
    }
    if (site_add->parsed()) {
      auto r = add_site(database, site);
      if (r) std::printf("site %lld added: %s\n", static_cast<long long>(r->id), r->name.c_str());
      return report(r);
    }
    if (site_list->parsed()) {
      for (const auto& s : list_sites(database)) {
        std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(s.id), s.name.c_str(), s.insee_code.c_str(),
                    s.opening_hours.c_str());
      }
      return 0;
    }
    if (member_add->parsed()) {
      if (!email.empty()) member.email = email;
      if (!phone.empty()) member.phone = phone;
      if (!commune.empty()) member.home_commune = commune;
      const auto bracket = parse_age_bracket(age);
      if (!bracket) {
        std::cerr
            << "escale-server: --age-bracket: expected unknown, under_12, 12_18, 18_35, 35_60, 60_70 or over_70\n";
        return 2;
      }
      member.age_bracket = *bracket;
      member.roles.clear();
      for (const auto& name : roles) {
        const auto role = parse_role(name);
        if (!role) {
          std::cerr << "escale-server: --role: « " << name << " » is not a role (member, animator, mediator, admin)\n";
          return 2;
        }
        member.roles.push_back(*role);
      }
      auto r = add_member(database, member);
      if (r)
        std::printf("member %lld added: %s %s\n", static_cast<long long>(r->id), r->first_name.c_str(),
                    r->last_name.c_str());
      return report(r);
    }
    if (member_list->parsed()) {
      for (const auto& m : list_members(database, list_site ? std::optional(list_site) : std::nullopt, search)) {
        std::printf("%lld\t%s\t%s\tsite %lld\t%s\n", static_cast<long long>(m.id), m.first_name.c_str(),
                    m.last_name.c_str(), static_cast<long long>(m.site_id), roles_to_text(m.roles).c_str());
      }
      return 0;
    }
    if (badge_add->parsed() || badge_revoke->parsed()) {
      const auto uid = BadgeUid::parse(uid_text);
      if (!uid) {
        std::cerr << "escale-server: --uid: « " << uid_text
                  << " » is not a card UID (8, 14 or 20 hex digits, e.g. 04A1B2C3)\n";
        return 2;
      }
      auto r = badge_add->parsed() ? add_badge(database, *uid, badge_member) : revoke_badge(database, *uid);
      if (r) std::printf("badge %s %s\n", r->uid.c_str(), r->revoked_at ? "revoked" : "active");
      return report(r);
    }
    auto print_code = [](const Result<EnrolmentCode>& code) {
      if (!code) return report(code);
      std::printf(
          "Enrolment code (valid 7 days, once): %s\n"
          "Type it on the kiosk's first screen, « Inscription de la borne » (or put it in /etc/escale/kiosk.toml, "
          "[server] enrolment_code).\n",
          code->code.c_str());
      return 0;
    };
    if (kiosk_add->parsed()) {
      auto r = add_kiosk(database, kiosk_site, kiosk_name);
      if (!r) return report(r);
      std::printf("kiosk %lld « %s » added to site %lld.\n", static_cast<long long>(r->kiosk.id), r->kiosk.name.c_str(),
                  static_cast<long long>(r->kiosk.site_id));
      if (print_token) {
        std::printf("Its token (shown only now; keep it in the kiosk's token_file):\n%s\n", r->token.c_str());
        return 0;
      }
      return print_code(issue_enrolment_code(database, r->kiosk.id, escale::now()));
    }
    if (kiosk_code->parsed()) return print_code(issue_enrolment_code(database, kiosk_id, escale::now()));
    if (kiosk_revoke->parsed()) {
      auto r = revoke_kiosk(database, kiosk_id);
      if (r)
        std::printf("kiosk %lld « %s » withdrawn: its token no longer works\n", static_cast<long long>(kiosk_id),
                    r->kiosk.name.c_str());
      return report(r);
    }
    if (kiosk_list->parsed()) {
      for (const auto& k : list_kiosks(database)) {
        std::printf("%lld\tsite %lld\t%s\tlast sync: %s%s\n", static_cast<long long>(k.kiosk.id),
                    static_cast<long long>(k.kiosk.site_id), k.kiosk.name.c_str(),
                    k.last_sync_at.value_or("never").c_str(), k.revoked ? "\trevoked" : "");
      }
      return 0;
    }
    if (admin_add->parsed()) {
      auto r = add_admin_client(database, admin_name);
      if (r) std::printf("admin client added. Its token (shown only now):\n%s\n", r->c_str());
      return report(r);
    }
    if (member_pin->parsed()) {
      if (pin_text.empty()) {
        if (::isatty(STDIN_FILENO)) std::cerr << "PIN (4 to 6 digits): " << std::flush;
        std::getline(std::cin, pin_text);
        while (!pin_text.empty() && (pin_text.back() == '\r' || pin_text.back() == ' ')) pin_text.pop_back();
      }
      auto r = set_member_pin(database, pin_member, pin_text);
      if (r) std::printf("PIN set for %s %s\n", r->first_name.c_str(), r->last_name.c_str());
      return report(r);
    }
    if (member_calendar->parsed()) {
      const auto m = find_member(database, pin_member);
      if (!m) {
        std::cerr << "escale-server: member " << pin_member << " does not exist (escale-server member list)\n";
        return 1;
      }
      if (!regenerate && has_calendar_token(database, pin_member)) {
        std::printf(
            "%s %s already has a calendar feed address; it is stored hashed and cannot be shown again.\n"
            "--regenerate gives a new one (the old address stops working).\n",
            m->first_name.c_str(), m->last_name.c_str());
        return 0;
      }
      const auto token = issue_calendar_token(database, pin_member, escale::now());
      std::printf("calendar feed of %s %s (add the server's address in front):\n/ics/members/%s.ics\n",
                  m->first_name.c_str(), m->last_name.c_str(), token.c_str());
      return 0;
    }
    if (resource_add->parsed()) {
      resource.kind = *parse_resource_kind(resource_kind);
      auto r = add_resource(database, resource);
      if (r)
        std::printf("resource %lld added: %s (%s)\n", static_cast<long long>(r->id), r->name.c_str(),
                    resource_kind.c_str());
      return report(r);
    }
    if (resource_list->parsed()) {
      for (const auto& rec : list_resource_records(database, resource_site)) {
        const auto& r = rec.resource;
        std::printf("%lld\t%s\t%s\tcapacity %d\t%s%s\n", static_cast<long long>(r.id),
                    std::string(resource_kind_name(r.kind)).c_str(), r.name.c_str(), r.capacity, r.features.c_str(),
                    rec.active ? "" : "\tinactive");
      }
      return 0;
    }
    if (resource_deactivate->parsed() || resource_activate->parsed()) {
      auto r = set_resource_active(database, resource_id, resource_activate->parsed());
      if (r) std::printf("resource %s %s\n", r->resource.name.c_str(), r->active ? "active" : "inactive");
      return report(r);
    }
    if (rules_show->parsed() || rules_set->parsed()) {
      if (!find_site(database, rules_site)) {
        std::cerr << "escale-server: site " << rules_site << " does not exist (escale-server site list)\n";
        return 1;
      }
      if (rules_set->parsed()) {
        const auto kind = *parse_resource_kind(rules_kind);
        BookingRules r = site_rules(database, rules_site).for_kind(kind);
        if (advance_days) r.advance_days = *advance_days;
        if (max_duration) r.max_duration = std::chrono::minutes(*max_duration);
        if (max_per_day) r.max_per_day = *max_per_day;
        if (max_per_week) r.max_per_week = *max_per_week;
        if (grace) r.grace = std::chrono::minutes(*grace);
        if (check_in_early) r.check_in_early = std::chrono::minutes(*check_in_early);
        if (!limits_scope.empty()) r.limits_network = limits_scope == "network";
        set_site_rules(database, rules_site, kind, r);
      }
      const auto rules = site_rules(database, rules_site);
      print_rules("desk", rules.desk);
      print_rules("visio_room", rules.visio_room);
      return 0;
    }
    if (booking_add->parsed()) {
      const auto start = parse_cli_time(start_text);
      const auto end = parse_cli_time(end_text);
      if (!start || !end) {
        std::cerr << "escale-server: --start/--end: expected a Paris time like \"2026-11-20 09:00\" or an ISO UTC "
                     "time like 2026-11-20T08:00:00Z\n";
        return 2;
      }
      booking.id = make_uuid_v4();
      booking.start = *start;
      booking.end = *end;
      const auto outcome = create_booking(database, booking, Actor{}, escale::now());
      if (outcome.refusal) {
        const auto r = find_resource(database, booking.resource_id);
        return refusal_exit(*outcome.refusal, r ? r->kind : ResourceKind::Desk, "confirmée");
      }
      print_booking(database, *outcome.booking);
      return 0;
    }
    if (booking_list->parsed()) {
      if (list_booking_site) booking_query.site_id = list_booking_site;
      if (list_member) booking_query.member_id = list_member;
      if (list_resource) booking_query.resource_id = list_resource;
      booking_query.from_date = from_date.empty() ? paris_date(escale::now()) : from_date;
      if (!to_date.empty()) booking_query.to_date = to_date;
      for (const auto& b : list_bookings(database, booking_query)) print_booking(database, b);
      return 0;
    }
    if (booking_cancel->parsed()) {
      const auto before = find_booking(database, booking_id);
      const auto outcome = cancel_booking(database, booking_id, Actor{}, escale::now());
      if (outcome.refusal) {
        const auto r = before ? find_resource(database, before->resource_id) : std::nullopt;
        return refusal_exit(*outcome.refusal, r ? r->kind : ResourceKind::Desk, "annulée");
      }
      print_booking(database, *outcome.booking);
      return 0;
    }
    if (demo_cmd->parsed()) {
      auto r = make_demo_data(database);
      if (!r) return report(r);
      if (!token_file.empty()) {
        std::ofstream out(token_file, std::ios::trunc);
        out << r->kiosk_token << "\n";
        if (!out) {
          std::cerr << "escale-server: cannot write " << token_file << "\n";
          return 1;
        }
      }
      std::printf("demo data ready: 1 site, %zu members with badges, %d past visits\n", r->badges.size(),
                  r->past_visits);
      std::string keys;
      for (std::size_t i = 0; i < r->badges.size() && i < 9; ++i) {
        keys += (i ? "," : "") + r->badges[i].uid;
      }
      std::printf("demo badges for keys 1-9: %s\n", keys.c_str());
      std::printf("demo animator: %s, badge %s, PIN %s\n", r->animator.c_str(), r->animator_uid.c_str(),
                  r->animator_pin.c_str());
      std::printf("demo bookings: %d for today and the coming open days\n", r->bookings);
      std::printf("demo mediator: %s, badge %s, PIN %s; %d help appointments to come and a workshop\n",
                  r->mediator.c_str(), r->mediator_uid.c_str(), r->mediator_pin.c_str(), r->appointments);
      if (demo_history) {
        const auto visits = add_demo_history(database);
        if (!visits) return report(visits);
        std::printf("demo history: 2 more sites, %lld visits over thirteen months\n", static_cast<long long>(*visits));
      }
      for (const auto& a : r->web_accounts)
        std::printf("demo web account: %s / %s (%s)\n", a.login.c_str(), a.password.c_str(), a.role.c_str());
      return 0;
    }
  } catch (const store::StoreError& e) {
    std::cerr << "escale-server: database problem: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "escale-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
