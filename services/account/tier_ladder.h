// The tier ladder's rules: what a valid ladder is, which tier a member's qualifying points reach,
// and the calendar arithmetic of the qualifying window. Pure functions, unit-tested directly.
//
// Qualifying points are the points a member earned (EARN postings, at any partner) in the last
// `window_months` calendar months, this one included. A member moves up as soon as an earn
// crosses a threshold, and down only at the annual review (12 months after the last move up).
//
//   const int rank = QualifiedRank(ladder, qualifying_points);
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"

namespace coalition::account {

inline constexpr int kMaxTierLevels = 10;
inline constexpr int kReviewMonths = 12;

// The ladder before the operator sets one: everybody at one level.
v1::TierLadder BuiltInTierLadder();

// INVALID_ARGUMENT naming the field, e.g. "levels[2].qualifying_points: must be above ...".
absl::Status ValidateTierLadder(const v1::SetTierLadderRequest& request);

// The highest rank whose threshold `qualifying_points` reaches.
int QualifiedRank(const v1::TierLadder& ladder, int64_t qualifying_points);

// Months since year 0 (year * 12 + month - 1) of `time`'s UTC date.
int MonthIndex(absl::Time time);

// The first month of the qualifying window that ends with `now`'s month.
int WindowStartMonth(const v1::TierLadder& ladder, absl::Time now);

// How a member at `rank` stands, for the summary.
v1::MemberTier DescribeTier(const v1::TierLadder& ladder, int rank, int64_t qualifying_points,
                            int64_t review_at_us);

}  // namespace coalition::account
