// The kiosk screens outside bookings and animator mode. Index:
// [SECTION] Shared pieces (reader line)
// [SECTION] Message screens (greeting, already here, goodbye with the member menu; unknown badge, walk-in)
// [SECTION] Attract screen
//
// Layout is computed from the body font size u and the screen size, so the
// same code serves 800×480, 1024×600, 1280×800 and a 720×1280 portrait panel.
#include "ui/screens.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "ui/screen_kit.hpp"
#include "ui/strings.hpp"
#include "ui/strings_help.hpp"

namespace escale::kiosk::ui {
namespace {

// [SECTION] Shared pieces

using kit::site_name;

// The reader is down: one discreet line with a warning sign (not a box: the
// visitor can still use the screen, this is not their problem).
float reader_line_height(const DrawContext& ctx, std::string_view text, float width) {
  return paragraph_height(ctx, ctx.fonts.body, text, width - 1.6f * ctx.u());
}
float draw_reader_line(DrawContext& ctx, std::string_view text, ImVec2 pos, float width) {
  const float r = 0.45f * ctx.u();
  draw_warning_icon(ImGui::GetWindowDrawList(), ImVec2(pos.x + r + 0.1f * ctx.u(), pos.y + 0.5f * ctx.fonts.body_px),
                    r);
  return paragraph(ctx, ctx.fonts.body, text, ImVec2(pos.x + 1.6f * ctx.u(), pos.y), width - 1.6f * ctx.u(),
                   colour::kTextSecondary);
}

// [SECTION] Message screens
// An icon, a title, a few short sentences, one big button at the bottom.
// With the member menu: today's bookings and notices in the middle
// (dragged when too tall), the menu's buttons at the bottom.

struct Message {
  kit::Icon icon = kit::Icon::Check;
  std::string title;
  std::vector<std::string> lines;
  std::string_view button;
  UiAction on_button = UiAction::Home;
};

// The title and the lines, as a column.
kit::Column message_column(const DrawContext& ctx, const Message& msg) {
  kit::Column col;
  col.titled(ctx, msg.icon, msg.title);
  for (std::size_t i = 0; i < msg.lines.size(); ++i) col.text(ctx, ctx.fonts.body, msg.lines[i], i == 0 ? 0.6f : 0.45f);
  return col;
}

UiAction draw_message(DrawContext& ctx, const KioskView& view, const Message& msg) {
  const float u = ctx.u();
  const float m = ctx.margin();
  const std::vector<kit::ButtonSpec> bar{{std::string(msg.button), msg.on_button}};
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view));
  const float bottom = kit::bottom_bar_top(ctx, bar) - 0.75f * u;
  kit::Column col = message_column(ctx, msg);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);
  const UiAction middle = kit::draw_middle(ctx, "message", col, ImVec2(m, top),
                                           ImVec2(ctx.screen.x - 2.0f * m, bottom - top), kit::Fit::Centre);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar, true);
  return tapped.act != Act::None ? tapped : middle;
}

// The member menu: what a member may do next, « Sur mon téléphone » when
// the kiosk has a server, « Terminé » last (at the bottom right when the
// grid has two columns or more).
std::vector<kit::ButtonSpec> member_menu(const KioskView& view) {
  const Language lang = view.language;
  std::vector<kit::ButtonSpec> buttons;
  if (view.has_desks) buttons.push_back({std::string(tr(Text::BookDeskButton, lang)), UiAction{Act::BookDesk}});
  if (view.has_visio) buttons.push_back({std::string(tr(Text::BookVisioButton, lang)), UiAction{Act::BookVisio}});
  buttons.push_back({std::string(tr(Text::MyBookingsButton, lang)), UiAction{Act::MyBookings}});
  buttons.push_back({std::string(help::tr(help::HelpText::AskHelpMemberButton, lang)), UiAction{Act::AskHelp}});
  // « Mon espace » on their phone: only with a server to ask for the link.
  if (view.phone_link_offered) {
    buttons.push_back({std::string(tr(Text::PhoneLinkButton, lang)), UiAction{Act::PhoneLink}});
  }
  buttons.push_back({std::string(tr(Text::DoneButton, lang)), UiAction::Home, ButtonKind::Secondary});
  return buttons;
}

