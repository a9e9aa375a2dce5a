// A member's booking screens. Index:
// [SECTION] Shared pieces (header title, « Retour » bar, message layout)
// [SECTION] Choosing: day, desk grid, visio start and duration
// [SECTION] Confirming: question, booked, cancelled
// [SECTION] My bookings
//
// The steps are lists of big choices under a header that says where you are
// (« Réserver un bureau : quel jour ? »), with « Retour » at the bottom left.
// What does not fit is dragged with the finger (kit::draw_middle). A taken
// or closed choice is hatched or dotted and says so in words.
#include <algorithm>
#include <string>
#include <vector>

#include "ui/screen_kit.hpp"
#include "ui/screens.hpp"
#include "ui/strings.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui {
namespace {

// [SECTION] Shared pieces

// Booking for someone else: an animator books for `subject_name`.
bool for_subject(const KioskView& view) {
  return !view.subject_name.empty();
}

kit::ButtonSpec back_button(const KioskView& view) {
  return {std::string(tr(Text::BackButton, view.language)), UiAction{Act::Back}, ButtonKind::Secondary};
}

// A step screen: header `title`, a middle column (dragged when too tall),
// the bar at the bottom.
UiAction draw_step(DrawContext& ctx, const KioskView& view, std::string_view title, const char* id,
                   const kit::Column& col, const std::vector<kit::ButtonSpec>& bar, kit::Fit fit = kit::Fit::Top) {
  const float m = ctx.margin();
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, title, for_subject(view)));
  // Choices (at the top) keep a target's gap from the bar; a message, a line.
  const float gap = fit == kit::Fit::Top ? ctx.target_gap() : 0.75f * ctx.u();
  const float bottom = kit::bottom_bar_top(ctx, bar) - gap;
  const UiAction middle =
      kit::draw_middle(ctx, id, col, ImVec2(m, top), ImVec2(ctx.screen.x - 2.0f * m, bottom - top), fit);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : middle;
}

// A message screen of the booking flow: icon, title, lines, centred.
UiAction draw_booking_message(DrawContext& ctx, const KioskView& view, std::string_view header_title, kit::Icon icon,
                              std::string title, const std::vector<std::string>& lines,
                              const std::vector<kit::ButtonSpec>& bar) {
  kit::Column col;
  col.titled(ctx, icon, std::move(title));
  for (std::size_t i = 0; i < lines.size(); ++i) col.text(ctx, ctx.fonts.body, lines[i], i == 0 ? 0.6f : 0.45f);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);
  return draw_step(ctx, view, header_title, "message", col, bar, kit::Fit::Centre);
}

// « Pour Marie Dupont. » when an animator books for a member; when moving
// a booking, where it is until now.
std::vector<std::string> subject_lines(const KioskView& view) {
  if (!for_subject(view)) return {};
  if (view.moving) return {moving_from_line(*view.moving, view.language)};
  return {booking_for(view.subject_name, view.language) + "."};
}

// Moving a booking (animator mode): each step's header says whose booking
// moves (« Déplacer la réservation de Zoé Garnier : quel jour ? »).
bool moving(const KioskView& view) {
  return view.moving.has_value() && for_subject(view);
}

std::string_view kind_title(const KioskView& view) {
  return tr(view.booking_kind == ResourceKind::Desk ? Text::BookDeskButton : Text::BookVisioButton, view.language);
}

// A grid of choices, `columns` across: each is a touch button (free) or a
// tile (not free). Cells are button_height() high, target_gap() apart.
struct GridChoice {
  std::string label;
  bool free = true;
  bool hatched = true;  // not free: hatched (taken, full) or dotted (closed)
  UiAction action;
};

