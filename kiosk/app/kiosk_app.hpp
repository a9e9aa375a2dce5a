// The kiosk's app logic: which screen shows, what a badge tap or a button does,
// when the screen goes back to attract. Plain C++ with no SDL or ImGui: the
// screens (kiosk/ui) draw a KioskView and report taps as UiActions; tests drive
// this class directly.
//
// KioskApp keeps the screens, the clock (idle timeouts) and the dispatch of
// badges and taps; what a person does lives in the flows, each a plain struct
// owning its state (app/member_visit.hpp, booking_flow.hpp, help_flow.hpp,
// animator_session.hpp, agenda_mode.hpp; first_run.hpp and night_sleep.hpp
// for the kiosk itself), with KioskApp's steps of that flow in its .cpp.
// Leaving a flow resets it by assignment; back at attract, clear_person()
// resets them all, so nothing of one visitor is shown to the next.
//
// Data flows one way: reader → KioskApp → LocalStore (visit + outbox, committed
// before the greeting shows) → sync client → server.
#pragma once

#include "app/agenda_mode.hpp"
#include "app/animator_session.hpp"
#include "app/booking_flow.hpp"
#include "app/first_run.hpp"
#include "app/help_flow.hpp"
#include "app/kiosk_view.hpp"
#include "app/member_visit.hpp"
#include "app/night_sleep.hpp"
#include "app/person.hpp"
#include "app/phone_link.hpp"
#include "sync/login_link.hpp"

namespace escale::kiosk {

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
  bool enrolment_pending() const { return enrolment_.pending; }
  // The exchange the screen asked for (« Inscrire la borne »), once.
  std::optional<EnrolRequest> take_enrol_request();
  // An attempt's outcome (from the exchange thread, handed over by the loop).
  // On success the token is saved in the local store (one transaction) and
  // returned: the sync client starts with it.
  std::optional<std::string> on_enrol_outcome(const EnrolOutcome& outcome,
                                              std::optional<std::chrono::milliseconds> will_retry_in, Instant at);

  // ---- « Mon espace » on the member's phone (app/phone_link.cpp)
  // The login link the phone-link screen asked for (« Sur mon téléphone »,
  // « Réessayer »), once: the runtime asks the server off the UI thread.
  std::optional<PhoneLinkRequest> take_phone_link_request();
  // Its answer (from the exchange's thread, handed over by the loop). An
  // answer to a request the screen no longer waits for is dropped (false).
  bool on_phone_link_outcome(std::uint64_t request_id, const LoginLinkOutcome& outcome);

  // ---- after enrolment: « préparation » until the first pull has landed
  // Enrolled, the first pull not landed (kept in the store: a restart stays
  // in préparation; a kiosk that has synced never enters it). Badges tapped
  // meanwhile are noted with their time; once refresh() sees the pull done,
  // each is decided as a tap at its own time (check-in, check-out, already
  // here; unknown badges and animators are dropped with a log line), once.
  bool preparing() const { return preparation_.active; }
  // The runtime passes on whether the last exchange with the server failed:
  // the préparation screen then says so (taps are still noted).
  void set_sync_trouble(bool trouble) { preparation_.sync_trouble = trouble; }

  // ---- night sleep
  // A touch anywhere (even one that taps nothing): wakes a sleeping screen.
  void on_touch(Instant at) { sleep_.last_interaction = at; }
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

  // ---- the flows, read-only: what the app holds of the person on screen
  // (tests check that nothing of them stays once the screen went back to attract).
  const MemberVisit& member_visit() const { return visit_; }
  const BookingFlow& booking_flow() const { return booking_; }
  const AnimatorSession& animator_session() const { return animator_; }
  const HelpFlow& help_flow() const { return help_; }
  const AgendaMode& agenda_mode() const { return agenda_; }
  const PhoneLinkFlow& phone_link_flow() const { return phone_; }

 private:
  static constexpr std::string_view kStorageError =
      "Votre passage n’a pas pu être enregistré. Prévenez l’accueil, s’il vous plaît.";
  static constexpr std::string_view kBookingStorageError =
      "La réservation n’a pas pu être enregistrée. Prévenez l’accueil, s’il vous plaît.";

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
  void back_to_menu(Instant at);
  void confirm(Instant at);

  // Booking flow (app/booking_flow.cpp): for the member on screen, or in
  // animator mode for the member the animator acts for (`animator_.errand.subject`)
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

  // « Mon espace » on the member's phone (app/phone_link.cpp)
  bool phone_link_offered() const;  // a member on screen, a server to ask
  void ask_phone_link(Instant at);

  // Animator mode: the help agenda (app/agenda_mode.cpp)
  void show_agenda(Instant at);
  void mark_participant(int index, mediation::ParticipantStatus status, Instant at);
  void open_activity(int index, Instant at);
  void toggle_choice(int arg, Instant at);
  void submit_activity(Instant at);
  void agenda_walk_in(Instant at);
  bool on_agenda_action(const UiAction& action, Instant at);  // true when handled

  // Animator mode (app/animator_session.cpp)
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
  ReaderHealth reader_ = ReaderHealth::Ok;
  std::string reader_detail_;
  std::string last_error_;

  EnrolmentFlow enrolment_;  // app/first_run.hpp: first run, until the kiosk has its token
  Preparation preparation_;  // app/first_run.hpp: after enrolment, until the first pull
  NightSleep sleep_;         // app/night_sleep.hpp

  // What the app keeps of the store between syncs (refresh()).
  std::vector<Resource> resources_;
  std::optional<OpeningHours> hours_;
  sync::SiteRules rules_;

  // The flows: everything of the person on screen, each forgotten by
  // assignment when it is left, and all of them when the screen goes back
  // to attract (clear_person). view() copies what they show.
  MemberVisit visit_;            // app/member_visit.hpp: the member who badged
  BookingFlow booking_;          // app/booking_flow.hpp: booking, listing, moving, cancelling
  AnimatorSession animator_;     // app/animator_session.hpp: the PIN, then animator mode
  HelpFlow help_;                // app/help_flow.hpp
  AgendaMode agenda_;            // app/agenda_mode.hpp
  PhoneLinkFlow phone_;          // app/phone_link.hpp: the login link on screen (forgotten when it is left)
  std::string printer_problem_;  // set by the runtime (set_printer_problem)

  // Login-link requests are numbered: the answer to an older one (the member
  // left, or asked again) is dropped, never shown.
  std::uint64_t phone_link_requests_ = 0;
};

}  // namespace escale::kiosk
