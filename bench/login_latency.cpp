// Does a slow request delay the others? N clients log in to the web back
// office over and over (each login a real argon2id check, tens of
// milliseconds of CPU and 64 MiB), while one more client asks /healthz in a
// loop on its own keep-alive connection. Prints the /healthz latencies (p50,
// p99, max) and the logins per second. scripts/bench-http.sh runs it against
// escale-server, with N = 0 (the baseline) and N = 8.
//
//   bench_login_latency PORT LOGIN PASSWORD SECONDS [LOGINS]
#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "stats.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Client {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;

  explicit Client(unsigned short port) { stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port)); }

  http::response<http::string_body> send(http::request<http::string_body>& req) {
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(true);
    req.prepare_payload();
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: bench_login_latency PORT LOGIN PASSWORD SECONDS [LOGINS]\n";
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const std::string login = argv[2];
  const std::string password = argv[3];
  const auto duration = std::chrono::seconds(std::atoi(argv[4]));
  const int logins = argc > 5 ? std::atoi(argv[5]) : 8;

  std::atomic<bool> done{false};
  std::mutex mutex;
  std::map<unsigned, int> statuses;  // guarded by mutex
  std::vector<std::thread> loggers;
  for (int i = 0; i < logins; ++i) {
    loggers.emplace_back([&, i] {
      try {
        Client client(port);
        const std::string token = fmt::format("bench-login-token-{:04}", i);
        while (!done) {
          http::request<http::string_body> req{http::verb::post, "/connexion", 11};
          req.set(http::field::content_type, "application/x-www-form-urlencoded");
          req.set(http::field::cookie, "escale_login=" + token);
          req.body() = fmt::format("login_token={}&suite=&login={}&password={}", token, login, password);
          const auto res = client.send(req);
          const std::scoped_lock lock{mutex};
          ++statuses[static_cast<unsigned>(res.result_int())];
          if (!res.keep_alive()) return;
        }
      } catch (const std::exception& e) {
        std::cerr << "login client: " << e.what() << "\n";
      }
    });
  }

  std::vector<double> ms;
  int errors = 0;
  const auto start = Clock::now();
  try {
    Client probe(port);
    while (Clock::now() - start < duration) {
      http::request<http::string_body> req{http::verb::get, "/healthz", 11};
      const auto t0 = Clock::now();
      const auto res = probe.send(req);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (res.result() != http::status::ok) ++errors;
    }
  } catch (const std::exception& e) {
    std::cerr << "healthz client: " << e.what() << "\n";
    ++errors;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  for (auto& t : loggers) t.join();

  int logged_in = 0;
  std::string codes;
  for (const auto& [status, n] : statuses) {
    if (status == 303) logged_in += n;
    codes += fmt::format(" {}×{}", n, status);
  }
  fmt::print(
      "logins in flight {}: /healthz p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms over {} requests ({} not 200); "
      "{:.1f} logins/s (answers:{})\n",
      logins, escale::bench::percentile(ms, 50), escale::bench::percentile(ms, 99), escale::bench::percentile(ms, 100),
      ms.size(), errors, logged_in / elapsed, codes.empty() ? " none" : codes);
  return errors == 0 ? 0 : 1;
}
