#include "api/availability_json.hpp"

#include <cstdio>
#include <unordered_map>
#include <vector>

#include "text/json_writer.hpp"
#include "time/clock.hpp"

namespace escale::server::api {
namespace {

std::string_view state_word(SlotState s) {
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

// The part of every slot object before its state, and after it: the same for
// every resource of the day, so written once per day.
struct SlotText {
  std::string head;  // {"start":"…","state":
  std::string tail;  // ,"time":"08:30"}
};

std::vector<SlotText> slot_texts(const DayGrid& grid) {
  std::vector<SlotText> out;
  out.reserve(static_cast<std::size_t>(grid.slot_count));
  for (int slot = 0; slot < grid.slot_count; ++slot) {
    const Instant start = grid.slot_start(slot);
    SlotText t;
    t.head = "{\"start\":";
    json_text::append_string(t.head, to_iso_utc(start));
    t.head += ",\"state\":";
    const LocalTime l = to_paris(start);
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", l.hour, l.minute);
    t.tail = ",\"time\":";
    json_text::append_string(t.tail, clock);
    t.tail += '}';
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::string availability_json(std::int64_t site_id, const CivilDate& from, std::span<const DayGrid> days,
                              std::span<const Resource> resources) {
  std::unordered_map<std::int64_t, const Resource*> by_id;
  for (const auto& r : resources) by_id[r.id] = &r;
  // About 70 bytes a slot, 200 a resource-day: reserved once.
  std::size_t cells = 0;
  for (const auto& grid : days) cells += grid.cells.size() + grid.resource_ids.size() * 3;
  std::string out;
  out.reserve(128 + days.size() * 96 + cells * 72);
  json_text::JsonWriter w(out);
  w.begin_object();
  w.key("days");
  w.begin_array();
  for (const auto& grid : days) {
    const std::vector<SlotText> texts = slot_texts(grid);
    w.begin_object();
    w.key("date");
    w.value(to_iso_date(grid.day));
    w.key("open");
    w.value(grid.slot_count > 0);
    w.key("resources");
    w.begin_array();
    for (std::size_t row = 0; row < grid.resource_ids.size(); ++row) {
      const auto found = by_id.find(grid.resource_ids[row]);
      w.begin_object();
      w.key("id");
      w.value(grid.resource_ids[row]);
      if (found != by_id.end()) {
        w.key("kind");
        w.value(resource_kind_name(found->second->kind));
        w.key("name");
        w.value(found->second->name);
      }
      w.key("slots");
      w.begin_array();
      for (int slot = 0; slot < grid.slot_count; ++slot) {
        const SlotText& t = texts[static_cast<std::size_t>(slot)];
        w.raw({});  // a comma before each slot but the first; the slot itself follows
        out += t.head;
        out += '"';
        out += state_word(grid.at(row, static_cast<std::size_t>(slot)));
        out += '"';
        out += t.tail;
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.key("slot_minutes");
    w.value(static_cast<std::int64_t>(kBookingGrain.count()));
    w.end_object();
  }
  w.end_array();
  w.key("from");
  w.value(to_iso_date(from));
  w.key("site_id");
  w.value(site_id);
  w.end_object();
  return out;
}

}  // namespace escale::server::api
