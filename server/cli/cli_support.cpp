#include "cli/cli_support.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "store/database.hpp"
#include "store/maintenance.hpp"
#include "time/iso_date.hpp"

namespace escale::server::cli {

std::optional<Instant> parse_cli_time(const std::string& text) {
  if (auto t = parse_iso_utc(text)) return t;
  const auto wall = parse_iso_date_minute(text);
  if (!wall) return std::nullopt;
  return from_paris(wall->date.year, wall->date.month, wall->date.day, wall->hour, wall->minute);
}

std::string paris_text(Instant t) {
  const LocalTime l = to_paris(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
  return buf;
}

std::string machine_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

std::optional<int> parse_clock(const std::string& text) {
  int h = 0, m = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &extra) != 2) return std::nullopt;
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

}  // namespace escale::server::cli

namespace escale::server::cli {

Result<bool> become_owner_of_database(const std::filesystem::path& database) {
  if (::geteuid() != 0) return true;
  auto folder = database.parent_path();
  if (folder.empty()) folder = ".";
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0 || info.st_uid == 0) return true;
  const struct passwd* user = ::getpwuid(info.st_uid);
  const gid_t group = user ? user->pw_gid : info.st_gid;
  const bool groups_ok = user ? ::initgroups(user->pw_name, group) == 0 : ::setgroups(0, nullptr) == 0;
  if (!groups_ok || ::setgid(group) != 0 || ::setuid(info.st_uid) != 0) {
    return Error{"cannot switch to the owner of " + folder.string() + " (" + std::strerror(errno) +
                 "): run the command as that user, e.g. sudo -u escale escale-server …"};
  }
  return true;
}

Result<std::uintmax_t> backup_database(const std::filesystem::path& database, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  const bool to_stdout = to == "-";
  if (to_stdout && ::isatty(STDOUT_FILENO))
    return Error{"--to -: standard output is a terminal; redirect it to a file (… --to - > escale.db)"};
  if (!to_stdout && fs::exists(to)) return Error{to.string() + " already exists: choose a new file name"};
  if (!fs::exists(database))
    return Error{"no database at " + database.string() + " (check [server] database in /etc/escale/server.toml)"};
  // VACUUM INTO writes a new, consistent, compacted database file while the
  // server goes on working; for stdout it goes beside the database first.
  const fs::path target = to_stdout ? fs::path(database.string() + ".backup-" + std::to_string(::getpid())) : to;
  {
    store::Database db(database);
    copy_database_into(db, target);
  }
  std::error_code ec;
  const auto size = fs::file_size(target, ec);
  if (!to_stdout) return size;
  std::ifstream in(target, std::ios::binary);
  std::cout << in.rdbuf();
  std::cout.flush();
  in.close();
  fs::remove(target, ec);
  if (!std::cout) return Error{"could not write the copy to standard output"};
  return size;
}

}  // namespace escale::server::cli
