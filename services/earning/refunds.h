// Refunds of purchases: the points a refunded purchase earned go back to the partner that issued
// them, in proportion to the amount refunded, by one REVERSE posting per refund (member's MEMBER
// -> partner's PARTNER_ISSUED).
//
// Policy when the member has already spent the points (docs/earning.md): the reversal is
// capped at the member's available points; the rest stays spent. Balances never go negative,
// and the refund records both what was due and what was taken back.
//
// A refund runs once per idempotency key (RequestClaims): a copy of the request waits for the
// first attempt's answer, and a reversal refused because the member spent the points meanwhile is
// decided again under a ledger key of its own (ClaimedRefund), never re-sent under the refused one.
//
//   Refunds refunds(store, purchases, accounts, claims, ids, clock);
//   absl::StatusOr<v1::Refund> refund = refunds.Refund("car-rental", request);
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/ids.h"
#include "services/common/request_claims.h"
#include "services/earning/purchase_store.h"
#include "services/earning/refund_store.h"

namespace coalition::earning {

class Refunds {
 public:
  Refunds(RefundStore& store, PurchaseStore& purchases, account::AccountApi& accounts,
          RequestClaims& claims, const IdDeriver& ids, const Clock& clock)
      : store_(store),
        purchases_(purchases),
        accounts_(accounts),
        claims_(claims),
        ids_(ids),
        clock_(clock) {}

  absl::StatusOr<v1::Refund> Refund(absl::string_view caller,
                                    const v1::RefundPurchaseRequest& request);

 private:
  // The refund's work, once the request holds its key's claim.
  absl::StatusOr<v1::Refund> RefundClaimed(const RequestKey& key,
                                           const v1::RefundPurchaseRequest& request);
  // The member's available points, never below zero.
  absl::StatusOr<int64_t> AvailablePoints(const std::string& member_id);

  RefundStore& store_;
  PurchaseStore& purchases_;  // whose funding a reversal is split by
  account::AccountApi& accounts_;
  RequestClaims& claims_;
  const IdDeriver& ids_;
  const Clock& clock_;
};

// The points a refund of `refund_minor` takes back from a purchase that earned `points_earned`
// for `amount_minor`, after refunds of `refunded_before_minor`: the difference of the cumulative
// shares, each rounded down, so refunds that add up to the whole amount reverse exactly every
// point, and no refund ever reverses more than the purchase earned.
int64_t PointsDueForRefund(int64_t points_earned, int64_t amount_minor,
                           int64_t refunded_before_minor, int64_t refund_minor);

}  // namespace coalition::earning
