// Integration harness: real escale-server and escale-kiosk processes.
// Process is an RAII child (killed and reaped on destruction) with pipes to
// its stdin and stdout; TempDir is a fresh folder removed afterwards;
// http_get talks to the server over loopback.
#pragma once

#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace escale::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

class Process {
 public:
  // Starts `argv` with stdin and stdout piped to us; stderr goes to `stderr_file`
  // when given (kept for the test's failure messages), else inherited.
  explicit Process(std::vector<std::string> argv, std::filesystem::path stderr_file = {},
                   std::vector<std::string> extra_env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void write_line(const std::string& line);
  void close_stdin();
  // Next stdout line, or nullopt at EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Reads lines until one contains `needle`; returns it (nullopt on EOF/timeout).
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
  void signal(int sig);
  // Waits for exit; returns the exit code, 128+signal when killed, nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stdout_so_far() const { return seen_; }

 private:
  pid_t pid_ = -1;
  int in_fd_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  std::string seen_;
  std::optional<int> status_;
};

struct HttpReply {
  int status = 0;
  std::string body;
  std::string content_type;
};
HttpReply http_request(int port, const std::string& method, const std::string& target, const std::string& body = {},
                       const std::string& bearer = {});

// A running escale-server on a free loopback port with its own database.
class ServerProcess {
 public:
  // port 0: any free port; give the previous port to restart "the same" server.
  // `extra_args` go after serve's own (e.g. {"--config", "server.toml"}).
  ServerProcess(const std::filesystem::path& db, const std::filesystem::path& log, int port = 0,
                const std::vector<std::string>& extra_args = {});
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  Process& process() { return *process_; }
  void kill_hard();           // SIGKILL, as a crash would
  std::optional<int> stop();  // SIGTERM and wait

 private:
  std::unique_ptr<Process> process_;
  int port_ = 0;
};

// Runs escale-server with arguments to completion; returns stdout (throws on non-zero exit).
std::string run_server_command(const std::vector<std::string>& args);

}  // namespace escale::testing
