// The touch widgets, headless: a list scrolled by dragging (a drag never
// presses a button, a tap does), the PIN pad, the AZERTY keyboard with
// French accents, availability cells (« Pris » is hatched and inert) and a
// QR code read back from the screen's pixels. Screenshots of every widget at
// 800×480 land in <build>/screenshots/widgets/ to be looked at.
#include <catch2/catch.hpp>

#include "ui/frontend.hpp"
#include "ui/touch_widgets.hpp"
#include "ui/widgets.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wnull-dereference"
#pragma GCC diagnostic ignored "-Wpedantic"
#define STB_IMAGE_STATIC  // private copy: other tests may compile stb_image too
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

using escale::Language;
using escale::kiosk::ui::CellState;
using escale::kiosk::ui::DrawContext;
using escale::kiosk::ui::DrawnButton;
using escale::kiosk::ui::FrameRecord;
using escale::kiosk::ui::Frontend;
using escale::kiosk::ui::FrontendOptions;
using escale::kiosk::ui::KeyboardMode;
namespace ui = escale::kiosk::ui;

const std::filesystem::path kShots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "widgets";

std::unique_ptr<Frontend> headless(int width = 800, int height = 480) {
  FrontendOptions o;
  o.headless = true;
  o.width = width;
  o.height = height;
  return std::make_unique<Frontend>(o);
}

struct Png {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  std::array<int, 3> at(int x, int y) const {
    const auto i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
  }
};

Png screenshot(Frontend& fe, const std::string& name) {
  const auto path = kShots / name;
  REQUIRE(fe.save_screenshot(path));
  Png png;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &png.w, &png.h, &channels, 4);
  REQUIRE(data != nullptr);
  png.rgba.assign(data, data + static_cast<std::size_t>(png.w) * static_cast<std::size_t>(png.h) * 4);
  stbi_image_free(data);
  return png;
}

