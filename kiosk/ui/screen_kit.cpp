// Layout pieces shared by the screens: see screen_kit.hpp. Index:
// [SECTION] Header
// [SECTION] Buttons
// [SECTION] Text and boxes
// [SECTION] Column of blocks
// [SECTION] List rows
#include "ui/screen_kit.hpp"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>

#include "ui/strings.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui::kit {
namespace {

void record_text(DrawContext& ctx, std::string_view text, ImVec2 min, ImVec2 max) {
  if (text.empty()) return;
  ctx.record.texts.emplace_back(text);
  ctx.record.text_boxes.push_back(TextBox{min.x, min.y, max.x - min.x, max.y - min.y});
}

// Line height of wrapped lines inside a button: tighter than paragraphs.
constexpr float kButtonLineSpacing = 1.15f;

float lines_height(ImFont* font, std::size_t n, float spacing) {
  if (n == 0) return 0.0f;
  return static_cast<float>(n - 1) * font->FontSize * spacing + font->FontSize;
}

// The longest prefix of `text` that fits `width` with « … » after it.
std::string ellipsised(ImFont* font, std::string_view text, float width) {
  if (text_width(font, text) <= width) return std::string(text);
  const std::string_view dots = "\xE2\x80\xA6";  // …
  std::size_t end = 0;
  std::size_t best = 0;
  while (end < text.size()) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, text.data() + end, text.data() + text.size());
    end += static_cast<std::size_t>(n > 0 ? n : 1);
    if (text_width(font, std::string(text.substr(0, end)) + std::string(dots)) > width) break;
    best = end;
  }
  return std::string(text.substr(0, best)) + std::string(dots);
}

// Lines of `text` in `width`, broken at spaces and after hyphens (« Marie- »
// / « Hélène Duprès- » / « Lafontaine »), inside a word only when the word
// alone is wider than the line.
std::vector<std::string> word_lines(ImFont* font, std::string_view text, float width) {
  std::vector<std::string_view> pieces;  // each ends after its space or hyphen
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || (text[i] == '-' && i > start)) {
      pieces.push_back(text.substr(start, i + 1 - start));
      start = i + 1;
    }
  }
  if (start < text.size()) pieces.push_back(text.substr(start));
  const auto trimmed = [](std::string_view l) {
    while (!l.empty() && l.back() == ' ') l.remove_suffix(1);
    return l;
  };
  std::vector<std::string> out;
  std::string line;
  for (const auto piece : pieces) {
    if (line.empty() || text_width(font, trimmed(line + std::string(piece))) <= width) {
      line += piece;
      continue;
    }
    out.emplace_back(trimmed(line));
    line = std::string(piece);
  }
  if (!trimmed(line).empty()) out.emplace_back(trimmed(line));
  // A word wider than the line on its own: cut inside it.
  std::vector<std::string> fitted;
  for (const auto& l : out) {
    if (text_width(font, l) <= width) {
      fitted.push_back(l);
    } else {
      for (const auto part : wrap_lines(font, l, width)) fitted.emplace_back(part);
    }
  }
  return fitted;
}

// Lines of `text` in `width`: one line when it fits; else, when it has
// parts joined by « · », each part on its own line(s) (the dot dropped:
// « 30 min » / « jusqu’à 11 h 30 »); else wrapped at spaces.
std::vector<std::string> smart_lines(ImFont* font, std::string_view text, float width) {
  std::vector<std::string> out;
  if (text_width(font, text) <= width) {
    out.emplace_back(text);
    return out;
  }
  constexpr std::string_view kSep = " \xC2\xB7 ";  // « · »
  std::size_t start = 0;
  while (true) {
    const std::size_t sep = text.find(kSep, start);
    const std::string_view part =
        text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start);
    for (auto& line : word_lines(font, part, width)) out.push_back(std::move(line));
    if (sep == std::string_view::npos) break;
    start = sep + kSep.size();
  }
  return out;
}

struct LabelLayout {
  ImFont* font = nullptr;
  std::vector<std::string> lines;
  bool whole = true;  // false when cut with « … »
};

