// A phone and an offline kiosk race for the last desk (issue 18): the kiosk,
// cut from the server, takes Marie's booking of Tuesday morning as an intent
// (« en attente de confirmation »); meanwhile Jean books the same desk and
// morning from « Mon espace » on his phone (a login link asked as a kiosk
// asks it, opened, then the booking form), and is told « C’est réservé ».
// When the kiosk reaches the server again, Marie's intent is refused because
// the desk was taken, and the kiosk tells her so: exactly one booking, and
// everyone told. The real server process, the real kiosk (scripted).
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <regex>

#include "harness.hpp"
#include "scripted_kiosk.hpp"
#include "store/database.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
namespace bhttp = boost::beast::http;

namespace {

// A browser-like request: cookies in, Set-Cookie out (name → value), a form when `form` is given.
struct PhoneReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> cookies;
};

PhoneReply phone_request(int port, bhttp::verb method, const std::string& target, const std::string& cookies,
                         const std::string& form = {}) {
  boost::asio::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(20));
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  bhttp::request<bhttp::string_body> req{method, target, 11};
  const auto host = "127.0.0.1:" + std::to_string(port);
  req.set(bhttp::field::host, host);
  if (!cookies.empty()) req.set(bhttp::field::cookie, cookies);
  if (method == bhttp::verb::post) {
    req.set(bhttp::field::origin, "http://" + host);
    req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
    req.body() = form;
  }
  req.prepare_payload();
  bhttp::write(stream, req);
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  PhoneReply out{static_cast<int>(res.result_int()), res.body(), {}};
  for (auto it = res.find(bhttp::field::set_cookie); it != res.end() && it->name() == bhttp::field::set_cookie; ++it) {
    const std::string line(it->value());
    const auto eq = line.find('=');
    out.cookies[line.substr(0, eq)] = line.substr(eq + 1, line.find(';') - eq - 1);
  }
  return out;
}

std::string input_value(const std::string& html, const std::string& name) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"" + name + "\" value=\"([^\"]*)\""))) return m[1].str();
  return {};
}

std::string kiosk_token(const std::filesystem::path& db, const std::string& name) {
  const auto out =
      run_server_command({"kiosk", "add", "--db", db.string(), "--site", "1", "--name", name, "--print-token"});
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("esk_[0-9a-f]{64}")));
  return m.str();
}

// The next Tuesday after today (as the kiosk's « clock next Tu » reads it), as YYYY-MM-DD.
std::string next_tuesday() {
  std::time_t t = std::time(nullptr);
  for (int i = 1; i <= 7; ++i) {
    const std::time_t d = t + static_cast<std::time_t>(i) * 86400;
    std::tm tm{};
    localtime_r(&d, &tm);
    if (tm.tm_wday == 2) {
      char buf[16];
      std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
      return buf;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("a phone and an offline kiosk race for the last desk: one booking and each told", "[e2e][booking][phone]") {
  TempDir dir("escale-e2e-phone-race");
  const auto db = dir / "server.db";
  run_server_command({"init", "--db", db.string()});
  run_server_command({"site", "add", "--db", db.string(), "--name", "Tiers-lieu du Pont", "--insee", "12203", "--hours",
                      "Mo-Su 08:00-20:00"});
  run_server_command({"resource", "add", "--db", db.string(), "--site", "1", "--kind", "desk", "--name", "Bureau 1"});
  run_server_command(
      {"member", "add", "--db", db.string(), "--site", "1", "--first-name", "Marie", "--last-name", "Dupont"});
  run_server_command(
      {"member", "add", "--db", db.string(), "--site", "1", "--first-name", "Jean", "--last-name", "Martin"});
  run_server_command({"badge", "add", "--db", db.string(), "--member", "1", "--uid", "04A1B2C3"});
  const auto entrance = kiosk_token(db, "entrée");
  const auto other = kiosk_token(db, "accueil");

  auto server = std::make_unique<ServerProcess>(db, dir / "server.log");
  const int port = server->port();
  ScriptedKiosk kiosk(dir.path(), "kiosk", server->url(), entrance, dir / "kiosk-shots");
  kiosk.run("sync 15s");
  kiosk.run("clock next Tu 07:00");

  // The kiosk cut from the server: Marie's booking waits as an intent.
  REQUIRE(server->stop() == 0);
  kiosk.run("badge 04A1B2C3");
  kiosk.run("tap \"Réserver un bureau\"");
  kiosk.run("tap \"Aujourd'hui\"");
  kiosk.run("expect-screen book-desk-grid");
  kiosk.run("tap \"Libre\"");
  kiosk.run("tap \"Réserver\"");
  kiosk.run("expect \"en attente de confirmation\"");

  // Meanwhile Jean, on his phone, books the same desk and morning from « Mon espace ».
  server = std::make_unique<ServerProcess>(db, dir / "server2.log", port);
  const auto link = http_request(port, "POST", "/api/v1/kiosk/login-links", R"({"member_id": 2})", other);
  REQUIRE(link.status == 201);
  const auto url = nlohmann::json::parse(link.body).at("url").get<std::string>();
  const auto path = url.substr(url.find("/moi/lien/"));
  const auto page = phone_request(port, bhttp::verb::get, path, "");
  REQUIRE(page.status == 200);
  const auto opened = phone_request(port, bhttp::verb::post, path, "escale_lien=" + page.cookies.at("escale_lien"),
                                    "form_token=" + input_value(page.body, "form_token"));
  REQUIRE(opened.status == 303);
  const auto session = "escale_membre=" + opened.cookies.at("escale_membre");
  const auto home = phone_request(port, bhttp::verb::get, "/moi", session);
  const auto booked =
      phone_request(port, bhttp::verb::post, "/moi/reserver/1/bureau", session,
                    "csrf=" + input_value(home.body, "csrf") + "&moment=" + next_tuesday() + "%7Cmorning");
  INFO(booked.body.substr(0, 400));
  REQUIRE(booked.status == 200);
  CHECK(booked.body.find("C’est réservé") != std::string::npos);

  // The kiosk reaches the server: Marie's intent is refused (the desk was taken), and she is told.
  kiosk.run("sync 20s");
  kiosk.run("wait-text \"déjà pris\" 10s");
  kiosk.run("expect-not \"C'est réservé\"");
  kiosk.run("screenshot refused.png");
  {
    escale::store::Database conn(db);
    auto st = conn.prepare("SELECT member_id, status, coalesce(refusal, '') FROM bookings ORDER BY member_id");
    std::vector<std::string> rows;
    while (st.step()) rows.push_back(std::to_string(st.int64(0)) + " " + st.text(1) + " " + st.text(2));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == "1 refused overlap");
    CHECK(rows[1] == "2 confirmed ");
  }
  kiosk.run("quit");
  CHECK(kiosk.process().wait(10s) == 0);
  CHECK(server->stop() == 0);
}
