// Thin gRPC handlers of the redemption service.
#pragma once

#include "coalition/redemption/v1/redemption.grpc.pb.h"
#include "services/redemption/redemption.h"

namespace coalition::redemption {

class RedemptionServiceHandler final : public v1::RedemptionService::Service {
 public:
  explicit RedemptionServiceHandler(Redemption& redemption) : redemption_(redemption) {}

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

 private:
  Redemption& redemption_;
};

class RedemptionAdminHandler final : public v1::RedemptionAdminService::Service {
 public:
  RedemptionAdminHandler(BurnTermsBook& terms, Redemption& redemption)
      : terms_(terms), redemption_(redemption) {}

  grpc::Status PublishBurnTerms(grpc::ServerContext* context,
                                const v1::PublishBurnTermsRequest* request,
                                v1::BurnTerms* response) override;
  grpc::Status ListBurnTerms(grpc::ServerContext* context, const v1::ListBurnTermsRequest* request,
                             v1::ListBurnTermsResponse* response) override;
  grpc::Status ReleaseExpiredHolds(grpc::ServerContext* context,
                                   const v1::ReleaseExpiredHoldsRequest* request,
                                   v1::ReleaseExpiredHoldsResponse* response) override;

 private:
  BurnTermsBook& terms_;
  Redemption& redemption_;
};

}  // namespace coalition::redemption