// WCAG 2.1 relative luminance and contrast ratio.
double luminance(const std::array<int, 3>& rgb) {
  double l = 0.0;
  const std::array<double, 3> weights{0.2126, 0.7152, 0.0722};
  for (std::size_t i = 0; i < 3; ++i) {
    const double c = rgb[i] / 255.0;
    l += weights[i] * (c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
  }
  return l;
}
double contrast(double a, double b) {
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

const DrawnButton& button(const FrameRecord& f, std::string_view label) {
  const DrawnButton* b = f.find_button(label);
  INFO("button « " << label << " »");
  REQUIRE(b != nullptr);
  return *b;
}

ImVec2 centre_of(const DrawnButton& b) {
  return ImVec2(b.x + b.w / 2.0f, b.y + b.h / 2.0f);
}

// Every button inside the screen and apart from the others.
void check_buttons_apart(const FrameRecord& f, float w, float h) {
  for (std::size_t i = 0; i < f.buttons.size(); ++i) {
    const auto& a = f.buttons[i];
    INFO("button « " << a.label << " » at " << a.x << "," << a.y << " " << a.w << "×" << a.h);
    CHECK(a.x >= 0.0f);
    CHECK(a.y >= 0.0f);
    CHECK(a.x + a.w <= w);
    CHECK(a.y + a.h <= h);
    for (std::size_t j = i + 1; j < f.buttons.size(); ++j) {
      const auto& b = f.buttons[j];
      INFO("and « " << b.label << " » at " << b.x << "," << b.y);
      CHECK_FALSE(
          (a.x + a.w > b.x + 0.5f && b.x + b.w > a.x + 0.5f && a.y + a.h > b.y + 0.5f && b.y + b.h > a.y + 0.5f));
    }
  }
}

// A list of 20 big buttons in a drag-scroll area filling the screen below a title.
struct ScrollList {
  int fired = -1;
  int fire_count = 0;
  float content_height = 0.0f;
  ImVec2 area_pos, area_size;

  static std::string label(int i) { return "Bureau " + std::string(i < 9 ? "0" : "") + std::to_string(i + 1); }

  void draw(DrawContext& ctx) {
    const float m = ctx.margin();
    ui::paragraph(ctx, ctx.fonts.title, "Choisissez un bureau", ImVec2(m, m), ctx.screen.x - 2 * m);
    area_pos = ImVec2(m, m + 2.5f * ctx.u());
    area_size = ImVec2(ctx.screen.x - 2 * m, ctx.screen.y - area_pos.y - m);
    const float button_w = area_size.x - ui::drag_scroll_gutter(ctx) - ctx.u();
    const float step = ctx.button_height() + ctx.u();
    content_height = 20 * step - ctx.u();
    if (ui::begin_drag_scroll(ctx, "bureaux", area_pos, area_size)) {
      const ImVec2 o = ui::drag_scroll_origin();
      for (int i = 0; i < 20; ++i) {
        const ImVec2 p(o.x, o.y + static_cast<float>(i) * step);
        if (ui::big_button(ctx, label(i), p, ImVec2(button_w, ctx.button_height()))) {
          fired = i;
          ++fire_count;
        }
      }
    }
    ui::end_drag_scroll(ctx, content_height);
  }
};

}  // namespace

TEST_CASE("dragging a list scrolls it and presses no button", "[widgets]") {
  auto fe = headless();
  ScrollList list;
  fe->frame_with([&](DrawContext& ctx) { list.draw(ctx); });
  const float u = fe->font_px();

  const float first_y = button(fe->last_frame(), "Bureau 01").y;
  const float third_y = button(fe->last_frame(), "Bureau 03").y;
  CHECK(fe->last_frame().find_button("Bureau 05") == nullptr);  // below the area: not recorded

  SECTION("a drag that starts on a button scrolls the list and fires nothing") {
    const ImVec2 on_button = centre_of(button(fe->last_frame(), "Bureau 03"));
    fe->drag(on_button, ImVec2(on_button.x, on_button.y - 200.0f));
    CHECK(list.fire_count == 0);
    CHECK(button(fe->last_frame(), "Bureau 03").y == Approx(third_y - 200.0f).margin(1.0));
    CHECK(fe->last_frame().find_button("Bureau 01") == nullptr);  // scrolled out of sight
    CHECK(fe->last_frame().find_button("Bureau 05") != nullptr);

    // Then a tap on a button fires it, once.
    REQUIRE(fe->tap("Bureau 05"));
    CHECK(list.fired == 4);
    CHECK(list.fire_count == 1);
    REQUIRE(fe->save_screenshot(kShots / "drag-scroll-800x480.png"));
  }

  SECTION("a drag that comes back to where it started presses nothing") {
    const ImVec2 p = centre_of(button(fe->last_frame(), "Bureau 02"));
    fe->drag_through({p, ImVec2(p.x, p.y - 3.0f * u), p}, 4);
    CHECK(list.fire_count == 0);
    CHECK(button(fe->last_frame(), "Bureau 01").y == first_y);
  }

  SECTION("a tap fires the button under the finger, even if the finger slips a little") {
    REQUIRE(fe->tap_at(centre_of(button(fe->last_frame(), "Bureau 02"))));
    CHECK(list.fired == 1);
    const ImVec2 p = centre_of(button(fe->last_frame(), "Bureau 03"));
    fe->drag(p, ImVec2(p.x + 0.3f * u, p.y + 0.3f * u), 2);  // under 0.5 u: still a tap
    CHECK(list.fired == 2);
    CHECK(list.fire_count == 2);
    CHECK(button(fe->last_frame(), "Bureau 01").y == first_y);  // no scroll
  }

  SECTION("the scroll stops at both ends") {
    const ImVec2 p = centre_of(button(fe->last_frame(), "Bureau 02"));
    fe->drag(p, ImVec2(p.x, p.y + 300.0f));  // pulling down at the top
    CHECK(button(fe->last_frame(), "Bureau 01").y == first_y);
    const float area_bottom = list.area_pos.y + list.area_size.y;
    for (int i = 0; i < 10; ++i) fe->drag(ImVec2(p.x, area_bottom - 10.0f), ImVec2(p.x, list.area_pos.y + 10.0f), 3);
    const DrawnButton& last = button(fe->last_frame(), "Bureau 20");
    CHECK(last.y + last.h == Approx(area_bottom).margin(1.0));
    CHECK(list.fire_count == 0);
  }
}

TEST_CASE("a drag in the space between buttons scrolls too", "[widgets]") {
  auto fe = headless();
  ScrollList list;
  fe->frame_with([&](DrawContext& ctx) { list.draw(ctx); });
  const DrawnButton& b1 = button(fe->last_frame(), "Bureau 01");
  const float before = button(fe->last_frame(), "Bureau 02").y;
  const ImVec2 gap(b1.x + b1.w / 2.0f, b1.y + b1.h + 0.5f * fe->font_px());
  fe->drag(gap, ImVec2(gap.x, gap.y - 100.0f));
  CHECK(button(fe->last_frame(), "Bureau 02").y == Approx(before - 100.0f).margin(1.0));
  CHECK(list.fire_count == 0);
}

TEST_CASE("PIN pad: digits, Effacer, Valider", "[widgets]") {
  auto fe = headless();
  std::string pin;
  int validated = 0;
  Language lang = Language::French;
  fe->frame_with([&](DrawContext& ctx) {
    const float m = ctx.margin();
    const float left_w = ctx.screen.x * 0.42f;
    ui::paragraph(ctx, ctx.fonts.title, "Mode animation", ImVec2(m, m), left_w - m);
    ui::paragraph(ctx, ctx.fonts.body,
                  lang == Language::French ? "Tapez votre code secret, puis touchez « Valider »."
                                           : "Type your secret code, then touch OK.",
                  ImVec2(m, m + 2.5f * ctx.u()), left_w - 2 * m);
    if (ui::pin_pad(ctx, pin, ImVec2(left_w, m), ImVec2(ctx.screen.x - left_w - m, ctx.screen.y - 2 * m), 6, lang)) {
      ++validated;
    }
  });
  const float u = fe->font_px();
  const FrameRecord& f = fe->last_frame();
  for (const char* label : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "Effacer", "Valider"}) {
    const DrawnButton& b = button(f, label);
    CHECK(b.h >= 3.0f * u);  // 84 px: 15 mm down on the 7" panel
    CHECK(b.w >= 3.0f * u);
  }
  check_buttons_apart(f, 800.0f, 480.0f);

  for (const char* d : {"1", "2", "3"}) REQUIRE(fe->tap(d));
  CHECK(pin == "123");
  REQUIRE(fe->save_screenshot(kShots / "pin-pad-fr-800x480.png"));
  REQUIRE(fe->tap("Valider"));  // 3 digits: not yet
  CHECK(validated == 0);
  CHECK(pin == "123");
  REQUIRE(fe->tap("4"));
  REQUIRE(fe->tap("Effacer"));
  CHECK(pin == "123");
  REQUIRE(fe->tap("4"));
  REQUIRE(fe->tap("Valider"));
  CHECK(validated == 1);
  CHECK(pin == "1234");

  SECTION("at most max_digits") {
    for (const char* d : {"5", "6", "7", "8", "9"}) REQUIRE(fe->tap(d));
    CHECK(pin == "123456");
  }
  SECTION("Effacer on an empty code does nothing") {
    for (int i = 0; i < 6; ++i) REQUIRE(fe->tap("Effacer"));
    CHECK(pin.empty());
  }
  SECTION("English labels") {
    pin = "12";
    lang = Language::English;
    fe->frame_with([&](DrawContext& ctx) {
      if (ui::pin_pad(ctx, pin, ImVec2(ctx.margin(), ctx.margin()),
                      ImVec2(ctx.screen.x - 2 * ctx.margin(), ctx.screen.y - 2 * ctx.margin()), 6, lang)) {
        ++validated;
      }
    });
    CHECK(fe->last_frame().find_button("Clear") != nullptr);
    CHECK(fe->last_frame().find_button("OK") != nullptr);
    CHECK(fe->last_frame().find_button("Effacer") == nullptr);
    REQUIRE(fe->tap("Clear"));
    CHECK(pin == "1");
    for (const char* d : {"9", "8", "7"}) REQUIRE(fe->tap(d));
    REQUIRE(fe->tap("OK"));
    CHECK(validated == 2);
    CHECK(pin == "1987");
  }
}

