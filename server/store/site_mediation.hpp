// What a site that offers digital mediation publishes beyond its name,
// address and hours: its structure's SIRET (pivot), postal code and commune
// name, a contact phone (also the « Pour annuler » number of reminders), and
// any optional column of the « lieux de médiation numérique » schema. The
// open-data export (GET /opendata/lieux-mediation-numerique.csv) has one row
// per site that has these details and whose row conforms to the schema; the
// others are left out and named (LeftOutSite). docs/open-data.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "opendata/lieux_mediation.hpp"
#include "result.hpp"
#include "store/bookings.hpp"  // Actor
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

struct SiteMediationInfo {
  std::int64_t site_id = 0;
  std::string pivot;        // SIRET (14 digits) or RNA (W + 9); no RIDET
  std::string postal_code;  // 5 digits
  std::string commune;      // « Saint-Yrieix-la-Perche »
  std::string phone;        // E.164 (typed in any French form, normalised)
  // Optional schema columns by name → value; multi-valued ones hold their
  // values joined with '|' (« Prendre un RDV en ligne|Se présenter »).
  std::map<std::string, std::string> extra;
};

// Checks every field against the schema (the whole row as it would be
// published) and stores the details (the pivot made canonical: spaces
// dropped), dating the site's row in the same transaction when a cell
// changed (refresh_open_data_row); the message lists each problem.
Result<SiteMediationInfo> set_site_mediation(store::Database& db, const SiteMediationInfo& info, const Actor& actor);
std::optional<SiteMediationInfo> find_site_mediation(store::Database& db, std::int64_t site_id);

// A site with open-data details that the file leaves out, and why: named in
// the back office (web/open_data_panel.hpp) and in the server's log.
struct LeftOutSite {
  std::int64_t site_id = 0;
  std::string site_name{};
  std::vector<std::string> fields{};    // the columns at fault, e.g. {"adresse"}
  std::vector<std::string> problems{};  // French, one per fault: « adresse manquante », or the schema's rule
};

struct MediationPlaces {
  std::vector<opendata::MediationPlace> places;  // rows that conform, by site id
  std::vector<std::int64_t> site_ids;            // each place's site (same order)
  std::vector<LeftOutSite> left_out{};           // sites with details whose row does not conform, by site id
  std::vector<std::string> skipped;              // « Tiers-lieu X : adresse manquante » per left-out site
};
// The file's rows at `at`. prise_rdv: the site's own booking address, else,
// when it offers individual help appointments, its public help page
// ({public_url}/lieux-du-reseau/{site}/aide, as web::public_help_url). Each
// row's date_maj is the day one of its cells last changed: the rows are
// compared with the ones site_opendata kept and a change is dated `at` (one
// write transaction; a help page's address is compared without public_url).
MediationPlaces mediation_places(store::Database& db, std::string_view public_url = {}, Instant at = now());

// In the caller's transaction: builds the site's row, compares it with the
// kept one, and dates a change `at`. Every store write that may change a cell
// of a site's row calls it (update_site, set_site_mediation); the file's
// production catches the rest (help appointment types, which decide
// prise_rdv). Nothing for a site without details or left out of the file.
void refresh_open_data_row(store::Database& db, std::int64_t site_id, Instant at);
// The site, when the file leaves it out, and why (a read: nothing dated); nullopt when it is in the
// file or has no open-data details.
std::optional<LeftOutSite> open_data_left_out(store::Database& db, std::int64_t site_id);
// The site's date_maj as kept; nullopt when its row was never seen.
std::optional<CivilDate> open_data_date(store::Database& db, std::int64_t site_id);

// The file's contents and its suggested name (docs/open-data.md): the
// producer's SIRET or RNA and the territory come from the network's settings
// only (store/network.hpp); without a producer the name has no id part,
// without a territory no territory part.
std::string lieux_mediation_file(const std::vector<opendata::MediationPlace>& places);
std::string suggested_open_data_name(store::Database& db, const CivilDate& today);

}  // namespace escale::server
