// « Mon espace »: the member's pages (see member_pages.hpp).
#include "web/member_pages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/api_kit.hpp"
#include "booking/booking.hpp"
#include "store/agenda.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/member_bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/public_help.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "text/log_text.hpp"
#include "time/french_format.hpp"
#include "time/iso_date.hpp"
#include "web/member_booking_pages.hpp"
#include "web/member_frame.hpp"
#include "web/member_move_pages.hpp"

namespace escale::server::web {
namespace {
// ---------------------------------------------------------------------------
// Asking for a link

Response link_request_page(const WebContext& ctx, std::string_view typed, std::string_view error,
                           bh::status status = bh::status::ok) {
  const auto token = make_token("");
  Page page;
  page.title = tr(ctx, "Mon espace", "My space");
  page.subtitle = tr(ctx, "Vos réservations sur votre téléphone, sans mot de passe.",
                     "Your bookings on your phone, with no password.");
  if (ctx.param("expiree") == "1")
    page.body += notice(NoticeKind::Info, escape(tr(ctx, "Votre session a pris fin : demandez un nouveau lien.",
                                                    "Your session has ended: ask for a new link.")));
  if (ctx.param("expiree") == "2") {
    page.body += notice(NoticeKind::Warning,
                        escape(tr(ctx,
                                  "Votre session avait pris fin : ce que vous veniez d’envoyer n’a pas été "
                                  "enregistré. Demandez un nouveau lien, puis recommencez.",
                                  "Your session had ended: what you just sent was not saved. Ask for a new link, "
                                  "then try again.")));
  }
  if (ctx.param("sortie") == "1")
    page.body += notice(NoticeKind::Success, escape(tr(ctx, "Vous êtes déconnecté·e.", "You are logged out.")));
  page.body += "<section class=\"panel\"><h2>" + escape(tr(ctx, "Au tiers-lieu", "At the space")) + "</h2><p>" +
               escape(tr(ctx,
                         "Passez votre badge à la borne, puis touchez « Sur mon téléphone » : scannez le code qui "
                         "s’affiche, vous êtes connecté·e.",
                         "Tap your badge at the kiosk, then « On my phone »: scan the code it shows and you are "
                         "logged in.")) +
               "</p></section>";
  page.body += "<form class=\"panel\" method=\"post\" action=\"/moi/connexion\" novalidate><h2>" +
               escape(tr(ctx, "Recevoir un lien", "Get a link")) + "</h2>" + form_token_field(token);
  page.body += text_field(
      "contact", tr(ctx, "Votre adresse e-mail ou votre numéro de portable", "Your e-mail address or mobile number"),
      typed, "required autocomplete=\"email\" autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"254\"", "text",
      tr(ctx, "Celui que vous avez donné à l’inscription. Exemple : 06 12 34 56 78",
         "The one you gave when you joined. Example: 06 12 34 56 78"),
      error);
  page.body += "<button type=\"submit\">" + escape(tr(ctx, "Recevoir mon lien", "Send me a link")) + "</button></form>";
  auto res = member_page(ctx, page, status);
  res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, token, ctx.options, std::chrono::hours(1)));
  return res;
}

Response link_request_post(WebContext& ctx) {
  const auto typed = ctx.field("contact");
  if (!form_token_ok(ctx)) {
    return link_request_page(
        ctx, typed, tr(ctx, "Ce formulaire a expiré : envoyez-le à nouveau.", "This form has expired: send it again."),
        bh::status::forbidden);
  }
  const auto contact = parse_contact(typed);
  if (!contact) {
    return link_request_page(ctx, typed,
                             tr(ctx,
                                "Tapez une adresse e-mail (comme marie@exemple.fr) ou un numéro de portable "
                                "français (comme 06 12 34 56 78).",
                                "Type an e-mail address (like marie@example.fr) or a French mobile number (like "
                                "06 12 34 56 78)."),
                             bh::status::bad_request);
  }
  const auto outcome = request_login_link(ctx.db(), *contact, ctx.client, ctx.now);
  if (outcome.throttled) {
    spdlog::info("web: login link requests held back for {} (too many)", log_text(ctx.client));
    auto res = link_request_page(ctx, typed,
                                 tr(ctx,
                                    "Trop de demandes de lien pour cette adresse ou depuis cet appareil : attendez "
                                    "une heure, ou passez votre badge à la borne du tiers-lieu.",
                                    "Too many link requests for this address or from this device: wait an hour, or "
                                    "tap your badge at the space's kiosk."),
                                 bh::status::too_many_requests);
    res.set(bh::field::retry_after, std::to_string(std::chrono::seconds(kRequestWindow).count()));
    return res;
  }
  if (outcome.queued > 0 && ctx.options.messages_queued) ctx.options.messages_queued();
  // The same answer whether or not the address is a member's (no one learns who is a member).
  Page page;
  page.title = tr(ctx, "Regardez vos messages", "Check your messages");
  page.body = notice(
      NoticeKind::Success,
      escape(contact->channel == LinkChannel::Email
                 ? tr(ctx,
                      "Si cette adresse est celle d’un membre, un e-mail avec votre lien vient de partir. Le lien "
                      "marche une seule fois, pendant 10 minutes.",
                      "If this address is a member's, an e-mail with your link is on its way. The link works once, "
                      "for 10 minutes.")
                 : tr(ctx,
                      "Si ce numéro est celui d’un membre, un SMS avec votre lien vient de partir. Le lien marche "
                      "une seule fois, pendant 10 minutes.",
                      "If this number is a member's, a text message with your link is on its way. The link works "
                      "once, for 10 minutes.")));
  page.body += "<p>" +
               escape(tr(ctx,
                         "Rien reçu au bout de quelques minutes ? Vérifiez l’adresse ou le numéro donné à "
                         "l’inscription, ou passez votre badge à la borne du tiers-lieu.",
                         "Nothing after a few minutes? Check the address or number you gave when you joined, or "
                         "tap your badge at the space's kiosk.")) +
               "</p><p><a href=\"/moi/connexion\">" + escape(tr(ctx, "Recommencer", "Start again")) + "</a></p>";
  return member_page(ctx, page);
}

