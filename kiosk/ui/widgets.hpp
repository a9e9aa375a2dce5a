// The kiosk's building blocks on top of Dear ImGui: a palette and sizes
// derived from the font, wrapped paragraphs with generous line spacing, big
// touch buttons, drawn icons and a bordered notice box. Every text and button drawn through here is written into the
// frame's FrameRecord, so scripts and tests can read the screen.
//
// Sizes are multiples of the body font size `u` (28 px on 800×480), never
// fixed pixels. The rule, derived from the official 7" panel (800×480,
// 5.2 px/mm across, 5.6 px/mm down, u = 28 px = 5.4 mm across, 5.0 mm down):
//   - a touch target is at least 3.1 u each way (87 px: 15.5 mm down,
//     16.7 mm across; kiosk-ux.md asks for 15 mm);
//   - targets are at least 1.65 u apart (46 px: 8.2 mm down, 8.9 mm across;
//     kiosk-ux.md asks for 8 mm);
//   - keyboard keys are the one exception (keys touch each other): a
//     visitor's keys at least 2.45 u each way (69 px: 13.2 mm across,
//     12.3 mm down; 12 mm asked), an animator's at least 1.85 u (52 px:
//     10 mm across, 9.3 mm down; 9 mm asked).
// tests/kiosk/screen_checks.hpp (check_layout) checks the same numbers;
// docs/ARCHITECTURE.md (« Kiosk screen sizes ») explains them.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "ui/fonts.hpp"
#include "ui/frontend.hpp"

namespace escale::kiosk::ui {

// [SECTION] Palette: a light, high-contrast theme (ratios against kBackground).
namespace colour {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) {
  return IM_COL32(r, g, b, 255);
}
inline constexpr ImU32 kBackground = rgb(0xFA, 0xFA, 0xF7);     // off-white
inline constexpr ImU32 kText = rgb(0x1A, 0x1A, 0x1A);           // 16.6:1
inline constexpr ImU32 kTextSecondary = rgb(0x45, 0x45, 0x45);  // 9.2:1
inline constexpr ImU32 kButton = rgb(0x1F, 0x4E, 0x8C);         // white text on it: 8.3:1
inline constexpr ImU32 kButtonPressed = rgb(0x13, 0x33, 0x5E);  // visible press feedback
inline constexpr ImU32 kButtonText = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kSecondaryFill = rgb(0xFF, 0xFF, 0xFF);  // outlined button
inline constexpr ImU32 kSecondaryPressed = rgb(0xD6, 0xE2, 0xF2);
inline constexpr ImU32 kSuccess = rgb(0x1B, 0x6E, 0x3A);  // check-mark disc, 6.0:1
inline constexpr ImU32 kInfo = rgb(0x1F, 0x4E, 0x8C);
inline constexpr ImU32 kNoticeBorder = rgb(0x8A, 0x4B, 0x00);  // 6.5:1, amber-brown
inline constexpr ImU32 kNoticeFill = rgb(0xFF, 0xF3, 0xD6);
inline constexpr ImU32 kRule = rgb(0xC8, 0xC8, 0xC4);  // separators (decorative)
inline constexpr ImU32 kCardFill = rgb(0xE3, 0xEC, 0xF7);
}  // namespace colour

// [SECTION] Drawing context: what every widget needs for one frame.
struct DrawContext {
  const Fonts& fonts;
  FrameRecord& record;
  ImVec2 screen;  // display size in pixels

  float u() const { return fonts.body_px; }
  float margin() const { return 0.6f * u(); }         // screen edge to content
  float button_height() const { return 3.1f * u(); }  // 87 px at 800×480 (15.5 mm down)
  float target_gap() const { return 1.65f * u(); }    // between two touch targets (46 px: 8.2 mm down)
  float line_spacing() const { return 1.3f; }         // × font size, for readability
};

// [SECTION] Text
// Lines of `text` wrapped at `width` (word boundaries; U+202F never breaks).
std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float width);
// Width of the widest line of `text` unwrapped.
float text_width(ImFont* font, std::string_view text);
// Height a paragraph takes once wrapped at `width`.
float paragraph_height(const DrawContext& ctx, ImFont* font, std::string_view text, float width);
// Draws a wrapped, left-aligned paragraph at `pos`, records it, returns its height.
float paragraph(DrawContext& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                ImU32 col = colour::kText);
// Same, each line centred in a column of `width` centred on the screen.
float paragraph_centred(DrawContext& ctx, ImFont* font, std::string_view text, float y, float width,
                        ImU32 col = colour::kText);
// Single line, right-aligned so that it ends at `right` (clock, header items).
void text_right_aligned(DrawContext& ctx, ImFont* font, std::string_view text, float right, float y,
                        ImU32 col = colour::kText);

// [SECTION] Buttons
enum class ButtonKind {
  Primary,    // filled dark blue, white label: the one obvious next step
  Secondary,  // white with a thick dark-blue outline: the language toggle
};
// Width a button needs for its label (label + 1.5 u padding on each side,
// at least `min_width`), clamped to `max_width`.
float button_width(const DrawContext& ctx, std::string_view label, float min_width, float max_width);
// A big touch button at an absolute position. Fires on release over it, as
// ImGui::Button does. Recorded with its rectangle.
bool big_button(DrawContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size,
                ButtonKind kind = ButtonKind::Primary);

// [SECTION] Icons, drawn with ImDrawList so they need no image files.
// A shape always carries the meaning; colour only adds to it.
void draw_badge_icon(ImDrawList* dl, ImVec2 pos, float height);  // card + reader + waves
float badge_icon_width(float height);
void draw_check_icon(ImDrawList* dl, ImVec2 centre, float radius);    // disc with ✓
void draw_info_icon(ImDrawList* dl, ImVec2 centre, float radius);     // disc with « i »
void draw_warning_icon(ImDrawList* dl, ImVec2 centre, float radius);  // triangle with « ! »

// [SECTION] Notice box: a bordered box with a warning sign and a sentence, for
// things the visitor should know (reader down, a storage problem). The border
// and the sign carry the meaning, not the colour.
float notice_height(const DrawContext& ctx, std::string_view text, float width);
float notice(DrawContext& ctx, std::string_view text, ImVec2 pos, float width);
// The same box for a warning (amber border, « ! ») or a piece of information
// (blue border, « i »); notice() is the warning one.
enum class BoxKind { Warning, Info };
float message_box_height(const DrawContext& ctx, std::string_view text, float width);
float message_box(DrawContext& ctx, BoxKind kind, std::string_view text, ImVec2 pos, float width);
}  // namespace escale::kiosk::ui
