// escale-server's HTTP layer (see http_server.hpp for what it promises).
//
// Index
//   [SECTION] Responses      json_error, make_response
//   [SECTION] Session        one connection: (detect TLS -> handshake ->) read -> handle -> write -> ... -> close;
//                            the registry (caps, idle candidates); a refused connection
//   [SECTION] Impl           acceptor (admission, refusals, throttled log), graceful stop
//   [SECTION] HttpServer     the public face
//
// Threading: one io_context run by `threads` threads. The acceptor, the signal
// set and the grace timer share one strand; each session has its own strand, on
// which the handler runs inline (it may wait briefly on SQLite). A blocking
// request (IsBlocking) goes instead to the WorkerPool's threads, and its
// response comes back to the session's strand to be written; the session does
// nothing else meanwhile (state handling). The pool's queue is bounded: when
// full, a 503 with Retry-After answers at once. The session registry and the
// pool's queue are the only state shared across strands, each under a mutex.
//
// The peer's address: the acceptor reads it once (it needs it for the caps)
// and hands it to the session, which makes its text on the first request and
// keeps it; no getpeername() and no formatting per request.
//
// Why the read deadline is a separate timer and not tcp_stream::expires_after:
// when a tcp_stream times out it closes its socket, and a 408 can no longer be
// sent. So a request read is bounded by our own timer, which cancels the read
// and shuts the socket's receive side (any further read sees EOF) but leaves the
// send side open for the 408. tcp_stream timeouts still bound writes and the
// lingering close.
//
// HTTPS: one Session template serves both streams (beast::tcp_stream and
// beast::ssl_stream over it), so all request logic is shared. On a TLS port a
// plain session first peeks at the first bytes (async_detect_ssl): a TLS
// ClientHello hands the connection (and the bytes read) to a new TLS session;
// anything else stays plain and every request gets a 400 saying to use https://.
// Every response written by a TLS session carries Strict-Transport-Security:
// max-age one year, without includeSubDomains — the server is often reached
// under a name of the tiers-lieux's own domain (escale.example.org), whose
// other names (the association's website, a wiki on the LAN) may well not all
// speak HTTPS, and includeSubDomains would lock browsers out of them for a
// year. Plain HTTP never carries it (RFC 6797: meaningless there; and behind
// an HTTPS reverse proxy, the proxy is the one to send it).
//
// Availability (connection caps, see connection_limits.hpp). Decisions:
//   - Admission is decided at accept, on the acceptor strand, under the
//     registry mutex: per-address cap first (trusted proxies exempt: every
//     browser behind a proxy has the proxy's address; the total cap still
//     applies to them), then the total cap.
//   - At the total cap, a newcomer from an address holding less than its fair
//     share (the cap divided among the addresses connected) is admitted, and
//     an idle connection (nothing of a request received: a fresh connection
//     that sent nothing, an idle keep-alive) is closed to make room: the one
//     waiting longest among addresses above their share, else the one waiting
//     longest. An idle connection is cheap to lose (a browser or kiosk
//     reconnects), a newcomer usually has a request to make. A newcomer from
//     an address at or above its share is refused: with a flood from many
//     addresses, the flood's reconnections then compete among themselves and
//     not with a kiosk that holds no connection. Registry::waiting lists the
//     candidates, oldest first. A candidate may have started a request by the
//     time its strand looks (then it stays), so admitting "on credit" is
//     bounded: never more than kEvictionSlack connections past the cap (the
//     descriptor reserve holds them). With no candidate, the newcomer is refused.
//   - A refusal costs a descriptor for as little as possible and is never
//     handed to a Session: on plain HTTP a prepared 503 (Retry-After, Connection:
//     close) is written at once, then our FIN and a short lingering read, all
//     within kRefusalTime; at most kMaxRefusing at once, beyond that a refused
//     connection is closed unanswered. On a TLS port the connection is closed
//     at once: a TLS client cannot read a plain 503, and answering in TLS would
//     cost a full handshake per refusal to a client we are refusing because
//     there are too many; the client sees the connection closed and retries.
//   - The listener never stops accepting, even at the cap: connections left in
//     the kernel's backlog would make every client (the kiosk's /healthz
//     included) wait for SYN retransmits instead of being served or refused.
//   - Out of descriptors anyway (EMFILE/ENFILE: the reserve is spent by
//     something else), accept is retried after kAcceptRetry. The classic trick
//     of a spare descriptor closed to accept-and-close is not used: with handler
//     threads opening SQLite files at any moment, another thread could take the
//     freed descriptor between close and accept; the caps keep the server below
//     the limit instead.
//   - Under pressure (connections at 3/4 of the cap or more), a connection that
//     starts waiting for a request (a new one, an idle keep-alive, a TLS
//     handshake) gets options.pressure_timeout instead of read_timeout to send
//     its headers; once they are in, the body gets the rest of read_timeout.
//     So idle and slowloris connections turn over within seconds exactly when
//     room is short, and a slow kiosk upload is not cut.
//   - Refusals, evictions, failed accepts and the busiest moment are logged on
//     the first event, then summarised once per kLogInterval (AcceptTally),
//     never one line per attempt: a flood must not also flood the journal.
#include "http/http_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <exception>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/connection_limits.hpp"
#include "text/log_text.hpp"

namespace escale::server::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
namespace ip = asio::ip;
namespace ssl = asio::ssl;

