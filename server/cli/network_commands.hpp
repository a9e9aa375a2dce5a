// The command line of the network (issue 17: one membership for every site):
//
//   escale-server network show
//   escale-server network set --name "CC du Val de Vienne" [--siren "200 071 512"] [--territory "Val de Vienne"]
//   escale-server network retention [--visits 3 --inactive 24 --notice 1 --audit 12 --attempts 6 --sessions 1]
//   escale-server member sites --member 7 --site 2 [--site 3]   (only these sites)
//   escale-server member sites --member 7 --all                 (every site again)
//   escale-server member grant --member 7 --site 2 --role animator|mediator
//   escale-server member ungrant --member 7 --site 2 --role animator|mediator
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace escale::server::cli {

class NetworkCommands {
 public:
  // `member` is the « member » command, which gains sites, grant and ungrant.
  NetworkCommands(CLI::App& app, CLI::App& member, std::string& db_path);
  ~NetworkCommands();
  NetworkCommands(const NetworkCommands&) = delete;
  NetworkCommands& operator=(const NetworkCommands&) = delete;
  std::optional<int> run(store::Database& db);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace escale::server::cli
