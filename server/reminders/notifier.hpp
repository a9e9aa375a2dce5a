// The notifier: the command an operator configures to send reminders (an
// SMS or mail gateway script). Escale runs it with the channel, the recipient
// and the message as separate arguments — never through a shell — and reads
// its exit status:
//
//   <command> [its own arguments…] sms|email <recipient> <message>
//
// Exit 0 means sent. Anything else (non-zero exit, killed by a signal, not
// found, not finished within the timeout) is a failure the caller retries
// later and reports; the command's standard error (its last 1 000 bytes)
// tells operators why.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escale::server {

struct NotifierConfig {
  // argv: the program (absolute path or looked up in PATH) and its own
  // arguments. Empty: no command — reminders are only written to the log.
  std::vector<std::string> command;
  std::chrono::seconds timeout{30};
};

struct NotifyOutcome {
  bool sent = false;
  std::optional<int> exit_code;  // when the command exited by itself
  std::string detail;  // « sortie 2 : unknown number », « délai de 30 s dépassé », « commande introuvable : … »
};

// Runs the command and waits for it (at most `timeout`, then SIGKILL). Safe
// to call from any thread; the child gets /dev/null as standard input.
NotifyOutcome run_notifier(const NotifierConfig& config, std::string_view channel, std::string_view recipient,
                           std::string_view message);

// After `attempts_made` failed attempts: how long to wait before the next
// one — 5 min, 15 min, 1 h, 3 h — then nullopt (give up; the reminder is
// reported as failed).
std::optional<std::chrono::minutes> retry_delay(int attempts_made);

}  // namespace escale::server
