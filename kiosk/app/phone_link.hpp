// « Mon espace » on the member's phone (issue 18): from the member menu,
// « Sur mon téléphone » asks the server for a one-time login link for the
// member on screen, and the screen shows it as a QR code. The link logs the
// member in: it is forgotten the moment the screen is left (`phone_ =
// PhoneLinkFlow{}` in KioskApp::show), and the screen goes back to attract
// after a minute without a tap. KioskApp's steps are in app/phone_link.cpp;
// the exchange itself runs in the runtime, off the UI thread
// (sync/login_link.hpp).
#pragma once

#include <cstdint>
#include <optional>

#include "app/kiosk_view.hpp"

namespace escale::kiosk {

struct PhoneLinkFlow {
  PhoneLinkView view;                       // what the PhoneLink screen shows (KioskView::phone_link)
  std::optional<PhoneLinkRequest> request;  // the exchange asked for, taken once by the runtime
  std::uint64_t awaiting = 0;               // the id of the request whose answer the screen waits for (0: none)
};

}  // namespace escale::kiosk
