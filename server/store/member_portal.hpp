// « Mon espace » (issue 18): how a member logs in on their phone without a
// password, and the sessions that keeps open. SQL for the tables of schema
// v9 (member_login_links, member_sessions, member_link_requests,
// member_preferences).
//
// A login link is single use, valid kLoginLinkValidity, and only its hash is
// stored. It comes from the kiosk (a QR code after the member's badge), or by
// e-mail or SMS when the member types the address or phone on file
// (request_login_link: the answer a person sees is the same whether or not
// the address is known; requests are limited per address and per client).
// Opening a link starts a session of kMemberSessionLength on that browser,
// listed in « Mon espace » with its device and last use, and ended there, by
// an animator, or when the member is erased.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/member.hpp"
#include "result.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

inline constexpr std::chrono::minutes kLoginLinkValidity{10};
inline constexpr std::chrono::hours kMemberSessionLength{24 * 90};
// Links made for one member within kLinkWindow, all channels together (a
// kiosk's QR code, a message): beyond, a new one is refused until older ones age.
inline constexpr int kMaxLinksPerMember = 5;
inline constexpr std::chrono::minutes kLinkWindow{10};
// « Recevoir un lien »: requests per address typed and per client address, per hour.
inline constexpr int kMaxRequestsPerAddress = 3;
inline constexpr int kMaxRequestsPerClient = 10;
inline constexpr std::chrono::minutes kRequestWindow{60};
// An address shared by a family: at most this many members get a link from one request.
inline constexpr int kMaxMembersPerAddress = 3;

enum class LinkChannel { Kiosk, Email, Sms };
std::string_view to_string(LinkChannel c);  // "kiosk", "email", "sms"
std::optional<LinkChannel> parse_link_channel(std::string_view s);

// What a person typed to receive a link: an e-mail address (lower case) or a
// French phone number (E.164). nullopt when it is neither.
struct Contact {
  LinkChannel channel = LinkChannel::Email;  // Email or Sms
  std::string key;                           // "marie@example.fr", "+33612345678"
};
std::optional<Contact> parse_contact(std::string_view typed);

struct LoginLink {
  std::string token;  // "eml_" + 64 hex digits: shown once (QR code, message), never stored
  Instant expires_at{};
};
// A new link for an active member; refused (with a sentence) for an unknown
// or erased member, or when kMaxLinksPerMember links were made within kLinkWindow.
Result<LoginLink> issue_login_link(store::Database& db, std::int64_t member_id, LinkChannel channel, Instant now);

struct MemberSession {
  std::int64_t id = 0;
  std::string token;  // the cookie's value: only set by redeem_login_link
  std::string csrf_token;
  Member member;
  std::string device;
  LinkChannel via = LinkChannel::Kiosk;
  Instant created_at{};
  Instant last_seen_at{};
  Instant expires_at{};
};

enum class LinkProblem { None, Unknown, Expired, Used, MemberGone };
struct RedeemOutcome {
  std::optional<MemberSession> session;
  LinkProblem problem = LinkProblem::None;
};
// What opening this link would do, without spending it (the GET page of a link).
LinkProblem check_login_link(store::Database& db, std::string_view token, Instant now);
// Opens a session with a link, once: the link is spent in the same
// transaction, so two browsers racing with one link get one session.
RedeemOutcome redeem_login_link(store::Database& db, std::string_view token, std::string_view device, Instant now);

// The open session of a cookie token; records its use (at most once a minute).
std::optional<MemberSession> find_member_session(store::Database& db, std::string_view token, Instant now);
// The member logs out on this browser.
void end_member_session(store::Database& db, std::string_view token, Instant now);
// « Fermer » in the member's list of sessions: only one of their own.
bool end_member_session(store::Database& db, std::int64_t member_id, std::int64_t session_id, Instant now);
// An animator (or an erasure) ends every session of a member; returns how many were open.
int end_member_sessions(store::Database& db, std::int64_t member_id, std::string_view ended_by, Instant now);

struct MemberSessionRow {
  std::int64_t id = 0;
  std::string device;
  LinkChannel via = LinkChannel::Kiosk;
  Instant created_at{};
  Instant last_seen_at{};
  Instant expires_at{};
};
// A member's open sessions, last used first.
std::vector<MemberSessionRow> list_member_sessions(store::Database& db, std::int64_t member_id, Instant now);

// « Recevoir un lien »: records the request, and queues a login-link message
// (store/messages.hpp) to each active member (at most kMaxMembersPerAddress)
// whose e-mail or phone is the contact. `throttled` when this address or this
// client asked too often within kRequestWindow: nothing is queued (the page
// still says the same as for an unknown address, with when to try again).
struct LinkRequestOutcome {
  bool throttled = false;
  int queued = 0;  // messages queued (0 for an unknown address: the caller must not tell)
};
LinkRequestOutcome request_login_link(store::Database& db, const Contact& contact, std::string_view client,
                                      Instant now);

// A member's notification choices: by e-mail, SMS or none; booking
// confirmations and reminders the evening before. Defaults: the member's
// e-mail if they have one, else SMS if a phone, else none; confirmations yes,
// reminders no (opt-in).
enum class NotifyChannel { Email, Sms, None };
std::string_view to_string(NotifyChannel c);
std::optional<NotifyChannel> parse_notify_channel(std::string_view s);
struct MemberPreferences {
  NotifyChannel channel = NotifyChannel::None;
  bool confirmations = true;
  bool reminders = false;
  friend bool operator==(const MemberPreferences&, const MemberPreferences&) = default;
};
MemberPreferences member_preferences(store::Database& db, std::int64_t member_id);
// Refused when the channel needs a contact the member has not given.
Result<MemberPreferences> set_member_preferences(store::Database& db, std::int64_t member_id,
                                                 const MemberPreferences& prefs, Instant now);

// members.phone_e164 for every member whose phone has none yet (schema v9
// upgrade; add_member and update_member keep it for new phones).
void fill_phone_keys(store::Database& db);

}  // namespace escale::server
