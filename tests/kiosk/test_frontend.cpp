// The frontend, headless: every screen draws its texts, taps fire the right
// UiAction, English replaces French, screenshots are real PNGs, and the
// layout keeps big buttons inside the screen at the sizes of common panels.
// Screenshots of every screen land in <build>/screenshots/ui/ to be looked at.
#include <catch2/catch.hpp>

#include "ui/frontend.hpp"

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

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

namespace {

using escale::Language;
using escale::LocalTime;
using escale::kiosk::KioskView;
using escale::kiosk::ReaderHealth;
using escale::kiosk::Screen;
using escale::kiosk::UiAction;
using escale::kiosk::ui::Frontend;
using escale::kiosk::ui::FrontendOptions;

constexpr std::array kAllScreens{Screen::Attract, Screen::Greeting,     Screen::AlreadyHere,
                                 Screen::Goodbye, Screen::UnknownBadge, Screen::WalkIn};

const std::filesystem::path kShots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "ui";

LocalTime saturday(int hour, int minute) {
  LocalTime t;
  t.year = 2026;
  t.month = 11;
  t.day = 21;
  t.weekday = 6;
  t.hour = hour;
  t.minute = minute;
  t.utc_offset_minutes = 60;
  return t;
}

KioskView view_of(Screen screen, Language lang = Language::French) {
  KioskView v;
  v.screen = screen;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = saturday(14, 30);
  if (screen != Screen::Attract && screen != Screen::UnknownBadge && screen != Screen::WalkIn) {
    v.first_name = "Marie";
  }
  if (screen == Screen::Greeting || screen == Screen::AlreadyHere) v.check_in_time = saturday(9, 30);
  if (screen == Screen::Goodbye) v.visit_minutes = 135;
  return v;
}

std::unique_ptr<Frontend> headless(int width = 800, int height = 480) {
  FrontendOptions o;
  o.headless = true;
  o.width = width;
  o.height = height;
  return std::make_unique<Frontend>(o);
}

// File names for screenshots: the app's own screen names.
std::string_view screen_name(Screen s) {
  return to_string(s);
}

std::string shot_name(Screen s, Language lang, int w, int h, std::string_view suffix = "") {
  return std::string(screen_name(s)) + (lang == Language::French ? "-fr-" : "-en-") + std::to_string(w) + "x" +
         std::to_string(h) + std::string(suffix) + ".png";
}

struct Png {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  std::array<unsigned char, 4> at(int x, int y) const {
    const auto i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
  }
};

Png read_png(const std::filesystem::path& path) {
  Png png;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &png.w, &png.h, &channels, 4);
  REQUIRE(data != nullptr);
  png.rgba.assign(data, data + static_cast<std::size_t>(png.w) * static_cast<std::size_t>(png.h) * 4);
  stbi_image_free(data);
  return png;
}

bool overlap(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh) {
  constexpr float e = 0.5f;  // touching edges is fine
  return ax + aw > bx + e && bx + bw > ax + e && ay + ah > by + e && by + bh > ay + e;
}

// Every text inside the screen, clear of every button and of every other text.
void check_texts_fit(const escale::kiosk::ui::FrameRecord& f, float w, float h) {
  REQUIRE(f.text_boxes.size() == f.texts.size());
  const auto is_label = [&](std::size_t i) {
    const auto& t = f.text_boxes[i];
    for (const auto& b : f.buttons) {
      if (b.label == f.texts[i] && b.x == t.x && b.y == t.y && b.w == t.w && b.h == t.h) return true;
    }
    return false;
  };
  for (std::size_t i = 0; i < f.texts.size(); ++i) {
    if (is_label(i)) continue;
    const auto& a = f.text_boxes[i];
    INFO("text « " << f.texts[i] << " » at " << a.x << "," << a.y << " " << a.w << "×" << a.h);
    CHECK(a.x >= 0.0f);
    CHECK(a.y >= 0.0f);
    CHECK(a.x + a.w <= w);
    CHECK(a.y + a.h <= h);
    for (const auto& b : f.buttons) {
      INFO("button " << b.label);
      CHECK_FALSE(overlap(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h));
    }
    for (std::size_t j = i + 1; j < f.texts.size(); ++j) {
      if (is_label(j)) continue;
      const auto& b = f.text_boxes[j];
      INFO("and « " << f.texts[j] << " »");
      CHECK_FALSE(overlap(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h));
    }
  }
}

}  // namespace

