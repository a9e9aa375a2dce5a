// The help screens (« J’ai besoin d’aide numérique »): topics as pictogram
// buttons, the days and workshops, the times, a first name, a phone, the
// ticket. Each draws the view and reports the tap.
//
// Landscape panels are about 33 u wide and 20 u high: the topics take a
// 3 × 3 grid (the way back in the bottom-left cell, where « Retour » always
// is) of tiles with the picture beside the words; portrait panels a 2 × 4
// grid with the picture above. The typing screens keep the keyboard still
// while one types (the buttons around it never change the layout).
#include <algorithm>
#include <cmath>
#include <optional>

#include "ui/pictograms.hpp"
#include "ui/screen_kit.hpp"
#include "ui/screens.hpp"
#include "ui/strings.hpp"
#include "ui/strings_help.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui {
namespace {

using help::HelpText;

std::string text_of(HelpText id, Language lang) {
  return std::string(help::tr(id, lang));
}

kit::ButtonSpec back(const KioskView& view) {
  return {text_of(HelpText::Back, view.language), UiAction{Act::Back}, ButtonKind::Secondary};
}

UiAction draw_help_step(DrawContext& ctx, const KioskView& view, const char* id, const kit::Column& col,
                        const std::vector<kit::ButtonSpec>& bar, kit::Fit fit = kit::Fit::Top) {
  const float m = ctx.margin();
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, help::tr(HelpText::HeaderTitle, view.language)));
  const float gap = fit == kit::Fit::Top ? ctx.target_gap() : 0.75f * ctx.u();
  const float bottom = kit::bottom_bar_top(ctx, bar) - gap;
  const UiAction middle =
      kit::draw_middle(ctx, id, col, ImVec2(m, top), ImVec2(ctx.screen.x - 2.0f * m, bottom - top), fit);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : middle;
}

// A column of full-width buttons (days, workshops, times) as one block.
kit::Block button_list(std::vector<kit::ButtonSpec> buttons, int max_columns) {
  kit::Block b;
  b.list_item = true;  // a row of a list: may be dragged into sight
  b.gap_before = 0.0f;
  b.height = [buttons, max_columns](const DrawContext& c, float width) {
    const int cols = kit::grid_columns(c, buttons, width, max_columns);
    return kit::grid_height(c, buttons.size(), cols);
  };
  b.draw = [buttons, max_columns](DrawContext& c, ImVec2 pos, float width) {
    const int cols = kit::grid_columns(c, buttons, width, max_columns);
    return kit::draw_button_grid(c, buttons, pos, width, cols);
  };
  return b;
}

void record_text(DrawContext& ctx, std::string_view text, ImVec2 min, ImVec2 max) {
  ctx.record.texts.emplace_back(text);
  ctx.record.text_boxes.push_back(TextBox{min.x, min.y, max.x - min.x, max.y - min.y});
}

// [SECTION] Topic tiles

constexpr float kTileLineSpacing = 1.15f;

float lines_height(const ImFont* font, std::size_t n) {
  return n == 0 ? 0.0f : font->FontSize * (1.0f + kTileLineSpacing * static_cast<float>(n - 1));
}

// Lines of `label` in `width`, broken between words only; empty when a word
// does not fit.
std::vector<std::string_view> word_lines(ImFont* font, std::string_view label, float width) {
  auto lines = wrap_lines(font, label, width);
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (text_width(font, lines[i]) > width) return {};
    if (i > 0) joined += ' ';
    joined += lines[i];
  }
  if (joined != label) return {};  // a word was cut
  return lines;
}

// One layout for all the tiles, so they read alike: the font, the picture's
// side, and whether the picture is beside the words (landscape) or above.
struct TileFit {
  ImFont* font = nullptr;
  float side = 0.0f;
  float label_h = 0.0f;  // picture above: the room kept for the words
  bool beside = false;
};

float tile_pad(const DrawContext& ctx) {
  return 0.4f * ctx.u();
}

