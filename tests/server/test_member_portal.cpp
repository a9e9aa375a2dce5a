#include "store/member_portal.hpp"  // first: the header is self-contained

// « Mon espace » in the store (issue 18): login links (single use, 10
// minutes, hashed, limited), phone sessions (90 days, ended by the member,
// by staff, by erasure), requests for a link by e-mail or SMS (the same
// outcome for an unknown address, limits per address and per client),
// notification choices, the messages queue and the job that sends it
// through a real notifier script, and the schema 9 upgrade of a database
// with members.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "reminders/message_job.hpp"
#include "server_fixture.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/schema.hpp"
#include "web/member_pages.hpp"

using namespace escale;
using namespace escale::server;
using namespace std::chrono_literals;

namespace {

const Instant t0 = *parse_iso_utc("2027-03-01T09:00:00Z");

std::int64_t member_with(tests::ServerDb& s, std::int64_t site, const std::string& first,
                         std::optional<std::string> email, std::optional<std::string> phone) {
  Member m;
  m.site_id = site;
  m.first_name = first;
  m.last_name = "Martin";
  m.email = std::move(email);
  m.phone = std::move(phone);
  auto added = add_member(s.db, m);
  REQUIRE(added.ok());
  return added->id;
}

int count(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return static_cast<int>(st.int64(0));
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("member portal: what a person types to get a link is an e-mail or a French phone", "[member-portal]") {
  auto c = parse_contact("  Lucie.Martin@Exemple.FR ");
  REQUIRE(c);
  CHECK(c->channel == LinkChannel::Email);
  CHECK(c->key == "lucie.martin@exemple.fr");
  c = parse_contact("06 12 34 56 78");
  REQUIRE(c);
  CHECK(c->channel == LinkChannel::Sms);
  CHECK(c->key == "+33612345678");
  CHECK(parse_contact("+33 6 12 34 56 78")->key == "+33612345678");
  for (const char* bad : {"", "   ", "lucie", "lucie@", "@exemple.fr", "lucie@exemple", "a b@exemple.fr",
                          "lucie@@exemple.fr", "0812345678", "12345", "lucie@exemple.fr.", "<a@b.fr>"}) {
    INFO(bad);
    CHECK_FALSE(parse_contact(bad));
  }
  CHECK_FALSE(parse_contact(std::string(300, 'a') + "@exemple.fr"));
  CHECK_FALSE(parse_contact("\xff\xfe@exemple.fr"));  // not UTF-8
}

TEST_CASE("member portal: a login link opens one session once and only within 10 minutes", "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto lucie = s.member(site, "Lucie", "Martin");

  const auto link = issue_login_link(s.db, lucie, LinkChannel::Kiosk, t0);
  REQUIRE(link.ok());
  CHECK(link->token.starts_with("eml_"));
  CHECK(link->expires_at == t0 + 10min);
  // Only its hash is stored.
  auto st = s.db.prepare("SELECT count(*) FROM member_login_links WHERE token_hash = ?");
  st.bind_all(link->token);
  REQUIRE(st.step());
  CHECK(st.int64(0) == 0);

  CHECK(check_login_link(s.db, link->token, t0 + 1min) == LinkProblem::None);
  CHECK(check_login_link(s.db, link->token, t0 + 1min) == LinkProblem::None);  // looking does not spend it
  const auto opened = redeem_login_link(s.db, link->token, "Firefox sur Android", t0 + 2min);
  REQUIRE(opened.session);
  CHECK(opened.session->member.id == lucie);
  CHECK(opened.session->token.starts_with("ems_"));
  CHECK(opened.session->expires_at == t0 + 2min + 24h * 90);
  CHECK(opened.session->via == LinkChannel::Kiosk);

  // A second time: used. Another browser gets nothing.
  const auto again = redeem_login_link(s.db, link->token, "Chrome sur iPhone", t0 + 3min);
  CHECK_FALSE(again.session);
  CHECK(again.problem == LinkProblem::Used);
  CHECK(check_login_link(s.db, link->token, t0 + 3min) == LinkProblem::Used);

  // Expired: at 10 minutes exactly it no longer opens.
  const auto late = issue_login_link(s.db, lucie, LinkChannel::Email, t0);
  REQUIRE(late.ok());
  CHECK(redeem_login_link(s.db, late->token, "x", t0 + 10min).problem == LinkProblem::Expired);
  // Unknown, or not shaped like a link.
  CHECK(redeem_login_link(s.db, "eml_" + std::string(64, 'b'), "x", t0).problem == LinkProblem::Unknown);
  CHECK(redeem_login_link(s.db, "ems_" + std::string(64, 'b'), "x", t0).problem == LinkProblem::Unknown);
  CHECK(redeem_login_link(s.db, "", "x", t0).problem == LinkProblem::Unknown);
  CHECK(check_login_link(s.db, "eml_'; DROP TABLE members; --", t0) == LinkProblem::Unknown);

  // The member erased meanwhile: the link leads nowhere.
  const auto gone = issue_login_link(s.db, lucie, LinkChannel::Kiosk, t0 + 4min);
  REQUIRE(gone.ok());
  REQUIRE(erase_member(s.db, lucie, Actor{}, t0 + 5min).ok());
  CHECK(check_login_link(s.db, gone->token, t0 + 6min) != LinkProblem::None);
  CHECK_FALSE(redeem_login_link(s.db, gone->token, "x", t0 + 6min).session);
  CHECK_FALSE(issue_login_link(s.db, lucie, LinkChannel::Kiosk, t0 + 6min).ok());
  CHECK_FALSE(issue_login_link(s.db, 9999, LinkChannel::Kiosk, t0).ok());
}

TEST_CASE("member portal: at most 5 links per member in 10 minutes", "[member-portal]") {
  tests::ServerDb s;
  const auto lucie = s.member(s.site(), "Lucie", "Martin");
  for (int i = 0; i < kMaxLinksPerMember; ++i) REQUIRE(issue_login_link(s.db, lucie, LinkChannel::Kiosk, t0).ok());
  const auto refused = issue_login_link(s.db, lucie, LinkChannel::Kiosk, t0 + 1min);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("réessayez dans 10 minutes"));
  CHECK(issue_login_link(s.db, lucie, LinkChannel::Kiosk, t0 + 10min + 1s).ok());
}

TEST_CASE("member portal: sessions last 90 days and end by the member by staff and by erasure", "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto lucie = s.member(site, "Lucie", "Martin");
  const auto marc = s.member(site, "Marc", "Petit");
  auto open = [&](std::int64_t who, const char* device, Instant at) {
    const auto link = issue_login_link(s.db, who, LinkChannel::Kiosk, at);
    REQUIRE(link.ok());
    auto opened = redeem_login_link(s.db, link->token, device, at);
    REQUIRE(opened.session);
    return *opened.session;
  };
  const auto phone = open(lucie, "Firefox sur Android", t0);
  const auto laptop = open(lucie, "Chrome sur Windows", t0 + 1h);
  const auto marcs = open(marc, "Safari sur iPhone", t0);

  auto found = find_member_session(s.db, phone.token, t0 + 24h * 89);
  REQUIRE(found);
  CHECK(found->member.first_name == "Lucie");
  CHECK(found->last_seen_at == t0 + 24h * 89);  // its use is recorded
  CHECK(found->csrf_token == phone.csrf_token);
  CHECK_FALSE(find_member_session(s.db, phone.token, t0 + 24h * 90));  // 90 days, then over

  auto list = list_member_sessions(s.db, lucie, t0 + 2h);
  REQUIRE(list.size() == 2);
  CHECK(list[0].device == "Firefox sur Android");  // last used first (on day 89, above)
  CHECK(list[1].device == "Chrome sur Windows");

  // Lucie closes her laptop's session from her phone; she cannot close Marc's.
  CHECK_FALSE(end_member_session(s.db, lucie, marcs.id, t0 + 2h));
  CHECK(find_member_session(s.db, marcs.token, t0 + 2h));
  CHECK(end_member_session(s.db, lucie, laptop.id, t0 + 2h));
  CHECK_FALSE(find_member_session(s.db, laptop.token, t0 + 2h));
  CHECK_FALSE(end_member_session(s.db, lucie, laptop.id, t0 + 2h));  // already closed

  // Logging out ends this browser's session only.
  const auto tablet = open(lucie, "Firefox sur Android", t0 + 3h);
  end_member_session(s.db, tablet.token, t0 + 3h);
  CHECK_FALSE(find_member_session(s.db, tablet.token, t0 + 3h));
  CHECK(find_member_session(s.db, phone.token, t0 + 3h));

  // An animator ends them all.
  open(lucie, "Chrome sur Android", t0 + 4h);
  CHECK(end_member_sessions(s.db, lucie, Actor{}, t0 + 5h) == 2);
  CHECK(list_member_sessions(s.db, lucie, t0 + 5h).empty());
  CHECK(find_member_session(s.db, marcs.token, t0 + 5h));
  CHECK(count(s.db, "SELECT count(*) FROM member_sessions WHERE ended_by = 'staff'") == 2);

  // Erasure ends Marc's.
  REQUIRE(erase_member(s.db, marc, Actor{}, t0 + 6h).ok());
  CHECK_FALSE(find_member_session(s.db, marcs.token, t0 + 6h));
  CHECK(count(s.db, "SELECT count(*) FROM member_sessions WHERE ended_by = 'erasure'") == 1);

  // A cookie that is not a session's shape is not looked up.
  CHECK_FALSE(find_member_session(s.db, "ews_" + std::string(64, 'a'), t0));
  CHECK_FALSE(find_member_session(s.db, "", t0));
}

TEST_CASE("member portal: a request for a link queues it for a member and the same outcome for anyone else",
          "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto lucie = member_with(s, site, "Lucie", "lucie@exemple.fr", "06 12 34 56 78");
  // Bernard and his daughter share her phone; an erased member's phone is no one's.
  const auto bernard = member_with(s, site, "Bernard", std::nullopt, "0698765432");
  const auto claire = member_with(s, site, "Claire", std::nullopt, "+33 6 98 76 54 32");
  const auto old = member_with(s, site, "Paul", "paul@exemple.fr", std::nullopt);
  REQUIRE(erase_member(s.db, old, Actor{}, t0).ok());

  auto outcome = request_login_link(s.db, *parse_contact("LUCIE@exemple.fr"), "192.0.2.1", t0);
  CHECK_FALSE(outcome.throttled);
  CHECK(outcome.queued == 1);
  outcome = request_login_link(s.db, *parse_contact("06.98.76.54.32"), "192.0.2.1", t0);
  CHECK(outcome.queued == 2);
  outcome = request_login_link(s.db, *parse_contact("personne@exemple.fr"), "192.0.2.1", t0);
  CHECK_FALSE(outcome.throttled);
  CHECK(outcome.queued == 0);
  outcome = request_login_link(s.db, *parse_contact("paul@exemple.fr"), "192.0.2.1", t0);
  CHECK(outcome.queued == 0);

  const auto messages = list_messages(s.db);
  REQUIRE(messages.size() == 3);
  std::set<std::int64_t> members;
  for (const auto& m : messages) {
    CHECK(m.kind == "login_link");
    CHECK(m.state == "pending");
    members.insert(m.member_id.value_or(0));
    // No link, no text: what to send and to whom.
    CHECK(m.recipient.find("eml_") == std::string::npos);
  }
  CHECK(members == std::set<std::int64_t>{lucie, bernard, claire});
  CHECK(count(s.db, "SELECT count(*) FROM messages WHERE channel = 'sms' AND recipient = '+33698765432'") == 2);
  // Nothing in the queue holds a link: the job makes it when it sends.
  CHECK(count(s.db, "SELECT count(*) FROM member_login_links") == 0);
}

TEST_CASE("member portal: requests for a link are limited per address and per client", "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  member_with(s, site, "Lucie", "lucie@exemple.fr", std::nullopt);
  const auto lucie = *parse_contact("lucie@exemple.fr");
  for (int i = 0; i < kMaxRequestsPerAddress; ++i)
    CHECK_FALSE(request_login_link(s.db, lucie, "192.0.2." + std::to_string(i), t0 + i * 1min).throttled);
  // A fourth within the hour, from anywhere: held back, nothing queued.
  const auto held = request_login_link(s.db, lucie, "198.51.100.7", t0 + 5min);
  CHECK(held.throttled);
  CHECK(held.queued == 0);
  CHECK(list_messages(s.db).size() == kMaxRequestsPerAddress);
  // An hour after the first, one more.
  CHECK_FALSE(request_login_link(s.db, lucie, "198.51.100.7", t0 + 60min + 1s).throttled);

  // One client trying many addresses (unknown ones included) is held back too.
  for (int i = 0; i < kMaxRequestsPerClient; ++i) {
    const auto c = *parse_contact("inconnu" + std::to_string(i) + "@exemple.fr");
    CHECK_FALSE(request_login_link(s.db, c, "203.0.113.9", t0 + 2h).throttled);
  }
  CHECK(request_login_link(s.db, *parse_contact("autre@exemple.fr"), "203.0.113.9", t0 + 2h).throttled);
  CHECK_FALSE(request_login_link(s.db, *parse_contact("autre@exemple.fr"), "203.0.113.10", t0 + 2h).throttled);
}

TEST_CASE("member portal: notification choices default to the contact given and need it", "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto lucie = member_with(s, site, "Lucie", "lucie@exemple.fr", "06 12 34 56 78");
  const auto bernard = member_with(s, site, "Bernard", std::nullopt, "06 98 76 54 32");
  const auto marc = member_with(s, site, "Marc", std::nullopt, std::nullopt);
  CHECK(member_preferences(s.db, lucie) == MemberPreferences{NotifyChannel::Email, true, false});
  CHECK(member_preferences(s.db, bernard) == MemberPreferences{NotifyChannel::Sms, true, false});
  CHECK(member_preferences(s.db, marc) == MemberPreferences{NotifyChannel::None, true, false});

  const MemberPreferences sms_reminders{NotifyChannel::Sms, false, true};
  REQUIRE(set_member_preferences(s.db, lucie, sms_reminders, t0).ok());
  CHECK(member_preferences(s.db, lucie) == sms_reminders);
  const auto refused = set_member_preferences(s.db, bernard, {NotifyChannel::Email, true, true}, t0);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("pas donné d’adresse e-mail"));
  CHECK(member_preferences(s.db, bernard).channel == NotifyChannel::Sms);  // unchanged
  CHECK_FALSE(set_member_preferences(s.db, marc, {NotifyChannel::Sms, true, false}, t0).ok());
  CHECK(set_member_preferences(s.db, marc, {NotifyChannel::None, false, false}, t0).ok());
}

