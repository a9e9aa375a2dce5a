// Touch widgets for the kiosk: see touch_widgets.hpp. Index:
// [SECTION] Helpers: recording, fonts that fit, keys
// [SECTION] Drag-to-scroll area
// [SECTION] Availability cell
// [SECTION] PIN pad
// [SECTION] On-screen keyboard
// [SECTION] QR code
#include "ui/touch_widgets.hpp"

#include <imgui_internal.h>  // SetActiveID, KeepAliveID: the drag takes the touch from a pressed button
#include <qrencode.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <memory>
#include <utility>

namespace escale::kiosk::ui {

// [SECTION] Helpers: recording, fonts that fit, keys

namespace {

namespace tone {
constexpr ImU32 kWhite = colour::rgb(0xFF, 0xFF, 0xFF);
constexpr ImU32 kBlack = colour::rgb(0x00, 0x00, 0x00);
constexpr ImU32 kTakenFill = colour::rgb(0xD9, 0xD9, 0xD4);   // kText on it: 12.3:1
constexpr ImU32 kTakenHatch = colour::rgb(0xA8, 0xA8, 0xA3);  // kText on it: 7.3:1
constexpr ImU32 kClosedFill = colour::rgb(0xEE, 0xEE, 0xEA);
constexpr ImU32 kMineFill = colour::rgb(0xE1, 0xF0, 0xE5);  // kSuccess on it: 5.3:1
constexpr ImU32 kMutedFill = colour::rgb(0xE4, 0xE4, 0xE0);
constexpr ImU32 kMutedText = colour::rgb(0x45, 0x45, 0x45);  // 7.5:1 on kMutedFill
constexpr ImU32 kHintTrack = colour::rgb(0xDD, 0xDD, 0xD8);
}  // namespace tone

void record_text(DrawContext& ctx, std::string_view text, ImVec2 min, ImVec2 max) {
  if (text.empty()) return;
  ctx.record.texts.emplace_back(text);
  ctx.record.text_boxes.push_back(TextBox{min.x, min.y, max.x - min.x, max.y - min.y});
}

// A button is recorded as its label (boxed by the button) and its rectangle,
// as big_button does.
void record_button(DrawContext& ctx, std::string_view label, ImVec2 min, ImVec2 max) {
  record_text(ctx, label, min, max);
  ctx.record.buttons.push_back(DrawnButton{std::string(label), min.x, min.y, max.x - min.x, max.y - min.y});
}

ImVec2 text_size(ImFont* font, std::string_view text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
}

// The first font of `fonts` in which `text` fits in `width`; the last one otherwise.
template <std::size_t N>
ImFont* font_that_fits(const std::array<ImFont*, N>& fonts, std::string_view text, float width) {
  for (ImFont* f : fonts) {
    if (text_size(f, text).x <= width) return f;
  }
  return fonts.back();
}

ImVec2 snap(ImVec2 p) {
  return ImVec2(std::round(p.x), std::round(p.y));
}

void draw_text_centred(ImDrawList* dl, ImFont* font, std::string_view text, ImVec2 centre, ImU32 col) {
  const ImVec2 sz = text_size(font, text);
  dl->AddText(font, font->FontSize, snap(ImVec2(centre.x - sz.x / 2.0f, centre.y - sz.y / 2.0f)), col, text.data(),
              text.data() + text.size());
}

float border_px(const DrawContext& ctx) {
  return std::max(2.0f, std::round(0.1f * ctx.u()));
}

// A rectangle outline drawn inside [min, max] (AddRect centres its stroke on the edge).
void inner_border(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding, float thickness) {
  const float h = thickness / 2.0f;
  dl->AddRect(ImVec2(min.x + h, min.y + h), ImVec2(max.x - h, max.y - h), col, rounding, ImDrawFlags_None, thickness);
}

struct KeyLook {
  ImU32 fill;
  ImU32 fill_pressed;
  ImU32 border;  // same as fill: no border
  ImU32 text;
};
constexpr KeyLook kLetterKey{tone::kWhite, colour::kSecondaryPressed, colour::kButton, colour::kText};
constexpr KeyLook kFunctionKey{colour::kCardFill, colour::kSecondaryPressed, colour::kButton, colour::kText};
constexpr KeyLook kOnKey{colour::kButton, colour::kButtonPressed, colour::kButton, colour::kButtonText};
constexpr KeyLook kPrimaryKey{colour::kButton, colour::kButtonPressed, colour::kButton, colour::kButtonText};
constexpr KeyLook kMutedKey{tone::kMutedFill, tone::kMutedFill, tone::kMutedFill, tone::kMutedText};

enum class KeyIcon { None, Shift, Backspace };

// Icons drawn in a square of side `s` whose left edge is at `pos`, centred vertically.
void draw_key_icon(ImDrawList* dl, KeyIcon icon, ImVec2 pos, float s, ImU32 col) {
  const float line = std::max(2.0f, std::round(0.09f * s));
  if (icon == KeyIcon::Shift) {
    // An outlined arrow pointing up (⇧).
    const float cx = pos.x + s / 2.0f;
    const ImVec2 pts[7] = {ImVec2(cx, pos.y - 0.45f * s),
                           ImVec2(pos.x + s, pos.y + 0.05f * s),
                           ImVec2(cx + 0.22f * s, pos.y + 0.05f * s),
                           ImVec2(cx + 0.22f * s, pos.y + 0.45f * s),
                           ImVec2(cx - 0.22f * s, pos.y + 0.45f * s),
                           ImVec2(cx - 0.22f * s, pos.y + 0.05f * s),
                           ImVec2(pos.x, pos.y + 0.05f * s)};
    dl->AddPolyline(pts, 7, col, ImDrawFlags_Closed, line);
  } else if (icon == KeyIcon::Backspace) {
    // A tag pointing left with a cross inside (⌫).
    const float top = pos.y - 0.32f * s;
    const float bottom = pos.y + 0.32f * s;
    const float tip = pos.x;
    const float notch = pos.x + 0.35f * s;
    const float right = pos.x + s;
    const ImVec2 pts[5] = {ImVec2(tip, pos.y), ImVec2(notch, top), ImVec2(right, top), ImVec2(right, bottom),
                           ImVec2(notch, bottom)};
    dl->AddPolyline(pts, 5, col, ImDrawFlags_Closed, line);
    const ImVec2 c(pos.x + 0.66f * s, pos.y);
    const float r = 0.15f * s;
    dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, line);
    dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, line);
  }
}

