// ESC/POS for receipt printers (Epson's command set, which nearly every
// thermal receipt printer follows): a ticket as bytes, with pure functions
// that tests check without a device (receipt_printer.hpp writes the bytes).
//
// What a ticket uses: ESC @ (initialise), ESC t n (code page: PC858, the
// Western European page with €, or PC850), ESC a (alignment), ESC E (bold),
// GS ! (character size), GS ( k (QR code: model 2, module size, error
// correction M, store, print), ESC d (feed) and GS V (feed to the cutter and
// cut). Text is converted from UTF-8 to the code page; what the page lacks
// is replaced (’ → ', œ → oe, … → ...), anything else by « ? »; control
// characters never reach the printer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace escale::kiosk::printer {

enum class CodePage {
  Pc858,  // ESC t 19: PC850 with € at 0xD5 (the default)
  Pc850,  // ESC t 2: the same without € (written « EUR »)
};

// What the printer's paper and characters allow.
struct PaperFormat {
  int columns = 48;   // Font A characters per line: 48 on 80 mm paper, 32 on 58 mm
  int qr_module = 6;  // dots per QR module (1–16): 6 on 80 mm, 4 on 58 mm
  CodePage code_page = CodePage::Pc858;
};
// The format of `paper_mm` (80 or 58) paper.
PaperFormat paper_format(int paper_mm, CodePage code_page = CodePage::Pc858);

// A ticket: a title (large, bold, centred), a headline (bold), lines
// (wrapped at the paper's width), a QR code of `qr` (bytes as they are:
// UTF-8 for a calendar event) with its caption. Empty parts are left out.
struct Receipt {
  std::string title;
  std::string headline;
  std::vector<std::string> lines;
  std::string qr;
  std::string qr_caption;
};

// UTF-8 text in `page`: one byte per character. Invalid UTF-8 and control
// characters are dropped; no-break spaces (U+00A0, U+202F: « 05 55 00 00 00 »,
// « Lieu : ») become 0xFF, the page's no-break space.
std::string to_code_page(std::string_view utf8, CodePage page);
// `text` (already in the code page: one byte a column) in lines of at most
// `columns`, broken at spaces (never at a no-break space); a word longer
// than a line is cut. encode() prints no-break spaces as plain spaces.
std::vector<std::string> wrap(std::string_view text, int columns);

// The whole ticket as bytes, from ESC @ to the cut.
std::string encode(const Receipt& receipt, const PaperFormat& format);

// The command pieces, for tests that spell the expected bytes out.
namespace cmd {
using namespace std::string_view_literals;                                         // ""sv keeps the 0 bytes
inline constexpr std::string_view kInit = "\x1B\x40"sv;                            // ESC @
inline constexpr std::string_view kCentre = "\x1B\x61\x01"sv;                      // ESC a 1
inline constexpr std::string_view kLeft = "\x1B\x61\x00"sv;                        // ESC a 0
inline constexpr std::string_view kBoldOn = "\x1B\x45\x01"sv;                      // ESC E 1
inline constexpr std::string_view kBoldOff = "\x1B\x45\x00"sv;                     // ESC E 0
inline constexpr std::string_view kDouble = "\x1D\x21\x11"sv;                      // GS ! 0x11: double width and height
inline constexpr std::string_view kNormal = "\x1D\x21\x00"sv;                      // GS ! 0
inline constexpr std::string_view kFeedAndCut = "\x1B\x64\x03\x1D\x56\x42\x00"sv;  // ESC d 3, GS V 66 0
std::string code_page(CodePage page);                                              // ESC t n
std::string qr(std::string_view data, int module);  // GS ( k: model, size, level M, store, print
}  // namespace cmd

}  // namespace escale::kiosk::printer