TEST_CASE("every screen draws its texts (French, 800×480)", "[frontend]") {
  auto fe = headless();
  REQUIRE(fe->width() == 800);
  REQUIRE(fe->height() == 480);
  CHECK(fe->font_px() == 28.0f);  // issue 15: body text at least 28 px on the 7" panel

  SECTION("attract") {
    CHECK(fe->frame(view_of(Screen::Attract)) == UiAction::None);
    const auto& f = fe->last_frame();
    CHECK(f.contains_text("Tiers-lieu de Saint-Affrique"));
    CHECK(f.contains_text("samedi 21 novembre"));
    CHECK(f.contains_text("14:30"));
    CHECK(f.contains_text("Passez votre badge"));
    CHECK(f.contains_text("Je suis de passage"));
    CHECK(f.contains_text("English"));
    CHECK(f.contains_text("J’ai besoin d’aide numérique"));
    CHECK_FALSE(f.contains_text("Lecteur de badge indisponible"));
    CHECK(f.buttons.size() == 3);  // walk-in, help, language
  }
  SECTION("attract without a site name says Escale") {
    auto v = view_of(Screen::Attract);
    v.site_name.clear();
    fe->frame(v);
    CHECK(fe->last_frame().texts.front() == "Escale");
  }
  SECTION("greeting") {
    fe->frame(view_of(Screen::Greeting));
    const auto& f = fe->last_frame();
    CHECK(f.contains_text("Bonjour Marie\u202F!"));
    CHECK(f.contains_text("Bonjour Marie !"));  // a script types a plain space
    CHECK(f.contains_text("Votre arrivée est enregistrée à 9 h 30."));
    CHECK(f.contains_text("Pensez à repasser votre badge en partant."));
    CHECK(f.contains_text("Terminé"));
  }
  SECTION("already here") {
    fe->frame(view_of(Screen::AlreadyHere));
    const auto& f = fe->last_frame();
    CHECK(f.contains_text("Marie, votre arrivée est déjà enregistrée (9 h 30)."));
    CHECK(f.contains_text("Terminé"));
  }
  SECTION("goodbye") {
    fe->frame(view_of(Screen::Goodbye));
    const auto& f = fe->last_frame();
    CHECK(f.contains_text("Au revoir Marie !"));
    CHECK(f.contains_text("Votre visite a duré 2 h 15."));
    CHECK(f.contains_text("Merci et à bientôt."));
    CHECK(f.contains_text("Terminé"));
  }
  SECTION("goodbye under an hour") {
    auto v = view_of(Screen::Goodbye);
    v.visit_minutes = 45;
    fe->frame(v);
    CHECK(fe->last_frame().contains_text("Votre visite a duré 45 min."));
  }
  SECTION("unknown badge") {
    fe->frame(view_of(Screen::UnknownBadge));
    const auto& f = fe->last_frame();
    CHECK(f.contains_text("Ce badge n’est pas encore enregistré."));
    CHECK(f.contains_text("Ce badge n'est pas encore enregistré."));  // straight apostrophe too
    CHECK(f.contains_text("Demandez à l’accueil : on l’enregistre en une minute."));
    CHECK(f.contains_text("Retour à l’accueil"));
  }
  SECTION("walk-in") {
    fe->frame(view_of(Screen::WalkIn));
    const auto& f = fe->last_frame();
    CHECK(f.contains_text("Bienvenue !"));
    CHECK(f.contains_text("Votre passage est compté. Merci."));
    CHECK(f.contains_text("Retour à l’accueil"));
  }
  SECTION("reader unavailable") {
    auto v = view_of(Screen::Attract);
    v.reader = ReaderHealth::Unavailable;
    fe->frame(v);
    CHECK(fe->last_frame().contains_text(
        "Lecteur de badge indisponible. Vous pouvez utiliser l’écran, ou prévenir l’accueil."));
  }
  SECTION("a storage problem is shown") {
    auto v = view_of(Screen::Greeting);
    v.last_error = "Enregistrement impossible. Prévenez l’accueil.";
    fe->frame(v);
    CHECK(fe->last_frame().contains_text("Enregistrement impossible."));
  }
}

