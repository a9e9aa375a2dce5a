// Issue 19: the network's retention durations in the back office (« Réseau »,
// /reseau, admins): shown, changed with an audit row, a value out of bounds
// or not a number refused next to its field with what was typed kept, and
// nothing changed without the CSRF token or by an animator.
#include <catch2/catch.hpp>

#include "store/network.hpp"
#include "store/retention.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::tests;
using web_http::status;
using Fields = std::vector<std::pair<std::string, std::string>>;

Fields durations(const std::string& csrf, const std::string& visits, const std::string& audit = "12") {
  return {{"csrf", csrf},
          {"form", "conservation"},
          {"conservation_visits", visits},
          {"conservation_inactive", "24"},
          {"conservation_notice", "1"},
          {"conservation_audit", audit},
          {"conservation_attempts", "6"},
          {"conservation_sessions", "1"}};
}

// The opening tag of the input named `name`.
std::string input_of(const std::string& html, const std::string& name) {
  const auto at = html.find("name=\"" + name + "\"");
  if (at == std::string::npos) return {};
  const auto open = html.rfind('<', at);
  return html.substr(open, html.find('>', at) - open + 1);
}

}  // namespace

TEST_CASE("network page: the retention durations, changed by an admin, refused out of bounds next to their field",
          "[web][network][retention]") {
  WebSite site;
  auto admin = site.as("claire");
  auto r = admin.get("/reseau");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Durées de conservation"));
  CHECK_THAT(input_of(r.body(), "conservation_visits"), Catch::Contains("value=\"3\""));
  CHECK_THAT(input_of(r.body(), "conservation_inactive"), Catch::Contains("value=\"24\""));
  const auto csrf = admin.csrf();

  // Beyond the CNIL's 3 months: refused at its field, what was typed kept, nothing changed.
  r = admin.post("/reseau", durations(csrf, "4", "6"));
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Entre 1 et 3 mois"));
  CHECK_THAT(input_of(r.body(), "conservation_visits"), Catch::Contains("value=\"4\""));
  CHECK_THAT(input_of(r.body(), "conservation_visits"), Catch::Contains("aria-invalid=\"true\""));
  CHECK_THAT(input_of(r.body(), "conservation_audit"), Catch::Contains("value=\"6\""));
  CHECK(server::retention_settings(site.db).visits_months == 3);
  CHECK(server::retention_settings(site.db).audit_months == 12);

  // Not a number.
  r = admin.post("/reseau", durations(csrf, "trois"));
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Un nombre de mois, en chiffres."));

  // Without the token: refused, nothing changed.
  auto no_token = durations(csrf, "2");
  no_token.erase(no_token.begin());
  CHECK(admin.post("/reseau", no_token).result() == status::forbidden);
  CHECK(server::retention_settings(site.db).visits_months == 3);

  // An animator cannot change them.
  auto paul = site.as("paul");
  CHECK(paul.post("/reseau", durations(paul.csrf(), "1")).result() == status::see_other);
  CHECK(server::retention_settings(site.db).visits_months == 3);

  r = admin.post("/reseau", durations(csrf, "2", "6"));
  REQUIRE(r.result() == status::see_other);
  CHECK(reply_header(r, web_http::field::location) == "/reseau?ok=conservation");
  const auto saved = server::retention_settings(site.db);
  CHECK(saved.visits_months == 2);
  CHECK(saved.audit_months == 6);
  CHECK(saved.inactive_months == 24);
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'retention.settings' AND web_user_id IS NOT NULL") ==
        1);
  // The network's own settings were left as they were.
  CHECK(server::network_settings(site.db).name.empty());
}
