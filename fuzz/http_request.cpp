// Harness: a whole HTTP request as the server reads it — Beast's parser with
// the server's header limit (8 KiB) and a small body limit — and then what
// the server's own code reads from it: the query string and the urlencoded
// form (api::parse_query), the JSON body and its strict field readers
// (parse_body, body_id, body_instant), the session cookie (web::cookie),
// the same-origin check of a POST (web::same_origin), and the client's address
// behind a trusted proxy (X-Forwarded-For, http::forwarded_client).
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include "api/api_kit.hpp"
#include "fuzz_support.hpp"
#include "http/forwarded.hpp"
#include "web/web_auth.hpp"

using namespace escale::server;
namespace bh = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bh::request_parser<bh::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done()) {  // as the server's reads feed it: the header, then the body (or its chunks)
    const std::size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    used += n;
    if (ec == bh::error::need_more) {
      parser.put_eof(ec);  // the connection ends there
      break;
    }
    if (ec || n == 0) break;
  }
  if (ec || !parser.is_done()) return 0;
  const http::Request& req = parser.get();

  const std::string_view target(req.target().data(), req.target().size());
  const auto qpos = target.find('?');
  if (qpos != std::string_view::npos) (void)api::parse_query(target.substr(qpos + 1));
  (void)api::parse_query(req.body());

  try {
    const auto body = api::parse_body(req);
    FUZZ_CHECK(body.is_object());
    try {
      FUZZ_CHECK(api::body_id(body, "resource_id") > 0);
    } catch (const api::BadRequest& e) {
      FUZZ_CHECK(e.message.rfind("body.resource_id", 0) == 0);
    }
    try {
      (void)api::body_instant(body, "start");
    } catch (const api::BadRequest& e) {
      FUZZ_CHECK(e.message.rfind("body.start", 0) == 0);
    }
  } catch (const api::BadRequest& e) {
    FUZZ_CHECK(!e.message.empty());
  }

  if (const auto session = web::cookie(req, web::kSessionCookie)) FUZZ_CHECK(session->find(';') == std::string::npos);
  (void)web::cookie(req, web::kLoginCookie);
  (void)web::same_origin(req);

  const auto xff = req.find("X-Forwarded-For");
  const std::string_view forwarded =
      xff == req.end() ? std::string_view() : std::string_view(xff->value().data(), xff->value().size());
  static const std::vector<std::string> trusted = {"127.0.0.1", "::1", "10.0.0.2"};
  const std::string client = http::forwarded_client("127.0.0.1", forwarded, trusted);
  FUZZ_CHECK(!client.empty());
  FUZZ_CHECK(http::forwarded_client("192.0.2.7", forwarded, trusted) == "192.0.2.7");  // untrusted peer: its own
  return 0;
}
