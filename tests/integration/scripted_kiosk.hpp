// A real escale-kiosk process driven line by line through its script
// language on standard input (`--script -`, docs/kiosk-scripting.md), synced
// fast with its server: each command must answer « ok ».
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "harness.hpp"

namespace escale::testing {

class ScriptedKiosk {
 public:
  // `dir` holds its database and log (`name`.db, `name`.log); screenshots go to `shots`.
  ScriptedKiosk(const std::filesystem::path& dir, const std::string& name, const std::string& server_url,
                const std::string& token, const std::filesystem::path& shots)
      : process_({ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (dir / (name + ".db")).string(), "--server",
                  server_url, "--token", token, "--shots", shots.string(), "--sync-interval-ms", "200",
                  "--sync-max-backoff-ms", "300"},
                 dir / (name + ".log")) {}

  void run(const std::string& command, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    process_.write_line(command);
    const auto line = process_.read_line(timeout);
    INFO("command: " << command);
    REQUIRE(line.has_value());
    INFO("kiosk said: " << *line << "\n" << process_.stdout_so_far());
    REQUIRE(line->rfind("ok", 0) == 0);
  }
  // « quit », and the exit code.
  std::optional<int> quit() {
    run("quit");
    return process_.wait(std::chrono::seconds(10));
  }
  Process& process() { return process_; }

 private:
  Process process_;
};

}  // namespace escale::testing
