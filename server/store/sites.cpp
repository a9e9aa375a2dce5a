// Sites and resources: SQL for the sites and resources tables.
#include "store/sites.hpp"

#include <nlohmann/json.hpp>

#include "store/changes.hpp"
#include "store/network.hpp"
#include "store/site_mediation.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

Site read_site(const store::Statement& st) {
  return Site{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

constexpr const char* kResourceColumns = "id, site_id, kind, name, capacity, features, active, name_en, features_en";

sync::ResourceRecord read_resource(const store::Statement& st) {
  sync::ResourceRecord rec;
  rec.resource = Resource{st.int64(0), st.int64(1), parse_resource_kind(st.text(2)).value_or(ResourceKind::Desk),
                          st.text(3),  st.int32(4), st.text(5)};
  rec.active = st.int64(6) != 0;
  rec.resource.name_en = st.text(7);
  rec.resource.features_en = st.text(8);
  return rec;
}

}  // namespace

Result<Site> add_site(store::Database& db, Site site) {
  if (auto problem = validate(site)) return Error{*problem};
  store::Transaction tx(db);
  db.prepare("INSERT INTO sites (name, address, insee_code, opening_hours, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all(site.name, site.address, site.insee_code, site.opening_hours, to_iso_utc(now()))
      .run();
  site.id = db.last_insert_rowid();
  // In the network's feed: every kiosk holds the list of sites (names), its own kiosks the rest.
  record_change(db, kNetworkFeed, Entity::Site, std::to_string(site.id));
  tx.commit();
  return site;
}

Result<Site> update_site(store::Database& db, const Site& site, const Actor& actor) {
  if (auto problem = validate(site)) return Error{*problem};
  store::Transaction tx(db);
  const auto before = find_site(db, site.id);
  if (!before) return Error{"Le lieu n° " + std::to_string(site.id) + " n’existe pas."};
  db.prepare("UPDATE sites SET name = ?, address = ?, insee_code = ?, opening_hours = ? WHERE id = ?")
      .bind_all(site.name, site.address, site.insee_code, site.opening_hours, site.id)
      .run();
  // In the network's feed: every kiosk holds the list of sites (names), its own kiosks the rest.
  record_change(db, kNetworkFeed, Entity::Site, std::to_string(site.id));
  nlohmann::json detail = {{"name", site.name}, {"opening_hours", site.opening_hours}};
  if (before->opening_hours != site.opening_hours) detail["opening_hours_before"] = before->opening_hours;
  audit(db, actor, site.id, "site.update", "site:" + std::to_string(site.id),
        detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  // Name, address, INSEE code and hours are cells of the open-data file: its date_maj moves with them.
  refresh_open_data_row(db, site.id, now());
  tx.commit();
  return site;
}

std::optional<Site> find_site(store::Database& db, std::int64_t id) {
  auto st = db.cached("SELECT id, name, address, insee_code, opening_hours FROM sites WHERE id = ?");
  st.bind(1, id);
  std::optional<Site> out;
  if (st.step()) out = read_site(st);
  return out;
}

std::vector<Site> list_sites(store::Database& db) {
  std::vector<Site> out;
  auto st = db.cached("SELECT id, name, address, insee_code, opening_hours FROM sites ORDER BY id");
  while (st.step()) out.push_back(read_site(st));
  return out;
}

namespace {

// The English words of a resource: optional, as short as the French ones.
std::optional<std::string> english_problem(const Resource& r) {
  if (r.name_en.size() > 100) return "Le nom en anglais est trop long (100 caractères au plus).";
  if (r.features_en.size() > 200) return "L’équipement en anglais est trop long (200 caractères au plus).";
  return std::nullopt;
}

}  // namespace

Result<Resource> add_resource(store::Database& db, Resource r, const Actor& actor) {
  if (r.name.empty()) return Error{"Le nom de la ressource est obligatoire (par exemple « Bureau 1 »)."};
  if (r.name.size() > 100) return Error{"Le nom de la ressource est trop long (100 caractères au plus)."};
  if (auto problem = english_problem(r)) return Error{*problem};
  if (r.capacity < 1 || r.capacity > 1000) return Error{"La capacité doit être de 1 à 1000 personnes."};
  if (!find_site(db, r.site_id)) return Error{"Ce lieu n’existe pas : vérifiez son numéro (escale-server site list)."};
  store::Transaction tx(db);
  auto dup = db.prepare("SELECT active FROM resources WHERE site_id = ? AND name = ?");
  dup.bind_all(r.site_id, r.name);
  if (dup.step()) {
    if (dup.int64(0) == 0)
      return Error{"Une ressource retirée de ce lieu porte déjà le nom « " + r.name +
                   " » : remettez-la en service (escale-server resource activate) ou choisissez un autre nom."};
    return Error{"Une ressource de ce lieu porte déjà le nom « " + r.name + " »."};
  }
  db.prepare(
        "INSERT INTO resources (site_id, kind, name, capacity, features, name_en, features_en) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(r.site_id, resource_kind_name(r.kind), r.name, r.capacity, r.features, r.name_en, r.features_en)
      .run();
  r.id = db.last_insert_rowid();
  record_change(db, r.site_id, Entity::Resource, std::to_string(r.id));
  const nlohmann::json detail = {{"kind", resource_kind_name(r.kind)}, {"name", r.name}};
  audit(db, actor, r.site_id, "resource.add", "resource:" + std::to_string(r.id),
        detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  tx.commit();
  return r;
}

std::vector<Resource> list_resources(store::Database& db, std::int64_t site_id) {
  std::vector<Resource> out;
  for (auto& rec : list_resource_records(db, site_id, false)) out.push_back(std::move(rec.resource));
  return out;
}

std::vector<sync::ResourceRecord> list_resource_records(store::Database& db, std::int64_t site_id,
                                                        bool include_inactive) {
  std::vector<sync::ResourceRecord> out;
  auto st = db.prepare(std::string("SELECT ") + kResourceColumns +
                       " FROM resources WHERE site_id = ? AND (active = 1 OR ?) ORDER BY kind, id");
  st.bind_all(site_id, include_inactive ? 1 : 0);
  while (st.step()) out.push_back(read_resource(st));
  return out;
}

std::optional<sync::ResourceRecord> find_resource_record(store::Database& db, std::int64_t resource_id) {
  // On every booking write: a statement kept by the connection.
  static const std::string sql = std::string("SELECT ") + kResourceColumns + " FROM resources WHERE id = ?";
  auto st = db.cached(sql);
  st.bind(1, resource_id);
  std::optional<sync::ResourceRecord> out;
  if (st.step()) out = read_resource(st);
  return out;
}

Result<sync::ResourceRecord> set_resource_active(store::Database& db, std::int64_t resource_id, bool active,
                                                 const Actor& actor) {
  store::Transaction tx(db);
  auto rec = find_resource_record(db, resource_id);
  if (!rec)
    return Error{"La ressource n° " + std::to_string(resource_id) +
                 " n’existe pas : vérifiez avec « escale-server resource list --site N »."};
  if (rec->active == active) return *rec;
  if (!active) {
    auto coming = db.prepare(
        "SELECT COUNT(*) FROM bookings WHERE resource_id = ? AND status IN ('confirmed', 'checked_in') AND end_at > ?");
    coming.bind_all(resource_id, to_iso_utc(now()));
    coming.step();
    if (const auto n = coming.int64(0); n > 0)
      return Error{"« " + rec->resource.name + " » a encore " + std::to_string(n) +
                   (n > 1 ? " réservations à venir" : " réservation à venir") +
                   " : annulez-les ou déplacez-les d’abord."};
  }
  db.prepare("UPDATE resources SET active = ? WHERE id = ?").bind_all(active ? 1 : 0, resource_id).run();
  record_change(db, rec->resource.site_id, Entity::Resource, std::to_string(resource_id));
  audit(db, actor, rec->resource.site_id, active ? "resource.activate" : "resource.deactivate",
        "resource:" + std::to_string(resource_id));
  tx.commit();
  rec->active = active;
  return *rec;
}

Result<sync::ResourceRecord> set_resource_english(store::Database& db, std::int64_t resource_id,
                                                  const std::string& name_en, const std::string& features_en,
                                                  const Actor& actor) {
  store::Transaction tx(db);
  auto rec = find_resource_record(db, resource_id);
  if (!rec)
    return Error{"La ressource n° " + std::to_string(resource_id) +
                 " n’existe pas : vérifiez avec « escale-server resource list --site N »."};
  rec->resource.name_en = name_en;
  rec->resource.features_en = features_en;
  if (auto problem = english_problem(rec->resource)) return Error{*problem};
  db.prepare("UPDATE resources SET name_en = ?, features_en = ? WHERE id = ?")
      .bind_all(name_en, features_en, resource_id)
      .run();
  record_change(db, rec->resource.site_id, Entity::Resource, std::to_string(resource_id));
  const nlohmann::json detail = {{"name_en", name_en}, {"features_en", features_en}};
  audit(db, actor, rec->resource.site_id, "resource.english", "resource:" + std::to_string(resource_id),
        detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  tx.commit();
  return *rec;
}

}  // namespace escale::server
