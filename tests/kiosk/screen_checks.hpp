// Helpers for the screen tests (test_screens_booking.cpp,
// test_screens_animator.cpp): a headless frontend that draws one KioskView
// and keeps what its taps return (also taps by position, for the n-th of
// several buttons with the same label), layout checks (everything inside the
// screen, nothing overlapping, targets big and apart) and screenshots.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ui/frontend.hpp"
#include "ui/screens.hpp"
#include "ui/widgets.hpp"

namespace escale::kiosk::testing {

inline const std::filesystem::path kUiShots = std::filesystem::path(ESCALE_BINARY_DIR) / "screenshots" / "ui";

// The size rule of kiosk/ui/widgets.hpp: a target at least 3.05 u each way
// (85 px at 800×480, u = 28: 15.2 mm down, 16.4 mm across on the 7" panel),
// at least 1.6 u from the next (45 px: 8 mm down, 8.6 mm across).
inline float min_target(float u) {
  return 3.05f * u;
}
inline float min_target_gap(float u) {
  return 1.6f * u;
}

// A Paris wall-clock reading; format_day computes the weekday from the date.
inline LocalTime paris(int year, int month, int day, int hour = 0, int minute = 0) {
  LocalTime t;
  t.year = year;
  t.month = month;
  t.day = day;
  t.hour = hour;
  t.minute = minute;
  t.utc_offset_minutes = 60;
  return t;
}

// Tuesday 3 March 2026, the day of the UX brief's examples.
inline LocalTime march3(int hour = 0, int minute = 0) {
  return paris(2026, 3, 3, hour, minute);
}

class ScreenDriver {
 public:
  ScreenDriver(int width, int height) {
    ui::FrontendOptions o;
    o.headless = true;
    o.width = width;
    o.height = height;
    fe_ = std::make_unique<ui::Frontend>(o);
  }

  // Draws `view` (and keeps it for the taps that follow).
  const ui::FrameRecord& draw(const KioskView& view) {
    view_ = view;
    fe_->frame_with([this](ui::DrawContext& ctx) {
      const UiAction a = ui::draw_screen(ctx, view_);
      if (a.act != Act::None) got_ = a;
    });
    return fe_->last_frame();
  }
  const ui::FrameRecord& frame() const { return fe_->last_frame(); }

  // The n-th button (0 first) whose label is `label` (compared as
  // find_button does: exact first, then containing it).
  const ui::DrawnButton* button(std::string_view label, std::size_t n = 0) const {
    std::vector<const ui::DrawnButton*> exact;
    std::vector<const ui::DrawnButton*> partial;
    const auto norm = [](std::string_view s) {
      std::string out;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.substr(i).starts_with("\xE2\x80\xAF")) {
          out += ' ';
          i += 2;
        } else if (s.substr(i).starts_with("\xC2\xA0")) {
          out += ' ';
          i += 1;
        } else if (s.substr(i).starts_with("\xE2\x80\x99")) {
          out += '\'';
          i += 2;
        } else {
          out += s[i];
        }
      }
      return out;
    };
    const std::string want = norm(label);
    for (const auto& b : frame().buttons) {
      const std::string l = norm(b.label);
      if (l == want)
        exact.push_back(&b);
      else if (l.find(want) != std::string::npos)
        partial.push_back(&b);
    }
    if (n < exact.size()) return exact[n];
    if (exact.empty() && n < partial.size()) return partial[n];
    return nullptr;
  }

  // Taps the n-th button labelled `label`; the action the screen returned
  // (Act::None when no such button or the tap did nothing).
  UiAction tap(std::string_view label, std::size_t n = 0) {
    const ui::DrawnButton* b = button(label, n);
    if (b == nullptr) return UiAction::None;
    return tap_at(ImVec2(b->x + b->w / 2.0f, b->y + b->h / 2.0f));
  }
  UiAction tap_at(ImVec2 pos) {
    got_ = UiAction::None;
    fe_->tap_at(pos);
    return got_;
  }
  // A finger drag; the action a drag produced (there should be none).
  UiAction drag(ImVec2 from, ImVec2 to) {
    got_ = UiAction::None;
    fe_->drag(from, to);
    return got_;
  }

  // Drags the list under `at` up by `step` pixels, up to `times` times,
  // until a button labelled `label` shows whole. False when it never does.
  bool drag_until_button(std::string_view label, ImVec2 at, float step, int times = 12) {
    for (int i = 0; i <= times; ++i) {
      if (const auto* b = button(label); b != nullptr && b->h >= min_target(u())) return true;
      if (i < times && drag(at, ImVec2(at.x, at.y - step)).act != Act::None) return false;
    }
    return false;
  }
  // Same, collecting every text seen on the way (the first frame's too).
  std::string texts_while_dragging(ImVec2 at, float step, int times = 12) {
    std::string all;
    for (int i = 0; i <= times; ++i) {
      for (const auto& t : frame().texts) all += t + "\n";
      if (i < times) drag(at, ImVec2(at.x, at.y - step));
    }
    return all;
  }
  // `needle` in `texts` (from texts_while_dragging) as contains_text finds it.
  static bool seen(const std::string& texts, std::string_view needle) {
    ui::FrameRecord r;
    r.texts.push_back(texts);
    return r.contains_text(needle);
  }

  void shot(const std::string& name) { CHECK(fe_->save_screenshot(kUiShots / (name + ".png"))); }
  float u() const { return fe_->font_px(); }
  float width() const { return static_cast<float>(fe_->width()); }
  float height() const { return static_cast<float>(fe_->height()); }

 private:
  std::unique_ptr<ui::Frontend> fe_;
  KioskView view_;
  UiAction got_;
};