// ---------------------------------------------------------------------------
// Opening a link

Html link_problem_text(const WebContext& ctx, LinkProblem p) {
  switch (p) {
    case LinkProblem::Used:
      return escape(tr(ctx,
                       "Ce lien a déjà servi : un lien ne s’ouvre qu’une fois. Demandez-en un nouveau ci-dessous, ou "
                       "passez votre badge à la borne.",
                       "This link has been used already: a link opens only once. Ask for a new one below, or tap "
                       "your badge at the kiosk."));
    case LinkProblem::Expired:
      return escape(tr(ctx,
                       "Ce lien a expiré : il marche 10 minutes. Demandez-en un nouveau ci-dessous, ou passez votre "
                       "badge à la borne.",
                       "This link has expired: it works for 10 minutes. Ask for a new one below, or tap your badge "
                       "at the kiosk."));
    case LinkProblem::MemberGone:
      return escape(tr(ctx, "Ce lien ne mène plus à une adhésion : demandez à l’accueil du tiers-lieu.",
                       "This link no longer leads to a membership: ask at the space's front desk."));
    case LinkProblem::Unknown:
    case LinkProblem::None:
      break;
  }
  return escape(tr(ctx,
                   "Ce lien n’est pas valable : il est peut-être incomplet. Copiez-le en entier, ou demandez-en un "
                   "nouveau ci-dessous.",
                   "This link is not valid: it may be incomplete. Copy all of it, or ask for a new one below."));
}

Response link_problem_page(const WebContext& ctx, LinkProblem p) {
  Page page;
  page.title = tr(ctx, "Lien de connexion", "Login link");
  page.body = notice(NoticeKind::Warning, link_problem_text(ctx, p));
  page.body += "<p><a class=\"button\" href=\"/moi/connexion\">" +
               escape(tr(ctx, "Recevoir un nouveau lien", "Get a new link")) + "</a></p>";
  return member_page(ctx, page, p == LinkProblem::Unknown ? bh::status::not_found : bh::status::gone);
}

Response link_page(WebContext& ctx) {
  const auto& token = ctx.route_param("token");
  if (const auto problem = check_login_link(ctx.db(), token, ctx.now); problem != LinkProblem::None)
    return link_problem_page(ctx, problem);
  const auto form = make_token("");
  Page page;
  page.title = tr(ctx, "Ouvrir Mon espace", "Open My space");
  page.body = "<form class=\"panel\" method=\"post\" action=\"/moi/lien/" + escape(token) + "\">" +
              form_token_field(form) + "<p>" +
              escape(tr(ctx,
                        "Touchez le bouton pour ouvrir vos réservations sur ce téléphone. Vous resterez connecté·e "
                        "90 jours sur cet appareil.",
                        "Tap the button to open your bookings on this phone. You will stay logged in for 90 days on "
                        "this device.")) +
              "</p><button type=\"submit\">" + escape(tr(ctx, "Ouvrir Mon espace", "Open My space")) +
              "</button></form>";
  auto res = member_page(ctx, page);
  res.set(bh::field::set_cookie, set_cookie(kLinkFormCookie, form, ctx.options, std::chrono::hours(1)));
  return res;
}

