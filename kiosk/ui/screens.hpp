// One draw function per Screen. Each reads the KioskView, draws into the
// current ImGui window (full screen, no decorations), records what it drew,
// and returns what the person tapped. None of them keeps state.
//
// Every screen says where you are (a title, the site name and the time) and
// has one obvious way on or back (one big button).
#pragma once

#include "app/kiosk_app.hpp"
#include "ui/widgets.hpp"

namespace escale::kiosk::ui {

UiAction draw_screen(DrawContext& ctx, const KioskView& view);  // dispatches on view.screen

UiAction draw_attract(DrawContext& ctx, const KioskView& view);
UiAction draw_greeting(DrawContext& ctx, const KioskView& view);
UiAction draw_already_here(DrawContext& ctx, const KioskView& view);
UiAction draw_goodbye(DrawContext& ctx, const KioskView& view);
UiAction draw_unknown_badge(DrawContext& ctx, const KioskView& view);
UiAction draw_walk_in(DrawContext& ctx, const KioskView& view);

}  // namespace escale::kiosk::ui
