// One POST with a deadline covering resolve, connect, (TLS handshake,) write
// and read: Beast over TCP, or over OpenSSL for https://, one io_context per
// exchange; and the reading of server URLs (IPv6 literals in brackets).
//
// Name resolution: getaddrinfo cannot be cancelled, and Asio's async_resolve
// only moves it to a private thread that the io_context's destructor joins
// (cancel() does not abandon a lookup under way): a DNS server that never
// answers would hold the exchange for glibc's own timeouts (resolv.conf's
// timeout × attempts × servers), whatever our deadline. So a lookup runs on a
// detached thread sharing only a small state with the exchange; when the
// deadline passes first, the exchange marks that state abandoned and returns,
// and the thread frees it whenever the lookup ends. An IP address in the URL
// needs no lookup and no thread.
//
// TLS: the server's certificate must chain to the system's CA store, or to
// the certificates of TlsSettings::ca_file only when one is given (e.g. the
// server's own self-signed certificate); its names must match the URL's host
// (OpenSSL's host/IP check, with SNI for DNS names); TLS 1.2 at least.
// Failures are turned into sentences an installer can act on. The client
// context (its CA certificates loaded and parsed) is made once and kept while
// the CA file stays the same file with the same size and date, and the TLS
// session of the last exchange with a server is resumed by the next one: a
// poll every 10 s then costs neither a PEM parse of the CA store nor a
// certificate check, on the Pi nor on the server (bench_fleet,
// docs/PERFORMANCE.md). The server's certificate was checked when the session
// began; a changed CA file drops the sessions with the context.
#include "sync/http_client.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

#include "tls/openssl_util.hpp"

