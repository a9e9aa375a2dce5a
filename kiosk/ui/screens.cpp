// The kiosk screens. Index:
// [SECTION] Shared pieces (site name, header, notices)
// [SECTION] Message screens (greeting, already here, goodbye, unknown badge, walk-in)
// [SECTION] Attract screen
//
// Layout is computed from the body font size u and the screen size, so the
// same code serves 800×480, 1024×600, 1280×800 and a 720×1280 portrait panel.
#include "ui/screens.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "ui/strings.hpp"

namespace escale::kiosk::ui {
namespace {

// [SECTION] Shared pieces

std::string_view site_name(const KioskView& view) {
  return view.site_name.empty() ? tr(Text::DefaultSiteName, view.language) : std::string_view(view.site_name);
}

// Wide enough to put an icon beside the text rather than above it.
bool is_wide(const DrawContext& ctx) {
  return ctx.screen.x >= 22.0f * ctx.u();
}

// A quiet top line on every screen but attract: where you are, what time it is.
// Returns the y where content may start.
float draw_header(DrawContext& ctx, const KioskView& view) {
  const float m = ctx.margin();
  const std::string clock = format_clock(view.now);
  const float clock_w = text_width(ctx.fonts.body, clock);
  const float name_w = ctx.screen.x - 2.0f * m - clock_w - ctx.u();
  const std::string_view name = site_name(view);
  // One line only: a long site name is cut rather than pushing content down.
  const auto lines = wrap_lines(ctx.fonts.body, name, name_w);
  paragraph(ctx, ctx.fonts.body, lines.empty() ? name : lines.front(), ImVec2(m, m), name_w, colour::kTextSecondary);
  text_right_aligned(ctx, ctx.fonts.body, clock, ctx.screen.x - m, m, colour::kTextSecondary);
  const float rule_y = m + ctx.fonts.body_px + 0.4f * ctx.u();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(m, rule_y), ImVec2(ctx.screen.x - m, rule_y), colour::kRule,
                                      std::max(1.0f, 0.06f * ctx.u()));
  return rule_y;
}

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

enum class Icon { Check, Info };

struct Message {
  Icon icon = Icon::Check;
  std::string title;
  std::vector<std::string> lines;
  std::string_view button;
  UiAction on_button = UiAction::Home;
};

UiAction draw_message(DrawContext& ctx, const KioskView& view, const Message& msg) {
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;

  // Bottom: the one way on, centred.
  const float button_h = ctx.button_height();
  const float button_w = button_width(ctx, msg.button, 10.0f * u, content_w);
  const ImVec2 button_pos((ctx.screen.x - button_w) / 2.0f, ctx.screen.y - m - button_h);

  const float top = draw_header(ctx, view) + 0.75f * u;
  const float bottom = button_pos.y - 0.75f * u;

  // Measure the block: icon beside the text on a wide screen, above it otherwise.
  const bool wide = is_wide(ctx);
  const float icon_d = 3.0f * u;
  const float text_x_off = wide ? icon_d + u : 0.0f;
  const float text_w = content_w - text_x_off;
  const float title_gap = 0.6f * u;
  const float line_gap = 0.45f * u;
  const float title_h = paragraph_height(ctx, ctx.fonts.title, msg.title, text_w);
  // Centre the first title line on the icon when they sit side by side.
  const float title_off = wide ? std::max(0.0f, (icon_d - ctx.fonts.title_px) / 2.0f) : 0.0f;
  float text_h = title_h;
  for (const auto& line : msg.lines) {
    text_h +=
        (&line == &msg.lines.front() ? title_gap : line_gap) + paragraph_height(ctx, ctx.fonts.body, line, text_w);
  }
  const bool has_error = !view.last_error.empty();
  const float error_h = has_error ? u + notice_height(ctx, view.last_error, content_w) : 0.0f;
  const float block_h = (wide ? std::max(icon_d, title_off + text_h) : icon_d + 0.75f * u + text_h) + error_h;
  float y = top + std::max(0.0f, (bottom - top - block_h) / 2.0f);

  // Draw it.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 icon_centre(m + icon_d / 2.0f, y + icon_d / 2.0f);
  if (msg.icon == Icon::Check) {
    draw_check_icon(dl, icon_centre, icon_d / 2.0f);
  } else {
    draw_info_icon(dl, icon_centre, icon_d / 2.0f);
  }
  const float block_top = y;
  float ty = wide ? y + title_off : y + icon_d + 0.75f * u;
  const float tx = m + text_x_off;
  ty += paragraph(ctx, ctx.fonts.title, msg.title, ImVec2(tx, ty), text_w);
  for (const auto& line : msg.lines) {
    ty += &line == &msg.lines.front() ? title_gap : line_gap;
    ty += paragraph(ctx, ctx.fonts.body, line, ImVec2(tx, ty), text_w);
  }
  if (has_error) {
    const float error_y = std::max(ty, wide ? block_top + icon_d : ty) + u;
    notice(ctx, view.last_error, ImVec2(m, error_y), content_w);
  }

  const bool tapped = big_button(ctx, msg.button, button_pos, ImVec2(button_w, button_h));
  return tapped ? msg.on_button : UiAction::None;
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
  const float no_badge_w = text_width(ctx.fonts.body, no_badge);
  const float lang_w = button_width(ctx, lang_label, 6.0f * u, content_w);
  const float walk_w = button_width(ctx, walk_label, 10.0f * u, content_w);
  const float gap = ctx.target_gap();
  const float question_gap = 0.4f * u;
  // Three arrangements, the first that fits the width: the question beside
  // the walk-in button with the toggle on the right; the question above that
  // row; everything stacked (portrait), walk-in across the width.
  const bool one_row = no_badge_w + u + walk_w + gap + lang_w <= content_w;
  const bool two_buttons_in_a_row = walk_w + gap + lang_w <= content_w;

  const float row_y = ctx.screen.y - m - button_h;
  ImVec2 question_pos;
  ImVec2 walk_pos;
  ImVec2 walk_size(walk_w, button_h);
  const ImVec2 lang_pos(W - m - lang_w, row_y);
  if (one_row) {
    question_pos = ImVec2(m, row_y + (button_h - ctx.fonts.body_px) / 2.0f);
    walk_pos = ImVec2(m + no_badge_w + u, row_y);
    result.top = row_y;
  } else if (two_buttons_in_a_row) {
    walk_pos = ImVec2(m, row_y);
    question_pos = ImVec2(m, row_y - question_gap - ctx.fonts.body_px);
    result.top = question_pos.y;
  } else {
    walk_pos = ImVec2(m, row_y - gap - button_h);
    walk_size.x = content_w;
    question_pos = ImVec2(m, walk_pos.y - question_gap - ctx.fonts.body_px);
    result.top = question_pos.y;
  }
  paragraph(ctx, ctx.fonts.body, no_badge, question_pos, content_w);
  if (big_button(ctx, walk_label, walk_pos, walk_size)) result.action = UiAction::WalkIn;
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
  const std::string_view hint = tr(Text::TapYourBadgeHint, lang);
  ImFont* const cta_font = ctx.fonts.display;
  const float avail = middle_bottom - middle_top;
  const float block_gap = 0.75f * u;
  const float icon_gap = 1.5f * u;

  const bool reader_down = view.reader == ReaderHealth::Unavailable;
  const std::string_view reader_text = tr(Text::ReaderUnavailable, lang);
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
  float y = spare >= 0.0f ? middle_top + spare / 2.0f : middle_top + std::max(spare, -0.75f * u);

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
  const float top = draw_attract_top(ctx, view) + ctx.u();
  const AttractBottom bottom = draw_attract_bottom(ctx, view);
  draw_attract_middle(ctx, view, top, bottom.top - ctx.u());
  return bottom.action;
}

UiAction draw_greeting(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = Icon::Check;
  msg.title = hello(view.first_name, lang);
  if (view.check_in_time) msg.lines.push_back(arrival_recorded_at(*view.check_in_time, lang));
  msg.lines.emplace_back(tr(Text::GreetingNext, lang));
  msg.button = tr(Text::DoneButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_already_here(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = Icon::Check;
  msg.title = std::string(tr(Text::AlreadyHereTitle, lang));
  msg.lines.push_back(arrival_already_recorded(view.first_name, view.check_in_time, lang));
  msg.lines.emplace_back(tr(Text::AlreadyHereNothingToDo, lang));
  msg.button = tr(Text::DoneButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_goodbye(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = Icon::Check;
  msg.title = goodbye(view.first_name, lang);
  msg.lines.emplace_back(tr(Text::GoodbyeRecorded, lang));
  if (view.visit_minutes) msg.lines.push_back(visit_lasted(*view.visit_minutes, lang));
  msg.lines.emplace_back(tr(Text::GoodbyeThanks, lang));
  msg.button = tr(Text::DoneButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_unknown_badge(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = Icon::Info;
  msg.title = std::string(tr(Text::UnknownBadgeTitle, lang));
  msg.lines.emplace_back(tr(Text::UnknownBadgeLine, lang));
  msg.lines.emplace_back(tr(Text::UnknownBadgeAsk, lang));
  msg.button = tr(Text::BackHomeButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_walk_in(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  Message msg;
  msg.icon = Icon::Check;
  msg.title = std::string(tr(Text::WalkInTitle, lang));
  msg.lines.emplace_back(tr(Text::WalkInCounted, lang));
  msg.lines.emplace_back(tr(Text::WalkInHelp, lang));
  msg.button = tr(Text::BackHomeButton, lang);
  return draw_message(ctx, view, msg);
}

UiAction draw_screen(DrawContext& ctx, const KioskView& view) {
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
    case Screen::WalkIn:
      return draw_walk_in(ctx, view);
  }
  return draw_attract(ctx, view);
}

}  // namespace escale::kiosk::ui
