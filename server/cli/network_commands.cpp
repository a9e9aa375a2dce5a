#include "cli/network_commands.hpp"

#include <cstdio>
#include <iostream>

#include "cli/cli_support.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/retention.hpp"
#include "store/sites.hpp"

namespace escale::server::cli {

struct NetworkCommands::State {
  std::string& db;
  explicit State(std::string& d) : db(d) {}
  CLI::App* show = nullptr;
  CLI::App* set = nullptr;
  CLI::App* sites = nullptr;
  CLI::App* grant = nullptr;
  CLI::App* ungrant = nullptr;
  CLI::App* retention = nullptr;
  NetworkSettings settings;
  // network retention: each option given changes that setting only.
  std::optional<int> visits, inactive, notice, audit, attempts, sessions;
  std::int64_t member = 0;
  std::vector<std::int64_t> site_ids;
  bool all = false;
  std::int64_t site = 0;
  std::string role;
};

NetworkCommands::NetworkCommands(CLI::App& app, CLI::App& member, std::string& db_path)
    : s_(std::make_unique<State>(db_path)) {
  State& s = *s_;
  auto db_opt = [&](CLI::App* c) {
    c->add_option("--db", s.db, "SQLite database file")->envname("ESCALE_DB")->capture_default_str();
    return c;
  };
  auto* network = app.add_subcommand("network", "The network (intercommunality) whose sites these are");
  network->require_subcommand(1);
  s.show = db_opt(network->add_subcommand("show", "Show the network's name, SIREN and territory"));
  s.set = db_opt(network->add_subcommand("set", "Set the network's name, SIREN and territory"));
  s.set->add_option("--name", s.settings.name, "e.g. « Communauté de communes du Val de Vienne »")->required();
  s.set->add_option("--siren", s.settings.siren, "the intercommunality's SIREN (9 digits)");
  s.set->add_option("--territory", s.settings.territory, "e.g. « Val de Vienne »");
  s.retention = db_opt(network->add_subcommand(
      "retention", "Show how long the server keeps what (docs/privacy.md), or change it with the options"));
  s.retention->add_option("--visits", s.visits, "months before a visit no longer names its member (1 to 3)");
  s.retention->add_option("--inactive", s.inactive, "months without any activity before a member is told (12 to 36)");
  s.retention->add_option("--notice", s.notice, "months between the notice and the anonymisation (1 to 3)");
  s.retention->add_option("--audit", s.audit, "months the audit log is kept (6 to 24)");
  s.retention->add_option("--attempts", s.attempts, "months failed logins and enrolments are kept (1 to 12)");
  s.retention->add_option("--sessions", s.sessions, "months ended sessions are kept (1 to 6)");
  s.set->add_option("--producer", s.settings.producer_id,
                    "SIRET or RNA of the open-data file's producer (kept when not given)");

  s.sites = db_opt(
      member.add_subcommand("sites", "Restrict a member to some sites of the network (or give every site back)"));
  s.sites->add_option("--member", s.member, "member number")->required();
  s.sites->add_option("--site", s.site_ids, "a site the member may use (repeatable)");
  s.sites->add_flag("--all", s.all, "every site of the network (lifts the restriction)");
  s.grant = db_opt(member.add_subcommand("grant", "Give a member the animator or mediator role at another site"));
  s.ungrant = db_opt(member.add_subcommand("ungrant", "Take back a role given at another site"));
  for (auto* c : {s.grant, s.ungrant}) {
    c->add_option("--member", s.member, "member number")->required();
    c->add_option("--site", s.site, "site number (not the member's own: edit the member there)")->required();
    c->add_option("--role", s.role, "animator or mediator")->required()->check(CLI::IsMember({"animator", "mediator"}));
  }
}

NetworkCommands::~NetworkCommands() = default;

std::optional<int> NetworkCommands::run(store::Database& db) {
  State& s = *s_;
  if (s.show->parsed()) {
    const auto n = network_settings(db);
    std::printf("name\t%s\nsiren\t%s\nterritory\t%s\nproducer\t%s\n",
                n.name.empty() ? "(not given: escale-server network set)" : n.name.c_str(), n.siren.c_str(),
                n.territory.c_str(), n.producer_id.c_str());
    for (const auto& site : network_sites(db))
      std::printf("site %lld\t%s\n", static_cast<long long>(site.id), site.name.c_str());
    return 0;
  }
  if (s.set->parsed()) {
    if (s.set->count("--producer") == 0) s.settings.producer_id = network_settings(db).producer_id;
    const auto r = set_network_settings(db, s.settings, {});
    if (r) std::printf("network « %s » saved\n", r->name.c_str());
    return report(r);
  }
  if (s.retention->parsed()) {
    auto settings = retention_settings(db);
    const bool change = s.visits || s.inactive || s.notice || s.audit || s.attempts || s.sessions;
    if (change) {
      settings.visits_months = s.visits.value_or(settings.visits_months);
      settings.inactive_months = s.inactive.value_or(settings.inactive_months);
      settings.notice_months = s.notice.value_or(settings.notice_months);
      settings.audit_months = s.audit.value_or(settings.audit_months);
      settings.attempts_months = s.attempts.value_or(settings.attempts_months);
      settings.sessions_months = s.sessions.value_or(settings.sessions_months);
      const auto r = set_retention_settings(db, settings, {}, escale::now());
      if (!r) return report(r);
      settings = *r;
    }
    std::printf(
        "visits\t%d months (then the visit no longer names its member)\ninactive\t%d months (then the member is "
        "told)\nnotice\t%d months (then the member is anonymised)\naudit\t%d months\nattempts\t%d months\n"
        "sessions\t%d months\nlast run\t%s\n",
        settings.visits_months, settings.inactive_months, settings.notice_months, settings.audit_months,
        settings.attempts_months, settings.sessions_months,
        settings.last_run_at ? settings.last_run_at->c_str() : "never (escale-server retention run)");
    return 0;
  }
  if (s.sites->parsed()) {
    if (s.all == !s.site_ids.empty()) {
      std::cerr << "escale-server: member sites: give either --site (one or more) or --all\n";
      return 2;
    }
    const auto r = restrict_member_sites(db, s.member, s.all ? std::vector<std::int64_t>{} : s.site_ids, {});
    if (r) {
      if (r->empty()) {
        std::printf("member %lld may use every site of the network\n", static_cast<long long>(s.member));
      } else {
        std::string list;
        for (const auto id : *r) list += (list.empty() ? "" : ", ") + std::to_string(id);
        std::printf("member %lld may use only site(s) %s\n", static_cast<long long>(s.member), list.c_str());
      }
    }
    return report(r);
  }
  if (s.grant->parsed() || s.ungrant->parsed()) {
    const Role role = *parse_role(s.role);  // checked by CLI::IsMember
    if (s.grant->parsed()) {
      const auto r = grant_site_role(db, s.member, s.site, role, {});
      if (r)
        std::printf("member %lld is %s at site %lld\n", static_cast<long long>(s.member), s.role.c_str(),
                    static_cast<long long>(s.site));
      return report(r);
    }
    const auto r = revoke_site_role(db, s.member, s.site, role, {});
    if (r)
      std::printf(*r ? "member %lld is no longer %s at site %lld\n" : "member %lld was not %s at site %lld\n",
                  static_cast<long long>(s.member), s.role.c_str(), static_cast<long long>(s.site));
    return report(r);
  }
  return std::nullopt;
}

}  // namespace escale::server::cli
