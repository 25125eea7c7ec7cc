// Thin gRPC handler of the earning service.
#pragma once

#include "coalition/earning/v1/earning.grpc.pb.h"
#include "services/earning/earning.h"

namespace coalition::earning {

class EarningServiceHandler final : public v1::EarningService::Service {
 public:
  explicit EarningServiceHandler(Earning& earning) : earning_(earning) {}

  grpc::Status RecordPurchase(grpc::ServerContext* context,
                              const v1::RecordPurchaseRequest* request,
                              v1::Purchase* response) override;

 private:
  Earning& earning_;
};

}  // namespace coalition::earning