namespace escale::kiosk {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

using escale::tls::BioPtr;
using escale::tls::GeneralNamesPtr;
using escale::tls::SslSessionPtr;
using escale::tls::X509Ptr;

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// --- the CA file ------------------------------------------------------------

// The CA file must exist, be readable and hold at least one PEM certificate;
// returns why not, for the operator.
std::optional<std::string> check_ca_file(const fs::path& path) {
  std::error_code ec;
  const auto type = fs::status(path, ec).type();
  if (type == fs::file_type::not_found) {
    return fmt::format(
        "the CA file {} ([server] ca_file) does not exist: copy the server's certificate (server.crt) there, or "
        "correct the path",
        path.string());
  }
  if (type == fs::file_type::directory) {
    return fmt::format("the CA file {} ([server] ca_file) is a folder: give the path of the certificate file in it",
                       path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fmt::format("cannot read the CA file {} ([server] ca_file): {}: make it readable by the kiosk's user",
                       path.string(), std::error_code(errno, std::generic_category()).message());
  }
  std::ostringstream data;
  data << in.rdbuf();
  const std::string pem = data.str();
  const BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  const X509Ptr first(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  if (!first) {
    return fmt::format(
        "the CA file {} ([server] ca_file) holds no PEM certificate: copy the server's server.crt (it starts "
        "with -----BEGIN CERTIFICATE-----)",
        path.string());
  }
  return std::nullopt;
}

// A client context: TLS 1.2+, peer verification against the system store or the CA file.
std::optional<std::string> configure_context(ssl::context& context, const TlsSettings& tls) {
  if (SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION) != 1) {
    return "cannot require TLS 1.2 (OpenSSL refused)";
  }
  context.set_verify_mode(ssl::verify_peer);
  beast::error_code ec;
  if (tls.ca_file.empty()) {
    context.set_default_verify_paths(ec);
    if (ec) return "cannot load the system's CA certificates (" + ec.message() + "): install ca-certificates";
    return std::nullopt;
  }
  if (auto problem = check_ca_file(tls.ca_file)) return problem;
  context.load_verify_file(tls.ca_file.string(), ec);
  if (ec) {
    return fmt::format("cannot load the CA file {} ([server] ca_file): {}", tls.ca_file.string(), ec.message());
  }
  return std::nullopt;
}

// --- the client context, kept; the sessions to resume -----------------------

// What identifies the CA file's content well enough to reuse what was loaded
// from it: an operator copying a new server.crt changes its date or size.
struct CaFileStamp {
  bool system_store = false;
  fs::path path;
  fs::file_time_type modified{};
  std::uintmax_t size = 0;
  bool operator==(const CaFileStamp&) const = default;
};

std::optional<CaFileStamp> stamp_of(const TlsSettings& tls) {
  CaFileStamp stamp;
  if (tls.ca_file.empty()) {
    stamp.system_store = true;
    return stamp;
  }
  std::error_code ec;
  stamp.path = tls.ca_file;
  stamp.modified = fs::last_write_time(tls.ca_file, ec);
  if (ec) return std::nullopt;
  stamp.size = fs::file_size(tls.ca_file, ec);
  if (ec) return std::nullopt;
  return stamp;
}

struct KeptContext {
  CaFileStamp stamp;
  std::shared_ptr<ssl::context> context;
  std::map<std::string, SslSessionPtr> sessions;  // by "host:port": the last session to resume
};

std::mutex kept_mutex;
std::vector<KeptContext> kept;  // one per CA file in use (one, on a kiosk)
constexpr std::size_t kMaxKeptContexts = 4;
constexpr std::size_t kMaxSessionsPerContext = 64;

// The client context for these settings: the kept one while its CA file is
// unchanged, else a new one (and the CA file checked again, with its messages).
Result<std::shared_ptr<ssl::context>> client_context(const TlsSettings& tls) {
  const auto stamp = stamp_of(tls);
  if (stamp) {
    std::lock_guard lock(kept_mutex);
    for (const auto& k : kept) {
      if (k.stamp == *stamp) return k.context;
    }
  }
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  if (auto problem = configure_context(*context, tls)) return Error{*problem};
  if (!stamp) return context;  // cannot tell when it changes: not kept
  std::lock_guard lock(kept_mutex);
  std::erase_if(kept, [&](const KeptContext& k) { return k.stamp.path == stamp->path; });  // a changed file
  if (kept.size() >= kMaxKeptContexts) kept.erase(kept.begin());
  kept.push_back({*stamp, context, {}});
  return context;
}

// The kept entry of a context (under kept_mutex), or null: a context not kept
// (its CA file's date unknown) resumes nothing.
KeptContext* kept_for(const std::shared_ptr<ssl::context>& context) {
  const auto it = std::find_if(kept.begin(), kept.end(), [&](const KeptContext& k) { return k.context == context; });
  return it == kept.end() ? nullptr : &*it;
}

// The session to resume with this server through this context, if any.
SslSessionPtr session_to_resume(const std::shared_ptr<ssl::context>& context, const std::string& server_key) {
  std::lock_guard lock(kept_mutex);
  const KeptContext* k = kept_for(context);
  if (!k) return nullptr;
  const auto it = k->sessions.find(server_key);
  if (it == k->sessions.end()) return nullptr;
  SSL_SESSION_up_ref(it->second.get());
  return SslSessionPtr(it->second.get());
}

// Keeps the session of an exchange that went through (its tickets read with
// the answer), for the next exchange with the same server.
void keep_session(const std::shared_ptr<ssl::context>& context, const std::string& server_key, SSL* handle) {
  // The whole answer was read (its length known): the connection ends here
  // without a close_notify, which OpenSSL would otherwise take for a broken
  // connection and mark its session never to be resumed.
  SSL_set_shutdown(handle, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  SslSessionPtr session(SSL_get1_session(handle));
  if (!session || SSL_SESSION_is_resumable(session.get()) != 1) return;
  std::lock_guard lock(kept_mutex);
  KeptContext* k = kept_for(context);
  if (!k) return;
  if (k->sessions.size() >= kMaxSessionsPerContext && !k->sessions.contains(server_key)) k->sessions.clear();
  k->sessions[server_key] = std::move(session);
}

// Forgets the session with a server (its exchange failed: begin afresh next time).
void forget_session(const std::shared_ptr<ssl::context>& context, const std::string& server_key) {
  std::lock_guard lock(kept_mutex);
  if (KeptContext* k = kept_for(context)) k->sessions.erase(server_key);
}

// --- what went wrong in the handshake ---------------------------------------

// What the verify callback saw of the server's certificate.
struct PeerCertificate {
  std::vector<std::string> names;  // subjectAltName DNS names and IPs, else the CN
  std::string not_before;
  std::string not_after;
};

std::string asn1_time_text(const ASN1_TIME* time) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || ASN1_TIME_print(bio.get(), time) != 1) return "?";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

PeerCertificate read_peer(X509* cert) {
  PeerCertificate peer;
  const GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(names.get(), i);
    if (entry->type == GEN_DNS) {
      peer.names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(entry->d.dNSName)),
                              static_cast<std::size_t>(ASN1_STRING_length(entry->d.dNSName)));
    } else if (entry->type == GEN_IPADD) {
      const int length = ASN1_STRING_length(entry->d.iPAddress);
      const unsigned char* bytes = ASN1_STRING_get0_data(entry->d.iPAddress);
      if (length == 4) {
        peer.names.push_back(
            asio::ip::make_address_v4(asio::ip::address_v4::bytes_type{bytes[0], bytes[1], bytes[2], bytes[3]})
                .to_string());
      } else if (length == 16) {
        asio::ip::address_v6::bytes_type v6{};
        std::copy(bytes, bytes + 16, v6.begin());
        peer.names.push_back(asio::ip::make_address_v6(v6).to_string());
      }
    }
  }
  if (peer.names.empty()) {
    std::array<char, 256> cn{};
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn.data(), cn.size()) > 0) {
      peer.names.emplace_back(cn.data());
    }
  }
  peer.not_before = asn1_time_text(X509_get0_notBefore(cert));
  peer.not_after = asn1_time_text(X509_get0_notAfter(cert));
  return peer;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " or " : ", ";
    text += items[i];
  }
  return text.empty() ? "no name" : text;
}

