// The HTTP server's connection caps (http_server.cpp enforces them): how many
// client connections at once in all and per client address, sized from the
// process's descriptor limit so that the server never runs out of descriptors,
// and the tally of refused connections that the server logs once per interval
// instead of once per attempt.
//
// Why caps at all: every connection is a file descriptor. Without a cap, a
// client that opens and holds ~1 000 idle connections exhausts the default
// limit of 1 024 descriptors; then accept() fails (EMFILE) and no kiosk or
// browser gets in while the client holds them. With a cap below the limit, the
// server always has descriptors left to accept, answer a refusal, open SQLite
// files and run the notifier.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "result.hpp"

namespace escale::server::http {

// Above this many connections at once, a connection that is refused or asked
// to wait is cheap to drop, a new one is not: see http_server.cpp.
struct ConnectionCaps {
  std::size_t total = 0;               // connections at once, all clients
  std::size_t per_address = 0;         // connections at once from one client address (see address_key)
  std::uint64_t descriptor_limit = 0;  // the soft RLIMIT_NOFILE the caps were sized from
};

// What the per-address cap counts as one client: an IPv4 address; for IPv6 its
// /64 prefix (one subscriber line or host gets a whole /64, so counting single
// IPv6 addresses would let one client spread over 2^64 of them); an
// IPv4-mapped IPv6 address (a dual-stack listener) counts as the IPv4 one.
boost::asio::ip::address address_key(const boost::asio::ip::address& peer);

// Connections the server may hold beyond the cap for a moment: a newcomer
// admitted at the cap while the oldest idle connection is being closed for it.
inline constexpr std::size_t kEvictionSlack = 32;
// Refused connections that may be answering their 503 at once; beyond, a
// refused connection is closed without an answer.
inline constexpr std::size_t kMaxRefusing = 32;
// The automatic total cap never goes above this, whatever the descriptor
// limit: memory (a TLS connection holds some 50 KB) matters on a Raspberry Pi.
inline constexpr std::size_t kMaxAutomaticConnections = 10000;
// The smallest total cap: below, the server could not serve its own kiosks.
inline constexpr std::size_t kMinConnections = 16;
inline constexpr std::size_t kDefaultPerAddress = 64;

// Descriptors kept for everything that is not a client connection:
//   - the process itself: stdin/out/err, epoll, the reactor's eventfd, the
//     signal pipe, the listening socket (about 10);
//   - SQLite: the handlers' pool (one connection per I/O and worker thread,
//     + 1: `threads` counts both here) and the periodic
//     jobs' (4), each up to 3 descriptors (database, -wal, -shm);
//   - the notifier child's pipes, TLS files read at a reload, a backup;
//   - kEvictionSlack and kMaxRefusing above.
// 64 + 4 × threads covers the first three with room to spare.
std::size_t descriptor_reserve(int threads);

// The soft RLIMIT_NOFILE of this process (RLIM_INFINITY: a very large number).
std::uint64_t current_descriptor_limit();

// The caps to enforce. `requested_total` 0: automatic, the descriptor limit
// minus the reserve, within [kMinConnections, kMaxAutomaticConnections].
// `per_address` 0: kDefaultPerAddress; it never exceeds the total. A requested
// total the descriptor limit cannot hold is an error saying what to change
// (LimitNOFILE or [server] max_connections).
Result<ConnectionCaps> connection_caps(std::size_t requested_total, std::size_t per_address,
                                       std::uint64_t descriptor_limit, int threads);

// What the acceptor saw since the last log line: refusals by cause, idle
// connections closed to make room, failed accepts, the busiest moment. The
// server logs one line on the first event after a quiet period and then at
// most one summary per interval (kLogInterval), never one line per attempt.
inline constexpr std::chrono::seconds kLogInterval{10};

class AcceptTally {
 public:
  void refused_total();
  void refused_address(const boost::asio::ip::address& key);
  void refused_unanswered();  // closed without a 503: kMaxRefusing answers already going
  void evicted(std::size_t count);
  void accept_failed(const std::string& error);
  void busy(std::size_t active);  // connections at once, when at or above the pressure threshold

  bool empty() const;
  // One line describing what was counted (then cleared), e.g.
  // "refused 1036 connection(s): 1036 over the cap of 64 per address (most
  // from 127.0.0.2: 1036); 12 idle connection(s) closed to make room; peak
  // 3000 of 3952 connections".
  std::string take_summary(const ConnectionCaps& caps);

 private:
  std::size_t total_ = 0;
  std::size_t address_ = 0;
  std::size_t unanswered_ = 0;
  std::size_t evicted_ = 0;
  std::size_t failed_ = 0;
  std::string last_error_;
  std::size_t peak_ = 0;
  std::map<boost::asio::ip::address, std::size_t> by_address_;  // bounded, see refused_address
};

}  // namespace escale::server::http