inline std::string size_name(int w, int h) {
  return std::to_string(w) + "x" + std::to_string(h);
}

inline bool overlap(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh) {
  constexpr float e = 0.5f;  // touching edges is fine
  return ax + aw > bx + e && bx + bw > ax + e && ay + ah > by + e && by + bh > ay + e;
}

// Buttons a layout check leaves out of the size and gap rules: keyboard and
// PIN keys (a keyboard's keys touch each other by nature).
using Exempt = std::function<bool(const ui::DrawnButton&)>;

inline bool is_keyboard_key(const ui::DrawnButton& b) {
  static const std::vector<std::string> words{"Maj",          "Effacer",
                                              "Espace",       "123",
                                              "ABC",          "Shift",
                                              "Delete",       "Space",
                                              "Clear",        "-",
                                              "\xE2\x80\x99", "Valider",
                                              "OK",           "\xC3\xA9 \xC3\xA0 \xC3\xA7"};  // é à ç: the accents key
  if (std::find(words.begin(), words.end(), b.label) != words.end()) return true;
  // One letter or digit (UTF-8: up to 2 bytes, or œ).
  return b.label.size() <= 2;
}

// Everything inside the screen; no text over another text or a button;
// every button (but the exempt) at least min_target(u) high and wide (15 mm on
// the 7" panel) and min_target_gap(u) from the others.
// `whole`: no list is scrolled, every button is whole (a button cut by the
// edge of a scrolling list is recorded as its visible part only).
inline void check_layout(const ui::FrameRecord& f, float w, float h, float u, const Exempt& exempt = {},
                         bool whole = true) {
  REQUIRE(f.text_boxes.size() == f.texts.size());
  const auto is_label = [&](std::size_t i) {
    const auto& t = f.text_boxes[i];
    return std::any_of(f.buttons.begin(), f.buttons.end(), [&](const ui::DrawnButton& b) {
      return b.label == f.texts[i] && b.x == t.x && b.y == t.y && b.w == t.w && b.h == t.h;
    });
  };
  for (std::size_t i = 0; i < f.texts.size(); ++i) {
    const auto& a = f.text_boxes[i];
    INFO("text « " << f.texts[i] << " » at " << a.x << "," << a.y << " " << a.w << "×" << a.h);
    CHECK(a.x >= -0.5f);
    CHECK(a.y >= -0.5f);
    CHECK(a.x + a.w <= w + 0.5f);
    CHECK(a.y + a.h <= h + 0.5f);
    if (is_label(i)) continue;
    for (const auto& b : f.buttons) {
      INFO("button " << b.label << " at " << b.x << "," << b.y << " " << b.w << "×" << b.h);
      CHECK_FALSE(overlap(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h));
    }
    for (std::size_t j = i + 1; j < f.texts.size(); ++j) {
      if (is_label(j)) continue;
      const auto& b = f.text_boxes[j];
      INFO("and « " << f.texts[j] << " » at " << b.x << "," << b.y << " " << b.w << "×" << b.h);
      CHECK_FALSE(overlap(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h));
    }
  }
  const float min_side = min_target(u);
  const float min_gap = min_target_gap(u);
  std::vector<const ui::DrawnButton*> checked;
  for (const auto& b : f.buttons) {
    INFO("button " << b.label << " at " << b.x << "," << b.y << " " << b.w << "×" << b.h);
    CHECK(b.x >= -0.5f);
    CHECK(b.y >= -0.5f);
    CHECK(b.x + b.w <= w + 0.5f);
    CHECK(b.y + b.h <= h + 0.5f);
    if (exempt && exempt(b)) continue;
    CHECK(b.w >= min_side);
    if (whole) CHECK(b.h >= min_side - 0.5f);
    checked.push_back(&b);
  }
  for (std::size_t i = 0; i < checked.size(); ++i) {
    for (std::size_t j = i + 1; j < checked.size(); ++j) {
      const auto& a = *checked[i];
      const auto& b = *checked[j];
      const float gap_x = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
      const float gap_y = std::max(b.y - (a.y + a.h), a.y - (b.y + b.h));
      INFO(a.label << " and " << b.label);
      CHECK(std::max(gap_x, gap_y) >= min_gap - 0.5f);
    }
  }
}

}  // namespace escale::kiosk::testing