kit::Block choice_grid(std::vector<GridChoice> choices, int max_columns) {
  const auto columns_for = [choices, max_columns](const DrawContext& c, float width) {
    // The buttons' labels decide; a tile's words wrap on up to three lines.
    std::vector<kit::ButtonSpec> specs;
    for (const auto& ch : choices) {
      if (ch.free) specs.push_back({ch.label, ch.action});
    }
    return kit::grid_columns(c, specs, width, max_columns);
  };
  kit::Block b;
  b.list_item = true;  // a row of a list: may be dragged into sight
  b.height = [=](const DrawContext& c, float width) {
    return kit::grid_height(c, choices.size(), columns_for(c, width));
  };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    const int columns = columns_for(c, width);
    const float gap = c.target_gap();
    const float cell = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float h = c.button_height();
    UiAction action = UiAction::None;
    for (std::size_t i = 0; i < choices.size(); ++i) {
      const auto col = static_cast<float>(i % static_cast<std::size_t>(columns));
      const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
      const ImVec2 p(pos.x + col * (cell + gap), pos.y + row * (h + gap));
      if (choices[i].free) {
        ImGui::PushID(static_cast<int>(i));
        if (kit::touch_button(c, choices[i].label, p, ImVec2(cell, h))) action = choices[i].action;
        ImGui::PopID();
      } else {
        kit::tile(c, choices[i].label, p, ImVec2(cell, h), choices[i].hatched);
      }
    }
    return action;
  };
  return b;
}

// [SECTION] Choosing

// The state of a desk grid cell as touch_widgets draws it.
ui::CellState cell_state(kiosk::CellState s) {
  switch (s) {
    case kiosk::CellState::Free:
      return ui::CellState::Free;
    case kiosk::CellState::Taken:
      return ui::CellState::Taken;
    case kiosk::CellState::Mine:
      return ui::CellState::Mine;
    case kiosk::CellState::Closed:
      return ui::CellState::Closed;
  }
  return ui::CellState::Closed;
}

std::string cell_word(kiosk::CellState s, Language lang) {
  switch (s) {
    case kiosk::CellState::Free:
      return std::string(tr(Text::CellFree, lang));
    case kiosk::CellState::Taken:
      return std::string(tr(Text::CellTaken, lang));
    case kiosk::CellState::Mine:
      return std::string(tr(Text::CellMine, lang));
    case kiosk::CellState::Closed:
      return std::string(tr(Text::CellClosed, lang));
  }
  return {};
}

// The desk grid's geometry for a width: the desk names beside the cells on
// a wide screen (their column at least `min_name_w`: « Retour » sits above
// it), above them on a narrow one.
struct GridGeometry {
  bool names_beside = true;
  float name_w = 0.0f;   // beside: the names' column
  float cells_x = 0.0f;  // offset of the first cell from the left
  float cell_w = 0.0f;
  float gap = 0.0f;
};

GridGeometry grid_geometry(const DrawContext& ctx, const DeskGrid& grid, float width, float min_name_w) {
  const float u = ctx.u();
  GridGeometry g;
  g.gap = ctx.target_gap();
  float widest = 0.0f;
  for (const auto& row : grid.rows) {
    widest = std::max(widest, text_width(ctx.fonts.button, row.resource_name));
    if (!row.features.empty()) widest = std::max(widest, std::min(text_width(ctx.fonts.body, row.features), 8.0f * u));
  }
  g.name_w = std::max(std::clamp(widest, 4.0f * u, 0.3f * width), min_name_w);
  g.cells_x = g.name_w + u;
  g.cell_w = (width - g.cells_x - 2.0f * g.gap) / 3.0f;
  if (g.cell_w < 5.0f * u) {
    g.names_beside = false;
    g.name_w = width;
    g.cells_x = 0.0f;
    g.cell_w = (width - 2.0f * g.gap) / 3.0f;
  }
  return g;
}

float row_name_height(const DrawContext& ctx, const GridRow& row, float width) {
  float h = paragraph_height(ctx, ctx.fonts.button, row.resource_name, width);
  if (!row.features.empty()) h += 0.2f * ctx.u() + paragraph_height(ctx, ctx.fonts.body, row.features, width);
  return h;
}