// One key: a touch button with its own look. `id` must be unique in the
// current ID scope; `label` is drawn (in the first of `fonts` that fits)
// and recorded. Fires on release over it, never during a drag.
template <std::size_t N>
bool touch_key(DrawContext& ctx, const char* id, std::string_view label, ImVec2 pos, ImVec2 size, const KeyLook& look,
               const std::array<ImFont*, N>& fonts, KeyIcon icon = KeyIcon::None) {
  pos = snap(pos);
  size = ImVec2(std::max(1.0f, std::round(size.x)), std::max(1.0f, std::round(size.y)));
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton(id, size);
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const bool held = ImGui::IsItemActive() && ImGui::IsMouseHoveringRect(min, max);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = std::min(0.35f * ctx.u(), 0.25f * std::min(size.x, size.y));
  dl->AddRectFilled(min, max, held ? look.fill_pressed : look.fill, rounding);
  if (look.border != look.fill) inner_border(dl, min, max, look.border, rounding, border_px(ctx));

  const float pad = 0.3f * ctx.u();
  const float icon_side = std::min(1.1f * ctx.u(), 0.5f * size.y);
  const float icon_gap = 0.35f * ctx.u();
  const ImVec2 centre((min.x + max.x) / 2.0f, (min.y + max.y) / 2.0f);
  ImFont* font = font_that_fits(fonts, label, size.x - 2.0f * pad);
  const float label_w = text_size(font, label).x;
  const bool with_icon = icon != KeyIcon::None && label_w + icon_gap + icon_side <= size.x - 2.0f * pad;
  // A key too narrow for its word shows its sign alone (⇧, ⌫).
  const bool icon_only = icon != KeyIcon::None && !with_icon && label_w > size.x - 2.0f * pad;
  if (!icon_only && (label_w > size.x + 0.5f || font->FontSize > size.y + 0.5f)) {
    ctx.record.clipped.push_back(ClippedText{std::string(label), TextBox{min.x, min.y, label_w, font->FontSize},
                                             TextBox{min.x, min.y, max.x - min.x, max.y - min.y}});
  }
  if (icon_only) {
    const float side = std::min(icon_side, size.x - 2.0f * pad);
    draw_key_icon(dl, icon, ImVec2(centre.x - side / 2.0f, centre.y), side, look.text);
  } else if (with_icon) {
    const float left = centre.x - (icon_side + icon_gap + label_w) / 2.0f;
    draw_key_icon(dl, icon, ImVec2(left, centre.y), icon_side, look.text);
    draw_text_centred(dl, font, label, ImVec2(left + icon_side + icon_gap + label_w / 2.0f, centre.y), look.text);
  } else {
    ImGui::PushClipRect(min, max, true);
    draw_text_centred(dl, font, label, centre, look.text);
    ImGui::PopClipRect();
  }
  record_button(ctx, label, min, max);
  return clicked && !drag_in_progress();
}

// UTF-8: number of code points, and removing the last one.
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

void pop_code_point(std::string& s) {
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0u) == 0x80u) s.pop_back();
  if (!s.empty()) s.pop_back();
}

}  // namespace

// [SECTION] Drag-to-scroll area
//
// The area is a child window (it clips drawing and hovering) whose scroll
// offset the widget keeps itself, in the child's state storage. A touch that
// starts on the area is followed; once it has moved more than 0.5 u
// vertically (and there is something to scroll), the area takes ImGui's
// active ID: the button under the finger loses its press, so it cannot fire
// on release, and the content follows the finger.

namespace {

struct ScrollArea {
  ImVec2 min, max;  // visible rectangle
  float scroll = 0.0f;
  ImGuiStorage* storage = nullptr;
  ImGuiID key_scroll = 0, key_content = 0;
  std::size_t first_text = 0, first_button = 0;  // FrameRecord entries drawn inside
};

// Areas being drawn (nested areas are allowed).
std::vector<ScrollArea>& areas() {
  static std::vector<ScrollArea> stack;
  return stack;
}

// The frame in which a drag was last seen, kept in the root window's state
// storage: one per ImGui context (tests run several frontends).
ImGuiStorage* drag_storage() {
  if (ImGui::GetCurrentContext() == nullptr) return nullptr;
  ImGuiWindow* window = ImGui::GetCurrentContext()->CurrentWindow;
  return window != nullptr ? &window->RootWindow->StateStorage : nullptr;
}
const ImGuiID kDragFrameKey = ImHashStr("##escale_drag_frame");
void mark_drag() {
  if (ImGuiStorage* st = drag_storage()) st->SetInt(kDragFrameKey, ImGui::GetFrameCount());
}

float max_scroll(float content, float visible) {
  return std::max(0.0f, content - visible);
}

// Keeps the FrameRecord entries added since `first_*` that are visible,
// clipped to [min, max]: what a script can tap is what a finger can reach.
void clip_records(FrameRecord& record, const ScrollArea& area) {
  const auto clip = [&](float& x, float& y, float& w, float& h) {
    const float x0 = std::max(x, area.min.x);
    const float y0 = std::max(y, area.min.y);
    const float x1 = std::min(x + w, area.max.x);
    const float y1 = std::min(y + h, area.max.y);
    if (x1 - x0 < 1.0f || y1 - y0 < 1.0f) return false;
    x = x0;
    y = y0;
    w = x1 - x0;
    h = y1 - y0;
    return true;
  };
  std::size_t kept = area.first_text;
  for (std::size_t i = area.first_text; i < record.texts.size() && i < record.text_boxes.size(); ++i) {
    TextBox box = record.text_boxes[i];
    const TextBox drawn = box;
    const bool shown = clip(box.x, box.y, box.w, box.h);
    if (!shown || box.w + 0.5f < drawn.w || box.h + 0.5f < drawn.h) {
      record.clipped.push_back(ClippedText{record.texts[i], drawn, shown ? box : TextBox{}});
    }
    if (!shown) continue;
    if (kept != i) record.texts[kept] = std::move(record.texts[i]);  // a self-move would empty the string
    record.text_boxes[kept] = box;
    ++kept;
  }
  record.texts.resize(std::min(record.texts.size(), kept));
  record.text_boxes.resize(std::min(record.text_boxes.size(), kept));

  kept = area.first_button;
  for (std::size_t i = area.first_button; i < record.buttons.size(); ++i) {
    DrawnButton b = std::move(record.buttons[i]);
    if (!clip(b.x, b.y, b.w, b.h)) continue;
    record.buttons[kept++] = std::move(b);
  }
  record.buttons.resize(kept);
}

void draw_scroll_hint(const DrawContext& ctx, ImDrawList* dl, const ScrollArea& area, float content) {
  const float visible = area.max.y - area.min.y;
  const float limit = max_scroll(content, visible);
  if (limit <= 0.0f) return;
  const float gutter = drag_scroll_gutter(ctx);
  const float cx = std::round(area.max.x - gutter / 2.0f);
  const float half = 0.4f * gutter;  // triangle half-width
  const float tri_h = 0.7f * gutter;
  const float top = area.min.y + 0.2f * ctx.u();
  const float bottom = area.max.y - 0.2f * ctx.u();
  // ▲ when there is more above, ▼ when there is more below: a shape, not a colour.
  const ImU32 more = colour::kButton;
  if (area.scroll > 0.5f) {
    dl->AddTriangleFilled(ImVec2(cx, top), ImVec2(cx + half, top + tri_h), ImVec2(cx - half, top + tri_h), more);
  }
  if (area.scroll < limit - 0.5f) {
    dl->AddTriangleFilled(ImVec2(cx - half, bottom - tri_h), ImVec2(cx + half, bottom - tri_h), ImVec2(cx, bottom),
                          more);
  }
  // Between them, a thick bar shows which part of the list is on screen.
  const float track_top = top + tri_h + 0.25f * ctx.u();
  const float track_bottom = bottom - tri_h - 0.25f * ctx.u();
  if (track_bottom - track_top < ctx.u()) return;
  const float w = std::round(0.3f * gutter);
  dl->AddRectFilled(ImVec2(cx - w, track_top), ImVec2(cx + w, track_bottom), tone::kHintTrack, w);
  const float track = track_bottom - track_top;
  const float thumb = std::max(ctx.u(), track * visible / content);
  const float thumb_top = track_top + (track - thumb) * (area.scroll / limit);
  dl->AddRectFilled(ImVec2(cx - w, thumb_top), ImVec2(cx + w, thumb_top + thumb), colour::kTextSecondary, w);
}

}  // namespace

