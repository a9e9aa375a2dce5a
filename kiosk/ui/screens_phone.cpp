// « Mon espace » on the member's phone (issue 18): the one-time login link
// as a QR code, with what it does beside it; « Un instant… » while the
// server is asked; why not when it cannot be had. The code logs the member
// in: the app takes the screen down after a minute without a tap.
//
// Landscape: the words on the left, the code on the right, as big as the
// room between the header and the buttons allows in whole pixels a module
// (a phone reads a sharp code from further away). Portrait: the words, the
// code under them.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ui/screen_kit.hpp"
#include "ui/screens.hpp"
#include "ui/strings.hpp"
#include "ui/touch_widgets.hpp"

namespace escale::kiosk::ui {
namespace {

std::string text_of(Text id, Language lang) {
  return std::string(tr(id, lang));
}

// The words beside (or above) the code.
kit::Column scan_words(const DrawContext& ctx, Language lang) {
  kit::Column col;
  col.text(ctx, ctx.fonts.body, text_of(Text::PhoneLinkScan, lang), 0.0f);
  col.text(ctx, ctx.fonts.body, text_of(Text::PhoneLinkOnce, lang), 0.6f);
  return col;
}

// The QR code as a block of a column, centred, at most `max_side` pixels.
kit::Block code_block(std::string url, float max_side) {
  kit::Block code;
  code.height = [max_side](const DrawContext&, float width) { return std::min(width, max_side); };
  code.draw = [url, max_side](DrawContext& c, ImVec2 pos, float width) {
    const float side = std::min(width, max_side);
    qr_code(c, url, ImVec2(pos.x + (width - side) / 2.0f, pos.y), side);
    return UiAction::None;
  };
  return code;
}

UiAction draw_link(DrawContext& ctx, const KioskView& view, float top) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const float content_w = ctx.screen.x - 2.0f * m;
  const std::vector<kit::ButtonSpec> bar{{text_of(Text::BackButton, lang), UiAction{Act::Back}, ButtonKind::Secondary},
                                         {text_of(Text::PhoneLinkDoneButton, lang), UiAction::Home}};
  const float bottom = kit::bottom_bar_top(ctx, bar) - 0.5f * u;
  const float avail_h = bottom - top;
  const std::string& url = view.phone_link.url;
  // The code's modules, quiet zone included: whole pixels each.
  const auto layout = qr_layout(url, ImVec2(0, 0), 10000.0f);
  const float modules = layout ? static_cast<float>(layout->modules) : 41.0f;
  kit::Column words = scan_words(ctx, lang);
  UiAction middle = UiAction::None;
  if (kit::is_landscape(ctx)) {
    const float gap = 1.0f * u;
    // The biggest code that leaves the words room to show whole.
    int px = std::max(1, static_cast<int>(std::floor(std::min(avail_h, 0.55f * content_w) / modules)));
    while (px > 2 && words.height(ctx, content_w - static_cast<float>(px) * modules - gap) > avail_h) --px;
    const float side = static_cast<float>(px) * modules;
    const float words_w = content_w - side - gap;
    middle = kit::draw_middle(ctx, "phone-link", words, ImVec2(m, top), ImVec2(words_w, avail_h), kit::Fit::Centre);
    qr_code(ctx, url, ImVec2(ctx.screen.x - m - side, top + (avail_h - side) / 2.0f), side);
  } else {
    // Portrait: the code across most of the width, under the words.
    const float px = std::max(1.0f, std::floor(std::min(content_w, 14.0f * u) / modules));
    kit::Block code = code_block(url, px * modules);
    code.gap_before = 0.75f * u;
    words.add(std::move(code));
    middle = kit::draw_middle(ctx, "phone-link", words, ImVec2(m, top), ImVec2(content_w, avail_h), kit::Fit::Centre);
  }
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : middle;
}

// « Un instant… », or why there is no link (and what to do).
UiAction draw_no_link(DrawContext& ctx, const KioskView& view, float top) {
  const Language lang = view.language;
  const float u = ctx.u();
  const float m = ctx.margin();
  const kit::ButtonSpec back{text_of(Text::BackButton, lang), UiAction{Act::Back}, ButtonKind::Secondary};
  std::vector<kit::ButtonSpec> bar{back};
  kit::Column col;
  switch (view.phone_link.status) {
    case PhoneLinkStatus::Waiting:
    case PhoneLinkStatus::Ready:  // without a link (never so): as while waiting
      col.text(ctx, ctx.fonts.title, text_of(Text::PhoneLinkWaiting, lang), 0.0f);
      break;
    case PhoneLinkStatus::Unreachable:
      col.titled(ctx, kit::Icon::Warning, text_of(Text::PhoneLinkUnreachable, lang));
      col.text(ctx, ctx.fonts.body, text_of(Text::PhoneLinkUnreachableHow, lang), 0.6f);
      bar.push_back({text_of(Text::PhoneLinkRetry, lang), UiAction{Act::PhoneLink}});
      break;
    case PhoneLinkStatus::Refused:
      col.titled(ctx, kit::Icon::Info, text_of(Text::PhoneLinkRefused, lang));
      col.text(ctx, ctx.fonts.body, text_of(Text::PhoneLinkAskDesk, lang), 0.6f);
      bar.push_back({text_of(Text::DoneButton, lang), UiAction::Home});
      break;
  }
  if (!view.last_error.empty()) col.warning(ctx, view.last_error, 1.0f);
  const float bottom = kit::bottom_bar_top(ctx, bar) - 0.75f * u;
  const UiAction middle = kit::draw_middle(ctx, "phone-link", col, ImVec2(m, top),
                                           ImVec2(ctx.screen.x - 2.0f * m, bottom - top), kit::Fit::Centre);
  const UiAction tapped = kit::draw_bottom_bar(ctx, bar);
  return tapped.act != Act::None ? tapped : middle;
}

}  // namespace

UiAction draw_phone_link(DrawContext& ctx, const KioskView& view) {
  const float top = kit::content_top(ctx, kit::draw_header(ctx, view, tr(Text::PhoneLinkTitle, view.language)));
  const bool ready = view.phone_link.status == PhoneLinkStatus::Ready && !view.phone_link.url.empty();
  return ready ? draw_link(ctx, view, top) : draw_no_link(ctx, view, top);
}

}  // namespace escale::kiosk::ui
