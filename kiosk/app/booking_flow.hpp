// Booking a desk or the visio room, listing, moving and cancelling bookings:
// for the member on screen, or in animator mode for the member the animator
// acts for. What the booking screens show, and what is behind them (the days,
// desks and times by index, the booking being drafted, moved or cancelled).
// KioskApp's steps are in app/booking_flow.cpp; the flow is forgotten by
// assignment (`booking_ = BookingFlow{}`) when it is left and with the person.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kiosk_view.hpp"
#include "booking/booking.hpp"

namespace escale::kiosk {

struct BookingFlow {
  // What the screens show (the KioskView fields of the same names).
  ResourceKind booking_kind = ResourceKind::Desk;
  std::vector<DayChoice> days;  // BookDay
  LocalTime chosen_day{};       // BookDeskGrid, BookVisioStart, BookVisioDuration
  DeskGrid grid;                // BookDeskGrid
  std::vector<Choice> choices;  // BookVisioStart, BookVisioDuration
  bool choosing_duration = false;
  std::optional<BookingLine> booking;  // BookConfirm, Booked, CancelConfirm, Cancelled, AnimatorConfirm
  std::string qr_url;                  // Booked
  std::vector<BookingLine> bookings;   // MyBookings, AnimatorBookings
  std::optional<BookingLine> moving;   // animator: the booking being moved, as it was

  // Behind the screens, by index of what is shown.
  std::vector<CivilDate> day_list;  // BookDay
  CivilDate chosen_date{};
  std::vector<const Resource*> grid_resources;                        // BookDeskGrid rows
  std::array<std::optional<std::pair<Instant, Instant>>, 3> parts{};  // BookDeskGrid columns
  std::vector<std::pair<Instant, Instant>> choice_times;              // `choices`
  std::optional<Instant> chosen_start;                                // visio: the start chosen
  std::optional<Booking> draft;                                       // BookConfirm
  std::optional<std::string> shown_booking_id;                        // Booked: refreshed after a sync
  std::vector<Booking> listed;                                        // `bookings`
  std::optional<Booking> being_moved;                                 // animator « Déplacer »
  std::optional<Booking> cancelling;

  void show_in(KioskView& v) const {
    v.booking_kind = booking_kind;
    v.days = days;
    v.chosen_day = chosen_day;
    v.grid = grid;
    v.choices = choices;
    v.choosing_duration = choosing_duration;
    v.booking = booking;
    v.qr_url = qr_url;
    v.bookings = bookings;
    v.moving = moving;
  }
};

}  // namespace escale::kiosk