// How a label is set inside a button of `size`: see touch_button.
LabelLayout layout_label(const DrawContext& ctx, std::string_view label, ImVec2 size, ImFont* only = nullptr) {
  const float pad_x = 0.5f * ctx.u();
  const float pad_y = 0.25f * ctx.u();
  const float w = std::max(1.0f, size.x - 2.0f * pad_x);
  const float h = std::max(1.0f, size.y - 2.0f * pad_y);
  LabelLayout out;
  for (ImFont* font : {ctx.fonts.button, ctx.fonts.body}) {
    if (only != nullptr && font != only) continue;
    auto lines = smart_lines(font, label, w);
    // Two lines in a button of the usual height; more only in a taller one
    // (label_height): the height decides.
    if (lines_height(font, lines.size(), kButtonLineSpacing) > h) continue;
    if (std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return text_width(font, l) > w; })) {
      continue;
    }
    out.font = font;
    out.lines = std::move(lines);
    return out;
  }
  out.font = only != nullptr ? only : ctx.fonts.body;
  out.lines.push_back(ellipsised(out.font, label, w));
  out.whole = false;
  return out;
}

}  // namespace

float label_height(const DrawContext& ctx, std::string_view label, float width) {
  const float pad_x = 0.5f * ctx.u();
  const float pad_y = 0.25f * ctx.u();
  const auto lines = smart_lines(ctx.fonts.body, label, std::max(1.0f, width - 2.0f * pad_x));
  return std::max(ctx.button_height(), lines_height(ctx.fonts.body, lines.size(), kButtonLineSpacing) + 2.0f * pad_y);
}

std::string_view site_name(const KioskView& view) {
  return view.site_name.empty() ? tr(Text::DefaultSiteName, view.language) : std::string_view(view.site_name);
}

bool is_wide(const DrawContext& ctx) {
  return ctx.screen.x >= 22.0f * ctx.u();
}

bool is_landscape(const DrawContext& ctx) {
  return ctx.screen.x > ctx.screen.y;
}

// [SECTION] Header

float draw_header(DrawContext& ctx, const KioskView& view, std::string_view title, bool animator) {
  const float u = ctx.u();
  const float m = ctx.margin();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::string clock = format_clock(view.now);
  const float clock_w = text_width(ctx.fonts.body, clock);
  float right = ctx.screen.x - m - clock_w - u;
  text_right_aligned(ctx, ctx.fonts.body, clock, ctx.screen.x - m, m, colour::kTextSecondary);

  // Animator mode: a small outlined tag, so staff always know where they
  // are. Beside the title when both fit on the line, else on the first line
  // with the title under it (portrait).
  float y = m;
  if (animator) {
    const std::string_view marker = tr(Text::AnimatorMode, view.language);
    const float pad = 0.4f * u;
    const float w = text_width(ctx.fonts.body, marker) + 2.0f * pad;
    const bool inline_tag = title.empty() || text_width(ctx.fonts.button, title) <= right - w - u - m;
    const float x = inline_tag ? right - w : m;
    const ImVec2 min(x, m - 0.2f * u);
    const ImVec2 max(x + w, m + ctx.fonts.body_px + 0.2f * u);
    dl->AddRectFilled(min, max, colour::kCardFill, 0.3f * u);
    dl->AddRect(min, max, colour::kButton, 0.3f * u, ImDrawFlags_None, std::max(2.0f, std::round(0.08f * u)));
    paragraph(ctx, ctx.fonts.body, marker, ImVec2(min.x + pad, m), w, colour::kButton);
    if (inline_tag) {
      right = min.x - u;
    } else {
      right = ctx.screen.x - m;
      y = max.y + 0.4f * u;
    }
  }

  const float name_w = std::max(u, right - m);
  float bottom = y + ctx.fonts.body_px;
  if (title.empty()) {
    // One line only: a long site name is cut rather than pushing content down.
    text_one_line(ctx, ctx.fonts.body, site_name(view), ImVec2(m, y), name_w, colour::kTextSecondary);
  } else {
    ImFont* font = ctx.fonts.button;
    const float ty = y - 0.1f * u;
    if (wrap_lines(font, title, name_w).size() <= 2) {
      bottom = std::max(bottom, ty + paragraph(ctx, font, title, ImVec2(m, ty), name_w));
    } else {
      text_one_line(ctx, font, title, ImVec2(m, ty), name_w);
      bottom = std::max(bottom, ty + font->FontSize);
    }
  }
  const float rule_y = bottom + 0.4f * u;
  dl->AddLine(ImVec2(m, rule_y), ImVec2(ctx.screen.x - m, rule_y), colour::kRule, std::max(1.0f, 0.06f * u));
  return rule_y;
}