float draw_row_name(DrawContext& ctx, const GridRow& row, ImVec2 pos, float width) {
  float h = paragraph(ctx, ctx.fonts.button, row.resource_name, pos, width);
  if (!row.features.empty()) {
    h += 0.2f * ctx.u();
    h += paragraph(ctx, ctx.fonts.body, row.features, ImVec2(pos.x, pos.y + h), width, colour::kTextSecondary);
  }
  return h;
}

std::string part_name(int part, Language lang) {
  static constexpr Text kParts[3] = {Text::Morning, Text::Afternoon, Text::WholeDay};
  return std::string(tr(kParts[part], lang));
}

// A heading may use the gap beside its column: « Après-midi » and
// « 13 h 30 – 18 h » stay on one line each where they can.
float heading_width(const GridGeometry& g) {
  return g.cell_w + 0.8f * g.gap;
}
ImFont* heading_font(const DrawContext& ctx, std::string_view text, float width) {
  return text_width(ctx.fonts.button, text) <= width ? ctx.fonts.button : ctx.fonts.body;
}

// The column headings: « Matin » and « 9 h – 12 h 30 » under it.
float headings_height(const DrawContext& ctx, const DeskGrid& grid, const GridGeometry& g, Language lang) {
  const float w = heading_width(g);
  float h = 0.0f;
  for (int p = 0; p < 3; ++p) {
    const std::string name = part_name(p, lang);
    float ph = paragraph_height(ctx, heading_font(ctx, name, w), name, w);
    if (const auto& part = grid.parts[static_cast<std::size_t>(p)]) {
      ph += 0.15f * ctx.u() + paragraph_height(ctx, ctx.fonts.body, time_range(part->first, part->second, lang), w);
    }
    h = std::max(h, ph);
  }
  return h;
}

void draw_headings(DrawContext& ctx, const DeskGrid& grid, const GridGeometry& g, ImVec2 pos, Language lang) {
  const float w = heading_width(g);
  for (int p = 0; p < 3; ++p) {
    const float x = pos.x + g.cells_x + static_cast<float>(p) * (g.cell_w + g.gap) - (w - g.cell_w) / 2.0f;
    const std::string name = part_name(p, lang);
    float y = pos.y;
    y += kit::text_centred_in(ctx, heading_font(ctx, name, w), name, x, w, y);
    if (const auto& part = grid.parts[static_cast<std::size_t>(p)]) {
      y += 0.15f * ctx.u();
      kit::text_centred_in(ctx, ctx.fonts.body, time_range(part->first, part->second, lang), x, w, y,
                           colour::kTextSecondary);
    }
  }
}

kit::Block grid_row(const DeskGrid& grid, std::size_t r, float min_name_w, Language lang) {
  const GridRow row = grid.rows[r];
  kit::Block b;
  b.list_item = true;   // a row of a list: may be dragged into sight
  b.gap_before = 0.0f;  // set by the caller
  b.height = [=](const DrawContext& c, float width) {
    const GridGeometry g = grid_geometry(c, grid, width, min_name_w);
    const float name_h = row_name_height(c, row, g.name_w);
    return g.names_beside ? std::max(c.button_height(), name_h) : name_h + 0.4f * c.u() + c.button_height();
  };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    const GridGeometry g = grid_geometry(c, grid, width, min_name_w);
    const float name_h = row_name_height(c, row, g.name_w);
    const float cells_y = g.names_beside ? pos.y : pos.y + name_h + 0.4f * c.u();
    const float name_y = g.names_beside ? pos.y + std::max(0.0f, (c.button_height() - name_h) / 2.0f) : pos.y;
    draw_row_name(c, row, ImVec2(pos.x, name_y), g.name_w);
    UiAction action = UiAction::None;
    ImGui::PushID(static_cast<int>(r));
    for (int p = 0; p < 3; ++p) {
      const auto state = row.cells[static_cast<std::size_t>(p)];
      const ImVec2 cell_pos(pos.x + g.cells_x + static_cast<float>(p) * (g.cell_w + g.gap), cells_y);
      const char* ids[3] = {"morning", "afternoon", "day"};
      if (availability_cell(c, ids[p], cell_state(state), cell_pos, ImVec2(g.cell_w, c.button_height()),
                            cell_word(state, lang))) {
        action = UiAction{Act::PickCell, static_cast<int>(r) * 3 + p};
      }
    }
    ImGui::PopID();
    return action;
  };
  return b;
}

}  // namespace

