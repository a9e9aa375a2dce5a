// The help topics' pictograms, headless: each one drawn in a real ImGui frame
// at 96 px (4 × 2 grid, with its topic below) and 48 px (a row in dark ink,
// a row in white on blue buttons). Every vertex stays in its square, the
// screen's pixels show ink inside each square and nothing around it. The
// screenshot lands in <build>/screenshots/pictograms/ to be looked at.
#include <catch2/catch.hpp>

#include "ui/frontend.hpp"
#include "ui/pictograms.hpp"
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
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace {

using escale::kiosk::draw_pictogram;
using escale::kiosk::ui::DrawContext;
using escale::kiosk::ui::Frontend;
using escale::kiosk::ui::FrontendOptions;
using escale::mediation::HelpTopic;
namespace colour = escale::kiosk::ui::colour;

const std::filesystem::path kShots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "pictograms";

constexpr std::array<HelpTopic, 8> kTopics{HelpTopic::Papers, HelpTopic::Caf,        HelpTopic::Taxes,
                                           HelpTopic::Health, HelpTopic::Employment, HelpTopic::Email,
                                           HelpTopic::Device, HelpTopic::Other};
// The test's own captions (the kiosk's labels come from mediation::help_topic_label).
constexpr std::array<const char*, 8> kCaptions{"Papiers, ANTS", "CAF",    "Impôts",    "Santé",
                                               "Emploi",        "E-mail", "Appareils", "Autre chose"};

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

std::array<int, 3> rgb_of(ImU32 c) {
  return {static_cast<int>(c & 0xFF), static_cast<int>((c >> 8) & 0xFF), static_cast<int>((c >> 16) & 0xFF)};
}

// One pictogram drawn: where, how big, on what, and its draw-list vertices.
struct Drawn {
  HelpTopic topic = HelpTopic::Other;
  ImVec2 centre;
  float size = 0.0f;
  ImU32 ground = colour::kBackground;  // colour around it
  float ground_margin = 0.0f;          // how far that colour extends past the square
  int vertices = 0;
  ImVec2 min{1e9f, 1e9f}, max{-1e9f, -1e9f};  // bounds of its vertices
};

// Draws one pictogram, recording its vertices' bounds.
void draw_recorded(Drawn& d, ImU32 ink) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int before = dl->VtxBuffer.Size;
  draw_pictogram(dl, d.topic, d.centre, d.size, ink);
  d.vertices = dl->VtxBuffer.Size - before;
  d.min = ImVec2(1e9f, 1e9f);
  d.max = ImVec2(-1e9f, -1e9f);
  for (int i = before; i < dl->VtxBuffer.Size; ++i) {
    const ImVec2 p = dl->VtxBuffer[i].pos;
    d.min = ImVec2(std::min(d.min.x, p.x), std::min(d.min.y, p.y));
    d.max = ImVec2(std::max(d.max.x, p.x), std::max(d.max.y, p.y));
  }
}

// Vertices inside the square; ink inside the square (at least `min_ink` of
// its pixels) and none in the ground around it.
void check_drawn(const Drawn& d, const Png& png, double min_ink) {
  INFO("topic " << static_cast<int>(d.topic) << " at " << d.centre.x << "," << d.centre.y << ", " << d.size << " px");
  const float half = d.size / 2.0f;
  const ImVec2 lo(d.centre.x - half, d.centre.y - half);
  const ImVec2 hi(d.centre.x + half, d.centre.y + half);
  CHECK(d.vertices > 0);
  CHECK(d.min.x >= lo.x);
  CHECK(d.min.y >= lo.y);
  CHECK(d.max.x <= hi.x);
  CHECK(d.max.y <= hi.y);

  const auto ground = rgb_of(d.ground);
  const int x0 = static_cast<int>(std::lround(lo.x));
  const int y0 = static_cast<int>(std::lround(lo.y));
  const int side = static_cast<int>(std::lround(d.size));
  const int margin = static_cast<int>(d.ground_margin);
  int ink = 0;
  int outside = 0;
  for (int y = y0 - margin; y < y0 + side + margin; ++y) {
    for (int x = x0 - margin; x < x0 + side + margin; ++x) {
      const bool inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
      const bool differs = png.at(x, y) != ground;
      if (inside && differs) ++ink;
      if (!inside && differs) ++outside;
    }
  }
  INFO(ink << " pixels of ink inside, " << outside << " outside");
  CHECK(ink >= static_cast<int>(min_ink * side * side));
  CHECK(outside == 0);
}

}  // namespace

