// Animator mode screens. Index:
// [SECTION] Shared pieces (header with the « Mode animation » marker, text box)
// [SECTION] PIN and home
// [SECTION] Lists: who is here, today's bookings, refused events
// [SECTION] Picking a member, waiting for a badge
// [SECTION] New member form
// [SECTION] Confirm and done
//
// Staff screens show full names and more at once than the visitor screens,
// with the same big targets; every one carries the « Mode animation » tag in
// its header so staff know where they are. Typing uses the on-screen
// keyboard: on a landscape panel it takes the lower part of the screen (or
// the right side when choosing a member), on a portrait one the bottom.
#include <algorithm>
#include <string>
#include <vector>

#include "ui/screen_kit.hpp"
#include "ui/screens.hpp"
#include "ui/strings.hpp"
#include "ui/strings_agenda.hpp"
#include "ui/strings_help.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui {
namespace {

// [SECTION] Shared pieces

kit::ButtonSpec back_button(const KioskView& view) {
  return {std::string(tr(Text::BackButton, view.language)), UiAction{Act::Back}, ButtonKind::Secondary};
}

// Header `title` with the marker, a column in the middle, the bar.
UiAction draw_animator_step(DrawContext& ctx, const KioskView& view, std::string_view title, const char* id,
                            const kit::Column& col, const std::vector<kit::ButtonSpec>& bar,
                            kit::Fit fit = kit::Fit::Top, bool marker = true, bool centre_single = false) {
  const float m = ctx.margin();
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, title, marker));
  const float gap = fit == kit::Fit::Top ? ctx.target_gap() : 0.75f * ctx.u();
  const float bottom = kit::bottom_bar_top(ctx, bar) - gap;
  const UiAction middle =
      kit::draw_middle(ctx, id, col, ImVec2(m, top), ImVec2(ctx.screen.x - 2.0f * m, bottom - top), fit);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar, centre_single);
  return tapped.act != Act::None ? tapped : middle;
}

// [SECTION] PIN and home

}  // namespace

UiAction draw_animator_pin(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const std::vector<kit::ButtonSpec> bar{
      {std::string(tr(Text::BackButton, lang)), UiAction::Home, ButtonKind::Secondary}};
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, {}, true));
  const float bar_top = kit::bottom_bar_top(ctx, bar);
  const float bottom = bar_top - 0.75f * u;

  kit::Column col;
  col.titled(ctx, kit::Icon::None, pin_hello(view.first_name, lang));
  const bool locked = view.pin_locked_until.has_value();
  if (locked) {
    col.warning(ctx, pin_locked(*view.pin_locked_until, lang), 0.75f);
  } else {
    col.text(ctx, ctx.fonts.body, std::string(tr(Text::PinAsk, lang)), 0.6f);
    if (view.pin_wrong) col.warning(ctx, pin_wrong(view.pin_attempts_left, lang), 0.75f);
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);

  UiAction action = UiAction::None;
  std::string pin = view.pin_digits;
  bool submitted = false;
  if (locked) {
    action = kit::draw_middle(ctx, "pin", col, ImVec2(m, top), ImVec2(content_w, bottom - top), kit::Fit::Centre);
  } else if (kit::is_landscape(ctx)) {
    // The pad on the right, down to the bottom; the words and « Retour » on the left.
    const float pad_w = std::min(14.0f * u, 0.45f * content_w);
    const float text_w = content_w - pad_w - 1.5f * u;
    action = kit::draw_middle(ctx, "pin", col, ImVec2(m, top), ImVec2(text_w, bottom - top), kit::Fit::Centre);
    submitted =
        pin_pad(ctx, pin, ImVec2(ctx.screen.x - m - pad_w, top), ImVec2(pad_w, ctx.screen.y - m - top), 6, lang);
  } else {
    const float text_h = std::min(col.height(ctx, content_w), 0.3f * (bottom - top));
    action = kit::draw_middle(ctx, "pin", col, ImVec2(m, top), ImVec2(content_w, text_h));
    // The pad keeps a target's gap from « Retour ».
    const float pad_top = top + text_h + 1.5f * u;
    const float pad_bottom = bar_top - ctx.target_gap();
    const float pad_h = std::min(pad_bottom - pad_top, 24.0f * u);
    submitted = pin_pad(ctx, pin, ImVec2(m, pad_top + (pad_bottom - pad_top - pad_h) / 2.0f), ImVec2(content_w, pad_h),
                        6, lang);
  }
  if (submitted)
    action = UiAction{Act::PinSubmit, -1, pin};
  else if (pin != view.pin_digits)
    action = UiAction{Act::PinEdit, -1, pin};
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : action;
}

