// What the kiosk's screens see and report: the screens (Screen), the taps
// (UiAction), and KioskView, everything one frame draws; plus the kiosk's
// settings and what the app hands to the runtime (a ticket to print, an
// enrolment exchange). Plain data: no SDL, no ImGui, no store.
//
// KioskApp (app/kiosk_app.hpp) builds a KioskView from its flows for each frame.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/pin.hpp"
#include "booking/booking.hpp"
#include "domain/badge.hpp"
#include "mediation/agenda.hpp"
#include "store/local_store.hpp"
#include "sync/enrolment.hpp"
#include "sync/protocol.hpp"
#include "time/clock.hpp"
#include "time/french_format.hpp"

namespace escale::kiosk {

enum class Screen {
  Attract,       // nobody there: site name, time, « Passez votre badge »
  Greeting,      // check-in: « Bonjour Marie ! » + today's bookings + the member menu
  Goodbye,       // check-out: « Au revoir Marie ! » + the member menu
  AlreadyHere,   // a second tap soon after check-in: no check-out, a reassuring word + the member menu
  UnknownBadge,  // a badge nobody registered (or revoked)
  NotHere,       // a member whose membership does not include this site: where they may go; no visit
                 // (`first_name`, `allowed_sites`)
  WalkIn,        // « Je suis de passage » counted
  // ---- a member's bookings (after badging; `member_first_name` set)
  BookDay,            // which day? (today and the next days as big buttons); `booking_kind`, `days`
  BookDeskGrid,       // desks × (morning, afternoon, day) for `chosen_day`; `grid`
  BookVisioStart,     // visio room: which start time on `chosen_day`; `choices`
  BookVisioDuration,  // visio room: how long; `choices`
  BookConfirm,        // « Réserver le bureau 3, mardi 3 mars, de 9 h à 12 h 30 ? »; `booking`
  Booked,             // « C’est réservé… » or « en attente de confirmation » or refused; `booking`, `qr_url`
  MyBookings,         // upcoming bookings, each with « Annuler »; `bookings`
  CancelConfirm,      // « Annuler … ? »; `booking`
  Cancelled,          // « La réservation est annulée. »; `booking`
  // ---- digital-mediation help (« J'ai besoin d'aide numérique »: from attract, no badge
  // needed, or from a member's menu); `help`
  HelpTopics,   // what is it about? pictogram buttons
  HelpWhen,     // the days with a free slot, and the workshops to come
  HelpTime,     // the free times of the chosen day
  HelpContact,  // one optional step: a first name and a phone for a reminder (keyboard), or « Sans nom ni numéro »
  HelpTicket,   // the ticket: what, when, with whom, where; QR code of the .ics; until « J’ai noté »
  // ---- animator mode (after an animator's badge and PIN; `animator_first_name` set)
  AnimatorPin,         // PIN pad; `pin_digits`, `pin_error`, `pin_locked_until`
  AnimatorHome,        // the animator's menu; `animator`
  AnimatorPresent,     // who is here now, each with « Faire sortir »; `people`
  AnimatorBookings,    // today's bookings of every resource, each with « Déplacer » / « Annuler »; `bookings`
  AnimatorPickMember,  // search a member by name (keyboard); `picker_query`, `picker_matches`; for `pick_purpose`
                       // (a booking, a badge, or letting in a member who forgot their badge)
  AnimatorBadgeWait,   // « Passez le nouveau badge… »; `subject_name`
  AnimatorNewMember,   // a short form with the on-screen keyboard; `form`
  AnimatorConfirm,     // « Faire sortir Marie Dupont ? »…; `confirm`
  AnimatorDone,        // « C’est fait : … »; `done`
  AnimatorAgenda,      // today's help appointments, one row per participant, with their status; `agenda`
  AnimatorRefused,     // events the server refused or this kiosk set aside, with the reason; `refused_events`
  AnimatorActivity,    // the activity record (CRA) of a participant or a workshop; `activity`
  // ---- first run: a kiosk with a server and no token yet; `enrol`
  Enrol,  // « Inscription de la borne »: the code from « escale-server kiosk add », then « Borne inscrite »
  // ---- after enrolment, until the first pull has brought the site's members; `preparation`
  Preparing,  // « La borne se prépare… »: the attract screen's place; badges are noted, decided later
  // ---- « Mon espace » on the member's phone (issue 18; from the member menu); `phone_link`
  PhoneLink,  // « Un instant… », then a one-time login link as a QR code (60 s at most), or why not
};
std::string_view to_string(Screen s);

// What a tap means. Screens report a UiAction: the kind, and for lists the
// index of the item tapped (`arg`), and for typing the whole new text.
enum class Act : std::uint8_t {
  None,
  WalkIn,          // attract: « Je suis de passage »; animator home: record a walk-in
  Home,            // « Terminé », « Retour à l’accueil »: back to attract, nothing personal left
  ToggleLanguage,  // « English » / « Français »
  Back,            // « Retour »: one step back
  // member menu
  BookDesk,       // « Réserver un bureau »
  BookVisio,      // « Réserver la salle visio »
  MyBookings,     // « Mes réservations »
  PickDay,        // arg: index in `days`
  PickCell,       // arg: row * 3 + column in `grid` (columns: morning, afternoon, day)
  PickChoice,     // arg: index in `choices` (visio start time or duration)
  Confirm,        // « Réserver », « Oui, annuler », « Oui, faire sortir »…: the confirm screen's yes
  CancelBooking,  // arg: index in `bookings` (member: their own; animator: today's)
  MoveBooking,    // animator: arg: index in `bookings`
  // animator mode
  PinEdit,         // text: the digits typed so far
  PinSubmit,       // text: the digits
  ShowPresent,     // « Qui est là »
  ShowBookings,    // « Réservations du jour »
  NewBooking,      // « Nouvelle réservation » (then pick a member)
  NewBadge,        // « Nouveau badge » (pick a member, then tap the badge)
  NewMember,       // « Nouveau membre »
  LetIn,           // « Faire entrer » (a member who forgot their badge: pick them, confirm, checked in)
  CheckOutPerson,  // arg: index in `people`
  PickerEdit,      // text: the search typed so far
  PickMember,      // arg: index in `picker_matches`
  FormFocus,       // arg: index in `form.fields`
  FormEdit,        // text: the focused field's new value
  FormSubmit,      // « Enregistrer »
  SkipBadge,       // new member: « Sans badge pour l’instant »
  LeaveAnimator,   // « Quitter le mode animation »
  ShowRefused,     // « Envois refusés (3) » on the animator's home
  // help
  AskHelp,          // « J’ai besoin d’aide numérique »
  PickTopic,        // arg: index in mediation::all_help_topics()
  PickWorkshop,     // arg: index in `help.workshops`
  HelpSkipContact,  // « Sans nom ni numéro » (a member: « Pas de rappel »): the ticket at once
  // animator mode: the help agenda
  ShowAgenda,    // « Aide numérique (3) » on the animator's home
  MarkSeen,      // arg: index in `agenda`: « Présent »
  MarkNoShow,    // arg: « Absent »
  MarkExcused,   // arg: « Excusé »
  OpenActivity,  // arg: index in `agenda`: « Fiche » (the CRA of that participant, or of the workshop)
  ToggleChoice,  // arg: group * 1000 + item in `activity.groups`
  AgendaWalkIn,  // « Quelqu’un attend : prochain créneau libre » (a request on the spot, placed now)
  // first run
  EnrolEdit,    // text: the code typed so far (any case, dashes and spaces allowed)
  EnrolSubmit,  // « Inscrire la borne »
  // member menu, again
  NoticesRead,  // « J’ai compris » under the notices of refused bookings: then the menu
  PhoneLink,    // « Sur mon téléphone »: a one-time login link for « Mon espace »; « Réessayer » on its screen
};

struct UiAction {
  UiAction() = default;
  UiAction(Act a, int index = -1, std::string typed = {})
      : act(a), arg(index), text(std::move(typed)) {}  // NOLINT: implicit from Act on purpose
  Act act = Act::None;
  int arg = -1;
  std::string text;
  friend bool operator==(const UiAction&, const UiAction&) = default;
  static const UiAction None;
  static const UiAction WalkIn;
  static const UiAction Home;
  static const UiAction ToggleLanguage;
};
inline const UiAction UiAction::None{Act::None};
inline const UiAction UiAction::WalkIn{Act::WalkIn};
inline const UiAction UiAction::Home{Act::Home};
inline const UiAction UiAction::ToggleLanguage{Act::ToggleLanguage};

// ---- pieces of the view for booking screens

// Words the server sends (resource names, workshop titles) come with their
// English, when staff gave one (`…_en`, else empty): KioskApp::view() puts
// the words of the view's language in place (in English without one: the
// French words followed by « (in French) »), so the screens draw them as is.

// A booking as a person reads it.
struct BookingLine {
  std::string resource_name;     // « Bureau 3 », « Salle visio »
  std::string resource_name_en;  // "Desk 3"; empty: none given
  ResourceKind kind = ResourceKind::Desk;
  LocalTime start{};
  LocalTime end{};
  BookingStatus status = BookingStatus::Confirmed;
  std::optional<Refusal> refusal;  // when refused: why
  std::string who;                 // animator views only: « Marie Dupont »; empty for the member's own
  bool cancellable = false;        // may still be cancelled (before its start, holds its resource)
  bool movable = false;            // animator: may be moved
};

struct DayChoice {
  LocalTime day{};    // midnight of that Paris day (weekday and date set)
  bool open = false;  // closed days are shown (« fermé ») but not tappable
  bool today = false;
  bool any_free = false;  // something of the asked kind is free that day
};

// Desks × day parts. Each row: a desk and its three cells (morning,
// afternoon, whole day).
enum class CellState { Free, Taken, Mine, Closed };
struct GridRow {
  std::string resource_name;
  std::string features;          // « grand écran »
  std::string resource_name_en;  // in English, when given (see BookingLine)
  std::string features_en;
  std::array<CellState, 3> cells{CellState::Closed, CellState::Closed, CellState::Closed};
};
struct DeskGrid {
  LocalTime day{};
  std::array<std::optional<std::pair<LocalTime, LocalTime>>, 3>
      parts;  // morning, afternoon, day; nullopt: none that day
  std::vector<GridRow> rows;
};

// A start time or a duration offered for the visio room.
struct Choice {
  LocalTime start{};  // visio start: the time; duration: the start chosen
  LocalTime end{};    // duration: the end it gives
  int minutes = 0;    // duration choices: the length
  bool free = true;   // a taken start time is shown (« pris ») but not tappable
};

// Animator mode
struct PresentPerson {
  std::string name;  // « Marie Dupont » (full name: animator mode only)
  LocalTime since{};
};
struct AnimatorSummary {
  int present = 0;                     // people checked in now
  int bookings_today = 0;              // bookings holding a resource today
  std::int64_t unsynced = 0;           // events waiting for the server
  int refused_events = 0;              // events the server refused or this kiosk set aside (« Envois refusés »)
  std::optional<LocalTime> last_sync;  // the last exchange with the server (Paris time); nullopt when never
  std::string printer_problem;         // the receipt printer's last failure (empty: printing, or no printer)
};
// An event that will not reach the server as it was made (AnimatorRefused).
struct RefusedLine {
  std::string type;             // the event's type as the protocol names it ("badge_assign"…); any text if unreadable
  std::optional<LocalTime> at;  // when it was made; nullopt when unreadable
  std::string reason;           // why (French: the server's words, or the kiosk's)
  bool set_aside_here = false;  // never accepted by the server (unreadable here, or refused whole)
};
// NewMember: the badge of a member being created; LetIn: « Faire entrer » a
// member who forgot their badge.
enum class PickPurpose { NewBooking, NewBadge, NewMember, LetIn };
struct FormField {
  std::string label_key;  // "first_name", "last_name", "home_commune", "email", "phone"
  std::string value;
  bool required = false;
  bool digits = false;  // home commune (INSEE code) and phone use the digits keyboard
};
struct MemberForm {
  std::vector<FormField> fields;
  int focused = 0;
  std::string error;  // « Le prénom manque. »…: what to fix (French; English in `error_en`)
  std::string error_en;
};
enum class ConfirmKind { CheckOutPerson, CancelBooking, LetIn };
struct ConfirmRequest {
  ConfirmKind kind = ConfirmKind::CheckOutPerson;
  std::string name;  // the person concerned
  std::optional<BookingLine> booking;
};
enum class DoneKind {
  CheckedOut,
  BadgeAssigned,
  MemberCreated,
  MemberCreatedWithBadge,
  WalkInRecorded,
  HelpPlaced,        // a request on the spot, placed in the next free slot (`booking` unused; see `name`)
  NoFreeHelpSlot,    // nobody free today
  ActivityRecorded,  // the activity record is saved
  BookingCancelled,
  BookingMoved,
  BookingMade,
  BadgeTakenByOther,
  LetIn,     // « Faire entrer »: the member's arrival is recorded (`since`: when)
  AlreadyIn  // « Faire entrer » a member already checked in (`since`: since when); nothing recorded
};
struct DoneMessage {
  DoneKind kind = DoneKind::CheckedOut;
  std::string name;  // the person concerned
  std::optional<BookingLine> booking;
  std::optional<LocalTime> since;  // LetIn, AlreadyIn
};

// ---- pieces of the view for the help screens
struct HelpDayChoice {
  LocalTime day{};     // midnight of that Paris day
  int free_slots = 0;  // individual slots still free
  bool today = false;
};
struct HelpTimeChoice {
  LocalTime start{};
  std::string mediator;  // « Nadia »
};
struct WorkshopChoice {
  std::string title;     // « Découvrir la messagerie »
  std::string title_en;  // "Discover e-mail"; empty: none given (see BookingLine)
  LocalTime start{};
  int minutes = 0;
  mediation::WorkshopLevel level = mediation::WorkshopLevel::None;
  int seats_left = 0;  // 0: full (joining puts you on the waiting list)
};
struct HelpTicket {
  std::string id;  // the appointment's UUID (the calendar event's UID)
  bool workshop = false;
  std::string title;                          // a workshop's title
  std::optional<mediation::HelpTopic> topic;  // what the visitor asked for help with (its pictogram)
  std::string title_en;                       // in English, when given (see BookingLine)
  LocalTime start{};
  Instant start_at{};   // the same, as an instant (the calendar event)
  Instant booked_at{};  // when the kiosk took the request (the event's DTSTAMP: the QR code stays still)
  int minutes = 0;
  std::string mediator;  // « Nadia »
  std::string place;     // the site's name and address
  mediation::PlaceKind place_kind = mediation::PlaceKind::OnSite;
  std::string first_name;  // empty: anonymous (or a member: `first_name` of the view)
  bool waiting = false;    // on a full workshop's waiting list
  bool pending = true;     // not yet confirmed by the server
  std::optional<mediation::HelpRefusal> refusal;
  bool reminders = false;  // a reminder SMS will be sent
};
struct HelpView {
  std::optional<mediation::HelpTopic> topic;
  bool offered = false;                   // the site has an individual appointment type or a workshop to come
  std::vector<HelpDayChoice> days;        // HelpWhen
  std::vector<WorkshopChoice> workshops;  // HelpWhen
  LocalTime chosen_day{};                 // HelpTime
  std::vector<HelpTimeChoice> times;      // HelpTime
  // HelpContact: both optional; a member who badged is known, only the phone is asked.
  bool ask_name = true;
  std::string name;   // the first name typed so far
  std::string phone;  // the phone typed so far
  int focus = 0;      // the box the keyboard types in: 0 the first name, 1 the phone
  std::string error;  // HelpContact: « Ce numéro ne semble pas complet… »
  std::string error_en;
  HelpTicket ticket;          // HelpTicket
  std::string contact_phone;  // the site's phone, « 05 55 00 00 00 »
};

// ---- animator mode: the help agenda and activity records
struct AgendaRow {   // one participant of one of today's appointments
  std::string what;  // « Aide aux démarches en ligne » / « Atelier « Découvrir la messagerie » »
  LocalTime start{};
  int minutes = 0;
  std::string mediator;  // « Nadia »
  std::string who;       // « Josiane », « Marie Dupont »; empty: anonymous
  std::vector<mediation::HelpTopic> topics;
  mediation::ParticipantStatus status = mediation::ParticipantStatus::Unknown;
  bool past = false;      // the appointment has begun
  bool waiting = false;   // on the waiting list
  bool recorded = false;  // its activity record is done
  bool collective = false;
  bool first_of_appointment = true;  // the row that shows the appointment's time and title
};
struct ChoiceItem {
  std::string code;
  std::string label;
  bool selected = false;
};
struct ChoiceGroup {
  std::string key;  // "themes", "admin_themes", "duration", "place", "equipment", "autonomy", "age", "status", "gender"
  std::string title;  // « Thématiques (au moins une) »
  bool multi = false;
  bool required = false;
  std::vector<ChoiceItem> items;
};
struct ActivityForm {
  std::string subject;  // « Josiane, mardi 10 mars à 14 h 45 » / « Atelier « … », 4 présents »
  std::vector<ChoiceGroup> groups;
  std::string home_commune;  // INSEE code (digits keyboard)
  std::string note;          // short; never exported
  int focused = -1;          // -1: none; 0: home commune; 1: note
  std::string error;         // « Choisissez au moins une thématique. »
  std::string error_en;
};

// ---- first run: enrolment with the server
enum class EnrolStatus {
  Typing,      // waiting for the code (or for another one after a refusal)
  Exchanging,  // « Inscription en cours… »
  Retrying,    // the server cannot be reached: trying again in `retry_in_s` (a code from the configuration)
  Failed,      // `failure` says why; the installer may type another code
  Done,        // « Borne inscrite : entrée, Tiers-lieu de Vouziers »
};
struct EnrolView {
  std::string server_url;  // where the code will be sent (shown read-only)
  std::string code;        // typed so far, normalised: upper case, no dash, at most 10 characters
  EnrolStatus status = EnrolStatus::Typing;
  std::optional<EnrolFailure> failure;           // Failed, Retrying
  CodeProblem code_problem = CodeProblem::None;  // failure BadCode: what is wrong with the code
  std::string bad_character;                     // … the character that cannot be in a code
  std::string detail;                            // Unreachable: what the connection said (certificate, refused…)
  int retry_after_min = 0;                       // TooManyAttempts: wait this long
  int retry_in_s = 0;                            // Retrying: the next attempt
  std::string kiosk_name;                        // Done
  std::string site_name;                         // Done
  bool badge_refused = false;  // a badge was just tapped: « Cette borne n’est pas encore inscrite. »
};

// ---- after enrolment: the first pull has not landed yet
struct PreparationView {
  bool active = false;          // the kiosk does not know its site's members yet
  bool tap_noted = false;       // a badge was just tapped: « La borne se prépare… votre passage est noté. »
  bool server_trouble = false;  // the last exchange with the server failed: said plainly, taps still count
};

// ---- « Mon espace » on the member's phone (Screen::PhoneLink)
enum class PhoneLinkStatus {
  Waiting,      // « Un instant… »: the server is asked (off the UI thread)
  Ready,        // the QR code of `url`
  Unreachable,  // no answer in time (or the server in trouble): « Réessayer »
  Refused,      // the server said no (unknown member, too many links…): ask at the desk
};
struct PhoneLinkView {
  PhoneLinkStatus status = PhoneLinkStatus::Waiting;
  std::string url;  // Ready: the one-time login link (a credential: gone once the screen is left)
};

// How the reader is doing, shown discreetly to visitors.
enum class ReaderHealth { Ok, Unavailable };

// Everything the screens need to draw one frame; nothing else.
struct KioskView {
  Screen screen = Screen::Attract;
  Language language = Language::French;
  std::string site_name;                   // empty before the first sync: the screens say « Escale »
  LocalTime now{};                         // Paris wall clock
  std::string first_name;                  // the member on screen (their own screens), or the animator
  std::optional<LocalTime> check_in_time;  // Greeting, AlreadyHere
  std::optional<int> visit_minutes;        // Goodbye: how long the visit lasted
  std::vector<std::string> allowed_sites;  // NotHere: the sites the member may use, by name
  ReaderHealth reader = ReaderHealth::Ok;
  std::string reader_detail;  // what the reader last said (for animator mode; visitors see only `reader`)
  std::string last_error;     // a storage problem to show on screen (rare)

