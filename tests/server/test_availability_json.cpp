#include "api/availability_json.hpp"  // first: the header is self-contained

// The availability answer written directly (api/availability_json.hpp)
// against the former one, built as a nlohmann::json document and printed
// (copied below as it was): for a real week of a site — desks and a visio
// room, bookings of several members, a past half, a closed Sunday, a
// Saturday morning, names with quotes and French typography — the new text
// parses to the same tree, and is byte for byte the former compact dump.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "api/api_kit.hpp"  // clock_text, as the former answer used it
#include "server_fixture.hpp"
#include "store/bookings.hpp"
#include "store/sites.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;
using nlohmann::json;

// The former rendering (server/api/booking_routes.cpp before issue 16).
std::string_view former_state_word(SlotState s) {
  switch (s) {
    case SlotState::Free:
      return "free";
    case SlotState::Taken:
      return "taken";
    case SlotState::Mine:
      return "mine";
    case SlotState::Closed:
      return "closed";
    case SlotState::Past:
      return "past";
  }
  return "closed";
}

json former_availability(std::int64_t site, const CivilDate& from, const std::vector<DayGrid>& grids,
                         const std::vector<Resource>& resources) {
  std::unordered_map<std::int64_t, const Resource*> by_id;
  for (const auto& r : resources) by_id[r.id] = &r;
  json out_days = json::array();
  for (const auto& grid : grids) {
    json rows = json::array();
    for (std::size_t row = 0; row < grid.resource_ids.size(); ++row) {
      const auto found = by_id.find(grid.resource_ids[row]);
      json slots = json::array();
      for (int slot = 0; slot < grid.slot_count; ++slot) {
        const Instant start = grid.slot_start(slot);
        slots.push_back({{"start", to_iso_utc(start)},
                         {"time", api::clock_text(start)},
                         {"state", former_state_word(grid.at(row, static_cast<std::size_t>(slot)))}});
      }
      json entry = {{"id", grid.resource_ids[row]}, {"slots", std::move(slots)}};
      if (found != by_id.end()) {
        entry["name"] = found->second->name;
        entry["kind"] = resource_kind_name(found->second->kind);
      }
      rows.push_back(std::move(entry));
    }
    out_days.push_back({{"date", to_iso_date(grid.day)},
                        {"open", grid.slot_count > 0},
                        {"slot_minutes", kBookingGrain.count()},
                        {"resources", std::move(rows)}});
  }
  return {{"site_id", site}, {"from", to_iso_date(from)}, {"days", std::move(out_days)}};
}

struct Week : tests::ServerDb {
  std::int64_t site_id = site("Tiers-lieu de Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  std::int64_t jean = member(site_id, "Jean", "Martin");
  Instant booked_at = at("2027-02-19T09:00:00Z");  // the Friday before: the whole week ahead

  std::int64_t resource(ResourceKind kind, const std::string& name) {
    auto r = add_resource(db, Resource{0, site_id, kind, name, 1, ""});
    if (!r) throw std::runtime_error("add_resource: " + r.error());
    return r->id;
  }
  void book(std::int64_t who, std::int64_t what, const std::string& start, const std::string& end) {
    Booking b;
    b.id = make_uuid_v4();
    b.member_id = who;
    b.resource_id = what;
    b.start = at(start);
    b.end = at(end);
    const auto out = create_booking(db, b, {}, booked_at);
    if (!out.ok()) throw std::runtime_error("create_booking refused " + start);
  }
};

}  // namespace

TEST_CASE("availability json: a real week answers the same document as before, compact", "[api][availability]") {
  Week w;
  const auto desk1 = w.resource(ResourceKind::Desk, "Bureau « Fenêtre »");
  const auto desk2 = w.resource(ResourceKind::Desk, "Bureau \"2\" \\ l’angle");
  w.resource(ResourceKind::Desk, "Bureau 3");
  const auto visio = w.resource(ResourceKind::VisioRoom, "Salle visio");
  // Monday 22 February 2027 (Paris is UTC+1): mornings, afternoons, whole days, the room by the hour.
  w.book(w.marie, desk1, "2027-02-22T07:30:00Z", "2027-02-22T11:30:00Z");
  w.book(w.jean, desk2, "2027-02-22T07:30:00Z", "2027-02-22T17:00:00Z");
  w.book(w.jean, desk1, "2027-02-24T12:30:00Z", "2027-02-24T17:00:00Z");
  w.book(w.marie, visio, "2027-02-24T09:00:00Z", "2027-02-24T10:30:00Z");
  w.book(w.marie, desk2, "2027-02-26T07:30:00Z", "2027-02-26T11:30:00Z");
  w.book(w.jean, desk1, "2027-02-27T08:00:00Z", "2027-02-27T11:00:00Z");  // Saturday morning
  const CivilDate monday{2027, 2, 22};
  const Instant now = at("2027-02-24T10:15:00Z");  // Wednesday 11:15 in Paris: a past half-week
  const auto resources = list_resources(w.db, w.site_id);
  for (const std::optional<std::int64_t> who : {std::optional<std::int64_t>{}, std::optional(w.marie)}) {
    const auto grids = site_availability(w.db, w.site_id, monday, 7, now, who);
    REQUIRE(grids.size() == 7);
    const json former = former_availability(w.site_id, monday, grids, resources);
    const std::string written = api::availability_json(w.site_id, monday, grids, resources);
    CHECK(json::parse(written) == former);
    CHECK(written == former.dump());                    // the former compact bytes: same keys, same order, same escapes
    CHECK(written.size() * 2 < former.dump(2).size());  // what pretty-printing cost
    // The week has each state the grid knows (a member's own only when asked as her).
    for (const char* state : {"\"free\"", "\"taken\"", "\"closed\"", "\"past\""})
      CHECK(written.find(state) != std::string::npos);
    CHECK((written.find("\"mine\"") != std::string::npos) == who.has_value());
    CHECK(written.find(R"("name":"Bureau \"2\" \\ l’angle")") != std::string::npos);
  }
}

TEST_CASE("availability json: a resource gone from the list keeps its id, without name or kind",
          "[api][availability]") {
  Week w;
  const auto desk = w.resource(ResourceKind::Desk, "Bureau 1");
  const CivilDate monday{2027, 2, 22};
  const auto grids = site_availability(w.db, w.site_id, monday, 1, at("2027-02-19T09:00:00Z"), std::nullopt);
  const std::vector<Resource> none;
  const std::string written = api::availability_json(w.site_id, monday, grids, none);
  CHECK(json::parse(written) == former_availability(w.site_id, monday, grids, none));
  const auto doc = json::parse(written);
  REQUIRE(doc["days"][0]["resources"].size() == 1);
  CHECK(doc["days"][0]["resources"][0]["id"] == desk);
  CHECK_FALSE(doc["days"][0]["resources"][0].contains("name"));
  // No day at all: an empty list.
  CHECK(api::availability_json(w.site_id, monday, {}, none) == R"({"days":[],"from":"2027-02-22","site_id":1})");
}
