#include "partner-gateway/proxy.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "partner-gateway/bad_request.h"
#include "partner-gateway/forward_call.h"
#include "partner-gateway/request_checks.h"
#include "services/common/call_context.h"
#include "services/common/fingerprint.h"
#include "services/common/grpc_status.h"
#include "services/common/log.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {
namespace {

// Reads answer from GetX, ListX, QuoteX and WatchX; everything else changes something.
bool IsMutating(const std::string& method) {
  const std::string name = method.substr(method.rfind('/') + 1);
  for (const char* read : {"Get", "List", "Quote", "Watch"}) {
    if (absl::StartsWith(name, read)) return false;
  }
  return true;
}

// One unary call: read the request, check it, forward it, write the answer.
class UnaryForward final : public ForwardCall {
 public:
  UnaryForward(grpc::GenericCallbackServerContext* context, GatewayProxy& gateway)
      : ForwardCall(context, gateway) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "request: no message"));
      return;
    }
    const absl::StatusOr<Backend> backend = Admit(gateway_.default_deadline());
    if (!backend.ok()) {
      Answer(ToGrpc(backend.status()));
      return;
    }
    gateway_.stub(*backend).UnaryCall(&upstream_, context_->method(), {}, &request_, &response_,
                                      [this](grpc::Status status) { Answer(status); });
  }

  void OnDone() override { delete this; }
  void OnCancel() override { upstream_.TryCancel(); }

 private:
  // Audits a mutating call by a known caller, then answers it.
  void Answer(const grpc::Status& status) {
    // A flood refused by the rate limit is not written: the shared chain would let one partner's
    // flood slow everyone's audited calls; nothing of such a call reached the services.
    if (who_ && IsMutating(context_->method()) && !rate_limited_) {
      gateway_.audit().AppendCall(*who_, context_->method(), Bytes(request_), status.error_code());
    }
    if (status.ok()) {
      StartWriteAndFinish(&response_, {}, status);
    } else {
      Finish(WithBadRequestDetails(status));
    }
  }

  grpc::ByteBuffer response_;
};

}  // namespace

grpc::Status ToGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

absl::StatusOr<Backend> ForwardCall::Admit(absl::Duration default_deadline) {
  const std::string& method = context_->method();
  ASSIGN_OR_RETURN(const Identity who, gateway_.authenticator().Identify(*context_));
  who_ = who;
  if (const absl::Duration wait = gateway_.limiter().Take(who.caller);
      wait > absl::ZeroDuration()) {
    const int64_t wait_ms = absl::ToInt64Milliseconds(wait);
    rate_limited_ = true;
    context_->AddTrailingMetadata("retry-after-ms", std::to_string(wait_ms));
    return absl::ResourceExhaustedError(absl::StrCat(
        "rate limit: '", who.caller, "' is over its calls per second; retry in ", wait_ms, " ms"));
  }
  ASSIGN_OR_RETURN(const Backend backend, Authorize(method, who));
  if (IsClientStreaming(method)) {
    return absl::UnimplementedError(
        absl::StrCat(method, " streams requests; the gateway forwards only single requests"));
  }
  RETURN_IF_ERROR(CheckRequest(method, Bytes(request_), who));
  ASSIGN_OR_RETURN(const std::optional<std::string> scope, gateway_.MemberScope(who));
  // The caller is who the certificate says, whatever the client's own metadata claims.
  const absl::Time deadline = context_->deadline() == std::chrono::system_clock::time_point::max()
                                  ? absl::Now() + default_deadline
                                  : absl::FromChrono(context_->deadline());
  PrepareCall(upstream_, who.caller, deadline - absl::Now());
  if (scope) upstream_.AddMetadata(std::string(kMemberScopeMetadataKey), *scope);
  return backend;
}

GatewayProxy::GatewayProxy(Authenticator& authenticator, MobileBackends& mobiles,
                           RateLimiter& limiter, AuditLog& audit,
                           std::array<std::shared_ptr<grpc::Channel>, 4> backends,
                           absl::Duration default_deadline)
    : authenticator_(authenticator),
      mobiles_(mobiles),
      limiter_(limiter),
      audit_(audit),
      default_deadline_(default_deadline) {
  for (size_t i = 0; i < backends.size(); ++i) {
    stubs_[i] = std::make_unique<grpc::GenericStub>(backends[i]);
  }
}

absl::StatusOr<std::optional<std::string>> GatewayProxy::MemberScope(const Identity& who) {
  switch (who.role) {
    case Role::kOperator:
      return std::nullopt;
    case Role::kPartner:
      return who.id;
    case Role::kMobile:
      break;
  }
  ASSIGN_OR_RETURN(const std::optional<v1::MobileBackend> backend, mobiles_.Find(who.id));
  if (!backend) {
    return absl::PermissionDeniedError(
        absl::StrCat("mobile backend '", who.caller,
                     "' may see no members until the operator registers it "
                     "(AccessService.SetMobileBackend)"));
  }
  if (backend->all_members()) return std::nullopt;
  return backend->members_of_partner_id();
}

grpc::ServerGenericBidiReactor* GatewayProxy::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  if (IsServerStreaming(context->method()) && !IsClientStreaming(context->method())) {
    return NewStreamForward(context, *this);
  }
  return new UnaryForward(context, *this);
}

}  // namespace coalition::gateway
