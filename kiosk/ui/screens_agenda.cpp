// Animator mode: the digital-mediation help agenda. Index:
// [SECTION] Shared pieces (row of a list with compact buttons, status words)
// [SECTION] Today's agenda
// [SECTION] Activity record: chips and fields
// [SECTION] Activity record screen
//
// Made for an animator in a hurry on the 7" panel: the agenda is one list,
// an appointment's time and title across the width, then each person with
// their status in words and the buttons that change it at the right; the
// buttons of the list share one width so they line up in a column. The
// activity record (CRA) is a long form of toggle chips that scrolls by
// dragging; typing the home commune or the note opens the keyboard in the
// lower part of the screen, with « OK » to close it and see the form again.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mediation/activity.hpp"
#include "ui/screen_kit.hpp"
#include "ui/screens.hpp"
#include "ui/strings.hpp"
#include "ui/strings_agenda.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui {
namespace {

using agenda::AgendaText;

// [SECTION] Shared pieces

kit::ButtonSpec back_button(const KioskView& view) {
  return {std::string(tr(Text::BackButton, view.language)), UiAction{Act::Back}, ButtonKind::Secondary};
}

// The least width a list button needs for `label` in `font`: the label and
// half a u each side, never under a touch target.
float compact_width(const DrawContext& ctx, std::string_view label, ImFont* font) {
  return std::max(4.0f * ctx.u(), std::ceil(text_width(font, label) + 1.2f * ctx.u()));
}

// The width every button of the agenda list takes (they line up in a column
// at the right): the widest of the words they may carry, in `font`.
float list_button_width(const DrawContext& ctx, Language lang, ImFont* font) {
  float w = 0.0f;
  for (const AgendaText t :
       {AgendaText::SeenButton, AgendaText::NoShowButton, AgendaText::ExcusedButton, AgendaText::RecordButton}) {
    w = std::max(w, compact_width(ctx, agenda::tr(t, lang), font));
  }
  return w;
}

// Text kept beside buttons needs this much room, else the buttons go under it.
float min_text_width(const DrawContext& ctx) {
  return 9.0f * ctx.u();
}

// A row of the list: lines of text on the left; at the right its buttons
// (all `list_button_width` wide, in the bold font when they fit beside the
// text, else the body font) or `done` (« Fiche faite », with a check mark:
// not a button). On a narrow screen three buttons go under the text and
// share the width. `indent`: a workshop's participants sit under its line.
struct RowSpec {
  std::vector<kit::Line> lines;
  std::vector<kit::ButtonSpec> buttons;
  std::string done;
  float indent = 0.0f;
};

struct RowLayout {
  ImFont* font = nullptr;  // the buttons' label font
  float button_w = 0.0f;
  float side_w = 0.0f;  // width taken at the right (buttons or the done mark), 0 when under the text
  float text_w = 0.0f;
  bool beside = true;
};

RowLayout row_layout(const DrawContext& c, const RowSpec& row, Language lang, float width) {
  RowLayout l;
  const float avail = width - row.indent;
  const float gap = c.target_gap();
  const auto n = static_cast<float>(row.buttons.size());
  if (!row.buttons.empty()) {
    // Beside the text, as wide as three would be (every row's buttons line
    // up, whatever their number); else as wide as this row's are.
    for (const float slots : {3.0f, n}) {
      for (ImFont* font : {c.fonts.button, c.fonts.body}) {
        const float bw = list_button_width(c, lang, font);
        if (avail - (slots * bw + (slots - 1.0f) * gap) - c.u() >= min_text_width(c)) {
          l.font = font;
          l.button_w = bw;
          l.side_w = n * bw + (n - 1.0f) * gap;
          l.text_w = avail - l.side_w - c.u();
          return l;
        }
      }
    }
    // Under the text, a third of the width each, the labels on one line in
    // the largest font that allows it (a word is never cut).
    l.beside = false;
    l.button_w = (avail - 2.0f * gap) / 3.0f;
    l.text_w = avail;
    l.font = c.fonts.body;
    if (std::all_of(row.buttons.begin(), row.buttons.end(), [&](const kit::ButtonSpec& b) {
          return compact_width(c, b.label, c.fonts.button) <= l.button_w;
        })) {
      l.font = c.fonts.button;
    }
    return l;
  }
  if (!row.done.empty()) {
    const float done_w = 1.3f * c.u() + text_width(c.fonts.body, row.done);
    if (avail - done_w - c.u() >= min_text_width(c)) {
      l.side_w = done_w;
      l.text_w = avail - done_w - c.u();
      return l;
    }
    l.beside = false;
  }
  l.text_w = avail;
  return l;
}

float lines_height(const DrawContext& c, const std::vector<kit::Line>& lines, float width) {
  float h = 0.0f;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) h += 0.25f * c.u();
    h += paragraph_height(c, lines[i].font, lines[i].text, width);
  }
  return h;
}