float content_top(const DrawContext& ctx, float header_bottom) {
  return header_bottom + 0.5f * ctx.u();
}

// [SECTION] Buttons

bool label_fits(const DrawContext& ctx, std::string_view label, ImVec2 size, ImFont* font) {
  ImFont* const want = font != nullptr ? font : ctx.fonts.button;
  const LabelLayout l = layout_label(ctx, label, size, want);
  return l.whole && l.font == want;
}

bool touch_button(DrawContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, ButtonKind kind, ImFont* font) {
  const bool primary = kind == ButtonKind::Primary;
  const ImU32 fill = primary ? colour::kButton : colour::kSecondaryFill;
  const ImU32 pressed = primary ? colour::kButtonPressed : colour::kSecondaryPressed;
  const ImU32 text_col = primary ? colour::kButtonText : colour::kButton;
  // Hover looks like rest, as in big_button: the "mouse" stays where the finger left.
  ImGui::PushStyleColor(ImGuiCol_Button, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, pressed);
  ImGui::PushStyleColor(ImGuiCol_Border, colour::kButton);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, primary ? 0.0f : std::round(0.15f * ctx.u()));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.4f * ctx.u());
  pos = ImVec2(std::round(pos.x), std::round(pos.y));
  size = ImVec2(std::round(size.x), std::round(size.y));
  ImGui::SetCursorScreenPos(pos);
  const std::string id(label);
  ImGui::PushID(id.c_str());
  const bool fired = ImGui::Button("##touch", size);
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(4);

  const LabelLayout l = layout_label(ctx, label, size, font);
  const float step = l.font->FontSize * kButtonLineSpacing;
  const float block_h = lines_height(l.font, l.lines.size(), kButtonLineSpacing);
  float y = std::round(min.y + (max.y - min.y - block_h) / 2.0f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  for (const auto& line : l.lines) {
    const float w = text_width(l.font, line);
    dl->AddText(l.font, l.font->FontSize, ImVec2(std::round((min.x + max.x - w) / 2.0f), y), text_col, line.c_str());
    y += step;
  }
  dl->PopClipRect();

  record_text(ctx, label, min, max);
  if (!l.whole) {
    ctx.record.clipped.push_back(ClippedText{std::string(label),
                                             TextBox{min.x, min.y, text_width(l.font, label), l.font->FontSize},
                                             TextBox{min.x, min.y, max.x - min.x, max.y - min.y}});
  }
  ctx.record.buttons.push_back(DrawnButton{std::string(label), min.x, min.y, max.x - min.x, max.y - min.y});
  return fired && !drag_in_progress();
}

bool is_back_label(std::string_view label) {
  return label == tr(Text::BackButton, Language::French) || label == tr(Text::BackButton, Language::English);
}

ImVec2 back_button_size(const DrawContext& ctx) {
  // Wide enough for « Retour » and « Back » in the button font, the same in
  // both languages: the way back never moves.
  float w = 5.0f * ctx.u();
  for (const Language lang : {Language::French, Language::English}) {
    w = std::max(w, button_width(ctx, tr(Text::BackButton, lang), 0.0f, ctx.screen.x));
  }
  return ImVec2(std::round(w), std::round(ctx.button_height()));
}

ImVec2 back_button_pos(const DrawContext& ctx) {
  return ImVec2(std::round(ctx.margin()), std::round(ctx.screen.y - ctx.margin() - ctx.button_height()));
}

