// « Mon espace » on a phone's home screen (issue 18): the web app manifest
// and its icons, drawn by the server (no image file to ship): an arch — the
// door of a tiers-lieu — in white on Escale's blue. PNG at 192 and 512
// pixels (what Android and iOS ask for), and the same drawing in SVG.
#pragma once

#include <string>

namespace escale::server::web {

// A square PNG of `size` pixels (RGBA, uncompressed deflate: a few hundred KB at most, made once).
std::string app_icon_png(int size);
std::string app_icon_svg();
// The manifest (JSON): name, start URL /moi, standalone display, colours, icons.
std::string web_app_manifest();

}  // namespace escale::server::web
