// Demo data generator. Past visits fall inside the site's opening hours, on a
// plausible rhythm: a few regulars most days, occasional members, walk-ins.
#include "demo/demo_data.hpp"

#include <iterator>
#include <random>
#include <vector>

#include "booking/booking.hpp"
#include "demo/activity_generator.hpp"
#include "domain/opening_hours.hpp"
#include "domain/uuid.hpp"
#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "mediation/partners.hpp"
#include "store/activities.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/pins.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "store/synthetic_data.hpp"
#include "store/web_users.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

struct DemoPerson {
  const char* first;
  const char* last;
  const char* uid;
  const char* commune;
  AgeBracket age;
  Role extra_role;
};

// Badge UIDs mix 4-byte (MIFARE Classic) and 7-byte (NTAG) cards.
constexpr DemoPerson kPeople[] = {
    {"Marie", "Dupont", "04A1B2C3", "21425", AgeBracket::From35To60, Role::Member},
    {"Jean", "Martin", "04D5E6F708A1B2", "21425", AgeBracket::From60To70, Role::Member},
    {"Élodie", "Lefèvre", "1A2B3C4D", "21154", AgeBracket::From18To35, Role::Member},
    {"François", "Moreau", "0455AA66BB7788", "21425", AgeBracket::Over70, Role::Member},
    {"Chloé", "Bernard", "2B3C4D5E", "21464", AgeBracket::From18To35, Role::Member},
    {"Léon", "Petit", "3C4D5E6F", "21425", AgeBracket::From35To60, Role::Member},
    {"Zoé", "Garnier", "04112233445566", "21154", AgeBracket::From12To18, Role::Member},
    {"Noël", "Faure", "4D5E6F70", "21464", AgeBracket::From60To70, Role::Member},
    {"Agnès", "Lambert", "5E6F7081", "21425", AgeBracket::From35To60, Role::Animator},
    {"Amélie", "Rousseau", "6F708192", "21425", AgeBracket::From35To60, Role::Member},
    {"Gaëlle", "Fournier", "708192A3", "21154", AgeBracket::From18To35, Role::Member},
    {"Hervé", "Girard", "8192A3B4", "21464", AgeBracket::Over70, Role::Member},
};

constexpr const char* kHours = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";

void insert_visit(store::Database& db, std::int64_t site_id, std::int64_t kiosk_id, std::optional<std::int64_t> member,
                  const std::optional<std::string>& badge, Instant in, Instant out) {
  synthetic::insert_visit(db, make_uuid_v4(), site_id, member, kiosk_id, badge, to_iso_utc(in), to_iso_utc(out),
                          paris_date(in), member ? 0 : 1);
}

// Past visits for the 30 days before today (Paris), inside opening hours.
int make_past_visits(store::Database& db, std::int64_t site_id, std::int64_t kiosk_id,
                     const std::vector<std::int64_t>& member_ids, const OpeningHours& hours) {
  std::mt19937 rng(20261121);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  int count = 0;
  const Instant today = paris_day_start(now());
  store::Transaction tx(db);
  for (int back = 30; back >= 1; --back) {
    const Instant day = paris_day_start(today - std::chrono::hours(24 * back - 12));
    const LocalTime local = to_paris(day);
    const auto& ranges = hours.ranges_for(local.weekday, false);
    if (ranges.empty() || !hours.is_open(to_paris(day + std::chrono::minutes(ranges.front().start_minute)))) continue;
    for (std::size_t i = 0; i < member_ids.size(); ++i) {
      const double habit = i < 4 ? 0.7 : 0.25;  // a few regulars, then occasional members
      if (coin(rng) > habit) continue;
      const auto& range =
          ranges[static_cast<std::size_t>(coin(rng) * static_cast<double>(ranges.size())) % ranges.size()];
      const int span = range.end_minute - range.start_minute;
      const int start = range.start_minute + static_cast<int>(coin(rng) * span * 0.5);
      const int stay = 30 + static_cast<int>(coin(rng) * (range.end_minute - start - 30));
      const Instant in = from_paris(local.year, local.month, local.day, start / 60, start % 60);
      insert_visit(db, site_id, kiosk_id, member_ids[i], kPeople[i].uid, in,
                   in + std::chrono::minutes(std::max(stay, 10)));
      ++count;
    }
    const int walk_ins = static_cast<int>(coin(rng) * 4);
    for (int w = 0; w < walk_ins; ++w) {
      const auto& range = ranges.front();
      const int start = range.start_minute + static_cast<int>(coin(rng) * (range.end_minute - range.start_minute - 30));
      const Instant in = from_paris(local.year, local.month, local.day, start / 60, start % 60);
      insert_visit(db, site_id, kiosk_id, std::nullopt, std::nullopt, in, in + std::chrono::minutes(20));
      ++count;
    }
  }
  tx.commit();
  return count;
}