  // Member screens
  bool member_menu = false;  // Greeting/Goodbye/AlreadyHere: show « Réserver un bureau »… (a member is on screen)
  bool phone_link_offered = false;  // the member menu shows « Sur mon téléphone » (the kiosk has a server)
  bool has_desks = false;           // the site has desks / a visio room (hide a menu entry otherwise)
  bool has_visio = false;
  std::vector<BookingLine> today_bookings;   // Greeting/AlreadyHere: the member's bookings today
  std::optional<BookingLine> checked_in_on;  // Greeting: the booking this badge checked in on
  std::vector<BookingLine> refused;          // bookings the server refused since the member last badged: tell them
  ResourceKind booking_kind = ResourceKind::Desk;
  std::vector<DayChoice> days;  // BookDay
  LocalTime chosen_day{};       // BookDeskGrid, BookVisioStart, BookVisioDuration
  DeskGrid grid;                // BookDeskGrid
  std::vector<Choice> choices;  // BookVisioStart (start times), BookVisioDuration (durations)
  bool choosing_duration = false;
  std::optional<BookingLine> booking;  // BookConfirm, Booked, CancelConfirm, Cancelled
  std::string qr_url;                  // Booked: the booking's .ics address, for the phone's calendar
  std::vector<BookingLine> bookings;   // MyBookings (the member's), AnimatorBookings (today's, with `who`)
  std::string subject_name;            // animator booking for a member / badge for a member: « Marie Dupont »
  // Animator mode, moving a booking (« Déplacer »): the booking as it is
  // before the move, on every screen of the move (with `subject_name`).
  std::optional<BookingLine> moving;

