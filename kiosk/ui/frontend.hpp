// The kiosk's window: SDL2 + Dear ImGui (SDL_Renderer backend, software
// renderer when headless). It draws a KioskView, reports what the person
// tapped, and records the texts and buttons of each frame so the headless
// script mode can tap a button by its label and assert what is on screen.
//
// The frontend owns no app state: frame(view) is a pure drawing of the view.
#pragma once

#include <SDL.h>

#include <imgui.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/kiosk_app.hpp"

namespace escale::kiosk::ui {

struct FrontendOptions {
  bool headless = false;           // SDL "offscreen" video driver + software renderer, no window shown
  bool software_renderer = false;  // draw with the CPU even with a window (no GL driver loaded: less memory)
  bool fullscreen = true;          // ignored when headless
  int width = 800;                 // window size in pixels (the official 7" Pi display)
  int height = 480;
  float scale = 1.0f;  // multiplies the font size (which sets every other size)
  std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  std::string title = "Escale";
};

// What was on screen in the last frame.
struct DrawnButton {
  std::string label;
  float x = 0, y = 0, w = 0, h = 0;  // screen rectangle in pixels
};
struct TextBox {
  float x = 0, y = 0, w = 0, h = 0;  // screen rectangle in pixels
};
// A text not shown whole: cut by the visible rectangle of a scroll area (or
// scrolled out of it: `visible` is empty), shortened with « … », or a label
// wider than its key or button.
struct ClippedText {
  std::string text;
  TextBox drawn;    // where the whole text was drawn
  TextBox visible;  // what of it shows
};
struct FrameRecord {
  std::vector<std::string> texts;  // every text drawn (button labels included)
  std::vector<DrawnButton> buttons;
  // Where each of `texts` was drawn, same order (a button label's box is its
  // button): layout tests check that nothing overlaps or leaves the screen.
  std::vector<TextBox> text_boxes;
  // Areas that scroll by dragging (touch_widgets' begin_drag_scroll), for
  // scripts that scroll like a finger would.
  std::vector<TextBox> scroll_areas;
  // Texts not shown whole (see ClippedText), and where the rows of scrolling
  // lists were drawn (whole, before clipping): a list row may be scrolled out
  // of sight, every other text must show whole (tests/kiosk/test_screens_fit.cpp).
  std::vector<ClippedText> clipped;
  std::vector<TextBox> list_items;
  // `needle` is a substring of some text. U+202F and U+00A0 compare as a
  // plain space and ’ as ', on both sides, so scripts can type them plainly.
  bool contains_text(std::string_view needle) const;
  // The button labelled `label`: exact match first, else the first label
  // containing it, compared as contains_text does ("I'm just visiting"
  // finds « I’m just visiting »). nullptr when none was drawn.
  const DrawnButton* find_button(std::string_view label) const;
};

struct DrawContext;  // widgets.hpp

class Frontend {
 public:
  // Initialises SDL video (offscreen driver when headless), the window, the
  // renderer, ImGui and the fonts. Throws std::runtime_error with a clear
  // message (e.g. no display, font file missing).
  explicit Frontend(FrontendOptions options);
  ~Frontend();
  Frontend(const Frontend&) = delete;
  Frontend& operator=(const Frontend&) = delete;

  // Feeds one SDL event to ImGui (mouse, touch-as-mouse, keyboard, window).
  // Returns true when the event asks to quit (window closed, or Escape held
  // with Ctrl: Ctrl+Q).
  bool process_event(const SDL_Event& event);

  // Draws one frame of the view, presents it, and returns the tap made in it
  // (UiAction::None when there was none).
  UiAction frame(const KioskView& view);

  // Headless scripting: taps the button whose label is `label` (exact match
  // first, else the first label containing it) as a finger would: a frame
  // with the button pressed, then a frame released. Returns nullopt when no
  // such button was on screen in the last frame; otherwise the action the tap
  // produced.
  std::optional<UiAction> tap(std::string_view label, const KioskView& view);

  // Widget tests and previews: draws one frame with `draw` instead of a
  // screen (same full-screen window, background and FrameRecord). `draw` is
  // kept: tap(label), tap_at and drag below draw their frames with it.
  void frame_with(const std::function<void(DrawContext&)>& draw);

  // Headless scripting with whatever was drawn last (the last view given to
  // frame()/tap(label, view), or the last frame_with() function):
  // taps the centre of the button labelled `label` (found as tap(label, view)
  // finds it) as tap_at does. False when no such button was on screen in
  // the last frame.
  bool tap(std::string_view label);
  // A finger down then up at `pos` (two frames), then one frame without a
  // finger, so last_frame() shows the result. True when `pos` is inside a
  // button recorded in the frame before the tap.
  bool tap_at(ImVec2 pos);
  // A finger put down at `from`, moved to `to` in `steps` frames, lifted
  // there, then one frame without a finger: steps + 3 frames through the
  // same injected pointer as taps.
  void drag(ImVec2 from, ImVec2 to, int steps = 8);
  // The same along a path (a finger that goes and comes back): down at the
  // first point, `steps` frames along each segment, up at the last.
  void drag_through(const std::vector<ImVec2>& points, int steps = 8);

  const FrameRecord& last_frame() const;

  // Saves what is on screen now as a PNG (SDL_RenderReadPixels + stb_image_write).
  // Returns false, with an error logged, when it cannot be written.
  bool save_screenshot(const std::filesystem::path& png) const;

  int width() const;
  int height() const;
  // The body font size in pixels, which every other size derives from
  // (28 at 800×480): buttons are 3.1× it, gaps between targets 1.65× (widgets.hpp).
  float font_px() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads the renderer's current target (SDL_RenderReadPixels) and writes it
// as an opaque RGBA PNG, creating the parent folder if needed. Returns false,
// with the reason logged, when it cannot. Used by Frontend::save_screenshot.
bool write_renderer_png(SDL_Renderer* renderer, const std::filesystem::path& png);

}  // namespace escale::kiosk::ui
