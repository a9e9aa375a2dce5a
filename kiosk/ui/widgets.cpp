// Widgets for the kiosk screens: see widgets.hpp. Index:
// [SECTION] Text
// [SECTION] Buttons
// [SECTION] Icons
// [SECTION] Notice box
#include "ui/widgets.hpp"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <utility>

namespace escale::kiosk::ui {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Length of the UTF-8 sequence starting at `s` (1 for a malformed byte), so a
// forced break never splits a character.
std::size_t utf8_length(const char* s, const char* end) {
  unsigned int c = 0;
  const int n = ImTextCharFromUtf8(&c, s, end);
  return n > 0 ? static_cast<std::size_t>(n) : 1;
}

void record_text(DrawContext& ctx, std::string_view text, ImVec2 min, ImVec2 max) {
  if (text.empty()) return;
  ctx.record.texts.emplace_back(text);
  ctx.record.text_boxes.push_back(TextBox{min.x, min.y, max.x - min.x, max.y - min.y});
}

// The box of wrapped lines drawn from `pos`, each line starting at x_of(line).
template <typename LineX>
std::pair<ImVec2, ImVec2> lines_box(ImFont* font, const std::vector<std::string_view>& lines, ImVec2 pos, float step,
                                    LineX x_of) {
  ImVec2 min(FLT_MAX, pos.y);
  ImVec2 max(-FLT_MAX, pos.y);
  for (const std::string_view line : lines) {
    const float x = x_of(line);
    min.x = std::min(min.x, x);
    max.x = std::max(max.x, x + text_width(font, line));
  }
  if (lines.empty()) return {pos, pos};
  max.y = pos.y + static_cast<float>(lines.size() - 1) * step + font->FontSize;
  return {min, max};
}

}  // namespace

// [SECTION] Text

std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float width) {
  std::vector<std::string_view> lines;
  const char* s = text.data();
  const char* const end = text.data() + text.size();
  while (s < end) {
    const char* newline = static_cast<const char*>(std::memchr(s, '\n', end - s));
    const char* const segment_end = newline != nullptr ? newline : end;
    while (s < segment_end) {
      const char* e = font->CalcWordWrapPositionA(1.0f, s, segment_end, width);
      if (e <= s) e = s + utf8_length(s, segment_end);  // narrower than one glyph: progress anyway
      const char* line_end = e;
      while (line_end > s && is_blank(line_end[-1])) --line_end;
      lines.emplace_back(s, static_cast<std::size_t>(line_end - s));
      s = e;
      while (s < segment_end && is_blank(*s)) ++s;
    }
    if (newline == nullptr) break;
    s = newline + 1;
    if (s == end) lines.emplace_back();  // a trailing newline still makes a line
  }
  return lines;
}

float text_width(ImFont* font, std::string_view text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

float paragraph_height(const DrawContext& ctx, ImFont* font, std::string_view text, float width) {
  const auto lines = wrap_lines(font, text, width);
  if (lines.empty()) return 0.0f;
  const float n = static_cast<float>(lines.size());
  return (n - 1.0f) * font->FontSize * ctx.line_spacing() + font->FontSize;
}

float paragraph(DrawContext& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width, ImU32 col) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float step = font->FontSize * ctx.line_spacing();
  float y = pos.y;
  const auto lines = wrap_lines(font, text, width);
  const auto [min, max] = lines_box(font, lines, pos, step, [&](std::string_view) { return pos.x; });
  record_text(ctx, text, min, max);
  for (const std::string_view line : lines) {
    dl->AddText(font, font->FontSize, ImVec2(pos.x, y), col, line.data(), line.data() + line.size());
    y += step;
  }
  return lines.empty() ? 0.0f : y - step + font->FontSize - pos.y;
}

float paragraph_centred(DrawContext& ctx, ImFont* font, std::string_view text, float y, float width, ImU32 col) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float step = font->FontSize * ctx.line_spacing();
  const float left = (ctx.screen.x - width) / 2.0f;
  float line_y = y;
  const auto lines = wrap_lines(font, text, width);
  const auto x_of = [&](std::string_view line) { return left + (width - text_width(font, line)) / 2.0f; };
  const auto [min, max] = lines_box(font, lines, ImVec2(left, y), step, x_of);
  record_text(ctx, text, min, max);
  for (const std::string_view line : lines) {
    const float x = x_of(line);
    dl->AddText(font, font->FontSize, ImVec2(x, line_y), col, line.data(), line.data() + line.size());
    line_y += step;
  }
  return lines.empty() ? 0.0f : line_y - step + font->FontSize - y;
}

void text_right_aligned(DrawContext& ctx, ImFont* font, std::string_view text, float right, float y, ImU32 col) {
  const float w = text_width(font, text);
  record_text(ctx, text, ImVec2(right - w, y), ImVec2(right, y + font->FontSize));
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(right - w, y), col, text.data(),
                                      text.data() + text.size());
}

// [SECTION] Buttons

