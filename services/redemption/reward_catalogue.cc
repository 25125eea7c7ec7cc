#include "services/redemption/reward_catalogue.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/caller.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::redemption {
namespace {

inline constexpr int64_t kMaxStock = 1'000'000'000;

absl::Status ValidateReward(const v1::Reward& reward) {
  RETURN_IF_ERROR(ValidateId("reward.partner_id", reward.partner_id()));
  RETURN_IF_ERROR(ValidatePartnerSlug("reward.reward_id", reward.reward_id()));
  RETURN_IF_ERROR(ValidateText("reward.name", reward.name(), 200, /*required=*/true));
  RETURN_IF_ERROR(ValidatePositive("reward.points_price", reward.points_price(), kMaxAmount));
  if (reward.stock() < 0 || reward.stock() > kMaxStock) {
    return absl::InvalidArgumentError(
        absl::StrCat("reward.stock: must be 0 to ", kMaxStock, ", got ", reward.stock()));
  }
  return absl::OkStatus();
}

// Bounded so that price x quantity stays far from overflow.
absl::Status ValidateQuantity(int32_t quantity) {
  if (quantity < 0 || quantity > kMaxOrderQuantity) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantity: must be 1 to ", kMaxOrderQuantity, " (0 means 1), got ", quantity));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Reward> RewardCatalogue::Put(absl::string_view caller,
                                                const v1::PutRewardRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateReward(request.reward()));
  RETURN_IF_ERROR(accounts_.GetPartner(request.reward().partner_id()).status());
  return store_.Put(RequestKey::Of(caller, request), request.reward(), clock_.Now());
}

absl::StatusOr<v1::ListRewardsResponse> RewardCatalogue::List(
    const v1::ListRewardsRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  ASSIGN_OR_RETURN(std::vector<v1::Reward> rewards, store_.List(request.partner_id()));
  v1::ListRewardsResponse response;
  for (v1::Reward& reward : rewards) *response.add_rewards() = std::move(reward);
  return response;
}

absl::StatusOr<v1::RewardOrder> RewardCatalogue::Order(absl::string_view caller,
                                                       const v1::OrderRewardRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateId("reward_id", request.reward_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidateQuantity(request.quantity()));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  const RequestKey key = RequestKey::Of(caller, request);
  v1::RewardOrder draft;
  draft.set_order_id(ids_.Derive("ord", {caller, request.request_id()}));
  draft.set_partner_id(request.partner_id());
  draft.set_reward_id(request.reward_id());
  draft.set_member_id(request.member_id());
  draft.set_quantity(request.quantity() == 0 ? 1 : request.quantity());
  *draft.mutable_order_time() = ToProtoTime(clock_.Now());
  return claims_.Run<v1::RewardOrder>(key, [&]() -> absl::StatusOr<v1::RewardOrder> {
    ASSIGN_OR_RETURN(v1::RewardOrder order, store_.Reserve(key, draft));
    if (!order.redemption_id().empty()) return order;  // a retry of a finished order
    return Spend(caller, std::move(order));
  });
}

absl::StatusOr<v1::RewardOrder> RewardCatalogue::Spend(absl::string_view caller,
                                                       v1::RewardOrder order) {
  // Keyed by the order, so a retry after a failure here re-sends the same redemption.
  v1::RedeemRequest redeem;
  redeem.set_request_id(absl::StrCat("order:", order.order_id()));
  redeem.set_partner_id(order.partner_id());
  redeem.set_member_id(order.member_id());
  redeem.set_points(order.points());
  absl::StatusOr<v1::Redemption> spent = redemption_.Redeem(caller, redeem);
  if (!spent.ok()) {
    if (RedeemRefusedForGood(spent.status())) RETURN_IF_ERROR(store_.Cancel(order.order_id()));
    return spent.status();
  }
  RETURN_IF_ERROR(store_.SetRedemption(order.order_id(), spent->redemption_id()));
  order.set_redemption_id(spent->redemption_id());
  return order;
}

absl::Status RewardCatalogue::FinishInterrupted(const v1::FinishInterruptedRequest& request,
                                                v1::FinishInterruptedResponse& response) {
  ASSIGN_OR_RETURN(const int limit, BoundedCount("max_items", request.max_items(), kDefaultSweepItems, kMaxSweepItems));
  ASSIGN_OR_RETURN(const std::vector<RewardStore::UnfinishedOrder> orders,
                   store_.Unfinished(clock_.Now() - kInterruptedAfter, limit));
  for (const RewardStore::UnfinishedOrder& unfinished : orders) {
    absl::StatusOr<v1::RewardOrder> spent = Spend(unfinished.caller, unfinished.order);
    if (!spent.ok() && !RedeemRefusedForGood(spent.status())) return spent.status();
    response.set_orders_finished(response.orders_finished() + 1);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::FinishInterruptedResponse> FinishAllInterrupted(
    Redemption& redemption, RewardCatalogue& catalogue,
    const v1::FinishInterruptedRequest& request) {
  ASSIGN_OR_RETURN(v1::FinishInterruptedResponse response, redemption.FinishInterrupted(request));
  RETURN_IF_ERROR(catalogue.FinishInterrupted(request, response));
  return response;
}

}  // namespace coalition::redemption