TileFit fit_tiles(const DrawContext& ctx, const std::vector<std::string>& labels, ImVec2 size, bool beside) {
  const float u = ctx.u();
  const float pad = tile_pad(ctx);
  const std::size_t max_lines = beside ? 3 : 2;
  // The tallest label block in `font` and `width`; negative when one does not fit.
  const auto block = [&](ImFont* font, float width) {
    float tallest = 0.0f;
    for (const auto& l : labels) {
      const auto lines = word_lines(font, l, width);
      if (lines.empty() || lines.size() > max_lines) return -1.0f;
      tallest = std::max(tallest, lines_height(font, lines.size()));
    }
    return tallest;
  };
  const float min_side = 2.0f * u;
  for (ImFont* font : {ctx.fonts.button, ctx.fonts.body}) {
    if (beside) {
      // The largest picture that leaves room for every label.
      for (float side = std::min(size.y - 2.0f * pad, 0.45f * size.x); side >= min_side; side -= 0.25f * u) {
        const float h = block(font, size.x - side - 3.0f * pad);
        if (h >= 0.0f && h <= size.y - 2.0f * pad) return {font, side, h, true};
      }
    } else {
      const float h = block(font, size.x - 2.0f * pad);
      if (h < 0.0f) continue;
      const float side = std::min(size.x - 2.0f * pad, size.y - 3.0f * pad - h);
      if (side >= min_side) return {font, side, h, false};
    }
  }
  // Last resort (not met on the usual panels): body text, a small picture.
  return {ctx.fonts.body, min_side, lines_height(ctx.fonts.body, max_lines), beside};
}

// A tall button with a topic's picture and its words; recorded like a button.
bool topic_tile(DrawContext& ctx, mediation::HelpTopic topic, const std::string& label, ImVec2 pos, ImVec2 size,
                const TileFit& fit) {
  const float u = ctx.u();
  const float pad = tile_pad(ctx);
  ImGui::PushStyleColor(ImGuiCol_Button, colour::kButton);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colour::kButton);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, colour::kButtonPressed);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.4f * u);
  pos = ImVec2(std::round(pos.x), std::round(pos.y));
  size = ImVec2(std::round(size.x), std::round(size.y));
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(label.c_str());
  const bool fired = ImGui::Button("##topic", size);
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(3);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  ImFont* font = fit.font;
  const float step = font->FontSize * kTileLineSpacing;
  if (fit.beside) {
    const float label_x = min.x + 2.0f * pad + fit.side;
    const auto lines = word_lines(font, label, max.x - pad - label_x);
    const float block = lines_height(font, lines.size());
    const float centre_y = (min.y + max.y) / 2.0f;
    kiosk::draw_pictogram(dl, topic, ImVec2(min.x + pad + fit.side / 2.0f, centre_y), fit.side, colour::kButtonText);
    float y = std::round(centre_y - block / 2.0f);
    for (const auto line : lines) {
      dl->AddText(font, font->FontSize, ImVec2(std::round(label_x), y), colour::kButtonText, line.data(),
                  line.data() + line.size());
      y += step;
    }
  } else {
    const auto lines = word_lines(font, label, size.x - 2.0f * pad);
    const float block = lines_height(font, lines.size());
    // The words centred in the room kept for them at the bottom, the picture above.
    const float label_top = max.y - pad - fit.label_h;
    float y = std::round(label_top + (fit.label_h - block) / 2.0f);
    for (const auto line : lines) {
      const float w = text_width(font, line);
      dl->AddText(font, font->FontSize, ImVec2(std::round((min.x + max.x - w) / 2.0f), y), colour::kButtonText,
                  line.data(), line.data() + line.size());
      y += step;
    }
    const float pic_h = label_top - pad - min.y - pad;
    kiosk::draw_pictogram(dl, topic, ImVec2((min.x + max.x) / 2.0f, min.y + pad + pic_h / 2.0f),
                          std::min(fit.side, pic_h), colour::kButtonText);
  }
  dl->PopClipRect();

  record_text(ctx, label, min, max);
  ctx.record.buttons.push_back(DrawnButton{label, min.x, min.y, max.x - min.x, max.y - min.y});
  return fired && !drag_in_progress();
}

