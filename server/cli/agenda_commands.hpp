// The command line of the help agenda and its exports:
//
//   escale-server agenda type add --site 1 --name "Aide aux démarches" --duration 45
//   escale-server agenda type add --site 1 --name "Atelier messagerie" --duration 90 --collective --capacity 8 --level
//   beginner escale-server agenda type list --site 1 escale-server agenda hours add --site 1 --mediator 4 --day Tu
//   --from 14:00 --to 17:00 [--since D --until D] escale-server agenda hours list|remove … escale-server agenda closed
//   add --site 1 [--mediator 4] --from 2026-12-21 --to 2027-01-03 --reason congés escale-server agenda workshop add
//   --type 2 --mediator 4 --start "2026-11-26 14:00" [--title … --capacity …] escale-server agenda list --site 1
//   [--from D --to D] escale-server site mediation --site 1 --pivot SIRET --postal-code 87500 --commune … --phone …
//   [--set col=value] escale-server export activities [--site 1 --from D --to D] [--tableur] [--out FILE] escale-server
//   export lieux-mediation [--out FILE] escale-server reminders list [--state failed] | reminders send escale-server
//   retention run [--days 730] (participants after --days, then the network's rules)
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace escale::server::cli {

class AgendaCommands {
 public:
  // Adds the subcommands to `app` (`site` is the existing « site » command),
  // each with a --db option writing to `db_path`.
  AgendaCommands(CLI::App& app, CLI::App& site, std::string& db_path);
  ~AgendaCommands();
  AgendaCommands(const AgendaCommands&) = delete;
  AgendaCommands& operator=(const AgendaCommands&) = delete;
  // Runs the subcommand given, if it is one of these; its exit code.
  std::optional<int> run(store::Database& db);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace escale::server::cli