// « ✓ Fiche faite »: a check-mark disc and the words, in green (words too: never colour alone).
float done_mark_height(const DrawContext& c) {
  return c.fonts.body_px;
}
void draw_done_mark(DrawContext& c, std::string_view text, ImVec2 pos) {
  const float r = 0.5f * c.u();
  draw_check_icon(ImGui::GetWindowDrawList(), ImVec2(pos.x + r, pos.y + 0.5f * c.fonts.body_px), r);
  paragraph(c, c.fonts.body, text, ImVec2(pos.x + 1.3f * c.u(), pos.y), text_width(c.fonts.body, text) + 1.0f,
            colour::kSuccess);
}

kit::Block list_row(const RowSpec& row, int row_id, float gap_before, Language lang) {
  kit::Block b;
  b.list_item = true;  // a row of a list: may be dragged into sight
  b.gap_before = gap_before;
  b.height = [row, lang](const DrawContext& c, float width) {
    const RowLayout l = row_layout(c, row, lang, width);
    const float th = lines_height(c, row.lines, l.text_w);
    const float side_h = !row.buttons.empty() ? c.button_height() : (row.done.empty() ? 0.0f : done_mark_height(c));
    if (l.beside) return std::max(th, side_h);
    return th + (side_h > 0.0f ? 0.6f * c.u() + side_h : 0.0f);
  };
  b.draw = [row, row_id, lang](DrawContext& c, ImVec2 pos, float width) {
    const RowLayout l = row_layout(c, row, lang, width);
    const float x = pos.x + row.indent;
    const float th = lines_height(c, row.lines, l.text_w);
    const float side_h = !row.buttons.empty() ? c.button_height() : (row.done.empty() ? 0.0f : done_mark_height(c));
    const float row_h = l.beside ? std::max(th, side_h) : th;
    float y = pos.y + (l.beside ? (row_h - th) / 2.0f : 0.0f);
    for (std::size_t i = 0; i < row.lines.size(); ++i) {
      if (i > 0) y += 0.25f * c.u();
      y += paragraph(c, row.lines[i].font, row.lines[i].text, ImVec2(x, y), l.text_w, row.lines[i].col);
    }
    const float side_y = l.beside ? pos.y + (row_h - side_h) / 2.0f : pos.y + th + 0.6f * c.u();
    if (!row.buttons.empty()) {
      UiAction action = UiAction::None;
      float bx = l.beside ? pos.x + width - l.side_w : x;
      ImGui::PushID(row_id);
      for (std::size_t i = 0; i < row.buttons.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const kit::ButtonSpec& spec = row.buttons[i];
        if (kit::touch_button(c, spec.label, ImVec2(bx, side_y), ImVec2(l.button_w, c.button_height()), spec.kind,
                              l.font)) {
          action = spec.action;
        }
        ImGui::PopID();
        bx += l.button_w + c.target_gap();
      }
      ImGui::PopID();
      return action;
    }
    if (!row.done.empty()) draw_done_mark(c, row.done, ImVec2(l.beside ? pos.x + width - l.side_w : x, side_y));
    return UiAction::None;
  };
  return b;
}

// Lines of `text` in `width`, broken between its « · » parts when it must
// break (« 9 h 30 · 45 min » / « Aide aux démarches en ligne · avec
// Nadia »), the dot dropped at the break; a part longer than a line wraps.
std::vector<std::string> part_lines(ImFont* font, std::string_view text, float width) {
  constexpr std::string_view kSep = " \xC2\xB7 ";  // « · »
  std::vector<std::string> out;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t sep = text.find(kSep, start);
    const std::string_view part =
        text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start);
    const std::string joined = line.empty() ? std::string(part) : line + std::string(kSep) + std::string(part);
    if (text_width(font, joined) <= width) {
      line = joined;
    } else {
      if (!line.empty()) out.push_back(line);
      const auto wrapped = wrap_lines(font, part, width);
      for (std::size_t i = 0; i + 1 < wrapped.size(); ++i) out.emplace_back(wrapped[i]);
      line = wrapped.empty() ? std::string() : std::string(wrapped.back());
    }
    if (sep == std::string_view::npos) break;
    start = sep + kSep.size();
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

// An appointment's time and title across the width in bold, on a pale
// blue band so each appointment starts visibly apart from the names under
// it. Recorded once, whole.
kit::Block heading(const std::string& text) {
  const auto pad = [](const DrawContext& c) { return ImVec2(0.4f * c.u(), 0.3f * c.u()); };
  kit::Block b;
  b.list_item = true;  // a row of a list: may be dragged into sight
  b.gap_before = 0.0f;
  b.height = [text, pad](const DrawContext& c, float width) {
    const auto n = static_cast<float>(part_lines(c.fonts.button, text, width - 2.0f * pad(c).x).size());
    return 2.0f * pad(c).y + (n - 1.0f) * c.fonts.button_px * c.line_spacing() + c.fonts.button_px;
  };
  b.draw = [text, pad](DrawContext& c, ImVec2 pos, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = c.fonts.button;
    const ImVec2 p = pad(c);
    const auto lines = part_lines(font, text, width - 2.0f * p.x);
    const float step = font->FontSize * c.line_spacing();
    const float text_h = (static_cast<float>(lines.size()) - 1.0f) * step + font->FontSize;
    dl->AddRectFilled(ImVec2(std::round(pos.x), std::round(pos.y)),
                      ImVec2(std::round(pos.x + width), std::round(pos.y + text_h + 2.0f * p.y)), colour::kCardFill,
                      0.3f * c.u());
    const ImVec2 origin(std::round(pos.x + p.x), std::round(pos.y + p.y));
    float y = origin.y;
    float widest = 0.0f;
    for (const auto& line : lines) {
      dl->AddText(font, font->FontSize, ImVec2(origin.x, std::round(y)), colour::kText, line.c_str());
      widest = std::max(widest, text_width(font, line));
      y += step;
    }
    c.record.texts.push_back(text);
    c.record.text_boxes.push_back(TextBox{origin.x, origin.y, widest, text_h});
    return UiAction::None;
  };
  return b;
}

