// Kiosk enrolment codes: issued hashed, exchanged once for a token.
#include "store/enrolment.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"
#include "store/sites.hpp"

namespace escale::server {
namespace {

std::int64_t recent_failures(store::Database& db, std::string_view client, Instant since) {
  auto st = db.cached("SELECT count(*) FROM enrolment_failures WHERE client = ? AND at > ?");
  st.bind_all(std::string(client), to_iso_utc(since));
  const std::int64_t n = st.step() ? st.int64(0) : 0;
  return n;
}

std::chrono::seconds retry_after(store::Database& db, std::string_view client, Instant now) {
  auto st = db.cached("SELECT min(at) FROM enrolment_failures WHERE client = ? AND at > ?");
  st.bind_all(std::string(client), to_iso_utc(now - kEnrolmentWindow));
  std::optional<Instant> oldest;
  if (st.step() && !st.is_null(0)) oldest = parse_iso_utc(st.text(0));
  st.reset();
  if (!oldest) return std::chrono::seconds(60);
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(*oldest + kEnrolmentWindow - now);
  return std::max(wait, std::chrono::seconds(1));
}

EnrolmentOutcome refused(EnrolmentRefusal r, std::string message) {
  EnrolmentOutcome out;
  out.refusal = r;
  out.message = std::move(message);
  return out;
}

}  // namespace

std::optional<std::string> normalise_enrolment_code(std::string_view typed) {
  auto check = check_enrolment_code(typed);
  if (check.problem != CodeProblem::None) return std::nullopt;
  return std::move(check.code);
}

std::string_view to_string(EnrolmentRefusal r) {
  switch (r) {
    case EnrolmentRefusal::Malformed:
      return "malformed";
    case EnrolmentRefusal::UnknownCode:
      return "unknown_code";
    case EnrolmentRefusal::ExpiredCode:
      return "expired_code";
    case EnrolmentRefusal::UsedCode:
      return "used_code";
    case EnrolmentRefusal::TooManyAttempts:
      return "too_many_attempts";
  }
  return "unknown_code";
}

Result<EnrolmentCode> issue_enrolment_code(store::Database& db, std::int64_t kiosk_id, Instant now) {
  if (!crypto::sodium_ready()) return Error{"libsodium could not be initialised"};
  store::Transaction tx(db);
  auto kiosk = db.prepare("SELECT revoked_at FROM kiosks WHERE id = ?");
  kiosk.bind(1, kiosk_id);
  if (!kiosk.step()) {
    return Error{"La borne n° " + std::to_string(kiosk_id) +
                 " n’existe pas : vérifiez avec « escale-server kiosk list »."};
  }
  if (!kiosk.is_null(0)) {
    return Error{"La borne n° " + std::to_string(kiosk_id) +
                 " a été retirée : ajoutez-en une nouvelle avec « escale-server kiosk add »."};
  }
  // Earlier codes of this kiosk that were not used stop working.
  db.prepare("DELETE FROM kiosk_enrolment_codes WHERE kiosk_id = ? AND used_at IS NULL").bind(1, kiosk_id).run();
  EnrolmentCode issued;
  issued.kiosk_id = kiosk_id;
  issued.expires_at = now + kEnrolmentValidity;
  std::string code(kEnrolmentCodeLength, ' ');
  for (auto& c : code)
    c = kEnrolmentAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kEnrolmentAlphabet.size()))];
  db.prepare("INSERT INTO kiosk_enrolment_codes (code_hash, kiosk_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
      .bind_all(hash_token(code), kiosk_id, to_iso_utc(now), to_iso_utc(issued.expires_at))
      .run();
  tx.commit();
  issued.code = format_enrolment_code(code);
  return issued;
}

EnrolmentOutcome enrol_kiosk(store::Database& db, std::string_view typed_code, std::string_view client, Instant now) {
  store::Transaction tx(db);
  if (recent_failures(db, client, now - kEnrolmentWindow) >= kEnrolmentMaxFailures) {
    auto out = refused(EnrolmentRefusal::TooManyAttempts, "");
    out.retry_after = retry_after(db, client, now);
    const auto minutes = (out.retry_after.count() + 59) / 60;
    out.message = "Trop d’essais de code depuis cette adresse : réessayez dans " + std::to_string(minutes) +
                  (minutes > 1 ? " minutes." : " minute.");
    return out;
  }
  auto fail = [&](EnrolmentRefusal r, std::string message) {
    db.cached("INSERT INTO enrolment_failures (client, at) VALUES (?, ?)")
        .bind_all(std::string(client), to_iso_utc(now))
        .run();
    db.cached("DELETE FROM enrolment_failures WHERE at < ?").bind_all(to_iso_utc(now - std::chrono::hours(24))).run();
    tx.commit();
    return refused(r, std::move(message));
  };
  const auto code = normalise_enrolment_code(typed_code);
  if (!code) {
    return fail(EnrolmentRefusal::Malformed,
                "Un code d’inscription a 10 caractères, lettres et chiffres (sans I, O, 0 ni 1), par exemple "
                "K7QF2-M9XDA.");
  }
  auto st = db.prepare(
      "SELECT c.kiosk_id, c.expires_at, c.used_at, k.site_id, k.name, k.revoked_at, s.name "
      "FROM kiosk_enrolment_codes c JOIN kiosks k ON k.id = c.kiosk_id JOIN sites s ON s.id = k.site_id "
      "WHERE c.code_hash = ?");
  st.bind(1, hash_token(*code));
  if (!st.step() || !st.is_null(5)) {
    return fail(EnrolmentRefusal::UnknownCode,
                "Ce code d’inscription n’est pas connu du serveur : vérifiez chaque caractère, ou demandez un "
                "nouveau code (« escale-server kiosk code --id N »).");
  }
  if (!st.is_null(2)) {
    return fail(EnrolmentRefusal::UsedCode,
                "Ce code a déjà servi à inscrire une borne. Pour inscrire de nouveau celle-ci, demandez un nouveau "
                "code (« escale-server kiosk code --id " +
                    std::to_string(st.int64(0)) + " »).");
  }
  const auto expires = parse_iso_utc(st.text(1));
  if (!expires || *expires <= now) {
    return fail(EnrolmentRefusal::ExpiredCode,
                "Ce code a expiré (il vaut 7 jours) : demandez un nouveau code (« escale-server kiosk code --id " +
                    std::to_string(st.int64(0)) + " »).");
  }
  Enrolled enrolled;
  enrolled.kiosk.kiosk = KioskIdentity{st.int64(0), st.int64(3), st.text(4)};
  enrolled.site_name = st.text(6);
  enrolled.kiosk.token = make_token("esk_");
  db.prepare("UPDATE kiosks SET token_hash = ? WHERE id = ?")
      .bind_all(hash_token(enrolled.kiosk.token), enrolled.kiosk.kiosk.id)
      .run();
  db.prepare("UPDATE kiosk_enrolment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?")
      .bind_all(to_iso_utc(now), std::string(client), hash_token(*code))
      .run();
  tx.commit();
  EnrolmentOutcome out;
  out.enrolled = std::move(enrolled);
  return out;
}

}  // namespace escale::server
