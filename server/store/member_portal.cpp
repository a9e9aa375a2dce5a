// « Mon espace »: login links, members' phone sessions, link requests and
// notification choices (schema v9). See member_portal.hpp.
#include "store/member_portal.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "mediation/agenda.hpp"  // normalise_phone
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "text/trim.hpp"
#include "text/utf8.hpp"

namespace escale::server {
namespace {

constexpr std::string_view kLinkPrefix = "eml_";
constexpr std::string_view kSessionPrefix = "ems_";

constexpr std::array<std::pair<LinkChannel, std::string_view>, 3> kLinkChannels{
    {{LinkChannel::Kiosk, "kiosk"}, {LinkChannel::Email, "email"}, {LinkChannel::Sms, "sms"}}};
constexpr std::array<std::pair<NotifyChannel, std::string_view>, 3> kNotifyChannels{
    {{NotifyChannel::Email, "email"}, {NotifyChannel::Sms, "sms"}, {NotifyChannel::None, "none"}}};

// A plausible e-mail address: one '@', something before, a dot after it,
// no space or control character, at most 254 characters (RFC 5321).
bool plausible_email(std::string_view s) {
  if (s.size() < 5 || s.size() > 254) return false;
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == ';';
  });
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string cap_device(std::string_view device) {
  std::string d(text::trim(device));
  if (d.empty() || !utf8::is_valid(d)) return "Navigateur inconnu";
  if (d.size() > 80) {
    std::size_t cut = 80;  // back to the start of a character
    while (cut > 0 && (static_cast<unsigned char>(d[cut]) & 0xC0) == 0x80) --cut;
    d.resize(cut);
  }
  return d;
}

MemberSession read_session_row(store::CachedStatement& st, int first) {
  MemberSession s;
  s.id = st.int64(first);
  s.csrf_token = st.text(first + 1);
  s.device = st.text(first + 2);
  s.via = parse_link_channel(st.text(first + 3)).value_or(LinkChannel::Kiosk);
  s.created_at = parse_iso_utc(st.text(first + 4)).value_or(Instant{});
  s.last_seen_at = parse_iso_utc(st.text(first + 5)).value_or(Instant{});
  s.expires_at = parse_iso_utc(st.text(first + 6)).value_or(Instant{});
  return s;
}

}  // namespace

std::string_view to_string(LinkChannel c) {
  for (const auto& [channel, name] : kLinkChannels)
    if (channel == c) return name;
  return "kiosk";
}

std::optional<LinkChannel> parse_link_channel(std::string_view s) {
  for (const auto& [channel, name] : kLinkChannels)
    if (name == s) return channel;
  return std::nullopt;
}

std::string_view to_string(NotifyChannel c) {
  for (const auto& [channel, name] : kNotifyChannels)
    if (channel == c) return name;
  return "none";
}

std::optional<NotifyChannel> parse_notify_channel(std::string_view s) {
  for (const auto& [channel, name] : kNotifyChannels)
    if (name == s) return channel;
  return std::nullopt;
}

std::optional<Contact> parse_contact(std::string_view typed) {
  const auto text = text::trim(typed);
  if (text.empty() || text.size() > 254 || !utf8::is_valid(text)) return std::nullopt;
  if (text.find('@') != std::string_view::npos) {
    if (!plausible_email(text)) return std::nullopt;
    return Contact{LinkChannel::Email, lower_ascii(text)};
  }
  if (auto phone = mediation::normalise_phone(text)) return Contact{LinkChannel::Sms, *phone};
  return std::nullopt;
}