UiAction draw_animator_home(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const AnimatorSummary& s = view.animator;
  std::vector<kit::ButtonSpec> menu{
      {who_is_here_button(s.present, lang), UiAction{Act::ShowPresent}},
      // A member who forgot their badge: their visit counts all the same.
      {std::string(tr(Text::LetInButton, lang)), UiAction{Act::LetIn}},
      {bookings_today_button(s.bookings_today, lang), UiAction{Act::ShowBookings}},
      {agenda::agenda_button(view.agenda_today, lang), UiAction{Act::ShowAgenda}},
      {std::string(tr(Text::NewBadgeButton, lang)), UiAction{Act::NewBadge}},
      {std::string(tr(Text::NewMemberButton, lang)), UiAction{Act::NewMember}},
      {std::string(tr(Text::WalkInRecordButton, lang)), UiAction::WalkIn},
  };
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const int max_columns = kit::is_landscape(ctx) ? 3 : 2;
  // Only when there is something to see: staff redo what was refused. 800 ×
  // 480 holds three rows of 15 mm targets 8 mm apart under the title, not
  // four: nine cells. So « Nouvelle réservation » lives in « Réservations du
  // jour » (the list, then add to it), and the refused events take the cell
  // before « Quitter », left empty when there are none so that « Quitter »
  // stays in its corner.
  if (s.refused_events > 0) {
    menu.push_back({refused_events_button(s.refused_events, lang), UiAction{Act::ShowRefused}});
  } else if (max_columns == 3) {
    menu.push_back({std::string(), UiAction::None});
  }
  // « Quitter le mode animation » is the grid's last cell: every action and
  // the way out on screen at once, without dragging (issue 15), in the
  // button font when the labels fit, else in the body font.
  menu.push_back(
      {std::string(tr(Text::LeaveAnimatorButton, lang)), UiAction{Act::LeaveAnimator}, ButtonKind::Secondary});
  ImFont* font = ctx.fonts.button;
  int columns = kit::grid_columns(ctx, menu, content_w, max_columns, font);
  if (columns < max_columns && kit::grid_columns(ctx, menu, content_w, max_columns, ctx.fonts.body) == max_columns) {
    font = ctx.fonts.body;
    columns = max_columns;
  }
  // How the kiosk is doing, for staff, under the menu: the reader's problem
  // first (it needs acting on), then the last exchange with the server.
  kit::Column col;
  kit::Block grid;
  grid.height = [menu, columns](const DrawContext& c, float) { return kit::grid_height(c, menu.size(), columns); };
  grid.draw = [menu, columns, font](DrawContext& c, ImVec2 pos, float width) {
    return kit::draw_button_grid(c, menu, pos, width, columns, font);
  };
  col.add(std::move(grid));
  if (view.reader == ReaderHealth::Unavailable) col.warning(ctx, reader_problem(view.reader_detail, lang), 0.4f);
  // One line under the grid: the refused events have their button, and the
  // waiting ones give way when the line would not fit.
  std::string status = last_sync_line(s.last_sync, lang);
  const std::string unsynced = unsynced_line(s.unsynced, lang);
  if (!unsynced.empty() && text_width(ctx.fonts.body, status + " " + unsynced) <= content_w) status += " " + unsynced;
  col.text(ctx, ctx.fonts.body, status, 0.2f, colour::kTextSecondary);
  // A printer without paper needs acting on, like the reader.
  const std::string printer = help::printer_problem_line(s.printer_problem, lang);
  if (!printer.empty()) col.warning(ctx, printer, 0.4f);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.4f);
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, tr(Text::AnimatorMode, lang), false));
  return kit::draw_middle(ctx, "home", col, ImVec2(m, top), ImVec2(content_w, ctx.screen.y - m - top));
}

// [SECTION] Lists

