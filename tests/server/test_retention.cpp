#include "store/retention.hpp"  // first: the header is self-contained

// Issue 19, privacy by default: each retention rule with a controllable
// clock (just before its limit nothing happens, just after it does), the
// notice-then-anonymise flow, the dashboard's past figures unchanged by the
// run, the settings' bounds, when the nightly run is due, and schema v11 on
// a v9 database holding data (calendar feed addresses keep working).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/network_commands.hpp"
#include "reminders/message_job.hpp"
#include "reports/dashboard.hpp"
#include "reports/period.hpp"
#include "reports/stats_rollup.hpp"
#include "server_fixture.hpp"
#include "store/bookings.hpp"
#include "store/member_portal.hpp"
#include "store/messages.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;
using escale::tests::ServerDb;

// A database with one site whose rows the tests write as the server would, at the times they choose.
struct RetentionDb : ServerDb {
  std::int64_t site_id = site();

  // A member who signed up long ago (created_at), with an e-mail unless `email` is empty.
  std::int64_t old_member(const std::string& first, const std::string& email = "",
                          const std::string& created = "2023-01-05T10:00:00.000Z") {
    const auto id = member(site_id, first, "Martin");
    db.prepare(
          "UPDATE members SET created_at = ?, email = ?, age_bracket = 'from35to60', home_commune = '21425' "
          "WHERE id = ?")
        .bind_all(created, email.empty() ? std::optional<std::string>() : std::optional<std::string>(email), id)
        .run();
    return id;
  }

  void visit(const std::string& id, std::optional<std::int64_t> member, const std::string& check_in,
             std::optional<std::string> check_out = std::nullopt, std::optional<std::string> badge = std::nullopt) {
    db.prepare(
          "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
          "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)")
        .bind_all(id, site_id, member, badge, check_in, check_out, paris_date(at(check_in)), member ? 0 : 1)
        .run();
  }

  // A login link the member used at `when` (what « Mon espace » writes when they log in).
  void used_link(std::int64_t member, const std::string& when) {
    db.prepare(
          "INSERT INTO member_login_links (token_hash, member_id, channel, created_at, expires_at, used_at) "
          "VALUES (?, ?, 'kiosk', ?, ?, ?)")
        .bind_all(make_token("h"), member, when, when, when)
        .run();
  }

  std::int64_t count(const std::string& sql) { return scalar(sql); }
};

RetentionRun run(RetentionDb& s, const std::string& when) {
  return run_retention(s.db, retention_settings(s.db), at(when));
}

}  // namespace

TEST_CASE("retention settings: the defaults, bounds refused in French, a change audited", "[retention][store]") {
  RetentionDb s;
  const auto d = retention_settings(s.db);
  CHECK(d.visits_months == 3);
  CHECK(d.inactive_months == 24);
  CHECK(d.notice_months == 1);
  CHECK(d.audit_months == 12);
  CHECK(d.attempts_months == 6);
  CHECK(d.sessions_months == 1);
  CHECK_FALSE(d.last_run_at.has_value());

  auto too_long = d;
  too_long.visits_months = 4;  // beyond the CNIL's 3 months for access logs
  const auto refused = set_retention_settings(s.db, too_long, Actor{}, at("2026-12-01T10:00:00.000Z"));
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("entre 1 et 3 mois"));
  CHECK_THAT(refused.error(), Catch::Contains("Rien n’a été changé"));
  CHECK(retention_settings(s.db).visits_months == 3);
  using Tweak = void (*)(RetentionSettings&);
  for (Tweak bad : std::initializer_list<Tweak>{
           [](RetentionSettings& x) { x.inactive_months = 11; }, [](RetentionSettings& x) { x.notice_months = 0; },
           [](RetentionSettings& x) { x.audit_months = 25; }, [](RetentionSettings& x) { x.attempts_months = 0; },
           [](RetentionSettings& x) { x.sessions_months = 7; }}) {
    auto x = d;
    bad(x);
    CHECK(retention_problem(x).has_value());
    CHECK_FALSE(set_retention_settings(s.db, x, Actor{}, at("2026-12-01T10:00:00.000Z")).ok());
  }
  CHECK(s.count("SELECT COUNT(*) FROM audit_log") == 0);

  auto shorter = d;
  shorter.visits_months = 1;
  shorter.audit_months = 6;
  const auto saved = set_retention_settings(s.db, shorter, Actor{}, at("2026-12-01T10:00:00.000Z"));
  REQUIRE(saved.ok());
  CHECK(retention_settings(s.db).visits_months == 1);
  CHECK(retention_settings(s.db).audit_months == 6);
  CHECK(retention_settings(s.db).updated_at == "2026-12-01T10:00:00.000Z");
  CHECK(s.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.settings'") == 1);
}