TEST_CASE("every screen draws its texts in English", "[frontend]") {
  auto fe = headless();
  fe->frame(view_of(Screen::Attract, Language::English));
  CHECK(fe->last_frame().contains_text("Saturday 21 November"));
  CHECK(fe->last_frame().contains_text("Tap your badge"));
  CHECK(fe->last_frame().contains_text("I'm just visiting"));
  CHECK(fe->last_frame().contains_text("Français"));
  CHECK_FALSE(fe->last_frame().contains_text("Passez votre badge"));

  fe->frame(view_of(Screen::Greeting, Language::English));
  CHECK(fe->last_frame().contains_text("Hello Marie!"));
  CHECK(fe->last_frame().contains_text("Your arrival is recorded at 9:30\u00A0am."));
  CHECK(fe->last_frame().contains_text("Done"));

  fe->frame(view_of(Screen::Goodbye, Language::English));
  CHECK(fe->last_frame().contains_text("Goodbye Marie!"));
  CHECK(fe->last_frame().contains_text("Your visit lasted 2 hours 15 minutes."));

  fe->frame(view_of(Screen::UnknownBadge, Language::English));
  CHECK(fe->last_frame().contains_text("This badge is not registered yet."));
  CHECK(fe->last_frame().contains_text("Back to start"));

  fe->frame(view_of(Screen::WalkIn, Language::English));
  CHECK(fe->last_frame().contains_text("Welcome!"));

  fe->frame(view_of(Screen::AlreadyHere, Language::English));
  CHECK(fe->last_frame().contains_text("Marie, your arrival is already recorded (9:30\u00A0am)."));
}

TEST_CASE("taps find buttons by label and return their action", "[frontend]") {
  auto fe = headless();
  const auto attract = view_of(Screen::Attract);
  fe->frame(attract);

  CHECK(fe->tap("Je suis de passage", attract) == UiAction::WalkIn);
  CHECK(fe->tap("de passage", attract) == UiAction::WalkIn);  // a part of the label
  CHECK(fe->tap("English", attract) == UiAction::ToggleLanguage);
  CHECK_FALSE(fe->tap("Réserver un bureau", attract).has_value());

  // After a tap the finger is gone: a plain frame fires nothing.
  CHECK(fe->frame(attract) == UiAction::None);
  CHECK(fe->frame(attract) == UiAction::None);

  const auto greeting = view_of(Screen::Greeting);
  fe->frame(greeting);
  CHECK(fe->tap("Terminé", greeting) == UiAction::Home);
  const auto unknown = view_of(Screen::UnknownBadge);
  fe->frame(unknown);
  CHECK(fe->tap("Retour à l'accueil", unknown) == UiAction::Home);

  const auto english = view_of(Screen::Attract, Language::English);
  fe->frame(english);
  CHECK(fe->tap("Français", english) == UiAction::ToggleLanguage);
  CHECK(fe->tap("I'm just visiting", english) == UiAction::WalkIn);
}

TEST_CASE("a tap before any frame draws one first", "[frontend]") {
  auto fe = headless();
  CHECK(fe->tap("Je suis de passage", view_of(Screen::Attract)) == UiAction::WalkIn);
}

TEST_CASE("screenshots are PNGs of the screen", "[frontend]") {
  auto fe = headless();
  const auto path = kShots / "test-screenshot.png";
  std::filesystem::remove(path);
  CHECK_FALSE(fe->save_screenshot(path));  // nothing drawn yet

  fe->frame(view_of(Screen::Attract));
  REQUIRE(fe->save_screenshot(path));

  std::ifstream in(path, std::ios::binary);
  std::array<char, 8> magic{};
  in.read(magic.data(), magic.size());
  CHECK(std::string(magic.data(), 8) == "\x89PNG\r\n\x1a\n");

  const Png png = read_png(path);
  CHECK(png.w == 800);
  CHECK(png.h == 480);
  std::set<std::array<unsigned char, 4>> colours;
  for (int y = 0; y < png.h; y += 7) {
    for (int x = 0; x < png.w; x += 7) colours.insert(png.at(x, y));
  }
  CHECK(colours.size() > 10);
  // The page is off-white and the walk-in button dark blue: what was drawn,
  // not what SDL happened to leave in a buffer.
  CHECK(png.at(2, 2) == std::array<unsigned char, 4>{0xFA, 0xFA, 0xF7, 0xFF});
  const auto* walk_in = fe->last_frame().find_button("Je suis de passage");
  REQUIRE(walk_in != nullptr);
  const auto p = png.at(static_cast<int>(walk_in->x + 6), static_cast<int>(walk_in->y + walk_in->h / 2));
  CHECK(p == std::array<unsigned char, 4>{0x1F, 0x4E, 0x8C, 0xFF});

  // Screenshots are still right after more frames were presented.
  fe->frame(view_of(Screen::Greeting));
  fe->frame(view_of(Screen::Greeting));
  REQUIRE(fe->save_screenshot(path));
  CHECK(read_png(path).at(2, 2) == std::array<unsigned char, 4>{0xFA, 0xFA, 0xF7, 0xFF});

  CHECK_FALSE(fe->save_screenshot("/proc/no/such/dir/x.png"));
}

