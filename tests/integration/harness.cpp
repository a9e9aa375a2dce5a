// Integration harness implementation (fork/exec, pipes, poll, a tiny HTTP client).
#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

namespace escale::testing {

TempDir::TempDir(const std::string& prefix) {
  std::random_device rd;
  path_ =
      std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  if (std::getenv("ESCALE_KEEP_TEST_FILES") == nullptr) std::filesystem::remove_all(path_, ec);
}

Process::Process(std::vector<std::string> argv, std::filesystem::path stderr_file, std::vector<std::string> extra_env) {
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    if (!stderr_file.empty()) {
      const int fd = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) dup2(fd, STDERR_FILENO);
    }
    for (auto& e : extra_env) putenv(e.data());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  in_fd_ = in_pipe[1];
  out_fd_ = out_pipe[0];
}

Process::~Process() {
  if (in_fd_ >= 0) close(in_fd_);
  if (out_fd_ >= 0) close(out_fd_);
  if (!status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    waitpid(pid_, &st, 0);
  }
}

void Process::write_line(const std::string& line) {
  const std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(in_fd_, data.data() + done, data.size() - done);
    if (n <= 0) throw std::runtime_error("cannot write to the child's stdin");
    done += static_cast<std::size_t>(n);
  }
}

void Process::close_stdin() {
  if (in_fd_ >= 0) close(in_fd_);
  in_fd_ = -1;
}

std::optional<std::string> Process::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      seen_ += line + "\n";
      return line;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || out_fd_ < 0) return std::nullopt;
    pollfd pfd{out_fd_, POLLIN, 0};
    const int r = poll(&pfd, 1, static_cast<int>(left.count()));
    if (r <= 0) continue;
    std::array<char, 4096> buf{};
    const ssize_t n = ::read(out_fd_, buf.data(), buf.size());
    if (n <= 0) {
      close(out_fd_);
      out_fd_ = -1;
      if (!buffer_.empty()) {
        std::string rest = std::move(buffer_);
        buffer_.clear();
        seen_ += rest;
        return rest;
      }
      return std::nullopt;
    }
    buffer_.append(buf.data(), static_cast<std::size_t>(n));
  }
}

std::optional<std::string> Process::wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto line = read_line(left);
    if (!line) return std::nullopt;
    if (line->find(needle) != std::string::npos) return line;
  }
  return std::nullopt;
}

void Process::signal(int sig) {
  if (!status_) ::kill(pid_, sig);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int st = 0;
    const pid_t r = waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool Process::running() {
  return !wait(std::chrono::milliseconds(0)).has_value();
}

HttpReply http_request(int port, const std::string& method, const std::string& target, const std::string& body,
                       const std::string& bearer) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  struct FdGuard {
    int fd;
    ~FdGuard() { close(fd); }
  } guard{fd};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return {};
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!bearer.empty()) req += "Authorization: Bearer " + bearer + "\r\n";
  if (!body.empty() || method == "POST") {
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) < 0) return {};
  std::string raw;
  std::array<char, 8192> buf{};
  ssize_t n;
  while ((n = recv(fd, buf.data(), buf.size(), 0)) > 0) raw.append(buf.data(), static_cast<std::size_t>(n));
  HttpReply reply;
  if (raw.size() < 12) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  const auto header_end = raw.find("\r\n\r\n");
  const std::string headers = raw.substr(0, header_end);
  reply.body = header_end == std::string::npos ? "" : raw.substr(header_end + 4);
  // Content-Type (case-insensitive match on the name).
  std::string lower = headers;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto ct = lower.find("\r\ncontent-type:");
  if (ct != std::string::npos) {
    const auto start = ct + 15;
    const auto end = headers.find("\r\n", start);
    reply.content_type = headers.substr(start, end - start);
    while (!reply.content_type.empty() && reply.content_type.front() == ' ') reply.content_type.erase(0, 1);
  }
  // Chunked replies are not used by escale-server (it always sets Content-Length).
  return reply;
}

ServerProcess::ServerProcess(const std::filesystem::path& db, const std::filesystem::path& log, int port,
                             const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv{ESCALE_SERVER_BIN, "serve", "--db", db.string()};
  argv.insert(argv.end(), {"--listen", "127.0.0.1:" + std::to_string(port), "--threads", "2"});
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<Process>(std::move(argv), log);
  const auto line = process_->wait_for_line("listening on", std::chrono::seconds(10));
  if (!line) throw std::runtime_error("escale-server did not start; see " + log.string());
  port_ = std::stoi(line->substr(line->rfind(':') + 1));
}

void ServerProcess::kill_hard() {
  process_->signal(SIGKILL);
  process_->wait(std::chrono::seconds(5));
}

std::optional<int> ServerProcess::stop() {
  process_->signal(SIGTERM);
  return process_->wait(std::chrono::seconds(10));
}

std::string run_server_command(const std::vector<std::string>& args) {
  std::vector<std::string> argv{ESCALE_SERVER_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  Process p(argv);
  p.close_stdin();
  std::string out;
  while (auto line = p.read_line(std::chrono::seconds(30))) out += *line + "\n";
  const auto code = p.wait(std::chrono::seconds(30));
  if (!code || *code != 0) throw std::runtime_error("escale-server command failed: " + out);
  return out;
}

}  // namespace escale::testing
