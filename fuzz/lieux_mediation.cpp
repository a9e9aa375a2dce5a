// Harness: the open-data writer's input (shared/opendata/lieux_mediation.cpp):
// a place as the back office and the CLI fill it, field by field (fields on
// 0x1F, list items on 0x1E). Every place is validated; one that validates is
// written and must read back, cell for cell, as to_row() says, under the
// schema's header. The suggested file name is made from the same text.
#include <cstring>

#include "fuzz_support.hpp"
#include "opendata/lieux_mediation.hpp"
#include "text/csv.hpp"
#include "text/trim.hpp"

using namespace escale;
using namespace escale::opendata;

namespace {

std::vector<std::string> list(std::string_view field) {
  std::vector<std::string> out;
  if (field.empty()) return out;
  while (true) {
    const auto sep = field.find('\x1e');
    out.emplace_back(field.substr(0, sep));
    if (sep == std::string_view::npos) break;
    field.remove_prefix(sep + 1);
  }
  return out;
}

std::optional<double> coordinate(std::string_view field) {
  if (field.empty()) return std::nullopt;
  double v = 0;
  if (field.size() == sizeof v) {
    std::memcpy(&v, field.data(), sizeof v);  // any double: NaN, infinities, subnormals
    return v;
  }
  try {
    return std::stod(std::string(field));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const escale::fuzz::Fields f(escale::fuzz::as_text(data, size));
  std::size_t i = 0;
  const auto text = [&] { return std::string(f[i++]); };
  MediationPlace p;
  p.id = text();
  p.pivot = text();
  p.nom = text();
  p.commune = text();
  p.code_postal = text();
  p.adresse = text();
  const auto date = f[i++];
  p.date_maj = CivilDate{static_cast<int>(f.number(i++) % 10000), static_cast<int>(f.number(i++) % 13),
                         static_cast<int>(f.number(i++) % 32)};
  if (date.size() == 10) p.date_maj = parse_iso_date(date).value_or(p.date_maj);
  p.code_insee = text();
  p.complement_adresse = text();
  p.latitude = coordinate(f[i++]);
  p.longitude = coordinate(f[i++]);
  p.typologie = list(f[i++]);
  p.telephone = text();
  p.courriels = list(f[i++]);
  p.site_web = list(f[i++]);
  p.horaires = text();
  p.presentation_resume = text();
  p.presentation_detail = text();
  p.source = text();
  p.itinerance = list(f[i++]);
  p.structure_parente = text();
  p.services = list(f[i++]);
  p.publics_specifiquement_adresses = list(f[i++]);
  p.prise_en_charge_specifique = list(f[i++]);
  p.frais_a_charge = list(f[i++]);
  p.dispositif_programmes_nationaux = list(f[i++]);
  p.formations_labels = list(f[i++]);
  p.autres_formations_labels = list(f[i++]);
  p.modalites_acces = list(f[i++]);
  p.modalites_accompagnement = list(f[i++]);
  p.fiche_acces_libre = text();
  p.prise_rdv = text();

  for (const FieldError& e : validate(p)) FUZZ_CHECK(!e.column.empty() && !e.message.empty());
  const MediationPlace twice[] = {p, p};
  // Two places with one id are reported, unless the id is blank (validate() says it is missing).
  FUZZ_CHECK(duplicate_ids(twice).empty() == text::is_blank(p.id));
  (void)suggested_file_name(p.date_maj, p.pivot, p.nom);

  const auto row = to_row(p);
  const auto columns = lieux_mediation_columns();
  FUZZ_CHECK(row.size() == columns.size());
  if (!validate(p).empty()) return 0;
  const MediationPlace one[] = {p};
  const auto file = csv::parse(lieux_mediation_csv(one));
  FUZZ_CHECK(file.size() == 2);
  FUZZ_CHECK(file[0].size() == columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) FUZZ_CHECK(file[0][c] == columns[c]);
  FUZZ_CHECK(file[1] == row);
  return 0;
}
