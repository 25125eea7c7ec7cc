// The gateway's one service: everything it serves goes through here. Every call (unary, or
// streaming answers) is
//   authenticated (client certificate or API key), rate-limited (per identity), authorised (role
//   and method) and checked (a partner acts only as itself); a stream is also capped (open
//   streams per identity and in all);
//   scoped: a partner, or a partner's mobile backend, reads only members related to that partner;
// then forwarded to the internal service with the caller named by the gateway, never by the
// client, and a deadline -- or, for the gateway's own services (AccessService, AuditService),
// answered in-process (hosted_services.h). Every mutating call by a known caller, refused or
// not, is audited (call_audit.h says how) before it is answered.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/generic/generic_stub.h"
#include "partner-gateway/grpc/authenticator.h"
#include "partner-gateway/grpc/call_audit.h"
#include "partner-gateway/grpc/hosted_services.h"
#include "partner-gateway/store/mobile_backends.h"
#include "partner-gateway/rate_limiter.h"
#include "partner-gateway/routes.h"
#include "services/common/stream_limits.h"

namespace coalition::gateway {

class GatewayProxy final : public grpc::CallbackGenericService {
 public:
  // `backends` by Backend: account, earning, redemption, settlement.
  GatewayProxy(Authenticator& authenticator, MobileBackends& mobiles, RateLimiter& limiter,
               StreamLimits& streams, CallAudit& audit, const HostedServices& hosted,
               std::array<std::shared_ptr<grpc::Channel>, 4> backends,
               absl::Duration default_deadline);

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

  Authenticator& authenticator() { return authenticator_; }
  // The partner whose members `who` may read; nullopt for any member. PERMISSION_DENIED for a
  // mobile backend the operator never registered.
  absl::StatusOr<std::optional<std::string>> MemberScope(const Identity& who);
  RateLimiter& limiter() { return limiter_; }
  // Open server-streaming calls, capped per identity and in all.
  StreamLimits& streams() { return streams_; }
  CallAudit& audit() { return audit_; }
  const HostedServices& hosted() const { return hosted_; }
  // A forwarding backend's; never kGateway.
  grpc::GenericStub& stub(Backend backend) { return *stubs_.at(static_cast<size_t>(backend)); }
  absl::Duration default_deadline() const { return default_deadline_; }

 private:
  Authenticator& authenticator_;
  MobileBackends& mobiles_;
  RateLimiter& limiter_;
  StreamLimits& streams_;
  CallAudit& audit_;
  const HostedServices& hosted_;
  std::array<std::unique_ptr<grpc::GenericStub>, 4> stubs_;
  const absl::Duration default_deadline_;
};

}  // namespace coalition::gateway