std::string verify_failure(long code, const PeerCertificate& peer, const std::string& host, const TlsSettings& tls) {
  switch (code) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      if (tls.ca_file.empty()) {
        return "the server's certificate is not trusted (self-signed? copy the server's certificate to the kiosk "
               "and set [server] ca_file)";
      }
      return fmt::format(
          "the server's certificate is not trusted by the CA file {} ([server] ca_file): copy the server's current "
          "certificate there (compare fingerprints with `escale-server tls show`)",
          tls.ca_file.string());
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return fmt::format(
          "the server's certificate is for {}, not {}: use one of those names in the server URL, or give the server "
          "a certificate with this name",
          join(peer.names), host);
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return fmt::format(
          "the server's certificate expired on {}: renew it on the server (or check the kiosk's date and time)",
          peer.not_after);
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return fmt::format("the server's certificate is valid only from {}: check the kiosk's date and time",
                         peer.not_before);
    default:
      return fmt::format("the server's certificate was refused: {}", X509_verify_cert_error_string(code));
  }
}

std::string handshake_failure(const beast::error_code& ec) {
  if (ec == asio::error::eof || ec == ssl::error::stream_truncated || ec == asio::error::connection_reset) {
    return "the server closed the connection during the TLS handshake (does it speak HTTPS on this port?)";
  }
  if (ec.category() == asio::error::get_ssl_category()) {
    switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
      case SSL_R_WRONG_VERSION_NUMBER:
      case SSL_R_PACKET_LENGTH_TOO_LONG:
      case SSL_R_HTTP_REQUEST:
        return "the server does not speak HTTPS on this port (an http:// server? check the URL's scheme and port)";
      case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
      case SSL_R_UNSUPPORTED_PROTOCOL:
      case SSL_R_NO_PROTOCOLS_AVAILABLE:
        return "the server does not offer TLS 1.2 or later: update the server's TLS settings";
      default:
        break;
    }
  }
  return "TLS handshake failed: " + ec.message();
}

// SSL_set_tlsext_host_name is a macro with an old-style cast.
bool set_sni(SSL* handle, const std::string& host) {
  return SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str())) ==
         1;
}

// --- name resolution under the deadline ---------------------------------------

using Addresses = Result<std::vector<std::string>>;

// What a lookup thread shares with its exchange. `deliver` runs on the
// exchange's thread (posted to its io_context), and only while the exchange
// still waits: once `abandoned` is set, under the mutex, the thread posts
// nothing and the io_context may be gone.
struct Lookup {
  std::mutex mutex;
  bool abandoned = false;
  asio::io_context* ioc = nullptr;
  std::function<void(Addresses)> deliver;
};

// Lookups still running, answered or abandoned: a DNS server that never
// answers must not make the sync thread start one thread per attempt for ever.
std::atomic<int> lookups_running{0};
constexpr int kMaxLookupsRunning = 8;

void run_lookup(const std::shared_ptr<Lookup>& lookup, const NameResolver& resolver, const std::string& host,
                const std::string& port) {
  Addresses found = Error{"no answer"};
  try {
    found = resolver(host, port);
  } catch (const std::exception& e) {
    found = Error{e.what()};
  }
  std::lock_guard lock(lookup->mutex);
  if (lookup->abandoned) return;
  asio::post(*lookup->ioc, [lookup, found = std::move(found)]() mutable { lookup->deliver(std::move(found)); });
}

