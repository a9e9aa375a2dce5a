// Animator mode, from the PIN to « Quitter le mode animation »: who typed
// the PIN, the animator, the member they act for, and each errand's screens
// (who is here, the member picker, the new member's form, the confirmation
// and « C’est fait »). KioskApp's steps are in app/kiosk_app.cpp; the session
// is forgotten by assignment (`animator_ = AnimatorSession{}`) with the
// person, and each errand's part when the animator goes back home.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/kiosk_view.hpp"
#include "app/person.hpp"
#include "store/local_store.hpp"
#include "sync/protocol.hpp"

namespace escale::kiosk {

// What one errand of the animator holds (the member acted for, the person
// being checked out, the new member), reset at the animator's home.
struct AnimatorErrand {
  std::optional<Person> subject;  // the member the animator acts for
  std::string subject_name;       // « Marie Dupont », on the errand's screens
  std::optional<PresentMember> checking_out;
  std::optional<sync::NewMember> new_member;  // typed in, waiting for a badge (or « Sans badge »)
};

struct AnimatorSession {
  // AnimatorPin: the animator who badged, typing their PIN.
  std::optional<Person> pin_for;
  std::string pin_digits;  // shown as dots
  bool pin_wrong = false;
  int pin_attempts_left = kMaxPinFailures;
  std::optional<LocalTime> pin_locked_until;

  std::optional<Person> who;  // animator mode is open for this animator
  AnimatorErrand errand;

  AnimatorSummary summary;             // AnimatorHome
  std::vector<PresentMember> present;  // AnimatorPresent, by index
  std::vector<PresentPerson> people;   // … as shown
  PickPurpose pick_purpose = PickPurpose::NewBooking;
  std::string picker_query;                 // AnimatorPickMember
  std::vector<LocalMember> matches;         // by index
  std::vector<std::string> picker_matches;  // … as shown: full names, at most 4
  MemberForm form;                          // AnimatorNewMember
  ConfirmRequest confirm;                   // AnimatorConfirm
  DoneMessage done;                         // AnimatorDone
  std::vector<RefusedLine> refused_events;  // AnimatorRefused

  bool open() const { return who.has_value(); }

  void show_in(KioskView& v) const {
    v.pin_digits = pin_digits;
    v.pin_wrong = pin_wrong;
    v.pin_attempts_left = pin_attempts_left;
    v.pin_locked_until = pin_locked_until;
    v.animator = summary;
    v.people = people;
    v.pick_purpose = pick_purpose;
    v.picker_query = picker_query;
    v.picker_matches = picker_matches;
    v.form = form;
    v.confirm = confirm;
    v.done = done;
    v.refused_events = refused_events;
    v.subject_name = errand.subject_name;
  }
};

}  // namespace escale::kiosk