UiAction draw_animator_present(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  kit::Column col;
  if (view.people.empty()) col.text(ctx, ctx.fonts.title, std::string(tr(Text::NobodyHere, lang)), 0.0f);
  for (std::size_t i = 0; i < view.people.size(); ++i) {
    const PresentPerson& p = view.people[i];
    col.add(kit::list_row(
        ctx, {{ctx.fonts.button, p.name}, {ctx.fonts.body, present_since(p.since, lang), colour::kTextSecondary}},
        {{std::string(tr(Text::CheckOutButton, lang)), UiAction{Act::CheckOutPerson, static_cast<int>(i)},
          ButtonKind::Secondary}},
        static_cast<int>(i), i > 0));
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);
  return draw_animator_step(ctx, view, who_is_here_button(static_cast<int>(view.people.size()), lang), "present", col,
                            {back_button(view)});
}

UiAction draw_animator_bookings(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  kit::Column col;
  if (view.bookings.empty()) col.text(ctx, ctx.fonts.title, std::string(tr(Text::NoBookingsToday, lang)), 0.0f);
  for (std::size_t i = 0; i < view.bookings.size(); ++i) {
    const BookingLine& b = view.bookings[i];
    std::vector<kit::ButtonSpec> buttons;
    if (b.movable) {
      buttons.push_back({std::string(tr(Text::MoveButton, lang)), UiAction{Act::MoveBooking, static_cast<int>(i)},
                         ButtonKind::Secondary});
    }
    if (b.cancellable) {
      buttons.push_back({std::string(tr(Text::CancelButton, lang)), UiAction{Act::CancelBooking, static_cast<int>(i)},
                         ButtonKind::Secondary});
    }
    col.add(kit::list_row(ctx,
                          {{ctx.fonts.button, b.who.empty() ? std::string("—") : b.who},
                           {ctx.fonts.body, animator_booking_line(b, lang)}},
                          std::move(buttons), static_cast<int>(i), i > 0));
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);
  // Add to the list from the list: « Nouvelle réservation » at the right of the bar.
  return draw_animator_step(
      ctx, view, tr(Text::TodayBookingsTitle, lang), "bookings", col,
      {back_button(view), {std::string(tr(Text::NewBookingButton, lang)), UiAction{Act::NewBooking}}});
}

// The events that will not reach the server as they were made: what, when,
// who refused it, and why, so that staff can redo them. No buttons: each
// row is read, not acted on.
UiAction draw_animator_refused(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  kit::Column col;
  if (view.refused_events.empty()) col.text(ctx, ctx.fonts.title, std::string(tr(Text::NoRefusedEvents, lang)), 0.0f);
  for (std::size_t i = 0; i < view.refused_events.size(); ++i) {
    const RefusedLine& r = view.refused_events[i];
    col.add(kit::list_row(
        ctx,
        {{ctx.fonts.button, refused_event_title(r, lang)},
         {ctx.fonts.body, std::string(tr(r.set_aside_here ? Text::SetAsideHere : Text::RefusedByServer, lang)),
          colour::kTextSecondary},
         {ctx.fonts.body, r.reason}},
        {}, static_cast<int>(i), i > 0));
  }
  const std::string more = refused_events_more(view.refused_events.size(), view.animator.refused_events, lang);
  if (!more.empty()) col.text(ctx, ctx.fonts.body, more, 1.0f, colour::kTextSecondary);
  return draw_animator_step(ctx, view, refused_events_button(view.animator.refused_events, lang), "refused", col,
                            {back_button(view)});
}

// [SECTION] Picking a member, waiting for a badge