TEST_CASE("escale-server network retention shows and changes the durations, refusing one out of bounds",
          "[retention][cli]") {
  RetentionDb s;
  auto command = [&](const std::string& line) {
    CLI::App app;
    auto* member = app.add_subcommand("member");
    std::string db_path = s.path.string();
    cli::NetworkCommands commands(app, *member, db_path);
    app.parse(line, false);
    return commands.run(s.db);
  };
  CHECK(command("network retention") == std::optional<int>(0));
  CHECK(command("network retention --visits 2 --audit 6") == std::optional<int>(0));
  auto now = retention_settings(s.db);
  CHECK(now.visits_months == 2);
  CHECK(now.audit_months == 6);
  CHECK(now.inactive_months == 24);  // the others as they were
  CHECK(command("network retention --visits 6") != std::optional<int>(0));
  CHECK(retention_settings(s.db).visits_months == 2);
}

TEST_CASE("retention: months before keep the Paris wall clock and clamp the day", "[retention]") {
  CHECK(months_before(at("2026-05-31T10:00:00.000Z"), 3) == at("2026-02-28T11:00:00.000Z"));  // 12:00 Paris
  CHECK(months_before(at("2028-05-31T10:00:00.000Z"), 3) == at("2028-02-29T11:00:00.000Z"));  // leap year
  CHECK(months_before(at("2027-01-15T08:00:00.000Z"), 24) == at("2025-01-15T08:00:00.000Z"));
  CHECK(months_before(at("2026-12-10T11:00:00.000Z"), -1) == at("2027-01-10T11:00:00.000Z"));
}

TEST_CASE("retention: the nightly run is due at 03:30 Paris once, and at start after a day", "[retention]") {
  CHECK(retention_due(std::nullopt, at("2026-12-10T12:00:00.000Z")));
  // Ran at 03:30 Paris (02:30 UTC in winter): not again that day, again from 03:30 the next night.
  const std::optional<std::string> ran = "2026-12-10T02:30:05.000Z";
  CHECK_FALSE(retention_due(ran, at("2026-12-10T12:00:00.000Z")));
  CHECK_FALSE(retention_due(ran, at("2026-12-11T02:29:00.000Z")));
  CHECK(retention_due(ran, at("2026-12-11T02:30:00.000Z")));
  // The server was down at night: it catches up when it starts, after 03:30.
  CHECK(retention_due(std::optional<std::string>("2026-12-09T02:30:00.000Z"), at("2026-12-10T09:00:00.000Z")));
  // Summer time: 03:30 Paris is 01:30 UTC.
  CHECK_FALSE(retention_due(std::optional<std::string>("2026-07-01T01:31:00.000Z"), at("2026-07-02T01:29:00.000Z")));
  CHECK(retention_due(std::optional<std::string>("2026-07-01T01:31:00.000Z"), at("2026-07-02T01:30:00.000Z")));
}

