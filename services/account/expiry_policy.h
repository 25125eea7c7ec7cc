// How long points live: the coalition's expiry policy, set by the operator.
//
//   kFixed:    a lot expires `months` after the day it was earned;
//   kActivity: the same, but every earn or spend by the member moves all of its lots' expiry to
//              `months` after that day (points live as long as the member is active);
//   kNever:    points never expire.
//
// A lot earned on day D expires at 00:00 UTC on the day after D + months, so it is spendable
// through the whole of its last day; D + months is clamped to the month's end (31 Jan + 1 month
// is 28 or 29 Feb).
//
//   ExpiryPolicy policy{ExpiryPolicy::Kind::kFixed, 24};
//   int64_t expire_at_us = policy.ExpiryOfPointsEarnedAt(clock.Now());
#pragma once

#include <cstdint>
#include <limits>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"

namespace coalition::account {

struct ExpiryPolicy {
  enum class Kind { kNever, kFixed, kActivity };

  // The expiry of points that never expire: past any as-of time an expiry run can have.
  static constexpr int64_t kNeverUs = std::numeric_limits<int64_t>::max();

  // "fixed", "activity" or "never"; months from 1 to 120.
  static absl::StatusOr<ExpiryPolicy> Parse(absl::string_view kind, int months);

  Kind kind = Kind::kFixed;
  int months = 24;

  // Microseconds since the epoch at which points earned (or last active) at `time` expire.
  int64_t ExpiryOfPointsEarnedAt(absl::Time time) const;
  bool ExtendsOnActivity() const { return kind == Kind::kActivity; }
};

// 00:00 UTC on the day after the date `months` after `time`'s date (clamped to the month's end):
// the end of the last whole day of a period that starts at `time`.
absl::Time EndOfDayMonthsLater(absl::Time time, int months);

// The postings that are a member's own activity (an earn, a spend, a transfer) under kActivity;
// a suspended member's account refuses them.
bool CountsAsActivity(v1::PostingType type);

}  // namespace coalition::account