TEST_CASE("PIN pad screenshot in English", "[widgets][screenshots]") {
  auto fe = headless();
  std::string pin = "12";
  fe->frame_with([&](DrawContext& ctx) {
    const float m = ctx.margin();
    const float left_w = ctx.screen.x * 0.42f;
    ui::paragraph(ctx, ctx.fonts.title, "Animator mode", ImVec2(m, m), left_w - m);
    ui::paragraph(ctx, ctx.fonts.body, "Type your secret code, then touch OK.", ImVec2(m, m + 2.5f * ctx.u()),
                  left_w - 2 * m);
    ui::pin_pad(ctx, pin, ImVec2(left_w, m), ImVec2(ctx.screen.x - left_w - m, ctx.screen.y - 2 * m), 6,
                Language::English);
  });
  REQUIRE(fe->save_screenshot(kShots / "pin-pad-en-800x480.png"));
}

namespace {

// A text field above the keyboard, as a form would show it.
struct KeyboardScreen {
  std::string text;
  KeyboardMode mode = KeyboardMode::Letters;
  std::size_t max_chars = 40;
  Language lang = Language::French;
  int changes = 0;
  float keyboard_height = 0.0f;
  float min_height = 0.0f;

  void draw(DrawContext& ctx) {
    const float m = ctx.margin();
    const float u = ctx.u();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 field(m, m);
    const ImVec2 field_size(ctx.screen.x - 2 * m, 2.0f * u);
    dl->AddRectFilled(field, ImVec2(field.x + field_size.x, field.y + field_size.y), IM_COL32_WHITE, 0.2f * u);
    dl->AddRect(field, ImVec2(field.x + field_size.x, field.y + field_size.y), ui::colour::kTextSecondary, 0.2f * u, 0,
                2.0f);
    ui::paragraph(ctx, ctx.fonts.body, text.empty() ? std::string_view("Prénom") : std::string_view(text),
                  ImVec2(field.x + 0.5f * u, field.y + 0.45f * u), field_size.x - u,
                  text.empty() ? ui::colour::kTextSecondary : ui::colour::kText);
    const float top = field.y + field_size.y + 0.6f * u;
    keyboard_height = ctx.screen.y - top - m;
    min_height = ui::keyboard_min_height(ctx);
    if (ui::on_screen_keyboard(ctx, text, ImVec2(m, top), ImVec2(ctx.screen.x - 2 * m, ctx.screen.y - top - m), mode,
                               max_chars, lang)) {
      ++changes;
    }
  }
};

}  // namespace

