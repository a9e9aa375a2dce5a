// The demo database (escale-server demo-data) served on a free loopback port
// with a notifier script that writes the text of each message it is given to
// a file, one per line: the browser tests read the links the server sends
// (an SMS's, a login e-mail's) as a phone would receive them.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace escale::testing {

class NotifiedDemoServer {
 public:
  NotifiedDemoServer() {
    using namespace std::chrono_literals;
    run_server_command({"demo-data", "--db", db().string()});
    {
      std::ofstream f(script());
      f << "#!/bin/sh\nprintf '%s\\n' \"$3\" >> '" << sent().string() << "'\n";
    }
    std::filesystem::permissions(script(), std::filesystem::perms::owner_all);
    server_ = std::make_unique<Process>(
        std::vector<std::string>{ESCALE_SERVER_BIN, "serve", "--db", db().string(), "--listen", "127.0.0.1:0",
                                 "--threads", "2", "--notifier", script().string()},
        dir_ / "server.log");
    const auto line = server_->wait_for_line("listening on", 10s);
    REQUIRE(line);
    port_ = std::stoi(line->substr(line->rfind(':') + 1));
  }
  ~NotifiedDemoServer() {
    using namespace std::chrono_literals;
    server_->signal(SIGTERM);
    server_->wait(10s);
  }
  NotifiedDemoServer(const NotifiedDemoServer&) = delete;
  NotifiedDemoServer& operator=(const NotifiedDemoServer&) = delete;

  std::filesystem::path db() const { return dir_ / "server.db"; }
  int port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  // The text of the `n`th message the server sent (1 = the first), once the notifier has written it: the
  // message job runs in the server's process, woken when a page queues a message; this waits for its file
  // (with a deadline, not a delay).
  std::string message(std::size_t n) {
    using namespace std::chrono_literals;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    std::vector<std::string> lines;
    while (lines.size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      lines.clear();
      std::ifstream f(sent());
      for (std::string line; std::getline(f, line);)
        if (!line.empty()) lines.push_back(line);
    }
    REQUIRE(lines.size() >= n);
    return lines[n - 1];
  }

 private:
  std::filesystem::path script() const { return dir_ / "notify.sh"; }
  std::filesystem::path sent() const { return dir_ / "sent.txt"; }
  TempDir dir_{"escale-browser-demo"};
  std::unique_ptr<Process> server_;
  int port_ = 0;
};

}  // namespace escale::testing
