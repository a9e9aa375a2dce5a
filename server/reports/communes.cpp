// Names of communes by INSEE code (see communes.hpp). The embedded text is
// data/communes.tsv; it is indexed once, on first use, into a sorted vector
// of views into that text.
#include "reports/communes.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace escale::server::reports {

// Defined in the file CMake generates from data/communes.tsv (communes_data.cpp).
extern const std::string_view kCommunesTsv;

namespace {

struct Index {
  std::vector<std::pair<std::string_view, std::string_view>> names;  // code → name, sorted by code
  std::string_view edition;
};

const Index& index() {
  static const Index built = [] {
    Index out;
    std::string_view text = kCommunesTsv;
    while (!text.empty()) {
      const auto end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.starts_with("# Edition: ")) {
        out.edition = line.substr(11);
        if (const auto semicolon = out.edition.find(';'); semicolon != std::string_view::npos)
          out.edition = out.edition.substr(0, semicolon);
      }
      if (line.empty() || line.front() == '#') continue;
      const auto tab = line.find('\t');
      if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size()) continue;
      out.names.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    std::sort(out.names.begin(), out.names.end());
    return out;
  }();
  return built;
}

}  // namespace

std::optional<std::string_view> commune_name(std::string_view insee_code) {
  const auto& names = index().names;
  const auto it = std::lower_bound(names.begin(), names.end(), insee_code,
                                   [](const auto& entry, std::string_view code) { return entry.first < code; });
  if (it == names.end() || it->first != insee_code) return std::nullopt;
  return it->second;
}

std::string_view communes_edition() {
  return index().edition;
}

}  // namespace escale::server::reports
