// Layout pieces shared by the screens (screens.cpp, screens_booking.cpp,
// screens_animator.cpp): the header line, buttons whose label always fits,
// a column of blocks that scrolls by dragging when it is too tall, the
// bottom bar of buttons and menu grids. Sizes are multiples of u.
//
// A screen is: the header (where you are, the time), a middle (a Column,
// scrolled when it does not fit) and buttons at the bottom (the way on and
// the way back, always in the same place).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/kiosk_app.hpp"
#include "ui/widgets.hpp"

namespace escale::kiosk::ui::kit {

std::string_view site_name(const KioskView& view);
// Wide enough to put an icon beside the text rather than above it.
bool is_wide(const DrawContext& ctx);
bool is_landscape(const DrawContext& ctx);

// The top line of every screen but attract: the site's name (or `title`,
// bold: where you are), the « Mode animation » marker in animator mode, the
// clock. Returns the y of the rule under it.
float draw_header(DrawContext& ctx, const KioskView& view, std::string_view title = {}, bool animator = false);
// Where content starts below a header ending at `header_bottom`.
float content_top(const DrawContext& ctx, float header_bottom);

// [SECTION] Buttons
// A big touch button like big_button, whose label always shows whole: the
// button font on one line, else on two, else the body font on one or two
// lines; cut with « … » only as a last resort. Recorded with the full label.
// Does not fire at the end of a drag. Callers with several buttons of the
// same label push an ImGui ID around each.
// With `font`, only that font is tried (a row of buttons reads alike).
bool touch_button(DrawContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size,
                  ButtonKind kind = ButtonKind::Primary, ImFont* font = nullptr);
// True when `label` fits a button of `size` in `font` (default: the button
// font), on one or two lines.
bool label_fits(const DrawContext& ctx, std::string_view label, ImVec2 size, ImFont* font = nullptr);
// The height of a button `width` wide whose long label shows whole in the
// body font on as many lines as it needs (at least a button's height).
float label_height(const DrawContext& ctx, std::string_view label, float width);

// « Retour » (« Back ») sits in one rectangle on every screen that has it:
// the bottom left corner, one button high, wide enough for either language.
// The bottom bar puts it there when it is its first button; screens that
// lay their own buttons out use these.
bool is_back_label(std::string_view label);
ImVec2 back_button_pos(const DrawContext& ctx);
ImVec2 back_button_size(const DrawContext& ctx);

struct ButtonSpec {
  std::string label;  // empty: an empty slot in a grid
  UiAction action;
  ButtonKind kind = ButtonKind::Primary;
};

// The bottom bar: the first button at the left, the last at the right (the
// way back on the left, the way on on the right), one row when they fit,
// else stacked across the width in the given order. A single button sits at
// the left, or in the centre with `centre_single`.
float bottom_bar_top(const DrawContext& ctx, const std::vector<ButtonSpec>& buttons);
UiAction draw_bottom_bar(DrawContext& ctx, const std::vector<ButtonSpec>& buttons, bool centre_single = false);

// A grid of equal buttons, `columns` across `width`, button_height() high, target_gap() apart.
// The most columns (up to `max_columns`) whose cells fit every label in
// `font` (default: the button font).
int grid_columns(const DrawContext& ctx, const std::vector<ButtonSpec>& buttons, float width, int max_columns,
                 ImFont* font = nullptr);
float grid_height(const DrawContext& ctx, std::size_t count, int columns);
UiAction draw_button_grid(DrawContext& ctx, const std::vector<ButtonSpec>& buttons, ImVec2 pos, float width,
                          int columns, ImFont* font = nullptr);

// A tile that is not a button: a day that is closed or full, a duration
// that is taken. Grey and hatched (`hatched`) or dotted, its words centred
// on a plain plate (up to three lines of body text): never colour alone.
// Recorded as text with the tile's box.
void tile(DrawContext& ctx, std::string_view text, ImVec2 pos, ImVec2 size, bool hatched);

// [SECTION] Text
// A wrapped paragraph with each line centred in [x, x + width]; recorded once.
float text_centred_in(DrawContext& ctx, ImFont* font, std::string_view text, float x, float width, float y,
                      ImU32 col = colour::kText);
// A single line cut with « … » to fit `width` (recorded whole).
void text_one_line(DrawContext& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                   ImU32 col = colour::kText);

// An information box: like notice() (a bordered box with a sentence) but
// with the « i » sign and a blue border, for good news that needs attention
// (« Votre réservation est notée… »).
float info_box_height(const DrawContext& ctx, std::string_view text, float width);
float info_box(DrawContext& ctx, std::string_view text, ImVec2 pos, float width);

// A box showing what is typed on the on-screen keyboard (the end stays
// visible when it is long), or `hint` in grey while empty.
void typing_box(DrawContext& ctx, std::string_view text, std::string_view hint, ImVec2 pos, ImVec2 size, ImFont* font);

// [SECTION] Column of blocks
enum class Icon { None, Check, Info, Warning };

struct Block {
  float gap_before = 0.0f;
  std::function<float(const DrawContext&, float width)> height;
  std::function<UiAction(DrawContext&, ImVec2 pos, float width)> draw;
  // A row of a list (bookings, people, days to choose): the only blocks a
  // visitor may have to drag into sight. Everything else must fit.
  bool list_item = false;
};

class Column {
 public:
  Column& add(Block block);
  // The screen's title with its icon: beside it on a wide screen (later
  // blocks are indented by indent()), above it otherwise.
  Column& titled(const DrawContext& ctx, Icon icon, std::string title);
  Column& text(const DrawContext& ctx, ImFont* font, std::string text, float gap_u, ImU32 col = colour::kText);
  Column& warning(const DrawContext& ctx, std::string text, float gap_u);
  Column& info(const DrawContext& ctx, std::string text, float gap_u);
  Column& space(float height);
  // Marks the last block as a row of a list (Block::list_item).
  Column& listed();
  float indent() const { return indent_; }
  bool empty() const { return blocks_.empty(); }

  float height(const DrawContext& ctx, float width) const;
  UiAction draw(DrawContext& ctx, ImVec2 pos, float width) const;

 private:
  std::vector<Block> blocks_;
  float indent_ = 0.0f;
};

// begin_drag_scroll (touch_widgets.hpp) with what the kit needs around it:
// use it in place of begin_drag_scroll, then end_drag_scroll as usual.
void begin_scroll_area(DrawContext& ctx, const char* id, ImVec2 pos, ImVec2 size, bool& visible);

enum class Fit { Top, Centre };
// Draws `column` in the rectangle: as it is when it fits (at the top or
// centred), else in a drag-scroll area named `id`. Returns the tap.
UiAction draw_middle(DrawContext& ctx, const char* id, const Column& column, ImVec2 pos, ImVec2 size,
                     Fit fit = Fit::Top);

// A list of rows (bookings, people): rows separated by a rule, each row
// drawn by the caller at its position. Helper for the common « text on the
// left, buttons on the right » row.
struct RowButtons {
  std::vector<ButtonSpec> buttons;  // left to right
};
// Height of a row with `lines` of text (each a {font, text, colour}) and the buttons.
struct Line {
  ImFont* font;
  std::string text;
  ImU32 col = colour::kText;
};
Block list_row(const DrawContext& ctx, std::vector<Line> lines, std::vector<ButtonSpec> buttons, int row_id,
               bool rule_above);
// Buttons one under the other, each as tall as its long label needs in the
// body font (a workshop's title, day, time and seats; a long compound name).
Block tall_button_list(std::vector<ButtonSpec> buttons);

}  // namespace escale::kiosk::ui::kit
