// The notifier: see notifier.hpp. The command is started with posix_spawnp
// (no shell: the message reaches it as one argument, whatever it holds), in
// its own process group so that a timeout kills the scripts it started too.
// Its standard error goes through a pipe read while waiting — a command that
// writes a lot never blocks — and only the last 1 000 bytes are kept.
#include "reminders/notifier.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace escale::server {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStderrKept = 1000;

// Owns one file descriptor; closes it once.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset() {
    // No retry on EINTR: on Linux the descriptor is released anyway.
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// posix_spawn_file_actions_t and posix_spawnattr_t, destroyed on every path.
class SpawnFileActions {
 public:
  SpawnFileActions() : ok_(::posix_spawn_file_actions_init(&actions_) == 0) {}
  ~SpawnFileActions() {
    if (ok_) ::posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  bool ok() const { return ok_; }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
  bool ok_ = false;
};

class SpawnAttributes {
 public:
  SpawnAttributes() : ok_(::posix_spawnattr_init(&attr_) == 0) {}
  ~SpawnAttributes() {
    if (ok_) ::posix_spawnattr_destroy(&attr_);
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  bool ok() const { return ok_; }
  posix_spawnattr_t* get() { return &attr_; }

 private:
  posix_spawnattr_t attr_{};
  bool ok_ = false;
};

std::string error_text(int err) {
  return std::system_category().message(err);
}

NotifyOutcome failure(std::string detail) {
  NotifyOutcome outcome;
  outcome.detail = std::move(detail);
  return outcome;
}

// waitpid without EINTR. Returns its result (0 with WNOHANG while running).
pid_t wait_for(pid_t pid, int& status, int options) {
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, options);
    if (r >= 0 || errno != EINTR) return r;
  }
}

// Reads what the pipe holds now (non-blocking) into `tail`, keeping its last
// kStderrKept bytes and noting whether bytes were dropped. Returns false at
// end of file or on an error (the pipe is then of no more use).
bool drain(int fd, std::string& tail, bool& truncated) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      tail.append(buffer, static_cast<std::size_t>(n));
      if (tail.size() > kStderrKept) {
        tail.erase(0, tail.size() - kStderrKept);
        truncated = true;
      }
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