// The status in words, in a colour that says whether it needs acting on
// (the words say it too).
ImU32 status_colour(const AgendaRow& r) {
  using mediation::ParticipantStatus;
  if (r.status == ParticipantStatus::Seen) return colour::kSuccess;
  if (r.status == ParticipantStatus::Unknown && r.past) return colour::kNoticeBorder;
  return colour::kTextSecondary;
}

// [SECTION] Today's agenda

// A participant: their name, topics and status; « Présent », « Absent »,
// « Excusé » while the status is unknown; once seen, « Fiche » for an
// individual appointment (a workshop's record is on the workshop's line).
RowSpec participant_row(const AgendaRow& r, int index, const DrawContext& ctx, Language lang) {
  RowSpec row;
  row.lines.push_back({ctx.fonts.button, agenda::person_name(r, lang)});
  const std::string topics = agenda::topics_line(r, lang);
  if (!topics.empty()) row.lines.push_back({ctx.fonts.body, topics, colour::kTextSecondary});
  row.lines.push_back(
      {ctx.fonts.body, std::string(mediation::participant_status_label(r.status, r.past, lang)), status_colour(r)});
  using mediation::ParticipantStatus;
  if (r.status == ParticipantStatus::Unknown) {
    row.buttons = {
        {std::string(agenda::tr(AgendaText::SeenButton, lang)), UiAction{Act::MarkSeen, index}},
        {std::string(agenda::tr(AgendaText::NoShowButton, lang)), UiAction{Act::MarkNoShow, index},
         ButtonKind::Secondary},
        {std::string(agenda::tr(AgendaText::ExcusedButton, lang)), UiAction{Act::MarkExcused, index},
         ButtonKind::Secondary},
    };
  } else if (r.status == ParticipantStatus::Seen && !r.collective) {
    if (r.recorded) {
      row.done = std::string(agenda::tr(AgendaText::RecordDone, lang));
    } else {
      row.buttons = {{std::string(agenda::tr(AgendaText::RecordButton, lang)), UiAction{Act::OpenActivity, index}}};
    }
  }
  if (r.collective) row.indent = 1.0f * ctx.u();
  return row;
}

// A workshop nobody has joined yet comes as one row with nobody in it.
// (An anonymous participant already marked present, alone in a workshop,
// reads the same: the app could say it plainly, see the report.)
bool is_empty_workshop(const std::vector<AgendaRow>& rows, std::size_t i) {
  const AgendaRow& r = rows[i];
  const bool alone = i + 1 == rows.size() || rows[i + 1].first_of_appointment;
  return r.collective && r.first_of_appointment && alone && r.who.empty() && r.topics.empty() && !r.waiting &&
         r.status == mediation::ParticipantStatus::Seen;
}

// A workshop's line, under its heading: how many are booked, present and
// waiting; « Fiche » for the whole workshop once someone is marked present
// (any of its rows opens the workshop's record: `first` is its first).
RowSpec workshop_row(const std::vector<AgendaRow>& rows, std::size_t first, const DrawContext& ctx, Language lang) {
  int booked = 0;
  int seen = 0;
  int waiting = 0;
  if (!is_empty_workshop(rows, first)) {
    for (std::size_t j = first; j < rows.size() && (j == first || !rows[j].first_of_appointment); ++j) {
      const AgendaRow& p = rows[j];
      if (p.waiting) {
        ++waiting;
      } else if (mediation::holds_seat(p.status)) {
        ++booked;
      }
      if (p.status == mediation::ParticipantStatus::Seen) ++seen;
    }
  }
  RowSpec row;
  row.lines.push_back({ctx.fonts.body, agenda::workshop_counts(booked, seen, waiting, lang), colour::kTextSecondary});
  if (rows[first].recorded) {
    row.done = std::string(agenda::tr(AgendaText::RecordDone, lang));
  } else if (seen > 0) {
    row.buttons = {{std::string(agenda::tr(AgendaText::RecordButton, lang)),
                    UiAction{Act::OpenActivity, static_cast<int>(first)}}};
  }
  return row;
}

