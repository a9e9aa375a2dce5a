// A tiny HTTP responder for kiosk tests, standing in for escale-server (whose
// enrolment route is not needed to test the kiosk's side): one thread, one
// connection at a time, a fixed answer that the test may change.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <poll.h>

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace escale::kiosk::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Answers every request with `status` and `body` (or, with `silent`, reads
// the request and never answers: it holds the connection until the client
// gives up and closes it), and keeps the last request seen.
// set_reply() changes the answer for the requests that follow.
class StubServer {
 public:
  StubServer(int status, std::string body, bool silent = false)
      : status_(status),
        body_(std::move(body)),
        silent_(silent),
        acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { serve(); });
  }
  ~StubServer() {
    stopping_ = true;
    boost::system::error_code ec;
    // Wake accept() with a connection of our own.
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  StubServer(const StubServer&) = delete;
  StubServer& operator=(const StubServer&) = delete;

  std::string url(const std::string& prefix = "") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + prefix;
  }
  std::string last_target() {
    std::lock_guard lock(mutex_);
    return target_;
  }
  std::string last_body() {
    std::lock_guard lock(mutex_);
    return request_body_;
  }
  bool had_authorization() {
    std::lock_guard lock(mutex_);
    return authorization_;
  }
  int requests() const { return requests_.load(); }
  void set_reply(int status, std::string body) {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
  }
  // Requests whose target ends with `suffix` that carried this bearer token.
  int requests_with_token(const std::string& suffix, const std::string& token) {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [target, auth] : seen_) {
      if (target.size() >= suffix.size() && target.compare(target.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          auth == "Bearer " + token) {
        ++n;
      }
    }
    return n;
  }

 private:
  void serve() {
    while (!stopping_) {
      tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      boost::beast::flat_buffer buffer;
      bhttp::request<bhttp::string_body> req;
      bhttp::read(socket, buffer, req, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mutex_);
        target_ = std::string(req.target());
        request_body_ = req.body();
        authorization_ = req.find(bhttp::field::authorization) != req.end();
        seen_.emplace_back(target_, authorization_ ? std::string(req[bhttp::field::authorization]) : std::string());
      }
      ++requests_;
      if (silent_) {
        // Only the client's timeout ends the exchange, however late it fires.
        hold_until_closed(socket);
        continue;
      }
      int status = 0;
      std::string body;
      {
        std::lock_guard lock(mutex_);
        status = status_;
        body = body_;
      }
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
      res.set(bhttp::field::content_type, "application/json");
      res.body() = body;
      res.prepare_payload();
      bhttp::write(socket, res, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  // Waits until the client closes `socket` (or the stub stops, or 60 s pass).
  void hold_until_closed(tcp::socket& socket) {
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    std::array<char, 512> scratch{};
    while (!stopping_ && std::chrono::steady_clock::now() < give_up) {
      pollfd p{socket.native_handle(), POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;  // checks stopping_ every 50 ms
      boost::system::error_code ec;
      socket.read_some(asio::buffer(scratch), ec);
      if (ec) return;  // closed by the client
    }
  }

  int status_;
  std::string body_;
  bool silent_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::string target_;
  std::string request_body_;
  bool authorization_ = false;
  std::vector<std::pair<std::string, std::string>> seen_;  // target, Authorization
  std::thread thread_;
};

}  // namespace escale::kiosk::testing