Response link_post(WebContext& ctx) {
  const auto& token = ctx.route_param("token");
  if (!form_token_ok(ctx)) {
    // The button of another site, or a page older than its cookie: show the link's page again.
    return link_page(ctx);
  }
  const auto ua = ctx.req.find(bh::field::user_agent);
  const auto outcome = redeem_login_link(
      ctx.db(), token,
      device_label(ua == ctx.req.end() ? std::string_view() : std::string_view(ua->value().data(), ua->value().size())),
      ctx.now);
  if (!outcome.session) return link_problem_page(ctx, outcome.problem);
  spdlog::info("web: member {} opened a phone session ({}) from {}", outcome.session->member.id,
               to_string(outcome.session->via), log_text(ctx.client));
  auto res = redirect(ctx.req, "/moi");
  res.insert(bh::field::set_cookie, set_cookie(kMemberCookie, outcome.session->token, ctx.options,
                                               std::chrono::duration_cast<std::chrono::seconds>(kMemberSessionLength)));
  res.insert(bh::field::set_cookie, clear_cookie(kLinkFormCookie, ctx.options));
  return res;
}

// ---------------------------------------------------------------------------
// « Mon espace »

std::string status_text(const WebContext& ctx, BookingStatus s) {
  switch (s) {
    case BookingStatus::Pending:
      return tr(ctx, "en attente", "pending");
    case BookingStatus::Confirmed:
      return tr(ctx, "confirmée", "confirmed");
    case BookingStatus::CheckedIn:
      return tr(ctx, "vous êtes arrivé·e", "checked in");
    case BookingStatus::Cancelled:
      return tr(ctx, "annulée", "cancelled");
    case BookingStatus::NoShow:
      return tr(ctx, "place libérée (absence)", "released (no-show)");
    case BookingStatus::Refused:
      return tr(ctx, "refusée", "refused");
  }
  return {};
}

Html flash(const WebContext& ctx) {
  const auto done = ctx.param("fait");
  if (done == "annulee")
    return notice(NoticeKind::Success, escape(tr(ctx, "La réservation est annulée.", "The booking is cancelled.")));
  if (done == "choix")
    return notice(NoticeKind::Success, escape(tr(ctx, "Vos choix sont enregistrés.", "Your choices are saved.")));
  if (done == "serie") {
    return notice(NoticeKind::Success,
                  escape(tr(ctx, "La réservation répétée est arrêtée : ses prochains jours sont annulés.",
                            "The weekly booking is stopped: its next days are cancelled.")));
  }
  if (done == "place")
    return notice(NoticeKind::Success, escape(tr(ctx, "La place est à vous.", "The place is yours.")));
  if (done == "attente")
    return notice(NoticeKind::Success,
                  escape(tr(ctx, "Vous n’attendez plus cette place.", "You no longer wait for this place.")));
  if (done == "rendez-vous") {
    return notice(NoticeKind::Success, escape(tr(ctx, "Le rendez-vous est annulé : merci de l’avoir dit.",
                                                 "The appointment is cancelled: thank you for saying so.")));
  }
  if (done == "session")
    return notice(NoticeKind::Success, escape(tr(ctx, "La session est fermée.", "The session is closed.")));
  return {};
}