kit::Column agenda_column(const DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  kit::Column col;
  if (view.agenda.empty()) {
    col.text(ctx, ctx.fonts.title, std::string(agenda::tr(AgendaText::NoAppointments, lang)), 0.0f);
    return col;
  }
  // Rows follow each other 0.75 u apart, or a touch target's gap when both
  // have buttons; a heading opens each appointment.
  bool above_has_buttons = false;
  const auto add_row = [&](const RowSpec& row, int id, bool after_heading) {
    const bool has_buttons = !row.buttons.empty();
    float gap = 0.75f * u;
    if (after_heading) {
      gap = 0.6f * u;
    } else if (above_has_buttons && has_buttons) {
      gap = ctx.target_gap();
    }
    col.add(list_row(row, id, gap, lang));
    above_has_buttons = has_buttons;
  };
  for (std::size_t i = 0; i < view.agenda.size(); ++i) {
    const AgendaRow& r = view.agenda[i];
    const int index = static_cast<int>(i);
    if (!r.first_of_appointment) {
      add_row(participant_row(r, index, ctx, lang), index, false);
      continue;
    }
    kit::Block h = heading(agenda::appointment_heading(r, lang));
    h.gap_before = i > 0 ? 1.5f * u : 0.0f;
    col.add(std::move(h));
    // A workshop: its line (counts, its record), then its participants.
    if (r.collective) {
      add_row(workshop_row(view.agenda, i, ctx, lang), 100000 + index, true);
      if (is_empty_workshop(view.agenda, i)) continue;
      add_row(participant_row(r, index, ctx, lang), index, false);
      continue;
    }
    add_row(participant_row(r, index, ctx, lang), index, true);
  }
  return col;
}

}  // namespace

UiAction draw_animator_agenda(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const kit::ButtonSpec back = back_button(view);
  const kit::ButtonSpec walk_in{std::string(agenda::tr(AgendaText::WalkInButton, lang)), UiAction{Act::AgendaWalkIn}};
  const std::string hint = agenda::free_slots_hint(view.agenda_free_now, lang);

  kit::Column col = agenda_column(ctx, view);
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);

  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, agenda::tr(AgendaText::Title, lang), true));
  // The bar, on one row: « Retour » at the left, « Quelqu’un attend » at
  // the right (its words on two lines on a narrow screen) and the free
  // slots between them when they fit there (two lines at most), else above
  // the list. The kit's stacked bar only when even that does not fit.
  const float h = ctx.button_height();
  const float gap = ctx.target_gap();
  const float back_w = kit::back_button_size(ctx).x;  // where it is on every screen
  float walk_w = button_width(ctx, walk_in.label, 7.0f * u, content_w);
  if (back_w + gap + walk_w > content_w) walk_w = content_w - back_w - gap;
  const bool one_row = kit::label_fits(ctx, walk_in.label, ImVec2(walk_w, h));
  const float hint_w = content_w - back_w - walk_w - 2.0f * u;
  const bool hint_beside = one_row && hint_w >= 6.0f * u && wrap_lines(ctx.fonts.body, hint, hint_w).size() <= 2;
  float bar_top = 0.0f;
  UiAction tapped = UiAction::None;
  if (one_row) {
    bar_top = ctx.screen.y - m - h;
    ImGui::PushID("bar");
    if (kit::touch_button(ctx, back.label, kit::back_button_pos(ctx), kit::back_button_size(ctx), back.kind)) {
      tapped = back.action;
    }
    if (kit::touch_button(ctx, walk_in.label, ImVec2(ctx.screen.x - m - walk_w, bar_top), ImVec2(walk_w, h))) {
      tapped = walk_in.action;
    }
    ImGui::PopID();
  } else {
    const std::vector<kit::ButtonSpec> bar{back, walk_in};
    bar_top = kit::bottom_bar_top(ctx, bar);
    tapped = kit::draw_bottom_bar(ctx, bar);
  }
  if (hint_beside) {
    // Right-aligned against the button it is about.
    const auto lines = wrap_lines(ctx.fonts.body, hint, hint_w);
    float widest = 0.0f;
    for (const auto line : lines) widest = std::max(widest, text_width(ctx.fonts.body, line));
    const float th = paragraph_height(ctx, ctx.fonts.body, hint, hint_w);
    paragraph(ctx, ctx.fonts.body, hint, ImVec2(ctx.screen.x - m - walk_w - u - widest, bar_top + (h - th) / 2.0f),
              widest + 1.0f, colour::kTextSecondary);
  } else {
    kit::Column with_hint;
    with_hint.text(ctx, ctx.fonts.body, hint, 0.0f, colour::kTextSecondary);
    with_hint.add(kit::Block{0.75f * u, [col](const DrawContext& c, float w) { return col.height(c, w); },
                             [col](DrawContext& c, ImVec2 pos, float w) { return col.draw(c, pos, w); }});
    col = std::move(with_hint);
  }
  const float bottom = bar_top - ctx.target_gap();
  const UiAction middle = kit::draw_middle(ctx, "agenda", col, ImVec2(m, top), ImVec2(content_w, bottom - top));
  return tapped.act != Act::None ? tapped : middle;
}

