#include "reminders/reminder_job.hpp"  // first: the header is self-contained

// Reminders of help appointments with a clock the tests control: the rows
// written at booking, what is due and its message, the reminder job running
// a real notifier script (its exact arguments), failures retried then given
// up, reminders of people who will not come, no notifier configured, an
// appointment already begun, and a notifier that hangs.
//
// « now » is Monday 1 March 2027, 10:00 in Paris (09:00Z); the appointment
// booked is on Thursday 4 March at 09:30 (08:30Z), three days ahead.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "agenda_fixture.hpp"
#include "store/reminders.hpp"
#include "store/site_mediation.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaDb;
using escale::tests::at;
using escale::tests::paris_time;
using escale::tests::person;
using namespace std::chrono_literals;

constexpr const char* kNnbsp = "\u202F";

// The reminders' fixture: the site's contact phone is set, Josiane booked
// Thursday 09:30 on Monday with her mobile and agreed to reminders.
struct ReminderDb : AgendaDb {
  bool phone_set = [this] {
    SiteMediationInfo info;
    info.site_id = site_id;
    info.pivot = "12345678900015";
    info.postal_code = "21500";
    info.commune = "Montbard";
    info.phone = "05 55 00 00 00";
    return set_site_mediation(db, info, Actor{}).ok();
  }();
  mediation::Participant josiane = person("Josiane", "06 12 34 56 78", true);
  server::HelpRequest booked = request(paris_time(2027, 3, 4, 9, 30), josiane);
  bool booked_ok = request_help(db, booked, Actor{}, now).ok();
  Instant due_48h = at("2027-03-02T08:30:00Z");
  Instant due_2h = at("2027-03-04T06:30:00Z");

  std::string script(const std::string& name, const std::string& body) {
    const auto file = dir.file(name);
    {
      std::ofstream out(file);
      out << "#!/bin/sh\n" << body << "\n";
    }
    std::filesystem::permissions(file, std::filesystem::perms::owner_all);
    return file.string();
  }
  // Appends each of its arguments, one a line, to `out`.
  NotifierConfig recorder(const std::filesystem::path& out) {
    NotifierConfig c;
    c.command = {
        script("rappel.sh", "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '" + out.string() + "'\nexit 0")};
    c.timeout = 5s;
    return c;
  }
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("reminders: a booking three days ahead gets the 48-hour and the 2-hour reminder", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.phone_set);
  REQUIRE(s.booked_ok);
  const auto rows = s.reminders_of(s.josiane.id);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].kind == "48h");
  CHECK(rows[0].due == "2027-03-02T08:30:00.000Z");
  CHECK(rows[0].next_attempt == rows[0].due);
  CHECK(rows[1].kind == "2h");
  CHECK(rows[1].due == "2027-03-04T06:30:00.000Z");
  for (const auto& r : rows) {
    CHECK(r.channel == "sms");
    CHECK(r.state == "pending");
    CHECK(r.attempts == 0);
    CHECK(r.last_error.empty());
  }
  const auto listed = list_reminders(s.db, std::string("pending"));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].kind == "2h");  // newest due first
  CHECK(listed[0].due == s.due_2h);
  CHECK(list_reminders(s.db, std::string("sent")).empty());
}

TEST_CASE("reminders: what is due, to whom, and a message naming the day, time and site", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  CHECK(due_reminders(s.db, s.due_48h - 1s).empty());
  const auto due = due_reminders(s.db, s.due_48h);
  REQUIRE(due.size() == 1);
  CHECK(due[0].participant_id == s.josiane.id);
  CHECK(due[0].kind == mediation::ReminderKind::Before48h);
  CHECK(due[0].channel == "sms");
  CHECK(due[0].recipient == "+33612345678");
  CHECK(due[0].attempts == 0);
  const std::string& message = due[0].message;
  INFO(message);
  CHECK_THAT(message, Catch::StartsWith(std::string("Rappel") + kNnbsp + ": rendez-vous d’aide numérique"));
  CHECK_THAT(message, Catch::Contains("jeudi 4 mars"));
  CHECK_THAT(message, Catch::Contains(std::string("9") + kNnbsp + "h" + kNnbsp + "30"));
  CHECK_THAT(message, Catch::Contains("Tiers-lieu du Haut-Val"));
  CHECK_THAT(message, Catch::Contains("05 55 00 00 00"));
  CHECK(message.find("Josiane") == std::string::npos);
  CHECK(code_points(message) <= 160);
  // Listing what is due changes nothing: it stays due until sent.
  CHECK(due_reminders(s.db, s.due_48h).size() == 1);
  // The 2-hour one at its time, with the same words.
  const auto later = due_reminders(s.db, s.due_2h);
  const auto two_hours = std::find_if(later.begin(), later.end(),
                                      [](const DueReminder& d) { return d.kind == mediation::ReminderKind::Before2h; });
  REQUIRE(two_hours != later.end());
  CHECK(two_hours->message == message);
}

