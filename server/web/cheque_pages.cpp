#include "web/cheque_pages.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "mediation/activity.hpp"
#include "reports/cheque_export.hpp"
#include "reports/period.hpp"
#include "store/activities.hpp"
#include "text/trim.hpp"
#include "time/public_holidays.hpp"  // to_iso_date

namespace escale::server::web {

namespace {

Actor actor_of(const WebContext& ctx) {
  Actor a;
  a.web_user_id = ctx.user().id;
  return a;
}

std::string page_url(std::int64_t site, std::string_view month) {
  return "/lieux/" + std::to_string(site) + "/cheques?mois=" + std::string(month);
}

// « 12/11/2026 »
std::string short_date(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

// What a person typed: numbers separated by commas, semicolons or line breaks, where a space or a dash
// inside a number is dropped (« 7777 0001 », as printed); with none of those, spaces separate them.
std::vector<std::string> split_numbers(std::string_view text) {
  const bool listed = text.find_first_of(",;\n\r") != std::string_view::npos;
  std::vector<std::string> out;
  std::string current;
  for (const char c : text) {
    const bool separator = c == ',' || c == ';' || c == '\n' || c == '\r' || (!listed && (c == ' ' || c == '\t'));
    if (separator) {
      if (!text::is_blank(current)) out.push_back(std::string(text::trim(current)));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!text::is_blank(current)) out.push_back(std::string(text::trim(current)));
  return out;
}

std::string joined(const std::vector<std::string>& numbers) {
  std::string out;
  for (const auto& n : numbers) out += (out.empty() ? "" : ", ") + n;
  return out;
}

struct Typed {
  std::string record_id;
  std::string text;
  std::string error;
};

Response render(WebContext& ctx, const reports::Period& month, std::string_view month_text, const Typed& typed,
                bh::status status) {
  ActivityQuery q;
  q.site_id = ctx.site->id;
  q.from = month.first;
  q.to = month.last;
  auto rows = list_activities(ctx.db(), q);
  std::erase_if(rows, [](const mediation::ActivityExportRow& r) { return r.record.cheques <= 0; });
  Page page;
  page.title = "Chèques APTIC — " + reports::label(month);
  page.subtitle = ctx.site->name;
  page.nav = "tableau";
  if (ctx.param("ok") == "1") page.body += notice(NoticeKind::Success, escape("Les numéros sont enregistrés."));
  page.body +=
      "<p>Chaque accompagnement qui a reçu des chèques APTIC (Pass numérique) ce mois-là. Tapez les "
      "numéros imprimés sur les chèques, un par chèque, séparés par des virgules\u202F: ils entrent dans "
      "le fichier de la demande de remboursement.</p>";
  const std::string csv = "/lieux/" + std::to_string(ctx.site->id) + "/cheques.csv?mois=" + std::string(month_text);
  page.body += "<p class=\"downloads\">Télécharger le fichier de la demande\u202F: <a href=\"" + escape(csv) +
               "\">CSV</a> <a href=\"" + escape(csv + "&tableur=1") + "\">CSV pour tableur</a></p>";
  if (rows.empty()) {
    page.body += "<p class=\"muted\">Aucun accompagnement n’a reçu de chèque ce mois-là.</p>";
    return page_response(ctx, page, status);
  }
  page.body += "<ul class=\"cards wide\">";
  for (const auto& row : rows) {
    const auto& r = row.record;
    std::string themes;
    for (const auto& code : r.themes) {
      const auto* t = mediation::find_theme(code);
      themes += (themes.empty() ? "" : ", ") + std::string(t ? t->label : code);
    }
    const std::string when = short_date(r.date);
    // What tells two accompaniments of one day apart, in the field's label and the button (RGAA 11.2, 11.9):
    // the last theme, the administrative one when there is one.
    const auto* last_theme = r.themes.empty() ? nullptr : mediation::find_theme(r.themes.back());
    const std::string which = when + (last_theme ? ", " + std::string(last_theme->label) : std::string());
    const std::string count = std::to_string(r.cheques) + (r.cheques > 1 ? " chèques" : " chèque");
    const bool this_one = typed.record_id == r.id;
    const std::string value = this_one ? typed.text : joined(r.cheque_numbers);
    const bool complete = static_cast<int>(r.cheque_numbers.size()) == r.cheques;
    page.body += "<li class=\"card\"><p class=\"when\">" + escape(when) + " — " + escape(count) + "</p><p>" +
                 escape(themes) + "</p>";
    if (!complete)
      page.body +=
          "<p class=\"muted\">" +
          escape("Numéros à taper\u202F: " + std::to_string(r.cheques - static_cast<int>(r.cheque_numbers.size())) +
                 ".") +
          "</p>";
    page.body += "<form method=\"post\" action=\"/lieux/" + Html::number(ctx.site->id) + "/cheques\">" +
                 csrf_field(*ctx.session) + "<input type=\"hidden\" name=\"mois\" value=\"" + escape(month_text) +
                 "\"><input type=\"hidden\" name=\"fiche\" value=\"" + escape(r.id) + "\">";
    // Each field its own name for the label (RGAA 11.2): the date and the count.
    page.body += text_field("numeros-" + r.id, "Numéros des chèques — " + which, value,
                            Html("autocomplete=\"off\" spellcheck=\"false\" maxlength=\"1300\""), "text",
                            "Un numéro par chèque (" + count + "), séparés par des virgules.",
                            this_one ? typed.error : std::string());
    page.body += "<button type=\"submit\">Enregistrer les numéros<span class=\"visually-hidden\"> — " + escape(which) +
                 "</span></button></form></li>";
  }
  page.body += "</ul>";
  return page_response(ctx, page, status);
}

}  // namespace

Response cheques_page(WebContext& ctx) {
  const std::string text{ctx.param("mois")};
  const auto month = reports::claim_month(text);
  if (!month) {
    return error_page(ctx, bh::status::bad_request, "Mois inconnu",
                      escape("«\u202F" + text +
                             "\u202F» n’est pas un mois\u202F: ouvrez cette page depuis le tableau de bord du "
                             "lieu, ou écrivez l’année et le mois, par exemple ?mois=2026-11."));
  }
  return render(ctx, *month, text, {}, bh::status::ok);
}

Response cheques_post(WebContext& ctx) {
  const std::string text{ctx.field("mois")};
  const auto month = reports::claim_month(text);
  if (!month) {
    return error_page(ctx, bh::status::bad_request, "Mois inconnu",
                      escape("Le formulaire n’indique pas de mois valable. Rouvrez la page des chèques depuis le "
                             "tableau de bord du lieu\u202F; rien n’a été modifié."));
  }
  const std::string id{ctx.field("fiche")};
  auto record = find_activity(ctx.db(), id);
  if (!record || record->site_id != ctx.site->id)
    return not_found_page(ctx, "Cette fiche d’activité n’existe pas dans ce lieu. Rien n’a été modifié.");
  Typed typed{id, std::string(text::trim(ctx.field("numeros-" + id))), {}};
  record->cheque_numbers = split_numbers(typed.text);
  const auto saved = record_activity(ctx.db(), *record, actor_of(ctx));  // the same checks and audit as the API
  if (!saved) {
    typed.error = saved.error();
    return render(ctx, *month, text, typed, bh::status::unprocessable_entity);
  }
  return redirect(ctx.req, page_url(ctx.site->id, text) + "&ok=1");
}

}  // namespace escale::server::web