// The message, then the notices about bookings, today's bookings and
// `lines_after` (the closing advice); the menu at the bottom.
UiAction draw_member_screen(DrawContext& ctx, const KioskView& view, const Message& msg,
                            const std::vector<std::string>& lines_after) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;

  // A booking the server refused since the last badge is told once: first,
  // on its own with « J’ai compris », never under the menu or behind a drag
  // (two rows of the menu and three sentences fill 800 × 480); then the menu.
  if (!view.refused.empty()) {
    kit::Column col;
    for (std::size_t i = 0; i < msg.lines.size(); ++i)
      col.text(ctx, ctx.fonts.body, msg.lines[i], i == 0 ? 0.0f : 0.4f);
    for (const auto& refused : view.refused) col.warning(ctx, booking_refused_notice(refused, lang), 0.6f);
    const std::vector<kit::ButtonSpec> bar{
        {std::string(tr(Text::NoticesReadButton, lang)), UiAction{Act::NoticesRead}}};
    const float top = kit::content_top(ctx, kit::draw_header(ctx, view, msg.title));
    const float bottom = kit::bottom_bar_top(ctx, bar) - ctx.target_gap();
    const UiAction middle =
        kit::draw_middle(ctx, "member-notices", col, ImVec2(m, top), ImVec2(content_w, bottom - top), kit::Fit::Centre);
    const UiAction tapped = kit::draw_bottom_bar(ctx, bar, true);
    return tapped.act != Act::None ? tapped : middle;
  }

  // The menu: on a landscape screen one row when the labels fit (in the
  // button font, else all in the body font), so that the greeting keeps the
  // height; else a grid of two columns (or one).
  std::vector<kit::ButtonSpec> menu = member_menu(view);
  const int n = static_cast<int>(menu.size());
  int columns = 0;
  ImFont* font = nullptr;
  if (kit::is_landscape(ctx)) {
    for (ImFont* f : {ctx.fonts.button, ctx.fonts.body}) {
      if (columns == 0 && kit::grid_columns(ctx, menu, content_w, n, f) == n) {
        columns = n;
        font = f;
      }
    }
  }
  // Else a grid: three columns on a landscape screen when five buttons would
  // take three rows of two (the greeting keeps its room), else two (or one).
  for (ImFont* f : {ctx.fonts.button, ctx.fonts.body}) {
    if (columns == 0 && kit::is_landscape(ctx) && n > 4 && kit::grid_columns(ctx, menu, content_w, 3, f) == 3) {
      columns = 3;
      font = f;
    }
  }
  if (columns == 0) columns = kit::grid_columns(ctx, menu, content_w, 2);
  // « Terminé » goes to the bottom right: empty cells before it fill its row.
  if (columns > 1 && columns < n) {
    const std::size_t cols = static_cast<std::size_t>(columns);
    const std::size_t empties = (cols - menu.size() % cols) % cols;
    menu.insert(menu.end() - 1, empties, kit::ButtonSpec{});
  }
  const float grid_h = kit::grid_height(ctx, menu.size(), columns);
  const float grid_y = ctx.screen.y - m - grid_h;

  // The greeting is the header's title, so that its sentences keep the room
  // between the header and the menu: they must all be read without a drag
  // (issue 15: « Pensez à repasser votre badge » was cut under the menu).
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, msg.title));
  const float bottom = grid_y - 0.75f * u;

  // What the member must read, never scrolled: the arrival, the booking it
  // checked in on, the closing advice.
  kit::Column head;
  for (std::size_t i = 0; i < msg.lines.size(); ++i) head.text(ctx, ctx.fonts.body, msg.lines[i], i == 0 ? 0.0f : 0.4f);
  if (view.checked_in_on) head.text(ctx, ctx.fonts.body, checked_in_on(*view.checked_in_on, lang), 0.4f);
  for (const auto& line : lines_after) head.text(ctx, ctx.fonts.body, line, 0.4f);
  if (!view.last_error.empty()) head.warning(ctx, view.last_error, 0.6f);
  // Then the list, dragged when it does not fit: today's bookings.
  kit::Column rest;
  if (!view.today_bookings.empty()) {
    rest.text(ctx, ctx.fonts.body, std::string(tr(Text::TodayBookingsIntro, lang)), 0.5f).listed();
    for (const auto& b : view.today_bookings) {
      rest.text(ctx, ctx.fonts.button, booking_today_line(b, lang), 0.3f).listed();
    }
  }
  const float head_h = std::min(head.height(ctx, content_w), bottom - top);
  UiAction middle = kit::draw_middle(ctx, "member-head", head, ImVec2(m, top), ImVec2(content_w, head_h));
  const float rest_top = top + head_h + 0.6f * u;
  if (!rest.empty() && bottom - rest_top >= ctx.fonts.body_px) {
    const UiAction a = kit::draw_middle(ctx, "member", rest, ImVec2(m, rest_top), ImVec2(content_w, bottom - rest_top));
    if (a.act != Act::None) middle = a;
  }
  const UiAction tapped = kit::draw_button_grid(ctx, menu, ImVec2(m, grid_y), content_w, columns, font);
  return tapped.act != Act::None ? tapped : middle;
}

