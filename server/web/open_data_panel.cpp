// The open-data file as staff see it. See open_data_panel.hpp.
#include "web/open_data_panel.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace escale::server::web {
namespace {

// The columns the site's own form sets, and the field that sets each (its id on /lieux/{site}).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSiteFormFields{{
    {"nom", "#f-name"},
    {"adresse", "#f-address"},
    {"code_insee", "#f-insee_code"},
    {"horaires", "#horaires"},
}};

std::string_view site_form_anchor(std::string_view column) {
  for (const auto& [name, anchor] : kSiteFormFields) {
    if (name == column) return anchor;
  }
  return {};
}

Html where_to_fix(const LeftOutSite& site) {
  Html out;
  std::string anchor;
  bool details = false;
  for (const auto& field : site.fields) {
    const auto a = site_form_anchor(field);
    if (!a.empty() && anchor.empty()) anchor = a;
    if (a.empty()) details = true;
  }
  if (!anchor.empty()) {
    out += " <a href=\"" + escape("/lieux/" + std::to_string(site.site_id) + anchor) + "\">Corriger le lieu</a>";
  }
  if (details) {
    out += (anchor.empty() ? Html(" ") : Html("\u202F; ")) +
           "les informations de médiation se corrigent avec la commande <code>" +
           escape("escale-server site mediation --site " + std::to_string(site.site_id)) + "</code>";
  }
  return out;
}

}  // namespace

Html open_data_left_out_notice(const std::vector<LeftOutSite>& left_out) {
  if (left_out.empty()) return {};
  Html html = left_out.size() == 1
                  ? Html(
                        "Un lieu n’est pas dans le fichier des données ouvertes des lieux de médiation "
                        "numérique\u202F:")
                  : Html::number(static_cast<long long>(left_out.size())) +
                        " lieux ne sont pas dans le fichier des données ouvertes des lieux de médiation "
                        "numérique\u202F:";
  html += "<ul>";
  for (const auto& site : left_out) {
    std::string faults;
    for (const auto& p : site.problems) faults += (faults.empty() ? "" : "\u202F; ") + p;
    html += "<li><strong>" + escape(site.site_name) + "</strong>\u202F: " + escape(faults) + "." + where_to_fix(site) +
            "</li>";
  }
  html += "</ul>";
  return notice(NoticeKind::Warning, html);
}

Html open_data_section(const MediationPlaces& places, std::string_view file_name) {
  Html html = "<h2 id=\"donnees-ouvertes\">Données ouvertes</h2>";
  html +=
      "<p>Le fichier des lieux de médiation numérique (schéma national 1.0.1, modèle de l’ANCT), public\u202F: "
      "<a href=\"/opendata/lieux-mediation-numerique.csv\">" +
      escape(file_name) + "</a>. ";
  const auto n = static_cast<long long>(places.places.size());
  html += n == 0 ? Html("Il ne liste encore aucun lieu.")
                 : (n == 1 ? Html("Il liste un lieu.") : "Il liste " + Html::number(n) + " lieux.");
  html += "</p>";
  return html + open_data_left_out_notice(places.left_out);
}

}  // namespace escale::server::web