UiAction draw_book_day(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  std::vector<GridChoice> choices;
  for (std::size_t i = 0; i < view.days.size(); ++i) {
    const DayChoice& d = view.days[i];
    const bool free = d.open && d.any_free;
    choices.push_back(GridChoice{free ? day_button_label(d, view.now, lang) : day_unavailable_label(d, view.now, lang),
                                 free, d.open, UiAction{Act::PickDay, static_cast<int>(i)}});
  }
  kit::Column col;
  // In animator mode, for whom (the member is not the one at the screen);
  // moving, where the booking is until now.
  if (for_subject(view)) {
    col.text(ctx, ctx.fonts.body, subject_lines(view).front(), 0.0f);
    col.space(0.6f * ctx.u());
  }
  if (choices.empty()) {
    col.text(ctx, ctx.fonts.body, std::string(tr(Text::NoTimeLeft, lang)), for_subject(view) ? 0.45f : 0.0f);
  } else {
    col.add(choice_grid(std::move(choices), kit::is_landscape(ctx) ? 3 : 2));
  }
  std::vector<kit::ButtonSpec> bar{back_button(view)};
  // An animator booking for a member chooses the kind here (members choose
  // it in their menu); a booking moved keeps its kind.
  if (!view.subject_name.empty() && !moving(view) && view.has_desks && view.has_visio) {
    const bool desk = view.booking_kind == ResourceKind::Desk;
    bar.push_back({std::string(tr(desk ? Text::SwitchToVisio : Text::SwitchToDesk, lang)),
                   UiAction{desk ? Act::BookVisio : Act::BookDesk}, ButtonKind::Secondary});
  }
  const std::string title =
      moving(view) ? move_day_title(view.subject_name, lang) : book_day_title(view.booking_kind, lang);
  return draw_step(ctx, view, title, "days", col, bar);
}

UiAction draw_book_desk_grid(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const kit::ButtonSpec back = back_button(view);
  const std::vector<kit::ButtonSpec> bar{back};
  const std::string title =
      moving(view) ? move_grid_title(view.subject_name, view.chosen_day, lang) : desk_grid_title(view.chosen_day, lang);
  const float header = kit::draw_header(ctx, view, title, for_subject(view));
  const float top = kit::content_top(ctx, header);

  if (view.grid.rows.empty()) {
    kit::Column col;
    col.text(ctx, ctx.fonts.body, std::string(tr(Text::NoTimeLeft, lang)), 0.0f);
    const float bottom = kit::bottom_bar_top(ctx, bar) - ctx.target_gap();
    const UiAction middle = kit::draw_middle(ctx, "grid", col, ImVec2(m, top), ImVec2(content_w, bottom - top));
    const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
    return tapped.act != Act::None ? tapped : middle;
  }

  // The headings stay put; the rows scroll under them. The gutter is kept
  // free in both so that headings and cells line up. With the names beside
  // the cells (landscape), « Retour » sits in the corner above the names:
  // the rows get the height of the whole screen.
  const float rows_w = content_w - drag_scroll_gutter(ctx);
  const float back_w = button_width(ctx, back.label, 6.0f * u, content_w);
  const GridGeometry g = grid_geometry(ctx, view.grid, rows_w, back_w);
  const bool corner = g.names_beside;
  const float min_name_w = corner ? back_w : 0.0f;
  const GridGeometry geometry = corner ? g : grid_geometry(ctx, view.grid, rows_w, 0.0f);
  const float heads_h = headings_height(ctx, view.grid, geometry, lang);
  UiAction action = UiAction::None;
  float rows_top = 0.0f;
  float rows_bottom = 0.0f;
  if (corner) {
    const float row_h = std::max(heads_h, ctx.button_height());
    if (kit::touch_button(ctx, back.label, ImVec2(m, top), ImVec2(back_w, ctx.button_height()), back.kind)) {
      action = back.action;
    }
    draw_headings(ctx, view.grid, geometry, ImVec2(m, top + (row_h - heads_h) / 2.0f), lang);
    rows_top = top + row_h + ctx.target_gap();
    rows_bottom = ctx.screen.y - m;
  } else {
    draw_headings(ctx, view.grid, geometry, ImVec2(m, top), lang);
    rows_top = top + heads_h + 0.75f * u;
    rows_bottom = kit::bottom_bar_top(ctx, bar) - ctx.target_gap();
  }

  kit::Column col;
  for (std::size_t r = 0; r < view.grid.rows.size(); ++r) {
    kit::Block b = grid_row(view.grid, r, min_name_w, lang);
    b.gap_before = ctx.target_gap();
    col.add(std::move(b));
  }
  const float rows_h = col.height(ctx, rows_w);
  const ImVec2 area_pos(m, rows_top);
  const ImVec2 area_size(content_w, rows_bottom - rows_top);
  UiAction picked = UiAction::None;
  if (rows_h <= area_size.y + 0.5f) {
    picked = col.draw(ctx, area_pos, rows_w);
  } else {
    bool visible = false;
    kit::begin_scroll_area(ctx, "grid", area_pos, area_size, visible);
    if (visible) picked = col.draw(ctx, drag_scroll_origin(), rows_w);
    end_drag_scroll(ctx, rows_h);
    if (drag_in_progress()) picked = UiAction::None;
  }
  if (picked.act != Act::None) action = picked;
  if (!corner) {
    const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
    if (tapped.act != Act::None) action = tapped;
  }
  return action;
}

