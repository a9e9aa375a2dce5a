// Members and badges: SQL for the members and badges tables. Each write also
// appends to the network's change feed (kNetworkFeed): every kiosk of the
// network learns of it (issue 17: one membership for every site).
#include "store/members.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "mediation/agenda.hpp"  // normalise_phone
#include "store/changes.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

// members.phone_e164: the phone in E.164 form, to find a member by the phone they type (« Mon espace »).
std::optional<std::string> phone_key(const std::optional<std::string>& phone) {
  // '' for a phone that is not a French number: looked at once (fill_phone_keys skips it).
  if (!phone) return std::nullopt;
  return mediation::normalise_phone(*phone).value_or("");
}

constexpr const char* kMemberColumns =
    "id, site_id, first_name, last_name, email, phone, home_commune, age_bracket, roles";

Member read_member(const store::Statement& st) {
  Member m;
  m.id = st.int64(0);
  m.site_id = st.int64(1);
  m.first_name = st.text(2);
  m.last_name = st.text(3);
  m.email = st.optional_text(4);
  m.phone = st.optional_text(5);
  m.home_commune = st.optional_text(6);
  m.age_bracket = parse_age_bracket(st.text(7)).value_or(AgeBracket::Unknown);
  m.roles = roles_from_text(st.text(8));
  return m;
}

BadgeRow read_badge(const store::Statement& st) {
  return BadgeRow{st.text(0), st.int64(1), st.text(2), st.optional_text(3)};
}

std::optional<BadgeRow> find_badge(store::Database& db, const std::string& uid) {
  auto st = db.prepare("SELECT uid, member_id, created_at, revoked_at FROM badges WHERE uid = ?");
  st.bind(1, uid);
  if (!st.step()) return std::nullopt;
  return read_badge(st);
}

std::int64_t member_site(store::Database& db, std::int64_t member_id) {
  auto st = db.prepare("SELECT site_id FROM members WHERE id = ?");
  st.bind(1, member_id);
  return st.step() ? st.int64(0) : 0;
}

// Active members with this first name (case aside), up to `limit`.
std::vector<std::int64_t> namesakes(store::Database& db, std::string_view first_name, int limit) {
  auto st = db.cached("SELECT id FROM members WHERE first_name = ? COLLATE NOCASE AND active = 1 LIMIT ?");
  st.bind_all(first_name, limit);
  std::vector<std::int64_t> ids;
  while (st.step()) ids.push_back(st.int64(0));
  return ids;
}

// Kiosks of other sites show a member's last initial only while another
// member shares their first name (MemberRecord). When a first name goes from
// one holder to two (a new Marie) or back to one, the other holder's record
// changes too: it goes into the feed. Three or more: nobody else changes.
void namesake_changed(store::Database& db, std::string_view first_name, std::int64_t member_id) {
  if (first_name.empty()) return;
  const auto ids = namesakes(db, first_name, 3);
  std::vector<std::int64_t> others;
  for (std::int64_t id : ids)
    if (id != member_id) others.push_back(id);
  if (others.size() == 1) record_change(db, kNetworkFeed, Entity::Member, std::to_string(others.front()));
}

// « D. » from « Dupont »: the first letter, upper-case when ASCII.
std::string initial_of(std::string_view last_name) {
  const auto start = last_name.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  std::size_t len = 1;
  const auto lead = static_cast<unsigned char>(last_name[start]);
  if (lead >= 0xF0)
    len = 4;
  else if (lead >= 0xE0)
    len = 3;
  else if (lead >= 0xC0)
    len = 2;
  std::string out(last_name.substr(start, len));
  if (out.size() == 1 && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out + ".";
}

}  // namespace

