// The first-run screen (« Inscription de la borne »): a kiosk that has a
// server and no token yet. The installer types the one-time code from
// « escale-server kiosk add » on a keypad holding only the characters a code
// can have (a physical keyboard works too), taps « Inscrire la borne », and
// reads what happened: in progress, the reason of a refusal and what to do,
// or « Borne inscrite ».
//
// Typing, landscape: the words on the left (what to do, the server, the
// code), the keypad on the right; portrait: the keypad under the words. In
// progress or refused: the words across the width, the reason large, and the
// way on at the bottom (« Modifier le code », « Réessayer »).
//
// Then, until the first pull has brought the site's members, the préparation
// screen stands where the attract screen will be (« La borne se prépare… »):
// a badge tapped is noted and told so; a server out of reach is said plainly;
// « Je suis de passage » works as ever.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/screen_kit.hpp"
#include "ui/screens.hpp"
#include "ui/strings.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui {
namespace {

// The code box: what is typed, in two groups of five (« K7QF2-M9XDA »).
kit::Block code_box(const KioskView& view) {
  const std::string shown = format_enrolment_code(view.enrol.code);
  const std::string hint(tr(Text::EnrolCodeHint, view.language));
  kit::Block b;
  b.height = [](const DrawContext& c, float) { return 2.4f * c.u(); };
  b.draw = [shown, hint](DrawContext& c, ImVec2 pos, float width) {
    kit::typing_box(c, shown, hint, pos, ImVec2(width, 2.4f * c.u()), c.fonts.button);
    return UiAction::None;
  };
  return b;
}

// The 32 characters of a code (no I, O, 0, 1), in capitals as printed, 8 a
// row (A–H, J–R, S–Z, 2–9), then « Effacer » across. Returns true when
// `code` changed.
bool code_keypad(DrawContext& ctx, std::string& code, ImVec2 pos, ImVec2 size, Language lang) {
  constexpr int kColumns = 8;
  const float u = ctx.u();
  const float gap = 0.2f * u;
  const float key_w = (size.x - static_cast<float>(kColumns - 1) * gap) / static_cast<float>(kColumns);
  const float key_h = std::min(3.0f * u, (size.y - 4.0f * gap) / 5.0f);
  const float top = pos.y + std::max(0.0f, (size.y - (5.0f * key_h + 4.0f * gap)) / 2.0f);
  // One size for every key: the button font when the widest letters fit it.
  const ImVec2 key(key_w, key_h);
  ImFont* const font =
      kit::label_fits(ctx, "W", key) && kit::label_fits(ctx, "M", key) ? ctx.fonts.button : ctx.fonts.body;
  bool changed = false;
  ImGui::PushID("code-keypad");
  for (std::size_t i = 0; i < kEnrolmentAlphabet.size(); ++i) {
    const auto row = static_cast<float>(i / kColumns);
    const auto col = static_cast<float>(i % kColumns);
    const std::string label(1, kEnrolmentAlphabet[i]);
    const ImVec2 at(pos.x + col * (key_w + gap), top + row * (key_h + gap));
    if (kit::touch_button(ctx, label, at, key, ButtonKind::Secondary, font) && code.size() < kEnrolmentCodeLength) {
      code += label;
      changed = true;
    }
  }
  const ImVec2 erase_at(pos.x, top + 4.0f * (key_h + gap));
  if (kit::touch_button(ctx, tr(Text::EnrolErase, lang), erase_at, ImVec2(size.x, key_h), ButtonKind::Secondary) &&
      !code.empty()) {
    code.pop_back();
    changed = true;
  }
  ImGui::PopID();
  return changed;
}

// Keys typed on a physical keyboard this frame: letters and digits added,
// Backspace. Returns true when Enter was pressed.
bool physical_keys(std::string& code) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar ch = io.InputQueueCharacters[i];
    if (ch < 128 && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
      code += static_cast<char>(ch);
    }
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !code.empty()) code.pop_back();
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
}

