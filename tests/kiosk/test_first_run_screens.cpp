// The first-run screen and the night, headless, through the real runtime
// (KioskRuntime: the loop, the enrolment thread, the sync client) against a
// stub HTTP responder standing in for the server. Screenshots land in
// <build>/screenshots/first-run/ to be looked at.
#include <catch2/catch.hpp>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wnull-dereference"
#pragma GCC diagnostic ignored "-Wpedantic"
#define STB_IMAGE_STATIC  // private copy: other tests compile stb_image too
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
#pragma GCC diagnostic pop

#include <fstream>

#include "kiosk_fixture.hpp"
#include "runtime/kiosk_runtime.hpp"
#include "stub_http_server.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path kShots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "first-run";

std::string refusal(int status, const std::string& reason, const std::string& extra = "") {
  return R"({"error": {"status": )" + std::to_string(status) + R"(, "reason": ")" + reason + "\"" + extra +
         R"(, "message": "refused"}})";
}

KioskConfig headless_config(const testing::TempFolder& dir, const std::string& server_url) {
  KioskConfig c;
  c.headless = true;
  c.server_url = server_url;
  c.database = dir / "kiosk.db";
  c.shots = kShots;
  c.script = dir / "script";  // script mode: awake whatever the hour, until « night-sleep on »
  c.sync_interval = 200ms;
  c.sync_max_backoff = 400ms;
  return c;
}

// Runs `lines` as a script on the runtime; the failure, if any, goes to the report.
void run(KioskRuntime& kiosk, const testing::TempFolder& dir, const std::string& lines) {
  const auto path = dir / "step.kscript";
  std::ofstream(path) << lines;
  INFO(lines);
  REQUIRE(kiosk.run_script(path) == 0);
}

// Share of the PNG's pixels that are pure black.
double black_share(const std::filesystem::path& png) {
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(png.c_str(), &w, &h, &channels, 4);
  REQUIRE(data != nullptr);
  std::size_t black = 0;
  const auto n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  for (std::size_t i = 0; i < n; ++i) {
    if (data[i * 4] == 0 && data[i * 4 + 1] == 0 && data[i * 4 + 2] == 0) ++black;
  }
  stbi_image_free(data);
  return static_cast<double>(black) / static_cast<double>(n);
}

}  // namespace

