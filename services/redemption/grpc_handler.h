// Thin gRPC handler of the redemption service.
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

 private:
  Redemption& redemption_;
};

}  // namespace coalition::redemption