Html bookings_section(WebContext& ctx) {
  const auto& me = ctx.member_session->member;
  BookingQuery q;
  q.member_id = me.id;
  const auto today = paris_civil_date(ctx.now);
  q.from_date = to_iso_date(today);
  auto bookings = list_bookings(ctx.db(), q);
  std::erase_if(bookings, [&](const Booking& b) {
    return b.end <= ctx.now || b.status == BookingStatus::Cancelled || b.status == BookingStatus::Refused;
  });
  std::sort(bookings.begin(), bookings.end(), [](const Booking& a, const Booking& b) { return a.start < b.start; });
  Html out = "<section class=\"panel\" aria-labelledby=\"mes-reservations\"><h2 id=\"mes-reservations\">" +
             escape(tr(ctx, "Mes réservations", "My bookings")) +
             "</h2><p><a class=\"button\" href=\"/moi/reserver\">" +
             escape(tr(ctx, "Réserver un bureau ou la salle visio", "Book a desk or the video room")) + "</a></p>";
  if (bookings.empty()) {
    out += "<p>" + escape(tr(ctx, "Aucune réservation à venir.", "No upcoming booking.")) + "</p>";
  } else {
    out += "<ul class=\"cards\">";
    for (const auto& b : bookings) {
      const auto resource = find_resource(ctx.db(), b.resource_id);
      const auto site = find_site(ctx.db(), b.site_id);
      std::string what =
          resource
              ? (language(ctx) == Language::English && !resource->name_en.empty() ? resource->name_en : resource->name)
              : tr(ctx, "Ressource", "Resource");
      out += "<li class=\"card\"><p class=\"when\">" + escape(time_range(ctx, b.start, b.end)) + "</p><p>" +
             escape(what) + (site ? " — " + escape(site->name) : Html()) + "</p><p class=\"muted\">" +
             escape(status_text(ctx, b.status)) + "</p><div class=\"actions\"><a href=\"/ics/bookings/" + escape(b.id) +
             ".ics\">" + escape(tr(ctx, "Ajouter à mon agenda (.ics)", "Add to my calendar (.ics)")) + "</a>";
      if (!check_cancel(b, ctx.now)) {
        out += " <a class=\"button secondary\" href=\"/moi/reservations/" + escape(b.id) + "/deplacer\">" +
               escape(tr(ctx, "Déplacer", "Move")) + "</a>";
        out += "<form class=\"inline\" method=\"post\" action=\"/moi/reservations/" + escape(b.id) + "/annuler\">" +
               member_csrf_field(ctx) + "<button type=\"submit\" class=\"secondary\">" +
               escape(tr(ctx, "Annuler cette réservation", "Cancel this booking")) +
               "<span class=\"visually-hidden\"> — " + escape(what) + ", " + escape(time_range(ctx, b.start, b.end)) +
               "</span></button></form>";
      }
      out += "</div></li>";
    }
    out += "</ul>";
  }
  const auto series = member_series(ctx.db(), me.id, ctx.now);
  if (!series.empty()) {
    out += "<h3>" + escape(tr(ctx, "Chaque semaine", "Every week")) + "</h3><ul class=\"cards\">";
    for (const auto& s : series) {
      const auto site = find_site(ctx.db(), s.wish.site_id);
      const std::string what = s.wish.kind == ResourceKind::Desk ? tr(ctx, "Un bureau", "A desk")
                                                                 : tr(ctx, "La salle visio", "The video room");
      out += "<li class=\"card\"><p>" + escape(what) + (site ? " — " + escape(site->name) : Html()) +
             "</p><p class=\"muted\">" +
             escape(tr(ctx, "Du ", "From ") + day_label(ctx, s.first) + tr(ctx, " au ", " to ") +
                    day_label(ctx, s.until)) +
             "</p><form class=\"inline\" method=\"post\" action=\"/moi/series/" + Html::number(s.id) + "/arreter\">" +
             member_csrf_field(ctx) + "<button type=\"submit\" class=\"secondary\">" +
             escape(tr(ctx, "Arrêter chaque semaine", "Stop every week")) + "</button></form></li>";
    }
    out += "</ul>";
  }
  // The feed's token is stored hashed (issue 19): its address is shown once, when it is made (calendar_post).
  const bool has_feed = has_calendar_token(ctx.db(), me.id);
  out += "<form class=\"inline\" method=\"post\" action=\"/moi/calendrier\"><p class=\"muted\">" +
         escape(has_feed
                    ? tr(ctx,
                         "Vos réservations sont dans votre calendrier d’abonnement. Adresse perdue ou partagée\u202F? ",
                         "Your bookings are in your subscribed calendar. Lost or shared its address? ")
                    : tr(ctx, "Toutes vos réservations dans l’agenda de votre téléphone\u202F: ",
                         "All your bookings in your phone's calendar: ")) +
         member_csrf_field(ctx) + "<button type=\"submit\" class=\"secondary\">" +
         escape(has_feed ? tr(ctx, "Nouvelle adresse (l’ancienne cessera de marcher)",
                              "New address (the old one will stop working)")
                         : tr(ctx, "Obtenir l’adresse de mon calendrier", "Get my calendar's address")) +
         "</button></p></form></section>";
  return out;
}