  // Animator mode
  std::string pin_digits;  // AnimatorPin (shown as dots)
  bool pin_wrong = false;  // the last PIN was wrong
  int pin_attempts_left = kMaxPinFailures;
  std::optional<LocalTime> pin_locked_until;
  AnimatorSummary animator;
  std::vector<PresentPerson> people;  // AnimatorPresent
  PickPurpose pick_purpose = PickPurpose::NewBooking;
  std::string picker_query;                 // AnimatorPickMember
  std::vector<std::string> picker_matches;  // full names, at most 4
  MemberForm form;                          // AnimatorNewMember
  ConfirmRequest confirm;                   // AnimatorConfirm
  DoneMessage done;                         // AnimatorDone
  std::vector<RefusedLine> refused_events;  // AnimatorRefused: the latest, newest first

  // Help
  HelpView help;
  // Animator mode: the help agenda
  std::vector<AgendaRow> agenda;  // AnimatorAgenda: today's, by time
  int agenda_free_now = 0;        // free slots left today (for « Quelqu’un attend »)
  int agenda_today = 0;           // appointments today (the home button's count)
  ActivityForm activity;          // AnimatorActivity

  // « Mon espace » on the member's phone
  PhoneLinkView phone_link;  // PhoneLink

  // First run
  EnrolView enrol;              // Enrol
  PreparationView preparation;  // Preparing (and « Borne inscrite » while the first pull is awaited)
  // Outside opening hours with nobody around: the screen is black (one frame,
  // then nothing is drawn until a touch or a badge).
  bool asleep = false;
};

struct KioskSettings {
  std::chrono::seconds idle_timeout{20};  // back to attract, nothing personal left
  // Choosing a day, a desk or a time takes longer to read than a greeting.
  std::chrono::seconds booking_idle_timeout{45};
  std::chrono::seconds animator_idle_timeout{60};
  // The help ticket stays until « J’ai noté »: time to read it, copy it or
  // take the phone out of a bag to scan it. It shows a first name at most.
  std::chrono::seconds ticket_idle_timeout{180};
  // The phone-link screen's QR code logs the member in: back to attract
  // after a minute without a tap (time to take a phone out of a bag, not
  // for the code to wait for whoever comes next).
  std::chrono::seconds phone_link_idle_timeout{60};
  // The kiosk has a server ([server] url): the member menu offers « Sur mon
  // téléphone » (an offline-only kiosk cannot ask for a login link).
  bool phone_link = false;
  // Where phones fetch a booking's .ics (the QR code): the server's public
  // address, e.g. "https://escale.cc-exemple.fr". Empty: no QR code.
  std::string public_url;
  int days_shown = 14;  // day buttons offered when booking (within the advance window)
  std::chrono::seconds min_visit{60};
  std::chrono::hours max_visit{16};  // a visit open longer than this was forgotten: the next tap checks in anew     //
                                     // a tap sooner than this after check-in is not a check-out
  std::string kiosk_name = "borne";
  // Night: the screen sleeps when the site has been closed for `sleep_margin`
  // and opens in more than `sleep_margin`, and nobody touched or badged for
  // `wake_for`. Without known opening hours it never sleeps.
  bool sleep_outside_hours = false;
  std::chrono::minutes sleep_margin{15};
  std::chrono::seconds wake_for{120};
};

// A help ticket for the receipt printer (when the site has one): what the
// screen shows, in the visitor's language.
struct TicketToPrint {
  HelpTicket ticket;
  Language language = Language::French;
  std::string contact_phone;  // the site's, « 05 55 00 00 00 » (how to cancel)
};

// What the runtime must ask the server for the phone-link screen: a one-time
// login link for this member. `id` tells this request's answer from an
// older one's (the member left, came back, asked again).
struct PhoneLinkRequest {
  std::uint64_t id = 0;
  std::int64_t member_id = 0;
};

// What the runtime must send to the server for the first-run screen.
struct EnrolRequest {
  std::string code;    // normalised
  bool retry = false;  // retry while the server is unreachable (a code from the configuration)
};

}  // namespace escale::kiosk