TEST_CASE("reminders: a workshop's reminder says which workshop", "[reminders]") {
  ReminderDb s;
  const auto id = s.workshop(paris_time(2027, 3, 4, 14), std::nullopt, "Découvrir la messagerie");
  const auto anne = person("Anne", "07 11 22 33 44", true);
  REQUIRE(s.join(id, anne).ok());
  const auto due = due_reminders(s.db, at("2027-03-02T13:00:00Z"));
  const auto it =
      std::find_if(due.begin(), due.end(), [&](const DueReminder& d) { return d.participant_id == anne.id; });
  REQUIRE(it != due.end());
  INFO(it->message);
  CHECK(it->recipient == "+33711223344");
  CHECK_THAT(it->message, Catch::Contains("atelier"));
  CHECK_THAT(it->message, Catch::Contains("Découvrir la messagerie"));
  CHECK_THAT(it->message, Catch::Contains("jeudi 4 mars"));
  CHECK_THAT(it->message, Catch::Contains(std::string("14") + kNnbsp + "h"));
  CHECK_THAT(it->message, Catch::Contains("Tiers-lieu du Haut-Val"));
}

TEST_CASE("reminders: the job runs the notifier with the channel, the number and the message", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  const auto out = s.dir.file("envoyés.txt");
  const auto notifier = s.recorder(out);
  const auto expected = due_reminders(s.db, s.due_48h);
  REQUIRE(expected.size() == 1);

  CHECK(send_due_reminders(s.db, notifier, s.due_48h - 1min).sent == 0);
  CHECK_FALSE(std::filesystem::exists(out));
  const auto run = send_due_reminders(s.db, notifier, s.due_48h);
  CHECK(run.sent == 1);
  CHECK(run.failed == 0);
  CHECK(run.logged == 0);
  const auto args = lines_of(read_file(out));
  REQUIRE(args.size() == 3);
  CHECK(args[0] == "sms");
  CHECK(args[1] == "+33612345678");
  CHECK(args[2] == expected[0].message);
  const auto rows = s.reminders_of(s.josiane.id);
  CHECK(rows[0].state == "sent");
  CHECK(rows[0].attempts == 1);
  CHECK(rows[0].sent_at == std::optional<std::string>("2027-03-02T08:30:00.000Z"));
  CHECK(rows[1].state == "pending");

  // Sent once: the next runs send only the 2-hour one, at its time.
  CHECK(send_due_reminders(s.db, notifier, s.due_48h + 1h).sent == 0);
  CHECK(lines_of(read_file(out)).size() == 3);
  CHECK(send_due_reminders(s.db, notifier, s.due_2h).sent == 1);
  const auto all = lines_of(read_file(out));
  REQUIRE(all.size() == 6);
  CHECK(all[3] == "sms");
  CHECK(all[4] == "+33612345678");
  CHECK(all[5] == expected[0].message);
  CHECK(list_reminders(s.db, std::string("sent")).size() == 2);
}

TEST_CASE("reminders: e-mail when there is no phone", "[reminders]") {
  ReminderDb s;
  auto anne = person("Anne", std::nullopt, true);
  anne.email = "anne@example.org";
  REQUIRE(s.book(paris_time(2027, 3, 4, 10, 15), anne).ok());
  const auto out = s.dir.file("courriels.txt");
  REQUIRE(send_due_reminders(s.db, s.recorder(out), s.due_48h + 45min).sent == 2);  // Josiane's and Anne's
  const auto args = lines_of(read_file(out));
  REQUIRE(args.size() == 6);
  CHECK(args[3] == "email");
  CHECK(args[4] == "anne@example.org");
}