// Starts the lookup of `host`; `deliver` gets the addresses on the io_context.
// Returns why it could not start.
std::optional<std::string> start_lookup(const std::shared_ptr<Lookup>& lookup, NameResolver resolver,
                                        const std::string& host, const std::string& port) {
  if (lookups_running.fetch_add(1) >= kMaxLookupsRunning) {
    lookups_running.fetch_sub(1);
    return fmt::format(
        "{} earlier look-ups of server names have not come back: the DNS server does not answer "
        "(check the network and /etc/resolv.conf, or give the server's IP address in [server] url)",
        kMaxLookupsRunning);
  }
  try {
    std::thread([lookup, resolver = std::move(resolver), host, port] {
      run_lookup(lookup, resolver, host, port);
      lookups_running.fetch_sub(1);
    }).detach();
  } catch (const std::system_error& e) {
    lookups_running.fetch_sub(1);
    return std::string("cannot start the name lookup: ") + e.what();
  }
  return std::nullopt;
}

std::string seconds_text(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

// --- the exchange -------------------------------------------------------------

// What the TLS path adds to an exchange (nothing for plain HTTP).
struct TlsCheck {
  const TlsSettings* settings = nullptr;
  PeerCertificate peer;
  long first_error = X509_V_OK;
};

template <class Stream>
void exchange(Stream& stream, asio::io_context& ioc, const ServerAddress& server,
              bhttp::request<bhttp::string_body>& req, std::chrono::milliseconds timeout, const NameResolver& resolver,
              TlsCheck& check, HttpReply& result) {
  constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  // One deadline over the whole exchange: the lookup, then the stream's
  // operations (connect, handshake, write, read) up to the same instant.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::uint64_t{16} * 1024 * 1024);
  auto& tcp_layer = beast::get_lowest_layer(stream);

  auto fail = [&](beast::error_code ec, const char* what) { result.error = std::string(what) + ": " + ec.message(); };
  auto on_read = [&](beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "read");
    result.status = static_cast<int>(parser.get().result_int());
    result.body = std::move(parser.get().body());
    beast::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
  };
  auto write_request = [&] {
    bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
      if (ec) return fail(ec, "write");
      bhttp::async_read(stream, buffer, parser, on_read);
    });
  };
  auto on_connect = [&](beast::error_code ec, const tcp::endpoint&) {
    if (ec) return fail(ec, "connect");
    if constexpr (kTls) {
      stream.async_handshake(ssl::stream_base::client, [&](beast::error_code hec) {
        if (!hec) return write_request();
        if (hec == beast::error::timeout) return fail(hec, "TLS handshake");
        const long verify = SSL_get_verify_result(stream.native_handle());
        const long code = check.first_error != X509_V_OK ? check.first_error : verify;
        result.certificate_refused = code != X509_V_OK;
        result.error =
            code != X509_V_OK ? verify_failure(code, check.peer, server.host, *check.settings) : handshake_failure(hec);
      });
    } else {
      write_request();
    }
  };
  auto connect = [&](const std::vector<std::string>& addresses) {
    std::vector<tcp::endpoint> endpoints;
    unsigned short port = 0;
    const auto [end, parsed] = std::from_chars(server.port.data(), server.port.data() + server.port.size(), port);
    if (parsed != std::errc{} || end != server.port.data() + server.port.size() || port == 0) {
      result.error = "connect: the port « " + server.port + " » is not a number from 1 to 65535";
      return;
    }
    for (const auto& text : addresses) {
      beast::error_code ec;
      const auto address = asio::ip::make_address(text, ec);
      if (!ec) endpoints.emplace_back(address, port);
    }
    if (endpoints.empty()) {
      result.error = "resolve: no usable address for " + server.host;
      return;
    }
    tcp_layer.expires_at(deadline);
    tcp_layer.async_connect(endpoints, on_connect);
  };

  if (is_ip_literal(server.host)) {
    connect({server.host});
    ioc.run();
    return;
  }

  // A name: looked up on its own thread while the io_context waits for it,
  // or for the deadline, whichever comes first.
  asio::steady_timer timer(ioc);
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> waiting(ioc.get_executor());
  bool settled = false;  // the lookup answered, or the deadline passed
  const auto lookup = std::make_shared<Lookup>();
  lookup->ioc = &ioc;
  lookup->deliver = [&](Addresses found) {
    if (settled) return;
    settled = true;
    waiting.reset();
    timer.cancel();
    if (!found) {
      result.error = "resolve " + server.host + ": " + found.error();
      return;
    }
    connect(*found);
  };
  timer.expires_at(deadline);
  timer.async_wait([&](beast::error_code ec) {
    if (ec || settled) return;  // cancelled: the lookup answered in time
    settled = true;
    {
      std::lock_guard lock(lookup->mutex);
      lookup->abandoned = true;
    }
    waiting.reset();
    result.error = fmt::format(
        "resolve {}: no answer within {} (the DNS server does not answer: check the network and /etc/resolv.conf, "
        "or give the server's IP address in [server] url)",
        server.host, seconds_text(timeout));
  });
  if (auto problem =
          start_lookup(lookup, resolver ? resolver : NameResolver(system_resolve), server.host, server.port)) {
    settled = true;
    waiting.reset();
    timer.cancel();
    result.error = "resolve " + server.host + ": " + *problem;
  }
  ioc.run();
  // Whatever happened, the thread must not post to this io_context any more.
  std::lock_guard lock(lookup->mutex);
  lookup->abandoned = true;
}

}  // namespace

