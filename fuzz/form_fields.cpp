// Harness: the values people type into forms and the kiosk's keyboard, read
// by the shared rules: French phone numbers (normalise_phone, format_phone,
// shared/mediation/agenda.cpp), INSEE codes, UUIDs, PINs, the password rule.
// A normalised phone is E.164, normalises to itself and survives its
// printed form.
#include "auth/password.hpp"
#include "auth/pin.hpp"
#include "domain/member.hpp"
#include "domain/uuid.hpp"
#include "fuzz_support.hpp"
#include "mediation/agenda.hpp"

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = escale::fuzz::as_text(data, size);
  if (const auto phone = mediation::normalise_phone(text)) {
    FUZZ_CHECK(phone->size() == 12 && phone->rfind("+33", 0) == 0);
    FUZZ_CHECK(mediation::normalise_phone(*phone) == phone);
    const std::string printed = mediation::format_phone(*phone);
    FUZZ_CHECK(printed.size() == 14 && printed[0] == '0');
    FUZZ_CHECK(mediation::normalise_phone(printed) == phone);
  }
  (void)mediation::format_phone(text);
  if (is_valid_insee_code(text)) FUZZ_CHECK(text.size() == 5);
  if (is_valid_uuid(text)) FUZZ_CHECK(text.size() == 36);
  if (is_valid_pin(text)) FUZZ_CHECK(text.size() >= 4 && text.size() <= 6);
  const escale::fuzz::Fields fields(text);
  if (const auto problem = password_problem(fields[0], fields[1])) FUZZ_CHECK(!problem->empty());
  return 0;
}