Result<LoginLink> issue_login_link(store::Database& db, std::int64_t member_id, LinkChannel channel, Instant now) {
  store::Transaction tx(db);
  {
    auto st = db.cached("SELECT 1 FROM members WHERE id = ? AND active = 1");
    st.bind_all(member_id);
    if (!st.step()) return Error{"Le membre n° " + std::to_string(member_id) + " n’existe pas (ou a été effacé)."};
  }
  {
    auto st = db.cached("SELECT count(*) FROM member_login_links WHERE member_id = ? AND created_at > ?");
    st.bind_all(member_id, to_iso_utc(now - kLinkWindow));
    st.step();
    if (st.int64(0) >= kMaxLinksPerMember) {
      return Error{"Trop de liens de connexion demandés pour ce membre ces dernières minutes : réessayez dans " +
                   std::to_string(kLinkWindow.count()) + " minutes."};
    }
  }
  // Spent and expired links are of no use to anyone: they go as new ones come.
  db.cached("DELETE FROM member_login_links WHERE expires_at < ?").bind_all(to_iso_utc(now - kLinkWindow)).run();
  LoginLink link{make_token(kLinkPrefix), now + kLoginLinkValidity};
  db.cached(
        "INSERT INTO member_login_links (token_hash, member_id, channel, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)")
      .bind_all(hash_token(link.token), member_id, to_string(channel), to_iso_utc(now), to_iso_utc(link.expires_at))
      .run();
  tx.commit();
  return link;
}

LinkProblem check_login_link(store::Database& db, std::string_view token, Instant now) {
  if (!is_token_shaped(token, kLinkPrefix)) return LinkProblem::Unknown;
  auto st = db.cached(
      "SELECT l.expires_at, l.used_at, m.active FROM member_login_links l JOIN members m ON m.id = l.member_id "
      "WHERE l.token_hash = ?");
  st.bind_all(hash_token(token));
  if (!st.step()) return LinkProblem::Unknown;
  if (!st.is_null(1)) return LinkProblem::Used;
  const auto expires = parse_iso_utc(st.text(0));
  if (!expires || now >= *expires) return LinkProblem::Expired;
  if (st.int64(2) == 0) return LinkProblem::MemberGone;
  return LinkProblem::None;
}

RedeemOutcome redeem_login_link(store::Database& db, std::string_view token, std::string_view device, Instant now) {
  RedeemOutcome out;
  if (!is_token_shaped(token, kLinkPrefix)) {
    out.problem = LinkProblem::Unknown;
    return out;
  }
  const auto key = hash_token(token);
  store::Transaction tx(db);
  auto st = db.cached("SELECT member_id, channel, expires_at, used_at FROM member_login_links WHERE token_hash = ?");
  st.bind_all(key);
  if (!st.step()) {
    out.problem = LinkProblem::Unknown;
    return out;
  }
  const auto member_id = st.int64(0);
  const auto via = parse_link_channel(st.text(1)).value_or(LinkChannel::Kiosk);
  const auto expires = parse_iso_utc(st.text(2));
  const bool used = !st.is_null(3);
  st.reset();
  if (used) {
    out.problem = LinkProblem::Used;
    return out;
  }
  if (!expires || now >= *expires) {
    out.problem = LinkProblem::Expired;
    return out;
  }
  auto member = find_member(db, member_id);
  if (!member) {
    out.problem = LinkProblem::MemberGone;
    return out;
  }
  db.cached("UPDATE member_login_links SET used_at = ? WHERE token_hash = ?").bind_all(to_iso_utc(now), key).run();
  MemberSession s;
  s.token = make_token(kSessionPrefix);
  s.csrf_token = make_token("");
  s.member = std::move(*member);
  s.device = cap_device(device);
  s.via = via;
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + kMemberSessionLength;
  // Sessions that ended or expired long ago are of no use to anyone: they go as new ones come.
  db.cached("DELETE FROM member_sessions WHERE expires_at < ? OR ended_at < ?")
      .bind_all(to_iso_utc(now - kMemberSessionLength), to_iso_utc(now - kMemberSessionLength))
      .run();
  db.cached(
        "INSERT INTO member_sessions (token_hash, member_id, csrf_token, device, via, created_at, last_seen_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(hash_token(s.token), s.member.id, s.csrf_token, s.device, to_string(via), to_iso_utc(now),
                to_iso_utc(now), to_iso_utc(s.expires_at))
      .run();
  s.id = db.last_insert_rowid();
  tx.commit();
  out.session = std::move(s);
  return out;
}