TEST_CASE("keyboard: capitals, accents, backspace by code point", "[widgets]") {
  auto fe = headless();
  KeyboardScreen screen;
  fe->frame_with([&](DrawContext& ctx) { screen.draw(ctx); });
  const float u = fe->font_px();
  const FrameRecord& f = fe->last_frame();
  CHECK(screen.keyboard_height >= screen.min_height);  // fits at 800×480 under a text field
  for (const auto& b : f.buttons) {
    INFO("key « " << b.label << " » " << b.w << "×" << b.h);
    CHECK(b.w >= 1.85f * u - 0.5f);  // an animator's keys: 9 mm (widgets.hpp)
    CHECK(b.h >= 1.85f * u - 0.5f);
  }
  check_buttons_apart(f, 800.0f, 480.0f);
  for (const char* key : {"é", "è", "ê", "à", "â", "ç", "ù", "û", "ô",   "î",       "ï",      "ë",  "œ",
                          "-", "’", "a", "z", "q", "m", "w", "n", "Maj", "Effacer", "Espace", "123"}) {
    INFO(key);
    CHECK(f.find_button(key) != nullptr);
  }

  SECTION("Élodie: shift then É, the rest in lower case") {
    REQUIRE(fe->tap("Maj"));
    CHECK(fe->last_frame().find_button("É") != nullptr);  // the keys show capitals
    CHECK(fe->last_frame().find_button("A") != nullptr);
    REQUIRE(fe->save_screenshot(kShots / "keyboard-shift-800x480.png"));
    REQUIRE(fe->tap("É"));
    CHECK(fe->last_frame().find_button("é") != nullptr);  // one capital only
    for (const char* k : {"l", "o", "d", "i", "e"}) REQUIRE(fe->tap(k));
    CHECK(screen.text == "Élodie");
    REQUIRE(fe->save_screenshot(kShots / "keyboard-800x480.png"));

    REQUIRE(fe->tap("Effacer"));
    CHECK(screen.text == "Élodi");
    for (int i = 0; i < 4; ++i) REQUIRE(fe->tap("Effacer"));
    CHECK(screen.text == "É");
    REQUIRE(fe->tap("Effacer"));  // both bytes of É at once
    CHECK(screen.text.empty());
    REQUIRE(fe->tap("Effacer"));
    CHECK(screen.text.empty());
  }

  SECTION("René, backspace removes « é » as one code point") {
    REQUIRE(fe->tap("Maj"));
    for (const char* k : {"R", "e", "n", "é"}) REQUIRE(fe->tap(k));
    CHECK(screen.text == "René");
    REQUIRE(fe->tap("Effacer"));
    CHECK(screen.text == "Ren");
  }

  SECTION("accented capitals, œ, hyphen, apostrophe, space") {
    for (const char* k : {"Ç", "À", "È", "Œ"}) {
      REQUIRE(fe->tap("Maj"));
      REQUIRE(fe->tap(k));
    }
    CHECK(screen.text == "ÇÀÈŒ");
    screen.text.clear();
    REQUIRE(fe->tap("Maj"));
    for (const char* k : {"J", "e", "a", "n", "-", "Maj", "M", "a", "r", "i", "e", "Espace", "d", "’"}) {
      REQUIRE(fe->tap(k));
    }
    CHECK(screen.text == "Jean-Marie d’");
    REQUIRE(fe->tap("Effacer"));  // ’ is three bytes
    CHECK(screen.text == "Jean-Marie d");
  }

  SECTION("shift tapped twice is off again") {
    REQUIRE(fe->tap("Maj"));
    REQUIRE(fe->tap("Maj"));
    REQUIRE(fe->tap("a"));
    CHECK(screen.text == "a");
  }

  SECTION("at most max_chars code points") {
    screen.max_chars = 3;
    for (const char* k : {"é", "è", "œ", "a", "b"}) REQUIRE(fe->tap(k));
    CHECK(screen.text == "éèœ");
    CHECK(screen.changes == 3);
  }

  SECTION("digits mode, and back to letters") {
    REQUIRE(fe->tap("123"));
    const auto& keys = fe->last_frame().buttons;
    CHECK(std::none_of(keys.begin(), keys.end(), [](const DrawnButton& b) { return b.label == "a"; }));
    for (const char* k : {"0", "6", "1", "2"}) REQUIRE(fe->tap(k));
    CHECK(screen.text == "0612");
    REQUIRE(fe->tap("Effacer"));
    CHECK(screen.text == "061");
    REQUIRE(fe->tap("ABC"));
    REQUIRE(fe->tap("a"));
    CHECK(screen.text == "061a");
  }
}