TEST_CASE("retention of visits: the day before the limit keeps its member, the day after loses member and badge",
          "[retention][store]") {
  RetentionDb s;
  const auto marie = s.old_member("Marie");
  // Now: Thursday 10 December 2026, 13:00 Paris. Three months before: 10 September.
  s.visit("kept", marie, "2026-09-10T07:00:00.000Z", "2026-09-10T09:00:00.000Z", "04A1B2C3");
  s.visit("cut", marie, "2026-09-09T07:00:00.000Z", "2026-09-09T09:00:00.000Z", "04A1B2C3");
  s.visit("cut-2", marie, "2026-09-09T13:00:00.000Z", std::nullopt, "04A1B2C3");
  s.visit("walk-in", std::nullopt, "2026-09-09T08:00:00.000Z", std::nullopt, "04FFFFFF");

  const auto first = run(s, "2026-12-10T12:00:00.000Z");
  CHECK(first.visits_anonymised == 3);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE id = 'kept' AND member_id IS NOT NULL AND badge_uid IS NOT NULL") ==
        1);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE id IN ('cut', 'cut-2') AND member_id IS NULL AND badge_uid IS NULL "
                "AND visitor_key < 0") == 2);
  // One member's visits of one day share their key: the day still counts one person.
  CHECK(s.count("SELECT COUNT(DISTINCT visitor_key) FROM visits WHERE id IN ('cut', 'cut-2')") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE id = 'walk-in' AND badge_uid IS NULL AND walk_in = 1") == 1);
  // The count stays: every visit, its times; the member's months keep counting them.
  CHECK(s.count("SELECT COUNT(*) FROM visits") == 4);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE check_in = '2026-09-09T07:00:00.000Z' AND check_out IS NOT NULL") ==
        1);
  CHECK(s.count("SELECT visits FROM stats_member_months WHERE month = '2026-09' AND member_id = " +
                std::to_string(marie)) == 3);
  CHECK(s.count("SELECT visits FROM stats_member_years WHERE year = '2026' AND member_id = " + std::to_string(marie)) ==
        3);

  // Idempotent: the same run again changes nothing; the next day takes the next day's visits.
  CHECK(run(s, "2026-12-10T12:00:00.000Z").visits_anonymised == 0);
  CHECK(run(s, "2026-12-11T12:00:00.000Z").visits_anonymised == 1);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE member_id IS NOT NULL") == 0);
  // Her data export still says what stays linked to her: the visits' count per month, no times.
  const auto exported = member_data_export(s.db, marie);
  REQUIRE(exported);
  const auto json = nlohmann::json::parse(*exported);
  CHECK(json.at("visits_per_month") ==
        nlohmann::json::parse(R"([{"month": "2026-09", "site": )" + std::to_string(s.site_id) + R"(, "visits": 3}])"));
  CHECK(json.at("visits").empty());
  CHECK(exported->find("2026-09-09T07:00") == std::string::npos);
  // Each run leaves one audit row, counts only.
  CHECK(s.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.run'") == 3);
  CHECK(s.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.run' AND detail LIKE "
                "'%\"visits_anonymised\":3%'") == 1);
  CHECK(retention_settings(s.db).last_run_at == std::optional<std::string>("2026-12-11T12:00:00.000Z"));
}

TEST_CASE("retention of visits: the dashboard's figures for past periods are the same after the run",
          "[retention][store][reports]") {
  RetentionDb s;
  const auto other = s.site("Télécentre de Semur", "21603");
  std::vector<std::int64_t> members;
  for (const char* name : {"Marie", "Paul", "Lucie", "Jean", "Nadia", "Karim", "Anne"})
    members.push_back(s.old_member(name));
  // June to November 2026, weekdays: members come back, some twice a day, walk-ins, the two sites.
  int n = 0;
  for (int month = 6; month <= 11; ++month) {
    for (int day = 1; day <= 28; ++day) {
      const auto noon = from_paris(2026, month, day, 12, 0);
      if (to_paris(noon).weekday > 5) continue;
      for (std::size_t k = 0; k < members.size(); ++k) {
        if ((day + static_cast<int>(k) * 3 + month) % 4 != 0) continue;
        const auto in = from_paris(2026, month, day, 9 + static_cast<int>(k % 5), 10);
        s.visit("v" + std::to_string(++n), members[k], to_iso_utc(in), to_iso_utc(in + std::chrono::minutes(95)),
                "04A1B2C" + std::to_string(k));
        if (k % 3 == 0) s.visit("v" + std::to_string(++n), members[k], to_iso_utc(in + std::chrono::hours(4)));
      }
      if (day % 5 == 0)
        s.visit("v" + std::to_string(++n), std::nullopt, to_iso_utc(from_paris(2026, month, day, 15, 0)));
    }
  }
  s.db.prepare(
          "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
          "VALUES ('elsewhere', ?, ?, NULL, NULL, '2026-07-07T08:00:00.000Z', NULL, '2026-07-07', 0)")
      .bind_all(other, members[0])
      .run();
  REQUIRE(n > 200);

  const Instant now = at("2026-12-10T12:00:00.000Z");
  auto dashboards = [&] {
    std::vector<std::string> out;
    for (const char* period : {"2026-06", "2026-07", "2026-08", "2026-T3", "2026"}) {
      for (const std::optional<std::int64_t> site :
           {std::optional<std::int64_t>(), std::optional<std::int64_t>(s.site_id),
            std::optional<std::int64_t>(other)}) {
        const auto p = reports::parse_period(period, "", "", CivilDate{2026, 12, 10});
        REQUIRE(p);
        auto d = reports::compute_dashboard(s.db, reports::DashboardQuery{site, *p, now});
        REQUIRE(d);
        out.push_back(reports::dashboard_json(*d));
      }
    }
    return out;
  };
  const auto before = dashboards();
  const auto cut = run_retention(s.db, retention_settings(s.db), now);
  CHECK(cut.visits_anonymised > 100);  // June to 9 September
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE local_date < '2026-09-10' AND member_id IS NOT NULL") == 0);
  CHECK(before == dashboards());
  // Even every day's rollup computed again from the anonymised visits gives the same figures.
  s.db.exec("INSERT OR IGNORE INTO stats_dirty (site_id, local_date) SELECT DISTINCT site_id, local_date FROM visits");
  CHECK(reports::refresh_stats(s.db, now).days > 100);
  CHECK(before == dashboards());
}