TEST_CASE("pictograms: every help topic drawn inside its square, at 96 and 48 px", "[pictograms][screenshots]") {
  FrontendOptions o;
  o.headless = true;
  o.width = 800;
  o.height = 480;
  auto fe = std::make_unique<Frontend>(o);

  std::vector<Drawn> large, small, on_buttons;
  for (std::size_t i = 0; i < kTopics.size(); ++i) {
    const float col = static_cast<float>(i % 4);
    const float row = static_cast<float>(i / 4);
    large.push_back(Drawn{
        kTopics[i], ImVec2(110.0f + 193.0f * col, 70.0f + 152.0f * row), 96.0f, colour::kBackground, 12.0f, 0, {}, {}});
    small.push_back(Drawn{kTopics[i],
                          ImVec2(64.0f + 96.0f * static_cast<float>(i), 352.0f),
                          48.0f,
                          colour::kBackground,
                          12.0f,
                          0,
                          {},
                          {}});
    on_buttons.push_back(Drawn{
        kTopics[i], ImVec2(64.0f + 96.0f * static_cast<float>(i), 436.0f), 48.0f, colour::kButton, 8.0f, 0, {}, {}});
  }

  fe->frame_with([&](DrawContext& ctx) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < large.size(); ++i) {
      draw_recorded(large[i], colour::kText);
      ImFont* font = ctx.fonts.body;
      const ImVec2 sz = font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, kCaptions[i]);
      dl->AddText(font, font->FontSize, ImVec2(std::round(large[i].centre.x - sz.x / 2.0f), large[i].centre.y + 62.0f),
                  colour::kText, kCaptions[i]);
    }
    for (auto& d : small) draw_recorded(d, colour::kText);
    for (auto& d : on_buttons) {
      const float half = d.size / 2.0f + d.ground_margin + 6.0f;
      dl->AddRectFilled(ImVec2(d.centre.x - half, d.centre.y - half), ImVec2(d.centre.x + half, d.centre.y + half),
                        d.ground, 6.0f);
      draw_recorded(d, colour::kButtonText);
    }
  });
  const Png png = screenshot(*fe, "pictograms-800x480.png");
  REQUIRE(png.w == 800);
  REQUIRE(png.h == 480);
  for (const auto& d : large) check_drawn(d, png, 0.06);
  for (const auto& d : small) check_drawn(d, png, 0.06);
  for (const auto& d : on_buttons) check_drawn(d, png, 0.06);
}

TEST_CASE("pictograms: scaled from the size, filling their square", "[pictograms]") {
  FrontendOptions o;
  o.headless = true;
  o.width = 800;
  o.height = 480;
  auto fe = std::make_unique<Frontend>(o);
  std::vector<Drawn> drawn;
  for (const float size : {24.0f, 64.0f, 200.0f}) {
    for (const HelpTopic topic : kTopics) {
      drawn.push_back(Drawn{topic, ImVec2(400.0f, 240.0f), size, colour::kBackground, 0.0f, 0, {}, {}});
    }
  }
  fe->frame_with([&](DrawContext&) {
    for (auto& d : drawn) draw_recorded(d, colour::kText);
  });
  for (const auto& d : drawn) {
    INFO("topic " << static_cast<int>(d.topic) << " at " << d.size << " px");
    const float half = d.size / 2.0f;
    CHECK(d.vertices > 0);
    CHECK(d.min.x >= d.centre.x - half);
    CHECK(d.min.y >= d.centre.y - half);
    CHECK(d.max.x <= d.centre.x + half);
    CHECK(d.max.y <= d.centre.y + half);
    // Not a tiny drawing lost in a corner: most of the square one way, half of it the other.
    const float w = d.max.x - d.min.x;
    const float h = d.max.y - d.min.y;
    CHECK(std::max(w, h) >= 0.8f * d.size);
    CHECK(std::min(w, h) >= 0.5f * d.size);
    // Roughly centred.
    CHECK(std::abs((d.min.x + d.max.x) / 2.0f - d.centre.x) <= 0.1f * d.size);
    CHECK(std::abs((d.min.y + d.max.y) / 2.0f - d.centre.y) <= 0.1f * d.size);
  }
}
