// Sites' mediation details, the open-data rows made from them, and each
// row's date_maj (site_opendata: the row as last seen and when it changed).
#include "store/site_mediation.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "mediation/agenda.hpp"
#include "store/changes.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "text/trim.hpp"

namespace escale::server {
namespace {

using opendata::MediationPlace;

std::vector<std::string> split_bar(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (!text.empty()) {
    const auto bar = text.find('|', pos);
    std::string piece = text.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
    if (!piece.empty()) out.push_back(std::move(piece));
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}

// Escale's own keys among the extras (not schema columns). Older releases named the file after the
// lowest site's; since schema 12 the network's settings do (store/network.hpp): accepted, not used.
bool is_escale_key(const std::string& key) {
  return key == "producer_siret" || key == "territory";
}

// The optional columns an operator may set, and where each goes.
std::optional<std::string> apply_extra(MediationPlace& p, const std::string& key, const std::string& value) {
  auto number = [&](std::optional<double>& out) -> std::optional<std::string> {
    try {
      std::size_t used = 0;
      const double v = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument("trailing");
      out = v;
      return std::nullopt;
    } catch (const std::exception&) {
      return key + " : un nombre attendu, avec un point (45.5123), reçu « " + value + " »";
    }
  };
  if (key == "latitude") return number(p.latitude);
  if (key == "longitude") return number(p.longitude);
  std::map<std::string_view, std::string*> texts{{"complement_adresse", &p.complement_adresse},
                                                 {"horaires", &p.horaires},
                                                 {"presentation_resume", &p.presentation_resume},
                                                 {"presentation_detail", &p.presentation_detail},
                                                 {"source", &p.source},
                                                 {"structure_parente", &p.structure_parente},
                                                 {"fiche_acces_libre", &p.fiche_acces_libre},
                                                 {"prise_rdv", &p.prise_rdv}};
  if (auto it = texts.find(key); it != texts.end()) {
    *it->second = value;
    return std::nullopt;
  }
  std::map<std::string_view, std::vector<std::string>*> lists{
      {"typologie", &p.typologie},
      {"courriels", &p.courriels},
      {"site_web", &p.site_web},
      {"itinerance", &p.itinerance},
      {"services", &p.services},
      {"publics_specifiquement_adresses", &p.publics_specifiquement_adresses},
      {"prise_en_charge_specifique", &p.prise_en_charge_specifique},
      {"frais_a_charge", &p.frais_a_charge},
      {"dispositif_programmes_nationaux", &p.dispositif_programmes_nationaux},
      {"formations_labels", &p.formations_labels},
      {"autres_formations_labels", &p.autres_formations_labels},
      {"modalites_acces", &p.modalites_acces},
      {"modalites_accompagnement", &p.modalites_accompagnement}};
  if (auto it = lists.find(key); it != lists.end()) {
    *it->second = split_bar(value);
    return std::nullopt;
  }
  if (is_escale_key(key)) return std::nullopt;
  return key + " : ce n’est pas une colonne du schéma des lieux de médiation numérique " +
         std::string(opendata::kLieuxMediationSchemaVersion) + " qu’Escale sait remplir";
}

struct Built {
  MediationPlace place;
  std::vector<opendata::FieldError> problems;
  bool help_page = false;  // prise_rdv is the site's public help page (help_path)
};

// The site's public help page without the server's address (web::public_help_url adds it).
std::string help_path(std::int64_t site_id) {
  return "/lieux-du-reseau/" + std::to_string(site_id) + "/aide";
}

Built build_place(const Site& site, const SiteMediationInfo& info, const CivilDate& updated) {
  Built b;
  MediationPlace& p = b.place;
  p.id = "escale-site-" + std::to_string(site.id);
  p.pivot = info.pivot;
  p.nom = site.name;
  p.commune = info.commune;
  p.code_postal = info.postal_code;
  p.adresse = site.address;
  p.date_maj = updated;
  p.code_insee = site.insee_code;
  p.horaires = site.opening_hours;
  p.telephone = info.phone;
  p.typologie = {"TIERS_LIEUX"};
  for (const auto& [key, value] : info.extra) {
    if (auto problem = apply_extra(p, key, value)) b.problems.push_back(opendata::FieldError{key, *problem});
  }
  for (auto& e : opendata::validate(p)) b.problems.push_back(std::move(e));
  return b;
}

// Does the site offer individual help appointments (then its public help page books them)?
bool offers_help(store::Database& db, std::int64_t site_id) {
  auto st =
      db.cached("SELECT EXISTS (SELECT 1 FROM appointment_types WHERE site_id = ? AND active = 1 AND collective = 0)");
  st.bind(1, site_id);
  return st.step() && st.int64(0) != 0;
}

// The row as published, but its date (found afterwards) and the server's address (added afterwards).
Built build_row(store::Database& db, const Site& site, const SiteMediationInfo& info, Instant at) {
  Built b = build_place(site, info, paris_civil_date(at));
  if (b.problems.empty() && b.place.prise_rdv.empty() && offers_help(db, site.id)) {
    b.help_page = true;
    b.place.prise_rdv = help_path(site.id);
  }
  return b;
}

// Every cell but date_maj, as a JSON array: equal fingerprints, equal rows.
std::string fingerprint(const MediationPlace& place) {
  MediationPlace p = place;
  p.date_maj = CivilDate{};
  return nlohmann::json(opendata::to_row(p)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A required column left blank reads « adresse manquante »; any other fault, the schema's message.
std::string problem_text(const opendata::FieldError& e, const MediationPlace& p) {
  static const std::map<std::string_view, std::string_view> kMissing{
      {"pivot", "SIRET ou RNA manquant"},      {"nom", "nom manquant"},          {"commune", "commune manquante"},
      {"code_postal", "code postal manquant"}, {"adresse", "adresse manquante"},
  };
  const auto it = kMissing.find(e.column);
  if (it != kMissing.end()) {
    const std::string& value = e.column == "pivot"         ? p.pivot
                               : e.column == "nom"         ? p.nom
                               : e.column == "commune"     ? p.commune
                               : e.column == "code_postal" ? p.code_postal
                                                           : p.adresse;
    if (text::is_blank(value)) return std::string(it->second);
  }
  return e.message;
}

LeftOutSite left_out_of(const Site& site, const Built& b) {
  LeftOutSite out;
  out.site_id = site.id;
  out.site_name = site.name;
  for (const auto& e : b.problems) {
    if (std::find(out.fields.begin(), out.fields.end(), e.column) == out.fields.end()) out.fields.push_back(e.column);
    out.problems.push_back(problem_text(e, b.place));
  }
  return out;
}

// Compares the row with the kept one; a change (or a first sight) is dated `at`. The caller holds a
// write transaction. Returns the row's date_maj.
CivilDate date_row(store::Database& db, std::int64_t site_id, const std::string& print, Instant at) {
  auto st = db.cached("SELECT fingerprint, changed_at FROM site_opendata WHERE site_id = ?");
  st.bind(1, site_id);
  std::optional<std::pair<std::string, std::string>> kept;
  if (st.step()) kept.emplace(st.text(0), st.text(1));
  st.reset();
  if (kept && kept->first == print) return paris_civil_date(parse_iso_utc(kept->second).value_or(at));
  if (kept && kept->first.empty()) {
    // Carried over by the upgrade (schema 12): the date the file published before, kept.
    db.cached("UPDATE site_opendata SET fingerprint = ? WHERE site_id = ?").bind_all(print, site_id).run();
    return paris_civil_date(parse_iso_utc(kept->second).value_or(at));
  }
  db.cached(
        "INSERT INTO site_opendata (site_id, fingerprint, changed_at) VALUES (?, ?, ?) "
        "ON CONFLICT (site_id) DO UPDATE SET fingerprint = excluded.fingerprint, changed_at = excluded.changed_at")
      .bind_all(site_id, print, to_iso_utc(at))
      .run();
  return paris_civil_date(at);
}

SiteMediationInfo read_info(const store::Statement& st) {
  SiteMediationInfo info;
  info.site_id = st.int64(0);
  info.pivot = st.text(1);
  info.postal_code = st.text(2);
  info.commune = st.text(3);
  info.phone = st.text(4);
  const auto extra = nlohmann::json::parse(st.text(5), nullptr, false);
  if (extra.is_object()) {
    for (const auto& [k, v] : extra.items()) {
      if (v.is_string()) info.extra[k] = v.get<std::string>();
    }
  }
  return info;
}

constexpr std::string_view kColumns = "site_id, pivot, postal_code, commune, phone, extra, updated_at";

}  // namespace

Result<SiteMediationInfo> set_site_mediation(store::Database& db, const SiteMediationInfo& input, const Actor& actor) {
  SiteMediationInfo info = input;
  const auto site = find_site(db, info.site_id);
  if (!site) return Error{"Aucun tiers-lieu n’a le numéro " + std::to_string(info.site_id) + "."};
  if (!info.phone.empty()) {
    auto e164 = mediation::normalise_phone(info.phone);
    if (!e164) return Error{"telephone : un numéro français attendu (05 55 12 34 56), reçu « " + info.phone + " »."};
    info.phone = *e164;
  }
  info.pivot = opendata::normalise_identifier(info.pivot);
  const Built built = build_place(*site, info, paris_civil_date(now()));
  if (!built.problems.empty()) {
    std::string message = "Ces informations ne suivent pas le schéma des lieux de médiation numérique :";
    for (const auto& p : built.problems) message += "\n  - " + p.message;
    return Error{message};
  }
  nlohmann::json extra = nlohmann::json::object();
  for (const auto& [k, v] : info.extra) extra[k] = v;
  store::Transaction tx(db);
  db.prepare(
        "INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET pivot = excluded.pivot, "
        "postal_code = excluded.postal_code, commune = excluded.commune, phone = excluded.phone, "
        "extra = excluded.extra, updated_at = excluded.updated_at")
      .bind_all(info.site_id, info.pivot, info.postal_code, info.commune, info.phone,
                extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), to_iso_utc(now()))
      .run();
  // The contact phone travels with the help agenda (reminders, tickets).
  record_change(db, info.site_id, Entity::HelpAgenda, std::to_string(info.site_id));
  audit(db, actor, info.site_id, "site.mediation", "site:" + std::to_string(info.site_id), "{}");
  refresh_open_data_row(db, info.site_id, now());
  tx.commit();
  return info;
}

std::optional<SiteMediationInfo> find_site_mediation(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM site_mediation WHERE site_id = ?");
  st.bind(1, site_id);
  if (!st.step()) return std::nullopt;
  return read_info(st);
}

MediationPlaces mediation_places(store::Database& db, std::string_view public_url, Instant at) {
  MediationPlaces out;
  store::Transaction tx(db);  // the rows' dates are written as they are read
  std::vector<SiteMediationInfo> infos;
  {
    auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM site_mediation ORDER BY site_id");
    while (st.step()) infos.push_back(read_info(st));
  }
  for (const auto& info : infos) {
    const auto site = find_site(db, info.site_id);
    if (!site) continue;
    Built built = build_row(db, *site, info, at);
    if (!built.problems.empty()) {
      out.left_out.push_back(left_out_of(*site, built));
      const auto& left = out.left_out.back();
      std::string why;
      for (const auto& p : left.problems) why += (why.empty() ? "" : " ; ") + p;
      out.skipped.push_back(site->name + " : " + why);
      continue;
    }
    built.place.date_maj = date_row(db, site->id, fingerprint(built.place), at);
    if (built.help_page) built.place.prise_rdv = std::string(public_url) + built.place.prise_rdv;
    out.places.push_back(std::move(built.place));
    out.site_ids.push_back(info.site_id);
  }
  tx.commit();
  return out;
}

void refresh_open_data_row(store::Database& db, std::int64_t site_id, Instant at) {
  const auto site = find_site(db, site_id);
  const auto info = find_site_mediation(db, site_id);
  if (!site || !info) return;
  const Built built = build_row(db, *site, *info, at);
  if (!built.problems.empty()) return;  // left out: dated when it comes back
  store::Transaction tx(db);            // the caller's, usually (nested: joins it)
  date_row(db, site_id, fingerprint(built.place), at);
  tx.commit();
}

std::optional<LeftOutSite> open_data_left_out(store::Database& db, std::int64_t site_id) {
  const auto site = find_site(db, site_id);
  const auto info = find_site_mediation(db, site_id);
  if (!site || !info) return std::nullopt;
  const Built built = build_row(db, *site, *info, now());
  if (built.problems.empty()) return std::nullopt;
  return left_out_of(*site, built);
}

std::optional<CivilDate> open_data_date(store::Database& db, std::int64_t site_id) {
  auto st = db.cached("SELECT changed_at FROM site_opendata WHERE site_id = ?");
  st.bind(1, site_id);
  if (!st.step()) return std::nullopt;
  const auto at = parse_iso_utc(st.text(0));
  if (!at) return std::nullopt;
  return paris_civil_date(*at);
}

std::string lieux_mediation_file(const std::vector<opendata::MediationPlace>& places) {
  return opendata::lieux_mediation_csv(places);
}

std::string suggested_open_data_name(store::Database& db, const CivilDate& today) {
  const auto network = network_settings(db);
  return opendata::suggested_file_name(today, network.producer_id, network.territory);
}

}  // namespace escale::server
