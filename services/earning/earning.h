// The earning logic: a partner's purchase becomes points at the partner's earn rate, credited to
// the member by one ledger posting (partner's PARTNER_ISSUED -> member's MEMBER).
//
//   Earning earning(store, accounts, clock);
//   absl::StatusOr<v1::Purchase> purchase = earning.RecordPurchase("car-rental", request);
//
// Exactly-once crediting rests on the ledger: its posting key is the partner's own transaction
// id, so a crash between posting and recording, retried, re-posts nothing.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/earning/purchase_store.h"

namespace coalition::earning {

inline constexpr int64_t kMaxAmountMinor = 1'000'000'000'000;  // 10^10 in major units

class Earning {
 public:
  Earning(PurchaseStore& store, account::AccountApi& accounts, const Clock& clock)
      : store_(store), accounts_(accounts), clock_(clock) {}

  absl::StatusOr<v1::Purchase> RecordPurchase(absl::string_view caller,
                                              const v1::RecordPurchaseRequest& request);

 private:
  PurchaseStore& store_;
  account::AccountApi& accounts_;
  const Clock& clock_;
};

absl::Status ValidatePurchaseRequest(const v1::RecordPurchaseRequest& request);

}  // namespace coalition::earning