namespace {

constexpr std::uint32_t kHeaderLimit = 8 * 1024;  // bytes, request line + headers
constexpr std::string_view kServerName = "escale-server";
// How long we keep reading (and discarding) after sending a response and
// shutting our send side, so that the client's unread bytes do not turn our
// close into a reset that could destroy the response before it is read.
constexpr std::chrono::milliseconds kLingerMax{1000};
// Pause after a failed accept (e.g. out of file descriptors) so we do not spin.
constexpr std::chrono::milliseconds kAcceptRetry{50};
// A refused connection gets this long to take its 503 and go.
constexpr std::chrono::milliseconds kRefusalTime{1000};
constexpr int kRetryAfterSeconds = 5;
// Strict-Transport-Security on TLS responses: one year (see the top of the file).
constexpr std::string_view kHsts = "max-age=31536000";

std::string endpoint_text(std::string_view host, std::uint16_t port) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

// "Address already in use" -> "address already in use", to read well after a colon.
std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// Beast 1.74 has its own string_view (boost::string_view); these cross over.
std::string_view to_std(beast::string_view text) {
  return {text.data(), text.size()};
}
beast::string_view to_beast(std::string_view text) {
  return {text.data(), text.size()};
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

// Statuses whose responses carry no body and no Content-Length.
bool is_bodiless(bhttp::status status) {
  return bhttp::to_status_class(status) == bhttp::status_class::informational || status == bhttp::status::no_content ||
         status == bhttp::status::not_modified;
}

}  // namespace

// ===========================================================================
// [SECTION] Responses
// ===========================================================================

Response make_response(beast_http::status status, std::string body, std::string_view content_type, unsigned version,
                       bool keep_alive) {
  Response res{status, version};
  res.set(bhttp::field::server, to_beast(kServerName));
  res.set(bhttp::field::content_type, to_beast(content_type));
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  if (!is_bodiless(status)) res.prepare_payload();
  return res;
}

Response json_error(beast_http::status status, std::string_view message, unsigned version, bool keep_alive) {
  const nlohmann::json body = {
      {"error", {{"status", static_cast<unsigned>(status)}, {"message", std::string(message)}}}};
  // replace: a message carrying invalid UTF-8 must not turn an error into a throw.
  return make_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json; charset=utf-8", version, keep_alive);
}

// ===========================================================================
// [SECTION] Session
// ===========================================================================

// What the registry needs from a session, whichever its stream.
class SessionBase {
 public:
  SessionBase() = default;
  virtual ~SessionBase() = default;
  SessionBase(const SessionBase&) = delete;
  SessionBase& operator=(const SessionBase&) = delete;
  // Any thread: the server is stopping.
  virtual void shutdown() = 0;
  // Only once the io_context has stopped for good (no handler can run): drop
  // the connection so a client stuck past the grace time is not left hanging.
  virtual void abandon() = 0;
  // Any thread: the server needs room; close now if nothing of a request has
  // been received, otherwise tell the registry the connection stays.
  virtual void evict() = 0;