// [SECTION] Attract screen

// Top: the place (title), the day below it, the time on the right. Returns
// the y below it.
float draw_attract_top(DrawContext& ctx, const KioskView& view) {
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const std::string clock = format_clock(view.now);
  const float name_w = content_w - text_width(ctx.fonts.title, clock) - u;
  float y = m;
  y += paragraph(ctx, ctx.fonts.title, site_name(view), ImVec2(m, y), name_w);
  text_right_aligned(ctx, ctx.fonts.title, clock, ctx.screen.x - m, m);
  y += 0.3f * u;
  y += paragraph(ctx, ctx.fonts.body, format_day(view.now, view.language), ImVec2(m, y), content_w,
                 colour::kTextSecondary);
  return y;
}

struct AttractBottom {
  float top = 0.0f;  // highest y used
  UiAction action = UiAction::None;
};

// Bottom: for people without a badge, and the language toggle.
AttractBottom draw_attract_bottom(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float W = ctx.screen.x;
  const float content_w = W - 2.0f * m;
  AttractBottom result;

  const float button_h = ctx.button_height();
  const std::string_view no_badge = tr(Text::NoBadge, lang);
  const std::string_view walk_label = tr(Text::WalkInButton, lang);
  const std::string_view lang_label = tr(Text::LanguageToggle, lang);
  // The toggle as narrow as its word allows: the two buttons for people
  // without a badge keep the room to sit side by side (issue 15: 28 px text).
  const float lang_w = std::min(content_w, std::max(4.0f * u, text_width(ctx.fonts.button, lang_label) + 1.6f * u));
  const float walk_w = button_width(ctx, walk_label, 10.0f * u, content_w);
  const float gap = ctx.target_gap();
  const float question_gap = 0.4f * u;
  // Three arrangements, the first that fits the width: the question beside
  // the walk-in button with the toggle on the right; the question above that
  // row; everything stacked (portrait), walk-in across the width.
  // « J’ai besoin d’aide numérique » (no badge needed) goes beside « Je suis
  // de passage » when both fit with the toggle (their words on two lines if
  // need be); else above the walk-in button, under « Pas de badge ? ».
  const std::string_view help_label = help::tr(help::HelpText::AskHelpButton, lang);
  // The room left of the toggle, shared 40 / 60 (the help label is longer),
  // in the button font or else in the body font (on two lines if need be).
  const float pair_room = content_w - lang_w - 2.0f * gap;
  const float walk_pair_w = std::floor(0.4f * pair_room);
  const float help_pair_w = pair_room - walk_pair_w;
  const auto pair_fits = [&](ImFont* f) {
    return kit::label_fits(ctx, walk_label, ImVec2(walk_pair_w, button_h), f) &&
           kit::label_fits(ctx, help_label, ImVec2(help_pair_w, button_h), f);
  };
  const bool pair_row = walk_pair_w >= 6.0f * u && (pair_fits(ctx.fonts.button) || pair_fits(ctx.fonts.body));
  const float row_y = ctx.screen.y - m - button_h;
  const ImVec2 lang_pos(W - m - lang_w, row_y);
  ImVec2 question_pos;
  ImVec2 walk_pos(m, row_y);
  ImVec2 walk_size(walk_w, button_h);
  ImVec2 help_pos;
  ImVec2 help_size(std::max(walk_w, button_width(ctx, help_label, 10.0f * u, content_w)), button_h);
  if (pair_row) {
    walk_size.x = walk_pair_w;
    help_size.x = help_pair_w;
    help_pos = ImVec2(m + walk_pair_w + gap, row_y);
    result.top = row_y;
  } else if (walk_w + gap + lang_w <= content_w) {
    help_pos = ImVec2(m, row_y - gap - button_h);
    question_pos = ImVec2(m, help_pos.y - question_gap - ctx.fonts.body_px);
    result.top = question_pos.y;
  } else {
    walk_pos = ImVec2(m, row_y - gap - button_h);
    walk_size.x = content_w;
    help_pos = ImVec2(m, walk_pos.y - gap - button_h);
    help_size.x = content_w;
    question_pos = ImVec2(m, help_pos.y - question_gap - ctx.fonts.body_px);
    result.top = question_pos.y;
  }
  help_size.x = std::min(help_size.x, content_w);
  // Side by side, the two buttons say who they are for: no question above
  // them (the middle keeps room for the reader's notices).
  if (!pair_row) paragraph(ctx, ctx.fonts.body, no_badge, question_pos, content_w);
  if (kit::touch_button(ctx, walk_label, walk_pos, walk_size)) result.action = UiAction::WalkIn;
  if (kit::touch_button(ctx, help_label, help_pos, help_size)) result.action = UiAction{Act::AskHelp};
  if (big_button(ctx, lang_label, lang_pos, ImVec2(lang_w, button_h), ButtonKind::Secondary)) {
    result.action = UiAction::ToggleLanguage;
  }
  return result;
}