// The member's help appointments to come (the agenda's participants who are this member).
Html appointments_section(WebContext& ctx) {
  const auto me = ctx.member_session->member.id;
  const auto appointments = member_appointments(ctx.db(), me, ctx.now);
  if (appointments.empty()) return {};
  Html out = "<section class=\"panel\" aria-labelledby=\"mes-rendez-vous\"><h2 id=\"mes-rendez-vous\">" +
             escape(tr(ctx, "Mes rendez-vous d’aide", "My help appointments")) + "</h2><ul class=\"cards\">";
  for (const auto& a : appointments) {
    const auto p = std::find_if(a.participants.begin(), a.participants.end(), [&](const mediation::Participant& x) {
      return x.member_id == me && (mediation::holds_seat(x.status) || x.waiting);
    });
    if (p == a.participants.end()) continue;
    const auto site = find_site(ctx.db(), a.site_id);
    const auto type = find_appointment_type(ctx.db(), a.type_id);
    const auto mediator = find_member(ctx.db(), a.mediator_id);
    const bool english = language(ctx) == Language::English;
    std::string what = !a.title.empty() ? (english && !a.title_en.empty() ? a.title_en : a.title)
                       : type           ? (english && !type->name_en.empty() ? type->name_en : type->name)
                                        : tr(ctx, "Rendez-vous d’aide", "Help appointment");
    out += "<li class=\"card\"><p class=\"when\">" + escape(time_range(ctx, a.start, a.end())) + "</p><p>" +
           escape(what) + (site ? " — " + escape(site->name) : Html()) + "</p>";
    if (mediator) out += "<p>" + escape(tr(ctx, "Avec ", "With ") + mediator->first_name) + "</p>";
    if (!p->topics.empty()) {
      std::string topics;
      for (const auto t : p->topics) {
        if (!topics.empty()) topics += ", ";
        topics += mediation::help_topic_label(t, language(ctx));
      }
      out += "<p class=\"muted\">" + escape(tr(ctx, "Pour : ", "About: ") + topics) + "</p>";
    }
    if (p->waiting)
      out += "<p class=\"muted\">" + escape(tr(ctx, "Sur la liste d’attente", "On the waiting list")) + "</p>";
    out += "<div class=\"actions\"><a href=\"/ics/appointments/" + escape(a.id) + ".ics\">" +
           escape(tr(ctx, "Ajouter à mon agenda (.ics)", "Add to my calendar (.ics)")) + "</a>";
    if (!mediation::check_participant_cancel(a, ctx.now)) {
      out += "<form class=\"inline\" method=\"post\" action=\"/moi/rendez-vous/" + escape(p->id) + "/annuler\">" +
             member_csrf_field(ctx) + "<button type=\"submit\" class=\"secondary\">" +
             escape(tr(ctx, "Annuler ce rendez-vous", "Cancel this appointment")) +
             "<span class=\"visually-hidden\"> — " + escape(what) + ", " + escape(time_range(ctx, a.start, a.end())) +
             "</span></button></form></div>";
    } else {
      const auto info = find_site_mediation(ctx.db(), a.site_id);
      const std::string phone = info && !info->phone.empty() ? mediation::format_phone(info->phone) : std::string();
      out += "</div><p class=\"muted\">" +
             escape(phone.empty()
                        ? tr(ctx, "Pour annuler maintenant, appelez le lieu.", "To cancel now, call the place.")
                        : tr(ctx, "Pour annuler maintenant, appelez le lieu au ", "To cancel now, call the place on ") +
                              phone + ".") +
             "</p>";
    }
    out += "</li>";
  }
  return out + "</ul></section>";
}

Html preferences_section(WebContext& ctx) {
  const auto& me = ctx.member_session->member;
  const auto prefs = member_preferences(ctx.db(), me.id);
  Html out = "<section class=\"panel\" aria-labelledby=\"mes-messages\"><h2 id=\"mes-messages\">" +
             escape(tr(ctx, "Mes messages", "My messages")) +
             "</h2><form method=\"post\" action=\"/moi/preferences\">" + member_csrf_field(ctx) + "<fieldset><legend>" +
             escape(tr(ctx, "Recevoir les messages", "Receive messages")) + "</legend>";
  auto radio = [&](NotifyChannel c, const std::string& label, bool available) {
    const auto value = std::string(to_string(c));
    Html r = "<label class=\"choice\"><input type=\"radio\" name=\"canal\" value=\"" + escape(value) + "\"";
    if (prefs.channel == c) r += " checked";
    if (!available) r += " disabled";
    r += "> " + escape(label) + "</label>";
    return r;
  };
  out += radio(NotifyChannel::Email,
               me.email ? tr(ctx, "par e-mail (", "by e-mail (") + *me.email + ")"
                        : tr(ctx, "par e-mail (pas d’adresse donnée)", "by e-mail (no address given)"),
               me.email.has_value());
  out += radio(NotifyChannel::Sms,
               me.phone ? tr(ctx, "par SMS (", "by text message (") + *me.phone + ")"
                        : tr(ctx, "par SMS (pas de numéro donné)", "by text message (no number given)"),
               me.phone.has_value());
  out += radio(NotifyChannel::None, tr(ctx, "aucun message", "no messages"), true);
  out += "</fieldset><fieldset><legend>" + escape(tr(ctx, "Quels messages", "Which messages")) + "</legend>";
  out += "<label class=\"choice\"><input type=\"checkbox\" name=\"confirmations\" value=\"1\"" +
         (prefs.confirmations ? Html(" checked") : Html()) + "> " +
         escape(tr(ctx, "la confirmation de chaque réservation", "a confirmation of each booking")) + "</label>";
  out += "<label class=\"choice\"><input type=\"checkbox\" name=\"rappels\" value=\"1\"" +
         (prefs.reminders ? Html(" checked") : Html()) + "> " +
         escape(tr(ctx, "un rappel la veille au soir", "a reminder the evening before")) + "</label>";
  out += "</fieldset><button type=\"submit\">" + escape(tr(ctx, "Enregistrer mes choix", "Save my choices")) +
         "</button></form><p class=\"muted\">" +
         escape(tr(ctx, "Pour changer d’adresse ou de numéro, demandez à l’accueil du tiers-lieu.",
                   "To change your address or number, ask at the space's front desk.")) +
         "</p></section>";
  return out;
}