UiAction draw_enrolled(DrawContext& ctx, const KioskView& view, float top) {
  const Language lang = view.language;
  const float m = ctx.margin();
  kit::Column col;
  col.titled(ctx, kit::Icon::Check, enrol_done(view.enrol.kiosk_name, view.enrol.site_name, lang));
  // While the members are on their way, say what happens to a badge meanwhile.
  col.text(ctx, ctx.fonts.body,
           std::string(tr(view.preparation.active ? Text::EnrolPreparingNext : Text::EnrolDoneNext, lang)), 1.0f);
  const std::vector<kit::ButtonSpec> bar{
      {std::string(tr(Text::EnrolStartButton, lang)), UiAction::Home, ButtonKind::Primary}};
  const float bar_top = kit::bottom_bar_top(ctx, bar);
  const UiAction middle = kit::draw_middle(ctx, "enrolled", col, ImVec2(m, top),
                                           ImVec2(ctx.screen.x - 2.0f * m, bar_top - ctx.u() - top), kit::Fit::Centre);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar, true);
  return tapped.act != Act::None ? tapped : middle;
}

// In progress, retrying or refused: the code, what happened, the server.
UiAction draw_outcome(DrawContext& ctx, const KioskView& view, float top) {
  const Language lang = view.language;
  const EnrolView& e = view.enrol;
  const float m = ctx.margin();
  const bool busy = e.status == EnrolStatus::Exchanging || e.status == EnrolStatus::Retrying;
  kit::Column col;
  col.text(ctx, ctx.fonts.button, enrol_code_line(e.code, lang), 0.0f);
  if (e.status == EnrolStatus::Exchanging) col.info(ctx, std::string(tr(Text::EnrolInProgress, lang)), 0.75f);
  if (const std::string problem = enrol_problem(e, lang); !problem.empty()) col.warning(ctx, problem, 0.75f);
  if (e.badge_refused) col.warning(ctx, std::string(tr(Text::EnrolNotYet, lang)), 0.75f);
  col.text(ctx, ctx.fonts.body, enrol_server_line(e.server_url, lang), 0.75f, colour::kTextSecondary);

  // (The language stays as chosen while typing: two buttons fit one row.)
  std::vector<kit::ButtonSpec> bar;
  if (!busy) {
    // An expired or used code is done with: a new one, from an empty box.
    // Otherwise « Modifier le code » brings the keypad back with the code as
    // it is, and « Réessayer » sends it again when that may work (the network
    // back, the wait over).
    const bool spent = e.failure == EnrolFailure::ExpiredCode || e.failure == EnrolFailure::UsedCode;
    const bool retry = e.failure == EnrolFailure::Unreachable || e.failure == EnrolFailure::TooManyAttempts;
    if (spent) {
      bar.push_back({std::string(tr(Text::EnrolNewCode, lang)), UiAction{Act::EnrolEdit, -1, ""}});
    } else {
      bar.push_back({std::string(tr(Text::EnrolChangeCode, lang)), UiAction{Act::EnrolEdit, -1, e.code},
                     retry ? ButtonKind::Secondary : ButtonKind::Primary});
    }
    if (retry) bar.push_back({std::string(tr(Text::EnrolRetry, lang)), UiAction{Act::EnrolSubmit}});
  }
  const float bar_top = kit::bottom_bar_top(ctx, bar);
  const UiAction middle = kit::draw_middle(ctx, "enrol-outcome", col, ImVec2(m, top),
                                           ImVec2(ctx.screen.x - 2.0f * m, bar_top - ctx.u() - top));
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  if (tapped.act != Act::None) return tapped;
  if (middle.act != Act::None) return middle;
  if (busy) return UiAction::None;
  // Typing on a physical keyboard goes back to the code.
  std::string code = e.code;
  const bool enter = physical_keys(code);
  if (code != e.code) return UiAction{Act::EnrolEdit, -1, code};
  if (enter && (e.failure == EnrolFailure::Unreachable || e.failure == EnrolFailure::TooManyAttempts)) {
    return UiAction{Act::EnrolSubmit};
  }
  return UiAction::None;
}

}  // namespace

