// Partners' reward catalogues: rewards at a fixed points price with limited stock. An order takes
// its stock first (under the reward's row lock, so stock never goes below zero however many
// order at once), then spends the points as a one-step redemption, which goes through every
// control a redemption does; if the spending is refused, the stock is given back.
//
// An order runs once per idempotency key (RequestClaims), so a copy never gives back a twin's stock.
//
//   RewardCatalogue catalogue(store, redemption, accounts, claims, ids, clock);
//   ASSIGN_OR_RETURN(v1::RewardOrder order, catalogue.Order("hotel-app", request));
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/request_claims.h"
#include "services/redemption/redemption.h"
#include "services/redemption/reward_store.h"

namespace coalition::redemption {

inline constexpr int kMaxOrderQuantity = 10;

class RewardCatalogue {
 public:
  RewardCatalogue(RewardStore& store, Redemption& redemption, account::AccountApi& accounts,
                  RequestClaims& claims, const IdDeriver& ids, const Clock& clock)
      : store_(store),
        redemption_(redemption),
        accounts_(accounts),
        claims_(claims),
        ids_(ids),
        clock_(clock) {}

  absl::StatusOr<v1::Reward> Put(absl::string_view caller, const v1::PutRewardRequest& request);
  absl::StatusOr<v1::ListRewardsResponse> List(const v1::ListRewardsRequest& request);
  absl::StatusOr<v1::RewardOrder> Order(absl::string_view caller,
                                        const v1::OrderRewardRequest& request);
  // Spends (or cancels) orders a crash left between taking their stock and spending their points;
  // adds them to `response`.
  absl::Status FinishInterrupted(const v1::FinishInterruptedRequest& request,
                                 v1::FinishInterruptedResponse& response);

 private:
  // Spends the order's points (a one-step redemption keyed by the order) and records it; gives
  // the stock back if the spending is refused.
  absl::StatusOr<v1::RewardOrder> Spend(absl::string_view caller, v1::RewardOrder order);

  RewardStore& store_;
  Redemption& redemption_;
  account::AccountApi& accounts_;
  RequestClaims& claims_;
  const IdDeriver& ids_;
  const Clock& clock_;
};

// Everything a crash may have left unfinished: holds' closes, refunds and orders.
absl::StatusOr<v1::FinishInterruptedResponse> FinishAllInterrupted(
    Redemption& redemption, RewardCatalogue& catalogue,
    const v1::FinishInterruptedRequest& request);

}  // namespace coalition::redemption