namespace {

struct BarLayout {
  std::vector<ImVec2> pos;
  std::vector<ImVec2> size;
  float top = 0.0f;
};

BarLayout bar_layout(const DrawContext& ctx, const std::vector<ButtonSpec>& buttons, bool centre_single) {
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const float h = ctx.button_height();
  const float gap = ctx.target_gap();
  const float bottom = ctx.screen.y - m;
  BarLayout out;
  const std::size_t n = buttons.size();
  if (n == 0) {
    out.top = bottom;
    return out;
  }
  // « Retour » first: always the same rectangle (back_button_pos/size).
  const bool back_first = is_back_label(buttons.front().label);
  std::vector<float> widths;
  float total = 0.0f;
  float widest = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    widths.push_back(i == 0 && back_first ? back_button_size(ctx).x
                                          : button_width(ctx, buttons[i].label, 6.0f * u, content_w));
    total += widths.back();
    if (i > 0 || !back_first) widest = std::max(widest, widths.back());
  }
  const float gaps = gap * static_cast<float>(n - 1);
  if (total + gaps <= content_w) {
    // Equal widths when they fit: the buttons read as a set of choices.
    const float fixed = back_first ? widths.front() : 0.0f;
    const float others = static_cast<float>(back_first ? n - 1 : n);
    if (fixed + widest * others + gaps <= content_w) {
      std::fill(widths.begin() + (back_first ? 1 : 0), widths.end(), widest);
    }
    const float y = bottom - h;
    if (n == 1) {
      const float x = centre_single ? (ctx.screen.x - widths[0]) / 2.0f : m;
      out.pos.emplace_back(x, y);
      out.size.emplace_back(widths[0], h);
    } else {
      float used = 0.0f;
      for (const float w : widths) used += w;
      const float spacing = (content_w - used) / static_cast<float>(n - 1);
      float x = m;
      for (std::size_t i = 0; i < n; ++i) {
        out.pos.emplace_back(x, y);
        out.size.emplace_back(widths[i], h);
        x += widths[i] + spacing;
      }
    }
    out.top = y;
    return out;
  }
  // Stacked, across the width, in the given order; « Retour » keeps its
  // place at the bottom left, the others above it.
  if (back_first) {
    float y = bottom - h;
    out.pos.resize(n);
    out.size.resize(n);
    out.pos[0] = back_button_pos(ctx);
    out.size[0] = back_button_size(ctx);
    for (std::size_t i = n - 1; i >= 1; --i) {
      y -= h + gap;
      out.pos[i] = ImVec2(m, y);
      out.size[i] = ImVec2(content_w, h);
    }
    out.top = y;
    return out;
  }
  float y = bottom - static_cast<float>(n) * h - gaps;
  out.top = y;
  for (std::size_t i = 0; i < n; ++i) {
    out.pos.emplace_back(m, y);
    out.size.emplace_back(content_w, h);
    y += h + gap;
  }
  return out;
}

}  // namespace

float bottom_bar_top(const DrawContext& ctx, const std::vector<ButtonSpec>& buttons) {
  return bar_layout(ctx, buttons, false).top;
}

UiAction draw_bottom_bar(DrawContext& ctx, const std::vector<ButtonSpec>& buttons, bool centre_single) {
  const BarLayout l = bar_layout(ctx, buttons, centre_single);
  UiAction action = UiAction::None;
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (touch_button(ctx, buttons[i].label, l.pos[i], l.size[i], buttons[i].kind)) action = buttons[i].action;
    ImGui::PopID();
  }
  return action;
}

int grid_columns(const DrawContext& ctx, const std::vector<ButtonSpec>& buttons, float width, int max_columns,
                 ImFont* font) {
  for (int c = std::max(1, max_columns); c > 1; --c) {
    const float cell = (width - ctx.target_gap() * static_cast<float>(c - 1)) / static_cast<float>(c);
    const bool all_fit = std::all_of(buttons.begin(), buttons.end(), [&](const ButtonSpec& b) {
      return b.label.empty() || label_fits(ctx, b.label, ImVec2(cell, ctx.button_height()), font);
    });
    if (all_fit) return c;
  }
  return 1;
}

float grid_height(const DrawContext& ctx, std::size_t count, int columns) {
  if (count == 0) return 0.0f;
  const auto rows =
      static_cast<float>((count + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns));
  return rows * ctx.button_height() + (rows - 1.0f) * ctx.target_gap();
}

UiAction draw_button_grid(DrawContext& ctx, const std::vector<ButtonSpec>& buttons, ImVec2 pos, float width,
                          int columns, ImFont* font) {
  columns = std::max(1, columns);
  const float gap = ctx.target_gap();
  const float cell = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float h = ctx.button_height();
  UiAction action = UiAction::None;
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    if (buttons[i].label.empty()) continue;
    const auto col = static_cast<float>(i % static_cast<std::size_t>(columns));
    const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
    ImGui::PushID(static_cast<int>(i));
    if (touch_button(ctx, buttons[i].label, ImVec2(pos.x + col * (cell + gap), pos.y + row * (h + gap)),
                     ImVec2(cell, h), buttons[i].kind, font)) {
      action = buttons[i].action;
    }
    ImGui::PopID();
  }
  return action;
}

