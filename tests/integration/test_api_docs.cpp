// docs/API.md's curl examples, run for real against a server with the demo
// data: every `sh` block runs with bash, and each line of the `output` block
// after it must appear in what it printed. The docs cannot drift from the API.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

struct Example {
  std::string script;
  std::vector<std::string> expected;
  int line = 0;
};

std::vector<Example> examples_in(const std::filesystem::path& markdown) {
  std::ifstream in(markdown);
  std::vector<Example> out;
  std::string line, fence;
  std::string block;
  int number = 0, block_start = 0;
  while (std::getline(in, line)) {
    ++number;
    if (fence.empty() && line.rfind("```", 0) == 0) {
      fence = line.substr(3);
      block.clear();
      block_start = number;
      continue;
    }
    if (!fence.empty() && line == "```") {
      if (fence == "sh") out.push_back({block, {}, block_start});
      if (fence == "output" && !out.empty()) {
        std::istringstream lines(block);
        for (std::string l; std::getline(lines, l);) {
          if (!l.empty()) out.back().expected.push_back(l);
        }
      }
      fence.clear();
      continue;
    }
    if (!fence.empty()) block += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("docs/API.md examples run as documented", "[e2e][docs]") {
  TempDir dir("escale-api-docs");
  const auto db = (dir / "server.db").string();
  run_server_command({"demo-data", "--db", db, "--kiosk-token-file", (dir / "token").string()});
  const auto admin = run_server_command({"admin", "add", "--db", db, "--name", "docs"});
  std::smatch m;
  REQUIRE(std::regex_search(admin, m, std::regex("esa_[0-9a-f]{64}")));
  const std::string admin_token = m.str();
  std::string kiosk_token;
  std::getline(std::ifstream(dir / "token"), kiosk_token);
  ServerProcess server(db, dir / "server.log");

  const auto examples = examples_in(ESCALE_SOURCE_DIR "/docs/API.md");
  REQUIRE(examples.size() >= 5);
  for (const auto& ex : examples) {
    Process shell({"/bin/bash", "-c", ex.script}, dir / "shell.log",
                  {"ESCALE=" + server.url(), "KIOSK_TOKEN=" + kiosk_token, "ADMIN_TOKEN=" + admin_token});
    shell.close_stdin();
    std::string out;
    while (auto l = shell.read_line(20s)) out += *l + "\n";
    INFO("docs/API.md example at line " << ex.line << ":\n" << ex.script << "printed:\n" << out);
    REQUIRE(shell.wait(20s) == 0);
    for (const auto& want : ex.expected) {
      INFO("expected to see: " << want);
      CHECK(out.find(want) != std::string::npos);
    }
  }
}