TEST_CASE("retention of inactive members: told just after 24 months, anonymised a month after the notice",
          "[retention][store]") {
  RetentionDb s;
  const auto marie = s.old_member("Marie", "marie@exemple.fr");
  const auto paul = s.old_member("Paul");  // no contact: not told, anonymised on the same day
  const auto anim = s.old_member("Anne", "anne@exemple.fr");
  s.db.prepare("UPDATE members SET roles = 'member,animator' WHERE id = ?").bind_all(anim).run();
  s.visit("old", marie, "2024-06-04T08:00:00.000Z", "2024-06-04T10:00:00.000Z", "04A1B2C3");
  // Their last activity: a login on 10 December 2024 at 12:00 UTC.
  s.used_link(marie, "2024-12-10T12:00:00.000Z");
  s.used_link(paul, "2024-12-10T12:00:00.000Z");

  auto just_before = run(s, "2026-12-10T11:59:00.000Z");
  CHECK(just_before.notices_sent == 0);
  CHECK(just_before.notices_silent == 0);
  CHECK_FALSE(retention_notice(s.db, marie).has_value());

  const auto told = run(s, "2026-12-10T12:01:00.000Z");
  CHECK(told.notices_sent == 1);
  CHECK(told.notices_silent == 1);
  CHECK(retention_notice(s.db, marie) == std::optional<std::string>("2026-12-10T12:01:00.000Z"));
  CHECK(retention_notice(s.db, paul).has_value());
  CHECK_FALSE(retention_notice(s.db, anim).has_value());  // staff are left alone
  const auto queued = list_messages(s.db, marie);
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].kind == "retention_notice");
  CHECK(queued[0].channel == "email");
  CHECK(queued[0].recipient == "marie@exemple.fr");
  CHECK(list_messages(s.db, paul).empty());
  // Told once: the next nights do not tell again.
  CHECK(run(s, "2026-12-11T12:01:00.000Z").notices_sent == 0);
  CHECK(list_messages(s.db, marie).size() == 1);

  // A month after the notice, not a minute before.
  CHECK(run(s, "2027-01-10T12:00:00.000Z").members_anonymised == 0);
  CHECK(find_member(s.db, marie).has_value());
  const auto gone = run(s, "2027-01-10T12:02:00.000Z");
  CHECK(gone.members_anonymised == 2);
  CHECK_FALSE(find_member(s.db, marie).has_value());
  CHECK_FALSE(find_member(s.db, paul).has_value());
  CHECK(find_member(s.db, anim).has_value());
  // The statistical profile stays, with its visits; names and contacts are gone.
  CHECK(s.count("SELECT COUNT(*) FROM members WHERE id = " + std::to_string(marie) +
                " AND first_name = '' AND email IS NULL AND erased_at IS NOT NULL AND age_bracket = 'from35to60' "
                "AND home_commune = '21425'") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE id = 'old'") == 1);
  CHECK(s.count("SELECT visits FROM stats_member_months WHERE month = '2024-06' AND member_id = " +
                std::to_string(marie)) == 1);
  CHECK(run(s, "2027-01-11T12:00:00.000Z") == RetentionRun{});
}

