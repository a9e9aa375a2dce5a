// pn532-emulator LINK_PATH — an emulated PN532 reader on a pseudo-terminal,
// scripted line by line on stdin, for tests and demos that run libnfc (or the
// kiosk) in another process:
//
//   ready pn532_uart:LINK_PATH          printed once the pty answers
//   present UID [classic|ultralight]    a card enters the field
//   present-for UID MS [classic|ultralight]
//   remove                              the card leaves
//   silent on|off                       the chip answers nothing (unpowered)
//   fault bad-checksum|bad-length-checksum|truncated|garbage|missing-ack|wrong-code
//   vanish | back                       unplug / replug the reader
//   stats                               stats commands=N polls=N card_frames=N aborts=N open=0|1
//   quit                                (or end of input)
//
// Every command is answered "ok" (or "error <why>"), flushed, so that a driver
// script can wait for it before going on.
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "pn532_emulator.hpp"

namespace {

using escale::testing::CardKind;
using escale::testing::Fault;
using escale::testing::Pn532Emulator;

CardKind parse_kind(const std::string& word) {
  if (word.empty() || word == "classic") return CardKind::MifareClassic;
  if (word == "ultralight") return CardKind::Ultralight;
  throw std::invalid_argument("unknown card kind: " + word);
}

Fault parse_fault(const std::string& word) {
  static const std::map<std::string, Fault> faults{
      {"bad-checksum", Fault::BadChecksum}, {"bad-length-checksum", Fault::BadLengthChecksum},
      {"truncated", Fault::Truncated},      {"garbage", Fault::Garbage},
      {"missing-ack", Fault::MissingAck},   {"wrong-code", Fault::WrongCode},
  };
  const auto it = faults.find(word);
  if (it == faults.end()) throw std::invalid_argument("unknown fault: " + word);
  return it->second;
}

// Runs one command line; returns false on quit.
bool run_command(Pn532Emulator& emulator, const std::string& line) {
  std::istringstream in(line);
  std::string verb;
  in >> verb;
  if (verb.empty()) return true;  // blank line: nothing to do, nothing to answer
  if (verb == "quit") {
    std::cout << "ok" << std::endl;
    return false;
  }
  if (verb == "present") {
    std::string uid;
    std::string kind;
    in >> uid >> kind;
    emulator.present(uid, parse_kind(kind));
  } else if (verb == "present-for") {
    std::string uid;
    long long ms = -1;
    std::string kind;
    in >> uid >> ms >> kind;
    if (ms < 0) throw std::invalid_argument("present-for needs a duration in ms");
    emulator.present_for(uid, std::chrono::milliseconds(ms), parse_kind(kind));
  } else if (verb == "remove") {
    emulator.remove();
  } else if (verb == "silent") {
    std::string mode;
    in >> mode;
    if (mode != "on" && mode != "off") throw std::invalid_argument("silent on|off");
    emulator.set_silent(mode == "on");
  } else if (verb == "fault") {
    std::string name;
    in >> name;
    emulator.inject(parse_fault(name));
  } else if (verb == "vanish") {
    emulator.vanish();
  } else if (verb == "back") {
    emulator.come_back();
  } else if (verb == "stats") {
    const auto s = emulator.stats();
    std::cout << "stats commands=" << s.commands << " polls=" << s.polls << " card_frames=" << s.card_frames
              << " aborts=" << s.aborts << " open=" << (s.open_by_host ? 1 : 0) << '\n';
  } else {
    throw std::invalid_argument("unknown command: " + verb);
  }
  std::cout << "ok" << std::endl;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: pn532-emulator LINK_PATH\n";
    return 2;
  }
  try {
    Pn532Emulator emulator{std::filesystem::path(argv[1])};
    std::cout << "ready " << emulator.connstring() << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
      try {
        if (!run_command(emulator, line)) break;
      } catch (const std::exception& e) {
        std::cout << "error " << e.what() << std::endl;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "pn532-emulator: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
