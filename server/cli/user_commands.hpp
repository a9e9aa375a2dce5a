// The command line of web accounts:
//
//   escale-server user add --login claire --role admin|animator|reporting [--site 1] [--name "Claire Martin"]
//   escale-server user list
//   escale-server user password --login claire
//   escale-server user disable|enable --login claire
//
// Passwords are never arguments (they would show in `ps` and the shell's
// history): typed twice without echo on a terminal, or read as the first line
// of standard input (for scripts: `printf '%s\n' "$PASSWORD" | escale-server user add …`).
#pragma once

#include <CLI/CLI.hpp>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace escale::server::cli {

class UserCommands {
 public:
  UserCommands(CLI::App& app, std::string& db_path);
  ~UserCommands();
  UserCommands(const UserCommands&) = delete;
  UserCommands& operator=(const UserCommands&) = delete;
  std::optional<int> run(store::Database& db);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Reads a new password: on a terminal, asked twice without echo; otherwise
// the first line of `in`. Empty when nothing was given or the two differ
// (a message is printed).
std::string read_new_password(std::istream& in, bool terminal);

}  // namespace escale::server::cli
