// « Mon espace » on the member's phone (issue 18), headless: « Sur mon
// téléphone » in the member menu (only with a server), then the phone-link
// screen in each of its states — the link's QR code with what it does,
// « Un instant… », the server not answering (« Réessayer »), the server
// refusing. For each: the texts a person reads, what each tap returns,
// nothing cut or overlapping at 800×480, 1024×600, 1280×800 and 720×1280,
// and a screenshot in <build>/screenshots/ui/ named after the screen.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "screen_checks.hpp"
#include "ui/touch_widgets.hpp"

namespace {

using escale::Language;
using escale::kiosk::Act;
using escale::kiosk::KioskView;
using escale::kiosk::PhoneLinkStatus;
using escale::kiosk::Screen;
using escale::kiosk::UiAction;
using escale::kiosk::testing::check_layout;
using escale::kiosk::testing::march3;
using escale::kiosk::testing::ScreenDriver;
using escale::kiosk::testing::size_name;
namespace ui = escale::kiosk::ui;

// As long as the server's links get (« about 120 characters »).
const std::string kLink =
    "https://escale.communaute-de-communes-du-saint-affricain.fr/moi/lien/eml_q8Zr3kT0mB2xY7wPc5LdVn1sHa9Ue4Gj8rKf6Wt";

KioskView menu_view(Language lang = Language::French) {
  KioskView v;
  v.screen = Screen::Greeting;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = march3(10, 15);
  v.first_name = "Marie";
  v.check_in_time = march3(10, 15);
  v.member_menu = true;
  v.has_desks = true;
  v.has_visio = true;
  v.phone_link_offered = true;
  return v;
}

KioskView phone_view(PhoneLinkStatus status, Language lang = Language::French) {
  KioskView v = menu_view(lang);
  v.screen = Screen::PhoneLink;
  v.member_menu = false;
  v.phone_link_offered = false;
  v.phone_link.status = status;
  if (status == PhoneLinkStatus::Ready) v.phone_link.url = kLink;
  return v;
}

std::string lang_name(Language lang) {
  return lang == Language::French ? "fr" : "en";
}

}  // namespace

TEST_CASE("phone link: « Sur mon téléphone » in the member menu only with a server", "[screens][phone-link]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));
  d.draw(menu_view());
  d.shot("phone-link-menu-fr-" + size_name(w, h));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Sur mon téléphone") == UiAction{Act::PhoneLink});
  CHECK(d.tap("Aide numérique") == UiAction{Act::AskHelp});
  CHECK(d.tap("Terminé") == UiAction::Home);

  KioskView offline = menu_view();
  offline.phone_link_offered = false;
  d.draw(offline);
  CHECK(d.button("Sur mon téléphone") == nullptr);
  CHECK(d.button("Mes réservations") != nullptr);

  d.draw(menu_view(Language::English));
  d.shot("phone-link-menu-en-" + size_name(w, h));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("On my phone") == UiAction{Act::PhoneLink});
}

TEST_CASE("phone link: the link as a big QR code with what it does", "[screens][phone-link]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  for (const Language lang : {Language::French, Language::English}) {
    INFO(size_name(w, h) << " " << lang_name(lang));
    d.draw(phone_view(PhoneLinkStatus::Ready, lang));
    d.shot("phone-link-" + lang_name(lang) + "-" + size_name(w, h));
    const auto& f = d.frame();
    const bool fr = lang == Language::French;
    CHECK(f.contains_text(fr ? "Mon espace sur votre téléphone" : "Your member space on your phone"));
    CHECK(f.contains_text(fr ? "Scannez ce code avec l’appareil photo de votre téléphone : vos réservations s’ouvrent, "
                               "sans mot de passe."
                             : "Scan this code with your phone’s camera"));
    CHECK(f.contains_text(fr ? "Ce code sert une seule fois et pendant 10 minutes." : "only once, for 10 minutes"));
    CHECK(f.contains_text("qr:" + kLink));
    // Big enough for a phone held at arm's length: at least 4 px a module
    // on the 7" panel (version 7: 45 modules and the quiet zone).
    const auto layout = ui::qr_layout(kLink, ImVec2(0, 0), 10000.0f);
    REQUIRE(layout);
    for (std::size_t i = 0; i < f.texts.size(); ++i) {
      if (!f.texts[i].starts_with("qr:")) continue;
      INFO("the code is " << f.text_boxes[i].w << " px wide for " << layout->modules << " modules");
      CHECK(f.text_boxes[i].w >= 4.0f * static_cast<float>(layout->modules));
      CHECK(f.text_boxes[i].y + f.text_boxes[i].h <= d.height());
    }
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(f.scroll_areas.empty());  // everything in sight: nothing to drag
    CHECK(f.buttons.size() == 2);
    CHECK(d.tap(fr ? "C’est fait" : "All done") == UiAction::Home);
    CHECK(d.tap(fr ? "Retour" : "Back") == UiAction{Act::Back});
  }
}

TEST_CASE("phone link: waiting then the server not answering then refusing", "[screens][phone-link]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  SECTION("« Un instant… » while the server is asked: « Retour » only") {
    d.draw(phone_view(PhoneLinkStatus::Waiting));
    d.shot("phone-link-waiting-fr-" + size_name(w, h));
    CHECK(d.frame().contains_text("Mon espace sur votre téléphone"));
    CHECK(d.frame().contains_text("Un instant…"));
    CHECK_FALSE(d.frame().contains_text("qr:"));
    check_layout(d.frame(), d.width(), d.height(), d.u());
    CHECK(d.frame().buttons.size() == 1);
    CHECK(d.tap("Retour") == UiAction{Act::Back});
  }
  SECTION("no answer: what to do, « Réessayer »") {
    d.draw(phone_view(PhoneLinkStatus::Unreachable));
    d.shot("phone-link-unreachable-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Le serveur ne répond pas pour l’instant."));
    CHECK(f.contains_text(
        "Réessayez dans un moment, ou demandez un lien par e-mail ou SMS depuis la page « Mon espace » du "
        "tiers-lieu."));
    CHECK_FALSE(f.contains_text("qr:"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Réessayer") == UiAction{Act::PhoneLink});
    CHECK(d.tap("Retour") == UiAction{Act::Back});
  }
  SECTION("refused: ask at the desk") {
    d.draw(phone_view(PhoneLinkStatus::Refused));
    d.shot("phone-link-refused-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Impossible de préparer le lien pour l’instant."));
    CHECK(f.contains_text("Demandez à l’accueil."));
    CHECK_FALSE(f.contains_text("Réessayer"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Terminé") == UiAction::Home);
    CHECK(d.tap("Retour") == UiAction{Act::Back});
  }
  SECTION("English") {
    for (const auto status : {PhoneLinkStatus::Waiting, PhoneLinkStatus::Unreachable, PhoneLinkStatus::Refused}) {
      d.draw(phone_view(status, Language::English));
      check_layout(d.frame(), d.width(), d.height(), d.u());
    }
    d.shot("phone-link-refused-en-" + size_name(w, h));
    CHECK(d.frame().contains_text("The link cannot be prepared right now."));
    d.draw(phone_view(PhoneLinkStatus::Unreachable, Language::English));
    d.shot("phone-link-unreachable-en-" + size_name(w, h));
    CHECK(d.frame().contains_text("The server is not answering right now."));
    CHECK(d.tap("Try again") == UiAction{Act::PhoneLink});
  }
}
