// A badge is an NFC card identified by its UID. UIDs are 4, 7 or 10 bytes,
// written as upper-case hex without separators. A UID identifies a card for
// presence counting only: UIDs can be cloned, so it is never access control.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace escale {

class BadgeUid {
 public:
  // Accepts hex in any case, with optional ':' '-' or ' ' separators between
  // bytes ("04:a2:2b:9a" → "04A22B9A"). nullopt unless it is 4, 7 or 10 bytes.
  static std::optional<BadgeUid> parse(std::string_view text);

  const std::string& hex() const { return hex_; }
  std::size_t byte_count() const { return hex_.size() / 2; }
  friend bool operator==(const BadgeUid&, const BadgeUid&) = default;
  friend auto operator<=>(const BadgeUid&, const BadgeUid&) = default;

 private:
  explicit BadgeUid(std::string hex) : hex_(std::move(hex)) {}
  std::string hex_;
};

struct Badge {
  std::int64_t id = 0;
  BadgeUid uid;
  std::int64_t member_id = 0;
  bool revoked = false;
};

}  // namespace escale