UiAction draw_book_visio_start(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  std::vector<GridChoice> choices;
  for (std::size_t i = 0; i < view.choices.size(); ++i) {
    const Choice& c = view.choices[i];
    choices.push_back(
        GridChoice{start_time_label(c, lang), c.free, true, UiAction{Act::PickChoice, static_cast<int>(i)}});
  }
  kit::Column col;
  if (choices.empty()) {
    col.text(ctx, ctx.fonts.body, std::string(tr(Text::NoTimeLeft, lang)), 0.0f);
  } else {
    col.add(choice_grid(std::move(choices), kit::is_landscape(ctx) ? 4 : 3));
  }
  const std::string title = moving(view) ? move_visio_start_title(view.subject_name, view.chosen_day, lang)
                                         : visio_start_title(view.chosen_day, lang);
  return draw_step(ctx, view, title, "starts", col, {back_button(view)});
}

UiAction draw_book_visio_duration(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  std::vector<GridChoice> choices;
  for (std::size_t i = 0; i < view.choices.size(); ++i) {
    const Choice& c = view.choices[i];
    std::string label = duration_label(c, lang);
    if (!c.free) label += lang == Language::French ? " · pris" : " · taken";
    choices.push_back(GridChoice{std::move(label), c.free, true, UiAction{Act::PickChoice, static_cast<int>(i)}});
  }
  const LocalTime start = view.choices.empty() ? view.chosen_day : view.choices.front().start;
  kit::Column col;
  if (choices.empty()) {
    col.text(ctx, ctx.fonts.body, std::string(tr(Text::NoTimeLeft, lang)), 0.0f);
  } else {
    col.add(choice_grid(std::move(choices), 2));
  }
  const std::string title =
      moving(view) ? move_visio_duration_title(view.subject_name, start, lang) : visio_duration_title(start, lang);
  return draw_step(ctx, view, title, "durations", col, {back_button(view)});
}

// [SECTION] Confirming

