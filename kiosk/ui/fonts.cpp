// Font loading for the kiosk: file checks with a message an operator can act
// on, glyph ranges for French typography, sizes derived from the screen.
#include "ui/fonts.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace escale::kiosk::ui {
namespace {

// ImGui asserts (aborts) on a font file it cannot open; check first so the
// operator reads which file is missing instead.
void require_readable(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::runtime_error("Font file not found or unreadable: " + path +
                             " (install the fonts-dejavu-core package: apt install fonts-dejavu-core)");
  }
}

ImFont* add_font(ImFontAtlas& atlas, const std::string& path, float px, const ImVector<ImWchar>& ranges) {
  require_readable(path);
  ImFontConfig config;
  // Horizontal oversampling sharpens small text; big glyphs don't need it,
  // and it would double their share of the atlas texture.
  config.OversampleH = px >= 36.0f ? 1 : 2;
  config.PixelSnapH = true;
  ImFont* font = atlas.AddFontFromFileTTF(path.c_str(), px, &config, ranges.Data);
  if (font == nullptr) {
    throw std::runtime_error("Cannot load font " + path + " (reinstall the fonts-dejavu-core package)");
  }
  return font;
}

}  // namespace

float body_font_px(int width, int height, float scale) {
  // 480 / 17 = 28.2: 28 px on the 7" panel, capitals 20 px = 3.6 mm (issue 15).
  const float by_height = static_cast<float>(height) / 17.0f;
  // A landscape panel wider for its height than the 7" one (16:10, 1280×800)
  // keeps its proportions in u (28.5 u across), so that the same rows of
  // buttons fit; a portrait one (720×1280) gets 22 u across.
  const float by_width = static_cast<float>(width) / (width > height ? 28.5f : 22.0f);
  return std::round(std::min(by_height, by_width) * std::max(scale, 0.1f));
}

ImVector<ImWchar> kiosk_glyph_ranges() {
  ImFontGlyphRangesBuilder builder;
  static const ImWchar latin1[] = {0x0020, 0x00FF, 0};
  builder.AddRanges(latin1);
  for (const ImWchar c : {ImWchar{0x0152}, ImWchar{0x0153},  // Œ œ
                          ImWchar{0x2013},                   // – (time ranges « 9 h – 12 h »)
                          ImWchar{0x2019},                   // ’
                          ImWchar{0x2026},                   // …
                          ImWchar{0x202F},                   // narrow no-break space
                          ImWchar{0x20AC},                   // €
                          ImWchar{0x00B7}}) {                // · (already in Latin-1)
    builder.AddChar(c);
  }
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);
  return ranges;
}

Fonts load_fonts(ImFontAtlas& atlas, const std::string& body_path, const std::string& bold_path, float body_px,
                 const ImVector<ImWchar>& ranges) {
  Fonts fonts;
  fonts.body_px = body_px;
  fonts.title_px = std::round(body_px * 1.6f);
  fonts.body = add_font(atlas, body_path, fonts.body_px, ranges);
  fonts.title = add_font(atlas, bold_path, fonts.title_px, ranges);
  fonts.button_px = std::round(body_px * 1.15f);
  fonts.button = add_font(atlas, bold_path, fonts.button_px, ranges);
  fonts.display_px = std::round(body_px * 2.0f);
  fonts.display = add_font(atlas, bold_path, fonts.display_px, ranges);
  if (!atlas.Build()) throw std::runtime_error("Cannot build the font atlas");
  return fonts;
}

}  // namespace escale::kiosk::ui
