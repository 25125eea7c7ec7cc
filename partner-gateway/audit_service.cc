#include "partner-gateway/audit_service.h"

#include "services/common/grpc_reply.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {

grpc::Status AuditServiceHandler::ListAuditRecords(grpc::ServerContext* context,
                                                   const v1::ListAuditRecordsRequest* request,
                                                   v1::ListAuditRecordsResponse* response) {
  const auto list = [&]() -> absl::StatusOr<v1::ListAuditRecordsResponse> {
    ASSIGN_OR_RETURN(const Identity who, authenticator_.Identify(*context));
    if (who.role != Role::kOperator) {
      return absl::PermissionDeniedError("the audit log is the operator's only");
    }
    return log_.List(*request);
  };
  return Reply(list(), response);
}

}  // namespace coalition::gateway
