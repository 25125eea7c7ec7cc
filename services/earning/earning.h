// The earning logic: a partner's purchase becomes points at the partner's earn rate, credited to
// the member by one ledger posting (partner's PARTNER_ISSUED -> member's MEMBER).
//
//   Earning earning(store, accounts, clock);
//   absl::StatusOr<v1::Purchase> purchase = earning.RecordPurchase("car-rental", request);
//
// The purchase is claimed first (unique on the request key and on the partner transaction), then
// posted under a ledger key made from the partner transaction. So however requests race, a
// transaction is credited once and a request id buys one purchase; a retry after a crash between
// the two steps finds its claim and re-sends the same posting, which the ledger returns unchanged.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/account/client/account_api.h"
#include "services/account/client/partner_cache.h"
#include "services/common/clock.h"
#include "services/earning/purchase_store.h"

namespace coalition::earning {

inline constexpr int64_t kMaxAmountMinor = 1'000'000'000'000;  // 10^10 in major units

class Earning {
 public:
  Earning(PurchaseStore& store, account::AccountApi& accounts, const Clock& clock)
      : store_(store), accounts_(accounts), partners_(accounts), clock_(clock) {}

  absl::StatusOr<v1::Purchase> RecordPurchase(absl::string_view caller,
                                              const v1::RecordPurchaseRequest& request);

 private:
  // Credits the claimed purchase's points; withdraws the claim if the ledger refuses for good.
  absl::StatusOr<v1::Purchase> Credit(v1::Purchase purchase);

  PurchaseStore& store_;
  account::AccountApi& accounts_;
  account::PartnerCache partners_;
  const Clock& clock_;
};

absl::Status ValidatePurchaseRequest(const v1::RecordPurchaseRequest& request);

}  // namespace coalition::earning
