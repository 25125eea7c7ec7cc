// The audit log's read side, served by the gateway itself to the operator only.
#pragma once

#include "coalition/gateway/v1/audit.grpc.pb.h"
#include "partner-gateway/audit_log.h"
#include "partner-gateway/authenticator.h"

namespace coalition::gateway {

class AuditServiceHandler final : public v1::AuditService::Service {
 public:
  AuditServiceHandler(AuditLog& log, Authenticator& authenticator)
      : log_(log), authenticator_(authenticator) {}

  grpc::Status ListAuditRecords(grpc::ServerContext* context,
                                const v1::ListAuditRecordsRequest* request,
                                v1::ListAuditRecordsResponse* response) override;

 private:
  AuditLog& log_;
  Authenticator& authenticator_;
};

}  // namespace coalition::gateway
