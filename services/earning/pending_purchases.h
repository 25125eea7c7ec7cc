// Pending purchases leave PENDING once: confirmed by the partner (the points become spendable),
// cancelled by it, or lapsed when the partner's TTL runs out (both give the points back to the
// partner). The purchase row's conditional UPDATE decides which happens; the ledger posting
// follows under a key made from the partner's transaction, so a retry re-sends the same one.
//
//   PendingPurchases pending(store, accounts, clock);
//   absl::StatusOr<v1::Purchase> confirmed = pending.Confirm("car-rental", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/earning/purchase_store.h"

namespace coalition::earning {

class PendingPurchases {
 public:
  static constexpr int kBatchPurchases = 200;

  PendingPurchases(PurchaseStore& store, account::AccountApi& accounts, const Clock& clock)
      : store_(store), accounts_(accounts), clock_(clock) {}

  absl::StatusOr<v1::Purchase> Confirm(absl::string_view caller,
                                       const v1::SettlePurchaseRequest& request);
  absl::StatusOr<v1::Purchase> Cancel(absl::string_view caller,
                                      const v1::SettlePurchaseRequest& request);
  // Bounded and resumable under its request_id, like the account service's expiry run.
  absl::StatusOr<v1::PendingLapseRun> Lapse(absl::string_view caller,
                                            const v1::LapsePendingPurchasesRequest& request);

 private:
  absl::StatusOr<v1::Purchase> Settle(absl::string_view caller,
                                      const v1::SettlePurchaseRequest& request,
                                      v1::Purchase::State to);
  // Moves the purchase out of PENDING under `key` and posts its points where they go.
  absl::StatusOr<v1::Purchase> SettleStored(const PurchaseStore::Stored& stored,
                                            const RequestKey& key, v1::Purchase::State to);

  PurchaseStore& store_;
  account::AccountApi& accounts_;
  const Clock& clock_;
};

}  // namespace coalition::earning