TEST_CASE("keyboard in digits mode and in English", "[widgets][screenshots]") {
  auto fe = headless();
  KeyboardScreen screen;
  screen.mode = KeyboardMode::Digits;
  screen.text = "06 12";
  fe->frame_with([&](DrawContext& ctx) { screen.draw(ctx); });
  const float u = fe->font_px();
  for (const auto& b : fe->last_frame().buttons) {
    INFO(b.label);
    CHECK(b.h >= 3.0f * u);
    CHECK(b.w >= 4.0f * u);
  }
  check_buttons_apart(fe->last_frame(), 800.0f, 480.0f);
  REQUIRE(fe->save_screenshot(kShots / "keyboard-digits-800x480.png"));

  auto en = headless();
  KeyboardScreen english;
  english.lang = Language::English;
  en->frame_with([&](DrawContext& ctx) { english.draw(ctx); });
  CHECK(en->last_frame().find_button("Shift") != nullptr);
  CHECK(en->last_frame().find_button("Delete") != nullptr);
  CHECK(en->last_frame().find_button("Space") != nullptr);
  REQUIRE(en->save_screenshot(kShots / "keyboard-en-800x480.png"));
}

TEST_CASE("keyboard on a portrait screen: the accents take two rows", "[widgets][screenshots]") {
  auto fe = headless(720, 1280);  // Touch Display 2, portrait
  KeyboardScreen screen;
  fe->frame_with([&](DrawContext& ctx) { screen.draw(ctx); });
  const FrameRecord& f = fe->last_frame();
  CHECK(screen.keyboard_height >= screen.min_height);
  check_buttons_apart(f, 720.0f, 1280.0f);
  const float letter_w = button(f, "a").w;
  for (const char* accent : {"é", "è", "ê", "à", "â", "ç", "ù", "û", "ô", "î", "ï", "ë", "œ"}) {
    INFO(accent);
    CHECK(button(f, accent).w == Approx(letter_w).margin(1.0));
  }
  CHECK(button(f, "é").y == button(f, "ù").y);  // é è ê à â ç ù / û ô î ï ë œ
  CHECK(button(f, "ù").y < button(f, "û").y);
  CHECK(button(f, "û").y < button(f, "a").y);
  REQUIRE(fe->save_screenshot(kShots / "keyboard-720x1280.png"));
}

