// Thin gRPC handler of the settlement service.
#pragma once

#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "settlement/settlement.h"

namespace coalition::settlement {

class SettlementServiceHandler final : public v1::SettlementService::Service {
 public:
  explicit SettlementServiceHandler(Settlement& settlement) : settlement_(settlement) {}

  grpc::Status GetStatement(grpc::ServerContext* context, const v1::GetStatementRequest* request,
                            v1::Statement* response) override;

 private:
  Settlement& settlement_;
};

}  // namespace coalition::settlement
