// The services the gateway serves itself, AccessService and AuditService (the operator's), called
// in-process once a call has passed the same admission as a forwarded one (proxy.h): identity,
// rate limit, role and the request's checks. They are not registered with the gRPC server, so
// nothing reaches them around that admission.
//
//   HostedServices hosted(access, audit_log);
//   ASSIGN_OR_RETURN(std::string response_bytes, hosted.Call(method, who, request_bytes));
#pragma once

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "partner-gateway/grpc/access_service.h"
#include "partner-gateway/store/audit_log.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

class HostedServices {
 public:
  HostedServices(AccessService& access, AuditLog& audit);

  // The answer's bytes. UNIMPLEMENTED for a method neither service has.
  absl::StatusOr<std::string> Call(const std::string& method, const Identity& who,
                                   const std::string& request_bytes) const;

  using Method =
      std::function<absl::StatusOr<std::string>(const Identity& who, const std::string& request)>;

 private:
  absl::flat_hash_map<std::string, Method> methods_;  // by "/package.Service/Method"
};

}  // namespace coalition::gateway
