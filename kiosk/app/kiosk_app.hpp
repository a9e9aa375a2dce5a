// The kiosk's app logic: which screen shows, what a badge tap or a button does,
// when the screen goes back to attract. Plain C++ with no SDL or ImGui: the
// screens (kiosk/ui) draw a KioskView and report taps as UiActions; tests drive
// this class directly.
//
// Data flows one way: reader → KioskApp → LocalStore (visit + outbox, committed
// before the greeting shows) → sync client → server.
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
  ReaderHealth reader = ReaderHealth::Ok;
  std::string reader_detail;  // what the reader last said (for animator mode; visitors see only `reader`)
  std::string last_error;     // a storage problem to show on screen (rare)

  // Member screens
  bool member_menu = false;  // Greeting/Goodbye/AlreadyHere: show « Réserver un bureau »… (a member is on screen)
  bool has_desks = false;    // the site has desks / a visio room (hide a menu entry otherwise)
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

// What the runtime must send to the server for the first-run screen.
struct EnrolRequest {
  std::string code;    // normalised
  bool retry = false;  // retry while the server is unreachable (a code from the configuration)
};

class KioskApp {
 public:
  KioskApp(LocalStore& store, KioskSettings settings);

  // Re-reads what the app keeps of the store (the site's name) after a sync
  // brought changes; view() itself never touches the database.
  void refresh_site();
  // After a sync: the site's name, and the booking screens' data (a pending
  // booking on screen becomes confirmed or refused).
  void refresh(Instant at);

  // A badge was read. Records the check-in or check-out (committed locally
  // before returning) and switches screen.
  void on_badge(const BadgeUid& uid, Instant at);
  // Same, from raw reader text; an unreadable UID is ignored with a log line.
  void on_badge_text(std::string_view text, Instant at);
  void on_action(UiAction action, Instant at);
  // Time passes: returns to attract after the idle timeout. Returns true when
  // the view changed.
  bool on_tick(Instant at);
  void set_reader_health(ReaderHealth h, std::string detail = {}) {
    reader_ = h;
    reader_detail_ = std::move(detail);
  }

  // When the app next needs a tick (idle timeout), if any.
  std::optional<Instant> next_deadline() const;

  // ---- first run (enrolment)
  // A server is configured and the kiosk has no token: show « Inscription de
  // la borne » until it has one; badges are not recorded meanwhile. With
  // `code` (from the configuration) the exchange starts at once, retrying
  // while the server is unreachable.
  void require_enrolment(std::string server_url, Instant at, std::string_view code = {});
  bool enrolment_pending() const { return enrolment_pending_; }
  // The exchange the screen asked for (« Inscrire la borne »), once.
  std::optional<EnrolRequest> take_enrol_request();
  // An attempt's outcome (from the exchange thread, handed over by the loop).
  // On success the token is saved in the local store (one transaction) and
  // returned: the sync client starts with it.
  std::optional<std::string> on_enrol_outcome(const EnrolOutcome& outcome,
                                              std::optional<std::chrono::milliseconds> will_retry_in, Instant at);

  // ---- after enrolment: « préparation » until the first pull has landed
  // Enrolled, the first pull not landed (kept in the store: a restart stays
  // in préparation; a kiosk that has synced never enters it). Badges tapped
  // meanwhile are noted with their time; once refresh() sees the pull done,
  // each is decided as a tap at its own time (check-in, check-out, already
  // here; unknown badges and animators are dropped with a log line), once.
  bool preparing() const { return preparing_; }
  // The runtime passes on whether the last exchange with the server failed:
  // the préparation screen then says so (taps are still noted).
  void set_sync_trouble(bool trouble) { sync_trouble_ = trouble; }

  // ---- night sleep
  // A touch anywhere (even one that taps nothing): wakes a sleeping screen.
  void on_touch(Instant at) { last_interaction_ = at; }
  // Closed for a while, opening not soon, nobody around: the screen sleeps.
  bool asleep(Instant at) const;
  // Scripts start with it off (their screenshots must not depend on the hour
  // they run) and turn it on with « night-sleep on ».
  void set_sleep_outside_hours(bool on) { settings_.sleep_outside_hours = on; }