HttpReply post_json(const ServerAddress& server, const std::string& target, std::string body,
                    const std::string& bearer_token, std::chrono::milliseconds timeout, const TlsSettings& tls,
                    const NameResolver& resolver) {
  HttpReply result;
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
  // Host carries the port unless it is the scheme's default (RFC 9110 §7.2),
  // and an IPv6 address in its brackets.
  req.set(bhttp::field::host, url_authority(server));
  req.set(bhttp::field::user_agent, "escale-kiosk");
  req.set(bhttp::field::content_type, "application/json");
  if (!bearer_token.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_token);
  req.body() = std::move(body);
  req.prepare_payload();

  asio::io_context ioc;
  TlsCheck check;
  check.settings = &tls;
  if (!server.tls) {
    beast::tcp_stream stream(ioc);
    exchange(stream, ioc, server, req, timeout, resolver, check, result);
    return result;
  }

  const auto context = client_context(tls);
  if (!context) {
    result.certificate_refused = true;  // the CA file cannot be used
    result.error = context.error();
    return result;
  }
  TlsStream stream(ioc, **context);
  SSL* handle = stream.native_handle();
  const std::string server_key = server.host + ":" + server.port;
  if (const SslSessionPtr session = session_to_resume(*context, server_key)) SSL_set_session(handle, session.get());
  X509_VERIFY_PARAM* param = SSL_get0_param(handle);
  const bool ip = is_ip_literal(server.host);
  // SNI carries DNS names only (RFC 6066); the name check covers both kinds.
  const bool named = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, server.host.c_str()) == 1
                        : set_sni(handle, server.host) &&
                              X509_VERIFY_PARAM_set1_host(param, server.host.c_str(), server.host.size()) == 1;
  if (!named) {
    result.error = "cannot check the server's certificate against the host " + server.host;
    return result;
  }
  stream.set_verify_callback([&check](bool preverified, ssl::verify_context& context_in) {
    X509_STORE_CTX* store = context_in.native_handle();
    if (check.peer.names.empty()) {
      if (X509* leaf = X509_STORE_CTX_get0_cert(store)) check.peer = read_peer(leaf);
    }
    if (!preverified && check.first_error == X509_V_OK) check.first_error = X509_STORE_CTX_get_error(store);
    return preverified;
  });
  exchange(stream, ioc, server, req, timeout, resolver, check, result);
  if (result.status != 0) {
    result.tls_resumed = SSL_session_reused(handle) == 1;
    keep_session(*context, server_key, handle);
  } else {
    forget_session(*context, server_key);
  }
  return result;
}

Result<std::vector<std::string>> system_resolve(const std::string& host, const std::string& port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;  // no IPv6 addresses on a kiosk without IPv6, as Asio's resolver does
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    const std::string why =
        rc == EAI_SYSTEM ? std::error_code(errno, std::generic_category()).message() : std::string(::gai_strerror(rc));
    if (rc == EAI_NONAME) return Error{why + " (check the host name in [server] url)"};
    return Error{why};
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, &::freeaddrinfo);
  std::vector<std::string> addresses;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    const void* raw = nullptr;
    if (a->ai_family == AF_INET) {
      raw = &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
    } else if (a->ai_family == AF_INET6) {
      raw = &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
    }
    if (raw != nullptr && ::inet_ntop(a->ai_family, raw, text.data(), text.size()) != nullptr) {
      addresses.emplace_back(text.data());
    }
  }
  if (addresses.empty()) return Error{"the name has no IPv4 or IPv6 address"};
  return addresses;
}

