// The kiosk's HTTP client (sync/http_client): server URLs with IPv6 literals
// and the ones refused; an exchange with a server listening on [::1]; and the
// deadline over name resolution — with the system's real resolver in a
// namespace where the DNS server is a socket nobody reads (Linux user, mount
// and network namespaces: /etc/resolv.conf is bind-mounted for that process
// only), and through an injected lookup that never answers.
#include "sync/http_client.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "kiosk_fixture.hpp"
#include "stub_http_server.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A one-thread HTTP server on [::1]: answers 200 and keeps the last
// request's target and Host header. available() is false when this machine
// has no IPv6 loopback.
class Ipv6Server {
 public:
  Ipv6Server() {
    beast::error_code ec;
    acceptor_.open(tcp::v6(), ec);
    if (!ec) acceptor_.bind(tcp::endpoint(asio::ip::address_v6::loopback(), 0), ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return;
    available_ = true;
    thread_ = std::thread([this] { serve(); });
  }
  ~Ipv6Server() {
    if (!available_) return;
    stopping_ = true;
    beast::error_code ec;
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ec);  // wakes accept()
    thread_.join();
  }
  Ipv6Server(const Ipv6Server&) = delete;
  Ipv6Server& operator=(const Ipv6Server&) = delete;
  bool available() const { return available_; }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string last_target() {
    std::lock_guard lock(mutex_);
    return target_;
  }
  std::string last_host() {
    std::lock_guard lock(mutex_);
    return host_;
  }

 private:
  void serve() {
    while (!stopping_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      beast::flat_buffer buffer;
      bhttp::request<bhttp::string_body> req;
      bhttp::read(socket, buffer, req, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mutex_);
        target_ = std::string(req.target());
        host_ = std::string(req[bhttp::field::host]);
      }
      bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
      res.set(bhttp::field::content_type, "application/json");
      res.body() = R"({"ok": true})";
      res.prepare_payload();
      bhttp::write(socket, res, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  bool available_ = false;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::string target_;
  std::string host_;
  std::thread thread_;
};

// ---- the DNS black hole, in a child process with namespaces of its own

constexpr const char* kChildEnv = "ESCALE_DNS_BLACK_HOLE_OUT";
constexpr const char* kChildTest = "http client (child): a name looked up where the DNS server never answers";
constexpr const char* kBlackHoleName = "escale-no-answer.test";

bool write_file(const char* path, const std::string& text) {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

bool bind_over(const std::filesystem::path& source, const char* target) {
  if (::access(target, F_OK) != 0) return true;  // absent: nothing for glibc to read there either
  return ::mount(source.c_str(), target, nullptr, MS_BIND, nullptr) == 0;
}

// In the forked child: becomes root of new user, mount and network
// namespaces; only lo is up; a UDP socket bound to 127.0.0.1:53 receives the
// DNS queries and never answers; /etc/resolv.conf names it, with glibc's own
// timeouts made long (10 s × 2 attempts) so that only our deadline can end
// the lookup early. Then runs this test binary afresh (fresh glibc state) on
// kChildTest. Exit code 77: this machine does not allow the namespaces.
[[noreturn]] void become_black_hole_child(const std::filesystem::path& dir, const std::filesystem::path& out) {
  const uid_t uid = ::getuid();
  const gid_t gid = ::getgid();
  if (::unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) != 0) ::_exit(77);
  if (!write_file("/proc/self/setgroups", "deny") ||
      !write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
      !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1")) {
    ::_exit(77);
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(77);
  if (!bind_over(dir / "resolv.conf", "/etc/resolv.conf") || !bind_over(dir / "nsswitch.conf", "/etc/nsswitch.conf") ||
      !bind_over(dir / "hosts", "/etc/hosts")) {
    ::_exit(77);
  }
  // No name service cache daemon of the host's in the way.
  if (::access("/run/nscd", F_OK) == 0 && ::mount("tmpfs", "/run/nscd", "tmpfs", 0, nullptr) != 0) ::_exit(77);
  const int control = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq lo{};
  std::snprintf(lo.ifr_name, IFNAMSIZ, "lo");
  if (control < 0 || ::ioctl(control, SIOCGIFFLAGS, &lo) != 0) ::_exit(77);
  lo.ifr_flags = static_cast<short>(lo.ifr_flags | IFF_UP | IFF_RUNNING);
  if (::ioctl(control, SIOCSIFFLAGS, &lo) != 0) ::_exit(77);
  // The black hole: open across exec, never read.
  const int hole = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(53);
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (hole < 0 || ::bind(hole, reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0) ::_exit(77);
  ::setenv(kChildEnv, out.c_str(), 1);
  const int null = ::open("/dev/null", O_WRONLY);
  ::dup2(null, STDOUT_FILENO);
  ::dup2(null, STDERR_FILENO);
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  char* const argv[] = {const_cast<char*>(self.c_str()), const_cast<char*>(kChildTest), nullptr};
  ::execv(self.c_str(), argv);
  ::_exit(78);
}

struct ChildOutcome {
  bool namespaces = true;  // false: the machine does not allow them (skipped)
  bool finished = false;   // false: still looking the name up after the test's deadline
  std::string error;       // post_json's error, as the child saw it
};

ChildOutcome run_black_hole_child() {
  testing::TempFolder dir("escale-dns");
  std::ofstream(dir / "resolv.conf") << "nameserver 127.0.0.1\noptions timeout:10 attempts:2\n";
  std::ofstream(dir / "nsswitch.conf") << "hosts: files dns\n";
  std::ofstream(dir / "hosts") << "127.0.0.1 localhost\n::1 localhost\n";
  const auto out = dir / "error.txt";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) become_black_hole_child(out.parent_path(), out);
  ChildOutcome outcome;
  int status = 0;
  // Generous: the child's own deadline is 1 s; glibc alone would take 20 s or more.
  const auto give_up = std::chrono::steady_clock::now() + 120s;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return outcome;
    }
    std::this_thread::sleep_for(20ms);
  }
  outcome.finished = true;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
    outcome.namespaces = false;
    return outcome;
  }
  std::ifstream in(out);
  std::ostringstream text;
  text << in.rdbuf();
  outcome.error = text.str();
  return outcome;
}

