#include "settlement/grpc/settlement_flags.h"

#include <algorithm>
#include <string>

#include "absl/flags/flag.h"
#include "services/common/limits.h"

ABSL_FLAG(std::string, settlement_period, "monthly",
          "how long a settlement period is: daily, weekly or monthly (UTC); set once for the "
          "coalition, since periods already closed keep their length");

// At most what ListPostings gives in one page (kMaxPostingsPage): a larger page would be refused.
ABSL_FLAG(int32_t, settlement_follow_page_size, coalition::kMaxPostingsPage,
          "postings per page read from the ledger (1 to 5000)");
ABSL_FLAG(int, settlement_follow_pages, 40,
          "pages one catch-up reads at most: a close's bounded step, and the follower's");

namespace coalition::settlement {

absl::StatusOr<PeriodCalendar> CalendarFromFlags() {
  return PeriodCalendar::Parse(absl::GetFlag(FLAGS_settlement_period));
}

FollowLimits FollowLimitsFromFlags() {
  return {std::clamp(absl::GetFlag(FLAGS_settlement_follow_page_size), 1, kMaxPostingsPage),
          std::max(absl::GetFlag(FLAGS_settlement_follow_pages), 1)};
}

}  // namespace coalition::settlement
