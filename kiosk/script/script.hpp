// Headless script mode: the commands a test or the demo tour gives the kiosk.
// One command per line; '#' starts a comment; text arguments in double quotes.
// See docs/kiosk-scripting.md.
//
//   badge 04A1B2C3          a badge is tapped on the reader
//   type "K7QF2-M9XDA"      typed on a physical keyboard (the first-run screen's code)
//   touch                   a finger touches the screen where there is no button (wakes a sleeping screen)
//   tap "Je suis de passage" a finger taps the button with this label
//   wait 500ms | wait 2s    real time passes (the sync thread keeps working)
//   clock +25s | +2h        the kiosk's clock jumps forward (idle timeouts, visit lengths)
//   clock next Mo 10:00     the clock jumps forward to the next Monday (not a public holiday) at 10:00, Paris time
//                           (scripts that book do not depend on the day they run)
//   scroll down | up        a finger drags the list in the middle of the screen (to see more below / above)
//   expect "Bonjour Marie"  this text is on screen (else the script fails)
//   expect-not "Marie"      this text is not on screen
//   expect-screen greeting  the app is on this screen (attract, greeting, goodbye, …)
//   expect-asleep           the screen sleeps (outside opening hours); expect-awake: it does not
//   night-sleep on | off    scripts start with night sleep off; « on » applies the configuration's rule
//   wait-screen greeting 5s wait (the loop running: reader, sync) until the app is on this screen
//   wait-text "Bonjour" 5s  wait until this text is on screen; wait-no-text: until it is gone
//   screenshot name.png     save the screen under the --shots folder
//   sync 10s                wait until the outbox is empty and the server answered
//   echo any text           print a line to stdout (to pace a test driving stdin)
//   quit                    stop the kiosk (exit 0)
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace escale::kiosk {

enum class ScriptVerb {
  Badge,
  Type,   // text typed on a physical keyboard
  Touch,  // a finger on the screen, on no button
  Tap,
  Scroll,  // text: "down" or "up"
  Wait,
  Clock,
  ClockNext,  // to the next given weekday and Paris time
  Expect,
  ExpectNot,
  ExpectScreen,
  ExpectAsleep,
  ExpectAwake,
  NightSleep,  // text: "on" or "off"
  WaitScreen,
  WaitText,    // wait until a text is on screen
  WaitNoText,  // wait until a text is gone
  Screenshot,
  Sync,
  Echo,
  Quit
};

struct ScriptCommand {
  ScriptVerb verb = ScriptVerb::Echo;
  std::string text;                       // UID, label, text, screen name, file name
  std::chrono::milliseconds duration{0};  // wait, clock, sync
  int weekday = 0;                        // clock next: ISO 1 = Monday .. 7 = Sunday
  int minute_of_day = 0;                  // clock next: Paris wall-clock minutes since midnight
  int line = 0;
};

// One line; an empty line or a comment yields a command with verb Echo and
// empty text marked by line = -1 (skip it).
Result<ScriptCommand> parse_script_line(std::string_view line, int line_number);
Result<std::vector<ScriptCommand>> parse_script(std::string_view text);
// The longest duration a script may give: a year. Longer ones would
// overflow, in milliseconds or where the runtime adds them to its clocks.
inline constexpr std::chrono::milliseconds kMaxScriptDuration = std::chrono::hours(8784);
// "500ms", "2s", "3m", "1h" (a leading '+' is allowed), at most kMaxScriptDuration.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace escale::kiosk
