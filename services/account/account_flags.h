// The account service's own flag, shared by its binary and the all-in-one binary:
// --ledger_follow_settle_s, how long a gap in the posting sequence may still fill.
#pragma once

#include "absl/time/time.h"

namespace coalition::account {

absl::Duration FollowSettleTimeFromFlags();

}  // namespace coalition::account
