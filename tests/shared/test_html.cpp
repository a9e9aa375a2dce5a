#include "text/html.hpp"  // first: the header is self-contained

#include <catch2/catch.hpp>

TEST_CASE("html: escaping text and attribute values", "[html]") {
  using escale::html::escape;
  CHECK(escape("") == "");
  CHECK(escape("Élodie Lefèvre") == "Élodie Lefèvre");  // UTF-8 untouched
  CHECK(escape("<script>alert('x') & \"y\"</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  CHECK(escape("&amp;") == "&amp;amp;");  // escaped once more: text is text
}
