// Sites and resources: SQL for the sites and resources tables.
#include "store/sites.hpp"

#include "store/changes.hpp"
#include "time/clock.hpp"

namespace escale::server {
namespace {

Site read_site(const store::Statement& st) {
  return Site{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

std::string_view kind_name(ResourceKind k) {
  return k == ResourceKind::Desk ? "desk" : "visio_room";
}

}  // namespace

Result<Site> add_site(store::Database& db, Site site) {
  if (auto problem = validate(site)) return Error{*problem};
  store::Transaction tx(db);
  db.prepare("INSERT INTO sites (name, address, insee_code, opening_hours, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all(site.name, site.address, site.insee_code, site.opening_hours, to_iso_utc(now()))
      .run();
  site.id = db.last_insert_rowid();
  record_change(db, site.id, Entity::Site, std::to_string(site.id));
  tx.commit();
  return site;
}

std::optional<Site> find_site(store::Database& db, std::int64_t id) {
  auto st = db.prepare("SELECT id, name, address, insee_code, opening_hours FROM sites WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_site(st);
}

std::vector<Site> list_sites(store::Database& db) {
  std::vector<Site> out;
  auto st = db.prepare("SELECT id, name, address, insee_code, opening_hours FROM sites ORDER BY id");
  while (st.step()) out.push_back(read_site(st));
  return out;
}

Result<Resource> add_resource(store::Database& db, Resource r) {
  if (r.name.empty()) return Error{"Le nom de la ressource est obligatoire (par exemple « Bureau 1 »)."};
  if (r.capacity < 1) return Error{"La capacité doit être d’au moins 1 personne."};
  if (!find_site(db, r.site_id)) return Error{"Ce lieu n’existe pas : vérifiez son numéro (escale-server site list)."};
  store::Transaction tx(db);
  auto dup = db.prepare("SELECT 1 FROM resources WHERE site_id = ? AND name = ?");
  dup.bind_all(r.site_id, r.name);
  if (dup.step()) return Error{"Une ressource de ce lieu porte déjà le nom « " + r.name + " »."};
  db.prepare("INSERT INTO resources (site_id, kind, name, capacity, features) VALUES (?, ?, ?, ?, ?)")
      .bind_all(r.site_id, kind_name(r.kind), r.name, r.capacity, r.features)
      .run();
  r.id = db.last_insert_rowid();
  tx.commit();
  return r;
}

std::vector<Resource> list_resources(store::Database& db, std::int64_t site_id) {
  std::vector<Resource> out;
  auto st = db.prepare(
      "SELECT id, site_id, kind, name, capacity, features FROM resources WHERE site_id = ? ORDER BY kind, id");
  st.bind(1, site_id);
  while (st.step()) {
    out.push_back(Resource{st.int64(0), st.int64(1),
                           st.text(2) == "desk" ? ResourceKind::Desk : ResourceKind::VisioRoom, st.text(3), st.int32(4),
                           st.text(5)});
  }
  return out;
}

}  // namespace escale::server