 private:
  friend struct Registry;
  // The registry's bookkeeping of this connection, guarded by Registry::mutex.
  std::optional<ip::address> slot_;  // the address key it counts against (admitted, not handed over)
  bool waiting_ = false;             // listed in Registry::waiting
  std::list<SessionBase*>::iterator waiting_pos_;
  bool doomed_ = false;  // asked to close to make room; counted in Registry::doomed
};

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Threads for blocking requests, with a bounded queue. Tasks run in order;
// stop() drops the tasks still queued and joins the threads (a running task
// finishes first).
class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t queue_limit) : threads_wanted_(std::max(threads, 1)), limit_(queue_limit) {}
  ~WorkerPool() { stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start() {
    const std::scoped_lock lock{mutex_};
    stopping_ = false;
    for (int i = 0; i < threads_wanted_; ++i) threads_.emplace_back([this] { work(); });
  }

  // False when the queue is full (or the pool stopped): the caller answers 503.
  bool try_post(std::function<void()> task) {
    {
      const std::scoped_lock lock{mutex_};
      if (stopping_ || threads_.empty() || queue_.size() >= limit_) return false;
      queue_.push_back(std::move(task));
    }
    ready_.notify_one();
    return true;
  }

  void stop() {
    std::deque<std::function<void()>> dropped;  // destroyed outside the lock (they hold sessions)
    std::vector<std::jthread> threads;
    {
      const std::scoped_lock lock{mutex_};
      stopping_ = true;
      dropped.swap(queue_);
      threads.swap(threads_);
    }
    ready_.notify_all();
    threads.clear();  // joins
  }

  std::size_t waiting() const {
    const std::scoped_lock lock{mutex_};
    return queue_.size();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock{mutex_};
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  const int threads_wanted_;
  const std::size_t limit_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  std::vector<std::jthread> threads_;        // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
};

// What sessions need from the server; lives in Impl, outlives every session
// (the io_context, which owns the last references to sessions, is destroyed
// before it).
struct Registry {
  Registry(const ServerOptions& opts, const Handler& h, const IsBlocking& b, WorkerPool& w)
      : options(opts), handler(h), blocking(b), workers(w) {}

  const ServerOptions& options;
  const Handler& handler;
  const IsBlocking& blocking;  // empty: nothing goes to the workers
  WorkerPool& workers;
  std::atomic<bool> stopping{false};

  // Set once before any session exists.
  ConnectionCaps caps;
  std::size_t pressure_threshold = 0;  // 3/4 of caps.total
  std::set<ip::address> exempt;        // address keys without the per-address cap
  std::string refusal_total;           // the prepared 503s
  std::string refusal_address;

  mutable std::mutex mutex;
  std::unordered_map<const SessionBase*, std::weak_ptr<SessionBase>> sessions;  // guarded by mutex
  bool finished = false;                          // guarded by mutex; run() is over, do not touch the io_context
  std::function<void()> on_empty_while_stopping;  // set once, before any session exists

  // Admitted client connections; changed under mutex, read without it.
  std::atomic<std::size_t> active{0};
  std::map<ip::address, std::size_t> per_address;  // guarded by mutex; admitted connections by address key
  std::list<SessionBase*> waiting;                 // guarded by mutex; eviction candidates, longest waiting first
  std::size_t doomed = 0;                          // guarded by mutex; evictions asked and not settled
  std::atomic<std::size_t> refusing{0};
  std::atomic<std::uint64_t> failed_accepts{
      0};  // since start, for failed_accepts()            // refused connections answering their 503 now

  // TLS: set once before any session exists, then only replaced (reload).
  bool tls_enabled = false;

  std::shared_ptr<ssl::context> tls_context() {
    const std::scoped_lock lock{tls_mutex};
    return tls;
  }

  void set_tls_context(std::shared_ptr<ssl::context> context) {
    const std::scoped_lock lock{tls_mutex};
    tls = std::move(context);
  }

  bool under_pressure() const { return active.load(std::memory_order_relaxed) >= pressure_threshold; }

  enum class Verdict { admit, over_total, over_address };
  struct Admission {
    Verdict verdict = Verdict::admit;
    std::shared_ptr<SessionBase> evict;  // admitted at the cap: this idle connection is to make room
  };

  // Acceptor strand: may a connection from `key` come in? An admission takes
  // its slot at once (add_admitted gives it to the session, release returns it).
  Admission admit(const ip::address& key) {
    const std::scoped_lock lock{mutex};
    const bool is_exempt = exempt.contains(key);
    const auto it = per_address.find(key);
    const std::size_t mine = it == per_address.end() ? 0 : it->second;
    if (!is_exempt && mine >= caps.per_address) return {Verdict::over_address, {}};
    Admission result;
    // Connections asked to close count as gone already.
    if (active - doomed >= caps.total) {
      // Full. Only a newcomer from an address holding less than its fair share
      // (the cap divided among the addresses present) makes room; one from an
      // address holding its share or more waits for its own connections to
      // end. So clients that each hold many connections cannot keep out a
      // kiosk or a browser that holds none, however many they are. Admitting
      // on credit is bounded: connections that turn out busy (and stay) never
      // take the server more than kEvictionSlack past its cap.
      const std::size_t holders = per_address.size() + (mine == 0 ? 1 : 0);
      const std::size_t fair = std::max<std::size_t>(1, caps.total / holders);
      if ((!is_exempt && mine >= fair) || active >= caps.total + kEvictionSlack || doomed >= kEvictionSlack)
        return {Verdict::over_total, {}};
      result.evict = pick_eviction(fair);
      if (!result.evict) return {Verdict::over_total, {}};
    }
    ++active;
    ++per_address[key];
    return result;
  }

  // Acceptor strand, after admit(): the session holds the slot, and waits for
  // its first bytes (an eviction candidate from now on).
  void add_admitted(const std::shared_ptr<SessionBase>& session, const ip::address& key) {
    const std::scoped_lock lock{mutex};
    sessions.emplace(session.get(), session);
    session->slot_ = key;
    list(session.get());
  }

  // A slot admit() took that no session holds (its construction failed).
  void release(const ip::address& key) {
    const std::scoped_lock lock{mutex};
    release_locked(key);
  }

  // A plain session on a TLS port hands its connection, and its slot, to a TLS session.
  void hand_over(SessionBase* from, const std::shared_ptr<SessionBase>& to) {
    const std::scoped_lock lock{mutex};
    sessions.emplace(to.get(), to);
    to->slot_ = std::exchange(from->slot_, std::nullopt);
    unlist(from);
    undoom(from);
  }

  // The session's strand: it starts (true) or stops (false) waiting for a request.
  void set_waiting(SessionBase* session, bool on) {
    const std::scoped_lock lock{mutex};
    if (on) {
      list(session);
    } else {
      unlist(session);
    }
  }

  // An eviction that found its connection busy: it stays, and no longer counts as leaving.
  void spared(SessionBase* session) {
    const std::scoped_lock lock{mutex};
    undoom(session);
  }

  void remove(SessionBase* session) {
    bool notify = false;
    {
      const std::scoped_lock lock{mutex};
      unlist(session);
      undoom(session);
      if (session->slot_) release_locked(*session->slot_);
      session->slot_.reset();
      sessions.erase(session);
      notify = sessions.empty() && stopping && !finished;
    }
    if (notify) on_empty_while_stopping();
  }

  // Strong references, taken under the lock but released by the caller outside
  // it (the last release runs ~Session, which calls remove()).
  std::vector<std::shared_ptr<SessionBase>> snapshot() {
    std::vector<std::shared_ptr<SessionBase>> live;
    const std::scoped_lock lock{mutex};
    live.reserve(sessions.size());
    for (const auto& [key, weak] : sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    return live;
  }

 private:
  // All under mutex.

  // The idle connection to close for a newcomer: the one waiting longest among
  // those of addresses above their fair share (within the first kEvictionScan
  // waiting), else the one waiting longest. It is marked doomed and unlisted.
  std::shared_ptr<SessionBase> pick_eviction(std::size_t fair) {
    static constexpr std::size_t kEvictionScan = 256;
    const auto heavy = [&](const SessionBase* s) {
      if (!s->slot_) return false;
      const auto found = per_address.find(*s->slot_);
      return found != per_address.end() && found->second > fair;
    };
    const auto scan_end = std::next(waiting.begin(), static_cast<long>(std::min(waiting.size(), kEvictionScan)));
    auto pick = std::find_if(waiting.begin(), scan_end, heavy);
    if (pick == scan_end) pick = waiting.begin();
    while (pick != waiting.end()) {
      SessionBase* candidate = *pick++;
      unlist(candidate);
      std::shared_ptr<SessionBase> live;
      if (const auto found = sessions.find(candidate); found != sessions.end()) live = found->second.lock();
      if (live) {
        candidate->doomed_ = true;
        ++doomed;
        return live;
      }
    }
    return {};
  }

  void list(SessionBase* s) {
    if (s->waiting_) return;  // keeps its place: waiting since it was first listed
    s->waiting_pos_ = waiting.insert(waiting.end(), s);
    s->waiting_ = true;
  }
  void unlist(SessionBase* s) {
    if (!s->waiting_) return;
    waiting.erase(s->waiting_pos_);
    s->waiting_ = false;
  }
  void undoom(SessionBase* s) {
    if (!s->doomed_) return;
    s->doomed_ = false;
    --doomed;
  }
  void release_locked(const ip::address& key) {
    --active;
    const auto it = per_address.find(key);
    if (it != per_address.end() && --it->second == 0) per_address.erase(it);
  }

  std::mutex tls_mutex;
  std::shared_ptr<ssl::context> tls;  // guarded by tls_mutex; sessions keep the one they started with
};

// A connection refused at accept (never a Session): the prepared 503 at once,
// our FIN, then what the client still sends is read and dropped until it
// closes — so that our close does not become a reset that could destroy the
// 503 before the client reads it — all within kRefusalTime.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket&& socket, std::atomic<std::size_t>& refusing) : stream_(std::move(socket)), refusing_(refusing) {
    ++refusing_;
  }
  ~Refusal() { --refusing_; }
  Refusal(const Refusal&) = delete;
  Refusal& operator=(const Refusal&) = delete;

  // `response` outlives the refusal (it lives in the Registry).
  void start(const std::string& response) {
    stream_.expires_after(kRefusalTime);
    asio::async_write(stream_, asio::buffer(response), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;  // the socket closes with the last reference
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->discard();
    });
  }

 private:
  void discard() {
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->discard();
    });
  }

  beast::tcp_stream stream_;
  std::atomic<std::size_t>& refusing_;
  std::array<char, 1024> scratch_{};
};

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;

 public:
  // A new connection (plain, or on a TLS port before detection). Each
  // constructor is instantiated only for the stream it is used with.
  Session(tcp::socket&& socket, const ip::address& peer, Registry& registry)
      : registry_(registry), peer_(peer), stream_(std::move(socket)), deadline_(stream_.get_executor()) {}

  // A TLS connection taken over from the plain session that detected it,
  // with the bytes it already read (the start of the ClientHello).
  Session(PlainStream&& stream, std::shared_ptr<ssl::context> context, beast::flat_buffer&& buffer,
          const ip::address& peer, Registry& registry)
      : registry_(registry),
        peer_(peer),
        context_(std::move(context)),
        stream_(std::move(stream), *context_),
        deadline_(stream_.get_executor()),
        buffer_(std::move(buffer)) {}

  ~Session() override { registry_.remove(this); }  // and gives back its slot

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    asio::dispatch(deadline_.get_executor(), [self = shared_from_this()] {
      if constexpr (kTls) {
        self->do_handshake();
      } else if (self->registry_.tls_enabled) {
        self->do_detect();
      } else {
        self->do_read();
      }
    });
  }

  // deadline_'s executor, not the stream's: a handed-over session has no stream.
  void shutdown() override {
    asio::post(deadline_.get_executor(), [self = shared_from_this()] { self->on_shutdown(); });
  }

  void abandon() override {
    if (handed_over_) return;
    beast::error_code ignored;
    deadline_.cancel();
    lowest().socket().close(ignored);
  }

  void evict() override {
    asio::post(deadline_.get_executor(), [self = shared_from_this()] { self->on_evict(); });
  }

 private:
  enum class State { handshake, reading, handling, writing, lingering };

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // How long the client has to send what we wait for next (a TLS handshake,
  // request headers, or the first byte of a keep-alive request).
  std::chrono::milliseconds wait_timeout() const {
    const auto normal = registry_.options.read_timeout;
    return registry_.under_pressure() ? std::min(normal, registry_.options.pressure_timeout) : normal;
  }

  // --- TLS: detect, handshake ----------------------------------------------

  // A TLS port: is this a TLS ClientHello or plain HTTP?
  void do_detect() {
    state_ = State::handshake;
    lowest().expires_after(wait_timeout());
    beast::async_detect_ssl(stream_, buffer_, beast::bind_front_handler(&Session::on_detect, shared_from_this()));
  }

  void on_detect(beast::error_code ec, bool is_tls) {
    if constexpr (!kTls) {
      registry_.set_waiting(this, false);  // bytes came (or the connection ended)
      if (ec) {
        if (!closing_) spdlog::debug("http: TLS detection failed: {}", ec.message());
        return close_now();
      }
      if (!is_tls) {
        reject_plain_ = true;  // read the request to answer it properly, then close
        return do_read();
      }
      if (registry_.stopping) return close_now();
      auto tls = std::make_shared<Session<TlsStream>>(std::move(stream_), registry_.tls_context(), std::move(buffer_),
                                                      peer_, registry_);
      handed_over_ = true;
      registry_.hand_over(this, tls);
      tls->start();
    }
  }

  void do_handshake() {
    if constexpr (kTls) {
      state_ = State::handshake;
      lowest().expires_after(wait_timeout());
      stream_.async_handshake(ssl::stream_base::server, buffer_.data(),
                              beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
    }
  }

  void on_handshake(beast::error_code ec, std::size_t used) {
    buffer_.consume(used);
    if (ec) {
      if (!closing_) spdlog::info("http: TLS handshake with {} failed: {}", peer_text(), ec.message());
      return close_now();
    }
    do_read();
  }

  // The peer's address as text, made on first use and kept for the connection.
  const std::string& peer_text() {
    if (peer_text_.empty()) peer_text_ = peer_.to_string();
    return peer_text_;
  }

  // --- read ---------------------------------------------------------------

  void do_read() {
    if (registry_.stopping) return close_now();
    parser_.emplace();
    parser_->body_limit(registry_.options.body_limit);
    parser_->header_limit(kHeaderLimit);
    state_ = State::reading;
    timed_out_ = false;
    // Nothing buffered (no pipelined request): idle until bytes come.
    if (buffer_.size() == 0) registry_.set_waiting(this, true);

    lowest().expires_never();  // the deadline below bounds the whole request
    read_started_ = std::chrono::steady_clock::now();
    read_timeout_ = wait_timeout();
    arm_deadline(read_started_ + read_timeout_);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // A new deadline for the current read; one armed before is ignored when it fires.
  void arm_deadline(std::chrono::steady_clock::time_point at) {
    ++read_id_;
    deadline_.expires_at(at);
    deadline_.async_wait([self = shared_from_this(), id = read_id_](beast::error_code ec) {
      if (!ec) self->on_deadline(id);
    });
  }

  void on_header(beast::error_code ec, std::size_t /*bytes*/) {
    registry_.set_waiting(this, false);
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return on_request();
    // Headers in under pressure: the body gets the rest of the normal read
    // timeout (a kiosk's upload on a slow line is not a slowloris).
    if (read_timeout_ < registry_.options.read_timeout) {
      read_timeout_ = registry_.options.read_timeout;
      arm_deadline(read_started_ + read_timeout_);
    }
    if (expects_continue()) return send_continue();
    read_body();
  }

  bool expects_continue() const {
    const auto& header = parser_->get();
    return header.version() >= 11 && beast::iequals(header[bhttp::field::expect], "100-continue");
  }

  // A client that asked "Expect: 100-continue" waits for this before sending its body.
  void send_continue() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->on_read_error(ec);
                        self->read_body();
                      });
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return on_read_error(ec);
    on_request();
  }

  bool request_started() const { return buffer_.size() > 0 || (parser_ && parser_->got_some()); }

  void on_deadline(std::uint64_t id) {
    if (id != read_id_ || state_ != State::reading) return;  // that read already ended
    timed_out_ = true;
    if (!request_started()) return close_now();  // an idle keep-alive connection: no 408
    // Fail the pending read, and any read the parser would start next, but
    // keep the send side open for the 408.
    beast::error_code ignored;
    lowest().socket().cancel(ignored);
    lowest().socket().shutdown(tcp::socket::shutdown_receive, ignored);
  }

  void on_read_error(beast::error_code ec) {
    deadline_.cancel();
    if (closing_) return;  // we closed the socket ourselves
    if (timed_out_) {
      return send_error(bhttp::status::request_timeout,
                        fmt::format("request not received within {} ms", read_timeout_.count()));
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec == ssl::error::stream_truncated) {
      return close_now();  // the client went away, between or in the middle of requests
    }
    if (reject_plain_) return send_error(bhttp::status::bad_request, use_https_message({}));
    if (ec == bhttp::error::body_limit) {
      return send_error(bhttp::status::payload_too_large,
                        fmt::format("request body exceeds the limit of {} bytes", registry_.options.body_limit));
    }
    if (ec == bhttp::error::header_limit) {
      return send_error(bhttp::status::request_header_fields_too_large,
                        fmt::format("request headers exceed the limit of {} bytes", kHeaderLimit));
    }
    if (is_parse_error(ec))
      return send_error(bhttp::status::bad_request, fmt::format("malformed request: {}", ec.message()));
    // Network errors (reset, broken pipe...): nobody to answer.
    spdlog::debug("http: read failed: {}", ec.message());
    close_now();
  }

  // --- handle -------------------------------------------------------------

  void on_request() {
    assert(parser_ && parser_->is_done());
    deadline_.cancel();
    state_ = State::handling;
    Request req = parser_->release();
    parser_.reset();
    // The peer's address, for handlers that need it (login rate limits). A
    // client cannot set it: whatever it sent under that name is replaced.
    if (reject_plain_) return send_error(bhttp::status::bad_request, use_https_message(req));
    const boost::beast::string_view peer_header(kPeerHeader.data(), kPeerHeader.size());
    if (req.find(peer_header) != req.end()) req.erase(peer_header);
    req.set(peer_header, peer_text());

    if (registry_.blocking && registry_.blocking(req)) return hand_to_worker(std::move(req));
    respond(req, call_handler(registry_.handler, req));
  }

  // Any thread: the handler's response, or a 500 when it throws.
  static Response call_handler(const Handler& handler, const Request& req) {
    Response res;
    try {
      res = handler(req);
      finish_response(req, res);
    } catch (const std::exception& e) {
      spdlog::error("http: handler failed on {} {}: {}", log_text(to_std(req.method_string())),
                    log_text(to_std(req.target())), log_text(e.what()));
      res = json_error(bhttp::status::internal_server_error, "internal error", req.version());
    } catch (...) {
      spdlog::error("http: handler failed on {} {}: unknown exception", log_text(to_std(req.method_string())),
                    log_text(to_std(req.target())));
      res = json_error(bhttp::status::internal_server_error, "internal error", req.version());
    }
    return res;
  }

  // On the strand: blocking work goes to a worker thread; its response comes
  // back here. A full queue is answered at once.
  void hand_to_worker(Request req) {
    auto request = std::make_shared<const Request>(std::move(req));
    auto self = shared_from_this();
    const bool queued = registry_.workers.try_post([self, request] {
      auto res = std::make_shared<Response>(call_handler(self->registry_.handler, *request));
      asio::post(self->deadline_.get_executor(), [self, request, res] { self->respond(*request, std::move(*res)); });
    });
    if (queued) return;
    auto res =
        json_error(bhttp::status::service_unavailable,
                   "the server is busy with slow requests (logins, reports, exports): try again in a few seconds",
                   request->version(), request->keep_alive());
    res.set(bhttp::field::retry_after, std::to_string(kBlockingRetryAfterSeconds));
    respond(*request, std::move(res));
  }

  void respond(const Request& req, Response res) {
    // The connection's fate is ours to decide: the request's wish, unless we are stopping.
    const bool close = !req.keep_alive() || registry_.stopping;
    res.version(req.version());
    res.keep_alive(!close);
    do_write(std::move(res), close);
  }

  // Plain HTTP on a TLS port: where to go instead.
  static std::string use_https_message(const Request& req) {
    const auto host = to_std(req[bhttp::field::host]);
    if (host.empty()) return "this port speaks HTTPS only: use https:// in the server's address";
    return fmt::format("this port speaks HTTPS only: use https://{}{} (https://, not http://)", host,
                       to_std(req.target()));
  }

  // Fills in what a handler may leave out; may throw (e.g. a body on a 204).
  static void finish_response(const Request& req, Response& res) {
    if (res.find(bhttp::field::server) == res.end()) res.set(bhttp::field::server, to_beast(kServerName));
    if (is_bodiless(res.result())) {
      if (!res.body().empty()) throw std::invalid_argument("a body on a bodiless status");
      return;
    }
    if (req.method() == bhttp::verb::head) {
      // Announce the length a GET would get (unless the handler already did),
      // but never send a body: the client would read it as the next response.
      if (!res.has_content_length() && !res.chunked()) res.prepare_payload();
      res.body().clear();
      return;
    }
    res.prepare_payload();
  }

  // --- write --------------------------------------------------------------

  void send_error(bhttp::status status, std::string_view message) {
    state_ = State::handling;
    const unsigned version = parser_ ? parser_->get().version() : 11;
    auto res = json_error(status, message, version == 10 ? 10 : 11, false);
    res.set(bhttp::field::connection, "close");
    do_write(std::move(res), true);
  }

  void do_write(Response res, bool close) {
    state_ = State::writing;
    if constexpr (kTls) {
      if (res.find(bhttp::field::strict_transport_security) == res.end())
        res.set(bhttp::field::strict_transport_security, to_beast(kHsts));
    }
    response_ = std::move(res);
    lowest().expires_after(registry_.options.write_timeout);
    bhttp::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this(), close));
  }

  void on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
    response_ = {};
    if (ec) {
      spdlog::debug("http: write failed: {}", ec.message());
      return close_now();
    }
    if (close) return linger();
    do_read();
  }

  // --- close --------------------------------------------------------------

  // Graceful close: send our FIN, then read and discard until the client closes
  // too (or kLingerMax passes), so that the response is not lost to a reset.
  // TLS: the same, by a TLS shutdown (our close_notify, then the client's,
  // which drains what it still sends), bounded by the same time.
  void linger() {
    state_ = State::lingering;
    lowest().expires_at(std::chrono::steady_clock::now() + std::min(kLingerMax, registry_.options.read_timeout));
    buffer_.clear();
    if constexpr (kTls) {
      stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->close_now(); });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      discard();
    }
  }

  void discard() {
    lowest().async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now();
      self->discard();  // nothing committed: the bytes are dropped
    });
  }

  void close_now() {
    closing_ = true;
    deadline_.cancel();
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
  }

  // On the strand: make room if idle (nothing of a request received: a fresh
  // connection, a TLS port's connection before its first byte, a keep-alive
  // between requests). Otherwise the connection stays.
  void on_evict() {
    bool idle = false;
    if (!handed_over_ && !closing_) {
      if constexpr (kTls) {
        idle = state_ == State::reading && !request_started();
      } else {
        idle = (state_ == State::handshake && buffer_.size() == 0) || (state_ == State::reading && !request_started());
      }
    }
    if (!idle) return registry_.spared(this);
    close_now();  // the registry counts it as leaving until it is gone
  }

  // On the strand: idle connections (and handshakes) close now; a request in
  // progress runs to its end and its response carries Connection: close.
  void on_shutdown() {
    if (handed_over_) return;  // the TLS session it became answers for itself
    if (state_ == State::handshake || (state_ == State::reading && !request_started())) close_now();
  }

  Registry& registry_;
  ip::address peer_;                       // as the acceptor read it
  std::string peer_text_;                  // peer_ as text, made on first use
  std::shared_ptr<ssl::context> context_;  // TLS: the one this connection started with (a reload replaces the server's)
  Stream stream_;
  asio::steady_timer deadline_;  // the current request's read deadline
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;  // one per request
  Response response_;                                                // kept alive while async_write runs
  State state_ = State::reading;
  std::uint64_t read_id_ = 0;  // tells a stale deadline from the current one
  std::chrono::steady_clock::time_point read_started_;
  std::chrono::milliseconds read_timeout_{0};  // the current read's: read_timeout, or pressure_timeout for headers
  bool timed_out_ = false;                     // the read deadline fired during this read
  bool closing_ = false;                       // we closed the socket; read errors are expected
  bool reject_plain_ = false;                  // plain HTTP on a TLS port: every request gets "use https://"
  bool handed_over_ = false;                   // the stream moved to a TLS session; this one is an empty shell
};