std::string url_authority(const ServerAddress& server) {
  const bool v6 = server.host.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + server.host + "]" : server.host;
  const bool default_port = server.port == (server.tls ? "443" : "80");
  return default_port ? host : host + ":" + server.port;
}

Result<ServerAddress> parse_server_url(std::string_view url) {
  constexpr std::string_view example = "for example https://escale.example or https://[2001:db8::1]:8443";
  const std::string whole(url);
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
      return Error{fmt::format("server URL « {} » contains a space or a control character: give the address alone ({})",
                               whole, example)};
    }
  }
  // Schemes are case-insensitive (RFC 3986 §3.1).
  const auto starts_with = [&](std::string_view scheme) {
    if (url.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      char c = url[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != scheme[i]) return false;
    }
    return true;
  };
  ServerAddress address;
  if (starts_with("https://")) {
    address.tls = true;
    url.remove_prefix(8);
  } else if (starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return Error{"server URL must start with https:// or http:// (for example https://escale.example)"};
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    return Error{fmt::format(
        "server URL « {} » has a query (?…) or a fragment (#…): give the server's address and path only, for example "
        "https://escale.example/escale",
        whole)};
  }
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  address.base_path = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (!address.base_path.empty() && address.base_path.back() == '/') address.base_path.pop_back();
  if (authority.find('@') != std::string_view::npos) {
    return Error{fmt::format(
        "server URL « {} » carries a user name or password (…@): leave them out, the kiosk signs in with its token",
        whole)};
  }

  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    // An IPv6 literal (RFC 3986 §3.2.2): [2001:db8::1], then :port or nothing.
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return Error{
          fmt::format("server URL « {} » opens an IPv6 address with [ but does not close it ({})", whole, example)};
    }
    const std::string_view inner = authority.substr(1, close - 1);
    if (inner.find('%') != std::string_view::npos) {
      return Error{fmt::format(
          "server URL « {} » has an IPv6 zone (%…): a link-local address names a network interface of this machine, "
          "not a server; give the server a stable address (global or fd00::/8) or a name",
          whole)};
    }
    beast::error_code ec;
    const auto v6 = asio::ip::make_address_v6(std::string(inner), ec);
    if (ec) {
      return Error{
          fmt::format("server URL « {} »: « {} » in brackets is not an IPv6 address ({})", whole, inner, example)};
    }
    address.host = v6.to_string();
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return Error{fmt::format("server URL « {} »: after the IPv6 address in brackets comes « : » and the port ({})",
                                 whole, example)};
      }
      has_port = true;
      port = rest.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos) {
      return Error{fmt::format(
          "server URL « {} »: an IPv6 address is written in brackets, for example https://[2001:db8::1]:8443", whole)};
    }
    address.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      has_port = true;
      port = authority.substr(colon + 1);
    }
    if (address.host.empty()) return Error{"server URL has no host (for example https://escale.example)"};
    for (const char c : address.host) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x80) {
        return Error{fmt::format(
            "server URL host « {} » has letters outside ASCII: write the name in its ASCII form (xn--…), as "
            "`idn2 {}` prints it",
            address.host, address.host)};
      }
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '.' || c == '_';
      if (!allowed) {
        return Error{fmt::format("server URL host « {} » contains « {} », which no host name has ({})", address.host, c,
                                 example)};
      }
    }
  }
  if (address.host.empty()) return Error{"server URL has no host (for example https://escale.example)"};
  if (!has_port) {
    address.port = address.tls ? "443" : "80";
    return address;
  }
  if (port.empty()) {
    return Error{fmt::format(
        "server URL « {} » has « : » but no port after it (for example https://escale.example:8443)", whole)};
  }
  unsigned long number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec == std::errc::result_out_of_range ||
      (ec == std::errc{} && end == port.data() + port.size() && (number < 1 || number > 65535))) {
    return Error{
        fmt::format("server URL port {} must be between 1 and 65535 (for example https://escale.example:8443)", port)};
  }
  if (ec != std::errc{} || end != port.data() + port.size()) {
    return Error{
        fmt::format("server URL port « {} » must be a number (for example https://escale.example:8443)", port)};
  }
  address.port = std::to_string(number);
  return address;
}

}  // namespace escale::kiosk