TEST_CASE("retention of inactive members: coming back after the notice cancels it", "[retention][store]") {
  RetentionDb s;
  const auto marie = s.old_member("Marie", "marie@exemple.fr");
  const auto paul = s.old_member("Paul", "paul@exemple.fr");
  s.used_link(marie, "2024-12-10T12:00:00.000Z");
  s.used_link(paul, "2024-12-10T12:00:00.000Z");
  // A member with a visit 23 months ago (its member cut long since: its month counts) is not told.
  const auto lucie = s.old_member("Lucie", "lucie@exemple.fr");
  s.visit("lucie", lucie, "2025-01-20T09:00:00.000Z", std::nullopt, "04A1B2C9");
  REQUIRE(run(s, "2026-12-10T12:01:00.000Z").notices_sent == 2);
  CHECK(s.count("SELECT COUNT(*) FROM visits WHERE id = 'lucie' AND member_id IS NULL") == 1);
  CHECK_FALSE(retention_notice(s.db, lucie).has_value());

  // Marie badges a week later; Paul opens « Mon espace ».
  s.visit("back", marie, "2026-12-17T09:00:00.000Z", std::nullopt, "04A1B2C3");
  s.used_link(paul, "2026-12-18T18:00:00.000Z");
  const auto back = run(s, "2026-12-19T02:30:00.000Z");
  CHECK(back.notices_cancelled == 2);
  CHECK_FALSE(retention_notice(s.db, marie).has_value());
  CHECK_FALSE(retention_notice(s.db, paul).has_value());
  CHECK(run(s, "2027-01-10T12:02:00.000Z").members_anonymised == 0);
  CHECK(find_member(s.db, marie).has_value());
  CHECK(find_member(s.db, paul).has_value());

  // The notices queued were cancelled with them: nothing is sent.
  MessageSettings settings;
  settings.notifier.command = {"/bin/true"};
  settings.public_url.set("https://escale.exemple.fr");
  const auto sent = send_due_messages(s.db, settings, at("2026-12-19T02:31:00.000Z"));
  CHECK(sent.sent == 0);
  for (const auto& m : list_messages(s.db)) CHECK(m.state == "cancelled");
}

