// The receipt printer as a device file: /dev/usb/lp0 (USB, the kernel's
// usblp driver) or a serial line such as /dev/ttyUSB0 at a given speed.
// Tickets are written from a worker thread with a deadline, so a printer
// that is absent, unplugged, off or out of paper never holds the screen:
// the visitor keeps the ticket on screen, the failure goes to the log and
// to status() (for animator mode).
//
//   KioskRuntime ──print(bytes)──▶ queue ──▶ worker: open, (raw tty, speed), write until the deadline, close
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace escale::kiosk::printer {

struct PrinterSettings {
  std::filesystem::path device;              // e.g. /dev/usb/lp0 or /dev/ttyUSB0
  int baud = 0;                              // serial line speed; 0: leave the line's speed (USB)
  std::chrono::milliseconds timeout{10000};  // one ticket: open and write within this, or give up
};

struct PrinterStatus {
  int printed = 0;         // tickets written whole
  int failed = 0;          // tickets given up (device missing, refused, too slow, queue full)
  std::string last_error;  // the latest failure, in words (empty once a ticket prints again)
};

// One ticket written synchronously: empty on success, else what went wrong
// (« cannot open /dev/usb/lp0: No such file or directory »). Gives up at the
// deadline, or as soon as `stop` turns true. A tty is set raw (8N1, no
// translation of bytes: ESC/POS is binary), at `baud` when given.
std::string write_ticket(const PrinterSettings& settings, std::string_view bytes, const std::atomic<bool>& stop);

class ReceiptPrinter {
 public:
  explicit ReceiptPrinter(PrinterSettings settings);
  ~ReceiptPrinter();  // a ticket being written gives up at once
  ReceiptPrinter(const ReceiptPrinter&) = delete;
  ReceiptPrinter& operator=(const ReceiptPrinter&) = delete;

  // Queues a ticket and returns at once. A few wait at most: beyond, the
  // oldest is dropped (logged): nobody is still waiting for it.
  void print(std::string bytes);
  PrinterStatus status() const;
  const PrinterSettings& settings() const { return settings_; }
  // Until every queued ticket is printed or given up, at most `timeout`
  // (tests, and a clean stop). True when idle.
  bool wait_idle(std::chrono::milliseconds timeout);

 private:
  void run();

  PrinterSettings settings_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;  // guarded by mutex_
  bool busy_ = false;              // a ticket is being written
  std::atomic<bool> stop_{false};  // set under mutex_ (the worker waits on it), read by write_ticket
  PrinterStatus status_;           // guarded by mutex_
  std::thread worker_;             // last: started once the rest exists
};

}  // namespace escale::kiosk::printer
