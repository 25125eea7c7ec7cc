// The audit log's read side, served by the gateway itself to the operator only.
#pragma once

#include "coalition/gateway/v1/audit.grpc.pb.h"
#include "partner-gateway/audit_log.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

class AuditServiceHandler final : public v1::AuditService::Service {
 public:
  AuditServiceHandler(AuditLog& log, const CertificateVerifier& verifier)
      : log_(log), verifier_(verifier) {}

  grpc::Status ListAuditRecords(grpc::ServerContext* context,
                                const v1::ListAuditRecordsRequest* request,
                                v1::ListAuditRecordsResponse* response) override;

 private:
  AuditLog& log_;
  const CertificateVerifier& verifier_;
};

}  // namespace coalition::gateway