// Middle, between top and bottom: the call to action with a picture of what
// to do, then any notice. Icon beside the words when they fit on one line
// that way, above them (centred) otherwise, as on a portrait screen.
void draw_attract_middle(DrawContext& ctx, const KioskView& view, float middle_top, float middle_bottom) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float W = ctx.screen.x;
  const float content_w = W - 2.0f * m;
  const std::string_view cta = tr(Text::TapYourBadge, lang);
  // Two notices at once (rare): the call to action in the title font, so
  // that all of it stays clear of the buttons.
  const bool crowded = view.reader == ReaderHealth::Unavailable && !view.last_error.empty();
  ImFont* const cta_font = crowded ? ctx.fonts.title : ctx.fonts.display;
  const float avail = middle_bottom - middle_top;
  const float block_gap = 0.75f * u;
  const float icon_gap = 1.5f * u;

  bool reader_down = view.reader == ReaderHealth::Unavailable;
  const std::string_view reader_text = tr(Text::ReaderUnavailable, lang);
  std::string_view hint = tr(Text::TapYourBadgeHint, lang);
  // Short of room, the reader's trouble takes the place of « Posez-le sur
  // le lecteur » (which it makes moot) rather than slip under the buttons.
  if (reader_down) {
    const float need = paragraph_height(ctx, cta_font, cta, content_w) + 0.4f * u +
                       paragraph_height(ctx, ctx.fonts.body, reader_text, content_w - badge_icon_width(2.5f * u)) +
                       block_gap + reader_line_height(ctx, reader_text, content_w);
    if (need > avail) {
      hint = reader_text;
      reader_down = false;
    }
  }
  const float notices_h = (reader_down ? block_gap + reader_line_height(ctx, reader_text, content_w) : 0.0f) +
                          (view.last_error.empty() ? 0.0f : block_gap + notice_height(ctx, view.last_error, content_w));

  const float cta_w = text_width(cta_font, cta);
  const bool side_by_side = badge_icon_width(4.5f * u) + icon_gap + cta_w <= content_w;
  const auto text_block_h = [&](float text_w) {
    return paragraph_height(ctx, cta_font, cta, text_w) + 0.4f * u +
           paragraph_height(ctx, ctx.fonts.body, hint, text_w);
  };
  const auto text_width_for = [&](float ih) {
    return side_by_side ? content_w - badge_icon_width(ih) - icon_gap : content_w;
  };
  const auto cta_h = [&](float ih) {
    const float th = text_block_h(text_width_for(ih));
    return side_by_side ? std::max(ih, th) : ih + block_gap + th;
  };
  // The icon gives way first when notices need the room.
  float icon_h = side_by_side ? 4.5f * u : 6.0f * u;
  const float min_icon_h = 2.5f * u;
  while (icon_h > min_icon_h && cta_h(icon_h) + notices_h > avail) icon_h -= 0.25f * u;
  const float cta_block_h = cta_h(icon_h);
  // Centred in the room left; when even the smallest icon does not fit, the
  // block borrows most of the space above it rather than crowd the buttons.
  const float spare = avail - cta_block_h - notices_h;
  float y = spare >= 0.0f ? middle_top + spare / 2.0f : middle_top + std::max(spare, -0.4f * u);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float icon_w = badge_icon_width(icon_h);
  const float text_w = text_width_for(icon_h);
  if (side_by_side) {
    draw_badge_icon(dl, ImVec2(m, y + (cta_block_h - icon_h) / 2.0f), icon_h);
    const float text_x = m + icon_w + icon_gap;
    float ty = y + (cta_block_h - text_block_h(text_w)) / 2.0f;
    ty += paragraph(ctx, cta_font, cta, ImVec2(text_x, ty), text_w) + 0.4f * u;
    paragraph(ctx, ctx.fonts.body, hint, ImVec2(text_x, ty), text_w);
  } else {
    draw_badge_icon(dl, ImVec2((W - icon_w) / 2.0f, y), icon_h);
    float ty = y + icon_h + block_gap;
    ty += paragraph_centred(ctx, cta_font, cta, ty, content_w) + 0.4f * u;
    paragraph_centred(ctx, ctx.fonts.body, hint, ty, content_w);
  }
  y += cta_block_h;
  if (reader_down) {
    y += block_gap;
    y += draw_reader_line(ctx, reader_text, ImVec2(m, y), content_w);
  }
  if (!view.last_error.empty()) {
    y += block_gap;
    notice(ctx, view.last_error, ImVec2(m, y), content_w);
  }
}

}  // namespace