std::optional<MemberSession> find_member_session(store::Database& db, std::string_view token, Instant now) {
  if (!is_token_shaped(token, kSessionPrefix)) return std::nullopt;
  const auto key = hash_token(token);
  auto st = db.cached(
      "SELECT member_id, id, csrf_token, device, via, created_at, last_seen_at, expires_at FROM member_sessions "
      "WHERE token_hash = ? AND ended_at IS NULL");
  st.bind_all(key);
  if (!st.step()) return std::nullopt;
  const auto member_id = st.int64(0);
  auto session = read_session_row(st, 1);
  st.reset();
  if (now >= session.expires_at) return std::nullopt;
  auto member = find_member(db, member_id);
  if (!member) return std::nullopt;
  session.member = std::move(*member);
  if (now - session.last_seen_at > std::chrono::minutes(1)) {
    store::Transaction tx(db);
    db.cached("UPDATE member_sessions SET last_seen_at = ? WHERE id = ?").bind_all(to_iso_utc(now), session.id).run();
    tx.commit();
    session.last_seen_at = now;
  }
  return session;
}

void end_member_session(store::Database& db, std::string_view token, Instant now) {
  if (!is_token_shaped(token, kSessionPrefix)) return;
  store::Transaction tx(db);
  db.cached("UPDATE member_sessions SET ended_at = ?, ended_by = 'logout' WHERE token_hash = ? AND ended_at IS NULL")
      .bind_all(to_iso_utc(now), hash_token(token))
      .run();
  tx.commit();
}

bool end_member_session(store::Database& db, std::int64_t member_id, std::int64_t session_id, Instant now) {
  store::Transaction tx(db);
  db.cached(
        "UPDATE member_sessions SET ended_at = ?, ended_by = 'member' "
        "WHERE id = ? AND member_id = ? AND ended_at IS NULL")
      .bind_all(to_iso_utc(now), session_id, member_id)
      .run();
  const bool ended = db.changes() > 0;
  tx.commit();
  return ended;
}

int end_member_sessions(store::Database& db, std::int64_t member_id, const Actor& actor, Instant now) {
  store::Transaction tx(db);
  const auto member = find_member(db, member_id);
  if (!member) return 0;
  db.cached(
        "UPDATE member_sessions SET ended_at = ?, ended_by = 'staff' "
        "WHERE member_id = ? AND ended_at IS NULL AND expires_at > ?")
      .bind_all(to_iso_utc(now), member_id, to_iso_utc(now))
      .run();
  const int ended = db.changes();
  if (ended > 0) {
    audit(db, actor, member->site_id, "member.phone_sessions_end", "member:" + std::to_string(member_id),
          "{\"sessions\":" + std::to_string(ended) + "}");
  }
  tx.commit();
  return ended;
}

std::vector<MemberSessionRow> list_member_sessions(store::Database& db, std::int64_t member_id, Instant now) {
  std::vector<MemberSessionRow> out;
  auto st = db.cached(
      "SELECT id, csrf_token, device, via, created_at, last_seen_at, expires_at FROM member_sessions "
      "WHERE member_id = ? AND ended_at IS NULL AND expires_at > ? ORDER BY last_seen_at DESC, id DESC");
  st.bind_all(member_id, to_iso_utc(now));
  while (st.step()) {
    const auto s = read_session_row(st, 0);
    out.push_back({s.id, s.device, s.via, s.created_at, s.last_seen_at, s.expires_at});
  }
  return out;
}

