// Password checks and argon2id hashing. See password.hpp.
#include "auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "crypto/sodium.hpp"

namespace escale {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool lower_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password, std::string_view login) {
  if (password.size() > kMaxPasswordBytes) return "Ce mot de passe est trop long (1 024 octets au plus).";
  if (code_points(password) < kMinPasswordChars)
    return "Le mot de passe doit faire au moins 12 caractères (une phrase de passe convient très bien).";
  if (password.find_first_not_of(password.front()) == std::string_view::npos)
    return "Le mot de passe ne peut pas répéter un seul caractère.";
  if (!login.empty() && lower_equal(password, login)) return "Le mot de passe ne peut pas être l’identifiant.";
  return std::nullopt;
}

Result<std::string> hash_password(std::string_view password) {
  if (auto problem = password_problem(password)) return Error{*problem};
  crypto::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& hash) {
  if (password.empty() || password.size() > kMaxPasswordBytes) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with("$argon2id$")) return false;
  crypto::ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verify_password_decoy(std::string_view password) {
  // A fixed hash of a password nobody types (made once per process).
  static const std::string decoy = [] {
    auto h = hash_password("decoy password nobody can type \x01");
    return h ? *h : std::string();
  }();
  (void)verify_password(password.empty() ? std::string_view("x") : password, decoy);
}

}  // namespace escale