TEST_CASE("reminders: a failing notifier is retried later, then given up", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  NotifierConfig failing;
  failing.command = {s.script("passerelle.sh", "echo 'passerelle SMS indisponible' >&2\nexit 3")};
  failing.timeout = 5s;

  Instant t = s.due_48h;
  auto run = send_due_reminders(s.db, failing, t);
  CHECK(run.failed == 1);
  CHECK(run.sent == 0);
  auto row = s.reminders_of(s.josiane.id)[0];
  CHECK(row.state == "pending");
  CHECK(row.attempts == 1);
  CHECK(row.next_attempt == to_iso_utc(t + 5min));
  CHECK_THAT(row.last_error, Catch::Contains("sortie 3"));
  CHECK_THAT(row.last_error, Catch::Contains("passerelle SMS indisponible"));
  // Not before its next attempt.
  CHECK(due_reminders(s.db, t + 4min).empty());
  CHECK(due_reminders(s.db, t + 5min).size() == 1);

  // 15 min, 1 h, 3 h later; the fifth failure is the last.
  const std::chrono::minutes waits[] = {5min, 15min, 60min, 180min};
  for (std::size_t i = 0; i < std::size(waits); ++i) {
    t += waits[i];
    INFO("attempt " << i + 2);
    run = send_due_reminders(s.db, failing, t);
    CHECK(run.failed == 1);
    row = s.reminders_of(s.josiane.id)[0];
    CHECK(row.attempts == static_cast<int>(i) + 2);
  }
  CHECK(row.state == "failed");
  CHECK_THAT(row.last_error, Catch::Contains("passerelle SMS indisponible"));
  CHECK(due_reminders(s.db, s.due_2h - 1min).empty());
  REQUIRE(due_reminders(s.db, s.due_2h).size() == 1);  // the 2-hour one only, at its time
  CHECK(due_reminders(s.db, s.due_2h)[0].kind == mediation::ReminderKind::Before2h);
  const auto failed = list_reminders(s.db, std::string("failed"));
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].attempts == 5);

  // A working notifier afterwards sends what is still pending, not what was given up.
  const auto out = s.dir.file("envoyés.txt");
  CHECK(send_due_reminders(s.db, s.recorder(out), s.due_2h).sent == 1);
  CHECK(s.reminders_of(s.josiane.id)[0].state == "failed");
}

TEST_CASE("reminders: nobody is reminded of an appointment they will not come to", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  const auto out = s.dir.file("envoyés.txt");
  SECTION("excused") {
    REQUIRE(cancel_participation(s.db, s.booked.appointment_id, s.josiane.id, Actor{}, s.now).ok());
  }
  SECTION("the service cancelled") {
    REQUIRE(cancel_appointment(s.db, s.booked.appointment_id, Actor{}, s.now).ok());
  }
  SECTION("marked absent in advance by mistake") {
    REQUIRE(set_participant_status(s.db, s.booked.appointment_id, s.josiane.id, mediation::ParticipantStatus::NoShow,
                                   Actor{}, s.now)
                .ok());
  }
  CHECK(due_reminders(s.db, s.due_2h).empty());
  const auto run = send_due_reminders(s.db, s.recorder(out), s.due_2h);
  CHECK(run.sent + run.failed + run.logged == 0);
  CHECK_FALSE(std::filesystem::exists(out));
  for (const auto& r : s.reminders_of(s.josiane.id)) CHECK(r.state == "cancelled");
}

TEST_CASE("reminders: without a notifier they are written to the log and marked sent", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  const auto run = send_due_reminders(s.db, NotifierConfig{}, s.due_48h);
  CHECK(run.logged == 1);
  CHECK(run.sent == 0);
  CHECK(run.failed == 0);
  CHECK(s.reminders_of(s.josiane.id)[0].state == "sent");
  CHECK(s.reminders_of(s.josiane.id)[1].state == "pending");
}

TEST_CASE("reminders: an appointment already begun is too late to remind", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  const auto out = s.dir.file("envoyés.txt");
  // The server was down from Monday to Thursday 09:31.
  const auto run = send_due_reminders(s.db, s.recorder(out), at("2027-03-04T08:31:00Z"));
  CHECK(run.sent == 0);
  CHECK_FALSE(std::filesystem::exists(out));
  for (const auto& r : s.reminders_of(s.josiane.id)) {
    CHECK(r.state == "failed");
    CHECK_THAT(r.last_error, Catch::Contains("trop tard"));
  }
}

TEST_CASE("reminders: a notifier that hangs is stopped at its timeout", "[reminders]") {
  ReminderDb s;
  REQUIRE(s.booked_ok);
  NotifierConfig slow;
  // It would sleep 60 s: only the 1 s timeout can end it in under 30 s, the
  // bound kept far from the timeout because a loaded machine is slow.
  slow.command = {s.script("lent.sh", "sleep 60\nexit 0")};
  slow.timeout = 1s;
  const auto started = std::chrono::steady_clock::now();
  const auto run = send_due_reminders(s.db, slow, s.due_48h);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(elapsed < 30s);  // not the command's 60 s
  CHECK(run.failed == 1);
  const auto row = s.reminders_of(s.josiane.id)[0];
  CHECK(row.state == "pending");
  CHECK(row.attempts == 1);
  CHECK_THAT(row.last_error, Catch::Contains("délai de 1 s dépassé"));
}
