// A new kiosk's first run: the enrolment (« Inscription de la borne », the
// one-time code exchanged for the kiosk's token), then the préparation until
// the first pull has brought the site's members (badges tapped meanwhile are
// noted and decided later). Nothing of a person: these outlive visitors.
// KioskApp's steps are in app/first_run.cpp.
#pragma once

#include <optional>
#include <string>

#include "app/kiosk_view.hpp"
#include "domain/enrolment_code.hpp"

namespace escale::kiosk {

struct EnrolmentFlow {
  bool pending = false;                       // a server is configured and the kiosk has no token yet
  EnrolView view;                             // what the Enrol screen shows (KioskView::enrol)
  std::optional<EnrolRequest> request;        // the exchange asked for, taken once by the runtime
  std::optional<Instant> badge_notice_until;  // « Cette borne n’est pas encore inscrite » after a badge

  // A code, typed or from the configuration (then retried while the server
  // is unreachable), checked: the exchange asked for, or why not.
  void submit(const CodeCheck& check, bool retry) {
    view.detail.clear();
    if (check.problem != CodeProblem::None) {
      view.status = EnrolStatus::Failed;
      view.failure = EnrolFailure::BadCode;
      view.code_problem = check.problem;
      view.bad_character = check.bad_character;
      return;
    }
    view.status = EnrolStatus::Exchanging;
    view.failure.reset();
    request = EnrolRequest{check.code, retry};
  }
};

struct Preparation {
  bool active = false;                     // enrolled, the first pull not landed: the Preparing screen
  bool replay_due = false;                 // taps noted during préparation wait to be replayed
  bool sync_trouble = false;               // the last exchange with the server failed
  std::optional<Instant> tap_noted_until;  // « votre passage est noté »
  std::string enrolled_site_name;          // what the server said at enrolment: the header's name until the pull

  void show_in(KioskView& v, Instant at) const {
    v.preparation.active = active;
    // The site's name comes with the first pull; until then, the one enrolment gave.
    if (v.site_name.empty() && active) v.site_name = enrolled_site_name;
    v.preparation.tap_noted = active && tap_noted_until && at < *tap_noted_until;
    v.preparation.server_trouble = active && sync_trouble;
  }
};

}  // namespace escale::kiosk