UiAction draw_animator_pick_member(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const std::vector<kit::ButtonSpec> bar{back_button(view)};
  const std::string_view title = tr(view.pick_purpose == PickPurpose::NewBadge ? Text::PickForBadge
                                    : view.pick_purpose == PickPurpose::LetIn  ? Text::PickForLetIn
                                                                               : Text::PickForBooking,
                                    lang);
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, title, true));
  const float bar_top = kit::bottom_bar_top(ctx, bar);
  const float bottom = bar_top - ctx.target_gap();
  const bool landscape = kit::is_landscape(ctx);

  std::vector<kit::ButtonSpec> matches;
  for (std::size_t i = 0; i < view.picker_matches.size() && i < 4; ++i) {
    matches.push_back({view.picker_matches[i], UiAction{Act::PickMember, static_cast<int>(i)}});
  }
  const std::string_view hint = tr(Text::PickHint, lang);
  kit::Column list;
  if (matches.empty() && !view.picker_query.empty()) {
    list.text(ctx, ctx.fonts.body, std::string(tr(Text::PickNoMatch, lang)), 0.0f);
  } else if (!matches.empty() && landscape) {
    // One under the other, each as tall as its name needs: a long compound
    // name (« Marie-Hélène Duprès-Lafontaine ») shows whole, never « Marie… ».
    list.add(kit::tall_button_list(matches));
  } else if (!matches.empty()) {
    const int max_columns = 2;
    kit::Block grid;
    grid.list_item = true;  // the matches: a list
    grid.height = [matches, max_columns](const DrawContext& c, float) {
      return kit::grid_height(c, matches.size(), std::min(max_columns, static_cast<int>(matches.size())));
    };
    grid.draw = [matches, max_columns](DrawContext& c, ImVec2 pos, float width) {
      return kit::draw_button_grid(c, matches, pos, width, std::min(max_columns, static_cast<int>(matches.size())));
    };
    list.add(std::move(grid));
  }

  const float box_h = 2.6f * u;
  std::string query = view.picker_query;
  bool typed = false;
  UiAction action = UiAction::None;
  if (landscape) {
    // The keyboard on the right with the typed name above it; the matches on
    // the left, above « Retour ».
    // Keys of 9 mm (issue 15): ten keys across need 10.5 × 1.85 u; the rest
    // goes to the names.
    const float kb_w = std::min(content_w - 6.0f * u, std::max(0.55f * content_w, 10.5f * 1.85f * u));
    const float kb_x = ctx.screen.x - m - kb_w;
    const float list_w = content_w - kb_w - 0.75f * u;
    kit::typing_box(ctx, view.picker_query, hint, ImVec2(kb_x, top), ImVec2(kb_w, box_h), ctx.fonts.title);
    const float kb_top = top + box_h + 0.6f * u;
    typed = on_screen_keyboard(ctx, query, ImVec2(kb_x, kb_top), ImVec2(kb_w, ctx.screen.y - m - kb_top),
                               KeyboardMode::Letters, 40, lang);
    action = kit::draw_middle(ctx, "matches", list, ImVec2(m, top), ImVec2(list_w, bottom - top));
  } else {
    // The typed name, the matches (two rows of two), the keyboard as tall as
    // what is left allows, « Retour ». Targets 2 u apart.
    kit::typing_box(ctx, view.picker_query, hint, ImVec2(m, top), ImVec2(content_w, box_h), ctx.fonts.title);
    const float list_top = top + box_h + 0.75f * u;
    const float kb_bottom = bar_top - ctx.target_gap();
    const float matches_h = kit::grid_height(ctx, 4, 2) + ctx.target_gap();
    const float kb_h =
        std::clamp(kb_bottom - list_top - matches_h, 0.75f * keyboard_min_height(ctx), keyboard_min_height(ctx));
    const float kb_top = kb_bottom - kb_h;
    action = kit::draw_middle(ctx, "matches", list, ImVec2(m, list_top),
                              ImVec2(content_w, kb_top - ctx.target_gap() - list_top));
    typed = on_screen_keyboard(ctx, query, ImVec2(m, kb_top), ImVec2(content_w, kb_h), KeyboardMode::Letters, 40, lang);
  }
  if (typed && query != view.picker_query) action = UiAction{Act::PickerEdit, -1, query};
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : action;
}