// [SECTION] Typing screens

// The title and a line, the box, the keyboard; the way back, the way
// without typing (« Sans donner mon nom », « Pas de rappel ») and the way on
// once something is typed.
struct TypingScreen {
  std::string title;
  std::string line;   // why we ask; left out when an error takes its place or room is short
  std::string hint;   // in the empty box
  std::string error;  // what to fix
  KeyboardMode mode = KeyboardMode::Letters;
  std::size_t max_chars = 40;
  kit::ButtonSpec alternative;
  kit::ButtonSpec next;      // shown once something is typed
  float left_share = 0.38f;  // landscape: the words' share of the width (the keyboard has the rest)
};

float words_height(const DrawContext& ctx, const TypingScreen& s, float width, bool with_line, float box_h) {
  const float u = ctx.u();
  float h = paragraph_height(ctx, ctx.fonts.title, s.title, width) + 0.5f * u;
  if (!s.error.empty()) {
    h += notice_height(ctx, s.error, width) + 0.6f * u;
  } else if (with_line) {
    h += paragraph_height(ctx, ctx.fonts.body, s.line, width) + 0.6f * u;
  }
  return h + box_h;
}

// Draws the title, the line (or the error) and the box; returns the y under the box.
float draw_words(DrawContext& ctx, const KioskView& view, const TypingScreen& s, ImVec2 pos, float width,
                 bool with_line, float box_h) {
  const float u = ctx.u();
  float y = pos.y;
  y += paragraph(ctx, ctx.fonts.title, s.title, ImVec2(pos.x, y), width) + 0.5f * u;
  if (!s.error.empty()) {
    y += notice(ctx, s.error, ImVec2(pos.x, y), width) + 0.6f * u;
  } else if (with_line) {
    y += paragraph(ctx, ctx.fonts.body, s.line, ImVec2(pos.x, y), width, colour::kTextSecondary) + 0.6f * u;
  }
  kit::typing_box(ctx, view.help.typed, s.hint, ImVec2(pos.x, y), ImVec2(width, box_h), ctx.fonts.title);
  return y + box_h;
}

