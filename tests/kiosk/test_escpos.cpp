// ESC/POS encoding of the help ticket (kiosk/printer/escpos.hpp), without a
// device: French text in PC858, what the page lacks, line wrapping at the
// paper's width, and the exact bytes of a ticket.
#include "printer/escpos.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace escale::kiosk::printer;
using namespace std::string_literals;

TEST_CASE("French text in PC858: accents, guillemets, the euro", "[printer]") {
  CHECK(to_code_page("éèêëàâçùûüôîïÉÈÀÇ", CodePage::Pc858) ==
        "\x82\x8A\x88\x89\x85\x83\x87\x97\x96\x81\x93\x8C\x8B\x90\xD4\xB7\x80"s);
  // « » are in the page; U+202F (inside them, before « : ») is its no-break space.
  CHECK(to_code_page("«\u202FCAF\u202F»", CodePage::Pc858) ==
        "\xAE\xFF"
        "CAF\xFF\xAF"s);
  CHECK(to_code_page("10 €", CodePage::Pc858) == "10 \xD5"s);
  CHECK(to_code_page("10 €", CodePage::Pc850) == "10 EUR");
  // What the page lacks: the nearest thing, else « ? ».
  CHECK(to_code_page("l’accueil, œuvre, Œuf — fin…", CodePage::Pc858) == "l'accueil, oeuvre, OEuf - fin...");
  CHECK(to_code_page("日本", CodePage::Pc858) == "??");
  // Controls never reach the printer (a name cannot hold ESC or GS); a
  // newline is a space; bytes that are not UTF-8 are dropped.
  CHECK(to_code_page("Jo\x1B@\x1DVsiane\nB", CodePage::Pc858) == "Jo@Vsiane B");
  CHECK(to_code_page("a\xC3(b\xFF", CodePage::Pc858) == "a(b");
}

TEST_CASE("lines at the paper's width, never broken at a no-break space", "[printer]") {
  const std::string cancel = to_code_page(
      "Pour annuler, appelez le 05\u00A055\u00A000\u00A000\u00A000 ou passez à l’accueil.", CodePage::Pc858);
  CHECK(wrap(cancel, 48) == std::vector<std::string>{"Pour annuler, appelez le 05\xFF"
                                                     "55\xFF"
                                                     "00\xFF"
                                                     "00\xFF"
                                                     "00 ou"s,
                                                     "passez \x85 l'accueil."s});
  CHECK(wrap(cancel, 32) == std::vector<std::string>{"Pour annuler, appelez le"s,
                                                     "05\xFF"
                                                     "55\xFF"
                                                     "00\xFF"
                                                     "00\xFF"
                                                     "00 ou passez \x85"s,
                                                     "l'accueil."s});
  // A word longer than a line is cut; spaces in a row count once.
  CHECK(wrap("abcdefghij  kl", 4) == std::vector<std::string>{"abcd", "efgh", "ij", "kl"});
  CHECK(wrap("", 48).empty());
  CHECK(wrap("   ", 48).empty());
}

TEST_CASE("the QR code command: model 2, size, level M, store, print", "[printer]") {
  const std::string data(300, 'x');
  const std::string bytes = cmd::qr(data, 6);
  const std::string expected =
      "\x1D\x28\x6B\x04\x00\x31\x41\x32\x00"s  // model 2
      "\x1D\x28\x6B\x03\x00\x31\x43\x06"s      // 6 dots a module
      "\x1D\x28\x6B\x03\x00\x31\x45\x31"s      // level M
      "\x1D\x28\x6B\x2F\x01\x31\x50\x30"s +    // store 303 = 0x012F bytes
      data +
      "\x1D\x28\x6B\x03\x00\x31\x51\x30"s;  // print
  CHECK(bytes == expected);
  CHECK(cmd::qr("a", 99).substr(16, 1) == "\x10"s);  // at most 16
  CHECK(cmd::code_page(CodePage::Pc858) == "\x1B\x74\x13"s);
  CHECK(cmd::code_page(CodePage::Pc850) == "\x1B\x74\x02"s);
}

TEST_CASE("a ticket's bytes, from ESC @ to the cut", "[printer]") {
  Receipt r;
  r.title = "Aide numérique";
  r.headline = "Mardi 3 mars, 14 h 30";
  r.lines = {"Sujet\u202F: CAF", "Avec Nadia, pendant 45 min"};
  r.qr = "BEGIN:VEVENT\r\nEND:VEVENT\r\n";
  r.qr_caption = "Pour votre agenda, scannez ce code.";
  const std::string expected =
      "\x1B\x40"s                              // ESC @
      "\x1B\x74\x13"s                          // ESC t 19: PC858
      "\x1B\x61\x01\x1B\x45\x01\x1D\x21\x11"s  // centred, bold, double size
      "Aide num\x82rique\n"s                   //
      "\x1D\x21\x00\x1B\x45\x00\n"s            // normal size, bold off, a blank line
      "\x1B\x61\x00"s                          // left
      "\x1B\x45\x01Mardi 3 mars, 14 h 30\n\x1B\x45\x00"s
      "Sujet : CAF\n"s
      "Avec Nadia, pendant 45 min\n"s
      "\n\x1B\x61\x01"s +
      cmd::qr(r.qr, 6) +
      "\n"s
      "Pour votre agenda, scannez ce code.\n"s
      "\x1B\x61\x00"s
      "\x1B\x64\x03\x1D\x56\x42\x00"s;  // ESC d 3, GS V 66 0: feed and cut
  CHECK(encode(r, paper_format(80)) == expected);

  // 58 mm paper: 32 columns (16 in double size), smaller modules.
  const PaperFormat narrow = paper_format(58);
  CHECK(narrow.columns == 32);
  CHECK(narrow.qr_module == 4);
  Receipt bare;
  bare.headline = "Mardi 3 mars, 14 h 30";
  CHECK(encode(bare, narrow) ==
        "\x1B\x40\x1B\x74\x13\x1B\x61\x00\x1B\x45\x01Mardi 3 mars, 14 h 30\n\x1B\x45\x00\x1B\x64\x03\x1D\x56\x42\x00"s);
}