Result<Member> add_member(store::Database& db, Member m, const Actor& actor) {
  if (auto problem = validate(m)) return Error{*problem};
  if (!find_site(db, m.site_id)) {
    return Error{"Le lieu n° " + std::to_string(m.site_id) +
                 " n’existe pas : vérifiez avec « escale-server site list »."};
  }
  if (m.roles.empty()) m.roles = {Role::Member};
  // An optional field left blank is not given: store NULL, not spaces.
  for (auto* field : {&m.email, &m.phone, &m.home_commune}) {
    if (*field && field->value().find_first_not_of(" \t\r\n") == std::string::npos) field->reset();
  }
  store::Transaction tx(db);
  db.prepare(
        "INSERT INTO members (site_id, first_name, last_name, email, phone, phone_e164, home_commune, age_bracket, "
        "roles, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(m.site_id, m.first_name, m.last_name, m.email, m.phone, phone_key(m.phone), m.home_commune,
                to_string(m.age_bracket), roles_to_text(m.roles), to_iso_utc(now()))
      .run();
  m.id = db.last_insert_rowid();
  record_change(db, kNetworkFeed, Entity::Member, std::to_string(m.id));
  namesake_changed(db, m.first_name, m.id);
  audit(db, actor, m.site_id, "member.add", "member:" + std::to_string(m.id), "{}");
  tx.commit();
  return m;
}