UiAction draw_typing(DrawContext& ctx, const KioskView& view, const TypingScreen& s) {
  const float u = ctx.u();
  const float m = ctx.margin();
  const float gap = ctx.target_gap();
  const float content_w = ctx.screen.x - 2.0f * m;
  // Letters on a landscape screen: the question is the header's title (the
  // keyboard takes the rest of the screen).
  const bool title_in_header = kit::is_landscape(ctx) && s.mode == KeyboardMode::Letters;
  const float top = kit::content_top(
      ctx,
      kit::draw_header(ctx, view,
                       title_in_header ? std::string_view(s.title) : help::tr(HelpText::HeaderTitle, view.language)));
  const bool typed_something = !view.help.typed.empty();
  const kit::ButtonSpec way_back = back(view);
  const float box_h = 3.0f * u;
  const float bar_h = ctx.button_height();
  const float bar_y = ctx.screen.y - m - bar_h;

  // Landscape: one row at the bottom, « Retour » on the left, the way on on
  // the right, the way without typing between them (on two lines if need be);
  // the words on the left, the keyboard on the right.
  const float back_w = button_width(ctx, way_back.label, 7.0f * u, content_w);
  const float next_w = button_width(ctx, s.next.label, 7.0f * u, content_w);
  const float middle_room = content_w - back_w - next_w - 2.0f * gap;
  const bool landscape = kit::is_landscape(ctx) && middle_room >= 7.0f * u;

  std::string text = view.help.typed;
  bool typed = false;
  UiAction tapped = UiAction::None;
  const auto button = [&](const kit::ButtonSpec& b, ImVec2 pos, ImVec2 size) {
    if (kit::touch_button(ctx, b.label, pos, size, b.kind)) tapped = b.action;
  };

  if (landscape && s.mode == KeyboardMode::Letters) {
    // Letters (issue 15): the title in the header, the box across the
    // width, the keyboard across the whole width under it with keys of
    // 12 mm, a capital first; its bottom row has « Retour » on the left
    // (where it is on every screen) and on the right the way without
    // typing, which becomes the way on once something is typed.
    const float box = 2.2f * u;
    kit::typing_box(ctx, view.help.typed, s.hint, ImVec2(m, top), ImVec2(content_w, box), ctx.fonts.title);
    const kit::ButtonSpec& right = typed_something ? s.next : s.alternative;
    const float right_w = std::max(6.0f * u, 0.3f * content_w);
    KeyboardOptions keys;
    keys.mode = s.mode;
    keys.max_chars = s.max_chars;
    keys.lang = view.language;
    keys.min_key_u = 99.0f;  // the accents one key away: the letters keep their 12 mm
    keys.capital_first = true;
    keys.digits_key = false;
    keys.email_keys = false;
    keys.bottom_row_h = bar_h;
    keys.reserve_left = kit::back_button_size(ctx).x;
    keys.reserve_right = right_w;
    keys.reserve_gap = gap;
    const float kb_top = top + box + 0.3f * u;
    typed = on_screen_keyboard(ctx, text, ImVec2(m, kb_top), ImVec2(content_w, ctx.screen.y - m - kb_top), keys);
    button(way_back, kit::back_button_pos(ctx), kit::back_button_size(ctx));
    button(right, ImVec2(ctx.screen.x - m - right_w, bar_y), ImVec2(right_w, bar_h));
  } else if (landscape) {
    // Digits: the words, the box and the buttons on the left (« Retour »
    // where it is on every screen), the keypad on the right, keys of 12 mm.
    const float left_w = 0.55f * content_w;
    const float words_room = bar_y - 0.75f * u - top;  // words, not targets, above the bar
    const bool with_line = words_height(ctx, s, left_w, true, box_h) <= words_room;
    draw_words(ctx, view, s, ImVec2(m, top), left_w, with_line, box_h);
    const float kb_x = m + left_w + u;
    typed = on_screen_keyboard(ctx, text, ImVec2(kb_x, top), ImVec2(ctx.screen.x - m - kb_x, ctx.screen.y - m - top),
                               s.mode, s.max_chars, view.language);
    button(way_back, kit::back_button_pos(ctx), kit::back_button_size(ctx));
    const kit::ButtonSpec& right = typed_something ? s.next : s.alternative;
    const float right_x = m + kit::back_button_size(ctx).x + gap;
    button(right, ImVec2(right_x, bar_y), ImVec2(m + left_w - right_x, bar_h));
  } else {
    // Portrait: the words across the width, the way without typing under
    // the box, the keyboard above the bar (« Retour », the way on).
    const float alt_w = button_width(ctx, s.alternative.label, 7.0f * u, content_w);
    const float kb_bottom = bar_y - gap;
    const float kb_min = 0.75f * keyboard_min_height(ctx);
    const auto keyboard_room = [&](bool with_line) {
      return kb_bottom - (top + words_height(ctx, s, content_w, with_line, box_h) + 1.5f * u + bar_h + gap);
    };
    const bool with_line = keyboard_room(true) >= kb_min;
    float y = draw_words(ctx, view, s, ImVec2(m, top), content_w, with_line, box_h) + 1.5f * u;
    button(s.alternative, ImVec2(m, y), ImVec2(alt_w, bar_h));
    y += bar_h + gap;
    const float kb_h = std::clamp(kb_bottom - y, 1.0f, 1.3f * keyboard_min_height(ctx));
    typed = on_screen_keyboard(ctx, text, ImVec2(m, kb_bottom - kb_h), ImVec2(content_w, kb_h), s.mode, s.max_chars,
                               view.language);
    button(way_back, kit::back_button_pos(ctx), kit::back_button_size(ctx));
    if (typed_something) button(s.next, ImVec2(ctx.screen.x - m - next_w, bar_y), ImVec2(next_w, bar_h));
  }
  if (tapped.act != Act::None) return tapped;
  if (typed && text != view.help.typed) return UiAction{Act::FormEdit, -1, text};
  return UiAction::None;
}

