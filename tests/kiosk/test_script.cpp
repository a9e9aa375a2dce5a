// Headless script parsing.
#include "script/script.hpp"

#include <catch2/catch.hpp>

using namespace escale::kiosk;
using namespace std::chrono_literals;

TEST_CASE("script commands parse", "[script]") {
  const auto script = parse_script(
      "# a comment\n"
      "badge 04A1B2C3\n"
      "tap \"Je suis de passage\"\n"
      "\n"
      "wait 500ms\n"
      "clock +25s\n"
      "expect \"Bonjour Marie !\"\n"
      "expect-not Marie\n"
      "expect-screen greeting\n"
      "screenshot greeting.png\n"
      "sync\n"
      "sync 2m\n"
      "echo hello there\n"
      "quit\n");
  REQUIRE(script);
  const auto& c = *script;
  REQUIRE(c.size() == 12);
  CHECK(c[0].verb == ScriptVerb::Badge);
  CHECK(c[0].text == "04A1B2C3");
  CHECK(c[0].line == 2);
  CHECK(c[1].verb == ScriptVerb::Tap);
  CHECK(c[1].text == "Je suis de passage");
  CHECK(c[2].duration == 500ms);
  CHECK(c[3].verb == ScriptVerb::Clock);
  CHECK(c[3].duration == 25s);
  CHECK(c[4].text == "Bonjour Marie !");
  CHECK(c[5].verb == ScriptVerb::ExpectNot);
  CHECK(c[5].text == "Marie");
  CHECK(c[6].text == "greeting");
  CHECK(c[7].text == "greeting.png");
  CHECK(c[8].duration == 10s);
  CHECK(c[9].duration == 2min);
  CHECK(c[10].text == "hello there");
  CHECK(c[11].verb == ScriptVerb::Quit);
}

TEST_CASE("wait-screen takes a screen and an optional timeout", "[script]") {
  auto cmd = parse_script_line("wait-screen greeting 5s", 1);
  REQUIRE(cmd);
  CHECK(cmd->verb == ScriptVerb::WaitScreen);
  CHECK(cmd->text == "greeting");
  CHECK(cmd->duration == 5s);
  cmd = parse_script_line("wait-screen attract", 1);
  REQUIRE(cmd);
  CHECK(cmd->duration == 10s);
  CHECK_FALSE(parse_script_line("wait-screen", 1));
  cmd = parse_script_line("wait-no-text \"Lecteur de badge indisponible\" 3s", 1);
  REQUIRE(cmd);
  CHECK(cmd->verb == ScriptVerb::WaitNoText);
  CHECK(cmd->text == "Lecteur de badge indisponible");
  CHECK(cmd->duration == 3s);
  CHECK(parse_script_line("wait-text \"Bonjour\"", 1)->duration == 10s);
  CHECK_FALSE(parse_script_line("wait-text Bonjour", 1));
  CHECK_FALSE(parse_script_line("wait-text \"Bonjour", 1));
  CHECK_FALSE(parse_script_line("wait-screen greeting soon", 1));
}

TEST_CASE("quoted arguments keep escapes", "[script]") {
  const auto cmd = parse_script_line(R"(expect "il a dit \"oui\"")", 1);
  REQUIRE(cmd);
  CHECK(cmd->text == "il a dit \"oui\"");
}

TEST_CASE("bad scripts name the line and what is wrong", "[script]") {
  const auto unknown = parse_script("badge 04A1B2C3\nfly away\n");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().find("line 2") != std::string::npos);
  CHECK(unknown.error().find("unknown command") != std::string::npos);

  CHECK_FALSE(parse_script_line("tap", 1));
  CHECK_FALSE(parse_script_line("tap \"unclosed", 1));
  CHECK_FALSE(parse_script_line("tap \"a\" b", 1));
  CHECK_FALSE(parse_script_line("wait soon", 1));
  CHECK_FALSE(parse_script_line("wait 5 parsecs", 1));
  CHECK_FALSE(parse_script_line("wait -5s", 1));
  CHECK_FALSE(parse_script_line("screenshot ../escape.png", 1));
  CHECK_FALSE(parse_script_line("screenshot dir/x.png", 1));
}

