// Harness: the kiosk's headless script language (kiosk/script/script.cpp):
// a whole script, and the input as one duration.
#include "fuzz_support.hpp"
#include "script/script.hpp"

using namespace escale::kiosk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = escale::fuzz::as_text(data, size);
  const auto script = parse_script(text);
  if (script) {
    int previous = 0;
    for (const auto& cmd : *script) {
      FUZZ_CHECK(cmd.line > previous);  // in order, comments and blank lines skipped
      previous = cmd.line;
      FUZZ_CHECK(cmd.duration.count() >= 0 && cmd.duration <= kMaxScriptDuration);
      if (cmd.verb == ScriptVerb::ClockNext) {
        FUZZ_CHECK(cmd.weekday >= 1 && cmd.weekday <= 7);
        FUZZ_CHECK(cmd.minute_of_day >= 0 && cmd.minute_of_day < 24 * 60);
      }
    }
  } else {
    FUZZ_CHECK(script.error().rfind("line ", 0) == 0);  // the error names its line
  }
  const auto d = parse_duration(text);
  if (d) FUZZ_CHECK(d->count() >= 0 && *d <= kMaxScriptDuration);
  return 0;
}