// Valid UTF-8 only (the detail ends up in JSON and logs): a character cut by
// the 1 000-byte tail or any invalid byte becomes « ? ».
std::string sanitise_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    std::size_t len = 0;
    if (c < 0x80) {
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    }
    bool ok = len > 0 && i + len <= in.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len == 3) {
      const auto c1 = static_cast<unsigned char>(in[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong, surrogates
    } else if (ok && len == 4) {
      const auto c1 = static_cast<unsigned char>(in[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);  // overlong, beyond U+10FFFF
    }
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

// The command's last words on one line: its non-empty lines, trimmed, joined
// by « / », « … » first when the start was cut off.
std::string stderr_summary(const std::string& tail, bool truncated) {
  const std::string text = sanitise_utf8(tail);
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    for (char& ch : line) {
      if (ch == '\r' || ch == '\t' || (static_cast<unsigned char>(ch) < 0x20)) ch = ' ';
    }
    const std::size_t first = line.find_first_not_of(' ');
    if (first != std::string::npos) {
      const std::size_t last = line.find_last_not_of(' ');
      if (!out.empty()) out += " / ";
      out += line.substr(first, last - first + 1);
    }
    pos = end + 1;
  }
  if (truncated && !out.empty()) out.insert(0, "…");
  return out;
}

std::string with_stderr(std::string detail, const std::string& summary) {
  if (!summary.empty()) {
    detail += " : ";
    detail += summary;
  }
  return detail;
}

}  // namespace

NotifyOutcome run_notifier(const NotifierConfig& config, std::string_view channel, std::string_view recipient,
                           std::string_view message) {
  if (config.command.empty() || config.command.front().empty()) {
    return failure("aucune commande de rappel configurée");
  }
  const std::string& program = config.command.front();

  std::vector<std::string> args = config.command;
  args.emplace_back(channel);
  args.emplace_back(recipient);
  args.emplace_back(message);
  for (const auto& a : args) {
    if (a.find('\0') != std::string::npos) return failure("argument invalide (caractère nul) pour " + program);
  }
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The pipe for standard error; close-on-exec so that no other child
  // spawned meanwhile by another thread keeps its write end open.
  int fds[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC) != 0) return failure("impossible de créer un tube : " + error_text(errno));
  UniqueFd err_read(fds[0]);
  UniqueFd err_write(fds[1]);
  if (::fcntl(err_read.get(), F_SETFL, O_NONBLOCK) != 0) {
    return failure("impossible de configurer le tube : " + error_text(errno));
  }

  SpawnFileActions actions;
  SpawnAttributes attr;
  if (!actions.ok() || !attr.ok()) return failure("impossible de préparer le lancement de " + program);
  int rc = ::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (rc == 0) rc = ::posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  if (rc == 0) rc = ::posix_spawn_file_actions_adddup2(actions.get(), err_write.get(), STDERR_FILENO);

  // Its own process group (a timeout kills the whole group), no blocked
  // signal inherited from this thread, default SIGPIPE even if the server
  // ignores it.
  sigset_t empty;
  sigset_t defaults;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  if (rc == 0) rc = ::posix_spawnattr_setpgroup(attr.get(), 0);
  if (rc == 0) rc = ::posix_spawnattr_setsigmask(attr.get(), &empty);
  if (rc == 0) rc = ::posix_spawnattr_setsigdefault(attr.get(), &defaults);
  if (rc == 0) {
    rc = ::posix_spawnattr_setflags(
        attr.get(), static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  }
  if (rc != 0) return failure("impossible de préparer le lancement de " + program + " : " + error_text(rc));

  pid_t pid = -1;
  rc = ::posix_spawnp(&pid, program.c_str(), actions.get(), attr.get(), argv.data(), environ);
  err_write.reset();  // the child has its copy: end of file when it (and its children) are done
  if (rc == ENOENT || rc == ENOTDIR) return failure("commande introuvable : " + program);
  if (rc == EACCES) return failure("commande non exécutable : " + program);
  if (rc != 0) return failure("impossible de lancer " + program + " : " + error_text(rc));

  const std::chrono::seconds timeout = std::max(config.timeout, std::chrono::seconds{1});
  const auto deadline = Clock::now() + timeout;
  std::string tail;
  bool truncated = false;
  bool timed_out = false;
  bool reaped = false;
  bool lost = false;  // ECHILD: someone else reaped it (SIGCHLD ignored)
  int status = 0;

  for (;;) {
    const pid_t r = wait_for(pid, status, WNOHANG);
    if (r == pid) {
      reaped = true;
      break;
    }
    if (r < 0) {
      lost = true;
      break;
    }
    const auto now = Clock::now();
    if (now >= deadline) {
      timed_out = true;
      ::kill(-pid, SIGKILL);  // the group: the command and what it started
      ::kill(pid, SIGKILL);
      reaped = wait_for(pid, status, 0) == pid;
      lost = !reaped;
      break;
    }
    // Wait for output or the end of the pipe, but check on the child at
    // least every 50 ms (a grandchild may hold the pipe after it exited).
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    const int wait_ms = static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 50));
    if (err_read.valid()) {
      pollfd pfd{};
      pfd.fd = err_read.get();
      pfd.events = POLLIN;
      const int p = ::poll(&pfd, 1, wait_ms);
      if (p < 0 && errno != EINTR) {
        err_read.reset();
      } else if (p > 0 && !drain(err_read.get(), tail, truncated)) {
        err_read.reset();  // end of file: the command closed its standard error
      }
    } else {
      ::poll(nullptr, 0, std::min(wait_ms, 10));
    }
  }
  // What it wrote just before exiting.
  if (err_read.valid()) drain(err_read.get(), tail, truncated);
  const std::string summary = stderr_summary(tail, truncated);

  NotifyOutcome outcome;
  if (timed_out) {
    outcome.detail = "délai de " + std::to_string(timeout.count()) + " s dépassé";
  } else if (lost || !reaped) {
    outcome.detail = with_stderr("état de sortie inconnu", summary);
  } else if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
    if (*outcome.exit_code == 0) {
      outcome.sent = true;
      outcome.detail = "envoyé";
    } else {
      outcome.detail = with_stderr("sortie " + std::to_string(*outcome.exit_code), summary);
    }
  } else if (WIFSIGNALED(status)) {
    outcome.detail = "arrêté par le signal " + std::to_string(WTERMSIG(status));
  } else {
    outcome.detail = with_stderr("état de sortie inconnu", summary);
  }
  return outcome;
}

std::optional<std::chrono::minutes> retry_delay(int attempts_made) {
  using std::chrono::minutes;
  if (attempts_made <= 1) return minutes{5};
  switch (attempts_made) {
    case 2:
      return minutes{15};
    case 3:
      return minutes{60};
    case 4:
      return minutes{180};
    default:
      return std::nullopt;
  }
}

}  // namespace escale::server
