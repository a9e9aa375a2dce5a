#include "api/routes.hpp"  // first: the header is self-contained

// Which of the API's requests are blocking work for the HTTP server's worker
// threads (issue 16): the argon2id login, the dashboards and their files,
// reports and exports; never /healthz, a kiosk's sync, or a page that only reads.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

namespace {

namespace bh = boost::beast::http;
using escale::server::http::Request;

Request request(bh::verb method, std::string_view target) {
  Request req;
  req.method(method);
  req.target(std::string(target));
  req.version(11);
  return req;
}

}  // namespace

TEST_CASE("API: the blocking requests are the slow ones", "[routing][blocking]") {
  const auto path = std::filesystem::temp_directory_path() / ("escale-blocking-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    escale::server::ConnectionPool pool(path, 1);
    const auto api = escale::server::make_api_service(pool);
    REQUIRE(api.handler);
    REQUIRE(api.blocking);
    const auto blocking = [&](bh::verb method, std::string_view target) {
      return api.blocking(request(method, target));
    };
    CHECK(blocking(bh::verb::post, "/connexion"));
    CHECK(blocking(bh::verb::get, "/tableau-de-bord?periode=annee"));
    CHECK(blocking(bh::verb::get, "/tableau-de-bord.json"));
    CHECK(blocking(bh::verb::get, "/tableau-de-bord/visites.csv"));
    CHECK(blocking(bh::verb::get, "/api/v1/reports/dashboard"));
    CHECK(blocking(bh::verb::get, "/api/v1/reports/visits?site=1&from=2026-01-01&to=2026-12-31"));
    CHECK(blocking(bh::verb::get, "/api/v1/exports/activities.csv"));
    CHECK(blocking(bh::verb::get, "/api/v1/exports/coop-activites.json?site=1"));
    CHECK(blocking(bh::verb::get, "/api/v1/exports/coop-activites.csv?variant=tableur"));
    CHECK(blocking(bh::verb::get, "/api/v1/exports/cheques.csv?site=1&month=2026-11"));
    CHECK(blocking(bh::verb::get, "/lieux/1/cheques.csv?mois=2026-11"));
    CHECK(blocking(bh::verb::get, "/opendata/lieux-mediation-numerique.csv"));
    CHECK(blocking(bh::verb::get, "/adherents/12/export.json"));
    CHECK(blocking(bh::verb::get, "/lieux-du-reseau"));  // every site's hours, services and free desks

    CHECK_FALSE(blocking(bh::verb::get, "/healthz"));
    CHECK_FALSE(blocking(bh::verb::post, "/api/v1/sync"));
    CHECK_FALSE(blocking(bh::verb::get, "/connexion"));
    CHECK_FALSE(blocking(bh::verb::get, "/adherents/12"));
    CHECK_FALSE(blocking(bh::verb::get, "/lieux-du-reseau/1"));
    CHECK_FALSE(blocking(bh::verb::get, "/ics/resources/1.ics"));
    CHECK_FALSE(blocking(bh::verb::get, "/nowhere"));
  }
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ignored);
}