namespace {

// Desks × (morning, afternoon, day), as the booking grid shows them.
struct Grid {
  std::array<CellState, 12> states{CellState::Free,   CellState::Taken,    CellState::Free,  CellState::Mine,
                                   CellState::Closed, CellState::Mine,     CellState::Taken, CellState::Taken,
                                   CellState::Taken,  CellState::Selected, CellState::Free,  CellState::Free};
  int tapped = -1;
  int taps = 0;

  void draw(DrawContext& ctx) {
    const float m = ctx.margin();
    const float u = ctx.u();
    ui::paragraph(ctx, ctx.fonts.title, "Samedi 21 novembre", ImVec2(m, m), ctx.screen.x - 2 * m);
    const float head_w = 5.5f * u;
    const float top = m + 2.4f * u;
    const float col_gap = 0.5f * u;
    const float row_gap = 0.5f * u;
    const float cell_w = (ctx.screen.x - 2 * m - head_w - 2 * col_gap) / 3.0f;
    const float cell_h = (ctx.screen.y - top - 1.5f * u - m - 3 * row_gap) / 4.0f;
    const std::array<const char*, 3> columns{"Matin", "Après-midi", "Journée"};
    for (int c = 0; c < 3; ++c) {
      ui::paragraph(ctx, ctx.fonts.body, columns[static_cast<std::size_t>(c)],
                    ImVec2(m + head_w + static_cast<float>(c) * (cell_w + col_gap), top), cell_w);
    }
    for (int r = 0; r < 4; ++r) {
      const float y = top + 1.5f * u + static_cast<float>(r) * (cell_h + row_gap);
      ui::paragraph(ctx, ctx.fonts.body, "Bureau " + std::to_string(r + 1),
                    ImVec2(m, y + (cell_h - ctx.fonts.body->FontSize) / 2.0f), head_w);
      for (int c = 0; c < 3; ++c) {
        const int i = r * 3 + c;
        const std::string id = "cell" + std::to_string(i);
        if (ui::availability_cell(ctx, id.c_str(), states[static_cast<std::size_t>(i)],
                                  ImVec2(m + head_w + static_cast<float>(c) * (cell_w + col_gap), y),
                                  ImVec2(cell_w, cell_h))) {
          tapped = i;
          ++taps;
        }
      }
    }
  }
};

}  // namespace