// A lookup that blocks until the test opens the gate.
struct Gate {
  std::mutex mutex;
  std::condition_variable opened;
  bool open = false;
  std::atomic<int> entered{0};
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    opened.notify_all();
  }
};

NameResolver never_answering(const std::shared_ptr<Gate>& gate) {
  return [gate](const std::string&, const std::string&) -> Result<std::vector<std::string>> {
    ++gate->entered;
    std::unique_lock lock(gate->mutex);
    gate->opened.wait(lock, [&] { return gate->open; });
    return Error{"released by the test"};
  };
}

}  // namespace

TEST_CASE("URL parsing: IPv6 literals in brackets, ports, and each refusal says why", "[http-client]") {
  const auto v6 = parse_server_url("https://[::1]:8443");
  REQUIRE(v6);
  CHECK(v6->tls);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "8443");
  CHECK(v6->base_path.empty());

  const auto with_path = parse_server_url("http://[2001:DB8::1]/escale/");
  REQUIRE(with_path);
  CHECK_FALSE(with_path->tls);
  CHECK(with_path->host == "2001:db8::1");
  CHECK(with_path->port == "80");
  CHECK(with_path->base_path == "/escale");

  const auto no_port = parse_server_url("https://[2001:db8::1]/path");
  REQUIRE(no_port);
  CHECK(no_port->host == "2001:db8::1");
  CHECK(no_port->port == "443");
  CHECK(no_port->base_path == "/path");

  CHECK(parse_server_url("HTTPS://escale.example")->tls);  // schemes are case-insensitive
  CHECK(parse_server_url("https://escale.example:08443")->port == "8443");
  CHECK(parse_server_url("http://127.0.0.1:8080")->host == "127.0.0.1");
  CHECK(parse_server_url("https://escale_interne.lan")->host == "escale_interne.lan");

  struct Refused {
    const char* url;
    const char* says;
  };
  for (const Refused& r : std::vector<Refused>{
           {"https://[fe80::1%eth0]:8443", "IPv6 zone"},
           {"https://[fe80::1%25eth0]", "IPv6 zone"},
           {"https://[::1", "does not close it"},
           {"https://[::1]8443", "comes « : » and the port"},
           {"https://[127.0.0.1]", "is not an IPv6 address"},
           {"https://[]", "is not an IPv6 address"},
           {"https://::1:8443", "written in brackets"},
           {"https://2001:db8::1/x", "written in brackets"},
           {"https://escale.example:", "no port after it"},
           {"https://[::1]:", "no port after it"},
           {"https://escale.example:0", "between 1 and 65535"},
           {"https://escale.example:65536", "between 1 and 65535"},
           {"https://escale.example:99999999999999999999999", "between 1 and 65535"},
           {"https://escale.example:84a3", "must be a number"},
           {"https://escale.example:-1", "must be a number"},
           {"https://admin:secret@escale.example", "user name or password"},
           {"https://admin@escale.example/escale", "user name or password"},
           {"https://escale.example/escale?x=1", "query"},
           {"https://escale.example#top", "fragment"},
           {"https://escale .example", "space"},
           {"https://escale.example/\tx", "control character"},
           {"https://tiers-lieu-vouzières.fr", "outside ASCII"},
           {"https://escale.example;8443", "which no host name has"},
           {"https://", "no host"},
           {"https://:8443", "no host"},
           {"ftp://escale.example", "must start with https:// or http://"},
       }) {
    INFO(r.url);
    const auto parsed = parse_server_url(r.url);
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.error(), Catch::Contains(r.says));
  }
}

