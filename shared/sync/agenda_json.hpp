// JSON forms of the help agenda's objects in the sync protocol (see
// protocol.hpp for the shapes). Decoders are strict like the rest of the
// protocol: they throw detail::DecodeError naming the field. Internal to
// shared/sync (protocol.cpp turns errors into Result).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "sync/protocol.hpp"

namespace escale::sync::detail {

nlohmann::json encode_participant(const mediation::Participant& p);
mediation::Participant decode_participant(const nlohmann::json& j, const std::string& where);

nlohmann::json encode_activity(const mediation::ActivityRecord& a);
mediation::ActivityRecord decode_activity(const nlohmann::json& j, const std::string& where);

nlohmann::json encode_help_agenda(const HelpAgenda& a);
HelpAgenda decode_help_agenda(const nlohmann::json& j, const std::string& where);

nlohmann::json encode_appointment(const AppointmentRecord& r);
AppointmentRecord decode_appointment(const nlohmann::json& j, const std::string& where);

}  // namespace escale::sync::detail
