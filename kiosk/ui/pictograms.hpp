// Pictograms for the help topics (« J'ai besoin d'aide numérique »), drawn
// with ImGui's draw list — simple, bold line drawings readable at 48–96 px,
// no image files: an identity card (papers), a family (CAF), a euro coin in
// a document (taxes), a health cross (health), a briefcase (employment), an
// envelope (e-mail), a phone beside a laptop (device), a question mark (other).
#pragma once

#include <imgui.h>

#include "mediation/agenda.hpp"

namespace escale::kiosk {

// Draws the topic's pictogram centred on `center`, fitting a `size` × `size`
// square, in `color` (lines and fills), with line widths scaled to the size.
void draw_pictogram(ImDrawList* draw, mediation::HelpTopic topic, ImVec2 center, float size, ImU32 color);

}  // namespace escale::kiosk