void tile(DrawContext& ctx, std::string_view text, ImVec2 pos, ImVec2 size, bool hatched) {
  const float u = ctx.u();
  pos = ImVec2(std::round(pos.x), std::round(pos.y));
  const ImVec2 max(pos.x + std::round(size.x), pos.y + std::round(size.y));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  constexpr ImU32 kTileFill = colour::rgb(0xE4, 0xE4, 0xE0);   // kText on it: 13:1
  constexpr ImU32 kTileMarks = colour::rgb(0xB4, 0xB4, 0xAE);  // decorative
  const float rounding = 0.25f * u;
  dl->AddRectFilled(pos, max, kTileFill, rounding);
  dl->PushClipRect(pos, max, true);
  if (hatched) {
    const float h = max.y - pos.y;
    const float spacing = std::max(6.0f, std::round(0.45f * u));
    for (float x = pos.x; x < max.x + h; x += spacing) {
      dl->AddLine(ImVec2(x, pos.y - 1.0f), ImVec2(x - h - 2.0f, max.y + 1.0f), kTileMarks,
                  std::max(2.0f, std::round(0.1f * u)));
    }
  } else {
    const float spacing = std::max(6.0f, std::round(0.5f * u));
    for (float y = pos.y + spacing / 2.0f; y < max.y; y += spacing) {
      for (float x = pos.x + spacing / 2.0f; x < max.x; x += spacing) {
        dl->AddCircleFilled(ImVec2(x, y), std::max(1.5f, 0.07f * u), kTileMarks, 8);
      }
    }
  }
  const float pad = 0.4f * u;
  const float w = max.x - pos.x - 2.0f * pad;
  auto lines = smart_lines(ctx.fonts.body, text, w);
  if (lines.size() > 3) lines.resize(3);
  const float spacing = 1.15f;
  const float block_h = lines_height(ctx.fonts.body, lines.size(), spacing);
  float widest = 0.0f;
  for (const auto& line : lines) widest = std::max(widest, text_width(ctx.fonts.body, line));
  const ImVec2 centre((pos.x + max.x) / 2.0f, (pos.y + max.y) / 2.0f);
  const float plate = 0.2f * u;
  dl->AddRectFilled(ImVec2(std::round(centre.x - widest / 2.0f - plate), std::round(centre.y - block_h / 2.0f - plate)),
                    ImVec2(std::round(centre.x + widest / 2.0f + plate), std::round(centre.y + block_h / 2.0f + plate)),
                    kTileFill, 0.15f * u);
  float y = std::round(centre.y - block_h / 2.0f);
  for (const auto& line : lines) {
    const float lw = text_width(ctx.fonts.body, line);
    dl->AddText(ctx.fonts.body, ctx.fonts.body_px, ImVec2(std::round(centre.x - lw / 2.0f), y), colour::kText,
                line.c_str());
    y += ctx.fonts.body_px * spacing;
  }
  dl->PopClipRect();
  record_text(ctx, text, pos, max);
}

// [SECTION] Text and boxes

float text_centred_in(DrawContext& ctx, ImFont* font, std::string_view text, float x, float width, float y, ImU32 col) {
  const auto lines = wrap_lines(font, text, width);
  if (lines.empty()) return 0.0f;
  const float step = font->FontSize * ctx.line_spacing();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float min_x = FLT_MAX;
  float max_x = -FLT_MAX;
  float line_y = y;
  for (const auto line : lines) {
    const float w = text_width(font, line);
    const float lx = std::round(x + (width - w) / 2.0f);
    min_x = std::min(min_x, lx);
    max_x = std::max(max_x, lx + w);
    dl->AddText(font, font->FontSize, ImVec2(lx, line_y), col, line.data(), line.data() + line.size());
    line_y += step;
  }
  const float h = lines_height(font, lines.size(), ctx.line_spacing());
  record_text(ctx, text, ImVec2(min_x, y), ImVec2(max_x, y + h));
  return h;
}

