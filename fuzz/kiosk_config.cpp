// Harness: the kiosk's configuration file, read by the real reader
// (load_config_file, kiosk/config/kiosk_config.cpp) from a file as
// `escale-kiosk --config` does, then finished (finalize_config: the server
// URL, the enrolment code, sizes and ranges). toml++ runs behind the TOML
// pre-check (shared/text/toml_guard); header-only in the fuzz build.
#include "config/kiosk_config.hpp"
#include "fuzz_support.hpp"

using namespace escale::kiosk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static escale::fuzz::ScratchFile file("kiosk.toml");
  KioskConfig c;
  const auto loaded = load_config_file(file.write(escale::fuzz::as_text(data, size)), c);
  if (!loaded) {
    FUZZ_CHECK(!loaded.error().empty());
    return 0;
  }
  // finalize_config reads the token file the configuration names: a fuzzed
  // path could be /dev/zero or a FIFO. The operator chooses that path; the
  // harness keeps to what the file's text decides.
  c.token_file.clear();
  const auto final = finalize_config(c);
  if (!final) {
    FUZZ_CHECK(!final.error().empty());
    return 0;
  }
  // What finalize_config promises of a configuration it accepts.
  FUZZ_CHECK(c.width >= 320 && c.width <= 8192 && c.height >= 240 && c.height <= 8192);
  FUZZ_CHECK(c.scale >= 0.5f && c.scale <= 4.0f);
  FUZZ_CHECK(c.idle_timeout.count() >= 5 && c.idle_timeout.count() <= 600);
  FUZZ_CHECK(c.min_visit.count() >= 0 && c.min_visit.count() <= 3600);
  FUZZ_CHECK(c.sync_interval.count() >= 100);
  FUZZ_CHECK(c.sleep_margin.count() >= 0 && c.sleep_margin.count() <= 240);
  FUZZ_CHECK(c.reader_min_interval.count() >= 0 && c.reader_min_interval.count() <= 60000);
  FUZZ_CHECK(c.renderer == "accelerated" || c.renderer == "software");
  FUZZ_CHECK(c.key_badges.size() <= 9);
  return 0;
}
