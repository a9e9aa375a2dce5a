// Activity records in the shapes La Coop de la médiation numérique's public
// API gives them (GET /api/v1/activites, inclusion-numerique/
// coop-mediation-numerique, apps/web/src/app/api/v1/activites/route.ts), so
// that a mediator who reports to La Coop copies nothing by hand: the JSON:API
// list document, and the same attributes as one CSV row per activity.
// docs/la-coop.md says how each Escale field becomes an attribute and why.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mediation/activity.hpp"

namespace escale::mediation {

struct CoopExportOptions {
  // Mixed into the derived ids (the network's SIREN when it has one), so that
  // two Escale networks do not give the same ids; empty is allowed.
  std::string scope;
  // links.self.href: the address this document was asked for.
  std::string self_href;
  // A commune's name from its INSEE code (lieu_commune); nullopt when unknown.
  std::function<std::optional<std::string>(std::string_view insee)> commune_name;
};

// Stable UUIDs where La Coop has ids Escale does not keep: version 8 (RFC
// 9562), the first 16 bytes of BLAKE2b over "escale-coop-v1", the scope, the
// kind ("mediateur", "user", "structure") and the Escale number. The same
// mediator or site always gives the same id; two kinds never share one.
std::string coop_mediator_id(std::int64_t mediator_id, std::string_view scope);
std::string coop_user_id(std::int64_t mediator_id, std::string_view scope);
std::string coop_structure_id(std::int64_t site_id, std::string_view scope);

// The rows in La Coop's order: last modification first, then id descending.
std::vector<ActivityExportRow> in_coop_order(std::span<const ActivityExportRow> rows);

// The JSON:API list document, compact, keys in the order La Coop's API writes
// them: {"data":[{"type":"activite","id":…,"attributes":{…}}…],
// "links":{"self":{"href":…}},"meta":{total_count, items_per_page,
// total_pages, has_next_page, has_prev_page}}. One page holds every row.
std::string coop_activities_json(std::span<const ActivityExportRow> rows, const CoopExportOptions& options);

// The column names of the CSV: "id", then the attributes in the API's order,
// beneficiaires flattened (beneficiaires_total, beneficiaires_genres_masculin…).
std::span<const std::string_view> coop_csv_columns();
// One row per activity (in La Coop's order), through shared/text/csv: nulls
// are empty cells, booleans true | false, lists joined with `|`, numbers as
// numbers, text cells neutralised. `spreadsheet`: the « tableur » variant
// (semicolons, a byte-order mark).
std::string coop_activities_csv(std::span<const ActivityExportRow> rows, const CoopExportOptions& options,
                                bool spreadsheet = false);

}  // namespace escale::mediation