// Bookings for today and the next open days: three desks a day (morning,
// whole day, afternoon) and the visio room for an hour, members in turn.
// Made through the rules engine as if it were the start of today, so that
// this morning's bookings are accepted; those already begun are checked in.
int make_demo_bookings(store::Database& db, const std::vector<std::int64_t>& desks, std::int64_t visio,
                       const std::vector<std::int64_t>& member_ids, const OpeningHours& hours) {
  const Instant real_now = now();
  const Instant start_of_today = paris_day_start(real_now);
  const CivilDate today = paris_civil_date(real_now);
  constexpr std::size_t kBookers = 8;  // the first eight members (not the animator)
  int made = 0;
  int open_days = 0;
  std::vector<Booking> today_bookings;
  for (int d = 0; d < 14 && open_days < 5; ++d) {
    const CivilDate day = add_days(today, d);
    const auto parts = day_parts(hours, day);
    const auto ranges = opening_intervals(hours, day);
    if (parts.empty() || ranges.empty()) continue;
    const auto part = [&](DayPartKind kind) {
      for (const auto& p : parts) {
        if (p.kind == kind) return p;
      }
      return parts.front();
    };
    const auto day_index = static_cast<std::size_t>(open_days);
    const DayPartKind desk_parts[] = {DayPartKind::Morning, DayPartKind::Day, DayPartKind::Afternoon};
    std::vector<Booking> wanted;
    for (std::size_t k = 0; k < 3 && k < desks.size(); ++k) {
      const DayPart p = part(desk_parts[k]);
      Booking b;
      b.resource_id = desks[k];
      b.member_id = member_ids[(day_index * 3 + k) % kBookers];
      b.start = p.start;
      b.end = p.end;
      wanted.push_back(b);
    }
    const auto& [open, close] = ranges.front();
    if (close - open >= std::chrono::hours(2)) {
      Booking b;
      b.resource_id = visio;
      b.member_id = member_ids[(day_index + 5) % kBookers];
      b.start = open + std::chrono::hours(1);
      b.end = b.start + std::chrono::hours(1);
      wanted.push_back(b);
    }
    for (auto& b : wanted) {
      b.id = make_uuid_v4();
      const auto outcome = create_booking(db, b, Actor{}, start_of_today);
      if (!outcome.ok()) continue;
      ++made;
      if (d == 0) today_bookings.push_back(*outcome.booking);
    }
    ++open_days;
  }
  for (const auto& b : today_bookings) {
    const Instant arrival = b.start + std::chrono::minutes(5);
    if (arrival <= real_now) check_in_booking(db, b.member_id, b.id, arrival, Actor{});
  }
  return made;
}

// [SECTION] The help agenda

mediation::Participant demo_participant(const std::string& first_name, const std::string& phone = {},
                                        std::vector<mediation::HelpTopic> topics = {}) {
  mediation::Participant p;
  p.id = make_uuid_v4();
  p.first_name = first_name;
  if (!phone.empty()) {
    p.phone = phone;  // clearly fake: 06 00 00 00 0x
    p.reminders = true;
  }
  p.topics = std::move(topics);
  return p;
}