TEST_CASE("member portal: the message job sends a fresh login link through the notifier", "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  const auto lucie = member_with(s, site, "Lucie", "lucie@exemple.fr", std::nullopt);
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

  REQUIRE(request_login_link(s.db, *parse_contact("lucie@exemple.fr"), "192.0.2.1", t0).queued == 1);
  const auto run = send_due_messages(s.db, settings, t0 + 5s);
  CHECK(run.sent == 1);
  const auto sent = read_file(out);
  INFO(sent);
  CHECK(
      sent.starts_with("email|lucie@exemple.fr|Tiers-lieu de Montbard\u202F: pour ouvrir «\u202FMon "
                       "espace\u202F»"));
  const auto at = sent.find("https://escale.exemple.fr/moi/lien/eml_");
  REQUIRE(at != std::string::npos);
  const auto token = sent.substr(at + std::string_view("https://escale.exemple.fr/moi/lien/").size(), 68);
  // The link in the message opens Lucie's space, for 10 minutes from its sending.
  CHECK(check_login_link(s.db, token, t0 + 5s + 9min) == LinkProblem::None);
  CHECK(check_login_link(s.db, token, t0 + 5s + 10min) == LinkProblem::Expired);
  CHECK(redeem_login_link(s.db, token, "x", t0 + 1min).session->member.id == lucie);
  CHECK(list_messages(s.db)[0].state == "sent");
  // Nothing more to send.
  CHECK(send_due_messages(s.db, settings, t0 + 10s).sent == 0);
}

