// Storage of the tier ladder, members' tiers, their history and review runs. Members' qualifying
// points are recorded by the ledger's own append transaction (PostingPlanner plans them and the
// upgrade, the ledger writer writes them), so an upgrade commits with the earn that caused it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/request_key.h"

namespace coalition::account {

class TierStore {
 public:
  virtual ~TierStore() = default;

  // Publishes `ladder` as the next version; a repeated key returns the version it published
  // (ALREADY_EXISTS if its fingerprint differs).
  virtual absl::StatusOr<v1::TierLadder> PublishLadder(const RequestKey& key,
                                                       const v1::TierLadder& ladder) = 0;
  // The newest ladder, or the built-in one if none was published. May be a few seconds old.
  virtual absl::StatusOr<v1::TierLadder> CurrentLadder() = 0;

  // Review runs, keyed and resumable like expiry runs (see LedgerStore::StartExpiryRun).
  virtual absl::StatusOr<v1::TierReviewRun> StartReview(const RequestKey& key,
                                                        absl::Time as_of) = 0;
  virtual absl::StatusOr<v1::TierReviewRun> EndReviewStep(const v1::TierReviewRun& run,
                                                          bool complete) = 0;
  virtual absl::StatusOr<std::vector<std::string>> MembersDueForReview(absl::Time as_of,
                                                                       int limit) = 0;
  // Under the member's row lock: if its review is due by the run's as-of time, sets its tier to
  // what its qualifying points at `now` reach under the current ladder, records a change if it
  // moved, moves the review on by whole years past the as-of time, and counts it in the run.
  virtual absl::Status ReviewMember(const v1::TierReviewRun& run, const std::string& member_id,
                                    absl::Time now) = 0;

  // The member's tier now under the current ladder; NOT_FOUND for an unknown member.
  virtual absl::StatusOr<v1::MemberTier> MemberTier(const std::string& member_id,
                                                    absl::Time now) = 0;

  struct ChangePage {
    std::vector<v1::TierChange> changes;
    std::optional<int64_t> next_cursor;
  };
  // The member's tier changes, newest first, before `cursor`.
  virtual absl::StatusOr<ChangePage> ListChanges(const std::string& member_id,
                                                 std::optional<int64_t> cursor, int limit) = 0;
};

}  // namespace coalition::account
