// escale-server: the command line. Each subcommand is a thin wrapper over the
// store modules; `serve` runs the HTTP API (api/routes.cpp) on the Beast
// server (http/http_server.cpp).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "api/routes.hpp"
#include "demo/demo_data.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

#ifndef ESCALE_VERSION
#define ESCALE_VERSION "0.0.0"
#endif

namespace {

using namespace escale;
using namespace escale::server;

constexpr const char* kDefaultDb = "/var/lib/escale/escale-server.db";

// Prints a result's error for a person and returns the exit code.
template <typename T>
int report(const Result<T>& r) {
  if (!r) {
    std::cerr << "escale-server: " << r.error() << "\n";
    return 1;
  }
  return 0;
}

struct ServeArgs {
  std::string db = kDefaultDb;
  std::string listen = "127.0.0.1:8080";
  int threads = 4;
  std::size_t body_limit = std::size_t{1024} * 1024;
  int read_timeout_ms = 15000;
};

int serve(const ServeArgs& args) {
  const auto colon = args.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "escale-server: --listen expects HOST:PORT, for example 127.0.0.1:8080\n";
    return 2;
  }
  http::ServerOptions options;
  options.host = args.listen.substr(0, colon);
  try {
    const int port = std::stoi(args.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    options.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "escale-server: --listen: the port must be a number from 0 to 65535\n";
    return 2;
  }
  options.threads = std::max(1, args.threads);
  options.body_limit = args.body_limit;
  options.read_timeout = std::chrono::milliseconds(args.read_timeout_ms);
  ConnectionPool pool(args.db, options.threads + 1);
  http::HttpServer server(options, make_api(pool));
  // Tests and scripts read this line to learn the port (with --listen HOST:0).
  std::printf("escale-server: listening on http://%s:%u\n", options.host.c_str(), server.port());
  std::fflush(stdout);
  server.run(true);
  std::printf("escale-server: stopped\n");
  return 0;
}

void add_db_option(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db, "SQLite database file")->envname("ESCALE_DB")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("escale-server"));
  CLI::App app{"escale-server: members, badges, visits and reports of the Escale kiosks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("escale-server ") + ESCALE_VERSION);

  std::string db = kDefaultDb;

  ServeArgs serve_args;
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTP API until SIGTERM or SIGINT");
  serve_cmd->add_option("--db", serve_args.db, "SQLite database file")->envname("ESCALE_DB")->capture_default_str();
  serve_cmd->add_option("--listen", serve_args.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve_args.threads, "worker threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd->add_option("--body-limit", serve_args.body_limit, "largest request body in bytes (413 beyond)")
      ->capture_default_str();
  serve_cmd->add_option("--read-timeout-ms", serve_args.read_timeout_ms, "time a client has to send a request")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();

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
  auto* kiosk_add = kiosk_cmd->add_subcommand("add", "Add a kiosk to a site and print its token once");
  add_db_option(kiosk_add, db);
  kiosk_add->add_option("--site", kiosk_site, "site number")->required();
  kiosk_add->add_option("--name", kiosk_name, "a name for the kiosk")->capture_default_str();
  auto* kiosk_list = kiosk_cmd->add_subcommand("list", "List kiosks and their last sync");
  add_db_option(kiosk_list, db);

  // admin API clients
  auto* admin_cmd = app.add_subcommand("admin", "Admin API clients (read access to members and badges)");
  admin_cmd->require_subcommand(1);
  std::string admin_name;
  auto* admin_add = admin_cmd->add_subcommand("add", "Add an admin API client and print its token once");
  add_db_option(admin_add, db);
  admin_add->add_option("--name", admin_name)->required();

  // demo
  auto* demo_cmd =
      app.add_subcommand("demo-data", "Fill a new database with the demo site, members and a month of visits");
  add_db_option(demo_cmd, db);
  std::string token_file;
  demo_cmd->add_option("--kiosk-token-file", token_file, "write the demo kiosk's token to this file");

  CLI11_PARSE(app, argc, argv);

  try {
    if (serve_cmd->parsed()) return serve(serve_args);
    auto database = open_server_db(db);
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
    if (kiosk_add->parsed()) {
      auto r = add_kiosk(database, kiosk_site, kiosk_name);
      if (r) {
        std::printf(
            "kiosk %lld added to site %lld.\nIts token (shown only now; keep it in the kiosk's configuration):\n%s\n",
            static_cast<long long>(r->kiosk.id), static_cast<long long>(r->kiosk.site_id), r->token.c_str());
      }
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
