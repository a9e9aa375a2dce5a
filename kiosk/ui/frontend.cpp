// The kiosk window: SDL2 video, an SDL_Renderer, Dear ImGui and its two
// backends, the fonts, and one frame at a time of the screens in screens.cpp.
// Index:
// [SECTION] FrameRecord
// [SECTION] SDL and ImGui handles (RAII)
// [SECTION] Frontend::Impl: set-up, theme
// [SECTION] Frontend: events, frames, taps, screenshots
#include "ui/frontend.hpp"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cfloat>
#include <stdexcept>
#include <utility>

#include "ui/fonts.hpp"
#include "ui/screens.hpp"
#include "ui/widgets.hpp"

namespace escale::kiosk::ui {

// [SECTION] FrameRecord

namespace {

// Scripts type plain spaces and straight apostrophes; the screen shows
// U+202F / U+00A0 and ’. Both sides are folded to the plain forms.
std::string normalise(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("\xE2\x80\xAF")) {  // U+202F narrow no-break space
      out += ' ';
      i += 2;
    } else if (rest.starts_with("\xC2\xA0")) {  // U+00A0 no-break space
      out += ' ';
      i += 1;
    } else if (rest.starts_with("\xE2\x80\x99")) {  // U+2019 ’
      out += '\'';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

bool FrameRecord::contains_text(std::string_view needle) const {
  const std::string n = normalise(needle);
  for (const auto& text : texts) {
    if (normalise(text).find(n) != std::string::npos) return true;
  }
  return false;
}

const DrawnButton* FrameRecord::find_button(std::string_view label) const {
  const std::string n = normalise(label);
  for (const auto& b : buttons) {
    if (normalise(b.label) == n) return &b;
  }
  for (const auto& b : buttons) {
    if (normalise(b.label).find(n) != std::string::npos) return &b;
  }
  return nullptr;
}

// [SECTION] SDL and ImGui handles (RAII)

namespace {

struct SdlVideo {
  SdlVideo() {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
      throw std::runtime_error(std::string("Cannot start the display (SDL video): ") + SDL_GetError() +
                               ". Is a screen connected? Tests and scripts use --headless.");
    }
  }
  ~SdlVideo() { SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS); }
  SdlVideo(const SdlVideo&) = delete;
  SdlVideo& operator=(const SdlVideo&) = delete;
};

struct WindowDeleter {
  void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
};
struct RendererDeleter {
  void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
};

// An ImGui context plus the two backends, torn down in reverse order.
class ImGuiSession {
 public:
  ImGuiSession() : context_(ImGui::CreateContext()) {}
  ~ImGuiSession() {
    ImGui::SetCurrentContext(context_);
    if (renderer_backend_) ImGui_ImplSDLRenderer_Shutdown();
    if (platform_backend_) ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext(context_);
  }
  ImGuiSession(const ImGuiSession&) = delete;
  ImGuiSession& operator=(const ImGuiSession&) = delete;

  void init_backends(SDL_Window* window, SDL_Renderer* renderer) {
    make_current();
    platform_backend_ = ImGui_ImplSDL2_InitForSDLRenderer(window);
    if (!platform_backend_) throw std::runtime_error("Cannot start the ImGui SDL2 backend");
    renderer_backend_ = ImGui_ImplSDLRenderer_Init(renderer);
    if (!renderer_backend_) throw std::runtime_error("Cannot start the ImGui SDL_Renderer backend");
  }
  // Several frontends may live in one process (tests): each call re-selects its context.
  void make_current() const { ImGui::SetCurrentContext(context_); }

 private:
  ImGuiContext* context_;
  bool platform_backend_ = false;
  bool renderer_backend_ = false;
};

void clear_to_background(SDL_Renderer* r) {
  const auto channel = [](int shift) { return static_cast<Uint8>((colour::kBackground >> shift) & 0xFFu); };
  SDL_SetRenderDrawColor(r, channel(IM_COL32_R_SHIFT), channel(IM_COL32_G_SHIFT), channel(IM_COL32_B_SHIFT), 255);
  SDL_RenderClear(r);
}

void apply_theme(ImGuiStyle& style, float u) {
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0.0f;
  style.WindowRounding = 0.0f;
  style.FramePadding = ImVec2(0.5f * u, 0.3f * u);
  style.ItemSpacing = ImVec2(0.5f * u, 0.4f * u);
  style.FrameRounding = 0.4f * u;
  style.ScrollbarSize = 0.6f * u;  // lists scroll by dragging; a visible bar only shows position
  style.TouchExtraPadding = ImVec2(0, 0);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(colour::kBackground);
  style.Colors[ImGuiCol_WindowBg] = bg;
  style.Colors[ImGuiCol_ChildBg] = bg;
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(colour::kText);
  style.Colors[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(colour::kButton);
  style.Colors[ImGuiCol_ButtonHovered] = ImGui::ColorConvertU32ToFloat4(colour::kButton);
  style.Colors[ImGuiCol_ButtonActive] = ImGui::ColorConvertU32ToFloat4(colour::kButtonPressed);
}

}  // namespace

// [SECTION] Frontend::Impl

struct Frontend::Impl {
  FrontendOptions options;
  SdlVideo video;  // declared first: destroyed last
  std::unique_ptr<SDL_Window, WindowDeleter> window;
  std::unique_ptr<SDL_Renderer, RendererDeleter> renderer;
  ImGuiSession imgui;
  ImVector<ImWchar> glyph_ranges;  // must outlive the font atlas build
  Fonts fonts;
  FrameRecord record;
  int width = 0;
  int height = 0;
  bool has_frame = false;