TEST_CASE("availability cells: words, hatching, taken cells inert", "[widgets]") {
  auto fe = headless();
  Grid grid;
  fe->frame_with([&](DrawContext& ctx) { grid.draw(ctx); });
  const FrameRecord& f = fe->last_frame();
  CHECK(f.contains_text("Pris"));
  CHECK(f.contains_text("Libre"));
  CHECK(f.contains_text("À vous"));
  CHECK(f.contains_text("Choisi"));
  CHECK(f.find_button("Pris") == nullptr);  // recorded as text, not as a button
  CHECK(f.find_button("À vous") == nullptr);
  CHECK(f.find_button("Libre") != nullptr);
  CHECK(f.find_button("Choisi") != nullptr);
  check_buttons_apart(f, 800.0f, 480.0f);

  // The taken cell (row 0, column 1): its text box is the cell.
  std::size_t taken = f.texts.size();
  for (std::size_t i = 0; i < f.texts.size(); ++i) {
    if (f.texts[i] == "Pris") {
      taken = i;
      break;
    }
  }
  REQUIRE(taken < f.texts.size());
  const auto cell = f.text_boxes[taken];
  const Png png = screenshot(*fe, "availability-800x480.png");

  SECTION("« Pris » reads at 4.5:1 at least, on a hatched cell") {
    // The word sits in the middle: darkest pixel = the letters, lightest = behind them.
    double darkest = 1.0;
    double lightest = 0.0;
    for (int y = static_cast<int>(cell.y + 0.3f * cell.h); y < static_cast<int>(cell.y + 0.7f * cell.h); ++y) {
      for (int x = static_cast<int>(cell.x + 0.3f * cell.w); x < static_cast<int>(cell.x + 0.7f * cell.w); ++x) {
        const double l = luminance(png.at(x, y));
        darkest = std::min(darkest, l);
        lightest = std::max(lightest, l);
      }
    }
    CHECK(contrast(darkest, lightest) >= 4.5);
    // Hatching: along a line near the top edge, light fill and darker lines alternate.
    int changes = 0;
    const int y = static_cast<int>(cell.y + 0.15f * cell.h);
    double previous = luminance(png.at(static_cast<int>(cell.x) + 4, y));
    for (int x = static_cast<int>(cell.x) + 5; x < static_cast<int>(cell.x + cell.w) - 4; ++x) {
      const double l = luminance(png.at(x, y));
      if (std::fabs(l - previous) > 0.1) ++changes;
      previous = l;
    }
    CHECK(changes >= 8);
  }

  SECTION("tapping a taken cell does nothing; a free cell fires") {
    CHECK_FALSE(fe->tap_at(ImVec2(cell.x + cell.w / 2.0f, cell.y + cell.h / 2.0f)));
    CHECK(grid.taps == 0);
    REQUIRE(fe->tap("Libre"));
    CHECK(grid.tapped == 0);
    REQUIRE(fe->tap("Choisi"));
    CHECK(grid.tapped == 9);
    CHECK(grid.taps == 2);
  }
}

