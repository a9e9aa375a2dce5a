// HTML escaping for text and attribute values, for the server's pages.
#pragma once

#include <string>
#include <string_view>

namespace escale::html {

// & < > " ' → entities; everything else (UTF-8 included) as it is.
std::string escape(std::string_view text);

}  // namespace escale::html