Html sessions_section(WebContext& ctx) {
  const auto& me = ctx.member_session->member;
  const auto sessions = list_member_sessions(ctx.db(), me.id, ctx.now);
  Html out = "<section class=\"panel\" aria-labelledby=\"mes-sessions\"><h2 id=\"mes-sessions\">" +
             escape(tr(ctx, "Mes appareils connectés", "My logged-in devices")) + "</h2><ul class=\"cards\">";
  for (const auto& s : sessions) {
    const bool here = s.id == ctx.member_session->id;
    // The device's description is French (« Firefox sur Android »): say so on an English page (RGAA 8.7).
    out += "<li class=\"card\"><p><strong" + (language(ctx) == Language::English ? Html(" lang=\"fr\"") : Html()) +
           ">" + escape(s.device) + "</strong>" +
           (here ? " — " + escape(tr(ctx, "cet appareil", "this device")) : Html()) + "</p><p class=\"muted\">" +
           escape(tr(ctx, "Connecté le ", "Logged in on ") + day_and_time(ctx, s.created_at) +
                  tr(ctx, ", dernière visite le ", ", last visit on ") + day_and_time(ctx, s.last_seen_at)) +
           "</p>";
    if (!here) {
      out += "<form class=\"inline\" method=\"post\" action=\"/moi/sessions/" + Html::number(s.id) + "/fermer\">" +
             member_csrf_field(ctx) + "<button type=\"submit\" class=\"secondary\">" +
             escape(tr(ctx, "Déconnecter cet appareil", "Log this device out")) +
             "<span class=\"visually-hidden\"> — " + escape(s.device) + "</span></button></form>";
    }
    out += "</li>";
  }
  out += "</ul><p class=\"muted\">" +
         escape(tr(ctx,
                   "Un appareil perdu ? Déconnectez-le ici, ou demandez à l’accueil du tiers-lieu. Une session dure "
                   "90 jours.",
                   "Lost a device? Log it out here, or ask at the space's front desk. A session lasts 90 days.")) +
         "</p></section>";
  return out;
}

Response home_page(WebContext& ctx) {
  const auto& me = ctx.member_session->member;
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "Bonjour ", "Hello ") + me.first_name + tr(ctx, "\u202F!", "!");
  page.subtitle = tr(ctx, "Mon espace", "My space");
  page.body = flash(ctx) + waits_section(ctx) + bookings_section(ctx) + appointments_section(ctx) +
              preferences_section(ctx) + sessions_section(ctx);
  page.body += "<section class=\"panel\" aria-labelledby=\"mes-donnees\"><h2 id=\"mes-donnees\">" +
               escape(tr(ctx, "Mes données", "My data")) + "</h2><p>" +
               escape(tr(ctx, "Tout ce que le tiers-lieu garde sur vous, dans un fichier : ",
                         "Everything the space keeps about you, in one file: ")) +
               "<a href=\"/moi/donnees.json\" download>" + escape(tr(ctx, "télécharger", "download")) +
               "</a>.</p></section>";
  return member_page(ctx, page);
}

// « Obtenir l’adresse de mon calendrier »: a new feed token (the old address stops working), shown on this page
// only: it is stored hashed and cannot be shown again.
Response calendar_post(WebContext& ctx) {
  const auto token = issue_calendar_token(ctx.db(), ctx.member_session->member.id, ctx.now);
  const std::string path = "/ics/members/" + token + ".ics";
  const std::string address = ctx.options.public_url.get() + path;
  Page page;
  page.nav = "moi";
  page.title = tr(ctx, "L’adresse de mon calendrier", "My calendar's address");
  page.subtitle = tr(ctx, "Mon espace", "My space");
  page.body =
      "<section class=\"panel\"><p>" +
      escape(tr(ctx,
                "Dans l’agenda de votre téléphone, choisissez «\u202FS’abonner à un calendrier\u202F» et collez "
                "cette adresse\u202F:",
                "In your phone's calendar, choose \"Subscribe to a calendar\" and paste this address:")) +
      "</p><p><code>" + escape(address) + "</code></p><p><a href=\"" + escape(path) + "\">" +
      escape(tr(ctx, "Ouvrir ce calendrier", "Open this calendar")) + "</a></p><p class=\"muted\">" +
      escape(tr(ctx,
                "Elle n’est affichée qu’une fois\u202F: notez-la maintenant. C’est une adresse personnelle, "
                "ne la partagez pas.",
                "It is shown only once: copy it now. It is a personal address: do not share it.")) +
      "</p><p><a class=\"button\" href=\"/moi\">" + escape(tr(ctx, "Retour à mon espace", "Back to my space")) +
      "</a></p></section>";
  return member_page(ctx, page);
}