TEST_CASE("QR code: the modules on screen are libqrencode's", "[widgets]") {
  const std::string url = "https://escale.example/ics/bookings/abc.ics";
  auto fe = headless();
  bool drawn = false;
  ImVec2 pos;
  float side = 0.0f;
  fe->frame_with([&](DrawContext& ctx) {
    const float m = ctx.margin();
    side = ctx.screen.y - 2 * m;
    pos = ImVec2(ctx.screen.x - m - side, m);
    ui::paragraph(ctx, ctx.fonts.title, "Votre agenda", ImVec2(m, m), pos.x - 2 * m);
    ui::paragraph(ctx, ctx.fonts.body,
                  "Visez ce carré avec l’appareil photo de votre téléphone pour ajouter vos réservations à votre "
                  "agenda.",
                  ImVec2(m, m + 2.5f * ctx.u()), pos.x - 2 * m);
    drawn = ui::qr_code(ctx, url, pos, side);
  });
  REQUIRE(drawn);
  CHECK(fe->last_frame().contains_text("qr:" + url));

  const auto matrix = ui::qr_matrix(url);
  REQUIRE(matrix.has_value());
  const auto layout = ui::qr_layout(url, pos, side);
  REQUIRE(layout.has_value());
  CHECK(layout->modules == matrix->width + 8);
  CHECK(layout->module_px >= 4);  // big enough for a phone at arm's length
  CHECK(static_cast<float>(layout->module_px * layout->modules) <= side);

  // A real QR symbol: the three 7×7 finder patterns.
  const auto finder = [&](int ox, int oy) {
    for (int y = 0; y < 7; ++y) {
      for (int x = 0; x < 7; ++x) {
        const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
        const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        if (matrix->at(ox + x, oy + y) != (ring || core)) return false;
      }
    }
    return true;
  };
  CHECK(finder(0, 0));
  CHECK(finder(matrix->width - 7, 0));
  CHECK(finder(0, matrix->width - 7));

  // Each module's centre and its four inner corners on screen: dark where
  // the symbol is dark, white in the quiet zone.
  const Png png = screenshot(*fe, "qr-code-800x480.png");
  const int mp = layout->module_px;
  const int ox = static_cast<int>(layout->origin.x);
  const int oy = static_cast<int>(layout->origin.y);
  int mismatches = 0;
  for (int my = 0; my < layout->modules; ++my) {
    for (int mx = 0; mx < layout->modules; ++mx) {
      const int sx = mx - 4;
      const int sy = my - 4;
      const bool inside = sx >= 0 && sy >= 0 && sx < matrix->width && sy < matrix->width;
      const bool dark = inside && matrix->at(sx, sy);
      const int x0 = ox + mx * mp;
      const int y0 = oy + my * mp;
      for (const auto& [px, py] : {std::pair{x0 + mp / 2, y0 + mp / 2}, std::pair{x0, y0}, std::pair{x0 + mp - 1, y0},
                                   std::pair{x0, y0 + mp - 1}, std::pair{x0 + mp - 1, y0 + mp - 1}}) {
        const auto rgb = png.at(px, py);
        const bool pixel_dark = luminance(rgb) < 0.2;
        const bool pixel_white = rgb[0] == 255 && rgb[1] == 255 && rgb[2] == 255;
        if (dark ? !pixel_dark : !pixel_white) ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);

  // And a real reader agrees, where one is installed (zbar-tools: not a
  // build dependency, so only a bonus check).
  if (std::system("command -v zbarimg >/dev/null 2>&1") == 0) {
    const std::string command = "zbarimg -q --raw '" + (kShots / "qr-code-800x480.png").string() + "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe != nullptr);
    std::string decoded;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) decoded += buffer.data();
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
    CHECK(decoded == url);
  } else {
    WARN("zbarimg not installed: the QR code was checked module by module only");
  }
}

TEST_CASE("QR code: nothing to encode draws nothing", "[widgets]") {
  auto fe = headless();
  bool empty_drawn = true;
  bool tiny_drawn = true;
  fe->frame_with([&](DrawContext& ctx) {
    empty_drawn = ui::qr_code(ctx, "", ImVec2(10, 10), 200.0f);
    tiny_drawn = ui::qr_code(ctx, "https://escale.example/", ImVec2(10, 10), 12.0f);  // < 1 px per module
  });
  CHECK_FALSE(empty_drawn);
  CHECK_FALSE(tiny_drawn);
  CHECK_FALSE(ui::qr_matrix("").has_value());
  CHECK(fe->last_frame().texts.empty());
}