UiAction draw_enrol(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const EnrolView& e = view.enrol;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float gap = ctx.target_gap();
  const float content_w = ctx.screen.x - 2.0f * m;
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, tr(Text::EnrolTitle, lang)));
  if (e.status == EnrolStatus::Done) return draw_enrolled(ctx, view, top);
  if (e.status != EnrolStatus::Typing) return draw_outcome(ctx, view, top);

  kit::Column col;
  // A badge just tapped: said first, for the few seconds it shows.
  if (e.badge_refused) col.warning(ctx, std::string(tr(Text::EnrolNotYet, lang)), 0.0f).space(0.75f * u);
  col.text(ctx, ctx.fonts.body, std::string(tr(Text::EnrolHow, lang)), 0.0f);
  // The label, then the address on its own line: a narrow column would cut it anywhere.
  col.text(ctx, ctx.fonts.body, enrol_server_line({}, lang), 0.5f, colour::kTextSecondary);
  col.text(ctx, ctx.fonts.body, e.server_url, 0.0f, colour::kTextSecondary);
  col.space(0.75f * u);
  col.add(code_box(view));

  // The bar: the language on the left, « Inscrire la borne » on the right.
  const std::string language(tr(Text::LanguageToggle, lang));
  const std::string submit(tr(Text::EnrolButton, lang));
  const float bar_h = ctx.button_height();
  const float bar_y = ctx.screen.y - m - bar_h;
  const float lang_w = button_width(ctx, language, 6.0f * u, content_w);
  const float submit_w = button_width(ctx, submit, 7.0f * u, content_w - lang_w - gap);

  UiAction tapped = UiAction::None;
  std::string code = e.code;
  bool typed = false;
  if (kit::is_landscape(ctx)) {
    const float left_w = std::floor(content_w * 0.39f);
    tapped = kit::draw_middle(ctx, "enrol-words", col, ImVec2(m, top), ImVec2(left_w, bar_y - 0.75f * u - top));
    const float pad_x = m + left_w + 1.0f * u;
    typed = code_keypad(ctx, code, ImVec2(pad_x, top), ImVec2(ctx.screen.x - m - pad_x, bar_y - gap - top), lang);
  } else {
    const float pad_h = std::min(16.0f * u, (bar_y - gap - top) * 0.6f);
    const float pad_y = bar_y - gap - pad_h;
    tapped = kit::draw_middle(ctx, "enrol-words", col, ImVec2(m, top), ImVec2(content_w, pad_y - 0.75f * u - top));
    typed = code_keypad(ctx, code, ImVec2(m, pad_y), ImVec2(content_w, pad_h), lang);
  }
  if (big_button(ctx, language, ImVec2(m, bar_y), ImVec2(lang_w, bar_h), ButtonKind::Secondary)) {
    tapped = UiAction::ToggleLanguage;
  }
  if (!e.code.empty() &&
      kit::touch_button(ctx, submit, ImVec2(ctx.screen.x - m - submit_w, bar_y), ImVec2(submit_w, bar_h))) {
    tapped = UiAction{Act::EnrolSubmit};
  }
  if (tapped.act != Act::None) return tapped;
  const bool enter = physical_keys(code);
  if (enter && !code.empty() && code == e.code) return UiAction{Act::EnrolSubmit};
  if (typed || code != e.code) return UiAction{Act::EnrolEdit, -1, code};
  return UiAction::None;
}

UiAction draw_preparing(DrawContext& ctx, const KioskView& view) {
  const Language lang = view.language;
  const PreparationView& p = view.preparation;
  const float m = ctx.margin();
  const std::vector<kit::ButtonSpec> bar{
      {std::string(tr(Text::LanguageToggle, lang)), UiAction::ToggleLanguage, ButtonKind::Secondary},
      {std::string(tr(Text::WalkInButton, lang)), UiAction::WalkIn}};
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view));
  const float bar_top = kit::bottom_bar_top(ctx, bar);
  kit::Column col;
  // A badge just tapped: the title says it was noted, for a few seconds
  // (and the explanation gives way, so that a notice below still fits).
  if (p.tap_noted) {
    col.titled(ctx, kit::Icon::Check, std::string(tr(Text::PreparingTapNoted, lang)));
  } else {
    col.titled(ctx, kit::Icon::Info, std::string(tr(Text::PreparingTitle, lang)));
    col.text(ctx, ctx.fonts.body, std::string(tr(Text::PreparingHow, lang)), 0.6f);
  }
  if (p.server_trouble) col.warning(ctx, std::string(tr(Text::PreparingServerTrouble, lang)), 0.75f);
  if (view.reader == ReaderHealth::Unavailable) {
    col.warning(ctx, std::string(tr(Text::ReaderUnavailable, lang)), 0.75f);
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 0.75f);
  const UiAction middle = kit::draw_middle(ctx, "preparing", col, ImVec2(m, top),
                                           ImVec2(ctx.screen.x - 2.0f * m, bar_top - ctx.u() - top), kit::Fit::Centre);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : middle;
}

}  // namespace escale::kiosk::ui