  KioskView view(Instant at) const;
  Screen screen() const { return screen_; }

  // ---- the help ticket on paper
  // The ticket a help request just put on screen, once (the runtime prints
  // it when a receipt printer is configured); nothing otherwise.
  std::optional<TicketToPrint> take_ticket_to_print();
  // What the printer last said went wrong (empty once a ticket prints): for
  // animator mode's status line only, never for visitors.
  void set_printer_problem(std::string problem) { printer_problem_ = std::move(problem); }

 private:
  struct Person {
    std::int64_t id = 0;
    std::string first_name;
    std::string last_name;
    std::string full_name() const { return first_name + " " + last_name; }
  };

  void show(Screen s, Instant at);
  void clear_person();
  std::chrono::seconds idle_timeout_for(Screen s) const;
  void on_member_badge(const Person& who, const BadgeUid& uid, Instant at);
  // What a member's tap did, written to the store before it returns: the
  // decision shared by a tap now and a tap noted during préparation.
  struct MemberTap {
    enum class Kind { CheckIn, CheckOut, AlreadyHere } kind = Kind::CheckIn;
    Instant check_in{};                 // the visit's arrival
    std::optional<Booking> on_booking;  // CheckIn: the booking it checked in on
    int minutes = 0;                    // CheckOut: how long the visit lasted
  };
  MemberTap record_member_tap(const Person& who, const BadgeUid& uid, Instant at);
  // Records a check-in of `who` (with a badge, or let in by the animator
  // `by`), on the booking that starts about now if any; returns that booking.
  std::optional<Booking> record_arrival(const Person& who, const std::optional<BadgeUid>& uid, Instant at,
                                        std::optional<std::int64_t> by);
  // Préparation: the pull landed? Then the noted taps are replayed.
  void check_preparation(Instant at);
  void replay_early_taps();
  void replay_early_tap(const EarlyTap& tap);
  void on_animator_badge_wait(const BadgeUid& uid, Instant at);
  void on_action_unchecked(const UiAction& action, Instant at);
  void on_enrol_action(const UiAction& action, Instant at);
  void back(Instant at);
  void confirm(Instant at);

  // Booking flows (for the member on screen, or for `subject_` in animator mode)
  const Person* booking_for() const;  // null when nobody is being booked for
  void start_booking(ResourceKind kind, Instant at);
  void pick_day(int index, Instant at);
  void build_desk_grid(Instant at);
  void build_visio_starts(Instant at);
  // The visio rooms and their availability on the chosen day.
  std::pair<std::vector<Resource>, DayGrid> visio_day(Instant at);
  void pick_cell(int index, Instant at);
  void pick_choice(int index, Instant at);
  void confirm_booking(Instant at);
  void show_my_bookings(Instant at);
  void show_booked(const Booking& b, Instant at);
  std::optional<Refusal> check_locally(const Booking& candidate, Instant at);
  BookingLine line_of(const Booking& b, Instant at, bool with_who);
  const Resource* resource(std::int64_t id) const;

  // Help flow (app/help_flow.cpp)
  void start_help(Instant at);
  void pick_topic(int index, Instant at);
  void build_help_when(Instant at);
  void pick_help_day(int index, Instant at);
  void pick_help_time(int index, Instant at);
  void pick_workshop(int index, Instant at);
  void after_help_choice(Instant at);  // the first name and the phone next (the phone only for a member)
  void help_contact_done(bool skip, Instant at);
  void submit_help_request(Instant at);
  void refresh_help_ticket(Instant at);
  bool on_help_action(const UiAction& action, Instant at);  // true when handled
  void help_back(Instant at);

  // Animator mode: the help agenda (app/agenda_mode.cpp)
  void show_agenda(Instant at);
  void mark_participant(int index, mediation::ParticipantStatus status, Instant at);
  void open_activity(int index, Instant at);
  void toggle_choice(int arg, Instant at);
  void submit_activity(Instant at);
  void agenda_walk_in(Instant at);
  bool on_agenda_action(const UiAction& action, Instant at);  // true when handled

