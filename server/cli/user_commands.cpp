#include "cli/user_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/cli_support.hpp"
#include "store/web_users.hpp"

namespace escale::server::cli {
namespace {

// Turns the terminal's echo off for its lifetime.
class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~NoEcho() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::string read_line(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::string read_new_password(std::istream& in, bool terminal) {
  if (!terminal) return read_line(in);
  std::string first, second;
  {
    NoEcho quiet;
    std::cerr << "Mot de passe (12 caractères au moins) : " << std::flush;
    first = read_line(in);
    std::cerr << "\nLe même, encore une fois : " << std::flush;
    second = read_line(in);
    std::cerr << "\n";
  }
  if (first != second) {
    std::cerr << "escale-server: les deux mots de passe diffèrent : recommencez.\n";
    return {};
  }
  return first;
}

struct UserCommands::State {
  std::string& db;
  explicit State(std::string& d) : db(d) {}
  CLI::App* add = nullptr;
  CLI::App* list = nullptr;
  CLI::App* password = nullptr;
  CLI::App* disable = nullptr;
  CLI::App* enable = nullptr;
  std::string login, role, name;
  std::int64_t site = 0;
};

UserCommands::UserCommands(CLI::App& app, std::string& db_path) : s_(std::make_unique<State>(db_path)) {
  State& s = *s_;
  auto db_opt = [&](CLI::App* c) {
    c->add_option("--db", s.db, "SQLite database file")->envname("ESCALE_DB")->capture_default_str();
    return c;
  };
  auto* user = app.add_subcommand("user", "Web accounts of the back office and the reports");
  user->require_subcommand(1);
  s.add = db_opt(user->add_subcommand("add", "Add a web account (the password is asked, or read from stdin)"));
  s.add->add_option("--login", s.login, "identifier used to log in, e.g. claire.martin")->required();
  s.add->add_option("--role", s.role, "admin (everything), animator (one site) or reporting (aggregates only)")
      ->required();
  s.add->add_option("--site", s.site, "site number (animators only)");
  s.add->add_option("--name", s.name, "name shown in the pages, e.g. « Claire Martin »");
  s.list = db_opt(user->add_subcommand("list", "List web accounts"));
  s.password = db_opt(user->add_subcommand("password", "Set a new password (ends the account's sessions)"));
  s.password->add_option("--login", s.login, "the account")->required();
  s.disable = db_opt(user->add_subcommand("disable", "Disable an account (ends its sessions)"));
  s.disable->add_option("--login", s.login, "the account")->required();
  s.enable = db_opt(user->add_subcommand("enable", "Enable a disabled account"));
  s.enable->add_option("--login", s.login, "the account")->required();
}

UserCommands::~UserCommands() = default;

std::optional<int> UserCommands::run(store::Database& db) {
  State& s = *s_;
  const bool terminal = isatty(STDIN_FILENO) != 0;
  if (s.add->parsed()) {
    NewWebUser user;
    user.login = s.login;
    user.display_name = s.name;
    const auto role = parse_web_role(s.role);
    if (!role) {
      std::cerr << "escale-server: --role: « " << s.role << " » is not a role (admin, animator or reporting)\n";
      return 2;
    }
    user.role = *role;
    if (s.site != 0) user.site_id = s.site;
    user.password = read_new_password(std::cin, terminal);
    if (user.password.empty()) {
      std::cerr << "escale-server: no password given: type it when asked, or send it on standard input\n";
      return 2;
    }
    const auto r = add_web_user(db, user);
    if (r) {
      std::printf("account %s added (%s%s)\n", r->login.c_str(), std::string(role_label(r->role)).c_str(),
                  r->site_id ? (", site " + std::to_string(*r->site_id)).c_str() : "");
    }
    return report(r);
  }
  if (s.list->parsed()) {
    for (const auto& u : list_web_users(db)) {
      std::printf("%s\t%s\t%s\t%s%s\n", u.login.c_str(), std::string(to_string(u.role)).c_str(),
                  u.site_id ? ("site " + std::to_string(*u.site_id)).c_str() : "all sites", u.display_name.c_str(),
                  u.disabled ? "\tdisabled" : "");
    }
    return 0;
  }
  if (s.password->parsed()) {
    const auto password = read_new_password(std::cin, terminal);
    if (password.empty()) {
      std::cerr << "escale-server: no password given: type it when asked, or send it on standard input\n";
      return 2;
    }
    const auto r = set_web_password(db, s.login, password);
    if (r) std::printf("password of %s changed; its sessions are closed\n", r->login.c_str());
    return report(r);
  }
  if (s.disable->parsed() || s.enable->parsed()) {
    const auto r = set_web_user_disabled(db, s.login, s.disable->parsed());
    if (r) std::printf("account %s %s\n", r->login.c_str(), r->disabled ? "disabled" : "enabled");
    return report(r);
  }
  return std::nullopt;
}

}  // namespace escale::server::cli