UiAction draw_animator_badge_wait(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  std::vector<kit::ButtonSpec> bar{back_button(view)};
  // A new member may go without a badge for now; « Nouveau badge » is for one.
  if (view.pick_purpose != PickPurpose::NewBadge) {
    bar.push_back({std::string(tr(Text::SkipBadgeButton, lang)), UiAction{Act::SkipBadge}});
  }
  kit::Column col;
  const std::string sentence = badge_wait(view.subject_name, lang);
  kit::Block b;
  // The badge picture beside the sentence on a wide screen, above it otherwise.
  b.height = [sentence](const DrawContext& c, float width) {
    const float icon_h = 4.0f * c.u();
    const float icon_w = badge_icon_width(icon_h);
    if (kit::is_wide(c)) {
      return std::max(icon_h, paragraph_height(c, c.fonts.title, sentence, width - icon_w - 1.5f * c.u()));
    }
    return icon_h + 0.75f * c.u() + paragraph_height(c, c.fonts.title, sentence, width);
  };
  b.draw = [sentence](DrawContext& c, ImVec2 pos, float width) {
    const float icon_h = 4.0f * c.u();
    const float icon_w = badge_icon_width(icon_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (kit::is_wide(c)) {
      const float text_w = width - icon_w - 1.5f * c.u();
      const float th = paragraph_height(c, c.fonts.title, sentence, text_w);
      const float h = std::max(icon_h, th);
      draw_badge_icon(dl, ImVec2(pos.x, pos.y + (h - icon_h) / 2.0f), icon_h);
      paragraph(c, c.fonts.title, sentence, ImVec2(pos.x + icon_w + 1.5f * c.u(), pos.y + (h - th) / 2.0f), text_w);
    } else {
      draw_badge_icon(dl, ImVec2(pos.x + (width - icon_w) / 2.0f, pos.y), icon_h);
      paragraph(c, c.fonts.title, sentence, ImVec2(pos.x, pos.y + icon_h + 0.75f * c.u()), width);
    }
    return UiAction::None;
  };
  col.add(std::move(b));
  if (view.reader == ReaderHealth::Unavailable) col.warning(ctx, reader_problem(view.reader_detail, lang), 1.0f);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);
  return draw_animator_step(ctx, view, tr(Text::NewBadgeButton, lang), "badge", col, bar, kit::Fit::Centre);
}

// [SECTION] New member form

namespace {

std::size_t max_chars(const FormField& f) {
  if (f.label_key == "home_commune") return 5;
  if (f.label_key == "phone") return 14;
  if (f.label_key == "email") return 60;
  return 40;
}

// « Prénom : Marie » (what a field says, recorded for scripts)
std::string field_summary(const FormField& f, Language lang, bool short_label) {
  std::string out = short_label ? field_short_label(f.label_key, lang) : field_label(f.label_key, f.required, lang);
  if (!f.value.empty()) out += (lang == Language::French ? "\u202F: " : ": ") + f.value;
  return out;
}

// A field as a tappable tab: its label on top (grey) and its value under it
// (bold); the focused one is filled dark blue. Recorded as a button
// labelled with its summary. Returns true when tapped.
bool field_tab(DrawContext& ctx, const FormField& f, int index, bool focused, ImVec2 pos, ImVec2 size, Language lang,
               bool two_lines) {
  const float u = ctx.u();
  ImGui::PushID(index);
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton("field", size);
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float border = std::max(2.0f, std::round(0.1f * u));
  const ImU32 fill = focused ? colour::kButton : (held ? colour::kSecondaryPressed : colour::rgb(0xFF, 0xFF, 0xFF));
  dl->AddRectFilled(pos, max, fill, 0.3f * u);
  dl->AddRect(ImVec2(pos.x + border / 2, pos.y + border / 2), ImVec2(max.x - border / 2, max.y - border / 2),
              colour::kButton, 0.3f * u, ImDrawFlags_None, border);
  const ImU32 label_col = focused ? colour::kButtonText : colour::kTextSecondary;
  const ImU32 value_col = focused ? colour::kButtonText : colour::kText;
  const float pad = 0.4f * u;
  const std::string label = field_short_label(f.label_key, lang);
  dl->PushClipRect(pos, max, true);
  if (two_lines) {
    const float block = 2.0f * ctx.fonts.body_px;
    const float y = std::round(pos.y + (size.y - block) / 2.0f);
    dl->AddText(ctx.fonts.body, ctx.fonts.body_px, ImVec2(pos.x + pad, y), label_col, label.c_str());
    dl->AddText(ctx.fonts.body, ctx.fonts.body_px, ImVec2(pos.x + pad, y + ctx.fonts.body_px), value_col,
                f.value.c_str());
  } else {
    const std::string text = field_summary(f, lang, true);
    const float y = std::round(pos.y + (size.y - ctx.fonts.body_px) / 2.0f);
    dl->AddText(ctx.fonts.body, ctx.fonts.body_px, ImVec2(pos.x + pad, y), value_col, text.c_str());
  }
  dl->PopClipRect();
  // Recorded as a button label is: the same box, to the pixel.
  const std::string summary = field_summary(f, lang, true);
  ctx.record.texts.push_back(summary);
  ctx.record.text_boxes.push_back(TextBox{pos.x, pos.y, size.x, size.y});
  ctx.record.buttons.push_back(DrawnButton{summary, pos.x, pos.y, size.x, size.y});
  return clicked && !drag_in_progress();
}

}  // namespace