float drag_scroll_gutter(const DrawContext& ctx) {
  return std::round(1.2f * ctx.u());
}

bool drag_in_progress() {
  const ImGuiStorage* st = drag_storage();
  return st != nullptr && st->GetInt(kDragFrameKey, -1) == ImGui::GetFrameCount();
}

bool begin_drag_scroll(DrawContext& ctx, const char* id, ImVec2 pos, ImVec2 size) {
  pos = snap(pos);
  size = ImVec2(std::max(1.0f, std::round(size.x)), std::max(1.0f, std::round(size.y)));
  ImGui::SetCursorScreenPos(pos);
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav;
  const bool visible = ImGui::BeginChild(id, size, false, kFlags);
  ctx.record.scroll_areas.push_back(TextBox{pos.x, pos.y, size.x, size.y});

  ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImGuiStorage* st = ImGui::GetStateStorage();
  ScrollArea area;
  area.min = pos;
  area.max = ImVec2(pos.x + size.x, pos.y + size.y);
  area.storage = st;
  area.key_scroll = ImGui::GetID("##scroll");
  area.key_content = ImGui::GetID("##content");
  const ImGuiID drag_id = ImGui::GetID("##drag");
  const ImGuiID key_tracking = ImGui::GetID("##tracking");
  const ImGuiID key_dragging = ImGui::GetID("##dragging");
  const ImGuiID key_press_y = ImGui::GetID("##press_y");
  const ImGuiID key_press_scroll = ImGui::GetID("##press_scroll");

  float scroll = st->GetFloat(area.key_scroll, 0.0f);
  const float limit = max_scroll(st->GetFloat(area.key_content, 0.0f), size.y);
  bool tracking = st->GetBool(key_tracking, false);
  bool dragging = st->GetBool(key_dragging, false);
  const ImGuiIO& io = ImGui::GetIO();

  if (io.MouseClicked[0] && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      ImGui::IsMouseHoveringRect(area.min, area.max)) {
    tracking = true;
    dragging = false;
    st->SetFloat(key_press_y, io.MousePos.y);
    st->SetFloat(key_press_scroll, scroll);
  }
  if (tracking) {
    if (io.MouseDown[0]) {
      const float dy = io.MousePos.y - st->GetFloat(key_press_y, io.MousePos.y);
      if (!dragging && limit > 0.0f && std::fabs(dy) > 0.5f * ctx.u()) dragging = true;
      if (dragging) {
        // The content stays under the finger from where it went down.
        scroll = st->GetFloat(key_press_scroll, scroll) - dy;
        if (ImGui::GetActiveID() != drag_id) ImGui::SetActiveID(drag_id, window);
        mark_drag();
      }
    } else {
      if (dragging) mark_drag();  // the release ending a drag is not a tap either
      if (ImGui::GetActiveID() == drag_id) ImGui::ClearActiveID();
      tracking = false;
      dragging = false;
    }
  }
  if (ImGui::GetActiveID() == drag_id) ImGui::KeepAliveID(drag_id);

  area.scroll = std::round(std::clamp(scroll, 0.0f, limit));
  st->SetFloat(area.key_scroll, area.scroll);
  st->SetBool(key_tracking, tracking);
  st->SetBool(key_dragging, dragging);
  area.first_text = ctx.record.texts.size();
  area.first_button = ctx.record.buttons.size();
  areas().push_back(area);
  return visible;
}

ImVec2 drag_scroll_origin() {
  if (areas().empty()) return ImGui::GetCursorScreenPos();
  const ScrollArea& area = areas().back();
  return ImVec2(area.min.x, area.min.y - area.scroll);
}

void end_drag_scroll(DrawContext& ctx, float content_height) {
  if (areas().empty()) return;
  ScrollArea area = areas().back();
  areas().pop_back();
  const float visible = area.max.y - area.min.y;
  area.storage->SetFloat(area.key_content, content_height);
  // Content that shrank: the next frame starts within bounds.
  area.storage->SetFloat(area.key_scroll,
                         std::round(std::clamp(area.scroll, 0.0f, max_scroll(content_height, visible))));
  draw_scroll_hint(ctx, ImGui::GetWindowDrawList(), area, content_height);
  clip_records(ctx.record, area);
  ImGui::EndChild();
}

// [SECTION] Availability cell