// ===========================================================================
// [SECTION] Impl
// ===========================================================================

// Member order matters: the io_context is destroyed before the registry (its
// pending handlers hold the last references to sessions, whose destructors
// use the registry), and the I/O objects before the io_context.
struct HttpServer::Impl {
  ServerOptions options;
  Handler handler;
  IsBlocking blocking;
  WorkerPool workers;  // stopped at the end of run(), before the io_context goes
  Registry registry{options, handler, blocking, workers};
  std::uint16_t bound_port = 0;

  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> strand{asio::make_strand(ioc)};
  tcp::acceptor acceptor{strand};
  asio::steady_timer grace_timer{strand};
  asio::steady_timer accept_retry{strand};
  asio::steady_timer log_timer{strand};
  AcceptTally tally;  // on the strand
  bool log_timer_armed = false;
  std::optional<asio::signal_set> signals;
  bool ran = false;

  Impl(ServerOptions opts, Handler h, IsBlocking b)
      : options(std::move(opts)),
        handler(std::move(h)),
        blocking(std::move(b)),
        workers(options.blocking_threads, options.blocking_queue) {
    if (!handler) throw std::invalid_argument("HttpServer: no handler");
    options.threads = std::max(options.threads, 1);
    registry.on_empty_while_stopping = [this] { ioc.stop(); };
    set_caps();
    if (options.tls) {
      registry.set_tls_context(make_tls_context(*options.tls));
      registry.tls_enabled = true;
    }
    listen();
  }