void text_one_line(DrawContext& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width, ImU32 col) {
  const std::string shown = ellipsised(font, text, width);
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, col, shown.c_str());
  if (shown != text) {
    ctx.record.clipped.push_back(ClippedText{std::string(text),
                                             TextBox{pos.x, pos.y, text_width(font, text), font->FontSize},
                                             TextBox{pos.x, pos.y, text_width(font, shown), font->FontSize}});
  }
  record_text(ctx, text, pos, ImVec2(pos.x + text_width(font, shown), pos.y + font->FontSize));
}

float info_box_height(const DrawContext& ctx, std::string_view text, float width) {
  return message_box_height(ctx, text, width);
}

float info_box(DrawContext& ctx, std::string_view text, ImVec2 pos, float width) {
  return message_box(ctx, BoxKind::Info, text, pos, width);
}

// [SECTION] Column of blocks

Column& Column::add(Block block) {
  blocks_.push_back(std::move(block));
  return *this;
}

Column& Column::titled(const DrawContext& ctx, Icon icon, std::string title) {
  const float u = ctx.u();
  const bool wide = is_wide(ctx);
  // Beside the title on a wide screen, as tall as about one line of it.
  const float icon_d = icon == Icon::None ? 0.0f : (wide ? 2.0f : 3.0f) * u;
  indent_ = wide && icon != Icon::None ? icon_d + 0.6f * u : 0.0f;
  const float indent = indent_;
  const auto title_off = [icon_d, wide](const DrawContext& c) {
    return wide ? std::max(0.0f, (icon_d - c.fonts.title_px) / 2.0f) : 0.0f;
  };
  Block b;
  b.height = [=](const DrawContext& c, float width) {
    const float th = paragraph_height(c, c.fonts.title, title, width - indent);
    if (icon == Icon::None) return th;
    return wide ? std::max(icon_d, title_off(c) + th) : icon_d + 0.75f * c.u() + th;
  };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 centre(pos.x + icon_d / 2.0f, pos.y + icon_d / 2.0f);
    switch (icon) {
      case Icon::Check:
        draw_check_icon(dl, centre, icon_d / 2.0f);
        break;
      case Icon::Info:
        draw_info_icon(dl, centre, icon_d / 2.0f);
        break;
      case Icon::Warning:
        draw_warning_icon(dl, ImVec2(centre.x, centre.y + 0.05f * icon_d), icon_d / 2.0f / 1.1f);
        break;
      case Icon::None:
        break;
    }
    const float ty = icon == Icon::None ? pos.y : (wide ? pos.y + title_off(c) : pos.y + icon_d + 0.75f * c.u());
    paragraph(c, c.fonts.title, title, ImVec2(pos.x + indent, ty), width - indent);
    return UiAction::None;
  };
  return add(std::move(b));
}

Column& Column::text(const DrawContext& ctx, ImFont* font, std::string text, float gap_u, ImU32 col) {
  const float indent = indent_;
  Block b;
  b.gap_before = gap_u * ctx.u();
  b.height = [=](const DrawContext& c, float width) { return paragraph_height(c, font, text, width - indent); };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    paragraph(c, font, text, ImVec2(pos.x + indent, pos.y), width - indent, col);
    return UiAction::None;
  };
  return add(std::move(b));
}

Column& Column::warning(const DrawContext& ctx, std::string text, float gap_u) {
  Block b;
  b.gap_before = gap_u * ctx.u();
  b.height = [=](const DrawContext& c, float width) { return notice_height(c, text, width); };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    notice(c, text, pos, width);
    return UiAction::None;
  };
  return add(std::move(b));
}

Column& Column::info(const DrawContext& ctx, std::string text, float gap_u) {
  Block b;
  b.gap_before = gap_u * ctx.u();
  b.height = [=](const DrawContext& c, float width) { return info_box_height(c, text, width); };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    info_box(c, text, pos, width);
    return UiAction::None;
  };
  return add(std::move(b));
}

Column& Column::space(float height) {
  Block b;
  b.height = [=](const DrawContext&, float) { return height; };
  b.draw = [](DrawContext&, ImVec2, float) { return UiAction::None; };
  return add(std::move(b));
}

Column& Column::listed() {
  if (!blocks_.empty()) blocks_.back().list_item = true;
  return *this;
}

float Column::height(const DrawContext& ctx, float width) const {
  float h = 0.0f;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (i > 0) h += blocks_[i].gap_before;
    h += blocks_[i].height(ctx, width);
  }
  return h;
}

