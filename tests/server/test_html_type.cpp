// The Html type (server/web/html.hpp): markup escaped by construction. What
// the compiler refuses is checked at compile time (static_assert); what the
// allowed ways produce, at run time.
#include "web/html.hpp"  // first: the header is self-contained

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace {

using escale::server::web::escape;
using escale::server::web::Html;
using escale::server::web::HtmlTable;

// Text held at run time never becomes markup without escape(): no conversion,
// no construction, no assignment from std::string, a string_view, a pointer
// or a buffer filled at run time.
static_assert(!std::is_constructible_v<Html, std::string>);
static_assert(!std::is_constructible_v<Html, const std::string&>);
static_assert(!std::is_constructible_v<Html, std::string_view>);
static_assert(!std::is_constructible_v<Html, const char*>);
static_assert(!std::is_constructible_v<Html, char (&)[16]>);
static_assert(!std::is_convertible_v<std::string, Html>);
static_assert(!std::is_assignable_v<Html&, std::string>);
static_assert(!std::is_assignable_v<Html&, const char*>);
// A literal written in the source is markup.
static_assert(std::is_convertible_v<const char (&)[4], Html>);
// Html + std::string does not compile either (no operator+ takes a std::string).
template <class A, class B>
concept Addable = requires(A a, B b) {
  a + b;
};
static_assert(!Addable<Html, std::string>);
static_assert(!Addable<std::string, Html>);
static_assert(Addable<Html, Html>);

}  // namespace

TEST_CASE("html: escape, literals, numbers and concatenation make markup", "[web][html]") {
  CHECK(escape("<a href='x'>&\"").str() == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  const Html row = "<td>" + escape("Dupont & fils") + "</td>";
  CHECK(row.str() == "<td>Dupont &amp; fils</td>");
  Html out = "<p>";
  out += Html::number(-12) + " " + Html::number(0) + "</p>";
  CHECK(out.str() == "<p>-12 0</p>");
  CHECK(Html().empty());
  CHECK(Html("x") == Html("x"));
}

TEST_CASE("html: a table's cells stay escaped, its region named by its caption's text", "[web][html]") {
  HtmlTable t;
  t.headers = {"Nom", "Badges"};
  t.numeric = {false, true};
  t.caption = escape("2 adhérents pour « <b> »");
  t.rows.push_back({escape("<script>"), Html::number(3)});
  const auto html = escale::server::web::table(t).str();
  CHECK_THAT(html, Catch::Contains("aria-label=\"2 adhérents pour « &lt;b&gt; »\""));
  CHECK_THAT(html, Catch::Contains("<caption>2 adhérents pour « &lt;b&gt; »</caption>"));
  CHECK_THAT(html, Catch::Contains("<th scope=\"row\">&lt;script&gt;</th><td class=\"num\">3</td>"));
  CHECK_THAT(html, !Catch::Contains("<script>"));
}

TEST_CASE("html: a table titled only by its label carries it as a hidden caption", "[web][html]") {
  // RGAA 5.4: the title belongs to the table itself, not only to the wrapper or the heading above it.
  HtmlTable t;
  t.headers = {"Nom"};
  t.label = "Bornes <du lieu>";
  t.rows.push_back({escape("Entrée")});
  const auto html = escale::server::web::table(t).str();
  CHECK_THAT(html, Catch::Contains("<caption class=\"visually-hidden\">Bornes &lt;du lieu&gt;</caption>"));
  HtmlTable untitled;
  untitled.headers = {"Nom"};
  CHECK_THAT(escale::server::web::table(untitled).str(), !Catch::Contains("<caption"));
}