// [SECTION] Ticket

// The ticket's title with its sign beside it (✓, « i » or ⚠).
kit::Block title_row(kit::Icon icon, std::string title) {
  kit::Block b;
  const auto icon_d = [](const DrawContext& c) { return std::round(1.8f * c.u()); };
  b.height = [=](const DrawContext& c, float width) {
    return std::max(icon_d(c), paragraph_height(c, c.fonts.title, title, width - icon_d(c) - 0.6f * c.u()));
  };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    const float d = icon_d(c);
    const float text_x = pos.x + d + 0.6f * c.u();
    const float th = paragraph_height(c, c.fonts.title, title, width - (text_x - pos.x));
    const float row_h = std::max(d, th);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 centre(pos.x + d / 2.0f, pos.y + std::min(row_h, c.fonts.title->FontSize * 1.2f) / 2.0f);
    if (icon == kit::Icon::Warning)
      draw_warning_icon(dl, centre, d / 2.0f / 1.1f);
    else if (icon == kit::Icon::Info)
      draw_info_icon(dl, centre, d / 2.0f);
    else
      draw_check_icon(dl, centre, d / 2.0f);
    paragraph(c, c.fonts.title, title, ImVec2(text_x, pos.y + std::max(0.0f, (d - th) / 2.0f)),
              width - (text_x - pos.x));
    return UiAction::None;
  };
  return b;
}

kit::Block qr_block(std::string url, float max_side_u) {
  kit::Block code;
  code.height = [max_side_u](const DrawContext& c, float width) { return std::min(width, max_side_u * c.u()); };
  code.draw = [url, max_side_u](DrawContext& c, ImVec2 pos, float width) {
    const float side = std::min(width, max_side_u * c.u());
    qr_code(c, url, ImVec2(pos.x + (width - side) / 2.0f, pos.y), side);
    return UiAction::None;
  };
  return code;
}

}  // namespace

// [SECTION] Screens

UiAction draw_help_topics(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const float gap = 1.75f * u;  // between tiles: 8 mm on the 7" panel
  const auto topics = mediation::all_help_topics();
  std::vector<std::string> labels;
  for (const auto topic : topics) labels.emplace_back(mediation::help_topic_label(topic, lang));
  const kit::ButtonSpec way_back = back(view);
  // The question is in the header: the tiles get the room.
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, help::tr(HelpText::TopicsHeader, lang)));
  UiAction action = UiAction::None;

  if (kit::is_landscape(ctx)) {
    // 3 × 3: the eight topics in reading order, « Retour » in the bottom-left cell.
    constexpr int kColumns = 3;
    const float w = (content_w - 2.0f * gap) / kColumns;
    const float h = (ctx.screen.y - m - top - 2.0f * gap) / 3.0f;
    const TileFit fit = fit_tiles(ctx, labels, ImVec2(w, h), true);
    for (std::size_t i = 0; i < topics.size(); ++i) {
      const std::size_t cell = i < 6 ? i : i + 1;  // cell 6 is « Retour »
      const auto col = static_cast<float>(cell % kColumns);
      const auto row = static_cast<float>(cell / kColumns);
      if (topic_tile(ctx, topics[i], labels[i], ImVec2(m + col * (w + gap), top + row * (h + gap)), ImVec2(w, h),
                     fit)) {
        action = UiAction{Act::PickTopic, static_cast<int>(i)};
      }
    }
    // « Retour » where it is on every screen: the bottom left corner of its cell.
    if (kit::touch_button(ctx, way_back.label, kit::back_button_pos(ctx), kit::back_button_size(ctx), way_back.kind)) {
      action = way_back.action;
    }
    return action;
  }

  // Portrait: 2 × 4 with the picture above the words, « Retour » at the bottom.
  const std::vector<kit::ButtonSpec> bar{way_back};
  constexpr int kColumns = 2;
  const int rows = static_cast<int>((topics.size() + kColumns - 1) / kColumns);
  const float bottom = kit::bottom_bar_top(ctx, bar) - gap;
  const float w = (content_w - gap) / kColumns;
  const float h = std::max(3.75f * u, (bottom - top - static_cast<float>(rows - 1) * gap) / static_cast<float>(rows));
  const TileFit fit = fit_tiles(ctx, labels, ImVec2(w, h), false);
  for (std::size_t i = 0; i < topics.size(); ++i) {
    const auto col = static_cast<float>(i % kColumns);
    const auto row = static_cast<float>(i / kColumns);
    if (topic_tile(ctx, topics[i], labels[i], ImVec2(m + col * (w + gap), top + row * (h + gap)), ImVec2(w, h), fit)) {
      action = UiAction{Act::PickTopic, static_cast<int>(i)};
    }
  }
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : action;
}

