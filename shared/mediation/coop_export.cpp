// Activity records in La Coop's API shapes (see coop_export.hpp).
#include "mediation/coop_export.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "crypto/sodium.hpp"
#include "text/csv.hpp"
#include "time/clock.hpp"
#include "time/iso_date.hpp"

namespace escale::mediation {
namespace {

using ojson = nlohmann::ordered_json;

// BLAKE2b over the parts, each followed by a 0 byte, cut to 16 bytes, marked
// as a version-8 UUID (RFC 9562: custom), lower-case hex with hyphens.
std::string derived_uuid(std::string_view kind, std::int64_t number, std::string_view scope) {
  crypto::ensure_sodium();
  std::string input;
  for (std::string_view part : {std::string_view{"escale-coop-v1"}, scope, kind}) {
    input += part;
    input += '\0';
  }
  input += std::to_string(number);
  std::array<unsigned char, 16> bytes{};
  crypto_generichash(bytes.data(), bytes.size(), reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                     nullptr, 0);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x80);  // version 8
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 9562 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

ojson text_or_null(const std::optional<std::string>& value) {
  return value && !value->empty() ? ojson(*value) : ojson(nullptr);
}

// La Coop's counts of one activity's people: every value of each list at 0
// first (in the API's order), then the people. An individual record is one
// person with the record's gender, age bracket and status; a workshop's
// participants are people Escale knows nothing of: non_communique.
ojson beneficiaires(const ActivityRecord& r) {
  ojson genres = {{"masculin", 0}, {"feminin", 0}, {"non_communique", 0}};
  ojson ages = {{"moins_de_douze", 0},         {"douze_dix_huit", 0},          {"dix_huit_vingt_quatre", 0},
                {"vingt_cinq_trente_neuf", 0}, {"quarante_cinquante_neuf", 0}, {"soixante_soixante_neuf", 0},
                {"soixante_dix_plus", 0},      {"non_communique", 0}};
  ojson statuts = {{"scolarise", 0}, {"sans_emploi", 0}, {"en_emploi", 0}, {"retraite", 0}, {"non_communique", 0}};
  const int people = r.collective ? std::max(1, r.participants) : 1;
  auto add = [people](ojson& counts, const std::string& code) {
    const std::string key = counts.contains(code) ? code : std::string{"non_communique"};
    counts[key] = counts[key].get<int>() + people;
  };
  add(genres, r.collective ? std::string{} : r.gender);
  add(ages, r.collective ? std::string{} : r.age_bracket);
  add(statuts, r.collective ? std::string{} : r.social_status);
  return {{"total", people}, {"genres", genres}, {"tranches_age", ages}, {"statuts", statuts}};
}

// One activity's attributes, in the order La Coop's handler writes them.
ojson attributes(const ActivityExportRow& row, const CoopExportOptions& options) {
  const ActivityRecord& r = row.record;
  const std::string place = r.place.empty() ? std::string{"lieu_activite"} : r.place;
  const bool at_site = place == "lieu_activite";
  std::optional<std::string> commune;
  if (!at_site && r.place_insee && !r.place_insee->empty() && options.commune_name) {
    commune = options.commune_name(*r.place_insee);
  }
  const std::optional<bool> sent = oriented(r);
  const std::string_view level = r.collective ? coop_level_code(r.level) : std::string_view{};
  ojson a;
  a["type"] = r.collective ? "collectif" : "individuel";
  a["mediateur_id"] = coop_mediator_id(r.mediator_id, options.scope);
  a["user_id"] = coop_user_id(r.mediator_id, options.scope);
  a["date"] = to_iso_date(r.date);
  a["duree"] = r.duration.count();
  a["structure_id"] = at_site ? ojson(coop_structure_id(r.site_id, options.scope)) : ojson(nullptr);
  a["lieu_code_postal"] = nullptr;  // Escale keeps the INSEE code, not the postcode
  a["lieu_commune"] = text_or_null(commune);
  a["lieu_code_insee"] = at_site ? ojson(nullptr) : text_or_null(r.place_insee);
  a["creation"] = to_iso_utc(r.recorded_at);
  a["modification"] = to_iso_utc(row.updated_at == Instant{} ? r.recorded_at : row.updated_at);
  a["suppression"] = nullptr;  // Escale exports no deleted record
  a["type_lieu"] = place;
  a["autonomie"] = r.autonomy.empty() ? ojson(nullptr) : ojson(r.autonomy);
  a["structure_de_redirection"] = text_or_null(r.redirection);
  a["thematiques"] = r.themes;
  a["tags"] = ojson::array();
  a["materiel"] = r.equipment;
  a["oriente_vers_structure"] = sent ? ojson(*sent) : ojson(nullptr);
  a["precisions_demarche"] = nullptr;  // no such field in Escale's record
  a["titre_atelier"] = r.collective && !r.workshop_title.empty() ? ojson(r.workshop_title) : ojson(nullptr);
  a["niveau_atelier"] = level.empty() ? ojson(nullptr) : ojson(level);
  a["accompagnements"] = r.collective ? std::max(1, r.participants) : 1;
  a["beneficiaires"] = beneficiaires(r);
  return a;
}

ojson resource(const ActivityExportRow& row, const CoopExportOptions& options) {
  return {{"type", "activite"}, {"id", row.record.id}, {"attributes", attributes(row, options)}};
}

// A value's cell: nested objects were flattened before.
csv::Cell cell_of(const ojson& v) {
  if (v.is_null()) return csv::text("");
  if (v.is_boolean()) return csv::text(v.get<bool>() ? "true" : "false");
  if (v.is_number_integer()) return csv::number(std::to_string(v.get<std::int64_t>()));
  if (v.is_array()) {
    std::string joined;
    for (const auto& item : v) {
      if (!joined.empty()) joined += '|';
      joined += item.get<std::string>();
    }
    return csv::text(joined);
  }
  return csv::text(v.get<std::string>());
}

void flatten(const ojson& object, const std::string& prefix, std::vector<std::string>& names,
             std::vector<csv::Cell>& cells) {
  for (const auto& [key, value] : object.items()) {
    const std::string name = prefix.empty() ? key : prefix + "_" + key;
    if (value.is_object()) {
      flatten(value, name, names, cells);
    } else {
      names.push_back(name);
      cells.push_back(cell_of(value));
    }
  }
}

// The CSV header: flatten() of attributes() gives these names (asserted).
constexpr std::array<std::string_view, 41> kCsvColumns{
    "id",
    "type",
    "mediateur_id",
    "user_id",
    "date",
    "duree",
    "structure_id",
    "lieu_code_postal",
    "lieu_commune",
    "lieu_code_insee",
    "creation",
    "modification",
    "suppression",
    "type_lieu",
    "autonomie",
    "structure_de_redirection",
    "thematiques",
    "tags",
    "materiel",
    "oriente_vers_structure",
    "precisions_demarche",
    "titre_atelier",
    "niveau_atelier",
    "accompagnements",
    "beneficiaires_total",
    "beneficiaires_genres_masculin",
    "beneficiaires_genres_feminin",
    "beneficiaires_genres_non_communique",
    "beneficiaires_tranches_age_moins_de_douze",
    "beneficiaires_tranches_age_douze_dix_huit",
    "beneficiaires_tranches_age_dix_huit_vingt_quatre",
    "beneficiaires_tranches_age_vingt_cinq_trente_neuf",
    "beneficiaires_tranches_age_quarante_cinquante_neuf",
    "beneficiaires_tranches_age_soixante_soixante_neuf",
    "beneficiaires_tranches_age_soixante_dix_plus",
    "beneficiaires_tranches_age_non_communique",
    "beneficiaires_statuts_scolarise",
    "beneficiaires_statuts_sans_emploi",
    "beneficiaires_statuts_en_emploi",
    "beneficiaires_statuts_retraite",
    "beneficiaires_statuts_non_communique",
};

}  // namespace

std::string coop_mediator_id(std::int64_t mediator_id, std::string_view scope) {
  return derived_uuid("mediateur", mediator_id, scope);
}
std::string coop_user_id(std::int64_t mediator_id, std::string_view scope) {
  return derived_uuid("user", mediator_id, scope);
}
std::string coop_structure_id(std::int64_t site_id, std::string_view scope) {
  return derived_uuid("structure", site_id, scope);
}

std::vector<ActivityExportRow> in_coop_order(std::span<const ActivityExportRow> rows) {
  std::vector<ActivityExportRow> out(rows.begin(), rows.end());
  auto modified = [](const ActivityExportRow& row) {
    return row.updated_at == Instant{} ? row.record.recorded_at : row.updated_at;
  };
  std::stable_sort(out.begin(), out.end(), [&](const ActivityExportRow& a, const ActivityExportRow& b) {
    if (modified(a) != modified(b)) return modified(a) > modified(b);
    return a.record.id > b.record.id;
  });
  return out;
}

std::string coop_activities_json(std::span<const ActivityExportRow> rows, const CoopExportOptions& options) {
  ojson data = ojson::array();
  for (const auto& row : in_coop_order(rows)) data.push_back(resource(row, options));
  const auto count = static_cast<std::int64_t>(rows.size());
  ojson doc;
  doc["data"] = std::move(data);
  doc["links"] = {{"self", {{"href", options.self_href}}}};
  doc["meta"] = {{"total_count", count},
                 {"items_per_page", count},
                 {"total_pages", count > 0 ? 1 : 0},
                 {"has_next_page", false},
                 {"has_prev_page", false}};
  return doc.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::span<const std::string_view> coop_csv_columns() {
  return kCsvColumns;
}

std::string coop_activities_csv(std::span<const ActivityExportRow> rows, const CoopExportOptions& options,
                                bool spreadsheet) {
  const char separator = spreadsheet ? ';' : ',';
  std::string out;
  if (spreadsheet) out += csv::kByteOrderMark;
  const auto columns = coop_csv_columns();
  const std::vector<std::string> header(columns.begin(), columns.end());
  csv::append_row(out, header, separator);
  std::vector<std::string> names;
  std::vector<csv::Cell> cells;
  for (const auto& row : in_coop_order(rows)) {
    names.assign(1, "id");
    cells.assign(1, csv::text(row.record.id));
    flatten(attributes(row, options), "", names, cells);
    assert(std::equal(names.begin(), names.end(), columns.begin(), columns.end()));
    csv::append_row(out, cells, separator);
  }
  return out;
}

}  // namespace escale::mediation