TEST_CASE("durations", "[script]") {
  CHECK(*parse_duration("250ms") == 250ms);
  CHECK(*parse_duration("+3s") == 3s);
  CHECK(*parse_duration("2min") == 2min);
  CHECK(*parse_duration("1h") == 1h);
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("1d"));
}

// Issue 14: UBSan found the multiplication to milliseconds overflowing.
// Durations are at most a year (8784h): longer ones would also overflow
// where the runtime adds them to its clocks.
TEST_CASE("script parser: clock 1842222222222222m is refused, no overflow", "[script]") {
  const auto minutes = parse_script_line("clock 1842222222222222m", 4);
  REQUIRE_FALSE(minutes);
  CHECK_THAT(minutes.error(),
             Catch::Contains("line 4: clock: ") && Catch::Contains("too long") && Catch::Contains("at most 8784h"));
  for (const char* text : {"9223372036854775807h", "9223372036854775s", "8785h", "31622400001ms", "527041min"}) {
    INFO(text);
    CHECK_FALSE(parse_duration(text));
  }
  CHECK(*parse_duration("8784h") == 8784h);
  CHECK(*parse_duration("31622400000ms") == 8784h);
  CHECK_FALSE(parse_script_line("wait-text \"x\" 99999999999999ms", 1));
  CHECK_FALSE(parse_script_line("wait 9223372036854775807ms", 1));
}

TEST_CASE("clock next: a weekday and a Paris time", "[script]") {
  const auto cmd = parse_script_line("clock next Tu 09:45", 3);
  REQUIRE(cmd);
  CHECK(cmd->verb == ScriptVerb::ClockNext);
  CHECK(cmd->weekday == 2);
  CHECK(cmd->minute_of_day == 9 * 60 + 45);
  for (const char* bad : {"clock next", "clock next Mo", "clock next Xx 10:00", "clock next Mo 25:00",
                          "clock next Mo 10h00", "clock next Mo 9:00"}) {
    INFO(bad);
    const auto r = parse_script_line(bad, 1);
    REQUIRE_FALSE(r);
    CHECK(r.error().find("clock next") != std::string::npos);
  }
}

TEST_CASE("scroll: down or up", "[script]") {
  const auto down = parse_script_line("scroll down", 1);
  REQUIRE(down);
  CHECK(down->verb == ScriptVerb::Scroll);
  CHECK(down->text == "down");
  CHECK(parse_script_line("scroll up", 1)->text == "up");
  CHECK_FALSE(parse_script_line("scroll", 1));
  CHECK_FALSE(parse_script_line("scroll sideways", 1));
}

TEST_CASE("first-run and night commands parse", "[script]") {
  auto type = parse_script_line("type \"K7QF2-M9XDA\"", 1);
  REQUIRE(type);
  CHECK(type->verb == ScriptVerb::Type);
  CHECK(type->text == "K7QF2-M9XDA");
  CHECK(parse_script_line("touch", 2)->verb == ScriptVerb::Touch);
  CHECK(parse_script_line("expect-asleep", 3)->verb == ScriptVerb::ExpectAsleep);
  CHECK(parse_script_line("expect-awake", 4)->verb == ScriptVerb::ExpectAwake);
  const auto night = parse_script_line("night-sleep on", 5);
  REQUIRE(night);
  CHECK(night->verb == ScriptVerb::NightSleep);
  CHECK(night->text == "on");
  CHECK_FALSE(parse_script_line("night-sleep maybe", 6));
  CHECK_FALSE(parse_script_line("touch here", 7));
  CHECK_FALSE(parse_script_line("type", 8));
}
