// Harness: kiosk enrolment codes as typed (check_enrolment_code,
// shared/domain/enrolment_code.cpp), and both programs' readers of them: the
// server's (normalise_enrolment_code, server/store/enrolment.cpp) and the
// kiosk's (kiosk/sync/enrolment.cpp). Reading is idempotent: a read code,
// and its printed form, read back to the same code; both programs agree.
#include "domain/enrolment_code.hpp"
#include "fuzz_support.hpp"
#include "store/enrolment.hpp"
#include "sync/enrolment.hpp"

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto typed = escale::fuzz::as_text(data, size);
  const CodeCheck check = check_enrolment_code(typed);
  const auto server = server::normalise_enrolment_code(typed);
  const auto kiosk = kiosk::normalise_enrolment_code(typed);
  FUZZ_CHECK(server.has_value() == (check.problem == CodeProblem::None));
  FUZZ_CHECK(kiosk.ok() == (check.problem == CodeProblem::None));
  if (check.problem == CodeProblem::BadCharacter) FUZZ_CHECK(!check.bad_character.empty());
  (void)format_enrolment_code(check.code);
  if (check.problem != CodeProblem::None) {
    FUZZ_CHECK(!kiosk.error().empty());
    return 0;
  }
  FUZZ_CHECK(*server == check.code && *kiosk == check.code);
  FUZZ_CHECK(check.code.size() == kEnrolmentCodeLength);
  for (const char c : check.code) FUZZ_CHECK(kEnrolmentAlphabet.find(c) != std::string_view::npos);
  const CodeCheck again = check_enrolment_code(check.code);
  FUZZ_CHECK(again.problem == CodeProblem::None && again.code == check.code);
  const std::string printed = format_enrolment_code(check.code);
  FUZZ_CHECK(printed.size() == kEnrolmentCodeLength + 1 && printed[5] == '-');
  const CodeCheck from_print = check_enrolment_code(printed);
  FUZZ_CHECK(from_print.problem == CodeProblem::None && from_print.code == check.code);
  return 0;
}
