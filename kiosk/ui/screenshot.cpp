// Screenshots of the kiosk: the renderer's pixels written as a PNG with
// stb_image_write. Scripts and tests use them to look at every screen.
#include <spdlog/spdlog.h>
#include <stb_image_write.h>

#include <system_error>
#include <vector>

#include "ui/frontend.hpp"

namespace escale::kiosk::ui {

bool write_renderer_png(SDL_Renderer* renderer, const std::filesystem::path& png) {
  int w = 0;
  int h = 0;
  if (renderer == nullptr || SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
    spdlog::error("screenshot {}: no renderer to read from ({})", png.string(), SDL_GetError());
    return false;
  }
  const int stride = w * 4;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(stride) * static_cast<std::size_t>(h));
  // RGBA32 is R, G, B, A in memory whatever the byte order, as PNG wants.
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, pixels.data(), stride) != 0) {
    spdlog::error("screenshot {}: cannot read the screen ({})", png.string(), SDL_GetError());
    return false;
  }
  // The window surface may have no alpha channel; a screenshot is opaque.
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;

  if (png.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(png.parent_path(), ec);
    if (ec) {
      spdlog::error("screenshot {}: cannot create its folder ({})", png.string(), ec.message());
      return false;
    }
  }
  // Flat UI colours compress well with a low level and one fixed filter
  // ("sub"), several times faster than stb's defaults (level 8, best of five
  // filters per line): scripts and tests take many screenshots.
  stbi_write_png_compression_level = 2;
  stbi_write_force_png_filter = 1;
  if (stbi_write_png(png.c_str(), w, h, 4, pixels.data(), stride) == 0) {
    spdlog::error("screenshot {}: cannot write the file", png.string());
    return false;
  }
  return true;
}

}  // namespace escale::kiosk::ui
