// The settlement service's flags, shared by its own binary and the all-in-one one.
#pragma once

#include "absl/status/statusor.h"
#include "settlement/period_calendar.h"

namespace coalition::settlement {

// --settlement_period: daily, weekly or monthly (the default).
absl::StatusOr<PeriodCalendar> CalendarFromFlags();

// How much of the ledger one catch-up reads: --settlement_follow_page_size postings a page, at
// most --settlement_follow_pages pages (a close's bounded step).
struct FollowLimits {
  int32_t page_size = 5000;
  int pages = 40;
};
FollowLimits FollowLimitsFromFlags();

}  // namespace coalition::settlement