float button_width(const DrawContext& ctx, std::string_view label, float min_width, float max_width) {
  const float natural = text_width(ctx.fonts.button, label) + 3.0f * ctx.u();
  return std::min(std::max(natural, min_width), max_width);
}

bool big_button(DrawContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, ButtonKind kind) {
  const bool primary = kind == ButtonKind::Primary;
  const ImU32 fill = primary ? colour::kButton : colour::kSecondaryFill;
  const ImU32 pressed = primary ? colour::kButtonPressed : colour::kSecondaryPressed;
  // Hover looks like rest: on a touch screen the "mouse" stays where the
  // finger left, and a button that looks different after a tap is confusing.
  ImGui::PushStyleColor(ImGuiCol_Button, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, pressed);
  ImGui::PushStyleColor(ImGuiCol_Text, primary ? colour::kButtonText : colour::kButton);
  ImGui::PushStyleColor(ImGuiCol_Border, colour::kButton);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, primary ? 0.0f : std::round(0.15f * ctx.u()));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.4f * ctx.u());
  ImGui::PushFont(ctx.fonts.button);

  const std::string text(label);
  ImGui::SetCursorScreenPos(pos);
  const bool fired = ImGui::Button(text.c_str(), size);
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();

  ImGui::PopFont();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(5);

  record_text(ctx, label, min, max);
  ctx.record.buttons.push_back(DrawnButton{text, min.x, min.y, max.x - min.x, max.y - min.y});
  return fired;
}

// [SECTION] Icons

namespace {

ImVec2 rotate(ImVec2 p, ImVec2 centre, float radians) {
  const float c = std::cos(radians);
  const float s = std::sin(radians);
  const float x = p.x - centre.x;
  const float y = p.y - centre.y;
  return ImVec2(centre.x + x * c - y * s, centre.y + x * s + y * c);
}

}  // namespace

float badge_icon_width(float height) {
  return 1.3f * height;
}

void draw_badge_icon(ImDrawList* dl, ImVec2 pos, float height) {
  // A card tilted above a reader, with an arrow from one to the other: « put
  // the card on the reader », whatever side of the screen the reader is on.
  const float h = height;
  const float w = badge_icon_width(h);
  const float line = std::max(2.0f, std::round(0.04f * h));

  // Reader: a dark block with a lit contactless mark.
  const ImVec2 reader_min(pos.x + 0.08f * w, pos.y + 0.74f * h);
  const ImVec2 reader_max(pos.x + 0.92f * w, pos.y + h);
  dl->AddRectFilled(reader_min, reader_max, colour::kTextSecondary, 0.08f * h);
  const ImVec2 mark(pos.x + 0.5f * w, pos.y + 0.87f * h);
  for (int i = 1; i <= 2; ++i) {
    const float r = 0.05f * h * static_cast<float>(i);
    dl->PathArcTo(mark, r, -2.6f, -0.55f, 12);
    dl->PathStroke(colour::kBackground, 0, std::max(1.5f, 0.6f * line));
  }

  // Card: rounded rectangle tilted a little, as a hand holds it.
  const ImVec2 card_centre(pos.x + 0.5f * w, pos.y + 0.28f * h);
  const float cw = 0.62f * w;
  const float ch = 0.40f * h;
  const float tilt = -0.18f;
  const ImVec2 corners[4] = {rotate(ImVec2(card_centre.x - cw / 2, card_centre.y - ch / 2), card_centre, tilt),
                             rotate(ImVec2(card_centre.x + cw / 2, card_centre.y - ch / 2), card_centre, tilt),
                             rotate(ImVec2(card_centre.x + cw / 2, card_centre.y + ch / 2), card_centre, tilt),
                             rotate(ImVec2(card_centre.x - cw / 2, card_centre.y + ch / 2), card_centre, tilt)};
  dl->AddQuadFilled(corners[0], corners[1], corners[2], corners[3], colour::kCardFill);
  dl->AddQuad(corners[0], corners[1], corners[2], corners[3], colour::kButton, line);
  // Chip and two lines of "text" on the card.
  const auto on_card = [&](float fx, float fy) {
    return rotate(ImVec2(card_centre.x + fx * cw, card_centre.y + fy * ch), card_centre, tilt);
  };
  dl->AddQuadFilled(on_card(-0.40f, -0.25f), on_card(-0.18f, -0.25f), on_card(-0.18f, 0.05f), on_card(-0.40f, 0.05f),
                    colour::kButton);
  dl->AddLine(on_card(-0.40f, 0.25f), on_card(0.35f, 0.25f), colour::kButton, line);
  dl->AddLine(on_card(0.0f, -0.15f), on_card(0.35f, -0.15f), colour::kButton, line);

  // Arrow from the card down to the reader.
  const float ax = pos.x + 0.5f * w;
  const float top = pos.y + 0.53f * h;
  const float tip = pos.y + 0.72f * h;
  const float head = 0.09f * h;
  dl->AddLine(ImVec2(ax, top), ImVec2(ax, tip - head), colour::kButton, 1.6f * line);
  dl->AddTriangleFilled(ImVec2(ax - 1.2f * head, tip - head), ImVec2(ax + 1.2f * head, tip - head), ImVec2(ax, tip),
                        colour::kButton);
}