LinkRequestOutcome request_login_link(store::Database& db, const Contact& contact, std::string_view client,
                                      Instant now) {
  LinkRequestOutcome out;
  const auto since = to_iso_utc(now - kRequestWindow);
  store::Transaction tx(db);
  db.cached("DELETE FROM member_link_requests WHERE at < ?").bind_all(since).run();
  auto count = [&](std::string_view sql, std::string_view value) {
    auto st = db.cached(sql);
    st.bind_all(value, since);
    st.step();
    return st.int64(0);
  };
  const std::string stored_client(client.substr(0, 64));
  if (count("SELECT count(*) FROM member_link_requests WHERE address = ? AND at >= ?", contact.key) >=
          kMaxRequestsPerAddress ||
      count("SELECT count(*) FROM member_link_requests WHERE client = ? AND at >= ?", stored_client) >=
          kMaxRequestsPerClient) {
    out.throttled = true;
    return out;  // nothing recorded: a throttled client cannot push the window forward
  }
  db.cached("INSERT INTO member_link_requests (address, client, at) VALUES (?, ?, ?)")
      .bind_all(contact.key, stored_client, to_iso_utc(now))
      .run();
  std::vector<std::int64_t> members;
  {
    auto st = contact.channel == LinkChannel::Email
                  ? db.cached("SELECT id FROM members WHERE lower(email) = ? AND active = 1 ORDER BY id LIMIT ?")
                  : db.cached("SELECT id FROM members WHERE phone_e164 = ? AND active = 1 ORDER BY id LIMIT ?");
    st.bind_all(contact.key, kMaxMembersPerAddress);
    while (st.step()) members.push_back(st.int64(0));
  }
  for (const auto id : members) {
    NewMessage m;
    m.kind = MessageKind::LoginLink;
    m.member_id = id;
    m.channel = std::string(to_string(contact.channel));
    m.recipient = contact.key;
    m.give_up_at = now + kLoginLinkValidity;  // a link that arrives later than this is of no use
    queue_message(db, m, now);
    ++out.queued;
  }
  tx.commit();
  return out;
}

MemberPreferences member_preferences(store::Database& db, std::int64_t member_id) {
  auto st = db.cached("SELECT channel, confirmations, reminders FROM member_preferences WHERE member_id = ?");
  st.bind_all(member_id);
  if (st.step()) {
    return MemberPreferences{parse_notify_channel(st.text(0)).value_or(NotifyChannel::None), st.int64(1) != 0,
                             st.int64(2) != 0};
  }
  st.reset();
  MemberPreferences prefs;
  if (const auto m = find_member(db, member_id)) {
    if (m->email) {
      prefs.channel = NotifyChannel::Email;
    } else if (m->phone && mediation::normalise_phone(*m->phone)) {
      prefs.channel = NotifyChannel::Sms;
    }
  }
  return prefs;
}

Result<MemberPreferences> set_member_preferences(store::Database& db, std::int64_t member_id,
                                                 const MemberPreferences& prefs, Instant now) {
  store::Transaction tx(db);
  const auto m = find_member(db, member_id);
  if (!m) return Error{"Ce membre n’existe pas (ou a été effacé)."};
  if (prefs.channel == NotifyChannel::Email && !m->email) {
    return Error{
        "Vous n’avez pas donné d’adresse e-mail : choisissez le SMS ou « aucun message », ou donnez votre "
        "adresse à l’accueil du tiers-lieu."};
  }
  if (prefs.channel == NotifyChannel::Sms && !(m->phone && mediation::normalise_phone(*m->phone))) {
    return Error{
        "Vous n’avez pas donné de numéro de portable : choisissez l’e-mail ou « aucun message », ou donnez "
        "votre numéro à l’accueil du tiers-lieu."};
  }
  db.cached(
        "INSERT INTO member_preferences (member_id, channel, confirmations, reminders, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET channel = excluded.channel, "
        "confirmations = excluded.confirmations, reminders = excluded.reminders, updated_at = excluded.updated_at")
      .bind_all(member_id, to_string(prefs.channel), prefs.confirmations ? 1 : 0, prefs.reminders ? 1 : 0,
                to_iso_utc(now))
      .run();
  tx.commit();
  return prefs;
}

void fill_phone_keys(store::Database& db) {
  std::vector<std::pair<std::int64_t, std::string>> rows;
  {
    auto st = db.cached("SELECT id, phone FROM members WHERE phone IS NOT NULL AND phone_e164 IS NULL");
    while (st.step()) rows.emplace_back(st.int64(0), st.text(1));
  }
  if (rows.empty()) return;
  store::Transaction tx(db);
  for (const auto& [id, phone] : rows) {
    // A phone that is not a French number gets '' (not NULL): looked at once, not at every start.
    db.cached("UPDATE members SET phone_e164 = ? WHERE id = ?")
        .bind_all(mediation::normalise_phone(phone).value_or(""), id)
        .run();
  }
  tx.commit();
}

}  // namespace escale::server
