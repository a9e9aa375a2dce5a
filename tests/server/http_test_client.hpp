// A small HTTP/1.1 client for tests of the server's HTTP layer.
//
// It talks raw bytes (so a test can send malformed or partial requests) and
// parses responses with Beast. Every operation runs on the client's own
// io_context with a deadline, so a misbehaving server fails a test instead of
// hanging it.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace escale::tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

class HttpTestClient {
 public:
  using Response = bhttp::response<bhttp::string_body>;
  static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

  struct Result {
    beast::error_code ec;  // empty when a response was read
    Response response;
  };

  explicit HttpTestClient(std::uint16_t port) {
    beast::error_code ec;
    connect(port, ec);
    if (ec) throw std::runtime_error("connect failed: " + ec.message());
  }

  // For tests that expect the connection to fail.
  static beast::error_code try_connect(std::uint16_t port) {
    asio::io_context ioc;
    asio::ip::tcp::socket socket{ioc};
    beast::error_code ec;
    socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    return ec;
  }

  void send(std::string_view raw, std::chrono::milliseconds timeout = kDefaultTimeout) {
    beast::error_code result;
    stream_.expires_after(timeout);
    asio::async_write(stream_, asio::buffer(raw.data(), raw.size()),
                      [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (result) throw std::runtime_error("send failed: " + result.message());
  }

  // head: the response answers a HEAD request (its Content-Length announces no body).
  Result read(std::chrono::milliseconds timeout = kDefaultTimeout, bool head = false) {
    Result result;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    stream_.expires_after(timeout);
    bhttp::async_read(stream_, buffer_, parser, [&](beast::error_code ec, std::size_t) { result.ec = ec; });
    run();
    if (!result.ec) result.response = parser.release();
    return result;
  }

  // Sends a well-formed request and reads its response (throws on failure).
  Response request(bhttp::verb method, std::string_view target, std::string body = {}, bool keep_alive = true) {
    bhttp::request<bhttp::string_body> req{method, beast::string_view{target.data(), target.size()}, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.keep_alive(keep_alive);
    req.body() = std::move(body);
    if (method != bhttp::verb::get || !req.body().empty()) req.prepare_payload();
    beast::error_code written;
    stream_.expires_after(kDefaultTimeout);
    bhttp::async_write(stream_, req, [&](beast::error_code ec, std::size_t) { written = ec; });
    run();
    if (written) throw std::runtime_error("request write failed: " + written.message());
    auto result = read();
    if (result.ec) throw std::runtime_error("response read failed: " + result.ec.message());
    return std::move(result.response);
  }

  // True when the server closes the connection (EOF or reset) within timeout
  // without sending anything more.
  bool closed_by_server(std::chrono::milliseconds timeout = kDefaultTimeout) {
    if (buffer_.size() > 0) return false;
    std::array<char, 256> scratch{};
    beast::error_code result;
    std::size_t received = 0;
    stream_.expires_after(timeout);
    stream_.async_read_some(asio::buffer(scratch), [&](beast::error_code ec, std::size_t n) {
      result = ec;
      received = n;
    });
    run();
    return received == 0 && result && result != beast::error::timeout;
  }

 private:
  void connect(std::uint16_t port, beast::error_code& ec) {
    stream_.expires_after(kDefaultTimeout);
    stream_.socket().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  }

  void run() {
    ioc_.restart();
    ioc_.run();
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
};

}  // namespace escale::tests