void draw_check_icon(ImDrawList* dl, ImVec2 centre, float radius) {
  dl->AddCircleFilled(centre, radius, colour::kSuccess, 48);
  const ImVec2 points[3] = {ImVec2(centre.x - 0.48f * radius, centre.y + 0.02f * radius),
                            ImVec2(centre.x - 0.12f * radius, centre.y + 0.38f * radius),
                            ImVec2(centre.x + 0.52f * radius, centre.y - 0.34f * radius)};
  dl->AddPolyline(points, 3, colour::kButtonText, ImDrawFlags_None, 0.2f * radius);
}

void draw_info_icon(ImDrawList* dl, ImVec2 centre, float radius) {
  dl->AddCircleFilled(centre, radius, colour::kInfo, 48);
  const float stem = 0.11f * radius;
  dl->AddCircleFilled(ImVec2(centre.x, centre.y - 0.45f * radius), 0.14f * radius, colour::kButtonText, 16);
  dl->AddRectFilled(ImVec2(centre.x - stem, centre.y - 0.18f * radius),
                    ImVec2(centre.x + stem, centre.y + 0.55f * radius), colour::kButtonText);
}

void draw_warning_icon(ImDrawList* dl, ImVec2 centre, float radius) {
  const ImVec2 a(centre.x, centre.y - radius);
  const ImVec2 b(centre.x + 1.1f * radius, centre.y + 0.85f * radius);
  const ImVec2 c(centre.x - 1.1f * radius, centre.y + 0.85f * radius);
  dl->AddTriangleFilled(a, b, c, colour::kNoticeBorder);
  const float stem = 0.1f * radius;
  dl->AddRectFilled(ImVec2(centre.x - stem, centre.y - 0.45f * radius),
                    ImVec2(centre.x + stem, centre.y + 0.3f * radius), colour::kButtonText);
  dl->AddCircleFilled(ImVec2(centre.x, centre.y + 0.55f * radius), 0.12f * radius, colour::kButtonText, 12);
}

// [SECTION] Notice box

namespace {
struct BoxGeometry {
  float pad, border, icon_radius, text_x_offset, text_width;
};
BoxGeometry box_geometry(const DrawContext& ctx, float width) {
  BoxGeometry g{};
  g.pad = 0.5f * ctx.u();
  g.border = std::max(2.0f, std::round(0.12f * ctx.u()));
  g.icon_radius = 0.55f * ctx.u();
  g.text_x_offset = g.pad + 2.0f * g.icon_radius + 0.6f * ctx.u();
  g.text_width = std::max(ctx.u(), width - g.text_x_offset - g.pad);
  return g;
}
}  // namespace

float message_box_height(const DrawContext& ctx, std::string_view text, float width) {
  const BoxGeometry g = box_geometry(ctx, width);
  const float text_h = paragraph_height(ctx, ctx.fonts.body, text, g.text_width);
  return std::max(text_h, 2.0f * g.icon_radius) + 2.0f * g.pad;
}

float message_box(DrawContext& ctx, BoxKind kind, std::string_view text, ImVec2 pos, float width) {
  const BoxGeometry g = box_geometry(ctx, width);
  const float h = message_box_height(ctx, text, width);
  const bool warning = kind == BoxKind::Warning;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + width, pos.y + h);
  dl->AddRectFilled(pos, max, warning ? colour::kNoticeFill : colour::kCardFill, 0.3f * ctx.u());
  dl->AddRect(ImVec2(pos.x + g.border / 2, pos.y + g.border / 2), ImVec2(max.x - g.border / 2, max.y - g.border / 2),
              warning ? colour::kNoticeBorder : colour::kInfo, 0.3f * ctx.u(), ImDrawFlags_None, g.border);
  const ImVec2 icon_centre(pos.x + g.pad + g.icon_radius, pos.y + h / 2);
  if (warning) {
    draw_warning_icon(dl, icon_centre, g.icon_radius);
  } else {
    draw_info_icon(dl, icon_centre, g.icon_radius);
  }
  const float text_h = paragraph_height(ctx, ctx.fonts.body, text, g.text_width);
  paragraph(ctx, ctx.fonts.body, text, ImVec2(pos.x + g.text_x_offset, pos.y + (h - text_h) / 2), g.text_width);
  return h;
}

float notice_height(const DrawContext& ctx, std::string_view text, float width) {
  return message_box_height(ctx, text, width);
}

float notice(DrawContext& ctx, std::string_view text, ImVec2 pos, float width) {
  return message_box(ctx, BoxKind::Warning, text, pos, width);
}

}  // namespace escale::kiosk::ui
