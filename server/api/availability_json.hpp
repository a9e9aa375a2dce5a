// The answer of GET /api/v1/availability, written straight into one string
// (text/json_writer.hpp) rather than built as a nlohmann::json document and
// printed: a week of a busy site is thousands of slots. Compact, with the
// document's shape and keys unchanged (tests/server/test_availability_json.cpp
// checks it against the former nlohmann rendering):
//
//   {"days":[{"date":"2026-12-07","open":true,
//             "resources":[{"id":3,"kind":"desk","name":"Bureau 1",
//                           "slots":[{"start":"2026-12-07T07:30:00.000Z","state":"free","time":"08:30"},…]},…],
//             "slot_minutes":30},…],
//    "from":"2026-12-07","site_id":1}
//
// Keys are in nlohmann's (sorted) order, so the bytes are those of the
// former answer's compact dump. A resource of the grid the list does not
// know (removed meanwhile) has no "name" and "kind".
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "booking/booking.hpp"
#include "domain/site.hpp"

namespace escale::server::api {

std::string availability_json(std::int64_t site_id, const CivilDate& from, std::span<const DayGrid> days,
                              std::span<const Resource> resources);

}  // namespace escale::server::api
