// « Prévenez-moi si une place se libère » (issue 18): waiting lists for a
// desk. SQL for the booking_waits table of schema 9 (and bookings.hold_until).
//
// A member waits for a part of a day at a site when every desk is taken.
// When one frees (a cancellation, a no-show), process_waits — run by the
// server every minute — books it for the first member waiting (in the order
// they asked) as a booking held for kOfferHold: others see it taken, and the
// member gets a message with a link to take it. Not taken in time, the held
// booking is cancelled and the place goes to the next one waiting. Taken, the
// booking is an ordinary one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "booking/booking.hpp"
#include "result.hpp"
#include "store/database.hpp"
#include "store/member_bookings.hpp"
#include "time/clock.hpp"

namespace escale::server {

inline constexpr std::chrono::minutes kOfferHold{30};

enum class WaitState { Waiting, Offered, Booked, Expired, Cancelled };
std::string_view to_string(WaitState s);

struct WaitRow {
  std::int64_t id = 0;
  std::int64_t member_id = 0;
  std::int64_t site_id = 0;
  Instant start{};
  Instant end{};
  WaitState state = WaitState::Waiting;
  std::optional<std::string> booking_id;  // the held booking of an offer
  std::optional<Instant> offer_expires_at;
};

// The member waits for a desk for this part of this day. Refused (a
// sentence) when the day or part does not exist, has begun, the member may
// not use the site, already waits for it, or a desk is free (book it instead).
Result<WaitRow> join_wait(store::Database& db, const BookingWish& wish, const CivilDate& day, Instant now);
// The member's waits and offers still running, soonest first.
std::vector<WaitRow> member_waits(store::Database& db, std::int64_t member_id, Instant now);
// The member stops waiting (an offer: its held booking is cancelled, the next one gets it).
bool leave_wait(store::Database& db, std::int64_t member_id, std::int64_t wait_id, Instant now);

struct OfferMade {
  WaitRow wait;
  Booking booking;
};
// Offers that ran out are cancelled (state expired); then each freed place
// goes to the first member waiting for it. Returns the offers made now (their
// messages are queued in the same transaction).
std::vector<OfferMade> process_waits(store::Database& db, Instant now);

// The member takes the place offered: the booking is theirs for good.
// Refused (a sentence) when the offer ran out or was withdrawn.
Result<Booking> accept_offer(store::Database& db, std::int64_t wait_id, Instant now);

// The link of an offer's message (action link of kind wait_offer, hash only,
// dies with the offer): the wait it names.
std::string issue_offer_link(store::Database& db, std::int64_t wait_id, Instant expires_at, Instant now);
std::optional<WaitRow> wait_of_link(store::Database& db, std::string_view token, Instant now);
std::optional<WaitRow> find_wait(store::Database& db, std::int64_t wait_id);

}  // namespace escale::server
