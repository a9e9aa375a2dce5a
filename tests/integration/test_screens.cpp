// One headless script per kiosk screen (tests/kiosk/scripts/*.kscript), run by
// the real escale-kiosk against a real escale-server holding the demo data.
// Screenshots are kept under build/<preset>/screenshots/<script>/ to look at.
#include <catch2/catch.hpp>

#include <algorithm>

#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;

TEST_CASE("every kiosk screen, scripted headless", "[e2e][screens]") {
  TempDir dir("escale-screens");
  run_server_command(
      {"demo-data", "--db", (dir / "server.db").string(), "--kiosk-token-file", (dir / "token").string()});
  ServerProcess server(dir / "server.db", dir / "server.log");

  std::vector<std::filesystem::path> scripts;
  for (const auto& entry : std::filesystem::directory_iterator(ESCALE_SOURCE_DIR "/tests/kiosk/scripts")) {
    if (entry.path().extension() == ".kscript") scripts.push_back(entry.path());
  }
  std::sort(scripts.begin(), scripts.end());
  REQUIRE(scripts.size() >= 6);

  for (const auto& script : scripts) {
    const std::string name = script.stem().string();
    DYNAMIC_SECTION(name) {
      const auto shots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / name;
      std::filesystem::remove_all(shots);
      const auto db = dir / (name + ".db");
      Process kiosk(
          {ESCALE_KIOSK_BIN, "--headless", "--script", script.string(), "--db", db.string(), "--server", server.url(),
           "--token-file", (dir / "token").string(), "--shots", shots.string(), "--sync-interval-ms", "200"},
          dir / (name + ".log"));
      kiosk.close_stdin();
      std::string out;
      while (auto line = kiosk.read_line(60s)) out += *line + "\n";
      const auto code = kiosk.wait(60s);
      INFO("script " << name << " said:\n" << out);
      REQUIRE(code == 0);
      CHECK(std::filesystem::exists(shots));
    }
  }
}