  ~Impl() {
    // Sessions left after a grace timeout die with the io_context; they must
    // not ask it to stop while it is being destroyed.
    const std::scoped_lock lock{registry.mutex};
    registry.finished = true;
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void set_caps() {
    auto caps = connection_caps(options.max_connections, options.max_connections_per_address,
                                current_descriptor_limit(), options.threads + options.blocking_threads);
    if (!caps) throw std::runtime_error(caps.error());
    registry.caps = *caps;
    registry.pressure_threshold = (caps->total * 3 + 3) / 4;
    for (const auto& text : options.per_address_exempt) {
      beast::error_code ec;
      const auto address = ip::make_address(text, ec);
      if (ec) throw std::runtime_error(fmt::format("per-address cap exemption « {} » is not an IP address", text));
      registry.exempt.insert(address_key(address));
    }
    registry.refusal_total = refusal_text("too many connections: the server is busy, try again in a few seconds");
    registry.refusal_address = refusal_text(
        fmt::format("too many connections from your address (at most {}): close some, or try again in a few seconds",
                    caps->per_address));
  }

  static std::string refusal_text(std::string_view message) {
    auto res = json_error(bhttp::status::service_unavailable, message, 11, false);
    res.set(bhttp::field::retry_after, std::to_string(kRetryAfterSeconds));
    res.set(bhttp::field::connection, "close");
    std::ostringstream text;
    text << res;
    return text.str();
  }

  void listen() {
    const auto fail = [&](const beast::error_code& ec) {
      return std::runtime_error(
          fmt::format("cannot listen on {}: {}", endpoint_text(options.host, options.port), lower_first(ec.message())));
    };
    beast::error_code ec;
    tcp::resolver resolver{ioc};
    const auto results = resolver.resolve(options.host, std::to_string(options.port),
                                          tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) throw fail(ec);
    if (results.empty()) throw fail(asio::error::host_not_found);
    const tcp::endpoint endpoint = results.begin()->endpoint();

    if (acceptor.open(endpoint.protocol(), ec); ec) throw fail(ec);
    if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) throw fail(ec);
    if (acceptor.bind(endpoint, ec); ec) throw fail(ec);
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) throw fail(ec);
    bound_port = acceptor.local_endpoint(ec).port();
    if (ec) throw fail(ec);
  }

  // --- accept (on the strand) ----------------------------------------------

  void do_accept() {
    acceptor.async_accept(asio::make_strand(ioc),
                          [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (registry.stopping || !acceptor.is_open()) return;  // socket closes with its scope
    if (ec) {
      tally.accept_failed(ec.message());
      ++registry.failed_accepts;
      note();
      accept_retry.expires_after(kAcceptRetry);
      accept_retry.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && !registry.stopping) do_accept();
      });
      return;
    }
    admit(std::move(socket));
    do_accept();
  }

  void admit(tcp::socket socket) {
    beast::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return;  // the client is gone already
    const auto key = address_key(peer.address());
    const auto admission = registry.admit(key);
    switch (admission.verdict) {
      case Registry::Verdict::over_address:
        tally.refused_address(key);
        refuse(std::move(socket), registry.refusal_address);
        break;
      case Registry::Verdict::over_total:
        tally.refused_total();
        refuse(std::move(socket), registry.refusal_total);
        break;
      case Registry::Verdict::admit: {
        std::shared_ptr<Session<PlainStream>> session;
        try {
          session = std::make_shared<Session<PlainStream>>(std::move(socket), peer.address(), registry);
        } catch (...) {
          registry.release(key);
          throw;
        }
        registry.add_admitted(session, key);
        session->start();
        if (admission.evict) {
          tally.evicted(1);
          admission.evict->evict();
        }
        break;
      }
    }
    if (registry.under_pressure()) tally.busy(registry.active);
    if (!tally.empty()) note();
  }

  void refuse(tcp::socket socket, const std::string& response) {
    if (registry.tls_enabled || registry.refusing >= kMaxRefusing) {
      if (!registry.tls_enabled) tally.refused_unanswered();
      beast::error_code ignored;
      socket.close(ignored);
      return;
    }
    std::make_shared<Refusal>(std::move(socket), registry.refusing)->start(response);
  }

  // --- throttled log (on the strand) ----------------------------------------

  // Something was counted: logged at once after a quiet interval, otherwise
  // by the summary at the end of the current interval.
  void note() {
    if (log_timer_armed) return;
    spdlog::warn("http: {} (further events summarised every {} s)", tally.take_summary(registry.caps),
                 kLogInterval.count());
    arm_log_timer();
  }

  void arm_log_timer() {
    log_timer_armed = true;
    log_timer.expires_after(kLogInterval);
    log_timer.async_wait([this](beast::error_code ec) {
      log_timer_armed = false;
      if (ec || tally.empty()) return;
      spdlog::warn("http: in the last {} s: {}", kLogInterval.count(), tally.take_summary(registry.caps));
      arm_log_timer();
    });
  }

  // --- signals (on the strand) ---------------------------------------------

  void wait_signal() {
    signals->async_wait([this](beast::error_code ec, int signal_number) {
      if (ec) return;
      if (signal_number == SIGHUP) {
        reload_tls();
        return wait_signal();
      }
      if (registry.stopping) {
        spdlog::warn("http: signal {} again, stopping now", signal_number);
        ioc.stop();
        return;
      }
      spdlog::info("http: signal {}, stopping", signal_number);
      begin_shutdown();
      wait_signal();  // a second signal cuts the grace time short
    });
  }

  // --- graceful stop (on the strand) ---------------------------------------

  void begin_shutdown() {
    if (registry.stopping.exchange(true)) return;
    beast::error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
    log_timer.cancel();
    if (!tally.empty()) spdlog::warn("http: {}", tally.take_summary(registry.caps));
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](beast::error_code ec) {
      if (ec) return;
      std::size_t left = 0;
      {
        const std::scoped_lock lock{registry.mutex};
        left = registry.sessions.size();
      }
      spdlog::warn("http: shutdown grace time over, abandoning {} connection(s)", left);
      ioc.stop();
    });

    for (const auto& session : registry.snapshot()) session->shutdown();
    const std::scoped_lock lock{registry.mutex};
    if (registry.sessions.empty()) ioc.stop();
  }

  // --- run -----------------------------------------------------------------

  void run_io() {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: uncaught exception in the io loop: {}", e.what());
      }
    }
  }

  void run(bool handle_signals) {
    if (ran) throw std::logic_error("HttpServer::run() called twice");
    ran = true;
    if (handle_signals) {
      // SIGHUP (systemctl reload) re-reads the TLS certificate; without TLS it
      // is only logged, never the default action (which would end the server).
      signals.emplace(strand, SIGINT, SIGTERM, SIGHUP);
      asio::dispatch(strand, [this] { wait_signal(); });
    }
    asio::dispatch(strand, [this] { do_accept(); });
    spdlog::info("listening on {}://{}", options.tls ? "https" : "http", endpoint_text(options.host, bound_port));
    spdlog::info("http: at most {} connections at once, {} per client address (descriptor limit {})",
                 registry.caps.total, registry.caps.per_address, registry.caps.descriptor_limit);

    if (blocking) workers.start();
    {
      std::vector<std::jthread> pool;
      pool.reserve(static_cast<std::size_t>(options.threads - 1));
      for (int i = 1; i < options.threads; ++i) pool.emplace_back([this] { run_io(); });
      run_io();
    }  // joins the pool

    // Nothing runs any more: drop whatever the grace time left behind.
    {
      const std::scoped_lock lock{registry.mutex};
      registry.finished = true;
    }
    workers.stop();  // drops blocking requests not started; waits for those running
    for (const auto& session : registry.snapshot()) session->abandon();
    signals.reset();  // restores the default SIGINT/SIGTERM behaviour
    spdlog::info("stopped");
  }

  void stop() {
    asio::post(strand, [this] { begin_shutdown(); });
  }

  bool reload_tls() {
    if (!options.tls) {
      spdlog::warn("http: TLS reload asked, but this server has no TLS certificate configured");
      return false;
    }
    try {
      registry.set_tls_context(make_tls_context(*options.tls));
      spdlog::info("http: TLS certificate {} reloaded; new connections use it", options.tls->certificate.string());
      return true;
    } catch (const std::exception& e) {
      spdlog::error("http: TLS reload failed, still serving the previous certificate: {}", e.what());
      return false;
    }
  }
};

// ===========================================================================
// [SECTION] HttpServer
// ===========================================================================

HttpServer::HttpServer(ServerOptions options, Handler handler, IsBlocking blocking)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(blocking))) {}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const {
  return impl_->bound_port;
}

std::size_t HttpServer::max_connections() const {
  return impl_->registry.caps.total;
}

std::size_t HttpServer::max_connections_per_address() const {
  return impl_->registry.caps.per_address;
}

std::size_t HttpServer::connections() const {
  return impl_->registry.active.load();
}

std::uint64_t HttpServer::failed_accepts() const {
  return impl_->registry.failed_accepts.load();
}

std::size_t HttpServer::blocking_waiting() const {
  return impl_->workers.waiting();
}

void HttpServer::run(bool handle_signals) {
  impl_->run(handle_signals);
}

void HttpServer::stop() {
  impl_->stop();
}

bool HttpServer::reload_tls() {
  return impl_->reload_tls();
}

}  // namespace escale::server::http