Response cancel_post(WebContext& ctx) {
  const auto& id = ctx.route_param("booking");
  const auto booking = find_booking(ctx.db(), id);
  if (!booking || booking->member_id != ctx.member_session->member.id) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Réservation introuvable", "Booking not found"),
        escape(tr(ctx, "Cette réservation n’est pas dans votre espace.", "This booking is not in your space.")));
  }
  const auto outcome = cancel_booking(ctx.db(), id, Actor{}, ctx.now);
  if (outcome.ok() && ctx.options.places_freed) ctx.options.places_freed();
  if (!outcome.ok()) {
    return member_error_page(
        ctx, bh::status::conflict, tr(ctx, "Annulation impossible", "Cannot cancel"),
        escape(tr(ctx, "Cette réservation ne peut plus être annulée : ", "This booking can no longer be cancelled: ") +
               (booking->status == BookingStatus::Cancelled
                    ? tr(ctx, "elle l’est déjà.", "it already is.")
                    : tr(ctx, "elle a déjà commencé.", "it has already started."))));
  }
  return redirect(ctx.req, "/moi?fait=annulee");
}

Response cancel_appointment_post(WebContext& ctx) {
  const auto& pid = ctx.route_param("participant");
  const auto a = appointment_of_participant(ctx.db(), pid);
  const auto me = ctx.member_session->member.id;
  const mediation::Participant* p = nullptr;
  if (a)
    for (const auto& x : a->participants)
      if (x.id == pid && x.member_id == me) p = &x;
  if (p == nullptr) {
    return member_error_page(
        ctx, bh::status::not_found, tr(ctx, "Rendez-vous introuvable", "Appointment not found"),
        escape(tr(ctx, "Ce rendez-vous n’est pas dans votre espace.", "This appointment is not in your space.")));
  }
  if (!mediation::holds_seat(p->status) && !p->waiting) {
    return member_error_page(
        ctx, bh::status::conflict, tr(ctx, "Annulation impossible", "Cannot cancel"),
        escape(tr(ctx, "Ce rendez-vous est déjà annulé.", "This appointment is already cancelled.")));
  }
  const auto outcome = cancel_participation(ctx.db(), a->id, pid, Actor{}, ctx.now);
  if (!outcome.ok()) {
    return member_error_page(ctx, bh::status::conflict, tr(ctx, "Annulation impossible", "Cannot cancel"),
                             escape(mediation::help_refusal_reason(
                                 outcome.refusal.value_or(mediation::HelpRefusal::NotCancellable), language(ctx))));
  }
  spdlog::info("web: help participant {} cancelled from « Mon espace »", pid);
  return redirect(ctx.req, "/moi?fait=rendez-vous");
}

Response preferences_post(WebContext& ctx) {
  MemberPreferences prefs;
  const auto channel = parse_notify_channel(ctx.field("canal"));
  if (!channel) {
    return member_error_page(ctx, bh::status::bad_request, tr(ctx, "Choix incomplet", "Incomplete choice"),
                             escape(tr(ctx, "Choisissez e-mail, SMS ou aucun message, puis enregistrez.",
                                       "Choose e-mail, text message or no messages, then save.")));
  }
  prefs.channel = *channel;
  prefs.confirmations = ctx.field("confirmations") == "1";
  prefs.reminders = ctx.field("rappels") == "1";
  const auto saved = set_member_preferences(ctx.db(), ctx.member_session->member.id, prefs, ctx.now);
  if (!saved)
    return member_error_page(ctx, bh::status::bad_request, tr(ctx, "Choix impossible", "Cannot save"),
                             escape(saved.error()));
  return redirect(ctx.req, "/moi?fait=choix#mes-messages");
}

Response end_session_post(WebContext& ctx) {
  const auto id = api::parse_id(ctx.route_param("session"));
  if (!id || !end_member_session(ctx.db(), ctx.member_session->member.id, *id, ctx.now)) {
    return member_error_page(ctx, bh::status::not_found, tr(ctx, "Session introuvable", "Session not found"),
                             escape(tr(ctx, "Cette session est déjà fermée.", "This session is already closed.")));
  }
  return redirect(ctx.req, "/moi?fait=session#mes-sessions");
}

Response log_out_post(WebContext& ctx) {
  end_member_session(ctx.db(), cookie(ctx.req, kMemberCookie).value_or(""), ctx.now);
  auto res = redirect(ctx.req, "/moi/connexion?sortie=1");
  res.set(bh::field::set_cookie, clear_cookie(kMemberCookie, ctx.options));
  return res;
}

