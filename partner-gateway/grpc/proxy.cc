#include "partner-gateway/grpc/proxy.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/alarm.h"
#include "partner-gateway/grpc/bad_request.h"
#include "partner-gateway/grpc/forward_call.h"
#include "partner-gateway/request_checks.h"
#include "services/common/grpc/call_context.h"
#include "services/common/fingerprint.h"
#include "services/common/grpc/grpc_status.h"
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

// One unary call: read the request, check it, forward it (or answer it here), write the answer.
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
      if (const std::optional<RetryAfter> retry = RetryAfterOf(backend.status());
          retry && retry->hold) {
        // Calling again without waiting: the answer waits instead, so a flood's clients wait on
        // their own calls rather than have the gateway refuse them as fast as they can send.
        held_ = ToGrpc(backend.status());
        hold_.Set(std::chrono::system_clock::now() + std::chrono::milliseconds(retry->ms),
                  [this](bool) { Answer(held_); });
        return;
      }
      Answer(ToGrpc(backend.status()));
      return;
    }
    if (*backend == Backend::kGateway) {
      const absl::StatusOr<std::string> answer =
          gateway_.hosted().Call(context_->method(), *who_, Bytes(request_));
      if (answer.ok()) {
        grpc::Slice slice(*answer);
        response_ = grpc::ByteBuffer(&slice, 1);
      }
      Answer(ToGrpc(answer.status()));
      return;
    }
    gateway_.stub(*backend).UnaryCall(&upstream_, context_->method(), {}, &request_, &response_,
                                      [this](grpc::Status status) { Answer(status); });
  }

  void OnDone() override { delete this; }
  void OnCancel() override { upstream_.TryCancel(); }

 private:
  // Audits a mutating call by a known caller, then answers it. Only methods the API has are
  // audited: a method name is the client's to make up, and each would be a kind of its own.
  void Answer(const grpc::Status& status) {
    const std::string& method = context_->method();
    if (who_ && IsMutating(method) && IsApiMethod(method)) {
      gateway_.audit().Record(*who_, method, Bytes(request_), status.error_code());
    }
    if (status.ok()) {
      StartWriteAndFinish(&response_, {}, status);
    } else {
      Finish(WithBadRequestDetails(status));
    }
  }

  grpc::ByteBuffer response_;
  grpc::Status held_;  // a refusal answered when `hold_` goes off
  grpc::Alarm hold_;
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
  absl::StatusOr<Backend> admitted = Check(default_deadline);
  if (const std::optional<RetryAfter> retry = RetryAfterOf(admitted.status())) {
    context_->AddTrailingMetadata("retry-after-ms", std::to_string(retry->ms));
  }
  return admitted;
}

absl::StatusOr<Backend> ForwardCall::Check(absl::Duration default_deadline) {
  const std::string& method = context_->method();
  ASSIGN_OR_RETURN(const Identity who, gateway_.authenticator().Identify(*context_));
  who_ = who;
  if (const RateLimiter::Result taken = gateway_.limiter().Take(who.caller);
      taken.wait > absl::ZeroDuration()) {
    return OverLimit(absl::StrCat("rate limit: '", who.caller, "' is over its calls per second"),
                     taken);
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
                           RateLimiter& limiter, StreamLimits& streams, CallAudit& audit,
                           const HostedServices& hosted,
                           std::array<std::shared_ptr<grpc::Channel>, 4> backends,
                           absl::Duration default_deadline)
    : authenticator_(authenticator),
      mobiles_(mobiles),
      limiter_(limiter),
      streams_(streams),
      audit_(audit),
      hosted_(hosted),
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