TEST_CASE("first run: the installer types the code, sees each refusal, then enrols", "[first-run][screenshots]") {
  testing::TempFolder dir("escale-first-run");
  testing::StubServer server(403, refusal(403, "unknown_code"));
  {
    KioskRuntime kiosk(headless_config(dir, server.url()));
    run(kiosk, dir,
        R"(expect-screen enrol
expect "Inscription de la borne"
expect "escale-server kiosk add"
expect "Adresse du serveur :"
expect ")" + server.url() +
            R"("
expect-not "Inscrire la borne"
screenshot enrol-empty.png
badge 04A1B2C3
expect "pas encore inscrite"
screenshot enrol-badge.png
clock +6s
expect-not "pas encore inscrite"
type "k7qf2-m9x"
expect "K7QF2-M9X"
screenshot enrol-typing.png
tap "Inscrire la borne"
expect "Il en faut 10"
screenshot enrol-too-short.png
type "D0"
tap "Inscrire la borne"
expect "n’existe pas dans les codes"
screenshot enrol-bad-character.png
)");
    CHECK(server.requests() == 0);  // malformed codes never reach the server

    // Each attempt: the tenth character typed, then « Inscrire la borne »;
    // `again` is the way back to the keypad that the refusal offers.
    const auto attempt =
        [&](const std::string& name, const std::string& expected, const std::string& again) {
          run(kiosk, dir, R"(tap "A"
expect "K7QF2-M9XDA"
tap "Inscrire la borne"
wait-text ")" + expected + R"(" 5s
expect-screen enrol
screenshot enrol-)" + name + R"(.png
expect-not "Réessayer"
tap ")" + again + R"("
expect "Effacer"
)");
          if (again == "Taper un nouveau code") {
            run(kiosk, dir, "expect-not \"K7QF2\"\ntype \"K7QF2-M9XD\"\n");
          } else {
            run(kiosk, dir, "tap \"Effacer\"\n");
          }
          run(kiosk, dir, "expect \"K7QF2-M9XD\"\nexpect-not \"K7QF2-M9XDA\"\n");
        };
    // From the bad character back to nine good ones, on the keypad.
    run(kiosk, dir, R"(tap "Modifier le code"
tap "Effacer"
screenshot enrol-keypad.png
)");
    attempt("unknown", "ne connaît pas ce code", "Modifier le code");
    server.set_reply(403, refusal(403, "expired_code"));
    attempt("expired", "escale-server kiosk code --id N", "Taper un nouveau code");
    server.set_reply(403, refusal(403, "used_code"));
    attempt("used", "a déjà servi", "Taper un nouveau code");
    server.set_reply(429, refusal(429, "too_many_attempts", R"(, "retry_after_s": 900)"));
    run(kiosk, dir, R"(tap "A"
tap "Inscrire la borne"
wait-text "Attendez 15 min" 5s
screenshot enrol-too-many.png
tap "Modifier le code"
tap "Effacer"
)");
    server.set_reply(500, "Internal Server Error");
    run(kiosk, dir, R"(tap "A"
tap "Inscrire la borne"
wait-text "Le serveur ne répond pas" 5s
screenshot enrol-unreachable.png
tap "Modifier le code"
tap "English"
screenshot enrol-typing-en.png
tap "Enrol the kiosk"
wait-text "The server does not answer" 5s
screenshot enrol-unreachable-en.png
tap "Change the code"
tap "Français"
tap "Inscrire la borne"
wait-text "Le serveur ne répond pas" 5s
)");
    CHECK(server.requests() == 7);
    // « Réessayer » sends the same code again.
    server.set_reply(200, R"({"kiosk_id": 3, "kiosk_name": "entrée", "site_id": 1,
                              "site_name": "Tiers-lieu de Vouziers", "token": "esk_secret"})");
    run(kiosk, dir, R"(tap "Réessayer"
wait-text "Borne inscrite : entrée, Tiers-lieu de Vouziers" 5s
screenshot enrol-done.png
)");
    // The sync never gets an answer it can read here: the kiosk stays in
    // préparation (« La borne se prépare… ») where the attract screen will be.
    run(kiosk, dir, R"(expect "Commencer"
tap "Commencer"
expect-screen preparing
)");
    // The sync client started with the new token, without a restart.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (server.requests_with_token("/api/v1/sync", "esk_secret") == 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    CHECK(server.requests_with_token("/api/v1/sync", "esk_secret") > 0);
  }
  // Restarted, the kiosk has its token: no first-run screen (still in
  // préparation: no pull has landed).
  {
    KioskRuntime again(headless_config(dir, server.url()));
    run(again, dir, "expect-screen preparing\n");
  }
  LocalStore store(dir / "kiosk.db");
  REQUIRE(store.enrolment());
  CHECK(store.enrolment()->token == "esk_secret");
  // A token from the configuration takes precedence over the stored one.
  KioskConfig configured = headless_config(dir, server.url());
  configured.token = "esk_configured";
  KioskRuntime third(configured);
  run(third, dir, "expect-screen preparing\n");
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (server.requests_with_token("/api/v1/sync", "esk_configured") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  CHECK(server.requests_with_token("/api/v1/sync", "esk_configured") > 0);
}

TEST_CASE("first run: a code in the configuration is retried while the server is away", "[first-run][screenshots]") {
  testing::TempFolder dir("escale-first-run");
  testing::StubServer server(503, "");
  KioskConfig c = headless_config(dir, server.url());
  c.enrolment_code = "K7QF2M9XDA";
  KioskRuntime kiosk(c);
  run(kiosk, dir, R"(expect-screen enrol
wait-text "La borne réessaie toute seule" 5s
expect "K7QF2-M9XDA"
expect-not "Inscrire la borne"
screenshot enrol-retrying.png
)");
  server.set_reply(403, refusal(403, "expired_code"));
  run(kiosk, dir, R"(wait-text "Ce code a expiré" 10s
expect "Taper un nouveau code"
screenshot enrol-config-expired.png
)");
}