namespace {

// The days and the workshops side by side (issue 15: the workshops were
// below the days, reached only by dragging): each column its intro, then its
// buttons, dragged when they do not fit.
UiAction draw_help_when_columns(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const HelpView& h = view.help;
  const float u = ctx.u();
  const float m = ctx.margin();
  const std::vector<kit::ButtonSpec> bar{back(view)};
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, help::tr(HelpText::HeaderTitle, lang)));
  const float bottom = kit::bottom_bar_top(ctx, bar) - ctx.target_gap();
  const float content_w = ctx.screen.x - 2.0f * m;
  float y = top + paragraph(ctx, ctx.fonts.title, text_of(HelpText::WhenTitle, lang), ImVec2(m, top), content_w);
  y += 0.5f * u;
  const float col_gap = ctx.target_gap();
  const float col_w = (content_w - col_gap) / 2.0f;
  kit::Column days;
  days.text(ctx, ctx.fonts.body, text_of(HelpText::IndividualIntro, lang), 0.0f);
  std::vector<kit::ButtonSpec> day_buttons;
  for (std::size_t i = 0; i < h.days.size(); ++i) {
    day_buttons.push_back({help::day_label(h.days[i], lang), UiAction{Act::PickDay, static_cast<int>(i)}});
  }
  days.space(0.5f * u);
  days.add(button_list(std::move(day_buttons), 1));
  kit::Column workshops;
  workshops.text(ctx, ctx.fonts.body, text_of(HelpText::WorkshopsIntro, lang), 0.0f);
  std::vector<kit::ButtonSpec> workshop_buttons;
  for (std::size_t i = 0; i < h.workshops.size(); ++i) {
    workshop_buttons.push_back({help::workshop_label(h.workshops[i], lang),
                                UiAction{Act::PickWorkshop, static_cast<int>(i)},
                                h.workshops[i].seats_left > 0 ? ButtonKind::Primary : ButtonKind::Secondary});
  }
  workshops.space(0.5f * u);
  workshops.add(button_list(std::move(workshop_buttons), 1));
  UiAction action = kit::draw_middle(ctx, "help-when-days", days, ImVec2(m, y), ImVec2(col_w, bottom - y));
  const UiAction w = kit::draw_middle(ctx, "help-when-workshops", workshops, ImVec2(m + col_w + col_gap, y),
                                      ImVec2(col_w, bottom - y));
  if (w.act != Act::None) action = w;
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : action;
}

}  // namespace

