// Script parsing. Errors name the line and say what was expected.
#include "script/script.hpp"

#include <charconv>

#include "text/trim.hpp"

namespace escale::kiosk {
namespace {

using text::trim;

// A double-quoted argument ("\"" and "\\" escape), or the bare rest of the line.
Result<std::string> argument(std::string_view rest) {
  rest = trim(rest);
  if (rest.empty()) return Error{"missing argument"};
  if (rest.front() != '"') return std::string(rest);
  std::string out;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\' && i + 1 < rest.size()) {
      out += rest[++i];
    } else if (rest[i] == '"') {
      if (!trim(rest.substr(i + 1)).empty()) return Error{"unexpected text after the closing quote"};
      return out;
    } else {
      out += rest[i];
    }
  }
  return Error{"missing closing quote"};
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < 0) return Error{"expected a duration like 500ms, 2s, 3m or 1h"};
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  long long per_unit = 0;  // milliseconds
  if (unit == "ms") per_unit = 1;
  if (unit == "s") per_unit = 1000;
  if (unit == "m" || unit == "min") per_unit = 60'000;
  if (unit == "h") per_unit = 3'600'000;
  if (per_unit == 0) return Error{"expected a duration like 500ms, 2s, 3m or 1h"};
  // Compared before multiplying, which would overflow (issue 14: « clock 1842222222222222m »).
  if (value > kMaxScriptDuration.count() / per_unit) {
    return Error{std::string(text) + " is too long: at most 8784h (a year)"};
  }
  return std::chrono::milliseconds(value * per_unit);
}

