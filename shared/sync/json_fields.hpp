// JSON field readers shared by the sync protocol's decoders: each checks
// presence and type and throws DecodeError naming the field ("events[3].at:
// expected an ISO 8601 UTC time"); the public decoders turn it into an Error.
// Internal to shared/sync.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/uuid.hpp"
#include "time/clock.hpp"

namespace escale::sync::detail {

using nlohmann::json;

// Thrown inside decoding only, turned into an Error at the boundary.
struct DecodeError : std::runtime_error {
  explicit DecodeError(std::string text) : std::runtime_error(text), message(std::move(text)) {}
  std::string message;
};

[[noreturn]] inline void bad(const std::string& where, std::string_view expected) {
  throw DecodeError{where + ": expected " + std::string(expected)};
}

inline const json& field(const json& obj, const std::string& where, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) throw DecodeError{where + "." + name + ": missing"};
  return *it;
}

inline std::string get_string(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_string()) bad(where + "." + name, "a string");
  return v.get<std::string>();
}

inline std::int64_t get_int(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_number_integer()) bad(where + "." + name, "an integer");
  // A value past INT64_MAX parses as unsigned and would wrap to a negative id.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    bad(where + "." + name, "an integer of at most 19 digits");
  }
  return v.get<std::int64_t>();
}

inline bool get_bool(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_boolean()) bad(where + "." + name, "true or false");
  return v.get<bool>();
}

inline const json& get_array(const json& obj, const std::string& where, const char* name) {
  const json& v = field(obj, where, name);
  if (!v.is_array()) bad(where + "." + name, "an array");
  return v;
}

inline std::string get_uuid(const json& obj, const std::string& where, const char* name) {
  std::string s = get_string(obj, where, name);
  if (!is_valid_uuid(s)) bad(where + "." + name, "a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  return s;
}

inline Instant get_instant(const json& obj, const std::string& where, const char* name) {
  auto t = parse_iso_utc(get_string(obj, where, name));
  if (!t) bad(where + "." + name, "an ISO 8601 UTC time like 2026-11-21T09:30:00.000Z");
  return *t;
}

inline json optional_string(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}

inline std::optional<std::string> get_optional_string(const json& obj, const std::string& where, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(where + "." + name, "a string or null");
  return it->get<std::string>();
}

inline int get_small_int(const json& j, const std::string& where, const char* name, int lo, int hi) {
  const std::int64_t v = get_int(j, where, name);
  if (v < lo || v > hi) bad(where + "." + name, "a number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(v);
}

}  // namespace escale::sync::detail