UiAction Column::draw(DrawContext& ctx, ImVec2 pos, float width) const {
  UiAction action = UiAction::None;
  float y = pos.y;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (i > 0) y += blocks_[i].gap_before;
    const UiAction a = blocks_[i].draw(ctx, ImVec2(pos.x, y), width);
    if (a.act != Act::None) action = a;
    const float h = blocks_[i].height(ctx, width);
    if (blocks_[i].list_item) ctx.record.list_items.push_back(TextBox{pos.x, y, width, h});
    y += h;
  }
  return action;
}

void begin_scroll_area(DrawContext& ctx, const char* id, ImVec2 pos, ImVec2 size, bool& visible) {
  visible = begin_drag_scroll(ctx, id, pos, size);
}

UiAction draw_middle(DrawContext& ctx, const char* id, const Column& column, ImVec2 pos, ImVec2 size, Fit fit) {
  const float h = column.height(ctx, size.x);
  if (h <= size.y + 0.5f) {
    const float y = fit == Fit::Centre ? pos.y + std::max(0.0f, (size.y - h) / 2.0f) : pos.y;
    return column.draw(ctx, ImVec2(pos.x, std::round(y)), size.x);
  }
  const float width = size.x - drag_scroll_gutter(ctx);
  const float content_h = column.height(ctx, width);
  UiAction action = UiAction::None;
  bool visible = false;
  begin_scroll_area(ctx, id, pos, size, visible);
  if (visible) action = column.draw(ctx, drag_scroll_origin(), width);
  end_drag_scroll(ctx, content_h);
  return drag_in_progress() ? UiAction::None : action;
}

// [SECTION] List rows

Block tall_button_list(std::vector<ButtonSpec> buttons) {
  Block b;
  b.list_item = true;
  b.gap_before = 0.0f;
  b.height = [buttons](const DrawContext& c, float width) {
    float h = 0.0f;
    for (std::size_t i = 0; i < buttons.size(); ++i) {
      h += (i > 0 ? c.target_gap() : 0.0f) + label_height(c, buttons[i].label, width);
    }
    return h;
  };
  b.draw = [buttons](DrawContext& c, ImVec2 pos, float width) {
    UiAction action = UiAction::None;
    float y = pos.y;
    for (std::size_t i = 0; i < buttons.size(); ++i) {
      const float h = label_height(c, buttons[i].label, width);
      ImGui::PushID(static_cast<int>(i));
      if (touch_button(c, buttons[i].label, ImVec2(pos.x, y), ImVec2(width, h), buttons[i].kind, c.fonts.body)) {
        action = buttons[i].action;
      }
      ImGui::PopID();
      y += h + c.target_gap();
    }
    return action;
  };
  return b;
}