// The first day after `from` on this ISO weekday that is not a public holiday.
CivilDate next_help_day(const CivilDate& from, int weekday) {
  CivilDate d = add_days(from, 1);
  while (iso_weekday(d) != weekday || is_french_public_holiday(d)) d = add_days(d, 1);
  return d;
}

Instant paris_at(const CivilDate& d, int hour, int minute = 0) {
  return from_paris(d.year, d.month, d.day, hour, minute);
}

std::string refusal_text(const HelpOutcome& o) {
  return "agenda de démonstration : " +
         mediation::help_refusal_reason(o.refusal.value_or(mediation::HelpRefusal::InvalidRequest));
}

// An activity record of the demo (the mediator's CRA after helping).
mediation::ActivityRecord demo_record(std::int64_t site_id, std::int64_t mediator_id, const mediation::Appointment& a,
                                      std::vector<std::string> themes) {
  mediation::ActivityRecord r;
  r.id = make_uuid_v4();
  r.site_id = site_id;
  r.mediator_id = mediator_id;
  r.appointment_id = a.id;
  r.date = paris_civil_date(a.start);
  r.duration = a.duration;
  r.themes = std::move(themes);
  return r;
}

// Nadia, her appointment types and help hours, the site's mediation details,
// a workshop next Thursday, appointments to come, and past ones with their
// statuses and activity records. nullopt when all went in.
std::optional<std::string> make_demo_agenda(store::Database& db, std::int64_t site_id, DemoData& data) {
  const Actor nobody{};
  const Instant real_now = now();
  const CivilDate today = paris_civil_date(real_now);

  // The mediator: a member, an animator (she opens animator mode at the kiosk) and a mediator.
  Member nadia;
  nadia.site_id = site_id;
  nadia.first_name = "Nadia";
  nadia.last_name = "Benali";
  nadia.home_commune = "21425";
  nadia.age_bracket = AgeBracket::From35To60;
  nadia.roles = {Role::Member, Role::Animator, Role::Mediator};
  auto added = add_member(db, nadia);
  if (!added) return added.error();
  const std::int64_t mediator = added->id;
  if (auto badge = add_badge(db, *BadgeUid::parse(kDemoMediatorUid), mediator); !badge) return badge.error();
  if (auto pinned = set_member_pin(db, mediator, kDemoMediatorPin); !pinned) return pinned.error();
  data.mediator_id = mediator;
  data.mediator = "Nadia Benali";
  data.mediator_uid = kDemoMediatorUid;
  data.mediator_pin = kDemoMediatorPin;

  mediation::AppointmentType help;
  help.site_id = site_id;
  help.name = "Aide aux démarches en ligne";
  help.name_en = "Help with online procedures";
  help.duration = std::chrono::minutes(45);
  auto help_id = add_appointment_type(db, help, nobody);
  if (!help_id) return help_id.error();
  mediation::AppointmentType workshop;
  workshop.site_id = site_id;
  workshop.name = "Atelier : découvrir la messagerie";
  workshop.name_en = "Workshop: discover e-mail";
  workshop.duration = std::chrono::minutes(90);
  workshop.collective = true;
  workshop.capacity = 6;
  workshop.level = mediation::WorkshopLevel::Beginner;
  auto workshop_id = add_appointment_type(db, workshop, nobody);
  if (!workshop_id) return workshop_id.error();
  data.help_type_id = *help_id;
  data.workshop_type_id = *workshop_id;

  struct Hours {
    int weekday;
    int start;
    int end;
  };
  for (const Hours& span : {Hours{2, 14 * 60, 17 * 60}, Hours{4, 9 * 60 + 30, 12 * 60}}) {
    mediation::HelpHours h;
    h.site_id = site_id;
    h.mediator_id = mediator;
    h.weekday = span.weekday;
    h.start_minute = span.start;
    h.end_minute = span.end;
    if (auto id = add_help_hours(db, h, nobody); !id) return id.error();
  }

  // The open-data details: a made-up SIRET of the right shape, Montbard's postal code, a fake phone.
  SiteMediationInfo info;
  info.site_id = site_id;
  info.pivot = "12345678900015";
  info.postal_code = "21500";
  info.commune = "Montbard";
  info.phone = "03 80 00 00 00";
  info.extra["modalites_acces"] = "Se présenter|Téléphoner";
  info.extra["presentation_resume"] =
      "Aide aux démarches en ligne sur rendez-vous le mardi après-midi et le jeudi matin, ateliers pour débuter.";
  if (auto saved = set_site_mediation(db, info, nobody); !saved) return saved.error();

  // The workshop, four people signed up (first names only): on the Thursday
  // after the next Monday, so that a visitor who comes « next Monday » (the
  // scripts' « clock next Mo ») finds it to come, whatever today is.
  const CivilDate thursday = next_help_day(next_help_day(today, 1), 4);
  WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = *workshop_id;
  w.mediator_id = mediator;
  w.start = paris_at(thursday, 14);
  w.title = "Découvrir la messagerie";
  w.title_en = "Discover e-mail";
  if (auto o = schedule_workshop(db, w, nobody, real_now); !o.ok()) return refusal_text(o);
  data.workshop_id = w.appointment_id;
  for (const char* first : {"Colette", "Mehdi", "Sylvie", "Yvon"}) {
    HelpRequest join;
    join.appointment_id = w.appointment_id;
    join.site_id = site_id;
    join.type_id = *workshop_id;
    join.mediator_id = mediator;
    join.participant = demo_participant(first, {}, {mediation::HelpTopic::Email});
    if (auto o = request_help(db, join, nobody, real_now); !o.ok()) return refusal_text(o);
  }

  // Individual appointments in the coming days, in some of the free slots.
  const auto slots = free_help_slots(db, *help_id, add_days(today, 1), add_days(today, 14), real_now);
  const std::vector<mediation::Participant> coming{
      demo_participant("", {}, {mediation::HelpTopic::Taxes}),
      demo_participant("Gérard", "06 00 00 00 01", {mediation::HelpTopic::Caf, mediation::HelpTopic::Papers}),
      demo_participant("Monique", {}, {mediation::HelpTopic::Health}),
      demo_participant("", "06 00 00 00 02", {mediation::HelpTopic::Employment}),
  };
  for (std::size_t i = 0; i < coming.size() && 2 * i < slots.size(); ++i) {
    HelpRequest r;
    r.appointment_id = make_uuid_v4();
    r.site_id = site_id;
    r.type_id = *help_id;
    r.mediator_id = slots[2 * i].mediator_id;
    r.start = slots[2 * i].start;
    r.participant = coming[i];
    if (auto o = request_help(db, r, nobody, real_now); !o.ok()) return refusal_text(o);
    ++data.appointments;
  }

  // The last two help days before today: two people helped each time, as
  // booked the day before; one did not come. Their activity records.
  std::vector<CivilDate> past_days;
  for (int back = 1; back <= 28 && past_days.size() < 2; ++back) {
    const CivilDate d = add_days(today, -back);
    const int weekday = iso_weekday(d);
    if ((weekday == 2 || weekday == 4) && !is_french_public_holiday(d)) past_days.push_back(d);
  }
  const std::vector<mediation::Participant> helped{
      demo_participant("Josiane", {}, {mediation::HelpTopic::Papers}),
      demo_participant("", {}, {mediation::HelpTopic::Caf}),
      demo_participant("Lucien", {}, {mediation::HelpTopic::Device}),
      demo_participant("", {}, {mediation::HelpTopic::Taxes}),
  };
  std::size_t next_person = 0;
  for (const CivilDate& day : past_days) {
    const Instant booked_at = paris_at(day, 8) - std::chrono::hours(24);
    const auto day_slots = free_help_slots(db, *help_id, day, day, booked_at);
    for (std::size_t k = 0; k < 2 && k < day_slots.size() && next_person < helped.size(); ++k, ++next_person) {
      HelpRequest r;
      r.appointment_id = make_uuid_v4();
      r.site_id = site_id;
      r.type_id = *help_id;
      r.mediator_id = day_slots[k].mediator_id;
      r.start = day_slots[k].start;
      r.participant = helped[next_person];
      const auto booked = request_help(db, r, nobody, booked_at);
      if (!booked.ok()) return refusal_text(booked);
      ++data.past_appointments;
      const bool came = next_person != 3;  // the last one did not come
      const auto status = came ? mediation::ParticipantStatus::Seen : mediation::ParticipantStatus::NoShow;
      const Instant after = booked.appointment->end() + std::chrono::minutes(5);
      if (auto o = set_participant_status(db, r.appointment_id, r.participant.id, status, nobody, after); !o.ok())
        return refusal_text(o);
      if (!came) continue;
      static const std::vector<std::vector<std::string>> kThemes{
          {"aide_aux_demarches_administratives", "papiers_elections_citoyennete"},
          {"aide_aux_demarches_administratives", "famille_scolarite"},
          {"prendre_en_main_du_materiel", "securite_numerique"},
      };
      auto record = demo_record(site_id, mediator, *booked.appointment, kThemes[next_person % kThemes.size()]);
      record.equipment = {next_person == 2 ? "telephone" : "ordinateur"};
      record.autonomy = next_person == 0 ? "entierement_accompagne" : "partiellement_autonome";
      record.age_bracket = next_person == 0 ? "soixante_dix_plus" : "quarante_cinquante_neuf";
      record.social_status = next_person == 0 ? "retraite" : "en_emploi";
      record.gender = next_person == 1 ? "non_communique" : (next_person == 0 ? "feminin" : "masculin");
      record.home_insee = "21425";
      if (next_person == 1) {
        record.redirection = "aide_aux_demarches_administratives";
        record.redirection_detail = "France services de Montbard";
      }
      // France Services (issue 19): the partners and the APTIC cheques the dashboard and the claim file show;
      // the third record names no partner (a device: no administration's business).
      if (next_person == 0) {
        record.partners = {"ants"};
        record.cheques = 2;
        for (const char* suffix : {"1", "2"})  // unique per run: a cheque is claimed once in the network
          record.cheque_numbers.push_back(mediation::normalise_cheque_number(record.id.substr(0, 8)) + suffix);
      } else if (next_person == 1) {
        record.partners = {"caf", "cheque_energie"};
        record.cheques = 1;  // its number not typed yet: the claim file shows the gap
      }
      if (auto stored = record_activity(db, record, nobody); !stored) return stored.error();
      ++data.activities;
    }
  }

  // Last Thursday's workshop: three signed up, two came; its collective record.
  const CivilDate last_thursday = [&] {
    CivilDate d = add_days(today, -1);
    while (iso_weekday(d) != 4 || is_french_public_holiday(d)) d = add_days(d, -1);
    return d;
  }();
  WorkshopRequest past;
  past.appointment_id = make_uuid_v4();
  past.type_id = *workshop_id;
  past.mediator_id = mediator;
  past.start = paris_at(last_thursday, 14);
  past.title = "Découvrir la messagerie";
  const Instant announced = past.start - std::chrono::hours(24 * 7);
  const auto scheduled = schedule_workshop(db, past, nobody, announced);
  if (!scheduled.ok()) return refusal_text(scheduled);
  ++data.past_appointments;
  int came = 0;
  for (const char* first : {"Lucienne", "Marcel", "Odile"}) {
    HelpRequest join;
    join.appointment_id = past.appointment_id;
    join.site_id = site_id;
    join.type_id = *workshop_id;
    join.mediator_id = mediator;
    join.participant = demo_participant(first, {}, {mediation::HelpTopic::Email});
    if (auto o = request_help(db, join, nobody, announced); !o.ok()) return refusal_text(o);
    const bool present = std::string_view(first) != "Marcel";
    came += present ? 1 : 0;
    const auto status = present ? mediation::ParticipantStatus::Seen : mediation::ParticipantStatus::NoShow;
    if (auto o = set_participant_status(db, past.appointment_id, join.participant.id, status, nobody,
                                        past.start + std::chrono::hours(2));
        !o.ok())
      return refusal_text(o);
  }
  auto session = demo_record(site_id, mediator, *scheduled.appointment, {"email", "navigation_sur_internet"});
  session.equipment = {"ordinateur", "tablette"};
  session.participants = came;
  if (auto stored = record_activity(db, session, nobody); !stored) return stored.error();
  ++data.activities;
  return std::nullopt;
}

}  // namespace

