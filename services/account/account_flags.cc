#include "services/account/account_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(int, ledger_follow_settle_s, 15,
          "seconds after which a gap in the posting sequence is taken as a rollback");

namespace coalition::account {

absl::Duration FollowSettleTimeFromFlags() {
  return absl::Seconds(absl::GetFlag(FLAGS_ledger_follow_settle_s));
}

}  // namespace coalition::account
