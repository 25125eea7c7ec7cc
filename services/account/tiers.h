// The tiers' logic: the operator's ladder, the annual review, and a member's tier history.
// Knows nothing of gRPC or SQL. Upgrades happen in the ledger's earn transaction (TierStore).
//
//   Tiers tiers(store, clock);
//   absl::StatusOr<v1::TierReviewRun> run = tiers.RunTierReview("operator", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/tier_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class Tiers {
 public:
  static constexpr int kBatchMembers = 200;

  Tiers(TierStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  absl::StatusOr<v1::TierLadder> SetTierLadder(absl::string_view caller,
                                               const v1::SetTierLadderRequest& request);
  absl::StatusOr<v1::TierLadder> GetTierLadder();
  // Bounded and resumable under its request_id, like PointsExpiry::Run.
  absl::StatusOr<v1::TierReviewRun> RunTierReview(absl::string_view caller,
                                                  const v1::RunTierReviewRequest& request);
  absl::StatusOr<v1::ListTierChangesResponse> ListTierChanges(
      const v1::ListTierChangesRequest& request);
  absl::StatusOr<v1::MemberTier> GetMemberTier(const v1::GetMemberTierRequest& request);

 private:
  TierStore& store_;
  const Clock& clock_;
};

}  // namespace coalition::account
