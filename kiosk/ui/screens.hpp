// One draw function per Screen. Each reads the KioskView, draws into the
// current ImGui window (full screen, no decorations), records what it drew,
// and returns what the person tapped. None of them keeps state (the drag-
// scroll areas and the keyboard keep their scroll offset and shift key in
// ImGui's own storage).
//
// Every screen says where you are (a title, the site name and the time) and
// has one obvious way on or back (big buttons at the bottom: back on the
// left, on on the right). Files: screens.cpp (attract, greetings and the
// member menu), screens_booking.cpp (a member's bookings),
// screens_animator.cpp (animator mode), screens_help.cpp (asking for digital
// help), screens_agenda.cpp (the animator's help agenda); shared pieces in
// screen_kit.hpp.
#pragma once

#include "app/kiosk_app.hpp"
#include "ui/widgets.hpp"

namespace escale::kiosk::ui {

UiAction draw_screen(DrawContext& ctx, const KioskView& view);  // dispatches on view.screen

UiAction draw_attract(DrawContext& ctx, const KioskView& view);
// With view.member_menu these three add today's bookings, notices and the
// member menu (« Réserver un bureau », « Réserver la salle visio »,
// « Mes réservations », « Aide numérique », « Sur mon téléphone »,
// « Terminé »).
UiAction draw_greeting(DrawContext& ctx, const KioskView& view);
UiAction draw_already_here(DrawContext& ctx, const KioskView& view);
UiAction draw_goodbye(DrawContext& ctx, const KioskView& view);
UiAction draw_unknown_badge(DrawContext& ctx, const KioskView& view);
UiAction draw_not_here(DrawContext& ctx, const KioskView& view);
UiAction draw_walk_in(DrawContext& ctx, const KioskView& view);

// A member's bookings (screens_booking.cpp). When view.subject_name is set
// the booking is made by an animator for that member: the screens show the
// « Mode animation » marker and name the member.
UiAction draw_book_day(DrawContext& ctx, const KioskView& view);
UiAction draw_book_desk_grid(DrawContext& ctx, const KioskView& view);
UiAction draw_book_visio_start(DrawContext& ctx, const KioskView& view);
UiAction draw_book_visio_duration(DrawContext& ctx, const KioskView& view);
UiAction draw_book_confirm(DrawContext& ctx, const KioskView& view);
UiAction draw_booked(DrawContext& ctx, const KioskView& view);
UiAction draw_my_bookings(DrawContext& ctx, const KioskView& view);
UiAction draw_cancel_confirm(DrawContext& ctx, const KioskView& view);
UiAction draw_cancelled(DrawContext& ctx, const KioskView& view);

// Animator mode (screens_animator.cpp).
UiAction draw_help_topics(DrawContext& ctx, const KioskView& view);
UiAction draw_help_when(DrawContext& ctx, const KioskView& view);
UiAction draw_help_time(DrawContext& ctx, const KioskView& view);
UiAction draw_help_contact(DrawContext& ctx, const KioskView& view);
UiAction draw_help_ticket(DrawContext& ctx, const KioskView& view);

UiAction draw_animator_pin(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_home(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_present(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_bookings(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_pick_member(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_badge_wait(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_new_member(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_confirm(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_done(DrawContext& ctx, const KioskView& view);
// « Envois refusés »: what will not reach the server as it was made, and why.
UiAction draw_animator_refused(DrawContext& ctx, const KioskView& view);

// Animator mode: the help agenda (screens_agenda.cpp): today's appointments
// with each participant's status (« Présent », « Absent », « Excusé »), and
// the activity record (CRA) as toggle chips with two typed fields.
UiAction draw_animator_agenda(DrawContext& ctx, const KioskView& view);
UiAction draw_animator_activity(DrawContext& ctx, const KioskView& view);

// First run (screens_enrol.cpp): « Inscription de la borne », the code typed
// on the on-screen keyboard (or a physical one), then « Borne inscrite ».
UiAction draw_enrol(DrawContext& ctx, const KioskView& view);
// After enrolment, until the first pull (screens_enrol.cpp): « La borne se
// prépare… », badges noted, « Je suis de passage ».
UiAction draw_preparing(DrawContext& ctx, const KioskView& view);

// « Mon espace » on the member's phone (screens_phone.cpp): « Un instant… »,
// then the one-time login link as a big QR code with what it does beside it,
// or why not (« Réessayer » when the server did not answer).
UiAction draw_phone_link(DrawContext& ctx, const KioskView& view);

}  // namespace escale::kiosk::ui
