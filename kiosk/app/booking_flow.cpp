// The booking flow of KioskApp (see app/booking_flow.hpp for its state):
// a day, then a desk and a part of the day or a visio start and length, then
// « Réserver » — for the member on screen, or in animator mode for the member
// the animator acts for (a new booking, or « Déplacer »); the member's own
// bookings with « Annuler ». A booking is an intent stored with its outbox
// event, checked first against the kiosk's copy of the rules; the server
// confirms or refuses it, and the screen changes by itself (refresh()).
#include <algorithm>

#include "app/kiosk_app.hpp"
#include "domain/uuid.hpp"

namespace escale::kiosk {
namespace {

Instant day_start(const CivilDate& d) {
  return from_paris(d.year, d.month, d.day, 0, 0);
}

LocalTime midnight(const CivilDate& d) {
  return to_paris(day_start(d));
}

// The next 30-minute mark at or after t (Paris half-hours are UTC half-hours:
// France's offsets are whole hours).
Instant ceil_to_grain(Instant t) {
  const auto grain = std::chrono::duration_cast<std::chrono::milliseconds>(kBookingGrain).count();
  const auto ms = t.time_since_epoch().count();
  const auto rounded = ((ms + grain - 1) / grain) * grain;
  return Instant(std::chrono::milliseconds(rounded));
}

bool holds(const Booking& b, const BookingRules& rules, Instant at) {
  return holds_resource(b.status) && !is_no_show(b, rules, at);
}

}  // namespace

const Person* KioskApp::booking_for() const {
  const auto& who = animator_.who ? animator_.errand.subject : visit_.member;
  return who ? &*who : nullptr;
}

BookingLine KioskApp::line_of(const Booking& b, Instant at, bool with_who) {
  BookingLine l;
  if (const Resource* r = resource(b.resource_id)) {
    l.resource_name = r->name;
    l.resource_name_en = r->name_en;
    l.kind = r->kind;
  }
  l.start = to_paris(b.start);
  l.end = to_paris(b.end);
  l.status = b.status;
  l.refusal = b.refusal;
  const bool still_holds = b.status == BookingStatus::Pending || b.status == BookingStatus::Confirmed;
  l.cancellable = still_holds && !check_cancel(b, at);
  l.movable = l.cancellable;
  if (with_who) {
    if (const auto m = store_.member(b.member_id)) l.who = m->first_name + " " + m->last_name;
  }
  return l;
}

void KioskApp::start_booking(ResourceKind kind, Instant at) {
  if (!booking_for() || !hours_) return;
  booking_.booking_kind = kind;
  booking_.days.clear();
  booking_.day_list.clear();
  const auto& rules = rules_.for_kind(kind);
  const int count = std::min(settings_.days_shown, rules.advance_days + 1);
  const CivilDate today = paris_civil_date(at);
  const std::int64_t who = booking_for()->id;
  std::vector<Resource> of_kind;
  for (const auto& r : resources_) {
    if (r.kind == kind) of_kind.push_back(r);
  }
  // One query for the whole span; each day's grid picks its own bookings.
  const auto bookings = store_.bookings_between(day_start(today), day_start(add_days(today, count)));
  for (int i = 0; i < count; ++i) {
    const CivilDate d = add_days(today, i);
    DayChoice c;
    c.day = midnight(d);
    c.today = i == 0;
    c.open = !opening_intervals(*hours_, d).empty();
    if (c.open) {
      const DayGrid g = availability(of_kind, *hours_, bookings, d, at, who, rules_.desk, rules_.visio_room);
      if (kind == ResourceKind::Desk) {
        // Desks go by half-day or day: the day is « complet » unless some desk
        // has a whole part (what is left of it, today) free, as the grid offers.
        const Instant earliest = ceil_to_grain(at);
        for (const auto& part : day_parts(*hours_, d)) {
          const Instant start = std::max(part.start, earliest);
          for (std::size_t row = 0; row < of_kind.size() && !c.any_free && start < part.end; ++row) {
            c.any_free = g.all_free(row, start, part.end);
          }
        }
      } else {
        c.any_free = std::find(g.cells.begin(), g.cells.end(), SlotState::Free) != g.cells.end();
      }
    }
    booking_.day_list.push_back(d);
    booking_.days.push_back(c);
  }
  show(Screen::BookDay, at);
}

void KioskApp::pick_day(int index, Instant at) {
  if (screen_ != Screen::BookDay || index < 0 || static_cast<std::size_t>(index) >= booking_.day_list.size()) return;
  if (!booking_.days[static_cast<std::size_t>(index)].open) return;
  booking_.chosen_date = booking_.day_list[static_cast<std::size_t>(index)];
  booking_.chosen_day = midnight(booking_.chosen_date);
  if (booking_.booking_kind == ResourceKind::Desk) {
    build_desk_grid(at);
  } else {
    build_visio_starts(at);
  }
}

void KioskApp::build_desk_grid(Instant at) {
  if (!hours_ || !booking_for()) return;
  const auto who = booking_for()->id;
  booking_.grid = DeskGrid{};
  booking_.grid.day = midnight(booking_.chosen_date);
  booking_.parts = {};
  const Instant earliest = ceil_to_grain(at);
  for (const auto& part : day_parts(*hours_, booking_.chosen_date)) {
    const auto col = static_cast<std::size_t>(part.kind == DayPartKind::Morning     ? 0
                                              : part.kind == DayPartKind::Afternoon ? 1
                                                                                    : 2);
    // Today, a part already begun is offered from the next half-hour.
    const Instant start = std::max(part.start, earliest);
    if (start >= part.end) continue;
    booking_.parts[col] = std::pair(start, part.end);
    booking_.grid.parts[col] = std::pair(to_paris(start), to_paris(part.end));
  }
  const auto bookings =
      store_.bookings_between(day_start(booking_.chosen_date), day_start(add_days(booking_.chosen_date, 1)));
  booking_.grid_resources.clear();
  for (const auto& r : resources_) {
    if (r.kind != ResourceKind::Desk) continue;
    booking_.grid_resources.push_back(&r);
    GridRow row;
    row.resource_name = r.name;
    row.features = r.features;
    row.resource_name_en = r.name_en;
    row.features_en = r.features_en;
    for (std::size_t col = 0; col < 3; ++col) {
      if (!booking_.parts[col]) continue;
      const auto [s, e] = *booking_.parts[col];
      CellState state = CellState::Free;
      for (const auto& b : bookings) {
        if (b.resource_id != r.id || !holds(b, rules_.desk, at) || !overlaps(b.start, b.end, s, e)) continue;
        if (booking_.being_moved && b.id == booking_.being_moved->id)
          continue;  // the booking being moved does not block itself
        if (b.member_id == who) {
          state = CellState::Mine;
        } else if (state != CellState::Mine) {
          state = CellState::Taken;
        }
      }
      row.cells[col] = state;
    }
    booking_.grid.rows.push_back(std::move(row));
  }
  show(Screen::BookDeskGrid, at);
}

std::pair<std::vector<Resource>, DayGrid> KioskApp::visio_day(Instant at) {
  std::vector<Resource> rooms;
  for (const auto& r : resources_) {
    if (r.kind == ResourceKind::VisioRoom) rooms.push_back(r);
  }
  auto bookings =
      store_.bookings_between(day_start(booking_.chosen_date), day_start(add_days(booking_.chosen_date, 1)));
  // The booking being moved does not block its own new time.
  if (booking_.being_moved) std::erase_if(bookings, [&](const Booking& b) { return b.id == booking_.being_moved->id; });
  DayGrid g = availability(rooms, *hours_, bookings, booking_.chosen_date, at, booking_for()->id, rules_.desk,
                           rules_.visio_room);
  return {std::move(rooms), std::move(g)};
}

void KioskApp::build_visio_starts(Instant at) {
  if (!hours_ || !booking_for()) return;
  const auto [rooms, g] = visio_day(at);
  booking_.choices.clear();
  booking_.choice_times.clear();
  booking_.choosing_duration = false;
  for (int slot = 0; slot < g.slot_count; ++slot) {
    bool any_open = false;
    bool any_free = false;
    for (std::size_t row = 0; row < rooms.size(); ++row) {
      const SlotState st = g.at(row, static_cast<std::size_t>(slot));
      if (st == SlotState::Free) any_free = true;
      if (st == SlotState::Free || st == SlotState::Taken || st == SlotState::Mine) any_open = true;
    }
    if (!any_open) continue;  // lunch break or past: not offered at all
    const Instant s = g.slot_start(slot);
    Choice c;
    c.start = to_paris(s);
    c.end = to_paris(s + kBookingGrain);
    c.minutes = static_cast<int>(kBookingGrain.count());
    c.free = any_free;
    booking_.choices.push_back(c);
    booking_.choice_times.emplace_back(s, s + kBookingGrain);
  }
  show(Screen::BookVisioStart, at);
}

void KioskApp::pick_cell(int index, Instant at) {
  if (screen_ != Screen::BookDeskGrid || index < 0) return;
  const auto row = static_cast<std::size_t>(index / 3);
  const auto col = static_cast<std::size_t>(index % 3);
  if (row >= booking_.grid_resources.size() || row >= booking_.grid.rows.size() || !booking_.parts[col]) return;
  if (booking_.grid.rows[row].cells[col] != CellState::Free) return;
  Booking b;
  b.id = booking_.being_moved ? booking_.being_moved->id : make_uuid_v4();
  b.site_id = site_id_;
  b.resource_id = booking_.grid_resources[row]->id;
  b.member_id = booking_for()->id;
  b.start = booking_.parts[col]->first;
  b.end = booking_.parts[col]->second;
  b.status = BookingStatus::Pending;
  // A booking moved keeps its hours (and so its length) when they fit in
  // the part chosen: 9 h – 11 h stays 9 h – 11 h on another desk or day,
  // rather than growing to the whole morning.
  if (booking_.being_moved) {
    const LocalTime from = to_paris(booking_.being_moved->start);
    const LocalTime to = to_paris(booking_.being_moved->end);
    const Instant start = from_paris(booking_.chosen_date.year, booking_.chosen_date.month, booking_.chosen_date.day,
                                     from.hour, from.minute);
    const Instant end = start + (booking_.being_moved->end - booking_.being_moved->start);
    const LocalTime end_local = to_paris(end);
    const bool same_day_end = end_local.hour == to.hour && end_local.minute == to.minute;
    if (same_day_end && start >= b.start && end <= b.end) {
      b.start = start;
      b.end = end;
    }
  }
  booking_.draft = b;
  booking_.booking = line_of(b, at, animator_.who.has_value());
  show(Screen::BookConfirm, at);
}

void KioskApp::pick_choice(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= booking_.choices.size() || !booking_for()) return;
  const Choice& c = booking_.choices[static_cast<std::size_t>(index)];
  if (!c.free) return;
  const auto [rooms, g] = visio_day(at);
  if (screen_ == Screen::BookVisioStart) {
    booking_.chosen_start = booking_.choice_times[static_cast<std::size_t>(index)].first;
    booking_.choices.clear();
    booking_.choice_times.clear();
    booking_.choosing_duration = true;
    const auto max = rules_.visio_room.max_duration;
    for (auto len = kBookingGrain; len <= max && booking_.choices.size() < 8; len += kBookingGrain) {
      const Instant end = *booking_.chosen_start + len;
      bool free = false;
      for (std::size_t row = 0; row < rooms.size(); ++row) free = free || g.all_free(row, *booking_.chosen_start, end);
      Choice d;
      d.start = to_paris(*booking_.chosen_start);
      d.end = to_paris(end);
      d.minutes = static_cast<int>(len.count());
      d.free = free;
      booking_.choices.push_back(d);
      booking_.choice_times.emplace_back(*booking_.chosen_start, end);
    }
    show(Screen::BookVisioDuration, at);
    // A booking moved keeps its length when it is free at the new start:
    // straight to the question (« Retour » there offers the other lengths).
    if (booking_.being_moved) {
      const auto length = booking_.being_moved->end - booking_.being_moved->start;
      for (std::size_t i = 0; i < booking_.choice_times.size(); ++i) {
        const auto& [s, e] = booking_.choice_times[i];
        if (e - s == length && booking_.choices[i].free) {
          pick_choice(static_cast<int>(i), at);
          break;
        }
      }
    }
    return;
  }
  if (screen_ != Screen::BookVisioDuration) return;
  const auto [start, end] = booking_.choice_times[static_cast<std::size_t>(index)];
  const Resource* room = nullptr;
  for (std::size_t row = 0; row < rooms.size() && !room; ++row) {
    if (g.all_free(row, start, end)) room = resource(rooms[row].id);
  }
  if (!room) return;
  Booking b;
  b.id = booking_.being_moved ? booking_.being_moved->id : make_uuid_v4();
  b.site_id = site_id_;
  b.resource_id = room->id;
  b.member_id = booking_for()->id;
  b.start = start;
  b.end = end;
  b.status = BookingStatus::Pending;
  booking_.draft = b;
  booking_.booking = line_of(b, at, animator_.who.has_value());
  show(Screen::BookConfirm, at);
}

