// The web pages' building blocks: HTML escaping, the page frame (header,
// navigation, logout, footer), forms with their CSRF token, tables and
// notices (the dashboard's charts are in dashboard_pages.cpp). No JavaScript anywhere: the
// pages work on any phone and print as they are (one stylesheet, with a
// print section, served at /assets/escale.css).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/web_users.hpp"

namespace escale::server::web {

// Markup that is safe to send: HTML escaped by construction. An Html is made
// only from
//   - a string literal written in the source (`Html x = "<p>";`, or
//     `"<td>" + escape(name)`): the constructor takes `const char (&)[N]`,
//     so a std::string, a `const char*` or a buffer filled at run time does
//     not convert (the compiler refuses);
//   - escape(text), the escaper, for anything a person typed or the code computed;
//   - Html::number(n), an integer (digits and a sign need no escaping);
//   - concatenating Html values (+, +=);
//   - Html::unsafe_raw(markup): the escape hatch, for markup a trusted
//     computation produced from Html values or numbers (the SVG charts'
//     coordinates). Every call says why in a comment; `grep unsafe_raw` lists them.
// So a std::string holding user text cannot reach a page without escape().
class Html {
 public:
  Html() = default;
  template <std::size_t N>
  Html(const char (&literal)[N]) : text_(literal, N - 1) {}  // NOLINT: literals convert, on purpose
  template <std::size_t N>
  Html(char (&)[N]) = delete;  // a buffer filled at run time is text, not markup: escape() it

  static Html number(long long n) { return Html(std::to_string(n), 0); }
  // Markup computed by trusted code. Say why at every call.
  static Html unsafe_raw(std::string markup) { return Html(std::move(markup), 0); }

  const std::string& str() const { return text_; }
  bool empty() const { return text_.empty(); }
  std::size_t size() const { return text_.size(); }
  void reserve(std::size_t n) { text_.reserve(n); }

  Html& operator+=(const Html& more) {
    text_ += more.text_;
    return *this;
  }
  friend Html operator+(Html a, const Html& b) {
    a.text_ += b.text_;
    return a;
  }
  friend bool operator==(const Html&, const Html&) = default;

 private:
  Html(std::string text, int) : text_(std::move(text)) {}
  friend Html escape(std::string_view text);
  std::string text_;
};

// Text → HTML text or attribute value (& < > " ').
Html escape(std::string_view text);

struct NavItem {
  std::string key;    // compared with Page::nav
  std::string label;  // French
  std::string href;
};

struct Page {
  std::string title;     // <title> and <h1> (text)
  std::string nav;       // which navigation item is current
  Html body;             // the page's content
  std::string subtitle;  // under the title, may be empty (text)
  Html head;             // extra <head> elements, may be empty
};

// The whole document (its bytes, for the response). With a session: the
// navigation for its role and a logout button (a POST form with the CSRF token).
std::string render_page(const Page& page, const WebSession* session);

// The stylesheet (screen, phone, print).
std::string_view stylesheet();

// <input type="hidden" name="csrf" value="…">
Html csrf_field(const WebSession& session);

enum class NoticeKind { Info, Success, Warning, Error };
Html notice(NoticeKind kind, const Html& content);

// A labelled input; `attributes` is markup (e.g. `required maxlength="80"`), the rest text. Its id is
// field_id(name), "f-NAME". With an `error` (a mistake in what was typed), the message stands
// between the label and the input, which gets aria-invalid="true" and aria-describedby naming
// the message (and the hint).
Html text_field(std::string_view name, std::string_view label, std::string_view value, const Html& attributes = {},
                std::string_view type = "text", std::string_view hint = {}, std::string_view error = {});
struct Option {
  std::string value;
  std::string label;
};
Html select_field(std::string_view name, std::string_view label, const std::vector<Option>& options,
                  std::string_view selected, const Html& attributes = {}, std::string_view error = {});

// For controls built by hand: "f-NAME"; the error's <span id="f-NAME-error"> (or "" without an
// error); and ` aria-invalid="true" aria-describedby="f-NAME-error"` (or "").
std::string field_id(std::string_view name);
Html field_error(std::string_view name, std::string_view error);
Html invalid_attributes(std::string_view name, std::string_view error);

// A table of cells; the first cell of each row is its header (th scope="row").
struct HtmlTable {
  std::vector<Html> headers;
  std::vector<std::vector<Html>> rows;
  std::vector<bool> numeric;  // right-aligned columns (optional)
  Html caption;               // may be empty
  std::string empty_text = "Rien à afficher.";
  std::string label;  // plain text naming the table when it has no caption (its scroll region's name)
};
Html table(const HtmlTable& t);

}  // namespace escale::server::web