UiAction draw_book_confirm(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  if (moving(view)) {
    const std::string title =
        view.booking ? move_question(view.subject_name, *view.booking, lang) : move_title(view.subject_name, lang);
    // The question in the button font (issue 15: at 800×480 in the title
    // font it pushed « Jusqu’ici… » out of sight), where it is until now under it.
    kit::Column col;
    col.text(ctx, ctx.fonts.button, title, 0.0f);
    const auto lines = subject_lines(view);
    for (const std::string& line : lines) col.text(ctx, ctx.fonts.body, line, 0.5f);
    if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);
    return draw_step(ctx, view, move_title(view.subject_name, lang), "message", col,
                     {back_button(view), {std::string(tr(Text::MoveButton, lang)), UiAction{Act::Confirm}}},
                     kit::Fit::Centre);
  }
  const std::string title = view.booking ? book_question(*view.booking, lang) : std::string(kind_title(view));
  return draw_booking_message(ctx, view, kind_title(view), kit::Icon::Info, title, subject_lines(view),
                              {back_button(view), {std::string(tr(Text::BookButton, lang)), UiAction{Act::Confirm}}});
}

UiAction draw_booked(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  kit::Icon icon = kit::Icon::Check;
  std::string title;
  std::vector<std::string> lines = subject_lines(view);
  const BookingStatus status = view.booking ? view.booking->status : BookingStatus::Confirmed;
  const bool refused = status == BookingStatus::Refused;
  if (refused) {
    icon = kit::Icon::Warning;
    title = std::string(tr(Text::RefusedTitle, lang));
    if (view.booking) lines.push_back(booking_impossible(*view.booking, lang));
    lines.emplace_back(tr(Text::TryAnotherTime, lang));
  } else if (status == BookingStatus::Pending) {
    icon = kit::Icon::Check;
    title = std::string(tr(Text::BookedPendingTitle, lang));
    if (view.booking) lines.push_back(booking_summary(*view.booking, lang));
    lines.emplace_back(tr(Text::BookedPendingLine, lang));
  } else {
    title = view.booking ? booked_sentence(*view.booking, lang) : std::string(tr(Text::DoneTitle, lang));
  }
  const bool qr = !refused && !view.qr_url.empty();
  // Refused: the next sensible step is another time, for the same kind.
  const ResourceKind kind = view.booking ? view.booking->kind : view.booking_kind;
  const std::vector<kit::ButtonSpec> bar =
      refused ? std::vector<kit::ButtonSpec>{{std::string(tr(Text::DoneButton, lang)), UiAction::Home,
                                              ButtonKind::Secondary},
                                             {std::string(tr(Text::ChooseAnotherTime, lang)),
                                              UiAction{kind == ResourceKind::Desk ? Act::BookDesk : Act::BookVisio}}}
              : std::vector<kit::ButtonSpec>{
                    {std::string(tr(Text::MyBookingsButton, lang)), UiAction{Act::MyBookings}, ButtonKind::Secondary},
                    {std::string(tr(Text::DoneButton, lang)), UiAction::Home}};
  if (qr) lines.emplace_back(tr(Text::QrHint, lang));

  kit::Column col;
  col.titled(ctx, icon, title);
  for (std::size_t i = 0; i < lines.size(); ++i) col.text(ctx, ctx.fonts.body, lines[i], i == 0 ? 0.5f : 0.3f);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);

  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, kind_title(view), for_subject(view)));
  const float bottom = kit::bottom_bar_top(ctx, bar) - 0.3f * u;
  const float content_w = ctx.screen.x - 2.0f * m;
  const float avail_h = bottom - top;
  UiAction middle = UiAction::None;
  if (qr && kit::is_landscape(ctx)) {
    // The code on the right, as tall as the room allows; the words on the left.
    // No larger than 3 px a module: the words keep the room to show whole (issue 15).
    const auto layout = qr_layout(view.qr_url, ImVec2(0, 0), 10000.0f);
    const float three_px = layout ? 3.0f * static_cast<float>(layout->modules) : 6.0f * u;
    const float side = std::min({avail_h, 6.0f * u, three_px});
    const float text_w = content_w - side - 0.75f * u;
    middle = kit::draw_middle(ctx, "booked", col, ImVec2(m, top), ImVec2(text_w, avail_h), kit::Fit::Centre);
    qr_code(ctx, view.qr_url, ImVec2(ctx.screen.x - m - side, top + (avail_h - side) / 2.0f), side);
  } else {
    if (qr) {
      // Under the words, centred: a block of the column.
      kit::Block code;
      code.gap_before = 0.75f * u;
      const std::string url = view.qr_url;
      code.height = [](const DrawContext& c, float width) { return std::min(width, 11.0f * c.u()); };
      code.draw = [url](DrawContext& c, ImVec2 pos, float width) {
        const float side = std::min(width, 11.0f * c.u());
        qr_code(c, url, ImVec2(pos.x + (width - side) / 2.0f, pos.y), side);
        return UiAction::None;
      };
      col.add(std::move(code));
    }
    middle = kit::draw_middle(ctx, "booked", col, ImVec2(m, top), ImVec2(content_w, avail_h), kit::Fit::Centre);
  }
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : middle;
}