UiAction draw_attract(DrawContext& ctx, const KioskView& view) {
  const float top = draw_attract_top(ctx, view) + 0.5f * ctx.u();
  const AttractBottom bottom = draw_attract_bottom(ctx, view);
  draw_attract_middle(ctx, view, top, bottom.top - 0.5f * ctx.u());
  return bottom.action;
}

UiAction draw_greeting(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = kit::Icon::Check;
  msg.title = hello(view.first_name, lang);
  if (view.check_in_time) msg.lines.push_back(arrival_recorded_at(*view.check_in_time, lang));
  msg.button = tr(Text::DoneButton, lang);
  if (view.member_menu) return draw_member_screen(ctx, view, msg, {std::string(tr(Text::GreetingNext, lang))});
  msg.lines.emplace_back(tr(Text::GreetingNext, lang));
  return draw_message(ctx, view, msg);
}

UiAction draw_already_here(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = kit::Icon::Check;
  msg.title = std::string(tr(Text::AlreadyHereTitle, lang));
  msg.lines.push_back(arrival_already_recorded(view.first_name, view.check_in_time, lang));
  msg.button = tr(Text::DoneButton, lang);
  // With the menu there is something else to do: no « nothing else to do ».
  if (view.member_menu) return draw_member_screen(ctx, view, msg, {});
  msg.lines.emplace_back(tr(Text::AlreadyHereNothingToDo, lang));
  return draw_message(ctx, view, msg);
}

UiAction draw_goodbye(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = kit::Icon::Check;
  msg.title = goodbye(view.first_name, lang);
  msg.lines.emplace_back(tr(Text::GoodbyeRecorded, lang));
  if (view.visit_minutes) msg.lines.push_back(visit_lasted(*view.visit_minutes, lang));
  msg.button = tr(Text::DoneButton, lang);
  if (view.member_menu) return draw_member_screen(ctx, view, msg, {std::string(tr(Text::GoodbyeThanks, lang))});
  msg.lines.emplace_back(tr(Text::GoodbyeThanks, lang));
  return draw_message(ctx, view, msg);
}

