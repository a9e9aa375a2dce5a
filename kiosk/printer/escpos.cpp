// ESC/POS encoding (see escpos.hpp): pure functions, no device.
#include "printer/escpos.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "text/utf8.hpp"

namespace escale::kiosk::printer {
namespace {

// U+00A0 … U+00FF in PC850/PC858: Latin-1's upper half is all there, at
// other places (generated from Python's cp858 codec).
constexpr std::array<std::uint8_t, 96> kLatin1{
    0xFF, 0xAD, 0xBD, 0x9C, 0xCF, 0xBE, 0xDD, 0xF5, 0xF9, 0xB8, 0xA6, 0xAE, 0xAA, 0xF0, 0xA9, 0xEE,  // U+00A0
    0xF8, 0xF1, 0xFD, 0xFC, 0xEF, 0xE6, 0xF4, 0xFA, 0xF7, 0xFB, 0xA7, 0xAF, 0xAC, 0xAB, 0xF3, 0xA8,  // U+00B0
    0xB7, 0xB5, 0xB6, 0xC7, 0x8E, 0x8F, 0x92, 0x80, 0xD4, 0x90, 0xD2, 0xD3, 0xDE, 0xD6, 0xD7, 0xD8,  // U+00C0
    0xD1, 0xA5, 0xE3, 0xE0, 0xE2, 0xE5, 0x99, 0x9E, 0x9D, 0xEB, 0xE9, 0xEA, 0x9A, 0xED, 0xE8, 0xE1,  // U+00D0
    0x85, 0xA0, 0x83, 0xC6, 0x84, 0x86, 0x91, 0x87, 0x8A, 0x82, 0x88, 0x89, 0x8D, 0xA1, 0x8C, 0x8B,  // U+00E0
    0xD0, 0xA4, 0x95, 0xA2, 0x93, 0xE4, 0x94, 0xF6, 0x9B, 0x97, 0xA3, 0x96, 0x81, 0xEC, 0xE7, 0x98,  // U+00F0
};

// Characters the page lacks, as the nearest thing it has.
std::string_view replacement(char32_t c, CodePage page) {
  switch (c) {
    case U'\u2019':  // ’
    case U'\u2018':
    case U'\u02BC':
      return "'";
    case U'\u201C':
    case U'\u201D':
      return "\"";
    case U'\u2013':  // – —
    case U'\u2014':
    case U'\u2010':
    case U'\u2011':
      return "-";
    case U'\u2026':
      return "...";
    case U'\u0153':
      return "oe";
    case U'\u0152':
      return "OE";
    case U'\u0178':
      return "Y";
    case U'\u202F':  // narrow no-break space: PC850's no-break space
      return "\xFF";
    case U'\u2009':  // thin space
      return " ";
    case U'\u20AC':
      return page == CodePage::Pc858 ? "\xD5" : "EUR";
    default:
      return "?";
  }
}

void append_le16(std::string& out, std::size_t n) {
  out += static_cast<char>(n & 0xFF);
  out += static_cast<char>((n >> 8) & 0xFF);
}

void text_lines(std::string& out, std::string_view utf8, CodePage page, int columns) {
  for (auto line : wrap(to_code_page(utf8, page), columns)) {
    std::replace(line.begin(), line.end(), '\xFF', ' ');  // kept the words together; printed as a space
    out += line;
    out += '\n';
  }
}

}  // namespace

PaperFormat paper_format(int paper_mm, CodePage code_page) {
  PaperFormat f;
  f.code_page = code_page;
  if (paper_mm <= 58) {
    f.columns = 32;
    f.qr_module = 4;
  }
  return f;
}

std::string to_code_page(std::string_view utf8, CodePage page) {
  std::string out;
  out.reserve(utf8.size());
  while (!utf8.empty()) {
    const auto cp = utf8::decode(utf8);
    if (!cp) {  // not UTF-8: skip the byte
      utf8.remove_prefix(1);
      continue;
    }
    utf8.remove_prefix(cp->length);
    const char32_t c = cp->value;
    if (c == U'\n' || c == U'\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
      continue;  // controls (ESC, GS…) never reach the printer
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c >= 0xA0 && c <= 0xFF) {
      out += static_cast<char>(kLatin1[c - 0xA0]);
    } else {
      out += replacement(c, page);
    }
  }
  return out;
}

std::vector<std::string> wrap(std::string_view text, int columns) {
  const auto width = static_cast<std::size_t>(std::max(1, columns));
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(i, end - i);
    i = end;
    while (!word.empty()) {
      const std::size_t room = line.empty() ? width : (line.size() < width ? width - line.size() - 1 : 0);
      if (word.size() <= room) {
        if (!line.empty()) line += ' ';
        line += word;
        word = {};
      } else if (line.empty()) {  // longer than a line: cut
        line = word.substr(0, width);
        word.remove_prefix(width);
        lines.push_back(std::move(line));
        line.clear();
      } else {
        lines.push_back(std::move(line));
        line.clear();
      }
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

namespace cmd {

std::string code_page(CodePage page) {
  std::string out = "\x1B\x74";
  out += static_cast<char>(page == CodePage::Pc858 ? 19 : 2);
  return out;
}

std::string qr(std::string_view data, int module) {
  std::string out;
  // Model 2.
  out += std::string("\x1D\x28\x6B\x04\x00\x31\x41\x32\x00", 9);
  // Module size.
  out += std::string("\x1D\x28\x6B\x03\x00\x31\x43", 7);
  out += static_cast<char>(std::clamp(module, 1, 16));
  // Error correction M (15 %), as on screen.
  out += std::string("\x1D\x28\x6B\x03\x00\x31\x45\x31", 8);
  // Store the data: pL pH count the 3 bytes « 1 P 0 » and the data.
  out += "\x1D\x28\x6B";
  append_le16(out, data.size() + 3);
  out += "\x31\x50\x30";
  out += data;
  // Print it.
  out += std::string("\x1D\x28\x6B\x03\x00\x31\x51\x30", 8);
  return out;
}

}  // namespace cmd

std::string encode(const Receipt& r, const PaperFormat& f) {
  std::string out;
  out += cmd::kInit;
  out += cmd::code_page(f.code_page);
  if (!r.title.empty()) {
    out += cmd::kCentre;
    out += cmd::kBoldOn;
    out += cmd::kDouble;
    text_lines(out, r.title, f.code_page, f.columns / 2);
    out += cmd::kNormal;
    out += cmd::kBoldOff;
    out += '\n';
  }
  out += cmd::kLeft;
  if (!r.headline.empty()) {
    out += cmd::kBoldOn;
    text_lines(out, r.headline, f.code_page, f.columns);
    out += cmd::kBoldOff;
  }
  for (const auto& line : r.lines) text_lines(out, line, f.code_page, f.columns);
  // The QR code's data is at most 7089 bytes (a version-40 symbol); a
  // calendar event is a few hundred.
  if (!r.qr.empty() && r.qr.size() <= 7089 - 3) {
    out += '\n';
    out += cmd::kCentre;
    out += cmd::qr(r.qr, f.qr_module);
    out += '\n';
    if (!r.qr_caption.empty()) text_lines(out, r.qr_caption, f.code_page, f.columns);
    out += cmd::kLeft;
  }
  out += cmd::kFeedAndCut;
  return out;
}

}  // namespace escale::kiosk::printer
