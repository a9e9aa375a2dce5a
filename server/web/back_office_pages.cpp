// The back office pages of admins and animators. See back_office_pages.hpp.
// Handlers are thin: check access, read the form, call the store (which
// validates, writes one transaction, logs the change and the audit row),
// then redirect (POST → 303 → GET) or show the form again with the error.
#include "web/back_office_pages.hpp"

#include <map>
#include <variant>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"  // add_days, iso_weekday, paris_civil_date
#include "domain/badge.hpp"
#include "domain/opening_hours.hpp"
#include "mediation/agenda.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/sites.hpp"
#include "time/french_format.hpp"

namespace escale::server::web {
namespace {

using Options = std::vector<Option>;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "/lieux/12/adherents" with prefix "/lieux/" → {12, "/adherents"}.
std::optional<std::pair<std::int64_t, std::string_view>> id_and_rest(std::string_view path, std::string_view prefix) {
  if (!starts_with(path, prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  const auto slash = path.find('/');
  const auto id = api::parse_id(path.substr(0, slash));
  if (!id) return std::nullopt;
  return std::pair{*id, slash == std::string_view::npos ? std::string_view() : path.substr(slash)};
}

Actor actor_of(const WebContext& ctx) {
  Actor a;
  a.web_user_id = ctx.user().id;
  return a;
}

std::string site_base(std::int64_t site) {
  return "/lieux/" + std::to_string(site);
}

Response forbidden(const WebContext& ctx) {
  return error_page(ctx, bh::status::forbidden, "Accès réservé",
                    "Ce compte ne gère pas ce lieu : un compte d’animation voit son propre lieu seulement.");
}

Response not_found(const WebContext& ctx, std::string_view what) {
  return error_page(ctx, bh::status::not_found, "Page introuvable", escape(what));
}

Response post_only(const WebContext& ctx) {
  auto res = error_page(ctx, bh::status::method_not_allowed, "Action impossible",
                        "Cette action passe par un bouton de la page : revenez à la page précédente.");
  res.set(bh::field::allow, "POST");
  return res;
}

bool is_get(const WebContext& ctx) {
  return ctx.req.method() == bh::verb::get || ctx.req.method() == bh::verb::head;
}

// Confirmation messages after a redirect: fixed texts chosen by a code (no
// text from the URL is ever shown).
std::string flash(const WebContext& ctx) {
  static const std::map<std::string, std::string, std::less<>> kMessages = {
      {"cree", "L’adhérent est enregistré. Ses bornes le connaîtront à leur prochain échange."},
      {"modifie", "Les modifications sont enregistrées."},
      {"badge", "Le badge est attribué : il fonctionne à la borne dès son prochain échange."},
      {"badge-retire", "Le badge est retiré : il ne fonctionnera plus à la borne."},
      {"efface",
       "L’adhérent est effacé : nom, coordonnées et badges supprimés ; ses passages restent comptés de façon "
       "anonyme."},
      {"lieu", "Le lieu est enregistré. Les bornes appliquent les nouveaux horaires dès leur prochain échange."},
      {"ressource", "La ressource est ajoutée."},
      {"ressource-retiree", "La ressource ne peut plus être réservée (son historique est gardé)."},
      {"ressource-remise", "La ressource peut de nouveau être réservée."},
      {"ressource-anglais", "Le nom en anglais est enregistré : les bornes l’affichent en anglais."},
      {"annulee", "La réservation est annulée."},
  };
  const auto it = kMessages.find(ctx.param("ok"));
  return it == kMessages.end() ? std::string() : notice(NoticeKind::Success, escape(it->second));
}

std::string tabs(std::int64_t site, std::string_view current) {
  const auto base = site_base(site);
  const std::pair<const char*, std::string> items[] = {{"members", base + "/adherents"},
                                                       {"bookings", base + "/reservations"},
                                                       {"agenda", base + "/agenda"},
                                                       {"site", base}};
  const char* labels[] = {"Adhérents", "Réservations", "Agenda de médiation", "Lieu, horaires et ressources"};
  std::string out = "<nav class=\"tabs\" aria-label=\"Rubriques du lieu\">";
  for (std::size_t i = 0; i < 4; ++i) {
    out += "<a href=\"" + escape(items[i].second) + "\"";
    if (current == items[i].first) out += " aria-current=\"page\"";
    out += ">" + std::string(labels[i]) + "</a>";
  }
  return out + "</nav>\n";
}

// A page of a site's back office: title with the site's name, the tabs.
Page site_page(const WebContext& ctx, const Site& site, std::string_view nav, std::string title) {
  Page page;
  page.title = std::move(title);
  page.subtitle = site.name;
  // Animators' navigation names each section; admins reach them through « Lieux » and the tabs
  // (their tabs would repeat an animator's navigation bar).
  const bool admin = ctx.user().role == WebRole::Admin;
  page.nav = admin ? "sites" : std::string(nav);
  page.body = (admin ? tabs(site.id, nav) : std::string()) + flash(ctx);
  return page;
}

std::string paris_day_time(Instant t) {
  const auto l = to_paris(t);
  return format_day(l) + " à " + format_time(l);
}

std::string iso_to_text(const std::optional<std::string>& iso) {
  if (!iso) return "—";
  const auto t = parse_iso_utc(*iso);
  return t ? paris_day_time(*t) : *iso;
}

//-----------------------------------------------------------------------------
// Members
//-----------------------------------------------------------------------------

Options age_options() {
  Options out;
  for (const auto a : age_brackets()) out.push_back({std::string(to_string(a)), std::string(age_bracket_label(a))});
  return out;
}

std::string roles_text(const Member& m) {
  std::string out;
  if (m.has_role(Role::Animator)) out += "animation";
  if (m.has_role(Role::Mediator)) out += std::string(out.empty() ? "" : ", ") + "médiation";
  return out.empty() ? "adhérent" : out;
}

std::string optional_text(const std::optional<std::string>& v) {
  return v ? *v : std::string();
}

// Reads the member form into `m` (names, contacts, commune, age bracket, roles).
std::optional<std::string> read_member_form(const WebContext& ctx, Member& m) {
  m.first_name = ctx.field("first_name");
  m.last_name = ctx.field("last_name");
  auto optional_field = [&](const char* name) -> std::optional<std::string> {
    auto v = ctx.field(name);
    if (v.find_first_not_of(" \t") == std::string::npos) return std::nullopt;
    return v;
  };
  m.email = optional_field("email");
  m.phone = optional_field("phone");
  m.home_commune = optional_field("home_commune");
  const auto bracket = parse_age_bracket(ctx.field("age_bracket"));
  if (!bracket) return "Choisissez une tranche d’âge dans la liste.";
  m.age_bracket = *bracket;
  m.roles = {Role::Member};
  if (ctx.field("role_animator") == "1") m.roles.push_back(Role::Animator);
  if (ctx.field("role_mediator") == "1") m.roles.push_back(Role::Mediator);
  return std::nullopt;
}

std::string member_form(const WebContext& ctx, const Member& m, const std::string& action, const std::string& button) {
  std::string out =
      "<form class=\"panel\" method=\"post\" action=\"" + escape(action) + "\">" + csrf_field(*ctx.session);
  out += "<div class=\"grid-2\"><div>";
  out += text_field("first_name", "Prénom", m.first_name, "required maxlength=\"100\" autocomplete=\"off\"");
  out += text_field("last_name", "Nom", m.last_name, "required maxlength=\"100\" autocomplete=\"off\"");
  out += text_field("email", "Courriel (facultatif)", optional_text(m.email), "maxlength=\"200\"", "email");
  out += text_field("phone", "Téléphone (facultatif)", optional_text(m.phone), "maxlength=\"30\"", "tel");
  out += "</div><div>";
  out += text_field("home_commune", "Commune de résidence (code INSEE, facultatif)", optional_text(m.home_commune),
                    "maxlength=\"5\" pattern=\"[0-9]{5}|2[AB][0-9]{3}\" inputmode=\"numeric\"", "text",
                    "5 caractères, par exemple 21425 pour Montbard (ce n’est pas le code postal).");
  out += select_field("age_bracket", "Tranche d’âge", age_options(), to_string(m.age_bracket));
  out += "<fieldset class=\"field\"><legend>Rôles à la borne</legend>";
  out += "<label class=\"check\"><input type=\"checkbox\" name=\"role_animator\" value=\"1\"" +
         std::string(m.has_role(Role::Animator) ? " checked" : "") + "> Animation (mode animateur)</label>";
  out += "<label class=\"check\"><input type=\"checkbox\" name=\"role_mediator\" value=\"1\"" +
         std::string(m.has_role(Role::Mediator) ? " checked" : "") + "> Médiation numérique</label>";
  out += "</fieldset></div></div>";
  out += "<p class=\"muted\">Escale garde le minimum : ni date de naissance, ni adresse, ni photo.</p>";
  out += "<button type=\"submit\">" + escape(button) + "</button></form>\n";
  return out;
}

Response members_list(WebContext& ctx, store::Database& db, const Site& site) {
  auto page = site_page(ctx, site, "members", "Adhérents");
  const auto q = ctx.param("q");
  page.body += "<form class=\"panel filters\" method=\"get\" action=\"" + escape(site_base(site.id)) + "/adherents\">" +
               text_field("q", "Chercher un nom", q, "maxlength=\"100\" autocomplete=\"off\"", "search") +
               "<div class=\"field\"><button type=\"submit\">Chercher</button></div>"
               "<div class=\"field\"><a class=\"button secondary\" href=\"" +
               escape(site_base(site.id)) + "/adherents/nouveau\">Ajouter un adhérent</a></div></form>";
  const auto members = list_members(db, site.id, q.substr(0, 100));
  std::map<std::int64_t, int> badge_count;
  {
    auto st = db.prepare(
        "SELECT b.member_id, count(*) FROM badges b JOIN members m ON m.id = b.member_id "
        "WHERE m.site_id = ? AND b.revoked_at IS NULL GROUP BY b.member_id");
    st.bind_all(site.id);
    while (st.step()) badge_count[st.int64(0)] = st.int32(1);
  }
  HtmlTable t;
  t.headers = {"Nom", "Commune (INSEE)", "Tranche d’âge", "Rôle", "Badges"};
  t.numeric = {false, false, false, false, true};
  t.caption = escape(std::to_string(members.size()) + (members.size() > 1 ? " adhérents" : " adhérent") +
                     (q.empty() ? "" : " pour « " + q + " »"));
  t.empty_text = q.empty() ? "Aucun adhérent pour l’instant." : "Aucun nom ne contient « " + q + " ».";
  for (const auto& m : members) {
    t.rows.push_back({"<a href=\"/adherents/" + std::to_string(m.id) + "\">" + escape(m.last_name) + " " +
                          escape(m.first_name) + "</a>",
                      escape(optional_text(m.home_commune)), escape(age_bracket_label(m.age_bracket)),
                      escape(roles_text(m)), std::to_string(badge_count[m.id])});
  }
  page.body += table(t);
  return page_response(ctx, page);
}

Response member_new(WebContext& ctx, store::Database& db, const Site& site) {
  Member m;
  m.site_id = site.id;
  std::string error;
  if (ctx.is_post()) {
    if (auto problem = read_member_form(ctx, m)) {
      error = *problem;
    } else {
      auto added = add_member(db, m);
      if (added) {
        Member with_roles = *added;
        audit(db, actor_of(ctx), site.id, "member.add", "member:" + std::to_string(added->id), "{}");
        return redirect(ctx.req, "/adherents/" + std::to_string(with_roles.id) + "?ok=cree");
      }
      error = added.error();
    }
  }
  auto page = site_page(ctx, site, "members", "Nouvel adhérent");
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  page.body += member_form(ctx, m, site_base(site.id) + "/adherents/nouveau", "Enregistrer l’adhérent");
  return page_response(ctx, page, error.empty() ? bh::status::ok : bh::status::unprocessable_entity);
}

Response member_page(WebContext& ctx, store::Database& db, const Site& site, Member m, std::string error = {}) {
  auto page = site_page(ctx, site, "members", m.first_name + " " + m.last_name);
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  const auto activity = member_activity(db, m.id);
  page.body += "<p>Inscrit·e le " + escape(iso_to_text(activity.created_at)) + " · " + std::to_string(activity.visits) +
               (activity.visits > 1 ? " passages" : " passage") +
               (activity.last_check_in ? " · dernier passage le " + escape(iso_to_text(activity.last_check_in)) : "") +
               "</p>";
  page.body += "<h2>Coordonnées</h2>";
  page.body += member_form(ctx, m, "/adherents/" + std::to_string(m.id), "Enregistrer les modifications");

  page.body += "<h2>Badges</h2>";
  HtmlTable t;
  t.headers = {"Badge (numéro)", "Attribué le", "État", ""};
  t.empty_text = "Aucun badge : l’adhérent ne peut pas encore badger.";
  for (const auto& b : list_badges(db, m.id)) {
    std::string action;
    if (!b.revoked_at) {
      action = "<form class=\"inline\" method=\"post\" action=\"/adherents/" + std::to_string(m.id) + "/badges/" +
               escape(b.uid) + "/retirer\">" + csrf_field(*ctx.session) +
               "<button class=\"secondary\" type=\"submit\">Retirer (perdu, rendu)</button></form>";
    }
    t.rows.push_back({"<code>" + escape(b.uid) + "</code>", escape(iso_to_text(b.created_at)),
                      b.revoked_at ? "retiré le " + escape(iso_to_text(b.revoked_at)) : "actif", action});
  }
  page.body += table(t);
  page.body += "<form class=\"panel filters\" method=\"post\" action=\"/adherents/" + std::to_string(m.id) +
               "/badges\">" + csrf_field(*ctx.session) +
               text_field("uid", "Numéro du badge à attribuer", ctx.field("uid"),
                          "required maxlength=\"29\" autocomplete=\"off\" spellcheck=\"false\"", "text",
                          "8, 14 ou 20 chiffres hexadécimaux, lus sur le badge ou à la borne (ex. 04A1B2C3).") +
               "<div class=\"field\"><button type=\"submit\">Attribuer le badge</button></div></form>";

  page.body += "<h2>Données personnelles</h2>";
  page.body += "<p><a class=\"button secondary\" href=\"/adherents/" + std::to_string(m.id) +
               "/export.json\">Exporter toutes ses données (JSON)</a> ";
  page.body += "<a class=\"button secondary\" href=\"/adherents/" + std::to_string(m.id) +
               "/effacer\">Effacer cet adhérent…</a></p>";
  page.body +=
      "<p class=\"muted\">L’export contient tout ce qu’Escale garde sur la personne (droit d’accès et de "
      "portabilité). L’effacement supprime son identité mais garde ses passages de façon anonyme pour les "
      "statistiques.</p>";
  return page_response(ctx, page, error.empty() ? bh::status::ok : bh::status::unprocessable_entity);
}

Response erase_page(WebContext& ctx, store::Database& db, const Site& site, const Member& m) {
  if (ctx.is_post()) {
    if (ctx.field("confirm") != "1") {
      auto page = site_page(ctx, site, "members", "Effacer " + m.first_name + " " + m.last_name);
      page.body += notice(NoticeKind::Error, "Cochez la case de confirmation pour effacer.");
      return page_response(ctx, page, bh::status::unprocessable_entity);
    }
    auto erased = erase_member(db, m.id, actor_of(ctx), ctx.now);
    if (!erased) return error_page(ctx, bh::status::conflict, "Effacement impossible", escape(erased.error()));
    return redirect(ctx.req, site_base(site.id) + "/adherents?ok=efface");
  }
  auto page = site_page(ctx, site, "members", "Effacer " + m.first_name + " " + m.last_name);
  page.body += notice(NoticeKind::Warning,
                      "L’effacement est définitif. <strong>Supprimés</strong> : prénom, nom, courriel, téléphone, code "
                      "de la borne, adresse de calendrier ; les badges sont retirés et leurs numéros ôtés des "
                      "passages ; les réservations à venir sont annulées ; les prénoms et téléphones de ses demandes "
                      "d’aide sont effacés. <strong>Gardés, sans identité</strong> : la commune, la tranche d’âge et "
                      "les dates de ses passages, pour les statistiques.");
  page.body += "<form class=\"panel\" method=\"post\" action=\"/adherents/" + std::to_string(m.id) + "/effacer\">" +
               csrf_field(*ctx.session) +
               "<p><label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> Je confirme "
               "l’effacement de " +
               escape(m.first_name + " " + m.last_name) +
               ".</label></p><button class=\"danger\" type=\"submit\">Effacer définitivement</button> "
               "<a href=\"/adherents/" +
               std::to_string(m.id) + "\">Annuler</a></form>";
  return page_response(ctx, page);
}

std::optional<Response> member_routes(WebContext& ctx, store::Database& db) {
  const auto parsed = id_and_rest(ctx.path, "/adherents/");
  if (!parsed) return not_found(ctx, "Cette page n’existe pas.");
  const auto [id, rest] = *parsed;
  const auto m = find_member(db, id);
  if (!m) return not_found(ctx, "L’adhérent n° " + std::to_string(id) + " n’existe pas (ou a été effacé).");
  if (!ctx.user().may_manage(m->site_id)) return forbidden(ctx);
  const auto site = find_site(db, m->site_id);
  if (!site) return not_found(ctx, "Ce lieu n’existe pas.");

  if (rest.empty()) {
    if (!ctx.is_post()) return member_page(ctx, db, *site, *m);
    Member edited = *m;
    if (auto problem = read_member_form(ctx, edited)) return member_page(ctx, db, *site, edited, *problem);
    const auto saved = update_member(db, edited, actor_of(ctx));
    if (!saved) return member_page(ctx, db, *site, edited, saved.error());
    return redirect(ctx.req, "/adherents/" + std::to_string(id) + "?ok=modifie");
  }
  if (rest == "/export.json") {
    const auto data = member_data_export(db, id);
    if (!data) return not_found(ctx, "Cet adhérent n’existe plus.");
    audit(db, actor_of(ctx), m->site_id, "member.export", "member:" + std::to_string(id), "{}");
    return download(ctx.req, *data, "application/json; charset=utf-8",
                    "escale-adherent-" + std::to_string(id) + ".json");
  }
  if (rest == "/effacer") return erase_page(ctx, db, *site, *m);
  if (rest == "/badges") {
    if (!ctx.is_post()) return post_only(ctx);
    const auto uid = BadgeUid::parse(ctx.field("uid"));
    if (!uid) {
      return member_page(
          ctx, db, *site, *m,
          "« " + ctx.field("uid") + " » n’est pas un numéro de badge : 8, 14 ou 20 chiffres hexadécimaux (0–9, A–F).");
    }
    const auto added = add_badge(db, *uid, id);
    if (!added) return member_page(ctx, db, *site, *m, added.error());
    audit(db, actor_of(ctx), m->site_id, "badge.add", "badge:" + uid->hex(), "{\"member\":" + std::to_string(id) + "}");
    return redirect(ctx.req, "/adherents/" + std::to_string(id) + "?ok=badge");
  }
  if (starts_with(rest, "/badges/") && rest.size() > 15 && rest.substr(rest.size() - 8) == "/retirer") {
    if (!ctx.is_post()) return post_only(ctx);
    const auto uid = BadgeUid::parse(rest.substr(8, rest.size() - 16));
    if (!uid) return not_found(ctx, "Ce badge n’existe pas.");
    bool mine = false;
    for (const auto& b : list_badges(db, id)) mine = mine || (b.uid == uid->hex() && !b.revoked_at);
    if (!mine) return member_page(ctx, db, *site, *m, "Ce badge n’est pas (ou plus) attribué à cet adhérent.");
    const auto revoked = revoke_badge(db, *uid);
    if (!revoked) return member_page(ctx, db, *site, *m, revoked.error());
    audit(db, actor_of(ctx), m->site_id, "badge.revoke", "badge:" + uid->hex(),
          "{\"member\":" + std::to_string(id) + "}");
    return redirect(ctx.req, "/adherents/" + std::to_string(id) + "?ok=badge-retire");
  }
  return not_found(ctx, "Cette page n’existe pas.");
}

//-----------------------------------------------------------------------------
// Site, opening hours, resources
//-----------------------------------------------------------------------------

// « 8 h 30 », « 24 h » (format_time of a minute of the day).
std::string clock_french(int minute) {
  LocalTime t;
  t.hour = minute / 60;
  t.minute = minute % 60;
  return format_time(t);
}

std::string ranges_french(const std::vector<TimeRange>& ranges) {
  if (ranges.empty()) return "fermé";
  std::string out;
  for (const auto& r : ranges)
    out += (out.empty() ? "" : ", ") + clock_french(r.start_minute) + " – " + clock_french(r.end_minute);
  return out;
}

// The hours as a person reads them: « lundi – vendredi : 8 h 30 – 12 h 30, 13 h 30 – 18 h », one
// line per run of days with the same hours, then public holidays.
std::vector<std::string> hours_french(const OpeningHours& hours) {
  static const char* kDays[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  std::vector<std::string> lines;
  int first = 1;
  for (int d = 2; d <= 8; ++d) {
    if (d <= 7 && hours.ranges_for(d, false) == hours.ranges_for(first, false)) continue;
    const std::string days = first == d - 1 ? kDays[first - 1] : std::string(kDays[first - 1]) + " – " + kDays[d - 2];
    lines.push_back(days + " : " + ranges_french(hours.ranges_for(first, false)));
    first = d;
  }
  bool holiday_rule = false;
  for (int d = 1; d <= 7; ++d) holiday_rule = holiday_rule || hours.ranges_for(d, true) != hours.ranges_for(d, false);
  lines.push_back("jours fériés : " + (holiday_rule ? ranges_french(hours.ranges_for(1, true))
                                                    : std::string("horaires habituels du jour")));
  return lines;
}

std::string kind_label(ResourceKind k) {
  return k == ResourceKind::Desk ? "Bureau" : "Salle visio";
}

Response site_settings(WebContext& ctx, store::Database& db, Site site, std::string error = {},
                       const std::string& resource_error = {}) {
  auto page = site_page(ctx, site, "site", "Lieu, horaires et ressources");
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  page.body += "<h2>Le lieu</h2><form class=\"panel\" method=\"post\" action=\"" + escape(site_base(site.id)) + "\">" +
               csrf_field(*ctx.session);
  page.body += "<div class=\"grid-2\"><div>";
  page.body += text_field("name", "Nom", site.name, "required maxlength=\"100\"");
  page.body += text_field("address", "Adresse", site.address, "maxlength=\"200\"");
  page.body += text_field("insee_code", "Code INSEE de la commune", site.insee_code,
                          "required maxlength=\"5\" pattern=\"[0-9]{5}|2[AB][0-9]{3}\"");
  page.body += "</div><div>";
  page.body +=
      text_field("opening_hours", "Horaires d’ouverture", site.opening_hours, "required maxlength=\"300\"", "text",
                 "Au format OpenStreetMap, par exemple : Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH "
                 "off (Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche, PH "
                 "jours fériés).");
  if (const auto hours = OpeningHours::parse(site.opening_hours)) {
    page.body += "<p><strong>Ce que lisent les bornes :</strong></p><ul>";
    for (const auto& line : hours_french(*hours)) page.body += "<li>" + escape(line) + "</li>";
    page.body += "</ul>";
  }
  page.body += "</div></div><button type=\"submit\">Enregistrer le lieu</button></form>";

  page.body += "<h2>Ressources réservables</h2>";
  if (!resource_error.empty()) page.body += notice(NoticeKind::Error, escape(resource_error));
  HtmlTable t;
  t.headers = {"Nom", "Type", "Capacité", "État", ""};
  t.numeric = {false, false, true, false, false};
  t.empty_text = "Aucune ressource : ajoutez un bureau ou une salle visio ci-dessous.";
  for (const auto& rec : list_resource_records(db, site.id, true)) {
    const auto& r = rec.resource;
    const auto action_path =
        site_base(site.id) + "/ressources/" + std::to_string(r.id) + (rec.active ? "/retirer" : "/remettre");
    // The English name (issue 15): what a kiosk in English shows; empty,
    // it shows the French name marked « (in French) ».
    const auto english_path = site_base(site.id) + "/ressources/" + std::to_string(r.id) + "/anglais";
    const std::string english_id = "f-name-en-" + std::to_string(r.id);
    t.rows.push_back(
        {escape(r.name), escape(kind_label(r.kind)), std::to_string(r.capacity), rec.active ? "réservable" : "retirée",
         "<form class=\"inline\" method=\"post\" action=\"" + escape(english_path) + "\">" + csrf_field(*ctx.session) +
             "<label for=\"" + escape(english_id) + "\">Nom en anglais</label> " + "<input id=\"" + escape(english_id) +
             "\" name=\"name_en\" lang=\"en\" maxlength=\"100\" value=\"" + escape(r.name_en) +
             "\"> <button class=\"secondary\" type=\"submit\">Enregistrer</button></form>" +
             "<form class=\"inline\" method=\"post\" action=\"" + escape(action_path) + "\">" +
             csrf_field(*ctx.session) + "<button class=\"secondary\" type=\"submit\">" +
             (rec.active ? "Retirer de la réservation" : "Remettre en réservation") + "</button></form>"});
  }
  page.body += table(t);
  page.body +=
      "<form class=\"panel filters\" method=\"post\" action=\"" + escape(site_base(site.id)) + "/ressources\">" +
      csrf_field(*ctx.session) +
      select_field("kind", "Type", {{"desk", "Bureau"}, {"visio_room", "Salle visio"}},
                   ctx.field("kind").empty() ? "desk" : ctx.field("kind")) +
      text_field("resource_name", "Nom", ctx.field("resource_name"), "required maxlength=\"100\"", "text",
                 "Par exemple « Bureau 5 » ou « Salle Jean-Moulin »") +
      text_field("resource_name_en", "Nom en anglais (facultatif)", ctx.field("resource_name_en"),
                 "maxlength=\"100\" lang=\"en\"", "text", "Pour la borne en anglais, par exemple « Desk 5 »") +
      text_field("capacity", "Capacité (personnes)", ctx.field("capacity").empty() ? "1" : ctx.field("capacity"),
                 "required min=\"1\" max=\"1000\"", "number") +
      "<div class=\"field\"><button type=\"submit\">Ajouter la ressource</button></div></form>";

  page.body += "<h2>Bornes</h2>";
  HtmlTable k;
  k.headers = {"Borne", "Dernier échange avec le serveur"};
  k.empty_text = "Aucune borne pour ce lieu (escale-server kiosk add).";
  for (const auto& kiosk : list_kiosks(db)) {
    if (kiosk.kiosk.site_id != site.id || kiosk.revoked) continue;
    k.rows.push_back({escape(kiosk.kiosk.name),
                      escape(kiosk.last_sync_at ? iso_to_text(kiosk.last_sync_at) : std::string("jamais"))});
  }
  page.body += table(k);
  return page_response(ctx, page,
                       error.empty() && resource_error.empty() ? bh::status::ok : bh::status::unprocessable_entity);
}

//-----------------------------------------------------------------------------
// The week's bookings and the mediators' agenda
//-----------------------------------------------------------------------------

// The Monday of the week holding `semaine` (any date, "YYYY-MM-DD"), or of today.
std::optional<CivilDate> week_start(const WebContext& ctx) {
  const auto text = ctx.param("semaine");
  const auto day = text.empty() ? std::optional(paris_civil_date(ctx.now)) : parse_iso_date(text);
  if (!day) return std::nullopt;
  return add_days(*day, 1 - iso_weekday(*day));
}

std::string day_heading(const CivilDate& d) {
  return format_day(to_paris(from_paris(d.year, d.month, d.day, 12, 0)));
}

std::string week_nav(const std::string& path, const CivilDate& monday) {
  return "<p class=\"no-print\"><a href=\"" + escape(path + "?semaine=" + to_iso_date(add_days(monday, -7))) +
         "\">← Semaine précédente</a> · <a href=\"" + escape(path) + "\">Cette semaine</a> · <a href=\"" +
         escape(path + "?semaine=" + to_iso_date(add_days(monday, 7))) + "\">Semaine suivante →</a></p>";
}

// The start of a week's page: its title, the days it covers and the links to
// the weeks around; or the error page for an impossible date.
struct WeekPage {
  Page page;
  CivilDate monday;
};
std::variant<WeekPage, Response> week_page(const WebContext& ctx, const Site& site, std::string_view nav,
                                           std::string title, const std::string& path) {
  const auto monday = week_start(ctx);
  if (!monday) {
    return error_page(ctx, bh::status::bad_request, "Date impossible",
                      "La semaine se choisit par une date au format AAAA-MM-JJ, par exemple 2026-11-16.");
  }
  WeekPage week{site_page(ctx, site, nav, std::move(title)), *monday};
  week.page.body += "<p>Du " + escape(day_heading(*monday)) + " au " + escape(day_heading(add_days(*monday, 6))) +
                    "</p>" + week_nav(path, *monday);
  return week;
}

std::map<std::int64_t, std::string> member_names(store::Database& db, std::int64_t site) {
  std::map<std::int64_t, std::string> names;
  auto st = db.prepare("SELECT id, first_name, last_name, erased_at IS NOT NULL FROM members WHERE site_id = ?");
  st.bind_all(site);
  while (st.step()) names[st.int64(0)] = st.int64(3) ? std::string("adhérent effacé") : st.text(1) + " " + st.text(2);
  return names;
}

std::string booking_status_label(BookingStatus s) {
  switch (s) {
    case BookingStatus::Pending:
      return "en attente";
    case BookingStatus::Confirmed:
      return "confirmée";
    case BookingStatus::CheckedIn:
      return "venu·e";
    case BookingStatus::Cancelled:
      return "annulée";
    case BookingStatus::NoShow:
      return "absent·e";
    case BookingStatus::Refused:
      return "refusée";
  }
  return "";
}

Response bookings_week(WebContext& ctx, store::Database& db, const Site& site) {
  const auto path = site_base(site.id) + "/reservations";
  auto week = week_page(ctx, site, "bookings", "Réservations de la semaine", path);
  if (auto* error = std::get_if<Response>(&week)) return std::move(*error);
  auto& [page, monday] = std::get<WeekPage>(week);
  const auto sunday = add_days(monday, 6);
  std::map<std::int64_t, std::string> resources;
  for (const auto& rec : list_resource_records(db, site.id, true)) resources[rec.resource.id] = rec.resource.name;
  const auto names = member_names(db, site.id);
  BookingQuery q;
  q.site_id = site.id;
  q.from_date = to_iso_date(monday);
  q.to_date = to_iso_date(sunday);
  auto bookings = list_bookings(db, q);
  std::sort(bookings.begin(), bookings.end(), [](const Booking& a, const Booking& b) {
    return a.start != b.start ? a.start < b.start : a.resource_id < b.resource_id;
  });
  for (int i = 0; i < 7; ++i) {
    const auto day = add_days(monday, i);
    HtmlTable t;
    t.caption = escape(day_heading(day));
    t.headers = {"Heure", "Ressource", "Adhérent", "État", ""};
    t.empty_text = "Aucune réservation.";
    for (const auto& b : bookings) {
      if (paris_date(b.start) != to_iso_date(day) || b.status == BookingStatus::Refused) continue;
      std::string action;
      if (b.status == BookingStatus::Confirmed && b.start > ctx.now) {
        action = "<form class=\"inline\" method=\"post\" action=\"" +
                 escape(path + "/" + b.id + "/annuler?semaine=" + to_iso_date(monday)) + "\">" +
                 csrf_field(*ctx.session) + "<button class=\"secondary\" type=\"submit\">Annuler</button></form>";
      }
      const auto member = names.find(b.member_id);
      t.rows.push_back({escape(format_time(to_paris(b.start)) + " – " + format_time(to_paris(b.end))),
                        escape(resources.count(b.resource_id) ? resources[b.resource_id] : "?"),
                        escape(member == names.end() ? std::string("?") : member->second),
                        escape(booking_status_label(b.status)), action});
    }
    page.body += table(t);
  }
  return page_response(ctx, page);
}

std::string participant_text(const mediation::Participant& p, const std::map<std::int64_t, std::string>& names,
                             bool past) {
  std::string who;
  if (p.member_id) {
    const auto it = names.find(*p.member_id);
    who = it == names.end() ? "adhérent" : it->second;
  } else if (!p.first_name.empty()) {
    who = p.first_name;
  } else {
    who = "sans nom";
  }
  std::string out = escape(who);
  if (p.phone) out += " · " + escape(mediation::format_phone(*p.phone));
  out += " — " + escape(std::string(mediation::participant_status_label(p.status, past)));
  if (p.waiting) out += " (liste d’attente)";
  if (!p.topics.empty()) {
    out += "<br><span class=\"muted\">";
    for (std::size_t i = 0; i < p.topics.size(); ++i)
      out += (i ? ", " : "") + escape(std::string(mediation::help_topic_label(p.topics[i])));
    out += "</span>";
  }
  return out;
}

Response agenda_week(WebContext& ctx, store::Database& db, const Site& site) {
  auto week = week_page(ctx, site, "agenda", "Agenda de médiation", site_base(site.id) + "/agenda");
  if (auto* error = std::get_if<Response>(&week)) return std::move(*error);
  auto& [page, monday] = std::get<WeekPage>(week);
  const auto sunday = add_days(monday, 6);
  const auto names = member_names(db, site.id);
  AppointmentQuery q;
  q.site_id = site.id;
  q.from = monday;
  q.to = sunday;
  const auto appointments = list_appointments(db, q);
  for (int i = 0; i < 7; ++i) {
    const auto day = add_days(monday, i);
    HtmlTable t;
    t.caption = escape(day_heading(day));
    t.headers = {"Heure", "Médiateur ou médiatrice", "Rendez-vous", "Personnes"};
    t.empty_text = "Aucun rendez-vous.";
    for (const auto& a : appointments) {
      if (paris_date(a.start) != to_iso_date(day)) continue;
      const bool past = a.end() <= ctx.now;
      std::string people;
      for (const auto& p : a.participants) people += (people.empty() ? "" : "<br>") + participant_text(p, names, past);
      std::string what = a.collective ? "Atelier « " + a.title + " » (" + std::to_string(mediation::seats_taken(a)) +
                                            "/" + std::to_string(a.capacity) + " places)"
                                      : std::string("Rendez-vous individuel");
      if (a.cancelled) what += " — annulé";
      const auto mediator = names.find(a.mediator_id);
      t.rows.push_back({escape(format_time(to_paris(a.start)) + " – " + format_time(to_paris(a.end()))),
                        escape(mediator == names.end() ? std::string("?") : mediator->second), escape(what),
                        people.empty() ? "—" : people});
    }
    page.body += table(t);
  }
  page.body +=
      "<p class=\"muted\">Les présences et les comptes rendus d’activité se saisissent à la borne, en mode "
      "animateur, ou par l’API.</p>";
  return page_response(ctx, page);
}

std::optional<Response> site_routes(WebContext& ctx, store::Database& db) {
  const auto parsed = id_and_rest(ctx.path, "/lieux/");
  if (!parsed) return not_found(ctx, "Cette page n’existe pas.");
  const auto [id, rest] = *parsed;
  if (!ctx.user().may_manage(id)) return forbidden(ctx);
  auto site = find_site(db, id);
  if (!site) return not_found(ctx, "Le lieu n° " + std::to_string(id) + " n’existe pas.");

  if (rest.empty()) {
    if (!ctx.is_post()) return site_settings(ctx, db, *site);
    Site edited = *site;
    edited.name = ctx.field("name");
    edited.address = ctx.field("address");
    edited.insee_code = ctx.field("insee_code");
    edited.opening_hours = ctx.field("opening_hours");
    const auto saved = update_site(db, edited, actor_of(ctx));
    if (!saved) return site_settings(ctx, db, edited, saved.error());
    return redirect(ctx.req, site_base(id) + "?ok=lieu");
  }
  if (rest == "/adherents") return is_get(ctx) ? members_list(ctx, db, *site) : post_only(ctx);
  if (rest == "/adherents/nouveau") return member_new(ctx, db, *site);
  if (rest == "/reservations") return bookings_week(ctx, db, *site);
  if (rest == "/agenda") return agenda_week(ctx, db, *site);
  if (rest == "/ressources") {
    if (!ctx.is_post()) return post_only(ctx);
    Resource r;
    r.site_id = id;
    const auto kind = parse_resource_kind(ctx.field("kind"));
    if (!kind) return site_settings(ctx, db, *site, {}, "Choisissez le type : bureau ou salle visio.");
    r.kind = *kind;
    r.name = ctx.field("resource_name");
    r.name_en = ctx.field("resource_name_en");
    const auto capacity = api::parse_id(ctx.field("capacity"));
    if (!capacity || *capacity > 1000)
      return site_settings(ctx, db, *site, {}, "La capacité est un nombre de personnes, de 1 à 1000.");
    r.capacity = static_cast<int>(*capacity);
    const auto added = add_resource(db, r, actor_of(ctx));
    if (!added) return site_settings(ctx, db, *site, {}, added.error());
    return redirect(ctx.req, site_base(id) + "?ok=ressource");
  }
  if (const auto res = id_and_rest(rest, "/ressources/")) {
    if (!ctx.is_post()) return post_only(ctx);
    const auto [resource_id, action] = *res;
    const auto rec = find_resource_record(db, resource_id);
    if (!rec || rec->resource.site_id != id) return not_found(ctx, "Cette ressource n’existe pas dans ce lieu.");
    if (action == "/anglais") {
      const auto changed =
          set_resource_english(db, resource_id, ctx.field("name_en"), rec->resource.features_en, actor_of(ctx));
      if (!changed) return site_settings(ctx, db, *site, {}, changed.error());
      return redirect(ctx.req, site_base(id) + "?ok=ressource-anglais");
    }
    if (action != "/retirer" && action != "/remettre") return not_found(ctx, "Cette page n’existe pas.");
    const bool active = action == "/remettre";
    const auto changed = set_resource_active(db, resource_id, active, actor_of(ctx));
    if (!changed) return site_settings(ctx, db, *site, {}, changed.error());
    return redirect(ctx.req, site_base(id) + (active ? "?ok=ressource-remise" : "?ok=ressource-retiree"));
  }
  if (starts_with(rest, "/reservations/") && rest.size() > 22 && rest.substr(rest.size() - 8) == "/annuler") {
    if (!ctx.is_post()) return post_only(ctx);
    const std::string booking_id(rest.substr(14, rest.size() - 22));
    const auto b = find_booking(db, booking_id);
    if (!b || b->site_id != id) return not_found(ctx, "Cette réservation n’existe pas dans ce lieu.");
    const auto outcome = cancel_booking(db, booking_id, actor_of(ctx), ctx.now);
    if (!outcome.ok()) {
      return error_page(ctx, bh::status::conflict, "Annulation impossible",
                        "Cette réservation ne peut plus être annulée (elle a commencé ou est déjà annulée).");
    }
    const auto week = ctx.param("semaine");
    return redirect(ctx.req, site_base(id) + "/reservations?ok=annulee" +
                                 (parse_iso_date(week) ? "&semaine=" + week : std::string()));
  }
  return not_found(ctx, "Cette page n’existe pas.");
}

Response sites_list(WebContext& ctx, store::Database& db) {
  if (ctx.user().role != WebRole::Admin) {
    if (ctx.user().site_id) return redirect(ctx.req, site_base(*ctx.user().site_id) + "/adherents");
    return forbidden(ctx);
  }
  Page page;
  page.title = "Lieux";
  page.nav = "sites";
  std::map<std::int64_t, std::optional<std::string>> last_sync;
  for (const auto& k : list_kiosks(db)) {
    if (k.revoked) continue;
    auto& v = last_sync[k.kiosk.site_id];
    if (k.last_sync_at && (!v || *k.last_sync_at > *v)) v = k.last_sync_at;
  }
  HtmlTable t;
  t.headers = {"Lieu", "Commune (INSEE)", "Horaires", "Dernier échange d’une borne", "Gérer"};
  t.empty_text = "Aucun lieu (escale-server site add).";
  for (const auto& s : list_sites(db)) {
    const auto base = site_base(s.id);
    const auto sync = last_sync.find(s.id);
    t.rows.push_back({"<a href=\"" + escape(base) + "\">" + escape(s.name) + "</a>", escape(s.insee_code),
                      escape(s.opening_hours),
                      escape(sync == last_sync.end() ? std::string("aucune borne") : iso_to_text(sync->second)),
                      "<a href=\"" + escape(base) + "/adherents\">Adhérents</a> · <a href=\"" + escape(base) +
                          "/reservations\">Réservations</a> · <a href=\"" + escape(base) + "/agenda\">Agenda</a>"});
  }
  page.body = table(t);
  return page_response(ctx, page);
}

}  // namespace

std::optional<Response> route_back_office(WebContext& ctx) {
  auto db = ctx.pool.acquire();
  if (ctx.path == "/lieux") return is_get(ctx) ? sites_list(ctx, *db) : post_only(ctx);
  if (starts_with(ctx.path, "/lieux/")) return site_routes(ctx, *db);
  if (starts_with(ctx.path, "/adherents/")) return member_routes(ctx, *db);
  return std::nullopt;
}

}  // namespace escale::server::web
