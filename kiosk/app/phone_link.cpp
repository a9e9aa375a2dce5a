// « Mon espace » on the member's phone, KioskApp's side (see
// app/phone_link.hpp for its state): the request, its answer, and what is
// shown meanwhile.
#include <spdlog/spdlog.h>

#include "app/kiosk_app.hpp"

namespace escale::kiosk {

bool KioskApp::phone_link_offered() const {
  return settings_.phone_link && visit_.member.has_value() && !animator_.who;
}

void KioskApp::ask_phone_link(Instant at) {
  if (!phone_link_offered()) return;
  const bool from_menu = screen_ == Screen::Greeting || screen_ == Screen::AlreadyHere || screen_ == Screen::Goodbye;
  // « Réessayer » once an attempt has failed; never a second request while one is under way.
  const bool again = screen_ == Screen::PhoneLink && phone_.view.status == PhoneLinkStatus::Unreachable;
  if (!from_menu && !again) return;
  show(Screen::PhoneLink, at);
  phone_ = PhoneLinkFlow{};
  phone_.request = PhoneLinkRequest{++phone_link_requests_, visit_.member->id};
  phone_.awaiting = phone_.request->id;
}

std::optional<PhoneLinkRequest> KioskApp::take_phone_link_request() {
  auto r = std::move(phone_.request);
  phone_.request.reset();
  return r;
}

bool KioskApp::on_phone_link_outcome(std::uint64_t request_id, const LoginLinkOutcome& outcome) {
  // An answer for a screen left since (the member went back, walked away,
  // someone else badged): dropped, link and all.
  if (screen_ != Screen::PhoneLink || request_id == 0 || request_id != phone_.awaiting) {
    spdlog::info("login link {}: answered after its screen was left; dropped", request_id);
    return false;
  }
  phone_.awaiting = 0;
  switch (outcome.kind) {
    case LoginLinkOutcome::Kind::Ready:
      phone_.view.status = PhoneLinkStatus::Ready;
      phone_.view.url = outcome.url;
      break;
    case LoginLinkOutcome::Kind::Refused:
      phone_.view.status = PhoneLinkStatus::Refused;
      break;
    case LoginLinkOutcome::Kind::Unreachable:
      phone_.view.status = PhoneLinkStatus::Unreachable;
      break;
  }
  // The minute without a tap counts from the tap that asked, not from the
  // answer: the code is on screen a minute at most.
  return true;
}

}  // namespace escale::kiosk
