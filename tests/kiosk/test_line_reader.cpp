// The simulated reader: UIDs one per line from a FIFO, delivered on its thread.
#include "reader/line_reader.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>

#include "kiosk_fixture.hpp"
#include "reader_events.hpp"

using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

using Collected = testing::ReaderEvents;

void write_to(const std::filesystem::path& fifo, const std::string& text) {
  const int fd = open(fifo.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  close(fd);
}

}  // namespace

TEST_CASE("line reader: taps from a FIFO, across several writers, comments skipped", "[reader]") {
  testing::TempFolder dir("escale-reader");
  const auto fifo = dir / "badges.fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  Collected got;
  LineReader reader(fifo);
  reader.start(got.callbacks());
  write_to(fifo, "04A1B2C3\n# a comment\n\n  1A2B3C4D  \n");
  REQUIRE(got.wait_for_taps(2));
  write_to(fifo, "04D5E6F708A1B2\r\n");  // a second writer, after the first closed
  REQUIRE(got.wait_for_taps(3));
  // stop never waits on a blocked read: nothing more comes on the FIFO, and
  // stop() returns all the same (no time bound: a loaded machine is slow).
  auto stopped = std::async(std::launch::async, [&reader] { reader.stop(); });
  const bool returned = stopped.wait_for(30s) == std::future_status::ready;
  if (!returned) write_to(fifo, "\n");  // unblocks a reader that missed the stop, so that the test ends
  stopped.wait();
  CHECK(returned);
  CHECK(got.taps == std::vector<std::string>{"04A1B2C3", "1A2B3C4D", "04D5E6F708A1B2"});
  CHECK(got.states.front() == ReaderState::Ok);
}

TEST_CASE("line reader: a missing input is reported as unavailable", "[reader]") {
  testing::TempFolder dir("escale-reader");
  Collected got;
  LineReader reader(dir / "no-such-fifo");
  reader.start(got.callbacks());
  {
    std::unique_lock lock(got.mutex);
    REQUIRE(got.changed.wait_for(lock, 30s, [&] { return !got.states.empty(); }));
  }
  reader.stop();
  CHECK(got.states.front() == ReaderState::Unavailable);
  CHECK(got.taps.empty());
}
