// The web pages' building blocks: HTML escaping, the page frame (header,
// navigation, logout, footer), forms with their CSRF token, tables and
// notices (the dashboard's charts are in dashboard_pages.cpp). No JavaScript anywhere: the
// pages work on any phone and print as they are (one stylesheet, with a
// print section, served at /assets/escale.css).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/web_users.hpp"

namespace escale::server::web {

// Text → HTML text or attribute value (& < > " ').
std::string escape(std::string_view text);

struct NavItem {
  std::string key;    // compared with Page::nav
  std::string label;  // French
  std::string href;
};

struct Page {
  std::string title;     // <title> and <h1>
  std::string nav;       // which navigation item is current
  std::string body;      // HTML, escaped by whoever built it
  std::string subtitle;  // under the title, may be empty
  std::string head;      // extra <head> elements (escaped HTML), may be empty
};

// The whole document. With a session: the navigation for its role and a
// logout button (a POST form with the CSRF token).
std::string render_page(const Page& page, const WebSession* session);

// The stylesheet (screen, phone, print).
std::string_view stylesheet();

// <input type="hidden" name="csrf" value="…">
std::string csrf_field(const WebSession& session);

enum class NoticeKind { Info, Success, Warning, Error };
std::string notice(NoticeKind kind, std::string_view html);

// A labelled input; `attributes` is raw HTML (e.g. `required maxlength="80"`). Its id is
// field_id(name), "f-NAME". With an `error` (a mistake in what was typed), the message stands
// between the label and the input, which gets aria-invalid="true" and aria-describedby naming
// the message (and the hint).
std::string text_field(std::string_view name, std::string_view label, std::string_view value,
                       std::string_view attributes = {}, std::string_view type = "text", std::string_view hint = {},
                       std::string_view error = {});
struct Option {
  std::string value;
  std::string label;
};
std::string select_field(std::string_view name, std::string_view label, const std::vector<Option>& options,
                         std::string_view selected, std::string_view attributes = {}, std::string_view error = {});

// For controls built by hand: "f-NAME"; the error's <span id="f-NAME-error"> (or "" without an
// error); and ` aria-invalid="true" aria-describedby="f-NAME-error"` (or "").
std::string field_id(std::string_view name);
std::string field_error(std::string_view name, std::string_view error);
std::string invalid_attributes(std::string_view name, std::string_view error);

// A table from already-escaped cells; the first row of `rows` is not a header.
struct HtmlTable {
  std::vector<std::string> headers;            // escaped HTML
  std::vector<std::vector<std::string>> rows;  // escaped HTML
  std::vector<bool> numeric;                   // right-aligned columns (optional)
  std::string caption;                         // escaped HTML, may be empty
  std::string empty_text = "Rien à afficher.";
  std::string label;  // plain text naming the table when it has no caption (its scroll region's name)
};
std::string table(const HtmlTable& t);

}  // namespace escale::server::web