Result<ScriptCommand> parse_script_line(std::string_view raw, int line_number) {
  const std::string where = "line " + std::to_string(line_number) + ": ";
  const std::string_view line = trim(raw);
  ScriptCommand cmd;
  cmd.line = line_number;
  if (line.empty() || line.front() == '#') {
    cmd.line = -1;
    return cmd;
  }
  const auto space = line.find_first_of(" \t");
  const std::string_view verb = line.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? std::string_view() : line.substr(space);

  struct TextVerb {
    std::string_view name;
    ScriptVerb verb;
  };
  static constexpr TextVerb text_verbs[] = {
      {"badge", ScriptVerb::Badge},
      {"type", ScriptVerb::Type},
      {"tap", ScriptVerb::Tap},
      {"expect", ScriptVerb::Expect},
      {"expect-not", ScriptVerb::ExpectNot},
      {"expect-screen", ScriptVerb::ExpectScreen},
      {"screenshot", ScriptVerb::Screenshot},
  };
  for (const auto& tv : text_verbs) {
    if (verb != tv.name) continue;
    auto arg = argument(rest);
    if (!arg) return Error{where + std::string(verb) + ": " + arg.error()};
    cmd.verb = tv.verb;
    cmd.text = *arg;
    if (cmd.verb == ScriptVerb::Screenshot &&
        (cmd.text.find('/') != std::string::npos || cmd.text.find("..") != std::string::npos)) {
      return Error{where + "screenshot: give a file name without folders (it goes in the --shots folder)"};
    }
    return cmd;
  }
  if (verb == "wait-text" || verb == "wait-no-text") {
    // wait-text "TEXT" [DURATION]: the quoted text, then an optional duration.
    const std::string_view args = trim(rest);
    if (args.empty() || args.front() != '"') return Error{where + std::string(verb) + ": give a text in quotes"};
    const auto close = args.find('"', 1);
    if (close == std::string_view::npos) return Error{where + std::string(verb) + ": missing closing quote"};
    cmd.verb = verb == "wait-text" ? ScriptVerb::WaitText : ScriptVerb::WaitNoText;
    cmd.text = std::string(args.substr(1, close - 1));
    cmd.duration = std::chrono::seconds(10);
    if (!trim(args.substr(close + 1)).empty()) {
      auto d = parse_duration(args.substr(close + 1));
      if (!d) return Error{where + std::string(verb) + ": " + d.error()};
      cmd.duration = *d;
    }
    return cmd;
  }
  if (verb == "wait-screen") {
    // wait-screen NAME [DURATION]
    const std::string_view args = trim(rest);
    const auto gap = args.find_first_of(" \t");
    cmd.verb = ScriptVerb::WaitScreen;
    cmd.text = std::string(args.substr(0, gap));
    if (cmd.text.empty()) return Error{where + "wait-screen: give a screen name, e.g. wait-screen greeting 5s"};
    cmd.duration = std::chrono::seconds(10);
    if (gap != std::string_view::npos) {
      auto d = parse_duration(args.substr(gap));
      if (!d) return Error{where + "wait-screen: " + d.error()};
      cmd.duration = *d;
    }
    return cmd;
  }
  if (verb == "night-sleep") {
    cmd.verb = ScriptVerb::NightSleep;
    cmd.text = std::string(trim(rest));
    if (cmd.text != "on" && cmd.text != "off") return Error{where + "night-sleep: give on or off"};
    return cmd;
  }
  if (verb == "scroll") {
    cmd.verb = ScriptVerb::Scroll;
    cmd.text = std::string(trim(rest));
    if (cmd.text != "down" && cmd.text != "up") return Error{where + "scroll: give down or up, e.g. scroll down"};
    return cmd;
  }
  if (verb == "clock" && (trim(rest) == "next" || trim(rest).starts_with("next "))) {
    // clock next Mo 10:00
    static constexpr std::string_view kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    const std::string_view args = trim(trim(rest).substr(4));
    const auto gap = args.find(' ');
    const std::string_view day = args.substr(0, gap);
    const std::string_view time = gap == std::string_view::npos ? std::string_view() : trim(args.substr(gap));
    cmd.verb = ScriptVerb::ClockNext;
    for (int i = 0; i < 7; ++i) {
      if (kDays[i] == day) cmd.weekday = i + 1;
    }
    int h = -1, m = -1;
    if (time.size() == 5 && time[2] == ':') {
      h = (time[0] - '0') * 10 + (time[1] - '0');
      m = (time[3] - '0') * 10 + (time[4] - '0');
    }
    if (cmd.weekday == 0 || h < 0 || h > 23 || m < 0 || m > 59) {
      return Error{where + "clock next: give a day (Mo Tu We Th Fr Sa Su) and a time HH:MM, e.g. clock next Mo 10:00"};
    }
    cmd.minute_of_day = h * 60 + m;
    return cmd;
  }
  if (verb == "wait" || verb == "clock" || verb == "sync") {
    cmd.verb = verb == "wait" ? ScriptVerb::Wait : verb == "clock" ? ScriptVerb::Clock : ScriptVerb::Sync;
    if (cmd.verb == ScriptVerb::Sync && trim(rest).empty()) {
      cmd.duration = std::chrono::seconds(10);
      return cmd;
    }
    auto d = parse_duration(rest);
    if (!d) return Error{where + std::string(verb) + ": " + d.error()};
    cmd.duration = *d;
    return cmd;
  }
  if (verb == "echo") {
    cmd.verb = ScriptVerb::Echo;
    cmd.text = std::string(trim(rest));
    return cmd;
  }
  if (verb == "quit" || verb == "touch" || verb == "expect-asleep" || verb == "expect-awake") {
    if (!trim(rest).empty()) return Error{where + std::string(verb) + " takes no argument"};
    cmd.verb = verb == "quit"            ? ScriptVerb::Quit
               : verb == "touch"         ? ScriptVerb::Touch
               : verb == "expect-asleep" ? ScriptVerb::ExpectAsleep
                                         : ScriptVerb::ExpectAwake;
    return cmd;
  }
  return Error{where + "unknown command « " + std::string(verb) +
               " » (badge, type, touch, tap, scroll, wait, clock, expect, expect-not, expect-screen, expect-asleep, "
               "expect-awake, night-sleep, wait-screen, wait-text, wait-no-text, screenshot, sync, echo, quit)"};
}

Result<std::vector<ScriptCommand>> parse_script(std::string_view text) {
  std::vector<ScriptCommand> out;
  int number = 0;
  while (!text.empty() || number == 0) {
    ++number;
    const auto nl = text.find('\n');
    auto cmd = parse_script_line(text.substr(0, nl), number);
    if (!cmd) return Error{cmd.error()};
    if (cmd->line != -1) out.push_back(*cmd);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace escale::kiosk
