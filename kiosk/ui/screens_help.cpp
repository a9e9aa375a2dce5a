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

// [SECTION] The first name and the phone (one optional step)

// A box the keyboard types in, tappable to choose it: its caption (small),
// what is typed (large) or a grey hint, a thick border when chosen; an
// error (« Il faut 10 chiffres. ») replaces the caption, with the ⚠ sign.
// Recorded as one button « caption : value » (scripts tap « Prénom »).
bool field_box(DrawContext& ctx, const char* id, std::string_view caption, std::string_view value,
               std::string_view hint, std::string_view error, bool focused, ImVec2 pos, ImVec2 size) {
  const float u = ctx.u();
  pos = ImVec2(std::round(pos.x), std::round(pos.y));
  size = ImVec2(std::round(size.x), std::round(size.y));
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(id);
  const bool fired = ImGui::InvisibleButton("##field", size);
  ImGui::PopID();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float border = std::round((focused ? 0.25f : 0.1f) * u);
  dl->AddRectFilled(pos, max, colour::rgb(0xFF, 0xFF, 0xFF), 0.3f * u);
  dl->AddRect(ImVec2(pos.x + border / 2, pos.y + border / 2), ImVec2(max.x - border / 2, max.y - border / 2),
              focused ? colour::kButton : colour::kTextSecondary, 0.3f * u, ImDrawFlags_None, std::max(2.0f, border));
  const float pad = 0.5f * u;
  dl->PushClipRect(pos, max, true);
  ImFont* small = ctx.fonts.body;
  float caption_x = pos.x + pad;
  const bool empty = value.empty();
  ImFont* big = empty ? ctx.fonts.body : ctx.fonts.title;
  std::string_view shown = empty ? hint : value;
  // Too low for the caption above the text (a keyboard across the width
  // below, issue 15): the caption on the left, the text after it.
  const bool one_line = size.y < 2.0f * pad + small->FontSize + ctx.fonts.title->FontSize;
  if (!error.empty()) {
    const float icon_y = one_line ? pos.y + size.y / 2.0f : pos.y + pad + small->FontSize / 2.0f;
    draw_warning_icon(dl, ImVec2(caption_x + 0.5f * u, icon_y), 0.5f * u);
    caption_x += 1.3f * u;
  }
  const std::string_view top = error.empty() ? caption : error;
  const float caption_w = text_width(small, top);
  const float text_x = one_line ? caption_x + caption_w + 0.5f * u : pos.x + pad;
  dl->AddText(small, small->FontSize,
              ImVec2(caption_x, one_line ? std::round(pos.y + (size.y - small->FontSize) / 2.0f) : pos.y + pad),
              error.empty() ? colour::kTextSecondary : colour::kText, top.data(), top.data() + top.size());
  const float inner_w = max.x - pad - 0.5f * u - text_x;
  while (!empty && shown.size() > 1 && text_width(big, shown) > inner_w) {  // the end of a long text stays visible
    shown.remove_prefix(1);
    while (!shown.empty() && (static_cast<unsigned char>(shown.front()) & 0xC0u) == 0x80u) shown.remove_prefix(1);
  }
  const float text_top = one_line ? pos.y + pad : pos.y + pad + small->FontSize;
  const float ty = std::round(text_top + (max.y - pad - text_top - big->FontSize) / 2.0f);
  if (!(one_line && empty && text_x + text_width(big, shown) > max.x - pad)) {  // a hint that does not fit: none
    dl->AddText(big, big->FontSize, ImVec2(text_x, ty), empty ? colour::kTextSecondary : colour::kText, shown.data(),
                shown.data() + shown.size());
  }
  if (focused) {  // the caret: where the next letter goes
    const float cx = empty ? text_x - 0.15f * u : text_x + text_width(big, shown) + 0.15f * u;
    const float caret_h = ctx.fonts.title->FontSize;
    const float cy = std::round(pos.y + (size.y - caret_h) / 2.0f);
    dl->AddRectFilled(ImVec2(std::round(cx), one_line ? cy : ty),
                      ImVec2(std::round(cx + std::max(2.0f, 0.1f * u)), (one_line ? cy : ty) + caret_h),
                      colour::kButton);
  }
  dl->PopClipRect();
  std::string label(top);
  label += "\u202F: ";
  label += empty ? hint : value;
  record_text(ctx, label, pos, max);
  ctx.record.buttons.push_back(DrawnButton{label, pos.x, pos.y, size.x, size.y});
  return fired && !drag_in_progress();
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

// What the appointment is about, with the topic's pictogram beside the words
// (the same picture as on the topic's button).
kit::Block what_row(std::optional<mediation::HelpTopic> topic, std::string text) {
  kit::Block b;
  const auto side = [topic](const DrawContext& c) { return topic ? std::round(1.6f * c.u()) : 0.0f; };
  const auto indent = [topic](const DrawContext& c) { return topic ? std::round(2.2f * c.u()) : 0.0f; };
  b.gap_before = 0.0f;
  b.height = [=](const DrawContext& c, float width) {
    return std::max(side(c), paragraph_height(c, c.fonts.body, text, width - indent(c)));
  };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    const float th = paragraph_height(c, c.fonts.body, text, width - indent(c));
    const float row_h = std::max(side(c), th);
    if (topic) {
      kiosk::draw_pictogram(ImGui::GetWindowDrawList(), *topic, ImVec2(pos.x + side(c) / 2.0f, pos.y + row_h / 2.0f),
                            side(c), colour::kText);
    }
    paragraph(c, c.fonts.body, text, ImVec2(pos.x + indent(c), pos.y + (row_h - th) / 2.0f), width - indent(c));
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
  const float gap = ctx.target_gap();  // between tiles: 8 mm on the 7" panel
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
  // The question is in the header (as on the topics): the columns get the room.
  const float y = kit::content_top(ctx, kit::draw_header(ctx, view, text_of(HelpText::WhenTitle, lang)));
  const float bottom = kit::bottom_bar_top(ctx, bar) - ctx.target_gap();
  const float content_w = ctx.screen.x - 2.0f * m;
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
  workshops.add(kit::tall_button_list(std::move(workshop_buttons)));
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
    col.add(kit::tall_button_list(std::move(workshops)));
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

UiAction draw_help_contact(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const HelpView& h = view.help;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float gap = ctx.target_gap();
  const float min_gap = 1.5f * u;
  const float content_w = ctx.screen.x - 2.0f * m;
  const bool ask_name = h.ask_name;
  const int focus = ask_name ? h.focus : 1;
  const std::string line = text_of(ask_name ? HelpText::ContactLine : HelpText::PhoneLine, lang);
  const std::string error = lang == Language::French ? h.error : h.error_en;
  const kit::ButtonSpec way_back = back(view);
  const kit::ButtonSpec skip{text_of(ask_name ? HelpText::SkipContact : HelpText::NoReminder, lang),
                             UiAction{Act::HelpSkipContact}, ButtonKind::Secondary};
  const kit::ButtonSpec validate{text_of(HelpText::Validate, lang), UiAction{Act::Confirm}};
  const bool typed_something = (ask_name && !h.name.empty()) || !h.phone.empty();
  // The question in the header: the boxes and the keyboard get the room.
  const std::string header = text_of(ask_name ? HelpText::ContactHeader : HelpText::PhoneHeader, lang);
  const float back_w = button_width(ctx, way_back.label, 7.0f * u, content_w);
  const float next_w = button_width(ctx, validate.label, 7.0f * u, content_w);
  const float middle_room = content_w - back_w - next_w - 2.0f * gap;
  const bool landscape_keys = kit::is_landscape(ctx) && middle_room >= 7.0f * u;
  const float top = landscape_keys ? m : kit::content_top(ctx, kit::draw_header(ctx, view, header));
  const float bar_h = ctx.button_height();
  const float bar_y = ctx.screen.y - m - bar_h;
  const float box_min = 3.75f * u;

  UiAction tapped = UiAction::None;
  const auto button = [&](const kit::ButtonSpec& b, ImVec2 pos, ImVec2 size) {
    if (kit::touch_button(ctx, b.label, pos, size, b.kind)) tapped = b.action;
  };
  // The boxes in `width` from `y` down to `bottom`, the line above them when there is room.
  const auto boxes = [&](float x, float y, float width, float bottom) {
    const int count = ask_name ? 2 : 1;
    const float line_h = paragraph_height(ctx, ctx.fonts.body, line, width) + 0.5f * u;
    const float needed = static_cast<float>(count) * box_min + static_cast<float>(count - 1) * min_gap;
    if (bottom - y - needed >= line_h) {
      y += paragraph(ctx, ctx.fonts.body, line, ImVec2(x, y), width, colour::kTextSecondary) + 0.5f * u;
    }
    const float between = std::clamp(bottom - y - static_cast<float>(count) * 4.0f * u, min_gap, gap);
    const float box_h = std::max(box_min, std::min(4.0f * u, (bottom - y - between * static_cast<float>(count - 1)) /
                                                                 static_cast<float>(count)));
    if (ask_name) {
      if (field_box(ctx, "name", text_of(HelpText::NameCaption, lang), h.name, text_of(HelpText::NameBoxHint, lang), {},
                    focus == 0, ImVec2(x, y), ImVec2(width, box_h))) {
        tapped = UiAction{Act::FormFocus, 0};
      }
      y += box_h + between;
    }
    if (field_box(ctx, "phone", text_of(HelpText::PhoneCaption, lang), h.phone, text_of(HelpText::PhoneBoxHint, lang),
                  error, focus == 1, ImVec2(x, y), ImVec2(width, box_h))) {
      tapped = UiAction{Act::FormFocus, 1};
    }
  };

  // The keyboard of the chosen box: letters for the first name (a capital
  // first, the accents one key away), digits for the phone; each keeps its
  // own state (capitals, the accents shown).
  std::string text = focus == 0 ? h.name : h.phone;
  bool typed = false;
  const auto keyboard = [&](ImVec2 pos, ImVec2 size, KeyboardOptions keys) {
    keys.mode = focus == 0 ? KeyboardMode::Letters : KeyboardMode::Digits;
    keys.max_chars = focus == 0 ? 40 : 20;
    keys.lang = lang;
    keys.capital_first = focus == 0;
    keys.digits_key = false;
    keys.email_keys = false;
    ImGui::PushID(focus == 0 ? "kb-name" : "kb-phone");
    typed = on_screen_keyboard(ctx, text, pos, size, keys);
    ImGui::PopID();
  };

  if (landscape_keys) {
    // Landscape (issue 15): the question in the header, the boxes side by
    // side under it, the keyboard across the whole width under them with
    // keys of 12 mm; its bottom row has « Retour » on the left (where it is
    // on every screen) and on the right the way without (« Sans nom ni
    // numéro »), which becomes « Valider » once something is typed.
    // Landscape: the question on one line in the body font when the boxes
    // (15 mm high: they are targets) and keys of 12 mm still fit under it;
    // else the boxes' captions ask it (« Prénom », « Portable (SMS de rappel) »).
    const float box_h = std::ceil(ctx.button_height());
    const float small_gap = 0.2f * u;
    const float kb_need = 3.0f * (visitor_key_u() + 0.3f) * u + bar_h;
    float y = top;
    const float q_h = ctx.fonts.body->FontSize;
    if (text_width(ctx.fonts.body, header) <= content_w &&
        y + q_h + small_gap + box_h + small_gap + kb_need <= ctx.screen.y - m) {
      paragraph(ctx, ctx.fonts.body, header, ImVec2(m, y), content_w);
      y += q_h + small_gap;
    }
    const float name_w = ask_name ? std::round(0.52f * (content_w - gap)) : 0.0f;
    const float phone_x = ask_name ? m + name_w + gap : m;
    if (ask_name &&
        field_box(ctx, "name", text_of(HelpText::NameCaption, lang), h.name, text_of(HelpText::NameBoxHint, lang), {},
                  focus == 0, ImVec2(m, y), ImVec2(name_w, box_h))) {
      tapped = UiAction{Act::FormFocus, 0};
    }
    if (field_box(ctx, "phone", text_of(HelpText::PhoneCaption, lang), h.phone, text_of(HelpText::PhoneBoxHint, lang),
                  error, focus == 1, ImVec2(phone_x, y), ImVec2(ctx.screen.x - m - phone_x, box_h))) {
      tapped = UiAction{Act::FormFocus, 1};
    }
    const kit::ButtonSpec& right = typed_something ? validate : skip;
    // As narrow as the longer label allows on two lines (the same for both:
    // nothing moves once a letter is typed), so the space and accent keys keep room.
    float right_w = 6.0f * u;
    while (right_w < 0.45f * content_w && (!kit::label_fits(ctx, skip.label, ImVec2(right_w, bar_h)) ||
                                           !kit::label_fits(ctx, validate.label, ImVec2(right_w, bar_h)))) {
      right_w += 0.25f * u;
    }
    right_w = std::round(right_w);
    KeyboardOptions keys;
    keys.min_key_u = 99.0f;  // the accents one key away: the letters keep their 12 mm
    keys.bottom_row_h = bar_h;
    keys.reserve_left = kit::back_button_size(ctx).x;
    keys.reserve_right = right_w;
    keys.reserve_gap = gap;
    const float kb_top = y + box_h + small_gap;
    keyboard(ImVec2(m, kb_top), ImVec2(content_w, ctx.screen.y - m - kb_top), keys);
    button(way_back, kit::back_button_pos(ctx), kit::back_button_size(ctx));
    button(right, ImVec2(ctx.screen.x - m - right_w, bar_y), ImVec2(right_w, bar_h));
  } else {
    // Portrait: the boxes across the width, the way without under them,
    // the keyboard above the bar (« Retour », « Valider »).
    const int count = ask_name ? 2 : 1;
    const float boxes_h = paragraph_height(ctx, ctx.fonts.body, line, content_w) + 0.5f * u +
                          static_cast<float>(count) * 4.0f * u + static_cast<float>(count - 1) * gap;
    boxes(m, top, content_w, top + boxes_h);
    float y = top + boxes_h + gap;
    const float skip_w = button_width(ctx, skip.label, 7.0f * u, content_w);
    button(skip, ImVec2(m, y), ImVec2(skip_w, bar_h));
    y += bar_h + gap;
    const float kb_bottom = bar_y - gap;
    const float kb_h = std::clamp(kb_bottom - y, 1.0f, 1.3f * keyboard_min_height(ctx));
    keyboard(ImVec2(m, kb_bottom - kb_h), ImVec2(content_w, kb_h), KeyboardOptions{});
    button(way_back, kit::back_button_pos(ctx), kit::back_button_size(ctx));
    if (typed_something) button(validate, ImVec2(ctx.screen.x - m - next_w, bar_y), ImVec2(next_w, bar_h));
  }
  if (tapped.act != Act::None) return tapped;
  if (typed && text != (focus == 0 ? h.name : h.phone)) return UiAction{Act::FormEdit, -1, text};
  return UiAction::None;
}

UiAction draw_help_ticket(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const HelpTicket& t = view.help.ticket;
  const bool refused = t.refusal.has_value();
  // No calendar code for a refused request, nor for a waiting list (no seat yet).
  const bool qr = !refused && !t.waiting;
  const std::string event = qr ? help::ticket_ics(t, lang) : std::string();

  kit::Column col;
  // The sign: ✓ booked, « i » on a waiting list, ⚠ refused (never colour alone).
  const HelpText title =
      refused ? HelpText::RefusedTitle : (t.waiting ? HelpText::WaitingTitle : HelpText::TicketTitle);
  const kit::Icon icon = refused ? kit::Icon::Warning : (t.waiting ? kit::Icon::Info : kit::Icon::Check);
  col.add(title_row(icon, text_of(title, lang)));
  const help::TicketText text = help::ticket_text(t, lang);
  // When, large; then what (with its picture), with whom, where, for whom,
  // close together; then what to know.
  col.text(ctx, ctx.fonts.button, text.when, 0.5f);
  if (refused) {
    col.text(ctx, ctx.fonts.body, help::refusal_line(t, lang), 0.5f);
  } else {
    kit::Block what = what_row(t.workshop ? std::nullopt : t.topic, text.what);
    what.gap_before = 0.3f * u;
    col.add(std::move(what));
    for (const std::string* part : {&text.with, &text.where, &text.who}) {
      if (!part->empty()) col.text(ctx, ctx.fonts.body, *part, 0.25f);
    }
    if (t.pending) col.text(ctx, ctx.fonts.body, text_of(HelpText::Pending, lang), 0.5f, colour::kTextSecondary);
    if (t.waiting) col.text(ctx, ctx.fonts.body, text_of(HelpText::WaitingLine, lang), 0.5f);
    if (t.reminders && !t.waiting) col.text(ctx, ctx.fonts.body, text_of(HelpText::ReminderLine, lang), 0.5f);
    col.text(ctx, ctx.fonts.body, help::cancel_line(view.help.contact_phone, lang), 0.5f);
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);

  // « J’ai noté »: the ticket stays until then (or a long idle time).
  const kit::ButtonSpec done =
      refused ? kit::ButtonSpec{text_of(HelpText::Done, lang), UiAction::Home, ButtonKind::Secondary}
              : kit::ButtonSpec{text_of(HelpText::Noted, lang), UiAction::Home};
  // Landscape: the ticket's title is its header (the room goes to the words).
  const bool two_columns = !refused && kit::is_landscape(ctx);
  const float top =
      two_columns ? m : kit::content_top(ctx, kit::draw_header(ctx, view, help::tr(HelpText::HeaderTitle, lang)));
  const float content_w = ctx.screen.x - 2.0f * m;
  const float bar_h = ctx.button_height();
  const float bar_y = ctx.screen.y - m - bar_h;
  const std::string qr_hint = text_of(HelpText::QrHint, lang);

  if (two_columns) {
    // Landscape (issue 15: everything in sight at 800×480 with 28 px text):
    // the title across the width; under it on the left what, when, with
    // whom, where, for whom; on the right what to know (reminder, how to
    // cancel), then the code with what it is for beside it, « J’ai noté »
    // in the corner.
    kit::Column head;
    head.add(title_row(icon, text_of(title, lang)));
    kit::Column facts;
    facts.text(ctx, ctx.fonts.button, text.when, 0.0f);
    kit::Block what = what_row(t.workshop ? std::nullopt : t.topic, text.what);
    what.gap_before = 0.25f * u;
    facts.add(std::move(what));
    for (const std::string* part : {&text.with, &text.where, &text.who}) {
      if (!part->empty()) facts.text(ctx, ctx.fonts.body, *part, 0.25f);
    }
    kit::Column notes;
    if (t.pending) notes.text(ctx, ctx.fonts.body, text_of(HelpText::Pending, lang), 0.0f, colour::kTextSecondary);
    if (t.waiting) notes.text(ctx, ctx.fonts.body, text_of(HelpText::WaitingLine, lang), notes.empty() ? 0.0f : 0.4f);
    if (t.reminders && !t.waiting) {
      notes.text(ctx, ctx.fonts.body, text_of(HelpText::ReminderLine, lang), notes.empty() ? 0.0f : 0.4f);
    }
    notes.text(ctx, ctx.fonts.body, help::cancel_line(view.help.contact_phone, lang), notes.empty() ? 0.0f : 0.4f);
    if (!view.last_error.empty()) notes.warning(ctx, view.last_error, 0.5f);

    // The code's modules (with the quiet zone): 2 px each at least.
    const auto modules = qr ? qr_layout(event, ImVec2(0, 0), 10000.0f) : std::nullopt;
    const int count = modules ? modules->modules : 0;
    const float done_w = button_width(ctx, done.label, 6.0f * u, content_w);
    const float col_gap = 1.0f * u;
    const float head_h = head.height(ctx, content_w);
    UiAction action = kit::draw_middle(ctx, "help-ticket-title", head, ImVec2(m, top), ImVec2(content_w, head_h));
    const float body_top = top + head_h + 0.4f * u;
    const float bottom = ctx.screen.y - m;
    // The corner: the code on the left, what it is for above « J’ai noté ».
    struct Plan {
      float right_w = 0.0f, side = 0.0f, hint_w = 0.0f, hint_h = 0.0f, corner_top = 0.0f;
      bool fits = false;
    };
    const auto plan_for = [&](float right_w) {
      Plan p;
      p.right_w = std::round(right_w);
      p.corner_top = bar_y;
      const float notes_h = notes.height(ctx, p.right_w);
      if (qr) {
        // 2 or 3 px a module (whole pixels), the hint beside it at least 5 u wide.
        const float room = bottom - body_top - notes_h - 0.3f * u;
        const float max_side = std::min(room, p.right_w - std::max(5.0f * u, done_w) - 0.5f * u);
        const int px = std::clamp(static_cast<int>(std::floor(max_side / static_cast<float>(count))), 1, 3);
        p.side = static_cast<float>(px * count);
        p.hint_w = p.right_w - p.side - 0.5f * u;
        p.hint_h = paragraph_height(ctx, ctx.fonts.body, qr_hint, p.hint_w);
        p.corner_top = std::min(bottom - p.side, bar_y - 0.3f * u - p.hint_h);
      }
      const float left_w = content_w - col_gap - p.right_w;
      p.fits = facts.height(ctx, left_w) <= bottom - body_top && notes_h <= p.corner_top - 0.3f * u - body_top &&
               (!qr || p.side >= 2.0f * static_cast<float>(count));
      return p;
    };
    const float least =
        std::max(0.4f * (content_w - col_gap), qr ? 2.0f * static_cast<float>(count) + 0.5f * u + done_w : done_w);
    // The widest code that lets everything show (3 px a module when the
    // words leave room, else 2), with the narrowest right column for it.
    Plan plan = plan_for(least);
    for (float w = least + 0.5f * u; w <= 0.65f * content_w; w += 0.5f * u) {
      const Plan next = plan_for(w);
      if (next.fits && (!plan.fits || next.side > plan.side)) plan = next;
    }
    const float right_w = plan.right_w;
    const float left_w = content_w - col_gap - right_w;
    const float right_x = m + left_w + col_gap;
    const float side = plan.side;
    const float hint_x = right_x + side + 0.5f * u;
    const float hint_w = plan.hint_w;
    const float corner_top = plan.corner_top;
    const UiAction left = kit::draw_middle(ctx, "help-ticket", facts, ImVec2(m, body_top),
                                           ImVec2(left_w, bottom - body_top), kit::Fit::Top);
    if (left.act != Act::None) action = left;
    const UiAction right = kit::draw_middle(ctx, "help-ticket-notes", notes, ImVec2(right_x, body_top),
                                            ImVec2(right_w, corner_top - 0.3f * u - body_top), kit::Fit::Top);
    if (right.act != Act::None) action = right;
    if (qr) {
      qr_code(ctx, event, ImVec2(right_x, bottom - side), side);
      paragraph(ctx, ctx.fonts.body, qr_hint, ImVec2(hint_x, corner_top), hint_w, colour::kTextSecondary);
    }
    if (kit::touch_button(ctx, done.label, ImVec2(ctx.screen.x - m - done_w, bar_y), ImVec2(done_w, bar_h))) {
      return done.action;
    }
    return action;
  }

  // Portrait (and refused): the words, the code under them, the buttons at
  // the bottom. Refused: the next sensible step is another time.
  std::vector<kit::ButtonSpec> bar{done};
  if (refused) bar.push_back({text_of(HelpText::AnotherTime, lang), UiAction{Act::AskHelp}});
  if (qr) {
    kit::Block code = qr_block(event, 11.0f);
    code.gap_before = 0.75f * u;
    col.add(std::move(code));
    kit::Block hint;  // centred under the code
    hint.gap_before = 0.2f * u;
    hint.height = [qr_hint](const DrawContext& c, float width) {
      return paragraph_height(c, c.fonts.body, qr_hint, width);
    };
    hint.draw = [qr_hint](DrawContext& c, ImVec2 pos, float width) {
      kit::text_centred_in(c, c.fonts.body, qr_hint, pos.x, width, pos.y, colour::kTextSecondary);
      return UiAction::None;
    };
    col.add(std::move(hint));
  }
  const float bottom = kit::bottom_bar_top(ctx, bar) - 0.75f * u;
  const UiAction middle =
      kit::draw_middle(ctx, "help-ticket", col, ImVec2(m, top), ImVec2(content_w, bottom - top), kit::Fit::Centre);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar, true);
  return tapped.act != Act::None ? tapped : middle;
}

}  // namespace escale::kiosk::ui
