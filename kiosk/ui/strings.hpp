// Every sentence the kiosk shows, in French first and in English.
//
// French follows kiosk-ux.md: plain words, « vous », one idea per sentence,
// a narrow no-break space (U+202F) before « ! ? : ; » and inside « », the
// apostrophe ’. Sentences that carry a name, a time or a duration are built
// by the helpers below so the typography stays right around them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/kiosk_app.hpp"
#include "time/clock.hpp"
#include "time/french_format.hpp"

namespace escale::kiosk::ui {

// Fixed texts. Keep Count_ last: tests walk the whole catalogue.
enum class Text {
  DefaultSiteName,    // « Escale », when the site has no name yet
  TapYourBadge,       // the attract screen's call to action
  TapYourBadgeHint,   // how to do it
  NoBadge,            // the question next to « Je suis de passage »
  WalkInButton,       // « Je suis de passage »
  LanguageToggle,     // the name of the *other* language, in that language
  ReaderUnavailable,  // the reader is down: what the visitor can do
  GreetingNext,       // after a check-in: what to do when leaving
  DoneButton,         // « Terminé »
  AlreadyHereTitle,   // a second tap right after check-in
  AlreadyHereNothingToDo,
  GoodbyeRecorded,  // the check-out is recorded
  GoodbyeThanks,    // « Merci et à bientôt. »
  UnknownBadgeTitle,
  UnknownBadgeLine,  // « Ce badge n’est pas encore enregistré. »
  UnknownBadgeAsk,   // what to do about it
  NotHereLine,       // a member whose membership does not include this site
  NotHereNone,       // … and no other site is known here: ask at the desk
  NotHereAsk,        // a mistake? ask at the desk
  BackHomeButton,    // « Retour à l’accueil »
  WalkInTitle,       // « Bienvenue ! »
  WalkInCounted,
  WalkInHelp,
  // ---- member menu (greeting, already here, goodbye)
  BookDeskButton,      // « Réserver un bureau »
  BookVisioButton,     // « Réserver la salle visio »
  MyBookingsButton,    // « Mes réservations »
  NoticesReadButton,   // « J’ai compris », under a refused booking's notice
  TodayBookingsIntro,  // « Vos réservations aujourd’hui : »
  // ---- booking steps
  BackButton,          // « Retour »
  Today,               // « Aujourd’hui » (a day button)
  Tomorrow,            // « Demain »
  DayClosed,           // « fermé » (after a day)
  DayFull,             // « complet »
  WhichDay,            // « quel jour ? » (after « Réserver un bureau : »)
  Morning,             // grid column « Matin »
  Afternoon,           // « Après-midi »
  WholeDay,            // « Journée »
  CellFree,            // « Libre »
  CellTaken,           // « Pris »
  CellMine,            // « À vous »
  CellClosed,          // « Fermé » (that part of the day)
  WhatTime,            // « à quelle heure ? »
  HowLong,             // « pour combien de temps ? »
  NoTimeLeft,          // nothing to choose on that day
  BookButton,          // « Réserver »
  BookedPendingTitle,  // « C’est noté. »
  BookedPendingLine,   // « La réservation est en attente de confirmation. »
  RefusedTitle,        // « Ce n’est pas possible. »
  TryAnotherTime,      // « Vous pouvez choisir un autre moment. »
  ChooseAnotherTime,   // « Choisir un autre moment » (button)
  QrHint,              // « Pour l’ajouter à l’agenda de votre téléphone, scannez ce code. »
  MyBookingsTitle,     // « Mes réservations »
  NoBookings,          // « Vous n’avez pas de réservation à venir. »
  NoBookingsHint,      // « Pour réserver, touchez un bouton ci-dessous. »
  CancelButton,        // « Annuler »
  YesCancel,           // « Oui, annuler »
  NoKeep,              // « Non, garder »
  StatusConfirmed,     // « confirmée »
  StatusPending,       // « en attente de confirmation »
  StatusCheckedIn,     // « en cours »
  StatusCancelled,     // « annulée »
  StatusNoShow,        // « non honorée »
  StatusRefused,       // « refusée »
  // ---- animator mode
  AnimatorMode,          // « Mode animation » (title and header marker)
  PinAsk,                // « Tapez votre code. »
  NewBookingButton,      // « Nouvelle réservation »
  NewBadgeButton,        // « Nouveau badge »
  NewMemberButton,       // « Nouveau membre »
  WalkInRecordButton,    // « Visiteur de passage »
  LeaveAnimatorButton,   // « Quitter le mode animation »
  NeverSynced,           // « Pas encore de synchronisation. »
  WhoIsHereTitle,        // « Qui est là »
  NobodyHere,            // « Personne n’est là pour l’instant. »
  CheckOutButton,        // « Faire sortir »
  TodayBookingsTitle,    // « Réservations du jour »
  NoBookingsToday,       // « Aucune réservation aujourd’hui. »
  MoveButton,            // « Déplacer »
  PickForBooking,        // « Nouvelle réservation : pour qui ? »
  PickForBadge,          // « Nouveau badge : pour qui ? »
  PickHint,              // « Tapez le début du nom. »
  PickNoMatch,           // « Aucun membre trouvé. »
  SkipBadgeButton,       // « Sans badge pour l’instant »
  NewMemberTitle,        // « Nouveau membre »
  SaveButton,            // « Enregistrer »
  YesButton,             // « Oui »
  YesCheckOut,           // « Oui, faire sortir »
  NoButton,              // « Non »
  DoneTitle,             // « C’est fait. »
  BadgeTakenTitle,       // « Badge déjà utilisé »
  BadgeTakenAdvice,      // what to do then
  WalkInRecorded,        // « Passage d’un visiteur enregistré. »
  BackToAnimatorButton,  // « Retour au mode animation »
  SwitchToVisio,         // animator booking for a member: « Plutôt la salle visio »
  SwitchToDesk,          // … « Plutôt un bureau »
  RefusedEventsTitle,    // « Envois refusés »
  NoRefusedEvents,       // « Aucun envoi refusé. »
  RefusedByServer,       // « Refusé par le serveur »
  SetAsideHere,          // « Mis de côté par la borne »
  LetInButton,           // « Faire entrer » (a member who forgot their badge)
  PickForLetIn,          // « Faire entrer : qui ? »
  LetInExplain,          // « Son arrivée sera enregistrée maintenant, sans badge. »
  YesLetIn,              // « Oui, faire entrer »
  // ---- first run (enrolment)
  EnrolTitle,        // « Inscription de la borne »
  EnrolHow,          // « Tapez le code donné par « escale-server kiosk add ». »
  EnrolCodeHint,     // in the empty code box
  EnrolButton,       // « Inscrire la borne »
  EnrolInProgress,   // « Inscription en cours… »
  EnrolErase,        // the keypad's « Effacer »
  EnrolChangeCode,   // after a refusal: « Modifier le code »
  EnrolRetry,        // after a refusal: « Réessayer »
  EnrolNewCode,      // after an expired or used code: « Taper un nouveau code »
  EnrolDoneNext,     // « Les visiteurs peuvent maintenant passer leur badge. »
  EnrolStartButton,  // « Commencer »
  EnrolNotYet,       // a badge before enrolment: « Cette borne n’est pas encore inscrite. »
  EnrolUnknownCode,  // 403 unknown_code: what to do
  EnrolExpiredCode,  // 403 expired_code
  EnrolUsedCode,     // 403 used_code
  EnrolRejected,     // 400
  EnrolCodeEmpty,    // « Inscrire » with nothing typed
  // ---- after enrolment, until the first pull (« préparation »)
  EnrolPreparingNext,      // « Borne inscrite » while the members are awaited: badges are noted
  PreparingTitle,          // « La borne se prépare… »
  PreparingTapNoted,       // a badge just tapped: « La borne se prépare… votre passage est noté. »
  PreparingHow,            // what is happening, and that a badge may be tapped
  PreparingServerTrouble,  // the server cannot be reached: taps still count
  // ---- « Mon espace » on the member's phone (member menu, Screen::PhoneLink)
  PhoneLinkButton,          // « Sur mon téléphone » (member menu)
  PhoneLinkTitle,           // « Mon espace sur votre téléphone »
  PhoneLinkScan,            // « Scannez ce code avec l’appareil photo de votre téléphone : … »
  PhoneLinkOnce,            // « Ce code sert une seule fois et pendant 10 minutes. »
  PhoneLinkDoneButton,      // « C’est fait »
  PhoneLinkWaiting,         // « Un instant… »
  PhoneLinkUnreachable,     // « Le serveur ne répond pas pour l’instant. »
  PhoneLinkUnreachableHow,  // « Réessayez dans un moment, ou demandez un lien … « Mon espace » du tiers-lieu. »
  PhoneLinkRetry,           // « Réessayer »
  PhoneLinkRefused,         // « Impossible de préparer le lien pour l’instant. »
  PhoneLinkAskDesk,         // « Demandez à l’accueil. »
  Count_
};

std::string_view tr(Text id, Language lang);

// « Bonjour Marie ! » / "Hello Marie!" (no name: « Bonjour ! »)
std::string hello(std::string_view first_name, Language lang);
// « Au revoir Marie ! » / "Goodbye Marie!"
std::string goodbye(std::string_view first_name, Language lang);
// « Vous pouvez badger à : Aixe-sur-Vienne et Rochechouart. » / "You can badge in at: Aixe and Rochechouart."
std::string sites_you_may_use(const std::vector<std::string>& names, Language lang);
// « Votre arrivée est enregistrée à 9 h 30. »
std::string arrival_recorded_at(const LocalTime& at, Language lang);
// « Marie, votre arrivée est déjà enregistrée (9 h 30). » (no gendered
// agreement on the person; name and time are optional)
std::string arrival_already_recorded(std::string_view first_name, const std::optional<LocalTime>& at, Language lang);
// « 2 h 15 », « 1 h », « 45 min » / "2 hours 15 minutes", "45 minutes"
std::string format_duration(int minutes, Language lang);
// « Votre visite a duré 2 h 15. » (under a minute: « moins d’une minute »)
std::string visit_lasted(int minutes, Language lang);

// « Confirmée » from « confirmée »: a word standing alone on its line.
std::string capitalised_first(std::string text);

// ---- bookings
// Sentences about a booking name its resource in lower case after an
// article, as French does: « le bureau 3 », « du bureau 3 », « la salle
// visio », « de la salle visio ». English keeps the name: "Desk 3".

// « 9 h – 12 h 30 » / "9 am – 12:30 pm"
std::string time_range(const LocalTime& start, const LocalTime& end, Language lang);
// « Bureau 3 : 9 h – 12 h 30 » (a line of today's bookings)
std::string booking_today_line(const BookingLine& b, Language lang);
// « Mardi 3 mars, 9 h – 12 h 30 » (a line of a list of bookings)
std::string booking_day_and_times(const BookingLine& b, Language lang);
// « bureau 3, mardi 3 mars, de 9 h à 12 h 30 » (no capital, no full stop)
std::string booking_phrase(const BookingLine& b, Language lang);
// « Bureau 3, mardi 3 mars, de 9 h à 12 h 30. »
std::string booking_summary(const BookingLine& b, Language lang);
// « Votre réservation est notée : bureau 3 jusqu’à 12 h 30. »
std::string checked_in_on(const BookingLine& b, Language lang);
// « Votre réservation du bureau 3, mardi 3 mars, n’a pas pu être confirmée : le bureau était déjà pris. »
std::string booking_refused_notice(const BookingLine& b, Language lang);
// « Réserver un bureau : quel jour ? », « Réserver la salle visio : quel jour ? »
std::string book_day_title(ResourceKind kind, Language lang);
// « Aujourd’hui », « Demain » (the day after `now`), « mardi 3 mars »
std::string day_button_label(const DayChoice& d, const LocalTime& now, Language lang);
// « dimanche 8 mars : fermé », « Demain : complet »
std::string day_unavailable_label(const DayChoice& d, const LocalTime& now, Language lang);
// « Réserver un bureau : mardi 3 mars »
std::string desk_grid_title(const LocalTime& day, Language lang);
// « Salle visio, mardi 3 mars : à quelle heure ? »
std::string visio_start_title(const LocalTime& day, Language lang);
// « Salle visio, 9 h : combien de temps ? »
std::string visio_duration_title(const LocalTime& start, Language lang);
// « 9 h 30 » (free) / « 9 h 30 · pris » (taken)
std::string start_time_label(const Choice& c, Language lang);
// « 1 h · jusqu’à 10 h 30 »
std::string duration_label(const Choice& c, Language lang);
// « Réserver le bureau 3, mardi 3 mars, de 9 h à 12 h 30 ? »
std::string book_question(const BookingLine& b, Language lang);
// « C’est réservé : bureau 3, mardi 3 mars, de 9 h à 12 h 30. »
std::string booked_sentence(const BookingLine& b, Language lang);
// « Cette réservation n’est pas possible : le bureau était déjà pris. »
std::string booking_impossible(const BookingLine& b, Language lang);
// « confirmée », « en attente de confirmation », « refusée : le bureau était déjà pris »
std::string booking_status(const BookingLine& b, Language lang);
// « Annuler la réservation du bureau 3, mardi 3 mars, de 9 h à 12 h 30 ? »
std::string cancel_question(const BookingLine& b, Language lang);
// « C’est annulé : bureau 3, mardi 3 mars, de 9 h à 12 h 30. »
std::string cancelled_sentence(const BookingLine& b, Language lang);

// ---- animator mode
// « Bonjour Agnès. » (no name: « Bonjour. »)
std::string pin_hello(std::string_view first_name, Language lang);
// « Code incorrect. Il reste 3 essais. » (« Il reste 1 essai. »)
std::string pin_wrong(int attempts_left, Language lang);
// « Trop d’essais. Réessayez à 14 h 35. »
std::string pin_locked(const LocalTime& until, Language lang);
// « Qui est là (5) », « Réservations du jour (3) »
std::string who_is_here_button(int present, Language lang);
std::string bookings_today_button(int bookings, Language lang);
// « Dernière synchronisation : 14 h 32. » / "Last synchronised: 2:32 pm." (none: « Pas encore de synchronisation. »)
std::string last_sync_line(const std::optional<LocalTime>& last_sync, Language lang);
// « 12 envois en attente. » (0: empty)
std::string unsynced_line(std::int64_t unsynced, Language lang);
// « 2 envois refusés (voir « Envois refusés »). » (0: empty)
std::string refused_events_line(int refused, Language lang);
// « Envois refusés (2) »
std::string refused_events_button(int refused, Language lang);
// What an event was, from its protocol type: « Badge attribué », « Nouveau
// membre »…; « Envoi illisible » for a type this kiosk does not know.
std::string event_type_label(std::string_view type, Language lang);
// « Badge attribué · mardi 3 mars, 14 h 32 » (no time: the label alone)
std::string refused_event_title(const RefusedLine& r, Language lang);
// « Les 30 plus récents sur 150. » (empty when all are shown)
std::string refused_events_more(std::size_t shown, int total, Language lang);
// « Lecteur de badge indisponible : <detail> »
std::string reader_problem(std::string_view detail, Language lang);
// « depuis 9 h 30 »
std::string present_since(const LocalTime& since, Language lang);
// « Bureau 3 · 9 h – 12 h 30 · confirmée »
std::string animator_booking_line(const BookingLine& b, Language lang);
// « Passez le nouveau badge de Marie Dupont sur le lecteur. »
std::string badge_wait(std::string_view name, Language lang);
// The form's field labels, long (« Code INSEE de la commune ») or short for
// tabs (« Commune »), from FormField::label_key.
std::string field_label(std::string_view label_key, bool required, Language lang);
std::string field_short_label(std::string_view label_key, Language lang);
// « Faire sortir Marie Dupont ? »
std::string checkout_question(std::string_view name, Language lang);
// « Faire entrer Marie Dupont ? »
std::string let_in_question(std::string_view name, Language lang);
// « Annuler la réservation de Marie Dupont : bureau 3, mardi 3 mars, de 9 h à 12 h 30 ? »
std::string animator_cancel_question(std::string_view name, const std::optional<BookingLine>& b, Language lang);
// One sentence per DoneKind: « Départ de Marie Dupont enregistré. »…
std::string done_sentence(const DoneMessage& done, Language lang);
// « Nouvelle réservation pour Marie Dupont » (a booking made in animator mode)
std::string booking_for(std::string_view name, Language lang);
// Moving a booking (animator mode): every screen of the move says whose.
// « Déplacer la réservation de Zoé Garnier »
std::string move_title(std::string_view name, Language lang);
// The steps' headers: « Déplacer la réservation de Zoé Garnier : quel jour ? »,
// « … : mardi 3 mars », « … : mardi 3 mars, à quelle heure ? », « … : 9 h, combien de temps ? »
std::string move_day_title(std::string_view name, Language lang);
std::string move_grid_title(std::string_view name, const LocalTime& day, Language lang);
std::string move_visio_start_title(std::string_view name, const LocalTime& day, Language lang);
std::string move_visio_duration_title(std::string_view name, const LocalTime& start, Language lang);
// « Jusqu’ici : bureau 1, mardi 3 mars, de 9 h à 12 h. » (where the booking is before the move)
std::string moving_from_line(const BookingLine& from, Language lang);
// « Déplacer la réservation de Zoé Garnier vers le bureau 2, mardi 3 mars, de 9 h à 12 h ? »
std::string move_question(std::string_view name, const BookingLine& to, Language lang);

// ---- first run (enrolment)
// « Adresse du serveur : https://escale.cc-exemple.fr » (no url: the label alone)
std::string enrol_server_line(std::string_view url, Language lang);
// « Code : K7QF2-M9XDA »
std::string enrol_code_line(std::string_view normalised_code, Language lang);
// « Borne inscrite : entrée, Tiers-lieu de Vouziers »
std::string enrol_done(std::string_view kiosk_name, std::string_view site_name, Language lang);
// Why the last attempt failed and what to do (« Trop d’essais. Attendez
// 15 min, puis réessayez. »), or the retry under way; empty when nothing failed.
std::string enrol_problem(const EnrolView& e, Language lang);

}  // namespace escale::kiosk::ui