TEST_CASE(
    "préparation: after enrolment until the first pull, the screen says a badge is noted (800×480), and the "
    "tap counts once the pull lands",
    "[first-run][preparation][screenshots]") {
  testing::TempFolder dir("escale-preparation");
  testing::StubServer server(200, R"({"kiosk_id": 3, "kiosk_name": "entrée", "site_id": 1,
                                      "site_name": "Tiers-lieu de Vouziers", "token": "esk_secret"})");
  KioskRuntime kiosk(headless_config(dir, server.url()));
  run(kiosk, dir, R"(type "K7QF2M9XDA"
tap "Inscrire la borne"
wait-text "Borne inscrite : entrée, Tiers-lieu de Vouziers" 10s
expect "Les badges passés d’ici là sont notés et compteront."
screenshot enrol-done-preparing.png
)");
  server.set_reply(503, "");  // the network is down from here
  run(kiosk, dir, R"(tap "Commencer"
expect-screen preparing
expect "La borne se prépare…"
expect "Vous pouvez passer votre badge : votre passage sera noté et comptera."
expect "Je suis de passage"
expect-not "Passez votre badge"
badge 04A1B2C3
expect-screen preparing
expect "La borne se prépare… votre passage est noté."
expect-not "pas encore enregistré"
screenshot preparing-tap.png
wait-text "La borne n’arrive pas à joindre le serveur pour l’instant." 20s
screenshot preparing-tap-offline.png
clock +6s
expect-not "votre passage est noté."
expect "Tiers-lieu de Vouziers"
screenshot preparing-offline.png
tap "English"
expect "The kiosk is getting ready…"
expect "The kiosk cannot reach the server for now."
screenshot preparing-en.png
tap "Français"
)");
  std::optional<Instant> tapped;
  {
    LocalStore peek(dir / "kiosk.db");
    CHECK(peek.pending_count() == 0);
    const auto taps = peek.early_taps();
    REQUIRE(taps.size() == 1);
    CHECK(taps[0].uid == BadgeUid::parse("04A1B2C3"));
    tapped = taps[0].at;
    REQUIRE(tapped);
  }
  // The server answers: the first pull lands, préparation ends, and Marie's
  // tap of ten minutes ago becomes her check-in at that time.
  sync::SyncResponse pull = testing::first_sync();
  server.set_reply(200, sync::encode(pull));
  run(kiosk, dir, R"(clock +10m
wait-screen attract 15s
expect "Passez votre badge"
expect-not "se prépare"
screenshot preparing-done.png
)");
  LocalStore store(dir / "kiosk.db");
  CHECK_FALSE(store.first_pull_pending());
  CHECK(store.early_tap_count() == 0);
  const auto events = store.pending_events(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == sync::EventType::CheckIn);
  CHECK(events[0].member_id == 1);
  CHECK(events[0].at == *tapped);
}

TEST_CASE("a token from the configuration: no first-run screen", "[first-run]") {
  testing::TempFolder dir("escale-first-run");
  testing::StubServer server(503, "");
  KioskConfig c = headless_config(dir, server.url());
  c.token = "esk_configured";
  KioskRuntime kiosk(c);
  run(kiosk, dir, "expect-screen attract\n");
}

TEST_CASE("an offline kiosk: no first-run screen", "[first-run]") {
  testing::TempFolder dir("escale-first-run");
  KioskRuntime kiosk(headless_config(dir, ""));
  run(kiosk, dir, "expect-screen attract\nexpect \"Passez votre badge\"\n");
}

TEST_CASE("night: a sleeping kiosk is black, and a badge wakes it and is recorded", "[sleep][screenshots]") {
  testing::TempFolder dir("escale-night");
  {
    LocalStore store(dir / "kiosk.db");
    store.apply(testing::first_sync());  // open Mo-Fr 08:30-18:00
  }
  KioskRuntime kiosk(headless_config(dir, ""));
  run(kiosk, dir, R"(clock next Tu 23:00
expect-awake
night-sleep on
expect-asleep
screenshot night-asleep.png
expect-not "Passez votre badge"
badge 04A1B2C3
expect-awake
expect-screen greeting
expect "Bonjour Marie"
screenshot night-badge.png
clock +25s
touch
clock +3m
expect-asleep
touch
expect-awake
expect "Passez votre badge"
clock next We 10:00
expect-awake
)");
  CHECK(black_share(kShots / "night-asleep.png") > 0.999);
  CHECK(black_share(kShots / "night-badge.png") < 0.5);
  LocalStore store(dir / "kiosk.db");
  CHECK(store.pending_count() == 1);  // the check-in at night
}