UiAction draw_animator_new_member(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const MemberForm& form = view.form;
  const int n = static_cast<int>(form.fields.size());
  const int focused = n == 0 ? -1 : std::clamp(form.focused, 0, n - 1);
  const std::string error = lang == Language::English && !form.error_en.empty() ? form.error_en : form.error;
  const kit::ButtonSpec back = back_button(view);
  const kit::ButtonSpec save{std::string(tr(Text::SaveButton, lang)), UiAction{Act::FormSubmit}};

  // On a landscape screen the error takes the place of the tabs: the header
  // then names the field to fix in full.
  const std::string header_title = kit::is_landscape(ctx) && !error.empty() && focused >= 0
                                       ? field_label(form.fields[static_cast<std::size_t>(focused)].label_key,
                                                     form.fields[static_cast<std::size_t>(focused)].required, lang)
                                       : std::string(tr(Text::NewMemberTitle, lang));
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, header_title, true));
  UiAction action = UiAction::None;
  const auto focus_label = [&] {
    return focused < 0 ? std::string()
                       : field_label(form.fields[static_cast<std::size_t>(focused)].label_key,
                                     form.fields[static_cast<std::size_t>(focused)].required, lang);
  };
  const auto focused_box = [&](ImVec2 pos, float width, float height) {
    // The focused field, large: its full label, then the text being typed.
    const float label_h = paragraph(ctx, ctx.fonts.body, focus_label(), pos, width, colour::kTextSecondary);
    const float box_y = pos.y + label_h + 0.2f * u;
    kit::typing_box(ctx, form.fields[static_cast<std::size_t>(focused)].value, {}, ImVec2(pos.x, box_y),
                    ImVec2(width, pos.y + height - box_y), ctx.fonts.title);
  };
  float keyboard_top = 0.0f;
  float keyboard_bottom = ctx.screen.y - m;
  KeyboardOptions keys;
  keys.min_key_u = animator_key_u();
  const bool landscape = kit::is_landscape(ctx);
  float save_w = 0.0f;
  if (landscape) {
    // Every field as a tab (the focused one filled, its value typed into),
    // or the error in their place while there is one (the form focuses the
    // field to fix); then the keyboard, whose bottom row has « Retour » on
    // its left (where it is on every screen) and « Enregistrer » on its
    // right: the keys keep 9 mm (issue 15).
    save_w = button_width(ctx, save.label, 6.0f * u, content_w);
    keys.bottom_row_h = ctx.button_height();
    keys.reserve_left = kit::back_button_size(ctx).x;
    keys.reserve_right = save_w;
    keys.reserve_gap = ctx.target_gap();
    keys.email_keys = focused >= 0 && form.fields[static_cast<std::size_t>(focused)].label_key == "email";
    const ImVec2 back_pos = kit::back_button_pos(ctx);
    if (kit::touch_button(ctx, back.label, back_pos, kit::back_button_size(ctx), back.kind)) action = back.action;
    if (kit::touch_button(ctx, save.label, ImVec2(ctx.screen.x - m - save_w, back_pos.y),
                          ImVec2(save_w, ctx.button_height()))) {
      action = save.action;
    }
    float y = top;
    if (!error.empty()) {
      y += notice(ctx, error, ImVec2(m, y), content_w) + 0.4f * u;
    } else if (n > 0) {
      const float tab_gap = 0.5f * u;
      const float tab_w = (content_w - tab_gap * static_cast<float>(n - 1)) / static_cast<float>(n);
      const float tab_h = 2.4f * u;
      for (int i = 0; i < n; ++i) {
        if (field_tab(ctx, form.fields[static_cast<std::size_t>(i)], i, i == focused,
                      ImVec2(m + static_cast<float>(i) * (tab_w + tab_gap), y), ImVec2(tab_w, tab_h), lang, true)) {
          action = UiAction{Act::FormFocus, i};
        }
      }
      y += tab_h + 0.4f * u;
    }
    keyboard_top = y;
  } else {
    // Every field in a column (the focused one large), the error, the
    // keyboard, then « Retour » and « Enregistrer » at the bottom.
    const std::vector<kit::ButtonSpec> bar{back, save};
    const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
    if (tapped.act != Act::None) action = tapped;
    keyboard_bottom = kit::bottom_bar_top(ctx, bar) - ctx.target_gap();
    float y = top;
    for (int i = 0; i < n; ++i) {
      if (i == focused) {
        const float h = ctx.fonts.body_px + 0.2f * u + 3.0f * u;
        focused_box(ImVec2(m, y), content_w, h);
        y += h + 0.5f * u;
      } else {
        if (field_tab(ctx, form.fields[static_cast<std::size_t>(i)], i, false, ImVec2(m, y),
                      ImVec2(content_w, 2.2f * u), lang, false)) {
          action = UiAction{Act::FormFocus, i};
        }
        y += 2.2f * u + 0.5f * u;
      }
    }
    if (!error.empty()) y += notice(ctx, error, ImVec2(m, y), content_w) + 0.5f * u;
    keyboard_top = std::max(y + 0.25f * u, keyboard_bottom - keyboard_min_height(ctx));
  }
  if (focused >= 0) {
    const FormField& f = form.fields[static_cast<std::size_t>(focused)];
    std::string value = f.value;
    ImGui::PushID(focused);
    keys.mode = f.digits ? KeyboardMode::Digits : KeyboardMode::Letters;
    keys.max_chars = max_chars(f);
    keys.lang = lang;
    keys.capital_first = f.label_key == "first_name" || f.label_key == "last_name";
    const bool changed = on_screen_keyboard(ctx, value, ImVec2(m, keyboard_top),
                                            ImVec2(content_w, keyboard_bottom - keyboard_top), keys);
    ImGui::PopID();
    if (changed && value != f.value) action = UiAction{Act::FormEdit, focused, value};
  }
  return action;
}