UiAction draw_unknown_badge(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = kit::Icon::Info;
  msg.title = std::string(tr(Text::UnknownBadgeTitle, lang));
  msg.lines.emplace_back(tr(Text::UnknownBadgeLine, lang));
  msg.lines.emplace_back(tr(Text::UnknownBadgeAsk, lang));
  msg.button = tr(Text::BackHomeButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_not_here(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = kit::Icon::Info;
  msg.title = hello(view.first_name, lang);
  msg.lines.emplace_back(tr(Text::NotHereLine, lang));
  if (view.allowed_sites.empty()) {
    msg.lines.emplace_back(tr(Text::NotHereNone, lang));
  } else {
    msg.lines.push_back(sites_you_may_use(view.allowed_sites, lang));
    msg.lines.emplace_back(tr(Text::NotHereAsk, lang));
  }
  msg.button = tr(Text::BackHomeButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_walk_in(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = kit::Icon::Check;
  msg.title = std::string(tr(Text::WalkInTitle, lang));
  msg.lines.emplace_back(tr(Text::WalkInCounted, lang));
  msg.lines.emplace_back(tr(Text::WalkInHelp, lang));
  msg.button = tr(Text::BackHomeButton, lang);
  return draw_message(ctx, view, msg);
}

namespace {

// What makes a screen a new one for the person in front of it: its kind,
// who it is for, the day and kind being booked. Lists dragged and keyboards
// keep their state (scroll offset, shift key) in ImGui's storage under their
// IDs; scoping those IDs by this key starts every new screen at the top.
std::string screen_key(const KioskView& view) {
  std::string key = std::to_string(static_cast<int>(view.screen));
  key += '|';
  key += view.first_name;
  key += '|';
  key += view.subject_name;
  key += '|' + std::to_string(static_cast<int>(view.booking_kind));
  key += '|' + std::to_string(static_cast<int>(view.pick_purpose));
  key += '|' + std::to_string(view.chosen_day.year * 10000 + view.chosen_day.month * 100 + view.chosen_day.day);
  if (view.check_in_time) key += '|' + std::to_string(view.check_in_time->hour * 60 + view.check_in_time->minute);
  return key;
}

UiAction draw_any(DrawContext& ctx, const KioskView& view);

}  // namespace

UiAction draw_screen(DrawContext& ctx, const KioskView& view) {
  if (view.asleep) {
    // Night: one black frame, nothing on it to read or tap (the runtime then
    // stops drawing until a touch or a badge).
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ctx.screen, IM_COL32(0, 0, 0, 255));
    return UiAction::None;
  }
  ImGui::PushID(screen_key(view).c_str());
  const UiAction action = draw_any(ctx, view);
  ImGui::PopID();
  return action;
}

namespace {

UiAction draw_any(DrawContext& ctx, const KioskView& view) {
  switch (view.screen) {
    case Screen::Attract:
      return draw_attract(ctx, view);
    case Screen::Greeting:
      return draw_greeting(ctx, view);
    case Screen::AlreadyHere:
      return draw_already_here(ctx, view);
    case Screen::Goodbye:
      return draw_goodbye(ctx, view);
    case Screen::UnknownBadge:
      return draw_unknown_badge(ctx, view);
    case Screen::NotHere:
      return draw_not_here(ctx, view);
    case Screen::WalkIn:
      return draw_walk_in(ctx, view);
    case Screen::BookDay:
      return draw_book_day(ctx, view);
    case Screen::BookDeskGrid:
      return draw_book_desk_grid(ctx, view);
    case Screen::BookVisioStart:
      return draw_book_visio_start(ctx, view);
    case Screen::BookVisioDuration:
      return draw_book_visio_duration(ctx, view);
    case Screen::BookConfirm:
      return draw_book_confirm(ctx, view);
    case Screen::Booked:
      return draw_booked(ctx, view);
    case Screen::MyBookings:
      return draw_my_bookings(ctx, view);
    case Screen::CancelConfirm:
      return draw_cancel_confirm(ctx, view);
    case Screen::Cancelled:
      return draw_cancelled(ctx, view);
    case Screen::HelpTopics:
      return draw_help_topics(ctx, view);
    case Screen::HelpWhen:
      return draw_help_when(ctx, view);
    case Screen::HelpTime:
      return draw_help_time(ctx, view);
    case Screen::HelpContact:
      return draw_help_contact(ctx, view);
    case Screen::HelpTicket:
      return draw_help_ticket(ctx, view);
    case Screen::AnimatorPin:
      return draw_animator_pin(ctx, view);
    case Screen::AnimatorHome:
      return draw_animator_home(ctx, view);
    case Screen::AnimatorPresent:
      return draw_animator_present(ctx, view);
    case Screen::AnimatorBookings:
      return draw_animator_bookings(ctx, view);
    case Screen::AnimatorPickMember:
      return draw_animator_pick_member(ctx, view);
    case Screen::AnimatorBadgeWait:
      return draw_animator_badge_wait(ctx, view);
    case Screen::AnimatorNewMember:
      return draw_animator_new_member(ctx, view);
    case Screen::AnimatorConfirm:
      return draw_animator_confirm(ctx, view);
    case Screen::AnimatorDone:
      return draw_animator_done(ctx, view);
    case Screen::AnimatorAgenda:
      return draw_animator_agenda(ctx, view);
    case Screen::AnimatorRefused:
      return draw_animator_refused(ctx, view);
    case Screen::AnimatorActivity:
      return draw_animator_activity(ctx, view);
    case Screen::Enrol:
      return draw_enrol(ctx, view);
    case Screen::Preparing:
      return draw_preparing(ctx, view);
    case Screen::PhoneLink:
      return draw_phone_link(ctx, view);
  }
  return draw_attract(ctx, view);
}

}  // namespace

}  // namespace escale::kiosk::ui
