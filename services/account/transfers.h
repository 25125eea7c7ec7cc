// Transfers of points from a member to another member or into the household pool the sender
// belongs to. Points keep their lots and expiry dates; a sender may send at most a daily limit
// per UTC day (a fraud control: a taken-over account cannot be emptied in one go).
//
//   Transfers transfers(store, clock, /*daily_limit_points=*/10'000);
//   absl::StatusOr<v1::Transfer> sent = transfers.Transfer("mobile-app", request);
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/transfer_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class Transfers {
 public:
  Transfers(TransferStore& store, const Clock& clock, int64_t daily_limit_points)
      : store_(store), clock_(clock), daily_limit_points_(daily_limit_points) {}

  absl::StatusOr<v1::Transfer> Transfer(absl::string_view caller,
                                        const v1::TransferPointsRequest& request);

 private:
  TransferStore& store_;
  const Clock& clock_;
  const int64_t daily_limit_points_;
};

// INVALID_ARGUMENT naming the field when the request cannot be a transfer.
absl::Status ValidateTransfer(const v1::TransferPointsRequest& request);

}  // namespace coalition::account
