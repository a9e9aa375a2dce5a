// Kiosk configuration: TOML file, then checks with messages that say what to fix.
#include "config/kiosk_config.hpp"

#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk_fixture.hpp"

using namespace escale::kiosk;

namespace {
void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}
}  // namespace

TEST_CASE("a full configuration file is read", "[config]") {
  testing::TempFolder dir("escale-config");
  write(dir / "token", "esk_abc\n");
  write(dir / "kiosk.toml", R"(
[server]
url = "http://127.0.0.1:9000"
token_file = ")" + (dir / "token").string() +
                                R"("
sync_interval_ms = 2000
[kiosk]
database = "/tmp/k.db"
name = "entrée"
idle_timeout_s = 30
min_visit_s = 120
[screen]
fullscreen = false
width = 1024
height = 600
scale = 1.25
renderer = "software"
[reader]
kind = "sim"
key_badges = ["04A1B2C3", "1A2B3C4D"]
)");
  KioskConfig c;
  REQUIRE(load_config_file(dir / "kiosk.toml", c));
  REQUIRE(finalize_config(c));
  CHECK(c.server_url == "http://127.0.0.1:9000");
  CHECK(c.token == "esk_abc");
  CHECK(c.sync_interval == std::chrono::milliseconds(2000));
  CHECK(c.database == "/tmp/k.db");
  CHECK(c.name == "entrée");
  CHECK(c.idle_timeout == std::chrono::seconds(30));
  CHECK(c.min_visit == std::chrono::seconds(120));
  CHECK_FALSE(c.fullscreen);
  CHECK(c.width == 1024);
  CHECK(c.scale == Approx(1.25));
  CHECK(c.renderer == "software");
  CHECK(c.key_badges.size() == 2);
}

TEST_CASE("configuration mistakes are explained", "[config]") {
  testing::TempFolder dir("escale-config");
  KioskConfig c;
  write(dir / "broken.toml", "[server\nurl = 1\n");
  auto r = load_config_file(dir / "broken.toml", c);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("broken.toml:1") != std::string::npos);

  write(dir / "type.toml", "[screen]\nwidth = \"wide\"\n");
  r = load_config_file(dir / "type.toml", c);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("[screen] width") != std::string::npos);

  KioskConfig no_token;
  no_token.server_url = "http://127.0.0.1:8080";
  r = finalize_config(no_token);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("token") != std::string::npos);

  KioskConfig bad_url;
  bad_url.server_url = "ftp://example";
  bad_url.token = "esk_x";
  CHECK_FALSE(finalize_config(bad_url));

  KioskConfig missing_file;
  missing_file.token_file = dir / "nope";
  r = finalize_config(missing_file);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("nope") != std::string::npos);

  KioskConfig tiny;
  tiny.width = 100;
  CHECK_FALSE(finalize_config(tiny));

  KioskConfig keys;
  keys.key_badges = {"XYZ"};
  CHECK_FALSE(finalize_config(keys));

  KioskConfig reader;
  reader.reader = "magic";
  CHECK_FALSE(finalize_config(reader));

  KioskConfig renderer;
  renderer.renderer = "vulkan";
  r = finalize_config(renderer);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("accelerated or software") != std::string::npos);
}
