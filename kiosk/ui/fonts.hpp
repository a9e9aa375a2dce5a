// The kiosk's fonts (DejaVu Sans for text, DejaVu Sans Bold for titles,
// button labels and the call to action), loaded into ImGui's atlas at sizes derived from the
// screen. Every other size on screen is a multiple of the body font size.
#pragma once

#include <imgui.h>

#include <string>

namespace escale::kiosk::ui {

struct Fonts {
  ImFont* body = nullptr;     // sentences and buttons
  ImFont* title = nullptr;    // one title per screen, bold
  ImFont* button = nullptr;   // button labels, bold
  ImFont* display = nullptr;  // the attract screen's call to action, bold
  float body_px = 28.0f;      // 28 px at 800×480: the kiosk-ux.md minimum (capitals 3.6 mm)
  float title_px = 45.0f;     // ≈ 1.6 × body
  float button_px = 32.0f;    // ≈ 1.15 × body: labels stand out on a 3.1 × body high button
  float display_px = 56.0f;   // 2 × body: « Passez votre badge » is the first thing to read
};

// Body font size in pixels for a screen: height / 17 (28 px at 480 high,
// 35 at 600), capped by width / 28.5 on a landscape screen (45 px at
// 1280×800) and by width / 22 on a portrait one (720×1280: 33 px), so it keeps titles
// and buttons inside its width; then multiplied by scale.
float body_font_px(int width, int height, float scale);

// Glyphs the kiosk draws: Basic Latin + Latin-1, œ Œ, ’, U+202F, …, €.
// Returns a range list that must outlive the font atlas build.
ImVector<ImWchar> kiosk_glyph_ranges();

// Adds the fonts to the atlas and builds it. Throws std::runtime_error
// naming the missing file (and the package that provides it) when a font
// cannot be read. `ranges` must stay alive until the atlas is built.
Fonts load_fonts(ImFontAtlas& atlas, const std::string& body_path, const std::string& bold_path, float body_px,
                 const ImVector<ImWchar>& ranges);

}  // namespace escale::kiosk::ui
