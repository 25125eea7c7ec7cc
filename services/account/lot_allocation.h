// Which lots of points a posting moves. Points in member-owned accounts (a member's available
// points, a hold) are kept in lots, one per credit they came from, each with its own expiry.
// A debit takes the lots that expire first; points that move between member-owned accounts
// (into a hold and back, to another member) keep their lot and its expiry; points that leave
// for a partner or the operator take the oldest lots of those a posting moves; points that come
// from outside (an earn) start a new lot.
//
// Pure functions, unit-tested directly; the MariaDB store applies what they decide.
//
//   std::vector<LotSlice> taken = TakeSoonestExpiring(account_lots, 300);
//   std::vector<LotCredit> credits = AllocateCredits(taken, posting);
#pragma once

#include <cstdint>
#include <vector>

#include "coalition/account/v1/account.pb.h"

namespace coalition::account {

// Points of one lot: the posting that first credited them and when they expire.
struct LotSlice {
  int64_t origin_sequence = 0;
  int64_t expire_at_us = 0;
  int64_t points = 0;

  friend bool operator==(const LotSlice&, const LotSlice&) = default;
};

// Points of one existing lot that left (< 0) or arrived in (> 0) an account with a posting.
struct LotMove {
  int64_t account_id = 0;
  int64_t origin_sequence = 0;
  int64_t points = 0;

  friend bool operator==(const LotMove&, const LotMove&) = default;
};

// The order lots are spent in: soonest expiry first, then oldest origin.
bool SpentBefore(const LotSlice& a, const LotSlice& b);

// Takes `points` from `lots` (an account's lots, any order), soonest-expiring first; the last
// lot taken may be taken in part. Takes less only if the lots hold less.
std::vector<LotSlice> TakeSoonestExpiring(std::vector<LotSlice> lots, int64_t points);

// What one member-owned credit leg of a posting receives: lots moved from the posting's
// member-owned debits, and `new_lot_points` that start a new lot of the posting's own.
struct LotCredit {
  int leg = 0;
  std::vector<LotSlice> moved;
  int64_t new_lot_points = 0;
};

// Gives the lots `taken` by the posting's member-owned debits to its credits: credits to
// accounts outside the members' (a partner, breakage) take the soonest-expiring first, credits
// to member-owned accounts the rest, in leg order.
std::vector<LotCredit> AllocateCredits(std::vector<LotSlice> taken, const v1::Posting& posting);

}  // namespace coalition::account
