// The back office pages of admins and animators. See back_office_pages.hpp.
// Handlers are thin: check access, read the form, call the store (which
// validates, writes one transaction, logs the change and the audit row),
// then redirect (POST → 303 → GET) or show the form again with the error.
#include "web/back_office_pages.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <map>
#include <set>
#include <variant>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"  // add_days, iso_weekday, paris_civil_date
#include "domain/badge.hpp"
#include "domain/opening_hours.hpp"
#include "domain/uuid.hpp"
#include "mediation/agenda.hpp"
#include "opendata/lieux_mediation.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/member_bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/retention.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "text/log_text.hpp"
#include "text/trim.hpp"
#include "time/french_format.hpp"
#include "web/hours_form.hpp"
#include "web/open_data_panel.hpp"

namespace escale::server::web {
namespace {

using Options = std::vector<Option>;

// A form's mistakes: field name → the French message shown next to the field.
using FieldErrors = std::map<std::string, std::string, std::less<>>;

std::string_view error_of(const FieldErrors& errors, std::string_view field) {
  const auto it = errors.find(field);
  return it == errors.end() ? std::string_view() : std::string_view(it->second);
}

// The notice above a form with mistakes: each message links to its field.
Html errors_notice(const FieldErrors& errors, std::string_view intro = "Le formulaire est à corriger") {
  if (errors.empty()) return {};
  Html html = escape(intro) + "\u202F:<ul>";
  for (const auto& [field, message] : errors)
    html += "<li><a href=\"#" + escape(field_id(field)) + "\">" + escape(message) + "</a></li>";
  return notice(NoticeKind::Error, html + "</ul>");
}

Actor actor_of(const WebContext& ctx) {
  Actor a;
  a.web_user_id = ctx.user().id;
  return a;
}

std::string site_base(std::int64_t site) {
  return "/lieux/" + std::to_string(site);
}

// Confirmation messages after a redirect: fixed texts chosen by a code (no
// text from the URL is ever shown).
Html flash(const WebContext& ctx) {
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
      {"reservee", "La réservation est enregistrée."},
      {"deplacee", "La réservation est déplacée."},
      {"rendez-vous", "Le rendez-vous d’aide est enregistré."},
      {"lieux",
       "Les lieux où l’adhérent peut badger sont enregistrés. Les bornes l’appliquent dès leur prochain "
       "échange."},
      {"lieux-tous", "L’adhérent peut de nouveau badger dans tous les lieux du réseau."},
      {"role", "Le rôle est donné. Les bornes de ce lieu le connaîtront dès leur prochain échange."},
      {"role-retire", "Le rôle est retiré."},
      {"reseau", "Les informations du réseau sont enregistrées."},
      {"conservation", "Les durées de conservation sont enregistrées. Elles s’appliquent dès cette nuit."},
      {"telephones", "Ses téléphones sont déconnectés : « Mon espace » ne s’y ouvre plus."},
  };
  const auto it = kMessages.find(ctx.param("ok"));
  return it == kMessages.end() ? Html() : notice(NoticeKind::Success, escape(it->second));
}

Html tabs(std::int64_t site, std::string_view current) {
  const auto base = site_base(site);
  const std::pair<const char*, std::string> items[] = {{"members", base + "/adherents"},
                                                       {"bookings", base + "/reservations"},
                                                       {"agenda", base + "/agenda"},
                                                       {"site", base}};
  const char* labels[] = {"Adhérents", "Réservations", "Agenda de médiation", "Lieu, horaires et ressources"};
  Html out = "<nav class=\"tabs\" aria-label=\"Rubriques du lieu\">";
  for (std::size_t i = 0; i < 4; ++i) {
    out += "<a href=\"" + escape(items[i].second) + "\"";
    if (current == items[i].first) out += " aria-current=\"page\"";
    out += ">" + escape(labels[i]) + "</a>";
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
  page.body = (admin ? tabs(site.id, nav) : Html()) + flash(ctx);
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

// Reads the member form into `m` (names, contacts, commune, age bracket, roles), then checks it
// with the domain's rules: the first field to fix, if any.
std::optional<FieldProblem> read_member_form(const WebContext& ctx, Member& m) {
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
  m.roles = {Role::Member};
  if (ctx.field("role_animator") == "1") m.roles.push_back(Role::Animator);
  if (ctx.field("role_mediator") == "1") m.roles.push_back(Role::Mediator);
  if (!bracket) return FieldProblem{"age_bracket", "Choisissez une tranche d’âge dans la liste."};
  m.age_bracket = *bracket;
  return problem(m);
}

Html member_form(const WebContext& ctx, const Member& m, const std::string& action, const std::string& button,
                 const FieldErrors& errors = {}) {
  Html out = "<form class=\"panel\" method=\"post\" action=\"" + escape(action) + "\">" + csrf_field(*ctx.session);
  out += "<div class=\"grid-2\"><div>";
  out += text_field("first_name", "Prénom", m.first_name, "required maxlength=\"100\" autocomplete=\"off\"", "text", {},
                    error_of(errors, "first_name"));
  out += text_field("last_name", "Nom", m.last_name, "required maxlength=\"100\" autocomplete=\"off\"", "text", {},
                    error_of(errors, "last_name"));
  out += text_field("email", "Courriel (facultatif)", optional_text(m.email), "maxlength=\"200\"", "email", {},
                    error_of(errors, "email"));
  out += text_field("phone", "Téléphone (facultatif)", optional_text(m.phone), "maxlength=\"30\"", "tel", {},
                    error_of(errors, "phone"));
  out += "</div><div>";
  out += text_field("home_commune", "Commune de résidence (code INSEE, facultatif)", optional_text(m.home_commune),
                    "maxlength=\"5\" pattern=\"[0-9]{5}|2[AB][0-9]{3}\" inputmode=\"numeric\"", "text",
                    "5 caractères, par exemple 21425 pour Montbard (ce n’est pas le code postal).",
                    error_of(errors, "home_commune"));
  out += select_field("age_bracket", "Tranche d’âge", age_options(), to_string(m.age_bracket), {},
                      error_of(errors, "age_bracket"));
  out += "<fieldset class=\"field\"><legend>Rôles à la borne</legend>";
  out += "<label class=\"check\"><input type=\"checkbox\" name=\"role_animator\" value=\"1\"" +
         (m.has_role(Role::Animator) ? Html(" checked") : Html()) + "> Animation (mode animateur)</label>";
  out += "<label class=\"check\"><input type=\"checkbox\" name=\"role_mediator\" value=\"1\"" +
         (m.has_role(Role::Mediator) ? Html(" checked") : Html()) + "> Médiation numérique</label>";
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
  auto badge_count = active_badge_counts(db, site.id);
  HtmlTable t;
  t.headers = {"Nom", "Commune (INSEE)", "Tranche d’âge", "Rôle", "Badges"};
  t.numeric = {false, false, false, false, true};
  t.caption = escape(std::to_string(members.size()) + (members.size() > 1 ? " adhérents" : " adhérent") +
                     (q.empty() ? "" : " pour « " + q + " »"));
  t.empty_text = q.empty() ? "Aucun adhérent pour l’instant." : "Aucun nom ne contient « " + q + " ».";
  for (const auto& m : members) {
    t.rows.push_back({"<a href=\"/adherents/" + Html::number(m.id) + "\">" + escape(m.last_name) + " " +
                          escape(m.first_name) + "</a>",
                      escape(optional_text(m.home_commune)), escape(age_bracket_label(m.age_bracket)),
                      escape(roles_text(m)), Html::number(badge_count[m.id])});
  }
  page.body += table(t);
  // One membership for the network (issue 17): members of other sites who badged here. Their pages
  // open for this site's animator (the web gate), read-only but for where they badge and roles here.
  if (network_sites(db).size() > 1) {
    HtmlTable v;
    v.headers = {"Nom", "Lieu d’inscription", "Dernier passage ici"};
    v.label = "Venus d’autres lieux du réseau";
    v.empty_text = q.empty() ? "Aucun adhérent d’un autre lieu n’est encore passé ici."
                             : "Aucun adhérent d’un autre lieu venu ici ne porte « " + q + " ».";
    for (const auto& visitor : site_visitors_from_network(db, site.id, q.substr(0, 100))) {
      v.rows.push_back({"<a href=\"/adherents/" + Html::number(visitor.member_id) + "\">" + escape(visitor.last_name) +
                            " " + escape(visitor.first_name) + "</a>",
                        escape(visitor.home_site_name), escape(iso_to_text(visitor.last_check_in))});
    }
    page.body += "<h2 id=\"reseau\">Venus d’autres lieux du réseau</h2>" + table(v);
  }
  return page_response(ctx, page);
}

// GET /adherents[?q=]: the members of every site of the network, with their home site (admins).
Response network_members(WebContext& ctx) {
  auto& db = ctx.db();
  constexpr std::size_t kShown = 500;
  Page page;
  page.title = "Adhérents du réseau";
  page.nav = "network-members";
  page.body = flash(ctx);
  const auto q = ctx.param("q");
  page.body += "<form class=\"panel filters\" method=\"get\" action=\"/adherents\">" +
               text_field("q", "Chercher un nom", q, "maxlength=\"100\" autocomplete=\"off\"", "search") +
               "<div class=\"field\"><button type=\"submit\">Chercher</button></div></form>";
  std::map<std::int64_t, std::string> site_names;
  for (const auto& s : network_sites(db)) site_names[s.id] = s.name;
  const auto members = list_members(db, std::nullopt, q.substr(0, 100));
  HtmlTable t;
  t.headers = {"Nom", "Lieu d’inscription", "Commune (INSEE)", "Rôle"};
  t.caption = escape(std::to_string(members.size()) + (members.size() > 1 ? " adhérents" : " adhérent") +
                     " dans le réseau" + (q.empty() ? "" : " pour « " + q + " »"));
  t.empty_text = q.empty() ? "Aucun adhérent pour l’instant." : "Aucun nom ne contient « " + q + " ».";
  for (std::size_t i = 0; i < members.size() && i < kShown; ++i) {
    const auto& m = members[i];
    t.rows.push_back(
        {"<a href=\"/adherents/" + Html::number(m.id) + "\">" + escape(m.last_name) + " " + escape(m.first_name) +
             "</a>",
         "<a href=\"" + escape(site_base(m.site_id)) + "/adherents\">" + escape(site_names[m.site_id]) + "</a>",
         escape(optional_text(m.home_commune)), escape(roles_text(m))});
  }
  if (members.size() > kShown) {
    page.body += notice(NoticeKind::Info, "Les " + Html::number(static_cast<long long>(kShown)) +
                                              " premiers sont affichés\u202F: précisez le nom cherché.");
  }
  page.body += table(t);
  return page_response(ctx, page);
}

Response member_new(WebContext& ctx, store::Database& db, const Site& site) {
  Member m;
  m.site_id = site.id;
  std::string error;
  FieldErrors errors;
  if (ctx.is_post()) {
    if (auto wrong = read_member_form(ctx, m)) {
      errors.emplace(wrong->field, wrong->message);
    } else {
      // The member and the audit row naming who added them: one transaction.
      auto added = add_member(db, m, actor_of(ctx));
      if (added) {
        Member with_roles = *added;
        return redirect(ctx.req, "/adherents/" + std::to_string(with_roles.id) + "?ok=cree");
      }
      error = added.error();
    }
  }
  auto page = site_page(ctx, site, "members", "Nouvel adhérent");
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  page.body += errors_notice(errors);
  page.body += member_form(ctx, m, site_base(site.id) + "/adherents/nouveau", "Enregistrer l’adhérent", errors);
  return page_response(ctx, page, error.empty() && errors.empty() ? bh::status::ok : bh::status::unprocessable_entity);
}

std::string role_label(Role r) {
  return r == Role::Animator ? "Animation (mode animateur)" : "Médiation numérique";
}

// A member's page, sections « Lieux du réseau » (where they may badge) and « Rôles dans les autres
// lieux » (grants). `typed_sites`: the boxes as the refused form had them (else as stored).
Html network_sections(const WebContext& ctx, store::Database& db, const Member& m, const FieldErrors& errors,
                      const std::set<std::int64_t>* typed_sites) {
  const auto sites = network_sites(db);
  if (sites.size() < 2) return {};  // one site: nowhere else to go
  const auto allowed = member_allowed_sites(db, m.id);
  const auto mid = Html::number(m.id);
  Html out = "<h2 id=\"lieux\">Lieux du réseau</h2>";
  out +=
      "<p>Une adhésion vaut pour tous les lieux du réseau. Décochez les lieux où cette personne ne doit pas "
      "badger (par exemple une adhésion réservée à un lieu).</p>";
  out += "<form class=\"panel\" method=\"post\" action=\"/adherents/" + mid + "/lieux\">" + csrf_field(*ctx.session);
  const auto error = error_of(errors, "sites");
  out += "<fieldset class=\"field\" id=\"" + escape(field_id("sites")) + "\"" + invalid_attributes("sites", error) +
         "><legend>Lieux où badger</legend>" + field_error("sites", error);
  for (const auto& s : sites) {
    const bool checked = typed_sites ? typed_sites->count(s.id) > 0
                                     : !allowed || std::find(allowed->begin(), allowed->end(), s.id) != allowed->end();
    out += "<label class=\"check\"><input type=\"checkbox\" name=\"site-" + Html::number(s.id) + "\" value=\"1\"" +
           (checked ? Html(" checked") : Html()) + "> " + escape(s.name) +
           (s.id == m.site_id ? Html(" (lieu d’inscription)") : Html()) + "</label>";
  }
  out +=
      "</fieldset><p class=\"muted\">Tout coché\u202F: tous les lieux du réseau, y compris ceux qui "
      "ouvriront.</p><button type=\"submit\">Enregistrer les lieux</button></form>\n";

  out += "<h2 id=\"roles\">Rôles dans les autres lieux</h2>";
  out += "<p>À son lieu d’inscription, ses rôles sont ceux de sa fiche\u202F: " + escape(roles_text(m)) +
         ". Ailleurs, un administrateur ou l’animateur du lieu peut lui donner un rôle.</p>";
  std::map<std::int64_t, std::string> names;
  for (const auto& s : sites) names[s.id] = s.name;
  HtmlTable t;
  t.headers = {"Lieu", "Rôle", "Depuis le", ""};
  t.label = "Rôles dans les autres lieux";
  t.empty_text = "Aucun rôle dans un autre lieu.";
  for (const auto& g : member_site_grants(db, m.id)) {
    Html action;
    if (ctx.user().may_manage(g.site_id)) {
      action = "<form class=\"inline\" method=\"post\" action=\"/adherents/" + mid + "/roles\">" +
               csrf_field(*ctx.session) + "<input type=\"hidden\" name=\"action\" value=\"retirer\">" +
               "<input type=\"hidden\" name=\"site\" value=\"" + Html::number(g.site_id) + "\">" +
               "<input type=\"hidden\" name=\"role\" value=\"" + escape(to_string(g.role)) + "\">" +
               "<button class=\"secondary\" type=\"submit\">Retirer ce rôle</button></form>";
    }
    t.rows.push_back({escape(names[g.site_id]), escape(role_label(g.role)), escape(iso_to_text(g.granted_at)), action});
  }
  out += table(t);
  Options where;
  for (const auto& s : sites)
    if (s.id != m.site_id && ctx.user().may_manage(s.id)) where.push_back({std::to_string(s.id), s.name});
  if (where.empty()) {
    // No form: a refused one's message stands here, where the notice above links (#f-site).
    out += "<div class=\"field\" id=\"" + escape(field_id("site")) + "\">" +
           field_error("site", error_of(errors, "site")) + "</div>";
    out +=
        "<p class=\"muted\">Vous ne gérez pas d’autre lieu que son lieu d’inscription\u202F: l’animateur "
        "d’un autre lieu, ou un administrateur, peut lui y donner un rôle.</p>";
    return out;
  }
  const Options roles = {{"animator", role_label(Role::Animator)}, {"mediator", role_label(Role::Mediator)}};
  out += "<form class=\"panel filters\" method=\"post\" action=\"/adherents/" + mid + "/roles\">" +
         csrf_field(*ctx.session) + "<input type=\"hidden\" name=\"action\" value=\"donner\">" +
         select_field("site", "Lieu", where, ctx.field("site"), {}, error_of(errors, "site")) +
         select_field("role", "Rôle", roles, ctx.field("role")) +
         "<div class=\"field\"><button type=\"submit\">Donner ce rôle</button></div></form>\n";
  return out;
}

// « Mon espace sur téléphone »: the member's open phone sessions, and the button that ends them all
// (a lost phone). Any staff who sees the member may: it only protects them.
Html phone_sessions_section(const WebContext& ctx, store::Database& db, const Member& m) {
  const auto sessions = list_member_sessions(db, m.id, ctx.now);
  Html out = "<h2 id=\"telephones\">Mon espace sur téléphone</h2>";
  if (sessions.empty()) {
    return out +
           "<p>Aucun téléphone connecté. La personne se connecte en passant son badge à la borne (« Sur mon "
           "téléphone »), ou reçoit un lien par courriel ou SMS depuis la page « Mon espace ».</p>";
  }
  HtmlTable t;
  t.headers = {"Appareil", "Connecté le", "Dernière visite"};
  t.label = "Téléphones connectés";
  for (const auto& s : sessions) {
    t.rows.push_back({escape(s.device), escape(iso_to_text(to_iso_utc(s.created_at))),
                      escape(iso_to_text(to_iso_utc(s.last_seen_at)))});
  }
  out += table(t);
  out += "<form class=\"inline\" method=\"post\" action=\"/adherents/" + Html::number(m.id) +
         "/telephones/deconnecter\">" + csrf_field(*ctx.session) +
         "<button class=\"secondary\" type=\"submit\">Déconnecter tous ses téléphones</button></form>"
         "<p class=\"muted\">Un téléphone perdu ou prêté : ses réservations ne s’y ouvrent plus. La personne "
         "se reconnecte avec son badge à la borne.</p>";
  return out;
}

Response phone_sessions_post(WebContext& ctx) {
  const int ended = end_member_sessions(ctx.db(), ctx.member->id, actor_of(ctx), ctx.now);
  spdlog::info("web: {} ended {} phone session(s) of member {}", log_text(ctx.user().login), ended, ctx.member->id);
  return redirect(ctx.req, "/adherents/" + std::to_string(ctx.member->id) + "?ok=telephones#telephones");
}

// `error`: a message for the page; `errors`: mistakes in one of its forms, marked on their fields.
// An animator of another site who sees the member (they visited it: the web gate) reads their name
// and activity, and chooses where they badge and their roles at the animator's site, but neither
// sees their contacts nor changes their details, badges or erasure: that stays with the home site
// (as kiosks, which never receive another site's members' contacts).
Response member_page(WebContext& ctx, store::Database& db, const Site& site, Member m, std::string error = {},
                     const FieldErrors& errors = {}, const std::set<std::int64_t>* typed_sites = nullptr) {
  auto page = site_page(ctx, site, "members", m.first_name + " " + m.last_name);
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  page.body += errors_notice(errors);
  const auto activity = member_activity(db, m.id);
  page.body +=
      "<p>Inscrit·e à " + escape(site.name) + " le " + escape(iso_to_text(activity.created_at)) + " · " +
      Html::number(activity.visits) + (activity.visits > 1 ? Html(" passages") : Html(" passage")) +
      (activity.last_check_in ? " · dernier passage le " + escape(iso_to_text(activity.last_check_in)) : Html()) +
      "</p>";
  if (!ctx.user().may_manage(m.site_id)) {
    page.body += notice(NoticeKind::Info,
                        "Cette personne est inscrite dans un autre lieu du réseau\u202F: ses coordonnées, ses "
                        "badges et ses données se gèrent là-bas. Ici, vous pouvez choisir les lieux où elle badge "
                        "et lui donner un rôle dans votre lieu.");
    page.body += network_sections(ctx, db, m, errors, typed_sites);
    page.body += phone_sessions_section(ctx, db, m);
    return page_response(ctx, page,
                         error.empty() && errors.empty() ? bh::status::ok : bh::status::unprocessable_entity);
  }
  page.body += "<p class=\"no-print\"><a class=\"button secondary\" href=\"" + escape(site_base(site.id)) +
               "/reservations/nouvelle?adherent=" + Html::number(m.id) +
               "\">Réserver une ressource</a> <a class=\"button secondary\" href=\"" + escape(site_base(site.id)) +
               "/agenda/rendez-vous?adherent=" + Html::number(m.id) + "\">Prendre un rendez-vous d’aide</a></p>";
  page.body += "<h2>Coordonnées</h2>";
  page.body += member_form(ctx, m, "/adherents/" + std::to_string(m.id), "Enregistrer les modifications", errors);

  page.body += "<h2>Badges</h2>";
  HtmlTable t;
  t.headers = {"Badge (numéro)", "Attribué le", "État", ""};
  t.label = "Badges";
  t.empty_text = "Aucun badge : l’adhérent ne peut pas encore badger.";
  for (const auto& b : list_badges(db, m.id)) {
    Html action;
    if (!b.revoked_at) {
      action = "<form class=\"inline\" method=\"post\" action=\"/adherents/" + Html::number(m.id) + "/badges/" +
               escape(b.uid) + "/retirer\">" + csrf_field(*ctx.session) +
               "<button class=\"secondary\" type=\"submit\">Retirer (perdu, rendu)</button></form>";
    }
    t.rows.push_back({"<code>" + escape(b.uid) + "</code>", escape(iso_to_text(b.created_at)),
                      b.revoked_at ? "retiré le " + escape(iso_to_text(b.revoked_at)) : Html("actif"), action});
  }
  page.body += table(t);
  page.body += "<form class=\"panel filters\" method=\"post\" action=\"/adherents/" + Html::number(m.id) +
               "/badges\">" + csrf_field(*ctx.session) +
               text_field("uid", "Numéro du badge à attribuer", ctx.field("uid"),
                          "required maxlength=\"29\" autocomplete=\"off\" spellcheck=\"false\"", "text",
                          "8, 14 ou 20 chiffres hexadécimaux, lus sur le badge ou à la borne (ex. 04A1B2C3).",
                          error_of(errors, "uid")) +
               "<div class=\"field\"><button type=\"submit\">Attribuer le badge</button></div></form>";

  page.body += network_sections(ctx, db, m, errors, typed_sites);
  page.body += phone_sessions_section(ctx, db, m);

  page.body += "<h2>Données personnelles</h2>";
  page.body += "<p><a class=\"button secondary\" href=\"/adherents/" + Html::number(m.id) +
               "/export.json\">Exporter toutes ses données (JSON)</a> ";
  page.body += "<a class=\"button secondary\" href=\"/adherents/" + Html::number(m.id) +
               "/effacer\">Effacer cet adhérent…</a></p>";
  page.body +=
      "<p class=\"muted\">L’export contient tout ce qu’Escale garde sur la personne (droit d’accès et de "
      "portabilité). L’effacement supprime son identité mais garde ses passages de façon anonyme pour les "
      "statistiques.</p>";
  return page_response(ctx, page, error.empty() && errors.empty() ? bh::status::ok : bh::status::unprocessable_entity);
}

Response erase_page(WebContext& ctx, store::Database& db, const Site& site, const Member& m) {
  std::string error;
  if (ctx.is_post()) {
    if (ctx.field("confirm") == "1") {
      auto erased = erase_member(db, m.id, actor_of(ctx), ctx.now);
      if (erased) return redirect(ctx.req, site_base(site.id) + "/adherents?ok=efface");
      error = erased.error();
    } else {
      error = "Cochez la case de confirmation pour effacer.";
    }
  }
  // With a mistake, the same page again: the warning, the form, the message next to the box.
  auto page = site_page(ctx, site, "members", "Effacer " + m.first_name + " " + m.last_name);
  if (!error.empty()) page.body += notice(NoticeKind::Error, "<a href=\"#f-confirm\">" + escape(error) + "</a>");
  page.body += notice(NoticeKind::Warning,
                      "L’effacement est définitif. <strong>Supprimés</strong> : prénom, nom, courriel, téléphone, code "
                      "de la borne, adresse de calendrier ; les badges sont retirés et leurs numéros ôtés des "
                      "passages ; les réservations à venir sont annulées ; les prénoms et téléphones de ses demandes "
                      "d’aide sont effacés. <strong>Gardés, sans identité</strong> : la commune, la tranche d’âge et "
                      "les dates de ses passages, pour les statistiques.");
  page.body += "<form class=\"panel\" method=\"post\" action=\"/adherents/" + Html::number(m.id) + "/effacer\">" +
               csrf_field(*ctx.session) + "<div class=\"field\">" + field_error("confirm", error) +
               "<label class=\"check\"><input type=\"checkbox\" id=\"f-confirm\" name=\"confirm\" value=\"1\" "
               "required" +
               invalid_attributes("confirm", error) + "> Je confirme l’effacement de " +
               escape(m.first_name + " " + m.last_name) +
               ".</label></div><button class=\"danger\" type=\"submit\">Effacer définitivement</button> "
               "<a class=\"button secondary\" href=\"/adherents/" +
               Html::number(m.id) + "\">Ne pas effacer</a></form>";
  return page_response(ctx, page, error.empty() ? bh::status::ok : bh::status::unprocessable_entity);
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

// The site's form as shown: what was typed (or what is stored), the hours as the page showed them
// (to tell which of the day-by-day form and the OSM field was changed), and the mistakes.
struct SiteForm {
  Site site;                      // opening_hours: the OSM field
  std::string shown;              // the hours when the page was shown
  std::optional<HoursForm> days;  // nullopt: the hours do not fit the day-by-day form
  FieldErrors errors;
  bool expert = false;  // open the OSM field
};

SiteForm site_form(const Site& site) {
  SiteForm f;
  f.site = site;
  f.shown = site.opening_hours;
  if (const auto hours = OpeningHours::parse(site.opening_hours)) f.days = hours_form_from(*hours);
  f.expert = !f.days;
  return f;
}

// Reads the site's form. The hours come from the day-by-day form (hours_source=jours), unless the
// OSM field was changed (then from it); without the day-by-day form, from the OSM field.
SiteForm read_site_form(const WebContext& ctx, const Site& stored) {
  SiteForm f;
  f.site = stored;
  f.site.name = ctx.field("name");
  f.site.address = ctx.field("address");
  f.site.insee_code = ctx.field("insee_code");
  f.site.opening_hours = ctx.field("opening_hours");
  f.shown = ctx.field("opening_hours_shown");
  const bool osm_changed = text::trim(f.site.opening_hours) != text::trim(f.shown);
  // The page says which form it showed; a form without the day-by-day part sends the OSM text alone.
  if (ctx.field("hours_source") != "jours") {
    f.expert = true;
  } else {
    f.days = read_hours_form([&](const std::string& name) { return ctx.field(name); });
    const auto from_days = hours_text(*f.days);
    const auto before = OpeningHours::parse(f.shown);
    const bool days_changed = !from_days.text || !before || !same_rules(*OpeningHours::parse(*from_days.text), *before);
    if (osm_changed && days_changed) {
      f.expert = true;
      f.errors.emplace("opening_hours",
                       "Les horaires ont été changés à la fois jour par jour et au format OpenStreetMap\u202F: "
                       "gardez l’un des deux (effacez l’autre changement, ou rechargez la page).");
    } else if (osm_changed) {
      f.expert = true;
    } else if (!from_days.text) {
      for (const auto& [field, message] : from_days.errors) f.errors.emplace(field, message);
    } else {
      f.site.opening_hours = *from_days.text;
    }
  }
  if (f.errors.empty()) {
    if (auto wrong = problem(f.site)) {
      if (wrong->field == "opening_hours") f.expert = true;
      f.errors.emplace(wrong->field, wrong->message);
    }
  }
  return f;
}

// `resource_errors`: mistakes in the form that adds a resource (by field).
Response site_settings(WebContext& ctx, store::Database& db, const SiteForm& form, std::string error = {},
                       const FieldErrors& resource_errors = {}) {
  const Site& site = form.site;
  auto page = site_page(ctx, site, "site", "Lieu, horaires et ressources");
  if (!error.empty()) page.body += notice(NoticeKind::Error, escape(error));
  page.body += errors_notice(form.errors, "Le lieu n’est pas enregistré, il est à corriger");
  // Issue 19: this site left out of the open-data file, and why.
  if (auto left_out = open_data_left_out(db, site.id)) page.body += open_data_left_out_notice({*left_out});
  const auto& errors = form.errors;
  page.body += "<h2>Le lieu</h2><form class=\"panel\" method=\"post\" action=\"" + escape(site_base(site.id)) + "\">" +
               csrf_field(*ctx.session);
  page.body += "<div class=\"grid-2\"><div>";
  page.body += text_field("name", "Nom", site.name, "required maxlength=\"100\"", "text", {}, error_of(errors, "name"));
  page.body +=
      text_field("address", "Adresse", site.address, "maxlength=\"200\"", "text", {}, error_of(errors, "address"));
  page.body += text_field("insee_code", "Code INSEE de la commune", site.insee_code,
                          "required maxlength=\"5\" pattern=\"[0-9]{5}|2[AB][0-9]{3}\"", "text", {},
                          error_of(errors, "insee_code"));
  page.body += "</div><div>";
  if (const auto hours = OpeningHours::parse(form.shown)) {
    page.body += "<p><strong>Ce que lisent les bornes aujourd’hui\u202F:</strong></p><ul>";
    for (const auto& line : hours_french(*hours)) page.body += "<li>" + escape(line) + "</li>";
    page.body += "</ul>";
  }
  page.body += "</div></div>";
  page.body += "<input type=\"hidden\" name=\"opening_hours_shown\" value=\"" + escape(form.shown) + "\">";
  page.body += "<h3 id=\"horaires\">Horaires d’ouverture</h3>";
  if (form.days) {
    page.body += "<input type=\"hidden\" name=\"hours_source\" value=\"jours\">";
    page.body +=
        "<p class=\"muted\">Pour chaque jour\u202F: fermé, ou une ou deux plages d’ouverture (par exemple de "
        "8\u202Fh\u202F30 à 12\u202Fh\u202F30, puis de 13\u202Fh\u202F30 à 18\u202Fh).</p>";
    std::map<std::string, std::string> hour_errors(errors.begin(), errors.end());
    page.body += hours_form_html(*form.days, hour_errors);
  } else {
    page.body += "<input type=\"hidden\" name=\"hours_source\" value=\"osm\">";
    page.body += notice(NoticeKind::Info,
                        "Ces horaires ne tiennent pas dans le tableau jour par jour (plus de deux plages un même jour) "
                        ": modifiez-les au format OpenStreetMap ci-dessous.");
  }
  page.body += "<details class=\"expert\"" + (form.expert ? Html(" open") : Html()) +
               "><summary>Au format OpenStreetMap (pour les connaisseurs)</summary>";
  page.body += text_field(
      "opening_hours", "Horaires au format OpenStreetMap", site.opening_hours, "maxlength=\"300\" spellcheck=\"false\"",
      "text",
      "Par exemple : Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off (Mo lundi, Tu mardi, We mercredi, Th "
      "jeudi, Fr vendredi, Sa samedi, Su dimanche, PH jours fériés). Changé ici, il remplace le tableau.",
      error_of(errors, "opening_hours"));
  page.body += "</details>";
  page.body += "<button type=\"submit\">Enregistrer le lieu</button></form>";

  page.body += "<h2>Ressources réservables</h2>";
  page.body += errors_notice(resource_errors, "La ressource n’est pas ajoutée, elle est à corriger");
  HtmlTable t;
  t.headers = {"Nom", "Type", "Capacité", "État", ""};
  t.label = "Ressources réservables";
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
        {escape(r.name), escape(kind_label(r.kind)), Html::number(r.capacity),
         rec.active ? Html("réservable") : Html("retirée"),
         "<form class=\"inline\" method=\"post\" action=\"" + escape(english_path) + "\">" + csrf_field(*ctx.session) +
             "<label for=\"" + escape(english_id) + "\">Nom en anglais</label> " + "<input id=\"" + escape(english_id) +
             "\" name=\"name_en\" lang=\"en\" maxlength=\"100\" value=\"" + escape(r.name_en) +
             "\"> <button class=\"secondary\" type=\"submit\">Enregistrer</button></form>" +
             "<form class=\"inline\" method=\"post\" action=\"" + escape(action_path) + "\">" +
             csrf_field(*ctx.session) + "<button class=\"secondary\" type=\"submit\">" +
             (rec.active ? Html("Retirer de la réservation") : Html("Remettre en réservation")) + "</button></form>"});
  }
  page.body += table(t);
  page.body +=
      "<form class=\"panel filters\" method=\"post\" action=\"" + escape(site_base(site.id)) + "/ressources\">" +
      csrf_field(*ctx.session) +
      select_field("kind", "Type", {{"desk", "Bureau"}, {"visio_room", "Salle visio"}},
                   ctx.field("kind").empty() ? "desk" : ctx.field("kind"), {}, error_of(resource_errors, "kind")) +
      text_field("resource_name", "Nom", ctx.field("resource_name"), "required maxlength=\"100\"", "text",
                 "Par exemple « Bureau 5 » ou « Salle Jean-Moulin »", error_of(resource_errors, "resource_name")) +
      text_field("resource_name_en", "Nom en anglais (facultatif)", ctx.field("resource_name_en"),
                 "maxlength=\"100\" lang=\"en\"", "text", "Pour la borne en anglais, par exemple « Desk 5 »") +
      text_field("capacity", "Capacité (personnes)", ctx.field("capacity").empty() ? "1" : ctx.field("capacity"),
                 "required min=\"1\" max=\"1000\"", "number", {}, error_of(resource_errors, "capacity")) +
      "<div class=\"field\"><button type=\"submit\">Ajouter la ressource</button></div></form>";

  page.body += "<h2>Bornes</h2>";
  HtmlTable k;
  k.headers = {"Borne", "Dernier échange avec le serveur"};
  k.label = "Bornes";
  k.empty_text = "Aucune borne pour ce lieu (escale-server kiosk add).";
  for (const auto& kiosk : list_kiosks(db)) {
    if (kiosk.kiosk.site_id != site.id || kiosk.revoked) continue;
    k.rows.push_back({escape(kiosk.kiosk.name),
                      escape(kiosk.last_sync_at ? iso_to_text(kiosk.last_sync_at) : std::string("jamais"))});
  }
  page.body += table(k);
  const bool mistakes = !error.empty() || !form.errors.empty() || !resource_errors.empty();
  return page_response(ctx, page, mistakes ? bh::status::unprocessable_entity : bh::status::ok);
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

Html week_nav(const std::string& path, const CivilDate& monday) {
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
  for (const auto& [id, n] : site_member_names(db, site))
    names[id] = n.erased ? std::string("adhérent effacé") : n.first_name + " " + n.last_name;
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

// « de Marie Dupont », « d’Amélie Rousseau ».
std::string of_name(const std::string& name) {
  static const std::string_view kVowels[] = {"A", "E", "I", "O", "U", "Y", "É", "È", "Ê", "Â", "Î", "Ô", "Œ"};
  for (const auto v : kVowels)
    if (name.starts_with(v)) return "d’" + name;
  return "de " + name;
}

// « lundi 8 décembre à 8 h 30 »: when a booking starts, as a person says it.
std::string booking_moment(const Booking& b) {
  return paris_day_time(b.start);
}

// « 08:30 » for a time field.
std::string clock_field(Instant t) {
  return format_clock(to_paris(t));
}

// The instant of a Paris date and a minute of the day (24:00 is the next day's midnight).
Instant paris_instant(const CivilDate& day, int minute) {
  if (minute >= 24 * 60) {
    const auto next = add_days(day, 1);
    return from_paris(next.year, next.month, next.day, 0, 0);
  }
  return from_paris(day.year, day.month, day.day, minute / 60, minute % 60);
}

// The booking form as typed: who, what, when.
struct BookingForm {
  std::string id;  // a UUID made when the form was shown: sent twice, it books once
  std::string member, resource, date, start, end;
};

// Reads the form into a booking (or the mistakes, by field).
std::variant<Booking, FieldErrors> read_booking_form(const BookingForm& f, const Site& site, bool with_member) {
  FieldErrors errors;
  Booking b;
  b.id = is_valid_uuid(f.id) ? f.id : make_uuid_v4();
  b.site_id = site.id;
  if (with_member) {
    const auto member = api::parse_id(f.member);
    if (!member) errors.emplace("member", "Choisissez l’adhérent dans la liste.");
    b.member_id = member.value_or(0);
  }
  const auto resource = api::parse_id(f.resource);
  if (!resource) errors.emplace("resource", "Choisissez la ressource dans la liste.");
  b.resource_id = resource.value_or(0);
  const auto day = parse_iso_date(f.date);
  if (!day) errors.emplace("date", "Indiquez le jour, par exemple 2026-12-08.");
  const auto start = parse_clock_text(f.start);
  const auto end = parse_clock_text(f.end);
  if (!start) errors.emplace("start", "Indiquez l’heure de début, par exemple 09:00.");
  if (!end) errors.emplace("end", "Indiquez l’heure de fin, par exemple 12:30.");
  if (start && end && *end <= *start) errors.emplace("end", "L’heure de fin doit venir après l’heure de début.");
  if (!errors.empty()) return errors;
  b.start = paris_instant(*day, *start);
  b.end = paris_instant(*day, *end);
  return b;
}

// A refusal of the booking rules as a mistake of the field it concerns.
FieldErrors refusal_errors(Refusal r, ResourceKind kind, std::string_view member_name, std::string_view what) {
  std::string reason;
  std::string field = "start";
  switch (r) {
    case Refusal::DailyLimit:
      reason = std::string(member_name) + " a déjà le nombre de réservations permis ce jour-là";
      field = "member";
      break;
    case Refusal::WeeklyLimit:
      reason = std::string(member_name) + " a déjà le nombre de réservations permis cette semaine";
      field = "member";
      break;
    case Refusal::UnknownMember:
      reason = "cet adhérent n’est pas (ou plus) inscrit dans ce lieu";
      field = "member";
      break;
    case Refusal::SiteNotAllowed:
      reason = std::string(member_name) +
               " n’a pas accès à ce lieu\u202F: son adhésion est limitée à d’autres lieux du réseau";
      field = "member";
      break;
    case Refusal::UnknownResource:
      reason = refusal_reason(r, kind);
      field = "resource";
      break;
    case Refusal::TooFarAhead:
    case Refusal::ClosedDay:
    case Refusal::MultipleDays:
      reason = refusal_reason(r, kind);
      field = "date";
      break;
    case Refusal::TooLong:
    case Refusal::InvalidTimes:
      reason = refusal_reason(r, kind) + " (des demi-heures : 9:00, 9:30…)";
      field = "end";
      break;
    default:  // InThePast, OutsideHours, Overlap
      reason = refusal_reason(r, kind);
      break;
  }
  return {{field, "La réservation n’a pas pu être " + std::string(what) + "\u202F: " + reason + "."}};
}

Options member_options(store::Database& db, std::int64_t site) {
  Options out{{"", "Choisir l’adhérent…"}};
  auto members = list_members(db, site, "");
  std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return a.last_name != b.last_name ? a.last_name < b.last_name : a.first_name < b.first_name;
  });
  for (const auto& m : members) out.push_back({std::to_string(m.id), m.last_name + " " + m.first_name});
  return out;
}

Options resource_options(store::Database& db, std::int64_t site) {
  Options out{{"", "Choisir la ressource…"}};
  for (const auto& r : list_resources(db, site))
    out.push_back(
        {std::to_string(r.id), r.name + " (" + (r.kind == ResourceKind::Desk ? "bureau" : "salle visio") + ")"});
  return out;
}

// The form to book (member chosen) or to move (`moving`: the member is fixed).
Html booking_form_html(const WebContext& ctx, store::Database& db, const Site& site, const BookingForm& f,
                       const FieldErrors& errors, const std::string& action, const std::string& button, bool moving) {
  Html out = "<form class=\"panel\" method=\"post\" action=\"" + escape(action) + "\">" + csrf_field(*ctx.session) +
             "<input type=\"hidden\" name=\"id\" value=\"" + escape(f.id) + "\">";
  out += "<div class=\"filters\">";
  if (!moving)
    out += select_field("member", "Adhérent", member_options(db, site.id), f.member, "required",
                        error_of(errors, "member"));
  out += select_field("resource", "Ressource", resource_options(db, site.id), f.resource, "required",
                      error_of(errors, "resource"));
  out += "</div><div class=\"filters\">";
  out += text_field("date", "Jour", f.date, "required", "date", {}, error_of(errors, "date"));
  out += text_field("start", "De", f.start, "required step=\"1800\"", "time", "Par demi-heures : 9:00, 9:30…",
                    error_of(errors, "start"));
  out += text_field("end", "À", f.end, "required step=\"1800\"", "time", {}, error_of(errors, "end"));
  out +=
      "</div><p class=\"muted\">Les règles du lieu s’appliquent comme à la borne : heures d’ouverture, une "
      "ressource libre, le nombre de réservations permis par adhérent.</p>";
  out += "<button type=\"submit\">" + escape(button) + "</button> <a class=\"button secondary\" href=\"" +
         escape(site_base(site.id) + "/reservations" + (f.date.empty() ? "" : "?semaine=" + f.date)) +
         "\">Revenir aux réservations</a></form>";
  return out;
}

BookingForm posted_booking_form(const WebContext& ctx) {
  return {ctx.field("id"),   ctx.field("member"), ctx.field("resource"),
          ctx.field("date"), ctx.field("start"),  ctx.field("end")};
}

std::string member_name(store::Database& db, std::int64_t id) {
  const auto m = find_member(db, id);
  return m ? m->first_name + " " + m->last_name : std::string("cet adhérent");
}

bh::status refusal_status(Refusal r) {
  return r == Refusal::Overlap ? bh::status::conflict : bh::status::unprocessable_entity;
}

// GET: the form; POST: books, or shows the form again with the mistake next to its field.
Response booking_new(WebContext& ctx, store::Database& db, const Site& site) {
  const auto action = site_base(site.id) + "/reservations/nouvelle";
  BookingForm f;
  FieldErrors errors;
  bh::status status = bh::status::ok;
  if (ctx.is_post()) {
    f = posted_booking_form(ctx);
    auto read = read_booking_form(f, site, true);
    if (auto* wrong = std::get_if<FieldErrors>(&read)) {
      errors = std::move(*wrong);
      status = bh::status::unprocessable_entity;
    } else {
      const auto& b = std::get<Booking>(read);
      const auto resource = find_resource(db, b.resource_id);
      const auto member = find_member(db, b.member_id);
      if (!resource || resource->site_id != site.id) {
        errors.emplace("resource", "Choisissez une ressource de ce lieu dans la liste.");
      } else if (!member) {  // a member of any site of the network may book here (unless restricted: the rules say)
        errors.emplace("member", "Choisissez un adhérent dans la liste.");
      } else {
        const auto outcome = create_booking(db, b, actor_of(ctx), ctx.now);
        if (outcome.ok() && outcome.booking->member_id == b.member_id && outcome.booking->start == b.start &&
            outcome.booking->resource_id == b.resource_id && outcome.booking->end == b.end) {
          return redirect(ctx.req, site_base(site.id) + "/reservations?ok=reservee&semaine=" + f.date);
        }
        if (outcome.refusal) {
          errors = refusal_errors(*outcome.refusal, resource->kind, member_name(db, b.member_id), "enregistrée");
          status = refusal_status(*outcome.refusal);
        } else {  // the form was sent before with other answers: a new one
          errors.emplace("start", "Ce formulaire a déjà servi\u202F: vérifiez les réservations, puis recommencez.");
          f.id = make_uuid_v4();
          status = bh::status::conflict;
        }
      }
      if (status == bh::status::ok) status = bh::status::unprocessable_entity;
    }
  } else {
    f.id = make_uuid_v4();
    f.date = ctx.param("date");
    if (!parse_iso_date(f.date)) f.date = to_iso_date(paris_civil_date(ctx.now));
    f.member = ctx.param("adherent");
  }
  auto page = site_page(ctx, site, "bookings", "Nouvelle réservation");
  page.body += errors_notice(errors, "La réservation n’est pas enregistrée");
  page.body += booking_form_html(ctx, db, site, f, errors, action, "Réserver", false);
  return page_response(ctx, page, status);
}

// The booking of a path, if it is one of the site's.
std::optional<Booking> site_booking(store::Database& db, const Site& site, const std::string& id) {
  if (!is_valid_uuid(id)) return std::nullopt;
  auto b = find_booking(db, id);
  if (!b || b->site_id != site.id) return std::nullopt;
  return b;
}

Response booking_gone(const WebContext& ctx, const Site& site, std::string_view what) {
  return error_page(ctx, bh::status::conflict, what,
                    "Cette réservation a déjà commencé, ou elle est annulée : elle ne peut plus changer. <a href=\"" +
                        escape(site_base(site.id) + "/reservations") + "\">Revenir aux réservations</a>");
}

Response booking_move(WebContext& ctx, store::Database& db, const Site& site, const Booking& b) {
  const auto name = member_name(db, b.member_id);
  if (b.status != BookingStatus::Confirmed || b.start <= ctx.now)
    return booking_gone(ctx, site, "Déplacement impossible");
  const auto action = site_base(site.id) + "/reservations/" + b.id + "/deplacer";
  BookingForm f;
  FieldErrors errors;
  bh::status status = bh::status::ok;
  if (ctx.is_post()) {
    f = posted_booking_form(ctx);
    auto read = read_booking_form(f, site, false);
    if (auto* wrong = std::get_if<FieldErrors>(&read)) {
      errors = std::move(*wrong);
    } else {
      const auto& moved = std::get<Booking>(read);
      const auto resource = find_resource(db, moved.resource_id);
      if (!resource || resource->site_id != site.id) {
        errors.emplace("resource", "Choisissez une ressource de ce lieu dans la liste.");
      } else {
        // The member's reminder (« Mon espace ») follows the booking to its new day.
        const auto outcome =
            move_member_booking(db, b.id, {moved.resource_id}, moved.start, moved.end, actor_of(ctx), ctx.now);
        if (outcome.ok()) return redirect(ctx.req, site_base(site.id) + "/reservations?ok=deplacee&semaine=" + f.date);
        errors = refusal_errors(outcome.refusal.value_or(Refusal::NotCancellable), resource->kind, name, "déplacée");
        if (outcome.refusal) status = refusal_status(*outcome.refusal);
      }
    }
    if (status == bh::status::ok) status = bh::status::unprocessable_entity;
  } else {
    f.resource = std::to_string(b.resource_id);
    f.date = paris_date(b.start);
    f.start = clock_field(b.start);
    f.end = clock_field(b.end);
  }
  auto page = site_page(ctx, site, "bookings", "Déplacer la réservation " + of_name(name));
  page.body += "<p>Aujourd’hui : " + escape(booking_moment(b)) + " – " + escape(format_time(to_paris(b.end))) + ".</p>";
  page.body += errors_notice(errors, "La réservation n’est pas déplacée");
  page.body += booking_form_html(ctx, db, site, f, errors, action, "Déplacer la réservation", true);
  return page_response(ctx, page, status);
}

// GET: « Annuler la réservation de Marie Dupont, lundi 8 décembre à 8 h 30 ? » with « Oui, annuler »
// (a POST form with the CSRF token) and « Non, garder »; POST: cancels.
Response booking_cancel(WebContext& ctx, store::Database& db, const Site& site, const Booking& b) {
  const auto week = ctx.param("semaine");
  const auto back = site_base(site.id) + "/reservations" + (parse_iso_date(week) ? "?semaine=" + week : std::string());
  if (ctx.is_post()) {
    const auto outcome = cancel_booking(db, b.id, actor_of(ctx), ctx.now);
    if (!outcome.ok()) return booking_gone(ctx, site, "Annulation impossible");
    if (ctx.options.places_freed) ctx.options.places_freed();  // someone may be waiting for it
    return redirect(ctx.req, site_base(site.id) + "/reservations?ok=annulee" +
                                 (parse_iso_date(week) ? "&semaine=" + week : std::string()));
  }
  if (b.status != BookingStatus::Confirmed || b.start <= ctx.now)
    return booking_gone(ctx, site, "Annulation impossible");
  const auto name = member_name(db, b.member_id);
  const auto resource = find_resource(db, b.resource_id);
  auto page = site_page(ctx, site, "bookings", "Annuler une réservation");
  page.body += "<form class=\"panel\" method=\"post\" action=\"" +
               escape(site_base(site.id) + "/reservations/" + b.id + "/annuler" +
                      (parse_iso_date(week) ? "?semaine=" + week : std::string())) +
               "\">" + csrf_field(*ctx.session);
  page.body += "<p><strong>Annuler la réservation " + escape(of_name(name)) + ", " + escape(booking_moment(b)) +
               "\u202F?</strong></p>";
  page.body += "<p>" + escape(resource ? resource->name : std::string("?")) + ", de " +
               escape(format_time(to_paris(b.start))) + " à " + escape(format_time(to_paris(b.end))) +
               ". La place sera de nouveau libre à la borne.</p>";
  page.body += "<button class=\"danger\" type=\"submit\">Oui, annuler</button> <a class=\"button secondary\" href=\"" +
               escape(back) + "\">Non, garder</a></form>";
  return page_response(ctx, page);
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
  page.body += "<p class=\"no-print\"><a class=\"button\" href=\"" + escape(path) +
               "/nouvelle?date=" + escape(to_iso_date(std::max(monday, paris_civil_date(ctx.now)))) +
               "\">Nouvelle réservation</a></p>";
  std::sort(bookings.begin(), bookings.end(), [](const Booking& a, const Booking& b) {
    return a.start != b.start ? a.start < b.start : a.resource_id < b.resource_id;
  });
  for (int i = 0; i < 7; ++i) {
    const auto day = add_days(monday, i);
    HtmlTable t;
    t.caption = escape(day_heading(day));
    // Four columns, the state under the name, so that « Déplacer » and « Annuler » stay in sight on a phone.
    t.headers = {"Heure", "Ressource", "Adhérent, état", ""};
    t.empty_text = "Aucune réservation.";
    for (const auto& b : bookings) {
      if (paris_date(b.start) != to_iso_date(day) || b.status == BookingStatus::Refused) continue;
      Html action;
      const auto member = names.find(b.member_id);
      if (b.status == BookingStatus::Confirmed && b.start > ctx.now) {
        // Links to a confirmation page (no JavaScript); each named in full for screen readers.
        const auto whose = " la réservation " + of_name(member == names.end() ? std::string("?") : member->second) +
                           ", " + booking_moment(b);
        const auto back = "?semaine=" + to_iso_date(monday);
        action = "<span class=\"actions\"><a class=\"button secondary\" href=\"" +
                 escape(path + "/" + b.id + "/deplacer" + back) + "\">Déplacer<span class=\"visually-hidden\">" +
                 escape(whose) + "</span></a> <a class=\"button secondary\" href=\"" +
                 escape(path + "/" + b.id + "/annuler" + back) + "\">Annuler<span class=\"visually-hidden\">" +
                 escape(whose) + "</span></a></span>";
      }
      t.rows.push_back({escape(format_time(to_paris(b.start)) + " – " + format_time(to_paris(b.end))),
                        escape(resources.count(b.resource_id) ? resources[b.resource_id] : "?"),
                        escape(member == names.end() ? std::string("?") : member->second) +
                            "<br><span class=\"muted\">" + escape(booking_status_label(b.status)) + "</span>",
                        action});
    }
    page.body += table(t);
  }
  return page_response(ctx, page);
}

Html participant_text(const mediation::Participant& p, const std::map<std::int64_t, std::string>& names, bool past) {
  std::string who;
  if (p.member_id) {
    const auto it = names.find(*p.member_id);
    who = it == names.end() ? "adhérent" : it->second;
  } else if (!p.first_name.empty()) {
    who = p.first_name;
  } else {
    who = "sans nom";
  }
  Html out = escape(who);
  if (p.phone) out += " · " + escape(mediation::format_phone(*p.phone));
  out += " — " + escape(std::string(mediation::participant_status_label(p.status, past)));
  if (p.waiting) out += " (liste d’attente)";
  if (!p.topics.empty()) {
    out += "<br><span class=\"muted\">";
    for (std::size_t i = 0; i < p.topics.size(); ++i)
      out += (i ? Html(", ") : Html()) + escape(std::string(mediation::help_topic_label(p.topics[i])));
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
  page.body += "<p class=\"no-print\"><a class=\"button\" href=\"" + escape(site_base(site.id)) +
               "/agenda/rendez-vous?du=" + escape(to_iso_date(std::max(monday, paris_civil_date(ctx.now)))) +
               "\">Nouveau rendez-vous d’aide</a></p>";
  for (int i = 0; i < 7; ++i) {
    const auto day = add_days(monday, i);
    HtmlTable t;
    t.caption = escape(day_heading(day));
    t.headers = {"Heure", "Médiateur ou médiatrice", "Rendez-vous", "Personnes"};
    t.empty_text = "Aucun rendez-vous.";
    for (const auto& a : appointments) {
      if (paris_date(a.start) != to_iso_date(day)) continue;
      const bool past = a.end() <= ctx.now;
      Html people;
      for (const auto& p : a.participants)
        people += (people.empty() ? Html() : Html("<br>")) + participant_text(p, names, past);
      std::string what = a.collective ? "Atelier « " + a.title + " » (" + std::to_string(mediation::seats_taken(a)) +
                                            "/" + std::to_string(a.capacity) + " places)"
                                      : std::string("Rendez-vous individuel");
      if (a.cancelled) what += " — annulé";
      const auto mediator = names.find(a.mediator_id);
      t.rows.push_back({escape(format_time(to_paris(a.start)) + " – " + format_time(to_paris(a.end()))),
                        escape(mediator == names.end() ? std::string("?") : mediator->second), escape(what),
                        people.empty() ? Html("—") : people});
    }
    page.body += table(t);
  }
  page.body +=
      "<p class=\"muted\">Les présences et les comptes rendus d’activité se saisissent à la borne, en mode "
      "animateur, ou par l’API.</p>";
  return page_response(ctx, page);
}

// The slot field's value: « 2026-12-08T13:30:00Z|12 » (start, mediator).
std::string slot_value(const mediation::HelpSlot& s) {
  return to_iso_utc(s.start) + "|" + std::to_string(s.mediator_id);
}

// A help appointment made by staff: an individual type of the site, one of its free slots (the
// same free_help_slots the kiosk and the API offer), and the person: a member, or a first name
// with an optional phone for reminders; what they need help with.
struct HelpForm {
  std::string participant_id;  // a UUID made when the form was shown: sent twice, it books once
  std::string type, slot, member, first_name, phone, reminders;
  std::vector<std::string> topics;
};

Html help_form_html(const WebContext& ctx, store::Database& db, const Site& site,
                    const std::vector<mediation::AppointmentType>& types, const mediation::AppointmentType& type,
                    const CivilDate& first, const HelpForm& f, const FieldErrors& errors) {
  const auto base = site_base(site.id) + "/agenda/rendez-vous";
  const auto names = member_names(db, site.id);
  Html out;
  // Changing the type or the days is a GET (no JavaScript): the page comes back with its slots.
  if (types.size() > 1) {
    Options type_options;
    for (const auto& t : types) type_options.push_back({std::to_string(t.id), t.name});
    out += "<form class=\"panel filters no-print\" method=\"get\" action=\"" + escape(base) + "\">" +
           select_field("type", "Type de rendez-vous", type_options, std::to_string(type.id)) +
           text_field("du", "Créneaux à partir du", to_iso_date(first), {}, "date") +
           "<div class=\"field\"><button class=\"secondary\" type=\"submit\">Voir les créneaux</button></div></form>";
  }
  const auto last = add_days(first, 13);
  const auto slots = free_help_slots(db, type.id, first, last, ctx.now);
  out += "<form class=\"panel\" method=\"post\" action=\"" + escape(base) + "\">" + csrf_field(*ctx.session) +
         "<input type=\"hidden\" name=\"participant_id\" value=\"" + escape(f.participant_id) + "\">" +
         "<input type=\"hidden\" name=\"type\" value=\"" + Html::number(type.id) + "\">";
  out += "<p>" + escape(type.name) + " (" + Html::number(type.duration.count()) + " min), du " +
         escape(day_heading(first)) + " au " + escape(day_heading(last)) + ".</p>";
  // The slots, by day (<optgroup>), each with its mediator.
  const auto slot_error = error_of(errors, "slot");
  out += "<div class=\"field\">";
  if (slots.empty()) {
    out += "<strong>Créneau</strong>" + field_error("slot", slot_error) +
           "<p class=\"muted\" id=\"f-slot\">Aucun créneau libre ces jours-là : essayez à partir d’un autre "
           "jour.</p>";
  } else {
    out += "<label for=\"f-slot\">Créneau</label>" + field_error("slot", slot_error);
    out += "<select id=\"f-slot\" name=\"slot\" required" + invalid_attributes("slot", slot_error) +
           "><option value=\"\">Choisir un créneau…</option>";
    std::string day;
    for (const auto& s : slots) {
      const auto d = format_day(to_paris(s.start));
      if (d != day) {
        out += (day.empty() ? Html() : Html("</optgroup>")) + "<optgroup label=\"" + escape(d) + "\">";
        day = d;
      }
      const auto mediator = names.find(s.mediator_id);
      const auto value = slot_value(s);
      out += "<option value=\"" + escape(value) + "\"" + (value == f.slot ? Html(" selected") : Html()) + ">" +
             escape(format_time(to_paris(s.start)) + " avec " +
                    (mediator == names.end() ? std::string("?") : mediator->second)) +
             "</option>";
    }
    out += "</optgroup></select>";
  }
  out += "</div>";
  out += "<fieldset class=\"field\"><legend>La personne</legend>";
  auto members = member_options(db, site.id);
  members.front().label = "Pas un adhérent (ou anonyme)";
  out += select_field("member", "Adhérent", members, f.member, {}, error_of(errors, "member"));
  out += text_field("first_name", "Ou son prénom (facultatif)", f.first_name, "maxlength=\"100\" autocomplete=\"off\"",
                    "text", {}, error_of(errors, "first_name"));
  out += text_field("phone", "Téléphone (facultatif)", f.phone, "maxlength=\"30\" autocomplete=\"off\"", "tel",
                    "Pour le rappel par SMS, la veille et 2 heures avant : un numéro français.",
                    error_of(errors, "phone"));
  out += "<label class=\"check\"><input type=\"checkbox\" name=\"reminders\" value=\"1\"" +
         (f.reminders == "1" ? Html(" checked") : Html()) + "> La personne accepte les rappels</label>";
  out += "</fieldset><fieldset class=\"field\"><legend>Pour quoi (facultatif)</legend>";
  for (const auto t : mediation::all_help_topics()) {
    const std::string code(mediation::to_string(t));
    const bool on = std::find(f.topics.begin(), f.topics.end(), code) != f.topics.end();
    out += "<label class=\"check\"><input type=\"checkbox\" name=\"topic-" + escape(code) + "\" value=\"1\"" +
           (on ? Html(" checked") : Html()) + "> " + escape(std::string(mediation::help_topic_label(t))) + "</label>";
  }
  out += "</fieldset><button type=\"submit\"" + (slots.empty() ? Html(" disabled") : Html()) +
         ">Enregistrer le rendez-vous</button> <a class=\"button secondary\" href=\"" +
         escape(site_base(site.id) + "/agenda") + "\">Revenir à l’agenda</a></form>";
  return out;
}

// The site's active individual types (the ones a person books).
std::vector<mediation::AppointmentType> individual_types(store::Database& db, std::int64_t site) {
  std::vector<mediation::AppointmentType> out;
  for (const auto& t : help_agenda(db, site).types)
    if (t.active && !t.collective) out.push_back(t);
  return out;
}

FieldErrors help_refusal_errors(mediation::HelpRefusal r) {
  using mediation::HelpRefusal;
  const std::string field = r == HelpRefusal::InvalidPhone     ? "phone"
                            : r == HelpRefusal::InvalidRequest ? "member"
                                                               : "slot";
  std::string reason = mediation::help_refusal_reason(r);
  if (r == HelpRefusal::InvalidRequest)
    reason = "Choisissez un adhérent de ce lieu dans la liste, ou écrivez un prénom.";
  return {{field, "Le rendez-vous n’est pas enregistré\u202F: " + reason}};
}

Response help_new(WebContext& ctx, store::Database& db, const Site& site) {
  const auto types = individual_types(db, site.id);
  if (types.empty()) {
    auto page = site_page(ctx, site, "agenda", "Nouveau rendez-vous d’aide");
    page.body += notice(NoticeKind::Info,
                        "Ce lieu ne propose pas encore de rendez-vous individuels : un type de rendez-vous et des "
                        "heures d’aide se créent par l’API (voir la documentation).");
    return page_response(ctx, page);
  }
  HelpForm f;
  FieldErrors errors;
  bh::status status = bh::status::ok;
  const auto chosen = api::parse_id(ctx.is_post() ? ctx.field("type") : ctx.param("type"));
  const auto type_it =
      std::find_if(types.begin(), types.end(), [&](const auto& t) { return chosen && t.id == *chosen; });
  const auto& type = type_it == types.end() ? types.front() : *type_it;
  auto first = paris_civil_date(ctx.now);
  if (const auto from = parse_iso_date(ctx.param("du")); from && *from > first) first = *from;
  if (ctx.is_post()) {
    f.participant_id = ctx.field("participant_id");
    f.type = ctx.field("type");
    f.slot = ctx.field("slot");
    f.member = ctx.field("member");
    f.first_name = ctx.field("first_name");
    f.phone = ctx.field("phone");
    f.reminders = ctx.field("reminders");
    for (const auto t : mediation::all_help_topics()) {
      const std::string code(mediation::to_string(t));
      if (ctx.field("topic-" + code) == "1") f.topics.push_back(code);
    }
    HelpRequest r;
    r.site_id = site.id;
    r.type_id = type.id;
    r.appointment_id = make_uuid_v4();
    auto& p = r.participant;
    p.id = is_valid_uuid(f.participant_id) ? f.participant_id : make_uuid_v4();
    const auto bar = f.slot.find('|');
    const auto start = bar == std::string::npos ? std::nullopt : parse_iso_utc(f.slot.substr(0, bar));
    const auto mediator = bar == std::string::npos ? std::nullopt : api::parse_id(f.slot.substr(bar + 1));
    if (!start || !mediator) errors.emplace("slot", "Choisissez un créneau dans la liste.");
    if (start) r.start = *start;
    r.mediator_id = mediator.value_or(0);
    if (!f.member.empty()) {
      const auto member = api::parse_id(f.member);
      const auto m = member ? find_member(db, *member) : std::nullopt;
      if (!m) {
        errors.emplace("member", "Choisissez un adhérent dans la liste.");
      } else if (!member_may_use_site(db, m->id, site.id)) {
        errors.emplace("member",
                       member_name(db, m->id) +
                           " n’a pas accès à ce lieu\u202F: son adhésion est limitée à d’autres lieux du réseau.");
      }
      p.member_id = member;
    } else {
      p.first_name = std::string(text::trim(f.first_name));
    }
    if (!text::is_blank(f.phone)) p.phone = std::string(text::trim(f.phone));
    p.reminders = f.reminders == "1";
    if (p.reminders && !p.phone) p.reminders = false;
    for (const auto& code : f.topics) {
      if (const auto t = mediation::parse_help_topic(code)) p.topics.push_back(*t);
    }
    if (errors.empty()) {
      const auto outcome = request_help(db, r, actor_of(ctx), ctx.now);
      if (outcome.ok() && outcome.appointment->start == r.start && outcome.appointment->mediator_id == r.mediator_id) {
        return redirect(ctx.req, site_base(site.id) + "/agenda?ok=rendez-vous&semaine=" + paris_date(*r.start));
      }
      if (outcome.refusal) {
        errors = help_refusal_errors(*outcome.refusal);
        status =
            *outcome.refusal == mediation::HelpRefusal::Taken ? bh::status::conflict : bh::status::unprocessable_entity;
      } else {
        errors.emplace("slot", "Ce formulaire a déjà servi\u202F: vérifiez l’agenda, puis recommencez.");
        f.participant_id = make_uuid_v4();
        status = bh::status::conflict;
      }
    }
    if (status == bh::status::ok) status = bh::status::unprocessable_entity;
  } else {
    f.participant_id = make_uuid_v4();
    f.member = ctx.param("adherent");
  }
  auto page = site_page(ctx, site, "agenda", "Nouveau rendez-vous d’aide");
  page.body += errors_notice(errors, "Le rendez-vous n’est pas enregistré");
  page.body += help_form_html(ctx, db, site, types, type, first, f, errors);
  return page_response(ctx, page, status);
}

Response sites_list(WebContext& ctx, store::Database& db) {
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
  t.label = "Lieux";
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

//-----------------------------------------------------------------------------
// The rows: the web gate has checked the role and loaded ctx.site (and
// ctx.member) before any of these runs.
//-----------------------------------------------------------------------------

Response site_post(WebContext& ctx) {
  const auto& site = *ctx.site;
  const auto form = read_site_form(ctx, site);
  if (!form.errors.empty()) return site_settings(ctx, ctx.db(), form);
  const auto saved = update_site(ctx.db(), form.site, actor_of(ctx));
  if (!saved) return site_settings(ctx, ctx.db(), form, saved.error());
  return redirect(ctx.req, site_base(site.id) + "?ok=lieu");
}

Response resource_add(WebContext& ctx) {
  auto& db = ctx.db();
  const auto& site = *ctx.site;
  Resource r;
  r.site_id = site.id;
  const auto kind = parse_resource_kind(ctx.field("kind"));
  if (!kind)
    return site_settings(ctx, db, site_form(site), {}, {{"kind", "Choisissez le type : bureau ou salle visio."}});
  r.kind = *kind;
  r.name = ctx.field("resource_name");
  r.name_en = ctx.field("resource_name_en");
  const auto capacity = api::parse_id(ctx.field("capacity"));
  if (!capacity || *capacity > 1000)
    return site_settings(ctx, db, site_form(site), {},
                         {{"capacity", "La capacité est un nombre de personnes, de 1 à 1000."}});
  r.capacity = static_cast<int>(*capacity);
  const auto added = add_resource(db, r, actor_of(ctx));
  if (!added) return site_settings(ctx, db, site_form(site), {}, {{"resource_name", added.error()}});
  return redirect(ctx.req, site_base(site.id) + "?ok=ressource");
}

// POST /lieux/{site}/ressources/{resource}/anglais | retirer | remettre
Response resource_change(WebContext& ctx, std::string_view action) {
  auto& db = ctx.db();
  const auto& site = *ctx.site;
  const auto resource_id = api::parse_id(ctx.route_param("resource"));
  const auto rec = resource_id ? find_resource_record(db, *resource_id) : std::nullopt;
  if (!rec || rec->resource.site_id != site.id)
    return not_found_page(ctx, "Cette ressource n’existe pas dans ce lieu.");
  if (action == "anglais") {
    const auto changed =
        set_resource_english(db, *resource_id, ctx.field("name_en"), rec->resource.features_en, actor_of(ctx));
    if (!changed) return site_settings(ctx, db, site_form(site), changed.error());
    return redirect(ctx.req, site_base(site.id) + "?ok=ressource-anglais");
  }
  const bool active = action == "remettre";
  const auto changed = set_resource_active(db, *resource_id, active, actor_of(ctx));
  if (!changed) return site_settings(ctx, db, site_form(site), changed.error());
  return redirect(ctx.req, site_base(site.id) + (active ? "?ok=ressource-remise" : "?ok=ressource-retiree"));
}

// GET|POST /lieux/{site}/reservations/{booking}/annuler | deplacer
Response booking_change(WebContext& ctx, bool cancel) {
  auto& db = ctx.db();
  const auto b = site_booking(db, *ctx.site, ctx.route_param("booking"));
  if (!b) return not_found_page(ctx, "Cette réservation n’existe pas dans ce lieu.");
  return cancel ? booking_cancel(ctx, db, *ctx.site, *b) : booking_move(ctx, db, *ctx.site, *b);
}

Response member_post(WebContext& ctx) {
  auto& db = ctx.db();
  Member edited = *ctx.member;
  if (auto wrong = read_member_form(ctx, edited))
    return member_page(ctx, db, *ctx.site, edited, {}, {{wrong->field, wrong->message}});
  const auto saved = update_member(db, edited, actor_of(ctx));
  if (!saved) return member_page(ctx, db, *ctx.site, edited, saved.error());
  return redirect(ctx.req, "/adherents/" + std::to_string(edited.id) + "?ok=modifie");
}

Response member_export(WebContext& ctx) {
  auto& db = ctx.db();
  const auto id = ctx.member->id;
  const auto data = member_data_export(db, id);
  if (!data) return not_found_page(ctx, "Cet adhérent n’existe plus.");
  audit(db, actor_of(ctx), ctx.member->site_id, "member.export", "member:" + std::to_string(id), "{}");
  return download(ctx.req, *data, "application/json; charset=utf-8", "escale-adherent-" + std::to_string(id) + ".json");
}

Response badge_add(WebContext& ctx) {
  auto& db = ctx.db();
  const auto& m = *ctx.member;
  const auto uid = BadgeUid::parse(ctx.field("uid"));
  if (!uid) {
    return member_page(ctx, db, *ctx.site, m, {},
                       {{"uid", "«\u202F" + ctx.field("uid") +
                                    "\u202F» n’est pas un numéro de badge\u202F: 8, 14 ou 20 chiffres hexadécimaux "
                                    "(0–9, A–F)."}});
  }
  const auto added = add_badge(db, *uid, m.id, actor_of(ctx));  // with its audit row
  if (!added) return member_page(ctx, db, *ctx.site, m, {}, {{"uid", added.error()}});
  return redirect(ctx.req, "/adherents/" + std::to_string(m.id) + "?ok=badge");
}

Response badge_revoke(WebContext& ctx) {
  auto& db = ctx.db();
  const auto& m = *ctx.member;
  const auto uid = BadgeUid::parse(ctx.route_param("uid"));
  if (!uid) return not_found_page(ctx, "Ce badge n’existe pas.");
  bool mine = false;
  for (const auto& b : list_badges(db, m.id)) mine = mine || (b.uid == uid->hex() && !b.revoked_at);
  if (!mine) return member_page(ctx, db, *ctx.site, m, "Ce badge n’est pas (ou plus) attribué à cet adhérent.");
  const auto revoked = revoke_badge(db, *uid, actor_of(ctx));  // with its audit row
  if (!revoked) return member_page(ctx, db, *ctx.site, m, revoked.error());
  return redirect(ctx.req, "/adherents/" + std::to_string(m.id) + "?ok=badge-retire");
}

// POST /adherents/{member}/lieux: the sites where the member may badge (boxes « site-N »). Every box
// checked lifts the restriction (every site, those to come included); none is refused.
Response member_sites_post(WebContext& ctx) {
  auto& db = ctx.db();
  const auto& m = *ctx.member;
  const auto sites = network_sites(db);
  std::set<std::int64_t> chosen;
  for (const auto& s : sites)
    if (ctx.field("site-" + std::to_string(s.id)) == "1") chosen.insert(s.id);
  if (chosen.empty()) {
    return member_page(ctx, db, *ctx.site, m, {},
                       {{"sites",
                         "Cochez au moins un lieu\u202F: sans lieu, l’adhérent ne pourrait badger nulle "
                         "part (pour mettre fin à l’adhésion, effacez-le)."}},
                       &chosen);
  }
  std::vector<std::int64_t> restricted;
  if (chosen.size() < sites.size()) restricted.assign(chosen.begin(), chosen.end());
  const auto saved = restrict_member_sites(db, m.id, restricted, actor_of(ctx));  // change row, audit row
  if (!saved) return member_page(ctx, db, *ctx.site, m, {}, {{"sites", saved.error()}}, &chosen);
  return redirect(ctx.req,
                  "/adherents/" + std::to_string(m.id) + (restricted.empty() ? "?ok=lieux-tous" : "?ok=lieux"));
}

// POST /adherents/{member}/roles: action « donner » or « retirer » a role at a site. An animator only
// at the site they manage, an admin anywhere (the member's home site excepted: the store says so).
Response member_roles_post(WebContext& ctx) {
  auto& db = ctx.db();
  const auto& m = *ctx.member;
  const auto site_id = api::parse_id(ctx.field("site"));
  const auto role = parse_role(ctx.field("role"));
  if (!site_id || !find_site(db, *site_id))
    return member_page(ctx, db, *ctx.site, m, {}, {{"site", "Choisissez un lieu dans la liste."}});
  if (!ctx.user().may_manage(*site_id)) {
    auto res = member_page(ctx, db, *ctx.site, m, {},
                           {{"site",
                             "Vous ne gérez pas ce lieu\u202F: seul son animateur, ou un administrateur, "
                             "peut y donner ou retirer un rôle. Rien n’a été modifié."}});
    res.result(bh::status::forbidden);
    return res;
  }
  if (!role || (*role != Role::Animator && *role != Role::Mediator))
    return member_page(ctx, db, *ctx.site, m, {}, {{"site", "Choisissez le rôle\u202F: animation ou médiation."}});
  const bool give = ctx.field("action") != "retirer";
  if (give) {
    const auto granted = grant_site_role(db, m.id, *site_id, *role, actor_of(ctx));  // change row, audit row
    if (!granted) return member_page(ctx, db, *ctx.site, m, {}, {{"site", granted.error()}});
  } else {
    const auto revoked = revoke_site_role(db, m.id, *site_id, *role, actor_of(ctx));
    if (!revoked) return member_page(ctx, db, *ctx.site, m, {}, {{"site", revoked.error()}});
  }
  return redirect(ctx.req, "/adherents/" + std::to_string(m.id) + (give ? "?ok=role" : "?ok=role-retire"));
}

// The retention durations' fields (issue 19): name, label, the bound the store checks, the setting.
struct RetentionField {
  std::string_view name;
  std::string_view label;
  const RetentionBound* bound;
  int RetentionSettings::*months;
};
constexpr std::array<RetentionField, 6> kRetentionFields{{
    {"conservation_visits", "Passages nommant l’adhérent et son badge", &kVisitsBound,
     &RetentionSettings::visits_months},
    {"conservation_inactive", "Sans aucune venue ni connexion, avant l’avis", &kInactiveBound,
     &RetentionSettings::inactive_months},
    {"conservation_notice", "De l’avis à l’anonymisation", &kNoticeBound, &RetentionSettings::notice_months},
    {"conservation_audit", "Journal des actions", &kAuditBound, &RetentionSettings::audit_months},
    {"conservation_attempts", "Échecs de connexion et d’enrôlement, demandes de lien", &kAttemptsBound,
     &RetentionSettings::attempts_months},
    {"conservation_sessions", "Sessions terminées, liens expirés", &kSessionsBound,
     &RetentionSettings::sessions_months},
}};

// POST /reseau with form=conservation: the durations typed, each checked next to its field, then saved by the
// store (which checks them again) with its audit row. What was typed comes back on a mistake.
void read_retention_form(WebContext& ctx, RetentionSettings& r, std::map<std::string, std::string>& typed,
                         FieldErrors& errors) {
  for (const auto& f : kRetentionFields) {
    const auto text = std::string(text::trim(ctx.field(f.name)));
    typed[std::string(f.name)] = text;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      errors.emplace(std::string(f.name), "Un nombre de mois, en chiffres.");
      continue;
    }
    if (value < f.bound->min || value > f.bound->max) {
      errors.emplace(std::string(f.name), "Entre " + std::to_string(f.bound->min) + " et " +
                                              std::to_string(f.bound->max) + " mois (docs/privacy.md dit pourquoi).");
      continue;
    }
    r.*f.months = value;
  }
}

// GET|POST /reseau: the network's name, SIREN, territory and open-data producer, and its retention durations
// (admins); the store checks them. Below, the open-data file and the sites it leaves out (issue 19).
Response network_page(WebContext& ctx) {
  auto& db = ctx.db();
  auto s = network_settings(db);
  const auto saved_name = s.name;
  FieldErrors errors;
  auto retention = retention_settings(db);
  std::map<std::string, std::string> typed;
  if (ctx.is_post() && ctx.field("form") == "conservation") {
    read_retention_form(ctx, retention, typed, errors);
    if (errors.empty()) {
      const auto saved = set_retention_settings(db, retention, actor_of(ctx), ctx.now);  // with its audit row
      if (saved) return redirect(ctx.req, "/reseau?ok=conservation");
      errors.emplace("conservation_visits", saved.error());
    }
  } else if (ctx.is_post()) {
    s.name = ctx.field("name");
    s.siren = ctx.field("siren");
    s.territory = ctx.field("territory");
    s.producer_id = ctx.field("producer_id");
    const auto producer = opendata::normalise_identifier(s.producer_id);
    if (const auto why = producer.empty() ? std::string() : opendata::identifier_problem(producer); !why.empty()) {
      errors.emplace("producer_id", why);
    } else {
      const auto saved = set_network_settings(db, s, actor_of(ctx));  // with its audit row
      if (saved) return redirect(ctx.req, "/reseau?ok=reseau");
      errors.emplace(text::is_blank(s.name) ? "name" : "siren", saved.error());
    }
  }
  Page page;
  page.title = "Réseau";
  page.subtitle = saved_name;
  page.nav = "network";
  page.body = flash(ctx) + errors_notice(errors);
  page.body +=
      "<p>Les lieux d’Escale forment un réseau\u202F: une adhésion vaut dans chacun d’eux. Ces "
      "informations sont celles du réseau (l’intercommunalité), pas d’un lieu.</p>";
  page.body += "<form class=\"panel\" method=\"post\" action=\"/reseau\">" + csrf_field(*ctx.session);
  page.body += text_field("name", "Nom du réseau", s.name, "required maxlength=\"200\"", "text",
                          "Par exemple «\u202FCommunauté de communes du Montbardois\u202F».", error_of(errors, "name"));
  page.body +=
      text_field("siren", "SIREN (facultatif)", s.siren, "maxlength=\"11\" inputmode=\"numeric\" autocomplete=\"off\"",
                 "text", "9 chiffres, sur l’avis de situation INSEE de l’intercommunalité.", error_of(errors, "siren"));
  page.body += text_field("territory", "Territoire (facultatif)", s.territory, "maxlength=\"200\"", "text",
                          "Le nom court du territoire, dans les rapports et les fichiers de données ouvertes.");
  page.body += text_field("producer_id", "Producteur des données ouvertes\u202F: SIRET ou RNA (facultatif)",
                          s.producer_id, "maxlength=\"20\" autocomplete=\"off\" spellcheck=\"false\"", "text",
                          "Le SIRET (14 chiffres) de la structure qui publie le fichier des lieux de médiation "
                          "numérique, ou à défaut son numéro RNA (W suivi de 9 chiffres). Il entre dans le nom du "
                          "fichier.",
                          error_of(errors, "producer_id"));
  page.body += "<button type=\"submit\">Enregistrer</button></form>\n";
  HtmlTable t;
  t.headers = {"Lieu", "Adhérents"};
  t.label = "Lieux du réseau";
  t.empty_text = "Aucun lieu (escale-server site add).";
  for (const auto& site : network_sites(db)) {
    t.rows.push_back({"<a href=\"" + escape(site_base(site.id)) + "\">" + escape(site.name) + "</a>",
                      "<a href=\"" + escape(site_base(site.id)) + "/adherents\">Adhérents</a>"});
  }
  page.body += "<h2>Lieux du réseau</h2>" + table(t);
  page.body +=
      "<h2 id=\"conservation\">Durées de conservation</h2><p>Chaque nuit, Escale applique ces durées (en mois)\u202F: "
      "au-delà, un passage ne nomme plus l’adhérent, un adhérent sans aucune activité est prévenu puis anonymisé "
      "(son profil statistique reste), journaux et sessions sont supprimés. Les chiffres du tableau de bord ne "
      "changent pas.</p>";
  page.body += "<form class=\"panel\" method=\"post\" action=\"/reseau#conservation\">" + csrf_field(*ctx.session) +
               "<input type=\"hidden\" name=\"form\" value=\"conservation\">";
  for (const auto& f : kRetentionFields) {
    const auto it = typed.find(std::string(f.name));
    const std::string value = it != typed.end() ? it->second : std::to_string(retention.*f.months);
    page.body += text_field(f.name, f.label, value, "required inputmode=\"numeric\" maxlength=\"2\"", "text",
                            "De " + std::to_string(f.bound->min) + " à " + std::to_string(f.bound->max) + " mois.",
                            error_of(errors, f.name));
  }
  page.body += "<button type=\"submit\">Enregistrer les durées</button></form>\n";
  page.body += open_data_section(mediation_places(db), suggested_open_data_name(db, paris_civil_date(now())));
  return page_response(ctx, page, errors.empty() ? bh::status::ok : bh::status::unprocessable_entity);
}

// A page of the site, or of the member, with the gate's loaded records.
WebHandler on_site(Response (*page)(WebContext&, store::Database&, const Site&)) {
  return [page](WebContext& ctx) { return page(ctx, ctx.db(), *ctx.site); };
}

}  // namespace

void add_back_office_rows(WebRows& rows) {
  using api::WebAccess;
  const auto no_page = [](WebContext& ctx) { return not_found_page(ctx, "Cette page n’existe pas."); };
  rows.get("/lieux", WebAccess::Admin, [](WebContext& ctx) { return sites_list(ctx, ctx.db()); })
      .get("/adherents", WebAccess::Admin, network_members)
      .get("/reseau", WebAccess::Admin, network_page)
      .post("/reseau", WebAccess::Admin, network_page)
      .get("/lieux/{site}", WebAccess::StaffOfSite,
           [](WebContext& ctx) { return site_settings(ctx, ctx.db(), site_form(*ctx.site)); })
      .post("/lieux/{site}", WebAccess::StaffOfSite, site_post)
      .post("/lieux/{site}/ressources", WebAccess::StaffOfSite, resource_add)
      .post("/lieux/{site}/ressources/{resource}/anglais", WebAccess::StaffOfSite,
            [](WebContext& ctx) { return resource_change(ctx, "anglais"); })
      .post("/lieux/{site}/ressources/{resource}/retirer", WebAccess::StaffOfSite,
            [](WebContext& ctx) { return resource_change(ctx, "retirer"); })
      .post("/lieux/{site}/ressources/{resource}/remettre", WebAccess::StaffOfSite,
            [](WebContext& ctx) { return resource_change(ctx, "remettre"); })
      .get("/lieux/{site}/adherents", WebAccess::StaffOfSite, on_site(members_list))
      .get("/lieux/{site}/adherents/nouveau", WebAccess::StaffOfSite, on_site(member_new))
      .post("/lieux/{site}/adherents/nouveau", WebAccess::StaffOfSite, on_site(member_new))
      .get("/lieux/{site}/reservations", WebAccess::StaffOfSite, on_site(bookings_week))
      .get("/lieux/{site}/reservations/nouvelle", WebAccess::StaffOfSite, on_site(booking_new))
      .post("/lieux/{site}/reservations/nouvelle", WebAccess::StaffOfSite, on_site(booking_new));
  for (const bool cancel : {true, false}) {
    const auto pattern = std::string("/lieux/{site}/reservations/{booking}/") + (cancel ? "annuler" : "deplacer");
    const auto handler = [cancel](WebContext& ctx) { return booking_change(ctx, cancel); };
    rows.get(pattern, WebAccess::StaffOfSite, handler).post(pattern, WebAccess::StaffOfSite, handler);
  }
  rows.get("/lieux/{site}/agenda", WebAccess::StaffOfSite, on_site(agenda_week))
      .get("/lieux/{site}/agenda/rendez-vous", WebAccess::StaffOfSite, on_site(help_new))
      .post("/lieux/{site}/agenda/rendez-vous", WebAccess::StaffOfSite, on_site(help_new))
      .get("/adherents/{member}", WebAccess::StaffOfMember,
           [](WebContext& ctx) { return member_page(ctx, ctx.db(), *ctx.site, *ctx.member); })
      // The member's details, badges, data and erasure: the home site's staff only.
      .post("/adherents/{member}", WebAccess::StaffOfMemberHome, member_post)
      // A member's data export: blocking work, for the server's worker threads.
      .get("/adherents/{member}/export.json", WebAccess::StaffOfMemberHome, member_export)
      .blocking()
      .get("/adherents/{member}/effacer", WebAccess::StaffOfMemberHome,
           [](WebContext& ctx) { return erase_page(ctx, ctx.db(), *ctx.site, *ctx.member); })
      .post("/adherents/{member}/effacer", WebAccess::StaffOfMemberHome,
            [](WebContext& ctx) { return erase_page(ctx, ctx.db(), *ctx.site, *ctx.member); })
      .post("/adherents/{member}/badges", WebAccess::StaffOfMemberHome, badge_add)
      .post("/adherents/{member}/badges/{uid}/retirer", WebAccess::StaffOfMemberHome, badge_revoke)
      // Where the member badges, their roles at other sites: also an animator of a site they visited.
      .post("/adherents/{member}/lieux", WebAccess::StaffOfMember, member_sites_post)
      .post("/adherents/{member}/roles", WebAccess::StaffOfMember, member_roles_post)
      .post("/adherents/{member}/telephones/deconnecter", WebAccess::StaffOfMember, phone_sessions_post)
      // Any other address of the back office: its HTML 404, after the login and the role.
      .fallback("/lieux/{rest...}", WebAccess::Staff, no_page)
      .fallback("/adherents/{rest...}", WebAccess::Staff, no_page);
}

}  // namespace escale::server::web
