// The ingest log: the kiosk events the server did not store (duplicates and
// rejections), with the event's UUID, for operators.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace escale::server {

struct UnstoredEvent {
  std::string_view event_id;
  std::int64_t kiosk_id = 0;
  std::string_view type;    // sync::to_string(EventType)
  std::string_view status;  // sync::to_string(AckStatus): "duplicate" or "rejected"
  std::optional<std::string> reason;
  std::string_view received_at;  // ISO UTC
};

void log_unstored_event(store::Database& db, const UnstoredEvent& e);

}  // namespace escale::server
