// Harness: what a person types to receive a « Mon espace » login link
// (parse_contact, server/store/member_portal.cpp): an e-mail address or a
// French phone, or nothing. What it reads is read back the same (a key
// stays a key); an e-mail key is lower case with one '@' and no space or
// control character; a phone key is « +33 » and nine digits.
#include "fuzz_support.hpp"
#include "store/member_portal.hpp"
#include "text/utf8.hpp"

#include <algorithm>

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto typed = escale::fuzz::as_text(data, size);
  const auto contact = server::parse_contact(typed);
  if (!contact) return 0;
  const auto& key = contact->key;
  FUZZ_CHECK(!key.empty() && key.size() <= 254 && utf8::is_valid(key));
  if (contact->channel == server::LinkChannel::Email) {
    FUZZ_CHECK(std::count(key.begin(), key.end(), '@') == 1);
    for (const char c : key) {
      const auto u = static_cast<unsigned char>(c);
      FUZZ_CHECK(u > 0x20 && u != 0x7F && !(c >= 'A' && c <= 'Z'));
    }
  } else {
    FUZZ_CHECK(contact->channel == server::LinkChannel::Sms);
    FUZZ_CHECK(key.size() == 12 && key.starts_with("+33"));
    for (std::size_t i = 3; i < key.size(); ++i) FUZZ_CHECK(key[i] >= '0' && key[i] <= '9');
  }
  const auto again = server::parse_contact(key);
  FUZZ_CHECK(again && again->channel == contact->channel && again->key == key);
  return 0;
}
