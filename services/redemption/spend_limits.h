// The fraud limits on a member's spending, as pure functions (the store supplies the counts).
//
//   RETURN_IF_ERROR(CheckLimits(limits, {.spent_today = 900, .in_last_minute = 2}, 200));
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "coalition/redemption/v1/redemption.pb.h"

namespace coalition::redemption {

inline constexpr absl::Duration kVelocityWindow = absl::Minutes(1);

// A member's recent spending, as the limits see it.
struct RecentSpending {
  int64_t spent_today = 0;  // points, this UTC day
  int in_last_minute = 0;   // redemptions, holds and orders
};

// RESOURCE_EXHAUSTED naming the limit and what is left, if spending `points` more would break
// a limit. Names the control in `control` ("daily limit" or "velocity") when it refuses.
absl::Status CheckLimits(const v1::BurnLimits& limits, const RecentSpending& recent, int64_t points,
                         std::string* control);

// INVALID_ARGUMENT for negative limits.
absl::Status ValidateBurnLimits(const v1::BurnLimits& limits);

// The start of `now`'s UTC day, which the daily limit counts from.
absl::Time StartOfUtcDay(absl::Time now);

}  // namespace coalition::redemption