  // Animator mode
  void submit_pin(const std::string& pin, Instant at);
  void show_animator_home(Instant at);
  void show_present(Instant at);
  void show_today_bookings(Instant at);
  void show_refused(Instant at);
  void show_picker(PickPurpose purpose, Instant at);
  void update_matches();
  void submit_member_form(Instant at);
  // « Faire entrer »: the member picked, checked in already or asked to confirm.
  void pick_for_let_in(Instant at);
  void let_in(Instant at);
  void done(DoneKind kind, std::string name, std::optional<BookingLine> booking, Instant at);

  LocalStore& store_;
  std::int64_t site_id_ = 0;
  std::string site_name_;
  KioskSettings settings_;
  Screen screen_ = Screen::Attract;
  Language language_ = Language::French;
  Instant last_activity_{};
  std::string first_name_;
  std::optional<Instant> check_in_;
  std::optional<int> visit_minutes_;
  ReaderHealth reader_ = ReaderHealth::Ok;
  std::string reader_detail_;
  std::string last_error_;
  std::optional<Instant> last_interaction_;  // the last touch or badge (wakes the screen)

  // First run
  bool enrolment_pending_ = false;
  EnrolView enrol_;
  std::optional<EnrolRequest> enrol_request_;
  std::optional<Instant> badge_notice_until_;
  // After enrolment (préparation)
  bool preparing_ = false;
  bool replay_due_ = false;  // taps noted during préparation wait to be replayed
  bool sync_trouble_ = false;
  std::optional<Instant> tap_noted_until_;
  std::string enrolled_site_name_;  // what the server said at enrolment: the header's name until the pull

  // What the app keeps of the store between syncs (refresh()).
  std::vector<Resource> resources_;
  std::optional<OpeningHours> hours_;
  sync::SiteRules rules_;

  // Who is on screen: the member who badged, the animator (PIN being typed
  // in `pin_for_`, then `animator_`), the member an animator acts for.
  std::optional<Person> member_;
  std::optional<Person> pin_for_;
  std::optional<Person> animator_;
  std::optional<Person> subject_;

  // The flow's screen data, copied into each view; cleared with the person.
  KioskView flow_;
  std::vector<CivilDate> day_list_;
  CivilDate chosen_day_{};
  std::vector<const Resource*> grid_resources_;
  std::array<std::optional<std::pair<Instant, Instant>>, 3> parts_{};
  std::vector<std::pair<Instant, Instant>> choice_times_;
  std::optional<Instant> chosen_start_;
  std::optional<Booking> draft_;
  std::optional<std::string> shown_booking_id_;  // Booked: refreshed after a sync
  std::vector<Booking> listed_;                  // MyBookings / AnimatorBookings, by index
  std::optional<Booking> moving_;                // animator: the booking being moved
  std::optional<Booking> cancelling_;
  std::vector<PresentMember> present_;
  std::optional<PresentMember> checking_out_;
  std::vector<LocalMember> matches_;
  std::optional<sync::NewMember> new_member_;

  // Help flow state
  sync::HelpAgenda help_agenda_;
  std::vector<sync::AppointmentRecord> help_appointments_;  // the coming days', as read at the start of the flow
  std::vector<CivilDate> help_days_;
  std::vector<mediation::HelpSlot> help_day_slots_;  // HelpTime, by index
  std::vector<std::string> help_workshop_ids_;       // HelpWhen workshops, by index
  std::optional<mediation::HelpSlot> help_slot_;     // chosen individual slot
  std::optional<std::string> help_workshop_;         // chosen workshop
  std::string help_first_name_;
  std::optional<std::string> help_phone_;
  std::optional<std::string> help_appointment_id_;  // HelpTicket: refreshed after a sync
  std::string help_participant_id_;
  Instant help_booked_at_{};
  std::optional<TicketToPrint> ticket_to_print_;  // taken by the runtime (take_ticket_to_print)
  std::string printer_problem_;                   // set by the runtime (set_printer_problem)

  // Animator agenda state: rows by index (appointment id, participant id or
  // empty for a workshop line), and the record being filled in.
  std::vector<std::pair<std::string, std::string>> agenda_refs_;
  std::optional<mediation::ActivityRecord> activity_draft_;
};

}  // namespace escale::kiosk