UiAction draw_cancel_confirm(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const std::string title =
      view.booking ? cancel_question(*view.booking, lang) : std::string(tr(Text::YesCancel, lang));
  return draw_booking_message(ctx, view, tr(Text::MyBookingsTitle, lang), kit::Icon::Info, title, {},
                              {{std::string(tr(Text::NoKeep, lang)), UiAction{Act::Back}, ButtonKind::Secondary},
                               {std::string(tr(Text::YesCancel, lang)), UiAction{Act::Confirm}}});
}

UiAction draw_cancelled(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const std::string title =
      view.booking ? cancelled_sentence(*view.booking, lang) : std::string(tr(Text::DoneTitle, lang));
  return draw_booking_message(
      ctx, view, tr(Text::MyBookingsTitle, lang), kit::Icon::Check, title, {},
      {{std::string(tr(Text::MyBookingsButton, lang)), UiAction{Act::MyBookings}, ButtonKind::Secondary},
       {std::string(tr(Text::DoneButton, lang)), UiAction::Home}});
}

// [SECTION] My bookings

UiAction draw_my_bookings(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  kit::Column col;
  if (view.bookings.empty()) {
    col.text(ctx, ctx.fonts.button, std::string(tr(Text::NoBookings, lang)), 0.0f);  // fits with its buttons (issue 15)
    std::vector<kit::ButtonSpec> book;
    if (view.has_desks) book.push_back({std::string(tr(Text::BookDeskButton, lang)), UiAction{Act::BookDesk}});
    if (view.has_visio) book.push_back({std::string(tr(Text::BookVisioButton, lang)), UiAction{Act::BookVisio}});
    if (!book.empty()) {
      col.text(ctx, ctx.fonts.body, std::string(tr(Text::NoBookingsHint, lang)), 0.6f);
      kit::Block grid;
      grid.gap_before = 1.0f * ctx.u();
      grid.height = [book](const DrawContext& c, float width) {
        return kit::grid_height(c, book.size(), kit::grid_columns(c, book, width, 2));
      };
      grid.draw = [book](DrawContext& c, ImVec2 pos, float width) {
        return kit::draw_button_grid(c, book, pos, width, kit::grid_columns(c, book, width, 2));
      };
      col.add(std::move(grid));
    }
  } else {
    for (std::size_t i = 0; i < view.bookings.size(); ++i) {
      const BookingLine& b = view.bookings[i];
      std::vector<kit::Line> lines{
          {ctx.fonts.button, b.resource_name.empty() ? std::string(kind_title(view)) : b.resource_name},
          {ctx.fonts.body, booking_day_and_times(b, lang)},
          {ctx.fonts.body, capitalised_first(booking_status(b, lang)), colour::kTextSecondary}};
      std::vector<kit::ButtonSpec> buttons;
      if (b.cancellable) {
        buttons.push_back({std::string(tr(Text::CancelButton, lang)), UiAction{Act::CancelBooking, static_cast<int>(i)},
                           ButtonKind::Secondary});
      }
      col.add(kit::list_row(ctx, std::move(lines), std::move(buttons), static_cast<int>(i), i > 0));
    }
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);
  return draw_step(ctx, view, tr(Text::MyBookingsTitle, lang), "bookings", col, {back_button(view)});
}

}  // namespace escale::kiosk::ui
