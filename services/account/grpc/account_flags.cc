#include "services/account/grpc/account_flags.h"

#include <cstdint>
#include <string>

#include "absl/flags/flag.h"
#include "services/common/status_macros.h"

ABSL_FLAG(int, ledger_follow_settle_s, 15,
          "seconds after which a gap in the posting sequence is taken as a rollback");
ABSL_FLAG(std::string, points_expiry, "fixed",
          "fixed: points expire --points_expiry_months after they were earned; activity: every "
          "earn or spend moves all of a member's points to that long after it; never");
ABSL_FLAG(int, points_expiry_months, 24, "how long points live, in months (1 to 120)");
ABSL_FLAG(int64_t, transfer_daily_limit_points, 10000,
          "the most points a member may transfer to others or a household pool per UTC day");
ABSL_FLAG(int, ledger_batch_max, 64,
          "postings the ledger writes in one transaction at most (1 to 512; 1: no batching)");
ABSL_FLAG(int, ledger_batch_writers, 2,
          "ledger batches written at once (1 to 32); each holds a database connection");

ABSL_FLAG(std::string, pii_keys_file, "",
          "file of the key ring that seals members' personal data (key_id:hex lines, the last "
          "current); if empty, the COALITION_PII_KEYS environment variable");

ABSL_FLAG(int, member_events_poll_ms, 200,
          "how often an open WatchMemberEvents stream looks for new events (10 to 10000 ms)");
ABSL_FLAG(int, member_events_threads, 2,
          "threads that every open WatchMemberEvents stream's reads share (1 to 64); each holds "
          "at most one database connection");
ABSL_FLAG(int, max_streams_per_caller, 32,
          "open WatchMemberEvents streams one caller (x-coalition-caller) may have; beyond it, "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int, max_streams, 2000,
          "open WatchMemberEvents streams this process takes from all callers together");

namespace coalition::account {

absl::StatusOr<AccountOptions> AccountOptionsFromFlags() {
  AccountOptions options;
  options.follow_settle_time = absl::Seconds(absl::GetFlag(FLAGS_ledger_follow_settle_s));
  ASSIGN_OR_RETURN(options.expiry_policy,
                   ExpiryPolicy::Parse(absl::GetFlag(FLAGS_points_expiry),
                                       absl::GetFlag(FLAGS_points_expiry_months)));
  options.transfer_daily_limit_points = absl::GetFlag(FLAGS_transfer_daily_limit_points);
  if (options.transfer_daily_limit_points < 0) {
    return absl::InvalidArgumentError("transfer_daily_limit_points: must not be negative");
  }
  options.ledger_batches.max_batch = absl::GetFlag(FLAGS_ledger_batch_max);
  if (options.ledger_batches.max_batch < 1 || options.ledger_batches.max_batch > 512) {
    return absl::InvalidArgumentError("ledger_batch_max: must be 1 to 512");
  }
  options.ledger_batches.max_writers = absl::GetFlag(FLAGS_ledger_batch_writers);
  if (options.ledger_batches.max_writers < 1 || options.ledger_batches.max_writers > 32) {
    return absl::InvalidArgumentError("ledger_batch_writers: must be 1 to 32");
  }
  options.pii_keys_file = absl::GetFlag(FLAGS_pii_keys_file);
  const int poll_ms = absl::GetFlag(FLAGS_member_events_poll_ms);
  if (poll_ms < 10 || poll_ms > 10'000) {
    return absl::InvalidArgumentError("member_events_poll_ms: must be 10 to 10000");
  }
  MemberEventStreamOptions& streams = options.member_event_streams;
  streams.poll_interval = absl::Milliseconds(poll_ms);
  streams.threads = absl::GetFlag(FLAGS_member_events_threads);
  if (streams.threads < 1 || streams.threads > 64) {
    return absl::InvalidArgumentError("member_events_threads: must be 1 to 64");
  }
  streams.caps.per_caller = absl::GetFlag(FLAGS_max_streams_per_caller);
  streams.caps.total = absl::GetFlag(FLAGS_max_streams);
  if (streams.caps.per_caller < 1) {
    return absl::InvalidArgumentError("max_streams_per_caller: must be at least 1");
  }
  if (streams.caps.total < streams.caps.per_caller) {
    return absl::InvalidArgumentError("max_streams: must be at least max_streams_per_caller");
  }
  return options;
}

}  // namespace coalition::account
