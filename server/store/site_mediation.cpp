// Sites' mediation details and the open-data rows made from them.
#include "store/site_mediation.hpp"

#include <nlohmann/json.hpp>

#include "mediation/agenda.hpp"
#include "store/changes.hpp"
#include "store/sites.hpp"

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

// Escale's own keys among the extras (not schema columns).
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
  std::vector<std::string> problems;
};

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
    if (auto problem = apply_extra(p, key, value)) b.problems.push_back(*problem);
  }
  for (const auto& e : opendata::validate(p)) b.problems.push_back(e.message);
  return b;
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
  const Built built = build_place(*site, info, paris_civil_date(now()));
  if (!built.problems.empty()) {
    std::string message = "Ces informations ne suivent pas le schéma des lieux de médiation numérique :";
    for (const auto& p : built.problems) message += "\n  - " + p;
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
  tx.commit();
  return info;
}

std::optional<SiteMediationInfo> find_site_mediation(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM site_mediation WHERE site_id = ?");
  st.bind(1, site_id);
  if (!st.step()) return std::nullopt;
  return read_info(st);
}

MediationPlaces mediation_places(store::Database& db) {
  MediationPlaces out;
  auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM site_mediation ORDER BY site_id");
  std::vector<std::pair<SiteMediationInfo, CivilDate>> rows;
  while (st.step()) {
    const auto updated = parse_iso_utc(st.text(6)).value_or(now());
    rows.emplace_back(read_info(st), paris_civil_date(updated));
  }
  for (const auto& [info, updated] : rows) {
    const auto site = find_site(db, info.site_id);
    if (!site) continue;
    Built built = build_place(*site, info, updated);
    if (!built.problems.empty()) {
      out.skipped.push_back(site->name + " : " + built.problems.front());
      continue;
    }
    out.places.push_back(std::move(built.place));
    out.site_ids.push_back(info.site_id);
  }
  return out;
}

std::string lieux_mediation_file(const std::vector<opendata::MediationPlace>& places) {
  return opendata::lieux_mediation_csv(places);
}

std::string suggested_open_data_name(store::Database& db, const CivilDate& today) {
  std::string producer = "escale", territory = "territoire";
  auto st = db.prepare("SELECT extra FROM site_mediation ORDER BY site_id LIMIT 1");
  if (st.step()) {
    const auto extra = nlohmann::json::parse(st.text(0), nullptr, false);
    if (extra.is_object()) {
      if (extra.contains("producer_siret") && extra["producer_siret"].is_string())
        producer = extra["producer_siret"].get<std::string>();
      if (extra.contains("territory") && extra["territory"].is_string())
        territory = extra["territory"].get<std::string>();
    }
  }
  return opendata::suggested_file_name(today, producer, territory);
}

}  // namespace escale::server