  // Injected pointer for scripted taps. Headless frontends always use it
  // (there is no real mouse); a windowed one only during tap().
  bool inject = false;
  ImVec2 pointer{-FLT_MAX, -FLT_MAX};
  bool pointer_down = false;

  // What the last frame drew (a screen's view, or a frame_with function):
  // taps and drags without a view redraw it.
  std::function<UiAction(DrawContext&)> last_draw;

  explicit Impl(FrontendOptions opts);
  UiAction render(const KioskView& view);
  UiAction render_with(std::function<UiAction(DrawContext&)> draw);
  // Input injection frames: the pointer at `pos`, down or up.
  UiAction render_pointer(ImVec2 pos, bool down);
  void pointer_gone();
  void load_fonts_for_size();
  void follow_output_size();
};

namespace {

// The video driver hint must be set before SDL video starts.
FrontendOptions prepare_sdl(FrontendOptions options) {
  if (options.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
  if (options.headless || options.software_renderer) {
    // The software renderer draws into the window surface. Without this hint SDL
    // backs that surface with a GL texture and loads Mesa's llvmpipe: ~60 MB
    // resident for nothing.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  }
  return options;
}

}  // namespace

Frontend::Impl::Impl(FrontendOptions opts) : options(prepare_sdl(std::move(opts))) {
  Uint32 window_flags = 0;
  if (options.headless) {
    window_flags |= SDL_WINDOW_HIDDEN;
  } else if (options.fullscreen) {
    window_flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  }
  window.reset(SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width,
                                options.height, window_flags));
  if (!window) {
    throw std::runtime_error(std::string("Cannot open the kiosk window: ") + SDL_GetError());
  }
  if (!options.headless && !options.software_renderer) {
    renderer.reset(SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
  }
  if (!renderer) {
    renderer.reset(SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_SOFTWARE));
  }
  if (!renderer) {
    throw std::runtime_error(std::string("Cannot create a renderer: ") + SDL_GetError());
  }
  if (SDL_GetRendererOutputSize(renderer.get(), &width, &height) != 0 || width <= 0 || height <= 0) {
    width = options.width;
    height = options.height;
  }
  if (!options.headless && options.fullscreen) SDL_ShowCursor(SDL_DISABLE);  // a touch kiosk

  imgui.make_current();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between runs
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames when idle
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;

  glyph_ranges = kiosk_glyph_ranges();
  load_fonts_for_size();

  imgui.init_backends(window.get(), renderer.get());
  inject = options.headless;
}

void Frontend::Impl::load_fonts_for_size() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  fonts = load_fonts(*io.Fonts, options.font_path, options.bold_font_path, body_font_px(width, height, options.scale),
                     glyph_ranges);
  io.FontDefault = fonts.body;
  apply_theme(ImGui::GetStyle(), fonts.body_px);
}

// A fullscreen window may get its real size only after creation (X11,
// Wayland), and a desktop window can be resized: sizes derive from the
// screen, so the fonts follow it.
void Frontend::Impl::follow_output_size() {
  int w = 0;
  int h = 0;
  if (SDL_GetRendererOutputSize(renderer.get(), &w, &h) != 0 || w <= 0 || h <= 0) return;
  if (w == width && h == height) return;
  const float before = body_font_px(width, height, options.scale);
  width = w;
  height = h;
  if (body_font_px(width, height, options.scale) == before) return;
  load_fonts_for_size();
  ImGui_ImplSDLRenderer_DestroyFontsTexture();  // NewFrame uploads the new atlas
}

UiAction Frontend::Impl::render(const KioskView& view) {
  return render_with([view](DrawContext& ctx) { return draw_screen(ctx, view); });
}

UiAction Frontend::Impl::render_pointer(ImVec2 pos, bool down) {
  inject = true;
  pointer = pos;
  pointer_down = down;
  return render_with(last_draw);
}

// Finger gone: nothing stays hovered or pressed in the next frame.
void Frontend::Impl::pointer_gone() {
  pointer = ImVec2(-FLT_MAX, -FLT_MAX);
  pointer_down = false;
  inject = options.headless;
}

UiAction Frontend::Impl::render_with(std::function<UiAction(DrawContext&)> draw) {
  last_draw = std::move(draw);
  imgui.make_current();
  follow_output_size();
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;  // two frames within a timer tick
  if (inject) {
    // After the SDL backend, which reads SDL's own mouse state into these.
    io.MousePos = pointer;
    io.MouseDown[0] = pointer_down;
    io.MouseDown[1] = io.MouseDown[2] = false;
  }
  ImGui::NewFrame();

  record = FrameRecord{};
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                      ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin("##kiosk", nullptr, kFlags);
  DrawContext ctx{fonts, record, io.DisplaySize};
  const UiAction action = last_draw ? last_draw(ctx) : UiAction::None;
  ImGui::End();
  ImGui::Render();

  clear_to_background(renderer.get());
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  SDL_RenderPresent(renderer.get());
  has_frame = true;
  return action;
}

// [SECTION] Frontend

Frontend::Frontend(FrontendOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Frontend::~Frontend() = default;

bool Frontend::process_event(const SDL_Event& event) {
  impl_->imgui.make_current();
  ImGui_ImplSDL2_ProcessEvent(&event);
  switch (event.type) {
    case SDL_QUIT:
      return true;
    case SDL_WINDOWEVENT:
      return event.window.event == SDL_WINDOWEVENT_CLOSE;
    case SDL_KEYDOWN: {
      const bool ctrl = (event.key.keysym.mod & KMOD_CTRL) != 0;
      const SDL_Keycode key = event.key.keysym.sym;
      return ctrl && (key == SDLK_q || key == SDLK_ESCAPE);
    }
    default:
      return false;
  }
}

UiAction Frontend::frame(const KioskView& view) {
  return impl_->render(view);
}

std::optional<UiAction> Frontend::tap(std::string_view label, const KioskView& view) {
  Impl& d = *impl_;
  if (!d.has_frame) d.render(view);
  const DrawnButton* button = d.record.find_button(label);
  if (button == nullptr) return std::nullopt;
  const ImVec2 centre(button->x + button->w / 2.0f, button->y + button->h / 2.0f);

  d.inject = true;
  d.pointer = centre;
  d.pointer_down = true;  // finger down: the button becomes active
  UiAction action = d.render(view);
  d.pointer_down = false;  // finger up over it: ImGui::Button fires on release
  const UiAction on_release = d.render(view);
  if (action == UiAction::None) action = on_release;
  // Finger gone: nothing stays hovered or pressed in the next frame.
  d.pointer = ImVec2(-FLT_MAX, -FLT_MAX);
  d.inject = d.options.headless;
  return action;
}

void Frontend::frame_with(const std::function<void(DrawContext&)>& draw) {
  impl_->render_with([draw](DrawContext& ctx) {
    draw(ctx);
    return UiAction::None;
  });
}

bool Frontend::tap(std::string_view label) {
  Impl& d = *impl_;
  if (!d.has_frame || !d.last_draw) return false;
  const DrawnButton* button = d.record.find_button(label);
  if (button == nullptr) return false;
  return tap_at(ImVec2(button->x + button->w / 2.0f, button->y + button->h / 2.0f));
}

bool Frontend::tap_at(ImVec2 pos) {
  Impl& d = *impl_;
  if (!d.last_draw) return false;
  if (!d.has_frame) d.render_with(d.last_draw);
  const bool on_button = std::any_of(d.record.buttons.begin(), d.record.buttons.end(), [&](const DrawnButton& b) {
    return pos.x >= b.x && pos.x < b.x + b.w && pos.y >= b.y && pos.y < b.y + b.h;
  });
  d.render_pointer(pos, true);
  d.render_pointer(pos, false);
  d.pointer_gone();
  d.render_with(d.last_draw);  // the result of the tap is on screen
  return on_button;
}

void Frontend::drag(ImVec2 from, ImVec2 to, int steps) {
  drag_through({from, to}, steps);
}

void Frontend::drag_through(const std::vector<ImVec2>& points, int steps) {
  Impl& d = *impl_;
  if (!d.last_draw || points.empty()) return;
  steps = std::max(steps, 1);
  d.render_pointer(points.front(), true);
  for (std::size_t s = 1; s < points.size(); ++s) {
    const ImVec2 a = points[s - 1];
    const ImVec2 b = points[s];
    for (int i = 1; i <= steps; ++i) {
      const float t = static_cast<float>(i) / static_cast<float>(steps);
      d.render_pointer(ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), true);
    }
  }
  d.render_pointer(points.back(), false);
  d.pointer_gone();
  d.render_with(d.last_draw);
}

const FrameRecord& Frontend::last_frame() const {
  return impl_->record;
}

bool Frontend::save_screenshot(const std::filesystem::path& png) const {
  const Impl& d = *impl_;
  if (!d.has_frame) {
    spdlog::error("screenshot {}: nothing has been drawn yet", png.string());
    return false;
  }
  d.imgui.make_current();
  // Reading the target after SDL_RenderPresent is undefined (garbage with
  // some renderers), so draw the last frame again, read it, and do not present.
  clear_to_background(d.renderer.get());
  if (ImDrawData* draw_data = ImGui::GetDrawData(); draw_data != nullptr && draw_data->Valid) {
    ImGui_ImplSDLRenderer_RenderDrawData(draw_data);
  }
  return write_renderer_png(d.renderer.get(), png);
}

int Frontend::width() const {
  return impl_->width;
}
int Frontend::height() const {
  return impl_->height;
}
float Frontend::font_px() const {
  return impl_->fonts.body_px;
}

}  // namespace escale::kiosk::ui
