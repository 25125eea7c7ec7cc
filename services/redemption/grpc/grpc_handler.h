// Thin gRPC handlers of the redemption service.
#pragma once

#include "coalition/redemption/v1/redemption.grpc.pb.h"
#include "services/redemption/redemption.h"
#include "services/redemption/reward_catalogue.h"
#include "services/redemption/spend_control_admin.h"

namespace coalition::redemption {

class RedemptionServiceHandler final : public v1::RedemptionService::Service {
 public:
  RedemptionServiceHandler(Redemption& redemption, RewardCatalogue& catalogue)
      : redemption_(redemption), catalogue_(catalogue) {}

  grpc::Status Redeem(grpc::ServerContext* context, const v1::RedeemRequest* request,
                      v1::Redemption* response) override;
  grpc::Status HoldPoints(grpc::ServerContext* context, const v1::HoldPointsRequest* request,
                          v1::Hold* response) override;
  grpc::Status CapturePoints(grpc::ServerContext* context, const v1::CapturePointsRequest* request,
                             v1::Hold* response) override;
  grpc::Status VoidHold(grpc::ServerContext* context, const v1::VoidHoldRequest* request,
                        v1::Hold* response) override;
  grpc::Status GetHold(grpc::ServerContext* context, const v1::GetHoldRequest* request,
                       v1::Hold* response) override;
  grpc::Status QuoteRedemption(grpc::ServerContext* context,
                               const v1::QuoteRedemptionRequest* request,
                               v1::RedemptionQuote* response) override;
  grpc::Status RefundRedemption(grpc::ServerContext* context,
                                const v1::RefundRedemptionRequest* request,
                                v1::RedemptionRefund* response) override;
  grpc::Status ListRewards(grpc::ServerContext* context, const v1::ListRewardsRequest* request,
                           v1::ListRewardsResponse* response) override;
  grpc::Status OrderReward(grpc::ServerContext* context, const v1::OrderRewardRequest* request,
                           v1::RewardOrder* response) override;

 private:
  Redemption& redemption_;
  RewardCatalogue& catalogue_;
};

class RedemptionAdminHandler final : public v1::RedemptionAdminService::Service {
 public:
  RedemptionAdminHandler(BurnTermsBook& terms, Redemption& redemption, SpendControlAdmin& controls,
                         RewardCatalogue& catalogue)
      : terms_(terms), redemption_(redemption), controls_(controls), catalogue_(catalogue) {}

  grpc::Status PublishBurnTerms(grpc::ServerContext* context,
                                const v1::PublishBurnTermsRequest* request,
                                v1::BurnTerms* response) override;
  grpc::Status ListBurnTerms(grpc::ServerContext* context, const v1::ListBurnTermsRequest* request,
                             v1::ListBurnTermsResponse* response) override;
  grpc::Status ReleaseExpiredHolds(grpc::ServerContext* context,
                                   const v1::ReleaseExpiredHoldsRequest* request,
                                   v1::ReleaseExpiredHoldsResponse* response) override;
  grpc::Status FinishInterrupted(grpc::ServerContext* context,
                                 const v1::FinishInterruptedRequest* request,
                                 v1::FinishInterruptedResponse* response) override;
  grpc::Status SetPartnerRedemptions(grpc::ServerContext* context,
                                     const v1::SetPartnerRedemptionsRequest* request,
                                     v1::PartnerRedemptions* response) override;
  grpc::Status SetBurnLimits(grpc::ServerContext* context, const v1::SetBurnLimitsRequest* request,
                             v1::BurnLimits* response) override;
  grpc::Status GetBurnLimits(grpc::ServerContext* context, const v1::GetBurnLimitsRequest* request,
                             v1::BurnLimits* response) override;
  grpc::Status ListBurnRefusals(grpc::ServerContext* context,
                                const v1::ListBurnRefusalsRequest* request,
                                v1::ListBurnRefusalsResponse* response) override;
  grpc::Status PutReward(grpc::ServerContext* context, const v1::PutRewardRequest* request,
                         v1::Reward* response) override;

 private:
  BurnTermsBook& terms_;
  Redemption& redemption_;
  SpendControlAdmin& controls_;
  RewardCatalogue& catalogue_;
};

}  // namespace coalition::redemption