Response data_download(WebContext& ctx) {
  const auto data = member_data_export(ctx.db(), ctx.member_session->member.id);
  if (!data) return member_error_page(ctx, bh::status::not_found, "Données", escape("Rien à exporter."));
  return download(ctx.req, *data, "application/json; charset=utf-8", "mes-donnees-escale.json");
}

Response language_switch(WebContext& ctx) {
  const auto& lang = ctx.route_param("lang");
  if (lang != "fr" && lang != "en")
    return member_error_page(ctx, bh::status::not_found, "Page introuvable", "Cette page n’existe pas.");
  // Back to the page the switch was on (a public page, « Mon espace »…) when the browser says it was one of
  // this server's: the path of a same-origin Referer, made of URL characters only; else « Mon espace ».
  std::string back = "/moi";
  const auto referer = ctx.req.find(bh::field::referer);
  if (referer != ctx.req.end() && same_origin(ctx.req)) {
    const std::string_view url(referer->value().data(), referer->value().size());
    const auto scheme = url.find("://");
    const auto path = scheme == std::string_view::npos ? std::string_view::npos : url.find('/', scheme + 3);
    if (path != std::string_view::npos) {
      const auto candidate = url.substr(path);
      const bool plain = candidate.size() < 1024 && !candidate.starts_with("//") &&
                         candidate.find('\\') == std::string_view::npos &&
                         std::all_of(candidate.begin(), candidate.end(), [](char c) {
                           const auto u = static_cast<unsigned char>(c);
                           return u > 0x20 && u < 0x7F && c != '"' && c != '<' && c != '>';
                         });
      if (plain && !candidate.starts_with("/moi/langue/")) back = std::string(candidate);
    }
  }
  auto res = redirect(ctx.req, back);
  res.set(bh::field::set_cookie, set_cookie(kLanguageCookie, lang, ctx.options, std::chrono::hours(24 * 365)));
  return res;
}

}  // namespace

std::string device_label(std::string_view ua) {
  auto has = [&](std::string_view s) { return ua.find(s) != std::string_view::npos; };
  std::string browser = has("Firefox/")                     ? "Firefox"
                        : has("SamsungBrowser/")            ? "Samsung Internet"
                        : has("Edg/")                       ? "Edge"
                        : has("OPR/")                       ? "Opera"
                        : has("Chromium/")                  ? "Chromium"
                        : has("Chrome/") || has("CriOS/")   ? "Chrome"
                        : has("Safari/") && has("Version/") ? "Safari"
                                                            : "";
  std::string system = has("Android")                        ? "Android"
                       : has("iPhone")                       ? "iPhone"
                       : has("iPad")                         ? "iPad"
                       : has("Windows")                      ? "Windows"
                       : has("Mac OS X") || has("Macintosh") ? "Mac"
                       : has("CrOS")                         ? "ChromeOS"
                       : has("Linux")                        ? "Linux"
                                                             : "";
  if (browser.empty() && system.empty()) return "Navigateur inconnu";
  if (browser.empty()) return "Navigateur sur " + system;
  if (system.empty()) return browser;
  return browser + " sur " + system;
}

void add_member_rows(WebRows& rows) {
  using api::WebAccess;
  rows.get("/moi/connexion", WebAccess::Public,
           [](WebContext& ctx) {
             if (const auto token = cookie(ctx.req, kMemberCookie)) {
               if (find_member_session(ctx.db(), *token, ctx.now)) return redirect(ctx.req, "/moi");
             }
             return link_request_page(ctx, "", "");
           })
      .post("/moi/connexion", WebAccess::Public, link_request_post)
      .get("/moi/lien/{token}", WebAccess::Public, link_page)
      .post("/moi/lien/{token}", WebAccess::Public, link_post)
      .get("/moi/langue/{lang}", WebAccess::Public, language_switch)
      .get("/moi", WebAccess::MemberSession, home_page)
      .post("/moi/reservations/{booking}/annuler", WebAccess::MemberSession, cancel_post)
      .post("/moi/rendez-vous/{participant}/annuler", WebAccess::MemberSession, cancel_appointment_post)
      .post("/moi/preferences", WebAccess::MemberSession, preferences_post)
      .post("/moi/calendrier", WebAccess::MemberSession, calendar_post)
      .post("/moi/sessions/{session}/fermer", WebAccess::MemberSession, end_session_post)
      .post("/moi/deconnexion", WebAccess::MemberSession, log_out_post)
      .get("/moi/donnees.json", WebAccess::MemberSession, data_download);
  add_member_booking_rows(rows);
  add_member_move_rows(rows);
}

}  // namespace escale::server::web
