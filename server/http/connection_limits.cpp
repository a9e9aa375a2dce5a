// The HTTP server's connection caps and the tally of refusals (see
// connection_limits.hpp for what they promise).
#include "http/connection_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <vector>

#include <sys/resource.h>

namespace escale::server::http {

namespace ip = boost::asio::ip;

ip::address address_key(const ip::address& peer) {
  if (peer.is_v4()) return peer;
  const auto v6 = peer.to_v6();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6);
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);  // the /64 prefix
  return ip::address_v6(bytes);                  // scope id dropped too
}

std::size_t descriptor_reserve(int threads) {
  return 64 + 4 * static_cast<std::size_t>(std::max(threads, 1)) + kEvictionSlack + kMaxRefusing;
}

std::uint64_t current_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;  // the usual default; never fails on Linux
  if (limit.rlim_cur == RLIM_INFINITY) return std::numeric_limits<std::uint32_t>::max();
  return limit.rlim_cur;
}

Result<ConnectionCaps> connection_caps(std::size_t requested_total, std::size_t per_address,
                                       std::uint64_t descriptor_limit, int threads) {
  const std::size_t reserve = descriptor_reserve(threads);
  const std::uint64_t room = descriptor_limit > reserve ? descriptor_limit - reserve : 0;
  ConnectionCaps caps;
  caps.descriptor_limit = descriptor_limit;
  if (requested_total == 0) {
    if (room < kMinConnections) {
      return Error{fmt::format(
          "the descriptor limit ({} open files) leaves room for {} connection(s), fewer than the {} the server "
          "needs ({} descriptors are kept for the database, the log and the notifier): raise LimitNOFILE in "
          "the service (systemctl edit escale-server) or « ulimit -n »",
          descriptor_limit, room, kMinConnections, reserve)};
    }
    caps.total = static_cast<std::size_t>(std::min<std::uint64_t>(room, kMaxAutomaticConnections));
  } else {
    if (requested_total > room) {
      return Error{fmt::format(
          "[server] max_connections = {} does not fit in the descriptor limit of {} open files ({} are kept "
          "for the database, the log and the notifier, so at most {}): lower max_connections, or raise "
          "LimitNOFILE in the service (systemctl edit escale-server) or « ulimit -n » to at least {}",
          requested_total, descriptor_limit, reserve, room, requested_total + reserve)};
    }
    caps.total = requested_total;
  }
  caps.per_address = std::min(per_address == 0 ? kDefaultPerAddress : per_address, caps.total);
  return caps;
}

// --- AcceptTally -------------------------------------------------------------

void AcceptTally::refused_total() {
  ++total_;
}

void AcceptTally::refused_address(const ip::address& key) {
  ++address_;
  // Bounded: a flood from very many addresses must not grow this map without
  // end between two log lines (the counts above stay exact).
  if (by_address_.size() < 1000 || by_address_.contains(key)) ++by_address_[key];
}

void AcceptTally::refused_unanswered() {
  ++unanswered_;
}

void AcceptTally::evicted(std::size_t count) {
  evicted_ += count;
}

void AcceptTally::accept_failed(const std::string& error) {
  ++failed_;
  last_error_ = error;
}

void AcceptTally::busy(std::size_t active) {
  peak_ = std::max(peak_, active);
}

bool AcceptTally::empty() const {
  return total_ + address_ + evicted_ + failed_ + peak_ == 0;
}

std::string AcceptTally::take_summary(const ConnectionCaps& caps) {
  std::vector<std::string> parts;
  if (total_ + address_ > 0) {
    std::vector<std::string> why;
    if (total_ > 0) why.push_back(fmt::format("{} over the cap of {} connections", total_, caps.total));
    if (address_ > 0) {
      const auto top = std::max_element(by_address_.begin(), by_address_.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
      why.push_back(fmt::format("{} over the cap of {} per address (most from {}: {})", address_, caps.per_address,
                                top->first.to_string(), top->second));
    }
    std::string text = fmt::format("refused {} connection(s): {}", total_ + address_, fmt::join(why, ", "));
    if (unanswered_ > 0) text += fmt::format(" ({} closed without a 503, too many refusals at once)", unanswered_);
    parts.push_back(std::move(text));
  }
  if (evicted_ > 0) parts.push_back(fmt::format("{} idle connection(s) closed to make room", evicted_));
  if (peak_ > 0) parts.push_back(fmt::format("peak {} of {} connections", peak_, caps.total));
  if (failed_ > 0) parts.push_back(fmt::format("accept failed {} time(s): {}", failed_, last_error_));
  *this = AcceptTally{};
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace escale::server::http
