// Touch widgets for the booking and animator screens, on top of widgets.hpp:
// a scrolling area dragged with the finger, a grid cell that says « Libre » /
// « Pris » (taken cells are also hatched: never colour alone), a numeric PIN
// pad, an on-screen AZERTY keyboard with French accents, and a QR code drawn
// from libqrencode. Every button goes through big_button-style recording in
// the FrameRecord so scripts can tap them by label.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/widgets.hpp"

namespace escale::kiosk::ui {

// [SECTION] Drag-to-scroll area
// A child region at `pos`/`size` whose content scrolls when the finger drags
// anywhere on it (including over buttons: a drag of more than ~0.5 u cancels
// the button press so scrolling never books anything by accident).
// Usage:
//   if (begin_drag_scroll(ctx, "slots", pos, size)) { …draw content at
//   positions relative to drag_scroll_origin()… } end_drag_scroll(ctx, content_height);
// Content is drawn with absolute screen positions returned by
// drag_scroll_origin() (top-left of the content, already offset by the scroll).
// While content is taller than the area, a thick « ▲ / ▼ » hint shows that
// there is more (the hint is not a control).
// Details: only a vertical move counts as a drag, and only while there is
// something to scroll (on a list that fits, a finger that slips on a button
// still taps it). The content follows the finger from where it went down;
// the offset is clamped to [0, content_height - size.y], with the content
// height of the previous frame until end_drag_scroll gives the new one.
bool begin_drag_scroll(DrawContext& ctx, const char* id, ImVec2 pos, ImVec2 size);
ImVec2 drag_scroll_origin();
void end_drag_scroll(DrawContext& ctx, float content_height);
// True while the current frame's touch is a drag (buttons must not fire).
bool drag_in_progress();
// Width kept free at the right edge of a drag-scroll area for the « ▲ / ▼ »
// hint: lay content out in size.x - drag_scroll_gutter(ctx).
float drag_scroll_gutter(const DrawContext& ctx);
// Texts and buttons drawn inside the area are recorded clipped to it; those
// scrolled out of sight are not recorded (a script cannot tap them).

// [SECTION] Availability cell
enum class CellState { Free, Taken, Mine, Closed, Selected };
// A grid cell: Free reads « Libre » on white with an outline (tappable),
// Taken reads « Pris » on grey with diagonal hatching, Mine reads « À vous »,
// Closed is blank with a light dotted fill, Selected is filled dark blue with
// a check mark and « Choisi ». `label` overrides the word when not empty.
// Returns true when a Free or Selected cell is tapped. Recorded in the
// FrameRecord as a button (tappable) or text (not tappable) with its label.
bool availability_cell(DrawContext& ctx, const char* id, CellState state, ImVec2 pos, ImVec2 size,
                       std::string_view label = {});

// [SECTION] PIN pad
// A 3×4 numeric pad (1-9, « Effacer », 0, « Valider ») with the typed digits
// shown as dots above it. Edits `pin` (at most `max_digits`); returns true
// when « Valider » is tapped (with at least 4 digits).
// Typed digits are filled discs, free places rings. Until 4 digits are typed
// « Valider » is grey and does nothing. Keys are 4 u high when `size` allows
// it, never under 2.5 u; English labels: "Clear", "OK".
bool pin_pad(DrawContext& ctx, std::string& pin, ImVec2 pos, ImVec2 size, std::size_t max_digits = 6,
             Language lang = Language::French);

// [SECTION] On-screen keyboard
// AZERTY letters, a row of French accented letters (é è ê à â ç ù û ô î ï ë œ),
// a hyphen and apostrophe (’), space, « Effacer » (backspace) and a shift key
// for capitals; edits `text` (UTF-8; backspace removes a whole code point) up
// to `max_chars` code points. A digits mode (« 123 ») for phone numbers and
// INSEE codes. Returns true when text changed.
// `mode` is the mode shown first; the « 123 » / « ABC » key switches (kept
// per keyboard in ImGui's state). Shift is one-shot, as on a phone: the keys
// show capitals (É È À Ç Œ…) until one letter is typed; tapping « Maj »
// again turns it off. Labels in English: "Shift", "Delete", "Space".
// Fits in keyboard_min_height(ctx) (5 rows of 1.85 u keys: an animator's 9 mm); taller is better.
enum class KeyboardMode { Letters, Digits };
bool on_screen_keyboard(DrawContext& ctx, std::string& text, ImVec2 pos, ImVec2 size, KeyboardMode mode,
                        std::size_t max_chars = 40, Language lang = Language::French);
float keyboard_min_height(const DrawContext& ctx);

// Key sizes (widgets.hpp): a visitor's keys at least 2.45 u each way (12 mm
// on the 7" panel), an animator's at least 1.85 u (9 mm).
float visitor_key_u();
float animator_key_u();

// The same keyboard with its layout chosen by the screen. Letters: a row of
// accents above the letters when the keys stay min_key_u high that way,
// else an « é à ç » key in the bottom row shows them over the letters for
// one letter (then the letters again). Without the accents row, row 3 is
// « ⇧ w x c v b n - ’ ⌫ ». The keys sit against the bottom of the area.
struct KeyboardOptions {
  KeyboardMode mode = KeyboardMode::Letters;
  std::size_t max_chars = 40;
  Language lang = Language::French;
  float min_key_u = 1.85f;     // the least key height (in u) for the accents row to show
  bool capital_first = false;  // a name: shift is on while nothing is typed
  bool accent_row = true;      // false: the accents always behind their key
  bool digits_key = true;      // « 123 » / « ABC »
  bool email_keys = true;      // « @ » and « . » when there is room
  // The bottom row: its height (0: as the other rows) and room kept at its
  // ends, the row's full height, for the screen's own buttons (« Retour »
  // on the left, the way on on the right), `reserve_gap` away from the keys.
  float bottom_row_h = 0.0f;
  float reserve_left = 0.0f;
  float reserve_right = 0.0f;
  float reserve_gap = 0.0f;
};
bool on_screen_keyboard(DrawContext& ctx, std::string& text, ImVec2 pos, ImVec2 size, const KeyboardOptions& options);

// [SECTION] QR code
// The QR code of `text` (libqrencode, level M, 8-bit), dark modules on white
// with the 4-module quiet zone, as large as fits in `side` pixels (whole
// pixels per module). Returns false (and draws nothing) when `text` cannot be
// encoded. The text is recorded (as "qr:<text>") so tests can read it.
bool qr_code(DrawContext& ctx, std::string_view text, ImVec2 pos, float side);

// The symbol qr_code draws: `width` × `width` modules (without the quiet
// zone), row by row, true for dark. nullopt when `text` cannot be encoded.
struct QrMatrix {
  int width = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * width + x)]; }
};
std::optional<QrMatrix> qr_matrix(std::string_view text);
// Where qr_code(text, pos, side) puts its modules: the top-left pixel of the
// quiet zone, whole pixels per module, modules across including the quiet
// zone (width + 8). nullopt when the text cannot be encoded or does not fit.
struct QrLayout {
  ImVec2 origin;
  int module_px = 0;
  int modules = 0;
};
std::optional<QrLayout> qr_layout(std::string_view text, ImVec2 pos, float side);

}  // namespace escale::kiosk::ui