std::optional<Refusal> KioskApp::check_locally(const Booking& candidate, Instant at) {
  const Resource* r = resource(candidate.resource_id);
  if (!r) return Refusal::UnknownResource;
  if (!hours_) return Refusal::ClosedDay;
  const CivilDate d = paris_civil_date(candidate.start);
  const auto day_bookings = store_.bookings_between(day_start(d), day_start(add_days(d, 1)));
  std::vector<Booking> on_resource;
  for (const auto& b : day_bookings) {
    if (b.resource_id == r->id) on_resource.push_back(b);
  }
  const CivilDate monday = add_days(d, 1 - iso_weekday(d));
  std::vector<Booking> of_member;
  for (const auto& b : store_.bookings_between(day_start(monday), day_start(add_days(monday, 7)))) {
    const Resource* br = resource(b.resource_id);
    if (b.member_id == candidate.member_id && br && br->kind == r->kind) of_member.push_back(b);
  }
  const RuleContext ctx{*r, *hours_, rules_.for_kind(r->kind), at, on_resource, of_member};
  return check_booking(candidate, ctx);
}

void KioskApp::confirm_booking(Instant at) {
  if (!booking_.draft) return;
  if (const auto refusal = check_locally(*booking_.draft, at)) {
    // The kiosk's own copy already says no: nothing is stored.
    Booking refused = *booking_.draft;
    refused.status = BookingStatus::Refused;
    refused.refusal = refusal;
    booking_.booking = line_of(refused, at, animator_.who.has_value());
    booking_.shown_booking_id.reset();
    booking_.qr_url.clear();
    show(animator_.who ? Screen::AnimatorDone : Screen::Booked, at);
    if (animator_.who) {
      animator_.done = DoneMessage{booking_.being_moved ? DoneKind::BookingMoved : DoneKind::BookingMade,
                                   booking_.booking->who, booking_.booking, std::nullopt};
    }
    return;
  }
  const std::optional<std::int64_t> by = animator_.who ? std::optional(animator_.who->id) : std::nullopt;
  if (booking_.being_moved) {
    store_.record_booking_move(booking_.draft->id, booking_.draft->resource_id, booking_.draft->start,
                               booking_.draft->end, at, by);
    const auto moved = store_.find_booking(booking_.draft->id);
    done(DoneKind::BookingMoved, animator_.errand.subject ? animator_.errand.subject->full_name() : std::string(),
         line_of(moved.value_or(*booking_.draft), at, true), at);
    booking_.being_moved.reset();
    booking_.moving.reset();
    return;
  }
  store_.record_booking_request(*booking_.draft, at, by);
  if (animator_.who) {
    done(DoneKind::BookingMade, animator_.errand.subject ? animator_.errand.subject->full_name() : std::string(),
         line_of(*booking_.draft, at, true), at);
    return;
  }
  show_booked(*booking_.draft, at);
}

void KioskApp::show_booked(const Booking& b, Instant at) {
  booking_.shown_booking_id = b.id;
  booking_.booking = line_of(b, at, false);
  booking_.qr_url.clear();
  if (!settings_.public_url.empty()) {
    std::string base = settings_.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    booking_.qr_url = base + "/ics/bookings/" + b.id + ".ics";
  }
  show(Screen::Booked, at);
}

void KioskApp::show_my_bookings(Instant at) {
  if (!visit_.member) return;
  booking_.listed.clear();
  booking_.bookings.clear();
  for (const auto& b : store_.member_bookings(visit_.member->id, at)) {
    if (b.status == BookingStatus::Cancelled || b.status == BookingStatus::NoShow) continue;
    const Resource* r = resource(b.resource_id);
    const BookingRules& rules = rules_.for_kind(r ? r->kind : ResourceKind::Desk);
    if (b.status != BookingStatus::Refused && !holds(b, rules, at) && b.status != BookingStatus::CheckedIn) {
      continue;
    }
    booking_.listed.push_back(b);
    booking_.bookings.push_back(line_of(b, at, false));
  }
  show(Screen::MyBookings, at);
}

}  // namespace escale::kiosk
