#include "sync/agenda_json.hpp"

#include <algorithm>

#include "domain/member.hpp"
#include "sync/json_fields.hpp"

namespace escale::sync::detail {
namespace {

using mediation::Appointment;
using mediation::AppointmentType;
using mediation::HelpException;
using mediation::HelpHours;
using mediation::Participant;

json date_json(const CivilDate& d) {
  return to_iso_date(d);
}

CivilDate get_date(const json& j, const std::string& where, const char* name) {
  auto d = parse_iso_date(get_string(j, where, name));
  if (!d) bad(where + "." + name, "a date like 2026-11-24");
  return *d;
}

std::optional<CivilDate> get_optional_date(const json& j, const std::string& where, const char* name) {
  if (!j.contains(name) || j[name].is_null()) return std::nullopt;
  return get_date(j, where, name);
}

std::optional<std::int64_t> get_optional_int(const json& j, const std::string& where, const char* name) {
  if (!j.contains(name) || j[name].is_null()) return std::nullopt;
  return get_int(j, where, name);
}

std::vector<std::string> get_string_list(const json& j, const std::string& where, const char* name) {
  const json& arr = get_array(j, where, name);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string()) bad(where + "." + name + "[" + std::to_string(i) + "]", "a string");
    out.push_back(arr[i].get<std::string>());
  }
  return out;
}

json encode_type(const AppointmentType& t) {
  json j = {{"id", t.id},
            {"name", t.name},
            {"duration_min", t.duration.count()},
            {"collective", t.collective},
            {"capacity", t.capacity},
            {"level", mediation::to_string(t.level)},
            {"place", mediation::to_string(t.place)},
            {"min_delay_min", t.min_delay.count()},
            {"max_delay_days", t.max_delay_days},
            {"active", t.active}};
  if (!t.name_en.empty()) j["name_en"] = t.name_en;  // absent: no English (older kiosks ignore it)
  return j;
}

// A text staff may give in English too (issue 15): absent or null when none.
std::string get_english(const json& j, const std::string& where, const char* name) {
  return get_optional_string(j, where, name).value_or(std::string());
}

mediation::WorkshopLevel get_level(const json& j, const std::string& where) {
  auto level = mediation::parse_workshop_level(get_string(j, where, "level"));
  if (!level) bad(where + ".level", "\"\", beginner, intermediate or advanced");
  return *level;
}

mediation::PlaceKind get_place(const json& j, const std::string& where) {
  auto place = mediation::parse_place_kind(get_string(j, where, "place"));
  if (!place) bad(where + ".place", "on_site, by_phone, at_home, remote or other");
  return *place;
}

AppointmentType decode_type(const json& j, const std::string& where, std::int64_t site_id) {
  if (!j.is_object()) bad(where, "an object");
  AppointmentType t;
  t.id = get_int(j, where, "id");
  t.site_id = site_id;
  t.name = get_string(j, where, "name");
  t.name_en = get_english(j, where, "name_en");
  t.duration = std::chrono::minutes(get_small_int(j, where, "duration_min", 5, 8 * 60));
  t.collective = get_bool(j, where, "collective");
  t.capacity = get_small_int(j, where, "capacity", 1, 500);
  t.level = get_level(j, where);
  t.place = get_place(j, where);
  t.min_delay = std::chrono::minutes(get_small_int(j, where, "min_delay_min", 0, 60 * 24 * 365));
  t.max_delay_days = get_small_int(j, where, "max_delay_days", 0, 3650);
  t.active = get_bool(j, where, "active");
  return t;
}

json encode_hours(const HelpHours& h) {
  return {{"id", h.id},
          {"mediator_id", h.mediator_id},
          {"weekday", h.weekday},
          {"start_minute", h.start_minute},
          {"end_minute", h.end_minute},
          {"from", h.from ? date_json(*h.from) : json(nullptr)},
          {"until", h.until ? date_json(*h.until) : json(nullptr)}};
}

HelpHours decode_hours(const json& j, const std::string& where, std::int64_t site_id) {
  if (!j.is_object()) bad(where, "an object");
  HelpHours h;
  h.id = get_int(j, where, "id");
  h.site_id = site_id;
  h.mediator_id = get_int(j, where, "mediator_id");
  h.weekday = get_small_int(j, where, "weekday", 1, 7);
  h.start_minute = get_small_int(j, where, "start_minute", 0, 1439);
  h.end_minute = get_small_int(j, where, "end_minute", 1, 1440);
  if (h.end_minute <= h.start_minute) bad(where + ".end_minute", "a time after start_minute");
  h.from = get_optional_date(j, where, "from");
  h.until = get_optional_date(j, where, "until");
  return h;
}

json encode_exception(const HelpException& e) {
  return {{"id", e.id},
          {"mediator_id", e.mediator_id ? json(*e.mediator_id) : json(nullptr)},
          {"first", date_json(e.first)},
          {"last", date_json(e.last)},
          {"reason", e.reason}};
}

