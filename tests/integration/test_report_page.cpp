// The report page as a person sees it: the server with the demo data, the
// page opened in Debian's headless Chromium on a desktop and a phone width.
// The DOM is checked; screenshots are kept under build/<preset>/screenshots/web/.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

// Runs headless Chromium (flags from ../shared/reference/stack.md) and returns what it printed.
std::string chromium(const TempDir& dir, const std::string& profile, std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/chromium",
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + (dir / profile).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  Process browser(argv, dir / "chromium.log");
  browser.close_stdin();
  std::string out;
  while (auto line = browser.read_line(60s)) out += *line + "\n";
  REQUIRE(browser.wait(60s) == 0);
  return out;
}

}  // namespace

TEST_CASE("the visits report page, in a real browser", "[e2e][web]") {
  REQUIRE(std::filesystem::exists("/usr/bin/chromium"));  // packaging/debian-packages.txt installs it
  TempDir dir("escale-report-page");
  run_server_command({"demo-data", "--db", (dir / "server.db").string()});
  ServerProcess server(dir / "server.db", dir / "server.log");
  const std::string page = server.url() + "/reports/visits?site=1";

  const auto dom = chromium(dir, "p1", {"--dump-dom", page});
  CHECK(dom.find("<h1>Passages — Tiers-lieu de démonstration</h1>") != std::string::npos);
  CHECK(dom.find("membres différents") != std::string::npos);
  CHECK(dom.find("Télécharger en CSV") != std::string::npos);
  // 30 days, each a row with its French date.
  std::size_t rows = 0;
  for (auto at = dom.find("<time datetime="); at != std::string::npos; at = dom.find("<time datetime=", at + 1)) ++rows;
  CHECK(rows == 30);

  const auto shots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "web";
  std::filesystem::create_directories(shots);
  for (const auto& [name, size] :
       {std::pair{"report-desktop.png", "1000,900"}, std::pair{"report-phone.png", "390,844"}}) {
    const auto png = shots / name;
    std::filesystem::remove(png);
    chromium(dir, std::string("p-") + name,
             {"--window-size=" + std::string(size), "--screenshot=" + png.string(), page});
    REQUIRE(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 10'000);  // a rendered page, not a blank one
  }
}
