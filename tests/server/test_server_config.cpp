// escale-server's configuration file and the checks made before listening.
#include <catch2/catch.hpp>

#include <fstream>

#include "config/server_config.hpp"
#include "http/forwarded.hpp"
#include "server_fixture.hpp"

using namespace escale::server;

namespace {

std::filesystem::path write(const escale::tests::TempDir& dir, const std::string& text) {
  const auto path = dir.file("server.toml");
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("server config: the packaged file loads and passes the checks", "[config]") {
  ServerConfig c;
  const auto loaded = load_server_config(ESCALE_SOURCE_DIR "/packaging/server.example.toml", c);
  INFO((loaded ? "" : loaded.error()));
  REQUIRE(loaded);
  CHECK(c.database == "/var/lib/escale/server/escale-server.db");
  CHECK(c.listen == "0.0.0.0:8443");
  CHECK(c.threads == 4);
  CHECK(c.tls());
  CHECK(c.tls_certificate == "/etc/escale/tls/server.crt");
  CHECK(c.tls_private_key == "/etc/escale/tls/server.key");
  CHECK_FALSE(c.allow_plain_http);
  CHECK(c.notifier.empty());
  CHECK(c.retention_days == 730);
  CHECK(c.max_connections == 0);  // sized from LimitNOFILE
  CHECK(c.max_connections_per_address == 64);
  CHECK(check_server_config(c));
}

TEST_CASE("server config: keys absent keep their defaults", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  REQUIRE(load_server_config(write(dir, "[server]\nthreads = 2\n"), c));
  CHECK(c.threads == 2);
  CHECK(c.listen == "127.0.0.1:8080");
  CHECK(c.database == kDefaultDatabase);
  CHECK_FALSE(c.tls());
  CHECK(check_server_config(c));  // plain HTTP on loopback is fine
}

TEST_CASE("server config: mistakes are named with their line", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  auto error_of = [&](const std::string& text) {
    const auto r = load_server_config(write(dir, text), c);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK_THAT(error_of("[server]\nlisten = 8443\n"), Catch::Contains("server.toml:2") && Catch::Contains("HOST:PORT"));
  CHECK_THAT(error_of("[server]\nthreads = 0\n"), Catch::Contains("from 1 to 64"));
  CHECK_THAT(error_of("[tls]\ncertficate = \"/x\"\n"),
             Catch::Contains("unknown key « certficate »") && Catch::Contains("certificate"));
  CHECK_THAT(error_of("[serveur]\nlisten = \"x\"\n"), Catch::Contains("unknown section [serveur]"));
  CHECK_THAT(error_of("[web]\ntrusted_proxies = \"127.0.0.1\"\n"), Catch::Contains("list of strings"));
  CHECK_THAT(error_of("[privacy]\nretention_days = 7\n"), Catch::Contains("30 to 3650"));
  CHECK_THAT(error_of("[tls]\nallow_plain_http = \"yes\"\n"), Catch::Contains("true or false"));
  CHECK_THAT(error_of("[server]\nlisten = \"0.0.0.0:8443\n"), Catch::Contains("server.toml:2"));
  CHECK_THAT(error_of("[server]\ndatabase = \"\"\n"), Catch::Contains("must not be empty"));
  const auto missing = load_server_config(dir.file("nowhere.toml"), c);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error(), Catch::Contains("nowhere.toml"));
}

TEST_CASE("server config: plain HTTP is served on loopback only, unless allowed", "[config]") {
  ServerConfig c;
  for (const char* listen : {"127.0.0.1:8080", "[::1]:8080", "localhost:8080", "127.0.0.2:80"}) {
    c.listen = listen;
    INFO(listen);
    CHECK(check_server_config(c));
  }
  for (const char* listen : {"0.0.0.0:8080", "[::]:8080", "192.168.1.10:80", "escale.local:8080"}) {
    c.listen = listen;
    INFO(listen);
    const auto r = check_server_config(c);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("tls self-signed") && Catch::Contains("allow_plain_http"));
  }
  c.listen = "0.0.0.0:8080";
  c.allow_plain_http = true;
  CHECK(check_server_config(c));
  c.allow_plain_http = false;
  c.tls_certificate = "/etc/escale/tls/server.crt";
  c.tls_private_key = "/etc/escale/tls/server.key";
  CHECK(check_server_config(c));
  c.tls_private_key.clear();
  CHECK_THAT(check_server_config(c).error(), Catch::Contains("go together"));
}

TEST_CASE("server config: listen addresses", "[config]") {
  CHECK(parse_listen("127.0.0.1:8080")->port == 8080);
  CHECK(parse_listen("[::1]:8443")->host == "::1");
  CHECK(parse_listen("0.0.0.0:0")->port == 0);
  CHECK_FALSE(parse_listen("8080"));
  CHECK_FALSE(parse_listen(":8080"));
  CHECK_FALSE(parse_listen("127.0.0.1:"));
  CHECK_FALSE(parse_listen("127.0.0.1:65536"));
  CHECK_FALSE(parse_listen("127.0.0.1:80a"));
  ServerConfig c;
  c.trusted_proxies = {"127.0.0.1", "proxy.local"};
  CHECK_THAT(check_server_config(c).error(), Catch::Contains("proxy.local"));
}

TEST_CASE("forwarded: X-Forwarded-For is believed from trusted proxies only", "[config][http]") {
  const std::vector<std::string> trusted = {"127.0.0.1", "10.0.0.2"};
  // From the proxy: the address it saw.
  CHECK(http::forwarded_client("127.0.0.1", "203.0.113.7", trusted) == "203.0.113.7");
  // A client's own claim on the left is skipped; the right-most untrusted hop wins.
  CHECK(http::forwarded_client("127.0.0.1", "1.2.3.4, 203.0.113.7", trusted) == "203.0.113.7");
  CHECK(http::forwarded_client("127.0.0.1", "203.0.113.7, 10.0.0.2", trusted) == "203.0.113.7");
  CHECK(http::forwarded_client("127.0.0.1", "[2001:db8::1]:4711", trusted) == "2001:db8::1");
  CHECK(http::forwarded_client("::ffff:127.0.0.1", "203.0.113.7", trusted) == "203.0.113.7");
  // From anyone else, the header is ignored.
  CHECK(http::forwarded_client("198.51.100.1", "203.0.113.7", trusted) == "198.51.100.1");
  // Garbage or only proxies: the socket's address.
  CHECK(http::forwarded_client("127.0.0.1", "unknown", trusted) == "127.0.0.1");
  CHECK(http::forwarded_client("127.0.0.1", "10.0.0.2", trusted) == "127.0.0.1");
  CHECK(http::forwarded_client("127.0.0.1", "", trusted) == "127.0.0.1");
}

TEST_CASE("server config: connection caps are read and checked with clear messages", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  REQUIRE(load_server_config(write(dir, "[server]\nmax_connections = 500\nmax_connections_per_address = 20\n"), c));
  CHECK(c.max_connections == 500);
  CHECK(c.max_connections_per_address == 20);
  CHECK(check_server_config(c));

  ServerConfig defaults;
  REQUIRE(load_server_config(write(dir, "[server]\nmax_connections = 20\n"), defaults));
  CHECK(defaults.max_connections_per_address == 0);  // 64, or fewer with a small total
  CHECK(check_server_config(defaults));

  auto error_of = [&](const std::string& text) {
    ServerConfig fresh;
    const auto r = load_server_config(write(dir, text), fresh);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK_THAT(error_of("[server]\nmax_connections = -1\n"),
             Catch::Contains("server.toml:2") && Catch::Contains("max_connections") && Catch::Contains("from 0"));
  CHECK_THAT(error_of("[server]\nmax_connections = \"many\"\n"), Catch::Contains("a whole number"));
  CHECK_THAT(error_of("[server]\nmax_conections = 10\n"), Catch::Contains("unknown key « max_conections »"));

  ServerConfig checked;
  checked.max_connections = 5;
  CHECK_THAT(check_server_config(checked).error(),
             Catch::Contains("max_connections = 5 is too small") && Catch::Contains("at least 16"));
  checked.max_connections = 50;
  checked.max_connections_per_address = 80;
  CHECK_THAT(check_server_config(checked).error(),
             Catch::Contains("max_connections_per_address = 80 is above max_connections = 50"));
}

// Issue 14: toml++ 3.3.0 reaches undefined behaviour (an unreachable point)
// when it meets a non-ASCII character outside a string; the file is checked
// before toml++ sees it (shared/text/toml_guard). The fuzz build proves the
// same inputs no longer reach it (fuzz/corpus/server_config/ub-*.toml).
TEST_CASE("UBSan: a non-ASCII letter outside a string in server.toml is a clear error", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  auto error_of = [&](const std::string& text) {
    const auto r = load_server_config(write(dir, text), c);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK_THAT(error_of("[server]\nlisten = é\n"), Catch::Contains("server.toml:2: a non-ASCII character (« é ») "
                                                                 "outside a quoted string") &&
                                                     Catch::Contains("double quotes"));
  CHECK_THAT(error_of("[server]\nthreads = 2\né = 1\n"), Catch::Contains("server.toml:3") && Catch::Contains("« é »"));
  CHECK_THAT(error_of("[server]\nthreads = 4é\n"), Catch::Contains("server.toml:2") && Catch::Contains("non-ASCII"));
  CHECK_THAT(error_of("\n\n[server]\nthreads = 1 \u3001\n"), Catch::Contains("server.toml:4"));
  CHECK_THAT(error_of("[server]\nlisten = \"\xE9\"\n"), Catch::Contains("server.toml:2") && Catch::Contains("UTF-8"));
  CHECK(c.threads == 4);  // nothing was read from a refused file
}

TEST_CASE("UBSan: a non-ASCII letter after a backslash in a multi-line string of server.toml is a clear error",
          "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  auto error_of = [&](const std::string& text) {
    const auto r = load_server_config(write(dir, text), c);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK_THAT(error_of("[reminders]\nnotifier = \"\"\"/usr/bin/\\\n   é\"\"\"\n"),
             Catch::Contains("server.toml:3: a line continued by a backslash"));
  CHECK_THAT(error_of("[reminders]\nnotifier = \"\"\"\\é\"\"\"\n"),
             Catch::Contains("server.toml:2") && Catch::Contains("right after a backslash"));
}

// Found by fuzz/server_config (fuzz/corpus/server_config/ub-number-into-string.toml).
TEST_CASE("UBSan: a non-ASCII letter in a string stuck to a number in server.toml is a clear error", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  const auto r = load_server_config(write(dir, "[reminders]\nnotifier_args =0[\"Médiathèque\"]\n"), c);
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error(), Catch::Contains("server.toml:2: a non-ASCII character (« é ») before the end of the number"));
}

TEST_CASE("server config: non-ASCII text in strings and comments still loads", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  const auto r = load_server_config(write(dir,
                                          "\xEF\xBB\xBF# Médiathèque « L’Escale »\n[reminders]\n"
                                          "notifier = \"/usr/local/bin/envoi-sms\" # été\n"
                                          "notifier_args = [\"Médiathèque\", 'l’été', \"\"\"\n"
                                          "  deux lignes « é »\"\"\", '''\\é''', \"\"\"a\\\n   b é\"\"\"]\n"),
                                    c);
  INFO((r ? "" : r.error()));
  REQUIRE(r);
  REQUIRE(c.notifier_args.size() == 5);
  CHECK(c.notifier_args[0] == "Médiathèque");
  CHECK(c.notifier_args[2] == "  deux lignes « é »");
  CHECK(c.notifier_args[3] == "\\é");
  CHECK(c.notifier_args[4] == "ab é");
}

// Found by the long run of fuzz/kiosk_config on the kiosk's reader, the same
// in the server's: toml++ 3.3.0 converts a float to an integer with a plain
// cast, undefined beyond the integer's range. A whole-number key takes an
// integer only.
TEST_CASE("UBSan: a float for a whole-number key of server.toml is a clear error", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  for (const char* value : {"5.5e67", "-5.5e67", "2.0", "inf", "nan"}) {
    INFO(value);
    const auto r = load_server_config(write(dir, std::string("[server]\nthreads = ") + value + "\n"), c);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("server.toml:2: [server] threads: expected a whole number"));
  }
  CHECK(c.threads == 4);
  REQUIRE(load_server_config(write(dir, "[server]\nthreads = 2\n"), c));
  CHECK(c.threads == 2);
}

TEST_CASE("server config: the public address of « Mon espace » links is checked and has a default", "[config]") {
  escale::tests::TempDir dir;
  ServerConfig c;
  REQUIRE(load_server_config(write(dir, "[web]\npublic_url = \"https://escale.exemple.fr\"\n"), c));
  CHECK(c.public_url == "https://escale.exemple.fr");
  CHECK(check_server_config(c));
  CHECK(public_url(c, "borne") == "https://escale.exemple.fr");
  for (const char* bad : {"escale.exemple.fr", "ftp://escale.exemple.fr", "https://", "https://escale.exemple.fr/",
                          "https://escale.exemple.fr/moi", "https://escale.exemple.fr?x=1", "https://a b.fr",
                          "javascript:alert(1)"}) {
    INFO(bad);
    ServerConfig w;
    w.public_url = bad;
    const auto checked = check_server_config(w);
    REQUIRE_FALSE(checked);
    CHECK_THAT(checked.error(), Catch::Contains("[web] public_url") && Catch::Contains("https://escale.example.fr"));
  }
  CHECK_FALSE(public_url_problem("https://[2001:db8::1]:8443"));
  CHECK_FALSE(public_url_problem("http://127.0.0.1:8080"));
  // Not given: the listening address (the machine's name for a wildcard address), with the scheme TLS gives.
  ServerConfig d;
  CHECK(public_url(d, "borne") == "http://127.0.0.1:8080");
  d.listen = "0.0.0.0:8443";
  d.tls_certificate = "/etc/escale/tls/server.crt";
  d.tls_private_key = "/etc/escale/tls/server.key";
  CHECK(public_url(d, "escale-interco") == "https://escale-interco:8443");
}
