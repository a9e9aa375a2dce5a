// Pictograms for the help topics: see pictograms.hpp. Each one is drawn in
// unit coordinates (0..1 across the size × size square, y down) mapped onto
// the square; strokes stay at least half a line plus a pixel of
// anti-aliasing away from its edges, so nothing spills out of it.
#include "ui/pictograms.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace escale::kiosk {

namespace {

constexpr float kPi = std::numbers::pi_v<float>;

// The square and the line width, with short ways to place points in it.
struct Canvas {
  ImDrawList* draw;
  ImVec2 origin;  // top-left corner of the square
  float size;
  float line;  // stroke width: size / 16, at least 1.5 px
  ImU32 color;

  ImVec2 at(float x, float y) const { return ImVec2(origin.x + x * size, origin.y + y * size); }
  float len(float f) const { return f * size; }

  void rect(float x0, float y0, float x1, float y1, float rounding, ImDrawFlags flags = ImDrawFlags_None) const {
    draw->AddRect(at(x0, y0), at(x1, y1), color, len(rounding), flags, line);
  }
  void fill_rect(float x0, float y0, float x1, float y1, float rounding, ImDrawFlags flags = ImDrawFlags_None) const {
    draw->AddRectFilled(at(x0, y0), at(x1, y1), color, len(rounding), flags);
  }
  void segment(float x0, float y0, float x1, float y1, float width_factor = 1.0f) const {
    draw->AddLine(at(x0, y0), at(x1, y1), color, width_factor * line);
  }
  void disc(float x, float y, float r) const { draw->AddCircleFilled(at(x, y), len(r), color, segments(r)); }
  void ring(float x, float y, float r) const { draw->AddCircle(at(x, y), len(r), color, segments(r), line); }
  // Smooth enough at 96 px, cheap at 48 px.
  int segments(float r) const { return std::clamp(static_cast<int>(len(r) * 0.9f), 12, 48); }
};

// A person's silhouette: a head above rounded shoulders, standing on `base`.
void person(const Canvas& c, float x, float head_y, float head_r, float half_width, float body_top, float base) {
  c.disc(x, head_y, head_r);
  c.fill_rect(x - half_width, body_top, x + half_width, base, half_width * 0.9f, ImDrawFlags_RoundCornersTop);
}

// Papers, ANTS: an identity card with a portrait and lines of text.
void papers(const Canvas& c) {
  c.rect(0.07f, 0.19f, 0.93f, 0.81f, 0.08f);
  // Portrait: a head and shoulders, resting on the card's lower edge.
  c.disc(0.32f, 0.40f, 0.095f);
  c.draw->PathArcTo(c.at(0.32f, 0.70f), c.len(0.16f), kPi, 2.0f * kPi, c.segments(0.16f));
  c.draw->PathFillConvex(c.color);
  // Text: three lines, the last shorter.
  c.segment(0.56f, 0.38f, 0.82f, 0.38f);
  c.segment(0.56f, 0.51f, 0.82f, 0.51f);
  c.segment(0.56f, 0.64f, 0.72f, 0.64f);
}

// CAF: a family, two adults and a child between them.
void family(const Canvas& c) {
  person(c, 0.22f, 0.20f, 0.105f, 0.14f, 0.36f, 0.92f);
  person(c, 0.78f, 0.20f, 0.105f, 0.14f, 0.36f, 0.92f);
  person(c, 0.50f, 0.52f, 0.075f, 0.09f, 0.64f, 0.92f);
}

// Taxes: a document with a folded corner and a euro sign.
void taxes(const Canvas& c) {
  const ImVec2 outline[5] = {c.at(0.17f, 0.06f), c.at(0.63f, 0.06f), c.at(0.83f, 0.26f), c.at(0.83f, 0.94f),
                             c.at(0.17f, 0.94f)};
  c.draw->AddPolyline(outline, 5, c.color, ImDrawFlags_Closed, c.line);
  const ImVec2 fold[3] = {c.at(0.63f, 0.06f), c.at(0.63f, 0.26f), c.at(0.83f, 0.26f)};
  c.draw->AddPolyline(fold, 3, c.color, ImDrawFlags_None, c.line);
  c.segment(0.30f, 0.22f, 0.50f, 0.22f);
  // €: an arc open on the right, crossed by two bars.
  const ImVec2 centre = c.at(0.54f, 0.62f);
  const float r = c.len(0.18f);
  c.draw->PathArcTo(centre, r, 0.28f * kPi, 1.72f * kPi, c.segments(0.18f));
  c.draw->PathStroke(c.color, ImDrawFlags_None, c.line);
  c.segment(0.28f, 0.57f, 0.58f, 0.57f, 0.8f);
  c.segment(0.28f, 0.67f, 0.58f, 0.67f, 0.8f);
}

// Health: a medical cross in a circle.
void health(const Canvas& c) {
  c.ring(0.5f, 0.5f, 0.43f);
  const float arm = 0.25f;
  const float half = 0.095f;
  c.fill_rect(0.5f - half, 0.5f - arm, 0.5f + half, 0.5f + arm, 0.02f);
  c.fill_rect(0.5f - arm, 0.5f - half, 0.5f + arm, 0.5f + half, 0.02f);
}

// Employment: a briefcase with its handle, band and clasp.
void briefcase(const Canvas& c) {
  c.rect(0.36f, 0.14f, 0.64f, 0.30f, 0.06f, ImDrawFlags_RoundCornersTop);
  c.rect(0.07f, 0.30f, 0.93f, 0.85f, 0.08f);
  c.segment(0.07f, 0.53f, 0.93f, 0.53f);
  c.fill_rect(0.43f, 0.46f, 0.57f, 0.61f, 0.02f);
}

// E-mail: an envelope, its flap folded down.
void envelope(const Canvas& c) {
  c.rect(0.07f, 0.22f, 0.93f, 0.78f, 0.04f);
  const ImVec2 flap[3] = {c.at(0.09f, 0.25f), c.at(0.5f, 0.55f), c.at(0.91f, 0.25f)};
  c.draw->AddPolyline(flap, 3, c.color, ImDrawFlags_None, c.line);
}

// Device: a laptop, and a smartphone standing beside it.
void devices(const Canvas& c) {
  // Laptop: the screen, then the keyboard base, wider.
  c.rect(0.09f, 0.25f, 0.57f, 0.62f, 0.03f);
  c.fill_rect(0.03f, 0.66f, 0.63f, 0.75f, 0.03f);
  // Phone: a tall rounded rectangle with a speaker slot and a button.
  c.rect(0.72f, 0.20f, 0.93f, 0.75f, 0.045f);
  c.segment(0.79f, 0.285f, 0.86f, 0.285f, 0.7f);
  c.disc(0.825f, 0.675f, 0.03f);
}

// Other: a question mark in a speech bubble.
void question(const Canvas& c) {
  // The bubble as one closed outline, its tail pointing down-left.
  const float r = 0.14f;
  const float left = 0.07f, right = 0.93f, top = 0.08f, bottom = 0.72f;
  ImDrawList* d = c.draw;
  const int n = c.segments(r) / 4 + 2;
  d->PathArcTo(c.at(left + r, top + r), c.len(r), kPi, 1.5f * kPi, n);
  d->PathArcTo(c.at(right - r, top + r), c.len(r), 1.5f * kPi, 2.0f * kPi, n);
  d->PathArcTo(c.at(right - r, bottom - r), c.len(r), 0.0f, 0.5f * kPi, n);
  d->PathLineTo(c.at(0.46f, bottom));
  d->PathLineTo(c.at(0.25f, 0.86f));
  d->PathLineTo(c.at(0.25f, bottom));
  d->PathArcTo(c.at(left + r, bottom - r), c.len(r), 0.5f * kPi, kPi, n);
  d->PathStroke(c.color, ImDrawFlags_Closed, c.line);

  // ?: a hook over a short stem, and a dot.
  const float w = 1.15f * c.line;
  d->PathArcTo(c.at(0.5f, 0.28f), c.len(0.11f), 1.0f * kPi, 2.25f * kPi, c.segments(0.11f));
  d->PathBezierCubicCurveTo(c.at(0.54f, 0.42f), c.at(0.50f, 0.42f), c.at(0.50f, 0.48f), 6);
  d->PathLineTo(c.at(0.50f, 0.51f));
  d->PathStroke(c.color, ImDrawFlags_None, w);
  c.disc(0.5f, 0.61f, 0.045f);
}

}  // namespace

void draw_pictogram(ImDrawList* draw, mediation::HelpTopic topic, ImVec2 center, float size, ImU32 color) {
  if (draw == nullptr || !(size > 0.0f)) return;
  const Canvas c{draw, ImVec2(center.x - size / 2.0f, center.y - size / 2.0f), size, std::max(1.5f, size / 16.0f),
                 color};
  switch (topic) {
    case mediation::HelpTopic::Papers:
      papers(c);
      break;
    case mediation::HelpTopic::Caf:
      family(c);
      break;
    case mediation::HelpTopic::Taxes:
      taxes(c);
      break;
    case mediation::HelpTopic::Health:
      health(c);
      break;
    case mediation::HelpTopic::Employment:
      briefcase(c);
      break;
    case mediation::HelpTopic::Email:
      envelope(c);
      break;
    case mediation::HelpTopic::Device:
      devices(c);
      break;
    case mediation::HelpTopic::Other:
      question(c);
      break;
  }
}

}  // namespace escale::kiosk
