// The settlement service's flags, shared by its own binary and the all-in-one one.
#pragma once

#include "absl/status/statusor.h"
#include "settlement/ledger_follower.h"
#include "settlement/period_calendar.h"

namespace coalition::settlement {

// --settlement_period: daily, weekly or monthly (the default).
absl::StatusOr<PeriodCalendar> CalendarFromFlags();

// --settlement_follow_page_size and --settlement_follow_pages.
FollowLimits FollowLimitsFromFlags();

}  // namespace coalition::settlement