TEST_CASE("member portal: a failing notifier is retried until the link would be of no use", "[member-portal]") {
  tests::ServerDb s;
  const auto site = s.site();
  member_with(s, site, "Bernard", std::nullopt, "06 98 76 54 32");
  const auto script = s.dir.file("fail.sh");
  {
    std::ofstream f(script);
    f << "#!/bin/sh\necho 'passerelle SMS injoignable' >&2\nexit 3\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  MessageSettings settings;
  settings.notifier.command = {script.string()};
  settings.public_url.set("https://escale.exemple.fr");
  REQUIRE(request_login_link(s.db, *parse_contact("06 98 76 54 32"), "192.0.2.1", t0).queued == 1);
  CHECK(login_link_text("Tiers-lieu de Montbard", "https://escale.exemple.fr/moi/lien/eml_" + std::string(64, 'a'),
                        "sms")
            .size() <= 2 * 153);  // two parts of a GSM 7-bit SMS
  CHECK(send_due_messages(s.db, settings, t0).failed == 1);
  auto row = list_messages(s.db)[0];
  CHECK(row.state == "pending");  // again in 5 minutes, still within the 10
  CHECK_THAT(row.last_error, Catch::Contains("passerelle SMS injoignable"));
  CHECK(send_due_messages(s.db, settings, t0 + 1min).failed == 0);  // not due yet
  CHECK(send_due_messages(s.db, settings, t0 + 5min).failed == 1);
  row = list_messages(s.db)[0];
  CHECK(row.state == "failed");  // the next try (15 min) would come after the link's use
  CHECK(row.attempts == 2);

  // Without a notifier, a link is never written to the log: the message fails, saying why.
  REQUIRE(request_login_link(s.db, *parse_contact("06 98 76 54 32"), "192.0.2.2", t0 + 20min).queued == 1);
  CHECK(send_due_messages(s.db, MessageSettings{}, t0 + 20min).failed == 1);
  CHECK(list_messages(s.db)[0].last_error == "aucune commande d’envoi configurée");
  CHECK(list_messages(s.db)[0].state == "failed");
}

TEST_CASE("member portal: the device of a session is named from its browser", "[member-portal]") {
  using web::device_label;
  CHECK(device_label("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0") == "Firefox sur Android");
  CHECK(device_label("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                     "Gecko) Version/17.5 Mobile/15E148 Safari/604.1") == "Safari sur iPhone");
  CHECK(device_label("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36") == "Samsung Internet sur Android");
  CHECK(device_label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0") == "Edge sur Windows");
  CHECK(device_label("curl/7.88.1") == "Navigateur inconnu");
  CHECK(device_label("") == "Navigateur inconnu");
}

TEST_CASE("member portal: schema 9 upgrades a database with members and finds them by the phone they type",
          "[member-portal][migration]") {
  tests::TempDir dir;
  const auto path = dir.file("v8.db");
  {
    auto db = open_server_db(path, 8);
    REQUIRE(db.user_version() == 8);
    db.exec(
        "INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) "
        "VALUES (1, 'Tiers-lieu de Montbard', '2 rue de la Gare', '21425', 'Mo-Fr 09:00-18:00', "
        "'2026-01-01T00:00:00.000Z');"
        "INSERT INTO members (id, site_id, first_name, last_name, email, phone, created_at) VALUES "
        "(1, 1, 'Lucie', 'Martin', 'Lucie@Exemple.fr', '06 12 34 56 78', '2026-01-01T00:00:00.000Z'),"
        "(2, 1, 'Bernard', 'Roy', NULL, '+41 22 123 45 67', '2026-01-01T00:00:00.000Z'),"
        "(3, 1, 'Marc', 'Petit', NULL, NULL, '2026-01-01T00:00:00.000Z');");
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  CHECK(server_schema_version() >= 9);  // and every later migration keeps them
  // Every member is still there, as written; phones are now found as typed.
  CHECK(count(db, "SELECT count(*) FROM members") == 3);
  CHECK(count(db, "SELECT count(*) FROM members WHERE phone_e164 = '+33612345678' AND phone = '06 12 34 56 78'") == 1);
  CHECK(count(db, "SELECT count(*) FROM members WHERE id = 2 AND phone_e164 = ''") == 1);  // not a French number
  CHECK(count(db, "SELECT count(*) FROM members WHERE id = 3 AND phone_e164 IS NULL") == 1);
  CHECK(request_login_link(db, *parse_contact("0612345678"), "192.0.2.1", t0).queued == 1);
  CHECK(request_login_link(db, *parse_contact("lucie@exemple.fr"), "192.0.2.1", t0).queued == 1);
  // A second start changes nothing.
  db = open_server_db(path);
  CHECK(count(db, "SELECT count(*) FROM members WHERE phone_e164 IS NOT NULL") == 2);
}