namespace {

std::string_view cell_word(CellState state) {
  switch (state) {
    case CellState::Free:
      return "Libre";
    case CellState::Taken:
      return "Pris";
    case CellState::Mine:
      return "\xC3\x80 vous";  // À vous
    case CellState::Selected:
      return "Choisi";
    case CellState::Closed:
      return {};
  }
  return {};
}

// Diagonal lines (45°, top-right to bottom-left) across [min, max].
void hatch(ImDrawList* dl, ImVec2 min, ImVec2 max, float spacing, ImU32 col, float thickness) {
  dl->PushClipRect(min, max, true);
  const float h = max.y - min.y;
  for (float x = min.x; x < max.x + h; x += spacing) {
    dl->AddLine(ImVec2(x, min.y - 1.0f), ImVec2(x - h - 2.0f, max.y + 1.0f), col, thickness);
  }
  dl->PopClipRect();
}

void dots(ImDrawList* dl, ImVec2 min, ImVec2 max, float spacing, ImU32 col, float radius) {
  dl->PushClipRect(min, max, true);
  int row = 0;
  for (float y = min.y + spacing / 2.0f; y < max.y; y += spacing, ++row) {
    const float offset = (row % 2 == 0) ? spacing / 2.0f : spacing;
    for (float x = min.x + offset; x < max.x; x += spacing) dl->AddCircleFilled(ImVec2(x, y), radius, col, 8);
  }
  dl->PopClipRect();
}

}  // namespace

