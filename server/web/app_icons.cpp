#include "web/app_icons.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace escale::server::web {
namespace {

constexpr std::array<std::uint8_t, 3> kBlue{0x1f, 0x5f, 0xa8};

std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

void chunk(std::string& out, const char* type, const std::string& data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out += body;
  put32(out, crc32(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
}

// Is (x, y) of a `size` square inside the arch? A door: its round top a half
// circle, its sides straight down to the threshold.
bool in_arch(double x, double y, double size) {
  const double left = size * 0.30, right = size * 0.70, bottom = size * 0.80;
  const double cx = size * 0.5, radius = (right - left) / 2, top = size * 0.22 + radius;
  if (x < left || x > right || y > bottom) return false;
  if (y >= top) return true;
  const double dx = x - cx, dy = y - top;
  return dx * dx + dy * dy <= radius * radius;
}

// Is (x, y) inside the rounded square of the background?
bool in_background(double x, double y, double size) {
  const double r = size * 0.18;
  const double cx = x < r ? r : (x > size - r ? size - r : x);
  const double cy = y < r ? r : (y > size - r ? size - r : y);
  const double dx = x - cx, dy = y - cy;
  return dx * dx + dy * dy <= r * r;
}

}  // namespace

std::string app_icon_png(int size) {
  // The pixels (with a filter byte per row), 4× supersampled at the edges.
  std::string raw;
  raw.reserve(static_cast<std::size_t>(size) * (4 * size + 1));
  for (int y = 0; y < size; ++y) {
    raw += '\0';
    for (int x = 0; x < size; ++x) {
      int inside = 0, door = 0;
      for (int sy = 0; sy < 4; ++sy) {
        for (int sx = 0; sx < 4; ++sx) {
          const double px = x + (sx + 0.5) / 4, py = y + (sy + 0.5) / 4;
          if (in_background(px, py, size)) {
            ++inside;
            if (in_arch(px, py, size)) ++door;
          }
        }
      }
      const double white = inside ? static_cast<double>(door) / inside : 0;
      for (const auto c : kBlue) raw += static_cast<char>(c + (255 - c) * white + 0.5);
      raw += static_cast<char>(inside * 255 / 16);
    }
  }
  // zlib stream with stored (uncompressed) blocks of at most 65 535 bytes.
  std::string z = "\x78\x01";
  std::uint32_t a = 1, b = 0;
  for (const unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  for (std::size_t at = 0; at < raw.size() || at == 0;) {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
    const bool last = at + n == raw.size();
    z += static_cast<char>(last ? 1 : 0);
    z += static_cast<char>(n & 0xFF);
    z += static_cast<char>(n >> 8);
    z += static_cast<char>(~n & 0xFF);
    z += static_cast<char>((~n >> 8) & 0xFF);
    z.append(raw, at, n);
    at += n;
    if (last) break;
  }
  put32(z, (b << 16) | a);
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string header;
  put32(header, static_cast<std::uint32_t>(size));
  put32(header, static_cast<std::uint32_t>(size));
  header += std::string("\x08\x06\x00\x00\x00", 5);  // 8 bits, RGBA, deflate, no filter, no interlace
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", z);
  chunk(png, "IEND", "");
  return png;
}

std::string app_icon_svg() {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">"
         "<rect width=\"100\" height=\"100\" rx=\"18\" fill=\"#1f5fa8\"/>"
         "<path d=\"M30 80 V42 A20 20 0 0 1 70 42 V80 Z\" fill=\"#fff\"/></svg>\n";
}

std::string web_app_manifest() {
  const nlohmann::json m = {
      {"name", "Escale — Mon espace"},
      {"short_name", "Escale"},
      {"description", "Mes réservations au tiers-lieu, sur mon téléphone"},
      {"lang", "fr"},
      {"start_url", "/moi"},
      {"scope", "/"},
      {"display", "standalone"},
      {"background_color", "#f5f6f8"},
      {"theme_color", "#1d2330"},
      {"icons",
       {{{"src", "/assets/icone-192.png"}, {"sizes", "192x192"}, {"type", "image/png"}, {"purpose", "any"}},
        {{"src", "/assets/icone-512.png"}, {"sizes", "512x512"}, {"type", "image/png"}, {"purpose", "any"}},
        {{"src", "/assets/icone.svg"}, {"sizes", "any"}, {"type", "image/svg+xml"}, {"purpose", "any"}}}},
  };
  return m.dump(2) + "\n";
}

}  // namespace escale::server::web