TEST_CASE("screenshots of every screen", "[frontend][screenshots]") {
  for (const auto& [w, h] : {std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280}}) {
    auto fe = headless(w, h);
    for (const Language lang : {Language::French, Language::English}) {
      for (const Screen s : kAllScreens) {
        fe->frame(view_of(s, lang));
        CHECK(fe->save_screenshot(kShots / shot_name(s, lang, w, h)));
      }
    }
    // The most crowded cases: the reader down and a storage problem at once.
    auto v = view_of(Screen::Attract);
    v.reader = ReaderHealth::Unavailable;
    fe->frame(v);
    CHECK(fe->save_screenshot(kShots / shot_name(Screen::Attract, Language::French, w, h, "-reader-down")));
    v.last_error = "Le dernier passage n’a pas pu être enregistré. Prévenez l’accueil.";
    fe->frame(v);
    CHECK(fe->save_screenshot(kShots / shot_name(Screen::Attract, Language::French, w, h, "-error")));
    auto g = view_of(Screen::Goodbye);
    g.first_name = "Marie-Bernadette";
    g.last_error = v.last_error;
    fe->frame(g);
    CHECK(fe->save_screenshot(kShots / shot_name(Screen::Goodbye, Language::French, w, h, "-error")));
  }
}

TEST_CASE("buttons and texts stay inside the screen, apart, and big enough to touch", "[frontend][layout]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  auto fe = headless(w, h);
  // 85 px is 15 mm down on the 7" 800×480 panel; buttons are 3.1 × the font
  // size, which is 28 px there and grows with the screen (widgets.hpp).
  const float min_h = 3.05f * fe->font_px();
  const float min_gap = 1.6f * fe->font_px();  // ≥ 8 mm between targets on the 7" panel
  for (const Language lang : {Language::French, Language::English}) {
    for (const Screen s : kAllScreens) {
      auto v = view_of(s, lang);
      fe->frame(v);
      check_texts_fit(fe->last_frame(), static_cast<float>(w), static_cast<float>(h));
      // The most crowded case: the reader down, a storage problem, a long name.
      v.reader = ReaderHealth::Unavailable;
      v.last_error = "Le dernier passage n’a pas pu être enregistré. Prévenez l’accueil.";
      if (!v.first_name.empty()) v.first_name = "Marie-Bernadette";
      fe->frame(v);
      const auto& buttons = fe->last_frame().buttons;
      INFO(w << "×" << h << " " << screen_name(s));
      REQUIRE_FALSE(buttons.empty());
      for (const auto& b : buttons) {
        INFO(b.label << " at " << b.x << "," << b.y << " " << b.w << "×" << b.h);
        CHECK(b.x >= 0.0f);
        CHECK(b.y >= 0.0f);
        CHECK(b.x + b.w <= static_cast<float>(w));
        CHECK(b.y + b.h <= static_cast<float>(h));
        CHECK(b.h >= min_h);
        CHECK(b.w >= min_h);
      }
      check_texts_fit(fe->last_frame(), static_cast<float>(w), static_cast<float>(h));
      for (std::size_t i = 0; i < buttons.size(); ++i) {
        for (std::size_t j = i + 1; j < buttons.size(); ++j) {
          const auto& a = buttons[i];
          const auto& b = buttons[j];
          const float gap_x = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
          const float gap_y = std::max(b.y - (a.y + a.h), a.y - (b.y + b.h));
          CHECK(std::max(gap_x, gap_y) >= min_gap);
        }
      }
    }
  }
}

TEST_CASE("a missing font file says which file and which package", "[frontend]") {
  FrontendOptions o;
  o.headless = true;
  o.font_path = "/nonexistent/DejaVuSans.ttf";
  try {
    Frontend fe(o);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find("/nonexistent/DejaVuSans.ttf") != std::string::npos);
    CHECK(what.find("fonts-dejavu-core") != std::string::npos);
  }
}

TEST_CASE("two frontends can live side by side", "[frontend]") {
  auto a = headless(800, 480);
  auto b = headless(1024, 600);
  a->frame(view_of(Screen::Greeting));
  b->frame(view_of(Screen::Goodbye));
  CHECK(a->last_frame().contains_text("Bonjour Marie"));
  CHECK(b->last_frame().contains_text("Au revoir Marie"));
  CHECK(a->tap("Terminé", view_of(Screen::Greeting)) == UiAction::Home);
  CHECK(b->font_px() == 35.0f);
}