bool availability_cell(DrawContext& ctx, const char* id, CellState state, ImVec2 pos, ImVec2 size,
                       std::string_view label) {
  pos = snap(pos);
  size = ImVec2(std::max(1.0f, std::round(size.x)), std::max(1.0f, std::round(size.y)));
  const std::string_view word = label.empty() ? cell_word(state) : label;
  const bool tappable = state == CellState::Free || state == CellState::Selected;
  const ImVec2 min = pos;
  const ImVec2 max(pos.x + size.x, pos.y + size.y);

  bool clicked = false;
  bool held = false;
  if (tappable) {
    ImGui::SetCursorScreenPos(pos);
    clicked = ImGui::InvisibleButton(id, size);
    held = ImGui::IsItemActive() && ImGui::IsMouseHoveringRect(min, max);
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = std::min(0.25f * ctx.u(), 0.2f * std::min(size.x, size.y));
  const float line = border_px(ctx);
  ImU32 text_col = colour::kText;
  bool check = false;
  switch (state) {
    case CellState::Free:
      dl->AddRectFilled(min, max, held ? colour::kSecondaryPressed : tone::kWhite, rounding);
      inner_border(dl, min, max, colour::kButton, rounding, line);
      text_col = colour::kButton;
      break;
    case CellState::Taken:
      dl->AddRectFilled(min, max, tone::kTakenFill, rounding);
      hatch(dl, min, max, std::max(6.0f, std::round(0.45f * ctx.u())), tone::kTakenHatch,
            std::max(2.0f, std::round(0.1f * ctx.u())));
      text_col = colour::kText;
      break;
    case CellState::Mine:
      dl->AddRectFilled(min, max, tone::kMineFill, rounding);
      inner_border(dl, min, max, colour::kSuccess, rounding, line);
      text_col = colour::kSuccess;
      break;
    case CellState::Closed:
      dl->AddRectFilled(min, max, tone::kClosedFill, rounding);
      dots(dl, min, max, std::max(6.0f, std::round(0.5f * ctx.u())), colour::kRule, std::max(1.5f, 0.07f * ctx.u()));
      break;
    case CellState::Selected:
      dl->AddRectFilled(min, max, held ? colour::kButtonPressed : colour::kButton, rounding);
      text_col = colour::kButtonText;
      check = true;
      break;
  }

  if (!word.empty()) {
    const float pad = 0.25f * ctx.u();
    ImFont* font = font_that_fits(std::array{ctx.fonts.button, ctx.fonts.body}, word, size.x - 2.0f * pad);
    const ImVec2 ts = text_size(font, word);
    const float check_side = check ? 0.8f * font->FontSize : 0.0f;
    const float check_gap = check ? 0.25f * ctx.u() : 0.0f;
    const bool check_fits = check && ts.x + check_gap + check_side <= size.x - 2.0f * pad;
    const float total = ts.x + (check_fits ? check_gap + check_side : 0.0f);
    const ImVec2 centre((min.x + max.x) / 2.0f, (min.y + max.y) / 2.0f);
    const float left = centre.x - total / 2.0f;
    ImGui::PushClipRect(min, max, true);
    if (state == CellState::Taken) {
      // A plain plate under the word: the hatching never crosses the letters.
      const float px = 0.2f * ctx.u();
      dl->AddRectFilled(snap(ImVec2(left - px, centre.y - ts.y / 2.0f - 0.1f * ctx.u())),
                        snap(ImVec2(left + total + px, centre.y + ts.y / 2.0f + 0.1f * ctx.u())), tone::kTakenFill,
                        0.15f * ctx.u());
    }
    if (check_fits) {
      const float s = check_side;
      const ImVec2 o(left, centre.y - s / 2.0f);
      const ImVec2 pts[3] = {ImVec2(o.x + 0.05f * s, o.y + 0.55f * s), ImVec2(o.x + 0.38f * s, o.y + 0.88f * s),
                             ImVec2(o.x + 0.95f * s, o.y + 0.15f * s)};
      dl->AddPolyline(pts, 3, text_col, ImDrawFlags_None, std::max(2.5f, 0.16f * s));
    }
    const float text_left = left + (check_fits ? check_side + check_gap : 0.0f);
    dl->AddText(font, font->FontSize, snap(ImVec2(text_left, centre.y - ts.y / 2.0f)), text_col, word.data(),
                word.data() + word.size());
    ImGui::PopClipRect();
  }

  if (tappable) {
    record_button(ctx, word, min, max);
  } else {
    record_text(ctx, word, min, max);
  }
  return tappable && clicked && !drag_in_progress();
}

// [SECTION] PIN pad

bool pin_pad(DrawContext& ctx, std::string& pin, ImVec2 pos, ImVec2 size, std::size_t max_digits, Language lang) {
  const float u = ctx.u();
  const bool french = lang == Language::French;
  const std::string_view clear_label = french ? "Effacer" : "Clear";
  const std::string_view ok_label = french ? "Valider" : "OK";
  const std::size_t min_digits = std::min<std::size_t>(4, max_digits);

  // Dots, then 4 rows of 3 keys: keys 4 u high when there is room, never
  // under 2.5 u; gaps between 0.5 u and 2 u.
  const float dots_h = 1.6f * u;
  const float dots_gap = 0.8f * u;
  const float avail = std::max(0.0f, size.y - dots_h - dots_gap);
  const float gap_y = std::clamp((avail - 16.0f * u) / 3.0f, 0.5f * u, 2.0f * u);
  const float key_h = std::clamp((avail - 3.0f * gap_y) / 4.0f, 2.5f * u, 4.5f * u);
  const float gap_x = std::max(gap_y, 0.75f * u);
  const float key_w = std::clamp((size.x - 2.0f * gap_x) / 3.0f, 2.5f * u, 7.0f * u);
  const float pad_w = 3.0f * key_w + 2.0f * gap_x;
  const float x0 = pos.x + (size.x - pad_w) / 2.0f;
  const float y0 = pos.y + dots_h + dots_gap;

  // Typed digits as filled discs, the remaining places as rings: how many
  // are typed and how many may be, without showing the code.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = 0.42f * u;
  const float step = 1.35f * u;
  const float slots = static_cast<float>(max_digits);
  const float dots_left = pos.x + size.x / 2.0f - (slots - 1.0f) * step / 2.0f;
  const float dots_y = pos.y + dots_h / 2.0f;
  for (std::size_t i = 0; i < max_digits; ++i) {
    const ImVec2 c(dots_left + static_cast<float>(i) * step, dots_y);
    if (i < pin.size()) {
      dl->AddCircleFilled(c, r, colour::kText, 32);
    } else {
      dl->AddCircle(c, r - 1.0f, colour::kTextSecondary, 32, std::max(2.0f, std::round(0.08f * u)));
    }
  }

  ImGui::PushID("pin_pad");
  const auto digit_fonts = std::array{ctx.fonts.title, ctx.fonts.button, ctx.fonts.body};
  const auto word_fonts = std::array{ctx.fonts.button, ctx.fonts.body};
  bool validated = false;
  static constexpr std::array<const char*, 9> kDigits{"1", "2", "3", "4", "5", "6", "7", "8", "9"};
  const auto key_pos = [&](int row, int col) {
    return ImVec2(x0 + static_cast<float>(col) * (key_w + gap_x), y0 + static_cast<float>(row) * (key_h + gap_y));
  };
  const ImVec2 key_size(key_w, key_h);
  for (int i = 0; i < 9; ++i) {
    const char* digit = kDigits[static_cast<std::size_t>(i)];
    if (touch_key(ctx, digit, digit, key_pos(i / 3, i % 3), key_size, kLetterKey, digit_fonts) &&
        pin.size() < max_digits) {
      pin += digit;
    }
  }
  if (touch_key(ctx, "clear", clear_label, key_pos(3, 0), key_size, kFunctionKey, word_fonts) && !pin.empty()) {
    pin.pop_back();
  }
  if (touch_key(ctx, "0", "0", key_pos(3, 1), key_size, kLetterKey, digit_fonts) && pin.size() < max_digits) {
    pin += '0';
  }
  const bool ready = pin.size() >= min_digits;
  if (touch_key(ctx, "ok", ok_label, key_pos(3, 2), key_size, ready ? kPrimaryKey : kMutedKey, word_fonts) && ready) {
    validated = true;
  }
  ImGui::PopID();
  return validated;
}

// [SECTION] On-screen keyboard

namespace {

struct Letter {
  const char* lower;
  const char* upper;
};
// UTF-8 pairs. The accents row is the one French needs for names and words.
constexpr std::array<Letter, 13> kAccents{{{"\xC3\xA9", "\xC3\x89"},    // é É
                                           {"\xC3\xA8", "\xC3\x88"},    // è È
                                           {"\xC3\xAA", "\xC3\x8A"},    // ê Ê
                                           {"\xC3\xA0", "\xC3\x80"},    // à À
                                           {"\xC3\xA2", "\xC3\x82"},    // â Â
                                           {"\xC3\xA7", "\xC3\x87"},    // ç Ç
                                           {"\xC3\xB9", "\xC3\x99"},    // ù Ù
                                           {"\xC3\xBB", "\xC3\x9B"},    // û Û
                                           {"\xC3\xB4", "\xC3\x94"},    // ô Ô
                                           {"\xC3\xAE", "\xC3\x8E"},    // î Î
                                           {"\xC3\xAF", "\xC3\x8F"},    // ï Ï
                                           {"\xC3\xAB", "\xC3\x8B"},    // ë Ë
                                           {"\xC5\x93", "\xC5\x92"}}};  // œ Œ
constexpr std::array<Letter, 10> kRow1{{{"a", "A"},
                                        {"z", "Z"},
                                        {"e", "E"},
                                        {"r", "R"},
                                        {"t", "T"},
                                        {"y", "Y"},
                                        {"u", "U"},
                                        {"i", "I"},
                                        {"o", "O"},
                                        {"p", "P"}}};
constexpr std::array<Letter, 10> kRow2{{{"q", "Q"},
                                        {"s", "S"},
                                        {"d", "D"},
                                        {"f", "F"},
                                        {"g", "G"},
                                        {"h", "H"},
                                        {"j", "J"},
                                        {"k", "K"},
                                        {"l", "L"},
                                        {"m", "M"}}};
constexpr std::array<Letter, 6> kRow3{{{"w", "W"}, {"x", "X"}, {"c", "C"}, {"v", "V"}, {"b", "B"}, {"n", "N"}}};
constexpr const char* kApostrophe = "\xE2\x80\x99";  // ’

constexpr float kKeyGapU = 0.25f;  // between keys, in u
constexpr float kRowGapU = 0.3f;
constexpr float kMinKeyHU = 1.85f;  // an animator's keys: 9 mm (widgets.hpp)

struct KeyboardWords {
  std::string_view shift, backspace, space, digits, letters;
};
KeyboardWords keyboard_words(Language lang) {
  if (lang == Language::French) return {"Maj", "Effacer", "Espace", "123", "ABC"};
  return {"Shift", "Delete", "Space", "123", "ABC"};
}

}  // namespace

namespace {

// Letter rows are 10 key widths wide.
float letter_unit(float width, float u) {
  return std::min(4.0f * u, (width - 9.0f * kKeyGapU * u) / 10.0f);
}
// The 13 accents share one row when their keys stay at least 1.8 u wide.
bool accents_on_two_rows(float width, float u) {
  const float row_w = 10.0f * letter_unit(width, u) + 9.0f * kKeyGapU * u;
  return (row_w - 12.0f * kKeyGapU * u) / 13.0f < 1.8f * u;
}

}  // namespace

float keyboard_min_height(const DrawContext& ctx) {
  const float rows = accents_on_two_rows(ctx.screen.x - 2.0f * ctx.margin(), ctx.u()) ? 6.0f : 5.0f;
  return (rows * kMinKeyHU + (rows - 1.0f) * kRowGapU) * ctx.u();
}

float visitor_key_u() {
  return 2.45f;
}
float animator_key_u() {
  return 1.85f;
}

bool on_screen_keyboard(DrawContext& ctx, std::string& text, ImVec2 pos, ImVec2 size, KeyboardMode mode,
                        std::size_t max_chars, Language lang) {
  KeyboardOptions o;
  o.mode = mode;
  o.max_chars = max_chars;
  o.lang = lang;
  return on_screen_keyboard(ctx, text, pos, size, o);
}

bool on_screen_keyboard(DrawContext& ctx, std::string& text, ImVec2 pos, ImVec2 size, const KeyboardOptions& o) {
  const float u = ctx.u();
  const KeyboardWords words = keyboard_words(o.lang);
  const KeyboardMode mode = o.mode;
  ImGui::PushID("keyboard");
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID key_shift = ImGui::GetID("##shift");
  const ImGuiID key_shift_off = ImGui::GetID("##shift_off");  // « Maj » tapped off on an empty text
  const ImGuiID key_other_mode = ImGui::GetID("##other_mode");
  const ImGuiID key_accents = ImGui::GetID("##accents");
  // Taps change the state for the next frame: every key of one frame shows
  // the same case. A name starts with a capital: with capital_first, shift
  // is on while nothing is typed (unless « Maj » was tapped to turn it off).
  bool shift_off = st->GetBool(key_shift_off, false) && text.empty();
  const bool shift_shown = st->GetBool(key_shift, false) || (o.capital_first && text.empty() && !shift_off);
  bool shift = shift_shown;
  bool other_mode = st->GetBool(key_other_mode, false);
  const bool accents_shown = st->GetBool(key_accents, false);
  bool accents = accents_shown;
  const KeyboardMode shown =
      other_mode ? (mode == KeyboardMode::Letters ? KeyboardMode::Digits : KeyboardMode::Letters) : mode;

  bool changed = false;
  const auto insert = [&](std::string_view s) {
    if (code_points(text) >= o.max_chars) return;
    text += s;
    changed = true;
  };
  const auto backspace = [&] {
    if (text.empty()) return;
    pop_code_point(text);
    changed = true;
  };
  const auto char_fonts = std::array{ctx.fonts.title, ctx.fonts.button, ctx.fonts.body};
  const auto word_fonts = std::array{ctx.fonts.button, ctx.fonts.body};
  const float gap = kKeyGapU * u;
  const float row_gap = kRowGapU * u;
  // The bottom row may be taller (as tall as the screen's buttons beside it)
  // and leave room at its ends for those buttons.
  const float bottom_h_wanted = o.bottom_row_h;
  const float reserve_l = o.reserve_left;
  const float reserve_r = o.reserve_right;
  const float side_gap = reserve_l > 0.0f || reserve_r > 0.0f ? o.reserve_gap : 0.0f;

  if (shown == KeyboardMode::Letters) {
    const float unit = letter_unit(size.x, u);
    const float row_w = 10.0f * unit + 9.0f * gap;
    const float left = pos.x + (size.x - row_w) / 2.0f;
    // With a row of accents when the keys stay at least min_key_u high that
    // way; else the accents are one key away (« é à ç »), over the letters.
    const bool two_accent_rows = accents_on_two_rows(size.x, u);
    const float min_h = o.min_key_u * u;
    // Height of a key with `letter_rows` rows above the bottom row (one gap each).
    const auto key_h_for = [&](int letter_rows) {
      const float n = static_cast<float>(letter_rows);
      if (bottom_h_wanted > 0.0f) return (size.y - bottom_h_wanted - n * row_gap) / n;
      return (size.y - n * row_gap) / (n + 1.0f);
    };
    const int accent_rows = two_accent_rows ? 2 : 1;
    const bool accent_row = o.accent_row && key_h_for(3 + accent_rows) >= min_h;
    const int letter_rows = 3 + (accent_row ? accent_rows : 0);
    // Keys no taller than 1.4 × their width (narrow portrait screens), nor 4 u.
    const float key_h = std::clamp(key_h_for(letter_rows), 1.5f * u, std::max(min_h, std::min(4.0f * u, 1.4f * unit)));
    const float bottom_h = bottom_h_wanted > 0.0f ? bottom_h_wanted : key_h;
    const float used_h = static_cast<float>(letter_rows) * (key_h + row_gap) + bottom_h;
    const float top = pos.y + std::max(0.0f, size.y - used_h);  // against the bottom of the area
    const float first = accent_row ? static_cast<float>(accent_rows) : 0.0f;
    const auto row_y = [&](int row) { return top + (first + static_cast<float>(row)) * (key_h + row_gap); };
    const float bottom_y = top + static_cast<float>(letter_rows) * (key_h + row_gap);
    const auto span = [&](float units) { return units * unit + (units - 1.0f) * gap; };
    // One size for every letter: the largest in which the widest fits the
    // narrowest key.
    const float narrowest = accent_row && !two_accent_rows ? (row_w - 12.0f * gap) / 13.0f : unit;
    ImFont* letter_font = ctx.fonts.body;
    for (ImFont* f : char_fonts) {
      float widest = 0.0f;
      for (const char* c : {"W", "M", "\xC5\x92", "m", "w", "\xC5\x93"}) widest = std::max(widest, text_size(f, c).x);
      if (widest <= narrowest - 0.5f * u) {
        letter_font = f;
        break;
      }
    }
    const auto letter_fonts = std::array{letter_font};
    int id = 0;
    const auto letter_key = [&](const Letter& l, ImVec2 p, float w) {
      const char* shown_letter = shift_shown ? l.upper : l.lower;
      ImGui::PushID(id++);
      if (touch_key(ctx, "k", shown_letter, p, ImVec2(w, key_h), kLetterKey, letter_fonts)) {
        insert(shown_letter);
        shift = false;  // one capital, as on a phone
        shift_off = true;
        accents = false;  // one accented letter, then the letters again
      }
      ImGui::PopID();
    };

    if (accent_row) {
      // The accents: 13 keys across the width of a row, or 7 + 6 keys as
      // wide as the letters, centred, above the letters.
      if (two_accent_rows) {
        for (std::size_t i = 0; i < kAccents.size(); ++i) {
          const std::size_t row = i < 7 ? 0 : 1;
          const std::size_t col = i < 7 ? i : i - 7;
          const float n = row == 0 ? 7.0f : 6.0f;
          const float x0 = left + (row_w - (n * unit + (n - 1.0f) * gap)) / 2.0f;
          letter_key(
              kAccents[i],
              ImVec2(x0 + static_cast<float>(col) * (unit + gap), top + static_cast<float>(row) * (key_h + row_gap)),
              unit);
        }
      } else {
        const float accent_w = (row_w - 12.0f * gap) / 13.0f;
        for (std::size_t i = 0; i < kAccents.size(); ++i) {
          letter_key(kAccents[i], ImVec2(left + static_cast<float>(i) * (accent_w + gap), top), accent_w);
        }
      }
    }
    if (accents_shown && !accent_row) {
      // The accents over the first two rows of letters: 10, then 3 centred.
      for (std::size_t i = 0; i < kAccents.size(); ++i) {
        const int row = i < 10 ? 0 : 1;
        const float n = row == 0 ? 10.0f : 3.0f;
        const std::size_t col = i < 10 ? i : i - 10;
        const float x0 = left + (row_w - (n * unit + (n - 1.0f) * gap)) / 2.0f;
        letter_key(kAccents[i], ImVec2(x0 + static_cast<float>(col) * (unit + gap), row_y(row)), unit);
      }
    } else {
      for (std::size_t i = 0; i < kRow1.size(); ++i) {
        letter_key(kRow1[i], ImVec2(left + static_cast<float>(i) * (unit + gap), row_y(0)), unit);
      }
      for (std::size_t i = 0; i < kRow2.size(); ++i) {
        letter_key(kRow2[i], ImVec2(left + static_cast<float>(i) * (unit + gap), row_y(1)), unit);
      }
    }
    // Row 3: shift, w x c v b n, then the hyphen, the apostrophe and
    // backspace (names: Jean-Pierre, N’Diaye); with a row of accents, as
    // before: shift (1.5), w x c v b n, backspace (2.5).
    float x = left;
    const float shift_units = accent_row ? 1.5f : 1.0f;
    const float back_units = accent_row ? 2.5f : 1.0f;
    if (touch_key(ctx, "shift", words.shift, ImVec2(x, row_y(2)), ImVec2(span(shift_units), key_h),
                  shift_shown ? kOnKey : kFunctionKey, word_fonts, KeyIcon::Shift)) {
      shift = !shift_shown;
      shift_off = !shift;
    }
    x += span(shift_units) + gap;
    for (const Letter& l : kRow3) {
      letter_key(l, ImVec2(x, row_y(2)), unit);
      x += unit + gap;
    }
    if (!accent_row) {
      if (touch_key(ctx, "hyphen", "-", ImVec2(x, row_y(2)), ImVec2(unit, key_h), kLetterKey, letter_fonts)) {
        insert("-");
      }
      x += unit + gap;
      if (touch_key(ctx, "apostrophe", kApostrophe, ImVec2(x, row_y(2)), ImVec2(unit, key_h), kLetterKey,
                    letter_fonts)) {
        insert(kApostrophe);
      }
      x += unit + gap;
    }
    if (touch_key(ctx, "backspace", words.backspace, ImVec2(x, row_y(2)), ImVec2(span(back_units), key_h), kFunctionKey,
                  word_fonts, KeyIcon::Backspace)) {
      backspace();
    }
    // The bottom row, between the reserved ends: 123, the accents key (when
    // the accents have no row), space, and with room: the hyphen and
    // apostrophe (when row 3 lacks them), @ and . (e-mail addresses).
    const float bx0 = std::max(left, pos.x + reserve_l + (reserve_l > 0.0f ? side_gap : 0.0f));
    const float bx1 = std::min(left + row_w, pos.x + size.x - reserve_r - (reserve_r > 0.0f ? side_gap : 0.0f));
    struct BottomKey {
      const char* id;
      std::string_view label;
      float units;
      int what;  // 0 mode, 1 accents, 2 space, 3 hyphen, 4 apostrophe, 5 at, 6 dot
    };
    std::vector<BottomKey> keys;
    if (o.digits_key) keys.push_back({"mode", words.digits, 1.5f, 0});
    if (!accent_row) keys.push_back({"accents", "\xC3\xA9 \xC3\xA0 \xC3\xA7", 2.0f, 1});  // é à ç
    keys.push_back({"space", words.space, 3.0f, 2});
    if (accent_row) {
      keys.push_back({"hyphen", "-", 1.0f, 3});
      keys.push_back({"apostrophe", kApostrophe, 1.0f, 4});
    }
    if (o.email_keys) {
      keys.push_back({"at", "@", 1.0f, 5});
      keys.push_back({"dot", ".", 1.0f, 6});
    }
    // Drop what does not fit (the e-mail keys first), then share the room.
    const auto units_of = [&] {
      float total = 0.0f;
      for (const auto& k : keys) total += k.units;
      return total;
    };
    const float room = bx1 - bx0;
    while (keys.size() > 1 &&
           room - static_cast<float>(keys.size() - 1) * gap < units_of() * std::min(unit, 1.9f * u)) {
      const auto drop = std::find_if(keys.rbegin(), keys.rend(), [](const BottomKey& k) { return k.what >= 5; });
      if (drop == keys.rend()) break;
      keys.erase(std::next(drop).base());
    }
    const float per_unit = (room - static_cast<float>(keys.size() - 1) * gap) / std::max(1.0f, units_of());
    x = bx0;
    for (const auto& k : keys) {
      const float w = k.units * per_unit;
      const ImVec2 p(x, bottom_y);
      const ImVec2 sz(w, bottom_h);
      switch (k.what) {
        case 0:
          if (touch_key(ctx, k.id, k.label, p, sz, kFunctionKey, word_fonts)) other_mode = !other_mode;
          break;
        case 1:
          if (touch_key(ctx, k.id, k.label, p, sz, accents_shown ? kOnKey : kFunctionKey, word_fonts)) {
            accents = !accents_shown;
          }
          break;
        case 2:
          if (touch_key(ctx, k.id, k.label, p, sz, kLetterKey, word_fonts)) insert(" ");
          break;
        case 3:
          if (touch_key(ctx, k.id, k.label, p, sz, kLetterKey, letter_fonts)) insert("-");
          break;
        case 4:
          if (touch_key(ctx, k.id, k.label, p, sz, kLetterKey, letter_fonts)) insert(kApostrophe);
          break;
        case 5:
          if (touch_key(ctx, k.id, k.label, p, sz, kLetterKey, letter_fonts)) insert("@");
          break;
        default:
          if (touch_key(ctx, k.id, k.label, p, sz, kLetterKey, letter_fonts)) insert(".");
          break;
      }
      x += w + gap;
    }
  } else {
    // Digits: a phone-like 3 × 4 pad, big keys; the bottom row may be taller
    // and leave room at its ends for the screen's buttons.
    const float dgap = 0.3f * u;
    const float bottom_h = bottom_h_wanted > 0.0f ? bottom_h_wanted : 0.0f;
    const float rows = bottom_h > 0.0f ? 3.0f : 4.0f;
    const float key_h = std::clamp((size.y - bottom_h - 3.0f * dgap) / rows, 1.5f * u, 4.0f * u);
    const float row4_h = bottom_h > 0.0f ? bottom_h : key_h;
    const float free_w = size.x - reserve_l - reserve_r - 2.0f * side_gap;
    const float key_w = std::clamp((std::min(size.x, free_w) - 2.0f * dgap) / 3.0f, 2.5f * u, 7.0f * u);
    const float pad_w = 3.0f * key_w + 2.0f * dgap;
    const float used_h = 3.0f * (key_h + dgap) + row4_h;
    const float top = pos.y + std::max(0.0f, size.y - used_h);
    const float free_left = pos.x + reserve_l + side_gap;
    const float left = free_left + (std::min(size.x, free_w) - pad_w) / 2.0f;
    const auto key_pos = [&](int row, int col) {
      return ImVec2(left + static_cast<float>(col) * (key_w + dgap), top + static_cast<float>(row) * (key_h + dgap));
    };
    static constexpr std::array<const char*, 10> kDigitLabels{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int d = 1; d <= 9; ++d) {
      const char* label = kDigitLabels[static_cast<std::size_t>(d)];
      if (touch_key(ctx, label, label, key_pos((d - 1) / 3, (d - 1) % 3), ImVec2(key_w, key_h), kLetterKey,
                    char_fonts)) {
        insert(label);
      }
    }
    const ImVec2 row4(key_w, row4_h);
    if (o.digits_key || mode == KeyboardMode::Letters) {
      if (touch_key(ctx, "mode", words.letters, key_pos(3, 0), row4, kFunctionKey, word_fonts))
        other_mode = !other_mode;
    }
    if (touch_key(ctx, "0", "0", key_pos(3, 1), row4, kLetterKey, char_fonts)) insert("0");
    if (touch_key(ctx, "backspace", words.backspace, key_pos(3, 2), row4, kFunctionKey, word_fonts,
                  KeyIcon::Backspace)) {
      backspace();
    }
  }

  st->SetBool(key_shift, shift);
  st->SetBool(key_shift_off, shift_off);
  st->SetBool(key_other_mode, other_mode);
  st->SetBool(key_accents, accents);
  ImGui::PopID();
  return changed;
}

// [SECTION] QR code

namespace {

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrPtr = std::unique_ptr<QRcode, QrFree>;

constexpr int kQuietZone = 4;  // modules of white around the symbol (ISO/IEC 18004)

// 8-bit mode, level M (15 % of the symbol can be damaged or dirty), the
// smallest version that holds the text.
QrPtr encode(std::string_view text) {
  if (text.empty() || text.size() > 2000) return nullptr;
  return QrPtr(QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                                 QR_ECLEVEL_M));
}

std::optional<QrLayout> layout_for(int width, ImVec2 pos, float side) {
  QrLayout l;
  l.modules = width + 2 * kQuietZone;
  l.module_px = static_cast<int>(std::floor(side / static_cast<float>(l.modules)));
  if (l.module_px < 1) return std::nullopt;
  const float drawn = static_cast<float>(l.module_px * l.modules);
  l.origin = snap(ImVec2(pos.x + (side - drawn) / 2.0f, pos.y + (side - drawn) / 2.0f));
  return l;
}

}  // namespace

