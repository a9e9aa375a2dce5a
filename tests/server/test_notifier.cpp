#include "reminders/notifier.hpp"  // first: the header is self-contained

// The reminder command: its arguments arrive intact (no shell in between),
// exit codes, signals, a missing program, the timeout that kills the command
// and what it started, a command flooding its standard error, and the
// schedule of retries. The commands are small /bin/sh scripts written to a
// temporary folder.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"

namespace {

using escale::server::NotifierConfig;
using escale::server::NotifyOutcome;
using escale::server::retry_delay;
using escale::server::run_notifier;
using escale::tests::TempDir;
using namespace std::chrono_literals;

// An executable /bin/sh script `name` in `dir` with `body`.
std::string script(const std::filesystem::path& dir, const std::string& name, const std::string& body) {
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  {
    std::ofstream out(path);
    out << "#!/bin/sh\n" << body << "\n";
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path.string();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A script that writes each of its arguments on a line of `out`, then exits 0.
std::string recorder(const TempDir& dir, const std::filesystem::path& out) {
  return script(dir.path() / "dossier avec espaces", "enregistre.sh",
                "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out.string() + "'\nexit 0");
}

// No zombie left behind: every child this test started has been reaped.
void check_no_zombie() {
  int status = 0;
  const pid_t r = ::waitpid(-1, &status, WNOHANG);
  INFO("waitpid(-1) returned " << r);
  CHECK(r <= 0);
}

// True when `pid` no longer runs (gone, or a zombie waiting for its reaper).
bool not_running(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z';
}

}  // namespace

TEST_CASE("notifier: no command configured", "[notifier]") {
  const NotifyOutcome o = run_notifier(NotifierConfig{}, "sms", "06 12 34 56 78", "Bonjour");
  CHECK_FALSE(o.sent);
  CHECK_FALSE(o.exit_code.has_value());
  CHECK(o.detail == "aucune commande de rappel configurée");
}

TEST_CASE("notifier: arguments arrive intact, without a shell", "[notifier]") {
  TempDir dir;
  const auto out = dir.file("arguments.txt");
  const auto pwned = dir.file("pwned");
  NotifierConfig config;
  config.command = {recorder(dir, out), "--passerelle", "mon compte « principal »"};
  const std::string message =
      "Rappel : atelier « e-mail » demain à 14 h, l'après-midi \"chez Josiane\" ; "
      "$(touch " +
      pwned.string() + ") `touch " + pwned.string() + "` ; touch " + pwned.string() +
      " | cat && echo $HOME * ? ~ \\ > /dev/null";
  const NotifyOutcome o = run_notifier(config, "sms", "+33 6 12 34 56 78", message);
  CHECK(o.sent);
  REQUIRE(o.exit_code.has_value());
  CHECK(*o.exit_code == 0);
  CHECK(o.detail == "envoyé");
  const std::vector<std::string> expected{"--passerelle", "mon compte « principal »", "sms", "+33 6 12 34 56 78",
                                          message};
  CHECK(lines_of(read_file(out)) == expected);
  CHECK_FALSE(std::filesystem::exists(pwned));  // nothing was interpreted by a shell
  check_no_zombie();

  SECTION("an empty recipient and message are arguments too") {
    config.command = {config.command.front()};
    const NotifyOutcome e = run_notifier(config, "email", "", "");
    CHECK(e.sent);
    CHECK(read_file(out) == "email\n\n\n");
  }
}

TEST_CASE("notifier: the program is looked up in PATH", "[notifier]") {
  NotifierConfig config;
  config.command = {"true"};
  CHECK(run_notifier(config, "sms", "0612345678", "x").sent);
  config.command = {"false"};
  const NotifyOutcome o = run_notifier(config, "sms", "0612345678", "x");
  CHECK_FALSE(o.sent);
  REQUIRE(o.exit_code.has_value());
  CHECK(*o.exit_code == 1);
  CHECK(o.detail == "sortie 1");
  check_no_zombie();
}

TEST_CASE("notifier: a failure reports the exit code and the end of standard error", "[notifier]") {
  TempDir dir;
  NotifierConfig config;

  SECTION("one line") {
    config.command = {script(dir.path(), "echec.sh", "echo 'numéro inconnu' >&2\nexit 2")};
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    CHECK_FALSE(o.sent);
    REQUIRE(o.exit_code.has_value());
    CHECK(*o.exit_code == 2);
    CHECK(o.detail == "sortie 2 : numéro inconnu");
  }
  SECTION("several lines, on one line") {
    config.command = {script(dir.path(), "echec.sh",
                             "echo 'passerelle SMS :' >&2\necho >&2\nprintf '  quota dépassé\\r\\n' >&2\nexit 75")};
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    CHECK(o.detail == "sortie 75 : passerelle SMS : / quota dépassé");
  }
  SECTION("standard output is not reported, standard input is empty") {
    config.command = {script(dir.path(), "echec.sh", "echo 'sur la sortie'\nif read line; then exit 9; fi\nexit 4")};
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    CHECK(o.detail == "sortie 4");
  }
  SECTION("invalid UTF-8 is replaced") {
    config.command = {script(dir.path(), "echec.sh", "printf 'r\\351seau\\n' >&2\nexit 1")};
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    CHECK(o.detail == "sortie 1 : r?seau");
  }
  SECTION("a success ignores standard error") {
    config.command = {script(dir.path(), "ok.sh", "echo 'avertissement' >&2\nexit 0")};
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    CHECK(o.sent);
    CHECK(o.detail == "envoyé");
  }
  check_no_zombie();
}

TEST_CASE("notifier: killed by a signal", "[notifier]") {
  TempDir dir;
  NotifierConfig config;
  config.command = {script(dir.path(), "tue.sh", "kill -9 $$")};
  const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
  CHECK_FALSE(o.sent);
  CHECK_FALSE(o.exit_code.has_value());
  CHECK(o.detail == "arrêté par le signal 9");
  check_no_zombie();
}

TEST_CASE("notifier: a program that does not exist", "[notifier]") {
  TempDir dir;
  NotifierConfig config;
  const std::string missing = dir.file("envoyer-sms").string();
  config.command = {missing, "--verbeux"};
  NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
  CHECK_FALSE(o.sent);
  CHECK_FALSE(o.exit_code.has_value());
  CHECK(o.detail == "commande introuvable : " + missing);

  config.command = {"escale-commande-qui-n-existe-pas"};
  o = run_notifier(config, "sms", "0600000000", "Bonjour");
  CHECK_FALSE(o.sent);
  CHECK(o.detail == "commande introuvable : escale-commande-qui-n-existe-pas");

  SECTION("a file that is not executable") {
    const auto path = dir.file("pas-executable.sh");
    std::ofstream(path) << "#!/bin/sh\nexit 0\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    config.command = {path.string()};
    o = run_notifier(config, "sms", "0600000000", "Bonjour");
    CHECK_FALSE(o.sent);
    CHECK(o.detail == "commande non exécutable : " + path.string());
  }
  check_no_zombie();
}

// No tight bound on the time taken: a loaded machine may be slow. The
// commands sleep far longer (60 s) than the timeout instead, so that what the
// notifier reports, and a bound of 30 s, tell waiting for them from not.
TEST_CASE("notifier: the timeout kills the command and what it started", "[notifier]") {
  TempDir dir;
  const auto pid_file = dir.file("sleep.pid");
  NotifierConfig config;
  config.timeout = 1s;

  SECTION("a command that sleeps") {
    config.command = {script(dir.path(), "dort.sh", "sleep 60\nexit 0")};
    const auto start = std::chrono::steady_clock::now();
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK_FALSE(o.sent);
    CHECK_FALSE(o.exit_code.has_value());
    CHECK(o.detail == "délai de 1 s dépassé");
    CHECK(elapsed >= 1s);
    CHECK(elapsed < 30s);  // not the command's 60 s
  }
  SECTION("a sleep in the background that holds standard error open") {
    config.command = {script(dir.path(), "dort.sh",
                             "sleep 60 &\necho $! > '" + pid_file.string() + "'\necho 'en attente' >&2\nwait")};
    const auto start = std::chrono::steady_clock::now();
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(o.detail == "délai de 1 s dépassé");
    CHECK(elapsed < 30s);  // not the 60 s the sleep holds standard error
    const pid_t sleeper = static_cast<pid_t>(std::stol(read_file(pid_file)));
    bool gone = false;
    for (const auto deadline = std::chrono::steady_clock::now() + 30s;
         !gone && std::chrono::steady_clock::now() < deadline;) {
      gone = not_running(sleeper);
      if (!gone) std::this_thread::sleep_for(10ms);
    }
    CHECK(gone);  // killed with its process group
  }
  SECTION("a command that exits while a background child keeps standard error open") {
    // The child outlives the timeout: had the notifier waited for the end of
    // the pipe, it would report the timeout, not the exit.
    config.timeout = 10s;
    config.command = {script(dir.path(), "detache.sh",
                             "sleep 60 &\necho $! > '" + pid_file.string() + "'\necho 'parti' >&2\nexit 6")};
    const auto start = std::chrono::steady_clock::now();
    const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(o.detail == "sortie 6 : parti");  // its exit is seen without waiting for the pipe
    CHECK(o.exit_code == 6);
    // Nor is the pipe read to its end afterwards.
    CHECK(elapsed < 30s);
    ::kill(static_cast<pid_t>(std::stol(read_file(pid_file))), SIGKILL);  // the orphan the test left
  }
  check_no_zombie();
}

TEST_CASE("notifier: 1 MB on standard error does not block", "[notifier]") {
  TempDir dir;
  NotifierConfig config;
  // A command blocked on a full pipe would be killed at the timeout and have
  // no exit code: the exit code shows it did not block, whatever the time taken.
  config.timeout = 120s;
  config.command = {script(dir.path(), "bavard.sh",
                           "head -c 1048576 /dev/zero | tr '\\000' 'x' >&2\n"
                           "head -c 1048576 /dev/zero\n"  // and 1 MB on standard output
                           "echo >&2\necho 'dernière ligne' >&2\nexit 3")};
  const NotifyOutcome o = run_notifier(config, "sms", "0600000000", "Bonjour");
  CHECK_FALSE(o.sent);
  REQUIRE(o.exit_code.has_value());
  CHECK(*o.exit_code == 3);
  INFO(o.detail);
  CHECK(o.detail.rfind("sortie 3 : …xxx", 0) == 0);  // the start was cut off
  CHECK(o.detail.ends_with("xxx / dernière ligne"));
  // The last 1 000 bytes only (each line break becomes « / »: a few more).
  CHECK(o.detail.size() <= std::string("sortie 3 : …").size() + 1000 + 10);
  CHECK(o.detail.size() >= 900);
  check_no_zombie();
}

TEST_CASE("notifier: several threads at once", "[notifier]") {
  TempDir dir;
  NotifierConfig config;
  config.command = {script(dir.path(), "ecrit.sh", "printf '%s' \"$3\" > \"$2\"\nexit 0")};
  std::vector<NotifyOutcome> outcomes(6);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      threads.emplace_back([&, i] {
        outcomes[i] = run_notifier(config, "email", dir.file("sortie-" + std::to_string(i)).string(),
                                   "message n° " + std::to_string(i));
      });
    }
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    INFO(i << " : " << outcomes[i].detail);
    CHECK(outcomes[i].sent);
    CHECK(read_file(dir.file("sortie-" + std::to_string(i))) == "message n° " + std::to_string(i));
  }
  check_no_zombie();
}

TEST_CASE("notifier: retry delays", "[notifier]") {
  using std::chrono::minutes;
  CHECK(retry_delay(-3) == minutes{5});
  CHECK(retry_delay(0) == minutes{5});
  CHECK(retry_delay(1) == minutes{5});
  CHECK(retry_delay(2) == minutes{15});
  CHECK(retry_delay(3) == minutes{60});
  CHECK(retry_delay(4) == minutes{180});
  CHECK_FALSE(retry_delay(5).has_value());
  CHECK_FALSE(retry_delay(42).has_value());
}