// [SECTION] Confirm and done

UiAction draw_animator_confirm(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const ConfirmRequest& c = view.confirm;
  kit::Column col;
  Text yes = Text::YesCancel;
  Text header = Text::TodayBookingsTitle;
  switch (c.kind) {
    case ConfirmKind::CheckOutPerson:
      col.titled(ctx, kit::Icon::Info, checkout_question(c.name, lang));
      yes = Text::YesCheckOut;
      header = Text::WhoIsHereTitle;
      break;
    case ConfirmKind::LetIn:
      col.titled(ctx, kit::Icon::Info, let_in_question(c.name, lang));
      col.text(ctx, ctx.fonts.body, std::string(tr(Text::LetInExplain, lang)), 0.6f);
      yes = Text::YesLetIn;
      header = Text::LetInButton;
      break;
    case ConfirmKind::CancelBooking:
      col.titled(ctx, kit::Icon::Info, animator_cancel_question(c.name, c.booking, lang));
      break;
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);
  const std::vector<kit::ButtonSpec> bar{
      {std::string(tr(Text::NoButton, lang)), UiAction{Act::Back}, ButtonKind::Secondary},
      {std::string(tr(yes, lang)), UiAction{Act::Confirm}}};
  return draw_animator_step(ctx, view, tr(header, lang), "confirm", col, bar, kit::Fit::Centre);
}

UiAction draw_animator_done(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const bool taken = view.done.kind == DoneKind::BadgeTakenByOther;
  const bool already = view.done.kind == DoneKind::AlreadyIn;  // nothing was done: no tick
  // A booking this kiosk's copy refused (made or moved): « Ce n’est pas possible. »
  const bool refused = view.done.booking && view.done.booking->status == BookingStatus::Refused &&
                       (view.done.kind == DoneKind::BookingMade || view.done.kind == DoneKind::BookingMoved);
  kit::Column col;
  col.titled(ctx,
             refused            ? kit::Icon::Warning
             : taken || already ? kit::Icon::Info
                                : kit::Icon::Check,
             std::string(tr(taken     ? Text::BadgeTakenTitle
                            : already ? Text::AlreadyHereTitle  // « C’est déjà noté ! »
                            : refused ? Text::RefusedTitle
                                      : Text::DoneTitle,
                            lang)));
  col.text(ctx, ctx.fonts.body, done_sentence(view.done, lang), 0.6f);
  if (taken) col.text(ctx, ctx.fonts.body, std::string(tr(Text::BadgeTakenAdvice, lang)), 0.45f);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);
  return draw_animator_step(ctx, view, tr(Text::AnimatorMode, lang), "done", col,
                            {{std::string(tr(Text::BackToAnimatorButton, lang)), UiAction{Act::Back}}},
                            kit::Fit::Centre, false, true);
}

}  // namespace escale::kiosk::ui
