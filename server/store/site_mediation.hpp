// What a site that offers digital mediation publishes beyond its name,
// address and hours: its structure's SIRET (pivot), postal code and commune
// name, a contact phone (also the « Pour annuler » number of reminders), and
// any optional column of the « lieux de médiation numérique » schema. The
// open-data export (GET /opendata/lieux-mediation-numerique.csv) has one row
// per site that has these details and whose row conforms to the schema.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "opendata/lieux_mediation.hpp"
#include "result.hpp"
#include "store/bookings.hpp"  // Actor
#include "store/database.hpp"

namespace escale::server {

struct SiteMediationInfo {
  std::int64_t site_id = 0;
  std::string pivot;        // SIRET, RNA or RIDET
  std::string postal_code;  // 5 digits
  std::string commune;      // « Saint-Yrieix-la-Perche »
  std::string phone;        // E.164 (typed in any French form, normalised)
  // Optional schema columns by name → value; multi-valued ones hold their
  // values joined with '|' (« Prendre un RDV en ligne|Se présenter »).
  std::map<std::string, std::string> extra;
};

// Checks every field against the schema (the whole row as it would be
// published) and stores the details; the message lists each problem.
Result<SiteMediationInfo> set_site_mediation(store::Database& db, const SiteMediationInfo& info, const Actor& actor);
std::optional<SiteMediationInfo> find_site_mediation(store::Database& db, std::int64_t site_id);

struct MediationPlaces {
  std::vector<opendata::MediationPlace> places;  // rows that conform, by site id
  std::vector<std::int64_t> site_ids;            // each place's site (same order)
  std::vector<std::string> skipped;              // « Tiers-lieu X : pivot : … » for operators
};
MediationPlaces mediation_places(store::Database& db);

// The file's contents and its suggested name (open-data.md): the producer's
// SIRET and the territory come from the `producer_siret` and `territory`
// extras of the lowest-numbered site, else « escale » / « territoire ».
std::string lieux_mediation_file(const std::vector<opendata::MediationPlace>& places);
std::string suggested_open_data_name(store::Database& db, const CivilDate& today);

}  // namespace escale::server