HelpException decode_exception(const json& j, const std::string& where, std::int64_t site_id) {
  if (!j.is_object()) bad(where, "an object");
  HelpException e;
  e.id = get_int(j, where, "id");
  e.site_id = site_id;
  e.mediator_id = get_optional_int(j, where, "mediator_id");
  e.first = get_date(j, where, "first");
  e.last = get_date(j, where, "last");
  if (e.last < e.first) bad(where + ".last", "a date on or after first");
  e.reason = get_string(j, where, "reason");
  return e;
}

template <typename T, typename F>
std::vector<T> decode_array(const json& j, const std::string& where, const char* name, F one) {
  const json& arr = get_array(j, where, name);
  std::vector<T> out;
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i)
    out.push_back(one(arr[i], where + "." + name + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace

json encode_participant(const Participant& p) {
  json topics = json::array();
  for (auto t : p.topics) topics.push_back(mediation::to_string(t));
  json j = {{"id", p.id},
            {"member_id", p.member_id ? json(*p.member_id) : json(nullptr)},
            {"first_name", p.first_name},
            {"phone", optional_string(p.phone)},
            {"email", optional_string(p.email)},
            {"reminders", p.reminders},
            {"topics", std::move(topics)},
            {"status", mediation::to_string(p.status)},
            {"waiting", p.waiting},
            {"added_at", to_iso_utc(p.added_at)}};
  return j;
}

Participant decode_participant(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  Participant p;
  p.id = get_uuid(j, where, "id");
  p.member_id = get_optional_int(j, where, "member_id");
  p.first_name = get_string(j, where, "first_name");
  if (p.first_name.size() > 100) bad(where + ".first_name", "a first name of at most 100 bytes");
  p.phone = get_optional_string(j, where, "phone");
  p.email = get_optional_string(j, where, "email");
  p.reminders = get_bool(j, where, "reminders");
  const auto topics = get_string_list(j, where, "topics");
  for (std::size_t i = 0; i < topics.size(); ++i) {
    auto t = mediation::parse_help_topic(topics[i]);
    if (!t) bad(where + ".topics[" + std::to_string(i) + "]", "a topic such as caf or papers");
    p.topics.push_back(*t);
  }
  // status, waiting and added_at are the server's; a kiosk's request may omit them.
  if (j.contains("status")) {
    auto s = mediation::parse_participant_status(get_string(j, where, "status"));
    if (!s) bad(where + ".status", "unknown, seen, excused, revoked or noshow");
    p.status = *s;
  }
  if (j.contains("waiting")) p.waiting = get_bool(j, where, "waiting");
  if (j.contains("added_at")) p.added_at = get_instant(j, where, "added_at");
  return p;
}

// The fields every version of the protocol has.
static json activity_fields(const mediation::ActivityRecord& a) {
  return {{"id", a.id},
          {"mediator_id", a.mediator_id},
          {"appointment_id", a.appointment_id},
          {"participant_id", a.participant_id},
          {"collective", a.collective},
          {"date", date_json(a.date)},
          {"duration_min", a.duration.count()},
          {"place", a.place},
          {"place_insee", optional_string(a.place_insee)},
          {"equipment", a.equipment},
          {"themes", a.themes},
          {"autonomy", a.autonomy},
          {"redirection", optional_string(a.redirection)},
          {"redirection_detail", optional_string(a.redirection_detail)},
          {"age_bracket", a.age_bracket},
          {"social_status", a.social_status},
          {"gender", a.gender},
          {"home_insee", optional_string(a.home_insee)},
          {"anonymous", a.anonymous},
          {"participants", a.participants},
          {"workshop_title", a.workshop_title},
          {"level", mediation::to_string(a.level)},
          {"note", a.note},
          {"recorded_at", to_iso_utc(a.recorded_at)}};
}

json encode_activity(const mediation::ActivityRecord& a) {
  json j = activity_fields(a);
  // France Services (issue 19): optional on the way in (an older kiosk sends none).
  j["partners"] = a.partners;
  j["cheques"] = a.cheques;
  j["cheque_numbers"] = a.cheque_numbers;
  return j;
}

mediation::ActivityRecord decode_activity(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  mediation::ActivityRecord a;
  a.id = get_uuid(j, where, "id");
  a.mediator_id = get_int(j, where, "mediator_id");
  a.appointment_id = get_string(j, where, "appointment_id");
  a.participant_id = get_string(j, where, "participant_id");
  a.collective = get_bool(j, where, "collective");
  a.date = get_date(j, where, "date");
  a.duration = std::chrono::minutes(get_small_int(j, where, "duration_min", 0, 24 * 60));
  a.place = get_string(j, where, "place");
  a.place_insee = get_optional_string(j, where, "place_insee");
  a.equipment = get_string_list(j, where, "equipment");
  a.themes = get_string_list(j, where, "themes");
  a.autonomy = get_string(j, where, "autonomy");
  a.redirection = get_optional_string(j, where, "redirection");
  a.redirection_detail = get_optional_string(j, where, "redirection_detail");  // absent from older kiosks
  a.age_bracket = get_string(j, where, "age_bracket");
  a.social_status = get_string(j, where, "social_status");
  a.gender = get_string(j, where, "gender");
  a.home_insee = get_optional_string(j, where, "home_insee");
  a.anonymous = get_bool(j, where, "anonymous");
  a.participants = get_small_int(j, where, "participants", 0, 1000);
  a.workshop_title = get_string(j, where, "workshop_title");
  a.level = get_level(j, where);
  a.note = get_string(j, where, "note");
  a.recorded_at = get_instant(j, where, "recorded_at");
  // Optional (issue 19): absent or null from a kiosk or client made before them.
  if (j.contains("partners") && !j["partners"].is_null()) a.partners = get_string_list(j, where, "partners");
  if (j.contains("cheques") && !j["cheques"].is_null()) a.cheques = get_small_int(j, where, "cheques", 0, 1000);
  if (j.contains("cheque_numbers") && !j["cheque_numbers"].is_null())
    a.cheque_numbers = get_string_list(j, where, "cheque_numbers");
  return a;
}

json encode_help_agenda(const HelpAgenda& a) {
  json types = json::array(), hours = json::array(), exceptions = json::array();
  for (const auto& t : a.types) types.push_back(encode_type(t));
  for (const auto& h : a.hours) hours.push_back(encode_hours(h));
  for (const auto& e : a.exceptions) exceptions.push_back(encode_exception(e));
  return {{"types", std::move(types)},
          {"hours", std::move(hours)},
          {"exceptions", std::move(exceptions)},
          {"contact_phone", a.contact_phone}};
}

HelpAgenda decode_help_agenda(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  HelpAgenda a;
  // Site ids are the response's site: the caller fills them in.
  a.types = decode_array<AppointmentType>(j, where, "types",
                                          [](const json& x, const std::string& w) { return decode_type(x, w, 0); });
  a.hours = decode_array<HelpHours>(j, where, "hours",
                                    [](const json& x, const std::string& w) { return decode_hours(x, w, 0); });
  a.exceptions = decode_array<HelpException>(
      j, where, "exceptions", [](const json& x, const std::string& w) { return decode_exception(x, w, 0); });
  a.contact_phone = get_string(j, where, "contact_phone");
  return a;
}

json encode_appointment(const AppointmentRecord& r) {
  const Appointment& a = r.appointment;
  json participants = json::array();
  for (const auto& p : a.participants) {
    json pj = encode_participant(p);
    // Phones and e-mails stay on the server (the kiosk never needs them).
    pj.erase("phone");
    pj.erase("email");
    pj["recorded"] = std::find(r.recorded_participants.begin(), r.recorded_participants.end(), p.id) !=
                     r.recorded_participants.end();
    participants.push_back(std::move(pj));
  }
  json j = {{"id", a.id},
            {"type_id", a.type_id},
            {"mediator_id", a.mediator_id},
            {"start", to_iso_utc(a.start)},
            {"duration_min", a.duration.count()},
            {"collective", a.collective},
            {"capacity", a.capacity},
            {"title", a.title},
            {"level", mediation::to_string(a.level)},
            {"place", mediation::to_string(a.place)},
            {"cancelled", a.cancelled},
            {"recorded", r.recorded},
            {"participants", std::move(participants)}};
  if (r.refusal) j["refusal"] = mediation::to_string(*r.refusal);
  if (!a.title_en.empty()) j["title_en"] = a.title_en;  // absent: no English
  return j;
}

AppointmentRecord decode_appointment(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "an object");
  AppointmentRecord r;
  Appointment& a = r.appointment;
  a.id = get_uuid(j, where, "id");
  a.type_id = get_int(j, where, "type_id");
  a.mediator_id = get_int(j, where, "mediator_id");
  a.start = get_instant(j, where, "start");
  a.duration = std::chrono::minutes(get_small_int(j, where, "duration_min", 1, 24 * 60));
  a.collective = get_bool(j, where, "collective");
  a.capacity = get_small_int(j, where, "capacity", 1, 500);
  a.title = get_string(j, where, "title");
  a.title_en = get_english(j, where, "title_en");
  a.level = get_level(j, where);
  a.place = get_place(j, where);
  a.cancelled = get_bool(j, where, "cancelled");
  r.recorded = get_bool(j, where, "recorded");
  if (j.contains("refusal") && !j["refusal"].is_null()) {
    auto refusal = mediation::parse_help_refusal(get_string(j, where, "refusal"));
    if (!refusal) bad(where + ".refusal", "a refusal code such as taken");
    r.refusal = *refusal;
  }
  a.participants = decode_array<Participant>(j, where, "participants", [&r](const json& x, const std::string& w) {
    Participant p = decode_participant(x, w);
    if (x.contains("recorded") && get_bool(x, w, "recorded")) r.recorded_participants.push_back(p.id);
    return p;
  });
  return r;
}

}  // namespace escale::sync::detail
