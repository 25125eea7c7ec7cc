// The account service's own settings, shared by its binary and the all-in-one binary:
// --ledger_follow_settle_s, --ledger_batch_max, --ledger_batch_writers, --points_expiry, --points_expiry_months,
// --transfer_daily_limit_points, --pii_keys_file, --member_events_poll_ms,
// --member_events_threads, --max_streams_per_caller, --max_streams.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/account/append_batcher.h"
#include "services/account/expiry_policy.h"
#include "services/account/grpc/member_event_stream.h"

namespace coalition::account {

struct AccountOptions {
  // How long a gap in the posting sequence may still fill (see LedgerStore::ListAfter); it must
  // exceed the longest a transaction can stay open.
  absl::Duration follow_settle_time = absl::Seconds(15);
  ExpiryPolicy expiry_policy;
  // Group commit: how many postings share a transaction, and how many batches run at once.
  AppendBatcher::Limits ledger_batches;
  // The most points a member may transfer out per UTC day.
  int64_t transfer_daily_limit_points = 10'000;
  // The key ring for personal data (services/common/pii_keyring.h); empty: COALITION_PII_KEYS.
  std::string pii_keys_file;
  // WatchMemberEvents: how often a stream looks for new events, the threads their reads share,
  // and the caps on open streams.
  MemberEventStreamOptions member_event_streams;
};

// INVALID_ARGUMENT naming the flag when one is out of range.
absl::StatusOr<AccountOptions> AccountOptionsFromFlags();

}  // namespace coalition::account
