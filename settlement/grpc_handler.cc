#include "settlement/grpc_handler.h"

#include "services/common/grpc_reply.h"

namespace coalition::settlement {

grpc::Status SettlementServiceHandler::GetStatement(grpc::ServerContext*,
                                                    const v1::GetStatementRequest* request,
                                                    v1::Statement* response) {
  return Reply(settlement_.GetStatement(*request), response);
}

}  // namespace coalition::settlement
