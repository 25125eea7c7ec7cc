// The expiry run: moves every point past its expiry to the operator's breakage account.
// Knows nothing of gRPC or SQL; the operator triggers it (RunExpiry), e.g. from a nightly cron.
//
// Bounded: one call expires at most max_members members, in batches of kBatchMembers. Resumable:
// the run's as-of time is fixed when its request_id is first seen, each member's expiry is one
// transaction, and what is left is found again by the next call with the same request_id.
// Safe to run concurrently with itself: a member's points are expired under its row lock, and a
// second run finds nothing left.
//
//   PointsExpiry expiry(store, clock);
//   absl::StatusOr<v1::ExpiryRun> run = expiry.Run("operator", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/ledger_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class PointsExpiry {
 public:
  static constexpr int kBatchMembers = 200;

  PointsExpiry(LedgerStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  absl::StatusOr<v1::ExpiryRun> Run(absl::string_view caller, const v1::RunExpiryRequest& request);

 private:
  LedgerStore& store_;
  const Clock& clock_;
};

}  // namespace coalition::account