std::optional<Member> find_member(store::Database& db, std::int64_t id) {
  auto st = db.prepare(std::string("SELECT ") + kMemberColumns + " FROM members WHERE id = ? AND active = 1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_member(st);
}

std::vector<Member> list_members(store::Database& db, std::optional<std::int64_t> site_id, const std::string& search) {
  auto st = db.prepare(std::string("SELECT ") + kMemberColumns +
                       " FROM members WHERE active = 1 AND (?1 IS NULL OR site_id = ?1)"
                       " AND (?2 = '' OR first_name LIKE '%' || ?2 || '%' ESCAPE '\\'"
                       " OR last_name LIKE '%' || ?2 || '%' ESCAPE '\\')"
                       " ORDER BY last_name, first_name, id");
  // The search is text, not a pattern: « 100% » or « _ » match themselves.
  std::string pattern;
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  st.bind(1, site_id).bind(2, pattern);
  std::vector<Member> out;
  while (st.step()) out.push_back(read_member(st));
  return out;
}

AnimatorStanding animator_standing(store::Database& db, std::int64_t member_id, std::int64_t site_id) {
  // Cached: a push of animator events asks once per animator (ingest keeps
  // the answer for the rest of the push).
  std::optional<std::int64_t> home;
  {
    auto st = db.cached("SELECT site_id, active FROM members WHERE id = ?");
    st.bind(1, member_id);
    if (!st.step()) return AnimatorStanding::Unknown;
    if (st.int64(1) == 0) return AnimatorStanding::Erased;
    home = st.int64(0);
  }
  const auto roles = member_roles_at(db, member_id, site_id);  // home: their own roles; elsewhere: grants
  if (std::find(roles.begin(), roles.end(), Role::Animator) != roles.end()) return AnimatorStanding::Animator;
  return *home == site_id ? AnimatorStanding::NotAnimator : AnimatorStanding::OtherSite;
}

std::string_view to_string(AnimatorStanding s) {
  switch (s) {
    case AnimatorStanding::Animator:
      return "animator";
    case AnimatorStanding::Unknown:
      return "unknown member";
    case AnimatorStanding::Erased:
      return "erased member";
    case AnimatorStanding::OtherSite:
      return "member of another site";
    case AnimatorStanding::NotAnimator:
      return "not an animator";
  }
  return "?";
}

Result<Member> update_member(store::Database& db, const Member& member, const Actor& actor) {
  Member m = member;
  if (m.roles.empty()) m.roles = {Role::Member};
  for (auto* field : {&m.email, &m.phone, &m.home_commune}) {
    if (*field && field->value().find_first_not_of(" \t\r\n") == std::string::npos) field->reset();
  }
  if (auto problem = validate(m)) return Error{*problem};
  store::Transaction tx(db);
  const auto before = find_member(db, m.id);
  if (!before) return Error{"Le membre n° " + std::to_string(m.id) + " n’existe pas (ou a été effacé)."};
  m.site_id = before->site_id;  // moving a member to another site is not an edit
  db.prepare(
        "UPDATE members SET first_name = ?, last_name = ?, email = ?, phone = ?, phone_e164 = ?, home_commune = ?, "
        "age_bracket = ?, roles = ? WHERE id = ?")
      .bind_all(m.first_name, m.last_name, m.email, m.phone, phone_key(m.phone), m.home_commune,
                to_string(m.age_bracket), roles_to_text(m.roles), m.id)
      .run();
  record_change(db, kNetworkFeed, Entity::Member, std::to_string(m.id));
  if (before->first_name != m.first_name) {
    namesake_changed(db, before->first_name, m.id);
    namesake_changed(db, m.first_name, m.id);
  }
  // The audit row names the fields changed, not their values (no personal data in logs).
  nlohmann::json changed = nlohmann::json::array();
  if (before->first_name != m.first_name) changed.push_back("first_name");
  if (before->last_name != m.last_name) changed.push_back("last_name");
  if (before->email != m.email) changed.push_back("email");
  if (before->phone != m.phone) changed.push_back("phone");
  if (before->home_commune != m.home_commune) changed.push_back("home_commune");
  if (before->age_bracket != m.age_bracket) changed.push_back("age_bracket");
  if (before->roles != m.roles) changed.push_back("roles");
  audit(db, actor, m.site_id, "member.update", "member:" + std::to_string(m.id),
        nlohmann::json{{"fields", changed}}.dump());
  tx.commit();
  return m;
}

Result<std::int64_t> erase_member(store::Database& db, std::int64_t member_id, const Actor& actor, Instant now) {
  store::Transaction tx(db);
  const auto m = find_member(db, member_id);
  if (!m) return Error{"Le membre n° " + std::to_string(member_id) + " n’existe pas ou a déjà été effacé."};
  const auto at = to_iso_utc(now);
  // Badges: revoked (the kiosks learn it), and their UIDs gone from the visits.
  std::vector<std::string> badges;
  {
    auto st = db.prepare("SELECT uid FROM badges WHERE member_id = ? AND revoked_at IS NULL");
    st.bind_all(member_id);
    while (st.step()) badges.push_back(st.text(0));
  }
  db.prepare("UPDATE badges SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL")
      .bind_all(at, member_id)
      .run();
  for (const auto& uid : badges) record_change(db, kNetworkFeed, Entity::Badge, uid);
  db.prepare("UPDATE visits SET badge_uid = NULL WHERE member_id = ?").bind_all(member_id).run();
  // Bookings to come are cancelled (the resource is free again).
  std::vector<std::pair<std::string, std::int64_t>> cancelled;  // booking, its site (any of the network)
  {
    auto st =
        db.prepare("SELECT id, site_id FROM bookings WHERE member_id = ? AND status = 'confirmed' AND start_at > ?");
    st.bind_all(member_id, at);
    while (st.step()) cancelled.emplace_back(st.text(0), st.int64(1));
  }
  for (const auto& [id, site] : cancelled) {
    db.prepare("UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?").bind_all(at, id).run();
    record_change(db, site, Entity::Booking, id);
  }
  db.prepare("DELETE FROM calendar_tokens WHERE member_id = ?").bind_all(member_id).run();
  db.prepare(
        "UPDATE participants SET first_name = '', phone = NULL, email = NULL, erased_at = coalesce(erased_at, ?) "
        "WHERE member_id = ?")
      .bind_all(at, member_id)
      .run();
  db.prepare(
        "UPDATE reminders SET state = 'cancelled' WHERE state = 'pending' AND participant_id IN "
        "(SELECT id FROM participants WHERE member_id = ?)")
      .bind_all(member_id)
      .run();
  // The anonymous statistical profile: site, age bracket, home commune, dates.
  db.prepare(
        "UPDATE members SET first_name = '', last_name = '', email = NULL, phone = NULL, phone_e164 = NULL, "
        "pin_hash = NULL, roles = 'member', active = 0, erased_at = ? WHERE id = ?")
      .bind_all(at, member_id)
      .run();
  // « Mon espace »: their phone sessions end, their links die, nothing more is sent to them, and the
  // addresses of the messages sent go (the rows stay, as counts).
  db.prepare("UPDATE member_sessions SET ended_at = ?, ended_by = 'erasure' WHERE member_id = ? AND ended_at IS NULL")
      .bind_all(at, member_id)
      .run();
  db.prepare("DELETE FROM member_login_links WHERE member_id = ?").bind_all(member_id).run();
  db.prepare("DELETE FROM member_preferences WHERE member_id = ?").bind_all(member_id).run();
  db.prepare(
        "UPDATE messages SET state = CASE state WHEN 'pending' THEN 'cancelled' ELSE state END, recipient = '' "
        "WHERE member_id = ?")
      .bind_all(member_id)
      .run();
  // Their roles at other sites and their restriction go too (nothing left to restrict).
  db.prepare("DELETE FROM member_site_roles WHERE member_id = ?").bind_all(member_id).run();
  db.prepare("DELETE FROM member_sites WHERE member_id = ?").bind_all(member_id).run();
  record_change(db, kNetworkFeed, Entity::Member, std::to_string(member_id));
  namesake_changed(db, m->first_name, member_id);
  audit(db, actor, m->site_id, "member.erase", "member:" + std::to_string(member_id),
        nlohmann::json{{"badges_revoked", badges.size()}, {"bookings_cancelled", cancelled.size()}}.dump());
  tx.commit();
  return member_id;
}

namespace {
// When the member was told their membership would be anonymised for inactivity (store/retention.hpp), if so.
std::optional<std::string> retention_notice_of(store::Database& db, std::int64_t member_id) {
  auto st = db.prepare("SELECT retention_notice_at FROM members WHERE id = ?");
  st.bind_all(member_id);
  return st.step() ? st.optional_text(0) : std::nullopt;
}
}  // namespace

std::optional<std::string> member_data_export(store::Database& db, std::int64_t member_id) {
  const auto m = find_member(db, member_id);
  if (!m) return std::nullopt;
  using nlohmann::json;
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  json roles = json::array();
  for (Role r : m->roles) roles.push_back(to_string(r));
  const auto activity = member_activity(db, member_id);
  json out = {{"export_format", "escale-member-export-1"},
              {"exported_at", to_iso_utc(escale::now())},
              {"member",
               {{"id", m->id},
                {"site", m->site_id},
                {"first_name", m->first_name},
                {"last_name", m->last_name},
                {"email", opt(m->email)},
                {"phone", opt(m->phone)},
                {"home_commune", opt(m->home_commune)},
                {"age_bracket", to_string(m->age_bracket)},
                {"roles", roles},
                {"registered_at", activity.created_at}}}};
  {
    auto st = db.prepare("SELECT pin_hash IS NOT NULL FROM members WHERE id = ?");
    st.bind_all(member_id);
    out["member"]["has_kiosk_pin"] = st.step() && st.int64(0) != 0;
  }
  json badges = json::array();
  for (const auto& b : list_badges(db, member_id))
    badges.push_back({{"uid", b.uid}, {"given_at", b.created_at}, {"revoked_at", opt(b.revoked_at)}});
  out["badges"] = badges;
  json visits = json::array();
  {
    auto st = db.prepare(
        "SELECT v.site_id, s.name, v.check_in, v.check_out, v.badge_uid FROM visits v JOIN sites s ON s.id = v.site_id "
        "WHERE v.member_id = ? ORDER BY v.check_in");
    st.bind_all(member_id);
    while (st.step()) {
      visits.push_back({{"site", st.int64(0)},
                        {"site_name", st.text(1)},
                        {"check_in", st.text(2)},
                        {"check_out", opt(st.optional_text(3))},
                        {"badge", opt(st.optional_text(4))}});
    }
  }
  out["visits"] = visits;
  // Visits older than the retention's months no longer name the member (store/retention.hpp): what stays of
  // them is their count per site and month, still linked to the member for the statistics.
  json months = json::array();
  {
    auto st = db.prepare(
        "SELECT site_id, month, visits FROM stats_member_months WHERE member_id = ? ORDER BY month, site_id");
    st.bind_all(member_id);
    while (st.step()) months.push_back({{"site", st.int64(0)}, {"month", st.text(1)}, {"visits", st.int64(2)}});
  }
  out["visits_per_month"] = months;
  out["member"]["retention_notice_at"] = opt(retention_notice_of(db, member_id));
  json bookings = json::array();
  {
    auto st = db.prepare(
        "SELECT b.id, r.name, b.start_at, b.end_at, b.status, b.created_at FROM bookings b "
        "JOIN resources r ON r.id = b.resource_id WHERE b.member_id = ? ORDER BY b.start_at");
    st.bind_all(member_id);
    while (st.step()) {
      bookings.push_back({{"id", st.text(0)},
                          {"resource", st.text(1)},
                          {"start", st.text(2)},
                          {"end", st.text(3)},
                          {"status", st.text(4)},
                          {"made_at", st.text(5)}});
    }
  }
  out["bookings"] = bookings;
  json help = json::array();
  {
    auto st = db.prepare(
        "SELECT a.start_at, a.end_at, a.title, p.first_name, p.phone, p.email, p.topics, p.status, p.waiting "
        "FROM participants p JOIN appointments a ON a.id = p.appointment_id WHERE p.member_id = ? "
        "ORDER BY a.start_at");
    st.bind_all(member_id);
    while (st.step()) {
      help.push_back({{"start", st.text(0)},
                      {"end", st.text(1)},
                      {"workshop", st.text(2)},
                      {"first_name", st.text(3)},
                      {"phone", opt(st.optional_text(4))},
                      {"email", opt(st.optional_text(5))},
                      {"topics", st.text(6)},
                      {"status", st.text(7)},
                      {"waiting_list", st.int64(8) != 0}});
    }
  }
  out["help_appointments"] = help;
  json audit_rows = json::array();
  {
    auto st = db.prepare("SELECT at, action FROM audit_log WHERE subject = ? ORDER BY seq");
    st.bind_all("member:" + std::to_string(member_id));
    while (st.step()) audit_rows.push_back({{"at", st.text(0)}, {"action", st.text(1)}});
  }
  out["record_history"] = audit_rows;
  return out.dump(2, ' ', false, json::error_handler_t::replace);
}

MemberActivity member_activity(store::Database& db, std::int64_t member_id) {
  MemberActivity a;
  auto st = db.prepare(
      "SELECT (SELECT count(*) FROM visits WHERE member_id = ?1), (SELECT max(check_in) FROM visits WHERE member_id = "
      "?1), created_at FROM members WHERE id = ?1");
  st.bind(1, member_id);
  if (st.step()) {
    a.visits = st.int32(0);
    a.last_check_in = st.optional_text(1);
    a.created_at = st.text(2);
  }
  return a;
}

Result<BadgeRow> add_badge(store::Database& db, const BadgeUid& uid, std::int64_t member_id, const Actor& actor) {
  store::Transaction tx(db);
  const std::int64_t site_id = member_site(db, member_id);
  if (site_id == 0 || !find_member(db, member_id)) {  // unknown, or erased (inactive)
    return Error{"Le membre n° " + std::to_string(member_id) +
                 " n’existe pas : vérifiez avec « escale-server member list »."};
  }
  if (auto existing = find_badge(db, uid.hex())) {
    if (!existing->revoked_at && existing->member_id != member_id) {
      return Error{"Le badge " + uid.hex() + " appartient déjà au membre n° " + std::to_string(existing->member_id) +
                   " : révoquez-le d’abord (escale-server badge revoke)."};
    }
    if (!existing->revoked_at) return Error{"Ce badge est déjà attribué à ce membre."};
    db.prepare("UPDATE badges SET member_id = ?, revoked_at = NULL, created_at = ? WHERE uid = ?")
        .bind_all(member_id, to_iso_utc(now()), uid.hex())
        .run();
  } else {
    db.prepare("INSERT INTO badges (uid, member_id, created_at) VALUES (?, ?, ?)")
        .bind_all(uid.hex(), member_id, to_iso_utc(now()))
        .run();
  }
  record_change(db, kNetworkFeed, Entity::Badge, uid.hex());
  audit(db, actor, site_id, "badge.add", "badge:" + uid.hex(), "{\"member\":" + std::to_string(member_id) + "}");
  auto row = find_badge(db, uid.hex());
  tx.commit();
  return *row;
}

Result<BadgeRow> revoke_badge(store::Database& db, const BadgeUid& uid, const Actor& actor) {
  store::Transaction tx(db);
  auto existing = find_badge(db, uid.hex());
  if (!existing) return Error{"Aucun badge " + uid.hex() + " n’est enregistré."};
  if (existing->revoked_at) return Error{"Le badge " + uid.hex() + " est déjà révoqué."};
  db.prepare("UPDATE badges SET revoked_at = ? WHERE uid = ?").bind_all(to_iso_utc(now()), uid.hex()).run();
  const std::int64_t site_id = member_site(db, existing->member_id);
  record_change(db, kNetworkFeed, Entity::Badge, uid.hex());
  audit(db, actor, site_id, "badge.revoke", "badge:" + uid.hex(),
        "{\"member\":" + std::to_string(existing->member_id) + "}");
  auto row = find_badge(db, uid.hex());
  tx.commit();
  return *row;
}

std::vector<BadgeRow> list_badges(store::Database& db, std::optional<std::int64_t> member_id) {
  auto st = db.prepare(
      "SELECT uid, member_id, created_at, revoked_at FROM badges WHERE (?1 IS NULL OR member_id = ?1) "
      "ORDER BY member_id, uid");
  st.bind(1, member_id);
  std::vector<BadgeRow> out;
  while (st.step()) out.push_back(read_badge(st));
  return out;
}

std::map<std::int64_t, int> active_badge_counts(store::Database& db, std::int64_t site_id) {
  std::map<std::int64_t, int> counts;
  auto st = db.prepare(
      "SELECT b.member_id, count(*) FROM badges b JOIN members m ON m.id = b.member_id "
      "WHERE m.site_id = ? AND b.revoked_at IS NULL GROUP BY b.member_id");
  st.bind_all(site_id);
  while (st.step()) counts[st.int64(0)] = st.int32(1);
  return counts;
}

std::map<std::int64_t, MemberName> site_member_names(store::Database& db, std::int64_t site_id) {
  std::map<std::int64_t, MemberName> names;
  auto st = db.prepare("SELECT id, first_name, last_name, erased_at IS NOT NULL FROM members WHERE site_id = ?");
  st.bind_all(site_id);
  while (st.step()) names[st.int64(0)] = MemberName{st.text(1), st.text(2), st.int64(3) != 0};
  return names;
}

std::optional<BadgeHolder> badge_holder(store::Database& db, const std::string& uid) {
  auto st = db.cached("SELECT member_id, revoked_at IS NOT NULL FROM badges WHERE uid = ?");
  st.bind(1, uid);
  std::optional<BadgeHolder> out;
  if (st.step()) out = BadgeHolder{st.int64(0), st.int64(1) != 0};
  return out;
}

std::optional<MemberOfRef> member_for_ref(store::Database& db, const std::string& ref) {
  auto st = db.cached("SELECT id, site_id FROM members WHERE member_ref = ?");
  st.bind(1, ref);
  std::optional<MemberOfRef> out;
  if (st.step()) out = MemberOfRef{st.int64(0), st.int64(1)};
  return out;
}

void set_member_ref(store::Database& db, std::int64_t member_id, const std::string& ref) {
  db.cached("UPDATE members SET member_ref = ? WHERE id = ?").bind_all(ref, member_id).run();
}

sync::MemberRecord member_record_for_site(store::Database& db, std::int64_t site_id, std::int64_t member_id) {
  sync::MemberRecord rec;
  rec.id = member_id;
  // Cached: a kiosk's first sync pulls every member of its site.
  auto st = db.cached("SELECT first_name, last_name, roles, active, site_id, pin_hash FROM members WHERE id = ?");
  st.bind(1, member_id);
  if (!st.step() || st.int64(3) == 0 || st.int64(4) != site_id) {
    rec.active = false;
  } else {
    rec.first_name = st.text(0);
    rec.last_name = st.text(1);
    rec.roles = roles_from_text(st.text(2));
    if (std::find(rec.roles.begin(), rec.roles.end(), Role::Animator) != rec.roles.end()) {
      rec.pin_hash = st.optional_text(5);
    }
  }
  return rec;
}

sync::MemberRecord member_record_for_kiosk(store::Database& db, std::int64_t site_id, std::int64_t member_id) {
  sync::MemberRecord rec;
  rec.id = member_id;
  // Cached, one read of the row: a kiosk's first sync pulls every member of the network.
  std::string last_name;
  std::optional<std::string> pin_hash;
  {
    auto st = db.cached("SELECT first_name, last_name, active, site_id, roles, pin_hash FROM members WHERE id = ?");
    st.bind(1, member_id);
    if (!st.step() || st.int64(2) == 0) {
      rec.active = false;
      return rec;
    }
    rec.first_name = st.text(0);
    last_name = st.text(1);
    rec.home_site_id = st.int64(3);
    if (rec.home_site_id == site_id) rec.roles = roles_from_text(st.text(4));  // elsewhere: the grants, below
    pin_hash = st.optional_text(5);
  }
  if (rec.home_site_id == site_id) {
    rec.last_name = std::move(last_name);
  } else {
    if (namesakes(db, rec.first_name, 2).size() > 1)
      rec.last_name = initial_of(last_name);  // « Marie D. » only where two share « Marie »
    rec.roles = {Role::Member};
    for (Role r : granted_roles(db, member_id, site_id)) rec.roles.push_back(r);
  }
  if (std::find(rec.roles.begin(), rec.roles.end(), Role::Animator) != rec.roles.end()) rec.pin_hash = pin_hash;
  rec.sites = member_allowed_sites(db, member_id);
  return rec;
}

sync::BadgeRecord badge_record_for_network(store::Database& db, const std::string& uid) {
  sync::BadgeRecord rec{uid, 0, true};
  auto st = db.cached(
      "SELECT b.member_id, b.revoked_at IS NOT NULL OR m.active = 0 FROM badges b JOIN members m ON m.id = b.member_id "
      "WHERE b.uid = ?");
  st.bind(1, uid);
  if (st.step()) {
    rec.member_id = st.int64(0);
    rec.revoked = st.int64(1) != 0;
  }
  return rec;
}

sync::BadgeRecord badge_record_for_site(store::Database& db, std::int64_t site_id, const std::string& uid) {
  sync::BadgeRecord rec{uid, 0, true};
  auto st = db.cached(
      "SELECT b.member_id, b.revoked_at IS NOT NULL, m.site_id FROM badges b JOIN members m ON m.id = b.member_id "
      "WHERE b.uid = ?");
  st.bind(1, uid);
  if (st.step()) {
    rec.member_id = st.int64(0);
    rec.revoked = st.int64(1) != 0 || st.int64(2) != site_id;
  }
  return rec;
}

}  // namespace escale::server