const std::vector<DemoBadge>& demo_badges() {
  static const std::vector<DemoBadge> badges = [] {
    std::vector<DemoBadge> out;
    for (const auto& p : kPeople) out.push_back({p.uid, p.first});
    return out;
  }();
  return badges;
}

Result<DemoData> make_demo_data(store::Database& db) {
  {
    if (synthetic::has_sites(db))
      return Error{
          "Cette base contient déjà des lieux : les données de démonstration vont dans une base neuve (--db "
          "autre-fichier.db)."};
  }
  auto site = add_site(db, Site{0, "Tiers-lieu de démonstration", "2 rue de la Gare, 21500 Montbard", "21425", kHours});
  if (!site) return Error{site.error()};
  std::vector<std::int64_t> desk_ids;
  for (int i = 1; i <= 4; ++i) {
    // With their English words, for the kiosk in English (issue 15).
    auto desk = add_resource(
        db, Resource{0, site->id, ResourceKind::Desk, "Bureau " + std::to_string(i), 1, i == 4 ? "grand écran" : "",
                     "Desk " + std::to_string(i), i == 4 ? "large screen" : ""});
    if (!desk) return Error{desk.error()};
    desk_ids.push_back(desk->id);
  }
  auto visio =
      add_resource(db, Resource{0, site->id, ResourceKind::VisioRoom, "Salle visio", 4, "caméra, micro, grand écran",
                                "Video room", "camera, microphone, large screen"});
  if (!visio) return Error{visio.error()};
  std::vector<std::int64_t> member_ids;
  for (const auto& p : kPeople) {
    Member m;
    m.site_id = site->id;
    m.first_name = p.first;
    m.last_name = p.last;
    m.home_commune = p.commune;
    m.age_bracket = p.age;
    m.roles = {Role::Member};
    if (p.extra_role != Role::Member) m.roles.push_back(p.extra_role);
    // Marie can ask « Mon espace » for a login link by e-mail (a reserved example domain: nothing is really sent;
    // the demo's notifier writes messages to a file).
    if (std::string_view(p.first) == "Marie") m.email = "marie.dupont@example.org";
    auto added = add_member(db, m);
    if (!added) return Error{added.error()};
    member_ids.push_back(added->id);
    auto uid = BadgeUid::parse(p.uid);
    auto badge = add_badge(db, *uid, added->id);
    if (!badge) return Error{badge.error()};
  }
  auto kiosk = add_kiosk(db, site->id, "entrée");
  if (!kiosk) return Error{kiosk.error()};
  DemoData data;
  data.kiosk_token = kiosk->token;
  data.badges = demo_badges();
  const auto hours = OpeningHours::parse(kHours);
  data.past_visits = make_past_visits(db, site->id, kiosk->kiosk.id, member_ids, *hours);
  // The animator (Agnès) opens animator mode at the kiosk with her badge and this PIN.
  for (std::size_t i = 0; i < std::size(kPeople); ++i) {
    if (kPeople[i].extra_role != Role::Animator) continue;
    auto pinned = set_member_pin(db, member_ids[i], kDemoAnimatorPin);
    if (!pinned) return Error{pinned.error()};
    data.animator = std::string(kPeople[i].first) + " " + kPeople[i].last;
    data.animator_uid = kPeople[i].uid;
    data.animator_pin = kDemoAnimatorPin;
    break;
  }
  data.bookings = make_demo_bookings(db, desk_ids, visio->id, member_ids, *hours);
  if (auto problem = make_demo_agenda(db, site->id, data)) return Error{*problem};
  const struct {
    const char* login;
    const char* name;
    WebRole role;
    const char* password;
  } accounts[] = {{"admin", "Claire Martin", WebRole::Admin, kDemoAdminPassword},
                  {"animation", "Agnès Lambert", WebRole::Animator, kDemoAnimatorPassword},
                  {"rapports", "Communauté de communes", WebRole::Reporting, kDemoReportingPassword}};
  for (const auto& a : accounts) {
    NewWebUser user;
    user.login = a.login;
    user.display_name = a.name;
    user.role = a.role;
    if (a.role == WebRole::Animator) user.site_id = site->id;
    user.password = a.password;
    auto added = add_web_user(db, user);
    if (!added) return Error{added.error()};
    data.web_accounts.push_back({a.login, a.password, std::string(to_string(a.role))});
  }
  return data;
}