Block list_row(const DrawContext& ctx, std::vector<Line> lines, std::vector<ButtonSpec> buttons, int row_id,
               bool rule_above) {
  const float u = ctx.u();
  const float rule_space = rule_above ? 1.0f * u : 0.0f;
  // The buttons' widths (equal, the widest label), and whether they sit
  // beside the text (wide rows) or under it.
  const auto buttons_w = [buttons](const DrawContext& c, float width) {
    float w = 0.0f;
    for (const auto& b : buttons) w = std::max(w, button_width(c, b.label, 6.0f * c.u(), width));
    return w;
  };
  const auto layout = [=](const DrawContext& c, float width) {
    struct L {
      float bw, buttons_total, text_w;
      bool beside;
    };
    const float bw = buttons_w(c, width);
    const float n = static_cast<float>(buttons.size());
    const float total = buttons.empty() ? 0.0f : n * bw + (n - 1.0f) * c.target_gap();
    const bool beside = buttons.empty() || width - total - c.u() >= 9.0f * c.u();
    return L{bw, total, beside ? width - (buttons.empty() ? 0.0f : total + c.u()) : width, beside};
  };
  const auto text_h = [=](const DrawContext& c, float text_w) {
    float h = 0.0f;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) h += 0.25f * c.u();
      h += paragraph_height(c, lines[i].font, lines[i].text, text_w);
    }
    return h;
  };
  Block b;
  b.list_item = true;
  b.gap_before = rule_above ? 1.0f * u : 0.0f;
  b.height = [=](const DrawContext& c, float width) {
    const auto l = layout(c, width);
    const float th = text_h(c, l.text_w);
    const float bh = buttons.empty() ? 0.0f : c.button_height();
    return rule_space + (l.beside ? std::max(th, bh) : th + (buttons.empty() ? 0.0f : 0.6f * c.u() + bh));
  };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    if (rule_above) {
      ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, pos.y), ImVec2(pos.x + width, pos.y), colour::kRule,
                                          std::max(1.0f, 0.06f * c.u()));
    }
    const auto l = layout(c, width);
    const float top = pos.y + rule_space;
    const float th = text_h(c, l.text_w);
    const float bh = buttons.empty() ? 0.0f : c.button_height();
    float y = l.beside ? top + std::max(0.0f, (bh - th) / 2.0f) : top;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) y += 0.25f * c.u();
      y += paragraph(c, lines[i].font, lines[i].text, ImVec2(pos.x, y), l.text_w, lines[i].col);
    }
    UiAction action = UiAction::None;
    const float by = l.beside ? top : top + th + 0.6f * c.u();
    // Under the text on a narrow row the buttons share the width.
    const float n = static_cast<float>(buttons.size());
    const float bw = l.beside ? l.bw : (width - (n - 1.0f) * c.target_gap()) / std::max(1.0f, n);
    float bx = l.beside ? pos.x + width - l.buttons_total : pos.x;
    ImGui::PushID(row_id);
    for (std::size_t i = 0; i < buttons.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (touch_button(c, buttons[i].label, ImVec2(bx, by), ImVec2(bw, bh), buttons[i].kind)) {
        action = buttons[i].action;
      }
      ImGui::PopID();
      bx += bw + c.target_gap();
    }
    ImGui::PopID();
    return action;
  };
  return b;
}

// A text box being typed into: white, a thick blue border, the text in
// `font` and a caret after it; `hint` in grey while it is empty. Not a
// button (the keyboard types into it). Records the text (or the hint).
void typing_box(DrawContext& ctx, std::string_view text, std::string_view hint, ImVec2 pos, ImVec2 size, ImFont* font) {
  const float u = ctx.u();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float border = std::max(2.0f, std::round(0.15f * u));
  dl->AddRectFilled(pos, max, colour::rgb(0xFF, 0xFF, 0xFF), 0.3f * u);
  dl->AddRect(ImVec2(pos.x + border / 2, pos.y + border / 2), ImVec2(max.x - border / 2, max.y - border / 2),
              colour::kButton, 0.3f * u, ImDrawFlags_None, border);
  const float pad = 0.5f * u;
  const float inner_w = size.x - 2.0f * pad - 0.5f * u;
  const bool empty = text.empty();
  ImFont* shown_font = empty ? ctx.fonts.body : font;
  const std::string_view shown = empty ? hint : text;
  // The end of a long text stays visible: what was typed last.
  std::string_view visible = shown.empty() ? std::string_view(" ") : shown;
  while (!empty && visible.size() > 1 && text_width(shown_font, visible) > inner_w) {
    visible.remove_prefix(1);
    while (!visible.empty() && (static_cast<unsigned char>(visible.front()) & 0xC0u) == 0x80u) {
      visible.remove_prefix(1);
    }
  }
  const float ty = std::round(pos.y + (size.y - shown_font->FontSize) / 2.0f);
  const float w = text_width(shown_font, visible);
  dl->PushClipRect(pos, max, true);
  dl->AddText(shown_font, shown_font->FontSize, ImVec2(pos.x + pad, ty), empty ? colour::kTextSecondary : colour::kText,
              visible.data(), visible.data() + visible.size());
  // The caret: where the next letter goes.
  const float cx = empty ? pos.x + pad - 0.15f * u : pos.x + pad + w + 0.15f * u;
  dl->AddRectFilled(ImVec2(std::round(cx), ty), ImVec2(std::round(cx + std::max(2.0f, 0.1f * u)), ty + font->FontSize),
                    colour::kButton);
  dl->PopClipRect();
  if (!shown.empty()) {
    record_text(ctx, shown, ImVec2(pos.x + pad, ty),
                ImVec2(std::min(max.x - pad, pos.x + pad + std::max(w, 1.0f)), ty + shown_font->FontSize));
  }
}

}  // namespace escale::kiosk::ui::kit