UiAction draw_help_when(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const HelpView& h = view.help;
  kit::Column col;
  // Nothing to choose: say so rather than ask « when ».
  col.text(ctx, ctx.fonts.title, text_of(h.offered ? HelpText::WhenTitle : HelpText::NothingTitle, lang), 0.0f);
  if (!h.error.empty()) col.warning(ctx, lang == Language::French ? h.error : h.error_en, 0.75f);
  if (!h.offered) {
    col.info(ctx, text_of(HelpText::NothingFree, lang), 0.75f);
    if (!h.contact_phone.empty()) col.text(ctx, ctx.fonts.body, help::call_line(h.contact_phone, lang), 0.6f);
  }
  if (kit::is_landscape(ctx) && !h.days.empty() && !h.workshops.empty() && h.error.empty()) {
    return draw_help_when_columns(ctx, view);
  }
  if (!h.days.empty()) {
    col.text(ctx, ctx.fonts.body, text_of(HelpText::IndividualIntro, lang), 0.75f);
    std::vector<kit::ButtonSpec> days;
    for (std::size_t i = 0; i < h.days.size(); ++i) {
      days.push_back({help::day_label(h.days[i], lang), UiAction{Act::PickDay, static_cast<int>(i)}});
    }
    col.space(0.5f * ctx.u());
    col.add(button_list(std::move(days), 2));
  }
  if (!h.workshops.empty()) {
    col.text(ctx, ctx.fonts.body, text_of(HelpText::WorkshopsIntro, lang), 1.0f);
    std::vector<kit::ButtonSpec> workshops;
    for (std::size_t i = 0; i < h.workshops.size(); ++i) {
      // A full workshop is outlined and says « complet »: never colour alone.
      workshops.push_back({help::workshop_label(h.workshops[i], lang), UiAction{Act::PickWorkshop, static_cast<int>(i)},
                           h.workshops[i].seats_left > 0 ? ButtonKind::Primary : ButtonKind::Secondary});
    }
    col.space(0.5f * ctx.u());
    col.add(button_list(std::move(workshops), 1));
  }
  return draw_help_step(ctx, view, "help-when", col, {back(view)});
}

UiAction draw_help_time(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  kit::Column col;
  col.text(ctx, ctx.fonts.title, help::time_title(view.help.chosen_day, lang), 0.0f);
  std::vector<kit::ButtonSpec> times;
  for (std::size_t i = 0; i < view.help.times.size(); ++i) {
    times.push_back({help::time_label(view.help.times[i], lang), UiAction{Act::PickChoice, static_cast<int>(i)}});
  }
  col.space(0.75f * ctx.u());
  col.add(button_list(std::move(times), 3));
  return draw_help_step(ctx, view, "help-time", col, {back(view)});
}

UiAction draw_help_name(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  TypingScreen s;
  s.title = text_of(HelpText::NameTitle, lang);
  s.line = text_of(HelpText::NameHint, lang);
  s.hint = text_of(HelpText::NameBoxHint, lang);
  s.mode = KeyboardMode::Letters;
  s.max_chars = 40;
  s.alternative = {text_of(HelpText::Anonymous, lang), UiAction{Act::HelpAnonymous}, ButtonKind::Secondary};
  s.next = {text_of(HelpText::Next, lang), UiAction{Act::Confirm}};
  s.left_share = 0.38f;
  return draw_typing(ctx, view, s);
}

UiAction draw_help_phone(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  TypingScreen s;
  s.title = text_of(HelpText::PhoneTitle, lang);
  s.line = text_of(HelpText::PhoneLine, lang);
  s.hint = text_of(HelpText::PhoneBoxHint, lang);
  s.error = lang == Language::French ? view.help.error : view.help.error_en;
  s.mode = KeyboardMode::Digits;
  s.max_chars = 20;
  s.alternative = {text_of(HelpText::NoReminder, lang), UiAction{Act::HelpSkipPhone}, ButtonKind::Secondary};
  s.next = {text_of(HelpText::Validate, lang), UiAction{Act::Confirm}};
  s.left_share = 0.52f;  // the digits need less room than the letters
  return draw_typing(ctx, view, s);
}