namespace {

// One membership for the network (issue 17): members use other sites now and
// then, so the dashboard's network figures and its site × home-site table
// have something to show. Over the last 90 days, each weekday, each site
// sees a member of another site about every other day (a morning or an
// afternoon). Returns the visits written.
std::int64_t add_network_visits(store::Database& db, const CivilDate& today) {
  const auto sites = list_sites(db);
  if (sites.size() < 2) return 0;
  std::vector<std::vector<std::int64_t>> members_of;
  for (const auto& site : sites) {
    std::vector<std::int64_t> ids;
    for (const auto& m : list_members(db, site.id)) {
      if (!m.has_role(Role::Animator) && !m.has_role(Role::Mediator)) ids.push_back(m.id);
      if (ids.size() == 12) break;  // the same few regulars travel
    }
    members_of.push_back(std::move(ids));
  }
  std::mt19937 rng(17);
  std::int64_t written = 0;
  store::Transaction tx(db);
  for (int back = 90; back >= 1; --back) {
    const CivilDate day = add_days(today, -back);
    if (iso_weekday(day) > 5) continue;
    for (std::size_t s = 0; s < sites.size(); ++s) {
      if (rng() % 2 != 0) continue;
      const std::size_t from = (s + 1 + rng() % (sites.size() - 1)) % sites.size();
      if (members_of[from].empty()) continue;
      const std::int64_t member = members_of[from][rng() % members_of[from].size()];
      const int start = 9 * 60 + static_cast<int>(rng() % 360);
      const Instant in = from_paris(day.year, day.month, day.day, start / 60, start % 60);
      const Instant out = in + std::chrono::minutes(45 + rng() % 180);
      synthetic::insert_visit(db, make_uuid_v4(), sites[s].id, std::optional<std::int64_t>(member),
                              std::optional<std::int64_t>(), std::optional<std::string>(), to_iso_utc(in),
                              std::optional<std::string>(to_iso_utc(out)), to_iso_date(day), 0);
      ++written;
    }
  }
  tx.commit();
  return written;
}

}  // namespace

Result<std::int64_t> add_demo_history(store::Database& db) {
  const Instant real_now = now();
  const CivilDate today = paris_civil_date(real_now);
  ActivityOptions options;
  options.seed = 2026;
  options.sites = 2;
  options.days = 400;
  options.first_day = add_days(today, -options.days);  // up to yesterday: every generated day is over
  options.members_per_site = 60;
  options.now = real_now;
  options.stale_site = 1;
  options.keep_known = false;
  auto known = generate_activity(db, options);
  if (!known) return Error{known.error()};
  const char* names[] = {"Espace numérique de Semur-en-Auxois", "Tiers-lieu des Laumes"};
  for (std::size_t i = 0; i < known->sites.size() && i < std::size(names); ++i) {
    auto site = find_site(db, known->sites[i].id);
    if (!site) continue;
    site->name = names[i];
    if (auto renamed = update_site(db, *site, Actor{}); !renamed) return Error{renamed.error()};
  }
  return known->visits + add_network_visits(db, today);
}

}  // namespace escale::server