std::optional<QrMatrix> qr_matrix(std::string_view text) {
  const QrPtr code = encode(text);
  if (!code) return std::nullopt;
  QrMatrix m;
  m.width = code->width;
  const auto n = static_cast<std::size_t>(code->width);
  m.dark.resize(n * n);
  for (std::size_t i = 0; i < n * n; ++i) m.dark[i] = (code->data[i] & 1u) != 0;
  return m;
}

std::optional<QrLayout> qr_layout(std::string_view text, ImVec2 pos, float side) {
  const QrPtr code = encode(text);
  if (!code) return std::nullopt;
  return layout_for(code->width, pos, side);
}

bool qr_code(DrawContext& ctx, std::string_view text, ImVec2 pos, float side) {
  const QrPtr code = encode(text);
  if (!code) return false;
  const std::optional<QrLayout> l = layout_for(code->width, pos, side);
  if (!l) return false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float m = static_cast<float>(l->module_px);
  const float full = m * static_cast<float>(l->modules);
  const ImVec2 o = l->origin;
  dl->AddRectFilled(o, ImVec2(o.x + full, o.y + full), tone::kWhite);  // the quiet zone and light modules
  // Dark modules, one rectangle per horizontal run: whole pixels, no
  // anti-aliasing (AddRectFilled without rounding draws none).
  const int w = code->width;
  const unsigned char* data = code->data;
  for (int y = 0; y < w; ++y) {
    int x = 0;
    while (x < w) {
      if ((data[y * w + x] & 1u) == 0) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < w && (data[y * w + x] & 1u) != 0) ++x;
      const float top = o.y + static_cast<float>(y + kQuietZone) * m;
      dl->AddRectFilled(ImVec2(o.x + static_cast<float>(start + kQuietZone) * m, top),
                        ImVec2(o.x + static_cast<float>(x + kQuietZone) * m, top + m), tone::kBlack);
    }
  }
  record_text(ctx, "qr:" + std::string(text), o, ImVec2(o.x + full, o.y + full));
  return true;
}

}  // namespace escale::kiosk::ui