TEST_CASE("retention notice: sent while still away, in French, with the date and where to log in",
          "[retention][messages]") {
  RetentionDb s;
  const auto marie = s.old_member("Marie", "marie@exemple.fr");
  REQUIRE(run(s, "2026-12-10T12:01:00.000Z").notices_sent == 1);
  const auto out = s.dir.file("sent.txt");
  const auto script = s.dir.file("notify.sh");
  {
    std::ofstream f(script);
    f << "#!/bin/sh\nprintf '%s|%s|%s\\n' \"$1\" \"$2\" \"$3\" >> '" << out.string() << "'\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  MessageSettings settings;
  settings.notifier.command = {script.string()};
  settings.public_url.set("https://escale.exemple.fr");
  CHECK(send_due_messages(s.db, settings, at("2026-12-10T12:02:00.000Z")).sent == 1);
  std::ifstream in(out);
  std::string line;
  REQUIRE(std::getline(in, line));
  CHECK_THAT(line, Catch::StartsWith("email|marie@exemple.fr|Tiers-lieu de Montbard\u202F: "));
  CHECK_THAT(line, Catch::Contains("depuis 2 ans"));
  CHECK_THAT(line, Catch::Contains("anonymisée le dimanche 10 janvier 2027"));
  CHECK_THAT(line, Catch::Contains("https://escale.exemple.fr/moi/connexion"));
  CHECK(retention_notice(s.db, marie).has_value());

  const auto sms =
      retention_notice_text("Tiers-lieu", 24, at("2027-01-10T12:01:00.000Z"), "https://e.fr/moi/connexion", "sms");
  CHECK(sms == gsm_text(sms));  // GSM 7-bit characters only
  CHECK_THAT(sms, Catch::Contains("10 janvier"));
}

TEST_CASE("retention of the audit log, attempts and ended sessions: kept just before their limit, deleted after",
          "[retention][store]") {
  RetentionDb s;
  const auto marie = s.old_member("Marie", "marie@exemple.fr");
  // Now: 10 December 2026 12:00 UTC (13:00 Paris). Limits: audit 12 months, attempts 6, sessions 1.
  const std::string now = "2026-12-10T12:00:00.000Z";
  s.db.exec(R"sql(
INSERT INTO audit_log (at, action, subject) VALUES ('2025-12-10T11:59:00.000Z', 'member.update', 'member:1'),
                                                   ('2025-12-10T12:01:00.000Z', 'member.update', 'member:1');
INSERT INTO login_failures (login, client, at) VALUES ('admin', '192.0.2.1', '2026-06-10T10:59:00.000Z'),
                                                      ('admin', '192.0.2.1', '2026-06-10T11:01:00.000Z');
INSERT INTO enrolment_failures (client, at) VALUES ('192.0.2.1', '2026-06-10T10:59:00.000Z'),
                                                   ('192.0.2.1', '2026-06-10T11:01:00.000Z');
INSERT INTO member_link_requests (address, client, at) VALUES ('marie@exemple.fr', '192.0.2.1', '2026-06-10T10:59:00.000Z'),
                                                               ('marie@exemple.fr', '192.0.2.1', '2026-06-10T11:01:00.000Z');
INSERT INTO kiosks (id, site_id, name, token_hash, created_at) VALUES (7, 1, 'borne', 'h7', '2025-01-01T00:00:00.000Z');
INSERT INTO ingest_log (event_id, kiosk_id, type, status, reason, received_at) VALUES
  ('e1', 7, 'check_in', 'duplicate', NULL, '2026-06-10T10:59:00.000Z'),
  ('e2', 7, 'check_in', 'rejected', 'unknown badge', '2026-06-10T11:01:00.000Z');
INSERT INTO web_users (id, login, display_name, role, site_id, password_hash, created_at)
  VALUES (1, 'admin', 'Admin', 'admin', NULL, 'x', '2025-01-01T00:00:00.000Z');
INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES
  ('old', 1, 'c', '2026-11-10T09:00:00.000Z', '2026-11-10T09:00:00.000Z', '2026-11-10T11:59:00.000Z'),
  ('recent', 1, 'c', '2026-11-10T10:00:00.000Z', '2026-11-10T12:01:00.000Z', '2026-11-10T12:30:00.000Z');
)sql");
  s.db.prepare(R"sql(
INSERT INTO member_sessions (token_hash, member_id, csrf_token, device, via, created_at, last_seen_at, expires_at,
                             ended_at, ended_by) VALUES
  ('ended-old', ?1, 'c', 'Firefox', 'kiosk', '2026-10-01T10:00:00.000Z', '2026-11-10T11:00:00.000Z',
   '2026-12-30T10:00:00.000Z', '2026-11-10T11:59:00.000Z', 'logout'),
  ('ended-recent', ?1, 'c', 'Firefox', 'kiosk', '2026-10-01T10:00:00.000Z', '2026-11-10T11:00:00.000Z',
   '2026-12-30T10:00:00.000Z', '2026-11-10T12:01:00.000Z', 'member'),
  ('expired-old', ?1, 'c', 'Firefox', 'kiosk', '2026-08-01T10:00:00.000Z', '2026-08-02T10:00:00.000Z',
   '2026-11-10T11:59:00.000Z', NULL, NULL),
  ('open', ?1, 'c', 'Firefox', 'kiosk', '2026-08-01T10:00:00.000Z', '2026-08-02T10:00:00.000Z',
   '2026-12-30T10:00:00.000Z', NULL, NULL);
)sql")
      .bind(1, marie)
      .run();
  s.used_link(marie, "2026-11-10T11:59:00.000Z");  // expired at once (the test's link): deleted
  s.used_link(marie, "2026-11-10T12:01:00.000Z");

  const auto r = run(s, now);
  CHECK(r.audit_deleted == 1);
  CHECK(r.attempts_deleted == 4);
  CHECK(r.sessions_deleted == 4);  // one web session, two phone sessions, one link
  CHECK(s.count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.update'") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM login_failures") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM enrolment_failures") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM member_link_requests") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM ingest_log WHERE event_id = 'e2'") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM ingest_log") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM web_sessions WHERE token_hash = 'recent'") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM web_sessions") == 1);
  CHECK(s.count("SELECT COUNT(*) FROM member_sessions WHERE token_hash IN ('ended-recent', 'open')") == 2);
  CHECK(s.count("SELECT COUNT(*) FROM member_sessions") == 2);
  CHECK(s.count("SELECT COUNT(*) FROM member_login_links") == 1);
  // Idempotent.
  const auto again = run(s, now);
  CHECK(again.audit_deleted == 0);
  CHECK(again.attempts_deleted == 0);
  CHECK(again.sessions_deleted == 0);
}

TEST_CASE("schema v11: a v9 database with calendar addresses, visits and members upgrades, addresses keep working",
          "[retention][store][schema]") {
  escale::tests::TempDir dir;
  const auto path = dir.file("escale.db");
  const std::string token = make_token("cal_");
  {
    auto db = open_server_db(path, 9);
    REQUIRE(db.user_version() == 9);
    db.exec(R"sql(
INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at)
  VALUES (1, 'Tiers-lieu', '', '21425', 'Mo-Fr 09:00-18:00', '2025-01-10T09:00:00.000Z');
INSERT INTO members (id, site_id, first_name, last_name, email, age_bracket, created_at)
  VALUES (1, 1, 'Marie', 'Dupont', 'marie@exemple.fr', 'over70', '2025-01-10T10:00:00.000Z'),
         (2, 1, 'Paul', 'Martin', NULL, 'unknown', '2025-01-10T10:00:00.000Z');
INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) VALUES
  ('v1', 1, 1, NULL, '04A1B2C3', '2026-11-03T08:04:00.000Z', '2026-11-03T11:30:00.000Z', '2026-11-03', 0),
  ('v2', 1, 1, NULL, '04A1B2C3', '2026-02-04T08:00:00.000Z', NULL, '2026-02-04', 0);
)sql");
    db.prepare("INSERT INTO calendar_tokens (member_id, token, created_at) VALUES (1, ?, '2026-01-01T10:00:00.000Z')")
        .bind_all(token)
        .run();
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  // The address made before the upgrade still opens Marie's feed; only its hash rests in the database.
  CHECK(member_for_calendar_token(db, token) == std::optional<std::int64_t>(1));
  {
    auto st = db.prepare("SELECT token_hash, token, created_at FROM calendar_tokens");
    REQUIRE(st.step());
    CHECK(st.text(0) == hash_token(token));
    CHECK(st.is_null(1));
    CHECK(st.text(2) == "2026-01-01T10:00:00.000Z");
    CHECK_FALSE(st.step());
  }
  CHECK(has_calendar_token(db, 1));
  CHECK_FALSE(has_calendar_token(db, 2));
  // Everything else is there, with the default retention settings.
  auto count = [&](const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.int64(0);
  };
  CHECK(count("SELECT COUNT(*) FROM visits WHERE member_id = 1") == 2);
  CHECK(count("SELECT COUNT(*) FROM members WHERE retention_notice_at IS NULL") == 2);
  CHECK(retention_settings(db).visits_months == 3);
  // The first run after the upgrade cuts the old visit only, and the member's months keep it.
  const auto r = run_retention(db, retention_settings(db), at("2026-12-10T12:00:00.000Z"));
  CHECK(r.visits_anonymised == 1);
  CHECK(count("SELECT visits FROM stats_member_months WHERE member_id = 1 AND month = '2026-02'") == 1);
  CHECK(count("SELECT COUNT(*) FROM visits WHERE id = 'v1' AND member_id = 1") == 1);
  // Opening it again finds nothing more to hash.
  auto reopened = open_server_db(path);
  CHECK(member_for_calendar_token(reopened, token) == std::optional<std::int64_t>(1));
}