UiAction draw_help_ticket(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const HelpTicket& t = view.help.ticket;
  const bool refused = t.refusal.has_value();
  // No calendar code for a refused request, nor for a waiting list (no seat yet).
  const bool qr = !refused && !t.waiting && !view.qr_url.empty();

  kit::Column col;
  // The sign: ✓ booked, « i » on a waiting list, ⚠ refused (never colour alone).
  const HelpText title =
      refused ? HelpText::RefusedTitle : (t.waiting ? HelpText::WaitingTitle : HelpText::TicketTitle);
  const kit::Icon icon = refused ? kit::Icon::Warning : (t.waiting ? kit::Icon::Info : kit::Icon::Check);
  col.add(title_row(icon, text_of(title, lang)));
  const auto lines = help::ticket_lines(t, lang);
  // When, large; then what, where, for whom, close together; then what to know.
  col.text(ctx, ctx.fonts.button, lines.front(), 0.5f);
  if (refused) {
    col.text(ctx, ctx.fonts.body, help::refusal_line(t, lang), 0.5f);
  } else {
    for (std::size_t i = 1; i < lines.size(); ++i) col.text(ctx, ctx.fonts.body, lines[i], 0.25f);
    if (t.pending) col.text(ctx, ctx.fonts.body, text_of(HelpText::Pending, lang), 0.5f, colour::kTextSecondary);
    if (t.waiting) col.text(ctx, ctx.fonts.body, text_of(HelpText::WaitingLine, lang), 0.5f);
    if (t.reminders && !t.waiting) col.text(ctx, ctx.fonts.body, text_of(HelpText::ReminderLine, lang), 0.5f);
    col.text(ctx, ctx.fonts.body, help::cancel_line(view.help.contact_phone, lang), 0.5f);
    if (qr) col.text(ctx, ctx.fonts.body, text_of(HelpText::QrHint, lang), 0.5f, colour::kTextSecondary);
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);

  const kit::ButtonSpec done{text_of(HelpText::Done, lang), UiAction::Home,
                             refused ? ButtonKind::Secondary : ButtonKind::Primary};
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, help::tr(HelpText::HeaderTitle, lang)));
  const float content_w = ctx.screen.x - 2.0f * m;
  const float bar_h = ctx.button_height();
  const float bar_y = ctx.screen.y - m - bar_h;

  if (!refused && kit::is_landscape(ctx)) {
    // The words on the left from top to bottom; on the right the code, and
    // « Terminé » under it in the corner.
    const float done_w = button_width(ctx, done.label, 7.0f * u, content_w);
    const float side = qr ? std::min(6.0f * u, bar_y - 0.75f * u - top) : 0.0f;  // issue 15: the words show whole
    const float right_w = std::max(side, done_w);
    const float text_w = content_w - right_w - 0.75f * u;  // issue 15: the words show whole
    const UiAction middle = kit::draw_middle(ctx, "help-ticket", col, ImVec2(m, top),
                                             ImVec2(text_w, ctx.screen.y - m - top), kit::Fit::Centre);
    if (qr) {
      const float qr_x = ctx.screen.x - m - right_w + (right_w - side) / 2.0f;
      qr_code(ctx, view.qr_url, ImVec2(qr_x, top + (bar_y - 0.75f * u - top - side) / 2.0f), side);
    }
    if (kit::touch_button(ctx, done.label, ImVec2(ctx.screen.x - m - done_w, bar_y), ImVec2(done_w, bar_h))) {
      return done.action;
    }
    return middle;
  }

  // Portrait (and refused): the words, the code under them, the buttons at
  // the bottom. Refused: the next sensible step is another time.
  std::vector<kit::ButtonSpec> bar{done};
  if (refused) bar.push_back({text_of(HelpText::AnotherTime, lang), UiAction{Act::AskHelp}});
  if (qr) {
    kit::Block code = qr_block(view.qr_url, 9.0f);
    code.gap_before = 0.75f * u;
    col.add(std::move(code));
  }
  const float bottom = kit::bottom_bar_top(ctx, bar) - 0.75f * u;
  const UiAction middle =
      kit::draw_middle(ctx, "help-ticket", col, ImVec2(m, top), ImVec2(content_w, bottom - top), kit::Fit::Centre);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar, true);
  return tapped.act != Act::None ? tapped : middle;
}

}  // namespace escale::kiosk::ui