// [SECTION] Activity record: chips and fields

namespace {

// A chip's label set inside it in a given font: one or two lines (three in
// the body font), words whole; room kept for the check mark of a selected
// chip (so a tap never moves the words to another line).
struct ChipText {
  ImFont* font = nullptr;
  std::vector<std::string> lines;
};

float check_room(const DrawContext& c) {
  return 1.3f * c.u();
}

// A label with its units held to their numbers (« 1 h », « 30 min »,
// « 70 ans »): a narrow no-break space, as format_time does, so a line
// never ends on a bare number.
std::string held_units(std::string_view label) {
  std::string out;
  std::size_t start = 0;
  while (start <= label.size()) {
    const std::size_t space = label.find(' ', start);
    const std::string_view word = label.substr(start, space == std::string_view::npos ? space : space - start);
    if (start > 0) out += (word == "h" || word == "min" || word == "ans") ? "\u202F" : " ";
    out += word;
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return out;
}

// The widest word of `text` (words never break inside a chip).
float widest_word(ImFont* font, std::string_view text) {
  float w = 0.0f;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t space = text.find(' ', start);
    w = std::max(w, text_width(font, text.substr(start, space == std::string_view::npos ? space : space - start)));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return w;
}

std::optional<ChipText> chip_text(const DrawContext& c, std::string_view label, ImVec2 size, ImFont* font) {
  const float pad = 0.5f * c.u();
  const float w = size.x - 2.0f * pad - check_room(c);
  const std::string text = held_units(label);
  if (widest_word(font, text) > w) return std::nullopt;
  const auto lines = wrap_lines(font, text, w);
  // Two lines, or three in the body font when they fit the height (long labels on a narrow screen).
  const std::size_t max_lines = font == c.fonts.body ? 3 : 2;
  if (lines.empty() || lines.size() > max_lines) return std::nullopt;
  if (std::any_of(lines.begin(), lines.end(), [&](std::string_view l) { return text_width(font, l) > w; })) {
    return std::nullopt;
  }
  if (static_cast<float>(lines.size()) * font->FontSize * 1.15f > size.y - 0.5f * c.u()) return std::nullopt;
  ChipText t;
  t.font = font;
  for (const auto l : lines) t.lines.emplace_back(l);
  return t;
}

// The check mark of a selected chip, `side` wide, its box's top-left at
// `pos`: a short stroke down, a long one up.
void draw_check_mark(ImDrawList* dl, ImVec2 pos, float side, ImU32 col) {
  const float t = std::max(2.0f, std::round(0.16f * side));
  const ImVec2 a(pos.x + 0.05f * side, pos.y + 0.55f * side);
  const ImVec2 b(pos.x + 0.38f * side, pos.y + 0.88f * side);
  const ImVec2 d(pos.x + 0.95f * side, pos.y + 0.15f * side);
  dl->PathLineTo(a);
  dl->PathLineTo(b);
  dl->PathLineTo(d);
  dl->PathStroke(col, ImDrawFlags_None, t);
}

// A toggle chip: selected ones filled dark blue with a check mark, others
// white with a blue outline (the check mark and the recorded « ✓ » say it
// too: never colour alone). Recorded as a button. True when tapped.
bool chip(DrawContext& ctx, const ChoiceItem& item, int id, ImVec2 pos, ImVec2 size, ImFont* label_font) {
  const float u = ctx.u();
  pos = ImVec2(std::round(pos.x), std::round(pos.y));
  size = ImVec2(std::round(size.x), std::round(size.y));
  ImGui::PushID(id);
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton("chip", size);
  const bool held = ImGui::IsItemActive() && !drag_in_progress();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const bool on = item.selected;
  const ImU32 fill = on ? (held ? colour::kButtonPressed : colour::kButton)
                        : (held ? colour::kSecondaryPressed : colour::kSecondaryFill);
  const ImU32 text_col = on ? colour::kButtonText : colour::kButton;
  const float rounding = 0.4f * u;
  dl->AddRectFilled(pos, max, fill, rounding);
  if (!on) {
    const float border = std::round(0.15f * u);
    dl->AddRect(ImVec2(pos.x + border / 2, pos.y + border / 2), ImVec2(max.x - border / 2, max.y - border / 2),
                colour::kButton, rounding, ImDrawFlags_None, border);
  }
  const float room = check_room(ctx);
  const auto text = chip_text(ctx, item.label, size, label_font);
  ImFont* font = label_font;
  std::vector<std::string> lines = text ? text->lines : std::vector<std::string>{item.label};
  const float step = font->FontSize * 1.15f;
  const float block_h = static_cast<float>(lines.size() - 1) * step + font->FontSize;
  // The words centred in the chip; a selected chip's check mark just left
  // of them, the two centred together.
  const float mark = 0.9f * u;
  float widest = 0.0f;
  for (const auto& line : lines) widest = std::max(widest, text_width(font, line));
  const float group_w = widest + (on ? room : 0.0f);
  const float group_x = std::round(pos.x + (size.x - group_w) / 2.0f);
  const float text_x0 = group_x + (on ? room : 0.0f);
  dl->PushClipRect(pos, max, true);
  if (on) draw_check_mark(dl, ImVec2(group_x, std::round(pos.y + (size.y - mark) / 2.0f)), mark, text_col);
  float y = std::round(pos.y + (size.y - block_h) / 2.0f);
  for (const auto& line : lines) {
    const float w = text_width(font, line);
    dl->AddText(font, font->FontSize, ImVec2(std::round(text_x0 + (widest - w) / 2.0f), y), text_col, line.c_str());
    y += step;
  }
  dl->PopClipRect();
  const std::string recorded = agenda::chip_label(item);
  ctx.record.texts.push_back(recorded);
  ctx.record.text_boxes.push_back(TextBox{pos.x, pos.y, size.x, size.y});
  ctx.record.buttons.push_back(DrawnButton{recorded, pos.x, pos.y, size.x, size.y});
  return clicked && !drag_in_progress();
}

// How a group's chips are laid out: the fewest rows (up to `max_columns`
// across) whose chips fit every label of the group in one font (a group
// reads alike); at equal rows the bold font, then wider chips.
struct ChipGrid {
  int columns = 1;
  ImFont* font = nullptr;
};
ChipGrid chip_grid_layout(const DrawContext& c, const ChoiceGroup& g, float width, int max_columns) {
  ChipGrid best{1, c.fonts.body};
  std::size_t best_rows = g.items.size() + 1;
  bool best_bold = false;
  for (int cols = 1; cols <= max_columns; ++cols) {
    const float cell = (width - c.target_gap() * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    if (cols > 1 && cell < 4.0f * c.u()) break;
    const std::size_t rows = (g.items.size() + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols);
    for (ImFont* font : {c.fonts.button, c.fonts.body}) {
      const bool all = std::all_of(g.items.begin(), g.items.end(), [&](const ChoiceItem& item) {
        return chip_text(c, item.label, ImVec2(cell, c.button_height()), font).has_value();
      });
      if (!all) continue;
      const bool bold = font == c.fonts.button;
      if (rows < best_rows || (rows == best_rows && bold && !best_bold)) {
        best = {cols, font};
        best_rows = rows;
        best_bold = bold;
      }
      break;  // the bold font fits: no need to try the body font at this width
    }
  }
  return best;
}

int max_chip_columns(const DrawContext& c) {
  return kit::is_landscape(c) ? 4 : 3;
}

// A group's chips as one block: a grid that wraps, targets 2 u apart.
kit::Block chip_grid(const ChoiceGroup& g, int group_index) {
  kit::Block b;
  b.list_item = true;  // a row of a list: may be dragged into sight
  b.height = [g](const DrawContext& c, float width) {
    return kit::grid_height(c, g.items.size(), chip_grid_layout(c, g, width, max_chip_columns(c)).columns);
  };
  b.draw = [g, group_index](DrawContext& c, ImVec2 pos, float width) {
    const ChipGrid layout = chip_grid_layout(c, g, width, max_chip_columns(c));
    const int cols = layout.columns;
    const float gap = c.target_gap();
    const float cell = (width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float h = c.button_height();
    UiAction action = UiAction::None;
    for (std::size_t i = 0; i < g.items.size(); ++i) {
      const auto col = static_cast<float>(i % static_cast<std::size_t>(cols));
      const std::size_t row_index = i / static_cast<std::size_t>(cols);
      const auto row = static_cast<float>(row_index);
      const int arg = group_index * 1000 + static_cast<int>(i);
      if (chip(c, g.items[i], arg, ImVec2(pos.x + col * (cell + gap), pos.y + row * (h + gap)), ImVec2(cell, h),
               layout.font)) {
        action = UiAction{Act::ToggleChoice, arg};
      }
    }
    return action;
  };
  return b;
}

// A typed field in the form: its label (grey) over its value, in a white
// box with a blue outline (filled blue while the keyboard types into it).
// Recorded as a button labelled with its summary. True when tapped.
bool field_box(DrawContext& ctx, AgendaText label, std::string_view value, int id, bool focused, ImVec2 pos,
               ImVec2 size, Language lang) {
  const float u = ctx.u();
  pos = ImVec2(std::round(pos.x), std::round(pos.y));
  size = ImVec2(std::round(size.x), std::round(size.y));
  ImGui::PushID(id);
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton("field", size);
  const bool held = ImGui::IsItemActive() && !drag_in_progress();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float border = std::max(2.0f, std::round(0.1f * u));
  const ImU32 fill = focused ? colour::kButton : (held ? colour::kSecondaryPressed : colour::rgb(0xFF, 0xFF, 0xFF));
  dl->AddRectFilled(pos, max, fill, 0.3f * u);
  dl->AddRect(ImVec2(pos.x + border / 2, pos.y + border / 2), ImVec2(max.x - border / 2, max.y - border / 2),
              colour::kButton, 0.3f * u, ImDrawFlags_None, border);
  const float pad = 0.5f * u;
  const float inner_w = size.x - 2.0f * pad;
  const std::string label_text(agenda::tr(label, lang));
  const float block = ctx.fonts.body_px + 0.2f * u + ctx.fonts.button_px;
  const float y = std::round(pos.y + (size.y - block) / 2.0f);
  dl->PushClipRect(pos, max, true);
  dl->AddText(ctx.fonts.body, ctx.fonts.body_px, ImVec2(pos.x + pad, y),
              focused ? colour::kButtonText : colour::kTextSecondary, label_text.c_str());
  // The value on one line, cut with « … » when long (the keyboard's box shows its end).
  std::string shown(value);
  if (text_width(ctx.fonts.button, shown) > inner_w) {
    while (!shown.empty() && text_width(ctx.fonts.button, shown + "\xE2\x80\xA6") > inner_w) {
      // One code point off the end: its continuation bytes, then its first byte.
      unsigned char last = 0;
      do {
        last = static_cast<unsigned char>(shown.back());
        shown.pop_back();
      } while (!shown.empty() && (last & 0xC0u) == 0x80u);
    }
    shown += "\xE2\x80\xA6";
  }
  if (shown.empty()) {
    // Empty: say what a tap does.
    const std::string_view hint = agenda::tr(AgendaText::TapToType, lang);
    dl->AddText(ctx.fonts.body, ctx.fonts.body_px, ImVec2(pos.x + pad, y + ctx.fonts.body_px + 0.2f * u),
                focused ? colour::kButtonText : colour::kButton, hint.data(), hint.data() + hint.size());
  } else {
    dl->AddText(ctx.fonts.button, ctx.fonts.button_px, ImVec2(pos.x + pad, y + ctx.fonts.body_px + 0.2f * u),
                focused ? colour::kButtonText : colour::kText, shown.c_str());
  }
  dl->PopClipRect();
  const std::string summary = agenda::field_summary(label, value, lang);
  ctx.record.texts.push_back(summary);
  ctx.record.text_boxes.push_back(TextBox{pos.x, pos.y, size.x, size.y});
  ctx.record.buttons.push_back(DrawnButton{summary, pos.x, pos.y, size.x, size.y});
  return clicked && !drag_in_progress();
}

kit::Block field_block(AgendaText label, const std::string& value, int index, bool focused, float width_share,
                       Language lang) {
  kit::Block b;
  b.height = [](const DrawContext& c, float) { return c.button_height(); };
  b.draw = [=](DrawContext& c, ImVec2 pos, float width) {
    // At least as wide as its label.
    const float label_w = text_width(c.fonts.body, agenda::tr(label, lang)) + 1.2f * c.u();
    const float w = std::min(width, std::max({12.0f * c.u(), label_w, width * width_share}));
    if (field_box(c, label, value, index, focused, pos, ImVec2(w, c.button_height()), lang)) {
      return UiAction{Act::FormFocus, index};
    }
    return UiAction::None;
  };
  return b;
}

kit::Column activity_column(const DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const ActivityForm& form = view.activity;
  kit::Column col;
  if (!form.subject.empty()) col.text(ctx, ctx.fonts.button, form.subject, 0.0f);
  for (std::size_t g = 0; g < form.groups.size(); ++g) {
    const ChoiceGroup& group = form.groups[g];
    // The record is a form longer than any screen: each group, each field is
    // a row of a list, brought into sight by dragging.
    col.text(ctx, ctx.fonts.button, group.title, col.empty() ? 0.0f : 1.5f).listed();
    kit::Block grid = chip_grid(group, static_cast<int>(g));
    grid.gap_before = 0.6f * ctx.u();
    col.add(std::move(grid));
  }
  kit::Block commune = field_block(AgendaText::CommuneLabel, form.home_commune, 0, form.focused == 0, 0.5f, lang);
  commune.gap_before = col.empty() ? 0.0f : ctx.target_gap();
  commune.list_item = true;
  col.add(std::move(commune));
  kit::Block note = field_block(AgendaText::NoteLabel, form.note, 1, form.focused == 1, 1.0f, lang);
  note.gap_before = ctx.target_gap();
  note.list_item = true;
  col.add(std::move(note));
  col.info(ctx, std::string(mediation::sensitive_note_warning(lang)), 0.6f).listed();
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);
  return col;
}

}  // namespace

// [SECTION] Activity record screen

UiAction draw_animator_activity(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const ActivityForm& form = view.activity;
  const int focused = form.focused == 0 || form.focused == 1 ? form.focused : -1;
  const std::string error = lang == Language::English && !form.error_en.empty() ? form.error_en : form.error;
  const kit::ButtonSpec back = back_button(view);
  const kit::ButtonSpec save{std::string(tr(Text::SaveButton, lang)), UiAction{Act::FormSubmit}};
  const kit::ButtonSpec close{std::string(agenda::tr(AgendaText::CloseKeyboard, lang)), UiAction{Act::FormFocus, -1},
                              ButtonKind::Secondary};
  // A new subject starts at the top of the form.
  ImGui::PushID(form.subject.c_str());

  float top = kit::content_top(ctx, kit::draw_header(ctx, view, agenda::tr(AgendaText::ActivityTitle, lang), true));
  UiAction action = UiAction::None;
  const bool landscape = kit::is_landscape(ctx);
  const float h = ctx.button_height();

  // The field being typed into, large: its label, then the text.
  const auto typing_field = [&](ImVec2 pos, float width) {
    const AgendaText label = focused == 0 ? AgendaText::CommuneLabel : AgendaText::NoteLabel;
    const std::string_view value = focused == 0 ? form.home_commune : form.note;
    const std::string_view text = agenda::tr(label, lang);
    if (paragraph_height(ctx, ctx.fonts.body, text, width) > 1.5f * ctx.fonts.body->FontSize) {
      // The label on two lines would leave the box no room under it: the
      // label on the left, the box beside it, the row's whole height.
      const float label_w = std::min(0.6f * width, std::ceil(text_width(ctx.fonts.body, text) / 2.0f + 2.0f * u));
      const float label_h = paragraph_height(ctx, ctx.fonts.body, text, label_w);
      paragraph(ctx, ctx.fonts.body, text, ImVec2(pos.x, std::round(pos.y + (h - label_h) / 2.0f)), label_w,
                colour::kTextSecondary);
      const float box_x = pos.x + label_w + 0.3f * u;
      kit::typing_box(ctx, value, {}, ImVec2(box_x, pos.y), ImVec2(pos.x + width - box_x, h), ctx.fonts.title);
      return;
    }
    const float label_h = paragraph(ctx, ctx.fonts.body, text, pos, width, colour::kTextSecondary);
    const float box_y = pos.y + label_h + 0.2f * u;
    kit::typing_box(ctx, value, {}, ImVec2(pos.x, box_y), ImVec2(width, pos.y + h - box_y), ctx.fonts.title);
  };
  const auto keyboard = [&](ImVec2 pos, ImVec2 size) {
    std::string value = focused == 0 ? form.home_commune : form.note;
    const std::string before = value;
    ImGui::PushID(focused);
    const bool changed =
        on_screen_keyboard(ctx, value, pos, size, focused == 0 ? KeyboardMode::Digits : KeyboardMode::Letters,
                           focused == 0 ? 5 : 240, lang);
    ImGui::PopID();
    if (changed && value != before) action = UiAction{Act::FormEdit, focused, value};
  };

  if (focused >= 0 && landscape) {
    // Typing on a landscape panel: the field with « OK » (back to the form)
    // and « Enregistrer » on one row, the error, the keyboard below.
    const float close_w = button_width(ctx, close.label, 5.0f * u, content_w);
    const float save_w = button_width(ctx, save.label, 7.0f * u, content_w);
    const float field_w = content_w - close_w - save_w - 2.0f * ctx.target_gap();
    typing_field(ImVec2(m, top), field_w);
    const float close_x = m + field_w + ctx.target_gap();
    if (kit::touch_button(ctx, close.label, ImVec2(close_x, top), ImVec2(close_w, h), close.kind)) {
      action = close.action;
    }
    if (kit::touch_button(ctx, save.label, ImVec2(ctx.screen.x - m - save_w, top), ImVec2(save_w, h))) {
      action = save.action;
    }
    float y = top + h + 0.5f * u;
    if (!error.empty()) y += notice(ctx, error, ImVec2(m, y), content_w) + 0.4f * u;
    keyboard(ImVec2(m, y), ImVec2(content_w, ctx.screen.y - m - y));
    ImGui::PopID();
    return action;
  }

  const std::vector<kit::ButtonSpec> bar{back, save};
  const float bar_top = kit::bottom_bar_top(ctx, bar);
  UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  if (!error.empty()) top += notice(ctx, error, ImVec2(m, top), content_w) + 0.75f * u;
  float bottom = bar_top - ctx.target_gap();
  if (focused >= 0) {
    // Typing on a portrait panel: the keyboard above the bar, the field and
    // « OK » above it, the form in what is left.
    const float kb_h = std::clamp(0.45f * (bottom - top), keyboard_min_height(ctx), 1.3f * keyboard_min_height(ctx));
    const float kb_top = bottom - kb_h;
    keyboard(ImVec2(m, kb_top), ImVec2(content_w, kb_h));
    const float strip_y = kb_top - 0.75f * u - h;
    const float close_w = button_width(ctx, close.label, 5.0f * u, content_w);
    typing_field(ImVec2(m, strip_y), content_w - close_w - ctx.target_gap());
    if (kit::touch_button(ctx, close.label, ImVec2(ctx.screen.x - m - close_w, strip_y), ImVec2(close_w, h),
                          close.kind)) {
      action = close.action;
    }
    bottom = strip_y - ctx.target_gap();
  }
  UiAction middle =
      kit::draw_middle(ctx, "activity", activity_column(ctx, view), ImVec2(m, top), ImVec2(content_w, bottom - top));
  ImGui::PopID();
  if (tapped.act != Act::None) return tapped;
  if (action.act != Act::None) return action;
  return middle;
}

}  // namespace escale::kiosk::ui