TEST_CASE("IPv6 literal: a POST to http://[::1]:port/prefix reaches a server listening on ::1, Host in brackets",
          "[http-client]") {
  Ipv6Server server;
  if (!server.available()) {
    WARN("this machine has no IPv6 loopback (::1): the IPv6 exchange is not tested here");
    return;
  }
  const std::string url = "http://[::1]:" + std::to_string(server.port()) + "/escale";
  const auto address = parse_server_url(url);
  REQUIRE(address);
  const HttpReply reply = post_json(*address, address->base_path + "/api/v1/sync", "{}", "esk_x", 10s);
  INFO(reply.error);
  CHECK(reply.error.empty());
  CHECK(reply.status == 200);
  CHECK(server.last_target() == "/escale/api/v1/sync");
  CHECK(server.last_host() == "[::1]:" + std::to_string(server.port()));
}

TEST_CASE("IPv6 literal: the Host header keeps the brackets and leaves out the scheme's default port",
          "[http-client]") {
  ServerAddress https_default;
  https_default.tls = true;
  https_default.host = "2001:db8::1";
  https_default.port = "443";
  CHECK(url_authority(https_default) == "[2001:db8::1]");
  https_default.port = "8443";
  CHECK(url_authority(https_default) == "[2001:db8::1]:8443");
  CHECK(url_authority(*parse_server_url("http://escale.example")) == "escale.example");
}

// Runs only as the child of the test below (a hidden test, named on its command line).
TEST_CASE("http client (child): a name looked up where the DNS server never answers", "[.dns-child]") {
  const char* out = std::getenv(kChildEnv);
  if (out == nullptr) return;
  const auto address = parse_server_url(std::string("http://") + kBlackHoleName + ":8080");
  REQUIRE(address);
  const HttpReply reply = post_json(*address, "/api/v1/sync", "{}", "", 1000ms);
  std::ofstream(out) << (reply.error.empty() ? "(no error: status " + std::to_string(reply.status) + ")" : reply.error);
}

TEST_CASE("resolution bounded: a DNS server that never answers does not hold the exchange past its deadline",
          "[http-client][dns]") {
  const ChildOutcome child = run_black_hole_child();
  if (!child.namespaces) {
    WARN(
        "this machine does not allow user namespaces: the real resolver's black hole is not tested here (the "
        "injected lookup below still is)");
    return;
  }
  // Unbounded, the lookup would last glibc's 2 × 10 s (or be killed by the
  // 120 s guard); bounded, the exchange says the deadline passed during it.
  REQUIRE(child.finished);
  CHECK_THAT(child.error, Catch::Contains(std::string("resolve ") + kBlackHoleName + ": no answer within 1 s"));
}

TEST_CASE("resolution bounded: the deadline covers a lookup that never answers, which is then left behind",
          "[http-client]") {
  testing::StubServer server(200, R"({"ok": true})");
  const std::string port = server.url().substr(server.url().rfind(':') + 1);
  const auto address = parse_server_url("http://escale.test:" + port + "/escale");
  REQUIRE(address);

  // A lookup that answers: the exchange goes to the address it gave.
  const NameResolver answering = [](const std::string& host, const std::string&) -> Result<std::vector<std::string>> {
    if (host != "escale.test") return Error{"unknown name"};
    return std::vector<std::string>{"127.0.0.1"};
  };
  HttpReply reply = post_json(*address, address->base_path + "/api/v1/sync", "{}", "", 10s, {}, answering);
  CHECK(reply.error.empty());
  CHECK(reply.status == 200);
  CHECK(server.last_target() == "/escale/api/v1/sync");
  // A lookup that fails: its reason.
  const NameResolver failing = [](const std::string&, const std::string&) -> Result<std::vector<std::string>> {
    return Error{"Name or service not known"};
  };
  reply = post_json(*address, "/x", "{}", "", 10s, {}, failing);
  CHECK(reply.error == "resolve escale.test: Name or service not known");

  // A lookup that never answers: the deadline ends the exchange, not the lookup.
  const auto gate = std::make_shared<Gate>();
  reply = post_json(*address, "/x", "{}", "", 200ms, {}, never_answering(gate));
  CHECK(reply.status == 0);
  CHECK_THAT(reply.error, Catch::StartsWith("resolve escale.test: no answer within 0.2 s"));
  CHECK(gate->entered == 1);
  // Lookups left behind are capped: a DNS server away for hours does not
  // pile up threads, it says so.
  bool capped = false;
  for (int i = 0; i < 20 && !capped; ++i) {
    reply = post_json(*address, "/x", "{}", "", 50ms, {}, never_answering(gate));
    capped = contains(reply.error, "earlier look-ups of server names have not come back");
  }
  CHECK(capped);
  CHECK(gate->entered <= 8);
  // Once they answer (late), their threads end and lookups work again.
  gate->release();
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  do {
    reply = post_json(*address, "/y", "{}", "", 10s, {}, answering);
    if (reply.status != 200) std::this_thread::sleep_for(20ms);
  } while (reply.status != 200 && std::chrono::steady_clock::now() < give_up);
  CHECK(reply.status == 200);
  CHECK(server.last_target() == "/y");
}
