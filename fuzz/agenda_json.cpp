// Harness: the JSON forms of the help agenda's objects (shared/sync/
// agenda_json.cpp), decoded strictly — a participant, an activity record,
// the help agenda, an appointment; the first byte picks which. Whatever
// decodes must encode to a text that decodes and encodes to the same text
// again (encoders may leave out what the other side must not get, such as an
// appointment's phones). An activity record that
// validates also goes through the anonymised CSV export, which must read
// back with one row per record and the same number of cells as the header.
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "mediation/activity.hpp"
#include "sync/agenda_json.hpp"
#include "sync/json_fields.hpp"
#include "text/csv.hpp"

using namespace escale;
using namespace escale::sync::detail;

namespace {

template <typename T, typename Decode, typename Encode>
void round_trip(const nlohmann::json& j, Decode decode, Encode encode) {
  T value;
  try {
    value = decode(j, "x");
  } catch (const DecodeError& e) {
    FUZZ_CHECK(e.message.rfind("x", 0) == 0);  // the error names the field
    return;
  }
  const nlohmann::json encoded = encode(value);
  T again;
  try {
    again = decode(encoded, "x");
  } catch (const DecodeError& e) {
    std::fprintf(stderr, "re-decoding failed: %s\n%s\n", e.message.c_str(), encoded.dump().c_str());
    FUZZ_CHECK(false);
  }
  FUZZ_CHECK(encode(again) == encoded);
  if constexpr (std::is_same_v<T, mediation::ActivityRecord>) {
    if (mediation::validate(value)) return;
    const mediation::ActivityExportRow rows[] = {{value, "Tiers-lieu"}, {value, "Site, « deux »"}};
    for (const bool spreadsheet : {false, true}) {
      const auto parsed = csv::parse(mediation::activities_csv(rows, spreadsheet), spreadsheet ? ';' : ',');
      FUZZ_CHECK(parsed.size() == 3);
      FUZZ_CHECK(parsed[1].size() == parsed[0].size() && parsed[2].size() == parsed[0].size());
      FUZZ_CHECK(parsed[2][1] == "Site, « deux »");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto j = nlohmann::json::parse(escale::fuzz::as_text(data + 1, size - 1), nullptr, false);
  if (j.is_discarded()) return 0;
  switch (data[0] % 4) {
    case 0:
      round_trip<mediation::Participant>(j, decode_participant, encode_participant);
      break;
    case 1:
      round_trip<mediation::ActivityRecord>(j, decode_activity, encode_activity);
      break;
    case 2:
      round_trip<sync::HelpAgenda>(j, decode_help_agenda, encode_help_agenda);
      break;
    default:
      round_trip<sync::AppointmentRecord>(j, decode_appointment, encode_appointment);
      break;
  }
  return 0;
}
